/* int: arbitrary-precision integers with CPython 3.11's layout, algorithms
 * and results.
 *
 * Values are sign-magnitude: PhVarObject.size holds the sign and the number
 * of 30-bit digits. The arithmetic below works on magnitudes (digit arrays,
 * least significant first) and applies signs afterwards. Every result goes
 * through int_finish(), which strips leading zero digits and swaps results
 * in [-5, 256] for the cached small ints.
 *
 * Layout of this file:
 *   1. allocation, normalisation, C-integer conversions
 *   2. magnitude primitives (add, sub, schoolbook and Karatsuba multiply,
 *      single-digit and Knuth division, shifts)
 *   3. arithmetic on int objects (fast paths for values below 2**60)
 *   4. conversion to and from double, str and other bases
 *   5. argument helpers shared by the numbers files
 *   6. the type: slots, methods, attributes, constructor
 */
#include "int.h"

#include "float.h"
#include "objects/abstract.h"
#include "objects/bytes.h"
#include "objects/format.h"
#include "objects/str.h"
#include "objects/tuple.h"
#include "vm/errors.h"
#include "vm/state.h"

#include <float.h>
#include <limits.h>
#include <math.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>

typedef uint64_t twodigits;
typedef int64_t stwodigits;

/* Keeps digit counts far from overflowing ssize_t byte sizes and int64
 * bit counts. */
#define INT_MAX_DIGITS ((ssize_t)((SIZE_MAX >> 4) / sizeof(int_digit)))
/* Below this many digits (of the smaller factor) schoolbook multiplication
 * wins; CPython uses the same cutoff. */
#define KARATSUBA_CUTOFF 70

static inline const int_digit *DIG(const PhObject *o) { return ((const PhInt *)o)->digits; }
static inline PhObject *not_implemented(PhState *S)
{
    INCREF(PH_NOTIMPL(S));
    return PH_NOTIMPL(S);
}

/* ===========================================================================
 * 1. allocation, normalisation, C-integer conversions
 * =========================================================================== */

static void int_dealloc(PhState *S, PhObject *o) { obj_free(S, o); }

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

/* int_alloc raising OverflowError/MemoryError. */
static PhInt *int_new(PhState *S, ssize_t ndigits)
{
    if (ndigits > INT_MAX_DIGITS) {
        err_format(S, &S->exc.OverflowError, "too many digits in integer");
        return NULL;
    }
    PhInt *v = int_alloc(S, ndigits);
    if (!v) err_no_memory(S);
    return v;
}

static inline PhObject *small_int(PhState *S, int64_t v)
{
    PhObject *o = S->small_ints[v - INT_SMALL_MIN];
    INCREF(o);
    return o;
}

static inline bool is_small(int64_t v) { return v >= INT_SMALL_MIN && v <= INT_SMALL_MAX; }

/* Strips leading zero digits and returns the canonical object: the cached
 * small int when the value is in range (v is released then). Steals v. */
static PhObject *int_finish(PhState *S, PhInt *v)
{
    ssize_t size = v->ob.size;
    ssize_t n = size < 0 ? -size : size;
    while (n > 0 && v->digits[n - 1] == 0) n--;
    v->ob.size = size < 0 ? -n : n;
    if (n <= 1) {
        int64_t val = n == 0 ? 0 : (int64_t)v->digits[0];
        if (size < 0) val = -val;
        if (is_small(val)) {
            DECREF(S, v);
            return small_int(S, val);
        }
    }
    return (PhObject *)v;
}

static void int_set_u64(PhInt *v, uint64_t mag, bool neg)
{
    ssize_t n = 0;
    while (mag) {
        v->digits[n++] = (int_digit)(mag & INT_MASK);
        mag >>= INT_SHIFT;
    }
    v->ob.size = neg ? -n : n;
}

static ssize_t digits_for_u64(uint64_t mag)
{
    ssize_t n = 0;
    for (; mag; mag >>= INT_SHIFT) n++;
    return n;
}

static PhObject *int_from_mag(PhState *S, uint64_t mag, bool neg)
{
    if (mag <= (uint64_t)INT_SMALL_MAX && (!neg || mag <= (uint64_t)-INT_SMALL_MIN))
        return small_int(S, neg ? -(int64_t)mag : (int64_t)mag);
    if (mag < INT_BASE) {
        /* One digit, the common case: no digit loops. */
        PhType *t = &S->types.int_;
        PhInt *v = (PhInt *)obj_alloc(S, t, type_object_size(t, 1));
        if (!v) return err_no_memory(S);
        v->ob.size = neg ? -1 : 1;
        v->digits[0] = (int_digit)mag;
        return (PhObject *)v;
    }
    PhInt *v = int_alloc(S, digits_for_u64(mag));
    if (!v) return err_no_memory(S);
    int_set_u64(v, mag, neg);
    return (PhObject *)v;
}

PhObject *int_from_i64(PhState *S, int64_t value)
{
    if (is_small(value)) return small_int(S, value);
    uint64_t mag = value < 0 ? 0 - (uint64_t)value : (uint64_t)value;
    return int_from_mag(S, mag, value < 0);
}

PhObject *int_from_u64(PhState *S, uint64_t v) { return int_from_mag(S, v, false); }

int64_t int_as_i64(const PhObject *o, int *overflow)
{
    ssize_t n = int_ndigits(o);
    const int_digit *d = DIG(o);
    uint64_t mag = 0;
    *overflow = 0;
    for (ssize_t i = n - 1; i >= 0; i--) {
        if (mag > (UINT64_MAX >> INT_SHIFT)) {
            *overflow = 1;
            return 0;
        }
        mag = (mag << INT_SHIFT) | d[i];
    }
    if (int_sign(o) < 0) {
        if (mag > (uint64_t)INT64_MAX + 1) {
            *overflow = 1;
            return 0;
        }
        return (int64_t)(0 - mag);
    }
    if (mag > (uint64_t)INT64_MAX) {
        *overflow = 1;
        return 0;
    }
    return (int64_t)mag;
}

ssize_t int_as_ssize(PhState *S, PhObject *o)
{
    int overflow;
    int64_t v = int_as_i64(o, &overflow);
    if (overflow || v > SSIZE_MAX || v < -SSIZE_MAX - 1) {
        err_format(S, &S->exc.OverflowError, "Python int too large to convert to C ssize_t");
        return -1;
    }
    return (ssize_t)v;
}

/* Values of at most two digits (below 2**60 in magnitude) as int64: the
 * domain of the fast paths, where sums and products of one-digit values
 * cannot overflow. */
static inline bool int_small2(const PhObject *o, int64_t *out)
{
    ssize_t s = ((const PhVarObject *)o)->size;
    const int_digit *d = DIG(o);
    switch (s) {
    case 0: *out = 0; return true;
    case 1: *out = d[0]; return true;
    case -1: *out = -(int64_t)d[0]; return true;
    case 2: *out = (int64_t)(((uint64_t)d[1] << INT_SHIFT) | d[0]); return true;
    case -2: *out = -(int64_t)(((uint64_t)d[1] << INT_SHIFT) | d[0]); return true;
    default: return false;
    }
}

size_t int_sizeof(const PhObject *o)
{
    ssize_t n = int_ndigits(o);
    return type_object_size(o->type, n > 0 ? n : 1);
}

/* Copy of |o|'s digits into a fresh (unnormalised-safe) int with the given
 * sign (-1, 0 or 1). */
static PhInt *int_copy_sign(PhState *S, const PhObject *o, int sign)
{
    ssize_t n = int_ndigits(o);
    PhInt *z = int_new(S, n);
    if (!z) return NULL;
    memcpy(z->digits, DIG(o), (size_t)n * sizeof(int_digit));
    z->ob.size = sign < 0 ? -n : n;
    return z;
}

PhObject *int_exact(PhState *S, PhObject *o)
{
    if (o->type == &S->types.int_) {
        INCREF(o);
        return o;
    }
    int64_t v;
    if (int_small2(o, &v)) return int_from_i64(S, v);
    PhInt *z = int_copy_sign(S, o, int_sign(o));
    return z ? int_finish(S, z) : NULL;
}

/* The cache objects are allocated one after another from a fresh pool of
 * the 32-byte class, so, as in CPython, id(n + 1) - id(n) == 32. */
int int_cache_init(PhState *S)
{
    for (int i = 0; i < INT_NSMALL; i++) {
        int64_t value = INT_SMALL_MIN + i;
        uint64_t mag = value < 0 ? (uint64_t)-value : (uint64_t)value;
        PhInt *v = int_alloc(S, digits_for_u64(mag));
        if (!v) return -1;
        int_set_u64(v, mag, value < 0);
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

/* ===========================================================================
 * 2. magnitude primitives
 *
 * Digit arrays are least significant first; "n" counts digits. Unless said
 * otherwise inputs may carry leading zero digits.
 * =========================================================================== */

static inline int digit_bits(int_digit d) { return d ? 32 - __builtin_clz(d) : 0; }

/* Floor division of a signed two-digit intermediate by 2**30, portable
 * (right shifts of negative values are implementation-defined in C). */
static inline stwodigits floor_shift(stwodigits z)
{
    return (z - (stwodigits)((twodigits)z & INT_MASK)) / (stwodigits)INT_BASE;
}

/* x[0..nx) += y[0..ny) (ny <= nx); returns the carry out. */
static int_digit mag_add_in(int_digit *x, ssize_t nx, const int_digit *y, ssize_t ny)
{
    int_digit carry = 0;
    ssize_t i = 0;
    for (; i < ny; i++) {
        carry += x[i] + y[i];
        x[i] = carry & INT_MASK;
        carry >>= INT_SHIFT;
    }
    for (; carry && i < nx; i++) {
        carry += x[i];
        x[i] = carry & INT_MASK;
        carry >>= INT_SHIFT;
    }
    return carry;
}

/* x[0..nx) -= y[0..ny) (ny <= nx); returns the borrow out. */
static int_digit mag_sub_in(int_digit *x, ssize_t nx, const int_digit *y, ssize_t ny)
{
    int_digit borrow = 0;
    ssize_t i = 0;
    for (; i < ny; i++) {
        borrow = x[i] - y[i] - borrow;
        x[i] = borrow & INT_MASK;
        borrow = (borrow >> INT_SHIFT) & 1;
    }
    for (; borrow && i < nx; i++) {
        borrow = x[i] - borrow;
        x[i] = borrow & INT_MASK;
        borrow = (borrow >> INT_SHIFT) & 1;
    }
    return borrow;
}

/* |a| + |b| as a fresh positive int (unnormalised). */
static PhInt *mag_add(PhState *S, const int_digit *a, ssize_t na, const int_digit *b, ssize_t nb)
{
    if (na < nb) {
        const int_digit *t = a; a = b; b = t;
        ssize_t tn = na; na = nb; nb = tn;
    }
    PhInt *z = int_new(S, na + 1);
    if (!z) return NULL;
    memcpy(z->digits, a, (size_t)na * sizeof(int_digit));
    z->digits[na] = mag_add_in(z->digits, na, b, nb);
    return z;
}

/* |a| - |b| as a fresh int with the right sign (unnormalised). */
static PhInt *mag_sub(PhState *S, const int_digit *a, ssize_t na, const int_digit *b, ssize_t nb)
{
    bool neg = false;
    while (na > 0 && a[na - 1] == 0) na--;
    while (nb > 0 && b[nb - 1] == 0) nb--;
    if (na < nb) neg = true;
    else if (na == nb) {
        ssize_t i = na - 1;
        while (i >= 0 && a[i] == b[i]) i--;
        if (i < 0) return int_new(S, 0);
        if (a[i] < b[i]) neg = true;
        na = nb = i + 1; /* the equal high digits cancel */
    }
    if (neg) {
        const int_digit *t = a; a = b; b = t;
        ssize_t tn = na; na = nb; nb = tn;
    }
    PhInt *z = int_new(S, na);
    if (!z) return NULL;
    memcpy(z->digits, a, (size_t)na * sizeof(int_digit));
    mag_sub_in(z->digits, na, b, nb);
    if (neg) z->ob.size = -na;
    return z;
}

/* z[0..na+nb) = a * b by the schoolbook method; z must not overlap a, b. */
static void mag_mul_school(const int_digit *a, ssize_t na, const int_digit *b, ssize_t nb,
                           int_digit *z)
{
    memset(z, 0, (size_t)(na + nb) * sizeof(int_digit));
    for (ssize_t i = 0; i < na; i++) {
        twodigits f = a[i], carry = 0;
        if (f == 0) continue;
        int_digit *pz = z + i;
        for (ssize_t j = 0; j < nb; j++) {
            carry += pz[j] + b[j] * f; /* < 2**61: no overflow */
            pz[j] = (int_digit)(carry & INT_MASK);
            carry >>= INT_SHIFT;
        }
        pz[nb] = (int_digit)carry; /* row i has not reached z[i + nb] yet */
    }
}

static int_digit *digits_alloc(PhState *S, ssize_t n)
{
    return heap_alloc(mem_of(S)->heap, (size_t)(n > 0 ? n : 1) * sizeof(int_digit));
}
static void digits_free(PhState *S, int_digit *p) { heap_free(mem_of(S)->heap, p); }

static int mag_mul(PhState *S, const int_digit *a, ssize_t na, const int_digit *b, ssize_t nb,
                   int_digit *z);

/* z = a * b where b is at least twice as long as a: multiply a by slices of
 * b as long as a, so that each product is balanced for Karatsuba. */
static int mag_mul_lopsided(PhState *S, const int_digit *a, ssize_t na, const int_digit *b,
                            ssize_t nb, int_digit *z)
{
    int_digit *t = digits_alloc(S, 2 * na);
    if (!t) return -1;
    memset(z, 0, (size_t)(na + nb) * sizeof(int_digit));
    for (ssize_t off = 0; off < nb; off += na) {
        ssize_t slice = nb - off < na ? nb - off : na;
        if (mag_mul(S, a, na, b + off, slice, t) < 0) {
            digits_free(S, t);
            return -1;
        }
        mag_add_in(z + off, na + nb - off, t, na + slice);
    }
    digits_free(S, t);
    return 0;
}

/* z[0..na+nb) = a * b by Karatsuba's method: with B = 2**(30*s),
 *   a*b = ah*bh*B**2 + ((ah+al)(bh+bl) - ah*bh - al*bl)*B + al*bl.
 * Requires na <= nb, 2*na > nb and na > KARATSUBA_CUTOFF. */
static int mag_mul_karatsuba(PhState *S, const int_digit *a, ssize_t na, const int_digit *b,
                             ssize_t nb, int_digit *z)
{
    ssize_t s = nb / 2; /* na > s, so ah has at least one digit */
    const int_digit *al = a, *ah = a + s, *bl = b, *bh = b + s;
    ssize_t nah = na - s, nbh = nb - s;
    ssize_t nsa = (nah > s ? nah : s) + 1, nsb = nbh + 1; /* nbh >= s */
    int_digit *sa = digits_alloc(S, nsa + nsb + nsa + nsb);
    if (!sa) return -1;
    int_digit *sb = sa + nsa, *k = sb + nsb;

    /* al*bl into z[0..2s), ah*bh into z[2s..na+nb). */
    if (mag_mul(S, al, s, bl, s, z) < 0 || mag_mul(S, ah, nah, bh, nbh, z + 2 * s) < 0) {
        digits_free(S, sa);
        return -1;
    }
    /* sa = ah + al, sb = bh + bl */
    memset(sa, 0, (size_t)(nsa + nsb) * sizeof(int_digit));
    memcpy(sa, ah, (size_t)nah * sizeof(int_digit));
    mag_add_in(sa, nsa, al, s);
    memcpy(sb, bh, (size_t)nbh * sizeof(int_digit));
    mag_add_in(sb, nsb, bl, s);
    if (mag_mul(S, sa, nsa, sb, nsb, k) < 0) {
        digits_free(S, sa);
        return -1;
    }
    ssize_t nk = nsa + nsb;
    mag_sub_in(k, nk, z, 2 * s);
    mag_sub_in(k, nk, z + 2 * s, nah + nbh);
    while (nk > 0 && k[nk - 1] == 0) nk--; /* the middle term fits in z */
    mag_add_in(z + s, na + nb - s, k, nk);
    digits_free(S, sa);
    return 0;
}

/* z[0..na+nb) = a * b; z must not overlap a or b. -1: out of memory. */
static int mag_mul(PhState *S, const int_digit *a, ssize_t na, const int_digit *b, ssize_t nb,
                   int_digit *z)
{
    if (na > nb) {
        const int_digit *t = a; a = b; b = t;
        ssize_t tn = na; na = nb; nb = tn;
    }
    if (na <= KARATSUBA_CUTOFF) {
        mag_mul_school(a, na, b, nb, z);
        return 0;
    }
    if (2 * na <= nb) return mag_mul_lopsided(S, a, na, b, nb, z);
    return mag_mul_karatsuba(S, a, na, b, nb, z);
}

/* q[0..n) = a[0..n) / d; returns the remainder. q may alias a. */
static int_digit mag_divrem1(const int_digit *a, ssize_t n, int_digit d, int_digit *q)
{
    twodigits rem = 0;
    for (ssize_t i = n - 1; i >= 0; i--) {
        rem = (rem << INT_SHIFT) | a[i];
        int_digit hi = (int_digit)(rem / d);
        q[i] = hi;
        rem -= (twodigits)hi * d;
    }
    return (int_digit)rem;
}

/* z[0..n) = a[0..n) << sh (0 <= sh < 30); returns the bits shifted out. */
static int_digit mag_lshift_small(int_digit *z, const int_digit *a, ssize_t n, int sh)
{
    int_digit carry = 0;
    for (ssize_t i = 0; i < n; i++) {
        twodigits acc = ((twodigits)a[i] << sh) | carry;
        z[i] = (int_digit)acc & INT_MASK;
        carry = (int_digit)(acc >> INT_SHIFT);
    }
    return carry;
}

/* z[0..n) = a[0..n) >> sh (0 <= sh < 30); returns the bits shifted out
 * (in the low sh bits). z may alias a. */
static int_digit mag_rshift_small(int_digit *z, const int_digit *a, ssize_t n, int sh)
{
    int_digit carry = 0, mask = ((int_digit)1 << sh) - 1;
    for (ssize_t i = n - 1; i >= 0; i--) {
        twodigits acc = ((twodigits)carry << INT_SHIFT) | a[i];
        carry = a[i] & mask;
        z[i] = (int_digit)(acc >> sh);
    }
    return carry;
}

/* Knuth's algorithm D. a has na >= nb digits, b has nb >= 2 digits with a
 * non-zero top digit. Produces the quotient (na - nb + 1 digits) and the
 * remainder (nb digits), both positive and unnormalised. */
static int mag_divrem_knuth(PhState *S, const int_digit *a, ssize_t na, const int_digit *b,
                            ssize_t nb, PhInt **pq, PhInt **pr)
{
    PhInt *v = int_new(S, na + 1), *w = int_new(S, nb), *q = NULL;
    if (!v || !w) goto fail;
    /* Normalise: shift so that the divisor's top digit has its high bit set;
     * then each estimated quotient digit is at most 2 too large. */
    int d = INT_SHIFT - digit_bits(b[nb - 1]);
    mag_lshift_small(w->digits, b, nb, d);
    v->digits[na] = mag_lshift_small(v->digits, a, na, d);
    ssize_t k = na + 1 - nb; /* quotient digits */
    q = int_new(S, k);
    if (!q) goto fail;

    int_digit *vd = v->digits, *wd = w->digits;
    int_digit wm1 = wd[nb - 1], wm2 = wd[nb - 2];
    for (ssize_t j = k - 1; j >= 0; j--) {
        int_digit *vk = vd + j;
        int_digit vtop = vk[nb];
        twodigits vv = ((twodigits)vtop << INT_SHIFT) | vk[nb - 1];
        int_digit qd = (int_digit)(vv / wm1);
        twodigits r = vv - (twodigits)wm1 * qd;
        while ((twodigits)wm2 * qd > ((r << INT_SHIFT) | vk[nb - 2])) {
            qd--;
            r += wm1;
            if (r >= INT_BASE) break;
        }
        /* vk[0..nb] -= qd * w */
        stwodigits zhi = 0;
        for (ssize_t i = 0; i < nb; i++) {
            stwodigits z = (stwodigits)vk[i] + zhi - (stwodigits)qd * (stwodigits)wd[i];
            vk[i] = (int_digit)((twodigits)z & INT_MASK);
            zhi = floor_shift(z);
        }
        if ((stwodigits)vtop + zhi < 0) { /* estimate one too large: add back */
            int_digit carry = 0;
            for (ssize_t i = 0; i < nb; i++) {
                carry += vk[i] + wd[i];
                vk[i] = carry & INT_MASK;
                carry >>= INT_SHIFT;
            }
            qd--;
        }
        q->digits[j] = qd;
    }
    /* The remainder is v's low nb digits, shifted back. */
    mag_rshift_small(w->digits, vd, nb, d);
    DECREF(S, v);
    *pq = q;
    *pr = w;
    return 0;
fail:
    XDECREF(S, v);
    XDECREF(S, w);
    XDECREF(S, q);
    return -1;
}

/* Truncating division of magnitudes: |a| = q*|b| + r. Results positive,
 * unnormalised. b must be non-zero. */
static int mag_divrem(PhState *S, const PhObject *a, const PhObject *b, PhInt **pq, PhInt **pr)
{
    ssize_t na = int_ndigits(a), nb = int_ndigits(b);
    if (na < nb || (na == nb && DIG(a)[na - 1] < DIG(b)[nb - 1])) {
        *pq = int_new(S, 0);
        *pr = *pq ? int_copy_sign(S, a, 1) : NULL;
        if (!*pr) {
            XDECREF(S, *pq);
            return -1;
        }
        return 0;
    }
    if (nb == 1) {
        PhInt *q = int_new(S, na), *r = int_new(S, 1);
        if (!q || !r) {
            XDECREF(S, q);
            XDECREF(S, r);
            return -1;
        }
        r->digits[0] = mag_divrem1(DIG(a), na, DIG(b)[0], q->digits);
        *pq = q;
        *pr = r;
        return 0;
    }
    return mag_divrem_knuth(S, DIG(a), na, DIG(b), nb, pq, pr);
}

/* ===========================================================================
 * 3. arithmetic on int objects
 * =========================================================================== */

PhObject *int_add(PhState *S, PhObject *a, PhObject *b)
{
    int64_t x = 0, y = 0;
    if (int_small2(a, &x) && int_small2(b, &y)) return int_from_i64(S, x + y);
    const int_digit *da = DIG(a), *db = DIG(b);
    ssize_t na = int_ndigits(a), nb = int_ndigits(b);
    PhInt *z;
    if (int_sign(a) < 0) {
        if (int_sign(b) < 0) {
            z = mag_add(S, da, na, db, nb);
            if (z) z->ob.size = -z->ob.size;
        } else
            z = mag_sub(S, db, nb, da, na);
    } else
        z = int_sign(b) < 0 ? mag_sub(S, da, na, db, nb) : mag_add(S, da, na, db, nb);
    return z ? int_finish(S, z) : NULL;
}

PhObject *int_sub(PhState *S, PhObject *a, PhObject *b)
{
    int64_t x = 0, y = 0;
    if (int_small2(a, &x) && int_small2(b, &y)) return int_from_i64(S, x - y);
    const int_digit *da = DIG(a), *db = DIG(b);
    ssize_t na = int_ndigits(a), nb = int_ndigits(b);
    PhInt *z;
    if (int_sign(a) < 0) {
        z = int_sign(b) < 0 ? mag_sub(S, db, nb, da, na) : mag_add(S, da, na, db, nb);
        if (z && int_sign(b) >= 0) z->ob.size = -z->ob.size;
    } else
        z = int_sign(b) < 0 ? mag_add(S, da, na, db, nb) : mag_sub(S, da, na, db, nb);
    return z ? int_finish(S, z) : NULL;
}

PhObject *int_mul(PhState *S, PhObject *a, PhObject *b)
{
    ssize_t na = int_ndigits(a), nb = int_ndigits(b);
    if (na <= 1 && nb <= 1) {
        int64_t x = 0, y = 0;
        int_small2(a, &x);
        int_small2(b, &y);
        return int_from_i64(S, x * y); /* < 2**60 */
    }
    if (na == 0 || nb == 0) return small_int(S, 0);
    PhInt *z = int_new(S, na + nb);
    if (!z) return NULL;
    if (mag_mul(S, DIG(a), na, DIG(b), nb, z->digits) < 0) {
        DECREF(S, z);
        return err_no_memory(S);
    }
    if (int_sign(a) != int_sign(b)) z->ob.size = -z->ob.size;
    return int_finish(S, z);
}

static PhObject *zero_division(PhState *S)
{
    return err_format(S, &S->exc.ZeroDivisionError, "integer division or modulo by zero");
}

/* Floor division of int64 values (no overflow: |x|, |y| < 2**60). */
static inline void i64_floor_divmod(int64_t x, int64_t y, int64_t *q, int64_t *r)
{
    int64_t qq = x / y, rr = x % y;
    if (rr != 0 && ((rr < 0) != (y < 0))) {
        qq -= 1;
        rr += y;
    }
    *q = qq;
    *r = rr;
}

int int_divmod(PhState *S, PhObject *a, PhObject *b, PhObject **pq, PhObject **pr)
{
    int64_t x = 0, y = 0;
    if (int_sign(b) == 0) {
        zero_division(S);
        return -1;
    }
    if (int_small2(a, &x) && int_small2(b, &y)) {
        int64_t q, r;
        i64_floor_divmod(x, y, &q, &r);
        *pq = int_from_i64(S, q);
        *pr = *pq ? int_from_i64(S, r) : NULL;
        if (!*pr) {
            if (*pq) CLEAR(S, *pq);
            return -1;
        }
        return 0;
    }
    PhInt *q, *r;
    if (mag_divrem(S, a, b, &q, &r) < 0) return -1;
    /* Truncating division: q takes the product of the signs, r a's sign. */
    if (int_sign(a) != int_sign(b)) q->ob.size = -q->ob.size;
    if (int_sign(a) < 0) r->ob.size = -r->ob.size;
    PhObject *qo = int_finish(S, q), *ro = int_finish(S, r);
    /* Floor: when r is non-zero with the sign opposite to b's, q -= 1 and
     * r += b. */
    if (int_sign(ro) != 0 && int_sign(ro) != int_sign(b)) {
        PhObject *t = int_add(S, ro, b);
        DECREF(S, ro);
        ro = t;
        t = ro ? int_sub(S, qo, S->small_ints[1 - INT_SMALL_MIN]) : NULL;
        DECREF(S, qo);
        qo = t;
        if (!qo || !ro) {
            XDECREF(S, qo);
            XDECREF(S, ro);
            return -1;
        }
    }
    *pq = qo;
    *pr = ro;
    return 0;
}

PhObject *int_floordiv(PhState *S, PhObject *a, PhObject *b)
{
    int64_t x = 0, y = 0;
    if (int_small2(a, &x) && int_small2(b, &y) && y != 0) {
        int64_t q, r;
        i64_floor_divmod(x, y, &q, &r);
        return int_from_i64(S, q);
    }
    PhObject *q, *r;
    if (int_divmod(S, a, b, &q, &r) < 0) return NULL;
    DECREF(S, r);
    return q;
}

PhObject *int_mod(PhState *S, PhObject *a, PhObject *b)
{
    int64_t x = 0, y = 0;
    if (int_sign(b) == 0)
        return err_format(S, &S->exc.ZeroDivisionError, "integer modulo by zero");
    if (int_small2(a, &x) && int_small2(b, &y) && y != 0) {
        int64_t q, r;
        i64_floor_divmod(x, y, &q, &r);
        return int_from_i64(S, r);
    }
    PhObject *q, *r;
    if (int_divmod(S, a, b, &q, &r) < 0) return NULL;
    DECREF(S, q);
    return r;
}

PhObject *int_neg(PhState *S, PhObject *a)
{
    int64_t x = 0;
    if (int_small2(a, &x)) return int_from_i64(S, -x);
    PhInt *z = int_copy_sign(S, a, -int_sign(a));
    return z ? (PhObject *)z : NULL; /* >= 3 digits: never small */
}

PhObject *int_abs(PhState *S, PhObject *a)
{
    if (int_sign(a) < 0) return int_neg(S, a);
    return int_exact(S, a);
}

PhObject *int_invert(PhState *S, PhObject *a)
{
    int64_t x = 0;
    if (int_small2(a, &x)) return int_from_i64(S, ~x);
    /* ~a == -(a + 1) */
    PhObject *t = int_add(S, a, S->small_ints[1 - INT_SMALL_MIN]);
    if (!t) return NULL;
    PhObject *r = int_neg(S, t);
    DECREF(S, t);
    return r;
}

uint64_t int_bit_length(const PhObject *o)
{
    ssize_t n = int_ndigits(o);
    if (n == 0) return 0;
    return (uint64_t)(n - 1) * INT_SHIFT + (uint64_t)digit_bits(DIG(o)[n - 1]);
}

PhObject *int_lshift_by(PhState *S, PhObject *a, uint64_t count)
{
    ssize_t na = int_ndigits(a);
    if (na == 0) return small_int(S, 0);
    int64_t x = 0;
    if (count < 64 && int_small2(a, &x)) {
        uint64_t mag = x < 0 ? (uint64_t)-x : (uint64_t)x;
        if (count == 0 || (mag >> (63 - count)) == 0) {
            int64_t v = (int64_t)(mag << count);
            return int_from_i64(S, x < 0 ? -v : v);
        }
    }
    uint64_t wordshift = count / INT_SHIFT;
    int remshift = (int)(count % INT_SHIFT);
    if (wordshift > (uint64_t)(INT_MAX_DIGITS - na - 1))
        return err_format(S, &S->exc.OverflowError, "too many digits in integer");
    ssize_t n = na + (ssize_t)wordshift + 1;
    PhInt *z = int_new(S, n);
    if (!z) return NULL;
    memset(z->digits, 0, (size_t)wordshift * sizeof(int_digit));
    z->digits[n - 1] = mag_lshift_small(z->digits + wordshift, DIG(a), na, remshift);
    if (int_sign(a) < 0) z->ob.size = -n;
    return int_finish(S, z);
}

PhObject *int_rshift_by(PhState *S, PhObject *a, uint64_t count)
{
    int64_t x = 0;
    if (int_small2(a, &x)) {
        if (count >= 63) return small_int(S, x < 0 ? -1 : 0);
        return int_from_i64(S, x >> count); /* arithmetic shift = floor */
    }
    if (int_sign(a) < 0) { /* floor semantics: a >> n == ~(~a >> n) */
        PhObject *t = int_invert(S, a);
        if (!t) return NULL;
        PhObject *u = int_rshift_by(S, t, count);
        DECREF(S, t);
        if (!u) return NULL;
        PhObject *r = int_invert(S, u);
        DECREF(S, u);
        return r;
    }
    ssize_t na = int_ndigits(a);
    uint64_t wordshift = count / INT_SHIFT;
    if (wordshift >= (uint64_t)na) return small_int(S, 0);
    ssize_t n = na - (ssize_t)wordshift;
    PhInt *z = int_new(S, n);
    if (!z) return NULL;
    mag_rshift_small(z->digits, DIG(a) + wordshift, n, (int)(count % INT_SHIFT));
    return int_finish(S, z);
}

/* The shift count of a << b / a >> b: -1 and ValueError when negative;
 * *huge is set when it does not fit in 63 bits. */
static int shift_count(PhState *S, PhObject *b, uint64_t *count, bool *huge)
{
    if (int_sign(b) < 0) {
        err_format(S, &S->exc.ValueError, "negative shift count");
        return -1;
    }
    int overflow;
    int64_t v = int_as_i64(b, &overflow);
    *huge = overflow != 0;
    *count = overflow ? UINT64_MAX : (uint64_t)v;
    return 0;
}

PhObject *int_lshift(PhState *S, PhObject *a, PhObject *b)
{
    uint64_t count;
    bool huge;
    if (shift_count(S, b, &count, &huge) < 0) return NULL;
    if (int_sign(a) == 0) return small_int(S, 0);
    if (huge) return err_format(S, &S->exc.OverflowError, "too many digits in integer");
    return int_lshift_by(S, a, count);
}

PhObject *int_rshift(PhState *S, PhObject *a, PhObject *b)
{
    uint64_t count;
    bool huge;
    if (shift_count(S, b, &count, &huge) < 0) return NULL;
    return int_rshift_by(S, a, count);
}

/* One digit of the infinite two's complement form of a value, produced
 * from least significant up: for a negative value, ~|v| + 1. */
static inline int_digit twos_next(int_digit d, bool neg, int_digit *carry)
{
    if (!neg) return d;
    int_digit t = (~d & INT_MASK) + *carry;
    *carry = t >> INT_SHIFT;
    return t & INT_MASK;
}

/* a & b, a | b, a ^ b with the semantics of infinite two's complement. The
 * operands and the result are converted digit by digit in one pass. */
static PhObject *int_bitwise(PhState *S, PhObject *a, char op, PhObject *b)
{
    int64_t x = 0, y = 0;
    if (int_small2(a, &x) && int_small2(b, &y))
        return int_from_i64(S, op == '&' ? (x & y) : op == '|' ? (x | y) : (x ^ y));
    ssize_t na = int_ndigits(a), nb = int_ndigits(b);
    bool nega = int_sign(a) < 0, negb = int_sign(b) < 0;
    bool negz = op == '&' ? (nega && negb) : op == '|' ? (nega || negb) : (nega != negb);
    ssize_t n = (na > nb ? na : nb) + 1;
    PhInt *z = int_new(S, n);
    if (!z) return NULL;
    int_digit ca = 1, cb = 1, cz = 1;
    for (ssize_t i = 0; i < n; i++) {
        int_digit da = twos_next(i < na ? DIG(a)[i] : 0, nega, &ca);
        int_digit db = twos_next(i < nb ? DIG(b)[i] : 0, negb, &cb);
        int_digit dz = op == '&' ? (da & db) : op == '|' ? (da | db) : (da ^ db);
        z->digits[i] = twos_next(dz, negz, &cz);
    }
    if (negz) z->ob.size = -n;
    return int_finish(S, z);
}

PhObject *int_and(PhState *S, PhObject *a, PhObject *b) { return int_bitwise(S, a, '&', b); }
PhObject *int_or(PhState *S, PhObject *a, PhObject *b) { return int_bitwise(S, a, '|', b); }
PhObject *int_xor(PhState *S, PhObject *a, PhObject *b) { return int_bitwise(S, a, '^', b); }

int int_compare(const PhObject *a, const PhObject *b)
{
    ssize_t sa = ((const PhVarObject *)a)->size, sb = ((const PhVarObject *)b)->size;
    if (sa != sb) return sa < sb ? -1 : 1;
    ssize_t i = sa < 0 ? -sa : sa;
    const int_digit *da = DIG(a), *db = DIG(b);
    while (--i >= 0 && da[i] == db[i]) {}
    if (i < 0) return 0;
    int c = da[i] < db[i] ? -1 : 1;
    return sa < 0 ? -c : c;
}

/* The hash modulus: the Mersenne prime 2**61 - 1. Reducing a value digit
 * by digit works because 2**61 == 1 (mod P), so multiplying by 2**30 is a
 * rotation of the 61-bit residue. */
#define HASH_BITS 61
#define HASH_MODULUS (((uint64_t)1 << HASH_BITS) - 1)

int64_t int_hash(const PhObject *o)
{
    ssize_t n = int_ndigits(o);
    const int_digit *d = DIG(o);
    uint64_t x = 0;
    for (ssize_t i = n - 1; i >= 0; i--) {
        x = ((x << INT_SHIFT) & HASH_MODULUS) | (x >> (HASH_BITS - INT_SHIFT));
        x += d[i];
        if (x >= HASH_MODULUS) x -= HASH_MODULUS;
    }
    int64_t h = int_sign(o) < 0 ? -(int64_t)x : (int64_t)x;
    return h == -1 ? -2 : h;
}

PhObject *int_gcd(PhState *S, PhObject *a, PhObject *b)
{
    int64_t x = 0, y = 0;
    if (int_small2(a, &x) && int_small2(b, &y)) {
        uint64_t u = x < 0 ? (uint64_t)-x : (uint64_t)x, v = y < 0 ? (uint64_t)-y : (uint64_t)y;
        while (v) {
            uint64_t t = u % v;
            u = v;
            v = t;
        }
        return int_from_u64(S, u);
    }
    /* Euclid on objects, dropping to the fast path once both fit. */
    PhObject *u = int_abs(S, a), *v = u ? int_abs(S, b) : NULL;
    while (v && int_sign(v) != 0) {
        if (int_small2(u, &x) && int_small2(v, &y)) {
            PhObject *r = int_gcd(S, u, v);
            DECREF(S, u);
            DECREF(S, v);
            return r;
        }
        PhObject *t = int_mod(S, u, v);
        DECREF(S, u);
        u = v;
        v = t;
    }
    if (!v) {
        XDECREF(S, u);
        return NULL;
    }
    DECREF(S, v);
    return u;
}

/* ---- power ------------------------------------------------------------------ */

/* r = (r * f) [mod m]; steals r. */
static PhObject *mul_mod(PhState *S, PhObject *r, PhObject *f, PhObject *m)
{
    PhObject *t = int_mul(S, r, f);
    DECREF(S, r);
    if (!t || !m) return t;
    PhObject *u = int_mod(S, t, m);
    DECREF(S, t);
    return u;
}

/* a ** e [mod m] for e >= 0, left to right over the bits of e. m is NULL or
 * positive, and a is already reduced when m is given. */
static PhObject *pow_binary(PhState *S, PhObject *a, PhObject *e, PhObject *m)
{
    PhObject *r = small_int(S, 1);
    for (int64_t bit = (int64_t)int_bit_length(e) - 1; bit >= 0; bit--) {
        r = mul_mod(S, r, r, m);
        if (!r) return NULL;
        if ((DIG(e)[bit / INT_SHIFT] >> (bit % INT_SHIFT)) & 1) {
            r = mul_mod(S, r, a, m);
            if (!r) return NULL;
        }
    }
    return r;
}

/* The inverse of a modulo m (m > 0) by the extended Euclidean algorithm. */
static PhObject *int_invmod(PhState *S, PhObject *a, PhObject *m)
{
    PhObject *r0 = int_mod(S, a, m), *r1 = int_exact(S, m);
    PhObject *s0 = small_int(S, 1), *s1 = small_int(S, 0), *res = NULL;
    if (!r0 || !r1) goto done;
    while (int_sign(r1) != 0) {
        PhObject *q, *rem;
        if (int_divmod(S, r0, r1, &q, &rem) < 0) goto done;
        PhObject *qs = int_mul(S, q, s1);
        DECREF(S, q);
        PhObject *s2 = qs ? int_sub(S, s0, qs) : NULL;
        XDECREF(S, qs);
        if (!s2) {
            DECREF(S, rem);
            goto done;
        }
        DECREF(S, r0);
        r0 = r1;
        r1 = rem;
        DECREF(S, s0);
        s0 = s1;
        s1 = s2;
    }
    if (!(int_ndigits(r0) == 1 && DIG(r0)[0] == 1)) {
        err_format(S, &S->exc.ValueError, "base is not invertible for the given modulus");
        goto done;
    }
    res = int_mod(S, s0, m);
done:
    XDECREF(S, r0);
    XDECREF(S, r1);
    XDECREF(S, s0);
    XDECREF(S, s1);
    return res;
}

static PhObject *int_pow_mod(PhState *S, PhObject *a, PhObject *b, PhObject *m)
{
    if (int_sign(m) == 0)
        return err_format(S, &S->exc.ValueError, "pow() 3rd argument cannot be 0");
    bool neg_out = int_sign(m) < 0;
    PhObject *mm = int_abs(S, m), *base = NULL, *exp = NULL, *r = NULL;
    if (!mm) return NULL;
    if (int_ndigits(mm) == 1 && DIG(mm)[0] == 1) { /* anything mod 1 is 0 */
        DECREF(S, mm);
        return small_int(S, 0);
    }
    if (int_sign(b) < 0) { /* a ** -e == inverse(a) ** e */
        base = int_invmod(S, a, mm);
        exp = base ? int_neg(S, b) : NULL;
    } else {
        base = int_mod(S, a, mm);
        exp = base ? int_exact(S, b) : NULL;
    }
    if (exp) r = pow_binary(S, base, exp, mm);
    if (r && neg_out && int_sign(r) != 0) { /* result in (m, 0] */
        PhObject *t = int_sub(S, r, mm);
        DECREF(S, r);
        r = t;
    }
    DECREF(S, mm);
    XDECREF(S, base);
    XDECREF(S, exp);
    return r;
}

PhObject *int_pow(PhState *S, PhObject *a, PhObject *b, PhObject *m)
{
    if (m && m != PH_NONE(S)) return int_pow_mod(S, a, b, m);
    if (int_sign(b) < 0) { /* a negative exponent makes a float */
        double x = int_to_double(S, a), y;
        if (x == -1.0 && err_occurred(S)) return NULL;
        y = int_to_double(S, b);
        if (y == -1.0 && err_occurred(S)) return NULL;
        PhObject *fa = float_from_double(S, x), *fb = fa ? float_from_double(S, y) : NULL;
        PhObject *r = fb ? float_pow(S, fa, fb, NULL) : NULL;
        XDECREF(S, fa);
        XDECREF(S, fb);
        return r;
    }
    int64_t x = 0;
    if (int_small2(a, &x) && (x == 0 || x == 1 || x == -1)) {
        if (x != -1) return small_int(S, int_sign(b) == 0 ? 1 : x);
        return small_int(S, (DIG(b)[0] & 1) ? -1 : 1);
    }
    /* Fast path: the exponent is small and the result fits in 63 bits. */
    int overflow;
    int64_t e = int_as_i64(b, &overflow);
    if (!overflow && int_small2(a, &x) && e < 64) {
        int64_t r = 1, f = x;
        bool fits = true;
        for (int64_t k = e; k && fits; k >>= 1) {
            if ((k & 1) && __builtin_mul_overflow(r, f, &r)) fits = false;
            if (k > 1 && __builtin_mul_overflow(f, f, &f)) fits = false;
        }
        if (fits) return int_from_i64(S, r);
    }
    /* The result has about bit_length(a) * b bits: refuse absurd sizes
     * before trying (CPython would fail allocating). */
    if (overflow || (double)(int_bit_length(a) - 1) * (double)e > (double)INT_MAX_DIGITS * 30.0)
        return err_no_memory(S);
    return pow_binary(S, a, b, NULL);
}

/* ===========================================================================
 * 4. conversions: double, str, other bases
 * =========================================================================== */

/* Bits [lo, lo+64) of |o| as a uint64 (bits past the top read as 0), and
 * whether any bit below lo is set. */
static uint64_t mag_bits_at(const PhObject *o, uint64_t lo, bool *sticky)
{
    ssize_t n = int_ndigits(o);
    const int_digit *d = DIG(o);
    uint64_t w = lo / INT_SHIFT;
    int off = (int)(lo % INT_SHIFT);
    *sticky = (d[w] & (((int_digit)1 << off) - 1)) != 0;
    for (uint64_t i = 0; !*sticky && i < w; i++) *sticky = d[i] != 0;
    uint64_t r = 0;
    int got = -off;
    for (uint64_t i = w; (ssize_t)i < n && got < 64; i++, got += INT_SHIFT)
        r |= got >= 0 ? (uint64_t)d[i] << got : (uint64_t)d[i] >> -got;
    return r;
}

/* Rounds q (which has `extra` excess low bits) to a multiple of 2**extra,
 * half to even; `sticky` says whether bits below q were lost. */
static uint64_t round_half_even(uint64_t q, int extra, bool sticky)
{
    uint64_t half = (uint64_t)1 << (extra - 1), low = q & ((half << 1) - 1);
    q -= low;
    if (low > half || (low == half && (sticky || ((q >> extra) & 1)))) q += half << 1;
    return q;
}

double int_as_double(PhState *S, PhObject *o, int *overflow)
{
    (void)S;
    *overflow = 0;
    int64_t x = 0;
    if (int_small2(o, &x)) return (double)x; /* < 2**60: one rounding, correct */
    uint64_t bits = int_bit_length(o);
    double sign = int_sign(o) < 0 ? -1.0 : 1.0;
    if (bits > DBL_MAX_EXP) {
        *overflow = 1;
        return sign * HUGE_VAL;
    }
    /* Take the top DBL_MANT_DIG + 2 bits and round to DBL_MANT_DIG. */
    uint64_t shift = bits - (DBL_MANT_DIG + 2);
    bool sticky;
    uint64_t q = mag_bits_at(o, shift, &sticky);
    q = round_half_even(q, 2, sticky);
    if ((q >> (DBL_MANT_DIG + 2)) && bits == DBL_MAX_EXP) { /* rounded up to 2**1024 */
        *overflow = 1;
        return sign * HUGE_VAL;
    }
    return sign * ldexp((double)q, (int)shift);
}

double int_frexp(const PhObject *o, int64_t *e)
{
    uint64_t bits = int_bit_length(o);
    *e = (int64_t)bits;
    if (bits == 0) return 0.0;
    double m;
    if (bits <= DBL_MANT_DIG) {
        int64_t x = 0;
        int_small2(o, &x);
        m = ldexp((double)(x < 0 ? -x : x), -(int)bits);
    } else {
        uint64_t shift = bits - (DBL_MANT_DIG + 2);
        bool sticky = false;
        uint64_t q = round_half_even(mag_bits_at(o, shift, &sticky), 2, sticky);
        m = ldexp((double)q, -(DBL_MANT_DIG + 2));
    }
    if (m == 1.0) { /* rounding carried into the next power of two */
        m = 0.5;
        (*e)++;
    }
    return int_sign(o) < 0 ? -m : m;
}

double int_to_double(PhState *S, PhObject *o)
{
    int overflow;
    double d = int_as_double(S, o, &overflow);
    if (overflow) {
        err_format(S, &S->exc.OverflowError, "int too large to convert to float");
        return -1.0;
    }
    return d;
}

PhObject *int_from_double(PhState *S, double d)
{
    if (isnan(d))
        return err_format(S, &S->exc.ValueError, "cannot convert float NaN to integer");
    if (isinf(d))
        return err_format(S, &S->exc.OverflowError, "cannot convert float infinity to integer");
    d = trunc(d);
    if (fabs(d) < 9223372036854775808.0) return int_from_i64(S, (int64_t)d);
    bool neg = d < 0;
    int expo;
    double frac = frexp(fabs(d), &expo); /* |d| = frac * 2**expo, expo >= 64 */
    ssize_t n = (expo - 1) / INT_SHIFT + 1;
    PhInt *z = int_new(S, n);
    if (!z) return NULL;
    /* Peel 30 bits at a time from the top; every step is exact. */
    frac = ldexp(frac, (expo - 1) % INT_SHIFT + 1);
    for (ssize_t i = n - 1; i >= 0; i--) {
        int_digit bits = (int_digit)frac;
        z->digits[i] = bits;
        frac = ldexp(frac - (double)bits, INT_SHIFT);
    }
    if (neg) z->ob.size = -n;
    return (PhObject *)z;
}

/* a / b correctly rounded (CPython's algorithm): scale a so that the
 * integer quotient has DBL_MANT_DIG + 2 or 3 bits, divide, and round once
 * using the remainder as the sticky bit. */
PhObject *int_true_divide(PhState *S, PhObject *a, PhObject *b)
{
    if (int_sign(b) == 0) return err_format(S, &S->exc.ZeroDivisionError, "division by zero");
    bool neg = (int_sign(a) < 0) != (int_sign(b) < 0);
    if (int_sign(a) == 0) return float_from_double(S, neg ? -0.0 : 0.0);
    uint64_t la = int_bit_length(a), lb = int_bit_length(b);
    if (la <= DBL_MANT_DIG && lb <= DBL_MANT_DIG) { /* both exact: one rounding */
        int ov;
        return float_from_double(S, int_as_double(S, a, &ov) / int_as_double(S, b, &ov));
    }
    int64_t diff = (int64_t)la - (int64_t)lb; /* a/b in (2**(diff-1), 2**(diff+1)) */
    if (diff > DBL_MAX_EXP)
        return err_format(S, &S->exc.OverflowError, "integer division result too large for a float");
    if (diff < DBL_MIN_EXP - DBL_MANT_DIG - 1) /* below half the smallest subnormal */
        return float_from_double(S, neg ? -0.0 : 0.0);
    int64_t shift = (diff > DBL_MIN_EXP ? diff : DBL_MIN_EXP) - DBL_MANT_DIG - 2;

    PhObject *x;
    bool inexact = false;
    PhObject *ma = int_abs(S, a), *mb = ma ? int_abs(S, b) : NULL;
    if (!mb) {
        XDECREF(S, ma);
        return NULL;
    }
    if (shift < 0) x = int_lshift_by(S, ma, (uint64_t)-shift);
    else {
        bool sticky = false;
        if (shift > 0) mag_bits_at(ma, (uint64_t)shift, &sticky);
        inexact = sticky;
        x = int_rshift_by(S, ma, (uint64_t)shift);
    }
    PhObject *q = NULL, *r = NULL;
    if (x && int_divmod(S, x, mb, &q, &r) == 0) {
        inexact = inexact || int_sign(r) != 0;
    }
    DECREF(S, ma);
    DECREF(S, mb);
    XDECREF(S, x);
    XDECREF(S, r);
    if (!q) return NULL;
    int ov;
    uint64_t qv = (uint64_t)int_as_i64(q, &ov); /* < 2**56 */
    DECREF(S, q);
    int qbits = qv ? 64 - __builtin_clzll(qv) : 0;
    int64_t extra = (qbits > DBL_MIN_EXP - shift ? qbits : DBL_MIN_EXP - shift) - DBL_MANT_DIG;
    qv = round_half_even(qv, (int)extra, inexact);
    qbits = qv ? 64 - __builtin_clzll(qv) : 0;
    if (qbits + shift > DBL_MAX_EXP)
        return err_format(S, &S->exc.OverflowError, "integer division result too large for a float");
    double d = ldexp((double)qv, (int)shift);
    return float_from_double(S, neg ? -d : d);
}

/* ---- text -------------------------------------------------------------------- */

PhObject *num_ascii_str(PhState *S, const char *buf, size_t n)
{
    PhObject *s = str_alloc(S, (ssize_t)n, 127);
    if (!s) return err_no_memory(S);
    memcpy(str_data(s), buf, n);
    return s;
}

int int_get_max_str_digits(PhState *S) { return S->int_max_str_digits; }

int int_set_max_str_digits(PhState *S, int64_t n)
{
    if (n != 0 && n < INT_MAX_STR_DIGITS_THRESHOLD) {
        err_format(S, &S->exc.ValueError, "maxdigits must be 0 or larger than %d",
                   INT_MAX_STR_DIGITS_THRESHOLD);
        return -1;
    }
    S->int_max_str_digits = n > INT_MAX ? INT_MAX : (int)n;
    return 0;
}

static PhObject *str_limit_error(PhState *S)
{
    return err_format(S, &S->exc.ValueError,
                      "Exceeds the limit (%d digits) for integer string conversion; "
                      "use sys.set_int_max_str_digits() to increase the limit",
                      S->int_max_str_digits);
}

/* Decimal text of o. Converts the 30-bit digits to base 10**9 (quadratic,
 * which the digit limit keeps cheap), then prints the 9-digit groups. */
PhObject *int_repr(PhState *S, PhObject *o)
{
    char buf[32];
    int64_t x = 0;
    if (int_small2(o, &x)) {
        /* |x| < 2**60: at most 19 digits, written backwards from the end. */
        char *p = buf + sizeof buf;
        uint64_t m = x < 0 ? 0 - (uint64_t)x : (uint64_t)x;
        do {
            *--p = (char)('0' + m % 10);
            m /= 10;
        } while (m);
        if (x < 0) *--p = '-';
        return num_ascii_str(S, p, (size_t)(buf + sizeof buf - p));
    }
    int limit = S->int_max_str_digits;
    uint64_t bits = int_bit_length(o);
    /* bits * log10(2) > limit proves the value has more digits than the
     * limit allows, without converting it. */
    if (limit > 0 && (double)(bits - 1) * 0.30102999566398120 > (double)limit + 1.0)
        return str_limit_error(S);

    const uint32_t GROUP = 1000000000u; /* 10**9 < 2**30 */
    ssize_t n = int_ndigits(o);
    /* 30 bits need at most 30*log10(2)/9 < 1.0035 groups: n + n/64 + 1. */
    ssize_t cap = n + n / 64 + 2, ng = 0;
    uint32_t *g = heap_alloc(mem_of(S)->heap, (size_t)cap * sizeof(uint32_t));
    if (!g) return err_no_memory(S);
    for (ssize_t i = n - 1; i >= 0; i--) {
        twodigits hi = DIG(o)[i];
        for (ssize_t j = 0; j < ng; j++) {
            twodigits z = ((twodigits)g[j] << INT_SHIFT) | hi;
            hi = z / GROUP;
            g[j] = (uint32_t)(z - hi * GROUP);
        }
        while (hi) {
            g[ng++] = (uint32_t)(hi % GROUP);
            hi /= GROUP;
        }
    }
    /* Length: 9 per lower group plus the digits of the top group. */
    int top = snprintf(buf, sizeof buf, "%u", g[ng - 1]);
    size_t ndig = (size_t)(ng - 1) * 9 + (size_t)top;
    if (limit > 0 && ndig > (size_t)limit) {
        heap_free(mem_of(S)->heap, g);
        return str_limit_error(S);
    }
    bool neg = int_sign(o) < 0;
    PhObject *s = str_alloc(S, (ssize_t)(ndig + neg), 127);
    if (!s) {
        heap_free(mem_of(S)->heap, g);
        return err_no_memory(S);
    }
    char *p = str_data(s);
    if (neg) *p++ = '-';
    memcpy(p, buf, (size_t)top);
    p += top;
    for (ssize_t j = ng - 2; j >= 0; j--) {
        uint32_t v = g[j];
        for (int k = 8; k >= 0; k--) {
            p[k] = (char)('0' + v % 10);
            v /= 10;
        }
        p += 9;
    }
    heap_free(mem_of(S)->heap, g);
    return s;
}

PhObject *int_to_base_str(PhState *S, PhObject *v, int base)
{
    if (base == 10) return int_repr(S, v);
    int bits = base == 16 ? 4 : base == 8 ? 3 : 1;
    char prefix = base == 16 ? 'x' : base == 8 ? 'o' : 'b';
    uint64_t nbits = int_bit_length(v);
    size_t ndig = nbits ? (size_t)((nbits + (uint64_t)bits - 1) / (uint64_t)bits) : 1;
    bool neg = int_sign(v) < 0;
    size_t len = ndig + 2 + neg;
    PhObject *s = str_alloc(S, (ssize_t)len, 127);
    if (!s) return err_no_memory(S);
    char *p = str_data(s);
    if (neg) *p++ = '-';
    *p++ = '0';
    *p++ = prefix;
    /* Fill from the least significant end, `bits` at a time. */
    twodigits acc = 0;
    int accbits = 0;
    ssize_t i = 0, n = int_ndigits(v);
    for (size_t k = ndig; k-- > 0;) {
        if (accbits < bits && i < n) {
            acc |= (twodigits)DIG(v)[i++] << accbits;
            accbits += INT_SHIFT;
        }
        p[k] = "0123456789abcdef"[acc & (twodigits)(base - 1)];
        acc >>= bits;
        accbits -= bits;
    }
    return s;
}

/* Value of a digit character in bases up to 36, or 37 for none. */
static inline int digit_value(unsigned char c)
{
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'z') return c - 'a' + 10;
    if (c >= 'A' && c <= 'Z') return c - 'A' + 10;
    return 37;
}

static inline bool ascii_space(unsigned char c)
{
    return c == ' ' || (c >= '\t' && c <= '\r');
}

/* Digits of a power-of-two base, packed from the last character. The text
 * has been validated; underscores are skipped. */
static PhInt *parse_pow2(PhState *S, const char *s, size_t len, int base, size_t ndigits)
{
    int bits = digit_bits((int_digit)base) - 1;
    uint64_t total = (uint64_t)ndigits * (uint64_t)bits;
    if (total / INT_SHIFT + 1 > (uint64_t)INT_MAX_DIGITS) {
        err_format(S, &S->exc.ValueError, "int string too large to convert");
        return NULL;
    }
    PhInt *z = int_new(S, (ssize_t)(total / INT_SHIFT + 1));
    if (!z) return NULL;
    twodigits acc = 0;
    int accbits = 0;
    ssize_t k = 0;
    for (size_t i = len; i-- > 0;) {
        if (s[i] == '_') continue;
        acc |= (twodigits)digit_value((unsigned char)s[i]) << accbits;
        accbits += bits;
        if (accbits >= INT_SHIFT) {
            z->digits[k++] = (int_digit)(acc & INT_MASK);
            acc >>= INT_SHIFT;
            accbits -= INT_SHIFT;
        }
    }
    z->digits[k++] = (int_digit)acc;
    z->ob.size = k;
    return z;
}

/* Other bases: multiply the accumulator by base**k and add the next k
 * digits, k as large as keeps base**k below 2**30. Quadratic. */
static PhInt *parse_general(PhState *S, const char *s, size_t len, int base, size_t ndigits)
{
    double log_base = log((double)base) / log(2.0);
    double est = (double)ndigits * log_base / INT_SHIFT + 2.0;
    if (est > (double)INT_MAX_DIGITS) {
        err_format(S, &S->exc.ValueError, "int string too large to convert");
        return NULL;
    }
    PhInt *z = int_new(S, (ssize_t)est);
    if (!z) return NULL;
    ssize_t nz = 0;
    int_digit conv_max = 1; /* base**k for the chunk being built */
    int_digit chunk = 0;
    for (size_t i = 0; i <= len; i++) {
        bool end = i == len;
        if (!end && s[i] == '_') continue;
        if (!end && (twodigits)conv_max * (twodigits)base < INT_BASE) {
            chunk = chunk * (int_digit)base + (int_digit)digit_value((unsigned char)s[i]);
            conv_max *= (int_digit)base;
            continue;
        }
        /* z = z * conv_max + chunk */
        twodigits carry = chunk;
        for (ssize_t j = 0; j < nz; j++) {
            carry += (twodigits)z->digits[j] * conv_max;
            z->digits[j] = (int_digit)(carry & INT_MASK);
            carry >>= INT_SHIFT;
        }
        if (carry) z->digits[nz++] = (int_digit)carry; /* < 2**30 */
        if (end) break;
        chunk = (int_digit)digit_value((unsigned char)s[i]);
        conv_max = (int_digit)base;
    }
    z->ob.size = nz;
    return z;
}

/* Parses the text; on a syntax error returns NULL with *bad set (and no
 * exception), so that the caller can report the original object. */
static PhObject *parse_int(PhState *S, const char *s, size_t len, int base, bool limit,
                           bool *bad)
{
    const char *end = s + len;
    *bad = false;
    while (s < end && ascii_space((unsigned char)*s)) s++;
    while (end > s && ascii_space((unsigned char)end[-1])) end--;
    bool neg = false;
    if (s < end && (*s == '+' || *s == '-')) neg = *s++ == '-';
    bool prefixed = false;
    if (end - s >= 2 && s[0] == '0') {
        char p = (char)(s[1] | 0x20);
        int pb = p == 'x' ? 16 : p == 'o' ? 8 : p == 'b' ? 2 : 0;
        if (pb && (base == 0 || base == pb)) {
            base = pb;
            s += 2;
            prefixed = true;
        }
    }
    bool base0_decimal = base == 0;
    if (base == 0) base = 10;
    /* Validate: digits with single underscores between them (one may
     * follow a prefix). */
    size_t ndigits = 0;
    bool prev_us = prefixed, any_nonzero = false;
    const char *p = s;
    if (p < end && *p == '_') {
        if (!prefixed) goto bad;
        p++;
        if (p == end) goto bad;
    }
    for (prev_us = false; p < end; p++) {
        if (*p == '_') {
            if (prev_us) goto bad;
            prev_us = true;
            continue;
        }
        int dv = digit_value((unsigned char)*p);
        if (dv >= base) goto bad;
        if (dv) any_nonzero = true;
        prev_us = false;
        ndigits++;
    }
    if (ndigits == 0 || prev_us) goto bad;
    /* Base 0 forbids leading zeros in non-zero decimal literals ("010"). */
    if (base0_decimal && !prefixed && s[0] == '0' && any_nonzero) goto bad;

    if ((base & (base - 1)) == 0) {
        PhInt *z = parse_pow2(S, s, (size_t)(end - s), base, ndigits);
        if (!z) return NULL;
        if (neg) z->ob.size = -z->ob.size;
        return int_finish(S, z);
    }
    if (limit && S->int_max_str_digits > 0 && ndigits > (size_t)S->int_max_str_digits)
        return err_format(S, &S->exc.ValueError,
                          "Exceeds the limit (%d digits) for integer string conversion: "
                          "value has %zu digits; use sys.set_int_max_str_digits() "
                          "to increase the limit",
                          S->int_max_str_digits, ndigits);
    if (ndigits <= 18) { /* usually fits in 63 bits: try it */
        uint64_t v = 0;
        bool fits = true;
        for (const char *q = s; q < end && fits; q++)
            if (*q != '_')
                fits = !__builtin_mul_overflow(v, (uint64_t)base, &v) &&
                       !__builtin_add_overflow(v, (uint64_t)digit_value((unsigned char)*q), &v);
        if (fits && v <= (uint64_t)INT64_MAX)
            return int_from_i64(S, neg ? -(int64_t)v : (int64_t)v);
    }
    PhInt *z = parse_general(S, s, (size_t)(end - s), base, ndigits);
    if (!z) return NULL;
    if (neg) z->ob.size = -z->ob.size;
    return int_finish(S, z);
bad:
    *bad = true;
    return NULL;
}

/* "invalid literal for int() with base N: <repr of the original, cut to
 * 200 characters>" */
/* The first n code points of a str, as a new str. */
static PhObject *str_prefix(PhState *S, PhObject *s, ssize_t n)
{
    uint32_t maxchar = 0;
    for (ssize_t i = 0; i < n; i++)
        if (str_char_at(s, i) > maxchar) maxchar = str_char_at(s, i);
    PhObject *r = str_alloc(S, n, maxchar);
    if (!r) return err_no_memory(S);
    void *d = str_data(r);
    for (ssize_t i = 0; i < n; i++) {
        uint32_t c = str_char_at(s, i);
        switch (str_kind(r)) {
        case 1: ((uint8_t *)d)[i] = (uint8_t)c; break;
        case 2: ((uint16_t *)d)[i] = (uint16_t)c; break;
        default: ((uint32_t *)d)[i] = c; break;
        }
    }
    return r;
}

/* "invalid literal for int() with base N: <repr of the original, cut to
 * 200 characters>" (CPython's %.200R). */
static PhObject *invalid_literal(PhState *S, int base, PhObject *orig)
{
    PhObject *r = obj_repr(S, orig);
    if (r && str_len(r) > 200) {
        PhObject *cut = str_prefix(S, r, 200);
        DECREF(S, r);
        r = cut;
    }
    if (!r) return NULL;
    err_format(S, &S->exc.ValueError, "invalid literal for int() with base %d: %U", base, r);
    DECREF(S, r);
    return NULL;
}

PhObject *int_from_string(PhState *S, const char *s, size_t len, int base)
{
    bool bad;
    PhObject *r = parse_int(S, s, len, base, false, &bad);
    if (!bad) return r;
    PhObject *orig = str_from_utf8(S, s, len);
    if (!orig) return err_no_memory(S);
    invalid_literal(S, base, orig);
    DECREF(S, orig);
    return NULL;
}

/* ===========================================================================
 * 5. helpers shared by the numbers files
 * =========================================================================== */


/* Generated by tools/gen_numbers_tables.py (Unicode 14.0, as CPython 3.11). */
static const uint32_t unicode_digit_zeros[] = {
    0x660,   0x6f0,   0x7c0,   0x966,   0x9e6,   0xa66,   0xae6,   0xb66,   0xbe6,
    0xc66,   0xce6,   0xd66,   0xde6,   0xe50,   0xed0,   0xf20,   0x1040,  0x1090,
    0x17e0,  0x1810,  0x1946,  0x19d0,  0x1a80,  0x1a90,  0x1b50,  0x1bb0,  0x1c40,
    0x1c50,  0xa620,  0xa8d0,  0xa900,  0xa9d0,  0xa9f0,  0xaa50,  0xabf0,  0xff10,
    0x104a0, 0x10d30, 0x11066, 0x110f0, 0x11136, 0x111d0, 0x112f0, 0x11450, 0x114d0,
    0x11650, 0x116c0, 0x11730, 0x118e0, 0x11950, 0x11c50, 0x11d50, 0x11da0, 0x16a60,
    0x16ac0, 0x16b50, 0x1d7ce, 0x1d7d8, 0x1d7e2, 0x1d7ec, 0x1d7f6, 0x1e140, 0x1e2f0,
    0x1e950, 0x1fbf0,
};
static const uint32_t unicode_spaces[] = {
    0x9,    0xa,    0xb,    0xc,    0xd,    0x1c,   0x1d,   0x1e,   0x1f,   0x20,
    0x85,   0xa0,   0x1680, 0x2000, 0x2001, 0x2002, 0x2003, 0x2004, 0x2005, 0x2006,
    0x2007, 0x2008, 0x2009, 0x200a, 0x2028, 0x2029, 0x202f, 0x205f, 0x3000,
};

static char unicode_to_ascii(uint32_t c)
{
    for (size_t i = 0; i < sizeof unicode_spaces / sizeof *unicode_spaces; i++)
        if (c == unicode_spaces[i]) return ' ';
    for (size_t i = 0; i < sizeof unicode_digit_zeros / sizeof *unicode_digit_zeros; i++)
        if (c >= unicode_digit_zeros[i] && c < unicode_digit_zeros[i] + 10)
            return (char)('0' + (c - unicode_digit_zeros[i]));
    return '?';
}

char *num_str_to_ascii(PhState *S, PhObject *s, size_t *len)
{
    ssize_t n = str_len(s);
    char *buf = heap_alloc(mem_of(S)->heap, (size_t)n + 1);
    if (!buf) {
        err_no_memory(S);
        return NULL;
    }
    for (ssize_t i = 0; i < n; i++) {
        uint32_t c = str_char_at(s, i);
        /* ASCII passes unchanged: \x1c..\x1f are str.isspace() but not
         * white space to the number parsers, as in CPython. */
        buf[i] = c < 0x80 ? (char)c : unicode_to_ascii(c);
        if (c == 0) buf[i] = '?'; /* NUL never parses */
    }
    buf[n] = 0;
    *len = (size_t)n;
    return buf;
}


int num_no_kwargs(PhState *S, const char *qualname, PhObject *kwnames)
{
    if (kwnames && TUPLE_LEN(kwnames) > 0) {
        err_format(S, &S->exc.TypeError, "%s() takes no keyword arguments", qualname);
        return -1;
    }
    return 0;
}

int num_no_args(PhState *S, const char *qualname, size_t nargs, PhObject *kwnames)
{
    if (num_no_kwargs(S, qualname, kwnames) < 0) return -1;
    if (nargs) {
        err_format(S, &S->exc.TypeError, "%s() takes no arguments (%zu given)", qualname, nargs);
        return -1;
    }
    return 0;
}

static bool num_is_bytes_like(PhState *S, PhObject *o) { return bytes_check(o); }

/* A heap copy of the bytes of o (bytes, or anything bytes() accepts), for
 * int.from_bytes and int(b'...'). The caller frees it with heap_free. */
static char *num_bytes_of(PhState *S, PhObject *o, size_t *n)
{
    PhObject *b = o;
    if (!bytes_check(o)) {
        b = obj_call1(S, (PhObject *)&S->types.bytes, o);
        if (!b) return NULL;
    } else
        INCREF(b);
    *n = (size_t)BYTES_LEN(b);
    char *buf = heap_alloc(mem_of(S)->heap, *n + 1);
    if (buf) memcpy(buf, BYTES_DATA(b), *n + 1);
    else err_no_memory(S);
    DECREF(S, b);
    return buf;
}

/* ===========================================================================
 * 6. the type
 * =========================================================================== */

/* ---- number slots: both operands must be ints, else NotImplemented ----------- */

#define INT_BINARY_SLOT(name, impl)                                                    \
    static PhObject *name(PhState *S, PhObject *a, PhObject *b)                        \
    {                                                                                  \
        if (!int_check(a) || !int_check(b)) return not_implemented(S);                 \
        return impl(S, a, b);                                                          \
    }
INT_BINARY_SLOT(nb_add, int_add)
INT_BINARY_SLOT(nb_sub, int_sub)
INT_BINARY_SLOT(nb_mul, int_mul)
INT_BINARY_SLOT(nb_truediv, int_true_divide)
INT_BINARY_SLOT(nb_floordiv, int_floordiv)
INT_BINARY_SLOT(nb_mod, int_mod)
INT_BINARY_SLOT(nb_lshift, int_lshift)
INT_BINARY_SLOT(nb_rshift, int_rshift)
INT_BINARY_SLOT(nb_and, int_and)
INT_BINARY_SLOT(nb_or, int_or)
INT_BINARY_SLOT(nb_xor, int_xor)

static PhObject *nb_divmod(PhState *S, PhObject *a, PhObject *b)
{
    if (!int_check(a) || !int_check(b)) return not_implemented(S);
    PhObject *q, *r;
    if (int_divmod(S, a, b, &q, &r) < 0) return NULL;
    PhObject *t = tuple_new(S, 2);
    if (!t) {
        DECREF(S, q);
        DECREF(S, r);
        return NULL;
    }
    TUPLE_SET(t, 0, q);
    TUPLE_SET(t, 1, r);
    return t;
}

static PhObject *nb_pow(PhState *S, PhObject *a, PhObject *b, PhObject *m)
{
    if (!int_check(a) || !int_check(b)) return not_implemented(S);
    if (m && m != PH_NONE(S) && !int_check(m)) return not_implemented(S);
    return int_pow(S, a, b, m);
}

static PhObject *nb_pos(PhState *S, PhObject *a) { return int_exact(S, a); }

static PhObject *nb_float(PhState *S, PhObject *a)
{
    double d = int_to_double(S, a);
    if (d == -1.0 && err_occurred(S)) return NULL;
    return float_from_double(S, d);
}

static int nb_bool(PhState *S, PhObject *a) { return int_sign(a) != 0; }

const PhNumberMethods int_as_number = {
    .add = nb_add, .sub = nb_sub, .mul = nb_mul, .truediv = nb_truediv,
    .floordiv = nb_floordiv, .mod = nb_mod, .divmod = nb_divmod, .lshift = nb_lshift,
    .rshift = nb_rshift, .and_ = nb_and, .or_ = nb_or, .xor_ = nb_xor, .pow = nb_pow,
    .neg = int_neg, .pos = nb_pos, .abs = int_abs, .invert = int_invert,
    .int_ = int_exact, .float_ = nb_float, .index = int_exact, .bool_ = nb_bool,
};

/* bool & bool, bool | bool, bool ^ bool stay bools; anything else is int's. */
#define BOOL_BINARY_SLOT(name, impl, expr)                                             \
    static PhObject *name(PhState *S, PhObject *a, PhObject *b)                        \
    {                                                                                  \
        if (a->type == &S->types.bool_ && b->type == &S->types.bool_) {                \
            bool x = a == PH_TRUE(S), y = b == PH_TRUE(S);                             \
            return ph_bool(S, expr);                                                   \
        }                                                                              \
        return impl(S, a, b);                                                          \
    }
BOOL_BINARY_SLOT(bool_and, nb_and, x && y)
BOOL_BINARY_SLOT(bool_or, nb_or, x || y)
BOOL_BINARY_SLOT(bool_xor, nb_xor, x != y)

const PhNumberMethods bool_as_number = {
    .add = nb_add, .sub = nb_sub, .mul = nb_mul, .truediv = nb_truediv,
    .floordiv = nb_floordiv, .mod = nb_mod, .divmod = nb_divmod, .lshift = nb_lshift,
    .rshift = nb_rshift, .and_ = bool_and, .or_ = bool_or, .xor_ = bool_xor, .pow = nb_pow,
    .neg = int_neg, .pos = nb_pos, .abs = int_abs, .invert = int_invert,
    .int_ = int_exact, .float_ = nb_float, .index = int_exact, .bool_ = nb_bool,
};

int64_t int_hash_slot(PhState *S, PhObject *o) { return int_hash(o); }

PhObject *int_richcompare(PhState *S, PhObject *a, PhObject *b, int op)
{
    if (!int_check(a) || !int_check(b)) return not_implemented(S);
    int c = a == b ? 0 : int_compare(a, b);
    bool r;
    switch (op) {
    case CMP_LT: r = c < 0; break;
    case CMP_LE: r = c <= 0; break;
    case CMP_EQ: r = c == 0; break;
    case CMP_NE: r = c != 0; break;
    case CMP_GT: r = c > 0; break;
    default: r = c >= 0; break;
    }
    return ph_bool(S, r);
}

/* ---- methods ------------------------------------------------------------------ */

static PhObject *m_bit_length(PhState *S, PhObject *f, PhObject *const *args, size_t nargs,
                              PhObject *kw)
{
    if (num_no_args(S, "int.bit_length", nargs - 1, kw) < 0) return NULL;
    return int_from_u64(S, int_bit_length(args[0]));
}

static PhObject *m_bit_count(PhState *S, PhObject *f, PhObject *const *args, size_t nargs,
                             PhObject *kw)
{
    if (num_no_args(S, "int.bit_count", nargs - 1, kw) < 0) return NULL;
    uint64_t c = 0;
    for (ssize_t i = 0; i < int_ndigits(args[0]); i++)
        c += (uint64_t)__builtin_popcount(DIG(args[0])[i]);
    return int_from_u64(S, c);
}

static PhObject *m_self_int(PhState *S, const char *name, PhObject *const *args, size_t nargs,
                            PhObject *kw)
{
    if (num_no_args(S, name, nargs - 1, kw) < 0) return NULL;
    return int_exact(S, args[0]);
}
static PhObject *m_conjugate(PhState *S, PhObject *f, PhObject *const *a, size_t n, PhObject *k)
{
    return m_self_int(S, "int.conjugate", a, n, k);
}
static PhObject *m_trunc(PhState *S, PhObject *f, PhObject *const *a, size_t n, PhObject *k)
{
    return m_self_int(S, "int.__trunc__", a, n, k);
}
static PhObject *m_floor(PhState *S, PhObject *f, PhObject *const *a, size_t n, PhObject *k)
{
    return m_self_int(S, "int.__floor__", a, n, k);
}
static PhObject *m_ceil(PhState *S, PhObject *f, PhObject *const *a, size_t n, PhObject *k)
{
    return m_self_int(S, "int.__ceil__", a, n, k);
}
static PhObject *m_index(PhState *S, PhObject *f, PhObject *const *a, size_t n, PhObject *k)
{
    return m_self_int(S, "int.__index__", a, n, k);
}

static PhObject *pair(PhState *S, PhObject *a, PhObject *b) /* steals both */
{
    if (!a || !b) {
        XDECREF(S, a);
        XDECREF(S, b);
        return NULL;
    }
    PhObject *t = tuple_new(S, 2);
    if (!t) {
        DECREF(S, a);
        DECREF(S, b);
        return NULL;
    }
    TUPLE_SET(t, 0, a);
    TUPLE_SET(t, 1, b);
    return t;
}

static PhObject *m_as_integer_ratio(PhState *S, PhObject *f, PhObject *const *args, size_t nargs,
                                    PhObject *kw)
{
    if (num_no_args(S, "int.as_integer_ratio", nargs - 1, kw) < 0) return NULL;
    return pair(S, int_exact(S, args[0]), small_int(S, 1));
}

static PhObject *m_getnewargs(PhState *S, PhObject *f, PhObject *const *args, size_t nargs,
                              PhObject *kw)
{
    if (num_no_args(S, "int.__getnewargs__", nargs - 1, kw) < 0) return NULL;
    PhObject *v = int_exact(S, args[0]);
    if (!v) return NULL;
    PhObject *t = tuple_new(S, 1);
    if (!t) {
        DECREF(S, v);
        return NULL;
    }
    TUPLE_SET(t, 0, v);
    return t;
}

static PhObject *m_sizeof(PhState *S, PhObject *f, PhObject *const *args, size_t nargs,
                          PhObject *kw)
{
    if (num_no_args(S, "int.__sizeof__", nargs - 1, kw) < 0) return NULL;
    return int_from_u64(S, int_sizeof(args[0]));
}

PhObject *int_round(PhState *S, PhObject *o, PhObject *ndigits)
{
    if (int_sign(ndigits) >= 0) return int_exact(S, o);
    /* Round to a multiple of p = 10**-ndigits, half to even. */
    PhObject *ten = int_from_i64(S, 10), *e = int_neg(S, ndigits), *p = NULL;
    if (ten && e) p = int_pow(S, ten, e, NULL);
    XDECREF(S, ten);
    XDECREF(S, e);
    if (!p) return NULL;
    PhObject *q, *r, *res = NULL;
    if (int_divmod(S, o, p, &q, &r) < 0) {
        DECREF(S, p);
        return NULL;
    }
    /* o = q*p + r with 0 <= r < p; round up when 2r > p, or 2r == p and q
     * is odd. */
    PhObject *r2 = int_add(S, r, r);
    if (r2) {
        int c = int_compare(r2, p);
        bool up = c > 0 || (c == 0 && (int_ndigits(q) > 0 && (DIG(q)[0] & 1)));
        PhObject *base = int_sub(S, o, r);
        res = base && up ? int_add(S, base, p) : base;
        if (base && up) DECREF(S, base);
        DECREF(S, r2);
    }
    DECREF(S, q);
    DECREF(S, r);
    DECREF(S, p);
    return res;
}

static PhObject *m_round(PhState *S, PhObject *f, PhObject *const *args, size_t nargs,
                         PhObject *kw)
{
    if (num_no_kwargs(S, "int.__round__", kw) < 0) return NULL;
    if (nargs > 2)
        return err_format(S, &S->exc.TypeError, "__round__ expected at most 1 argument, got %zu",
                          nargs - 1);
    if (nargs == 1 || args[1] == PH_NONE(S)) return int_exact(S, args[0]);
    PhObject *nd = num_index(S, args[1]);
    if (!nd) return NULL;
    PhObject *r = int_round(S, args[0], nd);
    DECREF(S, nd);
    return r;
}

static PhObject *m_format(PhState *S, PhObject *f, PhObject *const *args, size_t nargs,
                          PhObject *kw)
{
    if (num_no_kwargs(S, "int.__format__", kw) < 0) return NULL;
    if (nargs != 2)
        return err_format(S, &S->exc.TypeError, "__format__ expected 1 argument, got %zu",
                          nargs - 1);
    PhObject *spec = args[1];
    if (spec->type != &S->types.str && !type_is_subtype(spec->type, &S->types.str))
        return err_format(S, &S->exc.TypeError, "__format__() argument must be str, not %T", spec);
    if (str_len(spec) == 0) return obj_str(S, args[0]);
    return format_int(S, args[0], spec);
}

static const char *const to_bytes_names[] = {"length", "byteorder", "signed"};
static const ArgSpec to_bytes_spec = {"to_bytes", to_bytes_names, 3, 0, 2, 0};

/* byteorder argument: 1 for 'little', 0 for 'big', -1 on error. */
static int parse_byteorder(PhState *S, PhObject *o)
{
    if (!o) return 0;
    if (o->type != &S->types.str && !type_is_subtype(o->type, &S->types.str)) {
        err_format(S, &S->exc.TypeError, "to_bytes() argument 'byteorder' must be str, not %T", o);
        return -1;
    }
    if (str_eq_cstr(o, "little")) return 1;
    if (str_eq_cstr(o, "big")) return 0;
    err_format(S, &S->exc.ValueError, "byteorder must be either 'little' or 'big'");
    return -1;
}

/* Is |v| a power of two? */
static bool mag_is_pow2(const PhObject *v)
{
    ssize_t n = int_ndigits(v);
    if (n == 0) return false;
    for (ssize_t i = 0; i < n - 1; i++)
        if (DIG(v)[i]) return false;
    int_digit top = DIG(v)[n - 1];
    return (top & (top - 1)) == 0;
}

/* Writes the two's complement (or unsigned) bytes of v, least significant
 * first, into out[0..n). -1 with OverflowError when v does not fit. */
static int int_to_le_bytes(PhState *S, PhObject *v, unsigned char *out, size_t n, bool is_signed)
{
    bool neg = int_sign(v) < 0;
    if (neg && !is_signed) {
        err_format(S, &S->exc.OverflowError, "can't convert negative int to unsigned");
        return -1;
    }
    ssize_t nd = int_ndigits(v);
    int_digit carry = 1;
    twodigits acc = 0;
    int accbits = 0;
    ssize_t i = 0;
    for (size_t k = 0; k < n; k++) {
        while (accbits < 8) {
            int_digit d = twos_next(i < nd ? DIG(v)[i] : 0, neg, &carry);
            i++;
            acc |= (twodigits)d << accbits;
            accbits += INT_SHIFT;
        }
        out[k] = (unsigned char)(acc & 0xFF);
        acc >>= 8;
        accbits -= 8;
    }
    /* Unsigned: bit_length(v) <= 8n. Signed: v >= 0 needs bit_length(v) <=
     * 8n - 1; v < 0 needs bit_length(-v - 1) <= 8n - 1; but like CPython, zero
     * bytes hold 0 and -1 (no sign bit is checked when there is no byte). */
    uint64_t need = int_bit_length(v);
    if (neg && mag_is_pow2(v)) need--; /* bit_length(|v| - 1) */
    if (is_signed && n > 0) need++;   /* room for the sign bit */
    bool fits = need <= (uint64_t)n * 8;
    if (!fits) {
        err_format(S, &S->exc.OverflowError, "int too big to convert");
        return -1;
    }
    return 0;
}

static PhObject *m_to_bytes(PhState *S, PhObject *f, PhObject *const *args, size_t nargs,
                            PhObject *kw)
{
    PhObject *a[3];
    if (args_bind(S, &to_bytes_spec, args + 1, nargs - 1, kw, a) < 0) return NULL;
    ssize_t length = 1;
    if (a[0]) {
        length = num_as_ssize(S, a[0], false);
        if (length == -1 && err_occurred(S)) return NULL;
        if (length < 0)
            return err_format(S, &S->exc.ValueError, "length argument must be non-negative");
    }
    int little = parse_byteorder(S, a[1]);
    if (little < 0) return NULL;
    int is_signed = a[2] ? obj_is_true(S, a[2]) : 0;
    if (is_signed < 0) return NULL;
    unsigned char *buf = heap_alloc(mem_of(S)->heap, (size_t)length + 1);
    if (!buf) return err_no_memory(S);
    PhObject *r = NULL;
    if (int_to_le_bytes(S, args[0], buf, (size_t)length, is_signed) == 0) {
        if (!little)
            for (ssize_t i = 0, j = length - 1; i < j; i++, j--) {
                unsigned char t = buf[i];
                buf[i] = buf[j];
                buf[j] = t;
            }
        r = bytes_from_data(S, (const char *)buf, (size_t)length);
        if (!r) err_no_memory(S);
    }
    heap_free(mem_of(S)->heap, buf);
    return r;
}

static const char *const from_bytes_names[] = {"bytes", "byteorder", "signed"};
static const ArgSpec from_bytes_spec = {"from_bytes", from_bytes_names, 3, 0, 2, 1};

/* int from little-endian bytes (two's complement when is_signed). */
static PhObject *int_from_le_bytes(PhState *S, const unsigned char *p, size_t n, bool is_signed)
{
    bool neg = is_signed && n > 0 && (p[n - 1] & 0x80);
    uint64_t bits = (uint64_t)n * 8;
    ssize_t nd = (ssize_t)(bits / INT_SHIFT + 1);
    PhInt *z = int_new(S, nd);
    if (!z) return NULL;
    twodigits acc = 0;
    int accbits = 0;
    ssize_t k = 0;
    int_digit carry = 1;
    for (size_t i = 0; i < n; i++) {
        acc |= (twodigits)p[i] << accbits;
        accbits += 8;
        if (accbits >= INT_SHIFT) {
            z->digits[k++] = twos_next((int_digit)(acc & INT_MASK), neg, &carry);
            acc >>= INT_SHIFT;
            accbits -= INT_SHIFT;
        }
    }
    if (neg) acc |= ~(twodigits)0 << accbits; /* sign-extend the last digit */
    z->digits[k++] = twos_next((int_digit)(acc & INT_MASK), neg, &carry);
    z->ob.size = neg ? -k : k;
    return int_finish(S, z);
}

static PhObject *m_from_bytes(PhState *S, PhObject *f, PhObject *const *args, size_t nargs,
                              PhObject *kw)
{
    PhObject *a[3];
    if (args_bind(S, &from_bytes_spec, args + 1, nargs - 1, kw, a) < 0) return NULL;
    int little = parse_byteorder(S, a[1]);
    if (little < 0) return NULL;
    int is_signed = a[2] ? obj_is_true(S, a[2]) : 0;
    if (is_signed < 0) return NULL;
    size_t n;
    unsigned char *buf = (unsigned char *)num_bytes_of(S, a[0], &n);
    if (!buf) return NULL;
    if (!little)
        for (size_t i = 0, j = n ? n - 1 : 0; i < j; i++, j--) {
            unsigned char t = buf[i];
            buf[i] = buf[j];
            buf[j] = t;
        }
    PhObject *r = int_from_le_bytes(S, buf, n, is_signed);
    heap_free(mem_of(S)->heap, buf);
    if (!r) return NULL;
    PhType *cls = (PhType *)args[0];
    if (cls != &S->types.int_) { /* a subclass: cls(value) */
        PhObject *o = obj_call1(S, (PhObject *)cls, r);
        DECREF(S, r);
        return o;
    }
    return r;
}

static const PhMethodDef int_methods[] = {
    {"bit_length", m_bit_length, METH_DEFAULT, NULL},
    {"bit_count", m_bit_count, METH_DEFAULT, NULL},
    {"to_bytes", m_to_bytes, METH_DEFAULT, NULL},
    {"from_bytes", m_from_bytes, METH_CLASS, NULL},
    {"as_integer_ratio", m_as_integer_ratio, METH_DEFAULT, NULL},
    {"conjugate", m_conjugate, METH_DEFAULT, NULL},
    {"__trunc__", m_trunc, METH_DEFAULT, NULL},
    {"__floor__", m_floor, METH_DEFAULT, NULL},
    {"__ceil__", m_ceil, METH_DEFAULT, NULL},
    {"__round__", m_round, METH_DEFAULT, NULL},
    {"__getnewargs__", m_getnewargs, METH_DEFAULT, NULL},
    {"__format__", m_format, METH_DEFAULT, NULL},
    {"__sizeof__", m_sizeof, METH_DEFAULT, NULL},
    {"__index__", m_index, METH_DEFAULT, NULL},
    {NULL, NULL, 0, NULL},
};

static PhObject *get_self(PhState *S, PhObject *o) { return int_exact(S, o); }
static PhObject *get_zero(PhState *S, PhObject *o) { return small_int(S, 0); }
static PhObject *get_one(PhState *S, PhObject *o) { return small_int(S, 1); }

static const PhGetSetDef int_getsets[] = {
    {"real", get_self, NULL},
    {"imag", get_zero, NULL},
    {"numerator", get_self, NULL},
    {"denominator", get_one, NULL},
    {NULL, NULL, NULL},
};

/* ---- construction ---------------------------------------------------------------- */

static bool is_str(PhState *S, PhObject *o)
{
    return o->type == &S->types.str || type_is_subtype(o->type, &S->types.str);
}

/* int(text, base) for a str, bytes or bytearray argument. */
static PhObject *int_from_text_object(PhState *S, PhObject *x, int base)
{
    size_t len;
    char *buf;
    if (is_str(S, x)) buf = num_str_to_ascii(S, x, &len);
    else buf = num_bytes_of(S, x, &len);
    if (!buf) return NULL;
    bool bad;
    /* A NUL inside bytes never parses. */
    bool has_nul = memchr(buf, 0, len) != NULL;
    PhObject *r = has_nul ? NULL : parse_int(S, buf, len, base, true, &bad);
    heap_free(mem_of(S)->heap, buf);
    if (has_nul || bad) return invalid_literal(S, base, x);
    return r;
}

/* Calls a conversion slot or method and checks that it returned an int. */
static PhObject *check_int_result(PhState *S, PhObject *r, const char *what, PhObject *x)
{
    if (!r || int_check(r)) {
        if (r && r->type != &S->types.int_) { /* an int subclass: use its value */
            PhObject *e = int_exact(S, r);
            DECREF(S, r);
            return e;
        }
        return r;
    }
    err_format(S, &S->exc.TypeError, "%s returned non-int (type %T)", what, r);
    DECREF(S, r);
    return NULL;
}

PhObject *int_from_object(PhState *S, PhObject *x, PhObject *base_obj)
{
    if (!x) {
        if (base_obj) return err_format(S, &S->exc.TypeError, "int() missing string argument");
        return small_int(S, 0);
    }
    if (base_obj) {
        int overflow;
        PhObject *bi = num_index(S, base_obj);
        if (!bi) return NULL;
        int64_t base = int_as_i64(bi, &overflow);
        DECREF(S, bi);
        if (overflow || (base != 0 && (base < 2 || base > 36)))
            return err_format(S, &S->exc.ValueError, "int() base must be >= 2 and <= 36, or 0");
        if (!is_str(S, x) && !num_is_bytes_like(S, x))
            return err_format(S, &S->exc.TypeError, "int() can't convert non-string with explicit base");
        return int_from_text_object(S, x, (int)base);
    }
    if (x->type == &S->types.int_) {
        INCREF(x);
        return x;
    }
    const PhNumberMethods *nm = x->type->as_number;
    if (nm && nm->int_) return check_int_result(S, nm->int_(S, x), "__int__", x);
    if (nm && nm->index) return check_int_result(S, nm->index(S, x), "__index__", x);
    PhObject *name = str_from_cstr(S, "__trunc__");
    if (!name) return err_no_memory(S);
    PhObject *trunc = type_lookup(x->type, name);
    DECREF(S, name);
    if (trunc) {
        PhObject *r = obj_call_method(S, x, "__trunc__", NULL, 0);
        if (!r || int_check(r)) return check_int_result(S, r, "__trunc__", x);
        /* __trunc__ may return an Integral: use its __index__ */
        PhObject *i = num_index(S, r);
        DECREF(S, r);
        if (!i) {
            if (err_matches(S, (PhObject *)&S->exc.TypeError)) {
                err_clear(S);
                err_format(S, &S->exc.TypeError, "__trunc__ returned non-Integral (type %T)", r);
            }
            return NULL;
        }
        return i;
    }
    if (is_str(S, x) || num_is_bytes_like(S, x)) return int_from_text_object(S, x, 10);
    return err_format(S, &S->exc.TypeError,
                      "int() argument must be a string, a bytes-like object or a real number, "
                      "not '%s'",
                      x->type->name);
}

static const char *const int_new_names[] = {"", "base"};
static const ArgSpec int_new_spec = {"int", int_new_names, 2, 1, 2, 0};

static PhObject *int_new_slot(PhState *S, PhType *t, PhObject *const *args, size_t nargs,
                              PhObject *kwnames)
{
    PhObject *a[2];
    if (args_bind(S, &int_new_spec, args, nargs, kwnames, a) < 0) return NULL;
    PhObject *v = int_from_object(S, a[0], a[1]);
    if (!v || t == &S->types.int_) return v;
    /* A subclass instance: same digits, the subclass's type and size. */
    ssize_t n = int_ndigits(v);
    size_t nbytes = type_object_size(t, n > 0 ? n : 1);
    PhInt *z = (PhInt *)obj_alloc(S, t, nbytes);
    if (!z) {
        DECREF(S, v);
        return err_no_memory(S);
    }
    /* The subclass's own fields (a __dict__ slot, __slots__) start empty. */
    memset((char *)z + sizeof(PhObject), 0, nbytes - sizeof(PhObject));
    z->ob.size = ((PhVarObject *)v)->size;
    memcpy(z->digits, DIG(v), (size_t)(n > 0 ? n : 1) * sizeof(int_digit));
    DECREF(S, v);
    return (PhObject *)z;
}

const PhType int_type_template = {
    .name = "int",
    .basicsize = offsetof(PhInt, digits),
    .itemsize = sizeof(int_digit),
    .flags = TPFLAG_BASETYPE | TPFLAG_LONG_SUBCLASS,
    .dealloc = int_dealloc,
    .repr = int_repr,
    .hash = int_hash_slot,
    .richcompare = int_richcompare,
    .new_ = int_new_slot,
    .as_number = &int_as_number,
    .methods = int_methods,
    .getsets = int_getsets,
};
