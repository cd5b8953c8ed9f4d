/*
 * merge.c - combine the tables of several runs (see merge.h).
 */
/* SPDX-License-Identifier: MIT */
#include "merge.h"

#include <csv.h>
#include <ctype.h>
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "db.h"
#include "diag.h"
#include "fsutil.h"
#include "hash.h"
#include "outdir.h"
#include "output.h"
#include "resolve.h"
#include "xalloc.h"

#define TABLE_MAX ((size_t)1 << 34)     /* 16 GiB: a table, not an article */

struct row {
    char **cells;
    size_t n;
    size_t seq;                 /* position in the input: stable sort */
};

struct rows {
    struct row *v;
    size_t n, cap;
};

/* What run.info says of the shard: see merge.h. */
enum shard_kind {
    SHARD_NONE,                 /* "none": a whole run */
    SHARD_ONE,                  /* "K/N" */
    SHARD_MERGED,               /* "merged N/N": a whole run, merged */
    SHARD_PARTIAL,              /* "partial: missing ...": not mergeable */
};

struct info {
    char *rules;
    char *format;
    char *shard;                /* as written, after "shard " */
    char *inputs;               /* digest of the input paths, resolved */
    char *paths;                /* digest of the input paths as written */
    enum shard_kind kind;
    unsigned k, n;              /* SHARD_ONE, SHARD_MERGED (k = n) */
};

/* ---- reading ---------------------------------------------------------- */

struct csv_state {
    struct rows *rows;
    struct row cur;
    size_t cap;
};

static void on_field(void *s, size_t len, void *data)
{
    struct csv_state *st = data;
    if (st->cur.n == st->cap) {
        st->cap = st->cap ? st->cap * 2 : 16;
        st->cur.cells = xreallocarray(st->cur.cells, st->cap,
                                      sizeof *st->cur.cells);
    }
    st->cur.cells[st->cur.n++] = xstrndup(s ? s : "", s ? len : 0);
}

static void on_row(int c, void *data)
{
    struct csv_state *st = data;
    struct rows *r = st->rows;
    (void)c;
    if (r->n == r->cap) {
        r->cap = r->cap ? r->cap * 2 : 256;
        r->v = xreallocarray(r->v, r->cap, sizeof *r->v);
    }
    st->cur.seq = r->n;
    r->v[r->n++] = st->cur;
    st->cur = (struct row){0};
    st->cap = 0;
}

static bool has_bom(const char *s)
{
    return memcmp(s, "\xEF\xBB\xBF", 3) == 0;
}

static bool parse_csv(const char *path, char *text, size_t len,
                      struct rows *out)
{
    struct csv_parser p;
    struct csv_state st = {.rows = out};
    bool ok = true;

    if (csv_init(&p, CSV_STRICT | CSV_STRICT_FINI | CSV_APPEND_NULL) != 0)
        xmalloc(SIZE_MAX);      /* reports out of memory */
    /* A BOM (--bom) is not part of the first cell. */
    if (len >= 3 && has_bom(text)) {
        text += 3;
        len -= 3;
    }
    if (csv_parse(&p, text, len, on_field, on_row, &st) != len ||
        csv_fini(&p, on_field, on_row, &st) != 0) {
        diag_error("%s: malformed CSV: %s", path,
                   csv_strerror(csv_error(&p)));
        ok = false;
    }
    for (size_t i = 0; i < st.cur.n; i++)
        free(st.cur.cells[i]);
    free(st.cur.cells);
    csv_free(&p);
    return ok;
}

/* TSV cells stay escaped as written; only tabs split them. */
static void parse_tsv(char *text, struct rows *out)
{
    struct csv_state st = {.rows = out};
    if (has_bom(text))
        text += 3;
    for (char *line = text; *line;) {
        char *nl = strchr(line, '\n');
        if (nl)
            *nl = '\0';
        for (char *p = line;;) {
            char *tab = strchr(p, '\t');
            if (tab)
                *tab = '\0';
            on_field(p, strlen(p), &st);
            if (!tab)
                break;
            p = tab + 1;
        }
        on_row(0, &st);
        if (!nl)
            break;
        line = nl + 1;
    }
}

static void rows_free(struct rows *r)
{
    for (size_t i = 0; i < r->n; i++) {
        for (size_t j = 0; j < r->v[i].n; j++)
            free(r->v[i].cells[j]);
        free(r->v[i].cells);
    }
    free(r->v);
    memset(r, 0, sizeof *r);
}

/* Fill in->kind, k and n from in->shard; false after reporting. */
static bool parse_shard(const char *path, struct info *in)
{
    const char *s = in->shard;
    char end;

    if (strcmp(s, "none") == 0) {
        in->kind = SHARD_NONE;
        return true;
    }
    if (strncmp(s, "partial", 7) == 0) {
        in->kind = SHARD_PARTIAL;
        return true;
    }
    if (strncmp(s, "merged ", 7) == 0 && isdigit((unsigned char)s[7]) &&
        sscanf(s + 7, "%u/%u%c", &in->k, &in->n, &end) == 2 &&
        in->k == in->n && in->n >= 1) {
        in->kind = SHARD_MERGED;
        return true;
    }
    if (isdigit((unsigned char)s[0]) &&
        sscanf(s, "%u/%u%c", &in->k, &in->n, &end) == 2 && in->k >= 1 &&
        in->k <= in->n) {
        in->kind = SHARD_ONE;
        return true;
    }
    diag_error("%s: shard '%s' is none, K/N, merged N/N or partial", path, s);
    return false;
}

/* Read DIR/run.info, or the last run of a database (-f sqlite); false
 * after reporting. */
static bool read_info(const char *dir, struct info *in)
{
    bool is_db = db_is_sqlite(dir);
    char *path = is_db ? xstrdup(dir) : xasprintf("%s/run.info", dir);
    size_t len;
    char *text = NULL;
    bool ok = false;

    memset(in, 0, sizeof *in);
    if (is_db) {
        struct db *d = db_open_read(dir);
        text = d ? db_run_info(d, "sqlite") : NULL;
        db_abort(d);
        if (!text)
            goto out;
    } else if (!(text = fs_read_file(path, 1 << 16, &len))) {
        diag_error("%s: %s (not an output folder of utdrag extract -o?)",
                   path, strerror(errno));
        goto out;
    }
    for (char *line = strtok(text, "\n"); line; line = strtok(NULL, "\n")) {
        char **to = strncmp(line, "rules ", 6) == 0    ? &in->rules
                    : strncmp(line, "format ", 7) == 0 ? &in->format
                    : strncmp(line, "shard ", 6) == 0  ? &in->shard
                    : strncmp(line, "inputs ", 7) == 0 ? &in->inputs
                    : strncmp(line, "paths ", 6) == 0  ? &in->paths
                                                       : NULL;
        if (to && !*to)
            *to = xstrdup(strchr(line, ' ') + 1);
    }
    if (!in->rules || !in->format)
        diag_error("%s: no rules or format line", path);
    else if (!in->shard || !in->inputs || !in->paths)
        diag_error("%s: no shard, inputs or paths line (written by an "
                   "older utdrag: run extract again)", path);
    else
        ok = parse_shard(path, in);
out:
    free(text);
    free(path);
    return ok;
}

static void info_fini(struct info *in)
{
    free(in->rules);
    free(in->format);
    free(in->shard);
    free(in->inputs);
    free(in->paths);
}

/* Rules and format: every folder like the first, CSV or TSV.  Returns the
 * number of problems reported. */
static size_t check_alike(const char *const *dirs, const struct info *in,
                          size_t n)
{
    size_t bad = 0;
    for (size_t i = 0; i < n; i++) {
        if (strcmp(in[i].format, "csv") != 0 &&
            strcmp(in[i].format, "tsv") != 0 &&
            strcmp(in[i].format, "sqlite") != 0) {
            diag_error("%s: format %s: merge needs CSV or TSV output, or "
                       "databases (extract -f csv, tsv or sqlite)", dirs[i],
                       in[i].format);
            bad++;
        } else if (strcmp(in[i].format, in[0].format) != 0) {
            diag_error("%s: format %s, %s has %s", dirs[i], in[i].format,
                       dirs[0], in[0].format);
            bad++;
        }
        if (strcmp(in[i].rules, in[0].rules) != 0) {
            diag_error("%s: made with rules %s, %s with rules %s: merge "
                       "only runs of the same rules", dirs[i], in[i].rules,
                       dirs[0], in[0].rules);
            bad++;
        }
        if (in[i].kind == SHARD_PARTIAL) {
            diag_error("%s: a partial merge (shard %s): merge its shards "
                       "instead", dirs[i], in[i].shard);
            bad++;
        }
    }
    return bad;
}

/* Whole runs (no shard): separate batches may be combined, but the same
 * inputs written two ways would count each document twice, under two
 * doc_ids.  Returns the number of problems reported. */
static size_t check_wholes(const char *const *dirs, const struct info *in,
                           size_t n)
{
    size_t bad = 0;
    for (size_t i = 1; i < n; i++)
        for (size_t j = 0; j < i; j++)
            if (strcmp(in[i].inputs, in[j].inputs) == 0 &&
                strcmp(in[i].paths, in[j].paths) != 0) {
                diag_error("%s: made from the inputs of %s, written "
                           "differently (like arch and ./arch): its documents "
                           "would be counted twice, under other doc_ids",
                           dirs[i], dirs[j]);
                bad++;
                break;
            }
    return bad;
}

struct slot {
    unsigned k;
    size_t dir;
};

static int cmp_slot(const void *pa, const void *pb)
{
    const struct slot *a = pa, *b = pb;
    if (a->k != b->k)
        return a->k < b->k ? -1 : 1;
    return a->dir < b->dir ? -1 : a->dir > b->dir;
}

/* Append "K/N" to the list *s (heap, NULL: empty). */
static void list_add(char **s, unsigned k, unsigned n)
{
    char *t = *s ? xasprintf("%s, %u/%u", *s, k, n) : xasprintf("%u/%u", k, n);
    free(*s);
    *s = t;
}

/* Shards: every folder a shard of the first shard's batch (inputs, paths,
 * N), each K once.  The missing shards go to *missing ("3/4, 4/4", heap)
 * and are errors unless allow_partial.  Returns the number of problems
 * reported. */
static size_t check_shards(const char *const *dirs, const struct info *in,
                           size_t n, size_t f, bool allow_partial,
                           char **missing)
{
    struct slot *v = xcalloc(n, sizeof *v);
    size_t bad = 0, nv = 0;
    const unsigned N = in[f].n;

    for (size_t i = 0; i < n; i++) {
        if (in[i].kind != SHARD_ONE) {
            if (in[i].kind != SHARD_PARTIAL) {
                diag_error("%s: shard %s, %s is shard %u/%u: merge the "
                           "shards of one batch, or whole runs, not both",
                           dirs[i], in[i].shard, dirs[f], in[f].k, N);
                bad++;
            }
            continue;
        }
        bool same = true;
        if (in[i].n != N) {
            diag_error("%s: shard %u/%u, %s is shard %u/%u (another N)",
                       dirs[i], in[i].k, in[i].n, dirs[f], in[f].k, N);
            same = false;
        }
        if (strcmp(in[i].inputs, in[f].inputs) != 0) {
            diag_error("%s: inputs differ from %s (made from other input "
                       "paths)", dirs[i], dirs[f]);
            same = false;
        } else if (strcmp(in[i].paths, in[f].paths) != 0) {
            diag_error("%s: input paths written differently from %s (like "
                       "arch and ./arch): doc_ids, and so shards, follow "
                       "the spelling; give every shard the same PATHs",
                       dirs[i], dirs[f]);
            same = false;
        }
        if (!same)
            bad++;
        if (in[i].n == N)       /* it fills its place, if wrongly */
            v[nv++] = (struct slot){in[i].k, i};
    }
    qsort(v, nv, sizeof *v, cmp_slot);
    unsigned next = 1;          /* the lowest K not yet seen */
    for (size_t j = 0; j < nv; j++) {
        if (j && v[j].k == v[j - 1].k) {
            size_t first = j - 1;
            while (first && v[first - 1].k == v[j].k)
                first--;
            diag_error("shard %u/%u given twice: %s and %s", v[j].k, N,
                       dirs[v[first].dir], dirs[v[j].dir]);
            bad++;
            continue;
        }
        for (; next < v[j].k; next++)
            list_add(missing, next, N);
        next = v[j].k + 1;
    }
    for (; next <= N; next++)
        list_add(missing, next, N);
    free(v);
    if (*missing && !allow_partial) {
        /* One line each, as for the other problems. */
        for (const char *p = *missing; *p;) {
            size_t len = strcspn(p, ",");
            diag_error("missing shard %.*s", (int)len, p);
            bad++;
            p += len;
            p += strspn(p, ", ");
        }
    }
    return bad;
}

static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* The digest of whole runs combined, from their digests v[0..n) (sorted
 * here): theirs when all agree, else a digest of the distinct ones.
 * Caller frees. */
static char *combine(const char **v, size_t n)
{
    uint64_t h = FNV64_START;

    qsort(v, n, sizeof *v, cmp_str);
    if (strcmp(v[0], v[n - 1]) == 0)
        return xstrdup(v[0]);
    for (size_t i = 0; i < n; i++)
        if (!i || strcmp(v[i], v[i - 1]) != 0)
            h = fnv1a64(h, v[i], strlen(v[i]) + 1);
    return xasprintf("%016" PRIx64, h);
}

/* The run.info of the result. */
struct result_info {
    char *shard, *inputs, *paths;
    bool partial;
};

/* Check that the folders make one set (see merge.h) and fill *r; false
 * after reporting every problem. */
static bool check_set(const char *const *dirs, const struct info *in,
                      size_t n, bool allow_partial, struct result_info *r)
{
    size_t bad = check_alike(dirs, in, n), f = 0;
    char *missing = NULL;

    for (size_t i = 0; i < n; i++)
        if (in[i].kind == SHARD_PARTIAL)
            return false;       /* reported: the set is no set */
    while (f < n && in[f].kind != SHARD_ONE)
        f++;
    if (f == n) {
        bad += check_wholes(dirs, in, n);
        const char **inputs = xcalloc(n, sizeof *inputs);
        const char **paths = xcalloc(n, sizeof *paths);
        for (size_t i = 0; i < n; i++) {
            inputs[i] = in[i].inputs;
            paths[i] = in[i].paths;
        }
        r->shard = xstrdup("none");
        r->inputs = combine(inputs, n);
        r->paths = combine(paths, n);
        free(inputs);
        free(paths);
        return bad == 0;
    }
    bad += check_shards(dirs, in, n, f, allow_partial, &missing);
    if (missing && !bad) {
        diag_warn("missing shard%s %s: merged %zu of %u shards "
                  "(--allow-partial)", strchr(missing, ',') ? "s" : "",
                  missing, n, in[f].n);
        r->partial = true;
    }
    r->shard = missing ? xasprintf("partial: missing %s", missing)
                       : xasprintf("merged %u/%u", in[f].n, in[f].n);
    r->inputs = xstrdup(in[f].inputs);
    r->paths = xstrdup(in[f].paths);
    free(missing);
    return bad == 0;
}

/* Whether DIR/NAME.FMT starts with a UTF-8 BOM (a missing file: no). */
static bool starts_with_bom(const char *dir, const char *name,
                            const char *fmt)
{
    char *path = xasprintf("%s/%s.%s", dir, name, fmt);
    FILE *f = fopen(path, "rb");
    unsigned char b[3];
    bool bom = f && fread(b, 1, 3, f) == 3 && has_bom((const char *)b);
    if (f)
        fclose(f);
    free(path);
    return bom;
}

/* Read one table of one folder, check its header, append its rows (header
 * dropped) to *all, each tagged with the folder's index in 'seq' order. */
static bool read_table(const char *dir, const char *fmt, size_t t,
                       struct rows *all, size_t *bom)
{
    const struct table_schema *ts = &resolve_schema[t];
    char *path = xasprintf("%s/%s.%s", dir, ts->name, fmt);
    struct rows r = {0};
    size_t len;
    char *text = fs_read_file(path, TABLE_MAX, &len);
    bool ok = false;

    if (!text) {
        diag_error("%s: %s", path, strerror(errno));
        goto out;
    }
    if (len >= 3 && has_bom(text))
        (*bom)++;
    if (strcmp(fmt, "csv") == 0) {
        if (!parse_csv(path, text, len, &r))
            goto out;
    } else {
        parse_tsv(text, &r);
    }
    bool same = r.n && r.v[0].n == ts->n_columns;
    for (size_t c = 0; same && c < ts->n_columns; c++)
        same = strcmp(r.v[0].cells[c], ts->columns[c]) == 0;
    if (!same) {
        diag_error("%s: header differs from this utdrag's %s table", path,
                   ts->name);
        goto out;
    }
    for (size_t i = 1; i < r.n; i++) {
        if (r.v[i].n != ts->n_columns) {
            diag_error("%s: row %zu has %zu cells, the header %zu", path,
                       i + 1, r.v[i].n, ts->n_columns);
            goto out;
        }
        if (all->n == all->cap) {
            all->cap = all->cap ? all->cap * 2 : 1024;
            all->v = xreallocarray(all->v, all->cap, sizeof *all->v);
        }
        all->v[all->n] = r.v[i];
        all->v[all->n].seq = all->n;
        all->n++;
        r.v[i] = (struct row){0};
    }
    ok = true;
out:
    rows_free(&r);
    free(text);
    free(path);
    return ok;
}

static int cmp_row(const void *pa, const void *pb)
{
    const struct row *a = pa, *b = pb;
    int c = strcmp(a->cells[0], b->cells[0]);
    if (c)
        return c;
    return a->seq < b->seq ? -1 : a->seq > b->seq;
}

/* doc_ids seen in documents tables, one per doc_id and folder: the rows
 * each table should have there (the documents row's counts), and has. */
struct owner {
    char *doc_id;               /* heap copy */
    size_t dir;
    unsigned long want[T__COUNT];
    unsigned long got[T__COUNT];
};

static int cmp_owner(const void *pa, const void *pb)
{
    const struct owner *a = pa, *b = pb;
    int c = strcmp(a->doc_id, b->doc_id);
    if (c)
        return c;
    return a->dir < b->dir ? -1 : a->dir > b->dir;
}

static int cmp_owner_id(const void *pa, const void *pb)
{
    const struct owner *a = pa, *b = pb;
    return strcmp(a->doc_id, b->doc_id);
}

/* The column of the documents table that counts table t's rows per
 * document: the one named as the table ("pairs" ...), or -1. */
static int count_column(size_t t)
{
    const struct table_schema *d = &resolve_schema[T_DOCUMENTS];

    for (size_t c = 0; t != T_DOCUMENTS && c < d->n_columns; c++)
        if (strcmp(d->columns[c], resolve_schema[t].name) == 0)
            return (int)c;
    return -1;
}

/* One owner per documents row of *tb (dir_end tells each row's folder),
 * sorted, a doc_id twice in one folder summed into one.  Returns the
 * count (*out: caller frees each doc_id and the array) and adds the
 * counts that are no numbers, reported, to *bad. */
static size_t make_owners(const struct rows *tb, const size_t *dir_end,
                          const char *const *dirs, const char *fmt,
                          struct owner **out, size_t *bad)
{
    struct owner *v = xcalloc(tb->n + 1, sizeof *v);
    size_t n = 0;

    for (size_t r = 0, d = 0; r < tb->n; r++) {
        while (r >= dir_end[d])
            d++;
        struct owner *o = &v[n++];
        o->doc_id = xstrdup(tb->v[r].cells[0]);
        o->dir = d;
        for (size_t t = 0; t < T__COUNT; t++) {
            int c = count_column(t);
            const char *cell = c < 0 ? "0" : tb->v[r].cells[c];
            char *end;
            errno = 0;
            o->want[t] = strtoul(cell, &end, 10);
            if (errno || end == cell || *end || cell[0] == '-') {
                diag_error("%s/documents.%s: doc_id %s: %s count '%s' is "
                           "not a number", dirs[d], fmt, o->doc_id,
                           resolve_schema[t].name, cell);
                (*bad)++;
            }
        }
    }
    if (n)
        qsort(v, n, sizeof *v, cmp_owner);
    size_t w = 0;
    for (size_t i = 0; i < n; i++) {
        if (w && cmp_owner(&v[w - 1], &v[i]) == 0) {
            for (size_t t = 0; t < T__COUNT; t++)
                v[w - 1].want[t] += v[i].want[t];
            free(v[i].doc_id);
            continue;
        }
        v[w++] = v[i];
    }
    *out = v;
    return w;
}

/* Count each row of table t in *tb for its document in its folder
 * (owners from make_owners()).  A document with rows but no documents
 * row in that folder is reported, once per run of its rows; returns how
 * many were. */
static size_t count_rows(const struct rows *tb, const size_t *dir_end,
                         struct owner *owners, size_t n_owners, size_t t,
                         const char *const *dirs, const char *fmt)
{
    size_t bad = 0, last_dir = 0;
    const char *last = NULL;    /* the doc_id reported last */

    for (size_t r = 0, d = 0; r < tb->n; r++) {
        while (r >= dir_end[d])
            d++;
        struct owner key = {.doc_id = tb->v[r].cells[0], .dir = d};
        struct owner *o = n_owners ? bsearch(&key, owners, n_owners,
                                             sizeof *owners, cmp_owner)
                                   : NULL;
        if (o) {
            o->got[t]++;
            continue;
        }
        if (last && last_dir == d && strcmp(last, key.doc_id) == 0)
            continue;           /* reported for the row before */
        diag_error("%s/%s.%s: doc_id %s has rows, but %s/documents.%s has "
                   "no row for it", dirs[d], resolve_schema[t].name, fmt,
                   key.doc_id, dirs[d], fmt);
        last = key.doc_id;
        last_dir = d;
        bad++;
    }
    return bad;
}

/* Each document's rows against the counts of its documents row, in every
 * folder; every mismatch is reported.  Returns how many there were. */
static size_t check_counts(const struct owner *owners, size_t n_owners,
                           const char *const *dirs, const char *fmt)
{
    size_t bad = 0;

    for (size_t i = 0; i < n_owners; i++) {
        const struct owner *o = &owners[i];
        for (size_t t = 0; t < T__COUNT; t++) {
            if (count_column(t) < 0 || o->want[t] == o->got[t])
                continue;
            diag_error("%s/%s.%s: doc_id %s has %lu row%s, %s/documents.%s "
                       "says %lu", dirs[o->dir], resolve_schema[t].name, fmt,
                       o->doc_id, o->got[t], o->got[t] == 1 ? "" : "s",
                       dirs[o->dir], fmt, o->want[t]);
            bad++;
        }
    }
    return bad;
}

/* Keep the rows of *tb whose folder owns their document (dir_end tells
 * each row's folder), sorted by doc_id, and free the others. */
static void keep_owned(struct rows *tb, const size_t *dir_end,
                       const struct owner *owners, size_t n_owners)
{
    size_t w = 0;
    for (size_t r = 0, d = 0; r < tb->n; r++) {
        while (r >= dir_end[d])
            d++;
        struct owner key = {.doc_id = tb->v[r].cells[0]};  /* only read */
        const struct owner *o = n_owners
                                    ? bsearch(&key, owners, n_owners,
                                              sizeof *owners, cmp_owner_id)
                                    : NULL;
        /* With duplicates bsearch may land on any; scan back. */
        while (o && o > owners && strcmp(o[-1].doc_id, key.doc_id) == 0)
            o--;
        if (o && o->dir != d) {
            for (size_t j = 0; j < tb->v[r].n; j++)
                free(tb->v[r].cells[j]);
            free(tb->v[r].cells);
            continue;
        }
        tb->v[w++] = tb->v[r];
    }
    tb->n = w;
    if (tb->n)
        qsort(tb->v, tb->n, sizeof *tb->v, cmp_row);
}

/* Databases (extract -f sqlite): OUT, a database, is replaced by their
 * documents in one transaction (db.h). */
static int merge_db(const char *out, const char *const *srcs, size_t n,
                    const char *rules, const struct result_info *ri)
{
    struct db *d = db_open(out, rules);
    bool ok = d && db_clear(d);

    for (size_t i = 0; i < n && ok; i++)
        ok = db_merge_from(d, srcs[i]);
    if (!ok) {
        db_abort(d);
        return 2;
    }
    const struct db_run_info dri = {
        .version = UTDRAG_VERSION, .rules = rules, .shard = ri->shard,
        .inputs = ri->inputs, .paths = ri->paths, .args = srcs, .n_args = n,
    };
    if (!db_commit(d, &dri))
        return 2;
    return ri->partial ? 1 : 0;
}

/* One table at a time (documents first: they decide which folder owns a
 * document), so that memory holds the largest table, not all five.  Each
 * table is written to a temporary file and finished (fsynced) before the
 * next is read; the five and run.info then go into place as one unit,
 * under the folder's lock (outdir.h), as extract's do. */
int merge_run(const char *out_dir, const char *const *dirs, size_t n,
              bool allow_partial)
{
    struct info *infos = xcalloc(n, sizeof *infos);
    struct out_table *ots[T__COUNT] = {0};
    size_t *dir_end = xcalloc(n, sizeof *dir_end);  /* rows of dir i end
                                                       at dir_end[i] */
    struct rows tb = {0};
    struct owner *owners = NULL;
    struct result_info ri = {0};
    struct outdir od = {0};
    const char *names[T__COUNT];
    size_t n_owners = 0, bom = 0, bad = 0;
    int status = 2;
    bool read_all = true;

    for (size_t i = 0; i < n; i++)
        read_all = read_info(dirs[i], &infos[i]) && read_all;
    if (!read_all || !check_set(dirs, infos, n, allow_partial, &ri))
        goto out;
    if (strcmp(infos[0].format, "sqlite") == 0) {
        status = merge_db(out_dir, dirs, n, infos[0].rules, &ri);
        goto out;
    }
    /* A BOM in any input table: every output table gets one.  Known only
     * after reading, so peek at the first bytes of each now. */
    for (size_t t = 0; t < T__COUNT; t++)
        for (size_t i = 0; i < n; i++)
            bom += starts_with_bom(dirs[i], resolve_schema[t].name,
                                   infos[0].format);
    if (!fs_is_dir(out_dir) && mkdir(out_dir, 0777) != 0) {
        diag_error("%s: %s", out_dir, strerror(errno));
        goto out;
    }
    for (size_t t = 0; t < T__COUNT; t++)
        names[t] = resolve_schema[t].name;
    if (!outdir_open(&od, out_dir, names, T__COUNT))
        goto out;
    const struct out_opts oo = {
        .format = strcmp(infos[0].format, "tsv") == 0 ? OUT_TSV : OUT_CSV,
        .bom = bom > 0, .formula_guard = false,
    };
    for (size_t t = 0; t < T__COUNT; t++) {
        const struct table_schema *ts = &resolve_schema[t];
        size_t ignored = 0;
        for (size_t i = 0; i < n; i++) {
            if (!read_table(dirs[i], infos[0].format, t, &tb, &ignored))
                goto out;
            dir_end[i] = tb.n;
        }
        /* Each document once: the first folder with a documents row owns
         * it.  Each folder's rows must agree with its documents row. */
        if (t == T_DOCUMENTS)
            n_owners = make_owners(&tb, dir_end, dirs, infos[0].format,
                                   &owners, &bad);
        else
            bad += count_rows(&tb, dir_end, owners, n_owners, t, dirs,
                              infos[0].format);
        keep_owned(&tb, dir_end, owners, n_owners);
        ots[t] = output_open(out_dir, ts->name, ts->columns, ts->n_columns,
                             &oo, NULL);
        bool ok = ots[t] != NULL;
        for (size_t r = 0; ok && r < tb.n; r++)
            ok = output_row(ots[t], (void *)tb.v[r].cells);
        rows_free(&tb);
        if (!ok || !output_finish(ots[t]))
            goto out;
    }
    bad += check_counts(owners, n_owners, dirs, infos[0].format);
    if (bad)
        goto out;
    char *info = xasprintf("utdrag %s\nrules %s\nformat %s\nshard %s\n"
                           "inputs %s\npaths %s\nmerged %zu\n",
                           UTDRAG_VERSION, infos[0].rules, infos[0].format,
                           ri.shard, ri.inputs, ri.paths, n);
    bool ok = outdir_info_write(&od, info);
    free(info);
    if (!ok)
        goto out;
    ok = outdir_commit_begin(&od);
    for (size_t t = 0; t < T__COUNT && ok; t++) {
        ok = output_commit(ots[t]);
        ots[t] = NULL;
    }
    if (outdir_commit_end(&od, ok))
        status = ri.partial ? 1 : 0;
out:
    for (size_t t = 0; t < T__COUNT; t++)
        output_abort(ots[t]);
    outdir_close(&od);
    rows_free(&tb);
    free(dir_end);
    for (size_t i = 0; i < n_owners; i++)
        free(owners[i].doc_id);
    free(owners);
    for (size_t i = 0; i < n; i++)
        info_fini(&infos[i]);
    free(infos);
    free(ri.shard);
    free(ri.inputs);
    free(ri.paths);
    return status;
}
