/* The inspectors' entry points, for the command line.
 *
 *   --trace               after each executed line, what it did to memory (stderr)
 *   --trace-lines A-B     only lines A..B (also "A" or "A-")
 *   --trace-func NAME     only while a frame of function NAME is on the stack
 *   --html FILE           a self-contained page replaying the run step by step
 *   --events FILE         every memory event as JSON lines (docs/events.md)
 *   --stats               heap, collector and per-type statistics at exit (stderr)
 *   --color / --no-color  force colour in the trace (default: when stderr is a tty)
 *
 * Usage from main():
 *
 *     InspectOptions io = {0};
 *     for (i = 1; i < argc; i++) {
 *         int r = inspect_parse_flag(&io, argc, argv, &i);
 *         if (r < 0) return 2;       // message already printed
 *         if (r > 0) continue;       // consumed (with its argument)
 *         ...
 *     }
 *     PhState *S = ph_state_new(NULL);
 *     if (inspect_start(S, &io) < 0) ...;
 *     int status = ph_run_file(S, path, ...);
 *     inspect_finish(S);             // before ph_state_free: reads the live heap
 *     ph_state_free(S);
 *
 * With no inspector flag, inspect_start and inspect_finish do nothing and the
 * memory system's hook stays NULL: the interpreter pays nothing.
 */
#ifndef PH_INSPECT_INSPECT_H
#define PH_INSPECT_INSPECT_H

#include "pyheap.h"

typedef struct InspectOptions {
    int trace;              /* --trace */
    int line_lo, line_hi;   /* --trace-lines (0, 0: all) */
    const char *trace_func; /* --trace-func, or NULL */
    const char *html_path;  /* --html */
    const char *events_path;/* --events */
    int stats;              /* --stats */
    int color;              /* 0 auto (when stderr is a tty), 1 on, 2 off */
    /* Limits of the teaching views (0: defaults). */
    int max_visible;        /* objects drawn per step (default 400) */
    int max_items;          /* items shown per container (default 25) */
} InspectOptions;

/* Looks at argv[*i]. Returns 1 when it is an inspector flag (advancing *i past
 * a flag's argument), 0 when it is not, -1 when it is malformed (a message is
 * printed to stderr). Accepts "--flag value" and "--flag=value". */
int inspect_parse_flag(InspectOptions *o, int argc, char **argv, int *i);
/* True when any view is requested. */
int inspect_enabled(const InspectOptions *o);
/* Installs the recorder as the memory system's event hook. 0, or -1 when a
 * file cannot be opened (message printed). Does nothing without a view. */
int inspect_start(PhState *S, const InspectOptions *o);
/* Ends the recording: writes the page, prints the statistics, closes the
 * event file, removes the hook and frees everything. Call before
 * ph_state_free. Returns 0, or -1 if an output could not be written. */
int inspect_finish(PhState *S);

#endif
