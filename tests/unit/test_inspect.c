/* The inspectors: string and object tables, value descriptions, and the
 * recorder driven by hand-made events (frames and lines emitted here as the
 * eval loop would), checked through a test sink, the JSON stream, the trace
 * text, the statistics and the page. */
#include "check.h"

#include "inspect/inspect.h"
#include "modules/modules.h"
#include "objects/module.h"
#include "inspect/recorder.h"
#include "objects/code.h"
#include "objects/dict.h"
#include "objects/float.h"
#include "objects/func.h"
#include "objects/int.h"
#include "objects/list.h"
#include "objects/set.h"
#include "objects/str.h"
#include "objects/tuple.h"
#include "vm/frame.h"
#include "vm/state.h"

#include <stdint.h>
#include <unistd.h>

static PhState *new_state(void)
{
    PhConfig cfg = {0};
    return ph_state_new(&cfg);
}

/* ---- tables -------------------------------------------------------------------- */

TEST(strtab_interns_by_content)
{
    StrTab t = {0};
    CHECK_EQ(strtab_addz(&t, ""), 0);
    uint32_t a = strtab_addz(&t, "alpha"), b = strtab_addz(&t, "beta");
    CHECK(a != b && a != 0);
    CHECK_EQ(strtab_add(&t, "alphabet", 5), a);
    char buf[16];
    for (int i = 0; i < 5000; i++) {
        snprintf(buf, sizeof buf, "s%d", i);
        uint32_t s = strtab_addz(&t, buf);
        CHECK(strcmp(strtab_get(&t, s), buf) == 0);
    }
    CHECK_EQ(strtab_addz(&t, "beta"), b);
    CHECK(strcmp(strtab_get(&t, a), "alpha") == 0);
    strtab_free(&t);
}

TEST(objtab_matches_a_shadow_model)
{
    /* Random inserts and removals, checked against a flat array: backward-
     * shift deletion must never lose a key. */
    ObjTable t = {0};
    enum { N = 3000 };
    static char mem[N * 16];
    static bool live[N];
    memset(live, 0, sizeof live);
    uint64_t seed = 12345;
    for (int round = 0; round < 60000; round++) {
        seed = seed * 6364136223846793005ull + 1442695040888963407ull;
        int k = (int)((seed >> 33) % N);
        PhObject *p = (PhObject *)(mem + k * 16);
        if (live[k]) {
            ObjRec *r = objtab_find(&t, p);
            CHECK(r && r->addr == p && r->line == k);
            objtab_remove(&t, r);
            live[k] = false;
        } else {
            ObjRec *r = objtab_insert(&t, p);
            r->line = k;
            live[k] = true;
        }
    }
    size_t n = 0;
    for (int k = 0; k < N; k++) {
        ObjRec *r = objtab_find(&t, (PhObject *)(mem + k * 16));
        CHECK((r != NULL) == live[k]);
        if (r) {
            CHECK_EQ(r->line, k);
            n++;
        }
    }
    CHECK_EQ(t.used, n);
    free(t.slots);
}

/* ---- descriptions ----------------------------------------------------------------- */

static const char *desc(PhState *S, PhObject *o, size_t width)
{
    static char buf[256];
    describe_value(S, o, buf, sizeof buf, width);
    return buf;
}

#define CHECK_DESC(S, o, width, want)                                                          \
    do {                                                                                       \
        PhObject *o_ = (o);                                                                    \
        CHECK(o_);                                                                             \
        const char *got_ = desc(S, o_, width);                                                 \
        if (strcmp(got_, want) != 0) printf("  described as [%s], wanted [%s]\n", got_, want); \
        CHECK(strcmp(got_, want) == 0);                                                        \
        DECREF(S, o_);                                                                         \
    } while (0)

TEST(describe_scalars)
{
    PhState *S = new_state();
    CHECK(S);
    CHECK_DESC(S, int_from_i64(S, 42), 40, "42");
    CHECK_DESC(S, int_from_i64(S, -1234567890123LL), 40, "-1234567890123");
    /* 2**100 without asking the int type to format it. */
    PhObject *big = int_from_i64(S, 1), *two = int_from_i64(S, 2);
    PhObject *p100 = int_from_i64(S, 100);
    PhObject *r = int_pow(S, two, p100, NULL);
    CHECK_DESC(S, r, 60, "1267650600228229401496703205376");
    r = int_pow(S, two, p100, NULL);
    CHECK_DESC(S, r, 20, "126765…(31 digits)");
    DECREF(S, big), DECREF(S, two), DECREF(S, p100);
    CHECK_DESC(S, float_from_double(S, 0.1), 40, "0.1");
    CHECK_DESC(S, float_from_double(S, 1e16), 40, "1e+16");
    CHECK_DESC(S, ph_none(S), 40, "None");
    CHECK_DESC(S, ph_bool(S, 1), 40, "True");
    CHECK_DESC(S, str_from_cstr(S, "hello"), 40, "'hello'");
    CHECK_DESC(S, str_from_cstr(S, "it's"), 40, "\"it's\"");
    CHECK_DESC(S, str_from_cstr(S, "a\nb\\"), 40, "'a\\nb\\\\'");
    CHECK_DESC(S, str_from_cstr(S, "h\xc3\xa9llo"), 40, "'h\xc3\xa9llo'");
    CHECK_DESC(S, str_from_cstr(S, "abcdefghijklmnopqrstuvwxyz"), 12, "'abcdefghi…'");
    CHECK_EQ(ph_state_free(S), 0);
}

TEST(describe_containers)
{
    PhState *S = new_state();
    CHECK(S);
    PhObject *l = list_new(S, 0);
    for (int i = 1; i <= 3; i++) {
        PhObject *v = int_from_i64(S, i);
        list_append(S, l, v);
        DECREF(S, v);
    }
    CHECK(strcmp(desc(S, l, 40), "[1, 2, 3]") == 0);
    PhObject *t = tuple_pack(S, 2, l, PH_NONE(S));
    CHECK(strcmp(desc(S, t, 40), "([1, 2, 3], None)") == 0);
    PhObject *t1 = tuple_pack(S, 1, t);
    CHECK(strcmp(desc(S, t1, 40), "(([…], None),)") == 0);
    DECREF(S, t1);
    DECREF(S, t);
    PhObject *d = dict_new(S);
    dict_setitem_str(S, d, "a", l);
    CHECK(strcmp(desc(S, d, 40), "{'a': [1, 2, 3]}") == 0);
    DECREF(S, d);
    for (int i = 4; i <= 40; i++) {
        PhObject *v = int_from_i64(S, i);
        list_append(S, l, v);
        DECREF(S, v);
    }
    const char *s = desc(S, l, 30);
    CHECK(strncmp(s, "[1, 2, 3, 4, 5, 6, 7", 20) == 0);
    CHECK(strstr(s, "…+") != NULL); /* says how many were left out */
    DECREF(S, l);
    PhObject *e = set_new(S, NULL);
    CHECK(strcmp(desc(S, e, 40), "set()") == 0);
    DECREF(S, e);
    CHECK_EQ(ph_state_free(S), 0);
}

/* ---- a tiny hand-driven "program" ---------------------------------------------------- */

/* A code object of `nlines` NOPs, one per line, with the given local names. */
static PhObject *make_code(PhState *S, const char *name, const char **locals, int nlocals,
                           int nlines)
{
    PhInstr ins[16];
    PhCodePos pos[16];
    uint8_t starts[16];
    for (int i = 0; i < nlines; i++) {
        ins[i] = INSTR_MAKE(OP_NOP, 0);
        pos[i] = (PhCodePos){i + 1, i + 1, 0, 1};
        starts[i] = 1;
    }
    PhObject *vn = tuple_new(S, nlocals);
    for (int i = 0; i < nlocals; i++) {
        PhObject *s = str_from_cstr(S, locals[i]);
        str_intern_in_place(S, &s);
        TUPLE_SET(vn, i, s);
    }
    PhObject *empty = tuple_new(S, 0);
    PhObject *nm = str_from_cstr(S, name), *fn = str_from_cstr(S, "tests/inspect_fake.py");
    PhCodeSpec sp = {.argcount = nlocals, .stacksize = 2, .firstlineno = 1, .ninstrs = nlines,
                     .instrs = ins, .positions = pos, .line_start = starts, .consts = empty,
                     .names = empty, .varnames = vn, .cellvars = empty, .freevars = empty,
                     .name = nm, .qualname = nm, .filename = fn};
    PhObject *co = code_new(S, &sp);
    DECREF(S, vn), DECREF(S, empty), DECREF(S, nm), DECREF(S, fn);
    return co;
}

typedef struct Prog {
    PhState *S;
    PhObject *globals, *mcode, *mfunc, *fcode, *ffunc;
    PhFrame *mframe, *fframe;
} Prog;

static void emit(PhState *S, PhEventKind k, PhFrame *f, int line)
{
    if (mem_of(S)->hook) events_emit(S, &(PhEvent){.kind = k, .frame = f, .line = line});
}

static void at_line(Prog *P, PhFrame *f, int line)
{
    f->instr = f->code->instrs + (line - 1);
    emit(P->S, EV_LINE, f, line);
}

static int prog_setup(Prog *P)
{
    PhState *S = P->S;
    P->globals = dict_new(S);
    P->mcode = make_code(S, "<module>", NULL, 0, 6);
    const char *fl[] = {"a"};
    P->fcode = make_code(S, "f", fl, 1, 2);
    if (!P->globals || !P->mcode || !P->fcode) return -1;
    P->mfunc = func_new(S, P->mcode, P->globals);
    P->ffunc = func_new(S, P->fcode, P->globals);
    return P->mfunc && P->ffunc ? 0 : -1;
}

static void prog_teardown(Prog *P)
{
    PhState *S = P->S;
    dict_clear(S, P->globals);
    DECREF(S, P->globals), DECREF(S, P->mcode), DECREF(S, P->fcode);
    DECREF(S, P->mfunc), DECREF(S, P->ffunc);
}

/* The program, as if it were:
 *   1  x = [1000, 'abc']
 *   2  y = x
 *   3  f(x)            # def f(a): 1 a.append(7)   2 return
 *   4  del x
 *   5  del y
 *   6  (end)
 */
static void prog_run(Prog *P)
{
    PhState *S = P->S;
    P->mframe = frame_push(S, P->mfunc, (PhCode *)P->mcode);
    P->mframe->locals = P->globals;
    INCREF(P->globals);
    P->mframe->previous = S->frame;
    S->frame = P->mframe;
    emit(S, EV_FRAME_PUSH, P->mframe, 0);

    at_line(P, P->mframe, 1);
    PhObject *l = list_new(S, 0), *big = int_from_i64(S, 1000), *s = str_from_cstr(S, "abc");
    PhObject *tmp = float_from_double(S, 2.5); /* a temporary, dies in the line */
    DECREF(S, tmp);
    list_append(S, l, big);
    list_append(S, l, s);
    DECREF(S, big), DECREF(S, s);
    dict_setitem_str(S, P->globals, "x", l);
    DECREF(S, l);

    at_line(P, P->mframe, 2);
    dict_setitem_str(S, P->globals, "y", l);

    at_line(P, P->mframe, 3);
    PhFrame *f = frame_push(S, P->ffunc, (PhCode *)P->fcode);
    INCREF(l);
    f->localsplus[0] = l;
    f->previous = S->frame;
    S->frame = f;
    P->fframe = f;
    emit(S, EV_FRAME_PUSH, f, 0);
    at_line(P, f, 1);
    PhObject *seven = int_from_i64(S, 7);
    list_append(S, l, seven);
    DECREF(S, seven);
    at_line(P, f, 2);
    emit(S, EV_FRAME_POP, f, 0);
    S->frame = f->previous;
    frame_pop(S, f);

    at_line(P, P->mframe, 4);
    dict_delitem_str(S, P->globals, "x");
    at_line(P, P->mframe, 5);
    dict_delitem_str(S, P->globals, "y"); /* the list goes */
    at_line(P, P->mframe, 6);
    emit(S, EV_FRAME_POP, P->mframe, 0);
    S->frame = P->mframe->previous;
    frame_pop(S, P->mframe);
}

/* A sink that keeps a copy of what each step reported. */
typedef struct Seen {
    int steps;
    int line[32], kind[32];
    int nalloc_alive[32], ntemps[32], nfrees[32], free_reason[32];
    int binds[32];
    uint32_t bind_new[32], bind_old[32];
    char bind_name[32][16];
    int pushes[32], pops[32], released[32];
    int visible[32];
    int64_t refcnt_of_list[32];
    uint32_t list_id;
} Seen;

static void seen_step(Recorder *R, void *ctx)
{
    Seen *z = ctx;
    int k = z->steps++;
    if (k >= 32) return;
    StepLog *L = &R->log;
    z->line[k] = L->line;
    z->kind[k] = L->kind;
    for (size_t i = 0; i < L->allocs.n; i++) z->nalloc_alive[k] += L->allocs.v[i].addr != NULL;
    for (size_t i = 0; i < L->temps.n; i++) z->ntemps[k] += (int)L->temps.v[i].count;
    z->nfrees[k] = (int)L->frees.n;
    z->free_reason[k] = L->frees.n ? L->frees.v[0].reason : -1;
    z->binds[k] = (int)R->delta.binds.n;
    if (R->delta.binds.n) {
        z->bind_new[k] = R->delta.binds.v[0].new_id;
        z->bind_old[k] = R->delta.binds.v[0].old_id;
        snprintf(z->bind_name[k], 16, "%s", strtab_get(&R->strs, R->delta.binds.v[0].name_sid));
    }
    for (size_t i = 0; i < L->frames.n; i++) {
        z->pushes[k] += L->frames.v[i].push;
        z->pops[k] += !L->frames.v[i].push;
        if (!L->frames.v[i].push) z->released[k] += (int)L->frames.v[i].nbind;
    }
    z->visible[k] = (int)R->now->objs.n;
    z->refcnt_of_list[k] = -1;
    for (size_t i = 0; i < R->now->objs.n; i++)
        if (strcmp(strtab_get(&R->strs, R->now->objs.v[i].type_sid), "list") == 0) {
            z->refcnt_of_list[k] = R->now->objs.v[i].refcnt;
            z->list_id = R->now->objs.v[i].id;
        }
}

TEST(recorder_steps_bindings_and_frees)
{
    PhState *S = new_state();
    CHECK(S);
    Prog P = {.S = S};
    CHECK(prog_setup(&P) == 0);
    InspectOptions o = {.trace = 0, .html_path = NULL};
    Recorder *R = recorder_new(S, &o);
    R->snapshots = true;
    Seen z = {0};
    recorder_add_sink(R, (Sink){.on_step = seen_step, .ctx = &z});
    recorder_attach(R);
    CHECK(recorder_of(S) == R);
    prog_run(&P);
    recorder_detach(R);
    CHECK(recorder_of(S) == NULL);
    CHECK(mem_of(S)->hook == NULL);

    /* steps: 0 start, 1 line 1, 2 line 2, 3 line 3 (push f), 4 f:1, 5 f:2,
     * 6 return to line 3, 7 line 4, 8 line 5, 9 line 6, 10 return (end). */
    CHECK_EQ(z.steps, 11);
    CHECK_EQ(z.line[1], 1);
    CHECK_EQ(z.nalloc_alive[1], 3); /* the list, 1000 and 'abc' */
    CHECK_EQ(z.ntemps[1], 1);       /* the float died on the freelist: no free event */
    CHECK_EQ(z.binds[1], 1);
    CHECK(strcmp(z.bind_name[1], "x") == 0);
    CHECK_EQ(z.bind_old[1], 0);
    CHECK_EQ(z.bind_new[1], z.list_id);
    CHECK_EQ(z.refcnt_of_list[1], 1);
    CHECK_EQ(z.visible[1], 3); /* the list, 1000, 'abc' */
    CHECK_EQ(z.binds[2], 1);   /* y = x */
    CHECK_EQ(z.refcnt_of_list[2], 2);
    CHECK_EQ(z.pushes[3], 1);
    CHECK_EQ(z.refcnt_of_list[3], 3); /* x, y, a */
    CHECK_EQ(z.kind[6], STEP_RETURN);
    CHECK_EQ(z.line[6], 3);
    CHECK_EQ(z.pops[6], 1);
    CHECK_EQ(z.released[6], 1); /* a */
    CHECK_EQ(z.refcnt_of_list[6], 2);
    CHECK_EQ(z.binds[7], 1); /* del x */
    CHECK_EQ(z.bind_new[7], 0);
    CHECK_EQ(z.nfrees[8], 3); /* the list, then 1000 and 'abc' */
    CHECK_EQ(z.free_reason[8], FREE_REFCOUNT);
    CHECK_EQ(z.visible[8], 0);
    CHECK_EQ(z.pops[10], 1);

    recorder_free(R);
    prog_teardown(&P);
    CHECK_EQ(ph_state_free(S), 0);
}

static char *slurp(const char *path)
{
    FILE *f = fopen(path, "rb");
    if (!f) return NULL;
    fseek(f, 0, SEEK_END);
    long n = ftell(f);
    fseek(f, 0, SEEK_SET);
    char *b = malloc((size_t)n + 1);
    if (b && fread(b, 1, (size_t)n, f) != (size_t)n) n = 0;
    if (b) b[n] = 0;
    fclose(f);
    return b;
}

static int count_lines_with(const char *text, const char *needle)
{
    int n = 0;
    for (const char *p = text; (p = strstr(p, needle)) != NULL; p++) n++;
    return n;
}

TEST(events_json_stream)
{
    PhState *S = new_state();
    CHECK(S);
    Prog P = {.S = S};
    CHECK(prog_setup(&P) == 0);
    char path[] = "/tmp/pyheap_ev_XXXXXX";
    int fd = mkstemp(path);
    CHECK(fd >= 0);
    close(fd);
    InspectOptions o = {.events_path = path};
    CHECK(inspect_start(S, &o) == 0);
    prog_run(&P);
    CHECK(inspect_finish(S) == 0);
    char *text = slurp(path);
    unlink(path);
    CHECK(text);
    CHECK(strncmp(text, "{\"ev\":\"start\"", 13) == 0);
    CHECK_EQ(count_lines_with(text, "{\"ev\":\"line\""), 8);
    CHECK_EQ(count_lines_with(text, "{\"ev\":\"frame_push\""), 2);
    CHECK_EQ(count_lines_with(text, "{\"ev\":\"frame_pop\""), 2);
    CHECK(strstr(text, "\"ev\":\"alloc\",\"step\":1,\"id\":") != NULL);
    CHECK(strstr(text, "\"type\":\"list\"") != NULL);
    CHECK(strstr(text, "\"reason\":\"refcount\"") != NULL);
    CHECK(strstr(text, "\"file\":\"tests/inspect_fake.py\",\"line\":1") != NULL);
    CHECK(strstr(text, "{\"ev\":\"end\"") != NULL);
    /* Every line is one JSON object. */
    int lines = 0;
    for (char *p = text; *p; lines++) {
        CHECK(*p == '{');
        char *nl = strchr(p, '\n');
        CHECK(nl && nl[-1] == '}');
        p = nl + 1;
    }
    CHECK(lines > 15);
    free(text);
    prog_teardown(&P);
    CHECK_EQ(ph_state_free(S), 0);
}

TEST(stats_report)
{
    PhState *S = new_state();
    CHECK(S);
    Prog P = {.S = S};
    CHECK(prog_setup(&P) == 0);
    InspectOptions o = {.stats = 1};
    Recorder *R = recorder_new(S, &o);
    recorder_attach(R);
    prog_run(&P);
    /* Keep something alive at line 1 of a frame, for the top lines. */
    recorder_detach(R);
    char *buf = NULL;
    size_t len = 0;
    FILE *out = open_memstream(&buf, &len);
    stats_print(R, out);
    fclose(out);
    CHECK(strstr(buf, "== private heap") != NULL);
    CHECK(strstr(buf, "== cyclic collector") != NULL);
    CHECK(strstr(buf, "\nlist ") != NULL);
    CHECK(strstr(buf, "== top 10 lines by live bytes") != NULL);
    free(buf);
    recorder_free(R);
    prog_teardown(&P);
    CHECK_EQ(ph_state_free(S), 0);
}

TEST(no_view_no_hook)
{
    PhState *S = new_state();
    CHECK(S);
    InspectOptions o = {0};
    CHECK(inspect_start(S, &o) == 0);
    CHECK(mem_of(S)->hook == NULL);
    CHECK(inspect_finish(S) == 0);
    int argc = 6, i = 1;
    char *argv[] = {"pyheap", "--trace-lines", "3-7", "--html=x.html", "--stats", "prog.py"};
    CHECK_EQ(inspect_parse_flag(&o, argc, argv, &i), 1);
    CHECK_EQ(i, 2);
    CHECK(o.trace && o.line_lo == 3 && o.line_hi == 7);
    i = 3;
    CHECK_EQ(inspect_parse_flag(&o, argc, argv, &i), 1);
    CHECK(o.html_path && strcmp(o.html_path, "x.html") == 0);
    i = 4;
    CHECK_EQ(inspect_parse_flag(&o, argc, argv, &i), 1);
    CHECK(o.stats);
    i = 5;
    CHECK_EQ(inspect_parse_flag(&o, argc, argv, &i), 0);
    char *bad[] = {"pyheap", "--trace-lines", "x"};
    i = 1;
    CHECK_EQ(inspect_parse_flag(&o, 3, bad, &i), -1);
    CHECK_EQ(ph_state_free(S), 0);
}

/* The text of a str object (test helper). */
static const char *text_of(PhObject *s)
{
    static char buf[4][400];
    static int k;
    char *b = buf[k++ % 4];
    describe_str(s, b, 400);
    return b;
}

static bool list_is(PhObject *l, const char *const *want, int n)
{
    if (!l || LIST_LEN(l) != n) {
        printf("  got %zd items:\n", l ? LIST_LEN(l) : -1);
        for (ssize_t i = 0; l && i < LIST_LEN(l); i++) printf("    %s\n", text_of(LIST_GET(l, i)));
        return false;
    }
    for (int i = 0; i < n; i++)
        if (strcmp(text_of(LIST_GET(l, i)), want[i]) != 0) {
            printf("  item %d: [%s], wanted [%s]\n", i, text_of(LIST_GET(l, i)), want[i]);
            return false;
        }
    return true;
}

TEST(pyheap_module_why_alive)
{
    PhState *S = new_state();
    CHECK(S);
    PhObject *m = pyheap_module_create(S);
    CHECK(m);
    CHECK(dict_setitem_str(S, S->modules, "pyheap", m) == 0);
    DECREF(S, m);
    const char *src = "import pyheap\n"
                      "class Foo: pass\n"
                      "obj = Foo()\n"
                      "data = [1, 2, {'k': obj}]\n"
                      "del obj\n"
                      "path = pyheap.why_alive(data[2]['k'])\n"
                      "rc = pyheap.refcount(data)\n"
                      "gen = pyheap.generation(data)\n"
                      "blk = pyheap.block(data)\n"
                      "c1 = pyheap.cache(5)\n"
                      "c2 = pyheap.cache(10 ** 10)\n"
                      "def f():\n"
                      "    local = [data]\n"
                      "    return pyheap.why_alive(local)\n"
                      "inner = f()\n"
                      "nothing = pyheap.why_alive([])\n"
                      "small = pyheap.why_alive(200)\n"
                      "class P:\n"
                      "    def __init__(self):\n"
                      "        self.a = 1\n"
                      "        self.b = ['x']\n"
                      "p = P()\n"
                      "attr = pyheap.why_alive(p.b)\n"
                      "q = P()\n"
                      "q.__dict__\n"
                      "attr2 = pyheap.why_alive(q.b)\n";
    CHECK_EQ(ph_run_string(S, src, "<test>"), 0);
    PhObject *d = MODULE_DICT(S->main_module);
    const char *path[] = {"global 'data' (module __main__) -> list", "[2] -> dict", "['k'] -> Foo"};
    CHECK(list_is(dict_getitem_str(S, d, "path"), path, 3));
    const char *inner[] = {"local 'local' in f() -> list"};
    CHECK(list_is(dict_getitem_str(S, d, "inner"), inner, 1));
    CHECK(list_is(dict_getitem_str(S, d, "nothing"), NULL, 0));
    const char *small[] = {"the small-int cache (-5..256) -> int"};
    CHECK(list_is(dict_getitem_str(S, d, "small"), small, 1));
    /* Attributes, from 3.11's inline values and from a real __dict__. */
    const char *attr[] = {"global 'p' (module __main__) -> P", ".b -> list"};
    CHECK(list_is(dict_getitem_str(S, d, "attr"), attr, 2));
    /* Once __dict__ exists, the instance holds the dict and the dict the list. */
    const char *attr2[] = {"global 'q' (module __main__) -> P", ".__dict__ -> dict", "['b'] -> list"};
    CHECK(list_is(dict_getitem_str(S, d, "attr2"), attr2, 3));
    char buf[128];
    describe_value(S, dict_getitem_str(S, d, "p"), buf, sizeof buf, 60);
    CHECK(strcmp(buf, "P(a=1, b=['x'])") == 0);
    int ov = 0;
    CHECK_EQ(int_as_i64(dict_getitem_str(S, d, "rc"), &ov), 1);
    CHECK_EQ(int_as_i64(dict_getitem_str(S, d, "gen"), &ov), 0);
    PhObject *blk = dict_getitem_str(S, d, "blk");
    CHECK(blk && TUPLE_LEN(blk) == 2);
    CHECK_EQ(int_as_i64(TUPLE_GET(blk, 0), &ov), 64); /* 16 GC header + 40 list = 56 -> 64 */
    CHECK_EQ(int_as_i64(TUPLE_GET(blk, 1), &ov), 3);
    CHECK(strcmp(text_of(dict_getitem_str(S, d, "c1")), "small int") == 0);
    CHECK(dict_getitem_str(S, d, "c2") == PH_NONE(S));
    CHECK_EQ(ph_state_free(S), 0);
}

int main(void)
{
    RUN(strtab_interns_by_content);
    RUN(objtab_matches_a_shadow_model);
    RUN(describe_scalars);
    RUN(describe_containers);
    RUN(recorder_steps_bindings_and_frees);
    RUN(events_json_stream);
    RUN(stats_report);
    RUN(no_view_no_hook);
    RUN(pyheap_module_why_alive);
    CHECK_EXIT();
}
