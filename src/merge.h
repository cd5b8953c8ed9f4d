/*
 * merge.h - `utdrag merge -o OUT DIR...`: combine the tables of several
 * runs (shards of one batch, or batches of one archive) into one.
 *
 * Every DIR must come from `utdrag extract -o` with the same rules version
 * and format (its run.info says so) and have the same table headers; any
 * mismatch is an error before OUT is touched.  Each table of OUT has one
 * header and its rows ordered by doc_id (a document's rows keep their
 * order); a document found in several DIRs is taken once, from the first
 * DIR that has it.  Cells are copied as written (no second formula guard).
 * The tables are read into memory: merge needs about the size of the
 * tables, not of the articles.
 */
/* SPDX-License-Identifier: MIT */
#ifndef MERGE_H
#define MERGE_H

#include <stdbool.h>
#include <stddef.h>

/* Returns 0 on success, 2 after reporting a mismatch or I/O error. */
int merge_run(const char *out_dir, const char *const *dirs, size_t n_dirs);

#endif
