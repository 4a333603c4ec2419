/* str: compact Unicode strings in CPython 3.11's layout, and interning.
 *
 *   ASCII:     PhStr (48 B)        + len + 1 bytes          (getsizeof('a') == 50)
 *   otherwise: PhStrCompact (72 B) + (len + 1) * kind bytes (kind = 1, 2 or 4)
 *   instances of subclasses: PhStrObject (80 B) + slots + the text (below)
 *
 * The text is stored in the narrowest kind that holds every code point, with
 * a terminating 0 code unit. Interning follows 3.11: interned strings are
 * mortal and the interning table's references are not counted, so a string
 * leaves the table when its last counted reference goes.
 */
#ifndef PH_OBJECTS_STR_H
#define PH_OBJECTS_STR_H

#include "mem/object.h"

#include <stdint.h>

enum { STR_NOT_INTERNED = 0, STR_INTERNED_MORTAL = 1, STR_INTERNED_IMMORTAL = 2 };

typedef struct PhStr {
    PhObject ob;
    ssize_t length;   /* code points */
    int64_t hash;     /* -1 until computed */
    struct {
        unsigned interned : 2;
        unsigned kind : 3;    /* 1, 2 or 4 bytes per code point */
        unsigned compact : 1; /* always 1 */
        unsigned ascii : 1;
        unsigned ready : 1;   /* always 1 */
    } state;
    void *reserved_wstr; /* 3.11's wstr pointer: always NULL, kept so sizes match */
} PhStr;

typedef struct PhStrCompact {
    PhStr base;
    ssize_t utf8_length;
    char *utf8;                    /* UTF-8 cache made by str_as_utf8 (heap), or NULL;
                                      not counted by str_sizeof */
    ssize_t reserved_wstr_length;
} PhStrCompact;

/* Instances of str subclasses: CPython's two-block PyUnicodeObject (80 B,
 * str.__basicsize__). The text does not follow the header directly but is
 * placed after the subclass's own fields (its __slots__ and __weakref__,
 * which the class machinery lays out from basicsize on), and `data` points
 * at it; state.compact is 0. */
typedef struct PhStrObject {
    PhStrCompact base;
    void *data;
} PhStrObject;

extern const PhType str_type_template;

/* The interning table: open addressing over string objects, keyed by
 * content. Slots hold borrowed pointers (the table's references are not
 * counted); a string removes itself when it is deallocated. */
typedef struct StrTable {
    PhObject **slots; /* NULL, a string, or STR_TABLE_DELETED */
    size_t capacity;  /* power of two, or 0 */
    size_t used;      /* live entries */
    size_t filled;    /* live + deleted */
} StrTable;

int str_init(PhState *S);  /* '' and the 256 one-character latin-1 strings */
void str_fini(PhState *S); /* frees the singletons and the table */

static inline void *str_data(const PhObject *o)
{
    const PhStr *s = (const PhStr *)o;
    if (!s->state.compact) return ((const PhStrObject *)o)->data;
    return s->state.ascii ? (void *)(s + 1) : (void *)((const PhStrCompact *)o + 1);
}
static inline ssize_t str_len(const PhObject *o) { return ((const PhStr *)o)->length; }
static inline int str_kind(const PhObject *o) { return ((const PhStr *)o)->state.kind; }
static inline uint32_t str_char_at(const PhObject *o, ssize_t i)
{
    const void *d = str_data(o);
    switch (str_kind(o)) {
    case 1: return ((const uint8_t *)d)[i];
    case 2: return ((const uint16_t *)d)[i];
    default: return ((const uint32_t *)d)[i];
    }
}

/* Allocates an uninitialised string for `length` code points up to maxchar. */
PhObject *str_alloc(PhState *S, ssize_t length, uint32_t maxchar);
/* New reference from UTF-8 (must be valid); '' and one-char latin-1 strings
 * come back as the shared singletons, as in CPython. NULL on MemoryError. */
PhObject *str_from_utf8(PhState *S, const char *utf8, size_t nbytes);
/* Same, but never returns a singleton (code constants: 3.11 keeps them
 * separate from the latin-1 singletons). */
PhObject *str_from_utf8_fresh(PhState *S, const char *utf8, size_t nbytes);
static inline PhObject *str_from_cstr(PhState *S, const char *s);

int64_t str_hash(PhObject *o);
bool str_equal(const PhObject *a, const PhObject *b);

/* sys.intern and the compiler's interning: replaces *p with the canonical
 * interned copy (moving the reference), or interns *p itself. -1 only when
 * the table cannot grow (MemoryError); *p is unchanged then. */
int str_intern_in_place(PhState *S, PhObject **p);
/* The interned string equal to utf8, if any (borrowed), else NULL. */
PhObject *str_interned_lookup(PhState *S, const char *utf8, size_t nbytes);
/* Does the string consist only of [A-Za-z0-9_]? (3.11's rule for interning
 * code constants.) */
bool str_is_identifier_like(const PhObject *o);

/* CPython 3.11's str.__sizeof__. */
size_t str_sizeof(const PhObject *o);

/* SipHash-1-3 with a zero key: equals CPython's hash with PYTHONHASHSEED=0. */
int64_t hash_bytes(const void *data, size_t len);


/* ---- text engineer's API (src/objects/str.c) ------------------------------ */
#include <stdarg.h>

extern const PhType str_iter_type_template;     /* str_ascii_iterator */
extern const PhType str_uni_iter_type_template; /* str_iterator (non-ASCII) */
extern const PhMethodDef str_methods[]; /* the type's method table (strmethods.c) */

/* chr(): the one-character string for code point c (a shared singleton below
 * 256). ValueError "chr() arg not in range(0x110000)" past 0x10FFFF. */
PhObject *str_from_codepoint(PhState *S, uint32_t c);
/* ord() of a str, bytes (or subclass) object: the code point / byte value,
 * or -1 with TypeError ("ord() expected a character, but string of length 2
 * found", "ord() expected string of length 1, but int found"). */
int64_t str_ord(PhState *S, PhObject *o);

/* A UTF-8 view of s, valid while s lives: the data itself for ASCII strings;
 * otherwise an encoding cached in the string (PhStrCompact.utf8) and freed
 * with it, which str_sizeof does not count. NULL (MemoryError) only when the
 * cache cannot be allocated. *len may be NULL. Lone surrogates are written
 * as their 3-byte forms (like 'surrogatepass'). */
const char *str_as_utf8(PhState *S, PhObject *s, size_t *len);
/* a + b for two str objects (TypeError otherwise: CPython's message). */
PhObject *str_concat(PhState *S, PhObject *a, PhObject *b);
/* sep.join(iterable). */
PhObject *str_join(PhState *S, PhObject *sep, PhObject *iterable);
/* printf-like: %d %i %u %ld %lu %lld %llu %zd %zu %x %c %s %p %% plus
 * %U (str object), %R (repr of an object), %S (str of an object), %T (the
 * object's type name); %.Ns limits a C string. */
PhObject *str_from_format(PhState *S, const char *fmt, ...);
PhObject *str_from_vformat(PhState *S, const char *fmt, va_list ap);
/* s[start:end] with clamped bounds (no negative-index wrapping). */
PhObject *str_substring(PhState *S, PhObject *s, ssize_t start, ssize_t end);
/* repr(s) with CPython's quoting and escapes. */
PhObject *str_repr(PhState *S, PhObject *s);
/* From Latin-1 bytes / an array of code points (any values <= 0x10FFFF). */
PhObject *str_from_latin1(PhState *S, const char *p, size_t n);
PhObject *str_from_ucs4(PhState *S, const uint32_t *p, size_t n);
/* Like str_alloc, for a str subclass (same compact layout). MemoryError set
 * on failure (str_alloc too). */
PhObject *str_alloc_type(PhState *S, PhType *type, ssize_t length, uint32_t maxchar);
/* A str from n code units of the given kind (1, 2 or 4), narrowed to the
 * smallest kind; singletons for '' and one Latin-1 character. */
PhObject *str_from_kind(PhState *S, int kind, const void *data, ssize_t n);
/* s + t where `*ps` is a reference the caller owns and gives up: *ps is
 * replaced by the result (also on error: then NULL and -1). The VM's
 * `s += t` fast path; today it copies (a resize in place needs an
 * obj_resize in the memory system). */
int str_append_inplace(PhState *S, PhObject **ps, PhObject *t);
/* Compare with a C string (ASCII/UTF-8): true if equal. */
bool str_eq_cstr(const PhObject *s, const char *c);
/* Code-point order comparison: <0, 0, >0. */
int str_compare(const PhObject *a, const PhObject *b);
/* Is o a str (or subclass)? */
bool str_check(const PhObject *o);

/* ---- Unicode character properties (Unicode 14.0, CPython 3.11's answers) -- */
bool uni_isspace(uint32_t c);     /* str.isspace for one character */
bool uni_isalpha(uint32_t c);
bool uni_isdecimal(uint32_t c);
bool uni_isdigit(uint32_t c);
bool uni_isnumeric(uint32_t c);
bool uni_isprintable(uint32_t c);
bool uni_islower(uint32_t c);
bool uni_isupper(uint32_t c);
bool uni_istitle(uint32_t c);     /* category Lt */
bool uni_iscased(uint32_t c);
bool uni_isidstart(uint32_t c);   /* XID_Start or '_' */
bool uni_isidcontinue(uint32_t c);
bool uni_islinebreak(uint32_t c); /* str.splitlines boundaries */
int uni_decimal_value(uint32_t c); /* 0..9, or -1 */

/* ---- argument checking for C methods (str.c, bytes.c, format.c) ----------
 * Reproduces the messages of CPython's different calling conventions:
 *   ARGS_NOARGS  "str.upper() takes no arguments (1 given)"
 *   ARGS_ONE     "str.join() takes exactly one argument (0 given)"
 *   ARGS_RANGE   "replace expected at least 2 arguments, got 0"
 *   ARGS_OLD     "find() takes at least 1 argument (0 given)"
 *   ARGS_KW      "split() takes at most 2 arguments (5 given)", keywords
 * Keywords are refused ("str.strip() takes no keyword arguments", or for
 * ARGS_OLD "find() takes no keyword arguments") unless kwlist is given.
 * args excludes self; out[0..max) receives borrowed arguments, NULL where
 * not given. owner is the type name ("str"). 0, or -1 with TypeError. */
enum { ARGS_NOARGS, ARGS_ONE, ARGS_RANGE, ARGS_OLD, ARGS_KW };
int text_parse_args(PhState *S, const char *owner, const char *fname, int style,
                    PhObject *const *args, size_t nargs, PhObject *kwnames,
                    const char *const *kwlist, int min, int max, PhObject **out);

/* ---- StrBuilder: accumulates text, then makes one str ---------------------
 * Usage:  StrBuilder b; sb_init(&b);  sb_append_*(S, &b, ...) ...;
 *         PhObject *s = sb_finish(S, &b);   (or sb_discard(S, &b) on error)
 * Code points are kept as UCS-4 only once a character >= 256 arrives; until
 * then the buffer holds Latin-1 bytes, so ASCII accumulation costs one byte
 * per character. Appends return 0, or -1 with MemoryError set.
 *
 * Like CPython's _PyUnicodeWriter, a builder whose only piece is a whole
 * exact str returns that very object ('%s' % s is s, '{}'.format(s) is s):
 * the first such append keeps a reference instead of copying, and any later
 * append (even of '') copies it into the buffer. A fill of 0 characters is
 * not an append. */
typedef struct StrBuilder {
    PhObject *whole;  /* the only piece so far, held by reference, or NULL */
    void *buf;        /* heap buffer: uint8_t (kind 1) or uint32_t (kind 4) */
    size_t len, cap;  /* in characters */
    uint32_t maxchar;
    int kind;         /* 1 or 4 */
    char inline_buf[128];
} StrBuilder;

void sb_init(StrBuilder *b);
int sb_append_char(PhState *S, StrBuilder *b, uint32_t c);
int sb_append_ascii(PhState *S, StrBuilder *b, const char *p, size_t n);
int sb_append_cstr(PhState *S, StrBuilder *b, const char *p);  /* ASCII/Latin-1 */
int sb_append_utf8(PhState *S, StrBuilder *b, const char *p, size_t n);
int sb_append_str(PhState *S, StrBuilder *b, PhObject *s);     /* a str object */
int sb_append_substr(PhState *S, StrBuilder *b, PhObject *s, ssize_t start, ssize_t end);
int sb_append_repr(PhState *S, StrBuilder *b, PhObject *o);    /* repr(o) */
int sb_append_fill(PhState *S, StrBuilder *b, uint32_t c, size_t count);
/* Makes the str (new reference) and resets b; NULL on MemoryError. */
PhObject *sb_finish(PhState *S, StrBuilder *b);
void sb_discard(PhState *S, StrBuilder *b);

#include <string.h>
static inline PhObject *str_from_cstr(PhState *S, const char *s)
{
    return str_from_utf8(S, s, strlen(s));
}

#endif
