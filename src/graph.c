/*
 * graph.c - the partner network of pairs tables (see graph.h): read the
 * tables, gather one fact per row, sort them into nodes and edges, write
 * GraphML or DOT, and let Graphviz's dot draw SVG or PNG.
 */
/* SPDX-License-Identifier: MIT */
#include "graph.h"

#include <csv.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <spawn.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "decode.h"
#include "diag.h"
#include "fsutil.h"
#include "output.h"
#include "xalloc.h"

extern char **environ;

#define TABLE_MAX ((size_t)1 << 34)     /* 16 GiB: a table, not an article */

/* ---- reading tables --------------------------------------------------- */

struct row {
    char **cells;
    size_t n;
    unsigned long line;         /* where the row starts, 1-based */
};

struct table {
    struct row *v;              /* v[0] is the header */
    size_t n, cap;
};

static void table_fini(struct table *t)
{
    for (size_t i = 0; i < t->n; i++) {
        for (size_t j = 0; j < t->v[i].n; j++)
            free(t->v[i].cells[j]);
        free(t->v[i].cells);
    }
    free(t->v);
    memset(t, 0, sizeof *t);
}

struct reader {
    struct table *t;
    struct row cur;
    size_t cap;
    unsigned long line;         /* the line being read */
    unsigned long row_line;     /* the line the current row started on */
};

static void add_cell(struct reader *r, const char *s, size_t len)
{
    if (r->cur.n == r->cap) {
        r->cap = r->cap ? r->cap * 2 : 16;
        r->cur.cells = xreallocarray(r->cur.cells, r->cap,
                                     sizeof *r->cur.cells);
    }
    r->cur.cells[r->cur.n++] = xstrndup(s ? s : "", s ? len : 0);
}

static void end_row(struct reader *r)
{
    struct table *t = r->t;
    if (t->n == t->cap) {
        t->cap = t->cap ? t->cap * 2 : 256;
        t->v = xreallocarray(t->v, t->cap, sizeof *t->v);
    }
    r->cur.line = r->row_line;
    t->v[t->n++] = r->cur;
    r->cur = (struct row){0};
    r->cap = 0;
    r->row_line = r->line + 1;
}

static void on_field(void *s, size_t len, void *data)
{
    add_cell(data, s, len);
}

static void on_row(int c, void *data)
{
    (void)c;
    end_row(data);
}

static void reader_fini(struct reader *r)
{
    for (size_t i = 0; i < r->cur.n; i++)
        free(r->cur.cells[i]);
    free(r->cur.cells);
}

/* CSV through libcsv, fed a line at a time so that rows know their line.
 * False after reporting the line of the first malformed one. */
static bool parse_csv(const char *name, const char *text, size_t len,
                      struct table *t)
{
    struct csv_parser p;
    struct reader r = {.t = t, .line = 1, .row_line = 1};
    bool ok = true;

    if (csv_init(&p, CSV_STRICT | CSV_STRICT_FINI | CSV_APPEND_NULL) != 0)
        xmalloc(SIZE_MAX);      /* reports out of memory */
    for (size_t off = 0; off < len && ok; r.line++) {
        const char *nl = memchr(text + off, '\n', len - off);
        size_t n = nl ? (size_t)(nl - text) + 1 - off : len - off;
        ok = csv_parse(&p, text + off, n, on_field, on_row, &r) == n;
        off += n;
    }
    if (ok)
        ok = csv_fini(&p, on_field, on_row, &r) == 0;
    /* The row that could not be read starts on row_line (an unclosed
     * quote runs to the end of the file). */
    if (!ok)
        diag_error_at(name, r.row_line, 0, "malformed CSV in the row "
                      "starting here: %s", csv_strerror(csv_error(&p)));
    reader_fini(&r);
    csv_free(&p);
    return ok;
}

/* TSV as utdrag writes it: tab-separated cells with \t \n \r \\ escaped;
 * a CR before the line end and blank lines are passed over. */
static void parse_tsv(char *text, struct table *t)
{
    struct reader r = {.t = t, .line = 1, .row_line = 1};

    for (char *line = text; *line; r.line++) {
        char *nl = strchr(line, '\n');
        char *next = nl ? nl + 1 : line + strlen(line);
        size_t n = nl ? (size_t)(nl - line) : strlen(line);
        if (n && line[n - 1] == '\r')
            n--;
        line[n] = '\0';
        r.row_line = r.line;
        for (char *p = line; n;) {
            char *tab = strchr(p, '\t');
            if (tab)
                *tab = '\0';
            add_cell(&r, p, strlen(p));
            output_tsv_unescape(r.cur.cells[r.cur.n - 1]);
            if (!tab)
                break;
            p = tab + 1;
        }
        if (r.cur.n)
            end_row(&r);
        line = next;
    }
    reader_fini(&r);
}

static bool ends_with(const char *s, const char *end)
{
    size_t n = strlen(s), k = strlen(end);
    return n >= k && strcasecmp(s + n - k, end) == 0;
}

/* Is the table at 'path' (first line in text) TSV?  By extension, else by
 * a tab in its header line. */
static bool is_tsv(const char *path, const char *text)
{
    if (ends_with(path, ".tsv"))
        return true;
    if (ends_with(path, ".csv"))
        return false;
    return text[strcspn(text, "\n")] != '\0'
               ? memchr(text, '\t', strcspn(text, "\n")) != NULL
               : strchr(text, '\t') != NULL;
}

/* Read the table at 'path' into t.  An optional table (documents, for the
 * years) that cannot be read gives a warning; false after reporting. */
static bool read_table(const char *path, const char *name, bool optional,
                       struct table *t)
{
    size_t len;
    char *text = fs_read_file(path, TABLE_MAX, &len);
    char *body = text;
    bool ok = false;

    if (!text) {
        if (optional)
            diag_warn("%s: %s (no years)", name, strerror(errno));
        else
            diag_error("%s: %s", name, strerror(errno));
        return false;
    }
    if (len >= 3 && memcmp(body, "\xEF\xBB\xBF", 3) == 0) {
        body += 3;              /* a BOM (--bom) is not part of doc_id */
        len -= 3;
    }
    if (len && is_tsv(path, body)) {
        parse_tsv(body, t);
        ok = true;
    } else if (len) {
        ok = parse_csv(name, body, len, t);
    }
    if ((ok || !len) && t->n == 0) {
        if (!optional)
            diag_error("%s: empty: no header line (doc_id, swedish_partner, "
                       "...): not a pairs table", name);
        ok = false;
    }

    free(text);
    return ok;
}

/* The index of the column called 'name' in the header, or -1. */
static long column(const struct table *t, const char *name)
{
    for (size_t i = 0; t->n && i < t->v[0].n; i++)
        if (strcmp(t->v[0].cells[i], name) == 0)
            return (long)i;
    return -1;
}

/* Undo the formula guard in the columns it applies to: "'=x" was "=x". */
static void unguard(struct table *t)
{
    for (size_t c = 0; t->n && c < t->v[0].n; c++) {
        if (!output_guards_column(t->v[0].cells[c]))
            continue;
        for (size_t i = 1; i < t->n; i++) {
            char *s = c < t->v[i].n ? t->v[i].cells[c] : NULL;
            if (s && s[0] == '\'' && output_guarded(s + 1))
                memmove(s, s + 1, strlen(s));
        }
    }
}

/* ---- one PATH: its pairs table and the years of its articles ---------- */

struct year_of {
    const char *doc;
    int year;
};

struct run {
    char *pairs;                /* the pairs table's path */
    char *docs;                 /* the documents table's path, or NULL */
    const char *name;           /* pairs, or "standard input" for "-" */
    struct table p, d;
    struct year_of *years;      /* sorted by doc */
    size_t n_years;
};

static void run_fini(struct run *r)
{
    free(r->pairs);
    free(r->docs);
    table_fini(&r->p);
    table_fini(&r->d);
    free(r->years);
}

/* Where PATH's tables are: a folder's pairs.csv or pairs.tsv; for a file
 * called pairs.EXT, the documents.EXT beside it.  False after reporting. */
static bool locate(const char *path, struct run *r)
{
    static const char *const exts[] = {"csv", "tsv"};
    struct stat st;

    if (strcmp(path, "-") != 0 && stat(path, &st) == 0 &&
        S_ISDIR(st.st_mode)) {
        size_t n = strlen(path);
        const char *sep = n && path[n - 1] == '/' ? "" : "/";
        for (size_t i = 0; i < 2 && !r->pairs; i++) {
            char *p = xasprintf("%s%spairs.%s", path, sep, exts[i]);
            if (fs_exists(p)) {
                r->pairs = p;
                r->docs = xasprintf("%s%sdocuments.%s", path, sep, exts[i]);
            } else {
                free(p);
            }
        }
        if (!r->pairs) {
            diag_error("%s: no pairs.csv or pairs.tsv in this folder (graph "
                       "reads the CSV or TSV tables of utdrag extract -o)",
                       path);
            return false;
        }
    } else {
        r->pairs = xstrdup(path);
        const char *base = strrchr(path, '/');
        base = base ? base + 1 : path;
        for (size_t i = 0; i < 2; i++) {
            char name[16];
            snprintf(name, sizeof name, "pairs.%s", exts[i]);
            if (strcmp(base, name) == 0)
                r->docs = xasprintf("%.*sdocuments.%s", (int)(base - path),
                                    path, exts[i]);
        }
    }
    if (r->docs && !fs_exists(r->docs)) {
        free(r->docs);
        r->docs = NULL;
    }
    return true;
}

/* The year a date starts with ("2024-09-09T09:15:00+02:00": 2024), or 0. */
static int year_of_date(const char *s)
{
    int y = 0;
    for (int i = 0; i < 4; i++) {
        if (s[i] < '0' || s[i] > '9')
            return 0;
        y = y * 10 + (s[i] - '0');
    }
    return (s[4] == '\0' || s[4] == '-' || s[4] == 'T') && y >= 1000 ? y : 0;
}

static int cmp_year_of(const void *a, const void *b)
{
    const struct year_of *x = a, *y = b;
    return strcmp(x->doc, y->doc);
}

/* r->years from the documents table, when it has doc_id and date. */
static void load_years(struct run *r)
{
    if (!r->docs || !read_table(r->docs, r->docs, true, &r->d))
        return;
    unguard(&r->d);
    long id = column(&r->d, "doc_id"), date = column(&r->d, "date");
    if (id < 0 || date < 0)
        return;
    r->years = xcalloc(r->d.n, sizeof *r->years);
    for (size_t i = 1; i < r->d.n; i++) {
        const struct row *w = &r->d.v[i];
        if ((size_t)id >= w->n || (size_t)date >= w->n)
            continue;
        int y = year_of_date(w->cells[date]);
        if (y)
            r->years[r->n_years++] = (struct year_of){w->cells[id], y};
    }
    qsort(r->years, r->n_years, sizeof *r->years, cmp_year_of);
}

static int year_of_doc(const struct run *r, const char *doc)
{
    struct year_of key = {doc, 0};
    const struct year_of *y = r->n_years
        ? bsearch(&key, r->years, r->n_years, sizeof key, cmp_year_of)
        : NULL;
    return y ? y->year : 0;
}

/* ---- facts, nodes and edges ------------------------------------------- */

/* One row of a pairs table: an article (run, doc) states a pair. */
struct fact {
    const char *sname, *scode;  /* Swedish side */
    const char *fname, *fcountry;
    const char *doc;
    size_t run;
    int year;                   /* 0: unknown */
    size_t si, fi;              /* node indexes */
};

struct node {
    const char *name, *country, *code;
    bool swedish;
};

struct edge {
    size_t a, b;                /* node indexes: a Swedish, b foreign */
    unsigned long weight;       /* distinct articles */
    int first, last;            /* years; 0: none known */
};

struct graph {
    struct fact *facts;
    size_t n_facts, cap_facts;
    struct node *nodes;
    size_t n_nodes, n_swedish;
    struct edge *edges;
    size_t n_edges;
    unsigned long skipped;      /* rows skipped with a warning */
};

static const char *cell(const struct row *w, long col)
{
    return col >= 0 && (size_t)col < w->n ? w->cells[col] : "";
}

static const char *first_set(const char *a, const char *b)
{
    return a[0] ? a : b;
}

/* Add a fact per row of run r (number k) to g; false after reporting a
 * table that lacks the required columns. */
static bool add_facts(struct graph *g, const struct run *r, size_t k)
{
    const struct table *t = &r->p;
    long id = column(t, "doc_id");
    long sp = column(t, "swedish_partner");
    long sm = column(t, "swedish_municipality");
    long sc = column(t, "swedish_code");
    long pp = column(t, "partner");
    long pc = column(t, "partner_canonical");
    long cc = column(t, "partner_country");

    if (id < 0 || (sp < 0 && sm < 0) || (pp < 0 && pc < 0)) {
        const char *lack[3];
        size_t n = 0;
        if (id < 0)
            lack[n++] = "doc_id";
        if (sp < 0 && sm < 0)
            lack[n++] = "swedish_municipality or swedish_partner";
        if (pp < 0 && pc < 0)
            lack[n++] = "partner_canonical or partner";
        diag_error_at(r->name, t->v[0].line, 0, "not a pairs table: no "
                      "column %s%s%s%s%s (utdrag extract writes doc_id, "
                      "swedish_partner, swedish_municipality, swedish_code, "
                      "partner, partner_canonical, partner_country, ...)",
                      lack[0], n > 1 ? "; no column " : "",
                      n > 1 ? lack[1] : "", n > 2 ? "; no column " : "",
                      n > 2 ? lack[2] : "");
        return false;
    }
    for (size_t i = 1; i < t->n; i++) {
        const struct row *w = &t->v[i];
        const char *sname = first_set(cell(w, sm), cell(w, sp));
        const char *fname = first_set(cell(w, pc), cell(w, pp));
        const char *why = w->n != t->v[0].n ? "cells"
                        : !cell(w, id)[0] ? "no doc_id"
                        : !sname[0] ? "no Swedish side"
                        : !fname[0] ? "no partner" : NULL;
        if (why) {
            if (why[0] == 'c')
                diag_warn_at(r->name, w->line, 0, "%zu cells, the header "
                             "has %zu: row skipped", w->n, t->v[0].n);
            else
                diag_warn_at(r->name, w->line, 0, "%s: row skipped", why);
            g->skipped++;
            continue;
        }
        if (g->n_facts == g->cap_facts) {
            g->cap_facts = g->cap_facts ? 2 * g->cap_facts : 256;
            g->facts = xreallocarray(g->facts, g->cap_facts,
                                     sizeof *g->facts);
        }
        g->facts[g->n_facts++] = (struct fact){
            .sname = sname, .scode = cell(w, sc), .fname = fname,
            .fcountry = cell(w, cc), .doc = cell(w, id), .run = k,
            .year = year_of_doc(r, cell(w, id)),
        };
    }
    return true;
}

/* An empty string sorts after every other. */
static int cmp_empty_last(const char *a, const char *b)
{
    if (!a[0] != !b[0])
        return a[0] ? -1 : 1;
    return strcmp(a, b);
}

/* Swedish nodes by name, then the smallest code first. */
static int cmp_swedish(const void *a, const void *b)
{
    const struct node *x = a, *y = b;
    int c = strcmp(x->name, y->name);
    return c ? c : cmp_empty_last(x->code, y->code);
}

/* Foreign nodes by country (none last), then name. */
static int cmp_foreign(const void *a, const void *b)
{
    const struct node *x = a, *y = b;
    int c = cmp_empty_last(x->country, y->country);
    return c ? c : strcmp(x->name, y->name);
}

/* Sort n nodes with cmp and drop those equal to the one before them;
 * returns the new count. */
static size_t sort_unique(struct node *v, size_t n,
                          int (*cmp)(const void *, const void *),
                          bool by_name)
{
    size_t w = 0;
    qsort(v, n, sizeof *v, cmp);
    for (size_t i = 0; i < n; i++)
        if (!w || (by_name ? strcmp(v[w - 1].name, v[i].name)
                           : cmp(&v[w - 1], &v[i])) != 0)
            v[w++] = v[i];
    return w;
}

static int cmp_fact(const void *a, const void *b)
{
    const struct fact *x = a, *y = b;
    if (x->si != y->si)
        return x->si < y->si ? -1 : 1;
    if (x->fi != y->fi)
        return x->fi < y->fi ? -1 : 1;
    if (x->run != y->run)
        return x->run < y->run ? -1 : 1;
    return strcmp(x->doc, y->doc);
}

/* Nodes and edges from the facts. */
static void build(struct graph *g)
{
    size_t nf = g->n_facts, ns, nx;
    struct node *sw = xcalloc(nf + 1, sizeof *sw);
    struct node *fo = xcalloc(nf + 1, sizeof *fo);

    for (size_t i = 0; i < nf; i++) {
        const struct fact *f = &g->facts[i];
        sw[i] = (struct node){f->sname, "SE", f->scode, true};
        fo[i] = (struct node){f->fname, f->fcountry, "", false};
    }
    ns = sort_unique(sw, nf, cmp_swedish, true);
    nx = sort_unique(fo, nf, cmp_foreign, false);
    g->nodes = xcalloc(ns + nx + 1, sizeof *g->nodes);
    memcpy(g->nodes, sw, ns * sizeof *sw);
    memcpy(g->nodes + ns, fo, nx * sizeof *fo);
    g->n_swedish = ns;
    g->n_nodes = ns + nx;
    for (size_t i = 0; i < nf; i++) {
        struct fact *f = &g->facts[i];
        struct node key = {f->sname, "SE", "", true};
        /* Swedish nodes are unique by name: compare names alone. */
        size_t lo = 0, hi = ns;
        while (lo < hi) {
            size_t mid = lo + (hi - lo) / 2;
            if (strcmp(g->nodes[mid].name, key.name) < 0)
                lo = mid + 1;
            else
                hi = mid;
        }
        f->si = lo;
        key = (struct node){f->fname, f->fcountry, "", false};
        const struct node *hit = bsearch(&key, g->nodes + ns, nx,
                                         sizeof key, cmp_foreign);
        f->fi = (size_t)(hit - g->nodes);
    }
    if (nf)                     /* qsort() takes no NULL, even for 0 */
        qsort(g->facts, nf, sizeof *g->facts, cmp_fact);
    g->edges = xcalloc(nf + 1, sizeof *g->edges);
    for (size_t i = 0; i < nf; i++) {
        const struct fact *f = &g->facts[i], *prev = i ? f - 1 : NULL;
        bool same_edge = prev && prev->si == f->si && prev->fi == f->fi;
        if (!same_edge)
            g->edges[g->n_edges++] = (struct edge){f->si, f->fi, 0, 0, 0};
        struct edge *e = &g->edges[g->n_edges - 1];
        if (!same_edge || prev->run != f->run || strcmp(prev->doc, f->doc))
            e->weight++;
        if (f->year && (!e->first || f->year < e->first))
            e->first = f->year;
        if (f->year > e->last)
            e->last = f->year;
    }
    free(sw);
    free(fo);
}

static void graph_fini(struct graph *g)
{
    free(g->facts);
    free(g->nodes);
    free(g->edges);
    memset(g, 0, sizeof *g);
}

/* ---- writing ---------------------------------------------------------- */

enum esc {
    ESC_XML,                    /* & < > " as entities */
    ESC_DOT,                    /* \ and " with a backslash */
};

/* The length of the valid UTF-8 sequence at s[0..n) that is not a control
 * character or a noncharacter XML forbids (U+FFFE, U+FFFF); 0 if there
 * is none. */
static size_t good_seq(const unsigned char *s, size_t n)
{
    size_t k = s[0] < 0x80 ? 1 : s[0] < 0xC2 ? 0 : s[0] < 0xE0 ? 2
             : s[0] < 0xF0 ? 3 : s[0] < 0xF5 ? 4 : 0;
    size_t bad;
    if (k == 0 || k > n || (k == 1 && (s[0] < 0x20 || s[0] == 0x7F)))
        return 0;
    if (k > 1 && !decode_valid_utf8(s, k, &bad))
        return 0;
    if (k == 3 && s[0] == 0xEF && s[1] == 0xBF && s[2] >= 0xBE)
        return 0;
    return k;
}

/* Write s escaped for e; a byte that starts no good sequence is "\xNN",
 * as in the tables. */
static void put_str(FILE *f, const char *s, enum esc e)
{
    const unsigned char *u = (const unsigned char *)s;
    size_t n = strlen(s);

    for (size_t i = 0; i < n;) {
        size_t k = good_seq(u + i, n - i);
        if (k == 0) {
            fprintf(f, e == ESC_DOT ? "\\\\x%02x" : "\\x%02x", u[i]);
            i++;
            continue;
        }
        char c = (char)u[i];
        if (e == ESC_XML && c == '&')
            fputs("&amp;", f);
        else if (e == ESC_XML && c == '<')
            fputs("&lt;", f);
        else if (e == ESC_XML && c == '>')
            fputs("&gt;", f);
        else if (e == ESC_XML && c == '"')
            fputs("&quot;", f);
        else if (e == ESC_DOT && (c == '"' || c == '\\'))
            fprintf(f, "\\%c", c);
        else
            fwrite(u + i, 1, k, f);
        i += k;
    }
}

/* A node's label: "Falu kommun (2080)", "Travnik (BA)", "Levanger". */
static void put_label(FILE *f, const struct node *v, enum esc e)
{
    const char *extra = v->swedish ? v->code : v->country;
    put_str(f, v->name, e);
    if (extra[0]) {
        fputs(" (", f);
        put_str(f, extra, e);
        fputc(')', f);
    }
}

static void put_years(FILE *f, const struct edge *x)
{
    if (x->first == x->last)
        fprintf(f, "%d", x->first);
    else
        fprintf(f, "%d-%d", x->first, x->last);
}

static void put_data(FILE *f, const char *key, const char *value)
{
    if (!value[0])
        return;
    fprintf(f, "      <data key=\"%s\">", key);
    put_str(f, value, ESC_XML);
    fputs("</data>\n", f);
}

static void write_graphml(FILE *f, const struct graph *g)
{
    static const char *const keys[][4] = {
        {"label", "node", "string"}, {"name", "node", "string"},
        {"kind", "node", "string"}, {"country", "node", "string"},
        {"code", "node", "string"}, {"weight", "edge", "int"},
        {"years", "edge", "string"},
    };

    fputs("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
          "<graphml xmlns=\"http://graphml.graphdrawing.org/xmlns\"\n"
          "    xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\"\n"
          "    xsi:schemaLocation=\"http://graphml.graphdrawing.org/xmlns "
          "http://graphml.graphdrawing.org/xmlns/1.0/graphml.xsd\">\n", f);
    for (size_t i = 0; i < sizeof keys / sizeof *keys; i++)
        fprintf(f, "  <key id=\"%s\" for=\"%s\" attr.name=\"%s\" "
                "attr.type=\"%s\"/>\n", keys[i][0], keys[i][1], keys[i][0],
                keys[i][2]);
    fputs("  <graph id=\"partners\" edgedefault=\"undirected\">\n", f);
    for (size_t i = 0; i < g->n_nodes; i++) {
        const struct node *v = &g->nodes[i];
        fprintf(f, "    <node id=\"n%zu\">\n      <data key=\"label\">", i);
        put_label(f, v, ESC_XML);
        fputs("</data>\n", f);
        put_data(f, "name", v->name);
        put_data(f, "kind", v->swedish ? "swedish" : "foreign");
        put_data(f, "country", v->country);
        put_data(f, "code", v->code);
        fputs("    </node>\n", f);
    }
    for (size_t i = 0; i < g->n_edges; i++) {
        const struct edge *x = &g->edges[i];
        fprintf(f, "    <edge id=\"e%zu\" source=\"n%zu\" target=\"n%zu\">\n"
                "      <data key=\"weight\">%lu</data>\n", i, x->a, x->b,
                x->weight);
        if (x->first) {
            fputs("      <data key=\"years\">", f);
            put_years(f, x);
            fputs("</data>\n", f);
        }
        fputs("    </edge>\n", f);
    }
    fputs("  </graph>\n</graphml>\n", f);
}

/* Node colours, given to the countries of a graph in code order (Sweden
 * has its own blue), light enough for black labels: ColorBrewer's Set3
 * without its blue and grey (too close to Sweden's and to no colour),
 * then four of Set2 and BrBG, so that 14 countries get 14 colours. */
static const char *const palette[] = {
    "#8dd3c7", "#ffffb3", "#bebada", "#fb8072", "#fdb462", "#b3de69",
    "#fccde5", "#bc80bd", "#ccebc5", "#ffed6f", "#e5c494", "#e78ac3",
    "#a6d854", "#d8b365",
};
#define SWEDEN_COLOUR "#9ecae1"
#define NO_COUNTRY_COLOUR "#ffffff"

/* Open a cluster for the nodes of one country. */
static void open_cluster(FILE *f, const char *country, const char *colour)
{
    fputs("    subgraph \"cluster_", f);
    put_str(f, country, ESC_DOT);
    fputs("\" {\n        label=\"", f);
    put_str(f, country, ESC_DOT);
    fprintf(f, "\";\n        style=\"rounded,filled\"; color=\"%s\"; "
            "fillcolor=\"%s40\";\n", colour, colour);
}

static void write_dot(FILE *f, const struct graph *g)
{
    const char *open = NULL;    /* the country of the open cluster */
    const char *colour = NO_COUNTRY_COLOUR;
    size_t n_countries = 0;

    fprintf(f, "/* utdrag graph: %zu Swedish municipalities and regions, "
            "%zu partners, %zu pairs */\n", g->n_swedish,
            g->n_nodes - g->n_swedish, g->n_edges);
    fprintf(f, "graph partners {\n"
            "    graph [rankdir=LR, ranksep=3, nodesep=0.08, "
            "fontname=\"Helvetica\", fontsize=16, labelloc=t,\n"
            "           label=\"Partner network: %zu Swedish municipalities "
            "and regions, %zu partners, %zu pairs\\nedge width: articles "
            "stating the pair\"];\n", g->n_swedish,
            g->n_nodes - g->n_swedish, g->n_edges);
    fputs("    node [shape=box, style=\"rounded,filled\", "
          "fontname=\"Helvetica\", fontsize=12, height=0.3,\n"
          "          margin=\"0.12,0.03\", color=\"#666666\"];\n"
          "    edge [color=\"#33333399\"];\n", f);
    for (size_t i = 0; i < g->n_nodes; i++) {
        const struct node *v = &g->nodes[i];
        if (!open || strcmp(open, v->country) != 0) {
            if (open && open[0])
                fputs("    }\n", f);
            open = v->country;
            if (strcmp(open, "SE") == 0)
                colour = SWEDEN_COLOUR;
            else if (open[0])
                colour = palette[n_countries++ %
                                 (sizeof palette / sizeof *palette)];
            else
                colour = NO_COUNTRY_COLOUR;
            if (open[0])
                open_cluster(f, open, colour);
        }
        fprintf(f, "%s\"n%zu\" [label=\"", open[0] ? "        " : "    ",
                i);
        put_label(f, v, ESC_DOT);
        fprintf(f, "\", fillcolor=\"%s\"];\n", colour);
    }
    if (open && open[0])
        fputs("    }\n", f);
    for (size_t i = 0; i < g->n_edges; i++) {
        const struct edge *x = &g->edges[i];
        unsigned bits = 0;
        while (bits < 31 && (x->weight >> (bits + 1)))
            bits++;
        double pen = 1.0 + 1.5 * bits;
        fprintf(f, "    \"n%zu\" -- \"n%zu\" [penwidth=%.1f, weight=%lu, "
                "tooltip=\"", x->a, x->b, pen > 8 ? 8.0 : pen, x->weight);
        put_str(f, g->nodes[x->a].name, ESC_DOT);
        fputs(" - ", f);
        put_label(f, &g->nodes[x->b], ESC_DOT);
        fprintf(f, ": %lu article%s", x->weight, x->weight == 1 ? "" : "s");
        if (x->first) {
            fputs(", ", f);
            put_years(f, x);
        }
        fputs("\"];\n", f);
    }
    fputs("}\n", f);
}

/* ---- output: a file, standard output, or Graphviz --------------------- */

enum graph_format graph_format_named(const char *name)
{
    static const char *const names[] = {"graphml", "dot", "svg", "png"};
    for (size_t i = 0; i < 4; i++)
        if (strcmp(name, names[i]) == 0)
            return (enum graph_format)(GRAPH_GRAPHML + i);
    return GRAPH_AUTO;
}

/* The format -o's name tells, or GRAPH_AUTO. */
static enum graph_format format_of_name(const char *out)
{
    static const struct {
        const char *ext;
        enum graph_format f;
    } by_ext[] = {
        {".graphml", GRAPH_GRAPHML}, {".dot", GRAPH_DOT},
        {".gv", GRAPH_DOT}, {".svg", GRAPH_SVG}, {".png", GRAPH_PNG},
    };
    for (size_t i = 0; i < sizeof by_ext / sizeof *by_ext; i++)
        if (ends_with(out, by_ext[i].ext))
            return by_ext[i].f;
    return GRAPH_AUTO;
}

/* The path of an executable 'name' on $PATH (caller frees), or NULL. */
static char *find_program(const char *name)
{
    const char *path = getenv("PATH");
    if (!path || !*path)
        path = "/usr/bin:/bin";
    for (const char *p = path;;) {
        size_t n = strcspn(p, ":");
        char *file = xasprintf("%.*s%s%s", (int)n, p, n ? "/" : "", name);
        struct stat st;
        if (stat(file, &st) == 0 && S_ISREG(st.st_mode) &&
            access(file, X_OK) == 0)
            return file;
        free(file);
        if (!p[n])
            return NULL;
        p += n + 1;
    }
}

/* A temporary file "PREFIX.XXXXXX" (caller unlinks and frees), mode 0644,
 * open on *fd; NULL after reporting. */
static char *temp_file(const char *prefix, int *fd)
{
    char *tmp = xasprintf("%s.XXXXXX", prefix);
    *fd = mkstemp(tmp);
    if (*fd < 0 || fchmod(*fd, 0644) != 0) {
        diag_error("%s: %s", tmp, strerror(errno));
        if (*fd >= 0) {
            close(*fd);
            unlink(tmp);
        }
        free(tmp);
        return NULL;
    }
    return tmp;
}

/* Report what dot wrote to standard error (in 'err'), a line at a time,
 * as errors if it failed, else as warnings. */
static void report_dot(const char *err, bool failed)
{
    size_t len;
    char *text = fs_read_file(err, 1 << 20, &len);
    for (char *line = text; line && *line;) {
        char *nl = strchr(line, '\n');
        if (nl)
            *nl = '\0';
        if (*line && failed)
            diag_error("dot: %s", line);
        else if (*line)
            diag_warn("dot: %s", line);
        if (!nl)
            break;
        line = nl + 1;
    }
    free(text);
}

/* Run "dot -TFMT -o dst src"; its standard error goes through diag.
 * False after reporting. */
static bool run_dot(const char *dot, const char *fmt, char *src, char *dst)
{
    const char *tmpdir = getenv("TMPDIR");
    char *errprefix = xasprintf("%s/utdrag-dot", tmpdir && *tmpdir ? tmpdir
                                                                   : "/tmp");
    char *t = xasprintf("-T%s", fmt);
    char name[] = "dot", opt_o[] = "-o";
    char *argv[] = {name, t, opt_o, dst, src, NULL};
    posix_spawn_file_actions_t fa;
    int errfd = -1, st = 0, rc;
    pid_t pid;
    bool ok = false;
    char *err = temp_file(errprefix, &errfd);

    if (!err)
        goto out;
    posix_spawn_file_actions_init(&fa);
    posix_spawn_file_actions_addopen(&fa, 0, "/dev/null", O_RDONLY, 0);
    posix_spawn_file_actions_adddup2(&fa, errfd, 2);
    rc = posix_spawn(&pid, dot, &fa, NULL, argv, environ);
    posix_spawn_file_actions_destroy(&fa);
    if (rc != 0) {
        diag_error("%s: %s", dot, strerror(rc));
        goto out;
    }
    while (waitpid(pid, &st, 0) < 0 && errno == EINTR)
        ;
    ok = WIFEXITED(st) && WEXITSTATUS(st) == 0;
    report_dot(err, !ok);
    if (!ok && WIFEXITED(st))
        diag_error("dot -T%s failed (exit status %d)", fmt, WEXITSTATUS(st));
    else if (!ok)
        diag_error("dot -T%s was killed by signal %d", fmt,
                   WIFSIGNALED(st) ? WTERMSIG(st) : 0);
out:
    if (errfd >= 0)
        close(errfd);
    if (err)
        unlink(err);
    free(err);
    free(errprefix);
    free(t);
    return ok;
}

/* Close f (a temporary file), reporting an error under 'name'. */
static bool close_file(FILE *f, const char *name)
{
    bool ok = fflush(f) == 0 && !ferror(f);
    int e = errno;
    ok = fclose(f) == 0 && ok;
    if (!ok)
        diag_error("%s: %s", name, strerror(errno ? errno : e ? e : EIO));
    return ok;
}

/* Copy the file at 'path' to standard output and remove it (before the
 * copy); false after reporting. */
static bool copy_out(const char *path)
{
    size_t len;
    char *data = fs_read_file(path, TABLE_MAX, &len);
    bool ok = data != NULL;

    unlink(path);
    if (!ok) {
        diag_error("%s: %s", path, strerror(errno));
    } else if (fwrite(data, 1, len, stdout) != len || fflush(stdout) != 0) {
        diag_error("standard output: %s", strerror(errno ? errno : EIO));
        ok = false;
    }
    free(data);
    return ok;
}

/* Write the graph in fmt to 'out' (NULL: standard output) using dot at
 * 'dot' for SVG and PNG.  False after reporting. */
static bool emit(const struct graph *g, enum graph_format fmt,
                 const char *out, const char *dot)
{
    bool drawn = fmt == GRAPH_SVG || fmt == GRAPH_PNG;
    const char *tmpdir = getenv("TMPDIR");
    char *src_prefix = drawn ? xasprintf("%s/utdrag-graph",
                                         tmpdir && *tmpdir ? tmpdir : "/tmp")
                             : NULL;
    char *src = NULL, *dst = NULL;
    int fd = -1;
    bool ok = false;
    FILE *f;

    if (!drawn && !out) {
        f = stdout;
    } else {
        src = temp_file(drawn ? src_prefix : out, &fd);
        f = src ? fdopen(fd, "w") : NULL;
        if (!f)
            goto out;
        fd = -1;
    }
    if (fmt == GRAPH_GRAPHML)
        write_graphml(f, g);
    else
        write_dot(f, g);
    if (f == stdout) {
        ok = fflush(stdout) == 0 && !ferror(stdout);
        if (!ok)
            diag_error("standard output: %s", strerror(errno ? errno : EIO));
        goto out;
    }
    if (!close_file(f, drawn ? src : out))
        goto out;
    if (drawn) {
        /* On standard output too dot writes a file, copied out here: dot
         * does not notice a full disk (>/dev/full), we do. */
        dst = temp_file(out ? out : src_prefix, &fd);
        if (!dst || !run_dot(dot, fmt == GRAPH_SVG ? "svg" : "png", src, dst))
            goto out;
    }
    if (drawn && !out) {
        unlink(src);            /* a reader that quits (| head) kills us */
        ok = copy_out(dst);     /* with SIGPIPE: leave no file behind */
        goto out;
    }
    /* The file in place: from here on there is nothing to remove. */
    char **done = dst ? &dst : &src;
    ok = rename(*done, out) == 0;
    if (!ok) {
        diag_error("%s: %s", out, strerror(errno));
        goto out;
    }
    free(*done);
    *done = NULL;
out:
    if (fd >= 0)
        close(fd);
    if (src)
        unlink(src);
    if (dst)
        unlink(dst);
    free(src);
    free(dst);
    free(src_prefix);
    return ok;
}

/* Configuration checks before any table is read: the format, where it
 * goes, and dot.  *dot is its path for SVG and PNG (caller frees).  False
 * after reporting. */
static bool setup(enum graph_format *fmt, const char *out, char **dot)
{
    if (out && fs_is_dir(out)) {
        diag_error("-o %s: a folder; graph writes one file", out);
        return false;
    }
    if (*fmt == GRAPH_AUTO && out) {
        *fmt = format_of_name(out);
        if (*fmt == GRAPH_AUTO) {
            diag_error("-o %s: the name does not tell the format (.graphml, "
                       ".dot, .gv, .svg or .png): give -f", out);
            return false;
        }
    } else if (*fmt == GRAPH_AUTO) {
        *fmt = GRAPH_GRAPHML;
    }
    if (*fmt == GRAPH_PNG && !out && isatty(STDOUT_FILENO)) {
        diag_error("refusing to write PNG to a terminal: give -o FILE or "
                   "redirect standard output");
        return false;
    }
    if (*fmt == GRAPH_SVG || *fmt == GRAPH_PNG) {
        *dot = find_program("dot");
        if (!*dot) {
            diag_error("-f %s needs Graphviz's dot, which is not on PATH "
                       "(Debian and Ubuntu: apt-get install graphviz); "
                       "-f graphml and -f dot need nothing",
                       *fmt == GRAPH_SVG ? "svg" : "png");
            return false;
        }
    }
    return true;
}

/* Is the pairs table of runs[k] the same file as one before it? */
static bool seen_before(const struct run *runs, size_t k)
{
    struct stat a, b;
    if (strcmp(runs[k].pairs, "-") == 0 || stat(runs[k].pairs, &a) != 0)
        return false;
    for (size_t i = 0; i < k; i++)
        if (runs[i].pairs && strcmp(runs[i].pairs, "-") != 0 &&
            stat(runs[i].pairs, &b) == 0 && a.st_dev == b.st_dev &&
            a.st_ino == b.st_ino)
            return true;
    return false;
}

int graph_run(const char *const *paths, size_t n, enum graph_format fmt,
              const char *out)
{
    struct run *runs = xcalloc(n + 1, sizeof *runs);
    struct graph g = {0};
    char *dot = NULL;
    int status = 2;

    if (out && strcmp(out, "-") == 0)
        out = NULL;
    if (!setup(&fmt, out, &dot))
        goto out;
    for (size_t k = 0; k < n; k++) {
        struct run *r = &runs[k];
        if (!locate(paths[k], r))
            goto out;
        r->name = strcmp(r->pairs, "-") ? r->pairs : "standard input";
        if (seen_before(runs, k)) {
            diag_warn("%s: the same table as an earlier PATH: read once",
                      r->pairs);
            continue;
        }
        if (!read_table(r->pairs, r->name, false, &r->p))
            goto out;
        unguard(&r->p);
        load_years(r);
        if (!add_facts(&g, r, k))
            goto out;
    }
    build(&g);
    if (g.n_edges == 0)
        diag_warn("no pairs in the input: the graph is empty");
    if (!emit(&g, fmt, out, dot))
        goto out;
    status = g.skipped ? 1 : 0;
out:
    for (size_t k = 0; k < n; k++)
        run_fini(&runs[k]);
    free(runs);
    graph_fini(&g);
    free(dot);
    return status;
}
