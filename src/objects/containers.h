/* Internal to the container files (list, tuple, dict, set, range, slice,
 * iterobject, enumobject): the containers' part of the interpreter state
 * (freelists, the shared empty dict keys, the repr recursion guard) and small
 * helpers they share. Nothing outside those files should include this.
 *
 * Freelists and the collector's gen-0 count (CPython 3.11's rule): an object
 * put on a freelist does not go through obj_free, so gc_note_free is not
 * called and the count is not decremented; an object taken from a freelist
 * does not go through obj_alloc, so the count is not incremented either.
 * gen-0 count therefore stays "net GC allocations from the heap", exactly as
 * CPython's _PyObject_GC_Link / PyObject_GC_Del bookkeeping.
 */
#ifndef PH_OBJECTS_CONTAINERS_H
#define PH_OBJECTS_CONTAINERS_H

#include "mem/gc.h"
#include "mem/mem.h"
#include "objects/abstract.h"
#include "objects/dict.h"
#include "objects/int.h"
#include "objects/list.h"
#include "objects/set.h"
#include "objects/str.h"
#include "objects/tuple.h"
#include "vm/errors.h"
#include "vm/state.h"

#include <stdbool.h>
#include <stdint.h>
#include <string.h>

/* CPython 3.11's freelist sizes (Include/internal/pycore_*.h). */
#define TUPLE_MAXSAVESIZE 20   /* tuples of 1..20 items are kept */
#define TUPLE_MAXFREELIST 2000 /* per size */
#define LIST_MAXFREELIST 80
#define DICT_MAXFREELIST 80
#define DICTKEYS_MAXFREELIST 80 /* only 8-slot all-str keys objects */

typedef struct PhContainers {
    /* Dead exact tuples by size, linked through items[0]. */
    PhTuple *tuple_free[TUPLE_MAXSAVESIZE + 1];
    int tuple_numfree[TUPLE_MAXSAVESIZE + 1];
    /* Dead exact lists (item array already freed) and dicts. */
    PhList *list_free[LIST_MAXFREELIST];
    int list_numfree;
    PhDict *dict_free[DICT_MAXFREELIST];
    int dict_numfree;
    PhDictKeys *keys_free[DICTKEYS_MAXFREELIST];
    int keys_numfree;
    /* The keys object every empty dict shares (CPython's Py_EMPTY_KEYS): never
     * freed while the state lives, never counted in getsizeof. */
    PhDictKeys *empty_keys;
    uint64_t dict_version; /* last ma_version_tag handed out */
    PhObject *str_keys; /* interned "keys" (dict.update's mapping test) */
    /* One dead slice kept for reuse (3.11's interp->slice_cache). */
    PhObject *slice_cache;
    /* Containers whose repr is being built (Py_ReprEnter): borrowed. */
    PhObject **repr_stack;
    ssize_t repr_len, repr_cap;
} PhContainers;

static inline PhContainers *ctr_state(PhState *S) { return S->containers; }

/* ---- type tests -------------------------------------------------------------- */
static inline bool ctr_is_int(PhState *S, const PhObject *o)
{
    const PhType *t = o->type;
    return t == &S->types.int_ || t == &S->types.bool_ || (t->flags & TPFLAG_LONG_SUBCLASS);
}
static inline bool ctr_is_str_exact(PhState *S, const PhObject *o)
{
    return o->type == &S->types.str;
}
static inline bool ctr_is_list(PhState *S, const PhObject *o)
{
    return o->type == &S->types.list || (o->type->flags & TPFLAG_LIST_SUBCLASS);
}
static inline bool ctr_is_tuple(PhState *S, const PhObject *o)
{
    return o->type == &S->types.tuple || (o->type->flags & TPFLAG_TUPLE_SUBCLASS);
}
static inline bool ctr_is_dict(PhState *S, const PhObject *o)
{
    return o->type == &S->types.dict || (o->type->flags & TPFLAG_DICT_SUBCLASS);
}
bool ctr_is_anyset(PhState *S, const PhObject *o);

/* Hash with a fast path for exact str (whose hash is cached in the object). */
static inline int64_t ctr_hash(PhState *S, PhObject *o)
{
    if (o->type == &S->types.str) {
        int64_t h = ((PhStr *)o)->hash;
        return h != -1 ? h : str_hash(o);
    }
    return obj_hash(S, o);
}

/* Equality used by the hash tables and sequence searches: identity first. */
static inline int ctr_eq(PhState *S, PhObject *a, PhObject *b)
{
    if (a == b) return 1;
    return obj_richcompare_bool(S, a, b, CMP_EQ);
}

/* CPython's _PyObject_GC_MAY_BE_TRACKED: a GC object that is not an
 * untracked exact tuple. */
bool ctr_may_be_tracked(PhObject *o);

/* ---- allocation ---------------------------------------------------------------- */
/* Allocates an instance of a subclass t (basicsize from t), zeroes everything
 * after the header. NULL with MemoryError. */
PhObject *ctr_alloc_subtype(PhState *S, PhType *t);

/* ---- errors and argument checking (CPython's messages) ------------------------- */
/* KeyError(key): the key is the exception's single argument even if a tuple. */
void ctr_key_error(PhState *S, PhObject *key);
/* "unhashable type: 'list'": a hash slot for mutable containers. */
int64_t ctr_unhashable(PhState *S, PhObject *o);
/* Each returns 0 if the call is acceptable, -1 with TypeError otherwise.
 * nargs excludes self. */
int ctr_no_kwargs(PhState *S, const char *qualname, PhObject *kwnames); /* "list.pop() takes no keyword arguments" */
int ctr_noargs(PhState *S, const char *qualname, size_t nargs, PhObject *kwnames);
int ctr_onearg(PhState *S, const char *qualname, size_t nargs, PhObject *kwnames);
/* "name expected at least/at most/N argument(s), got M" */
int ctr_check_positional(PhState *S, const char *name, size_t nargs, size_t min, size_t max);
/* An int index (__index__), with IndexError "cannot fit 'int' into an
 * index-sized integer" on overflow like PyNumber_AsSsize_t(o, IndexError).
 * Returns -1 with *err set when it failed. */
ssize_t ctr_as_index(PhState *S, PhObject *o, bool *err);
/* PyNumber_AsSsize_t(o, OverflowError), as clinic's Py_ssize_t converter:
 * TypeError "'str' object cannot be interpreted as an integer", or
 * OverflowError "Python int too large to convert to C ssize_t". */
ssize_t ctr_as_ssize(PhState *S, PhObject *o, bool *err);
/* Does the object support __index__ (int or has as_number->index)? */
bool ctr_has_index(PhState *S, PhObject *o);

/* ---- repr --------------------------------------------------------------------- */
/* Py_ReprEnter/Py_ReprLeave: 1 if o's repr is already being built (the caller
 * prints "[...]"), 0 after registering o, -1 on MemoryError. */
int ctr_repr_enter(PhState *S, PhObject *o);
void ctr_repr_leave(PhState *S, PhObject *o);

/* repr of items[0..n) joined by ", " between open and close ("[", "]"). */
PhObject *ctr_repr_items(PhState *S, const char *open, PhObject *const *items, ssize_t n,
                         const char *close);

/* ---- iteration helpers ---------------------------------------------------------- */
/* operator.length_hint(o, dflt): __len__, then __length_hint__, then dflt.
 * -1 with an exception on error. */
ssize_t ctr_length_hint(PhState *S, PhObject *o, ssize_t dflt);
/* PhObject* iterator slot that returns self (iterators' __iter__). */
PhObject *ctr_self_iter(PhState *S, PhObject *o);
/* Is the current exception StopIteration? Clears it if so (true). */
bool ctr_clear_stop_iteration(PhState *S);

/* ---- sequences ------------------------------------------------------------------ */
/* Lexicographic ==/</... of two lists or two tuples (list.c). */
PhObject *ctr_seq_richcompare(PhState *S, PhObject *v, PhObject *w, int op);
/* index(value, start, stop)'s optional bounds, clamped as CPython does (tuple.c). */
int ctr_index_bounds(PhState *S, PhObject *const *args, size_t nargs, ssize_t len,
                     ssize_t *start, ssize_t *stop);

/* ---- cross-file internals ------------------------------------------------------- */
/* PySequence_Fast: v itself for an exact list or tuple, else list(v); a
 * TypeError from iter(v) becomes TypeError(msg) (list.c). */
PhObject *ctr_seq_fast(PhState *S, PhObject *v, const char *msg);
void dict_keys_freelist_clear(PhState *S);
PhDictKeys *dict_new_empty_keys(PhState *S);
void dict_free_empty_keys(PhState *S, PhDictKeys *k);
void slice_cache_clear(PhState *S);
/* dict internals used by set (building a set from a dict keeps the hashes). */
int dict_next_hash(PhObject *d, ssize_t *pos, PhObject **key, PhObject **value, int64_t *hash);
int dict_contains_hash(PhState *S, PhObject *d, PhObject *key, int64_t hash);
/* reversed(seq) for a sequence, without looking for __reversed__
 * (enumobject.c; used by range.__reversed__ for ranges of big ints). */
PhObject *reversed_of_sequence(PhState *S, PhObject *seq);
/* Internal set operations used by dict views. */
int set_update_internal(PhState *S, PhObject *set, PhObject *other);
/* Calls one of set's own C methods with one argument (views' set ops). */
PhObject *set_call_method(PhState *S, PhObject *set, const char *name, PhObject *arg);
int set_next_hash(PhObject *set, ssize_t *pos, PhObject **key, int64_t *hash);

#endif
