/* Shared between typeobject.c, typenew.c and superobject.c only. */
#ifndef PH_OBJECTS_TYPEINTERNAL_H
#define PH_OBJECTS_TYPEINTERNAL_H

#include "typeobject.h"

#define HT(t) ((PhHeapType *)(t))

static inline bool is_type_obj(const PhObject *o)
{
    return (o->type->flags & TPFLAG_TYPE_SUBCLASS) != 0;
}

static inline bool has_managed_dict(const PhObject *o)
{
    return (o->type->flags & TPFLAG_MANAGED_DICT) != 0;
}

/* d[name] borrowed, or NULL (never an exception: type dicts have str keys). */
PhObject *type_dict_lookup(PhState *S, PhObject *d, PhObject *name);
/* d.setdefault(key, v) without the result: 0 or -1. */
int type_dict_set_default(PhState *S, PhObject *d, PhObject *key, PhObject *v);
/* Drops an instance's inline values or managed dict. */
void obj_managed_clear(PhState *S, PhObject *o);
/* AttributeError "'C' object has no attribute 'x'"; returns -1. */
int obj_attr_missing(PhState *S, PhObject *o, PhObject *name);
/* The slots every class's instances use (set by type_new_impl). */
int subtype_traverse(PhObject *self, visitproc visit, void *arg);
int subtype_clear(PhState *S, PhObject *self);
void subtype_dealloc(PhState *S, PhObject *self);

#endif
