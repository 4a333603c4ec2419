/* Binding the arguments of C functions to their parameters, with the
 * TypeError messages CPython's getargs gives for keyword-capable functions. */
#include "args.h"

#include "str.h"
#include "tuple.h"
#include "vm/errors.h"
#include "vm/state.h"

int args_bind(PhState *S, const ArgSpec *sp, PhObject *const *args, size_t nargs,
                 PhObject *kwnames, PhObject **out)
{
    size_t nkw = (kwnames ? (size_t)TUPLE_LEN(kwnames) : 0);
    int maxpos = sp->kwonly;
    int minpos = sp->nrequired < sp->kwonly ? sp->nrequired : sp->kwonly;
    for (int i = 0; i < sp->nparams; i++) out[i] = NULL;
    if (nargs + nkw > (size_t)sp->nparams) {
        err_format(S, &S->exc.TypeError, "%s() takes at most %d %sargument%s (%zu given)",
                   sp->fname, sp->nparams, nargs == 0 ? "keyword " : "",
                   sp->nparams == 1 ? "" : "s", nargs + nkw);
        return -1;
    }
    if (nargs > (size_t)maxpos) {
        if (maxpos == 0)
            err_format(S, &S->exc.TypeError, "%s() takes no positional arguments", sp->fname);
        else
            err_format(S, &S->exc.TypeError, "%s() takes %s %d positional argument%s (%zu given)",
                       sp->fname, minpos < maxpos ? "at most" : "exactly", maxpos,
                       maxpos == 1 ? "" : "s", nargs);
        return -1;
    }
    /* Required positional-only parameters must come positionally. */
    int req_posonly = sp->nrequired < sp->nposonly ? sp->nrequired : sp->nposonly;
    if (nargs < (size_t)req_posonly) {
        err_format(S, &S->exc.TypeError, "%s() takes %s %d positional argument%s (%zu given)",
                   sp->fname, minpos < maxpos ? "at least" : "exactly", req_posonly,
                   req_posonly == 1 ? "" : "s", nargs);
        return -1;
    }
    for (size_t i = 0; i < nargs; i++) out[i] = args[i];
    for (size_t k = 0; k < nkw; k++) {
        PhObject *name = TUPLE_GET(kwnames, k);
        int found = -1;
        for (int i = sp->nposonly; i < sp->nparams; i++)
            if (str_eq_cstr(name, sp->names[i])) found = i;
        if (found < 0) {
            err_format(S, &S->exc.TypeError, "'%U' is an invalid keyword argument for %s()", name,
                       sp->fname);
            return -1;
        }
        if (out[found]) {
            err_format(S, &S->exc.TypeError,
                       "argument for %s() given by name ('%s') and position (%d)", sp->fname,
                       sp->names[found], found + 1);
            return -1;
        }
        out[found] = args[nargs + k];
    }
    for (int i = 0; i < sp->nrequired; i++) {
        if (out[i]) continue;
        if (i < sp->kwonly)
            err_format(S, &S->exc.TypeError, "%s() missing required argument '%s' (pos %d)",
                       sp->fname, sp->names[i], i + 1);
        else
            err_format(S, &S->exc.TypeError, "%s() missing required keyword-only argument '%s'",
                       sp->fname, sp->names[i]);
        return -1;
    }
    return 0;
}
