/* Private to bytes.c and bytearray.c: what the two byte-string types share.
 *
 * CPython writes the methods of bytes and bytearray once (stringlib and
 * bytes_methods.c) over a (pointer, length) view of the receiver; pyheap does
 * the same: each shared method reads its receiver and its bytes-like
 * arguments through BL_DATA / BL_LEN, and builds results of the receiver's
 * kind (bytes for bytes, a new bytearray for bytearray) with the res_*
 * helpers of bytes.c. One list below generates both types' method tables.
 */
#ifndef PH_OBJECTS_BYTES_IMPL_H
#define PH_OBJECTS_BYTES_IMPL_H

#include "bytearray.h"
#include "bytes.h"

/* Receiver and argument views. o must be a bytes or a bytearray (or an
 * instance of a subclass of either); both keep their length in ob.size. */
static inline char *bl_data(const PhObject *o)
{
    return bytes_check(o) ? BYTES_DATA(o) : bytearray_data(o);
}
#define BL_DATA(o) bl_data((const PhObject *)(o))
#define BL_LEN(o) (((const PhVarObject *)(o))->size)
/* Is o bytes-like (pyheap's buffer-protocol objects: bytes and bytearray)? */
static inline bool bl_check(const PhObject *o) { return bytes_check(o) || bytearray_check(o); }

/* "b'...'" for p[0..n). bytearray's repr escapes every single quote, even
 * inside double quotes (bytearray(b"\'") in 3.11); bytes' only the quote
 * that delimits. */
PhObject *bytes_repr_data(PhState *S, const char *p, ssize_t n, bool escape_all_single);
/* An int argument as a byte value: ValueError "byte must be in range(0,
 * 256)" outside 0..255, TypeError for a non-integer. -1 with an exception. */
int bytes_byte_value(PhState *S, PhObject *v);
/* `v in p[0..n)`: v is an int byte value or bytes-like. 1, 0 or -1. */
int bytes_contains_data(PhState *S, const char *p, ssize_t n, PhObject *v);

/* X(python name, C suffix, flags, doc): the methods both types have. The
 * functions are bytes_m_<suffix>; they take args[0] == self. */
#define BYTES_SHARED_METHODS(X)                                                                  \
    X("capitalize", capitalize, METH_DEFAULT, "B.capitalize() -> copy of B")                    \
    X("center", center, METH_DEFAULT, "Return a centered string of length width.")              \
    X("count", count, METH_DEFAULT,                                                             \
      "Return the number of non-overlapping occurrences of subsection sub.")                    \
    X("decode", decode, METH_DEFAULT, "Decode the bytes using the codec registered for encoding.") \
    X("endswith", endswith, METH_DEFAULT,                                                       \
      "Return True if B ends with the specified suffix, False otherwise.")                      \
    X("expandtabs", expandtabs, METH_DEFAULT,                                                   \
      "Return a copy where all tab characters are expanded using spaces.")                      \
    X("find", find, METH_DEFAULT, "Return the lowest index in B where subsection sub is found.") \
    X("fromhex", fromhex, METH_CLASS, "Create an object from a string of hexadecimal numbers.") \
    X("hex", hex, METH_DEFAULT, "Create a string of hexadecimal numbers from the bytes.")      \
    X("index", index, METH_DEFAULT, "Return the lowest index in B where subsection sub is found.") \
    X("isalnum", isalnum, METH_DEFAULT, NULL)                                                   \
    X("isalpha", isalpha, METH_DEFAULT, NULL)                                                   \
    X("isascii", isascii, METH_DEFAULT, NULL)                                                   \
    X("isdigit", isdigit, METH_DEFAULT, NULL)                                                   \
    X("islower", islower, METH_DEFAULT, NULL)                                                   \
    X("isspace", isspace, METH_DEFAULT, NULL)                                                   \
    X("istitle", istitle, METH_DEFAULT, NULL)                                                   \
    X("isupper", isupper, METH_DEFAULT, NULL)                                                   \
    X("join", join, METH_DEFAULT, "Concatenate any number of bytes-like objects.")              \
    X("ljust", ljust, METH_DEFAULT, NULL)                                                       \
    X("lower", lower, METH_DEFAULT, "Return a copy with all ASCII characters converted to lowercase.") \
    X("lstrip", lstrip, METH_DEFAULT, "Strip leading bytes contained in the argument.")         \
    X("maketrans", maketrans, METH_STATIC,                                                      \
      "Return a translation table useable for the bytes or bytearray translate method.")        \
    X("partition", partition, METH_DEFAULT, NULL)                                               \
    X("removeprefix", removeprefix, METH_DEFAULT, NULL)                                         \
    X("removesuffix", removesuffix, METH_DEFAULT, NULL)                                         \
    X("replace", replace, METH_DEFAULT,                                                         \
      "Return a copy with all occurrences of substring old replaced by new.")                   \
    X("rfind", rfind, METH_DEFAULT, "Return the highest index in B where subsection sub is found.") \
    X("rindex", rindex, METH_DEFAULT, "Return the highest index in B where subsection sub is found.") \
    X("rjust", rjust, METH_DEFAULT, NULL)                                                       \
    X("rpartition", rpartition, METH_DEFAULT, NULL)                                             \
    X("rsplit", rsplit, METH_DEFAULT, NULL)                                                     \
    X("rstrip", rstrip, METH_DEFAULT, "Strip trailing bytes contained in the argument.")        \
    X("split", split, METH_DEFAULT, "Return a list of the sections, using sep as the delimiter.") \
    X("splitlines", splitlines, METH_DEFAULT, NULL)                                             \
    X("startswith", startswith, METH_DEFAULT,                                                   \
      "Return True if B starts with the specified prefix, False otherwise.")                    \
    X("strip", strip, METH_DEFAULT, "Strip leading and trailing bytes contained in the argument.") \
    X("swapcase", swapcase, METH_DEFAULT, NULL)                                                 \
    X("title", title, METH_DEFAULT, NULL)                                                       \
    X("translate", translate, METH_DEFAULT, NULL)                                               \
    X("upper", upper, METH_DEFAULT, "Return a copy with all ASCII characters converted to uppercase.") \
    X("zfill", zfill, METH_DEFAULT, NULL)

#define BYTES_DECLARE_METHOD(pyname, suffix, flags, doc)                                         \
    PhObject *bytes_m_##suffix(PhState *S, PhObject *callable, PhObject *const *args,           \
                               size_t nargs, PhObject *kwnames);
BYTES_SHARED_METHODS(BYTES_DECLARE_METHOD)
#undef BYTES_DECLARE_METHOD

#define BYTES_METHOD_ENTRY(pyname, suffix, flags, doc) {pyname, bytes_m_##suffix, flags, doc},

#endif
