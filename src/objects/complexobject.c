/* complex: CPython 3.11's complex numbers.
 *
 *   - arithmetic mixes with ints and floats by first widening them to
 *     complex (so 2 * complex(inf, 0) is (inf+nanj), as in 3.11); division
 *     is Smith's algorithm, powers with a small integral exponent use
 *     repeated squaring, other powers the polar form;
 *   - == and != only (ordering is left to the generic TypeError);
 *   - repr uses float's shortest repr for each part, without the '.0' of an
 *     integral value, and drops a real part that is +0.0;
 *   - complex(str) accepts exactly what 3.11 accepts, underscores included;
 *   - __format__ renders each part with the float presentation types.
 */
#include "complexobject.h"

#include "float.h"
#include "int.h"
#include "objects/abstract.h"
#include "objects/str.h"
#include "objects/tuple.h"
#include "vm/errors.h"
#include "vm/state.h"

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static inline PhObject *not_implemented(PhState *S)
{
    INCREF(PH_NOTIMPL(S));
    return PH_NOTIMPL(S);
}

bool complex_check(PhState *S, const PhObject *o)
{
    return o->type == &S->types.complex || type_is_subtype(o->type, &S->types.complex);
}

static inline PhCValue cvalue(const PhObject *o)
{
    return (PhCValue){complex_real(o), complex_imag(o)};
}

/* ---- allocation ----------------------------------------------------------------------- */

/* An instance of t (complex or a subclass) holding the value. */
static PhObject *complex_alloc(PhState *S, PhType *t, double real, double imag)
{
    PhComplex *c = (PhComplex *)obj_alloc(S, t, (size_t)t->basicsize);
    if (!c) return err_no_memory(S);
    if (t != &S->types.complex) /* a subclass's own fields (__dict__ slot, __slots__) */
        memset((char *)c + sizeof(PhObject), 0, (size_t)t->basicsize - sizeof(PhObject));
    c->real = real;
    c->imag = imag;
    return (PhObject *)c;
}

PhObject *complex_from_doubles(PhState *S, double real, double imag)
{
    return complex_alloc(S, &S->types.complex, real, imag);
}

static inline PhObject *from_value(PhState *S, PhCValue v)
{
    return complex_from_doubles(S, v.real, v.imag);
}

static void complex_dealloc(PhState *S, PhObject *o) { obj_free(S, o); }

/* ---- arithmetic on values ----------------------------------------------------------------- */

static PhCValue c_mul(PhCValue a, PhCValue b)
{
    return (PhCValue){a.real * b.real - a.imag * b.imag, a.real * b.imag + a.imag * b.real};
}

PhCValue complex_c_quot(PhCValue a, PhCValue b, int *err)
{
    /* Dividing numerator and denominator by the larger part of b keeps the
     * intermediate products from overflowing (Smith, CACM algorithm 116).
     * IEEE special values get no further treatment, as in 3.11. */
    double abr = fabs(b.real), abi = fabs(b.imag);
    *err = COMPLEX_OK;
    if (abr >= abi) {
        if (abr == 0.0) {
            *err = COMPLEX_EDOM;
            return (PhCValue){0.0, 0.0};
        }
        double ratio = b.imag / b.real;
        double denom = b.real + b.imag * ratio;
        return (PhCValue){(a.real + a.imag * ratio) / denom, (a.imag - a.real * ratio) / denom};
    }
    if (abi >= abr) {
        double ratio = b.real / b.imag;
        double denom = b.real * ratio + b.imag;
        return (PhCValue){(a.real * ratio + a.imag) / denom, (a.imag * ratio - a.real) / denom};
    }
    /* Neither comparison held: a part of b is a NaN. */
    return (PhCValue){NAN, NAN};
}

/* x ** n for n >= 0 by binary powering from the low bit up (the order of
 * the products decides the rounding, so it is CPython's order). */
static PhCValue c_powu(PhCValue x, long n)
{
    PhCValue r = {1.0, 0.0}, p = x;
    for (long mask = 1; mask > 0 && n >= mask; mask <<= 1) {
        if (n & mask) r = c_mul(r, p);
        p = c_mul(p, p);
    }
    return r;
}

/* The polar form; libm's errno is the error channel, as in CPython (a
 * cos/sin of an infinite phase is a domain error). */
static PhCValue c_pow_polar(PhCValue a, PhCValue b)
{
    if (b.real == 0.0 && b.imag == 0.0) return (PhCValue){1.0, 0.0};
    if (a.real == 0.0 && a.imag == 0.0) {
        if (b.imag != 0.0 || b.real < 0.0) errno = EDOM;
        return (PhCValue){0.0, 0.0};
    }
    double vabs = hypot(a.real, a.imag);
    double len = pow(vabs, b.real);
    double at = atan2(a.imag, a.real);
    double phase = at * b.real;
    if (b.imag != 0.0) {
        len /= exp(at * b.imag);
        phase += b.imag * log(vabs);
    }
    return (PhCValue){len * cos(phase), len * sin(phase)};
}

PhCValue complex_c_pow(PhCValue a, PhCValue b, int *err)
{
    PhCValue r;
    errno = 0;
    if (b.imag == 0.0 && b.real == floor(b.real) && fabs(b.real) <= 100.0) {
        long n = (long)b.real;
        if (n > 0) r = c_powu(a, n);
        else {
            int qerr;
            r = complex_c_quot((PhCValue){1.0, 0.0}, c_powu(a, -n), &qerr);
            if (qerr) errno = EDOM;
        }
    } else
        r = c_pow_polar(a, b);
    /* An infinite part is an overflow unless a domain error came first; a
     * range error without one was an underflow, which is not an error. */
    int e = errno;
    errno = 0;
    if (e == EDOM) *err = COMPLEX_EDOM;
    else if (isinf(r.real) || isinf(r.imag)) *err = COMPLEX_ERANGE;
    else *err = COMPLEX_OK;
    return r;
}

double complex_c_abs(PhCValue z, int *err)
{
    *err = COMPLEX_OK;
    if (!isfinite(z.real) || !isfinite(z.imag)) {
        /* C99: an infinite part makes the result infinite, even with a NaN. */
        if (isinf(z.real)) return fabs(z.real);
        if (isinf(z.imag)) return fabs(z.imag);
        return NAN;
    }
    double r = hypot(z.real, z.imag);
    if (!isfinite(r)) *err = COMPLEX_ERANGE;
    return r;
}

/* ---- operands and number slots ------------------------------------------------------------ */

/* A binary operand as a complex value: 1 for a complex, int or float; 0 for
 * anything else (NotImplemented); -1 with OverflowError for a huge int. */
static int as_operand(PhState *S, PhObject *o, PhCValue *out)
{
    if (complex_check(S, o)) {
        *out = cvalue(o);
        return 1;
    }
    out->imag = 0.0;
    if (int_check(o)) {
        out->real = int_to_double(S, o);
        return out->real == -1.0 && err_occurred(S) ? -1 : 1;
    }
    if (float_check(S, o)) {
        out->real = float_value(o);
        return 1;
    }
    return 0;
}

#define COMPLEX_OPERANDS(a, b)                                                         \
    PhCValue a##v, b##v;                                                               \
    {                                                                                  \
        int ra_ = as_operand(S, a, &a##v);                                             \
        if (ra_ <= 0) return ra_ < 0 ? NULL : not_implemented(S);                      \
        int rb_ = as_operand(S, b, &b##v);                                             \
        if (rb_ <= 0) return rb_ < 0 ? NULL : not_implemented(S);                      \
    }

static PhObject *c_add(PhState *S, PhObject *a, PhObject *b)
{
    COMPLEX_OPERANDS(a, b)
    return complex_from_doubles(S, av.real + bv.real, av.imag + bv.imag);
}

static PhObject *c_sub(PhState *S, PhObject *a, PhObject *b)
{
    COMPLEX_OPERANDS(a, b)
    return complex_from_doubles(S, av.real - bv.real, av.imag - bv.imag);
}

static PhObject *c_mul_slot(PhState *S, PhObject *a, PhObject *b)
{
    COMPLEX_OPERANDS(a, b)
    return from_value(S, c_mul(av, bv));
}

static PhObject *c_truediv(PhState *S, PhObject *a, PhObject *b)
{
    COMPLEX_OPERANDS(a, b)
    int err;
    PhCValue q = complex_c_quot(av, bv, &err);
    if (err) return err_format(S, &S->exc.ZeroDivisionError, "complex division by zero");
    return from_value(S, q);
}

PhObject *complex_pow(PhState *S, PhObject *a, PhObject *b, PhObject *m)
{
    COMPLEX_OPERANDS(a, b)
    if (m && m != PH_NONE(S)) return err_format(S, &S->exc.ValueError, "complex modulo");
    int err;
    PhCValue p = complex_c_pow(av, bv, &err);
    if (err == COMPLEX_EDOM)
        return err_format(S, &S->exc.ZeroDivisionError, "0.0 to a negative or complex power");
    if (err == COMPLEX_ERANGE)
        return err_format(S, &S->exc.OverflowError, "complex exponentiation");
    return from_value(S, p);
}

static PhObject *c_neg(PhState *S, PhObject *a)
{
    return complex_from_doubles(S, -complex_real(a), -complex_imag(a));
}

static PhObject *c_pos(PhState *S, PhObject *a)
{
    if (a->type == &S->types.complex) {
        INCREF(a);
        return a;
    }
    return from_value(S, cvalue(a));
}

static PhObject *c_abs(PhState *S, PhObject *a)
{
    int err;
    double r = complex_c_abs(cvalue(a), &err);
    if (err) return err_format(S, &S->exc.OverflowError, "absolute value too large");
    return float_from_double(S, r);
}

static int c_bool(PhState *S, PhObject *a) { return complex_real(a) != 0.0 || complex_imag(a) != 0.0; }

/* No // % divmod: 3.11 removed them, so the generic TypeError applies. */
static const PhNumberMethods complex_as_number = {
    .add = c_add, .sub = c_sub, .mul = c_mul_slot, .truediv = c_truediv, .pow = complex_pow,
    .neg = c_neg, .pos = c_pos, .abs = c_abs, .bool_ = c_bool,
};

/* ---- comparison and hashing ---------------------------------------------------------------- */

static PhObject *complex_richcompare(PhState *S, PhObject *a, PhObject *b, int op)
{
    if (op != CMP_EQ && op != CMP_NE) return not_implemented(S);
    PhCValue x = cvalue(a);
    bool equal;
    if (int_check(b)) {
        if (x.imag != 0.0) equal = false;
        else { /* compare the real part exactly, as float == int does */
            PhObject *f = float_from_double(S, x.real);
            if (!f) return NULL;
            PhObject *r = obj_richcompare(S, f, b, op);
            DECREF(S, f);
            return r;
        }
    } else if (float_check(S, b))
        equal = x.real == float_value(b) && x.imag == 0.0;
    else if (complex_check(S, b))
        equal = x.real == complex_real(b) && x.imag == complex_imag(b);
    else
        return not_implemented(S);
    return ph_bool(S, equal == (op == CMP_EQ));
}

#define HASH_IMAG 1000003u

int64_t complex_hash_values(double real, double imag, const PhObject *obj)
{
    /* An imaginary part of 0 hashes to 0, so hash(x + 0j) == hash(x). */
    uint64_t hr = (uint64_t)float_hash_double(real, obj);
    uint64_t hi = (uint64_t)float_hash_double(imag, obj);
    uint64_t h = hr + HASH_IMAG * hi;
    return h == (uint64_t)-1 ? -2 : (int64_t)h;
}

static int64_t complex_hash_slot(PhState *S, PhObject *o)
{
    return complex_hash_values(complex_real(o), complex_imag(o), o);
}

/* ---- text: repr and format ----------------------------------------------------------------- */

/* How one part is rendered: CPython's PyOS_double_to_string arguments. */
typedef struct PartFmt {
    char type;     /* 'r' (shortest repr, no '.0'), or e E f F g G */
    int prec;      /* for e f g */
    bool alt;      /* '#': always a decimal point (and g keeps its zeros) */
    bool no_neg_0; /* 'z': a result that rounds to zero loses its minus */
    char sign;     /* '+', ' ' or 0 (minus only) */
    char grouping; /* ',' '_' or 0: separators in the integer digits */
} PartFmt;

/* Is the mantissa of rendered text all zeros? (inf and nan are not.) */
static bool renders_zero(const char *s)
{
    bool digit = false;
    for (; *s && *s != 'e' && *s != 'E'; s++) {
        if (*s >= '1' && *s <= '9') return false;
        if (*s == '0') digit = true;
    }
    return digit;
}

/* The unsigned text of av (>= 0 or NaN) in out (cap bytes); its length. */
static int part_body(double av, const PartFmt *f, char *out, size_t cap)
{
    bool upper = f->type == 'E' || f->type == 'F' || f->type == 'G';
    if (isinf(av)) return snprintf(out, cap, upper ? "INF" : "inf");
    if (isnan(av)) return snprintf(out, cap, upper ? "NAN" : "nan");
    switch (f->type) {
    case 'r': {
        int n = float_repr_buf(av, out);
        /* float's repr says '2.0'; a part of a complex says '2' */
        if (n >= 2 && out[n - 2] == '.' && out[n - 1] == '0') out[n -= 2] = 0;
        if (f->alt && !strchr(out, '.')) {
            char *e = strchr(out, 'e');
            if (!e) e = out + n;
            memmove(e + 1, e, strlen(e) + 1);
            *e = '.';
            n++;
        }
        return n;
    }
    case 'e': return snprintf(out, cap, f->alt ? "%#.*e" : "%.*e", f->prec, av);
    case 'E': return snprintf(out, cap, f->alt ? "%#.*E" : "%.*E", f->prec, av);
    case 'f': case 'F': return snprintf(out, cap, f->alt ? "%#.*f" : "%.*f", f->prec, av);
    case 'g': return snprintf(out, cap, f->alt ? "%#.*g" : "%.*g", f->prec, av);
    default: return snprintf(out, cap, f->alt ? "%#.*G" : "%.*G", f->prec, av);
    }
}

/* Renders v with its sign. The text goes to stack[0..PART_STACK) when it
 * fits, else to a heap buffer; *out says where (heap memory when *out !=
 * stack, freed by the caller). Returns the length, or -1 with MemoryError. */
#define PART_STACK 512
static ssize_t render_part(PhState *S, double v, const PartFmt *f, char *stack, char **out)
{
    /* %.{prec}f of 1e308 needs 309 + prec digits; separators add a third. */
    size_t cap = (size_t)f->prec + 330;
    size_t total = cap + cap / 3 + 8;
    char *buf = total <= PART_STACK ? stack : heap_alloc(mem_of(S)->heap, total);
    if (!buf) {
        err_no_memory(S);
        return -1;
    }
    /* The body is rendered at the end of buf and moved forward while the
     * sign and separators are inserted: writes never overtake reads. */
    char *body = buf + total - cap;
    int n = part_body(fabs(v), f, body, cap);
    if (n < 0) n = 0;
    bool neg = signbit(v) && !isnan(v); /* a NaN's sign is never shown */
    if (neg && f->no_neg_0 && renders_zero(body)) neg = false;
    char *o = buf;
    if (neg) *o++ = '-';
    else if (f->sign == '+' || f->sign == ' ') *o++ = f->sign;
    int ndig = 0;
    while (ndig < n && body[ndig] >= '0' && body[ndig] <= '9') ndig++;
    for (int i = 0; i < ndig; i++) {
        if (f->grouping && i > 0 && (ndig - i) % 3 == 0) *o++ = f->grouping;
        *o++ = body[i];
    }
    memmove(o, body + ndig, (size_t)(n - ndig));
    o += n - ndig;
    *out = buf;
    return o - buf;
}

/* The layout of a whole complex for format(); repr() is the case
 * {type 'r', bare, no sign, no width} (complex_repr_buf writes it directly). */
typedef struct ComplexFmt {
    PartFmt part;
    bool bare;      /* no type given: parentheses, and +0.0 real parts left out */
    uint32_t fill;
    char align;     /* '<' '>' '^' */
    ssize_t width;  /* -1: none */
} ComplexFmt;

static PhObject *render_complex(PhState *S, PhObject *o, const ComplexFmt *f)
{
    double re = complex_real(o), im = complex_imag(o);
    bool skip_re = f->bare && re == 0.0 && !signbit(re);
    bool parens = f->bare && !skip_re;
    PartFmt imf = f->part;
    if (!skip_re) imf.sign = '+'; /* after a real part, the imaginary part is signed */
    char restack[PART_STACK], imstack[PART_STACK];
    char *retext = restack, *imtext = imstack;
    ssize_t nre = 0, nim = 0;
    PhObject *result = NULL;
    if (!skip_re && (nre = render_part(S, re, &f->part, restack, &retext)) < 0) goto done;
    if ((nim = render_part(S, im, &imf, imstack, &imtext)) < 0) goto done;
    ssize_t len = nre + nim + 1 + (parens ? 2 : 0), left = 0, right = 0;
    if (f->width > len) {
        ssize_t pad = f->width - len;
        left = f->align == '<' ? 0 : f->align == '^' ? pad / 2 : pad;
        right = pad - left;
    }
    StrBuilder b;
    sb_init(&b);
    int rc = sb_append_fill(S, &b, f->fill, (size_t)left);
    if (parens) rc |= sb_append_char(S, &b, '(');
    rc |= sb_append_ascii(S, &b, retext, (size_t)nre);
    rc |= sb_append_ascii(S, &b, imtext, (size_t)nim);
    rc |= sb_append_ascii(S, &b, parens ? "j)" : "j", parens ? 2 : 1);
    rc |= sb_append_fill(S, &b, f->fill, (size_t)right);
    if (rc) sb_discard(S, &b);
    else result = sb_finish(S, &b);
done:
    if (retext != restack) heap_free(mem_of(S)->heap, retext);
    if (imtext != imstack) heap_free(mem_of(S)->heap, imtext);
    return result;
}

/* One part in repr form ('2', '-0', '1.5', 'inf', 'nan'), with a '+' in
 * front of a non-negative value when `sign`; at most 32 bytes + sign. */
static int short_part(double v, bool sign, char *out)
{
    char *o = out;
    if (sign && (isnan(v) || !signbit(v))) *o++ = '+';
    int n = float_repr_buf(v, o);
    if (n >= 2 && o[n - 2] == '.' && o[n - 1] == '0') o[n -= 2] = 0;
    return (int)(o - out) + n;
}

int complex_repr_buf(double real, double imag, char *buf)
{
    if (real == 0.0 && !signbit(real)) {
        int n = short_part(imag, false, buf);
        buf[n++] = 'j';
        buf[n] = 0;
        return n;
    }
    int n = 0;
    buf[n++] = '(';
    n += short_part(real, false, buf + n);
    n += short_part(imag, true, buf + n);
    buf[n++] = 'j';
    buf[n++] = ')';
    buf[n] = 0;
    return n;
}

PhObject *complex_repr(PhState *S, PhObject *o)
{
    char buf[COMPLEX_REPR_MAX];
    int n = complex_repr_buf(complex_real(o), complex_imag(o), buf);
    return num_ascii_str(S, buf, (size_t)n);
}

static bool is_align(uint32_t c) { return c == '<' || c == '>' || c == '^' || c == '='; }

/* A run of decimal digits at *pos: -1 if none, -2 (ValueError) if too big. */
static ssize_t spec_int(PhState *S, PhObject *spec, ssize_t *pos)
{
    ssize_t v = -1, len = str_len(spec);
    for (; *pos < len; (*pos)++) {
        int d = uni_decimal_value(str_char_at(spec, *pos));
        if (d < 0) break;
        if (v < 0) v = 0;
        if (v > (PTRDIFF_MAX - d) / 10) {
            err_format(S, &S->exc.ValueError, "Too many decimal digits in format string");
            return -2;
        }
        v = v * 10 + d;
    }
    return v;
}

/* "'x'" or "'\x1'" for a character in messages (as format.c prints it). */
static void quoted_char(uint32_t c, char out[16])
{
    if (c > 32 && c < 127) snprintf(out, 16, "'%c'", (char)c);
    else snprintf(out, 16, "'\\x%x'", (unsigned)c);
}

/* The spec's general grammar, [[fill]align][sign][z][#][0][width]
 * [grouping][.precision][type], read with the same rules and messages as
 * the other numeric types; then complex's own restrictions. */
static int parse_complex_spec(PhState *S, PhObject *spec, ComplexFmt *f)
{
    ssize_t len = str_len(spec), pos = 0;
    bool fill_given = false, align_given = false;
    uint32_t type = 0;
    memset(f, 0, sizeof *f);
    f->fill = ' ';
    f->align = '>';
    if (len >= 2 && is_align(str_char_at(spec, 1))) {
        f->fill = str_char_at(spec, 0);
        f->align = (char)str_char_at(spec, 1);
        fill_given = align_given = true;
        pos = 2;
    } else if (len >= 1 && is_align(str_char_at(spec, 0))) {
        f->align = (char)str_char_at(spec, 0);
        align_given = true;
        pos = 1;
    }
    if (pos < len) {
        uint32_t c = str_char_at(spec, pos);
        if (c == '+' || c == '-' || c == ' ') f->part.sign = (char)c, pos++;
    }
    if (pos < len && str_char_at(spec, pos) == 'z') f->part.no_neg_0 = true, pos++;
    if (pos < len && str_char_at(spec, pos) == '#') f->part.alt = true, pos++;
    if (pos < len && str_char_at(spec, pos) == '0' && !fill_given) {
        f->fill = '0';
        if (!align_given) f->align = '=';
        pos++;
    }
    if ((f->width = spec_int(S, spec, &pos)) == -2) return -1;
    char g = 0;
    if (pos < len && str_char_at(spec, pos) == ',') g = ',', pos++;
    if (pos < len && str_char_at(spec, pos) == '_') {
        if (g) goto both;
        g = '_', pos++;
    }
    if (pos < len && str_char_at(spec, pos) == ',' && g == '_') goto both;
    ssize_t prec = -1;
    if (pos < len && str_char_at(spec, pos) == '.') {
        pos++;
        if ((prec = spec_int(S, spec, &pos)) == -2) return -1;
        if (prec == -1) {
            err_format(S, &S->exc.ValueError, "Format specifier missing precision");
            return -1;
        }
    }
    if (len - pos > 1) {
        err_format(S, &S->exc.ValueError,
                   "Invalid format specifier '%U' for object of type 'complex'", spec);
        return -1;
    }
    if (len - pos == 1) type = str_char_at(spec, pos);
    char t[16];
    quoted_char(type, t);
    if (g) {
        bool ok;
        switch (type) {
        case 'd': case 'e': case 'f': case 'g': case 'E': case 'G': case '%': case 'F': case 0:
            ok = true;
            break;
        case 'b': case 'o': case 'x': case 'X': ok = g == '_'; break;
        default: ok = false;
        }
        if (!ok) {
            err_format(S, &S->exc.ValueError, "Cannot specify '%c' with %s.", g, t);
            return -1;
        }
    }
    f->part.grouping = g;
    switch (type) {
    case 0: /* like str(): repr of the parts, or 'g' when a precision is given */
        f->bare = true;
        f->part.type = prec < 0 ? 'r' : 'g';
        break;
    case 'n': f->part.type = 'g'; break; /* no locale: the C locale's 'g' */
    case 'e': case 'E': case 'f': case 'F': case 'g': case 'G': f->part.type = (char)type; break;
    default:
        err_format(S, &S->exc.ValueError, "Unknown format code %s for object of type 'complex'", t);
        return -1;
    }
    /* Caps the precision as the float formatter does, so buffers stay sane. */
    f->part.prec = (int)(prec < 0 ? (type ? 6 : 0) : prec > 1000000 ? 1000000 : prec);
    if (f->fill == '0') {
        err_format(S, &S->exc.ValueError, "Zero padding is not allowed in complex format specifier");
        return -1;
    }
    if (f->align == '=') {
        err_format(S, &S->exc.ValueError,
                   "'=' alignment flag is not allowed in complex format specifier");
        return -1;
    }
    return 0;
both:
    err_format(S, &S->exc.ValueError, "Cannot specify both ',' and '_'.");
    return -1;
}

/* ---- complex(x) from text --------------------------------------------------------------- */

static inline bool is_space(char c) { return c == ' ' || (c >= '\t' && c <= '\r'); }
static inline bool is_digit(char c) { return c >= '0' && c <= '9'; }

static bool starts_ci(const char *p, const char *end, const char *word)
{
    size_t n = strlen(word);
    if ((size_t)(end - p) < n) return false;
    for (size_t i = 0; i < n; i++)
        if ((p[i] | 0x20) != word[i]) return false;
    return true;
}

/* Length of the float literal at the start of p (CPython's
 * PyOS_string_to_double with an end pointer: no leading white space, a
 * sign, digits with an optional point and exponent, or inf, infinity, nan
 * in any case); 0 if there is none. */
static size_t float_prefix(const char *p, const char *end)
{
    const char *q = p;
    if (q < end && (*q == '+' || *q == '-')) q++;
    const char *num = q;
    int nd = 0;
    while (q < end && is_digit(*q)) q++, nd++;
    if (q < end && *q == '.')
        for (q++; q < end && is_digit(*q); q++) nd++;
    if (nd == 0) {
        q = num;
        if (starts_ci(q, end, "inf")) {
            q += 3;
            if (starts_ci(q, end, "inity")) q += 5;
            return (size_t)(q - p);
        }
        return starts_ci(q, end, "nan") ? (size_t)(q + 3 - p) : 0;
    }
    if (q < end && (*q == 'e' || *q == 'E')) { /* an exponent only with digits */
        const char *e = q + 1;
        if (e < end && (*e == '+' || *e == '-')) e++;
        if (e < end && is_digit(*e)) {
            while (e < end && is_digit(*e)) e++;
            q = e;
        }
    }
    return (size_t)(q - p);
}

/* Reads the float literal at *pp (advancing past it) into *out; false if
 * there is none. strtod converts (correctly rounded, inf on overflow); it
 * must stop where the grammar did, which it does for every text that can
 * parse (it would go further only into hex or 'nan(...)' forms, which are
 * malformed here whatever follows). */
static bool read_float(const char **pp, const char *end, double *out)
{
    size_t n = float_prefix(*pp, end);
    if (n == 0) return false;
    char *stop;
    *out = strtod(*pp, &stop);
    if (stop != *pp + n) return false;
    *pp += n;
    return true;
}

int complex_parse(const char *s, size_t len, double *real, double *imag)
{
    const char *p = s, *end = s + len;
    double x = 0.0, y = 0.0, z;
    bool bracket = false;
    while (p < end && is_space(*p)) p++;
    if (p < end && *p == '(') { /* as repr() writes it */
        bracket = true;
        for (p++; p < end && is_space(*p); p++) {}
    }
    if (read_float(&p, end, &z)) {
        if (p < end && (*p == '+' || *p == '-')) { /* <float><signed float>j or <float><sign>j */
            x = z;
            if (!read_float(&p, end, &y)) y = *p++ == '+' ? 1.0 : -1.0;
            if (!(p < end && (*p == 'j' || *p == 'J'))) return -1;
            p++;
        } else if (p < end && (*p == 'j' || *p == 'J')) { /* <float>j */
            p++;
            y = z;
        } else /* <float> */
            x = z;
    } else { /* <sign>j or j */
        y = 1.0;
        if (p < end && (*p == '+' || *p == '-')) y = *p++ == '+' ? 1.0 : -1.0;
        if (!(p < end && (*p == 'j' || *p == 'J'))) return -1;
        p++;
    }
    while (p < end && is_space(*p)) p++;
    if (bracket) {
        if (!(p < end && *p == ')')) return -1;
        for (p++; p < end && is_space(*p); p++) {}
    }
    if (p != end) return -1;
    *real = x;
    *imag = y;
    return 0;
}

/* Removes the underscores of text[0..*len) in place if each lies between
 * two digits (CPython's rule for numeric strings); false otherwise. */
static bool strip_underscores(char *text, size_t *len)
{
    size_t o = 0;
    char prev = 0;
    for (size_t i = 0; i < *len; i++) {
        char c = text[i];
        if (c == '_') {
            if (!is_digit(prev)) return false;
        } else {
            if (prev == '_' && !is_digit(c)) return false;
            text[o++] = c;
        }
        prev = c;
    }
    if (prev == '_') return false;
    text[o] = 0;
    *len = o;
    return true;
}

static bool str_has_nul(const PhObject *s)
{
    for (ssize_t i = 0; i < str_len(s); i++)
        if (str_char_at(s, i) == 0) return true;
    return false;
}

static PhObject *complex_from_text(PhState *S, PhType *t, PhObject *v)
{
    size_t len;
    char *text = num_str_to_ascii(S, v, &len); /* NUL-terminated */
    if (!text) return NULL;
    PhObject *r = NULL;
    double re, im;
    if (memchr(text, '_', len) && (str_has_nul(v) || !strip_underscores(text, &len)))
        err_format(S, &S->exc.ValueError, "could not convert string to complex: %R", v);
    else if (complex_parse(text, len, &re, &im) < 0)
        err_format(S, &S->exc.ValueError, "complex() arg is a malformed string");
    else
        r = complex_alloc(S, t, re, im);
    heap_free(mem_of(S)->heap, text);
    return r;
}

/* ---- complex(real=0, imag=0) ----------------------------------------------------------------- */

/* type(o).__complex__(o) if the type defines it: 1 and *out (an exact or
 * subclass complex), 0 if there is no such method, -1 on error. */
static int call_dunder_complex(PhState *S, PhObject *o, PhObject **out)
{
    static const char name_text[] = "__complex__";
    PhObject *name = str_interned_lookup(S, name_text, sizeof name_text - 1), *fresh = NULL;
    if (!name && !(name = fresh = str_from_cstr(S, name_text))) return -1;
    PhObject *f = type_lookup(o->type, name);
    XDECREF(S, fresh);
    if (!f) return 0;
    PhObject *r;
    if (f->type->descr_get) {
        PhObject *bound = f->type->descr_get(S, f, o, (PhObject *)o->type);
        if (!bound) return -1;
        r = obj_call0(S, bound);
        DECREF(S, bound);
    } else
        r = obj_call0(S, f);
    if (!r) return -1;
    if (!complex_check(S, r)) {
        err_format(S, &S->exc.TypeError, "__complex__ returned non-complex (type %s)",
                   r->type->name);
        DECREF(S, r);
        return -1;
    }
    /* 3.11 also warns (DeprecationWarning) for a strict subclass; pyheap
     * has no warnings machinery, so the value is simply used. */
    *out = r;
    return 1;
}

static bool is_number_like(PhState *S, PhObject *o)
{
    const PhNumberMethods *nm = o->type->as_number;
    return complex_check(S, o) || (nm && (nm->float_ || nm->index));
}

static PhObject *complex_new_impl(PhState *S, PhType *t, PhObject *r, PhObject *i)
{
    if (r && r->type == &S->types.complex && !i && t == &S->types.complex) {
        INCREF(r);
        return r;
    }
    if (r && str_check(r)) {
        if (i)
            return err_format(S, &S->exc.TypeError,
                              "complex() can't take second arg if first is a string");
        return complex_from_text(S, t, r);
    }
    if (i && str_check(i))
        return err_format(S, &S->exc.TypeError, "complex() second arg can't be a string");
    PhCValue cr = {0.0, 0.0}, ci = {0.0, 0.0};
    bool cr_complex = false, ci_complex = false;
    if (r) {
        PhObject *conv = NULL;
        int rc = call_dunder_complex(S, r, &conv);
        if (rc < 0) return NULL;
        PhObject *rr = rc ? conv : r;
        if (!is_number_like(S, rr)) {
            err_format(S, &S->exc.TypeError,
                       "complex() first argument must be a string or a number, not '%s'",
                       rr->type->name);
            XDECREF(S, conv);
            return NULL;
        }
        if (i && !is_number_like(S, i)) {
            err_format(S, &S->exc.TypeError,
                       "complex() second argument must be a number, not '%s'", i->type->name);
            XDECREF(S, conv);
            return NULL;
        }
        if (complex_check(S, rr)) {
            cr = cvalue(rr);
            cr_complex = true;
        } else {
            PhObject *fl = num_to_float(S, rr);
            if (!fl) {
                XDECREF(S, conv);
                return NULL;
            }
            cr.real = float_value(fl);
            DECREF(S, fl);
        }
        XDECREF(S, conv);
    } else if (i && !is_number_like(S, i)) {
        return err_format(S, &S->exc.TypeError,
                          "complex() second argument must be a number, not '%s'", i->type->name);
    }
    if (!i)
        ci.real = cr.imag;
    else if (complex_check(S, i)) {
        ci = cvalue(i);
        ci_complex = true;
    } else {
        PhObject *fl = num_to_float(S, i);
        if (!fl) return NULL;
        ci.real = float_value(fl);
        DECREF(S, fl);
    }
    /* real + imag*1j when either argument is itself complex. */
    if (ci_complex) cr.real -= ci.imag;
    if (cr_complex && i) ci.real += cr.imag;
    return complex_alloc(S, t, cr.real, ci.real);
}

static const char *const complex_arg_names[] = {"real", "imag"};
static const ArgSpec complex_args = {"complex", complex_arg_names, 2, 0, 2, 0};

static PhObject *complex_new_slot(PhState *S, PhType *t, PhObject *const *args, size_t nargs,
                                  PhObject *kwnames)
{
    PhObject *a[2];
    if (args_bind(S, &complex_args, args, nargs, kwnames, a) < 0) return NULL;
    return complex_new_impl(S, t, a[0], a[1]);
}

/* ---- methods and attributes ------------------------------------------------------------------ */

static PhObject *m_conjugate(PhState *S, PhObject *f, PhObject *const *args, size_t nargs,
                             PhObject *kw)
{
    if (num_no_args(S, "complex.conjugate", nargs - 1, kw) < 0) return NULL;
    return complex_from_doubles(S, complex_real(args[0]), -complex_imag(args[0]));
}

static PhObject *m_complex(PhState *S, PhObject *f, PhObject *const *args, size_t nargs,
                           PhObject *kw)
{
    if (num_no_args(S, "complex.__complex__", nargs - 1, kw) < 0) return NULL;
    return c_pos(S, args[0]);
}

static PhObject *m_getnewargs(PhState *S, PhObject *f, PhObject *const *args, size_t nargs,
                              PhObject *kw)
{
    if (num_no_args(S, "complex.__getnewargs__", nargs - 1, kw) < 0) return NULL;
    PhObject *re = float_from_double(S, complex_real(args[0]));
    PhObject *im = re ? float_from_double(S, complex_imag(args[0])) : NULL;
    PhObject *t = im ? tuple_new(S, 2) : NULL;
    if (!t) {
        XDECREF(S, re);
        XDECREF(S, im);
        return NULL;
    }
    TUPLE_SET(t, 0, re);
    TUPLE_SET(t, 1, im);
    return t;
}

static PhObject *m_format(PhState *S, PhObject *f, PhObject *const *args, size_t nargs,
                          PhObject *kw)
{
    if (num_no_kwargs(S, "complex.__format__", kw) < 0) return NULL;
    if (nargs != 2)
        return err_format(S, &S->exc.TypeError,
                          "complex.__format__() takes exactly one argument (%zu given)", nargs - 1);
    PhObject *spec = args[1];
    if (!str_check(spec))
        return err_format(S, &S->exc.TypeError, "__format__() argument must be str, not %s",
                          spec->type->name);
    if (str_len(spec) == 0) return obj_str(S, args[0]);
    ComplexFmt cf;
    if (parse_complex_spec(S, spec, &cf) < 0) return NULL;
    return render_complex(S, args[0], &cf);
}

static const PhMethodDef complex_methods[] = {
    {"conjugate", m_conjugate, METH_DEFAULT, NULL},
    {"__complex__", m_complex, METH_DEFAULT, NULL},
    {"__getnewargs__", m_getnewargs, METH_DEFAULT, NULL},
    {"__format__", m_format, METH_DEFAULT, NULL},
    {NULL, NULL, 0, NULL},
};

static PhObject *get_real(PhState *S, PhObject *o) { return float_from_double(S, complex_real(o)); }
static PhObject *get_imag(PhState *S, PhObject *o) { return float_from_double(S, complex_imag(o)); }
/* CPython makes real and imag read-only members; their message is this. */
static int set_readonly(PhState *S, PhObject *o, PhObject *v)
{
    err_format(S, &S->exc.AttributeError, "readonly attribute");
    return -1;
}

static const PhGetSetDef complex_getsets[] = {
    {"real", get_real, set_readonly},
    {"imag", get_imag, set_readonly},
    {NULL, NULL, NULL},
};

const PhType complex_type_template = {
    .name = "complex",
    .basicsize = sizeof(PhComplex),
    .flags = TPFLAG_BASETYPE,
    .dealloc = complex_dealloc,
    .repr = complex_repr,
    .hash = complex_hash_slot,
    .richcompare = complex_richcompare,
    .new_ = complex_new_slot,
    .as_number = &complex_as_number,
    .methods = complex_methods,
    .getsets = complex_getsets,
};
