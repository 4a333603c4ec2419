/* set and frozenset: CPython 3.11's open-addressing table (8 inline slots,
 * linear probes then perturbation) so iteration order matches CPython for
 * the same insertions (getsizeof(set()) == 216). */
#ifndef PH_OBJECTS_SET_H
#define PH_OBJECTS_SET_H

#include "mem/object.h"

extern const PhType set_type_template;
extern const PhType frozenset_type_template;

PhObject *set_new(PhState *S, PhObject *iterable);       /* iterable may be NULL */
PhObject *frozenset_new(PhState *S, PhObject *iterable); /* iterable may be NULL */
int set_add(PhState *S, PhObject *set, PhObject *key);
/* set.update(iterable) (the VM's SET_UPDATE): sets and dicts keep their
 * hashes, anything else is iterated. */
int set_update(PhState *S, PhObject *set, PhObject *iterable);
int set_contains(PhState *S, PhObject *set, PhObject *key); /* 1, 0, -1 */
int set_discard(PhState *S, PhObject *set, PhObject *key);  /* 1 found, 0 not, -1 */
ssize_t set_len(PhObject *set);
/* Iteration: *pos starts at 0; returns 0 when done. Borrowed key. */
int set_next(PhObject *set, ssize_t *pos, PhObject **key);

#endif
