/* Code objects: the compiler's output, run by the eval loop.
 *
 * A code object is immutable once built. It owns:
 *   - instrs[ninstrs]: 32-bit instructions (src/compiler/opcodes.h);
 *   - positions[ninstrs]: (line, end_line, col, end_col) of each instruction,
 *     CPython's co_positions() values (columns are 0-based UTF-8 byte
 *     offsets; -1 where unknown);
 *   - line_start[ninstrs]: 1 when the instruction is the first of a new
 *     source line (EV_LINE is emitted when it runs), 2 when it starts its
 *     line only if reached by a jump (loop heads), else 0;
 *   - exctable[nexc]: the zero-cost exception table, sorted by start and
 *     non-overlapping: an exception raised by instruction i with
 *     start <= i < end unwinds the value stack to `depth` items, pushes the
 *     exception and jumps to `handler`.
 *
 * Frame slot layout ("localsplus"): [0, nlocals) the co_varnames, then
 * [nlocals, nlocals + ncells) a cell for each co_cellvars name, then the
 * co_freevars cells copied from the function's closure, then the value
 * stack (stacksize slots). cell2arg[i] >= 0 says that cellvar i is also the
 * argument in that local slot: the frame moves the argument into the cell
 * when it starts.
 */
#ifndef PH_OBJECTS_CODE_H
#define PH_OBJECTS_CODE_H

#include "compiler/opcodes.h"
#include "mem/object.h"
#include "vm/state.h"

#include <stdint.h>
#include <stdio.h>

/* co_flags, CPython's values. */
#define CO_OPTIMIZED 0x1
#define CO_NEWLOCALS 0x2
#define CO_VARARGS 0x4
#define CO_VARKEYWORDS 0x8
#define CO_NESTED 0x10
#define CO_GENERATOR 0x20
#define CO_NOFREE 0x40

typedef struct PhCodePos {
    int32_t line, end_line, col, end_col;
} PhCodePos;

typedef struct PhExcEntry {
    int32_t start, end; /* instruction range [start, end) */
    int32_t handler;    /* instruction index of the handler */
    int32_t depth;      /* value-stack depth to unwind to */
} PhExcEntry;

/* Cache for LOAD_GLOBAL, one per co_names entry: valid while both dicts
 * still have the versions seen when it was filled. */
typedef struct PhGlobalCache {
    uint64_t globals_version;
    uint64_t builtins_version;
    PhObject *globals;  /* identity of the dicts the entry was filled from */
    PhObject *value;    /* borrowed: kept alive by the dict, which has not changed */
} PhGlobalCache;

typedef struct PhCode {
    PhObject ob;
    int argcount, posonlyargcount, kwonlyargcount;
    int nlocals, ncells, nfree, nlocalsplus; /* nlocalsplus = sum of the three */
    int stacksize;
    int flags;
    int firstlineno;
    int ninstrs, nexc;
    PhInstr *instrs;
    PhCodePos *positions;
    uint8_t *line_start;
    PhExcEntry *exctable;
    int32_t *cell2arg;     /* ncells entries, or NULL when no cell is an argument */
    PhGlobalCache *gcache; /* len(co_names) entries, or NULL */
    PhObject *consts;      /* tuple */
    PhObject *names;       /* tuple of interned str */
    PhObject *varnames, *cellvars, *freevars; /* tuples of interned str */
    PhObject *name, *qualname, *filename;     /* str */
    PhObject *weakreflist;
} PhCode;

extern const PhType code_type_template;

static inline bool code_check(PhState *S, const PhObject *o) { return o->type == &S->types.code; }

/* Everything needed to build a code object. The compiler fills it; the
 * arrays are copied and the object references are borrowed (new references
 * are taken). */
typedef struct PhCodeSpec {
    int argcount, posonlyargcount, kwonlyargcount, stacksize, flags, firstlineno;
    int ninstrs, nexc;
    const PhInstr *instrs;
    const PhCodePos *positions;
    const uint8_t *line_start;
    const PhExcEntry *exctable;
    PhObject *consts, *names, *varnames, *cellvars, *freevars;
    PhObject *name, *qualname, *filename;
} PhCodeSpec;

PhObject *code_new(PhState *S, const PhCodeSpec *spec);

/* Position of instruction instr_index (what tracebacks print). Returns 0 and
 * fills the four values (-1 where unknown), or -1 if the index is out of
 * range. */
int code_position(PhObject *code, int instr_index, int *line, int *end_line, int *col,
                  int *end_col);
/* Line of an instruction, or the first line for an out-of-range index. */
int code_line(PhObject *code, int instr_index);

/* Writes a human-readable disassembly (for tests and debugging). */
void code_dump(PhState *S, PhObject *code, FILE *out);

#endif
