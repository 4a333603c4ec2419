/* tuple: CPython 3.11's layout (items inline after a PhVarObject, so
 * getsizeof((1, 2)) == 24 + 2*8 + 16 == 56), its freelist (sizes 1..20, up to
 * 2000 each, linked through items[0]), the () singleton, the xxHash-based
 * hash, lazy untracking, and tuple_iterator.
 *
 * This file also holds the containers' start-up and shut-down hooks.
 */
#include "objects/tuple.h"

#include "objects/containers.h"
#include "objects/iterobject.h"
#include "objects/slice.h"
#include "vm/init.h"

#include <stdarg.h>

/* ==== allocation and the freelist ================================================ */

#define TUPLE_HEADER_SIZE offsetof(PhTuple, items)

/* A tuple of n >= 1 NULL items, not yet tracked. Exact tuples of up to 20
 * items are reused from the freelist: no heap traffic and, as in CPython,
 * no change to the collector's gen-0 count. */
static PhTuple *tuple_alloc(PhState *S, ssize_t n)
{
    PhContainers *C = ctr_state(S);
    PhTuple *t;
    if (n <= TUPLE_MAXSAVESIZE && C && C->tuple_free[n]) {
        t = C->tuple_free[n];
        C->tuple_free[n] = (PhTuple *)t->items[0];
        C->tuple_numfree[n]--;
        t->ob.ob.refcnt = 1;
    } else {
        if ((size_t)n > (SIZE_MAX / 2 - TUPLE_HEADER_SIZE) / sizeof(PhObject *)) {
            err_no_memory(S);
            return NULL;
        }
        t = (PhTuple *)obj_alloc(S, &S->types.tuple,
                                 TUPLE_HEADER_SIZE + (size_t)n * sizeof(PhObject *));
        if (!t) {
            err_no_memory(S);
            return NULL;
        }
        t->ob.size = n;
    }
    memset(t->items, 0, (size_t)n * sizeof(PhObject *));
    return t;
}

/* (): the singleton, or after containers_fini a fresh empty tuple. */
static PhObject *empty_tuple_ref(PhState *S)
{
    if (S->empty_tuple) {
        INCREF(S->empty_tuple);
        return S->empty_tuple;
    }
    PhTuple *e = (PhTuple *)obj_alloc(S, &S->types.tuple, TUPLE_HEADER_SIZE);
    if (!e) return err_no_memory(S);
    e->ob.size = 0;
    return &e->ob.ob;
}

PhObject *tuple_new(PhState *S, ssize_t n)
{
    if (n == 0) return empty_tuple_ref(S);
    if (n < 0) return err_format(S, &S->exc.SystemError, "negative tuple size");
    PhTuple *t = tuple_alloc(S, n);
    if (!t) return NULL;
    gc_track(S, &t->ob.ob);
    return &t->ob.ob;
}

PhObject *tuple_from_array(PhState *S, PhObject *const *items, ssize_t n)
{
    if (n == 0) return empty_tuple_ref(S);
    PhTuple *t = tuple_alloc(S, n);
    if (!t) return NULL;
    for (ssize_t i = 0; i < n; i++) {
        INCREF(items[i]);
        t->items[i] = items[i];
    }
    gc_track(S, &t->ob.ob);
    return &t->ob.ob;
}

PhObject *tuple_pack(PhState *S, ssize_t n, ...)
{
    if (n == 0) return empty_tuple_ref(S);
    PhTuple *t = tuple_alloc(S, n);
    if (!t) return NULL;
    va_list ap;
    va_start(ap, n);
    for (ssize_t i = 0; i < n; i++) {
        PhObject *o = va_arg(ap, PhObject *);
        INCREF(o);
        t->items[i] = o;
    }
    va_end(ap);
    gc_track(S, &t->ob.ob);
    return &t->ob.ob;
}

static void tuple_dealloc(PhState *S, PhObject *o)
{
    PhTuple *t = (PhTuple *)o;
    ssize_t n = t->ob.size;
    gc_untrack(o);
    /* CPython releases the items last to first. */
    for (ssize_t i = n - 1; i >= 0; i--) XDECREF(S, t->items[i]);
    PhContainers *C = ctr_state(S);
    if (n > 0 && n <= TUPLE_MAXSAVESIZE && C && o->type == &S->types.tuple &&
        C->tuple_numfree[n] < TUPLE_MAXFREELIST) {
        t->items[0] = (PhObject *)C->tuple_free[n];
        C->tuple_free[n] = t;
        C->tuple_numfree[n]++;
        return; /* kept: not freed, gen-0 count untouched */
    }
    obj_free(S, o);
}

void tuple_freelist_clear(PhState *S)
{
    PhContainers *C = ctr_state(S);
    if (!C) return;
    for (int n = 1; n <= TUPLE_MAXSAVESIZE; n++) {
        while (C->tuple_free[n]) {
            PhTuple *t = C->tuple_free[n];
            C->tuple_free[n] = (PhTuple *)t->items[0];
            obj_free(S, &t->ob.ob);
        }
        C->tuple_numfree[n] = 0;
    }
}

static int tuple_traverse(PhObject *o, visitproc visit, void *arg)
{
    PhTuple *t = (PhTuple *)o;
    for (ssize_t i = t->ob.size - 1; i >= 0; i--) VISIT(t->items[i]);
    return 0;
}

/* CPython's _PyTuple_MaybeUntrack: a tracked exact tuple whose items can
 * never be part of a cycle is untracked by the collector. */
int tuple_maybe_untrack(PhObject *o)
{
    if ((o->type->flags & TPFLAG_HEAPTYPE) || !gc_is_tracked(o)) return 0;
    PhTuple *t = (PhTuple *)o;
    for (ssize_t i = 0; i < t->ob.size; i++) {
        PhObject *e = t->items[i];
        /* A tuple with NULL items is still being built. */
        if (!e || ctr_may_be_tracked(e)) return 0;
    }
    gc_untrack(o);
    return 1;
}

/* ==== construction from iterables ================================================== */

/* Collects the items of an iterator into a heap buffer, then builds one
 * exact-size tuple (CPython grows the tuple in place; the result is the
 * same and no temporary GC object is made). */
static PhObject *tuple_from_iterator(PhState *S, PhObject *iterable)
{
    PhObject *it = obj_iter(S, iterable);
    if (!it) return NULL;
    Heap *h = mem_of(S)->heap;
    ssize_t cap = ctr_length_hint(S, iterable, 10);
    if (cap < 0) {
        DECREF(S, it);
        return NULL;
    }
    if (cap < 4) cap = 4;
    ssize_t n = 0;
    PhObject **buf = heap_alloc(h, (size_t)cap * sizeof(PhObject *));
    PhObject *result = NULL;
    if (!buf) {
        err_no_memory(S);
        goto done;
    }
    iternextfunc next = it->type->iternext;
    for (;;) {
        PhObject *x = next ? next(S, it) : obj_iternext(S, it);
        if (!x) {
            if (err_occurred(S)) goto done;
            break;
        }
        if (n == cap) {
            ssize_t ncap = cap + (cap >> 1) + 10;
            PhObject **nb = heap_realloc(h, buf, (size_t)ncap * sizeof(PhObject *));
            if (!nb) {
                DECREF(S, x);
                err_no_memory(S);
                goto done;
            }
            buf = nb;
            cap = ncap;
        }
        buf[n++] = x;
    }
    if (n == 0) {
        result = empty_tuple_ref(S);
    } else {
        PhTuple *t = tuple_alloc(S, n);
        if (t) {
            memcpy(t->items, buf, (size_t)n * sizeof(PhObject *)); /* references move */
            n = 0;
            gc_track(S, &t->ob.ob);
            result = &t->ob.ob;
        }
    }
done:
    for (ssize_t i = 0; i < n; i++) DECREF(S, buf[i]);
    if (buf) heap_free(h, buf);
    DECREF(S, it);
    return result;
}

PhObject *tuple_from_iterable(PhState *S, PhObject *iterable)
{
    if (iterable->type == &S->types.tuple) {
        INCREF(iterable);
        return iterable;
    }
    if (ctr_is_list(S, iterable))
        return tuple_from_array(S, LIST_ITEMS(iterable), LIST_LEN(iterable));
    if (ctr_is_tuple(S, iterable))
        return tuple_from_array(S, TUPLE_ITEMS(iterable), TUPLE_LEN(iterable));
    return tuple_from_iterator(S, iterable);
}

/* tuple(iterable) for a subclass: build an exact tuple, then copy it into an
 * instance of the subclass. */
static PhObject *tuple_subtype_new(PhState *S, PhType *t, PhObject *iterable)
{
    PhObject *tmp = iterable ? tuple_from_iterable(S, iterable) : tuple_new(S, 0);
    if (!tmp) return NULL;
    ssize_t n = TUPLE_LEN(tmp);
    PhObject *o = obj_alloc(S, t, (size_t)t->basicsize + (size_t)n * sizeof(PhObject *));
    if (!o) {
        DECREF(S, tmp);
        return err_no_memory(S);
    }
    memset((char *)o + sizeof(PhObject), 0,
           (size_t)t->basicsize - sizeof(PhObject) + (size_t)n * sizeof(PhObject *));
    ((PhVarObject *)o)->size = n;
    for (ssize_t i = 0; i < n; i++) {
        INCREF(TUPLE_GET(tmp, i));
        TUPLE_ITEMS(o)[i] = TUPLE_GET(tmp, i);
    }
    DECREF(S, tmp);
    gc_track(S, o);
    return o;
}

static PhObject *tuple_new_slot(PhState *S, PhType *t, PhObject *const *args, size_t nargs,
                                PhObject *kwnames)
{
    if (t == &S->types.tuple && ctr_no_kwargs(S, "tuple", kwnames) < 0) return NULL;
    if (ctr_check_positional(S, "tuple", nargs, 0, 1) < 0) return NULL;
    if (t != &S->types.tuple) return tuple_subtype_new(S, t, nargs ? args[0] : NULL);
    if (nargs == 0) return tuple_new(S, 0);
    return tuple_from_iterable(S, args[0]);
}

/* ==== sequence protocol ============================================================= */

static ssize_t tuple_length(PhState *S, PhObject *o) { return TUPLE_LEN(o); }

static PhObject *tuple_item(PhState *S, PhObject *o, ssize_t i)
{
    if (i < 0 || i >= TUPLE_LEN(o))
        return err_format(S, &S->exc.IndexError, "tuple index out of range");
    PhObject *v = TUPLE_GET(o, i);
    INCREF(v);
    return v;
}

static PhObject *tuple_slice_step(PhState *S, PhObject *o, ssize_t start, ssize_t step,
                                  ssize_t n)
{
    if (n <= 0) return tuple_new(S, 0);
    if (start == 0 && step == 1 && n == TUPLE_LEN(o) && o->type == &S->types.tuple) {
        INCREF(o);
        return o;
    }
    if (step == 1) return tuple_from_array(S, TUPLE_ITEMS(o) + start, n);
    PhTuple *t = tuple_alloc(S, n);
    if (!t) return NULL;
    for (ssize_t i = 0, cur = start; i < n; i++, cur += step) {
        PhObject *v = TUPLE_GET(o, cur);
        INCREF(v);
        t->items[i] = v;
    }
    gc_track(S, &t->ob.ob);
    return &t->ob.ob;
}

static PhObject *tuple_subscript(PhState *S, PhObject *o, PhObject *key)
{
    if (ctr_has_index(S, key)) {
        bool err;
        ssize_t i = ctr_as_index(S, key, &err);
        if (err) return NULL;
        if (i < 0) i += TUPLE_LEN(o);
        return tuple_item(S, o, i);
    }
    if (key->type == &S->types.slice) {
        ssize_t start, stop, step, n;
        if (slice_unpack_indices(S, key, TUPLE_LEN(o), &start, &stop, &step, &n) < 0)
            return NULL;
        return tuple_slice_step(S, o, start, step, n);
    }
    return err_format(S, &S->exc.TypeError, "tuple indices must be integers or slices, not %s",
                      key->type->name);
}

static PhObject *tuple_concat(PhState *S, PhObject *a, PhObject *b)
{
    if (!ctr_is_tuple(S, b))
        return err_format(S, &S->exc.TypeError,
                          "can only concatenate tuple (not \"%s\") to tuple", b->type->name);
    ssize_t na = TUPLE_LEN(a), nb = TUPLE_LEN(b);
    if (nb == 0 && a->type == &S->types.tuple) {
        INCREF(a);
        return a;
    }
    if (na == 0 && b->type == &S->types.tuple) {
        INCREF(b);
        return b;
    }
    if (na > PTRDIFF_MAX / 16 - nb) return err_no_memory(S);
    if (na + nb == 0) return tuple_new(S, 0);
    PhTuple *t = tuple_alloc(S, na + nb);
    if (!t) return NULL;
    for (ssize_t i = 0; i < na; i++) {
        INCREF(TUPLE_GET(a, i));
        t->items[i] = TUPLE_GET(a, i);
    }
    for (ssize_t i = 0; i < nb; i++) {
        INCREF(TUPLE_GET(b, i));
        t->items[na + i] = TUPLE_GET(b, i);
    }
    gc_track(S, &t->ob.ob);
    return &t->ob.ob;
}

static PhObject *tuple_repeat(PhState *S, PhObject *a, ssize_t n)
{
    ssize_t len = TUPLE_LEN(a);
    if ((len == 0 || n == 1) && a->type == &S->types.tuple) {
        INCREF(a);
        return a;
    }
    if (len == 0 || n <= 0) return tuple_new(S, 0);
    if (len > PTRDIFF_MAX / 16 / n) return err_no_memory(S);
    PhTuple *t = tuple_alloc(S, len * n);
    if (!t) return NULL;
    PhObject **dst = t->items;
    for (ssize_t r = 0; r < n; r++)
        for (ssize_t i = 0; i < len; i++) {
            INCREF(TUPLE_GET(a, i));
            *dst++ = TUPLE_GET(a, i);
        }
    gc_track(S, &t->ob.ob);
    return &t->ob.ob;
}

static int tuple_contains(PhState *S, PhObject *o, PhObject *v)
{
    for (ssize_t i = 0; i < TUPLE_LEN(o); i++) {
        int r = ctr_eq(S, TUPLE_GET(o, i), v);
        if (r != 0) return r;
    }
    return 0;
}

/* ==== hash, comparison, repr ========================================================= */

/* CPython 3.8+'s tuple hash, a variant of xxHash's 64-bit round. */
#define XXPRIME_1 11400714785074694791ULL
#define XXPRIME_2 14029467366897019727ULL
#define XXPRIME_5 2870177450012600261ULL
#define XXROTATE(x) (((x) << 31) | ((x) >> 33))

static int64_t tuple_hash(PhState *S, PhObject *o)
{
    ssize_t n = TUPLE_LEN(o);
    uint64_t acc = XXPRIME_5;
    for (ssize_t i = 0; i < n; i++) {
        int64_t lane = ctr_hash(S, TUPLE_GET(o, i));
        if (lane == -1) return -1;
        acc += (uint64_t)lane * XXPRIME_2;
        acc = XXROTATE(acc);
        acc *= XXPRIME_1;
    }
    acc += (uint64_t)n ^ (XXPRIME_5 ^ 3527539UL);
    if (acc == (uint64_t)-1) return 1546275796;
    return (int64_t)acc;
}

static PhObject *tuple_richcompare(PhState *S, PhObject *a, PhObject *b, int op)
{
    if (!ctr_is_tuple(S, a) || !ctr_is_tuple(S, b)) {
        INCREF(PH_NOTIMPL(S));
        return PH_NOTIMPL(S);
    }
    return ctr_seq_richcompare(S, a, b, op);
}

static PhObject *tuple_repr(PhState *S, PhObject *o)
{
    ssize_t n = TUPLE_LEN(o);
    if (n == 0) return str_from_cstr(S, "()");
    int rc = ctr_repr_enter(S, o);
    if (rc != 0) return rc > 0 ? str_from_cstr(S, "(...)") : NULL;
    PhObject *r = ctr_repr_items(S, "(", TUPLE_ITEMS(o), n, n == 1 ? ",)" : ")");
    ctr_repr_leave(S, o);
    return r;
}

/* ==== methods ====================================================================== */

/* Resolves index()'s optional start/stop arguments like CPython's
 * _PyEval_SliceIndexNotNone: clamped, negatives counted from the end. */
int ctr_index_bounds(PhState *S, PhObject *const *args, size_t nargs, ssize_t len,
                     ssize_t *start, ssize_t *stop)
{
    *start = 0;
    *stop = PTRDIFF_MAX;
    for (size_t k = 0; k < nargs && k < 2; k++) {
        PhObject *v = args[k];
        if (!ctr_has_index(S, v)) {
            err_format(S, &S->exc.TypeError,
                       "slice indices must be integers or have an __index__ method");
            return -1;
        }
        ssize_t x = num_as_ssize(S, v, true);
        if (x == -1 && err_occurred(S)) return -1;
        if (k == 0) *start = x;
        else *stop = x;
    }
    if (*start < 0) {
        *start += len;
        if (*start < 0) *start = 0;
    }
    if (*stop < 0) {
        *stop += len;
        if (*stop < 0) *stop = 0;
    }
    if (*stop > len) *stop = len;
    return 0;
}

static PhObject *tuple_index_m(PhState *S, PhObject *c, PhObject *const *args, size_t nargs,
                               PhObject *kwnames)
{
    PhObject *self = args[0];
    if (ctr_no_kwargs(S, "tuple.index", kwnames) < 0) return NULL;
    if (ctr_check_positional(S, "index", nargs - 1, 1, 3) < 0) return NULL;
    ssize_t start, stop;
    if (ctr_index_bounds(S, args + 2, nargs - 2, TUPLE_LEN(self), &start, &stop) < 0)
        return NULL;
    for (ssize_t i = start; i < stop && i < TUPLE_LEN(self); i++) {
        int r = ctr_eq(S, TUPLE_GET(self, i), args[1]);
        if (r > 0) return int_from_i64(S, i);
        if (r < 0) return NULL;
    }
    return err_format(S, &S->exc.ValueError, "tuple.index(x): x not in tuple");
}

static PhObject *tuple_count_m(PhState *S, PhObject *c, PhObject *const *args, size_t nargs,
                               PhObject *kwnames)
{
    if (ctr_onearg(S, "tuple.count", nargs - 1, kwnames) < 0) return NULL;
    PhObject *self = args[0];
    ssize_t count = 0;
    for (ssize_t i = 0; i < TUPLE_LEN(self); i++) {
        int r = ctr_eq(S, TUPLE_GET(self, i), args[1]);
        if (r < 0) return NULL;
        count += r;
    }
    return int_from_i64(S, count);
}

static PhObject *tuple_sizeof_m(PhState *S, PhObject *c, PhObject *const *args, size_t nargs,
                                PhObject *kwnames)
{
    if (ctr_noargs(S, "tuple.__sizeof__", nargs - 1, kwnames) < 0) return NULL;
    PhObject *self = args[0];
    return int_from_i64(S, (int64_t)type_object_size(self->type, TUPLE_LEN(self)));
}

static PhObject *tuple_getnewargs_m(PhState *S, PhObject *c, PhObject *const *args,
                                    size_t nargs, PhObject *kwnames)
{
    if (ctr_noargs(S, "tuple.__getnewargs__", nargs - 1, kwnames) < 0) return NULL;
    PhObject *copy = tuple_from_array(S, TUPLE_ITEMS(args[0]), TUPLE_LEN(args[0]));
    if (!copy) return NULL;
    PhObject *r = tuple_pack(S, 1, copy);
    DECREF(S, copy);
    return r;
}

static const PhMethodDef tuple_methods[] = {
    {"index", tuple_index_m, METH_DEFAULT, "Return first index of value."},
    {"count", tuple_count_m, METH_DEFAULT, "Return number of occurrences of value."},
    {"__sizeof__", tuple_sizeof_m, METH_DEFAULT, NULL},
    {"__getnewargs__", tuple_getnewargs_m, METH_DEFAULT, NULL},
    {NULL, NULL, 0, NULL},
};

/* ==== tuple_iterator ================================================================= */

typedef struct PhTupleIter {
    PhObject ob;
    ssize_t index;
    PhObject *seq; /* NULL once exhausted */
} PhTupleIter;

static PhObject *tuple_iter(PhState *S, PhObject *o)
{
    PhTupleIter *it = (PhTupleIter *)obj_alloc(S, &S->types.tuple_iter, sizeof(PhTupleIter));
    if (!it) return err_no_memory(S);
    it->index = 0;
    INCREF(o);
    it->seq = o;
    gc_track(S, &it->ob);
    return &it->ob;
}

static void tupleiter_dealloc(PhState *S, PhObject *o)
{
    gc_untrack(o);
    XDECREF(S, ((PhTupleIter *)o)->seq);
    obj_free(S, o);
}

static int tupleiter_traverse(PhObject *o, visitproc visit, void *arg)
{
    VISIT(((PhTupleIter *)o)->seq);
    return 0;
}

static PhObject *tupleiter_next(PhState *S, PhObject *o)
{
    PhTupleIter *it = (PhTupleIter *)o;
    PhObject *seq = it->seq;
    if (!seq) return NULL;
    if (it->index < TUPLE_LEN(seq)) {
        PhObject *v = TUPLE_GET(seq, it->index++);
        INCREF(v);
        return v;
    }
    it->seq = NULL;
    DECREF(S, seq);
    return NULL;
}

static PhObject *tupleiter_length_hint(PhState *S, PhObject *c, PhObject *const *args,
                                       size_t nargs, PhObject *kwnames)
{
    PhTupleIter *it = (PhTupleIter *)args[0];
    ssize_t n = it->seq ? TUPLE_LEN(it->seq) - it->index : 0;
    return int_from_i64(S, n < 0 ? 0 : n);
}

static const PhMethodDef tupleiter_methods[] = {
    {"__length_hint__", tupleiter_length_hint, METH_DEFAULT, NULL},
    {NULL, NULL, 0, NULL},
};

const PhType tuple_iter_type_template = {
    .name = "tuple_iterator",
    .basicsize = sizeof(PhTupleIter),
    .flags = TPFLAG_HAVE_GC,
    .dealloc = tupleiter_dealloc,
    .traverse = tupleiter_traverse,
    .iter = ctr_self_iter,
    .iternext = tupleiter_next,
    .methods = tupleiter_methods,
};

/* ==== the type ======================================================================= */

static const PhSequenceMethods tuple_as_sequence = {
    .len = tuple_length,
    .concat = tuple_concat,
    .repeat = tuple_repeat,
    .item = tuple_item,
    .contains = tuple_contains,
};

static const PhMappingMethods tuple_as_mapping = {
    .len = tuple_length,
    .subscript = tuple_subscript,
};

const PhType tuple_type_template = {
    .name = "tuple",
    .basicsize = TUPLE_HEADER_SIZE,
    .itemsize = sizeof(PhObject *),
    .flags = TPFLAG_HAVE_GC | TPFLAG_BASETYPE | TPFLAG_TUPLE_SUBCLASS,
    .dealloc = tuple_dealloc,
    .traverse = tuple_traverse,
    .clear = NULL, /* immutable: cycles through tuples are broken elsewhere */
    .maybe_untrack = tuple_maybe_untrack,
    .repr = tuple_repr,
    .hash = tuple_hash,
    .richcompare = tuple_richcompare,
    .iter = tuple_iter,
    .new_ = tuple_new_slot,
    .as_sequence = &tuple_as_sequence,
    .as_mapping = &tuple_as_mapping,
    .methods = tuple_methods,
};

/* ==== start-up and shut-down of the containers ======================================= */

void containers_clear_freelists(PhState *S)
{
    tuple_freelist_clear(S);
    list_freelist_clear(S);
    dict_freelist_clear(S);
}

int containers_init(PhState *S)
{
    PhContainers *C = heap_alloc(mem_of(S)->heap, sizeof *C);
    if (!C) return -1;
    memset(C, 0, sizeof *C);
    S->containers = C;
    C->empty_keys = dict_new_empty_keys(S);
    if (!C->empty_keys) return -1;
    C->str_keys = str_from_cstr(S, "keys");
    if (!C->str_keys || str_intern_in_place(S, &C->str_keys) < 0) return -1;

    /* (): a static-like singleton. Its allocation is not a "container
     * allocation" for the collector (CPython's is static), so the gen-0
     * count is given back at once. */
    PhTuple *e = (PhTuple *)obj_alloc(S, &S->types.tuple, TUPLE_HEADER_SIZE);
    if (!e) return -1;
    gc_note_free(S);
    e->ob.size = 0;
    e->ob.ob.refcnt = OBJ_STATIC_REFCNT;
    S->empty_tuple = &e->ob.ob;

    GcState *G = &mem_of(S)->gc;
    if (!G->clear_freelists) G->clear_freelists = containers_clear_freelists;
    return 0;
}

void containers_fini(PhState *S)
{
    PhContainers *C = ctr_state(S);
    if (!C) return;
    containers_clear_freelists(S);
    slice_cache_clear(S);
    if (S->empty_tuple) {
        /* Drop the singleton's static count; if every other reference was
         * released it is freed now, otherwise the leak shows in the heap. */
        PhObject *e = S->empty_tuple;
        S->empty_tuple = NULL;
        e->refcnt -= OBJ_STATIC_REFCNT - 1;
        DECREF(S, e);
    }
    CLEAR(S, C->str_keys);
    if (C->repr_stack) heap_free(mem_of(S)->heap, C->repr_stack);
    PhDictKeys *k = C->empty_keys;
    S->containers = NULL; /* from here on, dealloc paths bypass the freelists */
    if (k) dict_free_empty_keys(S, k);
    heap_free(mem_of(S)->heap, C);
}
