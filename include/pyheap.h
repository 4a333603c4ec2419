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

/* ---- running programs (src/vm/run.c) ----------------------------------------
 * Each returns the process exit status CPython would give: 0, 1 for an
 * uncaught exception (printed to stderr with its traceback), SystemExit's code,
 * 2 when the file cannot be opened. sys.argv becomes argv[0..argc). */
int ph_run_file(PhState *S, const char *path, int argc, char **argv);
/* Runs source text as the __main__ module; filename appears in tracebacks. */
int ph_run_string(PhState *S, const char *src, const char *filename);
/* Reads a whole program from standard input and runs it (filename "<stdin>"). */
int ph_run_stdin(PhState *S, int argc, char **argv);
/* The interactive prompt: reads statements until EOF. */
int ph_repl(PhState *S);
/* Installs the function that reads a line on a terminal (the prompt and
 * input()): it returns malloc'd text without the newline, or NULL at end of
 * input, and sets *interrupted when Ctrl-C cancelled the line. NULL: stdio. */
typedef char *(*PhLineReaderFn)(const char *prompt, int *interrupted, void *ctx);
void ph_set_line_reader(PhState *S, PhLineReaderFn reader, void *ctx);
/* Number of heap blocks in use now (sys.getallocatedblocks()). */
size_t ph_allocated_blocks(PhState *S);
/* -i: the prompt will follow the program, so SystemExit is reported as an
 * error (with its traceback) instead of ending the process. */
void ph_set_inspect(PhState *S, int on);
/* Sets sys.argv (used by ph_run_string for `-c`; the others set it themselves). */
int ph_set_argv(PhState *S, int argc, char **argv);

#endif
