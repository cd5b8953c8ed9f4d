/*
 * match.h - stage 3b: run the compiled rules over one normalized document.
 *
 * For each rule, the document is cut into the rule's scope units (lines,
 * paragraphs, the whole text, or the bodies of the sections it names) and
 * every non-overlapping match in each unit becomes a hit carrying the
 * rule's named groups and `set` columns.  Matching runs under explicit
 * PCRE2 match, depth and heap limits and a JIT stack of fixed size: a rule
 * that hits a limit on a document stops for that document only, and the
 * document's result carries a message naming the rule.  Hits come in rule
 * order, except that `persons` rules run last, and only around the names
 * of quoted people (see persons_windows() in match.c).
 *
 * A struct matcher is the per-thread state (match data, JIT stack, match
 * context); the rule set itself is shared read-only.
 */
/* SPDX-License-Identifier: MIT */
#ifndef MATCH_H
#define MATCH_H

#include <stdbool.h>
#include <stddef.h>

#include "article.h"
#include "rules.h"

struct arena;
struct matcher;

/* A span of the normalized text: [start, end) byte offsets. */
struct span {
    size_t start;
    size_t end;
};

struct hit {
    const struct rule *rule;
    size_t start;               /* match start in the norm text */
    size_t end;
    size_t para;                /* index of the paragraph holding start */
    const char *col[COL__COUNT];    /* trimmed values (arena) or NULL */
    const struct gaz_entry *names;  /* a `names` rule's hit: the entry
                                       the scan found (else NULL) */
};

/* A section: a heading line and the body under it. */
struct section {
    size_t heading;             /* index into rs->headings */
    size_t line_start;          /* heading line */
    struct span body;           /* inline value or lines under it */
};

struct match_result {
    struct hit *hits;           /* by rule (persons last), then text */
    size_t n_hits;
    struct span *paras;         /* paragraphs (blank-line separated) */
    size_t n_paras;
    struct section *sections;
    size_t n_sections;
    int lang;                   /* detected language (rs->langs), or -1 */
    int *para_lang;             /* per paragraph: a language of its own
                                   where its words say so clearly (an
                                   English quote on a Swedish page), else
                                   lang; NULL: none differs */
    const char *message;        /* limit warnings, "; "-joined, or NULL */
    bool limit_hit;             /* some rule stopped on a PCRE2 limit,
                                   or the document's budget ran out */
};

/* Limits; the defaults suit articles up to a few MB.  match_limit bounds
 * one pcre2_match() call; doc_budget bounds the sum over a document's
 * calls, in the same units (0: no budget).  The sum is counted in steps:
 * a call runs under a limit of MATCH_TIER_FIRST units, then eight times
 * that, and so on up to match_limit, and each attempt that runs out is
 * charged its limit (cheap calls are charged nothing, and the count is
 * the same on every machine).  When the budget runs out, the rule being
 * run stops, with a message like a limit hit ("rule X stopped at line N:
 * the document's match budget ran out"), and the document's later rules
 * are skipped. */
struct match_limits {
    uint32_t match_limit;
    uint32_t depth_limit;
    uint32_t heap_limit_kib;
    size_t jit_stack_max;
    uint64_t doc_budget;
    /* What resolve's splits may make and cut per document (pieces,
     * bytes); past either, values are kept whole (see resolve.c). */
    uint32_t split_pieces;
    uint32_t split_bytes;
};

/* Run the `candidates` rules too (they only feed the drift report, so
 * they are off unless a report is wanted). */
void match_want_candidates(struct matcher *m, bool on);
extern const struct match_limits MATCH_LIMITS_DEFAULT;

/* Per-thread matching state for 'rs' (borrowed; must outlive it).  Caller
 * frees with match_free(). */
struct matcher *match_new(const struct rule_set *rs,
                          const struct match_limits *limits);
void match_free(struct matcher *m);

/* Run every rule over 'nt'.  Results come from 'a'. */
void match_article(struct matcher *m, struct arena *a,
                   const struct norm_text *nt, struct match_result *out);

/* Run one rule over the text s[0..len) taken as a single unit of its scope
 * (a section rule sees s as a section body).  Used by rule tests. Returns
 * false if a limit was hit. */
bool match_rule_text(struct matcher *m, struct arena *a,
                     const struct rule *r, const struct norm_text *nt,
                     struct match_result *out);

/* First match of 're' in s[0..len) at or after 'pos', under m's limits:
 * returns 1 and sets [*ms, *me), 0 for no match, or a negative PCRE2
 * error code (a limit was hit). */
int match_find(struct matcher *m, const pcre2_code *re, const char *s,
               size_t len, size_t pos, size_t *ms, size_t *me);

/* The split limits m was made with (struct match_limits). */
void match_split_limits(const struct matcher *m, size_t *pieces,
                        size_t *bytes);

/* Time each rule from now on (for --stats); times[i] is rs->rules[i]'s
 * seconds in this matcher, valid until match_free(). */
const double *match_profile(struct matcher *m);

/* Paragraph index holding byte offset 'off'. */
size_t match_para_of(const struct match_result *mr, size_t off);

#endif
