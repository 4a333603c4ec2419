/* None, NotImplemented and Ellipsis: singletons living in the state. */
#include "abstract.h"
#include "str.h"
#include "vm/errors.h"
#include "vm/state.h"

/* The singletons are never freed: reaching zero would be a refcount bug. */
static void singleton_dealloc(PhState *S, PhObject *o)
{
    (void)S;
    o->refcnt = OBJ_STATIC_REFCNT;
}

static PhObject *none_repr(PhState *S, PhObject *o) { return str_from_cstr(S, "None"); }
static PhObject *notimpl_repr(PhState *S, PhObject *o) { return str_from_cstr(S, "NotImplemented"); }
static PhObject *ellipsis_repr(PhState *S, PhObject *o) { return str_from_cstr(S, "Ellipsis"); }

static int none_bool(PhState *S, PhObject *o) { return 0; }

/* type(None)() etc.: no arguments, returns the singleton. */
static PhObject *singleton_new(PhState *S, PhType *t, PhObject *const *args, size_t nargs,
                               PhObject *kwnames)
{
    if (nargs || (kwnames && ((PhVarObject *)kwnames)->size)) {
        return err_format(S, &S->exc.TypeError, "%s takes no arguments",
                          t == &S->types.ellipsis ? "EllipsisType" : t->name);
    }
    PhObject *o = t == &S->types.none      ? PH_NONE(S)
                  : t == &S->types.notimpl ? PH_NOTIMPL(S)
                                           : PH_ELLIPSIS(S);
    INCREF(o);
    return o;
}

static int64_t singleton_hash(PhState *S, PhObject *o)
{
    /* CPython hashes these by address (None has a fixed hash since 3.12). */
    uint64_t a = (uint64_t)(uintptr_t)o;
    int64_t h = (int64_t)((a >> 4) | (a << 60));
    return h == -1 ? -2 : h;
}

static const PhNumberMethods none_as_number = {.bool_ = none_bool};

const PhType none_type_template = {
    .name = "NoneType",
    .basicsize = sizeof(PhObject),
    .dealloc = singleton_dealloc,
    .repr = none_repr,
    .hash = singleton_hash,
    .new_ = singleton_new,
    .as_number = &none_as_number,
};

/* NotImplemented is truthy in 3.11 (a DeprecationWarning since 3.9, not shown). */
const PhType notimpl_type_template = {
    .name = "NotImplementedType",
    .basicsize = sizeof(PhObject),
    .dealloc = singleton_dealloc,
    .repr = notimpl_repr,
    .hash = singleton_hash,
    .new_ = singleton_new,
};

const PhType ellipsis_type_template = {
    .name = "ellipsis",
    .basicsize = sizeof(PhObject),
    .dealloc = singleton_dealloc,
    .repr = ellipsis_repr,
    .hash = singleton_hash,
    .new_ = singleton_new,
};
