/* Module objects: a namespace dict with a name. */
#ifndef PH_OBJECTS_MODULE_H
#define PH_OBJECTS_MODULE_H

#include "mem/object.h"

/* CPython 3.11's PyModuleObject layout (getsizeof(sys) == 72). */
typedef struct PhModule {
    PhObject ob;
    PhObject *dict;     /* the module's namespace */
    const void *def;    /* unused: CPython's md_def */
    void *state;        /* unused: CPython's md_state */
    PhObject *weaklist; /* unused */
    PhObject *name;     /* str */
} PhModule;

#define MODULE_DICT(m) (((PhModule *)(m))->dict)

/* New module with __name__ = name, __doc__ = None, __package__ = None,
 * __loader__ = None, __spec__ = None. */
PhObject *module_new(PhState *S, const char *name);
/* Adds one builtin function per def (NULL-name terminated). */
int module_add_functions(PhState *S, PhObject *mod, const PhMethodDef *defs);
/* mod.name = obj (obj borrowed). */
int module_add_object(PhState *S, PhObject *mod, const char *name, PhObject *obj);
/* The module's dict (borrowed). */
PhObject *module_get_dict(PhObject *mod);
/* The module's __name__ (borrowed str) or NULL. */
PhObject *module_get_name(PhObject *mod);

#endif
