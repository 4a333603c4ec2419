/* range: CPython 3.11's layout (four int objects: start, stop, step, length;
 * 48 bytes, not a GC type) and range_iterator (four C longs, 48 bytes).
 *
 * Values are arbitrary ints, as in CPython. When all four fit in 64 bits
 * (nearly always) the arithmetic is done in C; otherwise it is done on int
 * objects. Iterating a range whose values do not fit uses the generic
 * sequence iterator (CPython has a separate longrange_iterator type).
 */
#include "objects/range.h"

#include "objects/containers.h"
#include "objects/iterobject.h"
#include "objects/slice.h"

typedef struct PhRange {
    PhObject ob;
    PhObject *start, *stop, *step, *length; /* exact ints */
} PhRange;

typedef struct RangeVals {
    int64_t start, stop, step, len;
} RangeVals;

static inline PhRange *RG(PhObject *o) { return (PhRange *)o; }

static bool fits(PhObject *o, int64_t *v)
{
    int overflow = 0;
    *v = int_as_i64(o, &overflow);
    return !overflow;
}

/* The four values in C, when they all fit. */
static bool range_small(PhObject *o, RangeVals *v)
{
    PhRange *r = RG(o);
    return fits(r->start, &v->start) && fits(r->stop, &v->stop) && fits(r->step, &v->step) &&
           fits(r->length, &v->len);
}

/* ---- int-object arithmetic for the big cases ---- */

static PhObject *add(PhState *S, PhObject *a, PhObject *b) { return num_binary(S, a, b, BINOP_ADD); }
static PhObject *sub(PhState *S, PhObject *a, PhObject *b) { return num_binary(S, a, b, BINOP_SUB); }
static PhObject *mul(PhState *S, PhObject *a, PhObject *b) { return num_binary(S, a, b, BINOP_MUL); }

/* a + b*c, or NULL. */
static PhObject *add_mul(PhState *S, PhObject *a, PhObject *b, PhObject *c)
{
    PhObject *p = mul(S, b, c);
    if (!p) return NULL;
    PhObject *r = add(S, a, p);
    DECREF(S, p);
    return r;
}

static int sign_of(PhState *S, PhObject *o)
{
    int64_t v;
    if (fits(o, &v)) return v > 0 ? 1 : v < 0 ? -1 : 0;
    return ((PhVarObject *)o)->size < 0 ? -1 : 1; /* ints keep the sign in size */
}

/* Number of items, in C when possible. New reference. */
static PhObject *compute_length(PhState *S, PhObject *start, PhObject *stop, PhObject *step)
{
    int64_t a, b, c;
    if (fits(start, &a) && fits(stop, &b) && fits(step, &c)) {
        uint64_t lo, hi, ustep;
        if (c > 0) {
            if (a >= b) return int_from_i64(S, 0);
            lo = (uint64_t)a, hi = (uint64_t)b, ustep = (uint64_t)c;
        } else {
            if (b >= a) return int_from_i64(S, 0);
            lo = (uint64_t)b, hi = (uint64_t)a, ustep = 0 - (uint64_t)c;
        }
        return int_from_u64(S, (hi - lo - 1) / ustep + 1);
    }
    PhObject *lo, *hi, *st;
    bool neg = sign_of(S, step) < 0;
    if (!neg) {
        lo = start, hi = stop;
        INCREF(step);
        st = step;
    } else {
        lo = stop, hi = start;
        st = num_negative(S, step);
        if (!st) return NULL;
    }
    int ge = obj_richcompare_bool(S, lo, hi, CMP_GE);
    if (ge != 0) {
        DECREF(S, st);
        return ge < 0 ? NULL : int_from_i64(S, 0);
    }
    PhObject *one = int_from_i64(S, 1);
    PhObject *diff = sub(S, hi, lo), *d1 = NULL, *q = NULL, *r = NULL;
    if (diff) d1 = sub(S, diff, one);
    if (d1) q = num_binary(S, d1, st, BINOP_FLOORDIV);
    if (q) r = add(S, q, one);
    XDECREF(S, q);
    XDECREF(S, d1);
    XDECREF(S, diff);
    DECREF(S, one);
    DECREF(S, st);
    return r;
}

/* References to the three ints are taken. */
static PhObject *make_range(PhState *S, PhType *t, PhObject *start, PhObject *stop, PhObject *step)
{
    PhObject *len = compute_length(S, start, stop, step);
    if (!len) return NULL;
    PhRange *r = (PhRange *)obj_alloc(S, t, sizeof(PhRange));
    if (!r) {
        DECREF(S, len);
        return err_no_memory(S);
    }
    INCREF(start);
    INCREF(stop);
    INCREF(step);
    r->start = start;
    r->stop = stop;
    r->step = step;
    r->length = len;
    return &r->ob;
}

static PhObject *make_range_i64(PhState *S, int64_t start, int64_t stop, int64_t step)
{
    PhObject *a = int_from_i64(S, start), *b = int_from_i64(S, stop), *c = int_from_i64(S, step);
    PhObject *r = (a && b && c) ? make_range(S, &S->types.range, a, b, c) : NULL;
    XDECREF(S, a);
    XDECREF(S, b);
    XDECREF(S, c);
    return r;
}

PhObject *range_new(PhState *S, int64_t start, int64_t stop, int64_t step)
{
    if (step == 0) return err_format(S, &S->exc.ValueError, "range() arg 3 must not be zero");
    return make_range_i64(S, start, stop, step);
}

static void range_dealloc(PhState *S, PhObject *o)
{
    PhRange *r = RG(o);
    XDECREF(S, r->start);
    XDECREF(S, r->stop);
    XDECREF(S, r->step);
    XDECREF(S, r->length);
    obj_free(S, o);
}

static PhObject *range_new_slot(PhState *S, PhType *t, PhObject *const *args, size_t nargs,
                                PhObject *kwnames)
{
    if (ctr_no_kwargs(S, "range", kwnames) < 0) return NULL;
    if (ctr_check_positional(S, "range", nargs, 1, 3) < 0) return NULL;
    PhObject *v[3] = {NULL, NULL, NULL}, *r = NULL;
    for (size_t i = 0; i < nargs; i++)
        if (!(v[i] = num_index(S, args[i]))) goto done;
    if (nargs == 1) {
        v[1] = v[0];
        v[0] = int_from_i64(S, 0);
    }
    if (nargs < 3) v[2] = int_from_i64(S, 1);
    if (!v[0] || !v[2]) goto done;
    if (sign_of(S, v[2]) == 0) {
        err_format(S, &S->exc.ValueError, "range() arg 3 must not be zero");
        goto done;
    }
    r = make_range(S, t, v[0], v[1], v[2]);
done:
    for (int i = 0; i < 3; i++) XDECREF(S, v[i]);
    return r;
}

/* ==== sequence protocol ================================================================ */

static ssize_t range_length(PhState *S, PhObject *o)
{
    int64_t n;
    if (fits(RG(o)->length, &n)) return (ssize_t)n;
    err_format(S, &S->exc.OverflowError, "Python int too large to convert to C ssize_t");
    return -1;
}

static PhObject *index_error(PhState *S)
{
    return err_format(S, &S->exc.IndexError, "range object index out of range");
}

static PhObject *range_item(PhState *S, PhObject *o, ssize_t i)
{
    RangeVals v;
    if (range_small(o, &v)) {
        if (i < 0 || i >= v.len) return index_error(S);
        return int_from_i64(S, (int64_t)((uint64_t)v.start + (uint64_t)i * (uint64_t)v.step));
    }
    PhObject *io = int_from_i64(S, i);
    if (!io) return NULL;
    PhObject *r = NULL;
    int lt = obj_richcompare_bool(S, io, RG(o)->length, CMP_LT);
    if (lt > 0 && i >= 0) r = add_mul(S, RG(o)->start, io, RG(o)->step);
    else if (lt >= 0) index_error(S);
    DECREF(S, io);
    return r;
}

/* r[i] for an int object i (CPython's compute_range_item). */
static PhObject *range_item_obj(PhState *S, PhObject *o, PhObject *key)
{
    PhObject *i = num_index(S, key);
    if (!i) return NULL;
    int64_t iv;
    RangeVals v;
    if (fits(i, &iv) && range_small(o, &v)) {
        DECREF(S, i);
        if (iv < 0) iv += v.len;
        return range_item(S, o, (ssize_t)iv);
    }
    PhRange *r = RG(o);
    if (sign_of(S, i) < 0) {
        PhObject *j = add(S, i, r->length);
        DECREF(S, i);
        if (!j) return NULL;
        i = j;
    }
    PhObject *res = NULL;
    int ok = sign_of(S, i) >= 0 ? obj_richcompare_bool(S, i, r->length, CMP_LT) : 0;
    if (ok > 0) res = add_mul(S, r->start, i, r->step);
    else if (ok == 0) index_error(S);
    DECREF(S, i);
    return res;
}

/* One bound of a slice resolved against the range's length, as
 * _PySlice_GetLongIndices does (lower/upper are the clamp limits). */
static PhObject *slice_bound(PhState *S, PhObject *v, PhObject *length, PhObject *lower,
                             PhObject *upper, PhObject *dflt)
{
    if (v == PH_NONE(S)) {
        INCREF(dflt);
        return dflt;
    }
    PhObject *x = num_index(S, v);
    if (!x) return NULL;
    if (sign_of(S, x) < 0) {
        PhObject *y = add(S, x, length);
        DECREF(S, x);
        if (!y) return NULL;
        x = y;
        int lt = obj_richcompare_bool(S, x, lower, CMP_LT);
        if (lt != 0) {
            DECREF(S, x);
            if (lt < 0) return NULL;
            INCREF(lower);
            return lower;
        }
        return x;
    }
    int gt = obj_richcompare_bool(S, x, upper, CMP_GT);
    if (gt != 0) {
        DECREF(S, x);
        if (gt < 0) return NULL;
        INCREF(upper);
        return upper;
    }
    return x;
}

static PhObject *range_slice(PhState *S, PhObject *o, PhObject *slice)
{
    RangeVals v;
    PhSlice *sl = (PhSlice *)slice;
    if (range_small(o, &v)) {
        ssize_t start, stop, step;
        if (slice_unpack(S, slice, &start, &stop, &step) < 0) return NULL;
        slice_adjust_indices(v.len, &start, &stop, step);
        /* the products fit: |index| <= len and the range's own ends fit */
        PhObject *a = int_from_i64(S, v.start), *b = int_from_i64(S, start),
                 *c = int_from_i64(S, stop), *d = int_from_i64(S, step);
        PhObject *ns = NULL, *ne = NULL, *nst = NULL, *r = NULL;
        if (a && b && c && d) {
            ns = add_mul(S, a, b, RG(o)->step);
            ne = add_mul(S, a, c, RG(o)->step);
            nst = mul(S, RG(o)->step, d);
        }
        if (ns && ne && nst) r = make_range(S, &S->types.range, ns, ne, nst);
        XDECREF(S, a);
        XDECREF(S, b);
        XDECREF(S, c);
        XDECREF(S, d);
        XDECREF(S, ns);
        XDECREF(S, ne);
        XDECREF(S, nst);
        return r;
    }
    PhRange *rg = RG(o);
    PhObject *step = sl->step == PH_NONE(S) ? int_from_i64(S, 1) : num_index(S, sl->step);
    if (!step) return NULL;
    if (sign_of(S, step) == 0) {
        DECREF(S, step);
        return err_format(S, &S->exc.ValueError, "slice step cannot be zero");
    }
    bool neg = sign_of(S, step) < 0;
    PhObject *lower = int_from_i64(S, neg ? -1 : 0);
    PhObject *upper = neg ? add(S, rg->length, lower) : (INCREF(rg->length), rg->length);
    PhObject *start = NULL, *stop = NULL, *ns = NULL, *ne = NULL, *nst = NULL, *r = NULL;
    if (lower && upper) {
        start = slice_bound(S, sl->start, rg->length, lower, upper, neg ? upper : lower);
        if (start) stop = slice_bound(S, sl->stop, rg->length, lower, upper, neg ? lower : upper);
    }
    if (stop) {
        ns = add_mul(S, rg->start, start, rg->step);
        ne = ns ? add_mul(S, rg->start, stop, rg->step) : NULL;
        nst = ne ? mul(S, rg->step, step) : NULL;
    }
    if (nst) r = make_range(S, &S->types.range, ns, ne, nst);
    XDECREF(S, step);
    XDECREF(S, lower);
    XDECREF(S, upper);
    XDECREF(S, start);
    XDECREF(S, stop);
    XDECREF(S, ns);
    XDECREF(S, ne);
    XDECREF(S, nst);
    return r;
}

static PhObject *range_subscript(PhState *S, PhObject *o, PhObject *key)
{
    if (ctr_has_index(S, key)) return range_item_obj(S, o, key);
    if (key->type == &S->types.slice) return range_slice(S, o, key);
    return err_format(S, &S->exc.TypeError, "range indices must be integers or slices, not %s",
                      key->type->name);
}

static bool exact_int(PhState *S, PhObject *o)
{
    return o->type == &S->types.int_ || o->type == &S->types.bool_;
}

/* Is the int x in the range? 1, 0 or -1: arithmetic, no iteration. */
static int range_contains_int(PhState *S, PhObject *o, PhObject *x)
{
    RangeVals v;
    int64_t n;
    if (range_small(o, &v) && fits(x, &n)) {
        if (v.len == 0) return 0;
        uint64_t diff, ustep;
        if (v.step > 0) {
            if (n < v.start || n >= v.stop) return 0;
            diff = (uint64_t)n - (uint64_t)v.start;
            ustep = (uint64_t)v.step;
        } else {
            if (n > v.start || n <= v.stop) return 0;
            diff = (uint64_t)v.start - (uint64_t)n;
            ustep = 0 - (uint64_t)v.step;
        }
        return diff % ustep == 0;
    }
    PhRange *r = RG(o);
    int c1, c2;
    if (sign_of(S, r->step) > 0) {
        c1 = obj_richcompare_bool(S, r->start, x, CMP_LE);
        c2 = c1 > 0 ? obj_richcompare_bool(S, x, r->stop, CMP_LT) : 0;
    } else {
        c1 = obj_richcompare_bool(S, x, r->start, CMP_LE);
        c2 = c1 > 0 ? obj_richcompare_bool(S, r->stop, x, CMP_LT) : 0;
    }
    if (c1 < 0 || c2 < 0) return -1;
    if (!c1 || !c2) return 0;
    PhObject *d = sub(S, x, r->start);
    if (!d) return -1;
    PhObject *m = num_binary(S, d, r->step, BINOP_MOD);
    DECREF(S, d);
    if (!m) return -1;
    int z = sign_of(S, m) == 0;
    DECREF(S, m);
    return z;
}

/* Search by == for non-int operands. Returns the index, -1 if not found,
 * -2 on error; *count gets the number of matches when non-NULL. */
static int64_t range_iter_search(PhState *S, PhObject *o, PhObject *x, int64_t *count)
{
    PhObject *it = obj_iter(S, o);
    if (!it) return -2;
    int64_t found = -1;
    for (int64_t i = 0;; i++) {
        PhObject *item = obj_iternext(S, it);
        if (!item) {
            if (err_occurred(S)) found = -2;
            break;
        }
        int r = obj_richcompare_bool(S, item, x, CMP_EQ);
        DECREF(S, item);
        if (r < 0) {
            found = -2;
            break;
        }
        if (r) {
            if (found < 0) found = i;
            if (!count) break;
            (*count)++;
        }
    }
    DECREF(S, it);
    return found;
}

static int range_contains(PhState *S, PhObject *o, PhObject *x)
{
    if (exact_int(S, x)) return range_contains_int(S, o, x);
    int64_t r = range_iter_search(S, o, x, NULL);
    return r == -2 ? -1 : r >= 0;
}

static int range_bool(PhState *S, PhObject *o) { return sign_of(S, RG(o)->length) != 0; }

/* ==== comparison, hash, repr ============================================================ */

/* Same sequence of values (CPython's range_equals). 1, 0, -1. */
static int range_equals(PhState *S, PhObject *a, PhObject *b)
{
    if (a == b) return 1;
    PhRange *x = RG(a), *y = RG(b);
    int c = obj_richcompare_bool(S, x->length, y->length, CMP_EQ);
    if (c != 1) return c;
    if (sign_of(S, x->length) == 0) return 1;
    c = obj_richcompare_bool(S, x->start, y->start, CMP_EQ);
    if (c != 1) return c;
    int64_t len;
    if (fits(x->length, &len) && len == 1) return 1;
    return obj_richcompare_bool(S, x->step, y->step, CMP_EQ);
}

static PhObject *range_richcompare(PhState *S, PhObject *a, PhObject *b, int op)
{
    if (b->type != &S->types.range || (op != CMP_EQ && op != CMP_NE)) {
        INCREF(PH_NOTIMPL(S));
        return PH_NOTIMPL(S);
    }
    int eq = range_equals(S, a, b);
    if (eq < 0) return NULL;
    return ph_bool(S, op == CMP_EQ ? eq : !eq);
}

/* hash((len, start, step)), with None standing for what does not matter. */
static int64_t range_hash(PhState *S, PhObject *o)
{
    PhRange *r = RG(o);
    int64_t len;
    bool one = fits(r->length, &len) && len == 1;
    PhObject *t;
    if (sign_of(S, r->length) == 0) t = tuple_pack(S, 3, r->length, PH_NONE(S), PH_NONE(S));
    else if (one) t = tuple_pack(S, 3, r->length, r->start, PH_NONE(S));
    else t = tuple_pack(S, 3, r->length, r->start, r->step);
    if (!t) return -1;
    int64_t h = obj_hash(S, t);
    DECREF(S, t);
    return h;
}

static PhObject *range_repr(PhState *S, PhObject *o)
{
    PhRange *r = RG(o);
    StrBuilder b;
    sb_init(&b);
    int64_t st;
    bool one = fits(r->step, &st) && st == 1;
    if (sb_append_cstr(S, &b, "range(") < 0 || sb_append_repr(S, &b, r->start) < 0 ||
        sb_append_ascii(S, &b, ", ", 2) < 0 || sb_append_repr(S, &b, r->stop) < 0)
        goto fail;
    if (!one && (sb_append_ascii(S, &b, ", ", 2) < 0 || sb_append_repr(S, &b, r->step) < 0))
        goto fail;
    if (sb_append_ascii(S, &b, ")", 1) < 0) goto fail;
    return sb_finish(S, &b);
fail:
    sb_discard(S, &b);
    return NULL;
}

/* ==== range_iterator ====================================================================== */

typedef struct PhRangeIter {
    PhObject ob;
    long index, start, step, len;
} PhRangeIter;

static PhObject *rangeiter_new(PhState *S, int64_t start, int64_t step, int64_t len)
{
    PhRangeIter *it = (PhRangeIter *)obj_alloc(S, &S->types.range_iter, sizeof(PhRangeIter));
    if (!it) return err_no_memory(S);
    it->index = 0;
    it->start = (long)start;
    it->step = (long)step;
    it->len = (long)len;
    return &it->ob;
}

static void rangeiter_dealloc(PhState *S, PhObject *o) { obj_free(S, o); }

static PhObject *rangeiter_next(PhState *S, PhObject *o)
{
    PhRangeIter *it = (PhRangeIter *)o;
    if (it->index < it->len)
        return int_from_i64(S, (int64_t)((unsigned long)it->start +
                                         (unsigned long)(it->index++) * (unsigned long)it->step));
    return NULL;
}

static PhObject *rangeiter_length_hint(PhState *S, PhObject *c, PhObject *const *args,
                                       size_t nargs, PhObject *kwnames)
{
    PhRangeIter *it = (PhRangeIter *)args[0];
    return int_from_i64(S, it->len - it->index);
}

static const PhMethodDef rangeiter_methods[] = {
    {"__length_hint__", rangeiter_length_hint, METH_DEFAULT, NULL},
    {NULL, NULL, 0, NULL},
};

const PhType range_iter_type_template = {
    .name = "range_iterator",
    .basicsize = sizeof(PhRangeIter),
    .dealloc = rangeiter_dealloc,
    .iter = ctr_self_iter,
    .iternext = rangeiter_next,
    .methods = rangeiter_methods,
};

/* The last value must fit too: the iterator steps in C. */
static bool iter_fits(RangeVals v, int64_t *last)
{
    if (v.len == 0) {
        *last = v.start;
        return true;
    }
    __int128 l = (__int128)v.start + (__int128)(v.len - 1) * v.step;
    if (l < INT64_MIN || l > INT64_MAX) return false;
    *last = (int64_t)l;
    return true;
}

static PhObject *range_iter(PhState *S, PhObject *o)
{
    RangeVals v;
    int64_t last;
    if (range_small(o, &v) && iter_fits(v, &last)) return rangeiter_new(S, v.start, v.step, v.len);
    return seq_iter_new(S, o);
}

/* ==== methods ============================================================================ */

#define SELF (args[0])
#define METHOD(name)                                                                       \
    static PhObject *name(PhState *S, PhObject *callable, PhObject *const *args, size_t nargs, \
                          PhObject *kwnames)

METHOD(range_reversed_m)
{
    if (ctr_noargs(S, "range.__reversed__", nargs - 1, kwnames) < 0) return NULL;
    RangeVals v;
    int64_t last;
    if (range_small(SELF, &v) && iter_fits(v, &last) && v.step != INT64_MIN)
        return rangeiter_new(S, last, -v.step, v.len);
    return reversed_of_sequence(S, SELF);
}

METHOD(range_count_m)
{
    if (ctr_onearg(S, "range.count", nargs - 1, kwnames) < 0) return NULL;
    if (exact_int(S, args[1])) {
        int r = range_contains_int(S, SELF, args[1]);
        return r < 0 ? NULL : int_from_i64(S, r);
    }
    int64_t count = 0;
    if (range_iter_search(S, SELF, args[1], &count) == -2) return NULL;
    return int_from_i64(S, count);
}

METHOD(range_index_m)
{
    if (ctr_onearg(S, "range.index", nargs - 1, kwnames) < 0) return NULL;
    PhObject *x = args[1];
    if (exact_int(S, x)) {
        int in = range_contains_int(S, SELF, x);
        if (in < 0) return NULL;
        if (!in) return err_format(S, &S->exc.ValueError, "%R is not in range", x);
        PhObject *d = sub(S, x, RG(SELF)->start);
        if (!d) return NULL;
        PhObject *q = num_binary(S, d, RG(SELF)->step, BINOP_FLOORDIV);
        DECREF(S, d);
        return q;
    }
    int64_t i = range_iter_search(S, SELF, x, NULL);
    if (i == -2) return NULL;
    if (i < 0) return err_format(S, &S->exc.ValueError, "sequence.index(x): x not in sequence");
    return int_from_i64(S, i);
}

METHOD(range_reduce_m)
{
    if (ctr_noargs(S, "range.__reduce__", nargs - 1, kwnames) < 0) return NULL;
    PhRange *r = RG(SELF);
    PhObject *t = tuple_pack(S, 3, r->start, r->stop, r->step);
    if (!t) return NULL;
    PhObject *res = tuple_pack(S, 2, (PhObject *)&S->types.range, t);
    DECREF(S, t);
    return res;
}

static const PhMethodDef range_methods[] = {
    {"__reversed__", range_reversed_m, METH_DEFAULT, "Return a reverse iterator."},
    {"count", range_count_m, METH_DEFAULT, "rangeobject.count(value) -> integer -- return number of occurrences of value"},
    {"index", range_index_m, METH_DEFAULT, "rangeobject.index(value) -> integer -- return index of value."},
    {"__reduce__", range_reduce_m, METH_DEFAULT, NULL},
    {NULL, NULL, 0, NULL},
};

static PhObject *get_start(PhState *S, PhObject *o)
{
    INCREF(RG(o)->start);
    return RG(o)->start;
}
static PhObject *get_stop(PhState *S, PhObject *o)
{
    INCREF(RG(o)->stop);
    return RG(o)->stop;
}
static PhObject *get_step(PhState *S, PhObject *o)
{
    INCREF(RG(o)->step);
    return RG(o)->step;
}

static const PhGetSetDef range_getsets[] = {
    {"start", get_start, NULL},
    {"stop", get_stop, NULL},
    {"step", get_step, NULL},
    {NULL, NULL, NULL},
};

static const PhNumberMethods range_as_number = {.bool_ = range_bool};
static const PhSequenceMethods range_as_sequence = {
    .len = range_length,
    .item = range_item,
    .contains = range_contains,
};
static const PhMappingMethods range_as_mapping = {
    .len = range_length,
    .subscript = range_subscript,
};

const PhType range_type_template = {
    .name = "range",
    .basicsize = sizeof(PhRange),
    .dealloc = range_dealloc,
    .repr = range_repr,
    .hash = range_hash,
    .richcompare = range_richcompare,
    .iter = range_iter,
    .new_ = range_new_slot,
    .as_number = &range_as_number,
    .as_sequence = &range_as_sequence,
    .as_mapping = &range_as_mapping,
    .methods = range_methods,
    .getsets = range_getsets,
};
