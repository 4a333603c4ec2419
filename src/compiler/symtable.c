/* Symbol tables (CPython 3.11's symtable.c algorithm, written afresh).
 *
 * Pass 1 (build) walks the AST, opening a block for the module, each class,
 * function, lambda and comprehension, and records per name how the block
 * uses it (DEF_* flags). Errors about `global`/`nonlocal` placement,
 * duplicate parameters, `import *` and assignment expressions in
 * comprehensions are found here.
 *
 * Pass 2 (analyze) resolves every name to a scope, top-down then bottom-up:
 *   - explicit `global` -> GLOBAL_EXPLICIT; `nonlocal` -> FREE (must be bound
 *     in an enclosing function);
 *   - bound in the block -> LOCAL;
 *   - bound in an enclosing function -> FREE; otherwise GLOBAL_IMPLICIT;
 *   - a function's LOCAL that a nested block uses as FREE becomes CELL;
 *   - names free in a nested block and not bound here pass through as FREE;
 *   - a class body does not bind names for its methods, except __class__,
 *     which becomes a cell of the class when a method needs it.
 */
#include "compiler/symtable.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- string sets (arena-allocated, open addressing) ----------------------------- */

typedef struct NameSet {
    const char **slots;
    int cap, used;
} NameSet;

static unsigned hash_name(const char *s)
{
    unsigned h = 2166136261u;
    while (*s) h = (h ^ (unsigned char)*s++) * 16777619u;
    return h;
}

typedef struct Builder {
    AstArena *arena;
    const char *filename;
    SyntaxErrorInfo *err;
    SymBlock *cur;
    SymTable *table;
    int failed;
    int comp_iter_expr;   /* >0 while visiting a comprehension's iterable */
    int comp_iter_target; /* visiting a comprehension's target */
    struct Directive *directives; /* global/nonlocal statements seen, newest first */
} Builder;

static void *balloc(Builder *b, size_t n)
{
    void *p = ast_arena_alloc(b->arena, n);
    if (!p && !b->failed) {
        b->failed = 1;
        b->err->kind = SYNERR_SYNTAX;
        snprintf(b->err->msg, sizeof b->err->msg, "out of memory");
    }
    return p;
}

static int set_grow(AstArena *a, NameSet *s)
{
    int ncap = s->cap ? s->cap * 2 : 8;
    const char **n = ast_arena_alloc(a, sizeof(char *) * (size_t)ncap);
    if (!n) return -1;
    for (int i = 0; i < s->cap; i++) {
        const char *name = s->slots[i];
        if (!name) continue;
        unsigned j = hash_name(name) & (unsigned)(ncap - 1);
        while (n[j]) j = (j + 1) & (unsigned)(ncap - 1);
        n[j] = name;
    }
    s->slots = n;
    s->cap = ncap;
    return 0;
}

static bool set_has(const NameSet *s, const char *name)
{
    if (!s || !s->cap) return false;
    unsigned j = hash_name(name) & (unsigned)(s->cap - 1);
    while (s->slots[j]) {
        if (s->slots[j] != (const char *)1 && strcmp(s->slots[j], name) == 0) return true;
        j = (j + 1) & (unsigned)(s->cap - 1);
    }
    return false;
}

static int set_add(AstArena *a, NameSet *s, const char *name)
{
    if (set_has(s, name)) return 0;
    if ((s->used + 1) * 2 > s->cap && set_grow(a, s) < 0) return -1;
    unsigned j = hash_name(name) & (unsigned)(s->cap - 1);
    while (s->slots[j] && s->slots[j] != (const char *)1) j = (j + 1) & (unsigned)(s->cap - 1);
    s->slots[j] = name;
    s->used++;
    return 0;
}

/* Deletion leaves a tombstone ((char *)1) so probe chains stay intact. */
static void set_discard(NameSet *s, const char *name)
{
    if (!s->cap) return;
    unsigned j = hash_name(name) & (unsigned)(s->cap - 1);
    while (s->slots[j]) {
        if (s->slots[j] != (const char *)1 && strcmp(s->slots[j], name) == 0) {
            s->slots[j] = (const char *)1;
            s->used--;
            return;
        }
        j = (j + 1) & (unsigned)(s->cap - 1);
    }
}

static int set_update(AstArena *a, NameSet *dst, const NameSet *src)
{
    if (!src) return 0;
    for (int i = 0; i < src->cap; i++) {
        const char *n = src->slots[i];
        if (n && n != (const char *)1 && set_add(a, dst, n) < 0) return -1;
    }
    return 0;
}

/* ---- blocks and symbols ------------------------------------------------------------ */

static int block_index_grow(AstArena *a, SymBlock *blk)
{
    int ncap = blk->cap_index ? blk->cap_index * 2 : 16;
    int *idx = ast_arena_alloc(a, sizeof(int) * (size_t)ncap);
    if (!idx) return -1;
    for (int i = 0; i < ncap; i++) idx[i] = -1;
    for (int k = 0; k < blk->nsyms; k++) {
        unsigned j = hash_name(blk->syms[k].name) & (unsigned)(ncap - 1);
        while (idx[j] >= 0) j = (j + 1) & (unsigned)(ncap - 1);
        idx[j] = k;
    }
    blk->index = idx;
    blk->cap_index = ncap;
    return 0;
}

static Symbol *block_find(SymBlock *blk, const char *name)
{
    if (!blk->cap_index) return NULL;
    unsigned j = hash_name(name) & (unsigned)(blk->cap_index - 1);
    while (blk->index[j] >= 0) {
        Symbol *s = &blk->syms[blk->index[j]];
        if (strcmp(s->name, name) == 0) return s;
        j = (j + 1) & (unsigned)(blk->cap_index - 1);
    }
    return NULL;
}

/* Finds or creates the symbol (name already mangled). */
static Symbol *block_get(AstArena *a, SymBlock *blk, const char *name)
{
    Symbol *s = block_find(blk, name);
    if (s) return s;
    if (blk->nsyms == blk->cap_syms) {
        int ncap = blk->cap_syms ? blk->cap_syms * 2 : 8;
        Symbol *n = ast_arena_alloc(a, sizeof(Symbol) * (size_t)ncap);
        if (!n) return NULL;
        if (blk->nsyms) memcpy(n, blk->syms, sizeof(Symbol) * (size_t)blk->nsyms);
        blk->syms = n;
        blk->cap_syms = ncap;
    }
    if ((blk->nsyms + 1) * 2 > blk->cap_index && block_index_grow(a, blk) < 0) return NULL;
    s = &blk->syms[blk->nsyms];
    memset(s, 0, sizeof *s);
    s->name = name;
    unsigned j = hash_name(name) & (unsigned)(blk->cap_index - 1);
    while (blk->index[j] >= 0) j = (j + 1) & (unsigned)(blk->cap_index - 1);
    blk->index[j] = blk->nsyms++;
    return s;
}

Symbol *symblock_lookup(SymBlock *b, const char *name) { return block_find(b, name); }

SymScope symblock_scope(SymBlock *b, const char *name)
{
    Symbol *s = block_find(b, name);
    return s ? s->scope : SCOPE_NONE;
}

SymBlock *symtable_child(SymBlock *b, const void *key)
{
    for (int i = 0; i < b->nchildren; i++)
        if (b->children[i]->key == key) return b->children[i];
    return NULL;
}

const char *symtable_mangle(AstArena *arena, const char *priv, const char *name)
{
    if (!priv || name[0] != '_' || name[1] != '_') return name;
    size_t n = strlen(name);
    /* Dunder names and dotted names (import a.b) are left alone. */
    if ((n >= 4 && name[n - 1] == '_' && name[n - 2] == '_') || strchr(name, '.')) return name;
    while (*priv == '_') priv++;
    if (!*priv) return name; /* class name made only of underscores */
    size_t pn = strlen(priv);
    char *out = ast_arena_alloc(arena, 1 + pn + n + 1);
    if (!out) return NULL;
    out[0] = '_';
    memcpy(out + 1, priv, pn);
    memcpy(out + 1 + pn, name, n + 1);
    return out;
}

/* ---- errors ------------------------------------------------------------------------- */

static int error_at(Builder *b, int lineno, int col, int end_lineno, int end_col,
                    const char *fmt, const char *name)
{
    if (b->failed) return -1;
    b->failed = 1;
    SyntaxErrorInfo *e = b->err;
    memset(e, 0, sizeof *e);
    e->kind = SYNERR_SYNTAX;
    snprintf(e->msg, sizeof e->msg, fmt, name);
    snprintf(e->filename, sizeof e->filename, "%s", b->filename ? b->filename : "<unknown>");
    /* Columns here are byte offsets (+1); compile.c converts them to
     * characters when it builds the SyntaxError. */
    e->lineno = lineno;
    e->offset = col + 1;
    e->end_lineno = end_lineno;
    e->end_offset = end_col + 1;
    e->text = NULL;
    return -1;
}

/* ---- pass 1: building ------------------------------------------------------------------ */

static int add_def_in(Builder *b, SymBlock *blk, const char *name, int flag, int lineno,
                      int col, int end_lineno, int end_col)
{
    const char *mangled = symtable_mangle(b->arena, blk->private_name, name);
    if (!mangled) return -1;
    Symbol *s = block_get(b->arena, blk, mangled);
    if (!s) return -1;
    if ((flag & DEF_PARAM) && (s->flags & DEF_PARAM))
        return error_at(b, lineno, col, end_lineno, end_col,
                        "duplicate argument '%s' in function definition", name);
    s->flags |= flag;
    if (flag & DEF_PARAM) {
        if (!blk->params || (blk->nparams & (blk->nparams - 1)) == 0) {
            int ncap = blk->nparams ? blk->nparams * 2 : 4;
            const char **np = balloc(b, sizeof(char *) * (size_t)ncap);
            if (!np) return -1;
            if (blk->nparams) memcpy(np, blk->params, sizeof(char *) * (size_t)blk->nparams);
            blk->params = np;
        }
        blk->params[blk->nparams++] = mangled;
    }
    return 0;
}

static int add_def(Builder *b, const char *name, int flag, int lineno, int col, int end_lineno,
                   int end_col)
{
    return add_def_in(b, b->cur, name, flag, lineno, col, end_lineno, end_col);
}

#define EPOS(e) (e)->lineno, (e)->col_offset, (e)->end_lineno, (e)->end_col_offset

static SymBlock *enter_block(Builder *b, BlockType type, const char *name, const void *key,
                             int lineno, int col)
{
    SymBlock *blk = balloc(b, sizeof(SymBlock));
    if (!blk) return NULL;
    memset(blk, 0, sizeof *blk);
    blk->type = type;
    blk->name = name;
    blk->key = key;
    blk->lineno = lineno;
    blk->col_offset = col;
    SymBlock *parent = b->cur;
    blk->parent = parent;
    if (parent) {
        blk->nested = parent->nested || parent->type == BLOCK_FUNCTION;
        blk->private_name = parent->private_name;
        if (parent->nchildren == parent->cap_children) {
            int ncap = parent->cap_children ? parent->cap_children * 2 : 4;
            SymBlock **n = balloc(b, sizeof(SymBlock *) * (size_t)ncap);
            if (!n) return NULL;
            if (parent->nchildren)
                memcpy(n, parent->children, sizeof(SymBlock *) * (size_t)parent->nchildren);
            parent->children = n;
            parent->cap_children = ncap;
        }
        parent->children[parent->nchildren++] = blk;
    }
    b->cur = blk;
    return blk;
}

static void exit_block(Builder *b) { b->cur = b->cur->parent; }

static int visit_expr(Builder *b, const Expr *e);
static int visit_stmts(Builder *b, const StmtSeq *s);

static int visit_exprs(Builder *b, const ExprSeq *s)
{
    for (int i = 0; i < s->count; i++)
        if (s->items[i] && visit_expr(b, s->items[i]) < 0) return -1;
    return 0;
}

static int visit_opt(Builder *b, const Expr *e) { return e ? visit_expr(b, e) : 0; }

static int visit_keywords(Builder *b, const KeywordSeq *k)
{
    for (int i = 0; i < k->count; i++)
        if (visit_expr(b, k->items[i]->value) < 0) return -1;
    return 0;
}

static int visit_params(Builder *b, const ArgSeq *args)
{
    for (int i = 0; i < args->count; i++) {
        const Arg *a = args->items[i];
        if (add_def(b, a->arg, DEF_PARAM, a->lineno, a->col_offset, a->end_lineno,
                    a->end_col_offset) < 0)
            return -1;
    }
    return 0;
}

/* Parameters in co_varnames order: positional-only, positional, keyword-only,
 * *args, **kwargs. */
static int visit_arguments(Builder *b, const Arguments *a)
{
    if (visit_params(b, &a->posonlyargs) < 0 || visit_params(b, &a->args) < 0 ||
        visit_params(b, &a->kwonlyargs) < 0)
        return -1;
    if (a->vararg) {
        if (add_def(b, a->vararg->arg, DEF_PARAM, a->vararg->lineno, a->vararg->col_offset,
                    a->vararg->end_lineno, a->vararg->end_col_offset) < 0)
            return -1;
        b->cur->varargs = true;
    }
    if (a->kwarg) {
        if (add_def(b, a->kwarg->arg, DEF_PARAM, a->kwarg->lineno, a->kwarg->col_offset,
                    a->kwarg->end_lineno, a->kwarg->end_col_offset) < 0)
            return -1;
        b->cur->varkeywords = true;
    }
    return 0;
}

static int visit_arg_annotations(Builder *b, const ArgSeq *args)
{
    for (int i = 0; i < args->count; i++)
        if (visit_opt(b, args->items[i]->annotation) < 0) return -1;
    return 0;
}

/* Annotations and defaults are evaluated in the enclosing block. */
static int visit_signature_outer(Builder *b, const Arguments *a, const Expr *returns)
{
    if (visit_exprs(b, &a->defaults) < 0 || visit_exprs(b, &a->kw_defaults) < 0) return -1;
    if (visit_arg_annotations(b, &a->posonlyargs) < 0 || visit_arg_annotations(b, &a->args) < 0 ||
        visit_arg_annotations(b, &a->kwonlyargs) < 0)
        return -1;
    if (a->vararg && visit_opt(b, a->vararg->annotation) < 0) return -1;
    if (a->kwarg && visit_opt(b, a->kwarg->annotation) < 0) return -1;
    return visit_opt(b, returns);
}

/* Where a global/nonlocal statement (or an assignment expression in a
 * comprehension) named a symbol: errors found during analysis point there. */
typedef struct Directive {
    const char *name;
    const SymBlock *blk;
    int lineno, col, end_lineno, end_col;
    struct Directive *next;
} Directive;

static int visit_directive(Builder *b, const Stmt *s, int is_global)
{
    const IdentSeq *names = is_global ? &s->v.Global.names : &s->v.Nonlocal.names;
    const char *what = is_global ? "global" : "nonlocal";
    for (int i = 0; i < names->count; i++) {
        const char *name = names->items[i];
        const char *mangled = symtable_mangle(b->arena, b->cur->private_name, name);
        if (!mangled) return -1;
        Symbol *sym = block_get(b->arena, b->cur, mangled);
        if (!sym) return -1;
        int cur = sym->flags;
        if (cur & (DEF_PARAM | DEF_LOCAL | USE | DEF_ANNOT)) {
            char fmt[96];
            if (cur & DEF_PARAM) snprintf(fmt, sizeof fmt, "name '%%s' is parameter and %s", what);
            else if (cur & USE)
                snprintf(fmt, sizeof fmt, "name '%%s' is used prior to %s declaration", what);
            else if (cur & DEF_ANNOT)
                snprintf(fmt, sizeof fmt, "annotated name '%%s' can't be %s", what);
            else
                snprintf(fmt, sizeof fmt, "name '%%s' is assigned to before %s declaration",
                         what);
            return error_at(b, s->lineno, s->col_offset, s->end_lineno, s->end_col_offset, fmt,
                            name);
        }
        Directive *d = balloc(b, sizeof(Directive));
        if (!d) return -1;
        d->name = sym->name;
        d->blk = b->cur;
        d->lineno = s->lineno;
        d->col = s->col_offset;
        d->end_lineno = s->end_lineno;
        d->end_col = s->end_col_offset;
        d->next = b->directives;
        b->directives = d;
        sym->flags |= is_global ? DEF_GLOBAL : DEF_NONLOCAL;
    }
    return 0;
}

static int visit_alias(Builder *b, const Alias *a, const Stmt *st)
{
    const char *store = a->asname ? a->asname : a->name;
    if (strcmp(a->name, "*") == 0) {
        if (b->cur->type != BLOCK_MODULE)
            return error_at(b, a->lineno, a->col_offset, a->end_lineno, a->end_col_offset,
                            "import * only allowed at module level%s", "");
        return 0;
    }
    if (!a->asname) {
        const char *dot = strchr(a->name, '.');
        if (dot) {
            store = ast_arena_strndup(b->arena, a->name, (size_t)(dot - a->name));
            if (!store) return -1;
        }
    }
    return add_def(b, store, DEF_IMPORT, a->lineno, a->col_offset, a->end_lineno,
                   a->end_col_offset);
}

static int visit_stmt(Builder *b, const Stmt *s)
{
    switch (s->kind) {
    case STMT_FunctionDef:
    case STMT_AsyncFunctionDef: {
        if (add_def(b, s->v.FunctionDef.name, DEF_LOCAL, s->lineno, s->col_offset,
                    s->end_lineno, s->end_col_offset) < 0)
            return -1;
        if (visit_signature_outer(b, s->v.FunctionDef.args, s->v.FunctionDef.returns) < 0 ||
            visit_exprs(b, &s->v.FunctionDef.decorator_list) < 0)
            return -1;
        int lineno = s->lineno;
        if (s->v.FunctionDef.decorator_list.count) lineno = s->v.FunctionDef.decorator_list.items[0]->lineno;
        if (!enter_block(b, BLOCK_FUNCTION, s->v.FunctionDef.name, s, lineno, s->col_offset))
            return -1;
        if (visit_arguments(b, s->v.FunctionDef.args) < 0 ||
            visit_stmts(b, &s->v.FunctionDef.body) < 0)
            return -1;
        exit_block(b);
        return 0;
    }
    case STMT_ClassDef: {
        if (add_def(b, s->v.ClassDef.name, DEF_LOCAL, s->lineno, s->col_offset, s->end_lineno,
                    s->end_col_offset) < 0)
            return -1;
        if (visit_exprs(b, &s->v.ClassDef.bases) < 0 ||
            visit_keywords(b, &s->v.ClassDef.keywords) < 0 ||
            visit_exprs(b, &s->v.ClassDef.decorator_list) < 0)
            return -1;
        int lineno = s->lineno;
        if (s->v.ClassDef.decorator_list.count) lineno = s->v.ClassDef.decorator_list.items[0]->lineno;
        SymBlock *blk = enter_block(b, BLOCK_CLASS, s->v.ClassDef.name, s, lineno, s->col_offset);
        if (!blk) return -1;
        blk->private_name = s->v.ClassDef.name;
        if (visit_stmts(b, &s->v.ClassDef.body) < 0) return -1;
        exit_block(b);
        return 0;
    }
    case STMT_Return:
        if (s->v.Return.value) {
            if (visit_expr(b, s->v.Return.value) < 0) return -1;
            b->cur->returns_value = true;
        }
        return 0;
    case STMT_Delete: return visit_exprs(b, &s->v.Delete.targets);
    case STMT_Assign:
        if (visit_exprs(b, &s->v.Assign.targets) < 0) return -1;
        return visit_expr(b, s->v.Assign.value);
    case STMT_AugAssign:
        if (visit_expr(b, s->v.AugAssign.target) < 0) return -1;
        return visit_expr(b, s->v.AugAssign.value);
    case STMT_AnnAssign: {
        const Expr *t = s->v.AnnAssign.target;
        if (t->kind == EXPR_Name) {
            const char *mangled = symtable_mangle(b->arena, b->cur->private_name, t->v.Name.id);
            if (!mangled) return -1;
            Symbol *sym = block_find(b->cur, mangled);
            int cur = sym ? sym->flags : 0;
            if ((cur & (DEF_GLOBAL | DEF_NONLOCAL)) && s->v.AnnAssign.simple)
                return error_at(b, s->lineno, s->col_offset, s->end_lineno, s->end_col_offset,
                                (cur & DEF_GLOBAL) ? "annotated name '%s' can't be global"
                                                   : "annotated name '%s' can't be nonlocal",
                                t->v.Name.id);
            if (s->v.AnnAssign.simple) {
                if (add_def(b, t->v.Name.id, DEF_ANNOT | DEF_LOCAL, EPOS(t)) < 0) return -1;
            } else if (s->v.AnnAssign.value) {
                if (add_def(b, t->v.Name.id, DEF_LOCAL, EPOS(t)) < 0) return -1;
            }
        } else if (visit_expr(b, t) < 0) {
            return -1;
        }
        if (visit_expr(b, s->v.AnnAssign.annotation) < 0) return -1;
        return visit_opt(b, s->v.AnnAssign.value);
    }
    case STMT_For:
    case STMT_AsyncFor:
        if (visit_expr(b, s->v.For.target) < 0 || visit_expr(b, s->v.For.iter) < 0 ||
            visit_stmts(b, &s->v.For.body) < 0 || visit_stmts(b, &s->v.For.orelse) < 0)
            return -1;
        return 0;
    case STMT_While:
        if (visit_expr(b, s->v.While.test) < 0 || visit_stmts(b, &s->v.While.body) < 0 ||
            visit_stmts(b, &s->v.While.orelse) < 0)
            return -1;
        return 0;
    case STMT_If:
        if (visit_expr(b, s->v.If.test) < 0 || visit_stmts(b, &s->v.If.body) < 0 ||
            visit_stmts(b, &s->v.If.orelse) < 0)
            return -1;
        return 0;
    case STMT_With:
    case STMT_AsyncWith:
        for (int i = 0; i < s->v.With.items.count; i++) {
            const WithItem *w = s->v.With.items.items[i];
            if (visit_expr(b, w->context_expr) < 0 || visit_opt(b, w->optional_vars) < 0)
                return -1;
        }
        return visit_stmts(b, &s->v.With.body);
    case STMT_Raise:
        if (visit_opt(b, s->v.Raise.exc) < 0 || visit_opt(b, s->v.Raise.cause) < 0) return -1;
        return 0;
    case STMT_Try:
    case STMT_TryStar:
        if (visit_stmts(b, &s->v.Try.body) < 0) return -1;
        for (int i = 0; i < s->v.Try.handlers.count; i++) {
            const ExceptHandler *h = s->v.Try.handlers.items[i];
            if (visit_opt(b, h->type) < 0) return -1;
            if (h->name && add_def(b, h->name, DEF_LOCAL, h->lineno, h->col_offset,
                                   h->end_lineno, h->end_col_offset) < 0)
                return -1;
            if (visit_stmts(b, &h->body) < 0) return -1;
        }
        if (visit_stmts(b, &s->v.Try.orelse) < 0 || visit_stmts(b, &s->v.Try.finalbody) < 0)
            return -1;
        return 0;
    case STMT_Assert:
        if (visit_expr(b, s->v.Assert.test) < 0 || visit_opt(b, s->v.Assert.msg) < 0) return -1;
        return 0;
    case STMT_Import:
        for (int i = 0; i < s->v.Import.names.count; i++)
            if (visit_alias(b, s->v.Import.names.items[i], s) < 0) return -1;
        return 0;
    case STMT_ImportFrom:
        for (int i = 0; i < s->v.ImportFrom.names.count; i++)
            if (visit_alias(b, s->v.ImportFrom.names.items[i], s) < 0) return -1;
        return 0;
    case STMT_Global: return visit_directive(b, s, 1);
    case STMT_Nonlocal: return visit_directive(b, s, 0);
    case STMT_Expr: return visit_expr(b, s->v.Expr.value);
    case STMT_Match:
    case STMT_Pass:
    case STMT_Break:
    case STMT_Continue: return 0;
    }
    return 0;
}

static int visit_stmts(Builder *b, const StmtSeq *s)
{
    for (int i = 0; i < s->count; i++)
        if (visit_stmt(b, s->items[i]) < 0) return -1;
    return 0;
}

/* An assignment expression inside a comprehension binds in the nearest
 * enclosing function (or module); the comprehensions in between see it as
 * nonlocal (or global). */
static int extend_namedexpr_scope(Builder *b, const Expr *target)
{
    const char *name = target->v.Name.id;
    if (b->comp_iter_expr > 0)
        return error_at(b, EPOS(target),
                        "assignment expression cannot be used in a comprehension iterable "
                        "expression%s",
                        "");
    for (SymBlock *blk = b->cur; blk; blk = blk->parent) {
        if (blk->comprehension) {
            Symbol *s = block_find(blk, name);
            if (s && (s->flags & DEF_COMP_ITER))
                return error_at(b, EPOS(target),
                                "assignment expression cannot rebind comprehension iteration "
                                "variable '%s'",
                                name);
            continue;
        }
        if (blk->type == BLOCK_FUNCTION) {
            Symbol *s = block_find(blk, name);
            int flag = (s && (s->flags & DEF_GLOBAL)) ? DEF_GLOBAL : DEF_NONLOCAL;
            if (add_def(b, name, flag, EPOS(target)) < 0) return -1;
            Directive *d = balloc(b, sizeof(Directive));
            if (!d) return -1;
            d->name = name;
            d->blk = b->cur;
            d->lineno = target->lineno;
            d->col = target->col_offset;
            d->end_lineno = target->end_lineno;
            d->end_col = target->end_col_offset;
            d->next = b->directives;
            b->directives = d;
            return add_def_in(b, blk, name, DEF_LOCAL, EPOS(target));
        }
        if (blk->type == BLOCK_MODULE) {
            if (add_def(b, name, DEF_GLOBAL, EPOS(target)) < 0) return -1;
            return add_def_in(b, blk, name, DEF_GLOBAL, EPOS(target));
        }
        if (blk->type == BLOCK_CLASS)
            return error_at(b, EPOS(target),
                            "assignment expression within a comprehension cannot be used in a "
                            "class body%s",
                            "");
    }
    return 0;
}

static const char *comp_kind_name(ExprKind k)
{
    switch (k) {
    case EXPR_ListComp: return "list comprehension";
    case EXPR_SetComp: return "set comprehension";
    case EXPR_DictComp: return "dict comprehension";
    default: return "generator expression";
    }
}

static int visit_comprehension(Builder *b, const Expr *e, const char *scope_name,
                               const ComprehensionSeq *gens, const Expr *elt,
                               const Expr *value)
{
    const Comprehension *outer = gens->items[0];
    /* The outermost iterable is evaluated in the enclosing scope. */
    b->comp_iter_expr++;
    int rc = visit_expr(b, outer->iter);
    b->comp_iter_expr--;
    if (rc < 0) return -1;
    SymBlock *blk = enter_block(b, BLOCK_FUNCTION, scope_name, e, e->lineno, e->col_offset);
    if (!blk) return -1;
    blk->comprehension = true;
    if (e->kind == EXPR_GeneratorExp) blk->generator = true;
    if (add_def(b, ".0", DEF_PARAM, EPOS(e)) < 0) return -1;
    b->comp_iter_target = 1;
    rc = visit_expr(b, outer->target);
    b->comp_iter_target = 0;
    if (rc < 0 || visit_exprs(b, &outer->ifs) < 0) return -1;
    for (int i = 1; i < gens->count; i++) {
        const Comprehension *c = gens->items[i];
        b->comp_iter_target = 1;
        rc = visit_expr(b, c->target);
        b->comp_iter_target = 0;
        if (rc < 0) return -1;
        b->comp_iter_expr++;
        rc = visit_expr(b, c->iter);
        b->comp_iter_expr--;
        if (rc < 0 || visit_exprs(b, &c->ifs) < 0) return -1;
    }
    if (value && visit_expr(b, value) < 0) return -1;
    if (visit_expr(b, elt) < 0) return -1;
    exit_block(b);
    return 0;
}

static int visit_expr(Builder *b, const Expr *e)
{
    switch (e->kind) {
    case EXPR_NamedExpr:
        if (visit_expr(b, e->v.NamedExpr.value) < 0) return -1;
        if (b->cur->comprehension) return extend_namedexpr_scope(b, e->v.NamedExpr.target);
        return visit_expr(b, e->v.NamedExpr.target);
    case EXPR_BoolOp: return visit_exprs(b, &e->v.BoolOp.values);
    case EXPR_BinOp:
        if (visit_expr(b, e->v.BinOp.left) < 0) return -1;
        return visit_expr(b, e->v.BinOp.right);
    case EXPR_UnaryOp: return visit_expr(b, e->v.UnaryOp.operand);
    case EXPR_Lambda: {
        const Arguments *a = e->v.Lambda.args;
        if (visit_exprs(b, &a->defaults) < 0 || visit_exprs(b, &a->kw_defaults) < 0) return -1;
        if (!enter_block(b, BLOCK_FUNCTION, "<lambda>", e, e->lineno, e->col_offset)) return -1;
        if (visit_arguments(b, a) < 0 || visit_expr(b, e->v.Lambda.body) < 0) return -1;
        exit_block(b);
        return 0;
    }
    case EXPR_IfExp:
        if (visit_expr(b, e->v.IfExp.test) < 0 || visit_expr(b, e->v.IfExp.body) < 0 ||
            visit_expr(b, e->v.IfExp.orelse) < 0)
            return -1;
        return 0;
    case EXPR_Dict:
        if (visit_exprs(b, &e->v.Dict.keys) < 0) return -1;
        return visit_exprs(b, &e->v.Dict.values);
    case EXPR_Set: return visit_exprs(b, &e->v.Set.elts);
    case EXPR_GeneratorExp:
        return visit_comprehension(b, e, "<genexpr>", &e->v.GeneratorExp.generators,
                                   e->v.GeneratorExp.elt, NULL);
    case EXPR_ListComp:
        return visit_comprehension(b, e, "<listcomp>", &e->v.ListComp.generators,
                                   e->v.ListComp.elt, NULL);
    case EXPR_SetComp:
        return visit_comprehension(b, e, "<setcomp>", &e->v.SetComp.generators,
                                   e->v.SetComp.elt, NULL);
    case EXPR_DictComp:
        return visit_comprehension(b, e, "<dictcomp>", &e->v.DictComp.generators,
                                   e->v.DictComp.key, e->v.DictComp.value);
    case EXPR_Yield:
    case EXPR_YieldFrom: {
        const Expr *v = e->kind == EXPR_Yield ? e->v.Yield.value : e->v.YieldFrom.value;
        if (v && visit_expr(b, v) < 0) return -1;
        if (b->cur->comprehension) {
            /* CPython names the kind of the innermost comprehension, for
             * `yield from` too. */
            const Expr *ce = (const Expr *)b->cur->key;
            return error_at(b, EPOS(e), "'yield' inside %s", comp_kind_name(ce->kind));
        }
        b->cur->generator = true;
        return 0;
    }
    case EXPR_Await: return visit_expr(b, e->v.Await.value);
    case EXPR_Compare:
        if (visit_expr(b, e->v.Compare.left) < 0) return -1;
        return visit_exprs(b, &e->v.Compare.comparators);
    case EXPR_Call:
        if (visit_expr(b, e->v.Call.func) < 0 || visit_exprs(b, &e->v.Call.args) < 0) return -1;
        return visit_keywords(b, &e->v.Call.keywords);
    case EXPR_FormattedValue:
        if (visit_expr(b, e->v.FormattedValue.value) < 0) return -1;
        return visit_opt(b, e->v.FormattedValue.format_spec);
    case EXPR_JoinedStr: return visit_exprs(b, &e->v.JoinedStr.values);
    case EXPR_Constant: return 0;
    case EXPR_Attribute: return visit_expr(b, e->v.Attribute.value);
    case EXPR_Subscript:
        if (visit_expr(b, e->v.Subscript.value) < 0) return -1;
        return visit_expr(b, e->v.Subscript.slice);
    case EXPR_Starred: return visit_expr(b, e->v.Starred.value);
    case EXPR_Slice:
        if (visit_opt(b, e->v.Slice.lower) < 0 || visit_opt(b, e->v.Slice.upper) < 0 ||
            visit_opt(b, e->v.Slice.step) < 0)
            return -1;
        return 0;
    case EXPR_Name: {
        int flag = e->v.Name.ctx == CTX_Load ? USE : DEF_LOCAL;
        if (b->comp_iter_target && flag == DEF_LOCAL) flag |= DEF_COMP_ITER;
        if (add_def(b, e->v.Name.id, flag, EPOS(e)) < 0) return -1;
        /* super() in a function needs the class's __class__ cell. */
        if (e->v.Name.ctx == CTX_Load && b->cur->type == BLOCK_FUNCTION &&
            strcmp(e->v.Name.id, "super") == 0 &&
            add_def(b, "__class__", USE, EPOS(e)) < 0)
            return -1;
        return 0;
    }
    case EXPR_List: return visit_exprs(b, &e->v.List.elts);
    case EXPR_Tuple: return visit_exprs(b, &e->v.Tuple.elts);
    }
    return 0;
}

/* ---- pass 2: analysis ----------------------------------------------------------------- */

static int directive_error(Builder *b, const SymBlock *blk, const char *name, const char *fmt)
{
    for (Directive *d = b->directives; d; d = d->next)
        if (d->blk == blk && strcmp(d->name, name) == 0) {
            /* The list is newest-first; CPython reports the first directive. */
            Directive *first = d;
            for (Directive *e = d->next; e; e = e->next)
                if (e->blk == blk && strcmp(e->name, name) == 0) first = e;
            return error_at(b, first->lineno, first->col, first->end_lineno, first->end_col, fmt,
                            name);
        }
    return error_at(b, blk->lineno, blk->col_offset, blk->lineno, blk->col_offset, fmt, name);
}

static int analyze_name(Builder *b, SymBlock *blk, Symbol *s, NameSet *bound, NameSet *local,
                        NameSet *free, NameSet *global)
{
    AstArena *a = b->arena;
    const char *name = s->name;
    int flags = s->flags;
    if (flags & DEF_GLOBAL) {
        if (flags & DEF_NONLOCAL)
            return directive_error(b, blk, name, "name '%s' is nonlocal and global");
        s->scope = SCOPE_GLOBAL_EXPLICIT;
        if (set_add(a, global, name) < 0) return -1;
        if (bound) set_discard(bound, name);
        return 0;
    }
    if (flags & DEF_NONLOCAL) {
        if (!bound)
            return directive_error(b, blk, name,
                                   "nonlocal declaration not allowed at module level");
        if (!set_has(bound, name))
            return directive_error(b, blk, name, "no binding for nonlocal '%s' found");
        s->scope = SCOPE_FREE;
        blk->free = true;
        return set_add(a, free, name);
    }
    if (flags & DEF_BOUND) {
        s->scope = SCOPE_LOCAL;
        if (set_add(a, local, name) < 0) return -1;
        set_discard(global, name);
        return 0;
    }
    if (bound && set_has(bound, name)) {
        s->scope = SCOPE_FREE;
        blk->free = true;
        return set_add(a, free, name);
    }
    if (global && set_has(global, name)) {
        s->scope = SCOPE_GLOBAL_IMPLICIT;
        return 0;
    }
    if (blk->nested) blk->free = true;
    s->scope = SCOPE_GLOBAL_IMPLICIT;
    return 0;
}

static NameSet *set_new(Builder *b)
{
    NameSet *s = balloc(b, sizeof(NameSet));
    if (s) memset(s, 0, sizeof *s);
    return s;
}

static NameSet *set_copy(Builder *b, const NameSet *src)
{
    NameSet *s = set_new(b);
    if (s && src && set_update(b->arena, s, src) < 0) return NULL;
    return s;
}

static int analyze_block(Builder *b, SymBlock *blk, NameSet *bound, NameSet *free,
                         NameSet *global);

static int analyze_child(Builder *b, SymBlock *child, NameSet *bound, NameSet *free,
                         NameSet *global, NameSet *child_free)
{
    /* Each child analyses with its own copies, so siblings cannot see each
     * other's bindings. */
    NameSet *tbound = set_copy(b, bound), *tfree = set_copy(b, free),
            *tglobal = set_copy(b, global);
    if (!tbound || !tfree || !tglobal) return -1;
    if (analyze_block(b, child, tbound, tfree, tglobal) < 0) return -1;
    return set_update(b->arena, child_free, tfree);
}

/* A function's local that a nested block uses freely becomes a cell. */
static int analyze_cells(Builder *b, SymBlock *blk, NameSet *free)
{
    for (int i = 0; i < blk->nsyms; i++) {
        Symbol *s = &blk->syms[i];
        if (s->scope != SCOPE_LOCAL || !set_has(free, s->name)) continue;
        s->scope = SCOPE_CELL;
        set_discard(free, s->name);
    }
    return 0;
}

static int update_symbols(Builder *b, SymBlock *blk, NameSet *bound, NameSet *free,
                          bool classflag)
{
    for (int i = 0; i < free->cap; i++) {
        const char *name = free->slots[i];
        if (!name || name == (const char *)1) continue;
        Symbol *s = block_find(blk, name);
        if (s) {
            /* A class-level name that is also free in a method: the class
             * body still needs the enclosing cell for its own loads. */
            if (classflag && (s->flags & (DEF_BOUND | DEF_GLOBAL))) s->flags |= DEF_FREE_CLASS;
            continue;
        }
        if (bound && !set_has(bound, name)) continue; /* a global, not passing through */
        s = block_get(b->arena, blk, name);
        if (!s) return -1;
        s->flags |= DEF_FREE;
        s->scope = SCOPE_FREE;
    }
    return 0;
}

static int analyze_block(Builder *b, SymBlock *blk, NameSet *bound, NameSet *free,
                         NameSet *global)
{
    NameSet *local = set_new(b), *newbound = set_new(b), *newfree = set_new(b),
            *newglobal = set_new(b), *allfree = set_new(b);
    if (!local || !newbound || !newfree || !newglobal || !allfree) return -1;
    AstArena *a = b->arena;

    if (blk->type == BLOCK_CLASS) {
        if (set_update(a, newglobal, global) < 0) return -1;
        if (bound && set_update(a, newbound, bound) < 0) return -1;
    }
    for (int i = 0; i < blk->nsyms; i++)
        if (analyze_name(b, blk, &blk->syms[i], bound, local, free, global) < 0) return -1;

    if (blk->type != BLOCK_CLASS) {
        if (blk->type == BLOCK_FUNCTION && set_update(a, newbound, local) < 0) return -1;
        if (bound && set_update(a, newbound, bound) < 0) return -1;
        if (set_update(a, newglobal, global) < 0) return -1;
    } else {
        if (set_add(a, newbound, "__class__") < 0) return -1;
    }

    for (int i = 0; i < blk->nchildren; i++) {
        SymBlock *c = blk->children[i];
        if (analyze_child(b, c, newbound, newfree, newglobal, allfree) < 0) return -1;
        if (c->free || c->child_free) blk->child_free = true;
    }
    if (set_update(a, newfree, allfree) < 0) return -1;

    if (blk->type == BLOCK_FUNCTION) {
        analyze_cells(b, blk, newfree);
    } else if (blk->type == BLOCK_CLASS && set_has(newfree, "__class__")) {
        set_discard(newfree, "__class__");
        blk->needs_class_closure = true;
    }
    if (update_symbols(b, blk, bound, newfree, blk->type == BLOCK_CLASS) < 0) return -1;
    return set_update(a, free, newfree);
}

SymTable *build_symtable(AstArena *arena, const Module *mod, const Expr *expr,
                         const char *filename, SyntaxErrorInfo *err)
{
    Builder b;
    memset(&b, 0, sizeof b);
    b.arena = arena;
    b.filename = filename;
    b.err = err;
    SymTable *t = balloc(&b, sizeof(SymTable));
    if (!t) return NULL;
    t->arena = arena;
    b.table = t;
    t->top = enter_block(&b, BLOCK_MODULE, "top", mod ? (const void *)mod : (const void *)expr, 0, 0);
    if (!t->top) return NULL;
    int rc = mod ? visit_stmts(&b, &mod->body) : visit_expr(&b, expr);
    if (rc < 0 || b.failed) {
        return NULL;
    }
    NameSet *free = set_new(&b), *global = set_new(&b);
    if (!free || !global || analyze_block(&b, t->top, NULL, free, global) < 0 || b.failed) {
        return NULL;
    }
    return t;
}
