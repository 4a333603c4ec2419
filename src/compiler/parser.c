/* Recursive-descent parser for Python 3.11 (see parser.h).
 *
 * Each grammar rule of CPython's python.gram that we support is a function
 * here, named after the rule. The parser is deterministic: where the PEG
 * grammar backtracks we look ahead a token or two, or parse an expression
 * and reinterpret it (assignment targets are parsed as expressions and
 * then checked and switched to Store context, as CPython's old parser did).
 *
 * Error handling: every function returns NULL (or 0) once p->err is set and
 * callers propagate that immediately. The first error wins. After a parser
 * error the rest of the file is tokenized, because CPython lets a later
 * tokenizer error (an unterminated string, an unclosed bracket earlier on)
 * replace a generic syntax error.
 */
#include "compiler/parser.h"

#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "compiler/lexer.h"

/* ------------------------------------------------------------ vectors */

/* A growable array of pointers in the scratch arena. Growing copies into a
 * fresh block; the old one is reclaimed with the scratch arena. */
typedef struct {
    void **items;
    int count, cap;
} Vec;

typedef struct Parser {
    AstArena *arena;   /* the result */
    AstArena *scratch; /* tokens and temporary vectors */
    Lexer lx;
    SyntaxErrorInfo lexerr; /* the lexer's own error slot */
    SyntaxErrorInfo *err;
    Token *toks;
    int ntoks, cap;
    int pos;
    int depth;
    const char *filename;
    const char *src; /* normalised text of the whole file, for error lines */
    /* f-string replacement fields are parsed by a sub-parser over
     * "(" expr ")"; its token positions are mapped to the file. */
    int is_sub;
    int base_line, base_col;
    int fstring_depth;
    int lex_line; /* line of the last token the lexer produced */
    int disj_start, disj_end; /* token span of the last disjunction parsed (end -1: none) */
    int reading_ahead; /* inside read_ahead_like_cpython */
} Parser;

#define FAILED (p->err->kind != SYNERR_NONE)

static int vec_push(Parser *p, Vec *v, void *item)
{
    if (v->count == v->cap) {
        int cap = v->cap ? v->cap * 2 : 8;
        void **n = ast_arena_alloc(p->scratch, sizeof(void *) * (size_t)cap);
        if (!n)
            return 0;
        if (v->count)
            memcpy(n, v->items, sizeof(void *) * (size_t)v->count);
        v->items = n;
        v->cap = cap;
    }
    v->items[v->count++] = item;
    return 1;
}

static void oom(Parser *p);

/* Copies a vector into the result arena as a sequence of pointers. */
static void **vec_finish(Parser *p, Vec *v)
{
    if (!v->count)
        return NULL;
    void **out = ast_arena_alloc(p->arena, sizeof(void *) * (size_t)v->count);
    if (!out) {
        oom(p);
        return NULL;
    }
    memcpy(out, v->items, sizeof(void *) * (size_t)v->count);
    return out;
}

#define SEQ_FROM_VEC(seq, vec, type)                                           \
    do {                                                                       \
        (seq).count = (vec).count;                                             \
        (seq).items = (type *)vec_finish(p, &(vec));                           \
    } while (0)

/* ------------------------------------------------------------- errors */

/* Start of line `lineno` in the file text (NULL when out of range). */
static const char *line_ptr(Parser *p, int lineno)
{
    const char *s = p->src;
    for (int l = 1; l < lineno && *s; s++)
        if (*s == '\n')
            l++;
    return *s || lineno == 1 ? s : NULL;
}

/* CPython's _PyPegen_byte_offset_to_character_offset: the number of
 * characters in the first `n` bytes of the line (NUL counted once). */
static int byte_to_char(const char *line, int n)
{
    int len = 0;
    while (line[len] && line[len] != '\n')
        len++;
    len++; /* the newline */
    if (n > len + 1)
        n = len + 1;
    int count = 0;
    for (int i = 0; i < n; i++) {
        unsigned char c = i < len ? (unsigned char)line[i] : 0;
        if (i == len - 1)
            c = '\n';
        if ((c & 0xC0) != 0x80)
            count++;
    }
    return count;
}

/* Raises an error with 1-based *byte* offsets, converted like CPython's
 * _PyPegen_raise_error_known_location (relative to the start line). */
static void err_raw(Parser *p, SyntaxErrorKind kind, int lineno, int col1,
                    int end_lineno, int end_col1, const char *fmt, ...)
{
    if (FAILED)
        return;
    SyntaxErrorInfo *e = p->err;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(e->msg, sizeof e->msg, fmt, ap);
    va_end(ap);
    e->kind = kind;
    snprintf(e->filename, sizeof e->filename, "%s", p->filename);
    e->lineno = lineno;
    e->end_lineno = end_lineno;
    e->text = NULL;
    const char *line = line_ptr(p, lineno);
    if (!line) {
        e->offset = col1;
        e->end_offset = end_col1;
        return;
    }
    size_t n = 0;
    while (line[n] && line[n] != '\n')
        n++;
    char *t = ast_arena_alloc(p->arena, n + 2);
    if (t) {
        /* CPython's text keeps the newline only while the tokenizer is
         * still on the error's line. */
        memcpy(t, line, n);
        if (p->lex_line <= lineno)
            t[n++] = '\n';
        t[n] = 0;
        e->text = t;
    }
    e->offset = col1 > 0 ? byte_to_char(line, col1) : col1;
    e->end_offset = end_col1 > 0 ? byte_to_char(line, end_col1) : end_col1;
}

#define POS_OF(x) (x)->lineno, (x)->col_offset + 1, (x)->end_lineno, (x)->end_col_offset + 1

static void oom(Parser *p)
{
    err_raw(p, SYNERR_SYNTAX, 0, 0, 0, 0, "out of memory");
}

/* ------------------------------------------------------------- tokens */

static Token *tok_at(Parser *p, int k)
{
    int i = p->pos + k;
    while (p->ntoks <= i) {
        if (p->ntoks > 0) {
            Token *last = &p->toks[p->ntoks - 1];
            if (last->type == T_ENDMARKER || last->type == T_ERROR)
                return last;
        }
        if (p->ntoks == p->cap) {
            int cap = p->cap ? p->cap * 2 : 256;
            Token *n = ast_arena_alloc(p->scratch, sizeof(Token) * (size_t)cap);
            if (!n) {
                oom(p);
                static Token dummy;
                dummy.type = T_ERROR;
                return &dummy;
            }
            if (p->ntoks)
                memcpy(n, p->toks, sizeof(Token) * (size_t)p->ntoks);
            p->toks = n;
            p->cap = cap;
        }
        Token *t = &p->toks[p->ntoks];
        lexer_next(&p->lx, t);
        if (t->type != T_ERROR)
            /* at the end of input CPython's line counter stays on the last
             * line, while our end tokens sit on the line after it */
            p->lex_line = t->start >= p->lx.end ? t->lineno - 1 : t->end_lineno;
        if (p->is_sub && t->type != T_ERROR) {
            /* Map sub-parser positions onto the file (CPython shifts only
             * the first line's columns). */
            if (t->lineno == 1)
                t->col_offset += p->base_col;
            if (t->end_lineno == 1)
                t->end_col_offset += p->base_col;
            t->lineno += p->base_line - 1;
            t->end_lineno += p->base_line - 1;
        }
        p->ntoks++;
        if (t->type == T_ERROR && !FAILED) {
            *p->err = p->lexerr;
            if (p->is_sub) {
                /* Tokenizer errors inside a replacement field are reported
                 * on the f-string's line. */
                p->err->lineno += p->base_line - 1;
                p->err->end_lineno += p->base_line - 1;
            }
        }
    }
    return &p->toks[i];
}

static Token *cur(Parser *p) { return tok_at(p, 0); }
static TokenType cur_type(Parser *p) { return tok_at(p, 0)->type; }
static int at(Parser *p, TokenType t) { return cur_type(p) == t; }
static int at_kw(Parser *p, Keyword kw)
{
    Token *t = cur(p);
    return t->type == T_NAME && t->kw == kw;
}
static int peek_is(Parser *p, int k, TokenType t) { return tok_at(p, k)->type == t; }
static int peek_kw(Parser *p, int k, Keyword kw)
{
    Token *t = tok_at(p, k);
    return t->type == T_NAME && t->kw == kw;
}

static Token *advance(Parser *p)
{
    Token *t = cur(p);
    if (t->type != T_ENDMARKER && t->type != T_ERROR)
        p->pos++;
    return t;
}

/* The last consumed token. */
static Token *prev(Parser *p) { return &p->toks[p->pos - 1]; }

static Token *accept(Parser *p, TokenType type)
{
    return at(p, type) ? advance(p) : NULL;
}

static Token *accept_kw(Parser *p, Keyword kw)
{
    return at_kw(p, kw) ? advance(p) : NULL;
}

/* Can an expression start with token t? (The tokens CPython's
 * invalid_expression rule may find after a complete expression.) */
static int token_starts_expression(const Token *t)
{
    return (t->type == T_NAME && (t->kw == KW_NONE_ || t->kw == KW_None || t->kw == KW_True ||
                                  t->kw == KW_False || t->kw == KW_lambda || t->kw == KW_not)) ||
           t->type == T_NUMBER || t->type == T_STRING || t->type == T_LPAR ||
           t->type == T_LSQB || t->type == T_LBRACE || t->type == T_MINUS ||
           t->type == T_PLUS || t->type == T_TILDE || t->type == T_ELLIPSIS;
}

static Expr *expression(Parser *p);
static Expr *disjunction(Parser *p);

/* Has the tokenizer failed? (Its error then stands: CPython reports
 * tokenizer errors over parser errors.) */
static int lexer_failed(Parser *p) { return p->ntoks && p->toks[p->ntoks - 1].type == T_ERROR; }

/* One step of read_ahead_like_cpython, at a token that starts an
 * expression right after a complete one, `a` (a_is_name: `a` was one NAME).
 * invalid_expression parses `b=expression_without_invalid` here; and after
 * a lone NAME, invalid_legacy_expression parses `b=star_expressions`, whose
 * expression runs the same rules again one step further on. */
static void read_ahead_step(Parser *p, int a_is_name, int budget)
{
    int save = p->pos, depth = p->depth;
    Token *t = cur(p);
    if (!(a_is_name && t->type == T_STRING)) { /* invalid_expression's !(NAME STRING) */
        (void)expression(p);
        p->pos = save;
        p->depth = depth;
        if (lexer_failed(p))
            return;
        *p->err = (SyntaxErrorInfo){0};
    }
    if (!a_is_name || t->type == T_LPAR || budget == 0)
        return;
    Expr *d = disjunction(p);
    if (d && !FAILED && token_starts_expression(cur(p)))
        read_ahead_step(p, p->pos == save + 1 && t->type == T_NAME && t->kw == KW_NONE_,
                        budget - 1);
    p->pos = save;
    p->depth = depth;
}

/* Where an expression is directly followed by another (`x = 1 2 (`),
 * CPython's second pass tries invalid_expression and
 * invalid_legacy_expression, which read tokens on past the error. The
 * furthest token read decides whether an unclosed bracket replaces the
 * generic error later (check_rest_for_token_errors), so read the same
 * tokens; the parses themselves are dropped. Returns 1 if the tokenizer
 * failed meanwhile (its error is then the one reported, as in CPython). */
static int read_ahead_like_cpython(Parser *p, Token *t)
{
    if (p->reading_ahead || p->is_sub || p->pos == 0 || p->disj_end != p->pos ||
        !token_starts_expression(t))
        return 0;
    Token *a = &p->toks[p->disj_start];
    int a_is_name = p->disj_end == p->disj_start + 1 && a->type == T_NAME && a->kw == KW_NONE_;
    SyntaxErrorInfo saved = *p->err;
    p->reading_ahead = 1;
    read_ahead_step(p, a_is_name, 50);
    p->reading_ahead = 0;
    int lexfail = FAILED && lexer_failed(p);
    if (!lexfail)
        *p->err = saved;
    return lexfail;
}

/* The generic error at the current token, with CPython's special cases
 * for indentation tokens and the end of input. */
static void syntax_error_here(Parser *p)
{
    if (FAILED)
        return;
    Token *t = cur(p);
    if (FAILED)
        return;
    switch (t->type) {
    case T_INDENT: {
        /* CPython reports the end of the indentation, no end offset. */
        int width = t->end_col_offset;
        err_raw(p, SYNERR_INDENTATION, t->lineno, width, t->lineno, -1,
                "unexpected indent");
        p->err->end_offset = -1;
        return;
    }
    case T_DEDENT:
        err_raw(p, SYNERR_INDENTATION, t->lineno, t->col_offset, t->lineno, -1,
                "unexpected unindent");
        p->err->end_offset = -1;
        return;
    case T_ENDMARKER:
        if (p->lx.level) {
            int i = p->lx.level - 1;
            err_raw(p, SYNERR_SYNTAX, p->lx.parenlinenostack[i],
                    p->lx.parencolstack[i] + 1, p->lx.parenlinenostack[i], 0,
                    "'%c' was never closed", p->lx.parenstack[i]);
            return;
        }
        if (p->is_sub) {
            err_raw(p, SYNERR_SYNTAX, t->lineno, t->col_offset + 1, t->end_lineno,
                    t->end_col_offset + 1, "f-string: invalid syntax");
            return;
        }
        err_raw(p, SYNERR_SYNTAX, t->lineno, t->col_offset + 1, t->end_lineno,
                t->end_col_offset + 1, "invalid syntax");
        return;
    default:
        if (read_ahead_like_cpython(p, t))
            return;
        err_raw(p, SYNERR_SYNTAX, t->lineno, t->col_offset + 1, t->end_lineno,
                t->end_col_offset + 1, p->is_sub ? "f-string: invalid syntax" : "invalid syntax");
    }
}

static Token *expect(Parser *p, TokenType type)
{
    Token *t = accept(p, type);
    if (!t)
        syntax_error_here(p);
    return t;
}

/* CPython's forced tokens (&&':' in the grammar): "expected ':'". */
static Token *expect_forced(Parser *p, TokenType type, const char *what)
{
    Token *t = accept(p, type);
    if (!t && !FAILED) {
        Token *c = cur(p);
        if (FAILED)
            return NULL;
        if (c->type == T_INDENT || c->type == T_DEDENT || c->type == T_ERRORTOKEN) {
            syntax_error_here(p);
            return NULL;
        }
        err_raw(p, SYNERR_SYNTAX, POS_OF(c), "expected '%s'", what);
    }
    return t;
}

static Expr *bitwise_or(Parser *p);
static int is_bitwise_or_level(Expr *e);
static const char *expr_name(Expr *e);

/* CPython's invalid_named_expression where a condition was expected
 * (`if x = 1:`): `NAME = bitwise_or` or `bitwise_or = bitwise_or`, not
 * followed by another '=' or ':='. Returns 1 when it raised. */
static int invalid_named_assign(Parser *p, Expr *a)
{
    if (!a || !at(p, T_EQUAL) || !is_bitwise_or_level(a))
        return 0;
    int save = p->pos, depth = p->depth;
    SyntaxErrorInfo saved = *p->err;
    advance(p);
    Expr *b = bitwise_or(p);
    int ok = b && !FAILED && !at(p, T_EQUAL) && !at(p, T_COLONEQUAL);
    int lexfail = FAILED && p->ntoks && p->toks[p->ntoks - 1].type == T_ERROR;
    if (!lexfail)
        *p->err = saved;
    p->pos = save;
    p->depth = depth;
    if (lexfail)
        return 1;
    if (!ok)
        return 0;
    if (a->kind == EXPR_Name)
        err_raw(p, SYNERR_SYNTAX, a->lineno, a->col_offset + 1, b->end_lineno,
                b->end_col_offset + 1, "invalid syntax. Maybe you meant '==' or ':=' instead of '='?");
    else
        err_raw(p, SYNERR_SYNTAX, POS_OF(a),
                "cannot assign to %s here. Maybe you meant '==' instead of '='?", expr_name(a));
    return 1;
}

/* The ':' ending the header of if, elif, while, for, with, except and
 * class. Unlike def/try/else/finally (forced tokens, expect_forced), 3.11's
 * grammar says "expected ':'" for these only when the line ends there (its
 * invalid_*_stmt rules); anything else is a generic error. `cond` is the
 * if/elif/while condition, for the `if x = 1:` message. */
static Token *expect_header_colon(Parser *p, Expr *cond)
{
    Token *t = accept(p, T_COLON);
    if (t || FAILED)
        return t;
    if (at(p, T_NEWLINE)) {
        expect_forced(p, T_COLON, ":");
        return NULL;
    }
    if (!invalid_named_assign(p, cond))
        syntax_error_here(p);
    return NULL;
}

static int enter(Parser *p)
{
    if (++p->depth > PARSER_MAX_DEPTH) {
        Token *t = cur(p);
        err_raw(p, SYNERR_SYNTAX, POS_OF(t), "too many nested expressions (parser stack overflow)");
        return 0;
    }
    return 1;
}
/* Evaluates x first (it is a function argument), then unwinds one level. */
static void *leave(Parser *p, void *x)
{
    p->depth--;
    return x;
}
#define LEAVE(x) leave(p, (x))

/* ------------------------------------------------------- node creation */

static Expr *new_expr(Parser *p, ExprKind kind, int l, int c, int el, int ec)
{
    Expr *e = ast_arena_alloc(p->arena, sizeof *e);
    if (!e) {
        oom(p);
        return NULL;
    }
    e->kind = kind;
    e->lineno = l;
    e->col_offset = c;
    e->end_lineno = el;
    e->end_col_offset = ec;
    return e;
}

/* An expression spanning from the start of `a` (a node or token with
 * lineno/col_offset) to the end of the last consumed token. */
#define START(x) (x)->lineno, (x)->col_offset
#define END_PREV prev(p)->end_lineno, prev(p)->end_col_offset
#define END_OF(x) (x)->end_lineno, (x)->end_col_offset

static Stmt *new_stmt(Parser *p, StmtKind kind, int l, int c, int el, int ec)
{
    Stmt *s = ast_arena_alloc(p->arena, sizeof *s);
    if (!s) {
        oom(p);
        return NULL;
    }
    s->kind = kind;
    s->lineno = l;
    s->col_offset = c;
    s->end_lineno = el;
    s->end_col_offset = ec;
    return s;
}

static const char *tok_str(Parser *p, Token *t)
{
    char *s = ast_arena_strndup(p->arena, t->start, t->len);
    if (!s)
        oom(p);
    return s;
}

static Expr *name_expr(Parser *p, Token *t, ExprContext ctx)
{
    Expr *e = new_expr(p, EXPR_Name, START(t), END_OF(t));
    if (!e)
        return NULL;
    e->v.Name.id = tok_str(p, t);
    e->v.Name.ctx = ctx;
    return e;
}

static int is_name(Parser *p)
{
    Token *t = cur(p);
    return t->type == T_NAME && t->kw == KW_NONE_;
}

static Token *expect_name(Parser *p)
{
    if (is_name(p))
        return advance(p);
    syntax_error_here(p);
    return NULL;
}

/* ----------------------------------------------------- forward decls */

static Expr *star_expressions(Parser *p);
static Expr *star_named_expression(Parser *p);
static Expr *named_expression(Parser *p);
static Expr *expression(Parser *p);
static Expr *disjunction(Parser *p);
static Expr *bitwise_or(Parser *p);
static Expr *primary(Parser *p);
static Expr *atom(Parser *p);
static Expr *yield_expr(Parser *p);
static Expr *strings(Parser *p);
static StmtSeq block(Parser *p, const char *what, int lineno);
static Stmt *statement_list(Parser *p, Vec *out);
static Arguments *parameters(Parser *p, int is_lambda);
static Expr *slices(Parser *p);
static int call_args(Parser *p, Vec *args, Vec *kws, Token *open);
static Stmt *compound_stmt(Parser *p);

/* --------------------------------------------------- expression names */

/* _PyPegen_get_expr_name: how messages describe an expression. */
static const char *expr_name(Expr *e)
{
    switch (e->kind) {
    case EXPR_Attribute: return "attribute";
    case EXPR_Subscript: return "subscript";
    case EXPR_Starred: return "starred";
    case EXPR_Name: return "name";
    case EXPR_List: return "list";
    case EXPR_Tuple: return "tuple";
    case EXPR_Lambda: return "lambda";
    case EXPR_Call: return "function call";
    case EXPR_BoolOp: case EXPR_BinOp: case EXPR_UnaryOp: return "expression";
    case EXPR_GeneratorExp: return "generator expression";
    case EXPR_Yield: case EXPR_YieldFrom: return "yield expression";
    case EXPR_Await: return "await expression";
    case EXPR_ListComp: return "list comprehension";
    case EXPR_SetComp: return "set comprehension";
    case EXPR_DictComp: return "dict comprehension";
    case EXPR_Dict: return "dict literal";
    case EXPR_Set: return "set display";
    case EXPR_JoinedStr: case EXPR_FormattedValue: return "f-string expression";
    case EXPR_Constant: {
        ConstKind k = e->v.Constant.value.kind;
        if (k == CONST_None) return "None";
        if (k == CONST_True) return "True";
        if (k == CONST_False) return "False";
        if (k == CONST_Ellipsis) return "ellipsis";
        return "literal";
    }
    case EXPR_Compare: return "comparison";
    case EXPR_IfExp: return "conditional expression";
    case EXPR_NamedExpr: return "named expression";
    default: return "expression";
    }
}

/* The first sub-expression that cannot be an assignment (or del) target,
 * or NULL if `e` is a valid target (_PyPegen_get_invalid_target). */
static Expr *invalid_target(Expr *e, int is_del)
{
    switch (e->kind) {
    case EXPR_Name: case EXPR_Attribute: case EXPR_Subscript:
        return NULL;
    case EXPR_Starred:
        if (is_del)
            return e;
        return invalid_target(e->v.Starred.value, is_del);
    case EXPR_List: case EXPR_Tuple:
        for (int i = 0; i < e->v.List.elts.count; i++) {
            Expr *r = invalid_target(e->v.List.elts.items[i], is_del);
            if (r)
                return r;
        }
        return NULL;
    case EXPR_Compare:
        /* `for x in y` style: a comparison whose first op is `in` reports
         * its left side (CPython special-cases this for for-targets). */
        return e;
    default:
        return e;
    }
}

static void set_context(Expr *e, ExprContext ctx)
{
    switch (e->kind) {
    case EXPR_Name: e->v.Name.ctx = ctx; break;
    case EXPR_Attribute: e->v.Attribute.ctx = ctx; break;
    case EXPR_Subscript: e->v.Subscript.ctx = ctx; break;
    case EXPR_Starred:
        e->v.Starred.ctx = ctx;
        set_context(e->v.Starred.value, ctx);
        break;
    case EXPR_List: case EXPR_Tuple:
        e->v.List.ctx = ctx;
        for (int i = 0; i < e->v.List.elts.count; i++)
            set_context(e->v.List.elts.items[i], ctx);
        break;
    default: break;
    }
}

/* Checks `e` as a target; on failure raises "cannot assign to X" /
 * "cannot delete X" at the offending sub-expression. */
static int check_target(Parser *p, Expr *e, int is_del)
{
    Expr *bad = invalid_target(e, is_del);
    if (!bad) {
        set_context(e, is_del ? CTX_Del : CTX_Store);
        return 1;
    }
    err_raw(p, SYNERR_SYNTAX, POS_OF(bad), is_del ? "cannot delete %s" : "cannot assign to %s",
            expr_name(bad));
    return 0;
}

/* -------------------------------------------------------------- atoms */

static Expr *const_expr(Parser *p, ConstKind kind, Token *t)
{
    Expr *e = new_expr(p, EXPR_Constant, START(t), END_OF(t));
    if (e)
        e->v.Constant.value.kind = kind;
    return e;
}

static Expr *number(Parser *p, Token *t)
{
    Expr *e = const_expr(p, CONST_Int, t);
    if (!e)
        return NULL;
    /* Copy without underscores. */
    char *s = ast_arena_alloc(p->arena, t->len + 1);
    if (!s) {
        oom(p);
        return NULL;
    }
    size_t n = 0;
    for (size_t i = 0; i < t->len; i++)
        if (t->start[i] != '_')
            s[n++] = t->start[i];
    s[n] = 0;
    ConstValue *v = &e->v.Constant.value;
    char last = s[n - 1];
    if (last == 'j' || last == 'J') {
        s[n - 1] = 0;
        v->kind = CONST_Complex;
        v->v.f = strtod(s, NULL);
        return e;
    }
    if (n > 1 && s[0] == '0' && strchr("xXoObB", s[1])) {
        v->v.int_.base = (s[1] | 32) == 'x' ? 16 : (s[1] | 32) == 'o' ? 8 : 2;
        v->v.int_.digits = s + 2;
        return e;
    }
    if (strpbrk(s, ".eE")) {
        v->kind = CONST_Float;
        v->v.f = strtod(s, NULL);
        return e;
    }
    v->v.int_.base = 10;
    v->v.int_.digits = s;
    return e;
}

/* ( ... ): parenthesised expression, tuple, generator expression, yield. */
static Expr *comprehension_tail(Parser *p, ExprKind kind, Expr *elt, Expr *value,
                                Token *open);
static int invalid_comprehension(Parser *p, int need_brace, int l1, int c1, int l2, int c2,
                                 const char *msg);
static int tuple_comprehension_target(Parser *p, Vec *elts, Token *comma);
#define ITERABLE_UNPACKING_MSG "iterable unpacking cannot be used in comprehension"
#define COMPREHENSION_TARGET_MSG "did you forget parentheses around the comprehension target?"

/* After an element inside brackets, a second expression with no comma in
 * between: "invalid syntax. Perhaps you forgot a comma?" (CPython's
 * invalid_expression rule). Only called when the next token is not a valid
 * continuation. */
static void missing_comma_check(Parser *p, Expr *a)
{
    if (FAILED || !a)
        return;
    Token *t = cur(p);
    if (!token_starts_expression(t))
        return;
    if (a->kind == EXPR_Name && t->type == T_STRING)
        return;
    if (a->kind == EXPR_Compare || a->kind == EXPR_IfExp || a->kind == EXPR_Lambda ||
        a->kind == EXPR_NamedExpr || a->kind == EXPR_Starred)
        return;
    /* Parse the following expression speculatively to find its end. */
    int save = p->pos;
    int depth = p->depth;
    SyntaxErrorInfo saved = *p->err;
    Expr *b = expression(p);
    if (!b || FAILED || prev(p)->level == 0) {
        int lexfail = p->err->kind != SYNERR_NONE && p->ntoks &&
                      p->toks[p->ntoks - 1].type == T_ERROR;
        if (!lexfail)
            *p->err = saved;
        p->pos = save;
        p->depth = depth;
        return;
    }
    p->pos = save;
    err_raw(p, SYNERR_SYNTAX, a->lineno, a->col_offset + 1, b->end_lineno,
            b->end_col_offset + 1, "invalid syntax. Perhaps you forgot a comma?");
}

static Expr *paren_atom(Parser *p)
{
    Token *open = advance(p);
    if (at(p, T_RPAR)) {
        advance(p);
        Expr *e = new_expr(p, EXPR_Tuple, START(open), END_PREV);
        if (e)
            e->v.Tuple.ctx = CTX_Load;
        return e;
    }
    if (at_kw(p, KW_yield)) {
        Expr *y = yield_expr(p);
        if (!y || !expect(p, T_RPAR))
            return NULL;
        return y;
    }
    Expr *first = star_named_expression(p);
    if (!first)
        return NULL;
    if (at_kw(p, KW_for) && first->kind != EXPR_Starred)
        return comprehension_tail(p, EXPR_GeneratorExp, first, NULL, open);
    if (at_kw(p, KW_for) && invalid_comprehension(p, 0, POS_OF(first), ITERABLE_UNPACKING_MSG))
        return NULL;
    if (at(p, T_RPAR)) {
        advance(p);
        if (first->kind == EXPR_Starred) {
            err_raw(p, SYNERR_SYNTAX, POS_OF(first), "cannot use starred expression here");
            return NULL;
        }
        return first; /* a parenthesised expression keeps its own span */
    }
    if (!at(p, T_COMMA)) {
        missing_comma_check(p, first);
        if (!FAILED)
            syntax_error_here(p);
        return NULL;
    }
    Vec elts = {0};
    vec_push(p, &elts, first);
    while (accept(p, T_COMMA)) {
        if (at(p, T_RPAR))
            break;
        Expr *e = star_named_expression(p);
        if (!e)
            return NULL;
        vec_push(p, &elts, e);
        if (!at(p, T_COMMA) && !at(p, T_RPAR)) {
            missing_comma_check(p, e);
            break;
        }
    }
    if (!expect(p, T_RPAR))
        return NULL;
    Expr *t = new_expr(p, EXPR_Tuple, START(open), END_PREV);
    if (!t)
        return NULL;
    SEQ_FROM_VEC(t->v.Tuple.elts, elts, Expr *);
    t->v.Tuple.ctx = CTX_Load;
    return t;
}

static Expr *list_atom(Parser *p)
{
    Token *open = advance(p);
    Vec elts = {0};
    if (!at(p, T_RSQB)) {
        Expr *first = star_named_expression(p);
        if (!first)
            return NULL;
        if (at_kw(p, KW_for) && first->kind != EXPR_Starred)
            return comprehension_tail(p, EXPR_ListComp, first, NULL, open);
        if (at_kw(p, KW_for) && invalid_comprehension(p, 0, POS_OF(first), ITERABLE_UNPACKING_MSG))
            return NULL;
        vec_push(p, &elts, first);
        if (!at(p, T_COMMA) && !at(p, T_RSQB))
            missing_comma_check(p, first);
        while (!FAILED && accept(p, T_COMMA)) {
            if (at(p, T_RSQB))
                break;
            if (at_kw(p, KW_for) && tuple_comprehension_target(p, &elts, prev(p)))
                return NULL;
            Expr *e = star_named_expression(p);
            if (!e)
                return NULL;
            vec_push(p, &elts, e);
            if (!at(p, T_COMMA) && !at(p, T_RSQB))
                missing_comma_check(p, e);
        }
        if (!FAILED && at_kw(p, KW_for) && elts.count > 1 &&
            tuple_comprehension_target(p, &elts, NULL))
            return NULL;
    }
    if (FAILED || !expect(p, T_RSQB))
        return NULL;
    Expr *l = new_expr(p, EXPR_List, START(open), END_PREV);
    if (!l)
        return NULL;
    SEQ_FROM_VEC(l->v.List.elts, elts, Expr *);
    l->v.List.ctx = CTX_Load;
    return l;
}

/* { ... }: dict or set display or comprehension. */
static Expr *brace_atom(Parser *p)
{
    Token *open = advance(p);
    Vec keys = {0}, values = {0};
    if (accept(p, T_RBRACE))
        return new_expr(p, EXPR_Dict, START(open), END_PREV);
    /* The first item decides between dict and set. */
    int is_dict;
    Expr *k = NULL, *v = NULL;
    Token *dstar = cur(p);
    if (accept(p, T_DOUBLESTAR)) {
        is_dict = 1;
        v = bitwise_or(p);
        if (!v)
            return NULL;
        if (at_kw(p, KW_for) &&
            invalid_comprehension(p, 1, POS_OF(dstar),
                                  "dict unpacking cannot be used in dict comprehension"))
            return NULL;
    } else {
        k = star_named_expression(p);
        if (!k)
            return NULL;
        is_dict = at(p, T_COLON) && k->kind != EXPR_Starred;
        if (is_dict) {
            advance(p);
            v = expression(p);
            if (!v)
                return NULL;
            if (at_kw(p, KW_for))
                return comprehension_tail(p, EXPR_DictComp, k, v, open);
        } else if (at_kw(p, KW_for) && k->kind != EXPR_Starred) {
            return comprehension_tail(p, EXPR_SetComp, k, NULL, open);
        } else if (at_kw(p, KW_for) &&
                   invalid_comprehension(p, 0, POS_OF(k), ITERABLE_UNPACKING_MSG)) {
            return NULL;
        }
    }
    if (is_dict) {
        vec_push(p, &keys, k);
        vec_push(p, &values, v);
    } else {
        vec_push(p, &values, k);
    }
    while (accept(p, T_COMMA)) {
        if (at(p, T_RBRACE))
            break;
        if (is_dict) {
            if (accept(p, T_DOUBLESTAR)) {
                k = NULL;
                v = bitwise_or(p);
            } else {
                k = expression(p);
                if (!k)
                    return NULL;
                if (!at(p, T_COLON)) {
                    /* CPython's invalid_kvpair: at the key's last character */
                    err_raw(p, SYNERR_SYNTAX, k->lineno, k->end_col_offset, k->end_lineno, 0,
                            "':' expected after dictionary key");
                    return NULL;
                }
                advance(p);
                v = expression(p);
            }
            if (!v)
                return NULL;
            vec_push(p, &keys, k);
            vec_push(p, &values, v);
        } else {
            if (at_kw(p, KW_for) && tuple_comprehension_target(p, &values, prev(p)))
                return NULL;
            Expr *e = star_named_expression(p);
            if (!e)
                return NULL;
            vec_push(p, &values, e);
        }
    }
    if (!is_dict && !FAILED && at_kw(p, KW_for) && values.count > 1 &&
        tuple_comprehension_target(p, &values, NULL))
        return NULL;
    if (!at(p, T_RBRACE) && !FAILED && values.count)
        missing_comma_check(p, values.items[values.count - 1]);
    if (FAILED || !expect(p, T_RBRACE))
        return NULL;
    Expr *e = new_expr(p, is_dict ? EXPR_Dict : EXPR_Set, START(open), END_PREV);
    if (!e)
        return NULL;
    if (is_dict) {
        SEQ_FROM_VEC(e->v.Dict.keys, keys, Expr *);
        SEQ_FROM_VEC(e->v.Dict.values, values, Expr *);
    } else {
        SEQ_FROM_VEC(e->v.Set.elts, values, Expr *);
    }
    return e;
}

/* Target lists in `for` clauses: star_targets, parsed as an expression
 * list up to `in` and then checked. */
static Expr *target_list_until_in(Parser *p);

/* for_if_clauses: one or more `for ... in ... [if ...]*` into gens. 0 on
 * error. `lenient` is the PEG rule's own reading, for checks: a clause or
 * an `if` that does not parse ends the list (the tokens are left) instead
 * of failing, as long as one whole `for` clause came first. */
static int for_if_clauses_impl(Parser *p, Vec *gens, int lenient);

static int for_if_clauses(Parser *p, Vec *gens) { return for_if_clauses_impl(p, gens, 0); }

/* Runs one step of a lenient parse: 1 if it parsed; otherwise the parser
 * is put back where it was (0), unless the tokenizer failed (-1). */
static int lenient_step(Parser *p, int ok, int save, int depth, const SyntaxErrorInfo *saved)
{
    if (ok && !FAILED)
        return 1;
    if (p->ntoks && p->toks[p->ntoks - 1].type == T_ERROR)
        return -1;
    *p->err = *saved;
    p->pos = save;
    p->depth = depth;
    return 0;
}

static int for_if_clauses_impl(Parser *p, Vec *gens, int lenient)
{
    if (lenient) {
        int nfor = 0;
        while (at_kw(p, KW_for)) {
            int save = p->pos, depth = p->depth;
            SyntaxErrorInfo saved = *p->err;
            /* one `for` clause, without its `if`s */
            advance(p);
            Expr *target = target_list_until_in(p);
            int ok = target && accept_kw(p, KW_in) && disjunction(p);
            int r = lenient_step(p, ok, save, depth, &saved);
            if (r < 0)
                return 0;
            if (r == 0)
                return nfor > 0;
            nfor++;
            while (at_kw(p, KW_if)) {
                save = p->pos;
                depth = p->depth;
                saved = *p->err;
                advance(p);
                r = lenient_step(p, disjunction(p) != NULL, save, depth, &saved);
                if (r < 0)
                    return 0;
                if (r == 0)
                    return 1;
            }
        }
        return nfor > 0;
    }
    while (at_kw(p, KW_for)) {
        advance(p);
        Comprehension *c = ast_arena_alloc(p->arena, sizeof *c);
        if (!c) {
            oom(p);
            return 0;
        }
        c->target = target_list_until_in(p);
        if (!c->target)
            return 0;
        if (!accept_kw(p, KW_in)) {
            syntax_error_here(p);
            return 0;
        }
        c->iter = disjunction(p);
        if (!c->iter)
            return 0;
        Vec ifs = {0};
        while (at_kw(p, KW_if)) {
            advance(p);
            Expr *cond = disjunction(p);
            if (!cond)
                return 0;
            vec_push(p, &ifs, cond);
        }
        SEQ_FROM_VEC(c->ifs, ifs, Expr *);
        vec_push(p, gens, c);
    }
    return 1;
}

/* CPython's invalid_comprehension and invalid_dict_comprehension rules:
 * what precedes `for` cannot be a comprehension's element (a starred item,
 * a `**` item, an unparenthesised tuple), but the rule only applies when
 * complete for-clauses follow (and, for `**`, the closing brace). Checks
 * that on a throw-away parse, then raises msg at the given span (1-based
 * columns). Returns 1 when it raised; 0 when the rule does not apply and
 * the caller's own error follows (a tokenizer error met on the way is kept
 * and wins, as in CPython). */
static int invalid_comprehension(Parser *p, int need_brace, int l1, int c1, int l2, int c2,
                                 const char *msg)
{
    int save = p->pos, depth = p->depth;
    SyntaxErrorInfo saved = *p->err;
    Vec gens = {0};
    int match = for_if_clauses_impl(p, &gens, 1) && !FAILED && (!need_brace || at(p, T_RBRACE));
    int lexfail = FAILED && p->ntoks && p->toks[p->ntoks - 1].type == T_ERROR;
    if (!lexfail)
        *p->err = saved;
    p->pos = save;
    p->depth = depth;
    if (lexfail)
        return 1;
    if (!match)
        return 0;
    err_raw(p, SYNERR_SYNTAX, l1, c1, l2, c2, "%s", msg);
    return 1;
}

/* `[a, b for ...]` / `{a, b for ...}` (CPython's invalid_comprehension):
 * the elements parsed so far and, when the `for` directly follows a comma,
 * that comma. */
static int tuple_comprehension_target(Parser *p, Vec *elts, Token *comma)
{
    Expr *a = elts->items[0], *last = elts->items[elts->count - 1];
    if (elts->count == 1 && comma)
        return invalid_comprehension(p, 0, a->lineno, a->col_offset + 1, comma->end_lineno,
                                     comma->end_col_offset + 1, COMPREHENSION_TARGET_MSG);
    return invalid_comprehension(p, 0, a->lineno, a->col_offset + 1, last->end_lineno,
                                 last->end_col_offset + 1, COMPREHENSION_TARGET_MSG);
}

/* for_if_clauses after the element(s), then the closing bracket. */
static Expr *comprehension_tail(Parser *p, ExprKind kind, Expr *elt, Expr *value,
                                Token *open)
{
    Vec gens = {0};
    if (!for_if_clauses(p, &gens))
        return NULL;
    Expr *e;
    if (open) {
        TokenType close = open->type == T_LPAR ? T_RPAR : open->type == T_LSQB ? T_RSQB : T_RBRACE;
        if (!expect(p, close))
            return NULL;
        e = new_expr(p, kind, START(open), END_PREV);
    } else {
        /* caller fixes the span */
        e = new_expr(p, kind, START(elt), END_PREV);
    }
    if (!e)
        return NULL;
    if (kind == EXPR_DictComp) {
        e->v.DictComp.key = elt;
        e->v.DictComp.value = value;
        SEQ_FROM_VEC(e->v.DictComp.generators, gens, Comprehension *);
    } else {
        e->v.ListComp.elt = elt;
        SEQ_FROM_VEC(e->v.ListComp.generators, gens, Comprehension *);
    }
    return e;
}

static Expr *atom(Parser *p)
{
    Token *t = cur(p);
    if (FAILED)
        return NULL;
    switch (t->type) {
    case T_NAME:
        switch (t->kw) {
        case KW_NONE_: advance(p); return name_expr(p, t, CTX_Load);
        case KW_None: advance(p); return const_expr(p, CONST_None, t);
        case KW_True: advance(p); return const_expr(p, CONST_True, t);
        case KW_False: advance(p); return const_expr(p, CONST_False, t);
        default: break;
        }
        break;
    case T_NUMBER: advance(p); return number(p, t);
    case T_STRING: return strings(p);
    case T_ELLIPSIS: advance(p); return const_expr(p, CONST_Ellipsis, t);
    case T_LPAR: {
        if (!enter(p))
            return NULL;
        return LEAVE(paren_atom(p));
    }
    case T_LSQB: {
        if (!enter(p))
            return NULL;
        return LEAVE(list_atom(p));
    }
    case T_LBRACE: {
        if (!enter(p))
            return NULL;
        return LEAVE(brace_atom(p));
    }
    default: break;
    }
    syntax_error_here(p);
    return NULL;
}

/* ------------------------------------------------------------ primary */

static Expr *primary(Parser *p)
{
    Token *st = cur(p);
    Expr *e = atom(p);
    while (e && !FAILED) {
        Token *t = cur(p);
        if (t->type == T_DOT) {
            advance(p);
            Token *n = expect_name(p);
            if (!n)
                return NULL;
            Expr *a = new_expr(p, EXPR_Attribute, START(st), END_PREV);
            if (!a)
                return NULL;
            a->v.Attribute.value = e;
            a->v.Attribute.attr = tok_str(p, n);
            a->v.Attribute.ctx = CTX_Load;
            e = a;
        } else if (t->type == T_LPAR) {
            if (!enter(p))
                return NULL;
            advance(p);
            Vec args = {0}, kws = {0};
            if (!call_args(p, &args, &kws, t))
                return LEAVE(NULL);
            p->depth--;
            Expr *c = new_expr(p, EXPR_Call, START(st), END_PREV);
            if (!c)
                return NULL;
            c->v.Call.func = e;
            SEQ_FROM_VEC(c->v.Call.args, args, Expr *);
            SEQ_FROM_VEC(c->v.Call.keywords, kws, Keyword_ *);
            e = c;
        } else if (t->type == T_LSQB) {
            if (!enter(p))
                return NULL;
            advance(p);
            Expr *s = slices(p);
            p->depth--;
            if (!s || !expect(p, T_RSQB))
                return NULL;
            Expr *sub = new_expr(p, EXPR_Subscript, START(st), END_PREV);
            if (!sub)
                return NULL;
            sub->v.Subscript.value = e;
            sub->v.Subscript.slice = s;
            sub->v.Subscript.ctx = CTX_Load;
            e = sub;
        } else {
            break;
        }
    }
    return FAILED ? NULL : e;
}

/* slice: [expression] ':' [expression] [':' [expression]] | named_expression */
static Expr *slice(Parser *p)
{
    Token *start = cur(p);
    Expr *lower = NULL;
    if (!at(p, T_COLON)) {
        lower = named_expression(p);
        if (!lower)
            return NULL;
        if (!at(p, T_COLON))
            return lower;
    }
    advance(p); /* ':' */
    Expr *upper = NULL, *step = NULL;
    if (!at(p, T_COLON) && !at(p, T_COMMA) && !at(p, T_RSQB)) {
        upper = expression(p);
        if (!upper)
            return NULL;
    }
    if (accept(p, T_COLON)) {
        if (!at(p, T_COMMA) && !at(p, T_RSQB)) {
            step = expression(p);
            if (!step)
                return NULL;
        }
    }
    Expr *s = lower ? new_expr(p, EXPR_Slice, START(start), END_PREV)
                    : new_expr(p, EXPR_Slice, START(start), END_PREV);
    if (!s)
        return NULL;
    s->v.Slice.lower = lower;
    s->v.Slice.upper = upper;
    s->v.Slice.step = step;
    return s;
}

/* slices: slice !',' | ','.(slice | starred_expression)+ [','] */
static Expr *slices(Parser *p)
{
    Token *start = cur(p);
    Expr *first;
    if (at(p, T_STAR)) {
        first = star_named_expression(p);
    } else {
        first = slice(p);
    }
    if (!first)
        return NULL;
    if (!at(p, T_COMMA)) {
        if (!at(p, T_RSQB))
            missing_comma_check(p, first);
        if (first->kind == EXPR_Starred) {
            /* a[*b] is a one-element tuple */
            Expr *t = new_expr(p, EXPR_Tuple, START(first), END_OF(first));
            if (!t)
                return NULL;
            Expr **items = ast_arena_alloc(p->arena, sizeof(Expr *));
            if (!items) {
                oom(p);
                return NULL;
            }
            items[0] = first;
            t->v.Tuple.elts.count = 1;
            t->v.Tuple.elts.items = items;
            t->v.Tuple.ctx = CTX_Load;
            return t;
        }
        return first;
    }
    Vec elts = {0};
    vec_push(p, &elts, first);
    while (accept(p, T_COMMA)) {
        if (at(p, T_RSQB))
            break;
        Expr *e = at(p, T_STAR) ? star_named_expression(p) : slice(p);
        if (!e)
            return NULL;
        vec_push(p, &elts, e);
    }
    Expr *t = new_expr(p, EXPR_Tuple, START(start), END_PREV);
    if (!t)
        return NULL;
    SEQ_FROM_VEC(t->v.Tuple.elts, elts, Expr *);
    t->v.Tuple.ctx = CTX_Load;
    return t;
}

static Keyword_ *new_keyword(Parser *p, const char *arg, Expr *value, int l, int c)
{
    Keyword_ *k = ast_arena_alloc(p->arena, sizeof *k);
    if (!k) {
        oom(p);
        return NULL;
    }
    k->arg = arg;
    k->value = value;
    k->lineno = l;
    k->col_offset = c;
    k->end_lineno = prev(p)->end_lineno;
    k->end_col_offset = prev(p)->end_col_offset;
    return k;
}

/* Arguments of a call (after '('), through the closing ')'. */
static int call_args(Parser *p, Vec *args, Vec *kws, Token *open)
{
    int seen_kw = 0, seen_kwunpack = 0;
    while (!at(p, T_RPAR) && !FAILED) {
        Token *t = cur(p);
        if (t->type == T_DOUBLESTAR) {
            advance(p);
            Expr *v = expression(p);
            if (!v)
                return 0;
            vec_push(p, kws, new_keyword(p, NULL, v, START(t)));
            seen_kwunpack = 1;
        } else if (t->type == T_STAR) {
            advance(p);
            Expr *v = expression(p);
            if (!v)
                return 0;
            Expr *s = new_expr(p, EXPR_Starred, START(t), END_PREV);
            if (!s)
                return 0;
            s->v.Starred.value = v;
            s->v.Starred.ctx = CTX_Load;
            if (at_kw(p, KW_for)) {
                /* f(*x for x in y): the call's parentheses make a generator
                 * expression; after other arguments it is not one */
                if (!args->count && !kws->count) {
                    if (invalid_comprehension(p, 0, POS_OF(s), ITERABLE_UNPACKING_MSG))
                        return 0;
                } else if (comprehension_tail(p, EXPR_GeneratorExp, s, NULL, NULL)) {
                    err_raw(p, SYNERR_SYNTAX, s->lineno, s->col_offset + 1, prev(p)->end_lineno,
                            prev(p)->end_col_offset + 1, "Generator expression must be parenthesized");
                    return 0;
                }
            }
            if (seen_kwunpack) {
                err_raw(p, SYNERR_SYNTAX, POS_OF(t),
                        "iterable argument unpacking follows keyword argument unpacking");
                return 0;
            }
            vec_push(p, args, s);
        } else if (t->type == T_NAME && t->kw == KW_NONE_ && peek_is(p, 1, T_EQUAL)) {
            advance(p);
            advance(p);
            Expr *v = expression(p);
            if (!v)
                return 0;
            vec_push(p, kws, new_keyword(p, tok_str(p, t), v, START(t)));
            seen_kw = 1;
        } else {
            Expr *e = named_expression(p);
            if (!e)
                return 0;
            if (at(p, T_EQUAL)) {
                /* f(a.b=1), f(1=2): invalid_kwarg */
                Token *eq = cur(p);
                if (e->kind == EXPR_Constant &&
                    (e->v.Constant.value.kind == CONST_True ||
                     e->v.Constant.value.kind == CONST_False ||
                     e->v.Constant.value.kind == CONST_None)) {
                    err_raw(p, SYNERR_SYNTAX, POS_OF(t), "cannot assign to %s",
                            expr_name(e));
                    return 0;
                }
                err_raw(p, SYNERR_SYNTAX, e->lineno, e->col_offset + 1, eq->end_lineno,
                        eq->end_col_offset + 1,
                        "expression cannot contain assignment, perhaps you meant \"==\"?");
                return 0;
            }
            if (at_kw(p, KW_for)) {
                /* A bare generator argument borrows the call's
                 * parentheses, so it must be the only argument. */
                Expr *g = comprehension_tail(p, EXPR_GeneratorExp, e, NULL, NULL);
                if (!g)
                    return 0;
                if (args->count || kws->count || !at(p, T_RPAR)) {
                    if (at(p, T_RPAR) || at(p, T_COMMA))
                        err_raw(p, SYNERR_SYNTAX, e->lineno, e->col_offset + 1,
                                prev(p)->end_lineno, prev(p)->end_col_offset + 1,
                                "Generator expression must be parenthesized");
                    else
                        syntax_error_here(p);
                    return 0;
                }
                Token *close = cur(p);
                g->lineno = open->lineno;
                g->col_offset = open->col_offset;
                g->end_lineno = close->end_lineno;
                g->end_col_offset = close->end_col_offset;
                vec_push(p, args, g);
                break;
            }
            /* CPython reports these at the token after the argument. */
            if (seen_kwunpack || seen_kw) {
                Token *n = cur(p);
                if (!FAILED)
                    err_raw(p, SYNERR_SYNTAX, POS_OF(n), seen_kwunpack
                            ? "positional argument follows keyword argument unpacking"
                            : "positional argument follows keyword argument");
                return 0;
            }
            vec_push(p, args, e);
            if (!at(p, T_COMMA) && !at(p, T_RPAR)) {
                missing_comma_check(p, e);
                if (FAILED)
                    return 0;
            }
        }
        if (FAILED)
            return 0;
        if (!accept(p, T_COMMA))
            break;
        if (at_kw(p, KW_for) && args->count == 1 &&
            ((Expr *)args->items[0])->kind == EXPR_GeneratorExp) {
            break;
        }
    }
    if (FAILED)
        return 0;
    if (args->count > 1 || kws->count) {
        for (int i = 0; i < args->count; i++) {
            Expr *a = args->items[i];
            if (a->kind == EXPR_GeneratorExp && a->col_offset == open->col_offset &&
                a->lineno == open->lineno) {
                err_raw(p, SYNERR_SYNTAX, POS_OF(a),
                        "Generator expression must be parenthesized");
                return 0;
            }
        }
    }
    return expect(p, T_RPAR) != NULL;
}

/* ---------------------------------------------------- operator chain */

static Expr *factor(Parser *p);

/* power: primary ['**' factor] */
static Expr *power(Parser *p)
{
    Token *st = cur(p);
    Expr *left = primary(p);
    if (!left || !at(p, T_DOUBLESTAR))
        return left;
    advance(p);
    if (!enter(p))
        return NULL;
    Expr *right = factor(p);
    p->depth--;
    if (!right)
        return NULL;
    Expr *e = new_expr(p, EXPR_BinOp, START(st), END_PREV);
    if (!e)
        return NULL;
    e->v.BinOp.left = left;
    e->v.BinOp.op = OP_Pow;
    e->v.BinOp.right = right;
    return e;
}

/* factor: ('+'|'-'|'~') factor | power */
static Expr *factor(Parser *p)
{
    Token *t = cur(p);
    UnaryOpKind op;
    switch (t->type) {
    case T_PLUS: op = UNARY_UAdd; break;
    case T_MINUS: op = UNARY_USub; break;
    case T_TILDE: op = UNARY_Invert; break;
    default: return power(p);
    }
    advance(p);
    if (!enter(p))
        return NULL;
    Expr *operand = factor(p);
    p->depth--;
    if (!operand)
        return NULL;
    Expr *e = new_expr(p, EXPR_UnaryOp, START(t), END_PREV);
    if (!e)
        return NULL;
    e->v.UnaryOp.op = op;
    e->v.UnaryOp.operand = operand;
    return e;
}

/* Binary operator levels from loosest to tightest; each is a left-
 * associative loop over the next. */
typedef struct { TokenType tok; OperatorKind op; } BinOpDef;
static const BinOpDef level_term[] = {
    {T_STAR, OP_Mult}, {T_SLASH, OP_Div}, {T_DOUBLESLASH, OP_FloorDiv},
    {T_PERCENT, OP_Mod}, {T_AT, OP_MatMult}, {T__COUNT, 0}};
static const BinOpDef level_sum[] = {{T_PLUS, OP_Add}, {T_MINUS, OP_Sub}, {T__COUNT, 0}};
static const BinOpDef level_shift[] = {
    {T_LEFTSHIFT, OP_LShift}, {T_RIGHTSHIFT, OP_RShift}, {T__COUNT, 0}};
static const BinOpDef level_and[] = {{T_AMPER, OP_BitAnd}, {T__COUNT, 0}};
static const BinOpDef level_xor[] = {{T_CIRCUMFLEX, OP_BitXor}, {T__COUNT, 0}};
static const BinOpDef level_or[] = {{T_VBAR, OP_BitOr}, {T__COUNT, 0}};
static const BinOpDef *const levels[] = {level_or, level_xor, level_and,
                                         level_shift, level_sum, level_term};
#define NLEVELS 6

static Expr *binop_level(Parser *p, int level)
{
    if (level == NLEVELS)
        return factor(p);
    Token *st = cur(p);
    Expr *left = binop_level(p, level + 1);
    while (left && !FAILED) {
        TokenType tt = cur_type(p);
        const BinOpDef *d = levels[level];
        while (d->tok != T__COUNT && d->tok != tt)
            d++;
        if (d->tok == T__COUNT)
            break;
        advance(p);
        Expr *right = binop_level(p, level + 1);
        if (!right)
            return NULL;
        Expr *e = new_expr(p, EXPR_BinOp, START(st), END_PREV);
        if (!e)
            return NULL;
        e->v.BinOp.left = left;
        e->v.BinOp.op = d->op;
        e->v.BinOp.right = right;
        left = e;
    }
    return FAILED ? NULL : left;
}

static Expr *bitwise_or(Parser *p) { return binop_level(p, 0); }

/* comparison: bitwise_or (compare_op bitwise_or)* */
static int compare_op(Parser *p, CmpOpKind *op)
{
    Token *t = cur(p);
    switch (t->type) {
    case T_EQEQUAL: *op = CMP_Eq; advance(p); return 1;
    case T_NOTEQUAL:
        if (t->len == 2 && t->start[0] == '<') {
            /* '<>' only exists for the Barry-as-FLUFL easter egg */
            syntax_error_here(p);
            return 0;
        }
        *op = CMP_NotEq; advance(p); return 1;
    case T_LESS: *op = CMP_Lt; advance(p); return 1;
    case T_LESSEQUAL: *op = CMP_LtE; advance(p); return 1;
    case T_GREATER: *op = CMP_Gt; advance(p); return 1;
    case T_GREATEREQUAL: *op = CMP_GtE; advance(p); return 1;
    case T_NAME:
        if (t->kw == KW_in) { *op = CMP_In; advance(p); return 1; }
        if (t->kw == KW_not && peek_kw(p, 1, KW_in)) {
            *op = CMP_NotIn; advance(p); advance(p); return 1;
        }
        if (t->kw == KW_is) {
            advance(p);
            *op = accept_kw(p, KW_not) ? CMP_IsNot : CMP_Is;
            return 1;
        }
        return 0;
    default:
        return 0;
    }
}

static Expr *comparison_ex(Parser *p, int allow_in)
{
    Token *st = cur(p);
    Expr *left = bitwise_or(p);
    if (!left)
        return NULL;
    Vec ops = {0}, comps = {0};
    CmpOpKind op;
    for (;;) {
        if (!allow_in && (at_kw(p, KW_in)))
            break;
        if (!compare_op(p, &op))
            break;
        Expr *right = bitwise_or(p);
        if (!right)
            return NULL;
        vec_push(p, &ops, (void *)(intptr_t)op);
        vec_push(p, &comps, right);
    }
    if (FAILED)
        return NULL;
    if (!ops.count)
        return left;
    Expr *e = new_expr(p, EXPR_Compare, START(st), END_PREV);
    if (!e)
        return NULL;
    e->v.Compare.left = left;
    CmpOpKind *o = ast_arena_alloc(p->arena, sizeof(CmpOpKind) * (size_t)ops.count);
    if (!o) {
        oom(p);
        return NULL;
    }
    for (int i = 0; i < ops.count; i++)
        o[i] = (CmpOpKind)(intptr_t)ops.items[i];
    e->v.Compare.ops.count = ops.count;
    e->v.Compare.ops.items = o;
    SEQ_FROM_VEC(e->v.Compare.comparators, comps, Expr *);
    return e;
}

/* inversion: 'not' inversion | comparison */
static Expr *inversion(Parser *p)
{
    Token *t = cur(p);
    if (t->type == T_NAME && t->kw == KW_not) {
        advance(p);
        if (!enter(p))
            return NULL;
        Expr *operand = inversion(p);
        p->depth--;
        if (!operand)
            return NULL;
        Expr *e = new_expr(p, EXPR_UnaryOp, START(t), END_PREV);
        if (!e)
            return NULL;
        e->v.UnaryOp.op = UNARY_Not;
        e->v.UnaryOp.operand = operand;
        return e;
    }
    return comparison_ex(p, 1);
}

static Expr *boolop(Parser *p, Keyword kw)
{
    Token *st = cur(p);
    Expr *first = kw == KW_or ? boolop(p, KW_and) : inversion(p);
    if (!first || !at_kw(p, kw))
        return first;
    Vec values = {0};
    vec_push(p, &values, first);
    while (accept_kw(p, kw)) {
        Expr *e = kw == KW_or ? boolop(p, KW_and) : inversion(p);
        if (!e)
            return NULL;
        vec_push(p, &values, e);
    }
    Expr *e = new_expr(p, EXPR_BoolOp, START(st), END_PREV);
    if (!e)
        return NULL;
    e->v.BoolOp.op = kw == KW_or ? BOOL_Or : BOOL_And;
    SEQ_FROM_VEC(e->v.BoolOp.values, values, Expr *);
    return e;
}

static Expr *disjunction(Parser *p)
{
    int start = p->pos;
    Expr *e = boolop(p, KW_or);
    if (e) {
        p->disj_start = start;
        p->disj_end = p->pos;
    }
    return e;
}

static Expr *lambdef(Parser *p)
{
    Token *t = advance(p);
    Arguments *args = parameters(p, 1);
    if (!args || !expect(p, T_COLON))
        return NULL;
    Expr *body = expression(p);
    if (!body)
        return NULL;
    Expr *e = new_expr(p, EXPR_Lambda, START(t), END_PREV);
    if (!e)
        return NULL;
    e->v.Lambda.args = args;
    e->v.Lambda.body = body;
    return e;
}

/* expression: disjunction ['if' disjunction 'else' expression] | lambdef */
static Expr *expression(Parser *p)
{
    if (!enter(p))
        return NULL;
    if (at_kw(p, KW_lambda))
        return LEAVE(lambdef(p));
    Token *st = cur(p);
    Expr *body = disjunction(p);
    if (!body || !at_kw(p, KW_if))
        return LEAVE(body);
    advance(p);
    Expr *test = disjunction(p);
    if (!test)
        return LEAVE(NULL);
    if (!at_kw(p, KW_else)) {
        if (!FAILED) {
            Token *t = cur(p);
            err_raw(p, SYNERR_SYNTAX, body->lineno, body->col_offset + 1,
                    test->end_lineno, test->end_col_offset + 1,
                    "expected 'else' after 'if' expression");
            (void)t;
        }
        return LEAVE(NULL);
    }
    advance(p);
    Expr *orelse = expression(p);
    if (!orelse)
        return LEAVE(NULL);
    Expr *e = new_expr(p, EXPR_IfExp, START(st), END_PREV);
    if (!e)
        return LEAVE(NULL);
    e->v.IfExp.test = test;
    e->v.IfExp.body = body;
    e->v.IfExp.orelse = orelse;
    return LEAVE(e);
}

/* named_expression: NAME ':=' expression | expression !':=' */
static Expr *named_expression(Parser *p)
{
    Token *t = cur(p);
    if (t->type == T_NAME && t->kw == KW_NONE_ && peek_is(p, 1, T_COLONEQUAL)) {
        advance(p);
        advance(p);
        Expr *value = expression(p);
        if (!value)
            return NULL;
        Expr *target = name_expr(p, t, CTX_Store);
        Expr *e = target ? new_expr(p, EXPR_NamedExpr, START(t), END_PREV) : NULL;
        if (!e)
            return NULL;
        e->v.NamedExpr.target = target;
        e->v.NamedExpr.value = value;
        return e;
    }
    Expr *e = expression(p);
    if (e && at(p, T_COLONEQUAL)) {
        err_raw(p, SYNERR_SYNTAX, POS_OF(e), "cannot use assignment expressions with %s",
                expr_name(e));
        return NULL;
    }
    return e;
}

/* star_named_expression: '*' bitwise_or | named_expression */
static Expr *star_named_expression(Parser *p)
{
    Token *t = cur(p);
    if (t->type == T_STAR) {
        advance(p);
        Expr *v = bitwise_or(p);
        if (!v)
            return NULL;
        Expr *e = new_expr(p, EXPR_Starred, START(t), END_PREV);
        if (!e)
            return NULL;
        e->v.Starred.value = v;
        e->v.Starred.ctx = CTX_Load;
        return e;
    }
    return named_expression(p);
}

/* star_expression: '*' bitwise_or | expression */
static Expr *star_expression(Parser *p)
{
    if (at(p, T_STAR))
        return star_named_expression(p);
    return expression(p);
}

/* Can the current token start an expression? Used to find where an
 * expression list ends. */
static int starts_expression(Parser *p)
{
    Token *t = cur(p);
    switch (t->type) {
    case T_NAME:
        return t->kw == KW_NONE_ || t->kw == KW_None || t->kw == KW_True ||
               t->kw == KW_False || t->kw == KW_not || t->kw == KW_lambda ||
               t->kw == KW_await;
    case T_NUMBER: case T_STRING: case T_LPAR: case T_LSQB: case T_LBRACE:
    case T_MINUS: case T_PLUS: case T_TILDE: case T_ELLIPSIS: case T_STAR:
        return 1;
    default:
        return 0;
    }
}

/* A comma-separated list that becomes a tuple when it has a comma.
 * `one` parses each element. */
static Expr *expr_list(Parser *p, Expr *(*one)(Parser *))
{
    Token *st = cur(p);
    Expr *first = one(p);
    if (!first || !at(p, T_COMMA))
        return first;
    Vec elts = {0};
    vec_push(p, &elts, first);
    while (accept(p, T_COMMA)) {
        if (!starts_expression(p))
            break;
        Expr *e = one(p);
        if (!e)
            return NULL;
        vec_push(p, &elts, e);
    }
    Expr *t = new_expr(p, EXPR_Tuple, START(st), END_PREV);
    if (!t)
        return NULL;
    SEQ_FROM_VEC(t->v.Tuple.elts, elts, Expr *);
    t->v.Tuple.ctx = CTX_Load;
    return t;
}

static Expr *star_expressions(Parser *p) { return expr_list(p, star_expression); }

/* The target of `for` (in statements and comprehensions): star_targets,
 * which stop before `in`. */
static Expr *for_target_elem(Parser *p)
{
    Token *t = cur(p);
    if (t->type == T_STAR) {
        advance(p);
        Expr *v = for_target_elem(p);
        if (!v)
            return NULL;
        Expr *e = new_expr(p, EXPR_Starred, START(t), END_PREV);
        if (!e)
            return NULL;
        e->v.Starred.value = v;
        return e;
    }
    /* Targets are primaries (names, attributes, subscripts, bracketed
     * lists); parse one comparison without `in` for better messages. */
    return comparison_ex(p, 0);
}

static Expr *target_list_until_in(Parser *p)
{
    Expr *e = expr_list(p, for_target_elem);
    if (!e)
        return NULL;
    if (!check_target(p, e, 0))
        return NULL;
    return e;
}

static Expr *yield_expr(Parser *p)
{
    Token *t = advance(p);
    if (accept_kw(p, KW_from)) {
        Expr *v = expression(p);
        if (!v)
            return NULL;
        Expr *e = new_expr(p, EXPR_YieldFrom, START(t), END_PREV);
        if (e)
            e->v.YieldFrom.value = v;
        return e;
    }
    Expr *v = NULL;
    if (starts_expression(p)) {
        v = star_expressions(p);
        if (!v)
            return NULL;
    }
    Expr *e = new_expr(p, EXPR_Yield, START(t), END_PREV);
    if (e)
        e->v.Yield.value = v;
    return e;
}

/* ------------------------------------------------------------ strings */

/* String literals: prefixes, escapes, implicit concatenation and
 * f-strings (parsed into JoinedStr/FormattedValue like CPython 3.11, whose
 * tokenizer hands whole f-strings to the parser as STRING tokens). */

/* A growable byte buffer in the scratch arena. */
typedef struct {
    char *data;
    size_t len, cap;
} Bytes;

static int bytes_put(Parser *p, Bytes *b, const char *s, size_t n)
{
    if (b->len + n + 1 > b->cap) {
        size_t cap = b->cap ? b->cap : 64;
        while (b->len + n + 1 > cap)
            cap *= 2;
        char *nd = ast_arena_alloc(p->scratch, cap);
        if (!nd) {
            oom(p);
            return 0;
        }
        if (b->len)
            memcpy(nd, b->data, b->len);
        b->data = nd;
        b->cap = cap;
    }
    memcpy(b->data + b->len, s, n);
    b->len += n;
    b->data[b->len] = 0;
    return 1;
}

static void put_utf8(Parser *p, Bytes *b, unsigned cp)
{
    char s[4];
    size_t n;
    /* Lone surrogates (from \ud800) are stored as 3-byte sequences
     * ("WTF-8"); see docs/frontend.md. */
    if (cp < 0x80) { s[0] = (char)cp; n = 1; }
    else if (cp < 0x800) {
        s[0] = (char)(0xC0 | (cp >> 6)); s[1] = (char)(0x80 | (cp & 0x3F)); n = 2;
    } else if (cp < 0x10000) {
        s[0] = (char)(0xE0 | (cp >> 12)); s[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
        s[2] = (char)(0x80 | (cp & 0x3F)); n = 3;
    } else {
        s[0] = (char)(0xF0 | (cp >> 18)); s[1] = (char)(0x80 | ((cp >> 12) & 0x3F));
        s[2] = (char)(0x80 | ((cp >> 6) & 0x3F)); s[3] = (char)(0x80 | (cp & 0x3F)); n = 4;
    }
    bytes_put(p, b, s, n);
}

/* A small table for \N{...}; names are matched case-insensitively, plus
 * the generated families LATIN SMALL/CAPITAL LETTER X and DIGIT NAME. */
static const struct { const char *name; unsigned cp; } unicode_names[] = {
    {"NULL", 0x0}, {"CHARACTER TABULATION", 0x9}, {"LINE FEED", 0xA},
    {"CARRIAGE RETURN", 0xD}, {"ESCAPE", 0x1B}, {"SPACE", 0x20},
    {"EXCLAMATION MARK", 0x21}, {"QUOTATION MARK", 0x22}, {"NUMBER SIGN", 0x23},
    {"DOLLAR SIGN", 0x24}, {"PERCENT SIGN", 0x25}, {"AMPERSAND", 0x26},
    {"APOSTROPHE", 0x27}, {"ASTERISK", 0x2A}, {"PLUS SIGN", 0x2B}, {"COMMA", 0x2C},
    {"HYPHEN-MINUS", 0x2D}, {"FULL STOP", 0x2E}, {"SOLIDUS", 0x2F}, {"COLON", 0x3A},
    {"SEMICOLON", 0x3B}, {"LESS-THAN SIGN", 0x3C}, {"EQUALS SIGN", 0x3D},
    {"GREATER-THAN SIGN", 0x3E}, {"QUESTION MARK", 0x3F}, {"COMMERCIAL AT", 0x40},
    {"REVERSE SOLIDUS", 0x5C}, {"LOW LINE", 0x5F}, {"GRAVE ACCENT", 0x60},
    {"TILDE", 0x7E}, {"DELETE", 0x7F}, {"NO-BREAK SPACE", 0xA0},
    {"POUND SIGN", 0xA3}, {"YEN SIGN", 0xA5}, {"SECTION SIGN", 0xA7},
    {"COPYRIGHT SIGN", 0xA9}, {"REGISTERED SIGN", 0xAE}, {"DEGREE SIGN", 0xB0},
    {"PLUS-MINUS SIGN", 0xB1}, {"MICRO SIGN", 0xB5}, {"PILCROW SIGN", 0xB6},
    {"MIDDLE DOT", 0xB7}, {"MULTIPLICATION SIGN", 0xD7}, {"DIVISION SIGN", 0xF7},
    {"LATIN SMALL LETTER E WITH ACUTE", 0xE9}, {"LATIN SMALL LETTER SHARP S", 0xDF},
    {"GREEK SMALL LETTER ALPHA", 0x3B1}, {"GREEK SMALL LETTER BETA", 0x3B2},
    {"GREEK SMALL LETTER GAMMA", 0x3B3}, {"GREEK SMALL LETTER DELTA", 0x3B4},
    {"GREEK SMALL LETTER PI", 0x3C0}, {"GREEK SMALL LETTER LAMDA", 0x3BB},
    {"GREEK SMALL LETTER MU", 0x3BC}, {"GREEK SMALL LETTER SIGMA", 0x3C3},
    {"GREEK CAPITAL LETTER OMEGA", 0x3A9}, {"GREEK CAPITAL LETTER DELTA", 0x394},
    {"GREEK CAPITAL LETTER SIGMA", 0x3A3}, {"EN DASH", 0x2013}, {"EM DASH", 0x2014},
    {"LEFT SINGLE QUOTATION MARK", 0x2018}, {"RIGHT SINGLE QUOTATION MARK", 0x2019},
    {"LEFT DOUBLE QUOTATION MARK", 0x201C}, {"RIGHT DOUBLE QUOTATION MARK", 0x201D},
    {"BULLET", 0x2022}, {"HORIZONTAL ELLIPSIS", 0x2026}, {"EURO SIGN", 0x20AC},
    {"TRADE MARK SIGN", 0x2122}, {"LEFTWARDS ARROW", 0x2190}, {"UPWARDS ARROW", 0x2191},
    {"RIGHTWARDS ARROW", 0x2192}, {"DOWNWARDS ARROW", 0x2193}, {"INFINITY", 0x221E},
    {"NOT EQUAL TO", 0x2260}, {"LESS-THAN OR EQUAL TO", 0x2264},
    {"GREATER-THAN OR EQUAL TO", 0x2265}, {"BLACK STAR", 0x2605}, {"WHITE STAR", 0x2606},
    {"SNOWMAN", 0x2603}, {"BLACK HEART SUIT", 0x2665}, {"CHECK MARK", 0x2713},
    {"HEAVY CHECK MARK", 0x2714}, {"BALLOT X", 0x2717}, {"HEAVY BLACK HEART", 0x2764},
    {"WHITE SMILING FACE", 0x263A}, {"GRINNING FACE", 0x1F600}, {"THUMBS UP SIGN", 0x1F44D},
    {"SNAKE", 0x1F40D}, {"PILE OF POO", 0x1F4A9}, {"ZERO WIDTH SPACE", 0x200B},
    {"REPLACEMENT CHARACTER", 0xFFFD},
};

static int name_eq(const char *a, size_t n, const char *b)
{
    if (strlen(b) != n)
        return 0;
    for (size_t i = 0; i < n; i++) {
        char c = a[i];
        if (c >= 'a' && c <= 'z')
            c = (char)(c - 32);
        if (c != b[i])
            return 0;
    }
    return 1;
}

static int lookup_unicode_name(const char *s, size_t n, unsigned *cp)
{
    static const char *const digits[] = {"ZERO", "ONE", "TWO", "THREE", "FOUR",
                                         "FIVE", "SIX", "SEVEN", "EIGHT", "NINE"};
    for (size_t i = 0; i < sizeof unicode_names / sizeof unicode_names[0]; i++)
        if (name_eq(s, n, unicode_names[i].name)) {
            *cp = unicode_names[i].cp;
            return 1;
        }
    char tmp[40];
    for (int c = 0; c < 26; c++) {
        snprintf(tmp, sizeof tmp, "LATIN SMALL LETTER %c", 'A' + c);
        if (name_eq(s, n, tmp)) { *cp = (unsigned)('a' + c); return 1; }
        snprintf(tmp, sizeof tmp, "LATIN CAPITAL LETTER %c", 'A' + c);
        if (name_eq(s, n, tmp)) { *cp = (unsigned)('A' + c); return 1; }
    }
    for (int d = 0; d < 10; d++) {
        snprintf(tmp, sizeof tmp, "DIGIT %s", digits[d]);
        if (name_eq(s, n, tmp)) { *cp = (unsigned)('0' + d); return 1; }
    }
    return 0;
}

static int hexval(int c)
{
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}

/* String-level errors are reported like CPython's RAISE_SYNTAX_ERROR: at
 * the token after the literal (usually a zero-width NEWLINE). */
static void string_error(Parser *p, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
static void string_error(Parser *p, const char *fmt, ...)
{
    char msg[256];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    Token *t = cur(p);
    if (FAILED)
        return;
    err_raw(p, SYNERR_SYNTAX, POS_OF(t), "%s", msg);
}

/* Decodes backslash escapes of a non-raw literal body [s, s+n) into b. */
static int decode_escapes(Parser *p, const char *s, size_t n, int is_bytes, Bytes *b)
{
    size_t i = 0;
    while (i < n) {
        const char *run = s + i;
        while (i < n && s[i] != '\\')
            i++;
        if (s + i > run && !bytes_put(p, b, run, (size_t)(s + i - run)))
            return 0;
        if (i >= n)
            break;
        size_t esc = i; /* position of the backslash */
        i++;
        if (i >= n) {
            bytes_put(p, b, "\\", 1);
            break;
        }
        char c = s[i++];
        unsigned cp;
        switch (c) {
        case '\n': break; /* line continuation inside the literal */
        case '\\': bytes_put(p, b, "\\", 1); break;
        case '\'': bytes_put(p, b, "'", 1); break;
        case '"': bytes_put(p, b, "\"", 1); break;
        case 'a': bytes_put(p, b, "\a", 1); break;
        case 'b': bytes_put(p, b, "\b", 1); break;
        case 'f': bytes_put(p, b, "\f", 1); break;
        case 'n': bytes_put(p, b, "\n", 1); break;
        case 'r': bytes_put(p, b, "\r", 1); break;
        case 't': bytes_put(p, b, "\t", 1); break;
        case 'v': bytes_put(p, b, "\v", 1); break;
        case '0': case '1': case '2': case '3': case '4': case '5': case '6': case '7':
            cp = (unsigned)(c - '0');
            for (int k = 0; k < 2 && i < n && s[i] >= '0' && s[i] <= '7'; k++)
                cp = cp * 8 + (unsigned)(s[i++] - '0');
            if (is_bytes) {
                char ch = (char)(cp & 0xFF);
                bytes_put(p, b, &ch, 1);
            } else {
                put_utf8(p, b, cp);
            }
            break;
        case 'x': case 'u': case 'U': {
            int want = c == 'x' ? 2 : c == 'u' ? 4 : 8;
            if (is_bytes && c != 'x') {
                bytes_put(p, b, s + esc, 2);
                break;
            }
            cp = 0;
            int k;
            for (k = 0; k < want && i < n && hexval(s[i]) >= 0; k++)
                cp = cp * 16 + (unsigned)hexval(s[i++]);
            if (k < want) {
                if (is_bytes)
                    string_error(p, "(value error) invalid \\x escape at position %zu", esc);
                else
                    string_error(p, "(unicode error) 'unicodeescape' codec can't decode bytes "
                                    "in position %zu-%zu: truncated \\%s escape",
                                 esc, i - 1, c == 'x' ? "xXX" : c == 'u' ? "uXXXX" : "UXXXXXXXX");
                return 0;
            }
            if (cp > 0x10FFFF) {
                string_error(p, "(unicode error) 'unicodeescape' codec can't decode bytes "
                                "in position %zu-%zu: illegal Unicode character", esc, i - 1);
                return 0;
            }
            if (is_bytes) {
                char ch = (char)cp;
                bytes_put(p, b, &ch, 1);
            } else {
                put_utf8(p, b, cp);
            }
            break;
        }
        case 'N':
            if (is_bytes) {
                bytes_put(p, b, s + esc, 2);
                break;
            }
            if (i < n && s[i] == '{') {
                const char *close = memchr(s + i, '}', n - i);
                if (close && lookup_unicode_name(s + i + 1, (size_t)(close - s - i - 1), &cp)) {
                    put_utf8(p, b, cp);
                    i = (size_t)(close - s) + 1;
                    break;
                }
                size_t endpos = close ? (size_t)(close - s) : n - 1;
                string_error(p, "(unicode error) 'unicodeescape' codec can't decode bytes in "
                                "position %zu-%zu: %s", esc, endpos,
                             close ? "unknown Unicode character name" : "malformed \\N character escape");
                return 0;
            }
            string_error(p, "(unicode error) 'unicodeescape' codec can't decode bytes in "
                            "position %zu-%zu: malformed \\N character escape", esc, i - 1);
            return 0;
        default:
            /* Unknown escapes keep their backslash (a DeprecationWarning
             * in CPython). */
            bytes_put(p, b, s + esc, 2);
            if ((unsigned char)c >= 0x80) {
                /* copy the rest of a multi-byte character */
                while (i < n && ((unsigned char)s[i] & 0xC0) == 0x80)
                    bytes_put(p, b, s + i++, 1);
            }
            break;
        }
        if (FAILED)
            return 0;
    }
    return !FAILED;
}

typedef struct {
    int raw, bytes, fstr, u;
    const char *body;  /* between the quotes */
    size_t len;
} StrParts;

static void split_string(Token *t, StrParts *sp)
{
    memset(sp, 0, sizeof *sp);
    const char *s = t->start;
    size_t i = 0;
    while (s[i] != '\'' && s[i] != '"') {
        switch (s[i] | 32) {
        case 'r': sp->raw = 1; break;
        case 'b': sp->bytes = 1; break;
        case 'f': sp->fstr = 1; break;
        case 'u': sp->u = s[i] == 'u'; break; /* only lowercase gives kind='u' */
        }
        i++;
    }
    size_t q = (t->len - i >= 6 && s[i + 1] == s[i] && s[i + 2] == s[i]) ? 3 : 1;
    sp->body = s + i + q;
    sp->len = t->len - i - 2 * q;
}

/* Accumulates the parts of a JoinedStr: literal text is buffered so that
 * adjacent literals become one Constant. */
/* Position of every Constant/FormattedValue CPython puts in a JoinedStr:
 * the whole run of string tokens (format specs use their own token's span
 * for the JoinedStr and its constants). */
typedef struct { int l, c, el, ec; } Span;

typedef struct {
    Vec values;
    Bytes lit;
    int have_lit;
    Span *const_span; /* where literal parts are placed */
} FParts;

static int fparts_flush(Parser *p, FParts *fp)
{
    Span *sp = fp->const_span;
    if (!fp->have_lit || fp->lit.len == 0) {
        fp->have_lit = 0;
        fp->lit.len = 0;
        return 1;
    }
    Expr *e = new_expr(p, EXPR_Constant, sp->l, sp->c, sp->el, sp->ec);
    if (!e)
        return 0;
    e->v.Constant.value.kind = CONST_Str;
    char *d = ast_arena_strndup(p->arena, fp->lit.data, fp->lit.len);
    if (!d) {
        oom(p);
        return 0;
    }
    e->v.Constant.value.v.str.data = d;
    e->v.Constant.value.v.str.len = fp->lit.len;
    fp->have_lit = 0;
    fp->lit.len = 0;
    return vec_push(p, &fp->values, e);
}

static int fparts_lit(Parser *p, FParts *fp, const char *s, size_t n, int raw)
{
    fp->have_lit = 1;
    if (raw)
        return bytes_put(p, &fp->lit, n ? s : "", n);
    return decode_escapes(p, s, n, 0, &fp->lit);
}

static Expr *fstring_compile_expr(Parser *p, Token *t, const char *open_brace,
                                  const char *expr_start, const char *expr_end);

static int fstring_body(Parser *p, Token *t, const char **str, const char *end, int raw,
                        int recurse_lvl, FParts *fp, Span *sp);

/* One replacement field starting after '{' at *str. */
static int fstring_field(Parser *p, Token *t, const char **str, const char *end, int raw,
                         int recurse_lvl, FParts *fp, Span *sp)
{
    const char *open_brace = *str - 1;
    const char *expr_start = *str;
    const char *s = *str;
    char parenstack[LEX_MAXLEVEL];
    int depth = 0;
    char quote = 0;
    int triple = 0;
    if (recurse_lvl >= 2) {
        string_error(p, "f-string: expressions nested too deeply");
        return 0;
    }
    /* Find the end of the expression: a top-level '!', ':', '}' or '='
     * (but not '!=', '==', '<=', '>='), skipping nested strings. */
    for (; s < end; s++) {
        char ch = *s;
        if (ch == '\\') {
            string_error(p, "f-string expression part cannot include a backslash");
            return 0;
        }
        if (quote) {
            if (ch == quote) {
                if (triple) {
                    if (s + 2 < end && s[1] == ch && s[2] == ch) {
                        s += 2;
                        quote = 0;
                    }
                } else {
                    quote = 0;
                }
            }
            continue;
        }
        if (ch == '\'' || ch == '"') {
            if (s + 2 < end && s[1] == ch && s[2] == ch) {
                triple = 1;
                s += 2;
            } else {
                triple = 0;
            }
            quote = ch;
            continue;
        }
        if (ch == '[' || ch == '(' || ch == '{') {
            if (depth >= LEX_MAXLEVEL) {
                string_error(p, "f-string: too many nested parenthesis");
                return 0;
            }
            parenstack[depth++] = ch;
            continue;
        }
        if (ch == '#') {
            string_error(p, "f-string expression part cannot include '#'");
            return 0;
        }
        if (depth == 0 && (ch == '!' || ch == ':' || ch == '}' || ch == '=' ||
                           ch == '>' || ch == '<')) {
            if (s + 1 < end) {
                char next = s[1];
                if ((ch == '!' || ch == '=' || ch == '<' || ch == '>') && next == '=') {
                    s++;
                    continue;
                }
            }
            if (ch == '>' || ch == '<')
                continue;
            break;
        }
        if (ch == ']' || ch == '}' || ch == ')') {
            if (!depth) {
                string_error(p, "f-string: unmatched '%c'", ch);
                return 0;
            }
            char open = parenstack[--depth];
            if (!((open == '[' && ch == ']') || (open == '(' && ch == ')') ||
                  (open == '{' && ch == '}'))) {
                string_error(p, "f-string: closing parenthesis '%c' does not match "
                                "opening parenthesis '%c'", ch, open);
                return 0;
            }
        }
    }
    const char *expr_end = s;
    if (quote) {
        string_error(p, "f-string: unterminated string");
        return 0;
    }
    if (depth) {
        string_error(p, "f-string: unmatched '%c'", parenstack[depth - 1]);
        return 0;
    }
    if (s >= end) {
        string_error(p, "f-string: expecting '}'");
        return 0;
    }
    Expr *value = fstring_compile_expr(p, t, open_brace, expr_start, expr_end);
    if (!value)
        return 0;
    /* Self-documenting "x=": the text (with the '=' and any following
     * whitespace) becomes literal text before the value. */
    int debug = 0;
    if (*s == '=') {
        debug = 1;
        s++;
        while (s < end && (*s == ' ' || *s == '\t' || *s == '\n' || *s == '\f' ||
                           *s == '\r' || *s == '\v'))
            s++;
        fp->have_lit = 1;
        if (!bytes_put(p, &fp->lit, expr_start, (size_t)(s - expr_start)))
            return 0;
    }
    int conversion = -1;
    if (s < end && *s == '!') {
        s++;
        if (s >= end) {
            string_error(p, "f-string: expecting '}'");
            return 0;
        }
        conversion = (unsigned char)*s++;
        if (conversion != 's' && conversion != 'r' && conversion != 'a') {
            string_error(p, "f-string: invalid conversion character: expected 's', 'r', or 'a'");
            return 0;
        }
    }
    Expr *spec = NULL;
    if (s < end && *s == ':') {
        s++;
        FParts sub = {0};
        Span tspan = {t->lineno, t->col_offset, t->end_lineno, t->end_col_offset};
        sub.const_span = &tspan;
        if (!fstring_body(p, t, &s, end, raw, recurse_lvl + 1, &sub, sp))
            return 0;
        if (!fparts_flush(p, &sub))
            return 0;
        spec = new_expr(p, EXPR_JoinedStr, tspan.l, tspan.c, tspan.el, tspan.ec);
        if (!spec)
            return 0;
        SEQ_FROM_VEC(spec->v.JoinedStr.values, sub.values, Expr *);
    }
    if (s >= end || *s != '}') {
        string_error(p, "f-string: expecting '}'");
        return 0;
    }
    s++;
    if (debug && conversion == -1 && !spec)
        conversion = 'r';
    if (!fparts_flush(p, fp))
        return 0;
    Expr *fv = new_expr(p, EXPR_FormattedValue, sp->l, sp->c, sp->el, sp->ec);
    if (!fv)
        return 0;
    fv->v.FormattedValue.value = value;
    fv->v.FormattedValue.conversion = conversion;
    fv->v.FormattedValue.format_spec = spec;
    *str = s;
    return vec_push(p, &fp->values, fv);
}

/* Literal text and fields of an f-string body (or of a format spec, which
 * ends at an unmatched '}'). */
static int fstring_body(Parser *p, Token *t, const char **str, const char *end, int raw,
                        int recurse_lvl, FParts *fp, Span *sp)
{
    const char *s = *str;
    while (s < end) {
        const char *lit = s;
        /* Scan literal text; a backslash escape (including \N{...}) is
         * skipped whole so its braces are not fields. */
        while (s < end && *s != '{' && *s != '}') {
            if (!raw && *s == '\\' && s + 1 < end) {
                if (s[1] == 'N' && s + 2 < end && s[2] == '{') {
                    const char *close = memchr(s, '}', (size_t)(end - s));
                    s = close ? close + 1 : end;
                    continue;
                }
                s += 2;
                continue;
            }
            s++;
        }
        if (s > lit && !fparts_lit(p, fp, lit, (size_t)(s - lit), raw))
            return 0;
        if (s >= end)
            break;
        char ch = *s;
        if (recurse_lvl == 0 && s + 1 < end && s[1] == ch) {
            /* doubled brace */
            if (!fparts_lit(p, fp, s, 1, 1))
                return 0;
            s += 2;
            continue;
        }
        if (ch == '}') {
            if (recurse_lvl == 0) {
                string_error(p, "f-string: single '}' is not allowed");
                return 0;
            }
            break; /* end of a format spec */
        }
        s++; /* '{' */
        if (!fstring_field(p, t, &s, end, raw, recurse_lvl, fp, sp))
            return 0;
    }
    *str = s;
    return 1;
}

/* Parses one replacement field's expression with a sub-parser over
 * "(" expr ")", placing its nodes where CPython 3.11 does. */
static Expr *fstring_compile_expr(Parser *p, Token *t, const char *open_brace,
                                  const char *expr_start, const char *expr_end)
{
    const char *q = expr_start;
    while (q < expr_end && (*q == ' ' || *q == '\t' || *q == '\n' || *q == '\f' || *q == '\r'))
        q++;
    if (q == expr_end) {
        string_error(p, "f-string: empty expression not allowed");
        return NULL;
    }
    if (p->fstring_depth > 4) {
        string_error(p, "f-string: expressions nested too deeply");
        return NULL;
    }
    size_t n = (size_t)(expr_end - expr_start);
    char *buf = ast_arena_alloc(p->scratch, n + 3);
    if (!buf) {
        oom(p);
        return NULL;
    }
    buf[0] = '(';
    memcpy(buf + 1, expr_start, n);
    buf[n + 1] = ')';
    buf[n + 2] = 0;
    /* Where does '{' sit? Lines before it inside the token, and its column
     * from the last newline (or from the token start on the first line);
     * zero when the brace is followed only by blanks and a newline. */
    int lines = 0, cols = 0;
    for (const char *c = t->start; c < open_brace; c++)
        if (*c == '\n')
            lines++;
    int newline_after_brace = 1;
    for (const char *c = open_brace + 1; c < expr_end && *c != '}' && *c != '\n'; c++)
        if (*c != ' ' && *c != '\t' && *c != '\f') {
            newline_after_brace = 0;
            break;
        }
    if (!newline_after_brace) {
        const char *c = open_brace;
        while (c > t->start && *c != '\n')
            c--;
        cols = (int)(open_brace - c);
        if (*c == '\n')
            cols--;
    }
    Parser sub;
    memset(&sub, 0, sizeof sub);
    sub.arena = p->arena;
    sub.scratch = p->scratch;
    sub.err = p->err;
    sub.filename = p->filename;
    sub.src = buf;
    sub.is_sub = 1;
    sub.base_line = t->lineno + lines;
    sub.base_col = lines ? cols : t->col_offset + cols;
    sub.depth = p->depth;
    sub.fstring_depth = p->fstring_depth + 1;
    lexer_init(&sub.lx, buf, n + 2, p->filename, &sub.lexerr, p->arena);
    sub.lx.in_fstring_expr = 1;
    Expr *e = star_expressions(&sub);
    if (e && !FAILED && sub.toks[sub.pos].type != T_ENDMARKER) {
        Parser *p2 = &sub;
        syntax_error_here(p2);
    }
    return FAILED ? NULL : e;
}

/* atom: STRING+ — implicit concatenation of adjacent literals. */
static Expr *strings(Parser *p)
{
    Token *first = cur(p);
    int ntok = 0, any_f = 0, any_bytes = 0, any_str = 0;
    while (at(p, T_STRING)) {
        StrParts sp;
        split_string(cur(p), &sp);
        any_f |= sp.fstr;
        if (sp.bytes)
            any_bytes = 1;
        else
            any_str = 1;
        advance(p);
        ntok++;
    }
    Token *last = prev(p);
    Token *toks = last - (ntok - 1);
    if (any_bytes && any_str) {
        string_error(p, "cannot mix bytes and nonbytes literals");
        return NULL;
    }
    Span span = {first->lineno, first->col_offset, last->end_lineno, last->end_col_offset};
    if (any_bytes) {
        Bytes b = {0};
        for (int i = 0; i < ntok; i++) {
            StrParts sp;
            split_string(&toks[i], &sp);
            for (size_t k = 0; k < sp.len; k++)
                if ((unsigned char)sp.body[k] >= 0x80) {
                    err_raw(p, SYNERR_SYNTAX, POS_OF(&toks[i]),
                            "bytes can only contain ASCII literal characters");
                    return NULL;
                }
            if (sp.raw ? !bytes_put(p, &b, sp.body, sp.len)
                       : !decode_escapes(p, sp.body, sp.len, 1, &b))
                return NULL;
        }
        Expr *e = new_expr(p, EXPR_Constant, span.l, span.c, span.el, span.ec);
        if (!e)
            return NULL;
        e->v.Constant.value.kind = CONST_Bytes;
        e->v.Constant.value.v.str.data = ast_arena_strndup(p->arena, b.len ? b.data : "", b.len);
        e->v.Constant.value.v.str.len = b.len;
        return e;
    }
    FParts fp = {0};
    fp.const_span = &span;
    for (int i = 0; i < ntok && !FAILED; i++) {
        StrParts sp;
        split_string(&toks[i], &sp);
        if (sp.fstr) {
            const char *s = sp.body;
            if (!fstring_body(p, &toks[i], &s, sp.body + sp.len, sp.raw, 0, &fp, &span))
                return NULL;
        } else if (!fparts_lit(p, &fp, sp.body, sp.len, sp.raw)) {
            return NULL;
        }
    }
    if (FAILED)
        return NULL;
    if (!any_f) {
        Expr *e = new_expr(p, EXPR_Constant, span.l, span.c, span.el, span.ec);
        if (!e)
            return NULL;
        e->v.Constant.value.kind = CONST_Str;
        e->v.Constant.value.v.str.data =
            ast_arena_strndup(p->arena, fp.lit.len ? fp.lit.data : "", fp.lit.len);
        e->v.Constant.value.v.str.len = fp.lit.len;
        StrParts sp0;
        split_string(first, &sp0);
        e->v.Constant.kind_u = sp0.u;
        return e;
    }
    if (!fparts_flush(p, &fp))
        return NULL;
    Expr *e = new_expr(p, EXPR_JoinedStr, span.l, span.c, span.el, span.ec);
    if (!e)
        return NULL;
    SEQ_FROM_VEC(e->v.JoinedStr.values, fp.values, Expr *);
    return e;
}

/* ---------------------------------------------------------- parameters */

static Arg *new_arg(Parser *p, Token *name, Expr *annotation)
{
    Arg *a = ast_arena_alloc(p->arena, sizeof *a);
    if (!a) {
        oom(p);
        return NULL;
    }
    a->arg = tok_str(p, name);
    a->annotation = annotation;
    a->lineno = name->lineno;
    a->col_offset = name->col_offset;
    a->end_lineno = prev(p)->end_lineno;
    a->end_col_offset = prev(p)->end_col_offset;
    return a;
}

static Arg *param(Parser *p, int is_lambda, int star)
{
    Token *n = expect_name(p);
    if (!n)
        return NULL;
    Expr *ann = NULL;
    if (!is_lambda && accept(p, T_COLON)) {
        ann = star && at(p, T_STAR) ? star_expression(p) : expression(p);
        if (!ann)
            return NULL;
    }
    return new_arg(p, n, ann);
}

/* Parameter lists of def (inside the parentheses) and lambda (up to ':'). */
static Arguments *parameters(Parser *p, int is_lambda)
{
    Arguments *a = ast_arena_alloc(p->arena, sizeof *a);
    if (!a) {
        oom(p);
        return NULL;
    }
    TokenType close = is_lambda ? T_COLON : T_RPAR;
    Vec plain = {0}, defaults = {0}, kwonly = {0}, kwdefaults = {0};
    int seen_star = 0, seen_slash = 0, nposonly = 0;
    while (!at(p, close) && !FAILED) {
        Token *t = cur(p);
        if (t->type == T_SLASH) {
            if (seen_slash) {
                err_raw(p, SYNERR_SYNTAX, POS_OF(t), "/ may appear only once");
                return NULL;
            }
            if (seen_star) {
                err_raw(p, SYNERR_SYNTAX, POS_OF(t), "/ must be ahead of *");
                return NULL;
            }
            if (!plain.count) {
                err_raw(p, SYNERR_SYNTAX, POS_OF(t), "at least one argument must precede /");
                return NULL;
            }
            advance(p);
            seen_slash = 1;
            nposonly = plain.count;
        } else if (t->type == T_STAR) {
            if (seen_star) {
                err_raw(p, SYNERR_SYNTAX, POS_OF(t), "* argument may appear only once");
                return NULL;
            }
            advance(p);
            seen_star = 1;
            if (is_name(p)) {
                a->vararg = param(p, is_lambda, 1);
                if (!a->vararg)
                    return NULL;
            } else if (at(p, T_COMMA) && (peek_is(p, 1, close) || peek_is(p, 1, T_DOUBLESTAR))) {
                err_raw(p, SYNERR_SYNTAX, POS_OF(t), "named arguments must follow bare *");
                return NULL;
            } else if (at(p, close)) {
                err_raw(p, SYNERR_SYNTAX, POS_OF(t), "named arguments must follow bare *");
                return NULL;
            }
        } else if (t->type == T_DOUBLESTAR) {
            advance(p);
            a->kwarg = param(p, is_lambda, 0);
            if (!a->kwarg)
                return NULL;
            accept(p, T_COMMA);
            if (!at(p, close)) {
                Token *c = cur(p);
                err_raw(p, SYNERR_SYNTAX, POS_OF(c), "arguments cannot follow var-keyword argument");
                return NULL;
            }
            break;
        } else {
            Arg *arg = param(p, is_lambda, 0);
            if (!arg)
                return NULL;
            Expr *def = NULL;
            if (accept(p, T_EQUAL)) {
                def = expression(p);
                if (!def)
                    return NULL;
            }
            if (seen_star) {
                vec_push(p, &kwonly, arg);
                vec_push(p, &kwdefaults, def);
            } else {
                if (!def && defaults.count) {
                    err_raw(p, SYNERR_SYNTAX, POS_OF(arg),
                            "non-default argument follows default argument");
                    return NULL;
                }
                vec_push(p, &plain, arg);
                if (def)
                    vec_push(p, &defaults, def);
            }
        }
        if (!accept(p, T_COMMA))
            break;
    }
    if (FAILED)
        return NULL;
    if (!at(p, close)) {
        syntax_error_here(p);
        return NULL;
    }
    Vec posonly = {0}, args = {0};
    for (int i = 0; i < plain.count; i++)
        vec_push(p, i < nposonly ? &posonly : &args, plain.items[i]);
    SEQ_FROM_VEC(a->posonlyargs, posonly, Arg *);
    SEQ_FROM_VEC(a->args, args, Arg *);
    SEQ_FROM_VEC(a->kwonlyargs, kwonly, Arg *);
    SEQ_FROM_VEC(a->kw_defaults, kwdefaults, Expr *);
    SEQ_FROM_VEC(a->defaults, defaults, Expr *);
    return a;
}

/* ------------------------------------------------------ simple statements */

static const struct { TokenType tok; OperatorKind op; } augops[] = {
    {T_PLUSEQUAL, OP_Add}, {T_MINEQUAL, OP_Sub}, {T_STAREQUAL, OP_Mult},
    {T_ATEQUAL, OP_MatMult}, {T_SLASHEQUAL, OP_Div}, {T_PERCENTEQUAL, OP_Mod},
    {T_AMPEREQUAL, OP_BitAnd}, {T_VBAREQUAL, OP_BitOr},
    {T_CIRCUMFLEXEQUAL, OP_BitXor}, {T_LEFTSHIFTEQUAL, OP_LShift},
    {T_RIGHTSHIFTEQUAL, OP_RShift}, {T_DOUBLESTAREQUAL, OP_Pow},
    {T_DOUBLESLASHEQUAL, OP_FloorDiv},
};

static int augassign_op(Parser *p, OperatorKind *op)
{
    TokenType t = cur_type(p);
    for (size_t i = 0; i < sizeof augops / sizeof augops[0]; i++)
        if (augops[i].tok == t) {
            *op = augops[i].op;
            return 1;
        }
    return 0;
}

static Expr *yield_or_star_expressions(Parser *p)
{
    if (at_kw(p, KW_yield))
        return yield_expr(p);
    return star_expressions(p);
}

/* Is `e` something CPython's invalid_named_expression rule would match as
 * `a=bitwise_or '=' bitwise_or` with a not a list/tuple/genexp/True/None/
 * False? Those get "... here. Maybe you meant '==' instead of '='?". */
static int is_bitwise_or_level(Expr *e)
{
    switch (e->kind) {
    case EXPR_BoolOp: case EXPR_Compare: case EXPR_IfExp: case EXPR_Lambda:
    case EXPR_NamedExpr: case EXPR_Starred: case EXPR_Yield: case EXPR_YieldFrom:
    case EXPR_List: case EXPR_Tuple: case EXPR_GeneratorExp:
        return 0;
    case EXPR_UnaryOp:
        return e->v.UnaryOp.op != UNARY_Not;
    case EXPR_Constant: {
        ConstKind k = e->v.Constant.value.kind;
        return k != CONST_True && k != CONST_False && k != CONST_None;
    }
    default:
        return 1;
    }
}

/* Error for `lhs = ...` when lhs is not a valid target. */
static void bad_assign_target(Parser *p, Expr *lhs, int ntargets)
{
    Expr *bad = invalid_target(lhs, 0);
    if (ntargets == 1 && bad == lhs && is_bitwise_or_level(lhs)) {
        /* Mirror invalid_named_expression: only when the right side is a
         * single bitwise_or not followed by another '=' */
        int save = p->pos;
        SyntaxErrorInfo saved = *p->err;
        advance(p); /* '=' */
        Expr *rhs = bitwise_or(p);
        int ok = rhs && !FAILED && !at(p, T_EQUAL) && !at(p, T_COLONEQUAL);
        if (!ok && !(p->ntoks && p->toks[p->ntoks - 1].type == T_ERROR))
            *p->err = saved;
        p->pos = save;
        if (FAILED)
            return;
        if (ok) {
            err_raw(p, SYNERR_SYNTAX, POS_OF(lhs),
                    "cannot assign to %s here. Maybe you meant '==' instead of '='?",
                    expr_name(lhs));
            return;
        }
    }
    if (lhs->kind == EXPR_Yield || lhs->kind == EXPR_YieldFrom) {
        err_raw(p, SYNERR_SYNTAX, POS_OF(lhs), "assignment to yield expression not possible");
        return;
    }
    err_raw(p, SYNERR_SYNTAX, POS_OF(bad), "cannot assign to %s", expr_name(bad));
}

static int is_legacy_name(Expr *e)
{
    return e->kind == EXPR_Name &&
           (strcmp(e->v.Name.id, "print") == 0 || strcmp(e->v.Name.id, "exec") == 0);
}

/* The expression statement did not end where it should. */
static void bad_expr_stmt_end(Parser *p, Expr *e)
{
    if (FAILED)
        return;
    if (is_legacy_name(e) && starts_expression(p) && !at(p, T_LPAR)) {
        int save = p->pos;
        SyntaxErrorInfo saved = *p->err;
        Expr *b = star_expressions(p);
        if (b && !FAILED) {
            /* CPython's b=star_expressions reads on as its invalid rules do */
            if (read_ahead_like_cpython(p, cur(p)))
                return;
            p->pos = save;
            err_raw(p, SYNERR_SYNTAX, e->lineno, e->col_offset + 1, b->end_lineno,
                    b->end_col_offset + 1, "Missing parentheses in call to '%s'. Did you mean %s(...)?",
                    e->v.Name.id, e->v.Name.id);
            return;
        }
        if (!(p->ntoks && p->toks[p->ntoks - 1].type == T_ERROR))
            *p->err = saved;
        p->pos = save;
        if (FAILED)
            return;
    }
    syntax_error_here(p);
}

static Stmt *expr_or_assign_stmt(Parser *p)
{
    Token *start = cur(p);
    /* Annotated assignment: target ':' annotation ['=' value] */
    Expr *first = at_kw(p, KW_yield) ? yield_expr(p) : star_expressions(p);
    if (!first)
        return NULL;
    if (at(p, T_COLON)) {
        advance(p);
        if (first->kind == EXPR_Tuple) {
            Expr *at0 = first->v.Tuple.elts.count ? first->v.Tuple.elts.items[0] : first;
            err_raw(p, SYNERR_SYNTAX, POS_OF(at0),
                    "only single target (not tuple) can be annotated");
            return NULL;
        }
        if (first->kind == EXPR_List) {
            err_raw(p, SYNERR_SYNTAX, POS_OF(first),
                    "only single target (not list) can be annotated");
            return NULL;
        }
        if (first->kind != EXPR_Name && first->kind != EXPR_Attribute &&
            first->kind != EXPR_Subscript) {
            err_raw(p, SYNERR_SYNTAX, POS_OF(first), "illegal target for annotation");
            return NULL;
        }
        Expr *ann = expression(p);
        if (!ann)
            return NULL;
        Expr *value = NULL;
        if (accept(p, T_EQUAL)) {
            value = yield_or_star_expressions(p);
            if (!value)
                return NULL;
        }
        Stmt *s = new_stmt(p, STMT_AnnAssign, START(start), END_PREV);
        if (!s)
            return NULL;
        set_context(first, CTX_Store);
        s->v.AnnAssign.target = first;
        s->v.AnnAssign.annotation = ann;
        s->v.AnnAssign.value = value;
        /* "simple" means a bare name that was not parenthesised */
        s->v.AnnAssign.simple = first->kind == EXPR_Name && start->type == T_NAME;
        return s;
    }
    OperatorKind op;
    if (augassign_op(p, &op)) {
        if (first->kind != EXPR_Name && first->kind != EXPR_Attribute &&
            first->kind != EXPR_Subscript) {
            err_raw(p, SYNERR_SYNTAX, POS_OF(first),
                    "'%s' is an illegal expression for augmented assignment",
                    expr_name(first));
            return NULL;
        }
        advance(p);
        Expr *value = yield_or_star_expressions(p);
        if (!value)
            return NULL;
        Stmt *s = new_stmt(p, STMT_AugAssign, START(start), END_PREV);
        if (!s)
            return NULL;
        set_context(first, CTX_Store);
        s->v.AugAssign.target = first;
        s->v.AugAssign.op = op;
        s->v.AugAssign.value = value;
        return s;
    }
    if (at(p, T_EQUAL)) {
        Vec targets = {0};
        Expr *value = first;
        while (at(p, T_EQUAL)) {
            if (invalid_target(value, 0) != NULL) {
                bad_assign_target(p, value, targets.count + 1);
                return NULL;
            }
            vec_push(p, &targets, value);
            advance(p);
            value = yield_or_star_expressions(p);
            if (!value)
                return NULL;
        }
        for (int i = 0; i < targets.count; i++)
            set_context(targets.items[i], CTX_Store);
        Stmt *s = new_stmt(p, STMT_Assign, START(start), END_PREV);
        if (!s)
            return NULL;
        SEQ_FROM_VEC(s->v.Assign.targets, targets, Expr *);
        s->v.Assign.value = value;
        return s;
    }
    Stmt *s = new_stmt(p, STMT_Expr, START(start), END_PREV);
    if (s)
        s->v.Expr.value = first;
    return s;
}

/* dotted_name: NAME ('.' NAME)* -> "a.b.c" */
static const char *dotted_name(Parser *p, Token **last)
{
    Token *first = expect_name(p);
    if (!first)
        return NULL;
    Token *end = first;
    while (at(p, T_DOT) && tok_at(p, 1)->type == T_NAME && tok_at(p, 1)->kw == KW_NONE_) {
        advance(p);
        end = advance(p);
    }
    if (at(p, T_DOT)) {
        advance(p);
        syntax_error_here(p);
        return NULL;
    }
    *last = end;
    /* Join the names, dropping any whitespace around the dots. */
    size_t n = 0;
    for (Token *t = first; t <= end; t++)
        n += t->len;
    char *s = ast_arena_alloc(p->arena, n + 1);
    if (!s) {
        oom(p);
        return NULL;
    }
    n = 0;
    for (Token *t = first; t <= end; t++) {
        memcpy(s + n, t->start, t->len);
        n += t->len;
    }
    s[n] = 0;
    return s;
}

static Alias *new_alias(Parser *p, const char *name, const char *asname,
                        Token *start, Token *end)
{
    Alias *a = ast_arena_alloc(p->arena, sizeof *a);
    if (!a) {
        oom(p);
        return NULL;
    }
    a->name = name;
    a->asname = asname;
    a->lineno = start->lineno;
    a->col_offset = start->col_offset;
    a->end_lineno = end->end_lineno;
    a->end_col_offset = end->end_col_offset;
    return a;
}

static Stmt *import_stmt(Parser *p)
{
    Token *kw = advance(p);
    Vec names = {0};
    do {
        Token *start = cur(p), *last = NULL;
        const char *name = dotted_name(p, &last);
        if (!name)
            return NULL;
        const char *asname = NULL;
        if (accept_kw(p, KW_as)) {
            Token *n = expect_name(p);
            if (!n)
                return NULL;
            asname = tok_str(p, n);
            last = n;
        }
        vec_push(p, &names, new_alias(p, name, asname, start, last));
    } while (accept(p, T_COMMA));
    Stmt *s = new_stmt(p, STMT_Import, START(kw), END_PREV);
    if (s)
        SEQ_FROM_VEC(s->v.Import.names, names, Alias *);
    return s;
}

static Stmt *from_import_stmt(Parser *p)
{
    Token *kw = advance(p);
    int level = 0;
    for (;;) {
        if (accept(p, T_DOT))
            level++;
        else if (accept(p, T_ELLIPSIS))
            level += 3;
        else
            break;
    }
    const char *module = NULL;
    if (!at_kw(p, KW_import)) {
        Token *last;
        module = dotted_name(p, &last);
        if (!module)
            return NULL;
    }
    if (!accept_kw(p, KW_import)) {
        syntax_error_here(p);
        return NULL;
    }
    Vec names = {0};
    if (at(p, T_STAR)) {
        Token *t = advance(p);
        char *star = ast_arena_strndup(p->arena, "*", 1);
        vec_push(p, &names, new_alias(p, star, NULL, t, t));
    } else {
        int paren = accept(p, T_LPAR) != NULL;
        do {
            if (paren && at(p, T_RPAR) && names.count)
                break;
            Token *n = expect_name(p);
            if (!n)
                return NULL;
            Token *last = n;
            const char *asname = NULL;
            if (accept_kw(p, KW_as)) {
                Token *a = expect_name(p);
                if (!a)
                    return NULL;
                asname = tok_str(p, a);
                last = a;
            }
            vec_push(p, &names, new_alias(p, tok_str(p, n), asname, n, last));
        } while (accept(p, T_COMMA));
        if (paren && !expect(p, T_RPAR))
            return NULL;
        if (!paren && prev(p)->type == T_COMMA) {
            err_raw(p, SYNERR_SYNTAX, POS_OF(prev(p)),
                    "trailing comma not allowed without surrounding parentheses");
            return NULL;
        }
    }
    Stmt *s = new_stmt(p, STMT_ImportFrom, START(kw), END_PREV);
    if (!s)
        return NULL;
    s->v.ImportFrom.module = module;
    SEQ_FROM_VEC(s->v.ImportFrom.names, names, Alias *);
    s->v.ImportFrom.level = level;
    return s;
}

static Stmt *global_stmt(Parser *p, StmtKind kind)
{
    Token *kw = advance(p);
    Vec names = {0};
    do {
        Token *n = expect_name(p);
        if (!n)
            return NULL;
        vec_push(p, &names, (void *)tok_str(p, n));
    } while (accept(p, T_COMMA));
    Stmt *s = new_stmt(p, kind, START(kw), END_PREV);
    if (s)
        SEQ_FROM_VEC(s->v.Global.names, names, const char *);
    return s;
}

static Stmt *del_stmt(Parser *p)
{
    Token *kw = advance(p);
    Vec targets = {0};
    do {
        if (at(p, T_NEWLINE) || at(p, T_SEMI))
            break;
        Expr *e = bitwise_or(p);
        if (!e)
            return NULL;
        if (!check_target(p, e, 1))
            return NULL;
        vec_push(p, &targets, e);
    } while (accept(p, T_COMMA));
    if (!targets.count) {
        syntax_error_here(p);
        return NULL;
    }
    Stmt *s = new_stmt(p, STMT_Delete, START(kw), END_PREV);
    if (s)
        SEQ_FROM_VEC(s->v.Delete.targets, targets, Expr *);
    return s;
}

static Stmt *simple_stmt(Parser *p)
{
    Token *t = cur(p);
    if (FAILED)
        return NULL;
    if (t->type == T_NAME) {
        switch (t->kw) {
        case KW_pass: case KW_break: case KW_continue: {
            advance(p);
            StmtKind k = t->kw == KW_pass ? STMT_Pass : t->kw == KW_break ? STMT_Break
                                                                          : STMT_Continue;
            return new_stmt(p, k, START(t), END_OF(t));
        }
        case KW_return: {
            advance(p);
            Expr *v = NULL;
            if (starts_expression(p) && !(v = star_expressions(p)))
                return NULL;
            Stmt *s = new_stmt(p, STMT_Return, START(t), END_PREV);
            if (s)
                s->v.Return.value = v;
            return s;
        }
        case KW_raise: {
            advance(p);
            Expr *exc = NULL, *cause = NULL;
            if (starts_expression(p)) {
                exc = expression(p);
                if (!exc)
                    return NULL;
                if (accept_kw(p, KW_from) && !(cause = expression(p)))
                    return NULL;
            }
            Stmt *s = new_stmt(p, STMT_Raise, START(t), END_PREV);
            if (s) {
                s->v.Raise.exc = exc;
                s->v.Raise.cause = cause;
            }
            return s;
        }
        case KW_global: return global_stmt(p, STMT_Global);
        case KW_nonlocal: return global_stmt(p, STMT_Nonlocal);
        case KW_del: return del_stmt(p);
        case KW_import: return import_stmt(p);
        case KW_from: return from_import_stmt(p);
        case KW_assert: {
            advance(p);
            Expr *test = expression(p), *msg = NULL;
            if (!test)
                return NULL;
            if (accept(p, T_COMMA) && !(msg = expression(p)))
                return NULL;
            Stmt *s = new_stmt(p, STMT_Assert, START(t), END_PREV);
            if (s) {
                s->v.Assert.test = test;
                s->v.Assert.msg = msg;
            }
            return s;
        }
        default:
            break;
        }
    }
    return expr_or_assign_stmt(p);
}

/* simple_stmts: simple_stmt (';' simple_stmt)* [';'] NEWLINE */
static int simple_stmts(Parser *p, Vec *out)
{
    for (;;) {
        Stmt *s = simple_stmt(p);
        if (!s)
            return 0;
        vec_push(p, out, s);
        if (accept(p, T_SEMI)) {
            if (at(p, T_NEWLINE))
                break;
            continue;
        }
        break;
    }
    if (!at(p, T_NEWLINE)) {
        Stmt *last = out->items[out->count - 1];
        if (last->kind == STMT_Expr)
            bad_expr_stmt_end(p, last->v.Expr.value);
        else
            syntax_error_here(p);
        return 0;
    }
    advance(p);
    return 1;
}

/* -------------------------------------------------- compound statements */

/* block: NEWLINE INDENT statements DEDENT | simple_stmts */
static StmtSeq block(Parser *p, const char *what, int lineno)
{
    StmtSeq seq = {0, NULL};
    Vec body = {0};
    if (FAILED)
        return seq;
    if (accept(p, T_NEWLINE)) {
        if (!at(p, T_INDENT)) {
            Token *t = cur(p);
            if (FAILED)
                return seq;
            err_raw(p, SYNERR_INDENTATION, POS_OF(t),
                    "expected an indented block after %s on line %d", what, lineno);
            return seq;
        }
        advance(p);
        while (!at(p, T_DEDENT) && !FAILED) {
            if (at(p, T_ENDMARKER)) {
                syntax_error_here(p);
                return seq;
            }
            if (!statement_list(p, &body))
                return seq;
        }
        advance(p);
    } else {
        if (!simple_stmts(p, &body))
            return seq;
    }
    SEQ_FROM_VEC(seq, body, Stmt *);
    return seq;
}

/* Sets a compound statement's end like CPython's EXTRA: the end of the
 * last consumed token that is not NEWLINE/INDENT/DEDENT (so a trailing ';'
 * of a one-line body counts). */
static void end_at_last(Parser *p, Stmt *s)
{
    for (int i = p->pos - 1; i >= 0; i--) {
        Token *t = &p->toks[i];
        if (t->type == T_NEWLINE || t->type == T_INDENT || t->type == T_DEDENT)
            continue;
        s->end_lineno = t->end_lineno;
        s->end_col_offset = t->end_col_offset;
        return;
    }
}

static Stmt *if_stmt(Parser *p, int is_elif)
{
    Token *kw = advance(p);
    Expr *test = named_expression(p);
    if (!test || !expect_header_colon(p, test))
        return NULL;
    StmtSeq body = block(p, is_elif ? "'elif' statement" : "'if' statement", kw->lineno);
    if (FAILED)
        return NULL;
    Stmt *s = new_stmt(p, STMT_If, START(kw), 0, 0);
    if (!s)
        return NULL;
    s->v.If.test = test;
    s->v.If.body = body;
    end_at_last(p, s);
    if (at_kw(p, KW_elif)) {
        Stmt *e = if_stmt(p, 1);
        if (!e)
            return NULL;
        Stmt **items = ast_arena_alloc(p->arena, sizeof(Stmt *));
        if (!items) {
            oom(p);
            return NULL;
        }
        items[0] = e;
        s->v.If.orelse.count = 1;
        s->v.If.orelse.items = items;
        end_at_last(p, s);
    } else if (at_kw(p, KW_else)) {
        Token *ekw = advance(p);
        if (!expect_forced(p, T_COLON, ":"))
            return NULL;
        s->v.If.orelse = block(p, "'else' statement", ekw->lineno);
        if (FAILED)
            return NULL;
        end_at_last(p, s);
    }
    return s;
}

/* An optional `else:` block for while/for/try. */
static int else_block(Parser *p, StmtSeq *out)
{
    if (!at_kw(p, KW_else))
        return 1;
    Token *kw = advance(p);
    if (!expect_forced(p, T_COLON, ":"))
        return 0;
    *out = block(p, "'else' statement", kw->lineno);
    return !FAILED;
}

static Stmt *while_stmt(Parser *p)
{
    Token *kw = advance(p);
    Expr *test = named_expression(p);
    if (!test || !expect_header_colon(p, test))
        return NULL;
    StmtSeq body = block(p, "'while' statement", kw->lineno);
    if (FAILED)
        return NULL;
    Stmt *s = new_stmt(p, STMT_While, START(kw), 0, 0);
    if (!s)
        return NULL;
    s->v.While.test = test;
    s->v.While.body = body;
    end_at_last(p, s);
    if (!else_block(p, &s->v.While.orelse))
        return NULL;
    end_at_last(p, s);
    return s;
}

static Stmt *for_stmt(Parser *p)
{
    Token *kw = advance(p);
    Expr *target = target_list_until_in(p);
    if (!target)
        return NULL;
    if (!accept_kw(p, KW_in)) {
        syntax_error_here(p);
        return NULL;
    }
    Expr *iter = star_expressions(p);
    if (!iter || !expect_header_colon(p, NULL))
        return NULL;
    StmtSeq body = block(p, "'for' statement", kw->lineno);
    if (FAILED)
        return NULL;
    Stmt *s = new_stmt(p, STMT_For, START(kw), 0, 0);
    if (!s)
        return NULL;
    s->v.For.target = target;
    s->v.For.iter = iter;
    s->v.For.body = body;
    end_at_last(p, s);
    if (!else_block(p, &s->v.For.orelse))
        return NULL;
    end_at_last(p, s);
    return s;
}

static WithItem *with_item(Parser *p)
{
    WithItem *w = ast_arena_alloc(p->arena, sizeof *w);
    if (!w) {
        oom(p);
        return NULL;
    }
    w->context_expr = expression(p);
    if (!w->context_expr)
        return NULL;
    if (accept_kw(p, KW_as)) {
        Expr *t = for_target_elem(p);
        if (!t)
            return NULL;
        if (!check_target(p, t, 0))
            return NULL;
        w->optional_vars = t;
    }
    return w;
}

/* Does '(' after `with` start a parenthesised list of with-items (rather
 * than an expression)? Look for the matching ')' followed by ':'. */
static int with_parenthesised(Parser *p)
{
    int depth = 0;
    for (int k = 0;; k++) {
        Token *t = tok_at(p, k);
        switch (t->type) {
        case T_LPAR: case T_LSQB: case T_LBRACE: depth++; break;
        case T_RPAR: case T_RSQB: case T_RBRACE:
            if (--depth == 0)
                return tok_at(p, k + 1)->type == T_COLON;
            break;
        case T_ENDMARKER: case T_ERROR: case T_NEWLINE:
            return 0;
        default: break;
        }
    }
}

static Stmt *with_stmt(Parser *p)
{
    Token *kw = advance(p);
    Vec items = {0};
    int paren = at(p, T_LPAR) && with_parenthesised(p);
    if (paren) {
        /* `with (a, b):` could also be a tuple expression; like CPython,
         * try the parenthesised item list first and fall back to reading
         * an ordinary expression (needed for `with (yield):`). */
        int save = p->pos;
        SyntaxErrorInfo saved = *p->err;
        advance(p);
        do {
            if (at(p, T_RPAR) && items.count)
                break;
            WithItem *w = with_item(p);
            if (!w)
                break;
            vec_push(p, &items, w);
        } while (accept(p, T_COMMA));
        if (FAILED || !accept(p, T_RPAR)) {
            if (p->ntoks && p->toks[p->ntoks - 1].type == T_ERROR)
                return NULL;
            *p->err = saved;
            p->pos = save;
            items.count = 0;
            paren = 0;
        }
    }
    if (!paren) {
        do {
            WithItem *w = with_item(p);
            if (!w)
                return NULL;
            vec_push(p, &items, w);
        } while (accept(p, T_COMMA));
    }
    if (!expect_header_colon(p, NULL))
        return NULL;
    StmtSeq body = block(p, "'with' statement", kw->lineno);
    if (FAILED)
        return NULL;
    Stmt *s = new_stmt(p, STMT_With, START(kw), 0, 0);
    if (!s)
        return NULL;
    SEQ_FROM_VEC(s->v.With.items, items, WithItem *);
    s->v.With.body = body;
    end_at_last(p, s);
    return s;
}

static Stmt *try_stmt(Parser *p)
{
    Token *kw = advance(p);
    if (!expect_forced(p, T_COLON, ":"))
        return NULL;
    StmtSeq body = block(p, "'try' statement", kw->lineno);
    if (FAILED)
        return NULL;
    Stmt *s = new_stmt(p, STMT_Try, START(kw), 0, 0);
    if (!s)
        return NULL;
    s->v.Try.body = body;
    end_at_last(p, s);
    Vec handlers = {0};
    int star = -1; /* unknown until the first handler */
    while (at_kw(p, KW_except)) {
        Token *ekw = advance(p);
        int is_star = accept(p, T_STAR) != NULL;
        if (star >= 0 && star != is_star) {
            err_raw(p, SYNERR_SYNTAX, POS_OF(ekw),
                    "cannot have both 'except' and 'except*' on the same 'try'");
            return NULL;
        }
        star = is_star;
        ExceptHandler *h = ast_arena_alloc(p->arena, sizeof *h);
        if (!h) {
            oom(p);
            return NULL;
        }
        if (at(p, T_NEWLINE)) { /* invalid_except_stmt: `except` / `except*` NEWLINE */
            if (is_star)
                err_raw(p, SYNERR_SYNTAX, POS_OF(cur(p)), "expected one or more exception types");
            else
                expect_forced(p, T_COLON, ":");
            return NULL;
        }
        if (!at(p, T_COLON)) {
            h->type = expression(p);
            if (!h->type)
                return NULL;
            if (at(p, T_COMMA)) {
                /* except A, B: */
                Expr *first = h->type;
                Expr *t = expr_list(p, expression);
                (void)t;
                if (FAILED)
                    return NULL;
                err_raw(p, SYNERR_SYNTAX, first->lineno, first->col_offset + 1,
                        prev(p)->end_lineno, prev(p)->end_col_offset + 1,
                        "multiple exception types must be parenthesized");
                return NULL;
            }
            if (accept_kw(p, KW_as)) {
                Token *n = expect_name(p);
                if (!n)
                    return NULL;
                h->name = tok_str(p, n);
            }
        } else if (is_star) {
            err_raw(p, SYNERR_SYNTAX, POS_OF(cur(p)), "expected one or more exception types");
            return NULL;
        }
        if (!expect_header_colon(p, NULL))
            return NULL;
        h->body = block(p, is_star ? "'except*' statement" : "'except' statement", ekw->lineno);
        if (FAILED)
            return NULL;
        h->lineno = ekw->lineno;
        h->col_offset = ekw->col_offset;
        Stmt tmp = {0};
        end_at_last(p, &tmp);
        h->end_lineno = tmp.end_lineno;
        h->end_col_offset = tmp.end_col_offset;
        vec_push(p, &handlers, h);
        s->end_lineno = h->end_lineno;
        s->end_col_offset = h->end_col_offset;
    }
    if (star == 1)
        s->kind = STMT_TryStar;
    SEQ_FROM_VEC(s->v.Try.handlers, handlers, ExceptHandler *);
    if (handlers.count && !else_block(p, &s->v.Try.orelse))
        return NULL;
    end_at_last(p, s);
    if (at_kw(p, KW_finally)) {
        Token *fkw = advance(p);
        if (!expect_forced(p, T_COLON, ":"))
            return NULL;
        s->v.Try.finalbody = block(p, "'finally' statement", fkw->lineno);
        if (FAILED)
            return NULL;
        end_at_last(p, s);
    } else if (!handlers.count) {
        Token *t = cur(p);
        if (FAILED)
            return NULL;
        err_raw(p, SYNERR_SYNTAX, POS_OF(t), "expected 'except' or 'finally' block");
        return NULL;
    }
    return s;
}

static Stmt *funcdef(Parser *p, Vec *decorators)
{
    Token *kw = advance(p);
    Token *name = expect_name(p);
    if (!name || !expect_forced(p, T_LPAR, "("))
        return NULL;
    Arguments *args = parameters(p, 0);
    if (!args || !expect(p, T_RPAR))
        return NULL;
    Expr *returns = NULL;
    if (at(p, T_RARROW)) {
        /* `-> :` : the optional annotation fails and CPython reports the
         * forced ':' at the arrow */
        p->pos++;
        int ok = starts_expression(p) && !at(p, T_STAR);
        p->pos--;
        if (!ok) {
            expect_forced(p, T_COLON, ":");
            return NULL;
        }
        advance(p);
        if (!(returns = expression(p)))
            return NULL;
    }
    if (!expect_forced(p, T_COLON, ":"))
        return NULL;
    StmtSeq body = block(p, "function definition", kw->lineno);
    if (FAILED)
        return NULL;
    Stmt *s = new_stmt(p, STMT_FunctionDef, START(kw), 0, 0);
    if (!s)
        return NULL;
    s->v.FunctionDef.name = tok_str(p, name);
    s->v.FunctionDef.args = args;
    s->v.FunctionDef.body = body;
    SEQ_FROM_VEC(s->v.FunctionDef.decorator_list, (*decorators), Expr *);
    s->v.FunctionDef.returns = returns;
    end_at_last(p, s);
    return s;
}

static Stmt *classdef(Parser *p, Vec *decorators)
{
    Token *kw = advance(p);
    Token *name = expect_name(p);
    if (!name)
        return NULL;
    Vec bases = {0}, kws = {0};
    if (at(p, T_LPAR)) {
        Token *open = advance(p);
        if (!call_args(p, &bases, &kws, open))
            return NULL;
    }
    if (!expect_header_colon(p, NULL))
        return NULL;
    StmtSeq body = block(p, "class definition", kw->lineno);
    if (FAILED)
        return NULL;
    Stmt *s = new_stmt(p, STMT_ClassDef, START(kw), 0, 0);
    if (!s)
        return NULL;
    s->v.ClassDef.name = tok_str(p, name);
    SEQ_FROM_VEC(s->v.ClassDef.bases, bases, Expr *);
    SEQ_FROM_VEC(s->v.ClassDef.keywords, kws, Keyword_ *);
    s->v.ClassDef.body = body;
    SEQ_FROM_VEC(s->v.ClassDef.decorator_list, (*decorators), Expr *);
    end_at_last(p, s);
    return s;
}

static Stmt *decorated(Parser *p)
{
    Vec decs = {0};
    while (accept(p, T_AT)) {
        Expr *d = named_expression(p);
        if (!d || !expect(p, T_NEWLINE))
            return NULL;
        vec_push(p, &decs, d);
    }
    if (at_kw(p, KW_def))
        return funcdef(p, &decs);
    if (at_kw(p, KW_class))
        return classdef(p, &decs);
    syntax_error_here(p);
    return NULL;
}

/* Returns NULL with no error when the current token does not start a
 * compound statement. */
static Stmt *compound_stmt(Parser *p)
{
    Token *t = cur(p);
    if (t->type == T_AT)
        return decorated(p);
    if (t->type != T_NAME)
        return NULL;
    Vec none = {0};
    switch (t->kw) {
    case KW_if: return if_stmt(p, 0);
    case KW_while: return while_stmt(p);
    case KW_for: return for_stmt(p);
    case KW_with: return with_stmt(p);
    case KW_try: return try_stmt(p);
    case KW_def: return funcdef(p, &none);
    case KW_class: return classdef(p, &none);
    default: return NULL;
    }
}

static int is_compound_start(Parser *p)
{
    Token *t = cur(p);
    if (t->type == T_AT)
        return 1;
    if (t->type != T_NAME)
        return 0;
    switch (t->kw) {
    case KW_if: case KW_while: case KW_for: case KW_with: case KW_try:
    case KW_def: case KW_class:
        return 1;
    default:
        return 0;
    }
}

/* statement: compound_stmt | simple_stmts. Appends to `out`; returns
 * NULL on error (and something non-NULL otherwise). */
static Stmt *statement_list(Parser *p, Vec *out)
{
    if (!enter(p))
        return NULL;
    Token *t = cur(p);
    if (FAILED)
        return LEAVE(NULL);
    if (t->type == T_NAME && (t->kw == KW_else || t->kw == KW_elif || t->kw == KW_except ||
                              t->kw == KW_finally)) {
        syntax_error_here(p);
        return LEAVE(NULL);
    }
    if (is_compound_start(p)) {
        Stmt *s = compound_stmt(p);
        if (!s)
            return LEAVE(NULL);
        vec_push(p, out, s);
        return LEAVE(s);
    }
    if (!simple_stmts(p, out))
        return LEAVE(NULL);
    return LEAVE(out->items[out->count - 1]);
}

/* -------------------------------------------------------------- driver */

/* CPython's _PyPegen_tokenize_full_source_to_check_for_errors: after a
 * parser error, a tokenizer error anywhere later wins, and so does an
 * unclosed bracket opened on an earlier line. */
static void check_rest_for_token_errors(Parser *p)
{
    if (p->ntoks && p->toks[p->ntoks - 1].type == T_ERROR)
        return; /* the error came from the tokenizer already */
    int err_line = p->ntoks ? p->toks[p->ntoks - 1].lineno : 1;
    /* Unless the parser already read to the end (a speculative parse may
     * have), tokenize the rest; the bracket check applies either way. */
    Token t;
    while (!(p->ntoks && p->toks[p->ntoks - 1].type == T_ENDMARKER)) {
        TokenType tt = lexer_next(&p->lx, &t);
        if (tt == T_ERROR) {
            *p->err = p->lexerr;
            return;
        }
        p->lex_line = t.start >= p->lx.end ? t.lineno - 1 : t.end_lineno;
        if (tt == T_ENDMARKER)
            break;
    }
    if (p->lx.level) {
        int i = p->lx.level - 1;
        if (err_line > p->lx.parenlinenostack[i]) {
            p->err->kind = SYNERR_NONE;
            err_raw(p, SYNERR_SYNTAX, p->lx.parenlinenostack[i],
                    p->lx.parencolstack[i] + 1, p->lx.parenlinenostack[i], 0,
                    "'%c' was never closed", p->lx.parenstack[i]);
        }
    }
}

static int parser_init(Parser *p, AstArena *arena, const char *src, size_t len,
                       const char *filename, SyntaxErrorInfo *err)
{
    memset(p, 0, sizeof *p);
    memset(err, 0, sizeof *err);
    p->disj_end = -1;
    p->arena = arena;
    p->err = err;
    p->filename = filename;
    p->scratch = NULL;
    size_t n;
    char *buf = lexer_normalise(arena, src, len, &n, filename, err);
    if (!buf)
        return 0;
    p->src = buf;
    lexer_init(&p->lx, buf, n, filename, &p->lexerr, arena);
    return 1;
}

static AstArena *scratch_for(AstArena *arena) { return ast_arena_new_like(arena); }

Module *parse_module(AstArena *arena, const char *src, size_t len,
                     const char *filename, SyntaxErrorInfo *err)
{
    Parser p_;
    Parser *p = &p_;
    if (!parser_init(p, arena, src, len, filename, err))
        return NULL;
    p->scratch = scratch_for(arena);
    if (!p->scratch) {
        oom(p);
        return NULL;
    }
    Module *m = ast_arena_alloc(arena, sizeof *m);
    Vec body = {0};
    if (!m)
        oom(p);
    while (!FAILED && !at(p, T_ENDMARKER)) {
        if (at(p, T_NEWLINE)) {
            advance(p);
            continue;
        }
        statement_list(p, &body);
    }
    if (!FAILED)
        SEQ_FROM_VEC(m->body, body, Stmt *);
    if (FAILED)
        check_rest_for_token_errors(p);
    ast_arena_free(p->scratch);
    return FAILED ? NULL : m;
}

Expr *parse_expression(AstArena *arena, const char *src, size_t len,
                       const char *filename, SyntaxErrorInfo *err)
{
    Parser p_;
    Parser *p = &p_;
    /* Eval mode ignores leading whitespace: skip it before tokenizing. */
    while (len && (*src == ' ' || *src == '\t' || *src == '\f')) {
        src++;
        len--;
    }
    if (!parser_init(p, arena, src, len, filename, err))
        return NULL;
    p->scratch = scratch_for(arena);
    if (!p->scratch) {
        oom(p);
        return NULL;
    }
    Expr *e = star_expressions(p);
    while (e && accept(p, T_NEWLINE))
        ;
    if (e && !FAILED && !at(p, T_ENDMARKER))
        syntax_error_here(p);
    if (FAILED)
        check_rest_for_token_errors(p);
    ast_arena_free(p->scratch);
    return FAILED ? NULL : e;
}

void print_syntax_error(FILE *out, const SyntaxErrorInfo *err)
{
    fprintf(out, "  File \"%s\", line %d\n", err->filename, err->lineno);
    if (err->text) {
        const char *t = err->text;
        size_t n = strlen(t);
        while (n && t[n - 1] == '\n')
            n--;
        size_t skip = 0;
        while (skip < n && (t[skip] == ' ' || t[skip] == '\f'))
            skip++;
        fprintf(out, "    %.*s\n", (int)(n - skip), t + skip);
        int spaces = lexer_char_count(t, skip);
        int offset = err->offset;
        int end = err->end_offset;
        if (end == 0)
            end = offset;
        if (err->end_lineno > err->lineno)
            end = lexer_char_count(t, n) + 1;
        if (offset == end || end == -1)
            end = offset + 1;
        int col = offset - 1 - spaces, ecol = end - 1 - spaces;
        if (col >= 0) {
            fputs("    ", out);
            /* Keep tabs so the caret lines up. */
            const char *s = t + skip;
            for (int i = 0; i < col && *s; i++) {
                int len = 1;
                while ((s[len] & 0xC0) == 0x80)
                    len++;
                fputc(*s == '\t' ? '\t' : ' ', out);
                s += len;
            }
            for (int i = col; i < ecol; i++)
                fputc('^', out);
            fputc('\n', out);
        }
    }
    fprintf(out, "%s: %s\n", syntax_error_kind_name(err->kind), err->msg);
}
