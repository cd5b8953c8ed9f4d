/*
 * explain.c - `utdrag explain`: the normalized text of one document with
 * every rule hit marked and its fate (see explain.h).  The hits and their
 * fates come from resolve_article()'s trace of the extract pipeline: what
 * this prints is what extract did.
 */
/* SPDX-License-Identifier: MIT */
#include "explain.h"

#include <jansson.h>
#include <stdlib.h>
#include <string.h>

#include "arena.h"
#include "gazetteer.h"
#include "normalize.h"
#include "xalloc.h"

/* What a hit is shown with: its trace item, where it stands, its rows. */
struct shown {
    const struct trace_item *t;
    size_t line;                /* index into the norm lines */
    size_t order;               /* trace order: the sort's tie-break */
};

#define MAX_ROWS 4              /* rows named per hit; more: "..." */

struct rows_of {
    const char *table;
    size_t row[MAX_ROWS];       /* 1-based */
    size_t n;                   /* all matching rows (may exceed MAX_ROWS) */
    size_t dup;                 /* no row as written: the pairs row of the
                                   same place (1-based), or 0 */
};


/* The table a rule's hits are bound for, by its output name. */
static const char *table_of(const struct rule *r)
{
    switch (r->table) {
    case TAB_PAIRS:
    case TAB_MENTIONS:
        return "pairs";
    case TAB_QUOTES:
        return "quotes";
    case TAB_PERSONS:
        return "speakers";
    case TAB_TAGS:
        return "tags";
    case TAB_CANDIDATES:
    case TAB__COUNT:
        break;
    }
    return "report";
}

bool explain_table_ok(const char *name)
{
    static const char *const ok[] = {"pairs", "quotes", "speakers", "tags",
                                     "report"};
    for (size_t i = 0; i < sizeof ok / sizeof *ok; i++)
        if (strcmp(name, ok[i]) == 0)
            return true;
    return false;
}

static bool eq(const char *a, const char *b)
{
    return a && b && strcmp(a, b) == 0;
}

/* Do two values name one place, as the pairs table's deduplication
 * tells (gaz_identity())? */
static bool same_place(const char *x, const char *y)
{
    struct arena a = {0};
    bool same = strcmp(gaz_identity(&a, x), gaz_identity(&a, y)) == 0;
    arena_fini(&a);
    return same;
}

/* The rows a kept hit gave: found by its values in the table's rows (a
 * pair by either side as written, a quote by its words, a person by
 * name, a tag by label and value). */
static void find_rows(const struct hit *h, const struct doc_tables *dt,
                      struct rows_of *ro)
{
    enum out_table_id id;
    memset(ro, 0, sizeof *ro);
    switch (h->rule->table) {
    case TAB_PAIRS:
    case TAB_MENTIONS:
        id = T_PAIRS;
        break;
    case TAB_QUOTES:
        id = T_QUOTES;
        break;
    case TAB_PERSONS:
        id = T_SPEAKERS;
        break;
    case TAB_TAGS:
        id = T_TAGS;
        break;
    default:
        return;
    }
    ro->table = resolve_schema[id].name;
    const struct row_list *l = &dt->t[id];
    for (size_t i = 0; i < l->n; i++) {
        const char *const *row = l->rows[i];
        bool hit;
        if (id == T_PAIRS)
            hit = eq(h->col[COL_SWEDISH_PARTNER], row[1]) ||
                  eq(h->col[COL_PARTNER], row[4]);
        else if (id == T_QUOTES)
            hit = eq(h->col[COL_QUOTE], row[4]);
        else if (id == T_SPEAKERS)
            hit = eq(h->col[COL_SPEAKER], row[1]);
        else
            hit = eq(h->col[COL_TAG], row[1]) && eq(h->col[COL_VALUE], row[2]);
        if (hit && ro->n++ < MAX_ROWS)
            ro->row[ro->n - 1] = i + 1;
    }
    /* A pair kept as another spelling of the same place ("Lerums kommun"
     * after "Lerum"): the row with that identity, as the pairs table's
     * deduplication compares them. */
    for (size_t i = 0; id == T_PAIRS && !ro->n && i < l->n; i++) {
        const char *const *row = l->rows[i];
        const char *sv = h->col[COL_SWEDISH_PARTNER];
        const char *fo = h->col[COL_PARTNER];
        if ((sv && same_place(sv, row[2] ? row[2] : row[1])) ||
            (fo && same_place(fo, row[5] ? row[5] : row[4])))
            ro->dup = i + 1;
        if (ro->dup)
            break;
    }
}

static int cmp_shown(const void *pa, const void *pb)
{
    const struct shown *x = pa, *y = pb;
    if (x->t->h.start != y->t->h.start)
        return x->t->h.start < y->t->h.start ? -1 : 1;
    if (x->t->h.rule != y->t->h.rule)
        return x->t->h.rule < y->t->h.rule ? -1 : 1;
    return x->order < y->order ? -1 : x->order > y->order;
}

/* Code points of s[from, to): a column count. */
static size_t chars(const char *s, size_t from, size_t to)
{
    size_t n = 0;
    for (size_t i = from; i < to; i++)
        n += ((unsigned char)s[i] & 0xC0) != 0x80;
    return n;
}

static size_t line_end(const struct norm_text *nt, size_t i)
{
    size_t e = i + 1 < nt->n_lines ? nt->lines[i + 1].off : nt->len;
    while (e > nt->lines[i].off && nt->s[e - 1] == '\n')
        e--;
    return e;
}

/* ---- text ------------------------------------------------------------- */

#define C_RULE "\033[36m"
#define C_KEPT "\033[32m"
#define C_DROP "\033[31m"
#define C_DIM "\033[2m"
#define C_OFF "\033[0m"

/* A value as shown: quoted, line breaks as spaces, at most VALUE_MAX
 * bytes (cut at a character start). */
#define VALUE_MAX 100
static void put_value(FILE *f, const char *v)
{
    size_t n = strlen(v);
    bool cut = n > VALUE_MAX;
    if (cut) {
        n = VALUE_MAX;
        while (n && ((unsigned char)v[n] & 0xC0) == 0x80)
            n--;
    }
    fputc('"', f);
    for (size_t i = 0; i < n; i++)
        fputc(v[i] == '\n' ? ' ' : v[i], f);
    fputs(cut ? "...\"" : "\"", f);
}

static void put_fate(FILE *f, const struct shown *s,
                     const struct doc_tables *dt, bool color)
{
    const struct trace_item *t = s->t;
    if (t->fate) {
        fprintf(f, "%s        -> no row: %s%s\n", color ? C_DROP : "",
                t->fate, color ? C_OFF : "");
        return;
    }
    struct rows_of ro;
    find_rows(&t->h, dt, &ro);
    fputs(color ? C_KEPT : "", f);
    if (ro.n) {
        fprintf(f, "        -> %s row%s", ro.table, ro.n > 1 ? "s" : "");
        for (size_t k = 0; k < ro.n && k < MAX_ROWS; k++)
            fprintf(f, "%s%zu", k ? ", " : " ", ro.row[k]);
        fputs(ro.n > MAX_ROWS ? ", ..." : "", f);
    } else if (t->h.rule->table == TAB_MENTIONS &&
               !t->h.col[COL_SWEDISH_PARTNER] && !t->h.col[COL_PARTNER]) {
        const char *mark = t->h.col[COL_MARK] ? t->h.col[COL_MARK] : "";
        fputs(strcmp(mark, "furniture") == 0
                  ? "        -> page furniture: no list of partners below"
              : strcmp(mark, "clause") == 0
                  ? "        -> a clause boundary"
              : strncmp(mark, "column", 6) == 0
                  ? "        -> a table's header cell"
                  : "        -> a trigger (the document gave pairs)", f);
    } else if (t->h.rule->table == TAB_PERSONS) {
        fputs("        -> a speaker's details", f);
    } else if (ro.dup) {
        fprintf(f, "        -> duplicate of %s row %zu (the same place)",
                ro.table, ro.dup);
    } else {
        fprintf(f, "        -> a row of %s, the same as an earlier one",
                ro.table ? ro.table : "its table");
    }
    fprintf(f, "%s\n", color ? C_OFF : "");
}

static void put_hit(FILE *f, const struct norm_text *nt,
                    const struct shown *s, const struct doc_tables *dt,
                    bool color)
{
    const struct hit *h = &s->t->h;
    size_t ls = nt->lines[s->line].off;
    size_t end_line = norm_line_index(nt, h->end ? h->end - 1 : 0);
    fprintf(f, "      %s%s%s [%zu-", color ? C_RULE : "", h->rule->name,
            color ? C_OFF : "", chars(nt->s, ls, h->start) + 1);
    if (end_line != s->line)
        fprintf(f, "line %u:", norm_src_line(nt, h->end ? h->end - 1 : 0));
    fprintf(f, "%zu]", chars(nt->s, nt->lines[end_line].off, h->end));
    for (int c = 0; c < COL__COUNT; c++)
        if (h->col[c]) {
            fprintf(f, " %s=", rules_col_name(c));
            put_value(f, h->col[c]);
        }
    fputc('\n', f);
    put_fate(f, s, dt, color);
}

static void print_text(FILE *f, const struct rule_set *rs,
                       const struct article *art,
                       const struct match_result *mr,
                       const struct doc_tables *dt, const struct shown *sh,
                       size_t n, const struct explain_opts *eo)
{
    const struct norm_text *nt = &art->norm;
    size_t kept = 0;

    for (size_t i = 0; i < n; i++)
        kept += !sh[i].t->fate;
    fprintf(f, "%s# %s: %s", eo->color ? C_DIM : "", art->doc_id,
            mr && mr->lang >= 0 ? rs->langs[mr->lang].name : "no language");
    fprintf(f, ", %zu hit%s: %zu gave rows or details, %zu did not; rows:",
            n, n == 1 ? "" : "s", kept, n - kept);
    for (int t = T_PAIRS; t < T__COUNT; t++)
        fprintf(f, " %s %zu", resolve_schema[t].name, dt->t[t].n);
    fprintf(f, "%s\n", eo->color ? C_OFF : "");
    if (mr && mr->message)
        fprintf(f, "# %s\n", mr->message);
    size_t k = 0;
    for (size_t i = 0; i < nt->n_lines; i++) {
        size_t s = nt->lines[i].off, e = line_end(nt, i);
        uint32_t src = norm_src_line(nt, s);
        if (src)
            fprintf(f, "%5u  ", src);
        else
            fputs("    -  ", f);  /* a web page's headline: page context */
        fwrite(nt->s + s, 1, e - s, f);
        fputc('\n', f);
        for (; k < n && sh[k].line == i; k++)
            put_hit(f, nt, &sh[k], dt, eo->color);
    }
}

/* ---- JSON ------------------------------------------------------------- */

static json_t *hit_json(const struct norm_text *nt, const struct shown *s,
                        const struct doc_tables *dt)
{
    const struct hit *h = &s->t->h;
    json_t *o = json_object(), *vals = json_object();
    size_t el = norm_line_index(nt, h->end ? h->end - 1 : 0);

    json_object_set_new(o, "rule", json_string(h->rule->name));
    json_object_set_new(o, "table", json_string(table_of(h->rule)));
    json_object_set_new(o, "line", json_integer(norm_src_line(nt, h->start)));
    json_object_set_new(o, "column",
                        json_integer((json_int_t)chars(nt->s,
                                     nt->lines[s->line].off, h->start) + 1));
    json_object_set_new(o, "end_line",
                        json_integer(norm_src_line(nt, nt->lines[el].off)));
    json_object_set_new(o, "end_column",
                        json_integer((json_int_t)chars(nt->s,
                                     nt->lines[el].off, h->end)));
    json_object_set_new(o, "text", json_stringn(nt->s + h->start,
                                                h->end - h->start));
    for (int c = 0; c < COL__COUNT; c++)
        if (h->col[c])
            json_object_set_new(vals, rules_col_name(c),
                                json_string(h->col[c]));
    json_object_set_new(o, "values", vals);
    json_object_set_new(o, "kept", json_boolean(!s->t->fate));
    if (s->t->fate) {
        json_object_set_new(o, "why", json_string(s->t->fate));
    } else {
        struct rows_of ro;
        json_t *rows = json_array();
        find_rows(h, dt, &ro);
        for (size_t k = 0; k < ro.n && k < MAX_ROWS; k++) {
            json_t *r = json_object();
            json_object_set_new(r, "table", json_string(ro.table));
            json_object_set_new(r, "row", json_integer((json_int_t)ro.row[k]));
            json_array_append_new(rows, r);
        }
        json_object_set_new(o, "rows", rows);
    }
    return o;
}

static bool print_json(FILE *f, const struct rule_set *rs,
                       const struct article *art,
                       const struct match_result *mr,
                       const struct doc_tables *dt, const struct shown *sh,
                       size_t n)
{
    const struct norm_text *nt = &art->norm;
    json_t *doc = json_object(), *lines = json_array(), *hits = json_array();
    json_t *rows = json_object();

    json_object_set_new(doc, "doc_id", json_string(art->doc_id));
    json_object_set_new(doc, "language",
                        mr && mr->lang >= 0
                            ? json_string(rs->langs[mr->lang].name)
                            : json_null());
    if (mr && mr->message)
        json_object_set_new(doc, "message", json_string(mr->message));
    for (int t = T_PAIRS; t < T__COUNT; t++)
        json_object_set_new(rows, resolve_schema[t].name,
                            json_integer((json_int_t)dt->t[t].n));
    json_object_set_new(doc, "rows", rows);
    for (size_t i = 0; i < nt->n_lines; i++) {
        json_t *l = json_object();
        size_t s = nt->lines[i].off;
        json_object_set_new(l, "line", json_integer(norm_src_line(nt, s)));
        json_object_set_new(l, "text",
                            json_stringn(nt->s + s, line_end(nt, i) - s));
        json_array_append_new(lines, l);
    }
    json_object_set_new(doc, "lines", lines);
    for (size_t i = 0; i < n; i++)
        json_array_append_new(hits, hit_json(nt, &sh[i], dt));
    json_object_set_new(doc, "hits", hits);
    int rc = json_dumpf(doc, f, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
    json_decref(doc);
    return rc == 0 && fputc('\n', f) != EOF;
}

bool explain_print(FILE *f, const struct rule_set *rs,
                   const struct article *art, const struct match_result *mr,
                   const struct doc_tables *dt,
                   const struct explain_opts *eo)
{
    const struct resolve_trace *tr = dt->trace;
    size_t n = 0;
    struct shown *sh = xcalloc(tr && tr->n ? tr->n : 1, sizeof *sh);

    for (size_t i = 0; tr && i < tr->n; i++) {
        const struct rule *r = tr->v[i].h.rule;
        if ((eo->rule && strcmp(r->name, eo->rule) != 0) ||
            (eo->table && strcmp(table_of(r), eo->table) != 0))
            continue;
        sh[n].t = &tr->v[i];
        sh[n].line = norm_line_index(&art->norm, tr->v[i].h.start);
        sh[n].order = i;
        n++;
    }
    qsort(sh, n, sizeof *sh, cmp_shown);
    bool ok = true;
    if (eo->json)
        ok = print_json(f, rs, art, mr, dt, sh, n);
    else
        print_text(f, rs, art, mr, dt, sh, n, eo);
    free(sh);
    return ok && !ferror(f);
}
