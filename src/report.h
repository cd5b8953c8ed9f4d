/*
 * report.h - the drift report of a batch (`utdrag extract --report FILE`).
 *
 * One table, columns kind, doc_id, rule, table, line, count, text:
 *   unexplained_quote, unexplained_heading ...  per document, as they come:
 *       text that looks like a quote or a metadata block that no rule
 *       turned into a row (see resolve.h);
 *   missing_table   a document with no row in a table that most documents
 *                   of the batch (more than half of those read) fill;
 *   rule_hits       rows (or matches) per rule over the batch;
 *   rule_never_fired  a rule with no hit in the whole batch.
 * Memory stays bounded: per-document table fill is spooled to a temporary
 * file and read back at the end.
 */
/* SPDX-License-Identifier: MIT */
#ifndef REPORT_H
#define REPORT_H

#include <stdbool.h>

#include "article.h"
#include "output.h"
#include "resolve.h"
#include "rules.h"

struct report;

/* Write the report to 'path' (a trailing .csv/.tsv is replaced by the
 * format's extension).  NULL after reporting on failure. */
struct report *report_new(const char *path, const struct out_opts *oo,
                          const struct rule_set *rs);
/* Add one document; false after reporting on an I/O error. */
bool report_doc(struct report *r, const struct article *art,
                const struct doc_tables *dt);
/* Write the batch rows and close; false after reporting on failure. */
bool report_finish(struct report *r);
/* Abandon (no file is left behind) and free; NULL is a no-op.  Also frees
 * after report_finish(). */
void report_free(struct report *r);

#endif
