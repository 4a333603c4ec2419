/* Creating and destroying an interpreter state. */
#include "state.h"

#include "init.h"
#include "objects/exceptions.h"

#include <stdlib.h>
#include <string.h>

_Static_assert(offsetof(PhState, mem) == 0, "PhMem must begin PhState (mem_of)");

static int env_flag(const char *name)
{
    const char *v = getenv(name);
    return v && *v && strcmp(v, "0") != 0;
}

void ph_config_from_env(PhConfig *cfg)
{
    memset(cfg, 0, sizeof *cfg);
    cfg->gc_stress = env_flag("PYHEAP_GC_STRESS");
    cfg->malloc_debug = env_flag("PYHEAP_MALLOC_DEBUG");
}

/* A builtin type is an object whose type is `type`; it lives in the state,
 * not in the heap, like CPython's static types. */
static void init_type(PhState *S, PhType *t, const PhType *template)
{
    *t = *template;
    t->ob.ob.refcnt = OBJ_STATIC_REFCNT;
    t->ob.ob.type = &S->types.type;
    t->flags |= TPFLAG_STATIC_TYPE;
}

static void init_types(PhState *S)
{
#define INIT_TYPE(field, tmpl) init_type(S, &S->types.field, &tmpl##_type_template);
    PH_BUILTIN_TYPES(INIT_TYPE)
#undef INIT_TYPE
}

static void init_static_object(PhObject *o, PhType *t)
{
    o->refcnt = OBJ_STATIC_REFCNT;
    o->type = t;
}

/* None, NotImplemented, Ellipsis, True and False live in the state. */
static void init_singletons(PhState *S)
{
    init_static_object(&S->none, &S->types.none);
    init_static_object(&S->notimpl, &S->types.notimpl);
    init_static_object(&S->ellipsis, &S->types.ellipsis);
    init_static_object(&S->true_.ob.ob, &S->types.bool_);
    S->true_.ob.size = 1;
    S->true_.digits[0] = 1;
    init_static_object(&S->false_.ob.ob, &S->types.bool_);
    S->false_.ob.size = 0;
    S->false_.digits[0] = 0;
}

PhState *ph_state_new(const PhConfig *cfg)
{
    PhState *S = calloc(1, sizeof *S);
    if (!S) return NULL;
    if (cfg) S->config = *cfg;
    else ph_config_from_env(&S->config);

    HeapConfig heap_cfg = {.debug = S->config.malloc_debug != 0};
    if (mem_init(S, &heap_cfg) < 0) {
        free(S);
        return NULL;
    }
    S->mem.gc.stress = S->config.gc_stress;
    S->recursion_limit = 1000;
    init_types(S);
    init_singletons(S);
    if (int_cache_init(S) < 0 || str_init(S) < 0 || containers_init(S) < 0 ||
        numbers_init(S) < 0 || text_init(S) < 0 || exceptions_init(S) < 0 ||
        runtime_init(S) < 0 || vm_init(S) < 0 || modules_init(S) < 0) {
        ph_state_free(S);
        return NULL;
    }
    return S;
}

size_t ph_state_free(PhState *S)
{
    if (!S) return 0;
    /* Modules go first: clearing their dicts frees the program's objects;
     * a final collection frees the cycles among them. */
    modules_fini(S);
    gc_collect_nofail(S);
    vm_fini(S);
    runtime_fini(S);
    exceptions_fini(S);
    text_fini(S);
    numbers_fini(S);
    containers_fini(S);
    gc_collect_nofail(S);
    str_fini(S);
    int_cache_fini(S);
    size_t leaked = mem_fini(S);
    free(S);
    return leaked;
}

void ph_print_heap_stats(PhState *S, FILE *out) { heap_print_stats(S->mem.heap, out); }
