/* int: arbitrary-precision integers in CPython 3.11's layout.
 *
 *   PhVarObject (24 B) + 30-bit digits stored in uint32_t, least significant
 *   first. size = number of digits, negative for negative numbers, 0 for zero
 *   (which still owns one digit, as in 3.11: getsizeof(0) == 28).
 *
 * Invariants:
 *   - An int is normalised: its most significant digit is not zero.
 *   - Ints in [-5, 256] are cached in the interpreter state. Every operation
 *     whose exact-int result lies in that range returns the cached object
 *     (with a new reference), never a fresh one.
 *   - bool is a subtype with the same layout (True: size 1, digit 1).
 *
 * Unless a comment says otherwise, functions taking PhObject* operands accept
 * any int (int, bool or an int subclass: int_check) and return a new
 * reference to an exact int, or NULL with an exception set.
 */
#ifndef PH_OBJECTS_INT_H
#define PH_OBJECTS_INT_H

#include "args.h"
#include "mem/object.h"

#include <stdbool.h>
#include <stdint.h>

typedef uint32_t int_digit;
#define INT_SHIFT 30
#define INT_BASE ((int_digit)1 << INT_SHIFT)
#define INT_MASK (INT_BASE - 1)

#define INT_SMALL_MIN (-5)
#define INT_SMALL_MAX 256
#define INT_NSMALL (INT_SMALL_MAX - INT_SMALL_MIN + 1) /* 262 */

/* CPython 3.11's default for sys.set_int_max_str_digits(), and the
 * smallest non-zero value it accepts. */
#define INT_MAX_STR_DIGITS_DEFAULT 4300
#define INT_MAX_STR_DIGITS_THRESHOLD 640

/* CPython 3.11 initialises its static singletons with this count
 * (_PyObject_IMMORTAL_INIT); increments and decrements still apply. */
#define OBJ_STATIC_REFCNT 999999999

typedef struct PhInt {
    PhVarObject ob;
    int_digit digits[1];
} PhInt;

extern const PhType int_type_template;
extern const PhType bool_type_template;
/* The number slots shared by int and bool (bool's &, |, ^ keep bools). */
extern const PhNumberMethods int_as_number;
extern const PhNumberMethods bool_as_number;
/* int's hash and rich comparison slots (bool shares them). */
int64_t int_hash_slot(PhState *S, PhObject *o);
PhObject *int_richcompare(PhState *S, PhObject *a, PhObject *b, int op);

/* int, bool and int subclasses (CPython's PyLong_Check). */
static inline bool int_check(const PhObject *o)
{
    return (o->type->flags & TPFLAG_LONG_SUBCLASS) != 0;
}
static inline ssize_t int_ndigits(const PhObject *o)
{
    ssize_t n = ((const PhVarObject *)o)->size;
    return n < 0 ? -n : n;
}
/* -1, 0 or 1. */
static inline int int_sign(const PhObject *o)
{
    ssize_t n = ((const PhVarObject *)o)->size;
    return n < 0 ? -1 : n > 0;
}

/* ---- the cache and construction ------------------------------------------- */

/* Creates the small-int cache; -1 if memory ran out. */
int int_cache_init(PhState *S);
void int_cache_fini(PhState *S);

/* New reference; NULL with MemoryError on failure. */
PhObject *int_from_i64(PhState *S, int64_t v);
PhObject *int_from_u64(PhState *S, uint64_t v);
/* Allocates an int with room for ndigits digits (at least one); NULL
 * without an exception when memory ran out. */
PhInt *int_alloc(PhState *S, ssize_t ndigits);
/* Value as int64; sets *overflow (1) when it does not fit (the result is
 * then 0). */
int64_t int_as_i64(const PhObject *o, int *overflow);
/* Value as ssize_t; OverflowError "Python int too large to convert to C
 * ssize_t" and -1 when it does not fit. */
ssize_t int_as_ssize(PhState *S, PhObject *o);
/* CPython 3.11's int.__sizeof__. */
size_t int_sizeof(const PhObject *o);
/* An exact int equal to o (o itself for an exact int). */
PhObject *int_exact(PhState *S, PhObject *o);

/* ---- arithmetic (both operands ints) --------------------------------------- */
PhObject *int_add(PhState *S, PhObject *a, PhObject *b);
PhObject *int_sub(PhState *S, PhObject *a, PhObject *b);
PhObject *int_mul(PhState *S, PhObject *a, PhObject *b);
/* Floor division and modulo with Python's signs; ZeroDivisionError
 * "integer division or modulo by zero". */
PhObject *int_floordiv(PhState *S, PhObject *a, PhObject *b);
PhObject *int_mod(PhState *S, PhObject *a, PhObject *b);
int int_divmod(PhState *S, PhObject *a, PhObject *b, PhObject **q, PhObject **r);
/* a / b correctly rounded to a float object. */
PhObject *int_true_divide(PhState *S, PhObject *a, PhObject *b);
/* a ** b, or pow(a, b, m) when m is an int (NULL or None: no modulus).
 * A negative b without a modulus gives a float. */
PhObject *int_pow(PhState *S, PhObject *a, PhObject *b, PhObject *m);
PhObject *int_neg(PhState *S, PhObject *a);
PhObject *int_abs(PhState *S, PhObject *a);
PhObject *int_invert(PhState *S, PhObject *a);
PhObject *int_lshift(PhState *S, PhObject *a, PhObject *b);
PhObject *int_rshift(PhState *S, PhObject *a, PhObject *b);
PhObject *int_and(PhState *S, PhObject *a, PhObject *b);
PhObject *int_or(PhState *S, PhObject *a, PhObject *b);
PhObject *int_xor(PhState *S, PhObject *a, PhObject *b);
/* Shifts by a C count (count >= 0). */
PhObject *int_lshift_by(PhState *S, PhObject *a, uint64_t count);
PhObject *int_rshift_by(PhState *S, PhObject *a, uint64_t count);
/* -1, 0 or 1 as a < b, a == b, a > b. Never fails. */
int int_compare(const PhObject *a, const PhObject *b);
/* CPython's hash: the value modulo 2**61 - 1 with the sign; never -1. */
int64_t int_hash(const PhObject *o);
/* Number of bits in |o| (int.bit_length()). */
uint64_t int_bit_length(const PhObject *o);
/* gcd(|a|, |b|), a non-negative int. */
PhObject *int_gcd(PhState *S, PhObject *a, PhObject *b);
/* round(o, ndigits) for an int o and an int ndigits. */
PhObject *int_round(PhState *S, PhObject *o, PhObject *ndigits);

/* ---- conversions ------------------------------------------------------------ */

/* Correctly rounded (half to even) conversion. *overflow is set and the
 * result is +-HUGE_VAL when |o| is too large for a double; no exception is
 * raised either way. */
double int_as_double(PhState *S, PhObject *o, int *overflow);
/* |o| = m * 2**e with m in [0.5, 1) correctly rounded, any size (m carries
 * o's sign; 0 gives 0.0 and e = 0). */
double int_frexp(const PhObject *o, int64_t *e);
/* Same, raising OverflowError "int too large to convert to float"
 * (-1.0 and an exception on failure: check err_occurred). */
double int_to_double(PhState *S, PhObject *o);
/* Truncates toward zero; OverflowError "cannot convert float infinity to
 * integer", ValueError "cannot convert float NaN to integer". */
PhObject *int_from_double(PhState *S, double d);
/* repr()/str(): decimal, limited by sys.get_int_max_str_digits(). */
PhObject *int_repr(PhState *S, PhObject *o);
/* hex()/oct()/bin() (base 16, 8, 2, with the 0x/0o/0b prefix after the sign)
 * and base 10 (same as int_repr). */
PhObject *int_to_base_str(PhState *S, PhObject *v, int base);
/* Parses an int literal as int(s, base) does: surrounding whitespace, a sign,
 * underscores between digits, the 0x/0o/0b prefixes (base 0 or matching), base
 * 0 or 2..36. s need not be NUL-terminated. Any size: no digit limit applies
 * (the compiler uses this for literals). ValueError "invalid literal for int()
 * with base N: '...'" on bad input. */
PhObject *int_from_string(PhState *S, const char *s, size_t len, int base);
/* int(x) and int(x, base) as the int type's constructor does (x NULL: 0). */
PhObject *int_from_object(PhState *S, PhObject *x, PhObject *base);
/* sys.get_int_max_str_digits() / sys.set_int_max_str_digits(n): the setter
 * raises ValueError "maxdigits must be 0 or larger than 640". */
int int_get_max_str_digits(PhState *S);
int int_set_max_str_digits(PhState *S, int64_t n);

/* ---- helpers shared by the numbers files (int.c, bool.c, float.c, math) ---- */

/* "int.bit_length() takes no arguments (1 given)" / "takes no keyword
 * arguments". nargs does not count self. */
int num_no_args(PhState *S, const char *qualname, size_t nargs, PhObject *kwnames);
/* "name() takes no keyword arguments" when kwnames is not empty. */
int num_no_kwargs(PhState *S, const char *qualname, PhObject *kwnames);
/* Copies a str's text to ASCII for int()/float(): Unicode white space
 * becomes ' ', Unicode decimal digits become '0'..'9', any other non-ASCII
 * character becomes '?' (so it fails to parse). *out is heap memory the
 * caller frees with heap_free; NULL on MemoryError. */
char *num_str_to_ascii(PhState *S, PhObject *s, size_t *len);
/* A new str holding the ASCII bytes buf[0..n) (never a cached singleton). */
PhObject *num_ascii_str(PhState *S, const char *buf, size_t n);

#endif
