/* The abstract syntax tree produced by the parser.
 *
 * Node kinds and field names mirror CPython 3.11's `ast` module (and its C
 * Python-ast.h), so `e->v.BinOp.left` means what `node.left` means in Python.
 * Every node lives in an AstArena; sequences are (count, items) pairs with
 * items also in the arena. Nothing here depends on the object system: the
 * compiler turns Constant payloads (digit text, UTF-8 bytes, doubles) into
 * objects itself.
 *
 * Positions are CPython's: 1-based lines, 0-based UTF-8 *byte* columns,
 * end positions exclusive.
 */
#ifndef PH_COMPILER_AST_H
#define PH_COMPILER_AST_H

#include <stddef.h>
#include <stdint.h>

/* ------------------------------------------------------------------ arena */

typedef void *(*AstAllocFn)(void *ctx, size_t size);
typedef void (*AstFreeFn)(void *ctx, void *ptr);

/* A bump allocator over big chunks obtained from the callbacks. Freeing the
 * arena releases every node, string and sequence at once. */
typedef struct AstArena AstArena;

/* alloc_fn == NULL selects malloc/free. Returns NULL if the first chunk
 * cannot be allocated. */
AstArena *ast_arena_new(AstAllocFn alloc_fn, AstFreeFn free_fn, void *ctx);
/* Zero-filled, 16-byte aligned memory; NULL when the allocator fails. */
void *ast_arena_alloc(AstArena *arena, size_t size);
/* Copies [s, s+n) and appends a NUL. */
char *ast_arena_strndup(AstArena *arena, const char *s, size_t n);
void ast_arena_free(AstArena *arena);
/* A new, empty arena using the same callbacks as `like`. */
AstArena *ast_arena_new_like(const AstArena *like);
/* Total bytes obtained from the callbacks (for tests and statistics). */
size_t ast_arena_bytes(const AstArena *arena);

/* ------------------------------------------------------------ syntax errors */

typedef enum {
    SYNERR_NONE = 0,
    SYNERR_SYNTAX,      /* SyntaxError */
    SYNERR_INDENTATION, /* IndentationError */
    SYNERR_TAB,         /* TabError */
} SyntaxErrorKind;

/* Everything needed to print CPython's SyntaxError report. Offsets follow
 * SyntaxError.offset/end_offset: 1-based, counted in characters (code
 * points) of `text`; end_offset may be 0 or -1 exactly where CPython's is. */
typedef struct SyntaxErrorInfo {
    SyntaxErrorKind kind;
    char msg[256];
    char filename[256];
    int lineno, offset, end_lineno, end_offset;
    /* The offending source line (arena memory, NUL-terminated; may be NULL).
     * Ends with '\n' when CPython's SyntaxError.text does. */
    const char *text;
} SyntaxErrorInfo;

/* "SyntaxError", "IndentationError" or "TabError". */
const char *syntax_error_kind_name(SyntaxErrorKind kind);

/* ----------------------------------------------------------- enumerations */

typedef enum { CTX_Load = 1, CTX_Store, CTX_Del } ExprContext;
typedef enum { BOOL_And = 1, BOOL_Or } BoolOpKind;
typedef enum {
    OP_Add = 1, OP_Sub, OP_Mult, OP_MatMult, OP_Div, OP_Mod, OP_Pow,
    OP_LShift, OP_RShift, OP_BitOr, OP_BitXor, OP_BitAnd, OP_FloorDiv
} OperatorKind;
typedef enum { UNARY_Invert = 1, UNARY_Not, UNARY_UAdd, UNARY_USub } UnaryOpKind;
typedef enum {
    CMP_Eq = 1, CMP_NotEq, CMP_Lt, CMP_LtE, CMP_Gt, CMP_GtE, CMP_Is,
    CMP_IsNot, CMP_In, CMP_NotIn
} CmpOpKind;

/* ---------------------------------------------------------------- sequences */

typedef struct Expr Expr;
typedef struct Stmt Stmt;
typedef struct Comprehension Comprehension;
typedef struct ExceptHandler ExceptHandler;
typedef struct Arguments Arguments;
typedef struct Arg Arg;
typedef struct Keyword_ Keyword_;
typedef struct Alias Alias;
typedef struct WithItem WithItem;

#define AST_SEQ(name, type) typedef struct { int count; type *items; } name
AST_SEQ(StmtSeq, Stmt *);
AST_SEQ(ExprSeq, Expr *);
AST_SEQ(ComprehensionSeq, Comprehension *);
AST_SEQ(ExceptHandlerSeq, ExceptHandler *);
AST_SEQ(ArgSeq, Arg *);
AST_SEQ(KeywordSeq, Keyword_ *);
AST_SEQ(AliasSeq, Alias *);
AST_SEQ(WithItemSeq, WithItem *);
AST_SEQ(IdentSeq, const char *);
AST_SEQ(CmpOpSeq, CmpOpKind);
#undef AST_SEQ

/* -------------------------------------------------------------- constants */

typedef enum {
    CONST_None, CONST_True, CONST_False, CONST_Ellipsis,
    CONST_Int,     /* v.int_: digits (no prefix, no '_') in `base` */
    CONST_Float,   /* v.f */
    CONST_Complex, /* v.f is the imaginary part; the real part is 0 */
    CONST_Str,     /* v.str: UTF-8, may contain NUL */
    CONST_Bytes,   /* v.str: raw bytes */
} ConstKind;

typedef struct {
    ConstKind kind;
    union {
        struct { const char *digits; int base; } int_; /* base 2/8/10/16 */
        double f;
        struct { const char *data; size_t len; } str; /* data[len] == 0 */
    } v;
} ConstValue;

/* ------------------------------------------------------------ expressions */

typedef enum {
    EXPR_BoolOp = 1, EXPR_NamedExpr, EXPR_BinOp, EXPR_UnaryOp, EXPR_Lambda,
    EXPR_IfExp, EXPR_Dict, EXPR_Set, EXPR_ListComp, EXPR_SetComp,
    EXPR_DictComp, EXPR_GeneratorExp, EXPR_Await, EXPR_Yield, EXPR_YieldFrom,
    EXPR_Compare, EXPR_Call, EXPR_FormattedValue, EXPR_JoinedStr,
    EXPR_Constant, EXPR_Attribute, EXPR_Subscript, EXPR_Starred, EXPR_Name,
    EXPR_List, EXPR_Tuple, EXPR_Slice
} ExprKind;

struct Expr {
    ExprKind kind;
    int lineno, col_offset, end_lineno, end_col_offset;
    union {
        struct { BoolOpKind op; ExprSeq values; } BoolOp;
        struct { Expr *target; Expr *value; } NamedExpr;
        struct { Expr *left; OperatorKind op; Expr *right; } BinOp;
        struct { UnaryOpKind op; Expr *operand; } UnaryOp;
        struct { Arguments *args; Expr *body; } Lambda;
        struct { Expr *test; Expr *body; Expr *orelse; } IfExp;
        /* keys[i] == NULL marks a `**value` entry. */
        struct { ExprSeq keys; ExprSeq values; } Dict;
        struct { ExprSeq elts; } Set;
        struct { Expr *elt; ComprehensionSeq generators; } ListComp;
        struct { Expr *elt; ComprehensionSeq generators; } SetComp;
        struct { Expr *key; Expr *value; ComprehensionSeq generators; } DictComp;
        struct { Expr *elt; ComprehensionSeq generators; } GeneratorExp;
        struct { Expr *value; } Await;
        struct { Expr *value; } Yield; /* value may be NULL */
        struct { Expr *value; } YieldFrom;
        struct { Expr *left; CmpOpSeq ops; ExprSeq comparators; } Compare;
        struct { Expr *func; ExprSeq args; KeywordSeq keywords; } Call;
        /* conversion: -1 (none), 's', 'r' or 'a'; format_spec may be NULL
         * and is otherwise a JoinedStr. */
        struct { Expr *value; int conversion; Expr *format_spec; } FormattedValue;
        struct { ExprSeq values; } JoinedStr;
        /* kind_u: the string had a 'u' prefix (ast shows kind='u'). */
        struct { ConstValue value; int kind_u; } Constant;
        struct { Expr *value; const char *attr; ExprContext ctx; } Attribute;
        struct { Expr *value; Expr *slice; ExprContext ctx; } Subscript;
        struct { Expr *value; ExprContext ctx; } Starred;
        struct { const char *id; ExprContext ctx; } Name;
        struct { ExprSeq elts; ExprContext ctx; } List;
        struct { ExprSeq elts; ExprContext ctx; } Tuple;
        struct { Expr *lower; Expr *upper; Expr *step; } Slice; /* any NULL */
    } v;
};

/* ------------------------------------------------------------- statements */

typedef enum {
    STMT_FunctionDef = 1, STMT_AsyncFunctionDef, STMT_ClassDef, STMT_Return,
    STMT_Delete, STMT_Assign, STMT_AugAssign, STMT_AnnAssign, STMT_For,
    STMT_AsyncFor, STMT_While, STMT_If, STMT_With, STMT_AsyncWith,
    STMT_Match, STMT_Raise, STMT_Try, STMT_TryStar, STMT_Assert,
    STMT_Import, STMT_ImportFrom, STMT_Global, STMT_Nonlocal, STMT_Expr,
    STMT_Pass, STMT_Break, STMT_Continue
} StmtKind;

struct Stmt {
    StmtKind kind;
    int lineno, col_offset, end_lineno, end_col_offset;
    union {
        struct {
            const char *name; Arguments *args; StmtSeq body;
            ExprSeq decorator_list; Expr *returns; /* returns may be NULL */
        } FunctionDef;
        struct {
            const char *name; ExprSeq bases; KeywordSeq keywords;
            StmtSeq body; ExprSeq decorator_list;
        } ClassDef;
        struct { Expr *value; } Return; /* may be NULL */
        struct { ExprSeq targets; } Delete;
        struct { ExprSeq targets; Expr *value; } Assign;
        struct { Expr *target; OperatorKind op; Expr *value; } AugAssign;
        /* simple: the target is a bare name, not parenthesised. */
        struct { Expr *target; Expr *annotation; Expr *value; int simple; } AnnAssign;
        struct { Expr *target; Expr *iter; StmtSeq body; StmtSeq orelse; } For;
        struct { Expr *test; StmtSeq body; StmtSeq orelse; } While;
        struct { Expr *test; StmtSeq body; StmtSeq orelse; } If;
        struct { WithItemSeq items; StmtSeq body; } With;
        struct { Expr *exc; Expr *cause; } Raise; /* either may be NULL */
        /* Used for both Try and TryStar (except*). */
        struct {
            StmtSeq body; ExceptHandlerSeq handlers; StmtSeq orelse;
            StmtSeq finalbody;
        } Try;
        struct { Expr *test; Expr *msg; } Assert; /* msg may be NULL */
        struct { AliasSeq names; } Import;
        /* module may be NULL (`from . import x`); level = number of dots. */
        struct { const char *module; AliasSeq names; int level; } ImportFrom;
        struct { IdentSeq names; } Global;
        struct { IdentSeq names; } Nonlocal;
        struct { Expr *value; } Expr;
    } v;
};

/* ------------------------------------------------------------ other nodes */

struct Comprehension {
    Expr *target, *iter;
    ExprSeq ifs;
    int is_async;
};

struct ExceptHandler { /* ast.ExceptHandler */
    int lineno, col_offset, end_lineno, end_col_offset;
    Expr *type;        /* may be NULL */
    const char *name;  /* may be NULL */
    StmtSeq body;
};

struct Arguments {
    ArgSeq posonlyargs, args;
    Arg *vararg;       /* may be NULL */
    ArgSeq kwonlyargs;
    ExprSeq kw_defaults; /* one per kwonlyarg; NULL entries = no default */
    Arg *kwarg;        /* may be NULL */
    ExprSeq defaults;  /* for the last len(defaults) of posonlyargs+args */
};

struct Arg {
    int lineno, col_offset, end_lineno, end_col_offset;
    const char *arg;
    Expr *annotation; /* may be NULL */
};

struct Keyword_ {
    int lineno, col_offset, end_lineno, end_col_offset;
    const char *arg; /* NULL for **kwargs */
    Expr *value;
};

struct Alias {
    int lineno, col_offset, end_lineno, end_col_offset;
    const char *name;   /* dotted name, or "*" */
    const char *asname; /* may be NULL */
};

struct WithItem {
    Expr *context_expr;
    Expr *optional_vars; /* may be NULL */
};

typedef struct Module {
    StmtSeq body;
} Module;

/* ----------------------------------------------------------------- dump */

/* Renders the tree exactly like Python 3.11's ast.dump(tree) (one line, no
 * attributes). Returns a NUL-terminated string in `arena`, or NULL when the
 * arena cannot grow. */
char *ast_dump_module(AstArena *arena, const Module *mod);
char *ast_dump_expr(AstArena *arena, const Expr *e);

/* Lists every positioned node in pre-order (fields in ast `_fields` order),
 * one "Type lineno col_offset end_lineno end_col_offset\n" line each. */
char *ast_positions_module(AstArena *arena, const Module *mod);

/* Names for messages and dumps. */
const char *ast_expr_kind_name(ExprKind kind);
const char *ast_stmt_kind_name(StmtKind kind);
const char *ast_operator_name(OperatorKind op); /* "Add" ... */

/* Python's repr() of a float (shortest round-trip), written into buf. */
void ast_float_repr(double x, char *buf, size_t size);

#endif
