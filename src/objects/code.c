/* Code objects: immutable containers of bytecode, constants, names and the
 * position and exception tables (layout described in code.h).
 *
 * Code objects are not tracked by the collector (as in CPython): their
 * constants are immutable values and other code objects, so they cannot
 * take part in a reference cycle.
 */
#include "code.h"

#include "objects/abstract.h"
#include "objects/int.h"
#include "objects/list.h"
#include "objects/str.h"
#include "objects/tuple.h"
#include "objects/typeobject.h"
#include "vm/errors.h"
#include "vm/eval.h"

#include <string.h>

static void *copy_array(PhState *S, const void *src, size_t n, size_t elem, int *oom)
{
    if (n == 0 || !src) return NULL;
    void *p = heap_alloc(mem_of(S)->heap, n * elem);
    if (!p) {
        *oom = 1;
        return NULL;
    }
    memcpy(p, src, n * elem);
    return p;
}

static void code_free_arrays(PhState *S, PhCode *co)
{
    Heap *h = mem_of(S)->heap;
    if (co->instrs) heap_free(h, co->instrs);
    if (co->positions) heap_free(h, co->positions);
    if (co->line_start) heap_free(h, co->line_start);
    if (co->exctable) heap_free(h, co->exctable);
    if (co->cell2arg) heap_free(h, co->cell2arg);
    if (co->gcache) heap_free(h, co->gcache);
    co->instrs = NULL;
    co->positions = NULL;
    co->line_start = NULL;
    co->exctable = NULL;
    co->cell2arg = NULL;
    co->gcache = NULL;
}

/* cell2arg: which cell variables are also arguments (their value starts in
 * the argument's local slot and moves into the cell when the frame starts). */
static int code_make_cell2arg(PhState *S, PhCode *co)
{
    int nargs = co->argcount + co->kwonlyargcount + ((co->flags & CO_VARARGS) != 0) +
                ((co->flags & CO_VARKEYWORDS) != 0);
    if (co->ncells == 0 || nargs == 0) return 0;
    int32_t *map = NULL;
    for (int i = 0; i < co->ncells; i++) {
        PhObject *cname = TUPLE_GET(co->cellvars, i);
        for (int j = 0; j < nargs && j < co->nlocals; j++) {
            if (!str_equal(cname, TUPLE_GET(co->varnames, j))) continue;
            if (!map) {
                map = heap_alloc(mem_of(S)->heap, sizeof(int32_t) * (size_t)co->ncells);
                if (!map) return -1;
                for (int k = 0; k < co->ncells; k++) map[k] = -1;
            }
            map[i] = j;
            break;
        }
    }
    co->cell2arg = map;
    return 0;
}

PhObject *code_new(PhState *S, const PhCodeSpec *sp)
{
    PhCode *co = (PhCode *)obj_alloc(S, &S->types.code, sizeof(PhCode));
    if (!co) return err_no_memory(S);
    memset((char *)co + sizeof(PhObject), 0, sizeof(PhCode) - sizeof(PhObject));
    co->argcount = sp->argcount;
    co->posonlyargcount = sp->posonlyargcount;
    co->kwonlyargcount = sp->kwonlyargcount;
    co->stacksize = sp->stacksize;
    co->flags = sp->flags;
    co->firstlineno = sp->firstlineno;
    co->ninstrs = sp->ninstrs;
    co->nexc = sp->nexc;
#define TAKE(field)                                                            \
    do {                                                                       \
        INCREF(sp->field);                                                     \
        co->field = sp->field;                                                 \
    } while (0)
    TAKE(consts);
    TAKE(names);
    TAKE(varnames);
    TAKE(cellvars);
    TAKE(freevars);
    TAKE(name);
    TAKE(qualname);
    TAKE(filename);
#undef TAKE
    co->nlocals = (int)TUPLE_LEN(co->varnames);
    co->ncells = (int)TUPLE_LEN(co->cellvars);
    co->nfree = (int)TUPLE_LEN(co->freevars);
    co->nlocalsplus = co->nlocals + co->ncells + co->nfree;
    /* CO_NOFREE keeps its value but, as in 3.11, is never set. */

    int oom = 0;
    size_t n = (size_t)sp->ninstrs;
    co->instrs = copy_array(S, sp->instrs, n, sizeof(PhInstr), &oom);
    co->positions = copy_array(S, sp->positions, n, sizeof(PhCodePos), &oom);
    co->line_start = copy_array(S, sp->line_start, n, 1, &oom);
    co->exctable = copy_array(S, sp->exctable, (size_t)sp->nexc, sizeof(PhExcEntry), &oom);
    size_t nnames = (size_t)TUPLE_LEN(co->names);
    if (nnames) {
        co->gcache = heap_calloc(mem_of(S)->heap, nnames * sizeof(PhGlobalCache));
        if (!co->gcache) oom = 1;
    }
    if (oom || code_make_cell2arg(S, co) < 0) {
        DECREF(S, co);
        return err_no_memory(S);
    }
    eval_quicken(co->instrs, co->line_start, co->ninstrs);
    return (PhObject *)co;
}

static void code_dealloc(PhState *S, PhObject *o)
{
    PhCode *co = (PhCode *)o;
    code_free_arrays(S, co);
    CLEAR(S, co->consts);
    CLEAR(S, co->names);
    CLEAR(S, co->varnames);
    CLEAR(S, co->cellvars);
    CLEAR(S, co->freevars);
    CLEAR(S, co->name);
    CLEAR(S, co->qualname);
    CLEAR(S, co->filename);
    obj_free(S, o);
}

int code_position(PhObject *code, int i, int *line, int *end_line, int *col, int *end_col)
{
    PhCode *co = (PhCode *)code;
    if (!co || i < 0 || i >= co->ninstrs) return -1;
    const PhCodePos *p = &co->positions[i];
    *line = p->line;
    *end_line = p->end_line;
    *col = p->col;
    *end_col = p->end_col;
    return 0;
}

int code_line(PhObject *code, int i)
{
    PhCode *co = (PhCode *)code;
    if (i < 0 || i >= co->ninstrs) return co->firstlineno;
    return co->positions[i].line;
}

/* ---- Python-level attributes ---------------------------------------------------------- */

#define CO(o) ((PhCode *)(o))

static PhObject *new_ref(PhObject *o)
{
    INCREF(o);
    return o;
}

static PhObject *get_name(PhState *S, PhObject *self) { return new_ref(CO(self)->name); }
static PhObject *get_qualname(PhState *S, PhObject *self) { return new_ref(CO(self)->qualname); }
static PhObject *get_filename(PhState *S, PhObject *self) { return new_ref(CO(self)->filename); }
static PhObject *get_consts(PhState *S, PhObject *self) { return new_ref(CO(self)->consts); }
static PhObject *get_names(PhState *S, PhObject *self) { return new_ref(CO(self)->names); }
static PhObject *get_varnames(PhState *S, PhObject *self) { return new_ref(CO(self)->varnames); }
static PhObject *get_cellvars(PhState *S, PhObject *self) { return new_ref(CO(self)->cellvars); }
static PhObject *get_freevars(PhState *S, PhObject *self) { return new_ref(CO(self)->freevars); }
static PhObject *get_firstlineno(PhState *S, PhObject *self) { return int_from_i64(S, CO(self)->firstlineno); }
static PhObject *get_argcount(PhState *S, PhObject *self) { return int_from_i64(S, CO(self)->argcount); }
static PhObject *get_posonlyargcount(PhState *S, PhObject *self) { return int_from_i64(S, CO(self)->posonlyargcount); }
static PhObject *get_kwonlyargcount(PhState *S, PhObject *self) { return int_from_i64(S, CO(self)->kwonlyargcount); }
static PhObject *get_nlocals(PhState *S, PhObject *self) { return int_from_i64(S, CO(self)->nlocals); }
static PhObject *get_flags(PhState *S, PhObject *self) { return int_from_i64(S, CO(self)->flags); }
static PhObject *get_stacksize(PhState *S, PhObject *self) { return int_from_i64(S, CO(self)->stacksize); }

static const PhGetSetDef code_getsets[] = {
    {"co_name", get_name, NULL},
    {"co_qualname", get_qualname, NULL},
    {"co_filename", get_filename, NULL},
    {"co_firstlineno", get_firstlineno, NULL},
    {"co_argcount", get_argcount, NULL},
    {"co_posonlyargcount", get_posonlyargcount, NULL},
    {"co_kwonlyargcount", get_kwonlyargcount, NULL},
    {"co_nlocals", get_nlocals, NULL},
    {"co_varnames", get_varnames, NULL},
    {"co_cellvars", get_cellvars, NULL},
    {"co_freevars", get_freevars, NULL},
    {"co_consts", get_consts, NULL},
    {"co_names", get_names, NULL},
    {"co_flags", get_flags, NULL},
    {"co_stacksize", get_stacksize, NULL},
    {NULL, NULL, NULL},
};

/* co_lines(): (start, end, line) triples over byte offsets (2 bytes per
 * instruction as CPython counts them), merging runs of one line. */
static PhObject *code_co_lines(PhState *S, PhObject *callable, PhObject *const *args,
                               size_t nargs, PhObject *kwnames)
{
    PhCode *co = CO(args[0]);
    PhObject *list = list_new(S, 0);
    if (!list) return NULL;
    int i = 0;
    while (i < co->ninstrs) {
        int j = i + 1;
        while (j < co->ninstrs && co->positions[j].line == co->positions[i].line) j++;
        int line = co->positions[i].line;
        PhObject *a = int_from_i64(S, (int64_t)i * 2), *b = int_from_i64(S, (int64_t)j * 2);
        PhObject *c = line >= 0 ? int_from_i64(S, line) : ph_none(S);
        PhObject *tup = (a && b && c) ? tuple_pack(S, 3, a, b, c) : NULL;
        XDECREF(S, a);
        XDECREF(S, b);
        XDECREF(S, c);
        if (!tup || list_append(S, list, tup) < 0) {
            XDECREF(S, tup);
            DECREF(S, list);
            return NULL;
        }
        DECREF(S, tup);
        i = j;
    }
    PhObject *it = obj_iter(S, list);
    DECREF(S, list);
    return it;
}

/* co_positions(): one (line, end_line, col, end_col) per instruction. */
static PhObject *code_co_positions(PhState *S, PhObject *callable, PhObject *const *args,
                                   size_t nargs, PhObject *kwnames)
{
    PhCode *co = CO(args[0]);
    PhObject *list = list_new(S, 0);
    if (!list) return NULL;
    for (int i = 0; i < co->ninstrs; i++) {
        const PhCodePos *p = &co->positions[i];
        int32_t v[4] = {p->line, p->end_line, p->col, p->end_col};
        PhObject *items[4] = {NULL, NULL, NULL, NULL};
        int ok = 1;
        for (int k = 0; k < 4; k++) {
            items[k] = v[k] >= 0 ? int_from_i64(S, v[k]) : ph_none(S);
            if (!items[k]) ok = 0;
        }
        PhObject *tup = ok ? tuple_from_array(S, items, 4) : NULL;
        for (int k = 0; k < 4; k++) XDECREF(S, items[k]);
        if (!tup || list_append(S, list, tup) < 0) {
            XDECREF(S, tup);
            DECREF(S, list);
            return NULL;
        }
        DECREF(S, tup);
    }
    PhObject *it = obj_iter(S, list);
    DECREF(S, list);
    return it;
}

static const PhMethodDef code_methods[] = {
    {"co_lines", code_co_lines, METH_DEFAULT, NULL},
    {"co_positions", code_co_positions, METH_DEFAULT, NULL},
    {NULL, NULL, 0, NULL},
};

static PhObject *code_repr(PhState *S, PhObject *self)
{
    PhCode *co = CO(self);
    return str_from_format(S, "<code object %U at %p, file %R, line %d>", co->name, (void *)self,
                           co->filename, co->firstlineno);
}

const PhType code_type_template = {
    .name = "code",
    .basicsize = sizeof(PhCode),
    .dealloc = code_dealloc,
    .repr = code_repr,
    .getattro = obj_generic_getattr,
    .getsets = code_getsets,
    .methods = code_methods,
    .weaklistoffset = offsetof(PhCode, weakreflist),
};

/* ---- disassembly ------------------------------------------------------------------------ */

static const char *const opnames[] = {
#define PH_OPCODE_NAME(name) #name,
    PH_OPCODES(PH_OPCODE_NAME)
#undef PH_OPCODE_NAME
};

const char *opcode_name(int op)
{
    if (op < 0 || op >= OP__COUNT) return "<bad>";
    return opnames[op];
}

static void dump_obj(PhState *S, PhObject *o, FILE *out)
{
    PhObject *r = obj_repr(S, o);
    if (!r) {
        err_clear(S);
        fputs("<?>", out);
        return;
    }
    size_t n;
    const char *u = str_as_utf8(S, r, &n);
    if (u) fwrite(u, 1, n, out);
    else err_clear(S);
    DECREF(S, r);
}

void code_dump(PhState *S, PhObject *code, FILE *out)
{
    PhCode *co = CO(code);
    fprintf(out, "code ");
    dump_obj(S, co->qualname, out);
    fprintf(out, " args=%d posonly=%d kwonly=%d nlocals=%d stack=%d flags=0x%x\n",
            co->argcount, co->posonlyargcount, co->kwonlyargcount, co->nlocals, co->stacksize,
            co->flags);
    for (int i = 0; i < co->ninstrs; i++) {
        PhInstr w = co->instrs[i];
        int op = INSTR_OP(w), arg = INSTR_ARG(w);
        fprintf(out, "%4d %c%4d  %-22s %d", i, co->line_start[i] ? '>' : ' ',
                co->positions[i].line, opcode_name(op), arg);
        PhObject *tab = NULL;
        if (op == OP_LOAD_CONST) tab = co->consts;
        else if (op == OP_LOAD_GLOBAL || op == OP_STORE_GLOBAL || op == OP_LOAD_NAME ||
                 op == OP_STORE_NAME || op == OP_LOAD_ATTR || op == OP_STORE_ATTR ||
                 op == OP_LOAD_METHOD || op == OP_IMPORT_NAME || op == OP_IMPORT_FROM ||
                 op == OP_DELETE_NAME || op == OP_DELETE_GLOBAL || op == OP_DELETE_ATTR)
            tab = co->names;
        else if ((op == OP_LOAD_FAST || op == OP_STORE_FAST || op == OP_DELETE_FAST) &&
                 arg < co->nlocals)
            tab = co->varnames;
        if (tab && arg < TUPLE_LEN(tab)) {
            fputs(" (", out);
            dump_obj(S, TUPLE_GET(tab, arg), out);
            fputs(")", out);
        }
        fputc('\n', out);
    }
    for (int i = 0; i < co->nexc; i++)
        fprintf(out, "  exc [%d, %d) -> %d depth %d\n", co->exctable[i].start,
                co->exctable[i].end, co->exctable[i].handler, co->exctable[i].depth);
    for (ssize_t i = 0; i < TUPLE_LEN(co->consts); i++) {
        PhObject *c = TUPLE_GET(co->consts, i);
        if (code_check(S, c)) code_dump(S, c, out);
    }
}
