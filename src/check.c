/*
 * check.c - compare tables with expectations; diffs; JUnit XML.
 */
/* SPDX-License-Identifier: MIT */
#include "check.h"

#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "arena.h"
#include "db.h"
#include "diag.h"
#include "fsutil.h"
#include "xalloc.h"

#define EXPECT_MAX (64u << 20)

struct check_run {
    struct check_opts o;
    unsigned long passed, failed;
    FILE *body;                 /* JUnit test suites, wrapped at the end */
};

/* Key columns: rows that agree on them are "the same row, changed". */
static const char *const keys_pairs[] = {"swedish_partner", "partner", NULL};
static const char *const keys_quotes[] = {"speaker", "quote", NULL};
static const char *const keys_speakers[] = {"speaker", NULL};
static const char *const keys_tags[] = {"tag", "value", NULL};
static const char *const keys_documents[] = {NULL};
static const char *const *const table_keys[T__COUNT] = {
    [T_DOCUMENTS] = keys_documents, [T_PAIRS] = keys_pairs,
    [T_QUOTES] = keys_quotes, [T_SPEAKERS] = keys_speakers,
    [T_TAGS] = keys_tags,
};

struct check_run *check_new(const struct check_opts *o)
{
    struct check_run *cr = xcalloc(1, sizeof *cr);
    cr->o = *o;
    if (o->junit && !o->update) {
        cr->body = tmpfile();
        if (!cr->body) {
            diag_error("%s: cannot create temporary file: %s", o->junit,
                       strerror(errno));
            free(cr);
            return NULL;
        }
    }
    return cr;
}

void check_free(struct check_run *cr)
{
    if (!cr)
        return;
    if (cr->body)
        fclose(cr->body);
    free(cr);
}

unsigned long check_count(const struct check_run *cr)
{
    return cr->passed + cr->failed;
}

unsigned long check_failures(const struct check_run *cr)
{
    return cr->failed;
}

char *check_expect_dir(const char *path)
{
    const char *slash = strrchr(path, '/');
    const char *base = slash ? slash + 1 : path;
    const char *dot = strrchr(base, '.');
    size_t n = dot && dot != base ? (size_t)(dot - path) : strlen(path);
    return xasprintf("%.*s.expected", (int)n, path);
}

/* ---- tables as cells -------------------------------------------------- */

struct table {
    const char *const *head;
    size_t n_cols;
    const char ***rows;
    size_t n_rows;
};

static bool is_ignored(const char *col)
{
    return strcmp(col, "doc_id") == 0 || strcmp(col, "path") == 0;
}

/* Read one expectation TSV file into t (cells from 'a').  False if the
 * file is missing (errno ENOENT) or unreadable. */
static bool read_tsv(struct arena *a, const char *path, struct table *t)
{
    size_t len;
    char *text = fs_read_file(path, EXPECT_MAX, &len);
    if (!text)
        return false;
    char *copy = arena_strndup(a, text, len);
    free(text);
    memset(t, 0, sizeof *t);
    size_t cap = 0;
    for (char *line = copy; line && *line;) {
        char *nl = strchr(line, '\n');
        if (nl)
            *nl = '\0';
        size_t n = 1;
        for (char *p = line; *p; p++)
            n += *p == '\t';
        const char **cells = arena_calloc(a, n, sizeof *cells);
        size_t i = 0;
        for (char *p = line;; i++) {
            char *tab = strchr(p, '\t');
            if (tab)
                *tab = '\0';
            output_tsv_unescape(p);
            cells[i] = p;
            if (!tab)
                break;
            p = tab + 1;
        }
        if (!t->head) {
            t->head = cells;
            t->n_cols = n;
        } else {
            if (t->n_rows == cap) {
                size_t ncap = cap ? cap * 2 : 16;
                t->rows = arena_grow(a, (void *)t->rows, cap, ncap,
                                     sizeof *t->rows);
                cap = ncap;
            }
            /* Short rows (a damaged file) read as empty cells. */
            const char **row = arena_calloc(a, t->n_cols, sizeof *row);
            for (size_t k = 0; k < t->n_cols; k++)
                row[k] = k < n ? cells[k] : "";
            t->rows[t->n_rows++] = row;
        }
        line = nl ? nl + 1 : NULL;
    }
    return true;
}

/* The actual rows as the TSV file would hold them (formula guard too). */
static void actual_table(struct arena *a, enum out_table_id id,
                         const struct row_list *rl, struct table *t)
{
    const struct table_schema *ts = &resolve_schema[id];
    t->head = ts->columns;
    t->n_cols = ts->n_columns;
    t->n_rows = rl->n;
    t->rows = arena_calloc(a, rl->n ? rl->n : 1, sizeof *t->rows);
    for (size_t r = 0; r < rl->n; r++) {
        const char **row = arena_calloc(a, t->n_cols, sizeof *row);
        for (size_t c = 0; c < t->n_cols; c++) {
            const char *v = rl->rows[r][c] ? rl->rows[r][c] : "";
            row[c] = output_guards_column(ts->columns[c]) &&
                             output_guarded(v)
                         ? arena_printf(a, "'%s", v) : v;
        }
        t->rows[r] = row;
    }
}

/* ---- diffing ---------------------------------------------------------- */

struct diff {
    char *text;
    size_t len, cap;
    unsigned n;                 /* differing rows */
};

static void dprintf_(struct diff *d, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
static void dprintf_(struct diff *d, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(NULL, 0, fmt, ap);
    va_end(ap);
    if (n < 0)
        return;
    if (d->len + (size_t)n + 1 > d->cap) {
        d->cap = (d->len + (size_t)n + 1) * 2;
        d->text = xrealloc(d->text, d->cap);
    }
    va_start(ap, fmt);
    vsnprintf(d->text + d->len, (size_t)n + 1, fmt, ap);
    va_end(ap);
    d->len += (size_t)n;
}

static int col_index(const struct table *t, const char *name)
{
    for (size_t i = 0; i < t->n_cols; i++)
        if (strcmp(t->head[i], name) == 0)
            return (int)i;
    return -1;
}

static bool rows_equal(const struct table *t, const char **x,
                       const char **y)
{
    for (size_t c = 0; c < t->n_cols; c++)
        if (!is_ignored(t->head[c]) && strcmp(x[c], y[c]) != 0)
            return false;
    return true;
}

static bool keys_equal(const struct table *t, const char *const *keys,
                       const char **x, const char **y)
{
    for (size_t k = 0; keys[k]; k++) {
        int c = col_index(t, keys[k]);
        if (c >= 0 && strcmp(x[c], y[c]) != 0)
            return false;
    }
    return true;
}

static bool lines_equal(const struct table *t, const char **x,
                        const char **y)
{
    int c = col_index(t, "line");
    return c >= 0 && strcmp(x[c], y[c]) == 0;
}

static const char *line_of(const struct table *t, const char **row)
{
    int c = col_index(t, "line");
    return c >= 0 && *row[c] ? row[c] : NULL;
}

/* "swedish_partner=Falu kommun, partner=Kolomyia" */
static void describe(struct diff *d, const struct table *t,
                     const char *const *keys, const char **row)
{
    bool any = false;
    for (size_t k = 0; keys[k]; k++) {
        int c = col_index(t, keys[k]);
        if (c < 0)
            continue;
        dprintf_(d, "%s%s=%s", any ? ", " : "", keys[k], row[c]);
        any = true;
    }
    if (!any)
        dprintf_(d, "the row");
}

static void row_head(struct diff *d, const char *what, const struct table *t,
                     const char *const *keys, const char **row)
{
    const char *line = line_of(t, row);
    dprintf_(d, "  %s", what);
    if (line)
        dprintf_(d, " (line %s)", line);
    dprintf_(d, ": ");
    describe(d, t, keys, row);
    dprintf_(d, "\n");
    d->n++;
}

static void diff_tables(struct diff *d, enum out_table_id id,
                        const struct table *exp, const struct table *act)
{
    const char *const *keys = table_keys[id];
    bool *used_e = xcalloc(exp->n_rows + 1, 1);
    bool *used_a = xcalloc(act->n_rows + 1, 1);

    /* 1: identical rows; 2: same key; 3: same line. */
    for (int stage = 1; stage <= 3; stage++) {
        for (size_t i = 0; i < exp->n_rows; i++) {
            if (used_e[i])
                continue;
            for (size_t j = 0; j < act->n_rows; j++) {
                if (used_a[j])
                    continue;
                const char **e = exp->rows[i], **g = act->rows[j];
                bool same = stage == 1 ? rows_equal(exp, e, g)
                          : stage == 2 ? keys_equal(exp, keys, e, g)
                                       : lines_equal(exp, e, g);
                if (!same)
                    continue;
                used_e[i] = used_a[j] = true;
                if (stage > 1) {
                    row_head(d, "changed", act, keys, g);
                    for (size_t c = 0; c < exp->n_cols; c++)
                        if (!is_ignored(exp->head[c]) &&
                            strcmp(e[c], g[c]) != 0)
                            dprintf_(d, "      %s: expected \"%s\", "
                                     "got \"%s\"\n", exp->head[c], e[c],
                                     g[c]);
                }
                break;
            }
        }
    }
    for (size_t i = 0; i < exp->n_rows; i++)
        if (!used_e[i])
            row_head(d, "missing", exp, keys, exp->rows[i]);
    for (size_t j = 0; j < act->n_rows; j++)
        if (!used_a[j])
            row_head(d, "extra", act, keys, act->rows[j]);
    free(used_e);
    free(used_a);
}

static bool same_header(const struct table *x, const struct table *y)
{
    if (x->n_cols != y->n_cols)
        return false;
    for (size_t c = 0; c < x->n_cols; c++)
        if (strcmp(x->head[c], y->head[c]) != 0)
            return false;
    return true;
}

/* ---- JUnit ------------------------------------------------------------ */

static void xml_text(FILE *f, const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c == '&')
            fputs("&amp;", f);
        else if (c == '<')
            fputs("&lt;", f);
        else if (c == '>')
            fputs("&gt;", f);
        else if (c == '"')
            fputs("&quot;", f);
        else if (c < 0x20 && c != '\n' && c != '\t')
            continue;           /* not allowed in XML 1.0 */
        else
            fputc(c, f);
    }
}

static void xml_attr(FILE *f, const char *s)
{
    xml_text(f, s, strlen(s));
}

struct junit_case {
    const char *name;
    char *failure;              /* heap diff text or NULL */
    unsigned n;
    bool problems;              /* a database's: n problems, not rows */
};

static void junit_suite(struct check_run *cr, const char *doc_id,
                        const struct junit_case *cases, size_t n)
{
    unsigned failures = 0;
    if (!cr->body)
        return;
    for (size_t i = 0; i < n; i++)
        failures += cases[i].failure != NULL;
    fputs("  <testsuite name=\"", cr->body);
    xml_attr(cr->body, doc_id);
    fprintf(cr->body, "\" tests=\"%zu\" failures=\"%u\" errors=\"0\" "
            "skipped=\"0\" time=\"0\">\n", n, failures);
    for (size_t i = 0; i < n; i++) {
        fputs("    <testcase classname=\"", cr->body);
        xml_attr(cr->body, doc_id);
        fputs("\" name=\"", cr->body);
        xml_attr(cr->body, cases[i].name);
        fputs("\" time=\"0\"", cr->body);
        if (!cases[i].failure) {
            fputs("/>\n", cr->body);
            continue;
        }
        if (cases[i].problems)
            fprintf(cr->body, ">\n      <failure type=\"problem\" "
                    "message=\"%u problem%s\">", cases[i].n,
                    cases[i].n == 1 ? "" : "s");
        else
            fprintf(cr->body, ">\n      <failure type=\"mismatch\" "
                    "message=\"%u row%s differ%s\">", cases[i].n,
                    cases[i].n == 1 ? "" : "s", cases[i].n == 1 ? "s" : "");
        xml_text(cr->body, cases[i].failure, strlen(cases[i].failure));
        fputs("</failure>\n    </testcase>\n", cr->body);
    }
    fputs("  </testsuite>\n", cr->body);
}

/* ---- per article ------------------------------------------------------ */

static bool write_expectation(const char *exp_dir, const struct doc_tables *dt)
{
    const struct out_opts oo = {.format = OUT_TSV, .formula_guard = true};
    bool ok = true;

    if (mkdir(exp_dir, 0777) != 0 && errno != EEXIST) {
        diag_error("%s: %s", exp_dir, strerror(errno));
        return false;
    }
    for (int i = 0; ok && i < T__COUNT; i++) {
        const struct table_schema *ts = &resolve_schema[i];
        struct out_table *t = output_open(exp_dir, ts->name, ts->columns,
                                          ts->n_columns, &oo, NULL);
        ok = t != NULL;
        for (size_t r = 0; ok && r < dt->t[i].n; r++)
            ok = output_row(t, dt->t[i].rows[r]);
        if (ok)
            ok = output_close(t);
        else
            output_abort(t);
    }
    return ok;
}

bool check_article(struct check_run *cr, struct arena *a, const char *doc_id,
                   const char *exp_dir, const struct doc_tables *dt)
{
    struct junit_case cases[T__COUNT];
    FILE *rep = cr->o.report;

    if (cr->o.update) {
        if (!write_expectation(exp_dir, dt))
            return false;
        fprintf(rep, "updated %s\n", exp_dir);
        return true;
    }
    for (int i = 0; i < T__COUNT; i++) {
        const struct table_schema *ts = &resolve_schema[i];
        char *path = arena_printf(a, "%s/%s.tsv", exp_dir, ts->name);
        struct table exp, act;
        struct diff d = {0};

        actual_table(a, (enum out_table_id)i, &dt->t[i], &act);
        if (!read_tsv(a, path, &exp)) {
            dprintf_(&d, "  cannot read %s: %s\n", path, strerror(errno));
            d.n = 1;
        } else if (!same_header(&exp, &act)) {
            dprintf_(&d, "  columns changed: the expectation has another "
                     "header (run check --update after reviewing)\n");
            d.n = 1;
        } else {
            diff_tables(&d, (enum out_table_id)i, &exp, &act);
        }
        cases[i] = (struct junit_case){.name = ts->name, .n = d.n};
        if (d.n) {
            fprintf(rep, "FAIL %s: %s\n%s", doc_id, ts->name, d.text);
            cases[i].failure = d.text;
            cr->failed++;
        } else {
            free(d.text);
            cr->passed++;
        }
    }
    junit_suite(cr, doc_id, cases, T__COUNT);
    for (int i = 0; i < T__COUNT; i++)
        free(cases[i].failure);
    return !ferror(rep);
}

/* ---- databases -------------------------------------------------------- */

struct db_finds {
    struct diff d[DBC__COUNT];
    const char *path;
    const char *extract_opts;
};

static void db_problem(void *ctx, enum db_check_case c, const char *text)
{
    struct db_finds *f = ctx;
    struct diff *d = &f->d[c];

    if (d->n++ >= CHECK_DB_LINES)
        return;                 /* counted for "... and N more" */
    if (c == DBC_RULES)
        dprintf_(d, "  %s: run `utdrag extract%s -f sqlite -o %s PATH...` "
                 "again to update them\n", text,
                 f->extract_opts ? f->extract_opts : "", f->path);
    else
        dprintf_(d, "  %s\n", text);
}

bool check_database(struct check_run *cr, const char *path,
                    const char *rules)
{
    struct junit_case cases[DBC__COUNT];
    struct db_finds f = {.path = path,
                         .extract_opts = cr->o.extract_opts};
    FILE *rep = cr->o.report;
    struct db *d = db_open_check(path);

    if (!d)
        return false;
    bool ok = db_check(d, rules, db_problem, &f);
    /* A damaged file: the other checks did not run (db.h). */
    int n_run = f.d[DBC_INTEGRITY].n ? 1 : DBC__COUNT;
    db_abort(d);
    for (int i = 0; i < n_run; i++) {
        struct diff *df = &f.d[i];
        cases[i] = (struct junit_case){
            .name = db_check_name((enum db_check_case)i), .n = df->n,
            .problems = true};
        if (i == DBC_RULES && df->n && cr->o.allow_stale) {
            fprintf(rep, "note %s: rules (--allow-stale)\n%s", path,
                    df->text);
            df->n = 0;
            cases[i].n = 0;
        }
        if (!df->n) {
            cr->passed += ok;
            continue;
        }
        if (df->n > CHECK_DB_LINES)
            dprintf_(df, "  ... and %u more\n", df->n - CHECK_DB_LINES);
        if (n_run < DBC__COUNT)
            dprintf_(df, "  (the other checks were not run: they would "
                     "read the damaged file)\n");
        fprintf(rep, "FAIL %s: %s\n%s", path, cases[i].name, df->text);
        cases[i].failure = df->text;
        cr->failed++;
    }
    if (ok)
        junit_suite(cr, path, cases, (size_t)n_run);
    for (int i = 0; i < DBC__COUNT; i++)
        free(f.d[i].text);
    return ok && !ferror(rep);
}

void check_missing(struct check_run *cr, const char *doc_id,
                   const char *exp_dir)
{
    char *msg = xasprintf("  no expectation %s/ (create it with "
                          "`utdrag check --update %s`)\n", exp_dir, doc_id);
    struct junit_case c = {.name = "expectation", .failure = msg, .n = 1};
    fprintf(cr->o.report, "FAIL %s: expectation\n%s", doc_id, msg);
    cr->failed++;
    junit_suite(cr, doc_id, &c, 1);
    free(msg);
}

bool check_finish(struct check_run *cr)
{
    bool ok = true;

    if (!cr->o.update)
        fprintf(cr->o.report, "%lu passed, %lu failed\n", cr->passed,
                cr->failed);
    if (!cr->body)
        return true;
    char *tmp = xasprintf("%s.tmp", cr->o.junit);
    FILE *f = fopen(tmp, "w");
    if (!f) {
        diag_error("%s: %s", tmp, strerror(errno));
        free(tmp);
        return false;
    }
    fprintf(f, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
            "<testsuites name=\"utdrag check\" tests=\"%lu\" "
            "failures=\"%lu\" errors=\"0\" time=\"0\">\n",
            cr->passed + cr->failed, cr->failed);
    rewind(cr->body);
    char buf[65536];
    size_t n;
    while ((n = fread(buf, 1, sizeof buf, cr->body)) > 0)
        fwrite(buf, 1, n, f);
    fputs("</testsuites>\n", f);
    ok = !ferror(cr->body) && !ferror(f);
    if (fclose(f) != 0)
        ok = false;
    if (ok && rename(tmp, cr->o.junit) != 0)
        ok = false;
    if (!ok) {
        diag_error("%s: %s", cr->o.junit, strerror(errno ? errno : EIO));
        remove(tmp);
    }
    free(tmp);
    return ok;
}
