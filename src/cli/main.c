/* pyheap command line. Until the interpreter lands, the main job is a demo
 * that drives the memory system and prints what it did. */
#include "pyheap.h"

#include "objects/int.h"
#include "objects/str.h"
#include "vm/state.h"

#include <stdio.h>
#include <string.h>

static void print_counts(PhState *S, const char *when)
{
    HeapStats st;
    heap_get_stats(S->mem.heap, &st);
    printf("%-34s arenas %zu, blocks in use %zu, bytes in blocks %zu\n", when,
           st.arenas_current, st.allocated_blocks, st.bytes_in_blocks);
}

static int demo(void)
{
    PhConfig cfg;
    ph_config_from_env(&cfg);
    PhState *S = ph_state_new(&cfg);
    if (!S) {
        fprintf(stderr, "pyheap: out of memory\n");
        return 1;
    }
    print_counts(S, "start (small ints, 1-char strs):");

    PhObject *a = int_from_i64(S, 10), *b = int_from_i64(S, 10);
    printf("int 10 twice -> same object: %s (small-int cache), refcnt %zd\n",
           a == b ? "yes" : "no", a->refcnt);
    PhObject *c = int_from_i64(S, 1000), *d = int_from_i64(S, 1000);
    printf("int 1000 twice -> same object: %s, sizeof %zu bytes\n", c == d ? "yes" : "no",
           int_sizeof(c));
    DECREF(S, a), DECREF(S, b), DECREF(S, c), DECREF(S, d);

    PhObject *s1 = str_from_cstr(S, "hello_world"), *s2 = str_from_cstr(S, "hello_world");
    printf("two 'hello_world' strings are one object: %s\n", s1 == s2 ? "yes" : "no");
    str_intern_in_place(S, &s1);
    str_intern_in_place(S, &s2);
    printf("after interning both: %s, refcnt %zd (the table's reference is not counted)\n",
           s1 == s2 ? "yes" : "no", s1->refcnt);
    DECREF(S, s1), DECREF(S, s2);

    enum { N = 200000 };
    static PhObject *many[N];
    for (int i = 0; i < N; i++) many[i] = int_from_i64(S, 1000000 + i);
    print_counts(S, "after 200,000 ints:");
    for (int i = 0; i < N; i++) DECREF(S, many[i]);
    print_counts(S, "after freeing them:");

    fputs("\n", stdout);
    fflush(stdout);
    ph_print_heap_stats(S, stdout);
    size_t leaked = ph_state_free(S);
    printf("\nshutdown: %zu blocks leaked\n", leaked);
    return leaked ? 1 : 0;
}

int main(int argc, char **argv)
{
    if (argc > 1 && strcmp(argv[1], "--version") == 0) {
        printf("pyheap %s\n", PYHEAP_VERSION);
        return 0;
    }
    return demo();
}
