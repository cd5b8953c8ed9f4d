/*
 * main.c - wires the stages: options -> rules -> for each document
 * input -> decode -> normalize -> match -> resolve -> output, then maps the
 * outcome to the exit status.  No other module knows the others.
 */
/* SPDX-License-Identifier: MIT */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#ifdef __GLIBC__
#include <malloc.h>
#endif
#include <string.h>
#include <strings.h>
#include <stdint.h>
#include <sys/stat.h>
#include <unistd.h>

#include "arena.h"
#include "article.h"
#include "check.h"
#include "cleanup.h"
#include "db.h"
#include "decode.h"
#include "fsutil.h"
#include "diag.h"
#include "explain.h"
#include "graph.h"
#include "hash.h"
#include "html.h"
#include "input.h"
#include "match.h"
#include "merge.h"
#include "normalize.h"
#include "parallel.h"
#include "options.h"
#include "outdir.h"
#include "report.h"
#include "output.h"
#include "resolve.h"
#include "rules.h"
#include "ruletest.h"
#include "stats.h"
#include "xalloc.h"
#include "xlsx.h"

/* run.info: what made an output folder, for `utdrag merge` to check
 * that the folders it combines are alike and, for shards, that they make
 * one whole batch.  The shard is 1-based whatever --shard-base was;
 * "inputs" digests the PATH arguments resolved (arch = ./arch =
 * /abs/arch), "paths" as written (the doc_ids follow that spelling): see
 * input_digest().  It goes into place last, with the tables as one unit
 * (commit_sinks()), so it never describes other tables than the ones
 * beside it.  Returns the text; caller frees. */
static char *run_info_text(const struct options *o,
                           const struct rule_set *rs)
{
    char *shard = o->shard_n ? xasprintf("%u/%u", o->shard_k, o->shard_n)
                             : xstrdup("none");
    char *text = xasprintf("utdrag %s\nrules %s\nformat %s\nshard %s\n"
                           "inputs %016" PRIx64 "\npaths %016" PRIx64 "\n",
                           UTDRAG_VERSION, rs->version,
                           output_ext(o->out.format), shard,
                           input_digest(o->args, o->n_args, true),
                           input_digest(o->args, o->n_args, false));
    free(shard);
    return text;
}

enum {
    EXIT_OK = 0,
    EXIT_DOCS = 1,              /* some document had status error */
    EXIT_USAGE = 2,             /* usage, rule-file or output error */
};

/* mkdir -p; false after reporting. */
static bool make_dirs(const char *path)
{
    char *p = xstrdup(path);
    bool ok = true;
    for (char *s = p + 1; ok; s++) {
        if (*s != '/' && *s != '\0')
            continue;
        char c = *s;
        *s = '\0';
        if (mkdir(p, 0777) != 0 && errno != EEXIST) {
            diag_error("%s: %s", p, strerror(errno));
            ok = false;
        }
        *s = c;
        if (!c)
            break;
    }
    free(p);
    return ok;
}

/* An HTML page (by its name, its archive record, or its first bytes)
 * becomes the text of its article; the page's title, URL and date fill
 * what the input did not give. */
static void html_text(struct arena *a, const struct rule_set *rs,
                      struct article *art)
{
    struct html_page pg;

    html_page_labels(a, art->raw, art->raw_len, art->charset,
                     rs ? rs->heading_labels : NULL,
                     rs ? rs->n_heading_labels : 0, &pg);
    art->text = pg.text;
    art->text_len = pg.text_len;
    art->encoding = pg.encoding;
    if (pg.status > art->status)
        art->status = pg.status;
    art->message = arena_join(a, art->message, pg.message);
    art->headline = pg.body_off > 0 && pg.body_off < pg.text_len;
    if (!art->title)
        art->title = pg.title;
    if (!art->url)
        art->url = pg.url;
    if (!art->date)
        art->date = pg.date;
    if (art->status > DOC_REPAIRED)
        art->text = NULL;       /* skipped or error: nothing to match */
}

/* Decode: the raw bytes of a document (OK, or mended by input) become
 * its UTF-8 text; an HTML page goes through the HTML reader instead. */
static void to_text(struct arena *a, const struct rule_set *rs,
                    struct article *art)
{
    if (art->status > DOC_REPAIRED || !art->raw)
        return;
    if (art->html || html_sniff(art->raw, art->raw_len))
        html_text(a, rs, art);
    else
        decode_article(a, art);
}

/* Normalize the text of a document that has one. */
static void to_norm(struct arena *a, struct article *art)
{
    if (art->text && (art->status == DOC_OK || art->status == DOC_REPAIRED))
        norm_text(a, art->text, art->text_len, &art->norm);
    /* A web page's headline and the blank line after it: line 0. */
    if (art->norm.s && art->headline)
        norm_number_from(&art->norm, 2);
}

/* Once normalized, a document's raw bytes and decoded text are read no
 * more (the stages after normalize see art->norm; the digest and the
 * documents row need only raw_len): give a long document's back now
 * rather than hold three copies of it to the end.  Small ones stay in
 * the arena until it is reset. */
static void drop_sources(struct arena *a, struct article *art)
{
    if (!art->norm.s)
        return;
    arena_free(a, art->text);
    arena_free(a, art->raw);
    art->text = NULL;
    art->raw = NULL;
}

/* Everything after input for one document, stage by stage: decode,
 * normalize, match, resolve.  Rows go to *dt (from 'a'); a limit hit is a
 * warning, or status error under --strict.  Times go to *st if not NULL. */
static void process(struct matcher *m, struct arena *a,
                    const struct rule_set *rs, bool strict,
                    struct article *art, struct doc_tables *dt,
                    struct stage_times *st)
{
    struct match_result mr;
    bool matched = false;
    double t0 = st ? stats_cpu() : 0;

    to_text(a, rs, art);
    if (st)
        stats_lap(st, STAGE_DECODE, &t0);
    to_norm(a, art);
    drop_sources(a, art);
    if (st)
        stats_lap(st, STAGE_NORMALIZE, &t0);
    /* Read errors were reported by input; say what else befell it. */
    if (art->status == DOC_REPAIRED || art->status == DOC_SKIPPED)
        diag_warn("%s: %s", art->doc_id, art->message);
    if (art->norm.s) {
        match_article(m, a, &art->norm, &mr);
        matched = true;
        if (mr.limit_hit) {
            diag_warn("%s: %s", art->doc_id, mr.message);
            if (strict)
                art->status = DOC_ERROR;
        }
    }
    if (st)
        stats_lap(st, STAGE_MATCH, &t0);
    resolve_article(m, a, rs, art, matched ? &mr : NULL, dt);
    if (st)
        stats_lap(st, STAGE_RESOLVE, &t0);
}

static int table_index(const char *name)
{
    for (int i = 0; i < T__COUNT; i++)
        if (strcmp(resolve_schema[i].name, name) == 0)
            return i;
    return -1;
}

struct sinks {
    struct out_table *t[T__COUNT];  /* NULL: table not written */
    struct xlsx_book *book;         /* -f xlsx -o DIR: the five sheets' */
    struct db *db;                  /* -f sqlite -o FILE: the database */
    struct outdir od;               /* -o DIR: its lock (outdir.h) */
};

/* -f xlsx -o DIR: the workbook DIR/BOOK_NAME.xlsx holds the tables. */
#define BOOK_NAME "utdrag"

/* -o names a folder for the five tables: an existing file, or a name
 * that looks like one table's file ("pairs.csv"), is a usage error, not a
 * folder created in its place. */
static bool output_dir_ok(const char *dir)
{
    static const char *const file_ends[] = {".csv", ".tsv", ".xlsx",
                                            ".txt", ".json"};
    static const char *const db_ends[] = {".sqlite", ".sqlite3", ".db"};
    struct stat st;
    size_t n = strlen(dir);

    for (size_t i = 0; i < sizeof db_ends / sizeof *db_ends; i++) {
        size_t k = strlen(db_ends[i]);
        if (n > k && strcasecmp(dir + n - k, db_ends[i]) == 0) {
            diag_error("-o %s: looks like a database; -f sqlite writes one "
                       "(-o takes a folder for the five tables otherwise)",
                       dir);
            return false;
        }
    }
    if (stat(dir, &st) == 0) {
        if (S_ISDIR(st.st_mode))
            return true;
        diag_error("-o %s: a file of that name exists; -o takes a folder "
                   "for the five tables (one table to a file: -t TABLE > "
                   "FILE)", dir);
        return false;
    }
    for (size_t i = 0; i < sizeof file_ends / sizeof *file_ends; i++) {
        size_t k = strlen(file_ends[i]);
        if (n > k && strcasecmp(dir + n - k, file_ends[i]) == 0) {
            diag_error("-o %s: looks like a file name; -o takes a folder "
                       "for the five tables (one table to a file: -t TABLE "
                       "> FILE)", dir);
            return false;
        }
    }
    return true;
}

/* Open the tables; with -o DIR, create DIR and take its lock first (the
 * caller releases it with outdir_close() once run.info is in place). */
static bool open_sinks(const struct options *o, struct sinks *s)
{
    memset(s, 0, sizeof *s);
    if (!o->output_dir) {
        int ti = table_index(o->table);
        const struct table_schema *ts = &resolve_schema[ti];
        s->t[ti] = output_open(NULL, ts->name, ts->columns, ts->n_columns,
                               &o->out, stdout);
        return s->t[ti] != NULL;
    }
    /* The stale temporaries of every file a run may write here. */
    const char *names[T__COUNT + 1];
    for (int i = 0; i < T__COUNT; i++)
        names[i] = resolve_schema[i].name;
    names[T__COUNT] = BOOK_NAME;
    if (!make_dirs(o->output_dir) ||
        !outdir_open(&s->od, o->output_dir, names, T__COUNT + 1))
        return false;
    if (o->out.format == OUT_XLSX) {
        s->book = xlsx_open(o->output_dir, BOOK_NAME, NULL);
        if (!s->book)
            return false;
    }
    for (int i = 0; i < T__COUNT; i++) {
        const struct table_schema *ts = &resolve_schema[i];
        s->t[i] = s->book ? output_open_sheet(s->book, ts->name, ts->columns,
                                              ts->n_columns)
                          : output_open(o->output_dir, ts->name, ts->columns,
                                        ts->n_columns, &o->out, NULL);
        if (!s->t[i])
            return false;
    }
    return true;
}

static bool write_rows(struct sinks *s, const struct doc_tables *dt)
{
    if (s->db)
        return db_write(s->db, dt);
    for (int i = 0; i < T__COUNT; i++) {
        if (!s->t[i])
            continue;
        for (size_t r = 0; r < dt->t[i].n; r++)
            if (!output_row(s->t[i], dt->t[i].rows[r]))
                return false;
    }
    return true;
}

/* Standard output: flush the one table and free it.  False after
 * reporting. */
static bool close_stdout(struct sinks *s)
{
    bool ok = true;

    for (int i = 0; i < T__COUNT; i++) {
        ok = output_close(s->t[i]) && ok;
        s->t[i] = NULL;
    }
    return ok;
}

/* -o DIR: put the tables and run.info in place as one unit (outdir.h):
 * every file is written and fsynced before the first rename, so an error
 * until then changes nothing in the folder.  False after reporting; what
 * is not committed is left to abort_sinks(). */
static bool commit_sinks(struct sinks *s, const char *info)
{
    bool ok = true;

    ok = output_finish_all(s->t, T__COUNT);
    ok = ok && xlsx_finish(s->book);
    ok = ok && outdir_info_write(&s->od, info);
    if (!ok)
        return false;
    ok = outdir_commit_begin(&s->od);
    for (int i = 0; i < T__COUNT && ok; i++) {
        ok = output_commit(s->t[i]);
        s->t[i] = NULL;
    }
    if (ok) {
        ok = xlsx_commit(s->book);
        s->book = NULL;
    }
    return outdir_commit_end(&s->od, ok);
}

/* Free what is left of the sinks, removing its temporary files. */
static void abort_sinks(struct sinks *s)
{
    for (int i = 0; i < T__COUNT; i++) {
        output_abort(s->t[i]);
        s->t[i] = NULL;
    }
    xlsx_abort(s->book);
    s->book = NULL;
    db_abort(s->db);
    s->db = NULL;
}

struct tally {
    unsigned long docs[DOC_ERROR + 1];
    unsigned long rows[T__COUNT];
    size_t bytes;
    struct archive_skips skips; /* archive records that are no document */
};

static void tally_add(struct tally *t, const struct article *art,
                      const struct doc_tables *dt)
{
    t->docs[art->status]++;
    t->bytes += art->raw_len;
    for (int i = 0; i < T__COUNT; i++)
        t->rows[i] += dt->t[i].n;
}

static unsigned long tally_docs(const struct tally *t)
{
    unsigned long n = 0;
    for (int s = 0; s <= DOC_ERROR; s++)
        n += t->docs[s];
    return n;
}

static void tally_print(const struct tally *t)
{
    diag_note("utdrag: %lu documents (%lu ok, %lu repaired, %lu empty, "
              "%lu skipped, %lu error): %lu pairs, %lu quotes, %lu speakers,"
              " %lu tags\n", tally_docs(t), t->docs[DOC_OK],
              t->docs[DOC_REPAIRED], t->docs[DOC_EMPTY], t->docs[DOC_SKIPPED],
              t->docs[DOC_ERROR], t->rows[T_PAIRS], t->rows[T_QUOTES],
              t->rows[T_SPEAKERS], t->rows[T_TAGS]);
    const struct archive_skips *k = &t->skips;
    unsigned long all = k->warcinfo + k->request + k->metadata + k->revisit +
                        k->other_type + k->not_2xx + k->not_text + k->encoding;
    if (all)
        diag_note("utdrag: %lu WARC records are no article and were skipped "
                  "(%lu request, %lu metadata, %lu warcinfo, %lu revisit, "
                  "%lu of other types, %lu responses not 2xx, %lu not text, "
                  "%lu in an unsupported content encoding)\n", all,
                  k->request, k->metadata, k->warcinfo, k->revisit,
                  k->other_type, k->not_2xx, k->not_text, k->encoding);
    if (k->blank_lines)
        diag_note("utdrag: %lu blank JSON Lines line%s passed over (no "
                  "record)\n", k->blank_lines,
                  k->blank_lines == 1 ? "" : "s");
}

/* Stable hash of a doc_id (FNV-1a, 64 bits): a document's shard does not
 * depend on the listing order, the machine or the run. */
static uint64_t shard_hash(const char *s)
{
    return fnv1a64(FNV64_START, s, strlen(s));
}

/* The digest of a document as input gave it (its bytes, where it came
 * from, its metadata and what reading it found): a database keeps a
 * document whose digest and rules are unchanged (db.h). */
static uint64_t article_hash(const struct article *art)
{
    const char *meta[] = {art->path, art->url, art->date, art->title,
                          art->charset, art->encoding, art->message,
                          doc_status_name(art->status)};
    uint64_t h = fnv1a64_wide(FNV64_START, art->raw ? art->raw
                                                     : (const void *)"",
                              art->raw ? art->raw_len : 0);
    unsigned char flags = (unsigned char)(art->html | art->raw_utf8 << 1);

    h = fnv1a64(h, &flags, 1);
    for (size_t i = 0; i < sizeof meta / sizeof *meta; i++) {
        const char *m = meta[i] ? meta[i] : "";
        h = fnv1a64(h, m, strlen(m) + 1);           /* with its NUL */
        h = fnv1a64(h, meta[i] ? "s" : "n", 1);     /* "" is not NULL */
    }
    return h;
}

/* -f sqlite: does this document need its rows made?  Not if the
 * database has it unchanged, nor if this run read its doc_id already
 * (the database keeps the first: doc_id is its key). */
static bool wanted_by_db(struct db *d, const struct article *art)
{
    switch (db_seen(d, art->doc_id, article_hash(art),
                    art->status != DOC_ERROR)) {
    case DB_NEW:
    case DB_CHANGED:
    case DB_FAILED:             /* reported; the write stops the run */
        return true;
    case DB_UNCHANGED:
        return false;
    case DB_REPEATED:
        break;
    }
    diag_warn("%s: doc_id read twice in this run; the database keeps the "
              "first", art->doc_id);
    return false;
}

/* One extract or check run: what the three parallel callbacks share.
 * Workers touch only matchers[worker] and times[worker]. */
struct run {
    const struct options *o;
    const struct rule_set *rs;
    struct input *in;
    struct matcher **matchers;
    struct stage_times *times;  /* per worker, then [n] for the main thread */
    unsigned n_workers;
    struct sinks sinks;
    struct report *rep;
    struct check_run *check;
    struct tally tally;
    struct progress progress;
    struct arena scratch;       /* main thread: check's temporaries */
    int status;
};

static bool run_read(void *ctx, struct arena *a, struct article *art)
{
    struct run *r = ctx;
    double t0 = r->o->stats ? stats_cpu() : 0;
    bool got;

    /* A document outside this shard is skipped here, before any work, and
     * so is one a database has already, unchanged. */
    while ((got = input_next(r->in, a, art)) &&
           ((r->o->shard_n &&
             shard_hash(art->doc_id) % r->o->shard_n != r->o->shard_k - 1) ||
            (r->sinks.db && !wanted_by_db(r->sinks.db, art))))
        arena_reset(a);
    if (r->o->stats)
        stats_lap(&r->times[r->n_workers], STAGE_READ, &t0);
    return got;
}

static void run_work(void *ctx, unsigned worker, struct arena *a,
                     struct article *art, struct doc_tables *dt)
{
    struct run *r = ctx;

    if (r->check) {
        /* check: only articles with an expectation (or named, to create
         * one with --update) are worth the work. */
        char *exp = check_expect_dir(art->path);
        bool want = fs_exists(exp) || (art->named && r->o->update);
        free(exp);
        if (!want) {
            memset(dt, 0, sizeof *dt);
            return;
        }
    }
    process(r->matchers[worker], a, r->rs, r->o->strict, art, dt,
            r->o->stats ? &r->times[worker] : NULL);
}

static bool run_write(void *ctx, const struct article *art,
                      const struct doc_tables *dt)
{
    struct run *r = ctx;
    double t0 = r->o->stats ? stats_cpu() : 0;
    bool ok = true;

    if (r->check) {
        char *exp = check_expect_dir(art->path);
        arena_reset(&r->scratch);
        if (dt->t[T_DOCUMENTS].n)
            ok = check_article(r->check, &r->scratch, art->doc_id, exp, dt);
        else if (art->named)
            check_missing(r->check, art->doc_id, exp);
        free(exp);
    } else {
        ok = write_rows(&r->sinks, dt) &&
             (!r->rep || report_doc(r->rep, art, dt));
    }
    if (art->status == DOC_ERROR ||
        (r->o->strict && art->status != DOC_OK && dt->t[T_DOCUMENTS].n))
        r->status = EXIT_DOCS;
    tally_add(&r->tally, art, dt);
    unsigned long rows = 0;
    for (int i = T_PAIRS; i < T__COUNT; i++)
        rows += r->tally.rows[i];
    progress_update(&r->progress, tally_docs(&r->tally), r->tally.bytes,
                    rows, r->tally.docs[DOC_ERROR], false);
    if (r->o->stats)
        stats_lap(&r->times[r->n_workers], STAGE_WRITE, &t0);
    return ok;
}

/* The rules that took most of the match stage, slowest first. */
static void print_rule_times(struct run *r)
{
    size_t n = r->rs->n_rules;
    double *sum = xcalloc(n + 1, sizeof *sum);
    for (unsigned w = 0; w < r->n_workers; w++) {
        const double *t = match_profile(r->matchers[w]);
        for (size_t i = 0; i < n; i++)
            sum[i] += t[i];
    }
    diag_note("utdrag: slowest rules (seconds, summed over threads)\n");
    for (int k = 0; k < 80; k++) {
        size_t best = n;
        for (size_t i = 0; i < n; i++)
            if (sum[i] > 0 && (best == n || sum[i] > sum[best]))
                best = i;
        if (best == n)
            break;
        diag_note("utdrag:   %8.3f  %s\n", sum[best], r->rs->rules[best].name);
        sum[best] = 0;
    }
    free(sum);
}

/* Set up matchers and timers, run, and sum the times.  False if an output
 * error stopped the run. */
static bool run_all(struct run *r)
{
    const struct par_ops ops = {r, run_read, run_work, run_write};
    unsigned n = r->o->jobs;
    double start = stats_now();
    bool ok;

    r->n_workers = n;
    r->matchers = xcalloc(n, sizeof *r->matchers);
    r->times = xcalloc(n + 1, sizeof *r->times);
    for (unsigned i = 0; i < n; i++) {
        r->matchers[i] = match_new(r->rs, &MATCH_LIMITS_DEFAULT);
        match_want_candidates(r->matchers[i], r->o->report != NULL);
        if (r->o->stats)
            match_profile(r->matchers[i]);
    }
    const struct archive_opts *ao = r->o->text_only ? NULL : &r->o->archive;
    r->in = input_new(r->o->args, r->o->n_args, r->o->max_doc_size, ao);
    bool line = !r->o->no_progress && isatty(STDERR_FILENO);
    progress_init(&r->progress, line,
                  line ? input_count(r->o->args, r->o->n_args, ao) : 0);
    ok = par_run(n, &ops);
    unsigned long rows = 0;
    for (int i = T_PAIRS; i < T__COUNT; i++)
        rows += r->tally.rows[i];
    progress_update(&r->progress, tally_docs(&r->tally), r->tally.bytes,
                    rows, r->tally.docs[DOC_ERROR], true);
    if (!r->o->quiet)
        diag_repeats();
    if (r->o->stats) {
        struct stage_times total = {0};
        for (unsigned i = 0; i <= n; i++)
            for (int s = 0; s < STAGE__COUNT; s++)
                total.sec[s] += r->times[i].sec[s];
        stats_print(&total, stats_now() - start, r->tally.bytes,
                    tally_docs(&r->tally), n);
        print_rule_times(r);
    }
    for (unsigned i = 0; i < n; i++)
        match_free(r->matchers[i]);
    free(r->matchers);
    free(r->times);
    input_skipped(r->in, &r->tally.skips);
    input_free(r->in);
    arena_fini(&r->scratch);
    return ok;
}

/* -f sqlite: what a document's rows are made under, for the database to
 * tell an unchanged document (db.h): the rules' digest, and the options
 * that change rows (--strict, --max-doc-size).  Caller frees. */
static char *settings_digest(const struct options *o, const struct rule_set *rs)
{
    char *s = xasprintf("%s%s", rs->version, o->strict ? " strict" : "");
    if (o->max_doc_size != OPTS_MAX_DOC_SIZE) {
        char *t = xasprintf("%s max-doc-size=%zu", s, o->max_doc_size);
        free(s);
        s = t;
    }
    return s;
}

/* -f sqlite: record the run and commit the database (db.h). */
static bool commit_db(struct sinks *s, const struct options *o,
                      const struct rule_set *rs)
{
    char *shard = o->shard_n ? xasprintf("%u/%u", o->shard_k, o->shard_n)
                             : xstrdup("none");
    char inputs[17], paths[17];
    snprintf(inputs, sizeof inputs, "%016" PRIx64,
             input_digest(o->args, o->n_args, true));
    snprintf(paths, sizeof paths, "%016" PRIx64,
             input_digest(o->args, o->n_args, false));
    const struct db_run_info ri = {
        .version = UTDRAG_VERSION, .rules = rs->version, .shard = shard,
        .inputs = inputs, .paths = paths, .args = o->args,
        .n_args = o->n_args,
    };
    bool ok = db_commit(s->db, &ri);
    s->db = NULL;
    free(shard);
    return ok;
}

static int cmd_extract(const struct options *o, const struct rule_set *rs)
{
    struct run r = {.o = o, .rs = rs, .status = EXIT_OK};
    char *settings = NULL;
    bool ok = false;

    if (o->output_dir && o->table_set) {
        diag_error("-t picks the table for standard output; -o writes all "
                   "five tables");
        return EXIT_USAGE;
    }
    if (o->output_dir && !o->db && !output_dir_ok(o->output_dir))
        return EXIT_USAGE;
    if (!o->output_dir && table_index(o->table) < 0) {
        diag_error("unknown table '%s' (documents, pairs, quotes, speakers "
                   "or tags)", o->table);
        return EXIT_USAGE;
    }
    if (o->db) {
        settings = settings_digest(o, rs);
        r.sinks.db = db_open(o->output_dir, settings);
        if (!r.sinks.db)
            goto out;
    } else if (!open_sinks(o, &r.sinks)) {
        goto out;
    }
    if (o->report) {
        r.rep = report_new(o->report, &o->out, rs);
        if (!r.rep)
            goto out;
    }
    ok = run_all(&r) && (!r.rep || report_finish(r.rep));
    if (ok && o->prune)
        ok = db_prune(r.sinks.db);
    if (ok && o->summary)
        tally_print(&r.tally);
    if (ok && o->summary && r.sinks.db) {
        struct db_counts c = db_counts(r.sinks.db);
        diag_note("utdrag: %s: %lu new, %lu changed, %lu unchanged, %lu "
                  "removed documents\n", o->output_dir, c.added, c.changed,
                  c.unchanged, c.removed);
        if (c.repeated)
            diag_note("utdrag: %s: %lu doc_id%s read twice, kept once\n",
                      o->output_dir, c.repeated, c.repeated == 1 ? "" : "s");
    }
    if (ok && r.sinks.db) {
        ok = commit_db(&r.sinks, o, rs);
    } else if (ok && o->output_dir) {
        char *info = run_info_text(o, rs);
        ok = commit_sinks(&r.sinks, info);
        free(info);
    } else if (ok) {
        ok = close_stdout(&r.sinks);
    }
out:
    abort_sinks(&r.sinks);
    outdir_close(&r.sinks.od);
    report_free(r.rep);
    free(settings);
    return ok ? r.status : EXIT_USAGE;
}

static bool export_row(void *table, const char *const *cells)
{
    return output_row(table, cells);
}

/* utdrag export DB: the tables of a database as extract would have
 * written them (with -o DIR: all five and a run.info from the database's
 * last run; else the one table -t names, on standard output). */
static int cmd_export(const struct options *o)
{
    struct sinks s = {0};
    struct db *d = NULL;
    char *info = NULL;
    bool ok = false;

    if (o->output_dir && o->table_set) {
        diag_error("-t picks the table for standard output; -o writes all "
                   "five tables");
        return EXIT_USAGE;
    }
    if (o->output_dir && !output_dir_ok(o->output_dir))
        return EXIT_USAGE;
    if (!o->output_dir && table_index(o->table) < 0) {
        diag_error("unknown table '%s' (documents, pairs, quotes, speakers "
                   "or tags)", o->table);
        return EXIT_USAGE;
    }
    d = db_open_read(o->args[0]);
    if (!d || (o->output_dir &&
               !(info = db_run_info(d, output_ext(o->out.format)))))
        goto out;
    if (!open_sinks(o, &s))
        goto out;
    ok = true;
    for (int i = 0; i < T__COUNT && ok; i++)
        if (s.t[i])
            ok = db_rows(d, i, export_row, s.t[i]);
    if (ok)
        ok = o->output_dir ? commit_sinks(&s, info) : close_stdout(&s);
out:
    abort_sinks(&s);
    outdir_close(&s.od);
    db_abort(d);
    free(info);
    return ok ? EXIT_OK : EXIT_USAGE;
}

/* check: a PATH that names a database (by its name or its first bytes)
 * is checked as one. */
static bool is_database(const char *path)
{
    static const char *const ends[] = {".sqlite", ".sqlite3", ".db"};
    size_t n = strlen(path);

    for (size_t i = 0; i < sizeof ends / sizeof *ends; i++) {
        size_t k = strlen(ends[i]);
        if (n > k && strcasecmp(path + n - k, ends[i]) == 0)
            return true;
    }
    return db_is_sqlite(path);
}

/* check DB: the options an extract needs to record the digest check
 * compares with (" --strict --rules DIR"), for its hint.  Caller frees. */
static char *extract_hint(const struct options *o)
{
    char size[32] = "";

    if (o->max_doc_size != OPTS_MAX_DOC_SIZE)
        snprintf(size, sizeof size, " --max-doc-size %zu", o->max_doc_size);
    return xasprintf("%s%s%s%s", o->strict ? " --strict" : "", size,
                     o->rules_dir ? " --rules " : "",
                     o->rules_dir ? o->rules_dir : "");
}

/* utdrag check DB...: each database is checked, never changed, against
 * the rules digest extract would record with these rules and options. */
static int check_databases(const struct options *o, const struct rule_set *rs)
{
    if (o->update) {
        diag_error("check --update: %s is a database, which has no "
                   "expectations to update", o->args[0]);
        return EXIT_USAGE;
    }
    char *hint = extract_hint(o);
    char *settings = settings_digest(o, rs);
    const struct check_opts co = {.junit = o->junit, .report = stdout,
                                  .allow_stale = o->allow_stale,
                                  .extract_opts = hint};
    struct check_run *cr = check_new(&co);
    bool ok = cr != NULL;

    for (size_t i = 0; cr && i < o->n_args; i++)
        ok = check_database(cr, o->args[i], settings) && ok;
    /* As with articles: no summary (nor JUnit file) after an error. */
    ok = ok && check_finish(cr);
    int status = !ok ? EXIT_USAGE
               : check_failures(cr) ? EXIT_DOCS : EXIT_OK;
    check_free(cr);
    free(settings);
    free(hint);
    return status;
}

/* utdrag check: every named article, and every article found in a folder
 * that has an expectation beside it; or databases (check_databases()),
 * but not both in one call: their reports and statuses differ. */
static int cmd_check(const struct options *o, const struct rule_set *rs)
{
    const struct check_opts co = {.update = o->update, .junit = o->junit,
                                  .report = stdout};
    struct run r = {.o = o, .rs = rs, .status = EXIT_OK};
    size_t n_db = 0, db = 0, other = 0;

    for (size_t i = 0; i < o->n_args; i++) {
        if (is_database(o->args[i])) {
            db = i;
            n_db++;
        } else {
            other = i;
        }
    }
    if (n_db && n_db < o->n_args) {
        diag_error("check: %s is a database and %s is not; check databases "
                   "and articles in separate calls", o->args[db],
                   o->args[other]);
        return EXIT_USAGE;
    }
    if (n_db)
        return check_databases(o, rs);
    if (o->allow_stale) {
        diag_error("check --allow-stale: for databases only (%s is not "
                   "one)", o->args[0]);
        return EXIT_USAGE;
    }
    r.check = check_new(&co);
    if (!r.check)
        return EXIT_USAGE;
    bool ok = run_all(&r) && check_finish(r.check);
    int status = !ok ? EXIT_USAGE
               : check_failures(r.check) ? EXIT_DOCS : EXIT_OK;
    /* A CI job that compares nothing must not pass. */
    if (ok && !o->update && check_count(r.check) == 0) {
        for (size_t i = 0; i < o->n_args; i++)
            diag_error("no expectations found under %s (an article A.txt "
                       "is compared with A.expected/; make them with "
                       "`utdrag check --update A.txt`)", o->args[i]);
        if (!o->n_args)
            diag_error("no expectations found");
        status = EXIT_DOCS;
    }
    check_free(r.check);
    return status;
}

static int cmd_normalize(const struct options *o, const struct rule_set *rs)
{
    struct arena a = {0};
    struct input *in = input_new(o->args, 1, o->max_doc_size, NULL);
    struct article art;
    int status = EXIT_OK;

    if (input_next(in, &a, &art)) {
        to_text(&a, rs, &art);
        to_norm(&a, &art);
        if (art.message && art.status != DOC_ERROR)   /* errors: reported */
            diag_warn("%s: %s", art.doc_id, art.message);
        if (art.norm.s) {
            /* A web page: the article, without the headline above it
             * (page context the rules see as line 0). */
            size_t from = art.headline && art.norm.n_lines > 2
                              ? art.norm.lines[2].off : 0;
            fwrite(art.norm.s + from, 1, art.norm.len - from, stdout);
        }
        if (art.status == DOC_ERROR)
            status = EXIT_DOCS;
    }
    input_free(in);
    arena_fini(&a);
    return status;
}

/* explain FILE: the document through every stage as extract takes it,
 * with resolve's trace of each hit's fate, printed by explain.c. */
static int cmd_explain(const struct options *o, const struct rule_set *rs)
{
    struct arena a = {0};
    struct input *in = input_new(o->args, 1, o->max_doc_size, NULL);
    struct article art;
    int status = EXIT_OK;

    if (o->rule) {
        size_t i = 0;
        while (i < rs->n_rules && strcmp(rs->rules[i].name, o->rule) != 0)
            i++;
        if (i == rs->n_rules) {
            diag_error("explain: no rule '%s' in the rule set", o->rule);
            input_free(in);
            return EXIT_USAGE;
        }
    }
    if (o->table_set && !explain_table_ok(o->table)) {
        diag_error("explain: unknown table '%s' (pairs, quotes, speakers, "
                   "tags or report)", o->table);
        input_free(in);
        return EXIT_USAGE;
    }
    if (input_next(in, &a, &art)) {
        struct matcher *m = match_new(rs, &MATCH_LIMITS_DEFAULT);
        struct resolve_trace tr = {0};
        struct doc_tables dt;
        struct match_result mr;
        bool matched = false;
        to_text(&a, rs, &art);
        to_norm(&a, &art);
        if (art.norm.s) {
            if (art.message)    /* repaired: say how */
                diag_warn("%s: %s", art.doc_id, art.message);
            match_article(m, &a, &art.norm, &mr);
            matched = true;
        }
        resolve_traced(m, &a, rs, &art, matched ? &mr : NULL, &dt, &tr);
        if (!matched) {
            if (art.status != DOC_ERROR)    /* (errors: input said so) */
                diag_error("%s: not explained: %s", art.doc_id,
                           art.message ? art.message : "no text");
            status = EXIT_DOCS;
        } else {
            const char *nc = getenv("NO_COLOR");
            struct explain_opts eo = {
                .rule = o->rule,
                .table = o->table_set ? o->table : NULL,
                .json = o->explain_json,
                .color = !o->explain_json && isatty(STDOUT_FILENO) &&
                         !(nc && *nc),
            };
            explain_print(stdout, rs, &art, &mr, &dt, &eo);
        }
        match_free(m);
    } else {
        status = EXIT_DOCS;
    }
    input_free(in);
    arena_fini(&a);
    return status;
}

static bool stdout_ok(void)
{
    if (fflush(stdout) != 0 || ferror(stdout)) {
        diag_error("standard output: %s", strerror(errno ? errno : EIO));
        return false;
    }
    return true;
}

int main(int argc, char **argv)
{
    struct options o;
    struct rule_set rs = {0};
    char *dir = NULL;
    int status = EXIT_USAGE;

#ifdef M_MMAP_THRESHOLD
    /* Document arenas take memory in chunks of 64 KiB and up.  A fixed
     * threshold (glibc raises it as mmapped chunks are freed) keeps the
     * large ones mmapped, so what an arena gives back leaves the process
     * and peak RSS does not creep up with the length of the batch. */
    mallopt(M_MMAP_THRESHOLD, 256 * 1024);
#endif
#ifdef M_TRIM_THRESHOLD
    /* PCRE2's JIT compiler (a rule's code is made once it has read 2 KiB)
     * frees its work buffers at the top of the heap; at glibc's default
     * threshold (128 KiB) every such free gave the memory back with brk()
     * and the next compile took it again: 4,500 brk calls, a TLB flush
     * each, a third of the time of a 1 MB batch (bench: 0.63 s -> 0.42 s
     * at -j1; peak RSS the same).  Keep up to 4 MiB at the top. */
    mallopt(M_TRIM_THRESHOLD, 4 * 1024 * 1024);
#endif
#ifdef M_ARENA_MAX
    /* One malloc arena for all threads: workers allocate from their
     * document arenas, rarely from malloc, so they do not contend for it,
     * and each thread's own malloc arena otherwise keeps a high-water
     * mark of its own (peak RSS over 100 MB / over 10 MB: 1.03-1.15 with
     * per-thread arenas, 1.01-1.04 with one; no difference in time). */
    mallopt(M_ARENA_MAX, 1);
#endif
    switch (opts_parse(&o, argc, argv)) {
    case OPTS_HELP:
        opts_help(stdout);
        return stdout_ok() ? EXIT_OK : EXIT_USAGE;
    case OPTS_VERSION:
        printf("utdrag %s\n", UTDRAG_VERSION);
        return stdout_ok() ? EXIT_OK : EXIT_USAGE;
    case OPTS_ERROR:
        return EXIT_USAGE;
    case OPTS_RUN:
        break;
    }
    diag_set_quiet(o.quiet);
    cleanup_init();
    html_global_init();
    if (o.command == CMD_MERGE) {
        status = merge_run(o.output_dir, o.args, o.n_args, o.allow_partial);
        goto out;
    }
    if (o.command == CMD_EXPORT) {
        status = cmd_export(&o);
        goto out;
    }
    if (o.command == CMD_GRAPH) {
        status = graph_run(o.args, o.n_args, o.graph_format, o.output_dir);
        if (!o.quiet)
            diag_repeats();
        goto out;
    }
    if ((o.command == CMD_RULES_TEST || o.command == CMD_RULES_LINT) &&
        o.n_args > 1) {
        diag_error("rules %s: give at most one DIR",
                   o.command == CMD_RULES_TEST ? "test" : "lint");
        goto out;
    }
    bool rules_cmd = o.command == CMD_RULES_TEST ||
                     o.command == CMD_RULES_LINT;
    dir = rules_default_dir(rules_cmd && o.n_args ? o.args[0] : o.rules_dir);
    if (!dir || !rules_load(&rs, dir))
        goto out;
    if (o.command == CMD_NORMALIZE)
        status = cmd_normalize(&o, &rs);
    else if (o.command == CMD_EXTRACT)
        status = cmd_extract(&o, &rs);
    else if (o.command == CMD_EXPLAIN)
        status = cmd_explain(&o, &rs);
    else if (o.command == CMD_CHECK)
        status = cmd_check(&o, &rs);
    else if (o.command == CMD_RULES_TEST)
        status = ruletest_run(&rs) ? EXIT_OK : EXIT_DOCS;
    else
        status = (ruletest_lint(&rs), EXIT_OK);
out:
    /* An output error was already reported where it happened. */
    if (status != EXIT_USAGE && !stdout_ok())
        status = EXIT_USAGE;
    rules_fini(&rs);
    free(dir);
    html_global_cleanup();
    return status;
}
