/* Set-up and tear-down of the memory system, and event delivery. */
#include "mem.h"

#include <string.h>

int mem_init(PhState *S, const HeapConfig *heap_cfg)
{
    PhMem *M = mem_of(S);
    memset(M, 0, sizeof *M);
    M->heap = heap_new(heap_cfg);
    if (!M->heap) return -1;
    gc_init(S);
    return 0;
}

size_t mem_fini(PhState *S)
{
    PhMem *M = mem_of(S);
    gc_fini(S);
    size_t leaked = heap_destroy(M->heap);
    M->heap = NULL;
    return leaked;
}

void events_emit(PhState *S, const PhEvent *ev)
{
    PhMem *M = mem_of(S);
    PhEventHook hook = M->hook;
    if (hook) hook(S, ev, M->hook_ctx);
}
