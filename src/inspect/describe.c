/* Short descriptions of objects for the views.
 *
 * Two rules: never allocate from the watched heap (an allocation would be
 * recorded, could start a collection, and would change what is shown) and
 * never run Python code (a __repr__ could do anything). So values are
 * written here from the objects' C layouts, for the builtin types; other
 * objects are shown by type. Large values are elided with "…".
 */
#include "inspect/recorder.h"

#include "objects/bytes.h"
#include "objects/code.h"
#include "objects/descr.h"
#include "objects/dict.h"
#include "objects/exceptions.h"
#include "objects/float.h"
#include "objects/func.h"
#include "objects/int.h"
#include "objects/list.h"
#include "objects/module.h"
#include "objects/set.h"
#include "objects/str.h"
#include "objects/tuple.h"
#include "objects/typeobject.h"

#include <stdlib.h>
#include <string.h>

/* A bounded writer: `width` counts characters (UTF-8 continuation bytes are
 * free), the buffer is never overrun, and `full` records an elision. */
typedef struct Out {
    char *buf;
    size_t cap, len;
    size_t width, chars;
    bool full;
} Out;

static void put_raw(Out *w, const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        bool cont = (c & 0xC0) == 0x80;
        if (!cont && (w->chars >= w->width || w->len + 5 >= w->cap)) {
            w->full = true;
            return;
        }
        if (w->len + 1 >= w->cap) {
            w->full = true;
            return;
        }
        w->buf[w->len++] = (char)c;
        if (!cont) w->chars++;
    }
}
static void put(Out *w, const char *s) { put_raw(w, s, strlen(s)); }

static size_t utf8_encode(uint32_t c, char *o)
{
    if (c < 0x80) {
        o[0] = (char)c;
        return 1;
    }
    if (c < 0x800) {
        o[0] = (char)(0xC0 | (c >> 6));
        o[1] = (char)(0x80 | (c & 0x3F));
        return 2;
    }
    if (c < 0x10000) {
        o[0] = (char)(0xE0 | (c >> 12));
        o[1] = (char)(0x80 | ((c >> 6) & 0x3F));
        o[2] = (char)(0x80 | (c & 0x3F));
        return 3;
    }
    o[0] = (char)(0xF0 | (c >> 18));
    o[1] = (char)(0x80 | ((c >> 12) & 0x3F));
    o[2] = (char)(0x80 | ((c >> 6) & 0x3F));
    o[3] = (char)(0x80 | (c & 0x3F));
    return 4;
}

size_t describe_str(PhObject *s, char *buf, size_t cap)
{
    size_t len = 0;
    ssize_t n = str_len(s);
    for (ssize_t i = 0; i < n; i++) {
        char tmp[4];
        size_t k = utf8_encode(str_char_at(s, i), tmp);
        if (len + k + 1 > cap) break;
        memcpy(buf + len, tmp, k);
        len += k;
    }
    if (cap) buf[len] = 0;
    return len;
}

const char *describe_type_name(PhState *S, PhObject *o)
{
    const char *n = o->type->name;
    if (!n) return "?";
    const char *dot = strrchr(n, '.'); /* builtins may be named "module.name" */
    return dot ? dot + 1 : n;
}

bool describe_is_small_int(PhState *S, PhObject *o)
{
    if (o->type != &S->types.int_ || int_ndigits(o) > 1) return false;
    int ov = 0;
    int64_t v = int_as_i64(o, &ov);
    return !ov && v >= INT_SMALL_MIN && v <= INT_SMALL_MAX && S->small_ints[v - INT_SMALL_MIN] == o;
}

bool describe_is_interned(PhState *S, PhObject *o)
{
    return o->type == &S->types.str && ((PhStr *)o)->state.interned != STR_NOT_INTERNED;
}

bool describe_has_freelist(PhState *S, PhObject *o)
{
    PhType *t = o->type;
    return t == &S->types.float_ || t == &S->types.tuple || t == &S->types.list ||
           t == &S->types.dict;
}

/* ---- instance attributes ----------------------------------------------------------- */

/* typeobject.c keeps an instance's attributes in an "inline values" block
 * until someone asks for __dict__ (CPython 3.11's managed dict). Its layout
 * is private: {uint8 capacity; uint8 n; uint8 order[capacity]} then, at the
 * next multiple of 8 bytes, one slot per shared key. It is read here
 * read-only and checked for plausibility; tests/unit/test_inspect.c
 * (pyheap_module_why_alive) breaks if the layout changes.
 * TODO(object-model engineer): an accessor in typeobject.h would let this go. */
static int inline_values(PhObject *o, const void *block, const PhSharedKeys *keys, AttrVisitor fn,
                         void *ctx)
{
    const uint8_t *hdr = block;
    unsigned capacity = hdr[0], n = hdr[1];
    if (capacity == 0 || capacity > TYPE_SHARED_KEYS_MAX || n > capacity) return 0;
    const uint8_t *order = hdr + 2;
    PhObject *const *slots = (PhObject *const *)(hdr + (((size_t)capacity + 2 + 7) & ~(size_t)7));
    for (unsigned i = 0; i < n; i++) {
        unsigned ix = order[i];
        if (ix >= capacity || ix >= (unsigned)keys->nkeys || !slots[ix]) continue;
        int rc = fn(ctx, keys->names[ix], slots[ix]);
        if (rc) return rc;
    }
    return 0;
}

int inst_attrs(PhState *S, PhObject *o, AttrVisitor fn, void *ctx)
{
    PhObject **dp = obj_dict_ptr(o);
    if (!dp) return 0;
    PhObject *d = *dp;
    if (d && (d->type == &S->types.dict || (d->type->flags & TPFLAG_DICT_SUBCLASS))) {
        ssize_t pos = 0;
        PhObject *k, *v;
        while (dict_next(d, &pos, &k, &v)) {
            int rc = fn(ctx, k, v);
            if (rc) return rc;
        }
        return 0;
    }
    if (d || !(o->type->flags & TPFLAG_MANAGED_DICT)) return 0;
    const void *block = ((void **)dp)[1]; /* the managed pre-header's second word */
    const PhSharedKeys *keys = NULL;
    for (PhType *t = o->type; t && !keys; t = t->base)
        if (type_is_heap(t)) keys = ((PhHeapType *)t)->keys;
    return block && keys ? inline_values(o, block, keys, fn, ctx) : 0;
}

/* ---- values ------------------------------------------------------------------------ */

static void value(PhState *S, Out *w, PhObject *o, int depth);

typedef struct AttrOut {
    PhState *S;
    Out *w;
    int depth, n;
} AttrOut;

static int attr_out(void *ctx, PhObject *name, PhObject *v)
{
    AttrOut *a = ctx;
    char nm[64];
    if (a->n++) put(a->w, ", ");
    if (a->w->full || a->w->chars + 4 > a->w->width) {
        a->w->full = false;
        a->w->width += 4;
        put(a->w, "…");
        a->w->full = true;
        return 1;
    }
    if (name->type->flags & TPFLAG_UNICODE_SUBCLASS) {
        describe_str(name, nm, sizeof nm);
        put(a->w, nm);
    }
    put(a->w, "=");
    value(a->S, a->w, v, a->depth + 1);
    return 0;
}

/* Decimal digits of a big int, by repeated division by 10^9 on a copy of
 * its 30-bit digits (system memory). */
static void put_bigint(Out *w, PhObject *o)
{
    ssize_t nd = int_ndigits(o);
    const int_digit *d = ((PhInt *)o)->digits;
    if (nd > 120) { /* ~1100 decimal digits: say how big instead */
        char tmp[64];
        double digits = (double)(nd * INT_SHIFT) * 0.30102999566398;
        snprintf(tmp, sizeof tmp, "%s<int of ~%.0f digits>", int_sign(o) < 0 ? "-" : "", digits);
        put(w, tmp);
        return;
    }
    uint32_t *a = malloc((size_t)nd * sizeof *a);
    uint32_t *chunks = malloc(((size_t)nd * 4 + 4) * sizeof *chunks);
    if (!a || !chunks) {
        free(a);
        free(chunks);
        put(w, "<int>");
        return;
    }
    memcpy(a, d, (size_t)nd * sizeof *a);
    size_t n = (size_t)nd, nc = 0;
    while (n > 0) {
        uint64_t rem = 0;
        for (size_t i = n; i-- > 0;) {
            uint64_t cur = (rem << INT_SHIFT) | a[i];
            a[i] = (uint32_t)(cur / 1000000000u);
            rem = cur % 1000000000u;
        }
        chunks[nc++] = (uint32_t)rem;
        while (n > 0 && a[n - 1] == 0) n--;
    }
    char *txt = malloc(nc * 9 + 2);
    if (txt) {
        size_t len = 0;
        if (int_sign(o) < 0) txt[len++] = '-';
        len += (size_t)sprintf(txt + len, "%u", chunks[nc - 1]);
        for (size_t i = nc - 1; i-- > 0;) len += (size_t)sprintf(txt + len, "%09u", chunks[i]);
        size_t ndig = len - (int_sign(o) < 0);
        if (len > w->width - w->chars && w->width > w->chars + 16) {
            char tail[40];
            size_t keep = w->width - w->chars - 14;
            put_raw(w, txt, keep);
            snprintf(tail, sizeof tail, "…(%zu digits)", ndig);
            put(w, tail);
        } else {
            put_raw(w, txt, len);
        }
        free(txt);
    }
    free(a);
    free(chunks);
}

static void put_int(Out *w, PhObject *o)
{
    int ov = 0;
    int64_t v = int_as_i64(o, &ov);
    if (!ov) {
        char tmp[32];
        snprintf(tmp, sizeof tmp, "%lld", (long long)v);
        put(w, tmp);
    } else {
        put_bigint(w, o);
    }
}

static void put_quoted_str(Out *w, PhObject *s)
{
    ssize_t n = str_len(s);
    bool has_sq = false, has_dq = false;
    for (ssize_t i = 0; i < n && i < 4096; i++) {
        uint32_t c = str_char_at(s, i);
        has_sq |= c == '\'';
        has_dq |= c == '"';
    }
    char q = has_sq && !has_dq ? '"' : '\'';
    put_raw(w, &q, 1);
    for (ssize_t i = 0; i < n && !w->full; i++) {
        uint32_t c = str_char_at(s, i);
        char tmp[12];
        size_t k;
        if (c == (uint32_t)q || c == '\\') {
            tmp[0] = '\\';
            tmp[1] = (char)c;
            k = 2;
        } else if (c == '\n') {
            memcpy(tmp, "\\n", k = 2);
        } else if (c == '\t') {
            memcpy(tmp, "\\t", k = 2);
        } else if (c == '\r') {
            memcpy(tmp, "\\r", k = 2);
        } else if (c < 0x20 || c == 0x7F || (c >= 0x80 && c < 0xA0)) {
            k = (size_t)snprintf(tmp, sizeof tmp, "\\x%02x", c);
        } else if (c >= 0xD800 && c < 0xE000) {
            k = (size_t)snprintf(tmp, sizeof tmp, "\\u%04x", c);
        } else {
            k = utf8_encode(c, tmp);
        }
        /* Keep room for the closing quote and the ellipsis. */
        if (w->chars + 3 > w->width) {
            w->full = true;
            break;
        }
        put_raw(w, tmp, k);
    }
    if (w->full) {
        w->full = false;
        w->width += 2;
        put(w, "…");
        w->full = true;
    }
    bool was = w->full;
    w->full = false;
    w->width += 1;
    put_raw(w, &q, 1);
    w->full = was;
}

static void put_bytes(Out *w, PhObject *b)
{
    ssize_t n = BYTES_LEN(b);
    const unsigned char *d = (const unsigned char *)BYTES_DATA(b);
    put(w, "b'");
    for (ssize_t i = 0; i < n && !w->full; i++) {
        char tmp[8];
        unsigned c = d[i];
        if (c == '\'' || c == '\\')
            snprintf(tmp, sizeof tmp, "\\%c", c);
        else if (c == '\n')
            strcpy(tmp, "\\n");
        else if (c == '\t')
            strcpy(tmp, "\\t");
        else if (c == '\r')
            strcpy(tmp, "\\r");
        else if (c < 0x20 || c >= 0x7F)
            snprintf(tmp, sizeof tmp, "\\x%02x", c);
        else
            snprintf(tmp, sizeof tmp, "%c", c);
        if (w->chars + 3 > w->width) {
            w->full = true;
            break;
        }
        put(w, tmp);
    }
    if (w->full) {
        w->full = false;
        w->width += 3;
        put(w, "…'");
        w->full = true;
        return;
    }
    put(w, "'");
}

/* Items of a sequence or set: "a, b, c" with an elision that says how many
 * were left out. */
static void put_items(PhState *S, Out *w, PhObject *const *items, ssize_t n, int depth)
{
    for (ssize_t i = 0; i < n; i++) {
        if (i) put(w, ", ");
        if (w->full || w->chars + 4 > w->width) {
            char tmp[32];
            snprintf(tmp, sizeof tmp, "…+%zd", n - i);
            w->full = false;
            w->width += 8;
            put(w, tmp);
            w->full = true;
            return;
        }
        value(S, w, items[i], depth + 1);
    }
}

static void put_dict(PhState *S, Out *w, PhObject *d, int depth)
{
    ssize_t pos = 0, i = 0, n = dict_len(d);
    PhObject *k, *v;
    put(w, "{");
    while (dict_next(d, &pos, &k, &v)) {
        if (i) put(w, ", ");
        if (w->full || w->chars + 6 > w->width) {
            char tmp[32];
            snprintf(tmp, sizeof tmp, "…+%zd", n - i);
            w->full = false;
            w->width += 9;
            put(w, tmp);
            put(w, "}");
            w->full = true;
            return;
        }
        value(S, w, k, depth + 1);
        put(w, ": ");
        value(S, w, v, depth + 1);
        i++;
    }
    put(w, "}");
}

static void put_set(PhState *S, Out *w, PhObject *o, int depth)
{
    bool frozen = o->type == &S->types.frozenset;
    ssize_t n = set_len(o);
    if (n == 0) {
        put(w, frozen ? "frozenset()" : "set()");
        return;
    }
    if (frozen) put(w, "frozenset(");
    put(w, "{");
    ssize_t pos = 0, i = 0;
    PhObject *k;
    while (set_next(o, &pos, &k)) {
        if (i) put(w, ", ");
        if (w->full || w->chars + 4 > w->width) {
            char tmp[32];
            snprintf(tmp, sizeof tmp, "…+%zd", n - i);
            w->full = false;
            w->width += 10;
            put(w, tmp);
            put(w, frozen ? "})" : "}");
            w->full = true;
            return;
        }
        value(S, w, k, depth + 1);
        i++;
    }
    put(w, frozen ? "})" : "}");
}

static void put_str_obj(Out *w, PhObject *s)
{
    char tmp[128];
    if (!s || !(s->type->flags & TPFLAG_UNICODE_SUBCLASS)) {
        put(w, "?");
        return;
    }
    put_raw(w, tmp, describe_str(s, tmp, sizeof tmp));
}

static void value(PhState *S, Out *w, PhObject *o, int depth)
{
    PhType *t = o->type;
    if (w->full) return;
    if (o == PH_NONE(S)) {
        put(w, "None");
    } else if (t == &S->types.bool_) {
        put(w, o == PH_TRUE(S) ? "True" : "False");
    } else if (o == PH_NOTIMPL(S)) {
        put(w, "NotImplemented");
    } else if (o == PH_ELLIPSIS(S)) {
        put(w, "Ellipsis");
    } else if (int_check(o)) {
        put_int(w, o);
    } else if (t == &S->types.float_) {
        char tmp[40];
        float_repr_buf(float_value(o), tmp);
        put(w, tmp);
    } else if (t->flags & TPFLAG_UNICODE_SUBCLASS) {
        put_quoted_str(w, o);
    } else if (t->flags & TPFLAG_BYTES_SUBCLASS) {
        put_bytes(w, o);
    } else if (t == &S->types.list || (t->flags & TPFLAG_LIST_SUBCLASS)) {
        if (depth >= 2 && LIST_LEN(o)) {
            put(w, "[…]");
            return;
        }
        put(w, "[");
        put_items(S, w, LIST_ITEMS(o), LIST_LEN(o), depth);
        if (!w->full) put(w, "]");
    } else if (t == &S->types.tuple || (t->flags & TPFLAG_TUPLE_SUBCLASS)) {
        if (depth >= 2 && TUPLE_LEN(o)) {
            put(w, "(…)");
            return;
        }
        put(w, "(");
        put_items(S, w, TUPLE_ITEMS(o), TUPLE_LEN(o), depth);
        if (!w->full) put(w, TUPLE_LEN(o) == 1 ? ",)" : ")");
    } else if (t == &S->types.dict || (t->flags & TPFLAG_DICT_SUBCLASS)) {
        if (depth >= 2 && dict_len(o)) {
            put(w, "{…}");
            return;
        }
        put_dict(S, w, o, depth);
    } else if (t == &S->types.set || t == &S->types.frozenset) {
        if (depth >= 2 && set_len(o)) {
            put(w, "{…}");
            return;
        }
        put_set(S, w, o, depth);
    } else if (t == &S->types.function) {
        put(w, "function ");
        put_str_obj(w, ((PhFunction *)o)->qualname);
    } else if (t == &S->types.builtin_func) {
        const PhBuiltinFunc *f = (const PhBuiltinFunc *)o;
        put(w, f->is_method ? "built-in method " : "built-in function ");
        put(w, f->def && f->def->name ? f->def->name : "?");
    } else if (t == &S->types.method) {
        put(w, "bound method ");
        PhObject *fn = ((PhMethod *)o)->func;
        if (fn && fn->type == &S->types.function) put_str_obj(w, ((PhFunction *)fn)->qualname);
    } else if (t == &S->types.code) {
        put(w, "code ");
        put_str_obj(w, ((PhCode *)o)->qualname ? ((PhCode *)o)->qualname : ((PhCode *)o)->name);
    } else if (t == &S->types.module) {
        put(w, "module ");
        put_str_obj(w, ((PhModule *)o)->name);
    } else if (t->flags & TPFLAG_TYPE_SUBCLASS) {
        put(w, "class ");
        put(w, ((PhType *)o)->name ? ((PhType *)o)->name : "?");
    } else if (t == &S->types.cell) {
        put(w, "cell");
    } else if (t->flags & TPFLAG_BASE_EXC_SUBCLASS) {
        put(w, t->name);
        PhObject *args = ((PhBaseException *)o)->args;
        if (args && TUPLE_LEN(args) == 1 && depth < 2) {
            put(w, "(");
            value(S, w, TUPLE_GET(args, 0), depth + 1);
            if (!w->full) put(w, ")");
        } else {
            put(w, "()");
        }
    } else if (t->flags & TPFLAG_HEAPTYPE) {
        /* An instance: its class and attributes, Point(x=1, y=2). */
        put(w, t->name);
        if (!obj_dict_ptr(o)) {
            put(w, " object");
            return;
        }
        if (depth >= 2) {
            put(w, "(…)");
            return;
        }
        put(w, "(");
        AttrOut a = {S, w, depth, 0};
        inst_attrs(S, o, attr_out, &a);
        bool was = w->full;
        w->full = false;
        w->width += 1;
        put(w, ")");
        w->full = was;
    } else {
        put(w, "<");
        put(w, describe_type_name(S, o));
        put(w, ">");
    }
}

size_t describe_value(PhState *S, PhObject *o, char *buf, size_t cap, size_t width)
{
    Out w = {.buf = buf, .cap = cap, .width = width};
    value(S, &w, o, 0);
    if (w.full && w.len + 4 < cap) {
        /* Say that something was cut, unless a quote or bracket already did. */
        const char *end = w.len >= 3 ? buf + w.len - 3 : NULL;
        bool said = false;
        for (size_t i = w.len >= 12 ? w.len - 12 : 0; i + 2 < w.len; i++)
            if (memcmp(buf + i, "…", 3) == 0) said = true;
        (void)end;
        if (!said) {
            memcpy(buf + w.len, "…", 3);
            w.len += 3;
        }
    }
    buf[w.len] = 0;
    return w.len;
}
