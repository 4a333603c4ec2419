/* Generic iterators: seq_iter (iteration over a class that has only
 * __getitem__) and callable_iter (iter(callable, sentinel)). */
#ifndef PH_OBJECTS_ITEROBJECT_H
#define PH_OBJECTS_ITEROBJECT_H

#include "mem/object.h"

extern const PhType seq_iter_type_template;
extern const PhType callable_iter_type_template;

/* iter(seq) for an object whose type has __getitem__ but no __iter__. */
PhObject *seq_iter_new(PhState *S, PhObject *seq);
/* iter(callable, sentinel): calls callable() until it returns sentinel. */
PhObject *callable_iter_new(PhState *S, PhObject *callable, PhObject *sentinel);

#endif
