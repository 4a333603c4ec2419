/* complex: the C-level pieces (value arithmetic with its error channel,
 * hash, parsing, repr) and the object's size and life cycle. The Python
 * program tests/py/num_complex.py checks the rest against python3.11;
 * the expected values here were taken from python3.11 as well. */
#include "check.h"

#include "mem/mem.h"
#include "objects/complexobject.h"
#include "objects/float.h"
#include "objects/str.h"
#include "vm/errors.h"
#include "vm/state.h"

#include <math.h>

static bool same(double a, double b)
{
    return (isnan(a) && isnan(b)) || (a == b && signbit(a) == signbit(b));
}

static bool repr_is(PhState *S, PhObject *o, const char *want)
{
    PhObject *r = complex_repr(S, o);
    bool ok = r && str_eq_cstr(r, want);
    if (r) DECREF(S, r);
    else err_clear(S);
    return ok;
}

TEST(object_layout)
{
    PhState *S = ph_state_new(NULL);
    CHECK(S);
    CHECK_EQ(S->types.complex.basicsize, 32);
    CHECK_EQ(sizeof(PhComplex), 32);
    PhObject *c = complex_from_doubles(S, 1.0, 2.0);
    CHECK(c);
    CHECK(c->type == &S->types.complex);
    CHECK(complex_check(S, c));
    CHECK(complex_real(c) == 1.0 && complex_imag(c) == 2.0);
    CHECK(repr_is(S, c, "(1+2j)"));
    DECREF(S, c);
    CHECK_EQ(ph_state_free(S), 0);
}

TEST(repr_forms)
{
    PhState *S = ph_state_new(NULL);
    struct {
        double re, im;
        const char *repr;
    } cases[] = {
        {0.0, 1.0, "1j"},          {1.5, 0.0, "(1.5+0j)"},    {-0.0, -1.0, "(-0-1j)"},
        {0.0, -0.0, "-0j"},        {0.0, INFINITY, "infj"},   {NAN, NAN, "(nan+nanj)"},
        {1e16, 1e-5, "(1e+16+1e-05j)"}, {-2.0, -NAN, "(-2+nanj)"}, {0.1, 1e22, "(0.1+1e+22j)"},
        {-1.2345678901234567e-300, -2.2250738585072014e-308,
         "(-1.2345678901234568e-300-2.2250738585072014e-308j)"},
        {-INFINITY, -INFINITY, "(-inf-infj)"}, {-0.0, 0.0, "(-0+0j)"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        PhObject *c = complex_from_doubles(S, cases[i].re, cases[i].im);
        CHECK(c);
        CHECK(repr_is(S, c, cases[i].repr));
        char buf[COMPLEX_REPR_MAX];
        int n = complex_repr_buf(cases[i].re, cases[i].im, buf);
        CHECK(n == (int)strlen(cases[i].repr) && strcmp(buf, cases[i].repr) == 0);
        DECREF(S, c);
    }
    CHECK_EQ(ph_state_free(S), 0);
}

TEST(division)
{
    int err;
    PhCValue q = complex_c_quot((PhCValue){3, 4}, (PhCValue){1, -2}, &err);
    CHECK(err == COMPLEX_OK && same(q.real, -1.0) && same(q.imag, 2.0));
    q = complex_c_quot((PhCValue){1, 1}, (PhCValue){0, 0}, &err);
    CHECK(err == COMPLEX_EDOM);
    q = complex_c_quot((PhCValue){1, 1}, (PhCValue){NAN, 1}, &err);
    CHECK(err == COMPLEX_OK && isnan(q.real) && isnan(q.imag));
    /* Smith's scaling avoids the overflow of the textbook formula. */
    q = complex_c_quot((PhCValue){1e300, 1e300}, (PhCValue){1e-300, 1e300}, &err);
    CHECK(err == COMPLEX_OK && same(q.real, 1.0) && same(q.imag, -1.0));
}

TEST(powers)
{
    int err;
    /* (1.1+1.1j)**100 by repeated squaring, as python3.11 prints it. */
    PhCValue p = complex_c_pow((PhCValue){1.1, 1.1}, (PhCValue){100, 0}, &err);
    CHECK(err == COMPLEX_OK && p.real == -1.5515590149640315e+19 && p.imag == 0.0);
    p = complex_c_pow((PhCValue){1.1, 1.1}, (PhCValue){101, 0}, &err); /* polar form */
    CHECK(err == COMPLEX_OK && p.real == -1.7067149164604312e+19 &&
          p.imag == -1.7067149164604238e+19);
    p = complex_c_pow((PhCValue){0, 0}, (PhCValue){-1, 0}, &err);
    CHECK(err == COMPLEX_EDOM);
    p = complex_c_pow((PhCValue){0, 0}, (PhCValue){0, 1}, &err);
    CHECK(err == COMPLEX_EDOM);
    p = complex_c_pow((PhCValue){0, 0}, (PhCValue){0, 0}, &err);
    CHECK(err == COMPLEX_OK && p.real == 1.0 && p.imag == 0.0);
    p = complex_c_pow((PhCValue){1e200, 0}, (PhCValue){2, 0}, &err);
    CHECK(err == COMPLEX_ERANGE);
    p = complex_c_pow((PhCValue){INFINITY, 0}, (PhCValue){2, 0}, &err);
    CHECK(err == COMPLEX_OK && isnan(p.real) && isnan(p.imag));
    /* cos of an infinite phase is a domain error, reported as CPython does */
    p = complex_c_pow((PhCValue){-1, 0}, (PhCValue){1e308, 0}, &err);
    CHECK(err == COMPLEX_EDOM);
}

TEST(absolute_and_hash)
{
    int err;
    CHECK(complex_c_abs((PhCValue){3, 4}, &err) == 5.0 && err == COMPLEX_OK);
    CHECK(complex_c_abs((PhCValue){NAN, -INFINITY}, &err) == INFINITY && err == COMPLEX_OK);
    CHECK(isnan(complex_c_abs((PhCValue){NAN, 1}, &err)) && err == COMPLEX_OK);
    complex_c_abs((PhCValue){1.7e308, 1.7e308}, &err);
    CHECK(err == COMPLEX_ERANGE);
    CHECK_EQ(complex_hash_values(1, 2, NULL), 2000007);
    CHECK_EQ(complex_hash_values(-1, 0, NULL), -2);
    CHECK_EQ(complex_hash_values(0, -1, NULL), -2000006);
    CHECK_EQ(complex_hash_values(INFINITY, -INFINITY, NULL), -314159628318);
    CHECK_EQ(complex_hash_values(2.5, 0, NULL), float_hash_double(2.5, NULL));
}

TEST(parsing)
{
    struct {
        const char *text;
        double re, im;
    } good[] = {
        {"1", 1, 0},          {"1j", 0, 1},          {" (1-2j) ", 1, -2}, {"j", 0, 1},
        {"-J", 0, -1},        {"1+j", 1, 1},         {"1e5j", 0, 1e5},    {"-infj", 0, -INFINITY},
        {"InfinityJ", 0, INFINITY}, {"1e500", INFINITY, 0}, {".5j", 0, 0.5}, {"5.j", 0, 5},
        {"\t(\t1.5e+3-2.5E-2J\n)\t", 1500, -0.025}, {"(j)", 0, 1},
    };
    for (size_t i = 0; i < sizeof good / sizeof good[0]; i++) {
        double re = -7, im = -7;
        CHECK(complex_parse(good[i].text, strlen(good[i].text), &re, &im) == 0);
        CHECK(same(re, good[i].re) && same(im, good[i].im));
    }
    const char *bad[] = {"", " ", "()", "1 j", "1 + 2j", "(1+2j", "1+2j)", "1e", "0x1",
                         "1+2j+3j", "++1", "1+-2j", "jj", "j1", "nan(1)j", "1.2.3"};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        double re, im;
        CHECK(complex_parse(bad[i], strlen(bad[i]), &re, &im) == -1);
    }
}

int main(void)
{
    RUN(object_layout);
    RUN(repr_forms);
    RUN(division);
    RUN(powers);
    RUN(absolute_and_hash);
    RUN(parsing);
    CHECK_EXIT();
}
