/* list: CPython 3.11's layout and growth policy.
 *
 * A 40-byte PhList (PhVarObject + items pointer + allocated) with the item
 * array in its own heap block. Capacity changes only in list_resize, with
 * CPython's over-allocation (newsize + newsize/8 + 6, rounded down to a
 * multiple of 4, or just newsize rounded up to 4 when a big jump would make
 * the slack larger than the jump), so sys.getsizeof (40 + 8*allocated + 16)
 * agrees with CPython for the same operations: [] 56, after one append 88,
 * [0]*10 136, list(range(4)) 88.
 *
 * Invariants: 0 <= size <= allocated; items == NULL iff allocated == 0,
 * except while list.sort runs, when items == NULL and allocated == -1 so
 * that any mutation from a key function or a comparison is detected.
 *
 * Freelist: up to 80 dead exact list shells (their item arrays freed) are
 * kept and reused LIFO, without touching the collector's gen-0 count, as
 * CPython does (see containers.h).
 */
#include "objects/list.h"

#include "objects/containers.h"
#include "objects/slice.h"

#define LIST_SORT_TMP_STACK 8

static inline PhList *L(PhObject *o) { return (PhList *)o; }
static inline Heap *heap_of(PhState *S) { return mem_of(S)->heap; }

/* ==== allocation ====================================================================== */

/* An exact list shell with no items, untracked: from the freelist if one is
 * kept there. */
static PhList *list_alloc_shell(PhState *S)
{
    PhContainers *C = ctr_state(S);
    PhList *l;
    if (C && C->list_numfree > 0) {
        l = C->list_free[--C->list_numfree];
        l->ob.ob.refcnt = 1;
    } else {
        l = (PhList *)obj_alloc(S, &S->types.list, sizeof(PhList));
        if (!l) {
            err_no_memory(S);
            return NULL;
        }
    }
    l->ob.size = 0;
    l->items = NULL;
    l->allocated = 0;
    return l;
}

static PhObject **items_alloc(PhState *S, ssize_t n)
{
    if ((size_t)n > SIZE_MAX / 2 / sizeof(PhObject *)) {
        err_no_memory(S);
        return NULL;
    }
    PhObject **p = heap_alloc(heap_of(S), (size_t)n * sizeof(PhObject *));
    if (!p) err_no_memory(S);
    return p;
}

PhObject *list_new(PhState *S, ssize_t n)
{
    if (n < 0) return err_format(S, &S->exc.SystemError, "negative list size");
    PhList *l = list_alloc_shell(S);
    if (!l) return NULL;
    if (n > 0) {
        l->items = items_alloc(S, n);
        if (!l->items) {
            DECREF(S, &l->ob.ob);
            return NULL;
        }
        memset(l->items, 0, (size_t)n * sizeof(PhObject *));
        l->ob.size = n;
        l->allocated = n;
    }
    gc_track(S, &l->ob.ob);
    return &l->ob.ob;
}

/* CPython's list_new_prealloc: an empty list with room for exactly n. */
static PhObject *list_new_prealloc(PhState *S, ssize_t n)
{
    PhObject *o = list_new(S, 0);
    if (!o || n == 0) return o;
    L(o)->items = items_alloc(S, n);
    if (!L(o)->items) {
        DECREF(S, o);
        return NULL;
    }
    L(o)->allocated = n;
    return o;
}

/* CPython's list_preallocate_exact, for an empty list about to receive n
 * items: rounded up to an even count (the heap's 16-byte granularity makes
 * the odd slot free). */
static int list_preallocate_exact(PhState *S, PhList *l, ssize_t n)
{
    n = (n + 1) & ~(ssize_t)1;
    PhObject **p = items_alloc(S, n);
    if (!p) return -1;
    l->items = p;
    l->allocated = n;
    return 0;
}

/* Sets the size to newsize, changing the capacity as CPython 3.11 does.
 * New slots are not initialised. */
static int list_resize(PhState *S, PhList *l, ssize_t newsize)
{
    ssize_t allocated = l->allocated;
    if (allocated >= newsize && newsize >= (allocated >> 1)) {
        l->ob.size = newsize;
        return 0;
    }
    size_t new_allocated = ((size_t)newsize + ((size_t)newsize >> 3) + 6) & ~(size_t)3;
    /* Do not over-allocate when the jump is bigger than the slack would be. */
    if (newsize - l->ob.size > (ssize_t)(new_allocated - (size_t)newsize))
        new_allocated = ((size_t)newsize + 3) & ~(size_t)3;
    if (newsize == 0) new_allocated = 0;
    if (new_allocated == 0) {
        if (l->items) heap_free(heap_of(S), l->items);
        l->items = NULL;
    } else {
        if (new_allocated > SIZE_MAX / 2 / sizeof(PhObject *)) {
            err_no_memory(S);
            return -1;
        }
        PhObject **p = heap_realloc(heap_of(S), l->items, new_allocated * sizeof(PhObject *));
        if (!p) {
            err_no_memory(S);
            return -1;
        }
        l->items = p;
    }
    l->ob.size = newsize;
    l->allocated = (ssize_t)new_allocated;
    return 0;
}

/* Empties the list; the items are released after the list is consistent. */
static void list_clear_items(PhState *S, PhList *l)
{
    PhObject **items = l->items;
    if (!items) return;
    ssize_t n = l->ob.size;
    l->ob.size = 0;
    l->items = NULL;
    l->allocated = 0;
    while (--n >= 0) XDECREF(S, items[n]);
    heap_free(heap_of(S), items);
}

static void list_dealloc(PhState *S, PhObject *o)
{
    PhList *l = L(o);
    gc_untrack(o);
    if (l->items) {
        for (ssize_t i = l->ob.size - 1; i >= 0; i--) XDECREF(S, l->items[i]);
        heap_free(heap_of(S), l->items);
        l->items = NULL;
    }
    PhContainers *C = ctr_state(S);
    if (C && C->list_numfree < LIST_MAXFREELIST && o->type == &S->types.list) {
        C->list_free[C->list_numfree++] = l;
        return; /* kept: not freed, gen-0 count untouched */
    }
    obj_free(S, o);
}

void list_freelist_clear(PhState *S)
{
    PhContainers *C = ctr_state(S);
    if (!C) return;
    while (C->list_numfree > 0) obj_free(S, &C->list_free[--C->list_numfree]->ob.ob);
}

static int list_traverse(PhObject *o, visitproc visit, void *arg)
{
    PhList *l = L(o);
    for (ssize_t i = l->ob.size - 1; i >= 0; i--) VISIT(l->items[i]);
    return 0;
}

static int list_clear_slot(PhState *S, PhObject *o)
{
    list_clear_items(S, L(o));
    return 0;
}

/* ==== growing ========================================================================= */

int list_append(PhState *S, PhObject *list, PhObject *v)
{
    PhList *l = L(list);
    ssize_t n = l->ob.size;
    if (l->allocated > n) {
        INCREF(v);
        l->items[n] = v;
        l->ob.size = n + 1;
        return 0;
    }
    if (list_resize(S, l, n + 1) < 0) return -1;
    INCREF(v);
    l->items[n] = v;
    return 0;
}

static int list_insert_at(PhState *S, PhList *l, ssize_t where, PhObject *v)
{
    ssize_t n = l->ob.size;
    if (list_resize(S, l, n + 1) < 0) return -1;
    if (where < 0) {
        where += n;
        if (where < 0) where = 0;
    }
    if (where > n) where = n;
    memmove(&l->items[where + 1], &l->items[where], (size_t)(n - where) * sizeof(PhObject *));
    INCREF(v);
    l->items[where] = v;
    return 0;
}

/* Appends the items of a list or tuple (or the list itself). */
static int list_extend_array(PhState *S, PhList *l, PhObject *src_obj)
{
    ssize_t n = ctr_is_list(S, src_obj) ? LIST_LEN(src_obj) : TUPLE_LEN(src_obj);
    if (n == 0) return 0;
    ssize_t m = l->ob.size;
    if (!l->items) {
        if (list_preallocate_exact(S, l, n) < 0) return -1;
        l->ob.size = n;
    } else if (list_resize(S, l, m + n) < 0) {
        return -1;
    }
    /* Read the source after resizing: it may be l itself. */
    PhObject **src = ctr_is_list(S, src_obj) ? LIST_ITEMS(src_obj) : TUPLE_ITEMS(src_obj);
    PhObject **dst = l->items + m;
    for (ssize_t i = 0; i < n; i++) {
        INCREF(src[i]);
        dst[i] = src[i];
    }
    return 0;
}

int list_extend(PhState *S, PhObject *list, PhObject *iterable)
{
    PhList *l = L(list);
    if (iterable->type == &S->types.list || iterable->type == &S->types.tuple || iterable == list)
        return list_extend_array(S, l, iterable);

    PhObject *it = obj_iter(S, iterable);
    if (!it) return -1;
    iternextfunc next = it->type->iternext;
    /* Guess the final size and make room once. */
    ssize_t n = ctr_length_hint(S, iterable, 8);
    if (n < 0) goto error;
    ssize_t m = l->ob.size;
    if (m > PTRDIFF_MAX / 16 - n) {
        /* an absurd hint: grow as items come */
    } else if (!l->items) {
        /* An empty list gets exactly the hint (rounded up to even). */
        if (n && list_preallocate_exact(S, l, n) < 0) goto error;
    } else {
        if (list_resize(S, l, m + n) < 0) goto error;
        l->ob.size = m;
    }
    for (;;) {
        PhObject *x = next ? next(S, it) : obj_iternext(S, it);
        if (!x) {
            if (err_occurred(S)) goto error;
            break;
        }
        if (l->ob.size < l->allocated) {
            l->items[l->ob.size++] = x; /* the reference moves into the list */
        } else {
            int rc = list_append(S, list, x);
            DECREF(S, x);
            if (rc < 0) goto error;
        }
    }
    /* Give back what the guess over-reserved (list_resize's rule decides). */
    if (l->ob.size < l->allocated && list_resize(S, l, l->ob.size) < 0) goto error;
    DECREF(S, it);
    return 0;
error:
    DECREF(S, it);
    return -1;
}

PhObject *list_from_iterable(PhState *S, PhObject *iterable)
{
    PhObject *l = list_new(S, 0);
    if (!l) return NULL;
    if (list_extend(S, l, iterable) < 0) {
        DECREF(S, l);
        return NULL;
    }
    return l;
}

PhObject *list_as_tuple(PhState *S, PhObject *list)
{
    return tuple_from_array(S, LIST_ITEMS(list), LIST_LEN(list));
}

/* ==== slices ========================================================================== */

static PhObject *list_slice(PhState *S, PhList *a, ssize_t lo, ssize_t hi)
{
    ssize_t n = hi - lo;
    if (n <= 0) return list_new(S, 0);
    PhObject *r = list_new_prealloc(S, n);
    if (!r) return NULL;
    PhObject **src = a->items + lo, **dst = L(r)->items;
    for (ssize_t i = 0; i < n; i++) {
        INCREF(src[i]);
        dst[i] = src[i];
    }
    L(r)->ob.size = n;
    return r;
}

/* A list or tuple view of v, as PySequence_Fast: v itself (new reference)
 * for exact lists and tuples, else a new list. */
PhObject *ctr_seq_fast(PhState *S, PhObject *v, const char *msg)
{
    if (v->type == &S->types.list || v->type == &S->types.tuple) {
        INCREF(v);
        return v;
    }
    PhObject *it = obj_iter(S, v);
    if (!it) {
        if (err_matches(S, (PhObject *)&S->exc.TypeError)) {
            err_clear(S);
            err_format(S, &S->exc.TypeError, "%s", msg);
        }
        return NULL;
    }
    DECREF(S, it);
    return list_from_iterable(S, v);
}

static inline ssize_t fast_len(PhState *S, PhObject *f)
{
    return f->type == &S->types.tuple ? TUPLE_LEN(f) : LIST_LEN(f);
}
static inline PhObject **fast_items(PhState *S, PhObject *f)
{
    return f->type == &S->types.tuple ? TUPLE_ITEMS(f) : LIST_ITEMS(f);
}

/* a[lo:hi] = v (v NULL: delete), CPython's list_ass_slice. */
static int list_ass_slice(PhState *S, PhList *a, ssize_t lo, ssize_t hi, PhObject *v)
{
    PhObject *fast = NULL;
    PhObject **vitems = NULL;
    ssize_t n = 0;
    if (v) {
        if (v == &a->ob.ob) {
            PhObject *copy = list_slice(S, a, 0, a->ob.size);
            if (!copy) return -1;
            int rc = list_ass_slice(S, a, lo, hi, copy);
            DECREF(S, copy);
            return rc;
        }
        fast = ctr_seq_fast(S, v, "can only assign an iterable");
        if (!fast) return -1;
        n = fast_len(S, fast);
        vitems = fast_items(S, fast);
    }
    ssize_t size = a->ob.size;
    if (lo < 0) lo = 0;
    else if (lo > size) lo = size;
    if (hi < lo) hi = lo;
    else if (hi > size) hi = size;
    ssize_t norig = hi - lo;
    ssize_t d = n - norig;
    if (size + d == 0) {
        XDECREF(S, fast);
        list_clear_items(S, a);
        return 0;
    }
    /* Keep the removed items until the list is consistent again. */
    PhObject *stack_recycle[LIST_SORT_TMP_STACK];
    PhObject **recycle = stack_recycle;
    if (norig > LIST_SORT_TMP_STACK) {
        recycle = items_alloc(S, norig);
        if (!recycle) {
            XDECREF(S, fast);
            return -1;
        }
    }
    if (norig) memcpy(recycle, &a->items[lo], (size_t)norig * sizeof(PhObject *));
    if (d < 0) {
        memmove(&a->items[hi + d], &a->items[hi], (size_t)(size - hi) * sizeof(PhObject *));
        if (list_resize(S, a, size + d) < 0) {
            /* Cannot happen when shrinking with a working heap; undo. */
            memmove(&a->items[hi], &a->items[hi + d], (size_t)(size - hi) * sizeof(PhObject *));
            memcpy(&a->items[lo], recycle, (size_t)norig * sizeof(PhObject *));
            goto fail;
        }
    } else if (d > 0) {
        if (list_resize(S, a, size + d) < 0) goto fail;
        memmove(&a->items[hi + d], &a->items[hi], (size_t)(size - hi) * sizeof(PhObject *));
    }
    for (ssize_t k = 0; k < n; k++) {
        XINCREF(vitems[k]);
        a->items[lo + k] = vitems[k];
    }
    for (ssize_t k = norig - 1; k >= 0; k--) XDECREF(S, recycle[k]);
    if (recycle != stack_recycle) heap_free(heap_of(S), recycle);
    XDECREF(S, fast);
    return 0;
fail:
    if (recycle != stack_recycle) heap_free(heap_of(S), recycle);
    XDECREF(S, fast);
    return -1;
}

/* del a[start:stop:step] for step != 1 (slicelen items). */
static int list_del_extended(PhState *S, PhList *a, ssize_t start, ssize_t step, ssize_t slicelen)
{
    if (slicelen <= 0) return 0;
    if (step < 0) {
        ssize_t stop = start + 1;
        start = stop + step * (slicelen - 1) - 1;
        step = -step;
    }
    PhObject **garbage = items_alloc(S, slicelen);
    if (!garbage) return -1;
    size_t cur;
    ssize_t i;
    size_t size = (size_t)a->ob.size;
    /* Slide the kept items down over the removed ones, run by run. */
    for (cur = (size_t)start, i = 0; i < slicelen; cur += (size_t)step, i++) {
        size_t lim = (size_t)step - 1;
        garbage[i] = a->items[cur];
        if (cur + (size_t)step >= size) lim = size - cur - 1;
        memmove(a->items + cur - i, a->items + cur + 1, lim * sizeof(PhObject *));
    }
    cur = (size_t)start + (size_t)slicelen * (size_t)step;
    if (cur < size)
        memmove(a->items + cur - slicelen, a->items + cur, (size - cur) * sizeof(PhObject *));
    a->ob.size -= slicelen;
    int rc = list_resize(S, a, a->ob.size);
    for (i = 0; i < slicelen; i++) DECREF(S, garbage[i]);
    heap_free(heap_of(S), garbage);
    return rc;
}

static int list_assign_extended(PhState *S, PhList *a, ssize_t start, ssize_t step,
                                ssize_t slicelen, PhObject *v)
{
    PhObject *seq;
    if (v == &a->ob.ob) seq = list_slice(S, a, 0, a->ob.size);
    else seq = ctr_seq_fast(S, v, "must assign iterable to extended slice");
    if (!seq) return -1;
    ssize_t n = fast_len(S, seq);
    if (n != slicelen) {
        err_format(S, &S->exc.ValueError,
                   "attempt to assign sequence of size %zd to extended slice of size %zd", n,
                   slicelen);
        DECREF(S, seq);
        return -1;
    }
    if (slicelen == 0) {
        DECREF(S, seq);
        return 0;
    }
    PhObject **garbage = items_alloc(S, slicelen);
    if (!garbage) {
        DECREF(S, seq);
        return -1;
    }
    PhObject **src = fast_items(S, seq);
    size_t cur = (size_t)start;
    for (ssize_t i = 0; i < slicelen; i++, cur += (size_t)step) {
        garbage[i] = a->items[cur];
        INCREF(src[i]);
        a->items[cur] = src[i];
    }
    for (ssize_t i = 0; i < slicelen; i++) DECREF(S, garbage[i]);
    heap_free(heap_of(S), garbage);
    DECREF(S, seq);
    return 0;
}

/* ==== sequence and mapping protocols ================================================== */

static ssize_t list_length(PhState *S, PhObject *o) { return LIST_LEN(o); }

static PhObject *list_item(PhState *S, PhObject *o, ssize_t i)
{
    if ((size_t)i >= (size_t)LIST_LEN(o))
        return err_format(S, &S->exc.IndexError, "list index out of range");
    PhObject *v = LIST_GET(o, i);
    INCREF(v);
    return v;
}

static PhObject *list_subscript(PhState *S, PhObject *o, PhObject *key)
{
    if (key->type == &S->types.int_) {
        int overflow = 0;
        int64_t i = int_as_i64(key, &overflow);
        if (!overflow) {
            if (i < 0) i += LIST_LEN(o);
            return list_item(S, o, (ssize_t)i);
        }
    }
    if (ctr_has_index(S, key)) {
        bool err;
        ssize_t i = ctr_as_index(S, key, &err);
        if (err) return NULL;
        if (i < 0) i += LIST_LEN(o);
        return list_item(S, o, i);
    }
    if (key->type == &S->types.slice) {
        ssize_t start, stop, step, n;
        if (slice_unpack_indices(S, key, LIST_LEN(o), &start, &stop, &step, &n) < 0) return NULL;
        if (n <= 0) return list_new(S, 0);
        if (step == 1) return list_slice(S, L(o), start, stop);
        PhObject *r = list_new_prealloc(S, n);
        if (!r) return NULL;
        for (ssize_t i = 0, cur = start; i < n; i++, cur += step) {
            PhObject *v = LIST_GET(o, cur);
            INCREF(v);
            L(r)->items[i] = v;
        }
        L(r)->ob.size = n;
        return r;
    }
    return err_format(S, &S->exc.TypeError, "list indices must be integers or slices, not %s",
                      key->type->name);
}

static int list_ass_item(PhState *S, PhList *l, ssize_t i, PhObject *v)
{
    if (i < 0) i += l->ob.size;
    if ((size_t)i >= (size_t)l->ob.size) {
        err_format(S, &S->exc.IndexError, "list assignment index out of range");
        return -1;
    }
    if (!v) return list_ass_slice(S, l, i, i + 1, NULL);
    PhObject *old = l->items[i];
    INCREF(v);
    l->items[i] = v;
    DECREF(S, old);
    return 0;
}

static int list_ass_subscript(PhState *S, PhObject *o, PhObject *key, PhObject *v)
{
    PhList *l = L(o);
    if (ctr_has_index(S, key)) {
        bool err;
        ssize_t i = ctr_as_index(S, key, &err);
        if (err) return -1;
        return list_ass_item(S, l, i, v);
    }
    if (key->type == &S->types.slice) {
        ssize_t start, stop, step, n;
        if (slice_unpack_indices(S, key, l->ob.size, &start, &stop, &step, &n) < 0) return -1;
        if (step == 1) return list_ass_slice(S, l, start, stop, v);
        /* s[5:2] = [...] inserts before 5, not before 2. */
        if ((step < 0 && start < stop) || (step > 0 && start > stop)) stop = start;
        if (!v) return list_del_extended(S, l, start, step, n);
        return list_assign_extended(S, l, start, step, n, v);
    }
    err_format(S, &S->exc.TypeError, "list indices must be integers or slices, not %s",
               key->type->name);
    return -1;
}

static PhObject *list_concat(PhState *S, PhObject *a, PhObject *b)
{
    if (!ctr_is_list(S, b))
        return err_format(S, &S->exc.TypeError, "can only concatenate list (not \"%s\") to list",
                          b->type->name);
    ssize_t na = LIST_LEN(a), nb = LIST_LEN(b);
    PhObject *r = list_new_prealloc(S, na + nb);
    if (!r) return NULL;
    PhObject **dst = L(r)->items;
    for (ssize_t i = 0; i < na; i++) {
        INCREF(LIST_GET(a, i));
        dst[i] = LIST_GET(a, i);
    }
    for (ssize_t i = 0; i < nb; i++) {
        INCREF(LIST_GET(b, i));
        dst[na + i] = LIST_GET(b, i);
    }
    L(r)->ob.size = na + nb;
    return r;
}

static PhObject *list_repeat(PhState *S, PhObject *a, ssize_t n)
{
    ssize_t len = LIST_LEN(a);
    if (len == 0 || n <= 0) return list_new(S, 0);
    if (len > PTRDIFF_MAX / 16 / n) return err_no_memory(S);
    PhObject *r = list_new_prealloc(S, len * n);
    if (!r) return NULL;
    PhObject **dst = L(r)->items;
    for (ssize_t k = 0; k < n; k++)
        for (ssize_t i = 0; i < len; i++) {
            INCREF(LIST_GET(a, i));
            *dst++ = LIST_GET(a, i);
        }
    L(r)->ob.size = len * n;
    return r;
}

static PhObject *list_inplace_concat(PhState *S, PhObject *a, PhObject *b)
{
    if (list_extend(S, a, b) < 0) return NULL;
    INCREF(a);
    return a;
}

static PhObject *list_inplace_repeat(PhState *S, PhObject *a, ssize_t n)
{
    PhList *l = L(a);
    ssize_t len = l->ob.size;
    if (len == 0 || n == 1) {
        INCREF(a);
        return a;
    }
    if (n < 1) {
        list_clear_items(S, l);
        INCREF(a);
        return a;
    }
    if (len > PTRDIFF_MAX / 16 / n) return err_no_memory(S);
    if (list_resize(S, l, len * n) < 0) return NULL;
    PhObject **items = l->items;
    for (ssize_t k = 1; k < n; k++)
        for (ssize_t i = 0; i < len; i++) {
            INCREF(items[i]);
            items[k * len + i] = items[i];
        }
    INCREF(a);
    return a;
}

static int list_contains(PhState *S, PhObject *o, PhObject *v)
{
    for (ssize_t i = 0; i < LIST_LEN(o); i++) {
        PhObject *item = LIST_GET(o, i);
        INCREF(item);
        int r = ctr_eq(S, item, v);
        DECREF(S, item);
        if (r != 0) return r;
    }
    return 0;
}

/* ==== comparison and repr =============================================================== */

static inline ssize_t seq_len(PhState *S, PhObject *o)
{
    return ctr_is_list(S, o) ? LIST_LEN(o) : TUPLE_LEN(o);
}
static inline PhObject *seq_get(PhState *S, PhObject *o, ssize_t i)
{
    return ctr_is_list(S, o) ? LIST_GET(o, i) : TUPLE_GET(o, i);
}

static PhObject *cmp_sizes(PhState *S, ssize_t a, ssize_t b, int op)
{
    bool r;
    switch (op) {
    case CMP_LT: r = a < b; break;
    case CMP_LE: r = a <= b; break;
    case CMP_EQ: r = a == b; break;
    case CMP_NE: r = a != b; break;
    case CMP_GT: r = a > b; break;
    default: r = a >= b; break;
    }
    return ph_bool(S, r);
}

/* Lexicographic comparison of two lists or two tuples (CPython's
 * list_richcompare / tuplerichcompare). Lengths are re-read at each step:
 * an __eq__ may change a list. */
PhObject *ctr_seq_richcompare(PhState *S, PhObject *v, PhObject *w, int op)
{
    if (seq_len(S, v) != seq_len(S, w) && (op == CMP_EQ || op == CMP_NE))
        return ph_bool(S, op == CMP_NE);
    ssize_t i;
    for (i = 0; i < seq_len(S, v) && i < seq_len(S, w); i++) {
        PhObject *a = seq_get(S, v, i), *b = seq_get(S, w, i);
        if (a == b) continue;
        INCREF(a);
        INCREF(b);
        int k = obj_richcompare_bool(S, a, b, CMP_EQ);
        DECREF(S, a);
        DECREF(S, b);
        if (k < 0) return NULL;
        if (!k) break;
    }
    if (i >= seq_len(S, v) || i >= seq_len(S, w)) return cmp_sizes(S, seq_len(S, v), seq_len(S, w), op);
    if (op == CMP_EQ) return ph_bool(S, false);
    if (op == CMP_NE) return ph_bool(S, true);
    PhObject *a = seq_get(S, v, i), *b = seq_get(S, w, i);
    INCREF(a);
    INCREF(b);
    PhObject *r = obj_richcompare(S, a, b, op);
    DECREF(S, a);
    DECREF(S, b);
    return r;
}

static PhObject *list_richcompare(PhState *S, PhObject *a, PhObject *b, int op)
{
    if (!ctr_is_list(S, a) || !ctr_is_list(S, b)) {
        INCREF(PH_NOTIMPL(S));
        return PH_NOTIMPL(S);
    }
    return ctr_seq_richcompare(S, a, b, op);
}

static PhObject *list_repr(PhState *S, PhObject *o)
{
    if (LIST_LEN(o) == 0) return str_from_cstr(S, "[]");
    int rc = ctr_repr_enter(S, o);
    if (rc != 0) return rc > 0 ? str_from_cstr(S, "[...]") : NULL;
    StrBuilder b;
    sb_init(&b);
    if (sb_append_ascii(S, &b, "[", 1) < 0) goto fail;
    /* The list may change while its items' reprs run: re-read each time. */
    for (ssize_t i = 0; i < LIST_LEN(o); i++) {
        if (i > 0 && sb_append_ascii(S, &b, ", ", 2) < 0) goto fail;
        PhObject *item = LIST_GET(o, i);
        INCREF(item);
        int r = sb_append_repr(S, &b, item);
        DECREF(S, item);
        if (r < 0) goto fail;
    }
    if (sb_append_ascii(S, &b, "]", 1) < 0) goto fail;
    ctr_repr_leave(S, o);
    return sb_finish(S, &b);
fail:
    ctr_repr_leave(S, o);
    sb_discard(S, &b);
    return NULL;
}

/* ==== sort: a stable merge sort with timsort's run detection ============================
 *
 * Natural runs are found as timsort does (a strictly descending run is
 * reversed), short runs are extended to minrun by binary insertion, and runs
 * are merged with 3.11's powersort policy. Only "<" is used. Galloping is
 * left out: the result of a stable sort is unique, only the number of
 * comparisons differs. On a comparison error every item is still in the
 * array exactly once. */

typedef struct SortSlice {
    PhObject **keys;
    PhObject **values; /* NULL when sorting without key= */
} SortSlice;

typedef struct SortRun {
    ssize_t base, len;
    int power;
} SortRun;

/* What the keys are, found by one pass before sorting (CPython's
 * pre-sort check): homogeneous exact ints of one digit or exact strs are
 * compared directly; their comparisons run no Python code, so the result is
 * the same as with "<". */
enum { SORT_GENERIC, SORT_SMALL_INTS, SORT_STRS };

typedef struct MergeState {
    PhState *S;
    int kind;
    SortSlice all;
    ssize_t n;
    SortRun pending[88];
    int npending;
    PhObject **tmp; /* scratch of at least max merge side (keys, then values) */
    ssize_t tmp_cap;
} MergeState;

static inline int64_t small_int_value(PhObject *o)
{
    return (int64_t)((PhVarObject *)o)->size * (int64_t)((PhInt *)o)->digits[0];
}

/* 1 if a < b, 0 if not, -1 on error. */
static inline int sort_lt(MergeState *ms, PhObject *a, PhObject *b)
{
    switch (ms->kind) {
    case SORT_SMALL_INTS: return small_int_value(a) < small_int_value(b);
    case SORT_STRS: return str_compare(a, b) < 0;
    default: return obj_richcompare_bool(ms->S, a, b, CMP_LT);
    }
}

static int sort_kind(PhState *S, PhObject **keys, ssize_t n)
{
    if (n < 2) return SORT_GENERIC;
    PhType *t = keys[0]->type;
    if (t == &S->types.int_) {
        for (ssize_t i = 0; i < n; i++) {
            ssize_t size = ((PhVarObject *)keys[i])->size;
            if (keys[i]->type != t || size < -1 || size > 1) return SORT_GENERIC;
        }
        return SORT_SMALL_INTS;
    }
    if (t == &S->types.str) {
        for (ssize_t i = 0; i < n; i++)
            if (keys[i]->type != t) return SORT_GENERIC;
        return SORT_STRS;
    }
    return SORT_GENERIC;
}

static void reverse_ptrs(PhObject **lo, PhObject **hi)
{
    for (--hi; lo < hi; lo++, hi--) {
        PhObject *t = *lo;
        *lo = *hi;
        *hi = t;
    }
}

static void reverse_slice(MergeState *ms, ssize_t lo, ssize_t n)
{
    reverse_ptrs(ms->all.keys + lo, ms->all.keys + lo + n);
    if (ms->all.values) reverse_ptrs(ms->all.values + lo, ms->all.values + lo + n);
}

/* Length of the run starting at lo (< hi); *descending when strictly
 * descending. -1 on error. */
static ssize_t count_run(MergeState *ms, ssize_t lo, ssize_t hi, bool *descending)
{
    PhObject **k = ms->all.keys;
    *descending = false;
    if (lo + 1 == hi) return 1;
    ssize_t n = 2;
    int r = sort_lt(ms, k[lo + 1], k[lo]);
    if (r < 0) return -1;
    if (r) {
        *descending = true;
        for (lo = lo + 1; lo + 1 < hi; lo++, n++) {
            r = sort_lt(ms, k[lo + 1], k[lo]);
            if (r < 0) return -1;
            if (!r) break;
        }
    } else {
        for (lo = lo + 1; lo + 1 < hi; lo++, n++) {
            r = sort_lt(ms, k[lo + 1], k[lo]);
            if (r < 0) return -1;
            if (r) break;
        }
    }
    return n;
}

/* Binary insertion of [start, hi) into the sorted [lo, start). */
static int binary_sort(MergeState *ms, ssize_t lo, ssize_t hi, ssize_t start)
{
    PhObject **k = ms->all.keys, **v = ms->all.values;
    if (lo == start) start++;
    for (; start < hi; start++) {
        ssize_t l = lo, r = start;
        PhObject *pivot = k[start];
        /* pivot >= all in [lo, l), pivot < all in [r, start). */
        do {
            ssize_t p = l + ((r - l) >> 1);
            int lt = sort_lt(ms, pivot, k[p]);
            if (lt < 0) return -1;
            if (lt) r = p;
            else l = p + 1;
        } while (l < r);
        memmove(&k[l + 1], &k[l], (size_t)(start - l) * sizeof(PhObject *));
        k[l] = pivot;
        if (v) {
            PhObject *pv = v[start];
            memmove(&v[l + 1], &v[l], (size_t)(start - l) * sizeof(PhObject *));
            v[l] = pv;
        }
    }
    return 0;
}

static ssize_t compute_minrun(ssize_t n)
{
    ssize_t r = 0;
    while (n >= 64) {
        r |= n & 1;
        n >>= 1;
    }
    return n + r;
}

/* Merges the adjacent sorted runs [lo, mid) and [mid, hi). The left run is
 * copied aside; the output never overtakes the right run's read position,
 * so on error the copied remainder is simply written back in order. */
static int merge_runs(MergeState *ms, ssize_t lo, ssize_t mid, ssize_t hi)
{
    ssize_t na = mid - lo;
    bool hasv = ms->all.values != NULL;
    ssize_t need = hasv ? 2 * na : na;
    if (need > ms->tmp_cap) {
        PhObject **t = heap_realloc(heap_of(ms->S), ms->tmp, (size_t)need * sizeof(PhObject *));
        if (!t) {
            err_no_memory(ms->S);
            return -1;
        }
        ms->tmp = t;
        ms->tmp_cap = need;
    }
    PhObject **k = ms->all.keys, **v = ms->all.values;
    PhObject **ta = ms->tmp, **tv = hasv ? ms->tmp + na : NULL;
    memcpy(ta, k + lo, (size_t)na * sizeof(PhObject *));
    if (hasv) memcpy(tv, v + lo, (size_t)na * sizeof(PhObject *));
    ssize_t i = 0, j = mid, d = lo;
    int rc = 0;
    while (i < na && j < hi) {
        int lt = sort_lt(ms, k[j], ta[i]);
        if (lt < 0) {
            rc = -1;
            break;
        }
        if (lt) {
            k[d] = k[j];
            if (hasv) v[d] = v[j];
            j++;
        } else {
            k[d] = ta[i];
            if (hasv) v[d] = tv[i];
            i++;
        }
        d++;
    }
    /* What is left of the left run goes right before the unread right run. */
    memcpy(k + d, ta + i, (size_t)(na - i) * sizeof(PhObject *));
    if (hasv) memcpy(v + d, tv + i, (size_t)(na - i) * sizeof(PhObject *));
    return rc;
}

static int merge_at(MergeState *ms, int i)
{
    SortRun *a = &ms->pending[i], *b = &ms->pending[i + 1];
    int rc = merge_runs(ms, a->base, b->base, b->base + b->len);
    a->len += b->len;
    if (i == ms->npending - 3) ms->pending[i + 1] = ms->pending[i + 2];
    ms->npending--;
    return rc;
}

/* Powersort's node power of the boundary between runs [s1, s1+n1) and
 * [s1+n1, s1+n1+n2) in an array of n items. */
static int powerloop(ssize_t s1, ssize_t n1, ssize_t n2, ssize_t n)
{
    int result = 0;
    ssize_t a = 2 * s1 + n1; /* twice the first run's midpoint */
    ssize_t b = a + n1 + n2; /* twice the second run's midpoint */
    for (;;) {
        ++result;
        if (a >= n) {
            a -= n;
            b -= n;
        } else if (b >= n) {
            break;
        }
        a <<= 1;
        b <<= 1;
    }
    return result;
}

static int found_new_run(MergeState *ms, ssize_t n2)
{
    if (ms->npending) {
        SortRun *p = ms->pending;
        ssize_t s1 = p[ms->npending - 1].base;
        ssize_t n1 = p[ms->npending - 1].len;
        int power = powerloop(s1, n1, n2, ms->n);
        while (ms->npending > 1 && p[ms->npending - 2].power > power)
            if (merge_at(ms, ms->npending - 2) < 0) return -1;
        p[ms->npending - 1].power = power;
    }
    return 0;
}

static int sort_slice(PhState *S, PhObject **keys, PhObject **values, ssize_t n)
{
    MergeState ms = {.S = S, .all = {keys, values}, .n = n, .kind = sort_kind(S, keys, n)};
    int rc = -1;
    if (n < 2) return 0;
    ssize_t minrun = compute_minrun(n);
    ssize_t lo = 0, remaining = n;
    do {
        bool desc;
        ssize_t len = count_run(&ms, lo, lo + remaining, &desc);
        if (len < 0) goto done;
        if (desc) reverse_slice(&ms, lo, len);
        if (len < minrun) {
            ssize_t force = remaining <= minrun ? remaining : minrun;
            if (binary_sort(&ms, lo, lo + force, lo + len) < 0) goto done;
            len = force;
        }
        if (found_new_run(&ms, len) < 0) goto done;
        ms.pending[ms.npending].base = lo;
        ms.pending[ms.npending].len = len;
        ms.npending++;
        lo += len;
        remaining -= len;
    } while (remaining);
    while (ms.npending > 1)
        if (merge_at(&ms, ms.npending - 2) < 0) goto done;
    rc = 0;
done:
    if (ms.tmp) heap_free(heap_of(S), ms.tmp);
    return rc;
}

int list_sort(PhState *S, PhObject *list, PhObject *key, bool reverse)
{
    PhList *l = L(list);
    /* Take the items out: the list looks empty while comparisons and key
     * calls run, and allocated == -1 reveals any change they make. */
    PhObject **items = l->items;
    ssize_t n = l->ob.size, allocated = l->allocated;
    l->items = NULL;
    l->ob.size = 0;
    l->allocated = -1;

    PhObject **keys = items;
    ssize_t nkeys = 0;
    int rc = -1;
    if (key && key != PH_NONE(S) && n > 0) {
        keys = items_alloc(S, n);
        if (!keys) goto restore;
        for (; nkeys < n; nkeys++) {
            keys[nkeys] = obj_call1(S, key, items[nkeys]);
            if (!keys[nkeys]) goto restore;
        }
    }
    /* reverse=True keeps stability by reversing before and after. */
    if (reverse && n > 1) {
        reverse_ptrs(keys, keys + n);
        if (keys != items) reverse_ptrs(items, items + n);
    }
    rc = sort_slice(S, keys, keys != items ? items : NULL, n);
    if (reverse && n > 1) {
        reverse_ptrs(keys, keys + n);
        if (keys != items) reverse_ptrs(items, items + n);
    }
restore:
    if (keys != items && keys) {
        for (ssize_t i = 0; i < nkeys; i++) DECREF(S, keys[i]);
        heap_free(heap_of(S), keys);
    }
    {
        PhObject **added = l->items;
        ssize_t nadded = l->ob.size;
        bool modified = l->allocated != -1;
        l->items = items;
        l->ob.size = n;
        l->allocated = allocated;
        if (modified && rc == 0) {
            err_format(S, &S->exc.ValueError, "list modified during sort");
            rc = -1;
        }
        if (added) {
            while (--nadded >= 0) XDECREF(S, added[nadded]);
            heap_free(heap_of(S), added);
        }
    }
    return rc;
}

/* ==== methods ========================================================================== */

#define SELF (args[0])
#define METHOD(name)                                                                       \
    static PhObject *name(PhState *S, PhObject *callable, PhObject *const *args, size_t nargs, \
                          PhObject *kwnames)

METHOD(list_append_m)
{
    if (ctr_onearg(S, "list.append", nargs - 1, kwnames) < 0) return NULL;
    if (list_append(S, SELF, args[1]) < 0) return NULL;
    return ph_none(S);
}

METHOD(list_extend_m)
{
    if (ctr_onearg(S, "list.extend", nargs - 1, kwnames) < 0) return NULL;
    if (list_extend(S, SELF, args[1]) < 0) return NULL;
    return ph_none(S);
}

METHOD(list_insert_m)
{
    if (ctr_no_kwargs(S, "list.insert", kwnames) < 0) return NULL;
    if (ctr_check_positional(S, "insert", nargs - 1, 2, 2) < 0) return NULL;
    bool err;
    ssize_t where = ctr_as_ssize(S, args[1], &err);
    if (err) return NULL;
    if (list_insert_at(S, L(SELF), where, args[2]) < 0) return NULL;
    return ph_none(S);
}

static PhObject *list_pop_at(PhState *S, PhList *l, ssize_t i)
{
    ssize_t n = l->ob.size;
    if (n == 0) return err_format(S, &S->exc.IndexError, "pop from empty list");
    if (i < 0) i += n;
    if ((size_t)i >= (size_t)n) return err_format(S, &S->exc.IndexError, "pop index out of range");
    PhObject *v = l->items[i];
    if (i == n - 1) {
        if (list_resize(S, l, n - 1) < 0) return NULL;
        return v; /* the list's reference moves to the caller */
    }
    INCREF(v);
    if (list_ass_slice(S, l, i, i + 1, NULL) < 0) {
        DECREF(S, v);
        return NULL;
    }
    return v;
}

METHOD(list_pop_m)
{
    if (ctr_no_kwargs(S, "list.pop", kwnames) < 0) return NULL;
    if (ctr_check_positional(S, "pop", nargs - 1, 0, 1) < 0) return NULL;
    ssize_t i = -1;
    if (nargs > 1) {
        bool err;
        i = ctr_as_ssize(S, args[1], &err);
        if (err) return NULL;
    }
    return list_pop_at(S, L(SELF), i);
}

METHOD(list_remove_m)
{
    if (ctr_onearg(S, "list.remove", nargs - 1, kwnames) < 0) return NULL;
    PhList *l = L(SELF);
    for (ssize_t i = 0; i < l->ob.size; i++) {
        PhObject *item = l->items[i];
        INCREF(item);
        int r = ctr_eq(S, item, args[1]);
        DECREF(S, item);
        if (r < 0) return NULL;
        if (r > 0) {
            if (list_ass_slice(S, l, i, i + 1, NULL) < 0) return NULL;
            return ph_none(S);
        }
    }
    return err_format(S, &S->exc.ValueError, "list.remove(x): x not in list");
}

METHOD(list_index_m)
{
    if (ctr_no_kwargs(S, "list.index", kwnames) < 0) return NULL;
    if (ctr_check_positional(S, "index", nargs - 1, 1, 3) < 0) return NULL;
    PhList *l = L(SELF);
    ssize_t start, stop;
    if (ctr_index_bounds(S, args + 2, nargs - 2, l->ob.size, &start, &stop) < 0) return NULL;
    for (ssize_t i = start; i < stop && i < l->ob.size; i++) {
        PhObject *item = l->items[i];
        INCREF(item);
        int r = ctr_eq(S, item, args[1]);
        DECREF(S, item);
        if (r > 0) return int_from_i64(S, i);
        if (r < 0) return NULL;
    }
    return err_format(S, &S->exc.ValueError, "%R is not in list", args[1]);
}

METHOD(list_count_m)
{
    if (ctr_onearg(S, "list.count", nargs - 1, kwnames) < 0) return NULL;
    PhList *l = L(SELF);
    ssize_t count = 0;
    for (ssize_t i = 0; i < l->ob.size; i++) {
        PhObject *item = l->items[i];
        if (item == args[1]) {
            count++;
            continue;
        }
        INCREF(item);
        int r = obj_richcompare_bool(S, item, args[1], CMP_EQ);
        DECREF(S, item);
        if (r < 0) return NULL;
        count += r;
    }
    return int_from_i64(S, count);
}

METHOD(list_reverse_m)
{
    if (ctr_noargs(S, "list.reverse", nargs - 1, kwnames) < 0) return NULL;
    PhList *l = L(SELF);
    if (l->ob.size > 1) reverse_ptrs(l->items, l->items + l->ob.size);
    return ph_none(S);
}

METHOD(list_copy_m)
{
    if (ctr_noargs(S, "list.copy", nargs - 1, kwnames) < 0) return NULL;
    return list_slice(S, L(SELF), 0, LIST_LEN(SELF));
}

METHOD(list_clear_m)
{
    if (ctr_noargs(S, "list.clear", nargs - 1, kwnames) < 0) return NULL;
    list_clear_items(S, L(SELF));
    return ph_none(S);
}

static bool kwname_is(PhObject *name, const char *s)
{
    size_t n = strlen(s);
    return str_kind(name) == 1 && (size_t)str_len(name) == n && memcmp(str_data(name), s, n) == 0;
}

METHOD(list_sort_m)
{
    if (nargs > 1) return err_format(S, &S->exc.TypeError, "sort() takes no positional arguments");
    PhObject *key = NULL;
    int reverse = 0;
    ssize_t nkw = kwnames ? TUPLE_LEN(kwnames) : 0;
    for (ssize_t i = 0; i < nkw; i++) {
        PhObject *name = TUPLE_GET(kwnames, i), *val = args[nargs + i];
        if (kwname_is(name, "key")) {
            key = val;
        } else if (kwname_is(name, "reverse")) {
            reverse = obj_is_true(S, val);
            if (reverse < 0) return NULL;
        } else {
            return err_format(S, &S->exc.TypeError, "'%U' is an invalid keyword argument for sort()",
                              name);
        }
    }
    if (list_sort(S, SELF, key, reverse) < 0) return NULL;
    return ph_none(S);
}

METHOD(list_sizeof_m)
{
    if (ctr_noargs(S, "list.__sizeof__", nargs - 1, kwnames) < 0) return NULL;
    PhList *l = L(SELF);
    return int_from_i64(S, SELF->type->basicsize + l->allocated * (ssize_t)sizeof(PhObject *));
}

static PhObject *list_reviter_new(PhState *S, PhObject *seq);

METHOD(list_reversed_m)
{
    if (ctr_noargs(S, "list.__reversed__", nargs - 1, kwnames) < 0) return NULL;
    return list_reviter_new(S, SELF);
}

METHOD(list_getitem_m)
{
    if (ctr_onearg(S, "list.__getitem__", nargs - 1, kwnames) < 0) return NULL;
    return list_subscript(S, SELF, args[1]);
}

static const PhMethodDef list_methods[] = {
    {"append", list_append_m, METH_DEFAULT, "Append object to the end of the list."},
    {"extend", list_extend_m, METH_DEFAULT, "Extend list by appending elements from the iterable."},
    {"insert", list_insert_m, METH_DEFAULT, "Insert object before index."},
    {"pop", list_pop_m, METH_DEFAULT, "Remove and return item at index (default last)."},
    {"remove", list_remove_m, METH_DEFAULT, "Remove first occurrence of value."},
    {"index", list_index_m, METH_DEFAULT, "Return first index of value."},
    {"count", list_count_m, METH_DEFAULT, "Return number of occurrences of value."},
    {"reverse", list_reverse_m, METH_DEFAULT, "Reverse *IN PLACE*."},
    {"sort", list_sort_m, METH_DEFAULT, "Sort the list in ascending order and return None."},
    {"copy", list_copy_m, METH_DEFAULT, "Return a shallow copy of the list."},
    {"clear", list_clear_m, METH_DEFAULT, "Remove all items from list."},
    {"__sizeof__", list_sizeof_m, METH_DEFAULT, "Return the size of the list in memory, in bytes."},
    {"__reversed__", list_reversed_m, METH_DEFAULT, "Return a reverse iterator over the list."},
    {"__getitem__", list_getitem_m, METH_DEFAULT, NULL},
    {NULL, NULL, 0, NULL},
};

/* ==== construction ====================================================================== */

static PhObject *list_new_slot(PhState *S, PhType *t, PhObject *const *args, size_t nargs,
                               PhObject *kwnames)
{
    if (t == &S->types.list) return list_new(S, 0);
    PhObject *o = ctr_alloc_subtype(S, t);
    if (!o) return NULL;
    gc_track(S, o);
    return o;
}

static bool type_has_len(const PhType *t)
{
    return (t->as_sequence && t->as_sequence->len) || (t->as_mapping && t->as_mapping->len);
}

/* list.__init__(self, iterable=()): empties the list, then extends it,
 * with exact preallocation when the iterable has a length. */
static int list_init_slot(PhState *S, PhObject *self, PhObject *const *args, size_t nargs,
                          PhObject *kwnames)
{
    if (ctr_no_kwargs(S, "list", kwnames) < 0) return -1;
    if (ctr_check_positional(S, "list", nargs, 0, 1) < 0) return -1;
    PhList *l = L(self);
    if (l->items) list_clear_items(S, l);
    if (nargs == 0) return 0;
    PhObject *iterable = args[0];
    if (type_has_len(iterable->type)) {
        ssize_t n = obj_len(S, iterable);
        if (n < 0) {
            if (!err_matches(S, (PhObject *)&S->exc.TypeError)) return -1;
            err_clear(S);
        }
        if (n > 0 && !l->items && list_preallocate_exact(S, l, n) < 0) return -1;
    }
    return list_extend(S, self, iterable);
}

/* ==== list_iterator and list_reverseiterator ============================================ */

typedef struct PhListIter {
    PhObject ob;
    ssize_t index;
    PhObject *seq; /* NULL once exhausted */
} PhListIter;

static PhObject *listiter_alloc(PhState *S, PhType *t, PhObject *seq, ssize_t index)
{
    PhListIter *it = (PhListIter *)obj_alloc(S, t, sizeof(PhListIter));
    if (!it) return err_no_memory(S);
    it->index = index;
    INCREF(seq);
    it->seq = seq;
    gc_track(S, &it->ob);
    return &it->ob;
}

static PhObject *list_iter(PhState *S, PhObject *o)
{
    return listiter_alloc(S, &S->types.list_iter, o, 0);
}

static PhObject *list_reviter_new(PhState *S, PhObject *seq)
{
    return listiter_alloc(S, &S->types.list_reviter, seq, LIST_LEN(seq) - 1);
}

static void listiter_dealloc(PhState *S, PhObject *o)
{
    gc_untrack(o);
    XDECREF(S, ((PhListIter *)o)->seq);
    obj_free(S, o);
}

static int listiter_traverse(PhObject *o, visitproc visit, void *arg)
{
    VISIT(((PhListIter *)o)->seq);
    return 0;
}

static PhObject *listiter_next(PhState *S, PhObject *o)
{
    PhListIter *it = (PhListIter *)o;
    PhObject *seq = it->seq;
    if (!seq) return NULL;
    if (it->index < LIST_LEN(seq)) {
        PhObject *v = LIST_GET(seq, it->index++);
        INCREF(v);
        return v;
    }
    it->seq = NULL;
    DECREF(S, seq);
    return NULL;
}

static PhObject *listreviter_next(PhState *S, PhObject *o)
{
    PhListIter *it = (PhListIter *)o;
    PhObject *seq = it->seq;
    if (!seq) return NULL;
    ssize_t i = it->index;
    if (i >= 0 && i < LIST_LEN(seq)) {
        PhObject *v = LIST_GET(seq, i);
        it->index--;
        INCREF(v);
        return v;
    }
    it->index = -1;
    it->seq = NULL;
    DECREF(S, seq);
    return NULL;
}

METHOD(listiter_length_hint)
{
    PhListIter *it = (PhListIter *)SELF;
    ssize_t n = it->seq ? LIST_LEN(it->seq) - it->index : 0;
    return int_from_i64(S, n < 0 ? 0 : n);
}

METHOD(listreviter_length_hint)
{
    PhListIter *it = (PhListIter *)SELF;
    ssize_t n = 0;
    if (it->seq && it->index >= 0 && it->index < LIST_LEN(it->seq)) n = it->index + 1;
    return int_from_i64(S, n);
}

static const PhMethodDef listiter_methods[] = {
    {"__length_hint__", listiter_length_hint, METH_DEFAULT, NULL},
    {NULL, NULL, 0, NULL},
};
static const PhMethodDef listreviter_methods[] = {
    {"__length_hint__", listreviter_length_hint, METH_DEFAULT, NULL},
    {NULL, NULL, 0, NULL},
};

const PhType list_iter_type_template = {
    .name = "list_iterator",
    .basicsize = sizeof(PhListIter),
    .flags = TPFLAG_HAVE_GC,
    .dealloc = listiter_dealloc,
    .traverse = listiter_traverse,
    .iter = ctr_self_iter,
    .iternext = listiter_next,
    .methods = listiter_methods,
};

const PhType list_reviter_type_template = {
    .name = "list_reverseiterator",
    .basicsize = sizeof(PhListIter),
    .flags = TPFLAG_HAVE_GC,
    .dealloc = listiter_dealloc,
    .traverse = listiter_traverse,
    .iter = ctr_self_iter,
    .iternext = listreviter_next,
    .methods = listreviter_methods,
};

/* ==== the type ========================================================================== */

static const PhSequenceMethods list_as_sequence = {
    .len = list_length,
    .concat = list_concat,
    .repeat = list_repeat,
    .item = list_item,
    .contains = list_contains,
    .inplace_concat = list_inplace_concat,
    .inplace_repeat = list_inplace_repeat,
};

static const PhMappingMethods list_as_mapping = {
    .len = list_length,
    .subscript = list_subscript,
    .ass_subscript = list_ass_subscript,
};

const PhType list_type_template = {
    .name = "list",
    .basicsize = sizeof(PhList),
    .flags = TPFLAG_HAVE_GC | TPFLAG_BASETYPE | TPFLAG_LIST_SUBCLASS,
    .dealloc = list_dealloc,
    .traverse = list_traverse,
    .clear = list_clear_slot,
    .repr = list_repr,
    .hash = ctr_unhashable,
    .richcompare = list_richcompare,
    .iter = list_iter,
    .new_ = list_new_slot,
    .init = list_init_slot,
    .as_sequence = &list_as_sequence,
    .as_mapping = &list_as_mapping,
    .methods = list_methods,
};
