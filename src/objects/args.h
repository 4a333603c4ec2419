/* Argument binding for C functions that take keyword arguments.
 *
 * Parameters 0..nposonly-1 are positional-only; from kwonly on, keyword-only;
 * the first nrequired are required. args_bind fills out[0..nparams) with
 * borrowed references, NULL where a parameter was not given, or raises
 * CPython's TypeError and returns -1. */
#ifndef PH_OBJECTS_ARGS_H
#define PH_OBJECTS_ARGS_H

#include "mem/object.h"

typedef struct ArgSpec {
    const char *fname;
    const char *const *names;
    int nparams, nposonly, kwonly, nrequired;
} ArgSpec;

int args_bind(PhState *S, const ArgSpec *spec, PhObject *const *args, size_t nargs,
              PhObject *kwnames, PhObject **out);

#endif
