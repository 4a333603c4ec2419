/* The frame stack: contiguous memory for the frames of running functions.
 *
 * Frames are carved from chunks (FRAME_CHUNK_SIZE bytes, or more for a huge
 * frame) allocated from the private heap. Pushing a frame bumps the top of
 * the current chunk; popping moves it back. When a chunk empties, it is kept
 * as a spare so that a call pattern crossing a chunk boundary does not
 * allocate on every call.
 *
 * Invariant: frames on the stack are popped in the reverse order of their
 * pushes; frame_pop of anything but the top frame is a bug.
 */
#include "frame.h"

#include "objects/dict.h"
#include "objects/func.h"
#include "objects/tuple.h"
#include "vm/errors.h"
#include "vm/eval.h"
#include "vm/init.h"

#include <string.h>

#define FRAME_CHUNK_SIZE ((size_t)64 * 1024)

typedef struct FrameChunk {
    struct FrameChunk *prev;
    char *top; /* first free byte */
    char *end;
    size_t size;
    char data[] __attribute__((aligned(16)));
} FrameChunk;

typedef struct FrameStack {
    FrameChunk *cur;
    FrameChunk *spare;
} FrameStack;

static inline FrameStack *fstack(PhState *S) { return (FrameStack *)S->frame_stack; }

static FrameChunk *chunk_new(PhState *S, size_t need, FrameChunk *prev)
{
    size_t size = need + sizeof(FrameChunk) > FRAME_CHUNK_SIZE ? need + sizeof(FrameChunk)
                                                               : FRAME_CHUNK_SIZE;
    FrameChunk *c = heap_alloc(mem_of(S)->heap, size);
    if (!c) return NULL;
    c->prev = prev;
    c->top = c->data;
    c->end = (char *)c + size;
    c->size = size;
    return c;
}

static void chunk_free(PhState *S, FrameChunk *c)
{
    if (c) heap_free(mem_of(S)->heap, c);
}

/* Room for n bytes at the top of the stack; NULL if the heap is exhausted. */
static void *stack_alloc(PhState *S, size_t n)
{
    FrameStack *fs = fstack(S);
    FrameChunk *c = fs->cur;
    if ((size_t)(c->end - c->top) < n) {
        FrameChunk *next = fs->spare;
        if (next && next->size - sizeof(FrameChunk) >= n) {
            fs->spare = NULL;
            next->prev = c;
            next->top = next->data;
        } else {
            next = chunk_new(S, n, c);
            if (!next) return NULL;
        }
        fs->cur = c = next;
    }
    void *p = c->top;
    c->top += n;
    return p;
}

static void stack_free_top(PhState *S, void *p)
{
    FrameStack *fs = fstack(S);
    FrameChunk *c = fs->cur;
    c->top = p;
    if (c->top == c->data && c->prev) {
        fs->cur = c->prev;
        if (fs->spare) chunk_free(S, fs->spare);
        fs->spare = c;
    }
}

PhFrame *frame_push(PhState *S, PhObject *func, PhCode *code)
{
    size_t n = (frame_size_for(code) + 15) & ~(size_t)15;
    PhFrame *f = stack_alloc(S, n);
    if (!f) {
        err_no_memory(S);
        return NULL;
    }
    INCREF(func);
    f->func = func;
    INCREF(code);
    f->code = code;
    f->globals = ((PhFunction *)func)->globals;
    f->builtins = ((PhFunction *)func)->builtins;
    f->locals = NULL;
    f->previous = NULL;
    f->frame_obj = NULL;
    f->instr = code->instrs;
    f->stacktop = code->nlocalsplus;
    f->owner = FRAME_OWNED_BY_STACK;
    f->is_entry = 0;
    f->state = FRAME_CREATED;
    memset(f->localsplus, 0, sizeof(PhObject *) * (size_t)code->nlocalsplus);
    return f;
}

PhFrame *frame_push_args(PhState *S, PhObject *func, PhCode *code, PhObject *const *args,
                         int nargs)
{
    size_t n = (frame_size_for(code) + 15) & ~(size_t)15;
    FrameChunk *c = fstack(S)->cur;
    PhFrame *f;
    if (__builtin_expect((size_t)(c->end - c->top) >= n, 1)) {
        f = (PhFrame *)c->top; /* stack_alloc's common case, inline */
        c->top += n;
    } else {
        f = stack_alloc(S, n);
        if (!f) {
            err_no_memory(S);
            return NULL;
        }
    }
    f->func = func;
    INCREF(code);
    f->code = code;
    f->globals = ((PhFunction *)func)->globals;
    f->builtins = ((PhFunction *)func)->builtins;
    f->locals = NULL;
    f->previous = NULL;
    f->frame_obj = NULL;
    f->instr = code->instrs;
    int nslots = code->nlocalsplus;
    f->stacktop = nslots;
    f->owner = FRAME_OWNED_BY_STACK;
    f->is_entry = 0;
    f->state = FRAME_CREATED;
    PhObject **slots = f->localsplus;
    int i = 0;
    for (; i < nargs; i++) slots[i] = args[i];
    for (; i < nslots; i++) slots[i] = NULL;
    return f;
}

int frame_init_cells(PhState *S, PhFrame *f)
{
    PhCode *co = f->code;
    for (int i = 0; i < co->ncells; i++) {
        int arg = co->cell2arg ? co->cell2arg[i] : -1;
        PhObject *cell = cell_new(S, arg >= 0 ? f->localsplus[arg] : NULL);
        if (!cell) return -1;
        if (arg >= 0) CLEAR(S, f->localsplus[arg]);
        f->localsplus[co->nlocals + i] = cell;
    }
    if (co->nfree) {
        PhObject *closure = ((PhFunction *)f->func)->closure;
        int base = co->nlocals + co->ncells;
        for (int i = 0; i < co->nfree; i++) {
            PhObject *cell = TUPLE_GET(closure, i);
            INCREF(cell);
            f->localsplus[base + i] = cell;
        }
    }
    return 0;
}

void frame_stack_release(PhState *S, PhFrame *f) { stack_free_top(S, f); }

/* Called from frame_clear_slots: detaches the heap frame object, which keeps
 * a copy of the frame if it is still referenced elsewhere. */
void frameobj_detach(PhState *S, PhObject *fo, PhFrame *f);

static inline void frame_detach_object(PhState *S, PhFrame *f)
{
    if (f->frame_obj) {
        PhObject *fo = f->frame_obj;
        f->frame_obj = NULL;
        frameobj_detach(S, fo, f); /* may move the slots into fo */
    }
}

/* Inline in frame_pop, the hot caller. */
static inline void clear_slots(PhState *S, PhFrame *f)
{
    frame_detach_object(S, f);
    /* Locals in slot order 0..n, as CPython releases them on return. Each
     * slot is emptied before its value is released, so a __del__ that walks
     * the frame never sees a dangling pointer. */
    for (int i = 0; i < f->stacktop; i++) {
        PhObject *v = f->localsplus[i];
        if (v) {
            f->localsplus[i] = NULL;
            DECREF(S, v);
        }
    }
    f->stacktop = 0;
    CLEAR(S, f->locals);
    /* A __del__ run by the releases above may have made a frame object for
     * this frame (a traceback through it, when it raised): detach that too,
     * or it would point at a popped frame and never be freed. */
    frame_detach_object(S, f);
}

void frame_clear_slots(PhState *S, PhFrame *f) { clear_slots(S, f); }

void frame_pop(PhState *S, PhFrame *f)
{
    clear_slots(S, f);
    PhObject *code = (PhObject *)f->code, *func = f->func;
    f->code = NULL;
    f->func = NULL;
    stack_free_top(S, f);
    DECREF(S, code);
    DECREF(S, func);
}

int frame_current_line(const PhFrame *f)
{
    if (!f->code) return 0;
    return code_line((PhObject *)f->code, frame_lasti(f));
}

PhObject *frame_slot_name(const PhFrame *f, int i)
{
    const PhCode *co = f->code;
    if (i < co->nlocals) return TUPLE_GET(co->varnames, i);
    i -= co->nlocals;
    if (i < co->ncells) return TUPLE_GET(co->cellvars, i);
    i -= co->ncells;
    if (i < co->nfree) return TUPLE_GET(co->freevars, i);
    return NULL;
}

PhObject *frame_slot_value(const PhFrame *f, int i)
{
    const PhCode *co = f->code;
    PhObject *v = f->localsplus[i];
    if (i >= co->nlocals && i < co->nlocalsplus && v) return ((PhCell *)v)->ref;
    return v;
}

/* The cell an argument slot moved into, or -1. */
static int arg_cell(const PhCode *co, int slot)
{
    if (!co->cell2arg) return -1;
    for (int c = 0; c < co->ncells; c++)
        if (co->cell2arg[c] == slot) return c;
    return -1;
}

PhObject *frame_locals_dict(PhState *S, PhFrame *f)
{
    if (f->locals) {
        INCREF(f->locals);
        return f->locals;
    }
    PhObject *d = dict_new(S);
    if (!d) return NULL;
    PhCode *co = f->code;
    /* CPython's order: co_varnames (an argument that became a cell shows
     * its cell's content in its own place), the other cells, free vars. */
    for (int i = 0; i < co->nlocalsplus; i++) {
        PhObject *v;
        if (i < co->nlocals) {
            int c = arg_cell(co, i);
            v = c >= 0 ? frame_slot_value(f, co->nlocals + c) : f->localsplus[i];
        } else if (i < co->nlocals + co->ncells && co->cell2arg &&
                   co->cell2arg[i - co->nlocals] >= 0) {
            continue; /* shown with its argument */
        } else {
            v = frame_slot_value(f, i);
        }
        if (!v) continue;
        if (dict_setitem(S, d, frame_slot_name(f, i), v) < 0) {
            DECREF(S, d);
            return NULL;
        }
    }
    return d;
}

PhObject *frameobj_new(PhState *S, PhFrame *f);

PhObject *frame_get_object(PhState *S, PhFrame *f)
{
    if (!f->frame_obj) {
        PhObject *fo = frameobj_new(S, f);
        if (!fo) return NULL;
        f->frame_obj = fo; /* the frame's own reference */
    }
    INCREF(f->frame_obj);
    return f->frame_obj;
}

PhObject *frame_getframe(PhState *S, int depth)
{
    PhFrame *f = S->frame;
    while (depth > 0 && f) {
        f = f->previous;
        depth--;
    }
    if (!f) return err_format(S, &S->exc.ValueError, "call stack is not deep enough");
    return frame_get_object(S, f);
}

/* ---- subsystem hooks ------------------------------------------------------------------ */

int vm_init(PhState *S)
{
    FrameStack *fs = heap_alloc(mem_of(S)->heap, sizeof(FrameStack));
    if (!fs) return -1;
    fs->spare = NULL;
    fs->cur = chunk_new(S, 0, NULL);
    if (!fs->cur) {
        heap_free(mem_of(S)->heap, fs);
        return -1;
    }
    S->frame_stack = fs;
    S->frame = NULL;
    return eval_init(S);
}

void vm_fini(PhState *S)
{
    eval_fini(S);
    FrameStack *fs = fstack(S);
    if (!fs) return;
    FrameChunk *c = fs->cur;
    while (c) {
        FrameChunk *prev = c->prev;
        chunk_free(S, c);
        c = prev;
    }
    chunk_free(S, fs->spare);
    heap_free(mem_of(S)->heap, fs);
    S->frame_stack = NULL;
}
