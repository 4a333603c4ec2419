/* The private heap: pymalloc's design (CPython 3.11 Objects/obmalloc.c),
 * rebuilt for pyheap. See docs/heap.md for the full story; the short one:
 *
 *   Heap ── arenas (1 MiB, mmap'd, 1 MiB-aligned)
 *             └─ 64 pools (16 KiB each; a 48-byte header, then blocks)
 *                  └─ blocks of one size class: 16, 32, ... 512 bytes
 *
 * Requests of 0 bytes or more than 512 bytes go to the C library's malloc
 * behind a 16-byte header of our own ("large blocks").
 *
 * Everything the hot paths need is reached in a handful of loads: the size
 * class indexes a list of partly used pools, the first pool's free list gives
 * the block. Freeing finds the pool by masking the address, because pools are
 * 16 KiB-aligned, and finds whether the address is ours at all with a radix
 * tree keyed on the arena number (address >> 20).
 *
 * Debug checks and failure injection live on a separate slow path, selected by
 * one flag (Heap.slow_path), so a normal run pays a single well-predicted
 * branch per call for them.
 */
#include "heap.h"
#include "heap_internal.h"

#include <stdalign.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

/* ------------------------------------------------------------------------
 * Build-time facts and helpers
 * ------------------------------------------------------------------------ */

_Static_assert(sizeof(void *) == 8, "the heap's radix map assumes 64-bit pointers");
_Static_assert(HEAP_POOL_SIZE * HEAP_POOLS_PER_ARENA == HEAP_ARENA_SIZE, "geometry");
_Static_assert(alignof(max_align_t) >= HEAP_ALIGNMENT,
               "large blocks rely on malloc returning 16-byte aligned memory");

/* The geometry macros, the data structures (pools, arenas, the arena map,
 * large-block headers, struct Heap), the accounting helpers and map_has()
 * live in heap_internal.h, next to the inline fast paths object.c uses. */

/* Internal consistency checks, compiled only into debug builds (-DPH_DEBUG):
 * the hot paths carry none in a release build. heap_check() is the
 * always-available, on-demand version. */
#ifdef PH_DEBUG
#include <assert.h>
#define HEAP_ASSERT(x) assert(x)
#else
#define HEAP_ASSERT(x) ((void)0)
#endif

/* Byte patterns of debug mode, the same as CPython's debug allocators use. */
#define FILL_NEW 0xCD
#define FILL_DEAD 0xDD

/* ------------------------------------------------------------------------
 * Small shared helpers
 * ------------------------------------------------------------------------ */

static void refresh_slow_path(Heap *h) {
    h->slow_path = h->debug || h->fail_countdown != 0 || h->fail_tripped;
}

static void record_error(Heap *h, HeapError e) {
    h->last_error = e;
    h->errors++;
}

/* Live small blocks: the sum of the pool counts. O(pools). */
static size_t small_blocks_live(const Heap *h) {
    size_t n = 0;
    for (size_t a = 0; a < h->narenas; a++) {
        const ArenaObj *ao = &h->arenas[a];
        if (ao->address == 0)
            continue;
        for (const uint8_t *p = (const uint8_t *)ao->address; p < ao->pool_address;
             p += HEAP_POOL_SIZE)
            n += ((const PoolHeader *)p)->count;
    }
    return n;
}

/* Reads the free-list link stored in a free block. Under ASan the block is
 * poisoned, so the link is unpoisoned just long enough to read it. */
static inline uint8_t *read_link(uint8_t *bp) {
    UNPOISON(bp, sizeof(uint8_t *));
    uint8_t *next = *(uint8_t **)bp;
    POISON(bp, sizeof(uint8_t *));
    return next;
}

/* ------------------------------------------------------------------------
 * The arena map (radix tree; lookups: map_has in heap_internal.h)
 * ------------------------------------------------------------------------ */

/* Marks the 1 MiB slot at base as ours (on) or not. Creating nodes can fail
 * (only when marking); returns false then. */
static bool map_mark(Heap *h, uintptr_t base, bool on) {
    uintptr_t k = MAP_KEY(base);
    MapMid **midp = &h->map.mid[MAP_TOP_INDEX(k)];
    if (*midp == NULL) {
        if (!on)
            return true;
        if ((*midp = calloc(1, sizeof(MapMid))) == NULL)
            return false;
        h->map_mid_nodes++;
    }
    MapBot **botp = &(*midp)->bot[MAP_MID_INDEX(k)];
    if (*botp == NULL) {
        if (!on)
            return true;
        if ((*botp = calloc(1, sizeof(MapBot))) == NULL)
            return false;
        h->map_bot_nodes++;
    }
    (*botp)->present[MAP_BOT_INDEX(k)] = on;
    return true;
}

static void map_free_nodes(Heap *h) {
    for (size_t i = 0; i < MAP_TOP_LEN; i++) {
        MapMid *mid = h->map.mid[i];
        if (mid == NULL)
            continue;
        for (size_t j = 0; j < MAP_MID_LEN; j++)
            free(mid->bot[j]);
        free(mid);
        h->map.mid[i] = NULL;
    }
}

/* ------------------------------------------------------------------------
 * Arenas
 * ------------------------------------------------------------------------ */

static void *os_map(size_t len) {
    void *p = mmap(NULL, len, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    return p == MAP_FAILED ? NULL : p;
}

/* A 1 MiB mapping at a 1 MiB boundary. The kernel often places a fresh
 * mapping right below the previous one, which is then aligned already; when
 * it is not, map twice the size and trim both ends. */
static void *os_map_arena(void) {
    uint8_t *p = os_map(HEAP_ARENA_SIZE);
    if (p == NULL)
        return NULL;
    if (((uintptr_t)p & ARENA_MASK) == 0)
        return p;
    munmap(p, HEAP_ARENA_SIZE);

    size_t len = 2 * HEAP_ARENA_SIZE;
    uint8_t *raw = os_map(len);
    if (raw == NULL)
        return NULL;
    uint8_t *base = (uint8_t *)(((uintptr_t)raw + ARENA_MASK) & ~ARENA_MASK);
    size_t head = (size_t)(base - raw);
    size_t tail = len - head - HEAP_ARENA_SIZE;
    if (head)
        munmap(raw, head);
    if (tail)
        munmap(base + HEAP_ARENA_SIZE, tail);
    return base;
}

static void os_unmap_arena(uintptr_t base) {
    UNPOISON((void *)base, HEAP_ARENA_SIZE);
    munmap((void *)base, HEAP_ARENA_SIZE);
}

/* Doubles the descriptor vector (16 at first). Precondition: no arena is
 * usable, so nothing points into the vector. New descriptors go on the
 * unused list. */
static bool grow_arena_vector(Heap *h) {
    HEAP_ASSERT(h->usable_arenas == NULL && h->unused_arenas == NULL);
    size_t n = h->narenas ? 2 * h->narenas : 16;
    if (n > UINT32_MAX || n <= h->narenas)
        return false; /* arenaindex is 32 bits */
    ArenaObj *v = realloc(h->arenas, n * sizeof(ArenaObj));
    if (v == NULL)
        return false;
    for (size_t i = h->narenas; i < n; i++) {
        v[i] = (ArenaObj){0};
        v[i].nextarena = i + 1 < n ? &v[i + 1] : NULL;
    }
    h->unused_arenas = &v[h->narenas];
    h->arenas = v;
    h->narenas = n;
    return true;
}

/* Maps a new arena and returns its descriptor, not yet on any list.
 * Called only when usable_arenas is empty. */
static ArenaObj *new_arena(Heap *h) {
    if (h->unused_arenas == NULL && !grow_arena_vector(h))
        return NULL;
    ArenaObj *ao = h->unused_arenas;
    void *base = os_map_arena();
    if (base == NULL)
        return NULL;
    if (!map_mark(h, (uintptr_t)base, true)) {
        os_unmap_arena((uintptr_t)base);
        return NULL;
    }
    h->unused_arenas = ao->nextarena;
    ao->address = (uintptr_t)base;
    ao->pool_address = base;
    ao->nfreepools = ao->ntotalpools = NPOOLS;
    ao->freepools = NULL;
    ao->nextarena = ao->prevarena = NULL;

    h->arenas_allocated_total++;
    h->arenas_current++;
    if (h->arenas_current > h->arenas_highwater)
        h->arenas_highwater = h->arenas_current;
    return ao;
}

/* Returns a wholly empty arena to the system; its descriptor becomes unused.
 * The caller has already unlinked it from usable_arenas. */
static void release_arena(Heap *h, ArenaObj *ao) {
    map_mark(h, ao->address, false);
    os_unmap_arena(ao->address);
    ao->address = 0;
    ao->nextarena = h->unused_arenas;
    h->unused_arenas = ao;
    h->arenas_current--;
    h->arenas_reclaimed++;
}

static void unlink_usable(Heap *h, ArenaObj *ao) {
    if (ao->prevarena)
        ao->prevarena->nextarena = ao->nextarena;
    else
        h->usable_arenas = ao->nextarena;
    if (ao->nextarena)
        ao->nextarena->prevarena = ao->prevarena;
}

/* ------------------------------------------------------------------------
 * Pools: the small-block paths
 * ------------------------------------------------------------------------ */

static inline void used_link_front(Heap *h, PoolHeader *pool, unsigned idx) {
    PoolHeader *head = &h->usedpools[idx];
    PoolHeader *first = head->nextpool;
    pool->nextpool = first;
    pool->prevpool = head;
    first->prevpool = pool;
    head->nextpool = pool;
}

static inline void used_unlink(PoolHeader *pool) {
    pool->nextpool->prevpool = pool->prevpool;
    pool->prevpool->nextpool = pool->nextpool;
}

/* Takes an empty pool from the fullest usable arena (mapping a new arena if
 * none is usable), keeping usable_arenas sorted and nfp2lasta exact. */
static PoolHeader *take_pool(Heap *h) {
    if (h->usable_arenas == NULL) {
        ArenaObj *fresh = new_arena(h);
        if (fresh == NULL)
            return NULL;
        h->usable_arenas = fresh;
        h->nfp2lasta[fresh->nfreepools] = fresh;
    }
    ArenaObj *ao = h->usable_arenas;
    uint32_t nf = ao->nfreepools;
    HEAP_ASSERT(nf > 0 && ao->prevarena == NULL);

    /* The head has the fewest free pools; with one less it is alone in its
     * count and stays the head, so only nfp2lasta changes (or, at zero free
     * pools, it leaves the list). */
    if (h->nfp2lasta[nf] == ao)
        h->nfp2lasta[nf] = NULL;
    if (nf > 1)
        h->nfp2lasta[nf - 1] = ao;

    PoolHeader *pool = ao->freepools;
    if (pool != NULL) {
        ao->freepools = pool->nextpool;
    } else {
        pool = (PoolHeader *)ao->pool_address;
        ao->pool_address += HEAP_POOL_SIZE;
        pool->arenaindex = (uint32_t)(ao - h->arenas);
        pool->szidx = UINT32_MAX; /* no class yet: never matches on reuse */
    }
    if (--ao->nfreepools == 0)
        unlink_usable(h, ao);
    return pool;
}

/* Called when no used pool of class idx exists. Returns a block, or NULL. */
static void *alloc_from_new_pool(Heap *h, unsigned idx) {
    PoolHeader *pool = take_pool(h);
    if (pool == NULL)
        return NULL;
    used_link_front(h, pool, idx);
    pool->count = 1;

    uint8_t *bp;
    if (pool->szidx == idx) {
        /* Last used for this class: its free list holds every carved block,
         * at least two, so the pool keeps a next block after this one. */
        bp = pool->freeblock;
        UNPOISON(bp, INDEX2SIZE(idx));
        pool->freeblock = *(uint8_t **)bp;
        HEAP_ASSERT(pool->freeblock != NULL);
        return bp;
    }
    size_t size = INDEX2SIZE(idx);
    UNPOISON((uint8_t *)pool + HEAP_POOL_OVERHEAD, HEAP_POOL_SIZE - HEAP_POOL_OVERHEAD);
    pool->szidx = idx;
    pool->maxnextoffset = (uint32_t)(HEAP_POOL_SIZE - size);
    /* Carve two blocks: one to return, one to be the pool's next block. */
    bp = (uint8_t *)pool + HEAP_POOL_OVERHEAD;
    pool->freeblock = bp + size;
    *(uint8_t **)pool->freeblock = NULL;
    pool->nextoffset = (uint32_t)(HEAP_POOL_OVERHEAD + 2 * size);
    return bp;
}

/* The pool's free list just ran dry: carve the next virgin block, or, if
 * none is left, the pool is full and leaves usedpools. */
static void pool_extend(PoolHeader *pool, size_t size) {
    if (pool->nextoffset <= pool->maxnextoffset) {
        pool->freeblock = (uint8_t *)pool + pool->nextoffset;
        pool->nextoffset += (uint32_t)size;
        *(uint8_t **)pool->freeblock = NULL;
        return;
    }
    used_unlink(pool);
}

/* Out of line, so the fast path below needs no stack frame. */
static __attribute__((noinline)) void *alloc_new_pool_counted(Heap *h, unsigned idx) {
    void *bp = alloc_from_new_pool(h, idx);
    if (bp != NULL)
        account_alloc(h, INDEX2SIZE(idx));
    return bp;
}

static inline void *small_alloc(Heap *h, size_t nbytes) {
    unsigned idx = (unsigned)((nbytes - 1) >> HEAP_ALIGNMENT_SHIFT);
    size_t size = INDEX2SIZE(idx);
    PoolHeader *pool = h->usedpools[idx].nextpool;
    if (UNLIKELY(pool == &h->usedpools[idx]))
        return alloc_new_pool_counted(h, idx);
    uint8_t *bp = pool->freeblock;
    UNPOISON(bp, size);
    pool->count++;
    if (UNLIKELY((pool->freeblock = *(uint8_t **)bp) == NULL))
        pool_extend(pool, size);
    account_alloc(h, size);
    return bp;
}

/* A pool turned empty: it leaves usedpools for its arena's freepools, and the
 * arena moves right in usable_arenas to stay sorted, or goes back to the
 * system if it is wholly empty and not the last usable arena. */
static void pool_became_empty(Heap *h, PoolHeader *pool) {
    used_unlink(pool);
    ArenaObj *ao = &h->arenas[pool->arenaindex];
    pool->nextpool = ao->freepools;
    ao->freepools = pool;

    uint32_t nf = ao->nfreepools;
    /* If ao was the last arena with nf free pools, the one before it (if it
     * has the same count) becomes the last. nf == 0: ao is on no list. */
    ArenaObj *lastnf = h->nfp2lasta[nf];
    if (lastnf == ao) {
        ArenaObj *p = ao->prevarena;
        h->nfp2lasta[nf] = (p != NULL && p->nfreepools == nf) ? p : NULL;
    }
    ao->nfreepools = ++nf;

    if (nf == ao->ntotalpools && ao->nextarena != NULL) {
        /* Wholly empty, and not the last usable arena (the last one is
         * kept, so a loop that allocates and frees one object at an arena
         * boundary does not map and unmap every time: bpo-37257). */
        unlink_usable(h, ao);
        release_arena(h, ao);
        return;
    }
    if (nf == 1) {
        /* It was full, so on no list: it has the fewest free pools now. */
        ao->prevarena = NULL;
        ao->nextarena = h->usable_arenas;
        if (h->usable_arenas)
            h->usable_arenas->prevarena = ao;
        h->usable_arenas = ao;
        if (h->nfp2lasta[1] == NULL)
            h->nfp2lasta[1] = ao;
        return;
    }
    if (h->nfp2lasta[nf] == NULL)
        h->nfp2lasta[nf] = ao;
    /* Still in order if ao was the last of its old count: the next arena
     * has at least nf free pools. */
    if (ao == lastnf)
        return;
    /* Otherwise move it right after the last arena of its old count, which
     * puts it first among those with nf or more. */
    unlink_usable(h, ao);
    ao->prevarena = lastnf;
    ao->nextarena = lastnf->nextarena;
    if (ao->nextarena)
        ao->nextarena->prevarena = ao;
    lastnf->nextarena = ao;
}

static inline size_t small_free(Heap *h, void *p) {
    PoolHeader *pool = POOL_OF(p);
    size_t size = INDEX2SIZE(pool->szidx);
    uint8_t *last = pool->freeblock;
    *(uint8_t **)p = last;
    pool->freeblock = p;
    pool->count--;
    POISON(p, size);
    account_free(h, size);
    if (UNLIKELY(last == NULL))
        used_link_front(h, pool, pool->szidx); /* was full; count > 0 still */
    else if (UNLIKELY(pool->count == 0))
        pool_became_empty(h, pool);
    return size;
}

/* ------------------------------------------------------------------------
 * Large blocks (0 or > 512 bytes): the C library behind a 16-byte header
 * ------------------------------------------------------------------------ */

static bool large_registry_grow(Heap *h) {
    size_t n = h->large_cap ? 2 * h->large_cap : 64;
    if (n > UINT32_MAX)
        return false;
    LargeHeader **v = realloc(h->large, n * sizeof(*v));
    if (v == NULL)
        return false;
    h->large = v;
    h->large_cap = n;
    return true;
}

static void *large_alloc(Heap *h, size_t nbytes, bool zero) {
    if (nbytes > SIZE_MAX - sizeof(LargeHeader))
        return NULL;
    if (h->nlarge == h->large_cap && !large_registry_grow(h))
        return NULL;
    size_t total = nbytes + sizeof(LargeHeader);
    LargeHeader *hdr = zero ? calloc(1, total) : malloc(total);
    if (hdr == NULL)
        return NULL;
    hdr->size = nbytes;
    hdr->slot = (uint32_t)h->nlarge;
    hdr->magic = h->large_magic;
    h->large[h->nlarge++] = hdr;
    h->large_bytes += nbytes;
    account_alloc(h, nbytes);
    return hdr + 1;
}

/* The header of p if p is a live large block of this heap, else NULL. Reads
 * the 16 bytes before p: callers outside debug mode trust the pointer that
 * much, as free() would. */
static LargeHeader *large_header(const Heap *h, const void *p) {
    if (((uintptr_t)p & (HEAP_ALIGNMENT - 1)) != 0 || (uintptr_t)p < sizeof(LargeHeader))
        return NULL;
    LargeHeader *hdr = (LargeHeader *)p - 1;
    if (hdr->magic != h->large_magic || hdr->slot >= h->nlarge || h->large[hdr->slot] != hdr)
        return NULL;
    return hdr;
}

static size_t large_release(Heap *h, LargeHeader *hdr) {
    size_t size = hdr->size;
    LargeHeader *moved = h->large[--h->nlarge];
    h->large[hdr->slot] = moved;
    moved->slot = hdr->slot;
    hdr->magic = 0;
    h->large_bytes -= size;
    account_free(h, size);
    free(hdr);
    return size;
}

static size_t large_free(Heap *h, void *p) {
    LargeHeader *hdr = large_header(h, p);
    if (hdr == NULL) {
        record_error(h, HEAP_ERR_FOREIGN_FREE);
        return 0;
    }
    return large_release(h, hdr);
}

static void *large_realloc(Heap *h, LargeHeader *hdr, size_t nbytes) {
    if (nbytes > SIZE_MAX - sizeof(LargeHeader))
        return NULL;
    size_t old = hdr->size;
    LargeHeader *n = realloc(hdr, nbytes + sizeof(LargeHeader));
    if (n == NULL)
        return NULL;
    h->large[n->slot] = n;
    n->size = nbytes;
    h->large_bytes = h->large_bytes - old + nbytes;
    h->live_bytes = h->live_bytes - old + nbytes;
    if (h->live_bytes > h->peak_bytes)
        h->peak_bytes = h->live_bytes;
    return n + 1;
}

/* ------------------------------------------------------------------------
 * The fast paths shared by the public entry points
 * ------------------------------------------------------------------------ */

static inline void *alloc_fast(Heap *h, size_t nbytes) {
    /* nbytes - 1 wraps for 0, which therefore goes to malloc, as in CPython. */
    if (LIKELY(nbytes - 1 < HEAP_SMALL_MAX))
        return small_alloc(h, nbytes);
    return large_alloc(h, nbytes, false);
}

static inline size_t free_fast(Heap *h, void *p) {
    if (LIKELY(map_has(h, p)))
        return small_free(h, p);
    return large_free(h, p);
}

/* Size of a block known to be live (no checks). */
static size_t block_size(const Heap *h, const void *p) {
    if (map_has(h, p))
        return INDEX2SIZE(POOL_OF(p)->szidx);
    return ((const LargeHeader *)p - 1)->size;
}

/* ------------------------------------------------------------------------
 * Debug mode: the address table
 * ------------------------------------------------------------------------ */

static inline size_t dbg_hash(const DebugTable *t, uintptr_t a) {
    return (size_t)(((a >> HEAP_ALIGNMENT_SHIFT) * UINT64_C(0x9E3779B97F4A7C15)) >> t->shift);
}

/* Index of the slot holding address a (live or tombstone), or of the empty
 * slot where it would go. The table is never full (load <= 1/2). */
static size_t dbg_find(const DebugTable *t, uintptr_t a) {
    size_t mask = t->cap - 1;
    size_t i = dbg_hash(t, a);
    while (t->slots[i] != 0 && (t->slots[i] & ~DBG_FREED) != a)
        i = (i + 1) & mask;
    return i;
}

/* Rebuilds the table with `cap` slots, dropping tombstones if asked. */
static bool dbg_rehash(DebugTable *t, size_t cap, bool drop_freed) {
    uintptr_t *slots = calloc(cap, sizeof(uintptr_t));
    if (slots == NULL)
        return false;
    DebugTable n = {slots, cap, 0, 0, 0};
    unsigned log2 = 0;
    while (((size_t)1 << log2) < cap)
        log2++;
    n.shift = 64 - log2;
    for (size_t i = 0; i < t->cap; i++) {
        uintptr_t e = t->slots[i];
        if (e == 0 || (drop_freed && (e & DBG_FREED)))
            continue;
        n.slots[dbg_find(&n, e & ~DBG_FREED)] = e;
        n.used++;
        n.freed += (e & DBG_FREED) != 0;
    }
    free(t->slots);
    *t = n;
    return true;
}

/* Makes room for one more entry. Tombstones are dropped, rather than the
 * table grown, once they outnumber the live entries, which bounds the table
 * at a small multiple of the live blocks. */
static bool dbg_reserve(DebugTable *t) {
    if (t->cap != 0 && 2 * (t->used + 1) <= t->cap)
        return true;
    if (t->cap == 0)
        return dbg_rehash(t, 1024, false);
    if (2 * t->freed > t->used)
        return dbg_rehash(t, t->cap, true);
    return dbg_rehash(t, 2 * t->cap, false);
}

/* Records a as live. Precondition: dbg_reserve succeeded. */
static void dbg_insert(DebugTable *t, uintptr_t a) {
    size_t i = dbg_find(t, a);
    if (t->slots[i] == 0)
        t->used++;
    else if (t->slots[i] & DBG_FREED)
        t->freed--;
    t->slots[i] = a;
}

/* Removes slot i, shifting later members of its probe run back so that
 * every entry stays reachable from its home slot (no tombstones needed). */
static void dbg_remove(DebugTable *t, size_t i) {
    size_t mask = t->cap - 1;
    size_t j = i;
    for (;;) {
        j = (j + 1) & mask;
        uintptr_t e = t->slots[j];
        if (e == 0)
            break;
        size_t home = dbg_hash(t, e & ~DBG_FREED);
        /* e may move to i only if i lies cyclically in [home, j). */
        bool movable = i <= j ? (home <= i || home > j) : (home <= i && home > j);
        if (movable) {
            t->slots[i] = e;
            i = j;
        }
    }
    t->slots[i] = 0;
    t->used--;
}

/* Is p a live block? If not, classifies the misuse, records it and returns
 * false. Reads nothing at p: only the table, the arena map and (for arena
 * addresses) the pool header, which is our own memory. */
static bool dbg_check_live(Heap *h, const void *p, size_t *slot) {
    uintptr_t a = (uintptr_t)p;
    if (h->dbg.cap != 0 && (a & (HEAP_ALIGNMENT - 1)) == 0) {
        size_t i = dbg_find(&h->dbg, a);
        if (h->dbg.slots[i] == a) {
            *slot = i;
            return true;
        }
        if (h->dbg.slots[i] != 0) { /* a large-block tombstone */
            record_error(h, HEAP_ERR_DOUBLE_FREE);
            return false;
        }
    }
    HeapError e = HEAP_ERR_FOREIGN_FREE;
    if ((a & (HEAP_ALIGNMENT - 1)) == 0 && map_has(h, p)) {
        /* Ours but not live: a freed block if it sits on a block boundary
         * of a pool that has a class, else a pointer into the middle. */
        const PoolHeader *pool = POOL_OF(p);
        size_t off = a - (uintptr_t)pool;
        if (pool->szidx < HEAP_NUM_CLASSES && off >= HEAP_POOL_OVERHEAD &&
            (off - HEAP_POOL_OVERHEAD) % INDEX2SIZE(pool->szidx) == 0)
            e = HEAP_ERR_DOUBLE_FREE;
    }
    record_error(h, e);
    return false;
}

/* Adds every carved, not-free block of one pool to the table. */
static bool dbg_track_pool(Heap *h, PoolHeader *pool) {
    size_t size = INDEX2SIZE(pool->szidx);
    uint8_t *base = (uint8_t *)pool + HEAP_POOL_OVERHEAD;
    uint8_t isfree[(HEAP_POOL_SIZE - HEAP_POOL_OVERHEAD) / HEAP_ALIGNMENT] = {0};
    for (uint8_t *bp = pool->freeblock; bp != NULL; bp = read_link(bp))
        isfree[(size_t)(bp - base) / size] = 1;
    for (size_t off = HEAP_POOL_OVERHEAD; off < pool->nextoffset; off += size) {
        if (isfree[(off - HEAP_POOL_OVERHEAD) / size])
            continue;
        if (!dbg_reserve(&h->dbg))
            return false;
        dbg_insert(&h->dbg, (uintptr_t)pool + off);
    }
    return true;
}

/* Debug mode turned on with blocks already live: enter them all, so the
 * table invariant holds from now on. */
static bool dbg_track_existing(Heap *h) {
    if (!dbg_reserve(&h->dbg))
        return false;
    for (size_t i = 0; i < h->nlarge; i++) {
        if (!dbg_reserve(&h->dbg))
            return false;
        dbg_insert(&h->dbg, (uintptr_t)(h->large[i] + 1));
    }
    for (size_t a = 0; a < h->narenas; a++) {
        ArenaObj *ao = &h->arenas[a];
        if (ao->address == 0)
            continue;
        for (uint8_t *p = (uint8_t *)ao->address; p < ao->pool_address; p += HEAP_POOL_SIZE) {
            PoolHeader *pool = (PoolHeader *)p;
            if (pool->count != 0 && !dbg_track_pool(h, pool))
                return false;
        }
    }
    return true;
}

/* ------------------------------------------------------------------------
 * The slow paths: failure injection and debug mode
 * ------------------------------------------------------------------------ */

/* Counts one allocation attempt against the injection setting. */
static bool inject_failure(Heap *h) {
    if (h->fail_tripped)
        return true;
    if (h->fail_countdown == 0 || --h->fail_countdown != 0)
        return false;
    h->fail_tripped = h->fail_after;
    refresh_slow_path(h);
    return true;
}

static void *alloc_slow(Heap *h, size_t nbytes, bool zero) {
    if (inject_failure(h))
        return NULL;
    if (!h->debug) {
        if (nbytes - 1 < HEAP_SMALL_MAX)
            return small_alloc(h, nbytes);
        return large_alloc(h, nbytes, zero);
    }
    if (!dbg_reserve(&h->dbg))
        return NULL;
    void *p = alloc_fast(h, nbytes);
    if (p == NULL)
        return NULL;
    dbg_insert(&h->dbg, (uintptr_t)p);
    memset(p, FILL_NEW, block_size(h, p));
    return p;
}

static size_t free_slow(Heap *h, void *p) {
    if (!h->debug)
        return free_fast(h, p);
    size_t slot;
    if (!dbg_check_live(h, p, &slot))
        return 0;
    bool small = map_has(h, p);
    if (small)
        dbg_remove(&h->dbg, slot);
    else {
        h->dbg.slots[slot] |= DBG_FREED;
        h->dbg.freed++;
    }
    memset(p, FILL_DEAD, block_size(h, p));
    return small ? small_free(h, p) : large_release(h, (LargeHeader *)p - 1);
}

/* A large block stays large, as on the fast path: the C library's realloc,
 * counted as an allocation attempt; in debug mode the table follows a move
 * and bytes beyond the old size are filled as new. */
static void *large_realloc_slow(Heap *h, void *p, size_t nbytes) {
    if (inject_failure(h))
        return NULL;
    if (h->debug && !dbg_reserve(&h->dbg))
        return NULL;
    size_t old = ((LargeHeader *)p - 1)->size;
    uint8_t *q = large_realloc(h, (LargeHeader *)p - 1, nbytes);
    if (q == NULL || !h->debug)
        return q;
    if (q != p) {
        size_t i = dbg_find(&h->dbg, (uintptr_t)p); /* live: the caller checked */
        h->dbg.slots[i] |= DBG_FREED;
        h->dbg.freed++;
        dbg_insert(&h->dbg, (uintptr_t)q);
    }
    if (nbytes > old)
        memset(q + old, FILL_NEW, nbytes - old);
    return q;
}

/* Realloc with the checks of debug mode and the counting of injection. A
 * pool block that moves is a checked allocation, a copy and a checked free. */
static void *realloc_slow(Heap *h, void *p, size_t nbytes) {
    size_t slot;
    bool small;
    if (h->debug) {
        if (!dbg_check_live(h, p, &slot))
            return NULL;
        small = map_has(h, p);
    } else {
        small = map_has(h, p);
        if (!small && large_header(h, p) == NULL) {
            record_error(h, HEAP_ERR_FOREIGN_FREE);
            return NULL;
        }
    }
    if (!small)
        return large_realloc_slow(h, p, nbytes);
    size_t old = block_size(h, p);
    if (nbytes <= old && 4 * nbytes > 3 * old)
        return p;
    void *q = alloc_slow(h, nbytes, false);
    if (q == NULL)
        return NULL;
    memcpy(q, p, nbytes < old ? nbytes : old);
    free_slow(h, p);
    return q;
}

/* ------------------------------------------------------------------------
 * Public API: allocation
 * ------------------------------------------------------------------------ */

void *heap_alloc(Heap *h, size_t nbytes) {
    if (UNLIKELY(h->slow_path))
        return alloc_slow(h, nbytes, false);
    return alloc_fast(h, nbytes);
}

void *heap_calloc(Heap *h, size_t nbytes) {
    void *p;
    if (UNLIKELY(h->slow_path))
        p = alloc_slow(h, nbytes, true);
    else if (nbytes - 1 < HEAP_SMALL_MAX)
        p = small_alloc(h, nbytes);
    else
        return large_alloc(h, nbytes, true); /* calloc'd: already zero */
    if (p != NULL)
        memset(p, 0, nbytes);
    return p;
}

size_t heap_free(Heap *h, void *p) {
    if (UNLIKELY(h->slow_path))
        return p == NULL ? 0 : free_slow(h, p);
    if (UNLIKELY(p == NULL))
        return 0;
    return free_fast(h, p);
}

void *heap_realloc(Heap *h, void *p, size_t nbytes) {
    if (p == NULL)
        return heap_alloc(h, nbytes);
    if (UNLIKELY(h->slow_path))
        return realloc_slow(h, p, nbytes);
    if (!map_has(h, p)) {
        /* A large block stays with the C library, whatever the new size,
         * as in CPython: realloc there can often grow in place. */
        LargeHeader *hdr = large_header(h, p);
        if (hdr == NULL) {
            record_error(h, HEAP_ERR_FOREIGN_FREE);
            return NULL;
        }
        return large_realloc(h, hdr, nbytes);
    }
    size_t size = INDEX2SIZE(POOL_OF(p)->szidx);
    /* Shrinking keeps the block unless it saves at least a quarter. */
    if (nbytes <= size && 4 * nbytes > 3 * size)
        return p;
    void *q = alloc_fast(h, nbytes);
    if (q == NULL)
        return NULL;
    memcpy(q, p, nbytes < size ? nbytes : size);
    small_free(h, p);
    return q;
}

size_t heap_usable_size(const Heap *h, const void *p) {
    if (p == NULL)
        return 0;
    if (map_has(h, p))
        return INDEX2SIZE(POOL_OF(p)->szidx);
    if (h->debug) {
        /* Do not read the memory of a pointer the table does not know. */
        uintptr_t a = (uintptr_t)p;
        if (h->dbg.cap == 0 || (a & (HEAP_ALIGNMENT - 1)) != 0 ||
            h->dbg.slots[dbg_find(&h->dbg, a)] != a)
            return 0;
    }
    const LargeHeader *hdr = large_header(h, p);
    return hdr ? hdr->size : 0;
}

bool heap_owns(const Heap *h, const void *p) {
    return map_has(h, p);
}

int heap_size_class(size_t nbytes) {
    if (nbytes - 1 >= HEAP_SMALL_MAX)
        return -1;
    return (int)((nbytes - 1) >> HEAP_ALIGNMENT_SHIFT);
}

/* ------------------------------------------------------------------------
 * Public API: lifetime and modes
 * ------------------------------------------------------------------------ */

Heap *heap_new(const HeapConfig *cfg) {
    Heap *h = calloc(1, sizeof(Heap));
    if (h == NULL)
        return NULL;
    for (unsigned i = 0; i < HEAP_NUM_CLASSES; i++)
        h->usedpools[i].nextpool = h->usedpools[i].prevpool = &h->usedpools[i];
    /* Tie the magic to this heap so a large block of another heap is refused. */
    h->large_magic = UINT32_C(0x9b1f5eed) ^ (uint32_t)((uintptr_t)h >> 4);
    if (h->large_magic == 0)
        h->large_magic = 1;
    if (cfg != NULL) {
        if (cfg->debug)
            heap_set_debug(h, true);
        heap_set_fail(h, cfg->fail_at, cfg->fail_after);
    }
    return h;
}

size_t heap_destroy(Heap *h) {
    if (h == NULL)
        return 0;
    size_t leaked = small_blocks_live(h) + h->nlarge;
    for (size_t i = 0; i < h->nlarge; i++)
        free(h->large[i]);
    free(h->large);
    for (size_t i = 0; i < h->narenas; i++)
        if (h->arenas[i].address != 0)
            os_unmap_arena(h->arenas[i].address);
    free(h->arenas);
    map_free_nodes(h);
    free(h->dbg.slots);
    free(h);
    return leaked;
}

void heap_set_fail(Heap *h, uint64_t n, bool after) {
    h->fail_countdown = n;
    h->fail_after = n != 0 && after;
    h->fail_tripped = false;
    refresh_slow_path(h);
}

void heap_set_debug(Heap *h, bool on) {
    if (on == h->debug)
        return;
    if (on) {
        /* If the table cannot be built, debug mode stays off. */
        if (!dbg_track_existing(h)) {
            free(h->dbg.slots);
            h->dbg = (DebugTable){0};
            return;
        }
    } else {
        free(h->dbg.slots);
        h->dbg = (DebugTable){0};
    }
    h->debug = on;
    refresh_slow_path(h);
}

HeapError heap_last_error(const Heap *h) { return h->last_error; }

size_t heap_debug_errors(const Heap *h) { return h->errors; }

/* ------------------------------------------------------------------------
 * Statistics
 * ------------------------------------------------------------------------ */

/* Walks every carved pool of every arena: O(arenas * 64), for reports. */
void heap_get_stats(const Heap *h, HeapStats *out) {
    memset(out, 0, sizeof(*out));
    for (size_t a = 0; a < h->narenas; a++) {
        const ArenaObj *ao = &h->arenas[a];
        if (ao->address == 0)
            continue;
        out->pools_unused += ao->nfreepools;
        for (const uint8_t *p = (const uint8_t *)ao->address; p < ao->pool_address;
             p += HEAP_POOL_SIZE) {
            const PoolHeader *pool = (const PoolHeader *)p;
            if (pool->count == 0)
                continue; /* empty: counted in pools_unused */
            size_t size = INDEX2SIZE(pool->szidx), nblocks = NUMBLOCKS(pool->szidx);
            HeapClassStats *c = &out->cls[pool->szidx];
            c->pools++;
            c->blocks_used += pool->count;
            c->blocks_free += nblocks - pool->count;
            out->bytes_in_blocks += pool->count * size;
            out->bytes_free_blocks += (nblocks - pool->count) * size;
            out->bytes_pool_headers += HEAP_POOL_OVERHEAD;
            out->bytes_quantization += (HEAP_POOL_SIZE - HEAP_POOL_OVERHEAD) % size;
            out->allocated_blocks += pool->count;
        }
    }
    out->bytes_alignment = 0; /* arenas are 1 MiB-aligned: no pool is lost */
    out->arenas_allocated_total = h->arenas_allocated_total;
    out->arenas_reclaimed = h->arenas_reclaimed;
    out->arenas_highwater = h->arenas_highwater;
    out->arenas_current = h->arenas_current;
    out->large_blocks = h->nlarge;
    out->large_bytes = h->large_bytes;
    out->allocated_blocks += h->nlarge;
    out->total_allocs = h->nallocs;
    out->total_frees = h->nallocs - out->allocated_blocks;
    out->peak_bytes = h->peak_bytes;
}

/* One "label = value" line as CPython's report prints it: the label padded
 * to 35 columns, '=', and the value right-aligned in 21 columns with
 * thousands separators. */
static void print_line(FILE *out, const char *label, size_t value) {
    char digits[32];
    char grouped[48];
    int n = snprintf(digits, sizeof digits, "%zu", value);
    int g = 0;
    for (int i = 0; i < n; i++) {
        if (i > 0 && (n - i) % 3 == 0)
            grouped[g++] = ',';
        grouped[g++] = digits[i];
    }
    grouped[g] = '\0';
    fprintf(out, "%-35s=%21s\n", label, grouped);
}

void heap_print_stats(const Heap *h, FILE *out) {
    HeapStats s;
    heap_get_stats(h, &s);
    char label[64];

    fprintf(out, "Small block threshold = %d, in %d size classes.\n\n", HEAP_SMALL_MAX,
            HEAP_NUM_CLASSES);
    fputs("class   size   num pools   blocks in use  avail blocks\n"
          "-----   ----   ---------   -------------  ------------\n",
          out);
    for (unsigned i = 0; i < HEAP_NUM_CLASSES; i++) {
        const HeapClassStats *c = &s.cls[i];
        if (c->pools == 0)
            continue; /* CPython lists only the classes in use */
        fprintf(out, "%5u %6zu %11zu %15zu %13zu\n", i, INDEX2SIZE(i), c->pools, c->blocks_used,
                c->blocks_free);
    }
    fputc('\n', out);

    print_line(out, "# arenas allocated total", s.arenas_allocated_total);
    print_line(out, "# arenas reclaimed", s.arenas_reclaimed);
    print_line(out, "# arenas highwater mark", s.arenas_highwater);
    print_line(out, "# arenas allocated current", s.arenas_current);
    snprintf(label, sizeof label, "%zu arenas * %zu bytes/arena", s.arenas_current,
             HEAP_ARENA_SIZE);
    print_line(out, label, s.arenas_current * HEAP_ARENA_SIZE);
    fputc('\n', out);

    print_line(out, "# bytes in allocated blocks", s.bytes_in_blocks);
    print_line(out, "# bytes in available blocks", s.bytes_free_blocks);
    snprintf(label, sizeof label, "%zu unused pools * %zu bytes", s.pools_unused, HEAP_POOL_SIZE);
    print_line(out, label, s.pools_unused * HEAP_POOL_SIZE);
    print_line(out, "# bytes lost to pool headers", s.bytes_pool_headers);
    print_line(out, "# bytes lost to quantization", s.bytes_quantization);
    print_line(out, "# bytes lost to arena alignment", s.bytes_alignment);
    print_line(out, "Total", s.bytes_in_blocks + s.bytes_free_blocks +
                                 s.pools_unused * HEAP_POOL_SIZE + s.bytes_pool_headers +
                                 s.bytes_quantization + s.bytes_alignment);
    fputc('\n', out);

    fputs("arena map counts\n", out);
    print_line(out, "# arena map mid nodes", h->map_mid_nodes);
    print_line(out, "# arena map bot nodes", h->map_bot_nodes);
    fputc('\n', out);
    print_line(out, "# bytes lost to arena map root", sizeof(MapTop));
    print_line(out, "# bytes lost to arena map mid", h->map_mid_nodes * sizeof(MapMid));
    print_line(out, "# bytes lost to arena map bot", h->map_bot_nodes * sizeof(MapBot));
    print_line(out, "Total", sizeof(MapTop) + h->map_mid_nodes * sizeof(MapMid) +
                                 h->map_bot_nodes * sizeof(MapBot));
    fputc('\n', out);

    /* pyheap's own lines: what CPython leaves to malloc and does not report. */
    print_line(out, "# large blocks (system malloc)", s.large_blocks);
    print_line(out, "# bytes in large blocks", s.large_bytes);
    print_line(out, "# blocks allocated (small+large)", s.allocated_blocks);
    print_line(out, "# peak bytes in blocks", s.peak_bytes);
}

void heap_visit_pools(const Heap *h, HeapPoolVisitor fn, void *ctx) {
    for (size_t a = 0; a < h->narenas; a++) {
        const ArenaObj *ao = &h->arenas[a];
        if (ao->address == 0)
            continue;
        for (size_t i = 0; i < NPOOLS; i++) {
            const uint8_t *p = (const uint8_t *)ao->address + i * HEAP_POOL_SIZE;
            const PoolHeader *pool = (const PoolHeader *)p;
            if (p >= ao->pool_address || pool->count == 0)
                fn(ctx, a, (const void *)ao->address, i, -1, 0, 0);
            else
                fn(ctx, a, (const void *)ao->address, i, (int)pool->szidx, pool->count,
                   NUMBLOCKS(pool->szidx));
        }
    }
}

/* ------------------------------------------------------------------------
 * Invariant checker (for tests and debug builds)
 * ------------------------------------------------------------------------ */

static const char *check_pool(const Heap *h, const ArenaObj *ao, const PoolHeader *pool,
                              size_t *nused_pools, size_t *live, size_t *bytes) {
    if (pool->arenaindex != (uint32_t)(ao - h->arenas))
        return "pool header names the wrong arena";
    if (pool->count == 0)
        return NULL;
    if (pool->szidx >= HEAP_NUM_CLASSES)
        return "used pool without a size class";
    size_t size = INDEX2SIZE(pool->szidx), nblocks = NUMBLOCKS(pool->szidx);
    if (pool->count > nblocks)
        return "pool count exceeds its blocks";
    if (pool->maxnextoffset != HEAP_POOL_SIZE - size)
        return "pool maxnextoffset wrong";
    if (pool->nextoffset < HEAP_POOL_OVERHEAD + size ||
        (pool->nextoffset - HEAP_POOL_OVERHEAD) % size != 0 ||
        pool->nextoffset > HEAP_POOL_SIZE)
        return "pool nextoffset off the block grid";
    size_t carved = (pool->nextoffset - HEAP_POOL_OVERHEAD) / size, nfree = 0;
    for (uint8_t *bp = pool->freeblock; bp != NULL; bp = read_link(bp)) {
        size_t off = (size_t)(bp - (const uint8_t *)pool);
        if (POOL_OF(bp) != pool || off < HEAP_POOL_OVERHEAD || off >= pool->nextoffset ||
            (off - HEAP_POOL_OVERHEAD) % size != 0)
            return "free list leaves the pool's carved blocks";
        if (++nfree > carved)
            return "free list has a cycle";
    }
    if (carved - nfree != pool->count)
        return "carved blocks != free + in use";
    if ((pool->count == nblocks) != (pool->freeblock == NULL))
        return "full pool <=> no next block violated";
    if (pool->count < nblocks)
        (*nused_pools)++;
    *live += pool->count;
    *bytes += pool->count * size;
    return NULL;
}

static const char *check_arenas(const Heap *h, size_t *nused_pools, size_t *live,
                                size_t *bytes, size_t *with_free) {
    size_t current = 0;
    for (size_t a = 0; a < h->narenas; a++) {
        const ArenaObj *ao = &h->arenas[a];
        if (ao->address == 0)
            continue;
        current++;
        if ((ao->address & ARENA_MASK) != 0)
            return "arena not 1 MiB-aligned";
        if (!map_has(h, (void *)ao->address) || !map_has(h, (void *)(ao->address + ARENA_MASK)))
            return "arena missing from the arena map";
        size_t virgin = (ao->address + HEAP_ARENA_SIZE - (uintptr_t)ao->pool_address) /
                        HEAP_POOL_SIZE;
        size_t listed = 0;
        for (const PoolHeader *p = ao->freepools; p != NULL; p = p->nextpool) {
            if (p->count != 0 || ((uintptr_t)p & ~ARENA_MASK) != ao->address)
                return "freepools holds a non-empty or foreign pool";
            if (++listed > NPOOLS)
                return "freepools has a cycle";
        }
        if (ao->nfreepools != virgin + listed)
            return "nfreepools != freed + never-carved pools";
        size_t empty = 0;
        for (const uint8_t *p = (const uint8_t *)ao->address; p < ao->pool_address;
             p += HEAP_POOL_SIZE) {
            const char *err = check_pool(h, ao, (const PoolHeader *)p, nused_pools, live, bytes);
            if (err)
                return err;
            empty += ((const PoolHeader *)p)->count == 0;
        }
        if (empty != listed)
            return "an empty pool is missing from freepools";
        *with_free += ao->nfreepools > 0;
    }
    if (current != h->arenas_current)
        return "arenas_current wrong";
    return NULL;
}

static const char *check_usable(const Heap *h, size_t with_free) {
    const ArenaObj *prev = NULL;
    size_t n = 0;
    for (const ArenaObj *ao = h->usable_arenas; ao != NULL; prev = ao, ao = ao->nextarena) {
        if (ao->prevarena != prev)
            return "usable_arenas back link broken";
        if (ao->address == 0 || ao->nfreepools == 0)
            return "usable_arenas holds an unusable arena";
        if (prev && prev->nfreepools > ao->nfreepools)
            return "usable_arenas not sorted by free pools";
        if (ao->nfreepools == NPOOLS && ao->nextarena != NULL)
            return "a wholly empty arena is not the last usable one";
        bool last_of_count = ao->nextarena == NULL || ao->nextarena->nfreepools != ao->nfreepools;
        if (last_of_count != (h->nfp2lasta[ao->nfreepools] == ao))
            return "nfp2lasta does not name the last arena of a count";
        if (++n > h->narenas)
            return "usable_arenas has a cycle";
    }
    if (n != with_free)
        return "an arena with free pools is missing from usable_arenas";
    for (unsigned nf = 0; nf <= NPOOLS; nf++) {
        const ArenaObj *ao = h->nfp2lasta[nf];
        if (ao != NULL && ao->nfreepools != nf)
            return "nfp2lasta entry has the wrong count";
    }
    return NULL;
}

static const char *check_usedpools(const Heap *h, size_t nused_pools) {
    size_t n = 0;
    for (unsigned i = 0; i < HEAP_NUM_CLASSES; i++) {
        const PoolHeader *head = &h->usedpools[i];
        for (const PoolHeader *p = head->nextpool; p != head; p = p->nextpool) {
            if (p->nextpool->prevpool != p)
                return "usedpools link broken";
            if (p->szidx != i || p->count == 0 || p->count >= NUMBLOCKS(i))
                return "usedpools holds a pool that is not used, or of another class";
            if (++n > nused_pools)
                return "usedpools holds too many pools";
        }
    }
    return n == nused_pools ? NULL : "a used pool is missing from usedpools";
}

const char *heap_check(const Heap *h) {
    size_t nused_pools = 0, live = 0, bytes = 0, with_free = 0;
    const char *err = check_arenas(h, &nused_pools, &live, &bytes, &with_free);
    if (err == NULL)
        err = check_usable(h, with_free);
    if (err == NULL)
        err = check_usedpools(h, nused_pools);
    if (err)
        return err;
    size_t lbytes = 0;
    for (size_t i = 0; i < h->nlarge; i++) {
        if (h->large[i]->slot != i || h->large[i]->magic != h->large_magic)
            return "large registry out of step with its headers";
        lbytes += h->large[i]->size;
    }
    if (lbytes != h->large_bytes)
        return "large_bytes wrong";
    if (live + h->nlarge > h->nallocs)
        return "more live blocks than allocations";
    if (bytes + lbytes != h->live_bytes)
        return "live bytes wrong";
    if (h->debug && h->dbg.used - h->dbg.freed != live + h->nlarge)
        return "debug table does not hold exactly the live blocks";
    return NULL;
}
