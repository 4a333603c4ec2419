/* The memory system's part of the interpreter state.
 *
 * PhState (src/vm/state.h) begins with a PhMem, so the memory system reaches
 * its own state through mem_of(S) without knowing the interpreter's fields.
 */
#ifndef PH_MEM_MEM_H
#define PH_MEM_MEM_H

#include "events.h"
#include "gc.h"
#include "heap.h"
#include "object.h"

/* Objects whose deallocation nests deeper than this are queued and freed by
 * the outermost deallocation (CPython's trashcan), so freeing a chain of a
 * million objects uses a bounded C stack. */
#define MEM_TRASH_DEPTH_LIMIT 50

typedef struct PhMem {
    Heap *heap;
    GcState gc;
    PhEventHook hook; /* NULL: nobody listens, nothing is emitted */
    void *hook_ctx;
    int dealloc_depth;      /* nesting of obj_dealloc calls */
    PhObject *trash;        /* deferred deallocations, linked through GcHead.prev */
    ssize_t live_objects;   /* objects allocated and not yet freed */
} PhMem;

static inline PhMem *mem_of(PhState *S) { return (PhMem *)(void *)S; }

/* Sets up the heap and the collector. 0 on success, -1 if no memory. */
int mem_init(PhState *S, const HeapConfig *heap_cfg);
/* Tears down; returns the number of heap blocks still allocated. */
size_t mem_fini(PhState *S);

#endif
