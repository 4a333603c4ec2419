/* str: construction from UTF-8, hashing, singletons and the interning table. */
#include "str.h"

#include "int.h"
#include "vm/errors.h"
#include "vm/state.h"

#include <stddef.h>
#include <string.h>

#define STR_TABLE_DELETED ((PhObject *)(uintptr_t)1)

/* ---- hashing ---------------------------------------------------------------- */

static inline uint64_t rotl64(uint64_t x, int b) { return (x << b) | (x >> (64 - b)); }

#define SIP_ROUND()                                                            \
    do {                                                                       \
        v0 += v1; v1 = rotl64(v1, 13); v1 ^= v0; v0 = rotl64(v0, 32);          \
        v2 += v3; v3 = rotl64(v3, 16); v3 ^= v2;                               \
        v0 += v3; v3 = rotl64(v3, 21); v3 ^= v0;                               \
        v2 += v1; v1 = rotl64(v1, 17); v1 ^= v2; v2 = rotl64(v2, 32);          \
    } while (0)

int64_t hash_bytes(const void *data, size_t len)
{
    if (len == 0) return 0; /* CPython: hash('') == hash(b'') == 0 */
    const uint8_t *p = data;
    uint64_t v0 = 0x736f6d6570736575ULL, v1 = 0x646f72616e646f6dULL;
    uint64_t v2 = 0x6c7967656e657261ULL, v3 = 0x7465646279746573ULL;
    uint64_t b = (uint64_t)len << 56;
    size_t i = 0;
    for (; i + 8 <= len; i += 8) {
        uint64_t m;
        memcpy(&m, p + i, 8); /* little-endian hosts only (x86-64, arm64) */
        v3 ^= m;
        SIP_ROUND();
        v0 ^= m;
    }
    for (size_t k = 0; i + k < len; k++) b |= (uint64_t)p[i + k] << (8 * k);
    v3 ^= b;
    SIP_ROUND();
    v0 ^= b;
    v2 ^= 0xff;
    SIP_ROUND();
    SIP_ROUND();
    SIP_ROUND();
    int64_t h = (int64_t)(v0 ^ v1 ^ v2 ^ v3);
    return h == -1 ? -2 : h;
}

int64_t str_hash(PhObject *o)
{
    PhStr *s = (PhStr *)o;
    if (s->hash == -1) s->hash = hash_bytes(str_data(o), (size_t)s->length * s->state.kind);
    return s->hash;
}

bool str_equal(const PhObject *a, const PhObject *b)
{
    if (a == b) return true;
    const PhStr *x = (const PhStr *)a, *y = (const PhStr *)b;
    if (x->length != y->length || x->state.kind != y->state.kind) return false;
    if (x->hash != -1 && y->hash != -1 && x->hash != y->hash) return false;
    return memcmp(str_data(a), str_data(b), (size_t)x->length * x->state.kind) == 0;
}

/* ---- allocation --------------------------------------------------------------- */

static void str_dealloc(PhState *S, PhObject *o);


static int kind_for(uint32_t maxchar) { return maxchar < 256 ? 1 : maxchar < 65536 ? 2 : 4; }

size_t str_sizeof(const PhObject *o)
{
    const PhStr *s = (const PhStr *)o;
    size_t header = !s->state.compact ? sizeof(PhStrObject)
                  : s->state.ascii    ? sizeof(PhStr) : sizeof(PhStrCompact);
    return header + (size_t)(s->length + 1) * s->state.kind;
}

/* Allocation without raising: str_init runs before the exception types
 * exist, so the singletons are made through this. */
static PhObject *str_alloc_quiet(PhState *S, PhType *type, ssize_t length, uint32_t maxchar)
{
    int kind = kind_for(maxchar);
    bool ascii = maxchar < 128;
    /* Exact strs are compact; a subclass's instances keep its fields
     * (basicsize covers them) before the text. */
    bool compact = type == &S->types.str;
    size_t header = compact ? (ascii ? sizeof(PhStr) : sizeof(PhStrCompact))
                            : (size_t)type->basicsize;
    if (header < sizeof(PhStrObject) && !compact) header = sizeof(PhStrObject);
    if (length < 0 || (size_t)length > (SIZE_MAX / 2 - header) / (size_t)kind - 1) return NULL;
    size_t nbytes = header + (size_t)(length + 1) * kind;
    PhStr *s = (PhStr *)obj_alloc(S, type, nbytes);
    if (!s) return NULL;
    s->length = length;
    s->hash = -1;
    s->state.interned = STR_NOT_INTERNED;
    s->state.kind = (unsigned)kind;
    s->state.compact = compact;
    s->state.ascii = ascii;
    s->state.ready = 1;
    s->reserved_wstr = NULL;
    if (!ascii || !compact) {
        PhStrCompact *c = (PhStrCompact *)s;
        c->utf8_length = 0;
        c->utf8 = NULL;
        c->reserved_wstr_length = 0;
    }
    if (!compact) {
        /* the subclass's slots start out empty; the text follows them */
        memset((char *)s + sizeof(PhStrObject), 0, header - sizeof(PhStrObject));
        ((PhStrObject *)s)->data = (char *)s + header;
    }
    memset((char *)str_data((PhObject *)s) + (size_t)length * kind, 0, (size_t)kind);
    return (PhObject *)s;
}

PhObject *str_alloc_type(PhState *S, PhType *type, ssize_t length, uint32_t maxchar)
{
    PhObject *s = str_alloc_quiet(S, type, length, maxchar);
    if (!s) err_no_memory(S);
    return s;
}

PhObject *str_alloc(PhState *S, ssize_t length, uint32_t maxchar)
{
    return str_alloc_type(S, &S->types.str, length, maxchar);
}

/* Decodes one UTF-8 sequence (the input is valid: the lexer and the codecs
 * check it). */
static uint32_t utf8_next(const uint8_t **pp)
{
    const uint8_t *p = *pp;
    uint32_t c = p[0];
    int extra = c < 0x80 ? 0 : c < 0xE0 ? 1 : c < 0xF0 ? 2 : 3;
    if (extra) c &= 0x3F >> extra;
    for (int i = 1; i <= extra; i++) c = (c << 6) | (p[i] & 0x3F);
    *pp = p + 1 + extra;
    return c;
}

static void utf8_scan(const char *utf8, size_t nbytes, ssize_t *length, uint32_t *maxchar)
{
    const uint8_t *p = (const uint8_t *)utf8, *end = p + nbytes;
    ssize_t n = 0;
    uint32_t max = 0;
    while (p < end) {
        uint32_t c = utf8_next(&p);
        if (c > max) max = c;
        n++;
    }
    *length = n;
    *maxchar = max;
}

static void utf8_fill(PhObject *s, const char *utf8, size_t nbytes)
{
    const uint8_t *p = (const uint8_t *)utf8, *end = p + nbytes;
    void *d = str_data(s);
    int kind = str_kind(s);
    for (ssize_t i = 0; p < end; i++) {
        uint32_t c = utf8_next(&p);
        if (kind == 1) ((uint8_t *)d)[i] = (uint8_t)c;
        else if (kind == 2) ((uint16_t *)d)[i] = (uint16_t)c;
        else ((uint32_t *)d)[i] = c;
    }
}

PhObject *str_from_utf8_fresh(PhState *S, const char *utf8, size_t nbytes)
{
    size_t i = 0;
    while (i < nbytes && (uint8_t)utf8[i] < 0x80) i++;
    if (i == nbytes) { /* ASCII: one copy */
        PhObject *s = str_alloc(S, (ssize_t)nbytes, 0);
        if (s) memcpy(str_data(s), utf8, nbytes);
        return s;
    }
    ssize_t length;
    uint32_t maxchar;
    utf8_scan(utf8, nbytes, &length, &maxchar);
    PhObject *s = str_alloc(S, length, maxchar);
    if (s) utf8_fill(s, utf8, nbytes);
    return s;
}

PhObject *str_from_utf8(PhState *S, const char *utf8, size_t nbytes)
{
    PhObject *single = NULL;
    if (nbytes == 0) {
        single = S->empty_str;
    } else if (nbytes <= 2) {
        const uint8_t *p = (const uint8_t *)utf8;
        uint32_t c = utf8_next(&p);
        if ((size_t)(p - (const uint8_t *)utf8) == nbytes && c < 256) single = S->latin1[c];
    }
    if (single) {
        obj_incref(single);
        return single;
    }
    return str_from_utf8_fresh(S, utf8, nbytes);
}

bool str_is_identifier_like(const PhObject *o)
{
    if (!((const PhStr *)o)->state.ascii) return false;
    const uint8_t *d = str_data(o);
    for (ssize_t i = 0; i < str_len(o); i++) {
        uint8_t c = d[i];
        if (!(c == '_' || (c >= '0' && c <= '9') || ((c | 0x20) >= 'a' && (c | 0x20) <= 'z')))
            return false;
    }
    return true;
}

/* ---- the interning table ----------------------------------------------------- */

static size_t table_probe(const StrTable *t, PhObject *key, int64_t h, bool *found)
{
    size_t mask = t->capacity - 1, i = (size_t)h & mask, tomb = SIZE_MAX;
    for (size_t perturb = (size_t)h;; perturb >>= 5) {
        PhObject *e = t->slots[i];
        if (!e) {
            *found = false;
            return tomb != SIZE_MAX ? tomb : i;
        }
        if (e == STR_TABLE_DELETED) {
            if (tomb == SIZE_MAX) tomb = i;
        } else if (str_equal(e, key)) {
            *found = true;
            return i;
        }
        i = (i * 5 + 1 + perturb) & mask;
    }
}

static int table_grow(PhState *S, StrTable *t)
{
    size_t newcap = t->capacity ? t->capacity * 2 : 64;
    while (t->used * 3 >= newcap * 2) newcap *= 2;
    PhObject **old = t->slots;
    size_t oldcap = t->capacity;
    PhObject **slots = heap_calloc(mem_of(S)->heap, newcap * sizeof *slots);
    if (!slots) return -1;
    t->slots = slots;
    t->capacity = newcap;
    t->filled = t->used;
    for (size_t i = 0; i < oldcap; i++) {
        PhObject *e = old[i];
        if (!e || e == STR_TABLE_DELETED) continue;
        bool found;
        t->slots[table_probe(t, e, str_hash(e), &found)] = e;
    }
    heap_free(mem_of(S)->heap, old);
    return 0;
}

int str_intern_in_place(PhState *S, PhObject **p)
{
    PhObject *s = *p;
    if (((PhStr *)s)->state.interned) return 0;
    StrTable *t = &S->interned;
    if ((t->filled + 1) * 3 >= t->capacity * 2 && table_grow(S, t) < 0) return -1;
    bool found;
    size_t i = table_probe(t, s, str_hash(s), &found);
    if (found) {
        obj_incref(t->slots[i]);
        *p = t->slots[i];
        obj_decref(S, s);
        return 0;
    }
    if (t->slots[i] == NULL) t->filled++;
    t->slots[i] = s;
    t->used++;
    ((PhStr *)s)->state.interned = STR_INTERNED_MORTAL;
    return 0;
}

PhObject *str_interned_lookup(PhState *S, const char *utf8, size_t nbytes)
{
    StrTable *t = &S->interned;
    if (!t->capacity) return NULL;
    PhObject *probe = str_from_utf8_fresh(S, utf8, nbytes);
    if (!probe) return NULL;
    bool found;
    size_t i = table_probe(t, probe, str_hash(probe), &found);
    obj_decref(S, probe);
    return found ? t->slots[i] : NULL;
}

static void table_remove(StrTable *t, PhObject *s)
{
    bool found;
    size_t i = table_probe(t, s, str_hash(s), &found);
    if (found && t->slots[i] == s) {
        t->slots[i] = STR_TABLE_DELETED;
        t->used--;
    }
}

/* Frees the UTF-8 cache str_as_utf8 may have attached to a non-ASCII string. */
static void str_free_utf8_cache(PhState *S, PhObject *o)
{
    if (((PhStr *)o)->state.ascii && ((PhStr *)o)->state.compact) return;
    PhStrCompact *c = (PhStrCompact *)o;
    if (c->utf8) {
        heap_free(mem_of(S)->heap, c->utf8);
        c->utf8 = NULL;
        c->utf8_length = 0;
    }
}

static void str_dealloc(PhState *S, PhObject *o)
{
    if (((PhStr *)o)->state.interned == STR_INTERNED_MORTAL) table_remove(&S->interned, o);
    str_free_utf8_cache(S, o);
    obj_free(S, o);
}

/* ---- singletons ---------------------------------------------------------------- */

static PhObject *str_static(PhState *S, ssize_t length, uint32_t c)
{
    PhObject *s = str_alloc_quiet(S, &S->types.str, length, c);
    if (!s) return NULL;
    if (length) {
        if (str_kind(s) == 1) ((uint8_t *)str_data(s))[0] = (uint8_t)c;
    }
    s->refcnt = OBJ_STATIC_REFCNT;
    return s;
}

int str_init(PhState *S)
{
    S->empty_str = str_static(S, 0, 0);
    if (!S->empty_str) return -1;
    for (uint32_t c = 0; c < 256; c++) {
        S->latin1[c] = str_static(S, 1, c);
        if (!S->latin1[c]) return -1;
    }
    return 0;
}

void str_fini(PhState *S)
{
    for (int c = 0; c < 256; c++) {
        if (!S->latin1[c]) continue;
        str_free_utf8_cache(S, S->latin1[c]);
        obj_free(S, S->latin1[c]);
        S->latin1[c] = NULL;
    }
    if (S->empty_str) obj_free(S, S->empty_str), S->empty_str = NULL;
    heap_free(mem_of(S)->heap, S->interned.slots);
    memset(&S->interned, 0, sizeof S->interned);
}

/* ================================================================================
 * Everything below is the text engineer's: character properties, building
 * strings, the UTF-8 view, repr, the type's slots, the iterator and str().
 * The methods (split, find, ...) live in strmethods.c.
 * ============================================================================== */

#include "abstract.h"
#include "bytes.h"
#include "format.h"
#include "slice.h"
#include "tuple.h"
#include "typeobject.h"
#include "str_impl.h"
#include "unicode_tables.h"

#include <stdio.h>

/* ---- character properties ------------------------------------------------------ */

static bool in_ranges(const UniRange *r, size_t n, uint32_t c)
{
    size_t lo = 0, hi = n;
    while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        if (c < r[mid].lo) hi = mid;
        else if (c > r[mid].hi) lo = mid + 1;
        else return true;
    }
    return false;
}
#define IN_TABLE(t, c) in_ranges((t), sizeof(t) / sizeof((t)[0]), (c))

bool uni_isspace(uint32_t c)
{
    if (c < 128) return c == ' ' || (c >= 9 && c <= 13) || (c >= 28 && c <= 31);
    return IN_TABLE(uni_space, c);
}
bool uni_isalpha(uint32_t c)
{
    if (c < 128) return ((c | 0x20) >= 'a' && (c | 0x20) <= 'z');
    return IN_TABLE(uni_alpha, c);
}
bool uni_isdecimal(uint32_t c)
{
    if (c < 128) return c >= '0' && c <= '9';
    return IN_TABLE(uni_decimal, c);
}
bool uni_isdigit(uint32_t c)
{
    if (c < 128) return c >= '0' && c <= '9';
    return IN_TABLE(uni_digit, c);
}
bool uni_isnumeric(uint32_t c)
{
    if (c < 128) return c >= '0' && c <= '9';
    return IN_TABLE(uni_numeric, c);
}
bool uni_isprintable(uint32_t c)
{
    if (c < 128) return c >= 0x20 && c < 0x7f;
    return !IN_TABLE(uni_nonprintable, c);
}
bool uni_islower(uint32_t c)
{
    if (c < 128) return c >= 'a' && c <= 'z';
    return IN_TABLE(uni_lower, c);
}
bool uni_isupper(uint32_t c)
{
    if (c < 128) return c >= 'A' && c <= 'Z';
    return IN_TABLE(uni_upper, c);
}
bool uni_istitle(uint32_t c) { return c >= 128 && IN_TABLE(uni_titlecase, c); }
bool uni_iscased(uint32_t c)
{
    if (c < 128) return ((c | 0x20) >= 'a' && (c | 0x20) <= 'z');
    return IN_TABLE(uni_cased, c);
}
bool uni_isidstart(uint32_t c)
{
    if (c < 128) return c == '_' || ((c | 0x20) >= 'a' && (c | 0x20) <= 'z');
    return IN_TABLE(uni_xid_start, c);
}
bool uni_isidcontinue(uint32_t c)
{
    if (c < 128) return c == '_' || (c >= '0' && c <= '9') || ((c | 0x20) >= 'a' && (c | 0x20) <= 'z');
    return IN_TABLE(uni_xid_continue, c);
}
bool uni_islinebreak(uint32_t c)
{
    if (c < 128) return c == '\n' || c == '\r' || (c >= 0x0b && c <= 0x0c) || (c >= 0x1c && c <= 0x1e);
    return IN_TABLE(uni_linebreak, c);
}
bool str_uni_case_ignorable(uint32_t c) { return IN_TABLE(uni_case_ignorable, c); }

int uni_decimal_value(uint32_t c)
{
    if (c < 128) return c >= '0' && c <= '9' ? (int)(c - '0') : -1;
    const UniRange *r = uni_decimal;
    size_t lo = 0, hi = sizeof uni_decimal / sizeof uni_decimal[0];
    while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        if (c < r[mid].lo) hi = mid;
        else if (c > r[mid].hi) lo = mid + 1;
        else return (int)((c - r[mid].lo) % 10); /* runs are whole blocks 0..9 */
    }
    return -1;
}

/* Simple (one-to-one) case mapping through a table of runs. */
static uint32_t case_map_runs(const UniCaseRun *runs, size_t n, uint32_t c)
{
    size_t lo = 0, hi = n;
    while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        if (c < runs[mid].lo) hi = mid;
        else if (c > runs[mid].hi) lo = mid + 1;
        else {
            if ((c - runs[mid].lo) % runs[mid].stride) return c;
            return (uint32_t)((int64_t)c + runs[mid].delta);
        }
    }
    return c;
}

static const UniSpecialCase *case_special(uint32_t c)
{
    size_t lo = 0, hi = sizeof uni_special / sizeof uni_special[0];
    while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        if (c < uni_special[mid].c) hi = mid;
        else if (c > uni_special[mid].c) lo = mid + 1;
        else return &uni_special[mid];
    }
    return NULL;
}

/* Full case mapping of c into out[0..3); returns the number of code points.
 * which: 'l'ower, 'u'pper, 't'itle, 'f'old. */
int str_uni_case_full(uint32_t c, int which, uint32_t out[3])
{
    if (c < 128) {
        if ((which == 'l' || which == 'f') && c >= 'A' && c <= 'Z') c += 32;
        else if ((which == 'u' || which == 't') && c >= 'a' && c <= 'z') c -= 32;
        out[0] = c;
        return 1;
    }
    const UniSpecialCase *sp = c >= 0xDF ? case_special(c) : NULL;
    if (sp) {
        const uint32_t *m = which == 'l' ? sp->lower : which == 'u' ? sp->upper
                          : which == 't' ? sp->title : sp->fold;
        int n = 0;
        while (n < 3 && m[n]) out[n] = m[n], n++;
        return n;
    }
#define RUNS(t) case_map_runs((t), sizeof(t) / sizeof((t)[0]), c)
    switch (which) {
    case 'l': out[0] = RUNS(uni_lower_runs); break;
    case 'u': out[0] = RUNS(uni_upper_runs); break;
    case 't': out[0] = RUNS(uni_title_runs); break;
    default: out[0] = RUNS(uni_fold_runs); break;
    }
#undef RUNS
    return 1;
}

/* ---- reading and copying code units --------------------------------------------- */

uint32_t str_max_char_of(int kind, const void *d, ssize_t start, ssize_t end)
{
    uint32_t m = 0;
    if (kind == 1) {
        const uint8_t *p = d;
        for (ssize_t i = start; i < end; i++) m |= p[i];
        return m; /* an OR has the same top bit as the maximum: enough for kind_for */
    }
    for (ssize_t i = start; i < end; i++) {
        uint32_t c = kread(kind, d, i);
        if (c > m) m = c;
    }
    return m;
}

/* Copies n code points between buffers of any kinds (values must fit). */
void str_copy_chars(void *dst, int dkind, ssize_t doff, const void *src, int skind,
                       ssize_t soff, ssize_t n)
{
    if (n <= 0) return;
    if (dkind == skind) {
        memcpy((char *)dst + doff * dkind, (const char *)src + soff * skind, (size_t)n * dkind);
        return;
    }
    for (ssize_t i = 0; i < n; i++) kwrite(dkind, dst, doff + i, kread(skind, src, soff + i));
}

/* Python str objects are canonical: a string's kind is the narrowest one
 * for its largest character, and `ascii` is set exactly when every
 * character is < 128. So these bounds are exact categories. */
uint32_t str_max_bound(const PhObject *s)
{
    if (((const PhStr *)s)->state.ascii) return 127;
    switch (str_kind(s)) {
    case 1: return 255;
    case 2: return 0xFFFF;
    default: return 0x10FFFF;
    }
}

bool str_check(const PhObject *o) { return (o->type->flags & TPFLAG_UNICODE_SUBCLASS) != 0; }

PhObject *str_single(PhState *S, uint32_t c)
{
    if (c < 256) {
        PhObject *s = S->latin1[c];
        INCREF(s);
        return s;
    }
    PhObject *s = str_alloc(S, 1, c);
    if (s) kwrite(str_kind(s), str_data(s), 0, c);
    return s;
}

PhObject *str_empty(PhState *S)
{
    INCREF(S->empty_str);
    return S->empty_str;
}

PhObject *str_from_kind(PhState *S, int kind, const void *data, ssize_t n)
{
    if (n <= 0) return str_empty(S);
    uint32_t max = str_max_char_of(kind, data, 0, n);
    if (n == 1) return str_single(S, kread(kind, data, 0));
    PhObject *s = str_alloc(S, n, max);
    if (s) str_copy_chars(str_data(s), str_kind(s), 0, data, kind, 0, n);
    return s;
}

PhObject *str_from_latin1(PhState *S, const char *p, size_t n)
{
    return str_from_kind(S, 1, p, (ssize_t)n);
}

PhObject *str_from_ucs4(PhState *S, const uint32_t *p, size_t n)
{
    return str_from_kind(S, 4, p, (ssize_t)n);
}

PhObject *str_from_codepoint(PhState *S, uint32_t c)
{
    if (c > 0x10FFFF) return err_format(S, &S->exc.ValueError, "chr() arg not in range(0x110000)");
    return str_single(S, c);
}

int64_t str_ord(PhState *S, PhObject *o)
{
    ssize_t n;
    const char *p;
    if (str_check(o)) {
        n = str_len(o);
        if (n == 1) return str_char_at(o, 0);
    } else if (bytes_like_view(o, &p, &n)) {
        if (n == 1) return (uint8_t)p[0];
    } else {
        err_format(S, &S->exc.TypeError, "ord() expected string of length 1, but %s found",
                   o->type->name);
        return -1;
    }
    err_format(S, &S->exc.TypeError,
               "ord() expected a character, but string of length %zd found", n);
    return -1;
}

PhObject *str_substring(PhState *S, PhObject *s, ssize_t start, ssize_t end)
{
    ssize_t len = str_len(s);
    if (start < 0) start = 0;
    if (end > len) end = len;
    if (end <= start) return str_empty(S);
    if (end - start == 1) return str_single(S, str_char_at(s, start));
    if (start == 0 && end == len && s->type == &S->types.str) {
        INCREF(s);
        return s;
    }
    int kind = str_kind(s);
    const void *d = str_data(s);
    uint32_t max = ((PhStr *)s)->state.ascii ? 127 : str_max_char_of(kind, d, start, end);
    PhObject *r = str_alloc(S, end - start, max);
    if (r) str_copy_chars(str_data(r), str_kind(r), 0, d, kind, start, end - start);
    return r;
}

bool str_eq_cstr(const PhObject *s, const char *c)
{
    size_t n = strlen(c);
    if (((const PhStr *)s)->state.ascii) {
        return (size_t)str_len(s) == n && memcmp(str_data(s), c, n) == 0;
    }
    const uint8_t *p = (const uint8_t *)c, *end = p + n;
    ssize_t i = 0, len = str_len(s);
    while (p < end) {
        if (i >= len || utf8_next(&p) != str_char_at(s, i)) return false;
        i++;
    }
    return i == len;
}

int str_compare(const PhObject *a, const PhObject *b)
{
    ssize_t la = str_len(a), lb = str_len(b), n = la < lb ? la : lb;
    int ka = str_kind(a), kb = str_kind(b);
    const void *da = str_data(a), *db = str_data(b);
    if (ka == 1 && kb == 1) {
        int r = memcmp(da, db, (size_t)n);
        if (r) return r < 0 ? -1 : 1;
    } else {
        for (ssize_t i = 0; i < n; i++) {
            uint32_t x = kread(ka, da, i), y = kread(kb, db, i);
            if (x != y) return x < y ? -1 : 1;
        }
    }
    return la < lb ? -1 : la > lb ? 1 : 0;
}

/* ---- StrBuilder ----------------------------------------------------------------- */

static Heap *heap_of(PhState *S) { return mem_of(S)->heap; }

void sb_init(StrBuilder *b)
{
    b->whole = NULL;
    b->buf = b->inline_buf;
    b->len = 0;
    b->cap = sizeof b->inline_buf;
    b->maxchar = 0;
    b->kind = 1;
}

static void sb_release(PhState *S, StrBuilder *b)
{
    if (b->whole) DECREF(S, b->whole);
    if (b->buf != b->inline_buf) heap_free(heap_of(S), b->buf);
    sb_init(b);
}

static int sb_append_copy(PhState *S, StrBuilder *b, PhObject *s, ssize_t start, ssize_t end);

/* A second piece arrives: the held str becomes ordinary buffer content. */
static int sb_unshare(PhState *S, StrBuilder *b)
{
    PhObject *w = b->whole;
    b->whole = NULL;
    int rc = sb_append_copy(S, b, w, 0, str_len(w));
    DECREF(S, w);
    return rc;
}
#define SB_UNSHARE(S, b)                                                                       \
    do {                                                                                       \
        if ((b)->whole && sb_unshare((S), (b)) < 0) return -1;                                 \
    } while (0)

void sb_discard(PhState *S, StrBuilder *b) { sb_release(S, b); }

/* Moves to a buffer of `cap` characters of `kind`, keeping the contents. */
static int sb_realloc(PhState *S, StrBuilder *b, size_t cap, int kind)
{
    if (cap > SIZE_MAX / 8) {
        err_no_memory(S);
        return -1;
    }
    void *nb = heap_alloc(heap_of(S), cap * (size_t)kind);
    if (!nb) {
        err_no_memory(S);
        return -1;
    }
    str_copy_chars(nb, kind, 0, b->buf, b->kind, 0, (ssize_t)b->len);
    if (b->buf != b->inline_buf) heap_free(heap_of(S), b->buf);
    b->buf = nb;
    b->cap = cap;
    b->kind = kind;
    return 0;
}

static int sb_reserve(PhState *S, StrBuilder *b, size_t extra)
{
    if (b->len + extra <= b->cap) return 0;
    size_t cap = b->cap * 2;
    if (cap < b->len + extra) cap = b->len + extra + 16;
    return sb_realloc(S, b, cap, b->kind);
}

/* Before storing characters up to `max`: switch to UCS-4 when needed. */
static int sb_prepare(PhState *S, StrBuilder *b, uint32_t max, size_t extra)
{
    if (max > b->maxchar) b->maxchar = max;
    if (max >= 256 && b->kind == 1) {
        size_t cap = b->len + extra;
        if (cap < b->cap) cap = b->cap;
        return sb_realloc(S, b, cap, 4);
    }
    return sb_reserve(S, b, extra);
}

int sb_append_char(PhState *S, StrBuilder *b, uint32_t c)
{
    SB_UNSHARE(S, b);
    if (b->len >= b->cap || (c >= 256 && b->kind == 1)) {
        if (sb_prepare(S, b, c, 1) < 0) return -1;
    } else if (c > b->maxchar) {
        b->maxchar = c;
    }
    kwrite(b->kind, b->buf, (ssize_t)b->len++, c);
    return 0;
}

int sb_append_ascii(PhState *S, StrBuilder *b, const char *p, size_t n)
{
    SB_UNSHARE(S, b);
    if (sb_prepare(S, b, 127, n) < 0) return -1;
    if (b->kind == 1) memcpy((char *)b->buf + b->len, p, n);
    else str_copy_chars(b->buf, 4, (ssize_t)b->len, p, 1, 0, (ssize_t)n);
    b->len += n;
    return 0;
}

int sb_append_cstr(PhState *S, StrBuilder *b, const char *p)
{
    SB_UNSHARE(S, b);
    size_t n = strlen(p);
    uint32_t max = str_max_char_of(1, p, 0, (ssize_t)n);
    if (sb_prepare(S, b, max, n) < 0) return -1;
    str_copy_chars(b->buf, b->kind, (ssize_t)b->len, p, 1, 0, (ssize_t)n);
    b->len += n;
    return 0;
}

int sb_append_utf8(PhState *S, StrBuilder *b, const char *p, size_t n)
{
    SB_UNSHARE(S, b);
    const uint8_t *q = (const uint8_t *)p, *end = q + n;
    while (q < end) {
        if (*q < 0x80) {
            const uint8_t *run = q;
            while (q < end && *q < 0x80) q++;
            if (sb_append_ascii(S, b, (const char *)run, (size_t)(q - run)) < 0) return -1;
            continue;
        }
        if (sb_append_char(S, b, utf8_next(&q)) < 0) return -1;
    }
    return 0;
}

int sb_append_substr(PhState *S, StrBuilder *b, PhObject *s, ssize_t start, ssize_t end)
{
    SB_UNSHARE(S, b);
    if (b->len == 0 && start <= 0 && end >= str_len(s) && str_len(s) > 0 &&
        s->type == &S->types.str) {
        INCREF(s);
        b->whole = s;
        return 0;
    }
    return sb_append_copy(S, b, s, start, end);
}

static int sb_append_copy(PhState *S, StrBuilder *b, PhObject *s, ssize_t start, ssize_t end)
{
    if (start < 0) start = 0;
    if (end > str_len(s)) end = str_len(s);
    if (end <= start) return 0;
    size_t n = (size_t)(end - start);
    if (sb_prepare(S, b, str_max_bound(s), n) < 0) return -1;
    str_copy_chars(b->buf, b->kind, (ssize_t)b->len, str_data(s), str_kind(s), start, (ssize_t)n);
    b->len += n;
    return 0;
}

int sb_append_str(PhState *S, StrBuilder *b, PhObject *s)
{
    return sb_append_substr(S, b, s, 0, str_len(s));
}

int sb_append_repr(PhState *S, StrBuilder *b, PhObject *o)
{
    PhObject *r = obj_repr(S, o);
    if (!r) return -1;
    int rc = sb_append_str(S, b, r);
    DECREF(S, r);
    return rc;
}

int sb_append_fill(PhState *S, StrBuilder *b, uint32_t c, size_t count)
{
    if (!count) return 0;
    SB_UNSHARE(S, b);
    if (sb_prepare(S, b, c, count) < 0) return -1;
    if (b->kind == 1) memset((char *)b->buf + b->len, (int)c, count);
    else for (size_t i = 0; i < count; i++) ((uint32_t *)b->buf)[b->len + i] = c;
    b->len += count;
    return 0;
}

PhObject *sb_finish(PhState *S, StrBuilder *b)
{
    PhObject *s;
    if (b->whole) {
        s = b->whole; /* the builder's reference becomes the caller's */
        b->whole = NULL;
    } else if (b->len == 0) s = str_empty(S);
    else if (b->len == 1) s = str_single(S, kread(b->kind, b->buf, 0));
    else {
        /* maxchar is exact for characters appended one by one and an exact
         * category bound for appended strings: enough to pick the kind. */
        s = str_alloc(S, (ssize_t)b->len, b->maxchar);
        if (s) str_copy_chars(str_data(s), str_kind(s), 0, b->buf, b->kind, 0, (ssize_t)b->len);
    }
    sb_release(S, b);
    return s;
}

/* ---- UTF-8 ----------------------------------------------------------------------- */

/* Encodes c; lone surrogates get their 3-byte form. Returns bytes written. */
static int utf8_put(uint8_t *o, uint32_t c)
{
    if (c < 0x80) { o[0] = (uint8_t)c; return 1; }
    if (c < 0x800) {
        o[0] = (uint8_t)(0xC0 | (c >> 6));
        o[1] = (uint8_t)(0x80 | (c & 0x3F));
        return 2;
    }
    if (c < 0x10000) {
        o[0] = (uint8_t)(0xE0 | (c >> 12));
        o[1] = (uint8_t)(0x80 | ((c >> 6) & 0x3F));
        o[2] = (uint8_t)(0x80 | (c & 0x3F));
        return 3;
    }
    o[0] = (uint8_t)(0xF0 | (c >> 18));
    o[1] = (uint8_t)(0x80 | ((c >> 12) & 0x3F));
    o[2] = (uint8_t)(0x80 | ((c >> 6) & 0x3F));
    o[3] = (uint8_t)(0x80 | (c & 0x3F));
    return 4;
}

static size_t utf8_size(const PhObject *s)
{
    int kind = str_kind(s);
    const void *d = str_data(s);
    size_t n = 0;
    for (ssize_t i = 0; i < str_len(s); i++) {
        uint32_t c = kread(kind, d, i);
        n += c < 0x80 ? 1 : c < 0x800 ? 2 : c < 0x10000 ? 3 : 4;
    }
    return n;
}

/* Writes the UTF-8 form (surrogates as 3 bytes) to out; returns its size. */
size_t str_utf8_encode_into(const PhObject *s, char *out)
{
    int kind = str_kind(s);
    const void *d = str_data(s);
    uint8_t *o = (uint8_t *)out;
    for (ssize_t i = 0; i < str_len(s); i++) o += utf8_put(o, kread(kind, d, i));
    return (size_t)(o - (uint8_t *)out);
}

const char *str_as_utf8(PhState *S, PhObject *s, size_t *len)
{
    if (((PhStr *)s)->state.ascii) {
        if (len) *len = (size_t)str_len(s);
        return str_data(s);
    }
    PhStrCompact *c = (PhStrCompact *)s;
    if (!c->utf8) {
        size_t n = utf8_size(s);
        char *buf = heap_alloc(heap_of(S), n + 1);
        if (!buf) {
            err_no_memory(S);
            return NULL;
        }
        str_utf8_encode_into(s, buf);
        buf[n] = 0;
        c->utf8 = buf;
        c->utf8_length = (ssize_t)n;
    }
    if (len) *len = (size_t)c->utf8_length;
    return c->utf8;
}

/* ---- str_from_format ---------------------------------------------------------------- */

/* Appends the str made by conv(o) ('R' repr, 'S' str, 'A' ascii). */
static int sb_append_conv(PhState *S, StrBuilder *b, PhObject *o, char conv)
{
    PhObject *r = conv == 'R' ? obj_repr(S, o) : conv == 'A' ? obj_ascii(S, o) : obj_str(S, o);
    if (!r) return -1;
    int rc = str_check(r) ? sb_append_str(S, b, r) : 0;
    DECREF(S, r);
    return rc;
}

/* One numeric or pointer conversion: rebuilds the printf spec and lets
 * snprintf do it. *pp points at the '%'; returns -1 on error. */
static int sb_printf_number(PhState *S, StrBuilder *b, const char **pp, va_list *ap)
{
    const char *p = *pp + 1;
    char spec[24], out[96];
    size_t n = 0;
    spec[n++] = '%';
    while (*p && strchr("-+ #0", *p) && n < 6) spec[n++] = *p++;
    while (*p >= '0' && *p <= '9' && n < 10) spec[n++] = *p++;
    if (*p == '.') {
        spec[n++] = *p++;
        while (*p >= '0' && *p <= '9' && n < 14) spec[n++] = *p++;
    }
    int longs = 0;
    char size = 0;
    while (*p == 'l' && longs < 2) spec[n++] = *p++, longs++;
    if (*p == 'z' || *p == 't') size = *p, spec[n++] = *p++;
    char conv = *p ? *p++ : 'd';
    spec[n++] = conv;
    spec[n] = 0;
    *pp = p;
    int w;
    if (conv == 'p') w = snprintf(out, sizeof out, "%p", va_arg(*ap, void *));
    else if (conv == 'd' || conv == 'i') {
        if (size) w = snprintf(out, sizeof out, spec, va_arg(*ap, ssize_t));
        else if (longs == 2) w = snprintf(out, sizeof out, spec, va_arg(*ap, long long));
        else if (longs == 1) w = snprintf(out, sizeof out, spec, va_arg(*ap, long));
        else w = snprintf(out, sizeof out, spec, va_arg(*ap, int));
    } else if (conv == 'u' || conv == 'x' || conv == 'X' || conv == 'o') {
        if (size) w = snprintf(out, sizeof out, spec, va_arg(*ap, size_t));
        else if (longs == 2) w = snprintf(out, sizeof out, spec, va_arg(*ap, unsigned long long));
        else if (longs == 1) w = snprintf(out, sizeof out, spec, va_arg(*ap, unsigned long));
        else w = snprintf(out, sizeof out, spec, va_arg(*ap, unsigned));
    } else if (conv == 'f' || conv == 'g' || conv == 'e') {
        w = snprintf(out, sizeof out, spec, va_arg(*ap, double));
    } else {
        w = snprintf(out, sizeof out, "%%%c", conv);
    }
    if (w < 0) w = 0;
    if ((size_t)w >= sizeof out) w = sizeof out - 1;
    return sb_append_ascii(S, b, out, (size_t)w);
}

PhObject *str_from_vformat(PhState *S, const char *fmt, va_list ap_in)
{
    StrBuilder b;
    sb_init(&b);
    va_list ap;
    va_copy(ap, ap_in);
    const char *p = fmt;
    while (*p) {
        if (*p != '%') {
            const char *run = p;
            while (*p && *p != '%') p++;
            if (sb_append_utf8(S, &b, run, (size_t)(p - run)) < 0) goto fail;
            continue;
        }
        /* %.Ns: a C string limited to N code points. */
        ssize_t prec = -1;
        const char *q = p + 1;
        if (*q == '.' && q[1] >= '0' && q[1] <= '9') {
            prec = 0;
            for (q++; *q >= '0' && *q <= '9'; q++) prec = prec * 10 + (*q - '0');
        }
        char c = *q;
        int rc = 0;
        if (c == '%') {
            rc = sb_append_char(S, &b, '%');
            p = q + 1;
        } else if (c == 's') {
            const char *s = va_arg(ap, const char *);
            if (!s) s = "(null)";
            size_t n = strlen(s);
            if (prec >= 0) {
                const uint8_t *u = (const uint8_t *)s, *end = u + n;
                for (ssize_t k = 0; k < prec && u < end; k++) utf8_next(&u);
                n = (size_t)((const char *)u - s);
            }
            rc = sb_append_utf8(S, &b, s, n);
            p = q + 1;
        } else if (c == 'c') {
            rc = sb_append_char(S, &b, (uint32_t)va_arg(ap, int));
            p = q + 1;
        } else if (c == 'U') {
            PhObject *o = va_arg(ap, PhObject *);
            rc = o ? sb_append_str(S, &b, o) : sb_append_ascii(S, &b, "(null)", 6);
            p = q + 1;
        } else if (c == 'R' || c == 'S' || c == 'A') {
            rc = sb_append_conv(S, &b, va_arg(ap, PhObject *), c);
            p = q + 1;
        } else if (c == 'T') {
            PhObject *o = va_arg(ap, PhObject *);
            rc = sb_append_utf8(S, &b, o->type->name, strlen(o->type->name));
            p = q + 1;
        } else {
            rc = sb_printf_number(S, &b, &p, &ap);
        }
        if (rc < 0) goto fail;
    }
    va_end(ap);
    return sb_finish(S, &b);
fail:
    va_end(ap);
    sb_discard(S, &b);
    return NULL;
}

PhObject *str_from_format(PhState *S, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    PhObject *r = str_from_vformat(S, fmt, ap);
    va_end(ap);
    return r;
}

/* ---- repr --------------------------------------------------------------------------- */

static const char hexdigits[] = "0123456789abcdef";

/* Appends c escaped as Python's repr does; quote is the chosen quote. */
static int repr_char(PhState *S, StrBuilder *b, uint32_t c, uint32_t quote)
{
    char e[12];
    size_t n = 0;
    if (c == quote || c == '\\') {
        e[n++] = '\\';
        e[n++] = (char)c;
    } else if (c == '\t') {
        e[n++] = '\\', e[n++] = 't';
    } else if (c == '\n') {
        e[n++] = '\\', e[n++] = 'n';
    } else if (c == '\r') {
        e[n++] = '\\', e[n++] = 'r';
    } else if (c < 0x7F && c >= 0x20) {
        return sb_append_char(S, b, c);
    } else if (c >= 0x7F && uni_isprintable(c)) {
        return sb_append_char(S, b, c);
    } else {
        int digits = c <= 0xFF ? 2 : c <= 0xFFFF ? 4 : 8;
        e[n++] = '\\';
        e[n++] = digits == 2 ? 'x' : digits == 4 ? 'u' : 'U';
        for (int k = digits - 1; k >= 0; k--) e[n++] = hexdigits[(c >> (4 * k)) & 0xF];
    }
    return sb_append_ascii(S, b, e, n);
}

PhObject *str_repr(PhState *S, PhObject *s)
{
    ssize_t len = str_len(s);
    int kind = str_kind(s);
    const void *d = str_data(s);
    bool has_single = false, has_double = false;
    for (ssize_t i = 0; i < len; i++) {
        uint32_t c = kread(kind, d, i);
        if (c == '\'') has_single = true;
        else if (c == '"') has_double = true;
    }
    uint32_t quote = has_single && !has_double ? '"' : '\'';
    StrBuilder b;
    sb_init(&b);
    if (sb_append_char(S, &b, quote) < 0) goto fail;
    for (ssize_t i = 0; i < len; i++)
        if (repr_char(S, &b, kread(kind, d, i), quote) < 0) goto fail;
    if (sb_append_char(S, &b, quote) < 0) goto fail;
    return sb_finish(S, &b);
fail:
    sb_discard(S, &b);
    return NULL;
}

/* ---- argument checking ---------------------------------------------------------------- */

static const char *plural(long n) { return n == 1 ? "" : "s"; }

static int kw_index(const char *const *kwlist, int max, PhObject *name)
{
    for (int i = 0; i < max && kwlist[i]; i++)
        if (str_eq_cstr(name, kwlist[i])) return i;
    return -1;
}

static int check_arg_count(PhState *S, const char *owner, const char *fname, int style,
                           size_t nargs, int min, int max)
{
    switch (style) {
    case ARGS_NOARGS:
        if (nargs == 0) return 0;
        err_format(S, &S->exc.TypeError, "%s.%s() takes no arguments (%zu given)", owner, fname,
                   nargs);
        return -1;
    case ARGS_ONE:
        if (nargs == 1) return 0;
        err_format(S, &S->exc.TypeError, "%s.%s() takes exactly one argument (%zu given)",
                   owner, fname, nargs);
        return -1;
    case ARGS_RANGE: { /* _PyArg_CheckPositional's wording */
        if (nargs >= (size_t)min && nargs <= (size_t)max) return 0;
        int lim = nargs < (size_t)min ? min : max;
        err_format(S, &S->exc.TypeError, "%s expected %s%d argument%s, got %zu", fname,
                   min == max ? "" : nargs < (size_t)min ? "at least " : "at most ", lim,
                   plural(lim), nargs);
        return -1;
    }
    default:
        if (nargs > (size_t)max) {
            err_format(S, &S->exc.TypeError, "%s() takes %s %d argument%s (%zu given)", fname,
                       min == max ? "exactly" : "at most", max, plural(max), nargs);
            return -1;
        }
        return 0;
    }
}

int text_parse_args(PhState *S, const char *owner, const char *fname, int style,
                    PhObject *const *args, size_t nargs, PhObject *kwnames,
                    const char *const *kwlist, int min, int max, PhObject **out)
{
    size_t nkw = kwnames ? (size_t)TUPLE_LEN(kwnames) : 0;
    for (int i = 0; i < max; i++) out[i] = NULL;
    if (nkw && !kwlist) {
        if (style == ARGS_OLD)
            err_format(S, &S->exc.TypeError, "%s() takes no keyword arguments", fname);
        else
            err_format(S, &S->exc.TypeError, "%s.%s() takes no keyword arguments", owner, fname);
        return -1;
    }
    if (check_arg_count(S, owner, fname, style, nargs, min, max) < 0) return -1;
    for (size_t i = 0; i < nargs && i < (size_t)max; i++) out[i] = args[i];
    for (size_t k = 0; k < nkw; k++) {
        PhObject *name = TUPLE_GET(kwnames, k);
        int i = kw_index(kwlist, max, name);
        if (i < 0) {
            err_format(S, &S->exc.TypeError, "'%U' is an invalid keyword argument for %s()", name,
                       fname);
            return -1;
        }
        if ((size_t)i < nargs) {
            err_format(S, &S->exc.TypeError,
                       "argument for %s() given by name ('%s') and position (%d)", fname,
                       kwlist[i], i + 1);
            return -1;
        }
        out[i] = args[nargs + k];
    }
    for (int i = 0; i < min; i++) {
        if (out[i]) continue;
        if (style == ARGS_KW && kwlist && kwlist[i][0])
            err_format(S, &S->exc.TypeError, "%s() missing required argument '%s' (pos %d)",
                       fname, kwlist[i], i + 1);
        else
            err_format(S, &S->exc.TypeError, "%s() takes %s %d argument%s (%zu given)", fname,
                       min == max ? "exactly" : "at least", min, plural(min), nargs + nkw);
        return -1;
    }
    return 0;
}

bool text_is_index(const PhObject *o)
{
    return o->type->as_number && o->type->as_number->index;
}

ssize_t text_as_index(PhState *S, PhObject *o)
{
    if (!text_is_index(o)) {
        err_format(S, &S->exc.TypeError, "'%s' object cannot be interpreted as an integer",
                   o->type->name);
        return -1;
    }
    return num_as_ssize(S, o, false);
}

/* One bound of str.find & co: None, or an index clamped as slices are. */
static int parse_bound(PhState *S, PhObject *o, ssize_t len, ssize_t *out)
{
    if (!o || o == PH_NONE(S)) return 0;
    if (!text_is_index(o)) {
        err_format(S, &S->exc.TypeError,
                   "slice indices must be integers or None or have an __index__ method");
        return -1;
    }
    ssize_t v = num_as_ssize(S, o, true);
    if (v == -1 && err_occurred(S)) return -1;
    if (v < 0) {
        v += len;
        if (v < 0) v = 0;
    }
    *out = v;
    return 0;
}

int text_parse_bounds(PhState *S, PhObject *start_o, PhObject *end_o, ssize_t len,
                      ssize_t *start, ssize_t *end)
{
    *start = 0;
    *end = len;
    if (parse_bound(S, start_o, len, start) < 0 || parse_bound(S, end_o, len, end) < 0) return -1;
    if (*end > len) *end = len;
    return 0;
}

/* ---- searching ------------------------------------------------------------------------- */

ssize_t text_find_bytes(const char *h, ssize_t hlen, const char *n, ssize_t nlen, int dir)
{
    if (nlen > hlen) return -1;
    if (nlen == 0) return dir > 0 ? 0 : hlen;
    if (dir > 0) {
        const char *p = memmem(h, (size_t)hlen, n, (size_t)nlen);
        return p ? p - h : -1;
    }
    for (ssize_t i = hlen - nlen; i >= 0; i--)
        if (h[i] == n[0] && memcmp(h + i, n, (size_t)nlen) == 0) return i;
    return -1;
}

ssize_t text_count_bytes(const char *h, ssize_t hlen, const char *n, ssize_t nlen,
                         ssize_t maxcount)
{
    if (nlen == 0) return hlen + 1 < maxcount ? hlen + 1 : maxcount;
    ssize_t count = 0, i = 0;
    while (count < maxcount) {
        ssize_t j = text_find_bytes(h + i, hlen - i, n, nlen, 1);
        if (j < 0) break;
        count++;
        i += j + nlen;
    }
    return count;
}

/* Does sub occur in s at position i? (mixed kinds) */
static bool match_at(int sk, const void *sd, ssize_t i, int nk, const void *nd, ssize_t n)
{
    for (ssize_t j = 0; j < n; j++)
        if (kread(sk, sd, i + j) != kread(nk, nd, j)) return false;
    return true;
}

ssize_t str_find_in(const PhObject *s, ssize_t start, ssize_t end, const PhObject *sub, int dir)
{
    ssize_t n = str_len(sub);
    if (start > end || end - start < n) return -1;
    if (n == 0) return dir > 0 ? start : end;
    if (str_kind(sub) > str_kind(s)) return -1; /* sub holds a character s cannot */
    int sk = str_kind(s), nk = str_kind(sub);
    const void *sd = str_data(s), *nd = str_data(sub);
    if (sk == 1 && nk == 1) {
        ssize_t r = text_find_bytes((const char *)sd + start, end - start, nd, n, dir);
        return r < 0 ? -1 : r + start;
    }
    uint32_t first = kread(nk, nd, 0);
    if (dir > 0) {
        for (ssize_t i = start; i <= end - n; i++)
            if (kread(sk, sd, i) == first && match_at(sk, sd, i, nk, nd, n)) return i;
    } else {
        for (ssize_t i = end - n; i >= start; i--)
            if (kread(sk, sd, i) == first && match_at(sk, sd, i, nk, nd, n)) return i;
    }
    return -1;
}

ssize_t str_count_in(const PhObject *s, ssize_t start, ssize_t end, const PhObject *sub,
                     ssize_t maxcount)
{
    if (start > end) return 0;
    ssize_t n = str_len(sub);
    if (n == 0) return end - start + 1 < maxcount ? end - start + 1 : maxcount;
    ssize_t count = 0;
    while (count < maxcount) {
        ssize_t i = str_find_in(s, start, end, sub, 1);
        if (i < 0) break;
        count++;
        start = i + n;
    }
    return count;
}

/* ---- the type's slots --------------------------------------------------------------------- */

static PhObject *str_str_slot(PhState *S, PhObject *s)
{
    if (s->type == &S->types.str) {
        INCREF(s);
        return s;
    }
    /* A subclass instance: str() of it is an exact str with the same text. */
    return str_from_kind(S, str_kind(s), str_data(s), str_len(s));
}

static int64_t str_hash_slot(PhState *S, PhObject *s) { return str_hash(s); }

static PhObject *str_richcompare(PhState *S, PhObject *a, PhObject *b, int op)
{
    if (!str_check(a) || !str_check(b)) {
        INCREF(PH_NOTIMPL(S));
        return PH_NOTIMPL(S);
    }
    if (op == CMP_EQ || op == CMP_NE) return ph_bool(S, str_equal(a, b) == (op == CMP_EQ));
    int c = a == b ? 0 : str_compare(a, b);
    bool r;
    switch (op) {
    case CMP_LT: r = c < 0; break;
    case CMP_LE: r = c <= 0; break;
    case CMP_GT: r = c > 0; break;
    default: r = c >= 0; break;
    }
    return ph_bool(S, r);
}

PhObject *str_concat(PhState *S, PhObject *a, PhObject *b)
{
    if (!str_check(a)) {
        return err_format(S, &S->exc.TypeError, "can only concatenate str (not \"%s\") to str",
                          a->type->name);
    }
    if (!str_check(b)) {
        return err_format(S, &S->exc.TypeError, "can only concatenate str (not \"%s\") to str",
                          b->type->name);
    }
    ssize_t la = str_len(a), lb = str_len(b);
    if (lb == 0 && a->type == &S->types.str) return INCREF(a), a;
    if (la == 0 && b->type == &S->types.str) return INCREF(b), b;
    if (la > PTRDIFF_MAX / 4 - lb) {
        return err_format(S, &S->exc.OverflowError, "strings are too large to concat");
    }
    uint32_t ma = str_max_bound(a), mb = str_max_bound(b);
    PhObject *r = str_alloc(S, la + lb, ma > mb ? ma : mb);
    if (!r) return NULL;
    int rk = str_kind(r);
    str_copy_chars(str_data(r), rk, 0, str_data(a), str_kind(a), 0, la);
    str_copy_chars(str_data(r), rk, la, str_data(b), str_kind(b), 0, lb);
    return r;
}

/* May s + t be written into s itself (CPython's unicode_modifiable plus
 * PyUnicode_Append's conditions)? s must be an exact str nobody else can
 * see: its only reference is the caller's, its hash was never computed (it
 * is no dict key), it is not interned (nor a singleton: those are static).
 * t must fit s's kind without changing s's header: no wider kind, and no
 * non-ASCII text after ASCII (the compact header is bigger). */
static bool str_can_grow(PhState *S, const PhObject *s, const PhObject *t)
{
    const PhStr *a = (const PhStr *)s, *b = (const PhStr *)t;
    return s->refcnt == 1 && s->type == &S->types.str && t->type == &S->types.str &&
           a->hash == -1 && a->state.interned == STR_NOT_INTERNED && b->length > 0 &&
           b->state.kind <= a->state.kind && !(a->state.ascii && !b->state.ascii) &&
           /* inspectors follow objects by address; a moving block would
            * escape them (see obj_resize) */
           mem_of(S)->hook == NULL;
}

int str_append_inplace(PhState *S, PhObject **ps, PhObject *t)
{
    PhObject *s = *ps;
    if (!str_can_grow(S, s, t)) {
        PhObject *r = str_concat(S, s, t);
        DECREF(S, s);
        *ps = r;
        return r ? 0 : -1;
    }
    ssize_t ls = str_len(s), lt = str_len(t);
    int kind = str_kind(s);
    size_t header = ((PhStr *)s)->state.ascii ? sizeof(PhStr) : sizeof(PhStrCompact);
    if (ls > (PTRDIFF_MAX - (ssize_t)header) / kind - 1 - lt) {
        DECREF(S, s);
        *ps = NULL;
        err_format(S, &S->exc.OverflowError, "strings are too large to concat");
        return -1;
    }
    /* The UTF-8 view would be stale: drop it before the block moves. */
    str_free_utf8_cache(S, s);
    PhObject *r = obj_resize(S, s, header + (size_t)(ls + lt + 1) * (size_t)kind);
    if (!r) {
        DECREF(S, s);
        *ps = NULL;
        err_no_memory(S);
        return -1;
    }
    ((PhStr *)r)->length = ls + lt;
    str_copy_chars(str_data(r), kind, ls, str_data(t), str_kind(t), 0, lt);
    kwrite(kind, str_data(r), ls + lt, 0);
    *ps = r;
    return 0;
}

static PhObject *str_repeat(PhState *S, PhObject *s, ssize_t n)
{
    ssize_t len = str_len(s);
    if (n <= 0 || len == 0) return str_empty(S);
    if (n == 1 && s->type == &S->types.str) return INCREF(s), s;
    if (len > PTRDIFF_MAX / 4 / n) {
        return err_format(S, &S->exc.OverflowError, "repeated string is too long");
    }
    PhObject *r = str_alloc(S, len * n, str_max_bound(s));
    if (!r) return NULL;
    size_t unit = (size_t)len * str_kind(s), total = unit * (size_t)n;
    char *d = str_data(r);
    memcpy(d, str_data(s), unit);
    /* Double the filled prefix until done: log2(n) memcpy calls. */
    for (size_t done = unit; done < total;) {
        size_t k = done < total - done ? done : total - done;
        memcpy(d + done, d, k);
        done += k;
    }
    return r;
}

static ssize_t str_len_slot(PhState *S, PhObject *s) { return str_len(s); }

static PhObject *str_item(PhState *S, PhObject *s, ssize_t i)
{
    if (i < 0 || i >= str_len(s)) return err_format(S, &S->exc.IndexError, "string index out of range");
    return str_single(S, str_char_at(s, i));
}

static int str_contains(PhState *S, PhObject *s, PhObject *sub)
{
    if (!str_check(sub)) {
        err_format(S, &S->exc.TypeError, "'in <string>' requires string as left operand, not %s",
                   sub->type->name);
        return -1;
    }
    return str_find_in(s, 0, str_len(s), sub, 1) >= 0;
}

static PhObject *str_slice(PhState *S, PhObject *s, PhObject *slice)
{
    ssize_t start, stop, step, n;
    if (slice_unpack_indices(S, slice, str_len(s), &start, &stop, &step, &n) < 0) return NULL;
    if (step == 1) return str_substring(S, s, start, start + n);
    if (n <= 0) return str_empty(S);
    int kind = str_kind(s);
    const void *d = str_data(s);
    uint32_t max = 0;
    for (ssize_t i = 0, j = start; i < n; i++, j += step) {
        uint32_t c = kread(kind, d, j);
        if (c > max) max = c;
    }
    if (n == 1) return str_single(S, max);
    PhObject *r = str_alloc(S, n, max);
    if (!r) return NULL;
    int rk = str_kind(r);
    void *rd = str_data(r);
    for (ssize_t i = 0, j = start; i < n; i++, j += step) kwrite(rk, rd, i, kread(kind, d, j));
    return r;
}

static PhObject *str_subscript(PhState *S, PhObject *s, PhObject *key)
{
    if (text_is_index(key)) {
        ssize_t i = num_as_ssize(S, key, false);
        if (i == -1 && err_occurred(S)) {
            if (!err_matches(S, (PhObject *)&S->exc.OverflowError)) return NULL;
            err_clear(S);
            return err_format(S, &S->exc.IndexError,
                              "cannot fit '%s' into an index-sized integer", key->type->name);
        }
        if (i < 0) i += str_len(s);
        return str_item(S, s, i);
    }
    if (key->type == &S->types.slice) return str_slice(S, s, key);
    return err_format(S, &S->exc.TypeError, "string indices must be integers, not '%s'",
                      key->type->name);
}

static PhObject *str_mod(PhState *S, PhObject *a, PhObject *b)
{
    if (!str_check(a)) {
        INCREF(PH_NOTIMPL(S));
        return PH_NOTIMPL(S);
    }
    return format_percent(S, a, b);
}

/* ---- iterator ------------------------------------------------------------------------------ */

/* CPython's unicodeiterobject: 32 bytes + GC head (getsizeof == 48). 3.11
 * has two iterator types sharing it: str_ascii_iterator for compact ASCII
 * strings and str_iterator for the rest (instances of str subclasses are
 * never compact, so they get str_iterator even when ASCII). Both behave the
 * same here. */
typedef struct PhStrIter {
    PhObject ob;
    ssize_t index;
    PhObject *seq; /* NULL once exhausted */
} PhStrIter;

static PhObject *str_iter(PhState *S, PhObject *s)
{
    const PhStr *str = (const PhStr *)s;
    PhType *t = str->state.ascii && str->state.compact ? &S->types.str_iter : &S->types.str_uni_iter;
    PhStrIter *it = (PhStrIter *)obj_alloc(S, t, sizeof(PhStrIter));
    if (!it) return err_no_memory(S);
    it->index = 0;
    INCREF(s);
    it->seq = s;
    gc_track(S, (PhObject *)it);
    return (PhObject *)it;
}

static PhObject *str_iter_next(PhState *S, PhObject *o)
{
    PhStrIter *it = (PhStrIter *)o;
    if (!it->seq) return NULL;
    if (it->index < str_len(it->seq)) return str_single(S, str_char_at(it->seq, it->index++));
    CLEAR(S, it->seq);
    return NULL;
}

static void str_iter_dealloc(PhState *S, PhObject *o)
{
    gc_untrack(o);
    CLEAR(S, ((PhStrIter *)o)->seq);
    obj_free(S, o);
}

static int str_iter_traverse(PhObject *o, visitproc visit, void *arg)
{
    VISIT(((PhStrIter *)o)->seq);
    return 0;
}

static PhObject *str_iter_self(PhState *S, PhObject *o)
{
    INCREF(o);
    return o;
}

static PhObject *str_iter_length_hint(PhState *S, PhObject *callable, PhObject *const *args,
                                      size_t nargs, PhObject *kwnames)
{
    PhStrIter *it = (PhStrIter *)args[0];
    PhObject *dummy[1];
    if (text_parse_args(S, it->ob.type->name, "__length_hint__", ARGS_NOARGS, args + 1,
                        nargs - 1, kwnames, NULL, 0, 0, dummy) < 0)
        return NULL;
    ssize_t n = it->seq ? str_len(it->seq) - it->index : 0;
    return int_from_i64(S, n < 0 ? 0 : n);
}

static const PhMethodDef str_iter_methods[] = {
    {"__length_hint__", str_iter_length_hint, METH_DEFAULT,
     "Private method returning an estimate of len(list(it))."},
    {NULL, NULL, 0, NULL},
};

const PhType str_iter_type_template = {
    .name = "str_ascii_iterator",
    .basicsize = sizeof(PhStrIter),
    .flags = TPFLAG_HAVE_GC,
    .dealloc = str_iter_dealloc,
    .traverse = str_iter_traverse,
    .iter = str_iter_self,
    .iternext = str_iter_next,
    .methods = str_iter_methods,
};

const PhType str_uni_iter_type_template = {
    .name = "str_iterator",
    .basicsize = sizeof(PhStrIter),
    .flags = TPFLAG_HAVE_GC,
    .dealloc = str_iter_dealloc,
    .traverse = str_iter_traverse,
    .iter = str_iter_self,
    .iternext = str_iter_next,
    .methods = str_iter_methods,
};

/* ---- str() ----------------------------------------------------------------------------------- */

/* Copies an exact str into a new instance of the subclass t. */
static PhObject *str_as_subtype(PhState *S, PhType *t, PhObject *s)
{
    PhObject *r = str_alloc_type(S, t, str_len(s), str_max_bound(s));
    if (!r) return NULL;
    str_copy_chars(str_data(r), str_kind(r), 0, str_data(s), str_kind(s), 0, str_len(s));
    if (type_is_gc(t)) gc_track(S, r);
    return r;
}

/* The text of a str() encoding/errors argument, or NULL with TypeError. */
static const char *str_arg_cstr(PhState *S, const char *fname, const char *argname, PhObject *o)
{
    if (!str_check(o)) {
        err_format(S, &S->exc.TypeError, "%s argument '%s' must be str, not %s", fname, argname,
                   o->type->name);
        return NULL;
    }
    return str_as_utf8(S, o, NULL);
}

static PhObject *str_decode_object(PhState *S, PhObject *o, PhObject *enc_o, PhObject *err_o)
{
    const char *enc = NULL, *errors = NULL;
    if (enc_o && !(enc = str_arg_cstr(S, "str()", "encoding", enc_o))) return NULL;
    if (err_o && !(errors = str_arg_cstr(S, "str()", "errors", err_o))) return NULL;
    if (str_check(o)) return err_format(S, &S->exc.TypeError, "decoding str is not supported");
    const char *p;
    ssize_t n;
    if (!bytes_like_view(o, &p, &n)) {
        return err_format(S, &S->exc.TypeError,
                          "decoding to str: need a bytes-like object, %s found", o->type->name);
    }
    return bytes_decode(S, p, (size_t)n, enc, errors);
}

static PhObject *str_new(PhState *S, PhType *t, PhObject *const *args, size_t nargs,
                         PhObject *kwnames)
{
    static const char *const kwlist[] = {"object", "encoding", "errors", NULL};
    PhObject *a[3] = {NULL, NULL, NULL};
    if (nargs == 1 && !kwnames) /* str(x), the common call: nothing to check */
        a[0] = args[0];
    else if (text_parse_args(S, "str", "str", ARGS_KW, args, nargs, kwnames, kwlist, 0, 3, a) < 0)
        return NULL;
    PhObject *r;
    if (!a[0]) {
        /* str(encoding=...) without an object is '' (the arguments are
         * still type-checked). */
        if (a[1] && !str_arg_cstr(S, "str()", "encoding", a[1])) return NULL;
        if (a[2] && !str_arg_cstr(S, "str()", "errors", a[2])) return NULL;
        r = str_empty(S);
    } else if (a[1] || a[2]) {
        r = str_decode_object(S, a[0], a[1], a[2]);
    } else {
        r = obj_str(S, a[0]);
    }
    if (!r || t == &S->types.str) return r;
    PhObject *sub = str_as_subtype(S, t, r);
    DECREF(S, r);
    return sub;
}

/* ---- the type -------------------------------------------------------------------------------- */

static const PhNumberMethods str_as_number = {.mod = str_mod};

static const PhSequenceMethods str_as_sequence = {
    .len = str_len_slot,
    .concat = str_concat,
    .repeat = str_repeat,
    .item = str_item,
    .contains = str_contains,
};

static const PhMappingMethods str_as_mapping = {
    .len = str_len_slot,
    .subscript = str_subscript,
};

const PhType str_type_template = {
    .name = "str",
    /* CPython's str.__basicsize__ is sizeof(PyUnicodeObject); exact strs
     * are smaller (compact), subclasses build on this. */
    .basicsize = sizeof(PhStrObject),
    .itemsize = 0,
    .flags = TPFLAG_BASETYPE | TPFLAG_UNICODE_SUBCLASS,
    .dealloc = str_dealloc,
    .repr = str_repr,
    .str = str_str_slot,
    .hash = str_hash_slot,
    .richcompare = str_richcompare,
    .iter = str_iter,
    .new_ = str_new,
    .as_number = &str_as_number,
    .as_sequence = &str_as_sequence,
    .as_mapping = &str_as_mapping,
    .methods = str_methods,
};
