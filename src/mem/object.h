/* The object header, type descriptors and reference counting.
 *
 * Layout follows CPython 3.11 so that sizes (sys.getsizeof) agree:
 *
 *   [managed-dict pre-header, 16 B]   only for types with TPFLAG_MANAGED_DICT
 *   [GC header, 16 B]                 only for types with TPFLAG_HAVE_GC
 *   PhObject  { refcnt, type }        16 B; every object pointer points here
 *   ... type-specific fields
 *
 * Invariants:
 *   - refcnt counts every owned reference. When it reaches zero the object is
 *     finalized (at most once, for GC types) and deallocated at once, through
 *     obj_dealloc(), which bounds C-stack depth with a trashcan.
 *   - An object of a GC type is tracked by the collector only while it is
 *     fully initialised; its type's traverse must visit every reference it owns.
 */
#ifndef PH_MEM_OBJECT_H
#define PH_MEM_OBJECT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

typedef struct PhState PhState;
typedef struct PhType PhType;

typedef struct PhObject {
    ssize_t refcnt;
    PhType *type;
} PhObject;

typedef struct PhVarObject {
    PhObject ob;
    ssize_t size; /* number of items; meaning is per type */
} PhVarObject;

/* Slot signatures. Every slot that may free memory or run code takes the
 * interpreter state: pyheap has no mutable globals. */
typedef int (*visitproc)(PhObject *child, void *arg);
typedef int (*traverseproc)(PhObject *self, visitproc visit, void *arg);
typedef void (*destructor)(PhState *S, PhObject *self);
typedef int (*inquiry)(PhState *S, PhObject *self);

/* Type flags: the bit values are CPython's where CPython has the flag. */
#define TPFLAG_MANAGED_DICT (1UL << 4)  /* 16-byte pre-header (dict, values) */
#define TPFLAG_HEAPTYPE (1UL << 9)      /* instances own a reference to the type */
#define TPFLAG_HAVE_GC (1UL << 14)      /* 16-byte GC header; traverse required */
#define TPFLAG_BASETYPE (1UL << 10)    /* may be subclassed */
/* Fast subclass checks, CPython's bits. */
#define TPFLAG_LONG_SUBCLASS (1UL << 24)
#define TPFLAG_LIST_SUBCLASS (1UL << 25)
#define TPFLAG_TUPLE_SUBCLASS (1UL << 26)
#define TPFLAG_BYTES_SUBCLASS (1UL << 27)
#define TPFLAG_UNICODE_SUBCLASS (1UL << 28)
#define TPFLAG_DICT_SUBCLASS (1UL << 29)
#define TPFLAG_BASE_EXC_SUBCLASS (1UL << 30)
#define TPFLAG_TYPE_SUBCLASS (1UL << 31)
/* pyheap's own flags live above bit 32 (unsigned long is 64-bit here). */
#define TPFLAG_UNTRACK_FULL_ONLY (1UL << 40) /* maybe_untrack only in full collections (dict) */
#define TPFLAG_STATIC_TYPE (1UL << 41)       /* a builtin type living in the state */


/* Interpreter-level slot signatures (the memory system never calls these).
 * Conventions: a function returning PhObject* returns a new reference, or
 * NULL with an exception set; int-returning ones return -1 on error. */
typedef PhObject *(*unaryfunc)(PhState *S, PhObject *a);
typedef PhObject *(*binaryfunc)(PhState *S, PhObject *a, PhObject *b);
typedef PhObject *(*ternaryfunc)(PhState *S, PhObject *a, PhObject *b, PhObject *c);
typedef int64_t (*hashfunc)(PhState *S, PhObject *a); /* -1: error */
typedef PhObject *(*richcmpfunc)(PhState *S, PhObject *a, PhObject *b, int op);
typedef PhObject *(*getattrofunc)(PhState *S, PhObject *o, PhObject *name);
typedef int (*setattrofunc)(PhState *S, PhObject *o, PhObject *name, PhObject *v); /* v NULL: delete */
/* Vectorcall: args[0..nargs) positional, then one value per name in kwnames
 * (a tuple of str, or NULL). Arguments are borrowed. */
typedef PhObject *(*vectorcallfunc)(PhState *S, PhObject *callable, PhObject *const *args,
                                    size_t nargs, PhObject *kwnames);
typedef PhObject *(*newfunc)(PhState *S, PhType *t, PhObject *const *args, size_t nargs,
                             PhObject *kwnames);
typedef int (*initproc)(PhState *S, PhObject *self, PhObject *const *args, size_t nargs,
                        PhObject *kwnames);
typedef PhObject *(*iternextfunc)(PhState *S, PhObject *it); /* NULL, no error: exhausted */
typedef PhObject *(*descrgetfunc)(PhState *S, PhObject *descr, PhObject *obj, PhObject *type);
typedef int (*descrsetfunc)(PhState *S, PhObject *descr, PhObject *obj, PhObject *v);
typedef ssize_t (*lenfunc)(PhState *S, PhObject *o);                 /* -1: error */
typedef PhObject *(*ssizeargfunc)(PhState *S, PhObject *o, ssize_t i);
typedef int (*objobjproc)(PhState *S, PhObject *o, PhObject *key);  /* 1, 0, -1 */
typedef int (*objobjargproc)(PhState *S, PhObject *o, PhObject *k, PhObject *v); /* v NULL: del */

/* Rich comparison operators, CPython's numbering. */
enum { CMP_LT = 0, CMP_LE = 1, CMP_EQ = 2, CMP_NE = 3, CMP_GT = 4, CMP_GE = 5 };

typedef struct PhNumberMethods {
    binaryfunc add, sub, mul, truediv, floordiv, mod, divmod, lshift, rshift, and_, or_,
        xor_, matmul;
    ternaryfunc pow;
    binaryfunc iadd, isub, imul, itruediv, ifloordiv, imod, ilshift, irshift, iand, ior,
        ixor, imatmul;
    ternaryfunc ipow;
    unaryfunc neg, pos, abs, invert, int_, float_, index;
    inquiry bool_; /* 1 true, 0 false, -1 error */
} PhNumberMethods;

typedef struct PhSequenceMethods {
    lenfunc len;
    binaryfunc concat;
    ssizeargfunc repeat;
    ssizeargfunc item; /* fast path for an int index (negative already fixed) */
    objobjproc contains;
    binaryfunc inplace_concat;
    ssizeargfunc inplace_repeat;
} PhSequenceMethods;

typedef struct PhMappingMethods {
    lenfunc len;
    binaryfunc subscript;
    objobjargproc ass_subscript;
} PhMappingMethods;

/* A C function exposed as a method or builtin. flags: METH_*. */
typedef struct PhMethodDef {
    const char *name;
    vectorcallfunc fn; /* for methods, args[0] is self */
    int flags;
    const char *doc;
} PhMethodDef;
#define METH_DEFAULT 0
#define METH_CLASS 1  /* args[0] is the type (classmethod) */
#define METH_STATIC 2 /* no self */

/* A C-level attribute (getset descriptor). */
typedef struct PhGetSetDef {
    const char *name;
    PhObject *(*get)(PhState *S, PhObject *self);
    int (*set)(PhState *S, PhObject *self, PhObject *v); /* NULL: read-only */
} PhGetSetDef;

/* Per-type allocation counters, kept by the single allocation entry point. */
typedef struct PhTypeStats {
    uint64_t allocs;     /* objects ever allocated */
    uint64_t frees;      /* objects ever freed */
    uint64_t live_bytes; /* heap bytes (block sizes) held by live objects */
} PhTypeStats;

/* A type. The memory system uses only the first group of fields. */
struct PhType {
    PhVarObject ob;
    const char *name;
    ssize_t basicsize; /* bytes of the object from PhObject on, without headers */
    ssize_t itemsize;  /* bytes per item for variable-size objects, else 0 */
    unsigned long flags;

    destructor dealloc;    /* releases references and memory; required */
    traverseproc traverse; /* required for TPFLAG_HAVE_GC */
    inquiry clear;         /* breaks the references a cycle may run through */
    destructor finalize;   /* PEP 442 finalizer (__del__): runs at most once */
    destructor legacy_del; /* pre-PEP 442 tp_del: a cycle holding one is uncollectable */
    /* Lazy untracking (tuples every collection; with TPFLAG_UNTRACK_FULL_ONLY,
     * dicts only in full collections): returns 1 if it untracked self. */
    int (*maybe_untrack)(PhObject *self);
    PhTypeStats stats;

    /* ---- interpreter level ---- */
    unaryfunc repr, str;
    hashfunc hash;
    richcmpfunc richcompare;
    getattrofunc getattro;
    setattrofunc setattro;
    vectorcallfunc call;
    unaryfunc iter;
    iternextfunc iternext;
    descrgetfunc descr_get;
    descrsetfunc descr_set;
    newfunc new_;
    initproc init;
    const PhNumberMethods *as_number;
    const PhSequenceMethods *as_sequence;
    const PhMappingMethods *as_mapping;
    const PhMethodDef *methods;  /* NULL-terminated; turned into descriptors in dict */
    const PhGetSetDef *getsets;  /* NULL-terminated */

    PhType *base;       /* single base (NULL for object) */
    PhObject *bases;    /* tuple */
    PhObject *mro;      /* tuple, self first */
    PhObject *dict;     /* the type's namespace (a dict) */
    PhObject *qualname; /* str, heap types */
    PhObject *module;   /* str or NULL */
    ssize_t dictoffset; /* >0: offset of a PhObject* __dict__ slot (non-managed) */
    ssize_t weaklistoffset;
    uint64_t version;   /* bumped when the type's dict changes (attribute caches) */
    void *heap_ext;     /* heap types: extra data owned by the class machinery */
};

/* ---- header arithmetic ---------------------------------------------------- */

#define PH_GC_HEAD_SIZE 16
#define PH_MANAGED_DICT_SIZE 16

static inline bool type_is_gc(const PhType *t) { return (t->flags & TPFLAG_HAVE_GC) != 0; }
/* Is this object managed by the collector (a GC header in front of it)?
 * As CPython's tp_is_gc for `type`: instances of GC types are, except the
 * builtin types themselves, which live in the state without a GC header. */
static inline bool obj_is_gc(const PhObject *o)
{
    const PhType *t = o->type;
    if (!type_is_gc(t)) return false;
    return !(t->flags & TPFLAG_TYPE_SUBCLASS) || !(((const PhType *)o)->flags & TPFLAG_STATIC_TYPE);
}

/* Bytes placed in front of the object (CPython's _PyType_PreHeaderSize). */
static inline size_t type_preheader_size(const PhType *t)
{
    return (type_is_gc(t) ? PH_GC_HEAD_SIZE : 0) +
           ((t->flags & TPFLAG_MANAGED_DICT) ? PH_MANAGED_DICT_SIZE : 0);
}

/* ---- reference counting --------------------------------------------------- */

/* Out of line: finalizer, deallocation, trashcan. Called only at zero. */
void obj_dealloc(PhState *S, PhObject *o);

static inline void obj_incref(PhObject *o) { o->refcnt++; }
static inline void obj_xincref(PhObject *o)
{
    if (o) o->refcnt++;
}
static inline void obj_decref(PhState *S, PhObject *o)
{
    if (--o->refcnt == 0) obj_dealloc(S, o);
}
static inline void obj_xdecref(PhState *S, PhObject *o)
{
    if (o && --o->refcnt == 0) obj_dealloc(S, o);
}

#define INCREF(o) obj_incref((PhObject *)(o))
#define XINCREF(o) obj_xincref((PhObject *)(o))
#define DECREF(S, o) obj_decref((S), (PhObject *)(o))
#define XDECREF(S, o) obj_xdecref((S), (PhObject *)(o))
/* Drop the reference held in *slot and set the slot to NULL first, so that
 * code run by a deallocation never sees a dangling pointer. */
#define CLEAR(S, slot)                                                         \
    do {                                                                       \
        PhObject *clear_tmp_ = (PhObject *)(slot);                             \
        if (clear_tmp_) {                                                      \
            (slot) = NULL;                                                     \
            obj_decref((S), clear_tmp_);                                       \
        }                                                                      \
    } while (0)
#define VISIT(o)                                                               \
    do {                                                                       \
        if (o) {                                                               \
            int visit_rc_ = visit((PhObject *)(o), arg);                       \
            if (visit_rc_) return visit_rc_;                                   \
        }                                                                      \
    } while (0)

/* ---- allocation: the single entry point ------------------------------------ */

/* Allocates an object of `nbytes` (from PhObject on; headers are added from
 * the type's flags), sets refcnt = 1 and type, zeroes nothing else except the
 * pre-header. GC objects come back untracked (see gc.h). NULL when memory
 * cannot be had; the caller raises MemoryError. */
PhObject *obj_alloc(PhState *S, PhType *t, size_t nbytes);
/* Returns an object's memory to the heap; the object must be dead (its type's
 * dealloc calls this last). */
void obj_free(PhState *S, PhObject *o);
/* Changes the size of a live object's block to `nbytes` (from PhObject on,
 * as for obj_alloc; the pre-headers are kept in front) and returns the
 * object's address, which may have moved: the caller must replace every
 * pointer it holds, and nobody else may hold one (CPython's resize_compact
 * and _PyObject_GC_Resize have the same rule: the object has refcnt 1 and is
 * not shared). Contents up to the smaller size are kept. NULL when memory
 * cannot be had; the object is then untouched and the caller raises
 * MemoryError.
 *   - A GC object must be untracked (its list neighbours would point at the
 *     old block): a tracked one is refused (NULL). Track it again after.
 *   - Statistics: the type's live_bytes follows the block's size; allocs,
 *     frees and the live-object count do not change (one object before and
 *     after), and no EV_ALLOC / EV_FREE is emitted. Inspectors follow
 *     objects by address, so a caller that may move an object while an
 *     event hook is set (mem_of(S)->hook) must not use this (str's
 *     `s += t` copies then instead). */
PhObject *obj_resize(PhState *S, PhObject *o, size_t nbytes);

/* Counts a freed object of `size` heap bytes in its type's statistics. The
 * empty asm keeps the compiler from merging the two updates into one
 * 16-byte load and store (frees and live_bytes are adjacent): that load
 * would straddle the 8-byte store the latest allocation of the type made to
 * live_bytes, store forwarding would fail, and every free would stall. */
static inline void type_stats_count_free(PhType *t, size_t size)
{
    t->stats.live_bytes -= size;
    __asm__ volatile("" ::: "memory");
    t->stats.frees++;
}

/* Size in bytes CPython would report for a fixed-size or var-size object. */
static inline size_t type_object_size(const PhType *t, ssize_t nitems)
{
    return (size_t)t->basicsize + (size_t)t->itemsize * (size_t)(nitems > 0 ? nitems : 0);
}

#endif
