/* Object allocation, deallocation at zero, finalizers and the trashcan. */
#include "mem.h"

#include "heap_internal.h"

#include <string.h>

/* ---- allocation ----------------------------------------------------------- */

/* The listener paths are kept out of line so the common path (no listener)
 * needs no event record on the stack and fewer saved registers. */
static __attribute__((noinline, cold)) void emit_alloc(PhState *S, PhObject *o, size_t size)
{
    events_emit(S, &(PhEvent){.kind = EV_ALLOC, .obj = o, .size = size});
}

static __attribute__((noinline, cold)) void emit_free(PhState *S, PhObject *o, void *block)
{
    PhMem *M = mem_of(S);
    events_emit(S, &(PhEvent){.kind = EV_FREE, .obj = o,
                              .size = heap_usable_size(M->heap, block),
                              .during_gc = M->gc.collecting});
}

/* gc_note_free, inline. */
static inline void note_container_free(PhState *S)
{
    GcGeneration *g0 = &mem_of(S)->gc.gens[0];
    if (g0->count > 0) g0->count--;
}

/* The general allocation path: any type, any heap or collector state, a
 * listener or not. */
static __attribute__((noinline)) PhObject *alloc_general(PhState *S, PhType *t, size_t nbytes)
{
    PhMem *M = mem_of(S);
    size_t pre = type_preheader_size(t);
    bool gc = type_is_gc(t);

    /* A container allocation counts towards generation 0 and may run a
     * collection; it runs before the block exists, so it never sees it. */
    if (gc) gc_note_alloc(S);

    char *block = heap_alloc(M->heap, pre + nbytes);
    if (!block) {
        if (gc) gc_note_free(S);
        return NULL;
    }
    if (pre) memset(block, 0, pre); /* untracked GC head, empty dict slots */
    PhObject *o = (PhObject *)(block + pre);
    o->refcnt = 1;
    o->type = t;
    if (t->flags & TPFLAG_HEAPTYPE) obj_incref((PhObject *)t);

    size_t size = heap_block_size_for(pre + nbytes);
    t->stats.allocs++;
    t->stats.live_bytes += size;
    M->live_objects++;
    if (M->hook) emit_alloc(S, o, size);
    return o;
}

/* Types whose objects have no pre-header and hold no reference to their
 * type: int, float, str, ... */
#define OBJ_NOT_LEAF (TPFLAG_HAVE_GC | TPFLAG_MANAGED_DICT | TPFLAG_HEAPTYPE)

/* The common case is done here without a call, so it needs no stack frame:
 * no listener, no collection due (gc_note_alloc would only count), and a
 * block the heap can hand out on its fast path. Anything else starts over
 * in alloc_general, which does the same things in the same order. */
PhObject *obj_alloc(PhState *S, PhType *t, size_t nbytes)
{
    PhMem *M = mem_of(S);
    unsigned long flags = t->flags;
    GcGeneration *g0 = &M->gc.gens[0];

    if (__builtin_expect(M->hook != NULL, 0)) return alloc_general(S, t, nbytes);
    /* Leaves first, on a path short enough to need no saved registers: it
     * measurably beats sharing the containers' path. */
    if (!(flags & OBJ_NOT_LEAF)) {
        char *block = heap_try_alloc_fast(M->heap, nbytes);
        if (__builtin_expect(block == NULL, 0)) return alloc_general(S, t, nbytes);
        PhObject *o = (PhObject *)block;
        o->refcnt = 1;
        o->type = t;
        t->stats.allocs++;
        t->stats.live_bytes += heap_block_size_for(nbytes);
        M->live_objects++;
        return o;
    }
    if ((flags & TPFLAG_HAVE_GC) &&
        __builtin_expect(g0->count >= g0->threshold || M->gc.stress, 0))
        return alloc_general(S, t, nbytes);
    size_t pre = type_preheader_size(t);
    char *block = heap_try_alloc_fast(M->heap, pre + nbytes);
    if (__builtin_expect(block == NULL, 0)) return alloc_general(S, t, nbytes);

    if (flags & TPFLAG_HAVE_GC) g0->count++;
    /* Untracked GC head, empty dict slots: the pre-header is 0, 16 or 32
     * bytes, cleared with whole words. */
    for (size_t i = 0; i < pre; i += sizeof(uint64_t)) *(uint64_t *)(block + i) = 0;
    PhObject *o = (PhObject *)(block + pre);
    o->refcnt = 1;
    o->type = t;
    if (flags & TPFLAG_HEAPTYPE) obj_incref((PhObject *)t);
    t->stats.allocs++;
    t->stats.live_bytes += heap_block_size_for(pre + nbytes);
    M->live_objects++;
    return o;
}

static inline void *obj_block(PhObject *o) { return (char *)o - type_preheader_size(o->type); }

/* The general free path (see obj_free). */
static __attribute__((noinline)) void free_general(PhState *S, PhObject *o)
{
    PhMem *M = mem_of(S);
    PhType *t = o->type;
    void *block = obj_block(o);

    if (M->hook) emit_free(S, o, block);
    M->live_objects--;
    if (type_is_gc(t)) {
        /* As PyObject_GC_Del: a dealloc that forgot to untrack must not leave
         * the generation lists pointing at freed memory. */
        if (gc_is_tracked(o)) gc_untrack(o);
        gc_note_free(S);
    }
    size_t size = heap_free(M->heap, block);
    type_stats_count_free(t, size);
    /* Instances of heap types own a reference to their type (CPython 3.8+);
     * drop it last, since freeing the type may free the block's type name. */
    if (t->flags & TPFLAG_HEAPTYPE) obj_decref(S, (PhObject *)t);
}

/* As obj_alloc: the common case (no listener, an untracked object, a block
 * the heap takes back on its fast path) without a call; the rest in
 * free_general. */
void obj_free(PhState *S, PhObject *o)
{
    PhMem *M = mem_of(S);
    PhType *t = o->type;
    unsigned long flags = t->flags;

    if (__builtin_expect(M->hook != NULL, 0)) {
        free_general(S, o);
        return;
    }
    if (!(flags & OBJ_NOT_LEAF)) { /* as in obj_alloc */
        size_t size = heap_try_free_fast(M->heap, o);
        if (__builtin_expect(size == 0, 0)) {
            free_general(S, o);
            return;
        }
        M->live_objects--;
        type_stats_count_free(t, size);
        return;
    }
    if ((flags & TPFLAG_HAVE_GC) && __builtin_expect(gc_is_tracked(o), 0)) {
        free_general(S, o);
        return;
    }
    size_t size = heap_try_free_fast(M->heap, obj_block(o));
    if (__builtin_expect(size == 0, 0)) {
        free_general(S, o);
        return;
    }
    M->live_objects--;
    if (flags & TPFLAG_HAVE_GC) note_container_free(S);
    type_stats_count_free(t, size);
    if (flags & TPFLAG_HEAPTYPE) obj_decref(S, (PhObject *)t);
}

PhObject *obj_resize(PhState *S, PhObject *o, size_t nbytes)
{
    PhMem *M = mem_of(S);
    PhType *t = o->type;
    size_t pre = type_preheader_size(t);
    if (type_is_gc(t) && gc_is_tracked(o)) {
        /* A tracked object cannot move: its neighbours link to the old block.
         * Refusing is the safe answer to the caller's bug. */
        return NULL;
    }
    char *old_block = obj_block(o);
    size_t old_size = heap_usable_size(M->heap, old_block);
    char *block = heap_realloc(M->heap, old_block, pre + nbytes);
    if (!block) return NULL;
    /* Same object, another block: only the bytes it holds change. */
    t->stats.live_bytes = t->stats.live_bytes - old_size + heap_usable_size(M->heap, block);
    return (PhObject *)(block + pre);
}

/* ---- deallocation at zero -------------------------------------------------- */

/* Runs a PEP 442 finalizer from the zero path. Returns true if the object
 * was resurrected (a new reference was stored somewhere) and must live on.
 * The object is given a temporary reference while the finalizer runs so
 * that anything it does with `self` cannot re-enter deallocation. */
static bool finalize_from_dealloc(PhState *S, PhObject *o)
{
    PhType *t = o->type;
    if (!t->finalize) return false;
    if (type_is_gc(t)) {
        if (gc_is_finalized(o)) return false;
        gc_set_finalized(o);
    }
    o->refcnt = 1;
    t->finalize(S, o);
    if (--o->refcnt == 0) return false;
    return true; /* resurrected: the new owner will bring it back to zero */
}

/* Queue a GC object whose deallocation would nest too deep. The GC head is
 * free for this use: the object is untracked first, so next == 0 marks it
 * untracked for anyone who looks, and prev (flag bits kept clear of the
 * finalized bit) links the queue. */
static void trash_push(PhMem *M, PhObject *o)
{
    gc_untrack(o);
    GcHead *g = gc_head(o);
    g->prev = (g->prev & GC_PREV_FINALIZED) | (uintptr_t)M->trash;
    M->trash = o;
}

static PhObject *trash_pop(PhMem *M)
{
    PhObject *o = M->trash;
    GcHead *g = gc_head(o);
    M->trash = (PhObject *)(g->prev & GC_PREV_MASK);
    g->prev &= GC_PREV_FINALIZED;
    return o;
}

/* Frees the queued deallocations; only the outermost deallocation does it,
 * so the C stack stays bounded by MEM_TRASH_DEPTH_LIMIT nested ones. */
static __attribute__((noinline)) void trash_drain(PhState *S)
{
    PhMem *M = mem_of(S);
    while (M->trash) {
        PhObject *next = trash_pop(M);
        M->dealloc_depth++;
        next->type->dealloc(S, next);
        M->dealloc_depth--;
    }
}

/* Finalizer, trashcan and nesting count: everything but a leaf. */
static __attribute__((noinline)) void dealloc_general(PhState *S, PhObject *o)
{
    PhMem *M = mem_of(S);
    PhType *t = o->type;
    if (t->finalize) {
        if (finalize_from_dealloc(S, o)) return;
        t = o->type; /* __del__ may have assigned __class__ */
    }
    /* The trashcan defers only containers, so only they count nesting:
     * non-containers that own references can at most double the C depth
     * between two deferral points. */
    if (!(t->flags & TPFLAG_HAVE_GC)) {
        t->dealloc(S, o);
        return;
    }
    int depth = M->dealloc_depth;
    if (__builtin_expect(depth >= MEM_TRASH_DEPTH_LIMIT, 0)) {
        trash_push(M, o);
        return;
    }
    M->dealloc_depth = depth + 1;
    t->dealloc(S, o);
    M->dealloc_depth = depth;
    if (depth == 0 && __builtin_expect(M->trash != NULL, 0)) trash_drain(S);
}

void obj_dealloc(PhState *S, PhObject *o)
{
    PhType *t = o->type;
    /* A non-container without a finalizer (int, float, str, ...): its
     * dealloc is called directly, by a tail call. */
    if (__builtin_expect(t->finalize == NULL && !(t->flags & TPFLAG_HAVE_GC), 1)) {
        t->dealloc(S, o);
        return;
    }
    dealloc_general(S, o);
}
