/* Type objects, user-defined classes, instances with a managed dict, and
 * the interned identifiers every layer uses for dunder lookups.
 *
 * Builtin types live in the state (S->types.*, S->exc.*) and are made usable
 * by type_ready() during runtime_init: it fills bases, MRO and the type's
 * dict (method descriptors, getsets, slot wrappers such as int.__add__).
 * Classes created by `class` statements are heap types: GC objects allocated
 * with obj_alloc, laid out as PhHeapType below.
 */
#ifndef PH_OBJECTS_TYPEOBJECT_H
#define PH_OBJECTS_TYPEOBJECT_H

#include "mem/gc.h"
#include "mem/object.h"

#include <stdbool.h>
#include <stdint.h>

/* ---- interned identifiers ------------------------------------------------------
 * One interned str per name, created once in runtime_init and kept until
 * runtime_fini: lookups on hot paths never build strings. Use ID(S, __init__). */
#define PH_IDENTIFIERS(X)                                                                   \
    X(__abs__) X(__add__) X(__and__) X(__annotations__) X(__bases__) X(__bool__)            \
    X(__build_class__) X(__call__) X(__cause__) X(__class__) X(__class_getitem__)          \
    X(__classcell__) X(__contains__) X(__context__) X(__del__) X(__delattr__)              \
    X(__delete__) X(__delitem__) X(__dict__) X(__divmod__) X(__doc__) X(__enter__)         \
    X(__eq__) X(__exit__) X(__float__) X(__floordiv__) X(__format__) X(__ge__) X(__get__)  \
    X(__getattr__) X(__getattribute__) X(__getitem__) X(__gt__) X(__hash__) X(__iadd__)    \
    X(__iand__) X(__ifloordiv__) X(__ilshift__) X(__imatmul__) X(__imod__) X(__imul__)     \
    X(__index__) X(__init__) X(__isabstractmethod__) X(__init_subclass__) X(__int__) X(__invert__) X(__ior__)      \
    X(__ipow__) X(__irshift__) X(__isub__) X(__iter__) X(__itruediv__) X(__ixor__)         \
    X(__le__) X(__len__) X(__length_hint__) X(__lshift__) X(__lt__) X(__main__)           \
    X(__matmul__) X(__missing__) X(__mod__) X(__module__) X(__mro__) X(__mul__)           \
    X(__name__) X(__ne__) X(__neg__) X(__new__) X(__next__) X(__notes__) X(__or__)        \
    X(__pos__) X(__file__) X(__builtins__) X(__package__) X(__loader__) X(__spec__) X(__import__) X(__all__) X(__debug__) X(__pow__) X(__prepare__) X(__qualname__) X(__radd__) X(__rand__) X(__rdivmod__)           \
    X(__repr__) X(__reversed__) X(__rfloordiv__) X(__rlshift__) X(__rmatmul__)             \
    X(__rmod__) X(__rmul__) X(__ror__) X(__round__) X(__rpow__) X(__rrshift__)             \
    X(__rshift__) X(__rsub__) X(__rtruediv__) X(__rxor__) X(__set__) X(__set_name__)       \
    X(__setattr__) X(__setitem__) X(__sizeof__) X(__slots__) X(__str__) X(__sub__)         \
    X(__suppress_context__) X(__traceback__) X(__truediv__) X(__trunc__) X(__weakref__)    \
    X(__xor__) X(args) X(builtins) X(code) X(errno) X(filename) X(end_lineno)              \
    X(end_offset) X(lineno) X(msg) X(mro) X(offset) X(strerror) X(text) X(value)           \
    X(write) X(flush) X(tracebacklimit) X(send) X(throw) X(close) X(keys) X(items) X(values) X(readline) X(read) X(stdout) X(stderr) X(stdin) X(__reduce__) X(__reduce_ex__) X(encoding) X(reason) X(object) X(start) X(end) X(print_file_and_line)

#define PH_DECLARE_ID(name) PhObject *name;
typedef struct PhIds {
    PH_IDENTIFIERS(PH_DECLARE_ID)
} PhIds;
#undef PH_DECLARE_ID

/* Object-model state hung from S->ids (created in runtime_init). */
#define TYPE_CACHE_SIZE 4096 /* attribute lookup cache entries (power of 2) */
/* An entry is valid while its epoch equals the runtime's: any change to
 * any type's dict (or a type's death) starts a new epoch, so no entry can
 * outlive what it points to. Pointers are borrowed. */
typedef struct PhTypeCacheEntry {
    uint64_t epoch;
    PhType *type;
    PhObject *name;    /* interned str */
    PhObject *value;   /* result of type_lookup, may be NULL */
} PhTypeCacheEntry;
typedef struct PhRuntime {
    PhIds ids;
    PhObject *memory_error;  /* preallocated MemoryError instance */
    uint64_t epoch;          /* attribute cache generation, starts at 1 */
    struct MergedTables *merged; /* slot tables completed from bases (typeobject.c) */
    /* types.GenericAlias and types.UnionType (genericalias.c): static-like
     * types kept here; the zeroed pad stands where a GC header would be. */
    struct { GcHead pad; PhType type; } generic_alias, union_type;
    /* wrapper_descriptor and method-wrapper (descr.c), kept the same way. */
    struct { GcHead pad; PhType type; } wrapper_descr, method_wrapper;
    PhTypeCacheEntry cache[TYPE_CACHE_SIZE];
} PhRuntime;

/* Borrowed interned str for an identifier: ID(S, __init__). */
#define ID(S, name) (((PhRuntime *)(S)->ids)->ids.name)
#define RUNTIME(S) ((PhRuntime *)(S)->ids)

/* ---- heap types ------------------------------------------------------------------ */

/* Per-class table of attribute names shared by every instance's inline
 * values (CPython 3.11's shared keys): append-only, at most
 * TYPE_SHARED_KEYS_MAX names. Index i of an instance's values array holds
 * the value of keys->names[i]. */
#define TYPE_SHARED_KEYS_MAX 30
typedef struct PhSharedKeys {
    int nkeys;
    int usable; /* room left (3.11's dk_usable): new keys and new instances take from it */
    PhObject *names[TYPE_SHARED_KEYS_MAX]; /* interned str, owned */
} PhSharedKeys;

/* A class made by a `class` statement or type(name, bases, dict). The
 * PhType comes first so a PhHeapType* is a PhType*. The slot tables live
 * here because PhType points at them. */
typedef struct PhHeapType {
    PhType type;
    PhNumberMethods as_number;
    PhSequenceMethods as_sequence;
    PhMappingMethods as_mapping;
    PhObject *name;        /* str: __name__ (type.name points at its UTF-8) */
    char *name_utf8;       /* heap copy of name for type.name when not ASCII */
    PhObject *slots;       /* tuple of __slots__ names, or NULL */
    PhSharedKeys *keys;    /* shared keys for instances' inline values, or NULL */
} PhHeapType;

static inline bool type_is_heap(const PhType *t) { return (t->flags & TPFLAG_HEAPTYPE) != 0; }

/* Readies a builtin type in the state: bases, MRO, the type dict (methods,
 * getsets, slot wrappers, __doc__). Idempotent. -1 on error. */
int type_ready(PhState *S, PhType *t);

/* builtins.__build_class__(func, name, *bases, **kwds): vectorcall form, so
 * it can sit in a PhMethodDef (callable is the builtin function object). */
PhObject *type_build_class(PhState *S, PhObject *callable, PhObject *const *args, size_t nargs,
                           PhObject *kwnames);
/* type(name, bases, dict): creates a heap type. */
PhObject *type_new_class(PhState *S, PhType *meta, PhObject *name, PhObject *bases,
                         PhObject *dict);

/* __name__ as a new str reference. */
PhObject *type_name_obj(PhState *S, PhType *t);
/* __qualname__ (new reference). */
PhObject *type_qualname(PhState *S, PhType *t);
/* __module__ as a borrowed str, or NULL for builtins. */
PhObject *type_module_name(PhState *S, PhType *t);
/* Calling a type: t.__new__ then t.__init__ (the type's call slot). */
PhObject *type_call(PhState *S, PhObject *type, PhObject *const *args, size_t nargs,
                    PhObject *kwnames);
/* Has the type's dict changed? Bump so attribute caches notice. */
void type_modified(PhType *t);
/* Recomputes the slots of a heap type after `name` was set/deleted in its dict. */
int type_update_slot(PhState *S, PhType *t, PhObject *name);

/* ---- instances -------------------------------------------------------------------- */

/* object.__new__ for type t (generic instance allocation). */
PhObject *obj_generic_alloc(PhState *S, PhType *t);
/* The instance's __dict__, materialised from inline values if needed
 * (new reference), or NULL with AttributeError when it has none. */
PhObject *obj_get_dict(PhState *S, PhObject *o);
/* Address of the dict slot (managed pre-header or dictoffset), or NULL. */
PhObject **obj_dict_ptr(PhObject *o);
/* Does o have instance attributes storage (managed dict or dictoffset)? */
bool obj_has_dict_storage(const PhObject *o);

/* object.__repr__: <__main__.C object at 0x...> */
PhObject *obj_default_repr(PhState *S, PhObject *o);

/* Module name for a qualified type name (`__main__.C`, or just `C` for builtins). */
PhObject *type_full_name(PhState *S, PhType *t);

/* The zero-argument super() needs the calling frame: provided for the VM. */
PhObject *super_new_from_frame(PhState *S);

/* ---- attribute lookup helpers (beyond abstract.h) ---------------------------------- */

/* The state a type lives in (every metatype chain ends at S->types.type). */
PhState *type_state(const PhType *t);
/* type_lookup with the state at hand: cached for interned names; the
 * result is borrowed and valid until the next change to any type dict. */
PhObject *type_lookup_in(PhState *S, PhType *t, PhObject *name);
/* obj_generic_getattr that returns NULL without an exception when the
 * attribute is missing (other errors stay set). */
PhObject *obj_generic_getattr_suppress(PhState *S, PhObject *o, PhObject *name);
/* The VM's LOAD_METHOD: sets *method (new reference). Returns 1 when
 * *method is an unbound function or method descriptor to be called with o
 * prepended, 0 when it is an ordinary attribute value (or NULL on error). */
int obj_get_method(PhState *S, PhObject *o, PhObject *name, PhObject **method);
/* o.name(*args) with an interned name. */
PhObject *obj_call_method_id(PhState *S, PhObject *o, PhObject *name, PhObject *const *args,
                             size_t nargs);
/* iter(o), or NULL with no exception when o is not iterable. */
PhObject *obj_iter_or_null(PhState *S, PhObject *o);
/* C3 MRO of t for the given bases (new tuple). */
PhObject *type_compute_mro(PhState *S, PhType *t, PhObject *bases);
/* type.__new__(meta, name, bases, ns) with __init_subclass__ keywords (kwds
 * may be NULL). */
PhObject *type_new_impl(PhState *S, PhType *meta, PhObject *name, PhObject *bases, PhObject *ns,
                        PhObject *kwds);
/* object.__new__ / object.__init__ (compared by address in argument checks). */
PhObject *object_new(PhState *S, PhType *t, PhObject *const *args, size_t nargs,
                     PhObject *kwnames);
int object_init(PhState *S, PhObject *self, PhObject *const *args, size_t nargs,
                PhObject *kwnames);
/* ---- types.GenericAlias / types.UnionType (genericalias.c) ----------------------- */
int genericalias_init(PhState *S); /* called by runtime_init */
void genericalias_fini(PhState *S);
PhObject *genericalias_new(PhState *S, PhObject *origin, PhObject *args); /* list[int] */
bool genericalias_check(PhState *S, PhObject *o);
bool union_check(PhState *S, PhObject *o);
/* type.__or__: int | None (NotImplemented for operands that cannot form a union). */
PhObject *type_or(PhState *S, PhObject *a, PhObject *b);
/* isinstance/issubclass against a union or a generic alias (*handled false otherwise). */
int union_instancecheck(PhState *S, PhObject *o, PhObject *cls, bool subclass, bool *handled);

/* CPython's PyObject_HashNotImplemented: a type whose instances are
 * unhashable may use this as its hash slot (or leave hash NULL with a
 * richcompare): type_ready then shows `__hash__ = None` in its dict, and
 * hash() raises "unhashable type: 'X'". */
int64_t obj_hash_unhashable(PhState *S, PhObject *o);

/* CPython's pointer hash (object.__hash__, id-based hashes). */
int64_t obj_identity_hash(const void *p);

#endif
