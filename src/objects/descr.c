/* Descriptors and the callables the object model makes.
 *
 *   method_descriptor   list.append (and slot wrappers such as int.__add__)
 *   builtin_function_or_method   len, [].append
 *   getset_descriptor   C-level attributes (int.real, C.__dict__)
 *   member_descriptor   __slots__ entries
 *   method              Python functions bound to an instance
 *   classmethod, staticmethod, property
 *
 * A descriptor owns a reference to its owner class only when that class is
 * a heap type: static types live in the state and are never freed (nor
 * visited by the collector: they are not in the heap).
 */
#include "descr.h"

#include "abstract.h"
#include "dict.h"
#include "module.h"
#include "str.h"
#include "tuple.h"
#include "typeobject.h"
#include "vm/errors.h"
#include "vm/state.h"

#include <string.h>

/* ---- helpers ------------------------------------------------------------------------ */

static void owner_incref(PhType *t)
{
    if (t && type_is_heap(t)) INCREF(t);
}

static void owner_decref(PhState *S, PhType *t)
{
    if (t && type_is_heap(t)) DECREF(S, t);
}

static bool kw_given(PhObject *kwnames) { return kwnames && TUPLE_LEN(kwnames) > 0; }

/* Calls fn(callable, self, args...) with self prepended to the arguments
 * (and keyword values); fn NULL: obj_call(callable, self, args...). */
static PhObject *call_with_self(PhState *S, vectorcallfunc fn, PhObject *callable, PhObject *self,
                                PhObject *const *args, size_t nargs, PhObject *kwnames)
{
    size_t nkw = kwnames ? (size_t)TUPLE_LEN(kwnames) : 0;
    size_t total = nargs + nkw + 1;
    PhObject *small[16];
    PhObject **stack = small;
    if (total > 16) {
        stack = heap_alloc(mem_of(S)->heap, total * sizeof(PhObject *));
        if (!stack) return err_no_memory(S);
    }
    stack[0] = self;
    if (nargs + nkw) memcpy(stack + 1, args, (nargs + nkw) * sizeof(PhObject *));
    PhObject *r = fn ? fn(S, callable, stack, nargs + 1, kwnames)
                     : obj_call(S, callable, stack, nargs + 1, kwnames);
    if (stack != small) heap_free(mem_of(S)->heap, stack);
    return r;
}

/* ---- common descriptor part ----------------------------------------------------------- */

#define DESCR(o) ((PhDescr *)(o))

static PhObject *descr_alloc(PhState *S, PhType *dtype, size_t size, PhType *owner,
                             const char *name)
{
    PhObject *n = str_from_cstr(S, name);
    if (!n) return NULL;
    if (str_intern_in_place(S, &n) < 0) err_clear(S);
    PhDescr *d = (PhDescr *)obj_alloc(S, dtype, size);
    if (!d) {
        DECREF(S, n);
        return err_no_memory(S);
    }
    memset((char *)d + sizeof(PhObject), 0, size - sizeof(PhObject));
    owner_incref(owner);
    d->owner = owner;
    d->name = n;
    return (PhObject *)d;
}

static int descr_traverse(PhObject *self, visitproc visit, void *arg)
{
    PhDescr *d = DESCR(self);
    if (d->owner && type_is_heap(d->owner)) VISIT(d->owner);
    return 0;
}

static void descr_dealloc(PhState *S, PhObject *self)
{
    PhDescr *d = DESCR(self);
    gc_untrack(self);
    PhType *owner = d->owner;
    d->owner = NULL;
    CLEAR(S, d->name);
    CLEAR(S, d->qualname);
    obj_free(S, self);
    owner_decref(S, owner);
}

/* "descriptor 'append' for 'list' objects doesn't apply to a 'int' object" */
static int descr_check(PhState *S, PhDescr *d, PhObject *obj)
{
    if (!d->owner || obj_type_check(obj, d->owner)) return 0;
    err_format(S, &S->exc.TypeError, "descriptor '%U' for '%s' objects doesn't apply to a '%s' object",
               d->name, d->owner->name, obj->type->name);
    return -1;
}

static PhObject *descr_get_name(PhState *S, PhObject *self)
{
    INCREF(DESCR(self)->name);
    return DESCR(self)->name;
}

static PhObject *descr_get_qualname(PhState *S, PhObject *self)
{
    PhDescr *d = DESCR(self);
    if (!d->qualname) {
        PhObject *tq = d->owner ? type_qualname(S, d->owner) : NULL;
        if (d->owner && !tq) return NULL;
        d->qualname = tq ? str_from_format(S, "%U.%U", tq, d->name) : (INCREF(d->name), d->name);
        XDECREF(S, tq);
        if (!d->qualname) return NULL;
    }
    INCREF(d->qualname);
    return d->qualname;
}

static PhObject *descr_get_objclass(PhState *S, PhObject *self)
{
    PhObject *o = (PhObject *)DESCR(self)->owner;
    if (!o) o = PH_NONE(S);
    INCREF(o);
    return o;
}

/* ---- method_descriptor ----------------------------------------------------------------- */

#define MDESCR(o) ((PhMethodDescr *)(o))

static PhObject *method_descr_call(PhState *S, PhObject *callable, PhObject *const *args,
                                   size_t nargs, PhObject *kwnames)
{
    PhMethodDescr *d = MDESCR(callable);
    if (nargs < 1) {
        return err_format(S, &S->exc.TypeError, "unbound method %s.%U() needs an argument",
                          d->d.owner ? d->d.owner->name : "?", d->d.name);
    }
    if (d->def->flags & METH_CLASS) {
        PhObject *t = args[0];
        if (!(t->type->flags & TPFLAG_TYPE_SUBCLASS) || !type_is_subtype((PhType *)t, d->d.owner)) {
            return err_format(S, &S->exc.TypeError,
                              "descriptor '%U' for type '%s' needs a subtype of '%s' as arg 1",
                              d->d.name, d->d.owner->name, d->d.owner->name);
        }
    } else if (descr_check(S, &d->d, args[0]) < 0) {
        return NULL;
    }
    return d->def->fn(S, callable, args, nargs, kwnames);
}

static PhObject *method_descr_get(PhState *S, PhObject *descr, PhObject *obj, PhObject *type)
{
    PhMethodDescr *d = MDESCR(descr);
    if (d->def->flags & METH_CLASS) {
        /* A C classmethod (dict.fromkeys) binds to the class. */
        PhObject *cls = type ? type : obj ? (PhObject *)obj->type : NULL;
        if (!cls) {
            INCREF(descr);
            return descr;
        }
        return builtin_method_new(S, d->def, cls, d->d.owner);
    }
    if (!obj) {
        INCREF(descr);
        return descr;
    }
    if (descr_check(S, &d->d, obj) < 0) return NULL;
    return builtin_method_new(S, d->def, obj, d->d.owner);
}

static PhObject *method_descr_repr(PhState *S, PhObject *self)
{
    PhMethodDescr *d = MDESCR(self);
    const char *owner = d->d.owner ? d->d.owner->name : "?";
    if (d->def->flags & METH_WRAPPER)
        return str_from_format(S, "<slot wrapper '%U' of '%s' objects>", d->d.name, owner);
    if (d->def->flags & METH_CLASS)
        return str_from_format(S, "<method '%U' of '%s' objects>", d->d.name, owner);
    return str_from_format(S, "<method '%U' of '%s' objects>", d->d.name, owner);
}

static PhObject *method_descr_doc(PhState *S, PhObject *self)
{
    const char *doc = MDESCR(self)->def->doc;
    return doc ? str_from_cstr(S, doc) : ph_none(S);
}

static const PhGetSetDef method_descr_getsets[] = {
    {"__name__", descr_get_name, NULL},
    {"__qualname__", descr_get_qualname, NULL},
    {"__objclass__", descr_get_objclass, NULL},
    {"__doc__", method_descr_doc, NULL},
    {NULL, NULL, NULL},
};

const PhType method_descr_type_template = {
    .name = "method_descriptor",
    .basicsize = sizeof(PhMethodDescr),
    .flags = TPFLAG_HAVE_GC,
    .dealloc = descr_dealloc,
    .traverse = descr_traverse,
    .call = method_descr_call,
    .descr_get = method_descr_get,
    .repr = method_descr_repr,
    .getsets = method_descr_getsets,
};

PhObject *descr_new_method(PhState *S, PhType *owner, const PhMethodDef *def)
{
    /* Slot wrappers are wrapper_descriptor objects (a private type with the
     * same behaviour), as in CPython. */
    PhType *dt = (def->flags & METH_WRAPPER) && S->ids ? &RUNTIME(S)->wrapper_descr.type
                                                        : &S->types.method_descr;
    PhMethodDescr *d = (PhMethodDescr *)descr_alloc(S, dt, sizeof(PhMethodDescr), owner, def->name);
    if (!d) return NULL;
    d->def = def;
    d->vectorcall = method_descr_call;
    gc_track(S, (PhObject *)d);
    return (PhObject *)d;
}

PhObject *descr_new_classmethod(PhState *S, PhType *owner, const PhMethodDef *def)
{
    /* Same object; METH_CLASS in def->flags makes it bind to the class. */
    return descr_new_method(S, owner, def);
}

/* ---- builtin_function_or_method --------------------------------------------------------- */

#define BFUNC(o) ((PhBuiltinFunc *)(o))

static PhObject *builtin_func_call(PhState *S, PhObject *callable, PhObject *const *args,
                                   size_t nargs, PhObject *kwnames)
{
    PhBuiltinFunc *f = BFUNC(callable);
    if (f->is_method) return call_with_self(S, f->def->fn, callable, f->self, args, nargs, kwnames);
    return f->def->fn(S, callable, args, nargs, kwnames);
}

static PhObject *builtin_func_alloc(PhState *S, const PhMethodDef *def, PhObject *self)
{
    /* A bound slot wrapper is a method-wrapper ((1).__add__). */
    PhType *ft = (def->flags & METH_WRAPPER) && self && S->ids ? &RUNTIME(S)->method_wrapper.type
                                                                : &S->types.builtin_func;
    PhBuiltinFunc *f = (PhBuiltinFunc *)obj_alloc(S, ft, sizeof(PhBuiltinFunc));
    if (!f) return err_no_memory(S);
    f->def = def;
    XINCREF(self);
    f->self = self;
    f->u.module = NULL;
    f->is_method = 0;
    f->vectorcall = builtin_func_call;
    return (PhObject *)f;
}

PhObject *builtin_func_new(PhState *S, const PhMethodDef *def, PhObject *self_or_module)
{
    PhBuiltinFunc *f = (PhBuiltinFunc *)builtin_func_alloc(S, def, self_or_module);
    if (!f) return NULL;
    if (self_or_module && obj_type_check(self_or_module, &S->types.module)) {
        PhObject *name = module_get_name(self_or_module);
        XINCREF(name);
        f->u.module = name;
    }
    gc_track(S, (PhObject *)f);
    return (PhObject *)f;
}

PhObject *builtin_method_new(PhState *S, const PhMethodDef *def, PhObject *self, PhType *owner)
{
    PhBuiltinFunc *f = (PhBuiltinFunc *)builtin_func_alloc(S, def, self);
    if (!f) return NULL;
    f->is_method = 1;
    owner_incref(owner);
    f->u.owner = owner;
    gc_track(S, (PhObject *)f);
    return (PhObject *)f;
}

PhType *callable_owner(PhState *S, PhObject *callable)
{
    if (descr_is_method(S, callable)) return DESCR(callable)->owner;
    if (!builtin_func_check(S, callable)) return NULL;
    if (BFUNC(callable)->is_method) return BFUNC(callable)->u.owner;
    /* __new__ is a function whose self is the class (see type_ready). */
    if (BFUNC(callable)->self &&
        (BFUNC(callable)->self->type->flags & TPFLAG_TYPE_SUBCLASS))
        return (PhType *)BFUNC(callable)->self;
    return NULL;
}

static int builtin_func_traverse(PhObject *self, visitproc visit, void *arg)
{
    PhBuiltinFunc *f = BFUNC(self);
    if (f->self && !((f->self->type->flags & TPFLAG_TYPE_SUBCLASS) &&
                     (((PhType *)f->self)->flags & TPFLAG_STATIC_TYPE)))
        VISIT(f->self);
    if (f->is_method) {
        if (f->u.owner && type_is_heap(f->u.owner)) VISIT(f->u.owner);
    } else {
        VISIT(f->u.module);
    }
    return 0;
}

static void builtin_func_dealloc(PhState *S, PhObject *self)
{
    PhBuiltinFunc *f = BFUNC(self);
    gc_untrack(self);
    CLEAR(S, f->self);
    PhType *owner = NULL;
    if (f->is_method) owner = f->u.owner;
    else CLEAR(S, f->u.module);
    obj_free(S, self);
    owner_decref(S, owner);
}

static PhObject *builtin_func_repr(PhState *S, PhObject *self)
{
    PhBuiltinFunc *f = BFUNC(self);
    if (!f->self || obj_type_check(f->self, &S->types.module))
        return str_from_format(S, "<built-in function %s>", f->def->name);
    if (f->def->flags & METH_WRAPPER)
        return str_from_format(S, "<method-wrapper '%s' of %s object at %p>", f->def->name,
                               f->self->type->name, (void *)f->self);
    return str_from_format(S, "<built-in method %s of %s object at %p>", f->def->name,
                           f->self->type->name, (void *)f->self);
}

static PhObject *builtin_func_richcompare(PhState *S, PhObject *a, PhObject *b, int op)
{
    if ((op != CMP_EQ && op != CMP_NE) || b->type != a->type) {
        INCREF(PH_NOTIMPL(S));
        return PH_NOTIMPL(S);
    }
    bool eq = BFUNC(a)->def == BFUNC(b)->def && BFUNC(a)->self == BFUNC(b)->self;
    return ph_bool(S, op == CMP_EQ ? eq : !eq);
}

static int64_t builtin_func_hash(PhState *S, PhObject *self)
{
    uintptr_t x = (uintptr_t)BFUNC(self)->self ^ (uintptr_t)BFUNC(self)->def;
    int64_t h = (int64_t)((x >> 4) | (x << 60));
    return h == -1 ? -2 : h;
}

static PhObject *bf_get_name(PhState *S, PhObject *self) { return str_from_cstr(S, BFUNC(self)->def->name); }

static PhObject *bf_get_qualname(PhState *S, PhObject *self)
{
    PhBuiltinFunc *f = BFUNC(self);
    if (!f->self || obj_type_check(f->self, &S->types.module)) return bf_get_name(S, self);
    PhType *t = (f->self->type->flags & TPFLAG_TYPE_SUBCLASS) ? (PhType *)f->self : f->self->type;
    PhObject *tq = type_qualname(S, t);
    if (!tq) return NULL;
    PhObject *r = str_from_format(S, "%U.%s", tq, f->def->name);
    DECREF(S, tq);
    return r;
}

static PhObject *bf_get_self(PhState *S, PhObject *self)
{
    PhObject *s = BFUNC(self)->self ? BFUNC(self)->self : PH_NONE(S);
    INCREF(s);
    return s;
}

static PhObject *bf_get_module(PhState *S, PhObject *self)
{
    PhBuiltinFunc *f = BFUNC(self);
    PhObject *m = !f->is_method && f->u.module ? f->u.module : PH_NONE(S);
    INCREF(m);
    return m;
}

static PhObject *bf_get_doc(PhState *S, PhObject *self)
{
    const char *doc = BFUNC(self)->def->doc;
    return doc ? str_from_cstr(S, doc) : ph_none(S);
}

static const PhGetSetDef builtin_func_getsets[] = {
    {"__name__", bf_get_name, NULL},
    {"__qualname__", bf_get_qualname, NULL},
    {"__self__", bf_get_self, NULL},
    {"__module__", bf_get_module, NULL},
    {"__doc__", bf_get_doc, NULL},
    {NULL, NULL, NULL},
};

const PhType builtin_func_type_template = {
    .name = "builtin_function_or_method",
    .basicsize = sizeof(PhBuiltinFunc),
    .flags = TPFLAG_HAVE_GC,
    .dealloc = builtin_func_dealloc,
    .traverse = builtin_func_traverse,
    .call = builtin_func_call,
    .repr = builtin_func_repr,
    .richcompare = builtin_func_richcompare,
    .hash = builtin_func_hash,
    .getsets = builtin_func_getsets,
};

/* ---- getset_descriptor -------------------------------------------------------------------- */

#define GSDESCR(o) ((PhGetSetDescr *)(o))

static PhObject *getset_get(PhState *S, PhObject *descr, PhObject *obj, PhObject *type)
{
    PhGetSetDescr *d = GSDESCR(descr);
    if (!obj) {
        INCREF(descr);
        return descr;
    }
    if (descr_check(S, &d->d, obj) < 0) return NULL;
    if (!d->def->get) {
        return err_format(S, &S->exc.AttributeError, "attribute '%U' of '%s' objects is not readable",
                          d->d.name, d->d.owner->name);
    }
    return d->def->get(S, obj);
}

static int getset_set(PhState *S, PhObject *descr, PhObject *obj, PhObject *v)
{
    PhGetSetDescr *d = GSDESCR(descr);
    if (descr_check(S, &d->d, obj) < 0) return -1;
    if (!d->def->set) {
        err_format(S, &S->exc.AttributeError, "attribute '%U' of '%s' objects is not writable",
                   d->d.name, d->d.owner->name);
        return -1;
    }
    return d->def->set(S, obj, v);
}

static PhObject *getset_repr(PhState *S, PhObject *self)
{
    return str_from_format(S, "<attribute '%U' of '%s' objects>", DESCR(self)->name,
                           DESCR(self)->owner->name);
}

static const PhGetSetDef plain_descr_getsets[] = {
    {"__name__", descr_get_name, NULL},
    {"__qualname__", descr_get_qualname, NULL},
    {"__objclass__", descr_get_objclass, NULL},
    {NULL, NULL, NULL},
};

const PhType getset_descr_type_template = {
    .name = "getset_descriptor",
    .basicsize = sizeof(PhGetSetDescr),
    .flags = TPFLAG_HAVE_GC,
    .dealloc = descr_dealloc,
    .traverse = descr_traverse,
    .descr_get = getset_get,
    .descr_set = getset_set,
    .repr = getset_repr,
    .getsets = plain_descr_getsets,
};

PhObject *descr_new_getset(PhState *S, PhType *owner, const PhGetSetDef *def)
{
    PhGetSetDescr *d = (PhGetSetDescr *)descr_alloc(S, &S->types.getset_descr,
                                                    sizeof(PhGetSetDescr), owner, def->name);
    if (!d) return NULL;
    d->def = def;
    gc_track(S, (PhObject *)d);
    return (PhObject *)d;
}

/* ---- member_descriptor (__slots__) ---------------------------------------------------------- */

#define MEMBER(o) ((PhMemberDescr *)(o))

static PhObject **member_slot(PhObject *obj, PhObject *descr)
{
    return (PhObject **)((char *)obj + MEMBER(descr)->offset);
}

static PhObject *member_get(PhState *S, PhObject *descr, PhObject *obj, PhObject *type)
{
    if (!obj) {
        INCREF(descr);
        return descr;
    }
    if (descr_check(S, DESCR(descr), obj) < 0) return NULL;
    PhObject *v = *member_slot(obj, descr);
    if (!v) {
        return err_format(S, &S->exc.AttributeError, "'%s' object has no attribute '%U'",
                          obj->type->name, DESCR(descr)->name);
    }
    INCREF(v);
    return v;
}

static int member_set(PhState *S, PhObject *descr, PhObject *obj, PhObject *v)
{
    if (descr_check(S, DESCR(descr), obj) < 0) return -1;
    PhObject **slot = member_slot(obj, descr);
    if (!v && !*slot) {
        /* CPython's message for deleting an unset slot is just its name. */
        err_set_object(S, &S->exc.AttributeError, DESCR(descr)->name);
        return -1;
    }
    PhObject *old = *slot;
    XINCREF(v);
    *slot = v;
    XDECREF(S, old);
    return 0;
}

static PhObject *member_repr(PhState *S, PhObject *self)
{
    return str_from_format(S, "<member '%U' of '%s' objects>", DESCR(self)->name,
                           DESCR(self)->owner->name);
}

const PhType member_descr_type_template = {
    .name = "member_descriptor",
    .basicsize = sizeof(PhMemberDescr),
    .flags = TPFLAG_HAVE_GC,
    .dealloc = descr_dealloc,
    .traverse = descr_traverse,
    .descr_get = member_get,
    .descr_set = member_set,
    .repr = member_repr,
    .getsets = plain_descr_getsets,
};

PhObject *descr_new_member(PhState *S, PhType *owner, PhObject *name, ssize_t offset)
{
    PhMemberDescr *d = (PhMemberDescr *)descr_alloc(S, &S->types.member_descr,
                                                    sizeof(PhMemberDescr), owner, "");
    if (!d) return NULL;
    INCREF(name);
    DECREF(S, d->d.name);
    d->d.name = name;
    d->offset = offset;
    gc_track(S, (PhObject *)d);
    return (PhObject *)d;
}

/* ---- method (bound Python function) ------------------------------------------------------ */

#define METHOD(o) ((PhMethod *)(o))

static PhObject *method_call(PhState *S, PhObject *callable, PhObject *const *args, size_t nargs,
                             PhObject *kwnames)
{
    PhMethod *m = METHOD(callable);
    return call_with_self(S, NULL, m->func, m->self, args, nargs, kwnames);
}

PhObject *method_new(PhState *S, PhObject *func, PhObject *self)
{
    PhMethod *m = (PhMethod *)obj_alloc(S, &S->types.method, sizeof(PhMethod));
    if (!m) return err_no_memory(S);
    INCREF(func);
    INCREF(self);
    m->func = func;
    m->self = self;
    m->weakreflist = NULL;
    m->vectorcall = method_call;
    gc_track(S, (PhObject *)m);
    return (PhObject *)m;
}

static int method_traverse(PhObject *self, visitproc visit, void *arg)
{
    VISIT(METHOD(self)->func);
    PhObject *s = METHOD(self)->self;
    if (!((s->type->flags & TPFLAG_TYPE_SUBCLASS) && (((PhType *)s)->flags & TPFLAG_STATIC_TYPE)))
        VISIT(s);
    return 0;
}

static void method_dealloc(PhState *S, PhObject *self)
{
    gc_untrack(self);
    CLEAR(S, METHOD(self)->func);
    CLEAR(S, METHOD(self)->self);
    obj_free(S, self);
}

static PhObject *method_repr(PhState *S, PhObject *self)
{
    PhMethod *m = METHOD(self);
    PhObject *name = obj_lookup_attr(S, m->func, ID(S, __qualname__));
    if (!name) {
        if (err_occurred(S)) return NULL;
        name = obj_lookup_attr(S, m->func, ID(S, __name__));
        if (!name && err_occurred(S)) return NULL;
    }
    PhObject *r;
    if (name && str_check(name)) r = str_from_format(S, "<bound method %U of %R>", name, m->self);
    else r = str_from_format(S, "<bound method ? of %R>", m->self);
    XDECREF(S, name);
    return r;
}

static PhObject *method_richcompare(PhState *S, PhObject *a, PhObject *b, int op)
{
    if ((op != CMP_EQ && op != CMP_NE) || a->type != b->type) {
        INCREF(PH_NOTIMPL(S));
        return PH_NOTIMPL(S);
    }
    int eq = obj_richcompare_bool(S, METHOD(a)->func, METHOD(b)->func, CMP_EQ);
    if (eq < 0) return NULL;
    eq = eq && METHOD(a)->self == METHOD(b)->self;
    return ph_bool(S, op == CMP_EQ ? eq : !eq);
}

static int64_t method_hash(PhState *S, PhObject *self)
{
    int64_t hf = obj_hash(S, METHOD(self)->func);
    if (hf == -1) return -1;
    uintptr_t x = (uintptr_t)METHOD(self)->self;
    int64_t h = (int64_t)((x >> 4) | (x << 60)) ^ hf;
    return h == -1 ? -2 : h;
}

/* Attributes not found on the method itself come from the function
 * (m.__name__, m.__doc__), as in CPython. */
static PhObject *method_getattro(PhState *S, PhObject *self, PhObject *name)
{
    PhObject *descr = type_lookup(self->type, name);
    if (descr) {
        descrgetfunc f = descr->type->descr_get;
        if (f) return f(S, descr, self, (PhObject *)self->type);
        INCREF(descr);
        return descr;
    }
    return obj_getattr(S, METHOD(self)->func, name);
}

static PhObject *method_get_func(PhState *S, PhObject *self)
{
    INCREF(METHOD(self)->func);
    return METHOD(self)->func;
}

static PhObject *method_get_self(PhState *S, PhObject *self)
{
    INCREF(METHOD(self)->self);
    return METHOD(self)->self;
}

static PhObject *method_get_doc(PhState *S, PhObject *self)
{
    return obj_getattr(S, METHOD(self)->func, ID(S, __doc__));
}

static const PhGetSetDef method_getsets[] = {
    {"__func__", method_get_func, NULL},
    {"__self__", method_get_self, NULL},
    {"__doc__", method_get_doc, NULL},
    {NULL, NULL, NULL},
};

const PhType method_type_template = {
    .name = "method",
    .basicsize = sizeof(PhMethod),
    .flags = TPFLAG_HAVE_GC,
    .dealloc = method_dealloc,
    .traverse = method_traverse,
    .call = method_call,
    .repr = method_repr,
    .richcompare = method_richcompare,
    .hash = method_hash,
    .getattro = method_getattro,
    .getsets = method_getsets,
};

/* ---- staticmethod / classmethod ------------------------------------------------------------ */

#define FW(o) ((PhFuncWrapper *)(o))

static PhObject *funcwrapper_alloc(PhState *S, PhType *t, PhObject *callable)
{
    PhFuncWrapper *w = (PhFuncWrapper *)obj_alloc(S, t, (size_t)t->basicsize);
    if (!w) return err_no_memory(S);
    memset((char *)w + sizeof(PhObject), 0, (size_t)t->basicsize - sizeof(PhObject));
    XINCREF(callable);
    w->callable = callable;
    gc_track(S, (PhObject *)w);
    return (PhObject *)w;
}

PhObject *staticmethod_new(PhState *S, PhObject *callable)
{
    return funcwrapper_alloc(S, &S->types.staticmethod, callable);
}

PhObject *classmethod_new(PhState *S, PhObject *callable)
{
    return funcwrapper_alloc(S, &S->types.classmethod, callable);
}

static PhObject *funcwrapper_tp_new(PhState *S, PhType *t, PhObject *const *args, size_t nargs,
                                    PhObject *kwnames)
{
    return funcwrapper_alloc(S, t, NULL);
}

static int funcwrapper_init(PhState *S, PhObject *self, PhObject *const *args, size_t nargs,
                            PhObject *kwnames)
{
    const char *name = self->type == &S->types.staticmethod || obj_type_check(self, &S->types.staticmethod)
                           ? "staticmethod"
                           : "classmethod";
    if (kw_given(kwnames)) {
        err_format(S, &S->exc.TypeError, "%s() takes no keyword arguments", name);
        return -1;
    }
    if (nargs != 1) {
        err_format(S, &S->exc.TypeError, "%s expected 1 argument, got %zu", name, nargs);
        return -1;
    }
    PhObject *old = FW(self)->callable;
    INCREF(args[0]);
    FW(self)->callable = args[0];
    XDECREF(S, old);
    return 0;
}

static int funcwrapper_traverse(PhObject *self, visitproc visit, void *arg)
{
    VISIT(FW(self)->callable);
    VISIT(FW(self)->dict);
    return 0;
}

static int funcwrapper_clear(PhState *S, PhObject *self)
{
    CLEAR(S, FW(self)->callable);
    CLEAR(S, FW(self)->dict);
    return 0;
}

static void funcwrapper_dealloc(PhState *S, PhObject *self)
{
    gc_untrack(self);
    funcwrapper_clear(S, self);
    obj_free(S, self);
}

static PhObject *staticmethod_get(PhState *S, PhObject *self, PhObject *obj, PhObject *type)
{
    PhObject *c = FW(self)->callable;
    if (!c) return err_format(S, &S->exc.RuntimeError, "uninitialized staticmethod object");
    INCREF(c);
    return c;
}

static PhObject *classmethod_get(PhState *S, PhObject *self, PhObject *obj, PhObject *type)
{
    PhObject *c = FW(self)->callable;
    if (!c) return err_format(S, &S->exc.RuntimeError, "uninitialized classmethod object");
    if (!type) type = (PhObject *)obj->type;
    return method_new(S, c, type);
}

static PhObject *staticmethod_call(PhState *S, PhObject *self, PhObject *const *args, size_t nargs,
                                   PhObject *kwnames)
{
    return obj_call(S, FW(self)->callable, args, nargs, kwnames);
}

static PhObject *funcwrapper_repr(PhState *S, PhObject *self)
{
    const char *kind = obj_type_check(self, &S->types.staticmethod) ? "staticmethod" : "classmethod";
    return str_from_format(S, "<%s(%R)>", kind, FW(self)->callable ? FW(self)->callable : PH_NONE(S));
}

/* __name__, __doc__, ... are the wrapped function's (3.10's wrapper
 * attributes), unless set on the wrapper itself. */
static PhObject *funcwrapper_getattro(PhState *S, PhObject *self, PhObject *name)
{
    PhObject *r = obj_generic_getattr_suppress(S, self, name);
    if (r || err_occurred(S)) return r;
    static const char *const wrapped[] = {"__name__", "__qualname__", "__doc__", "__module__",
                                          "__annotations__", NULL};
    for (int i = 0; wrapped[i]; i++)
        if (str_eq_cstr(name, wrapped[i]) && FW(self)->callable)
            return obj_getattr(S, FW(self)->callable, name);
    return err_format(S, &S->exc.AttributeError, "'%s' object has no attribute '%U'",
                      self->type->name, name);
}

static PhObject *fw_get_func(PhState *S, PhObject *self)
{
    PhObject *c = FW(self)->callable ? FW(self)->callable : PH_NONE(S);
    INCREF(c);
    return c;
}

static PhObject *fw_get_isabstract(PhState *S, PhObject *self)
{
    PhObject *c = FW(self)->callable;
    if (!c) return ph_bool(S, 0);
    PhObject *v = obj_lookup_attr(S, c, ID(S, __isabstractmethod__));
    if (!v) return err_occurred(S) ? NULL : ph_bool(S, 0);
    return v;
}

static PhObject *fw_get_dict(PhState *S, PhObject *self)
{
    if (!FW(self)->dict && !(FW(self)->dict = dict_new(S))) return NULL;
    INCREF(FW(self)->dict);
    return FW(self)->dict;
}

static const PhGetSetDef funcwrapper_getsets[] = {
    {"__func__", fw_get_func, NULL},
    {"__wrapped__", fw_get_func, NULL},
    {"__isabstractmethod__", fw_get_isabstract, NULL},
    {"__dict__", fw_get_dict, NULL},
    {NULL, NULL, NULL},
};

const PhType staticmethod_type_template = {
    .name = "staticmethod",
    .basicsize = sizeof(PhFuncWrapper),
    .flags = TPFLAG_HAVE_GC | TPFLAG_BASETYPE,
    .dealloc = funcwrapper_dealloc,
    .traverse = funcwrapper_traverse,
    .clear = funcwrapper_clear,
    .descr_get = staticmethod_get,
    .call = staticmethod_call,
    .new_ = funcwrapper_tp_new,
    .init = funcwrapper_init,
    .repr = funcwrapper_repr,
    .getattro = funcwrapper_getattro,
    .getsets = funcwrapper_getsets,
    .dictoffset = offsetof(PhFuncWrapper, dict),
};

const PhType classmethod_type_template = {
    .name = "classmethod",
    .basicsize = sizeof(PhFuncWrapper),
    .flags = TPFLAG_HAVE_GC | TPFLAG_BASETYPE,
    .dealloc = funcwrapper_dealloc,
    .traverse = funcwrapper_traverse,
    .clear = funcwrapper_clear,
    .descr_get = classmethod_get,
    .new_ = funcwrapper_tp_new,
    .init = funcwrapper_init,
    .repr = funcwrapper_repr,
    .getattro = funcwrapper_getattro,
    .getsets = funcwrapper_getsets,
    .dictoffset = offsetof(PhFuncWrapper, dict),
};

/* ---- property ------------------------------------------------------------------------------- */

#define PROP(o) ((PhProperty *)(o))

static PhObject *property_tp_new(PhState *S, PhType *t, PhObject *const *args, size_t nargs,
                                 PhObject *kwnames)
{
    PhProperty *p = (PhProperty *)obj_alloc(S, t, (size_t)t->basicsize);
    if (!p) return err_no_memory(S);
    memset((char *)p + sizeof(PhObject), 0, (size_t)t->basicsize - sizeof(PhObject));
    gc_track(S, (PhObject *)p);
    return (PhObject *)p;
}

static void set_field(PhState *S, PhObject **slot, PhObject *v)
{
    if (v == NULL || v == PH_NONE(S)) v = NULL;
    PhObject *old = *slot;
    XINCREF(v);
    *slot = v;
    XDECREF(S, old);
}

/* property(fget=None, fset=None, fdel=None, doc=None) */
static int property_init(PhState *S, PhObject *self, PhObject *const *args, size_t nargs,
                         PhObject *kwnames)
{
    static const char *const names[] = {"fget", "fset", "fdel", "doc"};
    PhObject *vals[4] = {NULL, NULL, NULL, NULL};
    if (nargs > 4) {
        err_format(S, &S->exc.TypeError, "property() takes at most 4 arguments (%zu given)", nargs);
        return -1;
    }
    for (size_t i = 0; i < nargs; i++) vals[i] = args[i];
    ssize_t nkw = kwnames ? TUPLE_LEN(kwnames) : 0;
    for (ssize_t k = 0; k < nkw; k++) {
        PhObject *kn = TUPLE_GET(kwnames, k);
        int idx = -1;
        for (int j = 0; j < 4; j++)
            if (str_eq_cstr(kn, names[j])) idx = j;
        if (idx < 0) {
            err_format(S, &S->exc.TypeError, "'%U' is an invalid keyword argument for property()", kn);
            return -1;
        }
        if (vals[idx] && (size_t)idx < nargs) {
            err_format(S, &S->exc.TypeError,
                       "argument for property() given by name ('%s') and position (%d)", names[idx],
                       idx + 1);
            return -1;
        }
        vals[idx] = args[nargs + (size_t)k];
    }
    PhProperty *p = PROP(self);
    set_field(S, &p->fget, vals[0]);
    set_field(S, &p->fset, vals[1]);
    set_field(S, &p->fdel, vals[2]);
    set_field(S, &p->doc, vals[3]);
    p->getter_doc = 0;
    /* Without an explicit doc, the getter's docstring becomes the property's. */
    if (!p->doc && p->fget) {
        PhObject *d = obj_lookup_attr(S, p->fget, ID(S, __doc__));
        if (!d && err_occurred(S)) return -1;
        if (d && d != PH_NONE(S)) {
            p->doc = d;
            p->getter_doc = 1;
        } else {
            XDECREF(S, d);
        }
    }
    return 0;
}

static int property_traverse(PhObject *self, visitproc visit, void *arg)
{
    PhProperty *p = PROP(self);
    VISIT(p->fget);
    VISIT(p->fset);
    VISIT(p->fdel);
    VISIT(p->doc);
    VISIT(p->name);
    return 0;
}

static int property_clear(PhState *S, PhObject *self)
{
    PhProperty *p = PROP(self);
    CLEAR(S, p->fget);
    CLEAR(S, p->fset);
    CLEAR(S, p->fdel);
    CLEAR(S, p->doc);
    CLEAR(S, p->name);
    return 0;
}

static void property_dealloc(PhState *S, PhObject *self)
{
    gc_untrack(self);
    property_clear(S, self);
    obj_free(S, self);
}

/* "property 'x' of 'C' object has no getter" (3.11 names the property when
 * __set_name__ told it its name). */
static void property_error(PhState *S, PhObject *self, PhObject *obj, const char *what)
{
    PhObject *name = PROP(self)->name;
    if (name && obj)
        err_format(S, &S->exc.AttributeError, "property %R of '%s' object has no %s", name,
                   obj->type->name, what);
    else if (strcmp(what, "getter") == 0)
        err_format(S, &S->exc.AttributeError, "unreadable attribute");
    else
        err_format(S, &S->exc.AttributeError, strcmp(what, "setter") == 0 ? "can't set attribute"
                                                                          : "can't delete attribute");
}

static PhObject *property_get(PhState *S, PhObject *self, PhObject *obj, PhObject *type)
{
    if (!obj) {
        INCREF(self);
        return self;
    }
    if (!PROP(self)->fget) {
        property_error(S, self, obj, "getter");
        return NULL;
    }
    return obj_call1(S, PROP(self)->fget, obj);
}

static int property_set(PhState *S, PhObject *self, PhObject *obj, PhObject *v)
{
    PhObject *f = v ? PROP(self)->fset : PROP(self)->fdel;
    if (!f) {
        property_error(S, self, obj, v ? "setter" : "deleter");
        return -1;
    }
    PhObject *r;
    if (v) {
        PhObject *args[2] = {obj, v};
        r = obj_call(S, f, args, 2, NULL);
    } else {
        r = obj_call1(S, f, obj);
    }
    if (!r) return -1;
    DECREF(S, r);
    return 0;
}

/* getter/setter/deleter: a copy of the property with one function replaced. */
static PhObject *property_copy(PhState *S, PhObject *self, PhObject *get, PhObject *set, PhObject *del)
{
    PhProperty *p = PROP(self);
    PhObject *doc = p->getter_doc && get ? NULL : p->doc;
    PhObject *args[4] = {get ? get : PH_NONE(S), set ? set : PH_NONE(S), del ? del : PH_NONE(S),
                         doc ? doc : PH_NONE(S)};
    PhObject *np = obj_call(S, (PhObject *)self->type, args, 4, NULL);
    if (np && obj_type_check(np, &S->types.property)) {
        XINCREF(p->name);
        XDECREF(S, PROP(np)->name);
        PROP(np)->name = p->name;
    }
    return np;
}

static PhObject *property_getter(PhState *S, PhObject *c, PhObject *const *args, size_t nargs,
                                 PhObject *kw)
{
    if (nargs != 2) return err_format(S, &S->exc.TypeError, "getter() takes exactly one argument");
    return property_copy(S, args[0], args[1], PROP(args[0])->fset, PROP(args[0])->fdel);
}

static PhObject *property_setter(PhState *S, PhObject *c, PhObject *const *args, size_t nargs,
                                 PhObject *kw)
{
    if (nargs != 2) return err_format(S, &S->exc.TypeError, "setter() takes exactly one argument");
    return property_copy(S, args[0], PROP(args[0])->fget, args[1], PROP(args[0])->fdel);
}

static PhObject *property_deleter(PhState *S, PhObject *c, PhObject *const *args, size_t nargs,
                                  PhObject *kw)
{
    if (nargs != 2) return err_format(S, &S->exc.TypeError, "deleter() takes exactly one argument");
    return property_copy(S, args[0], PROP(args[0])->fget, PROP(args[0])->fset, args[1]);
}

static PhObject *property_set_name(PhState *S, PhObject *c, PhObject *const *args, size_t nargs,
                                   PhObject *kw)
{
    if (nargs != 3) {
        return err_format(S, &S->exc.TypeError, "__set_name__() takes 2 positional arguments but %zu were given",
                          nargs - 1);
    }
    set_field(S, &PROP(args[0])->name, args[2]);
    return ph_none(S);
}

static const PhMethodDef property_methods[] = {
    {"getter", property_getter, METH_DEFAULT, "Descriptor to obtain a copy of the property with a different getter."},
    {"setter", property_setter, METH_DEFAULT, "Descriptor to obtain a copy of the property with a different setter."},
    {"deleter", property_deleter, METH_DEFAULT, "Descriptor to obtain a copy of the property with a different deleter."},
    {"__set_name__", property_set_name, METH_DEFAULT, "Method to set name of a property."},
    {NULL, NULL, 0, NULL},
};

static PhObject *prop_field(PhState *S, PhObject *v)
{
    if (!v) v = PH_NONE(S);
    INCREF(v);
    return v;
}

static PhObject *prop_get_fget(PhState *S, PhObject *self) { return prop_field(S, PROP(self)->fget); }
static PhObject *prop_get_fset(PhState *S, PhObject *self) { return prop_field(S, PROP(self)->fset); }
static PhObject *prop_get_fdel(PhState *S, PhObject *self) { return prop_field(S, PROP(self)->fdel); }
static PhObject *prop_get_doc(PhState *S, PhObject *self) { return prop_field(S, PROP(self)->doc); }

static int prop_set_doc(PhState *S, PhObject *self, PhObject *v)
{
    set_field(S, &PROP(self)->doc, v);
    PROP(self)->getter_doc = 0;
    return 0;
}

static const PhGetSetDef property_getsets[] = {
    {"fget", prop_get_fget, NULL},
    {"fset", prop_get_fset, NULL},
    {"fdel", prop_get_fdel, NULL},
    {"__doc__", prop_get_doc, prop_set_doc},
    {NULL, NULL, NULL},
};

const PhType property_type_template = {
    .name = "property",
    .basicsize = sizeof(PhProperty),
    .flags = TPFLAG_HAVE_GC | TPFLAG_BASETYPE,
    .dealloc = property_dealloc,
    .traverse = property_traverse,
    .clear = property_clear,
    .descr_get = property_get,
    .descr_set = property_set,
    .new_ = property_tp_new,
    .init = property_init,
    .methods = property_methods,
    .getsets = property_getsets,
};

/* ---- wrapper_descriptor and method-wrapper -------------------------------------------------
 * The same objects as method_descriptor / builtin_function_or_method, under
 * CPython's names for slot wrappers (type(int.__add__), type((1).__add__)).
 * The types live in the runtime block behind zeroed GC-header pads. */

bool descr_is_method(PhState *S, const PhObject *o)
{
    return o->type == &S->types.method_descr ||
           (S->ids && o->type == &RUNTIME(S)->wrapper_descr.type);
}

bool builtin_func_check(PhState *S, const PhObject *o)
{
    return o->type == &S->types.builtin_func ||
           (S->ids && o->type == &RUNTIME(S)->method_wrapper.type);
}

void descr_init_private_types(PhState *S)
{
    PhRuntime *R = RUNTIME(S);
    PhType *w = &R->wrapper_descr.type, *m = &R->method_wrapper.type;
    *w = method_descr_type_template;
    w->name = "wrapper_descriptor";
    *m = builtin_func_type_template;
    m->name = "method-wrapper";
    PhType *both[] = {w, m};
    for (int i = 0; i < 2; i++) {
        both[i]->ob.ob.refcnt = OBJ_STATIC_REFCNT;
        both[i]->ob.ob.type = &S->types.type;
        both[i]->flags |= TPFLAG_STATIC_TYPE;
    }
}
