/* complex: CPython 3.11's PyComplexObject, a 16-byte header and two
 * doubles (getsizeof(1j) == 32), with 3.11's arithmetic, repr, hash,
 * parsing and formatting.
 *
 * Invariants: a complex object is immutable and not a container (no GC
 * header). The exact type has no freelist in 3.11, so every result is a
 * fresh object; `+c` and `complex(c)` of an exact complex return c itself.
 */
#ifndef PH_OBJECTS_COMPLEXOBJECT_H
#define PH_OBJECTS_COMPLEXOBJECT_H

#include "mem/object.h"

#include <stdbool.h>
#include <stdint.h>

typedef struct PhComplex {
    PhObject ob;
    double real, imag;
} PhComplex;

/* A complex value in C, for the arithmetic helpers below. */
typedef struct PhCValue {
    double real, imag;
} PhCValue;

extern const PhType complex_type_template;

static inline double complex_real(const PhObject *o) { return ((const PhComplex *)o)->real; }
static inline double complex_imag(const PhObject *o) { return ((const PhComplex *)o)->imag; }
/* complex or a complex subclass. */
bool complex_check(PhState *S, const PhObject *o);

/* New exact complex; NULL with MemoryError. */
PhObject *complex_from_doubles(PhState *S, double real, double imag);

/* ---- arithmetic on values (CPython's _Py_c_* functions) ----------------------------
 * The error result says what CPython's errno would: 0 none, COMPLEX_EDOM (a
 * zero divisor, 0 to a negative or complex power, or a libm domain error),
 * COMPLEX_ERANGE (an infinite result from finite operands, abs overflow). */
enum { COMPLEX_OK = 0, COMPLEX_EDOM = 1, COMPLEX_ERANGE = 2 };
/* a / b by Smith's method, scaling by the larger part of b. */
PhCValue complex_c_quot(PhCValue a, PhCValue b, int *err);
/* a ** b: repeated squaring for integral exponents |b| <= 100, else polar
 * form (hypot, pow, atan2, exp, log, cos, sin). */
PhCValue complex_c_pow(PhCValue a, PhCValue b, int *err);
/* |z| with C99's special values (an infinite part wins over a NaN). */
double complex_c_abs(PhCValue z, int *err);

/* hash(): hash(real) + 1000003 * hash(imag) in unsigned arithmetic, -1
 * becomes -2. obj hashes NaN parts by identity, as float does. */
int64_t complex_hash_values(double real, double imag, const PhObject *obj);

/* The ** slot, exported because float's ** hands a negative base with a
 * fractional exponent to it (CPython does the same). a and b are ints,
 * floats or complexes; m must be NULL or None. */
PhObject *complex_pow(PhState *S, PhObject *a, PhObject *b, PhObject *m);

/* repr()/str(): '1j', '(1+2j)', '(-0-1j)', '(nan+infj)'. */
PhObject *complex_repr(PhState *S, PhObject *o);
/* The same text without allocating (for inspectors): writes at most
 * COMPLEX_REPR_MAX bytes including the NUL; returns the length. */
#define COMPLEX_REPR_MAX 72
int complex_repr_buf(double real, double imag, char *buf);

/* Parses text as complex(str) does (after any '_' has been removed):
 * white space, optional parentheses, '<float>', '<float>j',
 * '<float><signed float>j', and the old forms 'j', '+j', '1-j'. Returns 0
 * and sets *real, *imag, or -1 (no exception) when malformed. s[len] must
 * be a NUL (the number reader may look at the byte after the text). */
int complex_parse(const char *s, size_t len, double *real, double *imag);

#endif
