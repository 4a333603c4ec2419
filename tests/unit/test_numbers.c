/* int, bool and float against CPython 3.11.
 *
 * Most cases come from tests/unit/numbers_expected.txt, written by
 * tools/gen_numbers_expected.py running python3.11 (see that script for the
 * line format): each line gives an operation, its operands and CPython's
 * result (or exception), and this test recomputes it through pyheap's C API
 * and the types' slots and method tables. The rest checks what the file
 * cannot show: the small-int cache, sizes, the float freelist, bool.
 */
#include "check.h"

#include "mem/mem.h"
#include "objects/exceptions.h"
#include "objects/float.h"
#include "objects/int.h"
#include "objects/str.h"
#include "objects/tuple.h"
#include "vm/errors.h"
#include "vm/state.h"

#include <math.h>
#include <stdint.h>


/* Appends the text of a str object as UTF-8. */
static void buf_str(TBuf *b, PhObject *s)
{
    for (ssize_t i = 0; i < str_len(s); i++) {
        uint32_t c = str_char_at(s, i);
        char u[4];
        size_t k = 0;
        if (c < 0x80) u[k++] = (char)c;
        else if (c < 0x800) {
            u[k++] = (char)(0xC0 | (c >> 6));
            u[k++] = (char)(0x80 | (c & 0x3F));
        } else if (c < 0x10000) {
            u[k++] = (char)(0xE0 | (c >> 12));
            u[k++] = (char)(0x80 | ((c >> 6) & 0x3F));
            u[k++] = (char)(0x80 | (c & 0x3F));
        } else {
            u[k++] = (char)(0xF0 | (c >> 18));
            u[k++] = (char)(0x80 | ((c >> 12) & 0x3F));
            u[k++] = (char)(0x80 | ((c >> 6) & 0x3F));
            u[k++] = (char)(0x80 | (c & 0x3F));
        }
        tbuf_add(b, u, k);
    }
}

/* ---- results as CPython's generator printed them -------------------------------- */

static void add_value(PhState *S, TBuf *b, PhObject *o);

static void add_repr(PhState *S, TBuf *b, PhObject *o)
{
    if (o->type == &S->types.str) { /* ASCII only in these tests */
        tbuf_puts(b, "'");
        buf_str(b, o);
        tbuf_puts(b, "'");
    } else
        add_value(S, b, o);
}

static void add_value(PhState *S, TBuf *b, PhObject *o)
{
    PhObject *s = NULL;
    if (o->type == &S->types.tuple) {
        for (ssize_t i = 0; i < TUPLE_LEN(o); i++) {
            if (i) tbuf_puts(b, " ");
            add_repr(S, b, TUPLE_GET(o, i));
        }
        return;
    }
    if (int_check(o)) s = int_repr(S, o);
    else if (o->type == &S->types.float_) s = float_repr(S, o);
    else if (o->type == &S->types.str) {
        add_repr(S, b, o);
        return;
    }
    if (!s) {
        tbuf_puts(b, "<unprintable>");
        err_clear(S);
        return;
    }
    buf_str(b, s);
    DECREF(S, s);
}

/* The result of an operation: its value, or "!Type: message" for the
 * exception it raised (which is cleared). Steals r. */
static void add_result(PhState *S, TBuf *b, PhObject *r)
{
    if (r) {
        add_value(S, b, r);
        DECREF(S, r);
        return;
    }
    PhObject *e = err_fetch(S);
    if (!e) {
        tbuf_puts(b, "<NULL without exception>");
        return;
    }
    tbuf_puts(b, "!");
    tbuf_puts(b, e->type->name);
    tbuf_puts(b, ": ");
    PhObject *args = ((PhBaseException *)e)->args;
    if (args && TUPLE_LEN(args) == 1) {
        PhObject *a = TUPLE_GET(args, 0);
        if (a->type == &S->types.str) buf_str(b, a);
        else add_value(S, b, a);
    }
    else if (args && TUPLE_LEN(args) > 1) {
        tbuf_puts(b, "(");
        for (ssize_t i = 0; i < TUPLE_LEN(args); i++) {
            if (i) tbuf_puts(b, ", ");
            add_repr(S, b, TUPLE_GET(args, i));
        }
        tbuf_puts(b, ")");
    }
    DECREF(S, e);
}

/* ---- calling slots and methods ----------------------------------------------------- */

static PhObject *call_method(PhState *S, PhType *t, const char *name, PhObject **args,
                             size_t n)
{
    for (const PhMethodDef *m = t->methods; m && m->name; m++)
        if (strcmp(m->name, name) == 0) return m->fn(S, NULL, args, n, NULL);
    printf("no method %s.%s\n", t->name, name);
    return NULL;
}

static PhObject *int_arg(PhState *S, const char *text)
{
    PhObject *o = int_from_string(S, text, strlen(text), 10);
    if (!o) {
        printf("bad int in expected file: %.60s\n", text);
        err_clear(S);
    }
    return o;
}

static PhObject *float_arg(PhState *S, const char *hexbits)
{
    uint64_t u = strtoull(hexbits, NULL, 16);
    double d;
    memcpy(&d, &u, sizeof d);
    return float_from_double(S, d);
}

static PhObject *text_arg(PhState *S, const char *hex)
{
    char tmp[20000];
    size_t n = 0;
    if (strcmp(hex, "-") != 0)
        for (const char *p = hex; p[0] && p[1]; p += 2) {
            unsigned v;
            sscanf(p, "%2x", &v);
            tmp[n++] = (char)v;
        }
    return str_from_utf8(S, tmp, n);
}

static PhObject *binop(PhState *S, const PhNumberMethods *nm, const char *op, PhObject *a,
                       PhObject *b)
{
    if (!strcmp(op, "+")) return nm->add(S, a, b);
    if (!strcmp(op, "-")) return nm->sub(S, a, b);
    if (!strcmp(op, "*")) return nm->mul(S, a, b);
    if (!strcmp(op, "/")) return nm->truediv(S, a, b);
    if (!strcmp(op, "//")) return nm->floordiv(S, a, b);
    if (!strcmp(op, "%")) return nm->mod(S, a, b);
    if (!strcmp(op, "divmod")) return nm->divmod(S, a, b);
    if (!strcmp(op, "**")) return nm->pow(S, a, b, NULL);
    if (!strcmp(op, "&")) return nm->and_(S, a, b);
    if (!strcmp(op, "|")) return nm->or_(S, a, b);
    if (!strcmp(op, "^")) return nm->xor_(S, a, b);
    if (!strcmp(op, "<<")) return nm->lshift(S, a, b);
    if (!strcmp(op, ">>")) return nm->rshift(S, a, b);
    return NULL;
}

/* ---- one expected-file case --------------------------------------------------------------- */

static void case_int_binary(PhState *S, TBuf *b, const char *op, PhObject *x, PhObject *y)
{
    if (!strcmp(op, "cmp")) {
        add_result(S, b, int_from_i64(S, int_compare(x, y)));
    } else if (!strcmp(op, "round")) {
        add_result(S, b, int_round(S, x, y));
    } else if (!strcmp(op, "*k")) { /* Karatsuba-sized product: hex tail and residue */
        PhObject *p = int_mul(S, x, y);
        PhObject *h = int_to_base_str(S, p, 16);
        ssize_t n = str_len(h), from = n > 40 ? n - 40 : 0;
        for (ssize_t i = from; i < n; i++) {
            char c = (char)str_char_at(h, i);
            tbuf_add(b, &c, 1);
        }
        tbuf_puts(b, " ");
        PhObject *m = int_from_i64(S, 1000000007);
        add_result(S, b, int_mod(S, p, m));
        DECREF(S, m);
        DECREF(S, h);
        DECREF(S, p);
    } else
        add_result(S, b, binop(S, &int_as_number, op, x, y));
}

static void case_int_unary(PhState *S, TBuf *b, const char *op, PhObject *x)
{
    PhType *it = &S->types.int_;
    PhObject *r;
    if (!strcmp(op, "neg")) r = int_neg(S, x);
    else if (!strcmp(op, "invert")) r = int_invert(S, x);
    else if (!strcmp(op, "abs")) r = int_abs(S, x);
    else if (!strcmp(op, "hash")) r = int_from_i64(S, it->hash(S, x));
    else if (!strcmp(op, "bitlen")) r = call_method(S, it, "bit_length", &x, 1);
    else if (!strcmp(op, "bitcount")) r = call_method(S, it, "bit_count", &x, 1);
    else if (!strcmp(op, "str")) r = it->repr(S, x);
    else if (!strcmp(op, "hex")) r = int_to_base_str(S, x, 16);
    else if (!strcmp(op, "oct")) r = int_to_base_str(S, x, 8);
    else if (!strcmp(op, "bin")) r = int_to_base_str(S, x, 2);
    else if (!strcmp(op, "float")) r = it->as_number->float_(S, x);
    else r = NULL;
    add_result(S, b, r);
}

static void case_float_unary(PhState *S, TBuf *b, const char *op, PhObject *x)
{
    PhType *ft = &S->types.float_;
    PhObject *r;
    if (!strcmp(op, "repr")) r = ft->repr(S, x);
    else if (!strcmp(op, "hash")) r = int_from_i64(S, ft->hash(S, x));
    else if (!strcmp(op, "int")) r = ft->as_number->int_(S, x);
    else if (!strcmp(op, "round")) r = call_method(S, ft, "__round__", &x, 1);
    else if (!strcmp(op, "ratio")) r = call_method(S, ft, "as_integer_ratio", &x, 1);
    else if (!strcmp(op, "hex")) r = call_method(S, ft, "hex", &x, 1);
    else if (!strcmp(op, "isint")) r = call_method(S, ft, "is_integer", &x, 1);
    else if (!strcmp(op, "floor")) r = call_method(S, ft, "__floor__", &x, 1);
    else if (!strcmp(op, "ceil")) r = call_method(S, ft, "__ceil__", &x, 1);
    else if (!strcmp(op, "fromhex")) {
        PhObject *h = call_method(S, ft, "hex", &x, 1);
        PhObject *args[2] = {(PhObject *)ft, h};
        r = h ? call_method(S, ft, "fromhex", args, 2) : NULL;
        XDECREF(S, h);
    } else
        r = NULL;
    add_result(S, b, r);
}

static void case_compare(PhState *S, TBuf *b, PhObject *x, PhObject *a)
{
    const char *names[] = {"-1", "0", "1"};
    int ops[] = {CMP_LT, CMP_EQ, CMP_GT};
    const char *got = "nan";
    for (int i = 0; i < 3; i++) {
        PhObject *r = S->types.float_.richcompare(S, x, a, ops[i]);
        bool yes = r == PH_TRUE(S);
        XDECREF(S, r);
        if (yes) got = names[i];
    }
    tbuf_puts(b, got);
}

/* Splits a line into at most `max` space-separated fields; the last one
 * takes the rest of the line. */
static int split(char *line, char **f, int max)
{
    for (int i = 0; i < max; i++) f[i] = (char *)""; /* missing fields read as empty */
    int n = 0;
    char *p = line;
    while (n < max - 1) {
        f[n++] = p;
        char *sp = strchr(p, ' ');
        if (!sp) return n;
        *sp = 0;
        p = sp + 1;
    }
    f[n++] = p;
    return n;
}

/* Runs one case; returns true when pyheap agrees. */
static bool run_case(PhState *S, char *line, TBuf *got, const char **want)
{
    char *f[6] = {0};
    got->n = 0;
    tbuf_puts(got, "");
    PhObject *x = NULL, *y = NULL, *z = NULL;
    switch (line[0]) {
    case 'i':
        split(line, f, 5);
        x = int_arg(S, f[2]);
        y = int_arg(S, f[3]);
        case_int_binary(S, got, f[1], x, y);
        *want = f[4];
        break;
    case 'u':
        split(line, f, 4);
        x = int_arg(S, f[2]);
        case_int_unary(S, got, f[1], x);
        *want = f[3];
        break;
    case 'p':
        split(line, f, 5);
        x = int_arg(S, f[1]);
        y = int_arg(S, f[2]);
        z = int_arg(S, f[3]);
        add_result(S, got, int_pow(S, x, y, z));
        *want = f[4];
        break;
    case 's':
        split(line, f, 4);
        x = text_arg(S, f[2]);
        y = int_from_i64(S, atoi(f[1]));
        add_result(S, got, int_from_object(S, x, y));
        *want = f[3];
        break;
    case 'f':
        split(line, f, 5);
        x = float_arg(S, f[2]);
        y = float_arg(S, f[3]);
        add_result(S, got, binop(S, &float_as_number, f[1], x, y));
        *want = f[4];
        break;
    case 'g':
        split(line, f, 4);
        x = float_arg(S, f[2]);
        case_float_unary(S, got, f[1], x);
        *want = f[3];
        break;
    case 'r': {
        split(line, f, 4);
        x = float_arg(S, f[1]);
        y = int_arg(S, f[2]);
        PhObject *args[2] = {x, y};
        add_result(S, got, call_method(S, &S->types.float_, "__round__", args, 2));
        *want = f[3];
        break;
    }
    case 't':
        split(line, f, 3);
        x = text_arg(S, f[1]);
        add_result(S, got, float_from_object(S, x));
        *want = f[2];
        break;
    case 'c':
        split(line, f, 4);
        x = float_arg(S, f[1]);
        y = int_arg(S, f[2]);
        case_compare(S, got, x, y);
        *want = f[3];
        break;
    default:
        *want = "";
        return true;
    }
    XDECREF(S, x);
    XDECREF(S, y);
    XDECREF(S, z);
    return strcmp(got->p, *want) == 0;
}

static FILE *open_expected(void)
{
    char path[1024];
    snprintf(path, sizeof path, "%s", __FILE__);
    char *slash = strrchr(path, '/');
    snprintf(slash ? slash + 1 : path, sizeof path - (size_t)(slash ? slash + 1 - path : 0),
             "numbers_expected.txt");
    return fopen(path, "r");
}

TEST(expected_file_cases)
{
    FILE *fp = open_expected();
    CHECK(fp != NULL);
    PhState *S = ph_state_new(NULL);
    CHECK(S != NULL);
    size_t cap = 1 << 16;
    char *line = malloc(cap);
    TBuf got = {0};
    int total = 0, failed = 0;
    while (fgets(line, (int)cap, fp)) {
        size_t n = strlen(line);
        while (n == cap - 1 && line[n - 1] != '\n') { /* a long line: grow */
            cap *= 2;
            line = realloc(line, cap);
            if (!fgets(line + n, (int)(cap - n), fp)) break;
            n = strlen(line);
        }
        if (n && line[n - 1] == '\n') line[--n] = 0;
        char copy[160];
        snprintf(copy, sizeof copy, "%s", line);
        const char *want = "";
        total++;
        if (!run_case(S, line, &got, &want)) {
            if (failed++ < 40)
                printf("  mismatch: %.150s\n    want %.200s\n    got  %.200s\n", copy, want,
                       got.p);
        }
    }
    fclose(fp);
    free(line);
    free(got.p);
    printf("  %d cases, %d mismatches\n", total, failed);
    CHECK_EQ(ph_state_free(S), 0);
    CHECK(total > 10000);
    CHECK_EQ(failed, 0);
}

/* ---- what the file cannot show ------------------------------------------------------------ */

TEST(small_int_cache)
{
    PhState *S = ph_state_new(NULL);
    CHECK(S != NULL);
    PhObject *a = int_from_string(S, "256", 3, 10), *b = int_from_string(S, " 256 ", 5, 10);
    CHECK(a == b && a == S->small_ints[256 - INT_SMALL_MIN]);
    PhObject *c = int_from_string(S, "257", 3, 10), *d = int_from_string(S, "257", 3, 10);
    CHECK(c != d);
    /* Results in range come from the cache, whatever the path. */
    PhObject *big = int_from_string(S, "100000000000000000000000", 24, 10);
    PhObject *big2 = int_from_string(S, "99999999999999999999999", 23, 10);
    PhObject *one = int_sub(S, big, big2);
    CHECK(one == S->small_ints[1 - INT_SMALL_MIN]);
    PhObject *m5 = int_from_string(S, "-0b101", 6, 0);
    CHECK(m5 == S->small_ints[0]);
    PhObject *q = int_floordiv(S, big, big2);
    CHECK(q == one);
    PhObject *neg = int_neg(S, one);
    CHECK(neg == S->small_ints[-1 - INT_SMALL_MIN]);
    PhObject *sh = int_rshift_by(S, big, 70);
    CHECK(sh == S->small_ints[INT_SMALL_MIN * -1 + 84]);
    PhObject *z = int_from_double(S, -0.5);
    CHECK(z == S->small_ints[-INT_SMALL_MIN]);
    PhObject *objs[] = {a, b, c, d, big, big2, one, m5, q, neg, sh, z};
    for (size_t i = 0; i < sizeof objs / sizeof *objs; i++) DECREF(S, objs[i]);
    CHECK_EQ(ph_state_free(S), 0);
}

TEST(sizes)
{
    PhState *S = ph_state_new(NULL);
    CHECK(S != NULL);
    const char *vals[] = {"0", "1", "1073741823", "1073741824", "1152921504606846976", "-5"};
    size_t want[] = {28, 28, 28, 32, 36, 28};
    for (int i = 0; i < 6; i++) {
        PhObject *v = int_from_string(S, vals[i], strlen(vals[i]), 10);
        CHECK_EQ(int_sizeof(v), want[i]);
        DECREF(S, v);
    }
    PhObject *f = float_from_double(S, 1.5);
    CHECK_EQ(S->types.float_.basicsize, 24);
    DECREF(S, f);
    CHECK_EQ(int_sizeof(PH_TRUE(S)), 28);
    CHECK_EQ(ph_state_free(S), 0);
}

TEST(float_freelist)
{
    PhState *S = ph_state_new(NULL);
    CHECK(S != NULL);
    PhObject *fs[150];
    for (int i = 0; i < 150; i++) fs[i] = float_from_double(S, i);
    int before = S->float_numfree;
    for (int i = 0; i < 150; i++) DECREF(S, fs[i]);
    CHECK_EQ(S->float_numfree, FLOAT_MAXFREELIST);
    CHECK(before <= FLOAT_MAXFREELIST);
    /* The most recently freed float is reused first. */
    PhObject *last = fs[149];
    bool listed = false;
    for (int i = 0; i < 150; i++) listed |= fs[i] == last;
    PhObject *r = float_from_double(S, 2.5);
    CHECK(listed);
    CHECK_EQ(S->float_numfree, FLOAT_MAXFREELIST - 1);
    CHECK(float_value(r) == 2.5 && r->refcnt == 1);
    DECREF(S, r);
    /* A full collection empties it, like CPython's; a young one does not. */
    for (int i = 0; i < 10; i++) DECREF(S, float_from_double(S, i));
    CHECK(S->float_numfree > 0);
    gc_collect(S, 0);
    CHECK(S->float_numfree > 0);
    gc_collect(S, 2);
    CHECK_EQ(S->float_numfree, 0);
    CHECK_EQ(ph_state_free(S), 0);
}

TEST(bool_ops)
{
    PhState *S = ph_state_new(NULL);
    CHECK(S != NULL);
    PhObject *t = PH_TRUE(S), *f = PH_FALSE(S);
    const PhNumberMethods *nb = S->types.bool_.as_number;
    PhObject *r = nb->and_(S, t, f);
    CHECK(r == f);
    DECREF(S, r);
    r = nb->xor_(S, t, f);
    CHECK(r == t);
    DECREF(S, r);
    r = nb->add(S, t, t); /* True + True == 2, an int */
    CHECK(r == S->small_ints[2 - INT_SMALL_MIN]);
    DECREF(S, r);
    PhObject *three = int_from_i64(S, 3);
    r = nb->and_(S, t, three); /* True & 3 == 1, an int */
    CHECK(r == S->small_ints[1 - INT_SMALL_MIN]);
    DECREF(S, r);
    DECREF(S, three);
    PhObject *s = S->types.bool_.repr(S, t);
    CHECK(s && str_len(s) == 4 && memcmp(str_data(s), "True", 4) == 0);
    DECREF(S, s);
    CHECK(!(S->types.bool_.flags & TPFLAG_BASETYPE));
    CHECK_EQ(ph_state_free(S), 0);
}

TEST(str_digit_limit)
{
    PhState *S = ph_state_new(NULL);
    CHECK(S != NULL);
    char *digits = malloc(5001);
    memset(digits, '7', 5000);
    digits[5000] = 0;
    /* The compiler's entry point has no limit; int() and str() do. */
    PhObject *v = int_from_string(S, digits, 5000, 10);
    CHECK(v != NULL);
    PhObject *s = int_repr(S, v);
    CHECK(s == NULL && err_occurred(S));
    err_clear(S);
    CHECK_EQ(int_set_max_str_digits(S, 100), -1);
    err_clear(S);
    CHECK_EQ(int_set_max_str_digits(S, 0), 0);
    s = int_repr(S, v);
    CHECK(s && str_len(s) == 5000 && memcmp(str_data(s), digits, 5000) == 0);
    DECREF(S, s);
    DECREF(S, v);
    free(digits);
    CHECK_EQ(ph_state_free(S), 0);
}

int main(void)
{
    RUN(small_int_cache);
    RUN(sizes);
    RUN(float_freelist);
    RUN(bool_ops);
    RUN(str_digit_limit);
    RUN(expected_file_cases);
    CHECK_EXIT();
}
