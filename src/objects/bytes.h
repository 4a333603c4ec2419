/* bytes: immutable byte strings in CPython 3.11's PyBytesObject layout.
 *
 *   PhVarObject (24 B) + cached hash (8 B) + the bytes + a terminating 0:
 *   getsizeof(b'') == 33, getsizeof(b'ab') == 35.
 *
 * b'' and the 256 one-byte strings are static singletons kept in the state
 * (S->empty_bytes, S->bytes_chars), made by text_init.
 */
#ifndef PH_OBJECTS_BYTES_H
#define PH_OBJECTS_BYTES_H

#include "mem/object.h"

#include <stdint.h>

typedef struct PhBytes {
    PhVarObject ob; /* size = number of bytes */
    int64_t hash;   /* -1 until computed */
    char data[1];   /* size + 1 bytes, data[size] == 0 */
} PhBytes;

/* CPython's basicsize: offsetof(data) + 1 for the terminating 0. */
#define BYTES_BASICSIZE (offsetof(PhBytes, data) + 1)

#define BYTES_DATA(o) (((PhBytes *)(o))->data)
#define BYTES_LEN(o) (((PhVarObject *)(o))->size)

extern const PhType bytes_type_template;
extern const PhType bytes_iter_type_template;
extern const PhMethodDef bytes_methods[]; /* the type's method table */

/* New bytes object holding a copy of p[0..n) (p may be NULL: uninitialised,
 * fill BYTES_DATA before sharing). b'' and one-byte values come back as the
 * singletons when p is not NULL. NULL on MemoryError. */
PhObject *bytes_from_data(PhState *S, const char *p, size_t n);
/* Is o a bytes (or subclass)? */
bool bytes_check(const PhObject *o);
/* repr(b) */
PhObject *bytes_repr(PhState *S, PhObject *b);
/* b.decode(encoding, errors): encoding/errors may be NULL ("utf-8", "strict"). */
PhObject *bytes_decode(PhState *S, const char *p, size_t n, const char *encoding,
                       const char *errors);
/* s.encode(encoding, errors), same defaults. */
PhObject *str_encode(PhState *S, PhObject *s, const char *encoding, const char *errors);
/* A bytes-like object's contents (bytes, bytearray and their subclasses:
 * the objects with CPython's buffer protocol in pyheap). false, with *p and
 * *n untouched, for anything else. Valid until the object changes. */
bool bytes_like_view(const PhObject *o, const char **p, ssize_t *n);
/* CPython's bytes.__sizeof__. */
size_t bytes_sizeof(const PhObject *o);

#endif
