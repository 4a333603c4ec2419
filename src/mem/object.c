/* Object allocation, deallocation at zero, finalizers and the trashcan. */
#include "mem.h"

#include <string.h>

/* ---- allocation ----------------------------------------------------------- */

PhObject *obj_alloc(PhState *S, PhType *t, size_t nbytes)
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
    if (M->hook) events_emit(S, &(PhEvent){.kind = EV_ALLOC, .obj = o, .size = size});
    return o;
}

static inline void *obj_block(PhObject *o) { return (char *)o - type_preheader_size(o->type); }

void obj_free(PhState *S, PhObject *o)
{
    PhMem *M = mem_of(S);
    PhType *t = o->type;
    void *block = obj_block(o);

    if (M->hook)
        events_emit(S, &(PhEvent){.kind = EV_FREE, .obj = o,
                                  .size = heap_usable_size(M->heap, block),
                                  .during_gc = M->gc.collecting});
    M->live_objects--;
    if (type_is_gc(t)) {
        /* As PyObject_GC_Del: a dealloc that forgot to untrack must not leave
         * the generation lists pointing at freed memory. */
        if (gc_is_tracked(o)) gc_untrack(o);
        gc_note_free(S);
    }
    size_t size = heap_free(M->heap, block);
    t->stats.frees++;
    t->stats.live_bytes -= size;
    /* Instances of heap types own a reference to their type (CPython 3.8+);
     * drop it last, since freeing the type may free the block's type name. */
    if (t->flags & TPFLAG_HEAPTYPE) obj_decref(S, (PhObject *)t);
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

void obj_dealloc(PhState *S, PhObject *o)
{
    PhMem *M = mem_of(S);
    if (finalize_from_dealloc(S, o)) return;

    if (M->dealloc_depth >= MEM_TRASH_DEPTH_LIMIT && obj_is_gc(o)) {
        trash_push(M, o);
        return;
    }
    M->dealloc_depth++;
    o->type->dealloc(S, o);
    M->dealloc_depth--;

    /* Only the outermost deallocation drains the queue, so the C stack stays
     * bounded by MEM_TRASH_DEPTH_LIMIT nested deallocations. */
    if (M->dealloc_depth == 0) {
        while (M->trash) {
            PhObject *next = trash_pop(M);
            M->dealloc_depth++;
            next->type->dealloc(S, next);
            M->dealloc_depth--;
        }
    }
}
