/* Generic operations on objects, dispatched through type slots with
 * CPython 3.11's rules and messages (Objects/abstract.c and object.c).
 *
 * Every function here is a thin dispatcher: the semantics of an operation
 * on a particular type live in that type's slots. What lives here is the
 * protocol around them: reflected operands and subclass priority for binary
 * operators, NotImplemented, fallbacks (sequence concat/repeat, len-based
 * truth, __getitem__ iteration) and the TypeError raised when nothing fits.
 */
#include "abstract.h"

#include "bytes.h"
#include "descr.h"
#include "dict.h"
#include "exceptions.h"
#include "float.h"
#include "int.h"
#include "iterobject.h"
#include "list.h"
#include "str.h"
#include "traceback.h"
#include "tuple.h"
#include "typeobject.h"
#include "vm/errors.h"
#include "vm/state.h"

#include <stdint.h>
#include <string.h>

/* ---- identity and types ------------------------------------------------------------ */

bool type_is_subtype(const PhType *a, const PhType *b)
{
    if (a == b) return true;
    PhObject *mro = a->mro;
    if (mro) {
        ssize_t n = TUPLE_LEN(mro);
        for (ssize_t i = 0; i < n; i++)
            if (TUPLE_GET(mro, i) == (PhObject *)b) return true;
        return false;
    }
    /* Not readied yet: the base chain is the MRO for single inheritance. */
    for (const PhType *t = a->base; t; t = t->base)
        if (t == b) return true;
    return false;
}

static bool is_type(PhObject *o) { return (o->type->flags & TPFLAG_TYPE_SUBCLASS) != 0; }

static bool is_tuple(PhState *S, PhObject *o) { return obj_type_check(o, &S->types.tuple); }

int obj_isinstance(PhState *S, PhObject *o, PhObject *cls)
{
    if (o->type == (PhType *)cls) return 1;
    if (is_type(cls)) return obj_type_check(o, (PhType *)cls);
    bool handled;
    int u = union_instancecheck(S, o, cls, false, &handled);
    if (handled) return u;
    if (is_tuple(S, cls)) {
        for (ssize_t i = 0; i < TUPLE_LEN(cls); i++) {
            int r = obj_isinstance(S, o, TUPLE_GET(cls, i));
            if (r != 0) return r;
        }
        return 0;
    }
    err_format(S, &S->exc.TypeError,
               "isinstance() arg 2 must be a type, a tuple of types, or a union");
    return -1;
}

int obj_issubclass(PhState *S, PhObject *derived, PhObject *cls)
{
    if (is_type(cls) && is_type(derived)) return type_is_subtype((PhType *)derived, (PhType *)cls);
    if (is_type(derived)) {
        bool handled;
        int u = union_instancecheck(S, derived, cls, true, &handled);
        if (handled) return u;
    }
    if (is_tuple(S, cls)) {
        for (ssize_t i = 0; i < TUPLE_LEN(cls); i++) {
            int r = obj_issubclass(S, derived, TUPLE_GET(cls, i));
            if (r != 0) return r;
        }
        return 0;
    }
    if (!is_type(derived)) {
        err_format(S, &S->exc.TypeError, "issubclass() arg 1 must be a class");
        return -1;
    }
    err_format(S, &S->exc.TypeError,
               "issubclass() arg 2 must be a class, a tuple of classes, or a union");
    return -1;
}

/* ---- conversions to text ------------------------------------------------------------ */

PhObject *obj_repr(PhState *S, PhObject *o)
{
    if (!o->type->repr) return obj_default_repr(S, o);
    if (err_enter_recursive(S, " while getting the repr of an object") < 0) return NULL;
    PhObject *r = o->type->repr(S, o);
    err_leave_recursive(S);
    if (r && !str_check(r)) {
        err_format(S, &S->exc.TypeError, "__repr__ returned non-string (type %s)", r->type->name);
        DECREF(S, r);
        return NULL;
    }
    return r;
}

PhObject *obj_str(PhState *S, PhObject *o)
{
    if (o->type == &S->types.str) {
        INCREF(o);
        return o;
    }
    if (!o->type->str) return obj_repr(S, o);
    if (err_enter_recursive(S, " while getting the str of an object") < 0) return NULL;
    PhObject *r = o->type->str(S, o);
    err_leave_recursive(S);
    if (r && !str_check(r)) {
        err_format(S, &S->exc.TypeError, "__str__ returned non-string (type %s)", r->type->name);
        DECREF(S, r);
        return NULL;
    }
    return r;
}

/* ascii(): repr with every non-ASCII character escaped (\xNN, \uNNNN, \UNNNNNNNN). */
PhObject *obj_ascii(PhState *S, PhObject *o)
{
    PhObject *r = obj_repr(S, o);
    if (!r || ((PhStr *)r)->state.ascii) return r;
    PhBuf b;
    buf_init(&b, S);
    ssize_t n = str_len(r);
    for (ssize_t i = 0; i < n; i++) {
        uint32_t c = str_char_at(r, i);
        if (c < 0x80) buf_putc(&b, (char)c);
        else if (c <= 0xff) buf_printf(&b, "\\x%02x", (unsigned)c);
        else if (c <= 0xffff) buf_printf(&b, "\\u%04x", (unsigned)c);
        else buf_printf(&b, "\\U%08x", (unsigned)c);
    }
    DECREF(S, r);
    PhObject *res = buf_to_str(&b);
    buf_free(&b);
    return res;
}

PhObject *obj_format(PhState *S, PhObject *o, PhObject *spec)
{
    bool empty = !spec || str_len(spec) == 0;
    /* The common f-string cases need no method call. */
    if (empty && (o->type == &S->types.str || o->type == &S->types.int_)) return obj_str(S, o);
    if (!spec) spec = S->empty_str;
    PhObject *meth = type_lookup(o->type, ID(S, __format__));
    if (!meth) {
        return err_format(S, &S->exc.TypeError, "Type %s doesn't define __format__",
                          o->type->name);
    }
    PhObject *r = obj_call_method(S, o, "__format__", &spec, 1);
    if (r && !str_check(r)) {
        err_format(S, &S->exc.TypeError, "__format__ must return a str, not %s", r->type->name);
        DECREF(S, r);
        return NULL;
    }
    return r;
}

/* ---- comparison, hashing, truth ------------------------------------------------------- */

static const int swapped_op[] = {CMP_GT, CMP_GE, CMP_EQ, CMP_NE, CMP_LT, CMP_LE};
static const char *const cmp_symbol[] = {"<", "<=", "==", "!=", ">", ">="};

static PhObject *do_richcompare(PhState *S, PhObject *v, PhObject *w, int op)
{
    richcmpfunc f;
    PhObject *res;
    bool checked_reverse = false;
    /* A subclass's reflected method goes first, so it can override. */
    if (v->type != w->type && type_is_subtype(w->type, v->type) && (f = w->type->richcompare)) {
        checked_reverse = true;
        res = f(S, w, v, swapped_op[op]);
        if (res != PH_NOTIMPL(S)) return res;
        DECREF(S, res);
    }
    if ((f = v->type->richcompare)) {
        res = f(S, v, w, op);
        if (res != PH_NOTIMPL(S)) return res;
        DECREF(S, res);
    }
    if (!checked_reverse && (f = w->type->richcompare)) {
        res = f(S, w, v, swapped_op[op]);
        if (res != PH_NOTIMPL(S)) return res;
        DECREF(S, res);
    }
    /* Neither side knows: identity decides equality; ordering is an error. */
    if (op == CMP_EQ) return ph_bool(S, v == w);
    if (op == CMP_NE) return ph_bool(S, v != w);
    return err_format(S, &S->exc.TypeError,
                      "'%s' not supported between instances of '%s' and '%s'", cmp_symbol[op],
                      v->type->name, w->type->name);
}

PhObject *obj_richcompare(PhState *S, PhObject *a, PhObject *b, int op)
{
    if (err_enter_recursive(S, " in comparison") < 0) return NULL;
    PhObject *r = do_richcompare(S, a, b, op);
    err_leave_recursive(S);
    return r;
}

int obj_richcompare_bool(PhState *S, PhObject *a, PhObject *b, int op)
{
    if (a == b) {
        if (op == CMP_EQ) return 1;
        if (op == CMP_NE) return 0;
    }
    PhObject *r = obj_richcompare(S, a, b, op);
    if (!r) return -1;
    int t = r == PH_TRUE(S) ? 1 : r == PH_FALSE(S) ? 0 : obj_is_true(S, r);
    DECREF(S, r);
    return t;
}

int64_t obj_hash(PhState *S, PhObject *o)
{
    hashfunc h = o->type->hash;
    if (!h) {
        err_format(S, &S->exc.TypeError, "unhashable type: '%s'", o->type->name);
        return -1;
    }
    return h(S, o);
}

int obj_is_true(PhState *S, PhObject *o)
{
    if (o == PH_TRUE(S)) return 1;
    if (o == PH_FALSE(S) || o == PH_NONE(S)) return 0;
    PhType *t = o->type;
    if (t->as_number && t->as_number->bool_) return t->as_number->bool_(S, o);
    ssize_t n;
    if (t->as_mapping && t->as_mapping->len) n = t->as_mapping->len(S, o);
    else if (t->as_sequence && t->as_sequence->len) n = t->as_sequence->len(S, o);
    else return 1;
    return n < 0 ? -1 : n > 0;
}

/* ---- attributes ------------------------------------------------------------------------- */

/* Attribute names are interned when stored, as CPython does; lookups of a
 * non-str name are a TypeError. */
static int check_attr_name(PhState *S, PhObject *name)
{
    if (str_check(name)) return 0;
    err_format(S, &S->exc.TypeError, "attribute name must be string, not '%s'", name->type->name);
    return -1;
}

PhObject *obj_getattr(PhState *S, PhObject *o, PhObject *name)
{
    if (check_attr_name(S, name) < 0) return NULL;
    getattrofunc f = o->type->getattro;
    PhObject *r = f ? f(S, o, name) : obj_generic_getattr(S, o, name);
    if (!r) exc_set_attribute_context(S, o, name);
    return r;
}

/* A str for a C name: the interned copy when one exists (identifiers
 * nearly always do), so dict lookups hit the identity fast path. */
static PhObject *name_from_cstr(PhState *S, const char *name)
{
    PhObject *s = str_interned_lookup(S, name, strlen(name));
    if (s) {
        INCREF(s);
        return s;
    }
    s = str_from_cstr(S, name);
    if (s && str_intern_in_place(S, &s) < 0) err_clear(S); /* interning is an optimisation */
    return s;
}

PhObject *obj_getattr_str(PhState *S, PhObject *o, const char *name)
{
    PhObject *n = name_from_cstr(S, name);
    if (!n) return NULL;
    PhObject *r = obj_getattr(S, o, n);
    DECREF(S, n);
    return r;
}

PhObject *obj_lookup_attr(PhState *S, PhObject *o, PhObject *name)
{
    if (check_attr_name(S, name) < 0) return NULL;
    getattrofunc f = o->type->getattro;
    if (!f || f == obj_generic_getattr) return obj_generic_getattr_suppress(S, o, name);
    PhObject *r = f(S, o, name);
    if (!r && err_matches(S, (PhObject *)&S->exc.AttributeError)) err_clear(S);
    return r;
}

int obj_setattr(PhState *S, PhObject *o, PhObject *name, PhObject *v)
{
    if (check_attr_name(S, name) < 0) return -1;
    setattrofunc f = o->type->setattro;
    if (!f) {
        bool generic_get = !o->type->getattro || o->type->getattro == obj_generic_getattr;
        err_format(S, &S->exc.TypeError,
                   generic_get ? "'%s' object has no attributes (%s .%U)"
                               : "'%s' object has only read-only attributes (%s .%U)",
                   o->type->name, v ? "assign to" : "del", name);
        return -1;
    }
    INCREF(name);
    if (name->type == &S->types.str && str_intern_in_place(S, &name) < 0) err_clear(S);
    int rc = f(S, o, name, v);
    DECREF(S, name);
    return rc;
}

int obj_setattr_str(PhState *S, PhObject *o, const char *name, PhObject *v)
{
    PhObject *n = name_from_cstr(S, name);
    if (!n) return -1;
    int rc = obj_setattr(S, o, n, v);
    DECREF(S, n);
    return rc;
}

/* ---- calls ------------------------------------------------------------------------------- */

PhObject *obj_call(PhState *S, PhObject *callable, PhObject *const *args, size_t nargs,
                   PhObject *kwnames)
{
    vectorcallfunc f = callable->type->call;
    if (!f) return err_format(S, &S->exc.TypeError, "'%s' object is not callable", callable->type->name);
    PhObject *r = f(S, callable, args, nargs, kwnames);
    if (!r && !err_occurred(S)) {
        return err_format(S, &S->exc.SystemError, "%R returned NULL without setting an exception",
                          callable);
    }
    return r;
}

PhObject *obj_call0(PhState *S, PhObject *callable) { return obj_call(S, callable, NULL, 0, NULL); }

PhObject *obj_call1(PhState *S, PhObject *callable, PhObject *arg)
{
    return obj_call(S, callable, &arg, 1, NULL);
}

#define SMALL_ARGS 16

/* callable(*args, **kwargs): flattens into the vectorcall convention. */
PhObject *obj_call_tuple_dict(PhState *S, PhObject *callable, PhObject *args, PhObject *kwargs)
{
    ssize_t na = args ? TUPLE_LEN(args) : 0;
    ssize_t nk = kwargs ? dict_len(kwargs) : 0;
    if (nk == 0) return obj_call(S, callable, args ? TUPLE_ITEMS(args) : NULL, (size_t)na, NULL);

    PhObject *small[SMALL_ARGS];
    PhObject **stack = small;
    size_t total = (size_t)(na + nk);
    if (total > SMALL_ARGS) {
        stack = heap_alloc(mem_of(S)->heap, total * sizeof(PhObject *));
        if (!stack) return err_no_memory(S);
    }
    PhObject *kwnames = tuple_new(S, nk);
    PhObject *r = NULL;
    if (!kwnames) goto done;
    for (ssize_t i = 0; i < na; i++) stack[i] = TUPLE_GET(args, i);
    ssize_t pos = 0, k = 0;
    PhObject *key, *value;
    while (dict_next(kwargs, &pos, &key, &value)) {
        if (!str_check(key)) {
            err_format(S, &S->exc.TypeError, "keywords must be strings");
            goto done;
        }
        INCREF(key);
        TUPLE_SET(kwnames, k, key);
        stack[na + k] = value;
        k++;
    }
    r = obj_call(S, callable, stack, (size_t)na, kwnames);
done:
    XDECREF(S, kwnames);
    if (stack != small) heap_free(mem_of(S)->heap, stack);
    return r;
}

PhObject *obj_call_method(PhState *S, PhObject *o, const char *name, PhObject *const *args,
                          size_t nargs)
{
    PhObject *n = name_from_cstr(S, name);
    if (!n) return NULL;
    PhObject *r = obj_call_method_id(S, o, n, args, nargs);
    DECREF(S, n);
    return r;
}

bool obj_is_callable(PhObject *o) { return o->type->call != NULL; }

/* ---- containers ------------------------------------------------------------------------- */

static bool is_index(PhObject *o)
{
    return o->type->as_number && o->type->as_number->index;
}

/* Fixes a negative index by adding the length, as sequence slots expect. */
static int fix_index(PhState *S, PhObject *o, ssize_t *i)
{
    if (*i >= 0) return 0;
    const PhSequenceMethods *sq = o->type->as_sequence;
    if (!sq || !sq->len) return 0;
    ssize_t n = sq->len(S, o);
    if (n < 0) return -1;
    *i += n;
    return 0;
}

PhObject *obj_getitem(PhState *S, PhObject *o, PhObject *key)
{
    PhType *t = o->type;
    if (t->as_mapping && t->as_mapping->subscript) return t->as_mapping->subscript(S, o, key);
    if (t->as_sequence && t->as_sequence->item) {
        if (!is_index(key)) {
            return err_format(S, &S->exc.TypeError, "sequence index must be integer, not '%s'",
                              key->type->name);
        }
        ssize_t i = num_as_ssize(S, key, false);
        if (i == -1 && err_occurred(S)) return NULL;
        if (fix_index(S, o, &i) < 0) return NULL;
        return t->as_sequence->item(S, o, i);
    }
    if (is_type(o)) {
        if (o == (PhObject *)&S->types.type) return genericalias_new(S, o, key); /* type[int] */
        /* list[int] and friends: the class's __class_getitem__. */
        PhObject *cg = obj_lookup_attr(S, o, ID(S, __class_getitem__));
        if (cg) {
            PhObject *r = obj_call1(S, cg, key);
            DECREF(S, cg);
            return r;
        }
        if (err_occurred(S)) return NULL;
        return err_format(S, &S->exc.TypeError, "type '%s' is not subscriptable",
                          ((PhType *)o)->name);
    }
    return err_format(S, &S->exc.TypeError, "'%s' object is not subscriptable", t->name);
}

int obj_setitem(PhState *S, PhObject *o, PhObject *key, PhObject *v)
{
    PhType *t = o->type;
    if (t->as_mapping && t->as_mapping->ass_subscript) return t->as_mapping->ass_subscript(S, o, key, v);
    err_format(S, &S->exc.TypeError, "'%s' object does not support item assignment", t->name);
    return -1;
}

int obj_delitem(PhState *S, PhObject *o, PhObject *key)
{
    PhType *t = o->type;
    if (t->as_mapping && t->as_mapping->ass_subscript) return t->as_mapping->ass_subscript(S, o, key, NULL);
    err_format(S, &S->exc.TypeError,
               t->as_mapping || t->as_sequence ? "'%s' object doesn't support item deletion"
                                               : "'%s' object does not support item deletion",
               t->name);
    return -1;
}

ssize_t obj_len(PhState *S, PhObject *o)
{
    PhType *t = o->type;
    if (t->as_sequence && t->as_sequence->len) return t->as_sequence->len(S, o);
    if (t->as_mapping && t->as_mapping->len) return t->as_mapping->len(S, o);
    err_format(S, &S->exc.TypeError, "object of type '%s' has no len()", t->name);
    return -1;
}

int obj_contains(PhState *S, PhObject *container, PhObject *item)
{
    PhType *t = container->type;
    if (t->as_sequence && t->as_sequence->contains) return t->as_sequence->contains(S, container, item);
    /* Fall back on iteration, comparing with == (identity first). */
    PhObject *it = obj_iter_or_null(S, container);
    if (!it) {
        if (!err_occurred(S))
            err_format(S, &S->exc.TypeError, "argument of type '%s' is not iterable", t->name);
        return -1;
    }
    int found = 0;
    for (;;) {
        PhObject *x = obj_iternext(S, it);
        if (!x) {
            if (err_occurred(S)) found = -1;
            break;
        }
        int eq = obj_richcompare_bool(S, x, item, CMP_EQ);
        DECREF(S, x);
        if (eq != 0) {
            found = eq;
            break;
        }
    }
    DECREF(S, it);
    return found;
}

/* iter(o) without the "not iterable" error: NULL and no exception when o
 * has neither __iter__ nor __getitem__. */
PhObject *obj_iter_or_null(PhState *S, PhObject *o)
{
    PhType *t = o->type;
    if (t->iter) {
        PhObject *it = t->iter(S, o);
        if (it && !it->type->iternext) {
            err_format(S, &S->exc.TypeError, "iter() returned non-iterator of type '%s'",
                       it->type->name);
            DECREF(S, it);
            return NULL;
        }
        return it;
    }
    if (t->as_sequence && t->as_sequence->item && !obj_type_check(o, &S->types.dict))
        return seq_iter_new(S, o);
    return NULL;
}

PhObject *obj_iter(PhState *S, PhObject *o)
{
    PhObject *it = obj_iter_or_null(S, o);
    if (!it && !err_occurred(S))
        err_format(S, &S->exc.TypeError, "'%s' object is not iterable", o->type->name);
    return it;
}

PhObject *obj_iternext(PhState *S, PhObject *it)
{
    iternextfunc f = it->type->iternext;
    if (!f) return err_format(S, &S->exc.TypeError, "'%s' object is not an iterator", it->type->name);
    PhObject *r = f(S, it);
    if (!r && S->cur_exc && err_matches(S, (PhObject *)&S->exc.StopIteration)) err_clear(S);
    return r;
}

/* ---- numbers ------------------------------------------------------------------------------- */

static const char *const binop_symbols[BINOP__COUNT] = {
    "+", "-", "*", "/", "//", "%", "divmod()", "<<", ">>", "&", "|", "^", "@", "**",
};

static const char *const inplace_symbols[BINOP__COUNT] = {
    "+=", "-=", "*=", "/=", "//=", "%=", "divmod()", "<<=", ">>=", "&=", "|=", "^=", "@=", "**=",
};

const char *binop_symbol(BinOp op) { return op < BINOP__COUNT ? binop_symbols[op] : "?"; }

/* The binary slot of op in a type's number table (pow excluded: ternary). */
static binaryfunc binary_slot(const PhType *t, BinOp op)
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

static binaryfunc inplace_slot(const PhType *t, BinOp op)
{
    const PhNumberMethods *nb = t->as_number;
    if (!nb) return NULL;
    switch (op) {
    case BINOP_ADD: return nb->iadd;
    case BINOP_SUB: return nb->isub;
    case BINOP_MUL: return nb->imul;
    case BINOP_TRUEDIV: return nb->itruediv;
    case BINOP_FLOORDIV: return nb->ifloordiv;
    case BINOP_MOD: return nb->imod;
    case BINOP_LSHIFT: return nb->ilshift;
    case BINOP_RSHIFT: return nb->irshift;
    case BINOP_AND: return nb->iand;
    case BINOP_OR: return nb->ior;
    case BINOP_XOR: return nb->ixor;
    case BINOP_MATMUL: return nb->imatmul;
    default: return NULL;
    }
}

/* CPython's binary_op1: both operands' slots, the right one first when its
 * type is a proper subclass of the left one's. NotImplemented (new
 * reference) when neither handles the pair. Slots take (v, w) in source
 * order whichever side they belong to. */
static PhObject *binary_op1(PhState *S, PhObject *v, PhObject *w, BinOp op)
{
    binaryfunc slotv = binary_slot(v->type, op);
    binaryfunc slotw = NULL;
    if (w->type != v->type) {
        slotw = binary_slot(w->type, op);
        if (slotw == slotv) slotw = NULL;
    }
    PhObject *x;
    if (slotv) {
        if (slotw && type_is_subtype(w->type, v->type)) {
            x = slotw(S, v, w);
            if (x != PH_NOTIMPL(S)) return x;
            DECREF(S, x);
            slotw = NULL;
        }
        x = slotv(S, v, w);
        if (x != PH_NOTIMPL(S)) return x;
        DECREF(S, x);
    }
    if (slotw) {
        x = slotw(S, v, w);
        if (x != PH_NOTIMPL(S)) return x;
        DECREF(S, x);
    }
    INCREF(PH_NOTIMPL(S));
    return PH_NOTIMPL(S);
}

/* The same for the ternary pow slot (z is None for the binary form). */
static PhObject *ternary_op1(PhState *S, PhObject *v, PhObject *w, PhObject *z)
{
    ternaryfunc slotv = v->type->as_number ? v->type->as_number->pow : NULL;
    ternaryfunc slotw = NULL;
    if (w->type != v->type) {
        slotw = w->type->as_number ? w->type->as_number->pow : NULL;
        if (slotw == slotv) slotw = NULL;
    }
    PhObject *x;
    if (slotv) {
        if (slotw && type_is_subtype(w->type, v->type)) {
            x = slotw(S, v, w, z);
            if (x != PH_NOTIMPL(S)) return x;
            DECREF(S, x);
            slotw = NULL;
        }
        x = slotv(S, v, w, z);
        if (x != PH_NOTIMPL(S)) return x;
        DECREF(S, x);
    }
    if (slotw) {
        x = slotw(S, v, w, z);
        if (x != PH_NOTIMPL(S)) return x;
        DECREF(S, x);
    }
    if (z != PH_NONE(S)) {
        ternaryfunc slotz = z->type->as_number ? z->type->as_number->pow : NULL;
        if (slotz && slotz != slotv && slotz != slotw) {
            x = slotz(S, v, w, z);
            if (x != PH_NOTIMPL(S)) return x;
            DECREF(S, x);
        }
    }
    INCREF(PH_NOTIMPL(S));
    return PH_NOTIMPL(S);
}

static PhObject *binop_type_error(PhState *S, PhObject *v, PhObject *w, const char *sym)
{
    return err_format(S, &S->exc.TypeError, "unsupported operand type(s) for %s: '%s' and '%s'",
                      sym, v->type->name, w->type->name);
}

/* seq * n or n * seq through the sequence repeat slot. */
static PhObject *sequence_repeat(PhState *S, ssizeargfunc repeat, PhObject *seq, PhObject *n)
{
    if (!is_index(n)) {
        return err_format(S, &S->exc.TypeError, "can't multiply sequence by non-int of type '%s'",
                          n->type->name);
    }
    ssize_t count = num_as_ssize(S, n, false);
    if (count == -1 && err_occurred(S)) {
        if (err_matches(S, (PhObject *)&S->exc.OverflowError)) {
            err_clear(S);
            return err_format(S, &S->exc.OverflowError,
                              "cannot fit '%s' into an index-sized integer", n->type->name);
        }
        return NULL;
    }
    return repeat(S, seq, count);
}

static const PhSequenceMethods *seq_of(PhObject *o) { return o->type->as_sequence; }

PhObject *num_binary(PhState *S, PhObject *a, PhObject *b, BinOp op)
{
    if (op == BINOP_POW) return num_power(S, a, b, PH_NONE(S));
    PhObject *r = binary_op1(S, a, b, op);
    if (r != PH_NOTIMPL(S)) return r;
    DECREF(S, r);
    if (op == BINOP_ADD && seq_of(a) && seq_of(a)->concat) return seq_of(a)->concat(S, a, b);
    if (op == BINOP_MUL) {
        if (seq_of(a) && seq_of(a)->repeat) return sequence_repeat(S, seq_of(a)->repeat, a, b);
        if (seq_of(b) && seq_of(b)->repeat) return sequence_repeat(S, seq_of(b)->repeat, b, a);
    }
    return binop_type_error(S, a, b, binop_symbols[op]);
}

PhObject *num_inplace(PhState *S, PhObject *a, PhObject *b, BinOp op)
{
    if (op == BINOP_POW) {
        ternaryfunc ip = a->type->as_number ? a->type->as_number->ipow : NULL;
        if (ip) {
            PhObject *x = ip(S, a, b, PH_NONE(S));
            if (x != PH_NOTIMPL(S)) return x;
            DECREF(S, x);
        }
        PhObject *x = ternary_op1(S, a, b, PH_NONE(S));
        if (x != PH_NOTIMPL(S)) return x;
        DECREF(S, x);
        return binop_type_error(S, a, b, "**=");
    }
    binaryfunc islot = inplace_slot(a->type, op);
    if (islot) {
        PhObject *x = islot(S, a, b);
        if (x != PH_NOTIMPL(S)) return x;
        DECREF(S, x);
    }
    PhObject *x = binary_op1(S, a, b, op);
    if (x != PH_NOTIMPL(S)) return x;
    DECREF(S, x);
    const PhSequenceMethods *sq = seq_of(a);
    if (op == BINOP_ADD && sq) {
        if (sq->inplace_concat) return sq->inplace_concat(S, a, b);
        if (sq->concat) return sq->concat(S, a, b);
    }
    if (op == BINOP_MUL) {
        if (sq && sq->inplace_repeat) return sequence_repeat(S, sq->inplace_repeat, a, b);
        if (sq && sq->repeat) return sequence_repeat(S, sq->repeat, a, b);
        if (seq_of(b) && seq_of(b)->repeat) return sequence_repeat(S, seq_of(b)->repeat, b, a);
    }
    return binop_type_error(S, a, b, inplace_symbols[op]);
}

PhObject *num_power(PhState *S, PhObject *a, PhObject *b, PhObject *mod)
{
    if (!mod) mod = PH_NONE(S);
    PhObject *x = ternary_op1(S, a, b, mod);
    if (x != PH_NOTIMPL(S)) return x;
    DECREF(S, x);
    if (mod == PH_NONE(S)) return binop_type_error(S, a, b, "** or pow()");
    return err_format(S, &S->exc.TypeError,
                      "unsupported operand type(s) for ** or pow(): '%s', '%s', '%s'",
                      a->type->name, b->type->name, mod->type->name);
}

typedef enum { UN_NEG, UN_POS, UN_INVERT, UN_ABS } UnaryOp;

static PhObject *unary(PhState *S, PhObject *o, UnaryOp op)
{
    const PhNumberMethods *nb = o->type->as_number;
    unaryfunc f = NULL;
    if (nb) {
        f = op == UN_NEG ? nb->neg : op == UN_POS ? nb->pos : op == UN_INVERT ? nb->invert : nb->abs;
    }
    if (f) return f(S, o);
    static const char *const what[] = {"unary -", "unary +", "unary ~", "abs()"};
    return err_format(S, &S->exc.TypeError, "bad operand type for %s: '%s'", what[op],
                      o->type->name);
}

PhObject *num_negative(PhState *S, PhObject *o) { return unary(S, o, UN_NEG); }
PhObject *num_positive(PhState *S, PhObject *o) { return unary(S, o, UN_POS); }
PhObject *num_invert(PhState *S, PhObject *o) { return unary(S, o, UN_INVERT); }
PhObject *num_absolute(PhState *S, PhObject *o) { return unary(S, o, UN_ABS); }

static bool is_int(PhState *S, PhObject *o)
{
    return o->type == &S->types.int_ || o->type == &S->types.bool_ ||
           (o->type->flags & TPFLAG_LONG_SUBCLASS) || type_is_subtype(o->type, &S->types.int_);
}

PhObject *num_index(PhState *S, PhObject *o)
{
    if (is_int(S, o)) {
        INCREF(o);
        return o;
    }
    const PhNumberMethods *nb = o->type->as_number;
    if (!nb || !nb->index) {
        return err_format(S, &S->exc.TypeError,
                          "'%s' object cannot be interpreted as an integer", o->type->name);
    }
    PhObject *r = nb->index(S, o);
    if (r && !is_int(S, r)) {
        err_format(S, &S->exc.TypeError, "__index__ returned non-int (type %s)", r->type->name);
        DECREF(S, r);
        return NULL;
    }
    return r;
}

ssize_t num_as_ssize(PhState *S, PhObject *o, bool clamp)
{
    PhObject *i = num_index(S, o);
    if (!i) return -1;
    int overflow = 0;
    int64_t v = int_as_i64(i, &overflow);
    bool negative = ((PhVarObject *)i)->size < 0;
    DECREF(S, i);
    if (!overflow) return (ssize_t)v;
    if (clamp) return negative ? INT64_MIN : INT64_MAX;
    err_format(S, &S->exc.IndexError, "cannot fit '%s' into an index-sized integer", o->type->name);
    return -1;
}

PhObject *num_to_int(PhState *S, PhObject *o)
{
    if (o->type == &S->types.int_) {
        INCREF(o);
        return o;
    }
    const PhNumberMethods *nb = o->type->as_number;
    if (nb && nb->int_) {
        PhObject *r = nb->int_(S, o);
        if (r && !is_int(S, r)) {
            err_format(S, &S->exc.TypeError, "__int__ returned non-int (type %s)", r->type->name);
            DECREF(S, r);
            return NULL;
        }
        return r;
    }
    if (nb && nb->index) return num_index(S, o);
    PhObject *trunc = type_lookup(o->type, ID(S, __trunc__));
    if (trunc) {
        PhObject *r = obj_call_method(S, o, "__trunc__", NULL, 0);
        if (!r || is_int(S, r)) return r;
        PhObject *i = num_index(S, r);
        DECREF(S, r);
        return i;
    }
    /* Text is parsed by int's own constructor. */
    if (str_check(o) || bytes_check(o)) return obj_call1(S, (PhObject *)&S->types.int_, o);
    return err_format(S, &S->exc.TypeError,
                      "int() argument must be a string, a bytes-like object or a real number, "
                      "not '%s'",
                      o->type->name);
}

PhObject *num_to_float(PhState *S, PhObject *o)
{
    if (o->type == &S->types.float_) {
        INCREF(o);
        return o;
    }
    const PhNumberMethods *nb = o->type->as_number;
    if (nb && nb->float_) {
        PhObject *r = nb->float_(S, o);
        if (r && !obj_type_check(r, &S->types.float_)) {
            err_format(S, &S->exc.TypeError, "%s.__float__ returned non-float (type %s)",
                       o->type->name, r->type->name);
            DECREF(S, r);
            return NULL;
        }
        if (r && r->type != &S->types.float_) {
            PhObject *exact = float_from_double(S, float_value(r));
            DECREF(S, r);
            return exact;
        }
        return r;
    }
    if (nb && nb->index) {
        PhObject *i = num_index(S, o);
        if (!i) return NULL;
        const PhNumberMethods *inb = S->types.int_.as_number;
        PhObject *r = inb && inb->float_ ? inb->float_(S, i)
                                         : err_format(S, &S->exc.SystemError, "int has no __float__");
        DECREF(S, i);
        return r;
    }
    if (str_check(o) || bytes_check(o)) return obj_call1(S, (PhObject *)&S->types.float_, o);
    return err_format(S, &S->exc.TypeError,
                      "float() argument must be a string or a real number, not '%s'",
                      o->type->name);
}
