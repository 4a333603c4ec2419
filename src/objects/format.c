/* Formatting text from values:
 *
 *   - the format-spec mini-language, [[fill]align][sign][z][#][0][width]
 *     [grouping][.precision][type], for str, int and float (format(),
 *     f-strings and str.format all end up here through __format__);
 *   - str.format / str.format_map (the replacement-field markup);
 *   - printf-style `str % args`.
 *
 * Numbers are rendered as ASCII pieces (sign, prefix, digits, the rest)
 * and assembled with padding and digit grouping by one function,
 * emit_number, so the three entry points agree on layout.
 */
#include "format.h"

#include "abstract.h"
#include "bytes.h"
#include "float.h"
#include "int.h"
#include "str_impl.h"
#include "tuple.h"
#include "vm/errors.h"
#include "vm/state.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- the parsed spec ---------------------------------------------------------- */

typedef struct Spec {
    uint32_t fill;
    char align;      /* '<' '>' '^' '=' */
    char sign;       /* '+' '-' ' ' or 0 */
    bool no_neg_0;   /* 'z' */
    bool alt;        /* '#' */
    char grouping;   /* ',' '_' or 0 */
    int group_size;  /* 3, or 4 for '_' with b/o/x/X */
    ssize_t width;   /* -1: none */
    ssize_t precision; /* -1: none */
    uint32_t type;   /* the type character, or the default */
} Spec;

static bool is_align(uint32_t c) { return c == '<' || c == '>' || c == '^' || c == '='; }

/* Reads a run of decimal digits at *pos: -1 if there are none, -2 (and
 * ValueError) if the value does not fit. */
static ssize_t read_int(PhState *S, PhObject *spec, ssize_t *pos)
{
    ssize_t v = -1, len = str_len(spec);
    while (*pos < len) {
        uint32_t c = str_char_at(spec, *pos);
        int d = uni_decimal_value(c);
        if (d < 0) break;
        if (v < 0) v = 0;
        if (v > (PTRDIFF_MAX - d) / 10) {
            err_format(S, &S->exc.ValueError, "Too many decimal digits in format string");
            return -2;
        }
        v = v * 10 + d;
        (*pos)++;
    }
    return v;
}

/* "'x'" or "'\x1'" for a format or type character in messages. */
static void char_for_message(uint32_t c, char out[16])
{
    if (c > 32 && c < 127) snprintf(out, 16, "'%c'", (char)c);
    else snprintf(out, 16, "'\\x%x'", (unsigned)c);
}

static int bad_grouping(PhState *S, char g, uint32_t type)
{
    char t[16];
    char_for_message(type, t);
    err_format(S, &S->exc.ValueError, "Cannot specify '%c' with %s.", g, t);
    return -1;
}

/* Parses spec (a str) into *f. default_type is used when the spec gives
 * none; default_align is '<' for strings and '>' for numbers. */
static int parse_spec(PhState *S, PhObject *spec, PhObject *obj, uint32_t default_type,
                      char default_align, Spec *f)
{
    ssize_t len = str_len(spec), pos = 0;
    bool fill_given = false, align_given = false;
    memset(f, 0, sizeof *f);
    f->fill = ' ';
    f->align = default_align;
    f->width = f->precision = -1;
    f->group_size = 3;
    f->type = default_type;

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
        if (c == '+' || c == '-' || c == ' ') f->sign = (char)c, pos++;
    }
    if (pos < len && str_char_at(spec, pos) == 'z') f->no_neg_0 = true, pos++;
    if (pos < len && str_char_at(spec, pos) == '#') f->alt = true, pos++;
    if (pos < len && str_char_at(spec, pos) == '0' && !fill_given) {
        /* '0' before the width: zero padding after the sign (numbers) */
        f->fill = '0';
        if (!align_given && default_align == '>') f->align = '=';
        pos++;
    }
    f->width = read_int(S, spec, &pos);
    if (f->width == -2) return -1;
    if (pos < len && str_char_at(spec, pos) == ',') f->grouping = ',', pos++;
    if (pos < len && str_char_at(spec, pos) == '_') {
        if (f->grouping) goto both;
        f->grouping = '_';
        pos++;
    }
    if (pos < len && str_char_at(spec, pos) == ',' && f->grouping == '_') goto both;
    if (pos < len && str_char_at(spec, pos) == '.') {
        pos++;
        f->precision = read_int(S, spec, &pos);
        if (f->precision == -2) return -1;
        if (f->precision == -1) {
            err_format(S, &S->exc.ValueError, "Format specifier missing precision");
            return -1;
        }
    }
    if (len - pos > 1) {
        err_format(S, &S->exc.ValueError, "Invalid format specifier '%U' for object of type '%s'",
                   spec, obj->type->name);
        return -1;
    }
    if (len - pos == 1) f->type = str_char_at(spec, pos);
    if (f->grouping) {
        switch (f->type) {
        case 'd': case 'e': case 'f': case 'g': case 'E': case 'G': case '%': case 'F': case 0:
            break;
        case 'b': case 'o': case 'x': case 'X':
            if (f->grouping == '_') {
                f->group_size = 4;
                break;
            }
            return bad_grouping(S, f->grouping, f->type);
        default:
            return bad_grouping(S, f->grouping, f->type);
        }
    }
    return 0;
both:
    err_format(S, &S->exc.ValueError, "Cannot specify both ',' and '_'.");
    return -1;
}

static PhObject *unknown_code(PhState *S, uint32_t type, PhObject *obj)
{
    char t[16];
    char_for_message(type, t);
    return err_format(S, &S->exc.ValueError, "Unknown format code %s for object of type '%s'", t,
                      obj->type->name);
}

/* ---- padding and assembly --------------------------------------------------------- */

/* Pads `count` copies of the fill before/after text already sized n. */
static int pad_around(PhState *S, StrBuilder *b, const Spec *f, ssize_t n, bool before)
{
    if (f->width <= n) return 0;
    ssize_t pad = f->width - n, left;
    switch (f->align) {
    case '<': left = 0; break;
    case '^': left = pad / 2; break;
    default: left = pad; break; /* '>' and '=' */
    }
    return sb_append_fill(S, b, f->fill, (size_t)(before ? left : pad - left));
}

/* Writes digits[0..n) grouped in threes (or fours) into out (filled from
 * the end), padding with zeros to at least min_width characters. Returns
 * the length. With out NULL, only measures. */
static ssize_t group_digits(const char *digits, ssize_t n, ssize_t min_width, char sep, int size,
                            char *out_end)
{
    ssize_t remaining = n, count = 0;
    bool use_sep = false;
    char *o = out_end;
    for (;;) {
        ssize_t l = remaining > min_width ? remaining : min_width;
        if (l < 1) l = 1;
        if (l > size) l = size;
        ssize_t zeros = l - remaining > 0 ? l - remaining : 0;
        ssize_t chars = remaining < l ? remaining : l;
        if (use_sep) {
            count++;
            if (o) *--o = sep;
        }
        for (ssize_t i = 0; i < chars; i++) {
            count++;
            if (o) *--o = digits[remaining - 1 - i];
        }
        for (ssize_t i = 0; i < zeros; i++) {
            count++;
            if (o) *--o = '0';
        }
        use_sep = true;
        remaining -= chars;
        min_width -= l;
        if (remaining <= 0 && min_width <= 0) break;
        min_width -= 1;
    }
    return count;
}

/* Assembles sign + prefix + digits (grouped) + rest with the spec's width,
 * alignment and fill. All pieces are ASCII. */
static PhObject *emit_number(PhState *S, const Spec *f, char sign, const char *prefix,
                             const char *digits, ssize_t ndigits, const char *rest, ssize_t nrest)
{
    ssize_t nsign = sign ? 1 : 0, nprefix = (ssize_t)strlen(prefix);
    bool zero_pad = f->fill == '0' && f->align == '=';
    ssize_t min_width = zero_pad && f->width > 0 ? f->width - nsign - nprefix - nrest : 0;
    ssize_t ngrouped = ndigits;
    char *grouped = NULL, stackbuf[256];
    /* inf and nan have no digits: they are never grouped, only zero-padded */
    bool group = f->grouping && ndigits > 0;
    if (group || min_width > ndigits) {
        if (group)
            ngrouped = group_digits(digits, ndigits, min_width, f->grouping, f->group_size, NULL);
        else
            ngrouped = min_width; /* zero padding without separators */
        grouped = ngrouped <= (ssize_t)sizeof stackbuf ? stackbuf
                                                       : heap_alloc(mem_of(S)->heap, (size_t)ngrouped);
        if (!grouped) return err_no_memory(S);
        if (group) {
            group_digits(digits, ndigits, min_width, f->grouping, f->group_size, grouped + ngrouped);
        } else {
            memset(grouped, '0', (size_t)(ngrouped - ndigits));
            memcpy(grouped + ngrouped - ndigits, digits, (size_t)ndigits);
        }
        digits = grouped;
    }
    ssize_t total = nsign + nprefix + ngrouped + nrest;
    StrBuilder b;
    sb_init(&b);
    int rc = 0;
    if (f->align == '=') {
        if (sign) rc |= sb_append_char(S, &b, (uint32_t)sign);
        rc |= sb_append_ascii(S, &b, prefix, (size_t)nprefix);
        rc |= pad_around(S, &b, f, total, true);
    } else {
        rc |= pad_around(S, &b, f, total, true);
        if (sign) rc |= sb_append_char(S, &b, (uint32_t)sign);
        rc |= sb_append_ascii(S, &b, prefix, (size_t)nprefix);
    }
    rc |= sb_append_ascii(S, &b, digits, (size_t)ngrouped);
    rc |= sb_append_ascii(S, &b, rest, (size_t)nrest);
    rc |= pad_around(S, &b, f, total, false);
    if (grouped && grouped != stackbuf) heap_free(mem_of(S)->heap, grouped);
    if (rc) {
        sb_discard(S, &b);
        return NULL;
    }
    return sb_finish(S, &b);
}

/* Pads an arbitrary str as a whole (strings, and int's 'c'). */
static PhObject *emit_text(PhState *S, const Spec *f, PhObject *s, ssize_t n)
{
    StrBuilder b;
    sb_init(&b);
    if (pad_around(S, &b, f, n, true) < 0 || sb_append_substr(S, &b, s, 0, n) < 0 ||
        pad_around(S, &b, f, n, false) < 0) {
        sb_discard(S, &b);
        return NULL;
    }
    return sb_finish(S, &b);
}

/* ---- str ------------------------------------------------------------------------------ */

PhObject *format_str(PhState *S, PhObject *s, PhObject *spec)
{
    if (str_len(spec) == 0) return obj_str(S, s);
    Spec f;
    if (parse_spec(S, spec, s, 's', '<', &f) < 0) return NULL;
    if (f.type != 's') return unknown_code(S, f.type, s);
    const char *bad = NULL;
    if (f.sign == ' ') bad = "Space not allowed in string format specifier";
    else if (f.sign) bad = "Sign not allowed in string format specifier";
    else if (f.no_neg_0) bad = "Negative zero coercion (z) not allowed in string format specifier";
    else if (f.alt) bad = "Alternate form (#) not allowed in string format specifier";
    else if (f.align == '=') bad = "'=' alignment not allowed in string format specifier";
    if (bad) return err_format(S, &S->exc.ValueError, "%s", bad);
    ssize_t n = str_len(s);
    if (f.precision >= 0 && f.precision < n) n = f.precision;
    if (n == str_len(s) && f.width <= n && s->type == &S->types.str) {
        INCREF(s);
        return s;
    }
    return emit_text(S, &f, s, n);
}

/* ---- int -------------------------------------------------------------------------------- */

/* The magnitude of v in base (2, 8, 10, 16) as a heap str of ASCII digits
 * (lowercase), through the numbers engineer's int_to_base_str (which also
 * applies the decimal digit limit). *skip is the offset of the digits. */
static PhObject *int_magnitude_digits(PhState *S, PhObject *v, int base, ssize_t *skip)
{
    PhObject *r = int_to_base_str(S, v, base);
    if (!r) return NULL;
    const char *p = str_data(r);
    ssize_t k = 0;
    if (p[k] == '-') k++;
    if (base != 10) k += 2; /* 0b / 0o / 0x */
    *skip = k;
    return r;
}

/* The digits of |v| in base (lowercase ASCII). Ints that fit in 64 bits
 * are converted here without allocating; larger ones go through
 * int_to_base_str (and its decimal digit limit). Release with
 * int_digits_release. */
typedef struct IntDigits {
    char small[72];
    PhObject *big; /* the str holding the digits, or NULL */
    char *p;
    ssize_t n;
} IntDigits;

static int int_digits(PhState *S, PhObject *v, int base, IntDigits *d)
{
    d->big = NULL;
    int overflow = 0;
    int64_t x = int_as_i64(v, &overflow);
    if (!overflow) {
        uint64_t m = x < 0 ? (uint64_t)0 - (uint64_t)x : (uint64_t)x;
        char *end = d->small + sizeof d->small, *q = end;
        do {
            *--q = "0123456789abcdef"[m % (unsigned)base];
            m /= (unsigned)base;
        } while (m);
        d->p = q;
        d->n = end - q;
        return 0;
    }
    ssize_t skip;
    d->big = int_magnitude_digits(S, v, base, &skip);
    if (!d->big) return -1;
    d->p = (char *)str_data(d->big) + skip; /* the str is ours alone: writable */
    d->n = str_len(d->big) - skip;
    return 0;
}

static void int_digits_release(PhState *S, IntDigits *d)
{
    if (d->big) DECREF(S, d->big);
}

static PhObject *format_int_char(PhState *S, PhObject *v, const Spec *f)
{
    if (f->sign) return err_format(S, &S->exc.ValueError, "Sign not allowed with integer format specifier 'c'");
    if (f->alt)
        return err_format(S, &S->exc.ValueError,
                          "Alternate form (#) not allowed with integer format specifier 'c'");
    int overflow = 0;
    int64_t x = int_as_i64(v, &overflow);
    if (overflow)
        return err_format(S, &S->exc.OverflowError, "Python int too large to convert to C long");
    if (x < 0 || x > 0x10FFFF)
        return err_format(S, &S->exc.OverflowError, "%%c arg not in range(0x110000)");
    PhObject *c = str_single(S, (uint32_t)x);
    if (!c) return NULL;
    Spec g = *f;
    if (g.align == '=') g.align = '>';
    PhObject *r = emit_text(S, &g, c, 1);
    DECREF(S, c);
    return r;
}

static PhObject *format_float_spec(PhState *S, double v, const Spec *f, PhObject *obj);

static PhObject *format_int_spec(PhState *S, PhObject *v, const Spec *f)
{
    int base;
    switch (f->type) {
    case 'b': base = 2; break;
    case 'o': base = 8; break;
    case 'x': case 'X': base = 16; break;
    case 'd': case 'n': case 'c': base = 10; break;
    case 'e': case 'E': case 'f': case 'F': case 'g': case 'G': case '%': {
        double d = int_to_double(S, v);
        if (d == -1.0 && err_occurred(S)) return NULL;
        return format_float_spec(S, d, f, v);
    }
    default:
        return unknown_code(S, f->type, v);
    }
    if (f->precision >= 0)
        return err_format(S, &S->exc.ValueError, "Precision not allowed in integer format specifier");
    if (f->no_neg_0)
        return err_format(S, &S->exc.ValueError,
                          "Negative zero coercion (z) not allowed in integer format specifier");
    if (f->type == 'c') return format_int_char(S, v, f);
    IntDigits ds;
    if (int_digits(S, v, base, &ds) < 0) return NULL;
    char *digits = ds.p;
    ssize_t n = ds.n;
    if (f->type == 'X')
        for (ssize_t i = 0; i < n; i++)
            if (digits[i] >= 'a' && digits[i] <= 'f') digits[i] -= 32; /* ds is ours alone */
    char sign = int_sign(v) < 0 ? '-' : f->sign == '+' ? '+' : f->sign == ' ' ? ' ' : 0;
    const char *prefix = "";
    if (f->alt) {
        switch (f->type) {
        case 'b': prefix = "0b"; break;
        case 'o': prefix = "0o"; break;
        case 'x': prefix = "0x"; break;
        case 'X': prefix = "0X"; break;
        }
    }
    PhObject *r = emit_number(S, f, sign, prefix, digits, n, "", 0);
    int_digits_release(S, &ds);
    return r;
}

PhObject *format_int(PhState *S, PhObject *v, PhObject *spec)
{
    if (str_len(spec) == 0) return obj_str(S, v);
    Spec f;
    if (parse_spec(S, spec, v, 'd', '>', &f) < 0) return NULL;
    return format_int_spec(S, v, &f);
}

/* ---- float -------------------------------------------------------------------------------- */

/* 'g'-style text with CPython's rule for an omitted type with a precision:
 * exponent form once the decimal exponent reaches precision (not
 * precision + 1, as plain 'g'), and at least one digit after the point. */
static int float_general_dot0(double av, int prec, bool alt, char *out, size_t cap)
{
    char e[64];
    if (prec == 0) prec = 1;
    snprintf(e, sizeof e, "%.*e", prec - 1, av);
    const char *ep = strchr(e, 'e');
    int decpt = atoi(ep + 1) + 1;
    if (decpt <= -4 || decpt > prec - 1) {
        /* exponent form: the significant digits, trailing zeros dropped */
        char mant[64];
        size_t m = (size_t)(ep - e);
        memcpy(mant, e, m);
        mant[m] = 0;
        if (!alt && strchr(mant, '.')) {
            while (m > 0 && mant[m - 1] == '0') mant[--m] = 0;
            if (m > 0 && mant[m - 1] == '.') mant[--m] = 0;
        } else if (alt && !strchr(mant, '.')) {
            mant[m++] = '.';
            mant[m] = 0;
        }
        int x = decpt - 1;
        return snprintf(out, cap, "%se%c%02d", mant, x < 0 ? '-' : '+', x < 0 ? -x : x);
    }
    int n = snprintf(out, cap, "%.*f", prec - decpt > 0 ? prec - decpt : 0, av);
    if (!strchr(out, '.')) {
        n += snprintf(out + n, cap - (size_t)n, alt ? "." : ".0");
        if (alt) {
            /* '#': keep `prec` significant digits */
            for (int i = decpt; i < prec; i++) out[n++] = '0';
            if (decpt >= prec) out[n++] = '0';
            out[n] = 0;
        }
        return n;
    }
    if (!alt) {
        while (out[n - 1] == '0') out[--n] = 0;
        if (out[n - 1] == '.') out[n++] = '0', out[n] = 0;
    }
    return n;
}

/* The unsigned text of av (>= 0, or nan) for a resolved type. */
static int float_body(double av, uint32_t type, int prec, bool alt, bool dot0, char *out,
                      size_t cap)
{
    bool upper = type == 'E' || type == 'F' || type == 'G';
    if (isinf(av)) return snprintf(out, cap, upper ? "INF" : "inf");
    if (isnan(av)) return snprintf(out, cap, upper ? "NAN" : "nan");
    switch (type) {
    case 'r': {
        int n = float_repr_buf(av, out);
        if (alt && !strchr(out, '.')) {
            char *e = strchr(out, 'e');
            if (e) {
                memmove(e + 1, e, strlen(e) + 1);
                *e = '.';
                n++;
            }
        }
        return n;
    }
    case 'e': case 'E':
        if (upper) return snprintf(out, cap, alt ? "%#.*E" : "%.*E", prec, av);
        return snprintf(out, cap, alt ? "%#.*e" : "%.*e", prec, av);
    case 'f': case 'F':
        return snprintf(out, cap, alt ? "%#.*f" : "%.*f", prec, av);
    default: /* g G */
        if (dot0) return float_general_dot0(av, prec, alt, out, cap);
        return snprintf(out, cap, upper ? (alt ? "%#.*G" : "%.*G") : (alt ? "%#.*g" : "%.*g"),
                        prec == 0 ? 1 : prec, av);
    }
}

/* Is the mantissa of a rendered number all zeros? ('z' option) */
static bool renders_zero(const char *s)
{
    bool digit = false;
    for (; *s && *s != 'e' && *s != 'E'; s++) {
        if (*s >= '1' && *s <= '9') return false;
        if (*s == '0') digit = true;
    }
    return digit; /* inf and nan are not zeros */
}

static PhObject *format_float_spec(PhState *S, double v, const Spec *f, PhObject *obj)
{
    uint32_t type = f->type;
    int prec = (int)(f->precision < 0 ? 6 : f->precision > 1000000 ? 1000000 : f->precision);
    bool dot0 = false, percent = false;
    switch (type) {
    case 0:
        dot0 = true;
        if (f->precision < 0) type = 'r';
        else type = 'g';
        break;
    case 'n': type = 'g'; break;
    case '%': type = 'f'; percent = true; v *= 100; break;
    case 'e': case 'E': case 'f': case 'F': case 'g': case 'G': break;
    default:
        return unknown_code(S, type, obj);
    }
    bool neg = signbit(v) && !isnan(v);
    double av = fabs(v);
    /* Enough room for %.{prec}f of 1e308 plus sign, point and exponent. */
    size_t cap = (size_t)prec + 330;
    char stackbuf[512], *body = cap <= sizeof stackbuf ? stackbuf : heap_alloc(mem_of(S)->heap, cap);
    if (!body) return err_no_memory(S);
    int n = float_body(av, type, prec, f->alt, dot0 && type == 'g', body, cap);
    if (n < 0) n = 0;
    if (neg && f->no_neg_0 && renders_zero(body)) neg = false;
    ssize_t ndig = 0;
    while (ndig < n && body[ndig] >= '0' && body[ndig] <= '9') ndig++;
    if (percent) body[n++] = '%', body[n] = 0;
    char sign = neg ? '-' : f->sign == '+' ? '+' : f->sign == ' ' ? ' ' : 0;
    PhObject *r = emit_number(S, f, sign, "", body, ndig, body + ndig, n - ndig);
    if (body != stackbuf) heap_free(mem_of(S)->heap, body);
    return r;
}

PhObject *format_float(PhState *S, double v, PhObject *spec)
{
    if (str_len(spec) == 0) return format_float_repr(S, v);
    Spec f;
    PhFloat dummy = {.ob = {.refcnt = 1, .type = &S->types.float_}, .value = v};
    if (parse_spec(S, spec, (PhObject *)&dummy, 0, '>', &f) < 0) return NULL;
    return format_float_spec(S, v, &f, (PhObject *)&dummy);
}

PhObject *format_float_repr(PhState *S, double v)
{
    char buf[40];
    int n = float_repr_buf(v, buf);
    return str_from_latin1(S, buf, (size_t)(n < 0 ? 0 : n));
}

/* ---- str.format ------------------------------------------------------------------------------- */

typedef struct FormatCtx {
    PhObject *fmt;    /* the str being rendered (any nesting level) */
    PhObject *args;   /* tuple */
    PhObject *kwargs; /* mapping or NULL */
    int auto_mode;    /* 0 unknown, 1 automatic numbering, 2 manual */
    ssize_t auto_next;
} FormatCtx;

static int render(PhState *S, FormatCtx *c, PhObject *fmt, ssize_t start, ssize_t end,
                  int depth, StrBuilder *out);

/* All decimal digits? Then its value (or -2 on overflow with ValueError);
 * -1 if not an integer. */
static ssize_t field_integer(PhState *S, PhObject *s, ssize_t i, ssize_t j)
{
    if (i >= j) return -1;
    ssize_t v = 0;
    for (ssize_t k = i; k < j; k++) {
        int d = uni_decimal_value(str_char_at(s, k));
        if (d < 0) return -1;
        if (v > (PTRDIFF_MAX - d) / 10) {
            err_format(S, &S->exc.ValueError, "Too many decimal digits in format string");
            return -2;
        }
        v = v * 10 + d;
    }
    return v;
}

/* The object for the first part of a field name: positional or keyword. */
static PhObject *field_first(PhState *S, FormatCtx *c, PhObject *s, ssize_t i, ssize_t j)
{
    ssize_t idx;
    if (i == j) {
        if (c->auto_mode == 2) {
            return err_format(S, &S->exc.ValueError,
                              "cannot switch from manual field specification to automatic field numbering");
        }
        c->auto_mode = 1;
        idx = c->auto_next++;
    } else {
        idx = field_integer(S, s, i, j);
        if (idx == -2) return NULL;
        if (idx >= 0) {
            if (c->auto_mode == 1) {
                return err_format(S, &S->exc.ValueError,
                                  "cannot switch from automatic field numbering to manual field specification");
            }
            c->auto_mode = 2;
        }
    }
    if (idx >= 0) {
        if (idx >= TUPLE_LEN(c->args))
            return err_format(S, &S->exc.IndexError,
                              "Replacement index %zd out of range for positional args tuple", idx);
        PhObject *o = TUPLE_GET(c->args, idx);
        INCREF(o);
        return o;
    }
    PhObject *key = str_substring(S, s, i, j);
    if (!key) return NULL;
    PhObject *o;
    if (!c->kwargs) {
        err_set_object(S, &S->exc.KeyError, key);
        o = NULL;
    } else {
        o = obj_getitem(S, c->kwargs, key);
    }
    DECREF(S, key);
    return o;
}

/* Resolves a whole field name ("0", "x.attr", "0[1].y"), new reference. */
static PhObject *field_lookup(PhState *S, FormatCtx *c, PhObject *s, ssize_t i, ssize_t end)
{
    ssize_t j = i;
    while (j < end && str_char_at(s, j) != '.' && str_char_at(s, j) != '[') j++;
    PhObject *obj = field_first(S, c, s, i, j);
    while (obj && j < end) {
        uint32_t ch = str_char_at(s, j++);
        ssize_t a = j, b;
        if (ch == '.') {
            while (j < end && str_char_at(s, j) != '.' && str_char_at(s, j) != '[') j++;
            b = j;
        } else if (ch == '[') {
            while (j < end && str_char_at(s, j) != ']') j++;
            if (j >= end) {
                DECREF(S, obj);
                return err_format(S, &S->exc.ValueError, "Missing ']' in format string");
            }
            b = j++;
        } else {
            DECREF(S, obj);
            return err_format(S, &S->exc.ValueError,
                              "Only '.' or '[' may follow ']' in format field specifier");
        }
        if (a == b) {
            DECREF(S, obj);
            return err_format(S, &S->exc.ValueError, "Empty attribute in format string");
        }
        PhObject *next = NULL;
        ssize_t idx = ch == '[' ? field_integer(S, s, a, b) : -1;
        if (idx == -2) {
            DECREF(S, obj);
            return NULL;
        }
        PhObject *key = idx >= 0 ? int_from_i64(S, idx) : str_substring(S, s, a, b);
        if (key) {
            next = ch == '.' ? obj_getattr(S, obj, key) : obj_getitem(S, obj, key);
            DECREF(S, key);
        }
        DECREF(S, obj);
        obj = next;
    }
    return obj;
}

/* Formats one replacement field s[i:end) (between the braces). */
static int render_field(PhState *S, FormatCtx *c, PhObject *s, ssize_t i, ssize_t end, int depth,
                        StrBuilder *out)
{
    /* field name up to '!', ':' or the end; '[' ... ']' may hold anything */
    ssize_t j = i;
    uint32_t ch = 0;
    while (j < end) {
        ch = str_char_at(s, j);
        if (ch == '[') {
            while (j < end && str_char_at(s, j) != ']') j++;
            if (j < end) j++;
            continue;
        }
        if (ch == '!' || ch == ':') break;
        if (ch == '{') {
            err_format(S, &S->exc.ValueError, "unexpected '{' in field name");
            return -1;
        }
        j++;
    }
    ssize_t name_end = j;
    uint32_t conv = 0;
    ssize_t spec_start = end, spec_end = end;
    if (j < end && str_char_at(s, j) == '!') {
        conv = str_char_at(s, j + 1);
        j += 2;
        if (j < end) {
            if (str_char_at(s, j) != ':') {
                err_format(S, &S->exc.ValueError, "expected ':' after conversion specifier");
                return -1;
            }
        }
    }
    if (j < end && str_char_at(s, j) == ':') spec_start = j + 1;

    PhObject *obj = field_lookup(S, c, s, i, name_end);
    if (!obj) return -1;
    if (conv) {
        PhObject *conv_obj;
        switch (conv) {
        case 'r': conv_obj = obj_repr(S, obj); break;
        case 's': conv_obj = obj_str(S, obj); break;
        case 'a': conv_obj = obj_ascii(S, obj); break;
        default: {
            char m[16];
            if (conv > 32 && conv < 127) snprintf(m, sizeof m, "%c", (char)conv);
            else snprintf(m, sizeof m, "\\x%x", (unsigned)conv);
            err_format(S, &S->exc.ValueError, "Unknown conversion specifier %s", m);
            conv_obj = NULL;
        }
        }
        DECREF(S, obj);
        if (!conv_obj) return -1;
        obj = conv_obj;
    }
    PhObject *spec;
    bool nested = false;
    for (ssize_t k = spec_start; k < spec_end; k++)
        if (str_char_at(s, k) == '{') nested = true;
    if (nested) {
        StrBuilder sb;
        sb_init(&sb);
        if (render(S, c, s, spec_start, spec_end, depth - 1, &sb) < 0) {
            sb_discard(S, &sb);
            DECREF(S, obj);
            return -1;
        }
        spec = sb_finish(S, &sb);
    } else {
        spec = str_substring(S, s, spec_start, spec_end);
    }
    PhObject *r = spec ? obj_format(S, obj, spec) : NULL;
    XDECREF(S, spec);
    DECREF(S, obj);
    if (!r) return -1;
    int rc = str_check(r) ? sb_append_str(S, out, r) : 0;
    DECREF(S, r);
    return rc;
}

/* Finds the end of the field starting after '{' at i, as CPython parses
 * it; returns the index of the closing '}', or -1 with ValueError. */
static ssize_t field_end(PhState *S, PhObject *s, ssize_t i, ssize_t end)
{
    ssize_t j = i;
    uint32_t ch = 0;
    while (j < end) {
        ch = str_char_at(s, j++);
        if (ch == '[') {
            while (j < end && str_char_at(s, j) != ']') j++;
            continue;
        }
        if (ch == '}' || ch == ':' || ch == '!') break;
        if (ch == '{') {
            err_format(S, &S->exc.ValueError, "unexpected '{' in field name");
            return -1;
        }
    }
    if (ch == '}') return j - 1;
    if (ch == '!' || ch == ':') {
        if (ch == '!') {
            if (j >= end) {
                err_format(S, &S->exc.ValueError,
                           "end of string while looking for conversion specifier");
                return -1;
            }
            j++; /* the conversion character */
            if (j < end) {
                uint32_t n = str_char_at(s, j++);
                if (n == '}') return j - 1;
                if (n != ':') {
                    err_format(S, &S->exc.ValueError, "expected ':' after conversion specifier");
                    return -1;
                }
            }
        }
        int count = 1;
        while (j < end) {
            uint32_t n = str_char_at(s, j++);
            if (n == '{') count++;
            else if (n == '}' && --count == 0) return j - 1;
        }
        err_format(S, &S->exc.ValueError, "unmatched '{' in format spec");
        return -1;
    }
    err_format(S, &S->exc.ValueError, "expected '}' before end of string");
    return -1;
}

static int render(PhState *S, FormatCtx *c, PhObject *s, ssize_t start, ssize_t end, int depth,
                  StrBuilder *out)
{
    if (depth <= 0) {
        err_format(S, &S->exc.ValueError, "Max string recursion exceeded");
        return -1;
    }
    ssize_t i = start;
    while (i < end) {
        ssize_t lit = i;
        uint32_t ch = 0;
        while (i < end) {
            ch = str_char_at(s, i);
            if (ch == '{' || ch == '}') break;
            i++;
        }
        if (sb_append_substr(S, out, s, lit, i) < 0) return -1;
        if (i >= end) break;
        i++; /* past the brace */
        bool at_end = i >= end;
        if (ch == '}') {
            if (at_end || str_char_at(s, i) != '}') {
                err_format(S, &S->exc.ValueError, "Single '}' encountered in format string");
                return -1;
            }
            if (sb_append_char(S, out, '}') < 0) return -1;
            i++;
            continue;
        }
        if (at_end) {
            err_format(S, &S->exc.ValueError, "Single '{' encountered in format string");
            return -1;
        }
        if (str_char_at(s, i) == '{') {
            if (sb_append_char(S, out, '{') < 0) return -1;
            i++;
            continue;
        }
        ssize_t close = field_end(S, s, i, end);
        if (close < 0) return -1;
        if (render_field(S, c, s, i, close, depth, out) < 0) return -1;
        i = close + 1;
    }
    return 0;
}

PhObject *format_str_format(PhState *S, PhObject *fmt, PhObject *args, PhObject *kwargs)
{
    FormatCtx c = {.fmt = fmt, .args = args, .kwargs = kwargs};
    StrBuilder b;
    sb_init(&b);
    if (render(S, &c, fmt, 0, str_len(fmt), 2, &b) < 0) {
        sb_discard(S, &b);
        return NULL;
    }
    return sb_finish(S, &b);
}

/* ---- printf-style: str % args ------------------------------------------------------------------ */

typedef struct PctCtx {
    PhObject *args;  /* the current argument source */
    bool args_owned; /* args came from a %(key) lookup */
    ssize_t arglen;  /* tuple length, or -1 for a single object */
    ssize_t argidx;  /* -2 before a single object is used */
    PhObject *dict;  /* the mapping, when args is one */
    bool bytes;      /* bytes % args: the text holds Latin-1 stand-ins for bytes */
} PctCtx;

/* Next argument (borrowed), as CPython's unicode_format_getnextarg. */
static PhObject *pct_next(PhState *S, PctCtx *c)
{
    ssize_t i = c->argidx;
    if (i < c->arglen) {
        c->argidx++;
        return c->arglen < 0 ? c->args : TUPLE_GET(c->args, i);
    }
    return err_format(S, &S->exc.TypeError, "not enough arguments for format string");
}

enum { F_LJUST = 1, F_SIGN = 2, F_BLANK = 4, F_ALT = 8, F_ZERO = 16 };

/* Pads sign+prefix+body to width as %-formatting does. */
static int pct_emit(PhState *S, StrBuilder *out, int flags, ssize_t width, char sign,
                    const char *prefix, const char *body, ssize_t n)
{
    ssize_t np = (ssize_t)strlen(prefix), total = (sign ? 1 : 0) + np + n;
    ssize_t pad = width > total ? width - total : 0;
    int rc = 0;
    if (!(flags & F_LJUST) && !(flags & F_ZERO)) rc |= sb_append_fill(S, out, ' ', (size_t)pad);
    if (sign) rc |= sb_append_char(S, out, (uint32_t)sign);
    rc |= sb_append_ascii(S, out, prefix, (size_t)np);
    if (!(flags & F_LJUST) && (flags & F_ZERO)) rc |= sb_append_fill(S, out, '0', (size_t)pad);
    rc |= sb_append_ascii(S, out, body, (size_t)n);
    if (flags & F_LJUST) rc |= sb_append_fill(S, out, ' ', (size_t)pad);
    return rc ? -1 : 0;
}

static bool is_number_like(const PhObject *o)
{
    const PhNumberMethods *nm = o->type->as_number;
    return int_check(o) || (nm && (nm->index || nm->int_ || nm->float_));
}

static int pct_integer(PhState *S, StrBuilder *out, PhObject *v, uint32_t ch, int flags,
                       ssize_t width, ssize_t prec)
{
    PhObject *iv = NULL;
    if (int_check(v)) {
        iv = v;
        INCREF(iv);
    } else if (is_number_like(v)) {
        iv = ch == 'x' || ch == 'X' || ch == 'o' ? num_index(S, v) : num_to_int(S, v);
        if (!iv && !err_matches(S, (PhObject *)&S->exc.TypeError)) return -1;
        if (!iv) err_clear(S);
    }
    if (!iv) {
        bool needs_int = ch == 'x' || ch == 'X' || ch == 'o';
        err_format(S, &S->exc.TypeError, "%%%c format: %s is required, not %s", (char)ch,
                   needs_int ? "an integer" : "a real number", v->type->name);
        return -1;
    }
    int base = ch == 'o' ? 8 : ch == 'x' || ch == 'X' ? 16 : 10;
    IntDigits ds;
    int drc = int_digits(S, iv, base, &ds);
    bool neg = int_sign(iv) < 0;
    DECREF(S, iv);
    if (drc < 0) return -1;
    char *digits = ds.p;
    ssize_t n = ds.n;
    if (ch == 'X')
        for (ssize_t i = 0; i < n; i++)
            if (digits[i] >= 'a' && digits[i] <= 'f') digits[i] -= 32;
    const char *prefix = !(flags & F_ALT) ? "" : ch == 'o' ? "0o" : ch == 'x' ? "0x" : ch == 'X' ? "0X" : "";
    char sign = neg ? '-' : (flags & F_SIGN) ? '+' : (flags & F_BLANK) ? ' ' : 0;
    int rc;
    if (prec > n) {
        /* precision: minimum number of digits */
        char *buf = heap_alloc(mem_of(S)->heap, (size_t)prec);
        if (!buf) {
            int_digits_release(S, &ds);
            err_no_memory(S);
            return -1;
        }
        memset(buf, '0', (size_t)(prec - n));
        memcpy(buf + prec - n, digits, (size_t)n);
        rc = pct_emit(S, out, flags, width, sign, prefix, buf, prec);
        heap_free(mem_of(S)->heap, buf);
    } else {
        rc = pct_emit(S, out, flags, width, sign, prefix, digits, n);
    }
    int_digits_release(S, &ds);
    return rc;
}

static int pct_float(PhState *S, StrBuilder *out, PhObject *v, uint32_t ch, int flags,
                     ssize_t width, ssize_t prec)
{
    double d = float_as_double(S, v);
    if (d == -1.0 && err_occurred(S)) return -1;
    if (prec < 0) prec = 6;
    if (prec > 1000000) prec = 1000000;
    size_t cap = (size_t)prec + 330;
    char stackbuf[512], *body = cap <= sizeof stackbuf ? stackbuf : heap_alloc(mem_of(S)->heap, cap);
    if (!body) {
        err_no_memory(S);
        return -1;
    }
    bool neg = signbit(d) && !isnan(d);
    int n = float_body(fabs(d), ch, (int)prec, (flags & F_ALT) != 0, false, body, cap);
    char sign = neg ? '-' : (flags & F_SIGN) ? '+' : (flags & F_BLANK) ? ' ' : 0;
    int rc = pct_emit(S, out, flags, width, sign, "", body, n < 0 ? 0 : n);
    if (body != stackbuf) heap_free(mem_of(S)->heap, body);
    return rc;
}

static int pct_char(PhState *S, StrBuilder *out, PhObject *v, int flags, ssize_t width)
{
    uint32_t c;
    if (str_check(v)) {
        if (str_len(v) != 1) goto bad;
        c = str_char_at(v, 0);
    } else if (int_check(v)) {
        int overflow = 0;
        int64_t x = int_as_i64(v, &overflow);
        if (overflow || x < 0 || x > 0x10FFFF) {
            err_format(S, &S->exc.OverflowError, "%%c arg not in range(0x110000)");
            return -1;
        }
        c = (uint32_t)x;
    } else {
        goto bad;
    }
    ssize_t pad = width > 1 ? width - 1 : 0;
    if (!(flags & F_LJUST) && sb_append_fill(S, out, ' ', (size_t)pad) < 0) return -1;
    if (sb_append_char(S, out, c) < 0) return -1;
    if ((flags & F_LJUST) && sb_append_fill(S, out, ' ', (size_t)pad) < 0) return -1;
    return 0;
bad:
    err_format(S, &S->exc.TypeError, "%%c requires int or char");
    return -1;
}

static int pct_text(PhState *S, StrBuilder *out, PhObject *v, uint32_t ch, int flags,
                    ssize_t width, ssize_t prec)
{
    PhObject *s = ch == 's' ? obj_str(S, v) : ch == 'r' ? obj_repr(S, v) : obj_ascii(S, v);
    if (!s) return -1;
    ssize_t n = str_len(s);
    if (prec >= 0 && prec < n) n = prec;
    ssize_t pad = width > n ? width - n : 0;
    int rc = 0;
    if (!(flags & F_LJUST)) rc |= sb_append_fill(S, out, ' ', (size_t)pad);
    rc |= sb_append_substr(S, out, s, 0, n);
    if (flags & F_LJUST) rc |= sb_append_fill(S, out, ' ', (size_t)pad);
    DECREF(S, s);
    return rc ? -1 : 0;
}

/* bytes % args: %c takes an int below 256 or a single byte. */
static int pct_byte_char(PhState *S, StrBuilder *out, PhObject *v, int flags, ssize_t width)
{
    uint32_t c;
    const char *bp;
    ssize_t bn;
    if (bytes_like_view(v, &bp, &bn) && bn == 1) {
        c = (uint8_t)bp[0];
    } else if (int_check(v)) {
        int overflow = 0;
        int64_t x = int_as_i64(v, &overflow);
        if (overflow || x < 0 || x > 255) {
            err_format(S, &S->exc.OverflowError, "%%c arg not in range(256)");
            return -1;
        }
        c = (uint32_t)x;
    } else {
        err_format(S, &S->exc.TypeError, "%%c requires an integer in range(256) or a single byte");
        return -1;
    }
    ssize_t pad = width > 1 ? width - 1 : 0;
    if (!(flags & F_LJUST) && sb_append_fill(S, out, ' ', (size_t)pad) < 0) return -1;
    if (sb_append_char(S, out, c) < 0) return -1;
    if ((flags & F_LJUST) && sb_append_fill(S, out, ' ', (size_t)pad) < 0) return -1;
    return 0;
}

/* bytes % args: %s / %b take a bytes-like object or one with __bytes__;
 * the bytes are carried as Latin-1 characters until the end. */
static int pct_bytes_text(PhState *S, StrBuilder *out, PhObject *v, int flags, ssize_t width,
                          ssize_t prec)
{
    PhObject *b = NULL;
    const char *bp = NULL;
    ssize_t bn = 0;
    if (bytes_like_view(v, &bp, &bn)) {
        b = v;
        INCREF(b);
    } else {
        PhObject *name = str_from_cstr(S, "__bytes__");
        if (!name) return -1;
        PhObject *meth = obj_lookup_attr(S, v, name);
        DECREF(S, name);
        if (!meth && err_occurred(S)) return -1;
        if (meth) {
            b = obj_call0(S, meth);
            DECREF(S, meth);
            if (!b) return -1;
            if (!bytes_check(b)) {
                err_format(S, &S->exc.TypeError, "__bytes__ returned non-bytes (type %s)",
                           b->type->name);
                DECREF(S, b);
                return -1;
            }
        }
    }
    if (!b) {
        err_format(S, &S->exc.TypeError,
                   "%%b requires a bytes-like object, or an object that implements __bytes__, not '%s'",
                   v->type->name);
        return -1;
    }
    bytes_like_view(b, &bp, &bn);
    PhObject *s = str_from_latin1(S, bp, (size_t)bn);
    DECREF(S, b);
    if (!s) return -1;
    ssize_t n = str_len(s);
    if (prec >= 0 && prec < n) n = prec;
    ssize_t pad = width > n ? width - n : 0;
    int rc = 0;
    if (!(flags & F_LJUST)) rc |= sb_append_fill(S, out, ' ', (size_t)pad);
    rc |= sb_append_substr(S, out, s, 0, n);
    if (flags & F_LJUST) rc |= sb_append_fill(S, out, ' ', (size_t)pad);
    DECREF(S, s);
    return rc ? -1 : 0;
}

/* A '*' width or precision: the next argument, which must be an int. */
static int pct_star(PhState *S, PctCtx *c, ssize_t *out)
{
    PhObject *v = pct_next(S, c);
    if (!v) return -1;
    if (!int_check(v)) {
        err_format(S, &S->exc.TypeError, "* wants int");
        return -1;
    }
    *out = num_as_ssize(S, v, false);
    if (*out == -1 && err_occurred(S)) return -1;
    return 0;
}

/* Parses "(key)" after '%' at *pos and switches the argument source to
 * mapping[key]. */
static int pct_key(PhState *S, PctCtx *c, PhObject *fmt, ssize_t *pos)
{
    ssize_t len = str_len(fmt), i = *pos + 1, depth = 1, kstart = i;
    if (!c->dict) {
        err_format(S, &S->exc.TypeError, "format requires a mapping");
        return -1;
    }
    while (i < len && depth > 0) {
        uint32_t ch = str_char_at(fmt, i);
        if (ch == ')') depth--;
        else if (ch == '(') depth++;
        i++;
    }
    if (depth > 0) {
        err_format(S, &S->exc.ValueError, "incomplete format key");
        return -1;
    }
    PhObject *key = str_substring(S, fmt, kstart, i - 1);
    if (key && c->bytes) { /* bytes % mapping looks keys up as bytes */
        PhObject *bkey = str_encode(S, key, "latin-1", NULL);
        DECREF(S, key);
        key = bkey;
    }
    if (!key) return -1;
    PhObject *v = obj_getitem(S, c->dict, key);
    DECREF(S, key);
    if (!v) return -1;
    if (c->args_owned) DECREF(S, c->args);
    c->args = v;
    c->args_owned = true;
    c->arglen = -1;
    c->argidx = -2;
    *pos = i;
    return 0;
}

/* One conversion; *pos is just past the '%'. */
static int pct_one(PhState *S, PctCtx *c, PhObject *fmt, ssize_t *pos, StrBuilder *out)
{
    ssize_t len = str_len(fmt), i = *pos;
    if (i < len && str_char_at(fmt, i) == '%') {
        *pos = i + 1;
        return sb_append_char(S, out, '%');
    }
    if (i < len && str_char_at(fmt, i) == '(') {
        if (pct_key(S, c, fmt, &i) < 0) return -1;
    }
    int flags = 0;
    for (; i < len; i++) {
        uint32_t ch = str_char_at(fmt, i);
        if (ch == '-') flags |= F_LJUST;
        else if (ch == '+') flags |= F_SIGN;
        else if (ch == ' ') flags |= F_BLANK;
        else if (ch == '#') flags |= F_ALT;
        else if (ch == '0') flags |= F_ZERO;
        else break;
    }
    ssize_t width = -1, prec = -1;
    if (i < len && str_char_at(fmt, i) == '*') {
        if (pct_star(S, c, &width) < 0) return -1;
        if (width < 0) {
            flags |= F_LJUST;
            width = -width;
        }
        i++;
    } else {
        width = read_int(S, fmt, &i);
        if (width == -2) return -1;
    }
    if (i < len && str_char_at(fmt, i) == '.') {
        i++;
        if (i < len && str_char_at(fmt, i) == '*') {
            if (pct_star(S, c, &prec) < 0) return -1;
            if (prec < 0) prec = 0;
            i++;
        } else {
            prec = read_int(S, fmt, &i);
            if (prec == -2) return -1;
            if (prec < 0) prec = 0;
        }
    }
    while (i < len) {
        uint32_t ch = str_char_at(fmt, i);
        if (ch != 'h' && ch != 'l' && ch != 'L') break;
        i++;
    }
    if (i >= len) {
        err_format(S, &S->exc.ValueError, "incomplete format");
        return -1;
    }
    uint32_t ch = str_char_at(fmt, i++);
    *pos = i;
    PhObject *v = pct_next(S, c);
    if (!v) return -1;
    if (flags & F_LJUST) flags &= ~F_ZERO;
    if (c->bytes) {
        if (ch == 's' || ch == 'b') return pct_bytes_text(S, out, v, flags, width, prec);
        if (ch == 'c') return pct_byte_char(S, out, v, flags, width);
        if (ch == 'r') ch = 'a'; /* bytes have no non-ASCII repr */
    }
    switch (ch) {
    case 's': case 'r': case 'a':
        return pct_text(S, out, v, ch, flags, width, prec);
    case 'd': case 'i': case 'u': case 'x': case 'X': case 'o':
        return pct_integer(S, out, v, ch == 'i' || ch == 'u' ? 'd' : ch, flags, width, prec);
    case 'e': case 'E': case 'f': case 'F': case 'g': case 'G':
        return pct_float(S, out, v, ch, flags, width, prec);
    case 'c':
        return pct_char(S, out, v, flags, width);
    default:
        err_format(S, &S->exc.ValueError, "unsupported format character '%c' (0x%x) at index %zd",
                   ch >= 32 && ch <= 126 ? (char)ch : '?', (unsigned)ch, i - 1);
        return -1;
    }
}

static PhObject *percent_impl(PhState *S, PhObject *fmt, PhObject *args, bool bytes)
{
    PctCtx c = {.args = args, .bytes = bytes};
    bool is_tuple = (args->type->flags & TPFLAG_TUPLE_SUBCLASS) != 0;
    if (is_tuple) {
        c.arglen = TUPLE_LEN(args);
        c.argidx = 0;
    } else {
        c.arglen = -1;
        c.argidx = -2;
    }
    const PhMappingMethods *mm = args->type->as_mapping;
    if (mm && mm->subscript && !is_tuple && !(bytes ? bytes_check(args) : str_check(args)))
        c.dict = args;

    StrBuilder b;
    sb_init(&b);
    ssize_t len = str_len(fmt), i = 0;
    while (i < len) {
        ssize_t lit = i;
        while (i < len && str_char_at(fmt, i) != '%') i++;
        if (sb_append_substr(S, &b, fmt, lit, i) < 0) goto fail;
        if (i >= len) break;
        i++;
        if (pct_one(S, &c, fmt, &i, &b) < 0) goto fail;
    }
    if (c.argidx < c.arglen && !c.dict) {
        err_format(S, &S->exc.TypeError, "not all arguments converted during %s formatting",
                   bytes ? "bytes" : "string");
        goto fail;
    }
    if (c.args_owned) DECREF(S, c.args);
    return sb_finish(S, &b);
fail:
    if (c.args_owned) DECREF(S, c.args);
    sb_discard(S, &b);
    return NULL;
}

PhObject *format_percent(PhState *S, PhObject *fmt, PhObject *args)
{
    return percent_impl(S, fmt, args, false);
}

PhObject *format_bytes_percent(PhState *S, PhObject *fmt, PhObject *args)
{
    /* The format's bytes become Latin-1 characters, the work is done on
     * text, and every character of the result is below 256 again. fmt is a
     * bytes or a bytearray (whose % returns this result as a bytearray). */
    const char *fp = NULL;
    ssize_t fn = 0;
    bytes_like_view(fmt, &fp, &fn);
    PhObject *f = str_from_latin1(S, fp, (size_t)fn);
    if (!f) return NULL;
    PhObject *r = percent_impl(S, f, args, true);
    DECREF(S, f);
    if (!r) return NULL;
    PhObject *b = str_encode(S, r, "latin-1", NULL);
    DECREF(S, r);
    return b;
}
