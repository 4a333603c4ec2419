/* Text streams: sys.stdout/stderr/stdin and the files open() returns.
 *
 * A stream wraps a C FILE*. The C library does the buffering: stdout is
 * line-buffered on a terminal and block-buffered otherwise, as CPython's is.
 * Text is UTF-8 (or the encoding given to open()) on the way out and decoded
 * on the way in; reading translates "\r\n" and "\r" to "\n" (universal
 * newlines, CPython's default for text files). Binary mode ('b') reads and
 * writes bytes objects instead.
 *
 * Invariant: fp is NULL exactly when the stream is closed. Streams over the
 * process's standard files never fclose them (closing only marks them closed).
 */
#include "textio.h"

#include "abstract.h"
#include "bytes.h"
#include "int.h"
#include "list.h"
#include "str.h"
#include "tuple.h"
#include "exceptions.h"
#include "vm/errors.h"
#include "vm/state.h"

#include <errno.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

typedef struct PhTextIO {
    PhObject ob;
    FILE *fp;         /* NULL once closed */
    PhObject *name;   /* str: the path, or '<stdout>' */
    char mode[8];     /* as given to open(), normalised: "r", "w", "a", "rb", ... */
    char encoding[24];/* "utf-8", "UTF-8", "latin-1", ... (text mode) */
    unsigned readable : 1, writable : 1, binary : 1, owns_fp : 1;
    unsigned discard : 1; /* a sink: writes succeed and go nowhere (fp is NULL) */
} PhTextIO;

#define TIO(o) ((PhTextIO *)(o))

static bool is_textio(PhState *S, PhObject *o) { return obj_type_check(o, &S->types.textio); }

FILE *textio_file(PhState *S, PhObject *o) { return is_textio(S, o) ? TIO(o)->fp : NULL; }

static void textio_dealloc(PhState *S, PhObject *o)
{
    PhTextIO *t = TIO(o);
    if (t->fp) {
        if (t->owns_fp) fclose(t->fp);
        else fflush(t->fp);
        t->fp = NULL;
    }
    CLEAR(S, t->name);
    obj_free(S, o);
}

PhObject *textio_new(PhState *S, FILE *fp, PhObject *name, const char *mode, int owns_fp)
{
    PhTextIO *t = (PhTextIO *)obj_alloc(S, &S->types.textio, sizeof(PhTextIO));
    if (!t) return err_no_memory(S);
    /* obj_alloc leaves the fields uninitialised. */
    memset((char *)t + sizeof(PhObject), 0, sizeof(PhTextIO) - sizeof(PhObject));
    t->fp = fp;
    INCREF(name);
    t->name = name;
    snprintf(t->mode, sizeof t->mode, "%s", mode);
    snprintf(t->encoding, sizeof t->encoding, "utf-8");
    t->readable = strchr(mode, 'r') != NULL || strchr(mode, '+') != NULL;
    t->writable = strchr(mode, 'r') == NULL || strchr(mode, '+') != NULL;
    t->binary = strchr(mode, 'b') != NULL;
    t->owns_fp = owns_fp != 0;
    return (PhObject *)t;
}

PhObject *textio_new_sink(PhState *S)
{
    PhObject *name = str_from_cstr(S, "<discarded>");
    if (!name) return NULL;
    PhObject *t = textio_new(S, NULL, name, "w", 0);
    DECREF(S, name);
    if (t) TIO(t)->discard = 1;
    return t;
}

/* ---- checks shared by the methods ------------------------------------------------ */

static int check_open(PhState *S, PhTextIO *t)
{
    if (t->fp || t->discard) return 0;
    err_format(S, &S->exc.ValueError, "I/O operation on closed file.");
    return -1;
}

/* CPython raises io.UnsupportedOperation (an OSError and a ValueError);
 * pyheap has no io module, so the OSError half is what it raises. */
static int check_readable(PhState *S, PhTextIO *t)
{
    if (check_open(S, t) < 0) return -1;
    if (t->readable) return 0;
    err_format(S, &S->exc.OSError, "not readable");
    return -1;
}

static int check_writable(PhState *S, PhTextIO *t)
{
    if (check_open(S, t) < 0) return -1;
    if (t->writable) return 0;
    err_format(S, &S->exc.OSError, "not writable");
    return -1;
}

static int no_kwargs(PhState *S, const char *fname, PhObject *kwnames)
{
    if (!kwnames || TUPLE_LEN(kwnames) == 0) return 0;
    err_format(S, &S->exc.TypeError, "TextIOWrapper.%s() takes no keyword arguments", fname);
    return -1;
}

/* "TextIOWrapper.flush() takes no arguments (1 given)"; nargs counts self. */
static int no_args(PhState *S, const char *fname, size_t nargs, PhObject *kwnames)
{
    if (no_kwargs(S, fname, kwnames) < 0) return -1;
    if (nargs == 1) return 0;
    err_format(S, &S->exc.TypeError, "TextIOWrapper.%s() takes no arguments (%zu given)", fname,
               nargs - 1);
    return -1;
}

/* An optional size argument ("read expected at most 1 argument, got 2");
 * None or absent means -1. For read() the message of a wrong type differs
 * from readline()'s, as in CPython. */
static int size_arg(PhState *S, const char *fname, PhObject *const *args, size_t nargs,
                    PhObject *kwnames, bool read_style, ssize_t *size)
{
    *size = -1;
    if (no_kwargs(S, fname, kwnames) < 0) return -1;
    if (nargs > 2) {
        err_format(S, &S->exc.TypeError, "%s expected at most 1 argument, got %zu", fname,
                   nargs - 1);
        return -1;
    }
    if (nargs < 2 || args[1] == PH_NONE(S)) return 0;
    PhObject *x = args[1];
    if (read_style && !int_check(x) && !(x->type->as_number && x->type->as_number->index)) {
        err_format(S, &S->exc.TypeError, "argument should be integer or None, not '%s'",
                   args[1]->type->name);
        return -1;
    }
    ssize_t n = num_as_ssize(S, args[1], false);
    if (n == -1 && err_occurred(S)) return -1;
    *size = n;
    return 0;
}

/* ---- reading ------------------------------------------------------------------ */

/* Bytes read so far, in the private heap. */
typedef struct ByteBuf {
    PhState *S;
    char *p;
    size_t len, cap;
    char small[256];
} ByteBuf;

static void bb_init(ByteBuf *b, PhState *S)
{
    b->S = S;
    b->p = b->small;
    b->len = 0;
    b->cap = sizeof b->small;
}

static void bb_free(ByteBuf *b)
{
    if (b->p != b->small) heap_free(mem_of(b->S)->heap, b->p);
}

static int bb_put(ByteBuf *b, char c)
{
    if (b->len == b->cap) {
        size_t ncap = b->cap * 2;
        char *np = heap_alloc(mem_of(b->S)->heap, ncap);
        if (!np) {
            err_no_memory(b->S);
            return -1;
        }
        memcpy(np, b->p, b->len);
        bb_free(b);
        b->p = np;
        b->cap = ncap;
    }
    b->p[b->len++] = c;
    return 0;
}

/* Reads one byte, translating "\r\n" and a lone "\r" to "\n" in text mode.
 * EOF at the end (or on a read error, reported by the caller via ferror). */
static int read_byte(PhTextIO *t)
{
    int c = getc(t->fp);
    if (c == '\r' && !t->binary) {
        int d = getc(t->fp);
        if (d != '\n' && d != EOF) ungetc(d, t->fp);
        return '\n';
    }
    return c;
}

/* Number of bytes in the UTF-8 sequence that starts with lead byte c. */
static int utf8_seq_len(unsigned char c)
{
    if (c < 0x80) return 1;
    if (c >= 0xF0) return 4;
    if (c >= 0xE0) return 3;
    if (c >= 0xC0) return 2;
    return 1; /* a stray continuation byte: the decoder reports it */
}

static bool is_utf8(const char *enc)
{
    return strcasecmp(enc, "utf-8") == 0 || strcasecmp(enc, "utf8") == 0;
}

static PhObject *finish_read(PhState *S, PhTextIO *t, ByteBuf *b)
{
    if (ferror(t->fp)) {
        int e = errno;
        clearerr(t->fp);
        bb_free(b);
        return err_set_from_errno(S, e ? e : EIO, NULL);
    }
    clearerr(t->fp); /* a terminal may deliver more after an EOF (Ctrl-D) */
    PhObject *r = t->binary ? bytes_from_data(S, b->p, b->len)
                            : bytes_decode(S, b->p, b->len, t->encoding, "strict");
    if (!r && !err_occurred(S)) err_no_memory(S);
    bb_free(b);
    return r;
}

/* Reads up to `limit` characters (bytes in binary mode; -1: no limit),
 * stopping after a newline when `line`. */
static PhObject *read_chars(PhState *S, PhTextIO *t, ssize_t limit, bool line)
{
    ByteBuf b;
    bb_init(&b, S);
    bool chars_are_utf8 = !t->binary && is_utf8(t->encoding);
    for (ssize_t n = 0; limit < 0 || n < limit; n++) {
        int c = read_byte(t);
        if (c == EOF) break;
        if (bb_put(&b, (char)c) < 0) goto fail;
        /* A character is complete only with its continuation bytes. */
        for (int k = chars_are_utf8 ? utf8_seq_len((unsigned char)c) : 1; k > 1; k--) {
            int d = getc(t->fp);
            if (d == EOF) break;
            if (bb_put(&b, (char)d) < 0) goto fail;
        }
        if (line && c == '\n') break;
    }
    return finish_read(S, t, &b);
fail:
    bb_free(&b);
    return NULL;
}

static PhObject *tio_read(PhState *S, PhObject *callable, PhObject *const *args, size_t nargs,
                          PhObject *kwnames)
{
    PhTextIO *t = TIO(args[0]);
    ssize_t size;
    if (size_arg(S, "read", args, nargs, kwnames, true, &size) < 0) return NULL;
    if (check_readable(S, t) < 0) return NULL;
    return read_chars(S, t, size, false);
}

static PhObject *tio_readline(PhState *S, PhObject *callable, PhObject *const *args,
                              size_t nargs, PhObject *kwnames)
{
    PhTextIO *t = TIO(args[0]);
    ssize_t size;
    if (size_arg(S, "readline", args, nargs, kwnames, false, &size) < 0) return NULL;
    if (check_readable(S, t) < 0) return NULL;
    return read_chars(S, t, size, true);
}

static ssize_t line_len(PhState *S, PhTextIO *t, PhObject *line)
{
    return t->binary ? BYTES_LEN(line) : str_len(line);
}

/* readlines(hint): lines until EOF, or until their total length reaches hint. */
static PhObject *tio_readlines(PhState *S, PhObject *callable, PhObject *const *args,
                               size_t nargs, PhObject *kwnames)
{
    PhTextIO *t = TIO(args[0]);
    ssize_t hint;
    if (size_arg(S, "readlines", args, nargs, kwnames, false, &hint) < 0) return NULL;
    if (check_readable(S, t) < 0) return NULL;
    PhObject *list = list_new(S, 0);
    if (!list) return NULL;
    ssize_t total = 0;
    for (;;) {
        PhObject *line = read_chars(S, t, -1, true);
        if (!line) goto fail;
        ssize_t n = line_len(S, t, line);
        if (n == 0) {
            DECREF(S, line);
            break;
        }
        int rc = list_append(S, list, line);
        DECREF(S, line);
        if (rc < 0) goto fail;
        total += n;
        if (hint > 0 && total >= hint) break;
    }
    return list;
fail:
    DECREF(S, list);
    return NULL;
}

/* ---- writing -------------------------------------------------------------------- */

/* Writes a str (text mode) or bytes (binary mode) object; returns the number
 * of characters (or bytes) written, or -1 with an exception. */
ssize_t textio_write_obj(PhState *S, PhObject *self, PhObject *s)
{
    PhTextIO *t = TIO(self);
    if (t->binary) {
        if (!bytes_check(s)) {
            err_format(S, &S->exc.TypeError, "a bytes-like object is required, not '%s'",
                       s->type->name);
            return -1;
        }
    } else if (!(s->type->flags & TPFLAG_UNICODE_SUBCLASS)) {
        err_format(S, &S->exc.TypeError, "write() argument must be str, not %s", s->type->name);
        return -1;
    }
    if (check_writable(S, t) < 0) return -1;
    if (t->discard) return t->binary ? BYTES_LEN(s) : str_len(s);
    const char *p;
    size_t n;
    PhObject *encoded = NULL;
    ssize_t count;
    if (t->binary) {
        p = BYTES_DATA(s);
        n = (size_t)BYTES_LEN(s);
        count = (ssize_t)n;
    } else if (is_utf8(t->encoding)) {
        p = str_as_utf8(S, s, &n);
        if (!p) return -1;
        count = str_len(s);
    } else {
        encoded = str_encode(S, s, t->encoding, "strict");
        if (!encoded) return -1;
        p = BYTES_DATA(encoded);
        n = (size_t)BYTES_LEN(encoded);
        count = str_len(s);
    }
    size_t w = n ? fwrite(p, 1, n, t->fp) : 0;
    XDECREF(S, encoded);
    if (w != n) {
        int e = errno;
        clearerr(t->fp);
        err_set_from_errno(S, e ? e : EIO, NULL);
        return -1;
    }
    return count;
}

static PhObject *tio_write(PhState *S, PhObject *callable, PhObject *const *args, size_t nargs,
                           PhObject *kwnames)
{
    if (no_kwargs(S, "write", kwnames) < 0) return NULL;
    if (nargs != 2)
        return err_format(S, &S->exc.TypeError,
                          "TextIOWrapper.write() takes exactly one argument (%zu given)",
                          nargs - 1);
    ssize_t n = textio_write_obj(S, args[0], args[1]);
    return n < 0 ? NULL : int_from_i64(S, n);
}

int textio_flush(PhState *S, PhObject *self)
{
    PhTextIO *t = TIO(self);
    if (check_open(S, t) < 0) return -1;
    if (t->writable && t->fp && fflush(t->fp) != 0) {
        int e = errno;
        clearerr(t->fp);
        err_set_from_errno(S, e ? e : EIO, NULL);
        return -1;
    }
    return 0;
}

static PhObject *tio_flush(PhState *S, PhObject *callable, PhObject *const *args, size_t nargs,
                           PhObject *kwnames)
{
    if (no_args(S, "flush", nargs, kwnames) < 0) return NULL;
    if (textio_flush(S, args[0]) < 0) return NULL;
    return ph_none(S);
}

/* ---- closing, context manager, iteration ---------------------------------------- */

static int textio_close(PhState *S, PhTextIO *t)
{
    if (!t->fp) return 0;
    FILE *fp = t->fp;
    t->fp = NULL;
    int rc = t->owns_fp ? fclose(fp) : fflush(fp);
    if (rc != 0) {
        err_set_from_errno(S, errno ? errno : EIO, NULL);
        return -1;
    }
    return 0;
}

static PhObject *tio_close(PhState *S, PhObject *callable, PhObject *const *args, size_t nargs,
                           PhObject *kwnames)
{
    if (no_args(S, "close", nargs, kwnames) < 0) return NULL;
    if (textio_close(S, TIO(args[0])) < 0) return NULL;
    return ph_none(S);
}

static PhObject *tio_enter(PhState *S, PhObject *callable, PhObject *const *args, size_t nargs,
                           PhObject *kwnames)
{
    if (no_args(S, "__enter__", nargs, kwnames) < 0) return NULL;
    if (check_open(S, TIO(args[0])) < 0) return NULL;
    INCREF(args[0]);
    return args[0];
}

static PhObject *tio_exit(PhState *S, PhObject *callable, PhObject *const *args, size_t nargs,
                          PhObject *kwnames)
{
    if (textio_close(S, TIO(args[0])) < 0) return NULL;
    return ph_none(S);
}

static PhObject *tio_iter(PhState *S, PhObject *self)
{
    if (check_open(S, TIO(self)) < 0) return NULL;
    INCREF(self);
    return self;
}

static PhObject *tio_iternext(PhState *S, PhObject *self)
{
    PhTextIO *t = TIO(self);
    if (check_readable(S, t) < 0) return NULL;
    PhObject *line = read_chars(S, t, -1, true);
    if (line && line_len(S, t, line) == 0) {
        DECREF(S, line);
        return NULL; /* exhausted, no exception */
    }
    return line;
}

static PhObject *tio_fileno(PhState *S, PhObject *callable, PhObject *const *args, size_t nargs,
                            PhObject *kwnames)
{
    if (no_args(S, "fileno", nargs, kwnames) < 0) return NULL;
    if (check_open(S, TIO(args[0])) < 0) return NULL;
    return int_from_i64(S, fileno(TIO(args[0])->fp));
}

static PhObject *tio_isatty(PhState *S, PhObject *callable, PhObject *const *args, size_t nargs,
                            PhObject *kwnames)
{
    if (no_args(S, "isatty", nargs, kwnames) < 0) return NULL;
    if (check_open(S, TIO(args[0])) < 0) return NULL;
    return ph_bool(S, isatty(fileno(TIO(args[0])->fp)));
}

static PhObject *tio_readable(PhState *S, PhObject *callable, PhObject *const *args,
                              size_t nargs, PhObject *kwnames)
{
    if (no_args(S, "readable", nargs, kwnames) < 0) return NULL;
    if (check_open(S, TIO(args[0])) < 0) return NULL;
    return ph_bool(S, TIO(args[0])->readable);
}

static PhObject *tio_writable(PhState *S, PhObject *callable, PhObject *const *args,
                              size_t nargs, PhObject *kwnames)
{
    if (no_args(S, "writable", nargs, kwnames) < 0) return NULL;
    if (check_open(S, TIO(args[0])) < 0) return NULL;
    return ph_bool(S, TIO(args[0])->writable);
}

static const PhMethodDef textio_methods[] = {
    {"read", tio_read, METH_DEFAULT, NULL},
    {"readline", tio_readline, METH_DEFAULT, NULL},
    {"readlines", tio_readlines, METH_DEFAULT, NULL},
    {"write", tio_write, METH_DEFAULT, NULL},
    {"flush", tio_flush, METH_DEFAULT, NULL},
    {"close", tio_close, METH_DEFAULT, NULL},
    {"fileno", tio_fileno, METH_DEFAULT, NULL},
    {"isatty", tio_isatty, METH_DEFAULT, NULL},
    {"readable", tio_readable, METH_DEFAULT, NULL},
    {"writable", tio_writable, METH_DEFAULT, NULL},
    {"__enter__", tio_enter, METH_DEFAULT, NULL},
    {"__exit__", tio_exit, METH_DEFAULT, NULL},
    {NULL, NULL, 0, NULL},
};

static PhObject *get_name(PhState *S, PhObject *self)
{
    INCREF(TIO(self)->name);
    return TIO(self)->name;
}
static PhObject *get_mode(PhState *S, PhObject *self) { return str_from_cstr(S, TIO(self)->mode); }
static PhObject *get_closed(PhState *S, PhObject *self) { return ph_bool(S, TIO(self)->fp == NULL); }
static PhObject *get_encoding(PhState *S, PhObject *self)
{
    return str_from_cstr(S, TIO(self)->encoding);
}

static const PhGetSetDef textio_getsets[] = {
    {"name", get_name, NULL},
    {"mode", get_mode, NULL},
    {"closed", get_closed, NULL},
    {"encoding", get_encoding, NULL},
    {NULL, NULL, NULL},
};

/* <_io.TextIOWrapper name='<stdout>' mode='w' encoding='utf-8'> */
static PhObject *textio_repr(PhState *S, PhObject *self)
{
    PhTextIO *t = TIO(self);
    if (t->binary)
        return str_from_format(S, "<_io.%s name=%R>",
                               t->readable && !t->writable ? "BufferedReader" : "BufferedWriter",
                               t->name);
    return str_from_format(S, "<_io.TextIOWrapper name=%R mode='%s' encoding='%s'>", t->name,
                           t->mode, t->encoding);
}

const PhType textio_type_template = {
    .name = "_io.TextIOWrapper",
    .basicsize = sizeof(PhTextIO),
    .dealloc = textio_dealloc,
    .repr = textio_repr,
    .iter = tio_iter,
    .iternext = tio_iternext,
    .methods = textio_methods,
    .getsets = textio_getsets,
};

/* ---- open() --------------------------------------------------------------------- */

/* Checks a mode string as io.open does and builds the fopen() mode.
 * Returns 0, or -1 with ValueError. */
static int parse_mode(PhState *S, PhObject *mode_obj, char *fmode, char *norm, bool *binary)
{
    const char *m = str_as_utf8(S, mode_obj, NULL);
    if (!m) return -1;
    int creating = 0, reading = 0, writing = 0, appending = 0, updating = 0, text = 0, bin = 0;
    for (const char *p = m; *p; p++) {
        int *flag = NULL;
        switch (*p) {
        case 'x': flag = &creating; break;
        case 'r': flag = &reading; break;
        case 'w': flag = &writing; break;
        case 'a': flag = &appending; break;
        case '+': flag = &updating; break;
        case 't': flag = &text; break;
        case 'b': flag = &bin; break;
        default: break;
        }
        if (!flag || *flag) {
            err_format(S, &S->exc.ValueError, "invalid mode: '%s'", m);
            return -1;
        }
        *flag = 1;
    }
    if (text && bin) {
        err_format(S, &S->exc.ValueError, "can't have text and binary mode at once");
        return -1;
    }
    if (creating + reading + writing + appending != 1) {
        err_format(S, &S->exc.ValueError,
                   "must have exactly one of create/read/write/append mode");
        return -1;
    }
    const char *base = creating ? "w" : reading ? "r" : writing ? "w" : "a";
    snprintf(fmode, 8, "%s%s%s%s", base, updating ? "+" : "", "b", creating ? "x" : "");
    snprintf(norm, 8, "%s%s%s", creating ? "x" : base, updating ? "+" : "", bin ? "b" : "");
    *binary = bin != 0;
    return 0;
}

static const char *const open_kwlist[] = {"file", "mode", "buffering", "encoding",
                                          "errors", "newline", "closefd", "opener"};
#define OPEN_NPARAMS 8

/* open(file, mode='r', buffering=-1, encoding=None, errors=None,
 *      newline=None, closefd=True, opener=None) */
static int open_bind(PhState *S, PhObject *const *args, size_t nargs, PhObject *kwnames,
                     PhObject **out)
{
    size_t nkw = kwnames ? (size_t)TUPLE_LEN(kwnames) : 0;
    for (int i = 0; i < OPEN_NPARAMS; i++) out[i] = NULL;
    if (nargs > OPEN_NPARAMS) {
        err_format(S, &S->exc.TypeError, "open() takes at most 8 arguments (%zu given)",
                   nargs + nkw);
        return -1;
    }
    for (size_t i = 0; i < nargs; i++) out[i] = args[i];
    for (size_t k = 0; k < nkw; k++) {
        PhObject *name = TUPLE_GET(kwnames, k);
        int found = -1;
        for (int i = 0; i < OPEN_NPARAMS; i++)
            if (str_eq_cstr(name, open_kwlist[i])) found = i;
        if (found < 0) {
            err_format(S, &S->exc.TypeError, "'%U' is an invalid keyword argument for open()",
                       name);
            return -1;
        }
        if (out[found]) {
            err_format(S, &S->exc.TypeError,
                       "argument for open() given by name ('%s') and position (%d)",
                       open_kwlist[found], found + 1);
            return -1;
        }
        out[found] = args[nargs + k];
    }
    if (!out[0]) {
        err_format(S, &S->exc.TypeError, "open() missing required argument 'file' (pos 1)");
        return -1;
    }
    return 0;
}

static bool is_str(const PhObject *o) { return (o->type->flags & TPFLAG_UNICODE_SUBCLASS) != 0; }

PhObject *textio_open(PhState *S, PhObject *callable, PhObject *const *args, size_t nargs,
                      PhObject *kwnames)
{
    PhObject *a[OPEN_NPARAMS];
    if (open_bind(S, args, nargs, kwnames, a) < 0) return NULL;
    PhObject *file = a[0];
    if (!is_str(file))
        return err_format(S, &S->exc.TypeError,
                          "expected str, bytes or os.PathLike object, not %s", file->type->name);
    char fmode[8], norm[8];
    bool binary = false;
    if (a[1] && !is_str(a[1]))
        return err_format(S, &S->exc.TypeError, "open() argument 'mode' must be str, not %s",
                          a[1]->type->name);
    if (a[1]) {
        if (parse_mode(S, a[1], fmode, norm, &binary) < 0) return NULL;
    } else {
        strcpy(fmode, "rb");
        strcpy(norm, "r");
    }
    PhObject *enc = a[3] && a[3] != PH_NONE(S) ? a[3] : NULL;
    if (enc && !is_str(enc))
        return err_format(S, &S->exc.TypeError, "open() argument 'encoding' must be str or None, not %s",
                          enc->type->name);
    if (binary && enc)
        return err_format(S, &S->exc.ValueError, "binary mode doesn't take an encoding argument");
    const char *path = str_as_utf8(S, file, NULL);
    if (!path) return NULL;
    struct stat st;
    if (stat(path, &st) == 0 && S_ISDIR(st.st_mode))
        return err_set_from_errno(S, EISDIR, file);
    FILE *fp = fopen(path, fmode);
    if (!fp) return err_set_from_errno(S, errno, file);
    PhObject *t = textio_new(S, fp, file, norm, 1);
    if (!t) {
        fclose(fp);
        return NULL;
    }
    /* Without an encoding a text file uses the locale's: UTF-8 here. */
    const char *e = enc ? str_as_utf8(S, enc, NULL) : "UTF-8";
    if (!e) {
        DECREF(S, t);
        return NULL;
    }
    snprintf(TIO(t)->encoding, sizeof TIO(t)->encoding, "%s", e);
    return t;
}
