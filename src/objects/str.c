/* str: construction from UTF-8, hashing, singletons and the interning table. */
#include "str.h"

#include "int.h"
#include "vm/state.h"

#include <stddef.h>
#include <string.h>

#define STR_TABLE_DELETED ((PhObject *)(uintptr_t)1)

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
    if (len == 0) return 0;
    const uint8_t *p = data;
    uint64_t v0 = 0x736f6d6570736575ULL, v1 = 0x646f72616e646f6dULL;
    uint64_t v2 = 0x6c7967656e657261ULL, v3 = 0x7465646279746573ULL;
    uint64_t b = (uint64_t)len << 56;
    size_t i = 0;
    for (; i + 8 <= len; i += 8) {
        uint64_t m;
        memcpy(&m, p + i, 8);
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
    return memcmp(str_data(a), str_data(b), (size_t)x->length * x->state.kind) == 0;
}

static void str_dealloc(PhState *S, PhObject *o);

const PhType str_type_template = {
    .name = "str",
    .basicsize = sizeof(PhStr),
    .dealloc = str_dealloc,
};

static int kind_for(uint32_t maxchar) { return maxchar < 256 ? 1 : maxchar < 65536 ? 2 : 4; }

size_t str_sizeof(const PhObject *o)
{
    const PhStr *s = (const PhStr *)o;
    size_t header = s->state.ascii ? sizeof(PhStr) : sizeof(PhStrCompact);
    return header + (size_t)(s->length + 1) * s->state.kind;
}

PhObject *str_alloc(PhState *S, ssize_t length, uint32_t maxchar)
{
    int kind = kind_for(maxchar);
    bool ascii = maxchar < 128;
    size_t header = ascii ? sizeof(PhStr) : sizeof(PhStrCompact);
    PhStr *s = (PhStr *)obj_alloc(S, &S->types.str, header + (size_t)(length + 1) * kind);
    if (!s) return NULL;
    s->length = length;
    s->hash = -1;
    s->state.interned = STR_NOT_INTERNED;
    s->state.kind = (unsigned)kind;
    s->state.compact = 1;
    s->state.ascii = ascii;
    s->state.ready = 1;
    s->reserved_wstr = NULL;
    if (!ascii) {
        PhStrCompact *c = (PhStrCompact *)s;
        c->utf8_length = 0;
        c->utf8 = NULL;
        c->reserved_wstr_length = 0;
    }
    memset((char *)str_data((PhObject *)s) + (size_t)length * kind, 0, (size_t)kind);
    return (PhObject *)s;
}

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

PhObject *str_from_utf8_fresh(PhState *S, const char *utf8, size_t nbytes)
{
    const uint8_t *p = (const uint8_t *)utf8, *end = p + nbytes;
    ssize_t n = 0;
    uint32_t max = 0;
    while (p < end) {
        uint32_t c = utf8_next(&p);
        if (c > max) max = c;
        n++;
    }
    PhObject *s = str_alloc(S, n, max);
    if (!s) return NULL;
    p = (const uint8_t *)utf8;
    void *d = str_data(s);
    int kind = str_kind(s);
    for (ssize_t i = 0; p < end; i++) {
        uint32_t c = utf8_next(&p);
        if (kind == 1) ((uint8_t *)d)[i] = (uint8_t)c;
        else if (kind == 2) ((uint16_t *)d)[i] = (uint16_t)c;
        else ((uint32_t *)d)[i] = c;
    }
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

static void table_remove(StrTable *t, PhObject *s)
{
    bool found;
    size_t i = table_probe(t, s, str_hash(s), &found);
    if (found && t->slots[i] == s) {
        t->slots[i] = STR_TABLE_DELETED;
        t->used--;
    }
}

static void str_dealloc(PhState *S, PhObject *o)
{
    if (((PhStr *)o)->state.interned == STR_INTERNED_MORTAL) table_remove(&S->interned, o);
    obj_free(S, o);
}

static PhObject *str_static(PhState *S, ssize_t length, uint32_t c)
{
    PhObject *s = str_alloc(S, length, c);
    if (!s) return NULL;
    if (length) ((uint8_t *)str_data(s))[0] = (uint8_t)c;
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
    for (int c = 0; c < 256; c++)
        if (S->latin1[c]) obj_free(S, S->latin1[c]), S->latin1[c] = NULL;
    if (S->empty_str) obj_free(S, S->empty_str), S->empty_str = NULL;
    heap_free(mem_of(S)->heap, S->interned.slots);
    memset(&S->interned, 0, sizeof S->interned);
}
