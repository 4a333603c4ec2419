/* str's methods: searching, splitting, case mapping, padding, predicates,
 * translation and the glue to formatting and the codecs.
 *
 * Every method has the PhMethodDef signature with args[0] == self (a str
 * or subclass instance; the method descriptor checked that). Arguments are
 * checked by text_parse_args with the calling convention CPython 3.11 uses
 * for that method, so the TypeError messages match. */
#include "str_impl.h"

#include "abstract.h"
#include "bytes.h"
#include "dict.h"
#include "format.h"
#include "int.h"
#include "list.h"
#include "tuple.h"
#include "vm/errors.h"
#include "vm/state.h"

#include <string.h>

#define SELF (args[0])
/* Parses the arguments after self into a[]. */
#define PARSE(style, fname, kw, min, max, a)                                                   \
    text_parse_args(S, "str", (fname), (style), args + 1, nargs - 1, kwnames, (kw), (min),     \
                    (max), (a))
#define METHOD(name)                                                                           \
    static PhObject *name(PhState *S, PhObject *callable, PhObject *const *args, size_t nargs, \
                          PhObject *kwnames)

static PhObject *self_or_copy(PhState *S, PhObject *s)
{
    if (s->type == &S->types.str) {
        INCREF(s);
        return s;
    }
    return str_from_kind(S, str_kind(s), str_data(s), str_len(s));
}

/* "must be str, not int" and friends: NULL when o is not a str. */
static PhObject *need_str(PhState *S, PhObject *o, const char *prefix)
{
    if (str_check(o)) return o;
    if (prefix)
        err_format(S, &S->exc.TypeError, "%s must be str, not %s", prefix, o->type->name);
    else
        err_format(S, &S->exc.TypeError, "must be str, not %s", o->type->name);
    return NULL;
}

/* Appends a substring to a list (the list takes its own reference). */
static int list_add_sub(PhState *S, PhObject *list, PhObject *s, ssize_t i, ssize_t j)
{
    PhObject *part = str_substring(S, s, i, j);
    if (!part) return -1;
    int rc = list_append(S, list, part);
    DECREF(S, part);
    return rc;
}

static void list_reverse_items(PhObject *list)
{
    PhObject **items = LIST_ITEMS(list);
    for (ssize_t i = 0, j = LIST_LEN(list) - 1; i < j; i++, j--) {
        PhObject *t = items[i];
        items[i] = items[j];
        items[j] = t;
    }
}

/* ---- join ------------------------------------------------------------------------ */

/* A growable array of owned references (join over a general iterable). */
typedef struct RefVec {
    PhObject **items;
    ssize_t len, cap;
} RefVec;

static void refvec_free(PhState *S, RefVec *v)
{
    for (ssize_t i = 0; i < v->len; i++) DECREF(S, v->items[i]);
    heap_free(mem_of(S)->heap, v->items);
    v->items = NULL;
    v->len = v->cap = 0;
}

static int refvec_push(PhState *S, RefVec *v, PhObject *o) /* steals o */
{
    if (v->len == v->cap) {
        ssize_t cap = v->cap ? v->cap * 2 : 16;
        PhObject **n = heap_realloc(mem_of(S)->heap, v->items, (size_t)cap * sizeof *n);
        if (!n) {
            DECREF(S, o);
            err_no_memory(S);
            return -1;
        }
        v->items = n;
        v->cap = cap;
    }
    v->items[v->len++] = o;
    return 0;
}

static int collect_iterable(PhState *S, PhObject *iterable, RefVec *v)
{
    PhObject *it = obj_iter(S, iterable);
    if (!it) {
        if (err_matches(S, (PhObject *)&S->exc.TypeError)) {
            err_clear(S);
            err_format(S, &S->exc.TypeError, "can only join an iterable");
        }
        return -1;
    }
    PhObject *item;
    while ((item = obj_iternext(S, it))) {
        if (refvec_push(S, v, item) < 0) break;
    }
    DECREF(S, it);
    return err_occurred(S) ? -1 : 0;
}

/* Joins items[0..n): one pass to size and check, one to copy. */
static PhObject *join_items(PhState *S, PhObject *sep, PhObject *const *items, ssize_t n)
{
    if (n == 0) return str_empty(S);
    if (n == 1 && items[0]->type == &S->types.str) {
        INCREF(items[0]);
        return items[0];
    }
    ssize_t seplen = str_len(sep), total = 0;
    uint32_t max = seplen && n > 1 ? str_max_bound(sep) : 0;
    for (ssize_t i = 0; i < n; i++) {
        PhObject *it = items[i];
        if (!str_check(it)) {
            return err_format(S, &S->exc.TypeError,
                              "sequence item %zd: expected str instance, %s found", i,
                              it->type->name);
        }
        if (str_len(it) > PTRDIFF_MAX / 8 - total - seplen) {
            return err_format(S, &S->exc.OverflowError, "join() result is too long for a Python string");
        }
        total += str_len(it) + (i ? seplen : 0);
        uint32_t m = str_max_bound(it);
        if (m > max && str_len(it)) max = m;
    }
    if (total == 0) return str_empty(S);
    if (total == 1) {
        for (ssize_t i = 0; i < n; i++)
            if (str_len(items[i])) return str_single(S, str_char_at(items[i], 0));
        return str_single(S, str_char_at(sep, 0));
    }
    PhObject *r = str_alloc(S, total, max);
    if (!r) return NULL;
    int rk = str_kind(r);
    void *rd = str_data(r);
    ssize_t pos = 0;
    for (ssize_t i = 0; i < n; i++) {
        if (i && seplen) {
            str_copy_chars(rd, rk, pos, str_data(sep), str_kind(sep), 0, seplen);
            pos += seplen;
        }
        ssize_t l = str_len(items[i]);
        str_copy_chars(rd, rk, pos, str_data(items[i]), str_kind(items[i]), 0, l);
        pos += l;
    }
    return r;
}

PhObject *str_join(PhState *S, PhObject *sep, PhObject *iterable)
{
    unsigned long f = iterable->type->flags;
    if (f & TPFLAG_LIST_SUBCLASS) return join_items(S, sep, LIST_ITEMS(iterable), LIST_LEN(iterable));
    if (f & TPFLAG_TUPLE_SUBCLASS)
        return join_items(S, sep, TUPLE_ITEMS(iterable), TUPLE_LEN(iterable));
    RefVec v = {0};
    PhObject *r = NULL;
    if (collect_iterable(S, iterable, &v) == 0) r = join_items(S, sep, v.items, v.len);
    refvec_free(S, &v);
    return r;
}

METHOD(m_join)
{
    PhObject *a[1];
    if (PARSE(ARGS_ONE, "join", NULL, 1, 1, a) < 0) return NULL;
    return str_join(S, SELF, a[0]);
}

/* ---- split ------------------------------------------------------------------------ */

static int parse_split_args(PhState *S, const char *fname, PhObject *const *args, size_t nargs,
                            PhObject *kwnames, PhObject **sep, ssize_t *maxsplit)
{
    static const char *const kwlist[] = {"sep", "maxsplit", NULL};
    PhObject *a[2];
    if (PARSE(ARGS_KW, fname, kwlist, 0, 2, a) < 0) return -1;
    *sep = a[0] && a[0] != PH_NONE(S) ? a[0] : NULL;
    *maxsplit = -1;
    if (*sep && !str_check(*sep)) {
        err_format(S, &S->exc.TypeError, "must be str or None, not %s", (*sep)->type->name);
        return -1;
    }
    if (*sep && str_len(*sep) == 0) {
        err_format(S, &S->exc.ValueError, "empty separator");
        return -1;
    }
    if (a[1]) {
        *maxsplit = text_as_index(S, a[1]);
        if (*maxsplit == -1 && err_occurred(S)) return -1;
    }
    if (*maxsplit < 0) *maxsplit = PTRDIFF_MAX;
    return 0;
}

static int split_whitespace(PhState *S, PhObject *list, PhObject *s, ssize_t maxcount)
{
    ssize_t len = str_len(s), i = 0, j;
    int k = str_kind(s);
    const void *d = str_data(s);
    while (maxcount-- > 0) {
        while (i < len && uni_isspace(kread(k, d, i))) i++;
        if (i == len) break;
        j = i++;
        while (i < len && !uni_isspace(kread(k, d, i))) i++;
        if (list_add_sub(S, list, s, j, i) < 0) return -1;
    }
    if (i < len) {
        /* maxsplit reached: the rest, without its leading whitespace */
        while (i < len && uni_isspace(kread(k, d, i))) i++;
        if (i != len && list_add_sub(S, list, s, i, len) < 0) return -1;
    }
    return 0;
}

static int rsplit_whitespace(PhState *S, PhObject *list, PhObject *s, ssize_t maxcount)
{
    ssize_t i = str_len(s) - 1, j;
    int k = str_kind(s);
    const void *d = str_data(s);
    while (maxcount-- > 0) {
        while (i >= 0 && uni_isspace(kread(k, d, i))) i--;
        if (i < 0) break;
        j = i--;
        while (i >= 0 && !uni_isspace(kread(k, d, i))) i--;
        if (list_add_sub(S, list, s, i + 1, j + 1) < 0) return -1;
    }
    if (i >= 0) {
        while (i >= 0 && uni_isspace(kread(k, d, i))) i--;
        if (i >= 0 && list_add_sub(S, list, s, 0, i + 1) < 0) return -1;
    }
    return 0;
}

static int split_sep(PhState *S, PhObject *list, PhObject *s, PhObject *sep, ssize_t maxcount)
{
    ssize_t len = str_len(s), n = str_len(sep), i = 0;
    while (maxcount-- > 0) {
        ssize_t pos = str_find_in(s, i, len, sep, 1);
        if (pos < 0) break;
        if (list_add_sub(S, list, s, i, pos) < 0) return -1;
        i = pos + n;
    }
    return list_add_sub(S, list, s, i, len);
}

static int rsplit_sep(PhState *S, PhObject *list, PhObject *s, PhObject *sep, ssize_t maxcount)
{
    ssize_t j = str_len(s), n = str_len(sep);
    while (maxcount-- > 0) {
        ssize_t pos = str_find_in(s, 0, j, sep, -1);
        if (pos < 0) break;
        if (list_add_sub(S, list, s, pos + n, j) < 0) return -1;
        j = pos;
    }
    return list_add_sub(S, list, s, 0, j);
}

static PhObject *do_split(PhState *S, PhObject *const *args, size_t nargs, PhObject *kwnames,
                          bool right)
{
    PhObject *sep;
    ssize_t maxsplit;
    if (parse_split_args(S, right ? "rsplit" : "split", args, nargs, kwnames, &sep, &maxsplit) < 0)
        return NULL;
    PhObject *list = list_new(S, 0);
    if (!list) return NULL;
    PhObject *s = SELF;
    int rc = sep ? (right ? rsplit_sep : split_sep)(S, list, s, sep, maxsplit)
                 : (right ? rsplit_whitespace : split_whitespace)(S, list, s, maxsplit);
    if (rc < 0) {
        DECREF(S, list);
        return NULL;
    }
    if (right) list_reverse_items(list);
    return list;
}

METHOD(m_split) { return do_split(S, args, nargs, kwnames, false); }
METHOD(m_rsplit) { return do_split(S, args, nargs, kwnames, true); }

METHOD(m_splitlines)
{
    static const char *const kwlist[] = {"keepends", NULL};
    PhObject *a[1];
    if (PARSE(ARGS_KW, "splitlines", kwlist, 0, 1, a) < 0) return NULL;
    bool keep = false;
    if (a[0]) {
        ssize_t v = text_as_index(S, a[0]);
        if (v == -1 && err_occurred(S)) return NULL;
        keep = v != 0;
    }
    PhObject *s = SELF, *list = list_new(S, 0);
    if (!list) return NULL;
    ssize_t len = str_len(s), i = 0;
    int k = str_kind(s);
    const void *d = str_data(s);
    while (i < len) {
        ssize_t j = i;
        while (i < len && !uni_islinebreak(kread(k, d, i))) i++;
        ssize_t eol = i;
        if (i < len) {
            if (kread(k, d, i) == '\r' && i + 1 < len && kread(k, d, i + 1) == '\n') i += 2;
            else i++;
            if (keep) eol = i;
        }
        if (list_add_sub(S, list, s, j, eol) < 0) {
            DECREF(S, list);
            return NULL;
        }
    }
    return list;
}

/* ---- partition ----------------------------------------------------------------------- */

static PhObject *do_partition(PhState *S, PhObject *s, PhObject *sep, bool right)
{
    if (!need_str(S, sep, NULL)) return NULL;
    if (str_len(sep) == 0) return err_format(S, &S->exc.ValueError, "empty separator");
    ssize_t len = str_len(s), pos = str_find_in(s, 0, len, sep, right ? -1 : 1);
    PhObject *parts[3] = {NULL, NULL, NULL};
    if (pos < 0) {
        parts[right ? 2 : 0] = self_or_copy(S, s);
        parts[right ? 0 : 2] = str_empty(S);
        parts[1] = str_empty(S);
    } else {
        parts[0] = str_substring(S, s, 0, pos);
        parts[1] = self_or_copy(S, sep);
        parts[2] = str_substring(S, s, pos + str_len(sep), len);
    }
    PhObject *t = NULL;
    if (parts[0] && parts[1] && parts[2]) t = tuple_pack(S, 3, parts[0], parts[1], parts[2]);
    for (int i = 0; i < 3; i++) XDECREF(S, parts[i]);
    return t;
}

METHOD(m_partition)
{
    PhObject *a[1];
    if (PARSE(ARGS_ONE, "partition", NULL, 1, 1, a) < 0) return NULL;
    return do_partition(S, SELF, a[0], false);
}

METHOD(m_rpartition)
{
    PhObject *a[1];
    if (PARSE(ARGS_ONE, "rpartition", NULL, 1, 1, a) < 0) return NULL;
    return do_partition(S, SELF, a[0], true);
}

/* ---- strip ----------------------------------------------------------------------------- */

static bool in_chars(PhObject *chars, uint32_t c)
{
    if (!chars) return uni_isspace(c);
    int k = str_kind(chars);
    const void *d = str_data(chars);
    for (ssize_t i = 0; i < str_len(chars); i++)
        if (kread(k, d, i) == c) return true;
    return false;
}

/* which: 1 left, 2 right, 3 both. */
static PhObject *do_strip(PhState *S, PhObject *const *args, size_t nargs, PhObject *kwnames,
                          const char *fname, int which)
{
    PhObject *a[1];
    if (PARSE(ARGS_RANGE, fname, NULL, 0, 1, a) < 0) return NULL;
    PhObject *chars = a[0] && a[0] != PH_NONE(S) ? a[0] : NULL;
    if (chars && !str_check(chars))
        return err_format(S, &S->exc.TypeError, "%s arg must be None or str", fname);
    PhObject *s = SELF;
    ssize_t i = 0, j = str_len(s);
    if (which & 1)
        while (i < j && in_chars(chars, str_char_at(s, i))) i++;
    if (which & 2)
        while (j > i && in_chars(chars, str_char_at(s, j - 1))) j--;
    if (i == 0 && j == str_len(s)) return self_or_copy(S, s);
    return str_substring(S, s, i, j);
}

METHOD(m_strip) { return do_strip(S, args, nargs, kwnames, "strip", 3); }
METHOD(m_lstrip) { return do_strip(S, args, nargs, kwnames, "lstrip", 1); }
METHOD(m_rstrip) { return do_strip(S, args, nargs, kwnames, "rstrip", 2); }

/* ---- replace ---------------------------------------------------------------------------- */

static PhObject *do_replace(PhState *S, PhObject *s, PhObject *old, PhObject *new_, ssize_t count)
{
    ssize_t len = str_len(s), n = str_len(old);
    if (count < 0) count = PTRDIFF_MAX;
    ssize_t found = str_count_in(s, 0, len, old, count);
    if (found == 0) return self_or_copy(S, s);
    StrBuilder b;
    sb_init(&b);
    ssize_t i = 0;
    for (ssize_t k = 0; k < found; k++) {
        ssize_t pos;
        if (n == 0) {
            pos = i; /* '' matches before every character, and at the end */
            if (sb_append_str(S, &b, new_) < 0) goto fail;
            if (pos < len && sb_append_char(S, &b, str_char_at(s, pos)) < 0) goto fail;
            i = pos + 1;
            continue;
        }
        pos = str_find_in(s, i, len, old, 1);
        if (sb_append_substr(S, &b, s, i, pos) < 0 || sb_append_str(S, &b, new_) < 0) goto fail;
        i = pos + n;
    }
    if (i < len && sb_append_substr(S, &b, s, i, len) < 0) goto fail;
    return sb_finish(S, &b);
fail:
    sb_discard(S, &b);
    return NULL;
}

METHOD(m_replace)
{
    PhObject *a[3];
    if (PARSE(ARGS_RANGE, "replace", NULL, 2, 3, a) < 0) return NULL;
    for (int i = 0; i < 2; i++) {
        if (!str_check(a[i]))
            return err_format(S, &S->exc.TypeError, "replace() argument %d must be str, not %s",
                              i + 1, a[i]->type->name);
    }
    ssize_t count = -1;
    if (a[2]) {
        count = text_as_index(S, a[2]);
        if (count == -1 && err_occurred(S)) return NULL;
    }
    return do_replace(S, SELF, a[0], a[1], count);
}

/* ---- find & co ---------------------------------------------------------------------------- */

/* Parses (sub[, start[, end]]) as find() does. */
static int parse_find(PhState *S, const char *fname, PhObject *const *args, size_t nargs,
                      PhObject *kwnames, PhObject **sub, ssize_t *start, ssize_t *end)
{
    PhObject *a[3];
    if (PARSE(ARGS_OLD, fname, NULL, 1, 3, a) < 0) return -1;
    if (!need_str(S, a[0], NULL)) return -1;
    *sub = a[0];
    return text_parse_bounds(S, a[1], a[2], str_len(SELF), start, end);
}

static PhObject *do_find(PhState *S, PhObject *const *args, size_t nargs, PhObject *kwnames,
                         const char *fname, int dir, bool raise)
{
    PhObject *sub;
    ssize_t start, end;
    if (parse_find(S, fname, args, nargs, kwnames, &sub, &start, &end) < 0) return NULL;
    ssize_t r = str_find_in(SELF, start, end, sub, dir);
    if (r < 0 && raise) return err_format(S, &S->exc.ValueError, "substring not found");
    return int_from_i64(S, r);
}

METHOD(m_find) { return do_find(S, args, nargs, kwnames, "find", 1, false); }
METHOD(m_rfind) { return do_find(S, args, nargs, kwnames, "rfind", -1, false); }
METHOD(m_index) { return do_find(S, args, nargs, kwnames, "index", 1, true); }
METHOD(m_rindex) { return do_find(S, args, nargs, kwnames, "rindex", -1, true); }

METHOD(m_count)
{
    PhObject *sub;
    ssize_t start, end;
    if (parse_find(S, "count", args, nargs, kwnames, &sub, &start, &end) < 0) return NULL;
    return int_from_i64(S, str_count_in(SELF, start, end, sub, PTRDIFF_MAX));
}

/* Does s[start:end] start (dir < 0: end) with sub? */
static bool tail_match(PhObject *s, PhObject *sub, ssize_t start, ssize_t end, int dir)
{
    ssize_t n = str_len(sub);
    if (end - n < start) return false;
    ssize_t at = dir < 0 ? start : end - n;
    int sk = str_kind(s), nk = str_kind(sub);
    const void *sd = str_data(s), *nd = str_data(sub);
    for (ssize_t j = 0; j < n; j++)
        if (kread(sk, sd, at + j) != kread(nk, nd, j)) return false;
    return true;
}

static PhObject *do_startswith(PhState *S, PhObject *const *args, size_t nargs,
                               PhObject *kwnames, const char *fname, int dir)
{
    PhObject *a[3];
    if (PARSE(ARGS_OLD, fname, NULL, 1, 3, a) < 0) return NULL;
    ssize_t start, end;
    if (text_parse_bounds(S, a[1], a[2], str_len(SELF), &start, &end) < 0) return NULL;
    PhObject *x = a[0];
    if (x->type->flags & TPFLAG_TUPLE_SUBCLASS) {
        for (ssize_t i = 0; i < TUPLE_LEN(x); i++) {
            PhObject *sub = TUPLE_GET(x, i);
            if (!str_check(sub))
                return err_format(S, &S->exc.TypeError,
                                  "tuple for %s must only contain str, not %s", fname,
                                  sub->type->name);
            if (tail_match(SELF, sub, start, end, dir)) return ph_bool(S, 1);
        }
        return ph_bool(S, 0);
    }
    if (!str_check(x))
        return err_format(S, &S->exc.TypeError,
                          "%s first arg must be str or a tuple of str, not %s", fname,
                          x->type->name);
    return ph_bool(S, tail_match(SELF, x, start, end, dir));
}

METHOD(m_startswith) { return do_startswith(S, args, nargs, kwnames, "startswith", -1); }
METHOD(m_endswith) { return do_startswith(S, args, nargs, kwnames, "endswith", 1); }

METHOD(m_removeprefix)
{
    PhObject *a[1];
    if (PARSE(ARGS_ONE, "removeprefix", NULL, 1, 1, a) < 0) return NULL;
    if (!str_check(a[0]))
        return err_format(S, &S->exc.TypeError, "removeprefix() argument must be str, not %s",
                          a[0]->type->name);
    ssize_t len = str_len(SELF);
    if (str_len(a[0]) && tail_match(SELF, a[0], 0, len, -1))
        return str_substring(S, SELF, str_len(a[0]), len);
    return self_or_copy(S, SELF);
}

METHOD(m_removesuffix)
{
    PhObject *a[1];
    if (PARSE(ARGS_ONE, "removesuffix", NULL, 1, 1, a) < 0) return NULL;
    if (!str_check(a[0]))
        return err_format(S, &S->exc.TypeError, "removesuffix() argument must be str, not %s",
                          a[0]->type->name);
    ssize_t len = str_len(SELF);
    if (str_len(a[0]) && tail_match(SELF, a[0], 0, len, 1))
        return str_substring(S, SELF, 0, len - str_len(a[0]));
    return self_or_copy(S, SELF);
}

/* ---- case mapping --------------------------------------------------------------------------- */

/* Lower case of s[i] == U+03A3 (capital sigma): final form at a word's end. */
static uint32_t sigma_lower(PhObject *s, ssize_t i)
{
    ssize_t len = str_len(s), j = i - 1;
    while (j >= 0 && str_uni_case_ignorable(str_char_at(s, j))) j--;
    bool final = j >= 0 && uni_iscased(str_char_at(s, j));
    if (final) {
        j = i + 1;
        while (j < len && str_uni_case_ignorable(str_char_at(s, j))) j++;
        final = j == len || !uni_iscased(str_char_at(s, j));
    }
    return final ? 0x3C2 : 0x3C3;
}

static int append_mapped(PhState *S, StrBuilder *b, PhObject *s, ssize_t i, int which)
{
    uint32_t c = str_char_at(s, i), out[3];
    if (which == 'l' && c == 0x3A3) return sb_append_char(S, b, sigma_lower(s, i));
    int n = str_uni_case_full(c, which, out);
    for (int k = 0; k < n; k++)
        if (sb_append_char(S, b, out[k]) < 0) return -1;
    return 0;
}

/* ASCII strings map byte for byte. mode: 'l', 'u', 's'wap. */
static PhObject *ascii_case(PhState *S, PhObject *s, int mode)
{
    ssize_t len = str_len(s);
    PhObject *r = str_alloc(S, len, 127);
    if (!r) return NULL;
    const uint8_t *p = str_data(s);
    uint8_t *q = str_data(r);
    for (ssize_t i = 0; i < len; i++) {
        uint8_t c = p[i];
        bool up = c >= 'A' && c <= 'Z', low = c >= 'a' && c <= 'z';
        if ((mode == 'l' || mode == 's') && up) c += 32;
        else if ((mode == 'u' || mode == 's') && low) c -= 32;
        q[i] = c;
    }
    return r;
}

static PhObject *do_case(PhState *S, PhObject *const *args, size_t nargs, PhObject *kwnames,
                         const char *fname, int mode)
{
    PhObject *a[1];
    if (PARSE(ARGS_NOARGS, fname, NULL, 0, 0, a) < 0) return NULL;
    PhObject *s = SELF;
    ssize_t len = str_len(s);
    if (len == 0) return str_empty(S);
    if (((PhStr *)s)->state.ascii && (mode == 'l' || mode == 'u' || mode == 's' || mode == 'f'))
        return ascii_case(S, s, mode == 'f' ? 'l' : mode);
    StrBuilder b;
    sb_init(&b);
    bool prev_cased = false;
    for (ssize_t i = 0; i < len; i++) {
        uint32_t c = str_char_at(s, i);
        int which;
        switch (mode) {
        case 'l': case 'u': case 'f': which = mode; break;
        case 's': which = uni_isupper(c) ? 'l' : uni_islower(c) ? 'u' : 0; break;
        case 'c': which = i == 0 ? 't' : 'l'; break;
        default: /* title */
            which = prev_cased ? 'l' : 't';
            prev_cased = uni_iscased(c);
            break;
        }
        int rc = which ? append_mapped(S, &b, s, i, which) : sb_append_char(S, &b, c);
        if (rc < 0) {
            sb_discard(S, &b);
            return NULL;
        }
    }
    return sb_finish(S, &b);
}

METHOD(m_lower) { return do_case(S, args, nargs, kwnames, "lower", 'l'); }
METHOD(m_upper) { return do_case(S, args, nargs, kwnames, "upper", 'u'); }
METHOD(m_casefold) { return do_case(S, args, nargs, kwnames, "casefold", 'f'); }
METHOD(m_swapcase) { return do_case(S, args, nargs, kwnames, "swapcase", 's'); }
METHOD(m_capitalize) { return do_case(S, args, nargs, kwnames, "capitalize", 'c'); }
METHOD(m_title) { return do_case(S, args, nargs, kwnames, "title", 't'); }

/* ---- predicates -------------------------------------------------------------------------------- */

/* True when s is non-empty and every character satisfies pred. */
static PhObject *all_chars(PhState *S, PhObject *const *args, size_t nargs, PhObject *kwnames,
                           const char *fname, bool (*pred)(uint32_t))
{
    PhObject *a[1];
    if (PARSE(ARGS_NOARGS, fname, NULL, 0, 0, a) < 0) return NULL;
    PhObject *s = SELF;
    ssize_t len = str_len(s);
    if (len == 0) return ph_bool(S, 0);
    for (ssize_t i = 0; i < len; i++)
        if (!pred(str_char_at(s, i))) return ph_bool(S, 0);
    return ph_bool(S, 1);
}

static bool is_alnum(uint32_t c)
{
    return uni_isalpha(c) || uni_isdecimal(c) || uni_isdigit(c) || uni_isnumeric(c);
}

METHOD(m_isdigit) { return all_chars(S, args, nargs, kwnames, "isdigit", uni_isdigit); }
METHOD(m_isdecimal) { return all_chars(S, args, nargs, kwnames, "isdecimal", uni_isdecimal); }
METHOD(m_isnumeric) { return all_chars(S, args, nargs, kwnames, "isnumeric", uni_isnumeric); }
METHOD(m_isalpha) { return all_chars(S, args, nargs, kwnames, "isalpha", uni_isalpha); }
METHOD(m_isalnum) { return all_chars(S, args, nargs, kwnames, "isalnum", is_alnum); }
METHOD(m_isspace) { return all_chars(S, args, nargs, kwnames, "isspace", uni_isspace); }

METHOD(m_isprintable)
{
    PhObject *a[1];
    if (PARSE(ARGS_NOARGS, "isprintable", NULL, 0, 0, a) < 0) return NULL;
    for (ssize_t i = 0; i < str_len(SELF); i++)
        if (!uni_isprintable(str_char_at(SELF, i))) return ph_bool(S, 0);
    return ph_bool(S, 1);
}

METHOD(m_isascii)
{
    PhObject *a[1];
    if (PARSE(ARGS_NOARGS, "isascii", NULL, 0, 0, a) < 0) return NULL;
    return ph_bool(S, ((PhStr *)SELF)->state.ascii);
}

METHOD(m_isidentifier)
{
    PhObject *a[1];
    if (PARSE(ARGS_NOARGS, "isidentifier", NULL, 0, 0, a) < 0) return NULL;
    PhObject *s = SELF;
    ssize_t len = str_len(s);
    if (len == 0 || !uni_isidstart(str_char_at(s, 0))) return ph_bool(S, 0);
    for (ssize_t i = 1; i < len; i++)
        if (!uni_isidcontinue(str_char_at(s, i))) return ph_bool(S, 0);
    return ph_bool(S, 1);
}

/* islower / isupper: some cased character, none of the opposite case or
 * titlecase. */
static PhObject *case_pred(PhState *S, PhObject *const *args, size_t nargs, PhObject *kwnames,
                           const char *fname, bool lower)
{
    PhObject *a[1];
    if (PARSE(ARGS_NOARGS, fname, NULL, 0, 0, a) < 0) return NULL;
    bool cased = false;
    for (ssize_t i = 0; i < str_len(SELF); i++) {
        uint32_t c = str_char_at(SELF, i);
        if ((lower ? uni_isupper(c) : uni_islower(c)) || uni_istitle(c)) return ph_bool(S, 0);
        if (lower ? uni_islower(c) : uni_isupper(c)) cased = true;
    }
    return ph_bool(S, cased);
}

METHOD(m_islower) { return case_pred(S, args, nargs, kwnames, "islower", true); }
METHOD(m_isupper) { return case_pred(S, args, nargs, kwnames, "isupper", false); }

METHOD(m_istitle)
{
    PhObject *a[1];
    if (PARSE(ARGS_NOARGS, "istitle", NULL, 0, 0, a) < 0) return NULL;
    bool cased = false, prev = false;
    for (ssize_t i = 0; i < str_len(SELF); i++) {
        uint32_t c = str_char_at(SELF, i);
        if (uni_isupper(c) || uni_istitle(c)) {
            if (prev) return ph_bool(S, 0);
            prev = cased = true;
        } else if (uni_islower(c)) {
            if (!prev) return ph_bool(S, 0);
            prev = cased = true;
        } else {
            prev = false;
        }
    }
    return ph_bool(S, cased);
}

/* ---- padding ------------------------------------------------------------------------------------ */

static PhObject *pad(PhState *S, PhObject *s, ssize_t left, ssize_t right, uint32_t fill)
{
    if (left < 0) left = 0;
    if (right < 0) right = 0;
    if (!left && !right) return self_or_copy(S, s);
    StrBuilder b;
    sb_init(&b);
    if (sb_append_fill(S, &b, fill, (size_t)left) < 0 || sb_append_str(S, &b, s) < 0 ||
        sb_append_fill(S, &b, fill, (size_t)right) < 0) {
        sb_discard(S, &b);
        return NULL;
    }
    return sb_finish(S, &b);
}

/* which: 'c'enter, 'l'just, 'r'just. */
static PhObject *do_just(PhState *S, PhObject *const *args, size_t nargs, PhObject *kwnames,
                         const char *fname, int which)
{
    PhObject *a[2];
    if (PARSE(ARGS_RANGE, fname, NULL, 1, 2, a) < 0) return NULL;
    ssize_t width = text_as_index(S, a[0]);
    if (width == -1 && err_occurred(S)) return NULL;
    uint32_t fill = ' ';
    if (a[1]) {
        if (!str_check(a[1]))
            return err_format(S, &S->exc.TypeError,
                              "The fill character must be a unicode character, not %s",
                              a[1]->type->name);
        if (str_len(a[1]) != 1)
            return err_format(S, &S->exc.TypeError,
                              "The fill character must be exactly one character long");
        fill = str_char_at(a[1], 0);
    }
    ssize_t len = str_len(SELF), marg = width - len;
    if (marg <= 0) return self_or_copy(S, SELF);
    if (which == 'l') return pad(S, SELF, 0, marg, fill);
    if (which == 'r') return pad(S, SELF, marg, 0, fill);
    ssize_t left = marg / 2 + (marg & width & 1);
    return pad(S, SELF, left, marg - left, fill);
}

METHOD(m_center) { return do_just(S, args, nargs, kwnames, "center", 'c'); }
METHOD(m_ljust) { return do_just(S, args, nargs, kwnames, "ljust", 'l'); }
METHOD(m_rjust) { return do_just(S, args, nargs, kwnames, "rjust", 'r'); }

METHOD(m_zfill)
{
    PhObject *a[1];
    if (PARSE(ARGS_ONE, "zfill", NULL, 1, 1, a) < 0) return NULL;
    ssize_t width = text_as_index(S, a[0]);
    if (width == -1 && err_occurred(S)) return NULL;
    PhObject *s = SELF;
    ssize_t len = str_len(s);
    if (width <= len) return self_or_copy(S, s);
    StrBuilder b;
    sb_init(&b);
    ssize_t start = 0;
    if (len && (str_char_at(s, 0) == '+' || str_char_at(s, 0) == '-')) {
        if (sb_append_char(S, &b, str_char_at(s, 0)) < 0) goto fail;
        start = 1;
    }
    if (sb_append_fill(S, &b, '0', (size_t)(width - len)) < 0 ||
        sb_append_substr(S, &b, s, start, len) < 0)
        goto fail;
    return sb_finish(S, &b);
fail:
    sb_discard(S, &b);
    return NULL;
}

METHOD(m_expandtabs)
{
    static const char *const kwlist[] = {"tabsize", NULL};
    PhObject *a[1];
    if (PARSE(ARGS_KW, "expandtabs", kwlist, 0, 1, a) < 0) return NULL;
    ssize_t tabsize = 8;
    if (a[0]) {
        tabsize = text_as_index(S, a[0]);
        if (tabsize == -1 && err_occurred(S)) return NULL;
    }
    PhObject *s = SELF;
    bool tabs = false;
    for (ssize_t i = 0; i < str_len(s) && !tabs; i++) tabs = str_char_at(s, i) == '\t';
    if (!tabs) return self_or_copy(S, s);
    StrBuilder b;
    sb_init(&b);
    ssize_t col = 0;
    for (ssize_t i = 0; i < str_len(s); i++) {
        uint32_t c = str_char_at(s, i);
        int rc;
        if (c == '\t') {
            ssize_t n = tabsize > 0 ? tabsize - col % tabsize : 0;
            rc = sb_append_fill(S, &b, ' ', (size_t)n);
            col += n;
        } else {
            rc = sb_append_char(S, &b, c);
            col = c == '\n' || c == '\r' ? 0 : col + 1;
        }
        if (rc < 0) {
            sb_discard(S, &b);
            return NULL;
        }
    }
    return sb_finish(S, &b);
}

/* ---- translate ------------------------------------------------------------------------------------ */

static PhObject *maketrans_from_dict(PhState *S, PhObject *x)
{
    if (!(x->type->flags & TPFLAG_DICT_SUBCLASS))
        return err_format(S, &S->exc.TypeError,
                          "if you give only one argument to maketrans it must be a dict");
    PhObject *d = dict_new(S);
    if (!d) return NULL;
    ssize_t pos = 0;
    PhObject *k, *v;
    while (dict_next(x, &pos, &k, &v)) {
        PhObject *key;
        if (str_check(k)) {
            if (str_len(k) != 1) {
                err_format(S, &S->exc.ValueError, "string keys in translate table must be of length 1");
                goto fail;
            }
            key = int_from_i64(S, str_char_at(k, 0));
        } else if (k->type->flags & TPFLAG_LONG_SUBCLASS) {
            key = k;
            INCREF(key);
        } else {
            err_format(S, &S->exc.TypeError, "keys in translate table must be strings or integers");
            goto fail;
        }
        if (!key) goto fail;
        int rc = dict_setitem(S, d, key, v);
        DECREF(S, key);
        if (rc < 0) goto fail;
    }
    return d;
fail:
    DECREF(S, d);
    return NULL;
}

static int dict_set_codes(PhState *S, PhObject *d, uint32_t k, PhObject *v)
{
    PhObject *key = int_from_i64(S, k);
    if (!key) return -1;
    int rc = dict_setitem(S, d, key, v);
    DECREF(S, key);
    return rc;
}

static PhObject *m_maketrans(PhState *S, PhObject *callable, PhObject *const *args, size_t nargs,
                             PhObject *kwnames)
{
    /* A static method: no self in args. */
    PhObject *a[3];
    if (text_parse_args(S, "str", "maketrans", ARGS_RANGE, args, nargs, kwnames, NULL, 1, 3, a) < 0)
        return NULL;
    if (!a[1]) return maketrans_from_dict(S, a[0]);
    if (!str_check(a[0]))
        return err_format(S, &S->exc.TypeError,
                          "first maketrans argument must be a string if there is a second argument");
    for (int i = 1; i < 3; i++)
        if (a[i] && !str_check(a[i]))
            return err_format(S, &S->exc.TypeError, "maketrans() argument %d must be str, not %s",
                              i + 1, a[i]->type->name);
    if (str_len(a[0]) != str_len(a[1]))
        return err_format(S, &S->exc.ValueError,
                          "the first two maketrans arguments must have equal length");
    PhObject *d = dict_new(S);
    if (!d) return NULL;
    for (ssize_t i = 0; i < str_len(a[0]); i++) {
        PhObject *v = int_from_i64(S, str_char_at(a[1], i));
        int rc = v ? dict_set_codes(S, d, str_char_at(a[0], i), v) : -1;
        XDECREF(S, v);
        if (rc < 0) goto fail;
    }
    if (a[2]) {
        for (ssize_t i = 0; i < str_len(a[2]); i++)
            if (dict_set_codes(S, d, str_char_at(a[2], i), PH_NONE(S)) < 0) goto fail;
    }
    return d;
fail:
    DECREF(S, d);
    return NULL;
}

/* Appends the translation of c; 0, or -1 on error. */
static int translate_char(PhState *S, StrBuilder *b, PhObject *table, uint32_t c)
{
    PhObject *key = int_from_i64(S, c);
    if (!key) return -1;
    PhObject *v = obj_getitem(S, table, key);
    DECREF(S, key);
    if (!v) {
        if (!err_matches(S, (PhObject *)&S->exc.LookupError)) return -1;
        err_clear(S);
        return sb_append_char(S, b, c);
    }
    int rc = 0;
    if (v == PH_NONE(S)) {
        /* deleted */
    } else if (v->type->flags & TPFLAG_LONG_SUBCLASS) {
        int overflow = 0;
        int64_t x = int_as_i64(v, &overflow);
        if (overflow || x < 0 || x > 0x10FFFF) {
            err_format(S, &S->exc.ValueError, "character mapping must be in range(0x110000)");
            rc = -1;
        } else {
            rc = sb_append_char(S, b, (uint32_t)x);
        }
    } else if (str_check(v)) {
        rc = sb_append_str(S, b, v);
    } else {
        err_format(S, &S->exc.TypeError, "character mapping must return integer, None or str");
        rc = -1;
    }
    DECREF(S, v);
    return rc;
}

METHOD(m_translate)
{
    PhObject *a[1];
    if (PARSE(ARGS_ONE, "translate", NULL, 1, 1, a) < 0) return NULL;
    StrBuilder b;
    sb_init(&b);
    for (ssize_t i = 0; i < str_len(SELF); i++) {
        if (translate_char(S, &b, a[0], str_char_at(SELF, i)) < 0) {
            sb_discard(S, &b);
            return NULL;
        }
    }
    return sb_finish(S, &b);
}

/* ---- formatting, encoding, and the dunders -------------------------------------------------------- */

METHOD(m_format)
{
    PhObject *pos = tuple_from_array(S, args + 1, (ssize_t)nargs - 1);
    if (!pos) return NULL;
    PhObject *kw = NULL;
    if (kwnames && TUPLE_LEN(kwnames)) {
        kw = dict_new(S);
        if (!kw) goto fail;
        for (ssize_t k = 0; k < TUPLE_LEN(kwnames); k++)
            if (dict_setitem(S, kw, TUPLE_GET(kwnames, k), args[nargs + (size_t)k]) < 0) goto fail;
    }
    PhObject *r = format_str_format(S, SELF, pos, kw);
    DECREF(S, pos);
    XDECREF(S, kw);
    return r;
fail:
    DECREF(S, pos);
    XDECREF(S, kw);
    return NULL;
}

METHOD(m_format_map)
{
    PhObject *a[1];
    if (PARSE(ARGS_ONE, "format_map", NULL, 1, 1, a) < 0) return NULL;
    PhObject *pos = tuple_new(S, 0);
    if (!pos) return NULL;
    PhObject *r = format_str_format(S, SELF, pos, a[0]);
    DECREF(S, pos);
    return r;
}

METHOD(m___format__)
{
    PhObject *a[1];
    if (PARSE(ARGS_ONE, "__format__", NULL, 1, 1, a) < 0) return NULL;
    if (!str_check(a[0]))
        return err_format(S, &S->exc.TypeError, "__format__() argument must be str, not %s",
                          a[0]->type->name);
    return format_str(S, SELF, a[0]);
}

METHOD(m_encode)
{
    static const char *const kwlist[] = {"encoding", "errors", NULL};
    PhObject *a[2];
    if (PARSE(ARGS_KW, "encode", kwlist, 0, 2, a) < 0) return NULL;
    const char *enc = NULL, *errors = NULL;
    static const char *const names[] = {"encoding", "errors"};
    for (int i = 0; i < 2; i++) {
        if (!a[i]) continue;
        if (!str_check(a[i]))
            return err_format(S, &S->exc.TypeError, "encode() argument '%s' must be str, not %s",
                              names[i], a[i]->type->name);
        const char *v = str_as_utf8(S, a[i], NULL);
        if (!v) return NULL;
        if (i == 0) enc = v;
        else errors = v;
    }
    return str_encode(S, SELF, enc, errors);
}

METHOD(m___sizeof__)
{
    PhObject *a[1];
    if (PARSE(ARGS_NOARGS, "__sizeof__", NULL, 0, 0, a) < 0) return NULL;
    return int_from_i64(S, (int64_t)str_sizeof(SELF));
}

METHOD(m___getnewargs__)
{
    PhObject *a[1];
    if (PARSE(ARGS_NOARGS, "__getnewargs__", NULL, 0, 0, a) < 0) return NULL;
    PhObject *copy = str_from_kind(S, str_kind(SELF), str_data(SELF), str_len(SELF));
    if (!copy) return NULL;
    PhObject *t = tuple_pack(S, 1, copy);
    DECREF(S, copy);
    return t;
}

const PhMethodDef str_methods[] = {
    {"encode", m_encode, METH_DEFAULT, "Encode the string using the codec registered for encoding."},
    {"replace", m_replace, METH_DEFAULT, "Return a copy with all occurrences of substring old replaced by new."},
    {"split", m_split, METH_DEFAULT, "Return a list of the substrings in the string, using sep as the separator string."},
    {"rsplit", m_rsplit, METH_DEFAULT, "Return a list of the substrings in the string, using sep as the separator string."},
    {"join", m_join, METH_DEFAULT, "Concatenate any number of strings."},
    {"capitalize", m_capitalize, METH_DEFAULT, "Return a capitalized version of the string."},
    {"casefold", m_casefold, METH_DEFAULT, "Return a version of the string suitable for caseless comparisons."},
    {"title", m_title, METH_DEFAULT, "Return a version of the string where each word is titlecased."},
    {"center", m_center, METH_DEFAULT, "Return a centered string of length width."},
    {"count", m_count, METH_DEFAULT, "Return the number of non-overlapping occurrences of substring sub."},
    {"expandtabs", m_expandtabs, METH_DEFAULT, "Return a copy where all tab characters are expanded using spaces."},
    {"find", m_find, METH_DEFAULT, "Return the lowest index in S where substring sub is found."},
    {"partition", m_partition, METH_DEFAULT, "Partition the string into three parts using the given separator."},
    {"index", m_index, METH_DEFAULT, "Return the lowest index in S where substring sub is found."},
    {"ljust", m_ljust, METH_DEFAULT, "Return a left-justified string of length width."},
    {"lower", m_lower, METH_DEFAULT, "Return a copy of the string converted to lowercase."},
    {"lstrip", m_lstrip, METH_DEFAULT, "Return a copy of the string with leading whitespace removed."},
    {"rfind", m_rfind, METH_DEFAULT, "Return the highest index in S where substring sub is found."},
    {"rindex", m_rindex, METH_DEFAULT, "Return the highest index in S where substring sub is found."},
    {"rjust", m_rjust, METH_DEFAULT, "Return a right-justified string of length width."},
    {"rstrip", m_rstrip, METH_DEFAULT, "Return a copy of the string with trailing whitespace removed."},
    {"rpartition", m_rpartition, METH_DEFAULT, "Partition the string into three parts using the given separator."},
    {"splitlines", m_splitlines, METH_DEFAULT, "Return a list of the lines in the string, breaking at line boundaries."},
    {"strip", m_strip, METH_DEFAULT, "Return a copy of the string with leading and trailing whitespace removed."},
    {"swapcase", m_swapcase, METH_DEFAULT, "Convert uppercase characters to lowercase and lowercase characters to uppercase."},
    {"translate", m_translate, METH_DEFAULT, "Replace each character in the string using the given translation table."},
    {"upper", m_upper, METH_DEFAULT, "Return a copy of the string converted to uppercase."},
    {"startswith", m_startswith, METH_DEFAULT, "Return True if S starts with the specified prefix, False otherwise."},
    {"endswith", m_endswith, METH_DEFAULT, "Return True if S ends with the specified suffix, False otherwise."},
    {"removeprefix", m_removeprefix, METH_DEFAULT, "Return a str with the given prefix string removed if present."},
    {"removesuffix", m_removesuffix, METH_DEFAULT, "Return a str with the given suffix string removed if present."},
    {"isascii", m_isascii, METH_DEFAULT, "Return True if all characters in the string are ASCII, False otherwise."},
    {"islower", m_islower, METH_DEFAULT, "Return True if the string is a lowercase string, False otherwise."},
    {"isupper", m_isupper, METH_DEFAULT, "Return True if the string is an uppercase string, False otherwise."},
    {"istitle", m_istitle, METH_DEFAULT, "Return True if the string is a title-cased string, False otherwise."},
    {"isspace", m_isspace, METH_DEFAULT, "Return True if the string is a whitespace string, False otherwise."},
    {"isdecimal", m_isdecimal, METH_DEFAULT, "Return True if the string is a decimal string, False otherwise."},
    {"isdigit", m_isdigit, METH_DEFAULT, "Return True if the string is a digit string, False otherwise."},
    {"isnumeric", m_isnumeric, METH_DEFAULT, "Return True if the string is a numeric string, False otherwise."},
    {"isalpha", m_isalpha, METH_DEFAULT, "Return True if the string is an alphabetic string, False otherwise."},
    {"isalnum", m_isalnum, METH_DEFAULT, "Return True if the string is an alpha-numeric string, False otherwise."},
    {"isidentifier", m_isidentifier, METH_DEFAULT, "Return True if the string is a valid Python identifier, False otherwise."},
    {"isprintable", m_isprintable, METH_DEFAULT, "Return True if the string is printable, False otherwise."},
    {"zfill", m_zfill, METH_DEFAULT, "Pad a numeric string with zeros on the left, to fill a field of the given width."},
    {"format", m_format, METH_DEFAULT, "Return a formatted version of S, using substitutions from args and kwargs."},
    {"format_map", m_format_map, METH_DEFAULT, "Return a formatted version of S, using substitutions from mapping."},
    {"__format__", m___format__, METH_DEFAULT, "Return a formatted version of the string as described by format_spec."},
    {"maketrans", m_maketrans, METH_STATIC, "Return a translation table usable for str.translate()."},
    {"__sizeof__", m___sizeof__, METH_DEFAULT, "Return the size of the string in memory, in bytes."},
    {"__getnewargs__", m___getnewargs__, METH_DEFAULT, NULL},
    {NULL, NULL, 0, NULL},
};
