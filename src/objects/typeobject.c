/* Type objects: `object`, `type` and `super`, builtin type readiness, the
 * instances of user classes and the runtime start-up hooks.
 *
 * Layout of an instance of a plain class (CPython 3.11):
 *
 *   [dict*, values*]   managed-dict pre-header (TPFLAG_MANAGED_DICT)
 *   [GcHead]           16 bytes
 *   PhObject           16 bytes
 *   weakref slot        8 bytes     -> sys.getsizeof(C()) == 56
 *
 * Attributes live in `values` (a heap block indexed by the class's shared
 * keys) until someone asks for __dict__; then a real dict is made, stored
 * in the first pointer, and the values block is given up. Only objects are
 * counted by the collector, so a two-instance cycle collects 2 objects
 * before __dict__ was touched and 4 after, as in 3.11.
 *
 * Slot machinery (slot wrappers such as int.__add__ and the dispatchers
 * that make a class's __add__ the type's add slot) lives in typeslots.c.
 */
#include "typeobject.h"

#include "abstract.h"
#include "descr.h"
#include "dict.h"
#include "exceptions.h"
#include "func.h"
#include "list.h"
#include "module.h"
#include "str.h"
#include "traceback.h"
#include "tuple.h"
#include "typeslots.h"
#include "vm/errors.h"
#include "vm/eval.h"
#include "vm/frame.h"
#include "vm/init.h"
#include "vm/state.h"

#include <stddef.h>
#include <string.h>

/* ---- the state a type belongs to ------------------------------------------------------
 * type_lookup() has no PhState argument; every type's metatype chain ends
 * at the static `type`, which lives inside the state, so the state is one
 * subtraction away. */
PhState *type_state(const PhType *t)
{
    const PhType *m = t->ob.ob.type;
    while (m->ob.ob.type != m) m = m->ob.ob.type;
    return (PhState *)((char *)m - offsetof(PhState, types) - offsetof(PhBuiltinTypes, type));
}

static bool is_type_obj(const PhObject *o) { return (o->type->flags & TPFLAG_TYPE_SUBCLASS) != 0; }

/* ---- attribute lookup along the MRO, with a cache --------------------------------------- */

static PhObject *lookup_in_dict(PhState *S, PhObject *d, PhObject *name)
{
    if (!d) return NULL;
    PhObject *v = dict_getitem(S, d, name);
    if (!v && err_occurred(S)) err_clear(S); /* str keys: cannot really fail */
    return v;
}

static PhObject *lookup_uncached(PhState *S, PhType *t, PhObject *name)
{
    PhObject *mro = t->mro;
    if (!mro) {
        for (PhType *b = t; b; b = b->base) {
            PhObject *v = lookup_in_dict(S, b->dict, name);
            if (v) return v;
        }
        return NULL;
    }
    ssize_t n = TUPLE_LEN(mro);
    for (ssize_t i = 0; i < n; i++) {
        PhObject *v = lookup_in_dict(S, ((PhType *)TUPLE_GET(mro, i))->dict, name);
        if (v) return v;
    }
    return NULL;
}

void type_modified(PhType *t)
{
    PhState *S = type_state(t);
    if (S->ids) RUNTIME(S)->epoch++;
    t->version++;
}

PhObject *type_lookup_in(PhState *S, PhType *t, PhObject *name)
{
    PhRuntime *R = RUNTIME(S);
    /* Only interned names are cached: the entry keeps the name alive, and
     * interned names make the pointer comparison exact. */
    if (!R || name->type != &S->types.str || !((PhStr *)name)->state.interned)
        return lookup_uncached(S, t, name);
    uint64_t h = (uint64_t)str_hash(name) ^ ((uintptr_t)t >> 4);
    PhTypeCacheEntry *e = &R->cache[h & (TYPE_CACHE_SIZE - 1)];
    if (e->epoch == R->epoch && e->type == t && e->name == name) return e->value;
    PhObject *v = lookup_uncached(S, t, name);
    e->epoch = R->epoch;
    e->type = t;
    INCREF(name);
    PhObject *old = e->name;
    e->name = name;
    e->value = v;
    XDECREF(S, old);
    return v;
}

PhObject *type_lookup(PhType *t, PhObject *name) { return type_lookup_in(type_state(t), t, name); }

/* ---- names ---------------------------------------------------------------------------- */

PhObject *type_name_obj(PhState *S, PhType *t)
{
    if (type_is_heap(t)) {
        INCREF(((PhHeapType *)t)->name);
        return ((PhHeapType *)t)->name;
    }
    /* A dotted tp_name (none here yet) would keep only the last part. */
    const char *dot = strrchr(t->name, '.');
    return str_from_cstr(S, dot ? dot + 1 : t->name);
}

PhObject *type_qualname(PhState *S, PhType *t)
{
    if (type_is_heap(t) && t->qualname) {
        INCREF(t->qualname);
        return t->qualname;
    }
    return type_name_obj(S, t);
}

PhObject *type_module_name(PhState *S, PhType *t)
{
    if (!type_is_heap(t)) return NULL;
    PhObject *m = lookup_in_dict(S, t->dict, ID(S, __module__));
    return m && str_check(m) ? m : NULL;
}

PhObject *type_full_name(PhState *S, PhType *t)
{
    PhObject *mod = type_module_name(S, t);
    PhObject *qn = type_qualname(S, t);
    if (!qn || !mod || str_eq_cstr(mod, "builtins")) return qn;
    PhObject *r = str_from_format(S, "%U.%U", mod, qn);
    DECREF(S, qn);
    return r;
}

/* ---- instances: the managed dict and inline values --------------------------------------- */

/* The values block of an instance: slot i holds the value of the class's
 * shared key i; order[] lists the live slots in insertion order (what
 * __dict__ and vars() show). Capacity is the shared keys' maximum, as in
 * 3.11 (whose values arrays are sized by the keys' usable size). */
typedef struct InstValues {
    uint8_t n;                           /* live entries in order[] */
    uint8_t order[TYPE_SHARED_KEYS_MAX]; /* key indices, insertion order */
    PhObject *values[TYPE_SHARED_KEYS_MAX];
} InstValues;

static inline PhObject **managed_pre(PhObject *o)
{
    return (PhObject **)((char *)o - PH_GC_HEAD_SIZE - PH_MANAGED_DICT_SIZE);
}
#define MANAGED_DICT(o) (managed_pre(o)[0])
#define MANAGED_VALUES(o) (*(InstValues **)&managed_pre(o)[1])

static inline bool has_managed_dict(const PhObject *o)
{
    return (o->type->flags & TPFLAG_MANAGED_DICT) != 0;
}

bool obj_has_dict_storage(const PhObject *o)
{
    return has_managed_dict(o) || o->type->dictoffset > 0;
}

PhObject **obj_dict_ptr(PhObject *o)
{
    if (has_managed_dict(o)) return &managed_pre(o)[0];
    if (o->type->dictoffset > 0) return (PhObject **)((char *)o + o->type->dictoffset);
    return NULL;
}

/* The shared keys of the class that gave o its managed dict. */
static PhSharedKeys *keys_of(PhObject *o)
{
    for (PhType *t = o->type; t; t = t->base)
        if (type_is_heap(t) && ((PhHeapType *)t)->keys) return ((PhHeapType *)t)->keys;
    return NULL;
}

static int key_index(const PhSharedKeys *k, PhObject *name)
{
    for (int i = 0; i < k->nkeys; i++)
        if (k->names[i] == name) return i;
    for (int i = 0; i < k->nkeys; i++)
        if (str_equal(k->names[i], name)) return i;
    return -1;
}

static void values_free(PhState *S, InstValues *v)
{
    for (int i = 0; i < v->n; i++) {
        PhObject *x = v->values[v->order[i]];
        v->values[v->order[i]] = NULL;
        XDECREF(S, x);
    }
    heap_free(mem_of(S)->heap, v);
}

/* Drops the inline values (or the dict) of an instance. */
static void managed_clear(PhState *S, PhObject *o)
{
    InstValues *v = MANAGED_VALUES(o);
    if (v) {
        /* Unlink first: a value's deallocation may look at o again. */
        MANAGED_VALUES(o) = NULL;
        values_free(S, v);
    }
    CLEAR(S, MANAGED_DICT(o));
}

/* Turns the inline values into a real dict stored in the pre-header. */
static PhObject *materialize_dict(PhState *S, PhObject *o)
{
    PhObject *d = dict_new(S);
    if (!d) return NULL;
    InstValues *v = MANAGED_VALUES(o);
    PhSharedKeys *k = keys_of(o);
    if (v && k) {
        for (int i = 0; i < v->n; i++) {
            int ix = v->order[i];
            if (dict_setitem(S, d, k->names[ix], v->values[ix]) < 0) {
                DECREF(S, d);
                return NULL;
            }
        }
    }
    if (v) {
        MANAGED_VALUES(o) = NULL;
        values_free(S, v);
    }
    MANAGED_DICT(o) = d;
    return d;
}

PhObject *obj_get_dict(PhState *S, PhObject *o)
{
    PhObject **dp = obj_dict_ptr(o);
    if (!dp) {
        return err_format(S, &S->exc.AttributeError, "'%s' object has no attribute '__dict__'",
                          o->type->name);
    }
    if (!*dp) {
        if (has_managed_dict(o)) {
            if (!materialize_dict(S, o)) return NULL;
        } else if (!(*dp = dict_new(S))) {
            return NULL;
        }
    }
    INCREF(*dp);
    return *dp;
}

/* Borrowed instance attribute, or NULL (never an exception). */
static PhObject *instance_attr(PhState *S, PhObject *o, PhObject *name)
{
    if (has_managed_dict(o)) {
        PhObject *d = MANAGED_DICT(o);
        if (d) return lookup_in_dict(S, d, name);
        InstValues *v = MANAGED_VALUES(o);
        if (!v) return NULL;
        PhSharedKeys *k = keys_of(o);
        int ix = k ? key_index(k, name) : -1;
        return ix >= 0 ? v->values[ix] : NULL;
    }
    if (o->type->dictoffset > 0) return lookup_in_dict(S, *obj_dict_ptr(o), name);
    return NULL;
}

static int attr_missing(PhState *S, PhObject *o, PhObject *name)
{
    err_format(S, &S->exc.AttributeError, "'%s' object has no attribute '%U'", o->type->name, name);
    return -1;
}

/* Stores (v) or deletes (v NULL) an attribute in the inline values. Returns
 * 1 if done, 0 if the values cannot hold it (the dict must be used). */
static int values_store(PhState *S, PhObject *o, PhObject *name, PhObject *v)
{
    PhSharedKeys *k = keys_of(o);
    if (!k || name->type != &S->types.str) return 0;
    int ix = key_index(k, name);
    if (ix < 0) {
        if (!v) return attr_missing(S, o, name);
        if (k->nkeys >= TYPE_SHARED_KEYS_MAX) return 0;
        INCREF(name);
        ix = k->nkeys++;
        k->names[ix] = name;
    }
    InstValues *vals = MANAGED_VALUES(o);
    if (!vals) {
        if (!v) return attr_missing(S, o, name);
        vals = heap_calloc(mem_of(S)->heap, sizeof *vals);
        if (!vals) {
            err_no_memory(S);
            return -1;
        }
        MANAGED_VALUES(o) = vals;
    }
    PhObject *old = vals->values[ix];
    if (v) {
        INCREF(v);
        vals->values[ix] = v;
        if (!old) vals->order[vals->n++] = (uint8_t)ix;
        XDECREF(S, old);
        return 1;
    }
    if (!old) return attr_missing(S, o, name);
    for (int i = 0; i < vals->n; i++) {
        if (vals->order[i] == ix) {
            memmove(&vals->order[i], &vals->order[i + 1], (size_t)(vals->n - i - 1));
            vals->n--;
            break;
        }
    }
    vals->values[ix] = NULL;
    DECREF(S, old);
    return 1;
}

/* Stores in the instance's attribute storage. 1 done, 0 no storage, -1 error. */
static int instance_store(PhState *S, PhObject *o, PhObject *name, PhObject *v)
{
    PhObject **dp = obj_dict_ptr(o);
    if (!dp) return 0;
    if (has_managed_dict(o) && !*dp) {
        int r = values_store(S, o, name, v);
        if (r != 0) return r < 0 ? -1 : 1;
        if (!materialize_dict(S, o)) return -1;
    }
    if (!*dp) {
        if (!v) return attr_missing(S, o, name);
        if (!(*dp = dict_new(S))) return -1;
    }
    if (v) return dict_setitem(S, *dp, name, v) < 0 ? -1 : 1;
    if (dict_delitem(S, *dp, name) < 0) {
        if (err_matches(S, (PhObject *)&S->exc.KeyError)) {
            err_clear(S);
            return attr_missing(S, o, name);
        }
        return -1;
    }
    return 1;
}

/* ---- generic attribute access (object.__getattribute__ / __setattr__) ------------------------- */

static PhObject *generic_getattr(PhState *S, PhObject *o, PhObject *name, bool suppress)
{
    PhType *tp = o->type;
    PhObject *descr = type_lookup_in(S, tp, name);
    descrgetfunc f = NULL;
    PhObject *r;
    if (descr) {
        INCREF(descr); /* the descriptor's code may change the type's dict */
        f = descr->type->descr_get;
        if (f && descr->type->descr_set) {
            r = f(S, descr, o, (PhObject *)tp);
            goto done;
        }
    }
    PhObject *v = instance_attr(S, o, name);
    if (v) {
        INCREF(v);
        XDECREF(S, descr);
        return v;
    }
    if (f) {
        r = f(S, descr, o, (PhObject *)tp);
        goto done;
    }
    if (descr) return descr;
    if (!suppress) attr_missing(S, o, name);
    return NULL;
done:
    DECREF(S, descr);
    if (!r && suppress && err_matches(S, (PhObject *)&S->exc.AttributeError)) err_clear(S);
    return r;
}

PhObject *obj_generic_getattr(PhState *S, PhObject *o, PhObject *name)
{
    return generic_getattr(S, o, name, false);
}

PhObject *obj_generic_getattr_suppress(PhState *S, PhObject *o, PhObject *name)
{
    return generic_getattr(S, o, name, true);
}

int obj_generic_setattr(PhState *S, PhObject *o, PhObject *name, PhObject *v)
{
    PhObject *descr = type_lookup_in(S, o->type, name);
    if (descr && descr->type->descr_set) {
        INCREF(descr);
        int rc = descr->type->descr_set(S, descr, o, v);
        DECREF(S, descr);
        return rc;
    }
    int r = instance_store(S, o, name, v);
    if (r != 0) return r < 0 ? -1 : 0;
    if (descr) {
        err_format(S, &S->exc.AttributeError, "'%s' object attribute '%U' is read-only",
                   o->type->name, name);
        return -1;
    }
    return attr_missing(S, o, name);
}

int obj_get_method(PhState *S, PhObject *o, PhObject *name, PhObject **method)
{
    PhType *tp = o->type;
    if (tp->getattro && tp->getattro != obj_generic_getattr) {
        *method = obj_getattr(S, o, name);
        return 0;
    }
    PhObject *descr = type_lookup_in(S, tp, name);
    bool plain = descr && (descr->type == &S->types.function ||
                           (descr->type == &S->types.method_descr &&
                            !(((PhMethodDescr *)descr)->def->flags & METH_CLASS)));
    if (plain && !instance_attr(S, o, name)) {
        INCREF(descr);
        *method = descr;
        return 1;
    }
    *method = obj_generic_getattr(S, o, name);
    return 0;
}

PhObject *obj_call_method_id(PhState *S, PhObject *o, PhObject *name, PhObject *const *args,
                             size_t nargs)
{
    PhObject *m;
    int unbound = obj_get_method(S, o, name, &m);
    if (!m) return NULL;
    PhObject *r;
    if (unbound) {
        PhObject *small[8];
        PhObject **stack = small;
        if (nargs + 1 > 8) {
            stack = heap_alloc(mem_of(S)->heap, (nargs + 1) * sizeof(PhObject *));
            if (!stack) {
                DECREF(S, m);
                return err_no_memory(S);
            }
        }
        stack[0] = o;
        if (nargs) memcpy(stack + 1, args, nargs * sizeof(PhObject *));
        r = obj_call(S, m, stack, nargs + 1, NULL);
        if (stack != small) heap_free(mem_of(S)->heap, stack);
    } else {
        r = obj_call(S, m, args, nargs, NULL);
    }
    DECREF(S, m);
    return r;
}

/* ---- instances of heap types: allocation, traversal, deallocation ----------------------------- */

PhObject *obj_generic_alloc(PhState *S, PhType *t)
{
    PhObject *o = obj_alloc(S, t, (size_t)t->basicsize);
    if (!o) return err_no_memory(S);
    memset((char *)o + sizeof(PhObject), 0, (size_t)t->basicsize - sizeof(PhObject));
    if (type_is_gc(t)) gc_track(S, o);
    return o;
}

/* The __slots__ (and weakref slot) region a heap type adds to its base:
 * every word there is a PhObject* owned by the instance, or NULL. */
static void slot_region(const PhType *t, PhObject ***first, ssize_t *n)
{
    ssize_t start = t->base ? t->base->basicsize : (ssize_t)sizeof(PhObject);
    *first = (PhObject **)(uintptr_t)start; /* an offset, turned into an address by the caller */
    *n = (t->basicsize - start) / (ssize_t)sizeof(PhObject *);
}

static int subtype_traverse(PhObject *self, visitproc visit, void *arg)
{
    PhType *t = self->type;
    if (type_is_heap(t)) VISIT(t);
    PhType *b = t;
    for (; b && b->traverse == subtype_traverse; b = b->base) {
        PhObject **off;
        ssize_t n;
        slot_region(b, &off, &n);
        PhObject **slots = (PhObject **)((char *)self + (uintptr_t)off);
        for (ssize_t i = 0; i < n; i++) VISIT(slots[i]);
    }
    if (has_managed_dict(self)) {
        VISIT(MANAGED_DICT(self));
        InstValues *v = MANAGED_VALUES(self);
        if (v)
            for (int i = 0; i < v->n; i++) VISIT(v->values[v->order[i]]);
    }
    if (b && b->traverse) return b->traverse(self, visit, arg);
    return 0;
}

static void clear_slots(PhState *S, PhType *t, PhObject *self)
{
    PhObject **off;
    ssize_t n;
    slot_region(t, &off, &n);
    PhObject **slots = (PhObject **)((char *)self + (uintptr_t)off);
    for (ssize_t i = 0; i < n; i++) CLEAR(S, slots[i]);
}

static int subtype_clear(PhState *S, PhObject *self)
{
    PhType *b = self->type;
    for (; b && b->clear == subtype_clear; b = b->base) clear_slots(S, b, self);
    if (has_managed_dict(self)) managed_clear(S, self);
    if (b && b->clear) return b->clear(S, self);
    return 0;
}

static void subtype_dealloc(PhState *S, PhObject *self)
{
    PhType *t = self->type;
    gc_untrack(self);
    PhType *b = t;
    for (; b && b->dealloc == subtype_dealloc; b = b->base) clear_slots(S, b, self);
    if (has_managed_dict(self)) managed_clear(S, self);
    /* The first builtin base frees the memory (obj_free drops the
     * reference the instance held to its class). */
    if (b && b->dealloc) b->dealloc(S, self);
    else obj_free(S, self);
}

/* ---- object ------------------------------------------------------------------------------- */

static void static_dealloc(PhState *S, PhObject *o)
{
    /* Static objects never really die: reaching zero is a refcount bug
     * elsewhere; park the count high again rather than free state memory. */
    (void)S;
    o->refcnt = OBJ_STATIC_REFCNT;
}

static void object_dealloc(PhState *S, PhObject *o) { obj_free(S, o); }

static bool excess_args(size_t nargs, PhObject *kwnames)
{
    return nargs > 0 || (kwnames && TUPLE_LEN(kwnames) > 0);
}

PhObject *object_new(PhState *S, PhType *t, PhObject *const *args, size_t nargs,
                     PhObject *kwnames)
{
    if (excess_args(nargs, kwnames)) {
        if (t->new_ != object_new) {
            return err_format(S, &S->exc.TypeError,
                              "object.__new__() takes exactly one argument (the type to instantiate)");
        }
        if (t->init == object_init) {
            return err_format(S, &S->exc.TypeError, "%s() takes no arguments", t->name);
        }
    }
    return obj_generic_alloc(S, t);
}

int object_init(PhState *S, PhObject *self, PhObject *const *args, size_t nargs, PhObject *kwnames)
{
    PhType *t = self->type;
    if (excess_args(nargs, kwnames)) {
        if (t->init != object_init) {
            err_format(S, &S->exc.TypeError,
                       "object.__init__() takes exactly one argument (the instance to initialize)");
            return -1;
        }
        if (t->new_ == object_new) {
            err_format(S, &S->exc.TypeError, "%s() takes no arguments", t->name);
            return -1;
        }
    }
    return 0;
}

PhObject *obj_default_repr(PhState *S, PhObject *o)
{
    PhType *t = o->type;
    PhObject *mod = type_module_name(S, t);
    if (mod && !str_eq_cstr(mod, "builtins")) {
        PhObject *qn = type_qualname(S, t);
        if (!qn) return NULL;
        PhObject *r = str_from_format(S, "<%U.%U object at %p>", mod, qn, (void *)o);
        DECREF(S, qn);
        return r;
    }
    return str_from_format(S, "<%s object at %p>", t->name, (void *)o);
}

static PhObject *object_str(PhState *S, PhObject *o) { return obj_repr(S, o); }

int64_t obj_identity_hash(const void *p)
{
    uintptr_t a = (uintptr_t)p;
    int64_t h = (int64_t)((a >> 4) | (a << (8 * sizeof(a) - 4)));
    return h == -1 ? -2 : h;
}

static int64_t object_hash(PhState *S, PhObject *o) { return obj_identity_hash(o); }

static PhObject *object_richcompare(PhState *S, PhObject *a, PhObject *b, int op)
{
    PhObject *res;
    switch (op) {
    case CMP_EQ:
        res = a == b ? PH_TRUE(S) : PH_NOTIMPL(S);
        INCREF(res);
        return res;
    case CMP_NE: {
        /* __ne__ inverts __eq__ unless that says NotImplemented. */
        richcmpfunc f = a->type->richcompare;
        if (!f) break;
        res = f(S, a, b, CMP_EQ);
        if (res && res != PH_NOTIMPL(S)) {
            int t = obj_is_true(S, res);
            DECREF(S, res);
            if (t < 0) return NULL;
            return ph_bool(S, !t);
        }
        return res;
    }
    default:
        break;
    }
    INCREF(PH_NOTIMPL(S));
    return PH_NOTIMPL(S);
}

static PhObject *object_format(PhState *S, PhObject *c, PhObject *const *args, size_t nargs,
                               PhObject *kw)
{
    if (nargs != 2) {
        return err_format(S, &S->exc.TypeError, "__format__() takes exactly one argument (%zd given)",
                          (ssize_t)nargs - 1);
    }
    PhObject *self = args[0], *spec = args[1];
    if (!str_check(spec)) {
        return err_format(S, &S->exc.TypeError, "__format__() argument must be str, not %s",
                          spec->type->name);
    }
    if (str_len(spec) > 0) {
        return err_format(S, &S->exc.TypeError, "unsupported format string passed to %s.__format__",
                          self->type->name);
    }
    return obj_str(S, self);
}

static PhObject *object_sizeof(PhState *S, PhObject *c, PhObject *const *args, size_t nargs,
                               PhObject *kw)
{
    PhObject *self = args[0];
    ssize_t size = self->type->basicsize;
    if (self->type->itemsize) size += self->type->itemsize * ((PhVarObject *)self)->size;
    return int_from_i64(S, size);
}

/* Adds the keys of d to the set-like dict `names`. */
static int merge_names(PhState *S, PhObject *names, PhObject *d)
{
    ssize_t pos = 0;
    PhObject *k, *v;
    if (!d || !obj_type_check(d, &S->types.dict)) return 0;
    while (dict_next(d, &pos, &k, &v))
        if (dict_setitem(S, names, k, PH_NONE(S)) < 0) return -1;
    return 0;
}

static int merge_class_names(PhState *S, PhObject *names, PhType *t)
{
    PhObject *mro = t->mro;
    if (!mro) return merge_names(S, names, t->dict);
    for (ssize_t i = 0; i < TUPLE_LEN(mro); i++)
        if (merge_names(S, names, ((PhType *)TUPLE_GET(mro, i))->dict) < 0) return -1;
    return 0;
}

/* object.__dir__: instance attributes and everything the class offers. */
static PhObject *object_dir(PhState *S, PhObject *c, PhObject *const *args, size_t nargs,
                            PhObject *kw)
{
    PhObject *self = args[0];
    PhObject *names = dict_new(S);
    if (!names) return NULL;
    if (obj_has_dict_storage(self)) {
        PhObject *d = obj_get_dict(S, self);
        if (!d || merge_names(S, names, d) < 0) {
            XDECREF(S, d);
            DECREF(S, names);
            return NULL;
        }
        DECREF(S, d);
    }
    if (merge_class_names(S, names, self->type) < 0) {
        DECREF(S, names);
        return NULL;
    }
    PhObject *r = dict_keys_list(S, names);
    DECREF(S, names);
    return r;
}

static PhObject *object_init_subclass(PhState *S, PhObject *c, PhObject *const *args,
                                      size_t nargs, PhObject *kwnames)
{
    if (nargs > 1 || (kwnames && TUPLE_LEN(kwnames))) {
        if (kwnames && TUPLE_LEN(kwnames)) {
            return err_format(S, &S->exc.TypeError,
                              "%s.__init_subclass__() takes no keyword arguments",
                              ((PhType *)args[0])->name);
        }
        return err_format(S, &S->exc.TypeError, "__init_subclass__() takes no arguments (%zu given)",
                          nargs - 1);
    }
    return ph_none(S);
}

static PhObject *object_reduce_ex(PhState *S, PhObject *c, PhObject *const *args, size_t nargs,
                                  PhObject *kw)
{
    return err_format(S, &S->exc.TypeError, "cannot pickle '%s' object", args[0]->type->name);
}

static const PhMethodDef object_methods[] = {
    {"__format__", object_format, METH_DEFAULT, "Default object formatter."},
    {"__sizeof__", object_sizeof, METH_DEFAULT, "Size of object in memory, in bytes."},
    {"__dir__", object_dir, METH_DEFAULT, "Default dir() implementation."},
    {"__init_subclass__", object_init_subclass, METH_CLASS,
     "This method is called when a class is subclassed."},
    {"__reduce_ex__", object_reduce_ex, METH_DEFAULT, "Helper for pickle."},
    {NULL, NULL, 0, NULL},
};

static PhObject *object_get_class(PhState *S, PhObject *self)
{
    INCREF(self->type);
    return (PhObject *)self->type;
}

/* obj.__class__ = C: both classes must be heap types with the same layout. */
static int object_set_class(PhState *S, PhObject *self, PhObject *v)
{
    if (!v) {
        err_format(S, &S->exc.TypeError, "can't delete __class__ attribute");
        return -1;
    }
    if (!is_type_obj(v)) {
        err_format(S, &S->exc.TypeError, "__class__ must be set to a class, not '%s' object",
                   v->type->name);
        return -1;
    }
    PhType *old = self->type, *nt = (PhType *)v;
    if (!type_is_heap(old) || !type_is_heap(nt)) {
        err_format(S, &S->exc.TypeError,
                   "__class__ assignment only supported for mutable types or ModuleType subclasses");
        return -1;
    }
    if (old->basicsize != nt->basicsize || old->itemsize != nt->itemsize ||
        (old->flags & TPFLAG_MANAGED_DICT) != (nt->flags & TPFLAG_MANAGED_DICT) ||
        old->dealloc != nt->dealloc) {
        err_format(S, &S->exc.TypeError, "__class__ assignment: '%s' object layout differs from '%s'",
                   nt->name, old->name);
        return -1;
    }
    /* The shared keys are per class: keep attributes by materialising them. */
    if (has_managed_dict(self) && !MANAGED_DICT(self) && !materialize_dict(S, self)) return -1;
    INCREF(nt);
    self->type = nt;
    DECREF(S, old);
    return 0;
}

static const PhGetSetDef object_getsets[] = {
    {"__class__", object_get_class, object_set_class},
    {NULL, NULL, NULL},
};

const PhType object_type_template = {
    .name = "object",
    .basicsize = sizeof(PhObject),
    .flags = TPFLAG_BASETYPE,
    .dealloc = object_dealloc,
    .repr = obj_default_repr,
    .str = object_str,
    .hash = object_hash,
    .richcompare = object_richcompare,
    .getattro = obj_generic_getattr,
    .setattro = obj_generic_setattr,
    .new_ = object_new,
    .init = object_init,
    .methods = object_methods,
    .getsets = object_getsets,
};

/* ---- readying builtin types ------------------------------------------------------------------ */

/* Per-state copies of slot tables that must be completed with the base's
 * slots (a const template table cannot be filled in). Freed at fini. */
typedef struct MergedTables {
    struct MergedTables *next;
    PhNumberMethods nb;
    PhSequenceMethods sq;
    PhMappingMethods mp;
} MergedTables;

#define FILL(dst, src, field)                                                                      \
    do {                                                                                           \
        if (!(dst)->field) (dst)->field = (src)->field;                                            \
    } while (0)

static void merge_number(PhNumberMethods *d, const PhNumberMethods *s)
{
    FILL(d, s, add); FILL(d, s, sub); FILL(d, s, mul); FILL(d, s, truediv);
    FILL(d, s, floordiv); FILL(d, s, mod); FILL(d, s, divmod); FILL(d, s, lshift);
    FILL(d, s, rshift); FILL(d, s, and_); FILL(d, s, or_); FILL(d, s, xor_);
    FILL(d, s, matmul); FILL(d, s, pow); FILL(d, s, iadd); FILL(d, s, isub);
    FILL(d, s, imul); FILL(d, s, itruediv); FILL(d, s, ifloordiv); FILL(d, s, imod);
    FILL(d, s, ilshift); FILL(d, s, irshift); FILL(d, s, iand); FILL(d, s, ior);
    FILL(d, s, ixor); FILL(d, s, imatmul); FILL(d, s, ipow); FILL(d, s, neg);
    FILL(d, s, pos); FILL(d, s, abs); FILL(d, s, invert); FILL(d, s, int_);
    FILL(d, s, float_); FILL(d, s, index); FILL(d, s, bool_);
}

static void merge_sequence(PhSequenceMethods *d, const PhSequenceMethods *s)
{
    FILL(d, s, len); FILL(d, s, concat); FILL(d, s, repeat); FILL(d, s, item);
    FILL(d, s, contains); FILL(d, s, inplace_concat); FILL(d, s, inplace_repeat);
}

static void merge_mapping(PhMappingMethods *d, const PhMappingMethods *s)
{
    FILL(d, s, len); FILL(d, s, subscript); FILL(d, s, ass_subscript);
}

/* Completes t's slot tables from base's (CPython's inherit_slots). */
static int inherit_tables(PhState *S, PhType *t, PhType *base)
{
    bool nb = t->as_number && base->as_number && t->as_number != base->as_number;
    bool sq = t->as_sequence && base->as_sequence && t->as_sequence != base->as_sequence;
    bool mp = t->as_mapping && base->as_mapping && t->as_mapping != base->as_mapping;
    if (!t->as_number) t->as_number = base->as_number;
    if (!t->as_sequence) t->as_sequence = base->as_sequence;
    if (!t->as_mapping) t->as_mapping = base->as_mapping;
    if (!nb && !sq && !mp) return 0;
    MergedTables *m = heap_calloc(mem_of(S)->heap, sizeof *m);
    if (!m) return -1;
    m->next = RUNTIME(S)->merged;
    RUNTIME(S)->merged = m;
    if (nb) {
        m->nb = *t->as_number;
        merge_number(&m->nb, base->as_number);
        t->as_number = &m->nb;
    }
    if (sq) {
        m->sq = *t->as_sequence;
        merge_sequence(&m->sq, base->as_sequence);
        t->as_sequence = &m->sq;
    }
    if (mp) {
        m->mp = *t->as_mapping;
        merge_mapping(&m->mp, base->as_mapping);
        t->as_mapping = &m->mp;
    }
    return 0;
}

/* The type-level slots a type without its own takes from its base. */
static void inherit_slots(PhType *t, PhType *base)
{
    if (!t->hash && !t->richcompare) {
        t->hash = base->hash;
        t->richcompare = base->richcompare;
    }
    if (!t->getattro && !t->setattro) {
        t->getattro = base->getattro;
        t->setattro = base->setattro;
    }
    if (!t->getattro) t->getattro = base->getattro;
    if (!t->setattro) t->setattro = base->setattro;
    if (!t->repr) t->repr = base->repr;
    if (!t->str) t->str = base->str;
    if (!t->call) t->call = base->call;
    if (!t->iter) t->iter = base->iter;
    if (!t->iternext) t->iternext = base->iternext;
    if (!t->descr_get) t->descr_get = base->descr_get;
    if (!t->descr_set) t->descr_set = base->descr_set;
    if (!t->init) t->init = base->init;
    if (!t->finalize) t->finalize = base->finalize;
    if (!t->dictoffset) t->dictoffset = base->dictoffset;
    if (!t->weaklistoffset) t->weaklistoffset = base->weaklistoffset;
    /* tp_new is not inherited from object by static types: such types
     * cannot be instantiated from Python ("cannot create 'X' instances"). */
    if (!t->new_ && base != &type_state(t)->types.object) t->new_ = base->new_;
    t->flags |= base->flags & (TPFLAG_LONG_SUBCLASS | TPFLAG_LIST_SUBCLASS | TPFLAG_TUPLE_SUBCLASS |
                               TPFLAG_BYTES_SUBCLASS | TPFLAG_UNICODE_SUBCLASS |
                               TPFLAG_DICT_SUBCLASS | TPFLAG_BASE_EXC_SUBCLASS |
                               TPFLAG_TYPE_SUBCLASS);
}

static int dict_set_default(PhState *S, PhObject *d, PhObject *key, PhObject *v)
{
    int has = dict_contains(S, d, key);
    if (has != 0) return has < 0 ? -1 : 0;
    return dict_setitem(S, d, key, v);
}

static int add_methods_by_name(PhState *S, PhType *t)
{
    for (const PhMethodDef *m = t->methods; m && m->name; m++) {
        PhObject *d;
        if (m->flags & METH_STATIC) {
            PhObject *f = builtin_func_new(S, m, NULL);
            if (!f) return -1;
            d = staticmethod_new(S, f);
            DECREF(S, f);
        } else {
            d = m->flags & METH_CLASS ? descr_new_classmethod(S, t, m) : descr_new_method(S, t, m);
        }
        if (!d) return -1;
        int rc = dict_setitem_str(S, t->dict, m->name, d);
        DECREF(S, d);
        if (rc < 0) return -1;
    }
    return 0;
}

static int add_getsets(PhState *S, PhType *t)
{
    for (const PhGetSetDef *g = t->getsets; g && g->name; g++) {
        PhObject *d = descr_new_getset(S, t, g);
        if (!d) return -1;
        int rc = dict_setitem(S, t->dict, ((PhDescr *)d)->name, d);
        DECREF(S, d);
        if (rc < 0) return -1;
    }
    return 0;
}

static PhObject *tp_new_wrapper(PhState *S, PhObject *callable, PhObject *const *args, size_t nargs,
                                PhObject *kwnames);

static const PhMethodDef tp_new_def = {"__new__", tp_new_wrapper, METH_DEFAULT,
                                       "Create and return a new object.  See help(type) for "
                                       "accurate signature."};

/* A builtin base's allocator (float, int, str, ...) does not track what it
 * makes, but instances of classes are GC objects (their __dict__ can close
 * cycles): start tracking them once built. */
static PhObject *track_instance(PhState *S, PhObject *o)
{
    if (o && type_is_heap(o->type) && type_is_gc(o->type) && !gc_is_tracked(o)) gc_track(S, o);
    return o;
}

/* T.__new__(subtype, ...): checks subtype and calls T's new slot. */
static PhObject *tp_new_wrapper(PhState *S, PhObject *callable, PhObject *const *args, size_t nargs,
                                PhObject *kwnames)
{
    PhType *t = (PhType *)((PhBuiltinFunc *)callable)->self;
    if (nargs < 1) return err_format(S, &S->exc.TypeError, "%s.__new__(): not enough arguments", t->name);
    PhObject *arg0 = args[0];
    if (!is_type_obj(arg0)) {
        return err_format(S, &S->exc.TypeError, "%s.__new__(X): X is not a type object (%s)", t->name,
                          arg0->type->name);
    }
    PhType *sub = (PhType *)arg0;
    if (!type_is_subtype(sub, t)) {
        return err_format(S, &S->exc.TypeError, "%s.__new__(%s): %s is not a subtype of %s", t->name,
                          sub->name, sub->name, t->name);
    }
    /* The most derived builtin base of sub must use t's allocator, or the
     * object would be built with the wrong layout (object.__new__(int)). */
    PhType *static_base = sub;
    while (static_base && type_is_heap(static_base)) static_base = static_base->base;
    if (static_base && static_base->new_ != t->new_) {
        return err_format(S, &S->exc.TypeError, "%s.__new__(%s) is not safe, use %s.__new__()",
                          t->name, sub->name, static_base->name);
    }
    return track_instance(S, t->new_(S, sub, args + 1, nargs - 1, kwnames));
}

int type_ready(PhState *S, PhType *t)
{
    if (t->dict) return 0;
    PhType *object = &S->types.object;
    if (!t->base && t != object) t->base = object;
    PhType *base = t->base;
    if (base && type_ready(S, base) < 0) return -1;

    t->dict = dict_new(S);
    if (!t->dict) return -1;
    t->bases = base ? tuple_pack(S, 1, (PhObject *)base) : (INCREF(S->empty_tuple), S->empty_tuple);
    if (!t->bases) return -1;
    /* MRO = (t,) + base's MRO: builtin types have single inheritance. */
    ssize_t nb = base ? TUPLE_LEN(base->mro) : 0;
    t->mro = tuple_new(S, nb + 1);
    if (!t->mro) return -1;
    TUPLE_SET(t->mro, 0, (PhObject *)t);
    for (ssize_t i = 0; i < nb; i++) TUPLE_SET(t->mro, i + 1, TUPLE_GET(base->mro, i));
    /* The MRO tuple's references to static types are not counted as
     * ownership (static types are never freed); incref for symmetry with
     * tuple deallocation, which decrefs. */
    for (ssize_t i = 0; i <= nb; i++) INCREF(TUPLE_GET(t->mro, i));

    if (add_methods_by_name(S, t) < 0 || add_getsets(S, t) < 0) return -1;
    /* Slot wrappers for the slots this type defines itself. */
    if (typeslots_add_wrappers(S, t) < 0) return -1;
    if (t->new_) {
        PhObject *f = builtin_func_new(S, &tp_new_def, (PhObject *)t);
        if (!f) return -1;
        int rc = dict_set_default(S, t->dict, ID(S, __new__), f);
        DECREF(S, f);
        if (rc < 0) return -1;
    }
    if (base) {
        inherit_slots(t, base);
        if (inherit_tables(S, t, base) < 0) return -1;
    }
    if (!t->hash && dict_set_default(S, t->dict, ID(S, __hash__), PH_NONE(S)) < 0) return -1;
    if (dict_set_default(S, t->dict, ID(S, __doc__), PH_NONE(S)) < 0) return -1;
    type_modified(t);
    return 0;
}

/* Releases what type_ready gave a static type (at shut-down). */
static void type_unready(PhState *S, PhType *t)
{
    CLEAR(S, t->dict);
    CLEAR(S, t->mro);
    CLEAR(S, t->bases);
}

/* ---- calling a type ------------------------------------------------------------------------ */

PhObject *type_call(PhState *S, PhObject *callable, PhObject *const *args, size_t nargs,
                    PhObject *kwnames)
{
    PhType *t = (PhType *)callable;
    bool nokw = !kwnames || TUPLE_LEN(kwnames) == 0;
    /* type(x) is the one-argument form, not a class creation. */
    if (t == &S->types.type && nargs == 1 && nokw) {
        INCREF(args[0]->type);
        return (PhObject *)args[0]->type;
    }
    if (!t->new_) return err_format(S, &S->exc.TypeError, "cannot create '%s' instances", t->name);
    PhObject *obj = track_instance(S, t->new_(S, t, args, nargs, kwnames));
    if (!obj) return NULL;
    /* __init__ runs only when __new__ gave an instance of t. */
    if (!obj_type_check(obj, t)) return obj;
    PhType *ot = obj->type;
    if (ot->init && ot->init(S, obj, args, nargs, kwnames) < 0) {
        DECREF(S, obj);
        return NULL;
    }
    return obj;
}

/* ---- the `type` type ------------------------------------------------------------------------- */

#define HT(t) ((PhHeapType *)(t))

static PhObject *type_repr(PhState *S, PhObject *o)
{
    PhType *t = (PhType *)o;
    PhObject *full = type_full_name(S, t);
    if (!full) return NULL;
    PhObject *r = str_from_format(S, "<class '%U'>", full);
    DECREF(S, full);
    return r;
}

static PhObject *type_getattro(PhState *S, PhObject *o, PhObject *name)
{
    PhType *t = (PhType *)o, *meta = o->type;
    PhObject *meta_attr = type_lookup_in(S, meta, name);
    descrgetfunc meta_get = NULL;
    if (meta_attr) {
        INCREF(meta_attr);
        meta_get = meta_attr->type->descr_get;
        if (meta_get && meta_attr->type->descr_set) {
            PhObject *r = meta_get(S, meta_attr, o, (PhObject *)meta);
            DECREF(S, meta_attr);
            return r;
        }
    }
    PhObject *attr = type_lookup_in(S, t, name);
    if (attr) {
        XDECREF(S, meta_attr);
        descrgetfunc f = attr->type->descr_get;
        if (f) {
            INCREF(attr);
            PhObject *r = f(S, attr, NULL, o);
            DECREF(S, attr);
            return r;
        }
        INCREF(attr);
        return attr;
    }
    if (meta_get) {
        PhObject *r = meta_get(S, meta_attr, o, (PhObject *)meta);
        DECREF(S, meta_attr);
        return r;
    }
    if (meta_attr) return meta_attr;
    return err_format(S, &S->exc.AttributeError, "type object '%s' has no attribute '%U'", t->name,
                      name);
}

static int type_setattro(PhState *S, PhObject *o, PhObject *name, PhObject *v)
{
    PhType *t = (PhType *)o;
    if (!type_is_heap(t)) {
        err_format(S, &S->exc.TypeError, "cannot set '%U' attribute of immutable type '%s'", name,
                   t->name);
        return -1;
    }
    PhObject *meta_attr = type_lookup_in(S, o->type, name);
    if (meta_attr && meta_attr->type->descr_set) {
        INCREF(meta_attr);
        int rc = meta_attr->type->descr_set(S, meta_attr, o, v);
        DECREF(S, meta_attr);
        return rc;
    }
    int rc;
    if (v) {
        rc = dict_setitem(S, t->dict, name, v);
    } else {
        rc = dict_delitem(S, t->dict, name);
        if (rc < 0 && err_matches(S, (PhObject *)&S->exc.KeyError)) {
            err_clear(S);
            err_format(S, &S->exc.AttributeError, "type object '%s' has no attribute '%U'", t->name,
                       name);
        }
    }
    type_modified(t);
    if (rc < 0) return -1;
    return typeslots_update(S, t, name);
}

static int type_traverse(PhObject *self, visitproc visit, void *arg)
{
    PhType *t = (PhType *)self;
    if (!type_is_heap(t)) return 0;
    VISIT(t->dict);
    VISIT(t->mro);
    VISIT(t->bases);
    if (t->base && type_is_heap(t->base)) VISIT(t->base);
    VISIT(t->module);
    VISIT(HT(t)->slots);
    return 0;
}

static int type_clear(PhState *S, PhObject *self)
{
    PhType *t = (PhType *)self;
    if (!type_is_heap(t)) return 0;
    /* Instances dying in the same collection still reach their class's
     * base and slots; only the dict and the MRO (the cycle carriers) go. */
    if (t->dict) dict_clear(S, t->dict);
    CLEAR(S, t->mro);
    type_modified(t);
    return 0;
}

static void type_dealloc(PhState *S, PhObject *self)
{
    PhType *t = (PhType *)self;
    if (!type_is_heap(t)) {
        static_dealloc(S, self);
        return;
    }
    PhHeapType *ht = HT(t);
    gc_untrack(self);
    type_modified(t); /* no cache entry may outlive the type */
    CLEAR(S, t->dict);
    CLEAR(S, t->mro);
    CLEAR(S, t->bases);
    CLEAR(S, t->qualname);
    CLEAR(S, t->module);
    CLEAR(S, ht->slots);
    if (ht->keys) {
        for (int i = 0; i < ht->keys->nkeys; i++) DECREF(S, ht->keys->names[i]);
        heap_free(mem_of(S)->heap, ht->keys);
        ht->keys = NULL;
    }
    PhType *base = t->base;
    t->base = NULL;
    PhObject *name = ht->name;
    ht->name = NULL;
    obj_free(S, self);
    XDECREF(S, name); /* t->name pointed into it: freed only now */
    if (base && type_is_heap(base)) DECREF(S, base);
}

/* type.__new__(meta, name, bases, dict, **kwds) and type(x). */
static PhObject *type_tp_new(PhState *S, PhType *meta, PhObject *const *args, size_t nargs,
                             PhObject *kwnames)
{
    size_t nkw = kwnames ? (size_t)TUPLE_LEN(kwnames) : 0;
    if (meta == &S->types.type && nargs == 1 && nkw == 0) {
        INCREF(args[0]->type);
        return (PhObject *)args[0]->type;
    }
    if (nargs != 3) {
        if (meta == &S->types.type)
            return err_format(S, &S->exc.TypeError, "type() takes 1 or 3 arguments");
        return err_format(S, &S->exc.TypeError, "type.__new__() takes exactly 3 arguments (%zu given)",
                          nargs);
    }
    PhObject *kw = NULL;
    if (nkw) {
        kw = dict_new(S);
        if (!kw) return NULL;
        for (size_t i = 0; i < nkw; i++) {
            if (dict_setitem(S, kw, TUPLE_GET(kwnames, (ssize_t)i), args[nargs + i]) < 0) {
                DECREF(S, kw);
                return NULL;
            }
        }
    }
    PhObject *r = type_new_impl(S, meta, args[0], args[1], args[2], kw);
    XDECREF(S, kw);
    return r;
}

static int type_tp_init(PhState *S, PhObject *self, PhObject *const *args, size_t nargs,
                        PhObject *kwnames)
{
    if (nargs != 1 && nargs != 3) {
        err_format(S, &S->exc.TypeError, "type.__init__() takes 1 or 3 arguments");
        return -1;
    }
    return 0;
}

/* ---- type attributes ---- */

static PhObject *type_get_name(PhState *S, PhObject *self) { return type_name_obj(S, (PhType *)self); }

static int type_set_name(PhState *S, PhObject *self, PhObject *v)
{
    PhType *t = (PhType *)self;
    if (!type_is_heap(t)) {
        err_format(S, &S->exc.TypeError, "cannot set '__name__' attribute of immutable type '%s'",
                   t->name);
        return -1;
    }
    if (!v || !str_check(v)) {
        err_format(S, &S->exc.TypeError, "can only assign string to %s.__name__, not '%s'", t->name,
                   v ? v->type->name : "NULL");
        return -1;
    }
    const char *utf8 = str_as_utf8(S, v, NULL);
    if (!utf8) return -1;
    INCREF(v);
    PhObject *old = HT(t)->name;
    HT(t)->name = v;
    t->name = utf8;
    XDECREF(S, old);
    return 0;
}

static PhObject *type_get_qualname(PhState *S, PhObject *self) { return type_qualname(S, (PhType *)self); }

static int type_set_qualname(PhState *S, PhObject *self, PhObject *v)
{
    PhType *t = (PhType *)self;
    if (!type_is_heap(t)) {
        err_format(S, &S->exc.TypeError, "cannot set '__qualname__' attribute of immutable type '%s'",
                   t->name);
        return -1;
    }
    if (!v || !str_check(v)) {
        err_format(S, &S->exc.TypeError, "can only assign string to %s.__qualname__, not '%s'",
                   t->name, v ? v->type->name : "NULL");
        return -1;
    }
    INCREF(v);
    PhObject *old = t->qualname;
    t->qualname = v;
    XDECREF(S, old);
    return 0;
}

static PhObject *type_get_module(PhState *S, PhObject *self)
{
    PhType *t = (PhType *)self;
    if (type_is_heap(t)) {
        PhObject *m = lookup_in_dict(S, t->dict, ID(S, __module__));
        if (!m) return err_format(S, &S->exc.AttributeError, "__module__");
        INCREF(m);
        return m;
    }
    return str_from_cstr(S, "builtins");
}

static int type_set_module(PhState *S, PhObject *self, PhObject *v)
{
    PhType *t = (PhType *)self;
    if (!type_is_heap(t)) {
        err_format(S, &S->exc.TypeError, "cannot set '__module__' attribute of immutable type '%s'",
                   t->name);
        return -1;
    }
    int rc = v ? dict_setitem(S, t->dict, ID(S, __module__), v)
               : dict_delitem(S, t->dict, ID(S, __module__));
    type_modified(t);
    return rc;
}

static PhObject *type_get_bases(PhState *S, PhObject *self)
{
    PhObject *b = ((PhType *)self)->bases;
    if (!b) b = S->empty_tuple;
    INCREF(b);
    return b;
}

static PhObject *type_get_base(PhState *S, PhObject *self)
{
    PhObject *b = (PhObject *)((PhType *)self)->base;
    if (!b) b = PH_NONE(S);
    INCREF(b);
    return b;
}

static PhObject *type_get_mro(PhState *S, PhObject *self)
{
    PhObject *m = ((PhType *)self)->mro;
    if (!m) return ph_none(S);
    INCREF(m);
    return m;
}

/* CPython returns a read-only mappingproxy; a copy keeps the type's dict
 * (and the attribute cache built on it) safe from modification. */
static PhObject *type_get_dict(PhState *S, PhObject *self)
{
    PhObject *d = ((PhType *)self)->dict;
    if (!d) return dict_new(S);
    return dict_copy(S, d);
}

static PhObject *type_get_doc(PhState *S, PhObject *self)
{
    PhType *t = (PhType *)self;
    PhObject *d = lookup_in_dict(S, t->dict, ID(S, __doc__));
    if (!d) return ph_none(S);
    if (d->type->descr_get) return d->type->descr_get(S, d, NULL, self);
    INCREF(d);
    return d;
}

static int type_set_doc(PhState *S, PhObject *self, PhObject *v)
{
    PhType *t = (PhType *)self;
    if (!type_is_heap(t)) {
        err_format(S, &S->exc.TypeError, "cannot set '__doc__' attribute of immutable type '%s'",
                   t->name);
        return -1;
    }
    int rc = dict_setitem(S, t->dict, ID(S, __doc__), v ? v : PH_NONE(S));
    type_modified(t);
    return rc;
}

static PhObject *type_get_basicsize(PhState *S, PhObject *self)
{
    return int_from_i64(S, ((PhType *)self)->basicsize);
}

static PhObject *type_get_itemsize(PhState *S, PhObject *self)
{
    return int_from_i64(S, ((PhType *)self)->itemsize);
}

static PhObject *type_get_flags(PhState *S, PhObject *self)
{
    /* CPython's bits only (pyheap's own live above bit 32). */
    return int_from_i64(S, (int64_t)(((PhType *)self)->flags & 0xffffffffUL));
}

static PhObject *type_get_dictoffset(PhState *S, PhObject *self)
{
    PhType *t = (PhType *)self;
    return int_from_i64(S, (t->flags & TPFLAG_MANAGED_DICT) ? -1 : t->dictoffset);
}

static PhObject *type_get_weakrefoffset(PhState *S, PhObject *self)
{
    return int_from_i64(S, ((PhType *)self)->weaklistoffset);
}

static PhObject *type_get_annotations(PhState *S, PhObject *self)
{
    PhType *t = (PhType *)self;
    PhObject *a = lookup_in_dict(S, t->dict, ID(S, __annotations__));
    if (a) {
        INCREF(a);
        return a;
    }
    if (!type_is_heap(t)) {
        return err_format(S, &S->exc.AttributeError, "type object '%s' has no attribute '__annotations__'",
                          t->name);
    }
    a = dict_new(S);
    if (a && dict_setitem(S, t->dict, ID(S, __annotations__), a) < 0) CLEAR(S, a);
    type_modified(t);
    return a;
}

static const PhGetSetDef type_getsets[] = {
    {"__name__", type_get_name, type_set_name},
    {"__qualname__", type_get_qualname, type_set_qualname},
    {"__bases__", type_get_bases, NULL},
    {"__base__", type_get_base, NULL},
    {"__mro__", type_get_mro, NULL},
    {"__module__", type_get_module, type_set_module},
    {"__dict__", type_get_dict, NULL},
    {"__doc__", type_get_doc, type_set_doc},
    {"__basicsize__", type_get_basicsize, NULL},
    {"__itemsize__", type_get_itemsize, NULL},
    {"__flags__", type_get_flags, NULL},
    {"__dictoffset__", type_get_dictoffset, NULL},
    {"__weakrefoffset__", type_get_weakrefoffset, NULL},
    {"__annotations__", type_get_annotations, NULL},
    {NULL, NULL, NULL},
};

static PhObject *type_mro_method(PhState *S, PhObject *c, PhObject *const *args, size_t nargs,
                                 PhObject *kw)
{
    PhType *t = (PhType *)args[0];
    PhObject *mro = t->mro ? (INCREF(t->mro), t->mro) : type_compute_mro(S, t, t->bases);
    if (!mro) return NULL;
    PhObject *l = list_from_iterable(S, mro);
    DECREF(S, mro);
    return l;
}

static PhObject *type_subclasses(PhState *S, PhObject *c, PhObject *const *args, size_t nargs,
                                 PhObject *kw)
{
    /* Subclass lists are not kept (no weak references yet). */
    return list_new(S, 0);
}

static PhObject *type_instancecheck(PhState *S, PhObject *c, PhObject *const *args, size_t nargs,
                                    PhObject *kw)
{
    if (nargs != 2) return err_format(S, &S->exc.TypeError, "__instancecheck__() takes exactly one argument");
    return ph_bool(S, obj_type_check(args[1], (PhType *)args[0]));
}

static PhObject *type_subclasscheck(PhState *S, PhObject *c, PhObject *const *args, size_t nargs,
                                    PhObject *kw)
{
    if (nargs != 2) return err_format(S, &S->exc.TypeError, "__subclasscheck__() takes exactly one argument");
    int r = obj_issubclass(S, args[1], args[0]);
    return r < 0 ? NULL : ph_bool(S, r);
}

/* Sizes CPython 3.11 reports: a static type is a PyTypeObject (408); a
 * class is a PyHeapTypeObject (904) plus its shared keys (768) if any. */
static PhObject *type_sizeof(PhState *S, PhObject *c, PhObject *const *args, size_t nargs,
                             PhObject *kw)
{
    PhType *t = (PhType *)args[0];
    if (!type_is_heap(t)) return int_from_i64(S, 408);
    return int_from_i64(S, 904 + (HT(t)->keys ? 768 : 0));
}

static PhObject *type_prepare(PhState *S, PhObject *c, PhObject *const *args, size_t nargs,
                              PhObject *kw)
{
    return dict_new(S);
}

static PhObject *type_dir(PhState *S, PhObject *c, PhObject *const *args, size_t nargs, PhObject *kw)
{
    PhObject *names = dict_new(S);
    if (!names) return NULL;
    if (merge_class_names(S, names, (PhType *)args[0]) < 0) {
        DECREF(S, names);
        return NULL;
    }
    PhObject *r = dict_keys_list(S, names);
    DECREF(S, names);
    return r;
}

static const PhMethodDef type_methods[] = {
    {"mro", type_mro_method, METH_DEFAULT, "Return a type's method resolution order."},
    {"__subclasses__", type_subclasses, METH_DEFAULT, "Return a list of immediate subclasses."},
    {"__instancecheck__", type_instancecheck, METH_DEFAULT, "Check if an object is an instance."},
    {"__subclasscheck__", type_subclasscheck, METH_DEFAULT, "Check if a class is a subclass."},
    {"__sizeof__", type_sizeof, METH_DEFAULT, "Return memory consumption of the type object."},
    {"__prepare__", type_prepare, METH_CLASS,
     "__prepare__() -> dict\nused to create the namespace for the class statement"},
    {"__dir__", type_dir, METH_DEFAULT, "Specialized __dir__ implementation for types."},
    {NULL, NULL, 0, NULL},
};

const PhType type_type_template = {
    .name = "type",
    .basicsize = sizeof(PhHeapType),
    .flags = TPFLAG_HAVE_GC | TPFLAG_BASETYPE | TPFLAG_TYPE_SUBCLASS,
    .dealloc = type_dealloc,
    .traverse = type_traverse,
    .clear = type_clear,
    .repr = type_repr,
    .getattro = type_getattro,
    .setattro = type_setattro,
    .call = type_call,
    .new_ = type_tp_new,
    .init = type_tp_init,
    .methods = type_methods,
    .getsets = type_getsets,
    .hash = object_hash,
    .dictoffset = offsetof(PhType, dict),
};

/* ---- class creation ------------------------------------------------------------------------- */

/* C3 linearisation of t over bases: (t,) + merge(MROs of bases, bases). */
PhObject *type_compute_mro(PhState *S, PhType *t, PhObject *bases)
{
    ssize_t nb = bases ? TUPLE_LEN(bases) : 0;
    if (nb == 0) return tuple_pack(S, 1, (PhObject *)t);
    if (nb == 1) {
        PhObject *bm = ((PhType *)TUPLE_GET(bases, 0))->mro;
        ssize_t n = TUPLE_LEN(bm);
        PhObject *r = tuple_new(S, n + 1);
        if (!r) return NULL;
        INCREF(t);
        TUPLE_SET(r, 0, (PhObject *)t);
        for (ssize_t i = 0; i < n; i++) {
            INCREF(TUPLE_GET(bm, i));
            TUPLE_SET(r, i + 1, TUPLE_GET(bm, i));
        }
        return r;
    }
    /* Sequences to merge: each base's MRO, then the bases themselves. */
    ssize_t nseq = nb + 1;
    Heap *H = mem_of(S)->heap;
    PhObject **seqs = heap_alloc(H, (size_t)nseq * sizeof(PhObject *));
    ssize_t *pos = heap_calloc(H, (size_t)nseq * sizeof(ssize_t));
    PhObject *result = list_new(S, 0);
    PhObject *r = NULL;
    if (!seqs || !pos || !result) {
        if (!result) goto done;
        err_no_memory(S);
        goto done;
    }
    for (ssize_t i = 0; i < nb; i++) seqs[i] = ((PhType *)TUPLE_GET(bases, i))->mro;
    seqs[nb] = bases;
    if (list_append(S, result, (PhObject *)t) < 0) goto done;
    for (;;) {
        bool empty = true;
        PhObject *cand = NULL;
        for (ssize_t i = 0; i < nseq; i++) {
            if (pos[i] >= TUPLE_LEN(seqs[i])) continue;
            empty = false;
            PhObject *head = TUPLE_GET(seqs[i], pos[i]);
            bool in_tail = false;
            for (ssize_t j = 0; j < nseq && !in_tail; j++)
                for (ssize_t k = pos[j] + 1; k < TUPLE_LEN(seqs[j]); k++)
                    if (TUPLE_GET(seqs[j], k) == head) {
                        in_tail = true;
                        break;
                    }
            if (!in_tail) {
                cand = head;
                break;
            }
        }
        if (empty) break;
        if (!cand) {
            PhBuf b;
            buf_init(&b, S);
            buf_puts(&b, "Cannot create a consistent method resolution\norder (MRO) for bases");
            for (ssize_t i = 0; i < nb; i++) {
                buf_puts(&b, i ? ", " : " ");
                buf_puts(&b, ((PhType *)TUPLE_GET(bases, i))->name);
            }
            PhObject *msg = buf_to_str(&b);
            buf_free(&b);
            if (msg) {
                err_set_object(S, &S->exc.TypeError, msg);
                DECREF(S, msg);
            }
            goto done;
        }
        if (list_append(S, result, cand) < 0) goto done;
        for (ssize_t i = 0; i < nseq; i++)
            if (pos[i] < TUPLE_LEN(seqs[i]) && TUPLE_GET(seqs[i], pos[i]) == cand) pos[i]++;
    }
    r = list_as_tuple(S, result);
done:
    XDECREF(S, result);
    if (seqs) heap_free(H, seqs);
    if (pos) heap_free(H, pos);
    return r;
}

/* Does t add instance fields to base (beyond a weakref slot and a dict)? */
static bool extra_ivars(PhType *t, PhType *base)
{
    ssize_t ts = t->basicsize, bs = base->basicsize;
    if (t->itemsize || base->itemsize) return t->itemsize != base->itemsize;
    if (t->weaklistoffset && base->weaklistoffset == 0 && t->weaklistoffset + 8 == ts) ts -= 8;
    return ts != bs;
}

static PhType *solid_base(PhState *S, PhType *t)
{
    PhType *base = t->base ? solid_base(S, t->base) : &S->types.object;
    return extra_ivars(t, base) ? t : base;
}

/* The base whose layout the new class extends (CPython's best_base). */
static PhType *best_base(PhState *S, PhObject *bases)
{
    PhType *winner = NULL, *base = NULL;
    for (ssize_t i = 0; i < TUPLE_LEN(bases); i++) {
        PhObject *b = TUPLE_GET(bases, i);
        if (!is_type_obj(b)) {
            err_format(S, &S->exc.TypeError, "bases must be types");
            return NULL;
        }
        PhType *bt = (PhType *)b;
        if (!(bt->flags & TPFLAG_BASETYPE)) {
            err_format(S, &S->exc.TypeError, "type '%s' is not an acceptable base type", bt->name);
            return NULL;
        }
        PhType *cand = solid_base(S, bt);
        if (!winner) {
            winner = cand;
            base = bt;
        } else if (type_is_subtype(winner, cand)) {
            /* keep */
        } else if (type_is_subtype(cand, winner)) {
            winner = cand;
            base = bt;
        } else {
            err_format(S, &S->exc.TypeError, "multiple bases have instance lay-out conflict");
            return NULL;
        }
    }
    return base;
}

/* The most derived metaclass of meta and the bases' metaclasses. */
static PhType *calculate_metaclass(PhState *S, PhType *meta, PhObject *bases)
{
    PhType *winner = meta;
    for (ssize_t i = 0; i < TUPLE_LEN(bases); i++) {
        PhType *bt = TUPLE_GET(bases, i)->type;
        if (type_is_subtype(winner, bt)) continue;
        if (type_is_subtype(bt, winner)) {
            winner = bt;
            continue;
        }
        err_format(S, &S->exc.TypeError,
                   "metaclass conflict: the metaclass of a derived class must be a (non-strict) "
                   "subclass of the metaclasses of all its bases");
        return NULL;
    }
    return winner;
}

/* `__x` in class C becomes `_C__x` (private name mangling). */
static PhObject *mangle(PhState *S, PhObject *cls_name, PhObject *name)
{
    ssize_t n = str_len(name);
    if (n < 2 || str_char_at(name, 0) != '_' || str_char_at(name, 1) != '_' ||
        (str_char_at(name, n - 1) == '_' && str_char_at(name, n - 2) == '_')) {
        INCREF(name);
        return name;
    }
    ssize_t i = 0, cn = str_len(cls_name);
    while (i < cn && str_char_at(cls_name, i) == '_') i++;
    if (i == cn) {
        INCREF(name);
        return name;
    }
    PhObject *stripped = str_substring(S, cls_name, i, cn);
    if (!stripped) return NULL;
    PhObject *r = str_from_format(S, "_%U%U", stripped, name);
    DECREF(S, stripped);
    return r;
}

static bool is_identifier(PhObject *s)
{
    ssize_t n = str_len(s);
    if (n == 0) return false;
    for (ssize_t i = 0; i < n; i++) {
        uint32_t c = str_char_at(s, i);
        bool ok = c == '_' || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c > 127 ||
                  (i > 0 && c >= '0' && c <= '9');
        if (!ok) return false;
    }
    return true;
}

/* Sorts a list of str in place (slots get offsets in sorted order, as in CPython). */
static void sort_names(PhObject *list)
{
    ssize_t n = LIST_LEN(list);
    PhObject **a = LIST_ITEMS(list);
    for (ssize_t i = 1; i < n; i++) {
        PhObject *x = a[i];
        ssize_t j = i;
        while (j > 0 && str_compare(a[j - 1], x) > 0) {
            a[j] = a[j - 1];
            j--;
        }
        a[j] = x;
    }
}

typedef struct SlotsInfo {
    PhObject *names; /* list of (mangled) slot names, sorted, or NULL */
    bool add_dict, add_weak, has_slots;
} SlotsInfo;

static int parse_slots(PhState *S, PhObject *name, PhObject *dict, PhType *base, SlotsInfo *si)
{
    bool base_has_dict = base->dictoffset != 0 || (base->flags & TPFLAG_MANAGED_DICT);
    bool may_add_weak = base->weaklistoffset == 0 && base->itemsize == 0;
    PhObject *slots = dict_getitem(S, dict, ID(S, __slots__));
    if (!slots) {
        if (err_occurred(S)) return -1;
        si->add_dict = !base_has_dict;
        si->add_weak = may_add_weak;
        return 0;
    }
    si->has_slots = true;
    PhObject *seq = str_check(slots) ? tuple_pack(S, 1, slots) : tuple_from_iterable(S, slots);
    if (!seq) return -1;
    si->names = list_new(S, 0);
    if (!si->names) goto fail;
    for (ssize_t i = 0; i < TUPLE_LEN(seq); i++) {
        PhObject *s = TUPLE_GET(seq, i);
        if (!str_check(s)) {
            err_format(S, &S->exc.TypeError, "__slots__ items must be strings, not '%s'", s->type->name);
            goto fail;
        }
        if (!is_identifier(s)) {
            err_format(S, &S->exc.TypeError, "__slots__ must be identifiers");
            goto fail;
        }
        if (str_eq_cstr(s, "__dict__")) {
            if (base_has_dict || si->add_dict) {
                err_format(S, &S->exc.TypeError, "__dict__ slot disallowed: we already got one");
                goto fail;
            }
            si->add_dict = true;
            continue;
        }
        if (str_eq_cstr(s, "__weakref__")) {
            if (!may_add_weak || si->add_weak) {
                err_format(S, &S->exc.TypeError, "__weakref__ slot disallowed: either we already got one, or __itemsize__ != 0");
                goto fail;
            }
            si->add_weak = true;
            continue;
        }
        PhObject *m = mangle(S, name, s);
        if (!m) goto fail;
        if (str_intern_in_place(S, &m) < 0) err_clear(S);
        int dup = dict_contains(S, dict, m);
        if (dup > 0 && !str_eq_cstr(m, "__qualname__")) {
            err_format(S, &S->exc.ValueError, "%R in __slots__ conflicts with class variable", s);
            DECREF(S, m);
            goto fail;
        }
        int rc = list_append(S, si->names, m);
        DECREF(S, m);
        if (rc < 0) goto fail;
    }
    if (LIST_LEN(si->names) > 0 && base->itemsize != 0) {
        err_format(S, &S->exc.TypeError, "nonempty __slots__ not supported for subtype of '%s'",
                   base->name);
        goto fail;
    }
    sort_names(si->names);
    DECREF(S, seq);
    return 0;
fail:
    DECREF(S, seq);
    CLEAR(S, si->names);
    return -1;
}

static PhObject *subtype_get_dict(PhState *S, PhObject *self) { return obj_get_dict(S, self); }

static int subtype_set_dict(PhState *S, PhObject *self, PhObject *v)
{
    if (!v || !obj_type_check(v, &S->types.dict)) {
        err_format(S, &S->exc.TypeError, "__dict__ must be set to a dictionary, not a '%s'",
                   v ? v->type->name : "NoneType");
        return -1;
    }
    PhObject **dp = obj_dict_ptr(self);
    if (!dp) return attr_missing(S, self, ID(S, __dict__));
    if (has_managed_dict(self)) managed_clear(S, self);
    INCREF(v);
    PhObject *old = *dp;
    *dp = v;
    XDECREF(S, old);
    return 0;
}

static PhObject *subtype_get_weakref(PhState *S, PhObject *self) { return ph_none(S); }

static const PhGetSetDef subtype_dict_getset = {"__dict__", subtype_get_dict, subtype_set_dict};
static const PhGetSetDef subtype_weakref_getset = {"__weakref__", subtype_get_weakref, NULL};

/* Functions stored under these names are wrapped as Python does. */
static int wrap_special_functions(PhState *S, PhObject *dict)
{
    PhObject *v = dict_getitem(S, dict, ID(S, __new__));
    if (v && v->type == &S->types.function) {
        PhObject *sm = staticmethod_new(S, v);
        if (!sm || dict_setitem(S, dict, ID(S, __new__), sm) < 0) {
            XDECREF(S, sm);
            return -1;
        }
        DECREF(S, sm);
    }
    PhObject *const cm_names[] = {ID(S, __init_subclass__), ID(S, __class_getitem__)};
    for (int i = 0; i < 2; i++) {
        v = dict_getitem(S, dict, cm_names[i]);
        if (v && v->type == &S->types.function) {
            PhObject *cm = classmethod_new(S, v);
            if (!cm || dict_setitem(S, dict, cm_names[i], cm) < 0) {
                XDECREF(S, cm);
                return -1;
            }
            DECREF(S, cm);
        }
    }
    return 0;
}

/* The module a class body ran in, for __module__: its globals' __name__. */
static PhObject *current_module_name(PhState *S)
{
    PhFrame *f = S->frame;
    if (!f || !f->globals) return NULL;
    PhObject *n = dict_getitem(S, f->globals, ID(S, __name__));
    if (!n && err_occurred(S)) err_clear(S);
    return n;
}

/* Calls __set_name__ on each attribute that has one. */
static int call_set_names(PhState *S, PhType *t)
{
    PhObject *items = dict_copy(S, t->dict);
    if (!items) return -1;
    ssize_t pos = 0;
    PhObject *k, *v;
    int rc = 0;
    while (dict_next(items, &pos, &k, &v)) {
        if (!type_lookup_in(S, v->type, ID(S, __set_name__))) continue;
        PhObject *args[2] = {(PhObject *)t, k};
        PhObject *r = obj_call_method_id(S, v, ID(S, __set_name__), args, 2);
        if (!r) {
            rc = -1;
            break;
        }
        DECREF(S, r);
    }
    DECREF(S, items);
    return rc;
}

/* super(t, t).__init_subclass__(**kwds) */
static int call_init_subclass(PhState *S, PhType *t, PhObject *kwds)
{
    PhObject *mro = t->mro;
    PhObject *func = NULL;
    for (ssize_t i = 1; i < TUPLE_LEN(mro) && !func; i++)
        func = lookup_in_dict(S, ((PhType *)TUPLE_GET(mro, i))->dict, ID(S, __init_subclass__));
    if (!func) return 0;
    PhObject *bound = func->type->descr_get ? func->type->descr_get(S, func, NULL, (PhObject *)t)
                                            : (INCREF(func), func);
    if (!bound) return -1;
    PhObject *r = obj_call_tuple_dict(S, bound, S->empty_tuple, kwds);
    DECREF(S, bound);
    if (!r) return -1;
    DECREF(S, r);
    return 0;
}

PhObject *type_new_impl(PhState *S, PhType *meta, PhObject *name, PhObject *bases, PhObject *ns,
                        PhObject *kwds)
{
    if (!str_check(name)) {
        return err_format(S, &S->exc.TypeError, "type.__new__() argument 1 must be str, not %s",
                          name->type->name);
    }
    if (!obj_type_check(bases, &S->types.tuple)) {
        return err_format(S, &S->exc.TypeError, "type.__new__() argument 2 must be tuple, not %s",
                          bases->type->name);
    }
    if (!obj_type_check(ns, &S->types.dict)) {
        return err_format(S, &S->exc.TypeError, "type.__new__() argument 3 must be dict, not %s",
                          ns->type->name);
    }
    for (ssize_t i = 0; i < TUPLE_LEN(bases); i++) {
        for (ssize_t j = i + 1; j < TUPLE_LEN(bases); j++) {
            if (TUPLE_GET(bases, i) == TUPLE_GET(bases, j)) {
                PhObject *bn = is_type_obj(TUPLE_GET(bases, i))
                                   ? type_name_obj(S, (PhType *)TUPLE_GET(bases, i))
                                   : obj_repr(S, TUPLE_GET(bases, i));
                if (!bn) return NULL;
                err_format(S, &S->exc.TypeError, "duplicate base class %U", bn);
                DECREF(S, bn);
                return NULL;
            }
        }
    }
    meta = calculate_metaclass(S, meta, bases);
    if (!meta) return NULL;
    PhObject *obj_tuple = NULL;
    if (TUPLE_LEN(bases) == 0) {
        obj_tuple = tuple_pack(S, 1, (PhObject *)&S->types.object);
        if (!obj_tuple) return NULL;
        bases = obj_tuple;
    }
    PhType *base = best_base(S, bases);
    PhObject *dict = NULL;
    SlotsInfo si = {0};
    PhHeapType *ht = NULL;
    if (!base) goto fail;
    dict = dict_copy(S, ns);
    if (!dict) goto fail;
    if (parse_slots(S, name, dict, base, &si) < 0) goto fail;

    ht = (PhHeapType *)obj_alloc(S, meta, (size_t)meta->basicsize);
    if (!ht) {
        err_no_memory(S);
        goto fail;
    }
    memset((char *)ht + sizeof(PhObject), 0, (size_t)meta->basicsize - sizeof(PhObject));
    PhType *t = &ht->type;
    INCREF(name);
    ht->name = name;
    t->name = str_as_utf8(S, name, NULL);
    if (!t->name) t->name = "?";
    /* Slots and tables start as the base's; the class's own dunders
     * replace them below. */
    t->repr = base->repr;
    t->str = base->str;
    t->hash = base->hash;
    t->richcompare = base->richcompare;
    t->getattro = base->getattro;
    t->setattro = base->setattro;
    t->call = base->call;
    t->iter = base->iter;
    t->iternext = base->iternext;
    t->descr_get = base->descr_get;
    t->descr_set = base->descr_set;
    t->new_ = base->new_;
    t->init = base->init;
    t->finalize = base->finalize;
    if (base->as_number) ht->as_number = *base->as_number;
    if (base->as_sequence) ht->as_sequence = *base->as_sequence;
    if (base->as_mapping) ht->as_mapping = *base->as_mapping;
    t->as_number = &ht->as_number;
    t->as_sequence = &ht->as_sequence;
    t->as_mapping = &ht->as_mapping;
    t->dealloc = subtype_dealloc;
    t->traverse = subtype_traverse;
    t->clear = subtype_clear;
    t->flags = TPFLAG_HEAPTYPE | TPFLAG_BASETYPE | TPFLAG_HAVE_GC |
               (base->flags & (TPFLAG_LONG_SUBCLASS | TPFLAG_LIST_SUBCLASS | TPFLAG_TUPLE_SUBCLASS |
                               TPFLAG_BYTES_SUBCLASS | TPFLAG_UNICODE_SUBCLASS |
                               TPFLAG_DICT_SUBCLASS | TPFLAG_BASE_EXC_SUBCLASS |
                               TPFLAG_TYPE_SUBCLASS | TPFLAG_MANAGED_DICT));
    if (si.add_dict) t->flags |= TPFLAG_MANAGED_DICT;
    if (base->flags & TPFLAG_MANAGED_DICT) t->flags |= TPFLAG_MANAGED_DICT;
    if (type_is_heap(base)) INCREF(base);
    t->base = base;
    INCREF(bases);
    t->bases = bases;
    t->itemsize = base->itemsize;
    t->dictoffset = base->dictoffset;
    t->weaklistoffset = base->weaklistoffset;
    ssize_t size = base->basicsize;
    ssize_t nslots = si.names ? LIST_LEN(si.names) : 0;
    ssize_t slot_offset = size;
    size += nslots * (ssize_t)sizeof(PhObject *);
    if (si.add_weak) {
        t->weaklistoffset = size;
        size += (ssize_t)sizeof(PhObject *);
    }
    t->basicsize = size;
    t->dict = dict;
    dict = NULL;
    if (t->flags & TPFLAG_MANAGED_DICT) {
        ht->keys = heap_calloc(mem_of(S)->heap, sizeof(PhSharedKeys));
        if (!ht->keys) {
            err_no_memory(S);
            goto fail_type;
        }
    }
    if (si.names) ht->slots = list_as_tuple(S, si.names);

    /* __qualname__ comes out of the namespace into the type. */
    PhObject *qn = dict_getitem(S, t->dict, ID(S, __qualname__));
    if (qn) {
        if (!str_check(qn)) {
            err_format(S, &S->exc.TypeError, "type __qualname__ must be a str, not %s", qn->type->name);
            goto fail_type;
        }
        INCREF(qn);
        t->qualname = qn;
        if (dict_delitem(S, t->dict, ID(S, __qualname__)) < 0) goto fail_type;
    } else {
        INCREF(name);
        t->qualname = name;
    }
    if (dict_contains(S, t->dict, ID(S, __module__)) == 0) {
        PhObject *mn = current_module_name(S);
        if (mn && dict_setitem(S, t->dict, ID(S, __module__), mn) < 0) goto fail_type;
    }
    if (dict_set_default(S, t->dict, ID(S, __doc__), PH_NONE(S)) < 0) goto fail_type;
    if (wrap_special_functions(S, t->dict) < 0) goto fail_type;
    /* __eq__ without __hash__ makes instances unhashable. */
    if (dict_contains(S, t->dict, ID(S, __eq__)) > 0 &&
        dict_set_default(S, t->dict, ID(S, __hash__), PH_NONE(S)) < 0)
        goto fail_type;
    for (ssize_t i = 0; i < nslots; i++) {
        PhObject *d = descr_new_member(S, t, LIST_GET(si.names, i),
                                       slot_offset + i * (ssize_t)sizeof(PhObject *));
        if (!d || dict_setitem(S, t->dict, LIST_GET(si.names, i), d) < 0) {
            XDECREF(S, d);
            goto fail_type;
        }
        DECREF(S, d);
    }
    if (si.add_dict && !(base->flags & TPFLAG_MANAGED_DICT)) {
        PhObject *d = descr_new_getset(S, t, &subtype_dict_getset);
        if (!d || dict_set_default(S, t->dict, ID(S, __dict__), d) < 0) {
            XDECREF(S, d);
            goto fail_type;
        }
        DECREF(S, d);
    }
    if (si.add_weak) {
        PhObject *d = descr_new_getset(S, t, &subtype_weakref_getset);
        if (!d || dict_set_default(S, t->dict, ID(S, __weakref__), d) < 0) {
            XDECREF(S, d);
            goto fail_type;
        }
        DECREF(S, d);
    }
    t->mro = type_compute_mro(S, t, t->bases);
    if (!t->mro) goto fail_type;
    if (typeslots_fixup(S, t) < 0) goto fail_type;
    type_modified(t);
    gc_track(S, (PhObject *)t);
    XDECREF(S, si.names);
    XDECREF(S, obj_tuple);
    if (call_set_names(S, t) < 0 || call_init_subclass(S, t, kwds) < 0) {
        DECREF(S, t);
        return NULL;
    }
    return (PhObject *)t;

fail_type:
    DECREF(S, ht);
    ht = NULL;
fail:
    XDECREF(S, dict);
    XDECREF(S, si.names);
    XDECREF(S, obj_tuple);
    return NULL;
}

PhObject *type_new_class(PhState *S, PhType *meta, PhObject *name, PhObject *bases, PhObject *dict)
{
    return type_new_impl(S, meta, name, bases, dict, NULL);
}

/* ---- __build_class__ ---------------------------------------------------------------------- */

PhObject *type_build_class(PhState *S, PhObject *callable, PhObject *const *args, size_t nargs,
                           PhObject *kwnames)
{
    if (nargs < 2) return err_format(S, &S->exc.TypeError, "__build_class__: not enough arguments");
    PhObject *func = args[0], *name = args[1];
    if (func->type != &S->types.function)
        return err_format(S, &S->exc.TypeError, "__build_class__: func must be a function");
    if (!str_check(name))
        return err_format(S, &S->exc.TypeError, "__build_class__: name is not a string");
    PhObject *bases = tuple_from_array(S, args + 2, (ssize_t)nargs - 2);
    if (!bases) return NULL;
    PhObject *meta = NULL, *kwds = NULL, *ns = NULL, *cell = NULL, *cls = NULL;
    ssize_t nkw = kwnames ? TUPLE_LEN(kwnames) : 0;
    if (nkw) {
        kwds = dict_new(S);
        if (!kwds) goto done;
        for (ssize_t i = 0; i < nkw; i++) {
            PhObject *k = TUPLE_GET(kwnames, i), *v = args[nargs + (size_t)i];
            if (str_eq_cstr(k, "metaclass")) meta = v;
            else if (dict_setitem(S, kwds, k, v) < 0) goto done;
        }
    }
    bool meta_is_class;
    if (!meta) {
        meta = TUPLE_LEN(bases) ? (PhObject *)TUPLE_GET(bases, 0)->type : (PhObject *)&S->types.type;
        meta_is_class = true;
    } else {
        meta_is_class = is_type_obj(meta);
    }
    if (meta_is_class) {
        PhType *winner = calculate_metaclass(S, (PhType *)meta, bases);
        if (!winner) goto done;
        meta = (PhObject *)winner;
    }
    INCREF(meta);
    /* ns = meta.__prepare__(name, bases, **kwds) */
    PhObject *prep = obj_lookup_attr(S, meta, ID(S, __prepare__));
    if (prep) {
        PhObject *pargs = tuple_pack(S, 2, name, bases);
        if (pargs) ns = obj_call_tuple_dict(S, prep, pargs, kwds);
        XDECREF(S, pargs);
        DECREF(S, prep);
    } else if (!err_occurred(S)) {
        ns = dict_new(S);
    }
    if (!ns) goto done_meta;
    cell = eval_class_body(S, func, ns);
    if (!cell) goto done_meta;
    PhObject *margs = tuple_pack(S, 3, name, bases, ns);
    if (!margs) goto done_meta;
    cls = obj_call_tuple_dict(S, meta, margs, kwds);
    DECREF(S, margs);
    if (cls && cell != PH_NONE(S) && cell->type == &S->types.cell) cell_set(S, cell, cls);
done_meta:
    DECREF(S, meta);
done:
    XDECREF(S, cell);
    XDECREF(S, ns);
    XDECREF(S, kwds);
    DECREF(S, bases);
    return cls;
}

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
        PhObject *res = lookup_in_dict(S, ((PhType *)TUPLE_GET(mro, i))->dict, name);
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

/* ---- start-up and shut-down ---------------------------------------------------------------------- */

static int make_identifiers(PhState *S)
{
#define MAKE_ID(name)                                                                              \
    if (!(R->ids.name = str_from_cstr(S, #name)) || str_intern_in_place(S, &R->ids.name) < 0)      \
        return -1;
    PhRuntime *R = RUNTIME(S);
    PH_IDENTIFIERS(MAKE_ID)
#undef MAKE_ID
    return 0;
}

static void free_identifiers(PhState *S)
{
#define FREE_ID(name) CLEAR(S, R->ids.name);
    PhRuntime *R = RUNTIME(S);
    PH_IDENTIFIERS(FREE_ID)
#undef FREE_ID
}

/* Which builtin types Python code may subclass, and their fast-check bits. */
static void set_builtin_flags(PhState *S)
{
    PhBuiltinTypes *T = &S->types;
    PhType *subclassable[] = {&T->object, &T->type, &T->int_, &T->float_, &T->str, &T->bytes,
                              &T->list, &T->tuple, &T->dict, &T->set, &T->frozenset,
                              &T->property, &T->staticmethod, &T->classmethod, &T->super};
    for (size_t i = 0; i < sizeof subclassable / sizeof *subclassable; i++)
        subclassable[i]->flags |= TPFLAG_BASETYPE;
    T->int_.flags |= TPFLAG_LONG_SUBCLASS;
    T->bool_.flags |= TPFLAG_LONG_SUBCLASS;
    T->list.flags |= TPFLAG_LIST_SUBCLASS;
    T->tuple.flags |= TPFLAG_TUPLE_SUBCLASS;
    T->bytes.flags |= TPFLAG_BYTES_SUBCLASS;
    T->str.flags |= TPFLAG_UNICODE_SUBCLASS;
    T->dict.flags |= TPFLAG_DICT_SUBCLASS;
    T->type.flags |= TPFLAG_TYPE_SUBCLASS;
    if (!T->bool_.base) T->bool_.base = &T->int_;
}

int runtime_init(PhState *S)
{
    char here;
    if (!S->c_stack_base) S->c_stack_base = &here;
    PhRuntime *R = heap_calloc(mem_of(S)->heap, sizeof *R);
    if (!R) return -1;
    R->epoch = 1;
    S->ids = R;
    if (make_identifiers(S) < 0) return -1;
    set_builtin_flags(S);
#define READY_TYPE(field, tmpl) \
    if (type_ready(S, &S->types.field) < 0) return -1;
#define READY_EXC(name, base) \
    if (type_ready(S, &S->exc.name) < 0) return -1;
    READY_TYPE(object, object)
    READY_TYPE(type, type)
    PH_BUILTIN_TYPES(READY_TYPE)
    PH_EXCEPTION_TYPES(READY_EXC)
#undef READY_TYPE
#undef READY_EXC
    R->memory_error = exc_new(S, &S->exc.MemoryError, NULL);
    if (!R->memory_error) return -1;
    err_clear(S);
    return 0;
}

void runtime_fini(PhState *S)
{
    PhRuntime *R = RUNTIME(S);
    if (!R) return;
    CLEAR(S, R->memory_error);
    R->epoch++;
#define UNREADY_TYPE(field, tmpl) type_unready(S, &S->types.field);
#define UNREADY_EXC(name, base) type_unready(S, &S->exc.name);
    PH_EXCEPTION_TYPES(UNREADY_EXC)
    PH_BUILTIN_TYPES(UNREADY_TYPE)
#undef UNREADY_TYPE
#undef UNREADY_EXC
    for (int i = 0; i < TYPE_CACHE_SIZE; i++) {
        R->cache[i].epoch = 0;
        CLEAR(S, R->cache[i].name);
    }
    while (R->merged) {
        MergedTables *m = R->merged;
        R->merged = m->next;
        heap_free(mem_of(S)->heap, m);
    }
    free_identifiers(S);
    heap_free(mem_of(S)->heap, R);
    S->ids = NULL;
}
