/* Descriptors and callables made by the object model: method descriptors
 * (list.append), bound builtin methods and builtin functions (len), getset
 * and member descriptors, classmethod, staticmethod, property, and bound
 * methods of Python functions. */
#ifndef PH_OBJECTS_DESCR_H
#define PH_OBJECTS_DESCR_H

#include "mem/object.h"

#include <stdbool.h>
#include <stdint.h>

/* A descriptor found in a type's dict; owner is the type it belongs to. */
typedef struct PhDescr {
    PhObject ob;
    PhType *owner;     /* borrowed for static types, owned for heap types */
    PhObject *name;    /* str */
    PhObject *qualname;/* str or NULL (lazily built) */
} PhDescr;

/* method_descriptor: an unbound C method (list.append). */
typedef struct PhMethodDescr {
    PhDescr d;
    const PhMethodDef *def;
    vectorcallfunc vectorcall;
} PhMethodDescr;

/* getset_descriptor (C-level attribute). */
typedef struct PhGetSetDescr {
    PhDescr d;
    const PhGetSetDef *def;
} PhGetSetDescr;

/* member_descriptor: one __slots__ entry, a PhObject* at `offset`. */
typedef struct PhMemberDescr {
    PhDescr d;
    ssize_t offset;
} PhMemberDescr;

/* Flag in PhMethodDef.flags for the slot wrappers type_ready makes
 * (int.__add__): only changes how the descriptor prints. */
#define METH_WRAPPER 0x100

/* builtin_function_or_method (CPython's PyCFunctionObject layout,
 * getsizeof(len) == 72). Two uses:
 *   - a function (len, math.sqrt): self is the module or NULL, and the C
 *     function receives exactly the call's arguments;
 *   - a C method bound to an object ([].append): self is the object, owner
 *     the class the method came from, and the C function receives self as
 *     args[0] followed by the call's arguments.
 * In both cases the C function's `callable` argument is this object. */
typedef struct PhBuiltinFunc {
    PhObject ob;
    const PhMethodDef *def;
    PhObject *self; /* owned, or NULL */
    union {
        PhObject *module; /* functions: the module's name (str, owned) or NULL */
        PhType *owner;    /* bound methods: the defining class (owned if a heap type) */
    } u;
    uintptr_t is_method; /* 1: bound method (args get self prepended); this
                          * word is CPython's m_weakreflist, so sizes agree */
    vectorcallfunc vectorcall;
} PhBuiltinFunc;

/* method: a Python function bound to an instance (CPython's PyMethodObject). */
typedef struct PhMethod {
    PhObject ob;
    PhObject *func;
    PhObject *self;
    PhObject *weakreflist; /* unused, kept for CPython's size */
    vectorcallfunc vectorcall;
} PhMethod;

/* staticmethod / classmethod. */
typedef struct PhFuncWrapper {
    PhObject ob;
    PhObject *callable;
    PhObject *dict;
} PhFuncWrapper;

/* property. */
typedef struct PhProperty {
    PhObject ob;
    PhObject *fget, *fset, *fdel, *doc;
    PhObject *name; /* from __set_name__, or NULL */
    int getter_doc;
} PhProperty;

/* Builtin function object for a C function: self_or_module is the module
 * (module functions; NULL is allowed), and the function is called with the
 * call's arguments only. */
PhObject *builtin_func_new(PhState *S, const PhMethodDef *def, PhObject *self_or_module);
/* A C method bound to self (what list.append's descriptor gives for a
 * list): called with self prepended. owner: the class defining it. */
PhObject *builtin_method_new(PhState *S, const PhMethodDef *def, PhObject *self, PhType *owner);
/* For a C function called through a descriptor or a bound method: the
 * class whose slot or method it is (the descriptor's owner, or the bound
 * method's), or NULL. Slot wrappers use it to call the right slot. */
PhType *callable_owner(PhState *S, PhObject *callable);
/* method_descriptor or wrapper_descriptor (a slot wrapper)? */
bool descr_is_method(PhState *S, const PhObject *o);
/* builtin_function_or_method or method-wrapper? */
bool builtin_func_check(PhState *S, const PhObject *o);
/* Sets up the wrapper_descriptor and method-wrapper types (runtime_init,
 * before any type is readied). */
void descr_init_private_types(PhState *S);
/* Bound method of a Python callable (the function type's descr_get). */
PhObject *method_new(PhState *S, PhObject *func, PhObject *self);
PhObject *descr_new_method(PhState *S, PhType *owner, const PhMethodDef *def);
PhObject *descr_new_classmethod(PhState *S, PhType *owner, const PhMethodDef *def);
PhObject *descr_new_getset(PhState *S, PhType *owner, const PhGetSetDef *def);
PhObject *descr_new_member(PhState *S, PhType *owner, PhObject *name, ssize_t offset);
PhObject *staticmethod_new(PhState *S, PhObject *callable);
PhObject *classmethod_new(PhState *S, PhObject *callable);

#endif
