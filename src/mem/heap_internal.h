/* The heap's data structures and its allocation and free fast paths, for
 * heap.c and for the one hot client that inlines them: the object allocator
 * (src/mem/object.c). Everyone else uses heap.h.
 *
 * heap_try_alloc_fast / heap_try_free_fast do the common case in a few
 * instructions (no debug mode or failure injection, a pool block whose pool
 * neither fills up nor empties) exactly as heap_alloc / heap_free would, and
 * otherwise do nothing, so the caller falls back to heap_alloc / heap_free:
 * same blocks, same accounting, same statistics either way.
 */
#ifndef PH_MEM_HEAP_INTERNAL_H
#define PH_MEM_HEAP_INTERNAL_H

#include "heap.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define ARENA_BITS 20
#define ARENA_MASK ((uintptr_t)HEAP_ARENA_SIZE - 1)
#define POOL_MASK ((uintptr_t)HEAP_POOL_SIZE - 1)
#define NPOOLS ((unsigned)HEAP_POOLS_PER_ARENA)

#define LIKELY(x) __builtin_expect(!!(x), 1)
#define UNLIKELY(x) __builtin_expect(!!(x), 0)

/* Size class <-> block size. Class i holds blocks of (i+1)*16 bytes. */
#define INDEX2SIZE(i) (((size_t)(i) + 1) << HEAP_ALIGNMENT_SHIFT)
#define NUMBLOCKS(i) ((HEAP_POOL_SIZE - HEAP_POOL_OVERHEAD) / INDEX2SIZE(i))

/* AddressSanitizer: free small blocks are poisoned, so a use after free of a
 * pool block is caught like one of a malloc block. The allocator unpoisons a
 * block before it reads the free-list link stored in it. */
#if defined(__SANITIZE_ADDRESS__)
#define HEAP_ASAN 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define HEAP_ASAN 1
#endif
#endif
#ifdef HEAP_ASAN
#include <sanitizer/asan_interface.h>
#define POISON(p, n) ASAN_POISON_MEMORY_REGION((p), (n))
#define UNPOISON(p, n) ASAN_UNPOISON_MEMORY_REGION((p), (n))
#else
#define POISON(p, n) ((void)(p), (void)(n))
#define UNPOISON(p, n) ((void)(p), (void)(n))
#endif

/* ------------------------------------------------------------------------
 * Data structures
 * ------------------------------------------------------------------------ */

/* The first 48 bytes of every pool.
 *
 * A pool is in exactly one of three states:
 *   used   0 < count < NUMBLOCKS: linked into usedpools[szidx];
 *          invariant: freeblock != NULL (the next block to hand out).
 *   full   count == NUMBLOCKS: in no list; freeblock == NULL.
 *   empty  count == 0: on its arena's freepools list (singly linked by
 *          nextpool); szidx still names the last class, so a pool reused
 *          for the same class keeps its free list.
 * Blocks below nextoffset have been carved: each is either handed out or on
 * the free list. Blocks from nextoffset up are virgin, carved one at a time
 * only when the free list runs dry ("lazy carving"), so a pool never touches
 * memory it has not needed yet. */
typedef struct PoolHeader {
    uint32_t count;         /* blocks handed out */
    uint32_t reserved;
    uint8_t *freeblock;     /* head of the free list, linked through each block's first word */
    struct PoolHeader *nextpool;
    struct PoolHeader *prevpool; /* meaningful only while in usedpools */
    uint32_t arenaindex;    /* index of the arena's descriptor in Heap.arenas */
    uint32_t szidx;         /* size class */
    uint32_t nextoffset;    /* offset of the first virgin block */
    uint32_t maxnextoffset; /* largest offset at which a whole block still fits */
} PoolHeader;
_Static_assert(sizeof(PoolHeader) == HEAP_POOL_OVERHEAD, "pool header is 48 bytes, as in CPython");

#define POOL_OF(p) ((PoolHeader *)((uintptr_t)(p) & ~POOL_MASK))

/* One per arena, in the growable vector Heap.arenas.
 *
 * A descriptor is either unused (address == 0; on Heap.unused_arenas through
 * nextarena) or describes a live mapping. A live arena with at least one
 * empty pool is on the doubly linked usable_arenas list; a live arena with
 * none is on no list. */
typedef struct ArenaObj {
    uintptr_t address;       /* base of the mapping, 1 MiB-aligned; 0 = unused */
    uint8_t *pool_address;   /* first never-carved pool */
    uint32_t nfreepools;     /* empty pools: freed ones plus never-carved ones */
    uint32_t ntotalpools;    /* always 64: alignment loses no pool */
    PoolHeader *freepools;   /* freed pools, singly linked by nextpool */
    struct ArenaObj *nextarena;
    struct ArenaObj *prevarena;
} ArenaObj;

/* The arena map: a three-level radix tree keyed on address >> 20, which
 * numbers the 1 MiB slot an address lies in. Arenas are 1 MiB-aligned, so
 * a slot is either wholly one of our arenas or not ours at all, and a leaf
 * needs only one byte. 15 + 15 + 14 = 44 = 64 - 20 key bits, the split
 * CPython uses. Interior nodes are created on demand and kept until the heap
 * is destroyed, as in CPython. */
#define MAP_BOT_BITS 14
#define MAP_MID_BITS 15
#define MAP_TOP_BITS (64 - ARENA_BITS - MAP_MID_BITS - MAP_BOT_BITS)
#define MAP_BOT_LEN ((size_t)1 << MAP_BOT_BITS)
#define MAP_MID_LEN ((size_t)1 << MAP_MID_BITS)
#define MAP_TOP_LEN ((size_t)1 << MAP_TOP_BITS)

typedef struct MapBot { uint8_t present[MAP_BOT_LEN]; } MapBot;
typedef struct MapMid { MapBot *bot[MAP_MID_LEN]; } MapMid;
typedef struct MapTop { MapMid *mid[MAP_TOP_LEN]; } MapTop;

/* The header in front of every large block. `slot` indexes Heap.large, the
 * registry of live large blocks, which lets heap_destroy find them all and
 * lets a free prove a pointer is ours (large[slot] == header) in O(1).
 * 16 bytes, so the caller's pointer stays 16-byte aligned. */
typedef struct LargeHeader {
    size_t size;     /* bytes requested */
    uint32_t slot;   /* index in Heap.large */
    uint32_t magic;  /* Heap.large_magic while live; 0 once freed */
} LargeHeader;
_Static_assert(sizeof(LargeHeader) == HEAP_ALIGNMENT, "large header keeps 16-byte alignment");

/* Debug mode's table of block addresses: open addressing, linear probing.
 * A slot is 0 (empty) or an address with its low bit telling the state:
 * 0 = live, DBG_FREED = a large block freed under debug (kept as a
 * tombstone so a second free is reported as double, without reading the
 * memory the C library may already have reused). Freed small blocks are
 * removed instead: an arena address absent from the table is not live.
 * Invariant while debug is on: every live block of the heap is in the table. */
#define DBG_FREED ((uintptr_t)1)
typedef struct DebugTable {
    uintptr_t *slots;
    size_t cap;     /* power of two, or 0 before first use */
    unsigned shift; /* 64 - log2(cap) */
    size_t used;    /* non-empty slots */
    size_t freed;   /* of which tombstones */
} DebugTable;

struct Heap {
    /* Read on every call. slow_path = debug || failure injection armed.
     * Frees are not counted: live blocks are (pool counts + large blocks),
     * so total frees = nallocs - live blocks, computed when asked.
     * Field order matters: peak_bytes sits between nallocs and live_bytes,
     * which allocation updates together; adjacent, the compiler merges them
     * into one 16-byte vector update whose load stalls on the 8-byte store
     * free just made (store forwarding fails): a fifth of heap_free's time. */
    bool slow_path;
    uint64_t nallocs;   /* successful allocations */
    size_t peak_bytes;
    size_t live_bytes;  /* small blocks (rounded sizes) + large blocks (requested) */

    /* usedpools[i] is the sentinel of a circular doubly linked list of the
     * used pools of class i; empty when it points to itself. Only its
     * nextpool/prevpool fields are used. A pool that turns used (from full,
     * or fresh) goes to the front, so recently freed-into pools are reused
     * first and stay hot in the cache. */
    PoolHeader usedpools[HEAP_NUM_CLASSES];

    /* Arena descriptors. Grown (by realloc) only while no arena is usable,
     * so no pointer into the vector is live at that moment (pools record
     * their arena by index). */
    ArenaObj *arenas;
    size_t narenas;               /* length of the vector */
    ArenaObj *unused_arenas;      /* descriptors without a mapping */

    /* usable_arenas: the arenas that have an empty pool, sorted ascending
     * by nfreepools, so the fullest arena is first and new pools come from
     * it; the emptiest arenas drain and can be returned to the system.
     * nfp2lasta[n] is the LAST arena on the list with n free pools (NULL if
     * none), which lets a free move an arena to its sorted place in O(1). */
    ArenaObj *usable_arenas;
    ArenaObj *nfp2lasta[HEAP_POOLS_PER_ARENA + 1];

    size_t arenas_allocated_total;
    size_t arenas_reclaimed;
    size_t arenas_highwater;
    size_t arenas_current;
    size_t map_mid_nodes;
    size_t map_bot_nodes;

    /* Large blocks: registry of live headers, swap-removed on free. */
    LargeHeader **large;
    size_t nlarge;
    size_t large_cap;
    size_t large_bytes;
    uint32_t large_magic;

    /* Debug mode and failure injection (the slow path). */
    bool debug;
    DebugTable dbg;
    HeapError last_error;
    size_t errors;
    uint64_t fail_countdown; /* 0: off; else allocations until the failing one */
    bool fail_after;         /* with the countdown: keep failing once it trips */
    bool fail_tripped;       /* `after` mode has tripped: every allocation fails */

    MapTop map; /* the radix tree's root, 256 KiB, touched lazily */
};

static inline void account_alloc(Heap *h, size_t size) {
    h->nallocs++;
    h->live_bytes += size;
    if (h->live_bytes > h->peak_bytes)
        h->peak_bytes = h->live_bytes;
}

static inline void account_free(Heap *h, size_t size) {
    h->live_bytes -= size;
}

/* ------------------------------------------------------------------------
 * The arena map (radix tree)
 * ------------------------------------------------------------------------ */

#define MAP_KEY(p) ((uintptr_t)(p) >> ARENA_BITS)
#define MAP_TOP_INDEX(k) ((k) >> (MAP_MID_BITS + MAP_BOT_BITS))
#define MAP_MID_INDEX(k) (((k) >> MAP_BOT_BITS) & (MAP_MID_LEN - 1))
#define MAP_BOT_INDEX(k) ((k) & (MAP_BOT_LEN - 1))

/* Is p inside one of our arenas? Reads only the map, never p's memory. */
static inline bool map_has(const Heap *h, const void *p) {
    uintptr_t k = MAP_KEY(p);
    const MapMid *mid = h->map.mid[MAP_TOP_INDEX(k)];
    if (UNLIKELY(mid == NULL))
        return false;
    const MapBot *bot = mid->bot[MAP_MID_INDEX(k)];
    if (UNLIKELY(bot == NULL))
        return false;
    return bot->present[MAP_BOT_INDEX(k)] != 0;
}

/* ------------------------------------------------------------------------
 * Inline fast paths
 * ------------------------------------------------------------------------ */

/* heap_alloc's common case: a small request served by a used pool with a
 * free block to spare (so the pool needs no carving and does not turn full).
 * NULL when the case is not the common one: the caller then calls
 * heap_alloc. Under ASan free blocks are poisoned: always NULL. */
static inline void *heap_try_alloc_fast(Heap *h, size_t nbytes) {
#ifndef HEAP_ASAN
    if (LIKELY(!h->slow_path && nbytes - 1 < HEAP_SMALL_MAX)) {
        unsigned idx = (unsigned)((nbytes - 1) >> HEAP_ALIGNMENT_SHIFT);
        PoolHeader *pool = h->usedpools[idx].nextpool;
        if (LIKELY(pool != &h->usedpools[idx])) {
            uint8_t *bp = pool->freeblock;
            uint8_t *next = *(uint8_t **)bp;
            if (LIKELY(next != NULL)) {
                pool->freeblock = next;
                pool->count++;
                account_alloc(h, INDEX2SIZE(idx));
                return bp;
            }
        }
    }
#else
    (void)h, (void)nbytes;
#endif
    return NULL;
}

/* heap_free's common case: a pool block whose pool is neither full (it
 * would have to rejoin usedpools) nor about to turn empty. Returns the
 * usable size released, as heap_free, or 0 when p is not the common case
 * and nothing was done: the caller then calls heap_free. */
static inline size_t heap_try_free_fast(Heap *h, void *p) {
#ifndef HEAP_ASAN
    if (LIKELY(!h->slow_path && map_has(h, p))) {
        PoolHeader *pool = POOL_OF(p);
        uint8_t *last = pool->freeblock;
        if (LIKELY(last != NULL && pool->count > 1)) {
            size_t size = INDEX2SIZE(pool->szidx);
            *(uint8_t **)p = last;
            pool->freeblock = p;
            pool->count--;
            account_free(h, size);
            return size;
        }
    }
#else
    (void)h, (void)p;
#endif
    return 0;
}

#endif
