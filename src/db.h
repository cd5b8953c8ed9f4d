/*
 * db.h - stage 5: the five tables in one SQLite database that a run
 * brings up to date (extract -f sqlite -o FILE), and read back (export).
 *
 * Tables: documents, pairs, quotes, speakers and tags with the columns of
 * the CSV tables (resolve_schema), the counts (bytes, pairs, quotes,
 * speakers, tags, quote_no, line) as INTEGER and every other column TEXT,
 * so codes keep their leading zeros ("0180"); a count cell that is no
 * plain decimal integer (utdrag writes none) is stored as text, which
 * SQLite's INTEGER affinity still turns into a number if it looks like one
 * ("007" reads back 7).  An empty cell is NULL.  A
 * byte that is not part of valid UTF-8 is stored as "\xNN", as the CSV
 * writer writes it, so the database is valid UTF-8 and export gives the
 * CSV bytes back.  documents has doc_id as its primary key and three
 * columns more: seq (the document's place in the input order of the last
 * run that read it: export orders by it), content_hash (16 hex digits of
 * what input gave: the bytes and metadata) and rules_digest (the rules
 * and the options that change rows: see main.c).  The other four tables
 * reference documents(doc_id) and keep a document's rows in text order
 * (rowid).  Also the table run (one row per run: version, rules, time,
 * inputs, counts), indexes (pairs by swedish_code, quotes by speaker,
 * every table by doc_id; a database a run creates gets them at the end
 * of that run, built once) and views that join them (pair_quotes,
 * pair_documents, quote_speakers).
 *
 * One run is one transaction (BEGIN IMMEDIATE at db_open(), COMMIT at
 * db_commit()), in WAL mode: a run that fails or is killed, at any
 * moment, leaves the database as it was; SQLite rolls the WAL back at the
 * next open.  Pages beyond the cache go to the WAL file, so memory stays
 * bounded however large the run.  A second writer finds the database
 * locked and fails at once; readers are never blocked.
 */
/* SPDX-License-Identifier: MIT */
#ifndef DB_H
#define DB_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "resolve.h"

struct db;

/* What a run finds for one document it reads (db_seen()). */
enum db_doc {
    DB_NEW,             /* no row for its doc_id yet */
    DB_CHANGED,         /* a row with another content hash or rules */
    DB_UNCHANGED,       /* the same content and rules: nothing to redo */
    DB_REPEATED,        /* this run read its doc_id already */
    DB_FAILED,          /* an SQLite error, reported: db_write() fails */
};

/* What one run did, for --summary and the run table. */
struct db_counts {
    unsigned long added, changed, unchanged, removed, repeated;
};

/* The run table's description of a run (every string borrowed). */
struct db_run_info {
    const char *version;        /* utdrag's */
    const char *rules;          /* the rules' digest (rule_set.version) */
    const char *shard;          /* "2/4" or "none" */
    const char *inputs;         /* run.info's digests, 16 hex digits */
    const char *paths;
    const char *const *args;    /* the PATH arguments */
    size_t n_args;
};

/* Open the database 'path' for a run (created, with its tables, if it
 * does not exist) and begin the run's transaction.  'rules' (borrowed,
 * copied) is the digest a document's rows are made under.  Refuses, after
 * reporting, a file that is no SQLite database or not one of utdrag's
 * ("FILE: not a utdrag database (it has other tables)"), a database of a
 * later schema, and one another run is writing ("FILE: another process
 * is writing to this database").  A database this call created is
 * removed by a signal until db_commit() (cleanup.h).  Returns NULL after
 * reporting.  Caller ends with db_commit() or db_abort(). */
struct db *db_open(const char *path, const char *rules);

/* Open 'path' read-only (export).  NULL after reporting ("FILE: No such
 * file", not a database, not utdrag's).  Caller closes with db_abort(). */
struct db *db_open_read(const char *path);

/* A document the run read, in input order: give it the next place in
 * that order and say whether its rows must be made.  'hash' digests what
 * input gave; a document with may_skip false (read errors, retried every
 * run) is never DB_UNCHANGED.  DB_UNCHANGED keeps the rows (their place
 * is updated); DB_REPEATED (a doc_id read twice) is counted and dropped
 * by the caller.  An SQLite error is reported and returned as
 * DB_FAILED; db_write() and db_commit() then fail. */
enum db_doc db_seen(struct db *d, const char *doc_id, uint64_t hash,
                    bool may_skip);

/* Replace the rows of the document of dt (its documents row gives the
 * doc_id, which db_seen() had) by dt's.  False after reporting an SQLite
 * error (the run is then lost: db_abort()). */
bool db_write(struct db *d, const struct doc_tables *dt);

/* Remove every document (and its rows) this run did not read; *removed
 * says how many.  False after reporting. */
bool db_prune(struct db *d);

/* The counts so far. */
struct db_counts db_counts(const struct db *d);

/* Record the run in the run table, commit, and close and free d (signals
 * wait during the commit).  False after reporting (the database is then
 * left as it was).  d is freed either way. */
bool db_commit(struct db *d, const struct db_run_info *ri);

/* Roll back (the database stays as it was), close and free d.  A
 * database this run created is removed.  NULL is a no-op. */
void db_abort(struct db *d);

/* Export: call row(ctx, cells) for each row of table 'table' (T_*), in
 * the order extract would have written them (documents by seq, a
 * document's rows in text order), with the CSV columns only; cells are
 * NUL-terminated or NULL (empty), valid during the call.  Stops when
 * row() returns false (and returns false).  False after reporting. */
bool db_rows(struct db *d, int table,
             bool (*row)(void *ctx, const char *const *cells), void *ctx);

/* Export: run.info's text for the last run recorded (its version, rules,
 * shard and digests, format 'format'); caller frees.  NULL after
 * reporting if the database has no run. */
char *db_run_info(struct db *d, const char *format);

/* merge: remove every document of d (in d's transaction: a failed merge
 * leaves them), so that what d holds is what db_merge_from() adds.
 * False after reporting. */
bool db_clear(struct db *d);

/* merge: add every document of database 'src' (opened read-only) that d
 * does not have yet, with its rows, its content hash and rules digest: a
 * document in several sources comes from the first.  Merged documents
 * share place 0, so export lists them by doc_id, as merge -o DIR does.
 * Call db_clear() first.  False after reporting. */
bool db_merge_from(struct db *d, const char *src);

/* check: open 'path' strictly read-only (SQLITE_OPEN_READONLY: nothing
 * in the file changes, even its journal mode), while a run may be writing
 * to it (WAL readers see the last commit).  A database in WAL mode leaves
 * its -wal and -shm files beside it (a read-only connection cannot remove
 * them; the next run does).  NULL after reporting, as db_open_read(),
 * and for a database of a later schema.  Caller closes with db_abort(). */
struct db *db_open_check(const char *path);

/* The checks db_check() runs, in that order. */
enum db_check_case {
    DBC_INTEGRITY,      /* PRAGMA integrity_check */
    DBC_KEYS,           /* rows whose doc_id is not in documents, and the
                           rest of PRAGMA foreign_key_check */
    DBC_COUNTS,         /* documents' counts against the rows of each doc */
    DBC_RULES,          /* documents extracted with other rules */
    DBC__COUNT,
};

/* The name of a check, as check prints it ("integrity", "keys",
 * "counts", "rules"). */
const char *db_check_name(enum db_check_case c);

/* check: run the checks on d (opened with db_open_check()) and call
 * problem(ctx, case, text) for each problem found, in the order of the
 * cases; text (one line, no newline) is valid during the call.  A
 * document whose rules_digest is not 'rules' (what extract would record
 * now: see main.c) is stale; the stale ones give one problem, their
 * count ("3 of 40 documents were extracted with other rules").  When integrity_check finds problems (it stops at 100), the
 * other checks are not run: they would read through the damage.  Returns false after reporting an SQLite error (a damaged or
 * unreadable file), true otherwise, whatever was found. */
bool db_check(struct db *d, const char *rules,
              void (*problem)(void *ctx, enum db_check_case c,
                              const char *text),
              void *ctx);

/* True if the file at 'path' starts with SQLite's header. */
bool db_is_sqlite(const char *path);

#endif
