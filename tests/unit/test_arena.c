/*
 * test_arena.c - unit tests for arena.c: allocations survive until reset,
 * arena_grow copies, large blocks, an allocation larger than a small
 * chunk, strings and the decimal formatter.
 */
/* SPDX-License-Identifier: MIT */
#include "arena.h"

#include <limits.h>
#include <stdbool.h>
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

    /* An allocation above the first chunk's size but below the large-block
     * threshold (100,000 bytes: a code-point array of a long value) gets
     * a chunk that holds it, in an empty arena and after a reset. */
    for (int round = 0; round < 2; round++) {
        struct arena e = {0};
        if (round)
            arena_reset(&e);
        unsigned char *p1 = arena_alloc(&e, 100000);
        memset(p1, 1, 100000);
        unsigned char *p2 = arena_alloc(&e, 100000);
        memset(p2, 2, 100000);
        CHECK(e.total >= 200000);
        CHECK(p1[0] == 1 && p1[99999] == 1 && p2[0] == 2 && p2[99999] == 2);
        arena_fini(&e);
    }

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
    for (int i = 0; i < 2048; i++)
        arena_alloc(&a, 1024);
    arena_reset(&a);
    CHECK(a.total >= (1u << 20));           /* a big document: kept */
    for (int i = 0; i < 300; i++)
        arena_alloc(&a, 1024);
    arena_reset(&a);
    CHECK(a.total >= (1u << 20));           /* 300 KiB of it used: kept */
    arena_alloc(&a, 1024);
    arena_reset(&a);
    CHECK(a.total == 0);                    /* 1 KiB used: dropped */
    arena_alloc(&a, 1024);
    arena_reset(&a);
    CHECK(a.total > 0 && a.total < (1u << 20));     /* the first chunk */
    arena_fini(&a);

    /* Large allocations: blocks of their own, reallocated as they grow
     * (contents kept), given back early by arena_free(), and never the
     * size of a chunk. */
    size_t n = 1000;
    long *arr = arena_alloc(&a, n * sizeof *arr);
    for (size_t i = 0; i < n; i++)
        arr[i] = (long)i;
    for (; n < (1u << 20); n *= 2) {
        arr = arena_grow(&a, arr, n, 2 * n, sizeof *arr);
        for (size_t i = n; i < 2 * n; i++)
            arr[i] = (long)i;
    }
    bool same = true;
    for (size_t i = 0; i < n; i++)
        same = same && arr[i] == (long)i;
    CHECK(same);
    CHECK(a.big_total >= n * sizeof *arr);
    CHECK(a.big_total < 2 * n * sizeof *arr);   /* no copies left behind */
    CHECK(a.total <= (1u << 20));
    char *raw = arena_alloc(&a, 10u << 20);
    memset(raw, 'x', 10u << 20);
    size_t before = a.big_total;
    arena_free(&a, raw + 1);                    /* inside a block: kept */
    CHECK(a.big_total == before);
    arena_free(&a, raw);
    CHECK(a.big_total == before - (10u << 20));
    struct arena other = {0};
    char *theirs = arena_alloc(&other, 1u << 20);
    theirs[0] = 'y';
    arena_free(&a, theirs);                     /* another arena's */
    CHECK(theirs[0] == 'y' && other.big_total >= (1u << 20));
    arena_fini(&other);
    char *small = arena_strdup(&a, "small");
    arena_free(&a, small);                      /* small: stays */
    CHECK_STREQ(small, "small");
    arena_free(&a, arr);
    CHECK(a.big_total == 0);
    arena_reset(&a);
    CHECK(a.big_total == 0 && a.total <= (1u << 20));
    arena_fini(&a);
    return check_done("arena");
}
