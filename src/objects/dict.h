/* dict: CPython 3.11's compact, insertion-ordered layout.
 *
 *   PhDict (48 B: used, version, keys, values) -> a keys object holding the
 *   index table (1..8-byte slots) and the entry array. Keys tables whose keys
 *   are all str use 16-byte entries (key, value), others 24-byte (hash, key,
 *   value), so getsizeof({}) == 64, {'a': 1} == 184, {1: 2} == 224.
 *
 * Dicts are created untracked and become tracked when a tracked key or value
 * is stored; the collector untracks them only in full collections.
 */
#ifndef PH_OBJECTS_DICT_H
#define PH_OBJECTS_DICT_H

#include "mem/object.h"

#include <stdbool.h>
#include <stdint.h>

typedef struct PhDictKeys PhDictKeys;

typedef struct PhDict {
    PhObject ob;
    ssize_t used;
    uint64_t version;
    PhDictKeys *keys;
    PhObject **values; /* split tables (instance dicts); NULL for combined */
} PhDict;

extern const PhType dict_type_template;

PhObject *dict_new(PhState *S);
/* Borrowed value or NULL. NULL with an exception only if hashing/comparing
 * failed; use err_occurred() to tell. */
PhObject *dict_getitem(PhState *S, PhObject *d, PhObject *key);
/* Fast lookup for str keys whose hash is known (globals, attributes). */
PhObject *dict_getitem_str(PhState *S, PhObject *d, const char *key);
int dict_setitem(PhState *S, PhObject *d, PhObject *key, PhObject *v); /* increfs both */
int dict_setitem_str(PhState *S, PhObject *d, const char *key, PhObject *v);
int dict_delitem(PhState *S, PhObject *d, PhObject *key); /* KeyError if absent */
int dict_delitem_str(PhState *S, PhObject *d, const char *key);
/* 1 if present, 0 if not, -1 on error. */
int dict_contains(PhState *S, PhObject *d, PhObject *key);
ssize_t dict_len(PhObject *d);
/* Iteration: *pos starts at 0; returns 0 when done. Borrowed key/value. */
int dict_next(PhObject *d, ssize_t *pos, PhObject **key, PhObject **value);
int dict_update(PhState *S, PhObject *d, PhObject *other); /* d.update(other) */
PhObject *dict_copy(PhState *S, PhObject *d);
PhObject *dict_keys_list(PhState *S, PhObject *d);
void dict_clear(PhState *S, PhObject *d);
/* An empty dict sized for n items (BUILD_MAP / BUILD_CONST_KEY_MAP with more
 * than 5 items: CPython presizes; unicode: every key is an exact str). */
PhObject *dict_new_presized(PhState *S, ssize_t n, bool unicode);
/* PyDict_Merge(a, b, override): b a dict or any mapping with keys();
 * override 1 replaces, 0 keeps a's values, 2 raises KeyError(key) on a
 * duplicate (the VM's DICT_MERGE turns it into "got multiple values"). */
int dict_merge(PhState *S, PhObject *a, PhObject *b, int override);
/* d.pop(key[, dflt]): new reference; dflt NULL raises KeyError. */
PhObject *dict_pop(PhState *S, PhObject *d, PhObject *key, PhObject *dflt);
/* d.setdefault(key, dflt): borrowed value, NULL on error. */
PhObject *dict_setdefault(PhState *S, PhObject *d, PhObject *key, PhObject *dflt);
/* New lists of the values / (key, value) tuples, in order. */
PhObject *dict_values_list(PhState *S, PhObject *d);
PhObject *dict_items_as_list(PhState *S, PhObject *d);
/* dict.__sizeof__ (sys.getsizeof adds the 16-byte GC header). */
ssize_t dict_sizeof(PhObject *d);
void dict_freelist_clear(PhState *S);
int dict_maybe_untrack(PhObject *d);

#endif
