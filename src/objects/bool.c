/* bool: the int subtype whose only instances are the static True and False
 * in the interpreter state. It cannot be subclassed (no TPFLAG_BASETYPE:
 * "type 'bool' is not an acceptable base type"). Its number slots are int's
 * except &, |, ^ between two bools (bool_as_number, src/objects/int.c). */
#include "int.h"

#include "objects/abstract.h"
#include "objects/str.h"
#include "vm/errors.h"
#include "vm/state.h"

#include <stddef.h>

/* True and False are never freed: their count starts at OBJ_STATIC_REFCNT. */
static void bool_dealloc(PhState *S, PhObject *o) { (void)S; (void)o; }

static PhObject *bool_repr(PhState *S, PhObject *o)
{
    return o == PH_TRUE(S) ? num_ascii_str(S, "True", 4) : num_ascii_str(S, "False", 5);
}

static PhObject *bool_new(PhState *S, PhType *t, PhObject *const *args, size_t nargs,
                          PhObject *kwnames)
{
    if (num_no_kwargs(S, "bool", kwnames) < 0) return NULL;
    if (nargs > 1)
        return err_format(S, &S->exc.TypeError, "bool expected at most 1 argument, got %zu", nargs);
    if (nargs == 0) return ph_bool(S, 0);
    int r = obj_is_true(S, args[0]);
    return r < 0 ? NULL : ph_bool(S, r);
}

const PhType bool_type_template = {
    .name = "bool",
    .basicsize = offsetof(PhInt, digits),
    .itemsize = sizeof(int_digit),
    .flags = TPFLAG_LONG_SUBCLASS,
    .dealloc = bool_dealloc,
    .repr = bool_repr,
    .hash = int_hash_slot,
    .richcompare = int_richcompare,
    .new_ = bool_new,
    .as_number = &bool_as_number,
};
