/* The compiler and the VM seen from C: code object layout (co_varnames
 * order, sorted cells, flags, positions, the exception table), SyntaxError
 * attributes, running code with eval_code, the frame stack across chunk
 * boundaries, and the EV_LINE / EV_FRAME_* events. Python-level behaviour
 * is covered by tests/py/vm_*.py. */
#include "check.h"

#include "compiler/compile.h"
#include "objects/abstract.h"
#include "objects/code.h"
#include "objects/dict.h"
#include "objects/int.h"
#include "objects/str.h"
#include "objects/tuple.h"
#include "vm/errors.h"
#include "vm/eval.h"
#include "vm/state.h"

#include <string.h>

static PhObject *compile_str(PhState *S, const char *src, int mode)
{
    return compile_source(S, src, strlen(src), "<test>", mode);
}

/* The code object constant of `code` whose co_name is name (borrowed). */
static PhCode *inner_code(PhState *S, PhObject *code, const char *name)
{
    PhCode *co = (PhCode *)code;
    for (ssize_t i = 0; i < TUPLE_LEN(co->consts); i++) {
        PhObject *c = TUPLE_GET(co->consts, i);
        if (code_check(S, c) && str_eq_cstr(((PhCode *)c)->name, name)) return (PhCode *)c;
    }
    return NULL;
}

static bool tuple_is(PhObject *t, const char *const *names, int n)
{
    if (TUPLE_LEN(t) != n) return false;
    for (int i = 0; i < n; i++)
        if (!str_eq_cstr(TUPLE_GET(t, i), names[i])) return false;
    return true;
}

TEST(varnames_order_and_cells)
{
    PhState *S = ph_state_new(NULL);
    PhObject *code = compile_str(S,
                                 "def f(a, b, *args, k, **kw):\n"
                                 "    z = 1\n"
                                 "    y = 2\n"
                                 "    def g(): return y + b + z\n"
                                 "    return g\n",
                                 COMPILE_EXEC);
    CHECK(code);
    PhCode *f = inner_code(S, code, "f");
    CHECK(f);
    /* Cell variables that are not arguments live only in co_cellvars. */
    static const char *const vn[] = {"a", "b", "k", "args", "kw", "g"};
    CHECK(tuple_is(f->varnames, vn, 6));
    static const char *const cells[] = {"b", "y", "z"};
    CHECK(tuple_is(f->cellvars, cells, 3));
    CHECK_EQ(f->argcount, 2);
    CHECK_EQ(f->kwonlyargcount, 1);
    CHECK_EQ(f->flags, CO_OPTIMIZED | CO_NEWLOCALS | CO_VARARGS | CO_VARKEYWORDS);
    /* b is an argument and a cell: its value moves into the cell. */
    CHECK(f->cell2arg);
    CHECK_EQ(f->cell2arg[0], 1);
    CHECK_EQ(f->cell2arg[1], -1);
    PhCode *g = inner_code(S, (PhObject *)f, "g");
    CHECK(g);
    CHECK(tuple_is(g->freevars, cells, 3));
    CHECK_EQ(g->flags, CO_OPTIMIZED | CO_NEWLOCALS | CO_NESTED);
    CHECK(str_eq_cstr(g->qualname, "f.<locals>.g"));
    DECREF(S, code);
    CHECK_EQ(ph_state_free(S), 0);
}

TEST(exception_table_and_positions)
{
    PhState *S = ph_state_new(NULL);
    PhObject *code = compile_str(S,
                                 "try:\n"
                                 "    x = 1 / 0\n"
                                 "except ZeroDivisionError:\n"
                                 "    x = 2\n",
                                 COMPILE_EXEC);
    CHECK(code);
    PhCode *co = (PhCode *)code;
    CHECK(co->nexc >= 2);
    for (int i = 0; i < co->nexc; i++) {
        CHECK(co->exctable[i].start < co->exctable[i].end);
        CHECK(co->exctable[i].handler >= 0 && co->exctable[i].handler < co->ninstrs);
        if (i) CHECK(co->exctable[i - 1].end <= co->exctable[i].start);
    }
    /* The division's position: line 2, columns 8..13 (`1 / 0` is not folded). */
    int found = 0;
    for (int i = 0; i < co->ninstrs; i++) {
        if (INSTR_OP(co->instrs[i]) != OP_BINARY_OP) continue;
        int line, end_line, col, end_col;
        CHECK_EQ(code_position(code, i, &line, &end_line, &col, &end_col), 0);
        CHECK_EQ(line, 2);
        CHECK_EQ(col, 8);
        CHECK_EQ(end_col, 13);
        found = 1;
    }
    CHECK(found);
    CHECK_EQ(code_position(code, co->ninstrs, &found, &found, &found, &found), -1);
    DECREF(S, code);
    CHECK_EQ(ph_state_free(S), 0);
}

TEST(syntax_error_attributes)
{
    PhState *S = ph_state_new(NULL);
    PhObject *code = compile_str(S, "def f():\n    nonlocal q\n", COMPILE_EXEC);
    CHECK(!code);
    PhObject *exc = err_fetch(S);
    CHECK(exc && obj_type_check(exc, &S->exc.SyntaxError));
    PhObject *msg = obj_getattr_str(S, exc, "msg");
    PhObject *lineno = obj_getattr_str(S, exc, "lineno");
    PhObject *offset = obj_getattr_str(S, exc, "offset");
    PhObject *end_offset = obj_getattr_str(S, exc, "end_offset");
    CHECK(msg && lineno && offset && end_offset);
    CHECK(str_eq_cstr(msg, "no binding for nonlocal 'q' found"));
    int ovf = 0;
    CHECK_EQ(int_as_i64(lineno, &ovf), 2);
    CHECK_EQ(int_as_i64(offset, &ovf), 5);
    CHECK_EQ(int_as_i64(end_offset, &ovf), 15);
    DECREF(S, msg);
    DECREF(S, lineno);
    DECREF(S, offset);
    DECREF(S, end_offset);
    DECREF(S, exc);
    CHECK_EQ(ph_state_free(S), 0);
}

/* Runs src as a module and returns globals[name] as an int. */
static int64_t run_and_get(PhState *S, const char *src, const char *name, int *ok)
{
    *ok = 0;
    PhObject *code = compile_str(S, src, COMPILE_EXEC);
    if (!code) return 0;
    PhObject *g = dict_new(S);
    if (S->builtins) dict_setitem_str(S, g, "__builtins__", S->builtins);
    PhObject *r = eval_code(S, code, g, NULL);
    DECREF(S, code);
    int64_t v = 0;
    if (r) {
        PhObject *x = dict_getitem_str(S, g, name);
        int ovf = 0;
        if (x) {
            v = int_as_i64(x, &ovf);
            *ok = 1;
        }
        DECREF(S, r);
    } else {
        err_clear(S);
    }
    dict_clear(S, g);
    DECREF(S, g);
    return v;
}

TEST(deep_python_recursion_uses_frame_stack)
{
    /* 20000 Python frames of ~20 slots each cross many 64 KiB chunks and
     * never recurse in C. */
    PhState *S = ph_state_new(NULL);
    S->recursion_limit = 30000;
    int ok;
    int64_t v = run_and_get(S,
                            "def d(n, a=0, b=0, c=0):\n"
                            "    x = y = z = n\n"
                            "    return 0 if n == 0 else 1 + d(n - 1)\n"
                            "r = d(20000)\n",
                            "r", &ok);
    CHECK(ok);
    CHECK_EQ(v, 20000);
    CHECK_EQ(S->recursion_depth, 0);
    CHECK(S->frame == NULL);
    CHECK_EQ(ph_state_free(S), 0);
}

typedef struct EventCounts {
    int lines, pushes, pops;
    int line_seq[32];
} EventCounts;

static void count_events(PhState *S, const PhEvent *ev, void *ctx)
{
    EventCounts *c = ctx;
    if (ev->kind == EV_LINE) {
        if (c->lines < 32) c->line_seq[c->lines] = ev->line;
        c->lines++;
    }
    if (ev->kind == EV_FRAME_PUSH) c->pushes++;
    if (ev->kind == EV_FRAME_POP) c->pops++;
}

TEST(line_and_frame_events)
{
    PhState *S = ph_state_new(NULL);
    EventCounts c;
    memset(&c, 0, sizeof c);
    mem_of(S)->hook = count_events;
    mem_of(S)->hook_ctx = &c;
    int ok;
    run_and_get(S,
                "def f(n):\n"           /* 1 */
                "    return n + 1\n"    /* 2 */
                "t = 0\n"               /* 3 */
                "for i in range(2):\n"  /* 4 */
                "    t = f(t)\n",       /* 5 */
                "t", &ok);
    mem_of(S)->hook = NULL;
    CHECK(ok);
    /* module + 2 calls of f */
    CHECK_EQ(c.pushes, 3);
    CHECK_EQ(c.pops, 3);
    static const int want[] = {1, 3, 4, 5, 2, 4, 5, 2, 4};
    CHECK_EQ(c.lines, 9);
    for (int i = 0; i < 9; i++) CHECK_EQ(c.line_seq[i], want[i]);
    CHECK_EQ(ph_state_free(S), 0);
}

int main(void)
{
    RUN(varnames_order_and_cells);
    RUN(exception_table_and_positions);
    RUN(syntax_error_attributes);
    RUN(deep_python_recursion_uses_frame_stack);
    RUN(line_and_frame_events);
    CHECK_EXIT();
}
