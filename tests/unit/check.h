/*
 * check.h - the smallest test harness: CHECK, CHECK_STREQ, CHECK_MEMEQ and
 * check_done(), which prints "N passed, N failed" and returns the exit code.
 */
/* SPDX-License-Identifier: MIT */
#ifndef CHECK_H
#define CHECK_H

#include <stdio.h>
#include <string.h>

static int check_pass, check_fail;

#define CHECK(cond)                                                        \
    do {                                                                   \
        if (cond) {                                                        \
            check_pass++;                                                  \
        } else {                                                           \
            check_fail++;                                                  \
            fprintf(stderr, "%s:%d: CHECK failed: %s\n", __FILE__,         \
                    __LINE__, #cond);                                      \
        }                                                                  \
    } while (0)

#define CHECK_MEMEQ(got, got_len, want, want_len, what)                    \
    do {                                                                   \
        if ((got_len) == (want_len) &&                                     \
            memcmp((got), (want), (want_len)) == 0) {                      \
            check_pass++;                                                  \
        } else {                                                           \
            check_fail++;                                                  \
            fprintf(stderr, "%s:%d: %s: got \"%.*s\" (%zu bytes), "        \
                    "want \"%.*s\" (%zu bytes)\n", __FILE__, __LINE__,     \
                    (what), (int)(got_len), (const char *)(got),           \
                    (size_t)(got_len), (int)(want_len),                    \
                    (const char *)(want), (size_t)(want_len));             \
        }                                                                  \
    } while (0)

#define CHECK_STREQ(got, want)                                             \
    do {                                                                   \
        const char *g_ = (got), *w_ = (want);                              \
        if (g_ && w_ && strcmp(g_, w_) == 0) {                             \
            check_pass++;                                                  \
        } else {                                                           \
            check_fail++;                                                  \
            fprintf(stderr, "%s:%d: %s: got \"%s\", want \"%s\"\n",        \
                    __FILE__, __LINE__, #got, g_ ? g_ : "(null)",          \
                    w_ ? w_ : "(null)");                                   \
        }                                                                  \
    } while (0)

static inline int check_done(const char *name)
{
    printf("%s: %d passed, %d failed\n", name, check_pass, check_fail);
    return check_fail ? 1 : 0;
}

#endif
