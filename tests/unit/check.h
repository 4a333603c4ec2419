/* A minimal test harness for the C unit tests.
 *
 * Each test is a function; RUN(fn) runs it and prints "PASS name" or
 * "FAIL name: file:line: expression". tests/run_all.sh counts those lines.
 * A failed CHECK returns from the test function at once.
 */
#ifndef PH_TEST_CHECK_H
#define PH_TEST_CHECK_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int check_failed_;
static int check_total_failed_;

#define CHECK(expr)                                                            \
    do {                                                                       \
        if (!(expr)) {                                                         \
            printf("FAIL %s: %s:%d: %s\n", check_name_, __FILE__, __LINE__,    \
                   #expr);                                                     \
            check_failed_ = 1;                                                 \
            return;                                                            \
        }                                                                      \
    } while (0)

#define CHECK_EQ(a, b)                                                         \
    do {                                                                       \
        long long check_a_ = (long long)(a), check_b_ = (long long)(b);        \
        if (check_a_ != check_b_) {                                            \
            printf("FAIL %s: %s:%d: %s == %s (%lld != %lld)\n", check_name_,   \
                   __FILE__, __LINE__, #a, #b, check_a_, check_b_);            \
            check_failed_ = 1;                                                 \
            return;                                                            \
        }                                                                      \
    } while (0)

/* Each test function receives its own name for messages. */
#define TEST(name) static void name(const char *check_name_)

#define RUN(fn)                                                                \
    do {                                                                       \
        check_failed_ = 0;                                                     \
        fn(#fn);                                                               \
        if (check_failed_)                                                     \
            check_total_failed_++;                                             \
        else                                                                   \
            printf("PASS %s\n", #fn);                                          \
        fflush(stdout);                                                        \
    } while (0)

#define CHECK_EXIT() return check_total_failed_ ? 1 : 0

#endif
