/* slice objects (getsizeof(slice(1)) == 56) and index arithmetic shared by
 * every sequence type. */
#ifndef PH_OBJECTS_SLICE_H
#define PH_OBJECTS_SLICE_H

#include "mem/object.h"

typedef struct PhSlice {
    PhObject ob;
    PhObject *start, *stop, *step; /* never NULL: None when omitted */
} PhSlice;

extern const PhType slice_type_template;

/* slice(start, stop, step); NULL arguments mean None (BUILD_SLICE). */
PhObject *slice_new(PhState *S, PhObject *start, PhObject *stop, PhObject *step);
/* PySlice_Unpack: start/stop/step as C integers (None -> defaults, big ints
 * clamped); ValueError for a zero step. 0 or -1. */
int slice_unpack(PhState *S, PhObject *slice, ssize_t *start, ssize_t *stop, ssize_t *step);
/* PySlice_AdjustIndices: clamps to a sequence of `length`, returns the
 * number of items selected. */
ssize_t slice_adjust_indices(ssize_t length, ssize_t *start, ssize_t *stop, ssize_t step);
/* Resolves slice against a sequence of length len (CPython's
 * PySlice_Unpack + PySlice_AdjustIndices). Returns 0, or -1 with an exception
 * (a bad index type, or "slice step cannot be zero"). */
int slice_unpack_indices(PhState *S, PhObject *slice, ssize_t len, ssize_t *start,
                         ssize_t *stop, ssize_t *step, ssize_t *slicelen);

#endif
