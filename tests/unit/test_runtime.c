/* The runtime through the public API: exit statuses of ph_run_string and
 * ph_run_file, sys.argv, gc callbacks on automatic collections, import, and
 * that every state is destroyed with no heap block left. */
#include "check.h"
#include "pyheap.h"

#include <stdio.h>

/* Runs src in a fresh state; returns its exit status, or -1000 - n when n
 * heap blocks were left after ph_state_free. */
static int run(const char *src)
{
    PhConfig cfg;
    ph_config_from_env(&cfg);
    PhState *S = ph_state_new(&cfg);
    if (!S) return -999;
    int status = ph_run_string(S, src, "<test>");
    fflush(stdout);
    size_t leaked = ph_state_free(S);
    return leaked ? -1000 - (int)leaked : status;
}

TEST(status_normal_end) { CHECK_EQ(run("x = [1, 2]\ny = {'a': x}\n"), 0); }

TEST(status_system_exit)
{
    CHECK_EQ(run("raise SystemExit(7)"), 7);
    CHECK_EQ(run("raise SystemExit"), 0);
    CHECK_EQ(run("import sys\nsys.exit(None)"), 0);
    CHECK_EQ(run("exit(3)"), 3);
    CHECK_EQ(run("def f():\n    quit(5)\nf()"), 5);
}

TEST(status_system_exit_message)
{
    /* A non-int code is printed to stderr and the status is 1. */
    CHECK_EQ(run("import sys\nsys.exit('message for stderr')"), 1);
}

TEST(status_uncaught_exception)
{
    CHECK_EQ(run("1/0"), 1);
    CHECK_EQ(run("raise KeyboardInterrupt"), 130);
    CHECK_EQ(run("import no_such_module_here"), 1);
}

TEST(status_syntax_error) { CHECK_EQ(run("x = = 1"), 1); }

TEST(status_exception_caught) { CHECK_EQ(run("try:\n    1/0\nexcept ZeroDivisionError:\n    pass\n"), 0); }

TEST(missing_file_is_status_2)
{
    PhState *S = ph_state_new(NULL);
    CHECK(S != NULL);
    char *argv[1] = {"/nonexistent/pyheap/test.py"};
    int status = ph_run_file(S, argv[0], 1, argv);
    CHECK_EQ(ph_state_free(S), 0);
    CHECK_EQ(status, 2);
}

TEST(argv_is_set)
{
    PhState *S = ph_state_new(NULL);
    CHECK(S != NULL);
    char *argv[3] = {"-c", "one", "two"};
    CHECK_EQ(ph_set_argv(S, 3, argv), 0);
    int status = ph_run_string(
        S, "import sys\nraise SystemExit(0 if sys.argv == ['-c', 'one', 'two'] else 9)", NULL);
    CHECK_EQ(ph_state_free(S), 0);
    CHECK_EQ(status, 0);
}

TEST(gc_callbacks_run_on_automatic_collections)
{
    CHECK_EQ(run("import gc\n"
                 "seen = []\n"
                 "gc.callbacks.append(lambda phase, info: seen.append((phase, info['generation'])))\n"
                 "gc.set_threshold(10)\n"
                 "keep = [[] for i in range(100)]\n"
                 "gc.callbacks.clear()\n"
                 "raise SystemExit(0 if ('start', 0) in seen and ('stop', 0) in seen else 9)\n"),
             0);
}

TEST(gc_garbage_is_freed_at_exit)
{
    /* DEBUG_SAVEALL keeps collected cycles in gc.garbage; shut-down frees them. */
    CHECK_EQ(run("import gc\n"
                 "gc.set_debug(gc.DEBUG_SAVEALL)\n"
                 "l = []\nl.append(l)\ndel l\n"
                 "gc.collect()\n"
                 "raise SystemExit(0 if len(gc.garbage) == 1 else 9)\n"),
             0);
}

TEST(objects_alive_at_exit_are_freed)
{
    CHECK_EQ(run("class Node:\n"
                 "    def __init__(self):\n"
                 "        self.me = self\n"
                 "    def __del__(self):\n"
                 "        pass\n"
                 "nodes = [Node() for i in range(50)]\n"
                 "import builtins, sys\n"
                 "builtins.extra = Node()\n"
                 "sys.extra = Node()\n"),
             0);
}

TEST(import_is_cached)
{
    CHECK_EQ(run("import sys, gc, time, math, operator\n"
                 "import gc as g2\n"
                 "raise SystemExit(0 if g2 is gc and sys.modules['gc'] is gc else 9)\n"),
             0);
}

TEST(getrefcount_counts_the_argument)
{
    CHECK_EQ(run("import sys\n"
                 "a = []\n"
                 "raise SystemExit(0 if (sys.getrefcount([]), sys.getrefcount(a)) == (1, 2) else 9)\n"),
             0);
}

int main(void)
{
    RUN(status_normal_end);
    RUN(status_system_exit);
    RUN(status_system_exit_message);
    RUN(status_uncaught_exception);
    RUN(status_syntax_error);
    RUN(status_exception_caught);
    RUN(missing_file_is_status_2);
    RUN(argv_is_set);
    RUN(gc_callbacks_run_on_automatic_collections);
    RUN(gc_garbage_is_freed_at_exit);
    RUN(objects_alive_at_exit_are_freed);
    RUN(import_is_cached);
    RUN(getrefcount_counts_the_argument);
    CHECK_EXIT();
}
