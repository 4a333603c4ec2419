/* Shared between the compiler's files: compile.c (code generation), fold.c
 * (constants: creation, folding, de-duplication) and assemble.c (flow
 * analysis, exception table, code object). Not a public interface. */
#ifndef PH_COMPILER_COMPILE_INTERNAL_H
#define PH_COMPILER_COMPILE_INTERNAL_H

#include "compiler/ast.h"
#include "compiler/opcodes.h"
#include "compiler/symtable.h"
#include "objects/code.h"
#include "vm/state.h"

#include <stdbool.h>

/* CPython's CO_MAXBLOCKS: "too many statically nested blocks". */
#define MAX_FBLOCKS 20

/* The compile-time stack of control structures that `break`, `continue`
 * and `return` must unwind through (CPython's fblockinfo). */
typedef enum {
    FB_WHILE_LOOP, FB_FOR_LOOP, FB_TRY_EXCEPT, FB_FINALLY_TRY, FB_FINALLY_END,
    FB_WITH, FB_HANDLER_CLEANUP, FB_POP_VALUE, FB_EXCEPTION_HANDLER,
} FBlockType;

typedef struct FBlock {
    FBlockType type;
    int block;         /* label: loop start (continue target) */
    int exit;          /* label: after the loop (break target) */
    const void *datum; /* FINALLY_TRY: const StmtSeq *finalbody;
                          HANDLER_CLEANUP: const char *name (or NULL) */
} FBlock;

/* One instruction before assembly. Jumps and SETUP_* hold a label number;
 * deref-family instructions hold an index into cellvars+freevars (the
 * assembler adds nlocals once the locals are known). */
typedef struct Instr {
    uint8_t op;
    uint8_t artificial; /* never starts a line (implicit returns, cleanups) */
    int arg;
    PhCodePos pos;
} Instr;

/* An ordered set of objects with de-duplication by constant-key equality
 * (co_consts, co_names, co_varnames). Holds one reference to each item. */
typedef struct ObjTable {
    PhObject **items;
    int n, cap;
    int *index; /* open addressing over item numbers; -1 empty */
    int icap;
} ObjTable;

typedef enum { UNIT_MODULE, UNIT_CLASS, UNIT_FUNCTION, UNIT_LAMBDA, UNIT_COMPREHENSION } UnitKind;

typedef struct Unit {
    struct Unit *parent;
    SymBlock *ste;
    UnitKind kind;
    const char *name;
    PhObject *qualname; /* str */
    Instr *instrs;
    int ninstrs, capinstrs;
    int *labels; /* label -> instruction index, -1 until placed */
    int nlabels, caplabels;
    ObjTable consts, names, varnames;
    PhObject *cellvars, *freevars; /* tuples of interned str, sorted */
    int argcount, posonlyargcount, kwonlyargcount;
    int firstlineno;
    int flags; /* CO_* known at entry */
    PhCodePos loc; /* stamped on each emitted instruction */
    FBlock fblocks[MAX_FBLOCKS];
    int nfblocks;
} Unit;

typedef struct FoldEntry {
    const Expr *key;
    PhObject *value; /* new reference, or NULL: known not constant */
} FoldEntry;

typedef struct Compiler {
    PhState *S;
    AstArena *arena;
    SymTable *st;
    const char *filename;
    PhObject *filename_obj;
    const char *src;
    size_t srclen;
    int mode; /* COMPILE_* */
    Unit *u;
    FoldEntry *fold; /* memo of constant folding, open addressing by key */
    int nfold, capfold;
    ObjTable const_cache; /* every constant of the compilation, canonical copies:
                             equal constants in different code objects are one
                             object (3.11's c_const_cache) */
} Compiler;

/* ---- fold.c ---- */
/* The constant value of e after CPython 3.11's AST folding (borrowed from
 * the memo, valid until the compiler is freed), or NULL when e is not a
 * constant. Only MemoryError is reported (as -1 in *err). */
PhObject *fold_const(Compiler *c, const Expr *e, int *err);
/* New reference to the object for an AST constant (interning str by the
 * 3.11 rule); NULL with an exception. */
PhObject *const_from_ast(Compiler *c, const ConstValue *v);
void fold_free(Compiler *c);
/* ObjTable: returns the index of o (adding it, with a new reference, when no
 * equal constant is there yet), or -1 with MemoryError. */
int objtab_add(Compiler *c, ObjTable *t, PhObject *o);
void objtab_free(PhState *S, ObjTable *t);
/* The canonical object for constant o in this compilation (borrowed; o
 * itself the first time). Tuples have their items made canonical too.
 * NULL with MemoryError. */
PhObject *const_canonical(Compiler *c, PhObject *o);
/* A tuple of the table's items (new reference). */
PhObject *objtab_to_tuple(PhState *S, ObjTable *t);
/* A new interned str for a C string name. */
PhObject *intern_name(PhState *S, const char *name);

/* ---- assemble.c ---- */
/* Builds the code object for the current unit (new reference). */
PhObject *assemble(Compiler *c, Unit *u);
/* Stack effect of an instruction; jump != 0: when the jump is taken. */
int stack_effect(int op, int arg, int jump);

/* ---- compile.c ---- */
/* Raises SyntaxError at the given AST position (byte columns); returns -1. */
int compiler_error_at(Compiler *c, int lineno, int col, int end_lineno, int end_col,
                      const char *fmt, ...);

#endif
