/*
 * db.c - the tables in an SQLite database (see db.h).
 */
/* SPDX-License-Identifier: MIT */
#include "db.h"

#include <errno.h>
#include <inttypes.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "cleanup.h"
#include "decode.h"
#include "diag.h"
#include "xalloc.h"

/* PRAGMA application_id ("utdr") and the schema's version (user_version):
 * a database of other tables, or of a later schema, is refused. */
#define DB_APP_ID 0x75746472
#define DB_SCHEMA 1

/* The page cache: pages beyond it go to the WAL file, so a run of any
 * size holds about this much (KiB). */
#define DB_CACHE_KIB 8192

struct db {
    sqlite3 *h;
    char *path;
    char *rules;
    bool in_txn;
    bool began;                 /* this run's transaction was begun */
    bool new_schema;            /* this run made the tables: no indexes yet */
    bool int_col[T__COUNT][32]; /* INTEGER columns of each table */
    bool failed;                /* an SQLite error was reported */
    bool created;               /* the file did not exist before */
    int slots[3];               /* cleanup.h: path, -wal, -shm */
    long long seq;
    long long run_id;
    long long n_src;            /* merge: sources so far */
    struct db_counts c;
    sqlite3_stmt *seen_add, *doc_get, *doc_touch, *seen_get;
    sqlite3_stmt *del[T__COUNT], *ins[T__COUNT];
    char *clean;                /* clean_utf8()'s buffer */
    size_t clean_cap;
};

static const char *const int_columns[] = {
    "bytes", "pairs", "quotes", "speakers", "tags", "quote_no", "line",
};

static bool is_int_column(const char *name)
{
    for (size_t i = 0; i < sizeof int_columns / sizeof *int_columns; i++)
        if (strcmp(int_columns[i], name) == 0)
            return true;
    return false;
}

/* Report the connection's last error as "PATH: what (SQLite's words)". */
static bool fail(struct db *d, const char *what)
{
    const char *msg = d->h ? sqlite3_errmsg(d->h) : "out of memory";
    int code = d->h ? sqlite3_errcode(d->h) : SQLITE_NOMEM;

    if (code == SQLITE_BUSY || code == SQLITE_LOCKED)
        diag_error("%s: another process is writing to this database",
                   d->path);
    else if (code == SQLITE_NOTADB)
        diag_error("%s: not an SQLite database (%s)", d->path, msg);
    else if (d->h && sqlite3_system_errno(d->h) &&
             (code == SQLITE_IOERR || code == SQLITE_FULL ||
              code == SQLITE_CANTOPEN))
        diag_error("%s: %s: %s (%s)", d->path, what, msg,
                   strerror(sqlite3_system_errno(d->h)));
    else
        diag_error("%s: %s: %s", d->path, what, msg);
    d->failed = true;
    return false;
}

static bool exec(struct db *d, const char *sql)
{
    if (sqlite3_exec(d->h, sql, NULL, NULL, NULL) != SQLITE_OK)
        return fail(d, sql);
    return true;
}

static sqlite3_stmt *prepare(struct db *d, const char *sql)
{
    sqlite3_stmt *st = NULL;

    if (sqlite3_prepare_v2(d->h, sql, -1, &st, NULL) != SQLITE_OK) {
        fail(d, sql);
        return NULL;
    }
    return st;
}

/* Step a statement that returns no row, then reset it. */
static bool run(struct db *d, sqlite3_stmt *st)
{
    int rc = sqlite3_step(st);

    sqlite3_reset(st);
    if (rc != SQLITE_DONE && rc != SQLITE_ROW)
        return fail(d, "write");
    return true;
}

/* The integer of a one-value query, or -1 after reporting. */
static long long query_int(struct db *d, const char *sql)
{
    sqlite3_stmt *st = prepare(d, sql);
    long long v = -1;

    if (!st)
        return -1;
    if (sqlite3_step(st) == SQLITE_ROW)
        v = sqlite3_column_int64(st, 0);
    else
        fail(d, sql);
    sqlite3_finalize(st);
    return v;
}

/* A text cell as CSV writes it: valid UTF-8, other bytes escaped
 * (decode.h). */
static const char *clean_utf8(struct db *d, const char *s)
{
    return decode_escape_invalid(s, &d->clean, &d->clean_cap);
}

/* A decimal integer as utdrag writes one (no sign, no leading zero): only
 * those become INTEGER, so the text comes back the same. */
static bool plain_int(const char *s)
{
    size_t n = strspn(s, "0123456789");
    return n > 0 && n <= 18 && s[n] == '\0' && (s[0] != '0' || n == 1);
}

static void bind_cell(struct db *d, sqlite3_stmt *st, int i, const char *s,
                      bool integer)
{
    if (!s || !*s)
        sqlite3_bind_null(st, i);
    else if (integer && plain_int(s))
        sqlite3_bind_int64(st, i, strtoll(s, NULL, 10));
    else
        sqlite3_bind_text(st, i, clean_utf8(d, s), -1, SQLITE_TRANSIENT);
}

static void hex64(char out[17], uint64_t v)
{
    snprintf(out, 17, "%016" PRIx64, v);
}

static void now_utc(char out[32])
{
    time_t t = time(NULL);
    struct tm tm;

    gmtime_r(&t, &tm);
    strftime(out, 32, "%Y-%m-%dT%H:%M:%SZ", &tm);
}

/* CREATE TABLE for table i of resolve_schema; caller frees. */
static char *table_sql(int i)
{
    const struct table_schema *ts = &resolve_schema[i];
    char *sql = xasprintf("CREATE TABLE %s (\n", ts->name);

    for (size_t c = 0; c < ts->n_columns; c++) {
        const char *name = ts->columns[c];
        const char *type = is_int_column(name) ? "INTEGER" : "TEXT";
        const char *extra = "";
        if (c == 0)
            extra = i == T_DOCUMENTS ? " PRIMARY KEY NOT NULL"
                                     : " NOT NULL REFERENCES documents"
                                       "(doc_id) ON DELETE CASCADE";
        char *more = xasprintf("%s  %s %s%s%s", sql, name, type, extra,
                               c + 1 < ts->n_columns ? ",\n" : "");
        free(sql);
        sql = more;
    }
    char *full = xasprintf("%s%s);\n", sql,
                           i == T_DOCUMENTS
                               ? ",\n  seq INTEGER NOT NULL,\n"
                                 "  content_hash TEXT NOT NULL,\n"
                                 "  rules_digest TEXT NOT NULL,\n"
                                 "  run_id INTEGER REFERENCES run(run_id)\n"
                               : "\n");
    free(sql);
    return full;
}

/* The indexes: made at the end of the run that creates the database
 * (building an index once is cheaper than keeping it up to date row by
 * row; nothing before the end needs them), in the same transaction. */
static const char schema_indexes[] =
    "CREATE INDEX documents_seq ON documents(seq);\n"
    "CREATE INDEX pairs_doc ON pairs(doc_id);\n"
    "CREATE INDEX pairs_swedish_code ON pairs(swedish_code);\n"
    "CREATE INDEX pairs_partner_country ON pairs(partner_country);\n"
    "CREATE INDEX quotes_doc ON quotes(doc_id);\n"
    "CREATE INDEX quotes_speaker ON quotes(speaker);\n"
    "CREATE INDEX speakers_doc ON speakers(doc_id);\n"
    "CREATE INDEX tags_doc ON tags(doc_id);\n"
    "CREATE INDEX tags_tag ON tags(tag, value);\n";

static const char schema_rest[] =
    "CREATE TABLE run (\n"
    "  run_id INTEGER PRIMARY KEY,\n"
    "  version TEXT NOT NULL,\n"
    "  rules TEXT NOT NULL,\n"
    "  rules_digest TEXT NOT NULL,\n"
    "  started TEXT NOT NULL,\n"
    "  finished TEXT,\n"
    "  shard TEXT,\n"
    "  inputs TEXT,\n"
    "  paths TEXT,\n"
    "  args TEXT,\n"
    "  added INTEGER,\n"
    "  changed INTEGER,\n"
    "  unchanged INTEGER,\n"
    "  removed INTEGER\n"
    ");\n"
    /* Each pair with the quotes of its article. */
    "CREATE VIEW pair_quotes AS\n"
    "  SELECT p.doc_id, d.date, d.title, p.swedish_partner,\n"
    "         p.swedish_municipality, p.swedish_code, p.partner,\n"
    "         p.partner_canonical, p.partner_country, q.quote_no,\n"
    "         q.speaker, q.role, q.quote, q.line AS quote_line\n"
    "  FROM pairs p JOIN documents d ON d.doc_id = p.doc_id\n"
    "       JOIN quotes q ON q.doc_id = p.doc_id;\n"
    /* Each pair with its article's title, address and date. */
    "CREATE VIEW pair_documents AS\n"
    "  SELECT p.*, d.title, d.url, d.date, substr(d.date, 1, 4) AS year\n"
    "  FROM pairs p JOIN documents d ON d.doc_id = p.doc_id;\n"
    /* Each quote with what the speakers table knows of its speaker. */
    "CREATE VIEW quote_speakers AS\n"
    "  SELECT q.doc_id, q.quote_no, q.speaker, q.role, s.organization,\n"
    "         s.party, q.quote, q.style, q.line\n"
    "  FROM quotes q LEFT JOIN speakers s\n"
    "       ON s.doc_id = q.doc_id AND s.speaker = q.speaker;\n";

/* Is the database empty (*n == 0), or ours and of a schema this utdrag
 * knows?  Reads only: a database of other tables is refused before
 * anything in it changes (not even its journal mode). */
static bool schema_ours(struct db *d, long long *n)
{
    long long app, ver;

    /* The first query that fails has said why; no second message. */
    if ((app = query_int(d, "PRAGMA application_id")) < 0 ||
        (ver = query_int(d, "PRAGMA user_version")) < 0 ||
        (*n = query_int(d, "SELECT count(*) FROM sqlite_schema")) < 0)
        return false;
    if (*n > 0 && app != DB_APP_ID) {
        diag_error("%s: not a utdrag database (it has other tables)",
                   d->path);
        return false;
    }
    if (ver > DB_SCHEMA) {
        diag_error("%s: written by a later utdrag (schema %lld; this one "
                   "knows %d)", d->path, ver, DB_SCHEMA);
        return false;
    }
    return true;
}

/* Create the tables of an empty database, or check that its tables are
 * ours (again: under the write lock now). */
static bool schema_ready(struct db *d)
{
    long long n;

    if (!schema_ours(d, &n))
        return false;
    if (n > 0)
        return true;
    d->new_schema = true;
    char *pragmas = xasprintf("PRAGMA application_id = %d;\n"
                              "PRAGMA user_version = %d;\n",
                              DB_APP_ID, DB_SCHEMA);
    bool ok = exec(d, pragmas);
    free(pragmas);
    for (int i = 0; i < T__COUNT && ok; i++) {
        char *sql = table_sql(i);
        ok = exec(d, sql);
        free(sql);
    }
    return ok && exec(d, schema_rest);
}

/* INSERT statement of table i (documents: with its four columns more). */
static sqlite3_stmt *insert_stmt(struct db *d, int i)
{
    const struct table_schema *ts = &resolve_schema[i];
    char *cols = xstrdup(""), *qs = xstrdup("");

    for (size_t c = 0; c < ts->n_columns; c++) {
        char *a = xasprintf("%s%s%s", cols, c ? ", " : "", ts->columns[c]);
        char *b = xasprintf("%s%s?", qs, c ? ", " : "");
        free(cols);
        free(qs);
        cols = a;
        qs = b;
    }
    char *sql = xasprintf("INSERT INTO %s (%s%s) VALUES (%s%s)", ts->name,
                          cols, i == T_DOCUMENTS ? ", seq, content_hash, "
                                                   "rules_digest, run_id"
                                                 : "",
                          qs, i == T_DOCUMENTS ? ", ?, ?, ?, ?" : "");
    sqlite3_stmt *st = prepare(d, sql);
    free(sql);
    free(cols);
    free(qs);
    return st;
}

static bool prepare_all(struct db *d)
{
    d->seen_add = prepare(d, "INSERT OR IGNORE INTO temp.seen (doc_id, seq, "
                             "hash, fresh) VALUES (?, ?, ?, ?)");
    d->seen_get = prepare(d, "SELECT seq, hash, fresh FROM temp.seen WHERE "
                             "doc_id = ?");
    d->doc_get = prepare(d, "SELECT content_hash, rules_digest, status "
                            "FROM documents WHERE doc_id = ?");
    d->doc_touch = prepare(d, "UPDATE documents SET seq = ?, run_id = ? "
                              "WHERE doc_id = ?");
    if (!d->seen_add || !d->seen_get || !d->doc_get || !d->doc_touch)
        return false;
    for (int i = 0; i < T__COUNT; i++)
        for (size_t c = 0; c < resolve_schema[i].n_columns && c < 32; c++)
            d->int_col[i][c] = is_int_column(resolve_schema[i].columns[c]);
    /* Rows first, then the documents row (the rows reference it). */
    for (int i = T__COUNT - 1; i >= 0; i--) {
        char *sql = xasprintf("DELETE FROM %s WHERE doc_id = ?",
                              resolve_schema[i].name);
        d->del[i] = prepare(d, sql);
        free(sql);
        d->ins[i] = insert_stmt(d, i);
        if (!d->del[i] || !d->ins[i])
            return false;
    }
    return true;
}

static void finalize_all(struct db *d)
{
    sqlite3_finalize(d->seen_add);
    sqlite3_finalize(d->seen_get);
    sqlite3_finalize(d->doc_get);
    sqlite3_finalize(d->doc_touch);
    d->seen_add = d->seen_get = d->doc_get = d->doc_touch = NULL;
    for (int i = 0; i < T__COUNT; i++) {
        sqlite3_finalize(d->del[i]);
        sqlite3_finalize(d->ins[i]);
        d->del[i] = d->ins[i] = NULL;
    }
}

/* Close and free d; remove a file this run created unless 'keep'. */
static void db_free(struct db *d, bool keep)
{
    finalize_all(d);
    if (d->h && d->in_txn)
        sqlite3_exec(d->h, "ROLLBACK", NULL, NULL, NULL);
    if (d->began && !keep && !d->created)
        diag_note("utdrag: %s: left as it was (this run's changes rolled "
                  "back)\n", d->path);
    sqlite3_close(d->h);
    for (int k = 0; k < 3; k++) {
        if (d->created && !keep) {
            static const char *const ends[] = {"", "-wal", "-shm"};
            char *p = xasprintf("%s%s", d->path, ends[k]);
            unlink(p);
            free(p);
        }
        cleanup_forget(d->slots[k]);
    }
    free(d->clean);
    free(d->rules);
    free(d->path);
    free(d);
}

static struct db *db_new(const char *path)
{
    struct db *d = xcalloc(1, sizeof *d);

    d->path = xstrdup(path);
    for (int k = 0; k < 3; k++)
        d->slots[k] = -1;
    return d;
}

/* sqlite3_open_v2() with our messages: a missing folder or file is
 * named as such, not "unable to open database file". */
static bool open_file(struct db *d, int flags)
{
    if (sqlite3_open_v2(d->path, &d->h, flags, NULL) != SQLITE_OK) {
        const char *msg = d->h ? sqlite3_errmsg(d->h) : "out of memory";
        struct stat st;
        if (stat(d->path, &st) != 0 && errno == ENOENT)
            diag_error("%s: %s", d->path, strerror(ENOENT));
        else
            diag_error("%s: cannot open: %s", d->path, msg);
        return false;
    }
    sqlite3_extended_result_codes(d->h, 0);
    return true;
}

/* Open without a message; false if it failed (d->h closed). */
static bool open_file_quiet(struct db *d, int flags)
{
    if (sqlite3_open_v2(d->path, &d->h, flags, NULL) == SQLITE_OK)
        return true;
    sqlite3_close(d->h);
    d->h = NULL;
    return false;
}

struct db *db_open(const char *path, const char *rules)
{
    struct db *d = db_new(path);
    struct stat st;
    char started[32];

    d->rules = xstrdup(rules);
    if (stat(path, &st) == 0 && S_ISDIR(st.st_mode)) {
        diag_error("%s: is a folder; -f sqlite -o takes a database file",
                   path);
        goto fail;
    }
    d->created = stat(path, &st) != 0 && errno == ENOENT;
    if (d->created) {
        /* A signal before the commit removes what this run created. */
        static const char *const ends[] = {"", "-wal", "-shm"};
        for (int k = 0; k < 3; k++) {
            char *p = xasprintf("%s%s", path, ends[k]);
            d->slots[k] = cleanup_add(p);
            free(p);
        }
    }
    if (!open_file(d, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE))
        goto fail;
    long long n_tables;
    if (!schema_ours(d, &n_tables))
        goto fail;
    char *pragma = xasprintf("PRAGMA cache_size = -%d", DB_CACHE_KIB);
    bool ok = exec(d, "PRAGMA journal_mode = WAL") &&
              exec(d, "PRAGMA foreign_keys = ON") && exec(d, pragma);
    free(pragma);
    if (!ok || !exec(d, "BEGIN IMMEDIATE"))
        goto fail;
    d->in_txn = d->began = true;
    if (!schema_ready(d) ||
        !exec(d, "CREATE TEMP TABLE seen (doc_id TEXT PRIMARY KEY, "
                 "seq INTEGER, hash TEXT, fresh INTEGER) WITHOUT ROWID") ||
        !prepare_all(d))
        goto fail;
    now_utc(started);
    sqlite3_stmt *ins = prepare(d, "INSERT INTO run (version, rules, "
                                   "rules_digest, started) VALUES "
                                   "(?, '', ?, ?)");
    if (!ins)
        goto fail;
    sqlite3_bind_text(ins, 1, UTDRAG_VERSION, -1, SQLITE_STATIC);
    sqlite3_bind_text(ins, 2, rules, -1, SQLITE_TRANSIENT);
    sqlite3_bind_text(ins, 3, started, -1, SQLITE_TRANSIENT);
    ok = run(d, ins);
    sqlite3_finalize(ins);
    if (!ok)
        goto fail;
    d->run_id = sqlite3_last_insert_rowid(d->h);
    /* Places of this run come after those of documents it does not read
     * (without --prune they stay, in their old order, before it). */
    d->seq = query_int(d, "SELECT coalesce(max(seq), 0) FROM documents");
    if (d->seq < 0)
        goto fail;
    return d;
fail:
    db_free(d, false);
    return NULL;
}

/* db_open_read() and db_open_check(): 'strict' opens read-only whatever
 * the file allows, and refuses a later schema. */
static struct db *open_read(const char *path, bool strict)
{
    struct db *d = db_new(path);
    struct stat st;

    if (stat(path, &st) == 0 && S_ISDIR(st.st_mode)) {
        diag_error("%s: is a folder, not a database", path);
        goto fail;
    }
    /* Read-write if the file allows (nothing is written): the last
     * connection to close removes the -wal and -shm files, which a
     * read-only one would leave beside the database. */
    if (strict || access(path, W_OK) != 0 ||
        !open_file_quiet(d, SQLITE_OPEN_READWRITE))
        if (!open_file(d, SQLITE_OPEN_READONLY))
            goto fail;
    long long app = query_int(d, "PRAGMA application_id");
    if (app < 0)
        goto fail;
    if (app != DB_APP_ID) {
        diag_error("%s: not a utdrag database (no tables of utdrag's)",
                   path);
        goto fail;
    }
    /* check: a later schema may have other tables; its checks are not
     * these. */
    long long ver = strict ? query_int(d, "PRAGMA user_version") : 0;
    if (ver < 0)
        goto fail;
    if (ver > DB_SCHEMA) {
        diag_error("%s: written by a later utdrag (schema %lld; this one "
                   "knows %d)", path, ver, DB_SCHEMA);
        goto fail;
    }
    return d;
fail:
    db_free(d, true);
    return NULL;
}

struct db *db_open_read(const char *path)
{
    return open_read(path, false);
}

struct db *db_open_check(const char *path)
{
    return open_read(path, true);
}

enum db_doc db_seen(struct db *d, const char *doc_id, uint64_t hash,
                    bool may_skip)
{
    char hx[17];
    enum db_doc v = DB_NEW;

    if (d->failed)
        return DB_FAILED;
    hex64(hx, hash);
    bind_cell(d, d->doc_get, 1, doc_id, false);
    int rc = sqlite3_step(d->doc_get);
    if (rc == SQLITE_ROW) {
        const char *h = (const char *)sqlite3_column_text(d->doc_get, 0);
        const char *r = (const char *)sqlite3_column_text(d->doc_get, 1);
        const char *s = (const char *)sqlite3_column_text(d->doc_get, 2);
        /* A document that was an error is tried again, every run. */
        v = may_skip && h && r && strcmp(h, hx) == 0 &&
                    strcmp(r, d->rules) == 0 && !(s && !strcmp(s, "error"))
                ? DB_UNCHANGED : DB_CHANGED;
    }
    sqlite3_reset(d->doc_get);
    if (rc != SQLITE_ROW && rc != SQLITE_DONE) {
        fail(d, "read");
        return DB_FAILED;
    }
    /* Its place in this run, unless the run had its doc_id already; a
     * new document's rows need no deleting (db_write()). */
    bind_cell(d, d->seen_add, 1, doc_id, false);
    sqlite3_bind_int64(d->seen_add, 2, d->seq + 1);
    sqlite3_bind_text(d->seen_add, 3, hx, -1, SQLITE_TRANSIENT);
    sqlite3_bind_int(d->seen_add, 4, v == DB_NEW);
    if (!run(d, d->seen_add))
        return DB_FAILED;
    if (sqlite3_changes(d->h) == 0) {
        d->c.repeated++;
        return DB_REPEATED;
    }
    d->seq++;
    if (v == DB_UNCHANGED) {
        sqlite3_bind_int64(d->doc_touch, 1, d->seq);
        sqlite3_bind_int64(d->doc_touch, 2, d->run_id);
        bind_cell(d, d->doc_touch, 3, doc_id, false);
        if (!run(d, d->doc_touch))
            return DB_FAILED;
    }
    if (v == DB_NEW)
        d->c.added++;
    else if (v == DB_CHANGED)
        d->c.changed++;
    else
        d->c.unchanged++;
    return v;
}

static bool insert_rows(struct db *d, int i, const struct row_list *rl,
                        long long seq, const char *hash)
{
    const struct table_schema *ts = &resolve_schema[i];
    sqlite3_stmt *st = d->ins[i];

    for (size_t r = 0; r < rl->n; r++) {
        for (size_t c = 0; c < ts->n_columns; c++)
            bind_cell(d, st, (int)c + 1, rl->rows[r][c],
                      c < 32 && d->int_col[i][c]);
        if (i == T_DOCUMENTS) {
            int k = (int)ts->n_columns;
            sqlite3_bind_int64(st, k + 1, seq);
            sqlite3_bind_text(st, k + 2, hash, -1, SQLITE_TRANSIENT);
            sqlite3_bind_text(st, k + 3, d->rules, -1, SQLITE_STATIC);
            sqlite3_bind_int64(st, k + 4, d->run_id);
        }
        if (!run(d, st))
            return false;
    }
    return true;
}

bool db_write(struct db *d, const struct doc_tables *dt)
{
    const struct row_list *docs = &dt->t[T_DOCUMENTS];
    char hash[17] = "";
    long long seq = 0;
    bool fresh = false;

    if (d->failed)
        return false;
    if (docs->n == 0)
        return true;
    const char *doc_id = docs->rows[0][0];
    /* Its place and hash, from db_seen(). */
    bind_cell(d, d->seen_get, 1, doc_id, false);
    if (sqlite3_step(d->seen_get) == SQLITE_ROW) {
        seq = sqlite3_column_int64(d->seen_get, 0);
        const char *h = (const char *)sqlite3_column_text(d->seen_get, 1);
        snprintf(hash, sizeof hash, "%s", h ? h : "");
        fresh = sqlite3_column_int(d->seen_get, 2) != 0;
    }
    sqlite3_reset(d->seen_get);
    if (!*hash) {
        diag_error("%s: document %s was not announced (db_seen)", d->path,
                   doc_id);
        d->failed = true;
        return false;
    }
    for (int i = T__COUNT - 1; i >= 0 && !fresh; i--) {
        bind_cell(d, d->del[i], 1, doc_id, false);
        if (!run(d, d->del[i]))
            return false;
    }
    for (int i = 0; i < T__COUNT; i++)
        if (!insert_rows(d, i, &dt->t[i], seq, hash))
            return false;
    return true;
}

bool db_prune(struct db *d)
{
    if (d->failed)
        return false;
    for (int i = T__COUNT - 1; i >= 0; i--) {
        char *sql = xasprintf("DELETE FROM %s WHERE doc_id NOT IN "
                              "(SELECT doc_id FROM temp.seen)",
                              resolve_schema[i].name);
        bool ok = exec(d, sql);
        free(sql);
        if (!ok)
            return false;
        if (i == T_DOCUMENTS)
            d->c.removed += (unsigned long)sqlite3_changes(d->h);
    }
    return true;
}

struct db_counts db_counts(const struct db *d)
{
    return d->c;
}

/* The PATH arguments, one a line; caller frees. */
static char *join_args(const char *const *args, size_t n)
{
    char *s = xstrdup("");
    for (size_t i = 0; i < n; i++) {
        char *t = xasprintf("%s%s%s", s, i ? "\n" : "", args[i]);
        free(s);
        s = t;
    }
    return s;
}

bool db_commit(struct db *d, const struct db_run_info *ri)
{
    char finished[32];
    bool ok = !d->failed;
    sqlite3_stmt *st = NULL;
    char *args = NULL;

    if (ok) {
        st = prepare(d, "UPDATE run SET rules = ?, finished = ?, shard = ?,"
                        " inputs = ?, paths = ?, args = ?, added = ?, "
                        "changed = ?, unchanged = ?, removed = ?, "
                        "version = ? WHERE run_id = ?");
        ok = st != NULL;
    }
    if (ok) {
        now_utc(finished);
        args = join_args(ri->args, ri->n_args);
        sqlite3_bind_text(st, 1, ri->rules, -1, SQLITE_STATIC);
        sqlite3_bind_text(st, 2, finished, -1, SQLITE_STATIC);
        sqlite3_bind_text(st, 3, ri->shard, -1, SQLITE_STATIC);
        sqlite3_bind_text(st, 4, ri->inputs, -1, SQLITE_STATIC);
        sqlite3_bind_text(st, 5, ri->paths, -1, SQLITE_STATIC);
        bind_cell(d, st, 6, args, false);
        sqlite3_bind_int64(st, 7, (long long)d->c.added);
        sqlite3_bind_int64(st, 8, (long long)d->c.changed);
        sqlite3_bind_int64(st, 9, (long long)d->c.unchanged);
        sqlite3_bind_int64(st, 10, (long long)d->c.removed);
        sqlite3_bind_text(st, 11, ri->version, -1, SQLITE_STATIC);
        sqlite3_bind_int64(st, 12, d->run_id);
        ok = run(d, st);
    }
    sqlite3_finalize(st);
    free(args);
    finalize_all(d);
    if (ok && d->new_schema)
        ok = exec(d, schema_indexes);
    if (ok) {
        /* A signal waits until the commit is through, then acts. */
        cleanup_hold();
        ok = exec(d, "COMMIT");
        /* A failed COMMIT may have rolled back already. */
        if (!ok && sqlite3_get_autocommit(d->h))
            d->in_txn = false;
        if (ok) {
            d->in_txn = false;
            for (int k = 0; k < 3; k++) {
                cleanup_forget(d->slots[k]);
                d->slots[k] = -1;
            }
            d->created = false;
        }
        cleanup_release();
    }
    /* Closing checkpoints the WAL into the database and removes it. */
    if (ok && d->h && sqlite3_close(d->h) != SQLITE_OK)
        ok = fail(d, "close");
    else if (ok)
        d->h = NULL;
    db_free(d, ok);
    return ok;
}

void db_abort(struct db *d)
{
    if (d)
        db_free(d, false);
}

bool db_rows(struct db *d, int table,
             bool (*row)(void *ctx, const char *const *cells), void *ctx)
{
    const struct table_schema *ts = &resolve_schema[table];
    char *cols = xstrdup("");
    const char **cells = xcalloc(ts->n_columns, sizeof *cells);
    bool ok = true;

    for (size_t c = 0; c < ts->n_columns; c++) {
        char *a = xasprintf("%s%st.%s", cols, c ? ", " : "", ts->columns[c]);
        free(cols);
        cols = a;
    }
    char *sql = table == T_DOCUMENTS
        ? xasprintf("SELECT %s FROM documents t ORDER BY t.seq, t.doc_id",
                    cols)
        : xasprintf("SELECT %s FROM %s t JOIN documents d ON d.doc_id = "
                    "t.doc_id ORDER BY d.seq, d.doc_id, t.rowid", cols,
                    ts->name);
    sqlite3_stmt *st = prepare(d, sql);
    int rc = SQLITE_DONE;

    if (!st)
        ok = false;
    while (ok && (rc = sqlite3_step(st)) == SQLITE_ROW) {
        for (size_t c = 0; c < ts->n_columns; c++)
            cells[c] = (const char *)sqlite3_column_text(st, (int)c);
        ok = row(ctx, cells);
    }
    if (ok && rc != SQLITE_DONE)
        ok = fail(d, "read");
    sqlite3_finalize(st);
    free(sql);
    free(cols);
    free(cells);
    return ok;
}

char *db_run_info(struct db *d, const char *format)
{
    sqlite3_stmt *st = prepare(d, "SELECT version, rules, shard, inputs, "
                                  "paths FROM run ORDER BY run_id DESC "
                                  "LIMIT 1");
    char *text = NULL;

    if (!st)
        return NULL;
    if (sqlite3_step(st) == SQLITE_ROW) {
        const char *v[5];
        for (int i = 0; i < 5; i++) {
            v[i] = (const char *)sqlite3_column_text(st, i);
            if (!v[i])
                v[i] = "";
        }
        text = xasprintf("utdrag %s\nrules %s\nformat %s\nshard %s\n"
                         "inputs %s\npaths %s\n", v[0], v[1], format, v[2],
                         v[3], v[4]);
    } else {
        diag_error("%s: no run recorded in this database", d->path);
    }
    sqlite3_finalize(st);
    return text;
}

bool db_is_sqlite(const char *path)
{
    char head[16] = {0};
    FILE *f = fopen(path, "rb");

    if (!f)
        return false;
    size_t n = fread(head, 1, sizeof head, f);
    fclose(f);
    return n == sizeof head && memcmp(head, "SQLite format 3", 16) == 0;
}

bool db_clear(struct db *d)
{
    for (int i = T__COUNT - 1; i >= 0; i--) {
        char *sql = xasprintf("DELETE FROM %s", resolve_schema[i].name);
        bool ok = exec(d, sql);
        free(sql);
        if (!ok)
            return false;
    }
    return exec(d, "CREATE TEMP TABLE IF NOT EXISTS owner (doc_id TEXT "
                   "PRIMARY KEY, src INTEGER) WITHOUT ROWID");
}

/* Copy table i of 'from' (src number 'src') into d: a documents row if d
 * has no document of its doc_id yet (it then belongs to src), other rows
 * if their document belongs to src.  False after reporting. */
static bool copy_table(struct db *d, struct db *from, int i, long long src)
{
    const struct table_schema *ts = &resolve_schema[i];
    const int nc = (int)ts->n_columns;
    char *cols = xstrdup("");
    bool ok = false;
    int rc = SQLITE_DONE;
    sqlite3_stmt *get = NULL, *claim = NULL, *mine = NULL;

    for (int c = 0; c < nc; c++) {
        char *a = xasprintf("%s%s%s", cols, c ? ", " : "", ts->columns[c]);
        free(cols);
        cols = a;
    }
    char *sql = xasprintf("SELECT %s%s FROM %s ORDER BY %s", cols,
                          i == T_DOCUMENTS ? ", content_hash, rules_digest"
                                           : "",
                          ts->name, i == T_DOCUMENTS ? "seq, doc_id"
                                                     : "rowid");
    get = prepare(from, sql);
    claim = prepare(d, "INSERT OR IGNORE INTO temp.owner (doc_id, src) "
                       "VALUES (?, ?)");
    mine = prepare(d, "SELECT 1 FROM temp.owner WHERE doc_id = ? AND "
                      "src = ?");
    if (!get || !claim || !mine)
        goto out;
    sqlite3_stmt *ins = d->ins[i];
    while ((rc = sqlite3_step(get)) == SQLITE_ROW) {
        sqlite3_stmt *q = i == T_DOCUMENTS ? claim : mine;
        sqlite3_bind_value(q, 1, sqlite3_column_value(get, 0));
        sqlite3_bind_int64(q, 2, src);
        int qrc = sqlite3_step(q);
        bool take = i == T_DOCUMENTS ? sqlite3_changes(d->h) > 0
                                     : qrc == SQLITE_ROW;
        sqlite3_reset(q);
        if (qrc != SQLITE_DONE && qrc != SQLITE_ROW) {
            fail(d, "merge");
            goto out;
        }
        if (!take)
            continue;
        for (int c = 0; c < nc; c++)
            sqlite3_bind_value(ins, c + 1, sqlite3_column_value(get, c));
        if (i == T_DOCUMENTS) {
            /* Place 0: a merged database lists documents by doc_id, as
             * merge -o DIR does. */
            sqlite3_bind_int64(ins, nc + 1, 0);
            sqlite3_bind_value(ins, nc + 2, sqlite3_column_value(get, nc));
            sqlite3_bind_value(ins, nc + 3,
                               sqlite3_column_value(get, nc + 1));
            sqlite3_bind_int64(ins, nc + 4, d->run_id);
            d->c.added++;
        }
        if (!run(d, ins))
            goto out;
    }
    ok = rc == SQLITE_DONE || fail(from, "read");
out:
    sqlite3_finalize(get);
    sqlite3_finalize(claim);
    sqlite3_finalize(mine);
    free(sql);
    free(cols);
    return ok;
}

bool db_merge_from(struct db *d, const char *src)
{
    struct db *from = db_open_read(src);
    bool ok = from != NULL;

    d->n_src++;
    for (int i = 0; i < T__COUNT && ok; i++)
        ok = copy_table(d, from, i, d->n_src);
    if (from)
        db_free(from, true);
    return ok;
}

/* ---- check ------------------------------------------------------------ */

const char *db_check_name(enum db_check_case c)
{
    static const char *const names[DBC__COUNT] = {
        [DBC_INTEGRITY] = "integrity", [DBC_KEYS] = "keys",
        [DBC_COUNTS] = "counts", [DBC_RULES] = "rules",
    };
    return c < DBC__COUNT ? names[c] : "?";
}

/* Where db_check() sends what it finds. */
struct finds {
    void (*problem)(void *ctx, enum db_check_case c, const char *text);
    void *ctx;
    bool damaged;               /* integrity_check found problems */
};

/* Run 'sql' and call line(st) for each row it gives; false after
 * reporting an error.  'what' names the query in the message. */
static bool each_row(struct db *d, const char *sql, const char *what,
                     void (*line)(sqlite3_stmt *st, struct finds *f),
                     struct finds *f)
{
    sqlite3_stmt *st = NULL;
    int rc;
    bool ok = true;

    if (sqlite3_prepare_v2(d->h, sql, -1, &st, NULL) != SQLITE_OK)
        return fail(d, what);
    while ((rc = sqlite3_step(st)) == SQLITE_ROW)
        line(st, f);
    if (rc != SQLITE_DONE)
        ok = fail(d, what);
    sqlite3_finalize(st);
    return ok;
}

static const char *text_at(sqlite3_stmt *st, int i)
{
    const char *s = (const char *)sqlite3_column_text(st, i);
    return s ? s : "";
}

/* A value as SQL would write it: 3, 'text' or NULL. */
static char *sql_value(sqlite3_stmt *st, int i)
{
    switch (sqlite3_column_type(st, i)) {
    case SQLITE_NULL:
        return xstrdup("NULL");
    case SQLITE_INTEGER:
        return xasprintf("%lld", (long long)sqlite3_column_int64(st, i));
    default:
        return xasprintf("'%s'", text_at(st, i));
    }
}

static void integrity_line(sqlite3_stmt *st, struct finds *f)
{
    if (strcmp(text_at(st, 0), "ok") != 0) {
        f->problem(f->ctx, DBC_INTEGRITY, text_at(st, 0));
        f->damaged = true;
    }
}

/* table, doc_id, rows: rows of a doc_id documents does not have. */
static void orphan_line(sqlite3_stmt *st, struct finds *f)
{
    long long n = sqlite3_column_int64(st, 2);
    char *id = sql_value(st, 1);
    char *text = xasprintf("%s: %lld row%s of doc_id %s, which is not in "
                           "documents", text_at(st, 0), n, n == 1 ? "" : "s",
                           id);
    f->problem(f->ctx, DBC_KEYS, text);
    free(text);
    free(id);
}

/* The rest of foreign_key_check: table, rowid, parent. */
static void fk_line(sqlite3_stmt *st, struct finds *f)
{
    char *text = xasprintf("%s: row %lld refers to a row %s does not have",
                           text_at(st, 0),
                           (long long)sqlite3_column_int64(st, 1),
                           text_at(st, 2));
    f->problem(f->ctx, DBC_KEYS, text);
    free(text);
}

/* table, doc_id, the documents count, the rows. */
static void count_line(sqlite3_stmt *st, struct finds *f)
{
    const char *t = text_at(st, 0);
    long long n = sqlite3_column_int64(st, 3);
    char *id = sql_value(st, 1), *said = sql_value(st, 2);
    char *text = xasprintf("doc_id %s: documents.%s is %s, but %s has "
                           "%lld row%s of it", id, t, said, t, n,
                           n == 1 ? "" : "s");
    f->problem(f->ctx, DBC_COUNTS, text);
    free(text);
    free(said);
    free(id);
}

bool db_check(struct db *d, const char *rules,
              void (*problem)(void *ctx, enum db_check_case c,
                              const char *text),
              void *ctx)
{
    struct finds f = {problem, ctx, false};
    bool ok = each_row(d, "PRAGMA integrity_check", "integrity check",
                       integrity_line, &f);

    /* The other checks would read through what is damaged. */
    if (ok && f.damaged)
        return true;
    /* Rows of a document documents does not have, by table and doc_id;
     * then what else foreign_key_check finds (run_id). */
    for (int i = T_DOCUMENTS + 1; ok && i < T__COUNT; i++) {
        const char *t = resolve_schema[i].name;
        char *sql = xasprintf("SELECT '%s', doc_id, count(*) FROM %s "
                              "WHERE doc_id NOT IN (SELECT doc_id FROM "
                              "documents) GROUP BY doc_id ORDER BY "
                              "min(rowid)", t, t);
        ok = each_row(d, sql, "orphan rows", orphan_line, &f);
        free(sql);
    }
    if (ok)
        ok = each_row(d, "SELECT \"table\", rowid, parent FROM "
                         "pragma_foreign_key_check WHERE NOT (parent = "
                         "'documents' AND \"table\" IN ('pairs', 'quotes', "
                         "'speakers', 'tags')) ORDER BY 1, 2",
                      "foreign key check", fk_line, &f);
    for (int i = T_DOCUMENTS + 1; ok && i < T__COUNT; i++) {
        const char *t = resolve_schema[i].name;
        char *sql = xasprintf("SELECT '%s', d.doc_id, d.%s, n FROM "
                              "(SELECT doc_id, seq, %s, (SELECT count(*) "
                              "FROM %s t WHERE t.doc_id = documents.doc_id)"
                              " AS n FROM documents) d WHERE d.%s IS NOT n "
                              "ORDER BY d.seq, d.doc_id", t, t, t, t, t);
        ok = each_row(d, sql, "row counts", count_line, &f);
        free(sql);
    }
    if (!ok)
        return false;
    sqlite3_stmt *st = prepare(d, "SELECT count(*), "
                                  "coalesce(sum(rules_digest IS NOT ?), 0) "
                                  "FROM documents");
    if (!st)
        return false;
    sqlite3_bind_text(st, 1, rules, -1, SQLITE_STATIC);
    if (sqlite3_step(st) == SQLITE_ROW) {
        long long all = sqlite3_column_int64(st, 0);
        long long stale = sqlite3_column_int64(st, 1);
        if (stale) {
            char *text = xasprintf("%lld of %lld document%s %s extracted "
                                   "with other rules", stale, all,
                                   all == 1 ? "" : "s",
                                   stale == 1 ? "was" : "were");
            problem(ctx, DBC_RULES, text);
            free(text);
        }
    } else {
        ok = fail(d, "rules");
    }
    sqlite3_finalize(st);
    return ok;
}
