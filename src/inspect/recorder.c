/* The recorder: event hook, live-object table, steps, snapshots and deltas.
 * See recorder.h for the model. */
#include "inspect/recorder.h"

#include "objects/code.h"
/* Read-only, for the freelists at start-up (see register_freelists).
 * TODO(containers engineer): a visitor over the freelists would let this go. */
#include "objects/containers.h"
#include "objects/dict.h"
#include "objects/list.h"
#include "objects/set.h"
#include "objects/str.h"
#include "objects/tuple.h"
#include "objects/typeobject.h"
#include "vm/frame.h"

#include <stdlib.h>
#include <string.h>

/* ---- growable arrays -------------------------------------------------------------- */

void *rec_grow(void *v, size_t *cap, size_t need, size_t esz)
{
    if (need <= *cap) return v;
    size_t n = *cap ? *cap : 16;
    while (n < need) n *= 2;
    void *p = realloc(v, n * esz);
    if (!p) {
        /* The recorder's own memory: without it no view can be produced, and
         * an event hook has no way to report an error. */
        fputs("pyheap: inspector out of memory\n", stderr);
        abort();
    }
    *cap = n;
    return p;
}

/* ---- string table ------------------------------------------------------------------- */

static uint32_t hash_bytes32(const char *s, size_t n)
{
    uint32_t h = 2166136261u; /* FNV-1a */
    for (size_t i = 0; i < n; i++) h = (h ^ (uint8_t)s[i]) * 16777619u;
    return h;
}

static void strtab_rehash(StrTab *t, uint32_t nslots)
{
    uint32_t *slots = calloc(nslots, sizeof *slots);
    if (!slots) rec_grow(NULL, &(size_t){0}, SIZE_MAX / 2, 2); /* aborts */
    for (uint32_t sid = 0; sid < t->n; sid++) {
        const char *s = t->buf + t->off[sid];
        uint32_t i = hash_bytes32(s, strlen(s)) & (nslots - 1);
        while (slots[i]) i = (i + 1) & (nslots - 1);
        slots[i] = sid + 1;
    }
    free(t->slots);
    t->slots = slots;
    t->nslots = nslots;
}

uint32_t strtab_add(StrTab *t, const char *s, size_t n)
{
    if (!t->nslots) {
        strtab_rehash(t, 1024);
        if (t->n == 0) { /* sid 0 is "" */
            t->buf = rec_grow(t->buf, &t->cap, 1, 1);
            t->buf[0] = 0;
            t->len = 1;
            size_t oc = t->offcap;
            t->off = rec_grow(t->off, &oc, 1, sizeof *t->off);
            t->offcap = (uint32_t)oc;
            t->off[0] = 0;
            t->n = 1;
            strtab_rehash(t, 1024);
        }
    }
    if (n == 0) return 0;
    uint32_t mask = t->nslots - 1, i = hash_bytes32(s, n) & mask;
    for (uint32_t e; (e = t->slots[i]) != 0; i = (i + 1) & mask) {
        const char *c = t->buf + t->off[e - 1];
        if (strncmp(c, s, n) == 0 && c[n] == 0) return e - 1;
    }
    uint32_t sid = t->n;
    t->buf = rec_grow(t->buf, &t->cap, t->len + n + 1, 1);
    memcpy(t->buf + t->len, s, n);
    t->buf[t->len + n] = 0;
    size_t oc = t->offcap;
    t->off = rec_grow(t->off, &oc, (size_t)sid + 1, sizeof *t->off);
    t->offcap = (uint32_t)oc;
    t->off[sid] = (uint32_t)t->len;
    t->len += n + 1;
    t->n++;
    t->slots[i] = sid + 1;
    if ((uint64_t)t->n * 2 > t->nslots) strtab_rehash(t, t->nslots * 2);
    return sid;
}

void strtab_free(StrTab *t)
{
    free(t->buf);
    free(t->off);
    free(t->slots);
    memset(t, 0, sizeof *t);
}

/* ---- the live-object table: linear probing, backward-shift deletion ----------------- */

static inline size_t ptr_hash(const void *p, size_t mask)
{
    uint64_t x = (uint64_t)(uintptr_t)p >> 4;
    x *= 0x9E3779B97F4A7C15ull;
    return (size_t)(x >> 20) & mask;
}

ObjRec *objtab_find(const ObjTable *t, const PhObject *addr)
{
    if (!t->cap) return NULL;
    size_t mask = t->cap - 1;
    for (size_t i = ptr_hash(addr, mask);; i = (i + 1) & mask) {
        ObjRec *r = &t->slots[i];
        if (r->addr == addr) return r;
        if (!r->addr) return NULL;
    }
}

static void objtab_resize(ObjTable *t, size_t cap)
{
    ObjRec *old = t->slots;
    size_t oldcap = t->cap;
    t->slots = calloc(cap, sizeof *t->slots);
    if (!t->slots) rec_grow(NULL, &(size_t){0}, SIZE_MAX / 2, 2); /* aborts */
    t->cap = cap;
    for (size_t j = 0; j < oldcap; j++) {
        if (!old[j].addr) continue;
        size_t i = ptr_hash(old[j].addr, cap - 1);
        while (t->slots[i].addr) i = (i + 1) & (cap - 1);
        t->slots[i] = old[j];
    }
    free(old);
}

ObjRec *objtab_insert(ObjTable *t, PhObject *addr)
{
    if ((t->used + 1) * 4 > t->cap * 3) objtab_resize(t, t->cap ? t->cap * 2 : 4096);
    size_t mask = t->cap - 1, i = ptr_hash(addr, mask);
    while (t->slots[i].addr && t->slots[i].addr != addr) i = (i + 1) & mask;
    ObjRec *r = &t->slots[i];
    if (!r->addr) t->used++;
    memset(r, 0, sizeof *r);
    r->addr = addr;
    r->cur_alloc = -1;
    return r;
}

void objtab_remove(ObjTable *t, ObjRec *r)
{
    size_t mask = t->cap - 1, i = (size_t)(r - t->slots);
    t->slots[i].addr = NULL;
    t->used--;
    /* Shift later members of the probe run back so lookups never stop early. */
    for (size_t j = (i + 1) & mask; t->slots[j].addr; j = (j + 1) & mask) {
        size_t home = ptr_hash(t->slots[j].addr, mask);
        /* Move j to i when home is not cyclically in (i, j]. */
        bool stays = (i < j) ? (home > i && home <= j) : (home > i || home <= j);
        if (stays) continue;
        t->slots[i] = t->slots[j];
        t->slots[j].addr = NULL;
        i = j;
    }
}

/* ---- object records ---------------------------------------------------------------- */

static bool in_state(PhState *S, const void *p)
{
    return (const char *)p >= (const char *)S && (const char *)p < (const char *)(S + 1);
}

static void size_of_block(PhState *S, PhObject *o, uint32_t *size, int16_t *cls)
{
    if (in_state(S, o)) {
        *size = 0;
        *cls = -2;
        return;
    }
    Heap *h = mem_of(S)->heap;
    void *block = (char *)o - type_preheader_size(o->type);
    size_t n = heap_usable_size(h, block);
    *size = (uint32_t)n;
    *cls = heap_owns(h, block) ? (int16_t)((n - 1) >> HEAP_ALIGNMENT_SHIFT) : -1;
}

static uint32_t type_sid_of(Recorder *R, PhObject *o)
{
    return strtab_addz(&R->strs, describe_type_name(R->S, o));
}

ObjRec *rec_lookup(Recorder *R, PhObject *o)
{
    ObjRec *r = objtab_find(&R->live, o);
    if (r) return r;
    r = objtab_insert(&R->live, o);
    r->flags = OBJ_PREEXISTING | (in_state(R->S, o) ? OBJ_STATIC : 0);
    r->type_sid = type_sid_of(R, o);
    size_of_block(R->S, o, &r->size, &r->size_class);
    r->step = R->step;
    r->gen_seq = (uint32_t)R->gen_log.n;
    /* Static objects (builtin types) have no GC header in front of them. */
    int g = obj_is_gc(o) && !(r->flags & OBJ_STATIC) ? gc_generation_of(R->S, o) : -1;
    r->gen_cached = g < 0 ? 0 : (uint8_t)g;
    return r;
}

static void type_count(Recorder *R, uint32_t sid, int alloc, uint32_t size);

/* A dead object (on a freelist) seen alive again was handed out anew, with
 * no allocation event: from here on it is a new object with a new id. */
static void rec_revive(Recorder *R, ObjRec *r, PhObject *o)
{
    r->flags = (uint8_t)((r->flags & ~(OBJ_DEAD | OBJ_PREEXISTING)) | OBJ_FREELIST);
    r->id = ++R->next_id;
    r->step = R->step;
    r->value_sid = 0;
    r->gen_cached = 0;
    r->gen_seq = (uint32_t)R->gen_log.n;
    /* Revived while the step's line ran (the frame may have moved on since). */
    r->file_sid = R->log.file_sid;
    r->line = R->log.line;
    type_count(R, r->type_sid, 1, r->size);
    if (R->snapshots && R->log.kind != STEP_START)
        VEC_PUSH(R->log.allocs, ((AllocEnt){.addr = o, .id = r->id, .type_sid = r->type_sid,
                                            .size = r->size, .size_class = r->size_class,
                                            .freelist = 1}));
}

uint32_t rec_id_of(Recorder *R, PhObject *o)
{
    ObjRec *r = rec_lookup(R, o);
    if ((r->flags & OBJ_DEAD) && o->refcnt > 0) rec_revive(R, r, o);
    if (!r->id) r->id = ++R->next_id;
    return r->id;
}

uint8_t rec_generation(Recorder *R, PhObject *o)
{
    if (!obj_is_gc(o)) return GEN_NONE;
    ObjRec *r = rec_lookup(R, o);
    if (r->flags & OBJ_STATIC) return GEN_NONE;
    if (!gc_is_tracked(o)) {
        /* Untracked now: when it is tracked again it starts in generation 0. */
        r->gen_cached = 0;
        r->gen_seq = (uint32_t)R->gen_log.n;
        return GEN_NONE;
    }
    /* Survivors of a collection of generation g move from g (or younger) to
     * g + 1; replay the collections since we last looked. */
    uint8_t gen = r->gen_cached;
    for (size_t k = r->gen_seq; k < R->gen_log.n && gen < 2; k++)
        if (R->gen_log.v[k] >= gen) gen++;
    r->gen_cached = gen;
    r->gen_seq = (uint32_t)R->gen_log.n;
    return gen;
}

/* ---- per-type counters -------------------------------------------------------------- */

static void type_count(Recorder *R, uint32_t sid, int alloc, uint32_t size)
{
    size_t need = (size_t)sid + 1;
    if (R->type_allocs.n < need) {
        VEC_RESERVE(R->type_allocs, need - R->type_allocs.n);
        VEC_RESERVE(R->type_frees, need - R->type_frees.n);
        VEC_RESERVE(R->type_live, need - R->type_live.n);
        for (size_t i = R->type_allocs.n; i < need; i++)
            R->type_allocs.v[i] = R->type_frees.v[i] = R->type_live.v[i] = 0;
        R->type_allocs.n = R->type_frees.n = R->type_live.n = need;
    }
    if (alloc) {
        R->type_allocs.v[sid]++;
        R->type_live.v[sid] += size;
    } else {
        R->type_frees.v[sid]++;
        R->type_live.v[sid] -= size;
    }
}

/* ---- the current position in the program --------------------------------------------- */

static uint32_t str_sid(Recorder *R, PhObject *s)
{
    char buf[256];
    if (!s || !(s->type->flags & TPFLAG_UNICODE_SUBCLASS)) return 0;
    size_t n = describe_str(s, buf, sizeof buf);
    return strtab_add(&R->strs, buf, n);
}

static uint32_t code_file_sid(Recorder *R, PhCode *co)
{
    return co ? str_sid(R, co->filename) : 0;
}

static uint32_t code_func_sid(Recorder *R, PhCode *co)
{
    return co ? str_sid(R, co->qualname ? co->qualname : co->name) : 0;
}

/* Allocation site: the innermost frame's file and line. Allocations made
 * while no frame runs (start-up, shut-down) have line 0. */
static void current_site(Recorder *R, uint32_t *file_sid, int32_t *line)
{
    PhFrame *f = R->S->frame;
    if (!f || !f->code) {
        *file_sid = 0;
        *line = 0;
        return;
    }
    *line = frame_current_line(f);
    *file_sid = code_file_sid(R, f->code);
}

/* ---- the shadow frame stack --------------------------------------------------------- */

static FrameRec frame_rec_new(Recorder *R, PhFrame *f)
{
    return (FrameRec){.frame = f, .code = f->code, .serial = ++R->next_frame,
                      .func_sid = code_func_sid(R, f->code),
                      .file_sid = code_file_sid(R, f->code)};
}

/* Makes the shadow stack match the interpreter's chain of frames, keeping
 * the serials of frames that are still the same. */
static void frames_sync(Recorder *R)
{
    R->chain.n = 0;
    for (PhFrame *f = R->S->frame; f; f = f->previous) VEC_PUSH(R->chain, (void *)f);
    PhFrame **chain = (PhFrame **)R->chain.v;
    size_t n = R->chain.n;
    /* chain[n-1] is the bottom frame. */
    size_t keep = 0;
    while (keep < n && keep < R->frames.n) {
        PhFrame *f = chain[n - 1 - keep];
        if (R->frames.v[keep].frame != f || R->frames.v[keep].code != f->code) break;
        keep++;
    }
    R->frames.n = keep;
    for (size_t d = keep; d < n; d++) VEC_PUSH(R->frames, frame_rec_new(R, chain[n - 1 - d]));
}

static const FrameRec *frame_find(Recorder *R, void *f, size_t *depth)
{
    for (size_t i = R->frames.n; i-- > 0;)
        if (R->frames.v[i].frame == f) {
            if (depth) *depth = i;
            return &R->frames.v[i];
        }
    return NULL;
}

/* ---- snapshots ----------------------------------------------------------------------- */

bool snap_has_frame(const Snapshot *s, uint32_t serial)
{
    /* Serials grow from the bottom of the stack to the top: a frame gets its
     * serial when it is first seen, and it can only be seen on top. */
    size_t lo = 0, hi = s->frames.n;
    while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        uint32_t v = s->frames.v[mid].serial;
        if (v == serial) return true;
        if (v < serial) lo = mid + 1;
        else hi = mid;
    }
    return false;
}

const VisObj *snap_find(const Snapshot *s, uint32_t id)
{
    if (id >= s->index_cap || !s->index[id]) return NULL;
    return &s->objs.v[s->index[id] - 1];
}

static void snap_reset(Snapshot *s)
{
    for (size_t i = 0; i < s->objs.n; i++) {
        uint32_t id = s->objs.v[i].id;
        if (id < s->index_cap) s->index[id] = 0;
    }
    s->frames.n = s->binds.n = s->objs.n = s->edges.n = 0;
    s->hidden = s->hidden_frames = 0;
}

static void snap_free(Snapshot *s)
{
    VEC_FREE(s->frames);
    VEC_FREE(s->binds);
    VEC_FREE(s->objs);
    VEC_FREE(s->edges);
    free(s->index);
    s->index = NULL;
    s->index_cap = 0;
}

static bool is_dunder(const char *s, size_t n)
{
    return n > 4 && s[0] == '_' && s[1] == '_' && s[n - 1] == '_' && s[n - 2] == '_';
}

static void add_binding(Recorder *R, Snapshot *s, uint32_t frame, PhObject *name, PhObject *v)
{
    char buf[256];
    if (!name || !(name->type->flags & TPFLAG_UNICODE_SUBCLASS)) return;
    size_t n = describe_str(name, buf, sizeof buf);
    VEC_PUSH(s->binds, ((Binding){.frame = frame, .name_sid = strtab_add(&R->strs, buf, n),
                                  .id = rec_id_of(R, v), .obj = v}));
}

static bool is_dict(PhState *S, PhObject *o)
{
    return o->type == &S->types.dict || (o->type->flags & TPFLAG_DICT_SUBCLASS);
}

/* Bindings of one frame: the namespace of module and class bodies (without
 * dunder names), else the fast locals, cells and free variables. */
static void frame_bindings(Recorder *R, Snapshot *s, PhFrame *f, uint32_t serial)
{
    if (f->locals) {
        if (!is_dict(R->S, f->locals)) return;
        ssize_t pos = 0;
        PhObject *k, *v;
        char buf[256];
        while (dict_next(f->locals, &pos, &k, &v)) {
            if (!(k->type->flags & TPFLAG_UNICODE_SUBCLASS)) continue;
            size_t n = describe_str(k, buf, sizeof buf);
            if (is_dunder(buf, n)) continue;
            add_binding(R, s, serial, k, v);
        }
        return;
    }
    PhCode *co = f->code;
    for (int i = 0; co && i < co->nlocalsplus; i++) {
        PhObject *v = frame_slot_value(f, i);
        if (v) add_binding(R, s, serial, frame_slot_name(f, i), v);
    }
}

static void index_set(Snapshot *s, uint32_t id, uint32_t idx1)
{
    if (id >= s->index_cap) {
        size_t old = s->index_cap;
        s->index = rec_grow(s->index, &s->index_cap, (size_t)id + 1, sizeof *s->index);
        memset(s->index + old, 0, (s->index_cap - old) * sizeof *s->index);
    }
    s->index[id] = idx1;
}

static uint8_t visible_kind(PhState *S, PhObject *o)
{
    PhType *t = o->type;
    if (t == &S->types.list || (t->flags & TPFLAG_LIST_SUBCLASS)) return VK_LIST;
    if (t == &S->types.tuple || (t->flags & TPFLAG_TUPLE_SUBCLASS)) return VK_TUPLE;
    if (is_dict(S, o)) return VK_DICT;
    if (t == &S->types.set || t == &S->types.frozenset) return VK_SET;
    if ((t->flags & TPFLAG_HEAPTYPE) && !(t->flags & TPFLAG_TYPE_SUBCLASS) &&
        !(t->flags & TPFLAG_BASE_EXC_SUBCLASS))
        return VK_INST;
    return VK_LEAF;
}

/* Values of immutable objects never change: describe them once. */
static bool value_is_fixed(PhState *S, PhObject *o)
{
    PhType *t = o->type;
    return t == &S->types.int_ || t == &S->types.bool_ || t == &S->types.str ||
           t == &S->types.float_ || t == &S->types.bytes || t == &S->types.none ||
           t == &S->types.function || t == &S->types.code || t == &S->types.builtin_func ||
           t == &S->types.module;
}

static uint32_t value_sid_of(Recorder *R, PhObject *o)
{
    ObjRec *r = rec_lookup(R, o);
    if (r->value_sid && value_is_fixed(R->S, o)) return r->value_sid;
    char buf[256];
    size_t n = describe_value(R->S, o, buf, sizeof buf, 48);
    r = rec_lookup(R, o);
    r->value_sid = strtab_add(&R->strs, buf, n);
    return r->value_sid;
}

static int max_visible(Recorder *R) { return R->opt.max_visible > 0 ? R->opt.max_visible : 400; }
static int max_items(Recorder *R) { return R->opt.max_items > 0 ? R->opt.max_items : 25; }

/* Adds o to the visible set (if not there and room is left). Returns false
 * when the cap stopped it. */
static bool vis_add(Recorder *R, Snapshot *s, PhObject *o)
{
    uint32_t id = rec_id_of(R, o);
    if (id < s->index_cap && s->index[id]) return true;
    if (s->objs.n >= (size_t)max_visible(R)) {
        s->hidden++;
        return false;
    }
    ObjRec *r = rec_lookup(R, o);
    VisObj v = {.obj = o, .id = id, .type_sid = r->type_sid, .refcnt = o->refcnt,
                .kind = visible_kind(R->S, o)};
    VEC_PUSH(s->objs, v);
    index_set(s, id, (uint32_t)s->objs.n);
    VEC_PUSH(R->queue, o);
    return true;
}

/* Adds an edge from visible object idx to child. By index: adding the child
 * may move s->objs. */
static void vis_edge(Recorder *R, Snapshot *s, size_t idx, const char *label, size_t n,
                     PhObject *child)
{
    if (!child) return;
    if (s->objs.v[idx].nedges >= (uint32_t)max_items(R) || !vis_add(R, s, child)) {
        s->objs.v[idx].more++;
        return;
    }
    VEC_PUSH(s->edges, ((Edge){.label_sid = strtab_add(&R->strs, label, n),
                               .target = rec_id_of(R, child)}));
    s->objs.v[idx].nedges++;
}

typedef struct ExpandCtx {
    Recorder *R;
    Snapshot *s;
    size_t idx;
} ExpandCtx;

static int expand_attr(void *ctx, PhObject *name, PhObject *v)
{
    ExpandCtx *e = ctx;
    char buf[128];
    size_t n = name->type->flags & TPFLAG_UNICODE_SUBCLASS ? describe_str(name, buf, sizeof buf)
                                                          : describe_value(e->R->S, name, buf, sizeof buf, 24);
    vis_edge(e->R, e->s, e->idx, buf, n, v);
    return 0;
}

static void expand_instance(Recorder *R, Snapshot *s, size_t idx, PhObject *o)
{
    ExpandCtx e = {R, s, idx};
    inst_attrs(R->S, o, expand_attr, &e);
}

static void expand(Recorder *R, Snapshot *s, size_t idx)
{
    PhState *S = R->S;
    PhObject *o = s->objs.v[idx].obj;
    char buf[128];
    size_t n;
    /* s->objs may move while children are added: index, never hold a pointer. */
#define V (&s->objs.v[idx])
    V->edge_off = (uint32_t)s->edges.n;
    switch (V->kind) {
    case VK_LIST:
    case VK_TUPLE: {
        ssize_t len = ((PhVarObject *)o)->size;
        PhObject **items = V->kind == VK_LIST ? LIST_ITEMS(o) : TUPLE_ITEMS(o);
        for (ssize_t i = 0; i < len; i++) {
            if (V->nedges >= (uint32_t)max_items(R)) {
                V->more += (uint32_t)(len - i);
                break;
            }
            n = (size_t)snprintf(buf, sizeof buf, "%zd", i);
            vis_edge(R, s, idx, buf, n, items[i]);
        }
        break;
    }
    case VK_DICT: {
        ssize_t pos = 0;
        PhObject *k, *val;
        while (dict_next(o, &pos, &k, &val)) {
            if (V->nedges >= (uint32_t)max_items(R)) {
                V->more++;
                continue;
            }
            n = describe_value(S, k, buf, sizeof buf, 24);
            vis_edge(R, s, idx, buf, n, val);
        }
        break;
    }
    case VK_SET: {
        ssize_t pos = 0;
        PhObject *k;
        while (set_next(o, &pos, &k)) {
            if (V->nedges >= (uint32_t)max_items(R)) {
                V->more++;
                continue;
            }
            vis_edge(R, s, idx, "", 0, k);
        }
        break;
    }
    case VK_INST:
        expand_instance(R, s, idx, o);
        break;
    default:
        break;
    }
#undef V
}

/* Takes the snapshot of the state at the end of a step. */
static void take_snapshot(Recorder *R, Snapshot *s)
{
    snap_reset(s);
    frames_sync(R);
    /* A deep stack (recursion) shows its bottom frame and its top frames:
     * a thousand frames cannot be looked at, and reading them all at every
     * step would make the run quadratic. */
    size_t n = R->frames.n, keep = MAX_VIEW_FRAMES;
    s->hidden_frames = n > keep + 1 ? (uint32_t)(n - keep - 1) : 0;
    for (size_t d = 0; d < n; d++) {
        if (d > 0 && d < n - keep && n > keep + 1) d = n - keep;
        FrameRec *fr = &R->frames.v[d];
        PhFrame *f = fr->frame;
        FrameSnap fs = {.serial = fr->serial, .func_sid = fr->func_sid,
                        .file_sid = fr->file_sid, .line = frame_current_line(f),
                        .bind_off = s->binds.n};
        frame_bindings(R, s, f, fr->serial);
        fs.nbind = s->binds.n - fs.bind_off;
        VEC_PUSH(s->frames, fs);
    }
    /* Breadth first from the names, in binding order, so nearby objects get
     * nearby ids and the cap drops the farthest ones. */
    R->queue.n = 0;
    for (size_t i = 0; i < s->binds.n; i++) vis_add(R, s, s->binds.v[i].obj);
    for (size_t qi = 0; qi < R->queue.n; qi++) {
        PhObject *o = R->queue.v[qi];
        size_t idx = s->index[rec_id_of(R, o)] - 1;
        expand(R, s, idx);
    }
    /* Values and generations last: describing is the costly part. Container
     * values are only needed by the trace (the page writes its own from the
     * edges, and edges show every change in view). */
    for (size_t i = 0; i < s->objs.n; i++) {
        VisObj *v = &s->objs.v[i];
        if (v->kind != VK_LEAF && !R->opt.trace) {
            v->gen = rec_generation(R, v->obj);
            continue;
        }
        uint32_t vs = value_sid_of(R, v->obj);
        v = &s->objs.v[i];
        v->value_sid = vs;
        v->gen = rec_generation(R, v->obj);
    }
}

/* ---- deltas ---------------------------------------------------------------------------- */

typedef struct BindKey {
    uint64_t key; /* frame << 32 | name, +1 so 0 is empty */
    uint32_t id;
} BindKey;

static bool edges_differ(const Snapshot *a, const VisObj *x, const Snapshot *b, const VisObj *y)
{
    if (x->nedges != y->nedges || x->more != y->more) return true;
    if (!x->nedges) return false;
    return memcmp(&a->edges.v[x->edge_off], &b->edges.v[y->edge_off],
                  x->nedges * sizeof(Edge)) != 0;
}

static void compute_delta(Recorder *R)
{
    Snapshot *now = R->now, *prev = R->prev;
    Delta *d = &R->delta;
    d->binds.n = d->added.n = d->changed.n = d->removed.n = 0;

    /* Bindings: a hash of the previous ones by (frame, name). */
    size_t cap = 16;
    while (cap < prev->binds.n * 2 + 2) cap *= 2;
    BindKey *tab = calloc(cap, sizeof *tab);
    uint8_t *seen = calloc(prev->binds.n + 1, 1);
    uint32_t *where = calloc(cap, sizeof *where);
    if (!tab || !seen || !where) rec_grow(NULL, &(size_t){0}, SIZE_MAX / 2, 2);
    for (size_t i = 0; i < prev->binds.n; i++) {
        const Binding *b = &prev->binds.v[i];
        uint64_t key = ((uint64_t)b->frame << 32 | b->name_sid) + 1;
        size_t h = ptr_hash((void *)(uintptr_t)(key << 4), cap - 1);
        while (tab[h].key && tab[h].key != key) h = (h + 1) & (cap - 1);
        tab[h] = (BindKey){key, b->id};
        where[h] = (uint32_t)i;
    }
    for (size_t i = 0; i < now->binds.n; i++) {
        const Binding *b = &now->binds.v[i];
        uint64_t key = ((uint64_t)b->frame << 32 | b->name_sid) + 1;
        size_t h = ptr_hash((void *)(uintptr_t)(key << 4), cap - 1);
        while (tab[h].key && tab[h].key != key) h = (h + 1) & (cap - 1);
        uint32_t old = 0;
        if (tab[h].key) {
            old = tab[h].id;
            seen[where[h]] = 1;
        }
        if (old != b->id)
            VEC_PUSH(d->binds, ((BindChange){b->frame, b->name_sid, old, b->id}));
    }
    /* Names gone from frames that still exist (del x); popped frames report
     * their released locals separately. */
    for (size_t i = 0; i < prev->binds.n; i++) {
        if (seen[i]) continue;
        const Binding *b = &prev->binds.v[i];
        if (snap_has_frame(now, b->frame)) VEC_PUSH(d->binds, ((BindChange){b->frame, b->name_sid, b->id, 0}));
    }
    free(tab);
    free(seen);
    free(where);

    for (size_t i = 0; i < now->objs.n; i++) {
        const VisObj *v = &now->objs.v[i];
        const VisObj *p = snap_find(prev, v->id);
        if (!p)
            VEC_PUSH(d->added, v->id);
        else if (p->refcnt != v->refcnt || p->value_sid != v->value_sid || p->gen != v->gen ||
                 edges_differ(prev, p, now, v))
            VEC_PUSH(d->changed, v->id);
    }
    for (size_t i = 0; i < prev->objs.n; i++)
        if (!snap_find(now, prev->objs.v[i].id)) VEC_PUSH(d->removed, prev->objs.v[i].id);
}

/* Objects that left the visible set with a zero count went to a freelist:
 * their memory stayed, so no free event came. Report them freed. */
static void detect_freelist_deaths(Recorder *R)
{
    Snapshot *prev = R->prev;
    for (size_t i = 0; i < prev->objs.n; i++) {
        const VisObj *p = &prev->objs.v[i];
        if (snap_find(R->now, p->id)) continue;
        ObjRec *r = objtab_find(&R->live, p->obj);
        if (!r || r->id != p->id || (r->flags & OBJ_DEAD)) continue; /* freed, or reported */
        /* A zero count on another type means a deallocation is under way (a
         * __del__ it set off is running): its free event will come. */
        if (p->obj->refcnt != 0 || !describe_has_freelist(R->S, p->obj)) continue;
        r->flags |= OBJ_DEAD;
        VEC_PUSH(R->log.frees, ((FreeEnt){.id = r->id, .type_sid = r->type_sid,
                                          .value_sid = r->value_sid, .size = r->size,
                                          .size_class = r->size_class, .reason = FREE_FREELIST,
                                          .alloc_line = r->line, .alloc_step = r->step}));
        type_count(R, r->type_sid, 0, r->size);
    }
}

/* ---- steps ------------------------------------------------------------------------------- */

static void log_reset(StepLog *L)
{
    L->allocs.n = L->frees.n = L->temps.n = L->frames.n = L->released.n = 0;
    L->gcs.n = L->gc_ids.n = 0;
    L->nalloc = L->nfree = 0;
}

static void log_free(StepLog *L)
{
    VEC_FREE(L->allocs);
    VEC_FREE(L->frees);
    VEC_FREE(L->temps);
    VEC_FREE(L->frames);
    VEC_FREE(L->released);
    VEC_FREE(L->gcs);
    VEC_FREE(L->gc_ids);
}

static void temp_count(StepLog *L, uint32_t type_sid);
static void sweep_freelists(Recorder *R, bool force);

/* Describes the objects allocated during the step that are still alive. */
static void finish_allocs(Recorder *R)
{
    StepLog *L = &R->log;
    for (size_t i = 0; i < L->allocs.n; i++) {
        AllocEnt *a = &L->allocs.v[i];
        if (!a->addr) continue;
        ObjRec *r = objtab_find(&R->live, a->addr);
        if (!r) {
            a->addr = NULL;
            continue;
        }
        r->cur_alloc = -1;
        if (a->addr->refcnt == 0 && describe_has_freelist(R->S, a->addr)) {
            /* Died within the step onto a freelist (no free event): a temporary. */
            r->flags |= OBJ_DEAD;
            type_count(R, r->type_sid, 0, r->size);
            a->addr = NULL;
            if (L->kind != STEP_START) temp_count(L, r->type_sid);
            continue;
        }
        if (L->kind == STEP_START) continue; /* start-up: compiled code, not shown */
        a->id = rec_id_of(R, a->addr);
        a->value_sid = value_sid_of(R, a->addr);
    }
}

static void step_end(Recorder *R, uint8_t ended_by)
{
    StepLog *L = &R->log;
    L->ended_by = ended_by;
    if (R->snapshots) {
        finish_allocs(R);
        sweep_freelists(R, L->kind == STEP_START);
        take_snapshot(R, R->now);
        detect_freelist_deaths(R);
        compute_delta(R);
    }
    L->step = R->step;
    for (size_t i = 0; i < R->sinks.n; i++)
        if (R->sinks.v[i].on_step) R->sinks.v[i].on_step(R, R->sinks.v[i].ctx);
    log_reset(L);
    if (R->snapshots) {
        Snapshot *t = R->prev;
        R->prev = R->now;
        R->now = t;
    }
    R->step++;
}

static void step_begin(Recorder *R, uint8_t kind, int line, const FrameRec *fr, int depth)
{
    StepLog *L = &R->log;
    L->kind = kind;
    L->line = line;
    L->file_sid = fr ? fr->file_sid : 0;
    L->func_sid = fr ? fr->func_sid : 0;
    L->frame = fr ? fr->serial : 0;
    L->depth = depth;
}

/* ---- events --------------------------------------------------------------------------------- */

static void on_alloc(Recorder *R, const PhEvent *ev)
{
    PhObject *o = ev->obj;
    ObjRec *r = objtab_insert(&R->live, o);
    r->type_sid = type_sid_of(R, o);
    r->size = (uint32_t)ev->size;
    r->size_class = ev->size <= HEAP_SMALL_MAX && ev->size > 0
                        ? (int16_t)((ev->size - 1) >> HEAP_ALIGNMENT_SHIFT)
                        : -1;
    r->step = R->step;
    r->gen_seq = (uint32_t)R->gen_log.n;
    current_site(R, &r->file_sid, &r->line);
    R->total_allocs++;
    R->log.nalloc++;
    type_count(R, r->type_sid, 1, r->size);
    if (R->snapshots) {
        r->cur_alloc = (int32_t)R->log.allocs.n;
        VEC_PUSH(R->log.allocs, ((AllocEnt){.addr = o, .type_sid = r->type_sid,
                                            .size = r->size, .size_class = r->size_class}));
    }
}

static void temp_count(StepLog *L, uint32_t type_sid)
{
    for (size_t i = 0; i < L->temps.n; i++)
        if (L->temps.v[i].type_sid == type_sid) {
            L->temps.v[i].count++;
            return;
        }
    VEC_PUSH(L->temps, ((TempEnt){type_sid, 1}));
}

static void on_free(Recorder *R, const PhEvent *ev)
{
    StepLog *L = &R->log;
    ObjRec *r = objtab_find(&R->live, ev->obj);
    R->total_frees++;
    L->nfree++;
    if (!r) return;
    if (r->flags & OBJ_DEAD) { /* a freelist emptied: reported when it died */
        objtab_remove(&R->live, r);
        return;
    }
    type_count(R, r->type_sid, 0, r->size);
    if (R->snapshots) {
        if (r->cur_alloc >= 0 && (size_t)r->cur_alloc < L->allocs.n &&
            L->allocs.v[r->cur_alloc].addr == ev->obj) {
            L->allocs.v[r->cur_alloc].addr = NULL; /* born and died within the step */
            if (L->kind != STEP_START) temp_count(L, r->type_sid);
        } else if (L->kind != STEP_START) {
            VEC_PUSH(L->frees, ((FreeEnt){.id = r->id, .type_sid = r->type_sid,
                                          .value_sid = r->value_sid, .size = r->size,
                                          .size_class = r->size_class,
                                          .reason = rec_free_by_gc(R, ev) ? FREE_GC : FREE_REFCOUNT,
                                          .alloc_line = r->line, .alloc_step = r->step}));
        }
    }
    objtab_remove(&R->live, r);
}

static void on_line(Recorder *R, const PhEvent *ev)
{
    step_end(R, END_LINE);
    frames_sync(R);
    size_t depth = 0;
    const FrameRec *fr = ev->frame ? frame_find(R, ev->frame, &depth) : NULL;
    if (!fr && R->frames.n) {
        depth = R->frames.n - 1;
        fr = &R->frames.v[depth];
    }
    step_begin(R, STEP_LINE, ev->line, fr, fr ? (int)depth + 1 : 0);
}

static void on_frame_push(Recorder *R, const PhEvent *ev)
{
    PhFrame *f = ev->frame;
    if (!f) return;
    if (!R->frames.n || R->frames.v[R->frames.n - 1].frame != f)
        VEC_PUSH(R->frames, frame_rec_new(R, f));
    FrameRec *fr = &R->frames.v[R->frames.n - 1];
    VEC_PUSH(R->log.frames, ((FrameEv){.push = 1, .frame = fr->serial, .func_sid = fr->func_sid,
                                       .depth = (int)R->frames.n}));
}

static void on_frame_pop(Recorder *R, const PhEvent *ev)
{
    size_t depth = 0;
    if (!frame_find(R, ev->frame, &depth)) frames_sync(R);
    /* The step of the returning line ends here, with the frame's names intact. */
    step_end(R, END_POP);
    const FrameRec *fr = frame_find(R, ev->frame, &depth);
    if (!fr) {
        step_begin(R, STEP_RETURN, 0, NULL, 0);
        return;
    }
    FrameEv fe = {.push = 0, .frame = fr->serial, .func_sid = fr->func_sid, .depth = (int)depth + 1};
    /* The names it releases: from the snapshot just taken (now R->prev). */
    PhFrame *f = ev->frame;
    if (R->snapshots && !f->locals) {
        fe.bind_off = R->log.released.n;
        for (size_t i = 0; i < R->prev->frames.n; i++) {
            const FrameSnap *fs = &R->prev->frames.v[i];
            if (fs->serial != fr->serial) continue;
            for (size_t k = 0; k < fs->nbind; k++)
                VEC_PUSH(R->log.released, R->prev->binds.v[fs->bind_off + k]);
        }
        fe.nbind = R->log.released.n - fe.bind_off;
    }
    R->frames.n = depth; /* pop it and anything above it */
    const FrameRec *caller = depth ? &R->frames.v[depth - 1] : NULL;
    int line = caller ? frame_current_line(caller->frame) : 0;
    step_begin(R, STEP_RETURN, line, caller, (int)depth);
    VEC_PUSH(R->log.frames, fe);
}

static void on_gc(Recorder *R, const PhEvent *ev)
{
    StepLog *L = &R->log;
    switch (ev->kind) {
    case EV_GC_START:
        R->in_collection = true;
        VEC_PUSH(L->gcs, ((GcEv){.r = *ev->gc, .unreach_off = L->gc_ids.n}));
        break;
    case EV_GC_UNREACHABLE:
        if (L->gcs.n) {
            VEC_PUSH(L->gc_ids, rec_id_of(R, ev->obj));
            L->gcs.v[L->gcs.n - 1].nunreach++;
        }
        break;
    case EV_GC_STOP:
        if (L->gcs.n) {
            GcEv *g = &L->gcs.v[L->gcs.n - 1];
            g->r = *ev->gc;
            g->done = 1;
        }
        VEC_PUSH(R->gen_log, (uint8_t)ev->gc->generation);
        R->in_collection = false;
        break;
    default:
        break;
    }
}

static void recorder_hook(PhState *S, const PhEvent *ev, void *ctx)
{
    Recorder *R = ctx;
    if (R->in_hook || R->finished) return;
    R->in_hook = true;
    /* Frees go to the sinks before the record is dropped; everything else after
     * the recorder has updated its state. */
    if (ev->kind == EV_FREE)
        for (size_t i = 0; i < R->sinks.n; i++)
            if (R->sinks.v[i].on_event) R->sinks.v[i].on_event(R, ev, R->sinks.v[i].ctx);
    switch (ev->kind) {
    case EV_ALLOC: on_alloc(R, ev); break;
    case EV_FREE: on_free(R, ev); break;
    case EV_LINE: on_line(R, ev); break;
    case EV_FRAME_PUSH: on_frame_push(R, ev); break;
    case EV_FRAME_POP: on_frame_pop(R, ev); break;
    default: on_gc(R, ev); break;
    }
    if (ev->kind != EV_FREE)
        for (size_t i = 0; i < R->sinks.n; i++)
            if (R->sinks.v[i].on_event) R->sinks.v[i].on_event(R, ev, R->sinks.v[i].ctx);
    R->in_hook = false;
}

/* ---- life cycle --------------------------------------------------------------------------- */

Recorder *recorder_new(PhState *S, const InspectOptions *opt)
{
    Recorder *R = calloc(1, sizeof *R);
    if (!R) return NULL;
    R->S = S;
    R->opt = *opt;
    strtab_add(&R->strs, "", 0);
    R->sid_question = strtab_addz(&R->strs, "?");
    R->now = &R->snap[0];
    R->prev = &R->snap[1];
    R->snapshots = opt->trace || opt->html_path;
    step_begin(R, STEP_START, 0, NULL, 0);
    return R;
}

void recorder_add_sink(Recorder *R, Sink s) { VEC_PUSH(R->sinks, s); }

/* An object found on a freelist is dead: its count reached zero and its
 * memory stayed with the type. If it was shown, report it freed now. */
static void register_dead(Recorder *R, PhObject *o)
{
    if (!o) return;
    ObjRec *r = objtab_find(&R->live, o);
    if (r && (r->flags & OBJ_DEAD)) return;
    if (!r) {
        r = rec_lookup(R, o);
        r->flags |= OBJ_DEAD;
        return;
    }
    r->flags |= OBJ_DEAD;
    if (r->cur_alloc >= 0) return; /* finish_allocs counts it as a temporary */
    type_count(R, r->type_sid, 0, r->size);
    if (r->id && R->log.kind != STEP_START)
        VEC_PUSH(R->log.frees, ((FreeEnt){.id = r->id, .type_sid = r->type_sid,
                                          .value_sid = r->value_sid, .size = r->size,
                                          .size_class = r->size_class, .reason = FREE_FREELIST,
                                          .alloc_line = r->line, .alloc_step = r->step}));
}

/* Objects waiting on the freelists are dead. When one is handed out again
 * there is no allocation event (the memory never left its type), so the
 * recorder must already know the old object died, or it would take the new
 * one for the old. The sweep runs when recording starts and then at step
 * ends, every step while the freelists are short, less often when long. */
static void sweep_freelists(Recorder *R, bool force)
{
    PhState *S = R->S;
    PhContainers *C = S->containers;
    size_t total = (size_t)S->float_numfree;
    if (C) {
        for (int n = 1; n <= TUPLE_MAXSAVESIZE; n++) total += (size_t)C->tuple_numfree[n];
        total += (size_t)C->list_numfree + (size_t)C->dict_numfree;
    }
    size_t every = total / 256 + 1;
    if (!force && R->step % every != 0) return;
    for (PhObject *f = S->float_freelist; f;) {
        register_dead(R, f);
        PhObject *next;
        memcpy(&next, (char *)f + sizeof(PhObject), sizeof next); /* linked through the value */
        f = next;
    }
    if (!C) return;
    for (int n = 1; n <= TUPLE_MAXSAVESIZE; n++)
        for (PhTuple *t = C->tuple_free[n]; t; t = (PhTuple *)t->items[0])
            register_dead(R, &t->ob.ob);
    for (int i = 0; i < C->list_numfree; i++) register_dead(R, &C->list_free[i]->ob.ob);
    for (int i = 0; i < C->dict_numfree; i++) register_dead(R, &C->dict_free[i]->ob);
    register_dead(R, C->slice_cache);
}

void recorder_attach(Recorder *R)
{
    if (R->snapshots) sweep_freelists(R, true);
    PhMem *M = mem_of(R->S);
    M->hook = recorder_hook;
    M->hook_ctx = R;
}

Recorder *recorder_of(PhState *S)
{
    PhMem *M = mem_of(S);
    return M->hook == recorder_hook ? M->hook_ctx : NULL;
}

void recorder_detach(Recorder *R)
{
    if (R->finished) return;
    if (!R->in_hook) {
        R->in_hook = true;
        step_end(R, END_FINISH);
        R->in_hook = false;
    }
    R->finished = true;
    PhMem *M = mem_of(R->S);
    if (M->hook == recorder_hook) {
        M->hook = NULL;
        M->hook_ctx = NULL;
    }
}

void recorder_free(Recorder *R)
{
    if (!R) return;
    for (size_t i = 0; i < R->sinks.n; i++)
        if (R->sinks.v[i].destroy) R->sinks.v[i].destroy(R->sinks.v[i].ctx);
    VEC_FREE(R->sinks);
    strtab_free(&R->strs);
    free(R->live.slots);
    VEC_FREE(R->frames);
    log_free(&R->log);
    snap_free(&R->snap[0]);
    snap_free(&R->snap[1]);
    VEC_FREE(R->delta.binds);
    VEC_FREE(R->delta.added);
    VEC_FREE(R->delta.changed);
    VEC_FREE(R->delta.removed);
    VEC_FREE(R->gen_log);
    VEC_FREE(R->type_allocs);
    VEC_FREE(R->type_frees);
    VEC_FREE(R->type_live);
    VEC_FREE(R->queue);
    VEC_FREE(R->chain);
    for (size_t i = 0; i < R->sources.n; i++) {
        free(R->sources.v[i].text);
        free(R->sources.v[i].lines);
    }
    VEC_FREE(R->sources);
    free(R->line_buf);
    free(R);
}

/* ---- source text --------------------------------------------------------------------------- */

static SourceFile *source_get(Recorder *R, uint32_t file_sid)
{
    for (size_t i = 0; i < R->sources.n; i++)
        if (R->sources.v[i].file_sid == file_sid) return &R->sources.v[i];
    SourceFile sf = {.file_sid = file_sid};
    const char *path = strtab_get(&R->strs, file_sid);
    FILE *f = file_sid ? fopen(path, "rb") : NULL;
    if (f) {
        size_t cap = 0, len = 0;
        char chunk[8192];
        size_t k;
        while ((k = fread(chunk, 1, sizeof chunk, f)) > 0) {
            sf.text = rec_grow(sf.text, &cap, len + k + 1, 1);
            memcpy(sf.text + len, chunk, k);
            len += k;
        }
        fclose(f);
        if (sf.text) sf.text[len] = 0;
        sf.len = len;
        /* Line starts: line i (1-based) begins at lines[i-1]. */
        size_t lcap = 0;
        sf.lines = rec_grow(NULL, &lcap, 1, sizeof *sf.lines);
        sf.lines[sf.nlines++] = 0;
        for (size_t i = 0; i < len; i++)
            if (sf.text[i] == '\n' && i + 1 < len) {
                sf.lines = rec_grow(sf.lines, &lcap, sf.nlines + 1, sizeof *sf.lines);
                sf.lines[sf.nlines++] = i + 1;
            }
    }
    VEC_PUSH(R->sources, sf);
    return &R->sources.v[R->sources.n - 1];
}

const char *source_text(Recorder *R, uint32_t file_sid, size_t *len)
{
    SourceFile *sf = source_get(R, file_sid);
    if (len) *len = sf->len;
    return sf->text;
}

const char *source_line(Recorder *R, uint32_t file_sid, int line)
{
    static char empty[1];
    SourceFile *sf = source_get(R, file_sid);
    if (!sf->text || line < 1 || (size_t)line > sf->nlines) return empty;
    const char *p = sf->text + sf->lines[line - 1];
    size_t n = strcspn(p, "\r\n");
    R->line_buf = rec_grow(R->line_buf, &R->line_cap, n + 1, 1);
    memcpy(R->line_buf, p, n);
    R->line_buf[n] = 0;
    return R->line_buf;
}

/* ---- JSON strings ----------------------------------------------------------------------------- */

void json_write_str(FILE *f, const char *s)
{
    fputc('"', f);
    for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
        unsigned c = *p;
        if (c == '"' || c == '\\') {
            fputc('\\', f);
            fputc((int)c, f);
        } else if (c == '\n') {
            fputs("\\n", f);
        } else if (c == '\t') {
            fputs("\\t", f);
        } else if (c == '\r') {
            fputs("\\r", f);
        } else if (c < 0x20) {
            fprintf(f, "\\u%04x", c);
        } else if (c == '<' && p[1] == '/') {
            fputs("<\\/", f); /* never close the page's <script> by accident */
            p++;
        } else {
            fputc((int)c, f);
        }
    }
    fputc('"', f);
}
