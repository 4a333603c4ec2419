/* The sys module: the interpreter's own parameters and the memory
 * inspection functions (getrefcount, getsizeof, intern, getallocatedblocks,
 * _debugmallocstats).
 *
 * sys.version_info, float_info, int_info, hash_info, flags and
 * implementation are struct sequences: tuple subclasses whose fields are
 * also attributes (rt_structseq_new, below).
 */
#include "modules.h"

#include "objects/abstract.h"
#include "objects/descr.h"
#include "objects/dict.h"
#include "objects/float.h"
#include "objects/int.h"
#include "objects/list.h"
#include "objects/module.h"
#include "objects/str.h"
#include "objects/textio.h"
#include "objects/tuple.h"
#include "objects/typeobject.h"
#include "objects/exceptions.h"
#include "vm/builtins.h"
#include "vm/errors.h"
#include "vm/frame.h"
#include "vm/state.h"

#include <float.h>
#include <stdarg.h>
#include <limits.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <unistd.h>

#define PH_PY_MAJOR 3
#define PH_PY_MINOR 11
#define PH_PY_MICRO 7

#if defined(__clang__)
#define PH_COMPILER "Clang " __clang_version__
#elif defined(__GNUC__)
#define PH_COMPILER "GCC " __VERSION__
#else
#define PH_COMPILER "C11"
#endif

#define STR_(x) #x
#define STR(x) STR_(x)
#define PH_PY_VERSION STR(PH_PY_MAJOR) "." STR(PH_PY_MINOR) "." STR(PH_PY_MICRO)

/* ==== struct sequences ================================================================ */

/* repr: sys.version_info(major=3, minor=11, ...), field names taken from the
 * class's __match_args__. */
static PhObject *structseq_repr(PhState *S, PhObject *callable, PhObject *const *args,
                                size_t nargs, PhObject *kwnames)
{
    if (rt_no_args(S, "__repr__", nargs - 1, kwnames) < 0) return NULL;
    PhObject *self = args[0];
    PhObject *key = str_from_cstr(S, "__match_args__");
    if (!key) return NULL;
    PhObject *names = type_lookup(self->type, key); /* borrowed: the class holds it */
    DECREF(S, key);
    if (!names || !obj_type_check(names, &S->types.tuple) ||
        !obj_type_check(self, &S->types.tuple))
        return obj_default_repr(S, self);
    StrBuilder b;
    sb_init(&b);
    PhObject *full = type_full_name(S, self->type);
    if (!full) return NULL;
    int rc = sb_append_str(S, &b, full);
    DECREF(S, full);
    rc = rc < 0 ? rc : sb_append_char(S, &b, '(');
    ssize_t n = TUPLE_LEN(self) < TUPLE_LEN(names) ? TUPLE_LEN(self) : TUPLE_LEN(names);
    for (ssize_t i = 0; i < n && rc == 0; i++) {
        if (i > 0) rc = sb_append_ascii(S, &b, ", ", 2);
        if (rc == 0) rc = sb_append_str(S, &b, TUPLE_GET(names, i));
        if (rc == 0) rc = sb_append_char(S, &b, '=');
        if (rc == 0) rc = sb_append_repr(S, &b, TUPLE_GET(self, i));
    }
    if (rc == 0) rc = sb_append_char(S, &b, ')');
    if (rc < 0) {
        sb_discard(S, &b);
        return NULL;
    }
    return sb_finish(S, &b);
}

static const PhMethodDef structseq_repr_def = {"__repr__", structseq_repr, METH_DEFAULT, NULL};

/* The class: tuple subclass, __module__, __match_args__, n_fields, and a
 * member descriptor per field reading the tuple's item slot (as CPython's
 * structseq does). */
static PhObject *structseq_type(PhState *S, const char *module, const char *name,
                                const char *const *fields, int n)
{
    PhObject *ns = dict_new(S), *names = tuple_new(S, n), *tname = str_from_cstr(S, name);
    PhObject *mod = str_from_cstr(S, module), *nf = int_from_i64(S, n);
    PhObject *bases = tuple_pack(S, 1, (PhObject *)&S->types.tuple), *type = NULL;
    if (!ns || !names || !tname || !mod || !nf || !bases) goto done;
    for (int i = 0; i < n; i++) {
        PhObject *f = str_from_cstr(S, fields[i]);
        if (!f || str_intern_in_place(S, &f) < 0) {
            XDECREF(S, f);
            goto done;
        }
        TUPLE_SET(names, i, f);
    }
    if (dict_setitem_str(S, ns, "__module__", mod) < 0 ||
        dict_setitem_str(S, ns, "__match_args__", names) < 0 ||
        dict_setitem_str(S, ns, "n_fields", nf) < 0 ||
        dict_setitem_str(S, ns, "n_sequence_fields", nf) < 0)
        goto done;
    type = type_new_class(S, &S->types.type, tname, bases, ns);
    if (!type) goto done;
    for (int i = 0; i < n; i++) {
        ssize_t off = (ssize_t)(offsetof(PhTuple, items) + (size_t)i * sizeof(PhObject *));
        PhObject *d = descr_new_member(S, (PhType *)type, TUPLE_GET(names, i), off);
        int rc = d ? obj_setattr(S, type, TUPLE_GET(names, i), d) : -1;
        XDECREF(S, d);
        if (rc < 0) goto fail;
    }
    PhObject *r = descr_new_method(S, (PhType *)type, &structseq_repr_def);
    int rc = r ? obj_setattr_str(S, type, "__repr__", r) : -1;
    XDECREF(S, r);
    if (rc < 0) goto fail;
    goto done;
fail:
    CLEAR(S, type);
done:
    XDECREF(S, ns);
    XDECREF(S, names);
    XDECREF(S, tname);
    XDECREF(S, mod);
    XDECREF(S, nf);
    XDECREF(S, bases);
    return type;
}

PhObject *rt_structseq_new(PhState *S, const char *module, const char *name,
                           const char *const *fields, PhObject *const *values, int n)
{
    PhObject *type = structseq_type(S, module, name, fields, n);
    if (!type) return NULL;
    PhObject *t = tuple_from_array(S, values, n);
    PhObject *inst = t ? obj_call1(S, type, t) : NULL;
    XDECREF(S, t);
    DECREF(S, type);
    return inst;
}

/* Builds a struct sequence from C values described by a format string:
 * 'i' int64_t, 'd' double, 's' const char *, 'o' PhObject * (borrowed). */
static PhObject *structseq_build(PhState *S, const char *name, const char *const *fields,
                                 const char *fmt, ...)
{
    int n = (int)strlen(fmt);
    PhObject *vals[24];
    va_list ap;
    va_start(ap, fmt);
    int made = 0;
    for (; made < n; made++) {
        PhObject *v = NULL;
        switch (fmt[made]) {
        case 'i': v = int_from_i64(S, va_arg(ap, int64_t)); break;
        case 'd': v = float_from_double(S, va_arg(ap, double)); break;
        case 's': v = str_from_cstr(S, va_arg(ap, const char *)); break;
        default:
            v = va_arg(ap, PhObject *);
            XINCREF(v);
            break;
        }
        if (!v) break;
        vals[made] = v;
    }
    va_end(ap);
    PhObject *r = made == n ? rt_structseq_new(S, "sys", name, fields, vals, n) : NULL;
    for (int i = 0; i < made; i++) DECREF(S, vals[i]);
    return r;
}

static PhObject *make_version_info(PhState *S)
{
    static const char *const f[] = {"major", "minor", "micro", "releaselevel", "serial"};
    return structseq_build(S, "version_info", f, "iiisi", (int64_t)PH_PY_MAJOR,
                           (int64_t)PH_PY_MINOR, (int64_t)PH_PY_MICRO, "final", (int64_t)0);
}

static PhObject *make_float_info(PhState *S)
{
    static const char *const f[] = {"max", "max_exp", "max_10_exp", "min", "min_exp",
                                    "min_10_exp", "dig", "mant_dig", "epsilon", "radix",
                                    "rounds"};
    return structseq_build(S, "float_info", f, "diidiiiidii", DBL_MAX, (int64_t)DBL_MAX_EXP,
                           (int64_t)DBL_MAX_10_EXP, DBL_MIN, (int64_t)DBL_MIN_EXP,
                           (int64_t)DBL_MIN_10_EXP, (int64_t)DBL_DIG, (int64_t)DBL_MANT_DIG,
                           DBL_EPSILON, (int64_t)FLT_RADIX, (int64_t)1);
}

static PhObject *make_int_info(PhState *S)
{
    static const char *const f[] = {"bits_per_digit", "sizeof_digit", "default_max_str_digits",
                                    "str_digits_check_threshold"};
    return structseq_build(S, "int_info", f, "iiii", (int64_t)INT_SHIFT,
                           (int64_t)sizeof(int_digit), (int64_t)INT_MAX_STR_DIGITS_DEFAULT,
                           (int64_t)INT_MAX_STR_DIGITS_THRESHOLD);
}

static PhObject *make_hash_info(PhState *S)
{
    static const char *const f[] = {"width",     "modulus",   "inf",       "nan",    "imag",
                                    "algorithm", "hash_bits", "seed_bits", "cutoff"};
    return structseq_build(S, "hash_info", f, "iiiiisiii", (int64_t)64,
                           (int64_t)((1LL << 61) - 1), (int64_t)314159, (int64_t)0,
                           (int64_t)1000003, "siphash13", (int64_t)64, (int64_t)128, (int64_t)0);
}

static PhObject *make_flags(PhState *S)
{
    static const char *const f[] = {
        "debug",   "inspect",       "interactive",      "optimize",         "dont_write_bytecode",
        "no_user_site", "no_site",  "ignore_environment", "verbose",       "bytes_warning",
        "quiet",   "hash_randomization", "isolated",    "dev_mode",         "utf8_mode",
        "warn_default_encoding", "safe_path", "int_max_str_digits"};
    int64_t z = 0;
    return structseq_build(S, "flags", f, "iiiiiiiiiiiiioiioi", z, z, z, z, (int64_t)1, z, z, z,
                           z, z, z, z, z, PH_FALSE(S), z, z, PH_FALSE(S), (int64_t)-1);
}

static PhObject *make_implementation(PhState *S, PhObject *version_info)
{
    static const char *const f[] = {"name", "cache_tag", "version", "hexversion"};
    int64_t hexversion = (PH_PY_MAJOR << 24) | (PH_PY_MINOR << 16) | (PH_PY_MICRO << 8) | 0xf0;
    return structseq_build(S, "implementation", f, "soo" "i", "pyheap", PH_NONE(S), version_info,
                           hexversion);
}

/* ==== functions ======================================================================= */

static PhObject *sys_exit(PhState *S, PhObject *self, PhObject *const *args, size_t nargs,
                          PhObject *kwnames)
{
    if (rt_no_kwargs(S, "sys.exit", kwnames) < 0 || rt_check_positional(S, "exit", nargs, 0, 1) < 0)
        return NULL;
    err_set_object(S, &S->exc.SystemExit, nargs ? args[0] : NULL);
    return NULL;
}

/* The argument on the caller's stack is itself a reference: getrefcount([])
 * is 1, as in CPython. */
static PhObject *sys_getrefcount(PhState *S, PhObject *self, PhObject *const *args, size_t nargs,
                                 PhObject *kwnames)
{
    if (rt_one_arg(S, "sys.getrefcount", nargs, kwnames) < 0) return NULL;
    return int_from_i64(S, args[0]->refcnt);
}

/* CPython's _PySys_GetSizeOf: type(o).__sizeof__(o) plus the bytes in
 * front of the object (GC header, managed-dict pre-header). */
static PhObject *sys_getsizeof(PhState *S, PhObject *self, PhObject *const *args, size_t nargs,
                               PhObject *kwnames)
{
    static const char *const names[] = {"object", "default"};
    static const ArgSpec spec = {"getsizeof", names, 2, 0, 2, 1};
    PhObject *a[2];
    if (args_bind(S, &spec, args, nargs, kwnames, a) < 0) return NULL;
    PhObject *o = a[0], *res = NULL;
    PhObject *meth = rt_lookup_special(S, o, ID(S, __sizeof__));
    if (meth) {
        res = obj_call0(S, meth);
        DECREF(S, meth);
    } else if (!err_occurred(S)) {
        err_format(S, &S->exc.TypeError, "Type %s doesn't define __sizeof__", o->type->name);
    }
    ssize_t size = -1;
    if (res) {
        if (int_check(res)) size = int_as_ssize(S, res);
        else err_format(S, &S->exc.TypeError, "an integer is required");
        DECREF(S, res);
        if (size < 0 && !err_occurred(S))
            err_format(S, &S->exc.ValueError, "__sizeof__() should return >= 0");
    }
    if (size < 0) {
        if (a[1] && err_matches(S, (PhObject *)&S->exc.TypeError)) {
            err_clear(S);
            INCREF(a[1]);
            return a[1];
        }
        return NULL;
    }
    return int_from_i64(S, size + (ssize_t)type_preheader_size(o->type));
}

static PhObject *sys_intern(PhState *S, PhObject *self, PhObject *const *args, size_t nargs,
                            PhObject *kwnames)
{
    if (rt_one_arg(S, "sys.intern", nargs, kwnames) < 0) return NULL;
    PhObject *s = args[0];
    if (!(s->type->flags & TPFLAG_UNICODE_SUBCLASS))
        return err_format(S, &S->exc.TypeError, "intern() argument must be str, not %s",
                          s->type->name);
    if (s->type != &S->types.str)
        return err_format(S, &S->exc.TypeError, "can't intern %s", s->type->name);
    INCREF(s);
    if (str_intern_in_place(S, &s) < 0) {
        DECREF(S, s);
        return err_no_memory(S);
    }
    return s;
}

static PhObject *sys_getrecursionlimit(PhState *S, PhObject *self, PhObject *const *args,
                                       size_t nargs, PhObject *kwnames)
{
    if (rt_no_args(S, "sys.getrecursionlimit", nargs, kwnames) < 0) return NULL;
    return int_from_i64(S, S->recursion_limit);
}

static PhObject *sys_setrecursionlimit(PhState *S, PhObject *self, PhObject *const *args,
                                       size_t nargs, PhObject *kwnames)
{
    if (rt_one_arg(S, "sys.setrecursionlimit", nargs, kwnames) < 0) return NULL;
    int limit;
    if (rt_as_int(S, args[0], &limit) < 0) return NULL;
    if (limit < 1)
        return err_format(S, &S->exc.ValueError, "recursion limit must be greater or equal than 1");
    if (S->recursion_depth >= limit)
        return err_format(S, &S->exc.RecursionError,
                          "cannot set the recursion limit to %d at the recursion depth %d: the "
                          "limit is too low",
                          limit, S->recursion_depth);
    S->recursion_limit = limit;
    return ph_none(S);
}

static PhObject *sys_getframe(PhState *S, PhObject *self, PhObject *const *args, size_t nargs,
                              PhObject *kwnames)
{
    if (rt_no_kwargs(S, "sys._getframe", kwnames) < 0 ||
        rt_check_positional(S, "_getframe", nargs, 0, 1) < 0)
        return NULL;
    int depth = 0;
    if (nargs && rt_as_int(S, args[0], &depth) < 0) return NULL;
    return frame_getframe(S, depth);
}

static PhObject *sys_exc_info(PhState *S, PhObject *self, PhObject *const *args, size_t nargs,
                              PhObject *kwnames)
{
    if (rt_no_args(S, "sys.exc_info", nargs, kwnames) < 0) return NULL;
    PhObject *e = S->handled_exc;
    if (!e || e == PH_NONE(S)) return tuple_pack(S, 3, PH_NONE(S), PH_NONE(S), PH_NONE(S));
    PhObject *tb = ((PhBaseException *)e)->traceback;
    return tuple_pack(S, 3, (PhObject *)e->type, e, tb ? tb : PH_NONE(S));
}

static PhObject *sys_exception(PhState *S, PhObject *self, PhObject *const *args, size_t nargs,
                               PhObject *kwnames)
{
    if (rt_no_args(S, "sys.exception", nargs, kwnames) < 0) return NULL;
    PhObject *e = S->handled_exc ? S->handled_exc : PH_NONE(S);
    INCREF(e);
    return e;
}

static PhObject *sys_getallocatedblocks(PhState *S, PhObject *self, PhObject *const *args,
                                        size_t nargs, PhObject *kwnames)
{
    if (rt_no_args(S, "sys.getallocatedblocks", nargs, kwnames) < 0) return NULL;
    HeapStats st;
    heap_get_stats(S->mem.heap, &st);
    return int_from_u64(S, st.allocated_blocks);
}

/* Writes to the C stderr, not sys.stderr, as CPython does. */
static PhObject *sys_debugmallocstats(PhState *S, PhObject *self, PhObject *const *args,
                                      size_t nargs, PhObject *kwnames)
{
    if (rt_no_args(S, "sys._debugmallocstats", nargs, kwnames) < 0) return NULL;
    fflush(stdout);
    heap_print_stats(S->mem.heap, stderr);
    fflush(stderr);
    return ph_none(S);
}

static PhObject *sys_get_int_max_str_digits(PhState *S, PhObject *self, PhObject *const *args,
                                            size_t nargs, PhObject *kwnames)
{
    if (rt_no_args(S, "sys.get_int_max_str_digits", nargs, kwnames) < 0) return NULL;
    return int_from_i64(S, int_get_max_str_digits(S));
}

static PhObject *sys_set_int_max_str_digits(PhState *S, PhObject *self, PhObject *const *args,
                                            size_t nargs, PhObject *kwnames)
{
    static const char *const names[] = {"maxdigits"};
    static const ArgSpec spec = {"set_int_max_str_digits", names, 1, 0, 1, 1};
    PhObject *a[1];
    if (args_bind(S, &spec, args, nargs, kwnames, a) < 0) return NULL;
    int n;
    if (rt_as_int(S, a[0], &n) < 0) return NULL;
    if (int_set_max_str_digits(S, n) < 0) return NULL;
    return ph_none(S);
}

/* sys.displayhook(value): what the interactive prompt does with the value
 * of an expression statement. */
static PhObject *sys_displayhook(PhState *S, PhObject *self, PhObject *const *args, size_t nargs,
                                 PhObject *kwnames)
{
    if (rt_one_arg(S, "sys.displayhook", nargs, kwnames) < 0) return NULL;
    PhObject *o = args[0];
    if (o == PH_NONE(S)) return ph_none(S);
    if (S->builtins && dict_setitem_str(S, S->builtins, "_", PH_NONE(S)) < 0) return NULL;
    PhObject *out = rt_sys_get(S, "stdout");
    if (!out || out == PH_NONE(S)) return err_format(S, &S->exc.RuntimeError, "lost sys.stdout");
    PhObject *r = obj_repr(S, o);
    if (!r) return NULL;
    INCREF(out);
    int rc = rt_file_write(S, out, r);
    DECREF(S, r);
    if (rc == 0) rc = rt_file_write_cstr(S, out, "\n");
    DECREF(S, out);
    if (rc < 0) return NULL;
    if (S->builtins && dict_setitem_str(S, S->builtins, "_", o) < 0) return NULL;
    return ph_none(S);
}

/* sys.excepthook(type, value, traceback): prints value with its traceback. */
static PhObject *sys_excepthook(PhState *S, PhObject *self, PhObject *const *args, size_t nargs,
                                PhObject *kwnames)
{
    if (rt_no_kwargs(S, "sys.excepthook", kwnames) < 0 ||
        rt_check_positional(S, "excepthook", nargs, 3, 3) < 0)
        return NULL;
    PhObject *v = args[1];
    if (!(v->type->flags & TPFLAG_BASE_EXC_SUBCLASS)) {
        PhObject *out = rt_sys_get(S, "stderr");
        if (out && out != PH_NONE(S)) {
            PhObject *s = obj_str(S, v);
            if (!s) return NULL;
            int rc = rt_file_write(S, out, s);
            DECREF(S, s);
            if (rc < 0 || rt_file_write_cstr(S, out, "\n") < 0) return NULL;
        }
        return ph_none(S);
    }
    PhObject *saved = err_fetch(S);
    INCREF(v);
    err_restore(S, v);
    rt_err_print(S);
    if (saved) err_restore(S, saved);
    return ph_none(S);
}

static PhObject *sys_getdefaultencoding(PhState *S, PhObject *self, PhObject *const *args,
                                        size_t nargs, PhObject *kwnames)
{
    if (rt_no_args(S, "sys.getdefaultencoding", nargs, kwnames) < 0) return NULL;
    return str_from_cstr(S, "utf-8");
}

static PhObject *sys_getfilesystemencoding(PhState *S, PhObject *self, PhObject *const *args,
                                           size_t nargs, PhObject *kwnames)
{
    if (rt_no_args(S, "sys.getfilesystemencoding", nargs, kwnames) < 0) return NULL;
    return str_from_cstr(S, "utf-8");
}

static const PhMethodDef sys_functions[] = {
    {"_debugmallocstats", sys_debugmallocstats, METH_DEFAULT, NULL},
    {"_getframe", sys_getframe, METH_DEFAULT, NULL},
    {"displayhook", sys_displayhook, METH_DEFAULT, NULL},
    {"exc_info", sys_exc_info, METH_DEFAULT, NULL},
    {"excepthook", sys_excepthook, METH_DEFAULT, NULL},
    {"exception", sys_exception, METH_DEFAULT, NULL},
    {"exit", sys_exit, METH_DEFAULT, NULL},
    {"get_int_max_str_digits", sys_get_int_max_str_digits, METH_DEFAULT, NULL},
    {"getallocatedblocks", sys_getallocatedblocks, METH_DEFAULT, NULL},
    {"getdefaultencoding", sys_getdefaultencoding, METH_DEFAULT, NULL},
    {"getfilesystemencoding", sys_getfilesystemencoding, METH_DEFAULT, NULL},
    {"getrecursionlimit", sys_getrecursionlimit, METH_DEFAULT, NULL},
    {"getrefcount", sys_getrefcount, METH_DEFAULT, NULL},
    {"getsizeof", sys_getsizeof, METH_DEFAULT, NULL},
    {"intern", sys_intern, METH_DEFAULT, NULL},
    {"set_int_max_str_digits", sys_set_int_max_str_digits, METH_DEFAULT, NULL},
    {"setrecursionlimit", sys_setrecursionlimit, METH_DEFAULT, NULL},
    {NULL, NULL, 0, NULL},
};

/* ==== the module ======================================================================= */

static int add_new(PhState *S, PhObject *mod, const char *name, PhObject *v)
{
    if (!v) return -1;
    int rc = module_add_object(S, mod, name, v);
    DECREF(S, v);
    return rc;
}

/* The path of this executable (sys.executable). */
static PhObject *executable_path(PhState *S)
{
    char buf[4096];
    ssize_t n = readlink("/proc/self/exe", buf, sizeof buf - 1);
    if (n < 0) n = 0;
    buf[n] = '\0';
    return str_from_cstr(S, buf);
}

static int add_constants(PhState *S, PhObject *mod)
{
    PhObject *vi = make_version_info(S);
    if (!vi) return -1;
    int rc = module_add_object(S, mod, "version_info", vi);
    if (rc == 0) rc = add_new(S, mod, "implementation", make_implementation(S, vi));
    DECREF(S, vi);
    uint16_t probe = 1;
    bool little = *(uint8_t *)&probe == 1;
    int64_t hexversion = (PH_PY_MAJOR << 24) | (PH_PY_MINOR << 16) | (PH_PY_MICRO << 8) | 0xf0;
    if (rc < 0 ||
        add_new(S, mod, "version",
                str_from_cstr(S, PH_PY_VERSION " (pyheap " PYHEAP_VERSION ") [" PH_COMPILER "]")) < 0 ||
        add_new(S, mod, "hexversion", int_from_i64(S, hexversion)) < 0 ||
        add_new(S, mod, "api_version", int_from_i64(S, 1013)) < 0 ||
        add_new(S, mod, "platform", str_from_cstr(S, "linux")) < 0 ||
        add_new(S, mod, "byteorder", str_from_cstr(S, little ? "little" : "big")) < 0 ||
        add_new(S, mod, "maxsize", int_from_i64(S, (int64_t)SSIZE_MAX)) < 0 ||
        add_new(S, mod, "maxunicode", int_from_i64(S, 0x10FFFF)) < 0 ||
        add_new(S, mod, "executable", executable_path(S)) < 0 ||
        add_new(S, mod, "float_repr_style", str_from_cstr(S, "short")) < 0 ||
        add_new(S, mod, "copyright", str_from_cstr(S, "pyheap: a Python 3.11 interpreter")) < 0 ||
        add_new(S, mod, "float_info", make_float_info(S)) < 0 ||
        add_new(S, mod, "int_info", make_int_info(S)) < 0 ||
        add_new(S, mod, "hash_info", make_hash_info(S)) < 0 ||
        add_new(S, mod, "flags", make_flags(S)) < 0 ||
        add_new(S, mod, "builtin_module_names", rt_builtin_module_names(S)) < 0 ||
        module_add_object(S, mod, "dont_write_bytecode", PH_TRUE(S)) < 0)
        return -1;
    return 0;
}

static int add_state_objects(PhState *S, PhObject *mod)
{
    PhObject *path = list_new(S, 0);
    PhObject *empty = str_from_cstr(S, "");
    int rc = path && empty ? list_append(S, path, empty) : -1;
    XDECREF(S, empty);
    if (rc == 0) rc = module_add_object(S, mod, "path", path);
    XDECREF(S, path);
    if (rc < 0 || module_add_object(S, mod, "argv", S->argv) < 0 ||
        module_add_object(S, mod, "modules", S->modules) < 0 ||
        module_add_object(S, mod, "stdin", S->stdin_obj) < 0 ||
        module_add_object(S, mod, "stdout", S->stdout_obj) < 0 ||
        module_add_object(S, mod, "stderr", S->stderr_obj) < 0 ||
        module_add_object(S, mod, "__stdin__", S->stdin_obj) < 0 ||
        module_add_object(S, mod, "__stdout__", S->stdout_obj) < 0 ||
        module_add_object(S, mod, "__stderr__", S->stderr_obj) < 0)
        return -1;
    /* The hooks' originals, as CPython keeps them. */
    PhObject *d = MODULE_DICT(mod);
    PhObject *dh = dict_getitem_str(S, d, "displayhook");
    PhObject *eh = dict_getitem_str(S, d, "excepthook");
    if ((dh && module_add_object(S, mod, "__displayhook__", dh) < 0) ||
        (eh && module_add_object(S, mod, "__excepthook__", eh) < 0))
        return -1;
    return 0;
}

PhObject *sys_module_create(PhState *S)
{
    PhObject *mod = module_new(S, "sys");
    if (!mod) return NULL;
    if (module_add_functions(S, mod, sys_functions) < 0 || add_constants(S, mod) < 0 ||
        add_state_objects(S, mod) < 0) {
        DECREF(S, mod);
        return NULL;
    }
    return mod;
}
