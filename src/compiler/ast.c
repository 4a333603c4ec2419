/* AST support: the arena, names of node kinds, and ast.dump()-compatible
 * rendering (including Python's repr of constants). */
#include "compiler/ast.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---------------------------------------------------------------- arena */

/* Chunks form a singly linked list; the newest chunk is the one we bump
 * allocate from. Allocations larger than a quarter chunk get a chunk of
 * their own so they waste nothing. */
typedef struct Chunk {
    struct Chunk *next;
    size_t size, used; /* payload bytes */
    _Alignas(16) unsigned char data[];
} Chunk;

struct AstArena {
    AstAllocFn alloc_fn;
    AstFreeFn free_fn;
    void *ctx;
    Chunk *head;
    size_t total;
};

#define ARENA_CHUNK (64 * 1024)

static void *default_alloc(void *ctx, size_t n) { (void)ctx; return malloc(n); }
static void default_free(void *ctx, void *p) { (void)ctx; free(p); }

static Chunk *chunk_new(AstArena *a, size_t payload)
{
    Chunk *c = a->alloc_fn(a->ctx, sizeof(Chunk) + payload);
    if (!c)
        return NULL;
    c->size = payload;
    c->used = 0;
    a->total += sizeof(Chunk) + payload;
    return c;
}

AstArena *ast_arena_new(AstAllocFn alloc_fn, AstFreeFn free_fn, void *ctx)
{
    if (!alloc_fn) {
        alloc_fn = default_alloc;
        free_fn = default_free;
    }
    AstArena *a = alloc_fn(ctx, sizeof *a);
    if (!a)
        return NULL;
    a->alloc_fn = alloc_fn;
    a->free_fn = free_fn;
    a->ctx = ctx;
    a->total = sizeof *a;
    a->head = chunk_new(a, ARENA_CHUNK);
    if (!a->head) {
        free_fn(ctx, a);
        return NULL;
    }
    a->head->next = NULL;
    return a;
}

void *ast_arena_alloc(AstArena *a, size_t size)
{
    size = (size + 15) & ~(size_t)15;
    if (size == 0)
        size = 16;
    Chunk *c = a->head;
    if (c->size - c->used < size) {
        if (size > ARENA_CHUNK / 4) {
            /* A private chunk, linked behind the current one so the
             * current chunk keeps serving small requests. */
            Chunk *big = chunk_new(a, size);
            if (!big)
                return NULL;
            big->used = size;
            big->next = c->next;
            c->next = big;
            memset(big->data, 0, size);
            return big->data;
        }
        Chunk *n = chunk_new(a, ARENA_CHUNK);
        if (!n)
            return NULL;
        n->next = c;
        a->head = c = n;
    }
    void *p = c->data + c->used;
    c->used += size;
    memset(p, 0, size);
    return p;
}

char *ast_arena_strndup(AstArena *a, const char *s, size_t n)
{
    char *p = ast_arena_alloc(a, n + 1);
    if (p) {
        memcpy(p, s, n);
        p[n] = 0;
    }
    return p;
}

void ast_arena_free(AstArena *a)
{
    if (!a)
        return;
    Chunk *c = a->head;
    while (c) {
        Chunk *next = c->next;
        a->free_fn(a->ctx, c);
        c = next;
    }
    a->free_fn(a->ctx, a);
}

AstArena *ast_arena_new_like(const AstArena *like)
{
    return ast_arena_new(like->alloc_fn, like->free_fn, like->ctx);
}

size_t ast_arena_bytes(const AstArena *a) { return a->total; }

const char *syntax_error_kind_name(SyntaxErrorKind kind)
{
    switch (kind) {
    case SYNERR_INDENTATION: return "IndentationError";
    case SYNERR_TAB: return "TabError";
    default: return "SyntaxError";
    }
}

/* ---------------------------------------------------------------- names */

static const char *const expr_names[] = {
    "?", "BoolOp", "NamedExpr", "BinOp", "UnaryOp", "Lambda", "IfExp", "Dict",
    "Set", "ListComp", "SetComp", "DictComp", "GeneratorExp", "Await",
    "Yield", "YieldFrom", "Compare", "Call", "FormattedValue", "JoinedStr",
    "Constant", "Attribute", "Subscript", "Starred", "Name", "List", "Tuple",
    "Slice"};
static const char *const stmt_names[] = {
    "?", "FunctionDef", "AsyncFunctionDef", "ClassDef", "Return", "Delete",
    "Assign", "AugAssign", "AnnAssign", "For", "AsyncFor", "While", "If",
    "With", "AsyncWith", "Match", "Raise", "Try", "TryStar", "Assert",
    "Import", "ImportFrom", "Global", "Nonlocal", "Expr", "Pass", "Break",
    "Continue"};
static const char *const op_names[] = {
    "?", "Add", "Sub", "Mult", "MatMult", "Div", "Mod", "Pow", "LShift",
    "RShift", "BitOr", "BitXor", "BitAnd", "FloorDiv"};
static const char *const unary_names[] = {"?", "Invert", "Not", "UAdd", "USub"};
static const char *const cmp_names[] = {"?", "Eq", "NotEq", "Lt", "LtE", "Gt",
                                        "GtE", "Is", "IsNot", "In", "NotIn"};
static const char *const ctx_names[] = {"?", "Load", "Store", "Del"};

const char *ast_expr_kind_name(ExprKind k) { return expr_names[k]; }
const char *ast_stmt_kind_name(StmtKind k) { return stmt_names[k]; }
const char *ast_operator_name(OperatorKind op) { return op_names[op]; }

/* ------------------------------------------------------- string builder */

typedef struct {
    AstArena *arena;
    char *buf;
    size_t len, cap;
    int failed;
} Buf;

static void buf_put(Buf *b, const char *s, size_t n)
{
    if (b->failed)
        return;
    if (b->len + n + 1 > b->cap) {
        size_t cap = b->cap ? b->cap : 256;
        while (b->len + n + 1 > cap)
            cap *= 2;
        /* Old buffers stay in the arena until it is freed; the total waste
         * is bounded by the final size. */
        char *nb = ast_arena_alloc(b->arena, cap);
        if (!nb) {
            b->failed = 1;
            return;
        }
        if (b->len)
            memcpy(nb, b->buf, b->len);
        b->buf = nb;
        b->cap = cap;
    }
    memcpy(b->buf + b->len, s, n);
    b->len += n;
    b->buf[b->len] = 0;
}

static void buf_puts(Buf *b, const char *s) { buf_put(b, s, strlen(s)); }

static void buf_printf(Buf *b, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
#include <stdarg.h>
static void buf_printf(Buf *b, const char *fmt, ...)
{
    char tmp[512];
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(tmp, sizeof tmp, fmt, ap);
    va_end(ap);
    if (n > 0)
        buf_put(b, tmp, (size_t)n < sizeof tmp ? (size_t)n : sizeof tmp - 1);
}

/* ------------------------------------------------------- constant reprs */

void ast_float_repr(double x, char *out, size_t size)
{
    if (isnan(x)) { snprintf(out, size, "nan"); return; }
    if (isinf(x)) { snprintf(out, size, x < 0 ? "-inf" : "inf"); return; }
    char tmp[64];
    int prec;
    /* Shortest %.Ne form that reads back as the same double. */
    for (prec = 0; prec < 17; prec++) {
        snprintf(tmp, sizeof tmp, "%.*e", prec, x);
        if (strtod(tmp, NULL) == x)
            break;
    }
    snprintf(tmp, sizeof tmp, "%.*e", prec, x);
    /* Split into sign, digits and decimal exponent. */
    const char *p = tmp;
    int neg = 0;
    if (*p == '-') { neg = 1; p++; }
    char digits[32];
    int nd = 0;
    for (; *p && *p != 'e'; p++)
        if (*p != '.')
            digits[nd++] = *p;
    int exp = atoi(p + 1);
    while (nd > 1 && digits[nd - 1] == '0')
        nd--;
    digits[nd] = 0;
    int decpt = exp + 1; /* digits d1d2.. mean 0.d1d2.. * 10^decpt */
    char res[64];
    size_t r = 0;
    if (neg)
        res[r++] = '-';
    if (decpt > -4 && decpt <= 16) {
        if (decpt <= 0) {
            res[r++] = '0';
            res[r++] = '.';
            for (int i = 0; i < -decpt; i++)
                res[r++] = '0';
            for (int i = 0; i < nd; i++)
                res[r++] = digits[i];
        } else if (decpt >= nd) {
            for (int i = 0; i < nd; i++)
                res[r++] = digits[i];
            for (int i = nd; i < decpt; i++)
                res[r++] = '0';
            res[r++] = '.';
            res[r++] = '0';
        } else {
            for (int i = 0; i < nd; i++) {
                if (i == decpt)
                    res[r++] = '.';
                res[r++] = digits[i];
            }
        }
        res[r] = 0;
    } else {
        res[r++] = digits[0];
        if (nd > 1) {
            res[r++] = '.';
            for (int i = 1; i < nd; i++)
                res[r++] = digits[i];
        }
        int e = decpt - 1;
        snprintf(res + r, sizeof res - r, "e%c%02d", e < 0 ? '-' : '+', e < 0 ? -e : e);
    }
    snprintf(out, size, "%s", res);
}

/* Converts digit text in base 2/8/16 to decimal text (schoolbook). */
static void dump_int(Buf *b, const char *digits, int base)
{
    while (digits[0] == '0' && digits[1])
        digits++;
    if (base == 10) {
        buf_puts(b, digits);
        return;
    }
    size_t n = strlen(digits);
    /* A base-b number of n digits has at most n*log10(16)+1 < 1.21n+2
     * decimal digits. */
    size_t cap = n * 5 / 4 + 4;
    unsigned char *dec = ast_arena_alloc(b->arena, cap); /* little-endian */
    if (!dec) {
        b->failed = 1;
        return;
    }
    size_t len = 1;
    for (size_t i = 0; i < n; i++) {
        int c = digits[i];
        int v = c <= '9' ? c - '0' : (c | 32) - 'a' + 10;
        unsigned carry = (unsigned)v;
        for (size_t j = 0; j < len; j++) {
            unsigned t = dec[j] * (unsigned)base + carry;
            dec[j] = (unsigned char)(t % 10);
            carry = t / 10;
        }
        while (carry) {
            dec[len++] = (unsigned char)(carry % 10);
            carry /= 10;
        }
    }
    char *s = ast_arena_alloc(b->arena, len + 1);
    if (!s) {
        b->failed = 1;
        return;
    }
    for (size_t j = 0; j < len; j++)
        s[j] = (char)('0' + dec[len - 1 - j]);
    buf_put(b, s, len);
}

static unsigned utf8_decode(const unsigned char *s, size_t n, size_t *adv)
{
    if (s[0] < 0x80 || n < 2) { *adv = 1; return s[0]; }
    if (s[0] < 0xE0) { *adv = 2; return ((s[0] & 0x1Fu) << 6) | (s[1] & 0x3Fu); }
    if (s[0] < 0xF0 || n < 4) {
        if (n < 3) { *adv = 1; return s[0]; }
        *adv = 3;
        return ((s[0] & 0x0Fu) << 12) | ((s[1] & 0x3Fu) << 6) | (s[2] & 0x3Fu);
    }
    *adv = 4;
    return ((s[0] & 0x07u) << 18) | ((s[1] & 0x3Fu) << 12) |
           ((s[2] & 0x3Fu) << 6) | (s[3] & 0x3Fu);
}

/* An approximation of str.isprintable() for non-ASCII code points: the
 * blocks that Python escapes in repr(). */
static int cp_printable(unsigned cp)
{
    if (cp < 0x20 || cp == 0x7F) return 0;
    if (cp < 0x7F) return 1;
    if (cp <= 0xA0 || cp == 0xAD) return 0;
    if (cp >= 0xD800 && cp <= 0xDFFF) return 0;
    if ((cp >= 0x2000 && cp <= 0x200F) || (cp >= 0x2028 && cp <= 0x202F) ||
        (cp >= 0x205F && cp <= 0x206F) || cp == 0x3000 || cp == 0xFEFF ||
        cp == 0x1680 || cp == 0x180E)
        return 0;
    if (cp >= 0xE000 && cp <= 0xF8FF) return 0; /* private use */
    if ((cp & 0xFFFE) == 0xFFFE) return 0;
    if (cp >= 0xF0000) return 0;
    return 1;
}

static void dump_str(Buf *b, const char *data, size_t len, int is_bytes)
{
    const unsigned char *s = (const unsigned char *)data;
    int has_sq = memchr(data, '\'', len) != NULL;
    int has_dq = memchr(data, '"', len) != NULL;
    char q = (has_sq && !has_dq) ? '"' : '\'';
    if (is_bytes)
        buf_put(b, "b", 1);
    buf_put(b, &q, 1);
    size_t i = 0;
    while (i < len) {
        unsigned c = s[i];
        size_t adv = 1;
        if (!is_bytes && c >= 0x80)
            c = utf8_decode(s + i, len - i, &adv);
        if (c == (unsigned)q || c == '\\') {
            char e[2] = {'\\', (char)c};
            buf_put(b, e, 2);
        } else if (c == '\t') buf_puts(b, "\\t");
        else if (c == '\n') buf_puts(b, "\\n");
        else if (c == '\r') buf_puts(b, "\\r");
        else if (c < 0x20 || c == 0x7F || (is_bytes && c >= 0x80))
            buf_printf(b, "\\x%02x", c);
        else if (c < 0x80)
            buf_put(b, (const char *)s + i, 1);
        else if (cp_printable(c))
            buf_put(b, (const char *)s + i, adv);
        else if (c <= 0xFF)
            buf_printf(b, "\\x%02x", c);
        else if (c <= 0xFFFF)
            buf_printf(b, "\\u%04x", c);
        else
            buf_printf(b, "\\U%08x", c);
        i += adv;
    }
    buf_put(b, &q, 1);
}

static void dump_const(Buf *b, const ConstValue *v)
{
    char tmp[64];
    switch (v->kind) {
    case CONST_None: buf_puts(b, "None"); break;
    case CONST_True: buf_puts(b, "True"); break;
    case CONST_False: buf_puts(b, "False"); break;
    case CONST_Ellipsis: buf_puts(b, "Ellipsis"); break;
    case CONST_Int: dump_int(b, v->v.int_.digits, v->v.int_.base); break;
    case CONST_Float:
        ast_float_repr(v->v.f, tmp, sizeof tmp);
        buf_puts(b, tmp);
        break;
    case CONST_Complex: {
        ast_float_repr(v->v.f, tmp, sizeof tmp);
        size_t n = strlen(tmp);
        /* complex repr drops the ".0" float repr adds */
        if (n > 2 && strcmp(tmp + n - 2, ".0") == 0)
            tmp[n - 2] = 0;
        buf_puts(b, tmp);
        buf_puts(b, "j");
        break;
    }
    case CONST_Str: dump_str(b, v->v.str.data, v->v.str.len, 0); break;
    case CONST_Bytes: dump_str(b, v->v.str.data, v->v.str.len, 1); break;
    }
}

/* ---------------------------------------------------------------- dump */

typedef struct {
    Buf out;
    Buf pos;    /* positions listing */
    int want_pos;
} Dumper;

static void d_expr(Dumper *d, const Expr *e);
static void d_stmts(Dumper *d, const StmtSeq *s);

static void d_pos(Dumper *d, const char *name, int l, int c, int el, int ec)
{
    if (d->want_pos)
        buf_printf(&d->pos, "%s %d %d %d %d\n", name, l, c, el, ec);
}

/* Field separators: ast.dump writes "Name(f1=..., f2=...)". */
static void d_field(Dumper *d, int *first, const char *name)
{
    if (!*first)
        buf_puts(&d->out, ", ");
    *first = 0;
    buf_puts(&d->out, name);
    buf_puts(&d->out, "=");
}

static void d_exprs(Dumper *d, const ExprSeq *s)
{
    buf_puts(&d->out, "[");
    for (int i = 0; i < s->count; i++) {
        if (i)
            buf_puts(&d->out, ", ");
        if (s->items[i])
            d_expr(d, s->items[i]);
        else
            buf_puts(&d->out, "None");
    }
    buf_puts(&d->out, "]");
}

static void d_ctx(Dumper *d, int *first, ExprContext ctx)
{
    d_field(d, first, "ctx");
    buf_puts(&d->out, ctx_names[ctx]);
    buf_puts(&d->out, "()");
}

static void d_opt_expr(Dumper *d, int *first, const char *name, const Expr *e)
{
    if (!e)
        return; /* ast.dump omits fields that are None by default */
    d_field(d, first, name);
    d_expr(d, e);
}

static void d_str_field(Dumper *d, int *first, const char *name, const char *s)
{
    if (!s)
        return;
    d_field(d, first, name);
    dump_str(&d->out, s, strlen(s), 0);
}

static void d_arg(Dumper *d, const Arg *a)
{
    int f = 1;
    d_pos(d, "arg", a->lineno, a->col_offset, a->end_lineno, a->end_col_offset);
    buf_puts(&d->out, "arg(");
    d_str_field(d, &f, "arg", a->arg);
    d_opt_expr(d, &f, "annotation", a->annotation);
    buf_puts(&d->out, ")");
}

static void d_argseq(Dumper *d, const ArgSeq *s)
{
    buf_puts(&d->out, "[");
    for (int i = 0; i < s->count; i++) {
        if (i)
            buf_puts(&d->out, ", ");
        d_arg(d, s->items[i]);
    }
    buf_puts(&d->out, "]");
}

static void d_arguments(Dumper *d, const Arguments *a)
{
    int f = 1;
    buf_puts(&d->out, "arguments(");
    d_field(d, &f, "posonlyargs"); d_argseq(d, &a->posonlyargs);
    d_field(d, &f, "args"); d_argseq(d, &a->args);
    if (a->vararg) { d_field(d, &f, "vararg"); d_arg(d, a->vararg); }
    d_field(d, &f, "kwonlyargs"); d_argseq(d, &a->kwonlyargs);
    d_field(d, &f, "kw_defaults"); d_exprs(d, &a->kw_defaults);
    if (a->kwarg) { d_field(d, &f, "kwarg"); d_arg(d, a->kwarg); }
    d_field(d, &f, "defaults"); d_exprs(d, &a->defaults);
    buf_puts(&d->out, ")");
}

static void d_keywords(Dumper *d, const KeywordSeq *s)
{
    buf_puts(&d->out, "[");
    for (int i = 0; i < s->count; i++) {
        const Keyword_ *k = s->items[i];
        int f = 1;
        if (i)
            buf_puts(&d->out, ", ");
        d_pos(d, "keyword", k->lineno, k->col_offset, k->end_lineno, k->end_col_offset);
        buf_puts(&d->out, "keyword(");
        d_str_field(d, &f, "arg", k->arg);
        d_field(d, &f, "value");
        d_expr(d, k->value);
        buf_puts(&d->out, ")");
    }
    buf_puts(&d->out, "]");
}

static void d_comps(Dumper *d, const ComprehensionSeq *s)
{
    buf_puts(&d->out, "[");
    for (int i = 0; i < s->count; i++) {
        const Comprehension *c = s->items[i];
        int f = 1;
        if (i)
            buf_puts(&d->out, ", ");
        buf_puts(&d->out, "comprehension(");
        d_field(d, &f, "target"); d_expr(d, c->target);
        d_field(d, &f, "iter"); d_expr(d, c->iter);
        d_field(d, &f, "ifs"); d_exprs(d, &c->ifs);
        d_field(d, &f, "is_async"); buf_printf(&d->out, "%d", c->is_async);
        buf_puts(&d->out, ")");
    }
    buf_puts(&d->out, "]");
}

static void d_aliases(Dumper *d, const AliasSeq *s)
{
    buf_puts(&d->out, "[");
    for (int i = 0; i < s->count; i++) {
        const Alias *a = s->items[i];
        int f = 1;
        if (i)
            buf_puts(&d->out, ", ");
        d_pos(d, "alias", a->lineno, a->col_offset, a->end_lineno, a->end_col_offset);
        buf_puts(&d->out, "alias(");
        d_str_field(d, &f, "name", a->name);
        d_str_field(d, &f, "asname", a->asname);
        buf_puts(&d->out, ")");
    }
    buf_puts(&d->out, "]");
}

static void d_idents(Dumper *d, const IdentSeq *s)
{
    buf_puts(&d->out, "[");
    for (int i = 0; i < s->count; i++) {
        if (i)
            buf_puts(&d->out, ", ");
        dump_str(&d->out, s->items[i], strlen(s->items[i]), 0);
    }
    buf_puts(&d->out, "]");
}

static void d_expr(Dumper *d, const Expr *e)
{
    Buf *o = &d->out;
    int f = 1;
    d_pos(d, expr_names[e->kind], e->lineno, e->col_offset, e->end_lineno,
          e->end_col_offset);
    buf_puts(o, expr_names[e->kind]);
    buf_puts(o, "(");
    switch (e->kind) {
    case EXPR_BoolOp:
        d_field(d, &f, "op");
        buf_puts(o, e->v.BoolOp.op == BOOL_And ? "And()" : "Or()");
        d_field(d, &f, "values"); d_exprs(d, &e->v.BoolOp.values);
        break;
    case EXPR_NamedExpr:
        d_field(d, &f, "target"); d_expr(d, e->v.NamedExpr.target);
        d_field(d, &f, "value"); d_expr(d, e->v.NamedExpr.value);
        break;
    case EXPR_BinOp:
        d_field(d, &f, "left"); d_expr(d, e->v.BinOp.left);
        d_field(d, &f, "op"); buf_puts(o, op_names[e->v.BinOp.op]); buf_puts(o, "()");
        d_field(d, &f, "right"); d_expr(d, e->v.BinOp.right);
        break;
    case EXPR_UnaryOp:
        d_field(d, &f, "op"); buf_puts(o, unary_names[e->v.UnaryOp.op]); buf_puts(o, "()");
        d_field(d, &f, "operand"); d_expr(d, e->v.UnaryOp.operand);
        break;
    case EXPR_Lambda:
        d_field(d, &f, "args"); d_arguments(d, e->v.Lambda.args);
        d_field(d, &f, "body"); d_expr(d, e->v.Lambda.body);
        break;
    case EXPR_IfExp:
        d_field(d, &f, "test"); d_expr(d, e->v.IfExp.test);
        d_field(d, &f, "body"); d_expr(d, e->v.IfExp.body);
        d_field(d, &f, "orelse"); d_expr(d, e->v.IfExp.orelse);
        break;
    case EXPR_Dict:
        d_field(d, &f, "keys"); d_exprs(d, &e->v.Dict.keys);
        d_field(d, &f, "values"); d_exprs(d, &e->v.Dict.values);
        break;
    case EXPR_Set:
        d_field(d, &f, "elts"); d_exprs(d, &e->v.Set.elts);
        break;
    case EXPR_ListComp: case EXPR_SetComp: case EXPR_GeneratorExp:
        d_field(d, &f, "elt"); d_expr(d, e->v.ListComp.elt);
        d_field(d, &f, "generators"); d_comps(d, &e->v.ListComp.generators);
        break;
    case EXPR_DictComp:
        d_field(d, &f, "key"); d_expr(d, e->v.DictComp.key);
        d_field(d, &f, "value"); d_expr(d, e->v.DictComp.value);
        d_field(d, &f, "generators"); d_comps(d, &e->v.DictComp.generators);
        break;
    case EXPR_Await: case EXPR_Yield: case EXPR_YieldFrom:
        d_opt_expr(d, &f, "value", e->v.Yield.value);
        break;
    case EXPR_Compare:
        d_field(d, &f, "left"); d_expr(d, e->v.Compare.left);
        d_field(d, &f, "ops");
        buf_puts(o, "[");
        for (int i = 0; i < e->v.Compare.ops.count; i++) {
            if (i)
                buf_puts(o, ", ");
            buf_puts(o, cmp_names[e->v.Compare.ops.items[i]]);
            buf_puts(o, "()");
        }
        buf_puts(o, "]");
        d_field(d, &f, "comparators"); d_exprs(d, &e->v.Compare.comparators);
        break;
    case EXPR_Call:
        d_field(d, &f, "func"); d_expr(d, e->v.Call.func);
        d_field(d, &f, "args"); d_exprs(d, &e->v.Call.args);
        d_field(d, &f, "keywords"); d_keywords(d, &e->v.Call.keywords);
        break;
    case EXPR_FormattedValue:
        d_field(d, &f, "value"); d_expr(d, e->v.FormattedValue.value);
        d_field(d, &f, "conversion");
        buf_printf(o, "%d", e->v.FormattedValue.conversion);
        d_opt_expr(d, &f, "format_spec", e->v.FormattedValue.format_spec);
        break;
    case EXPR_JoinedStr:
        d_field(d, &f, "values"); d_exprs(d, &e->v.JoinedStr.values);
        break;
    case EXPR_Constant:
        d_field(d, &f, "value"); dump_const(o, &e->v.Constant.value);
        if (e->v.Constant.kind_u)
            buf_puts(o, ", kind='u'");
        break;
    case EXPR_Attribute:
        d_field(d, &f, "value"); d_expr(d, e->v.Attribute.value);
        d_str_field(d, &f, "attr", e->v.Attribute.attr);
        d_ctx(d, &f, e->v.Attribute.ctx);
        break;
    case EXPR_Subscript:
        d_field(d, &f, "value"); d_expr(d, e->v.Subscript.value);
        d_field(d, &f, "slice"); d_expr(d, e->v.Subscript.slice);
        d_ctx(d, &f, e->v.Subscript.ctx);
        break;
    case EXPR_Starred:
        d_field(d, &f, "value"); d_expr(d, e->v.Starred.value);
        d_ctx(d, &f, e->v.Starred.ctx);
        break;
    case EXPR_Name:
        d_str_field(d, &f, "id", e->v.Name.id);
        d_ctx(d, &f, e->v.Name.ctx);
        break;
    case EXPR_List: case EXPR_Tuple:
        d_field(d, &f, "elts"); d_exprs(d, &e->v.List.elts);
        d_ctx(d, &f, e->v.List.ctx);
        break;
    case EXPR_Slice:
        d_opt_expr(d, &f, "lower", e->v.Slice.lower);
        d_opt_expr(d, &f, "upper", e->v.Slice.upper);
        d_opt_expr(d, &f, "step", e->v.Slice.step);
        break;
    }
    buf_puts(o, ")");
}

static void d_handlers(Dumper *d, const ExceptHandlerSeq *s)
{
    buf_puts(&d->out, "[");
    for (int i = 0; i < s->count; i++) {
        const ExceptHandler *h = s->items[i];
        int f = 1;
        if (i)
            buf_puts(&d->out, ", ");
        d_pos(d, "ExceptHandler", h->lineno, h->col_offset, h->end_lineno, h->end_col_offset);
        buf_puts(&d->out, "ExceptHandler(");
        d_opt_expr(d, &f, "type", h->type);
        d_str_field(d, &f, "name", h->name);
        d_field(d, &f, "body"); d_stmts(d, &h->body);
        buf_puts(&d->out, ")");
    }
    buf_puts(&d->out, "]");
}

static void d_stmt(Dumper *d, const Stmt *s)
{
    Buf *o = &d->out;
    int f = 1;
    d_pos(d, stmt_names[s->kind], s->lineno, s->col_offset, s->end_lineno,
          s->end_col_offset);
    buf_puts(o, stmt_names[s->kind]);
    buf_puts(o, "(");
    switch (s->kind) {
    case STMT_FunctionDef: case STMT_AsyncFunctionDef:
        d_str_field(d, &f, "name", s->v.FunctionDef.name);
        d_field(d, &f, "args"); d_arguments(d, s->v.FunctionDef.args);
        d_field(d, &f, "body"); d_stmts(d, &s->v.FunctionDef.body);
        d_field(d, &f, "decorator_list"); d_exprs(d, &s->v.FunctionDef.decorator_list);
        d_opt_expr(d, &f, "returns", s->v.FunctionDef.returns);
        break;
    case STMT_ClassDef:
        d_str_field(d, &f, "name", s->v.ClassDef.name);
        d_field(d, &f, "bases"); d_exprs(d, &s->v.ClassDef.bases);
        d_field(d, &f, "keywords"); d_keywords(d, &s->v.ClassDef.keywords);
        d_field(d, &f, "body"); d_stmts(d, &s->v.ClassDef.body);
        d_field(d, &f, "decorator_list"); d_exprs(d, &s->v.ClassDef.decorator_list);
        break;
    case STMT_Return:
        d_opt_expr(d, &f, "value", s->v.Return.value);
        break;
    case STMT_Delete:
        d_field(d, &f, "targets"); d_exprs(d, &s->v.Delete.targets);
        break;
    case STMT_Assign:
        d_field(d, &f, "targets"); d_exprs(d, &s->v.Assign.targets);
        d_field(d, &f, "value"); d_expr(d, s->v.Assign.value);
        break;
    case STMT_AugAssign:
        d_field(d, &f, "target"); d_expr(d, s->v.AugAssign.target);
        d_field(d, &f, "op"); buf_puts(o, op_names[s->v.AugAssign.op]); buf_puts(o, "()");
        d_field(d, &f, "value"); d_expr(d, s->v.AugAssign.value);
        break;
    case STMT_AnnAssign:
        d_field(d, &f, "target"); d_expr(d, s->v.AnnAssign.target);
        d_field(d, &f, "annotation"); d_expr(d, s->v.AnnAssign.annotation);
        d_opt_expr(d, &f, "value", s->v.AnnAssign.value);
        d_field(d, &f, "simple"); buf_printf(o, "%d", s->v.AnnAssign.simple);
        break;
    case STMT_For: case STMT_AsyncFor:
        d_field(d, &f, "target"); d_expr(d, s->v.For.target);
        d_field(d, &f, "iter"); d_expr(d, s->v.For.iter);
        d_field(d, &f, "body"); d_stmts(d, &s->v.For.body);
        d_field(d, &f, "orelse"); d_stmts(d, &s->v.For.orelse);
        break;
    case STMT_While: case STMT_If:
        d_field(d, &f, "test"); d_expr(d, s->v.While.test);
        d_field(d, &f, "body"); d_stmts(d, &s->v.While.body);
        d_field(d, &f, "orelse"); d_stmts(d, &s->v.While.orelse);
        break;
    case STMT_With: case STMT_AsyncWith:
        d_field(d, &f, "items");
        buf_puts(o, "[");
        for (int i = 0; i < s->v.With.items.count; i++) {
            const WithItem *w = s->v.With.items.items[i];
            int g = 1;
            if (i)
                buf_puts(o, ", ");
            buf_puts(o, "withitem(");
            d_field(d, &g, "context_expr"); d_expr(d, w->context_expr);
            d_opt_expr(d, &g, "optional_vars", w->optional_vars);
            buf_puts(o, ")");
        }
        buf_puts(o, "]");
        d_field(d, &f, "body"); d_stmts(d, &s->v.With.body);
        break;
    case STMT_Raise:
        d_opt_expr(d, &f, "exc", s->v.Raise.exc);
        d_opt_expr(d, &f, "cause", s->v.Raise.cause);
        break;
    case STMT_Try: case STMT_TryStar:
        d_field(d, &f, "body"); d_stmts(d, &s->v.Try.body);
        d_field(d, &f, "handlers"); d_handlers(d, &s->v.Try.handlers);
        d_field(d, &f, "orelse"); d_stmts(d, &s->v.Try.orelse);
        d_field(d, &f, "finalbody"); d_stmts(d, &s->v.Try.finalbody);
        break;
    case STMT_Assert:
        d_field(d, &f, "test"); d_expr(d, s->v.Assert.test);
        d_opt_expr(d, &f, "msg", s->v.Assert.msg);
        break;
    case STMT_Import:
        d_field(d, &f, "names"); d_aliases(d, &s->v.Import.names);
        break;
    case STMT_ImportFrom:
        d_str_field(d, &f, "module", s->v.ImportFrom.module);
        d_field(d, &f, "names"); d_aliases(d, &s->v.ImportFrom.names);
        d_field(d, &f, "level"); buf_printf(o, "%d", s->v.ImportFrom.level);
        break;
    case STMT_Global: case STMT_Nonlocal:
        d_field(d, &f, "names"); d_idents(d, &s->v.Global.names);
        break;
    case STMT_Expr:
        d_field(d, &f, "value"); d_expr(d, s->v.Expr.value);
        break;
    default:
        break;
    }
    buf_puts(o, ")");
}

static void d_stmts(Dumper *d, const StmtSeq *s)
{
    buf_puts(&d->out, "[");
    for (int i = 0; i < s->count; i++) {
        if (i)
            buf_puts(&d->out, ", ");
        d_stmt(d, s->items[i]);
    }
    buf_puts(&d->out, "]");
}

static void dumper_init(Dumper *d, AstArena *arena, int want_pos)
{
    memset(d, 0, sizeof *d);
    d->out.arena = d->pos.arena = arena;
    d->want_pos = want_pos;
    buf_puts(&d->out, "");
    buf_puts(&d->pos, "");
}

char *ast_dump_module(AstArena *arena, const Module *mod)
{
    Dumper d;
    dumper_init(&d, arena, 0);
    buf_puts(&d.out, "Module(body=");
    d_stmts(&d, &mod->body);
    buf_puts(&d.out, ", type_ignores=[])");
    return d.out.failed ? NULL : d.out.buf;
}

char *ast_dump_expr(AstArena *arena, const Expr *e)
{
    Dumper d;
    dumper_init(&d, arena, 0);
    d_expr(&d, e);
    return d.out.failed ? NULL : d.out.buf;
}

char *ast_positions_module(AstArena *arena, const Module *mod)
{
    Dumper d;
    dumper_init(&d, arena, 1);
    d_stmts(&d, &mod->body);
    return (d.out.failed || d.pos.failed) ? NULL : d.pos.buf;
}
