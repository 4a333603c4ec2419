/* super(): the zero-argument form (from the running frame's first argument
 * and __class__ cell) and super(type, obj). */
#include "typeobject.h"

#include "abstract.h"
#include "descr.h"
#include "dict.h"
#include "func.h"
#include "list.h"
#include "str.h"
#include "traceback.h"
#include "tuple.h"
#include "typeinternal.h"
#include "typeslots.h"
#include "vm/errors.h"
#include "vm/eval.h"
#include "vm/frame.h"
#include "vm/state.h"

#include <string.h>

/* ---- super ----------------------------------------------------------------------------------- */

typedef struct PhSuper {
    PhObject ob;
    PhType *type;     /* the class super() was called in */
    PhObject *obj;    /* the instance or class, or NULL (unbound) */
    PhType *obj_type; /* obj's class (or obj itself when a class) */
} PhSuper;

#define SUP(o) ((PhSuper *)(o))

static void ref_type(PhType *t)
{
    if (t && type_is_heap(t)) INCREF(t);
}

static void unref_type(PhState *S, PhType *t)
{
    if (t && type_is_heap(t)) DECREF(S, t);
}

static PhObject *super_tp_new(PhState *S, PhType *t, PhObject *const *args, size_t nargs,
                              PhObject *kwnames)
{
    PhObject *o = obj_alloc(S, t, (size_t)t->basicsize);
    if (!o) return err_no_memory(S);
    memset((char *)o + sizeof(PhObject), 0, (size_t)t->basicsize - sizeof(PhObject));
    gc_track(S, o);
    return o;
}

/* The class super() works from for (type, obj). */
static PhType *supercheck(PhState *S, PhType *type, PhObject *obj)
{
    if (is_type_obj(obj) && type_is_subtype((PhType *)obj, type)) return (PhType *)obj;
    if (type_is_subtype(obj->type, type)) return obj->type;
    PhObject *cls = obj_lookup_attr(S, obj, ID(S, __class__));
    if (cls) {
        bool ok = is_type_obj(cls) && cls != (PhObject *)obj->type &&
                  type_is_subtype((PhType *)cls, type);
        DECREF(S, cls);
        if (ok) return (PhType *)cls;
    } else if (err_occurred(S)) {
        return NULL;
    }
    err_format(S, &S->exc.TypeError, "super(type, obj): obj must be an instance or subtype of type");
    return NULL;
}

/* super() with no arguments: the running function's first argument and
 * its __class__ cell. */
static int super_from_frame(PhState *S, PhType **type, PhObject **obj)
{
    PhFrame *f = S->frame;
    if (!f || !f->code) {
        err_format(S, &S->exc.RuntimeError, "super(): no current frame");
        return -1;
    }
    PhCode *co = f->code;
    if (co->argcount == 0) {
        err_format(S, &S->exc.RuntimeError, "super(): no arguments");
        return -1;
    }
    PhObject *first = f->localsplus[0];
    if (co->cell2arg) {
        /* The first argument may have moved into a cell. */
        for (int i = 0; i < co->ncells; i++) {
            if (co->cell2arg[i] == 0) {
                PhObject *cell = f->localsplus[co->nlocals + i];
                first = cell && cell->type == &S->types.cell ? cell_get(cell) : NULL;
                break;
            }
        }
    } else if (first && first->type == &S->types.cell && co->cellvars &&
               TUPLE_LEN(co->cellvars) > 0 && co->varnames && TUPLE_LEN(co->varnames) > 0 &&
               str_equal(TUPLE_GET(co->cellvars, 0), TUPLE_GET(co->varnames, 0))) {
        first = cell_get(first);
    }
    if (!first) {
        err_format(S, &S->exc.RuntimeError, "super(): arg[0] deleted");
        return -1;
    }
    PhObject *fv = co->freevars;
    for (ssize_t j = 0; fv && j < TUPLE_LEN(fv); j++) {
        if (!str_equal(TUPLE_GET(fv, j), ID(S, __class__))) continue;
        PhObject *cell = f->localsplus[co->nlocals + co->ncells + j];
        PhObject *cls = cell && cell->type == &S->types.cell ? cell_get(cell) : NULL;
        if (!cls) {
            err_format(S, &S->exc.RuntimeError, "super(): empty __class__ cell");
            return -1;
        }
        if (!is_type_obj(cls)) {
            err_format(S, &S->exc.RuntimeError, "super(): __class__ is not a type (%s)",
                       cls->type->name);
            return -1;
        }
        *type = (PhType *)cls;
        *obj = first;
        return 0;
    }
    err_format(S, &S->exc.RuntimeError, "super(): __class__ cell not found");
    return -1;
}

static int super_set(PhState *S, PhObject *self, PhType *type, PhObject *obj)
{
    PhType *obj_type = NULL;
    if (obj == PH_NONE(S)) obj = NULL;
    if (obj) {
        obj_type = supercheck(S, type, obj);
        if (!obj_type) return -1;
    }
    PhSuper *su = SUP(self);
    PhType *old_t = su->type, *old_ot = su->obj_type;
    PhObject *old_o = su->obj;
    ref_type(type);
    XINCREF(obj);
    ref_type(obj_type);
    su->type = type;
    su->obj = obj;
    su->obj_type = obj_type;
    unref_type(S, old_t);
    XDECREF(S, old_o);
    unref_type(S, old_ot);
    return 0;
}

static int super_init(PhState *S, PhObject *self, PhObject *const *args, size_t nargs,
                      PhObject *kwnames)
{
    if (kwnames && TUPLE_LEN(kwnames)) {
        err_format(S, &S->exc.TypeError, "super() takes no keyword arguments");
        return -1;
    }
    if (nargs > 2) {
        err_format(S, &S->exc.TypeError, "super() takes at most 2 arguments (%zu given)", nargs);
        return -1;
    }
    PhType *type;
    PhObject *obj = NULL;
    if (nargs == 0) {
        if (super_from_frame(S, &type, &obj) < 0) return -1;
    } else {
        if (!is_type_obj(args[0])) {
            err_format(S, &S->exc.TypeError, "super() argument 1 must be a type, not %s",
                       args[0]->type->name);
            return -1;
        }
        type = (PhType *)args[0];
        if (nargs == 2) obj = args[1];
    }
    return super_set(S, self, type, obj);
}

PhObject *super_new_from_frame(PhState *S)
{
    PhType *type;
    PhObject *obj;
    if (super_from_frame(S, &type, &obj) < 0) return NULL;
    PhObject *su = super_tp_new(S, &S->types.super, NULL, 0, NULL);
    if (su && super_set(S, su, type, obj) < 0) CLEAR(S, su);
    return su;
}

static PhObject *super_getattro(PhState *S, PhObject *self, PhObject *name)
{
    PhSuper *su = SUP(self);
    PhType *start = su->obj_type;
    /* super().__class__ is the super object's own class. */
    if (!start || str_equal(name, ID(S, __class__))) return obj_generic_getattr(S, self, name);
    PhObject *mro = start->mro;
    if (!mro) return obj_generic_getattr(S, self, name);
    ssize_t n = TUPLE_LEN(mro), i = 0;
    while (i < n && TUPLE_GET(mro, i) != (PhObject *)su->type) i++;
    for (i++; i < n; i++) {
        PhObject *res = type_dict_lookup(S, ((PhType *)TUPLE_GET(mro, i))->dict, name);
        if (!res) continue;
        descrgetfunc f = res->type->descr_get;
        if (!f) {
            INCREF(res);
            return res;
        }
        INCREF(res);
        PhObject *r = f(S, res, su->obj == (PhObject *)start ? NULL : su->obj, (PhObject *)start);
        DECREF(S, res);
        return r;
    }
    return obj_generic_getattr(S, self, name);
}

static PhObject *super_repr(PhState *S, PhObject *self)
{
    PhSuper *su = SUP(self);
    const char *tn = su->type ? su->type->name : "NULL";
    if (su->obj_type) return str_from_format(S, "<super: <class '%s'>, <%s object>>", tn, su->obj_type->name);
    return str_from_format(S, "<super: <class '%s'>, NULL>", tn);
}

static int super_traverse(PhObject *self, visitproc visit, void *arg)
{
    PhSuper *su = SUP(self);
    if (su->type && type_is_heap(su->type)) VISIT(su->type);
    PhObject *o = su->obj;
    if (o && !(is_type_obj(o) && !type_is_heap((PhType *)o))) VISIT(o);
    if (su->obj_type && type_is_heap(su->obj_type)) VISIT(su->obj_type);
    return 0;
}

static int super_clear(PhState *S, PhObject *self)
{
    PhSuper *su = SUP(self);
    PhType *t = su->type, *ot = su->obj_type;
    su->type = su->obj_type = NULL;
    CLEAR(S, su->obj);
    unref_type(S, t);
    unref_type(S, ot);
    return 0;
}

static void super_dealloc(PhState *S, PhObject *self)
{
    gc_untrack(self);
    super_clear(S, self);
    obj_free(S, self);
}

static PhObject *super_get_thisclass(PhState *S, PhObject *self)
{
    PhObject *t = SUP(self)->type ? (PhObject *)SUP(self)->type : PH_NONE(S);
    INCREF(t);
    return t;
}

static PhObject *super_get_self(PhState *S, PhObject *self)
{
    PhObject *o = SUP(self)->obj ? SUP(self)->obj : PH_NONE(S);
    INCREF(o);
    return o;
}

static PhObject *super_get_self_class(PhState *S, PhObject *self)
{
    PhObject *t = SUP(self)->obj_type ? (PhObject *)SUP(self)->obj_type : PH_NONE(S);
    INCREF(t);
    return t;
}

static const PhGetSetDef super_getsets[] = {
    {"__thisclass__", super_get_thisclass, NULL},
    {"__self__", super_get_self, NULL},
    {"__self_class__", super_get_self_class, NULL},
    {NULL, NULL, NULL},
};

const PhType super_type_template = {
    .name = "super",
    .basicsize = sizeof(PhSuper),
    .flags = TPFLAG_HAVE_GC | TPFLAG_BASETYPE,
    .dealloc = super_dealloc,
    .traverse = super_traverse,
    .clear = super_clear,
    .getattro = super_getattro,
    .repr = super_repr,
    .new_ = super_tp_new,
    .init = super_init,
    .getsets = super_getsets,
};

