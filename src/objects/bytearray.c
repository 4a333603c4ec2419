/* bytearray: mutable byte strings with CPython 3.11's layout, growth policy
 * and messages, and their iterator.
 *
 * The methods bytearray shares with bytes (find, split, upper, decode, ...)
 * are bytes.c's, run on a view of the receiver (bytes_impl.h); this file has
 * the storage, the mutations and the slots.
 *
 * Memory: the object itself (56 B, no GC header) plus one heap buffer of
 * `alloc` bytes. bytearray_resize is CPython's PyByteArray_Resize policy;
 * because sys.getsizeof reports 56 + alloc, every operation grows or shrinks
 * the buffer through the same steps CPython takes, never by a shortcut.
 *
 * Buffer exports: CPython counts views of the buffer (ob_exports) and refuses
 * to resize while one exists. pyheap has no memoryview, but the one place
 * where CPython's own code holds a view of a bytearray across a resize is
 * `b += b` (a BufferError in 3.11), and that is reproduced with the same
 * counter.
 */
#include "bytearray.h"

#include "abstract.h"
#include "bytes_impl.h"
#include "dict.h"
#include "format.h"
#include "int.h"
#include "list.h"
#include "slice.h"
#include "str_impl.h"
#include "tuple.h"
#include "typeobject.h"
#include "vm/errors.h"
#include "vm/state.h"

#include <string.h>

#define BA(o) ((PhByteArray *)(o))

static Heap *heap_of(PhState *S) { return mem_of(S)->heap; }

static void bytearray_dealloc(PhState *S, PhObject *o);

bool bytearray_check(const PhObject *o)
{
    /* Heap subclasses keep a builtin base's dealloc only through their
     * chain of bases; the first static type on it tells. */
    const PhType *t = o->type;
    while (t && (t->flags & TPFLAG_HEAPTYPE)) t = t->base;
    return t && t->dealloc == bytearray_dealloc;
}

/* ---- storage ------------------------------------------------------------------------- */

/* An empty instance of t (bytearray or a subclass): owns no buffer. */
static PhObject *bytearray_alloc_empty(PhState *S, PhType *t)
{
    PhObject *o = obj_alloc(S, t, (size_t)t->basicsize);
    if (!o) return err_no_memory(S);
    memset((char *)o + sizeof(PhObject), 0, (size_t)t->basicsize - sizeof(PhObject));
    return o;
}

PhObject *bytearray_from_data(PhState *S, const char *p, size_t n)
{
    if (n > (size_t)PTRDIFF_MAX - 1) return err_no_memory(S);
    PhObject *o = bytearray_alloc_empty(S, &S->types.bytearray);
    if (!o || n == 0) return o;
    PhByteArray *b = BA(o);
    b->bytes = heap_alloc(heap_of(S), n + 1);
    if (!b->bytes) {
        DECREF(S, o);
        return err_no_memory(S);
    }
    if (p) memcpy(b->bytes, p, n);
    b->bytes[n] = 0;
    b->start = b->bytes;
    b->alloc = (ssize_t)n + 1;
    b->ob.size = (ssize_t)n;
    return o;
}

static int can_resize(PhState *S, PhByteArray *b)
{
    if (b->exports > 0) {
        err_format(S, &S->exc.BufferError, "Existing exports of data: object cannot be re-sized");
        return 0;
    }
    return 1;
}

int bytearray_resize(PhState *S, PhObject *o, ssize_t requested)
{
    PhByteArray *b = BA(o);
    size_t alloc = (size_t)b->alloc;
    size_t offset = b->bytes ? (size_t)(b->start - b->bytes) : 0;
    size_t size = (size_t)requested;

    if (requested == b->ob.size) return 0;
    if (!can_resize(S, b)) return -1;
    if (size + offset + 1 <= alloc) {
        if (size >= alloc / 2) {
            /* minor shrink: keep the buffer */
            b->ob.size = requested;
            b->start[size] = 0;
            return 0;
        }
        alloc = size + 1; /* major shrink: down to the exact size */
    } else if ((double)size <= (double)alloc * 1.125) {
        alloc = size + (size >> 3) + (size < 9 ? 3 : 6); /* moderate growth: over-allocate */
    } else {
        alloc = size + 1; /* a big jump: exactly what is asked */
    }
    if (alloc > (size_t)PTRDIFF_MAX) {
        err_no_memory(S);
        return -1;
    }
    char *buf;
    if (offset > 0) {
        /* The data does not start the buffer: move it to a fresh one. */
        buf = heap_alloc(heap_of(S), alloc);
        if (!buf) {
            err_no_memory(S);
            return -1;
        }
        size_t keep = size < (size_t)b->ob.size ? size : (size_t)b->ob.size;
        memcpy(buf, b->start, keep);
        heap_free(heap_of(S), b->bytes);
    } else {
        buf = heap_realloc(heap_of(S), b->bytes, alloc);
        if (!buf) {
            err_no_memory(S);
            return -1;
        }
    }
    b->bytes = b->start = buf;
    b->alloc = (ssize_t)alloc;
    b->ob.size = requested;
    buf[size] = 0;
    return 0;
}

static void bytearray_dealloc(PhState *S, PhObject *o)
{
    heap_free(heap_of(S), BA(o)->bytes);
    obj_free(S, o);
}

/* ---- slice assignment: CPython's bytearray_setslice_linear ------------------------------ */

/* Replaces self[lo:hi] by p[0..n) (0 <= lo <= hi <= len; p may not point into
 * self). Deleting from the front only advances `start`. */
static int setslice_linear(PhState *S, PhObject *self, ssize_t lo, ssize_t hi, const char *p,
                           ssize_t n)
{
    PhByteArray *b = BA(self);
    ssize_t growth = n - (hi - lo);
    char *buf = BYTEARRAY_DATA(self);
    int res = 0;
    if (growth < 0) {
        if (!can_resize(S, b)) return -1;
        if (lo == 0) {
            b->start -= growth; /* shrink by moving the logical start */
        } else {
            memmove(buf + lo + n, buf + hi, (size_t)(b->ob.size - hi));
        }
        if (bytearray_resize(S, self, b->ob.size + growth) < 0) {
            /* As CPython: a front deletion is undone; a memmove cannot be,
             * so the operation stands and MemoryError is still raised. */
            if (lo == 0) {
                b->start += growth;
                return -1;
            }
            b->ob.size += growth;
            res = -1;
        }
        buf = BYTEARRAY_DATA(self);
    } else if (growth > 0) {
        if (b->ob.size > PTRDIFF_MAX - 1 - growth) {
            err_no_memory(S);
            return -1;
        }
        if (bytearray_resize(S, self, b->ob.size + growth) < 0) return -1;
        buf = BYTEARRAY_DATA(self);
        memmove(buf + lo + n, buf + hi, (size_t)(b->ob.size - lo - n));
    }
    if (n > 0) memcpy(buf + lo, p, (size_t)n);
    return res;
}

/* self[lo:hi] = values for bytes-like values (a copy is made when values is
 * self), or deletion when values is NULL. lo/hi are clamped. */
static int setslice(PhState *S, PhObject *self, ssize_t lo, ssize_t hi, PhObject *values)
{
    if (values == self) {
        PhObject *copy = bytearray_from_data(S, BYTEARRAY_DATA(self), (size_t)BYTEARRAY_LEN(self));
        if (!copy) return -1;
        int rc = setslice(S, self, lo, hi, copy);
        DECREF(S, copy);
        return rc;
    }
    const char *p = NULL;
    ssize_t n = 0;
    if (values) bytes_like_view(values, &p, &n);
    ssize_t len = BYTEARRAY_LEN(self);
    if (lo < 0) lo = 0;
    if (hi < lo) hi = lo;
    if (hi > len) hi = len;
    return setslice_linear(S, self, lo, hi, p, n);
}

/* ---- construction: bytearray(source=..., encoding=..., errors=...) ------------------------ */

static PhObject *bytearray_new(PhState *S, PhType *t, PhObject *const *args, size_t nargs,
                               PhObject *kwnames)
{
    /* CPython's generic new: the work is __init__'s, which may run again. */
    return bytearray_alloc_empty(S, t);
}

/* Appends one byte, growing by the resize policy. */
static int append_byte(PhState *S, PhObject *self, int value)
{
    ssize_t n = BYTEARRAY_LEN(self);
    if (bytearray_resize(S, self, n + 1) < 0) return -1;
    BYTEARRAY_DATA(self)[n] = (char)value;
    return 0;
}

/* Fills an empty self from an iterable of ints, one append at a time. */
static int init_from_iterable(PhState *S, PhObject *self, PhObject *src)
{
    PhObject *it = obj_iter(S, src);
    if (!it) {
        if (err_matches(S, (PhObject *)&S->exc.TypeError)) {
            err_clear(S);
            err_format(S, &S->exc.TypeError, "cannot convert '%s' object to bytearray",
                       src->type->name);
        }
        return -1;
    }
    PhObject *item;
    while ((item = obj_iternext(S, it))) {
        int v = bytes_byte_value(S, item);
        DECREF(S, item);
        if (v < 0 || append_byte(S, self, v) < 0) {
            DECREF(S, it);
            return -1;
        }
    }
    DECREF(S, it);
    return err_occurred(S) ? -1 : 0;
}

/* A list or tuple whose items are all exact ints: sized once. Returns 1 when
 * done, 0 when an item is not an exact int (self left empty: the caller
 * takes the iterator path), -1 on error. */
static int init_from_sequence(PhState *S, PhObject *self, PhObject *seq)
{
    bool is_list = seq->type == &S->types.list;
    ssize_t n = is_list ? LIST_LEN(seq) : TUPLE_LEN(seq);
    if (bytearray_resize(S, self, n) < 0) return -1;
    for (ssize_t i = 0; i < n; i++) {
        PhObject *item = is_list ? LIST_GET(seq, i) : TUPLE_GET(seq, i);
        if (item->type != &S->types.int_) return bytearray_resize(S, self, 0) < 0 ? -1 : 0;
        int v = bytes_byte_value(S, item);
        if (v < 0) return -1;
        BYTEARRAY_DATA(self)[i] = (char)v;
    }
    return 1;
}

static int init_from_count(PhState *S, PhObject *self, PhObject *arg)
{
    ssize_t count = num_as_ssize(S, arg, false);
    if (count == -1 && err_occurred(S)) return -1;
    if (count < 0) {
        err_format(S, &S->exc.ValueError, "negative count");
        return -1;
    }
    if (count > 0) {
        if (bytearray_resize(S, self, count) < 0) return -1;
        memset(BYTEARRAY_DATA(self), 0, (size_t)count);
    }
    return 0;
}

/* The encoding and errors arguments as C strings (NULL when not given);
 * TypeError when one is not a str, checked before anything else as
 * CPython's argument clinic does. */
static int codec_args(PhState *S, PhObject *const in[2], const char *out[2])
{
    static const char *const names[] = {"encoding", "errors"};
    for (int i = 0; i < 2; i++) {
        out[i] = NULL;
        if (!in[i]) continue;
        if (!str_check(in[i])) {
            err_format(S, &S->exc.TypeError, "bytearray() argument '%s' must be str, not %s",
                       names[i], in[i]->type->name);
            return -1;
        }
        if (!(out[i] = str_as_utf8(S, in[i], NULL))) return -1;
    }
    return 0;
}

static int init_from_str(PhState *S, PhObject *self, PhObject *s, const char *enc,
                         const char *errors)
{
    if (!enc) {
        err_format(S, &S->exc.TypeError, "string argument without an encoding");
        return -1;
    }
    PhObject *encoded = str_encode(S, s, enc, errors);
    if (!encoded) return -1;
    int rc = setslice(S, self, BYTEARRAY_LEN(self), BYTEARRAY_LEN(self), encoded);
    DECREF(S, encoded);
    return rc;
}

static int bytearray_init(PhState *S, PhObject *self, PhObject *const *args, size_t nargs,
                          PhObject *kwnames)
{
    static const char *const kwlist[] = {"source", "encoding", "errors", NULL};
    PhObject *a[3];
    if (text_parse_args(S, "bytearray", "bytearray", ARGS_KW, args, nargs, kwnames, kwlist, 0, 3,
                        a) < 0)
        return -1;
    PhObject *src = a[0];
    const char *codec[2];
    if (codec_args(S, a + 1, codec) < 0) return -1;
    /* Empty the previous contents first, as CPython does. */
    if (BYTEARRAY_LEN(self) != 0 && bytearray_resize(S, self, 0) < 0) return -1;
    if (src && str_check(src)) return init_from_str(S, self, src, codec[0], codec[1]);
    if (a[1] || a[2]) {
        err_format(S, &S->exc.TypeError, a[1] ? "encoding without a string argument"
                                             : "errors without a string argument");
        return -1;
    }
    if (!src) return 0;
    if (text_is_index(src)) return init_from_count(S, self, src);
    if (bl_check(src)) {
        BA(self)->exports += src == self; /* a view of self is held meanwhile */
        int rc = setslice(S, self, 0, 0, src);
        BA(self)->exports -= src == self;
        return rc;
    }
    if (src->type == &S->types.list || src->type == &S->types.tuple) {
        int rc = init_from_sequence(S, self, src);
        if (rc != 0) return rc < 0 ? -1 : 0;
    }
    return init_from_iterable(S, self, src);
}

/* ---- slots ------------------------------------------------------------------------------ */

static PhObject *bytearray_repr(PhState *S, PhObject *o)
{
    PhObject *inner = bytes_repr_data(S, BYTEARRAY_DATA(o), BYTEARRAY_LEN(o), true);
    if (!inner) return NULL;
    const char *name = o->type->name, *dot = strrchr(name, '.');
    PhObject *r = str_from_format(S, "%s(%U)", dot ? dot + 1 : name, inner);
    DECREF(S, inner);
    return r;
}

/* Compares with any bytes-like object; NotImplemented for the rest (so
 * bytearray(b'a') == 'a' is False and < raises). */
static PhObject *bytearray_richcompare(PhState *S, PhObject *a, PhObject *b, int op)
{
    const char *pa, *pb;
    ssize_t na, nb;
    if (!bytes_like_view(a, &pa, &na) || !bytes_like_view(b, &pb, &nb)) {
        INCREF(PH_NOTIMPL(S));
        return PH_NOTIMPL(S);
    }
    if (na != nb && (op == CMP_EQ || op == CMP_NE)) return ph_bool(S, op == CMP_NE);
    int c = memcmp(pa, pb, (size_t)(na < nb ? na : nb));
    if (c == 0) c = na < nb ? -1 : na > nb;
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

static ssize_t bytearray_length(PhState *S, PhObject *o) { return BYTEARRAY_LEN(o); }

static PhObject *bytearray_concat(PhState *S, PhObject *a, PhObject *b)
{
    const char *pa, *pb;
    ssize_t na, nb;
    if (!bytes_like_view(a, &pa, &na) || !bytes_like_view(b, &pb, &nb))
        return err_format(S, &S->exc.TypeError, "can't concat %s to %s", b->type->name,
                          a->type->name);
    if (na > PTRDIFF_MAX - 1 - nb) return err_no_memory(S);
    PhObject *r = bytearray_from_data(S, NULL, (size_t)(na + nb));
    if (r && na + nb > 0) {
        memcpy(BYTEARRAY_DATA(r), pa, (size_t)na);
        memcpy(BYTEARRAY_DATA(r) + na, pb, (size_t)nb);
    }
    return r;
}

static PhObject *bytearray_inplace_concat(PhState *S, PhObject *self, PhObject *other)
{
    const char *p;
    ssize_t n;
    if (!bytes_like_view(other, &p, &n))
        return err_format(S, &S->exc.TypeError, "can't concat %s to %s", other->type->name,
                          self->type->name);
    ssize_t size = BYTEARRAY_LEN(self);
    if (size > PTRDIFF_MAX - 1 - n) return err_no_memory(S);
    /* CPython holds a buffer view of `other` meanwhile: for b += b that
     * view pins b itself, and the resize fails with BufferError. */
    BA(self)->exports += other == self;
    int rc = bytearray_resize(S, self, size + n);
    BA(self)->exports -= other == self;
    if (rc < 0) return NULL;
    if (n > 0) memcpy(BYTEARRAY_DATA(self) + size, p, (size_t)n);
    INCREF(self);
    return self;
}

/* Writes `count` copies of the first `len` bytes of buf (len * count bytes
 * in all), the first copy already in place. */
static void repeat_fill(char *buf, ssize_t len, ssize_t count)
{
    if (len == 1) {
        memset(buf, buf[0], (size_t)count);
        return;
    }
    for (ssize_t i = 1; i < count; i++) memcpy(buf + i * len, buf, (size_t)len);
}

static PhObject *bytearray_repeat(PhState *S, PhObject *self, ssize_t count)
{
    if (count < 0) count = 0;
    ssize_t len = BYTEARRAY_LEN(self);
    if (count > 0 && len > (PTRDIFF_MAX - 1) / count) return err_no_memory(S);
    PhObject *r = bytearray_from_data(S, NULL, (size_t)(len * count));
    if (r && len * count > 0) {
        memcpy(BYTEARRAY_DATA(r), BYTEARRAY_DATA(self), (size_t)len);
        repeat_fill(BYTEARRAY_DATA(r), len, count);
    }
    return r;
}

static PhObject *bytearray_inplace_repeat(PhState *S, PhObject *self, ssize_t count)
{
    if (count < 0) count = 0;
    ssize_t len = BYTEARRAY_LEN(self);
    if (count > 0 && len > (PTRDIFF_MAX - 1) / count) return err_no_memory(S);
    if (bytearray_resize(S, self, len * count) < 0) return NULL;
    if (len * count > 0) repeat_fill(BYTEARRAY_DATA(self), len, count);
    INCREF(self);
    return self;
}

static PhObject *bytearray_item(PhState *S, PhObject *o, ssize_t i)
{
    if (i < 0 || i >= BYTEARRAY_LEN(o))
        return err_format(S, &S->exc.IndexError, "bytearray index out of range");
    return int_from_i64(S, (uint8_t)BYTEARRAY_DATA(o)[i]);
}

static int bytearray_contains(PhState *S, PhObject *o, PhObject *v)
{
    return bytes_contains_data(S, BYTEARRAY_DATA(o), BYTEARRAY_LEN(o), v);
}

/* An integer subscript as PyNumber_AsSsize_t(key, IndexError). */
static ssize_t index_of(PhState *S, PhObject *key)
{
    ssize_t i = num_as_ssize(S, key, false);
    if (i == -1 && err_occurred(S) && err_matches(S, (PhObject *)&S->exc.OverflowError)) {
        err_clear(S);
        err_format(S, &S->exc.IndexError, "cannot fit '%s' into an index-sized integer",
                   key->type->name);
    }
    return i;
}

static PhObject *bytearray_subscript(PhState *S, PhObject *o, PhObject *key)
{
    if (text_is_index(key)) {
        ssize_t i = index_of(S, key);
        if (i == -1 && err_occurred(S)) return NULL;
        if (i < 0) i += BYTEARRAY_LEN(o);
        return bytearray_item(S, o, i);
    }
    if (key->type == &S->types.slice) {
        ssize_t start, stop, step, n;
        if (slice_unpack_indices(S, key, BYTEARRAY_LEN(o), &start, &stop, &step, &n) < 0)
            return NULL;
        if (n <= 0) return bytearray_from_data(S, NULL, 0);
        if (step == 1) return bytearray_from_data(S, BYTEARRAY_DATA(o) + start, (size_t)n);
        PhObject *r = bytearray_from_data(S, NULL, (size_t)n);
        if (!r) return NULL;
        const char *src = BYTEARRAY_DATA(o);
        char *dst = BYTEARRAY_DATA(r);
        for (ssize_t i = 0, j = start; i < n; i++, j += step) dst[i] = src[j];
        return r;
    }
    return err_format(S, &S->exc.TypeError, "bytearray indices must be integers or slices, not %s",
                      key->type->name);
}

/* del self[start:stop:step] for step != 1 (slicelen items), compacting in
 * one pass as CPython. */
static int delete_extended(PhState *S, PhObject *self, ssize_t start, ssize_t step,
                           ssize_t slicelen)
{
    if (!can_resize(S, BA(self))) return -1;
    if (slicelen <= 0) return 0;
    if (step < 0) { /* walk it forwards */
        start = start + step * (slicelen - 1);
        step = -step;
    }
    char *buf = BYTEARRAY_DATA(self);
    ssize_t len = BYTEARRAY_LEN(self), cur = start, i;
    for (i = 0; i < slicelen; cur += step, i++) {
        ssize_t lim = step - 1; /* bytes kept between two deleted ones */
        if (cur + step >= len) lim = len - cur - 1;
        memmove(buf + cur - i, buf + cur + 1, (size_t)lim);
    }
    cur = start + slicelen * step;
    if (cur < len) memmove(buf + cur - slicelen, buf + cur, (size_t)(len - cur));
    return bytearray_resize(S, self, len - slicelen);
}

/* PyNumber_Check: what cannot be a slice's source even though it may be
 * iterable-looking. */
static bool is_number(PhState *S, PhObject *o)
{
    const PhNumberMethods *nm = o->type->as_number;
    return (nm && (nm->index || nm->int_ || nm->float_)) ||
           obj_type_check(o, &S->types.complex);
}

static int ass_slice(PhState *S, PhObject *self, PhObject *key, PhObject *values)
{
    ssize_t start, stop, step, slicelen;
    if (slice_unpack(S, key, &start, &stop, &step) < 0) return -1;
    slicelen = slice_adjust_indices(BYTEARRAY_LEN(self), &start, &stop, step);
    const char *p = NULL;
    ssize_t n = 0;
    if (values) bytes_like_view(values, &p, &n);
    /* b[5:2] = ... inserts before 5, not before 2 */
    if ((step < 0 && start < stop) || (step > 0 && start > stop)) stop = start;
    if (step == 1) return setslice_linear(S, self, start, stop, p, n);
    if (!values) return delete_extended(S, self, start, step, slicelen);
    if (n != slicelen) {
        err_format(S, &S->exc.ValueError,
                   "attempt to assign bytes of size %zd to extended slice of size %zd", n,
                   slicelen);
        return -1;
    }
    char *buf = BYTEARRAY_DATA(self);
    for (ssize_t i = 0, cur = start; i < slicelen; cur += step, i++) buf[cur] = p[i];
    return 0;
}

static int bytearray_ass_subscript(PhState *S, PhObject *self, PhObject *key, PhObject *values)
{
    if (text_is_index(key)) {
        ssize_t i = index_of(S, key);
        if (i == -1 && err_occurred(S)) return -1;
        /* The value first: its __index__ may change the bytearray. */
        int v = values ? bytes_byte_value(S, values) : 0;
        if (v < 0) return -1;
        if (i < 0) i += BYTEARRAY_LEN(self);
        if (i < 0 || i >= BYTEARRAY_LEN(self)) {
            err_format(S, &S->exc.IndexError, "bytearray index out of range");
            return -1;
        }
        if (!values) return setslice_linear(S, self, i, i + 1, NULL, 0);
        BYTEARRAY_DATA(self)[i] = (char)v;
        return 0;
    }
    if (key->type != &S->types.slice) {
        err_format(S, &S->exc.TypeError, "bytearray indices must be integers or slices, not %s",
                   key->type->name);
        return -1;
    }
    if (values && (values == self || !bytearray_check(values))) {
        /* Anything but another bytearray goes through bytearray(values). */
        if (is_number(S, values) || str_check(values)) {
            err_format(S, &S->exc.TypeError,
                       "can assign only bytes, buffers, or iterables of ints in range(0, 256)");
            return -1;
        }
        PhObject *copy = obj_call1(S, (PhObject *)&S->types.bytearray, values);
        if (!copy) return -1;
        int rc = ass_slice(S, self, key, copy);
        DECREF(S, copy);
        return rc;
    }
    return ass_slice(S, self, key, values);
}

static PhObject *bytearray_mod(PhState *S, PhObject *a, PhObject *b)
{
    if (!bytearray_check(a)) {
        INCREF(PH_NOTIMPL(S));
        return PH_NOTIMPL(S);
    }
    PhObject *r = format_bytes_percent(S, a, b);
    if (!r) return NULL;
    PhObject *ba = bytearray_from_data(S, BYTES_DATA(r), (size_t)BYTES_LEN(r));
    DECREF(S, r);
    return ba;
}

/* ---- methods ------------------------------------------------------------------------------ */

#define SELF (args[0])
#define PARSE(style, fname, min, max, a)                                                        \
    text_parse_args(S, "bytearray", (fname), (style), args + 1, nargs - 1, kwnames, NULL, (min), \
                    (max), (a))
#define METHOD(name)                                                                            \
    static PhObject *name(PhState *S, PhObject *callable, PhObject *const *args, size_t nargs,  \
                          PhObject *kwnames)

METHOD(ba_append)
{
    PhObject *a[1];
    if (PARSE(ARGS_ONE, "append", 1, 1, a) < 0) return NULL;
    int v = bytes_byte_value(S, a[0]);
    if (v < 0 || append_byte(S, SELF, v) < 0) return NULL;
    return ph_none(S);
}

/* extend(iterable of ints): collected in a temporary bytearray first (sized
 * by the length hint, grown by half), then appended in one slice
 * assignment, as CPython does. */
static int extend_from_iterable(PhState *S, PhObject *self, PhObject *src)
{
    PhObject *it = obj_iter(S, src);
    if (!it) {
        if (err_matches(S, (PhObject *)&S->exc.TypeError)) {
            err_clear(S);
            err_format(S, &S->exc.TypeError, "can't extend bytearray with %s", src->type->name);
        }
        return -1;
    }
    ssize_t cap = 32;
    const PhType *t = src->type;
    if ((t->as_sequence && t->as_sequence->len) || (t->as_mapping && t->as_mapping->len)) {
        cap = obj_len(S, src);
        if (cap < 0) {
            DECREF(S, it);
            return -1;
        }
    }
    PhObject *tmp = bytearray_from_data(S, NULL, (size_t)cap);
    ssize_t len = 0;
    PhObject *item = NULL;
    if (!tmp) goto fail;
    while ((item = obj_iternext(S, it))) {
        int v = bytes_byte_value(S, item);
        CLEAR(S, item);
        if (v < 0) goto fail;
        if (len >= BYTEARRAY_LEN(tmp) && bytearray_resize(S, tmp, len + (len >> 1) + 1) < 0)
            goto fail;
        BYTEARRAY_DATA(tmp)[len++] = (char)v;
    }
    if (err_occurred(S) || bytearray_resize(S, tmp, len) < 0) goto fail;
    DECREF(S, it);
    int rc = setslice(S, self, BYTEARRAY_LEN(self), BYTEARRAY_LEN(self), tmp);
    DECREF(S, tmp);
    return rc;
fail:
    DECREF(S, it);
    XDECREF(S, tmp);
    return -1;
}

METHOD(ba_extend)
{
    PhObject *a[1];
    if (PARSE(ARGS_ONE, "extend", 1, 1, a) < 0) return NULL;
    PhObject *self = SELF;
    int rc = bl_check(a[0])
                 ? setslice(S, self, BYTEARRAY_LEN(self), BYTEARRAY_LEN(self), a[0])
                 : extend_from_iterable(S, self, a[0]);
    return rc < 0 ? NULL : ph_none(S);
}

METHOD(ba_insert)
{
    PhObject *a[2];
    if (PARSE(ARGS_RANGE, "insert", 2, 2, a) < 0) return NULL;
    ssize_t index = text_as_index(S, a[0]);
    if (index == -1 && err_occurred(S)) return NULL;
    int v = bytes_byte_value(S, a[1]);
    if (v < 0) return NULL;
    PhObject *self = SELF;
    ssize_t n = BYTEARRAY_LEN(self);
    if (bytearray_resize(S, self, n + 1) < 0) return NULL;
    char *buf = BYTEARRAY_DATA(self);
    if (index < 0) {
        index += n;
        if (index < 0) index = 0;
    }
    if (index > n) index = n;
    memmove(buf + index + 1, buf + index, (size_t)(n - index));
    buf[index] = (char)v;
    return ph_none(S);
}

METHOD(ba_pop)
{
    PhObject *a[1];
    if (PARSE(ARGS_RANGE, "pop", 0, 1, a) < 0) return NULL;
    ssize_t index = -1;
    if (a[0]) {
        index = text_as_index(S, a[0]);
        if (index == -1 && err_occurred(S)) return NULL;
    }
    PhObject *self = SELF;
    ssize_t n = BYTEARRAY_LEN(self);
    if (n == 0) return err_format(S, &S->exc.IndexError, "pop from empty bytearray");
    if (index < 0) index += n;
    if (index < 0 || index >= n) return err_format(S, &S->exc.IndexError, "pop index out of range");
    if (!can_resize(S, BA(self))) return NULL;
    char *buf = BYTEARRAY_DATA(self);
    uint8_t value = (uint8_t)buf[index];
    memmove(buf + index, buf + index + 1, (size_t)(n - index - 1));
    if (bytearray_resize(S, self, n - 1) < 0) return NULL;
    return int_from_i64(S, value);
}

METHOD(ba_remove)
{
    PhObject *a[1];
    if (PARSE(ARGS_ONE, "remove", 1, 1, a) < 0) return NULL;
    int v = bytes_byte_value(S, a[0]);
    if (v < 0) return NULL;
    PhObject *self = SELF;
    ssize_t n = BYTEARRAY_LEN(self);
    char *buf = BYTEARRAY_DATA(self);
    char *at = memchr(buf, v, (size_t)n);
    if (!at) return err_format(S, &S->exc.ValueError, "value not found in bytearray");
    if (!can_resize(S, BA(self))) return NULL;
    memmove(at, at + 1, (size_t)(buf + n - at - 1));
    if (bytearray_resize(S, self, n - 1) < 0) return NULL;
    return ph_none(S);
}

METHOD(ba_reverse)
{
    PhObject *a[1];
    if (PARSE(ARGS_NOARGS, "reverse", 0, 0, a) < 0) return NULL;
    char *buf = BYTEARRAY_DATA(SELF);
    for (ssize_t i = 0, j = BYTEARRAY_LEN(SELF) - 1; i < j; i++, j--) {
        char t = buf[i];
        buf[i] = buf[j];
        buf[j] = t;
    }
    return ph_none(S);
}

METHOD(ba_clear)
{
    PhObject *a[1];
    if (PARSE(ARGS_NOARGS, "clear", 0, 0, a) < 0) return NULL;
    if (bytearray_resize(S, SELF, 0) < 0) return NULL;
    return ph_none(S);
}

METHOD(ba_copy)
{
    PhObject *a[1];
    if (PARSE(ARGS_NOARGS, "copy", 0, 0, a) < 0) return NULL;
    return bytearray_from_data(S, BYTEARRAY_DATA(SELF), (size_t)BYTEARRAY_LEN(SELF));
}

METHOD(ba_alloc)
{
    PhObject *a[1];
    if (PARSE(ARGS_NOARGS, "__alloc__", 0, 0, a) < 0) return NULL;
    return int_from_i64(S, BA(SELF)->alloc);
}

METHOD(ba_sizeof)
{
    PhObject *a[1];
    if (PARSE(ARGS_NOARGS, "__sizeof__", 0, 0, a) < 0) return NULL;
    return int_from_i64(S, SELF->type->basicsize + BA(SELF)->alloc);
}

/* (type, args, state) for pickling: the contents as a Latin-1 str below
 * protocol 3, as bytes from 3 on; the state is the instance dict, if any. */
static PhObject *common_reduce(PhState *S, PhObject *self, ssize_t proto)
{
    PhObject *state = NULL;
    if (self->type != &S->types.bytearray) {
        PhObject *name = str_from_cstr(S, "__dict__");
        if (!name) return NULL;
        state = obj_lookup_attr(S, self, name);
        DECREF(S, name);
        if (!state && err_occurred(S)) return NULL;
        if (state && obj_len(S, state) == 0) CLEAR(S, state);
        if (err_occurred(S)) {
            XDECREF(S, state);
            return NULL;
        }
    }
    if (!state) state = ph_none(S);
    PhObject *cargs = NULL, *r = NULL;
    const char *p = BYTEARRAY_DATA(self);
    size_t n = (size_t)BYTEARRAY_LEN(self);
    if (n == 0) {
        cargs = tuple_pack(S, 0);
    } else if (proto < 3) {
        PhObject *text = str_from_latin1(S, p, n), *enc = str_from_cstr(S, "latin-1");
        if (text && enc) cargs = tuple_pack(S, 2, text, enc);
        XDECREF(S, text);
        XDECREF(S, enc);
    } else {
        PhObject *b = bytes_from_data(S, p, n);
        if (b) cargs = tuple_pack(S, 1, b);
        XDECREF(S, b);
    }
    if (cargs) r = tuple_pack(S, 3, (PhObject *)self->type, cargs, state);
    XDECREF(S, cargs);
    DECREF(S, state);
    return r;
}

METHOD(ba_reduce)
{
    PhObject *a[1];
    if (PARSE(ARGS_NOARGS, "__reduce__", 0, 0, a) < 0) return NULL;
    return common_reduce(S, SELF, 0);
}

METHOD(ba_reduce_ex)
{
    PhObject *a[1];
    if (PARSE(ARGS_RANGE, "__reduce_ex__", 0, 1, a) < 0) return NULL;
    ssize_t proto = 0;
    if (a[0]) {
        proto = text_as_index(S, a[0]);
        if (proto == -1 && err_occurred(S)) return NULL;
    }
    return common_reduce(S, SELF, proto);
}

static const PhMethodDef bytearray_methods[] = {
    {"__alloc__", ba_alloc, METH_DEFAULT, "B.__alloc__() -> int\n\nReturn the number of bytes actually allocated."},
    {"__reduce__", ba_reduce, METH_DEFAULT, "Return state information for pickling."},
    {"__reduce_ex__", ba_reduce_ex, METH_DEFAULT, "Return state information for pickling."},
    {"__sizeof__", ba_sizeof, METH_DEFAULT, "Returns the size of the bytearray object in memory, in bytes."},
    {"append", ba_append, METH_DEFAULT, "Append a single item to the end of the bytearray."},
    {"clear", ba_clear, METH_DEFAULT, "Remove all items from the bytearray."},
    {"copy", ba_copy, METH_DEFAULT, "Return a copy of B."},
    {"extend", ba_extend, METH_DEFAULT, "Append all the items from the iterator or sequence to the end of the bytearray."},
    {"insert", ba_insert, METH_DEFAULT, "Insert a single item into the bytearray before the given index."},
    {"pop", ba_pop, METH_DEFAULT, "Remove and return a single item from B."},
    {"remove", ba_remove, METH_DEFAULT, "Remove the first occurrence of a value in the bytearray."},
    {"reverse", ba_reverse, METH_DEFAULT, "Reverse the order of the values in B in place."},
    BYTES_SHARED_METHODS(BYTES_METHOD_ENTRY)
    {NULL, NULL, 0, NULL},
};

/* ---- iterator ----------------------------------------------------------------------------- */

typedef struct PhByteArrayIter {
    PhObject ob;
    ssize_t index;
    PhObject *seq; /* NULL once exhausted */
} PhByteArrayIter;

#define BAI(o) ((PhByteArrayIter *)(o))

static PhObject *bytearray_iter(PhState *S, PhObject *o)
{
    PhObject *it = obj_alloc(S, &S->types.bytearray_iter, sizeof(PhByteArrayIter));
    if (!it) return err_no_memory(S);
    BAI(it)->index = 0;
    INCREF(o);
    BAI(it)->seq = o;
    gc_track(S, it);
    return it;
}

static PhObject *bytearray_iter_next(PhState *S, PhObject *o)
{
    PhByteArrayIter *it = BAI(o);
    if (!it->seq) return NULL;
    if (it->index < BYTEARRAY_LEN(it->seq))
        return int_from_i64(S, (uint8_t)BYTEARRAY_DATA(it->seq)[it->index++]);
    CLEAR(S, it->seq);
    return NULL;
}

static void bytearray_iter_dealloc(PhState *S, PhObject *o)
{
    gc_untrack(o);
    CLEAR(S, BAI(o)->seq);
    obj_free(S, o);
}

static int bytearray_iter_traverse(PhObject *o, visitproc visit, void *arg)
{
    VISIT(BAI(o)->seq);
    return 0;
}

static PhObject *bytearray_iter_self(PhState *S, PhObject *o)
{
    INCREF(o);
    return o;
}

static PhObject *bytearray_iter_length_hint(PhState *S, PhObject *callable, PhObject *const *args,
                                            size_t nargs, PhObject *kwnames)
{
    PhObject *a[1];
    if (text_parse_args(S, "bytearray_iterator", "__length_hint__", ARGS_NOARGS, args + 1,
                        nargs - 1, kwnames, NULL, 0, 0, a) < 0)
        return NULL;
    PhByteArrayIter *it = BAI(args[0]);
    ssize_t n = it->seq ? BYTEARRAY_LEN(it->seq) - it->index : 0;
    return int_from_i64(S, n < 0 ? 0 : n);
}

static const PhMethodDef bytearray_iter_methods[] = {
    {"__length_hint__", bytearray_iter_length_hint, METH_DEFAULT,
     "Private method returning an estimate of len(list(it))."},
    {NULL, NULL, 0, NULL},
};

const PhType bytearray_iter_type_template = {
    .name = "bytearray_iterator",
    .basicsize = sizeof(PhByteArrayIter),
    .flags = TPFLAG_HAVE_GC,
    .dealloc = bytearray_iter_dealloc,
    .traverse = bytearray_iter_traverse,
    .iter = bytearray_iter_self,
    .iternext = bytearray_iter_next,
    .methods = bytearray_iter_methods,
};

/* ---- the type ------------------------------------------------------------------------------- */

static const PhNumberMethods bytearray_as_number = {.mod = bytearray_mod};

static const PhSequenceMethods bytearray_as_sequence = {
    .len = bytearray_length,
    .concat = bytearray_concat,
    .repeat = bytearray_repeat,
    .item = bytearray_item,
    .contains = bytearray_contains,
    .inplace_concat = bytearray_inplace_concat,
    .inplace_repeat = bytearray_inplace_repeat,
};

static const PhMappingMethods bytearray_as_mapping = {
    .len = bytearray_length,
    .subscript = bytearray_subscript,
    .ass_subscript = bytearray_ass_subscript,
};

const PhType bytearray_type_template = {
    .name = "bytearray",
    .basicsize = sizeof(PhByteArray),
    .flags = TPFLAG_BASETYPE,
    .dealloc = bytearray_dealloc,
    .repr = bytearray_repr,
    .str = bytearray_repr,
    .hash = obj_hash_unhashable, /* __hash__ is None */
    .richcompare = bytearray_richcompare,
    .iter = bytearray_iter,
    .new_ = bytearray_new,
    .init = bytearray_init,
    .as_number = &bytearray_as_number,
    .as_sequence = &bytearray_as_sequence,
    .as_mapping = &bytearray_as_mapping,
    .methods = bytearray_methods,
};
