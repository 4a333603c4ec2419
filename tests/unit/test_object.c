/* Reference counting, deallocation at zero, the trashcan and finalizers
 * called from the zero path (src/mem/object.c), on test types of our own.
 *
 * The interpreter state is the test's own: PhState begins with PhMem, which
 * is all the memory system needs.
 */
#include "check.h"
#include "mem/mem.h"

#include <stdint.h>

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

/* A non-GC object holding a number (and possibly one reference). */
typedef struct Leaf {
    PhObject ob;
    long value;
    PhObject *ref;
} Leaf;

static long g_node_deallocs, g_leaf_deallocs, g_finalized;
static int g_max_depth;            /* deepest M->dealloc_depth seen in a dealloc */
static uintptr_t g_stack_top;      /* address of a local in the test body */
static uintptr_t g_max_stack;      /* deepest C stack used below g_stack_top */
static int g_resurrect;            /* finalizers store self in g_root */
static PhObject *g_root;
static PhObject *g_seen_in_slot;   /* what a dealloc saw in its owner's slot */
static Node *g_watch_owner;

static void reset_counters(void)
{
    g_node_deallocs = g_leaf_deallocs = g_finalized = 0;
    g_max_depth = 0;
    g_max_stack = 0;
    g_resurrect = 0;
    g_root = NULL;
    g_seen_in_slot = NULL;
    g_watch_owner = NULL;
    char here;
    g_stack_top = (uintptr_t)&here;
}

static void note_depth(PhState *S)
{
    char here;
    int d = mem_of(S)->dealloc_depth;
    if (d > g_max_depth) g_max_depth = d;
    uintptr_t used = g_stack_top > (uintptr_t)&here ? g_stack_top - (uintptr_t)&here : 0;
    if (used > g_max_stack) g_max_stack = used;
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
    g_node_deallocs++;
    note_depth(S);
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
}

static void leaf_dealloc(PhState *S, PhObject *self)
{
    Leaf *l = (Leaf *)self;
    g_leaf_deallocs++;
    if (g_watch_owner) g_seen_in_slot = g_watch_owner->kids[0];
    CLEAR(S, l->ref);
    obj_free(S, self);
}

#define NODE_FIELDS                                                           \
    .ob = {.ob = {.refcnt = 1 << 30}}, .basicsize = offsetof(Node, kids),    \
    .itemsize = sizeof(PhObject *), .dealloc = node_dealloc,                 \
    .traverse = node_traverse, .clear = node_clear

static PhType NodeType = {NODE_FIELDS, .name = "Node", .flags = TPFLAG_HAVE_GC};
static PhType FinNodeType = {NODE_FIELDS, .name = "FinNode", .flags = TPFLAG_HAVE_GC,
                             .finalize = fin_finalize};
static PhType HeapNodeType = {NODE_FIELDS, .name = "HeapNode",
                              .flags = TPFLAG_HAVE_GC | TPFLAG_HEAPTYPE};
static PhType DictNodeType = {NODE_FIELDS, .name = "DictNode",
                              .flags = TPFLAG_HAVE_GC | TPFLAG_MANAGED_DICT};
static PhType LeafType = {.ob = {.ob = {.refcnt = 1 << 30}}, .name = "Leaf",
                          .basicsize = sizeof(Leaf), .dealloc = leaf_dealloc};
static PhType FinLeafType = {.ob = {.ob = {.refcnt = 1 << 30}}, .name = "FinLeaf",
                             .basicsize = sizeof(Leaf), .dealloc = leaf_dealloc,
                             .finalize = fin_finalize};

/* ---- helpers ----------------------------------------------------------------- */

static PhState *state_new(void)
{
    PhState *S = calloc(1, sizeof *S);
    if (!S || mem_init(S, &(HeapConfig){.debug = true}) != 0) abort();
    reset_counters();
    return S;
}

/* Destroys the state; returns the number of heap blocks leaked. */
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

static Leaf *leaf_new(PhState *S, PhType *t, long v)
{
    Leaf *l = (Leaf *)obj_alloc(S, t, sizeof(Leaf));
    if (!l) return NULL;
    l->value = v;
    l->ref = NULL;
    return l;
}

/* Stores a new reference to `child` in parent's slot i. */
static void node_set(PhState *S, Node *parent, ssize_t i, void *child)
{
    XINCREF(child);
    PhObject *old = parent->kids[i];
    parent->kids[i] = child;
    XDECREF(S, old);
}

static size_t allocated_blocks(PhState *S)
{
    HeapStats st;
    heap_get_stats(mem_of(S)->heap, &st);
    return st.allocated_blocks;
}

/* ---- tests ------------------------------------------------------------------- */

TEST(leaf_freed_at_zero)
{
    PhState *S = state_new();
    size_t blocks0 = allocated_blocks(S);
    Leaf *l = leaf_new(S, &LeafType, 7);
    CHECK(l);
    CHECK_EQ(l->ob.refcnt, 1);
    CHECK_EQ(mem_of(S)->live_objects, 1);
    CHECK_EQ(allocated_blocks(S), blocks0 + 1);
    CHECK_EQ(LeafType.stats.allocs - LeafType.stats.frees, 1);
    CHECK(LeafType.stats.live_bytes >= sizeof(Leaf));

    INCREF(l);
    CHECK_EQ(l->ob.refcnt, 2);
    DECREF(S, l);
    CHECK_EQ(g_leaf_deallocs, 0);
    DECREF(S, l); /* zero: dealloc runs now, not later */
    CHECK_EQ(g_leaf_deallocs, 1);
    CHECK_EQ(mem_of(S)->live_objects, 0);
    CHECK_EQ(allocated_blocks(S), blocks0);
    CHECK_EQ(LeafType.stats.allocs, LeafType.stats.frees);
    CHECK_EQ(LeafType.stats.live_bytes, 0);
    XDECREF(S, NULL); /* a no-op */
    CHECK_EQ(state_free(S), 0);
}

TEST(container_freed_at_zero_with_children)
{
    PhState *S = state_new();
    mem_of(S)->gc.enabled = 0;
    Node *n = node_new(S, &NodeType, 3, true);
    CHECK(n);
    for (int i = 0; i < 3; i++) {
        Leaf *l = leaf_new(S, &LeafType, i);
        node_set(S, n, i, l);
        DECREF(S, l); /* the node now holds the only reference */
    }
    CHECK(gc_is_tracked(&n->ob.ob));
    CHECK_EQ(mem_of(S)->gc.gens[0].count, 1); /* only containers count */
    CHECK_EQ(mem_of(S)->live_objects, 4);
    DECREF(S, n);
    CHECK_EQ(g_node_deallocs, 1);
    CHECK_EQ(g_leaf_deallocs, 3);
    CHECK_EQ(mem_of(S)->live_objects, 0);
    CHECK_EQ(mem_of(S)->gc.gens[0].count, 0);
    CHECK_EQ(gc_generation_size(S, -1), 0);
    CHECK_EQ(state_free(S), 0);
}

TEST(clear_empties_slot_before_decref)
{
    PhState *S = state_new();
    Node *n = node_new(S, &NodeType, 1, false);
    Leaf *l = leaf_new(S, &LeafType, 1);
    n->kids[0] = &l->ob; /* steal the reference */
    g_watch_owner = n;
    g_seen_in_slot = &l->ob;
    CLEAR(S, n->kids[0]);
    CHECK_EQ(g_leaf_deallocs, 1);
    CHECK(g_seen_in_slot == NULL); /* the leaf's dealloc saw an empty slot */
    CHECK(n->kids[0] == NULL);
    g_watch_owner = NULL;
    DECREF(S, n);
    CHECK_EQ(state_free(S), 0);
}

/* Builds head -> n1 -> n2 -> ... of `count` containers of type t; returns
 * the head, whose reference the caller owns (all others are in the chain). */
static Node *build_chain(PhState *S, PhType *t, long count)
{
    Node *head = node_new(S, t, 1, true);
    Node *cur = head;
    for (long i = 1; i < count && cur; i++) {
        Node *next = node_new(S, t, 1, true);
        if (!next) return NULL;
        next->tag = i;
        cur->kids[0] = &next->ob.ob; /* steals the new reference */
        cur = next;
    }
    return head;
}

TEST(million_chain_freed_with_bounded_stack)
{
    PhState *S = state_new();
    mem_of(S)->gc.enabled = 0; /* only the deallocation is under test */
    Node *head = build_chain(S, &NodeType, 1000000);
    CHECK(head);
    CHECK_EQ(mem_of(S)->live_objects, 1000000);
    reset_counters();
    DECREF(S, head);
    CHECK_EQ(g_node_deallocs, 1000000);
    CHECK_EQ(mem_of(S)->live_objects, 0);
    CHECK_EQ(mem_of(S)->dealloc_depth, 0);
    CHECK(mem_of(S)->trash == NULL);
    /* The trashcan keeps nesting at the limit (the outermost dealloc is 1). */
    CHECK(g_max_depth <= MEM_TRASH_DEPTH_LIMIT + 1);
    CHECK(g_max_depth >= MEM_TRASH_DEPTH_LIMIT);
    /* ... and so the C stack: a recursive free would need ~1M frames. */
    CHECK(g_max_stack < 256 * 1024);
    CHECK_EQ(gc_generation_size(S, -1), 0);
    CHECK_EQ(state_free(S), 0);
}

TEST(chain_of_finalizer_objects_each_finalized_once)
{
    PhState *S = state_new();
    mem_of(S)->gc.enabled = 0;
    Node *head = build_chain(S, &FinNodeType, 10000);
    CHECK(head);
    reset_counters();
    DECREF(S, head);
    CHECK_EQ(g_finalized, 10000);
    CHECK_EQ(g_node_deallocs, 10000);
    CHECK(g_max_depth <= MEM_TRASH_DEPTH_LIMIT + 1);
    CHECK_EQ(mem_of(S)->live_objects, 0);
    CHECK_EQ(state_free(S), 0);
}

TEST(gc_finalizer_at_zero_runs_once_even_after_resurrection)
{
    PhState *S = state_new();
    Node *n = node_new(S, &FinNodeType, 0, true);
    g_resurrect = 1;
    DECREF(S, n); /* finalizer runs and stores n in g_root */
    CHECK_EQ(g_finalized, 1);
    CHECK_EQ(g_node_deallocs, 0);
    CHECK(g_root == &n->ob.ob);
    CHECK_EQ(n->ob.ob.refcnt, 1);
    CHECK(gc_is_finalized(&n->ob.ob));
    CHECK(gc_is_tracked(&n->ob.ob));
    PhObject *r = g_root;
    g_root = NULL;
    DECREF(S, r); /* second zero: no finalizer, freed */
    CHECK_EQ(g_finalized, 1);
    CHECK_EQ(g_node_deallocs, 1);
    CHECK_EQ(mem_of(S)->live_objects, 0);
    CHECK_EQ(state_free(S), 0);
}

TEST(nongc_finalizer_runs_at_every_zero)
{
    /* Non-GC objects have no FINALIZED bit: CPython calls tp_finalize each
     * time the count reaches zero. */
    PhState *S = state_new();
    Leaf *l = leaf_new(S, &FinLeafType, 1);
    g_resurrect = 1;
    DECREF(S, l);
    CHECK_EQ(g_finalized, 1);
    CHECK_EQ(g_leaf_deallocs, 0);
    CHECK(g_root == &l->ob);
    g_resurrect = 0;
    PhObject *r = g_root;
    g_root = NULL;
    DECREF(S, r);
    CHECK_EQ(g_finalized, 2);
    CHECK_EQ(g_leaf_deallocs, 1);
    CHECK_EQ(state_free(S), 0);
}

TEST(finalizer_without_resurrection_frees)
{
    PhState *S = state_new();
    Node *n = node_new(S, &FinNodeType, 1, true);
    node_set(S, n, 0, leaf_new(S, &LeafType, 3));
    DECREF(S, n->kids[0]); /* node_set took its own reference */
    DECREF(S, n);
    CHECK_EQ(g_finalized, 1);
    CHECK_EQ(g_node_deallocs, 1);
    CHECK_EQ(g_leaf_deallocs, 1);
    CHECK_EQ(mem_of(S)->live_objects, 0);
    CHECK_EQ(state_free(S), 0);
}

TEST(heap_type_instances_own_their_type)
{
    PhState *S = state_new();
    ssize_t before = HeapNodeType.ob.ob.refcnt;
    Node *a = node_new(S, &HeapNodeType, 0, true);
    Node *b = node_new(S, &HeapNodeType, 0, true);
    CHECK_EQ(HeapNodeType.ob.ob.refcnt, before + 2);
    DECREF(S, a);
    CHECK_EQ(HeapNodeType.ob.ob.refcnt, before + 1);
    DECREF(S, b);
    CHECK_EQ(HeapNodeType.ob.ob.refcnt, before);
    CHECK_EQ(state_free(S), 0);
}

TEST(managed_dict_preheader_is_zeroed)
{
    PhState *S = state_new();
    Node *n = node_new(S, &DictNodeType, 0, false);
    CHECK(n);
    CHECK_EQ(type_preheader_size(&DictNodeType), 32);
    PhObject **pre = (PhObject **)((char *)n - 32);
    CHECK(pre[0] == NULL && pre[1] == NULL);
    CHECK(!gc_is_tracked(&n->ob.ob));
    CHECK(!gc_is_finalized(&n->ob.ob));
    gc_track(S, &n->ob.ob);
    CHECK_EQ(gc_generation_of(S, &n->ob.ob), 0);
    DECREF(S, n);
    CHECK_EQ(state_free(S), 0);
}

typedef struct EventCount {
    long allocs, frees, frees_in_gc;
    size_t alloc_bytes, free_bytes;
} EventCount;

static void count_events(PhState *S, const PhEvent *ev, void *ctx)
{
    EventCount *c = ctx;
    if (ev->kind == EV_ALLOC) {
        c->allocs++;
        c->alloc_bytes += ev->size;
    } else if (ev->kind == EV_FREE) {
        c->frees++;
        c->free_bytes += ev->size;
        if (ev->during_gc) c->frees_in_gc++;
    }
}

TEST(alloc_and_free_events)
{
    PhState *S = state_new();
    EventCount c = {0};
    mem_of(S)->hook = count_events;
    mem_of(S)->hook_ctx = &c;
    Node *n = node_new(S, &NodeType, 2, true);
    Leaf *l = leaf_new(S, &LeafType, 1);
    CHECK_EQ(c.allocs, 2);
    CHECK(c.alloc_bytes >= PH_GC_HEAD_SIZE + type_object_size(&NodeType, 2) + sizeof(Leaf));
    node_set(S, n, 0, l);
    DECREF(S, l);
    DECREF(S, n);
    CHECK_EQ(c.frees, 2);
    CHECK_EQ(c.frees_in_gc, 0);
    CHECK_EQ(c.free_bytes, c.alloc_bytes);
    mem_of(S)->hook = NULL;
    CHECK_EQ(state_free(S), 0);
}

TEST(allocation_failure_is_clean)
{
    PhState *S = state_new();
    EventCount c = {0};
    mem_of(S)->hook = count_events;
    mem_of(S)->hook_ctx = &c;
    heap_set_fail(mem_of(S)->heap, 1, false);
    Leaf *l = leaf_new(S, &LeafType, 1);
    CHECK(l == NULL);
    CHECK_EQ(mem_of(S)->live_objects, 0);
    CHECK_EQ(LeafType.stats.allocs, LeafType.stats.frees);
    CHECK_EQ(c.allocs, 0);
    l = leaf_new(S, &LeafType, 2); /* the next one succeeds */
    CHECK(l);
    CHECK_EQ(c.allocs, 1);
    DECREF(S, l);
    mem_of(S)->hook = NULL;
    CHECK_EQ(state_free(S), 0);
}

int main(void)
{
    RUN(leaf_freed_at_zero);
    RUN(container_freed_at_zero_with_children);
    RUN(clear_empties_slot_before_decref);
    RUN(million_chain_freed_with_bounded_stack);
    RUN(chain_of_finalizer_objects_each_finalized_once);
    RUN(gc_finalizer_at_zero_runs_once_even_after_resurrection);
    RUN(nongc_finalizer_runs_at_every_zero);
    RUN(finalizer_without_resurrection_frees);
    RUN(heap_type_instances_own_their_type);
    RUN(managed_dict_preheader_is_zeroed);
    RUN(alloc_and_free_events);
    RUN(allocation_failure_is_clean);
    CHECK_EXIT();
}
