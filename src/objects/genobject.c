/* Generators.
 *
 * A generator owns its frame: calling a generator function binds the
 * arguments in a frame on the frame stack, then gen_new_from_frame moves
 * that frame (its bytes and references) into the generator object. Each
 * resumption runs the frame with eval_frame as an entry frame; YIELD_VALUE
 * returns from eval_frame with the frame suspended, RETURN_VALUE or an
 * exception complete it, and the frame's slots are released at once then.
 *
 * The handled exception (sys.exc_info()) of a generator is kept apart from
 * its caller's: while the generator runs, an exception it is handling is in
 * S->handled_exc; when it yields, that exception is saved in the generator
 * and the caller's is put back.
 */
#include "vm/call.h"

#include "objects/abstract.h"
#include "objects/exceptions.h"
#include "objects/func.h"
#include "objects/str.h"
#include "objects/tuple.h"
#include "objects/typeobject.h"
#include "vm/errors.h"
#include "vm/eval.h"

#include <stddef.h>
#include <string.h>

typedef struct PhGen {
    PhObject ob;
    PhObject *name;        /* str */
    PhObject *qualname;    /* str */
    PhObject *exc_state;   /* the exception being handled at the last yield, or NULL */
    PhObject *weakreflist;
    PhFrame frame;         /* variable size: must be last */
} PhGen;

#define GEN(o) ((PhGen *)(o))

PhFrame *gen_frame(PhObject *gen) { return &GEN(gen)->frame; }

PhObject *gen_new_from_frame(PhState *S, PhFrame *f)
{
    PhCode *co = f->code;
    size_t fsize = frame_size_for(co);
    PhGen *g = (PhGen *)obj_alloc(S, &S->types.generator, offsetof(PhGen, frame) + fsize);
    if (!g) {
        frame_pop(S, f);
        return err_no_memory(S);
    }
    memcpy(&g->frame, f, fsize);
    frame_stack_release(S, f); /* the references now belong to g->frame */
    PhFrame *gf = &g->frame;
    gf->owner = FRAME_OWNED_BY_GENERATOR;
    gf->previous = NULL;
    gf->state = FRAME_CREATED;
    PhFunction *fn = (PhFunction *)gf->func;
    INCREF(fn->name);
    g->name = fn->name;
    INCREF(fn->qualname);
    g->qualname = fn->qualname;
    g->exc_state = NULL;
    g->weakreflist = NULL;
    gc_track(S, (PhObject *)g);
    return (PhObject *)g;
}

/* Releases the frame's locals when the generator finishes (the code and
 * function stay for gi_code and the repr). */
static void gen_clear_frame(PhState *S, PhGen *g)
{
    g->frame.state = FRAME_COMPLETED;
    frame_clear_slots(S, &g->frame);
}

/* Resumption with the generator's own handled exception in place. */
static PhObject *gen_run(PhState *S, PhGen *g, int exc)
{
    PhObject *saved = S->handled_exc; /* the caller's: its reference moves here */
    if (g->exc_state) {
        S->handled_exc = g->exc_state;
        g->exc_state = NULL;
    } else {
        XINCREF(saved);
    }
    PhObject *res = eval_frame(S, &g->frame, exc);
    PhObject *cur = S->handled_exc;
    if (cur == saved) {
        XDECREF(S, cur);
    } else if (g->frame.state == FRAME_SUSPENDED) {
        g->exc_state = cur;
    } else {
        XDECREF(S, cur);
    }
    S->handled_exc = saved;
    return res;
}

int gen_send_ex(PhState *S, PhObject *gen, PhObject *arg, int exc, PhObject **result)
{
    PhGen *g = GEN(gen);
    PhFrame *f = &g->frame;
    *result = NULL;
    if (f->state == FRAME_EXECUTING) {
        if (exc) err_clear(S);
        err_format(S, &S->exc.ValueError, "generator already executing");
        return GEN_ERROR;
    }
    if (f->state == FRAME_COMPLETED) {
        if (exc) return GEN_ERROR; /* the thrown exception stays set */
        *result = ph_none(S);
        return GEN_RETURN;
    }
    if (f->state == FRAME_CREATED && !exc && arg && arg != PH_NONE(S)) {
        err_format(S, &S->exc.TypeError, "can't send non-None value to a just-started generator");
        return GEN_ERROR;
    }
    if (f->state == FRAME_SUSPENDED) {
        PhObject *v = arg ? arg : PH_NONE(S);
        INCREF(v);
        f->localsplus[f->stacktop++] = v;
    }
    PhObject *res = gen_run(S, g, exc);
    if (res) {
        if (f->state == FRAME_SUSPENDED) {
            *result = res;
            return GEN_YIELD;
        }
        gen_clear_frame(S, g);
        *result = res;
        return GEN_RETURN;
    }
    gen_clear_frame(S, g);
    /* PEP 479: a StopIteration escaping the generator body becomes a
     * RuntimeError (chained), so it cannot end a surrounding loop silently. */
    if (err_matches(S, (PhObject *)&S->exc.StopIteration)) {
        PhObject *si = err_fetch(S);
        err_format(S, &S->exc.RuntimeError, "generator raised StopIteration");
        PhObject *re = err_fetch(S);
        if (re) {
            PhBaseException *e = (PhBaseException *)re;
            XDECREF(S, e->cause);
            INCREF(si);
            e->cause = si;
            XDECREF(S, e->context);
            e->context = si; /* takes the fetched reference */
            si = NULL;
            err_restore(S, re);
        }
        XDECREF(S, si);
    }
    return GEN_ERROR;
}

int gen_fetch_stop_value(PhState *S, PhObject **value)
{
    if (!err_occurred(S)) {
        *value = ph_none(S);
        return 0;
    }
    if (!err_matches(S, (PhObject *)&S->exc.StopIteration)) return -1;
    PhObject *e = err_fetch(S);
    PhObject *v = obj_getattr_str(S, e, "value");
    if (!v) {
        err_clear(S);
        PhObject *args = ((PhBaseException *)e)->args;
        v = args && TUPLE_LEN(args) > 0 ? TUPLE_GET(args, 0) : PH_NONE(S);
        INCREF(v);
    }
    DECREF(S, e);
    *value = v;
    return 0;
}

/* StopIteration(value) for a generator that returned value. */
static void set_stop_iteration(PhState *S, PhObject *value)
{
    if (value == PH_NONE(S)) {
        err_set_object(S, &S->exc.StopIteration, NULL);
        return;
    }
    PhObject *args = tuple_pack(S, 1, value);
    if (!args) return;
    PhObject *e = exc_new(S, &S->exc.StopIteration, args);
    DECREF(S, args);
    if (!e) return;
    if (obj_setattr_str(S, e, "value", value) < 0) {
        DECREF(S, e);
        return;
    }
    err_set_raised(S, e);
    DECREF(S, e);
}

static PhObject *gen_iternext(PhState *S, PhObject *gen)
{
    PhObject *res;
    int r = gen_send_ex(S, gen, NULL, 0, &res);
    if (r == GEN_YIELD) return res;
    if (r == GEN_RETURN) {
        if (res != PH_NONE(S)) set_stop_iteration(S, res);
        DECREF(S, res);
    }
    return NULL;
}

static PhObject *gen_send_method(PhState *S, PhObject *callable, PhObject *const *args,
                                 size_t nargs, PhObject *kwnames)
{
    if (nargs != 2 || kwnames)
        return err_format(S, &S->exc.TypeError, "generator.send() takes exactly one argument (%zu given)",
                          nargs ? nargs - 1 : 0);
    PhObject *res;
    int r = gen_send_ex(S, args[0], args[1], 0, &res);
    if (r == GEN_YIELD) return res;
    if (r == GEN_RETURN) {
        set_stop_iteration(S, res);
        DECREF(S, res);
    }
    return NULL;
}

/* The iterator a suspended `yield from` delegates to, or NULL. */
static PhObject *gen_yieldfrom(PhGen *g)
{
    PhFrame *f = &g->frame;
    if (f->state != FRAME_SUSPENDED) return NULL;
    int i = frame_lasti(f);
    if (i < 1 || INSTR_OP(f->code->instrs[i - 1]) != OP_SEND) return NULL;
    return f->localsplus[f->stacktop - 1];
}

static PhObject *gen_close_impl(PhState *S, PhObject *gen);

/* Closes a subiterator (generator.close() or its close method). */
static int close_subiterator(PhState *S, PhObject *yf)
{
    PhObject *r;
    if (yf->type == &S->types.generator) {
        r = gen_close_impl(S, yf);
    } else {
        PhObject *name = str_from_cstr(S, "close");
        if (!name) return -1;
        PhObject *meth = obj_lookup_attr(S, yf, name);
        DECREF(S, name);
        if (!meth) return err_occurred(S) ? -1 : 0;
        r = obj_call0(S, meth);
        DECREF(S, meth);
    }
    if (!r) return -1;
    DECREF(S, r);
    return 0;
}

/* Raises the current exception inside the generator, delegating to a
 * `yield from` subiterator first (PEP 380). */
static PhObject *gen_throw_current(PhState *S, PhGen *g, int close_on_genexit)
{
    PhObject *yf = gen_yieldfrom(g);
    PhObject *res;
    if (yf) {
        INCREF(yf);
        PhObject *exc = err_current(S);
        if (close_on_genexit && exc && obj_type_check(exc, &S->exc.GeneratorExit)) {
            /* Close the subiterator, then throw GeneratorExit into g. */
            PhObject *saved = err_fetch(S);
            g->frame.state = FRAME_EXECUTING;
            int rc = close_subiterator(S, yf);
            g->frame.state = FRAME_SUSPENDED;
            DECREF(S, yf);
            if (rc < 0) {
                DECREF(S, saved);
            } else {
                err_restore(S, saved);
            }
            goto throw_here;
        }
        PhObject *sub = NULL;
        PhObject *saved = err_fetch(S);
        g->frame.state = FRAME_EXECUTING;
        if (yf->type == &S->types.generator) {
            err_restore(S, saved);
            sub = gen_throw_current(S, GEN(yf), close_on_genexit);
        } else {
            PhObject *name = str_from_cstr(S, "throw");
            PhObject *meth = name ? obj_lookup_attr(S, yf, name) : NULL;
            XDECREF(S, name);
            if (!meth) {
                g->frame.state = FRAME_SUSPENDED;
                DECREF(S, yf);
                if (err_occurred(S)) {
                    DECREF(S, saved);
                    goto throw_here;
                }
                err_restore(S, saved);
                goto throw_here;
            }
            PhObject *tb = ((PhBaseException *)saved)->traceback;
            PhObject *a[3] = {(PhObject *)saved->type, saved, tb ? tb : PH_NONE(S)};
            sub = obj_call(S, meth, a, 3, NULL);
            DECREF(S, meth);
            DECREF(S, saved);
        }
        g->frame.state = FRAME_SUSPENDED;
        DECREF(S, yf);
        if (sub) return sub;
        /* The subiterator ended: its StopIteration value is the value of the
         * yield-from expression; resume g after the delegation loop. */
        PhObject *val;
        if (gen_fetch_stop_value(S, &val) == 0) {
            PhFrame *f = &g->frame;
            int target = INSTR_ARG(f->code->instrs[frame_lasti(f) - 1]);
            PhObject *it = f->localsplus[--f->stacktop];
            DECREF(S, it);
            f->instr = f->code->instrs + target - 1;
            int r = gen_send_ex(S, (PhObject *)g, val, 0, &res);
            DECREF(S, val);
            if (r == GEN_YIELD) return res;
            if (r == GEN_RETURN) {
                set_stop_iteration(S, res);
                DECREF(S, res);
            }
            return NULL;
        }
        goto throw_here;
    }
throw_here: {
    int r = gen_send_ex(S, (PhObject *)g, NULL, 1, &res);
    if (r == GEN_YIELD) return res;
    if (r == GEN_RETURN) {
        set_stop_iteration(S, res);
        DECREF(S, res);
    }
    return NULL;
}
}

/* generator.throw(typ[, val[, tb]]) / throw(exc). */
static PhObject *gen_throw_method(PhState *S, PhObject *callable, PhObject *const *args,
                                  size_t nargs, PhObject *kwnames)
{
    if (nargs < 2 || nargs > 4 || kwnames)
        return err_format(S, &S->exc.TypeError, "throw expected at least 1 argument, got %zu",
                          nargs ? nargs - 1 : 0);
    PhObject *typ = args[1];
    PhObject *val = nargs > 2 ? args[2] : NULL;
    PhObject *tb = nargs > 3 ? args[3] : NULL;
    if (val == PH_NONE(S)) val = NULL;
    if (tb == PH_NONE(S)) tb = NULL;
    PhObject *exc = NULL;
    if (typ->type == &S->types.type || type_is_subtype(typ->type, &S->types.type)) {
        if (!type_is_subtype((PhType *)typ, &S->exc.BaseException))
            return err_format(S, &S->exc.TypeError,
                              "exceptions must be classes or instances deriving from "
                              "BaseException, not %s",
                              typ->type->name);
        if (val && obj_type_check(val, (PhType *)typ)) {
            exc = val;
            INCREF(exc);
        } else if (val && val->type == &S->types.tuple) {
            exc = obj_call_tuple_dict(S, typ, val, NULL);
        } else {
            exc = val ? obj_call1(S, typ, val) : obj_call0(S, typ);
        }
        if (!exc) return NULL;
    } else if (obj_type_check(typ, &S->exc.BaseException)) {
        if (val)
            return err_format(S, &S->exc.TypeError,
                              "instance exception may not have a separate value");
        exc = typ;
        INCREF(exc);
    } else {
        return err_format(S, &S->exc.TypeError,
                          "exceptions must be classes or instances deriving from BaseException, "
                          "not %s",
                          typ->type->name);
    }
    if (tb) {
        PhBaseException *e = (PhBaseException *)exc;
        XDECREF(S, e->traceback);
        INCREF(tb);
        e->traceback = tb;
    }
    err_restore(S, exc);
    return gen_throw_current(S, GEN(args[0]), 1);
}

static PhObject *gen_close_impl(PhState *S, PhObject *gen)
{
    PhGen *g = GEN(gen);
    PhFrame *f = &g->frame;
    if (f->state == FRAME_CREATED) {
        gen_clear_frame(S, g);
        return ph_none(S);
    }
    if (f->state == FRAME_COMPLETED) return ph_none(S);
    int err = 0;
    PhObject *yf = gen_yieldfrom(g);
    if (yf) {
        INCREF(yf);
        f->state = FRAME_EXECUTING;
        err = close_subiterator(S, yf);
        f->state = FRAME_SUSPENDED;
        DECREF(S, yf);
    }
    if (err == 0) err_set_object(S, &S->exc.GeneratorExit, NULL);
    PhObject *res;
    int r = gen_send_ex(S, gen, NULL, 1, &res);
    if (r == GEN_YIELD) {
        DECREF(S, res);
        return err_format(S, &S->exc.RuntimeError, "generator ignored GeneratorExit");
    }
    if (r == GEN_RETURN) {
        DECREF(S, res);
        return ph_none(S);
    }
    if (err_matches(S, (PhObject *)&S->exc.StopIteration) ||
        err_matches(S, (PhObject *)&S->exc.GeneratorExit)) {
        err_clear(S);
        return ph_none(S);
    }
    return NULL;
}

static PhObject *gen_close_method(PhState *S, PhObject *callable, PhObject *const *args,
                                  size_t nargs, PhObject *kwnames)
{
    if (nargs != 1 || kwnames)
        return err_format(S, &S->exc.TypeError, "generator.close() takes no arguments (%zu given)",
                          nargs ? nargs - 1 : 0);
    return gen_close_impl(S, args[0]);
}

/* PEP 442 finalizer: a suspended generator is closed (its finally blocks
 * run) before it is freed. */
static void gen_finalize(PhState *S, PhObject *gen)
{
    PhGen *g = GEN(gen);
    if (g->frame.state != FRAME_SUSPENDED) return;
    PhObject *saved = err_fetch(S);
    PhObject *r = gen_close_impl(S, gen);
    if (!r) err_write_unraisable(S, gen);
    else DECREF(S, r);
    if (saved) err_restore(S, saved);
}

static int gen_traverse(PhObject *self, visitproc visit, void *arg)
{
    PhGen *g = GEN(self);
    VISIT(g->name);
    VISIT(g->qualname);
    VISIT(g->exc_state);
    PhFrame *f = &g->frame;
    VISIT(f->func);
    VISIT((PhObject *)f->code);
    VISIT(f->locals);
    VISIT(f->frame_obj);
    if (f->state != FRAME_EXECUTING)
        for (int i = 0; i < f->stacktop; i++) VISIT(f->localsplus[i]);
    return 0;
}

static int gen_clear(PhState *S, PhObject *self)
{
    PhGen *g = GEN(self);
    CLEAR(S, g->exc_state);
    if (g->frame.state != FRAME_EXECUTING) gen_clear_frame(S, g);
    return 0;
}

static void gen_dealloc(PhState *S, PhObject *self)
{
    PhGen *g = GEN(self);
    gc_untrack(self);
    CLEAR(S, g->exc_state);
    frame_clear_slots(S, &g->frame);
    CLEAR(S, g->frame.func);
    PhObject *code = (PhObject *)g->frame.code;
    g->frame.code = NULL;
    XDECREF(S, code);
    CLEAR(S, g->name);
    CLEAR(S, g->qualname);
    obj_free(S, self);
}

static PhObject *gen_iter(PhState *S, PhObject *self)
{
    INCREF(self);
    return self;
}

static PhObject *gen_repr(PhState *S, PhObject *self)
{
    return str_from_format(S, "<generator object %U at %p>", GEN(self)->qualname, (void *)self);
}

static PhObject *get_name(PhState *S, PhObject *self)
{
    INCREF(GEN(self)->name);
    return GEN(self)->name;
}
static PhObject *get_qualname(PhState *S, PhObject *self)
{
    INCREF(GEN(self)->qualname);
    return GEN(self)->qualname;
}
static int set_name(PhState *S, PhObject *self, PhObject *v)
{
    if (!v || !str_check(v)) {
        err_format(S, &S->exc.TypeError, "__name__ must be set to a string object");
        return -1;
    }
    PhObject *old = GEN(self)->name;
    INCREF(v);
    GEN(self)->name = v;
    DECREF(S, old);
    return 0;
}
static int set_qualname(PhState *S, PhObject *self, PhObject *v)
{
    if (!v || !str_check(v)) {
        err_format(S, &S->exc.TypeError, "__qualname__ must be set to a string object");
        return -1;
    }
    PhObject *old = GEN(self)->qualname;
    INCREF(v);
    GEN(self)->qualname = v;
    DECREF(S, old);
    return 0;
}
static PhObject *get_frame(PhState *S, PhObject *self)
{
    PhFrame *f = &GEN(self)->frame;
    if (f->state == FRAME_COMPLETED) return ph_none(S);
    return frame_get_object(S, f);
}
static PhObject *get_running(PhState *S, PhObject *self)
{
    return ph_bool(S, GEN(self)->frame.state == FRAME_EXECUTING);
}
static PhObject *get_suspended(PhState *S, PhObject *self)
{
    return ph_bool(S, GEN(self)->frame.state == FRAME_SUSPENDED);
}
static PhObject *get_code(PhState *S, PhObject *self)
{
    PhObject *c = (PhObject *)GEN(self)->frame.code;
    INCREF(c);
    return c;
}
static PhObject *get_yieldfrom(PhState *S, PhObject *self)
{
    PhObject *yf = gen_yieldfrom(GEN(self));
    if (!yf) return ph_none(S);
    INCREF(yf);
    return yf;
}

static const PhGetSetDef gen_getsets[] = {
    {"__name__", get_name, set_name},
    {"__qualname__", get_qualname, set_qualname},
    {"gi_frame", get_frame, NULL},
    {"gi_running", get_running, NULL},
    {"gi_suspended", get_suspended, NULL},
    {"gi_code", get_code, NULL},
    {"gi_yieldfrom", get_yieldfrom, NULL},
    {NULL, NULL, NULL},
};

static const PhMethodDef gen_methods[] = {
    {"send", gen_send_method, METH_DEFAULT, NULL},
    {"throw", gen_throw_method, METH_DEFAULT, NULL},
    {"close", gen_close_method, METH_DEFAULT, NULL},
    {NULL, NULL, 0, NULL},
};

const PhType generator_type_template = {
    .name = "generator",
    .basicsize = offsetof(PhGen, frame),
    .itemsize = sizeof(PhObject *),
    .flags = TPFLAG_HAVE_GC,
    .dealloc = gen_dealloc,
    .traverse = gen_traverse,
    .clear = gen_clear,
    .finalize = gen_finalize,
    .repr = gen_repr,
    .getattro = obj_generic_getattr,
    .iter = gen_iter,
    .iternext = gen_iternext,
    .methods = gen_methods,
    .getsets = gen_getsets,
    .weaklistoffset = offsetof(PhGen, weakreflist),
};
