/* Raising, fetching and printing exceptions; the recursion guard.
 *
 * The current exception is always an instance ("normalized", in CPython's
 * words): S->cur_exc holds one reference to it, or NULL. Setting an
 * exception chains it to the one being handled (S->handled_exc) through
 * __context__, as CPython's _PyErr_SetObject does, so every raise gets
 * implicit chaining whether it comes from C or from a `raise` statement.
 */
#include "errors.h"

#include "objects/abstract.h"
#include "objects/code.h"
#include "objects/dict.h"
#include "objects/exceptions.h"
#include "objects/list.h"
#include "objects/str.h"
#include "objects/traceback.h"
#include "objects/tuple.h"
#include "objects/typeobject.h"
#include "state.h"

#include <stdio.h>
#include <string.h>

/* ---- formatting messages ------------------------------------------------------ */

/* Appends the text of o converted by conv ('R' repr, 'S' str); -1 if the
 * conversion raised. */
static int put_converted(PhState *S, PhBuf *b, PhObject *o, char conv)
{
    PhObject *s = conv == 'R' ? obj_repr(S, o) : obj_str(S, o);
    if (!s) return -1;
    buf_put_str(b, s);
    DECREF(S, s);
    return 0;
}

/* One printf conversion: copies the spec (flags, width, precision, length)
 * and formats the matching argument with snprintf. *pp points after '%';
 * returns the pointer past the conversion. */
static const char *put_printf_conv(PhBuf *b, const char *p, va_list *ap)
{
    char spec[32];
    size_t n = 0;
    spec[n++] = '%';
    while (*p && strchr("-+ #0", *p) && n < 8) spec[n++] = *p++;
    int star_width = -1, star_prec = -1;
    if (*p == '*') {
        star_width = va_arg(*ap, int);
        spec[n++] = *p++;
    }
    while (*p >= '0' && *p <= '9' && n < 16) spec[n++] = *p++;
    if (*p == '.') {
        spec[n++] = *p++;
        if (*p == '*') {
            star_prec = va_arg(*ap, int);
            spec[n++] = *p++;
        }
        while (*p >= '0' && *p <= '9' && n < 24) spec[n++] = *p++;
    }
    char len[3] = {0};
    if (*p == 'h' || *p == 'l' || *p == 'z' || *p == 't' || *p == 'j') {
        len[0] = *p;
        spec[n++] = *p++;
        if ((len[0] == 'l' || len[0] == 'h') && *p == len[0]) {
            len[1] = *p;
            spec[n++] = *p++;
        }
    }
    char conv = *p ? *p++ : 's';
    spec[n++] = conv;
    spec[n] = 0;

    char tmp[128];
    char *out = tmp;
    char big[1024];
    int w;
#define EMIT(val)                                                                           \
    do {                                                                                    \
        if (star_width >= 0 && star_prec >= 0)                                              \
            w = snprintf(big, sizeof big, spec, star_width, star_prec, val);                \
        else if (star_width >= 0)                                                           \
            w = snprintf(big, sizeof big, spec, star_width, val);                           \
        else if (star_prec >= 0)                                                            \
            w = snprintf(big, sizeof big, spec, star_prec, val);                            \
        else                                                                                \
            w = snprintf(big, sizeof big, spec, val);                                       \
        out = big;                                                                          \
    } while (0)
    switch (conv) {
    case 'd': case 'i': case 'c':
        if (len[0] == 'l' && len[1] == 'l') EMIT(va_arg(*ap, long long));
        else if (len[0] == 'l') EMIT(va_arg(*ap, long));
        else if (len[0] == 'z' || len[0] == 't') EMIT(va_arg(*ap, ssize_t));
        else if (len[0] == 'j') EMIT(va_arg(*ap, intmax_t));
        else EMIT(va_arg(*ap, int));
        break;
    case 'u': case 'x': case 'X': case 'o':
        if (len[0] == 'l' && len[1] == 'l') EMIT(va_arg(*ap, unsigned long long));
        else if (len[0] == 'l') EMIT(va_arg(*ap, unsigned long));
        else if (len[0] == 'z' || len[0] == 't') EMIT(va_arg(*ap, size_t));
        else if (len[0] == 'j') EMIT(va_arg(*ap, uintmax_t));
        else EMIT(va_arg(*ap, unsigned));
        break;
    case 'f': case 'g': case 'e': case 'F': case 'G': case 'E':
        EMIT(va_arg(*ap, double));
        break;
    case 'p':
        EMIT(va_arg(*ap, void *));
        break;
    case 's': {
        const char *s = va_arg(*ap, const char *);
        if (!s) s = "(null)";
        /* Strings may be longer than the scratch buffer: no width, no
         * precision is the common case and needs no copy. */
        if (n == 2) {
            buf_puts(b, s);
            return p;
        }
        EMIT(s);
        break;
    }
    default:
        buf_putn(b, spec, n);
        return p;
    }
#undef EMIT
    (void)tmp;
    if (w > 0) buf_putn(b, out, (size_t)w < sizeof big ? (size_t)w : sizeof big - 1);
    return p;
}

/* Builds the message of err_format into b; -1 if a %R/%S conversion raised. */
static int format_message(PhState *S, PhBuf *b, const char *fmt, va_list *ap)
{
    for (const char *p = fmt; *p;) {
        const char *pct = strchr(p, '%');
        if (!pct) {
            buf_puts(b, p);
            break;
        }
        buf_putn(b, p, (size_t)(pct - p));
        p = pct + 1;
        switch (*p) {
        case '%':
            buf_putc(b, '%');
            p++;
            break;
        case 'U':
            buf_put_str(b, va_arg(*ap, PhObject *));
            p++;
            break;
        case 'R':
        case 'S':
            if (put_converted(S, b, va_arg(*ap, PhObject *), *p) < 0) return -1;
            p++;
            break;
        case 'T':
            buf_puts(b, va_arg(*ap, PhObject *)->type->name);
            p++;
            break;
        default:
            p = put_printf_conv(b, p, ap);
        }
    }
    return 0;
}

PhObject *err_vformat(PhState *S, PhType *exc_type, const char *fmt, va_list ap)
{
    PhBuf b;
    buf_init(&b, S);
    va_list copy;
    va_copy(copy, ap);
    int rc = format_message(S, &b, fmt, &copy);
    va_end(copy);
    if (rc < 0) {
        buf_free(&b);
        return NULL; /* the conversion's exception stands */
    }
    PhObject *msg = buf_to_str(&b);
    buf_free(&b);
    if (!msg) return NULL;
    err_set_object(S, exc_type, msg);
    DECREF(S, msg);
    return NULL;
}

PhObject *err_format(PhState *S, PhType *exc_type, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    err_vformat(S, exc_type, fmt, ap);
    va_end(ap);
    return NULL;
}

/* ---- setting -------------------------------------------------------------------- */

static bool is_exc_instance(PhObject *o)
{
    return (o->type->flags & TPFLAG_BASE_EXC_SUBCLASS) != 0;
}

static bool is_exc_class(PhObject *o)
{
    return (o->type->flags & TPFLAG_TYPE_SUBCLASS) &&
           (((PhType *)o)->flags & TPFLAG_BASE_EXC_SUBCLASS);
}

/* exc.__context__ = the exception being handled, breaking any cycle the
 * new link would close (CPython does the same walk). */
static void chain_context(PhState *S, PhObject *exc)
{
    PhObject *handled = S->handled_exc;
    if (!handled || handled == PH_NONE(S) || handled == exc || !is_exc_instance(handled)) return;
    /* If exc already appears in handled's context chain, cut the chain just
     * before it, so the new link does not make a loop. Floyd's tortoise
     * guards against a pre-existing cycle in the chain. */
    PhBaseException *o = (PhBaseException *)handled, *slow = o;
    bool slow_step = false;
    for (;;) {
        PhObject *ctx = o->context;
        if (!ctx) break;
        if (ctx == exc) {
            CLEAR(S, o->context);
            break;
        }
        o = (PhBaseException *)ctx;
        if (o == slow) break;
        if (slow_step) slow = (PhBaseException *)slow->context;
        slow_step = !slow_step;
    }
    PhBaseException *e = (PhBaseException *)exc;
    INCREF(handled);
    XDECREF(S, e->context);
    e->context = handled;
}

/* Makes exc (borrowed, an exception instance) the current exception. */
static void set_current(PhState *S, PhObject *exc)
{
    chain_context(S, exc);
    INCREF(exc);
    PhObject *old = S->cur_exc;
    S->cur_exc = exc;
    XDECREF(S, old);
}

void err_set_object(PhState *S, PhType *exc_type, PhObject *value)
{
    /* A tuple value is the argument list, as in CPython's PyErr_SetObject;
     * a caller wanting KeyError((1, 2)) wraps the key in a 1-tuple. */
    PhObject *args;
    if (!value) {
        args = S->empty_tuple;
        INCREF(args);
    } else if (obj_type_check(value, &S->types.tuple)) {
        args = value;
        INCREF(args);
    } else if (is_exc_instance(value) && obj_type_check(value, exc_type)) {
        set_current(S, value);
        return;
    } else {
        args = tuple_pack(S, 1, value);
        if (!args) return;
    }
    PhObject *exc = exc_create(S, exc_type, args);
    DECREF(S, args);
    if (!exc) return; /* creating it raised: that exception stands */
    set_current(S, exc);
    DECREF(S, exc);
}

void err_set_raised(PhState *S, PhObject *exc)
{
    if (is_exc_class(exc)) {
        PhObject *inst = obj_call0(S, exc);
        if (!inst) return;
        if (!is_exc_instance(inst)) {
            err_format(S, &S->exc.TypeError,
                       "calling %R should have returned an instance of BaseException, not %T",
                       exc, inst);
            DECREF(S, inst);
            return;
        }
        set_current(S, inst);
        DECREF(S, inst);
        return;
    }
    if (!is_exc_instance(exc)) {
        err_format(S, &S->exc.TypeError, "exceptions must derive from BaseException");
        return;
    }
    set_current(S, exc);
}

PhObject *err_no_memory(PhState *S)
{
    PhObject *exc = exc_memory_error(S);
    if (!exc) return NULL;
    /* The preallocated instance is reused: forget where it was last raised.
     * Dropping references frees memory but never allocates. */
    PhBaseException *e = (PhBaseException *)exc;
    CLEAR(S, e->traceback);
    CLEAR(S, e->context);
    CLEAR(S, e->cause);
    INCREF(exc);
    PhObject *old = S->cur_exc;
    S->cur_exc = exc;
    XDECREF(S, old);
    return NULL;
}

/* ---- inspecting ----------------------------------------------------------------- */

bool err_occurred(PhState *S) { return S->cur_exc != NULL; }

PhObject *err_current(PhState *S) { return S->cur_exc; }

/* Does an exception of class t match `spec` (a class or a tuple of them)? */
static bool class_matches(PhState *S, PhType *t, PhObject *spec)
{
    if (obj_type_check(spec, &S->types.tuple)) {
        for (ssize_t i = 0; i < TUPLE_LEN(spec); i++)
            if (class_matches(S, t, TUPLE_GET(spec, i))) return true;
        return false;
    }
    if (!(spec->type->flags & TPFLAG_TYPE_SUBCLASS)) return false;
    return t == (PhType *)spec || type_is_subtype(t, (PhType *)spec);
}

bool err_matches(PhState *S, PhObject *exc_type)
{
    return S->cur_exc && class_matches(S, S->cur_exc->type, exc_type);
}

PhObject *err_fetch(PhState *S)
{
    PhObject *e = S->cur_exc;
    S->cur_exc = NULL;
    return e;
}

void err_restore(PhState *S, PhObject *exc)
{
    PhObject *old = S->cur_exc;
    S->cur_exc = exc;
    XDECREF(S, old);
}

void err_clear(PhState *S) { CLEAR(S, S->cur_exc); }

/* ---- printing ------------------------------------------------------------------- */

/* Writes text to sys.stderr when it exists (so redirections in Python code
 * are honoured), else to the C stream. */
static void write_stderr(PhState *S, PhBuf *b)
{
    if (b->oom || b->len == 0) return;
    if (S->stderr_obj) {
        PhObject *s = buf_to_str(b);
        if (s) {
            PhObject *r = obj_call_method(S, S->stderr_obj, "write", &s, 1);
            DECREF(S, s);
            if (r) {
                DECREF(S, r);
                PhObject *f = obj_call_method(S, S->stderr_obj, "flush", NULL, 0);
                if (f) DECREF(S, f);
                else err_clear(S);
                return;
            }
        }
        err_clear(S);
    }
    fwrite(b->data, 1, b->len, stderr);
    fflush(stderr);
}

/* ---- "Did you mean" (3.11's suggestions for NameError and AttributeError) ---------- */

#define SUGGEST_MAX_ITEMS 750
#define SUGGEST_MAX_STRING 40
#define MOVE_COST 2
#define CASE_COST 1

static size_t substitution_cost(char a, char b)
{
    if ((a & 31) != (b & 31)) return MOVE_COST;
    if (a == b) return 0;
    if (a >= 'A' && a <= 'Z') a = (char)(a + ('a' - 'A'));
    if (b >= 'A' && b <= 'Z') b = (char)(b + ('a' - 'A'));
    return a == b ? CASE_COST : MOVE_COST;
}

/* Levenshtein distance with CPython's costs (case flips are cheap), giving
 * up above max_cost. */
static size_t edit_distance(const char *a, size_t na, const char *b, size_t nb, size_t max_cost)
{
    size_t row[SUGGEST_MAX_STRING];
    while (na && nb && a[0] == b[0]) {
        a++, na--;
        b++, nb--;
    }
    while (na && nb && a[na - 1] == b[nb - 1]) na--, nb--;
    if (na == 0 || nb == 0) return (na + nb) * MOVE_COST;
    if (na > SUGGEST_MAX_STRING || nb > SUGGEST_MAX_STRING) return max_cost + 1;
    if (nb < na) {
        const char *t = a;
        a = b;
        b = t;
        size_t tn = na;
        na = nb;
        nb = tn;
    }
    if ((nb - na) * MOVE_COST > max_cost) return max_cost + 1;
    for (size_t i = 0; i < na; i++) row[i] = (i + 1) * MOVE_COST;
    size_t result = 0;
    for (size_t bi = 0; bi < nb; bi++) {
        size_t distance = result = bi * MOVE_COST;
        size_t minimum = (size_t)-1;
        for (size_t i = 0; i < na; i++) {
            size_t substitute = distance + substitution_cost(b[bi], a[i]);
            distance = row[i];
            size_t insert_delete = (result < distance ? result : distance) + MOVE_COST;
            result = insert_delete < substitute ? insert_delete : substitute;
            row[i] = result;
            if (result < minimum) minimum = result;
        }
        if (minimum > max_cost) return max_cost + 1;
    }
    return result;
}

/* The closest name in `names` (a list or tuple of str), or NULL. */
static PhObject *closest_name(PhState *S, PhObject *names, PhObject *name)
{
    bool list = obj_type_check(names, &S->types.list);
    ssize_t n = list ? LIST_LEN(names) : TUPLE_LEN(names);
    if (n >= SUGGEST_MAX_ITEMS) return NULL;
    size_t nlen;
    const char *ns = str_as_utf8(S, name, &nlen);
    if (!ns) return NULL;
    size_t best_dist = (size_t)-1;
    PhObject *best = NULL;
    for (ssize_t i = 0; i < n; i++) {
        PhObject *item = list ? LIST_GET(names, i) : TUPLE_GET(names, i);
        if (!str_check(item)) continue;
        size_t ilen;
        const char *is = str_as_utf8(S, item, &ilen);
        if (!is) return NULL;
        if (ilen == nlen && memcmp(is, ns, nlen) == 0) continue;
        size_t max_dist = (nlen + ilen + 3) * MOVE_COST / 6;
        if (best && best_dist - 1 < max_dist) max_dist = best_dist - 1;
        size_t d = edit_distance(ns, nlen, is, ilen, max_dist);
        if (d > max_dist) continue;
        if (!best || d < best_dist) {
            best = item;
            best_dist = d;
        }
    }
    return best;
}

/* The keys of a mapping attribute of o (f_globals, f_builtins) as a list. */
static PhObject *attr_keys(PhState *S, PhObject *o, const char *attr)
{
    PhObject *d = obj_getattr_str(S, o, attr);
    if (!d) return NULL;
    PhObject *keys = obj_type_check(d, &S->types.dict) ? dict_keys_list(S, d) : NULL;
    DECREF(S, d);
    return keys;
}

static PhObject *suggest_for_name_error(PhState *S, PhObject *exc, PhObject *name)
{
    PhTraceback *tb = (PhTraceback *)((PhBaseException *)exc)->traceback;
    if (!tb || tb->ob.type != &S->types.traceback) return NULL;
    while (tb->next) tb = tb->next;
    PhObject *found = NULL;
    PhCode *co = (PhCode *)tb->code;
    if (co && co->varnames) found = closest_name(S, co->varnames, name);
    if (found || !tb->frame) return found ? (INCREF(found), found) : NULL;
    static const char *const scopes[] = {"f_globals", "f_builtins"};
    for (int i = 0; i < 2 && !found; i++) {
        PhObject *keys = attr_keys(S, tb->frame, scopes[i]);
        if (!keys) return NULL;
        found = closest_name(S, keys, name);
        XINCREF(found);
        DECREF(S, keys);
    }
    return found;
}

static PhObject *suggest_for_attribute_error(PhState *S, PhObject *exc, PhObject *name)
{
    PhObject *obj = exc_get_attr(S, exc, "obj");
    if (!obj || obj == PH_NONE(S)) return NULL;
    PhObject *dir = obj_call_method(S, obj, "__dir__", NULL, 0);
    if (!dir) return NULL;
    PhObject *list = list_from_iterable(S, dir);
    DECREF(S, dir);
    if (!list) return NULL;
    PhObject *found = NULL;
    if (list_sort(S, list, NULL, false) == 0) found = closest_name(S, list, name);
    XINCREF(found);
    DECREF(S, list);
    return found;
}

/* Appends ". Did you mean: 'x'?" when a close name exists. Never fails. */
static void add_suggestion(PhState *S, PhObject *exc, PhBuf *b)
{
    bool name_err = obj_type_check(exc, &S->exc.NameError);
    if (!name_err && !obj_type_check(exc, &S->exc.AttributeError)) return;
    PhObject *name = exc_get_attr(S, exc, "name");
    if (!name || name->type != &S->types.str) return;
    PhObject *saved = err_fetch(S);
    PhObject *found = name_err ? suggest_for_name_error(S, exc, name)
                               : suggest_for_attribute_error(S, exc, name);
    err_clear(S);
    err_restore(S, saved);
    if (!found) return;
    buf_puts(b, ". Did you mean: '");
    buf_put_str(b, found);
    buf_puts(b, "'?");
    DECREF(S, found);
}

/* "ZeroDivisionError: division by zero", "mod.MyError: msg" (no module
 * for builtins and __main__), or the SyntaxError block. */
static void format_exception_only(PhState *S, PhObject *exc, PhBuf *b)
{
    if (obj_type_check(exc, &S->exc.SyntaxError) && exc_format_syntax_error_location(S, exc, b) < 0)
        err_clear(S);
    PhType *t = exc->type;
    PhObject *mod = type_module_name(S, t);
    if (mod && str_check(mod) && !str_eq_cstr(mod, "builtins") && !str_eq_cstr(mod, "__main__")) {
        buf_put_str(b, mod);
        buf_putc(b, '.');
    }
    PhObject *qn = type_qualname(S, t);
    if (qn) {
        buf_put_str(b, qn);
        DECREF(S, qn);
    } else {
        err_clear(S);
        buf_puts(b, t->name);
    }
    PhObject *s = obj_type_check(exc, &S->exc.SyntaxError) ? exc_syntax_error_msg(S, exc)
                                                            : obj_str(S, exc);
    if (!s) {
        err_clear(S);
        buf_puts(b, ": <exception str() failed>");
    } else {
        if (str_len(s) > 0) {
            buf_puts(b, ": ");
            buf_put_str(b, s);
        }
        DECREF(S, s);
    }
    add_suggestion(S, exc, b);
    buf_putc(b, '\n');
    exc_format_notes(S, exc, b);
}

#define CHAIN_SEEN_MAX 64

/* Prints exc preceded by its cause or context (recursively), with the
 * joining sentences CPython uses. `seen` stops cycles. */
static void print_chain(PhState *S, PhObject *exc, PhBuf *b, PhObject **seen, int *nseen)
{
    if (*nseen < CHAIN_SEEN_MAX) seen[(*nseen)++] = exc;
    PhBaseException *e = (PhBaseException *)exc;
    PhObject *prev = NULL;
    const char *join = NULL;
    if (e->cause && is_exc_instance(e->cause)) {
        prev = e->cause;
        join = "\nThe above exception was the direct cause of the following exception:\n\n";
    } else if (e->context && !e->suppress_context && is_exc_instance(e->context)) {
        prev = e->context;
        join = "\nDuring handling of the above exception, another exception occurred:\n\n";
    }
    if (prev) {
        bool was_seen = false;
        for (int i = 0; i < *nseen; i++)
            if (seen[i] == prev) was_seen = true;
        if (!was_seen) {
            print_chain(S, prev, b, seen, nseen);
            buf_puts(b, join);
        }
    }
    if (e->traceback && traceback_format(S, e->traceback, b) < 0) err_clear(S);
    format_exception_only(S, exc, b);
}

void err_print(PhState *S)
{
    PhObject *exc = err_fetch(S);
    if (!exc) return;
    PhBuf b;
    buf_init(&b, S);
    PhObject *seen[CHAIN_SEEN_MAX];
    int nseen = 0;
    print_chain(S, exc, &b, seen, &nseen);
    write_stderr(S, &b);
    buf_free(&b);
    DECREF(S, exc);
}

void err_write_unraisable(PhState *S, PhObject *where)
{
    PhObject *exc = err_fetch(S);
    if (!exc) return;
    PhBuf b;
    buf_init(&b, S);
    if (where) {
        buf_puts(&b, "Exception ignored in: ");
        PhObject *r = obj_repr(S, where);
        if (r) {
            buf_put_str(&b, r);
            DECREF(S, r);
        } else {
            err_clear(S);
            buf_puts(&b, "<object repr() failed>");
        }
        buf_putc(&b, '\n');
    }
    PhBaseException *e = (PhBaseException *)exc;
    if (e->traceback && traceback_format(S, e->traceback, &b) < 0) err_clear(S);
    format_exception_only(S, exc, &b);
    write_stderr(S, &b);
    buf_free(&b);
    DECREF(S, exc);
}

/* ---- the recursion guard ---------------------------------------------------------- */

/* C stack the interpreter may use before RecursionError (the usual 8 MiB
 * main-thread stack, with room left for the error path). */
#define C_STACK_BUDGET ((size_t)6 << 20)

int err_enter_recursive(PhState *S, const char *where)
{
    char here;
    if (S->c_stack_base) {
        size_t used = (size_t)(S->c_stack_base > &here ? S->c_stack_base - &here
                                                       : &here - S->c_stack_base);
        if (used > C_STACK_BUDGET) {
            err_format(S, &S->exc.RecursionError, "maximum recursion depth exceeded%s",
                       where ? where : "");
            return -1;
        }
    }
    if (++S->recursion_depth > S->recursion_limit) {
        S->recursion_depth--;
        err_format(S, &S->exc.RecursionError, "maximum recursion depth exceeded%s",
                   where ? where : "");
        return -1;
    }
    return 0;
}

void err_leave_recursive(PhState *S) { S->recursion_depth--; }
