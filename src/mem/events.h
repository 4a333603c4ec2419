/* Memory events: what the inspectors (trace, html, stats, json) listen to.
 *
 * Emission costs one test of S->mem.hook on paths that are already out of
 * line (object allocation, object free, collection, line start). Nothing is
 * emitted from incref/decref; reference counts for the views come from
 * snapshots taken at each step.
 */
#ifndef PH_MEM_EVENTS_H
#define PH_MEM_EVENTS_H

#include "object.h"

#include <stdint.h>

typedef enum PhEventKind {
    EV_ALLOC,           /* obj: new object (refcnt 1, not yet initialised) */
    EV_FREE,            /* obj: about to be returned to the heap */
    EV_GC_START,        /* gc: generation set; counts 0 */
    EV_GC_UNREACHABLE,  /* obj: found unreachable by the running collection */
    EV_GC_FINALIZE,     /* obj: finalizer about to run during a collection */
    EV_GC_STOP,         /* gc: final counts and duration */
    EV_LINE,            /* interpreter: a new line starts (line, code) */
    EV_FRAME_PUSH,      /* interpreter: a frame was pushed (frame) */
    EV_FRAME_POP,       /* interpreter: a frame is about to be popped (frame) */
    EV__COUNT
} PhEventKind;

struct GcResult;

typedef struct PhEvent {
    PhEventKind kind;
    PhObject *obj;              /* EV_ALLOC, EV_FREE, EV_GC_UNREACHABLE, EV_GC_FINALIZE */
    size_t size;                /* EV_ALLOC/EV_FREE: heap bytes of the block */
    const struct GcResult *gc;  /* EV_GC_START, EV_GC_STOP */
    int during_gc;              /* EV_FREE: the collector is freeing it */
    int line;                   /* EV_LINE */
    void *frame;                /* EV_LINE, EV_FRAME_PUSH, EV_FRAME_POP */
} PhEvent;

typedef void (*PhEventHook)(PhState *S, const PhEvent *ev, void *ctx);

/* Sends ev to the listener; call only after testing that a hook is set. */
void events_emit(PhState *S, const PhEvent *ev);

#endif
