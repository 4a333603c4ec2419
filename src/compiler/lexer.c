/* The tokenizer. See lexer.h for the contract.
 *
 * The structure follows CPython's tokenizer loosely: at the start of each
 * logical line measure indentation, then skip blanks and comments, then
 * recognise one token by its first character. Error messages and the
 * columns they report copy CPython 3.11's behaviour, since the goal is to
 * print identical SyntaxError reports.
 */
#include "compiler/lexer.h"

#include <stdio.h>
#include <string.h>

/* ------------------------------------------------------------- helpers */

int lexer_is_potential_identifier_start(unsigned char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' ||
           c >= 128;
}

int lexer_is_potential_identifier_char(unsigned char c)
{
    return lexer_is_potential_identifier_start(c) || (c >= '0' && c <= '9');
}

int lexer_char_count(const char *s, size_t n)
{
    int count = 0;
    for (size_t i = 0; i < n; i++)
        if (((unsigned char)s[i] & 0xC0) != 0x80)
            count++;
    return count;
}

/* Length of the line starting at p, not counting its '\n'. */
static size_t line_length(const char *p)
{
    const char *q = p;
    while (*q && *q != '\n')
        q++;
    return (size_t)(q - p);
}

void lexer_set_error(Lexer *lx, SyntaxErrorKind kind, const char *msg,
                     int lineno, const char *line_start, int col,
                     int end_lineno, const char *end_line_start, int end_col,
                     int text_nl)
{
    SyntaxErrorInfo *e = lx->err;
    if (e->kind != SYNERR_NONE)
        return; /* the first error wins */
    e->kind = kind;
    snprintf(e->msg, sizeof e->msg, "%s", msg);
    snprintf(e->filename, sizeof e->filename, "%s", lx->filename);
    e->lineno = lineno;
    e->end_lineno = end_lineno;
    e->text = NULL;
    if (line_start) {
        size_t n = line_length(line_start);
        char *t = ast_arena_alloc(lx->arena, n + 2);
        if (t) {
            memcpy(t, line_start, n);
            if (text_nl)
                t[n++] = '\n';
            t[n] = 0;
            e->text = t;
        }
        e->offset = lexer_char_count(line_start, (size_t)col) + 1;
    } else {
        e->offset = col + 1;
    }
    if (end_col == -1)
        e->end_offset = -1;
    else if (end_col == -2)
        e->end_offset = e->offset;
    else if (end_line_start)
        e->end_offset = lexer_char_count(end_line_start, (size_t)end_col) + 1;
    else
        e->end_offset = end_col + 1;
}

/* Re-reads the error's text from the current line, with or without its
 * newline. */
static void lexer_set_error_text(Lexer *lx, int text_nl)
{
    size_t n = line_length(lx->line_start);
    char *t = ast_arena_alloc(lx->arena, n + 2);
    if (t) {
        memcpy(t, lx->line_start, n);
        if (text_nl)
            t[n++] = '\n';
        t[n] = 0;
        lx->err->text = t;
    }
}

/* A tokenizer error reported the way CPython's syntaxerror() does: the
 * offset is the number of characters between the line start and `at`
 * (so it points one past the character that stopped the scan), and the
 * text is the current line without its newline. */
static TokenType tok_error_at(Lexer *lx, const char *at, const char *msg)
{
    int col = (int)(at - lx->line_start) - 1;
    /* A column of -1 maps to offset 0, as in CPython. */
    if (col < 0) {
        lexer_set_error(lx, SYNERR_SYNTAX, msg, lx->lineno, lx->line_start, 0,
                        lx->lineno, NULL, -2, 0);
        lx->err->offset = lx->err->end_offset = 0;
        return T_ERROR;
    }
    lexer_set_error(lx, SYNERR_SYNTAX, msg, lx->lineno, lx->line_start, 0,
                    lx->lineno, NULL, -2, 0);
    int off = lexer_char_count(lx->line_start, (size_t)(at - lx->line_start));
    lx->err->offset = lx->err->end_offset = off;
    return T_ERROR;
}

static TokenType tok_error(Lexer *lx, const char *msg)
{
    return tok_error_at(lx, lx->cur, msg);
}

/* ------------------------------------------------------- normalisation */

static int utf8_seq_len(const unsigned char *p, const unsigned char *end)
{
    unsigned c = p[0];
    int n;
    unsigned cp;
    if (c < 0x80)
        return 1;
    if (c >= 0xC2 && c <= 0xDF) { n = 2; cp = c & 0x1F; }
    else if (c >= 0xE0 && c <= 0xEF) { n = 3; cp = c & 0x0F; }
    else if (c >= 0xF0 && c <= 0xF4) { n = 4; cp = c & 0x07; }
    else return 0;
    if (end - p < n)
        return 0;
    for (int i = 1; i < n; i++) {
        if ((p[i] & 0xC0) != 0x80)
            return 0;
        cp = (cp << 6) | (p[i] & 0x3F);
    }
    if ((n == 3 && cp < 0x800) || (n == 4 && (cp < 0x10000 || cp > 0x10FFFF)) ||
        (cp >= 0xD800 && cp <= 0xDFFF))
        return 0;
    return n;
}

char *lexer_normalise(AstArena *arena, const char *src, size_t len,
                      size_t *out_len, const char *filename,
                      SyntaxErrorInfo *err)
{
    if (len >= 3 && memcmp(src, "\xEF\xBB\xBF", 3) == 0) {
        src += 3;
        len -= 3;
    }
    char *buf = ast_arena_alloc(arena, len + 2);
    if (!buf) {
        err->kind = SYNERR_SYNTAX;
        snprintf(err->msg, sizeof err->msg, "out of memory");
        snprintf(err->filename, sizeof err->filename, "%s", filename);
        return NULL;
    }
    const unsigned char *p = (const unsigned char *)src, *end = p + len;
    size_t n = 0;
    int lineno = 1;
    while (p < end) {
        int seq = *p ? utf8_seq_len(p, end) : 0;
        if (seq == 0) {
            err->kind = SYNERR_SYNTAX;
            if (*p == 0)
                snprintf(err->msg, sizeof err->msg,
                         "source code cannot contain null bytes");
            else
                snprintf(err->msg, sizeof err->msg,
                         "(unicode error) 'utf-8' codec can't decode byte "
                         "0x%02x in position %zu: invalid start byte",
                         *p, (size_t)(p - (const unsigned char *)src));
            snprintf(err->filename, sizeof err->filename, "%s", filename);
            err->lineno = err->end_lineno = lineno;
            err->offset = err->end_offset = 0;
            err->text = NULL;
            return NULL;
        }
        if (*p == '\r') {
            buf[n++] = '\n';
            p += (p + 1 < end && p[1] == '\n') ? 2 : 1;
            lineno++;
            continue;
        }
        if (*p == '\n')
            lineno++;
        while (seq-- > 0)
            buf[n++] = (char)*p++;
    }
    if (n == 0 || buf[n - 1] != '\n')
        buf[n++] = '\n';
    buf[n] = 0;
    *out_len = n;
    return buf;
}

/* ----------------------------------------------------------- keywords */

static const struct { const char *s; Keyword kw; } keyword_table[] = {
    {"False", KW_False}, {"None", KW_None}, {"True", KW_True},
    {"and", KW_and}, {"as", KW_as}, {"assert", KW_assert},
    {"async", KW_async}, {"await", KW_await}, {"break", KW_break},
    {"class", KW_class}, {"continue", KW_continue}, {"def", KW_def},
    {"del", KW_del}, {"elif", KW_elif}, {"else", KW_else},
    {"except", KW_except}, {"finally", KW_finally}, {"for", KW_for},
    {"from", KW_from}, {"global", KW_global}, {"if", KW_if},
    {"import", KW_import}, {"in", KW_in}, {"is", KW_is},
    {"lambda", KW_lambda}, {"nonlocal", KW_nonlocal}, {"not", KW_not},
    {"or", KW_or}, {"pass", KW_pass}, {"raise", KW_raise},
    {"return", KW_return}, {"try", KW_try}, {"while", KW_while},
    {"with", KW_with}, {"yield", KW_yield},
};

static Keyword lookup_keyword(const char *s, size_t n)
{
    for (size_t i = 0; i < sizeof keyword_table / sizeof keyword_table[0]; i++)
        if (strlen(keyword_table[i].s) == n &&
            memcmp(keyword_table[i].s, s, n) == 0)
            return keyword_table[i].kw;
    return KW_NONE_;
}

/* --------------------------------------------------------------- setup */

void lexer_init(Lexer *lx, const char *buf, size_t len, const char *filename,
                SyntaxErrorInfo *err, AstArena *arena)
{
    memset(lx, 0, sizeof *lx);
    lx->buf = lx->cur = lx->line_start = buf;
    lx->end = buf + len;
    lx->lineno = 1;
    lx->at_bol = 1;
    lx->err = err;
    lx->arena = arena;
    lx->filename = filename;
}

static int peekc(Lexer *lx) { return lx->cur < lx->end ? (unsigned char)*lx->cur : -1; }

static int nextc(Lexer *lx)
{
    if (lx->cur >= lx->end)
        return -1;
    return (unsigned char)*lx->cur++;
}

/* Called after consuming a '\n' that ends a physical line. */
static void new_line(Lexer *lx)
{
    lx->lineno++;
    lx->line_start = lx->cur;
}

/* Fills the token's end position from the current location. */
static TokenType finish(Lexer *lx, Token *t, TokenType type, const char *start,
                        int lineno, const char *line_start)
{
    t->type = type;
    t->start = start;
    t->len = (size_t)(lx->cur - start);
    t->lineno = lineno;
    t->col_offset = (int)(start - line_start);
    t->line_start = line_start;
    t->end_lineno = lx->lineno;
    t->end_col_offset = (int)(lx->cur - lx->line_start);
    t->level = lx->level;
    return type;
}

/* ------------------------------------------------------- indentation */

/* Measures indentation at the start of a line and queues INDENT/DEDENT.
 * Returns T_ERROR on an indentation error, T_ENDMARKER otherwise. */
static TokenType handle_indentation(Lexer *lx)
{
    int col = 0, altcol = 0;
    for (;;) {
        int c = peekc(lx);
        if (c == ' ') { col++; altcol++; }
        else if (c == '\t') { col = (col / 8 + 1) * 8; altcol++; }
        else if (c == '\f') { col = altcol = 0; }
        else break;
        lx->cur++;
    }
    int c = peekc(lx);
    /* Blank and comment-only lines do not affect indentation. */
    if (c == '#' || c == '\n') {
        lx->blankline = 1;
        return T_ENDMARKER;
    }
    lx->blankline = 0;
    if (c == -1)
        col = altcol = 0; /* dedent everything at the end of the file */
    if (col == lx->indstack[lx->indent]) {
        if (altcol != lx->altindstack[lx->indent])
            goto tab_error;
    } else if (col > lx->indstack[lx->indent]) {
        if (lx->indent + 1 >= LEX_MAXINDENT) {
            lexer_set_error(lx, SYNERR_INDENTATION, "too many levels of indentation",
                            lx->lineno, lx->line_start, 0, lx->lineno, NULL, -1, 1);
            lx->err->end_offset = 0;
            return T_ERROR;
        }
        if (altcol <= lx->altindstack[lx->indent])
            goto tab_error;
        lx->pending++;
        lx->indent++;
        lx->indstack[lx->indent] = col;
        lx->altindstack[lx->indent] = altcol;
    } else {
        while (lx->indent > 0 && col < lx->indstack[lx->indent]) {
            lx->pending--;
            lx->indent--;
        }
        if (col != lx->indstack[lx->indent]) {
            /* CPython reports this at the end of the indentation. */
            int n = (int)line_length(lx->line_start);
            lexer_set_error(lx, SYNERR_INDENTATION,
                            "unindent does not match any outer indentation level",
                            lx->lineno, lx->line_start, n, lx->lineno, NULL, -1, 1);
            lx->err->offset = lexer_char_count(lx->line_start, (size_t)n) + 1;
            return T_ERROR;
        }
        if (altcol != lx->altindstack[lx->indent])
            goto tab_error;
    }
    return T_ENDMARKER;
tab_error:
    /* CPython reports TabError at offset 1 with end offset 0. */
    lexer_set_error(lx, SYNERR_TAB,
                    "inconsistent use of tabs and spaces in indentation",
                    lx->lineno, lx->line_start, 0, lx->lineno, NULL, -1, 1);
    lx->err->end_offset = 0;
    return T_ERROR;
}

/* ------------------------------------------------------------ numbers */

static int is_digit(int c) { return c >= '0' && c <= '9'; }

/* After a number, CPython rejects a directly following identifier character
 * ("1abc"), except for the keywords it tolerates with a warning
 * ("1if x else y"). */
static int verify_end_of_number(Lexer *lx, const char *kind)
{
    int c = peekc(lx);
    static const char *const ok_kw[] = {"and", "else", "for", "if", "in",
                                        "is", "not", "or"};
    if (c < 0 || !lexer_is_potential_identifier_char((unsigned char)c))
        return 1;
    for (size_t i = 0; i < sizeof ok_kw / sizeof ok_kw[0]; i++) {
        size_t n = strlen(ok_kw[i]);
        if ((size_t)(lx->end - lx->cur) >= n && memcmp(lx->cur, ok_kw[i], n) == 0)
            return 1;
    }
    char msg[64];
    snprintf(msg, sizeof msg, "invalid %s literal", kind);
    tok_error(lx, msg);
    return 0;
}

/* Consumes decimal digits with single underscores between them. Returns 0
 * (error recorded) on a misplaced underscore. */
static int decimal_tail(Lexer *lx)
{
    for (;;) {
        while (is_digit(peekc(lx)))
            lx->cur++;
        if (peekc(lx) != '_')
            return 1;
        lx->cur++;
        if (!is_digit(peekc(lx))) {
            tok_error(lx, "invalid decimal literal");
            return 0;
        }
    }
}

static int is_radix_digit(int c, int base)
{
    if (base == 16)
        return is_digit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
    if (base == 8)
        return c >= '0' && c <= '7';
    return c == '0' || c == '1';
}

static TokenType lex_radix(Lexer *lx, int base)
{
    const char *kind = base == 16 ? "hexadecimal" : base == 8 ? "octal" : "binary";
    char msg[64];
    lx->cur++; /* the x/o/b */
    do {
        if (peekc(lx) == '_')
            lx->cur++;
        if (!is_radix_digit(peekc(lx), base)) {
            int c = peekc(lx);
            if (base != 16 && is_digit(c)) {
                snprintf(msg, sizeof msg, "invalid digit '%c' in %s literal", c, kind);
                lx->cur++;
                return tok_error(lx, msg);
            }
            snprintf(msg, sizeof msg, "invalid %s literal", kind);
            return tok_error(lx, msg);
        }
        while (is_radix_digit(peekc(lx), base))
            lx->cur++;
    } while (peekc(lx) == '_');
    if (base != 16 && is_digit(peekc(lx))) {
        snprintf(msg, sizeof msg, "invalid digit '%c' in %s literal", peekc(lx), kind);
        lx->cur++;
        return tok_error(lx, msg);
    }
    if (!verify_end_of_number(lx, kind))
        return T_ERROR;
    return T_NUMBER;
}

/* Exponent and imaginary suffix after the mantissa of a decimal number. */
static TokenType lex_exponent_imag(Lexer *lx)
{
    int c = peekc(lx);
    if (c == 'e' || c == 'E') {
        const char *save = lx->cur;
        lx->cur++;
        c = peekc(lx);
        if (c == '+' || c == '-') {
            lx->cur++;
            c = peekc(lx);
            if (!is_digit(c))
                return tok_error(lx, "invalid decimal literal");
        } else if (!is_digit(c)) {
            lx->cur = save;
            if (!verify_end_of_number(lx, "decimal"))
                return T_ERROR;
            return T_NUMBER;
        }
        if (!decimal_tail(lx))
            return T_ERROR;
    }
    c = peekc(lx);
    if (c == 'j' || c == 'J') {
        lx->cur++;
        if (!verify_end_of_number(lx, "imaginary"))
            return T_ERROR;
        return T_NUMBER;
    }
    if (!verify_end_of_number(lx, "decimal"))
        return T_ERROR;
    return T_NUMBER;
}

static TokenType lex_fraction(Lexer *lx)
{
    /* at the '.' */
    lx->cur++;
    if (is_digit(peekc(lx)) && !decimal_tail(lx))
        return T_ERROR;
    return lex_exponent_imag(lx);
}

static TokenType lex_number(Lexer *lx)
{
    const char *start = lx->cur;
    int c = peekc(lx);
    if (c == '.')
        return lex_fraction(lx);
    if (c == '0') {
        lx->cur++;
        c = peekc(lx);
        if (c == 'x' || c == 'X')
            return lex_radix(lx, 16);
        if (c == 'o' || c == 'O')
            return lex_radix(lx, 8);
        if (c == 'b' || c == 'B')
            return lex_radix(lx, 2);
        /* "0", "00", "0_0" are fine; "012" is only fine as a float. */
        int nonzero = 0;
        for (;;) {
            while (peekc(lx) == '0')
                lx->cur++;
            if (peekc(lx) != '_')
                break;
            lx->cur++;
            if (!is_digit(peekc(lx)))
                return tok_error(lx, "invalid decimal literal");
        }
        const char *zeros_end = lx->cur;
        if (is_digit(peekc(lx))) {
            nonzero = 1;
            if (!decimal_tail(lx))
                return T_ERROR;
        }
        c = peekc(lx);
        if (c == '.')
            return lex_fraction(lx);
        if (c == 'e' || c == 'E' || c == 'j' || c == 'J')
            return lex_exponent_imag(lx);
        if (nonzero) {
            /* Report the range from the first nonzero digit, as CPython. */
            lexer_set_error(lx, SYNERR_SYNTAX,
                            "leading zeros in decimal integer literals are not "
                            "permitted; use an 0o prefix for octal integers",
                            lx->lineno, lx->line_start, (int)(start - lx->line_start),
                            lx->lineno, lx->line_start, (int)(zeros_end - lx->line_start), 0);
            return T_ERROR;
        }
        if (!verify_end_of_number(lx, "decimal"))
            return T_ERROR;
        return T_NUMBER;
    }
    if (!decimal_tail(lx))
        return T_ERROR;
    c = peekc(lx);
    if (c == '.')
        return lex_fraction(lx);
    return lex_exponent_imag(lx);
}

/* ------------------------------------------------------------ strings */

/* Scans a string literal whose quote is at lx->cur (the prefix has already
 * been consumed from `start`). */
static TokenType lex_string(Lexer *lx, const char *start, int lineno,
                            const char *line_start)
{
    char quote = *lx->cur++;
    int triple = 0;
    if (lx->cur + 1 < lx->end && lx->cur[0] == quote && lx->cur[1] == quote) {
        triple = 1;
        lx->cur += 2;
    }
    for (;;) {
        int c = nextc(lx);
        if (c < 0 || (c == '\n' && !triple)) {
            char msg[128];
            /* CPython reports the line where the literal started and a
             * column just past its first character. */
            int detected = c == -1 ? lx->lineno - 1 : lx->lineno;
            if (triple) {
                snprintf(msg, sizeof msg,
                         "unterminated triple-quoted string literal (detected at line %d)",
                         detected);
            } else {
                snprintf(msg, sizeof msg,
                         "unterminated string literal (detected at line %d)",
                         detected);
            }
            lx->lineno = lineno;
            lx->line_start = line_start;
            return tok_error_at(lx, start + 1, msg);
        }
        if (c == '\n')
            new_line(lx);
        if (c == '\\') {
            int d = nextc(lx);
            if (d == '\n')
                new_line(lx);
            else if (d < 0)
                lx->cur--;
            continue;
        }
        if (c == quote) {
            if (!triple)
                break;
            if (lx->cur + 1 < lx->end + 1 && lx->cur[0] == quote && lx->cur[1] == quote) {
                lx->cur += 2;
                break;
            }
        }
    }
    return T_STRING;
}

/* Is [s, s+n) a valid string prefix? */
static int is_string_prefix(const char *s, size_t n)
{
    int r = 0, b = 0, u = 0, f = 0;
    if (n > 2)
        return 0;
    for (size_t i = 0; i < n; i++) {
        switch (s[i]) {
        case 'r': case 'R': r++; break;
        case 'b': case 'B': b++; break;
        case 'u': case 'U': u++; break;
        case 'f': case 'F': f++; break;
        default: return 0;
        }
    }
    if (r > 1 || b > 1 || u > 1 || f > 1)
        return 0;
    if (u && n > 1)
        return 0;
    if (b && f)
        return 0;
    return 1;
}

/* ------------------------------------------------------------ operators */

static TokenType three_char(int a, int b, int c)
{
    if (a == '*' && b == '*' && c == '=') return T_DOUBLESTAREQUAL;
    if (a == '/' && b == '/' && c == '=') return T_DOUBLESLASHEQUAL;
    if (a == '<' && b == '<' && c == '=') return T_LEFTSHIFTEQUAL;
    if (a == '>' && b == '>' && c == '=') return T_RIGHTSHIFTEQUAL;
    if (a == '.' && b == '.' && c == '.') return T_ELLIPSIS;
    return T_ERROR;
}

static TokenType two_char(int a, int b)
{
    static const struct { char a, b; TokenType t; } table[] = {
        {'!', '=', T_NOTEQUAL}, {'%', '=', T_PERCENTEQUAL}, {'&', '=', T_AMPEREQUAL},
        {'*', '*', T_DOUBLESTAR}, {'*', '=', T_STAREQUAL}, {'+', '=', T_PLUSEQUAL},
        {'-', '=', T_MINEQUAL}, {'-', '>', T_RARROW}, {'/', '/', T_DOUBLESLASH},
        {'/', '=', T_SLASHEQUAL}, {':', '=', T_COLONEQUAL}, {'<', '<', T_LEFTSHIFT},
        {'<', '=', T_LESSEQUAL}, {'<', '>', T_NOTEQUAL}, {'=', '=', T_EQEQUAL},
        {'>', '=', T_GREATEREQUAL}, {'>', '>', T_RIGHTSHIFT}, {'@', '=', T_ATEQUAL},
        {'^', '=', T_CIRCUMFLEXEQUAL}, {'|', '=', T_VBAREQUAL},
    };
    for (size_t i = 0; i < sizeof table / sizeof table[0]; i++)
        if (table[i].a == a && table[i].b == b)
            return table[i].t;
    return T_ERROR;
}

static TokenType one_char(int c)
{
    switch (c) {
    case '%': return T_PERCENT; case '&': return T_AMPER;
    case '(': return T_LPAR; case ')': return T_RPAR;
    case '*': return T_STAR; case '+': return T_PLUS;
    case ',': return T_COMMA; case '-': return T_MINUS;
    case '.': return T_DOT; case '/': return T_SLASH;
    case ':': return T_COLON; case ';': return T_SEMI;
    case '<': return T_LESS; case '=': return T_EQUAL;
    case '>': return T_GREATER; case '@': return T_AT;
    case '[': return T_LSQB; case ']': return T_RSQB;
    case '^': return T_CIRCUMFLEX; case '{': return T_LBRACE;
    case '}': return T_RBRACE; case '|': return T_VBAR;
    case '~': return T_TILDE;
    }
    return T_ERRORTOKEN;
}

/* Tracks bracket nesting; reports unmatched and mismatched closers. */
static TokenType track_brackets(Lexer *lx, int c, const char *at)
{
    char msg[128];
    switch (c) {
    case '(': case '[': case '{':
        if (lx->level >= LEX_MAXLEVEL)
            return tok_error(lx, "too many nested parentheses");
        lx->parenstack[lx->level] = (char)c;
        lx->parenlinenostack[lx->level] = lx->lineno;
        lx->parencolstack[lx->level] = (int)(at - lx->line_start);
        lx->level++;
        break;
    case ')': case ']': case '}':
        if (!lx->level) {
            snprintf(msg, sizeof msg, "unmatched '%c'", c);
            return tok_error(lx, msg);
        }
        lx->level--;
        int open = lx->parenstack[lx->level];
        if (!((open == '(' && c == ')') || (open == '[' && c == ']') ||
              (open == '{' && c == '}'))) {
            if (lx->parenlinenostack[lx->level] != lx->lineno)
                snprintf(msg, sizeof msg,
                         "closing parenthesis '%c' does not match opening "
                         "parenthesis '%c' on line %d",
                         c, open, lx->parenlinenostack[lx->level]);
            else
                snprintf(msg, sizeof msg,
                         "closing parenthesis '%c' does not match opening "
                         "parenthesis '%c'", c, open);
            return tok_error(lx, msg);
        }
        break;
    }
    return T_ENDMARKER;
}

/* ------------------------------------------------------------ main loop */

/* Decodes the code point at p (input is valid UTF-8). */
static unsigned decode_cp(const char *p, int *len)
{
    const unsigned char *s = (const unsigned char *)p;
    if (s[0] < 0x80) { *len = 1; return s[0]; }
    if (s[0] < 0xE0) { *len = 2; return ((s[0] & 0x1Fu) << 6) | (s[1] & 0x3Fu); }
    if (s[0] < 0xF0) {
        *len = 3;
        return ((s[0] & 0x0Fu) << 12) | ((s[1] & 0x3Fu) << 6) | (s[2] & 0x3Fu);
    }
    *len = 4;
    return ((s[0] & 0x07u) << 18) | ((s[1] & 0x3Fu) << 12) |
           ((s[2] & 0x3Fu) << 6) | (s[3] & 0x3Fu);
}

/* A rough test for non-ASCII characters that cannot be part of an
 * identifier: common symbol and punctuation blocks. Identifiers are not
 * NFKC-normalised (see docs/frontend.md). */
static int is_non_identifier_cp(unsigned cp)
{
    return (cp >= 0x80 && cp <= 0xBF && cp != 0xAA && cp != 0xB5 && cp != 0xBA) ||
           cp == 0xD7 || cp == 0xF7 ||
           (cp >= 0x2000 && cp <= 0x206F) || /* general punctuation */
           (cp >= 0x20A0 && cp <= 0x20CF) || /* currency */
           (cp >= 0x2190 && cp <= 0x2BFF) || /* arrows, math, boxes */
           (cp >= 0x3000 && cp <= 0x3003) ||
           (cp >= 0xFF01 && cp <= 0xFF0F) ||
           (cp >= 0x1F000 && cp <= 0x1FAFF); /* emoji */
}

static TokenType lex_name(Lexer *lx, Token *t, const char *start, int lineno,
                          const char *line_start)
{
    while (lx->cur < lx->end) {
        unsigned char c = (unsigned char)*lx->cur;
        if (!lexer_is_potential_identifier_char(c))
            break;
        if (c >= 128) {
            int n;
            unsigned cp = decode_cp(lx->cur, &n);
            if (is_non_identifier_cp(cp)) {
                char msg[96];
                if (cp >= 0x80) {
                    snprintf(msg, sizeof msg, "invalid character '%.*s' (U+%04X)",
                             n, lx->cur, cp);
                }
                lx->cur += n;
                return tok_error_at(lx, lx->cur - n + 1, msg);
            }
            lx->cur += n;
        } else {
            lx->cur++;
        }
    }
    /* A string prefix directly followed by a quote starts a string. */
    if ((peekc(lx) == '"' || peekc(lx) == '\'') &&
        is_string_prefix(start, (size_t)(lx->cur - start))) {
        TokenType r = lex_string(lx, start, lineno, line_start);
        if (r == T_ERROR)
            return r;
        return finish(lx, t, T_STRING, start, lineno, line_start);
    }
    finish(lx, t, T_NAME, start, lineno, line_start);
    t->kw = lookup_keyword(start, t->len);
    return T_NAME;
}

TokenType lexer_next(Lexer *lx, Token *t)
{
    memset(t, 0, sizeof *t);
    if (lx->err->kind != SYNERR_NONE)
        return t->type = T_ERROR;
again:
    lx->tok_start = NULL;
    if (lx->at_bol) {
        lx->at_bol = 0;
        if (lx->level == 0 && !lx->in_fstring_expr) {
            if (handle_indentation(lx) == T_ERROR)
                return t->type = T_ERROR;
        }
    }
    if (lx->pending != 0 && !lx->blankline) {
        const char *p = lx->cur;
        if (lx->pending < 0) {
            lx->pending++;
            return finish(lx, t, T_DEDENT, p, lx->lineno, lx->line_start);
        }
        lx->pending--;
        /* INDENT spans the whitespace of the line */
        finish(lx, t, T_INDENT, lx->line_start, lx->lineno, lx->line_start);
        return T_INDENT;
    }

    /* Skip blanks and comments. */
    int c;
    for (;;) {
        c = peekc(lx);
        if (c == ' ' || c == '\t' || c == '\f') { lx->cur++; continue; }
        break;
    }
    if (c == '#') {
        while (peekc(lx) != '\n' && peekc(lx) != -1)
            lx->cur++;
        c = peekc(lx);
    }

    const char *start = lx->cur;
    int lineno = lx->lineno;
    const char *line_start = lx->line_start;
    lx->tok_start = start;

    if (c == -1) {
        if (lx->in_fstring_expr)
            return finish(lx, t, T_ENDMARKER, start, lineno, line_start);
        if (lx->level) {
            /* Parser decides: '(' was never closed. */
            lx->eof = 1;
            finish(lx, t, T_ENDMARKER, start, lineno, line_start);
            return t->type;
        }
        lx->eof = 1;
        return finish(lx, t, T_ENDMARKER, start, lineno, line_start);
    }

    if (c == '\n') {
        lx->cur++;
        int blank = lx->blankline || lx->level > 0;
        if (blank) {
            new_line(lx);
            lx->blankline = 0;
            lx->at_bol = lx->level == 0;
            goto again;
        }
        finish(lx, t, T_NEWLINE, start, lineno, line_start);
        t->end_lineno = lineno;
        t->end_col_offset = t->col_offset; /* CPython leaves '\n' out */
        new_line(lx);
        lx->at_bol = 1;
        return T_NEWLINE;
    }

    if (c == '\\') {
        lx->cur++;
        if (peekc(lx) != '\n') {
            lx->cur++;
            /* CPython: offset just past the offending character, end 0,
             * the text keeps its newline. */
            tok_error(lx, "unexpected character after line continuation character");
            int off = lx->err->offset;
            lexer_set_error_text(lx, 1);
            lx->err->offset = off;
            lx->err->end_offset = 0;
            return t->type = T_ERROR;
        }
        lx->cur++;
        if (lx->cur >= lx->end) {
            /* A backslash at the very end: reported on its own line. */
            lexer_set_error(lx, SYNERR_SYNTAX, "unexpected EOF while parsing", lx->lineno,
                            lx->line_start, (int)line_length(lx->line_start), lx->lineno,
                            NULL, -1, 1);
            return t->type = T_ERROR;
        }
        new_line(lx);
        lx->cont_line = 1;
        goto again;
    }

    if (lexer_is_potential_identifier_start((unsigned char)c)) {
        if (c >= 128) {
            int n;
            unsigned cp = decode_cp(lx->cur, &n);
            if (is_non_identifier_cp(cp)) {
                char msg[96];
                snprintf(msg, sizeof msg, "invalid character '%.*s' (U+%04X)",
                         n, lx->cur, cp);
                return t->type = tok_error_at(lx, lx->cur + 1, msg);
            }
        }
        TokenType r = lex_name(lx, t, start, lineno, line_start);
        if (r == T_ERROR)
            return t->type = T_ERROR;
        return r;
    }

    if (is_digit(c) || (c == '.' && lx->cur + 1 < lx->end && is_digit(lx->cur[1]))) {
        if (lex_number(lx) == T_ERROR)
            return t->type = T_ERROR;
        return finish(lx, t, T_NUMBER, start, lineno, line_start);
    }

    if (c == '\'' || c == '"') {
        if (lex_string(lx, start, lineno, line_start) == T_ERROR)
            return t->type = T_ERROR;
        return finish(lx, t, T_STRING, start, lineno, line_start);
    }

    /* Operators: longest match first. */
    int c1 = lx->cur + 1 < lx->end ? (unsigned char)lx->cur[1] : -1;
    int c2 = lx->cur + 2 < lx->end ? (unsigned char)lx->cur[2] : -1;
    TokenType tt = three_char(c, c1, c2);
    if (tt != T_ERROR) {
        lx->cur += 3;
        return finish(lx, t, tt, start, lineno, line_start);
    }
    tt = two_char(c, c1);
    if (tt != T_ERROR) {
        lx->cur += 2;
        return finish(lx, t, tt, start, lineno, line_start);
    }
    lx->cur++;
    tt = one_char(c);
    if (tt == T_ERRORTOKEN) {
        if (c >= 128 || c < 32 || c == 127) {
            char msg[96];
            if (c < 32 || c == 127) {
                snprintf(msg, sizeof msg, "invalid non-printable character U+%04X", c);
                return t->type = tok_error(lx, msg);
            }
        }
        return finish(lx, t, T_ERRORTOKEN, start, lineno, line_start);
    }
    if (track_brackets(lx, c, start) == T_ERROR)
        return t->type = T_ERROR;
    return finish(lx, t, tt, start, lineno, line_start);
}
