/* Slot wrappers (C slot -> Python attribute) and slot dispatchers (Python
 * dunder -> C slot), driven by one table, as CPython's slotdefs.
 *
 * A wrapper is a method descriptor whose PhMethodDef is an entry of
 * slot_methoddefs[]; the entry's index finds its SlotDef, and the
 * descriptor's owner says whose slot to call, so object.__init__(self)
 * runs object's init even when type(self) overrides __init__.
 */
#include "typeslots.h"

#include "abstract.h"
#include "descr.h"
#include "dict.h"
#include "int.h"
#include "str.h"
#include "tuple.h"
#include "typeobject.h"
#include "vm/errors.h"
#include "vm/state.h"

#include <stddef.h>
#include <string.h>

typedef void (*anyfunc)(void);

enum { TB_TYPE, TB_NUM, TB_SEQ, TB_MAP };

typedef struct SlotDef {
    const char *name;
    uint8_t table;
    uint16_t offset;  /* of the slot in its table */
    int8_t op;        /* comparison operator for richcompare wrappers */
    anyfunc dispatch; /* the heap-type slot function, or NULL */
} SlotDef;

/* ---- calling dunders on instances --------------------------------------------------------- */

/* Calls f (found on type(self)) as a method of self: functions and method
 * descriptors get self prepended, without building a bound method. */
static PhObject *call_found(PhState *S, PhObject *f, PhObject *self, PhObject *const *args,
                            size_t nargs, PhObject *kwnames)
{
    if (f->type == &S->types.function ||
        (descr_is_method(S, f) && !(((PhMethodDescr *)f)->def->flags & METH_CLASS))) {
        size_t nkw = kwnames ? (size_t)TUPLE_LEN(kwnames) : 0;
        size_t total = nargs + nkw + 1;
        PhObject *small[12];
        PhObject **stack = small;
        if (total > 12) {
            stack = heap_alloc(mem_of(S)->heap, total * sizeof(PhObject *));
            if (!stack) return err_no_memory(S);
        }
        stack[0] = self;
        if (nargs + nkw) memcpy(stack + 1, args, (nargs + nkw) * sizeof(PhObject *));
        PhObject *r = obj_call(S, f, stack, nargs + 1, kwnames);
        if (stack != small) heap_free(mem_of(S)->heap, stack);
        return r;
    }
    PhObject *bound;
    if (f->type->descr_get) {
        bound = f->type->descr_get(S, f, self, (PhObject *)self->type);
        if (!bound) return NULL;
    } else {
        INCREF(f);
        bound = f;
    }
    PhObject *r = obj_call(S, bound, args, nargs, kwnames);
    DECREF(S, bound);
    return r;
}

/* self.name(*args) looked up on the type. *found = false (and NULL, no
 * exception) when type(self) has no such attribute. */
static PhObject *call_special(PhState *S, PhObject *self, PhObject *name, PhObject *const *args,
                              size_t nargs, PhObject *kwnames, bool *found)
{
    PhObject *f = type_lookup_in(S, self->type, name);
    if (found) *found = f != NULL;
    if (!f) {
        if (!found) err_format(S, &S->exc.AttributeError, "%U", name);
        return NULL;
    }
    INCREF(f);
    PhObject *r = call_found(S, f, self, args, nargs, kwnames);
    DECREF(S, f);
    return r;
}

static PhObject *call_method(PhState *S, PhObject *self, PhObject *name, PhObject *const *args,
                             size_t nargs)
{
    return call_special(S, self, name, args, nargs, NULL, NULL);
}

/* Like call_method, but NotImplemented when the method is missing. */
static PhObject *call_maybe(PhState *S, PhObject *self, PhObject *name, PhObject *const *args,
                            size_t nargs)
{
    bool found;
    PhObject *r = call_special(S, self, name, args, nargs, NULL, &found);
    if (!found) {
        INCREF(PH_NOTIMPL(S));
        return PH_NOTIMPL(S);
    }
    return r;
}

static PhObject *notimpl(PhState *S)
{
    INCREF(PH_NOTIMPL(S));
    return PH_NOTIMPL(S);
}

/* ---- dispatchers: type-level slots ----------------------------------------------------------- */

static PhObject *slot_tp_repr(PhState *S, PhObject *self)
{
    return call_method(S, self, ID(S, __repr__), NULL, 0);
}

static PhObject *slot_tp_str(PhState *S, PhObject *self)
{
    return call_method(S, self, ID(S, __str__), NULL, 0);
}

static int64_t slot_tp_hash(PhState *S, PhObject *self)
{
    PhObject *f = type_lookup_in(S, self->type, ID(S, __hash__));
    if (!f || f == PH_NONE(S)) {
        err_format(S, &S->exc.TypeError, "unhashable type: '%s'", self->type->name);
        return -1;
    }
    PhObject *r = call_method(S, self, ID(S, __hash__), NULL, 0);
    if (!r) return -1;
    if (!obj_type_check(r, &S->types.int_)) {
        DECREF(S, r);
        err_format(S, &S->exc.TypeError, "__hash__ method should return an integer");
        return -1;
    }
    /* A big int is reduced by int's own hash, as hash(int) would be. */
    int overflow = 0;
    int64_t h = int_as_i64(r, &overflow);
    if (overflow) h = S->types.int_.hash(S, r);
    DECREF(S, r);
    return h == -1 ? -2 : h;
}

static PhObject *slot_tp_call(PhState *S, PhObject *self, PhObject *const *args, size_t nargs,
                              PhObject *kwnames)
{
    bool found;
    PhObject *r = call_special(S, self, ID(S, __call__), args, nargs, kwnames, &found);
    if (!found) err_format(S, &S->exc.TypeError, "'%s' object is not callable", self->type->name);
    return r;
}

/* Is f object's own __getattribute__ (so the generic lookup can be used)? */
static bool is_generic_getattribute(PhState *S, PhObject *f)
{
    if (!descr_is_method(S, f)) return false;
    PhType *owner = ((PhDescr *)f)->owner;
    return owner && owner->getattro == obj_generic_getattr &&
           str_eq_cstr(((PhDescr *)f)->name, "__getattribute__");
}

static PhObject *slot_tp_getattr_hook(PhState *S, PhObject *self, PhObject *name)
{
    PhObject *getattribute = type_lookup_in(S, self->type, ID(S, __getattribute__));
    PhObject *getattr = type_lookup_in(S, self->type, ID(S, __getattr__));
    PhObject *r;
    if (getattr) INCREF(getattr);
    if (!getattribute || is_generic_getattribute(S, getattribute)) {
        r = getattr ? obj_generic_getattr_suppress(S, self, name)
                    : obj_generic_getattr(S, self, name);
        if (!r && !err_occurred(S) && !getattr) return NULL;
    } else {
        INCREF(getattribute);
        r = call_found(S, getattribute, self, &name, 1, NULL);
        DECREF(S, getattribute);
        if (!r && getattr && err_matches(S, (PhObject *)&S->exc.AttributeError)) err_clear(S);
    }
    if (!r && getattr && !err_occurred(S)) r = call_found(S, getattr, self, &name, 1, NULL);
    XDECREF(S, getattr);
    return r;
}

static int slot_tp_setattro(PhState *S, PhObject *self, PhObject *name, PhObject *v)
{
    PhObject *r;
    if (v) {
        PhObject *args[2] = {name, v};
        r = call_method(S, self, ID(S, __setattr__), args, 2);
    } else {
        r = call_method(S, self, ID(S, __delattr__), &name, 1);
    }
    if (!r) return -1;
    DECREF(S, r);
    return 0;
}

static PhObject *cmp_name(PhState *S, int op)
{
    switch (op) {
    case CMP_LT: return ID(S, __lt__);
    case CMP_LE: return ID(S, __le__);
    case CMP_EQ: return ID(S, __eq__);
    case CMP_NE: return ID(S, __ne__);
    case CMP_GT: return ID(S, __gt__);
    default: return ID(S, __ge__);
    }
}

static PhObject *slot_tp_richcompare(PhState *S, PhObject *self, PhObject *other, int op)
{
    PhObject *f = type_lookup_in(S, self->type, cmp_name(S, op));
    if (!f || f == PH_NONE(S)) return notimpl(S);
    INCREF(f);
    PhObject *r = call_found(S, f, self, &other, 1, NULL);
    DECREF(S, f);
    return r;
}

static PhObject *slot_tp_iter(PhState *S, PhObject *self)
{
    PhObject *f = type_lookup_in(S, self->type, ID(S, __iter__));
    if (!f || f == PH_NONE(S))
        return err_format(S, &S->exc.TypeError, "'%s' object is not iterable", self->type->name);
    INCREF(f);
    PhObject *r = call_found(S, f, self, NULL, 0, NULL);
    DECREF(S, f);
    return r;
}

/* The slot convention is "NULL without an exception" for exhaustion, so a
 * StopIteration raised by __next__ is consumed here. */
static PhObject *slot_tp_iternext(PhState *S, PhObject *self)
{
    PhObject *r = call_method(S, self, ID(S, __next__), NULL, 0);
    if (!r && err_matches(S, (PhObject *)&S->exc.StopIteration)) err_clear(S);
    return r;
}

static PhObject *slot_tp_descr_get(PhState *S, PhObject *self, PhObject *obj, PhObject *type)
{
    PhObject *f = type_lookup_in(S, self->type, ID(S, __get__));
    if (!f) {
        INCREF(self);
        return self;
    }
    PhObject *args[2] = {obj ? obj : PH_NONE(S), type ? type : PH_NONE(S)};
    INCREF(f);
    PhObject *r = call_found(S, f, self, args, 2, NULL);
    DECREF(S, f);
    return r;
}

static int slot_tp_descr_set(PhState *S, PhObject *self, PhObject *obj, PhObject *v)
{
    PhObject *r;
    if (v) {
        PhObject *args[2] = {obj, v};
        r = call_method(S, self, ID(S, __set__), args, 2);
    } else {
        r = call_method(S, self, ID(S, __delete__), &obj, 1);
    }
    if (!r) return -1;
    DECREF(S, r);
    return 0;
}

static int slot_tp_init(PhState *S, PhObject *self, PhObject *const *args, size_t nargs,
                        PhObject *kwnames)
{
    PhObject *r = call_special(S, self, ID(S, __init__), args, nargs, kwnames, NULL);
    if (!r) return -1;
    if (r != PH_NONE(S)) {
        err_format(S, &S->exc.TypeError, "__init__() should return None, not '%s'", r->type->name);
        DECREF(S, r);
        return -1;
    }
    DECREF(S, r);
    return 0;
}

static PhObject *slot_tp_new(PhState *S, PhType *t, PhObject *const *args, size_t nargs,
                             PhObject *kwnames)
{
    PhObject *f = type_lookup_in(S, t, ID(S, __new__));
    if (!f) return err_format(S, &S->exc.TypeError, "cannot create '%s' instances", t->name);
    INCREF(f);
    /* __new__ is a staticmethod: unwrap to the function, call with t first. */
    PhObject *func = f->type->descr_get ? f->type->descr_get(S, f, NULL, (PhObject *)t)
                                        : (INCREF(f), f);
    DECREF(S, f);
    if (!func) return NULL;
    size_t nkw = kwnames ? (size_t)TUPLE_LEN(kwnames) : 0;
    size_t total = nargs + nkw + 1;
    PhObject *small[12];
    PhObject **stack = small;
    if (total > 12) {
        stack = heap_alloc(mem_of(S)->heap, total * sizeof(PhObject *));
        if (!stack) {
            DECREF(S, func);
            return err_no_memory(S);
        }
    }
    stack[0] = (PhObject *)t;
    if (nargs + nkw) memcpy(stack + 1, args, (nargs + nkw) * sizeof(PhObject *));
    PhObject *r = obj_call(S, func, stack, nargs + 1, kwnames);
    if (stack != small) heap_free(mem_of(S)->heap, stack);
    DECREF(S, func);
    return r;
}

/* __del__: errors cannot propagate; they are reported as unraisable, and
 * whatever exception was in flight is kept. */
static void slot_tp_finalize(PhState *S, PhObject *self)
{
    PhObject *saved = err_fetch(S);
    PhObject *f = type_lookup_in(S, self->type, ID(S, __del__));
    if (f) {
        INCREF(f);
        PhObject *r = call_found(S, f, self, NULL, 0, NULL);
        if (r) DECREF(S, r);
        else err_write_unraisable(S, f);
        DECREF(S, f);
    }
    err_restore(S, saved);
}

/* ---- dispatchers: numbers ----------------------------------------------------------------------- */

static PhObject *op_name(PhState *S, BinOp op, bool reflected)
{
    switch (op) {
    case BINOP_ADD: return reflected ? ID(S, __radd__) : ID(S, __add__);
    case BINOP_SUB: return reflected ? ID(S, __rsub__) : ID(S, __sub__);
    case BINOP_MUL: return reflected ? ID(S, __rmul__) : ID(S, __mul__);
    case BINOP_TRUEDIV: return reflected ? ID(S, __rtruediv__) : ID(S, __truediv__);
    case BINOP_FLOORDIV: return reflected ? ID(S, __rfloordiv__) : ID(S, __floordiv__);
    case BINOP_MOD: return reflected ? ID(S, __rmod__) : ID(S, __mod__);
    case BINOP_DIVMOD: return reflected ? ID(S, __rdivmod__) : ID(S, __divmod__);
    case BINOP_LSHIFT: return reflected ? ID(S, __rlshift__) : ID(S, __lshift__);
    case BINOP_RSHIFT: return reflected ? ID(S, __rrshift__) : ID(S, __rshift__);
    case BINOP_AND: return reflected ? ID(S, __rand__) : ID(S, __and__);
    case BINOP_OR: return reflected ? ID(S, __ror__) : ID(S, __or__);
    case BINOP_XOR: return reflected ? ID(S, __rxor__) : ID(S, __xor__);
    case BINOP_MATMUL: return reflected ? ID(S, __rmatmul__) : ID(S, __matmul__);
    default: return reflected ? ID(S, __rpow__) : ID(S, __pow__);
    }
}

static binaryfunc nb_binary(const PhType *t, BinOp op)
{
    const PhNumberMethods *nb = t->as_number;
    if (!nb) return NULL;
    switch (op) {
    case BINOP_ADD: return nb->add;
    case BINOP_SUB: return nb->sub;
    case BINOP_MUL: return nb->mul;
    case BINOP_TRUEDIV: return nb->truediv;
    case BINOP_FLOORDIV: return nb->floordiv;
    case BINOP_MOD: return nb->mod;
    case BINOP_DIVMOD: return nb->divmod;
    case BINOP_LSHIFT: return nb->lshift;
    case BINOP_RSHIFT: return nb->rshift;
    case BINOP_AND: return nb->and_;
    case BINOP_OR: return nb->or_;
    case BINOP_XOR: return nb->xor_;
    case BINOP_MATMUL: return nb->matmul;
    default: return NULL;
    }
}

/* Does type(b) define rname differently from type(a)? (A subclass's
 * reflected method goes first only if it overrides.) */
static bool method_is_overloaded(PhState *S, PhObject *a, PhObject *b, PhObject *rname)
{
    PhObject *fb = type_lookup_in(S, b->type, rname);
    if (!fb) return false;
    PhObject *fa = type_lookup_in(S, a->type, rname);
    return fa != fb;
}

/* CPython's SLOT1BINFULL: self op other, where either operand may be the
 * one whose class defines the operator in Python. */
static PhObject *slot_binop(PhState *S, PhObject *self, PhObject *other, BinOp op, binaryfunc me)
{
    PhObject *name = op_name(S, op, false), *rname = op_name(S, op, true);
    bool do_other = self->type != other->type && nb_binary(other->type, op) == me;
    if (nb_binary(self->type, op) == me) {
        if (do_other && type_is_subtype(other->type, self->type) &&
            method_is_overloaded(S, self, other, rname)) {
            PhObject *r = call_maybe(S, other, rname, &self, 1);
            if (r != PH_NOTIMPL(S)) return r;
            DECREF(S, r);
            do_other = false;
        }
        PhObject *r = call_maybe(S, self, name, &other, 1);
        if (r != PH_NOTIMPL(S) || other->type == self->type) return r;
        DECREF(S, r);
    }
    if (do_other) return call_maybe(S, other, rname, &self, 1);
    return notimpl(S);
}

#define BINSLOT(fname, OP)                                                                         \
    static PhObject *fname(PhState *S, PhObject *a, PhObject *b)                                   \
    {                                                                                              \
        return slot_binop(S, a, b, OP, fname);                                                     \
    }
BINSLOT(slot_nb_add, BINOP_ADD)
BINSLOT(slot_nb_sub, BINOP_SUB)
BINSLOT(slot_nb_mul, BINOP_MUL)
BINSLOT(slot_nb_truediv, BINOP_TRUEDIV)
BINSLOT(slot_nb_floordiv, BINOP_FLOORDIV)
BINSLOT(slot_nb_mod, BINOP_MOD)
BINSLOT(slot_nb_divmod, BINOP_DIVMOD)
BINSLOT(slot_nb_lshift, BINOP_LSHIFT)
BINSLOT(slot_nb_rshift, BINOP_RSHIFT)
BINSLOT(slot_nb_and, BINOP_AND)
BINSLOT(slot_nb_or, BINOP_OR)
BINSLOT(slot_nb_xor, BINOP_XOR)
BINSLOT(slot_nb_matmul, BINOP_MATMUL)
#undef BINSLOT

static PhObject *slot_nb_power(PhState *S, PhObject *self, PhObject *other, PhObject *mod)
{
    if (mod == PH_NONE(S)) {
        /* Binary form: as the other binary operators. */
        PhObject *name = ID(S, __pow__), *rname = ID(S, __rpow__);
        ternaryfunc me = slot_nb_power;
        bool do_other = self->type != other->type && other->type->as_number &&
                        other->type->as_number->pow == me;
        if (self->type->as_number && self->type->as_number->pow == me) {
            if (do_other && type_is_subtype(other->type, self->type) &&
                method_is_overloaded(S, self, other, rname)) {
                PhObject *r = call_maybe(S, other, rname, &self, 1);
                if (r != PH_NOTIMPL(S)) return r;
                DECREF(S, r);
                do_other = false;
            }
            PhObject *r = call_maybe(S, self, name, &other, 1);
            if (r != PH_NOTIMPL(S) || other->type == self->type) return r;
            DECREF(S, r);
        }
        if (do_other) return call_maybe(S, other, rname, &self, 1);
        return notimpl(S);
    }
    /* Three-argument pow never uses __rpow__. */
    if (self->type->as_number && self->type->as_number->pow == slot_nb_power) {
        PhObject *args[2] = {other, mod};
        return call_maybe(S, self, ID(S, __pow__), args, 2);
    }
    return notimpl(S);
}

#define INPLACESLOT(fname, ID_NAME)                                                                \
    static PhObject *fname(PhState *S, PhObject *a, PhObject *b)                                   \
    {                                                                                              \
        return call_maybe(S, a, ID(S, ID_NAME), &b, 1);                                            \
    }
INPLACESLOT(slot_nb_iadd, __iadd__)
INPLACESLOT(slot_nb_isub, __isub__)
INPLACESLOT(slot_nb_imul, __imul__)
INPLACESLOT(slot_nb_itruediv, __itruediv__)
INPLACESLOT(slot_nb_ifloordiv, __ifloordiv__)
INPLACESLOT(slot_nb_imod, __imod__)
INPLACESLOT(slot_nb_ilshift, __ilshift__)
INPLACESLOT(slot_nb_irshift, __irshift__)
INPLACESLOT(slot_nb_iand, __iand__)
INPLACESLOT(slot_nb_ior, __ior__)
INPLACESLOT(slot_nb_ixor, __ixor__)
INPLACESLOT(slot_nb_imatmul, __imatmul__)
#undef INPLACESLOT

static PhObject *slot_nb_ipow(PhState *S, PhObject *a, PhObject *b, PhObject *mod)
{
    return call_maybe(S, a, ID(S, __ipow__), &b, 1);
}

#define UNARYSLOT(fname, ID_NAME)                                                                  \
    static PhObject *fname(PhState *S, PhObject *a) { return call_method(S, a, ID(S, ID_NAME), NULL, 0); }
UNARYSLOT(slot_nb_negative, __neg__)
UNARYSLOT(slot_nb_positive, __pos__)
UNARYSLOT(slot_nb_absolute, __abs__)
UNARYSLOT(slot_nb_invert, __invert__)
UNARYSLOT(slot_nb_int, __int__)
UNARYSLOT(slot_nb_float, __float__)
UNARYSLOT(slot_nb_index, __index__)
#undef UNARYSLOT

/* __bool__, else __len__ != 0, else true. */
static int slot_nb_bool(PhState *S, PhObject *self)
{
    bool found;
    PhObject *r = call_special(S, self, ID(S, __bool__), NULL, 0, NULL, &found);
    bool using_len = false;
    if (!found) {
        r = call_special(S, self, ID(S, __len__), NULL, 0, NULL, &found);
        if (!found) return 1;
        using_len = true;
    }
    if (!r) return -1;
    int res;
    if (using_len) {
        ssize_t n = num_as_ssize(S, r, false);
        res = n < 0 && err_occurred(S) ? -1 : n != 0;
    } else if (r == PH_TRUE(S) || r == PH_FALSE(S)) {
        res = r == PH_TRUE(S);
    } else {
        err_format(S, &S->exc.TypeError, "__bool__ should return bool, returned %s", r->type->name);
        res = -1;
    }
    DECREF(S, r);
    return res;
}

/* ---- dispatchers: containers -------------------------------------------------------------------- */

static ssize_t slot_len(PhState *S, PhObject *self)
{
    PhObject *r = call_method(S, self, ID(S, __len__), NULL, 0);
    if (!r) return -1;
    PhObject *i = num_index(S, r);
    DECREF(S, r);
    if (!i) return -1;
    if (((PhVarObject *)i)->size < 0) {
        DECREF(S, i);
        err_format(S, &S->exc.ValueError, "__len__() should return >= 0");
        return -1;
    }
    int overflow = 0;
    int64_t n = int_as_i64(i, &overflow);
    DECREF(S, i);
    if (overflow) {
        err_format(S, &S->exc.OverflowError, "cannot fit 'int' into an index-sized integer");
        return -1;
    }
    return (ssize_t)n;
}

static ssize_t slot_sq_length(PhState *S, PhObject *self) { return slot_len(S, self); }
static ssize_t slot_mp_length(PhState *S, PhObject *self) { return slot_len(S, self); }

static PhObject *slot_mp_subscript(PhState *S, PhObject *self, PhObject *key)
{
    return call_method(S, self, ID(S, __getitem__), &key, 1);
}

static PhObject *slot_sq_item(PhState *S, PhObject *self, ssize_t i)
{
    PhObject *idx = int_from_i64(S, i);
    if (!idx) return NULL;
    PhObject *r = call_method(S, self, ID(S, __getitem__), &idx, 1);
    DECREF(S, idx);
    return r;
}

static int slot_mp_ass_subscript(PhState *S, PhObject *self, PhObject *key, PhObject *v)
{
    PhObject *r;
    if (v) {
        PhObject *args[2] = {key, v};
        r = call_method(S, self, ID(S, __setitem__), args, 2);
    } else {
        r = call_method(S, self, ID(S, __delitem__), &key, 1);
    }
    if (!r) return -1;
    DECREF(S, r);
    return 0;
}

static int slot_sq_contains(PhState *S, PhObject *self, PhObject *item)
{
    PhObject *f = type_lookup_in(S, self->type, ID(S, __contains__));
    if (f == PH_NONE(S)) {
        err_format(S, &S->exc.TypeError, "'%s' object is not a container", self->type->name);
        return -1;
    }
    if (!f) {
        /* Only reachable if __contains__ was deleted: iterate instead. */
        PhObject *it = obj_iter(S, self);
        if (!it) return -1;
        int found = 0;
        PhObject *x;
        while ((x = obj_iternext(S, it))) {
            found = obj_richcompare_bool(S, x, item, CMP_EQ);
            DECREF(S, x);
            if (found) break;
        }
        DECREF(S, it);
        if (!found && err_occurred(S)) return -1;
        return found;
    }
    INCREF(f);
    PhObject *r = call_found(S, f, self, &item, 1, NULL);
    DECREF(S, f);
    if (!r) return -1;
    int t = obj_is_true(S, r);
    DECREF(S, r);
    return t;
}

/* ---- wrappers ------------------------------------------------------------------------------------ */

typedef enum {
    W_NONE, W_UNARY, W_BINARY_L, W_BINARY_R, W_TERNARY, W_TERNARY_R, W_INQUIRY, W_HASH, W_LEN,
    W_RICHCMP, W_NEXT, W_CALL, W_INIT, W_GETATTR, W_SETATTR, W_DELATTR, W_SETITEM, W_DELITEM,
    W_CONTAINS, W_DESCR_GET, W_DESCR_SET, W_DESCR_DELETE, W_SQ_ITEM, W_SQ_REPEAT, W_DEL,
} WrapKind;

static PhObject *slot_wrapper(PhState *S, PhObject *callable, PhObject *const *args, size_t nargs,
                              PhObject *kwnames);

#define T(field) TB_TYPE, (uint16_t)offsetof(PhType, field)
#define N(field) TB_NUM, (uint16_t)offsetof(PhNumberMethods, field)
#define Q(field) TB_SEQ, (uint16_t)offsetof(PhSequenceMethods, field)
#define M(field) TB_MAP, (uint16_t)offsetof(PhMappingMethods, field)
#define D(f) ((anyfunc)(f))

/* X(name, table+offset, wrapper kind, op, dispatcher, doc). Order matters
 * for wrappers: the first entry naming an attribute wins (number slots
 * before mapping before sequence, as in CPython). */
#define SLOTDEFS(X)                                                                                \
    X("__getattribute__", T(getattro), W_GETATTR, 0, D(slot_tp_getattr_hook), "Return getattr(self, name).") \
    X("__getattr__", T(getattro), W_NONE, 0, D(slot_tp_getattr_hook), NULL)                       \
    X("__setattr__", T(setattro), W_SETATTR, 0, D(slot_tp_setattro), "Implement setattr(self, name, value).") \
    X("__delattr__", T(setattro), W_DELATTR, 0, D(slot_tp_setattro), "Implement delattr(self, name).") \
    X("__repr__", T(repr), W_UNARY, 0, D(slot_tp_repr), "Return repr(self).")                    \
    X("__hash__", T(hash), W_HASH, 0, D(slot_tp_hash), "Return hash(self).")                     \
    X("__call__", T(call), W_CALL, 0, D(slot_tp_call), "Call self as a function.")               \
    X("__str__", T(str), W_UNARY, 0, D(slot_tp_str), "Return str(self).")                        \
    X("__lt__", T(richcompare), W_RICHCMP, CMP_LT, D(slot_tp_richcompare), "Return self<value.") \
    X("__le__", T(richcompare), W_RICHCMP, CMP_LE, D(slot_tp_richcompare), "Return self<=value.") \
    X("__eq__", T(richcompare), W_RICHCMP, CMP_EQ, D(slot_tp_richcompare), "Return self==value.") \
    X("__ne__", T(richcompare), W_RICHCMP, CMP_NE, D(slot_tp_richcompare), "Return self!=value.") \
    X("__gt__", T(richcompare), W_RICHCMP, CMP_GT, D(slot_tp_richcompare), "Return self>value.") \
    X("__ge__", T(richcompare), W_RICHCMP, CMP_GE, D(slot_tp_richcompare), "Return self>=value.") \
    X("__iter__", T(iter), W_UNARY, 0, D(slot_tp_iter), "Implement iter(self).")                 \
    X("__next__", T(iternext), W_NEXT, 0, D(slot_tp_iternext), "Implement next(self).")          \
    X("__get__", T(descr_get), W_DESCR_GET, 0, D(slot_tp_descr_get), "Return an attribute of instance, which is of type owner.") \
    X("__set__", T(descr_set), W_DESCR_SET, 0, D(slot_tp_descr_set), "Set an attribute of instance to value.") \
    X("__delete__", T(descr_set), W_DESCR_DELETE, 0, D(slot_tp_descr_set), "Delete an attribute of instance.") \
    X("__init__", T(init), W_INIT, 0, D(slot_tp_init), "Initialize self.  See help(type(self)) for accurate signature.") \
    X("__new__", T(new_), W_NONE, 0, D(slot_tp_new), NULL)                                        \
    X("__del__", T(finalize), W_DEL, 0, D(slot_tp_finalize), "Called when the instance is about to be destroyed.") \
    X("__add__", N(add), W_BINARY_L, 0, D(slot_nb_add), "Return self+value.")                    \
    X("__radd__", N(add), W_BINARY_R, 0, D(slot_nb_add), "Return value+self.")                   \
    X("__sub__", N(sub), W_BINARY_L, 0, D(slot_nb_sub), "Return self-value.")                    \
    X("__rsub__", N(sub), W_BINARY_R, 0, D(slot_nb_sub), "Return value-self.")                   \
    X("__mul__", N(mul), W_BINARY_L, 0, D(slot_nb_mul), "Return self*value.")                    \
    X("__rmul__", N(mul), W_BINARY_R, 0, D(slot_nb_mul), "Return value*self.")                   \
    X("__mod__", N(mod), W_BINARY_L, 0, D(slot_nb_mod), "Return self%value.")                    \
    X("__rmod__", N(mod), W_BINARY_R, 0, D(slot_nb_mod), "Return value%self.")                   \
    X("__divmod__", N(divmod), W_BINARY_L, 0, D(slot_nb_divmod), "Return divmod(self, value).")  \
    X("__rdivmod__", N(divmod), W_BINARY_R, 0, D(slot_nb_divmod), "Return divmod(value, self).") \
    X("__pow__", N(pow), W_TERNARY, 0, D(slot_nb_power), "Return pow(self, value, mod).")        \
    X("__rpow__", N(pow), W_TERNARY_R, 0, D(slot_nb_power), "Return pow(value, self, mod).")     \
    X("__neg__", N(neg), W_UNARY, 0, D(slot_nb_negative), "-self")                               \
    X("__pos__", N(pos), W_UNARY, 0, D(slot_nb_positive), "+self")                               \
    X("__abs__", N(abs), W_UNARY, 0, D(slot_nb_absolute), "abs(self)")                           \
    X("__bool__", N(bool_), W_INQUIRY, 0, D(slot_nb_bool), "True if self else False")            \
    X("__invert__", N(invert), W_UNARY, 0, D(slot_nb_invert), "~self")                           \
    X("__lshift__", N(lshift), W_BINARY_L, 0, D(slot_nb_lshift), "Return self<<value.")          \
    X("__rlshift__", N(lshift), W_BINARY_R, 0, D(slot_nb_lshift), "Return value<<self.")         \
    X("__rshift__", N(rshift), W_BINARY_L, 0, D(slot_nb_rshift), "Return self>>value.")          \
    X("__rrshift__", N(rshift), W_BINARY_R, 0, D(slot_nb_rshift), "Return value>>self.")         \
    X("__and__", N(and_), W_BINARY_L, 0, D(slot_nb_and), "Return self&value.")                   \
    X("__rand__", N(and_), W_BINARY_R, 0, D(slot_nb_and), "Return value&self.")                  \
    X("__xor__", N(xor_), W_BINARY_L, 0, D(slot_nb_xor), "Return self^value.")                   \
    X("__rxor__", N(xor_), W_BINARY_R, 0, D(slot_nb_xor), "Return value^self.")                  \
    X("__or__", N(or_), W_BINARY_L, 0, D(slot_nb_or), "Return self|value.")                      \
    X("__ror__", N(or_), W_BINARY_R, 0, D(slot_nb_or), "Return value|self.")                     \
    X("__int__", N(int_), W_UNARY, 0, D(slot_nb_int), "int(self)")                               \
    X("__float__", N(float_), W_UNARY, 0, D(slot_nb_float), "float(self)")                       \
    X("__iadd__", N(iadd), W_BINARY_L, 0, D(slot_nb_iadd), "Return self+=value.")                \
    X("__isub__", N(isub), W_BINARY_L, 0, D(slot_nb_isub), "Return self-=value.")                \
    X("__imul__", N(imul), W_BINARY_L, 0, D(slot_nb_imul), "Return self*=value.")                \
    X("__imod__", N(imod), W_BINARY_L, 0, D(slot_nb_imod), "Return self%=value.")                \
    X("__ipow__", N(ipow), W_TERNARY, 0, D(slot_nb_ipow), "Return self**=value.")                \
    X("__ilshift__", N(ilshift), W_BINARY_L, 0, D(slot_nb_ilshift), "Return self<<=value.")      \
    X("__irshift__", N(irshift), W_BINARY_L, 0, D(slot_nb_irshift), "Return self>>=value.")      \
    X("__iand__", N(iand), W_BINARY_L, 0, D(slot_nb_iand), "Return self&=value.")                \
    X("__ixor__", N(ixor), W_BINARY_L, 0, D(slot_nb_ixor), "Return self^=value.")                \
    X("__ior__", N(ior), W_BINARY_L, 0, D(slot_nb_ior), "Return self|=value.")                   \
    X("__floordiv__", N(floordiv), W_BINARY_L, 0, D(slot_nb_floordiv), "Return self//value.")    \
    X("__rfloordiv__", N(floordiv), W_BINARY_R, 0, D(slot_nb_floordiv), "Return value//self.")   \
    X("__truediv__", N(truediv), W_BINARY_L, 0, D(slot_nb_truediv), "Return self/value.")        \
    X("__rtruediv__", N(truediv), W_BINARY_R, 0, D(slot_nb_truediv), "Return value/self.")       \
    X("__ifloordiv__", N(ifloordiv), W_BINARY_L, 0, D(slot_nb_ifloordiv), "Return self//=value.") \
    X("__itruediv__", N(itruediv), W_BINARY_L, 0, D(slot_nb_itruediv), "Return self/=value.")    \
    X("__index__", N(index), W_UNARY, 0, D(slot_nb_index), "Return self converted to an integer, if self is suitable for use as an index into a list.") \
    X("__matmul__", N(matmul), W_BINARY_L, 0, D(slot_nb_matmul), "Return self@value.")           \
    X("__rmatmul__", N(matmul), W_BINARY_R, 0, D(slot_nb_matmul), "Return value@self.")          \
    X("__imatmul__", N(imatmul), W_BINARY_L, 0, D(slot_nb_imatmul), "Return self@=value.")       \
    X("__len__", M(len), W_LEN, 0, D(slot_mp_length), "Return len(self).")                       \
    X("__getitem__", M(subscript), W_BINARY_L, 0, D(slot_mp_subscript), "Return self[key].")     \
    X("__setitem__", M(ass_subscript), W_SETITEM, 0, D(slot_mp_ass_subscript), "Set self[key] to value.") \
    X("__delitem__", M(ass_subscript), W_DELITEM, 0, D(slot_mp_ass_subscript), "Delete self[key].") \
    X("__len__", Q(len), W_LEN, 0, D(slot_sq_length), "Return len(self).")                       \
    X("__add__", Q(concat), W_BINARY_L, 0, NULL, "Return self+value.")                           \
    X("__mul__", Q(repeat), W_SQ_REPEAT, 0, NULL, "Return self*value.")                          \
    X("__rmul__", Q(repeat), W_SQ_REPEAT, 0, NULL, "Return value*self.")                         \
    X("__getitem__", Q(item), W_SQ_ITEM, 0, D(slot_sq_item), "Return self[key].")                \
    X("__contains__", Q(contains), W_CONTAINS, 0, D(slot_sq_contains), "Return key in self.")    \
    X("__iadd__", Q(inplace_concat), W_BINARY_L, 0, NULL, "Implement self+=value.")              \
    X("__imul__", Q(inplace_repeat), W_SQ_REPEAT, 0, NULL, "Implement self*=value.")

#define MAKE_SLOTDEF(name, tab_off, kind, op, disp, doc) {name, tab_off, op, disp},
#define MAKE_KIND(name, tab_off, kind, op, disp, doc) kind,
#define MAKE_MDEF(name, tab_off, kind, op, disp, doc) {name, slot_wrapper, METH_WRAPPER, doc},

static const SlotDef slotdefs[] = {SLOTDEFS(MAKE_SLOTDEF)};
static const uint8_t slotkinds[] = {SLOTDEFS(MAKE_KIND)};
static const PhMethodDef slot_methoddefs[] = {SLOTDEFS(MAKE_MDEF)};
#define NSLOTDEFS ((int)(sizeof slotdefs / sizeof *slotdefs))

#undef T
#undef N
#undef Q
#undef M
#undef D

/* Base address of the table a slot lives in (NULL if the type has none). */
static char *table_of(const PhType *t, int table)
{
    switch (table) {
    case TB_TYPE: return (char *)t;
    case TB_NUM: return (char *)t->as_number;
    case TB_SEQ: return (char *)t->as_sequence;
    default: return (char *)t->as_mapping;
    }
}

static anyfunc slot_get(const PhType *t, const SlotDef *sd)
{
    char *base = table_of(t, sd->table);
    anyfunc f = NULL;
    if (base) memcpy(&f, base + sd->offset, sizeof f);
    return f;
}

static void slot_set(PhType *t, const SlotDef *sd, anyfunc f)
{
    char *base = table_of(t, sd->table);
    if (base) memcpy(base + sd->offset, &f, sizeof f);
}

/* Argument check for wrappers: exactly n arguments after self. */
static int check_args(PhState *S, const SlotDef *sd, size_t nargs, PhObject *kwnames, size_t min,
                      size_t max)
{
    if (kwnames && TUPLE_LEN(kwnames)) {
        err_format(S, &S->exc.TypeError, "wrapper %s() takes no keyword arguments", sd->name);
        return -1;
    }
    size_t n = nargs - 1;
    if (n < min || n > max) {
        if (min == max)
            err_format(S, &S->exc.TypeError, "expected %zu argument%s, got %zu", min,
                       min == 1 ? "" : "s", n);
        else
            err_format(S, &S->exc.TypeError, "expected %zu to %zu arguments, got %zu", min, max, n);
        return -1;
    }
    return 0;
}

static PhObject *none_if_ok(PhState *S, int rc) { return rc < 0 ? NULL : ph_none(S); }

static PhObject *slot_wrapper(PhState *S, PhObject *callable, PhObject *const *args, size_t nargs,
                              PhObject *kwnames)
{
    const PhMethodDef *def = descr_is_method(S, callable)
                                 ? ((PhMethodDescr *)callable)->def
                                 : ((PhBuiltinFunc *)callable)->def;
    int idx = (int)(def - slot_methoddefs);
    const SlotDef *sd = &slotdefs[idx];
    PhType *owner = callable_owner(S, callable);
    if (!owner || nargs < 1) return err_format(S, &S->exc.TypeError, "slot wrapper %s needs an argument", sd->name);
    anyfunc f = slot_get(owner, sd);
    if (!f) return err_format(S, &S->exc.TypeError, "'%s' object has no slot for %s", owner->name, sd->name);
    PhObject *self = args[0];
    WrapKind kind = (WrapKind)slotkinds[idx];
    switch (kind) {
    case W_CALL:
        return ((vectorcallfunc)f)(S, self, args + 1, nargs - 1, kwnames);
    case W_INIT:
        return none_if_ok(S, ((initproc)f)(S, self, args + 1, nargs - 1, kwnames));
    default:
        break;
    }
    size_t nmin = 0, nmax = 0;
    switch (kind) {
    case W_BINARY_L: case W_BINARY_R: case W_RICHCMP: case W_GETATTR: case W_DELATTR:
    case W_DELITEM: case W_CONTAINS: case W_DESCR_DELETE: case W_SQ_ITEM: case W_SQ_REPEAT:
        nmin = nmax = 1;
        break;
    case W_SETATTR: case W_SETITEM: case W_DESCR_SET:
        nmin = nmax = 2;
        break;
    case W_TERNARY: case W_TERNARY_R:
        nmin = 1;
        nmax = 2;
        break;
    case W_DESCR_GET:
        nmin = 1;
        nmax = 2;
        break;
    default:
        break;
    }
    if (check_args(S, sd, nargs, kwnames, nmin, nmax) < 0) return NULL;
    PhObject *a1 = nargs > 1 ? args[1] : NULL, *a2 = nargs > 2 ? args[2] : NULL;
    switch (kind) {
    case W_UNARY:
        return ((unaryfunc)f)(S, self);
    case W_BINARY_L:
        return ((binaryfunc)f)(S, self, a1);
    case W_BINARY_R:
        return ((binaryfunc)f)(S, a1, self);
    case W_TERNARY:
        return ((ternaryfunc)f)(S, self, a1, a2 ? a2 : PH_NONE(S));
    case W_TERNARY_R:
        return ((ternaryfunc)f)(S, a1, self, a2 ? a2 : PH_NONE(S));
    case W_INQUIRY: {
        int r = ((inquiry)f)(S, self);
        return r < 0 ? NULL : ph_bool(S, r);
    }
    case W_HASH: {
        int64_t h = ((hashfunc)f)(S, self);
        return h == -1 ? NULL : int_from_i64(S, h);
    }
    case W_LEN: {
        ssize_t n = ((lenfunc)f)(S, self);
        return n < 0 ? NULL : int_from_i64(S, n);
    }
    case W_RICHCMP:
        return ((richcmpfunc)f)(S, self, a1, sd->op);
    case W_NEXT: {
        PhObject *r = ((iternextfunc)f)(S, self);
        if (!r && !err_occurred(S)) err_set_object(S, &S->exc.StopIteration, NULL);
        return r;
    }
    case W_GETATTR:
        if (!str_check(a1)) {
            return err_format(S, &S->exc.TypeError, "attribute name must be string, not '%s'",
                              a1->type->name);
        }
        return ((getattrofunc)f)(S, self, a1);
    case W_SETATTR:
        return none_if_ok(S, ((setattrofunc)f)(S, self, a1, a2));
    case W_DELATTR:
        return none_if_ok(S, ((setattrofunc)f)(S, self, a1, NULL));
    case W_SETITEM:
        return none_if_ok(S, ((objobjargproc)f)(S, self, a1, a2));
    case W_DELITEM:
        return none_if_ok(S, ((objobjargproc)f)(S, self, a1, NULL));
    case W_CONTAINS: {
        int r = ((objobjproc)f)(S, self, a1);
        return r < 0 ? NULL : ph_bool(S, r);
    }
    case W_DESCR_GET: {
        PhObject *obj = a1 == PH_NONE(S) ? NULL : a1;
        PhObject *type = !a2 || a2 == PH_NONE(S) ? NULL : a2;
        if (!obj && !type) return err_format(S, &S->exc.TypeError, "__get__(None, None) is invalid");
        return ((descrgetfunc)f)(S, self, obj, type);
    }
    case W_DESCR_SET:
        return none_if_ok(S, ((descrsetfunc)f)(S, self, a1, a2));
    case W_DESCR_DELETE:
        return none_if_ok(S, ((descrsetfunc)f)(S, self, a1, NULL));
    case W_SQ_ITEM:
    case W_SQ_REPEAT: {
        ssize_t i = num_as_ssize(S, a1, false);
        if (i == -1 && err_occurred(S)) return NULL;
        if (kind == W_SQ_ITEM && i < 0 && owner->as_sequence && owner->as_sequence->len) {
            ssize_t n = owner->as_sequence->len(S, self);
            if (n < 0) return NULL;
            i += n;
        }
        return ((ssizeargfunc)f)(S, self, i);
    }
    case W_DEL:
        ((destructor)f)(S, self);
        return err_occurred(S) ? NULL : ph_none(S);
    default:
        return err_format(S, &S->exc.SystemError, "bad slot wrapper");
    }
}

/* ---- building type dicts and heap-type slots ----------------------------------------------------- */

int typeslots_add_wrappers(PhState *S, PhType *t)
{
    for (int i = 0; i < NSLOTDEFS; i++) {
        const SlotDef *sd = &slotdefs[i];
        if (slotkinds[i] == W_NONE || !slot_get(t, sd)) continue;
        /* An unhashable type shows __hash__ = None (type_ready adds it). */
        if (sd->table == TB_TYPE && sd->offset == offsetof(PhType, hash) &&
            t->hash == obj_hash_unhashable)
            continue;
        /* __hash__ and the richcompare group only where the type has its
         * own implementation (not a NULL inherited later). */
        PhObject *name = str_interned_lookup(S, sd->name, strlen(sd->name));
        int has = name ? dict_contains(S, t->dict, name) : dict_getitem_str(S, t->dict, sd->name) != NULL;
        if (has < 0) return -1;
        if (has) continue;
        PhObject *d = descr_new_method(S, t, &slot_methoddefs[i]);
        if (!d) return -1;
        int rc = dict_setitem(S, t->dict, ((PhDescr *)d)->name, d);
        DECREF(S, d);
        if (rc < 0) return -1;
    }
    return 0;
}

/* Where along t's MRO is `name` first defined? *value gets the object.
 * Returns 1 if by a class written in Python (heap type), 0 if by a builtin
 * type or nowhere. */
static int defined_in_python(PhState *S, PhType *t, const char *name, PhObject **value)
{
    PhObject *key = str_interned_lookup(S, name, strlen(name));
    *value = NULL;
    if (!key || !t->mro) return 0;
    for (ssize_t i = 0; i < TUPLE_LEN(t->mro); i++) {
        PhType *b = (PhType *)TUPLE_GET(t->mro, i);
        if (!b->dict) continue;
        PhObject *v = dict_getitem(S, b->dict, key);
        if (!v) {
            if (err_occurred(S)) err_clear(S);
            continue;
        }
        *value = v;
        return type_is_heap(b) ? 1 : 0;
    }
    return 0;
}

/* Decides one slot (all slotdefs sharing sd's table+offset). */
static void fixup_one(PhState *S, PhType *t, const SlotDef *sd)
{
    bool python = false, disabled = false;
    anyfunc dispatch = NULL;
    for (int j = 0; j < NSLOTDEFS; j++) {
        const SlotDef *o = &slotdefs[j];
        if (o->table != sd->table || o->offset != sd->offset || !o->dispatch) continue;
        PhObject *v;
        if (defined_in_python(S, t, o->name, &v)) {
            if (v == PH_NONE(S)) {
                disabled = true;
            } else {
                python = true;
                dispatch = o->dispatch;
            }
        }
    }
    if (python) {
        slot_set(t, sd, dispatch);
    } else if (disabled) {
        slot_set(t, sd, NULL);
    } else {
        /* Not defined in Python: the solid base's C slot. */
        slot_set(t, sd, t->base ? slot_get(t->base, sd) : NULL);
    }
}

static bool first_of_slot(int i)
{
    for (int j = 0; j < i; j++)
        if (slotdefs[j].table == slotdefs[i].table && slotdefs[j].offset == slotdefs[i].offset &&
            slotdefs[j].dispatch)
            return false;
    return slotdefs[i].dispatch != NULL;
}

int typeslots_fixup(PhState *S, PhType *t)
{
    for (int i = 0; i < NSLOTDEFS; i++)
        if (first_of_slot(i)) fixup_one(S, t, &slotdefs[i]);
    return 0;
}

int typeslots_update(PhState *S, PhType *t, PhObject *name)
{
    if (!type_is_heap(t) || !str_check(name)) return 0;
    ssize_t n = str_len(name);
    if (n < 5 || str_char_at(name, 0) != '_' || str_char_at(name, 1) != '_') return 0;
    for (int i = 0; i < NSLOTDEFS; i++)
        if (slotdefs[i].dispatch && str_eq_cstr(name, slotdefs[i].name)) fixup_one(S, t, &slotdefs[i]);
    return 0;
}
