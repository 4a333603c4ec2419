/* Line editing through readline or libedit, loaded with dlopen.
 *
 * The callback interface is used (rl_callback_handler_install and
 * rl_callback_read_char driven by select), as CPython's readline module
 * does: the library never installs signal handlers of its own, and Ctrl-C
 * interrupts select() so the line can be abandoned cleanly, with the
 * terminal restored, and the prompt shown again.
 *
 * Lines are returned in malloc memory, not in the interpreter's heap: they
 * belong to the terminal, not to the Python program being inspected.
 */
#include "lineedit.h"

#include <dlfcn.h>
#include <errno.h>
#include <locale.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/select.h>
#include <unistd.h>

typedef struct LineEdit {
    void *lib; /* NULL: plain stdio */
    void (*install)(const char *prompt, void (*handler)(char *));
    void (*read_char)(void);
    void (*remove)(void);
    void (*add_history)(const char *);
    int (*read_history)(const char *);
    int (*write_history)(const char *);
    void (*free_line_state)(void);     /* optional */
    void (*cleanup_after_signal)(void);/* optional */
    void (*sigcleanup)(void);          /* optional (readline 7+) */
    char history_path[4096];
} LineEdit;

static LineEdit editor;

/* Filled by the library's line handler; only one line is read at a time. */
static char *completed_line;
static int line_done;
static volatile sig_atomic_t got_sigint;

static void on_line(char *line)
{
    completed_line = line;
    line_done = 1;
    editor.remove(); /* the prompt must not be shown again for this line */
}

static void on_sigint(int sig)
{
    (void)sig;
    got_sigint = 1;
}

static void *sym(void *lib, const char *name) { return dlsym(lib, name); }

/* Tab inserts itself (indentation) instead of completing file names. */
static void bind_tab(void *lib)
{
    int (*bind_key)(int, int (*)(int, int)) = (int (*)(int, int (*)(int, int)))sym(lib, "rl_bind_key");
    int (*insert)(int, int) = (int (*)(int, int))sym(lib, "rl_insert");
    if (bind_key && insert) bind_key('\t', insert);
}

static int load(const char *soname)
{
    void *lib = dlopen(soname, RTLD_NOW | RTLD_LOCAL);
    if (!lib) return 0;
    LineEdit *e = &editor;
    *(void **)&e->install = sym(lib, "rl_callback_handler_install");
    *(void **)&e->read_char = sym(lib, "rl_callback_read_char");
    *(void **)&e->remove = sym(lib, "rl_callback_handler_remove");
    *(void **)&e->add_history = sym(lib, "add_history");
    *(void **)&e->read_history = sym(lib, "read_history");
    *(void **)&e->write_history = sym(lib, "write_history");
    *(void **)&e->free_line_state = sym(lib, "rl_free_line_state");
    *(void **)&e->cleanup_after_signal = sym(lib, "rl_cleanup_after_signal");
    *(void **)&e->sigcleanup = sym(lib, "rl_callback_sigcleanup");
    if (!e->install || !e->read_char || !e->remove || !e->add_history) {
        dlclose(lib);
        memset(e, 0, sizeof *e);
        return 0;
    }
    int *catch_signals = sym(lib, "rl_catch_signals");
    if (catch_signals) *catch_signals = 0;
    const char **name = sym(lib, "rl_readline_name");
    if (name) *name = "python";
    bind_tab(lib);
    e->lib = lib;
    return 1;
}

void *lineedit_open(void)
{
    if (!isatty(fileno(stdin))) return &editor;
    setlocale(LC_CTYPE, ""); /* multibyte editing in UTF-8 terminals */
    if (!load("libreadline.so.8") && !load("libedit.so.2")) return &editor;
    const char *home = getenv("HOME");
    if (home && *home) {
        snprintf(editor.history_path, sizeof editor.history_path, "%s/.pyheap_history", home);
        if (editor.read_history) editor.read_history(editor.history_path);
    }
    return &editor;
}

void lineedit_close(void *ctx)
{
    LineEdit *e = ctx;
    if (!e || !e->lib) return;
    if (e->history_path[0] && e->write_history) e->write_history(e->history_path);
    /* The library stays loaded: unloading readline can run its atexit
     * handlers after their code is gone. */
    e->lib = NULL;
}

/* Without a line editor: the prompt on stdout, the line from stdin. */
static char *read_plain(const char *prompt, int *interrupted)
{
    fputs(prompt, stdout);
    fflush(stdout);
    size_t cap = 256, n = 0;
    char *buf = malloc(cap);
    if (!buf) return NULL;
    for (;;) {
        int c = getc(stdin);
        if (c == EOF) {
            if (ferror(stdin) && errno == EINTR && got_sigint) *interrupted = 1;
            clearerr(stdin);
            if (n == 0 || *interrupted) {
                free(buf);
                return NULL;
            }
            break;
        }
        if (c == '\n') break;
        if (n + 1 >= cap) {
            char *nb = realloc(buf, cap *= 2);
            if (!nb) break;
            buf = nb;
        }
        buf[n++] = (char)c;
    }
    buf[n] = '\0';
    return buf;
}

/* Abandons the line being edited after Ctrl-C (CPython's sequence). */
static void cancel_line(LineEdit *e)
{
    if (e->free_line_state) e->free_line_state();
    if (e->sigcleanup) e->sigcleanup();
    if (e->cleanup_after_signal) e->cleanup_after_signal();
    e->remove();
}

static char *read_edited(LineEdit *e, const char *prompt, int *interrupted)
{
    completed_line = NULL;
    line_done = 0;
    e->install(prompt, on_line);
    while (!line_done) {
        fd_set fds;
        FD_ZERO(&fds);
        FD_SET(fileno(stdin), &fds);
        int r = select(fileno(stdin) + 1, &fds, NULL, NULL, NULL);
        if (r < 0) {
            if (errno == EINTR && !got_sigint) continue;
            if (got_sigint) *interrupted = 1;
            cancel_line(e);
            return NULL;
        }
        e->read_char();
    }
    if (completed_line && completed_line[0]) e->add_history(completed_line);
    return completed_line;
}

char *lineedit_read(const char *prompt, int *interrupted, void *ctx)
{
    LineEdit *e = ctx;
    *interrupted = 0;
    got_sigint = 0;
    struct sigaction sa, old;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_sigint;
    sigemptyset(&sa.sa_mask);
    sa.sa_flags = 0; /* no SA_RESTART: Ctrl-C must interrupt the wait */
    sigaction(SIGINT, &sa, &old);
    fflush(stdout);
    char *line = e && e->lib ? read_edited(e, prompt, interrupted) : read_plain(prompt, interrupted);
    sigaction(SIGINT, &old, NULL);
    if (*interrupted) {
        free(line);
        return NULL;
    }
    return line;
}
