/* Module objects: a name and a namespace dict. */
#include "module.h"

#include "abstract.h"
#include "descr.h"
#include "dict.h"
#include "list.h"
#include "str.h"
#include "tuple.h"
#include "typeobject.h"
#include "vm/errors.h"
#include "vm/state.h"

#include <string.h>

#define MOD(o) ((PhModule *)(o))

/* def != NULL marks a module made by C code (module_new): its repr says
 * "(built-in)", as CPython's builtin modules do. */
static const char builtin_marker = 0;

static PhObject *module_alloc(PhState *S, PhType *t)
{
    PhModule *m = (PhModule *)obj_alloc(S, t, (size_t)t->basicsize);
    if (!m) return err_no_memory(S);
    memset((char *)m + sizeof(PhObject), 0, (size_t)t->basicsize - sizeof(PhObject));
    m->dict = dict_new(S);
    if (!m->dict) {
        obj_free(S, (PhObject *)m);
        return NULL;
    }
    gc_track(S, (PhObject *)m);
    return (PhObject *)m;
}

/* Fills __name__, __doc__ and the import-system attributes. */
static int module_init_dict(PhState *S, PhObject *mod, PhObject *name, PhObject *doc)
{
    PhObject *d = MOD(mod)->dict;
    if (dict_setitem(S, d, ID(S, __name__), name) < 0 ||
        dict_setitem(S, d, ID(S, __doc__), doc ? doc : PH_NONE(S)) < 0 ||
        dict_setitem_str(S, d, "__package__", PH_NONE(S)) < 0 ||
        dict_setitem_str(S, d, "__loader__", PH_NONE(S)) < 0 ||
        dict_setitem_str(S, d, "__spec__", PH_NONE(S)) < 0)
        return -1;
    INCREF(name);
    PhObject *old = MOD(mod)->name;
    MOD(mod)->name = name;
    XDECREF(S, old);
    return 0;
}

PhObject *module_new(PhState *S, const char *name)
{
    PhObject *n = str_from_cstr(S, name);
    if (!n) return NULL;
    if (str_intern_in_place(S, &n) < 0) err_clear(S);
    PhObject *m = module_alloc(S, &S->types.module);
    if (!m || module_init_dict(S, m, n, NULL) < 0) {
        XDECREF(S, m);
        DECREF(S, n);
        return NULL;
    }
    DECREF(S, n);
    MOD(m)->def = &builtin_marker;
    return m;
}

int module_add_functions(PhState *S, PhObject *mod, const PhMethodDef *defs)
{
    for (const PhMethodDef *d = defs; d && d->name; d++) {
        PhObject *f = builtin_func_new(S, d, mod);
        if (!f) return -1;
        int rc = dict_setitem_str(S, MOD(mod)->dict, d->name, f);
        DECREF(S, f);
        if (rc < 0) return -1;
    }
    return 0;
}

int module_add_object(PhState *S, PhObject *mod, const char *name, PhObject *obj)
{
    PhObject *n = str_from_cstr(S, name);
    if (!n) return -1;
    if (str_intern_in_place(S, &n) < 0) err_clear(S);
    int rc = dict_setitem(S, MOD(mod)->dict, n, obj);
    DECREF(S, n);
    return rc;
}

PhObject *module_get_dict(PhObject *mod) { return MOD(mod)->dict; }

PhObject *module_get_name(PhObject *mod) { return MOD(mod)->name; }

/* ---- the type ------------------------------------------------------------------------- */

static PhObject *module_tp_new(PhState *S, PhType *t, PhObject *const *args, size_t nargs,
                               PhObject *kwnames)
{
    return module_alloc(S, t);
}

/* ModuleType(name, doc=None) */
static int module_tp_init(PhState *S, PhObject *self, PhObject *const *args, size_t nargs,
                          PhObject *kwnames)
{
    PhObject *name = nargs > 0 ? args[0] : NULL, *doc = nargs > 1 ? args[1] : NULL;
    ssize_t nkw = kwnames ? TUPLE_LEN(kwnames) : 0;
    for (ssize_t i = 0; i < nkw; i++) {
        PhObject *k = TUPLE_GET(kwnames, i);
        if (str_eq_cstr(k, "name") && !name) name = args[nargs + (size_t)i];
        else if (str_eq_cstr(k, "doc") && !doc) doc = args[nargs + (size_t)i];
        else {
            err_format(S, &S->exc.TypeError, "module() got an unexpected keyword argument '%U'", k);
            return -1;
        }
    }
    if (!name || nargs > 2) {
        err_format(S, &S->exc.TypeError, "module() takes at most 2 arguments (%zu given)", nargs);
        return -1;
    }
    if (!str_check(name)) {
        err_format(S, &S->exc.TypeError, "module.__init__() argument 'name' must be str, not %s",
                   name->type->name);
        return -1;
    }
    return module_init_dict(S, self, name, doc);
}

static int module_traverse(PhObject *self, visitproc visit, void *arg)
{
    VISIT(MOD(self)->dict);
    VISIT(MOD(self)->name);
    return 0;
}

static int module_clear(PhState *S, PhObject *self)
{
    CLEAR(S, MOD(self)->dict);
    return 0;
}

static void module_dealloc(PhState *S, PhObject *self)
{
    gc_untrack(self);
    CLEAR(S, MOD(self)->dict);
    CLEAR(S, MOD(self)->name);
    obj_free(S, self);
}

static PhObject *module_repr(PhState *S, PhObject *self)
{
    PhModule *m = MOD(self);
    PhObject *name = m->dict ? dict_getitem(S, m->dict, ID(S, __name__)) : NULL;
    if (!name) name = m->name;
    PhObject *file = m->dict ? dict_getitem_str(S, m->dict, "__file__") : NULL;
    if (err_occurred(S)) err_clear(S);
    if (!name) return str_from_cstr(S, "<module '?'>");
    if (file) return str_from_format(S, "<module %R from %R>", name, file);
    if (m->def) return str_from_format(S, "<module %R (built-in)>", name);
    return str_from_format(S, "<module %R>", name);
}

/* Attributes: the module's dict, then module.__getattr__ (PEP 562). */
static PhObject *module_getattro(PhState *S, PhObject *self, PhObject *name)
{
    PhObject *r = obj_generic_getattr_suppress(S, self, name);
    if (r || err_occurred(S)) return r;
    PhModule *m = MOD(self);
    if (m->dict) {
        PhObject *getattr = dict_getitem(S, m->dict, ID(S, __getattr__));
        if (getattr) return obj_call1(S, getattr, name);
        PhObject *mn = dict_getitem(S, m->dict, ID(S, __name__));
        if (mn && str_check(mn))
            return err_format(S, &S->exc.AttributeError, "module '%U' has no attribute '%U'", mn, name);
    }
    return err_format(S, &S->exc.AttributeError, "module has no attribute '%U'", name);
}

static PhObject *module_get_dict_attr(PhState *S, PhObject *self)
{
    PhObject *d = MOD(self)->dict;
    if (!d) return dict_new(S);
    INCREF(d);
    return d;
}

static PhObject *module_dir(PhState *S, PhObject *c, PhObject *const *args, size_t nargs,
                            PhObject *kw)
{
    PhObject *d = MOD(args[0])->dict;
    return d ? dict_keys_list(S, d) : list_new(S, 0);
}

static const PhMethodDef module_methods[] = {
    {"__dir__", module_dir, METH_DEFAULT, "__dir__() -> list\nspecialized dir() implementation"},
    {NULL, NULL, 0, NULL},
};

static const PhGetSetDef module_getsets[] = {
    {"__dict__", module_get_dict_attr, NULL},
    {NULL, NULL, NULL},
};

const PhType module_type_template = {
    .name = "module",
    .basicsize = sizeof(PhModule),
    .flags = TPFLAG_HAVE_GC | TPFLAG_BASETYPE,
    .dealloc = module_dealloc,
    .traverse = module_traverse,
    .clear = module_clear,
    .repr = module_repr,
    .getattro = module_getattro,
    .setattro = obj_generic_setattr,
    .new_ = module_tp_new,
    .init = module_tp_init,
    .methods = module_methods,
    .getsets = module_getsets,
    .dictoffset = offsetof(PhModule, dict),
};
