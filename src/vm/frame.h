/* Frames and the frame stack (the seed's "stack memory").
 *
 * Each interpreter state owns one frame stack: a chain of chunks allocated
 * from the private heap. Calling a Python function pushes a PhFrame on it;
 * returning pops it and releases its slots at once, in slot order. A heap
 * frame object (the `frame` type) is created only when something asks for
 * one (sys._getframe); it then views the live PhFrame, and takes a copy of
 * the frame's slots if it outlives the call. Generators keep their frame
 * inside the generator object instead of on the stack.
 *
 * Walking frames (inspectors, tracebacks):
 *
 *     for (PhFrame *f = S->frame; f; f = f->previous) {
 *         PhCode *co = f->code;                    // co->name, co->filename
 *         int line = frame_current_line(f);
 *         for (int i = 0; i < co->nlocalsplus; i++) {
 *             PhObject *name = frame_slot_name(f, i); // borrowed str
 *             PhObject *v = frame_slot_value(f, i);   // borrowed, NULL if unbound
 *         }
 *         // f->locals: the mapping of module and class bodies (else NULL)
 *     }
 */
#ifndef PH_VM_FRAME_H
#define PH_VM_FRAME_H

#include "mem/object.h"
#include "objects/code.h"
#include "vm/state.h"

enum {
    FRAME_OWNED_BY_STACK = 0,     /* lives on the frame stack */
    FRAME_OWNED_BY_GENERATOR = 1, /* embedded in a generator object */
    FRAME_OWNED_BY_FRAME_OBJECT = 2, /* a copy kept by a frame object after return */
};

enum {
    FRAME_CREATED = 0,   /* not started */
    FRAME_EXECUTING = 1, /* running (it is on the S->frame chain) */
    FRAME_SUSPENDED = 2, /* a generator stopped at a yield */
    FRAME_COMPLETED = 3, /* returned or raised */
};

typedef struct PhFrame {
    PhObject *func;          /* strong: the function running (never NULL) */
    PhCode *code;            /* strong: func's code when the call started */
    PhObject *globals;       /* borrowed from func */
    PhObject *builtins;      /* borrowed from func */
    PhObject *locals;        /* strong or NULL: the mapping of module/class bodies */
    struct PhFrame *previous;/* the caller; NULL at the bottom (or when not running) */
    PhObject *frame_obj;     /* strong or NULL: the heap frame object viewing this frame */
    const PhInstr *instr;    /* the instruction executing; when suspended, the
                                last one executed (a generator's YIELD_VALUE) */
    int stacktop;            /* live slots in localsplus: nlocalsplus + stack depth */
    uint8_t owner;           /* FRAME_OWNED_BY_* */
    uint8_t is_entry;        /* the C call of eval that runs it returns when it returns */
    uint8_t state;           /* FRAME_CREATED .. FRAME_COMPLETED (generators) */
    PhObject *localsplus[];  /* locals, cells, free vars (see code.h), then the stack */
} PhFrame;

/* Index of the instruction the frame is executing (tracebacks, f_lasti). */
static inline int frame_lasti(const PhFrame *f) { return (int)(f->instr - f->code->instrs); }

/* Bytes needed for a frame running code. */
static inline size_t frame_size_for(const PhCode *co)
{
    return sizeof(PhFrame) + sizeof(PhObject *) * (size_t)(co->nlocalsplus + co->stacksize);
}

/* Pushes room for a frame of `code` on the frame stack (slots zeroed, header
 * fields func/code/globals/builtins set with new references to func and
 * code). NULL (MemoryError) when the stack cannot grow. */
PhFrame *frame_push(PhState *S, PhObject *func, PhCode *code);
/* frame_push for a call that fills exactly the first nargs slots: takes
 * over the caller's references to func and to args[0..nargs) (they move
 * into the frame; the caller's copies must be dropped without a DECREF)
 * and clears the other slots. NULL (MemoryError) when the stack cannot
 * grow; the caller still owns everything then. */
PhFrame *frame_push_args(PhState *S, PhObject *func, PhCode *code, PhObject *const *args,
                         int nargs);
/* Releases the frame's references (locals in slot order 0..n, then the
 * stack, then code and func) and pops it. The frame must be the top one. */
void frame_pop(PhState *S, PhFrame *f);
/* Releases every reference a frame holds (used by frame_pop, generators and
 * frame objects); leaves the frame empty. */
void frame_clear_slots(PhState *S, PhFrame *f);
/* Creates the cells (moving arguments that are cells into them) and copies
 * the closure: done when a function frame starts. -1 on MemoryError. */
int frame_init_cells(PhState *S, PhFrame *f);
/* Gives the frame's stack memory back without touching its references
 * (they were moved elsewhere: into a generator). Must be the top frame. */
void frame_stack_release(PhState *S, PhFrame *f);

int frame_current_line(const PhFrame *f);
/* Name of slot i (borrowed str) and its current value (borrowed, NULL when
 * unbound; for cells, the cell's content). */
PhObject *frame_slot_name(const PhFrame *f, int i);
PhObject *frame_slot_value(const PhFrame *f, int i);

/* The heap frame object for f (new reference), created on first use. */
PhObject *frame_get_object(PhState *S, PhFrame *f);
/* sys._getframe(depth): new reference, or ValueError "call stack is not deep enough". */
PhObject *frame_getframe(PhState *S, int depth);

/* Locals as a dict (new reference): locals() / frame.f_locals. */
PhObject *frame_locals_dict(PhState *S, PhFrame *f);

#endif
