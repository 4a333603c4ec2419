/* The generational cyclic garbage collector (CPython 3.11's algorithm).
 *
 * Every container object carries a 16-byte GcHead in front of its PhObject.
 *
 *   next: 0 when the object is untracked; otherwise the next GcHead in its
 *         generation's circular list. During a collection, bit 0
 *         (GC_NEXT_UNREACHABLE) tags objects moved to the unreachable list.
 *   prev: bits 2..63 hold the previous GcHead, or during a collection the
 *         object's gc_refs; bit 0 = finalized (its finalizer has run, never
 *         cleared), bit 1 = collecting (in the generation being collected).
 *
 * Invariants: an untracked object is in no list and is never scanned; the
 * finalized bit, once set, stays set for the object's life.
 */
#ifndef PH_MEM_GC_H
#define PH_MEM_GC_H

#include "object.h"

#include <stdint.h>

typedef struct GcHead {
    uintptr_t next;
    uintptr_t prev;
} GcHead;

#define GC_NUM_GENERATIONS 3
#define GC_PREV_FINALIZED ((uintptr_t)1)
#define GC_PREV_COLLECTING ((uintptr_t)2)
#define GC_PREV_SHIFT 2
#define GC_PREV_MASK (~(uintptr_t)3)
#define GC_NEXT_UNREACHABLE ((uintptr_t)1)

/* Debug flags, CPython's values. */
#define GC_DEBUG_STATS 1
#define GC_DEBUG_COLLECTABLE 2
#define GC_DEBUG_UNCOLLECTABLE 4
#define GC_DEBUG_SAVEALL 32
#define GC_DEBUG_LEAK (GC_DEBUG_COLLECTABLE | GC_DEBUG_UNCOLLECTABLE | GC_DEBUG_SAVEALL)

typedef struct GcGeneration {
    GcHead head;   /* list sentinel */
    int threshold;
    int count;
} GcGeneration;

typedef struct GcGenStats {
    uint64_t collections;
    uint64_t collected;
    uint64_t uncollectable;
    uint64_t total_ns;   /* time spent in collections of this generation */
    uint64_t longest_ns; /* longest single pause */
} GcGenStats;

/* Result of one collection, passed to callbacks and event listeners. */
typedef struct GcResult {
    int generation;
    ssize_t examined;      /* objects in the generations scanned */
    ssize_t collected;     /* unreachable objects freed (m in CPython) */
    ssize_t uncollectable; /* n in CPython: held by legacy finalizers */
    ssize_t finalized;     /* finalizers run */
    uint64_t duration_ns;
} GcResult;

/* Called at "start" (result counts are 0) and "stop". The interpreter uses
 * this to run gc.callbacks; it must not free objects in the collected set
 * at "start". */
typedef void (*GcCallback)(PhState *S, int stop, const GcResult *r, void *ctx);

/* Hooks the collector needs from the object layer, set by the interpreter:
 *   save_garbage: append an object to gc.garbage (legacy finalizers,
 *   DEBUG_SAVEALL). NULL: such objects are kept in the old generation.
 *   clear_freelists: empty the object layer's freelists after a full
 *   collection. NULL: nothing to clear. */
typedef struct GcState {
    GcGeneration gens[GC_NUM_GENERATIONS];
    GcHead permanent; /* gc.freeze() */
    GcGenStats stats[GC_NUM_GENERATIONS];
    ssize_t long_lived_total;
    ssize_t long_lived_pending;
    int enabled;
    int debug;      /* GC_DEBUG_* */
    int collecting; /* re-entrancy guard */
    int stress;     /* collect at every container allocation */
    GcCallback callback;
    void *callback_ctx;
    int (*save_garbage)(PhState *S, PhObject *o); /* -> gc.garbage; 0 ok */
    void (*clear_freelists)(PhState *S); /* end of each generation-2 collection */
} GcState;

static inline GcHead *gc_head(PhObject *o) { return (GcHead *)o - 1; }
static inline PhObject *gc_object(GcHead *g) { return (PhObject *)(g + 1); }

static inline bool gc_is_tracked(PhObject *o) { return gc_head(o)->next != 0; }
static inline bool gc_is_finalized(PhObject *o)
{
    return (gc_head(o)->prev & GC_PREV_FINALIZED) != 0;
}
static inline void gc_set_finalized(PhObject *o) { gc_head(o)->prev |= GC_PREV_FINALIZED; }

void gc_init(PhState *S);
/* Frees what the collector still owns at shutdown (nothing, when the
 * interpreter released its roots and ran gc_collect_final). */
void gc_fini(PhState *S);

/* Link into generation 0. The object must be fully initialised. */
void gc_track(PhState *S, PhObject *o);
/* Unlink; a no-op for an untracked object. */
void gc_untrack(PhObject *o);

/* Called by obj_alloc/obj_free for GC types: the gen-0 count is net
 * container allocations, and an allocation may trigger a collection
 * (before the new object is tracked, so it is never seen half-built). */
void gc_note_alloc(PhState *S);
void gc_note_free(PhState *S);

/* gc.collect(generation): returns collected + uncollectable, or -1 if a
 * collection is already running. */
ssize_t gc_collect(PhState *S, int generation);
/* Collects with the callbacks and the enabled flag ignored: used at shutdown.
 * Returns 0 if a collection is already running. */
ssize_t gc_collect_nofail(PhState *S);

void gc_freeze(PhState *S);
void gc_unfreeze(PhState *S);
ssize_t gc_freeze_count(PhState *S);
/* Number of objects in a generation (0..2), or all generations for -1. */
ssize_t gc_generation_size(PhState *S, int generation);
/* Calls fn for each tracked object in a generation (-1: all, 3: permanent).
 * Stops when fn returns non-zero and returns that value. */
int gc_for_each(PhState *S, int generation, int (*fn)(PhObject *, void *), void *ctx);
/* Generation (0..2, 3 = permanent) an object is in, or -1 if untracked. */
int gc_generation_of(PhState *S, PhObject *o);

#endif
