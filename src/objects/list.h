/* list: 40-byte object + separately allocated item array, over-allocated as
 * CPython 3.11 does (getsizeof([]) == 56; list(range(4)) == 88). A freelist
 * keeps up to 80 list shells. */
#ifndef PH_OBJECTS_LIST_H
#define PH_OBJECTS_LIST_H

#include "mem/object.h"

typedef struct PhList {
    PhVarObject ob;   /* size = number of items */
    PhObject **items; /* capacity `allocated`; NULL when allocated == 0 */
    ssize_t allocated;
} PhList;

#define LIST_ITEMS(o) (((PhList *)(o))->items)
#define LIST_LEN(o) (((PhVarObject *)(o))->size)
#define LIST_GET(o, i) (((PhList *)(o))->items[i])

extern const PhType list_type_template;

/* A list of n NULL items (fill with LIST_SET), tracked. */
PhObject *list_new(PhState *S, ssize_t n);
static inline void LIST_SET(PhObject *l, ssize_t i, PhObject *v) { ((PhList *)l)->items[i] = v; }
int list_append(PhState *S, PhObject *list, PhObject *v); /* new reference taken to v */
int list_extend(PhState *S, PhObject *list, PhObject *iterable);
PhObject *list_from_iterable(PhState *S, PhObject *iterable);
PhObject *list_as_tuple(PhState *S, PhObject *list);
int list_sort(PhState *S, PhObject *list, PhObject *key, bool reverse); /* stable */
void list_freelist_clear(PhState *S);

#endif
