/* The pyheap command: python3's command line, for pyheap.
 *
 *   pyheap prog.py [args]      run a file (sys.argv = ['prog.py', args...])
 *   pyheap -c CODE [args]      run a string (sys.argv[0] == '-c')
 *   pyheap - [args]            run standard input (sys.argv[0] == '-')
 *   pyheap                     the prompt on a terminal, else standard input
 *
 * The exit status is python3's (see src/vm/run.c). With PYHEAP_CHECK_LEAKS=1
 * (always, in -DPH_DEBUG builds) heap blocks still allocated after the state
 * is destroyed are reported, and the status becomes 70: the sanitizer and
 * stress runs rely on that to prove nothing leaks.
 */
#include "pyheap.h"

#include "inspect/inspect.h"
#include "lineedit.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define LEAK_STATUS 70

static void usage_line(FILE *out, const char *prog)
{
    fprintf(out, "usage: %s [option] ... [-c cmd | file | -] [arg] ...\n", prog);
}

static void print_help(const char *prog)
{
    usage_line(stdout, prog);
    fputs("Options:\n"
          "-c cmd : program passed in as string (terminates option list)\n"
          "-h     : print this help message and exit (also -? or --help)\n"
          "-i     : inspect interactively after running script\n"
          "-q     : don't print the version banner on interactive startup\n"
          "-u     : unbuffered stdout and stderr\n"
          "-V     : print the version number and exit (also --version)\n"
          "-B, -E, -I, -s, -S : accepted for compatibility with python3; no effect\n"
          "file   : program read from script file\n"
          "-      : program read from stdin (default; interactive mode if a tty)\n"
          "arg ...: arguments passed to program in sys.argv[1:]\n"
          "\n"
          "Seeing memory (docs/inspect.md):\n"
          "--trace           : after each line, what it did to memory (on stderr)\n"
          "--trace-lines A-B : trace only lines A..B;  --trace-func NAME: only inside NAME\n"
          "--html FILE       : write a page that replays the run step by step\n"
          "--events FILE     : write every memory event as JSON lines (docs/events.md)\n"
          "--stats           : heap, collector and per-type statistics at exit (on stderr)\n"
          "\n"
          "Environment variables:\n"
          "PYHEAP_GC_STRESS=1    : run a collection at every container allocation\n"
          "PYHEAP_MALLOC_DEBUG=1 : fill freed blocks; refuse double and foreign frees\n"
          "PYHEAP_CHECK_LEAKS=1  : report heap blocks still allocated at exit (status 70)\n",
          stdout);
}

static int usage_error(const char *prog, const char *fmt, const char *what)
{
    fprintf(stderr, fmt, what);
    fputc('\n', stderr);
    usage_line(stderr, prog);
    fputs("Try `pyheap -h' for more information.\n", stderr);
    return 2;
}

typedef struct Options {
    const char *command; /* -c */
    int script;          /* index in argv of the script (or "-"), 0 if none */
    int inspect, quiet, unbuffered;
    int exit_now;        /* -h / -V handled: exit with status */
    int status;
    InspectOptions views; /* --trace, --html, --events, --stats (src/inspect) */
} Options;

/* Parses python3-style options up to the script, "-c", "-" or "--". */
static int parse_options(int argc, char **argv, Options *o)
{
    memset(o, 0, sizeof *o);
    int i = 1;
    for (; i < argc; i++) {
        const char *a = argv[i];
        if (a[0] != '-' || strcmp(a, "-") == 0) break;
        if (strcmp(a, "--") == 0) {
            i++;
            break;
        }
        if (a[1] == '-') {
            int v = inspect_parse_flag(&o->views, argc, argv, &i);
            if (v != 0) {
                if (v > 0) continue;
                o->exit_now = 1;
                o->status = 2;
                return -1;
            }
            if (strcmp(a, "--help") == 0) {
                print_help("pyheap");
                o->exit_now = 1;
                return 0;
            }
            if (strcmp(a, "--version") == 0) {
                printf("pyheap %s (Python 3.11 compatible)\n", PYHEAP_VERSION);
                o->exit_now = 1;
                return 0;
            }
            o->exit_now = 1;
            o->status = usage_error("pyheap", "unknown option %s", a);
            return -1;
        }
        for (const char *p = a + 1; *p; p++) {
            switch (*p) {
            case 'c':
                if (p[1]) o->command = p + 1;
                else if (i + 1 < argc) o->command = argv[++i];
                else {
                    o->exit_now = 1;
                    o->status = usage_error("pyheap", "Argument expected for the -%s option", "c");
                    return -1;
                }
                o->script = i; /* sys.argv starts here, with '-c' in place */
                return 0;
            case 'h':
            case '?':
                print_help("pyheap");
                o->exit_now = 1;
                return 0;
            case 'V':
                printf("pyheap %s (Python 3.11 compatible)\n", PYHEAP_VERSION);
                o->exit_now = 1;
                return 0;
            case 'i': o->inspect = 1; break;
            case 'q': o->quiet = 1; break;
            case 'u': o->unbuffered = 1; break;
            case 'B': case 'E': case 'I': case 's': case 'S': break;
            default: {
                char opt[3] = {'-', *p, '\0'};
                o->exit_now = 1;
                o->status = usage_error("pyheap", "Unknown option: %s", opt);
                return -1;
            }
            }
        }
    }
    o->script = i < argc ? i : 0;
    return 0;
}

static int env_on(const char *name)
{
    const char *v = getenv(name);
    return v && *v && strcmp(v, "0") != 0;
}

static int run(PhState *S, int argc, char **argv, const Options *o)
{
    if (o->command) {
        /* sys.argv = ['-c', args after the command...] */
        int first = o->script; /* index of the command text (or of -cTEXT) */
        int n = argc - first;
        char **av = malloc(sizeof(char *) * (size_t)(n > 0 ? n : 1));
        if (!av) return 1;
        av[0] = "-c";
        for (int k = 1; k < n; k++) av[k] = argv[first + k];
        ph_set_argv(S, n, av);
        free(av);
        int st = ph_run_string(S, o->command, "<string>");
        return o->inspect ? ph_repl(S) : st;
    }
    if (o->script) {
        const char *path = argv[o->script];
        int st;
        if (strcmp(path, "-") == 0) st = ph_run_stdin(S, argc - o->script, argv + o->script);
        else st = ph_run_file(S, path, argc - o->script, argv + o->script);
        return o->inspect && st != 2 ? ph_repl(S) : st;
    }
    if (isatty(fileno(stdin)) || o->inspect) {
        if (!o->quiet && isatty(fileno(stdin)))
            fprintf(stderr, "Python 3.11.7 (pyheap %s) on linux\n"
                            "Type \"exit()\" or press Ctrl-D to leave.\n",
                    PYHEAP_VERSION);
        return ph_repl(S);
    }
    char *empty[1] = {""};
    return ph_run_stdin(S, 1, empty);
}

int main(int argc, char **argv)
{
    Options o;
    parse_options(argc, argv, &o);
    if (o.exit_now) return o.status;
    if (o.unbuffered) {
        setvbuf(stdout, NULL, _IONBF, 0);
        setvbuf(stderr, NULL, _IONBF, 0);
    }
    PhConfig cfg;
    ph_config_from_env(&cfg);
    PhState *S = ph_state_new(&cfg);
    if (!S) {
        fputs("pyheap: cannot create the interpreter (out of memory)\n", stderr);
        return 1;
    }
    void *editor = NULL;
    if (isatty(fileno(stdin))) {
        editor = lineedit_open();
        ph_set_line_reader(S, lineedit_read, editor);
    }
    if (inspect_start(S, &o.views) < 0) {
        ph_state_free(S);
        return 2;
    }
    if (o.inspect) ph_set_inspect(S, 1);
    int status = run(S, argc, argv, &o);
    fflush(stdout);
    if (inspect_finish(S) < 0 && status == 0) status = 1;
    fflush(stderr);
    size_t leaked = ph_state_free(S);
    fflush(stdout);
    fflush(stderr);
    if (editor) lineedit_close(editor);
    int check = env_on("PYHEAP_CHECK_LEAKS");
#ifdef PH_DEBUG
    check = 1; /* debug builds always prove that nothing leaked */
#endif
    if (check && leaked > 0) {
        fprintf(stderr, "pyheap: %zu heap block%s still allocated at exit (leak)\n", leaked,
                leaked == 1 ? "" : "s");
        status = LEAK_STATUS;
    }
    return status;
}
