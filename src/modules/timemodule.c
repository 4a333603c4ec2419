/* The time module: clocks and sleep. */
#include "modules.h"

#include "objects/float.h"
#include "objects/int.h"
#include "objects/module.h"
#include "vm/builtins.h"
#include "vm/errors.h"
#include "vm/state.h"

#include <errno.h>
#include <math.h>
#include <time.h>

static int64_t clock_ns(clockid_t id)
{
    struct timespec ts;
    clock_gettime(id, &ts);
    return (int64_t)ts.tv_sec * 1000000000 + ts.tv_nsec;
}

/* Seconds as a float, like CPython's _PyTime_AsSecondsDouble. */
static PhObject *seconds(PhState *S, int64_t ns) { return float_from_double(S, (double)ns / 1e9); }

#define CLOCK_FUNCS(pyname, clock)                                                          \
    static PhObject *time_##pyname(PhState *S, PhObject *self, PhObject *const *args,       \
                                   size_t nargs, PhObject *kwnames)                         \
    {                                                                                       \
        if (rt_no_args(S, "time." #pyname, nargs, kwnames) < 0) return NULL;                \
        return seconds(S, clock_ns(clock));                                                 \
    }                                                                                       \
    static PhObject *time_##pyname##_ns(PhState *S, PhObject *self, PhObject *const *args,  \
                                        size_t nargs, PhObject *kwnames)                    \
    {                                                                                       \
        if (rt_no_args(S, "time." #pyname "_ns", nargs, kwnames) < 0) return NULL;          \
        return int_from_i64(S, clock_ns(clock));                                            \
    }

CLOCK_FUNCS(time, CLOCK_REALTIME)
CLOCK_FUNCS(perf_counter, CLOCK_MONOTONIC)
CLOCK_FUNCS(monotonic, CLOCK_MONOTONIC)
CLOCK_FUNCS(process_time, CLOCK_PROCESS_CPUTIME_ID)

static PhObject *time_sleep(PhState *S, PhObject *self, PhObject *const *args, size_t nargs,
                            PhObject *kwnames)
{
    if (rt_one_arg(S, "time.sleep", nargs, kwnames) < 0) return NULL;
    PhObject *o = args[0];
    double secs;
    if (o->type == &S->types.float_ || float_check(S, o)) {
        secs = float_value(o);
    } else if (int_check(o)) {
        secs = int_to_double(S, o);
        if (secs == -1.0 && err_occurred(S)) return NULL;
    } else {
        return err_format(S, &S->exc.TypeError, "'%s' object cannot be interpreted as an integer",
                          o->type->name);
    }
    if (isnan(secs)) return err_format(S, &S->exc.ValueError, "Invalid value NaN (not a number)");
    if (secs < 0) return err_format(S, &S->exc.ValueError, "sleep length must be non-negative");
    if (secs > 9.2e9)
        return err_format(S, &S->exc.OverflowError, "timestamp too large to convert to C _PyTime_t");
    struct timespec ts = {(time_t)secs, (long)((secs - floor(secs)) * 1e9)};
    while (nanosleep(&ts, &ts) != 0 && errno == EINTR) {
    }
    return ph_none(S);
}

static const PhMethodDef time_functions[] = {
    {"monotonic", time_monotonic, METH_DEFAULT, NULL},
    {"monotonic_ns", time_monotonic_ns, METH_DEFAULT, NULL},
    {"perf_counter", time_perf_counter, METH_DEFAULT, NULL},
    {"perf_counter_ns", time_perf_counter_ns, METH_DEFAULT, NULL},
    {"process_time", time_process_time, METH_DEFAULT, NULL},
    {"process_time_ns", time_process_time_ns, METH_DEFAULT, NULL},
    {"sleep", time_sleep, METH_DEFAULT, NULL},
    {"time", time_time, METH_DEFAULT, NULL},
    {"time_ns", time_time_ns, METH_DEFAULT, NULL},
    {NULL, NULL, 0, NULL},
};

PhObject *time_module_create(PhState *S)
{
    PhObject *mod = module_new(S, "time");
    if (!mod) return NULL;
    if (module_add_functions(S, mod, time_functions) < 0) {
        DECREF(S, mod);
        return NULL;
    }
    return mod;
}
