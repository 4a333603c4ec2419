/* Builtin exception types and their instances.
 *
 * Every builtin exception shares PhBaseException's layout (CPython's
 * PyBaseExceptionObject: getsizeof(ValueError()) == 88). Attributes a type
 * adds (SyntaxError.lineno, OSError.errno, StopIteration.value, ...) are
 * kept in the instance __dict__, created by that type's __init__.
 */
#include "exceptions.h"

#include "abstract.h"
#include "bytes.h"
#include "descr.h"
#include "dict.h"
#include "int.h"
#include "list.h"
#include "str.h"
#include "traceback.h"
#include "tuple.h"
#include "typeobject.h"
#include "vm/errors.h"
#include "vm/state.h"

#include <errno.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>

#define EXC(o) ((PhBaseException *)(o))

static int exc_traverse(PhObject *self, visitproc visit, void *arg)
{
    PhBaseException *e = EXC(self);
    VISIT(e->dict);
    VISIT(e->args);
    VISIT(e->notes);
    VISIT(e->traceback);
    VISIT(e->context);
    VISIT(e->cause);
    return 0;
}

static int exc_clear(PhState *S, PhObject *self)
{
    PhBaseException *e = EXC(self);
    CLEAR(S, e->dict);
    CLEAR(S, e->args);
    CLEAR(S, e->notes);
    CLEAR(S, e->traceback);
    CLEAR(S, e->context);
    CLEAR(S, e->cause);
    return 0;
}

static void exc_dealloc(PhState *S, PhObject *self)
{
    gc_untrack(self);
    exc_clear(S, self);
    obj_free(S, self);
}

/* Allocates an instance of exc_type (which may be a subclass) with args. */
PhObject *exc_new(PhState *S, PhType *exc_type, PhObject *args)
{
    PhBaseException *e =
        (PhBaseException *)obj_alloc(S, exc_type, (size_t)exc_type->basicsize);
    if (!e) return err_no_memory(S);
    /* Subclasses may add __slots__ after the base layout: start them NULL. */
    memset((char *)e + sizeof(PhObject), 0, (size_t)exc_type->basicsize - sizeof(PhObject));
    if (!args) args = S->empty_tuple;
    INCREF(args);
    e->args = args;
    gc_track(S, (PhObject *)e);
    return (PhObject *)e;
}

/* ---- small helpers ---------------------------------------------------------------- */

static bool kw_given(PhObject *kwnames) { return kwnames && TUPLE_LEN(kwnames) > 0; }

/* The instance dict, created on first use (borrowed). */
static PhObject *exc_dict(PhState *S, PhObject *self)
{
    PhBaseException *e = EXC(self);
    if (!e->dict) {
        e->dict = dict_new(S);
        if (!e->dict) return NULL;
    }
    return e->dict;
}

static int exc_set_attr(PhState *S, PhObject *self, const char *name, PhObject *v)
{
    PhObject *d = exc_dict(S, self);
    if (!d) return -1;
    return dict_setitem_str(S, d, name, v ? v : PH_NONE(S));
}

PhObject *exc_get_attr(PhState *S, PhObject *exc, const char *name)
{
    PhObject *d = EXC(exc)->dict;
    if (!d) return NULL;
    PhObject *v = dict_getitem_str(S, d, name);
    if (!v && err_occurred(S)) err_clear(S);
    return v;
}

static PhObject *args_tuple(PhState *S, PhObject *const *args, size_t nargs)
{
    return tuple_from_array(S, args, (ssize_t)nargs);
}

/* Replaces e.args with a new tuple of args. */
static int exc_store_args(PhState *S, PhObject *self, PhObject *const *args, size_t nargs)
{
    PhObject *t = args_tuple(S, args, nargs);
    if (!t) return -1;
    PhObject *old = EXC(self)->args;
    EXC(self)->args = t;
    XDECREF(S, old);
    return 0;
}

/* ---- BaseException ------------------------------------------------------------------- */

static PhObject *base_new(PhState *S, PhType *t, PhObject *const *args, size_t nargs,
                          PhObject *kwnames)
{
    PhObject *tup = args_tuple(S, args, nargs);
    if (!tup) return NULL;
    PhObject *e = exc_new(S, t, tup);
    DECREF(S, tup);
    return e;
}

static int base_init(PhState *S, PhObject *self, PhObject *const *args, size_t nargs,
                     PhObject *kwnames)
{
    if (kw_given(kwnames)) {
        err_format(S, &S->exc.TypeError, "%s() takes no keyword arguments", self->type->name);
        return -1;
    }
    return exc_store_args(S, self, args, nargs);
}

static PhObject *base_str(PhState *S, PhObject *self)
{
    PhObject *args = EXC(self)->args;
    ssize_t n = args ? TUPLE_LEN(args) : 0;
    if (n == 0) {
        INCREF(S->empty_str);
        return S->empty_str;
    }
    if (n == 1) return obj_str(S, TUPLE_GET(args, 0));
    return obj_str(S, args);
}

/* ValueError('x'), ValueError(1, 2), ValueError(): the class name is the
 * type's own name (never module-qualified). */
static PhObject *base_repr(PhState *S, PhObject *self)
{
    PhObject *args = EXC(self)->args;
    const char *name = self->type->name;
    if (args && TUPLE_LEN(args) == 1)
        return str_from_format(S, "%s(%R)", name, TUPLE_GET(args, 0));
    if (!args || TUPLE_LEN(args) == 0) return str_from_format(S, "%s()", name);
    return str_from_format(S, "%s%R", name, args);
}

static PhObject *base_with_traceback(PhState *S, PhObject *callable, PhObject *const *args,
                                     size_t nargs, PhObject *kwnames)
{
    if (nargs != 2) {
        return err_format(S, &S->exc.TypeError,
                          "BaseException.with_traceback() takes exactly one argument (%zd given)",
                          (ssize_t)nargs - 1);
    }
    PhObject *self = args[0], *tb = args[1];
    if (tb != PH_NONE(S) && tb->type != &S->types.traceback)
        return err_format(S, &S->exc.TypeError, "__traceback__ must be a traceback or None");
    PhBaseException *e = EXC(self);
    PhObject *old = e->traceback;
    e->traceback = tb == PH_NONE(S) ? NULL : tb;
    XINCREF(e->traceback);
    XDECREF(S, old);
    INCREF(self);
    return self;
}

static PhObject *base_add_note(PhState *S, PhObject *callable, PhObject *const *args,
                               size_t nargs, PhObject *kwnames)
{
    if (nargs != 2) {
        return err_format(S, &S->exc.TypeError,
                          "BaseException.add_note() takes exactly one argument (%zd given)",
                          (ssize_t)nargs - 1);
    }
    PhObject *self = args[0], *note = args[1];
    if (!obj_type_check(note, &S->types.str))
        return err_format(S, &S->exc.TypeError, "note must be a str, not '%s'", note->type->name);
    PhObject *notes = obj_lookup_attr(S, self, ID(S, __notes__));
    if (!notes) {
        if (err_occurred(S)) return NULL;
        notes = list_new(S, 0);
        if (!notes) return NULL;
        if (obj_setattr(S, self, ID(S, __notes__), notes) < 0) {
            DECREF(S, notes);
            return NULL;
        }
    }
    if (!obj_type_check(notes, &S->types.list)) {
        DECREF(S, notes);
        return err_format(S, &S->exc.TypeError, "Cannot add note: __notes__ is not a list");
    }
    int rc = list_append(S, notes, note);
    DECREF(S, notes);
    if (rc < 0) return NULL;
    return ph_none(S);
}

static PhObject *get_args(PhState *S, PhObject *self)
{
    PhObject *a = EXC(self)->args ? EXC(self)->args : S->empty_tuple;
    INCREF(a);
    return a;
}

static int set_args(PhState *S, PhObject *self, PhObject *v)
{
    if (!v) {
        err_format(S, &S->exc.TypeError, "args may not be deleted");
        return -1;
    }
    PhObject *t = tuple_from_iterable(S, v);
    if (!t) return -1;
    PhObject *old = EXC(self)->args;
    EXC(self)->args = t;
    XDECREF(S, old);
    return 0;
}

static PhObject *none_or(PhState *S, PhObject *v)
{
    if (!v) v = PH_NONE(S);
    INCREF(v);
    return v;
}

static PhObject *get_traceback(PhState *S, PhObject *self) { return none_or(S, EXC(self)->traceback); }
static PhObject *get_context(PhState *S, PhObject *self) { return none_or(S, EXC(self)->context); }
static PhObject *get_cause(PhState *S, PhObject *self) { return none_or(S, EXC(self)->cause); }

static int set_traceback(PhState *S, PhObject *self, PhObject *v)
{
    if (!v) {
        err_format(S, &S->exc.TypeError, "__traceback__ may not be deleted");
        return -1;
    }
    if (v != PH_NONE(S) && v->type != &S->types.traceback) {
        err_format(S, &S->exc.TypeError, "__traceback__ must be a traceback or None");
        return -1;
    }
    PhObject *old = EXC(self)->traceback;
    EXC(self)->traceback = v == PH_NONE(S) ? NULL : v;
    XINCREF(EXC(self)->traceback);
    XDECREF(S, old);
    return 0;
}

/* Shared by __context__ and __cause__ setters. */
static int set_chain_link(PhState *S, PhObject **slot, PhObject *v, const char *what)
{
    if (!v) {
        err_format(S, &S->exc.TypeError, "%s may not be deleted", what);
        return -1;
    }
    if (v != PH_NONE(S) && !(v->type->flags & TPFLAG_BASE_EXC_SUBCLASS)) {
        err_format(S, &S->exc.TypeError, "exception %s must be None or derive from BaseException",
                   strcmp(what, "__cause__") == 0 ? "cause" : "context");
        return -1;
    }
    PhObject *old = *slot;
    *slot = v == PH_NONE(S) ? NULL : v;
    XINCREF(*slot);
    XDECREF(S, old);
    return 0;
}

static int set_context(PhState *S, PhObject *self, PhObject *v)
{
    return set_chain_link(S, &EXC(self)->context, v, "__context__");
}

static int set_cause(PhState *S, PhObject *self, PhObject *v)
{
    if (set_chain_link(S, &EXC(self)->cause, v, "__cause__") < 0) return -1;
    EXC(self)->suppress_context = 1;
    return 0;
}

static PhObject *get_suppress(PhState *S, PhObject *self)
{
    return ph_bool(S, EXC(self)->suppress_context);
}

static int set_suppress(PhState *S, PhObject *self, PhObject *v)
{
    if (!v) {
        err_format(S, &S->exc.TypeError, "can't delete attribute");
        return -1;
    }
    int t = obj_is_true(S, v);
    if (t < 0) return -1;
    EXC(self)->suppress_context = (char)t;
    return 0;
}

static PhObject *get_dict(PhState *S, PhObject *self)
{
    PhObject *d = exc_dict(S, self);
    XINCREF(d);
    return d;
}

static int set_dict(PhState *S, PhObject *self, PhObject *v)
{
    if (!v) {
        err_format(S, &S->exc.TypeError, "__dict__ may not be deleted");
        return -1;
    }
    if (!obj_type_check(v, &S->types.dict)) {
        err_format(S, &S->exc.TypeError, "__dict__ must be a dictionary, not a '%s'", v->type->name);
        return -1;
    }
    PhObject *old = EXC(self)->dict;
    INCREF(v);
    EXC(self)->dict = v;
    XDECREF(S, old);
    return 0;
}

static const PhMethodDef base_methods[] = {
    {"with_traceback", base_with_traceback, METH_DEFAULT,
     "Exception.with_traceback(tb) --\n    set self.__traceback__ to tb and return self."},
    {"add_note", base_add_note, METH_DEFAULT,
     "Exception.add_note(note) --\n    add a note to the exception"},
    {NULL, NULL, 0, NULL},
};

static const PhGetSetDef base_getsets[] = {
    {"__dict__", get_dict, set_dict},
    {"args", get_args, set_args},
    {"__traceback__", get_traceback, set_traceback},
    {"__context__", get_context, set_context},
    {"__cause__", get_cause, set_cause},
    {"__suppress_context__", get_suppress, set_suppress},
    {NULL, NULL, NULL},
};

/* ---- type-specific behaviour ---------------------------------------------------------- */

/* KeyError: str of a single key is its repr, so KeyError('a') shows 'a'. */
static PhObject *keyerror_str(PhState *S, PhObject *self)
{
    PhObject *args = EXC(self)->args;
    if (args && TUPLE_LEN(args) == 1) return obj_repr(S, TUPLE_GET(args, 0));
    return base_str(S, self);
}

/* StopIteration.value: the first argument, or None. */
static int stopiteration_init(PhState *S, PhObject *self, PhObject *const *args, size_t nargs,
                              PhObject *kwnames)
{
    if (base_init(S, self, args, nargs, kwnames) < 0) return -1;
    return exc_set_attr(S, self, "value", nargs ? args[0] : NULL);
}

/* SystemExit.code: None, the argument, or the whole args tuple. */
static int systemexit_init(PhState *S, PhObject *self, PhObject *const *args, size_t nargs,
                           PhObject *kwnames)
{
    if (base_init(S, self, args, nargs, kwnames) < 0) return -1;
    PhObject *code = nargs == 0 ? NULL : nargs == 1 ? args[0] : EXC(self)->args;
    return exc_set_attr(S, self, "code", code);
}

/* ImportError(msg, name=..., path=...). */
static int importerror_init(PhState *S, PhObject *self, PhObject *const *args, size_t nargs,
                            PhObject *kwnames)
{
    PhObject *name = NULL, *path = NULL;
    ssize_t nkw = kwnames ? TUPLE_LEN(kwnames) : 0;
    for (ssize_t i = 0; i < nkw; i++) {
        PhObject *k = TUPLE_GET(kwnames, i);
        if (str_equal(k, ID(S, __name__)) || (str_len(k) == 4 && !memcmp(str_data(k), "name", 4)))
            name = args[nargs + (size_t)i];
        else if (str_len(k) == 4 && !memcmp(str_data(k), "path", 4))
            path = args[nargs + (size_t)i];
        else {
            err_format(S, &S->exc.TypeError, "'%U' is an invalid keyword argument for %s()", k,
                       self->type->name);
            return -1;
        }
    }
    if (exc_store_args(S, self, args, nargs) < 0) return -1;
    if (exc_set_attr(S, self, "msg", nargs == 1 ? args[0] : NULL) < 0 ||
        exc_set_attr(S, self, "name", name) < 0 || exc_set_attr(S, self, "path", path) < 0)
        return -1;
    return 0;
}

static PhObject *importerror_str(PhState *S, PhObject *self)
{
    PhObject *msg = exc_get_attr(S, self, "msg");
    if (msg && msg != PH_NONE(S)) return obj_str(S, msg);
    return base_str(S, self);
}

/* NameError(name=...) / AttributeError(name=..., obj=...): keyword-only. */
static int nameerror_init(PhState *S, PhObject *self, PhObject *const *args, size_t nargs,
                          PhObject *kwnames)
{
    bool attr = obj_type_check(self, &S->exc.AttributeError);
    PhObject *name = NULL, *obj = NULL;
    ssize_t nkw = kwnames ? TUPLE_LEN(kwnames) : 0;
    for (ssize_t i = 0; i < nkw; i++) {
        PhObject *k = TUPLE_GET(kwnames, i);
        if (str_len(k) == 4 && !memcmp(str_data(k), "name", 4)) name = args[nargs + (size_t)i];
        else if (attr && str_len(k) == 3 && !memcmp(str_data(k), "obj", 3))
            obj = args[nargs + (size_t)i];
        else {
            err_format(S, &S->exc.TypeError, "'%U' is an invalid keyword argument for %s()", k,
                       self->type->name);
            return -1;
        }
    }
    if (exc_store_args(S, self, args, nargs) < 0) return -1;
    if (exc_set_attr(S, self, "name", name) < 0) return -1;
    if (attr && exc_set_attr(S, self, "obj", obj) < 0) return -1;
    return 0;
}

void exc_set_attribute_context(PhState *S, PhObject *obj, PhObject *name)
{
    PhObject *exc = err_current(S);
    if (!exc || !obj_type_check(exc, &S->exc.AttributeError)) return;
    PhObject *n = exc_get_attr(S, exc, "name"), *o = exc_get_attr(S, exc, "obj");
    if ((n && n != PH_NONE(S)) || (o && o != PH_NONE(S))) return;
    exc = err_fetch(S);
    if (exc_set_attr(S, exc, "name", name) < 0 || exc_set_attr(S, exc, "obj", obj) < 0) err_clear(S);
    err_restore(S, exc);
}

/* ---- OSError ----------------------------------------------------------------------------- */

/* errno -> the OSError subclass `OSError(errno, msg)` really creates. */
static PhType *oserror_subclass_for(PhState *S, PhObject *errno_obj)
{
    if (!obj_type_check(errno_obj, &S->types.int_)) return NULL;
    int overflow = 0;
    int64_t e = int_as_i64(errno_obj, &overflow);
    if (overflow) return NULL;
    switch (e) {
    case ENOENT: return &S->exc.FileNotFoundError;
    case EEXIST: return &S->exc.FileExistsError;
    case EISDIR: return &S->exc.IsADirectoryError;
    case ENOTDIR: return &S->exc.NotADirectoryError;
    case EACCES:
    case EPERM: return &S->exc.PermissionError;
    default: return NULL;
    }
}

static PhObject *oserror_new(PhState *S, PhType *t, PhObject *const *args, size_t nargs,
                             PhObject *kwnames)
{
    if (t == &S->exc.OSError && nargs >= 2 && nargs <= 5) {
        PhType *sub = oserror_subclass_for(S, args[0]);
        if (sub) t = sub;
    }
    return base_new(S, t, args, nargs, kwnames);
}

/* OSError(errno, strerror[, filename[, winerror[, filename2]]]): with a
 * filename, args keeps only (errno, strerror), as in CPython. */
static int oserror_init(PhState *S, PhObject *self, PhObject *const *args, size_t nargs,
                        PhObject *kwnames)
{
    if (base_init(S, self, args, nargs, kwnames) < 0) return -1;
    PhObject *en = NULL, *se = NULL, *fn = NULL, *fn2 = NULL;
    if (nargs >= 2 && nargs <= 5) {
        en = args[0];
        se = args[1];
        if (nargs >= 3) fn = args[2];
        if (nargs == 5) fn2 = args[4];
        if (fn && fn != PH_NONE(S) && exc_store_args(S, self, args, 2) < 0) return -1;
    }
    if (exc_set_attr(S, self, "errno", en) < 0 || exc_set_attr(S, self, "strerror", se) < 0 ||
        exc_set_attr(S, self, "filename", fn) < 0 || exc_set_attr(S, self, "filename2", fn2) < 0)
        return -1;
    return 0;
}

static PhObject *oserror_str(PhState *S, PhObject *self)
{
    PhObject *en = exc_get_attr(S, self, "errno"), *se = exc_get_attr(S, self, "strerror");
    PhObject *fn = exc_get_attr(S, self, "filename"), *fn2 = exc_get_attr(S, self, "filename2");
    PhObject *none = PH_NONE(S);
    if (!en) en = none;
    if (!se) se = none;
    if (fn && fn != none) {
        if (fn2 && fn2 != none)
            return str_from_format(S, "[Errno %S] %S: %R -> %R", en, se, fn, fn2);
        return str_from_format(S, "[Errno %S] %S: %R", en, se, fn);
    }
    if (en != none && se != none) return str_from_format(S, "[Errno %S] %S", en, se);
    return base_str(S, self);
}

PhObject *err_set_from_errno(PhState *S, int errnum, PhObject *filename)
{
    PhObject *en = int_from_i64(S, errnum);
    if (!en) return NULL;
    const char *text = strerror(errnum);
    PhObject *se = str_from_cstr(S, text ? text : "Error");
    if (!se) {
        DECREF(S, en);
        return NULL;
    }
    PhObject *args = filename ? tuple_pack(S, 3, en, se, filename) : tuple_pack(S, 2, en, se);
    DECREF(S, en);
    DECREF(S, se);
    if (!args) return NULL;
    err_set_object(S, &S->exc.OSError, args);
    DECREF(S, args);
    return NULL;
}

/* ---- SyntaxError --------------------------------------------------------------------------- */

static const char *const syntax_fields[] = {"filename", "lineno", "offset", "text",
                                            "end_lineno", "end_offset"};

static int syntaxerror_init(PhState *S, PhObject *self, PhObject *const *args, size_t nargs,
                            PhObject *kwnames)
{
    if (base_init(S, self, args, nargs, kwnames) < 0) return -1;
    if (exc_set_attr(S, self, "msg", nargs >= 1 ? args[0] : NULL) < 0) return -1;
    PhObject *info = nargs == 2 ? args[1] : NULL;
    PhObject *t = NULL;
    if (info) {
        t = tuple_from_iterable(S, info);
        if (!t) return -1;
        if (TUPLE_LEN(t) < 4 || TUPLE_LEN(t) > 6) {
            DECREF(S, t);
            err_format(S, &S->exc.IndexError, "tuple index out of range");
            return -1;
        }
    }
    for (int i = 0; i < 6; i++) {
        PhObject *v = t && i < TUPLE_LEN(t) ? TUPLE_GET(t, i) : NULL;
        if (exc_set_attr(S, self, syntax_fields[i], v) < 0) {
            XDECREF(S, t);
            return -1;
        }
    }
    XDECREF(S, t);
    return exc_set_attr(S, self, "print_file_and_line", NULL);
}

/* The file name's last path component, as CPython shows it in str(). */
static PhObject *basename_of(PhState *S, PhObject *fn)
{
    ssize_t n = str_len(fn), start = 0;
    for (ssize_t i = 0; i < n; i++)
        if (str_char_at(fn, i) == '/') start = i + 1;
    if (start == 0) {
        INCREF(fn);
        return fn;
    }
    PhBuf b;
    buf_init(&b, S);
    buf_put_str(&b, fn);
    /* The prefix up to the last '/' is ASCII-safe to skip by bytes: '/'
     * never occurs inside a multi-byte UTF-8 sequence. */
    const char *slash = strrchr(b.oom ? "" : b.data, '/');
    PhObject *r = slash ? str_from_utf8(S, slash + 1, b.len - (size_t)(slash + 1 - b.data))
                        : (INCREF(fn), fn);
    buf_free(&b);
    return r;
}

static PhObject *syntaxerror_str(PhState *S, PhObject *self)
{
    PhObject *msg = exc_get_attr(S, self, "msg");
    PhObject *fn = exc_get_attr(S, self, "filename");
    PhObject *ln = exc_get_attr(S, self, "lineno");
    if (!msg) msg = PH_NONE(S);
    bool have_fn = fn && obj_type_check(fn, &S->types.str);
    bool have_ln = ln && ln->type == &S->types.int_;
    if (!have_fn && !have_ln) return obj_str(S, msg);
    PhObject *base = have_fn ? basename_of(S, fn) : NULL;
    if (have_fn && !base) return NULL;
    PhObject *r;
    if (have_fn && have_ln) r = str_from_format(S, "%S (%U, line %S)", msg, base, ln);
    else if (have_fn) r = str_from_format(S, "%S (%U)", msg, base);
    else r = str_from_format(S, "%S (line %S)", msg, ln);
    XDECREF(S, base);
    return r;
}

PhObject *exc_syntax_error_msg(PhState *S, PhObject *exc)
{
    PhObject *msg = exc_get_attr(S, exc, "msg");
    if (!msg) return obj_str(S, exc);
    return obj_str(S, msg);
}

static ssize_t int_attr(PhState *S, PhObject *exc, const char *name, ssize_t dflt)
{
    PhObject *v = exc_get_attr(S, exc, name);
    if (!v || !obj_type_check(v, &S->types.int_)) return dflt;
    int overflow = 0;
    int64_t x = int_as_i64(v, &overflow);
    return overflow ? dflt : (ssize_t)x;
}

/* The source line with the caret line under it, as CPython's
 * print_error_text: leading blanks stripped (offsets follow), the caret run
 * spans offset..end_offset on the first line. Offsets count characters. */
static void print_error_text(PhBuf *b, PhObject *text, ssize_t offset, ssize_t end_offset)
{
    PhBuf t;
    buf_init(&t, b->S);
    buf_put_str(&t, text);
    buf_putc(&t, 0);
    if (t.oom) {
        buf_free(&t);
        return;
    }
    ssize_t carets = (end_offset > 0 && end_offset > offset) ? end_offset - offset : 1;
    const char *s = t.data;
    offset--; /* 1-based to 0-based */
    while (*s == ' ' || *s == '\t' || *s == '\f') {
        s++;
        offset--;
    }
    ssize_t len = (ssize_t)strlen(s);
    if (len > 0 && s[len - 1] == '\n') len--;
    if (offset > len) offset = len;
    /* A text holding several lines: show the one the offset falls in. */
    for (;;) {
        const char *nl = strchr(s, '\n');
        if (!nl) break;
        ssize_t inl = nl - s;
        if (inl >= offset) break;
        inl++;
        s += inl;
        len -= inl;
        offset -= inl;
    }
    buf_puts(b, "    ");
    buf_putn(b, s, (size_t)len);
    buf_putc(b, '\n');
    if (offset >= 0) {
        buf_puts(b, "    ");
        /* Columns count characters, not UTF-8 bytes: walk code points. */
        const unsigned char *p = (const unsigned char *)s;
        for (ssize_t col = 0; col < offset && *p; p++)
            if ((*p & 0xC0) != 0x80) {
                buf_putc(b, *p == '\t' ? '\t' : ' ');
                col++;
            }
        for (ssize_t i = 0; i < carets; i++) buf_putc(b, '^');
        buf_putc(b, '\n');
    }
    buf_free(&t);
}

int exc_format_syntax_error_location(PhState *S, PhObject *exc, PhBuf *b)
{
    PhObject *fn = exc_get_attr(S, exc, "filename");
    ssize_t lineno = int_attr(S, exc, "lineno", -1);
    if (!fn || fn == PH_NONE(S)) {
        buf_puts(b, "  File \"<string>\"");
    } else {
        buf_puts(b, "  File \"");
        if (obj_type_check(fn, &S->types.str)) buf_put_str(b, fn);
        buf_putc(b, '"');
    }
    buf_printf(b, ", line %zd\n", lineno);
    PhObject *text = exc_get_attr(S, exc, "text");
    if (text && obj_type_check(text, &S->types.str)) {
        ssize_t offset = int_attr(S, exc, "offset", -1);
        ssize_t end_offset = int_attr(S, exc, "end_offset", -1);
        ssize_t end_lineno = int_attr(S, exc, "end_lineno", lineno);
        /* A range running onto later lines is marked to the end of this one;
         * IndentationError always gets a single caret. */
        if (end_lineno > lineno) end_offset = str_len(text);
        if (obj_type_check(exc, &S->exc.IndentationError)) end_offset = -1;
        print_error_text(b, text, offset, end_offset);
    }
    return 0;
}

void err_set_syntax(PhState *S, PhType *t, const char *msg, const char *filename, int lineno,
                    int offset, const char *text, int end_lineno, int end_offset)
{
    PhObject *m = str_from_cstr(S, msg);
    PhObject *fn = filename ? str_from_cstr(S, filename) : ph_none(S);
    PhObject *ln = int_from_i64(S, lineno), *off = int_from_i64(S, offset);
    PhObject *tx = text ? str_from_cstr(S, text) : ph_none(S);
    PhObject *eln = int_from_i64(S, end_lineno), *eoff = int_from_i64(S, end_offset);
    PhObject *info = NULL, *args = NULL;
    if (m && fn && ln && off && tx && eln && eoff) {
        info = tuple_pack(S, 6, fn, ln, off, tx, eln, eoff);
        if (info) args = tuple_pack(S, 2, m, info);
    }
    XDECREF(S, m);
    XDECREF(S, fn);
    XDECREF(S, ln);
    XDECREF(S, off);
    XDECREF(S, tx);
    XDECREF(S, eln);
    XDECREF(S, eoff);
    XDECREF(S, info);
    if (!args) return;
    err_set_object(S, t, args);
    DECREF(S, args);
}

/* ---- UnicodeDecodeError / UnicodeEncodeError --------------------------------------------- */

static const char *const unicode_fields[] = {"encoding", "object", "start", "end", "reason"};

static int unicodeerror_init(PhState *S, PhObject *self, PhObject *const *args, size_t nargs,
                             PhObject *kwnames)
{
    if (base_init(S, self, args, nargs, kwnames) < 0) return -1;
    if (nargs != 5) {
        err_format(S, &S->exc.TypeError, "function takes exactly 5 arguments (%zu given)", nargs);
        return -1;
    }
    for (int i = 0; i < 5; i++)
        if (exc_set_attr(S, self, unicode_fields[i], args[i]) < 0) return -1;
    return 0;
}

static PhObject *unicodeerror_str(PhState *S, PhObject *self)
{
    PhObject *enc = exc_get_attr(S, self, "encoding"), *obj = exc_get_attr(S, self, "object");
    PhObject *reason = exc_get_attr(S, self, "reason");
    ssize_t start = int_attr(S, self, "start", 0), end = int_attr(S, self, "end", 0);
    if (!enc || !obj || !reason) return base_str(S, self);
    bool decode = obj_type_check(self, &S->exc.UnicodeDecodeError);
    if (decode && obj_type_check(obj, &S->types.bytes) && start >= 0 && end == start + 1 &&
        start < ((PhVarObject *)obj)->size) {
        /* bytes keep their data after the 32-byte header (CPython's layout). */
        char hex[8];
        snprintf(hex, sizeof hex, "%02x", (unsigned char)BYTES_DATA(obj)[start]);
        return str_from_format(S, "'%U' codec can't decode byte 0x%s in position %zd: %U", enc,
                               hex, start, reason);
    }
    if (!decode && obj_type_check(obj, &S->types.str) && start >= 0 && end == start + 1 &&
        start < str_len(obj)) {
        uint32_t c = str_char_at(obj, start);
        char esc[16];
        if (c <= 0xff) snprintf(esc, sizeof esc, "\\x%02x", (unsigned)c);
        else if (c <= 0xffff) snprintf(esc, sizeof esc, "\\u%04x", (unsigned)c);
        else snprintf(esc, sizeof esc, "\\U%08x", (unsigned)c);
        return str_from_format(S, "'%U' codec can't encode character '%s' in position %zd: %U",
                               enc, esc, start, reason);
    }
    return str_from_format(S, "'%U' codec can't %s %s in position %zd-%zd: %U", enc,
                          decode ? "decode" : "encode", decode ? "bytes" : "characters", start,
                          end - 1, reason);
}

/* ---- notes ---------------------------------------------------------------------------------- */

void exc_format_notes(PhState *S, PhObject *exc, PhBuf *b)
{
    PhObject *notes = exc_get_attr(S, exc, "__notes__");
    if (!notes) return;
    if (!obj_type_check(notes, &S->types.list) && !obj_type_check(notes, &S->types.tuple)) {
        PhObject *r = obj_repr(S, notes);
        if (r) {
            buf_put_str(b, r);
            buf_putc(b, '\n');
            DECREF(S, r);
        } else {
            err_clear(S);
        }
        return;
    }
    bool list = obj_type_check(notes, &S->types.list);
    ssize_t n = list ? LIST_LEN(notes) : TUPLE_LEN(notes);
    for (ssize_t i = 0; i < n; i++) {
        PhObject *note = list ? LIST_GET(notes, i) : TUPLE_GET(notes, i);
        PhObject *s = obj_type_check(note, &S->types.str) ? (INCREF(note), note) : obj_str(S, note);
        if (!s) {
            err_clear(S);
            buf_puts(b, "<note str() failed>\n");
            continue;
        }
        buf_put_str(b, s);
        buf_putc(b, '\n');
        DECREF(S, s);
    }
}

/* ---- StopIteration helpers --------------------------------------------------------------- */

void exc_set_stop_iteration(PhState *S, PhObject *value)
{
    /* A tuple value must stay one argument, so always pack it. */
    PhObject *args = value ? tuple_pack(S, 1, value) : (INCREF(S->empty_tuple), S->empty_tuple);
    if (!args) return;
    err_set_object(S, &S->exc.StopIteration, args);
    DECREF(S, args);
}

PhObject *exc_stop_iteration_value(PhState *S, PhObject *exc)
{
    PhObject *v = exc_get_attr(S, exc, "value");
    if (v) {
        INCREF(v);
        return v;
    }
    PhObject *args = EXC(exc)->args;
    return none_or(S, args && TUPLE_LEN(args) ? TUPLE_GET(args, 0) : NULL);
}

/* ---- creation ---------------------------------------------------------------------------- */

PhObject *exc_create(PhState *S, PhType *t, PhObject *args)
{
    if (!(t->flags & TPFLAG_STATIC_TYPE)) return obj_call_tuple_dict(S, (PhObject *)t, args, NULL);
    /* Builtin exception types are built directly (their slots may not be
     * inherited yet when start-up itself raises). */
    newfunc newf = NULL;
    initproc initf = NULL;
    for (PhType *b = t; b && (!newf || !initf); b = b->base) {
        if (!newf) newf = b->new_;
        if (!initf) initf = b->init;
    }
    if (!newf) newf = base_new;
    if (!initf) initf = base_init;
    PhObject *const *items = TUPLE_ITEMS(args);
    size_t n = (size_t)TUPLE_LEN(args);
    PhObject *e = newf(S, t, items, n, NULL);
    if (!e) return NULL;
    if (obj_type_check(e, t) && initf(S, e, items, n, NULL) < 0) {
        DECREF(S, e);
        return NULL;
    }
    return e;
}

PhObject *exc_memory_error(PhState *S) { return S->ids ? RUNTIME(S)->memory_error : NULL; }

/* ---- the types ----------------------------------------------------------------------------- */

/* Every exception type starts as a copy of this; exceptions_init then sets
 * the slots particular to each (BaseException's are inherited by the rest
 * through type_ready). */
static const PhType exception_type_template = {
    .basicsize = sizeof(PhBaseException),
    .flags = TPFLAG_HAVE_GC | TPFLAG_BASETYPE | TPFLAG_BASE_EXC_SUBCLASS | TPFLAG_STATIC_TYPE,
    .dealloc = exc_dealloc,
    .traverse = exc_traverse,
    .clear = exc_clear,
    .dictoffset = offsetof(PhBaseException, dict),
};

int exceptions_init(PhState *S)
{
#define INIT_EXC(exc_name, base_name)                                            \
    S->exc.exc_name = exception_type_template;                                   \
    S->exc.exc_name.ob.ob.refcnt = OBJ_STATIC_REFCNT;                            \
    S->exc.exc_name.ob.ob.type = &S->types.type;                                 \
    S->exc.exc_name.name = #exc_name;                                            \
    S->exc.exc_name.base = &S->exc.exc_name == &S->exc.base_name                 \
                               ? &S->types.object                                \
                               : &S->exc.base_name;
    PH_EXCEPTION_TYPES(INIT_EXC)
#undef INIT_EXC
    PhType *b = &S->exc.BaseException;
    b->new_ = base_new;
    b->init = base_init;
    b->repr = base_repr;
    b->str = base_str;
    b->getattro = obj_generic_getattr;
    b->setattro = obj_generic_setattr;
    b->methods = base_methods;
    b->getsets = base_getsets;

    S->exc.KeyError.str = keyerror_str;
    S->exc.StopIteration.init = stopiteration_init;
    S->exc.SystemExit.init = systemexit_init;
    S->exc.ImportError.init = importerror_init;
    S->exc.ImportError.str = importerror_str;
    S->exc.NameError.init = nameerror_init;
    S->exc.AttributeError.init = nameerror_init;
    S->exc.OSError.new_ = oserror_new;
    S->exc.OSError.init = oserror_init;
    S->exc.OSError.str = oserror_str;
    S->exc.SyntaxError.init = syntaxerror_init;
    S->exc.SyntaxError.str = syntaxerror_str;
    S->exc.UnicodeDecodeError.init = unicodeerror_init;
    S->exc.UnicodeDecodeError.str = unicodeerror_str;
    S->exc.UnicodeEncodeError.init = unicodeerror_init;
    S->exc.UnicodeEncodeError.str = unicodeerror_str;
    /* Like CPython, every exception type has its own __new__ and __init__
     * (its parent's functions), so ValueError.__dict__ shows them and
     * ValueError.__new__(X) names ValueError. Bases come first in the list. */
#define OWN_NEW_INIT(name, base_name)                                            \
    if (!S->exc.name.new_) S->exc.name.new_ = S->exc.name.base->new_;            \
    if (!S->exc.name.init) S->exc.name.init = S->exc.name.base->init;
    PH_EXCEPTION_TYPES(OWN_NEW_INIT)
#undef OWN_NEW_INIT
    return 0;
}

void exceptions_fini(PhState *S) { (void)S; }
