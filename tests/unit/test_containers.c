/* The containers (src/objects/list, tuple, dict, set, range, slice,
 * iterobject, enumobject) checked against numbers printed by python3.11:
 * sys.getsizeof after CPython's growth steps, hashes (PYTHONHASHSEED=0 for
 * str), iteration orders, reprs, freelists and the collector's gen-0 count,
 * tracking rules, and no leaks at shutdown. */
#include "check.h"

#include "objects/abstract.h"
#include "objects/dict.h"
#include "objects/int.h"
#include "objects/iterobject.h"
#include "objects/list.h"
#include "objects/range.h"
#include "objects/set.h"
#include "objects/slice.h"
#include "objects/str.h"
#include "objects/tuple.h"
#include "vm/errors.h"
#include "vm/state.h"

static PhState *S;

static PhObject *I(long v) { return int_from_i64(S, v); }
static PhObject *T(const char *s) { return str_from_cstr(S, s); }

/* sys.getsizeof: __sizeof__ + the GC header. */
static long getsizeof(PhObject *o)
{
    PhObject *r = obj_call_method(S, o, "__sizeof__", NULL, 0);
    if (!r) {
        err_clear(S);
        return -1;
    }
    int overflow;
    long n = (long)int_as_i64(r, &overflow);
    DECREF(S, r);
    return n + (long)type_preheader_size(o->type);
}

static bool repr_is(PhObject *o, const char *expect)
{
    PhObject *r = obj_repr(S, o);
    if (!r) {
        err_clear(S);
        return false;
    }
    bool ok = str_eq_cstr(r, expect);
    if (!ok) printf("  repr mismatch, expected %s\n", expect);
    DECREF(S, r);
    return ok;
}

static PhObject *list_of(const long *v, int n)
{
    PhObject *l = list_new(S, 0);
    for (int i = 0; i < n; i++) {
        PhObject *x = I(v[i]);
        list_append(S, l, x);
        DECREF(S, x);
    }
    return l;
}

static bool list_equals(PhObject *l, const long *v, int n)
{
    if (LIST_LEN(l) != n) return false;
    for (int i = 0; i < n; i++) {
        int overflow;
        if (int_as_i64(LIST_GET(l, i), &overflow) != v[i]) return false;
    }
    return true;
}

/* ---- list ------------------------------------------------------------------------ */

TEST(list_append_growth_matches_cpython)
{
    static const long expect[] = {56, 88, 88, 88, 88, 120, 120, 120, 120, 184, 184, 184, 184,
                                  184, 184, 184, 184, 248, 248, 248, 248};
    PhObject *l = list_new(S, 0);
    CHECK_EQ(getsizeof(l), expect[0]);
    for (int i = 0; i < 20; i++) {
        PhObject *x = I(i);
        CHECK_EQ(list_append(S, l, x), 0);
        DECREF(S, x);
        CHECK_EQ(getsizeof(l), expect[i + 1]);
    }
    DECREF(S, l);
}

TEST(list_sizes_of_constructors)
{
    /* list(range(4)) 88; [].extend([1,2,3]) 88; [1].extend([1,2,3]) 120;
     * list(generator of 4) 120 (hint 8); [0]*10 136 */
    PhObject *r = range_new(S, 0, 4, 1);
    PhObject *l = list_new(S, 0);
    CHECK_EQ(S->types.list.init(S, l, &r, 1, NULL), 0);
    CHECK_EQ(getsizeof(l), 88);
    DECREF(S, l);
    DECREF(S, r);

    long three[] = {1, 2, 3};
    PhObject *src = list_of(three, 3);
    PhObject *tup = list_as_tuple(S, src);
    l = list_new(S, 0);
    CHECK_EQ(list_extend(S, l, tup), 0);
    CHECK_EQ(getsizeof(l), 88);
    DECREF(S, l);
    l = list_new(S, 1); /* the display [1]: exactly one slot */
    LIST_SET(l, 0, I(1));
    CHECK_EQ(list_extend(S, l, src), 0);
    CHECK_EQ(getsizeof(l), 120);
    DECREF(S, l);

    /* an iterator without a length: the 8-item guess stays */
    PhObject *r4 = range_new(S, 0, 4, 1);
    PhObject *it = obj_iter(S, r4);
    l = list_from_iterable(S, it);
    CHECK(l != NULL);
    CHECK_EQ(LIST_LEN(l), 4);
    DECREF(S, l);
    DECREF(S, it);
    DECREF(S, r4);

    PhObject *zero = I(0);
    PhObject *z1 = list_new(S, 1);
    INCREF(zero);
    LIST_SET(z1, 0, zero);
    PhObject *ten = S->types.list.as_sequence->repeat(S, z1, 10);
    CHECK_EQ(getsizeof(ten), 136);
    DECREF(S, ten);
    DECREF(S, z1);
    DECREF(S, zero);
    DECREF(S, tup);
    DECREF(S, src);
}

TEST(list_slice_assignment_and_deletion)
{
    PhObject *r10 = range_new(S, 0, 10, 1);
    PhObject *l = list_new(S, 0); /* list(range(10)): exactly 10 slots */
    CHECK_EQ(S->types.list.init(S, l, &r10, 1, NULL), 0);
    DECREF(S, r10);
    PhObject *i2 = I(2), *i4 = I(4);
    PhObject *sl = slice_new(S, i2, i4, NULL);
    long five[] = {1, 2, 3, 4, 5};
    PhObject *v = list_of(five, 5);
    CHECK_EQ(obj_setitem(S, l, sl, v), 0); /* grows: 13 items, 20 slots */
    long after[] = {0, 1, 1, 2, 3, 4, 5, 4, 5, 6, 7, 8, 9};
    CHECK(list_equals(l, after, 13));
    CHECK_EQ(getsizeof(l), 216);
    DECREF(S, sl);
    sl = slice_new(S, NULL, NULL, i2); /* del l[::2] */
    CHECK_EQ(obj_delitem(S, l, sl), 0);
    long odd[] = {1, 2, 4, 4, 6, 8};
    CHECK(list_equals(l, odd, 6));
    long three[] = {7, 7, 7};
    PhObject *t3 = list_of(three, 3);
    CHECK_EQ(obj_setitem(S, l, sl, t3), 0);
    long set3[] = {7, 2, 7, 4, 7, 8};
    CHECK(list_equals(l, set3, 6));
    PhObject *t2 = list_of(three, 2);
    CHECK_EQ(obj_setitem(S, l, sl, t2), -1);
    CHECK(err_matches(S, (PhObject *)&S->exc.ValueError));
    err_clear(S);
    DECREF(S, sl);
    DECREF(S, t2);
    DECREF(S, t3);
    DECREF(S, v);
    DECREF(S, l);
    DECREF(S, i2);
    DECREF(S, i4);
}

TEST(list_sort_is_stable_and_reverses)
{
    long v[] = {5, 3, 9, 1, 3, 7, 0, 2, 8, 6, 4};
    PhObject *l = list_of(v, 11);
    CHECK_EQ(list_sort(S, l, NULL, false), 0);
    long sorted[] = {0, 1, 2, 3, 3, 4, 5, 6, 7, 8, 9};
    CHECK(list_equals(l, sorted, 11));
    CHECK_EQ(list_sort(S, l, NULL, true), 0);
    long rsorted[] = {9, 8, 7, 6, 5, 4, 3, 3, 2, 1, 0};
    CHECK(list_equals(l, rsorted, 11));
    DECREF(S, l);

    /* a long list with runs: merges */
    PhObject *big = list_new(S, 0);
    for (long i = 0; i < 3000; i++) {
        PhObject *x = I((i * 7919) % 1000);
        list_append(S, big, x);
        DECREF(S, x);
    }
    CHECK_EQ(list_sort(S, big, NULL, false), 0);
    for (long i = 1; i < 3000; i++) {
        int o;
        CHECK(int_as_i64(LIST_GET(big, i - 1), &o) <= int_as_i64(LIST_GET(big, i), &o));
    }
    DECREF(S, big);
}

TEST(list_repr_and_recursion)
{
    long v[] = {1, 2};
    PhObject *l = list_of(v, 2);
    CHECK(repr_is(l, "[1, 2]"));
    list_append(S, l, l);
    CHECK(repr_is(l, "[1, 2, [...]]"));
    PhObject *t = tuple_pack(S, 1, l);
    CHECK(repr_is(t, "([1, 2, [...]],)"));
    DECREF(S, t);
    /* break the cycle by hand */
    PhObject *popped = obj_call_method(S, l, "pop", NULL, 0);
    CHECK(popped == l);
    DECREF(S, popped);
    DECREF(S, l);
}

/* ---- tuple ----------------------------------------------------------------------- */

TEST(tuple_hash_matches_cpython)
{
    PhObject *one = I(1), *two = I(2), *three = I(3), *m1 = I(-1);
    PhObject *t12 = tuple_pack(S, 2, one, two);
    PhObject *t1 = tuple_pack(S, 1, one);
    PhObject *t123 = tuple_pack(S, 3, one, two, three);
    PhObject *tm1 = tuple_pack(S, 1, m1);
    CHECK_EQ(obj_hash(S, t12), -3550055125485641917LL);
    CHECK_EQ(obj_hash(S, S->empty_tuple), 5740354900026072187LL);
    CHECK_EQ(obj_hash(S, t1), -6644214454873602895LL);
    CHECK_EQ(obj_hash(S, t123), 529344067295497451LL);
    CHECK_EQ(obj_hash(S, tm1), 8078679518589016365LL);
    CHECK_EQ(getsizeof(S->empty_tuple), 40);
    CHECK_EQ(getsizeof(t1), 48);
    CHECK_EQ(getsizeof(t12), 56);
    CHECK(repr_is(t1, "(1,)"));
    CHECK(repr_is(t12, "(1, 2)"));
    CHECK(tuple_new(S, 0) == S->empty_tuple);
    DECREF(S, S->empty_tuple);
    DECREF(S, t12);
    DECREF(S, t1);
    DECREF(S, t123);
    DECREF(S, tm1);
    DECREF(S, one);
    DECREF(S, two);
    DECREF(S, three);
    DECREF(S, m1);
}

TEST(tuple_lazy_untracking)
{
    PhObject *one = I(1);
    PhObject *t = tuple_pack(S, 2, one, one);
    CHECK(gc_is_tracked(t));
    CHECK_EQ(tuple_maybe_untrack(t), 1);
    CHECK(!gc_is_tracked(t));
    PhObject *l = list_new(S, 0);
    PhObject *t2 = tuple_pack(S, 2, one, l);
    CHECK_EQ(tuple_maybe_untrack(t2), 0);
    CHECK(gc_is_tracked(t2));
    PhObject *t3 = tuple_pack(S, 1, t); /* holds an untracked tuple */
    CHECK_EQ(tuple_maybe_untrack(t3), 1);
    DECREF(S, t3);
    DECREF(S, t2);
    DECREF(S, l);
    DECREF(S, t);
    DECREF(S, one);
}

/* ---- freelists and the gen-0 count -------------------------------------------------- */

TEST(freelists_keep_gen0_count_like_cpython)
{
    GcState *G = &mem_of(S)->gc;
    int was_enabled = G->enabled;
    G->enabled = 0;
    containers_clear_freelists(S);
    int base = G->gens[0].count;
    PhObject *ls[100];
    for (int i = 0; i < 100; i++) ls[i] = list_new(S, 0);
    CHECK_EQ(G->gens[0].count, base + 100);
    for (int i = 0; i < 100; i++) DECREF(S, ls[i]);
    /* 80 shells went to the freelist without decrementing the count */
    CHECK_EQ(G->gens[0].count, base + 80);
    for (int i = 0; i < 50; i++) ls[i] = list_new(S, 0);
    CHECK_EQ(G->gens[0].count, base + 80); /* reused: no new allocation */
    for (int i = 0; i < 50; i++) DECREF(S, ls[i]);
    containers_clear_freelists(S);
    CHECK_EQ(G->gens[0].count, base);
    G->enabled = was_enabled;
}

/* ---- dict ------------------------------------------------------------------------ */

TEST(dict_sizes_match_cpython)
{
    PhObject *d = dict_new(S);
    CHECK_EQ(getsizeof(d), 64);
    PhObject *a = T("a"), *one = I(1), *two = I(2);
    dict_setitem(S, d, a, one);
    CHECK_EQ(getsizeof(d), 184);
    dict_setitem(S, d, one, two); /* a non-str key: general table, 16 slots */
    CHECK_EQ(getsizeof(d), 352);
    DECREF(S, d);

    d = dict_new(S);
    dict_setitem(S, d, one, two);
    CHECK_EQ(getsizeof(d), 224);
    DECREF(S, d);

    static const long ints[] = {224, 224, 224, 224, 224, 352, 352, 352, 352, 352,
                                632, 632, 632, 632, 632, 632, 632, 632, 632, 632};
    static const long strs[] = {184, 184, 184, 184, 184, 272, 272, 272, 272, 272,
                                464, 464, 464, 464, 464, 464, 464, 464, 464, 464};
    PhObject *di = dict_new(S), *ds = dict_new(S);
    for (int i = 0; i < 20; i++) {
        char buf[16];
        snprintf(buf, sizeof buf, "%d", i);
        PhObject *k = I(i), *sk = T(buf);
        dict_setitem(S, di, k, k);
        dict_setitem(S, ds, sk, k);
        CHECK_EQ(getsizeof(di), ints[i]);
        CHECK_EQ(getsizeof(ds), strs[i]);
        DECREF(S, k);
        DECREF(S, sk);
    }
    DECREF(S, di);
    DECREF(S, ds);
    DECREF(S, a);
    DECREF(S, one);
    DECREF(S, two);
}

TEST(dict_order_deletion_and_errors)
{
    PhObject *d = dict_new(S);
    PhObject *a = T("a"), *b = T("b"), *c = T("c"), *one = I(1);
    dict_setitem(S, d, b, one);
    dict_setitem(S, d, a, one);
    CHECK_EQ(dict_delitem(S, d, b), 0);
    dict_setitem(S, d, c, one);
    CHECK(repr_is(d, "{'a': 1, 'c': 1}"));
    CHECK_EQ(dict_delitem(S, d, b), -1);
    CHECK(err_matches(S, (PhObject *)&S->exc.KeyError));
    err_clear(S);
    CHECK(dict_getitem_str(S, d, "c") == one);
    CHECK(dict_getitem_str(S, d, "zz") == NULL && !err_occurred(S));
    PhObject *item = obj_call_method(S, d, "popitem", NULL, 0);
    CHECK(repr_is(item, "('c', 1)"));
    DECREF(S, item);
    dict_setitem(S, d, d, one) ;
    CHECK(err_occurred(S)); /* unhashable type: 'dict' */
    err_clear(S);
    dict_setitem(S, d, one, d);
    CHECK(repr_is(d, "{'a': 1, 1: {...}}"));
    dict_clear(S, d);
    CHECK_EQ(getsizeof(d), 64);
    DECREF(S, d);
    DECREF(S, a);
    DECREF(S, b);
    DECREF(S, c);
    DECREF(S, one);
}

TEST(dict_tracking_rules)
{
    PhObject *d = dict_new(S);
    PhObject *a = T("a"), *one = I(1);
    CHECK(!gc_is_tracked(d));
    dict_setitem(S, d, a, one);
    CHECK(!gc_is_tracked(d));
    PhObject *t = tuple_pack(S, 1, one);
    tuple_maybe_untrack(t);
    dict_setitem(S, d, a, t); /* an untracked tuple does not track the dict */
    CHECK(!gc_is_tracked(d));
    PhObject *e = dict_new(S);
    dict_setitem(S, d, a, e); /* any other container does, even an untracked one */
    CHECK(gc_is_tracked(d));
    dict_setitem(S, d, a, one);
    CHECK_EQ(dict_maybe_untrack(d), 1);
    CHECK(!gc_is_tracked(d));
    PhObject *copy = dict_copy(S, d);
    CHECK(!gc_is_tracked(copy));
    CHECK(repr_is(copy, "{'a': 1}"));
    DECREF(S, copy);
    DECREF(S, e);
    DECREF(S, t);
    DECREF(S, d);
    DECREF(S, a);
    DECREF(S, one);
}

TEST(dict_views_and_iteration_errors)
{
    PhObject *d = dict_new(S);
    PhObject *a = T("a"), *b = T("b"), *one = I(1);
    dict_setitem(S, d, a, one);
    dict_setitem(S, d, b, one);
    PhObject *keys = obj_call_method(S, d, "keys", NULL, 0);
    CHECK(repr_is(keys, "dict_keys(['a', 'b'])"));
    PhObject *items = obj_call_method(S, d, "items", NULL, 0);
    CHECK(repr_is(items, "dict_items([('a', 1), ('b', 1)])"));
    PhObject *it = obj_iter(S, d);
    PhObject *k = obj_iternext(S, it);
    CHECK(k == a);
    DECREF(S, k);
    dict_delitem(S, d, b);
    k = obj_iternext(S, it);
    CHECK(k == NULL && err_matches(S, (PhObject *)&S->exc.RuntimeError));
    err_clear(S);
    DECREF(S, it);
    DECREF(S, items);
    DECREF(S, keys);
    DECREF(S, d);
    DECREF(S, a);
    DECREF(S, b);
    DECREF(S, one);
}

/* ---- set ------------------------------------------------------------------------- */

static bool set_order_is(PhObject *s, const long *v, int n)
{
    ssize_t pos = 0;
    PhObject *k;
    int i = 0;
    while (set_next(s, &pos, &k)) {
        int o;
        if (i >= n || int_as_i64(k, &o) != v[i]) return false;
        i++;
    }
    return i == n;
}

TEST(set_orders_and_sizes_match_cpython)
{
    PhObject *s = set_new(S, NULL);
    CHECK_EQ(getsizeof(s), 216);
    long add[] = {10, 2, 33};
    for (int i = 0; i < 3; i++) {
        PhObject *x = I(add[i]);
        set_add(S, s, x);
        DECREF(S, x);
    }
    long order[] = {33, 10, 2};
    CHECK(set_order_is(s, order, 3));
    DECREF(S, s);

    PhObject *r = range_new(S, 20, 0, -3);
    s = set_new(S, r);
    long order2[] = {2, 5, 8, 11, 14, 17, 20};
    CHECK(set_order_is(s, order2, 7));
    DECREF(S, s);
    DECREF(S, r);

    long nine[] = {100, 200, 300, 400, 500, 600, 700, 800, 900};
    PhObject *l = list_of(nine, 9);
    s = set_new(S, l);
    long order3[] = {800, 100, 900, 200, 300, 400, 500, 600, 700};
    CHECK(set_order_is(s, order3, 9));
    DECREF(S, s);
    DECREF(S, l);

    r = range_new(S, 0, 10, 1);
    s = set_new(S, r);
    PhObject *three = I(3), *ft = I(42);
    set_discard(S, s, three);
    set_add(S, s, ft);
    long order4[] = {0, 1, 2, 4, 5, 6, 7, 8, 9, 42};
    CHECK(set_order_is(s, order4, 10));
    DECREF(S, three);
    DECREF(S, ft);
    DECREF(S, s);
    DECREF(S, r);

    /* {1,2,3,4,5} as CPython builds a constant display: set() updated from a
     * frozenset: 16 slots, 472 bytes; set(range(5)) grows one by one: 728 */
    r = range_new(S, 1, 6, 1);
    PhObject *fs = frozenset_new(S, r);
    s = set_new(S, NULL);
    set_update(S, s, fs);
    CHECK_EQ(getsizeof(s), 472);
    DECREF(S, s);
    s = set_new(S, r);
    CHECK_EQ(getsizeof(s), 728);
    DECREF(S, s);
    DECREF(S, fs);
    DECREF(S, r);
}

TEST(frozenset_hash_and_repr)
{
    PhObject *one = I(1), *two = I(2);
    PhObject *l = list_new(S, 0);
    list_append(S, l, one);
    list_append(S, l, two);
    PhObject *fs = frozenset_new(S, l);
    CHECK_EQ(obj_hash(S, fs), -1826646154956904602LL);
    PhObject *empty = frozenset_new(S, NULL);
    CHECK_EQ(obj_hash(S, empty), 133146708735736LL);
    CHECK(repr_is(fs, "frozenset({1, 2})"));
    CHECK(repr_is(empty, "frozenset()"));
    PhObject *s = set_new(S, NULL);
    CHECK(repr_is(s, "set()"));
    set_add(S, s, two);
    set_add(S, s, one);
    CHECK(repr_is(s, "{1, 2}"));
    CHECK(obj_hash(S, s) == -1 && err_occurred(S));
    err_clear(S);
    DECREF(S, s);
    DECREF(S, empty);
    DECREF(S, fs);
    DECREF(S, l);
    DECREF(S, one);
    DECREF(S, two);
}

/* ---- range and slice --------------------------------------------------------------- */

TEST(range_and_slice_basics)
{
    PhObject *r = range_new(S, 0, 10, 2);
    CHECK(repr_is(r, "range(0, 10, 2)"));
    CHECK_EQ(obj_len(S, r), 5);
    CHECK_EQ(getsizeof(r), 48);
    PhObject *four = I(4), *five = I(5);
    CHECK_EQ(obj_contains(S, r, four), 1);
    CHECK_EQ(obj_contains(S, r, five), 0);
    PhObject *m1 = I(-1);
    PhObject *rev = slice_new(S, NULL, NULL, m1);
    DECREF(S, m1);
    PhObject *rr = obj_getitem(S, r, rev);
    CHECK(repr_is(rr, "range(8, -2, -2)"));
    DECREF(S, rr);
    CHECK(repr_is(rev, "slice(None, None, -1)"));
    CHECK_EQ(getsizeof(rev), 56);
    ssize_t start, stop, step, n;
    CHECK_EQ(slice_unpack_indices(S, rev, 5, &start, &stop, &step, &n), 0);
    CHECK(start == 4 && stop == -1 && step == -1 && n == 5);
    DECREF(S, rev);
    DECREF(S, r);
    DECREF(S, four);
    DECREF(S, five);
    CHECK(range_new(S, 0, 1, 0) == NULL && err_matches(S, (PhObject *)&S->exc.ValueError));
    err_clear(S);
}

int main(void)
{
    S = ph_state_new(NULL);
    if (!S) {
        printf("FAIL setup: ph_state_new\n");
        return 1;
    }
    RUN(list_append_growth_matches_cpython);
    RUN(list_sizes_of_constructors);
    RUN(list_slice_assignment_and_deletion);
    RUN(list_sort_is_stable_and_reverses);
    RUN(list_repr_and_recursion);
    RUN(tuple_hash_matches_cpython);
    RUN(tuple_lazy_untracking);
    RUN(freelists_keep_gen0_count_like_cpython);
    RUN(dict_sizes_match_cpython);
    RUN(dict_order_deletion_and_errors);
    RUN(dict_tracking_rules);
    RUN(dict_views_and_iteration_errors);
    RUN(set_orders_and_sizes_match_cpython);
    RUN(frozenset_hash_and_repr);
    RUN(range_and_slice_basics);
    size_t leaked = ph_state_free(S);
    if (leaked) {
        printf("FAIL no_leaks: %zu blocks left\n", leaked);
        check_total_failed_++;
    } else {
        printf("PASS no_leaks\n");
    }
    CHECK_EXIT();
}
