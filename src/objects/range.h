/* range objects (getsizeof(range(10)) == 48, not a GC type) and
 * range_iterator. Values are limited to 64 bits (see range.c). */
#ifndef PH_OBJECTS_RANGE_H
#define PH_OBJECTS_RANGE_H

#include "mem/object.h"

#include <stdint.h>

extern const PhType range_type_template;
extern const PhType range_iter_type_template;

/* range(start, stop, step): ValueError for a zero step. */
PhObject *range_new(PhState *S, int64_t start, int64_t stop, int64_t step);

#endif
