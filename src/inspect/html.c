/* --html FILE: one self-contained page that replays the run step by step.
 *
 * The page (src/inspect/page/: page.html, page.css, page.js, embedded as C
 * strings in page_assets.c by tools/gen_page_assets.py) reads one JSON
 * document written here:
 *
 *   strs   the string table: every type name, value, name and label once
 *   files  [file sid, source text] for each file that ran
 *   objs   per display id, columns: t (type sid), z (block bytes), c (size
 *          class, -1 large, -2 static), f (file sid), l (line), a (alloc
 *          step), d (free step, -1 alive), r (free reason), g (flags)
 *   steps  one flat array of integers per step: a header
 *          [kind, line, file sid, function sid] then operations (below)
 *   heap   per step, the pools that changed: [pool index, class + 1, used]...
 *          (pool index = arena * 64 + pool; class + 1 == 0: pool unused)
 *
 * Operations (first integer = code):
 *   1 serial func line         frame pushed (in view from now on)
 *   2 serial                   frame popped
 *   3 serial name id           name bound (id 0: unbound)
 *   4 id refcnt gen kind more value keep n edge*n
 *                              object in view, new or changed: its state; the
 *                              first `keep` edges are as before, then n new
 *                              ones: "target" for lists, tuples and sets (the
 *                              label is the position), "label target" else;
 *                              value is 0 for containers (the page writes it)
 *   5 id refcnt                only its reference count changed
 *   6 id                       object left the view
 *   7 id reason                object freed (0 refcount, 1 collector, 2 freelist)
 *   8 id                       object allocated in this step
 *   9 gen examined unreachable finalized collected uncollectable micros
 *                              a collection ran
 *  10 count                    temporaries made and freed within the step
 *  11 serial line              the current line of a frame below the top (the
 *                              top frame's line is the step's)
 *  12 n                        frames not shown between the bottom frame and the
 *                              top ones (deep recursion), when that number changes
 *
 * Everything is deltas against the previous step, so the page holds the
 * whole run in little memory and rebuilds any step from checkpoints.
 */
#include "inspect/recorder.h"

#include <errno.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

extern const char page_html[], page_css[], page_js[];

typedef struct ObjStatic {
    uint32_t type_sid, size, file_sid;
    int32_t line;
    uint32_t alloc_step;
    int32_t free_step;
    int16_t cls;
    uint8_t reason, flags, known;
} ObjStatic;

typedef struct FrameSeen {
    uint32_t serial;
    int line;
} FrameSeen;

typedef struct HtmlSink {
    char *path;
    VEC(int64_t) ops;       /* all steps' integers, back to back */
    VEC(size_t) step_off;   /* start of each step in ops */
    VEC(int32_t) heap;      /* all steps' pool deltas */
    VEC(size_t) heap_off;
    VEC(ObjStatic) objs;    /* by display id */
    VEC(FrameSeen) frames;  /* frames in view at the previous step */
    uint32_t hidden_frames; /* as of the previous step */
    VEC(uint32_t) files;    /* file sids seen */
    /* The pool map as of the previous step: class + 1 and blocks used. */
    VEC(int32_t) pool_cls, pool_used;
    VEC(int32_t) pool_cls_now, pool_used_now;
} HtmlSink;

static void op(HtmlSink *H, int64_t v) { VEC_PUSH(H->ops, v); }

static ObjStatic *obj_static(HtmlSink *H, uint32_t id)
{
    if (H->objs.n <= id) {
        VEC_RESERVE(H->objs, id + 1 - H->objs.n);
        memset(H->objs.v + H->objs.n, 0, (id + 1 - H->objs.n) * sizeof *H->objs.v);
        for (size_t i = H->objs.n; i <= id; i++) H->objs.v[i].free_step = -1;
        H->objs.n = id + 1;
    }
    return &H->objs.v[id];
}

static void note_file(HtmlSink *H, uint32_t sid)
{
    if (!sid) return;
    for (size_t i = 0; i < H->files.n; i++)
        if (H->files.v[i] == sid) return;
    VEC_PUSH(H->files, sid);
}

static void static_from_rec(HtmlSink *H, uint32_t id, const ObjRec *r)
{
    ObjStatic *s = obj_static(H, id);
    if (s->known) return;
    *s = (ObjStatic){.type_sid = r->type_sid, .size = r->size, .file_sid = r->file_sid,
                     .line = r->line, .alloc_step = r->step, .free_step = -1,
                     .cls = r->size_class, .flags = r->flags, .known = 1};
    note_file(H, r->file_sid);
}

/* ---- per step ----------------------------------------------------------------------- */

/* Frames form a stack: compare the two lists up to the first difference;
 * below it only lines can change, above it frames were popped and pushed. */
static void frames_ops(Recorder *R, HtmlSink *H)
{
    const Snapshot *now = R->now;
    size_t common = 0;
    while (common < H->frames.n && common < now->frames.n &&
           H->frames.v[common].serial == now->frames.v[common].serial)
        common++;
    for (size_t i = H->frames.n; i-- > common;) {
        op(H, 2);
        op(H, H->frames.v[i].serial);
    }
    for (size_t k = 0; k < now->frames.n; k++) {
        const FrameSnap *fs = &now->frames.v[k];
        if (k >= common) {
            op(H, 1);
            op(H, fs->serial);
            op(H, fs->func_sid);
            op(H, fs->line);
            note_file(H, fs->file_sid);
        } else if (H->frames.v[k].line != fs->line && k + 1 < now->frames.n) {
            /* Lines of the frames below the top (the top's is the step's). */
            op(H, 11);
            op(H, fs->serial);
            op(H, fs->line);
        }
    }
    H->frames.n = 0;
    for (size_t k = 0; k < now->frames.n; k++)
        VEC_PUSH(H->frames, ((FrameSeen){now->frames.v[k].serial, now->frames.v[k].line}));
    if (now->hidden_frames != H->hidden_frames) {
        op(H, 12);
        op(H, now->hidden_frames);
        H->hidden_frames = now->hidden_frames;
    }
}

static bool is_sequence(uint8_t kind) { return kind == VK_LIST || kind == VK_TUPLE || kind == VK_SET; }

/* Op 4. Sequences and sets send only targets (their labels are positions);
 * edges equal to the previous step's leading edges are not sent again
 * ("keep"), so an append costs one target, not the whole list. */
static void object_op(Recorder *R, HtmlSink *H, const VisObj *v, const VisObj *p)
{
    uint32_t keep = 0;
    if (p && p->kind == v->kind) {
        const Edge *a = &R->prev->edges.v[p->edge_off], *b = &R->now->edges.v[v->edge_off];
        uint32_t n = p->nedges < v->nedges ? p->nedges : v->nedges;
        while (keep < n && a[keep].label_sid == b[keep].label_sid && a[keep].target == b[keep].target)
            keep++;
    }
    op(H, 4);
    op(H, v->id);
    op(H, v->refcnt);
    op(H, v->gen == GEN_NONE ? -1 : v->gen);
    op(H, v->kind);
    op(H, v->more);
    op(H, v->kind == VK_LEAF ? v->value_sid : 0); /* the page writes container values */
    op(H, keep);
    op(H, v->nedges - keep);
    for (uint32_t e = keep; e < v->nedges; e++) {
        const Edge *ed = &R->now->edges.v[v->edge_off + e];
        if (!is_sequence(v->kind)) op(H, ed->label_sid);
        op(H, ed->target);
    }
}

static void objects_ops(Recorder *R, HtmlSink *H)
{
    const Delta *d = &R->delta;
    for (size_t i = 0; i < d->added.n; i++) {
        const VisObj *v = snap_find(R->now, d->added.v[i]);
        if (!v) continue;
        ObjStatic *s = obj_static(H, v->id);
        if (!s->known) {
            ObjRec *r = objtab_find(&R->live, v->obj);
            if (r) static_from_rec(H, v->id, r);
        }
        object_op(R, H, v, NULL);
    }
    for (size_t i = 0; i < d->changed.n; i++) {
        const VisObj *v = snap_find(R->now, d->changed.v[i]);
        const VisObj *p = snap_find(R->prev, d->changed.v[i]);
        if (!v) continue;
        bool only_count = p && p->value_sid == v->value_sid && p->gen == v->gen &&
                          p->nedges == v->nedges && p->more == v->more &&
                          (!v->nedges || memcmp(&R->prev->edges.v[p->edge_off],
                                                &R->now->edges.v[v->edge_off],
                                                v->nedges * sizeof(Edge)) == 0);
        if (only_count) {
            op(H, 5);
            op(H, v->id);
            op(H, v->refcnt);
        } else {
            object_op(R, H, v, p);
        }
    }
    for (size_t i = 0; i < d->removed.n; i++) {
        op(H, 6);
        op(H, d->removed.v[i]);
    }
}

static void log_ops(Recorder *R, HtmlSink *H)
{
    const StepLog *L = &R->log;
    for (size_t i = 0; i < L->allocs.n; i++) {
        const AllocEnt *a = &L->allocs.v[i];
        if (!a->addr || !a->id) continue;
        ObjRec *r = objtab_find(&R->live, a->addr);
        if (r) static_from_rec(H, a->id, r);
        op(H, 8);
        op(H, a->id);
    }
    for (size_t i = 0; i < L->frees.n; i++) {
        const FreeEnt *f = &L->frees.v[i];
        if (!f->id) continue;
        ObjStatic *s = obj_static(H, f->id);
        if (!s->known)
            *s = (ObjStatic){.type_sid = f->type_sid, .size = f->size, .line = f->alloc_line,
                             .alloc_step = f->alloc_step, .cls = f->size_class, .known = 1};
        s->free_step = (int32_t)L->step;
        s->reason = f->reason;
        op(H, 7);
        op(H, f->id);
        op(H, f->reason);
    }
    for (size_t i = 0; i < L->gcs.n; i++) {
        const GcEv *g = &L->gcs.v[i];
        op(H, 9);
        op(H, g->r.generation);
        op(H, g->r.examined);
        op(H, (int64_t)g->nunreach);
        op(H, g->r.finalized);
        op(H, g->r.collected);
        op(H, g->r.uncollectable);
        op(H, (int64_t)(g->r.duration_ns / 1000));
    }
    uint64_t temps = 0;
    for (size_t i = 0; i < L->temps.n; i++) temps += L->temps.v[i].count;
    if (temps) {
        op(H, 10);
        op(H, (int64_t)temps);
    }
}

static void pool_visit(void *ctx, size_t arena, const void *base, size_t pool, int cls,
                       size_t used, size_t total)
{
    HtmlSink *H = ctx;
    size_t i = arena * HEAP_POOLS_PER_ARENA + pool;
    if (H->pool_cls_now.n <= i) {
        size_t old = H->pool_cls_now.n;
        VEC_RESERVE(H->pool_cls_now, i + 1 - old);
        VEC_RESERVE(H->pool_used_now, i + 1 - old);
        for (size_t k = old; k <= i; k++) H->pool_cls_now.v[k] = H->pool_used_now.v[k] = 0;
        H->pool_cls_now.n = H->pool_used_now.n = i + 1;
    }
    H->pool_cls_now.v[i] = cls + 1;
    H->pool_used_now.v[i] = (int32_t)used;
}

static void heap_ops(Recorder *R, HtmlSink *H)
{
    for (size_t i = 0; i < H->pool_cls_now.n; i++) H->pool_cls_now.v[i] = H->pool_used_now.v[i] = 0;
    heap_visit_pools(mem_of(R->S)->heap, pool_visit, H);
    VEC_PUSH(H->heap_off, H->heap.n);
    size_t n = H->pool_cls_now.n > H->pool_cls.n ? H->pool_cls_now.n : H->pool_cls.n;
    for (size_t i = 0; i < n; i++) {
        int32_t c = i < H->pool_cls_now.n ? H->pool_cls_now.v[i] : 0;
        int32_t u = i < H->pool_used_now.n ? H->pool_used_now.v[i] : 0;
        int32_t pc = i < H->pool_cls.n ? H->pool_cls.v[i] : 0;
        int32_t pu = i < H->pool_used.n ? H->pool_used.v[i] : 0;
        if (c == pc && u == pu) continue;
        VEC_PUSH(H->heap, (int32_t)i);
        VEC_PUSH(H->heap, c);
        VEC_PUSH(H->heap, u);
    }
    /* The new map becomes the previous one. */
    H->pool_cls.n = H->pool_used.n = 0;
    VEC_RESERVE(H->pool_cls, H->pool_cls_now.n);
    VEC_RESERVE(H->pool_used, H->pool_cls_now.n);
    memcpy(H->pool_cls.v, H->pool_cls_now.v, H->pool_cls_now.n * sizeof(int32_t));
    memcpy(H->pool_used.v, H->pool_used_now.v, H->pool_cls_now.n * sizeof(int32_t));
    H->pool_cls.n = H->pool_used.n = H->pool_cls_now.n;
}

static void html_step(Recorder *R, void *ctx)
{
    HtmlSink *H = ctx;
    const StepLog *L = &R->log;
    VEC_PUSH(H->step_off, H->ops.n);
    op(H, L->kind);
    op(H, L->line);
    op(H, L->file_sid);
    op(H, L->func_sid);
    note_file(H, L->file_sid);
    frames_ops(R, H);
    for (size_t i = 0; i < R->delta.binds.n; i++) {
        const BindChange *b = &R->delta.binds.v[i];
        op(H, 3);
        op(H, b->frame);
        op(H, b->name_sid);
        op(H, b->new_id);
    }
    log_ops(R, H);
    objects_ops(R, H);
    heap_ops(R, H);
}

/* ---- writing the page ------------------------------------------------------------------ */

/* Writes the template text between markers, replacing "@@NAME@@" by the output
 * of the matching writer. */
static void write_ints(FILE *f, const int64_t *v, size_t n)
{
    for (size_t i = 0; i < n; i++) fprintf(f, i ? ",%" PRId64 : "%" PRId64, v[i]);
}

static void write_data(Recorder *R, HtmlSink *H, FILE *f)
{
    fprintf(f, "{\"v\":1,\"pyheap\":\"%s\",\"model\":\"CPython 3.11\",\"max_visible\":%d,",
            PYHEAP_VERSION, R->opt.max_visible > 0 ? R->opt.max_visible : 400);
    fprintf(f, "\"arena_size\":%zu,\"pool_size\":%zu,\"pool_overhead\":%d,\"program\":",
            (size_t)HEAP_ARENA_SIZE, (size_t)HEAP_POOL_SIZE, HEAP_POOL_OVERHEAD);
    json_write_str(f, H->files.n ? strtab_get(&R->strs, H->files.v[0]) : "");
    fputs(",\n\"strs\":[", f);
    for (uint32_t i = 0; i < R->strs.n; i++) {
        if (i) fputc(',', f);
        if (i % 64 == 0) fputc('\n', f);
        json_write_str(f, strtab_get(&R->strs, i));
    }
    fputs("],\n\"files\":[", f);
    for (size_t i = 0; i < H->files.n; i++) {
        size_t len;
        const char *text = source_text(R, H->files.v[i], &len);
        fprintf(f, "%s[%u,", i ? "," : "", H->files.v[i]);
        json_write_str(f, text ? text : "");
        fputc(']', f);
    }
    fputs("],\n\"objs\":{", f);
    static const char *cols[] = {"t", "z", "c", "f", "l", "a", "d", "r", "g"};
    for (int c = 0; c < 9; c++) {
        fprintf(f, "%s\"%s\":[", c ? ",\n" : "", cols[c]);
        for (size_t i = 0; i < H->objs.n; i++) {
            const ObjStatic *s = &H->objs.v[i];
            int64_t v = 0;
            switch (c) {
            case 0: v = s->type_sid; break;
            case 1: v = s->size; break;
            case 2: v = s->cls; break;
            case 3: v = s->file_sid; break;
            case 4: v = s->line; break;
            case 5: v = s->alloc_step; break;
            case 6: v = s->free_step; break;
            case 7: v = s->reason; break;
            default: v = s->flags; break;
            }
            fprintf(f, i ? ",%" PRId64 : "%" PRId64, v);
        }
        fputc(']', f);
    }
    fputs("},\n\"steps\":[", f);
    for (size_t s = 0; s < H->step_off.n; s++) {
        size_t a = H->step_off.v[s], b = s + 1 < H->step_off.n ? H->step_off.v[s + 1] : H->ops.n;
        fputs(s ? ",\n[" : "\n[", f);
        write_ints(f, H->ops.v + a, b - a);
        fputc(']', f);
    }
    fputs("],\n\"heap\":[", f);
    for (size_t s = 0; s < H->heap_off.n; s++) {
        size_t a = H->heap_off.v[s], b = s + 1 < H->heap_off.n ? H->heap_off.v[s + 1] : H->heap.n;
        fputs(s ? ",[" : "[", f);
        for (size_t i = a; i < b; i++) fprintf(f, i > a ? ",%d" : "%d", H->heap.v[i]);
        fputc(']', f);
    }
    fputs("]}", f);
}

static int html_finish(Recorder *R, void *ctx)
{
    HtmlSink *H = ctx;
    FILE *f = fopen(H->path, "w");
    if (!f) {
        fprintf(stderr, "pyheap: cannot write %s: %s\n", H->path, strerror(errno));
        return -1;
    }
    setvbuf(f, NULL, _IOFBF, 1 << 16);
    /* The template has three holes: @@CSS@@, @@DATA@@ and @@JS@@. */
    const char *p = page_html;
    while (*p) {
        const char *m = strstr(p, "@@");
        if (!m) {
            fputs(p, f);
            break;
        }
        fwrite(p, 1, (size_t)(m - p), f);
        if (strncmp(m, "@@CSS@@", 7) == 0) {
            fputs(page_css, f);
            p = m + 7;
        } else if (strncmp(m, "@@JS@@", 6) == 0) {
            fputs(page_js, f);
            p = m + 6;
        } else if (strncmp(m, "@@DATA@@", 8) == 0) {
            write_data(R, H, f);
            p = m + 8;
        } else if (strncmp(m, "@@TITLE@@", 9) == 0) {
            const char *prog = H->files.n ? strtab_get(&R->strs, H->files.v[0]) : "program";
            const char *base = strrchr(prog, '/');
            for (const char *c = base ? base + 1 : prog; *c; c++) {
                if (*c == '<') fputs("&lt;", f);
                else if (*c == '&') fputs("&amp;", f);
                else fputc(*c, f);
            }
            p = m + 9;
        } else {
            fputs("@@", f);
            p = m + 2;
        }
    }
    int rc = 0;
    if (fflush(f) != 0 || ferror(f)) {
        fprintf(stderr, "pyheap: could not write %s: %s\n", H->path, strerror(errno));
        rc = -1;
    }
    fclose(f);
    return rc;
}

static void html_destroy(void *ctx)
{
    HtmlSink *H = ctx;
    free(H->path);
    VEC_FREE(H->ops);
    VEC_FREE(H->step_off);
    VEC_FREE(H->heap);
    VEC_FREE(H->heap_off);
    VEC_FREE(H->objs);
    VEC_FREE(H->frames);
    VEC_FREE(H->files);
    VEC_FREE(H->pool_cls);
    VEC_FREE(H->pool_used);
    VEC_FREE(H->pool_cls_now);
    VEC_FREE(H->pool_used_now);
    free(H);
}

int html_sink_new(Recorder *R, const char *path, Sink *out)
{
    HtmlSink *H = calloc(1, sizeof *H);
    if (!H || !(H->path = strdup(path))) {
        free(H);
        return -1;
    }
    /* Fail now, not after the run, when the file cannot be written. */
    FILE *probe = fopen(path, "w");
    if (!probe) {
        fprintf(stderr, "pyheap: cannot write %s: %s\n", path, strerror(errno));
        html_destroy(H);
        return -1;
    }
    fclose(probe);
    *out = (Sink){.on_step = html_step, .finish = html_finish, .destroy = html_destroy, .ctx = H};
    return 0;
}
