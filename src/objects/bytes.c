/* bytes: immutable byte strings (CPython 3.11's PyBytesObject layout), their
 * iterator, and the three codecs pyheap has: UTF-8, ASCII and Latin-1, with
 * the error handlers strict, ignore, replace, backslashreplace,
 * xmlcharrefreplace (encoding), surrogateescape and surrogatepass (UTF-8).
 *
 * text_init makes b'' and the 256 one-byte objects: static singletons with
 * OBJ_STATIC_REFCNT, as CPython's (b'a'[0:1] is b'a'). */
#include "bytes.h"

#include "abstract.h"
#include "bytes_impl.h"
#include "exceptions.h"
#include "format.h"
#include "int.h"
#include "list.h"
#include "slice.h"
#include "str_impl.h"
#include "tuple.h"
#include "vm/errors.h"
#include "vm/init.h"
#include "vm/state.h"

#include <stdio.h>
#include <string.h>

/* ---- allocation ------------------------------------------------------------------ */

bool bytes_check(const PhObject *o) { return (o->type->flags & TPFLAG_BYTES_SUBCLASS) != 0; }

bool bytes_like_view(const PhObject *o, const char **p, ssize_t *n)
{
    if (!bl_check(o)) return false;
    *p = BL_DATA(o);
    *n = BL_LEN(o);
    return true;
}

size_t bytes_sizeof(const PhObject *o) { return BYTES_BASICSIZE + (size_t)BYTES_LEN(o); }

static PhObject *bytes_alloc_quiet(PhState *S, PhType *t, size_t n)
{
    if (n > (size_t)PTRDIFF_MAX - BYTES_BASICSIZE - 16) return NULL;
    PhBytes *b = (PhBytes *)obj_alloc(S, t, BYTES_BASICSIZE + n);
    if (!b) return NULL;
    b->ob.size = (ssize_t)n;
    b->hash = -1;
    b->data[n] = 0;
    return (PhObject *)b;
}

/* A fresh bytes object of n bytes (contents to be filled), MemoryError on
 * failure. */
static PhObject *bytes_alloc(PhState *S, size_t n)
{
    PhObject *b = bytes_alloc_quiet(S, &S->types.bytes, n);
    if (!b) err_no_memory(S);
    return b;
}

PhObject *bytes_from_data(PhState *S, const char *p, size_t n)
{
    if (p && n <= 1) {
        PhObject *single = n == 0 ? S->empty_bytes : S->bytes_chars[(uint8_t)p[0]];
        INCREF(single);
        return single;
    }
    PhObject *b = bytes_alloc(S, n);
    if (b && p) memcpy(BYTES_DATA(b), p, n);
    return b;
}

static void bytes_dealloc(PhState *S, PhObject *o) { obj_free(S, o); }

int text_init(PhState *S)
{
    S->empty_bytes = bytes_alloc_quiet(S, &S->types.bytes, 0);
    if (!S->empty_bytes) return -1;
    S->empty_bytes->refcnt = OBJ_STATIC_REFCNT;
    for (int c = 0; c < 256; c++) {
        PhObject *b = bytes_alloc_quiet(S, &S->types.bytes, 1);
        if (!b) return -1;
        BYTES_DATA(b)[0] = (char)c;
        b->refcnt = OBJ_STATIC_REFCNT;
        S->bytes_chars[c] = b;
    }
    return 0;
}

void text_fini(PhState *S)
{
    for (int c = 0; c < 256; c++) {
        if (S->bytes_chars[c]) obj_free(S, S->bytes_chars[c]);
        S->bytes_chars[c] = NULL;
    }
    if (S->empty_bytes) obj_free(S, S->empty_bytes);
    S->empty_bytes = NULL;
}

/* ---- repr ------------------------------------------------------------------------- */

PhObject *bytes_repr(PhState *S, PhObject *o)
{
    return bytes_repr_data(S, BYTES_DATA(o), BYTES_LEN(o), false);
}

PhObject *bytes_repr_data(PhState *S, const char *data, ssize_t n, bool escape_all_single)
{
    const uint8_t *p = (const uint8_t *)data;
    bool single = memchr(p, '\'', (size_t)n) != NULL, dbl = memchr(p, '"', (size_t)n) != NULL;
    char quote = single && !dbl ? '"' : '\'';
    size_t cap = 3 + (size_t)n * 4;
    char stackbuf[256], *buf = cap <= sizeof stackbuf ? stackbuf : heap_alloc(mem_of(S)->heap, cap);
    if (!buf) return err_no_memory(S);
    size_t k = 0;
    buf[k++] = 'b';
    buf[k++] = quote;
    static const char hex[] = "0123456789abcdef";
    for (ssize_t i = 0; i < n; i++) {
        uint8_t c = p[i];
        if (c == (uint8_t)quote || c == '\\' || (c == '\'' && escape_all_single))
            buf[k++] = '\\', buf[k++] = (char)c;
        else if (c == '\t') buf[k++] = '\\', buf[k++] = 't';
        else if (c == '\n') buf[k++] = '\\', buf[k++] = 'n';
        else if (c == '\r') buf[k++] = '\\', buf[k++] = 'r';
        else if (c < ' ' || c >= 0x7f) {
            buf[k++] = '\\';
            buf[k++] = 'x';
            buf[k++] = hex[c >> 4];
            buf[k++] = hex[c & 15];
        } else {
            buf[k++] = (char)c;
        }
    }
    buf[k++] = quote;
    PhObject *r = str_from_latin1(S, buf, k);
    if (buf != stackbuf) heap_free(mem_of(S)->heap, buf);
    return r;
}

/* ---- slots ------------------------------------------------------------------------- */

static int64_t bytes_hash(PhState *S, PhObject *o)
{
    PhBytes *b = (PhBytes *)o;
    if (b->hash == -1) b->hash = hash_bytes(b->data, (size_t)b->ob.size);
    return b->hash;
}

static int bytes_cmp(PhObject *a, PhObject *b)
{
    ssize_t la = BYTES_LEN(a), lb = BYTES_LEN(b);
    int r = memcmp(BYTES_DATA(a), BYTES_DATA(b), (size_t)(la < lb ? la : lb));
    if (r) return r < 0 ? -1 : 1;
    return la < lb ? -1 : la > lb;
}

static PhObject *bytes_richcompare(PhState *S, PhObject *a, PhObject *b, int op)
{
    if (!bytes_check(a) || !bytes_check(b)) {
        INCREF(PH_NOTIMPL(S));
        return PH_NOTIMPL(S);
    }
    if (op == CMP_EQ || op == CMP_NE) {
        bool eq = BYTES_LEN(a) == BYTES_LEN(b) &&
                  memcmp(BYTES_DATA(a), BYTES_DATA(b), (size_t)BYTES_LEN(a)) == 0;
        return ph_bool(S, eq == (op == CMP_EQ));
    }
    int c = bytes_cmp(a, b);
    bool r = op == CMP_LT ? c < 0 : op == CMP_LE ? c <= 0 : op == CMP_GT ? c > 0 : c >= 0;
    return ph_bool(S, r);
}

static ssize_t bytes_len(PhState *S, PhObject *o) { return BYTES_LEN(o); }

static PhObject *bytes_self_or_copy(PhState *S, PhObject *o)
{
    if (o->type == &S->types.bytes) {
        INCREF(o);
        return o;
    }
    return bytes_from_data(S, BYTES_DATA(o), (size_t)BYTES_LEN(o));
}

/* a + b: a is a bytes (the slot's owner) or, reflected, b is; the other
 * operand may be any bytes-like object (b'a' + bytearray(b'b') == b'ab'). */
static PhObject *bytes_concat(PhState *S, PhObject *a, PhObject *b)
{
    if (!bl_check(a) || !bl_check(b)) {
        PhObject *bad = bl_check(a) ? b : a;
        return err_format(S, &S->exc.TypeError, "can't concat %s to %s", bad->type->name,
                          bl_check(a) ? a->type->name : "bytes");
    }
    ssize_t la = BL_LEN(a), lb = BL_LEN(b);
    if (la == 0 && bytes_check(b)) return bytes_self_or_copy(S, b);
    if (lb == 0 && bytes_check(a)) return bytes_self_or_copy(S, a);
    PhObject *r = bytes_alloc(S, (size_t)(la + lb));
    if (!r) return NULL;
    memcpy(BYTES_DATA(r), BL_DATA(a), (size_t)la);
    memcpy(BYTES_DATA(r) + la, BL_DATA(b), (size_t)lb);
    if (la + lb <= 1) {
        PhObject *single = bytes_from_data(S, BYTES_DATA(r), (size_t)(la + lb));
        DECREF(S, r);
        r = single;
    }
    return r;
}

static PhObject *bytes_repeat(PhState *S, PhObject *o, ssize_t n)
{
    ssize_t len = BYTES_LEN(o);
    if (n <= 0 || len == 0) return bytes_from_data(S, "", 0);
    if (n == 1) return bytes_self_or_copy(S, o);
    if (len > PTRDIFF_MAX / 2 / n) return err_format(S, &S->exc.OverflowError, "repeated bytes are too long");
    size_t total = (size_t)(len * n);
    PhObject *r = bytes_alloc(S, total);
    if (!r) return NULL;
    char *d = BYTES_DATA(r);
    memcpy(d, BYTES_DATA(o), (size_t)len);
    for (size_t done = (size_t)len; done < total;) {
        size_t k = done < total - done ? done : total - done;
        memcpy(d + done, d, k);
        done += k;
    }
    return r;
}

static PhObject *bytes_item(PhState *S, PhObject *o, ssize_t i)
{
    if (i < 0 || i >= BYTES_LEN(o)) return err_format(S, &S->exc.IndexError, "index out of range");
    return int_from_i64(S, (uint8_t)BYTES_DATA(o)[i]);
}

/* A byte value from an int argument: ValueError outside 0..255; -1 with an
 * exception. */
/* An integer (through __index__) in 0..255, else ValueError(range_msg):
 * a huge int is out of range too, not an overflow. -1 with an exception. */
static int byte_in_range(PhState *S, PhObject *v, const char *range_msg)
{
    if (!text_is_index(v)) {
        err_format(S, &S->exc.TypeError, "'%s' object cannot be interpreted as an integer",
                   v->type->name);
        return -1;
    }
    PhObject *i = num_index(S, v);
    if (!i) return -1;
    int overflow = 0;
    int64_t x = int_as_i64(i, &overflow);
    DECREF(S, i);
    if (overflow || x < 0 || x > 255) {
        err_format(S, &S->exc.ValueError, "%s", range_msg);
        return -1;
    }
    return (int)x;
}

int bytes_byte_value(PhState *S, PhObject *v)
{
    return byte_in_range(S, v, "byte must be in range(0, 256)");
}

int bytes_contains_data(PhState *S, const char *p, ssize_t n, PhObject *v)
{
    if (text_is_index(v)) {
        int c = bytes_byte_value(S, v);
        if (c < 0) return -1;
        return memchr(p, c, (size_t)n) != NULL;
    }
    if (!bl_check(v)) {
        err_format(S, &S->exc.TypeError, "a bytes-like object is required, not '%s'", v->type->name);
        return -1;
    }
    return text_find_bytes(p, n, BL_DATA(v), BL_LEN(v), 1) >= 0;
}

static int bytes_contains(PhState *S, PhObject *o, PhObject *v)
{
    return bytes_contains_data(S, BYTES_DATA(o), BYTES_LEN(o), v);
}

static PhObject *bytes_subscript(PhState *S, PhObject *o, PhObject *key)
{
    if (text_is_index(key)) {
        ssize_t i = num_as_ssize(S, key, false);
        if (i == -1 && err_occurred(S)) {
            if (!err_matches(S, (PhObject *)&S->exc.OverflowError)) return NULL;
            err_clear(S);
            return err_format(S, &S->exc.IndexError, "cannot fit '%s' into an index-sized integer",
                              key->type->name);
        }
        if (i < 0) i += BYTES_LEN(o);
        return bytes_item(S, o, i);
    }
    if (key->type == &S->types.slice) {
        ssize_t start, stop, step, n;
        if (slice_unpack_indices(S, key, BYTES_LEN(o), &start, &stop, &step, &n) < 0) return NULL;
        if (step == 1) {
            if (n == BYTES_LEN(o)) return bytes_self_or_copy(S, o);
            return bytes_from_data(S, BYTES_DATA(o) + start, (size_t)(n > 0 ? n : 0));
        }
        if (n <= 0) return bytes_from_data(S, "", 0);
        if (n == 1) return bytes_from_data(S, BYTES_DATA(o) + start, 1);
        PhObject *r = bytes_alloc(S, (size_t)n);
        if (!r) return NULL;
        for (ssize_t i = 0, j = start; i < n; i++, j += step) BYTES_DATA(r)[i] = BYTES_DATA(o)[j];
        return r;
    }
    return err_format(S, &S->exc.TypeError, "byte indices must be integers or slices, not %s",
                      key->type->name);
}

/* ---- iterator ------------------------------------------------------------------------ */

typedef struct PhBytesIter {
    PhObject ob;
    ssize_t index;
    PhObject *seq; /* NULL once exhausted */
} PhBytesIter;

static PhObject *bytes_iter(PhState *S, PhObject *o)
{
    PhBytesIter *it = (PhBytesIter *)obj_alloc(S, &S->types.bytes_iter, sizeof(PhBytesIter));
    if (!it) return err_no_memory(S);
    it->index = 0;
    INCREF(o);
    it->seq = o;
    gc_track(S, (PhObject *)it);
    return (PhObject *)it;
}

static PhObject *bytes_iter_next(PhState *S, PhObject *o)
{
    PhBytesIter *it = (PhBytesIter *)o;
    if (!it->seq) return NULL;
    if (it->index < BYTES_LEN(it->seq))
        return int_from_i64(S, (uint8_t)BYTES_DATA(it->seq)[it->index++]);
    CLEAR(S, it->seq);
    return NULL;
}

static void bytes_iter_dealloc(PhState *S, PhObject *o)
{
    gc_untrack(o);
    CLEAR(S, ((PhBytesIter *)o)->seq);
    obj_free(S, o);
}

static int bytes_iter_traverse(PhObject *o, visitproc visit, void *arg)
{
    VISIT(((PhBytesIter *)o)->seq);
    return 0;
}

static PhObject *bytes_iter_self(PhState *S, PhObject *o)
{
    INCREF(o);
    return o;
}

static PhObject *bytes_iter_length_hint(PhState *S, PhObject *callable, PhObject *const *args,
                                        size_t nargs, PhObject *kwnames)
{
    PhObject *dummy[1];
    if (text_parse_args(S, "bytes_iterator", "__length_hint__", ARGS_NOARGS, args + 1, nargs - 1,
                        kwnames, NULL, 0, 0, dummy) < 0)
        return NULL;
    PhBytesIter *it = (PhBytesIter *)args[0];
    ssize_t n = it->seq ? BYTES_LEN(it->seq) - it->index : 0;
    return int_from_i64(S, n < 0 ? 0 : n);
}

static const PhMethodDef bytes_iter_methods[] = {
    {"__length_hint__", bytes_iter_length_hint, METH_DEFAULT,
     "Private method returning an estimate of len(list(it))."},
    {NULL, NULL, 0, NULL},
};

const PhType bytes_iter_type_template = {
    .name = "bytes_iterator",
    .basicsize = sizeof(PhBytesIter),
    .flags = TPFLAG_HAVE_GC,
    .dealloc = bytes_iter_dealloc,
    .traverse = bytes_iter_traverse,
    .iter = bytes_iter_self,
    .iternext = bytes_iter_next,
    .methods = bytes_iter_methods,
};

/* ---- codecs ---------------------------------------------------------------------------- */

enum { ENC_UTF8, ENC_ASCII, ENC_LATIN1 };
enum { ERR_STRICT, ERR_IGNORE, ERR_REPLACE, ERR_BACKSLASH, ERR_XMLREF, ERR_SURR_ESCAPE,
       ERR_SURR_PASS, ERR_UNKNOWN };

static const char *const enc_names[] = {"utf-8", "ascii", "latin-1"};

/* Python's codec lookup normalises names (case, '-' and ' ' become '_');
 * the aliases are those of the encodings package for these three. */
static int lookup_encoding(PhState *S, const char *name)
{
    if (!name) return ENC_UTF8;
    char norm[32];
    size_t n = strlen(name), k = 0;
    if (n >= sizeof norm) goto unknown;
    for (size_t i = 0; i < n; i++) {
        char c = name[i];
        if (c == '-' || c == ' ') c = '_';
        else if (c >= 'A' && c <= 'Z') c = (char)(c + 32);
        norm[k++] = c;
    }
    norm[k] = 0;
    static const char *const utf8[] = {"utf_8", "utf8", "u8", "utf", "cp65001", "utf8_ucs2",
                                       "utf8_ucs4", NULL};
    static const char *const ascii[] = {"ascii", "us_ascii", "646", "ansi_x3.4_1968", "cp367",
                                        "csascii", "ibm367", "iso646_us", "iso_646.irv_1991",
                                        "us", "ansi_x3_4_1968", NULL};
    static const char *const latin1[] = {"latin_1", "latin1", "latin", "l1", "iso_8859_1",
                                         "iso8859_1", "8859", "cp819", "iso_ir_100",
                                         "iso_8859_1_1987", "ibm819", "csisolatin1", NULL};
    for (int i = 0; utf8[i]; i++)
        if (!strcmp(norm, utf8[i])) return ENC_UTF8;
    for (int i = 0; ascii[i]; i++)
        if (!strcmp(norm, ascii[i])) return ENC_ASCII;
    for (int i = 0; latin1[i]; i++)
        if (!strcmp(norm, latin1[i])) return ENC_LATIN1;
unknown:
    err_format(S, &S->exc.LookupError, "unknown encoding: %s", name);
    return -1;
}

static int lookup_errors(const char *errors)
{
    if (!errors || !strcmp(errors, "strict")) return ERR_STRICT;
    if (!strcmp(errors, "ignore")) return ERR_IGNORE;
    if (!strcmp(errors, "replace")) return ERR_REPLACE;
    if (!strcmp(errors, "backslashreplace")) return ERR_BACKSLASH;
    if (!strcmp(errors, "xmlcharrefreplace")) return ERR_XMLREF;
    if (!strcmp(errors, "surrogateescape")) return ERR_SURR_ESCAPE;
    if (!strcmp(errors, "surrogatepass")) return ERR_SURR_PASS;
    return ERR_UNKNOWN;
}

/* Raised lazily, like CPython: only when an error actually needs a handler. */
static void unknown_handler(PhState *S, const char *errors)
{
    err_format(S, &S->exc.LookupError, "unknown error handler name '%s'", errors);
}

static void raise_unicode_error(PhState *S, PhType *t, const char *enc, PhObject *obj,
                                ssize_t start, ssize_t end, const char *reason)
{
    PhObject *e = str_from_cstr(S, enc), *r = str_from_cstr(S, reason);
    PhObject *st = int_from_i64(S, start), *en = int_from_i64(S, end);
    PhObject *args = e && r && st && en ? tuple_pack(S, 5, e, obj, st, en, r) : NULL;
    XDECREF(S, e);
    XDECREF(S, r);
    XDECREF(S, st);
    XDECREF(S, en);
    if (!args) return;
    PhObject *exc = exc_create(S, t, args);
    DECREF(S, args);
    if (!exc) return;
    err_set_raised(S, exc);
    DECREF(S, exc);
}

static void raise_decode_error(PhState *S, int enc, const char *p, size_t n, ssize_t start,
                               ssize_t end, const char *reason)
{
    PhObject *obj = bytes_from_data(S, p, n);
    if (!obj) return;
    raise_unicode_error(S, &S->exc.UnicodeDecodeError, enc_names[enc], obj, start, end, reason);
    DECREF(S, obj);
}

/* Length of the invalid UTF-8 sequence at p[0..avail) and its reason.
 * Returns the number of bytes of a valid sequence (> 0, with *cp set) or
 * 0 with *bad = bytes to report and *reason set. */
static int utf8_decode_one(const uint8_t *p, size_t avail, uint32_t *cp, int *bad,
                           const char **reason)
{
    uint8_t c = p[0];
    if (c < 0x80) {
        *cp = c;
        return 1;
    }
    int need;
    uint8_t lo = 0x80, hi = 0xBF; /* allowed range of the second byte */
    if (c >= 0xC2 && c <= 0xDF) need = 1;
    else if (c >= 0xE0 && c <= 0xEF) {
        need = 2;
        if (c == 0xE0) lo = 0xA0;
        if (c == 0xED) hi = 0x9F; /* no surrogates */
    } else if (c >= 0xF0 && c <= 0xF4) {
        need = 3;
        if (c == 0xF0) lo = 0x90;
        if (c == 0xF4) hi = 0x8F;
    } else {
        *bad = 1;
        *reason = "invalid start byte";
        return 0;
    }
    uint32_t v = c & (0x3F >> need);
    for (int i = 1; i <= need; i++) {
        if ((size_t)i >= avail) {
            *bad = (int)avail;
            *reason = "unexpected end of data";
            return 0;
        }
        uint8_t b = p[i];
        uint8_t l = i == 1 ? lo : 0x80, h = i == 1 ? hi : 0xBF;
        if (b < l || b > h) {
            *bad = i;
            *reason = "invalid continuation byte";
            return 0;
        }
        v = (v << 6) | (b & 0x3F);
    }
    *cp = v;
    return need + 1;
}

/* Handles one decoding error covering p[i..i+bad); returns -1 on error. */
static int decode_error(PhState *S, StrBuilder *b, int enc, int handler, const char *errors,
                        const char *p, size_t n, size_t i, int bad, const char *reason)
{
    static const char hex[] = "0123456789abcdef";
    switch (handler) {
    case ERR_STRICT:
        raise_decode_error(S, enc, p, n, (ssize_t)i, (ssize_t)i + bad, reason);
        return -1;
    case ERR_IGNORE:
        return 0;
    case ERR_REPLACE:
        return sb_append_char(S, b, 0xFFFD);
    case ERR_BACKSLASH:
        for (int k = 0; k < bad; k++) {
            uint8_t c = (uint8_t)p[i + (size_t)k];
            char e[4] = {'\\', 'x', hex[c >> 4], hex[c & 15]};
            if (sb_append_ascii(S, b, e, 4) < 0) return -1;
        }
        return 0;
    case ERR_SURR_ESCAPE:
        for (int k = 0; k < bad; k++) {
            uint8_t c = (uint8_t)p[i + (size_t)k];
            if (c < 128) { /* surrogateescape only maps bytes >= 128 */
                raise_decode_error(S, enc, p, n, (ssize_t)i, (ssize_t)i + bad, reason);
                return -1;
            }
            if (sb_append_char(S, b, 0xDC00 + c) < 0) return -1;
        }
        return 0;
    case ERR_UNKNOWN:
        unknown_handler(S, errors);
        return -1;
    default: /* xmlcharrefreplace, surrogatepass: not decoding handlers here */
        raise_decode_error(S, enc, p, n, (ssize_t)i, (ssize_t)i + bad, reason);
        return -1;
    }
}

/* surrogatepass decoding: an encoded surrogate ED A0..BF xx. */
static bool utf8_surrogate_at(const uint8_t *p, size_t avail, uint32_t *cp)
{
    if (avail >= 3 && p[0] == 0xED && p[1] >= 0xA0 && p[1] <= 0xBF && (p[2] & 0xC0) == 0x80) {
        *cp = 0xD000 | ((uint32_t)(p[1] & 0x3F) << 6) | (p[2] & 0x3F);
        return true;
    }
    return false;
}

PhObject *bytes_decode(PhState *S, const char *p, size_t n, const char *encoding,
                       const char *errors)
{
    int enc = lookup_encoding(S, encoding);
    if (enc < 0) return NULL;
    int handler = lookup_errors(errors);
    if (enc == ENC_LATIN1) return str_from_latin1(S, p, n);
    const uint8_t *u = (const uint8_t *)p;
    /* Fast path: pure ASCII decodes the same in both codecs. */
    size_t i = 0;
    while (i < n && u[i] < 0x80) i++;
    if (i == n) return str_from_latin1(S, p, n);
    StrBuilder b;
    sb_init(&b);
    if (sb_append_ascii(S, &b, p, i) < 0) goto fail;
    while (i < n) {
        if (u[i] < 0x80) {
            size_t j = i;
            while (j < n && u[j] < 0x80) j++;
            if (sb_append_ascii(S, &b, p + i, j - i) < 0) goto fail;
            i = j;
            continue;
        }
        uint32_t cp;
        int bad = 1;
        const char *reason = "ordinal not in range(128)";
        int len = 0;
        if (enc == ENC_UTF8) {
            len = utf8_decode_one(u + i, n - i, &cp, &bad, &reason);
            if (!len && handler == ERR_SURR_PASS && utf8_surrogate_at(u + i, n - i, &cp)) len = 3;
        }
        if (len) {
            if (sb_append_char(S, &b, cp) < 0) goto fail;
            i += (size_t)len;
            continue;
        }
        if (decode_error(S, &b, enc, handler, errors, p, n, i, bad, reason) < 0) goto fail;
        i += (size_t)bad;
    }
    return sb_finish(S, &b);
fail:
    sb_discard(S, &b);
    return NULL;
}

/* ---- encoding ------------------------------------------------------------------------------ */

/* A growable byte buffer for encoders. */
typedef struct ByteBuf {
    char *p;
    size_t len, cap;
} ByteBuf;

static int bb_put(PhState *S, ByteBuf *bb, const void *src, size_t n)
{
    if (n == 0) return 0;
    if (bb->len + n > bb->cap) {
        size_t cap = bb->cap * 2 + n + 16;
        char *np = heap_realloc(mem_of(S)->heap, bb->p, cap);
        if (!np) {
            err_no_memory(S);
            return -1;
        }
        bb->p = np;
        bb->cap = cap;
    }
    memcpy(bb->p + bb->len, src, n);
    bb->len += n;
    return 0;
}

static bool encodable(int enc, uint32_t c)
{
    switch (enc) {
    case ENC_ASCII: return c < 128;
    case ENC_LATIN1: return c < 256;
    default: return c < 0xD800 || c > 0xDFFF;
    }
}

static int put_encoded(PhState *S, ByteBuf *bb, int enc, uint32_t c)
{
    uint8_t out[4];
    if (enc != ENC_UTF8) {
        out[0] = (uint8_t)c;
        return bb_put(S, bb, out, 1);
    }
    size_t n;
    if (c < 0x80) out[0] = (uint8_t)c, n = 1;
    else if (c < 0x800) out[0] = (uint8_t)(0xC0 | (c >> 6)), out[1] = (uint8_t)(0x80 | (c & 0x3F)), n = 2;
    else if (c < 0x10000) {
        out[0] = (uint8_t)(0xE0 | (c >> 12));
        out[1] = (uint8_t)(0x80 | ((c >> 6) & 0x3F));
        out[2] = (uint8_t)(0x80 | (c & 0x3F));
        n = 3;
    } else {
        out[0] = (uint8_t)(0xF0 | (c >> 18));
        out[1] = (uint8_t)(0x80 | ((c >> 12) & 0x3F));
        out[2] = (uint8_t)(0x80 | ((c >> 6) & 0x3F));
        out[3] = (uint8_t)(0x80 | (c & 0x3F));
        n = 4;
    }
    return bb_put(S, bb, out, n);
}

/* Replacement text for one unencodable character, per handler. */
static int encode_replacement(PhState *S, ByteBuf *bb, int enc, int handler, uint32_t c)
{
    char tmp[16];
    int n;
    switch (handler) {
    case ERR_IGNORE: return 0;
    case ERR_REPLACE: return bb_put(S, bb, "?", 1);
    case ERR_XMLREF:
        n = snprintf(tmp, sizeof tmp, "&#%u;", (unsigned)c);
        return bb_put(S, bb, tmp, (size_t)n);
    case ERR_BACKSLASH:
        if (c < 0x100) n = snprintf(tmp, sizeof tmp, "\\x%02x", (unsigned)c);
        else if (c < 0x10000) n = snprintf(tmp, sizeof tmp, "\\u%04x", (unsigned)c);
        else n = snprintf(tmp, sizeof tmp, "\\U%08x", (unsigned)c);
        return bb_put(S, bb, tmp, (size_t)n);
    case ERR_SURR_ESCAPE: {
        uint8_t byte = (uint8_t)(c - 0xDC00);
        return bb_put(S, bb, &byte, 1);
    }
    default: /* surrogatepass with utf-8 */
        {
            uint8_t out[3] = {(uint8_t)(0xE0 | (c >> 12)), (uint8_t)(0x80 | ((c >> 6) & 0x3F)),
                              (uint8_t)(0x80 | (c & 0x3F))};
            return bb_put(S, bb, out, 3);
        }
    }
}

/* Can this handler deal with character c? (surrogateescape and
 * surrogatepass accept only some characters; the rest raise.) */
static bool handler_accepts(int enc, int handler, uint32_t c)
{
    if (handler == ERR_SURR_ESCAPE) return c >= 0xDC80 && c <= 0xDCFF;
    if (handler == ERR_SURR_PASS) return enc == ENC_UTF8 && c >= 0xD800 && c <= 0xDFFF;
    return handler != ERR_STRICT && handler != ERR_UNKNOWN;
}

PhObject *str_encode(PhState *S, PhObject *s, const char *encoding, const char *errors)
{
    int enc = lookup_encoding(S, encoding);
    if (enc < 0) return NULL;
    int handler = lookup_errors(errors);
    if (((PhStr *)s)->state.ascii) return bytes_from_data(S, str_data(s), (size_t)str_len(s));
    ssize_t len = str_len(s);
    ByteBuf bb = {0};
    for (ssize_t i = 0; i < len; i++) {
        uint32_t c = str_char_at(s, i);
        if (encodable(enc, c)) {
            if (put_encoded(S, &bb, enc, c) < 0) goto fail;
            continue;
        }
        if (handler == ERR_UNKNOWN) {
            unknown_handler(S, errors);
            goto fail;
        }
        if (!handler_accepts(enc, handler, c)) {
            /* strict: report the whole run of unencodable characters */
            ssize_t j = i + 1;
            while (j < len && !encodable(enc, str_char_at(s, j))) j++;
            const char *reason = enc == ENC_ASCII ? "ordinal not in range(128)"
                               : enc == ENC_LATIN1 ? "ordinal not in range(256)"
                                                   : "surrogates not allowed";
            raise_unicode_error(S, &S->exc.UnicodeEncodeError, enc_names[enc], s, i,
                                handler == ERR_STRICT ? j : i + 1, reason);
            goto fail;
        }
        if (encode_replacement(S, &bb, enc, handler, c) < 0) goto fail;
    }
    PhObject *r = bytes_from_data(S, bb.p ? bb.p : "", bb.len);
    heap_free(mem_of(S)->heap, bb.p);
    return r;
fail:
    heap_free(mem_of(S)->heap, bb.p);
    return NULL;
}

/* ---- methods ------------------------------------------------------------------------------------ */

#define SELF (args[0])
#define PARSE(style, fname, kw, min, max, a)                                                    \
    text_parse_args(S, owner_of(SELF), (fname), (style), args + 1, nargs - 1, kwnames, (kw),    \
                    (min), (max), (a))
/* A shared method (bytes_impl.h), and one of bytes only. */
#define METHOD(name)                                                                            \
    PhObject *bytes_m_##name(PhState *S, PhObject *callable, PhObject *const *args,             \
                             size_t nargs, PhObject *kwnames)
#define BYTES_ONLY_METHOD(name)                                                                 \
    static PhObject *bytes_m_##name(PhState *S, PhObject *callable, PhObject *const *args,      \
                                    size_t nargs, PhObject *kwnames)

/* The type name in argument errors: "bytearray.upper() takes no arguments". */
static const char *owner_of(const PhObject *self) { return bytes_check(self) ? "bytes" : "bytearray"; }

/* ---- results of the receiver's kind: bytes for bytes (subclasses included),
 * a new exact bytearray for bytearray. */

/* n uninitialised bytes to fill through BL_DATA. */
static PhObject *res_alloc(PhState *S, PhObject *self, size_t n)
{
    return bytes_check(self) ? bytes_alloc(S, n) : bytearray_from_data(S, NULL, n);
}

/* After filling a res_alloc result: an empty or one-byte bytes becomes the
 * shared singleton, as CPython returns it. */
static PhObject *res_finish(PhState *S, PhObject *r)
{
    if (!r || !bytes_check(r) || BYTES_LEN(r) > 1) return r;
    PhObject *single = bytes_from_data(S, BYTES_DATA(r), (size_t)BYTES_LEN(r));
    DECREF(S, r);
    return single;
}

static PhObject *res_from(PhState *S, PhObject *self, const char *p, size_t n)
{
    return bytes_check(self) ? bytes_from_data(S, p, n) : bytearray_from_data(S, p, n);
}

/* The receiver unchanged: an exact bytes is returned itself, as CPython
 * does; a bytearray is always copied (its result is a new object). */
static PhObject *res_self(PhState *S, PhObject *self)
{
    if (bytes_check(self)) return bytes_self_or_copy(S, self);
    return bytearray_from_data(S, BL_DATA(self), (size_t)BL_LEN(self));
}

static PhObject *need_bytes(PhState *S, PhObject *o)
{
    if (bl_check(o)) return o;
    return err_format(S, &S->exc.TypeError, "a bytes-like object is required, not '%s'",
                      o->type->name);
}

static bool is_space_byte(uint8_t c) { return c == ' ' || (c >= 9 && c <= 13); }

METHOD(decode)
{
    static const char *const kwlist[] = {"encoding", "errors", NULL};
    PhObject *a[2];
    if (PARSE(ARGS_KW, "decode", kwlist, 0, 2, a) < 0) return NULL;
    const char *v[2] = {NULL, NULL};
    for (int i = 0; i < 2; i++) {
        if (!a[i]) continue;
        if (!str_check(a[i]))
            return err_format(S, &S->exc.TypeError, "decode() argument '%s' must be str, not %s",
                              kwlist[i], a[i]->type->name);
        if (!(v[i] = str_as_utf8(S, a[i], NULL))) return NULL;
    }
    return bytes_decode(S, BL_DATA(SELF), (size_t)BL_LEN(SELF), v[0], v[1]);
}

METHOD(hex)
{
    static const char *const kwlist[] = {"sep", "bytes_per_sep", NULL};
    PhObject *a[2];
    if (PARSE(ARGS_KW, "hex", kwlist, 0, 2, a) < 0) return NULL;
    uint32_t sep = 0;
    ssize_t per = 1;
    if (a[0]) {
        if (str_check(a[0]) && str_len(a[0]) == 1) sep = str_char_at(a[0], 0);
        else if (bl_check(a[0]) && BL_LEN(a[0]) == 1) sep = (uint8_t)BL_DATA(a[0])[0];
        else return err_format(S, &S->exc.ValueError, "sep must be length 1.");
        if (sep > 127) return err_format(S, &S->exc.ValueError, "sep must be ASCII.");
    }
    if (a[1]) {
        per = text_as_index(S, a[1]);
        if (per == -1 && err_occurred(S)) return NULL;
    }
    static const char hex[] = "0123456789abcdef";
    ssize_t n = BL_LEN(SELF);
    const uint8_t *p = (const uint8_t *)BL_DATA(SELF);
    StrBuilder b;
    sb_init(&b);
    ssize_t group = per < 0 ? -per : per;
    for (ssize_t i = 0; i < n; i++) {
        if (sep && group && i > 0) {
            /* positive: groups counted from the right; negative: from the left */
            bool boundary = per > 0 ? (n - i) % group == 0 : i % group == 0;
            if (boundary && sb_append_char(S, &b, sep) < 0) goto fail;
        }
        char two[2] = {hex[p[i] >> 4], hex[p[i] & 15]};
        if (sb_append_ascii(S, &b, two, 2) < 0) goto fail;
    }
    return sb_finish(S, &b);
fail:
    sb_discard(S, &b);
    return NULL;
}

static int hex_value(uint32_t c)
{
    if (c >= '0' && c <= '9') return (int)(c - '0');
    if (c >= 'a' && c <= 'f') return (int)(c - 'a' + 10);
    if (c >= 'A' && c <= 'F') return (int)(c - 'A' + 10);
    return -1;
}

METHOD(fromhex)
{
    /* a classmethod: args[0] is the class, bytes or bytearray or a subclass */
    PhType *cls = (PhType *)args[0];
    bool ba = type_is_subtype(cls, &S->types.bytearray);
    PhObject *a[1];
    if (text_parse_args(S, ba ? "bytearray" : "bytes", "fromhex", ARGS_ONE, args + 1, nargs - 1,
                        kwnames, NULL, 1, 1, a) < 0)
        return NULL;
    if (!str_check(a[0]))
        return err_format(S, &S->exc.TypeError, "fromhex() argument must be str, not %s",
                          a[0]->type->name);
    PhObject *s = a[0];
    ssize_t len = str_len(s), i = 0;
    ByteBuf bb = {0};
    while (i < len) {
        uint32_t c = str_char_at(s, i);
        if (uni_isspace(c) && c < 128) {
            i++;
            continue;
        }
        int hi = hex_value(c);
        int lo = i + 1 < len ? hex_value(str_char_at(s, i + 1)) : -1;
        if (hi < 0 || lo < 0) {
            heap_free(mem_of(S)->heap, bb.p);
            return err_format(S, &S->exc.ValueError,
                              "non-hexadecimal number found in fromhex() arg at position %zd",
                              hi < 0 ? i : i + 1);
        }
        uint8_t byte = (uint8_t)(hi * 16 + lo);
        if (bb_put(S, &bb, &byte, 1) < 0) {
            heap_free(mem_of(S)->heap, bb.p);
            return NULL;
        }
        i += 2;
    }
    const char *data = bb.p ? bb.p : "";
    PhObject *r = ba ? bytearray_from_data(S, data, bb.len) : bytes_from_data(S, data, bb.len);
    heap_free(mem_of(S)->heap, bb.p);
    if (r && cls != &S->types.bytes && cls != &S->types.bytearray) {
        /* a subclass: cls(bytes) as CPython does */
        PhObject *sub = obj_call1(S, args[0], r);
        DECREF(S, r);
        return sub;
    }
    return r;
}

/* Appends the piece p[0..n) of self to a split result. Where CPython reuses
 * the receiver (share: the piece is all of an exact bytes, found where
 * stringlib's split does it), the list gets self itself. */
static int list_add_piece(PhState *S, PhObject *list, PhObject *self, const char *p, ssize_t n,
                          bool share)
{
    PhObject *part;
    if (share && n == BL_LEN(self) && self->type == &S->types.bytes) {
        part = self;
        INCREF(part);
    } else {
        part = res_from(S, self, p, (size_t)n);
    }
    if (!part) return -1;
    int rc = list_append(S, list, part);
    DECREF(S, part);
    return rc;
}

METHOD(split)
{
    static const char *const kwlist[] = {"sep", "maxsplit", NULL};
    PhObject *a[2];
    if (PARSE(ARGS_KW, "split", kwlist, 0, 2, a) < 0) return NULL;
    PhObject *sep = a[0] && a[0] != PH_NONE(S) ? a[0] : NULL;
    if (sep && !need_bytes(S, sep)) return NULL;
    if (sep && BL_LEN(sep) == 0) return err_format(S, &S->exc.ValueError, "empty separator");
    ssize_t maxsplit = -1;
    if (a[1]) {
        maxsplit = text_as_index(S, a[1]);
        if (maxsplit == -1 && err_occurred(S)) return NULL;
    }
    if (maxsplit < 0) maxsplit = PTRDIFF_MAX;
    PhObject *list = list_new(S, 0);
    if (!list) return NULL;
    const char *p = BL_DATA(SELF);
    ssize_t len = BL_LEN(SELF), i = 0;
    if (!sep) {
        while (maxsplit-- > 0) {
            while (i < len && is_space_byte((uint8_t)p[i])) i++;
            if (i == len) break;
            ssize_t j = i++;
            while (i < len && !is_space_byte((uint8_t)p[i])) i++;
            if (list_add_piece(S, list, SELF, p + j, i - j, true) < 0) goto fail;
        }
        while (i < len && is_space_byte((uint8_t)p[i])) i++;
        if (i < len && list_add_piece(S, list, SELF, p + i, len - i, false) < 0) goto fail;
        return list;
    }
    ssize_t n = BL_LEN(sep);
    while (maxsplit-- > 0) {
        ssize_t pos = text_find_bytes(p + i, len - i, BL_DATA(sep), n, 1);
        if (pos < 0) break;
        if (list_add_piece(S, list, SELF, p + i, pos, false) < 0) goto fail;
        i += pos + n;
    }
    if (list_add_piece(S, list, SELF, p + i, len - i, true) < 0) goto fail;
    return list;
fail:
    DECREF(S, list);
    return NULL;
}

METHOD(join)
{
    PhObject *a[1];
    if (PARSE(ARGS_ONE, "join", NULL, 1, 1, a) < 0) return NULL;
    PhObject *seq = list_from_iterable(S, a[0]);
    if (!seq) return NULL;
    ssize_t n = LIST_LEN(seq), seplen = BL_LEN(SELF), total = 0;
    PhObject *r = NULL;
    for (ssize_t i = 0; i < n; i++) {
        PhObject *it = LIST_GET(seq, i);
        if (!bl_check(it)) {
            err_format(S, &S->exc.TypeError, "sequence item %zd: expected a bytes-like object, %s found",
                       i, it->type->name);
            goto done;
        }
        total += BL_LEN(it) + (i ? seplen : 0);
    }
    if (n == 1 && LIST_GET(seq, 0)->type == &S->types.bytes && bytes_check(SELF)) {
        r = LIST_GET(seq, 0);
        INCREF(r);
        goto done;
    }
    r = res_alloc(S, SELF, (size_t)total);
    if (!r) goto done;
    char *d = BL_DATA(r);
    for (ssize_t i = 0; i < n; i++) {
        if (i) memcpy(d, BL_DATA(SELF), (size_t)seplen), d += seplen;
        PhObject *it = LIST_GET(seq, i);
        memcpy(d, BL_DATA(it), (size_t)BL_LEN(it));
        d += BL_LEN(it);
    }
    r = res_finish(S, r);
done:
    DECREF(S, seq);
    return r;
}

static PhObject *b_do_strip(PhState *S, PhObject *const *args, size_t nargs, PhObject *kwnames,
                            const char *fname, int which)
{
    PhObject *a[1];
    if (PARSE(ARGS_RANGE, fname, NULL, 0, 1, a) < 0) return NULL;
    PhObject *chars = a[0] && a[0] != PH_NONE(S) ? a[0] : NULL;
    if (chars && !need_bytes(S, chars)) return NULL;
    const uint8_t *p = (const uint8_t *)BL_DATA(SELF);
    ssize_t i = 0, j = BL_LEN(SELF);
#define STRIPPED(c) (chars ? memchr(BL_DATA(chars), (c), (size_t)BL_LEN(chars)) != NULL : is_space_byte(c))
    if (which & 1)
        while (i < j && STRIPPED(p[i])) i++;
    if (which & 2)
        while (j > i && STRIPPED(p[j - 1])) j--;
#undef STRIPPED
    if (i == 0 && j == BL_LEN(SELF)) return res_self(S, SELF);
    return res_from(S, SELF, (const char *)p + i, (size_t)(j - i));
}

METHOD(strip) { return b_do_strip(S, args, nargs, kwnames, "strip", 3); }
METHOD(lstrip) { return b_do_strip(S, args, nargs, kwnames, "lstrip", 1); }
METHOD(rstrip) { return b_do_strip(S, args, nargs, kwnames, "rstrip", 2); }

METHOD(replace)
{
    PhObject *a[3];
    if (PARSE(ARGS_RANGE, "replace", NULL, 2, 3, a) < 0) return NULL;
    if (!need_bytes(S, a[0]) || !need_bytes(S, a[1])) return NULL;
    ssize_t count = -1;
    if (a[2]) {
        count = text_as_index(S, a[2]);
        if (count == -1 && err_occurred(S)) return NULL;
    }
    if (count < 0) count = PTRDIFF_MAX;
    const char *p = BL_DATA(SELF), *old = BL_DATA(a[0]), *new_ = BL_DATA(a[1]);
    ssize_t len = BL_LEN(SELF), on = BL_LEN(a[0]), nn = BL_LEN(a[1]);
    ssize_t found = text_count_bytes(p, len, old, on, count);
    if (found == 0) return res_self(S, SELF);
    ByteBuf bb = {0};
    ssize_t i = 0;
    for (ssize_t k = 0; k < found; k++) {
        if (on == 0) {
            if (bb_put(S, &bb, new_, (size_t)nn) < 0) goto fail;
            if (i < len && bb_put(S, &bb, p + i, 1) < 0) goto fail;
            i++;
            continue;
        }
        ssize_t pos = text_find_bytes(p + i, len - i, old, on, 1);
        if (bb_put(S, &bb, p + i, (size_t)pos) < 0 || bb_put(S, &bb, new_, (size_t)nn) < 0) goto fail;
        i += pos + on;
    }
    if (i < len && bb_put(S, &bb, p + i, (size_t)(len - i)) < 0) goto fail;
    PhObject *r = res_from(S, SELF, bb.p ? bb.p : "", bb.len);
    heap_free(mem_of(S)->heap, bb.p);
    return r;
fail:
    heap_free(mem_of(S)->heap, bb.p);
    return NULL;
}

/* The needle of find/count/index: bytes, or an int byte value (held in *one). */
static int parse_needle(PhState *S, PhObject *o, const char **p, ssize_t *n, char *one)
{
    if (bl_check(o)) {
        *p = BL_DATA(o);
        *n = BL_LEN(o);
        return 0;
    }
    if (text_is_index(o)) {
        int c = bytes_byte_value(S, o);
        if (c < 0) return -1;
        *one = (char)c;
        *p = one;
        *n = 1;
        return 0;
    }
    err_format(S, &S->exc.TypeError, "argument should be integer or bytes-like object, not '%s'",
               o->type->name);
    return -1;
}

/* mode: 'f'ind, 'r'find, 'i'ndex, 'I' rindex, 'c'ount. */
static PhObject *b_search(PhState *S, PhObject *const *args, size_t nargs, PhObject *kwnames,
                          const char *fname, int mode)
{
    PhObject *a[3];
    if (PARSE(ARGS_OLD, fname, NULL, 1, 3, a) < 0) return NULL;
    const char *needle;
    ssize_t nlen, start, end;
    char one;
    /* The bounds' and the needle's __index__ may run code that changes a
     * bytearray: take the pointers last and clamp to the length then. */
    if (text_parse_bounds(S, a[1], a[2], BL_LEN(SELF), &start, &end) < 0) return NULL;
    if (parse_needle(S, a[0], &needle, &nlen, &one) < 0) return NULL;
    if (end > BL_LEN(SELF)) end = BL_LEN(SELF);
    const char *p = BL_DATA(SELF);
    if (mode == 'c') {
        if (start > end) return int_from_i64(S, 0);
        return int_from_i64(S, text_count_bytes(p + start, end - start, needle, nlen, PTRDIFF_MAX));
    }
    ssize_t r = -1;
    if (start <= end) {
        r = text_find_bytes(p + start, end - start, needle, nlen, mode == 'r' || mode == 'I' ? -1 : 1);
        if (r >= 0) r += start;
    }
    if (r < 0 && (mode == 'i' || mode == 'I'))
        return err_format(S, &S->exc.ValueError, "subsection not found");
    return int_from_i64(S, r);
}

METHOD(find) { return b_search(S, args, nargs, kwnames, "find", 'f'); }
METHOD(rfind) { return b_search(S, args, nargs, kwnames, "rfind", 'r'); }
METHOD(index) { return b_search(S, args, nargs, kwnames, "index", 'i'); }
METHOD(rindex) { return b_search(S, args, nargs, kwnames, "rindex", 'I'); }
METHOD(count) { return b_search(S, args, nargs, kwnames, "count", 'c'); }

static bool b_tail_match(PhObject *s, PhObject *sub, ssize_t start, ssize_t end, int dir)
{
    ssize_t n = BL_LEN(sub);
    if (end - n < start) return false;
    ssize_t at = dir < 0 ? start : end - n;
    return memcmp(BL_DATA(s) + at, BL_DATA(sub), (size_t)n) == 0;
}

static PhObject *b_startswith_impl(PhState *S, PhObject *const *args, size_t nargs,
                                   PhObject *kwnames, const char *fname, int dir)
{
    PhObject *a[3];
    if (PARSE(ARGS_OLD, fname, NULL, 1, 3, a) < 0) return NULL;
    ssize_t start, end;
    if (text_parse_bounds(S, a[1], a[2], BL_LEN(SELF), &start, &end) < 0) return NULL;
    if (end > BL_LEN(SELF)) end = BL_LEN(SELF); /* a bytearray changed by __index__ */
    PhObject *x = a[0];
    if (x->type->flags & TPFLAG_TUPLE_SUBCLASS) {
        for (ssize_t i = 0; i < TUPLE_LEN(x); i++) {
            if (!need_bytes(S, TUPLE_GET(x, i))) return NULL;
            if (b_tail_match(SELF, TUPLE_GET(x, i), start, end, dir)) return ph_bool(S, 1);
        }
        return ph_bool(S, 0);
    }
    if (!bl_check(x))
        return err_format(S, &S->exc.TypeError,
                          "%s first arg must be bytes or a tuple of bytes, not %s", fname,
                          x->type->name);
    return ph_bool(S, b_tail_match(SELF, x, start, end, dir));
}

METHOD(startswith) { return b_startswith_impl(S, args, nargs, kwnames, "startswith", -1); }
METHOD(endswith) { return b_startswith_impl(S, args, nargs, kwnames, "endswith", 1); }

static PhObject *b_case(PhState *S, PhObject *const *args, size_t nargs, PhObject *kwnames,
                        const char *fname, bool upper)
{
    PhObject *a[1];
    if (PARSE(ARGS_NOARGS, fname, NULL, 0, 0, a) < 0) return NULL;
    ssize_t n = BL_LEN(SELF);
    PhObject *r = res_alloc(S, SELF, (size_t)n);
    if (!r) return NULL;
    const char *p = BL_DATA(SELF);
    char *q = BL_DATA(r);
    for (ssize_t i = 0; i < n; i++) {
        char c = p[i];
        if (upper && c >= 'a' && c <= 'z') c = (char)(c - 32);
        else if (!upper && c >= 'A' && c <= 'Z') c = (char)(c + 32);
        q[i] = c;
    }
    return res_finish(S, r);
}

METHOD(upper) { return b_case(S, args, nargs, kwnames, "upper", true); }
METHOD(lower) { return b_case(S, args, nargs, kwnames, "lower", false); }

/* ---- more methods: ASCII-only case and class tests, padding, partitions ------------ */

static bool is_lower_byte(uint8_t c) { return c >= 'a' && c <= 'z'; }
static bool is_upper_byte(uint8_t c) { return c >= 'A' && c <= 'Z'; }
static bool is_alpha_byte(uint8_t c) { return is_lower_byte(c) || is_upper_byte(c); }
static bool is_digit_byte(uint8_t c) { return c >= '0' && c <= '9'; }
static bool is_alnum_byte(uint8_t c) { return is_alpha_byte(c) || is_digit_byte(c); }
static uint8_t to_upper_byte(uint8_t c) { return is_lower_byte(c) ? (uint8_t)(c - 32) : c; }
static uint8_t to_lower_byte(uint8_t c) { return is_upper_byte(c) ? (uint8_t)(c + 32) : c; }

/* A fresh object of self's kind from a mapped copy of self (mode: 'c'apitalize,
 * 't'itle, 's'wapcase). */
static PhObject *b_map_case(PhState *S, PhObject *const *args, size_t nargs, PhObject *kwnames,
                            const char *fname, int mode)
{
    PhObject *a[1];
    if (PARSE(ARGS_NOARGS, fname, NULL, 0, 0, a) < 0) return NULL;
    ssize_t n = BL_LEN(SELF);
    const uint8_t *p = (const uint8_t *)BL_DATA(SELF);
    PhObject *r = res_alloc(S, SELF, (size_t)n);
    if (!r) return NULL;
    uint8_t *q = (uint8_t *)BL_DATA(r);
    bool prev_cased = false;
    for (ssize_t i = 0; i < n; i++) {
        uint8_t c = p[i];
        switch (mode) {
        case 'c': q[i] = i == 0 ? to_upper_byte(c) : to_lower_byte(c); break;
        case 's': q[i] = is_upper_byte(c) ? to_lower_byte(c) : to_upper_byte(c); break;
        default:
            q[i] = prev_cased ? to_lower_byte(c) : to_upper_byte(c);
            prev_cased = is_alpha_byte(c);
            break;
        }
    }
    return res_finish(S, r);
}

METHOD(capitalize) { return b_map_case(S, args, nargs, kwnames, "capitalize", 'c'); }
METHOD(title) { return b_map_case(S, args, nargs, kwnames, "title", 't'); }
METHOD(swapcase) { return b_map_case(S, args, nargs, kwnames, "swapcase", 's'); }

static PhObject *b_all(PhState *S, PhObject *const *args, size_t nargs, PhObject *kwnames,
                       const char *fname, bool (*pred)(uint8_t))
{
    PhObject *a[1];
    if (PARSE(ARGS_NOARGS, fname, NULL, 0, 0, a) < 0) return NULL;
    ssize_t n = BL_LEN(SELF);
    const uint8_t *p = (const uint8_t *)BL_DATA(SELF);
    if (n == 0) return ph_bool(S, 0);
    for (ssize_t i = 0; i < n; i++)
        if (!pred(p[i])) return ph_bool(S, 0);
    return ph_bool(S, 1);
}

METHOD(isalnum) { return b_all(S, args, nargs, kwnames, "isalnum", is_alnum_byte); }
METHOD(isalpha) { return b_all(S, args, nargs, kwnames, "isalpha", is_alpha_byte); }
METHOD(isdigit) { return b_all(S, args, nargs, kwnames, "isdigit", is_digit_byte); }
METHOD(isspace) { return b_all(S, args, nargs, kwnames, "isspace", is_space_byte); }

METHOD(isascii)
{
    PhObject *a[1];
    if (PARSE(ARGS_NOARGS, "isascii", NULL, 0, 0, a) < 0) return NULL;
    for (ssize_t i = 0; i < BL_LEN(SELF); i++)
        if ((uint8_t)BL_DATA(SELF)[i] >= 128) return ph_bool(S, 0);
    return ph_bool(S, 1);
}

/* islower / isupper: some letter, none of the other case. */
static PhObject *b_case_pred(PhState *S, PhObject *const *args, size_t nargs, PhObject *kwnames,
                             const char *fname, bool lower)
{
    PhObject *a[1];
    if (PARSE(ARGS_NOARGS, fname, NULL, 0, 0, a) < 0) return NULL;
    bool cased = false;
    for (ssize_t i = 0; i < BL_LEN(SELF); i++) {
        uint8_t c = (uint8_t)BL_DATA(SELF)[i];
        if (lower ? is_upper_byte(c) : is_lower_byte(c)) return ph_bool(S, 0);
        if (lower ? is_lower_byte(c) : is_upper_byte(c)) cased = true;
    }
    return ph_bool(S, cased);
}

METHOD(islower) { return b_case_pred(S, args, nargs, kwnames, "islower", true); }
METHOD(isupper) { return b_case_pred(S, args, nargs, kwnames, "isupper", false); }

METHOD(istitle)
{
    PhObject *a[1];
    if (PARSE(ARGS_NOARGS, "istitle", NULL, 0, 0, a) < 0) return NULL;
    bool cased = false, prev = false;
    for (ssize_t i = 0; i < BL_LEN(SELF); i++) {
        uint8_t c = (uint8_t)BL_DATA(SELF)[i];
        if (is_upper_byte(c)) {
            if (prev) return ph_bool(S, 0);
            prev = cased = true;
        } else if (is_lower_byte(c)) {
            if (!prev) return ph_bool(S, 0);
            prev = cased = true;
        } else {
            prev = false;
        }
    }
    return ph_bool(S, cased);
}

/* self padded to left + n + right bytes with fill. */
static PhObject *b_pad(PhState *S, PhObject *self, ssize_t left, ssize_t right, char fill)
{
    ssize_t n = BL_LEN(self);
    if (left <= 0 && right <= 0) return res_self(S, self);
    PhObject *r = res_alloc(S, self, (size_t)(left + n + right));
    if (!r) return NULL;
    memset(BL_DATA(r), fill, (size_t)left);
    memcpy(BL_DATA(r) + left, BL_DATA(self), (size_t)n);
    memset(BL_DATA(r) + left + n, fill, (size_t)right);
    return r;
}

static PhObject *b_just(PhState *S, PhObject *const *args, size_t nargs, PhObject *kwnames,
                        const char *fname, int which)
{
    PhObject *a[2];
    if (PARSE(ARGS_RANGE, fname, NULL, 1, 2, a) < 0) return NULL;
    ssize_t width = text_as_index(S, a[0]);
    if (width == -1 && err_occurred(S)) return NULL;
    char fill = ' ';
    if (a[1]) {
        if (!bl_check(a[1]) || BL_LEN(a[1]) != 1)
            return err_format(S, &S->exc.TypeError,
                              "%s() argument 2 must be a byte string of length 1, not %s", fname,
                              a[1]->type->name);
        fill = BL_DATA(a[1])[0];
    }
    ssize_t marg = width - BL_LEN(SELF);
    if (marg <= 0) return res_self(S, SELF);
    if (which == 'l') return b_pad(S, SELF, 0, marg, fill);
    if (which == 'r') return b_pad(S, SELF, marg, 0, fill);
    ssize_t left = marg / 2 + (marg & width & 1);
    return b_pad(S, SELF, left, marg - left, fill);
}

METHOD(center) { return b_just(S, args, nargs, kwnames, "center", 'c'); }
METHOD(ljust) { return b_just(S, args, nargs, kwnames, "ljust", 'l'); }
METHOD(rjust) { return b_just(S, args, nargs, kwnames, "rjust", 'r'); }

METHOD(zfill)
{
    PhObject *a[1];
    if (PARSE(ARGS_ONE, "zfill", NULL, 1, 1, a) < 0) return NULL;
    ssize_t width = text_as_index(S, a[0]);
    if (width == -1 && err_occurred(S)) return NULL;
    ssize_t n = BL_LEN(SELF);
    if (width <= n) return res_self(S, SELF);
    PhObject *r = b_pad(S, SELF, width - n, 0, '0');
    if (!r) return NULL;
    char *d = BL_DATA(r);
    if (n && (d[width - n] == '+' || d[width - n] == '-')) {
        d[0] = d[width - n]; /* the sign moves in front of the zeros */
        d[width - n] = '0';
    }
    return r;
}

METHOD(expandtabs)
{
    static const char *const kwlist[] = {"tabsize", NULL};
    PhObject *a[1];
    if (PARSE(ARGS_KW, "expandtabs", kwlist, 0, 1, a) < 0) return NULL;
    ssize_t tabsize = 8;
    if (a[0]) {
        tabsize = text_as_index(S, a[0]);
        if (tabsize == -1 && err_occurred(S)) return NULL;
    }
    ByteBuf bb = {0};
    ssize_t col = 0;
    for (ssize_t i = 0; i < BL_LEN(SELF); i++) {
        char c = BL_DATA(SELF)[i];
        int rc;
        if (c == '\t') {
            ssize_t k = tabsize > 0 ? tabsize - col % tabsize : 0;
            rc = 0;
            for (ssize_t j = 0; j < k && rc == 0; j++) rc = bb_put(S, &bb, " ", 1);
            col += k;
        } else {
            rc = bb_put(S, &bb, &c, 1);
            col = c == '\n' || c == '\r' ? 0 : col + 1;
        }
        if (rc < 0) {
            heap_free(mem_of(S)->heap, bb.p);
            return NULL;
        }
    }
    PhObject *r = res_from(S, SELF, bb.p ? bb.p : "", bb.len);
    heap_free(mem_of(S)->heap, bb.p);
    return r;
}

static PhObject *b_partition_impl(PhState *S, PhObject *self, PhObject *sep, bool right)
{
    if (!need_bytes(S, sep)) return NULL;
    if (BL_LEN(sep) == 0) return err_format(S, &S->exc.ValueError, "empty separator");
    const char *p = BL_DATA(self);
    ssize_t n = BL_LEN(self), sn = BL_LEN(sep);
    ssize_t pos = text_find_bytes(p, n, BL_DATA(sep), sn, right ? -1 : 1);
    /* As stringlib: bytes hands back self (not found) and the separator
     * object itself; bytearray makes every part a new bytearray. */
    bool ba = !bytes_check(self);
    PhObject *parts[3];
    if (pos < 0) {
        if (ba) {
            parts[right ? 2 : 0] = res_self(S, self);
        } else {
            INCREF(self);
            parts[right ? 2 : 0] = self;
        }
        parts[1] = res_from(S, self, "", 0);
        parts[right ? 0 : 2] = res_from(S, self, "", 0);
    } else {
        parts[0] = res_from(S, self, p, (size_t)pos);
        if (ba) {
            parts[1] = res_from(S, self, BL_DATA(sep), (size_t)sn);
        } else {
            INCREF(sep);
            parts[1] = sep;
        }
        parts[2] = res_from(S, self, p + pos + sn, (size_t)(n - pos - sn));
    }
    PhObject *t = NULL;
    if (parts[0] && parts[1] && parts[2]) t = tuple_pack(S, 3, parts[0], parts[1], parts[2]);
    for (int i = 0; i < 3; i++) XDECREF(S, parts[i]);
    return t;
}

METHOD(partition)
{
    PhObject *a[1];
    if (PARSE(ARGS_ONE, "partition", NULL, 1, 1, a) < 0) return NULL;
    return b_partition_impl(S, SELF, a[0], false);
}

METHOD(rpartition)
{
    PhObject *a[1];
    if (PARSE(ARGS_ONE, "rpartition", NULL, 1, 1, a) < 0) return NULL;
    return b_partition_impl(S, SELF, a[0], true);
}

static PhObject *b_remove_affix(PhState *S, PhObject *const *args, size_t nargs,
                                PhObject *kwnames, const char *fname, bool prefix)
{
    PhObject *a[1];
    if (PARSE(ARGS_ONE, fname, NULL, 1, 1, a) < 0) return NULL;
    if (!need_bytes(S, a[0])) return NULL;
    ssize_t n = BL_LEN(SELF), k = BL_LEN(a[0]);
    const char *p = BL_DATA(SELF);
    if (k && k <= n && !memcmp(prefix ? p : p + n - k, BL_DATA(a[0]), (size_t)k))
        return res_from(S, SELF, prefix ? p + k : p, (size_t)(n - k));
    return res_self(S, SELF);
}

METHOD(removeprefix) { return b_remove_affix(S, args, nargs, kwnames, "removeprefix", true); }
METHOD(removesuffix) { return b_remove_affix(S, args, nargs, kwnames, "removesuffix", false); }

METHOD(rsplit)
{
    static const char *const kwlist[] = {"sep", "maxsplit", NULL};
    PhObject *a[2];
    if (PARSE(ARGS_KW, "rsplit", kwlist, 0, 2, a) < 0) return NULL;
    PhObject *sep = a[0] && a[0] != PH_NONE(S) ? a[0] : NULL;
    if (sep && !need_bytes(S, sep)) return NULL;
    if (sep && BL_LEN(sep) == 0) return err_format(S, &S->exc.ValueError, "empty separator");
    ssize_t maxsplit = -1;
    if (a[1]) {
        maxsplit = text_as_index(S, a[1]);
        if (maxsplit == -1 && err_occurred(S)) return NULL;
    }
    if (maxsplit < 0) maxsplit = PTRDIFF_MAX;
    PhObject *list = list_new(S, 0);
    if (!list) return NULL;
    const char *p = BL_DATA(SELF);
    ssize_t i = BL_LEN(SELF) - 1;
    if (!sep) {
        while (maxsplit-- > 0) {
            while (i >= 0 && is_space_byte((uint8_t)p[i])) i--;
            if (i < 0) break;
            ssize_t j = i--;
            while (i >= 0 && !is_space_byte((uint8_t)p[i])) i--;
            if (list_add_piece(S, list, SELF, p + i + 1, j - i, true) < 0) goto fail;
        }
        while (i >= 0 && is_space_byte((uint8_t)p[i])) i--;
        if (i >= 0 && list_add_piece(S, list, SELF, p, i + 1, false) < 0) goto fail;
    } else {
        ssize_t j = BL_LEN(SELF), n = BL_LEN(sep);
        while (maxsplit-- > 0) {
            ssize_t pos = text_find_bytes(p, j, BL_DATA(sep), n, -1);
            if (pos < 0) break;
            if (list_add_piece(S, list, SELF, p + pos + n, j - pos - n, false) < 0) goto fail;
            j = pos;
        }
        if (list_add_piece(S, list, SELF, p, j, true) < 0) goto fail;
    }
    /* collected right to left */
    PhObject **items = LIST_ITEMS(list);
    for (ssize_t x = 0, y = LIST_LEN(list) - 1; x < y; x++, y--) {
        PhObject *t = items[x];
        items[x] = items[y];
        items[y] = t;
    }
    return list;
fail:
    DECREF(S, list);
    return NULL;
}

METHOD(splitlines)
{
    static const char *const kwlist[] = {"keepends", NULL};
    PhObject *a[1];
    if (PARSE(ARGS_KW, "splitlines", kwlist, 0, 1, a) < 0) return NULL;
    bool keep = false;
    if (a[0]) {
        ssize_t v = text_as_index(S, a[0]);
        if (v == -1 && err_occurred(S)) return NULL;
        keep = v != 0;
    }
    PhObject *list = list_new(S, 0);
    if (!list) return NULL;
    const char *p = BL_DATA(SELF);
    ssize_t n = BL_LEN(SELF), i = 0;
    while (i < n) {
        ssize_t j = i;
        while (i < n && p[i] != '\n' && p[i] != '\r') i++;
        ssize_t eol = i;
        if (i < n) {
            i += p[i] == '\r' && i + 1 < n && p[i + 1] == '\n' ? 2 : 1;
            if (keep) eol = i;
        }
        if (list_add_piece(S, list, SELF, p + j, eol - j, true) < 0) {
            DECREF(S, list);
            return NULL;
        }
    }
    return list;
}

PhObject *bytes_m_maketrans(PhState *S, PhObject *callable, PhObject *const *args, size_t nargs,
                             PhObject *kwnames)
{
    /* a static method: no self */
    PhObject *a[2];
    if (text_parse_args(S, "bytes", "maketrans", ARGS_RANGE, args, nargs, kwnames, NULL, 2, 2, a) < 0)
        return NULL;
    if (!need_bytes(S, a[0]) || !need_bytes(S, a[1])) return NULL;
    if (BL_LEN(a[0]) != BL_LEN(a[1]))
        return err_format(S, &S->exc.ValueError, "maketrans arguments must have same length");
    PhObject *r = bytes_alloc(S, 256);
    if (!r) return NULL;
    for (int c = 0; c < 256; c++) BL_DATA(r)[c] = (char)c;
    for (ssize_t i = 0; i < BL_LEN(a[0]); i++)
        BL_DATA(r)[(uint8_t)BL_DATA(a[0])[i]] = BL_DATA(a[1])[i];
    return r;
}

METHOD(translate)
{
    static const char *const kwlist[] = {"", "delete", NULL};
    PhObject *a[2];
    if (nargs < 2) {
        return err_format(S, &S->exc.TypeError,
                          "translate() takes at least 1 positional argument (0 given)");
    }
    if (PARSE(ARGS_KW, "translate", kwlist, 1, 2, a) < 0) return NULL;
    PhObject *table = a[0] == PH_NONE(S) ? NULL : a[0];
    if (table && !need_bytes(S, table)) return NULL;
    if (table && BL_LEN(table) != 256)
        return err_format(S, &S->exc.ValueError, "translation table must be 256 characters long");
    if (a[1] && !need_bytes(S, a[1])) return NULL;
    bool del[256] = {false};
    if (a[1])
        for (ssize_t i = 0; i < BL_LEN(a[1]); i++) del[(uint8_t)BL_DATA(a[1])[i]] = true;
    ssize_t n = BL_LEN(SELF), k = 0;
    PhObject *r = res_alloc(S, SELF, (size_t)n);
    if (!r) return NULL;
    for (ssize_t i = 0; i < n; i++) {
        uint8_t c = (uint8_t)BL_DATA(SELF)[i];
        if (del[c]) continue;
        BL_DATA(r)[k++] = table ? BL_DATA(table)[c] : (char)c;
    }
    if (!bytes_check(SELF)) {
        /* bytearray: CPython allocates the input's length and shrinks to
         * the output's with the resize policy (a visible __alloc__). */
        if (bytearray_resize(S, r, k) < 0) {
            DECREF(S, r);
            return NULL;
        }
        return r;
    }
    if (k == n && !memcmp(BL_DATA(r), BL_DATA(SELF), (size_t)n)) {
        DECREF(S, r); /* nothing changed: an exact bytes returns itself */
        return res_self(S, SELF);
    }
    PhObject *out = bytes_from_data(S, BL_DATA(r), (size_t)k);
    DECREF(S, r);
    return out;
}

BYTES_ONLY_METHOD(bytes)
{
    PhObject *a[1];
    if (PARSE(ARGS_NOARGS, "__bytes__", NULL, 0, 0, a) < 0) return NULL;
    return res_self(S, SELF);
}

BYTES_ONLY_METHOD(sizeof)
{
    /* 3.11's bytes inherits object.__sizeof__ (whose formula this is), and
     * its errors name object */
    PhObject *a[1];
    if (text_parse_args(S, "object", "__sizeof__", ARGS_NOARGS, args + 1, nargs - 1, kwnames,
                        NULL, 0, 0, a) < 0)
        return NULL;
    return int_from_i64(S, (int64_t)bytes_sizeof(SELF));
}

BYTES_ONLY_METHOD(getnewargs)
{
    PhObject *a[1];
    if (PARSE(ARGS_NOARGS, "__getnewargs__", NULL, 0, 0, a) < 0) return NULL;
    PhObject *copy = bytes_from_data(S, BL_DATA(SELF), (size_t)BL_LEN(SELF));
    if (!copy) return NULL;
    PhObject *t = tuple_pack(S, 1, copy);
    DECREF(S, copy);
    return t;
}

const PhMethodDef bytes_methods[] = {
    {"__bytes__", bytes_m_bytes, METH_DEFAULT, "Convert this value to exact type bytes."},
    {"__getnewargs__", bytes_m_getnewargs, METH_DEFAULT, NULL},
    {"__sizeof__", bytes_m_sizeof, METH_DEFAULT, "Return the size of the bytes in memory, in bytes."},
    BYTES_SHARED_METHODS(BYTES_METHOD_ENTRY)
    {NULL, NULL, 0, NULL},
};

/* ---- bytes() ------------------------------------------------------------------------------------- */

/* bytes(iterable of ints). */
static PhObject *bytes_from_iterable(PhState *S, PhObject *o)
{
    PhObject *it = obj_iter(S, o);
    if (!it) {
        if (err_matches(S, (PhObject *)&S->exc.TypeError)) {
            err_clear(S);
            err_format(S, &S->exc.TypeError, "cannot convert '%s' object to bytes", o->type->name);
        }
        return NULL;
    }
    ByteBuf bb = {0};
    PhObject *item;
    while ((item = obj_iternext(S, it))) {
        int v = byte_in_range(S, item, "bytes must be in range(0, 256)");
        DECREF(S, item);
        if (v < 0) goto fail;
        uint8_t byte = (uint8_t)v;
        if (bb_put(S, &bb, &byte, 1) < 0) goto fail;
    }
    if (err_occurred(S)) goto fail;
    DECREF(S, it);
    PhObject *r = bytes_from_data(S, bb.p ? bb.p : "", bb.len);
    heap_free(mem_of(S)->heap, bb.p);
    return r;
fail:
    DECREF(S, it);
    heap_free(mem_of(S)->heap, bb.p);
    return NULL;
}

static PhObject *bytes_make(PhState *S, PhObject *x, PhObject *enc_o, PhObject *err_o)
{
    const char *v[2] = {NULL, NULL};
    PhObject *a[2] = {enc_o, err_o};
    static const char *const names[] = {"encoding", "errors"};
    for (int i = 0; i < 2; i++) { /* checked first, as by CPython's argument clinic */
        if (!a[i]) continue;
        if (!str_check(a[i]))
            return err_format(S, &S->exc.TypeError, "bytes() argument '%s' must be str, not %s",
                              names[i], a[i]->type->name);
        if (!(v[i] = str_as_utf8(S, a[i], NULL))) return NULL;
    }
    if (!x) {
        if (enc_o) return err_format(S, &S->exc.TypeError, "encoding without a string argument");
        if (err_o) return err_format(S, &S->exc.TypeError, "errors without a string argument");
        return bytes_from_data(S, "", 0);
    }
    if (enc_o || err_o) {
        if (!str_check(x)) {
            return err_format(S, &S->exc.TypeError,
                              enc_o ? "encoding without a string argument"
                                    : "errors without a string argument");
        }
        return str_encode(S, x, v[0], v[1]);
    }
    if (str_check(x)) return err_format(S, &S->exc.TypeError, "string argument without an encoding");
    if (bytes_check(x)) return bytes_self_or_copy(S, x);
    if (bytearray_check(x)) return bytes_from_data(S, BYTEARRAY_DATA(x), (size_t)BYTEARRAY_LEN(x));
    if (text_is_index(x)) {
        ssize_t n = num_as_ssize(S, x, false);
        if (n == -1 && err_occurred(S)) return NULL;
        if (n < 0) return err_format(S, &S->exc.ValueError, "negative count");
        PhObject *r = bytes_alloc(S, (size_t)n);
        if (r) memset(BYTES_DATA(r), 0, (size_t)n);
        if (r && n <= 1) {
            PhObject *single = bytes_from_data(S, BYTES_DATA(r), (size_t)n);
            DECREF(S, r);
            r = single;
        }
        return r;
    }
    return bytes_from_iterable(S, x);
}

static PhObject *bytes_new(PhState *S, PhType *t, PhObject *const *args, size_t nargs,
                           PhObject *kwnames)
{
    static const char *const kwlist[] = {"source", "encoding", "errors", NULL};
    PhObject *a[3];
    if (text_parse_args(S, "bytes", "bytes", ARGS_KW, args, nargs, kwnames, kwlist, 0, 3, a) < 0)
        return NULL;
    PhObject *r = bytes_make(S, a[0], a[1], a[2]);
    if (!r || t == &S->types.bytes) return r;
    PhObject *sub = bytes_alloc_quiet(S, t, (size_t)BYTES_LEN(r));
    if (!sub) {
        DECREF(S, r);
        return err_no_memory(S);
    }
    memcpy(BYTES_DATA(sub), BYTES_DATA(r), (size_t)BYTES_LEN(r));
    DECREF(S, r);
    if (type_is_gc(t)) gc_track(S, sub);
    return sub;
}

/* ---- the type -------------------------------------------------------------------------------------- */

static PhObject *bytes_mod(PhState *S, PhObject *a, PhObject *b)
{
    if (!bytes_check(a)) {
        INCREF(PH_NOTIMPL(S));
        return PH_NOTIMPL(S);
    }
    return format_bytes_percent(S, a, b);
}

static const PhNumberMethods bytes_as_number = {.mod = bytes_mod};

static const PhSequenceMethods bytes_as_sequence = {
    .len = bytes_len,
    .concat = bytes_concat,
    .repeat = bytes_repeat,
    .item = bytes_item,
    .contains = bytes_contains,
};

static const PhMappingMethods bytes_as_mapping = {
    .len = bytes_len,
    .subscript = bytes_subscript,
};

const PhType bytes_type_template = {
    .name = "bytes",
    .basicsize = BYTES_BASICSIZE,
    .itemsize = 1,
    .flags = TPFLAG_BASETYPE | TPFLAG_BYTES_SUBCLASS,
    .dealloc = bytes_dealloc,
    .repr = bytes_repr,
    .str = bytes_repr,
    .hash = bytes_hash,
    .richcompare = bytes_richcompare,
    .iter = bytes_iter,
    .new_ = bytes_new,
    .as_number = &bytes_as_number,
    .as_sequence = &bytes_as_sequence,
    .as_mapping = &bytes_as_mapping,
    .methods = bytes_methods,
};
