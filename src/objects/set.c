/* set and frozenset: CPython 3.11's setobject.
 *
 * Open addressing over {key, hash} entries. The table starts as the 8-slot
 * smalltable inside the object (getsizeof(set()) == 200 + 16 == 216). A
 * lookup probes hash & mask, then the next LINEAR_PROBES (9) slots when they
 * fit before the end of the table, then jumps with perturbation:
 * perturb >>= 5; i = (5*i + 1 + perturb) & mask. Deleted entries become
 * dummies (key DUMMY, hash -1) and are reused by insertions.
 *
 *   fill: active + dummy entries; used: active entries.
 *   After an insertion into a fresh slot, when fill*5 >= mask*3 the table is
 *   rebuilt for used*4 entries (used*2 above 50000), which makes iteration
 *   order of small ints match CPython's.
 *
 * The dummy is the address of a private constant, never a real object and
 * never reference counted (as in 3.11).
 */
#include "objects/set.h"

#include "objects/containers.h"

#define SET_MINSIZE 8
#define LINEAR_PROBES 9
#define PERTURB_SHIFT 5

typedef struct SetEntry {
    PhObject *key; /* NULL: never used; DUMMY: deleted */
    int64_t hash;
} SetEntry;

typedef struct PhSet {
    PhObject ob;
    ssize_t fill;
    ssize_t used;
    ssize_t mask;
    SetEntry *table;
    int64_t hash;   /* frozenset hash, -1 until computed */
    ssize_t finger; /* where set.pop() looks next */
    SetEntry smalltable[SET_MINSIZE];
    PhObject *weakreflist; /* kept for CPython's size; unused */
} PhSet;
_Static_assert(sizeof(PhSet) == 200, "CPython 3.11's PySetObject is 200 bytes");

static const char set_dummy_marker;
#define DUMMY ((PhObject *)(void *)&set_dummy_marker)

#define DISCARD_NOTFOUND 0
#define DISCARD_FOUND 1

static inline PhSet *SO(PhObject *o) { return (PhSet *)o; }
static inline Heap *heap_of(PhState *S) { return mem_of(S)->heap; }
static inline bool is_active(const SetEntry *e) { return e->key && e->key != DUMMY; }

bool ctr_is_anyset(PhState *S, const PhObject *o)
{
    const PhType *t = o->type;
    if (t == &S->types.set || t == &S->types.frozenset) return true;
    if (!(t->flags & TPFLAG_HEAPTYPE)) return false;
    return type_is_subtype(t, &S->types.set) || type_is_subtype(t, &S->types.frozenset);
}

static bool is_set(PhState *S, const PhObject *o)
{
    return o->type == &S->types.set ||
           ((o->type->flags & TPFLAG_HEAPTYPE) && type_is_subtype(o->type, &S->types.set));
}

static bool is_frozenset_exact(PhState *S, const PhObject *o)
{
    return o->type == &S->types.frozenset;
}

/* ==== probing ======================================================================= */

/* The entry holding key, or the first empty entry of its probe path; NULL
 * on a comparison error. */
static SetEntry *set_lookkey(PhState *S, PhSet *so, PhObject *key, int64_t hash)
{
restart:;
    size_t perturb = (size_t)hash, mask = (size_t)so->mask, i = (size_t)hash & mask;
    bool key_is_str = ctr_is_str_exact(S, key);
    for (;;) {
        SetEntry *entry = &so->table[i];
        int probes = (i + LINEAR_PROBES <= mask) ? LINEAR_PROBES : 0;
        do {
            if (entry->hash == 0 && entry->key == NULL) return entry;
            if (entry->hash == hash) {
                PhObject *startkey = entry->key;
                if (startkey == key) return entry;
                if (key_is_str && ctr_is_str_exact(S, startkey) && str_equal(startkey, key))
                    return entry;
                SetEntry *table = so->table;
                INCREF(startkey);
                int cmp = obj_richcompare_bool(S, startkey, key, CMP_EQ);
                DECREF(S, startkey);
                if (cmp < 0) return NULL;
                if (table != so->table || entry->key != startkey) goto restart;
                if (cmp > 0) return entry;
                mask = (size_t)so->mask;
            }
            entry++;
        } while (probes--);
        perturb >>= PERTURB_SHIFT;
        i = (i * 5 + 1 + perturb) & mask;
    }
}

static int set_table_resize(PhState *S, PhSet *so, ssize_t minused);

/* Adds key (a new reference is taken) unless present. */
static int set_add_entry(PhState *S, PhSet *so, PhObject *key, int64_t hash)
{
    /* Held across comparisons, which may run code that drops the caller's. */
    INCREF(key);
restart:;
    size_t mask = (size_t)so->mask, i = (size_t)hash & mask, perturb = (size_t)hash;
    SetEntry *freeslot = NULL, *entry;
    bool key_is_str = ctr_is_str_exact(S, key);
    for (;;) {
        entry = &so->table[i];
        int probes = (i + LINEAR_PROBES <= mask) ? LINEAR_PROBES : 0;
        do {
            if (entry->hash == 0 && entry->key == NULL) goto found_unused_or_dummy;
            if (entry->hash == hash) {
                PhObject *startkey = entry->key;
                if (startkey == key) goto found_active;
                if (key_is_str && ctr_is_str_exact(S, startkey) && str_equal(startkey, key))
                    goto found_active;
                SetEntry *table = so->table;
                INCREF(startkey);
                int cmp = obj_richcompare_bool(S, startkey, key, CMP_EQ);
                DECREF(S, startkey);
                if (cmp > 0) goto found_active;
                if (cmp < 0) goto comparison_error;
                if (table != so->table || entry->key != startkey) goto restart;
                mask = (size_t)so->mask;
            } else if (entry->hash == -1) {
                freeslot = entry;
            }
            entry++;
        } while (probes--);
        perturb >>= PERTURB_SHIFT;
        i = (i * 5 + 1 + perturb) & mask;
    }
found_unused_or_dummy:
    if (freeslot) {
        so->used++;
        freeslot->key = key;
        freeslot->hash = hash;
        return 0;
    }
    so->fill++;
    so->used++;
    entry->key = key;
    entry->hash = hash;
    if ((size_t)so->fill * 5 < mask * 3) return 0;
    return set_table_resize(S, so, so->used > 50000 ? so->used * 2 : so->used * 4);
found_active:
    DECREF(S, key);
    return 0;
comparison_error:
    DECREF(S, key);
    return -1;
}

/* Insertion into a table known to hold no equal key and no dummy. */
static void set_insert_clean(SetEntry *table, size_t mask, PhObject *key, int64_t hash)
{
    size_t perturb = (size_t)hash, i = (size_t)hash & mask;
    SetEntry *entry;
    for (;;) {
        entry = &table[i];
        if (!entry->key) goto found_null;
        if (i + LINEAR_PROBES <= mask) {
            for (int j = 0; j < LINEAR_PROBES; j++) {
                entry++;
                if (!entry->key) goto found_null;
            }
        }
        perturb >>= PERTURB_SHIFT;
        i = (i * 5 + 1 + perturb) & mask;
    }
found_null:
    entry->key = key;
    entry->hash = hash;
}

/* Rebuilds the table with the smallest power of two > minused slots. */
static int set_table_resize(PhState *S, PhSet *so, ssize_t minused)
{
    size_t newsize = SET_MINSIZE;
    while (newsize <= (size_t)minused) newsize <<= 1;
    SetEntry *oldtable = so->table, *newtable;
    ssize_t oldmask = so->mask;
    bool old_heap = oldtable != so->smalltable;
    SetEntry small_copy[SET_MINSIZE];

    if (newsize == SET_MINSIZE) {
        newtable = so->smalltable;
        if (newtable == oldtable) {
            if (so->fill == so->used) return 0; /* no dummies: nothing to do */
            memcpy(small_copy, oldtable, sizeof small_copy);
            oldtable = small_copy;
        }
    } else {
        if (newsize > SIZE_MAX / 4 / sizeof(SetEntry)) {
            err_no_memory(S);
            return -1;
        }
        newtable = heap_alloc(heap_of(S), newsize * sizeof(SetEntry));
        if (!newtable) {
            err_no_memory(S);
            return -1;
        }
    }
    memset(newtable, 0, newsize * sizeof(SetEntry));
    so->mask = (ssize_t)newsize - 1;
    so->table = newtable;
    size_t newmask = newsize - 1;
    if (so->fill == so->used) {
        for (SetEntry *e = oldtable; e <= oldtable + oldmask; e++)
            if (e->key) set_insert_clean(newtable, newmask, e->key, e->hash);
    } else {
        so->fill = so->used;
        for (SetEntry *e = oldtable; e <= oldtable + oldmask; e++)
            if (is_active(e)) set_insert_clean(newtable, newmask, e->key, e->hash);
    }
    if (old_heap) heap_free(heap_of(S), oldtable);
    return 0;
}

static int set_contains_entry(PhState *S, PhSet *so, PhObject *key, int64_t hash)
{
    SetEntry *e = set_lookkey(S, so, key, hash);
    if (!e) return -1;
    return e->key != NULL;
}

static int set_discard_entry(PhState *S, PhSet *so, PhObject *key, int64_t hash)
{
    SetEntry *e = set_lookkey(S, so, key, hash);
    if (!e) return -1;
    if (!e->key) return DISCARD_NOTFOUND;
    PhObject *old = e->key;
    e->key = DUMMY;
    e->hash = -1;
    so->used--;
    DECREF(S, old);
    return DISCARD_FOUND;
}

static int set_add_key(PhState *S, PhSet *so, PhObject *key)
{
    int64_t hash = ctr_hash(S, key);
    if (hash == -1) return -1;
    return set_add_entry(S, so, key, hash);
}

static int set_contains_key(PhState *S, PhSet *so, PhObject *key)
{
    int64_t hash = ctr_hash(S, key);
    if (hash == -1) return -1;
    return set_contains_entry(S, so, key, hash);
}

static int set_discard_key(PhState *S, PhSet *so, PhObject *key)
{
    int64_t hash = ctr_hash(S, key);
    if (hash == -1) return -1;
    return set_discard_entry(S, so, key, hash);
}

static void set_empty_to_minsize(PhSet *so)
{
    memset(so->smalltable, 0, sizeof so->smalltable);
    so->fill = 0;
    so->used = 0;
    so->mask = SET_MINSIZE - 1;
    so->table = so->smalltable;
    so->hash = -1;
}

/* Empties the set before releasing the keys (their deallocation may run
 * code that looks at the set). */
static void set_clear_internal(PhState *S, PhSet *so)
{
    SetEntry *table = so->table;
    ssize_t used = so->used;
    bool heap_table = table != so->smalltable;
    SetEntry small_copy[SET_MINSIZE];
    if (heap_table) {
        set_empty_to_minsize(so);
    } else if (so->fill > 0) {
        memcpy(small_copy, table, sizeof small_copy);
        table = small_copy;
        set_empty_to_minsize(so);
    }
    for (SetEntry *e = table; used > 0; e++) {
        if (is_active(e)) {
            used--;
            DECREF(S, e->key);
        }
    }
    if (heap_table) heap_free(heap_of(S), table);
}

static int set_next_entry(PhSet *so, ssize_t *pos, SetEntry **entry)
{
    ssize_t i = *pos, mask = so->mask;
    SetEntry *e = &so->table[i];
    while (i <= mask && !is_active(e)) {
        i++;
        e++;
    }
    *pos = i + 1;
    if (i > mask) return 0;
    *entry = e;
    return 1;
}

int set_next(PhObject *set, ssize_t *pos, PhObject **key)
{
    SetEntry *e;
    if (!set_next_entry(SO(set), pos, &e)) return 0;
    *key = e->key;
    return 1;
}

int set_next_hash(PhObject *set, ssize_t *pos, PhObject **key, int64_t *hash)
{
    SetEntry *e;
    if (!set_next_entry(SO(set), pos, &e)) return 0;
    *key = e->key;
    *hash = e->hash;
    return 1;
}

ssize_t set_len(PhObject *set) { return SO(set)->used; }

/* ==== objects ======================================================================= */

static PhSet *make_new_set(PhState *S, PhType *t, PhObject *iterable);

static void set_dealloc(PhState *S, PhObject *o)
{
    PhSet *so = SO(o);
    ssize_t used = so->used;
    gc_untrack(o);
    for (SetEntry *e = so->table; used > 0; e++) {
        if (is_active(e)) {
            used--;
            DECREF(S, e->key);
        }
    }
    if (so->table != so->smalltable) heap_free(heap_of(S), so->table);
    obj_free(S, o);
}

static int set_traverse(PhObject *o, visitproc visit, void *arg)
{
    PhSet *so = SO(o);
    ssize_t pos = 0;
    SetEntry *e;
    while (set_next_entry(so, &pos, &e)) VISIT(e->key);
    return 0;
}

static int set_clear_slot(PhState *S, PhObject *o)
{
    set_clear_internal(S, SO(o));
    return 0;
}

/* Merges another set or frozenset (CPython's set_merge). */
static int set_merge(PhState *S, PhSet *so, PhSet *other)
{
    if (other == so || other->used == 0) return 0;
    /* One resize up front, expecting few duplicates. */
    if ((so->fill + other->used) * 5 >= so->mask * 3) {
        if (set_table_resize(S, so, (so->used + other->used) * 2) < 0) return -1;
    }
    SetEntry *so_entry = so->table, *other_entry = other->table;
    /* Same size, empty target, no dummies: copy slot by slot. */
    if (so->fill == 0 && so->mask == other->mask && other->fill == other->used) {
        for (ssize_t i = 0; i <= other->mask; i++, so_entry++, other_entry++) {
            PhObject *key = other_entry->key;
            if (key) {
                INCREF(key);
                so_entry->key = key;
                so_entry->hash = other_entry->hash;
            }
        }
        so->fill = other->fill;
        so->used = other->used;
        return 0;
    }
    /* Empty target: no comparisons needed. */
    if (so->fill == 0) {
        so->fill = other->used;
        so->used = other->used;
        for (ssize_t i = other->mask + 1; i > 0; i--, other_entry++) {
            if (is_active(other_entry)) {
                INCREF(other_entry->key);
                set_insert_clean(so->table, (size_t)so->mask, other_entry->key, other_entry->hash);
            }
        }
        return 0;
    }
    for (ssize_t i = 0; i <= other->mask; i++) {
        other_entry = &other->table[i];
        if (is_active(other_entry) &&
            set_add_entry(S, so, other_entry->key, other_entry->hash) < 0)
            return -1;
    }
    return 0;
}

int set_update_internal(PhState *S, PhObject *set, PhObject *other)
{
    PhSet *so = SO(set);
    if (ctr_is_anyset(S, other)) return set_merge(S, so, SO(other));
    if (other->type == &S->types.dict) {
        ssize_t dictsize = dict_len(other);
        if ((so->fill + dictsize) * 5 >= so->mask * 3) {
            if (set_table_resize(S, so, (so->used + dictsize) * 2) < 0) return -1;
        }
        ssize_t pos = 0;
        PhObject *key, *value;
        int64_t hash;
        while (dict_next_hash(other, &pos, &key, &value, &hash))
            if (set_add_entry(S, so, key, hash) < 0) return -1;
        return 0;
    }
    PhObject *it = obj_iter(S, other);
    if (!it) return -1;
    iternextfunc next = it->type->iternext;
    PhObject *key;
    while ((key = next ? next(S, it) : obj_iternext(S, it)) != NULL) {
        int rc = set_add_key(S, so, key);
        DECREF(S, key);
        if (rc < 0) {
            DECREF(S, it);
            return -1;
        }
    }
    DECREF(S, it);
    return err_occurred(S) ? -1 : 0;
}

int set_update(PhState *S, PhObject *set, PhObject *iterable)
{
    return set_update_internal(S, set, iterable);
}

static PhSet *make_new_set(PhState *S, PhType *t, PhObject *iterable)
{
    PhSet *so = (PhSet *)obj_alloc(S, t, (size_t)t->basicsize);
    if (!so) {
        err_no_memory(S);
        return NULL;
    }
    if (t->basicsize > (ssize_t)sizeof(PhObject))
        memset((char *)so + sizeof(PhObject), 0, (size_t)t->basicsize - sizeof(PhObject));
    so->fill = 0;
    so->used = 0;
    so->mask = SET_MINSIZE - 1;
    so->table = so->smalltable;
    so->hash = -1;
    so->finger = 0;
    so->weakreflist = NULL;
    gc_track(S, &so->ob);
    if (iterable && set_update_internal(S, &so->ob, iterable) < 0) {
        DECREF(S, &so->ob);
        return NULL;
    }
    return so;
}

/* A set of so's base type (set or frozenset), as set operations return. */
static PhSet *make_new_set_basetype(PhState *S, PhType *t, PhObject *iterable)
{
    if (t != &S->types.set && t != &S->types.frozenset)
        t = type_is_subtype(t, &S->types.set) ? &S->types.set : &S->types.frozenset;
    return make_new_set(S, t, iterable);
}

PhObject *set_new(PhState *S, PhObject *iterable)
{
    PhSet *so = make_new_set(S, &S->types.set, iterable);
    return so ? &so->ob : NULL;
}

PhObject *frozenset_new(PhState *S, PhObject *iterable)
{
    if (iterable && is_frozenset_exact(S, iterable)) {
        INCREF(iterable);
        return iterable;
    }
    PhSet *so = make_new_set(S, &S->types.frozenset, iterable);
    return so ? &so->ob : NULL;
}

int set_add(PhState *S, PhObject *set, PhObject *key) { return set_add_key(S, SO(set), key); }

int set_discard(PhState *S, PhObject *set, PhObject *key)
{
    return set_discard_key(S, SO(set), key);
}

/* `key in set`, where an unhashable set key is looked up as a frozenset. */
int set_contains(PhState *S, PhObject *set, PhObject *key)
{
    int rv = set_contains_key(S, SO(set), key);
    if (rv < 0 && is_set(S, key) && err_matches(S, (PhObject *)&S->exc.TypeError)) {
        err_clear(S);
        PhSet *tmp = make_new_set(S, &S->types.frozenset, key);
        if (!tmp) return -1;
        rv = set_contains_key(S, SO(set), &tmp->ob);
        DECREF(S, &tmp->ob);
    }
    return rv;
}

static PhObject *set_copy_obj(PhState *S, PhSet *so)
{
    PhSet *copy = make_new_set_basetype(S, so->ob.type, NULL);
    if (!copy) return NULL;
    if (set_merge(S, copy, so) < 0) {
        DECREF(S, &copy->ob);
        return NULL;
    }
    return &copy->ob;
}

/* Exchanges the contents of a and b (set_swap_bodies). */
static void set_swap_bodies(PhState *S, PhSet *a, PhSet *b)
{
    ssize_t t;
    t = a->fill, a->fill = b->fill, b->fill = t;
    t = a->used, a->used = b->used, b->used = t;
    t = a->mask, a->mask = b->mask, b->mask = t;
    SetEntry *u = a->table == a->smalltable ? b->smalltable : a->table;
    a->table = b->table == b->smalltable ? a->smalltable : b->table;
    b->table = u;
    if (a->table == a->smalltable || b->table == b->smalltable) {
        SetEntry tab[SET_MINSIZE];
        memcpy(tab, a->smalltable, sizeof tab);
        memcpy(a->smalltable, b->smalltable, sizeof tab);
        memcpy(b->smalltable, tab, sizeof tab);
    }
    bool fa = a->ob.type == &S->types.frozenset || type_is_subtype(a->ob.type, &S->types.frozenset);
    bool fb = b->ob.type == &S->types.frozenset || type_is_subtype(b->ob.type, &S->types.frozenset);
    if (fa && fb) {
        int64_t h = a->hash;
        a->hash = b->hash;
        b->hash = h;
    } else {
        a->hash = -1;
        b->hash = -1;
    }
}

/* ==== the algebra ===================================================================== */

static PhObject *set_intersection(PhState *S, PhSet *so, PhObject *other)
{
    if (&so->ob == other) return set_copy_obj(S, so);
    PhSet *result = make_new_set_basetype(S, so->ob.type, NULL);
    if (!result) return NULL;
    if (ctr_is_anyset(S, other)) {
        PhSet *a = so, *b = SO(other);
        if (b->used > a->used) {
            PhSet *t = a;
            a = b;
            b = t;
        }
        ssize_t pos = 0;
        SetEntry *e;
        while (set_next_entry(b, &pos, &e)) {
            PhObject *key = e->key;
            int64_t hash = e->hash;
            INCREF(key);
            int rv = set_contains_entry(S, a, key, hash);
            if (rv > 0) rv = set_add_entry(S, result, key, hash);
            DECREF(S, key);
            if (rv < 0) goto fail;
        }
        return &result->ob;
    }
    PhObject *it = obj_iter(S, other);
    if (!it) goto fail;
    PhObject *key;
    while ((key = obj_iternext(S, it)) != NULL) {
        int64_t hash = ctr_hash(S, key);
        int rv = hash == -1 ? -1 : set_contains_entry(S, so, key, hash);
        if (rv > 0) rv = set_add_entry(S, result, key, hash);
        bool full = rv >= 0 && result->used >= so->used;
        DECREF(S, key);
        if (rv < 0) {
            DECREF(S, it);
            goto fail;
        }
        if (full) break;
    }
    DECREF(S, it);
    if (err_occurred(S)) goto fail;
    return &result->ob;
fail:
    DECREF(S, &result->ob);
    return NULL;
}

static int set_difference_update_internal(PhState *S, PhSet *so, PhObject *other)
{
    if (&so->ob == other) {
        set_clear_internal(S, so);
        return 0;
    }
    if (ctr_is_anyset(S, other)) {
        /* Much bigger other: only the common part matters. */
        PhObject *src;
        if ((SO(other)->used >> 3) > so->used) {
            src = set_intersection(S, so, other);
            if (!src) return -1;
        } else {
            src = other;
            INCREF(src);
        }
        ssize_t pos = 0;
        SetEntry *e;
        while (set_next_entry(SO(src), &pos, &e)) {
            PhObject *key = e->key;
            INCREF(key);
            int rv = set_discard_entry(S, so, key, e->hash);
            DECREF(S, key);
            if (rv < 0) {
                DECREF(S, src);
                return -1;
            }
        }
        DECREF(S, src);
    } else {
        PhObject *it = obj_iter(S, other);
        if (!it) return -1;
        PhObject *key;
        while ((key = obj_iternext(S, it)) != NULL) {
            int rv = set_discard_key(S, so, key);
            DECREF(S, key);
            if (rv < 0) {
                DECREF(S, it);
                return -1;
            }
        }
        DECREF(S, it);
        if (err_occurred(S)) return -1;
    }
    /* More than a quarter dummies: rebuild. */
    if ((size_t)(so->fill - so->used) <= (size_t)so->mask / 4) return 0;
    return set_table_resize(S, so, so->used > 50000 ? so->used * 2 : so->used * 4);
}

static PhObject *set_copy_and_difference(PhState *S, PhSet *so, PhObject *other)
{
    PhObject *r = set_copy_obj(S, so);
    if (!r) return NULL;
    if (set_difference_update_internal(S, SO(r), other) < 0) {
        DECREF(S, r);
        return NULL;
    }
    return r;
}

static PhObject *set_difference(PhState *S, PhSet *so, PhObject *other)
{
    ssize_t other_size;
    bool other_dict = other->type == &S->types.dict;
    if (ctr_is_anyset(S, other)) other_size = SO(other)->used;
    else if (other_dict) other_size = dict_len(other);
    else return set_copy_and_difference(S, so, other);
    /* Much bigger so: copying it and removing other's items is cheaper. */
    if ((so->used >> 2) > other_size) return set_copy_and_difference(S, so, other);
    PhSet *result = make_new_set_basetype(S, so->ob.type, NULL);
    if (!result) return NULL;
    ssize_t pos = 0;
    SetEntry *e;
    while (set_next_entry(so, &pos, &e)) {
        PhObject *key = e->key;
        int64_t hash = e->hash;
        INCREF(key);
        int rv = other_dict ? dict_contains_hash(S, other, key, hash)
                            : set_contains_entry(S, SO(other), key, hash);
        if (rv == 0) rv = set_add_entry(S, result, key, hash);
        DECREF(S, key);
        if (rv < 0) {
            DECREF(S, &result->ob);
            return NULL;
        }
    }
    return &result->ob;
}

static int set_symmetric_difference_update_internal(PhState *S, PhSet *so, PhObject *other)
{
    if (&so->ob == other) {
        set_clear_internal(S, so);
        return 0;
    }
    if (other->type == &S->types.dict) {
        ssize_t pos = 0;
        PhObject *key, *value;
        int64_t hash;
        while (dict_next_hash(other, &pos, &key, &value, &hash)) {
            INCREF(key);
            int rv = set_discard_entry(S, so, key, hash);
            if (rv == DISCARD_NOTFOUND) rv = set_add_entry(S, so, key, hash);
            DECREF(S, key);
            if (rv < 0) return -1;
        }
        return 0;
    }
    PhObject *otherset;
    if (ctr_is_anyset(S, other)) {
        INCREF(other);
        otherset = other;
    } else {
        PhSet *t = make_new_set_basetype(S, so->ob.type, other);
        if (!t) return -1;
        otherset = &t->ob;
    }
    ssize_t pos = 0;
    SetEntry *e;
    while (set_next_entry(SO(otherset), &pos, &e)) {
        PhObject *key = e->key;
        int64_t hash = e->hash;
        INCREF(key);
        int rv = set_discard_entry(S, so, key, hash);
        if (rv == DISCARD_NOTFOUND) rv = set_add_entry(S, so, key, hash);
        DECREF(S, key);
        if (rv < 0) {
            DECREF(S, otherset);
            return -1;
        }
    }
    DECREF(S, otherset);
    return 0;
}

static PhObject *set_symmetric_difference(PhState *S, PhSet *so, PhObject *other)
{
    PhSet *otherset = make_new_set_basetype(S, so->ob.type, other);
    if (!otherset) return NULL;
    if (set_symmetric_difference_update_internal(S, otherset, &so->ob) < 0) {
        DECREF(S, &otherset->ob);
        return NULL;
    }
    return &otherset->ob;
}

/* 1, 0, -1 */
static int set_issubset_internal(PhState *S, PhSet *so, PhObject *other)
{
    if (!ctr_is_anyset(S, other)) {
        PhSet *tmp = make_new_set(S, &S->types.set, other);
        if (!tmp) return -1;
        int r = set_issubset_internal(S, so, &tmp->ob);
        DECREF(S, &tmp->ob);
        return r;
    }
    if (so->used > SO(other)->used) return 0;
    ssize_t pos = 0;
    SetEntry *e;
    while (set_next_entry(so, &pos, &e)) {
        PhObject *key = e->key;
        INCREF(key);
        int rv = set_contains_entry(S, SO(other), key, e->hash);
        DECREF(S, key);
        if (rv <= 0) return rv;
    }
    return 1;
}

static int set_issuperset_internal(PhState *S, PhSet *so, PhObject *other)
{
    if (ctr_is_anyset(S, other)) return set_issubset_internal(S, SO(other), &so->ob);
    PhSet *tmp = make_new_set(S, &S->types.set, other);
    if (!tmp) return -1;
    int r = set_issubset_internal(S, tmp, &so->ob);
    DECREF(S, &tmp->ob);
    return r;
}

static int set_isdisjoint_internal(PhState *S, PhSet *so, PhObject *other)
{
    if (&so->ob == other) return so->used == 0;
    if (ctr_is_anyset(S, other)) {
        PhSet *a = so, *b = SO(other);
        if (b->used > a->used) {
            PhSet *t = a;
            a = b;
            b = t;
        }
        ssize_t pos = 0;
        SetEntry *e;
        while (set_next_entry(b, &pos, &e)) {
            PhObject *key = e->key;
            INCREF(key);
            int rv = set_contains_entry(S, a, key, e->hash);
            DECREF(S, key);
            if (rv != 0) return rv < 0 ? -1 : 0;
        }
        return 1;
    }
    PhObject *it = obj_iter(S, other);
    if (!it) return -1;
    PhObject *key;
    while ((key = obj_iternext(S, it)) != NULL) {
        int rv = set_contains_key(S, so, key);
        DECREF(S, key);
        if (rv != 0) {
            DECREF(S, it);
            return rv < 0 ? -1 : 0;
        }
    }
    DECREF(S, it);
    return err_occurred(S) ? -1 : 1;
}

/* ==== hash, compare, repr ================================================================ */

/* Spreads the bits of nearby hash values (CPython's _shuffle_bits). */
static uint64_t shuffle_bits(uint64_t h) { return ((h ^ 89869747UL) ^ (h << 16)) * 3644798167UL; }

/* CPython's frozenset hash: an order-independent xor of the shuffled entry
 * hashes, mixed with the size. */
static int64_t frozenset_hash_impl(PhSet *so)
{
    uint64_t hash = 0;
    for (SetEntry *e = so->table; e <= &so->table[so->mask]; e++)
        if (is_active(e)) hash ^= shuffle_bits((uint64_t)e->hash);
    hash ^= ((uint64_t)so->used + 1) * 1927868237UL;
    hash ^= (hash >> 11) ^ (hash >> 25);
    hash = hash * 69069U + 907133923UL;
    if (hash == (uint64_t)-1) hash = 590923713UL;
    return (int64_t)hash;
}

static int64_t frozenset_hash(PhState *S, PhObject *o)
{
    PhSet *so = SO(o);
    if (so->hash != -1) return so->hash;
    so->hash = frozenset_hash_impl(so);
    return so->hash;
}

static PhObject *set_richcompare(PhState *S, PhObject *v, PhObject *w, int op)
{
    if (!ctr_is_anyset(S, w)) {
        INCREF(PH_NOTIMPL(S));
        return PH_NOTIMPL(S);
    }
    PhSet *a = SO(v), *b = SO(w);
    int r;
    switch (op) {
    case CMP_EQ:
    case CMP_NE:
        if (a->used != b->used) r = 0;
        else if (a->hash != -1 && b->hash != -1 && a->hash != b->hash) r = 0;
        else r = set_issubset_internal(S, a, w);
        if (r >= 0 && op == CMP_NE) r = !r;
        break;
    case CMP_LE: r = set_issubset_internal(S, a, w); break;
    case CMP_GE: r = set_issuperset_internal(S, a, w); break;
    case CMP_LT: r = a->used >= b->used ? 0 : set_issubset_internal(S, a, w); break;
    default: r = a->used <= b->used ? 0 : set_issuperset_internal(S, a, w); break;
    }
    if (r < 0) return NULL;
    return ph_bool(S, r);
}

static PhObject *set_repr(PhState *S, PhObject *o)
{
    PhSet *so = SO(o);
    bool exact_set = o->type == &S->types.set;
    StrBuilder b;
    sb_init(&b);
    int rc = ctr_repr_enter(S, o);
    if (rc != 0) {
        if (rc < 0) return NULL;
        if (sb_append_cstr(S, &b, o->type->name) < 0 || sb_append_cstr(S, &b, "(...)") < 0)
            goto fail_nolist;
        return sb_finish(S, &b);
    }
    if (so->used == 0) {
        ctr_repr_leave(S, o);
        if (sb_append_cstr(S, &b, o->type->name) < 0 || sb_append_cstr(S, &b, "()") < 0)
            goto fail_nolist;
        return sb_finish(S, &b);
    }
    PhObject *keys = list_from_iterable(S, o);
    if (!keys) goto fail;
    if (!exact_set && (sb_append_cstr(S, &b, o->type->name) < 0 || sb_append_cstr(S, &b, "(") < 0))
        goto fail_keys;
    if (sb_append_cstr(S, &b, "{") < 0) goto fail_keys;
    for (ssize_t i = 0; i < LIST_LEN(keys); i++) {
        if (i > 0 && sb_append_ascii(S, &b, ", ", 2) < 0) goto fail_keys;
        if (sb_append_repr(S, &b, LIST_GET(keys, i)) < 0) goto fail_keys;
    }
    if (sb_append_cstr(S, &b, exact_set ? "}" : "})") < 0) goto fail_keys;
    DECREF(S, keys);
    ctr_repr_leave(S, o);
    return sb_finish(S, &b);
fail_keys:
    DECREF(S, keys);
fail:
    ctr_repr_leave(S, o);
fail_nolist:
    sb_discard(S, &b);
    return NULL;
}

/* ==== number protocol: | & - ^ and their in-place forms ============================= */

#define NOT_IMPLEMENTED()                                                                  \
    do {                                                                                   \
        INCREF(PH_NOTIMPL(S));                                                             \
        return PH_NOTIMPL(S);                                                              \
    } while (0)

static PhObject *set_or(PhState *S, PhObject *a, PhObject *b)
{
    if (!ctr_is_anyset(S, a) || !ctr_is_anyset(S, b)) NOT_IMPLEMENTED();
    PhObject *r = set_copy_obj(S, SO(a));
    if (!r || a == b) return r;
    if (set_update_internal(S, r, b) < 0) {
        DECREF(S, r);
        return NULL;
    }
    return r;
}

static PhObject *set_and(PhState *S, PhObject *a, PhObject *b)
{
    if (!ctr_is_anyset(S, a) || !ctr_is_anyset(S, b)) NOT_IMPLEMENTED();
    return set_intersection(S, SO(a), b);
}

static PhObject *set_sub(PhState *S, PhObject *a, PhObject *b)
{
    if (!ctr_is_anyset(S, a) || !ctr_is_anyset(S, b)) NOT_IMPLEMENTED();
    return set_difference(S, SO(a), b);
}

static PhObject *set_xor(PhState *S, PhObject *a, PhObject *b)
{
    if (!ctr_is_anyset(S, a) || !ctr_is_anyset(S, b)) NOT_IMPLEMENTED();
    return set_symmetric_difference(S, SO(a), b);
}

static PhObject *set_ior(PhState *S, PhObject *a, PhObject *b)
{
    if (!ctr_is_anyset(S, b)) NOT_IMPLEMENTED();
    if (set_update_internal(S, a, b) < 0) return NULL;
    INCREF(a);
    return a;
}

static int set_intersection_update_internal(PhState *S, PhSet *so, PhObject *other)
{
    PhObject *tmp = set_intersection(S, so, other);
    if (!tmp) return -1;
    set_swap_bodies(S, so, SO(tmp));
    DECREF(S, tmp);
    return 0;
}

static PhObject *set_iand(PhState *S, PhObject *a, PhObject *b)
{
    if (!ctr_is_anyset(S, b)) NOT_IMPLEMENTED();
    if (set_intersection_update_internal(S, SO(a), b) < 0) return NULL;
    INCREF(a);
    return a;
}

static PhObject *set_isub(PhState *S, PhObject *a, PhObject *b)
{
    if (!ctr_is_anyset(S, b)) NOT_IMPLEMENTED();
    if (set_difference_update_internal(S, SO(a), b) < 0) return NULL;
    INCREF(a);
    return a;
}

static PhObject *set_ixor(PhState *S, PhObject *a, PhObject *b)
{
    if (!ctr_is_anyset(S, b)) NOT_IMPLEMENTED();
    if (set_symmetric_difference_update_internal(S, SO(a), b) < 0) return NULL;
    INCREF(a);
    return a;
}

static const PhNumberMethods set_as_number = {
    .sub = set_sub,
    .and_ = set_and,
    .or_ = set_or,
    .xor_ = set_xor,
    .isub = set_isub,
    .iand = set_iand,
    .ior = set_ior,
    .ixor = set_ixor,
};

static const PhNumberMethods frozenset_as_number = {
    .sub = set_sub,
    .and_ = set_and,
    .or_ = set_or,
    .xor_ = set_xor,
};

/* ==== methods ========================================================================= */

#define SELF (args[0])
#define METHOD(name)                                                                       \
    static PhObject *name(PhState *S, PhObject *callable, PhObject *const *args, size_t nargs, \
                          PhObject *kwnames)

/* "set.add" or "frozenset.copy" for messages. */
static const char *qual(PhState *S, PhObject *self, const char *set_name, const char *fs_name)
{
    return is_set(S, self) ? set_name : fs_name;
}

METHOD(set_add_m)
{
    if (ctr_onearg(S, "set.add", nargs - 1, kwnames) < 0) return NULL;
    if (set_add_key(S, SO(SELF), args[1]) < 0) return NULL;
    return ph_none(S);
}

/* remove/discard: an unhashable set argument is looked up as a frozenset. */
static int discard_with_set_key(PhState *S, PhSet *so, PhObject *key)
{
    int rv = set_discard_key(S, so, key);
    if (rv < 0 && is_set(S, key) && err_matches(S, (PhObject *)&S->exc.TypeError)) {
        err_clear(S);
        PhSet *tmp = make_new_set(S, &S->types.frozenset, key);
        if (!tmp) return -1;
        rv = set_discard_key(S, so, &tmp->ob);
        DECREF(S, &tmp->ob);
    }
    return rv;
}

METHOD(set_remove_m)
{
    if (ctr_onearg(S, "set.remove", nargs - 1, kwnames) < 0) return NULL;
    int rv = discard_with_set_key(S, SO(SELF), args[1]);
    if (rv < 0) return NULL;
    if (rv == DISCARD_NOTFOUND) {
        ctr_key_error(S, args[1]);
        return NULL;
    }
    return ph_none(S);
}

METHOD(set_discard_m)
{
    if (ctr_onearg(S, "set.discard", nargs - 1, kwnames) < 0) return NULL;
    if (discard_with_set_key(S, SO(SELF), args[1]) < 0) return NULL;
    return ph_none(S);
}

METHOD(set_pop_m)
{
    if (ctr_noargs(S, "set.pop", nargs - 1, kwnames) < 0) return NULL;
    PhSet *so = SO(SELF);
    if (so->used == 0) {
        PhObject *msg = str_from_cstr(S, "pop from an empty set");
        if (msg) {
            ctr_key_error(S, msg);
            DECREF(S, msg);
        }
        return NULL;
    }
    SetEntry *entry = so->table + (so->finger & so->mask), *limit = so->table + so->mask;
    while (!is_active(entry)) {
        entry++;
        if (entry > limit) entry = so->table;
    }
    PhObject *key = entry->key;
    entry->key = DUMMY;
    entry->hash = -1;
    so->used--;
    so->finger = entry - so->table + 1;
    return key;
}

METHOD(set_clear_m)
{
    if (ctr_noargs(S, "set.clear", nargs - 1, kwnames) < 0) return NULL;
    set_clear_internal(S, SO(SELF));
    return ph_none(S);
}

METHOD(set_copy_m)
{
    if (ctr_noargs(S, qual(S, SELF, "set.copy", "frozenset.copy"), nargs - 1, kwnames) < 0)
        return NULL;
    if (is_frozenset_exact(S, SELF)) {
        INCREF(SELF);
        return SELF;
    }
    return set_copy_obj(S, SO(SELF));
}

METHOD(set_update_m)
{
    if (ctr_no_kwargs(S, "set.update", kwnames) < 0) return NULL;
    for (size_t i = 1; i < nargs; i++)
        if (set_update_internal(S, SELF, args[i]) < 0) return NULL;
    return ph_none(S);
}

METHOD(set_union_m)
{
    if (ctr_no_kwargs(S, qual(S, SELF, "set.union", "frozenset.union"), kwnames) < 0) return NULL;
    PhObject *r = set_copy_obj(S, SO(SELF));
    if (!r) return NULL;
    for (size_t i = 1; i < nargs; i++) {
        if (args[i] == SELF) continue;
        if (set_update_internal(S, r, args[i]) < 0) {
            DECREF(S, r);
            return NULL;
        }
    }
    return r;
}

METHOD(set_intersection_m)
{
    if (ctr_no_kwargs(S, qual(S, SELF, "set.intersection", "frozenset.intersection"), kwnames) < 0)
        return NULL;
    if (nargs == 1) return set_copy_obj(S, SO(SELF));
    PhObject *r = SELF;
    INCREF(r);
    for (size_t i = 1; i < nargs; i++) {
        PhObject *nr = set_intersection(S, SO(r), args[i]);
        DECREF(S, r);
        if (!nr) return NULL;
        r = nr;
    }
    return r;
}

METHOD(set_intersection_update_m)
{
    if (ctr_no_kwargs(S, "set.intersection_update", kwnames) < 0) return NULL;
    PhObject *tmp = set_intersection_m(S, callable, args, nargs, NULL);
    if (!tmp) return NULL;
    set_swap_bodies(S, SO(SELF), SO(tmp));
    DECREF(S, tmp);
    return ph_none(S);
}

METHOD(set_difference_m)
{
    if (ctr_no_kwargs(S, qual(S, SELF, "set.difference", "frozenset.difference"), kwnames) < 0)
        return NULL;
    if (nargs == 1) return set_copy_obj(S, SO(SELF));
    PhObject *r = set_difference(S, SO(SELF), args[1]);
    if (!r) return NULL;
    for (size_t i = 2; i < nargs; i++) {
        if (set_difference_update_internal(S, SO(r), args[i]) < 0) {
            DECREF(S, r);
            return NULL;
        }
    }
    return r;
}

METHOD(set_difference_update_m)
{
    if (ctr_no_kwargs(S, "set.difference_update", kwnames) < 0) return NULL;
    for (size_t i = 1; i < nargs; i++)
        if (set_difference_update_internal(S, SO(SELF), args[i]) < 0) return NULL;
    return ph_none(S);
}

METHOD(set_symmetric_difference_m)
{
    if (ctr_onearg(S, qual(S, SELF, "set.symmetric_difference", "frozenset.symmetric_difference"),
                   nargs - 1, kwnames) < 0)
        return NULL;
    return set_symmetric_difference(S, SO(SELF), args[1]);
}

METHOD(set_symmetric_difference_update_m)
{
    if (ctr_onearg(S, "set.symmetric_difference_update", nargs - 1, kwnames) < 0) return NULL;
    if (set_symmetric_difference_update_internal(S, SO(SELF), args[1]) < 0) return NULL;
    return ph_none(S);
}

METHOD(set_issubset_m)
{
    if (ctr_onearg(S, qual(S, SELF, "set.issubset", "frozenset.issubset"), nargs - 1, kwnames) < 0)
        return NULL;
    int r = set_issubset_internal(S, SO(SELF), args[1]);
    return r < 0 ? NULL : ph_bool(S, r);
}

METHOD(set_issuperset_m)
{
    if (ctr_onearg(S, qual(S, SELF, "set.issuperset", "frozenset.issuperset"), nargs - 1,
                   kwnames) < 0)
        return NULL;
    int r = set_issuperset_internal(S, SO(SELF), args[1]);
    return r < 0 ? NULL : ph_bool(S, r);
}

METHOD(set_isdisjoint_m)
{
    if (ctr_onearg(S, qual(S, SELF, "set.isdisjoint", "frozenset.isdisjoint"), nargs - 1,
                   kwnames) < 0)
        return NULL;
    int r = set_isdisjoint_internal(S, SO(SELF), args[1]);
    return r < 0 ? NULL : ph_bool(S, r);
}

METHOD(set_contains_m)
{
    if (ctr_onearg(S, qual(S, SELF, "set.__contains__", "frozenset.__contains__"), nargs - 1,
                   kwnames) < 0)
        return NULL;
    int r = set_contains(S, SELF, args[1]);
    return r < 0 ? NULL : ph_bool(S, r);
}

METHOD(set_sizeof_m)
{
    if (ctr_noargs(S, qual(S, SELF, "set.__sizeof__", "frozenset.__sizeof__"), nargs - 1,
                   kwnames) < 0)
        return NULL;
    PhSet *so = SO(SELF);
    ssize_t r = SELF->type->basicsize;
    if (so->table != so->smalltable) r += (so->mask + 1) * (ssize_t)sizeof(SetEntry);
    return int_from_i64(S, r);
}

static const PhMethodDef set_methods[] = {
    {"add", set_add_m, METH_DEFAULT, "Add an element to a set."},
    {"clear", set_clear_m, METH_DEFAULT, "Remove all elements from this set."},
    {"copy", set_copy_m, METH_DEFAULT, "Return a shallow copy of a set."},
    {"discard", set_discard_m, METH_DEFAULT, "Remove an element from a set if it is a member."},
    {"difference", set_difference_m, METH_DEFAULT, "Return the difference of two or more sets as a new set."},
    {"difference_update", set_difference_update_m, METH_DEFAULT, "Remove all elements of another set from this set."},
    {"intersection", set_intersection_m, METH_DEFAULT, "Return the intersection of two sets as a new set."},
    {"intersection_update", set_intersection_update_m, METH_DEFAULT, "Update a set with the intersection of itself and another."},
    {"isdisjoint", set_isdisjoint_m, METH_DEFAULT, "Return True if two sets have a null intersection."},
    {"issubset", set_issubset_m, METH_DEFAULT, "Report whether another set contains this set."},
    {"issuperset", set_issuperset_m, METH_DEFAULT, "Report whether this set contains another set."},
    {"pop", set_pop_m, METH_DEFAULT, "Remove and return an arbitrary set element."},
    {"remove", set_remove_m, METH_DEFAULT, "Remove an element from a set; it must be a member."},
    {"symmetric_difference", set_symmetric_difference_m, METH_DEFAULT, "Return the symmetric difference of two sets as a new set."},
    {"symmetric_difference_update", set_symmetric_difference_update_m, METH_DEFAULT, "Update a set with the symmetric difference of itself and another."},
    {"union", set_union_m, METH_DEFAULT, "Return the union of sets as a new set."},
    {"update", set_update_m, METH_DEFAULT, "Update a set with the union of itself and others."},
    {"__contains__", set_contains_m, METH_DEFAULT, "x.__contains__(y) <==> y in x."},
    {"__sizeof__", set_sizeof_m, METH_DEFAULT, "S.__sizeof__() -> size of S in memory, in bytes"},
    {NULL, NULL, 0, NULL},
};

static const PhMethodDef frozenset_methods[] = {
    {"copy", set_copy_m, METH_DEFAULT, "Return a shallow copy of a set."},
    {"difference", set_difference_m, METH_DEFAULT, "Return the difference of two or more sets as a new set."},
    {"intersection", set_intersection_m, METH_DEFAULT, "Return the intersection of two sets as a new set."},
    {"isdisjoint", set_isdisjoint_m, METH_DEFAULT, "Return True if two sets have a null intersection."},
    {"issubset", set_issubset_m, METH_DEFAULT, "Report whether another set contains this set."},
    {"issuperset", set_issuperset_m, METH_DEFAULT, "Report whether this set contains another set."},
    {"symmetric_difference", set_symmetric_difference_m, METH_DEFAULT, "Return the symmetric difference of two sets as a new set."},
    {"union", set_union_m, METH_DEFAULT, "Return the union of sets as a new set."},
    {"__contains__", set_contains_m, METH_DEFAULT, "x.__contains__(y) <==> y in x."},
    {"__sizeof__", set_sizeof_m, METH_DEFAULT, "S.__sizeof__() -> size of S in memory, in bytes"},
    {NULL, NULL, 0, NULL},
};

PhObject *set_call_method(PhState *S, PhObject *set, const char *name, PhObject *arg)
{
    for (const PhMethodDef *m = set_methods; m->name; m++) {
        if (strcmp(m->name, name) == 0) {
            PhObject *argv[2] = {set, arg};
            return m->fn(S, NULL, argv, 2, NULL);
        }
    }
    return err_format(S, &S->exc.SystemError, "set has no method %s", name);
}

/* ==== construction ======================================================================= */

static PhObject *set_new_slot(PhState *S, PhType *t, PhObject *const *args, size_t nargs,
                              PhObject *kwnames)
{
    if ((t == &S->types.set || t->init == S->types.set.init) &&
        ctr_no_kwargs(S, "set", kwnames) < 0)
        return NULL;
    PhSet *so = make_new_set(S, t, NULL);
    return so ? &so->ob : NULL;
}

static int set_init_slot(PhState *S, PhObject *self, PhObject *const *args, size_t nargs,
                         PhObject *kwnames)
{
    if (ctr_no_kwargs(S, "set", kwnames) < 0) return -1;
    if (ctr_check_positional(S, "set", nargs, 0, 1) < 0) return -1;
    PhSet *so = SO(self);
    if (so->fill) set_clear_internal(S, so);
    so->hash = -1;
    if (nargs == 0) return 0;
    return set_update_internal(S, self, args[0]);
}

static PhObject *frozenset_new_slot(PhState *S, PhType *t, PhObject *const *args, size_t nargs,
                                    PhObject *kwnames)
{
    if ((t == &S->types.frozenset || t->init == S->types.frozenset.init) &&
        ctr_no_kwargs(S, "frozenset", kwnames) < 0)
        return NULL;
    if (ctr_check_positional(S, t->name, nargs, 0, 1) < 0) return NULL;
    PhObject *iterable = nargs ? args[0] : NULL;
    if (t == &S->types.frozenset) return frozenset_new(S, iterable);
    PhSet *so = make_new_set(S, t, iterable);
    return so ? &so->ob : NULL;
}

/* ==== set_iterator ======================================================================== */

typedef struct PhSetIter {
    PhObject ob;
    PhObject *set; /* NULL once exhausted */
    ssize_t used;  /* set size when iteration started; -1: sticky error */
    ssize_t pos;
    ssize_t len;
} PhSetIter;

static PhObject *set_iter(PhState *S, PhObject *o)
{
    PhSetIter *it = (PhSetIter *)obj_alloc(S, &S->types.set_iter, sizeof(PhSetIter));
    if (!it) return err_no_memory(S);
    INCREF(o);
    it->set = o;
    it->used = SO(o)->used;
    it->pos = 0;
    it->len = it->used;
    gc_track(S, &it->ob);
    return &it->ob;
}

static void setiter_dealloc(PhState *S, PhObject *o)
{
    gc_untrack(o);
    XDECREF(S, ((PhSetIter *)o)->set);
    obj_free(S, o);
}

static int setiter_traverse(PhObject *o, visitproc visit, void *arg)
{
    VISIT(((PhSetIter *)o)->set);
    return 0;
}

static PhObject *setiter_next(PhState *S, PhObject *o)
{
    PhSetIter *it = (PhSetIter *)o;
    PhObject *set = it->set;
    if (!set) return NULL;
    PhSet *so = SO(set);
    if (it->used != so->used) {
        err_format(S, &S->exc.RuntimeError, "Set changed size during iteration");
        it->used = -1;
        return NULL;
    }
    ssize_t i = it->pos, mask = so->mask;
    SetEntry *e = so->table;
    while (i <= mask && !is_active(&e[i])) i++;
    it->pos = i + 1;
    if (i > mask) {
        it->set = NULL;
        DECREF(S, set);
        return NULL;
    }
    it->len--;
    INCREF(e[i].key);
    return e[i].key;
}

METHOD(setiter_length_hint)
{
    PhSetIter *it = (PhSetIter *)SELF;
    ssize_t n = 0;
    if (it->set && it->used == SO(it->set)->used) n = it->len;
    return int_from_i64(S, n);
}

static const PhMethodDef setiter_methods[] = {
    {"__length_hint__", setiter_length_hint, METH_DEFAULT, NULL},
    {NULL, NULL, 0, NULL},
};

const PhType set_iter_type_template = {
    .name = "set_iterator",
    .basicsize = sizeof(PhSetIter),
    .flags = TPFLAG_HAVE_GC,
    .dealloc = setiter_dealloc,
    .traverse = setiter_traverse,
    .iter = ctr_self_iter,
    .iternext = setiter_next,
    .methods = setiter_methods,
};

/* ==== the types =========================================================================== */

static ssize_t set_length_slot(PhState *S, PhObject *o) { return SO(o)->used; }

static int set_contains_slot(PhState *S, PhObject *o, PhObject *key)
{
    return set_contains(S, o, key);
}

static const PhSequenceMethods set_as_sequence = {
    .len = set_length_slot,
    .contains = set_contains_slot,
};

const PhType set_type_template = {
    .name = "set",
    .basicsize = sizeof(PhSet),
    .flags = TPFLAG_HAVE_GC | TPFLAG_BASETYPE,
    .dealloc = set_dealloc,
    .traverse = set_traverse,
    .clear = set_clear_slot,
    .repr = set_repr,
    .hash = ctr_unhashable,
    .richcompare = set_richcompare,
    .iter = set_iter,
    .new_ = set_new_slot,
    .init = set_init_slot,
    .as_number = &set_as_number,
    .as_sequence = &set_as_sequence,
    .methods = set_methods,
};

const PhType frozenset_type_template = {
    .name = "frozenset",
    .basicsize = sizeof(PhSet),
    .flags = TPFLAG_HAVE_GC | TPFLAG_BASETYPE,
    .dealloc = set_dealloc,
    .traverse = set_traverse,
    .clear = set_clear_slot,
    .repr = set_repr,
    .hash = frozenset_hash,
    .richcompare = set_richcompare,
    .iter = set_iter,
    .new_ = frozenset_new_slot,
    .as_number = &frozenset_as_number,
    .as_sequence = &set_as_sequence,
    .methods = frozenset_methods,
};
