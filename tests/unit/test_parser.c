/* Front-end tests: every tests/parser/NAME.py must dump (and place its nodes)
 * exactly as CPython 3.11 does (NAME.ast, made by tools/regen_ast.sh), and
 * every tests/parser/errors/NAME.py must fail with CPython's SyntaxError
 * (NAME.err). Run from the repository root. One PASS/FAIL line per file.
 */
#include <dirent.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "compiler/ast.h"
#include "compiler/parser.h"

static int file_failures;

static char *read_file(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    fseek(f, 0, SEEK_END);
    long n = ftell(f);
    fseek(f, 0, SEEK_SET);
    char *buf = malloc((size_t)n + 1);
    if (!buf) {
        fclose(f);
        return NULL;
    }
    size_t got = fread(buf, 1, (size_t)n, f);
    fclose(f);
    buf[got] = 0;
    if (len)
        *len = got;
    return buf;
}

static int cmp_names(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Sorted list of NAME (without .py) in dir. */
static int list_py(const char *dir, char ***out)
{
    DIR *d = opendir(dir);
    if (!d)
        return 0;
    int n = 0, cap = 64;
    char **names = malloc(sizeof(char *) * (size_t)cap);
    struct dirent *e;
    while ((e = readdir(d))) {
        size_t l = strlen(e->d_name);
        if (l < 4 || strcmp(e->d_name + l - 3, ".py") != 0)
            continue;
        if (n == cap)
            names = realloc(names, sizeof(char *) * (size_t)(cap *= 2));
        names[n] = malloc(l - 2);
        memcpy(names[n], e->d_name, l - 3);
        names[n][l - 3] = 0;
        n++;
    }
    closedir(d);
    qsort(names, (size_t)n, sizeof(char *), cmp_names);
    *out = names;
    return n;
}

static void free_names(char **names, int n)
{
    for (int i = 0; i < n; i++)
        free(names[i]);
    free(names);
}

/* Index of the first differing byte, for messages. */
static size_t first_diff(const char *a, const char *b)
{
    size_t i = 0;
    while (a[i] && a[i] == b[i])
        i++;
    return i;
}

static void report(const char *kind, const char *name, const char *why, const char *got,
                   const char *want)
{
    if (!why) {
        printf("PASS %s_%s\n", kind, name);
        return;
    }
    file_failures++;
    printf("FAIL %s_%s: %s\n", kind, name, why);
    if (got && want) {
        size_t i = first_diff(got, want);
        size_t from = i > 60 ? i - 60 : 0;
        printf("    got:  %.140s\n    want: %.140s\n", got + from, want + from);
    }
}

static void corpus_file(const char *name)
{
    char path[512];
    snprintf(path, sizeof path, "tests/parser/%s.py", name);
    size_t len;
    char *src = read_file(path, &len);
    snprintf(path, sizeof path, "tests/parser/%s.ast", name);
    char *want = read_file(path, NULL);
    if (!src || !want) {
        report("parse", name, "missing .py or .ast (run tools/regen_ast.sh)", NULL, NULL);
        free(src);
        free(want);
        return;
    }
    AstArena *arena = ast_arena_new(NULL, NULL, NULL);
    SyntaxErrorInfo err;
    Module *m = parse_module(arena, src, len, path, &err);
    if (!m) {
        char why[400];
        snprintf(why, sizeof why, "unexpected %s: %s (line %d)",
                 syntax_error_kind_name(err.kind), err.msg, err.lineno);
        report("parse", name, why, NULL, NULL);
    } else {
        char *dump = ast_dump_module(arena, m);
        char *pos = ast_positions_module(arena, m);
        size_t dl = strlen(dump), pl = strlen(pos);
        char *got = malloc(dl + pl + 2);
        memcpy(got, dump, dl);
        got[dl] = '\n';
        memcpy(got + dl + 1, pos, pl + 1);
        if (strcmp(got, want) != 0)
            report("parse", name, first_diff(got, want) <= dl ? "dump differs"
                                                             : "positions differ",
                   got, want);
        else
            report("parse", name, NULL, NULL, NULL);
        free(got);
    }
    ast_arena_free(arena);
    free(src);
    free(want);
}

static void error_file(const char *name)
{
    char path[512];
    snprintf(path, sizeof path, "tests/parser/errors/%s.py", name);
    size_t len;
    char *src = read_file(path, &len);
    snprintf(path, sizeof path, "tests/parser/errors/%s.err", name);
    char *want = read_file(path, NULL);
    if (!src || !want) {
        report("syntaxerr", name, "missing .py or .err (run tools/regen_ast.sh)", NULL, NULL);
        free(src);
        free(want);
        return;
    }
    char fname[300];
    snprintf(fname, sizeof fname, "%s.py", name);
    AstArena *arena = ast_arena_new(NULL, NULL, NULL);
    SyntaxErrorInfo err;
    Module *m = parse_module(arena, src, len, fname, &err);
    if (m) {
        report("syntaxerr", name, "parsed without error", NULL, NULL);
    } else {
        const char *text = err.text ? err.text : "None";
        size_t tl = strlen(text);
        int nl = tl && text[tl - 1] == '\n';
        char *got = malloc(tl + 700);
        snprintf(got, tl + 700, "%s: %s (%d, %d, %d, %d)\ntext: %.*s\nnewline: %d\n",
                 syntax_error_kind_name(err.kind), err.msg, err.lineno, err.offset,
                 err.end_lineno, err.end_offset, (int)(nl ? tl - 1 : tl), text, nl);
        report("syntaxerr", name, strcmp(got, want) ? "error differs" : NULL, got, want);
        free(got);
    }
    ast_arena_free(arena);
    free(src);
    free(want);
}

/* ------------------------------------------------------- focused tests */

/* Counts chunks so the test can prove the arena returns everything. */
typedef struct { long live, total; } Counter;
static void *count_alloc(void *ctx, size_t n)
{
    Counter *c = ctx;
    c->live++;
    c->total++;
    return malloc(n);
}
static void count_free(void *ctx, void *p)
{
    Counter *c = ctx;
    c->live--;
    free(p);
}

TEST(arena_callbacks_balance)
{
    Counter c = {0, 0};
    AstArena *a = ast_arena_new(count_alloc, count_free, &c);
    CHECK(a != NULL);
    /* enough source to need several chunks, plus one failing parse */
    char *src = malloc(200000);
    size_t n = 0;
    for (int i = 0; i < 5000; i++)
        n += (size_t)sprintf(src + n, "x%d = [%d, 'abc', f'{y}'] + z\n", i, i);
    SyntaxErrorInfo err;
    CHECK(parse_module(a, src, n, "big.py", &err) != NULL);
    CHECK(c.total > 3);
    CHECK(parse_module(a, "x = (\n", 6, "bad.py", &err) == NULL);
    ast_arena_free(a);
    free(src);
    CHECK_EQ(c.live, 0);
}

static void expect_error(const char *check_name_, const char *src, const char *msg_prefix)
{
    AstArena *a = ast_arena_new(NULL, NULL, NULL);
    SyntaxErrorInfo err;
    Module *m = parse_module(a, src, strlen(src), "deep.py", &err);
    int ok = m == NULL && strncmp(err.msg, msg_prefix, strlen(msg_prefix)) == 0;
    if (!ok)
        printf("    %.30s...: got %s\n", src, m ? "(parsed)" : err.msg);
    ast_arena_free(a);
    CHECK(ok);
}

static char *repeat(const char *head, const char *unit, int n, const char *tail)
{
    size_t hl = strlen(head), ul = strlen(unit), tl = strlen(tail);
    char *s = malloc(hl + ul * (size_t)n + tl + 1);
    memcpy(s, head, hl);
    for (int i = 0; i < n; i++)
        memcpy(s + hl + ul * (size_t)i, unit, ul);
    memcpy(s + hl + ul * (size_t)n, tail, tl + 1);
    return s;
}

TEST(deep_nesting_is_an_error_not_a_crash)
{
    struct { const char *head, *unit, *tail, *msg; } cases[] = {
        {"x = ", "(", "1\n", "too many nested parentheses"},
        {"x = ", "[", "\n", "too many nested parentheses"},
        {"x = ", "-", "1\n", "too many nested expressions"},
        {"x = ", "not ", "1\n", "too many nested expressions"},
        {"x = ", "lambda: ", "1\n", "too many nested expressions"},
        {"x = ", "2**", "1\n", "too many nested expressions"},
        {"x = ", "1 if 2 else ", "1\n", "too many nested expressions"},
        {"x = ", "a.b(", "\n", "too many nested parentheses"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char *src = repeat(cases[i].head, cases[i].unit, 10000, cases[i].tail);
        expect_error(check_name_, src, cases[i].msg);
        free(src);
        if (check_failed_)
            return;
    }
    /* 200 brackets are still fine, as in CPython */
    char *ok = repeat("x = ", "[", 200, "");
    char *ok2 = repeat(ok, "]", 200, "\n");
    AstArena *a = ast_arena_new(NULL, NULL, NULL);
    SyntaxErrorInfo err;
    CHECK(parse_module(a, ok2, strlen(ok2), "ok.py", &err) != NULL);
    ast_arena_free(a);
    free(ok);
    free(ok2);
}

TEST(float_repr_matches_python)
{
    struct { double x; const char *want; } cases[] = {
        {0.0, "0.0"}, {1.0, "1.0"}, {0.1, "0.1"}, {1e16, "1e+16"},
        {1e15, "1000000000000000.0"}, {1e-5, "1e-05"}, {0.0001, "0.0001"},
        {1.5e300, "1.5e+300"}, {123456789.123456789, "123456789.12345679"},
        {5e-324, "5e-324"}, {INFINITY, "inf"}, {2.5, "2.5"}, {1e22, "1e+22"},
        {-0.5, "-0.5"}, {3.141592653589793, "3.141592653589793"},
    };
    char buf[64];
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        ast_float_repr(cases[i].x, buf, sizeof buf);
        if (strcmp(buf, cases[i].want) != 0)
            printf("    %s != %s\n", buf, cases[i].want);
        CHECK(strcmp(buf, cases[i].want) == 0);
    }
}

TEST(parse_expression_mode)
{
    AstArena *a = ast_arena_new(NULL, NULL, NULL);
    SyntaxErrorInfo err;
    Expr *e = parse_expression(a, "  1 + 2 * x\n\n", 13, "<string>", &err);
    CHECK(e != NULL);
    CHECK_EQ(e->kind, EXPR_BinOp);
    char *d = ast_dump_expr(a, e);
    CHECK(strcmp(d, "BinOp(left=Constant(value=1), op=Add(), right=BinOp(left="
                    "Constant(value=2), op=Mult(), right=Name(id='x', ctx=Load())))") == 0);
    CHECK(parse_expression(a, "x = 1", 5, "<string>", &err) == NULL);
    CHECK(strcmp(err.msg, "invalid syntax") == 0);
    ast_arena_free(a);
}

TEST(constants_keep_raw_payloads)
{
    AstArena *a = ast_arena_new(NULL, NULL, NULL);
    SyntaxErrorInfo err;
    const char *src = "0x_FF_ff\n'a\\x00b'\n1_0.5\n";
    Module *m = parse_module(a, src, strlen(src), "c.py", &err);
    CHECK(m != NULL);
    CHECK_EQ(m->body.count, 3);
    ConstValue *i = &m->body.items[0]->v.Expr.value->v.Constant.value;
    CHECK_EQ(i->kind, CONST_Int);
    CHECK_EQ(i->v.int_.base, 16);
    CHECK(strcmp(i->v.int_.digits, "FFff") == 0);
    ConstValue *s = &m->body.items[1]->v.Expr.value->v.Constant.value;
    CHECK_EQ(s->kind, CONST_Str);
    CHECK_EQ(s->v.str.len, 3);
    CHECK(memcmp(s->v.str.data, "a\0b", 3) == 0);
    ConstValue *f = &m->body.items[2]->v.Expr.value->v.Constant.value;
    CHECK_EQ(f->kind, CONST_Float);
    CHECK(f->v.f == 10.5);
    ast_arena_free(a);
}

TEST(print_syntax_error_format)
{
    AstArena *a = ast_arena_new(NULL, NULL, NULL);
    SyntaxErrorInfo err;
    const char *src = "x = 1\n\nif x\n    pass\n";
    CHECK(parse_module(a, src, strlen(src), "x.py", &err) == NULL);
    char buf[512];
    FILE *f = fmemopen(buf, sizeof buf, "w");
    CHECK(f != NULL);
    print_syntax_error(f, &err);
    fclose(f);
    CHECK(strcmp(buf, "  File \"x.py\", line 3\n    if x\n        ^\n"
                      "SyntaxError: expected ':'\n") == 0);
    ast_arena_free(a);
}

int main(void)
{
    char **names;
    int n = list_py("tests/parser", &names);
    if (n == 0)
        printf("FAIL parser_corpus: no tests/parser/*.py (run from the repository root)\n");
    for (int i = 0; i < n; i++)
        corpus_file(names[i]);
    free_names(names, n);
    n = list_py("tests/parser/errors", &names);
    if (n == 0)
        printf("FAIL parser_errors: no tests/parser/errors/*.py\n");
    for (int i = 0; i < n; i++)
        error_file(names[i]);
    free_names(names, n);

    RUN(arena_callbacks_balance);
    RUN(deep_nesting_is_an_error_not_a_crash);
    RUN(float_repr_matches_python);
    RUN(parse_expression_mode);
    RUN(constants_keep_raw_payloads);
    RUN(print_syntax_error_format);
    if (file_failures)
        check_total_failed_++;
    CHECK_EXIT();
}
