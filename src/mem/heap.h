/* The private heap: CPython 3.11's pymalloc geometry.
 *
 *   arena  1 MiB, from mmap, aligned to 1 MiB (so all 64 pools are usable)
 *   pool   16 KiB = a 48-byte header + blocks of one size class
 *   block  16..512 bytes in 32 classes of 16 bytes
 *   > 512 bytes (and 0 bytes) go to the system allocator with a 16-byte header
 *
 * Allocation and free are O(1) whatever the heap size. Memory goes back to
 * the system only in whole arenas, when an arena is wholly empty, and one
 * empty arena is kept (CPython bpo-37257).
 */
#ifndef PH_MEM_HEAP_H
#define PH_MEM_HEAP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#define HEAP_ALIGNMENT 16
#define HEAP_ALIGNMENT_SHIFT 4
#define HEAP_SMALL_MAX 512
#define HEAP_NUM_CLASSES (HEAP_SMALL_MAX / HEAP_ALIGNMENT) /* 32 */
#define HEAP_POOL_SIZE ((size_t)16 * 1024)
#define HEAP_ARENA_SIZE ((size_t)1024 * 1024)
#define HEAP_POOLS_PER_ARENA (HEAP_ARENA_SIZE / HEAP_POOL_SIZE) /* 64 */
#define HEAP_POOL_OVERHEAD 48

typedef struct Heap Heap;

typedef struct HeapConfig {
    bool debug;          /* fill freed blocks, detect double and foreign frees */
    uint64_t fail_at;    /* 0: off; n: the n-th allocation from now fails */
    bool fail_after;     /* with fail_at: every allocation from the n-th on fails */
} HeapConfig;

/* Per size class, as sys._debugmallocstats prints them. */
typedef struct HeapClassStats {
    size_t pools;        /* pools currently carved for this class */
    size_t blocks_used;
    size_t blocks_free;  /* free blocks in those pools, carved or not */
} HeapClassStats;

typedef struct HeapStats {
    HeapClassStats cls[HEAP_NUM_CLASSES];
    size_t arenas_allocated_total;
    size_t arenas_reclaimed;
    size_t arenas_highwater;
    size_t arenas_current;
    size_t pools_unused;        /* empty pools, in arenas still held */
    size_t bytes_in_blocks;     /* bytes of blocks in use */
    size_t bytes_free_blocks;   /* bytes of free blocks in used pools */
    size_t bytes_pool_headers;
    size_t bytes_quantization;  /* tail of each pool too small for a block */
    size_t bytes_alignment;     /* lost to arena alignment (0: arenas are aligned) */
    size_t large_blocks;        /* live allocations passed to the system */
    size_t large_bytes;
    size_t allocated_blocks;    /* small + large live blocks (sys.getallocatedblocks) */
    uint64_t total_allocs;      /* allocation calls that succeeded */
    uint64_t total_frees;
    size_t peak_bytes;          /* highest bytes_in_blocks + large_bytes seen */
} HeapStats;

/* Error codes reported by debug mode through heap_last_error(). */
typedef enum HeapError {
    HEAP_OK = 0,
    HEAP_ERR_DOUBLE_FREE,
    HEAP_ERR_FOREIGN_FREE,
} HeapError;

Heap *heap_new(const HeapConfig *cfg); /* NULL if the system refuses */
/* Returns every arena and large block to the system. Returns the number of
 * blocks that were still allocated (a leak, when the caller expected none). */
size_t heap_destroy(Heap *h);

/* NULL on failure, including injected failure. Blocks are 16-byte aligned. */
void *heap_alloc(Heap *h, size_t nbytes);
void *heap_calloc(Heap *h, size_t nbytes);
/* Like realloc; keeps the block when shrinking saves less than 25%. */
void *heap_realloc(Heap *h, void *p, size_t nbytes);
/* Frees p (NULL is ignored). Returns the usable size released. In debug mode a
 * double or foreign free is refused, recorded, and 0 is returned. */
size_t heap_free(Heap *h, void *p);

size_t heap_usable_size(const Heap *h, const void *p);
/* The usable size heap_alloc(h, nbytes) gives, without looking at the block:
 * the size class's block size for small requests, else the request itself. */
static inline size_t heap_block_size_for(size_t nbytes)
{
    return nbytes - 1 < HEAP_SMALL_MAX ? (nbytes + HEAP_ALIGNMENT - 1) & ~(size_t)(HEAP_ALIGNMENT - 1)
                                       : nbytes;
}
bool heap_owns(const Heap *h, const void *p); /* p lies in one of our arenas */
/* Size class (0..31) a request of nbytes uses, or -1 if it bypasses the pools. */
int heap_size_class(size_t nbytes);

void heap_get_stats(const Heap *h, HeapStats *out);
/* Writes the report in sys._debugmallocstats' shape. */
void heap_print_stats(const Heap *h, FILE *out);

/* Allocation-failure injection: fail the nth allocation from now (n >= 1),
 * or with `after`, every allocation from the nth on. n = 0 turns it off. */
void heap_set_fail(Heap *h, uint64_t n, bool after);
void heap_set_debug(Heap *h, bool on);
HeapError heap_last_error(const Heap *h);
/* Counts of refused frees in debug mode. */
size_t heap_debug_errors(const Heap *h);

/* Visit every arena and pool (for the views): fn gets the arena base, and for
 * each of its 64 pools the size class (-1 if unused) and blocks in use. */
typedef void (*HeapPoolVisitor)(void *ctx, size_t arena_index, const void *arena_base,
                                size_t pool_index, int size_class, size_t blocks_used,
                                size_t blocks_total);
void heap_visit_pools(const Heap *h, HeapPoolVisitor fn, void *ctx);

/* Checks every structural invariant (pool states and lists, usable_arenas
 * sorted with an exact nfp2lasta, the arena map, block and byte counts, the
 * large-block registry, the debug table). O(heap size); for tests and debug
 * builds. Returns NULL if all hold, else a description of the first broken one. */
const char *heap_check(const Heap *h);

#endif
