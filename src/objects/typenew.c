/* Creating classes: type(name, bases, dict), the `class` statement
 * (__build_class__), layouts with __slots__, C3 MRO, metaclass choice. The
 * instances' side (managed dict, traverse, dealloc) is in typeobject.c. */
#include "typeobject.h"

#include "abstract.h"
#include "descr.h"
#include "dict.h"
#include "func.h"
#include "list.h"
#include "str.h"
#include "traceback.h"
#include "tuple.h"
#include "typeinternal.h"
#include "typeslots.h"
#include "vm/errors.h"
#include "vm/eval.h"
#include "vm/frame.h"
#include "vm/state.h"

#include <string.h>

/* ---- class creation ------------------------------------------------------------------------- */

/* C3 linearisation of t over bases: (t,) + merge(MROs of bases, bases). */
PhObject *type_compute_mro(PhState *S, PhType *t, PhObject *bases)
{
    ssize_t nb = bases ? TUPLE_LEN(bases) : 0;
    if (nb == 0) return tuple_pack(S, 1, (PhObject *)t);
    if (nb == 1) {
        PhObject *bm = ((PhType *)TUPLE_GET(bases, 0))->mro;
        ssize_t n = TUPLE_LEN(bm);
        PhObject *r = tuple_new(S, n + 1);
        if (!r) return NULL;
        INCREF(t);
        TUPLE_SET(r, 0, (PhObject *)t);
        for (ssize_t i = 0; i < n; i++) {
            INCREF(TUPLE_GET(bm, i));
            TUPLE_SET(r, i + 1, TUPLE_GET(bm, i));
        }
        return r;
    }
    /* Sequences to merge: each base's MRO, then the bases themselves. */
    ssize_t nseq = nb + 1;
    Heap *H = mem_of(S)->heap;
    PhObject **seqs = heap_alloc(H, (size_t)nseq * sizeof(PhObject *));
    ssize_t *pos = heap_calloc(H, (size_t)nseq * sizeof(ssize_t));
    PhObject *result = list_new(S, 0);
    PhObject *r = NULL;
    if (!seqs || !pos || !result) {
        if (!result) goto done;
        err_no_memory(S);
        goto done;
    }
    for (ssize_t i = 0; i < nb; i++) seqs[i] = ((PhType *)TUPLE_GET(bases, i))->mro;
    seqs[nb] = bases;
    if (list_append(S, result, (PhObject *)t) < 0) goto done;
    for (;;) {
        bool empty = true;
        PhObject *cand = NULL;
        for (ssize_t i = 0; i < nseq; i++) {
            if (pos[i] >= TUPLE_LEN(seqs[i])) continue;
            empty = false;
            PhObject *head = TUPLE_GET(seqs[i], pos[i]);
            bool in_tail = false;
            for (ssize_t j = 0; j < nseq && !in_tail; j++)
                for (ssize_t k = pos[j] + 1; k < TUPLE_LEN(seqs[j]); k++)
                    if (TUPLE_GET(seqs[j], k) == head) {
                        in_tail = true;
                        break;
                    }
            if (!in_tail) {
                cand = head;
                break;
            }
        }
        if (empty) break;
        if (!cand) {
            PhBuf b;
            buf_init(&b, S);
            buf_puts(&b, "Cannot create a consistent method resolution\norder (MRO) for bases");
            for (ssize_t i = 0; i < nb; i++) {
                buf_puts(&b, i ? ", " : " ");
                buf_puts(&b, ((PhType *)TUPLE_GET(bases, i))->name);
            }
            PhObject *msg = buf_to_str(&b);
            buf_free(&b);
            if (msg) {
                err_set_object(S, &S->exc.TypeError, msg);
                DECREF(S, msg);
            }
            goto done;
        }
        if (list_append(S, result, cand) < 0) goto done;
        for (ssize_t i = 0; i < nseq; i++)
            if (pos[i] < TUPLE_LEN(seqs[i]) && TUPLE_GET(seqs[i], pos[i]) == cand) pos[i]++;
    }
    r = list_as_tuple(S, result);
done:
    XDECREF(S, result);
    if (seqs) heap_free(H, seqs);
    if (pos) heap_free(H, pos);
    return r;
}

/* Does t add instance fields to base (beyond a weakref slot and a dict)? */
static bool extra_ivars(PhType *t, PhType *base)
{
    ssize_t ts = t->basicsize, bs = base->basicsize;
    if (t->itemsize || base->itemsize) return t->itemsize != base->itemsize;
    if (t->weaklistoffset && base->weaklistoffset == 0 && t->weaklistoffset + 8 == ts) ts -= 8;
    return ts != bs;
}

static PhType *solid_base(PhState *S, PhType *t)
{
    PhType *base = t->base ? solid_base(S, t->base) : &S->types.object;
    return extra_ivars(t, base) ? t : base;
}

/* The base whose layout the new class extends (CPython's best_base). */
static PhType *best_base(PhState *S, PhObject *bases)
{
    PhType *winner = NULL, *base = NULL;
    for (ssize_t i = 0; i < TUPLE_LEN(bases); i++) {
        PhObject *b = TUPLE_GET(bases, i);
        if (!is_type_obj(b)) {
            err_format(S, &S->exc.TypeError, "bases must be types");
            return NULL;
        }
        PhType *bt = (PhType *)b;
        if (!(bt->flags & TPFLAG_BASETYPE)) {
            err_format(S, &S->exc.TypeError, "type '%s' is not an acceptable base type", bt->name);
            return NULL;
        }
        PhType *cand = solid_base(S, bt);
        if (!winner) {
            winner = cand;
            base = bt;
        } else if (type_is_subtype(winner, cand)) {
            /* keep */
        } else if (type_is_subtype(cand, winner)) {
            winner = cand;
            base = bt;
        } else {
            err_format(S, &S->exc.TypeError, "multiple bases have instance lay-out conflict");
            return NULL;
        }
    }
    return base;
}

/* The most derived metaclass of meta and the bases' metaclasses. */
static PhType *calculate_metaclass(PhState *S, PhType *meta, PhObject *bases)
{
    PhType *winner = meta;
    for (ssize_t i = 0; i < TUPLE_LEN(bases); i++) {
        PhType *bt = TUPLE_GET(bases, i)->type;
        if (type_is_subtype(winner, bt)) continue;
        if (type_is_subtype(bt, winner)) {
            winner = bt;
            continue;
        }
        err_format(S, &S->exc.TypeError,
                   "metaclass conflict: the metaclass of a derived class must be a (non-strict) "
                   "subclass of the metaclasses of all its bases");
        return NULL;
    }
    return winner;
}

/* `__x` in class C becomes `_C__x` (private name mangling). */
static PhObject *mangle(PhState *S, PhObject *cls_name, PhObject *name)
{
    ssize_t n = str_len(name);
    if (n < 2 || str_char_at(name, 0) != '_' || str_char_at(name, 1) != '_' ||
        (str_char_at(name, n - 1) == '_' && str_char_at(name, n - 2) == '_')) {
        INCREF(name);
        return name;
    }
    ssize_t i = 0, cn = str_len(cls_name);
    while (i < cn && str_char_at(cls_name, i) == '_') i++;
    if (i == cn) {
        INCREF(name);
        return name;
    }
    PhObject *stripped = str_substring(S, cls_name, i, cn);
    if (!stripped) return NULL;
    PhObject *r = str_from_format(S, "_%U%U", stripped, name);
    DECREF(S, stripped);
    return r;
}

static bool is_identifier(PhObject *s)
{
    ssize_t n = str_len(s);
    if (n == 0) return false;
    for (ssize_t i = 0; i < n; i++) {
        uint32_t c = str_char_at(s, i);
        bool ok = c == '_' || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c > 127 ||
                  (i > 0 && c >= '0' && c <= '9');
        if (!ok) return false;
    }
    return true;
}

/* Sorts a list of str in place (slots get offsets in sorted order, as in CPython). */
static void sort_names(PhObject *list)
{
    ssize_t n = LIST_LEN(list);
    PhObject **a = LIST_ITEMS(list);
    for (ssize_t i = 1; i < n; i++) {
        PhObject *x = a[i];
        ssize_t j = i;
        while (j > 0 && str_compare(a[j - 1], x) > 0) {
            a[j] = a[j - 1];
            j--;
        }
        a[j] = x;
    }
}

typedef struct SlotsInfo {
    PhObject *names; /* list of (mangled) slot names, sorted, or NULL */
    bool add_dict, add_weak, has_slots;
} SlotsInfo;

static int parse_slots(PhState *S, PhObject *name, PhObject *dict, PhType *base, SlotsInfo *si)
{
    bool base_has_dict = base->dictoffset != 0 || (base->flags & TPFLAG_MANAGED_DICT);
    bool may_add_weak = base->weaklistoffset == 0 && base->itemsize == 0;
    PhObject *slots = dict_getitem(S, dict, ID(S, __slots__));
    if (!slots) {
        if (err_occurred(S)) return -1;
        si->add_dict = !base_has_dict;
        si->add_weak = may_add_weak;
        return 0;
    }
    si->has_slots = true;
    PhObject *seq = str_check(slots) ? tuple_pack(S, 1, slots) : tuple_from_iterable(S, slots);
    if (!seq) return -1;
    si->names = list_new(S, 0);
    if (!si->names) goto fail;
    for (ssize_t i = 0; i < TUPLE_LEN(seq); i++) {
        PhObject *s = TUPLE_GET(seq, i);
        if (!str_check(s)) {
            err_format(S, &S->exc.TypeError, "__slots__ items must be strings, not '%s'", s->type->name);
            goto fail;
        }
        if (!is_identifier(s)) {
            err_format(S, &S->exc.TypeError, "__slots__ must be identifiers");
            goto fail;
        }
        if (str_eq_cstr(s, "__dict__")) {
            if (base_has_dict || si->add_dict) {
                err_format(S, &S->exc.TypeError, "__dict__ slot disallowed: we already got one");
                goto fail;
            }
            si->add_dict = true;
            continue;
        }
        if (str_eq_cstr(s, "__weakref__")) {
            if (!may_add_weak || si->add_weak) {
                err_format(S, &S->exc.TypeError, "__weakref__ slot disallowed: either we already got one, or __itemsize__ != 0");
                goto fail;
            }
            si->add_weak = true;
            continue;
        }
        PhObject *m = mangle(S, name, s);
        if (!m) goto fail;
        if (str_intern_in_place(S, &m) < 0) err_clear(S);
        int dup = dict_contains(S, dict, m);
        if (dup > 0 && !str_eq_cstr(m, "__qualname__")) {
            err_format(S, &S->exc.ValueError, "%R in __slots__ conflicts with class variable", s);
            DECREF(S, m);
            goto fail;
        }
        int rc = list_append(S, si->names, m);
        DECREF(S, m);
        if (rc < 0) goto fail;
    }
    if (LIST_LEN(si->names) > 0 && base->itemsize != 0) {
        err_format(S, &S->exc.TypeError, "nonempty __slots__ not supported for subtype of '%s'",
                   base->name);
        goto fail;
    }
    sort_names(si->names);
    DECREF(S, seq);
    return 0;
fail:
    DECREF(S, seq);
    CLEAR(S, si->names);
    return -1;
}

static PhObject *subtype_get_dict(PhState *S, PhObject *self) { return obj_get_dict(S, self); }

static int subtype_set_dict(PhState *S, PhObject *self, PhObject *v)
{
    if (!v || !obj_type_check(v, &S->types.dict)) {
        err_format(S, &S->exc.TypeError, "__dict__ must be set to a dictionary, not a '%s'",
                   v ? v->type->name : "NoneType");
        return -1;
    }
    PhObject **dp = obj_dict_ptr(self);
    if (!dp) return obj_attr_missing(S, self, ID(S, __dict__));
    if (has_managed_dict(self)) obj_managed_clear(S, self);
    INCREF(v);
    PhObject *old = *dp;
    *dp = v;
    XDECREF(S, old);
    return 0;
}

static PhObject *subtype_get_weakref(PhState *S, PhObject *self) { return ph_none(S); }

static const PhGetSetDef subtype_dict_getset = {"__dict__", subtype_get_dict, subtype_set_dict};
static const PhGetSetDef subtype_weakref_getset = {"__weakref__", subtype_get_weakref, NULL};

/* Functions stored under these names are wrapped as Python does. */
static int wrap_special_functions(PhState *S, PhObject *dict)
{
    PhObject *v = dict_getitem(S, dict, ID(S, __new__));
    if (v && v->type == &S->types.function) {
        PhObject *sm = staticmethod_new(S, v);
        if (!sm || dict_setitem(S, dict, ID(S, __new__), sm) < 0) {
            XDECREF(S, sm);
            return -1;
        }
        DECREF(S, sm);
    }
    PhObject *const cm_names[] = {ID(S, __init_subclass__), ID(S, __class_getitem__)};
    for (int i = 0; i < 2; i++) {
        v = dict_getitem(S, dict, cm_names[i]);
        if (v && v->type == &S->types.function) {
            PhObject *cm = classmethod_new(S, v);
            if (!cm || dict_setitem(S, dict, cm_names[i], cm) < 0) {
                XDECREF(S, cm);
                return -1;
            }
            DECREF(S, cm);
        }
    }
    return 0;
}

/* The module a class body ran in, for __module__: its globals' __name__. */
static PhObject *current_module_name(PhState *S)
{
    PhFrame *f = S->frame;
    if (!f || !f->globals) return NULL;
    PhObject *n = dict_getitem(S, f->globals, ID(S, __name__));
    if (!n && err_occurred(S)) err_clear(S);
    return n;
}

/* Calls __set_name__ on each attribute that has one. */
static int call_set_names(PhState *S, PhType *t)
{
    PhObject *items = dict_copy(S, t->dict);
    if (!items) return -1;
    ssize_t pos = 0;
    PhObject *k, *v;
    int rc = 0;
    while (dict_next(items, &pos, &k, &v)) {
        if (!type_lookup_in(S, v->type, ID(S, __set_name__))) continue;
        PhObject *args[2] = {(PhObject *)t, k};
        PhObject *r = obj_call_method_id(S, v, ID(S, __set_name__), args, 2);
        if (!r) {
            rc = -1;
            break;
        }
        DECREF(S, r);
    }
    DECREF(S, items);
    return rc;
}

/* super(t, t).__init_subclass__(**kwds) */
static int call_init_subclass(PhState *S, PhType *t, PhObject *kwds)
{
    PhObject *mro = t->mro;
    PhObject *func = NULL;
    for (ssize_t i = 1; i < TUPLE_LEN(mro) && !func; i++)
        func = type_dict_lookup(S, ((PhType *)TUPLE_GET(mro, i))->dict, ID(S, __init_subclass__));
    if (!func) return 0;
    PhObject *bound = func->type->descr_get ? func->type->descr_get(S, func, NULL, (PhObject *)t)
                                            : (INCREF(func), func);
    if (!bound) return -1;
    PhObject *r = obj_call_tuple_dict(S, bound, S->empty_tuple, kwds);
    DECREF(S, bound);
    if (!r) return -1;
    DECREF(S, r);
    return 0;
}

PhObject *type_new_impl(PhState *S, PhType *meta, PhObject *name, PhObject *bases, PhObject *ns,
                        PhObject *kwds)
{
    if (!str_check(name)) {
        return err_format(S, &S->exc.TypeError, "type.__new__() argument 1 must be str, not %s",
                          name->type->name);
    }
    if (!obj_type_check(bases, &S->types.tuple)) {
        return err_format(S, &S->exc.TypeError, "type.__new__() argument 2 must be tuple, not %s",
                          bases->type->name);
    }
    if (!obj_type_check(ns, &S->types.dict)) {
        return err_format(S, &S->exc.TypeError, "type.__new__() argument 3 must be dict, not %s",
                          ns->type->name);
    }
    for (ssize_t i = 0; i < TUPLE_LEN(bases); i++) {
        for (ssize_t j = i + 1; j < TUPLE_LEN(bases); j++) {
            if (TUPLE_GET(bases, i) == TUPLE_GET(bases, j)) {
                PhObject *bn = is_type_obj(TUPLE_GET(bases, i))
                                   ? type_name_obj(S, (PhType *)TUPLE_GET(bases, i))
                                   : obj_repr(S, TUPLE_GET(bases, i));
                if (!bn) return NULL;
                err_format(S, &S->exc.TypeError, "duplicate base class %U", bn);
                DECREF(S, bn);
                return NULL;
            }
        }
    }
    meta = calculate_metaclass(S, meta, bases);
    if (!meta) return NULL;
    PhObject *obj_tuple = NULL;
    if (TUPLE_LEN(bases) == 0) {
        obj_tuple = tuple_pack(S, 1, (PhObject *)&S->types.object);
        if (!obj_tuple) return NULL;
        bases = obj_tuple;
    }
    PhType *base = best_base(S, bases);
    PhObject *dict = NULL;
    SlotsInfo si = {0};
    PhHeapType *ht = NULL;
    if (!base) goto fail;
    dict = dict_copy(S, ns);
    if (!dict) goto fail;
    if (parse_slots(S, name, dict, base, &si) < 0) goto fail;

    ht = (PhHeapType *)obj_alloc(S, meta, (size_t)meta->basicsize);
    if (!ht) {
        err_no_memory(S);
        goto fail;
    }
    memset((char *)ht + sizeof(PhObject), 0, (size_t)meta->basicsize - sizeof(PhObject));
    PhType *t = &ht->type;
    INCREF(name);
    ht->name = name;
    t->name = str_as_utf8(S, name, NULL);
    if (!t->name) t->name = "?";
    /* Slots and tables start as the base's; the class's own dunders
     * replace them below. */
    t->repr = base->repr;
    t->str = base->str;
    t->hash = base->hash;
    t->richcompare = base->richcompare;
    t->getattro = base->getattro;
    t->setattro = base->setattro;
    t->call = base->call;
    t->iter = base->iter;
    t->iternext = base->iternext;
    t->descr_get = base->descr_get;
    t->descr_set = base->descr_set;
    t->new_ = base->new_;
    t->init = base->init;
    t->finalize = base->finalize;
    if (base->as_number) ht->as_number = *base->as_number;
    if (base->as_sequence) ht->as_sequence = *base->as_sequence;
    if (base->as_mapping) ht->as_mapping = *base->as_mapping;
    t->as_number = &ht->as_number;
    t->as_sequence = &ht->as_sequence;
    t->as_mapping = &ht->as_mapping;
    t->dealloc = subtype_dealloc;
    t->traverse = subtype_traverse;
    t->clear = subtype_clear;
    t->flags = TPFLAG_HEAPTYPE | TPFLAG_BASETYPE | TPFLAG_HAVE_GC |
               (base->flags & (TPFLAG_LONG_SUBCLASS | TPFLAG_LIST_SUBCLASS | TPFLAG_TUPLE_SUBCLASS |
                               TPFLAG_BYTES_SUBCLASS | TPFLAG_UNICODE_SUBCLASS |
                               TPFLAG_DICT_SUBCLASS | TPFLAG_BASE_EXC_SUBCLASS |
                               TPFLAG_TYPE_SUBCLASS | TPFLAG_MANAGED_DICT));
    if (si.add_dict) t->flags |= TPFLAG_MANAGED_DICT;
    if (base->flags & TPFLAG_MANAGED_DICT) t->flags |= TPFLAG_MANAGED_DICT;
    if (type_is_heap(base)) INCREF(base);
    t->base = base;
    INCREF(bases);
    t->bases = bases;
    t->itemsize = base->itemsize;
    t->dictoffset = base->dictoffset;
    t->weaklistoffset = base->weaklistoffset;
    ssize_t size = base->basicsize;
    ssize_t nslots = si.names ? LIST_LEN(si.names) : 0;
    ssize_t slot_offset = size;
    size += nslots * (ssize_t)sizeof(PhObject *);
    if (si.add_weak) {
        t->weaklistoffset = size;
        size += (ssize_t)sizeof(PhObject *);
    }
    t->basicsize = size;
    t->dict = dict;
    dict = NULL;
    if (t->flags & TPFLAG_MANAGED_DICT) {
        ht->keys = heap_calloc(mem_of(S)->heap, sizeof(PhSharedKeys));
        if (!ht->keys) {
            err_no_memory(S);
            goto fail_type;
        }
        ht->keys->usable = TYPE_SHARED_KEYS_MAX;
    }
    if (si.names) ht->slots = list_as_tuple(S, si.names);

    /* __qualname__ comes out of the namespace into the type. */
    PhObject *qn = dict_getitem(S, t->dict, ID(S, __qualname__));
    if (qn) {
        if (!str_check(qn)) {
            err_format(S, &S->exc.TypeError, "type __qualname__ must be a str, not %s", qn->type->name);
            goto fail_type;
        }
        INCREF(qn);
        t->qualname = qn;
        if (dict_delitem(S, t->dict, ID(S, __qualname__)) < 0) goto fail_type;
    } else {
        INCREF(name);
        t->qualname = name;
    }
    if (dict_contains(S, t->dict, ID(S, __module__)) == 0) {
        PhObject *mn = current_module_name(S);
        if (mn && dict_setitem(S, t->dict, ID(S, __module__), mn) < 0) goto fail_type;
    }
    if (wrap_special_functions(S, t->dict) < 0) goto fail_type;
    for (ssize_t i = 0; i < nslots; i++) {
        PhObject *d = descr_new_member(S, t, LIST_GET(si.names, i),
                                       slot_offset + i * (ssize_t)sizeof(PhObject *));
        if (!d || dict_setitem(S, t->dict, LIST_GET(si.names, i), d) < 0) {
            XDECREF(S, d);
            goto fail_type;
        }
        DECREF(S, d);
    }
    if (si.add_dict && !(base->flags & TPFLAG_MANAGED_DICT)) {
        PhObject *d = descr_new_getset(S, t, &subtype_dict_getset);
        if (!d || type_dict_set_default(S, t->dict, ID(S, __dict__), d) < 0) {
            XDECREF(S, d);
            goto fail_type;
        }
        DECREF(S, d);
    }
    if (si.add_weak) {
        PhObject *d = descr_new_getset(S, t, &subtype_weakref_getset);
        if (!d || type_dict_set_default(S, t->dict, ID(S, __weakref__), d) < 0) {
            XDECREF(S, d);
            goto fail_type;
        }
        DECREF(S, d);
    }
    /* After the descriptors, as CPython orders the class dict. */
    if (type_dict_set_default(S, t->dict, ID(S, __doc__), PH_NONE(S)) < 0) goto fail_type;
    /* __eq__ without __hash__ makes instances unhashable. */
    if (dict_contains(S, t->dict, ID(S, __eq__)) > 0 &&
        type_dict_set_default(S, t->dict, ID(S, __hash__), PH_NONE(S)) < 0)
        goto fail_type;
    t->mro = type_compute_mro(S, t, t->bases);
    if (!t->mro) goto fail_type;
    if (typeslots_fixup(S, t) < 0) goto fail_type;
    type_modified(t);
    gc_track(S, (PhObject *)t);
    XDECREF(S, si.names);
    XDECREF(S, obj_tuple);
    if (call_set_names(S, t) < 0 || call_init_subclass(S, t, kwds) < 0) {
        DECREF(S, t);
        return NULL;
    }
    return (PhObject *)t;

fail_type:
    DECREF(S, ht);
    ht = NULL;
fail:
    XDECREF(S, dict);
    XDECREF(S, si.names);
    XDECREF(S, obj_tuple);
    return NULL;
}

PhObject *type_new_class(PhState *S, PhType *meta, PhObject *name, PhObject *bases, PhObject *dict)
{
    return type_new_impl(S, meta, name, bases, dict, NULL);
}

/* ---- __build_class__ ---------------------------------------------------------------------- */

PhObject *type_build_class(PhState *S, PhObject *callable, PhObject *const *args, size_t nargs,
                           PhObject *kwnames)
{
    if (nargs < 2) return err_format(S, &S->exc.TypeError, "__build_class__: not enough arguments");
    PhObject *func = args[0], *name = args[1];
    if (func->type != &S->types.function)
        return err_format(S, &S->exc.TypeError, "__build_class__: func must be a function");
    if (!str_check(name))
        return err_format(S, &S->exc.TypeError, "__build_class__: name is not a string");
    PhObject *bases = tuple_from_array(S, args + 2, (ssize_t)nargs - 2);
    if (!bases) return NULL;
    PhObject *meta = NULL, *kwds = NULL, *ns = NULL, *cell = NULL, *cls = NULL;
    ssize_t nkw = kwnames ? TUPLE_LEN(kwnames) : 0;
    if (nkw) {
        kwds = dict_new(S);
        if (!kwds) goto done;
        for (ssize_t i = 0; i < nkw; i++) {
            PhObject *k = TUPLE_GET(kwnames, i), *v = args[nargs + (size_t)i];
            if (str_eq_cstr(k, "metaclass")) meta = v;
            else if (dict_setitem(S, kwds, k, v) < 0) goto done;
        }
    }
    bool meta_is_class;
    if (!meta) {
        meta = TUPLE_LEN(bases) ? (PhObject *)TUPLE_GET(bases, 0)->type : (PhObject *)&S->types.type;
        meta_is_class = true;
    } else {
        meta_is_class = is_type_obj(meta);
    }
    if (meta_is_class) {
        PhType *winner = calculate_metaclass(S, (PhType *)meta, bases);
        if (!winner) goto done;
        meta = (PhObject *)winner;
    }
    INCREF(meta);
    /* ns = meta.__prepare__(name, bases, **kwds) */
    PhObject *prep = obj_lookup_attr(S, meta, ID(S, __prepare__));
    if (prep) {
        PhObject *pargs = tuple_pack(S, 2, name, bases);
        if (pargs) ns = obj_call_tuple_dict(S, prep, pargs, kwds);
        XDECREF(S, pargs);
        DECREF(S, prep);
    } else if (!err_occurred(S)) {
        ns = dict_new(S);
    }
    if (!ns) goto done_meta;
    cell = eval_class_body(S, func, ns);
    if (!cell) goto done_meta;
    PhObject *margs = tuple_pack(S, 3, name, bases, ns);
    if (!margs) goto done_meta;
    cls = obj_call_tuple_dict(S, meta, margs, kwds);
    DECREF(S, margs);
    if (cls && cell != PH_NONE(S) && cell->type == &S->types.cell) cell_set(S, cell, cls);
done_meta:
    DECREF(S, meta);
done:
    XDECREF(S, cell);
    XDECREF(S, ns);
    XDECREF(S, kwds);
    DECREF(S, bases);
    return cls;
}

