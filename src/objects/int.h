/* int: arbitrary-precision integers in CPython 3.11's layout.
 *
 *   PhVarObject (24 B) + 30-bit digits stored in uint32_t, least significant
 *   first. size = number of digits, negative for negative numbers, 0 for zero
 *   (which still owns one digit, as in 3.11: getsizeof(0) == 28).
 *
 * Ints in [-5, 256] are cached in the interpreter state; creating one of
 * them returns the cached object with a new reference.
 */
#ifndef PH_OBJECTS_INT_H
#define PH_OBJECTS_INT_H

#include "mem/object.h"

#include <stdint.h>

typedef uint32_t int_digit;
#define INT_SHIFT 30
#define INT_BASE ((int_digit)1 << INT_SHIFT)
#define INT_MASK (INT_BASE - 1)

#define INT_SMALL_MIN (-5)
#define INT_SMALL_MAX 256
#define INT_NSMALL (INT_SMALL_MAX - INT_SMALL_MIN + 1) /* 262 */

/* CPython 3.11 initialises its static singletons with this count
 * (_PyObject_IMMORTAL_INIT); increments and decrements still apply. */
#define OBJ_STATIC_REFCNT 999999999

typedef struct PhInt {
    PhVarObject ob;
    int_digit digits[1];
} PhInt;

extern const PhType int_type_template;

/* Creates the small-int cache; -1 if memory ran out. */
int int_cache_init(PhState *S);
void int_cache_fini(PhState *S);

/* New reference; NULL (MemoryError) on failure. */
PhObject *int_from_i64(PhState *S, int64_t v);
/* Allocates an int with room for ndigits digits (at least one). */
PhInt *int_alloc(PhState *S, ssize_t ndigits);
/* Value as int64; sets *overflow when it does not fit. */
int64_t int_as_i64(const PhObject *o, int *overflow);
/* CPython 3.11's int.__sizeof__. */
size_t int_sizeof(const PhObject *o);

#endif
