/* Generic iterators (seq_iter for classes with only __getitem__, and
 * callable_iter for iter(callable, sentinel)), and the helpers every
 * container file shares (containers.h): argument checks with CPython's
 * messages, the repr recursion guard, a string buffer for reprs, length
 * hints. */
#include "objects/iterobject.h"

#include "objects/containers.h"
#include "objects/typeobject.h"

#include <stdio.h>

/* ==== helpers shared by the container files ===================================== */

bool ctr_may_be_tracked(PhObject *o)
{
    if (!obj_is_gc(o)) return false;
    /* An exact tuple (not a subclass: heap types carry TPFLAG_HEAPTYPE) counts
     * only while it is tracked: untracked tuples hold only atomic items. */
    if (o->type->maybe_untrack == tuple_maybe_untrack && !(o->type->flags & TPFLAG_HEAPTYPE))
        return gc_is_tracked(o);
    return true;
}

PhObject *ctr_alloc_subtype(PhState *S, PhType *t)
{
    PhObject *o = obj_alloc(S, t, (size_t)t->basicsize);
    if (!o) return err_no_memory(S);
    memset((char *)o + sizeof(PhObject), 0, (size_t)t->basicsize - sizeof(PhObject));
    return o;
}

void ctr_key_error(PhState *S, PhObject *key)
{
    /* KeyError(key) built by calling the class, so a tuple key stays one
     * argument (CPython's _PyErr_SetKeyError). */
    PhObject *exc = obj_call1(S, (PhObject *)&S->exc.KeyError, key);
    if (!exc) return;
    err_set_raised(S, exc);
    DECREF(S, exc);
}

int64_t ctr_unhashable(PhState *S, PhObject *o)
{
    err_format(S, &S->exc.TypeError, "unhashable type: '%s'", o->type->name);
    return -1;
}

int ctr_no_kwargs(PhState *S, const char *qualname, PhObject *kwnames)
{
    if (kwnames && TUPLE_LEN(kwnames) > 0) {
        err_format(S, &S->exc.TypeError, "%s() takes no keyword arguments", qualname);
        return -1;
    }
    return 0;
}

int ctr_noargs(PhState *S, const char *qualname, size_t nargs, PhObject *kwnames)
{
    if (ctr_no_kwargs(S, qualname, kwnames) < 0) return -1;
    if (nargs != 0) {
        err_format(S, &S->exc.TypeError, "%s() takes no arguments (%zu given)", qualname, nargs);
        return -1;
    }
    return 0;
}

int ctr_onearg(PhState *S, const char *qualname, size_t nargs, PhObject *kwnames)
{
    if (ctr_no_kwargs(S, qualname, kwnames) < 0) return -1;
    if (nargs != 1) {
        err_format(S, &S->exc.TypeError, "%s() takes exactly one argument (%zu given)", qualname,
                   nargs);
        return -1;
    }
    return 0;
}

int ctr_check_positional(PhState *S, const char *name, size_t nargs, size_t min, size_t max)
{
    if (nargs < min) {
        err_format(S, &S->exc.TypeError, "%s expected %s%zu argument%s, got %zu", name,
                   min == max ? "" : "at least ", min, min == 1 ? "" : "s", nargs);
        return -1;
    }
    if (nargs > max) {
        err_format(S, &S->exc.TypeError, "%s expected %s%zu argument%s, got %zu", name,
                   min == max ? "" : "at most ", max, max == 1 ? "" : "s", nargs);
        return -1;
    }
    return 0;
}

bool ctr_has_index(PhState *S, PhObject *o)
{
    return ctr_is_int(S, o) || (o->type->as_number && o->type->as_number->index);
}

ssize_t ctr_as_index(PhState *S, PhObject *o, bool *err)
{
    *err = false;
    if (o->type == &S->types.int_ || o->type == &S->types.bool_) {
        int overflow = 0;
        int64_t v = int_as_i64(o, &overflow);
        if (!overflow) return (ssize_t)v;
        err_format(S, &S->exc.IndexError, "cannot fit 'int' into an index-sized integer");
        *err = true;
        return -1;
    }
    ssize_t v = num_as_ssize(S, o, false);
    if (v == -1 && err_occurred(S)) {
        if (err_matches(S, (PhObject *)&S->exc.OverflowError)) {
            err_clear(S);
            err_format(S, &S->exc.IndexError, "cannot fit '%s' into an index-sized integer",
                       o->type->name);
        }
        *err = true;
    }
    return v;
}

ssize_t ctr_as_ssize(PhState *S, PhObject *o, bool *err)
{
    *err = false;
    PhObject *i = num_index(S, o);
    if (!i) {
        *err = true;
        return -1;
    }
    int overflow = 0;
    int64_t v = int_as_i64(i, &overflow);
    DECREF(S, i);
    if (overflow) {
        err_format(S, &S->exc.OverflowError, "Python int too large to convert to C ssize_t");
        *err = true;
        return -1;
    }
    return (ssize_t)v;
}

/* ---- the repr recursion guard (Py_ReprEnter / Py_ReprLeave) --------------------- */

int ctr_repr_enter(PhState *S, PhObject *o)
{
    PhContainers *C = ctr_state(S);
    for (ssize_t i = C->repr_len - 1; i >= 0; i--)
        if (C->repr_stack[i] == o) return 1;
    if (C->repr_len == C->repr_cap) {
        ssize_t cap = C->repr_cap ? C->repr_cap * 2 : 16;
        PhObject **p = heap_realloc(mem_of(S)->heap, C->repr_stack, (size_t)cap * sizeof *p);
        if (!p) {
            err_no_memory(S);
            return -1;
        }
        C->repr_stack = p;
        C->repr_cap = cap;
    }
    C->repr_stack[C->repr_len++] = o;
    return 0;
}

void ctr_repr_leave(PhState *S, PhObject *o)
{
    PhContainers *C = ctr_state(S);
    for (ssize_t i = C->repr_len - 1; i >= 0; i--) {
        if (C->repr_stack[i] == o) {
            memmove(&C->repr_stack[i], &C->repr_stack[i + 1],
                    (size_t)(C->repr_len - i - 1) * sizeof(PhObject *));
            C->repr_len--;
            return;
        }
    }
}

PhObject *ctr_repr_items(PhState *S, const char *open, PhObject *const *items, ssize_t n,
                         const char *close)
{
    StrBuilder b;
    sb_init(&b);
    if (sb_append_cstr(S, &b, open) < 0) goto fail;
    for (ssize_t i = 0; i < n; i++) {
        if (i > 0 && sb_append_ascii(S, &b, ", ", 2) < 0) goto fail;
        if (sb_append_repr(S, &b, items[i]) < 0) goto fail;
    }
    if (sb_append_cstr(S, &b, close) < 0) goto fail;
    return sb_finish(S, &b);
fail:
    sb_discard(S, &b);
    return NULL;
}

/* ---- iteration helpers ------------------------------------------------------------ */

PhObject *ctr_self_iter(PhState *S, PhObject *o)
{
    (void)S;
    INCREF(o);
    return o;
}

bool ctr_clear_stop_iteration(PhState *S)
{
    if (err_occurred(S) && err_matches(S, (PhObject *)&S->exc.StopIteration)) {
        err_clear(S);
        return true;
    }
    return false;
}

static bool type_has_len(const PhType *t)
{
    return (t->as_sequence && t->as_sequence->len) || (t->as_mapping && t->as_mapping->len);
}

/* A builtin type's own C method `name`, found without building a bound
 * method (our iterators' __length_hint__). */
static const PhMethodDef *static_method(const PhType *t, const char *name)
{
    if (!(t->flags & TPFLAG_STATIC_TYPE) || !t->methods) return NULL;
    for (const PhMethodDef *m = t->methods; m->name; m++)
        if (strcmp(m->name, name) == 0) return m;
    return NULL;
}

ssize_t ctr_length_hint(PhState *S, PhObject *o, ssize_t dflt)
{
    if (type_has_len(o->type)) {
        ssize_t n = obj_len(S, o);
        if (n >= 0) return n;
        if (!err_matches(S, (PhObject *)&S->exc.TypeError)) return -1;
        err_clear(S);
    }
    PhObject *r;
    const PhMethodDef *m = static_method(o->type, "__length_hint__");
    if (m) {
        r = m->fn(S, NULL, &o, 1, NULL);
    } else {
        if (!S->ids || !type_lookup(o->type, ID(S, __length_hint__))) return dflt;
        r = obj_call_method(S, o, "__length_hint__", NULL, 0);
    }
    if (!r) {
        if (!err_matches(S, (PhObject *)&S->exc.TypeError)) return -1;
        err_clear(S);
        return dflt;
    }
    if (r == PH_NOTIMPL(S)) {
        DECREF(S, r);
        return dflt;
    }
    if (!ctr_is_int(S, r)) {
        err_format(S, &S->exc.TypeError, "__length_hint__ must be an integer, not %.100s",
                   r->type->name);
        DECREF(S, r);
        return -1;
    }
    ssize_t n = num_as_ssize(S, r, false);
    DECREF(S, r);
    if (n == -1 && err_occurred(S)) return -1;
    if (n < 0) {
        err_format(S, &S->exc.ValueError, "__length_hint__() should return >= 0");
        return -1;
    }
    return n;
}

/* ==== seq_iter: iteration by __getitem__(0), (1), ... until IndexError ============= */

typedef struct PhSeqIter {
    PhObject ob;
    ssize_t index;
    PhObject *seq; /* NULL once exhausted */
} PhSeqIter;

PhObject *seq_iter_new(PhState *S, PhObject *seq)
{
    PhSeqIter *it = (PhSeqIter *)obj_alloc(S, &S->types.seq_iter, sizeof(PhSeqIter));
    if (!it) return err_no_memory(S);
    it->index = 0;
    INCREF(seq);
    it->seq = seq;
    gc_track(S, &it->ob);
    return &it->ob;
}

static void seqiter_dealloc(PhState *S, PhObject *o)
{
    gc_untrack(o);
    XDECREF(S, ((PhSeqIter *)o)->seq);
    obj_free(S, o);
}

static int seqiter_traverse(PhObject *o, visitproc visit, void *arg)
{
    VISIT(((PhSeqIter *)o)->seq);
    return 0;
}

static PhObject *seqiter_next(PhState *S, PhObject *o)
{
    PhSeqIter *it = (PhSeqIter *)o;
    if (!it->seq) return NULL;
    PhObject *idx = int_from_i64(S, it->index);
    if (!idx) return NULL;
    PhObject *r = obj_getitem(S, it->seq, idx);
    DECREF(S, idx);
    if (r) {
        it->index++;
        return r;
    }
    if (err_matches(S, (PhObject *)&S->exc.IndexError) ||
        err_matches(S, (PhObject *)&S->exc.StopIteration)) {
        err_clear(S);
        CLEAR(S, it->seq);
    }
    return NULL;
}

static PhObject *seqiter_length_hint(PhState *S, PhObject *self, PhObject *const *args,
                                     size_t nargs, PhObject *kwnames)
{
    PhSeqIter *it = (PhSeqIter *)args[0];
    if (!it->seq) return int_from_i64(S, 0);
    ssize_t n = ctr_length_hint(S, it->seq, -1);
    if (n == -1 && err_occurred(S)) return NULL;
    if (n == -1) {
        INCREF(PH_NOTIMPL(S));
        return PH_NOTIMPL(S);
    }
    n -= it->index;
    return int_from_i64(S, n < 0 ? 0 : n);
}

static const PhMethodDef seqiter_methods[] = {
    {"__length_hint__", seqiter_length_hint, METH_DEFAULT, NULL},
    {NULL, NULL, 0, NULL},
};

const PhType seq_iter_type_template = {
    .name = "iterator",
    .basicsize = sizeof(PhSeqIter),
    .flags = TPFLAG_HAVE_GC,
    .dealloc = seqiter_dealloc,
    .traverse = seqiter_traverse,
    .iter = ctr_self_iter,
    .iternext = seqiter_next,
    .methods = seqiter_methods,
};

/* ==== callable_iter: iter(callable, sentinel) ====================================== */

typedef struct PhCallIter {
    PhObject ob;
    PhObject *callable; /* both NULL once exhausted */
    PhObject *sentinel;
} PhCallIter;

PhObject *callable_iter_new(PhState *S, PhObject *callable, PhObject *sentinel)
{
    PhCallIter *it = (PhCallIter *)obj_alloc(S, &S->types.callable_iter, sizeof(PhCallIter));
    if (!it) return err_no_memory(S);
    INCREF(callable);
    INCREF(sentinel);
    it->callable = callable;
    it->sentinel = sentinel;
    gc_track(S, &it->ob);
    return &it->ob;
}

static void calliter_dealloc(PhState *S, PhObject *o)
{
    PhCallIter *it = (PhCallIter *)o;
    gc_untrack(o);
    XDECREF(S, it->callable);
    XDECREF(S, it->sentinel);
    obj_free(S, o);
}

static int calliter_traverse(PhObject *o, visitproc visit, void *arg)
{
    PhCallIter *it = (PhCallIter *)o;
    VISIT(it->callable);
    VISIT(it->sentinel);
    return 0;
}

static PhObject *calliter_next(PhState *S, PhObject *o)
{
    PhCallIter *it = (PhCallIter *)o;
    if (!it->callable) return NULL;
    PhObject *r = obj_call0(S, it->callable);
    if (!r) {
        if (ctr_clear_stop_iteration(S)) {
            CLEAR(S, it->callable);
            CLEAR(S, it->sentinel);
        }
        return NULL;
    }
    int eq = obj_richcompare_bool(S, it->sentinel, r, CMP_EQ);
    if (eq == 0) return r;
    DECREF(S, r);
    if (eq > 0) {
        CLEAR(S, it->callable);
        CLEAR(S, it->sentinel);
    }
    return NULL;
}

const PhType callable_iter_type_template = {
    .name = "callable_iterator",
    .basicsize = sizeof(PhCallIter),
    .flags = TPFLAG_HAVE_GC,
    .dealloc = calliter_dealloc,
    .traverse = calliter_traverse,
    .iter = ctr_self_iter,
    .iternext = calliter_next,
};
