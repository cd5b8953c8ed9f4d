/*
 * test_arena.c - unit tests for arena.c: allocations survive until reset,
 * arena_grow copies, strings and the decimal formatter.
 */
/* SPDX-License-Identifier: MIT */
#include "arena.h"

#include <limits.h>
#include <stdio.h>
#include <string.h>

#include "check.h"

int main(void)
{
    struct arena a = {0};
    char buf[32];

    CHECK_STREQ(arena_uint(&a, 0), "0");
    CHECK_STREQ(arena_uint(&a, 7), "7");
    CHECK_STREQ(arena_uint(&a, 10), "10");
    CHECK_STREQ(arena_uint(&a, 4294967296ULL), "4294967296");
    snprintf(buf, sizeof buf, "%llu", ULLONG_MAX);
    CHECK_STREQ(arena_uint(&a, ULLONG_MAX), buf);
    for (unsigned long long v = 0; v < 100000; v += 7) {
        snprintf(buf, sizeof buf, "%llu", v);
        if (strcmp(arena_uint(&a, v), buf) != 0) {
            CHECK_STREQ(arena_uint(&a, v), buf);
            break;
        }
    }

    CHECK_STREQ(arena_printf(&a, "%s-%d", "x", 42), "x-42");
    CHECK_STREQ(arena_strndup(&a, "abcdef", 3), "abc");

    /* Many small and a few large blocks: all stay readable. */
    char *first = arena_strdup(&a, "first");
    int *big = arena_alloc(&a, 1 << 20);
    big[(1 << 18) - 1] = 5;
    int *v = arena_calloc(&a, 4, sizeof *v);
    v[3] = 9;
    int *w = arena_grow(&a, v, 4, 1000, sizeof *v);
    CHECK(w[3] == 9 && big[(1 << 18) - 1] == 5);
    CHECK_STREQ(first, "first");

    arena_reset(&a);
    CHECK_STREQ(arena_uint(&a, 123), "123");
    arena_fini(&a);

    /* Reset keeps the largest chunk while documents use a good part of
     * it, and drops it after one that used less than a quarter. */
    arena_alloc(&a, 1u << 20);
    arena_reset(&a);
    CHECK(a.total >= (1u << 20));           /* a big document: kept */
    arena_alloc(&a, 300u << 10);
    arena_reset(&a);
    CHECK(a.total >= (1u << 20));           /* 300 KiB of it used: kept */
    arena_alloc(&a, 1024);
    arena_reset(&a);
    CHECK(a.total == 0);                    /* 1 KiB used: dropped */
    arena_alloc(&a, 1024);
    arena_reset(&a);
    CHECK(a.total > 0 && a.total < (1u << 20));     /* the first chunk */
    arena_fini(&a);
    return check_done("arena");
}
