/* The generational cyclic collector: CPython 3.11's algorithm and numbers.
 *
 * Reference counting frees everything except cycles. The collector finds
 * groups of container objects that are referenced only from inside the
 * group, and breaks them with the types' clear slots. It sees objects only
 * through their type's traverse (one level: a visitor never recurses) and
 * every list is walked iteratively, so no part of it uses C stack in
 * proportion to the heap.
 *
 * Lists. Each generation (and the permanent generation of gc.freeze) is a
 * circular doubly-linked list of GcHeads with a sentinel. Outside a
 * collection every tracked object is in exactly one of those four lists;
 * during a collection objects pass through lists held on the C stack
 * (unreachable, finalizers, ...). See gc.h for the bit layout of a GcHead
 * and docs/gc.md for the whole story.
 */
#include "mem.h"

#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#ifdef PH_DEBUG
#define GC_ASSERT(cond, what)                                                  \
    do {                                                                       \
        if (!(cond)) {                                                         \
            fprintf(stderr, "gc: %s:%d: %s (%s)\n", __FILE__, __LINE__, what,  \
                    #cond);                                                    \
            abort();                                                           \
        }                                                                      \
    } while (0)
#else
#define GC_ASSERT(cond, what) ((void)0)
#endif

/* ---- GcHead field access -------------------------------------------------- */

/* Plain next pointer; valid whenever no UNREACHABLE tag can be present. */
static inline GcHead *head_next(const GcHead *g) { return (GcHead *)g->next; }
static inline GcHead *head_prev(const GcHead *g) { return (GcHead *)(g->prev & GC_PREV_MASK); }
static inline void head_set_next(GcHead *g, GcHead *n) { g->next = (uintptr_t)n; }
/* Replaces the pointer part of prev and keeps the two flag bits. */
static inline void head_set_prev(GcHead *g, GcHead *p)
{
    g->prev = (g->prev & ~GC_PREV_MASK) | (uintptr_t)p;
}

static inline bool head_is_collecting(const GcHead *g)
{
    return (g->prev & GC_PREV_COLLECTING) != 0;
}
static inline void head_clear_collecting(GcHead *g) { g->prev &= ~GC_PREV_COLLECTING; }

/* gc_refs lives in prev bits 2.. while an object is being collected; the
 * list is then singly linked through next (move_unreachable repairs prev). */
static inline ssize_t refs_get(const GcHead *g) { return (ssize_t)(g->prev >> GC_PREV_SHIFT); }
static inline void refs_set(GcHead *g, ssize_t refs)
{
    g->prev = (g->prev & ~GC_PREV_MASK) | ((uintptr_t)refs << GC_PREV_SHIFT);
}
/* Start of a collection: refs = refcnt, COLLECTING on, FINALIZED kept. */
static inline void refs_reset(GcHead *g, ssize_t refs)
{
    g->prev = (g->prev & GC_PREV_FINALIZED) | GC_PREV_COLLECTING |
              ((uintptr_t)refs << GC_PREV_SHIFT);
}
static inline void refs_decrement(GcHead *g) { g->prev -= (uintptr_t)1 << GC_PREV_SHIFT; }

/* ---- list primitives -------------------------------------------------------- */

static inline void list_init(GcHead *list)
{
    list->next = (uintptr_t)list;
    list->prev = (uintptr_t)list;
}

static inline bool list_is_empty(const GcHead *list) { return head_next(list) == list; }

static inline void list_append(GcHead *node, GcHead *list)
{
    GcHead *last = head_prev(list);
    head_set_next(last, node);
    head_set_prev(node, last);
    head_set_next(node, list);
    list->prev = (uintptr_t)node;
}

static inline void list_remove(GcHead *node)
{
    GcHead *prev = head_prev(node);
    GcHead *next = (GcHead *)(node->next & ~GC_NEXT_UNREACHABLE);
    head_set_next(prev, next);
    head_set_prev(next, prev);
    node->next = 0;
}

static inline void list_move(GcHead *node, GcHead *list)
{
    GcHead *prev = head_prev(node);
    GcHead *next = head_next(node);
    head_set_next(prev, next);
    head_set_prev(next, prev);
    list_append(node, list);
}

/* Appends all of `from` to `to`; `from` is left empty. */
static void list_merge(GcHead *from, GcHead *to)
{
    if (list_is_empty(from)) return;
    GcHead *to_last = head_prev(to);
    GcHead *first = head_next(from);
    GcHead *last = head_prev(from);
    head_set_next(to_last, first);
    head_set_prev(first, to_last);
    head_set_next(last, to);
    to->prev = (uintptr_t)last;
    list_init(from);
}

static ssize_t list_size(const GcHead *list)
{
    ssize_t n = 0;
    for (GcHead *g = head_next(list); g != list; g = head_next(g)) n++;
    return n;
}

static void list_clear_collecting(GcHead *list)
{
    for (GcHead *g = head_next(list); g != list; g = head_next(g)) head_clear_collecting(g);
}

static inline GcState *gc_state(PhState *S) { return &mem_of(S)->gc; }
static inline GcHead *gen_head(GcState *G, int g) { return &G->gens[g].head; }

static uint64_t now_ns(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

/* ---- set-up, tear-down, tracking ------------------------------------------ */

void gc_init(PhState *S)
{
    GcState *G = gc_state(S);
    static const int thresholds[GC_NUM_GENERATIONS] = {700, 10, 10};
    for (int i = 0; i < GC_NUM_GENERATIONS; i++) {
        list_init(gen_head(G, i));
        G->gens[i].threshold = thresholds[i];
        G->gens[i].count = 0;
    }
    list_init(&G->permanent);
    G->enabled = 1;
    G->stress = 0;
    G->debug = 0;
    G->collecting = 0;
    G->long_lived_total = 0;
    G->long_lived_pending = 0;
}

/* Unlinks every object still in a list so that nothing points into the
 * lists' sentinels afterwards; the objects themselves belong to whoever
 * still holds them (normally nobody: the interpreter frees first). */
static void list_untrack_all(GcHead *list)
{
    GcHead *g = head_next(list);
    while (g != list) {
        GcHead *next = head_next(g);
        g->next = 0;
        g->prev &= GC_PREV_FINALIZED;
        g = next;
    }
    list_init(list);
}

void gc_fini(PhState *S)
{
    GcState *G = gc_state(S);
    for (int i = 0; i < GC_NUM_GENERATIONS; i++) list_untrack_all(gen_head(G, i));
    list_untrack_all(&G->permanent);
}

void gc_track(PhState *S, PhObject *o)
{
    GC_ASSERT(obj_is_gc(o), "gc_track on an object of a non-GC type");
    GC_ASSERT(!gc_is_tracked(o), "object already tracked");
    GcHead *g = gc_head(o);
    g->prev &= GC_PREV_FINALIZED; /* an untracked object is never COLLECTING */
    list_append(g, gen_head(gc_state(S), 0));
}

void gc_untrack(PhObject *o)
{
    GcHead *g = gc_head(o);
    if (!g->next) return;
    list_remove(g);
    g->prev &= GC_PREV_FINALIZED;
}

/* ---- the passes ------------------------------------------------------------ */

/* Pass 1. gc_refs = refcnt for every object in the collected set, and the
 * COLLECTING bit marks membership of that set. Invariant afterwards: the
 * set's prev pointers are gone (the list is linked through next only). */
static void update_refs(GcHead *containers)
{
    for (GcHead *g = head_next(containers); g != containers; g = head_next(g)) {
        PhObject *o = gc_object(g);
        refs_reset(g, o->refcnt);
        /* A zero count here means someone decref'd to zero without
         * deallocating, or the count is too small: the object is dead. */
        GC_ASSERT(o->refcnt > 0, "tracked object with refcnt <= 0");
    }
}

static int visit_decref(PhObject *child, void *arg)
{
    (void)arg;
    if (!obj_is_gc(child)) return 0;
    GcHead *g = gc_head(child);
    if (head_is_collecting(g)) {
        GC_ASSERT(refs_get(g) > 0, "refcount is too small");
        refs_decrement(g);
    }
    return 0;
}

/* Pass 2. Removes the references internal to the set. Invariant
 * afterwards: gc_refs > 0 exactly for objects referenced from outside the
 * set (from a root, or from an object in an older generation or untracked). */
static void subtract_refs(GcHead *containers)
{
    for (GcHead *g = head_next(containers); g != containers; g = head_next(g)) {
        PhObject *o = gc_object(g);
        o->type->traverse(o, visit_decref, NULL);
    }
}

/* Visitor used by move_unreachable on objects known to be reachable: every
 * set member they refer to is reachable too. `arg` is the young list. */
static int visit_reachable(PhObject *child, void *arg)
{
    GcHead *young = arg;
    if (!obj_is_gc(child)) return 0;
    GcHead *g = gc_head(child);
    /* Objects outside the set, and set members already scanned (the scan
     * clears COLLECTING), need nothing. */
    if (!head_is_collecting(g)) return 0;
    GC_ASSERT(g->next != 0, "collecting flag on an untracked object");

    if (g->next & GC_NEXT_UNREACHABLE) {
        /* It was moved to the unreachable list on the assumption that it is
         * garbage; it is not. Unlink it by hand (the list's next pointers
         * carry the tag) and put it at the tail of young, where the scan
         * will reach it again. */
        GcHead *prev = head_prev(g);
        GcHead *next = (GcHead *)(g->next & ~GC_NEXT_UNREACHABLE);
        prev->next = g->next; /* the tag travels with the pointer */
        head_set_prev(next, prev);
        list_append(g, young);
        refs_set(g, 1);
    } else if (refs_get(g) == 0) {
        /* Still ahead of the scan in young: just mark it reachable. */
        refs_set(g, 1);
    }
    /* else refs > 0: ahead of the scan and already known reachable. */
    return 0;
}

/* Pass 3. One pass over young splits it into reachable (left in young) and
 * unreachable. Invariant during the scan: everything behind the cursor in
 * young is reachable from outside the set and has been traversed (its prev
 * pointer restored, COLLECTING cleared); everything moved to `unreachable`
 * carries the UNREACHABLE tag in next and may still be moved back. The
 * cursor's predecessor `prev` is the last reachable object. Objects moved
 * back are appended at young's tail, so the scan visits them again; the
 * whole thing is a breadth-first search with O(1) extra memory.
 *
 * Afterwards young is a proper doubly-linked list with COLLECTING clear, and
 * `unreachable` is doubly linked, its members tagged, COLLECTING still set. */
static void move_unreachable(GcHead *young, GcHead *unreachable)
{
    GcHead *prev = young;
    GcHead *g = head_next(young);

    while (g != young) {
        if (refs_get(g) > 0) {
            PhObject *o = gc_object(g);
            /* The traverse may append to young (moving objects back), which
             * can change g->next when g is the tail: read it only after. */
            o->type->traverse(o, visit_reachable, young);
            head_set_prev(g, prev);
            head_clear_collecting(g);
            prev = g;
        } else {
            /* Tentatively unreachable. young is singly linked here, so only
             * prev's next needs fixing. Every member of `unreachable`
             * (and, harmlessly for now, its sentinel) gets the tag. */
            prev->next = g->next;
            GcHead *last = head_prev(unreachable);
            last->next = (uintptr_t)g | GC_NEXT_UNREACHABLE;
            head_set_prev(g, last);
            g->next = (uintptr_t)unreachable | GC_NEXT_UNREACHABLE;
            unreachable->prev = (uintptr_t)g;
        }
        g = head_next(prev);
    }
    /* prev is young's last element; repair the sentinels. */
    young->prev = (uintptr_t)prev;
    unreachable->next &= ~GC_NEXT_UNREACHABLE;
}

/* Passes 1-3 together: the members of `base` unreachable from outside it go
 * to `unreachable` (which this initialises). */
static void deduce_unreachable(GcHead *base, GcHead *unreachable)
{
    list_init(unreachable);
    update_refs(base);
    subtract_refs(base);
    move_unreachable(base, unreachable);
}

/* Lazy untracking (CPython's untrack_tuples/untrack_dicts): the type's
 * maybe_untrack says whether a survivor holds only untracked objects and so
 * can never be part of a cycle. Types flagged TPFLAG_UNTRACK_FULL_ONLY
 * (dicts) are looked at only in full collections, to keep dict building
 * from going quadratic (CPython issue #14775). */
static void untrack_survivors(GcHead *young, bool full_only_types)
{
    GcHead *g = head_next(young);
    while (g != young) {
        GcHead *next = head_next(g);
        PhObject *o = gc_object(g);
        PhType *t = o->type;
        bool full_only = (t->flags & TPFLAG_UNTRACK_FULL_ONLY) != 0;
        if (t->maybe_untrack && full_only == full_only_types && t->maybe_untrack(o) &&
            gc_is_tracked(o))
            gc_untrack(o);
        g = next;
    }
}

static void untrack_tuples(GcHead *young) { untrack_survivors(young, false); }
static void untrack_dicts(GcHead *young) { untrack_survivors(young, true); }

static inline bool has_legacy_finalizer(PhObject *o) { return o->type->legacy_del != NULL; }

/* Pass 6a. Clears the UNREACHABLE tags (unreachable becomes an ordinary
 * list) and moves objects whose type has a legacy (tp_del) finalizer to
 * `finalizers`, clearing their COLLECTING bit. */
static void move_legacy_finalizers(GcHead *unreachable, GcHead *finalizers)
{
    GcHead *g = head_next(unreachable);
    while (g != unreachable) {
        g->next &= ~GC_NEXT_UNREACHABLE;
        GcHead *next = head_next(g);
        PhObject *o = gc_object(g);
        if (has_legacy_finalizer(o)) {
            head_clear_collecting(g);
            list_move(g, finalizers);
        }
        g = next;
    }
}

static int visit_move(PhObject *child, void *arg)
{
    GcHead *to = arg;
    if (!obj_is_gc(child)) return 0;
    GcHead *g = gc_head(child);
    if (head_is_collecting(g)) {
        list_move(g, to);
        head_clear_collecting(g);
    }
    return 0;
}

/* Pass 6b. Everything reachable from a legacy finalizer must stay alive
 * too (the finalizer could still use it). The list grows as it is walked;
 * clearing COLLECTING on a move keeps each object from moving twice. */
static void move_legacy_finalizer_reachable(GcHead *finalizers)
{
    for (GcHead *g = head_next(finalizers); g != finalizers; g = head_next(g)) {
        PhObject *o = gc_object(g);
        o->type->traverse(o, visit_move, finalizers);
    }
}

/* Pass 8: clearing weak references to garbage and running their callbacks.
 * pyheap has no weak references yet; the weakref issue fills this in (CPython
 * clears every weakref to an unreachable object here, before any finalizer
 * runs, and calls callbacks only of weakrefs that are themselves reachable).
 * Returns the number of objects freed while doing so. */
static ssize_t handle_weakrefs(PhState *S, GcHead *unreachable, GcHead *old)
{
    (void)S;
    (void)unreachable;
    (void)old;
    return 0;
}

/* Pass 9. Runs each PEP 442 finalizer that has not run yet (the FINALIZED
 * bit is set first, so each runs at most once in the object's life).
 * Finalizers run arbitrary code that may free other members of the list, so
 * the walk always takes the head of `collectable`, moves it to `seen`, and
 * only then runs its finalizer: whatever vanishes from either list, the
 * walk stays valid. The object is given a reference for the call. */
static ssize_t finalize_garbage(PhState *S, GcHead *collectable)
{
    PhMem *M = mem_of(S);
    GcHead seen;
    ssize_t ran = 0;
    list_init(&seen);
    while (!list_is_empty(collectable)) {
        GcHead *g = head_next(collectable);
        PhObject *o = gc_object(g);
        list_move(g, &seen);
        destructor finalize = o->type->finalize;
        if (finalize && !gc_is_finalized(o)) {
            gc_set_finalized(o);
            obj_incref(o);
            if (M->hook) events_emit(S, &(PhEvent){.kind = EV_GC_FINALIZE, .obj = o});
            finalize(S, o);
            ran++;
            obj_decref(S, o);
        }
    }
    list_merge(&seen, collectable);
    return ran;
}

/* Pass 10. Finalizers may have stored references to garbage somewhere
 * reachable. Re-running the deduction on the unreachable set alone finds
 * them: an object now referenced from outside the set is resurrected, with
 * everything it reaches. Those go to the old generation and are not counted;
 * the rest goes to `still_unreachable` (COLLECTING set, tags cleared). */
static void handle_resurrected_objects(GcHead *unreachable, GcHead *still_unreachable, GcHead *old)
{
    list_clear_collecting(unreachable);
    deduce_unreachable(unreachable, still_unreachable);
    for (GcHead *g = head_next(still_unreachable); g != still_unreachable; g = head_next(g))
        g->next &= ~GC_NEXT_UNREACHABLE;
    list_merge(unreachable, old); /* what is left in it was resurrected */
}

/* Pass 11. Breaks the cycles: each object's clear drops its references,
 * and reference counting frees the rest. With DEBUG_SAVEALL nothing is
 * cleared: each object goes to gc.garbage instead. An object still in the
 * list after its turn (still alive) moves to the old generation. */
static void delete_garbage(PhState *S, GcHead *collectable, GcHead *old)
{
    GcState *G = gc_state(S);
    while (!list_is_empty(collectable)) {
        GcHead *g = head_next(collectable);
        PhObject *o = gc_object(g);
        GC_ASSERT(o->refcnt > 0, "refcount is too small");
        if (G->debug & GC_DEBUG_SAVEALL) {
            if (G->save_garbage) (void)G->save_garbage(S, o);
        } else if (o->type->clear) {
            obj_incref(o);
            (void)o->type->clear(S, o);
            obj_decref(S, o);
        }
        if (head_next(collectable) == g) {
            head_clear_collecting(g);
            list_move(g, old);
        }
    }
}

/* Pass 13. Legacy-finalizer objects (all of the list under SAVEALL) go to
 * gc.garbage; all of the list stays alive in the old generation. */
static void handle_legacy_finalizers(PhState *S, GcHead *finalizers, GcHead *old)
{
    GcState *G = gc_state(S);
    if (G->save_garbage) {
        for (GcHead *g = head_next(finalizers); g != finalizers; g = head_next(g)) {
            PhObject *o = gc_object(g);
            if ((G->debug & GC_DEBUG_SAVEALL) || has_legacy_finalizer(o)) {
                if (G->save_garbage(S, o) != 0) break;
            }
        }
    }
    list_merge(finalizers, old);
}

/* ---- reporting ------------------------------------------------------------- */

static void debug_object(const char *what, PhObject *o)
{
    fprintf(stderr, "gc: %s <%s %p>\n", what, o->type->name, (void *)o);
}

static void debug_list(const char *what, GcHead *list)
{
    for (GcHead *g = head_next(list); g != list; g = head_next(g)) debug_object(what, gc_object(g));
}

static void debug_generations(GcState *G, int generation)
{
    fprintf(stderr, "gc: collecting generation %d...\n", generation);
    fprintf(stderr, "gc: objects in each generation:");
    for (int i = 0; i < GC_NUM_GENERATIONS; i++) fprintf(stderr, " %zd", list_size(gen_head(G, i)));
    fprintf(stderr, "\ngc: objects in permanent generation: %zd\n", list_size(&G->permanent));
}

static void emit_unreachable(PhState *S, GcHead *list)
{
    for (GcHead *g = head_next(list); g != list; g = head_next(g))
        events_emit(S, &(PhEvent){.kind = EV_GC_UNREACHABLE, .obj = gc_object(g)});
}

/* ---- one collection --------------------------------------------------------- */

/* The counters of an allocation-driven scheme: collecting generation g
 * counts one collection against g+1 and restarts the counts of 0..g. */
static void update_counters(GcState *G, int generation)
{
    if (generation + 1 < GC_NUM_GENERATIONS) G->gens[generation + 1].count += 1;
    for (int i = 0; i <= generation; i++) G->gens[i].count = 0;
}

/* Survivors of young move up a generation; a full collection instead
 * resets the long-lived accounting behind the 25% rule. */
static void promote_survivors(GcState *G, int generation, GcHead *young, GcHead *old)
{
    if (young != old) {
        if (generation == GC_NUM_GENERATIONS - 2) G->long_lived_pending += list_size(young);
        list_merge(young, old);
    } else {
        untrack_dicts(young);
        G->long_lived_pending = 0;
        G->long_lived_total = list_size(young);
    }
}

static void record_stats(GcState *G, const GcResult *r)
{
    GcGenStats *st = &G->stats[r->generation];
    st->collections++;
    st->collected += (uint64_t)r->collected;
    st->uncollectable += (uint64_t)r->uncollectable;
    st->total_ns += r->duration_ns;
    if (r->duration_ns > st->longest_ns) st->longest_ns = r->duration_ns;
}

/* Collects `generation` and every younger one; the caller holds the
 * `collecting` guard. Fills r; returns collected + uncollectable. */
static ssize_t collect_main(PhState *S, int generation, GcResult *r)
{
    PhMem *M = mem_of(S);
    GcState *G = &M->gc;
    uint64_t t0 = now_ns();
    ssize_t m = 0; /* collected */
    ssize_t n = 0; /* uncollectable */
    GcHead unreachable, finalizers, final_unreachable;

    *r = (GcResult){.generation = generation};
    if (M->hook) events_emit(S, &(PhEvent){.kind = EV_GC_START, .gc = r});
    if (G->debug & GC_DEBUG_STATS) debug_generations(G, generation);

    update_counters(G, generation);
    for (int i = 0; i < generation; i++) list_merge(gen_head(G, i), gen_head(G, generation));
    GcHead *young = gen_head(G, generation);
    GcHead *old = generation + 1 < GC_NUM_GENERATIONS ? gen_head(G, generation + 1) : young;
    r->examined = list_size(young);

    deduce_unreachable(young, &unreachable);          /* passes 1-3 */
    untrack_tuples(young);                            /* 4 */
    promote_survivors(G, generation, young, old);     /* 5 */

    list_init(&finalizers);                           /* 6 */
    move_legacy_finalizers(&unreachable, &finalizers);
    move_legacy_finalizer_reachable(&finalizers);
    if (G->debug & GC_DEBUG_COLLECTABLE) debug_list("collectable", &unreachable);

    m += handle_weakrefs(S, &unreachable, old);       /* 8 */
    r->finalized = finalize_garbage(S, &unreachable); /* 9 */
    handle_resurrected_objects(&unreachable, &final_unreachable, old); /* 10 */

    if (M->hook) {
        emit_unreachable(S, &final_unreachable);
        emit_unreachable(S, &finalizers);
    }
    m += list_size(&final_unreachable);               /* 11 */
    delete_garbage(S, &final_unreachable, old);

    n = list_size(&finalizers);                       /* 12 */
    if (G->debug & GC_DEBUG_UNCOLLECTABLE) debug_list("uncollectable", &finalizers);
    if (G->debug & GC_DEBUG_STATS)
        fprintf(stderr, "gc: done, %zd unreachable, %zd uncollectable, %.4fs elapsed\n", n + m, n,
                (double)(now_ns() - t0) / 1e9);
    handle_legacy_finalizers(S, &finalizers, old);    /* 13 */

    if (generation == GC_NUM_GENERATIONS - 1 && G->clear_freelists) /* 14 */
        G->clear_freelists(S);

    r->collected = m;
    r->uncollectable = n;
    r->duration_ns = now_ns() - t0;
    record_stats(G, r);
    if (M->hook) events_emit(S, &(PhEvent){.kind = EV_GC_STOP, .gc = r});
    return n + m;
}

/* A collection as gc.collect() or an automatic trigger runs it: with the
 * "start" and "stop" callbacks around it. */
static ssize_t collect_with_callback(PhState *S, int generation)
{
    GcState *G = gc_state(S);
    GcResult r = {.generation = generation};
    if (G->callback) G->callback(S, 0, &r, G->callback_ctx);
    ssize_t found = collect_main(S, generation, &r);
    if (G->callback) G->callback(S, 1, &r, G->callback_ctx);
    return found;
}

/* The oldest generation whose count exceeds its threshold, or -1. A full
 * collection also needs the 25% rule: the objects that survived into
 * generation 2 since the last full collection (long_lived_pending) must be
 * at least a quarter of those that were there after it (long_lived_total),
 * which keeps the total cost of full collections linear in the heap size
 * (CPython bpo-4074). Stress mode treats threshold 0 as 0. */
static int select_generation(GcState *G, bool stress)
{
    for (int i = GC_NUM_GENERATIONS - 1; i >= 0; i--) {
        int threshold = (i == 0 && stress) ? 0 : G->gens[i].threshold;
        if (G->gens[i].count <= threshold) continue;
        if (i == GC_NUM_GENERATIONS - 1 && G->long_lived_pending < G->long_lived_total / 4)
            continue;
        return i;
    }
    return -1;
}

static void collect_automatic(PhState *S, bool stress)
{
    GcState *G = gc_state(S);
    int generation = select_generation(G, stress);
    if (generation < 0) return;
    G->collecting = 1;
    (void)collect_with_callback(S, generation);
    G->collecting = 0;
}

/* ---- public entry points ------------------------------------------------------ */

void gc_note_alloc(PhState *S)
{
    GcState *G = gc_state(S);
    G->gens[0].count++;
    if (!G->enabled || G->collecting) return;
    if (G->stress)
        collect_automatic(S, true);
    else if (G->gens[0].threshold && G->gens[0].count > G->gens[0].threshold)
        collect_automatic(S, false);
}

void gc_note_free(PhState *S)
{
    GcState *G = gc_state(S);
    if (G->gens[0].count > 0) G->gens[0].count--;
}

ssize_t gc_collect(PhState *S, int generation)
{
    GcState *G = gc_state(S);
    if (G->collecting) return -1;
    /* The gc module rejects a bad generation with ValueError first. */
    if (generation < 0 || generation >= GC_NUM_GENERATIONS) generation = GC_NUM_GENERATIONS - 1;
    G->collecting = 1;
    ssize_t found = collect_with_callback(S, generation);
    G->collecting = 0;
    return found;
}

ssize_t gc_collect_nofail(PhState *S)
{
    GcState *G = gc_state(S);
    if (G->collecting) return 0;
    GcResult r;
    G->collecting = 1;
    ssize_t found = collect_main(S, GC_NUM_GENERATIONS - 1, &r);
    G->collecting = 0;
    return found;
}

void gc_freeze(PhState *S)
{
    GcState *G = gc_state(S);
    for (int i = 0; i < GC_NUM_GENERATIONS; i++) {
        list_merge(gen_head(G, i), &G->permanent);
        G->gens[i].count = 0; /* 3.11 measured: get_count() is (0, 0, 0) after */
    }
}

void gc_unfreeze(PhState *S)
{
    GcState *G = gc_state(S);
    list_merge(&G->permanent, gen_head(G, GC_NUM_GENERATIONS - 1));
}

ssize_t gc_freeze_count(PhState *S) { return list_size(&gc_state(S)->permanent); }

ssize_t gc_generation_size(PhState *S, int generation)
{
    GcState *G = gc_state(S);
    if (generation >= 0 && generation < GC_NUM_GENERATIONS)
        return list_size(gen_head(G, generation));
    ssize_t n = 0;
    for (int i = 0; i < GC_NUM_GENERATIONS; i++) n += list_size(gen_head(G, i));
    return n;
}

static int list_for_each(GcHead *list, int (*fn)(PhObject *, void *), void *ctx)
{
    GcHead *g = head_next(list);
    while (g != list) {
        GcHead *next = head_next(g); /* fn may untrack the object it is given */
        int rc = fn(gc_object(g), ctx);
        if (rc) return rc;
        g = next;
    }
    return 0;
}

int gc_for_each(PhState *S, int generation, int (*fn)(PhObject *, void *), void *ctx)
{
    GcState *G = gc_state(S);
    if (generation == GC_NUM_GENERATIONS) return list_for_each(&G->permanent, fn, ctx);
    if (generation >= 0 && generation < GC_NUM_GENERATIONS)
        return list_for_each(gen_head(G, generation), fn, ctx);
    for (int i = 0; i < GC_NUM_GENERATIONS; i++) {
        int rc = list_for_each(gen_head(G, i), fn, ctx);
        if (rc) return rc;
    }
    return 0;
}

int gc_generation_of(PhState *S, PhObject *o)
{
    GcState *G = gc_state(S);
    GcHead *start = gc_head(o);
    if (!start->next) return -1;
    /* Walk forward to the list's sentinel. During a collection the object
     * may sit in a private list: the walk comes back to it, and we say -1. */
    for (GcHead *g = (GcHead *)(start->next & ~GC_NEXT_UNREACHABLE); g != start;
         g = (GcHead *)(g->next & ~GC_NEXT_UNREACHABLE)) {
        for (int i = 0; i < GC_NUM_GENERATIONS; i++)
            if (g == gen_head(G, i)) return i;
        if (g == &G->permanent) return GC_NUM_GENERATIONS;
    }
    return -1;
}
