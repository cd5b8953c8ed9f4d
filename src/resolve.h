/*
 * resolve.h - stage 4: turn one document's hits into table rows.
 *
 * In order: value splitting (boundary patterns, gazetteer segmentation,
 * leftovers kept), filters (require/reject against lists), gazetteer
 * lookups (canonical names and codes), speaker linking (pronouns,
 * first-name or surname attributions, continuation paragraphs, roles from
 * appositions anywhere in the document), and per-document deduplication.
 * Rows are in text order.  Everything comes from the document's arena; the
 * rule set is only read.
 */
/* SPDX-License-Identifier: MIT */
#ifndef RESOLVE_H
#define RESOLVE_H

#include <stddef.h>

#include "article.h"
#include "match.h"
#include "rules.h"

struct arena;

enum out_table_id {
    T_DOCUMENTS,
    T_PAIRS,
    T_QUOTES,
    T_SPEAKERS,
    T_TAGS,
    T__COUNT,
};

struct table_schema {
    const char *name;
    const char *const *columns;
    size_t n_columns;
};

/* Output tables, header names and order exactly as documented. */
extern const struct table_schema resolve_schema[T__COUNT];

struct row_list {
    const char *const **rows;   /* rows[i][0..n_columns) */
    size_t n;
    size_t cap;
};

/* Drift-report rows: kind, doc_id, rule, table, line, count, text.  Per
 * document resolve gives "unexplained_quote" / "unexplained_heading" rows:
 * candidate text (rules of table `candidates`) that no row came from, and
 * metadata headings whose section gave no row. */
extern const struct table_schema resolve_report_schema;
enum {
    REP_KIND, REP_DOC, REP_RULE, REP_TABLE, REP_LINE, REP_COUNT, REP_TEXT,
};

/* What became of one hit (utdrag explain): its values after splits, and
 * why it gave no row (fate NULL: it gave a row, or a person's details). */
struct trace_item {
    struct hit h;
    const char *fate;
};

struct resolve_trace {
    struct trace_item *v;
    size_t n, cap;
};

struct doc_tables {
    struct row_list t[T__COUNT];
    struct row_list report;
    size_t *rule_hits;          /* per rule (rs->rules order): rows given,
                                   or matches for persons/candidates */
    struct resolve_trace *trace;    /* resolve_traced()'s trace, or NULL */
};

/* Build every table's rows for 'art' (decoded and normalized, or with a
 * status that left no text) from its match result 'mr' (NULL when the
 * document was not matched).  The documents table always gets one row.
 * mr's hits are read once, when they are expanded (splits, lookups), and
 * their array then goes back to 'a' (arena_free): mr->hits is NULL and
 * mr->n_hits 0 afterwards, so that a long article does not hold its hits
 * and their expansion at once.  The rest of mr is only read. */
void resolve_article(struct matcher *m, struct arena *a,
                     const struct rule_set *rs, const struct article *art,
                     struct match_result *mr, struct doc_tables *out);

/* resolve_article(), adding each hit's fate to tr (utdrag explain). */
void resolve_traced(struct matcher *m, struct arena *a,
                    const struct rule_set *rs, const struct article *art,
                    struct match_result *mr, struct doc_tables *out,
                    struct resolve_trace *tr);

/* Apply r's splits and filters to hits[0..n) (all from one rule) and
 * return the surviving hits in *out (arena).  Used by rule tests. */
size_t resolve_expand(struct matcher *m, struct arena *a,
                      const struct rule_set *rs, const struct hit *hits,
                      size_t n, struct hit **out);

#endif
