/* int: construction, the small-int cache and deallocation. */
#include "int.h"

#include "vm/state.h"

#include <stddef.h>

static void int_dealloc(PhState *S, PhObject *o) { obj_free(S, o); }

const PhType int_type_template = {
    .name = "int",
    .basicsize = offsetof(PhInt, digits),
    .itemsize = sizeof(int_digit),
    .dealloc = int_dealloc,
};

static ssize_t abs_size(ssize_t n) { return n < 0 ? -n : n; }

PhInt *int_alloc(PhState *S, ssize_t ndigits)
{
    PhType *t = &S->types.int_;
    ssize_t n = ndigits > 0 ? ndigits : 1; /* 3.11 always owns a digit */
    PhInt *v = (PhInt *)obj_alloc(S, t, type_object_size(t, n));
    if (!v) return NULL;
    v->ob.size = ndigits;
    v->digits[0] = 0;
    return v;
}

static void int_set_i64(PhInt *v, int64_t value)
{
    uint64_t mag = value < 0 ? 0 - (uint64_t)value : (uint64_t)value;
    ssize_t n = 0;
    while (mag) {
        v->digits[n++] = (int_digit)(mag & INT_MASK);
        mag >>= INT_SHIFT;
    }
    v->ob.size = value < 0 ? -n : n;
}

static ssize_t digits_for(int64_t value)
{
    uint64_t mag = value < 0 ? 0 - (uint64_t)value : (uint64_t)value;
    ssize_t n = 0;
    for (; mag; mag >>= INT_SHIFT) n++;
    return n;
}

PhObject *int_from_i64(PhState *S, int64_t value)
{
    if (value >= INT_SMALL_MIN && value <= INT_SMALL_MAX) {
        PhObject *o = S->small_ints[value - INT_SMALL_MIN];
        obj_incref(o);
        return o;
    }
    PhInt *v = int_alloc(S, digits_for(value));
    if (!v) return NULL;
    int_set_i64(v, value);
    return (PhObject *)v;
}

int64_t int_as_i64(const PhObject *o, int *overflow)
{
    const PhInt *v = (const PhInt *)o;
    ssize_t n = abs_size(v->ob.size);
    uint64_t mag = 0;
    *overflow = 0;
    for (ssize_t i = n - 1; i >= 0; i--) {
        if (mag > (UINT64_MAX >> INT_SHIFT)) {
            *overflow = 1;
            return 0;
        }
        mag = (mag << INT_SHIFT) | v->digits[i];
    }
    if (v->ob.size < 0) {
        if (mag > (uint64_t)INT64_MAX + 1) *overflow = 1;
        return (int64_t)(0 - mag);
    }
    if (mag > (uint64_t)INT64_MAX) *overflow = 1;
    return (int64_t)mag;
}

size_t int_sizeof(const PhObject *o)
{
    ssize_t n = abs_size(((const PhVarObject *)o)->size);
    return type_object_size(o->type, n > 0 ? n : 1);
}

/* The cache objects are allocated one after another from a fresh pool of
 * the 32-byte class, so, as in CPython, id(n + 1) - id(n) == 32. */
int int_cache_init(PhState *S)
{
    for (int i = 0; i < INT_NSMALL; i++) {
        int64_t value = INT_SMALL_MIN + i;
        PhInt *v = int_alloc(S, digits_for(value));
        if (!v) return -1;
        int_set_i64(v, value);
        v->ob.ob.refcnt = OBJ_STATIC_REFCNT;
        S->small_ints[i] = (PhObject *)v;
    }
    return 0;
}

void int_cache_fini(PhState *S)
{
    for (int i = 0; i < INT_NSMALL; i++) {
        if (S->small_ints[i]) obj_free(S, S->small_ints[i]);
        S->small_ints[i] = NULL;
    }
}
