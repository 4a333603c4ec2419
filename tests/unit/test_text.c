/* str, bytes and formatting against CPython 3.11.
 *
 * Most cases come from tests/unit/text_expected.txt, written by
 * tools/gen_text_expected.py running python3.11 (the line format is
 * described there): format(), %-formatting, str.format, repr, str and bytes
 * methods, the codecs and the constructors, each recomputed here through the
 * C API and the types' method tables. The rest checks what the file cannot
 * show: singletons, sizes, the UTF-8 cache, the builder, iteration, leaks.
 */
#include "check.h"

#include "objects/bytes.h"
#include "objects/dict.h"
#include "objects/exceptions.h"
#include "objects/float.h"
#include "objects/format.h"
#include "objects/int.h"
#include "objects/list.h"
#include "objects/str.h"
#include "objects/tuple.h"
#include "objects/abstract.h"
#include "vm/errors.h"
#include "vm/state.h"

#include <math.h>
#include <stdint.h>


/* Appends a str as UTF-8 (lone surrogates as \uXXXX, as the generator). */
static void buf_str(TBuf *b, PhObject *s)
{
    for (ssize_t i = 0; i < str_len(s); i++) {
        uint32_t c = str_char_at(s, i);
        char u[8];
        size_t n;
        if (c >= 0xD800 && c <= 0xDFFF) {
            n = (size_t)snprintf(u, sizeof u, "\\u%04x", (unsigned)c);
        } else if (c < 0x80) {
            u[0] = (char)c, n = 1;
        } else if (c < 0x800) {
            u[0] = (char)(0xC0 | (c >> 6)), u[1] = (char)(0x80 | (c & 0x3F)), n = 2;
        } else if (c < 0x10000) {
            u[0] = (char)(0xE0 | (c >> 12)), u[1] = (char)(0x80 | ((c >> 6) & 0x3F));
            u[2] = (char)(0x80 | (c & 0x3F)), n = 3;
        } else {
            u[0] = (char)(0xF0 | (c >> 18)), u[1] = (char)(0x80 | ((c >> 12) & 0x3F));
            u[2] = (char)(0x80 | ((c >> 6) & 0x3F)), u[3] = (char)(0x80 | (c & 0x3F)), n = 4;
        }
        tbuf_add(b, u, n);
    }
}

/* ---- repr of results, independent of the other types' repr slots ---------------- */

static void add_repr(PhState *S, TBuf *b, PhObject *o)
{
    PhObject *r = NULL;
    if (str_check(o)) r = str_repr(S, o);
    else if (bytes_check(o)) r = bytes_repr(S, o);
    else if (o == PH_NONE(S)) tbuf_puts(b, "None");
    else if (o == PH_TRUE(S)) tbuf_puts(b, "True");
    else if (o == PH_FALSE(S)) tbuf_puts(b, "False");
    else if (int_check(o)) r = int_repr(S, o);
    else if (o->type == &S->types.float_) r = float_repr(S, o);
    else if (o->type == &S->types.list || o->type == &S->types.tuple) {
        bool list = o->type == &S->types.list;
        ssize_t n = list ? LIST_LEN(o) : TUPLE_LEN(o);
        tbuf_puts(b, list ? "[" : "(");
        for (ssize_t i = 0; i < n; i++) {
            if (i) tbuf_puts(b, ", ");
            add_repr(S, b, list ? LIST_GET(o, i) : TUPLE_GET(o, i));
        }
        tbuf_puts(b, list ? "]" : n == 1 ? ",)" : ")");
    } else {
        tbuf_puts(b, "<");
        tbuf_puts(b, o->type->name);
        tbuf_puts(b, ">");
    }
    if (r) {
        buf_str(b, r);
        DECREF(S, r);
    }
}

/* The result line the generator wrote: repr, or !Name: message. */
static void describe(PhState *S, TBuf *b, PhObject *result)
{
    b->n = 0;
    tbuf_add(b, "", 0);
    if (result) {
        add_repr(S, b, result);
        DECREF(S, result);
        return;
    }
    PhObject *exc = err_fetch(S);
    if (!exc) {
        tbuf_puts(b, "<NULL without exception>");
        return;
    }
    tbuf_puts(b, "!");
    tbuf_puts(b, exc->type->name);
    tbuf_puts(b, ": ");
    PhObject *msg = obj_str(S, exc);
    if (msg) {
        buf_str(b, msg);
        DECREF(S, msg);
    } else {
        err_clear(S);
        tbuf_puts(b, "<str failed>");
    }
    DECREF(S, exc);
}

/* ---- parsing the case file ------------------------------------------------------- */

/* Undoes the generator's escapes in place; returns the new length. */
static size_t unescape(char *s)
{
    char *o = s;
    for (char *p = s; *p; p++) {
        if (*p != '\\') {
            *o++ = *p;
            continue;
        }
        p++;
        switch (*p) {
        case 't': *o++ = '\t'; break;
        case 'n': *o++ = '\n'; break;
        case 'r': *o++ = '\r'; break;
        case 'x': {
            char hex[3] = {p[1], p[2], 0};
            *o++ = (char)strtol(hex, NULL, 16);
            p += 2;
            break;
        }
        case 'u': { /* a lone surrogate: kept as 3-byte UTF-8 */
            char hex[5] = {p[1], p[2], p[3], p[4], 0};
            unsigned c = (unsigned)strtol(hex, NULL, 16);
            *o++ = (char)(0xE0 | (c >> 12));
            *o++ = (char)(0x80 | ((c >> 6) & 0x3F));
            *o++ = (char)(0x80 | (c & 0x3F));
            p += 4;
            break;
        }
        default: *o++ = *p; break;
        }
    }
    *o = 0;
    return (size_t)(o - s);
}

static PhObject *bytes_from_hex(PhState *S, const char *h)
{
    size_t n = strlen(h) / 2;
    char *tmp = malloc(n + 1);
    for (size_t i = 0; i < n; i++) {
        char two[3] = {h[2 * i], h[2 * i + 1], 0};
        tmp[i] = (char)strtol(two, NULL, 16);
    }
    PhObject *b = bytes_from_data(S, tmp, n);
    free(tmp);
    return b;
}

/* A value from a typed field ("s:text", "i:12", ...); new reference. */
static PhObject *make_value(PhState *S, char *field)
{
    char kind = field[0];
    char *v = field + 2;
    switch (kind) {
    case 's': {
        size_t n = unescape(v);
        return str_from_utf8(S, v, n);
    }
    case 'i': return int_from_string(S, v, strlen(v), 10);
    case 'f': {
        double d;
        if (!strcmp(v, "inf")) d = INFINITY;
        else if (!strcmp(v, "-inf")) d = -INFINITY;
        else if (!strcmp(v, "nan")) d = NAN;
        else d = strtod(v, NULL);
        return float_from_double(S, d);
    }
    case 'n': return ph_none(S);
    case 'b': return bytes_from_hex(S, v);
    case 'T': case 'B': {
        size_t n = unescape(v);
        ssize_t count = 1;
        for (size_t i = 0; i < n; i++) count += v[i] == '|';
        PhObject *t = tuple_new(S, count);
        char *item = v;
        for (ssize_t k = 0; k < count; k++) {
            char *bar = strchr(item, '|');
            if (bar) *bar = 0;
            TUPLE_SET(t, k, kind == 'T' ? str_from_utf8(S, item, strlen(item)) : bytes_from_hex(S, item));
            item = bar ? bar + 1 : item + strlen(item);
        }
        return t;
    }
    }
    return NULL;
}

static const PhMethodDef *find_method(const PhMethodDef *table, const char *name)
{
    for (; table->name; table++)
        if (!strcmp(table->name, name)) return table;
    return NULL;
}

#define MAXF 16

/* Runs one case; returns 1 when it matches. *want points into line. */
static int run_case(PhState *S, char *line, TBuf *got, const char **want)
{
    char *fields[MAXF];
    int nf = 0;
    for (char *p = line; nf < MAXF;) {
        fields[nf++] = p;
        char *tab = strchr(p, '\t');
        if (!tab) break;
        *tab = 0;
        p = tab + 1;
    }
    int arrow = 0;
    while (arrow < nf && strcmp(fields[arrow], "=>")) arrow++;
    *want = arrow + 1 < nf ? fields[arrow + 1] : "";
    unescape((char *)*want);
    const char *op = fields[0];
    int first = !strcmp(op, "m") ? 2 : 1;
    PhObject *vals[MAXF];
    int nv = 0;
    for (int i = first; i < arrow; i++) vals[nv++] = make_value(S, fields[i]);

    PhObject *result = NULL;
    if (!strcmp(op, "fmt")) {
        PhObject *v = vals[0], *spec = vals[1];
        if (str_check(v)) result = format_str(S, v, spec);
        else if (int_check(v)) result = format_int(S, v, spec);
        else result = format_float(S, float_value(v), spec);
    } else if (!strcmp(op, "pct") || !strcmp(op, "sfmt")) {
        PhObject *t = tuple_from_array(S, vals + 1, nv - 1);
        result = op[0] == 'p' ? format_percent(S, vals[0], t) : format_str_format(S, vals[0], t, NULL);
        DECREF(S, t);
    } else if (!strcmp(op, "bpct")) {
        PhObject *t = tuple_from_array(S, vals + 1, nv - 1);
        result = format_bytes_percent(S, vals[0], t);
        DECREF(S, t);
    } else if (!strcmp(op, "pct1")) {
        result = format_percent(S, vals[0], vals[1]);
    } else if (!strcmp(op, "repr")) {
        result = str_check(vals[0]) ? str_repr(S, vals[0]) : bytes_repr(S, vals[0]);
        /* the generator wrote repr(repr(x)) */
    } else if (!strcmp(op, "m")) {
        const PhMethodDef *def =
            find_method(str_check(vals[0]) ? str_methods : bytes_methods, fields[1]);
        if (!def) result = err_format(S, &S->exc.AttributeError, "no method %s", fields[1]);
        else result = def->fn(S, NULL, vals, (size_t)nv, NULL);
    } else if (!strcmp(op, "new")) {
        result = S->types.str.new_(S, &S->types.str, vals, (size_t)nv, NULL);
    } else if (!strcmp(op, "bnew")) {
        result = S->types.bytes.new_(S, &S->types.bytes, vals, (size_t)nv, NULL);
    }
    for (int i = 0; i < nv; i++) XDECREF(S, vals[i]);
    describe(S, got, result);
    return strcmp(got->p, *want) == 0;
}

static FILE *open_expected(void)
{
    char path[1024];
    snprintf(path, sizeof path, "%s", __FILE__);
    char *slash = strrchr(path, '/');
    snprintf(slash ? slash + 1 : path, sizeof path - (size_t)(slash ? slash + 1 - path : 0),
             "text_expected.txt");
    return fopen(path, "r");
}

TEST(expected_file_cases)
{
    FILE *fp = open_expected();
    CHECK(fp != NULL);
    PhState *S = ph_state_new(NULL);
    CHECK(S != NULL);
    char line[8192];
    TBuf got = {0};
    int total = 0, failed = 0;
    while (fgets(line, sizeof line, fp)) {
        size_t n = strlen(line);
        if (n && line[n - 1] == '\n') line[--n] = 0;
        char copy[200];
        snprintf(copy, sizeof copy, "%.190s", line);
        const char *want;
        total++;
        if (!run_case(S, line, &got, &want)) {
            if (failed++ < 60)
                printf("  mismatch: %.150s\n    want %.200s\n    got  %.200s\n", copy, want, got.p);
        }
    }
    fclose(fp);
    free(got.p);
    printf("  %d cases, %d mismatches\n", total, failed);
    CHECK_EQ(ph_state_free(S), 0);
    CHECK(total > 1500);
    CHECK_EQ(failed, 0);
}

/* ---- what the file cannot show ------------------------------------------------------ */

TEST(singletons_and_sizes)
{
    PhState *S = ph_state_new(NULL);
    CHECK(S != NULL);
    PhObject *a = str_from_codepoint(S, 'a'), *e = str_from_codepoint(S, 0xE9);
    CHECK(a == S->latin1['a'] && e == S->latin1[0xE9]);
    PhObject *euro = str_from_codepoint(S, 0x20AC), *euro2 = str_from_codepoint(S, 0x20AC);
    CHECK(euro && euro2 && euro != euro2); /* only Latin-1 characters are cached */
    CHECK_EQ(str_sizeof(a), 50);
    CHECK_EQ(str_sizeof(e), 74);
    CHECK_EQ(str_sizeof(euro), 76);
    CHECK(str_from_codepoint(S, 0x110000) == NULL && err_occurred(S));
    err_clear(S);
    CHECK_EQ(str_ord(S, euro), 0x20AC);
    /* b'' and the one-byte bytes are shared; sizes are PyBytesObject's */
    PhObject *b0 = bytes_from_data(S, "", 0), *b1 = bytes_from_data(S, "x", 1);
    CHECK(b0 == S->empty_bytes && b1 == S->bytes_chars['x']);
    PhObject *b2 = bytes_from_data(S, "ab", 2);
    CHECK_EQ(bytes_sizeof(b0), 33);
    CHECK_EQ(bytes_sizeof(b2), 35);
    PhObject *abc = str_from_cstr(S, "abc"), *babc = bytes_from_data(S, "abc", 3);
    CHECK(str_hash(abc) == S->types.bytes.hash(S, babc)); /* hash('abc') == hash(b'abc') */
    DECREF(S, abc);
    DECREF(S, babc);
    DECREF(S, a);
    DECREF(S, e);
    DECREF(S, euro);
    DECREF(S, euro2);
    DECREF(S, b0);
    DECREF(S, b1);
    DECREF(S, b2);
    CHECK_EQ(ph_state_free(S), 0);
}

TEST(utf8_view_is_cached_and_uncounted)
{
    PhState *S = ph_state_new(NULL);
    PhObject *s = str_from_cstr(S, "h\xc3\xa9llo \xe2\x82\xac");
    size_t before = str_sizeof(s), n;
    const char *u = str_as_utf8(S, s, &n);
    CHECK(u && n == 10 && !memcmp(u, "h\xc3\xa9llo \xe2\x82\xac", 10) && u[10] == 0);
    CHECK(str_as_utf8(S, s, NULL) == u); /* cached */
    CHECK_EQ(str_sizeof(s), before);
    PhObject *ascii = str_from_cstr(S, "plain");
    CHECK(str_as_utf8(S, ascii, &n) == str_data(ascii) && n == 5);
    /* a singleton's cache is freed at shut-down (the leak check below) */
    CHECK(str_as_utf8(S, S->latin1[0xE9], &n) && n == 2);
    DECREF(S, s);
    DECREF(S, ascii);
    CHECK_EQ(ph_state_free(S), 0);
}

TEST(builder_and_helpers)
{
    PhState *S = ph_state_new(NULL);
    StrBuilder b;
    sb_init(&b);
    for (int i = 0; i < 300; i++) CHECK(sb_append_ascii(S, &b, "ab", 2) == 0);
    CHECK(sb_append_char(S, &b, 0x1F600) == 0);
    CHECK(sb_append_utf8(S, &b, "\xc3\xa9", 2) == 0);
    PhObject *s = sb_finish(S, &b);
    CHECK(s && str_len(s) == 602 && str_kind(s) == 4 && str_char_at(s, 600) == 0x1F600);
    CHECK(str_char_at(s, 601) == 0xE9);
    DECREF(S, s);

    sb_init(&b);
    CHECK(sb_append_cstr(S, &b, "x") == 0);
    s = sb_finish(S, &b);
    CHECK(s == S->latin1['x']);
    DECREF(S, s);

    PhObject *n = int_from_i64(S, 42);
    s = str_from_format(S, "%d-%s-%zd-%U-%c-%x-%%-%.2s", 7, "txt", (ssize_t)-3, S->latin1['q'],
                        0x20AC, 255u, "abcdef");
    CHECK(s && str_eq_cstr(s, "7-txt--3-q-\xe2\x82\xac-ff-%-ab"));
    DECREF(S, s);
    DECREF(S, n);

    PhObject *abc = str_from_cstr(S, "abc"), *def = str_from_cstr(S, "d\xc3\xa9" "f");
    PhObject *cat = str_concat(S, abc, def);
    CHECK(cat && str_eq_cstr(cat, "abcd\xc3\xa9" "f") && str_kind(cat) == 1 &&
          !((PhStr *)cat)->state.ascii);
    CHECK(str_compare(abc, def) < 0 && str_compare(def, abc) > 0 && str_compare(abc, abc) == 0);
    PhObject *sub = str_substring(S, cat, 4, 5);
    CHECK(sub == S->latin1[0xE9]);
    DECREF(S, sub);
    CHECK(str_append_inplace(S, &cat, abc) == 0 && str_len(cat) == 9);
    PhObject *bad = str_concat(S, abc, n = int_from_i64(S, 1));
    CHECK(!bad && err_occurred(S));
    err_clear(S);
    DECREF(S, n);
    PhObject *t = tuple_pack(S, 3, abc, def, abc);
    PhObject *sep = str_from_cstr(S, ", ");
    PhObject *j = str_join(S, sep, t);
    CHECK(j && str_eq_cstr(j, "abc, d\xc3\xa9" "f, abc"));
    DECREF(S, j);
    DECREF(S, t);
    DECREF(S, sep);
    DECREF(S, cat);
    DECREF(S, abc);
    DECREF(S, def);
    CHECK_EQ(ph_state_free(S), 0);
}

TEST(character_tables)
{
    CHECK(uni_isspace(0x3000) && !uni_isspace(0x200B));
    CHECK(uni_isalpha(0x4E2D) && !uni_isalpha('1'));
    CHECK_EQ(uni_decimal_value(0x0665), 5);
    CHECK_EQ(uni_decimal_value(0x1D7CE + 13), 3); /* mathematical digits, block 2 */
    CHECK(uni_isidstart(0xE9) && !uni_isidstart('1') && uni_isidcontinue('1'));
    CHECK(!uni_isprintable(0x2028) && uni_isprintable(0x1F600) && !uni_isprintable(0xE0001));
    CHECK(uni_istitle(0x1C5) && uni_iscased(0x1C5));
}

/* s += t in place (str_append_inplace over obj_resize): same object grown
 * only when nobody else can see it; the type's statistics follow the block
 * sizes and count no allocation. */
TEST(append_in_place)
{
    PhState *S = ph_state_new(NULL);
    PhObject *s = str_from_utf8_fresh(S, "abcdef", 6);
    PhObject *t = str_from_cstr(S, "gh");
    PhTypeStats before = S->types.str.stats;
    CHECK(str_append_inplace(S, &s, t) == 0);
    CHECK(str_eq_cstr(s, "abcdefgh") && str_len(s) == 8 && str_sizeof(s) == 48 + 9);
    CHECK_EQ(S->types.str.stats.allocs, before.allocs);
    CHECK_EQ(S->types.str.stats.frees, before.frees);
    CHECK_EQ(S->types.str.stats.live_bytes - before.live_bytes,
             heap_block_size_for(48 + 9) - heap_block_size_for(48 + 7));
    CHECK(str_hash(s) == hash_bytes("abcdefgh", 8));
    /* hashed now (could be a dict key): a new string */
    PhObject *old = s;
    INCREF(old);
    CHECK(str_append_inplace(S, &s, t) == 0);
    CHECK(s != old && str_eq_cstr(old, "abcdefgh") && str_eq_cstr(s, "abcdefghgh"));
    /* shared: the other reference keeps its text */
    PhObject *shared = s;
    INCREF(shared);
    CHECK(str_append_inplace(S, &s, t) == 0);
    CHECK(s != shared && str_eq_cstr(shared, "abcdefghgh"));
    /* non-ASCII after ASCII needs a wider header: a new string */
    PhObject *u = str_from_utf8_fresh(S, "xy", 2), *e = str_from_cstr(S, "\xc3\xa9");
    CHECK(str_append_inplace(S, &u, e) == 0 && str_eq_cstr(u, "xy\xc3\xa9") && str_sizeof(u) == 72 + 4);
    /* obj_resize refuses a tracked container */
    PhObject *l = list_new(S, 0);
    CHECK(l && obj_resize(S, l, 64) == NULL);
    DECREF(S, l);
    DECREF(S, u);
    DECREF(S, e);
    DECREF(S, shared);
    DECREF(S, old);
    DECREF(S, s);
    DECREF(S, t);
    CHECK_EQ(ph_state_free(S), 0);
}

TEST(iteration)
{
    PhState *S = ph_state_new(NULL);
    PhObject *s = str_from_cstr(S, "a\xe2\x82\xac");
    PhObject *it = S->types.str.iter(S, s);
    /* 3.11: str_iterator for non-ASCII strings, str_ascii_iterator for ASCII */
    CHECK(it && it->type == &S->types.str_uni_iter && !strcmp(it->type->name, "str_iterator"));
    PhObject *c1 = S->types.str_iter.iternext(S, it), *c2 = S->types.str_iter.iternext(S, it);
    CHECK(c1 == S->latin1['a'] && str_char_at(c2, 0) == 0x20AC);
    CHECK(S->types.str_iter.iternext(S, it) == NULL && !err_occurred(S));
    DECREF(S, it);
    PhObject *ascii = str_from_cstr(S, "ab");
    it = S->types.str.iter(S, ascii);
    CHECK(it && !strcmp(it->type->name, "str_ascii_iterator"));
    DECREF(S, ascii);
    DECREF(S, c1);
    DECREF(S, c2);
    DECREF(S, it);
    PhObject *b = bytes_from_data(S, "\x01\xff", 2);
    it = S->types.bytes.iter(S, b);
    PhObject *v = S->types.bytes_iter.iternext(S, it);
    CHECK(v && int_check(v) && int_as_i64(v, &(int){0}) == 1);
    DECREF(S, v);
    DECREF(S, it); /* not exhausted: still holds b */
    DECREF(S, b);
    DECREF(S, s);
    CHECK_EQ(ph_state_free(S), 0);
}

int main(void)
{
    RUN(character_tables);
    RUN(singletons_and_sizes);
    RUN(utf8_view_is_cached_and_uncounted);
    RUN(builder_and_helpers);
    RUN(append_in_place);
    RUN(iteration);
    RUN(expected_file_cases);
    CHECK_EXIT();
}
