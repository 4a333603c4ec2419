/* The builtin iterator types enumerate, zip, map, filter and reversed, with
 * CPython 3.11's layouts (getsizeof: enumerate 72, zip 64, map/filter/
 * reversed 48) and its result-tuple reuse: enumerate and zip hand out the
 * same tuple again when the caller dropped it (refcnt back to 1).
 *
 * Limitation: enumerate's counter is a C ssize_t (CPython switches to
 * arbitrary ints past PY_SSIZE_T_MAX).
 */
#include "objects/containers.h"
#include "objects/typeobject.h"

static inline PhObject *next_of(PhState *S, PhObject *it)
{
    iternextfunc f = it->type->iternext;
    return f ? f(S, it) : obj_iternext(S, it);
}

static bool kw_is(PhObject *name, const char *s)
{
    return str_eq_cstr(name, s);
}

/* Reuses a 2-or-more tuple result if nobody else holds it: stores items
 * (references taken over) and returns it with a new reference; NULL if it
 * cannot be reused. */
static PhObject *reuse_result(PhState *S, PhObject *result)
{
    if (!result || result->refcnt != 1) return NULL;
    INCREF(result);
    /* The collector may have untracked it while it held atomic items. */
    if (!gc_is_tracked(result)) gc_track(S, result);
    return result;
}

/* ==== enumerate ======================================================================== */

typedef struct PhEnum {
    PhObject ob;
    ssize_t index;
    PhObject *sit;       /* the underlying iterator */
    PhObject *result;    /* reusable (index, item) tuple */
    PhObject *longindex; /* unused (CPython's counter past ssize_t) */
    PhObject *one;       /* unused, kept for CPython's size */
} PhEnum;

static PhObject *enum_new_slot(PhState *S, PhType *t, PhObject *const *args, size_t nargs,
                               PhObject *kwnames)
{
    PhObject *iterable = nargs > 0 ? args[0] : NULL, *start = nargs > 1 ? args[1] : NULL;
    if (nargs > 2)
        return err_format(S, &S->exc.TypeError, "enumerate() takes at most 2 arguments (%zu given)",
                          nargs + (kwnames ? (size_t)TUPLE_LEN(kwnames) : 0));
    ssize_t nkw = kwnames ? TUPLE_LEN(kwnames) : 0;
    for (ssize_t i = 0; i < nkw; i++) {
        PhObject *name = TUPLE_GET(kwnames, i), *v = args[nargs + i];
        if (kw_is(name, "iterable") && !iterable) iterable = v;
        else if (kw_is(name, "start") && !start) start = v;
        else if (kw_is(name, "iterable") || kw_is(name, "start"))
            return err_format(S, &S->exc.TypeError,
                              "argument for enumerate() given by name ('%U') and position (%d)",
                              name, kw_is(name, "iterable") ? 1 : 2);
        else
            return err_format(S, &S->exc.TypeError,
                              "'%U' is an invalid keyword argument for enumerate()", name);
    }
    if (!iterable)
        return err_format(S, &S->exc.TypeError, "enumerate() missing required argument 'iterable'");
    ssize_t index = 0;
    if (start) {
        bool err;
        index = ctr_as_ssize(S, start, &err);
        if (err) return NULL;
    }
    PhEnum *en = (PhEnum *)obj_alloc(S, t, (size_t)t->basicsize);
    if (!en) return err_no_memory(S);
    memset((char *)en + sizeof(PhObject), 0, (size_t)t->basicsize - sizeof(PhObject));
    en->index = index;
    en->sit = obj_iter(S, iterable);
    if (!en->sit) {
        DECREF(S, &en->ob);
        return NULL;
    }
    en->result = tuple_pack(S, 2, PH_NONE(S), PH_NONE(S));
    if (!en->result) {
        DECREF(S, &en->ob);
        return NULL;
    }
    gc_track(S, &en->ob);
    return &en->ob;
}

static void enum_dealloc(PhState *S, PhObject *o)
{
    PhEnum *en = (PhEnum *)o;
    gc_untrack(o);
    XDECREF(S, en->sit);
    XDECREF(S, en->result);
    XDECREF(S, en->longindex);
    XDECREF(S, en->one);
    obj_free(S, o);
}

static int enum_traverse(PhObject *o, visitproc visit, void *arg)
{
    PhEnum *en = (PhEnum *)o;
    VISIT(en->sit);
    VISIT(en->result);
    VISIT(en->longindex);
    return 0;
}

static PhObject *enum_next(PhState *S, PhObject *o)
{
    PhEnum *en = (PhEnum *)o;
    PhObject *item = next_of(S, en->sit);
    if (!item) return NULL;
    PhObject *idx = int_from_i64(S, en->index);
    if (!idx) {
        DECREF(S, item);
        return NULL;
    }
    en->index++;
    PhObject *r = reuse_result(S, en->result);
    if (r) {
        PhObject *oi = TUPLE_GET(r, 0), *ov = TUPLE_GET(r, 1);
        TUPLE_SET(r, 0, idx);
        TUPLE_SET(r, 1, item);
        DECREF(S, oi);
        DECREF(S, ov);
        return r;
    }
    r = tuple_new(S, 2);
    if (!r) {
        DECREF(S, idx);
        DECREF(S, item);
        return NULL;
    }
    TUPLE_SET(r, 0, idx);
    TUPLE_SET(r, 1, item);
    return r;
}

const PhType enumerate_type_template = {
    .name = "enumerate",
    .basicsize = sizeof(PhEnum),
    .flags = TPFLAG_HAVE_GC | TPFLAG_BASETYPE,
    .dealloc = enum_dealloc,
    .traverse = enum_traverse,
    .iter = ctr_self_iter,
    .iternext = enum_next,
    .new_ = enum_new_slot,
};

/* ==== zip ================================================================================ */

typedef struct PhZip {
    PhObject ob;
    ssize_t tuplesize;
    PhObject *ittuple; /* tuple of iterators */
    PhObject *result;  /* reusable result tuple */
    int strict;
} PhZip;

static PhObject *zip_new_slot(PhState *S, PhType *t, PhObject *const *args, size_t nargs,
                              PhObject *kwnames)
{
    int strict = 0;
    ssize_t nkw = kwnames ? TUPLE_LEN(kwnames) : 0;
    for (ssize_t i = 0; i < nkw; i++) {
        PhObject *name = TUPLE_GET(kwnames, i);
        if (!kw_is(name, "strict"))
            return err_format(S, &S->exc.TypeError, "'%U' is an invalid keyword argument for zip()",
                              name);
        strict = obj_is_true(S, args[nargs + i]);
        if (strict < 0) return NULL;
    }
    PhObject *ittuple = tuple_new(S, (ssize_t)nargs);
    if (!ittuple) return NULL;
    for (size_t i = 0; i < nargs; i++) {
        PhObject *it = obj_iter(S, args[i]);
        if (!it) {
            DECREF(S, ittuple);
            return NULL;
        }
        TUPLE_SET(ittuple, (ssize_t)i, it);
    }
    PhObject *result = tuple_new(S, (ssize_t)nargs);
    if (!result) {
        DECREF(S, ittuple);
        return NULL;
    }
    for (size_t i = 0; i < nargs; i++) {
        INCREF(PH_NONE(S));
        TUPLE_SET(result, (ssize_t)i, PH_NONE(S));
    }
    PhZip *z = (PhZip *)obj_alloc(S, t, (size_t)t->basicsize);
    if (!z) {
        DECREF(S, ittuple);
        DECREF(S, result);
        return err_no_memory(S);
    }
    memset((char *)z + sizeof(PhObject), 0, (size_t)t->basicsize - sizeof(PhObject));
    z->tuplesize = (ssize_t)nargs;
    z->ittuple = ittuple;
    z->result = result;
    z->strict = strict;
    gc_track(S, &z->ob);
    return &z->ob;
}

static void zip_dealloc(PhState *S, PhObject *o)
{
    PhZip *z = (PhZip *)o;
    gc_untrack(o);
    XDECREF(S, z->ittuple);
    XDECREF(S, z->result);
    obj_free(S, o);
}

static int zip_traverse(PhObject *o, visitproc visit, void *arg)
{
    PhZip *z = (PhZip *)o;
    VISIT(z->ittuple);
    VISIT(z->result);
    return 0;
}

/* strict=True: the first iterator ran out at position i; are the others
 * exhausted too? Raises CPython's ValueError otherwise. */
static PhObject *zip_check_strict(PhState *S, PhZip *z, ssize_t i)
{
    if (err_occurred(S)) {
        if (!ctr_clear_stop_iteration(S)) return NULL;
    }
    if (i) {
        return err_format(S, &S->exc.ValueError, "zip() argument %zd is shorter than argument%s%zd",
                          i + 1, i == 1 ? " " : "s 1-", i);
    }
    for (i = 1; i < z->tuplesize; i++) {
        PhObject *item = next_of(S, TUPLE_GET(z->ittuple, i));
        if (item) {
            DECREF(S, item);
            return err_format(S, &S->exc.ValueError,
                              "zip() argument %zd is longer than argument%s%zd", i + 1,
                              i == 1 ? " " : "s 1-", i);
        }
        if (err_occurred(S) && !ctr_clear_stop_iteration(S)) return NULL;
    }
    return NULL;
}

static PhObject *zip_next(PhState *S, PhObject *o)
{
    PhZip *z = (PhZip *)o;
    ssize_t n = z->tuplesize;
    if (n == 0) return NULL;
    PhObject *r = reuse_result(S, z->result);
    if (r) {
        for (ssize_t i = 0; i < n; i++) {
            PhObject *item = next_of(S, TUPLE_GET(z->ittuple, i));
            if (!item) {
                DECREF(S, r);
                return z->strict ? zip_check_strict(S, z, i) : NULL;
            }
            PhObject *old = TUPLE_GET(r, i);
            TUPLE_SET(r, i, item);
            DECREF(S, old);
        }
        return r;
    }
    r = tuple_new(S, n);
    if (!r) return NULL;
    for (ssize_t i = 0; i < n; i++) {
        PhObject *item = next_of(S, TUPLE_GET(z->ittuple, i));
        if (!item) {
            /* Fill the rest so the tuple is complete when it is freed. */
            for (ssize_t j = i; j < n; j++) {
                INCREF(PH_NONE(S));
                TUPLE_SET(r, j, PH_NONE(S));
            }
            DECREF(S, r);
            return z->strict ? zip_check_strict(S, z, i) : NULL;
        }
        TUPLE_SET(r, i, item);
    }
    return r;
}

const PhType zip_type_template = {
    .name = "zip",
    .basicsize = sizeof(PhZip),
    .flags = TPFLAG_HAVE_GC | TPFLAG_BASETYPE,
    .dealloc = zip_dealloc,
    .traverse = zip_traverse,
    .iter = ctr_self_iter,
    .iternext = zip_next,
    .new_ = zip_new_slot,
};

/* ==== map ================================================================================== */

typedef struct PhMap {
    PhObject ob;
    PhObject *iters; /* tuple of iterators */
    PhObject *func;
} PhMap;

static PhObject *map_new_slot(PhState *S, PhType *t, PhObject *const *args, size_t nargs,
                              PhObject *kwnames)
{
    if (ctr_no_kwargs(S, "map", kwnames) < 0) return NULL;
    if (nargs < 2) return err_format(S, &S->exc.TypeError, "map() must have at least two arguments.");
    PhObject *iters = tuple_new(S, (ssize_t)nargs - 1);
    if (!iters) return NULL;
    for (size_t i = 1; i < nargs; i++) {
        PhObject *it = obj_iter(S, args[i]);
        if (!it) {
            DECREF(S, iters);
            return NULL;
        }
        TUPLE_SET(iters, (ssize_t)i - 1, it);
    }
    PhMap *m = (PhMap *)obj_alloc(S, t, (size_t)t->basicsize);
    if (!m) {
        DECREF(S, iters);
        return err_no_memory(S);
    }
    memset((char *)m + sizeof(PhObject), 0, (size_t)t->basicsize - sizeof(PhObject));
    m->iters = iters;
    INCREF(args[0]);
    m->func = args[0];
    gc_track(S, &m->ob);
    return &m->ob;
}

static void map_dealloc(PhState *S, PhObject *o)
{
    PhMap *m = (PhMap *)o;
    gc_untrack(o);
    XDECREF(S, m->iters);
    XDECREF(S, m->func);
    obj_free(S, o);
}

static int map_traverse(PhObject *o, visitproc visit, void *arg)
{
    PhMap *m = (PhMap *)o;
    VISIT(m->iters);
    VISIT(m->func);
    return 0;
}

#define MAP_STACK_ARGS 5

static PhObject *map_next(PhState *S, PhObject *o)
{
    PhMap *m = (PhMap *)o;
    ssize_t n = TUPLE_LEN(m->iters);
    PhObject *small[MAP_STACK_ARGS], **stack = small;
    if (n > MAP_STACK_ARGS) {
        stack = heap_alloc(mem_of(S)->heap, (size_t)n * sizeof(PhObject *));
        if (!stack) return err_no_memory(S);
    }
    ssize_t got = 0;
    PhObject *r = NULL;
    for (; got < n; got++) {
        stack[got] = next_of(S, TUPLE_GET(m->iters, got));
        if (!stack[got]) goto done;
    }
    r = obj_call(S, m->func, stack, (size_t)n, NULL);
done:
    for (ssize_t i = 0; i < got; i++) DECREF(S, stack[i]);
    if (stack != small) heap_free(mem_of(S)->heap, stack);
    return r;
}

const PhType map_type_template = {
    .name = "map",
    .basicsize = sizeof(PhMap),
    .flags = TPFLAG_HAVE_GC | TPFLAG_BASETYPE,
    .dealloc = map_dealloc,
    .traverse = map_traverse,
    .iter = ctr_self_iter,
    .iternext = map_next,
    .new_ = map_new_slot,
};

/* ==== filter =============================================================================== */

typedef struct PhFilter {
    PhObject ob;
    PhObject *func;
    PhObject *it;
} PhFilter;

static PhObject *filter_new_slot(PhState *S, PhType *t, PhObject *const *args, size_t nargs,
                                 PhObject *kwnames)
{
    if (ctr_no_kwargs(S, "filter", kwnames) < 0) return NULL;
    if (ctr_check_positional(S, "filter", nargs, 2, 2) < 0) return NULL;
    PhObject *it = obj_iter(S, args[1]);
    if (!it) return NULL;
    PhFilter *f = (PhFilter *)obj_alloc(S, t, (size_t)t->basicsize);
    if (!f) {
        DECREF(S, it);
        return err_no_memory(S);
    }
    memset((char *)f + sizeof(PhObject), 0, (size_t)t->basicsize - sizeof(PhObject));
    INCREF(args[0]);
    f->func = args[0];
    f->it = it;
    gc_track(S, &f->ob);
    return &f->ob;
}

static void filter_dealloc(PhState *S, PhObject *o)
{
    PhFilter *f = (PhFilter *)o;
    gc_untrack(o);
    XDECREF(S, f->func);
    XDECREF(S, f->it);
    obj_free(S, o);
}

static int filter_traverse(PhObject *o, visitproc visit, void *arg)
{
    PhFilter *f = (PhFilter *)o;
    VISIT(f->func);
    VISIT(f->it);
    return 0;
}

static PhObject *filter_next(PhState *S, PhObject *o)
{
    PhFilter *f = (PhFilter *)o;
    bool checktrue = f->func == PH_NONE(S) || f->func == (PhObject *)&S->types.bool_;
    for (;;) {
        PhObject *item = next_of(S, f->it);
        if (!item) return NULL;
        int ok;
        if (checktrue) {
            ok = obj_is_true(S, item);
        } else {
            PhObject *good = obj_call1(S, f->func, item);
            if (!good) {
                DECREF(S, item);
                return NULL;
            }
            ok = obj_is_true(S, good);
            DECREF(S, good);
        }
        if (ok > 0) return item;
        DECREF(S, item);
        if (ok < 0) return NULL;
    }
}

const PhType filter_type_template = {
    .name = "filter",
    .basicsize = sizeof(PhFilter),
    .flags = TPFLAG_HAVE_GC | TPFLAG_BASETYPE,
    .dealloc = filter_dealloc,
    .traverse = filter_traverse,
    .iter = ctr_self_iter,
    .iternext = filter_next,
    .new_ = filter_new_slot,
};

/* ==== reversed ============================================================================== */

typedef struct PhReversed {
    PhObject ob;
    ssize_t index;
    PhObject *seq; /* NULL once exhausted */
} PhReversed;

/* PySequence_Check: indexable by int and not a dict. */
static bool is_sequence(PhState *S, PhObject *o)
{
    const PhType *t = o->type;
    if (ctr_is_dict(S, o)) return false;
    if (t->as_sequence && t->as_sequence->item) return true;
    return (t->flags & TPFLAG_HEAPTYPE) && S->ids && type_lookup((PhType *)t, ID(S, __getitem__));
}

static PhObject *seq_getitem(PhState *S, PhObject *seq, ssize_t i)
{
    const PhType *t = seq->type;
    if (t->as_sequence && t->as_sequence->item) return t->as_sequence->item(S, seq, i);
    PhObject *idx = int_from_i64(S, i);
    if (!idx) return NULL;
    PhObject *r = obj_getitem(S, seq, idx);
    DECREF(S, idx);
    return r;
}

static PhObject *reversed_alloc(PhState *S, PhType *t, PhObject *seq);

static PhObject *reversed_new_slot(PhState *S, PhType *t, PhObject *const *args, size_t nargs,
                                   PhObject *kwnames)
{
    if (t == &S->types.reversed && ctr_no_kwargs(S, "reversed", kwnames) < 0) return NULL;
    if (ctr_check_positional(S, "reversed", nargs, 1, 1) < 0) return NULL;
    PhObject *seq = args[0];
    PhObject *meth = S->ids ? type_lookup(seq->type, ID(S, __reversed__)) : NULL;
    if (meth == PH_NONE(S))
        return err_format(S, &S->exc.TypeError, "'%s' object is not reversible", seq->type->name);
    if (meth) return obj_call_method(S, seq, "__reversed__", NULL, 0);
    return reversed_alloc(S, t, seq);
}

PhObject *reversed_of_sequence(PhState *S, PhObject *seq)
{
    return reversed_alloc(S, &S->types.reversed, seq);
}

static PhObject *reversed_alloc(PhState *S, PhType *t, PhObject *seq)
{
    if (!is_sequence(S, seq))
        return err_format(S, &S->exc.TypeError, "'%s' object is not reversible", seq->type->name);
    ssize_t n = obj_len(S, seq);
    if (n < 0) return NULL;
    PhReversed *ro = (PhReversed *)obj_alloc(S, t, (size_t)t->basicsize);
    if (!ro) return err_no_memory(S);
    memset((char *)ro + sizeof(PhObject), 0, (size_t)t->basicsize - sizeof(PhObject));
    ro->index = n - 1;
    INCREF(seq);
    ro->seq = seq;
    gc_track(S, &ro->ob);
    return &ro->ob;
}

static void reversed_dealloc(PhState *S, PhObject *o)
{
    gc_untrack(o);
    XDECREF(S, ((PhReversed *)o)->seq);
    obj_free(S, o);
}

static int reversed_traverse(PhObject *o, visitproc visit, void *arg)
{
    VISIT(((PhReversed *)o)->seq);
    return 0;
}

static PhObject *reversed_next(PhState *S, PhObject *o)
{
    PhReversed *ro = (PhReversed *)o;
    if (ro->index >= 0 && ro->seq) {
        PhObject *item = seq_getitem(S, ro->seq, ro->index);
        if (item) {
            ro->index--;
            return item;
        }
        if (!err_matches(S, (PhObject *)&S->exc.IndexError) &&
            !err_matches(S, (PhObject *)&S->exc.StopIteration))
            return NULL;
        err_clear(S);
    }
    ro->index = -1;
    CLEAR(S, ro->seq);
    return NULL;
}

static PhObject *reversed_length_hint(PhState *S, PhObject *c, PhObject *const *args,
                                      size_t nargs, PhObject *kwnames)
{
    PhReversed *ro = (PhReversed *)args[0];
    if (!ro->seq) return int_from_i64(S, 0);
    ssize_t n = obj_len(S, ro->seq);
    if (n < 0) return NULL;
    ssize_t pos = ro->index + 1;
    return int_from_i64(S, n < pos ? 0 : pos);
}

static const PhMethodDef reversed_methods[] = {
    {"__length_hint__", reversed_length_hint, METH_DEFAULT, NULL},
    {NULL, NULL, 0, NULL},
};

const PhType reversed_type_template = {
    .name = "reversed",
    .basicsize = sizeof(PhReversed),
    .flags = TPFLAG_HAVE_GC | TPFLAG_BASETYPE,
    .dealloc = reversed_dealloc,
    .traverse = reversed_traverse,
    .iter = ctr_self_iter,
    .iternext = reversed_next,
    .new_ = reversed_new_slot,
    .methods = reversed_methods,
};
