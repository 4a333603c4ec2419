/* The interpreter state's caches: small ints and the interning table. */
#include "check.h"

#include "objects/int.h"
#include "objects/str.h"
#include "vm/state.h"

static PhState *new_state(void)
{
    PhConfig cfg = {0};
    return ph_state_new(&cfg);
}

TEST(small_ints_are_shared_with_static_refcount)
{
    PhState *S = new_state();
    CHECK(S);
    for (int64_t v = -5; v <= 256; v++) {
        PhObject *cached = S->small_ints[v - INT_SMALL_MIN];
        /* CPython 3.11's _PyObject_IMMORTAL_INIT count, plus whatever the
         * interpreter's own start-up holds (constants in builtin modules). */
        ssize_t base = cached->refcnt;
        CHECK(base >= OBJ_STATIC_REFCNT && base < OBJ_STATIC_REFCNT + 1000);
        PhObject *a = int_from_i64(S, v), *b = int_from_i64(S, v);
        CHECK(a == b && a == cached);
        CHECK_EQ(a->refcnt, base + 2);
        DECREF(S, a);
        DECREF(S, b);
        CHECK_EQ(a->refcnt, base);
    }
    CHECK_EQ(ph_state_free(S), 0);
}

TEST(small_ints_are_32_bytes_apart)
{
    PhState *S = new_state();
    CHECK(S);
    for (int64_t v = -5; v < 256; v++) {
        PhObject *a = int_from_i64(S, v), *b = int_from_i64(S, v + 1);
        CHECK_EQ((char *)b - (char *)a, 32); /* id(n + 1) - id(n) == 32 */
        DECREF(S, a);
        DECREF(S, b);
    }
    CHECK_EQ(ph_state_free(S), 0);
}

TEST(ints_outside_the_cache_are_fresh_and_freed)
{
    PhState *S = new_state();
    CHECK(S);
    int64_t vals[] = {-6, 257, 1000, 1LL << 40, -(1LL << 62), INT64_MIN, INT64_MAX};
    for (size_t i = 0; i < sizeof vals / sizeof vals[0]; i++) {
        PhObject *a = int_from_i64(S, vals[i]), *b = int_from_i64(S, vals[i]);
        CHECK(a != b);
        CHECK_EQ(a->refcnt, 1);
        int overflow;
        CHECK(int_as_i64(a, &overflow) == vals[i] && !overflow);
        DECREF(S, a);
        DECREF(S, b);
    }
    PhObject *zero = int_from_i64(S, 0), *big = int_from_i64(S, 1LL << 30);
    CHECK_EQ(int_sizeof(zero), 28); /* 3.11 counts one digit for 0 */
    CHECK_EQ(int_sizeof(big), 32);
    DECREF(S, zero);
    DECREF(S, big);
    CHECK_EQ(ph_state_free(S), 0);
}

TEST(interning_table_references_are_not_counted)
{
    PhState *S = new_state();
    CHECK(S);
    size_t base = S->interned.used; /* identifiers interned at start-up */
    PhObject *a = str_from_cstr(S, "hello_world"), *b = str_from_cstr(S, "hello_world");
    CHECK(a != b); /* runtime-built strings are not interned */
    CHECK_EQ(str_intern_in_place(S, &a), 0);
    CHECK_EQ(a->refcnt, 1); /* the table's reference is not counted */
    PhObject *old_b = b;
    INCREF(old_b); /* watch b's original object while interning replaces it */
    CHECK_EQ(str_intern_in_place(S, &b), 0);
    CHECK(b == a);
    CHECK_EQ(a->refcnt, 2);
    CHECK_EQ(old_b->refcnt, 1);
    DECREF(S, old_b);
    CHECK_EQ(S->interned.used, base + 1);
    DECREF(S, a);
    DECREF(S, b); /* last reference: the string leaves the table */
    CHECK_EQ(S->interned.used, base);
    PhObject *c = str_from_cstr(S, "hello_world");
    CHECK_EQ(str_intern_in_place(S, &c), 0);
    CHECK_EQ(S->interned.used, base + 1);
    DECREF(S, c);
    CHECK_EQ(ph_state_free(S), 0);
}

TEST(interning_table_grows)
{
    PhState *S = new_state();
    CHECK(S);
    enum { N = 5000 };
    static PhObject *held[N];
    char buf[32];
    size_t base = S->interned.used;
    for (int i = 0; i < N; i++) {
        snprintf(buf, sizeof buf, "name_%d", i);
        held[i] = str_from_cstr(S, buf);
        CHECK_EQ(str_intern_in_place(S, &held[i]), 0);
    }
    CHECK_EQ(S->interned.used, base + N);
    for (int i = 0; i < N; i++) {
        snprintf(buf, sizeof buf, "name_%d", i);
        PhObject *again = str_from_cstr(S, buf);
        CHECK_EQ(str_intern_in_place(S, &again), 0);
        CHECK(again == held[i]);
        DECREF(S, again);
    }
    for (int i = 0; i < N; i++) DECREF(S, held[i]);
    CHECK_EQ(S->interned.used, base);
    CHECK_EQ(ph_state_free(S), 0);
}

TEST(one_char_and_empty_strings_are_singletons)
{
    PhState *S = new_state();
    CHECK(S);
    PhObject *e1 = str_from_utf8(S, "", 0), *e2 = str_from_utf8(S, "", 0);
    CHECK(e1 == e2 && e1 == S->empty_str);
    CHECK_EQ(str_sizeof(e1), 49);
    PhObject *a1 = str_from_cstr(S, "a"), *a2 = str_from_cstr(S, "a");
    CHECK(a1 == a2);
    CHECK_EQ(str_sizeof(a1), 50);
    PhObject *e_acute = str_from_cstr(S, "\xc3\xa9"); /* U+00E9 */
    CHECK(e_acute == S->latin1[0xE9]);
    CHECK_EQ(str_sizeof(e_acute), 74);
    PhObject *euro1 = str_from_cstr(S, "\xe2\x82\xac"), *euro2 = str_from_cstr(S, "\xe2\x82\xac");
    CHECK(euro1 != euro2); /* beyond latin-1: fresh objects */
    CHECK_EQ(str_sizeof(euro1), 76);
    PhObject *grin = str_from_cstr(S, "\xf0\x9f\x98\x80"); /* U+1F600 */
    CHECK_EQ(str_sizeof(grin), 80);
    PhObject *fresh = str_from_utf8_fresh(S, "a", 1);
    CHECK(fresh != a1); /* code constants are separate objects in 3.11 */
    PhObject *objs[] = {e1, e2, a1, a2, e_acute, euro1, euro2, grin, fresh};
    for (size_t i = 0; i < sizeof objs / sizeof objs[0]; i++) DECREF(S, objs[i]);
    CHECK_EQ(ph_state_free(S), 0);
}

TEST(str_hash_matches_cpython_with_seed_zero)
{
    PhState *S = new_state();
    CHECK(S);
    /* Values printed by `PYTHONHASHSEED=0 python3.11 -c "print(hash(...))"`. */
    struct { const char *s; int64_t h; } cases[] = {
        {"a", 4644417185603328019LL},
        {"", 0},
        {"hello", -2096571579003691106LL},
        {"\xc3\xa9", 6047309291227476195LL},
        {"\xe2\x82\xac", -5529981157763016009LL},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        PhObject *s = str_from_cstr(S, cases[i].s);
        CHECK(str_hash(s) == cases[i].h);
        DECREF(S, s);
    }
    CHECK_EQ(ph_state_free(S), 0);
}

int main(void)
{
    RUN(small_ints_are_shared_with_static_refcount);
    RUN(small_ints_are_32_bytes_apart);
    RUN(ints_outside_the_cache_are_fresh_and_freed);
    RUN(interning_table_references_are_not_counted);
    RUN(interning_table_grows);
    RUN(one_char_and_empty_strings_are_singletons);
    RUN(str_hash_matches_cpython_with_seed_zero);
    CHECK_EXIT();
}
