/* Constants for the compiler: objects for AST constants, CPython 3.11's
 * constant folding (ast_opt.c's rules and size limits), and the tables that
 * de-duplicate co_consts, co_names and co_varnames.
 *
 * Folding is memoised per AST node, so each node is folded (and each
 * constant created) once however often the code generator asks.
 */
#include "compiler/compile_internal.h"

#include "objects/abstract.h"
#include "objects/bytes.h"
#include "objects/complexobject.h"
#include "objects/float.h"
#include "objects/int.h"
#include "objects/set.h"
#include "objects/str.h"
#include "objects/tuple.h"
#include "vm/errors.h"

#include <string.h>

/* 3.11's limits (Python/ast_opt.c): results bigger than these are left to
 * run time so that the compiler never builds huge objects. */
#define MAX_INT_SIZE 128        /* bits */
#define MAX_COLLECTION_SIZE 256 /* items */
#define MAX_STR_SIZE 4096       /* characters */
#define MAX_TOTAL_ITEMS 1024    /* including nested collections */

/* ---- names and constants ---------------------------------------------------------------- */

PhObject *intern_name(PhState *S, const char *name)
{
    PhObject *s = str_from_utf8_fresh(S, name, strlen(name));
    if (!s) return NULL;
    if (str_intern_in_place(S, &s) < 0) {
        DECREF(S, s);
        return err_no_memory(S);
    }
    return s;
}

/* A str constant: '' is the shared empty string; others are fresh objects
 * (3.11 keeps code constants apart from the one-character singletons),
 * interned when they consist only of [A-Za-z0-9_]. */
static PhObject *str_constant(PhState *S, const char *data, size_t len)
{
    if (len == 0) {
        INCREF(S->empty_str);
        return S->empty_str;
    }
    PhObject *s = str_from_utf8_fresh(S, data, len);
    if (!s) return NULL;
    if (str_is_identifier_like(s) && str_intern_in_place(S, &s) < 0) {
        DECREF(S, s);
        return err_no_memory(S);
    }
    return s;
}

PhObject *const_from_ast(Compiler *c, const ConstValue *v)
{
    PhState *S = c->S;
    switch (v->kind) {
    case CONST_None: return ph_none(S);
    case CONST_True: return ph_bool(S, 1);
    case CONST_False: return ph_bool(S, 0);
    case CONST_Ellipsis: INCREF(PH_ELLIPSIS(S)); return PH_ELLIPSIS(S);
    case CONST_Int:
        return int_from_string(S, v->v.int_.digits, strlen(v->v.int_.digits), v->v.int_.base);
    case CONST_Float: return float_from_double(S, v->v.f);
    case CONST_Complex: return complex_from_doubles(S, 0.0, v->v.f);
    case CONST_Str: return str_constant(S, v->v.str.data, v->v.str.len);
    case CONST_Bytes: return bytes_from_data(S, v->v.str.data, v->v.str.len);
    }
    return err_format(S, &S->exc.SystemError, "bad constant kind");
}

/* Interns identifier-like str items of a folded tuple, as 3.11's
 * intern_string_constants does for tuples in co_consts. */
static int intern_tuple_items(PhState *S, PhObject *t)
{
    for (ssize_t i = 0; i < TUPLE_LEN(t); i++) {
        PhObject *item = TUPLE_GET(t, i);
        if (item->type == &S->types.str && str_is_identifier_like(item)) {
            if (str_intern_in_place(S, &TUPLE_ITEMS(t)[i]) < 0) return -1;
        } else if (item->type == &S->types.tuple && intern_tuple_items(S, item) < 0) {
            return -1;
        }
    }
    return 0;
}

/* ---- the memo -------------------------------------------------------------------------------- */

static size_t ptr_hash(const void *p) { return ((uintptr_t)p >> 4) * 0x9E3779B97F4A7C15ull; }

static FoldEntry *memo_find(Compiler *c, const Expr *e)
{
    if (!c->capfold) return NULL;
    size_t mask = (size_t)c->capfold - 1, j = ptr_hash(e) & mask;
    while (c->fold[j].key) {
        if (c->fold[j].key == e) return &c->fold[j];
        j = (j + 1) & mask;
    }
    return NULL;
}

static int memo_put(Compiler *c, const Expr *e, PhObject *v)
{
    PhState *S = c->S;
    if ((c->nfold + 1) * 2 > c->capfold) {
        int ncap = c->capfold ? c->capfold * 2 : 64;
        FoldEntry *n = heap_calloc(mem_of(S)->heap, sizeof(FoldEntry) * (size_t)ncap);
        if (!n) return -1;
        for (int i = 0; i < c->capfold; i++) {
            if (!c->fold[i].key) continue;
            size_t j = ptr_hash(c->fold[i].key) & (size_t)(ncap - 1);
            while (n[j].key) j = (j + 1) & (size_t)(ncap - 1);
            n[j] = c->fold[i];
        }
        if (c->fold) heap_free(mem_of(S)->heap, c->fold);
        c->fold = n;
        c->capfold = ncap;
    }
    size_t j = ptr_hash(e) & (size_t)(c->capfold - 1);
    while (c->fold[j].key) j = (j + 1) & (size_t)(c->capfold - 1);
    c->fold[j].key = e;
    c->fold[j].value = v;
    c->nfold++;
    return 0;
}

void fold_free(Compiler *c)
{
    for (int i = 0; i < c->capfold; i++)
        if (c->fold[i].key) XDECREF(c->S, c->fold[i].value);
    if (c->fold) heap_free(mem_of(c->S)->heap, c->fold);
    c->fold = NULL;
    c->capfold = c->nfold = 0;
}

/* ---- folding ------------------------------------------------------------------------------- */

static ssize_t check_complexity(PhState *S, PhObject *o, ssize_t limit)
{
    if (o->type == &S->types.tuple) {
        limit -= TUPLE_LEN(o);
        for (ssize_t i = 0; limit >= 0 && i < TUPLE_LEN(o); i++)
            limit = check_complexity(S, TUPLE_GET(o, i), limit);
    } else if (o->type == &S->types.frozenset) {
        limit -= set_len(o);
        ssize_t pos = 0;
        PhObject *k;
        while (limit >= 0 && set_next(o, &pos, &k)) limit = check_complexity(S, k, limit);
    }
    return limit;
}

static bool is_int(PhState *S, PhObject *o) { return o->type == &S->types.int_ || o->type == &S->types.bool_; }
static bool is_textual(PhState *S, PhObject *o)
{
    return o->type == &S->types.str || o->type == &S->types.bytes;
}
static ssize_t text_len(PhState *S, PhObject *o)
{
    return o->type == &S->types.str ? str_len(o) : BYTES_LEN(o);
}
static ssize_t collection_len(PhState *S, PhObject *o)
{
    return o->type == &S->types.tuple ? TUPLE_LEN(o) : set_len(o);
}
static bool is_collection(PhState *S, PhObject *o)
{
    return o->type == &S->types.tuple || o->type == &S->types.frozenset;
}

/* NULL (no exception) means "do not fold". */
static PhObject *safe_multiply(PhState *S, PhObject *v, PhObject *w)
{
    if (is_int(S, v) && is_int(S, w) && int_sign(v) && int_sign(w)) {
        if (int_bit_length(v) + int_bit_length(w) > MAX_INT_SIZE) return NULL;
    } else if (is_int(S, v) && is_collection(S, w)) {
        ssize_t size = collection_len(S, w);
        if (size) {
            int ovf = 0;
            int64_t n = int_as_i64(v, &ovf);
            if (ovf || n < 0 || n > MAX_COLLECTION_SIZE / size) return NULL;
            if (n && check_complexity(S, w, MAX_TOTAL_ITEMS / n) < 0) return NULL;
        }
    } else if (is_int(S, v) && is_textual(S, w)) {
        ssize_t size = text_len(S, w);
        if (size) {
            int ovf = 0;
            int64_t n = int_as_i64(v, &ovf);
            if (ovf || n < 0 || n > MAX_STR_SIZE / size) return NULL;
        }
    } else if (is_int(S, w) && (is_collection(S, v) || is_textual(S, v))) {
        return safe_multiply(S, w, v);
    }
    return num_binary(S, v, w, BINOP_MUL);
}

static PhObject *safe_power(PhState *S, PhObject *v, PhObject *w)
{
    if (is_int(S, v) && is_int(S, w) && int_sign(v) && int_sign(w) > 0) {
        int ovf = 0;
        int64_t wbits = int_as_i64(w, &ovf);
        if (ovf) return NULL;
        if ((int64_t)int_bit_length(v) > MAX_INT_SIZE / wbits) return NULL;
    }
    return num_power(S, v, w, PH_NONE(S));
}

static PhObject *safe_lshift(PhState *S, PhObject *v, PhObject *w)
{
    if (is_int(S, v) && is_int(S, w) && int_sign(v) && int_sign(w)) {
        if (int_sign(w) < 0) return NULL; /* ValueError at run time */
        int ovf = 0;
        int64_t wbits = int_as_i64(w, &ovf);
        uint64_t vbits = int_bit_length(v);
        if (ovf || wbits > MAX_INT_SIZE || (int64_t)vbits > MAX_INT_SIZE - wbits) return NULL;
    }
    return num_binary(S, v, w, BINOP_LSHIFT);
}

static BinOp binop_of(OperatorKind op)
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

static PhObject *fold_binop(PhState *S, OperatorKind op, PhObject *l, PhObject *r)
{
    switch (op) {
    case OP_Mult: return safe_multiply(S, l, r);
    case OP_Pow: return safe_power(S, l, r);
    case OP_LShift: return safe_lshift(S, l, r);
    case OP_Mod:
        if (is_textual(S, l)) return NULL; /* %-formatting is left to run time */
        return num_binary(S, l, r, BINOP_MOD);
    case OP_MatMult: return NULL;
    default: return num_binary(S, l, r, binop_of(op));
    }
}

static PhObject *fold_unary(PhState *S, UnaryOpKind op, PhObject *v)
{
    switch (op) {
    case UNARY_Not: {
        int t = obj_is_true(S, v);
        return t < 0 ? NULL : ph_bool(S, !t);
    }
    case UNARY_Invert: return num_invert(S, v);
    case UNARY_UAdd: return num_positive(S, v);
    case UNARY_USub: return num_negative(S, v);
    }
    return NULL;
}

/* Result of a fold attempt: an exception other than MemoryError means "not
 * foldable" (1/0 stays for run time to raise). */
static int settle(Compiler *c, PhObject **v)
{
    if (*v) return 0;
    if (!err_occurred(c->S)) return 0;
    if (err_matches(c->S, (PhObject *)&c->S->exc.MemoryError)) return -1;
    err_clear(c->S);
    return 0;
}

static PhObject *fold_compute(Compiler *c, const Expr *e, int *err)
{
    PhState *S = c->S;
    PhObject *v = NULL;
    switch (e->kind) {
    case EXPR_Constant:
        v = const_from_ast(c, &e->v.Constant.value);
        if (!v) *err = -1;
        return v;
    case EXPR_Name:
        if (e->v.Name.ctx == CTX_Load && strcmp(e->v.Name.id, "__debug__") == 0)
            return ph_bool(S, 1);
        return NULL;
    case EXPR_UnaryOp: {
        PhObject *o = fold_const(c, e->v.UnaryOp.operand, err);
        if (!o) return NULL;
        v = fold_unary(S, e->v.UnaryOp.op, o);
        break;
    }
    case EXPR_BinOp: {
        PhObject *l = fold_const(c, e->v.BinOp.left, err);
        if (!l) return NULL;
        PhObject *r = fold_const(c, e->v.BinOp.right, err);
        if (!r) return NULL;
        v = fold_binop(S, e->v.BinOp.op, l, r);
        break;
    }
    case EXPR_Tuple: {
        if (e->v.Tuple.ctx != CTX_Load) return NULL;
        int n = e->v.Tuple.elts.count;
        for (int i = 0; i < n; i++) {
            const Expr *x = e->v.Tuple.elts.items[i];
            if (x->kind == EXPR_Starred || !fold_const(c, x, err)) return NULL;
        }
        v = tuple_new(S, n);
        if (!v) break;
        for (int i = 0; i < n; i++) {
            PhObject *x = fold_const(c, e->v.Tuple.elts.items[i], err);
            INCREF(x);
            TUPLE_SET(v, i, x);
        }
        if (intern_tuple_items(S, v) < 0) {
            DECREF(S, v);
            v = NULL;
            err_no_memory(S);
        }
        break;
    }
    case EXPR_Subscript: {
        if (e->v.Subscript.ctx != CTX_Load) return NULL;
        PhObject *o = fold_const(c, e->v.Subscript.value, err);
        if (!o) return NULL;
        PhObject *k = fold_const(c, e->v.Subscript.slice, err);
        if (!k) return NULL;
        v = obj_getitem(S, o, k);
        break;
    }
    default: return NULL;
    }
    if (settle(c, &v) < 0) *err = -1;
    return v;
}

PhObject *fold_const(Compiler *c, const Expr *e, int *err)
{
    FoldEntry *m = memo_find(c, e);
    if (m) return m->value;
    int e2 = 0;
    PhObject *v = fold_compute(c, e, &e2);
    if (e2 < 0) {
        XDECREF(c->S, v);
        *err = -1;
        return NULL;
    }
    if (memo_put(c, e, v) < 0) {
        XDECREF(c->S, v);
        err_no_memory(c->S);
        *err = -1;
        return NULL;
    }
    return v;
}

/* ---- de-duplication tables ---------------------------------------------------------------------- */

/* Equal constants share one slot; "equal" is CPython's constant key: same
 * type and value (so 1, 1.0 and True stay apart, and so do 0.0 and -0.0). */
static uint64_t const_hash(PhState *S, PhObject *o)
{
    PhType *t = o->type;
    if (t == &S->types.str) return (uint64_t)str_hash(o);
    if (t == &S->types.int_ || t == &S->types.bool_) return (uint64_t)int_hash(o) ^ (t == &S->types.bool_);
    if (t == &S->types.float_) {
        double d = float_value(o);
        uint64_t bits;
        memcpy(&bits, &d, sizeof bits);
        return bits * 0x9E3779B97F4A7C15ull;
    }
    if (t == &S->types.complex) { /* by the bits of both parts, like float */
        double d[2] = {complex_real(o), complex_imag(o)};
        uint64_t bits[2];
        memcpy(bits, d, sizeof bits);
        return (bits[0] * 31 + bits[1]) * 0x9E3779B97F4A7C15ull;
    }
    if (t == &S->types.bytes) return (uint64_t)hash_bytes(BYTES_DATA(o), (size_t)BYTES_LEN(o));
    if (t == &S->types.tuple) {
        uint64_t h = 0x345678 + (uint64_t)TUPLE_LEN(o);
        for (ssize_t i = 0; i < TUPLE_LEN(o); i++) h = h * 1000003u ^ const_hash(S, TUPLE_GET(o, i));
        return h;
    }
    if (t == &S->types.frozenset) {
        uint64_t h = 0x9E37u + (uint64_t)set_len(o);
        ssize_t pos = 0;
        PhObject *k;
        while (set_next(o, &pos, &k)) h ^= const_hash(S, k) * 0x100000001B3ull;
        return h;
    }
    return ptr_hash(o);
}

static bool const_eq(PhState *S, PhObject *a, PhObject *b);

/* Frozenset constants are equal when they hold the same constant keys in
 * any order (so {1, 2} and {2, 1} in one file are one constant, whose
 * iteration order is the first one's). */
static bool frozenset_const_eq(PhState *S, PhObject *a, PhObject *b)
{
    if (set_len(a) != set_len(b)) return false;
    ssize_t pa = 0;
    PhObject *x;
    while (set_next(a, &pa, &x)) {
        ssize_t pb = 0;
        PhObject *y;
        bool found = false;
        while (!found && set_next(b, &pb, &y)) found = const_eq(S, x, y);
        if (!found) return false;
    }
    return true;
}

static bool const_eq(PhState *S, PhObject *a, PhObject *b)
{
    if (a == b) return true;
    if (a->type != b->type) return false;
    PhType *t = a->type;
    if (t == &S->types.str) return str_equal(a, b);
    if (t == &S->types.int_ || t == &S->types.bool_) return int_compare(a, b) == 0;
    if (t == &S->types.float_) {
        double x = float_value(a), y = float_value(b);
        return memcmp(&x, &y, sizeof x) == 0;
    }
    if (t == &S->types.complex) { /* so 0j and -0j stay apart */
        double x[2] = {complex_real(a), complex_imag(a)}, y[2] = {complex_real(b), complex_imag(b)};
        return memcmp(x, y, sizeof x) == 0;
    }
    if (t == &S->types.bytes)
        return BYTES_LEN(a) == BYTES_LEN(b) &&
               memcmp(BYTES_DATA(a), BYTES_DATA(b), (size_t)BYTES_LEN(a)) == 0;
    if (t == &S->types.tuple) {
        if (TUPLE_LEN(a) != TUPLE_LEN(b)) return false;
        for (ssize_t i = 0; i < TUPLE_LEN(a); i++)
            if (!const_eq(S, TUPLE_GET(a, i), TUPLE_GET(b, i))) return false;
        return true;
    }
    if (t == &S->types.frozenset) return frozenset_const_eq(S, a, b);
    return false;
}

static int objtab_grow_index(PhState *S, ObjTable *t)
{
    int ncap = t->icap ? t->icap * 2 : 16;
    int *idx = heap_alloc(mem_of(S)->heap, sizeof(int) * (size_t)ncap);
    if (!idx) return -1;
    for (int i = 0; i < ncap; i++) idx[i] = -1;
    for (int k = 0; k < t->n; k++) {
        size_t j = const_hash(S, t->items[k]) & (size_t)(ncap - 1);
        while (idx[j] >= 0) j = (j + 1) & (size_t)(ncap - 1);
        idx[j] = k;
    }
    if (t->index) heap_free(mem_of(S)->heap, t->index);
    t->index = idx;
    t->icap = ncap;
    return 0;
}

int objtab_add(Compiler *c, ObjTable *t, PhObject *o)
{
    PhState *S = c->S;
    if ((t->n + 1) * 2 > t->icap && objtab_grow_index(S, t) < 0) {
        err_no_memory(S);
        return -1;
    }
    size_t mask = (size_t)t->icap - 1, j = const_hash(S, o) & mask;
    while (t->index[j] >= 0) {
        if (const_eq(S, t->items[t->index[j]], o)) return t->index[j];
        j = (j + 1) & mask;
    }
    if (t->n == t->cap) {
        int ncap = t->cap ? t->cap * 2 : 8;
        PhObject **n = heap_realloc(mem_of(S)->heap, t->items, sizeof(PhObject *) * (size_t)ncap);
        if (!n) {
            err_no_memory(S);
            return -1;
        }
        t->items = n;
        t->cap = ncap;
    }
    INCREF(o);
    t->items[t->n] = o;
    t->index[j] = t->n;
    return t->n++;
}

void objtab_free(PhState *S, ObjTable *t)
{
    for (int i = 0; i < t->n; i++) DECREF(S, t->items[i]);
    if (t->items) heap_free(mem_of(S)->heap, t->items);
    if (t->index) heap_free(mem_of(S)->heap, t->index);
    memset(t, 0, sizeof *t);
}

PhObject *objtab_to_tuple(PhState *S, ObjTable *t)
{
    return tuple_from_array(S, t->items, t->n);
}

PhObject *const_canonical(Compiler *c, PhObject *o)
{
    PhState *S = c->S;
    if (o->type == &S->types.tuple) {
        /* Items first, so (1, 'a') shares 'a' with a bare 'a' elsewhere.
         * Replacing items is safe: constant tuples are the compiler's own. */
        for (ssize_t i = 0; i < TUPLE_LEN(o); i++) {
            PhObject *item = TUPLE_GET(o, i);
            PhObject *canon = const_canonical(c, item);
            if (!canon) return NULL;
            if (canon != item) {
                INCREF(canon);
                TUPLE_ITEMS(o)[i] = canon;
                DECREF(S, item);
            }
        }
    }
    if (o->type == &S->types.frozenset) {
        /* 3.11 rebuilds a frozenset constant from its own iteration order
         * (merge_consts_recursive); the rebuilt table can iterate in a
         * different order, which a set display built from it shows. */
        ssize_t n = set_len(o), pos = 0, k = 0;
        PhObject *t = tuple_new(S, n), *item;
        if (!t) return NULL;
        while (set_next(o, &pos, &item)) {
            PhObject *canon = const_canonical(c, item);
            if (!canon) {
                for (ssize_t j = k; j < n; j++) TUPLE_SET(t, j, ph_none(S));
                DECREF(S, t);
                return NULL;
            }
            INCREF(canon);
            TUPLE_SET(t, k++, canon);
        }
        PhObject *fs = frozenset_new(S, t);
        DECREF(S, t);
        if (!fs) return NULL;
        int i = objtab_add(c, &c->const_cache, fs);
        DECREF(S, fs);
        return i < 0 ? NULL : c->const_cache.items[i];
    }
    int i = objtab_add(c, &c->const_cache, o);
    return i < 0 ? NULL : c->const_cache.items[i];
}
