/*
 * check.h - `utdrag check`: compare a document's tables with the
 * expectation stored beside it, the way CI wants it.
 *
 * The expectation of ARTICLE.EXT is the folder ARTICLE.expected/ holding
 * one TSV file per table, exactly as `utdrag extract -f tsv -o` writes
 * them.  Comparison ignores row order and the doc_id/path columns (so a
 * checkout may live anywhere); rows are paired by their key columns to
 * report a changed row as such, with each changed column from -> to.
 * Every article x table is one test case; --junit writes them as JUnit
 * XML (the schema GitLab, Jenkins and GitHub reporters read).
 *
 * A database of extract -f sqlite is checked instead for what it holds:
 * sound (SQLite's integrity and foreign key checks), consistent (the
 * counts of documents against the rows) and up to date (the rules).
 */
/* SPDX-License-Identifier: MIT */
#ifndef CHECK_H
#define CHECK_H

#include <stdbool.h>
#include <stdio.h>

#include "output.h"
#include "resolve.h"

struct arena;
struct check_run;

struct check_opts {
    bool update;                /* (re)write expectations instead */
    const char *junit;          /* JUnit XML file, or NULL */
    bool allow_stale;           /* databases: stale documents pass */
    const char *extract_opts;   /* databases: the options of the extract
                                   that updates stale documents, as
                                   " --strict", or "" */
    FILE *report;               /* where diffs and the summary go */
};

/* Caller frees with check_free().  Returns NULL after reporting if the
 * JUnit file cannot be prepared. */
struct check_run *check_new(const struct check_opts *o);
void check_free(struct check_run *cr);

/* The expectation folder of article 'path' (heap; caller frees). */
char *check_expect_dir(const char *path);

/* Compare dt with the expectation in exp_dir (or, with update, write it
 * there).  Diffs go to the report stream.  Returns false on an I/O error
 * (reported), true otherwise, whether or not the tables matched. */
bool check_article(struct check_run *cr, struct arena *a, const char *doc_id,
                   const char *exp_dir, const struct doc_tables *dt);

/* Record an article that should have an expectation but has none. */
void check_missing(struct check_run *cr, const char *doc_id,
                   const char *exp_dir);

/* Check the database 'path' (db.h: db_check()): each check is one test
 * case, and a failed one lists its problems, one a line (at most
 * CHECK_DB_LINES, then "... and N more").  'rules' is the digest extract
 * would record now; with allow_stale, stale documents are listed under
 * "note" and their check passes.  Never writes to the database.  Returns false after
 * reporting if it is no utdrag database or cannot be read to the end
 * (what was found until then is listed); true otherwise, whatever was
 * found. */
bool check_database(struct check_run *cr, const char *path,
                    const char *rules);

#define CHECK_DB_LINES 20

/* Print "N passed, N failed" and write the JUnit file.  Returns false
 * after reporting if the JUnit file could not be written. */
bool check_finish(struct check_run *cr);

/* Test cases that failed so far. */
unsigned long check_failures(const struct check_run *cr);

/* Articles compared so far (passed and failed). */
unsigned long check_count(const struct check_run *cr);

#endif
