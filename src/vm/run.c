/* Running programs: a file, a string (-c), standard input, and the
 * interactive prompt. Each entry point returns the exit status CPython
 * would give the process:
 *   0     the program ended normally
 *   1     an uncaught exception (its traceback is printed to stderr), or
 *         SystemExit with a value that is not an int (printed to stderr)
 *   n     SystemExit(n); SystemExit() and SystemExit(None) give 0
 *   2     the script could not be opened
 *   130   an uncaught KeyboardInterrupt
 * The caller then destroys the state (ph_state_free), which runs the
 * shut-down sequence of src/vm/import.c: __del__ methods of objects alive at
 * exit run there, in CPython's order.
 */
#include "pyheap.h"

#include "compiler/compile.h"
#include "objects/abstract.h"
#include "objects/dict.h"
#include "objects/exceptions.h"
#include "objects/int.h"
#include "objects/list.h"
#include "objects/module.h"
#include "objects/str.h"
#include "objects/textio.h"
#include "vm/builtins.h"
#include "vm/errors.h"
#include "vm/eval.h"
#include "vm/state.h"

#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

void ph_set_line_reader(PhState *S, PhLineReaderFn reader, void *ctx)
{
    if (!RT(S)) return;
    RT(S)->line_reader = reader;
    RT(S)->line_reader_ctx = ctx;
}

size_t ph_allocated_blocks(PhState *S)
{
    HeapStats st;
    heap_get_stats(S->mem.heap, &st);
    return st.allocated_blocks;
}

/* ==== arguments and paths ============================================================= */

int ph_set_argv(PhState *S, int argc, char **argv)
{
    PhObject *list = list_new(S, 0);
    if (!list) goto fail;
    for (int i = 0; i < argc; i++) {
        PhObject *s = str_from_utf8(S, argv[i], strlen(argv[i]));
        if (!s) s = str_from_latin1(S, argv[i], strlen(argv[i]));
        if (!s || list_append(S, list, s) < 0) {
            XDECREF(S, s);
            goto fail;
        }
        DECREF(S, s);
    }
    if (argc == 0) {
        PhObject *s = str_from_cstr(S, "");
        if (!s || list_append(S, list, s) < 0) {
            XDECREF(S, s);
            goto fail;
        }
        DECREF(S, s);
    }
    /* sys.argv is the same list object as S->argv. */
    if (rt_sys_set(S, "argv", list) < 0) goto fail;
    CLEAR(S, S->argv);
    S->argv = list;
    return 0;
fail:
    XDECREF(S, list);
    err_clear(S);
    return -1;
}

/* sys.path[0]: the script's directory (absolute, symlinks resolved), or ''
 * for -c, standard input and the prompt. */
static void set_path0(PhState *S, const char *script)
{
    PhObject *path = rt_sys_get(S, "path");
    if (!path || !obj_type_check(path, &S->types.list) || LIST_LEN(path) == 0) return;
    char dir[PATH_MAX] = "";
    if (script) {
        char *real = realpath(script, NULL);
        if (real) {
            char *slash = strrchr(real, '/');
            if (slash == real) slash[1] = '\0';
            else if (slash) *slash = '\0';
            snprintf(dir, sizeof dir, "%s", real);
            free(real);
        }
    }
    PhObject *s = str_from_cstr(S, dir);
    if (!s) {
        err_clear(S);
        return;
    }
    PhObject *old = LIST_GET(path, 0);
    LIST_SET(path, 0, s);
    DECREF(S, old);
}

/* ==== the __main__ module ================================================================= */

/* Creates __main__ (replacing an earlier one) and registers it in
 * sys.modules; S->main_module holds it until shut-down. */
static PhObject *make_main(PhState *S, const char *file)
{
    PhObject *mod = rt_new_source_module(S, "__main__", file);
    if (!mod) return NULL;
    if (dict_setitem_str(S, S->modules, "__main__", mod) < 0) {
        DECREF(S, mod);
        return NULL;
    }
    CLEAR(S, S->main_module);
    S->main_module = mod;
    return mod;
}

/* ==== uncaught exceptions ==================================================================== */

static bool is_system_exit(PhState *S, PhObject *exc)
{
    return obj_type_check(exc, &S->exc.SystemExit);
}

/* The exit status for SystemExit (CPython's _Py_HandleSystemExit); takes
 * the exception out of the state. A message goes to sys.stderr. */
static int handle_system_exit(PhState *S)
{
    PhObject *exc = err_fetch(S);
    PhObject *code = exc_get_attr(S, exc, "code");
    if (!code) code = PH_NONE(S);
    INCREF(code);
    DECREF(S, exc); /* frames in its traceback go now, before shut-down */
    int status = 0;
    if (code == PH_NONE(S)) {
        status = 0;
    } else if (int_check(code)) {
        int overflow = 0;
        int64_t v = int_as_i64(code, &overflow);
        status = overflow ? -1 : (int)v;
    } else {
        PhObject *err = rt_sys_get(S, "stderr");
        PhObject *s = obj_str(S, code);
        if (s && err && err != PH_NONE(S) && rt_file_write(S, err, s) == 0) {
            if (rt_file_write_cstr(S, err, "\n") < 0 || rt_file_flush(S, err) < 0) err_clear(S);
        } else {
            err_clear(S);
            const char *t = s ? str_as_utf8(S, s, NULL) : NULL;
            fprintf(stderr, "%s\n", t ? t : "");
            fflush(stderr);
        }
        XDECREF(S, s);
        err_clear(S);
        status = 1;
    }
    DECREF(S, code);
    return status;
}

/* sys.last_type / last_value / last_traceback, as PyErr_Print sets them:
 * they keep the exception (and its frames) until shut-down. */
static void set_last_vars(PhState *S, PhObject *exc)
{
    PhObject *tb = ((PhBaseException *)exc)->traceback;
    if (rt_sys_set(S, "last_type", (PhObject *)exc->type) < 0 ||
        rt_sys_set(S, "last_value", exc) < 0 ||
        rt_sys_set(S, "last_traceback", tb ? tb : PH_NONE(S)) < 0)
        err_clear(S);
}

/* Prints the current exception through sys.excepthook (the built-in one
 * prints directly) and clears it. */
static void print_exception(PhState *S)
{
    PhObject *exc = err_fetch(S);
    set_last_vars(S, exc);
    PhObject *hook = rt_sys_get(S, "excepthook");
    PhObject *orig = rt_sys_get(S, "__excepthook__");
    if (hook && hook != orig && hook != PH_NONE(S)) {
        PhObject *tb = ((PhBaseException *)exc)->traceback;
        PhObject *argv[3] = {(PhObject *)exc->type, exc, tb ? tb : PH_NONE(S)};
        INCREF(hook);
        PhObject *r = obj_call(S, hook, argv, 3, NULL);
        DECREF(S, hook);
        if (r) {
            DECREF(S, r);
            DECREF(S, exc);
            return;
        }
        fflush(stdout);
        fputs("Error in sys.excepthook:\n", stderr);
        rt_err_print(S);
        fputs("\nOriginal exception was:\n", stderr);
    }
    err_restore(S, exc);
    rt_err_print(S);
}

/* The status for the exception being raised, which is printed or handled
 * and cleared. */
static int handle_exception(PhState *S)
{
    PhObject *exc = err_current(S);
    /* With -i, SystemExit is reported like any error and the prompt follows. */
    if (is_system_exit(S, exc) && !RT(S)->inspect) return handle_system_exit(S);
    bool interrupt = obj_type_check(exc, &S->exc.KeyboardInterrupt);
    print_exception(S);
    return interrupt ? 130 : 1;
}

/* ==== running source ========================================================================== */

/* Compiles and runs src in __main__'s namespace; returns the status. */
static int run_main_source(PhState *S, PhObject *mod, const char *src, size_t len,
                           const char *filename)
{
    PhObject *code = compile_source(S, src, len, filename, COMPILE_EXEC);
    if (!code) return handle_exception(S);
    PhObject *d = MODULE_DICT(mod);
    PhObject *r = eval_code(S, code, d, d);
    DECREF(S, code);
    if (!r) return handle_exception(S);
    DECREF(S, r);
    return 0;
}

/* Flushes sys.stdout and sys.stderr, as Py_FinalizeEx does first. */
static void flush_std_files(PhState *S)
{
    const char *names[2] = {"stdout", "stderr"};
    for (int i = 0; i < 2; i++) {
        PhObject *f = rt_sys_get(S, names[i]);
        if (f && f != PH_NONE(S) && rt_file_flush(S, f) < 0) err_clear(S);
    }
    fflush(stdout);
    fflush(stderr);
}

/* Runs a program held in memory as __main__; __file__ (if given) is removed
 * again at the end, as CPython's _PyRun_SimpleFileObject does. */
static int run_program(PhState *S, const char *src, size_t len, const char *filename,
                       const char *file_attr)
{
    PhObject *mod = make_main(S, file_attr);
    if (!mod) {
        int st = handle_exception(S);
        return st ? st : 1;
    }
    int status = run_main_source(S, mod, src, len, filename);
    if (file_attr) {
        PhObject *d = MODULE_DICT(mod);
        if (dict_delitem_str(S, d, "__file__") < 0) err_clear(S);
        if (dict_delitem_str(S, d, "__cached__") < 0) err_clear(S);
    }
    flush_std_files(S);
    return status;
}

/* Reads a whole stream into heap memory (NUL-terminated). */
static char *read_stream(PhState *S, FILE *fp, size_t *len)
{
    size_t cap = 8192, n = 0;
    char *buf = heap_alloc(mem_of(S)->heap, cap);
    while (buf) {
        n += fread(buf + n, 1, cap - n - 1, fp);
        if (n < cap - 1) break;
        char *nb = heap_alloc(mem_of(S)->heap, cap * 2);
        if (nb) memcpy(nb, buf, n);
        heap_free(mem_of(S)->heap, buf);
        buf = nb;
        cap *= 2;
    }
    if (buf) {
        buf[n] = '\0';
        *len = n;
    }
    return buf;
}

int ph_run_file(PhState *S, const char *path, int argc, char **argv)
{
    if (argc > 0) ph_set_argv(S, argc, argv);
    FILE *fp = fopen(path, "rb");
    if (!fp) {
        int e = errno;
        char *abs = realpath(path, NULL);
        char cwd[PATH_MAX];
        if (!abs && path[0] != '/' && getcwd(cwd, sizeof cwd))
            fprintf(stderr, "pyheap: can't open file '%s/%s': [Errno %d] %s\n", cwd, path, e,
                    strerror(e));
        else
            fprintf(stderr, "pyheap: can't open file '%s': [Errno %d] %s\n", abs ? abs : path,
                    e, strerror(e));
        free(abs);
        return 2;
    }
    struct stat st;
    if (fstat(fileno(fp), &st) == 0 && S_ISDIR(st.st_mode)) {
        /* CPython would run the directory's __main__.py; pyheap has no
         * packages, so only the message remains. */
        fclose(fp);
        char *abs = realpath(path, NULL);
        fprintf(stderr, "pyheap: can't find '__main__' module in '%s'\n", abs ? abs : path);
        free(abs);
        return 1;
    }
    size_t len = 0;
    char *src = read_stream(S, fp, &len);
    fclose(fp);
    if (!src) {
        fprintf(stderr, "pyheap: out of memory reading '%s'\n", path);
        return 1;
    }
    set_path0(S, path);
    char *abs = realpath(path, NULL);
    int status = run_program(S, src, len, path, abs ? abs : path);
    free(abs);
    heap_free(mem_of(S)->heap, src);
    return status;
}

int ph_run_string(PhState *S, const char *src, const char *filename)
{
    set_path0(S, NULL);
    return run_program(S, src, strlen(src), filename ? filename : "<string>", NULL);
}

int ph_run_stdin(PhState *S, int argc, char **argv)
{
    if (argc > 0) ph_set_argv(S, argc, argv);
    set_path0(S, NULL);
    size_t len = 0;
    char *src = read_stream(S, stdin, &len);
    if (!src) {
        fputs("pyheap: out of memory reading standard input\n", stderr);
        return 1;
    }
    int status = run_program(S, src, len, "<stdin>", "<stdin>");
    heap_free(mem_of(S)->heap, src);
    return status;
}

/* ==== the interactive prompt ===================================================================== */

/* A growable line buffer for the statement being entered. */
typedef struct Input {
    char *text;
    size_t len, cap;
} Input;

static int input_add(Input *in, const char *line)
{
    size_t n = strlen(line);
    if (in->len + n + 2 > in->cap) {
        size_t cap = (in->len + n + 2) * 2;
        char *t = realloc(in->text, cap);
        if (!t) return -1;
        in->text = t;
        in->cap = cap;
    }
    memcpy(in->text + in->len, line, n);
    in->len += n;
    in->text[in->len++] = '\n';
    in->text[in->len] = '\0';
    return 0;
}

/* sys.ps1 / sys.ps2 as text (str() of whatever they hold). */
static char *prompt_text(PhState *S, const char *which, const char *dflt)
{
    PhObject *p = rt_sys_get(S, which);
    PhObject *s = p ? obj_str(S, p) : NULL;
    const char *t = s ? str_as_utf8(S, s, NULL) : NULL;
    char *r = strdup(t ? t : dflt);
    XDECREF(S, s);
    if (err_occurred(S)) err_clear(S);
    return r;
}

/* One line without its newline (malloc'd), or NULL at end of input. */
static char *read_line(PhState *S, const char *prompt, int *interrupted)
{
    *interrupted = 0;
    if (RT(S)->line_reader && isatty(fileno(stdin)))
        return RT(S)->line_reader(prompt, interrupted, RT(S)->line_reader_ctx);
    fputs(prompt, stderr);
    fflush(stderr);
    size_t cap = 256, n = 0;
    char *buf = malloc(cap);
    if (!buf) return NULL;
    int c;
    while ((c = getc(stdin)) != EOF && c != '\n') {
        if (n + 1 >= cap) {
            char *nb = realloc(buf, cap *= 2);
            if (!nb) break;
            buf = nb;
        }
        buf[n++] = (char)c;
    }
    if (c == EOF && n == 0) {
        clearerr(stdin);
        free(buf);
        return NULL;
    }
    buf[n] = '\0';
    return buf;
}

static bool is_blank(const char *line)
{
    for (; *line; line++)
        if (*line != ' ' && *line != '\t' && *line != '\r' && *line != '\f') return *line == '#';
    return true;
}

/* Does the SyntaxError raised for the text so far mean "the statement
 * goes on" rather than "this is wrong"? (CPython's tokenizer asks for more
 * input when it meets the end of the text in these states.) Clears it then. */
static bool error_means_incomplete(PhState *S, bool *block)
{
    PhObject *exc = err_current(S);
    if (!obj_type_check(exc, &S->exc.SyntaxError)) return false;
    PhObject *msg = exc_syntax_error_msg(S, exc);
    const char *m = msg ? str_as_utf8(S, msg, NULL) : NULL;
    bool incomplete = false;
    if (m) {
        *block = strstr(m, "expected an indented block") != NULL;
        incomplete = *block || strstr(m, "was never closed") ||
                     strstr(m, "unexpected EOF") || strstr(m, "unterminated triple-quoted");
    }
    XDECREF(S, msg);
    if (incomplete) err_clear(S);
    else if (!m) err_clear(S);
    return incomplete;
}

/* Compiles the statement entered so far. Returns the code (new reference),
 * NULL with *more set when the statement needs more lines, or NULL with a
 * SyntaxError set. */
static PhObject *compile_interactive(PhState *S, Input *in, bool *more, bool *block)
{
    *more = false;
    /* A line ending in a backslash continues on the next one. */
    if (in->len >= 2 && in->text[in->len - 2] == '\\') {
        *more = true;
        return NULL;
    }
    PhObject *code = compile_source(S, in->text, in->len, "<stdin>", COMPILE_SINGLE);
    if (code) return code;
    if (error_means_incomplete(S, block)) *more = true;
    return NULL;
}

/* Runs one compiled statement in __main__; returns -1 to go on, or an exit
 * status when SystemExit ended the session. */
static int run_interactive(PhState *S, PhObject *code)
{
    PhObject *d = MODULE_DICT(S->main_module);
    PhObject *r = eval_code(S, code, d, d);
    if (r) {
        DECREF(S, r);
    } else if (is_system_exit(S, err_current(S))) {
        return handle_system_exit(S);
    } else {
        print_exception(S);
    }
    flush_std_files(S);
    return -1;
}

void ph_set_inspect(PhState *S, int on)
{
    if (RT(S)) RT(S)->inspect = on != 0;
}

int ph_repl(PhState *S)
{
    /* After a program (-i), the prompt works in that program's __main__. */
    PhObject *mod = S->main_module ? S->main_module : make_main(S, NULL);
    if (!mod) return handle_exception(S);
    set_path0(S, NULL);
    PhObject *ps1 = str_from_cstr(S, ">>> "), *ps2 = str_from_cstr(S, "... ");
    if (!ps1 || !ps2 || rt_sys_set(S, "ps1", ps1) < 0 || rt_sys_set(S, "ps2", ps2) < 0)
        err_clear(S);
    XDECREF(S, ps1);
    XDECREF(S, ps2);
    RT(S)->interactive = 1;
    Input in = {NULL, 0, 0};
    bool in_block = false; /* inside a compound statement: a blank line ends it */
    int status = 0;
    for (;;) {
        char *prompt = prompt_text(S, in.len ? "ps2" : "ps1", in.len ? "... " : ">>> ");
        int interrupted = 0;
        char *line = read_line(S, prompt ? prompt : ">>> ", &interrupted);
        free(prompt);
        if (interrupted) {
            free(line);
            fputs("\nKeyboardInterrupt\n", stderr);
            in.len = 0;
            in_block = false;
            continue;
        }
        if (!line) { /* Ctrl-D */
            fputc('\n', stderr);
            break;
        }
        bool blank = is_blank(line);
        if (in.len == 0 && blank) {
            free(line);
            continue;
        }
        int rc = input_add(&in, line);
        free(line);
        if (rc < 0) break;
        if (in_block && !blank) continue;
        if (in.len && in.text[0] == '@' && !blank) { /* a decorator: its def follows */
            in_block = true;
            continue;
        }
        bool more = false, block = false;
        PhObject *code = compile_interactive(S, &in, &more, &block);
        if (more) {
            if (block) in_block = true;
            if (!blank || !in_block) continue;
            /* A blank line after an incomplete block: report the error. */
            code = compile_source(S, in.text, in.len, "<stdin>", COMPILE_SINGLE);
        } else if (code && in_block && !blank) {
            DECREF(S, code);
            continue;
        }
        in.len = 0;
        in_block = false;
        if (!code) {
            print_exception(S);
            continue;
        }
        int st = run_interactive(S, code);
        DECREF(S, code);
        if (st >= 0) {
            status = st;
            break;
        }
    }
    free(in.text);
    RT(S)->interactive = 0;
    flush_std_files(S);
    return status;
}
