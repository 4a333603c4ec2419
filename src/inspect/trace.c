/* --trace: after each executed line, what it did to memory, in plain words.
 *
 * Written to stderr, every line prefixed with "│ " so that it stays apart
 * from the program's own output (stdout, flushed before each step so the two
 * interleave in the order things happened). Colour when stderr is a
 * terminal. One block per step:
 *
 *   │ <module>:1  x = [1000, 'abc']
 *   │     new    list #1 = [1000, 'abc']  64-byte block, size class 3
 *   │     bind   x → list #1  refs 0 → 1 (x)
 *
 * Reference counts are exact (read from the objects at the end of the line);
 * "before" is the count at the end of the previous step, or for an object
 * that was not in view then, the count less the references the step added.
 */
#include "inspect/recorder.h"

#include "objects/int.h"
#include "objects/str.h"
#include "objects/tuple.h"
#include "vm/frame.h"

#include <inttypes.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

enum { C_OFF, C_HEAD, C_NEW, C_FREE, C_BIND, C_REF, C_GC, C_FRAME, C_DIM, C_SRC, C_N };
static const char *const colors[C_N] = {
    "\033[0m", "\033[1m", "\033[32m", "\033[31m", "\033[36m",
    "\033[33m", "\033[35m", "\033[34m", "\033[2m", "\033[1;37m",
};

typedef struct TraceSink {
    FILE *out;
    bool color;
    uint32_t func_sid;     /* --trace-func: its sid, or UINT32_MAX */
    uint64_t printed;
    char buf[512];
} TraceSink;

#define MAX_REF_LINES 12
#define MAX_FREE_LINES 16
#define MAX_NEW_LINES 8

static void col(TraceSink *T, int c)
{
    if (T->color) fputs(colors[c], T->out);
}

static void begin_line(TraceSink *T)
{
    col(T, C_DIM);
    fputs("│ ", T->out);
    col(T, C_OFF);
}

static const char *S_(Recorder *R, uint32_t sid) { return strtab_get(&R->strs, sid); }

/* "list #3" / "int #5 = 1000" for an object known by id. */
static void obj_name(Recorder *R, const VisObj *v, uint32_t id, uint32_t type_sid,
                     uint32_t value_sid, bool with_value, char *out, size_t cap)
{
    if (v) {
        type_sid = v->type_sid;
        value_sid = v->value_sid;
    }
    int n = snprintf(out, cap, "%s #%u", S_(R, type_sid), id);
    if (with_value && value_sid && n > 0 && (size_t)n < cap)
        snprintf(out + n, cap - (size_t)n, " = %s", S_(R, value_sid));
}

static const char *frame_name(Recorder *R, uint32_t serial)
{
    /* Usually the top frame or the one below it: look from the top. */
    for (size_t i = R->now->frames.n; i-- > 0;)
        if (R->now->frames.v[i].serial == serial) return S_(R, R->now->frames.v[i].func_sid);
    for (size_t i = R->prev->frames.n; i-- > 0;)
        if (R->prev->frames.v[i].serial == serial) return S_(R, R->prev->frames.v[i].func_sid);
    return "?";
}

static bool frame_is_module(Recorder *R, uint32_t serial)
{
    return strcmp(frame_name(R, serial), "<module>") == 0;
}

/* The visible holders of object id in snapshot s: "x", "y in f()", "list #1[0]".
 * Returns how many references they account for. */
static int64_t holders(Recorder *R, const Snapshot *s, uint32_t id, PhObject *o, char *out,
                       size_t cap, int64_t *in_graph)
{
    size_t len = 0;
    int64_t count = 0, shown = 0;
    out[0] = 0;
#define ADD(...)                                                                        \
    do {                                                                                \
        count++;                                                                        \
        if (shown < 6 && len + 2 < cap) {                                               \
            int k_ = snprintf(out + len, cap - len, "%s", len ? ", " : "");             \
            len += (size_t)k_;                                                          \
            k_ = snprintf(out + len, cap - len, __VA_ARGS__);                           \
            if (k_ > 0) len = len + (size_t)k_ < cap ? len + (size_t)k_ : cap - 1;      \
            shown++;                                                                    \
        }                                                                               \
    } while (0)
    for (size_t i = 0; i < s->binds.n; i++) {
        const Binding *b = &s->binds.v[i];
        if (b->id != id) continue;
        if (frame_is_module(R, b->frame))
            ADD("%s", S_(R, b->name_sid));
        else
            ADD("%s in %s()", S_(R, b->name_sid), frame_name(R, b->frame));
    }
    for (size_t i = 0; i < s->objs.n; i++) {
        const VisObj *v = &s->objs.v[i];
        for (uint32_t e = 0; e < v->nedges; e++) {
            const Edge *ed = &s->edges.v[v->edge_off + e];
            if (ed->target != id) continue;
            const char *lab = S_(R, ed->label_sid);
            switch (v->kind) {
            case VK_LIST:
            case VK_TUPLE:
            case VK_DICT: ADD("%s #%u[%s]", S_(R, v->type_sid), v->id, lab); break;
            case VK_INST: ADD("%s #%u.%s", S_(R, v->type_sid), v->id, lab); break;
            default: ADD("%s #%u", S_(R, v->type_sid), v->id); break;
            }
        }
    }
    *in_graph = count;
    /* The running frames: their function, and their code's constants. */
    for (size_t i = 0; o && i < R->frames.n; i++) {
        PhFrame *f = R->frames.v[i].frame;
        const char *fn = S_(R, R->frames.v[i].func_sid);
        if (f->func == o) ADD("frame of %s()", fn);
        /* Recursion: one code, many frames; say its constants once. */
        bool seen_code = i > 0 && ((PhFrame *)R->frames.v[i - 1].frame)->code == f->code;
        PhObject *consts = f->code && !seen_code ? f->code->consts : NULL;
        for (ssize_t k = 0; consts && k < TUPLE_LEN(consts); k++)
            if (TUPLE_GET(consts, k) == o) {
                ADD("constants of %s", fn);
                break;
            }
    }
#undef ADD
    if (count > shown && len + 16 < cap) snprintf(out + len, cap - len, ", …");
    return count;
}

/* "refs 1 → 2 (x, y)" for a visible object. */
static void refs_text(Recorder *R, const VisObj *now, const VisObj *before, bool is_new, char *out,
                      size_t cap)
{
    char who[256];
    int64_t graph = 0;
    int64_t held = holders(R, R->now, now->id, now->obj, who, sizeof who, &graph);
    int64_t other = now->refcnt - held;
    int64_t was;
    if (before)
        was = before->refcnt;
    else if (is_new)
        was = 0;
    else {
        /* Not in view before: the names and slots in view are what the step added. */
        was = now->refcnt - graph;
    }
    char tail[96] = "";
    if (now->refcnt >= OBJ_STATIC_REFCNT / 2)
        snprintf(tail, sizeof tail, "%sa static object: its count starts at %d", held ? "; " : "",
                 OBJ_STATIC_REFCNT);
    else if (other > 0)
        snprintf(tail, sizeof tail, "%s+%" PRId64 " other", held ? ", " : "", other);
    if (was == now->refcnt)
        snprintf(out, cap, "refs %" PRId64 " (%s%s)", now->refcnt, who, tail);
    else
        snprintf(out, cap, "refs %" PRId64 " → %" PRId64 " (%s%s)", was, now->refcnt, who, tail);
}

static const char *reuse_note(Recorder *R, PhObject *o, bool allocated_here)
{
    if (allocated_here || !o) return "";
    if (describe_is_small_int(R->S, o)) return "  [small-int cache: no allocation]";
    PhState *S = R->S;
    if (o->type == &S->types.str && str_len(o) == 1 && str_char_at(o, 0) < 256 &&
        S->latin1[str_char_at(o, 0)] == o)
        return "  [one-character string cache: no allocation]";
    if (o == S->empty_str || o == S->empty_tuple || o == S->empty_bytes)
        return "  [empty singleton: no allocation]";
    if (describe_is_interned(S, o)) return "  [interned]";
    return "";
}

static bool allocated_in_step(Recorder *R, uint32_t id)
{
    for (size_t i = 0; i < R->log.allocs.n; i++)
        if (R->log.allocs.v[i].addr && R->log.allocs.v[i].id == id) return true;
    return false;
}

/* ---- step sections -------------------------------------------------------------------- */

static void print_header(Recorder *R, TraceSink *T)
{
    const StepLog *L = &R->log;
    int indent = L->depth > 1 ? 2 * (L->depth - 1) : 0;
    begin_line(T);
    fprintf(T->out, "%*s", indent, "");
    col(T, C_HEAD);
    if (L->kind == STEP_RETURN && L->line == 0) {
        fprintf(T->out, "end of program");
        col(T, C_OFF);
        fputc('\n', T->out);
        return;
    }
    fprintf(T->out, "%s:%d", S_(R, L->func_sid), L->line);
    col(T, C_OFF);
    if (L->kind == STEP_RETURN) {
        col(T, C_DIM);
        fputs("  ↩ (back in this line)", T->out);
        col(T, C_OFF);
    } else {
        const char *src = source_line(R, L->file_sid, L->line);
        while (*src == ' ' || *src == '\t') src++;
        col(T, C_SRC);
        fprintf(T->out, "  %s", src);
        col(T, C_OFF);
    }
    fputc('\n', T->out);
}

static void item(TraceSink *T, int depth, int c, const char *tag)
{
    begin_line(T);
    fprintf(T->out, "%*s    ", depth > 1 ? 2 * (depth - 1) : 0, "");
    col(T, c);
    fprintf(T->out, "%-6s", tag);
    col(T, C_OFF);
    fputc(' ', T->out);
}

static void print_frames_pushed(Recorder *R, TraceSink *T)
{
    const StepLog *L = &R->log;
    for (size_t i = 0; i < L->frames.n; i++) {
        const FrameEv *fe = &L->frames.v[i];
        if (!fe->push) continue;
        item(T, L->depth, C_FRAME, "call");
        fprintf(T->out, "%s(): new frame on the frame stack (depth %d)\n", S_(R, fe->func_sid),
                fe->depth);
    }
}

static void print_frames_popped(Recorder *R, TraceSink *T, uint8_t *reported, size_t cap)
{
    const StepLog *L = &R->log;
    for (size_t i = 0; i < L->frames.n; i++) {
        const FrameEv *fe = &L->frames.v[i];
        if (fe->push) continue;
        item(T, L->depth, C_FRAME, "return");
        fprintf(T->out, "%s(): frame popped", S_(R, fe->func_sid));
        if (!fe->nbind) {
            fputs(fe->depth == 1 ? " (module globals live on until shut-down)\n" : "\n", T->out);
            continue;
        }
        fputs(", its locals released:", T->out);
        for (size_t k = 0; k < fe->nbind; k++) {
            const Binding *b = &L->released.v[fe->bind_off + k];
            const VisObj *was = snap_find(R->prev, b->id);
            const VisObj *now = snap_find(R->now, b->id);
            if (b->id < cap) reported[b->id] = 1;
            fprintf(T->out, "%s %s → %s #%u", k ? "," : "", S_(R, b->name_sid),
                    was ? S_(R, was->type_sid) : "?", b->id);
            if (now && was && now->refcnt != was->refcnt)
                fprintf(T->out, " (refs %" PRId64 " → %" PRId64 ")", was->refcnt, now->refcnt);
            else if (!now && was) {
                bool freed = false;
                for (size_t f = 0; f < L->frees.n && !freed; f++) freed = L->frees.v[f].id == b->id;
                if (freed) fputs(" (freed)", T->out);
            }
        }
        fputc('\n', T->out);
    }
}

static void print_allocs(Recorder *R, TraceSink *T)
{
    const StepLog *L = &R->log;
    size_t shown = 0, alive = 0;
    for (size_t i = 0; i < L->allocs.n; i++) {
        const AllocEnt *a = &L->allocs.v[i];
        if (!a->addr || !a->id) continue;
        alive++;
        if (shown >= MAX_NEW_LINES) continue;
        shown++;
        item(T, L->depth, C_NEW, "new");
        obj_name(R, snap_find(R->now, a->id), a->id, a->type_sid, a->value_sid, true, T->buf,
                 sizeof T->buf);
        fputs(T->buf, T->out);
        col(T, C_DIM);
        if (a->freelist)
            fprintf(T->out, "  reused from the %s freelist (no heap allocation)", S_(R, a->type_sid));
        else if (a->size_class >= 0)
            fprintf(T->out, "  %u-byte block, size class %d", a->size, a->size_class);
        else
            fprintf(T->out, "  %u bytes from the system allocator (> 512)", a->size);
        col(T, C_OFF);
        fputc('\n', T->out);
    }
    if (alive > shown) {
        item(T, L->depth, C_NEW, "new");
        fprintf(T->out, "… and %zu more objects\n", alive - shown);
    }
    if (L->temps.n) {
        item(T, L->depth, C_DIM, "temp");
        fputs("made and freed within the line:", T->out);
        for (size_t i = 0; i < L->temps.n; i++)
            fprintf(T->out, "%s %u %s", i ? "," : "", L->temps.v[i].count,
                    S_(R, L->temps.v[i].type_sid));
        fputc('\n', T->out);
    }
}

static void print_binds(Recorder *R, TraceSink *T, uint8_t *reported, size_t cap)
{
    const StepLog *L = &R->log;
    const Delta *d = &R->delta;
    for (size_t i = 0; i < d->binds.n; i++) {
        const BindChange *b = &d->binds.v[i];
        char where[160] = "";
        if (!frame_is_module(R, b->frame))
            snprintf(where, sizeof where, " in %s()", frame_name(R, b->frame));
        const VisObj *nv = b->new_id ? snap_find(R->now, b->new_id) : NULL;
        const VisObj *ov = b->old_id ? snap_find(R->prev, b->old_id) : NULL;
        if (b->new_id) {
            item(T, L->depth, C_BIND, b->old_id ? "rebind" : "bind");
            obj_name(R, nv, b->new_id, R->sid_question, 0, true, T->buf, sizeof T->buf);
            fprintf(T->out, "%s%s → %s", S_(R, b->name_sid), where, T->buf);
            if (b->old_id) {
                char old[256];
                obj_name(R, ov, b->old_id, R->sid_question, 0, false, old, sizeof old);
                fprintf(T->out, "  (was %s)", old);
            }
            fputc('\n', T->out);
            if (nv && !(b->new_id < cap && reported[b->new_id])) {
                bool here = allocated_in_step(R, b->new_id);
                item(T, L->depth, C_REF, "");
                refs_text(R, nv, snap_find(R->prev, b->new_id), here, T->buf, sizeof T->buf);
                fprintf(T->out, "%s #%u %s", S_(R, nv->type_sid), nv->id, T->buf);
                col(T, C_DIM);
                fputs(reuse_note(R, nv->obj, here), T->out);
                col(T, C_OFF);
                fputc('\n', T->out);
                if (b->new_id < cap) reported[b->new_id] = 1;
            }
        } else {
            item(T, L->depth, C_BIND, "unbind");
            obj_name(R, ov, b->old_id, R->sid_question, 0, false, T->buf, sizeof T->buf);
            fprintf(T->out, "%s%s (was %s)\n", S_(R, b->name_sid), where, T->buf);
        }
        /* What happened to the object the name let go of. */
        if (b->old_id && b->old_id != b->new_id) {
            const VisObj *still = snap_find(R->now, b->old_id);
            if (still && ov && b->old_id < cap && !reported[b->old_id]) {
                item(T, L->depth, C_REF, "");
                refs_text(R, still, ov, false, T->buf, sizeof T->buf);
                fprintf(T->out, "%s #%u %s\n", S_(R, still->type_sid), still->id, T->buf);
                reported[b->old_id] = 1;
            }
        }
    }
}

/* Objects in view whose count or content changed without a name changing. */
static void print_changes(Recorder *R, TraceSink *T, uint8_t *reported, size_t cap)
{
    const StepLog *L = &R->log;
    const Delta *d = &R->delta;
    size_t shown = 0, skipped = 0;
    for (size_t i = 0; i < d->changed.n; i++) {
        uint32_t id = d->changed.v[i];
        if (id < cap && reported[id]) continue;
        const VisObj *v = snap_find(R->now, id), *p = snap_find(R->prev, id);
        if (!v || !p) continue;
        /* A container's own change is in its items; a change deeper down is
         * reported on the object that changed. */
        bool value = v->kind == VK_LEAF ? v->value_sid != p->value_sid
                                         : v->nedges != p->nedges || v->more != p->more ||
                                               (v->nedges && memcmp(&R->now->edges.v[v->edge_off],
                                                                    &R->prev->edges.v[p->edge_off],
                                                                    v->nedges * sizeof(Edge)) != 0);
        bool count = v->refcnt != p->refcnt;
        if (!value && !count) continue; /* a generation change: shown by the collector line */
        /* None, True, False and the builtin types change count all the time:
         * only their bindings are worth a line. */
        if (!value && rec_lookup(R, v->obj)->flags & OBJ_STATIC) continue;
        if (shown >= MAX_REF_LINES) {
            skipped++;
            continue;
        }
        shown++;
        if (value) {
            item(T, L->depth, C_REF, "change");
            fprintf(T->out, "%s #%u is now %s\n", S_(R, v->type_sid), id, S_(R, v->value_sid));
        }
        if (count) {
            item(T, L->depth, C_REF, value ? "" : "ref");
            refs_text(R, v, p, false, T->buf, sizeof T->buf);
            fprintf(T->out, "%s #%u %s", S_(R, v->type_sid), id, T->buf);
            col(T, C_DIM);
            fputs(reuse_note(R, v->obj, false), T->out);
            col(T, C_OFF);
            fputc('\n', T->out);
        }
        if (id < cap) reported[id] = 1;
    }
    /* Objects newly in view that no name change explains (a new item). */
    for (size_t i = 0; i < d->added.n; i++) {
        uint32_t id = d->added.v[i];
        if (id < cap && reported[id]) continue;
        const VisObj *v = snap_find(R->now, id);
        if (!v) continue;
        if (shown >= MAX_REF_LINES) {
            skipped++;
            continue;
        }
        shown++;
        bool here = allocated_in_step(R, id);
        item(T, L->depth, C_REF, "ref");
        refs_text(R, v, NULL, here, T->buf, sizeof T->buf);
        fprintf(T->out, "%s #%u = %s %s", S_(R, v->type_sid), id, S_(R, v->value_sid), T->buf);
        col(T, C_DIM);
        fputs(reuse_note(R, v->obj, here), T->out);
        col(T, C_OFF);
        fputc('\n', T->out);
        if (id < cap) reported[id] = 1;
    }
    if (skipped) {
        item(T, L->depth, C_REF, "ref");
        fprintf(T->out, "… and %zu more objects changed\n", skipped);
    }
    /* Objects no name reaches any more, yet alive: something else holds them
     * (a reference cycle, a temporary, a cache). */
    size_t lost = 0;
    /* Only between two statements of the same frame: mid-statement, the value
     * stack holds temporaries (a call's arguments, a return value). */
    bool boundary = L->ended_by == END_LINE && R->now->frames.n == (size_t)L->depth && L->depth > 0;
    for (size_t i = 0; i < d->removed.n && boundary; i++) {
        uint32_t id = d->removed.v[i];
        bool freed = false;
        for (size_t f = 0; f < L->frees.n && !freed; f++) freed = L->frees.v[f].id == id;
        const VisObj *p = snap_find(R->prev, id);
        if (freed || !p || p->obj->refcnt <= 0) continue;
        ObjRec *r = objtab_find(&R->live, p->obj);
        if (!r || r->id != id || (r->flags & (OBJ_STATIC | OBJ_PREEXISTING))) continue;
        if (lost++ >= 6) continue;
        char who[256];
        int64_t graph = 0;
        holders(R, R->now, id, p->obj, who, sizeof who, &graph);
        item(T, L->depth, C_REF, "unseen");
        fprintf(T->out, "%s #%u: no name reaches it now; refs %zd keep it alive%s%s%s", S_(R, p->type_sid),
                id, p->obj->refcnt, who[0] ? " (" : "", who, who[0] ? ")" : "");
        col(T, C_DIM);
        if (!who[0] && obj_is_gc(p->obj)) fputs("  (a reference cycle? only the collector frees those)", T->out);
        col(T, C_OFF);
        fputc('\n', T->out);
    }
    if (lost > 6) {
        item(T, L->depth, C_REF, "unseen");
        fprintf(T->out, "… and %zu more\n", lost - 6);
    }
}

static const char *free_reason(uint8_t r)
{
    switch (r) {
    case FREE_GC: return "found unreachable by the collector";
    case FREE_FREELIST: return "last reference gone; kept on the type's freelist for reuse";
    default: return "last reference gone";
    }
}

static void print_frees(Recorder *R, TraceSink *T)
{
    const StepLog *L = &R->log;
    size_t shown = 0, unnamed = 0, more = 0;
    for (size_t i = 0; i < L->frees.n; i++) {
        const FreeEnt *f = &L->frees.v[i];
        if (!f->id) {
            unnamed++;
            continue;
        }
        if (shown >= MAX_FREE_LINES) {
            more++;
            continue;
        }
        shown++;
        item(T, L->depth, C_FREE, "free");
        obj_name(R, NULL, f->id, f->type_sid, f->value_sid, true, T->buf, sizeof T->buf);
        fprintf(T->out, "%s: %s", T->buf, free_reason(f->reason));
        col(T, C_DIM);
        if (f->reason != FREE_FREELIST) {
            if (f->size_class >= 0)
                fprintf(T->out, "  (%u-byte block back to size class %d)", f->size, f->size_class);
            else
                fprintf(T->out, "  (%u bytes back to the system allocator)", f->size);
        }
        col(T, C_OFF);
        fputc('\n', T->out);
    }
    if (more || unnamed) {
        item(T, L->depth, C_FREE, "free");
        if (more) fprintf(T->out, "… and %zu more", more);
        if (unnamed)
            fprintf(T->out, "%s%zu object%s never shown before (interpreter internals)", more ? "; " : "",
                    unnamed, unnamed == 1 ? "" : "s");
        fputc('\n', T->out);
    }
}

static void print_gcs(Recorder *R, TraceSink *T)
{
    const StepLog *L = &R->log;
    for (size_t i = 0; i < L->gcs.n; i++) {
        const GcEv *g = &L->gcs.v[i];
        item(T, L->depth, C_GC, "gc");
        fprintf(T->out,
                "collected generation %d: %zd objects examined, %zu unreachable, %zd finalizers "
                "run, %zd freed, %zd uncollectable, %.3f ms\n",
                g->r.generation, g->r.examined, g->nunreach, g->r.finalized, g->r.collected,
                g->r.uncollectable, (double)g->r.duration_ns / 1e6);
        if (g->nunreach) {
            item(T, L->depth, C_GC, "");
            fputs("unreachable:", T->out);
            for (size_t k = 0; k < g->nunreach && k < 12; k++) {
                uint32_t id = L->gc_ids.v[g->unreach_off + k];
                const char *type = "?";
                for (size_t f = 0; f < L->frees.n; f++)
                    if (L->frees.v[f].id == id) type = S_(R, L->frees.v[f].type_sid);
                fprintf(T->out, " %s #%u", type, id);
            }
            if (g->nunreach > 12) fprintf(T->out, " …");
            fputc('\n', T->out);
        }
    }
}

/* ---- filtering ----------------------------------------------------------------------------- */

static bool wanted(Recorder *R, TraceSink *T)
{
    const StepLog *L = &R->log;
    if (L->kind == STEP_START) return false;
    if (R->opt.line_lo && (L->line < R->opt.line_lo || L->line > R->opt.line_hi)) return false;
    if (T->func_sid != UINT32_MAX) {
        if (L->func_sid == T->func_sid) return true;
        for (size_t i = 0; i < R->now->frames.n; i++)
            if (R->now->frames.v[i].func_sid == T->func_sid) return true;
        for (size_t i = 0; i < L->frames.n; i++)
            if (L->frames.v[i].func_sid == T->func_sid) return true;
        return false;
    }
    return true;
}

static void trace_step(Recorder *R, void *ctx)
{
    TraceSink *T = ctx;
    if (!wanted(R, T)) return;
    fflush(stdout); /* the program's output so far comes first */
    size_t cap = R->next_id + 1;
    uint8_t *reported = calloc(cap, 1);
    if (!reported) return;
    print_header(R, T);
    print_allocs(R, T);
    print_frames_popped(R, T, reported, cap);
    print_frames_pushed(R, T);
    print_binds(R, T, reported, cap);
    print_changes(R, T, reported, cap);
    print_frees(R, T);
    print_gcs(R, T);
    free(reported);
    fflush(T->out);
    T->printed++;
}

static int trace_finish(Recorder *R, void *ctx)
{
    TraceSink *T = ctx;
    fflush(T->out);
    return 0;
}

static void trace_destroy(void *ctx) { free(ctx); }

int trace_sink_new(Recorder *R, Sink *out)
{
    TraceSink *T = calloc(1, sizeof *T);
    if (!T) return -1;
    T->out = stderr;
    T->color = R->opt.color == 1 || (R->opt.color == 0 && isatty(fileno(stderr)));
    T->func_sid = R->opt.trace_func ? strtab_addz(&R->strs, R->opt.trace_func) : UINT32_MAX;
    *out = (Sink){.on_step = trace_step, .finish = trace_finish, .destroy = trace_destroy, .ctx = T};
    return 0;
}
