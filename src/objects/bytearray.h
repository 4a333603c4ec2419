/* bytearray: mutable byte strings in CPython 3.11's PyByteArrayObject layout.
 *
 *   PhVarObject (24 B) + alloc (8) + bytes (8) + start (8) + exports (4, padded) = 56 B
 *
 * The bytes live in a separate heap buffer of `alloc` bytes (room for the
 * contents and a terminating 0), over-allocated on growth as CPython does, so
 * sys.getsizeof (56 + alloc) agrees: bytearray() 56, bytearray(b'abc') 60,
 * and after appends 58, 61, 64, 68, 75, ...
 *
 * Invariants:
 *   - alloc == 0 exactly when bytes == NULL (an empty bytearray owns nothing);
 *   - start lies in bytes[0..alloc): `del b[:k]` advances start instead of
 *     moving the tail (CPython's ob_start trick), the next growth realigns;
 *   - size + (start - bytes) < alloc, and start[size] == 0.
 * bytearray is not a container: it holds no references and has no GC header
 * (gc.is_tracked(bytearray()) is False); its iterator is one.
 */
#ifndef PH_OBJECTS_BYTEARRAY_H
#define PH_OBJECTS_BYTEARRAY_H

#include "mem/object.h"

#include <stdbool.h>

typedef struct PhByteArray {
    PhVarObject ob; /* size = number of bytes in use */
    ssize_t alloc;  /* bytes allocated at `bytes`, terminating 0 included; 0 if none */
    char *bytes;    /* heap buffer (heap_alloc) or NULL */
    char *start;    /* first byte in use, inside bytes */
    int exports;    /* CPython's buffer-export count: pyheap has no memoryview, always 0 */
} PhByteArray;

extern const PhType bytearray_type_template;
extern const PhType bytearray_iter_type_template;

/* Is o a bytearray (or an instance of a subclass)? */
bool bytearray_check(const PhObject *o);

/* The contents (a writable pointer; for an empty bytearray, a shared "" that
 * must not be written) and the length. */
static inline char *bytearray_data(const PhObject *o)
{
    static const char empty[1] = "";
    const PhByteArray *b = (const PhByteArray *)o;
    return b->alloc ? b->start : (char *)empty;
}
#define BYTEARRAY_DATA(o) bytearray_data((const PhObject *)(o))
#define BYTEARRAY_LEN(o) (((const PhVarObject *)(o))->size)

/* A new exact bytearray holding a copy of p[0..n) (p NULL: contents left
 * uninitialised, terminating 0 set). Exactly n + 1 bytes are allocated (none
 * when n == 0), as PyByteArray_FromStringAndSize. NULL with MemoryError. */
PhObject *bytearray_from_data(PhState *S, const char *p, size_t n);
/* PyByteArray_Resize: changes the length to `size` with CPython 3.11's
 * over-allocation policy; new bytes are uninitialised. 0, or -1 with
 * MemoryError (the object is unchanged then). */
int bytearray_resize(PhState *S, PhObject *o, ssize_t size);

#endif
