/*
 * test_db.c - the SQLite sink: rows in and out unchanged (types, NULLs,
 * bytes that are not UTF-8), a document's rows replaced, unchanged
 * documents told apart, doc_ids read twice, --prune, a rolled-back run,
 * and a database of other tables refused.
 */
/* SPDX-License-Identifier: MIT */
#include <sqlite3.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "check.h"
#include "db.h"
#include "xalloc.h"

/* One document: its documents row and n_pairs pairs rows. */
struct doc {
    const char *doc[13];
    const char *pair[2][10];
    const char *const *rows_doc[1];
    const char *const *rows_pair[2];
    struct doc_tables dt;
};

static void make_doc(struct doc *d, const char *id, const char *code,
                     size_t n_pairs)
{
    memset(d, 0, sizeof *d);
    const char *doc[13] = {id, "p/x.txt", "1538", "utf-8", "ok", NULL,
                           "=Title", "", NULL, n_pairs ? "1" : "0", "0",
                           "0", "0"};
    memcpy(d->doc, doc, sizeof doc);
    for (size_t i = 0; i < 2; i++) {
        const char *pair[10] = {id, "Solna stad", "Solna stad", code,
                                "Travnik", "Travnik", "BA", NULL,
                                "mention-name", i ? "12" : "n/a"};
        memcpy(d->pair[i], pair, sizeof pair);
        d->rows_pair[i] = d->pair[i];
    }
    d->rows_doc[0] = d->doc;
    d->dt.t[T_DOCUMENTS].rows = d->rows_doc;
    d->dt.t[T_DOCUMENTS].n = 1;
    d->dt.t[T_PAIRS].rows = d->rows_pair;
    d->dt.t[T_PAIRS].n = n_pairs;
}

struct collect {
    char text[2048];
};

/* Append the row's cells, '|'-separated, NULL as "~", one row a line. */
static bool collect(void *ctx, const char *const *cells)
{
    struct collect *c = ctx;
    size_t n = strlen(c->text);

    for (size_t i = 0; i < 10 && n + 64 < sizeof c->text; i++) {
        n += (size_t)snprintf(c->text + n, sizeof c->text - n, "%s%s",
                              i ? "|" : "", cells[i] ? cells[i] : "~");
    }
    snprintf(c->text + n, sizeof c->text - n, "\n");
    return true;
}

static long long one_int(const char *path, const char *sql)
{
    sqlite3 *h = NULL;
    sqlite3_stmt *st = NULL;
    long long v = -1;

    if (sqlite3_open(path, &h) == SQLITE_OK &&
        sqlite3_prepare_v2(h, sql, -1, &st, NULL) == SQLITE_OK &&
        sqlite3_step(st) == SQLITE_ROW)
        v = sqlite3_column_int64(st, 0);
    sqlite3_finalize(st);
    sqlite3_close(h);
    return v;
}

static const struct db_run_info info = {
    .version = "test", .rules = "r1", .shard = "none",
    .inputs = "0000000000000000", .paths = "0000000000000000",
};

int main(void)
{
    char dir[] = "/tmp/test_db.XXXXXX";
    struct doc a, b;

    if (!mkdtemp(dir))
        return 2;
    char *path = xasprintf("%s/t.sqlite", dir);

    /* A new database: two documents, one with a bad byte in its doc_id. */
    struct db *d = db_open(path, "r1");
    CHECK(d != NULL);
    make_doc(&a, "a.txt", "0180", 2);
    make_doc(&b, "b\xff.txt", "", 1);
    CHECK(db_seen(d, "a.txt", 1, true) == DB_NEW);
    CHECK(db_seen(d, "b\xff.txt", 2, true) == DB_NEW);
    CHECK(db_seen(d, "a.txt", 1, true) == DB_REPEATED);
    CHECK(db_write(d, &a.dt));
    CHECK(db_write(d, &b.dt));
    CHECK(db_counts(d).added == 2 && db_counts(d).repeated == 1);
    CHECK(db_commit(d, &info));

    /* Types: codes text with their zero, counts integers, empty NULL. */
    CHECK(one_int(path, "SELECT count(*) FROM pairs WHERE swedish_code = "
                        "'0180' AND typeof(swedish_code) = 'text'") == 2);
    CHECK(one_int(path, "SELECT count(*) FROM pairs WHERE typeof(line) = "
                        "'integer'") == 1);     /* "n/a" stays text */
    CHECK(one_int(path, "SELECT count(*) FROM documents WHERE url IS NULL "
                        "AND typeof(bytes) = 'integer'") == 2);
    CHECK(one_int(path, "SELECT count(*) FROM documents WHERE doc_id = "
                        "'b\\xff.txt'") == 1);

    /* Read back in order, cells as they went in. */
    d = db_open_read(path);
    CHECK(d != NULL);
    struct collect c = {""};
    CHECK(db_rows(d, T_PAIRS, collect, &c));
    CHECK_STREQ(c.text,
                "a.txt|Solna stad|Solna stad|0180|Travnik|Travnik|BA|~|"
                "mention-name|n/a\n"
                "a.txt|Solna stad|Solna stad|0180|Travnik|Travnik|BA|~|"
                "mention-name|12\n"
                "b\\xff.txt|Solna stad|Solna stad|~|Travnik|Travnik|BA|~|"
                "mention-name|n/a\n");
    char *ri = db_run_info(d, "csv");
    CHECK_STREQ(ri, "utdrag test\nrules r1\nformat csv\nshard none\n"
                    "inputs 0000000000000000\npaths 0000000000000000\n");
    free(ri);
    db_abort(d);

    /* Next run: a unchanged, b changed (one pair fewer); rolled back. */
    d = db_open(path, "r1");
    CHECK(db_seen(d, "a.txt", 1, true) == DB_UNCHANGED);
    CHECK(db_seen(d, "b\xff.txt", 3, true) == DB_CHANGED);
    make_doc(&b, "b\xff.txt", "", 0);
    CHECK(db_write(d, &b.dt));
    db_abort(d);
    CHECK(one_int(path, "SELECT count(*) FROM pairs") == 3);

    /* The same, committed; then other rules change everything, and a
     * read error (may_skip false) is never unchanged. */
    d = db_open(path, "r1");
    CHECK(db_seen(d, "a.txt", 1, false) == DB_CHANGED);
    CHECK(db_seen(d, "b\xff.txt", 3, true) == DB_CHANGED);
    CHECK(db_write(d, &b.dt));
    CHECK(db_commit(d, &info));
    CHECK(one_int(path, "SELECT count(*) FROM pairs") == 2);
    d = db_open(path, "r2");
    CHECK(db_seen(d, "a.txt", 1, true) == DB_CHANGED);
    /* --prune: b was not read. */
    CHECK(db_prune(d));
    CHECK(db_counts(d).removed == 1);
    db_abort(d);
    CHECK(one_int(path, "SELECT count(*) FROM documents") == 2);

    /* A second writer is refused while the first holds the database. */
    d = db_open(path, "r1");
    struct db *d2 = db_open(path, "r1");
    CHECK(d != NULL && d2 == NULL);
    db_abort(d);

    /* A database of other tables is refused and left alone. */
    char *other = xasprintf("%s/other.sqlite", dir);
    sqlite3 *h = NULL;
    sqlite3_open(other, &h);
    sqlite3_exec(h, "CREATE TABLE x (a)", NULL, NULL, NULL);
    sqlite3_close(h);
    CHECK(db_open(other, "r1") == NULL);
    CHECK(db_open_read(other) == NULL);
    CHECK(one_int(other, "SELECT count(*) FROM sqlite_schema") == 1);
    CHECK(db_is_sqlite(other) && !db_is_sqlite("/dev/null"));

    unlink(other);
    unlink(path);
    rmdir(dir);
    free(other);
    free(path);
    db_abort(NULL);
    return check_done("test_db");
}
