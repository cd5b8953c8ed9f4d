/*
 * merge.c - combine the tables of several runs (see merge.h).
 */
/* SPDX-License-Identifier: MIT */
#include "merge.h"

#include <csv.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "diag.h"
#include "fsutil.h"
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

struct info {
    char *rules;
    char *format;
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

/* Read DIR/run.info; false after reporting. */
static bool read_info(const char *dir, struct info *in)
{
    char *path = xasprintf("%s/run.info", dir);
    size_t len;
    char *text = fs_read_file(path, 1 << 16, &len);
    bool ok = false;

    memset(in, 0, sizeof *in);
    if (!text) {
        diag_error("%s: %s (not an output folder of utdrag extract -o?)",
                   path, strerror(errno));
        goto out;
    }
    for (char *line = strtok(text, "\n"); line; line = strtok(NULL, "\n")) {
        if (strncmp(line, "rules ", 6) == 0)
            in->rules = xstrdup(line + 6);
        else if (strncmp(line, "format ", 7) == 0)
            in->format = xstrdup(line + 7);
    }
    ok = in->rules && in->format;
    if (!ok)
        diag_error("%s: no rules or format line", path);
out:
    free(text);
    free(path);
    return ok;
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

/* doc_ids seen in documents tables, and the folder each was taken from. */
struct owner {
    char *doc_id;               /* heap copy */
    size_t dir;
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

/* Keep the rows of *tb whose folder owns their document (dir_end tells
 * each row's folder), sorted by doc_id, and free the others. */
static void keep_owned(struct rows *tb, const size_t *dir_end,
                       const struct owner *owners, size_t n_owners)
{
    size_t w = 0;
    for (size_t r = 0, d = 0; r < tb->n; r++) {
        while (r >= dir_end[d])
            d++;
        struct owner key = {tb->v[r].cells[0], 0};     /* only read */
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

/* One table at a time (documents first: they decide which folder owns a
 * document), so that memory holds the largest table, not all five; every
 * table is written to a temporary file and all five are put in place only
 * when all have been written. */
int merge_run(const char *out_dir, const char *const *dirs, size_t n)
{
    struct info *infos = xcalloc(n, sizeof *infos);
    struct out_table *ots[T__COUNT] = {0};
    size_t *dir_end = xcalloc(n, sizeof *dir_end);  /* rows of dir i end
                                                       at dir_end[i] */
    struct rows tb = {0};
    struct owner *owners = NULL;
    size_t n_owners = 0, bom = 0;
    int status = 2;

    for (size_t i = 0; i < n; i++) {
        if (!read_info(dirs[i], &infos[i]))
            goto out;
        if (strcmp(infos[i].format, "csv") != 0 &&
            strcmp(infos[i].format, "tsv") != 0) {
            diag_error("%s: format %s: merge needs CSV or TSV output "
                       "(extract -f csv or -f tsv)", dirs[i],
                       infos[i].format);
            goto out;
        }
        if (strcmp(infos[i].rules, infos[0].rules) != 0) {
            diag_error("%s: made with rules %s, %s with rules %s: merge "
                       "only runs of the same rules", dirs[i],
                       infos[i].rules, dirs[0], infos[0].rules);
            goto out;
        }
        if (strcmp(infos[i].format, infos[0].format) != 0) {
            diag_error("%s: format %s, %s has %s", dirs[i], infos[i].format,
                       dirs[0], infos[0].format);
            goto out;
        }
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
        if (t == T_DOCUMENTS) {
            /* Each document once: the first folder with a documents row
             * owns it. */
            owners = xcalloc(tb.n + 1, sizeof *owners);
            for (size_t r = 0, d = 0; r < tb.n; r++) {
                while (r >= dir_end[d])
                    d++;
                owners[n_owners++] =
                    (struct owner){xstrdup(tb.v[r].cells[0]), d};
            }
            if (n_owners)
                qsort(owners, n_owners, sizeof *owners, cmp_owner);
        }
        keep_owned(&tb, dir_end, owners, n_owners);
        ots[t] = output_open(out_dir, ts->name, ts->columns, ts->n_columns,
                             &oo, NULL);
        bool ok = ots[t] != NULL;
        for (size_t r = 0; ok && r < tb.n; r++)
            ok = output_row(ots[t], (void *)tb.v[r].cells);
        rows_free(&tb);
        if (!ok)
            goto out;
    }
    for (size_t t = 0; t < T__COUNT; t++) {
        bool ok = output_close(ots[t]);
        ots[t] = NULL;
        if (!ok)
            goto out;
    }
    char *info = xasprintf("%s/run.info", out_dir);
    FILE *f = fopen(info, "w");
    bool ok = f != NULL;
    if (f) {
        fprintf(f, "utdrag %s\nrules %s\nformat %s\nmerged %zu\n",
                UTDRAG_VERSION, infos[0].rules, infos[0].format, n);
        ok = !ferror(f);
        ok = fclose(f) == 0 && ok;
    }
    if (!ok)
        diag_error("%s: %s", info, strerror(errno));
    free(info);
    if (ok)
        status = 0;
out:
    for (size_t t = 0; t < T__COUNT; t++)
        output_abort(ots[t]);
    rows_free(&tb);
    free(dir_end);
    for (size_t i = 0; i < n_owners; i++)
        free(owners[i].doc_id);
    free(owners);
    for (size_t i = 0; i < n; i++) {
        free(infos[i].rules);
        free(infos[i].format);
    }
    free(infos);
    return status;
}
