/* The module table: start-up (modules_init), the import statement
 * (vm_import) and shut-down (modules_fini).
 *
 * Modules come from two places: the built-in ones (builtins, sys, gc, math,
 * time; made by their *_module_create constructors the first time they are
 * imported) and .py files found along sys.path (sys.path[0] is the script's
 * directory). Every imported module is cached in sys.modules.
 *
 * Shut-down follows CPython 3.11's finalize_modules, so that __del__ methods
 * of objects still alive at exit run in CPython's order:
 *   1. sys.argv, sys.path, ... become None; sys.stdout etc. get their
 *      originals back;
 *   2. every entry of sys.modules is set to None, in insertion order: a
 *      module nothing else holds (usually __main__) is freed right then;
 *   3. sys.modules is emptied, builtins gets back the contents start-up gave
 *      it, and a full collection runs: the cycles between a module's
 *      functions and its dict are collected here;
 *   4. the modules still alive, newest first, have their dicts wiped
 *      (names with one leading underscore first, then the rest);
 *   5. the sys and builtins dicts are wiped the same way.
 * The state's final collections (ph_state_free) free whatever is left.
 */
#include "builtins.h"

#include "compiler/compile.h"
#include "modules/modules.h"
#include "objects/abstract.h"
#include "objects/dict.h"
#include "objects/exceptions.h"
#include "objects/int.h"
#include "objects/list.h"
#include "objects/module.h"
#include "objects/str.h"
#include "objects/textio.h"
#include "objects/tuple.h"
#include "vm/errors.h"
#include "vm/eval.h"
#include "vm/init.h"
#include "vm/state.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

/* ==== built-in modules ========================================================= */

typedef struct BuiltinModule {
    const char *name;
    PhObject *(*create)(PhState *S); /* NULL: made at start-up (builtins, sys) */
} BuiltinModule;

/* Sorted by name: sys.builtin_module_names lists them in this order. */
static const BuiltinModule builtin_modules[] = {
    {"builtins", NULL},
    {"gc", gc_module_create},
    {"math", math_module_create},
    {"operator", operator_module_create},
    {"pyheap", pyheap_module_create},
    {"sys", NULL},
    {"time", time_module_create},
};
#define N_BUILTIN_MODULES (sizeof builtin_modules / sizeof builtin_modules[0])

/* sys.builtin_module_names */
PhObject *rt_builtin_module_names(PhState *S)
{
    PhObject *t = tuple_new(S, (ssize_t)N_BUILTIN_MODULES);
    if (!t) return NULL;
    for (size_t i = 0; i < N_BUILTIN_MODULES; i++) {
        PhObject *s = str_from_cstr(S, builtin_modules[i].name);
        if (!s) {
            DECREF(S, t);
            return NULL;
        }
        TUPLE_SET(t, (ssize_t)i, s);
    }
    return t;
}

static PhObject *create_builtin(PhState *S, const char *name)
{
    for (size_t i = 0; i < N_BUILTIN_MODULES; i++) {
        if (strcmp(builtin_modules[i].name, name) != 0) continue;
        if (builtin_modules[i].create) return builtin_modules[i].create(S);
        PhObject *m = strcmp(name, "sys") == 0 ? S->sys_module : RT(S)->builtins_module;
        INCREF(m);
        return m;
    }
    return NULL;
}

/* ==== modules from .py files ===================================================== */

/* Reads a whole file into heap memory; NULL with errno set when it cannot. */
static char *read_file(PhState *S, const char *path, size_t *len)
{
    FILE *fp = fopen(path, "rb");
    if (!fp) return NULL;
    size_t cap = 4096, n = 0;
    char *buf = heap_alloc(mem_of(S)->heap, cap);
    while (buf) {
        n += fread(buf + n, 1, cap - n - 1, fp);
        if (n < cap - 1) break;
        char *nb = heap_alloc(mem_of(S)->heap, cap * 2);
        if (nb) memcpy(nb, buf, n);
        heap_free(mem_of(S)->heap, buf);
        buf = nb;
        cap *= 2;
    }
    int err = ferror(fp) ? errno : 0;
    fclose(fp);
    if (!buf) {
        errno = ENOMEM;
        return NULL;
    }
    if (err) {
        heap_free(mem_of(S)->heap, buf);
        errno = err;
        return NULL;
    }
    buf[n] = '\0';
    *len = n;
    return buf;
}

/* Runs source as the body of module `mod` (whose dict gets __file__).
 * Returns 0, or -1 with the exception set. */
int rt_exec_module_source(PhState *S, PhObject *mod, const char *src, size_t len,
                          const char *filename)
{
    PhObject *code = compile_source(S, src, len, filename, COMPILE_EXEC);
    if (!code) return -1;
    PhObject *d = MODULE_DICT(mod);
    PhObject *r = eval_code(S, code, d, d);
    DECREF(S, code);
    if (!r) return -1;
    DECREF(S, r);
    return 0;
}

/* A new module with the usual attributes of a module run from source. */
PhObject *rt_new_source_module(PhState *S, const char *name, const char *filename)
{
    PhObject *mod = module_new(S, name);
    if (!mod) return NULL;
    if (strcmp(name, "__main__") == 0) { /* 3.11's __main__ always has one */
        PhObject *ann = dict_new(S);
        int rc = ann ? module_add_object(S, mod, "__annotations__", ann) : -1;
        XDECREF(S, ann);
        if (rc < 0) goto fail;
    }
    if (RT(S) && module_add_object(S, mod, "__builtins__", RT(S)->builtins_module) < 0)
        goto fail;
    if (filename) {
        PhObject *f = str_from_cstr(S, filename);
        if (!f) goto fail;
        int rc = module_add_object(S, mod, "__file__", f);
        DECREF(S, f);
        if (rc < 0 || module_add_object(S, mod, "__cached__", PH_NONE(S)) < 0) goto fail;
    }
    return mod;
fail:
    DECREF(S, mod);
    return NULL;
}

/* Looks for NAME.py along sys.path; returns its path (heap memory, caller
 * frees with heap_free) or NULL. */
static char *find_source(PhState *S, const char *name)
{
    PhObject *path = rt_sys_get(S, "path");
    if (!path || !obj_type_check(path, &S->types.list)) return NULL;
    for (ssize_t i = 0; i < LIST_LEN(path); i++) {
        PhObject *dir = LIST_GET(path, i);
        if (!(dir->type->flags & TPFLAG_UNICODE_SUBCLASS)) continue;
        size_t dlen;
        const char *d = str_as_utf8(S, dir, &dlen);
        if (!d) {
            err_clear(S);
            continue;
        }
        size_t need = dlen + strlen(name) + 5;
        char *p = heap_alloc(mem_of(S)->heap, need);
        if (!p) return NULL;
        snprintf(p, need, "%s%s%s.py", d, dlen ? "/" : "", name);
        struct stat st;
        if (stat(p, &st) == 0 && S_ISREG(st.st_mode)) return p;
        heap_free(mem_of(S)->heap, p);
    }
    return NULL;
}

/* Imports NAME.py: the module goes into sys.modules before its code runs
 * (so circular imports see it) and is taken out again if the code fails. */
static PhObject *import_source(PhState *S, PhObject *name_obj, const char *name, const char *path)
{
    size_t len;
    char *src = read_file(S, path, &len);
    if (!src) return err_set_from_errno(S, errno, NULL);
    PhObject *mod = rt_new_source_module(S, name, path);
    if (!mod || dict_setitem(S, S->modules, name_obj, mod) < 0) {
        XDECREF(S, mod);
        heap_free(mem_of(S)->heap, src);
        return NULL;
    }
    int rc = rt_exec_module_source(S, mod, src, len, path);
    heap_free(mem_of(S)->heap, src);
    if (rc < 0) {
        PhObject *exc = err_fetch(S);
        if (dict_delitem(S, S->modules, name_obj) < 0) err_clear(S);
        err_restore(S, exc);
        DECREF(S, mod);
        return NULL;
    }
    /* The module's code may have replaced its sys.modules entry. */
    PhObject *final = dict_getitem(S, S->modules, name_obj);
    if (final && final != mod) {
        INCREF(final);
        DECREF(S, mod);
        return final;
    }
    return mod;
}

static PhObject *module_not_found(PhState *S, PhObject *name, const char *fmt)
{
    PhObject *msg = str_from_format(S, fmt, name);
    if (!msg) return NULL;
    PhObject *args = tuple_pack(S, 1, msg);
    DECREF(S, msg);
    if (!args) return NULL;
    PhObject *exc = exc_create(S, &S->exc.ModuleNotFoundError, args);
    DECREF(S, args);
    if (!exc) return NULL;
    if (obj_setattr_str(S, exc, "name", name) < 0) err_clear(S);
    err_set_raised(S, exc);
    DECREF(S, exc);
    return NULL;
}

/* Imports one (undotted) module by full name: sys.modules, built-in, file. */
static PhObject *import_one(PhState *S, PhObject *name_obj)
{
    PhObject *m = dict_getitem(S, S->modules, name_obj);
    if (m) {
        if (m == PH_NONE(S))
            return err_format(S, &S->exc.ModuleNotFoundError,
                              "import of %U halted; None in sys.modules", name_obj);
        INCREF(m);
        return m;
    }
    if (err_occurred(S)) return NULL;
    const char *name = str_as_utf8(S, name_obj, NULL);
    if (!name) return NULL;
    m = create_builtin(S, name);
    if (m) {
        if (dict_setitem(S, S->modules, name_obj, m) < 0) {
            DECREF(S, m);
            return NULL;
        }
        return m;
    }
    if (err_occurred(S)) return NULL;
    char *path = find_source(S, name);
    if (!path) {
        if (err_occurred(S)) return NULL;
        return module_not_found(S, name_obj, "No module named %R");
    }
    m = import_source(S, name_obj, name, path);
    heap_free(mem_of(S)->heap, path);
    return m;
}

PhObject *vm_import(PhState *S, PhObject *name, PhObject *fromlist, int level)
{
    if (!S->modules) /* after modules_fini: __del__ methods running at exit */
        return err_format(S, &S->exc.ImportError,
                          "sys.meta_path is None, Python is likely shutting down");
    if (level > 0)
        return err_format(S, &S->exc.ImportError,
                          "attempted relative import with no known parent package");
    ssize_t n = str_len(name), dot = -1;
    for (ssize_t i = 0; i < n && dot < 0; i++)
        if (str_char_at(name, i) == '.') dot = i;
    if (dot < 0) return import_one(S, name);
    /* Dotted names: pyheap has no packages, so only an entry already in
     * sys.modules can satisfy one. */
    PhObject *m = dict_getitem(S, S->modules, name);
    if (m) {
        INCREF(m);
        return m;
    }
    PhObject *head = str_substring(S, name, 0, dot);
    if (!head) return NULL;
    PhObject *top = import_one(S, head);
    if (!top) {
        DECREF(S, head);
        return NULL;
    }
    DECREF(S, top);
    PhObject *msg = str_from_format(S, "No module named %R; %R is not a package", name, head);
    DECREF(S, head);
    if (!msg) return NULL;
    err_set_object(S, &S->exc.ModuleNotFoundError, msg);
    DECREF(S, msg);
    return NULL;
}

/* ==== the collector's hooks =========================================================== */

/* gc.garbage: legacy-finalizer objects and, under DEBUG_SAVEALL, all garbage. */
static int save_garbage(PhState *S, PhObject *o)
{
    if (!S->gc_garbage) return -1;
    if (list_append(S, S->gc_garbage, o) == 0) return 0;
    err_clear(S);
    return -1;
}

static PhObject *gc_info_dict(PhState *S, const GcResult *r)
{
    PhObject *d = dict_new(S);
    if (!d) return NULL;
    const char *keys[3] = {"generation", "collected", "uncollectable"};
    int64_t vals[3] = {r->generation, r->collected, r->uncollectable};
    for (int i = 0; i < 3; i++) {
        PhObject *v = int_from_i64(S, vals[i]);
        if (!v || dict_setitem_str(S, d, keys[i], v) < 0) {
            XDECREF(S, v);
            DECREF(S, d);
            return NULL;
        }
        DECREF(S, v);
    }
    return d;
}

/* Calls every function in gc.callbacks with (phase, info). Errors are
 * reported as unraisable; an exception being raised when the collection
 * started is kept. */
static void run_gc_callbacks(PhState *S, int stop, const GcResult *r, void *ctx)
{
    PhObject *cbs = S->gc_callbacks;
    if (!cbs || LIST_LEN(cbs) == 0) return;
    PhObject *saved = err_fetch(S);
    INCREF(cbs);
    PhObject *phase = str_from_cstr(S, stop ? "stop" : "start");
    PhObject *info = phase ? gc_info_dict(S, r) : NULL;
    if (!info) {
        err_write_unraisable(S, NULL);
    } else {
        for (ssize_t i = 0; i < LIST_LEN(cbs); i++) {
            PhObject *cb = LIST_GET(cbs, i);
            INCREF(cb);
            PhObject *argv[2] = {phase, info};
            PhObject *res = obj_call(S, cb, argv, 2, NULL);
            if (res) DECREF(S, res);
            else err_write_unraisable(S, cb);
            DECREF(S, cb);
        }
    }
    XDECREF(S, phase);
    XDECREF(S, info);
    DECREF(S, cbs);
    if (saved) err_restore(S, saved);
}

/* ==== start-up ===================================================================== */

static PhObject *std_stream(PhState *S, FILE *fp, const char *name, const char *mode)
{
    PhObject *n = str_from_cstr(S, name);
    if (!n) return NULL;
    PhObject *t = textio_new(S, fp, n, mode, 0);
    DECREF(S, n);
    return t;
}

static int init_streams(PhState *S)
{
    S->stdin_obj = std_stream(S, stdin, "<stdin>", "r");
    S->stdout_obj = std_stream(S, stdout, "<stdout>", "w");
    S->stderr_obj = std_stream(S, stderr, "<stderr>", "w");
    return S->stdin_obj && S->stdout_obj && S->stderr_obj ? 0 : -1;
}

int modules_init(PhState *S)
{
    S->rt = heap_alloc(mem_of(S)->heap, sizeof(PhRuntimeExt));
    if (!S->rt) return -1;
    memset(S->rt, 0, sizeof(PhRuntimeExt));
    S->modules = dict_new(S);
    S->gc_garbage = list_new(S, 0);
    S->gc_callbacks = list_new(S, 0);
    S->argv = list_new(S, 0);
    if (!S->modules || !S->gc_garbage || !S->gc_callbacks || !S->argv) goto fail;
    PhObject *empty = str_from_cstr(S, "");
    if (!empty || list_append(S, S->argv, empty) < 0) {
        XDECREF(S, empty);
        goto fail;
    }
    DECREF(S, empty);
    if (init_streams(S) < 0) goto fail;
    RT(S)->builtins_module = builtins_module_create(S);
    if (!RT(S)->builtins_module) goto fail;
    S->builtins = MODULE_DICT(RT(S)->builtins_module);
    INCREF(S->builtins);
    S->sys_module = sys_module_create(S);
    if (!S->sys_module) goto fail;
    if (dict_setitem_str(S, S->modules, "builtins", RT(S)->builtins_module) < 0 ||
        dict_setitem_str(S, S->modules, "sys", S->sys_module) < 0)
        goto fail;
    RT(S)->builtins_copy = dict_copy(S, S->builtins);
    if (!RT(S)->builtins_copy) goto fail;
    GcState *G = &mem_of(S)->gc;
    G->save_garbage = save_garbage;
    G->callback = run_gc_callbacks;
    G->callback_ctx = NULL;
    return 0;
fail:
    if (err_occurred(S)) err_clear(S);
    return -1; /* ph_state_new calls ph_state_free, which runs modules_fini */
}

/* ==== shut-down ====================================================================== */

/* CPython's _PyModule_ClearDict: names with a single leading underscore
 * become None first, then every other name but __builtins__. Values are
 * replaced, not deleted, so the dict keeps its layout while destructors run. */
static void clear_module_dict(PhState *S, PhObject *d)
{
    if (!d || !obj_type_check(d, &S->types.dict)) return;
    for (int pass = 0; pass < 2; pass++) {
        ssize_t pos = 0;
        PhObject *k, *v;
        while (dict_next(d, &pos, &k, &v)) {
            if (v == PH_NONE(S) || !(k->type->flags & TPFLAG_UNICODE_SUBCLASS)) continue;
            ssize_t n = str_len(k);
            bool single_underscore =
                n >= 1 && str_char_at(k, 0) == '_' && (n < 2 || str_char_at(k, 1) != '_');
            if (pass == 0 && !single_underscore) continue;
            if (pass == 1 && str_eq_cstr(k, "__builtins__")) continue;
            INCREF(k); /* the store below may free the old key's owner */
            if (dict_setitem(S, d, k, PH_NONE(S)) < 0) err_write_unraisable(S, NULL);
            DECREF(S, k);
        }
    }
}

/* Step 1: values where user objects hide and that should go early. */
static void delete_special(PhState *S)
{
    static const char *const sys_deletes[] = {"path",      "argv",           "ps1",
                                              "ps2",       "last_type",      "last_value",
                                              "last_traceback", "__interactivehook__"};
    if (S->builtins && dict_getitem_str(S, S->builtins, "_")) {
        if (dict_setitem_str(S, S->builtins, "_", PH_NONE(S)) < 0) err_clear(S);
    }
    for (size_t i = 0; i < sizeof sys_deletes / sizeof sys_deletes[0]; i++)
        if (rt_sys_get(S, sys_deletes[i]) && rt_sys_set(S, sys_deletes[i], PH_NONE(S)) < 0)
            err_clear(S);
    static const char *const files[][2] = {
        {"stdin", "__stdin__"}, {"stdout", "__stdout__"}, {"stderr", "__stderr__"}};
    for (int i = 0; i < 3; i++) {
        PhObject *orig = rt_sys_get(S, files[i][1]);
        if (orig && rt_sys_set(S, files[i][0], orig) < 0) err_clear(S);
    }
    if (err_occurred(S)) err_clear(S);
}

/* Step 2: every sys.modules entry becomes None. Modules someone else
 * still holds are kept (CPython keeps weak references to all of them and
 * looks later which survived); the others die now, as in CPython. */
static PhObject *remove_modules(PhState *S)
{
    PhObject *kept = list_new(S, 0);
    if (!kept) err_clear(S);
    PhObject *keys = dict_keys_list(S, S->modules);
    if (!keys) {
        err_clear(S);
        return kept;
    }
    for (ssize_t i = 0; i < LIST_LEN(keys); i++) {
        PhObject *name = LIST_GET(keys, i);
        PhObject *mod = dict_getitem(S, S->modules, name);
        if (!mod || mod == PH_NONE(S)) continue;
        if (kept && mod->refcnt > 1 && list_append(S, kept, mod) < 0) err_clear(S);
        if (dict_setitem(S, S->modules, name, PH_NONE(S)) < 0) err_write_unraisable(S, NULL);
    }
    DECREF(S, keys);
    return kept;
}

/* Step 3: names the program added to builtins go (their objects die while
 * sys and the original builtins still work); a copy keeps every value
 * alive until the dict is whole again. */
static void restore_builtins(PhState *S)
{
    if (!S->builtins || !RT(S)->builtins_copy) return;
    PhObject *current = dict_copy(S, S->builtins);
    if (!current) err_clear(S);
    dict_clear(S, S->builtins);
    if (dict_update(S, S->builtins, RT(S)->builtins_copy) < 0) err_clear(S);
    XDECREF(S, current);
}

/* Step 4: modules that survived the collection get their dicts wiped,
 * the most recently imported first. The list holds one reference to each:
 * a module held only by it died in CPython's collection and is dropped. */
static void clear_kept_modules(PhState *S, PhObject *kept)
{
    for (ssize_t i = LIST_LEN(kept) - 1; i >= 0; i--) {
        PhObject *mod = LIST_GET(kept, i);
        if (mod->refcnt > 1 && mod != S->sys_module && mod != RT(S)->builtins_module &&
            mod->type == &S->types.module)
            clear_module_dict(S, MODULE_DICT(mod));
        LIST_SET(kept, i, NULL);
        ((PhVarObject *)kept)->size = i;
        DECREF(S, mod);
    }
    DECREF(S, kept);
}

/* Once sys.stderr is None, CPython prints tracebacks and "Exception ignored"
 * reports nowhere; the error printer writes to S->stderr_obj, so a sink
 * takes the stream's place. */
static void silence_stderr(PhState *S)
{
    PhObject *sink = textio_new_sink(S);
    if (!sink) {
        err_clear(S);
        return;
    }
    if (S->stderr_obj) fflush(stderr);
    PhObject *old = S->stderr_obj;
    S->stderr_obj = sink;
    XDECREF(S, old);
}

void modules_fini(PhState *S)
{
    if (!S->rt) return;
    GcState *G = &mem_of(S)->gc;
    if (err_occurred(S)) err_clear(S);
    CLEAR(S, S->main_module);
    if (S->modules) {
        delete_special(S);
        PhObject *kept = remove_modules(S);
        dict_clear(S, S->modules);
        restore_builtins(S);
        gc_collect_nofail(S);
        if (kept) clear_kept_modules(S, kept);
    }
    if (S->sys_module) clear_module_dict(S, MODULE_DICT(S->sys_module));
    silence_stderr(S);
    clear_module_dict(S, S->builtins);
    CLEAR(S, S->modules);
    gc_collect_nofail(S); /* CPython collects once more at the end */
    /* Nothing may call back into Python or append to gc.garbage any more,
     * and the final collections must free everything (no SAVEALL). */
    G->callback = NULL;
    G->save_garbage = NULL;
    G->debug = 0;
    if (err_occurred(S)) err_clear(S);
    CLEAR(S, S->modules);
    if (S->sys_module && MODULE_DICT(S->sys_module)) dict_clear(S, MODULE_DICT(S->sys_module));
    CLEAR(S, S->sys_module);
    if (S->builtins) dict_clear(S, S->builtins);
    CLEAR(S, S->builtins);
    CLEAR(S, RT(S)->builtins_module);
    CLEAR(S, RT(S)->builtins_copy);
    CLEAR(S, S->argv);
    CLEAR(S, S->gc_garbage);
    CLEAR(S, S->gc_callbacks);
    CLEAR(S, S->stdin_obj);
    if (S->stdout_obj) fflush(stdout);
    CLEAR(S, S->stdout_obj);
    CLEAR(S, S->stderr_obj);
    if (err_occurred(S)) err_clear(S);
    heap_free(mem_of(S)->heap, S->rt);
    S->rt = NULL;
}
