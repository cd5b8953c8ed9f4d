/*
 * multilit.c - one pass over a text for every `needs` literal: an
 * Aho-Corasick automaton compiled to a DFA whose columns are byte classes
 * (each byte that occurs in some word is a class of its own, every other
 * byte is class 0), so the table stays small: states x classes entries.
 */
/* SPDX-License-Identifier: MIT */
#include "multilit.h"

#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "arena.h"
#include "xalloc.h"

#define NONE UINT32_MAX
/* Set in a delta entry when the state it leads to ends some word. */
#define OUT_FLAG 0x80000000u

struct multilit {
    uint8_t cls[256];           /* byte -> class */
    size_t n_cls;
    size_t n_states;
    uint32_t *delta;            /* n_states x n_cls: the next state's row
                                   (state * n_cls) | OUT_FLAG */
    int32_t *out_head;          /* per state: a word ending here, or -1 */
    int32_t *word_next;         /* per word: the next word ending at the
                                   same state, or -1 */
    uint32_t *dict;             /* per state: the nearest state on its fail
                                   chain that ends a word, or NONE */
    size_t *lens;               /* per word */
    size_t n_words;
};

struct multilit *multilit_build(const char *const *words, const size_t *lens,
                                size_t n)
{
    struct multilit *ml = xcalloc(1, sizeof *ml);
    size_t max_states = 1;

    for (size_t i = 0; i < n; i++) {
        max_states += lens[i];
        for (size_t k = 0; k < lens[i]; k++) {
            unsigned char c = (unsigned char)words[i][k];
            if (!ml->cls[c])
                ml->cls[c] = (uint8_t)++ml->n_cls;
        }
    }
    ml->n_cls++;                /* class 0: bytes in no word */
    ml->n_words = n;
    ml->lens = xcalloc(n + 1, sizeof *ml->lens);
    if (n)
        memcpy(ml->lens, lens, n * sizeof *lens);
    ml->delta = xcalloc(max_states * ml->n_cls, sizeof *ml->delta);
    ml->out_head = xmalloc(max_states * sizeof *ml->out_head);
    ml->word_next = xmalloc((n + 1) * sizeof *ml->word_next);
    ml->dict = xmalloc(max_states * sizeof *ml->dict);
    for (size_t i = 0; i < max_states * ml->n_cls; i++)
        ml->delta[i] = NONE;
    for (size_t i = 0; i < max_states; i++) {
        ml->out_head[i] = -1;
        ml->dict[i] = NONE;
    }

    /* The trie. */
    ml->n_states = 1;
    for (size_t i = 0; i < n; i++) {
        uint32_t s = 0;
        for (size_t k = 0; k < lens[i]; k++) {
            uint32_t *e = &ml->delta[s * ml->n_cls +
                                     ml->cls[(unsigned char)words[i][k]]];
            if (*e == NONE)
                *e = (uint32_t)ml->n_states++;
            s = *e;
        }
        ml->word_next[i] = ml->out_head[s];
        ml->out_head[s] = (int32_t)i;
    }

    /* Fail links in breadth-first order, turning the trie into a DFA:
     * a missing edge goes where the fail state's edge goes. */
    uint32_t *fail = xcalloc(ml->n_states, sizeof *fail);
    uint32_t *queue = xmalloc(ml->n_states * sizeof *queue);
    size_t qh = 0, qt = 0;
    for (size_t c = 0; c < ml->n_cls; c++) {
        uint32_t *e = &ml->delta[c];
        if (*e == NONE) {
            *e = 0;
        } else {
            fail[*e] = 0;
            queue[qt++] = *e;
        }
    }
    while (qh < qt) {
        uint32_t s = queue[qh++];
        for (size_t c = 0; c < ml->n_cls; c++) {
            uint32_t *e = &ml->delta[s * ml->n_cls + c];
            uint32_t via_fail = ml->delta[fail[s] * ml->n_cls + c] & ~OUT_FLAG;
            if (*e == NONE) {
                *e = via_fail;
                continue;
            }
            uint32_t t = *e;
            fail[t] = via_fail;
            ml->dict[t] = ml->out_head[via_fail] >= 0 ? via_fail
                                                      : ml->dict[via_fail];
            queue[qt++] = t;
        }
    }
    /* Store each edge as the row offset of its target (no multiply in
     * the scan), flagged if the target ends a word (directly or through
     * its fail chain), so that the scan tests one bit per byte. */
    if (ml->n_states * ml->n_cls >= OUT_FLAG) {
        /* Offsets would reach the flag bit: some 30 million bytes of
         * needs words.  Cannot happen with rule files of sane size. */
        xmalloc(SIZE_MAX);
    }
    for (size_t i = 0; i < ml->n_states * ml->n_cls; i++) {
        uint32_t t = ml->delta[i];
        ml->delta[i] = t * (uint32_t)ml->n_cls;
        if (ml->out_head[t] >= 0 || ml->dict[t] != NONE)
            ml->delta[i] |= OUT_FLAG;
    }
    free(queue);
    free(fail);
    return ml;
}

void multilit_free(struct multilit *ml)
{
    if (!ml)
        return;
    free(ml->delta);
    free(ml->out_head);
    free(ml->word_next);
    free(ml->dict);
    free(ml->lens);
    free(ml);
}

struct found {
    uint32_t word;
    size_t end;                 /* offset of the word's last byte */
};

void multilit_scan(const struct multilit *ml, struct arena *a, const char *s,
                   size_t len, struct multilit_hits *out)
{
    const unsigned char *p = (const unsigned char *)s;
    const uint32_t *delta = ml->delta;
    const uint8_t *cls = ml->cls;
    const size_t ncls = ml->n_cls;
    struct found *f = NULL;
    size_t nf = 0, cap = 0;
    uint32_t st = 0;

    for (size_t i = 0; i < len; i++) {
        st = delta[(st & ~OUT_FLAG) + cls[p[i]]];
        if (!(st & OUT_FLAG))
            continue;
        for (uint32_t q = (st & ~OUT_FLAG) / (uint32_t)ncls; q != NONE;
             q = ml->dict[q])
            for (int32_t w = ml->out_head[q]; w >= 0; w = ml->word_next[w]) {
                if (nf == cap) {
                    size_t ncap = cap ? cap * 2 : 64;
                    f = arena_grow(a, f, cap, ncap, sizeof *f);
                    cap = ncap;
                }
                f[nf++] = (struct found){(uint32_t)w, i};
            }
    }

    /* Group by word (a counting sort keeps each word's offsets in order). */
    out->first = arena_calloc(a, ml->n_words + 1, sizeof *out->first);
    out->pos = arena_alloc(a, (nf ? nf : 1) * sizeof *out->pos);
    for (size_t i = 0; i < nf; i++)
        out->first[f[i].word + 1]++;
    for (size_t w = 0; w < ml->n_words; w++)
        out->first[w + 1] += out->first[w];
    size_t *fill = arena_alloc(a, (ml->n_words + 1) * sizeof *fill);
    memcpy(fill, out->first, (ml->n_words + 1) * sizeof *fill);
    for (size_t i = 0; i < nf; i++)
        out->pos[fill[f[i].word]++] = f[i].end + 1 - ml->lens[f[i].word];
}
