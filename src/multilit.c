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

struct multilit {
    uint8_t cls[256];           /* byte -> class */
    size_t n_cls;
    size_t n_states;
    uint32_t *delta;            /* n_states x n_cls: the next state's row
                                   (state * n_cls) */
    uint32_t out_start;         /* rows from here on end some word */
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
            uint32_t via_fail = ml->delta[fail[s] * ml->n_cls + c];
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
    /* Renumber the states so that those ending a word (directly or
     * through their fail chain) come last, from out_start on, and store
     * each edge as the row offset of its target: the scan then costs one
     * load and one comparison per byte, with no multiply and no flag. */
    if (ml->n_states * ml->n_cls >= UINT32_MAX / 2)
        xmalloc(SIZE_MAX);      /* some 30 million bytes of needs words */
    uint32_t *perm = xmalloc(ml->n_states * sizeof *perm);
    uint32_t next = 0;
    for (int pass = 0; pass < 2; pass++)
        for (size_t st = 0; st < ml->n_states; st++) {
            bool out = ml->out_head[st] >= 0 || ml->dict[st] != NONE;
            if (out == (pass == 1))
                perm[st] = next++;
            if (pass == 0 && st + 1 == ml->n_states)
                ml->out_start = next * (uint32_t)ml->n_cls;
        }
    uint32_t *delta = xmalloc(ml->n_states * ml->n_cls * sizeof *delta);
    int32_t *out_head = xmalloc(ml->n_states * sizeof *out_head);
    uint32_t *dict = xmalloc(ml->n_states * sizeof *dict);
    for (size_t st = 0; st < ml->n_states; st++) {
        for (size_t c = 0; c < ml->n_cls; c++)
            delta[perm[st] * ml->n_cls + c] =
                perm[ml->delta[st * ml->n_cls + c]] * (uint32_t)ml->n_cls;
        out_head[perm[st]] = ml->out_head[st];
        dict[perm[st]] = ml->dict[st] == NONE ? NONE : perm[ml->dict[st]];
    }
    free(ml->delta);
    free(ml->out_head);
    free(ml->dict);
    ml->delta = delta;
    ml->out_head = out_head;
    ml->dict = dict;
    free(perm);
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
    const uint32_t ends = ml->out_start;
    struct found *f = NULL;
    size_t nf = 0, cap = 0;
    uint32_t st = 0;

    size_t i = 0;
    for (;;) {
        /* Four bytes a round while no word ends; then one at a time. */
        while (i + 4 <= len) {
            uint32_t s1 = delta[st + cls[p[i]]];
            if (s1 >= ends) {
                st = s1;
                goto found;
            }
            uint32_t s2 = delta[s1 + cls[p[i + 1]]];
            if (s2 >= ends) {
                st = s2;
                i += 1;
                goto found;
            }
            uint32_t s3 = delta[s2 + cls[p[i + 2]]];
            if (s3 >= ends) {
                st = s3;
                i += 2;
                goto found;
            }
            st = delta[s3 + cls[p[i + 3]]];
            if (st >= ends) {
                i += 3;
                goto found;
            }
            i += 4;
        }
        for (; i < len; i++) {
            st = delta[st + cls[p[i]]];
            if (st >= ends)
                goto found;
        }
        break;
found:
        for (uint32_t q = st / (uint32_t)ncls; q != NONE; q = ml->dict[q])
            for (int32_t w = ml->out_head[q]; w >= 0; w = ml->word_next[w]) {
                if (nf == cap) {
                    size_t ncap = cap ? cap * 2 : 64;
                    f = arena_grow(a, f, cap, ncap, sizeof *f);
                    cap = ncap;
                }
                f[nf++] = (struct found){(uint32_t)w, i};
            }
        i++;
    }

    /* Group by word (a counting sort keeps each word's offsets in order). */
    out->first = arena_calloc(a, ml->n_words + 1, sizeof *out->first);
    out->pos = arena_alloc(a, (nf ? nf : 1) * sizeof *out->pos);
    for (size_t k = 0; k < nf; k++)
        out->first[f[k].word + 1]++;
    for (size_t w = 0; w < ml->n_words; w++)
        out->first[w + 1] += out->first[w];
    size_t *fill = arena_alloc(a, (ml->n_words + 1) * sizeof *fill);
    memcpy(fill, out->first, (ml->n_words + 1) * sizeof *fill);
    for (size_t k = 0; k < nf; k++)
        out->pos[fill[f[k].word]++] = f[k].end + 1 - ml->lens[f[k].word];
}
