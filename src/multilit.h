/*
 * multilit.h - find every occurrence of a set of literals in one pass
 * (Aho-Corasick, as a DFA over byte classes).
 *
 * The rules' `needs` and `context` words are a few dozen short literals;
 * scanning a document once for all of them costs about as much as one
 * memchr-driven search for a single common word.  The automaton is built
 * once per rule set and is read-only afterwards, so threads share it.
 */
/* SPDX-License-Identifier: MIT */
#ifndef UTDRAG_MULTILIT_H
#define UTDRAG_MULTILIT_H

#include <stddef.h>
#include <stdint.h>

struct multilit;
struct arena;

/* Build the automaton of words[0..n) (lens[i] bytes each, none empty;
 * duplicates allowed, each keeps its own index).  Never fails: memory
 * exhaustion exits through xmalloc. */
struct multilit *multilit_build(const char *const *words, const size_t *lens,
                                size_t n);
void multilit_free(struct multilit *ml);

/* Every occurrence of every word in s[0..len), overlapping ones included.
 * For word i, its start offsets are pos[lo[i] .. hi[i]), in increasing
 * order (lo[i] == hi[i]: none).  found[0..n_found) are the words that
 * occur, each once, in no particular order (a text holds a few of a
 * thousand words: a caller can go through those).  pos lives in the
 * arena; lo, hi and found are the struct's own, reused by the next scan
 * (which resets only the words the last one found, not all of them:
 * most documents hold a few dozen of a rule set's two thousand words).
 * A zeroed struct is ready; multilit_hits_fini() frees it. */
struct multilit_hits {
    size_t *pos;
    size_t *lo;
    size_t *hi;
    size_t *found;
    size_t n_found;
    size_t n_words;             /* lo, hi and found are sized for these */
};

void multilit_scan(const struct multilit *ml, struct arena *a, const char *s,
                   size_t len, struct multilit_hits *out);
void multilit_hits_fini(struct multilit_hits *h);

#endif
