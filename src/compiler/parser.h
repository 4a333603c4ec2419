/* The parser: source text in, AST out.
 *
 * A hand-written recursive-descent parser for Python 3.11's grammar
 * (without `match`, `async`/`await`). On success it returns a Module whose
 * nodes all live in `arena`; on the first error it returns NULL and fills
 * `*err` with what CPython 3.11 would put in its SyntaxError.
 *
 *     AstArena *arena = ast_arena_new(NULL, NULL, NULL);
 *     SyntaxErrorInfo err;
 *     Module *m = parse_module(arena, src, len, "x.py", &err);
 *     if (!m) print_syntax_error(stderr, &err);
 *     ...
 *     ast_arena_free(arena);   // frees the tree (and err.text)
 *
 * Temporary parser memory (the token buffer, growing lists) comes from a
 * scratch arena made with the same callbacks as `arena` and released before
 * returning.
 */
#ifndef PH_COMPILER_PARSER_H
#define PH_COMPILER_PARSER_H

#include <stdio.h>

#include "compiler/ast.h"

/* Parses a whole file (CPython's "exec" mode). `src` need not be
 * NUL-terminated. */
Module *parse_module(AstArena *arena, const char *src, size_t len,
                     const char *filename, SyntaxErrorInfo *err);

/* Parses a single expression (CPython's "eval" mode: leading whitespace
 * allowed, trailing NEWLINEs allowed). */
Expr *parse_expression(AstArena *arena, const char *src, size_t len,
                       const char *filename, SyntaxErrorInfo *err);

/* Writes the report CPython prints for an uncaught SyntaxError:
 *     File "x.py", line 3
 *       if x
 *           ^
 *   SyntaxError: expected ':'
 */
void print_syntax_error(FILE *out, const SyntaxErrorInfo *err);

/* Nesting limit for recursive constructs (brackets are also limited to 200
 * by the tokenizer, as in CPython). */
#define PARSER_MAX_DEPTH 1000

#endif
