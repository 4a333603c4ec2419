/* Small-object allocation benchmark: pyheap's heap against glibc malloc and,
 * when built with -DHAVE_MIMALLOC, mimalloc.
 *
 * Workload, the same random sequence for every allocator:
 *   - a table of live slots sized so the live heap holds about L bytes;
 *     it is filled first (the "fill" column);
 *   - then each step frees a random slot and allocates a new block for it
 *     (long-lived objects replaced at random), and allocates two temporaries
 *     and frees them again in LIFO order (short-lived objects);
 *   - every block gets its first word written, as an object header would be.
 * Sizes are uniform in 16..512 bytes. A step is three alloc+free pairs; the
 * result is nanoseconds per pair in the steady phase.
 *
 * Each (allocator, heap size) runs in a fresh child process, so one
 * allocator's leftover state cannot help or hurt the next, and its peak RSS
 * is its own.
 *
 * Usage: alloc [live-MB ...]   (default: 1 16 128 1024)
 */
#include "mem/heap.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#ifdef HAVE_MIMALLOC
/* mimalloc is loaded with dlopen(RTLD_LOCAL), not linked: Debian's
 * libmimalloc.so exports malloc and free, so linking it would silently
 * replace glibc's malloc in the whole process and the "glibc" column would
 * measure mimalloc. Loaded locally, only mi_malloc/mi_free reach it. */
#include <dlfcn.h>
static void *(*mi_malloc_p)(size_t);
static void (*mi_free_p)(void *);
static int load_mimalloc(void) {
    void *lib = dlopen("libmimalloc.so.2", RTLD_NOW | RTLD_LOCAL);
    if (lib == NULL)
        lib = dlopen("libmimalloc.so", RTLD_NOW | RTLD_LOCAL);
    if (lib == NULL)
        return 0;
    *(void **)&mi_malloc_p = dlsym(lib, "mi_malloc");
    *(void **)&mi_free_p = dlsym(lib, "mi_free");
    return mi_malloc_p != NULL && mi_free_p != NULL;
}
static inline void *mi_alloc(size_t n) { return mi_malloc_p(n); }
static inline void mi_release(void *p) { mi_free_p(p); }
#endif

#define MEAN_SIZE 264 /* mean of uniform 16..512 */
#define TEMPS 2       /* short-lived blocks per step */

typedef struct Result {
    double pair_ns; /* steady phase: ns per alloc+free pair */
    double fill_ns; /* fill phase: ns per allocation */
    long rss_mb;    /* peak resident set of the child */
    int ok;
} Result;

static double now_ns(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec * 1e9 + (double)ts.tv_nsec;
}

static inline uint64_t next_rand(uint64_t *s) {
    uint64_t x = *s;
    x ^= x >> 12;
    x ^= x << 25;
    x ^= x >> 27;
    *s = x;
    return x * 2685821657736338717ULL;
}

/* Keeps the compiler from eliding a malloc/write/free sequence. */
#define ESCAPE(p) __asm__ volatile("" : : "r"(p) : "memory")

static inline void touch(void *p, uint64_t v) {
    *(uint64_t *)p = v;
    ESCAPE(p);
}

/* The workload, instantiated per allocator so every call is direct. */
#define DEFINE_WORKLOAD(NAME, ALLOC, FREE)                                                 \
    static int NAME(size_t nslots, size_t steps, Result *r) {                              \
        void **slots = calloc(nslots, sizeof(void *));                                     \
        if (slots == NULL)                                                                 \
            return 0;                                                                      \
        uint64_t s = 0x9E3779B97F4A7C15ULL;                                                \
        double t0 = now_ns();                                                              \
        for (size_t i = 0; i < nslots; i++) {                                              \
            size_t n = 16 + next_rand(&s) % 497;                                           \
            void *p = ALLOC(n);                                                            \
            if (p == NULL)                                                                 \
                return 0;                                                                  \
            touch(p, i);                                                                   \
            slots[i] = p;                                                                  \
        }                                                                                  \
        double t1 = now_ns();                                                              \
        for (size_t k = 0; k < steps; k++) {                                               \
            uint64_t x = next_rand(&s);                                                    \
            size_t j = (size_t)(((x >> 32) * (uint64_t)nslots) >> 32);                     \
            FREE(slots[j]);                                                                \
            void *p = ALLOC(16 + (x & 0xffff) % 497);                                      \
            touch(p, k);                                                                   \
            slots[j] = p;                                                                  \
            void *tmp[TEMPS];                                                              \
            uint64_t y = next_rand(&s);                                                    \
            for (int t = 0; t < TEMPS; t++) {                                              \
                tmp[t] = ALLOC(16 + ((y >> (20 * t)) & 0xfffff) % 497);                    \
                touch(tmp[t], k);                                                          \
            }                                                                              \
            for (int t = TEMPS - 1; t >= 0; t--)                                           \
                FREE(tmp[t]);                                                              \
        }                                                                                  \
        double t2 = now_ns();                                                              \
        for (size_t i = 0; i < nslots; i++)                                                \
            FREE(slots[i]);                                                                \
        free(slots);                                                                       \
        r->fill_ns = (t1 - t0) / (double)nslots;                                           \
        r->pair_ns = (t2 - t1) / ((double)steps * (1 + TEMPS));                            \
        return 1;                                                                          \
    }

/* The memory floor: the same steps, the same random slot and block touched,
 * but no allocator called (the slot keeps its block; the temporaries are
 * two fixed buffers). What any allocator pays for the access pattern alone;
 * an allocator's own cost is its time minus this. */
static int run_floor(size_t nslots, size_t steps, Result *r) {
    void **slots = calloc(nslots, sizeof(void *));
    if (slots == NULL)
        return 0;
    uint64_t s = 0x9E3779B97F4A7C15ULL;
    for (size_t i = 0; i < nslots; i++) {
        void *p = malloc(16 + next_rand(&s) % 497);
        if (p == NULL)
            return 0;
        touch(p, i);
        slots[i] = p;
    }
    static uint64_t temps[TEMPS][64];
    double t1 = now_ns();
    for (size_t k = 0; k < steps; k++) {
        uint64_t x = next_rand(&s);
        size_t j = (size_t)(((x >> 32) * (uint64_t)nslots) >> 32);
        void *p = slots[j];
        touch(p, k);
        slots[j] = p;
        uint64_t y = next_rand(&s);
        for (int t = 0; t < TEMPS; t++)
            touch(temps[((y >> (20 * t)) & 1) % TEMPS], k);
    }
    double t2 = now_ns();
    for (size_t i = 0; i < nslots; i++)
        free(slots[i]);
    free(slots);
    r->fill_ns = 0;
    r->pair_ns = (t2 - t1) / ((double)steps * (1 + TEMPS));
    return 1;
}

static Heap *g_heap;
static inline void *py_alloc(size_t n) { return heap_alloc(g_heap, n); }
static inline void py_free(void *p) { heap_free(g_heap, p); }
DEFINE_WORKLOAD(run_pyheap, py_alloc, py_free)
DEFINE_WORKLOAD(run_glibc, malloc, free)
#ifdef HAVE_MIMALLOC
DEFINE_WORKLOAD(run_mimalloc, mi_alloc, mi_release)
#endif

enum { A_PYHEAP, A_GLIBC, A_MIMALLOC, A_FLOOR, N_ALLOCATORS };
static const char *const names[N_ALLOCATORS] = {"pyheap", "glibc", "mimalloc", "floor"};

static int run_in_child_body(int which, size_t nslots, size_t steps, Result *r) {
    switch (which) {
    case A_PYHEAP: {
        g_heap = heap_new(NULL);
        if (g_heap == NULL)
            return 0;
        int ok = run_pyheap(nslots, steps, r);
        /* Everything was freed: a leak here is a heap bug. */
        ok = ok && heap_destroy(g_heap) == 0;
        return ok;
    }
    case A_GLIBC:
        return run_glibc(nslots, steps, r);
#ifdef HAVE_MIMALLOC
    case A_MIMALLOC:
        return run_mimalloc(nslots, steps, r);
#endif
    case A_FLOOR:
        return run_floor(nslots, steps, r);
    default:
        return 0;
    }
}

/* Touches `bytes` of fresh memory in a child and exits. On a virtual machine
 * the first touch of guest memory the host has not backed yet is far slower
 * than later touches; without this the first allocator measured (pyheap)
 * would pay that for everyone. */
static void warm_up(size_t bytes) {
    pid_t pid = fork();
    if (pid == 0) {
        char *m = mmap(NULL, bytes, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
        if (m != MAP_FAILED)
            for (size_t i = 0; i < bytes; i += 4096)
                m[i] = 1;
        _exit(0);
    }
    if (pid > 0)
        waitpid(pid, NULL, 0);
}

/* Runs one measurement in a fresh process. */
static Result measure(int which, size_t nslots, size_t steps) {
    Result r = {0};
    int fd[2];
    if (pipe(fd) != 0)
        return r;
    pid_t pid = fork();
    if (pid == 0) {
        close(fd[0]);
        Result c = {0};
        c.ok = run_in_child_body(which, nslots, steps, &c);
        struct rusage ru;
        getrusage(RUSAGE_SELF, &ru);
        c.rss_mb = ru.ru_maxrss / 1024;
        ssize_t w = write(fd[1], &c, sizeof c);
        _exit(w == (ssize_t)sizeof c ? 0 : 1);
    }
    close(fd[1]);
    if (pid > 0) {
        if (read(fd[0], &r, sizeof r) != (ssize_t)sizeof r)
            r.ok = 0;
        waitpid(pid, NULL, 0);
    }
    close(fd[0]);
    return r;
}

int main(int argc, char **argv) {
    size_t default_mb[] = {1, 16, 128, 1024};
    size_t nsizes = argc > 1 ? (size_t)(argc - 1) : sizeof default_mb / sizeof default_mb[0];
    size_t *mbs = default_mb;
    size_t given[32];
    if (argc > 1) {
        nsizes = nsizes > 32 ? 32 : nsizes;
        for (size_t i = 0; i < nsizes; i++)
            given[i] = (size_t)strtoull(argv[i + 1], NULL, 10);
        mbs = given;
    }
    int nalloc = 2;
#ifdef HAVE_MIMALLOC
    if (load_mimalloc())
        nalloc = 3;
    else
        printf("(libmimalloc.so not loadable: mimalloc column left out)\n");
#endif
    Result res[32][N_ALLOCATORS];

    printf("small-object alloc+free, sizes 16..512 B, 1 replaced live block + %d temporaries per "
           "step\n\n",
           TEMPS);
    for (size_t i = 0; i < nsizes; i++) {
        size_t nslots = mbs[i] * ((size_t)1 << 20) / MEAN_SIZE;
        if (nslots == 0)
            nslots = 1;
        /* Small heaps: more steps and the best of three, to beat noise. */
        size_t steps = mbs[i] >= 1024 ? 2000000 : 3000000;
        int reps = mbs[i] >= 1024 ? 2 : 3;
        warm_up(mbs[i] * ((size_t)3 << 20) / 2);
        for (int a = 0; a < N_ALLOCATORS; a++) {
            if (a >= nalloc && a != A_FLOOR)
                continue;
            Result best = {0};
            for (int k = 0; k < reps; k++) {
                Result r = measure(a, nslots, steps);
                if (r.ok && (!best.ok || r.pair_ns < best.pair_ns))
                    best = r;
            }
            res[i][a] = best;
            if (!best.ok)
                fprintf(stderr, "%s failed at %zu MB\n", names[a], mbs[i]);
        }
    }

    printf("%-10s %10s %10s", "live heap", "pyheap", "glibc");
    if (nalloc == 3)
        printf(" %10s", "mimalloc");
    printf(" %13s", "pyheap/glibc");
    if (nalloc == 3)
        printf(" %16s", "pyheap/mimalloc");
    printf(" %7s   (ns per alloc+free pair)\n", "floor");
    for (size_t i = 0; i < nsizes; i++) {
        char label[32];
        snprintf(label, sizeof label, "%zu MB", mbs[i]);
        printf("%-10s", label);
        for (int a = 0; a < nalloc; a++)
            printf(" %10.1f", res[i][a].pair_ns);
        printf(" %13.2f", res[i][A_PYHEAP].pair_ns / res[i][A_GLIBC].pair_ns);
        if (nalloc == 3)
            printf(" %16.2f", res[i][A_PYHEAP].pair_ns / res[i][A_MIMALLOC].pair_ns);
        printf(" %7.1f\n", res[i][A_FLOOR].pair_ns);
    }

    printf("\n%-10s", "fill");
    for (int a = 0; a < nalloc; a++)
        printf(" %10s", names[a]);
    printf("   (ns per allocation while filling)   peak RSS MB:");
    for (int a = 0; a < nalloc; a++)
        printf(" %8s", names[a]);
    printf("\n");
    for (size_t i = 0; i < nsizes; i++) {
        char label[32];
        snprintf(label, sizeof label, "%zu MB", mbs[i]);
        printf("%-10s", label);
        for (int a = 0; a < nalloc; a++)
            printf(" %10.1f", res[i][a].fill_ns);
        printf("   %35s        ", "");
        for (int a = 0; a < nalloc; a++)
            printf(" %8ld", res[i][a].rss_mb);
        printf("\n");
    }
    printf("\nfloor: the same loop and memory touches without any allocator call (see "
           "run_floor);\nan allocator's own cost is roughly its time minus the floor.\n");
    int failed = 0;
    for (size_t i = 0; i < nsizes; i++) {
        failed |= !res[i][A_FLOOR].ok;
        for (int a = 0; a < nalloc; a++)
            failed |= !res[i][a].ok;
    }
    return failed;
}
