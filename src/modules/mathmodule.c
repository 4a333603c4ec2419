/* The math module: CPython 3.11's functions, results and error messages.
 *
 * Errors follow CPython's rule for libm results: a NaN from a non-NaN
 * argument is a domain error (ValueError "math domain error"); an infinity
 * from finite arguments is a range error (OverflowError "math range error")
 * for functions that can overflow, else a domain error.
 *
 * Module functions receive their arguments without the module (the
 * builtin function object is `callable`).
 */
#include "modules/modules.h"

#include "objects/abstract.h"
#include "objects/float.h"
#include "objects/int.h"
#include "objects/module.h"
#include "objects/str.h"
#include "objects/tuple.h"
#include "vm/errors.h"
#include "vm/state.h"

#include <float.h>
#include <limits.h>
#include <math.h>
#include <string.h>

#define MATH_FN(name)                                                                  \
    static PhObject *name(PhState *S, PhObject *callable, PhObject *const *args,     \
                          size_t nargs, PhObject *kwnames)

static PhObject *domain_error(PhState *S)
{
    return err_format(S, &S->exc.ValueError, "math domain error");
}
static PhObject *range_error(PhState *S)
{
    return err_format(S, &S->exc.OverflowError, "math range error");
}

/* ---- argument checks with CPython's wording ---------------------------------------- */

/* METH_O: "math.sqrt() takes exactly one argument (0 given)". */
static int one_arg(PhState *S, const char *name, size_t nargs, PhObject *kwnames)
{
    if (kwnames && TUPLE_LEN(kwnames) > 0) {
        err_format(S, &S->exc.TypeError, "math.%s() takes no keyword arguments", name);
        return -1;
    }
    if (nargs != 1) {
        err_format(S, &S->exc.TypeError, "math.%s() takes exactly one argument (%zu given)", name,
                   nargs);
        return -1;
    }
    return 0;
}

/* Positional-only clinic functions: "pow expected 2 arguments, got 1". */
static int npos_args(PhState *S, const char *name, size_t nargs, PhObject *kwnames, size_t lo,
                     size_t hi)
{
    if (kwnames && TUPLE_LEN(kwnames) > 0) {
        err_format(S, &S->exc.TypeError, "math.%s() takes no keyword arguments", name);
        return -1;
    }
    if (nargs < lo || nargs > hi) {
        size_t n = nargs < lo ? lo : hi;
        const char *what = lo == hi ? "" : nargs < lo ? "at least " : "at most ";
        err_format(S, &S->exc.TypeError, "%s expected %s%zu argument%s, got %zu", name, what, n,
                   n == 1 ? "" : "s", nargs);
        return -1;
    }
    return 0;
}

static int as_double(PhState *S, PhObject *o, double *out)
{
    *out = float_as_double(S, o);
    return *out == -1.0 && err_occurred(S) ? -1 : 0;
}

static PhObject *make_float(PhState *S, double d) { return float_from_double(S, d); }

/* ---- one-argument functions ---------------------------------------------------------- */

/* f(x) with CPython's math_1 error rules. */
static PhObject *math_1(PhState *S, PhObject *const *args, size_t nargs, PhObject *kw,
                        const char *name, double (*f)(double), bool can_overflow)
{
    double x;
    if (one_arg(S, name, nargs, kw) < 0 || as_double(S, args[0], &x) < 0) return NULL;
    double r = f(x);
    if (isnan(r) && !isnan(x)) return domain_error(S);
    if (isinf(r) && isfinite(x)) return can_overflow ? range_error(S) : domain_error(S);
    return make_float(S, r);
}

#define MATH_1(pyname, cfunc, can_overflow)                                            \
    MATH_FN(m_##pyname) { return math_1(S, args, nargs, kwnames, #pyname, cfunc, can_overflow); }

MATH_1(sqrt, sqrt, false)
MATH_1(exp, exp, true)
MATH_1(exp2, exp2, true)
MATH_1(expm1, expm1, true)
MATH_1(sin, sin, false)
MATH_1(cos, cos, false)
MATH_1(tan, tan, false)
MATH_1(asin, asin, false)
MATH_1(acos, acos, false)
MATH_1(atan, atan, false)
MATH_1(sinh, sinh, true)
MATH_1(cosh, cosh, true)
MATH_1(tanh, tanh, false)
MATH_1(asinh, asinh, false)
MATH_1(acosh, acosh, false)
MATH_1(atanh, atanh, false)
MATH_1(fabs, fabs, false)
MATH_1(erf, erf, false)
MATH_1(erfc, erfc, false)
MATH_1(cbrt, cbrt, false)
MATH_1(log1p, log1p, false)

/* ---- gamma and lgamma ----------------------------------------------------------------- */

/* CPython computes these itself rather than trusting libm, so pyheap does
 * the same to get the same last bits. Method: Lanczos' approximation with
 * N = 13 and g = 6.024680040776729583740234375 (Boost's parameters), its
 * sum written as a rational function P(x)/Q(x) with the coefficients below,
 * and the reflection formula for negative x. */
#define LANCZOS_N 13
static const double lanczos_g = 6.024680040776729583740234375;
static const double lanczos_g_minus_half = 5.524680040776729583740234375;
static const double lanczos_num[LANCZOS_N] = {
    23531376880.410759688572007674451636754734846804940,
    42919803642.649098768957899047001988850926355848959,
    35711959237.355668049440185451547166705960488635843,
    17921034426.037209699919755754458931112671403265390,
    6039542586.3520280050642916443072979210699388420708,
    1439720407.3117216736632230727949123939715485786772,
    248874557.86205415651146038641322942321632125127801,
    31426415.585400194380614231628318205362874684987640,
    2876370.6289353724412254090516208496135991145378768,
    186056.26539522349504029498971604569928220784236328,
    8071.6720023658162106380029022722506138218516325024,
    210.82427775157934587250973392071336271166969580291,
    2.5066282746310002701649081771338373386264310793408,
};
/* Q(x) = x (x+1) ... (x+11), expanded. */
static const double lanczos_den[LANCZOS_N] = {
    0.0,       39916800.0, 120543840.0, 150917976.0, 105258076.0, 45995730.0, 13339535.0,
    2637558.0, 357423.0,   32670.0,     1925.0,      66.0,        1.0,
};
static const double PI_D = 3.141592653589793238462643383279502884197;
static const double LOG_PI = 1.144729885849400174143427351353058711647;

/* P(x)/Q(x) for x > 0; for x >= 5 both are evaluated in 1/x (scaled by
 * x**-12) so that they cannot overflow. */
static double lanczos_sum(double x)
{
    double num = 0.0, den = 0.0;
    if (x < 5.0)
        for (int i = LANCZOS_N - 1; i >= 0; i--) {
            num = num * x + lanczos_num[i];
            den = den * x + lanczos_den[i];
        }
    else
        for (int i = 0; i < LANCZOS_N; i++) {
            num = num / x + lanczos_num[i];
            den = den / x + lanczos_den[i];
        }
    return num / den;
}

/* sin(pi * x) for finite x, accurate near the zeros: reduce |x| modulo 2
 * and pick sin or cos of a small argument. */
static double sin_pi(double x)
{
    double y = fmod(fabs(x), 2.0), r;
    int n = (int)round(2.0 * y); /* 0..4: which quarter period */
    switch (n) {
    case 0: r = sin(PI_D * y); break;
    case 1: r = cos(PI_D * (y - 0.5)); break;
    case 2: r = sin(PI_D * (1.0 - y)); break; /* +0.0 at y == 1 */
    case 3: r = -cos(PI_D * (y - 1.5)); break;
    default: r = sin(PI_D * (y - 2.0)); break;
    }
    return copysign(1.0, x) * r;
}

/* Gamma(x) for finite x that is not 0 or a negative integer. */
static double gamma_value(double x)
{
    if (x == floor(x) && x > 0 && x <= 23) { /* exact factorials */
        double f = 1.0;
        for (int k = 2; k < (int)x; k++) f *= k;
        return f;
    }
    double ax = fabs(x);
    if (ax < 1e-20) return 1.0 / x;
    if (ax > 200.0) return x < 0 ? 0.0 / sin_pi(x) : HUGE_VAL;
    /* y = ax + g - 1/2 rounded; e = its rounding error, folded in as the
     * correction factor (1 + e*g/y) (first-order, as CPython does). */
    double y = ax + lanczos_g_minus_half, e;
    if (ax > lanczos_g_minus_half) e = (y - ax) - lanczos_g_minus_half;
    else e = (y - lanczos_g_minus_half) - ax;
    double corr = e * lanczos_g / y, r;
    if (x < 0) {
        r = -PI_D / sin_pi(ax) / ax * exp(y) / lanczos_sum(ax);
        r -= corr * r;
        if (ax < 140.0) r /= pow(y, ax - 0.5);
        else { /* split the power to avoid overflowing it */
            double half = pow(y, ax / 2.0 - 0.25);
            r /= half;
            r /= half;
        }
    } else {
        r = lanczos_sum(ax) / exp(y);
        r += corr * r;
        if (ax < 140.0) r *= pow(y, ax - 0.5);
        else {
            double half = pow(y, ax / 2.0 - 0.25);
            r *= half;
            r *= half;
        }
    }
    return r;
}

static bool is_pole(double x) { return x <= 0 && x == floor(x); }

MATH_FN(m_gamma)
{
    double x;
    if (one_arg(S, "gamma", nargs, kwnames) < 0 || as_double(S, args[0], &x) < 0) return NULL;
    if (isnan(x) || x == HUGE_VAL) return make_float(S, x);
    if (x == -HUGE_VAL || is_pole(x)) return domain_error(S);
    double r = gamma_value(x);
    if (isinf(r)) return range_error(S);
    return make_float(S, r);
}

MATH_FN(m_lgamma)
{
    double x;
    if (one_arg(S, "lgamma", nargs, kwnames) < 0 || as_double(S, args[0], &x) < 0) return NULL;
    if (isnan(x)) return make_float(S, x);
    if (isinf(x)) return make_float(S, HUGE_VAL);
    if (x == floor(x) && x <= 2.0) {
        if (x <= 0.0) return domain_error(S);
        return make_float(S, 0.0); /* lgamma(1) == lgamma(2) == 0 */
    }
    double ax = fabs(x), r;
    if (ax < 1e-20) return make_float(S, -log(ax));
    r = log(lanczos_sum(ax)) - lanczos_g;
    r += (ax - 0.5) * (log(ax + lanczos_g - 0.5) - 1);
    if (x < 0) r = LOG_PI - log(fabs(sin_pi(ax))) - log(ax) - r; /* reflection */
    if (isinf(r)) return range_error(S);
    return make_float(S, r);
}

static double to_degrees(double x) { return x * (180.0 / 3.141592653589793238462643383279502884); }
static double to_radians(double x) { return x * (3.141592653589793238462643383279502884 / 180.0); }
/* No error checks: degrees(1e308) is inf, as in CPython. */
MATH_FN(m_degrees)
{
    double x;
    if (one_arg(S, "degrees", nargs, kwnames) < 0 || as_double(S, args[0], &x) < 0) return NULL;
    return make_float(S, to_degrees(x));
}
MATH_FN(m_radians)
{
    double x;
    if (one_arg(S, "radians", nargs, kwnames) < 0 || as_double(S, args[0], &x) < 0) return NULL;
    return make_float(S, to_radians(x));
}

MATH_FN(m_isnan)
{
    double x;
    if (one_arg(S, "isnan", nargs, kwnames) < 0 || as_double(S, args[0], &x) < 0) return NULL;
    return ph_bool(S, isnan(x));
}
MATH_FN(m_isinf)
{
    double x;
    if (one_arg(S, "isinf", nargs, kwnames) < 0 || as_double(S, args[0], &x) < 0) return NULL;
    return ph_bool(S, isinf(x));
}
MATH_FN(m_isfinite)
{
    double x;
    if (one_arg(S, "isfinite", nargs, kwnames) < 0 || as_double(S, args[0], &x) < 0) return NULL;
    return ph_bool(S, isfinite(x));
}

MATH_FN(m_ulp)
{
    double x;
    if (one_arg(S, "ulp", nargs, kwnames) < 0 || as_double(S, args[0], &x) < 0) return NULL;
    if (isnan(x)) return make_float(S, x);
    x = fabs(x);
    if (isinf(x)) return make_float(S, x);
    double up = nextafter(x, HUGE_VAL);
    if (isinf(up)) return make_float(S, x - nextafter(x, -HUGE_VAL));
    return make_float(S, up - x);
}

/* ---- floor, ceil, trunc: ints of any size ------------------------------------------------- */

/* Calls type(x).<method>(x) when the type defines it; *found says whether it
 * did. */
static PhObject *call_special(PhState *S, PhObject *x, const char *method, bool *found)
{
    PhObject *name = str_from_cstr(S, method);
    if (!name) return err_no_memory(S);
    PhObject *f = type_lookup(x->type, name);
    DECREF(S, name);
    *found = f != NULL;
    if (!f) return NULL;
    return obj_call_method(S, x, method, NULL, 0);
}

static PhObject *floor_or_ceil(PhState *S, PhObject *const *args, size_t nargs, PhObject *kw,
                               const char *name, const char *method, double (*f)(double))
{
    if (one_arg(S, name, nargs, kw) < 0) return NULL;
    PhObject *x = args[0];
    if (x->type == &S->types.float_) return int_from_double(S, f(float_value(x)));
    if (int_check(x)) return int_exact(S, x);
    bool found;
    PhObject *r = call_special(S, x, method, &found);
    if (found || r) return r;
    if (err_occurred(S)) return NULL;
    double d;
    if (as_double(S, x, &d) < 0) return NULL;
    return int_from_double(S, f(d));
}

MATH_FN(m_floor) { return floor_or_ceil(S, args, nargs, kwnames, "floor", "__floor__", floor); }
MATH_FN(m_ceil) { return floor_or_ceil(S, args, nargs, kwnames, "ceil", "__ceil__", ceil); }

MATH_FN(m_trunc)
{
    if (one_arg(S, "trunc", nargs, kwnames) < 0) return NULL;
    PhObject *x = args[0];
    if (x->type == &S->types.float_) return int_from_double(S, float_value(x));
    if (int_check(x)) return int_exact(S, x);
    bool found;
    PhObject *r = call_special(S, x, "__trunc__", &found);
    if (found || r || err_occurred(S)) return r;
    return err_format(S, &S->exc.TypeError, "type %s doesn't define __trunc__ method",
                      x->type->name);
}

/* ---- logarithms ------------------------------------------------------------------------ */

/* log-like of any real, big ints included (CPython's loghelper): an int
 * too large for a double is split as m * 2**e. -1 on error. */
static int log_of(PhState *S, PhObject *x, double (*f)(double), double *out)
{
    if (int_check(x)) {
        if (int_sign(x) <= 0) {
            domain_error(S);
            return -1;
        }
        int overflow;
        double d = int_as_double(S, x, &overflow);
        if (!overflow) {
            *out = f(d);
            return 0;
        }
        int64_t e;
        double m = int_frexp(x, &e);
        *out = f(m) + f(2.0) * (double)e;
        return 0;
    }
    double d;
    if (as_double(S, x, &d) < 0) return -1;
    if (isnan(d) || d == HUGE_VAL) {
        *out = d;
        return 0;
    }
    if (d <= 0) { /* log(0) is -inf with a finite argument; log(<0) NaN */
        domain_error(S);
        return -1;
    }
    *out = f(d);
    return 0;
}

MATH_FN(m_log)
{
    if (kwnames && TUPLE_LEN(kwnames) > 0)
        return err_format(S, &S->exc.TypeError, "math.log() takes no keyword arguments");
    if (nargs < 1 || nargs > 2)
        return err_format(S, &S->exc.TypeError, "math.log requires 1 to 2 arguments");
    double num, den;
    if (log_of(S, args[0], log, &num) < 0) return NULL;
    if (nargs == 1) return make_float(S, num);
    if (log_of(S, args[1], log, &den) < 0) return NULL;
    if (den == 0) return err_format(S, &S->exc.ZeroDivisionError, "float division by zero");
    return make_float(S, num / den);
}

MATH_FN(m_log2)
{
    double r;
    if (one_arg(S, "log2", nargs, kwnames) < 0 || log_of(S, args[0], log2, &r) < 0) return NULL;
    return make_float(S, r);
}

MATH_FN(m_log10)
{
    double r;
    if (one_arg(S, "log10", nargs, kwnames) < 0 || log_of(S, args[0], log10, &r) < 0) return NULL;
    return make_float(S, r);
}

/* ---- two-argument float functions ----------------------------------------------------------- */

static int two_doubles(PhState *S, const char *name, PhObject *const *args, size_t nargs,
                       PhObject *kw, double *x, double *y)
{
    if (npos_args(S, name, nargs, kw, 2, 2) < 0) return -1;
    if (as_double(S, args[0], x) < 0 || as_double(S, args[1], y) < 0) return -1;
    return 0;
}

MATH_FN(m_atan2)
{
    double x, y;
    if (two_doubles(S, "atan2", args, nargs, kwnames, &y, &x) < 0) return NULL;
    return make_float(S, atan2(y, x));
}

MATH_FN(m_copysign)
{
    double x, y;
    if (two_doubles(S, "copysign", args, nargs, kwnames, &x, &y) < 0) return NULL;
    return make_float(S, copysign(x, y));
}

MATH_FN(m_fmod)
{
    double x, y;
    if (two_doubles(S, "fmod", args, nargs, kwnames, &x, &y) < 0) return NULL;
    if (isinf(y) && isfinite(x)) return make_float(S, x);
    double r = fmod(x, y);
    if (isnan(r) && !isnan(x) && !isnan(y)) return domain_error(S);
    return make_float(S, r);
}

MATH_FN(m_remainder)
{
    double x, y;
    if (two_doubles(S, "remainder", args, nargs, kwnames, &x, &y) < 0) return NULL;
    double r = remainder(x, y);
    if (isnan(r) && !isnan(x) && !isnan(y)) return domain_error(S);
    return make_float(S, r);
}

MATH_FN(m_nextafter)
{
    double x, y;
    if (two_doubles(S, "nextafter", args, nargs, kwnames, &x, &y) < 0) return NULL;
    return make_float(S, nextafter(x, y));
}

static bool odd_integer(double y) { return isfinite(y) && fmod(fabs(y), 2.0) == 1.0; }

MATH_FN(m_pow)
{
    double x, y, r;
    if (two_doubles(S, "pow", args, nargs, kwnames, &x, &y) < 0) return NULL;
    if (!isfinite(x) || !isfinite(y)) { /* C99 Annex F, spelled out */
        if (isnan(x)) r = y == 0.0 ? 1.0 : x;
        else if (isnan(y)) r = x == 1.0 ? 1.0 : y;
        else if (isinf(x)) {
            if (y > 0) r = odd_integer(y) ? x : fabs(x);
            else if (y == 0) r = 1.0;
            else r = odd_integer(y) ? copysign(0.0, x) : 0.0;
        } else { /* y infinite */
            if (fabs(x) == 1.0) r = 1.0;
            else if (y > 0 && fabs(x) > 1.0) r = y;
            else if (y < 0 && fabs(x) < 1.0) r = -y;
            else r = 0.0;
        }
        return make_float(S, r);
    }
    r = pow(x, y);
    if (isnan(r)) return domain_error(S);
    if (isinf(r)) return x == 0.0 ? domain_error(S) : range_error(S);
    return make_float(S, r);
}

MATH_FN(m_ldexp)
{
    if (npos_args(S, "ldexp", nargs, kwnames, 2, 2) < 0) return NULL;
    double x;
    if (as_double(S, args[0], &x) < 0) return NULL;
    if (!int_check(args[1]))
        return err_format(S, &S->exc.TypeError, "Expected an int as second argument to ldexp.");
    int overflow;
    int64_t e = int_as_i64(args[1], &overflow);
    if (overflow) e = int_sign(args[1]) < 0 ? INT64_MIN : INT64_MAX;
    if (x == 0.0 || !isfinite(x)) return make_float(S, x);
    if (e > INT_MAX) return range_error(S);
    if (e < INT_MIN) return make_float(S, copysign(0.0, x));
    double r = ldexp(x, (int)e);
    if (isinf(r)) return range_error(S);
    return make_float(S, r);
}

static PhObject *pair(PhState *S, PhObject *a, PhObject *b) /* steals */
{
    PhObject *t = a && b ? tuple_new(S, 2) : NULL;
    if (!t) {
        XDECREF(S, a);
        XDECREF(S, b);
        return NULL;
    }
    TUPLE_SET(t, 0, a);
    TUPLE_SET(t, 1, b);
    return t;
}

MATH_FN(m_frexp)
{
    double x;
    if (one_arg(S, "frexp", nargs, kwnames) < 0 || as_double(S, args[0], &x) < 0) return NULL;
    int e = 0;
    double m = isfinite(x) ? frexp(x, &e) : x;
    return pair(S, make_float(S, m), int_from_i64(S, e));
}

MATH_FN(m_modf)
{
    double x, ip;
    if (one_arg(S, "modf", nargs, kwnames) < 0 || as_double(S, args[0], &x) < 0) return NULL;
    if (isinf(x)) return pair(S, make_float(S, copysign(0.0, x)), make_float(S, x));
    double fp = modf(x, &ip);
    return pair(S, make_float(S, fp), make_float(S, ip));
}

/* ---- isclose, hypot, dist, fsum, prod ---------------------------------------------------- */

static const char *const isclose_names[] = {"a", "b", "rel_tol", "abs_tol"};
static const ArgSpec isclose_spec = {"isclose", isclose_names, 4, 0, 2, 2};

MATH_FN(m_isclose)
{
    PhObject *a[4];
    if (args_bind(S, &isclose_spec, args, nargs, kwnames, a) < 0) return NULL;
    double x, y, rel = 1e-09, abs_tol = 0.0;
    if (as_double(S, a[0], &x) < 0 || as_double(S, a[1], &y) < 0) return NULL;
    if (a[2] && as_double(S, a[2], &rel) < 0) return NULL;
    if (a[3] && as_double(S, a[3], &abs_tol) < 0) return NULL;
    if (rel < 0.0 || abs_tol < 0.0)
        return err_format(S, &S->exc.ValueError, "tolerances must be non-negative");
    if (x == y) return ph_bool(S, 1); /* equal infinities too */
    if (isinf(x) || isinf(y)) return ph_bool(S, 0);
    double diff = fabs(y - x);
    return ph_bool(S, (diff <= fabs(rel * y)) || (diff <= fabs(rel * x)) || diff <= abs_tol);
}

/* Euclidean norm of vec[0..n) whose largest magnitude is max, with an
 * extra-precise sum: values are scaled by a power of two near 1/max, their
 * squares summed as a double-double (fma gives each square's rounding
 * error), and the square root corrected by one Newton step. */
static double vector_norm(const double *vec, size_t n, double max, bool found_nan)
{
    if (isinf(max)) return max;
    if (found_nan) return NAN;
    if (max == 0 || n <= 1) return max;
    int e;
    frexp(max, &e);
    double hi = 0.0, lo = 0.0;
    for (size_t i = 0; i < n; i++) {
        double x = ldexp(fabs(vec[i]), -e); /* exact unless subnormal */
        double sq = x * x, sq_err = fma(x, x, -sq);
        double t = hi + sq; /* two-sum of hi and sq */
        double bp = t - hi;
        lo += (hi - (t - bp)) + (sq - bp) + sq_err;
        hi = t;
    }
    double s = hi + lo;
    double h = sqrt(s);
    /* h**2 vs the double-double sum: one Newton step in extra precision */
    double resid = fma(-h, h, hi) + lo;
    h += resid / (2.0 * h);
    return ldexp(h, e);
}

#define NORM_SMALL 16

MATH_FN(m_hypot)
{
    if (kwnames && TUPLE_LEN(kwnames) > 0)
        return err_format(S, &S->exc.TypeError, "math.hypot() takes no keyword arguments");
    double small[NORM_SMALL], *v = small;
    if (nargs > NORM_SMALL) {
        v = heap_alloc(mem_of(S)->heap, nargs * sizeof(double));
        if (!v) return err_no_memory(S);
    }
    double max = 0.0;
    bool nan_seen = false;
    PhObject *r = NULL;
    for (size_t i = 0; i < nargs; i++) {
        if (as_double(S, args[i], &v[i]) < 0) goto done;
        double x = fabs(v[i]);
        nan_seen |= isnan(x);
        if (x > max) max = x;
    }
    r = make_float(S, vector_norm(v, nargs, max, nan_seen));
done:
    if (v != small) heap_free(mem_of(S)->heap, v);
    return r;
}

/* The items of a tuple or list (or anything iterable) as a new tuple. */
static PhObject *as_tuple(PhState *S, PhObject *o)
{
    if (o->type == &S->types.tuple) {
        INCREF(o);
        return o;
    }
    return tuple_from_iterable(S, o);
}

MATH_FN(m_dist)
{
    if (npos_args(S, "dist", nargs, kwnames, 2, 2) < 0) return NULL;
    PhObject *p = as_tuple(S, args[0]), *q = p ? as_tuple(S, args[1]) : NULL, *r = NULL;
    double small[NORM_SMALL], *v = small;
    if (!q) goto done;
    ssize_t n = TUPLE_LEN(p);
    if (TUPLE_LEN(q) != n) {
        err_format(S, &S->exc.ValueError, "both points must have the same number of dimensions");
        goto done;
    }
    if (n > NORM_SMALL) {
        v = heap_alloc(mem_of(S)->heap, (size_t)n * sizeof(double));
        if (!v) {
            err_no_memory(S);
            goto done;
        }
    }
    double max = 0.0;
    bool nan_seen = false;
    for (ssize_t i = 0; i < n; i++) {
        double a, b;
        if (as_double(S, TUPLE_GET(p, i), &a) < 0 || as_double(S, TUPLE_GET(q, i), &b) < 0)
            goto done;
        v[i] = fabs(a - b);
        nan_seen |= isnan(v[i]);
        if (v[i] > max) max = v[i];
    }
    r = make_float(S, vector_norm(v, (size_t)n, max, nan_seen));
done:
    if (v != small) heap_free(mem_of(S)->heap, v);
    XDECREF(S, p);
    XDECREF(S, q);
    return r;
}

/* Exact sum of floats (Shewchuk's algorithm, as CPython's fsum): keep a list
 * of non-overlapping partial sums whose exact total is the running sum;
 * round once at the end, fixing up half-way cases. */
typedef struct Partials {
    double *p;
    size_t n, cap;
    double small[32];
} Partials;

static int partials_push(PhState *S, Partials *ps, double x)
{
    if (ps->n == ps->cap) {
        size_t cap = ps->cap * 2;
        double *np = heap_alloc(mem_of(S)->heap, cap * sizeof(double));
        if (!np) return -1;
        memcpy(np, ps->p, ps->n * sizeof(double));
        if (ps->p != ps->small) heap_free(mem_of(S)->heap, ps->p);
        ps->p = np;
        ps->cap = cap;
    }
    ps->p[ps->n++] = x;
    return 0;
}

MATH_FN(m_fsum)
{
    if (one_arg(S, "fsum", nargs, kwnames) < 0) return NULL;
    PhObject *it = obj_iter(S, args[0]), *item, *res = NULL;
    if (!it) return NULL;
    Partials ps = {.n = 0, .cap = 32};
    ps.p = ps.small;
    double special_sum = 0.0, inf_sum = 0.0;
    while ((item = obj_iternext(S, it)) != NULL) {
        double x;
        int rc = as_double(S, item, &x);
        DECREF(S, item);
        if (rc < 0) goto done;
        double xsave = x;
        size_t i = 0;
        for (size_t j = 0; j < ps.n; j++) { /* x + partials[j], exactly */
            double y = ps.p[j];
            if (fabs(x) < fabs(y)) {
                double t = x;
                x = y;
                y = t;
            }
            double hi = x + y, lo = y - (hi - x);
            if (lo != 0.0) ps.p[i++] = lo;
            x = hi;
        }
        ps.n = i;
        if (x != 0.0) {
            if (!isfinite(x)) {
                /* A non-finite partial from finite inputs is an overflow;
                 * infinite or NaN inputs are summed on the side. */
                if (isfinite(xsave)) {
                    err_format(S, &S->exc.OverflowError, "intermediate overflow in fsum");
                    goto done;
                }
                if (isinf(xsave)) inf_sum += xsave;
                special_sum += xsave;
                ps.n = 0; /* the finite partials no longer matter */
            } else if (partials_push(S, &ps, x) < 0) {
                err_no_memory(S);
                goto done;
            }
        }
    }
    if (err_occurred(S)) goto done;
    if (special_sum != 0.0) {
        if (isnan(inf_sum))
            err_format(S, &S->exc.ValueError, "-inf + inf in fsum");
        else
            res = make_float(S, special_sum);
        goto done;
    }
    double hi = 0.0;
    if (ps.n > 0) {
        size_t n = ps.n;
        hi = ps.p[--n];
        double lo = 0.0;
        /* Add from the top until the sum becomes inexact. */
        while (n > 0) {
            double x = hi, y = ps.p[--n];
            hi = x + y;
            double yr = hi - x;
            lo = y - yr;
            if (lo != 0.0) break;
        }
        /* Half-way case: round according to the sign of the next partial. */
        if (n > 0 && ((lo < 0.0 && ps.p[n - 1] < 0.0) || (lo > 0.0 && ps.p[n - 1] > 0.0))) {
            double y = lo * 2.0, x = hi + y, yr = x - hi;
            if (y == yr) hi = x;
        }
    }
    res = make_float(S, hi);
done:
    if (ps.p != ps.small) heap_free(mem_of(S)->heap, ps.p);
    DECREF(S, it);
    return res;
}

static const char *const prod_names[] = {"iterable", "start"};
static const ArgSpec prod_spec = {"prod", prod_names, 2, 1, 1, 1};

MATH_FN(m_prod)
{
    PhObject *a[2];
    if (kwnames == NULL && nargs != 1)
        return err_format(S, &S->exc.TypeError,
                          "prod() takes exactly 1 positional argument (%zu given)", nargs);
    if (args_bind(S, &prod_spec, args, nargs, kwnames, a) < 0) return NULL;
    PhObject *acc = a[1] ? a[1] : S->small_ints[1 - INT_SMALL_MIN], *item;
    INCREF(acc);
    PhObject *it = obj_iter(S, a[0]);
    if (!it) {
        DECREF(S, acc);
        return NULL;
    }
    while ((item = obj_iternext(S, it)) != NULL) {
        PhObject *t = num_binary(S, acc, item, BINOP_MUL);
        DECREF(S, item);
        DECREF(S, acc);
        acc = t;
        if (!acc) break;
    }
    DECREF(S, it);
    if (acc && err_occurred(S)) CLEAR(S, acc);
    return acc;
}

/* ---- integer functions ----------------------------------------------------------------------- */

MATH_FN(m_gcd)
{
    if (kwnames && TUPLE_LEN(kwnames) > 0)
        return err_format(S, &S->exc.TypeError, "math.gcd() takes no keyword arguments");
    PhObject *g = int_from_i64(S, 0);
    for (size_t i = 0; g && i < nargs; i++) {
        PhObject *x = num_index(S, args[i]);
        if (!x) {
            DECREF(S, g);
            return NULL;
        }
        PhObject *t = int_gcd(S, g, x);
        DECREF(S, x);
        DECREF(S, g);
        g = t;
    }
    return g;
}

MATH_FN(m_lcm)
{
    if (kwnames && TUPLE_LEN(kwnames) > 0)
        return err_format(S, &S->exc.TypeError, "math.lcm() takes no keyword arguments");
    PhObject *l = int_from_i64(S, 1);
    for (size_t i = 0; l && i < nargs; i++) {
        PhObject *x = num_index(S, args[i]), *t = NULL;
        if (!x) {
            DECREF(S, l);
            return NULL;
        }
        if (int_sign(l) == 0 || int_sign(x) == 0) t = int_from_i64(S, 0);
        else { /* |l // gcd(l, x) * x| */
            PhObject *g = int_gcd(S, l, x);
            PhObject *q = g ? int_floordiv(S, l, g) : NULL;
            PhObject *p = q ? int_mul(S, q, x) : NULL;
            t = p ? int_abs(S, p) : NULL;
            XDECREF(S, g);
            XDECREF(S, q);
            XDECREF(S, p);
        }
        DECREF(S, x);
        DECREF(S, l);
        l = t;
    }
    return l;
}

/* lo * (lo+1) * ... * (hi-1) by balanced splitting, so that the big
 * multiplications have operands of similar size. */
static PhObject *range_product(PhState *S, uint64_t lo, uint64_t hi)
{
    if (hi <= lo) return int_from_i64(S, 1);
    if (hi - lo <= 8) {
        PhObject *acc = int_from_u64(S, lo);
        for (uint64_t k = lo + 1; acc && k < hi; k++) {
            PhObject *f = int_from_u64(S, k);
            PhObject *t = f ? int_mul(S, acc, f) : NULL;
            XDECREF(S, f);
            DECREF(S, acc);
            acc = t;
        }
        return acc;
    }
    uint64_t mid = lo + (hi - lo) / 2;
    PhObject *a = range_product(S, lo, mid);
    PhObject *b = a ? range_product(S, mid, hi) : NULL;
    PhObject *r = b ? int_mul(S, a, b) : NULL;
    XDECREF(S, a);
    XDECREF(S, b);
    return r;
}

/* An integer argument (via __index__) as int64; *big is set when it does
 * not fit. NULL-free: returns -1 and an exception on failure. */
static int index_i64(PhState *S, PhObject *o, int64_t *out, bool *big, int *sign)
{
    PhObject *i = num_index(S, o);
    if (!i) return -1;
    int overflow;
    *out = int_as_i64(i, &overflow);
    *big = overflow != 0;
    *sign = int_sign(i);
    DECREF(S, i);
    return 0;
}

MATH_FN(m_factorial)
{
    if (one_arg(S, "factorial", nargs, kwnames) < 0) return NULL;
    int64_t n;
    bool big;
    int sign;
    if (index_i64(S, args[0], &n, &big, &sign) < 0) return NULL;
    if (sign < 0)
        return err_format(S, &S->exc.ValueError, "factorial() not defined for negative values");
    if (big)
        return err_format(S, &S->exc.OverflowError,
                          "factorial() argument should not exceed %lld", (long long)INT64_MAX);
    if (n < 2) return int_from_i64(S, 1);
    return range_product(S, 2, (uint64_t)n + 1);
}

/* floor(sqrt(n)) for n >= 0 by Newton's iteration from above. */
static PhObject *int_isqrt(PhState *S, PhObject *n)
{
    if (int_sign(n) == 0) return int_from_i64(S, 0);
    uint64_t bits = int_bit_length(n);
    if (bits <= 52) { /* exact enough in doubles; fix the last step */
        int ov;
        uint64_t v = (uint64_t)int_as_i64(n, &ov);
        uint64_t r = (uint64_t)sqrt((double)v);
        while (r * r > v) r--;
        while ((r + 1) * (r + 1) <= v) r++;
        return int_from_u64(S, r);
    }
    /* x0 = 2**ceil(bits/2) > sqrt(n); x_{k+1} = (x_k + n // x_k) // 2 while
     * it decreases. */
    PhObject *x = int_lshift_by(S, S->small_ints[1 - INT_SMALL_MIN], (bits + 1) / 2);
    while (x) {
        PhObject *q = int_floordiv(S, n, x);
        PhObject *s = q ? int_add(S, x, q) : NULL;
        PhObject *y = s ? int_rshift_by(S, s, 1) : NULL;
        XDECREF(S, q);
        XDECREF(S, s);
        if (!y) {
            DECREF(S, x);
            return NULL;
        }
        if (int_compare(y, x) >= 0) {
            DECREF(S, y);
            return x;
        }
        DECREF(S, x);
        x = y;
    }
    return NULL;
}

MATH_FN(m_isqrt)
{
    if (one_arg(S, "isqrt", nargs, kwnames) < 0) return NULL;
    PhObject *n = num_index(S, args[0]);
    if (!n) return NULL;
    PhObject *r = NULL;
    if (int_sign(n) < 0) err_format(S, &S->exc.ValueError, "isqrt() argument must be nonnegative");
    else r = int_isqrt(S, n);
    DECREF(S, n);
    return r;
}

/* n * (n-1) * ... * (n-k+1) for an int n >= k >= 0 (k small enough). */
static PhObject *falling_product(PhState *S, PhObject *n, uint64_t k)
{
    int ov;
    int64_t nv = int_as_i64(n, &ov);
    if (!ov) return range_product(S, (uint64_t)nv - k + 1, (uint64_t)nv + 1);
    /* n is huge: multiply the k factors directly (k is small in practice) */
    PhObject *acc = int_from_i64(S, 1);
    for (uint64_t i = 0; acc && i < k; i++) {
        PhObject *d = int_from_u64(S, i);
        PhObject *f = d ? int_sub(S, n, d) : NULL;
        PhObject *t = f ? int_mul(S, acc, f) : NULL;
        XDECREF(S, d);
        XDECREF(S, f);
        DECREF(S, acc);
        acc = t;
    }
    return acc;
}

/* Shared checks of comb/perm: n, k as ints; *kk = k as uint64; returns 1
 * when the result is 0 (k > n), 0 to go on, -1 on error. */
static int comb_args(PhState *S, PhObject *no, PhObject *ko, PhObject **n, uint64_t *kk)
{
    *n = num_index(S, no);
    if (!*n) return -1;
    PhObject *k = num_index(S, ko);
    if (!k) return -1;
    int rc = 0;
    if (int_sign(*n) < 0) {
        err_format(S, &S->exc.ValueError, "n must be a non-negative integer");
        rc = -1;
    } else if (int_sign(k) < 0) {
        err_format(S, &S->exc.ValueError, "k must be a non-negative integer");
        rc = -1;
    } else if (int_compare(k, *n) > 0)
        rc = 1;
    else {
        int ov;
        int64_t kv = int_as_i64(k, &ov);
        if (ov) {
            err_format(S, &S->exc.OverflowError, "k must not exceed %lld", (long long)INT64_MAX);
            rc = -1;
        }
        *kk = (uint64_t)kv;
    }
    DECREF(S, k);
    return rc;
}

MATH_FN(m_perm)
{
    if (npos_args(S, "perm", nargs, kwnames, 1, 2) < 0) return NULL;
    if (nargs == 1 || args[1] == PH_NONE(S)) { /* perm(n) == n! */
        PhObject *a1[1] = {args[0]};
        return m_factorial(S, callable, a1, 1, NULL);
    }
    PhObject *n;
    uint64_t k = 0;
    int rc = comb_args(S, args[0], args[1], &n, &k);
    PhObject *r = rc < 0 ? NULL : rc > 0 ? int_from_i64(S, 0) : falling_product(S, n, k);
    XDECREF(S, n);
    return r;
}

MATH_FN(m_comb)
{
    if (npos_args(S, "comb", nargs, kwnames, 2, 2) < 0) return NULL;
    PhObject *n;
    uint64_t k = 0;
    int rc = comb_args(S, args[0], args[1], &n, &k);
    if (rc != 0) {
        XDECREF(S, n);
        return rc < 0 ? NULL : int_from_i64(S, 0);
    }
    /* comb(n, k) == comb(n, n-k): use the smaller k. */
    PhObject *kobj = int_from_u64(S, k);
    PhObject *nk = kobj ? int_sub(S, n, kobj) : NULL;
    XDECREF(S, kobj);
    if (!nk) {
        DECREF(S, n);
        return NULL;
    }
    int ov;
    int64_t nkv = int_as_i64(nk, &ov);
    if (!ov && (uint64_t)nkv < k) k = (uint64_t)nkv;
    DECREF(S, nk);
    PhObject *num = falling_product(S, n, k);
    PhObject *den = num ? range_product(S, 1, k + 1) : NULL;
    PhObject *r = den ? int_floordiv(S, num, den) : NULL;
    XDECREF(S, num);
    XDECREF(S, den);
    DECREF(S, n);
    return r;
}

/* ---- the module ------------------------------------------------------------------------------ */

static const PhMethodDef math_functions[] = {
    {"acos", m_acos, METH_DEFAULT, NULL},
    {"acosh", m_acosh, METH_DEFAULT, NULL},
    {"asin", m_asin, METH_DEFAULT, NULL},
    {"asinh", m_asinh, METH_DEFAULT, NULL},
    {"atan", m_atan, METH_DEFAULT, NULL},
    {"atan2", m_atan2, METH_DEFAULT, NULL},
    {"atanh", m_atanh, METH_DEFAULT, NULL},
    {"cbrt", m_cbrt, METH_DEFAULT, NULL},
    {"ceil", m_ceil, METH_DEFAULT, NULL},
    {"comb", m_comb, METH_DEFAULT, NULL},
    {"copysign", m_copysign, METH_DEFAULT, NULL},
    {"cos", m_cos, METH_DEFAULT, NULL},
    {"cosh", m_cosh, METH_DEFAULT, NULL},
    {"degrees", m_degrees, METH_DEFAULT, NULL},
    {"dist", m_dist, METH_DEFAULT, NULL},
    {"erf", m_erf, METH_DEFAULT, NULL},
    {"erfc", m_erfc, METH_DEFAULT, NULL},
    {"exp", m_exp, METH_DEFAULT, NULL},
    {"exp2", m_exp2, METH_DEFAULT, NULL},
    {"expm1", m_expm1, METH_DEFAULT, NULL},
    {"fabs", m_fabs, METH_DEFAULT, NULL},
    {"factorial", m_factorial, METH_DEFAULT, NULL},
    {"floor", m_floor, METH_DEFAULT, NULL},
    {"fmod", m_fmod, METH_DEFAULT, NULL},
    {"frexp", m_frexp, METH_DEFAULT, NULL},
    {"fsum", m_fsum, METH_DEFAULT, NULL},
    {"gamma", m_gamma, METH_DEFAULT, NULL},
    {"gcd", m_gcd, METH_DEFAULT, NULL},
    {"hypot", m_hypot, METH_DEFAULT, NULL},
    {"isclose", m_isclose, METH_DEFAULT, NULL},
    {"isfinite", m_isfinite, METH_DEFAULT, NULL},
    {"isinf", m_isinf, METH_DEFAULT, NULL},
    {"isnan", m_isnan, METH_DEFAULT, NULL},
    {"isqrt", m_isqrt, METH_DEFAULT, NULL},
    {"lcm", m_lcm, METH_DEFAULT, NULL},
    {"ldexp", m_ldexp, METH_DEFAULT, NULL},
    {"lgamma", m_lgamma, METH_DEFAULT, NULL},
    {"log", m_log, METH_DEFAULT, NULL},
    {"log10", m_log10, METH_DEFAULT, NULL},
    {"log1p", m_log1p, METH_DEFAULT, NULL},
    {"log2", m_log2, METH_DEFAULT, NULL},
    {"modf", m_modf, METH_DEFAULT, NULL},
    {"nextafter", m_nextafter, METH_DEFAULT, NULL},
    {"perm", m_perm, METH_DEFAULT, NULL},
    {"pow", m_pow, METH_DEFAULT, NULL},
    {"prod", m_prod, METH_DEFAULT, NULL},
    {"radians", m_radians, METH_DEFAULT, NULL},
    {"remainder", m_remainder, METH_DEFAULT, NULL},
    {"sin", m_sin, METH_DEFAULT, NULL},
    {"sinh", m_sinh, METH_DEFAULT, NULL},
    {"sqrt", m_sqrt, METH_DEFAULT, NULL},
    {"tan", m_tan, METH_DEFAULT, NULL},
    {"tanh", m_tanh, METH_DEFAULT, NULL},
    {"trunc", m_trunc, METH_DEFAULT, NULL},
    {"ulp", m_ulp, METH_DEFAULT, NULL},
    {NULL, NULL, 0, NULL},
};

static int add_float(PhState *S, PhObject *mod, const char *name, double v)
{
    PhObject *f = float_from_double(S, v);
    if (!f) return -1;
    int rc = module_add_object(S, mod, name, f);
    DECREF(S, f);
    return rc;
}

PhObject *math_module_create(PhState *S)
{
    PhObject *mod = module_new(S, "math");
    if (!mod) return NULL;
    if (module_add_functions(S, mod, math_functions) < 0 ||
        add_float(S, mod, "pi", 3.141592653589793238462643383279502884) < 0 ||
        add_float(S, mod, "e", 2.718281828459045235360287471352662498) < 0 ||
        add_float(S, mod, "tau", 6.283185307179586476925286766559005768) < 0 ||
        add_float(S, mod, "inf", HUGE_VAL) < 0 || add_float(S, mod, "nan", NAN) < 0) {
        DECREF(S, mod);
        return NULL;
    }
    return mod;
}
