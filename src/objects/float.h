/* float: CPython 3.11's PyFloatObject (16-byte header + double = 24 bytes).
 *
 * A freelist keeps up to 100 dead exact floats for reuse, as 3.11 does
 * (emptied by full collections and at shut-down). A float on the freelist
 * keeps its type pointer and has refcnt 0; the list is linked through the
 * bytes of its value.
 */
#ifndef PH_OBJECTS_FLOAT_H
#define PH_OBJECTS_FLOAT_H

#include "mem/object.h"

#include <stdbool.h>
#include <stddef.h>

typedef struct PhFloat {
    PhObject ob;
    double value;
} PhFloat;

#define FLOAT_MAXFREELIST 100

extern const PhType float_type_template;
extern const PhNumberMethods float_as_number;

static inline double float_value(const PhObject *o) { return ((const PhFloat *)o)->value; }
/* float or a float subclass. */
bool float_check(PhState *S, const PhObject *o);

/* New exact float (from the freelist when possible); NULL with MemoryError. */
PhObject *float_from_double(PhState *S, double v);
/* Empties the float freelist (full collections, shut-down). */
void float_freelist_clear(PhState *S);

/* CPython's PyFloat_AsDouble: a float's value, else __float__, else
 * __index__; TypeError "must be real number, not X". -1.0 with an exception
 * on failure (check err_occurred). */
double float_as_double(PhState *S, PhObject *o);
/* float(x) as the float type's constructor does (x NULL: 0.0). */
PhObject *float_from_object(PhState *S, PhObject *x);
/* Parses text as float() does (white space, underscores between digits,
 * inf/infinity/nan in any case). Returns 0 and sets *out; -1 without an
 * exception when the text is not a float literal; -2 with MemoryError. */
int float_parse(PhState *S, const char *s, size_t len, double *out);

/* repr(float): the shortest string that reads back as v, in Python's
 * layout ('0.1', '1e+16', '1e-05', 'inf', '-0.0'). Writes at most 32 bytes
 * including the NUL and returns the length. */
int float_repr_buf(double v, char *buf);
PhObject *float_repr(PhState *S, PhObject *o);

/* hash() of a double (CPython's _Py_HashDouble); obj is the float object
 * whose address hashes a NaN. */
int64_t float_hash_double(double v, const PhObject *obj);

/* a ** b [% m] as the float slot does: ints and floats mixed; m must be
 * NULL or None. */
PhObject *float_pow(PhState *S, PhObject *a, PhObject *b, PhObject *m);
/* round(x, ndigits) for a double, correctly rounded from the exact binary
 * value, half to even. */
PhObject *float_round_ndigits(PhState *S, double x, int64_t ndigits);

#endif
