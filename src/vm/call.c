/* Binding call arguments to a Python function's parameters.
 *
 * call_bind_frame pushes the callee's frame and fills its local slots from
 * the positional and keyword arguments, the defaults, *args and **kwargs,
 * raising CPython 3.11's TypeErrors. The eval loop calls it with steal=1:
 * the argument references move from the caller's value stack straight into
 * the callee's slots, so a call costs no reference-count traffic for them
 * (and sys.getrefcount sees the counts CPython shows).
 */
#include "call.h"

#include "objects/abstract.h"
#include "objects/code.h"
#include "objects/dict.h"
#include "objects/func.h"
#include "objects/str.h"
#include "objects/tuple.h"
#include "vm/errors.h"
#include "vm/eval.h"

#include <string.h>

/* "'a'", "'a' and 'b'", "'a', 'b', and 'c'" */
static PhObject *format_names(PhState *S, PhObject **names, int n)
{
    StrBuilder b;
    sb_init(&b);
    for (int i = 0; i < n; i++) {
        if (i > 0) {
            if (n == 2) sb_append_cstr(S, &b, " and ");
            else if (i == n - 1) sb_append_cstr(S, &b, ", and ");
            else sb_append_cstr(S, &b, ", ");
        }
        sb_append_cstr(S, &b, "'");
        sb_append_str(S, &b, names[i]);
        sb_append_cstr(S, &b, "'");
    }
    return sb_finish(S, &b);
}

static void missing_arguments(PhState *S, PhFunction *fn, PhObject **slots, int start, int end,
                              const char *kind, PhObject *defaults_or_kwdefaults, int kwonly)
{
    PhCode *co = (PhCode *)fn->code;
    PhObject *names[64];
    int n = 0, total = 0;
    int ndefaults = (!kwonly && defaults_or_kwdefaults) ? (int)TUPLE_LEN(defaults_or_kwdefaults) : 0;
    for (int i = start; i < end; i++) {
        if (slots[i]) continue;
        if (!kwonly && i >= co->argcount - ndefaults) continue;
        if (kwonly && defaults_or_kwdefaults &&
            dict_getitem(S, defaults_or_kwdefaults, TUPLE_GET(co->varnames, i)))
            continue;
        if (n < 64) names[n++] = TUPLE_GET(co->varnames, i);
        total++;
    }
    PhObject *list = format_names(S, names, n);
    if (!list) return;
    err_format(S, &S->exc.TypeError, "%U() missing %d required %s argument%s: %U", fn->qualname,
               total, kind, total == 1 ? "" : "s", list);
    DECREF(S, list);
}

static void too_many_positional(PhState *S, PhFunction *fn, PhObject **slots, size_t given)
{
    PhCode *co = (PhCode *)fn->code;
    int kwonly_given = 0;
    for (int i = co->argcount; i < co->argcount + co->kwonlyargcount; i++)
        if (slots[i]) kwonly_given++;
    int defcount = fn->defaults ? (int)TUPLE_LEN(fn->defaults) : 0;
    char sig[64], kwsig[96] = "";
    int plural;
    if (defcount) {
        plural = 1;
        snprintf(sig, sizeof sig, "from %d to %d", co->argcount - defcount, co->argcount);
    } else {
        plural = co->argcount != 1;
        snprintf(sig, sizeof sig, "%d", co->argcount);
    }
    if (kwonly_given)
        snprintf(kwsig, sizeof kwsig, " positional argument%s (and %d keyword-only argument%s)",
                 given != 1 ? "s" : "", kwonly_given, kwonly_given != 1 ? "s" : "");
    err_format(S, &S->exc.TypeError, "%U() takes %s positional argument%s but %zu%s %s given",
               fn->qualname, sig, plural ? "s" : "", given, kwsig,
               given == 1 && !kwonly_given ? "was" : "were");
}

/* A keyword naming a positional-only parameter, when there is no **kwargs
 * to absorb it. Returns 1 when the error was raised. */
static int posonly_as_keyword(PhState *S, PhFunction *fn, PhObject *kwnames)
{
    PhCode *co = (PhCode *)fn->code;
    PhObject *names[64];
    int n = 0;
    for (ssize_t k = 0; k < TUPLE_LEN(kwnames); k++) {
        PhObject *kw = TUPLE_GET(kwnames, k);
        for (int j = 0; j < co->posonlyargcount; j++) {
            PhObject *name = TUPLE_GET(co->varnames, j);
            if (name == kw || (str_check(kw) && str_equal(name, kw))) {
                if (n < 64) names[n++] = name;
                break;
            }
        }
    }
    if (!n) return 0;
    StrBuilder b;
    sb_init(&b);
    for (int i = 0; i < n; i++) {
        if (i) sb_append_cstr(S, &b, ", ");
        sb_append_str(S, &b, names[i]);
    }
    PhObject *list = sb_finish(S, &b);
    if (!list) return 1;
    err_format(S, &S->exc.TypeError,
               "%U() got some positional-only arguments passed as keyword arguments: '%U'",
               fn->qualname, list);
    DECREF(S, list);
    return 1;
}

/* Finds a keyword among the non-positional-only parameters: identity first
 * (names are interned), then equality. */
static int find_param(PhState *S, PhCode *co, PhObject *kw, int total)
{
    PhObject **names = TUPLE_ITEMS(co->varnames);
    for (int j = co->posonlyargcount; j < total; j++)
        if (names[j] == kw) return j;
    for (int j = co->posonlyargcount; j < total; j++)
        if (str_equal(names[j], kw)) return j;
    return -1;
}

PhFrame *call_bind_frame(PhState *S, PhObject *func, PhObject *const *args, size_t nargs,
                         PhObject *kwnames, int steal)
{
    PhFunction *fn = (PhFunction *)func;
    PhCode *co = (PhCode *)fn->code;
    size_t nkw = kwnames ? (size_t)TUPLE_LEN(kwnames) : 0;
    size_t consumed = 0; /* arguments moved into the frame so far (steal mode) */
    PhFrame *f = frame_push(S, func, co);
    if (!f) goto fail_noframe;
    PhObject **slots = f->localsplus;
    int argcount = co->argcount;
    int total = argcount + co->kwonlyargcount;
    int flags = co->flags;
    PhObject *kwdict = NULL;

    if (flags & CO_VARKEYWORDS) {
        kwdict = dict_new(S);
        if (!kwdict) goto fail;
        slots[total + ((flags & CO_VARARGS) != 0)] = kwdict;
    }
    size_t n = nargs < (size_t)argcount ? nargs : (size_t)argcount;
    for (size_t i = 0; i < n; i++) {
        PhObject *v = args[i];
        if (!steal) INCREF(v);
        slots[i] = v;
    }
    consumed = n;
    if (flags & CO_VARARGS) {
        PhObject *t;
        if (nargs > n) {
            t = tuple_new(S, (ssize_t)(nargs - n));
            if (!t) goto fail;
            for (size_t i = n; i < nargs; i++) {
                PhObject *v = args[i];
                if (!steal) INCREF(v);
                TUPLE_SET(t, (ssize_t)(i - n), v);
            }
            consumed = nargs;
        } else {
            t = S->empty_tuple;
            INCREF(t);
        }
        slots[total] = t;
    }
    /* Keywords. */
    for (size_t k = 0; k < nkw; k++) {
        PhObject *kw = TUPLE_GET(kwnames, k);
        PhObject *v = args[nargs + k];
        if (!str_check(kw)) {
            err_format(S, &S->exc.TypeError, "%U() keywords must be strings", fn->qualname);
            goto fail;
        }
        int j = find_param(S, co, kw, total);
        if (j < 0) {
            if (!kwdict) {
                if (co->posonlyargcount && posonly_as_keyword(S, fn, kwnames)) goto fail;
                err_format(S, &S->exc.TypeError, "%U() got an unexpected keyword argument '%S'",
                           fn->qualname, kw);
                goto fail;
            }
            if (dict_setitem(S, kwdict, kw, v) < 0) goto fail;
            continue;
        }
        if (slots[j]) {
            err_format(S, &S->exc.TypeError, "%U() got multiple values for argument '%S'",
                       fn->qualname, kw);
            goto fail;
        }
        if (!steal) INCREF(v);
        slots[j] = v;
        if (steal) ((PhObject **)args)[nargs + k] = NULL; /* moved */
    }
    if (nargs > (size_t)argcount && !(flags & CO_VARARGS)) {
        too_many_positional(S, fn, slots, nargs);
        goto fail;
    }
    /* Missing positional arguments: defaults fill the last ones. */
    if (nargs < (size_t)argcount) {
        int ndef = fn->defaults ? (int)TUPLE_LEN(fn->defaults) : 0;
        int first_default = argcount - ndef;
        for (int i = (int)nargs; i < first_default; i++)
            if (!slots[i]) {
                missing_arguments(S, fn, slots, (int)nargs, argcount, "positional", fn->defaults, 0);
                goto fail;
            }
        for (int i = (nargs > (size_t)first_default ? (int)nargs : first_default); i < argcount; i++) {
            if (slots[i]) continue;
            PhObject *d = TUPLE_GET(fn->defaults, i - first_default);
            INCREF(d);
            slots[i] = d;
        }
    }
    /* Keyword-only arguments: kwdefaults fill the missing ones. */
    if (co->kwonlyargcount) {
        int missing = 0;
        for (int i = argcount; i < total; i++) {
            if (slots[i]) continue;
            PhObject *d = fn->kwdefaults ? dict_getitem(S, fn->kwdefaults, TUPLE_GET(co->varnames, i)) : NULL;
            if (d) {
                INCREF(d);
                slots[i] = d;
            } else {
                if (err_occurred(S)) goto fail;
                missing++;
            }
        }
        if (missing) {
            missing_arguments(S, fn, slots, argcount, total, "keyword-only", fn->kwdefaults, 1);
            goto fail;
        }
    }
    if (steal) {
        /* Keyword values not moved into a slot went into **kwargs (which
         * took its own reference): release them. */
        for (size_t k = 0; k < nkw; k++) XDECREF(S, args[nargs + k]);
    }
    if ((co->ncells || co->nfree) && frame_init_cells(S, f) < 0) {
        frame_pop(S, f);
        return NULL;
    }
    return f;

fail:
    if (steal) {
        /* Release what was not moved into the frame: positional arguments
         * past `consumed` and keyword values still in args. */
        for (size_t i = consumed; i < nargs; i++) DECREF(S, args[i]);
        for (size_t k = 0; k < nkw; k++) XDECREF(S, args[nargs + k]);
    }
    frame_pop(S, f);
    return NULL;
fail_noframe:
    if (steal)
        for (size_t i = 0; i < nargs + nkw; i++) XDECREF(S, args[i]);
    return NULL;
}

PhObject *func_vectorcall(PhState *S, PhObject *func, PhObject *const *args, size_t nargs,
                          PhObject *kwnames)
{
    PhFrame *f = call_bind_frame(S, func, args, nargs, kwnames, 0);
    if (!f) return NULL;
    if (f->code->flags & CO_GENERATOR) return gen_new_from_frame(S, f);
    return eval_frame(S, f, 0);
}
