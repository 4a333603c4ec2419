/* Function objects and cells.
 *
 * A function ties a code object to the globals it runs in, plus what the
 * `def` evaluated: defaults, keyword-only defaults, annotations and the
 * closure (a tuple of cells, one per co_freevars name). Calling one goes
 * through func_vectorcall (src/vm/call.c); the eval loop calls Python
 * functions without that slot, by pushing a frame directly.
 */
#include "func.h"

#include "objects/abstract.h"
#include "objects/code.h"
#include "objects/descr.h"
#include "objects/dict.h"
#include "objects/module.h"
#include "objects/str.h"
#include "objects/tuple.h"
#include "objects/typeobject.h"
#include "vm/call.h"
#include "vm/errors.h"

#include <stddef.h>

_Static_assert(sizeof(PhFunction) == 136, "PhFunction must match PyFunctionObject (3.11)");
_Static_assert(sizeof(PhCell) == 24, "PhCell must match PyCellObject");

/* ---- function objects ----------------------------------------------------------- */

PhObject *func_builtins_for(PhState *S, PhObject *globals)
{
    PhObject *b = dict_getitem_str(S, globals, "__builtins__");
    if (b) {
        if (b->type == &S->types.module) return MODULE_DICT(b);
        if (b->type == &S->types.dict) return b;
    }
    if (err_occurred(S)) err_clear(S);
    return S->builtins;
}

PhObject *func_new(PhState *S, PhObject *code, PhObject *globals)
{
    PhCode *co = (PhCode *)code;
    PhObject *builtins = func_builtins_for(S, globals);
    if (!builtins) return err_format(S, &S->exc.SystemError, "no builtins");
    PhFunction *f = (PhFunction *)obj_alloc(S, &S->types.function, sizeof(PhFunction));
    if (!f) return err_no_memory(S);
    INCREF(globals);
    f->globals = globals;
    INCREF(builtins);
    f->builtins = builtins;
    INCREF(co->name);
    f->name = co->name;
    INCREF(co->qualname);
    f->qualname = co->qualname;
    INCREF(code);
    f->code = code;
    f->defaults = f->kwdefaults = f->closure = NULL;
    f->dict = f->weakreflist = f->annotations = NULL;
    /* __doc__ is the first constant when it is a str (the compiler puts the
     * docstring, or None, there for functions). */
    PhObject *doc = PH_NONE(S);
    if (TUPLE_LEN(co->consts) > 0 && str_check(TUPLE_GET(co->consts, 0)))
        doc = TUPLE_GET(co->consts, 0);
    INCREF(doc);
    f->doc = doc;
    /* __module__ = globals['__name__'] when present. */
    PhObject *mod = dict_getitem_str(S, globals, "__name__");
    if (!mod && err_occurred(S)) err_clear(S);
    XINCREF(mod);
    f->module = mod;
    f->vectorcall = func_vectorcall;
    f->version = 0;
    gc_track(S, (PhObject *)f);
    return (PhObject *)f;
}

static int func_traverse(PhObject *self, visitproc visit, void *arg)
{
    PhFunction *f = (PhFunction *)self;
    VISIT(f->globals);
    VISIT(f->builtins);
    VISIT(f->name);
    VISIT(f->qualname);
    VISIT(f->code);
    VISIT(f->defaults);
    VISIT(f->kwdefaults);
    VISIT(f->closure);
    VISIT(f->doc);
    VISIT(f->dict);
    VISIT(f->module);
    VISIT(f->annotations);
    return 0;
}

static int func_clear(PhState *S, PhObject *self)
{
    PhFunction *f = (PhFunction *)self;
    /* name/qualname/code stay: something may still print or call the
     * function while a cycle is being broken; they hold no cycles. */
    CLEAR(S, f->globals);
    CLEAR(S, f->builtins);
    CLEAR(S, f->defaults);
    CLEAR(S, f->kwdefaults);
    CLEAR(S, f->closure);
    CLEAR(S, f->doc);
    CLEAR(S, f->dict);
    CLEAR(S, f->module);
    CLEAR(S, f->annotations);
    return 0;
}

static void func_dealloc(PhState *S, PhObject *self)
{
    PhFunction *f = (PhFunction *)self;
    gc_untrack(self);
    func_clear(S, self);
    CLEAR(S, f->name);
    CLEAR(S, f->qualname);
    CLEAR(S, f->code);
    obj_free(S, self);
}

static PhObject *func_repr(PhState *S, PhObject *self)
{
    PhFunction *f = (PhFunction *)self;
    return str_from_format(S, "<function %U at %p>", f->qualname, (void *)self);
}

/* Functions are descriptors: reading one from a class through an instance
 * gives a bound method. */
static PhObject *func_descr_get(PhState *S, PhObject *self, PhObject *obj, PhObject *type)
{
    if (!obj || obj == PH_NONE(S)) {
        INCREF(self);
        return self;
    }
    return method_new(S, self, obj);
}

/* ---- attributes ---- */

#define FN(o) ((PhFunction *)(o))

static PhObject *ref_or_none(PhState *S, PhObject *o)
{
    if (!o) o = PH_NONE(S);
    INCREF(o);
    return o;
}

static PhObject *get_name(PhState *S, PhObject *self) { return ref_or_none(S, FN(self)->name); }
static PhObject *get_qualname(PhState *S, PhObject *self) { return ref_or_none(S, FN(self)->qualname); }
static PhObject *get_doc(PhState *S, PhObject *self) { return ref_or_none(S, FN(self)->doc); }
static PhObject *get_code(PhState *S, PhObject *self) { return ref_or_none(S, FN(self)->code); }
static PhObject *get_globals(PhState *S, PhObject *self) { return ref_or_none(S, FN(self)->globals); }
static PhObject *get_builtins(PhState *S, PhObject *self) { return ref_or_none(S, FN(self)->builtins); }
static PhObject *get_closure(PhState *S, PhObject *self) { return ref_or_none(S, FN(self)->closure); }
static PhObject *get_defaults(PhState *S, PhObject *self) { return ref_or_none(S, FN(self)->defaults); }
static PhObject *get_kwdefaults(PhState *S, PhObject *self) { return ref_or_none(S, FN(self)->kwdefaults); }
static PhObject *get_module(PhState *S, PhObject *self) { return ref_or_none(S, FN(self)->module); }

static PhObject *get_dict(PhState *S, PhObject *self)
{
    PhFunction *f = FN(self);
    if (!f->dict && !(f->dict = dict_new(S))) return NULL;
    INCREF(f->dict);
    return f->dict;
}

static PhObject *get_annotations(PhState *S, PhObject *self)
{
    PhFunction *f = FN(self);
    if (!f->annotations && !(f->annotations = dict_new(S))) return NULL;
    INCREF(f->annotations);
    return f->annotations;
}

/* Replaces *slot with v (new reference), releasing the old value last. */
static void replace(PhState *S, PhObject **slot, PhObject *v)
{
    PhObject *old = *slot;
    XINCREF(v);
    *slot = v;
    XDECREF(S, old);
}

static int set_str_attr(PhState *S, PhObject **slot, PhObject *v, const char *what)
{
    if (!v || !str_check(v)) {
        err_format(S, &S->exc.TypeError, "%s must be set to a string object", what);
        return -1;
    }
    replace(S, slot, v);
    return 0;
}

static int set_name(PhState *S, PhObject *self, PhObject *v)
{
    return set_str_attr(S, &FN(self)->name, v, "__name__");
}
static int set_qualname(PhState *S, PhObject *self, PhObject *v)
{
    return set_str_attr(S, &FN(self)->qualname, v, "__qualname__");
}
static int set_doc(PhState *S, PhObject *self, PhObject *v)
{
    replace(S, &FN(self)->doc, v ? v : PH_NONE(S));
    return 0;
}
static int set_module(PhState *S, PhObject *self, PhObject *v)
{
    replace(S, &FN(self)->module, v);
    return 0;
}

static int set_code(PhState *S, PhObject *self, PhObject *v)
{
    if (!v || !code_check(S, v)) {
        err_format(S, &S->exc.TypeError, "__code__ must be set to a code object");
        return -1;
    }
    PhFunction *f = FN(self);
    int nclosure = f->closure ? (int)TUPLE_LEN(f->closure) : 0;
    PhCode *co = (PhCode *)v;
    if (co->nfree != nclosure) {
        err_format(S, &S->exc.ValueError,
                   "%U() requires a code object with %d free vars, not %d", f->name, nclosure,
                   co->nfree);
        return -1;
    }
    replace(S, &f->code, v);
    return 0;
}

static int set_defaults(PhState *S, PhObject *self, PhObject *v)
{
    if (v == PH_NONE(S)) v = NULL;
    if (v && v->type != &S->types.tuple) {
        err_format(S, &S->exc.TypeError, "__defaults__ must be set to a tuple object");
        return -1;
    }
    replace(S, &FN(self)->defaults, v);
    return 0;
}

static int set_kwdefaults(PhState *S, PhObject *self, PhObject *v)
{
    if (v == PH_NONE(S)) v = NULL;
    if (v && v->type != &S->types.dict) {
        err_format(S, &S->exc.TypeError, "__kwdefaults__ must be set to a dict object");
        return -1;
    }
    replace(S, &FN(self)->kwdefaults, v);
    return 0;
}

static int set_dict(PhState *S, PhObject *self, PhObject *v)
{
    if (!v) {
        err_format(S, &S->exc.TypeError, "cannot delete __dict__");
        return -1;
    }
    if (v->type != &S->types.dict) {
        err_format(S, &S->exc.TypeError, "__dict__ must be set to a dictionary, not a '%T'", v);
        return -1;
    }
    replace(S, &FN(self)->dict, v);
    return 0;
}

static int set_annotations(PhState *S, PhObject *self, PhObject *v)
{
    if (v == PH_NONE(S)) v = NULL;
    if (v && v->type != &S->types.dict) {
        err_format(S, &S->exc.TypeError, "__annotations__ must be set to a dict object");
        return -1;
    }
    replace(S, &FN(self)->annotations, v);
    return 0;
}

static const PhGetSetDef func_getsets[] = {
    {"__name__", get_name, set_name},
    {"__qualname__", get_qualname, set_qualname},
    {"__doc__", get_doc, set_doc},
    {"__code__", get_code, set_code},
    {"__globals__", get_globals, NULL},
    {"__builtins__", get_builtins, NULL},
    {"__closure__", get_closure, NULL},
    {"__defaults__", get_defaults, set_defaults},
    {"__kwdefaults__", get_kwdefaults, set_kwdefaults},
    {"__module__", get_module, set_module},
    {"__dict__", get_dict, set_dict},
    {"__annotations__", get_annotations, set_annotations},
    {NULL, NULL, NULL},
};

const PhType function_type_template = {
    .name = "function",
    .basicsize = sizeof(PhFunction),
    .flags = TPFLAG_HAVE_GC,
    .dealloc = func_dealloc,
    .traverse = func_traverse,
    .clear = func_clear,
    .repr = func_repr,
    .call = func_vectorcall,
    .descr_get = func_descr_get,
    .getattro = obj_generic_getattr,
    .setattro = obj_generic_setattr,
    .getsets = func_getsets,
    .dictoffset = offsetof(PhFunction, dict),
    .weaklistoffset = offsetof(PhFunction, weakreflist),
};

/* ---- cells ------------------------------------------------------------------------ */

PhObject *cell_new(PhState *S, PhObject *v)
{
    PhCell *c = (PhCell *)obj_alloc(S, &S->types.cell, sizeof(PhCell));
    if (!c) return err_no_memory(S);
    XINCREF(v);
    c->ref = v;
    gc_track(S, (PhObject *)c);
    return (PhObject *)c;
}

void cell_set(PhState *S, PhObject *cell, PhObject *v)
{
    PhCell *c = (PhCell *)cell;
    PhObject *old = c->ref;
    XINCREF(v);
    c->ref = v;
    XDECREF(S, old);
}

static int cell_traverse(PhObject *self, visitproc visit, void *arg)
{
    VISIT(((PhCell *)self)->ref);
    return 0;
}

static int cell_clear(PhState *S, PhObject *self)
{
    CLEAR(S, ((PhCell *)self)->ref);
    return 0;
}

static void cell_dealloc(PhState *S, PhObject *self)
{
    gc_untrack(self);
    cell_clear(S, self);
    obj_free(S, self);
}

static PhObject *cell_repr(PhState *S, PhObject *self)
{
    PhObject *v = ((PhCell *)self)->ref;
    if (!v) return str_from_format(S, "<cell at %p: empty>", (void *)self);
    return str_from_format(S, "<cell at %p: %s object at %p>", (void *)self, v->type->name,
                          (void *)v);
}

static PhObject *cell_get_contents(PhState *S, PhObject *self)
{
    PhObject *v = ((PhCell *)self)->ref;
    if (!v) return err_format(S, &S->exc.ValueError, "Cell is empty");
    INCREF(v);
    return v;
}

static int cell_set_contents(PhState *S, PhObject *self, PhObject *v)
{
    cell_set(S, self, v);
    return 0;
}

static PhObject *cell_richcompare(PhState *S, PhObject *a, PhObject *b, int op)
{
    if (!cell_check(S, b)) {
        INCREF(PH_NOTIMPL(S));
        return PH_NOTIMPL(S);
    }
    PhObject *x = cell_get(a), *y = cell_get(b);
    if (x && y) return obj_richcompare(S, x, y, op);
    /* Empty cells sort before full ones. */
    int cx = x != NULL, cy = y != NULL, r;
    switch (op) {
    case CMP_LT: r = cx < cy; break;
    case CMP_LE: r = cx <= cy; break;
    case CMP_EQ: r = cx == cy; break;
    case CMP_NE: r = cx != cy; break;
    case CMP_GT: r = cx > cy; break;
    default: r = cx >= cy; break;
    }
    return ph_bool(S, r);
}

static const PhGetSetDef cell_getsets[] = {
    {"cell_contents", cell_get_contents, cell_set_contents},
    {NULL, NULL, NULL},
};

const PhType cell_type_template = {
    .name = "cell",
    .basicsize = sizeof(PhCell),
    .flags = TPFLAG_HAVE_GC,
    .dealloc = cell_dealloc,
    .traverse = cell_traverse,
    .clear = cell_clear,
    .repr = cell_repr,
    .richcompare = cell_richcompare,
    .getattro = obj_generic_getattr,
    .getsets = cell_getsets,
};
