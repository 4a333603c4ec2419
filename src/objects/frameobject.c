/* Heap frame objects: the `frame` type seen by sys._getframe().
 *
 * A frame object is a view of a PhFrame. While the function runs, the
 * PhFrame lives on the frame stack (or in a generator) and the object only
 * points at it. When the function returns while the object is still
 * referenced, frameobj_detach moves the frame's locals into a copy that the
 * object owns (like CPython's take_ownership), so f_locals and f_lineno keep
 * working; f_back is then fixed to the caller's frame object.
 */
#include "vm/frame.h"

#include "objects/abstract.h"
#include "objects/int.h"
#include "objects/str.h"
#include "objects/typeobject.h"
#include "vm/errors.h"

#include <string.h>

typedef struct PhFrameObject {
    PhObject ob;
    PhFrame *frame;    /* the viewed frame, or `owned` after the call ended */
    PhObject *back;    /* f_back once detached (strong), else NULL */
    PhFrame *owned;    /* heap copy owned by this object, or NULL */
    int lineno;        /* line when detached */
} PhFrameObject;

#define FO(o) ((PhFrameObject *)(o))

PhObject *frameobj_new(PhState *S, PhFrame *f)
{
    PhFrameObject *fo = (PhFrameObject *)obj_alloc(S, &S->types.frame, sizeof(PhFrameObject));
    if (!fo) return err_no_memory(S);
    fo->frame = f;
    fo->back = NULL;
    fo->owned = NULL;
    fo->lineno = 0;
    gc_track(S, (PhObject *)fo);
    return (PhObject *)fo;
}

/* Releases the frame's reference to fo; if someone else still holds fo, the
 * frame's slots (locals, cells; the value stack is dropped) move into a copy
 * owned by fo. */
void frameobj_detach(PhState *S, PhObject *o, PhFrame *f)
{
    PhFrameObject *fo = FO(o);
    fo->lineno = frame_current_line(f);
    if (o->refcnt > 1) {
        PhCode *co = f->code;
        size_t n = sizeof(PhFrame) + sizeof(PhObject *) * (size_t)co->nlocalsplus;
        PhFrame *copy = heap_alloc(mem_of(S)->heap, n);
        if (copy) {
            memcpy(copy, f, n);
            INCREF(copy->func);
            INCREF(copy->code);
            copy->previous = NULL;
            copy->frame_obj = NULL;
            copy->owner = FRAME_OWNED_BY_FRAME_OBJECT;
            copy->stacktop = co->nlocalsplus;
            /* The references moved: the original frame keeps none of them. */
            for (int i = 0; i < co->nlocalsplus; i++) f->localsplus[i] = NULL;
            f->locals = NULL;
            if (f->previous) {
                fo->back = frame_get_object(S, f->previous);
                if (!fo->back) err_clear(S);
            }
            fo->owned = copy;
            fo->frame = copy;
        } else {
            fo->frame = NULL;
        }
    } else {
        fo->frame = NULL;
    }
    DECREF(S, o);
}

static void frameobj_release_copy(PhState *S, PhFrameObject *fo)
{
    PhFrame *copy = fo->owned;
    if (!copy) return;
    fo->owned = NULL;
    fo->frame = NULL;
    frame_clear_slots(S, copy);
    PhObject *code = (PhObject *)copy->code, *func = copy->func;
    heap_free(mem_of(S)->heap, copy);
    DECREF(S, code);
    DECREF(S, func);
}

static int frameobj_traverse(PhObject *self, visitproc visit, void *arg)
{
    PhFrameObject *fo = FO(self);
    VISIT(fo->back);
    PhFrame *f = fo->owned;
    if (f) {
        VISIT(f->func);
        VISIT(f->code);
        VISIT(f->locals);
        for (int i = 0; i < f->stacktop; i++) VISIT(f->localsplus[i]);
    }
    return 0;
}

static int frameobj_clear(PhState *S, PhObject *self)
{
    PhFrameObject *fo = FO(self);
    CLEAR(S, fo->back);
    if (fo->owned) frame_clear_slots(S, fo->owned);
    return 0;
}

static void frameobj_dealloc(PhState *S, PhObject *self)
{
    PhFrameObject *fo = FO(self);
    gc_untrack(self);
    CLEAR(S, fo->back);
    frameobj_release_copy(S, fo);
    obj_free(S, self);
}

static PhObject *get_lineno(PhState *S, PhObject *self)
{
    PhFrameObject *fo = FO(self);
    int line = fo->frame && !fo->owned ? frame_current_line(fo->frame) : fo->lineno;
    return int_from_i64(S, line);
}

static PhObject *get_code(PhState *S, PhObject *self)
{
    PhFrame *f = FO(self)->frame;
    if (!f) return ph_none(S);
    INCREF(f->code);
    return (PhObject *)f->code;
}

static PhObject *get_globals(PhState *S, PhObject *self)
{
    PhFrame *f = FO(self)->frame;
    if (!f) return ph_none(S);
    INCREF(f->globals);
    return f->globals;
}

static PhObject *get_builtins(PhState *S, PhObject *self)
{
    PhFrame *f = FO(self)->frame;
    if (!f) return ph_none(S);
    INCREF(f->builtins);
    return f->builtins;
}

static PhObject *get_locals(PhState *S, PhObject *self)
{
    PhFrame *f = FO(self)->frame;
    if (!f) return ph_none(S);
    return frame_locals_dict(S, f);
}

static PhObject *get_back(PhState *S, PhObject *self)
{
    PhFrameObject *fo = FO(self);
    if (fo->back) {
        INCREF(fo->back);
        return fo->back;
    }
    if (fo->frame && !fo->owned && fo->frame->previous)
        return frame_get_object(S, fo->frame->previous);
    return ph_none(S);
}

static PhObject *get_lasti(PhState *S, PhObject *self)
{
    PhFrame *f = FO(self)->frame;
    return int_from_i64(S, f ? (int64_t)frame_lasti(f) * 2 : -1);
}

static const PhGetSetDef frameobj_getsets[] = {
    {"f_lineno", get_lineno, NULL},
    {"f_code", get_code, NULL},
    {"f_globals", get_globals, NULL},
    {"f_builtins", get_builtins, NULL},
    {"f_locals", get_locals, NULL},
    {"f_back", get_back, NULL},
    {"f_lasti", get_lasti, NULL},
    {NULL, NULL, NULL},
};

static PhObject *frameobj_repr(PhState *S, PhObject *self)
{
    PhFrame *f = FO(self)->frame;
    if (!f) return str_from_format(S, "<frame at %p>", (void *)self);
    PhObject *line = get_lineno(S, self);
    if (!line) return NULL;
    PhObject *r = str_from_format(S, "<frame at %p, file %R, line %S, code %U>", (void *)self,
                                  f->code->filename, line, f->code->name);
    DECREF(S, line);
    return r;
}

const PhType frame_type_template = {
    .name = "frame",
    .basicsize = sizeof(PhFrameObject),
    .flags = TPFLAG_HAVE_GC,
    .dealloc = frameobj_dealloc,
    .traverse = frameobj_traverse,
    .clear = frameobj_clear,
    .repr = frameobj_repr,
    .getattro = obj_generic_getattr,
    .getsets = frameobj_getsets,
};
