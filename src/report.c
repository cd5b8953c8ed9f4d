/*
 * report.c - the drift report of a batch (see report.h).
 */
/* SPDX-License-Identifier: MIT */
#include "report.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "diag.h"
#include "xalloc.h"

/* Tables whose emptiness is worth reporting. */
static const enum out_table_id filled[] = {T_PAIRS, T_QUOTES, T_SPEAKERS,
                                           T_TAGS};
#define N_FILLED (sizeof filled / sizeof *filled)

struct report {
    const struct rule_set *rs;
    struct out_table *t;
    unsigned long long *hits;   /* per rule */
    FILE *spool;                /* "MASK<TAB>doc_id\n" per document read */
    unsigned long docs;
    unsigned long fill[N_FILLED];
};

struct report *report_new(const char *path, const struct out_opts *oo,
                          const struct rule_set *rs)
{
    struct report *r = xcalloc(1, sizeof *r);
    const char *slash = strrchr(path, '/');
    char *dir = slash ? xstrndup(path, (size_t)(slash - path + 1))
                      : xstrdup(".");
    char *name = xstrdup(slash ? slash + 1 : path);
    size_t n = strlen(name);
    /* The file is named exactly as given; its format follows its
     * extension (.csv, .tsv), else -f. */
    struct out_opts o = *oo;

    bool book = false;          /* a workbook: its module adds .xlsx */

    if (n > 4 && strcasecmp(name + n - 4, ".csv") == 0)
        o.format = OUT_CSV;
    else if (n > 4 && strcasecmp(name + n - 4, ".tsv") == 0)
        o.format = OUT_TSV;
    else if (n > 5 && strcasecmp(name + n - 5, ".xlsx") == 0)
        o.format = OUT_XLSX;
    if (o.format == OUT_XLSX) {
        book = true;
        if (n > 5 && strcasecmp(name + n - 5, ".xlsx") == 0)
            name[n - 5] = '\0';
    }
    r->rs = rs;
    r->hits = xcalloc(rs->n_rules + 1, sizeof *r->hits);
    r->spool = tmpfile();
    if (!r->spool) {
        diag_error("%s: cannot create temporary file: %s", path,
                   strerror(errno));
    } else if (!*name) {
        diag_error("%s: --report needs a file name", path);
    } else {
        r->t = book ? output_open(dir, name, resolve_report_schema.columns,
                                  resolve_report_schema.n_columns, &o, NULL)
                    : output_open_file(dir, name,
                                       resolve_report_schema.columns,
                                       resolve_report_schema.n_columns, &o);
    }
    free(dir);
    free(name);
    if (!r->t) {
        report_free(r);
        return NULL;
    }
    return r;
}

void report_free(struct report *r)
{
    if (!r)
        return;
    output_abort(r->t);
    if (r->spool)
        fclose(r->spool);
    free(r->hits);
    free(r);
}

bool report_doc(struct report *r, const struct article *art,
                const struct doc_tables *dt)
{
    for (size_t i = 0; i < dt->report.n; i++)
        if (!output_row(r->t, dt->report.rows[i]))
            return false;
    if (dt->rule_hits)
        for (size_t i = 0; i < r->rs->n_rules; i++)
            r->hits[i] += dt->rule_hits[i];
    if (art->status != DOC_OK && art->status != DOC_REPAIRED)
        return true;
    unsigned mask = 0;
    for (size_t i = 0; i < N_FILLED; i++)
        if (dt->t[filled[i]].n) {
            mask |= 1u << i;
            r->fill[i]++;
        }
    r->docs++;
    /* doc_ids come from paths: no line breaks in practice, but a file
     * name may hold one; it is written as a space. */
    fprintf(r->spool, "%u\t", mask);
    for (const char *p = art->doc_id; *p; p++)
        fputc(*p == '\n' ? ' ' : *p, r->spool);
    fputc('\n', r->spool);
    if (ferror(r->spool)) {
        diag_error("report: temporary file: %s", strerror(errno));
        return false;
    }
    return true;
}

static bool missing_tables(struct report *r)
{
    char *line = NULL;
    size_t cap = 0;
    ssize_t n;
    bool ok = true;

    rewind(r->spool);
    while (ok && (n = getline(&line, &cap, r->spool)) != -1) {
        if (n && line[n - 1] == '\n')
            line[n - 1] = '\0';
        char *tab = strchr(line, '\t');
        if (!tab)
            continue;
        unsigned mask = (unsigned)strtoul(line, NULL, 10);
        for (size_t i = 0; ok && i < N_FILLED; i++) {
            /* "Most documents fill it": more than half of those read. */
            if (mask & (1u << i) || 2 * r->fill[i] <= r->docs)
                continue;
            const char *cells[7] = {
                "missing_table", tab + 1, NULL,
                resolve_schema[filled[i]].name, NULL, NULL, NULL,
            };
            ok = output_row(r->t, cells);
        }
    }
    free(line);
    return ok && !ferror(r->spool);
}

bool report_finish(struct report *r)
{
    bool ok = missing_tables(r);
    for (size_t i = 0; ok && i < r->rs->n_rules; i++) {
        const struct rule *ru = &r->rs->rules[i];
        char count[32];
        snprintf(count, sizeof count, "%llu", r->hits[i]);
        const char *cells[7] = {
            r->hits[i] ? "rule_hits" : "rule_never_fired", NULL, ru->name,
            rules_table_name(ru->table), NULL, count, NULL,
        };
        ok = output_row(r->t, cells);
    }
    if (ok)
        ok = output_close(r->t);
    else
        output_abort(r->t);
    r->t = NULL;
    return ok;
}
