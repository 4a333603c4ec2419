/* Traceback objects and their formatting in CPython 3.11's style (with
 * the position markers 3.11 added: `~~^~~` under `a / b`, `~~~^^^^` under
 * `d['k']`, `^^^^` under any other failing expression).
 *
 * Also the PhBuf byte buffer used to build messages and tracebacks.
 */
#include "traceback.h"

#include "abstract.h"
#include "code.h"
#include "compiler/parser.h"
#include "dict.h"
#include "int.h"
#include "str.h"
#include "tuple.h"
#include "typeobject.h"
#include "exceptions.h"
#include "vm/errors.h"
#include "vm/state.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

/* ---- PhBuf ------------------------------------------------------------------------------ */

void buf_init(PhBuf *b, PhState *S)
{
    b->S = S;
    b->data = NULL;
    b->len = b->cap = 0;
    b->oom = 0;
}

void buf_free(PhBuf *b)
{
    if (b->data) heap_free(mem_of(b->S)->heap, b->data);
    b->data = NULL;
    b->len = b->cap = 0;
}

static bool buf_reserve(PhBuf *b, size_t extra)
{
    if (b->oom) return false;
    if (b->len + extra + 1 <= b->cap) return true;
    size_t cap = b->cap ? b->cap : 64;
    while (cap < b->len + extra + 1) cap *= 2;
    char *d = heap_realloc(mem_of(b->S)->heap, b->data, cap);
    if (!d) {
        b->oom = 1;
        return false;
    }
    b->data = d;
    b->cap = cap;
    return true;
}

void buf_putn(PhBuf *b, const char *s, size_t n)
{
    if (!n || !buf_reserve(b, n)) return;
    memcpy(b->data + b->len, s, n);
    b->len += n;
    b->data[b->len] = 0;
}

void buf_puts(PhBuf *b, const char *s) { buf_putn(b, s, strlen(s)); }

void buf_putc(PhBuf *b, char c) { buf_putn(b, &c, 1); }

static void buf_repeat(PhBuf *b, char c, ssize_t n)
{
    for (ssize_t i = 0; i < n; i++) buf_putc(b, c);
}

void buf_printf(PhBuf *b, const char *fmt, ...)
{
    char small[256];
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(small, sizeof small, fmt, ap);
    va_end(ap);
    if (n < 0) return;
    if ((size_t)n < sizeof small) {
        buf_putn(b, small, (size_t)n);
        return;
    }
    if (!buf_reserve(b, (size_t)n)) return;
    va_start(ap, fmt);
    vsnprintf(b->data + b->len, (size_t)n + 1, fmt, ap);
    va_end(ap);
    b->len += (size_t)n;
}

void buf_put_str(PhBuf *b, PhObject *str)
{
    if (!str) return;
    size_t n;
    const char *u = str_as_utf8(b->S, str, &n);
    if (!u) {
        err_clear(b->S);
        b->oom = 1;
        return;
    }
    buf_putn(b, u, n);
}

PhObject *buf_to_str(PhBuf *b)
{
    if (b->oom) return err_no_memory(b->S);
    return str_from_utf8(b->S, b->data ? b->data : "", b->len);
}

/* ---- the traceback type ------------------------------------------------------------------- */

#define TB(o) ((PhTraceback *)(o))

static int tb_traverse(PhObject *self, visitproc visit, void *arg)
{
    VISIT(TB(self)->next);
    VISIT(TB(self)->frame);
    VISIT(TB(self)->code);
    return 0;
}

static int tb_clear(PhState *S, PhObject *self)
{
    CLEAR(S, TB(self)->next);
    CLEAR(S, TB(self)->frame);
    CLEAR(S, TB(self)->code);
    return 0;
}

static void tb_dealloc(PhState *S, PhObject *self)
{
    gc_untrack(self);
    tb_clear(S, self);
    obj_free(S, self);
}

static PhObject *tb_get_next(PhState *S, PhObject *self)
{
    PhObject *n = (PhObject *)TB(self)->next;
    if (!n) n = PH_NONE(S);
    INCREF(n);
    return n;
}

static int tb_set_next(PhState *S, PhObject *self, PhObject *v)
{
    if (!v) {
        err_format(S, &S->exc.TypeError, "can't delete tb_next attribute");
        return -1;
    }
    if (v == PH_NONE(S)) v = NULL;
    else if (v->type != &S->types.traceback) {
        err_format(S, &S->exc.TypeError, "expected traceback object or None, got '%s'", v->type->name);
        return -1;
    }
    /* No loops: v's chain must not come back to self. */
    for (PhTraceback *t = TB(v); t; t = t->next) {
        if ((PhObject *)t == self) {
            err_format(S, &S->exc.ValueError, "traceback loop detected");
            return -1;
        }
    }
    XINCREF(v);
    PhTraceback *old = TB(self)->next;
    TB(self)->next = TB(v);
    XDECREF(S, old);
    return 0;
}

static PhObject *tb_get_frame(PhState *S, PhObject *self)
{
    PhObject *f = TB(self)->frame ? TB(self)->frame : PH_NONE(S);
    INCREF(f);
    return f;
}

static PhObject *tb_get_lasti(PhState *S, PhObject *self) { return int_from_i64(S, TB(self)->lasti); }
static PhObject *tb_get_lineno(PhState *S, PhObject *self) { return int_from_i64(S, TB(self)->lineno); }

static const PhGetSetDef tb_getsets[] = {
    {"tb_next", tb_get_next, tb_set_next},
    {"tb_frame", tb_get_frame, NULL},
    {"tb_lasti", tb_get_lasti, NULL},
    {"tb_lineno", tb_get_lineno, NULL},
    {NULL, NULL, NULL},
};

const PhType traceback_type_template = {
    .name = "traceback",
    .basicsize = sizeof(PhTraceback),
    .flags = TPFLAG_HAVE_GC,
    .dealloc = tb_dealloc,
    .traverse = tb_traverse,
    .clear = tb_clear,
    .getsets = tb_getsets,
};

int traceback_add_frame(PhState *S, PhObject *exc, PhObject *frame, PhObject *code,
                        int instr_index)
{
    if (!(exc->type->flags & TPFLAG_BASE_EXC_SUBCLASS)) return 0;
    PhTraceback *tb = (PhTraceback *)obj_alloc(S, &S->types.traceback, sizeof(PhTraceback));
    if (!tb) {
        err_no_memory(S);
        return -1;
    }
    PhBaseException *e = (PhBaseException *)exc;
    tb->next = (PhTraceback *)e->traceback; /* the reference moves into the new entry */
    XINCREF(frame);
    tb->frame = frame;
    XINCREF(code);
    tb->code = code;
    tb->instr_index = instr_index;
    tb->lasti = instr_index * 2;
    tb->lineno = code ? code_line(code, instr_index) : -1;
    e->traceback = (PhObject *)tb;
    gc_track(S, (PhObject *)tb);
    return 0;
}

int traceback_add(PhState *S, PhObject *exc, PhObject *code, int instr_index)
{
    return traceback_add_frame(S, exc, NULL, code, instr_index);
}

/* ---- source lines --------------------------------------------------------------------------- */

/* Reads line `lineno` (1-based) of a file into b, without its newline.
 * false if the file or the line cannot be read. */
static bool read_source_line(PhBuf *b, const char *filename, int lineno)
{
    if (!filename || !*filename || filename[0] == '<' || lineno < 1) return false;
    FILE *f = fopen(filename, "rb");
    if (!f) return false;
    int line = 1, c;
    while (line < lineno && (c = fgetc(f)) != EOF)
        if (c == '\n') line++;
    bool ok = line == lineno;
    if (ok) {
        size_t before = b->len;
        while ((c = fgetc(f)) != EOF && c != '\n') buf_putc(b, (char)c);
        if (b->len > before && b->data[b->len - 1] == '\r') b->data[--b->len] = 0;
        ok = c != EOF || b->len > before;
    }
    fclose(f);
    return ok && !b->oom;
}

static bool is_ws(char c) { return c == ' ' || c == '\t' || c == '\f'; }

/* Characters (code points) in the first `bytes` bytes of UTF-8 text s. */
static ssize_t char_offset(const char *s, size_t len, ssize_t bytes)
{
    if (bytes < 0) return bytes;
    if ((size_t)bytes > len) bytes = (ssize_t)len;
    ssize_t n = 0;
    for (ssize_t i = 0; i < bytes; i++)
        if (((unsigned char)s[i] & 0xC0) != 0x80) n++;
    return n;
}

/* Byte offset of character index ch in UTF-8 text s. */
static ssize_t byte_offset(const char *s, size_t len, ssize_t ch)
{
    ssize_t n = -1;
    for (size_t i = 0; i < len; i++) {
        if (((unsigned char)s[i] & 0xC0) != 0x80 && ++n == ch) return (ssize_t)i;
    }
    return (ssize_t)len;
}

static void *arena_alloc_cb(void *ctx, size_t n) { return heap_alloc(ctx, n); }
static void arena_free_cb(void *ctx, void *p) { heap_free(ctx, p); }

/* For a segment holding exactly a binary operation or a subscript, the
 * byte range of the operator / of `[index]`, as CPython 3.11's
 * extract_anchors_from_expr. false: no special anchors. */
static bool segment_anchors(PhState *S, const char *seg, size_t len, ssize_t *left, ssize_t *right)
{
    AstArena *arena = ast_arena_new(arena_alloc_cb, arena_free_cb, mem_of(S)->heap);
    if (!arena) return false;
    SyntaxErrorInfo err;
    Module *m = parse_module(arena, seg, len, "<string>", &err);
    bool found = false;
    if (m && m->body.count == 1 && m->body.items[0]->kind == STMT_Expr) {
        Expr *e = m->body.items[0]->v.Expr.value;
        if (e->kind == EXPR_BinOp) {
            int lend = e->v.BinOp.left->end_col_offset, rstart = e->v.BinOp.right->col_offset;
            for (int i = lend; i < rstart && (size_t)i < len; i++) {
                if (is_ws(seg[i])) continue;
                *left = i;
                *right = i + 1;
                /* Two-character operators (//, **, <<, ...). */
                if (i + 1 < rstart && !is_ws(seg[i + 1])) ++*right;
                found = true;
                /* A closing parenthesis of the left operand: keep going. */
                if (i + 1 < rstart && seg[i] == ')') continue;
                break;
            }
        } else if (e->kind == EXPR_Subscript) {
            ssize_t l = e->v.Subscript.value->end_col_offset;
            ssize_t r = e->v.Subscript.slice->end_col_offset + 1;
            ssize_t n = (ssize_t)len;
            while (l < n && seg[l] != '[') l++;
            while (r < n && seg[r] != ']') r++;
            if (r < n) r++;
            *left = l;
            *right = r;
            found = true;
        }
    }
    ast_arena_free(arena);
    return found;
}

/* The source line of an entry and its marker line. */
static void format_source(PhState *S, PhBuf *out, PhCode *co, int instr_index, int lineno)
{
    PhBuf line;
    buf_init(&line, S);
    const char *fname = co->filename ? str_as_utf8(S, co->filename, NULL) : NULL;
    if (!fname) err_clear(S);
    if (!read_source_line(&line, fname, lineno)) {
        buf_free(&line);
        return;
    }
    const char *s = line.data ? line.data : "";
    size_t len = line.len;
    size_t lead = 0;
    while (lead < len && (is_ws(s[lead]) || s[lead] == '\n')) lead++;
    size_t end = len;
    while (end > lead && (is_ws(s[end - 1]) || s[end - 1] == '\n' || s[end - 1] == '\r')) end--;
    if (end == lead) {
        buf_free(&line);
        return;
    }
    buf_puts(out, "    ");
    buf_putn(out, s + lead, end - lead);
    buf_putc(out, '\n');

    int pline, pend_line, pcol, pend_col;
    if (code_position((PhObject *)co, instr_index, &pline, &pend_line, &pcol, &pend_col) < 0 ||
        pline < 0 || pend_line < 0 || pcol < 0 || pend_col < 0 || pline != lineno) {
        buf_free(&line);
        return;
    }
    ssize_t truncation = char_offset(s, len, (ssize_t)lead);
    ssize_t start = char_offset(s, len, pcol);
    ssize_t stop;
    ssize_t left = -1, right = -1; /* anchors, in characters relative to start */
    if (pline == pend_line) {
        stop = char_offset(s, len, pend_col);
        ssize_t bstart = byte_offset(s, len, start), bstop = byte_offset(s, len, stop);
        ssize_t bl, br;
        if (bstop > bstart && segment_anchors(S, s + bstart, (size_t)(bstop - bstart), &bl, &br)) {
            left = char_offset(s + bstart, (size_t)(bstop - bstart), bl);
            right = char_offset(s + bstart, (size_t)(bstop - bstart), br);
        }
    } else {
        /* Spanning lines: mark to the end of this one. */
        stop = char_offset(s, len, (ssize_t)end);
    }
    ssize_t stripped_len = char_offset(s, len, (ssize_t)end) - truncation;
    bool anchors = left >= 0 || right >= 0;
    if (stop - start >= stripped_len && !anchors) {
        buf_free(&line);
        return;
    }
    buf_puts(out, "    ");
    buf_repeat(out, ' ', start - truncation);
    for (ssize_t p = start; p < stop; p++) {
        ssize_t rel = p - start;
        buf_putc(out, anchors ? (rel >= left && rel < right ? '^' : '~') : '^');
    }
    buf_putc(out, '\n');
    buf_free(&line);
}

#define TB_RECURSIVE_CUTOFF 3

static void print_repeated(PhBuf *b, long count)
{
    count -= TB_RECURSIVE_CUTOFF;
    buf_printf(b, "  [Previous line repeated %ld more time%s]\n", count, count > 1 ? "s" : "");
}

static bool same_str(PhObject *a, PhObject *b)
{
    return a == b || (a && b && str_equal(a, b));
}

/* sys.tracebacklimit, or 1000. */
static long traceback_limit(PhState *S)
{
    long limit = 1000;
    if (!S->sys_module) return limit;
    PhObject *v = obj_lookup_attr(S, S->sys_module, ID(S, tracebacklimit));
    if (!v) {
        err_clear(S);
        return limit;
    }
    if (obj_type_check(v, &S->types.int_)) {
        int overflow = 0;
        int64_t x = int_as_i64(v, &overflow);
        limit = overflow ? (x < 0 ? 0 : 1000000000L) : (long)(x < 0 ? 0 : x);
    }
    DECREF(S, v);
    return limit;
}

int traceback_format(PhState *S, PhObject *tbobj, PhBuf *b)
{
    if (!tbobj || tbobj->type != &S->types.traceback) return 0;
    long limit = traceback_limit(S);
    if (limit <= 0) return 0;
    buf_puts(b, "Traceback (most recent call last):\n");
    /* Only the innermost `limit` entries are shown. */
    long depth = 0;
    for (PhTraceback *t = TB(tbobj); t; t = t->next) depth++;
    PhTraceback *tb = TB(tbobj);
    while (depth > limit && tb) {
        depth--;
        tb = tb->next;
    }
    PhObject *last_file = NULL, *last_name = NULL;
    int last_line = -1;
    long cnt = 0;
    for (; tb; tb = tb->next) {
        PhCode *co = (PhCode *)tb->code;
        PhObject *file = co ? co->filename : NULL, *name = co ? co->name : NULL;
        if (!last_file || !same_str(file, last_file) || last_line == -1 ||
            tb->lineno != last_line || !last_name || !same_str(name, last_name)) {
            if (cnt > TB_RECURSIVE_CUTOFF) print_repeated(b, cnt);
            last_file = file;
            last_line = tb->lineno;
            last_name = name;
            cnt = 0;
        }
        cnt++;
        if (cnt > TB_RECURSIVE_CUTOFF) continue;
        buf_puts(b, "  File \"");
        if (file) buf_put_str(b, file);
        else buf_puts(b, "???");
        buf_printf(b, "\", line %d, in ", tb->lineno);
        if (name) buf_put_str(b, name);
        else buf_puts(b, "???");
        buf_putc(b, '\n');
        if (co) format_source(S, b, co, tb->instr_index, tb->lineno);
    }
    if (cnt > TB_RECURSIVE_CUTOFF) print_repeated(b, cnt);
    return b->oom ? -1 : 0;
}
