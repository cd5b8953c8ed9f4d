/*
 * merge.h - `utdrag merge -o OUT DIR...`: combine the tables of several
 * runs (the shards of one batch, or separate batches) into one.
 *
 * Every DIR must come from `utdrag extract -o` with the same rules version
 * and format (its run.info says so) and have the same table headers.  The
 * runs are either all shards or all whole runs ("shard none", or an
 * earlier merge "shard merged N/N"), never a mix.  Shards must make one
 * batch: the same N, the same inputs (run.info's digest of the PATH
 * arguments resolved, so arch and ./arch agree), the same paths (the PATHs
 * as written, which the doc_ids and so the shards follow: arch and ./arch
 * do not agree), each K of 1..N exactly once.  Whole runs may come from
 * different inputs (separate batches), but not from the same inputs
 * written differently.  In each DIR, every document's rows in pairs,
 * quotes, speakers and tags must number what its documents row says (the
 * columns of those names), and a document with rows must have a
 * documents row: a mismatch ("DIR/pairs.csv: doc_id X has 0 rows,
 * DIR/documents.csv says 1") is an error.  Every problem is reported,
 * and then nothing is written; with allow_partial, missing shards alone
 * are no error: they are named in a warning and in OUT/run.info ("shard
 * partial: missing 3/4"); a partial result cannot be merged again.  Each table of OUT has
 * one header and its rows ordered by doc_id (a document's rows keep their
 * order); a document found in several DIRs is taken once, from the first
 * DIR that has it.  Cells are copied as written (no second formula
 * guard).  The tables are read into memory: merge needs about the size of
 * the tables, not of the articles.  OUT is written as extract writes a
 * folder (outdir.h): under its lock, its stale temporaries removed, the
 * five tables and run.info put in place as one unit, run.info last.
 */
/* SPDX-License-Identifier: MIT */
#ifndef MERGE_H
#define MERGE_H

#include <stdbool.h>
#include <stddef.h>

/* Returns 0 on success, 1 when allow_partial merged an incomplete set of
 * shards, 2 after reporting a mismatch or I/O error. */
int merge_run(const char *out_dir, const char *const *dirs, size_t n_dirs,
              bool allow_partial);

#endif
