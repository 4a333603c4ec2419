/* Code generation: AST + symbol table -> instructions, one Unit per code
 * object being built (module, class body, function, lambda, comprehension).
 *
 * The shapes of the generated code follow CPython 3.11's compiler (the
 * same evaluation order, the same try/except/finally/with layouts with a
 * zero-cost exception table), adapted to pyheap's instruction set
 * (opcodes.h). Control structures that break/continue/return must unwind
 * are tracked on the unit's fblock stack; unwinding emits their clean-up
 * code inline (POP_BLOCK, finally bodies, __exit__ calls).
 *
 * Errors: compiler_error_at raises SyntaxError with CPython's attributes and
 * every visitor returns -1; nothing else is undone (the unit chain is freed
 * by compile_source).
 */
#include "compiler/compile.h"

#include "compiler/compile_internal.h"
#include "compiler/parser.h"
#include "objects/abstract.h"
#include "objects/dict.h"
#include "objects/exceptions.h"
#include "objects/int.h"
#include "objects/set.h"
#include "objects/str.h"
#include "objects/tuple.h"
#include "vm/errors.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define TRY(x)                                                                 \
    do {                                                                       \
        if ((x) < 0) return -1;                                                \
    } while (0)

/* CPython's STACK_USE_GUIDELINE: longer displays and calls are built in
 * pieces so one instruction never consumes a huge number of stack items. */
#define STACK_USE_GUIDELINE 30

/* ---- SyntaxError ------------------------------------------------------------------------ */

/* The text of source line `lineno` (1-based), or NULL. */
static const char *source_line(Compiler *c, int lineno, size_t *len)
{
    const char *p = c->src, *end = c->src + c->srclen;
    if (!p || lineno < 1) return NULL;
    for (int l = 1; l < lineno; l++) {
        const char *nl = memchr(p, '\n', (size_t)(end - p));
        if (!nl) return NULL;
        p = nl + 1;
    }
    const char *nl = memchr(p, '\n', (size_t)(end - p));
    *len = nl ? (size_t)(nl - p) : (size_t)(end - p);
    if (*len && p[*len - 1] == '\r') (*len)--;
    return p;
}

/* Byte offset within a UTF-8 line -> character count. */
static int chars_before(const char *line, size_t len, int bytes)
{
    int n = 0;
    for (int i = 0; i < bytes && (size_t)i < len; i++)
        if (((unsigned char)line[i] & 0xC0) != 0x80) n++;
    if ((size_t)bytes > len) n += bytes - (int)len;
    return n;
}

/* Raises the SyntaxError (IndentationError, TabError) described by info:
 * args = (msg, (filename, lineno, offset, text, end_lineno, end_offset)),
 * and the same values as attributes. */
static void raise_syntax_error(PhState *S, const SyntaxErrorInfo *info)
{
    PhType *type = info->kind == SYNERR_INDENTATION ? &S->exc.IndentationError
                   : info->kind == SYNERR_TAB       ? &S->exc.TabError
                                                    : &S->exc.SyntaxError;
    PhObject *msg = str_from_cstr(S, info->msg);
    PhObject *fname = str_from_cstr(S, info->filename);
    PhObject *lineno = int_from_i64(S, info->lineno);
    PhObject *offset = int_from_i64(S, info->offset);
    PhObject *end_lineno = int_from_i64(S, info->end_lineno);
    PhObject *end_offset = int_from_i64(S, info->end_offset);
    PhObject *text = info->text ? str_from_cstr(S, info->text) : ph_none(S);
    PhObject *details = NULL, *args = NULL, *exc = NULL;
    if (!msg || !fname || !lineno || !offset || !end_lineno || !end_offset || !text) goto done;
    details = tuple_pack(S, 6, fname, lineno, offset, text, end_lineno, end_offset);
    if (!details) goto done;
    args = tuple_pack(S, 2, msg, details);
    if (!args) goto done;
    exc = exc_new(S, type, args);
    if (!exc) goto done;
    if (obj_setattr_str(S, exc, "msg", msg) < 0 || obj_setattr_str(S, exc, "filename", fname) < 0 ||
        obj_setattr_str(S, exc, "lineno", lineno) < 0 ||
        obj_setattr_str(S, exc, "offset", offset) < 0 || obj_setattr_str(S, exc, "text", text) < 0 ||
        obj_setattr_str(S, exc, "end_lineno", end_lineno) < 0 ||
        obj_setattr_str(S, exc, "end_offset", end_offset) < 0 ||
        obj_setattr_str(S, exc, "print_file_and_line", PH_NONE(S)) < 0)
        goto done;
    err_set_raised(S, exc);
done:
    if (!err_occurred(S)) err_no_memory(S);
    XDECREF(S, msg);
    XDECREF(S, fname);
    XDECREF(S, lineno);
    XDECREF(S, offset);
    XDECREF(S, end_lineno);
    XDECREF(S, end_offset);
    XDECREF(S, text);
    XDECREF(S, details);
    XDECREF(S, args);
    XDECREF(S, exc);
}

/* Line `lineno` of the file named filename (heap copy ending in '\n'), or
 * NULL. CPython's compiler errors take SyntaxError.text from the file on
 * disk (PyErr_ProgramTextObject), so compile() of a string with a name that
 * is not a file has text None. */
static char *file_line(PhState *S, const char *filename, int lineno)
{
    FILE *fp = filename[0] && filename[0] != '<' ? fopen(filename, "rb") : NULL;
    if (!fp) return NULL;
    char buf[4096];
    char *out = NULL;
    int l = 1;
    while (fgets(buf, sizeof buf, fp)) {
        size_t n = strlen(buf);
        if (l == lineno) {
            if (n && buf[n - 1] == '\n') n--;
            if (n && buf[n - 1] == '\r') n--;
            out = heap_alloc(mem_of(S)->heap, n + 2);
            if (out) {
                memcpy(out, buf, n);
                out[n] = '\n';
                out[n + 1] = 0;
            }
            break;
        }
        if (n && buf[n - 1] == '\n') l++;
    }
    fclose(fp);
    return out;
}

/* An error found by the compiler or symbol table: columns are byte offsets
 * + 1 (as symtable.c stores them) and become character offsets here. */
static void raise_compile_error(Compiler *c, SyntaxErrorInfo *info)
{
    size_t len = 0;
    const char *line = source_line(c, info->lineno, &len);
    char *text = NULL;
    if (line) {
        info->offset = chars_before(line, len, info->offset - 1) + 1;
        if (info->end_lineno == info->lineno)
            info->end_offset = chars_before(line, len, info->end_offset - 1) + 1;
        else {
            size_t elen = 0;
            const char *eline = source_line(c, info->end_lineno, &elen);
            if (eline) info->end_offset = chars_before(eline, elen, info->end_offset - 1) + 1;
        }
        text = file_line(c->S, c->filename, info->lineno);
    }
    info->text = text;
    if (!info->filename[0]) snprintf(info->filename, sizeof info->filename, "%s", c->filename);
    raise_syntax_error(c->S, info);
    if (text) heap_free(mem_of(c->S)->heap, text);
}

int compiler_error_at(Compiler *c, int lineno, int col, int end_lineno, int end_col,
                      const char *fmt, ...)
{
    SyntaxErrorInfo info;
    memset(&info, 0, sizeof info);
    info.kind = SYNERR_SYNTAX;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(info.msg, sizeof info.msg, fmt, ap);
    va_end(ap);
    snprintf(info.filename, sizeof info.filename, "%s", c->filename);
    info.lineno = lineno;
    info.offset = col + 1;
    info.end_lineno = end_lineno;
    info.end_offset = end_col + 1;
    raise_compile_error(c, &info);
    return -1;
}

/* An error at the location being compiled. */
static int compiler_error(Compiler *c, const char *fmt, const char *arg)
{
    PhCodePos *l = &c->u->loc;
    return compiler_error_at(c, l->line, l->col, l->end_line, l->end_col, fmt, arg);
}

/* ---- emitting ------------------------------------------------------------------------------ */

static int emit_full(Compiler *c, int op, int arg, int artificial)
{
    Unit *u = c->u;
    if (u->ninstrs == u->capinstrs) {
        int ncap = u->capinstrs ? u->capinstrs * 2 : 64;
        Instr *n = heap_realloc(mem_of(c->S)->heap, u->instrs, sizeof(Instr) * (size_t)ncap);
        if (!n) {
            err_no_memory(c->S);
            return -1;
        }
        u->instrs = n;
        u->capinstrs = ncap;
    }
    if (arg < 0 || arg > INSTR_ARG_MAX) {
        err_format(c->S, &c->S->exc.SystemError, "instruction argument out of range");
        return -1;
    }
    Instr *i = &u->instrs[u->ninstrs++];
    i->op = (uint8_t)op;
    i->arg = arg;
    i->pos = u->loc;
    i->artificial = (uint8_t)artificial;
    return 0;
}

static int emit(Compiler *c, int op, int arg) { return emit_full(c, op, arg, 0); }
#define EMIT(op, arg) TRY(emit(c, (op), (arg)))
#define EMIT0(op) TRY(emit(c, (op), 0))

static int new_label(Compiler *c)
{
    Unit *u = c->u;
    if (u->nlabels == u->caplabels) {
        int ncap = u->caplabels ? u->caplabels * 2 : 16;
        int *n = heap_realloc(mem_of(c->S)->heap, u->labels, sizeof(int) * (size_t)ncap);
        if (!n) {
            err_no_memory(c->S);
            return -1;
        }
        u->labels = n;
        u->caplabels = ncap;
    }
    u->labels[u->nlabels] = -1;
    return u->nlabels++;
}
#define NEW_LABEL(var)                                                         \
    int var = new_label(c);                                                    \
    if (var < 0) return -1

static void use_label(Compiler *c, int label) { c->u->labels[label] = c->u->ninstrs; }

/* Index of constant o in the unit's co_consts (canonical across the
 * compilation), or -1. */
static int add_const(Compiler *c, PhObject *o)
{
    PhObject *canon = const_canonical(c, o);
    return canon ? objtab_add(c, &c->u->consts, canon) : -1;
}

static int emit_const(Compiler *c, PhObject *o)
{
    int i = add_const(c, o);
    return i < 0 ? -1 : emit(c, OP_LOAD_CONST, i);
}

static int emit_const_steal(Compiler *c, PhObject *o)
{
    if (!o) return -1;
    int rc = emit_const(c, o);
    DECREF(c->S, o);
    return rc;
}

static int emit_none(Compiler *c) { return emit_const(c, PH_NONE(c->S)); }

static int add_name(Compiler *c, ObjTable *t, const char *name)
{
    PhObject *s = intern_name(c->S, name);
    if (!s) return -1;
    int i = objtab_add(c, t, s);
    DECREF(c->S, s);
    return i;
}

static const char *mangle(Compiler *c, const char *name)
{
    const char *m = symtable_mangle(c->arena, c->u->ste->private_name, name);
    if (!m) err_no_memory(c->S);
    return m;
}

/* Emits op with a co_names index for (mangled) name. */
static int emit_name_op(Compiler *c, int op, const char *name)
{
    const char *m = mangle(c, name);
    if (!m) return -1;
    int i = add_name(c, &c->u->names, m);
    return i < 0 ? -1 : emit(c, op, i);
}

static void set_loc_expr(Compiler *c, const Expr *e)
{
    c->u->loc = (PhCodePos){e->lineno, e->end_lineno, e->col_offset, e->end_col_offset};
}

static void set_loc_stmt(Compiler *c, const Stmt *s)
{
    c->u->loc = (PhCodePos){s->lineno, s->end_lineno, s->col_offset, s->end_col_offset};
}

/* ---- units ---------------------------------------------------------------------------------- */

static bool unit_is_function(const Unit *u)
{
    return u->kind == UNIT_FUNCTION || u->kind == UNIT_LAMBDA || u->kind == UNIT_COMPREHENSION;
}

static int cmp_cstr(const void *a, const void *b)
{
    return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* A sorted tuple of the block's names with the given scope (or flag). */
static PhObject *names_by_scope(Compiler *c, SymBlock *b, SymScope scope, int flag,
                                const char *extra)
{
    int n = 0;
    for (int i = 0; i < b->nsyms; i++)
        if (b->syms[i].scope == scope || (flag && (b->syms[i].flags & flag))) n++;
    if (extra) n++;
    const char **arr = heap_alloc(mem_of(c->S)->heap, sizeof(char *) * (size_t)(n ? n : 1));
    if (!arr) return err_no_memory(c->S);
    int k = 0;
    if (extra) arr[k++] = extra;
    for (int i = 0; i < b->nsyms; i++)
        if (b->syms[i].scope == scope || (flag && (b->syms[i].flags & flag)))
            arr[k++] = b->syms[i].name;
    qsort(arr, (size_t)n, sizeof(char *), cmp_cstr);
    PhObject *t = tuple_new(c->S, n);
    for (int i = 0; t && i < n; i++) {
        PhObject *s = intern_name(c->S, arr[i]);
        if (!s) {
            DECREF(c->S, t);
            t = NULL;
            break;
        }
        TUPLE_SET(t, i, s);
    }
    heap_free(mem_of(c->S)->heap, arr);
    return t;
}

static PhObject *make_qualname(Compiler *c, Unit *u)
{
    Unit *parent = u->parent;
    PhState *S = c->S;
    if (!parent || parent->kind == UNIT_MODULE) return str_from_cstr(S, u->name);
    if (u->kind == UNIT_FUNCTION || u->kind == UNIT_CLASS) {
        const char *m = symtable_mangle(c->arena, parent->ste->private_name, u->name);
        if (m && symblock_scope(parent->ste, m) == SCOPE_GLOBAL_EXPLICIT)
            return str_from_cstr(S, u->name);
    }
    if (parent->kind == UNIT_FUNCTION || parent->kind == UNIT_LAMBDA)
        return str_from_format(S, "%U.<locals>.%s", parent->qualname, u->name);
    return str_from_format(S, "%U.%s", parent->qualname, u->name);
}

static int enter_unit(Compiler *c, UnitKind kind, const char *name, const void *key,
                      int firstlineno)
{
    PhState *S = c->S;
    SymBlock *ste = c->u ? symtable_child(c->u->ste, key) : c->st->top;
    if (!ste) {
        err_format(S, &S->exc.SystemError, "compiler: no symbol table for %s", name);
        return -1;
    }
    Unit *u = heap_calloc(mem_of(S)->heap, sizeof(Unit));
    if (!u) {
        err_no_memory(S);
        return -1;
    }
    u->parent = c->u;
    u->ste = ste;
    u->kind = kind;
    u->name = name;
    u->firstlineno = firstlineno;
    u->loc = (PhCodePos){firstlineno, firstlineno, -1, -1};
    c->u = u;
    u->qualname = make_qualname(c, u);
    if (!u->qualname) return -1;
    /* Parameters come first in co_varnames. */
    for (int i = 0; i < ste->nparams; i++)
        if (add_name(c, &u->varnames, ste->params[i]) < 0) return -1;
    u->cellvars = names_by_scope(c, ste, SCOPE_CELL, 0,
                                 ste->needs_class_closure ? "__class__" : NULL);
    u->freevars = names_by_scope(c, ste, SCOPE_FREE, DEF_FREE_CLASS, NULL);
    if (!u->cellvars || !u->freevars) return -1;
    if (unit_is_function(u)) {
        u->flags = CO_OPTIMIZED | CO_NEWLOCALS;
        if (ste->nested) u->flags |= CO_NESTED;
        if (ste->generator) u->flags |= CO_GENERATOR;
        if (ste->varargs) u->flags |= CO_VARARGS;
        if (ste->varkeywords) u->flags |= CO_VARKEYWORDS;
    }
    return 0;
}

static void unit_free(PhState *S, Unit *u)
{
    Heap *h = mem_of(S)->heap;
    objtab_free(S, &u->consts);
    objtab_free(S, &u->names);
    objtab_free(S, &u->varnames);
    XDECREF(S, u->cellvars);
    XDECREF(S, u->freevars);
    XDECREF(S, u->qualname);
    if (u->instrs) heap_free(h, u->instrs);
    if (u->labels) heap_free(h, u->labels);
    heap_free(h, u);
}

/* Assembles the current unit and returns to its parent. */
static PhObject *exit_unit(Compiler *c)
{
    Unit *u = c->u;
    PhObject *code = assemble(c, u);
    c->u = u->parent;
    unit_free(c->S, u);
    return code;
}

/* Index of a name among the unit's cellvars (cells first) + freevars. */
static int deref_index(Compiler *c, const char *name)
{
    Unit *u = c->u;
    for (ssize_t i = 0; i < TUPLE_LEN(u->cellvars); i++)
        if (str_eq_cstr(TUPLE_GET(u->cellvars, i), name)) return (int)i;
    for (ssize_t i = 0; i < TUPLE_LEN(u->freevars); i++)
        if (str_eq_cstr(TUPLE_GET(u->freevars, i), name))
            return (int)(TUPLE_LEN(u->cellvars) + i);
    err_format(c->S, &c->S->exc.SystemError, "compiler: no cell for '%s' in %s", name, u->name);
    return -1;
}

/* ---- fblocks ---------------------------------------------------------------------------- */

static int push_fblock(Compiler *c, FBlockType t, int block, int exit, const void *datum)
{
    Unit *u = c->u;
    if (u->nfblocks >= MAX_FBLOCKS) return compiler_error(c, "too many statically nested blocks", NULL);
    u->fblocks[u->nfblocks++] = (FBlock){t, block, exit, datum};
    return 0;
}

static void pop_fblock(Compiler *c) { c->u->nfblocks--; }

/* ---- names ------------------------------------------------------------------------------- */

static int compile_nameop(Compiler *c, const char *name, ExprContext ctx)
{
    Unit *u = c->u;
    if (ctx != CTX_Load && strcmp(name, "__debug__") == 0)
        return compiler_error(c, "cannot assign to __debug__", NULL);
    const char *m = mangle(c, name);
    if (!m) return -1;
    SymScope scope = symblock_scope(u->ste, m);
    bool fn = u->ste->type == BLOCK_FUNCTION;
    enum { K_NAME, K_FAST, K_DEREF, K_GLOBAL } kind = K_NAME;
    switch (scope) {
    case SCOPE_FREE:
    case SCOPE_CELL: kind = K_DEREF; break;
    case SCOPE_LOCAL: kind = fn ? K_FAST : K_NAME; break;
    case SCOPE_GLOBAL_IMPLICIT: kind = fn ? K_GLOBAL : K_NAME; break;
    case SCOPE_GLOBAL_EXPLICIT: kind = K_GLOBAL; break;
    default: kind = K_NAME; break;
    }
    static const int ops[4][3] = {
        {OP_LOAD_NAME, OP_STORE_NAME, OP_DELETE_NAME},
        {OP_LOAD_FAST, OP_STORE_FAST, OP_DELETE_FAST},
        {OP_LOAD_DEREF, OP_STORE_DEREF, OP_DELETE_DEREF},
        {OP_LOAD_GLOBAL, OP_STORE_GLOBAL, OP_DELETE_GLOBAL},
    };
    int op = ops[kind][ctx - CTX_Load];
    if (kind == K_DEREF) {
        if (op == OP_LOAD_DEREF && u->ste->type == BLOCK_CLASS) op = OP_LOAD_CLASSDEREF;
        int i = deref_index(c, m);
        return i < 0 ? -1 : emit(c, op, i);
    }
    if (kind == K_FAST) {
        int i = add_name(c, &u->varnames, m);
        return i < 0 ? -1 : emit(c, op, i);
    }
    int i = add_name(c, &u->names, m);
    return i < 0 ? -1 : emit(c, op, i);
}

/* ---- expressions ------------------------------------------------------------------------- */

static int visit_expr(Compiler *c, const Expr *e);
static int visit_stmts(Compiler *c, const StmtSeq *s);
static int visit_stmt(Compiler *c, const Stmt *s);

/* e's folded constant (borrowed) or NULL; -1 in *err on MemoryError. */
static PhObject *constant_of(Compiler *c, const Expr *e, int *err)
{
    return fold_const(c, e, err);
}

static int visit_exprs(Compiler *c, const ExprSeq *s)
{
    for (int i = 0; i < s->count; i++) TRY(visit_expr(c, s->items[i]));
    return 0;
}

static bool has_starred(const ExprSeq *s)
{
    for (int i = 0; i < s->count; i++)
        if (s->items[i]->kind == EXPR_Starred) return true;
    return false;
}

/* Are elts[begin..) all constants? */
static int all_const(Compiler *c, const ExprSeq *s, int begin, int *err)
{
    for (int i = begin; i < s->count; i++)
        if (s->items[i]->kind == EXPR_Starred || !constant_of(c, s->items[i], err)) return 0;
    return 1;
}

/* A tuple (or frozenset) constant of all-constant elts. */
static PhObject *const_collection(Compiler *c, const ExprSeq *s, int as_set)
{
    int err = 0;
    PhObject *t = tuple_new(c->S, s->count);
    if (!t) return NULL;
    for (int i = 0; i < s->count; i++) {
        PhObject *v = constant_of(c, s->items[i], &err);
        INCREF(v);
        TUPLE_SET(t, i, v);
    }
    if (!as_set) return t;
    PhObject *fs = frozenset_new(c->S, t);
    DECREF(c->S, t);
    return fs;
}

/* Builds a list/tuple/set display, with *starred items unpacked
 * (CPython's starunpack_helper). */
static int starunpack(Compiler *c, const ExprSeq *elts, int build, int add, int extend,
                      int tuple)
{
    int n = elts->count, err = 0;
    /* Three or more constants: one constant collection then extend. */
    if (n > 2 && all_const(c, elts, 0, &err)) {
        if (build == OP_BUILD_SET) {
            EMIT(OP_BUILD_SET, 0);
            TRY(emit_const_steal(c, const_collection(c, elts, 1)));
            EMIT(OP_SET_UPDATE, 1);
            return 0;
        }
        if (tuple) return emit_const_steal(c, const_collection(c, elts, 0));
        EMIT(build, 0);
        TRY(emit_const_steal(c, const_collection(c, elts, 0)));
        EMIT(extend, 1);
        return 0;
    }
    if (err) return -1;
    bool big = n > 2 && n > STACK_USE_GUIDELINE;
    if (!has_starred(elts) && !big) {
        TRY(visit_exprs(c, elts));
        EMIT(tuple ? OP_BUILD_TUPLE : build, n);
        return 0;
    }
    int seen_star = 0;
    for (int i = 0; i < n; i++) {
        const Expr *elt = elts->items[i];
        if (elt->kind == EXPR_Starred) {
            if (!seen_star) {
                EMIT(build, i);
                seen_star = 1;
            }
            TRY(visit_expr(c, elt->v.Starred.value));
            EMIT(extend, 1);
        } else {
            TRY(visit_expr(c, elt));
            if (seen_star) EMIT(add, 1);
        }
    }
    if (!seen_star) EMIT(build, n);
    if (tuple) EMIT0(OP_LIST_TO_TUPLE);
    return 0;
}

static int unpack_helper(Compiler *c, const ExprSeq *elts)
{
    int n = elts->count, seen_star = 0;
    for (int i = 0; i < n; i++) {
        const Expr *elt = elts->items[i];
        if (elt->kind == EXPR_Starred && !seen_star) {
            if (i >= (1 << 8) || n - i - 1 >= (INSTR_ARG_MAX >> 8))
                return compiler_error(c, "too many expressions in star-unpacking assignment", NULL);
            EMIT(OP_UNPACK_EX, i + ((n - i - 1) << 8));
            seen_star = 1;
        } else if (elt->kind == EXPR_Starred) {
            return compiler_error(c, "multiple starred expressions in assignment", NULL);
        }
    }
    if (!seen_star) EMIT(OP_UNPACK_SEQUENCE, n);
    return 0;
}

static int assignment_helper(Compiler *c, const ExprSeq *elts)
{
    TRY(unpack_helper(c, elts));
    for (int i = 0; i < elts->count; i++) {
        const Expr *elt = elts->items[i];
        TRY(visit_expr(c, elt->kind == EXPR_Starred ? elt->v.Starred.value : elt));
    }
    return 0;
}

static int compile_dict(Compiler *c, const Expr *e)
{
    const ExprSeq *keys = &e->v.Dict.keys, *values = &e->v.Dict.values;
    int n = values->count, elements = 0, have_dict = 0, err = 0;
    for (int i = 0; i < n; i++) {
        const Expr *k = keys->items[i];
        if (!k) { /* **mapping */
            if (elements) {
                EMIT(OP_BUILD_MAP, elements);
                if (have_dict) EMIT(OP_DICT_UPDATE, 1);
                elements = 0;
                have_dict = 1;
            }
            if (!have_dict) {
                EMIT(OP_BUILD_MAP, 0);
                have_dict = 1;
            }
            TRY(visit_expr(c, values->items[i]));
            EMIT(OP_DICT_UPDATE, 1);
            continue;
        }
        elements++;
        if (elements * 2 > STACK_USE_GUIDELINE) {
            /* flush a chunk */
            int begin = i - elements + 1;
            for (int j = begin; j <= i; j++) {
                TRY(visit_expr(c, keys->items[j]));
                TRY(visit_expr(c, values->items[j]));
            }
            EMIT(OP_BUILD_MAP, elements);
            if (have_dict) EMIT(OP_DICT_UPDATE, 1);
            have_dict = 1;
            elements = 0;
        }
    }
    if (elements) {
        int begin = n - elements;
        /* All keys constant: one tuple of keys (3.11's BUILD_CONST_KEY_MAP). */
        int keys_const = elements > 1;
        for (int j = begin; keys_const && j < n; j++)
            if (!constant_of(c, keys->items[j], &err)) keys_const = 0;
        if (err) return -1;
        if (keys_const) {
            for (int j = begin; j < n; j++) TRY(visit_expr(c, values->items[j]));
            PhObject *kt = tuple_new(c->S, elements);
            if (!kt) return -1;
            for (int j = begin; j < n; j++) {
                PhObject *k = constant_of(c, keys->items[j], &err);
                INCREF(k);
                TUPLE_SET(kt, j - begin, k);
            }
            TRY(emit_const_steal(c, kt));
            EMIT(OP_BUILD_CONST_KEY_MAP, elements);
        } else {
            for (int j = begin; j < n; j++) {
                TRY(visit_expr(c, keys->items[j]));
                TRY(visit_expr(c, values->items[j]));
            }
            EMIT(OP_BUILD_MAP, elements);
        }
        if (have_dict) EMIT(OP_DICT_UPDATE, 1);
        have_dict = 1;
    }
    if (!have_dict) EMIT(OP_BUILD_MAP, 0);
    return 0;
}

static int cmp_op_arg(CmpOpKind op, int *opcode)
{
    switch (op) {
    case CMP_Eq: *opcode = OP_COMPARE_OP; return CMP_EQ;
    case CMP_NotEq: *opcode = OP_COMPARE_OP; return CMP_NE;
    case CMP_Lt: *opcode = OP_COMPARE_OP; return CMP_LT;
    case CMP_LtE: *opcode = OP_COMPARE_OP; return CMP_LE;
    case CMP_Gt: *opcode = OP_COMPARE_OP; return CMP_GT;
    case CMP_GtE: *opcode = OP_COMPARE_OP; return CMP_GE;
    case CMP_Is: *opcode = OP_IS_OP; return 0;
    case CMP_IsNot: *opcode = OP_IS_OP; return 1;
    case CMP_In: *opcode = OP_CONTAINS_OP; return 0;
    case CMP_NotIn: *opcode = OP_CONTAINS_OP; return 1;
    }
    *opcode = OP_COMPARE_OP;
    return CMP_EQ;
}

static int emit_compare(Compiler *c, CmpOpKind op)
{
    int opcode, arg = cmp_op_arg(op, &opcode);
    return emit(c, opcode, arg);
}

/* The right operand of `in`/`not in` (and a for loop's iterable): a list
 * display of constants becomes a tuple constant, a set display a frozenset
 * constant (3.11's fold_compare / fold_iter). */
static int visit_iterable_operand(Compiler *c, const Expr *e)
{
    int err = 0;
    if ((e->kind == EXPR_List || e->kind == EXPR_Set) && !has_starred(e->kind == EXPR_List ? &e->v.List.elts : &e->v.Set.elts)) {
        const ExprSeq *elts = e->kind == EXPR_List ? &e->v.List.elts : &e->v.Set.elts;
        if ((e->kind == EXPR_Set || e->v.List.ctx == CTX_Load) && all_const(c, elts, 0, &err)) {
            PhCodePos old = c->u->loc;
            set_loc_expr(c, e);
            int rc = emit_const_steal(c, const_collection(c, elts, e->kind == EXPR_Set));
            c->u->loc = old;
            return rc;
        }
        if (err) return -1;
    }
    return visit_expr(c, e);
}

static int visit_comparator(Compiler *c, CmpOpKind op, const Expr *e)
{
    if (op == CMP_In || op == CMP_NotIn) return visit_iterable_operand(c, e);
    return visit_expr(c, e);
}

static int compile_compare(Compiler *c, const Expr *e)
{
    int n = e->v.Compare.ops.count - 1;
    TRY(visit_expr(c, e->v.Compare.left));
    if (n == 0) {
        TRY(visit_comparator(c, e->v.Compare.ops.items[0], e->v.Compare.comparators.items[0]));
        return emit_compare(c, e->v.Compare.ops.items[0]);
    }
    NEW_LABEL(cleanup);
    NEW_LABEL(end);
    for (int i = 0; i < n; i++) {
        TRY(visit_comparator(c, e->v.Compare.ops.items[i], e->v.Compare.comparators.items[i]));
        EMIT(OP_SWAP, 2);
        EMIT(OP_COPY, 2);
        TRY(emit_compare(c, e->v.Compare.ops.items[i]));
        EMIT(OP_JUMP_IF_FALSE_OR_POP, cleanup);
    }
    TRY(visit_comparator(c, e->v.Compare.ops.items[n], e->v.Compare.comparators.items[n]));
    TRY(emit_compare(c, e->v.Compare.ops.items[n]));
    EMIT(OP_JUMP, end);
    use_label(c, cleanup);
    EMIT(OP_SWAP, 2);
    EMIT0(OP_POP_TOP);
    use_label(c, end);
    return 0;
}

/* Jumps to label when bool(e) == cond; falls through otherwise
 * (CPython's compiler_jump_if). */
static int jump_if(Compiler *c, const Expr *e, int label, int cond)
{
    int err = 0;
    PhObject *k = constant_of(c, e, &err);
    if (err) return -1;
    if (k) {
        int t = obj_is_true(c->S, k);
        if (t < 0) return -1;
        if (t == cond) {
            PhCodePos old = c->u->loc;
            set_loc_expr(c, e);
            int rc = emit(c, OP_JUMP, label);
            c->u->loc = old;
            return rc;
        }
        return 0;
    }
    switch (e->kind) {
    case EXPR_UnaryOp:
        if (e->v.UnaryOp.op == UNARY_Not) return jump_if(c, e->v.UnaryOp.operand, label, !cond);
        break;
    case EXPR_BoolOp: {
        const ExprSeq *s = &e->v.BoolOp.values;
        int cond2 = e->v.BoolOp.op == BOOL_Or;
        int next2 = label;
        if (cond2 != cond) {
            next2 = new_label(c);
            if (next2 < 0) return -1;
        }
        for (int i = 0; i < s->count - 1; i++) TRY(jump_if(c, s->items[i], next2, cond2));
        TRY(jump_if(c, s->items[s->count - 1], label, cond));
        if (next2 != label) use_label(c, next2);
        return 0;
    }
    case EXPR_IfExp: {
        NEW_LABEL(end);
        NEW_LABEL(next2);
        TRY(jump_if(c, e->v.IfExp.test, next2, 0));
        TRY(jump_if(c, e->v.IfExp.body, label, cond));
        EMIT(OP_JUMP, end);
        use_label(c, next2);
        TRY(jump_if(c, e->v.IfExp.orelse, label, cond));
        use_label(c, end);
        return 0;
    }
    case EXPR_Compare:
        /* As in 3.11, a comparison's location stays current after the
         * jump: an assert's AssertionError points at its test. */
        TRY(visit_expr(c, e));
        set_loc_expr(c, e);
        return emit(c, cond ? OP_POP_JUMP_IF_TRUE : OP_POP_JUMP_IF_FALSE, label);
    default: break;
    }
    TRY(visit_expr(c, e));
    return emit(c, cond ? OP_POP_JUMP_IF_TRUE : OP_POP_JUMP_IF_FALSE, label);
}

static int compile_boolop(Compiler *c, const Expr *e)
{
    int op = e->v.BoolOp.op == BOOL_And ? OP_JUMP_IF_FALSE_OR_POP : OP_JUMP_IF_TRUE_OR_POP;
    NEW_LABEL(end);
    const ExprSeq *s = &e->v.BoolOp.values;
    for (int i = 0; i < s->count - 1; i++) {
        TRY(visit_expr(c, s->items[i]));
        EMIT(op, end);
    }
    TRY(visit_expr(c, s->items[s->count - 1]));
    use_label(c, end);
    return 0;
}

static BinOp binop_for(OperatorKind op)
{
    switch (op) {
    case OP_Add: return BINOP_ADD;
    case OP_Sub: return BINOP_SUB;
    case OP_Mult: return BINOP_MUL;
    case OP_MatMult: return BINOP_MATMUL;
    case OP_Div: return BINOP_TRUEDIV;
    case OP_Mod: return BINOP_MOD;
    case OP_Pow: return BINOP_POW;
    case OP_LShift: return BINOP_LSHIFT;
    case OP_RShift: return BINOP_RSHIFT;
    case OP_BitOr: return BINOP_OR;
    case OP_BitXor: return BINOP_XOR;
    case OP_BitAnd: return BINOP_AND;
    case OP_FloorDiv: return BINOP_FLOORDIV;
    }
    return BINOP_ADD;
}

/* ---- calls ---- */

static bool keywords_have_double_star(const KeywordSeq *k)
{
    for (int i = 0; i < k->count; i++)
        if (!k->items[i]->arg) return true;
    return false;
}

static int check_keywords(Compiler *c, const KeywordSeq *k)
{
    for (int i = 0; i < k->count; i++) {
        const Keyword_ *a = k->items[i];
        if (!a->arg) continue;
        for (int j = i + 1; j < k->count; j++) {
            const Keyword_ *b = k->items[j];
            if (b->arg && strcmp(a->arg, b->arg) == 0)
                return compiler_error_at(c, b->lineno, b->col_offset, b->end_lineno,
                                         b->end_col_offset, "keyword argument repeated: %s",
                                         b->arg);
        }
    }
    return 0;
}

static PhObject *kwnames_tuple(Compiler *c, const KeywordSeq *k)
{
    PhObject *t = tuple_new(c->S, k->count);
    if (!t) return NULL;
    for (int i = 0; i < k->count; i++) {
        PhObject *s = intern_name(c->S, k->items[i]->arg);
        if (!s) {
            DECREF(c->S, t);
            return NULL;
        }
        TUPLE_SET(t, i, s);
    }
    return t;
}

/* Builds the kwargs dict for CALL_FUNCTION_EX from keywords, merging
 * **mappings with duplicate checks (DICT_MERGE). */
static int compile_kwargs_dict(Compiler *c, const KeywordSeq *k)
{
    int nseen = 0, have_dict = 0;
    for (int i = 0; i < k->count; i++) {
        const Keyword_ *kw = k->items[i];
        if (!kw->arg) {
            if (nseen) {
                EMIT(OP_BUILD_MAP, nseen);
                if (have_dict) EMIT(OP_DICT_MERGE, 1);
                nseen = 0;
                have_dict = 1;
            }
            if (!have_dict) {
                EMIT(OP_BUILD_MAP, 0);
                have_dict = 1;
            }
            TRY(visit_expr(c, kw->value));
            EMIT(OP_DICT_MERGE, 1);
        } else {
            PhObject *name = intern_name(c->S, kw->arg);
            TRY(emit_const_steal(c, name));
            TRY(visit_expr(c, kw->value));
            nseen++;
        }
    }
    if (nseen) {
        EMIT(OP_BUILD_MAP, nseen);
        if (have_dict) EMIT(OP_DICT_MERGE, 1);
    }
    return 0;
}

/* The arguments of a call whose callable (and self, for methods) is already
 * on the stack. method: the callable was loaded by LOAD_METHOD. */
static int call_helper(Compiler *c, int method, int nprefix, const ExprSeq *args,
                       const KeywordSeq *kws)
{
    TRY(check_keywords(c, kws));
    if (!has_starred(args) && !keywords_have_double_star(kws) &&
        args->count + kws->count + nprefix < STACK_USE_GUIDELINE * 8) {
        TRY(visit_exprs(c, args));
        for (int i = 0; i < kws->count; i++) TRY(visit_expr(c, kws->items[i]->value));
        int n = nprefix + args->count + kws->count;
        if (kws->count) {
            TRY(emit_const_steal(c, kwnames_tuple(c, kws)));
            EMIT(method ? OP_CALL_METHOD_KW : OP_CALL_KW, n);
        } else {
            EMIT(method ? OP_CALL_METHOD : OP_CALL, n);
        }
        return 0;
    }
    /* Star-args: callable(*positional_tuple, **kwargs_dict). nprefix extra
     * values already pushed (class name and body function) are packed in
     * front of the positional arguments. */
    if (nprefix == 0 && args->count == 1 && args->items[0]->kind == EXPR_Starred) {
        TRY(visit_expr(c, args->items[0]->v.Starred.value));
    } else {
        int n = args->count, seen_star = 0;
        if (nprefix) {
            EMIT(OP_BUILD_LIST, nprefix);
            seen_star = 1;
        }
        for (int i = 0; i < n; i++) {
            const Expr *a = args->items[i];
            if (a->kind == EXPR_Starred) {
                if (!seen_star) {
                    EMIT(OP_BUILD_LIST, i);
                    seen_star = 1;
                }
                TRY(visit_expr(c, a->v.Starred.value));
                EMIT(OP_LIST_EXTEND, 1);
            } else {
                TRY(visit_expr(c, a));
                if (seen_star) EMIT(OP_LIST_APPEND, 1);
            }
        }
        if (!seen_star) EMIT(OP_BUILD_TUPLE, n);
        else EMIT0(OP_LIST_TO_TUPLE);
    }
    if (kws->count) {
        TRY(compile_kwargs_dict(c, kws));
        EMIT(OP_CALL_FUNCTION_EX, 1);
    } else {
        EMIT(OP_CALL_FUNCTION_EX, 0);
    }
    return 0;
}

static int compile_call(Compiler *c, const Expr *e)
{
    const Expr *f = e->v.Call.func;
    const ExprSeq *args = &e->v.Call.args;
    const KeywordSeq *kws = &e->v.Call.keywords;
    if (f->kind == EXPR_Attribute && f->v.Attribute.ctx == CTX_Load && !has_starred(args) &&
        !keywords_have_double_star(kws) && args->count + kws->count < STACK_USE_GUIDELINE) {
        TRY(check_keywords(c, kws));
        TRY(visit_expr(c, f->v.Attribute.value));
        PhCodePos old = c->u->loc;
        /* 3.11 places the method load and call at the attribute name when
         * the call spans lines. */
        set_loc_expr(c, f);
        if (f->end_lineno != f->lineno) {
            c->u->loc.line = f->end_lineno;
            c->u->loc.col = -1;
        }
        TRY(emit_name_op(c, OP_LOAD_METHOD, f->v.Attribute.attr));
        c->u->loc = old;
        TRY(visit_exprs(c, args));
        for (int i = 0; i < kws->count; i++) TRY(visit_expr(c, kws->items[i]->value));
        int n = args->count + kws->count;
        if (kws->count) {
            TRY(emit_const_steal(c, kwnames_tuple(c, kws)));
            EMIT(OP_CALL_METHOD_KW, n);
        } else {
            EMIT(OP_CALL_METHOD, n);
        }
        return 0;
    }
    TRY(visit_expr(c, f));
    return call_helper(c, 0, 0, args, kws);
}

/* ---- f-strings ---- */

static int compile_formatted_value(Compiler *c, const Expr *e)
{
    TRY(visit_expr(c, e->v.FormattedValue.value));
    int flags = FVC_NONE;
    switch (e->v.FormattedValue.conversion) {
    case 's': flags = FVC_STR; break;
    case 'r': flags = FVC_REPR; break;
    case 'a': flags = FVC_ASCII; break;
    default: break;
    }
    if (e->v.FormattedValue.format_spec) {
        TRY(visit_expr(c, e->v.FormattedValue.format_spec));
        flags |= FVS_HAVE_SPEC;
    }
    return emit(c, OP_FORMAT_VALUE, flags);
}

static int compile_joined_str(Compiler *c, const Expr *e)
{
    const ExprSeq *v = &e->v.JoinedStr.values;
    if (v->count == 0) return emit_const(c, c->S->empty_str);
    TRY(visit_exprs(c, v));
    if (v->count != 1) EMIT(OP_BUILD_STRING, v->count);
    return 0;
}

/* ---- functions, lambdas, classes, comprehensions ---- */

/* Pushes the closure tuple for code (if it has free variables) and returns
 * the MAKE_FUNCTION flags to add. */
static int make_closure(Compiler *c, PhObject *code, int flags)
{
    PhCode *co = (PhCode *)code;
    if (co->nfree) {
        for (int i = 0; i < co->nfree; i++) {
            PhObject *name = TUPLE_GET(co->freevars, i);
            const char *cname = str_as_utf8(c->S, name, NULL);
            if (!cname) return -1;
            int idx = deref_index(c, cname);
            if (idx < 0) return -1;
            EMIT(OP_LOAD_CLOSURE, idx);
        }
        EMIT(OP_BUILD_TUPLE, co->nfree);
        flags |= MKFN_CLOSURE;
    }
    TRY(emit_const(c, code));
    return emit(c, OP_MAKE_FUNCTION, flags);
}

/* Pushes defaults (tuple) and keyword-only defaults (dict); returns flags. */
static int compile_defaults(Compiler *c, const Arguments *a, int *flags)
{
    int err = 0;
    if (a->defaults.count) {
        if (all_const(c, &a->defaults, 0, &err)) {
            TRY(emit_const_steal(c, const_collection(c, &a->defaults, 0)));
        } else {
            if (err) return -1;
            TRY(visit_exprs(c, &a->defaults));
            EMIT(OP_BUILD_TUPLE, a->defaults.count);
        }
        *flags |= MKFN_DEFAULTS;
    }
    int nkw = 0;
    for (int i = 0; i < a->kwonlyargs.count; i++) {
        const Expr *d = i < a->kw_defaults.count ? a->kw_defaults.items[i] : NULL;
        if (!d) continue;
        const char *m = mangle(c, a->kwonlyargs.items[i]->arg);
        if (!m) return -1;
        TRY(emit_const_steal(c, intern_name(c->S, m)));
        TRY(visit_expr(c, d));
        nkw++;
    }
    if (nkw) {
        EMIT(OP_BUILD_MAP, nkw);
        *flags |= MKFN_KWDEFAULTS;
    }
    return 0;
}

static int annotation_pair(Compiler *c, const char *name, const Expr *ann, int *n)
{
    if (!ann) return 0;
    const char *m = mangle(c, name);
    if (!m) return -1;
    TRY(emit_const_steal(c, intern_name(c->S, m)));
    TRY(visit_expr(c, ann));
    (*n)++;
    return 0;
}

static int compile_annotations(Compiler *c, const Arguments *a, const Expr *returns, int *flags)
{
    int n = 0;
    for (int i = 0; i < a->args.count; i++)
        TRY(annotation_pair(c, a->args.items[i]->arg, a->args.items[i]->annotation, &n));
    for (int i = 0; i < a->posonlyargs.count; i++)
        TRY(annotation_pair(c, a->posonlyargs.items[i]->arg, a->posonlyargs.items[i]->annotation, &n));
    if (a->vararg) TRY(annotation_pair(c, a->vararg->arg, a->vararg->annotation, &n));
    for (int i = 0; i < a->kwonlyargs.count; i++)
        TRY(annotation_pair(c, a->kwonlyargs.items[i]->arg, a->kwonlyargs.items[i]->annotation, &n));
    if (a->kwarg) TRY(annotation_pair(c, a->kwarg->arg, a->kwarg->annotation, &n));
    if (returns) TRY(annotation_pair(c, "return", returns, &n));
    if (n) {
        EMIT(OP_BUILD_MAP, n);
        *flags |= MKFN_ANNOTATIONS;
    }
    return 0;
}

/* A parameter named __debug__ is refused at the def (or lambda). */
static int check_debug_args(Compiler *c, const Arguments *a)
{
    const ArgSeq *seqs[3] = {&a->posonlyargs, &a->args, &a->kwonlyargs};
    for (int k = 0; k < 3; k++)
        for (int i = 0; i < seqs[k]->count; i++)
            if (strcmp(seqs[k]->items[i]->arg, "__debug__") == 0)
                return compiler_error(c, "cannot assign to __debug__", NULL);
    if ((a->vararg && strcmp(a->vararg->arg, "__debug__") == 0) ||
        (a->kwarg && strcmp(a->kwarg->arg, "__debug__") == 0))
        return compiler_error(c, "cannot assign to __debug__", NULL);
    return 0;
}

static void set_arg_counts(Unit *u, const Arguments *a)
{
    u->argcount = a->posonlyargs.count + a->args.count;
    u->posonlyargcount = a->posonlyargs.count;
    u->kwonlyargcount = a->kwonlyargs.count;
}

static const Expr *docstring_of(const StmtSeq *body)
{
    if (body->count == 0) return NULL;
    const Stmt *s = body->items[0];
    if (s->kind != STMT_Expr) return NULL;
    const Expr *e = s->v.Expr.value;
    if (e->kind != EXPR_Constant || e->v.Constant.value.kind != CONST_Str) return NULL;
    return e;
}

/* The implicit `return None` at the end of a body. */
static int emit_implicit_return(Compiler *c)
{
    TRY(emit_full(c, OP_LOAD_CONST, add_const(c, PH_NONE(c->S)), 1));
    return emit_full(c, OP_RETURN_VALUE, 0, 1);
}

static int apply_decorators(Compiler *c, const ExprSeq *decos)
{
    for (int i = decos->count - 1; i >= 0; i--) {
        PhCodePos old = c->u->loc;
        set_loc_expr(c, decos->items[i]);
        int rc = emit(c, OP_CALL, 1);
        c->u->loc = old;
        TRY(rc);
    }
    return 0;
}

static int compile_function(Compiler *c, const Stmt *s)
{
    const Arguments *a = s->v.FunctionDef.args;
    const ExprSeq *decos = &s->v.FunctionDef.decorator_list;
    TRY(check_debug_args(c, a));
    TRY(visit_exprs(c, decos));
    int firstlineno = decos->count ? decos->items[0]->lineno : s->lineno;
    int flags = 0;
    TRY(compile_defaults(c, a, &flags));
    TRY(compile_annotations(c, a, s->v.FunctionDef.returns, &flags));

    TRY(enter_unit(c, UNIT_FUNCTION, s->v.FunctionDef.name, s, firstlineno));
    set_arg_counts(c->u, a);
    const StmtSeq *body = &s->v.FunctionDef.body;
    const Expr *doc = docstring_of(body);
    int first = 0;
    if (doc) {
        int err = 0;
        PhObject *d = constant_of(c, doc, &err);
        if (!d || add_const(c, d) < 0) return -1;
        first = 1;
    } else if (add_const(c, PH_NONE(c->S)) < 0) {
        return -1;
    }
    for (int i = first; i < body->count; i++) TRY(visit_stmt(c, body->items[i]));
    TRY(emit_implicit_return(c));
    PhObject *code = exit_unit(c);
    if (!code) return -1;
    set_loc_stmt(c, s);
    int rc = make_closure(c, code, flags);
    DECREF(c->S, code);
    TRY(rc);
    TRY(apply_decorators(c, decos));
    return compile_nameop(c, s->v.FunctionDef.name, CTX_Store);
}

static int compile_lambda(Compiler *c, const Expr *e)
{
    const Arguments *a = e->v.Lambda.args;
    int flags = 0;
    TRY(check_debug_args(c, a));
    TRY(compile_defaults(c, a, &flags));
    TRY(enter_unit(c, UNIT_LAMBDA, "<lambda>", e, e->lineno));
    set_arg_counts(c->u, a);
    /* None first, so a lambda never has a docstring. */
    if (add_const(c, PH_NONE(c->S)) < 0) return -1;
    set_loc_expr(c, e->v.Lambda.body);
    TRY(visit_expr(c, e->v.Lambda.body));
    if (c->u->ste->generator) {
        EMIT0(OP_POP_TOP);
        TRY(emit_implicit_return(c));
    } else {
        EMIT0(OP_RETURN_VALUE);
    }
    PhObject *code = exit_unit(c);
    if (!code) return -1;
    int rc = make_closure(c, code, flags);
    DECREF(c->S, code);
    return rc;
}

/* Does a block body contain an annotated simple name (needing
 * SETUP_ANNOTATIONS)? Nested functions and classes do not count. */
static bool find_ann(const StmtSeq *body)
{
    for (int i = 0; i < body->count; i++) {
        const Stmt *s = body->items[i];
        switch (s->kind) {
        case STMT_AnnAssign: return true;
        case STMT_For:
        case STMT_AsyncFor:
            if (find_ann(&s->v.For.body) || find_ann(&s->v.For.orelse)) return true;
            break;
        case STMT_While:
            if (find_ann(&s->v.While.body) || find_ann(&s->v.While.orelse)) return true;
            break;
        case STMT_If:
            if (find_ann(&s->v.If.body) || find_ann(&s->v.If.orelse)) return true;
            break;
        case STMT_With:
        case STMT_AsyncWith:
            if (find_ann(&s->v.With.body)) return true;
            break;
        case STMT_Try:
        case STMT_TryStar:
            for (int j = 0; j < s->v.Try.handlers.count; j++)
                if (find_ann(&s->v.Try.handlers.items[j]->body)) return true;
            if (find_ann(&s->v.Try.body) || find_ann(&s->v.Try.orelse) ||
                find_ann(&s->v.Try.finalbody))
                return true;
            break;
        default: break;
        }
    }
    return false;
}

/* Module and class bodies: __annotations__, the docstring as __doc__,
 * then the statements. */
static int compile_body(Compiler *c, const StmtSeq *body)
{
    if (find_ann(body)) EMIT0(OP_SETUP_ANNOTATIONS);
    int first = 0;
    const Expr *doc = docstring_of(body);
    if (doc) {
        set_loc_stmt(c, body->items[0]);
        TRY(visit_expr(c, doc));
        TRY(compile_nameop(c, "__doc__", CTX_Store));
        first = 1;
    }
    for (int i = first; i < body->count; i++) TRY(visit_stmt(c, body->items[i]));
    return 0;
}

static int compile_class(Compiler *c, const Stmt *s)
{
    const ExprSeq *decos = &s->v.ClassDef.decorator_list;
    TRY(visit_exprs(c, decos));
    int firstlineno = decos->count ? decos->items[0]->lineno : s->lineno;
    TRY(enter_unit(c, UNIT_CLASS, s->v.ClassDef.name, s, firstlineno));
    Unit *u = c->u;
    set_loc_stmt(c, s);
    TRY(compile_nameop(c, "__name__", CTX_Load));
    TRY(compile_nameop(c, "__module__", CTX_Store));
    TRY(emit_const(c, u->qualname));
    TRY(compile_nameop(c, "__qualname__", CTX_Store));
    TRY(compile_body(c, &s->v.ClassDef.body));
    set_loc_stmt(c, s);
    if (u->ste->needs_class_closure) {
        /* eval_class_body hands the cell to __build_class__, which fills it
         * with the new class. */
        int i = deref_index(c, "__class__");
        if (i < 0) return -1;
        TRY(emit_full(c, OP_LOAD_CLOSURE, i, 1));
    } else {
        TRY(emit_full(c, OP_LOAD_CONST, objtab_add(c, &u->consts, PH_NONE(c->S)), 1));
    }
    TRY(emit_full(c, OP_RETURN_VALUE, 0, 1));
    PhObject *code = exit_unit(c);
    if (!code) return -1;
    set_loc_stmt(c, s);
    EMIT0(OP_LOAD_BUILD_CLASS);
    int rc = make_closure(c, code, 0);
    DECREF(c->S, code);
    TRY(rc);
    PhObject *name = str_from_cstr(c->S, s->v.ClassDef.name);
    if (name && str_is_identifier_like(name) && str_intern_in_place(c->S, &name) < 0) {
        DECREF(c->S, name);
        return -1;
    }
    TRY(emit_const_steal(c, name));
    TRY(call_helper(c, 0, 2, &s->v.ClassDef.bases, &s->v.ClassDef.keywords));
    TRY(apply_decorators(c, decos));
    return compile_nameop(c, s->v.ClassDef.name, CTX_Store);
}

typedef enum { COMP_GENEXP, COMP_LIST, COMP_SET, COMP_DICT } CompKind;

static int comprehension_generator(Compiler *c, const ComprehensionSeq *gens, int index,
                                   int depth, const Expr *elt, const Expr *val, CompKind kind)
{
    const Comprehension *gen = gens->items[index];
    NEW_LABEL(start);
    NEW_LABEL(if_cleanup);
    NEW_LABEL(anchor);
    if (index == 0) {
        EMIT(OP_LOAD_FAST, 0); /* the ".0" parameter: the outermost iterator */
    } else {
        TRY(visit_iterable_operand(c, gen->iter));
        EMIT0(OP_GET_ITER);
    }
    use_label(c, start);
    EMIT(OP_FOR_ITER, anchor);
    depth++;
    TRY(visit_expr(c, gen->target));
    for (int i = 0; i < gen->ifs.count; i++) TRY(jump_if(c, gen->ifs.items[i], if_cleanup, 0));
    if (index + 1 < gens->count) {
        TRY(comprehension_generator(c, gens, index + 1, depth, elt, val, kind));
    } else {
        switch (kind) {
        case COMP_GENEXP:
            TRY(visit_expr(c, elt));
            EMIT0(OP_YIELD_VALUE);
            EMIT0(OP_POP_TOP);
            break;
        case COMP_LIST:
            TRY(visit_expr(c, elt));
            EMIT(OP_LIST_APPEND, depth + 1);
            break;
        case COMP_SET:
            TRY(visit_expr(c, elt));
            EMIT(OP_SET_ADD, depth + 1);
            break;
        case COMP_DICT:
            TRY(visit_expr(c, elt));
            TRY(visit_expr(c, val));
            EMIT(OP_MAP_ADD, depth + 1);
            break;
        }
    }
    use_label(c, if_cleanup);
    EMIT(OP_JUMP, start);
    use_label(c, anchor);
    return 0;
}

static int compile_comprehension(Compiler *c, const Expr *e, CompKind kind, const char *name,
                                 const ComprehensionSeq *gens, const Expr *elt, const Expr *val)
{
    const Comprehension *outer = gens->items[0];
    for (int i = 0; i < gens->count; i++)
        if (gens->items[i]->is_async)
            return compiler_error(c, "asynchronous comprehension outside of an asynchronous function", NULL);
    TRY(enter_unit(c, UNIT_COMPREHENSION, name, e, e->lineno));
    c->u->argcount = 1;
    set_loc_expr(c, e);
    if (kind == COMP_LIST) EMIT(OP_BUILD_LIST, 0);
    else if (kind == COMP_SET) EMIT(OP_BUILD_SET, 0);
    else if (kind == COMP_DICT) EMIT(OP_BUILD_MAP, 0);
    TRY(comprehension_generator(c, gens, 0, 0, elt, val, kind));
    if (kind == COMP_GENEXP) TRY(emit_implicit_return(c));
    else TRY(emit_full(c, OP_RETURN_VALUE, 0, 1));
    PhObject *code = exit_unit(c);
    if (!code) return -1;
    int rc = make_closure(c, code, 0);
    DECREF(c->S, code);
    TRY(rc);
    TRY(visit_iterable_operand(c, outer->iter));
    EMIT0(OP_GET_ITER);
    return emit(c, OP_CALL, 1);
}

/* ---- the expression visitor ---- */

static int visit_expr1(Compiler *c, const Expr *e)
{
    int err = 0;
    PhObject *k = constant_of(c, e, &err);
    if (err) return -1;
    if (k && e->kind != EXPR_Name) return emit_const(c, k);
    switch (e->kind) {
    case EXPR_NamedExpr:
        TRY(visit_expr(c, e->v.NamedExpr.value));
        EMIT(OP_COPY, 1);
        return visit_expr(c, e->v.NamedExpr.target);
    case EXPR_BoolOp: return compile_boolop(c, e);
    case EXPR_BinOp:
        TRY(visit_expr(c, e->v.BinOp.left));
        TRY(visit_expr(c, e->v.BinOp.right));
        return emit(c, OP_BINARY_OP, binop_for(e->v.BinOp.op));
    case EXPR_UnaryOp:
        TRY(visit_expr(c, e->v.UnaryOp.operand));
        switch (e->v.UnaryOp.op) {
        case UNARY_Invert: return emit(c, OP_UNARY_INVERT, 0);
        case UNARY_Not: return emit(c, OP_UNARY_NOT, 0);
        case UNARY_UAdd: return emit(c, OP_UNARY_POSITIVE, 0);
        case UNARY_USub: return emit(c, OP_UNARY_NEGATIVE, 0);
        }
        return 0;
    case EXPR_Lambda: return compile_lambda(c, e);
    case EXPR_IfExp: {
        NEW_LABEL(end);
        NEW_LABEL(next);
        TRY(jump_if(c, e->v.IfExp.test, next, 0));
        TRY(visit_expr(c, e->v.IfExp.body));
        EMIT(OP_JUMP, end);
        use_label(c, next);
        TRY(visit_expr(c, e->v.IfExp.orelse));
        use_label(c, end);
        return 0;
    }
    case EXPR_Dict: return compile_dict(c, e);
    case EXPR_Set: return starunpack(c, &e->v.Set.elts, OP_BUILD_SET, OP_SET_ADD, OP_SET_UPDATE, 0);
    case EXPR_GeneratorExp:
        return compile_comprehension(c, e, COMP_GENEXP, "<genexpr>", &e->v.GeneratorExp.generators,
                                     e->v.GeneratorExp.elt, NULL);
    case EXPR_ListComp:
        return compile_comprehension(c, e, COMP_LIST, "<listcomp>", &e->v.ListComp.generators,
                                     e->v.ListComp.elt, NULL);
    case EXPR_SetComp:
        return compile_comprehension(c, e, COMP_SET, "<setcomp>", &e->v.SetComp.generators,
                                     e->v.SetComp.elt, NULL);
    case EXPR_DictComp:
        return compile_comprehension(c, e, COMP_DICT, "<dictcomp>", &e->v.DictComp.generators,
                                     e->v.DictComp.key, e->v.DictComp.value);
    case EXPR_Yield:
        if (c->u->ste->type != BLOCK_FUNCTION) return compiler_error(c, "'yield' outside function", NULL);
        if (e->v.Yield.value) TRY(visit_expr(c, e->v.Yield.value));
        else TRY(emit_none(c));
        return emit(c, OP_YIELD_VALUE, 0);
    case EXPR_YieldFrom: {
        if (c->u->ste->type != BLOCK_FUNCTION) return compiler_error(c, "'yield' outside function", NULL);
        TRY(visit_expr(c, e->v.YieldFrom.value));
        EMIT0(OP_GET_YIELD_FROM_ITER);
        TRY(emit_none(c));
        NEW_LABEL(start);
        NEW_LABEL(exit);
        use_label(c, start);
        EMIT(OP_SEND, exit);
        EMIT0(OP_YIELD_VALUE);
        EMIT(OP_JUMP, start);
        use_label(c, exit);
        return 0;
    }
    case EXPR_Await:
        if (c->u->ste->type != BLOCK_FUNCTION) return compiler_error(c, "'await' outside function", NULL);
        return compiler_error(c, "'await' outside async function", NULL);
    case EXPR_Compare: return compile_compare(c, e);
    case EXPR_Call: return compile_call(c, e);
    case EXPR_FormattedValue: return compile_formatted_value(c, e);
    case EXPR_JoinedStr: return compile_joined_str(c, e);
    case EXPR_Constant: return -1; /* handled by folding above */
    case EXPR_Attribute:
        TRY(visit_expr(c, e->v.Attribute.value));
        switch (e->v.Attribute.ctx) {
        case CTX_Load: {
            PhCodePos old = c->u->loc;
            if (e->end_lineno != e->lineno) {
                c->u->loc.line = e->end_lineno;
                c->u->loc.col = -1;
            }
            int rc = emit_name_op(c, OP_LOAD_ATTR, e->v.Attribute.attr);
            c->u->loc = old;
            return rc;
        }
        case CTX_Store: return emit_name_op(c, OP_STORE_ATTR, e->v.Attribute.attr);
        case CTX_Del: return emit_name_op(c, OP_DELETE_ATTR, e->v.Attribute.attr);
        }
        return 0;
    case EXPR_Subscript:
        TRY(visit_expr(c, e->v.Subscript.value));
        TRY(visit_expr(c, e->v.Subscript.slice));
        switch (e->v.Subscript.ctx) {
        case CTX_Load: return emit(c, OP_BINARY_SUBSCR, 0);
        case CTX_Store: return emit(c, OP_STORE_SUBSCR, 0);
        case CTX_Del: return emit(c, OP_DELETE_SUBSCR, 0);
        }
        return 0;
    case EXPR_Starred:
        if (e->v.Starred.ctx == CTX_Store)
            return compiler_error(c, "starred assignment target must be in a list or tuple", NULL);
        return compiler_error(c, "can't use starred expression here", NULL);
    case EXPR_Name:
        if (k) return emit_const(c, k); /* __debug__ */
        return compile_nameop(c, e->v.Name.id, e->v.Name.ctx);
    case EXPR_List:
        if (e->v.List.ctx == CTX_Store) return assignment_helper(c, &e->v.List.elts);
        if (e->v.List.ctx == CTX_Del) {
            for (int i = 0; i < e->v.List.elts.count; i++) TRY(visit_expr(c, e->v.List.elts.items[i]));
            return 0;
        }
        return starunpack(c, &e->v.List.elts, OP_BUILD_LIST, OP_LIST_APPEND, OP_LIST_EXTEND, 0);
    case EXPR_Tuple:
        if (e->v.Tuple.ctx == CTX_Store) return assignment_helper(c, &e->v.Tuple.elts);
        if (e->v.Tuple.ctx == CTX_Del) {
            for (int i = 0; i < e->v.Tuple.elts.count; i++) TRY(visit_expr(c, e->v.Tuple.elts.items[i]));
            return 0;
        }
        return starunpack(c, &e->v.Tuple.elts, OP_BUILD_LIST, OP_LIST_APPEND, OP_LIST_EXTEND, 1);
    case EXPR_Slice: {
        int n = 2;
        if (e->v.Slice.lower) TRY(visit_expr(c, e->v.Slice.lower));
        else TRY(emit_none(c));
        if (e->v.Slice.upper) TRY(visit_expr(c, e->v.Slice.upper));
        else TRY(emit_none(c));
        if (e->v.Slice.step) {
            TRY(visit_expr(c, e->v.Slice.step));
            n = 3;
        }
        return emit(c, OP_BUILD_SLICE, n);
    }
    }
    return 0;
}

static int visit_expr(Compiler *c, const Expr *e)
{
    PhCodePos old = c->u->loc;
    set_loc_expr(c, e);
    int rc = visit_expr1(c, e);
    c->u->loc = old;
    return rc;
}

/* ---- statements ------------------------------------------------------------------------------ */

static int compile_augassign(Compiler *c, const Stmt *s)
{
    const Expr *t = s->v.AugAssign.target;
    int op = binop_for(s->v.AugAssign.op);
    PhCodePos old = c->u->loc;
    switch (t->kind) {
    case EXPR_Attribute:
        TRY(visit_expr(c, t->v.Attribute.value));
        EMIT(OP_COPY, 1);
        set_loc_expr(c, t);
        TRY(emit_name_op(c, OP_LOAD_ATTR, t->v.Attribute.attr));
        c->u->loc = old;
        TRY(visit_expr(c, s->v.AugAssign.value));
        EMIT(OP_INPLACE_OP, op);
        EMIT(OP_SWAP, 2);
        set_loc_expr(c, t);
        TRY(emit_name_op(c, OP_STORE_ATTR, t->v.Attribute.attr));
        break;
    case EXPR_Subscript:
        TRY(visit_expr(c, t->v.Subscript.value));
        TRY(visit_expr(c, t->v.Subscript.slice));
        EMIT(OP_COPY, 2);
        EMIT(OP_COPY, 2);
        set_loc_expr(c, t);
        EMIT0(OP_BINARY_SUBSCR);
        c->u->loc = old;
        TRY(visit_expr(c, s->v.AugAssign.value));
        EMIT(OP_INPLACE_OP, op);
        EMIT(OP_SWAP, 3);
        EMIT(OP_SWAP, 2);
        set_loc_expr(c, t);
        EMIT0(OP_STORE_SUBSCR);
        break;
    case EXPR_Name:
        set_loc_expr(c, t);
        TRY(compile_nameop(c, t->v.Name.id, CTX_Load));
        c->u->loc = old;
        TRY(visit_expr(c, s->v.AugAssign.value));
        EMIT(OP_INPLACE_OP, op);
        set_loc_expr(c, t);
        TRY(compile_nameop(c, t->v.Name.id, CTX_Store));
        break;
    default:
        return compiler_error(c, "invalid node type for augmented assignment", NULL);
    }
    c->u->loc = old;
    return 0;
}

static int compile_annassign(Compiler *c, const Stmt *s)
{
    const Expr *t = s->v.AnnAssign.target;
    if (s->v.AnnAssign.value) {
        TRY(visit_expr(c, s->v.AnnAssign.value));
        TRY(visit_expr(c, t));
    }
    bool module_or_class = c->u->kind == UNIT_MODULE || c->u->kind == UNIT_CLASS;
    switch (t->kind) {
    case EXPR_Name:
        if (s->v.AnnAssign.simple && module_or_class) {
            TRY(visit_expr(c, s->v.AnnAssign.annotation));
            TRY(compile_nameop(c, "__annotations__", CTX_Load));
            const char *m = mangle(c, t->v.Name.id);
            if (!m) return -1;
            TRY(emit_const_steal(c, intern_name(c->S, m)));
            EMIT0(OP_STORE_SUBSCR);
        }
        break;
    case EXPR_Attribute:
        if (!s->v.AnnAssign.value) {
            TRY(visit_expr(c, t->v.Attribute.value));
            EMIT0(OP_POP_TOP);
        }
        break;
    case EXPR_Subscript:
        if (!s->v.AnnAssign.value) {
            TRY(visit_expr(c, t->v.Subscript.value));
            EMIT0(OP_POP_TOP);
            TRY(visit_expr(c, t->v.Subscript.slice));
            EMIT0(OP_POP_TOP);
        }
        break;
    default:
        return compiler_error(c, "invalid node type for annotated assignment", NULL);
    }
    /* Non-simple targets still evaluate their annotation in modules and
     * classes. */
    if (!s->v.AnnAssign.simple && module_or_class) {
        TRY(visit_expr(c, s->v.AnnAssign.annotation));
        EMIT0(OP_POP_TOP);
    }
    return 0;
}

/* The clean-up a control transfer out of fblock fb needs
 * (CPython's compiler_unwind_fblock). */
static int unwind_fblock(Compiler *c, FBlock *fb, int preserve_tos)
{
    switch (fb->type) {
    case FB_WHILE_LOOP:
    case FB_EXCEPTION_HANDLER: return 0;
    case FB_FOR_LOOP:
        if (preserve_tos) EMIT(OP_SWAP, 2);
        EMIT0(OP_POP_TOP); /* the iterator */
        return 0;
    case FB_TRY_EXCEPT: EMIT0(OP_POP_BLOCK); return 0;
    case FB_FINALLY_TRY:
        EMIT0(OP_POP_BLOCK);
        if (preserve_tos) TRY(push_fblock(c, FB_POP_VALUE, -1, -1, NULL));
        TRY(visit_stmts(c, (const StmtSeq *)fb->datum));
        if (preserve_tos) pop_fblock(c);
        return 0;
    case FB_FINALLY_END:
        if (preserve_tos) EMIT(OP_SWAP, 2);
        EMIT0(OP_POP_TOP); /* the exception */
        if (preserve_tos) EMIT(OP_SWAP, 2);
        EMIT0(OP_POP_BLOCK);
        EMIT0(OP_POP_EXCEPT);
        return 0;
    case FB_WITH:
        EMIT0(OP_POP_BLOCK);
        if (preserve_tos) EMIT(OP_SWAP, 2);
        TRY(emit_none(c));
        TRY(emit_none(c));
        TRY(emit_none(c));
        EMIT(OP_CALL, 3);
        EMIT0(OP_POP_TOP);
        return 0;
    case FB_HANDLER_CLEANUP:
        if (fb->datum) EMIT0(OP_POP_BLOCK);
        if (preserve_tos) EMIT(OP_SWAP, 2);
        EMIT0(OP_POP_BLOCK);
        EMIT0(OP_POP_EXCEPT);
        if (fb->datum) {
            TRY(emit_none(c));
            TRY(compile_nameop(c, (const char *)fb->datum, CTX_Store));
            TRY(compile_nameop(c, (const char *)fb->datum, CTX_Del));
        }
        return 0;
    case FB_POP_VALUE:
        if (preserve_tos) EMIT(OP_SWAP, 2);
        EMIT0(OP_POP_TOP);
        return 0;
    }
    return 0;
}

/* Unwinds the fblocks down to the innermost loop (stopping there, *loop
 * set) or all of them (loop NULL). The blocks are restored afterwards: the
 * code after a break/continue/return is still inside them. */
static int unwind_fblock_stack(Compiler *c, int preserve_tos, FBlock **loop)
{
    Unit *u = c->u;
    if (u->nfblocks == 0) return 0;
    FBlock *top = &u->fblocks[u->nfblocks - 1];
    if (loop && (top->type == FB_WHILE_LOOP || top->type == FB_FOR_LOOP)) {
        *loop = top;
        return 0;
    }
    FBlock copy = *top;
    u->nfblocks--;
    if (unwind_fblock(c, &copy, preserve_tos) < 0) return -1;
    if (unwind_fblock_stack(c, preserve_tos, loop) < 0) return -1;
    u->fblocks[u->nfblocks++] = copy;
    return 0;
}

static int compile_return(Compiler *c, const Stmt *s)
{
    const Expr *v = s->v.Return.value;
    if (!unit_is_function(c->u)) return compiler_error(c, "'return' outside function", NULL);
    int err = 0;
    PhObject *k = v ? constant_of(c, v, &err) : NULL;
    if (err) return -1;
    int preserve_tos = v && !k;
    if (preserve_tos) TRY(visit_expr(c, v));
    TRY(unwind_fblock_stack(c, preserve_tos, NULL));
    if (!v) TRY(emit_none(c));
    else if (!preserve_tos) {
        PhCodePos old = c->u->loc;
        set_loc_expr(c, v);
        int rc = emit_const(c, k);
        c->u->loc = old;
        TRY(rc);
    }
    return emit(c, OP_RETURN_VALUE, 0);
}

static int compile_break_continue(Compiler *c, int is_break)
{
    FBlock *loop = NULL;
    TRY(unwind_fblock_stack(c, 0, &loop));
    if (!loop)
        return compiler_error(c, is_break ? "'break' outside loop" : "'continue' not properly in loop", NULL);
    if (is_break) {
        TRY(unwind_fblock(c, loop, 0));
        return emit(c, OP_JUMP, loop->exit);
    }
    return emit(c, OP_JUMP, loop->block);
}

static int compile_for(Compiler *c, const Stmt *s)
{
    NEW_LABEL(start);
    NEW_LABEL(cleanup);
    NEW_LABEL(end);
    TRY(visit_iterable_operand(c, s->v.For.iter));
    EMIT0(OP_GET_ITER);
    use_label(c, start);
    TRY(push_fblock(c, FB_FOR_LOOP, start, end, NULL));
    EMIT(OP_FOR_ITER, cleanup);
    TRY(visit_expr(c, s->v.For.target));
    TRY(visit_stmts(c, &s->v.For.body));
    set_loc_stmt(c, s);
    c->u->loc.end_line = c->u->loc.line;
    TRY(emit_full(c, OP_JUMP, start, 1));
    use_label(c, cleanup);
    pop_fblock(c);
    TRY(visit_stmts(c, &s->v.For.orelse));
    use_label(c, end);
    return 0;
}

static int compile_while(Compiler *c, const Stmt *s)
{
    NEW_LABEL(loop);
    NEW_LABEL(anchor);
    NEW_LABEL(end);
    use_label(c, loop);
    TRY(push_fblock(c, FB_WHILE_LOOP, loop, end, NULL));
    TRY(jump_if(c, s->v.While.test, anchor, 0));
    TRY(visit_stmts(c, &s->v.While.body));
    set_loc_stmt(c, s);
    TRY(emit_full(c, OP_JUMP, loop, 1));
    pop_fblock(c);
    use_label(c, anchor);
    TRY(visit_stmts(c, &s->v.While.orelse));
    use_label(c, end);
    return 0;
}

static int compile_if(Compiler *c, const Stmt *s)
{
    NEW_LABEL(end);
    int next = end;
    if (s->v.If.orelse.count) {
        next = new_label(c);
        if (next < 0) return -1;
    }
    TRY(jump_if(c, s->v.If.test, next, 0));
    TRY(visit_stmts(c, &s->v.If.body));
    if (s->v.If.orelse.count) {
        TRY(emit_full(c, OP_JUMP, end, 1));
        use_label(c, next);
        TRY(visit_stmts(c, &s->v.If.orelse));
    }
    use_label(c, end);
    return 0;
}

/* [prev_exc, exc] -> restores the handled exception and re-raises. */
static int pop_except_and_reraise(Compiler *c)
{
    TRY(emit_full(c, OP_COPY, 2, 1));
    TRY(emit_full(c, OP_POP_EXCEPT, 0, 1));
    return emit_full(c, OP_RERAISE, 0, 1);
}

static int compile_try_except(Compiler *c, const Stmt *s)
{
    NEW_LABEL(except);
    NEW_LABEL(end);
    NEW_LABEL(cleanup);
    EMIT(OP_SETUP_FINALLY, except);
    TRY(push_fblock(c, FB_TRY_EXCEPT, -1, -1, NULL));
    TRY(visit_stmts(c, &s->v.Try.body));
    pop_fblock(c);
    EMIT0(OP_POP_BLOCK);
    TRY(visit_stmts(c, &s->v.Try.orelse));
    TRY(emit_full(c, OP_JUMP, end, 1));
    int n = s->v.Try.handlers.count;
    use_label(c, except);
    EMIT(OP_SETUP_CLEANUP, cleanup);
    TRY(emit_full(c, OP_PUSH_EXC_INFO, 0, 1));
    TRY(push_fblock(c, FB_EXCEPTION_HANDLER, -1, -1, NULL));
    for (int i = 0; i < n; i++) {
        const ExceptHandler *h = s->v.Try.handlers.items[i];
        c->u->loc = (PhCodePos){h->lineno, h->end_lineno, h->col_offset, h->end_col_offset};
        if (!h->type && i < n - 1) return compiler_error(c, "default 'except:' must be last", NULL);
        NEW_LABEL(next_except);
        if (h->type) {
            TRY(visit_expr(c, h->type));
            EMIT0(OP_CHECK_EXC_MATCH);
            EMIT(OP_POP_JUMP_IF_FALSE, next_except);
        }
        if (h->name) {
            NEW_LABEL(cleanup_end);
            TRY(compile_nameop(c, h->name, CTX_Store));
            /* try: body finally: name = None; del name */
            EMIT(OP_SETUP_CLEANUP, cleanup_end);
            TRY(push_fblock(c, FB_HANDLER_CLEANUP, -1, -1, h->name));
            TRY(visit_stmts(c, &h->body));
            pop_fblock(c);
            EMIT0(OP_POP_BLOCK);
            EMIT0(OP_POP_BLOCK);
            TRY(emit_full(c, OP_POP_EXCEPT, 0, 1));
            TRY(emit_full(c, OP_LOAD_CONST, add_const(c, PH_NONE(c->S)), 1));
            TRY(compile_nameop(c, h->name, CTX_Store));
            c->u->instrs[c->u->ninstrs - 1].artificial = 1;
            TRY(compile_nameop(c, h->name, CTX_Del));
            c->u->instrs[c->u->ninstrs - 1].artificial = 1;
            TRY(emit_full(c, OP_JUMP, end, 1));
            use_label(c, cleanup_end);
            TRY(emit_full(c, OP_LOAD_CONST, add_const(c, PH_NONE(c->S)), 1));
            TRY(compile_nameop(c, h->name, CTX_Store));
            c->u->instrs[c->u->ninstrs - 1].artificial = 1;
            TRY(compile_nameop(c, h->name, CTX_Del));
            c->u->instrs[c->u->ninstrs - 1].artificial = 1;
            TRY(emit_full(c, OP_RERAISE, 0, 1));
        } else {
            EMIT0(OP_POP_TOP);
            TRY(push_fblock(c, FB_HANDLER_CLEANUP, -1, -1, NULL));
            TRY(visit_stmts(c, &h->body));
            pop_fblock(c);
            EMIT0(OP_POP_BLOCK);
            TRY(emit_full(c, OP_POP_EXCEPT, 0, 1));
            TRY(emit_full(c, OP_JUMP, end, 1));
        }
        use_label(c, next_except);
    }
    pop_fblock(c);
    TRY(emit_full(c, OP_RERAISE, 0, 1));
    use_label(c, cleanup);
    TRY(pop_except_and_reraise(c));
    use_label(c, end);
    return 0;
}

static int compile_try_finally(Compiler *c, const Stmt *s)
{
    NEW_LABEL(end);
    NEW_LABEL(exit);
    NEW_LABEL(cleanup);
    const StmtSeq *finalbody = &s->v.Try.finalbody;
    EMIT(OP_SETUP_FINALLY, end);
    TRY(push_fblock(c, FB_FINALLY_TRY, -1, -1, finalbody));
    if (s->v.Try.handlers.count) TRY(compile_try_except(c, s));
    else TRY(visit_stmts(c, &s->v.Try.body));
    EMIT0(OP_POP_BLOCK);
    pop_fblock(c);
    TRY(visit_stmts(c, finalbody));
    TRY(emit_full(c, OP_JUMP, exit, 1));
    use_label(c, end);
    EMIT(OP_SETUP_CLEANUP, cleanup);
    TRY(emit_full(c, OP_PUSH_EXC_INFO, 0, 1));
    TRY(push_fblock(c, FB_FINALLY_END, -1, -1, NULL));
    TRY(visit_stmts(c, finalbody));
    pop_fblock(c);
    TRY(emit_full(c, OP_RERAISE, 0, 1));
    use_label(c, cleanup);
    TRY(pop_except_and_reraise(c));
    use_label(c, exit);
    return 0;
}

static int compile_with(Compiler *c, const Stmt *s, int pos)
{
    const WithItem *item = s->v.With.items.items[pos];
    NEW_LABEL(final);
    NEW_LABEL(exit);
    NEW_LABEL(cleanup);
    NEW_LABEL(suppress);
    TRY(visit_expr(c, item->context_expr));
    set_loc_stmt(c, s);
    EMIT0(OP_BEFORE_WITH);
    EMIT(OP_SETUP_WITH, final);
    TRY(push_fblock(c, FB_WITH, -1, -1, s));
    if (item->optional_vars) TRY(visit_expr(c, item->optional_vars));
    else EMIT0(OP_POP_TOP);
    if (pos + 1 == s->v.With.items.count) TRY(visit_stmts(c, &s->v.With.body));
    else TRY(compile_with(c, s, pos + 1));
    pop_fblock(c);
    EMIT0(OP_POP_BLOCK);
    /* Normal exit: __exit__(None, None, None). */
    set_loc_stmt(c, s);
    c->u->loc.end_line = c->u->loc.line;
    TRY(emit_none(c));
    TRY(emit_none(c));
    TRY(emit_none(c));
    EMIT(OP_CALL, 3);
    EMIT0(OP_POP_TOP);
    TRY(emit_full(c, OP_JUMP, exit, 1));
    /* Exceptional exit: [exit, exc]. */
    use_label(c, final);
    EMIT(OP_SETUP_CLEANUP, cleanup);
    EMIT0(OP_PUSH_EXC_INFO);
    EMIT0(OP_WITH_EXCEPT_START);
    EMIT(OP_POP_JUMP_IF_TRUE, suppress);
    TRY(emit_full(c, OP_RERAISE, 0, 1));
    use_label(c, suppress);
    EMIT0(OP_POP_TOP); /* the exception */
    EMIT0(OP_POP_BLOCK);
    EMIT0(OP_POP_EXCEPT);
    EMIT0(OP_POP_TOP); /* __exit__ */
    TRY(emit_full(c, OP_JUMP, exit, 1));
    use_label(c, cleanup);
    TRY(pop_except_and_reraise(c));
    use_label(c, exit);
    return 0;
}

static int compile_import_as(Compiler *c, const char *name, const char *asname)
{
    const char *dot = strchr(name, '.');
    if (dot) {
        for (;;) {
            const char *start = dot + 1;
            dot = strchr(start, '.');
            size_t n = dot ? (size_t)(dot - start) : strlen(start);
            char *attr = ast_arena_strndup(c->arena, start, n);
            if (!attr) {
                err_no_memory(c->S);
                return -1;
            }
            int i = add_name(c, &c->u->names, attr);
            if (i < 0) return -1;
            EMIT(OP_IMPORT_FROM, i);
            if (!dot) break;
            EMIT(OP_SWAP, 2);
            EMIT0(OP_POP_TOP);
        }
        TRY(compile_nameop(c, asname, CTX_Store));
        EMIT0(OP_POP_TOP);
        return 0;
    }
    return compile_nameop(c, asname, CTX_Store);
}

static int compile_import(Compiler *c, const Stmt *s)
{
    for (int i = 0; i < s->v.Import.names.count; i++) {
        const Alias *a = s->v.Import.names.items[i];
        TRY(emit_const_steal(c, int_from_i64(c->S, 0)));
        TRY(emit_none(c));
        int idx = add_name(c, &c->u->names, a->name);
        if (idx < 0) return -1;
        EMIT(OP_IMPORT_NAME, idx);
        if (a->asname) {
            TRY(compile_import_as(c, a->name, a->asname));
        } else {
            const char *dot = strchr(a->name, '.');
            const char *store = a->name;
            if (dot) {
                store = ast_arena_strndup(c->arena, a->name, (size_t)(dot - a->name));
                if (!store) {
                    err_no_memory(c->S);
                    return -1;
                }
            }
            TRY(compile_nameop(c, store, CTX_Store));
        }
    }
    return 0;
}

static int compile_from_import(Compiler *c, const Stmt *s)
{
    const AliasSeq *names = &s->v.ImportFrom.names;
    const char *module = s->v.ImportFrom.module ? s->v.ImportFrom.module : "";
    /* `from __future__ import ...` only changes how code is compiled; the
     * features 3.11 has are all on. */
    if (strcmp(module, "__future__") == 0 && s->v.ImportFrom.level == 0) return 0;
    TRY(emit_const_steal(c, int_from_i64(c->S, s->v.ImportFrom.level)));
    PhObject *fromlist = tuple_new(c->S, names->count);
    if (!fromlist) return -1;
    for (int i = 0; i < names->count; i++) {
        PhObject *n = intern_name(c->S, names->items[i]->name);
        if (!n) {
            DECREF(c->S, fromlist);
            return -1;
        }
        TUPLE_SET(fromlist, i, n);
    }
    TRY(emit_const_steal(c, fromlist));
    int idx = add_name(c, &c->u->names, module);
    if (idx < 0) return -1;
    EMIT(OP_IMPORT_NAME, idx);
    for (int i = 0; i < names->count; i++) {
        const Alias *a = names->items[i];
        if (strcmp(a->name, "*") == 0) {
            EMIT0(OP_IMPORT_STAR);
            return 0;
        }
        int j = add_name(c, &c->u->names, a->name);
        if (j < 0) return -1;
        EMIT(OP_IMPORT_FROM, j);
        TRY(compile_nameop(c, a->asname ? a->asname : a->name, CTX_Store));
    }
    EMIT0(OP_POP_TOP);
    return 0;
}

static int compile_assert(Compiler *c, const Stmt *s)
{
    NEW_LABEL(end);
    TRY(jump_if(c, s->v.Assert.test, end, 1));
    EMIT0(OP_LOAD_ASSERTION_ERROR);
    if (s->v.Assert.msg) {
        TRY(visit_expr(c, s->v.Assert.msg));
        EMIT(OP_CALL, 1);
    }
    EMIT(OP_RAISE_VARARGS, 1);
    use_label(c, end);
    return 0;
}

static int compile_delete_target(Compiler *c, const Expr *t) { return visit_expr(c, t); }

static int visit_stmt(Compiler *c, const Stmt *s)
{
    set_loc_stmt(c, s);
    switch (s->kind) {
    case STMT_FunctionDef: return compile_function(c, s);
    case STMT_ClassDef: return compile_class(c, s);
    case STMT_Return: return compile_return(c, s);
    case STMT_Delete:
        for (int i = 0; i < s->v.Delete.targets.count; i++)
            TRY(compile_delete_target(c, s->v.Delete.targets.items[i]));
        return 0;
    case STMT_Assign: {
        const ExprSeq *t = &s->v.Assign.targets;
        TRY(visit_expr(c, s->v.Assign.value));
        for (int i = 0; i < t->count; i++) {
            if (i < t->count - 1) EMIT(OP_COPY, 1);
            TRY(visit_expr(c, t->items[i]));
        }
        return 0;
    }
    case STMT_AugAssign: return compile_augassign(c, s);
    case STMT_AnnAssign: return compile_annassign(c, s);
    case STMT_For: return compile_for(c, s);
    case STMT_While: return compile_while(c, s);
    case STMT_If: return compile_if(c, s);
    case STMT_With: return compile_with(c, s, 0);
    case STMT_Raise: {
        int n = 0;
        if (s->v.Raise.exc) {
            TRY(visit_expr(c, s->v.Raise.exc));
            n++;
            if (s->v.Raise.cause) {
                TRY(visit_expr(c, s->v.Raise.cause));
                n++;
            }
        }
        return emit(c, OP_RAISE_VARARGS, n);
    }
    case STMT_Try:
        if (s->v.Try.finalbody.count) return compile_try_finally(c, s);
        return compile_try_except(c, s);
    case STMT_TryStar: return compiler_error(c, "except* is not supported", NULL);
    case STMT_Assert: return compile_assert(c, s);
    case STMT_Import: return compile_import(c, s);
    case STMT_ImportFrom: return compile_from_import(c, s);
    case STMT_Global:
    case STMT_Nonlocal: return 0;
    case STMT_Expr: {
        const Expr *v = s->v.Expr.value;
        if (c->mode == COMPILE_SINGLE && c->u->kind == UNIT_MODULE) {
            TRY(visit_expr(c, v));
            return emit(c, OP_PRINT_EXPR, 0);
        }
        if (v->kind == EXPR_Constant) return emit(c, OP_NOP, 0);
        TRY(visit_expr(c, v));
        return emit(c, OP_POP_TOP, 0);
    }
    case STMT_Pass: return emit(c, OP_NOP, 0);
    case STMT_Break: return compile_break_continue(c, 1);
    case STMT_Continue: return compile_break_continue(c, 0);
    case STMT_AsyncFunctionDef:
    case STMT_AsyncFor:
    case STMT_AsyncWith: return compiler_error(c, "async code is not supported", NULL);
    case STMT_Match: return compiler_error(c, "the match statement is not supported", NULL);
    }
    return 0;
}

static int visit_stmts(Compiler *c, const StmtSeq *s)
{
    for (int i = 0; i < s->count; i++) TRY(visit_stmt(c, s->items[i]));
    return 0;
}

/* ---- entry point ------------------------------------------------------------------------------- */

static void *arena_heap_alloc(void *ctx, size_t n) { return heap_alloc((Heap *)ctx, n); }
static void arena_heap_free(void *ctx, void *p) { heap_free((Heap *)ctx, p); }

PhObject *compile_source(PhState *S, const char *src, size_t len, const char *filename, int mode)
{
    Compiler cc;
    Compiler *c = &cc;
    memset(c, 0, sizeof *c);
    c->S = S;
    c->filename = filename;
    c->src = src;
    c->srclen = len;
    c->mode = mode;
    PhObject *code = NULL;
    c->arena = ast_arena_new(arena_heap_alloc, arena_heap_free, mem_of(S)->heap);
    if (!c->arena) return err_no_memory(S);
    SyntaxErrorInfo err;
    memset(&err, 0, sizeof err);
    Module *mod = NULL;
    Expr *expr = NULL;
    if (mode == COMPILE_EVAL) expr = parse_expression(c->arena, src, len, filename, &err);
    else mod = parse_module(c->arena, src, len, filename, &err);
    if (!mod && !expr) {
        if (err.kind == SYNERR_NONE) err_no_memory(S);
        else raise_syntax_error(S, &err);
        goto done;
    }
    c->st = build_symtable(c->arena, mod, expr, filename, &err);
    if (!c->st) {
        raise_compile_error(c, &err);
        goto done;
    }
    c->filename_obj = str_from_cstr(S, filename);
    if (!c->filename_obj) goto done;
    if (enter_unit(c, UNIT_MODULE, "<module>", mod ? (const void *)mod : (const void *)expr, 1) < 0)
        goto done;
    int rc;
    if (expr) {
        set_loc_expr(c, expr);
        rc = visit_expr(c, expr);
        if (rc == 0) rc = emit_full(c, OP_RETURN_VALUE, 0, 1);
    } else {
        rc = compile_body(c, &mod->body);
        if (rc == 0) rc = emit_implicit_return(c);
    }
    if (rc == 0) code = exit_unit(c);
done:
    while (c->u) {
        Unit *u = c->u;
        c->u = u->parent;
        unit_free(S, u);
    }
    fold_free(c);
    objtab_free(S, &c->const_cache);
    XDECREF(S, c->filename_obj);
    ast_arena_free(c->arena);
    return code;
}
