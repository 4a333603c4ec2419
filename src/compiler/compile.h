/* The compiler: source -> AST (parser.c) -> symbol table -> code object.
 *
 * Errors are raised as SyntaxError (or IndentationError/TabError) instances
 * with CPython's attributes (msg, filename, lineno, offset, text,
 * end_lineno, end_offset) and args.
 */
#ifndef PH_COMPILER_COMPILE_H
#define PH_COMPILER_COMPILE_H

#include "mem/object.h"

#include <stddef.h>

enum {
    COMPILE_EXEC = 0,   /* a module: statements */
    COMPILE_EVAL = 1,   /* one expression; the code returns its value */
    COMPILE_SINGLE = 2, /* the REPL: expression statements print their value */
};

/* Compiles source text into a module code object (new reference), or NULL
 * with SyntaxError (or MemoryError) set. */
PhObject *compile_source(PhState *S, const char *src, size_t len, const char *filename,
                         int mode);

#endif
