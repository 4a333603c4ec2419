/* str: compact Unicode strings in CPython 3.11's layout, and interning.
 *
 *   ASCII:     PhStr (48 B)        + len + 1 bytes          (getsizeof('a') == 50)
 *   otherwise: PhStrCompact (72 B) + (len + 1) * kind bytes (kind = 1, 2 or 4)
 *
 * Interning follows 3.11: interned strings are mortal and the interning
 * table's references are not counted, so a string leaves the table when its
 * last counted reference goes.
 */
#ifndef PH_OBJECTS_STR_H
#define PH_OBJECTS_STR_H

#include "mem/object.h"

#include <stdint.h>
#include <string.h>

enum { STR_NOT_INTERNED = 0, STR_INTERNED_MORTAL = 1, STR_INTERNED_IMMORTAL = 2 };

typedef struct PhStr {
    PhObject ob;
    ssize_t length; /* code points */
    int64_t hash;   /* -1 until computed */
    struct {
        unsigned interned : 2;
        unsigned kind : 3; /* 1, 2 or 4 bytes per code point */
        unsigned compact : 1;
        unsigned ascii : 1;
        unsigned ready : 1;
    } state;
    void *reserved_wstr; /* 3.11's wstr pointer: always NULL, kept so sizes match */
} PhStr;

typedef struct PhStrCompact {
    PhStr base;
    ssize_t utf8_length;
    char *utf8;
    ssize_t reserved_wstr_length;
} PhStrCompact;

extern const PhType str_type_template;

/* The interning table: open addressing over string objects, keyed by
 * content. Slots hold borrowed pointers (the table's references are not
 * counted); a string removes itself when it is deallocated. */
typedef struct StrTable {
    PhObject **slots;
    size_t capacity;
    size_t used;
    size_t filled;
} StrTable;

int str_init(PhState *S);
void str_fini(PhState *S);

static inline void *str_data(const PhObject *o)
{
    const PhStr *s = (const PhStr *)o;
    return s->state.ascii ? (void *)(s + 1) : (void *)((const PhStrCompact *)o + 1);
}
static inline ssize_t str_len(const PhObject *o) { return ((const PhStr *)o)->length; }
static inline int str_kind(const PhObject *o) { return ((const PhStr *)o)->state.kind; }

PhObject *str_alloc(PhState *S, ssize_t length, uint32_t maxchar);
PhObject *str_from_utf8(PhState *S, const char *utf8, size_t nbytes);
PhObject *str_from_utf8_fresh(PhState *S, const char *utf8, size_t nbytes);
static inline PhObject *str_from_cstr(PhState *S, const char *s)
{
    return str_from_utf8(S, s, strlen(s));
}
int64_t str_hash(PhObject *o);
bool str_equal(const PhObject *a, const PhObject *b);
int str_intern_in_place(PhState *S, PhObject **p);
size_t str_sizeof(const PhObject *o);
/* SipHash-1-3 with a zero key: equals CPython's hash with PYTHONHASHSEED=0. */
int64_t hash_bytes(const void *data, size_t len);

#endif
