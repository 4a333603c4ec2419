/* types.GenericAlias (`list[int]`) and types.UnionType (`int | None`):
 * what annotations in 3.11 code evaluate to.
 *
 * Both types live in the runtime block (PhRuntime), not in PhBuiltinTypes:
 * they behave like static types (never freed, never visited by the
 * collector). Each is preceded there by a zeroed GcHead-sized pad, so a
 * traverse that visits one reads a harmless, untracked-looking header.
 */
#include "abstract.h"
#include "descr.h"
#include "dict.h"
#include "list.h"
#include "set.h"
#include "str.h"
#include "traceback.h"
#include "tuple.h"
#include "typeobject.h"
#include "vm/errors.h"
#include "vm/state.h"

#include <string.h>

typedef struct PhGenericAlias {
    PhObject ob;
    PhObject *origin;
    PhObject *args; /* tuple */
    PhObject *parameters; /* tuple (always empty: no TypeVars here) */
} PhGenericAlias;

typedef struct PhUnion {
    PhObject ob;
    PhObject *args; /* tuple of distinct members (None stored as NoneType) */
} PhUnion;

#define GA(o) ((PhGenericAlias *)(o))
#define UN(o) ((PhUnion *)(o))

PhType *genericalias_type(PhState *S) { return &RUNTIME(S)->generic_alias.type; }
PhType *union_type(PhState *S) { return &RUNTIME(S)->union_type.type; }

bool genericalias_check(PhState *S, PhObject *o)
{
    return S->ids && o->type == genericalias_type(S);
}

bool union_check(PhState *S, PhObject *o)
{
    return S->ids && o->type == union_type(S);
}

/* ---- repr of one item (CPython's ga_repr_item / union_repr_item) -------------------- */

static int repr_item(PhState *S, PhBuf *b, PhObject *p)
{
    if (p == PH_ELLIPSIS(S)) {
        buf_puts(b, "...");
        return 0;
    }
    if (p == (PhObject *)&S->types.none || p == PH_NONE(S)) {
        buf_puts(b, p == PH_NONE(S) ? "None" : "None");
        return 0;
    }
    if (genericalias_check(S, p) || union_check(S, p) ||
        !(p->type->flags & TPFLAG_TYPE_SUBCLASS)) {
        PhObject *r = obj_repr(S, p);
        if (!r) return -1;
        buf_put_str(b, r);
        DECREF(S, r);
        return 0;
    }
    PhObject *full = type_full_name(S, (PhType *)p);
    if (!full) return -1;
    buf_put_str(b, full);
    DECREF(S, full);
    return 0;
}

/* ---- GenericAlias ---------------------------------------------------------------------- */

PhObject *genericalias_new(PhState *S, PhObject *origin, PhObject *args)
{
    PhObject *t = obj_type_check(args, &S->types.tuple) ? (INCREF(args), args) : tuple_pack(S, 1, args);
    if (!t) return NULL;
    PhGenericAlias *ga = (PhGenericAlias *)obj_alloc(S, genericalias_type(S), sizeof(PhGenericAlias));
    if (!ga) {
        DECREF(S, t);
        return err_no_memory(S);
    }
    INCREF(origin);
    ga->origin = origin;
    ga->args = t;
    INCREF(S->empty_tuple);
    ga->parameters = S->empty_tuple;
    gc_track(S, (PhObject *)ga);
    return (PhObject *)ga;
}

static int ga_traverse(PhObject *self, visitproc visit, void *arg)
{
    PhObject *o = GA(self)->origin;
    if (!((o->type->flags & TPFLAG_TYPE_SUBCLASS) && (((PhType *)o)->flags & TPFLAG_STATIC_TYPE)))
        VISIT(o);
    VISIT(GA(self)->args);
    VISIT(GA(self)->parameters);
    return 0;
}

static int ga_clear(PhState *S, PhObject *self)
{
    CLEAR(S, GA(self)->origin);
    CLEAR(S, GA(self)->args);
    CLEAR(S, GA(self)->parameters);
    return 0;
}

static void ga_dealloc(PhState *S, PhObject *self)
{
    gc_untrack(self);
    ga_clear(S, self);
    obj_free(S, self);
}

static PhObject *ga_repr(PhState *S, PhObject *self)
{
    PhBuf b;
    buf_init(&b, S);
    int rc = repr_item(S, &b, GA(self)->origin);
    buf_putc(&b, '[');
    PhObject *args = GA(self)->args;
    if (TUPLE_LEN(args) == 0) buf_puts(&b, "()");
    for (ssize_t i = 0; rc == 0 && i < TUPLE_LEN(args); i++) {
        if (i) buf_puts(&b, ", ");
        rc = repr_item(S, &b, TUPLE_GET(args, i));
    }
    buf_putc(&b, ']');
    PhObject *r = rc < 0 ? NULL : buf_to_str(&b);
    buf_free(&b);
    return r;
}

static PhObject *ga_call(PhState *S, PhObject *self, PhObject *const *args, size_t nargs,
                         PhObject *kwnames)
{
    PhObject *r = obj_call(S, GA(self)->origin, args, nargs, kwnames);
    if (r && obj_setattr_str(S, r, "__orig_class__", self) < 0) err_clear(S);
    return r;
}

/* Everything but the alias's own attributes comes from the origin. */
static PhObject *ga_getattro(PhState *S, PhObject *self, PhObject *name)
{
    static const char *const own[] = {"__origin__", "__args__", "__parameters__", "__class__",
                                      "__mro_entries__", "__reduce__", "__copy__",
                                      "__deepcopy__", NULL};
    for (int i = 0; own[i]; i++)
        if (str_eq_cstr(name, own[i])) return obj_generic_getattr(S, self, name);
    return obj_getattr(S, GA(self)->origin, name);
}

static PhObject *ga_richcompare(PhState *S, PhObject *a, PhObject *b, int op)
{
    if (!genericalias_check(S, b) || (op != CMP_EQ && op != CMP_NE)) {
        INCREF(PH_NOTIMPL(S));
        return PH_NOTIMPL(S);
    }
    int eq = obj_richcompare_bool(S, GA(a)->origin, GA(b)->origin, CMP_EQ);
    if (eq > 0) eq = obj_richcompare_bool(S, GA(a)->args, GA(b)->args, CMP_EQ);
    if (eq < 0) return NULL;
    return ph_bool(S, op == CMP_EQ ? eq : !eq);
}

static int64_t ga_hash(PhState *S, PhObject *self)
{
    int64_t h0 = obj_hash(S, GA(self)->origin);
    if (h0 == -1) return -1;
    int64_t h1 = obj_hash(S, GA(self)->args);
    if (h1 == -1) return -1;
    int64_t h = h0 ^ h1;
    return h == -1 ? -2 : h;
}

static PhObject *ga_get_origin(PhState *S, PhObject *self)
{
    INCREF(GA(self)->origin);
    return GA(self)->origin;
}

static PhObject *ga_get_args(PhState *S, PhObject *self)
{
    INCREF(GA(self)->args);
    return GA(self)->args;
}

static PhObject *ga_get_parameters(PhState *S, PhObject *self)
{
    INCREF(GA(self)->parameters);
    return GA(self)->parameters;
}

static PhObject *ga_mro_entries(PhState *S, PhObject *c, PhObject *const *args, size_t nargs,
                                PhObject *kw)
{
    return tuple_pack(S, 1, GA(args[0])->origin);
}

static const PhMethodDef ga_methods[] = {
    {"__mro_entries__", ga_mro_entries, METH_DEFAULT, NULL},
    {NULL, NULL, 0, NULL},
};

static const PhGetSetDef ga_getsets[] = {
    {"__origin__", ga_get_origin, NULL},
    {"__args__", ga_get_args, NULL},
    {"__parameters__", ga_get_parameters, NULL},
    {NULL, NULL, NULL},
};

static PhObject *union_or(PhState *S, PhObject *a, PhObject *b);

static const PhNumberMethods ga_as_number = {.or_ = union_or};

static const PhType genericalias_type_template = {
    .name = "types.GenericAlias",
    .basicsize = sizeof(PhGenericAlias),
    .flags = TPFLAG_HAVE_GC | TPFLAG_STATIC_TYPE,
    .dealloc = ga_dealloc,
    .traverse = ga_traverse,
    .clear = ga_clear,
    .repr = ga_repr,
    .call = ga_call,
    .getattro = ga_getattro,
    .richcompare = ga_richcompare,
    .hash = ga_hash,
    .as_number = &ga_as_number,
    .methods = ga_methods,
    .getsets = ga_getsets,
};

/* list.__class_getitem__(item) */
static PhObject *class_getitem(PhState *S, PhObject *c, PhObject *const *args, size_t nargs,
                               PhObject *kw)
{
    if (nargs != 2) {
        return err_format(S, &S->exc.TypeError, "__class_getitem__() takes exactly one argument (%zu given)",
                          nargs - 1);
    }
    return genericalias_new(S, args[0], args[1]);
}

static const PhMethodDef class_getitem_def = {
    "__class_getitem__", class_getitem, METH_CLASS, "See PEP 585"};

/* ---- UnionType ----------------------------------------------------------------------------- */

static bool unionable(PhState *S, PhObject *o)
{
    return o == PH_NONE(S) || (o->type->flags & TPFLAG_TYPE_SUBCLASS) || genericalias_check(S, o) ||
           union_check(S, o);
}

/* Appends o (flattening unions, None as NoneType) to list unless present. */
static int union_add(PhState *S, PhObject *list, PhObject *o)
{
    if (union_check(S, o)) {
        PhObject *args = UN(o)->args;
        for (ssize_t i = 0; i < TUPLE_LEN(args); i++)
            if (union_add(S, list, TUPLE_GET(args, i)) < 0) return -1;
        return 0;
    }
    if (o == PH_NONE(S)) o = (PhObject *)&S->types.none;
    ssize_t n = LIST_LEN(list);
    for (ssize_t i = 0; i < n; i++) {
        PhObject *x = LIST_GET(list, i);
        if (x == o) return 0;
        /* Generic aliases compare by value. */
        if (genericalias_check(S, x) && genericalias_check(S, o)) {
            int eq = obj_richcompare_bool(S, x, o, CMP_EQ);
            if (eq != 0) return eq < 0 ? -1 : 0;
        }
    }
    return list_append(S, list, o);
}

static PhObject *union_or(PhState *S, PhObject *a, PhObject *b)
{
    if (!unionable(S, a) || !unionable(S, b)) {
        INCREF(PH_NOTIMPL(S));
        return PH_NOTIMPL(S);
    }
    PhObject *list = list_new(S, 0);
    if (!list) return NULL;
    if (union_add(S, list, a) < 0 || union_add(S, list, b) < 0) {
        DECREF(S, list);
        return NULL;
    }
    if (LIST_LEN(list) == 1) {
        PhObject *only = LIST_GET(list, 0);
        INCREF(only);
        DECREF(S, list);
        return only;
    }
    PhObject *args = list_as_tuple(S, list);
    DECREF(S, list);
    if (!args) return NULL;
    PhUnion *u = (PhUnion *)obj_alloc(S, union_type(S), sizeof(PhUnion));
    if (!u) {
        DECREF(S, args);
        return err_no_memory(S);
    }
    u->args = args;
    gc_track(S, (PhObject *)u);
    return (PhObject *)u;
}

PhObject *type_or(PhState *S, PhObject *a, PhObject *b) { return union_or(S, a, b); }

static int union_traverse(PhObject *self, visitproc visit, void *arg)
{
    VISIT(UN(self)->args);
    return 0;
}

static int union_clear(PhState *S, PhObject *self)
{
    CLEAR(S, UN(self)->args);
    return 0;
}

static void union_dealloc(PhState *S, PhObject *self)
{
    gc_untrack(self);
    union_clear(S, self);
    obj_free(S, self);
}

static PhObject *union_repr(PhState *S, PhObject *self)
{
    PhBuf b;
    buf_init(&b, S);
    PhObject *args = UN(self)->args;
    int rc = 0;
    for (ssize_t i = 0; rc == 0 && i < TUPLE_LEN(args); i++) {
        if (i) buf_puts(&b, " | ");
        rc = repr_item(S, &b, TUPLE_GET(args, i));
    }
    PhObject *r = rc < 0 ? NULL : buf_to_str(&b);
    buf_free(&b);
    return r;
}

static PhObject *union_richcompare(PhState *S, PhObject *a, PhObject *b, int op)
{
    if (!union_check(S, b) || (op != CMP_EQ && op != CMP_NE)) {
        INCREF(PH_NOTIMPL(S));
        return PH_NOTIMPL(S);
    }
    PhObject *sa = frozenset_new(S, UN(a)->args), *sb = sa ? frozenset_new(S, UN(b)->args) : NULL;
    PhObject *r = sb ? obj_richcompare(S, sa, sb, op) : NULL;
    XDECREF(S, sa);
    XDECREF(S, sb);
    return r;
}

static int64_t union_hash(PhState *S, PhObject *self)
{
    PhObject *fs = frozenset_new(S, UN(self)->args);
    if (!fs) return -1;
    int64_t h = obj_hash(S, fs);
    DECREF(S, fs);
    return h;
}

static PhObject *union_get_args(PhState *S, PhObject *self)
{
    INCREF(UN(self)->args);
    return UN(self)->args;
}

static PhObject *union_get_parameters(PhState *S, PhObject *self) { return tuple_new(S, 0); }

static const PhGetSetDef union_getsets[] = {
    {"__args__", union_get_args, NULL},
    {"__parameters__", union_get_parameters, NULL},
    {NULL, NULL, NULL},
};

static const PhNumberMethods union_as_number = {.or_ = union_or};

static const PhType union_type_template = {
    .name = "types.UnionType",
    .basicsize = sizeof(PhUnion),
    .flags = TPFLAG_HAVE_GC | TPFLAG_STATIC_TYPE,
    .dealloc = union_dealloc,
    .traverse = union_traverse,
    .clear = union_clear,
    .repr = union_repr,
    .richcompare = union_richcompare,
    .hash = union_hash,
    .as_number = &union_as_number,
    .getsets = union_getsets,
};

/* isinstance/issubclass through a union: 1, 0, -1; *handled false if cls
 * is neither a union nor a generic alias. */
int union_instancecheck(PhState *S, PhObject *o, PhObject *cls, bool subclass, bool *handled)
{
    *handled = false;
    if (genericalias_check(S, cls)) {
        *handled = true;
        err_format(S, &S->exc.TypeError, "%s() argument 2 cannot be a parameterized generic",
                   subclass ? "issubclass" : "isinstance");
        return -1;
    }
    if (!union_check(S, cls)) return 0;
    *handled = true;
    PhObject *args = UN(cls)->args;
    for (ssize_t i = 0; i < TUPLE_LEN(args); i++) {
        if (genericalias_check(S, TUPLE_GET(args, i))) {
            err_format(S, &S->exc.TypeError, "%s() argument 2 cannot contain a parameterized generic",
                       subclass ? "issubclass" : "isinstance");
            return -1;
        }
    }
    for (ssize_t i = 0; i < TUPLE_LEN(args); i++) {
        int r = subclass ? obj_issubclass(S, o, TUPLE_GET(args, i))
                         : obj_isinstance(S, o, TUPLE_GET(args, i));
        if (r != 0) return r;
    }
    return 0;
}

/* ---- set-up --------------------------------------------------------------------------------- */

static void init_private_type(PhState *S, PhType *t, const PhType *tmpl)
{
    *t = *tmpl;
    t->ob.ob.refcnt = OBJ_STATIC_REFCNT;
    t->ob.ob.type = &S->types.type;
}

int genericalias_init(PhState *S)
{
    PhRuntime *R = RUNTIME(S);
    init_private_type(S, &R->generic_alias.type, &genericalias_type_template);
    init_private_type(S, &R->union_type.type, &union_type_template);
    if (type_ready(S, &R->generic_alias.type) < 0 || type_ready(S, &R->union_type.type) < 0)
        return -1;
    /* The builtin classes 3.11 makes subscriptable. */
    PhType *generic[] = {&S->types.list, &S->types.dict, &S->types.tuple, &S->types.set,
                         &S->types.frozenset, &S->types.enumerate};
    for (size_t i = 0; i < sizeof generic / sizeof *generic; i++) {
        PhType *t = generic[i];
        PhObject *d = descr_new_classmethod(S, t, &class_getitem_def);
        if (!d) return -1;
        int rc = dict_setitem(S, t->dict, ((PhDescr *)d)->name, d);
        DECREF(S, d);
        if (rc < 0) return -1;
        type_modified(t);
    }
    return 0;
}

void genericalias_fini(PhState *S)
{
    PhRuntime *R = RUNTIME(S);
    CLEAR(S, R->generic_alias.type.dict);
    CLEAR(S, R->generic_alias.type.mro);
    CLEAR(S, R->generic_alias.type.bases);
    CLEAR(S, R->union_type.type.dict);
    CLEAR(S, R->union_type.type.mro);
    CLEAR(S, R->union_type.type.bases);
}
