/* --stats: heap, collector and per-type statistics at exit, and the lines
 * holding the most live bytes (like tracemalloc's top statistics).
 *
 * Printed to stderr by inspect_finish, before the interpreter shuts down,
 * so what the program left alive is still there to be counted.
 */
#include "inspect/recorder.h"

#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

/* 1234567 -> "1,234,567" */
static const char *commas(uint64_t v, char *buf)
{
    char tmp[32];
    int n = snprintf(tmp, sizeof tmp, "%" PRIu64, v), j = 0;
    for (int i = 0; i < n; i++) {
        if (i && (n - i) % 3 == 0) buf[j++] = ',';
        buf[j++] = tmp[i];
    }
    buf[j] = 0;
    return buf;
}

static void print_heap(Recorder *R, FILE *out)
{
    HeapStats st;
    char a[32], b[32], c[32];
    heap_get_stats(mem_of(R->S)->heap, &st);
    fprintf(out, "== private heap (CPython 3.11's pymalloc: %zu KiB arenas, %zu KiB pools, "
                 "%d size classes of %d bytes) ==\n",
            (size_t)HEAP_ARENA_SIZE / 1024, (size_t)HEAP_POOL_SIZE / 1024, HEAP_NUM_CLASSES,
            HEAP_ALIGNMENT);
    fprintf(out, "class  block  pools  blocks in use  free blocks  bytes in use\n");
    for (int i = 0; i < HEAP_NUM_CLASSES; i++) {
        const HeapClassStats *k = &st.cls[i];
        if (!k->pools && !k->blocks_used) continue;
        fprintf(out, "%5d  %5d  %5zu  %13s  %11s  %12s\n", i, (i + 1) * HEAP_ALIGNMENT, k->pools,
                commas(k->blocks_used, a), commas(k->blocks_free, b),
                commas((uint64_t)k->blocks_used * (uint64_t)((i + 1) * HEAP_ALIGNMENT), c));
    }
    fprintf(out, "arenas: %zu now, %zu at most, %zu allocated in total, %zu returned to the system\n",
            st.arenas_current, st.arenas_highwater, st.arenas_allocated_total,
            st.arenas_reclaimed);
    fprintf(out, "pools: %zu empty in held arenas; pool headers %s bytes, quantization %s bytes\n",
            st.pools_unused, commas(st.bytes_pool_headers, a), commas(st.bytes_quantization, b));
    fprintf(out, "blocks > %d bytes (system allocator): %zu, %s bytes\n", HEAP_SMALL_MAX,
            st.large_blocks, commas(st.large_bytes, a));
    fprintf(out, "bytes in use: %s in small blocks + %s in large = %s; peak %s\n",
            commas(st.bytes_in_blocks, a), commas(st.large_bytes, b),
            commas(st.bytes_in_blocks + st.large_bytes, c), commas(st.peak_bytes, (char[32]){0}));
    fprintf(out, "heap calls (whole run): %s allocations, %s frees; %zu blocks live\n\n",
            commas(st.total_allocs, a), commas(st.total_frees, b), st.allocated_blocks);
}

static void print_gc(Recorder *R, FILE *out)
{
    GcState *G = &mem_of(R->S)->gc;
    char a[32], b[32];
    fprintf(out, "== cyclic collector (generations as in CPython 3.11) ==\n");
    fprintf(out, "gen  threshold  count  objects  collections  collected  uncollectable  "
                 "total pause  longest pause\n");
    for (int g = 0; g < GC_NUM_GENERATIONS; g++) {
        const GcGenStats *s = &G->stats[g];
        fprintf(out, "%3d  %9d  %5d  %7zd  %11s  %9s  %13" PRIu64 "  %8.3f ms  %10.3f ms\n", g,
                G->gens[g].threshold, G->gens[g].count, gc_generation_size(R->S, g),
                commas(s->collections, a), commas(s->collected, b), s->uncollectable,
                (double)s->total_ns / 1e6, (double)s->longest_ns / 1e6);
    }
    fprintf(out, "\n");
}

typedef struct TypeRow {
    const char *name;
    uint64_t allocs, frees, live_bytes;
} TypeRow;

static int by_allocs(const void *a, const void *b)
{
    const TypeRow *x = a, *y = b;
    if (x->allocs != y->allocs) return x->allocs < y->allocs ? 1 : -1;
    return strcmp(x->name, y->name);
}

static void print_types(Recorder *R, FILE *out)
{
    PhState *S = R->S;
    VEC(TypeRow) rows = {0};
    char a[32], b[32], c[32], d[32];
    /* Builtin types count from the interpreter's start (PhType.stats). */
#define ROW(field, tmpl)                                                                        \
    if (S->types.field.stats.allocs)                                                            \
        VEC_PUSH(rows, ((TypeRow){S->types.field.name, S->types.field.stats.allocs,              \
                                  S->types.field.stats.frees, S->types.field.stats.live_bytes}));
    PH_BUILTIN_TYPES(ROW)
#undef ROW
#define EROW(name_, base)                                                                       \
    if (S->exc.name_.stats.allocs)                                                              \
        VEC_PUSH(rows, ((TypeRow){S->exc.name_.name, S->exc.name_.stats.allocs,                  \
                                  S->exc.name_.stats.frees, S->exc.name_.stats.live_bytes}));
    PH_EXCEPTION_TYPES(EROW)
#undef EROW
    /* Classes: the recorder's counts (their type objects may be gone). */
    size_t nbuiltin = rows.n;
    for (uint32_t sid = 0; sid < R->type_allocs.n; sid++) {
        if (!R->type_allocs.v[sid]) continue;
        const char *name = strtab_get(&R->strs, sid);
        bool known = false;
        for (size_t i = 0; i < nbuiltin && !known; i++) {
            const char *n = rows.v[i].name, *dot = strrchr(n, '.');
            known = strcmp(dot ? dot + 1 : n, name) == 0;
        }
        if (!known)
            VEC_PUSH(rows, ((TypeRow){name, R->type_allocs.v[sid], R->type_frees.v[sid],
                                      R->type_live.v[sid]}));
    }
    qsort(rows.v, rows.n, sizeof *rows.v, by_allocs);
    fprintf(out, "== objects by type (whole run; classes: while recording) ==\n");
    fprintf(out, "%-28s %12s %12s %10s %14s\n", "type", "allocated", "freed", "live", "live bytes");
    for (size_t i = 0; i < rows.n; i++) {
        const TypeRow *t = &rows.v[i];
        fprintf(out, "%-28s %12s %12s %10s %14s\n", t->name, commas(t->allocs, a),
                commas(t->frees, b), commas(t->allocs - t->frees, c), commas(t->live_bytes, d));
    }
    fprintf(out, "\n");
    VEC_FREE(rows);
}

typedef struct SiteRow {
    uint32_t file_sid;
    int32_t line;
    uint64_t count, bytes;
    uint32_t top_type; /* type sid with the most bytes at this line */
    uint64_t top_bytes;
} SiteRow;

static int by_bytes(const void *a, const void *b)
{
    const SiteRow *x = a, *y = b;
    if (x->bytes != y->bytes) return x->bytes < y->bytes ? 1 : -1;
    if (x->line != y->line) return x->line < y->line ? -1 : 1;
    return 0;
}

static int by_site(const void *a, const void *b)
{
    const ObjRec *const *x = a, *const *y = b;
    if ((*x)->file_sid != (*y)->file_sid) return (*x)->file_sid < (*y)->file_sid ? -1 : 1;
    if ((*x)->line != (*y)->line) return (*x)->line < (*y)->line ? -1 : 1;
    return (*x)->type_sid < (*y)->type_sid ? -1 : (*x)->type_sid > (*y)->type_sid;
}

static void print_sites(Recorder *R, FILE *out, int top)
{
    VEC(ObjRec *) recs = {0};
    VEC(SiteRow) rows = {0};
    char a[32], b[32];
    for (size_t i = 0; i < R->live.cap; i++) {
        ObjRec *r = &R->live.slots[i];
        if (r->addr && !(r->flags & (OBJ_PREEXISTING | OBJ_DEAD))) VEC_PUSH(recs, r);
    }
    qsort(recs.v, recs.n, sizeof *recs.v, by_site);
    for (size_t i = 0; i < recs.n;) {
        SiteRow row = {.file_sid = recs.v[i]->file_sid, .line = recs.v[i]->line};
        while (i < recs.n && recs.v[i]->file_sid == row.file_sid && recs.v[i]->line == row.line) {
            uint32_t t = recs.v[i]->type_sid;
            uint64_t tb = 0;
            for (; i < recs.n && recs.v[i]->file_sid == row.file_sid &&
                   recs.v[i]->line == row.line && recs.v[i]->type_sid == t;
                 i++) {
                row.count++;
                row.bytes += recs.v[i]->size;
                tb += recs.v[i]->size;
            }
            if (tb > row.top_bytes) {
                row.top_bytes = tb;
                row.top_type = t;
            }
        }
        VEC_PUSH(rows, row);
    }
    qsort(rows.v, rows.n, sizeof *rows.v, by_bytes);
    fprintf(out, "== top %d lines by live bytes (allocated while recording, alive at exit) ==\n",
            top);
    for (size_t i = 0; i < rows.n && i < (size_t)top; i++) {
        const SiteRow *s = &rows.v[i];
        char where[300];
        if (s->line > 0)
            snprintf(where, sizeof where, "%s:%d", strtab_get(&R->strs, s->file_sid), s->line);
        else
            snprintf(where, sizeof where, "(compiling / no Python frame)");
        fprintf(out, "%-40s %10s bytes in %8s objects (mostly %s)\n", where, commas(s->bytes, a),
                commas(s->count, b), strtab_get(&R->strs, s->top_type));
        if (s->line > 0) {
            const char *src = source_line(R, s->file_sid, s->line);
            while (*src == ' ' || *src == '\t') src++;
            if (*src) fprintf(out, "    %s\n", src);
        }
    }
    if (!rows.n) fprintf(out, "(none)\n");
    fprintf(out, "\n");
    VEC_FREE(recs);
    VEC_FREE(rows);
}

void stats_print(Recorder *R, FILE *out)
{
    fprintf(out, "\n==== pyheap --stats (memory model: CPython 3.11) ====\n\n");
    print_heap(R, out);
    print_gc(R, out);
    print_types(R, out);
    print_sites(R, out, 10);
    fflush(out);
}
