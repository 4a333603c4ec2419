/* slice objects (CPython 3.11: GC type, 40 bytes + 16, one cached dead
 * slice reused by the next slice built) and the index arithmetic every
 * sequence uses (PySlice_Unpack + PySlice_AdjustIndices). */
#include "objects/slice.h"

#include "objects/containers.h"

#include <stdint.h>

static inline PhSlice *SL(PhObject *o) { return (PhSlice *)o; }

PhObject *slice_new(PhState *S, PhObject *start, PhObject *stop, PhObject *step)
{
    PhContainers *C = ctr_state(S);
    PhSlice *s;
    if (C && C->slice_cache) {
        s = (PhSlice *)C->slice_cache;
        C->slice_cache = NULL;
        s->ob.refcnt = 1;
    } else {
        s = (PhSlice *)obj_alloc(S, &S->types.slice, sizeof(PhSlice));
        if (!s) return err_no_memory(S);
    }
    if (!start) start = PH_NONE(S);
    if (!stop) stop = PH_NONE(S);
    if (!step) step = PH_NONE(S);
    INCREF(start);
    INCREF(stop);
    INCREF(step);
    s->start = start;
    s->stop = stop;
    s->step = step;
    gc_track(S, &s->ob);
    return &s->ob;
}

static void slice_dealloc(PhState *S, PhObject *o)
{
    PhSlice *s = SL(o);
    gc_untrack(o);
    DECREF(S, s->step);
    DECREF(S, s->start);
    DECREF(S, s->stop);
    PhContainers *C = ctr_state(S);
    if (C && !C->slice_cache) {
        C->slice_cache = o; /* kept: not freed, gen-0 count untouched */
        return;
    }
    obj_free(S, o);
}

void slice_cache_clear(PhState *S)
{
    PhContainers *C = ctr_state(S);
    if (C && C->slice_cache) {
        PhObject *o = C->slice_cache;
        C->slice_cache = NULL;
        obj_free(S, o);
    }
}

static int slice_traverse(PhObject *o, visitproc visit, void *arg)
{
    PhSlice *s = SL(o);
    VISIT(s->start);
    VISIT(s->stop);
    VISIT(s->step);
    return 0;
}

/* _PyEval_SliceIndex: None leaves *pi alone; big ints are clamped. */
static int slice_index(PhState *S, PhObject *v, ssize_t *pi)
{
    if (v == PH_NONE(S)) return 0;
    if (!ctr_has_index(S, v)) {
        err_format(S, &S->exc.TypeError,
                   "slice indices must be integers or None or have an __index__ method");
        return -1;
    }
    ssize_t x = num_as_ssize(S, v, true);
    if (x == -1 && err_occurred(S)) return -1;
    *pi = x;
    return 0;
}

int slice_unpack(PhState *S, PhObject *slice, ssize_t *start, ssize_t *stop, ssize_t *step)
{
    PhSlice *r = SL(slice);
    if (r->step == PH_NONE(S)) {
        *step = 1;
    } else {
        if (slice_index(S, r->step, step) < 0) return -1;
        if (*step == 0) {
            err_format(S, &S->exc.ValueError, "slice step cannot be zero");
            return -1;
        }
        /* Keep -step representable. */
        if (*step < -PTRDIFF_MAX) *step = -PTRDIFF_MAX;
    }
    if (r->start == PH_NONE(S)) *start = *step < 0 ? PTRDIFF_MAX : 0;
    else if (slice_index(S, r->start, start) < 0) return -1;
    if (r->stop == PH_NONE(S)) *stop = *step < 0 ? PTRDIFF_MIN : PTRDIFF_MAX;
    else if (slice_index(S, r->stop, stop) < 0) return -1;
    return 0;
}

ssize_t slice_adjust_indices(ssize_t length, ssize_t *start, ssize_t *stop, ssize_t step)
{
    if (*start < 0) {
        *start += length;
        if (*start < 0) *start = step < 0 ? -1 : 0;
    } else if (*start >= length) {
        *start = step < 0 ? length - 1 : length;
    }
    if (*stop < 0) {
        *stop += length;
        if (*stop < 0) *stop = step < 0 ? -1 : 0;
    } else if (*stop >= length) {
        *stop = step < 0 ? length - 1 : length;
    }
    if (step < 0) {
        if (*stop < *start) return (*start - *stop - 1) / (-step) + 1;
    } else if (*start < *stop) {
        return (*stop - *start - 1) / step + 1;
    }
    return 0;
}

int slice_unpack_indices(PhState *S, PhObject *slice, ssize_t len, ssize_t *start,
                         ssize_t *stop, ssize_t *step, ssize_t *slicelen)
{
    if (slice_unpack(S, slice, start, stop, step) < 0) return -1;
    *slicelen = slice_adjust_indices(len, start, stop, *step);
    return 0;
}

/* ==== Python-level behaviour ========================================================== */

static PhObject *slice_repr(PhState *S, PhObject *o)
{
    PhSlice *s = SL(o);
    StrBuilder b;
    sb_init(&b);
    if (sb_append_cstr(S, &b, "slice(") < 0 || sb_append_repr(S, &b, s->start) < 0 ||
        sb_append_ascii(S, &b, ", ", 2) < 0 || sb_append_repr(S, &b, s->stop) < 0 ||
        sb_append_ascii(S, &b, ", ", 2) < 0 || sb_append_repr(S, &b, s->step) < 0 ||
        sb_append_ascii(S, &b, ")", 1) < 0) {
        sb_discard(S, &b);
        return NULL;
    }
    return sb_finish(S, &b);
}

static PhObject *slice_richcompare(PhState *S, PhObject *v, PhObject *w, int op)
{
    if (v->type != &S->types.slice || w->type != &S->types.slice) {
        INCREF(PH_NOTIMPL(S));
        return PH_NOTIMPL(S);
    }
    if (v == w) return ph_bool(S, op == CMP_EQ || op == CMP_LE || op == CMP_GE);
    PhObject *t1 = tuple_pack(S, 3, SL(v)->start, SL(v)->stop, SL(v)->step);
    if (!t1) return NULL;
    PhObject *t2 = tuple_pack(S, 3, SL(w)->start, SL(w)->stop, SL(w)->step);
    if (!t2) {
        DECREF(S, t1);
        return NULL;
    }
    PhObject *r = obj_richcompare(S, t1, t2, op);
    DECREF(S, t1);
    DECREF(S, t2);
    return r;
}

static PhObject *slice_new_slot(PhState *S, PhType *t, PhObject *const *args, size_t nargs,
                                PhObject *kwnames)
{
    if (ctr_no_kwargs(S, "slice", kwnames) < 0) return NULL;
    if (ctr_check_positional(S, "slice", nargs, 1, 3) < 0) return NULL;
    if (nargs == 1) return slice_new(S, NULL, args[0], NULL);
    return slice_new(S, args[0], args[1], nargs == 3 ? args[2] : NULL);
}

static PhObject *slice_indices_m(PhState *S, PhObject *c, PhObject *const *args, size_t nargs,
                                 PhObject *kwnames)
{
    if (ctr_onearg(S, "slice.indices", nargs - 1, kwnames) < 0) return NULL;
    PhObject *lenobj = num_index(S, args[1]);
    if (!lenobj) return NULL;
    ssize_t len = num_as_ssize(S, lenobj, false);
    DECREF(S, lenobj);
    if (len == -1 && err_occurred(S)) return NULL;
    if (len < 0) return err_format(S, &S->exc.ValueError, "length should not be negative");
    ssize_t start, stop, step;
    if (slice_unpack(S, args[0], &start, &stop, &step) < 0) return NULL;
    slice_adjust_indices(len, &start, &stop, step);
    PhObject *a = int_from_i64(S, start), *b = int_from_i64(S, stop), *s = int_from_i64(S, step);
    PhObject *r = (a && b && s) ? tuple_pack(S, 3, a, b, s) : NULL;
    XDECREF(S, a);
    XDECREF(S, b);
    XDECREF(S, s);
    return r;
}

static PhObject *slice_reduce_m(PhState *S, PhObject *c, PhObject *const *args, size_t nargs,
                                PhObject *kwnames)
{
    if (ctr_noargs(S, "slice.__reduce__", nargs - 1, kwnames) < 0) return NULL;
    PhSlice *s = SL(args[0]);
    PhObject *t = tuple_pack(S, 3, s->start, s->stop, s->step);
    if (!t) return NULL;
    PhObject *r = tuple_pack(S, 2, (PhObject *)&S->types.slice, t);
    DECREF(S, t);
    return r;
}

static const PhMethodDef slice_methods[] = {
    {"indices", slice_indices_m, METH_DEFAULT,
     "S.indices(len) -> (start, stop, stride)"},
    {"__reduce__", slice_reduce_m, METH_DEFAULT, "Return state information for pickling."},
    {NULL, NULL, 0, NULL},
};

static PhObject *get_start(PhState *S, PhObject *o)
{
    INCREF(SL(o)->start);
    return SL(o)->start;
}
static PhObject *get_stop(PhState *S, PhObject *o)
{
    INCREF(SL(o)->stop);
    return SL(o)->stop;
}
static PhObject *get_step(PhState *S, PhObject *o)
{
    INCREF(SL(o)->step);
    return SL(o)->step;
}

static const PhGetSetDef slice_getsets[] = {
    {"start", get_start, NULL},
    {"stop", get_stop, NULL},
    {"step", get_step, NULL},
    {NULL, NULL, NULL},
};

const PhType slice_type_template = {
    .name = "slice",
    .basicsize = sizeof(PhSlice),
    .flags = TPFLAG_HAVE_GC,
    .dealloc = slice_dealloc,
    .traverse = slice_traverse,
    .repr = slice_repr,
    .hash = ctr_unhashable,
    .richcompare = slice_richcompare,
    .new_ = slice_new_slot,
    .methods = slice_methods,
    .getsets = slice_getsets,
};
