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
#include "typeinternal.h"
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


/* ---- attribute lookup along the MRO, with a cache --------------------------------------- */

PhObject *type_dict_lookup(PhState *S, PhObject *d, PhObject *name)
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
            PhObject *v = type_dict_lookup(S, b->dict, name);
            if (v) return v;
        }
        return NULL;
    }
    ssize_t n = TUPLE_LEN(mro);
    for (ssize_t i = 0; i < n; i++) {
        PhObject *v = type_dict_lookup(S, ((PhType *)TUPLE_GET(mro, i))->dict, name);
        if (v) return v;
    }
    return NULL;
}

void type_modified(PhType *t)
{
    PhState *S = type_state(t);
    if (S->ids) RUNTIME(S)->epoch++;
    /* Only classes count their own changes: a static type's last words sit
     * where the next static type's (absent) GC header would be, and must
     * stay zero so that header reads as "untracked". */
    if (type_is_heap(t)) t->version++;
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
    PhObject *m = type_dict_lookup(S, t->dict, ID(S, __module__));
    return m && str_check(m) ? m : NULL;
}

PhObject *type_full_name(PhState *S, PhType *t)
{
    /* A static type's dotted name already carries its module. */
    if (!type_is_heap(t) && strchr(t->name, '.')) return str_from_cstr(S, t->name);
    PhObject *mod = type_module_name(S, t);
    PhObject *qn = type_qualname(S, t);
    if (!qn || !mod || str_eq_cstr(mod, "builtins")) return qn;
    PhObject *r = str_from_format(S, "%U.%U", mod, qn);
    DECREF(S, qn);
    return r;
}

/* ---- instances: the managed dict and inline values --------------------------------------- */

/* The values block of an instance (3.11's PyDictValues): a prefix of
 * round_up(capacity + 2, 8) bytes -- capacity, live count, then the key
 * indices in insertion order (what __dict__ and vars() show) -- followed by
 * `capacity` value slots; slot i holds the value of the class's shared key
 * i. Only instances made by object.__new__ get one (at creation, like
 * 3.11's _PyObject_InitializeDict); others use a real dict from the first
 * attribute on. */
typedef struct InstValues {
    uint8_t capacity;
    uint8_t n;       /* live entries in order[] */
    uint8_t order[]; /* key indices, insertion order */
} InstValues;

static size_t values_prefix(int capacity) { return ((size_t)capacity + 2 + 7) & ~(size_t)7; }

static PhObject **values_slots(InstValues *v)
{
    return (PhObject **)((char *)v + values_prefix(v->capacity));
}

static inline PhObject **managed_pre(PhObject *o)
{
    return (PhObject **)((char *)o - PH_GC_HEAD_SIZE - PH_MANAGED_DICT_SIZE);
}
#define MANAGED_DICT(o) (managed_pre(o)[0])
#define MANAGED_VALUES(o) (*(InstValues **)&managed_pre(o)[1])

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
    PhObject **slots = values_slots(v);
    for (int i = 0; i < v->n; i++) {
        PhObject *x = slots[v->order[i]];
        slots[v->order[i]] = NULL;
        XDECREF(S, x);
    }
    heap_free(mem_of(S)->heap, v);
}

/* Gives a new instance of a class with shared keys its values block, sized
 * as 3.11 does: the keys' entries plus their remaining room, where every new
 * instance takes one from the room (down to 1), so a class's instances
 * settle on (attributes + 1) slots. */
static int values_init(PhState *S, PhObject *o)
{
    PhSharedKeys *k = keys_of(o);
    if (!k) return 0;
    if (k->usable > 1) k->usable--;
    int capacity = k->nkeys + k->usable;
    InstValues *v = heap_calloc(mem_of(S)->heap,
                                values_prefix(capacity) + (size_t)capacity * sizeof(PhObject *));
    if (!v) {
        err_no_memory(S);
        return -1;
    }
    v->capacity = (uint8_t)capacity;
    MANAGED_VALUES(o) = v;
    return 0;
}

/* Drops the inline values (or the dict) of an instance. */
void obj_managed_clear(PhState *S, PhObject *o)
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
            if (dict_setitem(S, d, k->names[ix], values_slots(v)[ix]) < 0) {
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
        if (d) return type_dict_lookup(S, d, name);
        InstValues *v = MANAGED_VALUES(o);
        if (!v) return NULL;
        PhSharedKeys *k = keys_of(o);
        int ix = k ? key_index(k, name) : -1;
        return ix >= 0 && ix < v->capacity ? values_slots(v)[ix] : NULL;
    }
    if (o->type->dictoffset > 0) return type_dict_lookup(S, *obj_dict_ptr(o), name);
    return NULL;
}

int obj_attr_missing(PhState *S, PhObject *o, PhObject *name)
{
    err_format(S, &S->exc.AttributeError, "'%s' object has no attribute '%U'", o->type->name, name);
    return -1;
}

/* Stores (v) or deletes (v NULL) an attribute in the inline values. Returns
 * 1 if done, 0 if the values cannot hold it (the dict must be used). */
static int values_store(PhState *S, PhObject *o, PhObject *name, PhObject *v)
{
    PhSharedKeys *k = keys_of(o);
    InstValues *vals = MANAGED_VALUES(o);
    if (!k || !vals || name->type != &S->types.str) return 0;
    int ix = key_index(k, name);
    if (ix < 0) {
        if (!v) return obj_attr_missing(S, o, name);
        if (k->usable <= 0 || k->nkeys >= vals->capacity) return 0; /* keys full: a dict */
        INCREF(name);
        ix = k->nkeys++;
        k->usable--;
        k->names[ix] = name;
    }
    if (ix >= vals->capacity) return 0;
    PhObject **slots = values_slots(vals);
    PhObject *old = slots[ix];
    if (v) {
        INCREF(v);
        slots[ix] = v;
        if (!old) vals->order[vals->n++] = (uint8_t)ix;
        XDECREF(S, old);
        return 1;
    }
    if (!old) return obj_attr_missing(S, o, name);
    for (int i = 0; i < vals->n; i++) {
        if (vals->order[i] == ix) {
            memmove(&vals->order[i], &vals->order[i + 1], (size_t)(vals->n - i - 1));
            vals->n--;
            break;
        }
    }
    slots[ix] = NULL;
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
        if (!v) return obj_attr_missing(S, o, name);
        if (!(*dp = dict_new(S))) return -1;
    }
    if (v) return dict_setitem(S, *dp, name, v) < 0 ? -1 : 1;
    if (dict_delitem(S, *dp, name) < 0) {
        if (err_matches(S, (PhObject *)&S->exc.KeyError)) {
            err_clear(S);
            return obj_attr_missing(S, o, name);
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
    if (!suppress) obj_attr_missing(S, o, name);
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
    return obj_attr_missing(S, o, name);
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
                           (descr_is_method(S, descr) &&
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

int subtype_traverse(PhObject *self, visitproc visit, void *arg)
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
            for (int i = 0; i < v->n; i++) VISIT(values_slots(v)[v->order[i]]);
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

int subtype_clear(PhState *S, PhObject *self)
{
    PhType *b = self->type;
    for (; b && b->clear == subtype_clear; b = b->base) clear_slots(S, b, self);
    if (has_managed_dict(self)) obj_managed_clear(S, self);
    if (b && b->clear) return b->clear(S, self);
    return 0;
}

void subtype_dealloc(PhState *S, PhObject *self)
{
    PhType *t = self->type;
    gc_untrack(self);
    PhType *b = t;
    for (; b && b->dealloc == subtype_dealloc; b = b->base) clear_slots(S, b, self);
    if (has_managed_dict(self)) obj_managed_clear(S, self);
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
    PhObject *o = obj_generic_alloc(S, t);
    if (o && (t->flags & TPFLAG_MANAGED_DICT) && values_init(S, o) < 0) CLEAR(S, o);
    return o;
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

int64_t obj_hash_unhashable(PhState *S, PhObject *o)
{
    err_format(S, &S->exc.TypeError, "unhashable type: '%s'", o->type->name);
    return -1;
}

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
    if (has_managed_dict(self) && !MANAGED_DICT(self) && MANAGED_VALUES(self) &&
        !materialize_dict(S, self))
        return -1;
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

int type_dict_set_default(PhState *S, PhObject *d, PhObject *key, PhObject *v)
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
        int rc = type_dict_set_default(S, t->dict, ID(S, __new__), f);
        DECREF(S, f);
        if (rc < 0) return -1;
    }
    if (base) {
        inherit_slots(t, base);
        if (inherit_tables(S, t, base) < 0) return -1;
    }
    if ((!t->hash || t->hash == obj_hash_unhashable) &&
        type_dict_set_default(S, t->dict, ID(S, __hash__), PH_NONE(S)) < 0)
        return -1;
    if (type_dict_set_default(S, t->dict, ID(S, __doc__), PH_NONE(S)) < 0) return -1;
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
        PhObject *m = type_dict_lookup(S, t->dict, ID(S, __module__));
        if (!m) return err_format(S, &S->exc.AttributeError, "__module__");
        INCREF(m);
        return m;
    }
    const char *dot = strrchr(t->name, '.');
    if (dot) return str_from_utf8(S, t->name, (size_t)(dot - t->name));
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
    PhObject *d = type_dict_lookup(S, t->dict, ID(S, __doc__));
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
    /* 3.11 reports a managed dict as sitting 3 words before the end of the
     * object (tp_dictoffset = -(basicsize + 24)). */
    return int_from_i64(S, (t->flags & TPFLAG_MANAGED_DICT) ? -(t->basicsize + 24) : t->dictoffset);
}

static PhObject *type_get_weakrefoffset(PhState *S, PhObject *self)
{
    return int_from_i64(S, ((PhType *)self)->weaklistoffset);
}

static PhObject *type_get_annotations(PhState *S, PhObject *self)
{
    PhType *t = (PhType *)self;
    PhObject *a = type_dict_lookup(S, t->dict, ID(S, __annotations__));
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

static const PhNumberMethods type_as_number = {.or_ = type_or};

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
    .as_number = &type_as_number,
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
    descr_init_private_types(S);
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
    if (genericalias_init(S) < 0 || type_ready(S, &R->wrapper_descr.type) < 0 ||
        type_ready(S, &R->method_wrapper.type) < 0)
        return -1;
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
    genericalias_fini(S);
    type_unready(S, &R->wrapper_descr.type);
    type_unready(S, &R->method_wrapper.type);
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
