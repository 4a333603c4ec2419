/* float: IEEE-754 doubles with CPython 3.11's semantics: shortest
 * round-tripping repr, floor division and modulo with Python's signs, exact
 * comparison with ints of any size, the numeric hash shared with int, and a
 * freelist of 100 objects.
 *
 * Decimal conversions lean on the C library, which is exact on glibc:
 * printf prints the correctly rounded decimal of the binary value, and
 * strtod reads decimals back correctly rounded.
 */
#include "float.h"

#include "int.h"
#include "objects/abstract.h"
#include "objects/bytes.h"
#include "objects/complexobject.h"
#include "objects/exceptions.h"
#include "objects/format.h"
#include "objects/str.h"
#include "objects/tuple.h"
#include "vm/errors.h"
#include "vm/init.h"
#include "vm/state.h"

#include <float.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static inline PhObject *not_implemented(PhState *S)
{
    INCREF(PH_NOTIMPL(S));
    return PH_NOTIMPL(S);
}

bool float_check(PhState *S, const PhObject *o)
{
    return o->type == &S->types.float_ || type_is_subtype(o->type, &S->types.float_);
}

/* ---- allocation and the freelist ---------------------------------------------- */

/* The freelist links dead floats through the bytes of their value, so a
 * float on the list still looks like a float (type intact, refcnt 0) to
 * anything that inspects heap blocks. */
static inline PhObject *freelist_next(PhObject *o)
{
    PhObject *next;
    memcpy(&next, &((PhFloat *)o)->value, sizeof next);
    return next;
}
static inline void freelist_link(PhObject *o, PhObject *next)
{
    memcpy(&((PhFloat *)o)->value, &next, sizeof next);
}

PhObject *float_from_double(PhState *S, double v)
{
    PhFloat *f;
    if (S->float_freelist) {
        f = (PhFloat *)S->float_freelist;
        S->float_freelist = freelist_next((PhObject *)f);
        S->float_numfree--;
        f->ob.refcnt = 1;
    } else {
        f = (PhFloat *)obj_alloc(S, &S->types.float_, sizeof(PhFloat));
        if (!f) return err_no_memory(S);
    }
    f->value = v;
    return (PhObject *)f;
}

static void float_dealloc(PhState *S, PhObject *o)
{
    if (o->type == &S->types.float_ && S->float_numfree < FLOAT_MAXFREELIST) {
        freelist_link(o, S->float_freelist);
        S->float_freelist = o;
        S->float_numfree++;
        return;
    }
    obj_free(S, o);
}

void float_freelist_clear(PhState *S)
{
    while (S->float_freelist) {
        PhObject *o = S->float_freelist;
        S->float_freelist = freelist_next(o);
        obj_free(S, o);
    }
    S->float_numfree = 0;
}

/* Full collections empty the freelists (CPython's _PyGC_ClearAllFreeLists).
 * The collector has one hook; the containers' one (installed first, by
 * containers_init) is chained. */
static void numbers_clear_freelists(PhState *S)
{
    if (S->numbers_prev_clear_freelists) S->numbers_prev_clear_freelists(S);
    float_freelist_clear(S);
}

int numbers_init(PhState *S)
{
    S->float_freelist = NULL;
    S->float_numfree = 0;
    S->int_max_str_digits = INT_MAX_STR_DIGITS_DEFAULT;
    GcState *G = &mem_of(S)->gc;
    S->numbers_prev_clear_freelists = G->clear_freelists;
    G->clear_freelists = numbers_clear_freelists;
    return 0;
}

void numbers_fini(PhState *S) { float_freelist_clear(S); }

/* ---- repr ------------------------------------------------------------------------ */

/* Is the decimal text one that reads back as v? */
static inline bool reads_back(const char *text, double v) { return strtod(text, NULL) == v; }

/* Adds one unit in the last digit of a "%.*e" string in place (9s carry;
 * "9.99e+05" becomes "10.00e+05", which strtod still reads correctly). */
static void bump_last_digit(char *text)
{
    char *q = strchr(text, 'e') - 1;
    while (q >= text && (*q == '9' || *q == '.')) {
        if (*q == '9') *q = '0';
        q--;
    }
    if (q >= text) (*q)++;
    else { /* all nines: prepend a 1 */
        memmove(text + 1, text, strlen(text) + 1);
        text[0] = '1';
    }
}

/* The shortest decimal digits that read back as v (v finite, > 0): writes
 * the significant digits (no trailing zeros) to digits and returns their
 * count; *decpt is the position of the decimal point relative to them
 * (0.00123 -> "123", decpt -2).
 *
 * Doubles carry 15.95 decimal digits, so:
 *   - if any string of at most 15 significant digits reads back as v, it is
 *     v correctly rounded to 15 digits (any other 15-digit decimal lies too
 *     far away), minus trailing zeros: one printf finds it;
 *   - otherwise 16 digits, then 17 (which always read back). Among strings
 *     of the same length the nearest to v wins, which is the correctly
 *     rounded one, except where v is a power of two: the gap below v is then
 *     half the gap above, and the next decimal up may read back when the
 *     nearest one (below) does not.
 * (Subnormals, with fewer bits, are searched for separately.) */
static int shortest_digits(double v, char *digits, int *decpt)
{
    char buf[40], up[40];
    if (v < DBL_MIN) {
        /* Subnormals have fewer significant bits, so the argument above
         * fails; round-tripping is still monotone in the precision, so
         * binary search for the least one that works. */
        int lo = 1, hi = 17;
        while (lo < hi) {
            int mid = (lo + hi) / 2;
            snprintf(buf, sizeof buf, "%.*e", mid - 1, v);
            if (reads_back(buf, v)) hi = mid;
            else lo = mid + 1;
        }
        snprintf(buf, sizeof buf, "%.*e", lo - 1, v);
    } else if (snprintf(buf, sizeof buf, "%.14e", v), !reads_back(buf, v)) {
        int p = 16;
        snprintf(buf, sizeof buf, "%.15e", v);
        if (!reads_back(buf, v)) {
            p = 17;
            snprintf(buf, sizeof buf, "%.16e", v);
        }
        int e;
        if (frexp(v, &e) == 0.5) { /* try one digit fewer, rounded up */
            snprintf(up, sizeof up, "%.*e", p - 2, v);
            if (strtod(up, NULL) < v) {
                bump_last_digit(up);
                if (reads_back(up, v)) memcpy(buf, up, sizeof up);
            }
        }
    }
    /* buf is "d.ddde[+-]XX" (or "dd.dd..." after a carry). */
    int n = 0, intdigits = 0;
    bool seen_point = false;
    char *p = buf;
    for (; *p != 'e'; p++) {
        if (*p == '.') seen_point = true;
        else {
            digits[n++] = *p;
            if (!seen_point) intdigits++;
        }
    }
    int exp10 = atoi(p + 1);
    while (n > 1 && digits[n - 1] == '0') n--;
    digits[n] = 0;
    *decpt = exp10 + intdigits;
    return n;
}

int float_repr_buf(double v, char *out)
{
    if (isnan(v)) return (int)(strcpy(out, "nan"), 3);
    if (isinf(v)) {
        strcpy(out, v > 0 ? "inf" : "-inf");
        return v > 0 ? 3 : 4;
    }
    char *o = out;
    if (signbit(v)) {
        *o++ = '-';
        v = -v;
    }
    if (v == 0) {
        strcpy(o, "0.0");
        return (int)(o - out) + 3;
    }
    char dig[20];
    int decpt, n = shortest_digits(v, dig, &decpt);
    if (decpt > -4 && decpt <= 16) { /* fixed notation */
        if (decpt <= 0) {
            *o++ = '0';
            *o++ = '.';
            for (int i = 0; i < -decpt; i++) *o++ = '0';
            memcpy(o, dig, (size_t)n);
            o += n;
        } else if (decpt >= n) {
            memcpy(o, dig, (size_t)n);
            o += n;
            for (int i = n; i < decpt; i++) *o++ = '0';
            *o++ = '.';
            *o++ = '0';
        } else {
            memcpy(o, dig, (size_t)decpt);
            o += decpt;
            *o++ = '.';
            memcpy(o, dig + decpt, (size_t)(n - decpt));
            o += n - decpt;
        }
        *o = 0;
    } else { /* exponent notation: at least two exponent digits */
        *o++ = dig[0];
        if (n > 1) {
            *o++ = '.';
            memcpy(o, dig + 1, (size_t)(n - 1));
            o += n - 1;
        }
        o += sprintf(o, "e%c%02d", decpt - 1 < 0 ? '-' : '+', abs(decpt - 1));
    }
    return (int)(o - out);
}

PhObject *float_repr(PhState *S, PhObject *o)
{
    char buf[32];
    int n = float_repr_buf(float_value(o), buf);
    return num_ascii_str(S, buf, (size_t)n);
}

/* ---- parsing ---------------------------------------------------------------------- */

static inline bool is_digit(char c) { return c >= '0' && c <= '9'; }

/* Copies a run of digits with single underscores between them from *pp to
 * *qq; returns the number of digits (0 if none or malformed). */
static int copy_digits(const char **pp, const char *end, char **qq, bool *bad)
{
    const char *p = *pp;
    char *q = *qq;
    int n = 0;
    while (p < end) {
        if (is_digit(*p)) {
            *q++ = *p++;
            n++;
        } else if (*p == '_' && n > 0 && p + 1 < end && is_digit(p[1]))
            p++;
        else
            break;
    }
    *pp = p;
    *qq = q;
    if (p < end && *p == '_') *bad = true;
    return n;
}

static bool match_ci(const char *p, const char *end, const char *word)
{
    size_t n = strlen(word);
    if ((size_t)(end - p) != n) return false;
    for (size_t i = 0; i < n; i++)
        if ((p[i] | 0x20) != word[i]) return false;
    return true;
}

int float_parse(PhState *S, const char *s, size_t len, double *out)
{
    const char *p = s, *end = s + len;
    while (p < end && (*p == ' ' || (*p >= '\t' && *p <= '\r'))) p++;
    while (end > p && (end[-1] == ' ' || (end[-1] >= '\t' && end[-1] <= '\r'))) end--;
    bool neg = false;
    if (p < end && (*p == '+' || *p == '-')) neg = *p++ == '-';
    if (match_ci(p, end, "inf") || match_ci(p, end, "infinity")) {
        *out = neg ? -HUGE_VAL : HUGE_VAL;
        return 0;
    }
    if (match_ci(p, end, "nan")) {
        *out = neg ? -NAN : NAN;
        return 0;
    }
    /* Validate the grammar and copy without underscores, then let strtod
     * (which would also accept hex and other forms) convert. */
    char small[128], *buf = small;
    if ((size_t)(end - p) + 2 > sizeof small) {
        buf = heap_alloc(mem_of(S)->heap, (size_t)(end - p) + 2);
        if (!buf) {
            err_no_memory(S);
            return -2;
        }
    }
    char *q = buf;
    bool bad = false;
    int nd = copy_digits(&p, end, &q, &bad);
    if (!bad && p < end && *p == '.') {
        *q++ = *p++;
        if (p < end && *p != '_') nd += copy_digits(&p, end, &q, &bad);
    }
    if (nd == 0) bad = true;
    if (!bad && p < end && (*p == 'e' || *p == 'E')) {
        *q++ = *p++;
        if (p < end && (*p == '+' || *p == '-')) *q++ = *p++;
        if (p < end && *p == '_') bad = true;
        else if (copy_digits(&p, end, &q, &bad) == 0) bad = true;
    }
    if (p != end) bad = true;
    *q = 0;
    double v = bad ? 0.0 : strtod(buf, NULL);
    if (buf != small) heap_free(mem_of(S)->heap, buf);
    if (bad) return -1;
    *out = neg ? -v : v;
    return 0;
}

/* ---- hashing ----------------------------------------------------------------------- */

#define HASH_BITS 61
#define HASH_MODULUS (((uint64_t)1 << HASH_BITS) - 1)
#define HASH_INF 314159

/* The value reduced modulo P = 2**61 - 1, like int's hash, so that equal
 * ints and floats hash alike: take 28 bits of mantissa at a time (a left
 * rotation mod P multiplies by 2**28), then rotate by the exponent. */
int64_t float_hash_double(double v, const PhObject *obj)
{
    if (!isfinite(v)) {
        if (isinf(v)) return v > 0 ? HASH_INF : -HASH_INF;
        /* NaNs hash by identity (3.10+): the address rotated by 4 bits. */
        uint64_t y = (uint64_t)(uintptr_t)obj;
        int64_t h = (int64_t)((y >> 4) | (y << 60));
        return h == -1 ? -2 : h;
    }
    int e;
    double m = frexp(v, &e);
    int sign = 1;
    if (m < 0) {
        sign = -1;
        m = -m;
    }
    uint64_t x = 0;
    while (m) {
        x = ((x << 28) & HASH_MODULUS) | x >> (HASH_BITS - 28);
        m *= 268435456.0; /* 2**28 */
        e -= 28;
        uint64_t y = (uint64_t)m;
        m -= (double)y;
        x += y;
        if (x >= HASH_MODULUS) x -= HASH_MODULUS;
    }
    /* 2**e == 2**(e mod 61) (mod P) */
    e = e >= 0 ? e % HASH_BITS : HASH_BITS - 1 - ((-1 - e) % HASH_BITS);
    x = ((x << e) & HASH_MODULUS) | x >> (HASH_BITS - e);
    int64_t h = (int64_t)x * sign;
    return h == -1 ? -2 : h;
}

static int64_t float_hash_slot(PhState *S, PhObject *o) { return float_hash_double(float_value(o), o); }

/* ---- conversions of operands ---------------------------------------------------- */

/* 1 and *out set for a float or an int; 0 for anything else
 * (NotImplemented); -1 with OverflowError for an int too large. */
static int as_operand(PhState *S, PhObject *o, double *out)
{
    if (o->type == &S->types.float_ || float_check(S, o)) {
        *out = float_value(o);
        return 1;
    }
    if (int_check(o)) {
        *out = int_to_double(S, o);
        return *out == -1.0 && err_occurred(S) ? -1 : 1;
    }
    return 0;
}

#define FLOAT_OPERANDS(a, b)                                                           \
    double a##v, b##v;                                                                 \
    {                                                                                  \
        int ra_ = as_operand(S, a, &a##v);                                             \
        if (ra_ <= 0) return ra_ < 0 ? NULL : not_implemented(S);                      \
        int rb_ = as_operand(S, b, &b##v);                                             \
        if (rb_ <= 0) return rb_ < 0 ? NULL : not_implemented(S);                      \
    }

double float_as_double(PhState *S, PhObject *o)
{
    if (float_check(S, o)) return float_value(o);
    const PhNumberMethods *nm = o->type->as_number;
    if (nm && nm->float_) {
        PhObject *r = nm->float_(S, o);
        if (!r) return -1.0;
        if (!float_check(S, r)) {
            err_format(S, &S->exc.TypeError, "%s.__float__ returned non-float (type %T)",
                       o->type->name, r);
            DECREF(S, r);
            return -1.0;
        }
        double d = float_value(r);
        DECREF(S, r);
        return d;
    }
    if (nm && nm->index) {
        PhObject *i = num_index(S, o);
        if (!i) return -1.0;
        double d = int_to_double(S, i);
        DECREF(S, i);
        return d;
    }
    err_format(S, &S->exc.TypeError, "must be real number, not %s", o->type->name);
    return -1.0;
}

/* ---- arithmetic ----------------------------------------------------------------- */

static PhObject *f_add(PhState *S, PhObject *a, PhObject *b)
{
    FLOAT_OPERANDS(a, b)
    return float_from_double(S, av + bv);
}
static PhObject *f_sub(PhState *S, PhObject *a, PhObject *b)
{
    FLOAT_OPERANDS(a, b)
    return float_from_double(S, av - bv);
}
static PhObject *f_mul(PhState *S, PhObject *a, PhObject *b)
{
    FLOAT_OPERANDS(a, b)
    return float_from_double(S, av * bv);
}
static PhObject *f_truediv(PhState *S, PhObject *a, PhObject *b)
{
    FLOAT_OPERANDS(a, b)
    if (bv == 0.0) return err_format(S, &S->exc.ZeroDivisionError, "float division by zero");
    return float_from_double(S, av / bv);
}

/* Python's floor division and modulo (CPython's float_divmod): the
 * remainder takes the divisor's sign, and the quotient is the exact
 * (vx - mod) / wx rounded to the nearest integer. */
static void float_divmod_values(double vx, double wx, double *floordiv, double *mod)
{
    double m = fmod(vx, wx);
    double div = (vx - m) / wx; /* exact up to rounding: vx - m is a multiple of wx */
    if (m) {
        if ((wx < 0) != (m < 0)) {
            m += wx;
            div -= 1.0;
        }
    } else
        m = copysign(0.0, wx); /* a zero remainder has the divisor's sign */
    double fd;
    if (div) {
        fd = floor(div);
        if (div - fd > 0.5) fd += 1.0;
    } else
        fd = copysign(0.0, vx / wx);
    *floordiv = fd;
    *mod = m;
}

static PhObject *f_floordiv(PhState *S, PhObject *a, PhObject *b)
{
    FLOAT_OPERANDS(a, b)
    if (bv == 0.0)
        return err_format(S, &S->exc.ZeroDivisionError, "float floor division by zero");
    double q, r;
    float_divmod_values(av, bv, &q, &r);
    return float_from_double(S, q);
}

static PhObject *f_mod(PhState *S, PhObject *a, PhObject *b)
{
    FLOAT_OPERANDS(a, b)
    if (bv == 0.0) return err_format(S, &S->exc.ZeroDivisionError, "float modulo");
    double q, r;
    float_divmod_values(av, bv, &q, &r);
    return float_from_double(S, r);
}

static PhObject *f_divmod(PhState *S, PhObject *a, PhObject *b)
{
    FLOAT_OPERANDS(a, b)
    if (bv == 0.0) return err_format(S, &S->exc.ZeroDivisionError, "float divmod()");
    double q, r;
    float_divmod_values(av, bv, &q, &r);
    PhObject *t = tuple_new(S, 2);
    PhObject *fq = t ? float_from_double(S, q) : NULL;
    PhObject *fr = fq ? float_from_double(S, r) : NULL;
    if (!fr) {
        XDECREF(S, t);
        XDECREF(S, fq);
        return NULL;
    }
    TUPLE_SET(t, 0, fq);
    TUPLE_SET(t, 1, fr);
    return t;
}

static bool is_odd_integer(double y)
{
    return y == floor(y) && fmod(fabs(y), 2.0) == 1.0;
}

/* C99 pow with Python's special cases and errors. */
PhObject *float_pow(PhState *S, PhObject *a, PhObject *b, PhObject *m)
{
    if (m && m != PH_NONE(S))
        return err_format(S, &S->exc.TypeError,
                          "pow() 3rd argument not allowed unless all arguments are integers");
    FLOAT_OPERANDS(a, b)
    double x = av, y = bv, r;
    if (y == 0) return float_from_double(S, 1.0);
    if (isnan(x)) return float_from_double(S, x);
    if (isnan(y)) return float_from_double(S, x == 1.0 ? 1.0 : y);
    if (isinf(y)) {
        double ax = fabs(x);
        if (ax == 1.0) r = 1.0;
        else r = (y > 0) == (ax > 1.0) ? fabs(y) : 0.0;
        return float_from_double(S, r);
    }
    if (isinf(x)) {
        bool odd = is_odd_integer(y);
        if (y > 0) r = odd ? x : fabs(x);
        else r = odd ? copysign(0.0, x) : 0.0;
        return float_from_double(S, r);
    }
    if (x == 0.0) {
        if (y < 0)
            return err_format(S, &S->exc.ZeroDivisionError,
                              "0.0 cannot be raised to a negative power");
        return float_from_double(S, is_odd_integer(y) ? x : 0.0);
    }
    if (x < 0 && y != floor(y)) /* the result is complex: complex's ** computes it */
        return complex_pow(S, a, b, m);
    if (x == 1.0) return float_from_double(S, 1.0);
    r = pow(x, y);
    if (isinf(r)) { /* finite ** finite overflowed: OSError-style args */
        PhObject *args = tuple_new(S, 2);
        if (!args) return NULL;
        PhObject *no = int_from_i64(S, 34);
        PhObject *msg = no ? str_from_cstr(S, "Numerical result out of range") : NULL;
        if (!msg) {
            XDECREF(S, no);
            DECREF(S, args);
            return err_no_memory(S);
        }
        TUPLE_SET(args, 0, no);
        TUPLE_SET(args, 1, msg);
        PhObject *exc = exc_new(S, &S->exc.OverflowError, args);
        DECREF(S, args);
        if (exc) err_restore(S, exc);
        return NULL;
    }
    return float_from_double(S, r);
}

static PhObject *f_neg(PhState *S, PhObject *a) { return float_from_double(S, -float_value(a)); }
static PhObject *f_pos(PhState *S, PhObject *a)
{
    if (a->type == &S->types.float_) {
        INCREF(a);
        return a;
    }
    return float_from_double(S, float_value(a));
}
static PhObject *f_abs(PhState *S, PhObject *a) { return float_from_double(S, fabs(float_value(a))); }
static int f_bool(PhState *S, PhObject *a) { return float_value(a) != 0.0; }
static PhObject *f_int(PhState *S, PhObject *a) { return int_from_double(S, float_value(a)); }

const PhNumberMethods float_as_number = {
    .add = f_add, .sub = f_sub, .mul = f_mul, .truediv = f_truediv, .floordiv = f_floordiv,
    .mod = f_mod, .divmod = f_divmod, .pow = float_pow, .neg = f_neg, .pos = f_pos,
    .abs = f_abs, .int_ = f_int, .float_ = f_pos, .bool_ = f_bool,
};

/* ---- comparison ---------------------------------------------------------------- */

/* Compares a finite double with an int exactly: -1, 0, 1, or -2 on error. */
static int compare_double_int(PhState *S, double x, PhObject *n)
{
    int sx = x < 0 ? -1 : x > 0, sn = int_sign(n);
    if (sx != sn) return sx < sn ? -1 : 1;
    if (sn == 0) return 0;
    uint64_t nbits = int_bit_length(n);
    if (nbits <= 48) { /* n is exact as a double */
        int ov;
        double y = int_as_double(S, n, &ov);
        return x < y ? -1 : x > y;
    }
    int e;
    frexp(x, &e); /* |x| in [2**(e-1), 2**e), |n| in [2**(nbits-1), 2**nbits) */
    if (e < 0 || (uint64_t)e < nbits) return sn > 0 ? -1 : 1; /* |x| < |n| */
    if ((uint64_t)e > nbits) return sn > 0 ? 1 : -1;          /* |x| > |n| */
    /* Same magnitude class: x is then an integer plus possibly a fraction
     * (and the integer part is exact as an int). */
    double ip, fp = modf(x, &ip);
    PhObject *xi = int_from_double(S, ip);
    if (!xi) return -2;
    int c = int_compare(xi, n);
    DECREF(S, xi);
    if (c == 0 && fp != 0) c = fp > 0 ? 1 : -1;
    return c;
}

static PhObject *float_richcompare(PhState *S, PhObject *a, PhObject *b, int op)
{
    double x = float_value(a);
    int c; /* -1, 0, 1; 2 for unordered (NaN) */
    if (float_check(S, b)) {
        double y = float_value(b);
        c = isnan(x) || isnan(y) ? 2 : x < y ? -1 : x > y;
    } else if (int_check(b)) {
        if (isnan(x)) c = 2;
        else if (isinf(x)) c = x > 0 ? 1 : -1;
        else {
            c = compare_double_int(S, x, b);
            if (c == -2) return NULL;
        }
    } else
        return not_implemented(S);
    bool r;
    switch (op) {
    case CMP_LT: r = c == -1; break;
    case CMP_LE: r = c == -1 || c == 0; break;
    case CMP_EQ: r = c == 0; break;
    case CMP_NE: r = c != 0; break;
    case CMP_GT: r = c == 1; break;
    default: r = c == 1 || c == 0; break;
    }
    return ph_bool(S, r);
}

/* ---- rounding ------------------------------------------------------------------ */

/* CPython's bounds beyond which rounding is the identity or gives zero. */
#define NDIGITS_MAX 323  /* (DBL_MANT_DIG - DBL_MIN_EXP) * log10(2) */
#define NDIGITS_MIN -308 /* -(DBL_MAX_EXP + 1) * log10(2) */

/* |x| rounded to a multiple of 10**k (1 <= k <= 308), half to even, as a
 * decimal string "<digits>e<k>" in out. The integer part of x is exact as a
 * double, so printf gives its exact decimal digits; the fraction only
 * breaks ties. */
static void round_to_power10(double x, int k, char *out)
{
    double ip = trunc(fabs(x));
    bool sticky = fabs(x) != ip;
    char digits[400];
    int len = snprintf(digits, sizeof digits, "%.0f", ip);
    /* head = digits[0 .. len-k), tail = the last k digits (zero-padded). */
    int hl = len > k ? len - k : 0;
    char head[400];
    head[0] = '0';
    memcpy(head + 1, digits, (size_t)hl);
    head[hl + 1] = 0; /* a leading 0 leaves room for a carry */
    int cmp; /* tail against 5000...0 */
    {
        char tail[400];
        int tl = len - hl;
        memset(tail, '0', (size_t)k);
        memcpy(tail + (k - tl), digits + hl, (size_t)tl);
        cmp = tail[0] > '5' ? 1 : tail[0] < '5' ? -1 : 0;
        for (int i = 1; cmp == 0 && i < k; i++)
            if (tail[i] != '0') cmp = 1;
        if (len == 1 && ip == 0) cmp = -1; /* |x| < 1 */
    }
    bool odd = (head[hl] - '0') & 1;
    if (cmp > 0 || (cmp == 0 && (sticky || odd))) {
        int i = hl;
        while (head[i] == '9') head[i--] = '0';
        head[i]++;
    }
    sprintf(out, "%s%se%d", signbit(x) ? "-" : "", head, k);
}

PhObject *float_round_ndigits(PhState *S, double x, int64_t nd)
{
    if (nd > NDIGITS_MAX || !isfinite(x)) return float_from_double(S, x);
    if (nd < NDIGITS_MIN) return float_from_double(S, 0.0 * x);
    char buf[800];
    if (nd >= 0) snprintf(buf, sizeof buf, "%.*f", (int)nd, x);
    else round_to_power10(x, (int)-nd, buf);
    double r = strtod(buf, NULL);
    if (isinf(r))
        return err_format(S, &S->exc.OverflowError, "rounded value too large to represent");
    return float_from_double(S, r);
}

/* ---- methods ---------------------------------------------------------------------- */

static PhObject *m_is_integer(PhState *S, PhObject *f, PhObject *const *args, size_t nargs,
                              PhObject *kw)
{
    if (num_no_args(S, "float.is_integer", nargs - 1, kw) < 0) return NULL;
    double x = float_value(args[0]);
    return ph_bool(S, isfinite(x) && floor(x) == x);
}

static PhObject *m_as_integer_ratio(PhState *S, PhObject *f, PhObject *const *args,
                                    size_t nargs, PhObject *kw)
{
    if (num_no_args(S, "float.as_integer_ratio", nargs - 1, kw) < 0) return NULL;
    double x = float_value(args[0]);
    if (isinf(x))
        return err_format(S, &S->exc.OverflowError, "cannot convert Infinity to integer ratio");
    if (isnan(x)) return err_format(S, &S->exc.ValueError, "cannot convert NaN to integer ratio");
    int e;
    double m = frexp(x, &e);
    /* Scale the mantissa until it is an integer: at most 53 + 1 steps. The
     * result is then in lowest terms (the numerator is odd, or e >= 0). */
    for (int i = 0; i < 300 && m != floor(m); i++) {
        m *= 2.0;
        e--;
    }
    PhObject *num = int_from_double(S, m), *den = int_from_i64(S, 1), *t;
    if (!num || !den) goto fail;
    if (e > 0) {
        t = int_lshift_by(S, num, (uint64_t)e);
        DECREF(S, num);
        num = t;
    } else if (e < 0) {
        t = int_lshift_by(S, den, (uint64_t)-e);
        DECREF(S, den);
        den = t;
    }
    if (!num || !den) goto fail;
    t = tuple_new(S, 2);
    if (!t) goto fail;
    TUPLE_SET(t, 0, num);
    TUPLE_SET(t, 1, den);
    return t;
fail:
    XDECREF(S, num);
    XDECREF(S, den);
    return NULL;
}

static PhObject *m_hex(PhState *S, PhObject *f, PhObject *const *args, size_t nargs,
                       PhObject *kw)
{
    if (num_no_args(S, "float.hex", nargs - 1, kw) < 0) return NULL;
    double x = float_value(args[0]);
    char buf[64];
    if (!isfinite(x)) return float_repr(S, args[0]);
    if (x == 0.0) {
        int n = sprintf(buf, "%s0x0.0p+0", signbit(x) ? "-" : "");
        return num_ascii_str(S, buf, (size_t)n);
    }
    int e;
    double m = frexp(fabs(x), &e);
    /* Leading digit 1 for normal numbers, 0 for subnormals (whose exponent
     * is pinned at DBL_MIN_EXP - 1). */
    int shift = 1 - (DBL_MIN_EXP - e > 0 ? DBL_MIN_EXP - e : 0);
    m = ldexp(m, shift);
    e -= shift;
    char *p = buf;
    if (x < 0) *p++ = '-';
    p += sprintf(p, "0x%d.", (int)m);
    m -= (int)m;
    for (int i = 0; i < (DBL_MANT_DIG - 1) / 4; i++) { /* 13 hex digits */
        m *= 16.0;
        int d = (int)m;
        *p++ = "0123456789abcdef"[d];
        m -= d;
    }
    p += sprintf(p, "p%c%d", e < 0 ? '-' : '+', abs(e));
    return num_ascii_str(S, buf, (size_t)(p - buf));
}

static bool is_hex(char c)
{
    return is_digit(c) || ((c | 0x20) >= 'a' && (c | 0x20) <= 'f');
}

/* float.fromhex(s): validates Python's grammar, then lets strtod (exact for
 * hexadecimal input) convert. */
static PhObject *m_fromhex(PhState *S, PhObject *f, PhObject *const *args, size_t nargs,
                           PhObject *kw)
{
    if (num_no_kwargs(S, "float.fromhex", kw) < 0) return NULL;
    if (nargs != 2)
        return err_format(S, &S->exc.TypeError, "float.fromhex() takes exactly one argument (%zu given)",
                          nargs - 1);
    PhObject *so = args[1];
    if (so->type != &S->types.str && !type_is_subtype(so->type, &S->types.str))
        return err_format(S, &S->exc.TypeError, "must be str, not %T", so);
    size_t len;
    char *text = num_str_to_ascii(S, so, &len);
    if (!text) return NULL;
    const char *p = text, *end = text + len;
    while (p < end && (*p == ' ' || (*p >= '\t' && *p <= '\r'))) p++;
    while (end > p && (end[-1] == ' ' || (end[-1] >= '\t' && end[-1] <= '\r'))) end--;
    bool neg = false, ok = true;
    double v = 0;
    if (p < end && (*p == '+' || *p == '-')) neg = *p++ == '-';
    if (match_ci(p, end, "inf") || match_ci(p, end, "infinity")) v = HUGE_VAL;
    else if (match_ci(p, end, "nan")) v = NAN;
    else {
        if (end - p >= 2 && p[0] == '0' && (p[1] | 0x20) == 'x') p += 2;
        char *buf = heap_alloc(mem_of(S)->heap, (size_t)(end - p) + 4);
        if (!buf) {
            heap_free(mem_of(S)->heap, text);
            return err_no_memory(S);
        }
        char *q = buf;
        *q++ = '0';
        *q++ = 'x';
        int nd = 0;
        while (p < end && is_hex(*p)) *q++ = *p++, nd++;
        if (p < end && *p == '.') {
            *q++ = *p++;
            while (p < end && is_hex(*p)) *q++ = *p++, nd++;
        }
        if (nd == 0) ok = false;
        if (ok && p < end && (*p | 0x20) == 'p') {
            *q++ = *p++;
            if (p < end && (*p == '+' || *p == '-')) *q++ = *p++;
            if (!(p < end && is_digit(*p))) ok = false;
            while (p < end && is_digit(*p)) *q++ = *p++;
        } else if (ok)
            *q++ = 'p', *q++ = '0';
        if (p != end) ok = false;
        *q = 0;
        if (ok) v = strtod(buf, NULL);
        heap_free(mem_of(S)->heap, buf);
        if (ok && isinf(v)) {
            heap_free(mem_of(S)->heap, text);
            return err_format(S, &S->exc.OverflowError,
                              "hexadecimal value too large to represent as a float");
        }
    }
    heap_free(mem_of(S)->heap, text);
    if (!ok)
        return err_format(S, &S->exc.ValueError, "invalid hexadecimal floating-point string");
    PhObject *r = float_from_double(S, neg ? -v : v);
    if (r && (PhType *)args[0] != &S->types.float_) { /* a subclass: cls(value) */
        PhObject *o = obj_call1(S, args[0], r);
        DECREF(S, r);
        return o;
    }
    return r;
}

static PhObject *m_conjugate(PhState *S, PhObject *f, PhObject *const *args, size_t nargs,
                             PhObject *kw)
{
    if (num_no_args(S, "float.conjugate", nargs - 1, kw) < 0) return NULL;
    return f_pos(S, args[0]);
}

static PhObject *m_trunc(PhState *S, PhObject *f, PhObject *const *args, size_t nargs,
                         PhObject *kw)
{
    if (num_no_args(S, "float.__trunc__", nargs - 1, kw) < 0) return NULL;
    return int_from_double(S, float_value(args[0]));
}
static PhObject *m_floor(PhState *S, PhObject *f, PhObject *const *args, size_t nargs,
                         PhObject *kw)
{
    if (num_no_args(S, "float.__floor__", nargs - 1, kw) < 0) return NULL;
    return int_from_double(S, floor(float_value(args[0])));
}
static PhObject *m_ceil(PhState *S, PhObject *f, PhObject *const *args, size_t nargs,
                        PhObject *kw)
{
    if (num_no_args(S, "float.__ceil__", nargs - 1, kw) < 0) return NULL;
    return int_from_double(S, ceil(float_value(args[0])));
}

static PhObject *m_round(PhState *S, PhObject *f, PhObject *const *args, size_t nargs,
                         PhObject *kw)
{
    if (num_no_kwargs(S, "float.__round__", kw) < 0) return NULL;
    if (nargs > 2)
        return err_format(S, &S->exc.TypeError, "__round__ expected at most 1 argument, got %zu",
                          nargs - 1);
    double x = float_value(args[0]);
    if (nargs == 1 || args[1] == PH_NONE(S)) { /* to an int, half to even */
        double r = round(x);
        if (fabs(x - r) == 0.5) r = 2.0 * round(x / 2.0);
        return int_from_double(S, r);
    }
    PhObject *nd = num_index(S, args[1]);
    if (!nd) return NULL;
    int overflow;
    int64_t n = int_as_i64(nd, &overflow);
    if (overflow) n = int_sign(nd) < 0 ? INT64_MIN : INT64_MAX;
    DECREF(S, nd);
    return float_round_ndigits(S, x, n);
}

static PhObject *m_getnewargs(PhState *S, PhObject *f, PhObject *const *args, size_t nargs,
                              PhObject *kw)
{
    if (num_no_args(S, "float.__getnewargs__", nargs - 1, kw) < 0) return NULL;
    PhObject *v = float_from_double(S, float_value(args[0]));
    if (!v) return NULL;
    PhObject *t = tuple_new(S, 1);
    if (!t) {
        DECREF(S, v);
        return NULL;
    }
    TUPLE_SET(t, 0, v);
    return t;
}

static PhObject *m_format(PhState *S, PhObject *f, PhObject *const *args, size_t nargs,
                          PhObject *kw)
{
    if (num_no_kwargs(S, "float.__format__", kw) < 0) return NULL;
    if (nargs != 2)
        return err_format(S, &S->exc.TypeError, "__format__ expected 1 argument, got %zu",
                          nargs - 1);
    PhObject *spec = args[1];
    if (spec->type != &S->types.str && !type_is_subtype(spec->type, &S->types.str))
        return err_format(S, &S->exc.TypeError, "__format__() argument must be str, not %T", spec);
    if (str_len(spec) == 0) return obj_str(S, args[0]);
    return format_float(S, float_value(args[0]), spec);
}

static const PhMethodDef float_methods[] = {
    {"is_integer", m_is_integer, METH_DEFAULT, NULL},
    {"as_integer_ratio", m_as_integer_ratio, METH_DEFAULT, NULL},
    {"hex", m_hex, METH_DEFAULT, NULL},
    {"fromhex", m_fromhex, METH_CLASS, NULL},
    {"conjugate", m_conjugate, METH_DEFAULT, NULL},
    {"__trunc__", m_trunc, METH_DEFAULT, NULL},
    {"__floor__", m_floor, METH_DEFAULT, NULL},
    {"__ceil__", m_ceil, METH_DEFAULT, NULL},
    {"__round__", m_round, METH_DEFAULT, NULL},
    {"__getnewargs__", m_getnewargs, METH_DEFAULT, NULL},
    {"__format__", m_format, METH_DEFAULT, NULL},
    {NULL, NULL, 0, NULL},
};

static PhObject *get_real(PhState *S, PhObject *o) { return f_pos(S, o); }
static PhObject *get_imag(PhState *S, PhObject *o) { return float_from_double(S, 0.0); }

static const PhGetSetDef float_getsets[] = {
    {"real", get_real, NULL},
    {"imag", get_imag, NULL},
    {NULL, NULL, NULL},
};

/* ---- construction ------------------------------------------------------------------- */

static PhObject *float_from_text(PhState *S, PhObject *x)
{
    size_t len;
    char *buf;
    bool owned_by_heap = true;
    if (x->type == &S->types.str || type_is_subtype(x->type, &S->types.str))
        buf = num_str_to_ascii(S, x, &len);
    else {
        len = (size_t)BYTES_LEN(x);
        buf = BYTES_DATA(x);
        owned_by_heap = false;
    }
    if (!buf) return NULL;
    double v;
    int rc = memchr(buf, 0, len) ? -1 : float_parse(S, buf, len, &v);
    if (owned_by_heap) heap_free(mem_of(S)->heap, buf);
    if (rc == -2) return NULL;
    if (rc < 0)
        return err_format(S, &S->exc.ValueError, "could not convert string to float: %R", x);
    return float_from_double(S, v);
}

PhObject *float_from_object(PhState *S, PhObject *x)
{
    if (!x) return float_from_double(S, 0.0);
    if (x->type == &S->types.float_) {
        INCREF(x);
        return x;
    }
    const PhNumberMethods *nm = x->type->as_number;
    if (nm && nm->float_) {
        PhObject *r = nm->float_(S, x);
        if (!r || r->type == &S->types.float_) return r;
        if (!float_check(S, r)) {
            err_format(S, &S->exc.TypeError, "%s.__float__ returned non-float (type %T)",
                       x->type->name, r);
            DECREF(S, r);
            return NULL;
        }
        PhObject *e = float_from_double(S, float_value(r));
        DECREF(S, r);
        return e;
    }
    if (nm && nm->index) {
        PhObject *i = num_index(S, x);
        if (!i) return NULL;
        double d = int_to_double(S, i);
        DECREF(S, i);
        if (d == -1.0 && err_occurred(S)) return NULL;
        return float_from_double(S, d);
    }
    if (x->type == &S->types.str || type_is_subtype(x->type, &S->types.str) || bytes_check(x))
        return float_from_text(S, x);
    return err_format(S, &S->exc.TypeError,
                      "float() argument must be a string or a real number, not '%s'",
                      x->type->name);
}

static PhObject *float_new_slot(PhState *S, PhType *t, PhObject *const *args, size_t nargs,
                                PhObject *kwnames)
{
    if (num_no_kwargs(S, "float", kwnames) < 0) return NULL;
    if (nargs > 1)
        return err_format(S, &S->exc.TypeError, "float expected at most 1 argument, got %zu",
                          nargs);
    PhObject *v = float_from_object(S, nargs ? args[0] : NULL);
    if (!v || t == &S->types.float_) return v;
    PhFloat *o = (PhFloat *)obj_alloc(S, t, (size_t)t->basicsize);
    if (!o) {
        DECREF(S, v);
        return err_no_memory(S);
    }
    /* The subclass's own fields (a __dict__ slot, __slots__) start empty. */
    memset((char *)o + sizeof(PhObject), 0, (size_t)t->basicsize - sizeof(PhObject));
    o->value = float_value(v);
    DECREF(S, v);
    return (PhObject *)o;
}

const PhType float_type_template = {
    .name = "float",
    .basicsize = sizeof(PhFloat),
    .flags = TPFLAG_BASETYPE,
    .dealloc = float_dealloc,
    .repr = float_repr,
    .hash = float_hash_slot,
    .richcompare = float_richcompare,
    .new_ = float_new_slot,
    .as_number = &float_as_number,
    .methods = float_methods,
    .getsets = float_getsets,
};
