/*
 * test_multilit.c - unit tests for multilit.c: the one-pass literal scan
 * must report exactly what a naive search reports (every occurrence,
 * overlapping ones, prefixes and suffixes of each other, duplicate words,
 * multi-byte UTF-8), and the list of the words found, on fixed cases and
 * on seeded random texts.
 */
/* SPDX-License-Identifier: MIT */
#include "multilit.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "arena.h"
#include "check.h"

/* Does the scan of s report, for each word, exactly the naive offsets? */
static int same_as_naive(const char *const *w, const size_t *wl, size_t n,
                         const char *s, size_t len)
{
    struct arena a = {0};
    struct multilit *ml = multilit_build(w, wl, n);
    struct multilit_hits h = {0};
    int ok = 1;

    multilit_scan(ml, &a, s, len, &h);
    for (size_t i = 0; i < n && ok; i++) {
        size_t k = h.lo[i];
        for (size_t p = 0; p + wl[i] <= len; p++) {
            if (memcmp(s + p, w[i], wl[i]) != 0)
                continue;
            if (k >= h.hi[i] || h.pos[k] != p) {
                fprintf(stderr, "word %zu (%.*s): offset %zu missing\n", i,
                        (int)wl[i], w[i], p);
                ok = 0;
                break;
            }
            k++;
        }
        if (ok && k != h.hi[i]) {
            fprintf(stderr, "word %zu (%.*s): %zu extra offsets\n", i,
                    (int)wl[i], w[i], h.hi[i] - k);
            ok = 0;
        }
    }
    /* found[]: each word that occurs, once. */
    size_t n_occurring = 0;
    for (size_t i = 0; i < n; i++)
        n_occurring += h.lo[i] < h.hi[i];
    if (ok && h.n_found != n_occurring) {
        fprintf(stderr, "%zu words found, %zu occur\n", h.n_found,
                n_occurring);
        ok = 0;
    }
    for (size_t j = 0; ok && j < h.n_found; j++) {
        size_t i = h.found[j];
        for (size_t k = 0; k < j; k++)
            ok = ok && h.found[k] != i;
        ok = ok && i < n && h.lo[i] < h.hi[i];
        if (!ok)
            fprintf(stderr, "found[%zu] = %zu: repeated or absent\n", j, i);
    }
    multilit_hits_fini(&h);
    multilit_free(ml);
    arena_fini(&a);
    return ok;
}

static void test_fixed(void)
{
    static const char *const w[] = {"he", "she", "his", "hers", " och ",
                                    "och", "h", "säger", "r:\n", "he"};
    size_t wl[sizeof w / sizeof *w];
    for (size_t i = 0; i < sizeof w / sizeof *w; i++)
        wl[i] = strlen(w[i]);
    static const char *const texts[] = {
        "",
        "ushers",
        "hhhhh",
        "Falun och Kolomyia och och, säger hon. ochoch",
        "Hon sa:\nsäger:\n r:\nr:\n",
        "she sells seashells; his hers, he",
    };
    for (size_t t = 0; t < sizeof texts / sizeof *texts; t++)
        CHECK(same_as_naive(w, wl, sizeof w / sizeof *w, texts[t],
                            strlen(texts[t])));

    /* No words at all: nothing found, nothing read out of bounds. */
    CHECK(same_as_naive(NULL, NULL, 0, "abc", 3));

    /* Occurrence order and offsets, spelled out. */
    struct arena a = {0};
    static const char *const two[] = {"aa", "a"};
    const size_t twol[] = {2, 1};
    struct multilit *ml = multilit_build(two, twol, 2);
    struct multilit_hits h = {0};
    multilit_scan(ml, &a, "aaab", 4, &h);
    CHECK(h.hi[0] - h.lo[0] == 2 && h.hi[1] - h.lo[1] == 3);
    CHECK(h.pos[h.lo[0]] == 0 && h.pos[h.lo[0] + 1] == 1);
    CHECK(h.pos[h.lo[1]] == 0 && h.pos[h.lo[1] + 1] == 1 &&
          h.pos[h.lo[1] + 2] == 2);
    /* The next scan with the same struct: the words the last one found
     * and this one does not are empty again. */
    multilit_scan(ml, &a, "ba", 2, &h);
    CHECK(h.lo[0] == h.hi[0] && h.hi[1] - h.lo[1] == 1);
    CHECK(h.pos[h.lo[1]] == 1 && h.n_found == 1 && h.found[0] == 1);
    multilit_scan(ml, &a, "bbb", 3, &h);
    CHECK(h.lo[0] == h.hi[0] && h.lo[1] == h.hi[1] && h.n_found == 0);
    multilit_hits_fini(&h);
    multilit_free(ml);
    arena_fini(&a);
}

/* Random words over a small alphabet (so that they overlap a lot) against
 * random texts over the same alphabet plus bytes no word holds. */
static void test_random(void)
{
    uint32_t seed = 12345;
    static const char alpha[] = "ab ö\n";     /* ö is two bytes */
    for (int round = 0; round < 300; round++) {
        char buf[40][8];
        const char *w[40];
        size_t wl[40];
        size_t n = 1 + (size_t)(round % 40);
        for (size_t i = 0; i < n; i++) {
            seed = seed * 1103515245u + 12345u;
            size_t len = 1 + (seed >> 16) % 6;
            for (size_t k = 0; k < len; k++) {
                seed = seed * 1103515245u + 12345u;
                buf[i][k] = alpha[(seed >> 16) % (sizeof alpha - 1)];
            }
            w[i] = buf[i];
            wl[i] = len;
        }
        char text[400];
        seed = seed * 1103515245u + 12345u;
        size_t len = (seed >> 16) % sizeof text;
        for (size_t k = 0; k < len; k++) {
            seed = seed * 1103515245u + 12345u;
            unsigned r = (seed >> 16) % 8;
            text[k] = r < sizeof alpha - 1 ? alpha[r] : (char)('x' + r);
        }
        CHECK(same_as_naive(w, wl, n, text, len));
    }
}

/* Long texts, which the scan cuts into lanes run side by side: words
 * that straddle a cut, and texts of every length near the cuts. */
static void test_lanes(void)
{
    uint32_t seed = 777;
    static const char alpha[] = "ab ö\n";
    static char text[6000];
    for (int round = 0; round < 40; round++) {
        char buf[12][40];
        const char *w[12];
        size_t wl[12];
        size_t n = 1 + (size_t)(round % 12);
        for (size_t i = 0; i < n; i++) {
            seed = seed * 1103515245u + 12345u;
            /* Some words longer than any run of settling would guess. */
            size_t len = 1 + (seed >> 16) % (i == 0 ? 39 : 7);
            for (size_t k = 0; k < len; k++) {
                seed = seed * 1103515245u + 12345u;
                buf[i][k] = alpha[(seed >> 16) % 3];    /* "ab " only */
            }
            w[i] = buf[i];
            wl[i] = len;
        }
        size_t len = 2040 + (size_t)round * 97;
        for (size_t k = 0; k < len; k++) {
            seed = seed * 1103515245u + 12345u;
            unsigned r = (seed >> 16) % 8;
            text[k] = r < sizeof alpha - 1 ? alpha[r] : (char)('x' + r);
        }
        /* Long runs of one letter make the first word repeat across
         * the cuts. */
        for (size_t k = len / 4 - 50; k < len / 4 + 50; k++)
            text[k] = 'a';
        CHECK(same_as_naive(w, wl, n, text, len));
    }
}

/* Words longer than the automaton's prefix (255 bytes): found only where
 * the whole word follows, including where the text ends inside it, where
 * one differs from another after the prefix, and across lane cuts. */
static void test_long(void)
{
    static char w0[300], w1[300], w2[600], text[5000];
    for (size_t k = 0; k < sizeof w0; k++)
        w0[k] = "abc"[k % 3];
    memcpy(w1, w0, sizeof w1);
    w1[280] = 'x';                      /* w0 until byte 280 */
    for (size_t k = 0; k < sizeof w2; k++)
        w2[k] = "abc"[k % 3];           /* w0 twice: overlaps itself */
    const char *w[] = {w0, w1, w2, "abc", w0};
    const size_t wl[] = {sizeof w0, sizeof w1, sizeof w2, 3, 256};
    for (size_t k = 0; k < sizeof text; k++)
        text[k] = "abc"[k % 3];
    text[1000] = 'x';
    text[1300 + 280] = 'x';             /* w1 at 1300 (1300 % 3 == 1: no) */
    text[2400 + 280] = 'x';             /* w1 at 2400 (2400 % 3 == 0) */
    for (size_t len = 0; len <= sizeof text; len += 97)
        CHECK(same_as_naive(w, wl, sizeof w / sizeof *w, text, len));
    CHECK(same_as_naive(w, wl, sizeof w / sizeof *w, text, sizeof text));
}

/* More states than one automaton holds (65,535): the words are cut into
 * several automata, and every occurrence is still found, in order. */
static void test_parts(void)
{
    enum { N = 12000, L = 20, TEXT = 6000 };
    static char buf[N][L], text[TEXT];
    static const char *w[N];
    static size_t wl[N];
    uint32_t seed = 4242;
    for (size_t i = 0; i < N; i++) {
        for (size_t k = 0; k < L; k++) {
            seed = seed * 1103515245u + 12345u;
            buf[i][k] = "abcd"[(seed >> 16) % 4];
        }
        w[i] = buf[i];
        wl[i] = 4 + i % (L - 3);        /* 4 to 20 bytes */
    }
    for (size_t k = 0; k < TEXT; k++) {
        seed = seed * 1103515245u + 12345u;
        text[k] = "abcd"[(seed >> 16) % 4];
    }
    for (int j = 0; j < 200; j++) {     /* words from every part */
        seed = seed * 1103515245u + 12345u;
        size_t i = (seed >> 8) % N, at = (seed >> 4) % (TEXT - L);
        memcpy(text + at, w[i], wl[i]);
    }
    CHECK(same_as_naive(w, wl, N, text, TEXT));
    CHECK(same_as_naive(w, wl, N, text, 1000));
}

int main(void)
{
    test_fixed();
    test_random();
    test_lanes();
    test_long();
    test_parts();
    return check_done("multilit");
}
