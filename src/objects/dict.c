/* dict: CPython 3.11's compact, insertion-ordered hash table.
 *
 *   PhDict (48 B)  ->  PhDictKeys: refcnt, log2 size, log2 index bytes, kind,
 *                      version, usable, nentries (32 B), then the index table
 *                      (2^log2_size slots of 1, 2, 4 or 8 bytes), then the
 *                      entry array (usable entries of 24 B {hash, key, value},
 *                      or 16 B {key, value} when every key is an exact str:
 *                      the "unicode" kind, whose hashes live in the strings).
 *
 * An index slot holds an entry number, DKIX_EMPTY (-1) or DKIX_DUMMY (-2,
 * a deleted entry's slot: probing continues past it). Entries are appended
 * in insertion order; deleting one clears its key and value (value NULL
 * means "deleted") and leaves it in place until the next resize compacts the
 * array. Probing is CPython's: i = hash & mask, then perturb >>= 5 and
 * i = (5*i + perturb + 1) & mask.
 *
 * Every empty dict shares one keys object (CPython's Py_EMPTY_KEYS: usable 0,
 * so the first insertion makes a real table); it is reference counted, and
 * a keys object is counted by getsizeof only when its refcnt is 1, so
 * getsizeof({}) == 64, {'a': 1} == 184, {1: 2} == 224.
 *
 * Sizing follows 3.11 exactly: a full table grows to the power of two
 * computed from used*3 by calculate_log2_keysize (whose bit trick gives 16
 * slots for any request of 1..7), presized tables from (n*3+1)/2.
 *
 * GC: dicts are created untracked; storing a key or value that may be
 * tracked tracks the dict (MAINTAIN_TRACKING); the collector untracks them
 * again only in full collections (dict_maybe_untrack with
 * TPFLAG_UNTRACK_FULL_ONLY). Freelists: 80 dict objects and 80 eight-slot
 * unicode keys objects.
 */
#include "objects/dict.h"

#include "objects/containers.h"
#include "objects/typeobject.h"

#define DKIX_EMPTY (-1)
#define DKIX_DUMMY (-2)
#define DKIX_ERROR (-3)
#define DKIX_KEY_CHANGED (-4) /* a comparison mutated the dict: restart */

#define DICT_LOG_MINSIZE 3
#define DICT_MINSIZE 8
#define PERTURB_SHIFT 5

enum { DICT_KEYS_GENERAL = 0, DICT_KEYS_UNICODE = 1 };

struct PhDictKeys {
    ssize_t refcnt;
    uint8_t log2_size;
    uint8_t log2_index_bytes;
    uint8_t kind;
    uint32_t version;
    ssize_t usable;   /* entries that can still be appended */
    ssize_t nentries; /* entries used, including deleted ones */
    char indices[];   /* index table, then entries */
};
_Static_assert(sizeof(struct PhDictKeys) == 32, "CPython 3.11's PyDictKeysObject is 32 bytes");

typedef struct DictEntry {
    int64_t hash;
    PhObject *key;
    PhObject *value; /* NULL: deleted */
} DictEntry;

typedef struct DictUEntry {
    PhObject *key;
    PhObject *value;
} DictUEntry;

static inline Heap *heap_of(PhState *S) { return mem_of(S)->heap; }
static inline PhDict *D(PhObject *o) { return (PhDict *)o; }

#define USABLE_FRACTION(n) (((n) << 1) / 3)
#define GROWTH_RATE(d) ((d)->used * 3)
#define DK_SIZE(k) ((ssize_t)1 << (k)->log2_size)
#define DK_MASK(k) ((size_t)DK_SIZE(k) - 1)
#define DK_IS_UNICODE(k) ((k)->kind == DICT_KEYS_UNICODE)

static inline DictEntry *DK_ENTRIES(PhDictKeys *k)
{
    return (DictEntry *)(void *)(k->indices + ((size_t)1 << k->log2_index_bytes));
}
static inline DictUEntry *DK_UENTRIES(PhDictKeys *k)
{
    return (DictUEntry *)(void *)(k->indices + ((size_t)1 << k->log2_index_bytes));
}

static inline ssize_t dk_get_index(const PhDictKeys *k, size_t i)
{
    switch (k->log2_index_bytes - k->log2_size) {
    case 0: return ((const int8_t *)k->indices)[i];
    case 1: return ((const int16_t *)(const void *)k->indices)[i];
    case 2: return ((const int32_t *)(const void *)k->indices)[i];
    default: return ((const int64_t *)(const void *)k->indices)[i];
    }
}

static inline void dk_set_index(PhDictKeys *k, size_t i, ssize_t ix)
{
    switch (k->log2_index_bytes - k->log2_size) {
    case 0: ((int8_t *)k->indices)[i] = (int8_t)ix; break;
    case 1: ((int16_t *)(void *)k->indices)[i] = (int16_t)ix; break;
    case 2: ((int32_t *)(void *)k->indices)[i] = (int32_t)ix; break;
    default: ((int64_t *)(void *)k->indices)[i] = (int64_t)ix; break;
    }
}

static inline int64_t str_cached_hash(PhObject *s) { return ((PhStr *)s)->hash; }

/* Entry accessors for either kind. */
static inline PhObject *dk_key(PhDictKeys *k, ssize_t ix)
{
    return DK_IS_UNICODE(k) ? DK_UENTRIES(k)[ix].key : DK_ENTRIES(k)[ix].key;
}
static inline PhObject *dk_value(PhDictKeys *k, ssize_t ix)
{
    return DK_IS_UNICODE(k) ? DK_UENTRIES(k)[ix].value : DK_ENTRIES(k)[ix].value;
}
static inline int64_t dk_hash(PhDictKeys *k, ssize_t ix)
{
    return DK_IS_UNICODE(k) ? str_cached_hash(DK_UENTRIES(k)[ix].key) : DK_ENTRIES(k)[ix].hash;
}
static inline PhObject **dk_value_addr(PhDictKeys *k, ssize_t ix)
{
    return DK_IS_UNICODE(k) ? &DK_UENTRIES(k)[ix].value : &DK_ENTRIES(k)[ix].value;
}

static size_t keys_nbytes(const PhDictKeys *k)
{
    size_t es = k->kind == DICT_KEYS_GENERAL ? sizeof(DictEntry) : sizeof(DictUEntry);
    return sizeof(PhDictKeys) + ((size_t)1 << k->log2_index_bytes) +
           (size_t)USABLE_FRACTION(DK_SIZE(k)) * es;
}

/* CPython 3.11's calculate_log2_keysize (the 64-bit bit-trick version): the
 * smallest power of two >= minsize for minsize >= 8, 8 for 0, and 16 for
 * 1..7. */
static uint8_t calculate_log2_keysize(ssize_t minsize)
{
    uint64_t m = ((uint64_t)minsize | DICT_MINSIZE) - 1;
    m |= DICT_MINSIZE - 1;
    uint8_t bits = 0;
    while (m) {
        bits++;
        m >>= 1;
    }
    return bits;
}

static uint8_t estimate_log2_keysize(ssize_t n)
{
    return calculate_log2_keysize((n * 3 + 1) / 2);
}

static uint64_t next_version(PhState *S)
{
    PhContainers *C = ctr_state(S);
    return C ? ++C->dict_version : 0;
}

/* ==== keys objects ================================================================= */

static PhDictKeys *new_keys_object(PhState *S, uint8_t log2_size, bool unicode)
{
    if (log2_size >= 8 * sizeof(size_t) - 4) {
        err_no_memory(S);
        return NULL;
    }
    ssize_t usable = USABLE_FRACTION((ssize_t)1 << log2_size);
    uint8_t log2_bytes;
    if (log2_size < 8) log2_bytes = log2_size;
    else if (log2_size < 16) log2_bytes = log2_size + 1;
    else if (log2_size >= 32) log2_bytes = log2_size + 3;
    else log2_bytes = log2_size + 2;
    size_t es = unicode ? sizeof(DictUEntry) : sizeof(DictEntry);

    PhContainers *C = ctr_state(S);
    PhDictKeys *k;
    if (log2_size == DICT_LOG_MINSIZE && unicode && C && C->keys_numfree > 0) {
        k = C->keys_free[--C->keys_numfree];
    } else {
        k = heap_alloc(heap_of(S), sizeof(PhDictKeys) + ((size_t)1 << log2_bytes) +
                                       es * (size_t)usable);
        if (!k) {
            err_no_memory(S);
            return NULL;
        }
    }
    k->refcnt = 1;
    k->log2_size = log2_size;
    k->log2_index_bytes = log2_bytes;
    k->kind = unicode ? DICT_KEYS_UNICODE : DICT_KEYS_GENERAL;
    k->version = 0;
    k->usable = usable;
    k->nentries = 0;
    memset(k->indices, 0xff, (size_t)1 << log2_bytes); /* DKIX_EMPTY */
    memset(k->indices + ((size_t)1 << log2_bytes), 0, es * (size_t)usable);
    return k;
}

/* Returns a keys object's memory (its references already moved or released). */
static void keys_release_memory(PhState *S, PhDictKeys *k)
{
    PhContainers *C = ctr_state(S);
    if (C && k != C->empty_keys && k->log2_size == DICT_LOG_MINSIZE && DK_IS_UNICODE(k) &&
        C->keys_numfree < DICTKEYS_MAXFREELIST) {
        C->keys_free[C->keys_numfree++] = k;
        return;
    }
    heap_free(heap_of(S), k);
}

static void free_keys_object(PhState *S, PhDictKeys *k)
{
    ssize_t n = k->nentries;
    if (DK_IS_UNICODE(k)) {
        DictUEntry *e = DK_UENTRIES(k);
        for (ssize_t i = 0; i < n; i++) {
            XDECREF(S, e[i].key);
            XDECREF(S, e[i].value);
        }
    } else {
        DictEntry *e = DK_ENTRIES(k);
        for (ssize_t i = 0; i < n; i++) {
            XDECREF(S, e[i].key);
            XDECREF(S, e[i].value);
        }
    }
    keys_release_memory(S, k);
}

static inline void keys_decref(PhState *S, PhDictKeys *k)
{
    if (--k->refcnt == 0) free_keys_object(S, k);
}

PhDictKeys *dict_new_empty_keys(PhState *S)
{
    PhDictKeys *k = heap_alloc(heap_of(S), sizeof(PhDictKeys) + DICT_MINSIZE);
    if (!k) return NULL;
    k->refcnt = 1; /* the state's reference */
    k->log2_size = DICT_LOG_MINSIZE;
    k->log2_index_bytes = DICT_LOG_MINSIZE;
    k->kind = DICT_KEYS_UNICODE;
    k->version = 1;
    k->usable = 0; /* the first insertion always builds a real table */
    k->nentries = 0;
    memset(k->indices, 0xff, DICT_MINSIZE);
    return k;
}

void dict_free_empty_keys(PhState *S, PhDictKeys *k) { keys_decref(S, k); }

void dict_keys_freelist_clear(PhState *S)
{
    PhContainers *C = ctr_state(S);
    if (!C) return;
    while (C->keys_numfree > 0) heap_free(heap_of(S), C->keys_free[--C->keys_numfree]);
}

/* A copy of a combined keys object whose refcnt is 1, sharing the key and
 * value objects (CPython's clone_combined_dict_keys). */
static PhDictKeys *clone_keys(PhState *S, PhDictKeys *src)
{
    size_t n = keys_nbytes(src);
    PhDictKeys *k = heap_alloc(heap_of(S), n);
    if (!k) {
        err_no_memory(S);
        return NULL;
    }
    memcpy(k, src, n);
    k->refcnt = 1;
    for (ssize_t i = 0; i < k->nentries; i++) {
        PhObject *v = dk_value(k, i);
        if (v) {
            INCREF(v);
            INCREF(dk_key(k, i));
        }
    }
    return k;
}

/* ==== dict objects ================================================================== */

/* A reference to the shared empty keys. After containers_fini (the final
 * collection may still clear dicts) a fresh minimal table stands in. */
static PhDictKeys *empty_keys_ref(PhState *S)
{
    PhContainers *C = ctr_state(S);
    if (C) {
        C->empty_keys->refcnt++;
        return C->empty_keys;
    }
    return new_keys_object(S, DICT_LOG_MINSIZE, true);
}

static inline bool is_empty_keys(PhState *S, PhDictKeys *k)
{
    PhContainers *C = ctr_state(S);
    return C && k == C->empty_keys;
}

/* An empty exact dict, untracked: from the freelist when possible. */
static PhDict *dict_alloc(PhState *S)
{
    PhContainers *C = ctr_state(S);
    PhDictKeys *ek = empty_keys_ref(S);
    if (!ek) return NULL;
    PhDict *d;
    if (C && C->dict_numfree > 0) {
        d = C->dict_free[--C->dict_numfree];
        d->ob.refcnt = 1;
    } else {
        d = (PhDict *)obj_alloc(S, &S->types.dict, sizeof(PhDict));
        if (!d) {
            keys_decref(S, ek);
            err_no_memory(S);
            return NULL;
        }
    }
    d->keys = ek;
    d->values = NULL;
    d->used = 0;
    d->version = next_version(S);
    return d;
}

PhObject *dict_new(PhState *S)
{
    PhDict *d = dict_alloc(S);
    return d ? &d->ob : NULL;
}

PhObject *dict_new_presized(PhState *S, ssize_t n, bool unicode)
{
    if (n <= USABLE_FRACTION(DICT_MINSIZE)) return dict_new(S);
    const uint8_t log2_max_presize = 17;
    uint8_t log2 = n > USABLE_FRACTION((ssize_t)1 << log2_max_presize) ? log2_max_presize
                                                                        : estimate_log2_keysize(n);
    PhDictKeys *k = new_keys_object(S, log2, unicode);
    if (!k) return NULL;
    PhDict *d = dict_alloc(S);
    if (!d) {
        keys_release_memory(S, k);
        return NULL;
    }
    keys_decref(S, d->keys);
    d->keys = k;
    return &d->ob;
}

static void dict_dealloc(PhState *S, PhObject *o)
{
    PhDict *d = D(o);
    gc_untrack(o);
    PhDictKeys *k = d->keys;
    d->keys = NULL;
    if (k) keys_decref(S, k);
    PhContainers *C = ctr_state(S);
    if (C && C->dict_numfree < DICT_MAXFREELIST && o->type == &S->types.dict) {
        C->dict_free[C->dict_numfree++] = d;
        return; /* kept: not freed, gen-0 count untouched */
    }
    obj_free(S, o);
}

void dict_freelist_clear(PhState *S)
{
    PhContainers *C = ctr_state(S);
    if (!C) return;
    while (C->dict_numfree > 0) obj_free(S, &C->dict_free[--C->dict_numfree]->ob);
    dict_keys_freelist_clear(S);
}

static int dict_traverse(PhObject *o, visitproc visit, void *arg)
{
    PhDictKeys *k = D(o)->keys;
    if (!k) return 0;
    ssize_t n = k->nentries;
    if (DK_IS_UNICODE(k)) {
        DictUEntry *e = DK_UENTRIES(k);
        for (ssize_t i = 0; i < n; i++) VISIT(e[i].value);
    } else {
        DictEntry *e = DK_ENTRIES(k);
        for (ssize_t i = 0; i < n; i++) {
            if (e[i].value) {
                VISIT(e[i].value);
                VISIT(e[i].key);
            }
        }
    }
    return 0;
}

/* Empties the dict: it gets the shared empty keys first, then the old
 * table's references are released (they may run arbitrary code). */
void dict_clear(PhState *S, PhObject *o)
{
    PhDict *d = D(o);
    PhDictKeys *old = d->keys;
    if (d->used == 0 && is_empty_keys(S, old)) return;
    PhDictKeys *ek = empty_keys_ref(S);
    if (!ek) { /* no memory for a stand-in (only after shutdown): leave it */
        err_clear(S);
        return;
    }
    d->keys = ek;
    d->used = 0;
    d->version = next_version(S);
    keys_decref(S, old);
}

static int dict_clear_slot(PhState *S, PhObject *o)
{
    dict_clear(S, o);
    return 0;
}

/* CPython's _PyDict_MaybeUntrack: called by full collections. */
int dict_maybe_untrack(PhObject *o)
{
    if ((o->type->flags & TPFLAG_HEAPTYPE) || !gc_is_tracked(o)) return 0;
    PhDictKeys *k = D(o)->keys;
    ssize_t n = k->nentries;
    if (DK_IS_UNICODE(k)) {
        DictUEntry *e = DK_UENTRIES(k);
        for (ssize_t i = 0; i < n; i++)
            if (e[i].value && ctr_may_be_tracked(e[i].value)) return 0;
    } else {
        DictEntry *e = DK_ENTRIES(k);
        for (ssize_t i = 0; i < n; i++) {
            if (!e[i].value) continue;
            if (ctr_may_be_tracked(e[i].value) || ctr_may_be_tracked(e[i].key)) return 0;
        }
    }
    gc_untrack(o);
    return 1;
}

/* MAINTAIN_TRACKING: a dict starts tracking once it may be part of a cycle. */
static inline void maintain_tracking(PhState *S, PhDict *d, PhObject *key, PhObject *value)
{
    if (!gc_is_tracked(&d->ob) && (ctr_may_be_tracked(key) || ctr_may_be_tracked(value)))
        gc_track(S, &d->ob);
}

/* ==== lookup ======================================================================== */

/* Entry number of key, DKIX_EMPTY, DKIX_ERROR, or DKIX_KEY_CHANGED. */
static ssize_t lookup_unicode_str(PhDictKeys *k, PhObject *key, int64_t hash)
{
    DictUEntry *ep0 = DK_UENTRIES(k);
    size_t mask = DK_MASK(k), perturb = (size_t)hash, i = (size_t)hash & mask;
    for (;;) {
        ssize_t ix = dk_get_index(k, i);
        if (ix >= 0) {
            PhObject *ek = ep0[ix].key;
            if (ek == key || (str_cached_hash(ek) == hash && str_equal(ek, key))) return ix;
        } else if (ix == DKIX_EMPTY) {
            return DKIX_EMPTY;
        }
        perturb >>= PERTURB_SHIFT;
        i = mask & (i * 5 + perturb + 1);
    }
}

static ssize_t lookup_generic(PhState *S, PhDict *d, PhDictKeys *k, PhObject *key, int64_t hash)
{
    bool key_is_str = ctr_is_str_exact(S, key);
    size_t mask = DK_MASK(k), perturb = (size_t)hash, i = (size_t)hash & mask;
    for (;;) {
        ssize_t ix = dk_get_index(k, i);
        if (ix >= 0) {
            PhObject *ek = dk_key(k, ix);
            if (ek == key) return ix;
            if (dk_hash(k, ix) == hash) {
                if (key_is_str && ctr_is_str_exact(S, ek)) {
                    if (str_equal(ek, key)) return ix;
                } else {
                    INCREF(ek);
                    int cmp = obj_richcompare_bool(S, ek, key, CMP_EQ);
                    DECREF(S, ek);
                    if (cmp < 0) return DKIX_ERROR;
                    /* The comparison ran code: is the table still the same? */
                    if (k != d->keys || dk_key(k, ix) != ek) return DKIX_KEY_CHANGED;
                    if (cmp > 0) return ix;
                }
            }
        } else if (ix == DKIX_EMPTY) {
            return DKIX_EMPTY;
        }
        perturb >>= PERTURB_SHIFT;
        i = mask & (i * 5 + perturb + 1);
    }
}

/* CPython's _Py_dict_lookup: entry number (and *value, borrowed) or
 * DKIX_EMPTY (*value NULL) or DKIX_ERROR. */
static ssize_t dict_lookup(PhState *S, PhDict *d, PhObject *key, int64_t hash, PhObject **value)
{
    for (;;) {
        PhDictKeys *k = d->keys;
        ssize_t ix;
        if (DK_IS_UNICODE(k) && ctr_is_str_exact(S, key)) ix = lookup_unicode_str(k, key, hash);
        else ix = lookup_generic(S, d, k, key, hash);
        if (ix == DKIX_KEY_CHANGED) continue;
        *value = ix >= 0 ? dk_value(k, ix) : NULL;
        return ix;
    }
}

/* The index slot that holds entry ix. */
static size_t lookup_index_slot(PhDictKeys *k, int64_t hash, ssize_t ix)
{
    size_t mask = DK_MASK(k), perturb = (size_t)hash, i = (size_t)hash & mask;
    for (;;) {
        ssize_t t = dk_get_index(k, i);
        if (t == ix) return i;
        perturb >>= PERTURB_SHIFT;
        i = mask & (i * 5 + perturb + 1);
    }
}

/* First slot on key's probe path that is empty or a dummy. */
static size_t find_empty_slot(PhDictKeys *k, int64_t hash)
{
    size_t mask = DK_MASK(k), perturb = (size_t)hash, i = (size_t)hash & mask;
    ssize_t ix = dk_get_index(k, i);
    while (ix >= 0) {
        perturb >>= PERTURB_SHIFT;
        i = mask & (i * 5 + perturb + 1);
        ix = dk_get_index(k, i);
    }
    return i;
}

/* ==== resizing ======================================================================= */

static void build_indices(PhDictKeys *k, ssize_t n)
{
    size_t mask = DK_MASK(k);
    for (ssize_t ix = 0; ix < n; ix++) {
        int64_t hash = dk_hash(k, ix);
        size_t i = (size_t)hash & mask;
        for (size_t perturb = (size_t)hash; dk_get_index(k, i) != DKIX_EMPTY;) {
            perturb >>= PERTURB_SHIFT;
            i = mask & (i * 5 + perturb + 1);
        }
        dk_set_index(k, i, ix);
    }
}

/* Moves the live entries into a new table of 2^log2_newsize slots,
 * compacting out deleted ones. A unicode table stays unicode only if
 * `unicode` is asked for. */
static int dict_resize(PhState *S, PhDict *d, uint8_t log2_newsize, bool unicode)
{
    PhDictKeys *old = d->keys;
    if (!DK_IS_UNICODE(old)) unicode = false;
    PhDictKeys *nk = new_keys_object(S, log2_newsize, unicode);
    if (!nk) return -1;
    ssize_t n = d->used;
    if (!DK_IS_UNICODE(old)) {
        DictEntry *src = DK_ENTRIES(old), *dst = DK_ENTRIES(nk);
        if (old->nentries == n) {
            memcpy(dst, src, (size_t)n * sizeof(DictEntry));
        } else {
            for (ssize_t i = 0; i < n; i++) {
                while (!src->value) src++;
                dst[i] = *src++;
            }
        }
    } else if (unicode) {
        DictUEntry *src = DK_UENTRIES(old), *dst = DK_UENTRIES(nk);
        if (old->nentries == n) {
            memcpy(dst, src, (size_t)n * sizeof(DictUEntry));
        } else {
            for (ssize_t i = 0; i < n; i++) {
                while (!src->value) src++;
                dst[i] = *src++;
            }
        }
    } else {
        DictUEntry *src = DK_UENTRIES(old);
        DictEntry *dst = DK_ENTRIES(nk);
        for (ssize_t i = 0; i < n; i++) {
            while (!src->value) src++;
            dst[i].key = src->key;
            dst[i].hash = str_cached_hash(src->key);
            dst[i].value = src->value;
            src++;
        }
    }
    build_indices(nk, n);
    nk->usable -= n;
    nk->nentries = n;
    d->keys = nk;
    /* The references moved: release the old table's memory only (the shared
     * empty keys just lose a reference). */
    if (old->refcnt > 1 || is_empty_keys(S, old)) keys_decref(S, old);
    else keys_release_memory(S, old);
    return 0;
}

static int insertion_resize(PhState *S, PhDict *d, bool unicode)
{
    return dict_resize(S, d, calculate_log2_keysize(GROWTH_RATE(d)), unicode);
}

/* ==== insertion and deletion ======================================================== */

/* Appends a new entry for a key known to be absent; the references to key
 * and value are taken over. */
static int insert_new_entry(PhState *S, PhDict *d, PhObject *key, int64_t hash, PhObject *value)
{
    if (d->keys->usable <= 0 && insertion_resize(S, d, true) < 0) return -1;
    PhDictKeys *k = d->keys;
    k->version = 0;
    size_t slot = find_empty_slot(k, hash);
    dk_set_index(k, slot, k->nentries);
    if (DK_IS_UNICODE(k)) {
        DictUEntry *e = &DK_UENTRIES(k)[k->nentries];
        e->key = key;
        e->value = value;
    } else {
        DictEntry *e = &DK_ENTRIES(k)[k->nentries];
        e->key = key;
        e->hash = hash;
        e->value = value;
    }
    d->used++;
    d->version = next_version(S);
    k->usable--;
    k->nentries++;
    return 0;
}

/* CPython's insertdict; consumes the references to key and value (also on
 * failure). */
static int insertdict(PhState *S, PhDict *d, PhObject *key, int64_t hash, PhObject *value)
{
    PhObject *old;
    if (DK_IS_UNICODE(d->keys) && !ctr_is_str_exact(S, key)) {
        if (insertion_resize(S, d, false) < 0) goto fail;
    }
    ssize_t ix = dict_lookup(S, d, key, hash, &old);
    if (ix == DKIX_ERROR) goto fail;
    maintain_tracking(S, d, key, value);
    if (ix == DKIX_EMPTY) {
        if (insert_new_entry(S, d, key, hash, value) < 0) goto fail;
        return 0;
    }
    if (old != value) {
        *dk_value_addr(d->keys, ix) = value;
        d->version = next_version(S);
    } else {
        DECREF(S, value); /* the same object: the table keeps its reference */
        old = NULL;
    }
    XDECREF(S, old);
    DECREF(S, key);
    return 0;
fail:
    DECREF(S, value);
    DECREF(S, key);
    return -1;
}

static int setitem_known_hash(PhState *S, PhDict *d, PhObject *key, int64_t hash, PhObject *value)
{
    INCREF(key);
    INCREF(value);
    return insertdict(S, d, key, hash, value);
}

int dict_setitem(PhState *S, PhObject *o, PhObject *key, PhObject *value)
{
    int64_t hash = ctr_hash(S, key);
    if (hash == -1) return -1;
    return setitem_known_hash(S, D(o), key, hash, value);
}

int dict_setitem_str(PhState *S, PhObject *o, const char *key, PhObject *v)
{
    PhObject *k = str_from_cstr(S, key);
    if (!k) return -1;
    if (str_intern_in_place(S, &k) < 0) {
        DECREF(S, k);
        err_no_memory(S);
        return -1;
    }
    int rc = dict_setitem(S, o, k, v);
    DECREF(S, k);
    return rc;
}

/* Removes entry ix (whose value is old). */
static void delitem_common(PhState *S, PhDict *d, int64_t hash, ssize_t ix, PhObject *old)
{
    PhDictKeys *k = d->keys;
    size_t slot = lookup_index_slot(k, hash, ix);
    d->used--;
    d->version = next_version(S);
    k->version = 0;
    dk_set_index(k, slot, DKIX_DUMMY);
    PhObject *oldkey;
    if (DK_IS_UNICODE(k)) {
        DictUEntry *e = &DK_UENTRIES(k)[ix];
        oldkey = e->key;
        e->key = NULL;
        e->value = NULL;
    } else {
        DictEntry *e = &DK_ENTRIES(k)[ix];
        oldkey = e->key;
        e->key = NULL;
        e->value = NULL;
    }
    DECREF(S, oldkey);
    DECREF(S, old);
}

static int delitem_known_hash(PhState *S, PhDict *d, PhObject *key, int64_t hash)
{
    PhObject *old;
    ssize_t ix = dict_lookup(S, d, key, hash, &old);
    if (ix == DKIX_ERROR) return -1;
    if (ix == DKIX_EMPTY || !old) {
        ctr_key_error(S, key);
        return -1;
    }
    delitem_common(S, d, hash, ix, old);
    return 0;
}

int dict_delitem(PhState *S, PhObject *o, PhObject *key)
{
    int64_t hash = ctr_hash(S, key);
    if (hash == -1) return -1;
    return delitem_known_hash(S, D(o), key, hash);
}

int dict_delitem_str(PhState *S, PhObject *o, const char *key)
{
    PhObject *k = str_from_cstr(S, key);
    if (!k) return -1;
    int rc = dict_delitem(S, o, k);
    DECREF(S, k);
    return rc;
}

/* ==== reading =========================================================================== */

PhObject *dict_getitem(PhState *S, PhObject *o, PhObject *key)
{
    int64_t hash = ctr_hash(S, key);
    if (hash == -1) return NULL;
    PhObject *v;
    if (dict_lookup(S, D(o), key, hash, &v) == DKIX_ERROR) return NULL;
    return v;
}

/* Lookup of an ASCII C string without making a str: the hash of an ASCII
 * str is the hash of its bytes. Tables where the answer needs a real
 * comparison (a non-str key with the same hash) take the slow path. */
PhObject *dict_getitem_str(PhState *S, PhObject *o, const char *key)
{
    size_t n = strlen(key);
    bool ascii = true;
    for (size_t i = 0; i < n; i++)
        if ((unsigned char)key[i] >= 128) ascii = false;
    PhDict *d = D(o);
    if (ascii) {
        PhDictKeys *k = d->keys;
        int64_t hash = hash_bytes(key, n);
        size_t mask = DK_MASK(k), perturb = (size_t)hash, i = (size_t)hash & mask;
        for (;;) {
            ssize_t ix = dk_get_index(k, i);
            if (ix == DKIX_EMPTY) return NULL;
            if (ix >= 0 && dk_hash(k, ix) == hash) {
                PhObject *ek = dk_key(k, ix);
                if (!ctr_is_str_exact(S, ek)) break; /* needs __eq__: slow path */
                if (str_kind(ek) == 1 && (size_t)str_len(ek) == n && memcmp(str_data(ek), key, n) == 0)
                    return dk_value(k, ix);
            }
            perturb >>= PERTURB_SHIFT;
            i = mask & (i * 5 + perturb + 1);
        }
    }
    PhObject *k = str_from_cstr(S, key);
    if (!k) return NULL;
    PhObject *v = dict_getitem(S, o, k);
    DECREF(S, k);
    return v;
}

int dict_contains(PhState *S, PhObject *o, PhObject *key)
{
    int64_t hash = ctr_hash(S, key);
    if (hash == -1) return -1;
    PhObject *v;
    ssize_t ix = dict_lookup(S, D(o), key, hash, &v);
    if (ix == DKIX_ERROR) return -1;
    return ix != DKIX_EMPTY && v != NULL;
}

int dict_contains_hash(PhState *S, PhObject *o, PhObject *key, int64_t hash)
{
    PhObject *v;
    ssize_t ix = dict_lookup(S, D(o), key, hash, &v);
    if (ix == DKIX_ERROR) return -1;
    return ix != DKIX_EMPTY && v != NULL;
}

ssize_t dict_len(PhObject *o) { return D(o)->used; }

int dict_next_hash(PhObject *o, ssize_t *pos, PhObject **key, PhObject **value, int64_t *hash)
{
    PhDictKeys *k = D(o)->keys;
    ssize_t i = *pos, n = k->nentries;
    if (i < 0) return 0;
    while (i < n && !dk_value(k, i)) i++;
    if (i >= n) return 0;
    *pos = i + 1;
    if (key) *key = dk_key(k, i);
    if (value) *value = dk_value(k, i);
    if (hash) *hash = dk_hash(k, i);
    return 1;
}

int dict_next(PhObject *o, ssize_t *pos, PhObject **key, PhObject **value)
{
    return dict_next_hash(o, pos, key, value, NULL);
}

PhObject *dict_keys_list(PhState *S, PhObject *o)
{
    for (;;) {
        ssize_t n = D(o)->used;
        PhObject *l = list_new(S, n);
        if (!l) return NULL;
        if (n != D(o)->used) { /* allocating ran a collection that changed the dict */
            DECREF(S, l);
            continue;
        }
        ssize_t pos = 0, j = 0;
        PhObject *k;
        while (dict_next(o, &pos, &k, NULL)) {
            INCREF(k);
            LIST_SET(l, j++, k);
        }
        return l;
    }
}

/* 0 keys, 1 values, 2 (key, value) tuples. */
static PhObject *dict_items_list(PhState *S, PhObject *o, int what)
{
    if (what == 0) return dict_keys_list(S, o);
    ssize_t n = D(o)->used;
    PhObject *l = list_new(S, n);
    if (!l) return NULL;
    ssize_t pos = 0, j = 0;
    PhObject *k, *v;
    while (j < n && dict_next(o, &pos, &k, &v)) {
        PhObject *item;
        if (what == 1) {
            INCREF(v);
            item = v;
        } else {
            item = tuple_pack(S, 2, k, v);
            if (!item) {
                LIST_LEN(l) = j;
                DECREF(S, l);
                return NULL;
            }
        }
        LIST_SET(l, j++, item);
    }
    LIST_LEN(l) = j;
    return l;
}

/* ==== copy, merge, update ============================================================= */

PhObject *dict_copy(PhState *S, PhObject *o)
{
    PhDict *src = D(o);
    if (src->used == 0) return dict_new(S);
    /* A compact enough table is cloned whole (same size, same order). */
    if (src->used >= (src->keys->nentries * 2) / 3 &&
        (o->type == &S->types.dict || o->type->iter == S->types.dict.iter)) {
        PhDictKeys *k = clone_keys(S, src->keys);
        if (!k) return NULL;
        PhDict *d = dict_alloc(S);
        if (!d) {
            free_keys_object(S, k);
            return NULL;
        }
        keys_decref(S, d->keys);
        d->keys = k;
        d->used = src->used;
        if (gc_is_tracked(o)) gc_track(S, &d->ob);
        return &d->ob;
    }
    PhObject *d = dict_new(S);
    if (!d) return NULL;
    if (dict_merge(S, d, o, 1) < 0) {
        DECREF(S, d);
        return NULL;
    }
    return d;
}

/* Does the object iterate like a dict (exact dict, or a subclass that does
 * not override __iter__)? Then its table can be read directly. */
static bool dict_iter_is_native(PhState *S, PhObject *o)
{
    return ctr_is_dict(S, o) && o->type->iter == S->types.dict.iter;
}

/* PyDict_Merge: override 1 replaces, 0 keeps existing, 2 raises KeyError on
 * a duplicate key. */
int dict_merge(PhState *S, PhObject *a, PhObject *b, int override)
{
    PhDict *mp = D(a);
    if (dict_iter_is_native(S, b)) {
        PhDict *other = D(b);
        if (other == mp || other->used == 0) return 0;
        if (mp->used == 0) {
            override = 1;
            PhDictKeys *ok = other->keys;
            /* A clean, just-built table is cloned. */
            if (other->used == ok->nentries &&
                (ok->log2_size == DICT_LOG_MINSIZE ||
                 USABLE_FRACTION(DK_SIZE(ok) / 2) < other->used)) {
                PhDictKeys *k = clone_keys(S, ok);
                if (!k) return -1;
                PhDictKeys *oldk = mp->keys;
                mp->keys = k;
                mp->used = other->used;
                mp->version = next_version(S);
                keys_decref(S, oldk);
                if (gc_is_tracked(b) && !gc_is_tracked(a)) gc_track(S, a);
                return 0;
            }
        }
        /* One resize up front rather than several while inserting. */
        if (USABLE_FRACTION(DK_SIZE(mp->keys)) < other->used) {
            if (dict_resize(S, mp, estimate_log2_keysize(mp->used + other->used),
                            DK_IS_UNICODE(other->keys)) < 0)
                return -1;
        }
        ssize_t orig_size = other->keys->nentries;
        ssize_t pos = 0;
        PhObject *key, *value;
        int64_t hash;
        while (dict_next_hash(b, &pos, &key, &value, &hash)) {
            INCREF(key);
            INCREF(value);
            int err = 0;
            if (override == 1) {
                INCREF(key);
                INCREF(value);
                err = insertdict(S, mp, key, hash, value);
            } else {
                err = dict_contains_hash(S, a, key, hash);
                if (err == 0) {
                    INCREF(key);
                    INCREF(value);
                    err = insertdict(S, mp, key, hash, value);
                } else if (err > 0) {
                    if (override != 0) {
                        ctr_key_error(S, key);
                        err = -1;
                    } else {
                        err = 0;
                    }
                }
            }
            DECREF(S, value);
            DECREF(S, key);
            if (err != 0) return -1;
            if (orig_size != other->keys->nentries) {
                err_format(S, &S->exc.RuntimeError, "dict mutated during update");
                return -1;
            }
        }
        return 0;
    }
    /* A general mapping: b.keys(), then b[key] for each. */
    PhObject *keys = obj_call_method(S, b, "keys", NULL, 0);
    if (!keys) return -1;
    PhObject *it = obj_iter(S, keys);
    DECREF(S, keys);
    if (!it) return -1;
    PhObject *key;
    while ((key = obj_iternext(S, it)) != NULL) {
        if (override != 1) {
            int st = dict_contains(S, a, key);
            if (st != 0) {
                if (st > 0) {
                    if (override == 0) {
                        DECREF(S, key);
                        continue;
                    }
                    ctr_key_error(S, key);
                }
                DECREF(S, key);
                DECREF(S, it);
                return -1;
            }
        }
        PhObject *value = obj_getitem(S, b, key);
        if (!value) {
            DECREF(S, key);
            DECREF(S, it);
            return -1;
        }
        int st = dict_setitem(S, a, key, value);
        DECREF(S, key);
        DECREF(S, value);
        if (st < 0) {
            DECREF(S, it);
            return -1;
        }
    }
    DECREF(S, it);
    return err_occurred(S) ? -1 : 0;
}

/* dict.update(iterable of pairs): PyDict_MergeFromSeq2. */
static int dict_merge_from_seq2(PhState *S, PhObject *d, PhObject *seq2, int override)
{
    PhObject *it = obj_iter(S, seq2);
    if (!it) return -1;
    for (ssize_t i = 0;; i++) {
        PhObject *item = obj_iternext(S, it);
        if (!item) {
            if (err_occurred(S)) goto fail;
            break;
        }
        PhObject *fast = ctr_seq_fast(S, item, "");
        DECREF(S, item);
        if (!fast) {
            if (err_matches(S, (PhObject *)&S->exc.TypeError)) {
                err_clear(S);
                err_format(S, &S->exc.TypeError,
                           "cannot convert dictionary update sequence element #%zd to a sequence",
                           i);
            }
            goto fail;
        }
        ssize_t n = ctr_is_list(S, fast) ? LIST_LEN(fast) : TUPLE_LEN(fast);
        if (n != 2) {
            err_format(S, &S->exc.ValueError,
                       "dictionary update sequence element #%zd has length %zd; 2 is required", i,
                       n);
            DECREF(S, fast);
            goto fail;
        }
        PhObject **items = ctr_is_list(S, fast) ? LIST_ITEMS(fast) : TUPLE_ITEMS(fast);
        PhObject *key = items[0], *value = items[1];
        INCREF(key);
        INCREF(value);
        DECREF(S, fast);
        int st = 0;
        if (override) {
            st = dict_setitem(S, d, key, value);
        } else {
            st = dict_contains(S, d, key);
            if (st == 0) st = dict_setitem(S, d, key, value);
            else if (st > 0) st = 0;
        }
        DECREF(S, key);
        DECREF(S, value);
        if (st < 0) goto fail;
    }
    DECREF(S, it);
    return 0;
fail:
    DECREF(S, it);
    return -1;
}

/* dict_update_arg: a dict, a mapping (has keys()), or pairs. */
static int dict_update_arg(PhState *S, PhObject *d, PhObject *arg)
{
    if (arg->type == &S->types.dict) return dict_merge(S, d, arg, 1);
    PhObject *keys = obj_lookup_attr(S, arg, ctr_state(S)->str_keys);
    if (!keys) {
        if (err_occurred(S)) return -1;
        return dict_merge_from_seq2(S, d, arg, 1);
    }
    DECREF(S, keys);
    return dict_merge(S, d, arg, 1);
}

int dict_update(PhState *S, PhObject *d, PhObject *other) { return dict_update_arg(S, d, other); }

/* Keyword arguments of a call (values follow the positionals in args). */
static int dict_update_kwnames(PhState *S, PhObject *d, PhObject *const *values, PhObject *kwnames)
{
    if (!kwnames) return 0;
    for (ssize_t i = 0; i < TUPLE_LEN(kwnames); i++)
        if (dict_setitem(S, d, TUPLE_GET(kwnames, i), values[i]) < 0) return -1;
    return 0;
}

PhObject *dict_pop(PhState *S, PhObject *o, PhObject *key, PhObject *dflt)
{
    PhDict *d = D(o);
    if (d->used == 0) {
        if (dflt) {
            INCREF(dflt);
            return dflt;
        }
        ctr_key_error(S, key);
        return NULL;
    }
    int64_t hash = ctr_hash(S, key);
    if (hash == -1) return NULL;
    PhObject *old;
    ssize_t ix = dict_lookup(S, d, key, hash, &old);
    if (ix == DKIX_ERROR) return NULL;
    if (ix == DKIX_EMPTY || !old) {
        if (dflt) {
            INCREF(dflt);
            return dflt;
        }
        ctr_key_error(S, key);
        return NULL;
    }
    INCREF(old);
    delitem_common(S, d, hash, ix, old);
    return old;
}

PhObject *dict_setdefault(PhState *S, PhObject *o, PhObject *key, PhObject *dflt)
{
    PhDict *d = D(o);
    int64_t hash = ctr_hash(S, key);
    if (hash == -1) return NULL;
    if (DK_IS_UNICODE(d->keys) && !ctr_is_str_exact(S, key)) {
        if (insertion_resize(S, d, false) < 0) return NULL;
    }
    PhObject *v;
    ssize_t ix = dict_lookup(S, d, key, hash, &v);
    if (ix == DKIX_ERROR) return NULL;
    if (ix >= 0 && v) return v;
    INCREF(key);
    INCREF(dflt);
    if (insert_new_entry(S, d, key, hash, dflt) < 0) {
        DECREF(S, key);
        DECREF(S, dflt);
        return NULL;
    }
    maintain_tracking(S, d, key, dflt);
    return dflt;
}

/* ==== mapping protocol ================================================================ */

static ssize_t dict_length(PhState *S, PhObject *o) { return D(o)->used; }

static PhObject *dict_subscript(PhState *S, PhObject *o, PhObject *key)
{
    int64_t hash = ctr_hash(S, key);
    if (hash == -1) return NULL;
    PhObject *v;
    ssize_t ix = dict_lookup(S, D(o), key, hash, &v);
    if (ix == DKIX_ERROR) return NULL;
    if (ix == DKIX_EMPTY || !v) {
        if (o->type != &S->types.dict && S->ids && type_lookup(o->type, ID(S, __missing__)))
            return obj_call_method(S, o, "__missing__", &key, 1);
        ctr_key_error(S, key);
        return NULL;
    }
    INCREF(v);
    return v;
}

static int dict_ass_subscript(PhState *S, PhObject *o, PhObject *key, PhObject *v)
{
    if (!v) return dict_delitem(S, o, key);
    return dict_setitem(S, o, key, v);
}

static int dict_contains_slot(PhState *S, PhObject *o, PhObject *key)
{
    return dict_contains(S, o, key);
}

/* ==== comparison and repr ============================================================== */

static int dict_equal(PhState *S, PhDict *a, PhDict *b)
{
    if (a->used != b->used) return 0;
    for (ssize_t i = 0; i < a->keys->nentries; i++) {
        PhDictKeys *k = a->keys;
        PhObject *aval = dk_value(k, i);
        if (!aval) continue;
        PhObject *key = dk_key(k, i);
        int64_t hash = dk_hash(k, i);
        INCREF(aval);
        INCREF(key);
        PhObject *bval;
        ssize_t ix = dict_lookup(S, b, key, hash, &bval);
        if (ix == DKIX_ERROR || !bval) {
            DECREF(S, key);
            DECREF(S, aval);
            return ix == DKIX_ERROR ? -1 : 0;
        }
        INCREF(bval);
        int cmp = obj_richcompare_bool(S, aval, bval, CMP_EQ);
        DECREF(S, key);
        DECREF(S, aval);
        DECREF(S, bval);
        if (cmp <= 0) return cmp;
    }
    return 1;
}

static PhObject *dict_richcompare(PhState *S, PhObject *a, PhObject *b, int op)
{
    if (!ctr_is_dict(S, a) || !ctr_is_dict(S, b) || (op != CMP_EQ && op != CMP_NE)) {
        INCREF(PH_NOTIMPL(S));
        return PH_NOTIMPL(S);
    }
    int cmp = dict_equal(S, D(a), D(b));
    if (cmp < 0) return NULL;
    return ph_bool(S, cmp == (op == CMP_EQ));
}

static PhObject *dict_repr(PhState *S, PhObject *o)
{
    int rc = ctr_repr_enter(S, o);
    if (rc != 0) return rc > 0 ? str_from_cstr(S, "{...}") : NULL;
    if (D(o)->used == 0) {
        ctr_repr_leave(S, o);
        return str_from_cstr(S, "{}");
    }
    StrBuilder b;
    sb_init(&b);
    if (sb_append_ascii(S, &b, "{", 1) < 0) goto fail;
    ssize_t pos = 0;
    PhObject *key, *value;
    bool first = true;
    /* The reprs may change the dict: dict_next re-reads the table. */
    while (dict_next(o, &pos, &key, &value)) {
        INCREF(key);
        INCREF(value);
        int r = (first ? 0 : sb_append_ascii(S, &b, ", ", 2));
        if (r == 0) r = sb_append_repr(S, &b, key);
        if (r == 0) r = sb_append_ascii(S, &b, ": ", 2);
        if (r == 0) r = sb_append_repr(S, &b, value);
        DECREF(S, key);
        DECREF(S, value);
        if (r < 0) goto fail;
        first = false;
    }
    if (sb_append_ascii(S, &b, "}", 1) < 0) goto fail;
    ctr_repr_leave(S, o);
    return sb_finish(S, &b);
fail:
    ctr_repr_leave(S, o);
    sb_discard(S, &b);
    return NULL;
}

/* ==== iterators and views ================================================================ */

typedef struct PhDictIter {
    PhObject ob;
    PhObject *dict;  /* NULL once exhausted */
    ssize_t used;    /* dict size when the iteration started; -1: sticky error */
    ssize_t pos;     /* next entry; reversed iteration stores -(next + 2), so <= -1 */
    PhObject *result; /* items iterators: a (key, value) tuple reused when unshared */
    ssize_t len;     /* items left */
} PhDictIter;

enum { ITER_KEYS, ITER_VALUES, ITER_ITEMS };

static PhType *iter_type(PhState *S, int what)
{
    return what == ITER_KEYS     ? &S->types.dict_keyiter
           : what == ITER_VALUES ? &S->types.dict_valueiter
                                 : &S->types.dict_itemiter;
}

static PhObject *dictiter_new(PhState *S, PhObject *d, int what, bool reversed)
{
    PhDictIter *it = (PhDictIter *)obj_alloc(S, iter_type(S, what), sizeof(PhDictIter));
    if (!it) return err_no_memory(S);
    INCREF(d);
    it->dict = d;
    it->used = D(d)->used;
    it->len = it->used;
    it->pos = reversed ? -(D(d)->keys->nentries + 1) : 0; /* see PhDictIter.pos */
    it->result = NULL;
    if (what == ITER_ITEMS) {
        it->result = tuple_pack(S, 2, PH_NONE(S), PH_NONE(S));
        if (!it->result) {
            DECREF(S, &it->ob);
            return NULL;
        }
    }
    gc_track(S, &it->ob);
    return &it->ob;
}

static void dictiter_dealloc(PhState *S, PhObject *o)
{
    PhDictIter *it = (PhDictIter *)o;
    gc_untrack(o);
    XDECREF(S, it->dict);
    XDECREF(S, it->result);
    obj_free(S, o);
}

static int dictiter_traverse(PhObject *o, visitproc visit, void *arg)
{
    PhDictIter *it = (PhDictIter *)o;
    VISIT(it->dict);
    VISIT(it->result);
    return 0;
}

/* Finds the next live entry; returns its number or -1 when done (or on a
 * size change, with RuntimeError set). */
static ssize_t dictiter_advance(PhState *S, PhDictIter *it)
{
    PhObject *d = it->dict;
    if (!d) return -1;
    if (it->used != D(d)->used) {
        err_format(S, &S->exc.RuntimeError, "dictionary changed size during iteration");
        it->used = -1; /* sticky */
        return -1;
    }
    PhDictKeys *k = D(d)->keys;
    ssize_t i;
    if (it->pos >= 0) {
        i = it->pos;
        ssize_t n = k->nentries;
        while (i < n && !dk_value(k, i)) i++;
        if (i >= n) goto done;
        it->pos = i + 1;
    } else {
        i = -it->pos - 2;
        if (i >= k->nentries) i = k->nentries - 1;
        while (i >= 0 && !dk_value(k, i)) i--;
        if (i < 0) goto done;
        it->pos = -(i + 1); /* next is i - 1 */
    }
    if (it->len == 0) {
        err_format(S, &S->exc.RuntimeError, "dictionary keys changed during iteration");
        goto done;
    }
    it->len--;
    return i;
done:
    it->dict = NULL;
    DECREF(S, d);
    return -1;
}

static PhObject *dictiter_next_key(PhState *S, PhObject *o)
{
    PhDictIter *it = (PhDictIter *)o;
    ssize_t i = dictiter_advance(S, it);
    if (i < 0) return NULL;
    PhObject *k = dk_key(D(it->dict)->keys, i);
    INCREF(k);
    return k;
}

static PhObject *dictiter_next_value(PhState *S, PhObject *o)
{
    PhDictIter *it = (PhDictIter *)o;
    ssize_t i = dictiter_advance(S, it);
    if (i < 0) return NULL;
    PhObject *v = dk_value(D(it->dict)->keys, i);
    INCREF(v);
    return v;
}

static PhObject *dictiter_next_item(PhState *S, PhObject *o)
{
    PhDictIter *it = (PhDictIter *)o;
    ssize_t i = dictiter_advance(S, it);
    if (i < 0) return NULL;
    PhDictKeys *k = D(it->dict)->keys;
    PhObject *key = dk_key(k, i), *value = dk_value(k, i);
    INCREF(key);
    INCREF(value);
    PhObject *r = it->result;
    if (r->refcnt == 1) {
        /* Nobody kept the previous pair: refill it instead of allocating. */
        INCREF(r);
        PhObject *ok = TUPLE_GET(r, 0), *ov = TUPLE_GET(r, 1);
        TUPLE_SET(r, 0, key);
        TUPLE_SET(r, 1, value);
        DECREF(S, ok);
        DECREF(S, ov);
        /* The collector may have untracked it while it held None, None. */
        if (!gc_is_tracked(r)) gc_track(S, r);
        return r;
    }
    r = tuple_new(S, 2);
    if (!r) {
        DECREF(S, key);
        DECREF(S, value);
        return NULL;
    }
    TUPLE_SET(r, 0, key);
    TUPLE_SET(r, 1, value);
    return r;
}

static PhObject *dictiter_length_hint(PhState *S, PhObject *c, PhObject *const *args, size_t nargs,
                                      PhObject *kwnames)
{
    PhDictIter *it = (PhDictIter *)args[0];
    ssize_t n = 0;
    if (it->dict && it->used == D(it->dict)->used) n = it->len;
    return int_from_i64(S, n);
}

static const PhMethodDef dictiter_methods[] = {
    {"__length_hint__", dictiter_length_hint, METH_DEFAULT, NULL},
    {NULL, NULL, 0, NULL},
};

#define DICTITER_TYPE(tmpl, tname, nextfn)                                                     \
    const PhType tmpl##_type_template = {                                                      \
        .name = tname,                                                                         \
        .basicsize = sizeof(PhDictIter),                                                       \
        .flags = TPFLAG_HAVE_GC,                                                               \
        .dealloc = dictiter_dealloc,                                                           \
        .traverse = dictiter_traverse,                                                         \
        .iter = ctr_self_iter,                                                                 \
        .iternext = nextfn,                                                                    \
        .methods = dictiter_methods,                                                           \
    };
DICTITER_TYPE(dict_keyiter, "dict_keyiterator", dictiter_next_key)
DICTITER_TYPE(dict_valueiter, "dict_valueiterator", dictiter_next_value)
DICTITER_TYPE(dict_itemiter, "dict_itemiterator", dictiter_next_item)

static PhObject *dict_iter(PhState *S, PhObject *o) { return dictiter_new(S, o, ITER_KEYS, false); }

/* ---- views ---- */

typedef struct PhDictView {
    PhObject ob;
    PhObject *dict;
} PhDictView;

static PhType *view_type(PhState *S, int what)
{
    return what == ITER_KEYS     ? &S->types.dict_keys
           : what == ITER_VALUES ? &S->types.dict_values
                                 : &S->types.dict_items;
}

static PhObject *view_new(PhState *S, PhObject *d, int what)
{
    PhDictView *v = (PhDictView *)obj_alloc(S, view_type(S, what), sizeof(PhDictView));
    if (!v) return err_no_memory(S);
    INCREF(d);
    v->dict = d;
    gc_track(S, &v->ob);
    return &v->ob;
}

static void view_dealloc(PhState *S, PhObject *o)
{
    gc_untrack(o);
    XDECREF(S, ((PhDictView *)o)->dict);
    obj_free(S, o);
}

static int view_traverse(PhObject *o, visitproc visit, void *arg)
{
    VISIT(((PhDictView *)o)->dict);
    return 0;
}

static int view_what(PhState *S, PhObject *o)
{
    return o->type == &S->types.dict_keys     ? ITER_KEYS
           : o->type == &S->types.dict_values ? ITER_VALUES
                                              : ITER_ITEMS;
}

static inline PhObject *VDICT(PhObject *o) { return ((PhDictView *)o)->dict; }

static ssize_t view_len(PhState *S, PhObject *o) { return D(VDICT(o))->used; }

static PhObject *view_iter(PhState *S, PhObject *o)
{
    return dictiter_new(S, VDICT(o), view_what(S, o), false);
}

static int keys_contains(PhState *S, PhObject *o, PhObject *key)
{
    return dict_contains(S, VDICT(o), key);
}

static int items_contains(PhState *S, PhObject *o, PhObject *item)
{
    if (!ctr_is_tuple(S, item) || TUPLE_LEN(item) != 2) return 0;
    PhObject *found = dict_getitem(S, VDICT(o), TUPLE_GET(item, 0));
    if (!found) return err_occurred(S) ? -1 : 0;
    INCREF(found);
    int r = obj_richcompare_bool(S, found, TUPLE_GET(item, 1), CMP_EQ);
    DECREF(S, found);
    return r;
}

static PhObject *view_repr(PhState *S, PhObject *o)
{
    int rc = ctr_repr_enter(S, o);
    if (rc != 0) return rc > 0 ? str_from_cstr(S, "...") : NULL;
    PhObject *seq = list_from_iterable(S, o), *r = NULL;
    if (seq) {
        StrBuilder b;
        sb_init(&b);
        if (sb_append_cstr(S, &b, o->type->name) == 0 && sb_append_ascii(S, &b, "(", 1) == 0 &&
            sb_append_repr(S, &b, seq) == 0 && sb_append_ascii(S, &b, ")", 1) == 0)
            r = sb_finish(S, &b);
        else
            sb_discard(S, &b);
        DECREF(S, seq);
    }
    ctr_repr_leave(S, o);
    return r;
}

static bool is_setlike_view(PhState *S, PhObject *o)
{
    return o->type == &S->types.dict_keys || o->type == &S->types.dict_items;
}

/* Is every item of self in other? */
static int all_contained_in(PhState *S, PhObject *self, PhObject *other)
{
    PhObject *it = obj_iter(S, self);
    if (!it) return -1;
    int ok = 1;
    for (;;) {
        PhObject *x = obj_iternext(S, it);
        if (!x) {
            if (err_occurred(S)) ok = -1;
            break;
        }
        ok = obj_contains(S, other, x);
        DECREF(S, x);
        if (ok <= 0) break;
    }
    DECREF(S, it);
    return ok;
}

static PhObject *view_richcompare(PhState *S, PhObject *self, PhObject *other, int op)
{
    if (!ctr_is_anyset(S, other) && !is_setlike_view(S, other)) {
        INCREF(PH_NOTIMPL(S));
        return PH_NOTIMPL(S);
    }
    ssize_t ls = obj_len(S, self), lo = obj_len(S, other);
    if (ls < 0 || lo < 0) return NULL;
    int ok = 0;
    switch (op) {
    case CMP_NE:
    case CMP_EQ:
        if (ls == lo) ok = all_contained_in(S, self, other);
        if (op == CMP_NE && ok >= 0) ok = !ok;
        break;
    case CMP_LT:
        if (ls < lo) ok = all_contained_in(S, self, other);
        break;
    case CMP_LE:
        if (ls <= lo) ok = all_contained_in(S, self, other);
        break;
    case CMP_GT:
        if (ls > lo) ok = all_contained_in(S, other, self);
        break;
    default:
        if (ls >= lo) ok = all_contained_in(S, other, self);
        break;
    }
    if (ok < 0) return NULL;
    return ph_bool(S, ok);
}

/* set(view): a keys view of an exact dict builds from the dict itself. */
static PhObject *view_to_set(PhState *S, PhObject *self)
{
    PhObject *src = self;
    if (self->type == &S->types.dict_keys && VDICT(self)->type == &S->types.dict)
        src = VDICT(self);
    return set_new(S, src);
}

static PhObject *view_or(PhState *S, PhObject *a, PhObject *b)
{
    PhObject *self = a, *other = b;
    if (!is_setlike_view(S, self)) {
        self = b;
        other = a;
    }
    PhObject *r = view_to_set(S, self);
    if (!r) return NULL;
    if (set_update_internal(S, r, other) < 0) {
        DECREF(S, r);
        return NULL;
    }
    return r;
}

static PhObject *view_sub(PhState *S, PhObject *a, PhObject *b)
{
    PhObject *r = is_setlike_view(S, a) ? view_to_set(S, a) : set_new(S, a);
    if (!r) return NULL;
    PhObject *t = set_call_method(S, r, "difference_update", b);
    if (!t) {
        DECREF(S, r);
        return NULL;
    }
    DECREF(S, t);
    return r;
}

static PhObject *view_xor(PhState *S, PhObject *a, PhObject *b)
{
    PhObject *self = a, *other = b;
    if (!is_setlike_view(S, self)) {
        self = b;
        other = a;
    }
    PhObject *r = view_to_set(S, self);
    if (!r) return NULL;
    PhObject *t = set_call_method(S, r, "symmetric_difference_update", other);
    if (!t) {
        DECREF(S, r);
        return NULL;
    }
    DECREF(S, t);
    return r;
}

/* CPython's _PyDictView_Intersect. */
static PhObject *view_and(PhState *S, PhObject *a, PhObject *b)
{
    PhObject *self = a, *other = b;
    if (!is_setlike_view(S, self)) {
        self = b;
        other = a;
    }
    ssize_t len_self = view_len(S, self);
    if (other->type == &S->types.set) {
        ssize_t lo = set_len(other);
        if (len_self <= lo) return set_call_method(S, other, "intersection", self);
    }
    if (is_setlike_view(S, other) && view_len(S, other) > len_self) {
        PhObject *t = self;
        self = other;
        other = t;
    }
    PhObject *result = set_new(S, NULL);
    if (!result) return NULL;
    PhObject *it = obj_iter(S, other);
    if (!it) {
        DECREF(S, result);
        return NULL;
    }
    bool keys = self->type == &S->types.dict_keys;
    PhObject *x;
    while ((x = obj_iternext(S, it)) != NULL) {
        int rv = keys ? keys_contains(S, self, x) : items_contains(S, self, x);
        if (rv > 0) rv = set_add(S, result, x);
        DECREF(S, x);
        if (rv < 0) goto fail;
    }
    if (err_occurred(S)) goto fail;
    DECREF(S, it);
    return result;
fail:
    DECREF(S, it);
    DECREF(S, result);
    return NULL;
}

static PhObject *view_isdisjoint(PhState *S, PhObject *c, PhObject *const *args, size_t nargs,
                                 PhObject *kwnames)
{
    if (ctr_onearg(S, "isdisjoint", nargs - 1, kwnames) < 0) return NULL;
    PhObject *self = args[0], *other = args[1];
    if (self == other) return ph_bool(S, view_len(S, self) == 0);
    if (ctr_is_anyset(S, other) || is_setlike_view(S, other)) {
        ssize_t lo = obj_len(S, other);
        if (lo < 0) return NULL;
        if (lo > view_len(S, self)) {
            PhObject *t = self;
            self = other;
            other = t;
        }
    }
    PhObject *it = obj_iter(S, other);
    if (!it) return NULL;
    PhObject *x;
    while ((x = obj_iternext(S, it)) != NULL) {
        int c2 = obj_contains(S, self, x);
        DECREF(S, x);
        if (c2 != 0) {
            DECREF(S, it);
            return c2 < 0 ? NULL : ph_bool(S, false);
        }
    }
    DECREF(S, it);
    if (err_occurred(S)) return NULL;
    return ph_bool(S, true);
}

static PhObject *view_reversed(PhState *S, PhObject *c, PhObject *const *args, size_t nargs,
                               PhObject *kwnames)
{
    if (ctr_noargs(S, "__reversed__", nargs - 1, kwnames) < 0) return NULL;
    return dictiter_new(S, VDICT(args[0]), view_what(S, args[0]), true);
}

static const PhMethodDef setview_methods[] = {
    {"isdisjoint", view_isdisjoint, METH_DEFAULT,
     "Return True if the view and the given iterable have a null intersection."},
    {"__reversed__", view_reversed, METH_DEFAULT, NULL},
    {NULL, NULL, 0, NULL},
};
static const PhMethodDef valuesview_methods[] = {
    {"__reversed__", view_reversed, METH_DEFAULT, NULL},
    {NULL, NULL, 0, NULL},
};

static const PhNumberMethods setview_as_number = {
    .sub = view_sub,
    .and_ = view_and,
    .or_ = view_or,
    .xor_ = view_xor,
};
static const PhSequenceMethods keys_as_sequence = {.len = view_len, .contains = keys_contains};
static const PhSequenceMethods items_as_sequence = {.len = view_len, .contains = items_contains};
static const PhSequenceMethods values_as_sequence = {.len = view_len};

const PhType dict_keys_type_template = {
    .name = "dict_keys",
    .basicsize = sizeof(PhDictView),
    .flags = TPFLAG_HAVE_GC,
    .dealloc = view_dealloc,
    .traverse = view_traverse,
    .repr = view_repr,
    .hash = ctr_unhashable,
    .richcompare = view_richcompare,
    .iter = view_iter,
    .as_number = &setview_as_number,
    .as_sequence = &keys_as_sequence,
    .methods = setview_methods,
};

const PhType dict_items_type_template = {
    .name = "dict_items",
    .basicsize = sizeof(PhDictView),
    .flags = TPFLAG_HAVE_GC,
    .dealloc = view_dealloc,
    .traverse = view_traverse,
    .repr = view_repr,
    .hash = ctr_unhashable,
    .richcompare = view_richcompare,
    .iter = view_iter,
    .as_number = &setview_as_number,
    .as_sequence = &items_as_sequence,
    .methods = setview_methods,
};

const PhType dict_values_type_template = {
    .name = "dict_values",
    .basicsize = sizeof(PhDictView),
    .flags = TPFLAG_HAVE_GC,
    .dealloc = view_dealloc,
    .traverse = view_traverse,
    .repr = view_repr,
    .iter = view_iter,
    .as_sequence = &values_as_sequence,
    .methods = valuesview_methods,
};

/* ==== methods =========================================================================== */

#define SELF (args[0])
#define METHOD(name)                                                                       \
    static PhObject *name(PhState *S, PhObject *callable, PhObject *const *args, size_t nargs, \
                          PhObject *kwnames)

METHOD(dict_keys_m)
{
    if (ctr_noargs(S, "dict.keys", nargs - 1, kwnames) < 0) return NULL;
    return view_new(S, SELF, ITER_KEYS);
}

METHOD(dict_values_m)
{
    if (ctr_noargs(S, "dict.values", nargs - 1, kwnames) < 0) return NULL;
    return view_new(S, SELF, ITER_VALUES);
}

METHOD(dict_items_m)
{
    if (ctr_noargs(S, "dict.items", nargs - 1, kwnames) < 0) return NULL;
    return view_new(S, SELF, ITER_ITEMS);
}

METHOD(dict_get_m)
{
    if (ctr_no_kwargs(S, "dict.get", kwnames) < 0) return NULL;
    if (ctr_check_positional(S, "get", nargs - 1, 1, 2) < 0) return NULL;
    PhObject *v = dict_getitem(S, SELF, args[1]);
    if (!v) {
        if (err_occurred(S)) return NULL;
        v = nargs > 2 ? args[2] : PH_NONE(S);
    }
    INCREF(v);
    return v;
}

METHOD(dict_setdefault_m)
{
    if (ctr_no_kwargs(S, "dict.setdefault", kwnames) < 0) return NULL;
    if (ctr_check_positional(S, "setdefault", nargs - 1, 1, 2) < 0) return NULL;
    PhObject *v = dict_setdefault(S, SELF, args[1], nargs > 2 ? args[2] : PH_NONE(S));
    XINCREF(v);
    return v;
}

METHOD(dict_pop_m)
{
    if (ctr_no_kwargs(S, "dict.pop", kwnames) < 0) return NULL;
    if (ctr_check_positional(S, "pop", nargs - 1, 1, 2) < 0) return NULL;
    return dict_pop(S, SELF, args[1], nargs > 2 ? args[2] : NULL);
}

METHOD(dict_popitem_m)
{
    if (ctr_noargs(S, "dict.popitem", nargs - 1, kwnames) < 0) return NULL;
    PhDict *d = D(SELF);
    if (d->used == 0) {
        PhObject *msg = str_from_cstr(S, "popitem(): dictionary is empty");
        if (msg) {
            ctr_key_error(S, msg);
            DECREF(S, msg);
        }
        return NULL;
    }
    /* Allocate the result first: it may run a collection. */
    PhObject *res = tuple_new(S, 2);
    if (!res) return NULL;
    PhDictKeys *k = d->keys;
    ssize_t i = k->nentries - 1;
    while (i >= 0 && !dk_value(k, i)) i--;
    PhObject *key = dk_key(k, i), *value = dk_value(k, i);
    int64_t hash = dk_hash(k, i);
    size_t slot = lookup_index_slot(k, hash, i);
    dk_set_index(k, slot, DKIX_DUMMY);
    if (DK_IS_UNICODE(k)) {
        DK_UENTRIES(k)[i].key = NULL;
        DK_UENTRIES(k)[i].value = NULL;
    } else {
        DK_ENTRIES(k)[i].key = NULL;
        DK_ENTRIES(k)[i].value = NULL;
    }
    TUPLE_SET(res, 0, key); /* references move into the tuple */
    TUPLE_SET(res, 1, value);
    /* usable stays: the slot holds a dummy now. */
    k->nentries = i;
    d->used--;
    d->version = next_version(S);
    return res;
}

METHOD(dict_update_m)
{
    if (ctr_check_positional(S, "update", nargs - 1, 0, 1) < 0) return NULL;
    if (nargs > 1 && dict_update_arg(S, SELF, args[1]) < 0) return NULL;
    if (dict_update_kwnames(S, SELF, args + nargs, kwnames) < 0) return NULL;
    return ph_none(S);
}

METHOD(dict_copy_m)
{
    if (ctr_noargs(S, "dict.copy", nargs - 1, kwnames) < 0) return NULL;
    return dict_copy(S, SELF);
}

METHOD(dict_clear_m)
{
    if (ctr_noargs(S, "dict.clear", nargs - 1, kwnames) < 0) return NULL;
    dict_clear(S, SELF);
    return ph_none(S);
}

/* dict.fromkeys(iterable, value=None): a classmethod; args[0] is the class. */
METHOD(dict_fromkeys_m)
{
    if (ctr_no_kwargs(S, "dict.fromkeys", kwnames) < 0) return NULL;
    if (ctr_check_positional(S, "fromkeys", nargs - 1, 1, 2) < 0) return NULL;
    PhObject *cls = args[0], *iterable = args[1];
    PhObject *value = nargs > 2 ? args[2] : PH_NONE(S);
    PhObject *d = obj_call0(S, cls);
    if (!d) return NULL;
    if (d->type == &S->types.dict) {
        PhDict *mp = D(d);
        if (iterable->type == &S->types.dict) {
            if (dict_resize(S, mp, estimate_log2_keysize(D(iterable)->used),
                            DK_IS_UNICODE(D(iterable)->keys)) < 0)
                goto fail;
            ssize_t pos = 0;
            PhObject *key;
            int64_t hash;
            while (dict_next_hash(iterable, &pos, &key, NULL, &hash))
                if (setitem_known_hash(S, mp, key, hash, value) < 0) goto fail;
            return d;
        }
        if (iterable->type == &S->types.set || iterable->type == &S->types.frozenset) {
            if (dict_resize(S, mp, estimate_log2_keysize(set_len(iterable)), false) < 0) goto fail;
            ssize_t pos = 0;
            PhObject *key;
            int64_t hash;
            while (set_next_hash(iterable, &pos, &key, &hash))
                if (setitem_known_hash(S, mp, key, hash, value) < 0) goto fail;
            return d;
        }
    }
    PhObject *it = obj_iter(S, iterable);
    if (!it) goto fail;
    PhObject *key;
    while ((key = obj_iternext(S, it)) != NULL) {
        int st = d->type == &S->types.dict ? dict_setitem(S, d, key, value)
                                           : obj_setitem(S, d, key, value);
        DECREF(S, key);
        if (st < 0) {
            DECREF(S, it);
            goto fail;
        }
    }
    DECREF(S, it);
    if (err_occurred(S)) goto fail;
    return d;
fail:
    DECREF(S, d);
    return NULL;
}

METHOD(dict_contains_m)
{
    if (ctr_onearg(S, "dict.__contains__", nargs - 1, kwnames) < 0) return NULL;
    int r = dict_contains(S, SELF, args[1]);
    if (r < 0) return NULL;
    return ph_bool(S, r);
}

METHOD(dict_getitem_m)
{
    if (ctr_onearg(S, "dict.__getitem__", nargs - 1, kwnames) < 0) return NULL;
    return dict_subscript(S, SELF, args[1]);
}

/* CPython's _PyDict_SizeOf: the keys object counts only when this dict is
 * its sole owner (the shared empty keys never count). */
ssize_t dict_sizeof(PhObject *o)
{
    PhDict *d = D(o);
    ssize_t r = o->type->basicsize;
    if (d->keys && d->keys->refcnt == 1) r += (ssize_t)keys_nbytes(d->keys);
    return r;
}

METHOD(dict_sizeof_m)
{
    if (ctr_noargs(S, "dict.__sizeof__", nargs - 1, kwnames) < 0) return NULL;
    return int_from_i64(S, dict_sizeof(SELF));
}

METHOD(dict_reversed_m)
{
    if (ctr_noargs(S, "dict.__reversed__", nargs - 1, kwnames) < 0) return NULL;
    return dictiter_new(S, SELF, ITER_KEYS, true);
}

static const PhMethodDef dict_methods[] = {
    {"keys", dict_keys_m, METH_DEFAULT, "D.keys() -> a set-like object providing a view on D's keys"},
    {"values", dict_values_m, METH_DEFAULT, "D.values() -> an object providing a view on D's values"},
    {"items", dict_items_m, METH_DEFAULT, "D.items() -> a set-like object providing a view on D's items"},
    {"get", dict_get_m, METH_DEFAULT, "Return the value for key if key is in the dictionary, else default."},
    {"setdefault", dict_setdefault_m, METH_DEFAULT, "Insert key with a value of default if key is not in the dictionary."},
    {"pop", dict_pop_m, METH_DEFAULT, "D.pop(k[,d]) -> v, remove specified key and return the corresponding value."},
    {"popitem", dict_popitem_m, METH_DEFAULT, "Remove and return a (key, value) pair as a 2-tuple."},
    {"update", dict_update_m, METH_DEFAULT, "D.update([E, ]**F) -> None.  Update D from dict/iterable E and F."},
    {"copy", dict_copy_m, METH_DEFAULT, "D.copy() -> a shallow copy of D"},
    {"clear", dict_clear_m, METH_DEFAULT, "D.clear() -> None.  Remove all items from D."},
    {"fromkeys", dict_fromkeys_m, METH_CLASS, "Create a new dictionary with keys from iterable and values set to value."},
    {"__contains__", dict_contains_m, METH_DEFAULT, "True if the dictionary has the specified key, else False."},
    {"__getitem__", dict_getitem_m, METH_DEFAULT, "x.__getitem__(y) <==> x[y]"},
    {"__sizeof__", dict_sizeof_m, METH_DEFAULT, "D.__sizeof__() -> size of D in memory, in bytes"},
    {"__reversed__", dict_reversed_m, METH_DEFAULT, "Return a reverse iterator over the dict keys."},
    {NULL, NULL, 0, NULL},
};

/* ==== | and |= ========================================================================== */

static PhObject *dict_or(PhState *S, PhObject *a, PhObject *b)
{
    if (!ctr_is_dict(S, a) || !ctr_is_dict(S, b)) {
        INCREF(PH_NOTIMPL(S));
        return PH_NOTIMPL(S);
    }
    PhObject *r = dict_copy(S, a);
    if (!r) return NULL;
    if (dict_update_arg(S, r, b) < 0) {
        DECREF(S, r);
        return NULL;
    }
    return r;
}

static PhObject *dict_ior(PhState *S, PhObject *a, PhObject *b)
{
    if (dict_update_arg(S, a, b) < 0) return NULL;
    INCREF(a);
    return a;
}

static const PhNumberMethods dict_as_number = {
    .or_ = dict_or,
    .ior = dict_ior,
};

/* ==== construction ====================================================================== */

static PhObject *dict_new_slot(PhState *S, PhType *t, PhObject *const *args, size_t nargs,
                               PhObject *kwnames)
{
    if (t == &S->types.dict) return dict_new(S);
    PhObject *o = ctr_alloc_subtype(S, t);
    if (!o) return NULL;
    PhDictKeys *ek = empty_keys_ref(S);
    if (!ek) {
        DECREF(S, o);
        return NULL;
    }
    D(o)->keys = ek;
    D(o)->version = next_version(S);
    gc_track(S, o); /* subclass instances are always tracked, as in CPython */
    return o;
}

static int dict_init_slot(PhState *S, PhObject *self, PhObject *const *args, size_t nargs,
                          PhObject *kwnames)
{
    if (ctr_check_positional(S, "dict", nargs, 0, 1) < 0) return -1;
    if (nargs == 1 && dict_update_arg(S, self, args[0]) < 0) return -1;
    return dict_update_kwnames(S, self, args + nargs, kwnames);
}

static const PhMappingMethods dict_as_mapping = {
    .len = dict_length,
    .subscript = dict_subscript,
    .ass_subscript = dict_ass_subscript,
};

static const PhSequenceMethods dict_as_sequence = {
    .contains = dict_contains_slot,
};

const PhType dict_type_template = {
    .name = "dict",
    .basicsize = sizeof(PhDict),
    .flags = TPFLAG_HAVE_GC | TPFLAG_BASETYPE | TPFLAG_DICT_SUBCLASS | TPFLAG_UNTRACK_FULL_ONLY,
    .dealloc = dict_dealloc,
    .traverse = dict_traverse,
    .clear = dict_clear_slot,
    .maybe_untrack = dict_maybe_untrack,
    .repr = dict_repr,
    .hash = ctr_unhashable,
    .richcompare = dict_richcompare,
    .iter = dict_iter,
    .new_ = dict_new_slot,
    .init = dict_init_slot,
    .as_number = &dict_as_number,
    .as_sequence = &dict_as_sequence,
    .as_mapping = &dict_as_mapping,
    .methods = dict_methods,
};

/* Keep the values list helper reachable for builtins that want it. */
PhObject *dict_values_list(PhState *S, PhObject *d) { return dict_items_list(S, d, ITER_VALUES); }
PhObject *dict_items_as_list(PhState *S, PhObject *d) { return dict_items_list(S, d, ITER_ITEMS); }
