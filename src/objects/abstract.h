/* Generic operations on objects: what the eval loop and the builtins use.
 * They dispatch through the type's slots and raise CPython's errors, with
 * CPython's messages, when a type does not support an operation. */
#ifndef PH_OBJECTS_ABSTRACT_H
#define PH_OBJECTS_ABSTRACT_H

#include "mem/object.h"

#include <stdbool.h>
#include <stdint.h>

/* ---- identity and types ------------------------------------------------------- */
static inline PhType *obj_type(const PhObject *o) { return o->type; }
bool type_is_subtype(const PhType *a, const PhType *b); /* walks a's MRO */
static inline bool obj_type_check(const PhObject *o, const PhType *t)
{
    return o->type == t || type_is_subtype(o->type, t);
}
/* isinstance / issubclass with tuples of classes: 1, 0, or -1 on error. */
int obj_isinstance(PhState *S, PhObject *o, PhObject *cls);
int obj_issubclass(PhState *S, PhObject *derived, PhObject *cls);

/* ---- conversions to text ----------------------------------------------------- */
PhObject *obj_repr(PhState *S, PhObject *o);
PhObject *obj_str(PhState *S, PhObject *o);
PhObject *obj_ascii(PhState *S, PhObject *o);
PhObject *obj_format(PhState *S, PhObject *o, PhObject *spec); /* format(o, spec) */

/* ---- comparison, hashing, truth ---------------------------------------------- */
PhObject *obj_richcompare(PhState *S, PhObject *a, PhObject *b, int op);
/* 1, 0 or -1; identity implies equality for CMP_EQ/CMP_NE, as in CPython. */
int obj_richcompare_bool(PhState *S, PhObject *a, PhObject *b, int op);
int64_t obj_hash(PhState *S, PhObject *o); /* -1 on error (TypeError: unhashable) */
int obj_is_true(PhState *S, PhObject *o);  /* 1, 0 or -1 */

/* ---- attributes --------------------------------------------------------------- */
PhObject *obj_getattr(PhState *S, PhObject *o, PhObject *name);
PhObject *obj_getattr_str(PhState *S, PhObject *o, const char *name);
/* Like obj_getattr but returns NULL *without* an exception when missing. */
PhObject *obj_lookup_attr(PhState *S, PhObject *o, PhObject *name);
int obj_setattr(PhState *S, PhObject *o, PhObject *name, PhObject *v); /* v NULL: del */
int obj_setattr_str(PhState *S, PhObject *o, const char *name, PhObject *v);
/* object.__getattribute__ / __setattr__: descriptors, managed dict, class attrs. */
PhObject *obj_generic_getattr(PhState *S, PhObject *o, PhObject *name);
int obj_generic_setattr(PhState *S, PhObject *o, PhObject *name, PhObject *v);
/* Looks name up along the type's MRO (borrowed, NULL if absent; no error). */
PhObject *type_lookup(PhType *t, PhObject *name);

/* ---- calls -------------------------------------------------------------------- */
PhObject *obj_call(PhState *S, PhObject *callable, PhObject *const *args, size_t nargs,
                   PhObject *kwnames);
PhObject *obj_call0(PhState *S, PhObject *callable);
PhObject *obj_call1(PhState *S, PhObject *callable, PhObject *arg);
/* callable(*args_tuple, **kwargs_dict); kwargs may be NULL. */
PhObject *obj_call_tuple_dict(PhState *S, PhObject *callable, PhObject *args, PhObject *kwargs);
/* Looks up and calls o.name(args...) (no method object is built when avoidable). */
PhObject *obj_call_method(PhState *S, PhObject *o, const char *name, PhObject *const *args,
                          size_t nargs);
bool obj_is_callable(PhObject *o);

/* ---- containers ---------------------------------------------------------------- */
PhObject *obj_getitem(PhState *S, PhObject *o, PhObject *key);
int obj_setitem(PhState *S, PhObject *o, PhObject *key, PhObject *v);
int obj_delitem(PhState *S, PhObject *o, PhObject *key);
ssize_t obj_len(PhState *S, PhObject *o); /* -1: error */
int obj_contains(PhState *S, PhObject *container, PhObject *item); /* `in`: 1, 0, -1 */
PhObject *obj_iter(PhState *S, PhObject *o);
/* Next item (new reference); NULL with no exception when exhausted. */
PhObject *obj_iternext(PhState *S, PhObject *it);

/* ---- numbers -------------------------------------------------------------------- */
/* Binary operators, in the order of PhNumberMethods' non-inplace fields. */
typedef enum BinOp {
    BINOP_ADD, BINOP_SUB, BINOP_MUL, BINOP_TRUEDIV, BINOP_FLOORDIV, BINOP_MOD, BINOP_DIVMOD,
    BINOP_LSHIFT, BINOP_RSHIFT, BINOP_AND, BINOP_OR, BINOP_XOR, BINOP_MATMUL, BINOP_POW,
    BINOP__COUNT
} BinOp;
/* a OP b with CPython's dispatch (left slot, reflected right slot, subclass
 * priority, sequence concat/repeat) and its TypeError message. */
PhObject *num_binary(PhState *S, PhObject *a, PhObject *b, BinOp op);
/* a OP= b: tries the in-place slot first. */
PhObject *num_inplace(PhState *S, PhObject *a, PhObject *b, BinOp op);
PhObject *num_power(PhState *S, PhObject *a, PhObject *b, PhObject *mod); /* pow(a, b, mod) */
PhObject *num_negative(PhState *S, PhObject *o);
PhObject *num_positive(PhState *S, PhObject *o);
PhObject *num_invert(PhState *S, PhObject *o);
PhObject *num_absolute(PhState *S, PhObject *o);
PhObject *num_index(PhState *S, PhObject *o); /* operator.index: an int or TypeError */
/* o as a C ssize_t via __index__; OverflowError (or clamps when clamp) */
ssize_t num_as_ssize(PhState *S, PhObject *o, bool clamp);
PhObject *num_to_int(PhState *S, PhObject *o);   /* int(o) */
PhObject *num_to_float(PhState *S, PhObject *o); /* float(o) */
const char *binop_symbol(BinOp op); /* "+", "//", "**", ... */

#endif
