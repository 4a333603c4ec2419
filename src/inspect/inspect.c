/* Command-line flags of the inspectors and the start/finish of a recording. */
#include "inspect/inspect.h"

#include "inspect/recorder.h"

#include <stdlib.h>
#include <string.h>

/* Matches "--name", "--name value" and "--name=value". Returns 1 and sets
 * *val (NULL for a flag without value) when argv[*i] is the flag. */
static int match(const char *name, int want_value, int argc, char **argv, int *i,
                 const char **val, int *err)
{
    const char *a = argv[*i];
    size_t n = strlen(name);
    if (strncmp(a, name, n) != 0) return 0;
    if (a[n] == '=') {
        if (!want_value) {
            fprintf(stderr, "pyheap: %s takes no value\n", name);
            *err = 1;
            return 1;
        }
        *val = a + n + 1;
        return 1;
    }
    if (a[n] != 0) return 0;
    if (want_value) {
        if (*i + 1 >= argc) {
            fprintf(stderr, "pyheap: %s needs a value\n", name);
            *err = 1;
            return 1;
        }
        *val = argv[++*i];
    }
    return 1;
}

static int parse_lines(InspectOptions *o, const char *v)
{
    char *end;
    long lo = strtol(v, &end, 10), hi = lo;
    if (end == v || lo < 1) goto bad;
    if (*end == '-') {
        const char *h = end + 1;
        if (*h == 0) {
            hi = 0x7fffffff;
        } else {
            hi = strtol(h, &end, 10);
            if (end == h || *end || hi < lo) goto bad;
        }
    } else if (*end) {
        goto bad;
    }
    o->line_lo = (int)lo;
    o->line_hi = (int)hi;
    o->trace = 1;
    return 1;
bad:
    fprintf(stderr, "pyheap: --trace-lines wants A-B, A or A- (got '%s')\n", v);
    return -1;
}

int inspect_parse_flag(InspectOptions *o, int argc, char **argv, int *i)
{
    const char *v = NULL;
    int err = 0;
    if (match("--trace-lines", 1, argc, argv, i, &v, &err)) return err ? -1 : parse_lines(o, v);
    if (match("--trace-func", 1, argc, argv, i, &v, &err)) {
        if (err) return -1;
        o->trace_func = v;
        o->trace = 1;
        return 1;
    }
    if (match("--trace", 0, argc, argv, i, &v, &err)) return err ? -1 : (o->trace = 1);
    if (match("--html", 1, argc, argv, i, &v, &err)) return err ? -1 : (o->html_path = v, 1);
    if (match("--events", 1, argc, argv, i, &v, &err)) return err ? -1 : (o->events_path = v, 1);
    if (match("--stats", 0, argc, argv, i, &v, &err)) return err ? -1 : (o->stats = 1);
    if (match("--color", 0, argc, argv, i, &v, &err)) return err ? -1 : (o->color = 1, 1);
    if (match("--no-color", 0, argc, argv, i, &v, &err)) return err ? -1 : (o->color = 2, 1);
    return 0;
}

int inspect_enabled(const InspectOptions *o)
{
    return o->trace || o->html_path || o->events_path || o->stats;
}

int inspect_start(PhState *S, const InspectOptions *o)
{
    if (!inspect_enabled(o) || recorder_of(S)) return 0;
    Recorder *R = recorder_new(S, o);
    if (!R) {
        fputs("pyheap: out of memory\n", stderr);
        return -1;
    }
    Sink s;
    if (o->events_path) {
        if (json_sink_new(R, o->events_path, &s) < 0) goto fail;
        recorder_add_sink(R, s);
    }
    if (o->trace) {
        if (trace_sink_new(R, &s) < 0) goto fail;
        recorder_add_sink(R, s);
    }
    if (o->html_path) {
        if (html_sink_new(R, o->html_path, &s) < 0) goto fail;
        recorder_add_sink(R, s);
    }
    recorder_attach(R);
    return 0;
fail:
    recorder_free(R);
    return -1;
}

int inspect_finish(PhState *S)
{
    Recorder *R = recorder_of(S);
    if (!R) return 0;
    recorder_detach(R);
    int rc = 0;
    for (size_t i = 0; i < R->sinks.n; i++)
        if (R->sinks.v[i].finish && R->sinks.v[i].finish(R, R->sinks.v[i].ctx) < 0) rc = -1;
    if (R->opt.stats) {
        fflush(stdout);
        stats_print(R, stderr);
    }
    recorder_free(R);
    return rc;
}
