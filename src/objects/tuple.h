/* tuple: PhVarObject + inline item array (getsizeof((1,)) == 48).
 * Freelist for sizes 1..20 (2000 each) as in 3.11; () is a singleton in the
 * state. Tuples are tracked at creation and untracked lazily by the
 * collector when every item is untracked. */
#ifndef PH_OBJECTS_TUPLE_H
#define PH_OBJECTS_TUPLE_H

#include "mem/object.h"

typedef struct PhTuple {
    PhVarObject ob;
    PhObject *items[1];
} PhTuple;

#define TUPLE_ITEMS(o) (((PhTuple *)(o))->items)
#define TUPLE_LEN(o) (((PhVarObject *)(o))->size)
#define TUPLE_GET(o, i) (((PhTuple *)(o))->items[i])

extern const PhType tuple_type_template;

/* A tuple of n NULL items (fill with TUPLE_SET), tracked; n == 0 gives (). */
PhObject *tuple_new(PhState *S, ssize_t n);
/* Stores v (stealing the reference) into a freshly made tuple. */
static inline void TUPLE_SET(PhObject *t, ssize_t i, PhObject *v) { ((PhTuple *)t)->items[i] = v; }
/* New tuple holding new references to items[0..n). */
PhObject *tuple_from_array(PhState *S, PhObject *const *items, ssize_t n);
/* tuple_pack(S, 2, a, b): borrowed arguments, new references stored. */
PhObject *tuple_pack(PhState *S, ssize_t n, ...);
PhObject *tuple_from_iterable(PhState *S, PhObject *iterable);
int tuple_maybe_untrack(PhObject *t);
void tuple_freelist_clear(PhState *S);
/* Empties the tuple, list and dict freelists (CPython clears them at the end
 * of every full collection): containers_init installs it as the collector's
 * clear_freelists hook when that hook is still free. */
void containers_clear_freelists(PhState *S);

#endif
