/* Slot wrappers and slot dispatchers: the two directions between C slots
 * and Python's dunder methods.
 *
 *   - A builtin type's slot appears in its dict as a wrapper descriptor
 *     (int.__add__, list.__len__, object.__init__) that calls the slot of
 *     the class it belongs to.
 *   - A class defining __add__ in Python gets a dispatcher in its add slot
 *     that looks __add__ (or the other operand's __radd__) up and calls it.
 */
#ifndef PH_OBJECTS_TYPESLOTS_H
#define PH_OBJECTS_TYPESLOTS_H

#include "mem/object.h"

/* Adds wrapper descriptors for the slots static type t defines itself
 * (names already in its dict are kept). */
int typeslots_add_wrappers(PhState *S, PhType *t);
/* Sets every slot of heap type t from the dunders found along its MRO:
 * dispatchers for methods defined in Python, the base's slot otherwise. */
int typeslots_fixup(PhState *S, PhType *t);
/* Recomputes the slots fed by `name` after C.name was set or deleted. */
int typeslots_update(PhState *S, PhType *t, PhObject *name);

#endif
