/* The pyheap module: questions about memory that only pyheap can answer
 * (CPython has no such module).
 *
 *   why_alive(obj)  -> list of str: a chain of references from a root (a
 *                      frame's variable, a module global, a cache) to obj,
 *                      one hop per string, [] when there is none
 *   refcount(obj)   -> int: obj's reference count, without the reference the
 *                      call itself holds (sys.getrefcount(obj) - 1)
 *   generation(obj) -> int: the collector generation (0, 1, 2; 3 = frozen),
 *                      or -1 when the collector does not track obj
 *   block(obj)      -> (bytes, size_class): the heap block holding obj;
 *                      size_class -1 for blocks over 512 bytes (system
 *                      allocator), -2 for static objects outside the heap
 *   cache(obj)      -> str or None: which shared cache obj comes from
 *                      ('small int', 'interned string', ...)
 *   short_id(obj)   -> int or None: the #id the views use (None when no
 *                      --trace/--html/--events view is on)
 */
#include "modules.h"

#include "inspect/recorder.h"
#include "objects/int.h"
#include "objects/list.h"
#include "objects/module.h"
#include "objects/str.h"
#include "objects/tuple.h"
#include "vm/errors.h"
#include "vm/state.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static PhObject *one_arg(PhState *S, const char *name, PhObject *const *args, size_t nargs,
                         PhObject *kwnames)
{
    if (kwnames && TUPLE_LEN(kwnames) > 0)
        return err_format(S, &S->exc.TypeError, "%s() takes no keyword arguments", name);
    if (nargs != 1)
        return err_format(S, &S->exc.TypeError, "%s() takes exactly one argument (%zu given)", name,
                          nargs);
    return args[0];
}

static bool is_static(PhState *S, const PhObject *o)
{
    return (const char *)o >= (const char *)S && (const char *)o < (const char *)(S + 1);
}

static PhObject *ph_why_alive(PhState *S, PhObject *callable, PhObject *const *args, size_t nargs,
                              PhObject *kwnames)
{
    PhObject *o = one_arg(S, "why_alive", args, nargs, kwnames);
    if (!o) return NULL;
    enum { CAP = 256 };
    PathHop *hops = malloc(CAP * sizeof *hops);
    if (!hops) return err_no_memory(S);
    int n = whyalive_path(S, o, hops, CAP);
    if (n < 0) {
        free(hops);
        return err_no_memory(S);
    }
    PhObject *list = list_new(S, 0);
    for (int i = 0; list && i < n; i++) {
        /* "<hop> -> <type of what it reaches>" */
        PhObject *reached = i + 1 < n ? hops[i + 1].from : o;
        char line[400];
        snprintf(line, sizeof line, "%s -> %s", hops[i].text, describe_type_name(S, reached));
        PhObject *s = str_from_utf8(S, line, strlen(line));
        if (!s || list_append(S, list, s) < 0) {
            XDECREF(S, s);
            CLEAR(S, list);
            break;
        }
        DECREF(S, s);
    }
    free(hops);
    return list;
}

static PhObject *ph_refcount(PhState *S, PhObject *callable, PhObject *const *args, size_t nargs,
                             PhObject *kwnames)
{
    PhObject *o = one_arg(S, "refcount", args, nargs, kwnames);
    if (!o) return NULL;
    return int_from_i64(S, (int64_t)o->refcnt - 1);
}

static PhObject *ph_generation(PhState *S, PhObject *callable, PhObject *const *args, size_t nargs,
                               PhObject *kwnames)
{
    PhObject *o = one_arg(S, "generation", args, nargs, kwnames);
    if (!o) return NULL;
    int g = obj_is_gc(o) && !is_static(S, o) ? gc_generation_of(S, o) : -1;
    return int_from_i64(S, g);
}

static PhObject *ph_block(PhState *S, PhObject *callable, PhObject *const *args, size_t nargs,
                          PhObject *kwnames)
{
    PhObject *o = one_arg(S, "block", args, nargs, kwnames);
    if (!o) return NULL;
    int64_t size = 0, cls = -2;
    if (!is_static(S, o)) {
        Heap *h = mem_of(S)->heap;
        void *block = (char *)o - type_preheader_size(o->type);
        size = (int64_t)heap_usable_size(h, block);
        cls = heap_owns(h, block) ? (size - 1) >> HEAP_ALIGNMENT_SHIFT : -1;
    }
    PhObject *a = int_from_i64(S, size), *b = int_from_i64(S, cls);
    PhObject *t = a && b ? tuple_pack(S, 2, a, b) : NULL;
    XDECREF(S, a);
    XDECREF(S, b);
    return t;
}

static PhObject *ph_cache(PhState *S, PhObject *callable, PhObject *const *args, size_t nargs,
                          PhObject *kwnames)
{
    PhObject *o = one_arg(S, "cache", args, nargs, kwnames);
    if (!o) return NULL;
    const char *what = NULL;
    if (describe_is_small_int(S, o)) what = "small int";
    else if (o == S->empty_str || o == S->empty_tuple || o == S->empty_bytes) what = "empty singleton";
    else if (o->type == &S->types.str && str_len(o) == 1 && str_char_at(o, 0) < 256 &&
             S->latin1[str_char_at(o, 0)] == o)
        what = "one-character string";
    else if (describe_is_interned(S, o)) what = "interned string";
    else if (is_static(S, o)) what = "static object";
    if (!what) return ph_none(S);
    return str_from_utf8(S, what, strlen(what));
}

static PhObject *ph_short_id(PhState *S, PhObject *callable, PhObject *const *args, size_t nargs,
                             PhObject *kwnames)
{
    PhObject *o = one_arg(S, "short_id", args, nargs, kwnames);
    if (!o) return NULL;
    Recorder *R = recorder_of(S);
    if (!R) return ph_none(S);
    return int_from_i64(S, rec_id_of(R, o));
}

static const PhMethodDef pyheap_functions[] = {
    {"why_alive", ph_why_alive, METH_DEFAULT,
     "why_alive(obj) -> list of str: a chain of references from a root to obj"},
    {"refcount", ph_refcount, METH_DEFAULT,
     "refcount(obj) -> int: references to obj, not counting this call's"},
    {"generation", ph_generation, METH_DEFAULT,
     "generation(obj) -> int: collector generation, -1 if untracked"},
    {"block", ph_block, METH_DEFAULT, "block(obj) -> (bytes, size_class) of obj's heap block"},
    {"cache", ph_cache, METH_DEFAULT, "cache(obj) -> name of the shared cache obj is in, or None"},
    {"short_id", ph_short_id, METH_DEFAULT, "short_id(obj) -> the views' #id of obj, or None"},
    {NULL, NULL, 0, NULL},
};

PhObject *pyheap_module_create(PhState *S)
{
    PhObject *mod = module_new(S, "pyheap");
    if (!mod) return NULL;
    PhObject *model = str_from_cstr(S, "CPython 3.11");
    if (!model || module_add_functions(S, mod, pyheap_functions) < 0 ||
        module_add_object(S, mod, "model", model) < 0) {
        XDECREF(S, model);
        DECREF(S, mod);
        return NULL;
    }
    DECREF(S, model);
    return mod;
}
