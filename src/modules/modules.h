/* Constructors of the builtin modules (src/modules/NAMEmodule.c). Each returns a
 * new module object, or NULL with an exception set. */
#ifndef PH_MODULES_MODULES_H
#define PH_MODULES_MODULES_H

#include "mem/object.h"

PhObject *math_module_create(PhState *S); /* src/modules/mathmodule.c */
/* runtime engineer */
PhObject *sys_module_create(PhState *S);  /* src/modules/sysmodule.c */
PhObject *gc_module_create(PhState *S);   /* src/modules/gcmodule.c */
PhObject *time_module_create(PhState *S); /* src/modules/timemodule.c */
PhObject *operator_module_create(PhState *S); /* src/modules/operatormodule.c */

/* inspector engineer: `import pyheap` (why_alive, refcount, ...) */
PhObject *pyheap_module_create(PhState *S); /* src/modules/pyheapmodule.c */

#endif
