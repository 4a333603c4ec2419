/* The tokenizer: UTF-8 source bytes in, one token at a time out.
 *
 * The lexer works on a normalised copy of the source (BOM removed, CRLF and
 * lone CR turned into LF, a final newline added) so the rest of the front end
 * only ever sees '\n'. Tokens point into that copy; nothing is decoded here —
 * string and number tokens carry their raw text and the parser decodes them.
 *
 * Like CPython's tokenizer it tracks indentation (emitting INDENT/DEDENT),
 * bracket nesting (newlines inside brackets are not tokens) and reports its
 * own errors (unterminated strings, bad numbers, unmatched brackets, tabs)
 * with CPython's wording and positions.
 */
#ifndef PH_COMPILER_LEXER_H
#define PH_COMPILER_LEXER_H

#include <stddef.h>

#include "compiler/ast.h"

typedef enum {
    T_ENDMARKER, T_NAME, T_NUMBER, T_STRING, T_NEWLINE, T_INDENT, T_DEDENT,
    T_ERRORTOKEN, /* an unknown character such as '$' or a lone '!' */
    T_ERROR,      /* the lexer raised an error; see Lexer.err */
    /* operators and delimiters */
    T_LPAR, T_RPAR, T_LSQB, T_RSQB, T_LBRACE, T_RBRACE, T_COLON, T_COMMA,
    T_SEMI, T_PLUS, T_MINUS, T_STAR, T_SLASH, T_VBAR, T_AMPER, T_LESS,
    T_GREATER, T_EQUAL, T_DOT, T_PERCENT, T_EQEQUAL, T_NOTEQUAL, T_LESSEQUAL,
    T_GREATEREQUAL, T_TILDE, T_CIRCUMFLEX, T_LEFTSHIFT, T_RIGHTSHIFT,
    T_DOUBLESTAR, T_PLUSEQUAL, T_MINEQUAL, T_STAREQUAL, T_SLASHEQUAL,
    T_PERCENTEQUAL, T_AMPEREQUAL, T_VBAREQUAL, T_CIRCUMFLEXEQUAL,
    T_LEFTSHIFTEQUAL, T_RIGHTSHIFTEQUAL, T_DOUBLESTAREQUAL, T_DOUBLESLASH,
    T_DOUBLESLASHEQUAL, T_AT, T_ATEQUAL, T_RARROW, T_ELLIPSIS, T_COLONEQUAL,
    T__COUNT
} TokenType;

/* Keywords are NAME tokens with kw != KW_NONE. */
typedef enum {
    KW_NONE_, KW_False, KW_None, KW_True, KW_and, KW_as, KW_assert, KW_async,
    KW_await, KW_break, KW_class, KW_continue, KW_def, KW_del, KW_elif,
    KW_else, KW_except, KW_finally, KW_for, KW_from, KW_global, KW_if,
    KW_import, KW_in, KW_is, KW_lambda, KW_nonlocal, KW_not, KW_or, KW_pass,
    KW_raise, KW_return, KW_try, KW_while, KW_with, KW_yield
} Keyword;

typedef struct Token {
    TokenType type;
    Keyword kw;
    const char *start; /* raw text in the normalised source */
    size_t len;
    /* Byte positions as CPython's tokenizer reports them: 1-based lines,
     * 0-based UTF-8 byte columns. */
    int lineno, col_offset, end_lineno, end_col_offset;
    const char *line_start; /* start of the token's first line */
    int level;              /* bracket depth after this token */
} Token;

#define LEX_MAXINDENT 100
#define LEX_MAXLEVEL 200

typedef struct Lexer {
    const char *buf, *end; /* normalised source, NUL-terminated at end */
    const char *cur;       /* next unread byte */
    const char *line_start;
    const char *tok_start; /* start of the token being scanned */
    int lineno;
    int at_bol;            /* at the beginning of a logical line */
    int pending;           /* >0: INDENTs to emit, <0: DEDENTs to emit */
    int indent;            /* top of indstack */
    int indstack[LEX_MAXINDENT];
    int altindstack[LEX_MAXINDENT]; /* tabs counted as 1, for TabError */
    int level;             /* bracket depth */
    char parenstack[LEX_MAXLEVEL];
    int parenlinenostack[LEX_MAXLEVEL];
    int parencolstack[LEX_MAXLEVEL];
    int cont_line;         /* the current line follows a backslash */
    int blankline;
    int eof;               /* ENDMARKER has been produced */
    int in_fstring_expr;   /* lexing a replacement field: no NEWLINE at end */
    SyntaxErrorInfo *err;  /* filled on the first error */
    AstArena *arena;       /* where error strings go */
    const char *filename;
} Lexer;

/* Prepares `lx` over already-normalised text [buf, buf+len) (buf[len] must
 * be '\0'). */
void lexer_init(Lexer *lx, const char *buf, size_t len, const char *filename,
                SyntaxErrorInfo *err, AstArena *arena);

/* Produces the next token. On T_ERROR the error has been recorded in
 * lx->err (unless one was already there). */
TokenType lexer_next(Lexer *lx, Token *tok);

/* Normalises raw source into arena memory: strips a UTF-8 BOM, converts
 * CRLF/CR to LF and makes sure the text ends with '\n'. Returns NULL (with
 * err filled) for NUL bytes or invalid UTF-8. */
char *lexer_normalise(AstArena *arena, const char *src, size_t len,
                      size_t *out_len, const char *filename,
                      SyntaxErrorInfo *err);

/* Records an error at a byte column of a given line. `text_nl` says whether
 * the recorded source text keeps its trailing newline (CPython keeps it for
 * parser errors and drops it for tokenizer errors). Columns are 0-based byte
 * offsets; they are converted to CPython's 1-based character offsets. An
 * end_col of -1 is stored as -1 verbatim (CPython does this for indentation
 * errors); end_col == -2 means "same as start". */
void lexer_set_error(Lexer *lx, SyntaxErrorKind kind, const char *msg,
                     int lineno, const char *line_start, int col,
                     int end_lineno, const char *end_line_start, int end_col,
                     int text_nl);

int lexer_is_potential_identifier_start(unsigned char c);
int lexer_is_potential_identifier_char(unsigned char c);

/* Number of UTF-8 code points in [s, s+n). */
int lexer_char_count(const char *s, size_t n);

#endif
