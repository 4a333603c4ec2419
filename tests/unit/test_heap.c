/* Unit tests of the private heap (src/mem/heap.c).
 *
 * Most tests drive the heap and compare it with what pymalloc's rules
 * predict: which pool or arena a block must come from, when an arena must go
 * back to the system, what the statistics must read. heap_check() verifies
 * the structural invariants after each phase.
 */
#include "check.h"
#include "mem/heap.h"

#include <stdint.h>

#if defined(__SANITIZE_ADDRESS__)
#define TEST_ASAN 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define TEST_ASAN 1
#endif
#endif
#ifdef TEST_ASAN
#include <sanitizer/asan_interface.h>
/* The heap poisons free blocks; a test that inspects one unpoisons it. */
#define UNPOISON(p, n) ASAN_UNPOISON_MEMORY_REGION((p), (n))
#else
#define UNPOISON(p, n) ((void)(p), (void)(n))
#endif

#define MIB ((size_t)1 << 20)
#define ARENA_OF(p) ((uintptr_t)(p) & ~(uintptr_t)(HEAP_ARENA_SIZE - 1))
#define POOL_OF(p) ((uintptr_t)(p) & ~(uintptr_t)(HEAP_POOL_SIZE - 1))
#define CLASS_SIZE(c) (((size_t)(c) + 1) * HEAP_ALIGNMENT)
#define NUMBLOCKS(c) ((HEAP_POOL_SIZE - HEAP_POOL_OVERHEAD) / CLASS_SIZE(c))

/* A reproducible PRNG (xorshift64*). */
static uint64_t rng_state;
static void rng_seed(uint64_t s) { rng_state = s ? s : 88172645463325252ULL; }
static uint64_t rng(void) {
    rng_state ^= rng_state >> 12;
    rng_state ^= rng_state << 25;
    rng_state ^= rng_state >> 27;
    return rng_state * 2685821657736338717ULL;
}
static size_t rng_below(size_t n) { return (size_t)(rng() % n); }

#define CHECK_HEAP(h)                                                          \
    do {                                                                       \
        const char *why_ = heap_check(h);                                      \
        if (why_ != NULL)                                                      \
            printf("  heap_check: %s\n", why_);                                \
        CHECK(why_ == NULL);                                                   \
    } while (0)

/* The byte accounting of the report must add up to the arenas held. */
static int stats_consistent(const HeapStats *s) {
    size_t total = s->bytes_in_blocks + s->bytes_free_blocks + s->pools_unused * HEAP_POOL_SIZE +
                   s->bytes_pool_headers + s->bytes_quantization + s->bytes_alignment;
    if (total != s->arenas_current * HEAP_ARENA_SIZE)
        return 0;
    size_t pools = 0, small = 0, bytes = 0, freeb = 0, quant = 0;
    for (int c = 0; c < HEAP_NUM_CLASSES; c++) {
        const HeapClassStats *k = &s->cls[c];
        if (k->blocks_used + k->blocks_free != k->pools * NUMBLOCKS(c))
            return 0;
        pools += k->pools;
        small += k->blocks_used;
        bytes += k->blocks_used * CLASS_SIZE(c);
        freeb += k->blocks_free * CLASS_SIZE(c);
        quant += k->pools * ((HEAP_POOL_SIZE - HEAP_POOL_OVERHEAD) % CLASS_SIZE(c));
    }
    return pools + s->pools_unused == s->arenas_current * HEAP_POOLS_PER_ARENA &&
           bytes == s->bytes_in_blocks && freeb == s->bytes_free_blocks &&
           quant == s->bytes_quantization && pools * HEAP_POOL_OVERHEAD == s->bytes_pool_headers &&
           s->bytes_alignment == 0 && small + s->large_blocks == s->allocated_blocks &&
           s->allocated_blocks == s->total_allocs - s->total_frees &&
           s->arenas_current <= s->arenas_highwater &&
           s->arenas_allocated_total == s->arenas_current + s->arenas_reclaimed &&
           s->peak_bytes >= s->bytes_in_blocks + s->large_bytes;
}

/* ------------------------------------------------------------------------ */

TEST(size_class_arithmetic) {
    CHECK_EQ(heap_size_class(0), -1);
    CHECK_EQ(heap_size_class(1), 0);
    CHECK_EQ(heap_size_class(16), 0);
    CHECK_EQ(heap_size_class(17), 1);
    CHECK_EQ(heap_size_class(500), 31);
    CHECK_EQ(heap_size_class(512), 31);
    CHECK_EQ(heap_size_class(513), -1);
    CHECK_EQ(heap_size_class(SIZE_MAX), -1);

    /* Blocks per pool, as CPython's NUMBLOCKS gives them; filling a pool's
     * last block must not open a second pool, one more must. */
    static const struct { size_t size, per_pool; } cases[] = {
        {16, 1021}, {32, 510}, {64, 255}, {512, 31}, {48, 340}, {496, 32}};
    for (size_t k = 0; k < sizeof cases / sizeof cases[0]; k++) {
        Heap *h = heap_new(NULL);
        CHECK(h != NULL);
        int c = heap_size_class(cases[k].size);
        CHECK_EQ(NUMBLOCKS(c), cases[k].per_pool);
        void *first = heap_alloc(h, cases[k].size);
        CHECK(first != NULL);
        /* The first block sits right after the 48-byte pool header. */
        CHECK_EQ((uintptr_t)first - POOL_OF(first), HEAP_POOL_OVERHEAD);
        void *prev = first;
        for (size_t i = 1; i < cases[k].per_pool; i++) {
            void *p = heap_alloc(h, cases[k].size);
            CHECK(p != NULL);
            CHECK_EQ((uintptr_t)p - (uintptr_t)prev, cases[k].size); /* carved in order */
            prev = p;
        }
        HeapStats s;
        heap_get_stats(h, &s);
        CHECK_EQ(s.cls[c].pools, 1);
        CHECK_EQ(s.cls[c].blocks_used, cases[k].per_pool);
        CHECK_EQ(s.cls[c].blocks_free, 0);
        void *extra = heap_alloc(h, cases[k].size);
        CHECK(POOL_OF(extra) != POOL_OF(first));
        heap_get_stats(h, &s);
        CHECK_EQ(s.cls[c].pools, 2);
        CHECK_EQ(s.cls[c].blocks_free, cases[k].per_pool - 1);
        CHECK(stats_consistent(&s));
        CHECK_HEAP(h);
        CHECK_EQ(heap_destroy(h), cases[k].per_pool + 1);
    }
}

/* ------------------------------------------------------------------------
 * Random operations against a shadow model
 * ------------------------------------------------------------------------ */

typedef struct Slot {
    uint8_t *p;
    size_t n;     /* bytes requested */
    int cls;      /* size class the block must be in; -1: large */
    uint32_t id;
} Slot;

static uint8_t pattern(uint32_t id, size_t i) { return (uint8_t)(id * 131u + i * 7u + (i >> 8)); }

static void fill(const Slot *s) {
    for (size_t i = 0; i < s->n; i++)
        s->p[i] = pattern(s->id, i);
}

static int intact(const Slot *s, size_t n) {
    for (size_t i = 0; i < n; i++)
        if (s->p[i] != pattern(s->id, i))
            return 0;
    return 1;
}

static size_t random_size(void) {
    size_t r = rng_below(1000);
    if (r == 0)
        return 0;               /* 0 bytes: goes to malloc */
    if (r < 800)
        return 1 + rng_below(HEAP_SMALL_MAX); /* small: 1..512 */
    return 1 + rng_below(2000);               /* anything up to 2000 */
}

/* Checks a block just placed in slot s against what the heap promises. */
static int block_ok(Heap *h, const Slot *s) {
    if (s->p == NULL || ((uintptr_t)s->p & (HEAP_ALIGNMENT - 1)) != 0)
        return 0;
    if (heap_owns(h, s->p) != (s->cls >= 0))
        return 0;
    size_t usable = heap_usable_size(h, s->p);
    if (usable < s->n)
        return 0;
    return s->cls < 0 ? usable == s->n : usable == CLASS_SIZE(s->cls);
}

/* Compares the statistics with the model's count of live blocks. */
static int stats_match(Heap *h, const Slot *slots, size_t nslots) {
    size_t per_class[HEAP_NUM_CLASSES] = {0}, live = 0, large = 0, large_bytes = 0, bytes = 0;
    for (size_t i = 0; i < nslots; i++) {
        if (slots[i].p == NULL)
            continue;
        live++;
        if (slots[i].cls < 0) {
            large++;
            large_bytes += slots[i].n;
        } else {
            per_class[slots[i].cls]++;
            bytes += CLASS_SIZE(slots[i].cls);
        }
    }
    HeapStats s;
    heap_get_stats(h, &s);
    for (int c = 0; c < HEAP_NUM_CLASSES; c++)
        if (s.cls[c].blocks_used != per_class[c])
            return 0;
    return stats_consistent(&s) && s.allocated_blocks == live && s.large_blocks == large &&
           s.large_bytes == large_bytes && s.bytes_in_blocks == bytes;
}

/* One random step on slot s: allocate into an empty slot; else verify the
 * block, then free or realloc it (checking where realloc must leave it). */
/* With may_fail (failure injection armed), an allocation or a moving
 * realloc may return NULL; the model then expects nothing to have changed. */
static int random_step(Heap *h, Slot *s, uint32_t *next_id, unsigned free_bias, bool may_fail) {
    if (s->p == NULL) {
        s->n = random_size();
        s->cls = heap_size_class(s->n);
        s->id = (*next_id)++;
        bool zero = rng_below(8) == 0;
        s->p = zero ? heap_calloc(h, s->n) : heap_alloc(h, s->n);
        if (s->p == NULL && may_fail)
            return 1;
        if (!block_ok(h, s))
            return 0;
        if (zero)
            for (size_t i = 0; i < s->n; i++)
                if (s->p[i] != 0)
                    return 0;
        fill(s);
        return 1;
    }
    if (!intact(s, s->n))
        return 0; /* another block overlapped this one */
    if (rng_below(100) < free_bias) {
        size_t released = heap_free(h, s->p);
        if (released != (s->cls < 0 ? s->n : CLASS_SIZE(s->cls)))
            return 0;
        s->p = NULL;
        return 1;
    }
    size_t n = random_size();
    uint8_t *old = s->p;
    bool keep = false;
    int cls = -1;
    if (s->cls >= 0) {
        size_t size = CLASS_SIZE(s->cls);
        keep = n <= size && 4 * n > 3 * size;
        cls = keep ? s->cls : heap_size_class(n);
    }
    uint8_t *p = heap_realloc(h, old, n);
    if (p == NULL && may_fail && !keep)
        return intact(s, s->n); /* failed: the old block is untouched */
    if (p == NULL || (keep && p != old))
        return 0;
    Slot moved = {p, n < s->n ? n : s->n, cls, s->id};
    if (!intact(&moved, moved.n))
        return 0; /* contents must survive realloc */
    s->p = p;
    s->n = n;
    s->cls = cls;
    if (!block_ok(h, s))
        return 0;
    fill(s);
    return 1;
}

TEST(random_ops_against_model) {
    enum { NSLOTS = 20000, OPS_PER_PHASE = 250000 };
    /* free_bias per phase: grow, churn, shrink, churn again. */
    static const unsigned bias[] = {20, 50, 90, 50};
    Slot *slots = calloc(NSLOTS, sizeof(Slot));
    CHECK(slots != NULL);
    Heap *h = heap_new(NULL);
    CHECK(h != NULL);
    rng_seed(12345);
    uint32_t next_id = 1;
    for (size_t phase = 0; phase < sizeof bias / sizeof bias[0]; phase++) {
        for (int op = 0; op < OPS_PER_PHASE; op++) {
            Slot *s = &slots[rng_below(NSLOTS)];
            if (!random_step(h, s, &next_id, bias[phase], false)) {
                printf("  phase %zu op %d id %u size %zu\n", phase, op, s->id, s->n);
                free(slots);
                CHECK(0);
            }
        }
        CHECK_HEAP(h);
        CHECK(stats_match(h, slots, NSLOTS));
    }
    /* Free everything: every block intact to the end, and nothing left. */
    for (size_t i = 0; i < NSLOTS; i++) {
        if (slots[i].p == NULL)
            continue;
        CHECK(intact(&slots[i], slots[i].n));
        heap_free(h, slots[i].p);
        slots[i].p = NULL;
    }
    CHECK_HEAP(h);
    CHECK(stats_match(h, slots, NSLOTS));
    HeapStats s;
    heap_get_stats(h, &s);
    CHECK_EQ(s.allocated_blocks, 0);
    CHECK_EQ(s.arenas_current, 1); /* one empty arena is kept */
    CHECK_EQ(s.total_allocs, s.total_frees);
    free(slots);
    CHECK_EQ(heap_destroy(h), 0);
}

/* The same model with debug mode on and failure injection firing now and
 * then: the slow paths must keep every promise the fast paths keep, and the
 * debug table must hold exactly the live blocks (heap_check verifies it). */
TEST(random_ops_debug_and_injection) {
    enum { NSLOTS = 5000, OPS = 200000 };
    Slot *slots = calloc(NSLOTS, sizeof(Slot));
    CHECK(slots != NULL);
    HeapConfig cfg = {.debug = true};
    Heap *h = heap_new(&cfg);
    rng_seed(777);
    uint32_t next_id = 1;
    size_t failures = 0;
    for (int op = 0; op < OPS; op++) {
        if (op % 1000 == 0) /* every so often, fail one of the next 50 */
            heap_set_fail(h, 1 + rng_below(50), false);
        HeapStats before;
        heap_get_stats(h, &before);
        Slot *s = &slots[rng_below(NSLOTS)];
        void *had = s->p;
        if (!random_step(h, s, &next_id, op < OPS / 2 ? 30 : 70, true)) {
            printf("  op %d id %u size %zu\n", op, s->id, s->n);
            free(slots);
            CHECK(0);
        }
        failures += had == NULL && s->p == NULL;
        if (op % 20000 == 0) {
            CHECK_HEAP(h);
            CHECK(stats_match(h, slots, NSLOTS));
        }
    }
    CHECK(failures > 0);
    CHECK_EQ(heap_debug_errors(h), 0); /* no refused frees: the model is right */
    CHECK_HEAP(h);
    CHECK(stats_match(h, slots, NSLOTS));
    heap_set_fail(h, 0, false);
    for (size_t i = 0; i < NSLOTS; i++)
        if (slots[i].p != NULL)
            CHECK(heap_free(h, slots[i].p) > 0 || slots[i].n == 0);
    free(slots);
    CHECK_EQ(heap_destroy(h), 0);
}

/* ------------------------------------------------------------------------
 * Arenas
 * ------------------------------------------------------------------------ */

/* The shape of CPython 3.11's measured behaviour (reference §1.2): a million
 * 16-byte blocks need many arenas; keeping every 1000th pins every pool, so
 * no arena returns; freeing them all returns all arenas but one. */
TEST(arenas_return_when_empty) {
    enum { N = 1000000 };
    void **v = malloc(N * sizeof(void *));
    CHECK(v != NULL);
    Heap *h = heap_new(NULL);
    for (size_t i = 0; i < N; i++) {
        v[i] = heap_alloc(h, 16);
        CHECK(v[i] != NULL);
    }
    HeapStats s;
    heap_get_stats(h, &s);
    size_t pools = (N + 1020) / 1021;
    CHECK_EQ(s.cls[0].pools, pools);
    CHECK_EQ(s.arenas_current, (pools + 63) / 64); /* 980 pools: 16 arenas */
    CHECK_EQ(s.arenas_allocated_total, s.arenas_current);
    CHECK_EQ(s.arenas_reclaimed, 0);
    CHECK_EQ(s.arenas_highwater, s.arenas_current);
    size_t full = s.arenas_current;

    for (size_t i = 0; i < N; i++)
        if (i % 1000 != 0)
            heap_free(h, v[i]);
    heap_get_stats(h, &s);
    CHECK_EQ(s.arenas_current, full); /* every pool keeps a survivor */
    CHECK_EQ(s.arenas_reclaimed, 0);
    CHECK_EQ(s.cls[0].blocks_used, N / 1000);
    CHECK(stats_consistent(&s));
    CHECK_HEAP(h);

    for (size_t i = 0; i < N; i += 1000)
        heap_free(h, v[i]);
    heap_get_stats(h, &s);
    CHECK_EQ(s.arenas_current, 1);
    CHECK_EQ(s.arenas_reclaimed, full - 1);
    CHECK_EQ(s.arenas_highwater, full);
    CHECK_EQ(s.pools_unused, HEAP_POOLS_PER_ARENA);
    CHECK(stats_consistent(&s));
    CHECK_HEAP(h);

    /* The kept arena serves the next allocation: no new mapping. */
    void *p = heap_alloc(h, 100);
    heap_get_stats(h, &s);
    CHECK_EQ(s.arenas_allocated_total, full);
    heap_free(h, p);
    free(v);
    CHECK_EQ(heap_destroy(h), 0);
}

/* An arena boundary crossed back and forth must not map and unmap each time
 * (bpo-37257): the last usable arena is kept even when wholly empty. */
TEST(last_empty_arena_is_kept) {
    Heap *h = heap_new(NULL);
    size_t per_arena = HEAP_POOLS_PER_ARENA * NUMBLOCKS(31);
    void **v = malloc(per_arena * sizeof(void *));
    for (size_t i = 0; i < per_arena; i++)
        v[i] = heap_alloc(h, 512);
    HeapStats s;
    heap_get_stats(h, &s);
    CHECK_EQ(s.arenas_current, 1);
    CHECK_EQ(s.pools_unused, 0);
    for (int round = 0; round < 100; round++) {
        void *p = heap_alloc(h, 512); /* needs a second arena */
        CHECK(ARENA_OF(p) != ARENA_OF(v[0]));
        heap_free(h, p);
    }
    heap_get_stats(h, &s);
    CHECK_EQ(s.arenas_allocated_total, 2);
    CHECK_EQ(s.arenas_current, 2);
    CHECK_EQ(s.arenas_reclaimed, 0);
    CHECK_HEAP(h);
    for (size_t i = 0; i < per_arena; i++)
        heap_free(h, v[i]);
    heap_get_stats(h, &s);
    CHECK_EQ(s.arenas_current, 1);
    CHECK_EQ(s.arenas_reclaimed, 1);
    CHECK_HEAP(h);
    free(v);
    CHECK_EQ(heap_destroy(h), 0);
}

/* Frees every block of `pools` whole pools of the arena at `base`. */
static void empty_pools(Heap *h, void **v, size_t n, uintptr_t base, size_t pools) {
    uintptr_t chosen[HEAP_POOLS_PER_ARENA];
    size_t nchosen = 0;
    for (size_t i = 0; i < n && nchosen < pools; i++) {
        if (v[i] == NULL || ARENA_OF(v[i]) != base)
            continue;
        uintptr_t pool = POOL_OF(v[i]);
        bool seen = false;
        for (size_t k = 0; k < nchosen; k++)
            seen |= chosen[k] == pool;
        if (!seen)
            chosen[nchosen++] = pool;
    }
    for (size_t i = 0; i < n; i++) {
        if (v[i] == NULL)
            continue;
        for (size_t k = 0; k < nchosen; k++) {
            if (POOL_OF(v[i]) == chosen[k]) {
                heap_free(h, v[i]);
                v[i] = NULL;
                break;
            }
        }
    }
}

/* A new pool comes from the usable arena with the fewest free pools, and
 * freeing pools moves an arena to its sorted place. */
TEST(usable_arenas_fullest_first) {
    Heap *h = heap_new(NULL);
    size_t per_arena = HEAP_POOLS_PER_ARENA * NUMBLOCKS(31); /* 1984 blocks of 512 */
    size_t n = 3 * per_arena;
    void **v = malloc(n * sizeof(void *));
    for (size_t i = 0; i < n; i++)
        v[i] = heap_alloc(h, 512);
    uintptr_t a = ARENA_OF(v[0]), b = ARENA_OF(v[per_arena]), c = ARENA_OF(v[2 * per_arena]);
    CHECK(a != b && b != c && a != c);
    HeapStats s;
    heap_get_stats(h, &s);
    CHECK_EQ(s.arenas_current, 3);
    CHECK_EQ(s.pools_unused, 0);

    empty_pools(h, v, n, a, 10);
    empty_pools(h, v, n, b, 3);
    empty_pools(h, v, n, c, 30);
    CHECK_HEAP(h);
    heap_get_stats(h, &s);
    CHECK_EQ(s.pools_unused, 43);

    /* Each new class needs a new pool: B (3 free) serves three, then A (10). */
    void *q[8];
    for (int k = 0; k < 3; k++) {
        q[k] = heap_alloc(h, CLASS_SIZE(k));
        CHECK_EQ(ARENA_OF(q[k]), b);
    }
    q[3] = heap_alloc(h, CLASS_SIZE(3));
    CHECK_EQ(ARENA_OF(q[3]), a);
    CHECK_HEAP(h);

    /* Now A has 9 free pools and C 30. Free 25 more pools of A: A (34)
     * passes C (30), so C becomes the fullest and serves the next pool. */
    empty_pools(h, v, n, a, 25);
    CHECK_HEAP(h);
    q[4] = heap_alloc(h, CLASS_SIZE(4));
    CHECK_EQ(ARENA_OF(q[4]), c);

    /* Empty A wholly. A sorts after C (more free pools), so it is the last
     * usable arena, and the last one is kept even when wholly empty. */
    for (int k = 0; k < 4; k++)
        if (ARENA_OF(q[k]) == a) {
            heap_free(h, q[k]);
            q[k] = NULL;
        }
    for (size_t i = 0; i < n; i++)
        if (v[i] != NULL && ARENA_OF(v[i]) == a) {
            heap_free(h, v[i]);
            v[i] = NULL;
        }
    heap_get_stats(h, &s);
    CHECK_EQ(s.arenas_current, 3);
    CHECK_EQ(s.arenas_reclaimed, 0);
    CHECK_HEAP(h);

    /* Empty C wholly too: C is now before A (the last), so C is returned. */
    for (int k = 0; k < 5; k++)
        if (q[k] != NULL && ARENA_OF(q[k]) == c) {
            heap_free(h, q[k]);
            q[k] = NULL;
        }
    for (size_t i = 0; i < n; i++)
        if (v[i] != NULL && ARENA_OF(v[i]) == c) {
            heap_free(h, v[i]);
            v[i] = NULL;
        }
    heap_get_stats(h, &s);
    CHECK_EQ(s.arenas_current, 2);
    CHECK_EQ(s.arenas_reclaimed, 1);
    CHECK(!heap_owns(h, (void *)c));
    CHECK(heap_owns(h, (void *)a));
    CHECK_HEAP(h);
    free(v);
    heap_destroy(h);
}

/* ------------------------------------------------------------------------
 * Pools
 * ------------------------------------------------------------------------ */

/* A full pool that gets a block back goes to the front of its class's list,
 * so the very next allocation reuses that block. */
TEST(full_pool_relinked_at_front) {
    Heap *h = heap_new(NULL);
    size_t per = NUMBLOCKS(3); /* 64-byte blocks, 255 per pool */
    void **v = malloc((2 * per + 1) * sizeof(void *));
    for (size_t i = 0; i < 2 * per + 1; i++)
        v[i] = heap_alloc(h, 64);
    /* Pools 1 and 2 are full; pool 3 is used with one block. */
    CHECK(POOL_OF(v[2 * per]) != POOL_OF(v[per]));
    void *victim = v[7];
    heap_free(h, victim);
    CHECK_HEAP(h);
    CHECK(heap_alloc(h, 64) == victim);
    /* The pool is full again; the next block comes from pool 3. */
    void *next = heap_alloc(h, 64);
    CHECK_EQ(POOL_OF(next), POOL_OF(v[2 * per]));
    /* LIFO inside a pool: the last block freed is the first reused. */
    heap_free(h, v[2 * per]);
    heap_free(h, next);
    CHECK(heap_alloc(h, 64) == next);
    CHECK_HEAP(h);
    free(v);
    CHECK_EQ(heap_destroy(h), 2 * per + 1);
}

/* An empty pool returns to its arena and is reused, by any class, before a
 * never-used pool is carved. */
TEST(empty_pool_reused_by_another_class) {
    Heap *h = heap_new(NULL);
    size_t per = NUMBLOCKS(0);
    void **v = malloc((per + 1) * sizeof(void *));
    for (size_t i = 0; i <= per; i++)
        v[i] = heap_alloc(h, 16);
    uintptr_t first_pool = POOL_OF(v[0]);
    HeapStats s;
    heap_get_stats(h, &s);
    size_t unused = s.pools_unused;
    for (size_t i = 0; i < per; i++)
        heap_free(h, v[i]);
    heap_get_stats(h, &s);
    CHECK_EQ(s.pools_unused, unused + 1);
    CHECK_EQ(s.cls[0].pools, 1);
    void *big = heap_alloc(h, 512);
    CHECK_EQ(POOL_OF(big), first_pool);
    CHECK_EQ((uintptr_t)big - first_pool, HEAP_POOL_OVERHEAD);
    heap_get_stats(h, &s);
    CHECK_EQ(s.cls[31].pools, 1);
    CHECK_EQ(s.cls[31].blocks_free, NUMBLOCKS(31) - 1);
    CHECK_HEAP(h);
    /* Emptied again and reused by the same class, the pool keeps its old
     * free list: the block freed last comes back first. */
    heap_free(h, big);
    void *again = heap_alloc(h, 512);
    CHECK(again == big);
    heap_free(h, again);
    heap_free(h, v[per]);
    CHECK_HEAP(h);
    free(v);
    CHECK_EQ(heap_destroy(h), 0);
}

/* ------------------------------------------------------------------------
 * Large blocks, ownership, realloc
 * ------------------------------------------------------------------------ */

TEST(large_blocks_and_ownership) {
    Heap *h = heap_new(NULL);
    int local[8];
    CHECK(!heap_owns(h, NULL));
    CHECK(!heap_owns(h, local));
    void *small = heap_alloc(h, 100);
    void *large = heap_alloc(h, 100000);
    void *zero = heap_alloc(h, 0);
    CHECK(small && large && zero);
    CHECK(heap_owns(h, small));
    CHECK(!heap_owns(h, large));
    CHECK(!heap_owns(h, zero));
    CHECK_EQ((uintptr_t)large & 15, 0);
    CHECK_EQ((uintptr_t)zero & 15, 0);
    CHECK_EQ(heap_usable_size(h, large), 100000);
    CHECK_EQ(heap_usable_size(h, zero), 0);
    CHECK_EQ(heap_usable_size(h, small), 112);
    memset(large, 0xab, 100000);
    uint8_t *z = heap_calloc(h, 70000);
    for (size_t i = 0; i < 70000; i++)
        CHECK(z[i] == 0);
    HeapStats s;
    heap_get_stats(h, &s);
    CHECK_EQ(s.large_blocks, 3);
    CHECK_EQ(s.large_bytes, 170000);
    CHECK_EQ(s.allocated_blocks, 4);
    CHECK_HEAP(h);
    CHECK_EQ(heap_free(h, large), 100000);
    CHECK_EQ(heap_free(h, zero), 0);
    CHECK_EQ(heap_free(h, NULL), 0);
    heap_get_stats(h, &s);
    CHECK_EQ(s.large_blocks, 1);
    /* A large block of another heap is refused, not freed. */
    Heap *other = heap_new(NULL);
    void *theirs = heap_alloc(other, 4096);
    CHECK_EQ(heap_free(h, theirs), 0);
    CHECK_EQ(heap_last_error(h), HEAP_ERR_FOREIGN_FREE);
    CHECK_EQ(heap_free(other, theirs), 4096);
    CHECK_EQ(heap_destroy(other), 0);
    CHECK_HEAP(h);
    CHECK_EQ(heap_destroy(h), 2);
}

TEST(realloc_rules) {
    Heap *h = heap_new(NULL);
    uint8_t *p = heap_alloc(h, 100); /* class 6: 112 bytes */
    for (int i = 0; i < 100; i++)
        p[i] = (uint8_t)i;
    /* Shrinks that save less than 25% keep the block: 4n > 3*112 = 336. */
    CHECK(heap_realloc(h, p, 112) == p);
    CHECK(heap_realloc(h, p, 85) == p);
    /* 84 bytes saves exactly 25%: the block moves to class 5. */
    uint8_t *q = heap_realloc(h, p, 84);
    CHECK(q != p);
    CHECK_EQ(heap_usable_size(h, q), 96);
    for (int i = 0; i < 84; i++)
        CHECK_EQ(q[i], i);
    /* Grow across classes, then into a large block, then larger still. */
    q = heap_realloc(h, q, 300);
    CHECK_EQ(heap_usable_size(h, q), 304);
    for (int i = 0; i < 84; i++)
        CHECK_EQ(q[i], i);
    for (int i = 84; i < 300; i++)
        q[i] = (uint8_t)i;
    q = heap_realloc(h, q, 600);
    CHECK(!heap_owns(h, q));
    CHECK_EQ(heap_usable_size(h, q), 600);
    for (int i = 0; i < 300; i++)
        CHECK_EQ(q[i], (uint8_t)i);
    for (int i = 300; i < 600; i++)
        q[i] = (uint8_t)(i * 3);
    q = heap_realloc(h, q, 1 << 20);
    for (int i = 300; i < 600; i++)
        CHECK_EQ(q[i], (uint8_t)(i * 3));
    /* A large block stays with malloc even when shrunk small (as CPython). */
    q = heap_realloc(h, q, 40);
    CHECK(!heap_owns(h, q));
    CHECK_EQ(heap_usable_size(h, q), 40);
    for (int i = 0; i < 40; i++)
        CHECK_EQ(q[i], (uint8_t)i);
    /* realloc(NULL) allocates. */
    void *r = heap_realloc(h, NULL, 10);
    CHECK(heap_owns(h, r));
    HeapStats s;
    heap_get_stats(h, &s);
    CHECK_EQ(s.allocated_blocks, 2);
    CHECK_EQ(s.large_bytes, 40);
    CHECK(stats_consistent(&s));
    CHECK_HEAP(h);
    CHECK_EQ(heap_destroy(h), 2);
}

/* ------------------------------------------------------------------------
 * Debug mode and failure injection
 * ------------------------------------------------------------------------ */

static int all_bytes(const uint8_t *p, size_t from, size_t to, uint8_t v) {
    for (size_t i = from; i < to; i++)
        if (p[i] != v)
            return 0;
    return 1;
}

TEST(debug_mode_refuses_bad_frees) {
    HeapConfig cfg = {.debug = true};
    Heap *h = heap_new(&cfg);
    CHECK(h != NULL);
    uint8_t *p = heap_alloc(h, 40);
    CHECK(all_bytes(p, 0, 48, 0xCD)); /* new blocks are filled */
    uint8_t *keep = heap_alloc(h, 40);
    CHECK_EQ(heap_free(h, p), 48);
    /* Freed blocks are filled (the first word holds the free-list link). */
    UNPOISON(p, 48);
    CHECK(all_bytes(p, sizeof(void *), 48, 0xDD));
    CHECK_EQ(heap_debug_errors(h), 0);
    CHECK_EQ(heap_last_error(h), HEAP_OK);

    CHECK_EQ(heap_free(h, p), 0);
    CHECK_EQ(heap_last_error(h), HEAP_ERR_DOUBLE_FREE);
    CHECK_EQ(heap_debug_errors(h), 1);

    _Alignas(16) static uint8_t foreign[64];
    CHECK_EQ(heap_free(h, foreign + 16), 0);
    CHECK_EQ(heap_last_error(h), HEAP_ERR_FOREIGN_FREE);
    CHECK_EQ(heap_free(h, keep + 16), 0); /* interior pointer */
    CHECK_EQ(heap_last_error(h), HEAP_ERR_FOREIGN_FREE);
    CHECK_EQ(heap_free(h, keep + 1), 0);
    CHECK_EQ(heap_debug_errors(h), 4);

    uint8_t *big = heap_alloc(h, 5000);
    CHECK(all_bytes(big, 0, 5000, 0xCD));
    CHECK_EQ(heap_free(h, big), 5000);
    CHECK_EQ(heap_free(h, big), 0);
    CHECK_EQ(heap_last_error(h), HEAP_ERR_DOUBLE_FREE);
    CHECK_EQ(heap_realloc(h, p, 100), NULL); /* realloc of a freed block */
    CHECK_EQ(heap_debug_errors(h), 6);

    uint8_t *z = heap_calloc(h, 200);
    CHECK(all_bytes(z, 0, 200, 0));
    z = heap_realloc(h, z, 3000);
    CHECK(all_bytes(z, 0, 200, 0));
    heap_free(h, z);

    /* Refused frees change nothing: the heap is whole, one block is live. */
    HeapStats s;
    heap_get_stats(h, &s);
    CHECK_EQ(s.allocated_blocks, 1);
    CHECK(stats_consistent(&s));
    CHECK_HEAP(h);
    CHECK_EQ(heap_destroy(h), 1);
}

/* Debug mode turned on with blocks live: it learns them, so freeing them is
 * fine and freeing them twice is caught. */
TEST(debug_mode_switched_on_later) {
    Heap *h = heap_new(NULL);
    enum { N = 5000 };
    void *v[N];
    for (int i = 0; i < N; i++)
        v[i] = heap_alloc(h, (size_t)(i % 700));
    for (int i = 0; i < N; i += 3)
        heap_free(h, v[i]);
    heap_set_debug(h, true);
    CHECK_HEAP(h);
    for (int i = 0; i < N; i += 3)
        CHECK_EQ(heap_free(h, v[i]), 0); /* already freed before debug */
    CHECK_EQ(heap_debug_errors(h), (N + 2) / 3);
    for (int i = 1; i < N; i++) {
        if (i % 3 == 0)
            continue;
        size_t usable = heap_usable_size(h, v[i]);
        CHECK_EQ(heap_free(h, v[i]), usable);
    }
    CHECK_EQ(heap_debug_errors(h), (N + 2) / 3);
    CHECK_HEAP(h);
    heap_set_debug(h, false);
    void *p = heap_alloc(h, 10);
    heap_free(h, p);
    CHECK_EQ(heap_destroy(h), 0);
}

TEST(failure_injection) {
    Heap *h = heap_new(NULL);
    heap_set_fail(h, 3, false);
    void *a = heap_alloc(h, 10), *b = heap_alloc(h, 1000);
    CHECK(a != NULL && b != NULL);
    CHECK(heap_alloc(h, 10) == NULL); /* the third fails */
    void *c = heap_alloc(h, 10);      /* and only that one */
    CHECK(c != NULL);

    heap_set_fail(h, 2, true);
    void *d = heap_alloc(h, 20);
    CHECK(d != NULL);
    for (int i = 0; i < 100; i++)
        CHECK(heap_alloc(h, (size_t)i * 37) == NULL); /* every one from the 2nd on */
    CHECK(heap_calloc(h, 8) == NULL);
    /* A failed realloc that must move leaves the block as it was. */
    memset(a, 0x5a, 10);
    CHECK(heap_realloc(h, a, 4000) == NULL);
    CHECK(all_bytes(a, 0, 10, 0x5a));
    CHECK(heap_realloc(h, a, 15) == a); /* in place: no allocation needed */

    heap_set_fail(h, 0, false); /* off */
    void *e = heap_alloc(h, 20);
    CHECK(e != NULL);
    HeapStats s;
    heap_get_stats(h, &s);
    CHECK_EQ(s.total_allocs, 5); /* failures are not counted */
    CHECK_HEAP(h);

    /* From the configuration, combined with debug mode. */
    HeapConfig cfg = {.debug = true, .fail_at = 1, .fail_after = false};
    Heap *g = heap_new(&cfg);
    CHECK(heap_alloc(g, 16) == NULL);
    void *f = heap_alloc(g, 16);
    CHECK(f != NULL);
    heap_free(g, f);
    CHECK_EQ(heap_destroy(g), 0);
    CHECK_EQ(heap_destroy(h), 5);
}

/* ------------------------------------------------------------------------
 * Reports and lifetime
 * ------------------------------------------------------------------------ */

TEST(destroy_reports_leaks) {
    Heap *h = heap_new(NULL);
    CHECK_EQ(heap_destroy(h), 0);
    h = heap_new(NULL);
    void *p[7];
    for (int i = 0; i < 5; i++)
        p[i] = heap_alloc(h, (size_t)(16 << i));
    p[5] = heap_alloc(h, 1 << 16);
    p[6] = heap_alloc(h, 0);
    heap_free(h, p[1]);
    heap_free(h, p[5]);
    CHECK_EQ(heap_destroy(h), 5); /* ASan's leak check sees what went back */
}

static void count_pools(void *ctx, size_t arena_index, const void *arena_base, size_t pool_index,
                        int size_class, size_t blocks_used, size_t blocks_total) {
    size_t *acc = ctx;
    if (size_class < 0) {
        acc[0]++;
        return;
    }
    acc[1]++;
    acc[2] += blocks_used;
    acc[3] += blocks_total == NUMBLOCKS(size_class);
    acc[4] += ((uintptr_t)arena_base & (HEAP_ARENA_SIZE - 1)) == 0 && pool_index < 64;
}

TEST(visit_pools_matches_stats) {
    Heap *h = heap_new(NULL);
    rng_seed(7);
    for (int i = 0; i < 100000; i++) {
        void *p = heap_alloc(h, 1 + rng_below(512));
        if (rng_below(3) == 0)
            heap_free(h, p);
    }
    size_t acc[5] = {0};
    heap_visit_pools(h, count_pools, acc);
    HeapStats s;
    heap_get_stats(h, &s);
    size_t pools = 0;
    for (int c = 0; c < HEAP_NUM_CLASSES; c++)
        pools += s.cls[c].pools;
    CHECK_EQ(acc[0], s.pools_unused);
    CHECK_EQ(acc[1], pools);
    CHECK_EQ(acc[2], s.allocated_blocks);
    CHECK_EQ(acc[3], pools);
    CHECK_EQ(acc[4], pools);
    heap_destroy(h);
}

/* The report has CPython's shape and its Total is the arenas' size. */
TEST(print_stats_format) {
    Heap *h = heap_new(NULL);
    void *v[3000];
    for (int i = 0; i < 3000; i++)
        v[i] = heap_alloc(h, 16);
    for (int i = 0; i < 3000; i += 2)
        heap_free(h, v[i]);
    void *big = heap_alloc(h, 2000);
    char *text = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&text, &len);
    heap_print_stats(h, f);
    fclose(f);
    CHECK(strstr(text, "Small block threshold = 512, in 32 size classes.\n\n") == text);
    CHECK(strstr(text, "class   size   num pools   blocks in use  avail blocks\n"
                       "-----   ----   ---------   -------------  ------------\n"
                       "    0     16           3            1500          1563\n\n") != NULL);
    CHECK(strstr(text, "\n# arenas allocated total           =                    1\n") != NULL);
    CHECK(strstr(text, "\n# arenas reclaimed                 =                    0\n") != NULL);
    CHECK(strstr(text, "\n# arenas highwater mark            =                    1\n") != NULL);
    CHECK(strstr(text, "\n# arenas allocated current         =                    1\n") != NULL);
    CHECK(strstr(text, "\n1 arenas * 1048576 bytes/arena     =            1,048,576\n\n") != NULL);
    CHECK(strstr(text, "\n# bytes in allocated blocks        =               24,000\n") != NULL);
    CHECK(strstr(text, "\n# bytes in available blocks        =               25,008\n") != NULL);
    CHECK(strstr(text, "\n61 unused pools * 16384 bytes      =              999,424\n") != NULL);
    CHECK(strstr(text, "\n# bytes lost to pool headers       =                  144\n") != NULL);
    CHECK(strstr(text, "\n# bytes lost to quantization       =                    0\n") != NULL);
    CHECK(strstr(text, "\n# bytes lost to arena alignment    =                    0\n") != NULL);
    CHECK(strstr(text, "\nTotal                              =            1,048,576\n") != NULL);
    CHECK(strstr(text, "\n# large blocks (system malloc)     =                    1\n") != NULL);
    free(text);
    heap_free(h, big);
    heap_destroy(h);
}

int main(void) {
    RUN(size_class_arithmetic);
    RUN(random_ops_against_model);
    RUN(random_ops_debug_and_injection);
    RUN(arenas_return_when_empty);
    RUN(last_empty_arena_is_kept);
    RUN(usable_arenas_fullest_first);
    RUN(full_pool_relinked_at_front);
    RUN(empty_pool_reused_by_another_class);
    RUN(large_blocks_and_ownership);
    RUN(realloc_rules);
    RUN(debug_mode_refuses_bad_frees);
    RUN(debug_mode_switched_on_later);
    RUN(failure_injection);
    RUN(destroy_reports_leaks);
    RUN(visit_pools_matches_stats);
    RUN(print_stats_format);
    CHECK_EXIT();
}
