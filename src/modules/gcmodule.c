/* The gc module: Python's view of the collector in src/mem/gc.c.
 *
 * gc.garbage and gc.callbacks are the lists S->gc_garbage and
 * S->gc_callbacks; the collector reaches them through the hooks installed by
 * modules_init (src/vm/import.c), so automatic collections run the callbacks
 * too. get_referents and get_referrers use the same traverse functions the
 * collector uses.
 */
#include "modules.h"

#include "objects/abstract.h"
#include "objects/dict.h"
#include "objects/int.h"
#include "objects/list.h"
#include "objects/module.h"
#include "objects/str.h"
#include "objects/tuple.h"
#include "vm/builtins.h"
#include "vm/errors.h"
#include "vm/state.h"

static GcState *gcs(PhState *S) { return &mem_of(S)->gc; }

static PhObject *gc_enable(PhState *S, PhObject *self, PhObject *const *args, size_t nargs,
                           PhObject *kwnames)
{
    if (rt_no_args(S, "gc.enable", nargs, kwnames) < 0) return NULL;
    gcs(S)->enabled = 1;
    return ph_none(S);
}

static PhObject *gc_disable(PhState *S, PhObject *self, PhObject *const *args, size_t nargs,
                            PhObject *kwnames)
{
    if (rt_no_args(S, "gc.disable", nargs, kwnames) < 0) return NULL;
    gcs(S)->enabled = 0;
    return ph_none(S);
}

static PhObject *gc_isenabled(PhState *S, PhObject *self, PhObject *const *args, size_t nargs,
                              PhObject *kwnames)
{
    if (rt_no_args(S, "gc.isenabled", nargs, kwnames) < 0) return NULL;
    return ph_bool(S, gcs(S)->enabled);
}

/* collect(generation=2): collected + uncollectable; 0 if a collection is
 * already running (a __del__ or callback calling gc.collect()). */
static PhObject *gc_collect_fn(PhState *S, PhObject *self, PhObject *const *args, size_t nargs,
                               PhObject *kwnames)
{
    static const char *const names[] = {"generation"};
    static const ArgSpec spec = {"collect", names, 1, 0, 1, 0};
    PhObject *a[1];
    if (args_bind(S, &spec, args, nargs, kwnames, a) < 0) return NULL;
    int gen = GC_NUM_GENERATIONS - 1;
    if (a[0] && rt_as_int(S, a[0], &gen) < 0) return NULL;
    if (gen < 0 || gen >= GC_NUM_GENERATIONS)
        return err_format(S, &S->exc.ValueError, "invalid generation");
    ssize_t n = gc_collect(S, gen);
    return int_from_i64(S, n < 0 ? 0 : n);
}

static PhObject *int_triple(PhState *S, int64_t a, int64_t b, int64_t c)
{
    PhObject *x = int_from_i64(S, a), *y = int_from_i64(S, b), *z = int_from_i64(S, c);
    PhObject *t = x && y && z ? tuple_pack(S, 3, x, y, z) : NULL;
    XDECREF(S, x);
    XDECREF(S, y);
    XDECREF(S, z);
    return t;
}

static PhObject *gc_get_count(PhState *S, PhObject *self, PhObject *const *args, size_t nargs,
                              PhObject *kwnames)
{
    if (rt_no_args(S, "gc.get_count", nargs, kwnames) < 0) return NULL;
    GcGeneration *g = gcs(S)->gens;
    return int_triple(S, g[0].count, g[1].count, g[2].count);
}

static PhObject *gc_get_threshold(PhState *S, PhObject *self, PhObject *const *args,
                                  size_t nargs, PhObject *kwnames)
{
    if (rt_no_args(S, "gc.get_threshold", nargs, kwnames) < 0) return NULL;
    GcGeneration *g = gcs(S)->gens;
    return int_triple(S, g[0].threshold, g[1].threshold, g[2].threshold);
}

/* set_threshold(threshold0[, threshold1[, threshold2]]) */
static PhObject *gc_set_threshold(PhState *S, PhObject *self, PhObject *const *args,
                                  size_t nargs, PhObject *kwnames)
{
    if (rt_no_kwargs(S, "set_threshold", kwnames) < 0) return NULL;
    if (nargs < 1 || nargs > 3)
        return err_format(S, &S->exc.TypeError, "set_threshold() takes at %s (%zu given)",
                          nargs < 1 ? "least 1 argument" : "most 3 arguments", nargs);
    int t[3];
    for (size_t i = 0; i < nargs; i++)
        if (rt_as_int(S, args[i], &t[i]) < 0) return NULL;
    for (size_t i = 0; i < nargs; i++) gcs(S)->gens[i].threshold = t[i];
    return ph_none(S);
}

static PhObject *gc_get_debug(PhState *S, PhObject *self, PhObject *const *args, size_t nargs,
                              PhObject *kwnames)
{
    if (rt_no_args(S, "gc.get_debug", nargs, kwnames) < 0) return NULL;
    return int_from_i64(S, gcs(S)->debug);
}

static PhObject *gc_set_debug(PhState *S, PhObject *self, PhObject *const *args, size_t nargs,
                              PhObject *kwnames)
{
    if (rt_one_arg(S, "gc.set_debug", nargs, kwnames) < 0) return NULL;
    int flags;
    if (rt_as_int(S, args[0], &flags) < 0) return NULL;
    gcs(S)->debug = flags;
    return ph_none(S);
}

static int append_object(PhObject *o, void *ctx)
{
    void **c = ctx;
    if (o == c[1]) return 0; /* the result list itself is not listed */
    return list_append((PhState *)c[0], (PhObject *)c[1], o) < 0 ? -1 : 0;
}

/* get_objects(generation=None) */
static PhObject *gc_get_objects(PhState *S, PhObject *self, PhObject *const *args, size_t nargs,
                                PhObject *kwnames)
{
    static const char *const names[] = {"generation"};
    static const ArgSpec spec = {"get_objects", names, 1, 0, 1, 0};
    PhObject *a[1];
    if (args_bind(S, &spec, args, nargs, kwnames, a) < 0) return NULL;
    ssize_t gen = -1;
    if (a[0] && a[0] != PH_NONE(S)) {
        PhObject *g = a[0];
        if (!int_check(g) && !(g->type->as_number && g->type->as_number->index))
            return err_format(S, &S->exc.TypeError, "argument should be integer or None, not '%s'",
                              g->type->name);
        gen = num_as_ssize(S, g, false);
        if (gen == -1 && err_occurred(S)) return NULL;
    }
    if (gen >= GC_NUM_GENERATIONS)
        return err_format(S, &S->exc.ValueError,
                          "generation parameter must be less than the number of available "
                          "generations (%d)",
                          GC_NUM_GENERATIONS);
    if (gen < -1)
        return err_format(S, &S->exc.ValueError, "generation parameter cannot be negative");
    PhObject *list = list_new(S, 0);
    if (!list) return NULL;
    void *ctx[2] = {S, list};
    if (gc_for_each(S, (int)gen, append_object, ctx) != 0) {
        DECREF(S, list);
        return NULL;
    }
    return list;
}

static PhObject *gc_get_stats(PhState *S, PhObject *self, PhObject *const *args, size_t nargs,
                              PhObject *kwnames)
{
    if (rt_no_args(S, "gc.get_stats", nargs, kwnames) < 0) return NULL;
    /* Read the counters first: building the dicts may trigger a collection. */
    GcGenStats st[GC_NUM_GENERATIONS];
    for (int i = 0; i < GC_NUM_GENERATIONS; i++) st[i] = gcs(S)->stats[i];
    PhObject *list = list_new(S, 0);
    if (!list) return NULL;
    for (int i = 0; i < GC_NUM_GENERATIONS; i++) {
        PhObject *d = dict_new(S);
        const char *keys[3] = {"collections", "collected", "uncollectable"};
        uint64_t vals[3] = {st[i].collections, st[i].collected, st[i].uncollectable};
        int rc = d ? 0 : -1;
        for (int k = 0; k < 3 && rc == 0; k++) {
            PhObject *v = int_from_u64(S, vals[k]);
            rc = v ? dict_setitem_str(S, d, keys[k], v) : -1;
            XDECREF(S, v);
        }
        if (rc == 0) rc = list_append(S, list, d);
        XDECREF(S, d);
        if (rc < 0) {
            DECREF(S, list);
            return NULL;
        }
    }
    return list;
}

static PhObject *gc_is_tracked_fn(PhState *S, PhObject *self, PhObject *const *args,
                                  size_t nargs, PhObject *kwnames)
{
    if (rt_one_arg(S, "gc.is_tracked", nargs, kwnames) < 0) return NULL;
    PhObject *o = args[0];
    return ph_bool(S, obj_is_gc(o) && gc_is_tracked(o));
}

static PhObject *gc_is_finalized_fn(PhState *S, PhObject *self, PhObject *const *args,
                                    size_t nargs, PhObject *kwnames)
{
    if (rt_one_arg(S, "gc.is_finalized", nargs, kwnames) < 0) return NULL;
    PhObject *o = args[0];
    return ph_bool(S, obj_is_gc(o) && gc_is_finalized(o));
}

/* ---- referents and referrers ---- */

static int visit_append(PhObject *child, void *arg)
{
    void **c = arg;
    return list_append((PhState *)c[0], (PhObject *)c[1], child) < 0 ? -1 : 0;
}

/* get_referents(*objs): what each argument's traverse visits (only GC
 * objects have a traverse, as in CPython). */
static PhObject *gc_get_referents(PhState *S, PhObject *self, PhObject *const *args,
                                  size_t nargs, PhObject *kwnames)
{
    if (rt_no_kwargs(S, "gc.get_referents", kwnames) < 0) return NULL;
    PhObject *list = list_new(S, 0);
    if (!list) return NULL;
    void *ctx[2] = {S, list};
    for (size_t i = 0; i < nargs; i++) {
        PhObject *o = args[i];
        if (!obj_is_gc(o) || !o->type->traverse) continue;
        if (o->type->traverse(o, visit_append, ctx) != 0) {
            DECREF(S, list);
            return NULL;
        }
    }
    return list;
}

typedef struct ReferrerSearch {
    PhState *S;
    PhObject *const *targets;
    size_t ntargets;
    PhObject *result; /* list */
    PhObject *current;/* the object being traversed */
    int error;
} ReferrerSearch;

static int visit_find(PhObject *child, void *arg)
{
    ReferrerSearch *rs = arg;
    for (size_t i = 0; i < rs->ntargets; i++) {
        if (child != rs->targets[i]) continue;
        if (list_append(rs->S, rs->result, rs->current) < 0) {
            rs->error = 1;
            return -1;
        }
        return 1; /* listed once: stop traversing this object */
    }
    return 0;
}

static int search_referrers(PhObject *o, void *arg)
{
    ReferrerSearch *rs = arg;
    if (o == rs->result || !o->type->traverse) return 0;
    rs->current = o;
    (void)o->type->traverse(o, visit_find, rs);
    return rs->error ? -1 : 0;
}

/* get_referrers(*objs): every tracked object whose traverse visits one of
 * the arguments. */
static PhObject *gc_get_referrers(PhState *S, PhObject *self, PhObject *const *args,
                                  size_t nargs, PhObject *kwnames)
{
    if (rt_no_kwargs(S, "gc.get_referrers", kwnames) < 0) return NULL;
    ReferrerSearch rs = {S, args, nargs, list_new(S, 0), NULL, 0};
    if (!rs.result) return NULL;
    if (nargs && gc_for_each(S, -1, search_referrers, &rs) != 0) {
        DECREF(S, rs.result);
        return NULL;
    }
    return rs.result;
}

static PhObject *gc_freeze_fn(PhState *S, PhObject *self, PhObject *const *args, size_t nargs,
                              PhObject *kwnames)
{
    if (rt_no_args(S, "gc.freeze", nargs, kwnames) < 0) return NULL;
    gc_freeze(S);
    return ph_none(S);
}

static PhObject *gc_unfreeze_fn(PhState *S, PhObject *self, PhObject *const *args, size_t nargs,
                                PhObject *kwnames)
{
    if (rt_no_args(S, "gc.unfreeze", nargs, kwnames) < 0) return NULL;
    gc_unfreeze(S);
    return ph_none(S);
}

static PhObject *gc_get_freeze_count(PhState *S, PhObject *self, PhObject *const *args,
                                     size_t nargs, PhObject *kwnames)
{
    if (rt_no_args(S, "gc.get_freeze_count", nargs, kwnames) < 0) return NULL;
    return int_from_i64(S, gc_freeze_count(S));
}

static const PhMethodDef gc_functions[] = {
    {"collect", gc_collect_fn, METH_DEFAULT, NULL},
    {"disable", gc_disable, METH_DEFAULT, NULL},
    {"enable", gc_enable, METH_DEFAULT, NULL},
    {"freeze", gc_freeze_fn, METH_DEFAULT, NULL},
    {"get_count", gc_get_count, METH_DEFAULT, NULL},
    {"get_debug", gc_get_debug, METH_DEFAULT, NULL},
    {"get_freeze_count", gc_get_freeze_count, METH_DEFAULT, NULL},
    {"get_objects", gc_get_objects, METH_DEFAULT, NULL},
    {"get_referents", gc_get_referents, METH_DEFAULT, NULL},
    {"get_referrers", gc_get_referrers, METH_DEFAULT, NULL},
    {"get_stats", gc_get_stats, METH_DEFAULT, NULL},
    {"get_threshold", gc_get_threshold, METH_DEFAULT, NULL},
    {"is_finalized", gc_is_finalized_fn, METH_DEFAULT, NULL},
    {"is_tracked", gc_is_tracked_fn, METH_DEFAULT, NULL},
    {"isenabled", gc_isenabled, METH_DEFAULT, NULL},
    {"set_debug", gc_set_debug, METH_DEFAULT, NULL},
    {"set_threshold", gc_set_threshold, METH_DEFAULT, NULL},
    {"unfreeze", gc_unfreeze_fn, METH_DEFAULT, NULL},
    {NULL, NULL, 0, NULL},
};

static int add_int(PhState *S, PhObject *mod, const char *name, int64_t v)
{
    PhObject *o = int_from_i64(S, v);
    if (!o) return -1;
    int rc = module_add_object(S, mod, name, o);
    DECREF(S, o);
    return rc;
}

PhObject *gc_module_create(PhState *S)
{
    PhObject *mod = module_new(S, "gc");
    if (!mod) return NULL;
    if (module_add_functions(S, mod, gc_functions) < 0 ||
        module_add_object(S, mod, "garbage", S->gc_garbage) < 0 ||
        module_add_object(S, mod, "callbacks", S->gc_callbacks) < 0 ||
        add_int(S, mod, "DEBUG_STATS", GC_DEBUG_STATS) < 0 ||
        add_int(S, mod, "DEBUG_COLLECTABLE", GC_DEBUG_COLLECTABLE) < 0 ||
        add_int(S, mod, "DEBUG_UNCOLLECTABLE", GC_DEBUG_UNCOLLECTABLE) < 0 ||
        add_int(S, mod, "DEBUG_SAVEALL", GC_DEBUG_SAVEALL) < 0 ||
        add_int(S, mod, "DEBUG_LEAK", GC_DEBUG_LEAK) < 0) {
        DECREF(S, mod);
        return NULL;
    }
    return mod;
}
