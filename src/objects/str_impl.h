/* Private to the text engineer's files (str.c, strmethods.c, format.c,
 * bytes.c): raw code-unit access and the search primitives. */
#ifndef PH_OBJECTS_STR_IMPL_H
#define PH_OBJECTS_STR_IMPL_H

#include "str.h"

static inline uint32_t kread(int kind, const void *d, ssize_t i)
{
    return kind == 1 ? ((const uint8_t *)d)[i]
         : kind == 2 ? ((const uint16_t *)d)[i] : ((const uint32_t *)d)[i];
}

static inline void kwrite(int kind, void *d, ssize_t i, uint32_t c)
{
    if (kind == 1) ((uint8_t *)d)[i] = (uint8_t)c;
    else if (kind == 2) ((uint16_t *)d)[i] = (uint16_t)c;
    else ((uint32_t *)d)[i] = c;
}

/* Largest code point in d[start:end) (for kind 1: a value with the same
 * top bit, which is all kind selection needs). */
uint32_t str_max_char_of(int kind, const void *d, ssize_t start, ssize_t end);
/* Copies n code points between buffers of any kinds (values must fit). */
void str_copy_chars(void *dst, int dkind, ssize_t doff, const void *src, int skind, ssize_t soff,
                    ssize_t n);
/* An upper bound of the string's characters that is exact as a category
 * (127, 255, 0xFFFF, 0x10FFFF): strings are canonical. */
uint32_t str_max_bound(const PhObject *s);
/* New reference to '' / the one-character string for c (a singleton below 256). */
PhObject *str_empty(PhState *S);
PhObject *str_single(PhState *S, uint32_t c);

/* Index of the first (dir > 0) or last (dir < 0) occurrence of sub in
 * s[start:end), or -1. Bounds must already be clamped to [0, len]. */
ssize_t str_find_in(const PhObject *s, ssize_t start, ssize_t end, const PhObject *sub, int dir);
/* Non-overlapping occurrences of sub in s[start:end), at most maxcount. */
ssize_t str_count_in(const PhObject *s, ssize_t start, ssize_t end, const PhObject *sub,
                     ssize_t maxcount);
/* Same searches over raw byte buffers (bytes methods). */
ssize_t text_find_bytes(const char *h, ssize_t hlen, const char *n, ssize_t nlen, int dir);
ssize_t text_count_bytes(const char *h, ssize_t hlen, const char *n, ssize_t nlen,
                         ssize_t maxcount);

/* Full case mapping (Unicode SpecialCasing included) of c into out; which
 * is 'l', 'u', 't' or 'f' (casefold). Returns the number of code points. */
int str_uni_case_full(uint32_t c, int which, uint32_t out[3]);
bool str_uni_case_ignorable(uint32_t c);

/* Writes the UTF-8 form of s (surrogates as 3 bytes) into out (room for
 * 4 bytes per character); returns the byte count. */
size_t str_utf8_encode_into(const PhObject *s, char *out);

/* Resolves Python-style optional start/end arguments (None or an index)
 * against len as str.find does. 0, or -1 with TypeError. */
int text_parse_bounds(PhState *S, PhObject *start_o, PhObject *end_o, ssize_t len,
                      ssize_t *start, ssize_t *end);
/* An index-like argument as ssize_t ("'str' object cannot be interpreted as
 * an integer" otherwise). -1 with an exception set: check err_occurred. */
ssize_t text_as_index(PhState *S, PhObject *o);
bool text_is_index(const PhObject *o);

#endif
