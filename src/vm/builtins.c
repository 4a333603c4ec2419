/* The builtins module: print, len, min, sorted, getattr, open, ...
 *
 * Each function is a PhMethodDef whose fn receives the positional arguments
 * (borrowed) and keyword names, and reproduces CPython 3.11's behaviour and
 * error messages. The builtin types (int, list, ...) and exception classes
 * are the interpreter's static types, entered in the module's dict.
 */
#include "builtins.h"

#include "compiler/compile.h"
#include "modules/modules.h"
#include "objects/abstract.h"
#include "objects/bytes.h"
#include "objects/code.h"
#include "objects/dict.h"
#include "objects/exceptions.h"
#include "objects/float.h"
#include "objects/int.h"
#include "objects/iterobject.h"
#include "objects/list.h"
#include "objects/module.h"
#include "objects/descr.h"
#include "objects/str.h"
#include "objects/textio.h"
#include "objects/tuple.h"
#include "objects/typeobject.h"
#include "vm/errors.h"
#include "vm/eval.h"
#include "vm/frame.h"
#include "vm/state.h"

#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* ==== argument checking ======================================================= */


static size_t kw_count(PhObject *kwnames) { return kwnames ? (size_t)TUPLE_LEN(kwnames) : 0; }

int rt_no_kwargs(PhState *S, const char *fname, PhObject *kwnames)
{
    if (!kw_count(kwnames)) return 0;
    err_format(S, &S->exc.TypeError, "%s() takes no keyword arguments", fname);
    return -1;
}

int rt_one_arg(PhState *S, const char *fname, size_t nargs, PhObject *kwnames)
{
    if (rt_no_kwargs(S, fname, kwnames) < 0) return -1;
    if (nargs == 1) return 0;
    err_format(S, &S->exc.TypeError, "%s() takes exactly one argument (%zu given)", fname, nargs);
    return -1;
}

int rt_no_args(PhState *S, const char *fname, size_t nargs, PhObject *kwnames)
{
    if (rt_no_kwargs(S, fname, kwnames) < 0) return -1;
    if (nargs == 0) return 0;
    err_format(S, &S->exc.TypeError, "%s() takes no arguments (%zu given)", fname, nargs);
    return -1;
}

int rt_check_positional(PhState *S, const char *fname, size_t nargs, size_t min, size_t max)
{
    if (nargs < min) {
        err_format(S, &S->exc.TypeError, "%s expected %s%zu argument%s, got %zu", fname,
                   min == max ? "" : "at least ", min, min == 1 ? "" : "s", nargs);
        return -1;
    }
    if (nargs > max) {
        err_format(S, &S->exc.TypeError, "%s expected %s%zu argument%s, got %zu", fname,
                   min == max ? "" : "at most ", max, max == 1 ? "" : "s", nargs);
        return -1;
    }
    return 0;
}


int rt_as_int(PhState *S, PhObject *o, int *out)
{
    PhObject *v = num_index(S, o);
    if (!v) return -1;
    int overflow = 0;
    int64_t x = int_as_i64(v, &overflow);
    DECREF(S, v);
    if (overflow || x > INT32_MAX || x < INT32_MIN) {
        err_format(S, &S->exc.OverflowError, "Python int too large to convert to C int");
        return -1;
    }
    *out = (int)x;
    return 0;
}

static bool is_str(const PhObject *o) { return (o->type->flags & TPFLAG_UNICODE_SUBCLASS) != 0; }

/* ==== sys access and file writing ================================================ */

PhObject *rt_sys_get(PhState *S, const char *name)
{
    if (!S->sys_module) return NULL;
    PhObject *d = MODULE_DICT(S->sys_module);
    if (!d) return NULL;
    PhObject *v = dict_getitem_str(S, d, name);
    if (!v && err_occurred(S)) err_clear(S);
    return v;
}

int rt_sys_set(PhState *S, const char *name, PhObject *v)
{
    if (!S->sys_module || !MODULE_DICT(S->sys_module)) return 0;
    return dict_setitem_str(S, MODULE_DICT(S->sys_module), name, v);
}

int rt_file_write(PhState *S, PhObject *file, PhObject *s)
{
    if (file->type == &S->types.textio) return textio_write_obj(S, file, s) < 0 ? -1 : 0;
    PhObject *r = obj_call_method(S, file, "write", &s, 1);
    if (!r) return -1;
    DECREF(S, r);
    return 0;
}

int rt_file_write_cstr(PhState *S, PhObject *file, const char *text)
{
    PhObject *s = str_from_cstr(S, text);
    if (!s) return -1;
    int rc = rt_file_write(S, file, s);
    DECREF(S, s);
    return rc;
}

int rt_file_flush(PhState *S, PhObject *file)
{
    if (file->type == &S->types.textio) return textio_flush(S, file);
    PhObject *r = obj_call_method(S, file, "flush", NULL, 0);
    if (!r) return -1;
    DECREF(S, r);
    return 0;
}

void rt_err_print(PhState *S)
{
    /* The error printer writes to S->stderr_obj; point it at sys.stderr for
     * the call, so a program's `sys.stderr = ...` is honoured (None: the
     * report goes nowhere, as in CPython). */
    PhObject *cur = rt_sys_get(S, "stderr");
    PhObject *saved = S->stderr_obj;
    PhObject *use = NULL;
    if (cur && cur != saved) {
        if (cur == PH_NONE(S)) {
            PhObject *exc = err_fetch(S);
            use = textio_new_sink(S);
            err_restore(S, exc);
            if (!use) {
                err_print(S);
                return;
            }
        } else {
            use = cur;
            INCREF(use);
        }
        S->stderr_obj = use;
    }
    err_print(S);
    if (use) {
        S->stderr_obj = saved;
        DECREF(S, use);
    }
}

PhObject *rt_lookup_special(PhState *S, PhObject *o, PhObject *name)
{
    PhObject *attr = type_lookup(o->type, name);
    if (!attr) return NULL;
    descrgetfunc get = attr->type->descr_get;
    if (get) return get(S, attr, o, (PhObject *)o->type);
    INCREF(attr);
    return attr;
}

/* ==== I/O: print, input, open ====================================================== */

static const char *const print_kwlist[] = {"sep", "end", "file", "flush"};

/* The stream a builtin writes to by default (borrowed); None is a valid
 * answer (output is dropped); NULL means RuntimeError "lost sys.stdout". */
static PhObject *sys_stream(PhState *S, const char *name)
{
    PhObject *f = rt_sys_get(S, name);
    if (!f) err_format(S, &S->exc.RuntimeError, "lost sys.%s", name);
    return f;
}

static int check_sep(PhState *S, const char *what, PhObject *v)
{
    if (!v || v == PH_NONE(S) || is_str(v)) return 0;
    err_format(S, &S->exc.TypeError, "%s must be None or a string, not %s", what, v->type->name);
    return -1;
}

/* print(*objects, sep=' ', end='\n', file=None, flush=False) */
static PhObject *bi_print(PhState *S, PhObject *self, PhObject *const *args, size_t nargs,
                          PhObject *kwnames)
{
    PhObject *kw[4] = {NULL, NULL, NULL, NULL};
    for (size_t k = 0; k < kw_count(kwnames); k++) {
        PhObject *name = TUPLE_GET(kwnames, k);
        int found = -1;
        for (int i = 0; i < 4; i++)
            if (str_eq_cstr(name, print_kwlist[i])) found = i;
        if (found < 0)
            return err_format(S, &S->exc.TypeError,
                              "'%U' is an invalid keyword argument for print()", name);
        kw[found] = args[nargs + k];
    }
    PhObject *sep = kw[0], *end = kw[1], *file = kw[2], *flush = kw[3];
    if (!file || file == PH_NONE(S)) {
        file = sys_stream(S, "stdout");
        if (!file) return NULL;
        if (file == PH_NONE(S)) return ph_none(S);
    }
    if (check_sep(S, "sep", sep) < 0 || check_sep(S, "end", end) < 0) return NULL;
    if (sep == PH_NONE(S)) sep = NULL;
    if (end == PH_NONE(S)) end = NULL;
    INCREF(file); /* a write may rebind sys.stdout */
    int rc = 0;
    for (size_t i = 0; i < nargs && rc == 0; i++) {
        if (i > 0) rc = sep ? rt_file_write(S, file, sep) : rt_file_write_cstr(S, file, " ");
        if (rc < 0) break;
        PhObject *s = obj_str(S, args[i]);
        if (!s) {
            rc = -1;
            break;
        }
        rc = rt_file_write(S, file, s);
        DECREF(S, s);
    }
    if (rc == 0) rc = end ? rt_file_write(S, file, end) : rt_file_write_cstr(S, file, "\n");
    if (rc == 0 && flush) {
        int t = obj_is_true(S, flush);
        rc = t < 0 ? -1 : t ? rt_file_flush(S, file) : 0;
    }
    DECREF(S, file);
    return rc < 0 ? NULL : ph_none(S);
}

/* Strips one trailing newline from a line read for input(). */
static PhObject *strip_newline(PhState *S, PhObject *line)
{
    ssize_t n = str_len(line);
    if (n > 0 && str_char_at(line, n - 1) == '\n') {
        PhObject *r = str_substring(S, line, 0, n - 1);
        DECREF(S, line);
        return r;
    }
    return line;
}

/* input() on a terminal, through the command line's line editor. */
static PhObject *input_tty(PhState *S, PhObject *prompt)
{
    const char *p = "";
    PhObject *ps = NULL;
    if (prompt) {
        ps = obj_str(S, prompt);
        if (!ps) return NULL;
        p = str_as_utf8(S, ps, NULL);
        if (!p) {
            DECREF(S, ps);
            return NULL;
        }
    }
    int interrupted = 0;
    char *line = RT(S)->line_reader(p, &interrupted, RT(S)->line_reader_ctx);
    XDECREF(S, ps);
    if (interrupted) {
        free(line);
        err_set_object(S, &S->exc.KeyboardInterrupt, NULL);
        return NULL;
    }
    if (!line) return err_format(S, &S->exc.EOFError, "EOF when reading a line");
    PhObject *r = bytes_decode(S, line, strlen(line), "utf-8", "strict");
    free(line);
    return r;
}

static bool is_std_textio(PhState *S, PhObject *f, FILE *std)
{
    return f->type == &S->types.textio && textio_file(S, f) == std;
}

/* input(prompt='') */
static PhObject *bi_input(PhState *S, PhObject *self, PhObject *const *args, size_t nargs,
                          PhObject *kwnames)
{
    if (rt_no_kwargs(S, "input", kwnames) < 0 || rt_check_positional(S, "input", nargs, 0, 1) < 0)
        return NULL;
    PhObject *prompt = nargs ? args[0] : NULL;
    PhObject *fin = sys_stream(S, "stdin");
    if (!fin) return NULL;
    PhObject *fout = sys_stream(S, "stdout");
    if (!fout) return NULL;
    PhObject *ferr = sys_stream(S, "stderr");
    if (!ferr) return NULL;
    if (fin == PH_NONE(S)) return err_format(S, &S->exc.RuntimeError, "input(): lost sys.stdin");
    if (fout == PH_NONE(S))
        return err_format(S, &S->exc.RuntimeError, "input(): lost sys.stdout");
    if (ferr != PH_NONE(S) && rt_file_flush(S, ferr) < 0) err_clear(S);
    if (RT(S) && RT(S)->line_reader && is_std_textio(S, fin, stdin) && is_std_textio(S, fout, stdout) &&
        isatty(fileno(stdin)) && isatty(fileno(stdout))) {
        if (rt_file_flush(S, fout) < 0) err_clear(S);
        return input_tty(S, prompt);
    }
    if (prompt) {
        PhObject *s = obj_str(S, prompt);
        if (!s) return NULL;
        int rc = rt_file_write(S, fout, s);
        DECREF(S, s);
        if (rc < 0) return NULL;
    }
    if (rt_file_flush(S, fout) < 0) err_clear(S);
    PhObject *line = obj_call_method(S, fin, "readline", NULL, 0);
    if (!line) return NULL;
    if (!is_str(line)) {
        DECREF(S, line);
        return err_format(S, &S->exc.TypeError, "object.readline() returned non-string");
    }
    if (str_len(line) == 0) {
        DECREF(S, line);
        return err_format(S, &S->exc.EOFError, "EOF when reading a line");
    }
    return strip_newline(S, line);
}

/* ==== object basics ============================================================== */

static PhObject *bi_len(PhState *S, PhObject *self, PhObject *const *args, size_t nargs,
                        PhObject *kwnames)
{
    if (rt_one_arg(S, "len", nargs, kwnames) < 0) return NULL;
    ssize_t n = obj_len(S, args[0]);
    return n < 0 ? NULL : int_from_i64(S, n);
}

static PhObject *bi_id(PhState *S, PhObject *self, PhObject *const *args, size_t nargs,
                       PhObject *kwnames)
{
    if (rt_one_arg(S, "id", nargs, kwnames) < 0) return NULL;
    return int_from_u64(S, (uint64_t)(uintptr_t)args[0]);
}

static PhObject *bi_hash(PhState *S, PhObject *self, PhObject *const *args, size_t nargs,
                         PhObject *kwnames)
{
    if (rt_one_arg(S, "hash", nargs, kwnames) < 0) return NULL;
    int64_t h = obj_hash(S, args[0]);
    return h == -1 ? NULL : int_from_i64(S, h);
}

static PhObject *bi_repr(PhState *S, PhObject *self, PhObject *const *args, size_t nargs,
                         PhObject *kwnames)
{
    if (rt_one_arg(S, "repr", nargs, kwnames) < 0) return NULL;
    return obj_repr(S, args[0]);
}

static PhObject *bi_ascii(PhState *S, PhObject *self, PhObject *const *args, size_t nargs,
                          PhObject *kwnames)
{
    if (rt_one_arg(S, "ascii", nargs, kwnames) < 0) return NULL;
    return obj_ascii(S, args[0]);
}

static PhObject *bi_callable(PhState *S, PhObject *self, PhObject *const *args, size_t nargs,
                             PhObject *kwnames)
{
    if (rt_one_arg(S, "callable", nargs, kwnames) < 0) return NULL;
    return ph_bool(S, obj_is_callable(args[0]));
}

/* format(value, format_spec='') */
static PhObject *bi_format(PhState *S, PhObject *self, PhObject *const *args, size_t nargs,
                           PhObject *kwnames)
{
    if (rt_no_kwargs(S, "format", kwnames) < 0 ||
        rt_check_positional(S, "format", nargs, 1, 2) < 0)
        return NULL;
    PhObject *spec = nargs > 1 ? args[1] : S->empty_str;
    if (!is_str(spec))
        return err_format(S, &S->exc.TypeError, "format() argument 2 must be str, not %s",
                          spec->type->name);
    return obj_format(S, args[0], spec);
}

static PhObject *bi_isinstance(PhState *S, PhObject *self, PhObject *const *args, size_t nargs,
                               PhObject *kwnames)
{
    if (rt_no_kwargs(S, "isinstance", kwnames) < 0 ||
        rt_check_positional(S, "isinstance", nargs, 2, 2) < 0)
        return NULL;
    int r = obj_isinstance(S, args[0], args[1]);
    return r < 0 ? NULL : ph_bool(S, r);
}

static PhObject *bi_issubclass(PhState *S, PhObject *self, PhObject *const *args, size_t nargs,
                               PhObject *kwnames)
{
    if (rt_no_kwargs(S, "issubclass", kwnames) < 0 ||
        rt_check_positional(S, "issubclass", nargs, 2, 2) < 0)
        return NULL;
    int r = obj_issubclass(S, args[0], args[1]);
    return r < 0 ? NULL : ph_bool(S, r);
}

/* ---- attributes ---- */

static int check_attr_name(PhState *S, PhObject *name)
{
    if (is_str(name)) return 0;
    err_format(S, &S->exc.TypeError, "attribute name must be string, not '%s'", name->type->name);
    return -1;
}

static PhObject *bi_getattr(PhState *S, PhObject *self, PhObject *const *args, size_t nargs,
                            PhObject *kwnames)
{
    if (rt_no_kwargs(S, "getattr", kwnames) < 0 ||
        rt_check_positional(S, "getattr", nargs, 2, 3) < 0 || check_attr_name(S, args[1]) < 0)
        return NULL;
    PhObject *v = obj_getattr(S, args[0], args[1]);
    if (!v && nargs == 3 && err_matches(S, (PhObject *)&S->exc.AttributeError)) {
        err_clear(S);
        INCREF(args[2]);
        return args[2];
    }
    return v;
}

static PhObject *bi_hasattr(PhState *S, PhObject *self, PhObject *const *args, size_t nargs,
                            PhObject *kwnames)
{
    if (rt_no_kwargs(S, "hasattr", kwnames) < 0 ||
        rt_check_positional(S, "hasattr", nargs, 2, 2) < 0 || check_attr_name(S, args[1]) < 0)
        return NULL;
    PhObject *v = obj_getattr(S, args[0], args[1]);
    if (v) {
        DECREF(S, v);
        return ph_bool(S, 1);
    }
    if (!err_matches(S, (PhObject *)&S->exc.AttributeError)) return NULL;
    err_clear(S);
    return ph_bool(S, 0);
}

static PhObject *bi_setattr(PhState *S, PhObject *self, PhObject *const *args, size_t nargs,
                            PhObject *kwnames)
{
    if (rt_no_kwargs(S, "setattr", kwnames) < 0 ||
        rt_check_positional(S, "setattr", nargs, 3, 3) < 0 || check_attr_name(S, args[1]) < 0)
        return NULL;
    if (obj_setattr(S, args[0], args[1], args[2]) < 0) return NULL;
    return ph_none(S);
}

static PhObject *bi_delattr(PhState *S, PhObject *self, PhObject *const *args, size_t nargs,
                            PhObject *kwnames)
{
    if (rt_no_kwargs(S, "delattr", kwnames) < 0 ||
        rt_check_positional(S, "delattr", nargs, 2, 2) < 0 || check_attr_name(S, args[1]) < 0)
        return NULL;
    if (obj_setattr(S, args[0], args[1], NULL) < 0) return NULL;
    return ph_none(S);
}

/* ---- namespaces ---- */

static PhObject *bi_globals(PhState *S, PhObject *self, PhObject *const *args, size_t nargs,
                            PhObject *kwnames)
{
    if (rt_no_args(S, "globals", nargs, kwnames) < 0) return NULL;
    if (!S->frame) return dict_new(S);
    INCREF(S->frame->globals);
    return S->frame->globals;
}

static PhObject *current_locals(PhState *S)
{
    PhFrame *f = S->frame;
    if (!f) return dict_new(S);
    if (f->locals) {
        INCREF(f->locals);
        return f->locals;
    }
    return frame_locals_dict(S, f);
}

static PhObject *bi_locals(PhState *S, PhObject *self, PhObject *const *args, size_t nargs,
                           PhObject *kwnames)
{
    if (rt_no_args(S, "locals", nargs, kwnames) < 0) return NULL;
    return current_locals(S);
}

static PhObject *bi_vars(PhState *S, PhObject *self, PhObject *const *args, size_t nargs,
                         PhObject *kwnames)
{
    if (rt_no_kwargs(S, "vars", kwnames) < 0 || rt_check_positional(S, "vars", nargs, 0, 1) < 0)
        return NULL;
    if (nargs == 0) return current_locals(S);
    PhObject *d = obj_getattr(S, args[0], ID(S, __dict__));
    if (!d && err_matches(S, (PhObject *)&S->exc.AttributeError)) {
        err_clear(S);
        return err_format(S, &S->exc.TypeError, "vars() argument must have __dict__ attribute");
    }
    return d;
}

/* Adds the keys of a dict to the set of names. */
static int add_dict_keys(PhState *S, PhObject *names, PhObject *d)
{
    if (!d || !obj_type_check(d, &S->types.dict)) return 0;
    ssize_t pos = 0;
    PhObject *k, *v;
    while (dict_next(d, &pos, &k, &v))
        if (dict_setitem(S, names, k, PH_NONE(S)) < 0) return -1;
    return 0;
}

/* Names visible on a type: every dict along its MRO. */
static int add_type_names(PhState *S, PhObject *names, PhType *t)
{
    PhObject *mro = t->mro;
    if (!mro || !obj_type_check(mro, &S->types.tuple)) return add_dict_keys(S, names, t->dict);
    for (ssize_t i = 0; i < TUPLE_LEN(mro); i++) {
        PhType *b = (PhType *)TUPLE_GET(mro, i);
        if (add_dict_keys(S, names, b->dict) < 0) return -1;
    }
    return 0;
}

/* dir(obj) without a __dir__ of the object's own: the instance dict, then
 * the names of its class (or, for a class, of the class itself). */
static PhObject *default_dir(PhState *S, PhObject *o)
{
    PhObject *names = dict_new(S);
    if (!names) return NULL;
    int rc;
    if (o->type == &S->types.module) {
        rc = add_dict_keys(S, names, MODULE_DICT(o));
    } else if (obj_type_check(o, &S->types.type)) {
        rc = add_type_names(S, names, (PhType *)o);
    } else {
        PhObject *d = obj_lookup_attr(S, o, ID(S, __dict__));
        rc = err_occurred(S) ? -1 : add_dict_keys(S, names, d);
        XDECREF(S, d);
        if (rc == 0) rc = add_type_names(S, names, o->type);
    }
    PhObject *list = rc < 0 ? NULL : dict_keys_list(S, names);
    DECREF(S, names);
    return list;
}

static PhObject *bi_dir(PhState *S, PhObject *self, PhObject *const *args, size_t nargs,
                        PhObject *kwnames)
{
    if (rt_no_kwargs(S, "dir", kwnames) < 0 || rt_check_positional(S, "dir", nargs, 0, 1) < 0)
        return NULL;
    PhObject *list;
    if (nargs == 0) {
        PhObject *loc = current_locals(S);
        if (!loc) return NULL;
        list = obj_type_check(loc, &S->types.dict) ? dict_keys_list(S, loc)
                                                    : list_from_iterable(S, loc);
        DECREF(S, loc);
    } else {
        PhObject *name = str_from_cstr(S, "__dir__");
        if (!name) return NULL;
        PhObject *meth = rt_lookup_special(S, args[0], name);
        DECREF(S, name);
        if (meth) {
            PhObject *r = obj_call0(S, meth);
            DECREF(S, meth);
            if (!r) return NULL;
            list = list_from_iterable(S, r);
            DECREF(S, r);
        } else {
            if (err_occurred(S)) return NULL;
            list = default_dir(S, args[0]);
        }
    }
    if (!list) return NULL;
    if (list_sort(S, list, NULL, false) < 0) {
        DECREF(S, list);
        return NULL;
    }
    return list;
}

/* ==== numbers ======================================================================= */

static PhObject *bi_abs(PhState *S, PhObject *self, PhObject *const *args, size_t nargs,
                        PhObject *kwnames)
{
    if (rt_one_arg(S, "abs", nargs, kwnames) < 0) return NULL;
    return num_absolute(S, args[0]);
}

static PhObject *to_base(PhState *S, const char *fname, PhObject *const *args, size_t nargs,
                         PhObject *kwnames, int base)
{
    if (rt_one_arg(S, fname, nargs, kwnames) < 0) return NULL;
    PhObject *v = num_index(S, args[0]);
    if (!v) return NULL;
    PhObject *r = int_to_base_str(S, v, base);
    DECREF(S, v);
    return r;
}

static PhObject *bi_hex(PhState *S, PhObject *self, PhObject *const *args, size_t nargs,
                        PhObject *kwnames)
{
    return to_base(S, "hex", args, nargs, kwnames, 16);
}

static PhObject *bi_oct(PhState *S, PhObject *self, PhObject *const *args, size_t nargs,
                        PhObject *kwnames)
{
    return to_base(S, "oct", args, nargs, kwnames, 8);
}

static PhObject *bi_bin(PhState *S, PhObject *self, PhObject *const *args, size_t nargs,
                        PhObject *kwnames)
{
    return to_base(S, "bin", args, nargs, kwnames, 2);
}

static PhObject *bi_chr(PhState *S, PhObject *self, PhObject *const *args, size_t nargs,
                        PhObject *kwnames)
{
    if (rt_one_arg(S, "chr", nargs, kwnames) < 0) return NULL;
    int c;
    if (rt_as_int(S, args[0], &c) < 0) return NULL;
    if (c < 0 || c > 0x10FFFF)
        return err_format(S, &S->exc.ValueError, "chr() arg not in range(0x110000)");
    return str_from_codepoint(S, (uint32_t)c);
}

static PhObject *bi_ord(PhState *S, PhObject *self, PhObject *const *args, size_t nargs,
                        PhObject *kwnames)
{
    if (rt_one_arg(S, "ord", nargs, kwnames) < 0) return NULL;
    int64_t c = str_ord(S, args[0]);
    return c < 0 ? NULL : int_from_i64(S, c);
}

static PhObject *bi_divmod(PhState *S, PhObject *self, PhObject *const *args, size_t nargs,
                           PhObject *kwnames)
{
    if (rt_no_kwargs(S, "divmod", kwnames) < 0 ||
        rt_check_positional(S, "divmod", nargs, 2, 2) < 0)
        return NULL;
    return num_binary(S, args[0], args[1], BINOP_DIVMOD);
}

static const char *const pow_kwlist[] = {"base", "exp", "mod"};
static const ArgSpec pow_spec = {"pow", pow_kwlist, 3, 0, 3, 2};

static PhObject *bi_pow(PhState *S, PhObject *self, PhObject *const *args, size_t nargs,
                        PhObject *kwnames)
{
    PhObject *a[3];
    if (args_bind(S, &pow_spec, args, nargs, kwnames, a) < 0) return NULL;
    return num_power(S, a[0], a[1], a[2] ? a[2] : PH_NONE(S));
}

static const char *const round_kwlist[] = {"number", "ndigits"};
static const ArgSpec round_spec = {"round", round_kwlist, 2, 0, 2, 1};

static PhObject *bi_round(PhState *S, PhObject *self, PhObject *const *args, size_t nargs,
                          PhObject *kwnames)
{
    PhObject *a[2];
    if (args_bind(S, &round_spec, args, nargs, kwnames, a) < 0) return NULL;
    PhObject *meth = rt_lookup_special(S, a[0], ID(S, __round__));
    if (!meth) {
        if (err_occurred(S)) return NULL;
        return err_format(S, &S->exc.TypeError, "type %s doesn't define __round__ method",
                          a[0]->type->name);
    }
    PhObject *r = (a[1] && a[1] != PH_NONE(S)) ? obj_call1(S, meth, a[1]) : obj_call0(S, meth);
    DECREF(S, meth);
    return r;
}

/* sum(iterable, /, start=0) */
static const char *const sum_kwlist[] = {"iterable", "start"};
static const ArgSpec sum_spec = {"sum", sum_kwlist, 2, 1, 2, 1};

static PhObject *bi_sum(PhState *S, PhObject *self, PhObject *const *args, size_t nargs,
                        PhObject *kwnames)
{
    PhObject *a[2];
    if (args_bind(S, &sum_spec, args, nargs, kwnames, a) < 0) return NULL;
    PhObject *result = a[1];
    if (result) {
        if (is_str(result))
            return err_format(S, &S->exc.TypeError,
                              "sum() can't sum strings [use ''.join(seq) instead]");
        if (bytes_check(result))
            return err_format(S, &S->exc.TypeError,
                              "sum() can't sum bytes [use b''.join(seq) instead]");
        INCREF(result);
    } else {
        result = int_from_i64(S, 0);
    }
    PhObject *it = obj_iter(S, a[0]);
    if (!it) {
        DECREF(S, result);
        return NULL;
    }
    PhObject *item;
    /* CPython's fast paths: while the total is an exact int that fits in a
     * C long and the items are exact ints or bools, it is kept in C (no
     * intermediate objects); then likewise for an exact float total and
     * items that are floats or ints fitting in a long. Either falls back
     * to adding objects at the first item it cannot take. */
    if (result->type == &S->types.int_) {
        int overflow;
        int64_t acc = int_as_i64(result, &overflow);
        if (!overflow) {
            CLEAR(S, result);
            while (!result) {
                item = obj_iternext(S, it);
                if (!item) {
                    DECREF(S, it);
                    return err_occurred(S) ? NULL : int_from_i64(S, acc);
                }
                if (item->type == &S->types.int_ || item->type == &S->types.bool_) {
                    int64_t b = int_as_i64(item, &overflow);
                    if (!overflow && (acc >= 0 ? b <= INT64_MAX - acc : b >= INT64_MIN - acc)) {
                        acc += b;
                        DECREF(S, item);
                        continue;
                    }
                }
                PhObject *total = int_from_i64(S, acc);
                result = total ? num_binary(S, total, item, BINOP_ADD) : NULL;
                XDECREF(S, total);
                DECREF(S, item);
                if (!result) {
                    DECREF(S, it);
                    return NULL;
                }
            }
        }
    }
    if (result->type == &S->types.float_) {
        double acc = float_value(result);
        CLEAR(S, result);
        while (!result) {
            item = obj_iternext(S, it);
            if (!item) {
                DECREF(S, it);
                return err_occurred(S) ? NULL : float_from_double(S, acc);
            }
            if (item->type == &S->types.float_) {
                acc += float_value(item);
                DECREF(S, item);
                continue;
            }
            if (int_check(item)) {
                int overflow;
                int64_t v = int_as_i64(item, &overflow);
                if (!overflow) {
                    acc += (double)v;
                    DECREF(S, item);
                    continue;
                }
            }
            PhObject *total = float_from_double(S, acc);
            result = total ? num_binary(S, total, item, BINOP_ADD) : NULL;
            XDECREF(S, total);
            DECREF(S, item);
            if (!result) {
                DECREF(S, it);
                return NULL;
            }
        }
    }
    while ((item = obj_iternext(S, it)) != NULL) {
        PhObject *r = num_binary(S, result, item, BINOP_ADD);
        DECREF(S, item);
        DECREF(S, result);
        result = r;
        if (!r) break;
    }
    DECREF(S, it);
    if (result && err_occurred(S)) CLEAR(S, result);
    return result;
}

/* ==== iteration ===================================================================== */

static PhObject *bi_iter(PhState *S, PhObject *self, PhObject *const *args, size_t nargs,
                         PhObject *kwnames)
{
    if (rt_no_kwargs(S, "iter", kwnames) < 0 || rt_check_positional(S, "iter", nargs, 1, 2) < 0)
        return NULL;
    if (nargs == 1) return obj_iter(S, args[0]);
    if (!obj_is_callable(args[0]))
        return err_format(S, &S->exc.TypeError, "iter(v, w): v must be callable");
    return callable_iter_new(S, args[0], args[1]);
}

static PhObject *bi_next(PhState *S, PhObject *self, PhObject *const *args, size_t nargs,
                         PhObject *kwnames)
{
    if (rt_no_kwargs(S, "next", kwnames) < 0 || rt_check_positional(S, "next", nargs, 1, 2) < 0)
        return NULL;
    PhObject *it = args[0];
    if (!it->type->iternext)
        return err_format(S, &S->exc.TypeError, "'%s' object is not an iterator", it->type->name);
    PhObject *r = it->type->iternext(S, it);
    if (r) return r;
    if (err_occurred(S)) {
        if (nargs < 2 || !err_matches(S, (PhObject *)&S->exc.StopIteration)) return NULL;
        err_clear(S);
    }
    if (nargs == 2) {
        INCREF(args[1]);
        return args[1];
    }
    err_set_object(S, &S->exc.StopIteration, NULL);
    return NULL;
}

/* any() and all(): stops at the first item whose truth is `stop_on`. */
static PhObject *any_all(PhState *S, const char *fname, PhObject *const *args, size_t nargs,
                         PhObject *kwnames, int stop_on)
{
    if (rt_one_arg(S, fname, nargs, kwnames) < 0) return NULL;
    PhObject *it = obj_iter(S, args[0]);
    if (!it) return NULL;
    PhObject *item;
    int found = 0;
    while ((item = obj_iternext(S, it)) != NULL) {
        int t = obj_is_true(S, item);
        DECREF(S, item);
        if (t < 0) {
            DECREF(S, it);
            return NULL;
        }
        if (t == stop_on) {
            found = 1;
            break;
        }
    }
    DECREF(S, it);
    if (err_occurred(S)) return NULL;
    return ph_bool(S, found ? stop_on : !stop_on);
}

static PhObject *bi_any(PhState *S, PhObject *self, PhObject *const *args, size_t nargs,
                        PhObject *kwnames)
{
    return any_all(S, "any", args, nargs, kwnames, 1);
}

static PhObject *bi_all(PhState *S, PhObject *self, PhObject *const *args, size_t nargs,
                        PhObject *kwnames)
{
    return any_all(S, "all", args, nargs, kwnames, 0);
}

/* min() and max(): op is CMP_LT or CMP_GT; the first extreme item wins. */
static PhObject *min_max(PhState *S, PhObject *const *args, size_t nargs, PhObject *kwnames,
                         int op)
{
    const char *fname = op == CMP_LT ? "min" : "max";
    PhObject *key = NULL, *dflt = NULL;
    for (size_t k = 0; k < kw_count(kwnames); k++) {
        PhObject *name = TUPLE_GET(kwnames, k);
        if (str_eq_cstr(name, "key")) key = args[nargs + k];
        else if (str_eq_cstr(name, "default")) dflt = args[nargs + k];
        else
            return err_format(S, &S->exc.TypeError, "'%U' is an invalid keyword argument for %s()",
                              name, fname);
    }
    if (nargs == 0)
        return err_format(S, &S->exc.TypeError, "%s expected at least 1 argument, got 0", fname);
    if (nargs > 1 && dflt)
        return err_format(S, &S->exc.TypeError,
                          "Cannot specify a default for %s() with multiple positional arguments",
                          fname);
    if (key == PH_NONE(S)) key = NULL;
    PhObject *seq = nargs == 1 ? args[0] : NULL;
    PhObject *tuple = NULL;
    if (!seq) {
        tuple = tuple_from_array(S, args, (ssize_t)nargs);
        if (!tuple) return NULL;
        seq = tuple;
    }
    PhObject *it = obj_iter(S, seq);
    XDECREF(S, tuple);
    if (!it) return NULL;
    PhObject *best = NULL, *best_key = NULL, *item;
    while ((item = obj_iternext(S, it)) != NULL) {
        PhObject *k = item;
        if (key) {
            k = obj_call1(S, key, item);
            if (!k) {
                DECREF(S, item);
                goto fail;
            }
        } else {
            INCREF(k);
        }
        if (!best) {
            best = item;
            best_key = k;
            continue;
        }
        int c = obj_richcompare_bool(S, k, best_key, op);
        if (c < 0) {
            DECREF(S, item);
            DECREF(S, k);
            goto fail;
        }
        if (c > 0) {
            DECREF(S, best);
            DECREF(S, best_key);
            best = item;
            best_key = k;
        } else {
            DECREF(S, item);
            DECREF(S, k);
        }
    }
    if (err_occurred(S)) goto fail;
    DECREF(S, it);
    if (best) {
        DECREF(S, best_key);
        return best;
    }
    if (dflt) {
        INCREF(dflt);
        return dflt;
    }
    return err_format(S, &S->exc.ValueError, "%s() arg is an empty sequence", fname);
fail:
    DECREF(S, it);
    XDECREF(S, best);
    XDECREF(S, best_key);
    return NULL;
}

static PhObject *bi_min(PhState *S, PhObject *self, PhObject *const *args, size_t nargs,
                        PhObject *kwnames)
{
    return min_max(S, args, nargs, kwnames, CMP_LT);
}

static PhObject *bi_max(PhState *S, PhObject *self, PhObject *const *args, size_t nargs,
                        PhObject *kwnames)
{
    return min_max(S, args, nargs, kwnames, CMP_GT);
}

/* sorted(iterable, /, *, key=None, reverse=False): list(iterable).sort(...) */
static PhObject *bi_sorted(PhState *S, PhObject *self, PhObject *const *args, size_t nargs,
                           PhObject *kwnames)
{
    if (nargs != 1)
        return err_format(S, &S->exc.TypeError, "sorted expected 1 argument, got %zu", nargs);
    PhObject *key = NULL, *reverse = NULL;
    for (size_t k = 0; k < kw_count(kwnames); k++) {
        PhObject *name = TUPLE_GET(kwnames, k);
        if (str_eq_cstr(name, "key")) key = args[nargs + k];
        else if (str_eq_cstr(name, "reverse")) reverse = args[nargs + k];
        else
            return err_format(S, &S->exc.TypeError,
                              "'%U' is an invalid keyword argument for sort()", name);
    }
    bool rev = false;
    if (reverse) {
        int r;
        if (rt_as_int(S, reverse, &r) < 0) return NULL;
        rev = r != 0;
    }
    PhObject *list = list_from_iterable(S, args[0]);
    if (!list) return NULL;
    if (list_sort(S, list, key == PH_NONE(S) ? NULL : key, rev) < 0) {
        DECREF(S, list);
        return NULL;
    }
    return list;
}

/* ==== running code: eval, exec, compile, __import__, __build_class__ ================ */

/* The source of eval/exec/compile as UTF-8: str or bytes. */
static const char *source_text(PhState *S, PhObject *src, const char *fname, size_t *len)
{
    if (is_str(src)) return str_as_utf8(S, src, len);
    if (bytes_check(src)) {
        *len = (size_t)BYTES_LEN(src);
        return BYTES_DATA(src);
    }
    err_format(S, &S->exc.TypeError, "%s() arg 1 must be a string, bytes or code object", fname);
    return NULL;
}

/* Globals and locals for eval/exec: the caller's by default; a given
 * globals dict gets __builtins__ when it lacks one, as in CPython. */
static int eval_namespaces(PhState *S, const char *fname, PhObject *g, PhObject *l,
                           PhObject **globals, PhObject **locals)
{
    if (g == PH_NONE(S)) g = NULL;
    if (l == PH_NONE(S)) l = NULL;
    if (g && !obj_type_check(g, &S->types.dict)) {
        err_format(S, &S->exc.TypeError, "%s() globals must be a dict, not %s", fname,
                   g->type->name);
        return -1;
    }
    if (!g) {
        if (!S->frame) {
            err_format(S, &S->exc.SystemError, "%s(): no current frame", fname);
            return -1;
        }
        g = S->frame->globals;
        if (!l) l = S->frame->locals ? S->frame->locals : NULL;
        if (!l) {
            l = frame_locals_dict(S, S->frame);
            if (!l) return -1;
            *globals = g;
            *locals = l; /* owned */
            INCREF(g);
            return 0;
        }
    } else if (!l) {
        l = g;
    }
    if (dict_getitem_str(S, g, "__builtins__") == NULL) {
        if (err_occurred(S)) return -1;
        PhObject *b = RT(S) ? RT(S)->builtins_module : S->builtins;
        if (b && dict_setitem_str(S, g, "__builtins__", b) < 0) return -1;
    }
    INCREF(g);
    INCREF(l);
    *globals = g;
    *locals = l;
    return 0;
}

static PhObject *run_source(PhState *S, const char *fname, PhObject *const *args, size_t nargs,
                            PhObject *kwnames, int mode)
{
    if (rt_no_kwargs(S, fname, kwnames) < 0 || rt_check_positional(S, fname, nargs, 1, 3) < 0)
        return NULL;
    PhObject *code;
    if (code_check(S, args[0])) {
        code = args[0];
        INCREF(code);
    } else {
        size_t len;
        const char *src = source_text(S, args[0], fname, &len);
        if (!src) return NULL;
        if (mode == COMPILE_EVAL) /* eval() ignores leading blanks */
            while (len && (*src == ' ' || *src == '\t')) src++, len--;
        code = compile_source(S, src, len, "<string>", mode);
        if (!code) return NULL;
    }
    PhObject *g, *l;
    if (eval_namespaces(S, fname, nargs > 1 ? args[1] : NULL, nargs > 2 ? args[2] : NULL, &g,
                        &l) < 0) {
        DECREF(S, code);
        return NULL;
    }
    PhObject *r = eval_code(S, code, g, l);
    DECREF(S, code);
    DECREF(S, g);
    DECREF(S, l);
    if (r && mode == COMPILE_EXEC) {
        DECREF(S, r);
        return ph_none(S);
    }
    return r;
}

static PhObject *bi_eval(PhState *S, PhObject *self, PhObject *const *args, size_t nargs,
                         PhObject *kwnames)
{
    return run_source(S, "eval", args, nargs, kwnames, COMPILE_EVAL);
}

static PhObject *bi_exec(PhState *S, PhObject *self, PhObject *const *args, size_t nargs,
                         PhObject *kwnames)
{
    return run_source(S, "exec", args, nargs, kwnames, COMPILE_EXEC);
}

static const char *const compile_kwlist[] = {"source", "filename", "mode", "flags",
                                             "dont_inherit", "optimize", "_feature_version"};
static const ArgSpec compile_spec = {"compile", compile_kwlist, 7, 0, 6, 3};

static PhObject *bi_compile(PhState *S, PhObject *self, PhObject *const *args, size_t nargs,
                            PhObject *kwnames)
{
    PhObject *a[7];
    if (args_bind(S, &compile_spec, args, nargs, kwnames, a) < 0) return NULL;
    if (!is_str(a[2]))
        return err_format(S, &S->exc.TypeError, "compile() argument 'mode' must be str, not %s",
                          a[2]->type->name);
    int mode;
    if (str_eq_cstr(a[2], "exec")) mode = COMPILE_EXEC;
    else if (str_eq_cstr(a[2], "eval")) mode = COMPILE_EVAL;
    else if (str_eq_cstr(a[2], "single")) mode = COMPILE_SINGLE;
    else
        return err_format(S, &S->exc.ValueError,
                          "compile() mode must be 'exec', 'eval' or 'single'");
    if (!is_str(a[1]))
        return err_format(S, &S->exc.TypeError,
                          "expected str, bytes or os.PathLike object, not %s", a[1]->type->name);
    const char *filename = str_as_utf8(S, a[1], NULL);
    if (!filename) return NULL;
    size_t len;
    const char *src = source_text(S, a[0], "compile", &len);
    if (!src) return NULL;
    return compile_source(S, src, len, filename, mode);
}

static const char *const import_kwlist[] = {"name", "globals", "locals", "fromlist", "level"};
static const ArgSpec import_spec = {"__import__", import_kwlist, 5, 0, 5, 1};

static PhObject *bi_import(PhState *S, PhObject *self, PhObject *const *args, size_t nargs,
                           PhObject *kwnames)
{
    PhObject *a[5];
    if (args_bind(S, &import_spec, args, nargs, kwnames, a) < 0) return NULL;
    if (!is_str(a[0])) return err_format(S, &S->exc.TypeError, "module name must be a string");
    int level = 0;
    if (a[4] && rt_as_int(S, a[4], &level) < 0) return NULL;
    if (level < 0) return err_format(S, &S->exc.ValueError, "level must be >= 0");
    if (level == 0 && str_len(a[0]) == 0)
        return err_format(S, &S->exc.ValueError, "Empty module name");
    return vm_import(S, a[0], a[3] ? a[3] : PH_NONE(S), level);
}

/* ---- exit and quit: instances of _sitebuiltins.Quitter, as the site
 * module makes them: calling one raises SystemExit(code), and its repr is
 * the hint the prompt shows for a bare `exit`. */

static PhObject *quitter_call(PhState *S, PhObject *callable, PhObject *const *args,
                              size_t nargs, PhObject *kwnames)
{
    static const char *const names[] = {"self", "code"};
    size_t nkw = kw_count(kwnames);
    if (nargs > 2 || nargs + nkw > 2)
        return err_format(S, &S->exc.TypeError,
                          "Quitter.__call__() takes from 1 to 2 positional arguments but %zu "
                          "were given",
                          nargs);
    PhObject *code = nargs == 2 ? args[1] : NULL;
    for (size_t k = 0; k < nkw; k++) {
        PhObject *name = TUPLE_GET(kwnames, k);
        if (!str_eq_cstr(name, names[1]) || code)
            return err_format(S, &S->exc.TypeError,
                              code ? "Quitter.__call__() got multiple values for argument 'code'"
                                   : "Quitter.__call__() got an unexpected keyword argument '%U'",
                              name);
        code = args[nargs + k];
    }
    err_set_object(S, &S->exc.SystemExit, code);
    return NULL;
}

static PhObject *quitter_repr(PhState *S, PhObject *callable, PhObject *const *args,
                              size_t nargs, PhObject *kwnames)
{
    if (nargs != 1) return err_format(S, &S->exc.TypeError, "__repr__() takes no arguments");
    PhObject *name = obj_getattr_str(S, args[0], "name");
    if (!name) return NULL;
    PhObject *r = str_from_format(S, "Use %S() or Ctrl-D (i.e. EOF) to exit", name);
    DECREF(S, name);
    return r;
}

static const PhMethodDef quitter_call_def = {"__call__", quitter_call, METH_DEFAULT, NULL};
static const PhMethodDef quitter_repr_def = {"__repr__", quitter_repr, METH_DEFAULT, NULL};

static int set_method(PhState *S, PhObject *cls, const PhMethodDef *def)
{
    PhObject *d = descr_new_method(S, (PhType *)cls, def);
    int rc = d ? obj_setattr_str(S, cls, def->name, d) : -1;
    XDECREF(S, d);
    return rc;
}

static PhObject *quitter_class(PhState *S)
{
    PhObject *name = str_from_cstr(S, "Quitter"), *ns = dict_new(S);
    PhObject *mod = str_from_cstr(S, "_sitebuiltins");
    PhObject *bases = tuple_pack(S, 1, (PhObject *)&S->types.object), *cls = NULL;
    if (name && ns && mod && bases && dict_setitem_str(S, ns, "__module__", mod) == 0)
        cls = type_new_class(S, &S->types.type, name, bases, ns);
    if (cls && (set_method(S, cls, &quitter_call_def) < 0 ||
                set_method(S, cls, &quitter_repr_def) < 0))
        CLEAR(S, cls);
    XDECREF(S, name);
    XDECREF(S, ns);
    XDECREF(S, mod);
    XDECREF(S, bases);
    return cls;
}

static int add_quitters(PhState *S, PhObject *mod)
{
    PhObject *cls = quitter_class(S);
    if (!cls) return -1;
    int rc = 0;
    const char *names[2] = {"exit", "quit"};
    for (int i = 0; i < 2 && rc == 0; i++) {
        PhObject *q = obj_call0(S, cls);
        PhObject *n = q ? str_from_cstr(S, names[i]) : NULL;
        rc = n && obj_setattr_str(S, q, "name", n) == 0 ? module_add_object(S, mod, names[i], q)
                                                        : -1;
        XDECREF(S, n);
        XDECREF(S, q);
    }
    DECREF(S, cls);
    return rc;
}

static const PhMethodDef builtin_functions[] = {
    {"__build_class__", type_build_class, METH_DEFAULT, NULL},
    {"__import__", bi_import, METH_DEFAULT, NULL},
    {"abs", bi_abs, METH_DEFAULT, NULL},
    {"all", bi_all, METH_DEFAULT, NULL},
    {"any", bi_any, METH_DEFAULT, NULL},
    {"ascii", bi_ascii, METH_DEFAULT, NULL},
    {"bin", bi_bin, METH_DEFAULT, NULL},
    {"callable", bi_callable, METH_DEFAULT, NULL},
    {"chr", bi_chr, METH_DEFAULT, NULL},
    {"compile", bi_compile, METH_DEFAULT, NULL},
    {"delattr", bi_delattr, METH_DEFAULT, NULL},
    {"dir", bi_dir, METH_DEFAULT, NULL},
    {"divmod", bi_divmod, METH_DEFAULT, NULL},
    {"eval", bi_eval, METH_DEFAULT, NULL},
    {"exec", bi_exec, METH_DEFAULT, NULL},
    {"format", bi_format, METH_DEFAULT, NULL},
    {"getattr", bi_getattr, METH_DEFAULT, NULL},
    {"globals", bi_globals, METH_DEFAULT, NULL},
    {"hasattr", bi_hasattr, METH_DEFAULT, NULL},
    {"hash", bi_hash, METH_DEFAULT, NULL},
    {"hex", bi_hex, METH_DEFAULT, NULL},
    {"id", bi_id, METH_DEFAULT, NULL},
    {"input", bi_input, METH_DEFAULT, NULL},
    {"isinstance", bi_isinstance, METH_DEFAULT, NULL},
    {"issubclass", bi_issubclass, METH_DEFAULT, NULL},
    {"iter", bi_iter, METH_DEFAULT, NULL},
    {"len", bi_len, METH_DEFAULT, NULL},
    {"locals", bi_locals, METH_DEFAULT, NULL},
    {"max", bi_max, METH_DEFAULT, NULL},
    {"min", bi_min, METH_DEFAULT, NULL},
    {"next", bi_next, METH_DEFAULT, NULL},
    {"oct", bi_oct, METH_DEFAULT, NULL},
    {"open", textio_open, METH_DEFAULT, NULL},
    {"ord", bi_ord, METH_DEFAULT, NULL},
    {"pow", bi_pow, METH_DEFAULT, NULL},
    {"print", bi_print, METH_DEFAULT, NULL},
    {"repr", bi_repr, METH_DEFAULT, NULL},
    {"round", bi_round, METH_DEFAULT, NULL},
    {"setattr", bi_setattr, METH_DEFAULT, NULL},
    {"sorted", bi_sorted, METH_DEFAULT, NULL},
    {"sum", bi_sum, METH_DEFAULT, NULL},
    {"vars", bi_vars, METH_DEFAULT, NULL},
    {NULL, NULL, 0, NULL},
};

/* ==== the module ===================================================================== */

static int add_types(PhState *S, PhObject *mod)
{
    struct {
        const char *name;
        PhType *type;
    } types[] = {
        {"bool", &S->types.bool_},
        {"bytearray", &S->types.bytearray},
        {"bytes", &S->types.bytes},
        {"classmethod", &S->types.classmethod},
        {"complex", &S->types.complex},
        {"dict", &S->types.dict},
        {"enumerate", &S->types.enumerate},
        {"filter", &S->types.filter},
        {"float", &S->types.float_},
        {"frozenset", &S->types.frozenset},
        {"int", &S->types.int_},
        {"list", &S->types.list},
        {"map", &S->types.map},
        {"object", &S->types.object},
        {"property", &S->types.property},
        {"range", &S->types.range},
        {"reversed", &S->types.reversed},
        {"set", &S->types.set},
        {"slice", &S->types.slice},
        {"staticmethod", &S->types.staticmethod},
        {"str", &S->types.str},
        {"super", &S->types.super},
        {"tuple", &S->types.tuple},
        {"type", &S->types.type},
        {"zip", &S->types.zip},
    };
    for (size_t i = 0; i < sizeof types / sizeof types[0]; i++)
        if (module_add_object(S, mod, types[i].name, (PhObject *)types[i].type) < 0) return -1;
#define ADD_EXC(name, base)                                                                      \
    if (module_add_object(S, mod, #name, (PhObject *)&S->exc.name) < 0) return -1;
    PH_EXCEPTION_TYPES(ADD_EXC)
#undef ADD_EXC
    /* Aliases CPython keeps for old code. */
    if (module_add_object(S, mod, "EnvironmentError", (PhObject *)&S->exc.OSError) < 0 ||
        module_add_object(S, mod, "IOError", (PhObject *)&S->exc.OSError) < 0)
        return -1;
    return 0;
}

PhObject *builtins_module_create(PhState *S)
{
    PhObject *mod = module_new(S, "builtins");
    if (!mod) return NULL;
    if (module_add_functions(S, mod, builtin_functions) < 0 || add_types(S, mod) < 0 ||
        add_quitters(S, mod) < 0 ||
        module_add_object(S, mod, "None", PH_NONE(S)) < 0 ||
        module_add_object(S, mod, "Ellipsis", PH_ELLIPSIS(S)) < 0 ||
        module_add_object(S, mod, "NotImplemented", PH_NOTIMPL(S)) < 0 ||
        module_add_object(S, mod, "False", PH_FALSE(S)) < 0 ||
        module_add_object(S, mod, "True", PH_TRUE(S)) < 0 ||
        module_add_object(S, mod, "__debug__", PH_TRUE(S)) < 0) {
        DECREF(S, mod);
        return NULL;
    }
    return mod;
}
