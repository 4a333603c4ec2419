/* The generational cyclic collector (src/mem/gc.c) on test types of our own.
 *
 * Every test builds its own interpreter state (PhState begins with PhMem) and
 * sets the collector fields it depends on, so PYHEAP_GC_STRESS in the
 * environment (make stress) changes nothing here; stress mode has its own
 * test. Each test ends by checking that the heap reports no leaked block.
 */
#include "check.h"
#include "mem/mem.h"

#include <stdint.h>
#include <unistd.h>

struct PhState {
    PhMem mem;
};

/* ---- test types -------------------------------------------------------------- */

/* A container with a variable number of child references. */
typedef struct Node {
    PhVarObject ob;
    long tag;
    PhObject *kids[];
} Node;

/* A non-GC object. */
typedef struct Leaf {
    PhObject ob;
    long value;
} Leaf;

static long g_deallocs;         /* containers deallocated */
static long g_leaf_deallocs;
static long g_finalized;        /* finalizer calls */
static int g_resurrect;         /* finalizers store self in g_root */
static int g_fin_clears;        /* finalizers drop their own references */
static int g_fin_collects;      /* finalizers call gc_collect ... */
static ssize_t g_fin_collect_rc; /* ... and this is what it returned */
static PhObject *g_root;

static void reset_counters(void)
{
    g_deallocs = g_leaf_deallocs = g_finalized = 0;
    g_resurrect = g_fin_clears = g_fin_collects = 0;
    g_fin_collect_rc = 0;
    g_root = NULL;
}

static int node_traverse(PhObject *self, visitproc visit, void *arg)
{
    Node *n = (Node *)self;
    for (ssize_t i = 0; i < n->ob.size; i++) VISIT(n->kids[i]);
    return 0;
}

static int node_clear(PhState *S, PhObject *self)
{
    Node *n = (Node *)self;
    for (ssize_t i = 0; i < n->ob.size; i++) CLEAR(S, n->kids[i]);
    return 0;
}

static void node_dealloc(PhState *S, PhObject *self)
{
    g_deallocs++;
    gc_untrack(self);
    node_clear(S, self);
    obj_free(S, self);
}

static void fin_finalize(PhState *S, PhObject *self)
{
    g_finalized++;
    if (g_resurrect) {
        INCREF(self);
        XDECREF(S, g_root);
        g_root = self;
    }
    if (g_fin_collects) g_fin_collect_rc = gc_collect(S, 2);
    if (g_fin_clears) node_clear(S, self);
}

static void legacy_del(PhState *S, PhObject *self) { (void)S, (void)self; }

/* Untracks self when it holds no tracked container (CPython's tuple rule). */
static int node_maybe_untrack(PhObject *self)
{
    Node *n = (Node *)self;
    for (ssize_t i = 0; i < n->ob.size; i++) {
        PhObject *k = n->kids[i];
        if (k && obj_is_gc(k) && gc_is_tracked(k)) return 0;
    }
    gc_untrack(self);
    return 1;
}

static void leaf_dealloc(PhState *S, PhObject *self)
{
    g_leaf_deallocs++;
    obj_free(S, self);
}

#define NODE_FIELDS                                                           \
    .ob = {.ob = {.refcnt = 1 << 30}}, .basicsize = offsetof(Node, kids),    \
    .itemsize = sizeof(PhObject *), .dealloc = node_dealloc,                 \
    .traverse = node_traverse, .clear = node_clear

static PhType NodeType = {NODE_FIELDS, .name = "Node", .flags = TPFLAG_HAVE_GC};
static PhType FinNodeType = {NODE_FIELDS, .name = "FinNode", .flags = TPFLAG_HAVE_GC,
                             .finalize = fin_finalize};
static PhType LegacyNodeType = {NODE_FIELDS, .name = "LegacyNode", .flags = TPFLAG_HAVE_GC,
                                .legacy_del = legacy_del};
static PhType TupleNodeType = {NODE_FIELDS, .name = "TupleNode", .flags = TPFLAG_HAVE_GC,
                               .maybe_untrack = node_maybe_untrack};
static PhType DictNodeType = {NODE_FIELDS, .name = "DictNode",
                              .flags = TPFLAG_HAVE_GC | TPFLAG_UNTRACK_FULL_ONLY,
                              .maybe_untrack = node_maybe_untrack};
static PhType LeafType = {.ob = {.ob = {.refcnt = 1 << 30}}, .name = "Leaf",
                          .basicsize = sizeof(Leaf), .dealloc = leaf_dealloc};

/* ---- helpers ----------------------------------------------------------------- */

/* A state with the collector's CPython defaults and nothing else set. */
static PhState *state_new(void)
{
    PhState *S = calloc(1, sizeof *S);
    if (!S || mem_init(S, &(HeapConfig){.debug = true}) != 0) abort();
    GcState *G = &mem_of(S)->gc;
    G->enabled = 1;
    G->stress = 0;
    G->debug = 0;
    reset_counters();
    return S;
}

static size_t state_free(PhState *S)
{
    /* A refused (double or foreign) free counts as a leak: it is a bug. */
    size_t errors = heap_debug_errors(mem_of(S)->heap);
    size_t leaked = mem_fini(S);
    free(S);
    return leaked + errors;
}

static Node *node_new(PhState *S, PhType *t, ssize_t nkids, bool track)
{
    Node *n = (Node *)obj_alloc(S, t, type_object_size(t, nkids));
    if (!n) return NULL;
    n->ob.size = nkids;
    n->tag = 0;
    for (ssize_t i = 0; i < nkids; i++) n->kids[i] = NULL;
    if (track) gc_track(S, &n->ob.ob);
    return n;
}

#define NEW(t, k) node_new(S, (t), (k), true)
#define OBJ(n) (&(n)->ob.ob)

/* Stores a new reference to child in parent's slot i. */
static void node_set(PhState *S, Node *parent, ssize_t i, void *child)
{
    XINCREF(child);
    PhObject *old = parent->kids[i];
    parent->kids[i] = child;
    XDECREF(S, old);
}

/* Builds a ring of `count` containers of type t, each pointing to the next;
 * the caller owns one reference to the returned first node. */
static Node *build_ring(PhState *S, PhType *t, long count)
{
    Node *first = NEW(t, 1);
    Node *cur = first;
    for (long i = 1; i < count; i++) {
        Node *n = NEW(t, 1);
        n->tag = i;
        cur->kids[0] = OBJ(n); /* steals */
        cur = n;
    }
    node_set(S, cur, 0, first);
    return first;
}

static GcState *gcs(PhState *S) { return &mem_of(S)->gc; }

#define CHECK_COUNTS(S, a, b, c)                                              \
    do {                                                                      \
        CHECK_EQ(gcs(S)->gens[0].count, (a));                                 \
        CHECK_EQ(gcs(S)->gens[1].count, (b));                                 \
        CHECK_EQ(gcs(S)->gens[2].count, (c));                                 \
    } while (0)

/* gc.garbage stand-in for the save_garbage hook. */
#define MAX_SAVED 64
static PhObject *g_saved[MAX_SAVED];
static int g_nsaved;

static int save_garbage(PhState *S, PhObject *o)
{
    if (g_nsaved == MAX_SAVED) return -1;
    INCREF(o);
    g_saved[g_nsaved++] = o;
    return 0;
}

/* Empties the saved list: clears each object (breaking cycles), then drops it. */
static void release_saved(PhState *S)
{
    for (int i = 0; i < g_nsaved; i++) g_saved[i]->type->clear(S, g_saved[i]);
    for (int i = 0; i < g_nsaved; i++) DECREF(S, g_saved[i]);
    g_nsaved = 0;
}

/* Breaks the cycles through n and drops the caller's reference to it. The
 * extra reference keeps n alive while its own clear runs. */
static void break_and_drop(PhState *S, Node *n)
{
    INCREF(n);
    node_clear(S, OBJ(n));
    DECREF(S, n);
    DECREF(S, n);
}

/* ---- cycles ------------------------------------------------------------------- */

TEST(self_cycle_collected)
{
    PhState *S = state_new();
    Node *a = NEW(&NodeType, 1);
    node_set(S, a, 0, a);
    DECREF(S, a);
    CHECK_EQ(g_deallocs, 0); /* refcounting alone cannot free it */
    CHECK_EQ(mem_of(S)->live_objects, 1);
    CHECK_EQ(gc_collect(S, 2), 1);
    CHECK_EQ(g_deallocs, 1);
    CHECK_EQ(mem_of(S)->live_objects, 0);
    CHECK_EQ(gc_collect(S, 2), 0);
    CHECK_EQ(state_free(S), 0);
}

TEST(two_cycle_collected_by_gen0)
{
    PhState *S = state_new();
    Node *a = NEW(&NodeType, 1), *b = NEW(&NodeType, 2);
    Leaf *l = (Leaf *)obj_alloc(S, &LeafType, sizeof(Leaf));
    node_set(S, a, 0, b);
    node_set(S, b, 0, a);
    b->kids[1] = &l->ob; /* steals: a non-GC child is never scanned */
    DECREF(S, a);
    DECREF(S, b);
    CHECK_EQ(gc_collect(S, 0), 2);
    CHECK_EQ(g_deallocs, 2);
    CHECK_EQ(g_leaf_deallocs, 1);
    CHECK_EQ(mem_of(S)->live_objects, 0);
    CHECK_EQ(state_free(S), 0);
}

TEST(ten_thousand_ring_collected)
{
    PhState *S = state_new();
    Node *first = build_ring(S, &NodeType, 10000);
    CHECK_EQ(mem_of(S)->live_objects, 10000);
    /* Automatic collections ran while building (10000 > 700) but the ring
     * was reachable: nothing was freed. */
    CHECK(gcs(S)->stats[0].collections > 0);
    CHECK_EQ(g_deallocs, 0);
    DECREF(S, first);
    CHECK_EQ(g_deallocs, 0);
    CHECK_EQ(gc_collect(S, 2), 10000);
    CHECK_EQ(g_deallocs, 10000);
    CHECK_EQ(mem_of(S)->live_objects, 0);
    CHECK_EQ(gc_generation_size(S, -1), 0);
    CHECK_EQ(state_free(S), 0);
}

TEST(garbage_chain_behind_cycle_collected)
{
    /* A cycle holding a 100,000-long chain: everything is unreachable, and
     * the chain is freed through the trashcan while the collector runs. */
    PhState *S = state_new();
    gcs(S)->enabled = 0;
    Node *a = NEW(&NodeType, 2);
    node_set(S, a, 0, a);
    Node *cur = a;
    for (int i = 0; i < 100000; i++) {
        Node *n = NEW(&NodeType, 2);
        cur->kids[1] = OBJ(n);
        cur = n;
    }
    DECREF(S, a);
    CHECK_EQ(gc_collect(S, 2), 100001);
    CHECK_EQ(g_deallocs, 100001);
    CHECK_EQ(mem_of(S)->dealloc_depth, 0);
    CHECK(mem_of(S)->trash == NULL);
    CHECK_EQ(mem_of(S)->live_objects, 0);
    CHECK_EQ(state_free(S), 0);
}

TEST(reachable_cycle_survives_and_is_promoted)
{
    PhState *S = state_new();
    Node *a = NEW(&NodeType, 1), *b = NEW(&NodeType, 1);
    node_set(S, a, 0, b);
    node_set(S, b, 0, a);
    DECREF(S, b); /* the test keeps its reference to a: a root */
    CHECK_EQ(gc_generation_of(S, OBJ(a)), 0);
    CHECK_EQ(gc_collect(S, 0), 0);
    CHECK_EQ(gc_generation_of(S, OBJ(a)), 1);
    CHECK_EQ(gc_generation_of(S, OBJ(b)), 1);
    CHECK_EQ(gc_collect(S, 1), 0);
    CHECK_EQ(gc_generation_of(S, OBJ(a)), 2);
    CHECK_EQ(gc_collect(S, 2), 0);
    CHECK_EQ(gc_generation_of(S, OBJ(b)), 2);
    CHECK_EQ(a->ob.ob.refcnt, 2); /* counts restored after the scans */
    CHECK_EQ(b->ob.ob.refcnt, 1);
    CHECK_EQ(g_deallocs, 0);
    DECREF(S, a);
    CHECK_EQ(gc_collect(S, 2), 2);
    CHECK_EQ(g_deallocs, 2);
    CHECK_EQ(state_free(S), 0);
}

TEST(young_cycle_held_by_old_object_survives)
{
    PhState *S = state_new();
    Node *holder = NEW(&NodeType, 1);
    gc_collect(S, 1); /* holder now in generation 2, outside young */
    CHECK_EQ(gc_generation_of(S, OBJ(holder)), 2);
    Node *a = NEW(&NodeType, 1), *b = NEW(&NodeType, 1);
    node_set(S, a, 0, b);
    node_set(S, b, 0, a);
    node_set(S, holder, 0, a);
    DECREF(S, a);
    DECREF(S, b);
    CHECK_EQ(gc_collect(S, 0), 0); /* the old reference is external */
    CHECK_EQ(g_deallocs, 0);
    DECREF(S, holder);
    CHECK_EQ(g_deallocs, 1);
    CHECK_EQ(gc_collect(S, 2), 2);
    CHECK_EQ(state_free(S), 0);
}

TEST(untracked_objects_never_scanned)
{
    PhState *S = state_new();
    /* An untracked "cycle" is invisible to the collector. */
    Node *u = node_new(S, &NodeType, 1, false), *v = node_new(S, &NodeType, 1, false);
    node_set(S, u, 0, v);
    node_set(S, v, 0, u);
    DECREF(S, v);
    /* A tracked object referenced only by an untracked one: that reference
     * is never subtracted, so it counts as external. */
    Node *t = NEW(&NodeType, 0);
    Node *w = node_new(S, &NodeType, 1, false);
    node_set(S, w, 0, t);
    DECREF(S, t);
    CHECK_EQ(gc_collect(S, 2), 0);
    CHECK_EQ(g_deallocs, 0);
    CHECK_EQ(gc_generation_size(S, -1), 1);
    CHECK_EQ(gc_generation_of(S, OBJ(u)), -1);
    CHECK_EQ(u->ob.ob.refcnt, 2);
    break_and_drop(S, u); /* break the untracked cycle by hand */
    CHECK_EQ(g_deallocs, 2);
    DECREF(S, w);
    CHECK_EQ(g_deallocs, 4);
    CHECK_EQ(mem_of(S)->live_objects, 0);
    CHECK_EQ(state_free(S), 0);
}

/* ---- finalizers ----------------------------------------------------------------- */

TEST(finalizers_in_cycle_run_once)
{
    PhState *S = state_new();
    Node *a = NEW(&FinNodeType, 1), *b = NEW(&NodeType, 1), *c = NEW(&FinNodeType, 1);
    node_set(S, a, 0, b);
    node_set(S, b, 0, c);
    node_set(S, c, 0, a);
    DECREF(S, a);
    DECREF(S, b);
    DECREF(S, c);
    CHECK_EQ(gc_collect(S, 2), 3);
    CHECK_EQ(g_finalized, 2);
    CHECK_EQ(g_deallocs, 3);
    CHECK_EQ(state_free(S), 0);
}

TEST(resurrection_keeps_everything_reached_and_is_not_counted)
{
    PhState *S = state_new();
    Node *a = NEW(&FinNodeType, 1), *b = NEW(&NodeType, 2), *c = NEW(&NodeType, 0);
    node_set(S, a, 0, b);
    node_set(S, b, 0, a);
    node_set(S, b, 1, c);
    DECREF(S, a);
    DECREF(S, b);
    DECREF(S, c);
    g_resurrect = 1;
    CHECK_EQ(gc_collect(S, 0), 0);
    CHECK_EQ(g_finalized, 1);
    CHECK_EQ(g_deallocs, 0);
    CHECK(g_root == OBJ(a));
    CHECK(gc_is_finalized(OBJ(a)));
    CHECK(!gc_is_finalized(OBJ(b)));
    /* Resurrected objects go to the old generation, with their flags clean. */
    CHECK_EQ(gc_generation_of(S, OBJ(a)), 1);
    CHECK_EQ(gc_generation_of(S, OBJ(b)), 1);
    CHECK_EQ(gc_generation_of(S, OBJ(c)), 1);
    CHECK_EQ(gc_head(OBJ(b))->prev & GC_PREV_COLLECTING, 0);
    CHECK_EQ(gcs(S)->stats[0].collected, 0);
    CHECK_EQ(a->ob.ob.refcnt, 2);
    CHECK(b->kids[1] == OBJ(c)); /* intact: nothing was cleared */

    /* Released again: collected, and the finalizer does not run twice. */
    g_resurrect = 0;
    PhObject *r = g_root;
    g_root = NULL;
    DECREF(S, r);
    CHECK_EQ(gc_collect(S, 2), 3);
    CHECK_EQ(g_finalized, 1);
    CHECK_EQ(g_deallocs, 3);
    CHECK_EQ(gcs(S)->stats[2].collected, 3);
    CHECK_EQ(state_free(S), 0);
}

TEST(resurrection_does_not_block_other_garbage)
{
    PhState *S = state_new();
    Node *r = NEW(&FinNodeType, 1);
    node_set(S, r, 0, r);
    DECREF(S, r);
    for (int i = 0; i < 5; i++) {
        Node *n = NEW(&NodeType, 1);
        node_set(S, n, 0, n);
        DECREF(S, n);
    }
    g_resurrect = 1;
    CHECK_EQ(gc_collect(S, 2), 5);
    CHECK_EQ(gcs(S)->stats[2].collected, 5);
    CHECK_EQ(g_deallocs, 5);
    CHECK(g_root == OBJ(r));
    g_resurrect = 0;
    g_root = NULL;
    DECREF(S, r);
    CHECK_EQ(gc_collect(S, 2), 1);
    CHECK_EQ(g_finalized, 1);
    CHECK_EQ(state_free(S), 0);
}

TEST(finalizer_freeing_other_garbage_mid_walk)
{
    /* a's finalizer drops a->b; b dies, dropping b->a, and a dies when the
     * collector drops its temporary reference. Nothing is left for
     * delete_garbage: like CPython, the collection reports 0. */
    PhState *S = state_new();
    Node *a = NEW(&FinNodeType, 1), *b = NEW(&FinNodeType, 1);
    node_set(S, a, 0, b);
    node_set(S, b, 0, a);
    DECREF(S, a);
    DECREF(S, b);
    g_fin_clears = 1;
    ssize_t found = gc_collect(S, 2);
    CHECK_EQ(found, 0);
    CHECK_EQ(g_deallocs, 2);
    CHECK_EQ(g_finalized, 2); /* whichever ran first, both ran exactly once */
    CHECK_EQ(mem_of(S)->live_objects, 0);
    CHECK_EQ(gc_generation_size(S, -1), 0);
    CHECK_EQ(state_free(S), 0);
}

TEST(collect_inside_collection_refused)
{
    PhState *S = state_new();
    Node *a = NEW(&FinNodeType, 1);
    node_set(S, a, 0, a);
    DECREF(S, a);
    g_fin_collects = 1;
    CHECK_EQ(gc_collect(S, 2), 1);
    CHECK_EQ(g_fin_collect_rc, -1);
    CHECK_EQ(gcs(S)->collecting, 0);
    CHECK_EQ(state_free(S), 0);
}

/* ---- legacy finalizers, SAVEALL ------------------------------------------------------- */

TEST(legacy_finalizer_cycle_uncollectable)
{
    PhState *S = state_new();
    gcs(S)->save_garbage = save_garbage;
    g_nsaved = 0;
    /* L <-> x, x -> y: all three uncollectable. p <-> q: collectable. */
    Node *l = NEW(&LegacyNodeType, 1), *x = NEW(&NodeType, 2), *y = NEW(&NodeType, 0);
    node_set(S, l, 0, x);
    node_set(S, x, 0, l);
    node_set(S, x, 1, y);
    Node *p = NEW(&NodeType, 1), *q = NEW(&NodeType, 1);
    node_set(S, p, 0, q);
    node_set(S, q, 0, p);
    DECREF(S, l); DECREF(S, x); DECREF(S, y); DECREF(S, p); DECREF(S, q);

    CHECK_EQ(gc_collect(S, 2), 5);
    CHECK_EQ(gcs(S)->stats[2].collected, 2);
    CHECK_EQ(gcs(S)->stats[2].uncollectable, 3);
    CHECK_EQ(g_deallocs, 2);
    CHECK_EQ(g_nsaved, 1); /* only the legacy object goes to gc.garbage */
    CHECK(g_saved[0] == OBJ(l));
    CHECK_EQ(gc_generation_of(S, OBJ(x)), 2);
    CHECK_EQ(gc_generation_of(S, OBJ(y)), 2);
    CHECK(x->kids[1] == OBJ(y));

    /* Found again by the next collection (gc.garbage is a root now, so
     * nothing is unreachable while it holds them). */
    CHECK_EQ(gc_collect(S, 2), 0);
    release_saved(S);
    CHECK_EQ(g_deallocs, 5);
    CHECK_EQ(state_free(S), 0);
}

TEST(legacy_finalizer_without_hook_kept_in_old)
{
    PhState *S = state_new();
    Node *l = NEW(&LegacyNodeType, 1);
    node_set(S, l, 0, l);
    DECREF(S, l);
    CHECK_EQ(gc_collect(S, 0), 1);
    CHECK_EQ(gcs(S)->stats[0].uncollectable, 1);
    CHECK_EQ(gc_generation_of(S, OBJ(l)), 1);
    CHECK_EQ(gc_collect(S, 2), 1); /* still garbage, still uncollectable */
    CHECK_EQ(g_deallocs, 0);
    INCREF(l);
    break_and_drop(S, l);
    CHECK_EQ(g_deallocs, 1);
    CHECK_EQ(state_free(S), 0);
}

TEST(debug_saveall_keeps_garbage)
{
    PhState *S = state_new();
    gcs(S)->save_garbage = save_garbage;
    gcs(S)->debug = GC_DEBUG_SAVEALL;
    g_nsaved = 0;
    Node *a = NEW(&NodeType, 1), *b = NEW(&NodeType, 1);
    node_set(S, a, 0, b);
    node_set(S, b, 0, a);
    Node *l = NEW(&LegacyNodeType, 1);
    node_set(S, l, 0, l);
    DECREF(S, a);
    DECREF(S, b);
    DECREF(S, l);
    CHECK_EQ(gc_collect(S, 2), 3);
    CHECK_EQ(g_deallocs, 0);
    CHECK_EQ(g_nsaved, 3);
    CHECK_EQ(gcs(S)->stats[2].collected, 2);
    CHECK_EQ(gcs(S)->stats[2].uncollectable, 1);
    CHECK_EQ(gc_generation_of(S, OBJ(a)), 2);
    CHECK_EQ(a->ob.ob.refcnt, 2);
    gcs(S)->debug = 0;
    release_saved(S);
    CHECK_EQ(g_deallocs, 3);
    CHECK_EQ(state_free(S), 0);
}

/* ---- generations, counting, triggering ------------------------------------------------ */

TEST(counts_after_collect_each_generation)
{
    PhState *S = state_new();
    Node *keep = NEW(&NodeType, 0);
    CHECK_COUNTS(S, 1, 0, 0);
    gc_collect(S, 0);
    CHECK_COUNTS(S, 0, 1, 0);
    gc_collect(S, 0);
    CHECK_COUNTS(S, 0, 2, 0);
    gc_collect(S, 1);
    CHECK_COUNTS(S, 0, 0, 1);
    gc_collect(S, 2);
    CHECK_COUNTS(S, 0, 0, 0);
    CHECK_EQ(gcs(S)->stats[0].collections, 2);
    CHECK_EQ(gcs(S)->stats[1].collections, 1);
    CHECK_EQ(gcs(S)->stats[2].collections, 1);
    /* gen0 count is net allocations: a free takes one back, never below 0. */
    Node *n = NEW(&NodeType, 0);
    CHECK_COUNTS(S, 1, 0, 0);
    DECREF(S, n);
    CHECK_COUNTS(S, 0, 0, 0);
    DECREF(S, keep);
    CHECK_COUNTS(S, 0, 0, 0);
    CHECK_EQ(state_free(S), 0);
}

typedef struct CbLog {
    int calls;
    int stop[8], generation[8];
    ssize_t collected[8], uncollectable[8];
    int gen0_count_at_start;
    ssize_t live_at_start;
} CbLog;

static void log_callback(PhState *S, int stop, const GcResult *r, void *ctx)
{
    CbLog *log = ctx;
    if (!stop) {
        log->gen0_count_at_start = mem_of(S)->gc.gens[0].count;
        log->live_at_start = mem_of(S)->live_objects;
    }
    if (log->calls < 8) {
        log->stop[log->calls] = stop;
        log->generation[log->calls] = r->generation;
        log->collected[log->calls] = r->collected;
        log->uncollectable[log->calls] = r->uncollectable;
    }
    log->calls++;
}

TEST(automatic_collection_when_gen0_exceeds_700)
{
    PhState *S = state_new();
    CHECK_EQ(gcs(S)->gens[0].threshold, 700);
    CHECK_EQ(gcs(S)->gens[1].threshold, 10);
    CHECK_EQ(gcs(S)->gens[2].threshold, 10);
    CbLog log = {0};
    gcs(S)->callback = log_callback;
    gcs(S)->callback_ctx = &log;
    static Node *nodes[701];
    for (int i = 0; i < 700; i++) nodes[i] = NEW(&NodeType, 0);
    CHECK_EQ(log.calls, 0);
    CHECK_COUNTS(S, 700, 0, 0);
    nodes[700] = NEW(&NodeType, 0); /* count 701 > 700: collect, then allocate */
    CHECK_EQ(log.calls, 2);
    CHECK_EQ(log.generation[0], 0);
    CHECK_EQ(log.gen0_count_at_start, 701);
    CHECK_EQ(log.live_at_start, 700); /* the new object did not exist yet */
    CHECK_EQ(gcs(S)->stats[0].collections, 1);
    CHECK_COUNTS(S, 0, 1, 0);
    CHECK_EQ(gc_generation_size(S, 0), 1);
    CHECK_EQ(gc_generation_size(S, 1), 700);
    for (int i = 0; i <= 700; i++) DECREF(S, nodes[i]);
    CHECK_COUNTS(S, 0, 1, 0);

    /* threshold0 == 0 turns automatic collection off, and so does enabled. */
    gcs(S)->gens[0].threshold = 0;
    for (int i = 0; i < 701; i++) nodes[i] = NEW(&NodeType, 0);
    CHECK_EQ(log.calls, 2);
    for (int i = 0; i < 701; i++) DECREF(S, nodes[i]);
    gcs(S)->gens[0].threshold = 700;
    gcs(S)->enabled = 0;
    for (int i = 0; i < 701; i++) nodes[i] = NEW(&NodeType, 0);
    CHECK_EQ(log.calls, 2);
    CHECK_EQ(gc_collect(S, 0), 0); /* gc.collect() ignores enabled */
    CHECK_EQ(log.calls, 4);
    for (int i = 0; i < 701; i++) DECREF(S, nodes[i]);
    CHECK_EQ(state_free(S), 0);
}

TEST(oldest_generation_over_threshold_is_chosen)
{
    PhState *S = state_new();
    GcState *G = gcs(S);
    G->gens[0].count = 700;
    G->gens[1].count = 11; /* > 10: generation 1 is chosen, not 0 */
    Node *n = NEW(&NodeType, 0);
    CHECK_EQ(G->stats[0].collections, 0);
    CHECK_EQ(G->stats[1].collections, 1);
    CHECK_COUNTS(S, 0, 0, 1);
    DECREF(S, n);
    CHECK_EQ(state_free(S), 0);
}

TEST(full_collection_waits_for_25_percent_rule)
{
    PhState *S = state_new();
    GcState *G = gcs(S);
    Node *n1 = NEW(&NodeType, 0);
    G->long_lived_total = 100;
    G->long_lived_pending = 24; /* < 100/4: a full collection is skipped */
    G->gens[0].count = 700;
    G->gens[1].count = 11;
    G->gens[2].count = 11;
    Node *n2 = NEW(&NodeType, 0);
    CHECK_EQ(G->stats[2].collections, 0);
    CHECK_EQ(G->stats[1].collections, 1); /* fell through to generation 1 */
    CHECK_COUNTS(S, 0, 0, 12);
    /* The survivors of a generation-1 collection add to pending. */
    CHECK_EQ(G->long_lived_pending, 25);
    G->long_lived_pending = 24;
    G->gens[0].count = 700;
    Node *n3 = NEW(&NodeType, 0);
    CHECK_EQ(G->stats[2].collections, 0);
    CHECK_EQ(G->stats[1].collections, 1); /* gen1 count 0: gen 0 chosen */
    CHECK_EQ(G->stats[0].collections, 1);
    G->long_lived_pending = 25; /* >= 100/4 */
    G->gens[0].count = 700;
    G->gens[1].count = 11;
    Node *n4 = NEW(&NodeType, 0);
    CHECK_EQ(G->stats[2].collections, 1);
    CHECK_EQ(G->long_lived_pending, 0);
    CHECK_EQ(G->long_lived_total, 3); /* n1, n2, n3 survived into gen 2 */
    CHECK_COUNTS(S, 0, 0, 0);
    DECREF(S, n1); DECREF(S, n2); DECREF(S, n3); DECREF(S, n4);
    CHECK_EQ(state_free(S), 0);
}

TEST(long_lived_accounting)
{
    PhState *S = state_new();
    Node *n[5];
    for (int i = 0; i < 5; i++) n[i] = NEW(&NodeType, 0);
    gc_collect(S, 0);
    CHECK_EQ(gcs(S)->long_lived_pending, 0);
    gc_collect(S, 1);
    CHECK_EQ(gcs(S)->long_lived_pending, 5);
    gc_collect(S, 2);
    CHECK_EQ(gcs(S)->long_lived_pending, 0);
    CHECK_EQ(gcs(S)->long_lived_total, 5);
    for (int i = 0; i < 5; i++) DECREF(S, n[i]);
    CHECK_EQ(state_free(S), 0);
}

TEST(lazy_untracking_tuples_and_dicts)
{
    PhState *S = state_new();
    Leaf *leaf = (Leaf *)obj_alloc(S, &LeafType, sizeof(Leaf));
    Node *t_atomic = NEW(&TupleNodeType, 1), *t_holds = NEW(&TupleNodeType, 1);
    Node *d_atomic = NEW(&DictNodeType, 1), *inner = NEW(&NodeType, 0);
    node_set(S, t_atomic, 0, leaf);
    node_set(S, d_atomic, 0, leaf);
    node_set(S, t_holds, 0, inner);
    gc_collect(S, 0);
    CHECK(!gc_is_tracked(OBJ(t_atomic))); /* tuples: any collection */
    CHECK(gc_is_tracked(OBJ(t_holds)));
    CHECK(gc_is_tracked(OBJ(d_atomic))); /* dicts: full collections only */
    gc_collect(S, 1);
    CHECK(gc_is_tracked(OBJ(d_atomic)));
    gc_collect(S, 2);
    CHECK(!gc_is_tracked(OBJ(d_atomic)));
    CHECK(gc_is_tracked(OBJ(t_holds)));
    CHECK_EQ(gc_generation_size(S, -1), 2);
    DECREF(S, t_atomic); DECREF(S, t_holds); DECREF(S, d_atomic); DECREF(S, inner);
    DECREF(S, leaf);
    CHECK_EQ(mem_of(S)->live_objects, 0);
    CHECK_EQ(state_free(S), 0);
}

/* ---- freeze, sizes, iteration, fini -------------------------------------------------- */

static int count_fn(PhObject *o, void *ctx)
{
    (void)o;
    (*(int *)ctx)++;
    return 0;
}

TEST(freeze_and_unfreeze)
{
    PhState *S = state_new();
    Node *keep[3];
    for (int i = 0; i < 3; i++) keep[i] = NEW(&NodeType, 0);
    gc_collect(S, 0);
    Node *a = NEW(&NodeType, 1), *b = NEW(&NodeType, 1);
    node_set(S, a, 0, b);
    node_set(S, b, 0, a);
    gc_collect(S, 0);
    gc_collect(S, 0);
    CHECK_COUNTS(S, 0, 3, 0);
    gc_freeze(S);
    CHECK_EQ(gc_freeze_count(S), 5);
    CHECK_EQ(gc_generation_size(S, -1), 0);
    CHECK_COUNTS(S, 0, 0, 0);
    CHECK_EQ(gc_generation_of(S, OBJ(a)), 3);
    int n = 0;
    CHECK_EQ(gc_for_each(S, 3, count_fn, &n), 0);
    CHECK_EQ(n, 5);
    DECREF(S, a);
    DECREF(S, b);
    CHECK_EQ(gc_collect(S, 2), 0); /* the permanent generation is never scanned */
    CHECK_EQ(g_deallocs, 0);
    gc_unfreeze(S);
    CHECK_EQ(gc_freeze_count(S), 0);
    CHECK_EQ(gc_generation_size(S, 2), 5);
    CHECK_EQ(gc_collect(S, 2), 2);
    for (int i = 0; i < 3; i++) DECREF(S, keep[i]);
    CHECK_EQ(state_free(S), 0);
}

static int stop_at_second(PhObject *o, void *ctx)
{
    (void)o;
    return ++(*(int *)ctx) == 2 ? 42 : 0;
}

TEST(generation_sizes_and_iteration)
{
    PhState *S = state_new();
    Node *n[6];
    for (int i = 0; i < 6; i++) n[i] = NEW(&NodeType, 0);
    gc_collect(S, 1);                           /* 6 -> gen 2 */
    for (int i = 0; i < 2; i++) gc_untrack(OBJ(n[i]));
    gc_untrack(OBJ(n[0]));                      /* untracking twice is a no-op */
    gc_track(S, OBJ(n[0]));                     /* gen 0 */
    gc_collect(S, 0);                           /* n[0] -> gen 1 */
    gc_track(S, OBJ(n[1]));
    CHECK_EQ(gc_generation_size(S, 0), 1);
    CHECK_EQ(gc_generation_size(S, 1), 1);
    CHECK_EQ(gc_generation_size(S, 2), 4);
    CHECK_EQ(gc_generation_size(S, -1), 6);
    int count = 0;
    CHECK_EQ(gc_for_each(S, -1, count_fn, &count), 0);
    CHECK_EQ(count, 6);
    count = 0;
    CHECK_EQ(gc_for_each(S, 2, stop_at_second, &count), 42);
    CHECK_EQ(count, 2);
    CHECK_EQ(gc_generation_of(S, OBJ(n[1])), 0);
    CHECK_EQ(gc_generation_of(S, OBJ(n[0])), 1);
    CHECK_EQ(gc_generation_of(S, OBJ(n[5])), 2);
    for (int i = 0; i < 6; i++) DECREF(S, n[i]);
    CHECK_EQ(gc_generation_size(S, -1), 0);
    CHECK_EQ(state_free(S), 0);
}

TEST(fini_untracks_leftovers)
{
    PhState *S = state_new();
    Node *a = NEW(&NodeType, 0), *b = NEW(&NodeType, 0);
    gc_collect(S, 0);
    gc_freeze(S);
    Node *c = NEW(&NodeType, 0);
    gc_fini(S);
    CHECK(!gc_is_tracked(OBJ(a)));
    CHECK(!gc_is_tracked(OBJ(b)));
    CHECK(!gc_is_tracked(OBJ(c)));
    CHECK_EQ(gc_freeze_count(S), 0);
    CHECK_EQ(gc_generation_size(S, -1), 0);
    DECREF(S, a); DECREF(S, b); DECREF(S, c);
    CHECK_EQ(state_free(S), 0); /* mem_fini runs gc_fini again: harmless */
}

/* ---- callbacks, stats, events, debug output -------------------------------------------- */

TEST(callbacks_start_and_stop)
{
    PhState *S = state_new();
    CbLog log = {0};
    gcs(S)->callback = log_callback;
    gcs(S)->callback_ctx = &log;
    gcs(S)->save_garbage = save_garbage;
    g_nsaved = 0;
    Node *a = NEW(&NodeType, 1);
    node_set(S, a, 0, a);
    Node *l = NEW(&LegacyNodeType, 1);
    node_set(S, l, 0, l);
    DECREF(S, a);
    DECREF(S, l);
    CHECK_EQ(gc_collect(S, 1), 2);
    CHECK_EQ(log.calls, 2);
    CHECK_EQ(log.stop[0], 0);
    CHECK_EQ(log.generation[0], 1);
    CHECK_EQ(log.collected[0], 0);
    CHECK_EQ(log.uncollectable[0], 0);
    CHECK_EQ(log.stop[1], 1);
    CHECK_EQ(log.generation[1], 1);
    CHECK_EQ(log.collected[1], 1);
    CHECK_EQ(log.uncollectable[1], 1);
    /* gc_collect_nofail (shutdown) runs without callbacks. */
    CHECK_EQ(gc_collect_nofail(S), 0);
    CHECK_EQ(log.calls, 2);
    release_saved(S);
    CHECK_EQ(state_free(S), 0);
}

TEST(stats_per_generation)
{
    PhState *S = state_new();
    for (int i = 0; i < 3; i++) {
        Node *n = NEW(&NodeType, 1);
        node_set(S, n, 0, n);
        DECREF(S, n);
    }
    CHECK_EQ(gc_collect(S, 0), 3);
    Node *n = NEW(&NodeType, 1);
    node_set(S, n, 0, n);
    DECREF(S, n);
    CHECK_EQ(gc_collect(S, 2), 1);
    GcGenStats *st = gcs(S)->stats;
    CHECK_EQ(st[0].collections, 1);
    CHECK_EQ(st[0].collected, 3);
    CHECK_EQ(st[1].collections, 0);
    CHECK_EQ(st[2].collections, 1);
    CHECK_EQ(st[2].collected, 1);
    CHECK_EQ(st[2].uncollectable, 0);
    CHECK(st[0].total_ns > 0);
    CHECK(st[0].longest_ns == st[0].total_ns); /* one collection */
    CHECK_EQ(st[1].total_ns, 0);
    CHECK_EQ(state_free(S), 0);
}

typedef struct EvLog {
    long kinds[EV__COUNT];
    long frees_in_gc;
    ssize_t stop_collected;
    int stop_generation;
    uint64_t stop_ns;
} EvLog;

static void log_event(PhState *S, const PhEvent *ev, void *ctx)
{
    EvLog *log = ctx;
    log->kinds[ev->kind]++;
    if (ev->kind == EV_FREE && ev->during_gc) log->frees_in_gc++;
    if (ev->kind == EV_GC_STOP) {
        log->stop_collected = ev->gc->collected;
        log->stop_generation = ev->gc->generation;
        log->stop_ns = ev->gc->duration_ns;
    }
    if (ev->kind == EV_GC_UNREACHABLE || ev->kind == EV_GC_FINALIZE) {
        if (!ev->obj || ev->obj->refcnt <= 0) log->kinds[EV_LINE]++; /* flags a bad event */
    }
}

TEST(events_emitted)
{
    PhState *S = state_new();
    EvLog log;
    memset(&log, 0, sizeof log);
    mem_of(S)->hook = log_event;
    mem_of(S)->hook_ctx = &log;
    Node *a = NEW(&FinNodeType, 1), *b = NEW(&NodeType, 1), *c = NEW(&NodeType, 1);
    node_set(S, a, 0, b);
    node_set(S, b, 0, c);
    node_set(S, c, 0, a);
    DECREF(S, a); DECREF(S, b); DECREF(S, c);
    CHECK_EQ(log.kinds[EV_ALLOC], 3);
    CHECK_EQ(gc_collect(S, 1), 3);
    CHECK_EQ(log.kinds[EV_GC_START], 1);
    CHECK_EQ(log.kinds[EV_GC_UNREACHABLE], 3);
    CHECK_EQ(log.kinds[EV_GC_FINALIZE], 1);
    CHECK_EQ(log.kinds[EV_GC_STOP], 1);
    CHECK_EQ(log.kinds[EV_FREE], 3);
    CHECK_EQ(log.frees_in_gc, 3);
    CHECK_EQ(log.kinds[EV_LINE], 0);
    CHECK_EQ(log.stop_collected, 3);
    CHECK_EQ(log.stop_generation, 1);
    CHECK(log.stop_ns > 0);
    mem_of(S)->hook = NULL;
    CHECK_EQ(state_free(S), 0);
}

/* Runs fn with stderr sent to a temporary file; returns what was written. */
static char *capture_stderr(void (*fn)(PhState *), PhState *S)
{
    static char buf[4096];
    fflush(stderr);
    int saved = dup(2);
    FILE *tmp = tmpfile();
    if (saved < 0 || !tmp) return NULL;
    dup2(fileno(tmp), 2);
    fn(S);
    fflush(stderr);
    dup2(saved, 2);
    close(saved);
    rewind(tmp);
    size_t n = fread(buf, 1, sizeof buf - 1, tmp);
    buf[n] = 0;
    fclose(tmp);
    return buf;
}

static void collect2(PhState *S) { (void)gc_collect(S, 2); }

TEST(debug_output_lines)
{
    PhState *S = state_new();
    Node *keep = NEW(&NodeType, 0);
    gc_collect(S, 0); /* keep -> gen 1 */
    gcs(S)->debug = GC_DEBUG_STATS | GC_DEBUG_COLLECTABLE | GC_DEBUG_UNCOLLECTABLE;
    Node *a = NEW(&NodeType, 1);
    node_set(S, a, 0, a);
    Node *l = NEW(&LegacyNodeType, 1);
    node_set(S, l, 0, l);
    DECREF(S, a);
    DECREF(S, l);
    char expect_a[128], expect_l[128];
    snprintf(expect_a, sizeof expect_a, "gc: collectable <Node %p>\n", (void *)a);
    snprintf(expect_l, sizeof expect_l, "gc: uncollectable <LegacyNode %p>\n", (void *)l);
    char *out = capture_stderr(collect2, S);
    CHECK(out);
    const char *head = "gc: collecting generation 2...\n"
                       "gc: objects in each generation: 2 1 0\n"
                       "gc: objects in permanent generation: 0\n";
    CHECK(strncmp(out, head, strlen(head)) == 0);
    CHECK(strstr(out, expect_a) != NULL);
    CHECK(strstr(out, expect_l) != NULL);
    CHECK(strstr(out, "gc: collectable <LegacyNode") == NULL);
    const char *done = strstr(out, "gc: done, 2 unreachable, 1 uncollectable, ");
    CHECK(done != NULL);
    CHECK(strstr(done, "s elapsed\n") != NULL);
    gcs(S)->debug = 0;
    INCREF(l);
    break_and_drop(S, l);
    DECREF(S, keep);
    CHECK_EQ(state_free(S), 0);
}

/* ---- a shadow model ------------------------------------------------------------------ */

/* Random graphs checked against a reachability model computed by the test.
 * For collect(g), references from live objects in generations older than g
 * are external, so the model marks from the test's references plus those
 * objects; exactly the live young objects it cannot reach are found and
 * counted. Old objects referenced only by that garbage may then die by
 * reference counting (they were garbage too, just not scanned), so the model
 * promises no more about them; everything reachable from the test's own
 * references must survive. */
#define MODEL_N 300
#define MODEL_KIDS 3
static unsigned long g_rng;
static unsigned rnd(unsigned n)
{
    g_rng = g_rng * 6364136223846793005UL + 1442695040888963407UL;
    return (unsigned)(g_rng >> 33) % n;
}

static bool g_dead[MODEL_N];
static void model_dealloc(PhState *S, PhObject *self)
{
    g_dead[((Node *)self)->tag] = true;
    node_dealloc(S, self);
}
static PhType ModelNodeType = {NODE_FIELDS, .name = "ModelNode", .flags = TPFLAG_HAVE_GC};

static Node *g_model[MODEL_N];

/* Marks reach[] from every i with start[i], over the live graph. */
static void model_mark(const bool *start, bool *reach)
{
    static int queue[MODEL_N];
    int head = 0, tail = 0;
    for (int i = 0; i < MODEL_N; i++) {
        reach[i] = start[i];
        if (reach[i]) queue[tail++] = i;
    }
    while (head < tail) {
        Node *n = g_model[queue[head++]];
        for (int k = 0; k < MODEL_KIDS; k++) {
            if (!n->kids[k]) continue;
            int j = (int)((Node *)n->kids[k])->tag;
            if (!reach[j]) reach[j] = true, queue[tail++] = j;
        }
    }
}

TEST(random_graphs_match_reachability_model)
{
    ModelNodeType.dealloc = model_dealloc;
    for (unsigned long seed = 1; seed <= 200; seed++) {
        g_rng = seed;
        PhState *S = state_new();
        static bool root[MODEL_N], start[MODEL_N], reach_all[MODEL_N], reach_roots[MODEL_N];
        for (int i = 0; i < MODEL_N; i++) {
            g_model[i] = NEW(&ModelNodeType, MODEL_KIDS);
            g_model[i]->tag = i;
            g_dead[i] = false;
            if (rnd(100) == 0) gc_collect(S, (int)rnd(3)); /* spread over generations */
        }
        int nedges = (int)rnd(MODEL_N * MODEL_KIDS);
        for (int e = 0; e < nedges; e++)
            node_set(S, g_model[rnd(MODEL_N)], rnd(MODEL_KIDS), g_model[rnd(MODEL_N)]);
        for (int i = 0; i < MODEL_N; i++) root[i] = rnd(10) == 0;
        for (int i = 0; i < MODEL_N; i++)
            if (!root[i]) DECREF(S, g_model[i]); /* may free acyclic garbage now */

        int generation = (int)rnd(3);
        for (int i = 0; i < MODEL_N; i++)
            start[i] = !g_dead[i] &&
                       (root[i] || gc_generation_of(S, OBJ(g_model[i])) > generation);
        model_mark(start, reach_all);
        model_mark(root, reach_roots);
        int expect_found = 0;
        bool was_dead[MODEL_N];
        for (int i = 0; i < MODEL_N; i++) {
            was_dead[i] = g_dead[i];
            expect_found += !g_dead[i] && !reach_all[i];
        }

        CHECK_EQ(gc_collect(S, generation), expect_found);
        for (int i = 0; i < MODEL_N; i++) {
            if (!was_dead[i] && !reach_all[i]) CHECK(g_dead[i]);
            if (reach_roots[i]) {
                CHECK(!g_dead[i]);
                CHECK_EQ(gc_head(OBJ(g_model[i]))->prev & GC_PREV_COLLECTING, 0);
                CHECK(gc_generation_of(S, OBJ(g_model[i])) >= 0);
            }
        }

        /* Drop the roots; a full collection frees everything. */
        for (int i = 0; i < MODEL_N; i++)
            if (root[i]) DECREF(S, g_model[i]);
        gc_collect(S, 2);
        CHECK_EQ(mem_of(S)->live_objects, 0);
        CHECK_EQ(state_free(S), 0);
    }
}

/* ---- failure, stress --------------------------------------------------------------------- */

TEST(allocation_failure_keeps_count_consistent)
{
    PhState *S = state_new();
    Node *a = NEW(&NodeType, 0);
    CHECK_COUNTS(S, 1, 0, 0);
    heap_set_fail(mem_of(S)->heap, 1, false);
    CHECK(NEW(&NodeType, 0) == NULL);
    CHECK_COUNTS(S, 1, 0, 0);
    CHECK_EQ(mem_of(S)->live_objects, 1);
    CHECK_EQ(gc_generation_size(S, 0), 1);
    /* A failing allocation that triggers a collection: the collection runs,
     * the allocation fails, and the count stays at zero. */
    gcs(S)->gens[0].count = 700;
    heap_set_fail(mem_of(S)->heap, 1, false);
    CHECK(NEW(&NodeType, 0) == NULL);
    CHECK_EQ(gcs(S)->stats[0].collections, 1);
    CHECK_COUNTS(S, 0, 1, 0);
    Node *b = NEW(&NodeType, 0);
    CHECK(b);
    CHECK_COUNTS(S, 1, 1, 0);
    DECREF(S, a);
    DECREF(S, b);
    CHECK_EQ(state_free(S), 0);
}

TEST(stress_mode_collects_at_every_allocation)
{
    PhState *S = state_new();
    gcs(S)->stress = 1;
    /* A reachable structure built one allocation at a time: each allocation
     * runs a collection, none of which may free any of it. */
    Node *root = NEW(&NodeType, 64);
    CHECK_EQ(gcs(S)->stats[0].collections, 1);
    for (int i = 0; i < 64; i++) {
        Node *kid = NEW(&NodeType, 1);
        kid->tag = i;
        node_set(S, kid, 0, root); /* cycles through the root */
        root->kids[i] = OBJ(kid);
    }
    uint64_t total = 0;
    for (int g = 0; g < 3; g++) total += gcs(S)->stats[g].collections;
    CHECK_EQ(total, 65);
    CHECK(gcs(S)->stats[1].collections > 0);
    CHECK_EQ(g_deallocs, 0);
    /* Garbage cycles made under stress are found by the next allocations. */
    for (int i = 0; i < 20; i++) {
        Node *a = NEW(&NodeType, 1), *b = NEW(&NodeType, 1);
        node_set(S, a, 0, b);
        node_set(S, b, 0, a);
        DECREF(S, a);
        DECREF(S, b);
    }
    /* A pair's first half was promoted by the collection its second half's
     * allocation ran, so most pairs wait for a generation-1 collection. */
    long freed_by_stress = g_deallocs;
    CHECK(freed_by_stress > 0);
    CHECK_EQ(gc_collect(S, 2), 40 - freed_by_stress);
    CHECK_EQ(g_deallocs, 40);
    for (int i = 0; i < 64; i++) CHECK_EQ(((Node *)root->kids[i])->tag, i);
    CHECK_EQ(root->ob.ob.refcnt, 65);
    /* Stress still respects enabled and the collecting guard. */
    gcs(S)->enabled = 0;
    Node *x = NEW(&NodeType, 0);
    total = 0;
    for (int g = 0; g < 3; g++) total += gcs(S)->stats[g].collections;
    DECREF(S, x);
    CHECK_EQ(total, 65 + 40 + 1);
    gcs(S)->stress = 0;
    DECREF(S, root);
    CHECK_EQ(gc_collect(S, 2), 65);
    CHECK_EQ(mem_of(S)->live_objects, 0);
    CHECK_EQ(state_free(S), 0);
}

int main(void)
{
    RUN(self_cycle_collected);
    RUN(two_cycle_collected_by_gen0);
    RUN(ten_thousand_ring_collected);
    RUN(garbage_chain_behind_cycle_collected);
    RUN(reachable_cycle_survives_and_is_promoted);
    RUN(young_cycle_held_by_old_object_survives);
    RUN(untracked_objects_never_scanned);
    RUN(finalizers_in_cycle_run_once);
    RUN(resurrection_keeps_everything_reached_and_is_not_counted);
    RUN(resurrection_does_not_block_other_garbage);
    RUN(finalizer_freeing_other_garbage_mid_walk);
    RUN(collect_inside_collection_refused);
    RUN(legacy_finalizer_cycle_uncollectable);
    RUN(legacy_finalizer_without_hook_kept_in_old);
    RUN(debug_saveall_keeps_garbage);
    RUN(counts_after_collect_each_generation);
    RUN(automatic_collection_when_gen0_exceeds_700);
    RUN(oldest_generation_over_threshold_is_chosen);
    RUN(full_collection_waits_for_25_percent_rule);
    RUN(long_lived_accounting);
    RUN(lazy_untracking_tuples_and_dicts);
    RUN(freeze_and_unfreeze);
    RUN(generation_sizes_and_iteration);
    RUN(fini_untracks_leftovers);
    RUN(callbacks_start_and_stop);
    RUN(stats_per_generation);
    RUN(events_emitted);
    RUN(debug_output_lines);
    RUN(random_graphs_match_reachability_model);
    RUN(allocation_failure_keeps_count_consistent);
    RUN(stress_mode_collects_at_every_allocation);
    CHECK_EXIT();
}
