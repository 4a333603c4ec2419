/* Symbol tables: which names are local, global, free or cell in each scope.
 *
 * build_symtable walks the AST once, recording how each scope uses each
 * name (flags below), then resolves every name to a scope (SCOPE_*) as
 * CPython 3.11's symtable.c does. Blocks: module, class, function (def,
 * lambda) and comprehensions (3.11 compiles them as nested functions, with
 * the iterator in the parameter ".0"). Names are stored mangled
 * (`__x` in class C -> `_C__x`).
 *
 * All memory comes from the AST arena; it is freed with the tree.
 */
#ifndef PH_COMPILER_SYMTABLE_H
#define PH_COMPILER_SYMTABLE_H

#include "compiler/ast.h"

#include <stdbool.h>

/* How a block uses a name. */
#define DEF_GLOBAL 1         /* global statement */
#define DEF_LOCAL 2          /* assignment (or import, def, class, for, with, except) */
#define DEF_PARAM 4          /* parameter */
#define DEF_NONLOCAL 8       /* nonlocal statement */
#define USE 16               /* read */
#define DEF_FREE 32          /* free in this block (set by analysis) */
#define DEF_FREE_CLASS 64    /* class-local name also free in a method */
#define DEF_IMPORT 128       /* bound by import */
#define DEF_ANNOT 256        /* annotated */
#define DEF_COMP_ITER 512    /* comprehension iteration variable */
#define DEF_BOUND (DEF_LOCAL | DEF_PARAM | DEF_IMPORT)

/* Where a name lives after analysis. */
typedef enum {
    SCOPE_NONE = 0,
    SCOPE_LOCAL = 1,
    SCOPE_GLOBAL_EXPLICIT = 2,
    SCOPE_GLOBAL_IMPLICIT = 3,
    SCOPE_FREE = 4,
    SCOPE_CELL = 5,
} SymScope;

typedef enum { BLOCK_MODULE, BLOCK_CLASS, BLOCK_FUNCTION } BlockType;

typedef struct Symbol {
    const char *name; /* mangled */
    int flags;        /* DEF_* | USE */
    SymScope scope;
} Symbol;

typedef struct SymBlock SymBlock;
struct SymBlock {
    BlockType type;
    const char *name;   /* function/class name, "<lambda>", "<listcomp>", ... */
    const void *key;    /* the AST node that opens the block */
    int lineno, col_offset;
    SymBlock *parent;
    SymBlock **children;
    int nchildren, cap_children;
    Symbol *syms;       /* in order of first appearance */
    int nsyms, cap_syms;
    int *index;         /* open-addressing hash over syms (size cap_index) */
    int cap_index;
    const char **params; /* parameter names in co_varnames order */
    int nparams;
    bool nested;         /* inside a function */
    bool generator;      /* contains yield / is a generator expression */
    bool varargs, varkeywords;
    bool comprehension;  /* list/set/dict comprehension or genexp */
    bool free;           /* has free variables */
    bool child_free;     /* some child has free variables */
    bool needs_class_closure; /* class block: a method uses __class__/super */
    bool returns_value;
    const char *private_name; /* enclosing class name for mangling, or NULL */
};

typedef struct SymTable {
    AstArena *arena;
    SymBlock *top;
} SymTable;

/* Builds the table for a module (or a single expression when mod is NULL
 * and expr is set). On error returns NULL and fills *err with CPython's
 * SyntaxError message and position. */
SymTable *build_symtable(AstArena *arena, const Module *mod, const Expr *expr,
                         const char *filename, SyntaxErrorInfo *err);

/* The child block opened by an AST node (a Stmt or an Expr), or NULL. */
SymBlock *symtable_child(SymBlock *b, const void *key);
/* A name's symbol in a block (name not mangled here), or NULL. */
Symbol *symblock_lookup(SymBlock *b, const char *name);
/* The scope of a name in a block (SCOPE_NONE when the block never saw it). */
SymScope symblock_scope(SymBlock *b, const char *name);

/* CPython's private-name mangling; returns name itself when nothing changes.
 * The result lives in the arena (NULL when it cannot grow). */
const char *symtable_mangle(AstArena *arena, const char *private_name, const char *name);

#endif
