/* pyheap: the public embedding API. Everything else is internal. */
#ifndef PYHEAP_H
#define PYHEAP_H

#include <stddef.h>
#include <stdio.h>

#define PYHEAP_VERSION "0.1.0"

typedef struct PhState PhState;

typedef struct PhConfig {
    int gc_stress;    /* collect at every container allocation */
    int malloc_debug; /* fill freed blocks; refuse double and foreign frees */
} PhConfig;

/* Reads PYHEAP_GC_STRESS and PYHEAP_MALLOC_DEBUG from the environment. */
void ph_config_from_env(PhConfig *cfg);

/* Creates an interpreter state (heap, collector, caches). NULL cfg means
 * ph_config_from_env. NULL if memory could not be had. */
PhState *ph_state_new(const PhConfig *cfg);
/* Frees every object and returns every arena to the system. Returns the
 * number of heap blocks that were still allocated (0 unless there is a bug). */
size_t ph_state_free(PhState *S);

/* Writes the heap report in the shape of CPython's sys._debugmallocstats(). */
void ph_print_heap_stats(PhState *S, FILE *out);

#endif
