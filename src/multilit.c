/*
 * multilit.c - one pass over a text for every `needs` literal: an
 * Aho-Corasick automaton compiled to a DFA whose columns are byte classes
 * (each byte that occurs in some word is a class of its own, every other
 * byte is class 0), so the table stays small: states x classes entries.
 */
/* SPDX-License-Identifier: MIT */
#include "multilit.h"

#include <assert.h>
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
    size_t max_len;             /* the longest word */
};

/* The trie as built: per state its first child and next sibling, and
 * the class of the edge into it.  Sparse: the dense table is written once,
 * row by row, when the states' final numbers are known. */
struct trie {
    uint32_t *first, *sib;
    uint16_t *cls;
};

static uint32_t trie_child(const struct trie *t, uint32_t s, uint16_t c)
{
    for (uint32_t k = t->first[s]; k != NONE; k = t->sib[k])
        if (t->cls[k] == c)
            return k;
    return NONE;
}

struct multilit *multilit_build(const char *const *words, const size_t *lens,
                                size_t n)
{
    struct multilit *ml = xcalloc(1, sizeof *ml);
    size_t max_states = 1;

    for (size_t i = 0; i < n; i++) {
        max_states += lens[i];
        if (lens[i] > ml->max_len)
            ml->max_len = lens[i];
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
    if (max_states * ml->n_cls >= UINT32_MAX / 2)
        xmalloc(SIZE_MAX);      /* some 30 million bytes of needs words */

    /* The trie, states numbered in order of creation. */
    struct trie t = {xmalloc(max_states * sizeof *t.first),
                     xmalloc(max_states * sizeof *t.sib),
                     xmalloc(max_states * sizeof *t.cls)};
    int32_t *out_head = xmalloc(max_states * sizeof *out_head);
    ml->word_next = xmalloc((n + 1) * sizeof *ml->word_next);
    t.first[0] = NONE;
    out_head[0] = -1;
    ml->n_states = 1;
    for (size_t i = 0; i < n; i++) {
        uint32_t s = 0;
        for (size_t k = 0; k < lens[i]; k++) {
            uint16_t c = ml->cls[(unsigned char)words[i][k]];
            uint32_t x = trie_child(&t, s, c);
            if (x == NONE) {
                x = (uint32_t)ml->n_states++;
                t.first[x] = NONE;
                t.cls[x] = c;
                t.sib[x] = t.first[s];
                t.first[s] = x;
                out_head[x] = -1;
            }
            s = x;
        }
        ml->word_next[i] = out_head[s];
        out_head[s] = (int32_t)i;
    }

    /* Fail links in breadth-first order (the queue keeps that order for
     * the rows below): a state's fail state is the longest proper suffix
     * of its path that is a trie path; dict, the nearest state on the
     * fail chain that ends a word. */
    size_t ns = ml->n_states;
    uint32_t *fail = xmalloc(ns * sizeof *fail);
    uint32_t *dict = xmalloc(ns * sizeof *dict);
    uint32_t *queue = xmalloc(ns * sizeof *queue);
    size_t qh = 0, qt = 0;
    fail[0] = 0;
    dict[0] = NONE;
    queue[qt++] = 0;
    while (qh < qt) {
        uint32_t s = queue[qh++];
        for (uint32_t x = t.first[s]; x != NONE; x = t.sib[x]) {
            uint32_t f = 0;
            if (s != 0) {
                for (uint32_t g = fail[s];; g = fail[g]) {
                    uint32_t y = trie_child(&t, g, t.cls[x]);
                    if (y != NONE) {
                        f = y;
                        break;
                    }
                    if (g == 0)
                        break;
                }
            }
            fail[x] = f;
            dict[x] = out_head[f] >= 0 ? f : dict[f];
            queue[qt++] = x;
        }
    }

    /* Number the states so that those ending a word (directly or through
     * their fail chain) come last, from out_start on, and store each edge
     * as the row offset of its target: the scan then costs one load and
     * one comparison per byte, with no multiply and no flag. */
    uint32_t *perm = xmalloc(ns * sizeof *perm);
    uint32_t next = 0;
    for (int pass = 0; pass < 2; pass++)
        for (size_t st = 0; st < ns; st++) {
            bool out = out_head[st] >= 0 || dict[st] != NONE;
            if (out == (pass == 1))
                perm[st] = next++;
            if (pass == 0 && st + 1 == ns)
                ml->out_start = next * (uint32_t)ml->n_cls;
        }

    /* The DFA, row by row in breadth-first order: a state's row is its
     * fail state's (a shallower state, written before) with its own
     * edges on top; the root's missing edges stay at the root. */
    size_t nc = ml->n_cls;
    ml->delta = xmalloc(ns * nc * sizeof *ml->delta);
    for (size_t q = 0; q < qt; q++) {
        uint32_t s = queue[q];
        uint32_t *row = ml->delta + (size_t)perm[s] * nc;
        if (s == 0)
            for (size_t c = 0; c < nc; c++)
                row[c] = perm[0] * (uint32_t)nc;
        else
            memcpy(row, ml->delta + (size_t)perm[fail[s]] * nc,
                   nc * sizeof *row);
        for (uint32_t x = t.first[s]; x != NONE; x = t.sib[x])
            row[t.cls[x]] = perm[x] * (uint32_t)nc;
    }
    ml->out_head = xmalloc(ns * sizeof *ml->out_head);
    ml->dict = xmalloc(ns * sizeof *ml->dict);
    for (size_t st = 0; st < ns; st++) {
        ml->out_head[perm[st]] = out_head[st];
        ml->dict[perm[st]] = dict[st] == NONE ? NONE : perm[dict[st]];
    }
    free(perm);
    free(queue);
    free(fail);
    free(dict);
    free(out_head);
    free(t.first);
    free(t.sib);
    free(t.cls);
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

/* One lane of the scan: the words that end in [from, end), found by
 * running the automaton from 'start' (at most max_len bytes before
 * 'from': by then its state is the one a run from the text's start
 * has, since a state is the longest suffix read that begins a word). */
struct lane {
    size_t start, from, end;
    struct found *f;
    size_t nf, cap;
};

/* Record the words that end at byte i in state st (a row offset). */
static void lane_found(const struct multilit *ml, struct arena *a,
                       struct lane *l, uint32_t st, size_t i)
{
    if (i < l->from)
        return;                 /* still settling: the lane before has it */
    for (uint32_t q = st / (uint32_t)ml->n_cls; q != NONE; q = ml->dict[q])
        for (int32_t w = ml->out_head[q]; w >= 0; w = ml->word_next[w]) {
            if (l->nf == l->cap) {
                size_t ncap = l->cap ? l->cap * 2 : 64;
                l->f = arena_grow(a, l->f, l->cap, ncap, sizeof *l->f);
                l->cap = ncap;
            }
            l->f[l->nf++] = (struct found){(uint32_t)w, i};
        }
}

/* Run lane l alone from byte i in state st to its end. */
static void lane_rest(const struct multilit *ml, struct arena *a,
                      const unsigned char *p, struct lane *l, size_t i,
                      uint32_t st)
{
    const uint32_t *delta = ml->delta;
    const uint8_t *cls = ml->cls;
    const uint32_t ends = ml->out_start;

    for (; i < l->end; i++) {
        st = delta[st + cls[p[i]]];
        if (st >= ends)
            lane_found(ml, a, l, st, i);
    }
}

/* The scan runs this many lanes over as many parts of a long text side
 * by side: each step of the automaton waits for the load of the step
 * before (a table of a few hundred KB, often not in the L1 cache), and
 * independent lanes overlap those waits. */
#define LANES 4
/* Texts shorter than this, per lane, run as one lane. */
#define LANE_MIN 512

/* Make h's per-word arrays empty for n_words words: sized anew for
 * another word count, else only the words of the last scan reset. */
static void hits_ready(struct multilit_hits *h, size_t n_words)
{
    if (h->n_words != n_words || !h->lo) {
        multilit_hits_fini(h);
        h->lo = xcalloc(n_words + 1, sizeof *h->lo);
        h->hi = xcalloc(n_words + 1, sizeof *h->hi);
        h->found = xmalloc((n_words + 1) * sizeof *h->found);
        h->n_words = n_words;
        return;
    }
    for (size_t j = 0; j < h->n_found; j++)
        h->lo[h->found[j]] = h->hi[h->found[j]] = 0;
    h->n_found = 0;
}

void multilit_scan(const struct multilit *ml, struct arena *a, const char *s,
                   size_t len, struct multilit_hits *out)
{
    const unsigned char *p = (const unsigned char *)s;
    const uint32_t *delta = ml->delta;
    const uint8_t *cls = ml->cls;
    const uint32_t ends = ml->out_start;
    struct lane l[LANES] = {{0}};
    size_t n_lanes = len >= LANES * LANE_MIN ? LANES : 1;

    for (size_t k = 0; k < n_lanes; k++) {
        l[k].from = len / n_lanes * k;
        l[k].end = k + 1 < n_lanes ? len / n_lanes * (k + 1) : len;
        l[k].start = l[k].from > ml->max_len ? l[k].from - ml->max_len : 0;
    }
    if (n_lanes == LANES) {
        /* All four lanes a step while each has bytes left (the first is
         * the shortest: it has nothing to settle). */
        static_assert(LANES == 4, "the loop below runs four lanes");
        size_t steps = l[0].end - l[0].start;
        uint32_t st[LANES] = {0};
        for (size_t k = 1; k < LANES; k++)
            if (l[k].end - l[k].start < steps)
                steps = l[k].end - l[k].start;
        const unsigned char *p0 = p + l[0].start, *p1 = p + l[1].start;
        const unsigned char *p2 = p + l[2].start, *p3 = p + l[3].start;
        uint32_t s0 = 0, s1 = 0, s2 = 0, s3 = 0;
        for (size_t i = 0; i < steps; i++) {
            s0 = delta[s0 + cls[p0[i]]];
            s1 = delta[s1 + cls[p1[i]]];
            s2 = delta[s2 + cls[p2[i]]];
            s3 = delta[s3 + cls[p3[i]]];
            if (s0 >= ends)
                lane_found(ml, a, &l[0], s0, l[0].start + i);
            if (s1 >= ends)
                lane_found(ml, a, &l[1], s1, l[1].start + i);
            if (s2 >= ends)
                lane_found(ml, a, &l[2], s2, l[2].start + i);
            if (s3 >= ends)
                lane_found(ml, a, &l[3], s3, l[3].start + i);
        }
        st[0] = s0;
        st[1] = s1;
        st[2] = s2;
        st[3] = s3;
        for (size_t k = 0; k < LANES; k++)
            lane_rest(ml, a, p, &l[k], l[k].start + steps, st[k]);
    } else {
        lane_rest(ml, a, p, &l[0], 0, 0);
    }

    /* Group by word, with a counting sort over the words found: count
     * each word's finds in hi[word], give each its range of pos, then
     * place the finds in text order (the lanes' finds, one after the
     * other, are in text order), hi[word] moving to its range's end.  A
     * word's first find also lists it in found[]. */
    size_t nf = 0;
    for (size_t k = 0; k < n_lanes; k++)
        nf += l[k].nf;
    hits_ready(out, ml->n_words);
    out->pos = arena_alloc(a, (nf ? nf : 1) * sizeof *out->pos);
    for (size_t k = 0; k < n_lanes; k++)
        for (size_t j = 0; j < l[k].nf; j++)
            if (out->hi[l[k].f[j].word]++ == 0)
                out->found[out->n_found++] = l[k].f[j].word;
    size_t at = 0;
    for (size_t j = 0; j < out->n_found; j++) {
        size_t w = out->found[j];
        out->lo[w] = at;
        at += out->hi[w];
        out->hi[w] = out->lo[w];
    }
    for (size_t k = 0; k < n_lanes; k++)
        for (size_t j = 0; j < l[k].nf; j++) {
            const struct found *f = &l[k].f[j];
            out->pos[out->hi[f->word]++] = f->end + 1 - ml->lens[f->word];
        }
    for (size_t k = 0; k < n_lanes; k++)
        arena_free(a, l[k].f);          /* a long text's are blocks */
}

void multilit_hits_fini(struct multilit_hits *h)
{
    free(h->lo);
    free(h->hi);
    free(h->found);
    memset(h, 0, sizeof *h);
}
