/*
 * explain.h - `utdrag explain`: one document's normalized text with every
 * rule hit marked, and what became of it (a row of which table, or why
 * none), from the same match and resolve stages extract runs.
 */
/* SPDX-License-Identifier: MIT */
#ifndef EXPLAIN_H
#define EXPLAIN_H

#include <stdbool.h>
#include <stdio.h>

#include "article.h"
#include "match.h"
#include "resolve.h"
#include "rules.h"

struct explain_opts {
    const char *rule;           /* only this rule's hits, or NULL */
    const char *table;          /* only hits bound for this table, or NULL */
    bool json;                  /* JSON for tools instead of text */
    bool color;                 /* ANSI colours (a terminal, no NO_COLOR) */
};

/* Is 'name' a table explain can filter on (documents has no hits)? */
bool explain_table_ok(const char *name);

/* Print to f the explanation of art: its normalized text, then under
 * each line the hits that start on it (rule, span, values) and their
 * fate, from dt (rows, and dt->trace: each hit's fate).  mr is NULL when
 * the document was not matched (skipped, error: said so).  False on a
 * write error. */
bool explain_print(FILE *f, const struct rule_set *rs,
                   const struct article *art, const struct match_result *mr,
                   const struct doc_tables *dt,
                   const struct explain_opts *eo);

#endif
