/*
 * multilit.c - one pass over a text for every `needs` literal: an
 * Aho-Corasick automaton compiled to a DFA whose columns are byte classes
 * (each byte that occurs in some word is a class of its own, every other
 * byte is class 0), so the table stays small: states x classes entries
 * of 16 bits (a word set too large for that is cut into several).
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

/* The automaton holds at most this many bytes of a word: a longer word's
 * occurrences are those of its first PREFIX_MAX bytes that the rest of
 * the word follows (checked when found).  A word then adds at most this
 * many states, and a lane settles in as many bytes.  The table is built
 * at every start: the shipped rules' 3,464 needs words make 3,785 states
 * with 4 bytes (a table of about 1 MB) against 12,885 with whole words
 * (3.3 MB, a millisecond of start-up in page faults alone); the scan of
 * the benchmark corpus takes the same time either way. */
#define PREFIX_MAX 4u
/* States per automaton: its table holds state numbers in 16 bits (half
 * the table of 32-bit row offsets).  A larger word set is cut into
 * several automata, run in turn. */
#define PART_STATES 65535u
#define PART_NONE UINT16_MAX

struct part {
    uint8_t cls[256];           /* byte -> class */
    unsigned shift;             /* a row is 1 << shift entries (>= the
                                   classes) */
    size_t n_states;
    uint16_t *delta;            /* n_states rows of 1 << shift: the next
                                   state */
    uint32_t out_start;         /* states from here on end some word */
    int32_t *out_head;          /* per state: a word ending here (index
                                   in the part), or -1 */
    int32_t *word_next;         /* per word of the part: the next word
                                   ending at the same state, or -1 */
    uint16_t *dict;             /* per state: the nearest state on its fail
                                   chain that ends a word, or PART_NONE */
    size_t first;               /* the part's words are first, first + 1 ...
                                   of the whole set */
    size_t n_words;
};

struct multilit {
    struct part *parts;
    size_t n_parts;
    size_t *lens;               /* per word */
    const char **longw;         /* per word: the word (owned) if it is
                                   longer than PREFIX_MAX, else NULL */
    size_t n_words;
    size_t max_len;             /* the longest prefix in the automata */
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

static size_t prefix_len(size_t len)
{
    return len < PREFIX_MAX ? len : PREFIX_MAX;
}

/* Build pt from words[first ...]: as many as fit in PART_STATES states
 * (at least one), the count in pt->n_words. */
static void build_part(struct part *pt, const char *const *words,
                       const size_t *lens, size_t first, size_t n)
{
    size_t n_cls = 0, max_states = 1, nw = 0;

    /* The words that fit: each adds at most its prefix's length. */
    while (first + nw < n &&
           max_states + prefix_len(lens[first + nw]) <= PART_STATES) {
        const char *w = words[first + nw];
        size_t pl = prefix_len(lens[first + nw]);
        max_states += pl;
        for (size_t k = 0; k < pl; k++)
            if (!pt->cls[(unsigned char)w[k]])
                pt->cls[(unsigned char)w[k]] = (uint8_t)++n_cls;
        nw++;
    }
    n_cls++;                    /* class 0: bytes in no word */
    pt->shift = 0;
    while ((1u << pt->shift) < n_cls)
        pt->shift++;
    pt->first = first;
    pt->n_words = nw;

    /* The trie, states numbered in order of creation. */
    struct trie t = {xmalloc(max_states * sizeof *t.first),
                     xmalloc(max_states * sizeof *t.sib),
                     xmalloc(max_states * sizeof *t.cls)};
    int32_t *out_head = xmalloc(max_states * sizeof *out_head);
    pt->word_next = xmalloc((nw + 1) * sizeof *pt->word_next);
    t.first[0] = NONE;
    out_head[0] = -1;
    size_t ns = 1;
    for (size_t i = 0; i < nw; i++) {
        const char *w = words[first + i];
        uint32_t s = 0;
        for (size_t k = 0; k < prefix_len(lens[first + i]); k++) {
            uint16_t c = pt->cls[(unsigned char)w[k]];
            uint32_t x = trie_child(&t, s, c);
            if (x == NONE) {
                x = (uint32_t)ns++;
                t.first[x] = NONE;
                t.cls[x] = c;
                t.sib[x] = t.first[s];
                t.first[s] = x;
                out_head[x] = -1;
            }
            s = x;
        }
        pt->word_next[i] = out_head[s];
        out_head[s] = (int32_t)i;
    }
    pt->n_states = ns;

    /* Fail links in breadth-first order (the queue keeps that order for
     * the rows below): a state's fail state is the longest proper suffix
     * of its path that is a trie path; dict, the nearest state on the
     * fail chain that ends a word. */
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
     * their fail chain) come last, from out_start on: the scan then
     * tests one comparison per byte, with no flag. */
    uint32_t *perm = xmalloc(ns * sizeof *perm);
    uint32_t next = 0;
    for (int pass = 0; pass < 2; pass++)
        for (size_t st = 0; st < ns; st++) {
            bool out = out_head[st] >= 0 || dict[st] != NONE;
            if (out == (pass == 1))
                perm[st] = next++;
            if (pass == 0 && st + 1 == ns)
                pt->out_start = next;
        }

    /* The DFA, row by row in breadth-first order: a state's row is its
     * fail state's (a shallower state, written before) with its own
     * edges on top; the root's missing edges stay at the root.  Columns
     * past the classes are never read. */
    size_t row = (size_t)1 << pt->shift;
    pt->delta = xmap(ns * row * sizeof *pt->delta);
    for (size_t q = 0; q < qt; q++) {
        uint32_t s = queue[q];
        uint16_t *r = pt->delta + (size_t)perm[s] * row;
        if (s == 0)
            for (size_t c = 0; c < n_cls; c++)
                r[c] = (uint16_t)perm[0];
        else
            memcpy(r, pt->delta + (size_t)perm[fail[s]] * row,
                   n_cls * sizeof *r);
        for (uint32_t x = t.first[s]; x != NONE; x = t.sib[x])
            r[t.cls[x]] = (uint16_t)perm[x];
    }
    pt->out_head = xmalloc(ns * sizeof *pt->out_head);
    pt->dict = xmalloc(ns * sizeof *pt->dict);
    for (size_t st = 0; st < ns; st++) {
        pt->out_head[perm[st]] = out_head[st];
        pt->dict[perm[st]] = dict[st] == NONE ? PART_NONE
                                              : (uint16_t)perm[dict[st]];
    }
    free(perm);
    free(queue);
    free(fail);
    free(dict);
    free(out_head);
    free(t.first);
    free(t.sib);
    free(t.cls);
}

struct multilit *multilit_build(const char *const *words, const size_t *lens,
                                size_t n)
{
    struct multilit *ml = xcalloc(1, sizeof *ml);

    ml->n_words = n;
    ml->lens = xcalloc(n + 1, sizeof *ml->lens);
    ml->longw = xcalloc(n + 1, sizeof *ml->longw);
    for (size_t i = 0; i < n; i++) {
        ml->lens[i] = lens[i];
        if (prefix_len(lens[i]) > ml->max_len)
            ml->max_len = prefix_len(lens[i]);
        if (lens[i] > PREFIX_MAX) {
            char *w = xmalloc(lens[i]);
            memcpy(w, words[i], lens[i]);
            ml->longw[i] = w;
        }
    }
    size_t cap = 0;
    for (size_t first = 0; first < n || !ml->n_parts;) {
        if (ml->n_parts == cap) {
            cap = cap ? 2 * cap : 1;
            ml->parts = xreallocarray(ml->parts, cap, sizeof *ml->parts);
        }
        struct part *pt = &ml->parts[ml->n_parts++];
        memset(pt, 0, sizeof *pt);
        build_part(pt, words, lens, first, n);
        first += pt->n_words;
    }
    return ml;
}

void multilit_free(struct multilit *ml)
{
    if (!ml)
        return;
    for (size_t k = 0; k < ml->n_parts; k++) {
        struct part *pt = &ml->parts[k];
        xunmap(pt->delta, pt->n_states * ((size_t)1 << pt->shift) *
                              sizeof *pt->delta);
        free(pt->out_head);
        free(pt->word_next);
        free(pt->dict);
    }
    for (size_t i = 0; i < ml->n_words; i++)
        free((void *)(uintptr_t)ml->longw[i]);
    free(ml->longw);
    free(ml->parts);
    free(ml->lens);
    free(ml);
}

struct found {
    uint32_t word;
    size_t end;                 /* offset of the last byte of the word's
                                   prefix in the automaton */
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

/* What a lane's finds are checked against: the text, for the rest of a
 * long word. */
struct text {
    const unsigned char *p;
    size_t len;
};

/* Record the words of part pt that end at byte i in state st. */
static void lane_found(const struct multilit *ml, const struct part *pt,
                       struct arena *a, const struct text *t,
                       struct lane *l, uint32_t st, size_t i)
{
    if (i < l->from)
        return;                 /* still settling: the lane before has it */
    for (uint32_t q = st; q != PART_NONE; q = pt->dict[q])
        for (int32_t w = pt->out_head[q]; w >= 0; w = pt->word_next[w]) {
            size_t word = pt->first + (size_t)w;
            const char *lw = ml->longw[word];
            if (lw) {           /* its prefix: the rest must follow */
                size_t at = i + 1 - PREFIX_MAX, n = ml->lens[word];
                if (n > t->len - at || memcmp(t->p + at, lw, n) != 0)
                    continue;
            }
            if (l->nf == l->cap) {
                size_t ncap = l->cap ? l->cap * 2 : 64;
                l->f = arena_grow(a, l->f, l->cap, ncap, sizeof *l->f);
                l->cap = ncap;
            }
            l->f[l->nf++] = (struct found){(uint32_t)word, i};
        }
}

/* Run lane l alone from byte i in state st to its end. */
static void lane_rest(const struct multilit *ml, const struct part *pt,
                      struct arena *a, const struct text *t, struct lane *l,
                      size_t i, uint32_t st)
{
    const uint16_t *delta = pt->delta;
    const uint8_t *cls = pt->cls;
    const uint32_t ends = pt->out_start;
    const unsigned sh = pt->shift;

    for (; i < l->end; i++) {
        st = delta[(size_t)st << sh | cls[t->p[i]]];
        if (st >= ends)
            lane_found(ml, pt, a, t, l, st, i);
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

/* Run part pt over the lanes l[0..n_lanes), adding to their finds. */
static void scan_part(const struct multilit *ml, const struct part *pt,
                      struct arena *a, const struct text *t,
                      struct lane *l, size_t n_lanes)
{
    if (n_lanes != LANES) {
        lane_rest(ml, pt, a, t, &l[0], 0, 0);
        return;
    }
    /* All four lanes a step while each has bytes left (the first is
     * the shortest: it has nothing to settle). */
    static_assert(LANES == 4, "the loop below runs four lanes");
    const uint16_t *delta = pt->delta;
    const uint8_t *cls = pt->cls;
    const uint32_t ends = pt->out_start;
    const unsigned sh = pt->shift;
    size_t steps = l[0].end - l[0].start;
    for (size_t k = 1; k < LANES; k++)
        if (l[k].end - l[k].start < steps)
            steps = l[k].end - l[k].start;
    const unsigned char *p0 = t->p + l[0].start, *p1 = t->p + l[1].start;
    const unsigned char *p2 = t->p + l[2].start, *p3 = t->p + l[3].start;
    uint32_t s0 = 0, s1 = 0, s2 = 0, s3 = 0;
    for (size_t i = 0; i < steps; i++) {
        s0 = delta[(size_t)s0 << sh | cls[p0[i]]];
        s1 = delta[(size_t)s1 << sh | cls[p1[i]]];
        s2 = delta[(size_t)s2 << sh | cls[p2[i]]];
        s3 = delta[(size_t)s3 << sh | cls[p3[i]]];
        if (s0 >= ends)
            lane_found(ml, pt, a, t, &l[0], s0, l[0].start + i);
        if (s1 >= ends)
            lane_found(ml, pt, a, t, &l[1], s1, l[1].start + i);
        if (s2 >= ends)
            lane_found(ml, pt, a, t, &l[2], s2, l[2].start + i);
        if (s3 >= ends)
            lane_found(ml, pt, a, t, &l[3], s3, l[3].start + i);
    }
    const uint32_t st[LANES] = {s0, s1, s2, s3};
    for (size_t k = 0; k < LANES; k++)
        lane_rest(ml, pt, a, t, &l[k], l[k].start + steps, st[k]);
}

void multilit_scan(const struct multilit *ml, struct arena *a, const char *s,
                   size_t len, struct multilit_hits *out)
{
    const struct text t = {(const unsigned char *)s, len};
    struct lane l[LANES] = {{0}};
    size_t n_lanes = len >= LANES * LANE_MIN ? LANES : 1;

    for (size_t k = 0; k < n_lanes; k++) {
        l[k].from = len / n_lanes * k;
        l[k].end = k + 1 < n_lanes ? len / n_lanes * (k + 1) : len;
        l[k].start = l[k].from > ml->max_len ? l[k].from - ml->max_len : 0;
    }
    /* Part after part: a word's finds all come from its part, so they
     * stay in text order in the lanes. */
    for (size_t k = 0; k < ml->n_parts; k++)
        scan_part(ml, &ml->parts[k], a, &t, l, n_lanes);

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
            out->pos[out->hi[f->word]++] =
                f->end + 1 - prefix_len(ml->lens[f->word]);
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
