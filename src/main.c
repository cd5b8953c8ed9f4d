/*
 * main.c - wires the stages: options -> rules -> for each document
 * input -> decode -> normalize -> match -> resolve -> output, then maps the
 * outcome to the exit status.  No other module knows the others.
 */
/* SPDX-License-Identifier: MIT */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "arena.h"
#include "article.h"
#include "check.h"
#include "decode.h"
#include "diag.h"
#include "input.h"
#include "match.h"
#include "normalize.h"
#include "options.h"
#include "report.h"
#include "output.h"
#include "resolve.h"
#include "rules.h"
#include "xalloc.h"

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

/* Decode and normalize one document in place.  Stage order lives here. */
static void prepare(struct arena *a, struct article *art)
{
    if (art->status == DOC_OK && art->raw)
        decode_article(a, art);
    if (art->text && (art->status == DOC_OK || art->status == DOC_REPAIRED))
        norm_text(a, art->text, art->text_len, &art->norm);
}

/* Everything after input for one document: decode, normalize, match,
 * resolve.  Returns the rows in *dt (from 'a'); a limit hit becomes a
 * warning, or status error under --strict. */
static void process(struct matcher *m, struct arena *a,
                    const struct rule_set *rs, bool strict,
                    struct article *art, struct doc_tables *dt)
{
    struct match_result mr;
    bool matched = false;

    prepare(a, art);
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
    resolve_article(m, a, rs, art, matched ? &mr : NULL, dt);
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
};

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
    if (!make_dirs(o->output_dir))
        return false;
    for (int i = 0; i < T__COUNT; i++) {
        const struct table_schema *ts = &resolve_schema[i];
        s->t[i] = output_open(o->output_dir, ts->name, ts->columns,
                              ts->n_columns, &o->out, NULL);
        if (!s->t[i])
            return false;
    }
    return true;
}

static bool write_rows(struct sinks *s, const struct doc_tables *dt)
{
    for (int i = 0; i < T__COUNT; i++) {
        if (!s->t[i])
            continue;
        for (size_t r = 0; r < dt->t[i].n; r++)
            if (!output_row(s->t[i], dt->t[i].rows[r]))
                return false;
    }
    return true;
}

static bool close_sinks(struct sinks *s, bool ok)
{
    for (int i = 0; i < T__COUNT; i++) {
        if (ok)
            ok = output_close(s->t[i]);
        else
            output_abort(s->t[i]);
        s->t[i] = NULL;
    }
    return ok;
}

struct tally {
    unsigned long docs[DOC_ERROR + 1];
    unsigned long rows[T__COUNT];
};

static void tally_add(struct tally *t, const struct article *art,
                      const struct doc_tables *dt)
{
    t->docs[art->status]++;
    for (int i = 0; i < T__COUNT; i++)
        t->rows[i] += dt->t[i].n;
}

static void tally_print(const struct tally *t)
{
    unsigned long n = 0;
    for (int s = 0; s <= DOC_ERROR; s++)
        n += t->docs[s];
    diag_note("utdrag: %lu documents (%lu ok, %lu repaired, %lu empty, "
              "%lu skipped, %lu error): %lu pairs, %lu quotes, %lu speakers,"
              " %lu tags\n", n, t->docs[DOC_OK], t->docs[DOC_REPAIRED],
              t->docs[DOC_EMPTY], t->docs[DOC_SKIPPED], t->docs[DOC_ERROR],
              t->rows[T_PAIRS], t->rows[T_QUOTES], t->rows[T_SPEAKERS],
              t->rows[T_TAGS]);
}

static int cmd_extract(const struct options *o, const struct rule_set *rs)
{
    struct tally tally = {0};
    struct arena a = {0};
    struct sinks sinks = {0};
    struct input *in = NULL;
    struct matcher *m = NULL;
    struct report *rep = NULL;
    bool ok = false;
    int status = EXIT_OK;

    if (o->output_dir && o->table_set) {
        diag_error("-t picks the table for standard output; -o writes all "
                   "five tables");
        return EXIT_USAGE;
    }
    if (!o->output_dir && table_index(o->table) < 0) {
        diag_error("unknown table '%s' (documents, pairs, quotes, speakers "
                   "or tags)", o->table);
        return EXIT_USAGE;
    }
    if (!open_sinks(o, &sinks))
        goto out;
    if (o->report) {
        rep = report_new(o->report, &o->out, rs);
        if (!rep)
            goto out;
    }
    in = input_new(o->args, o->n_args, o->max_doc_size);
    m = match_new(rs, &MATCH_LIMITS_DEFAULT);
    for (;;) {
        struct article art;
        struct doc_tables dt;

        arena_reset(&a);
        if (!input_next(in, &a, &art))
            break;
        process(m, &a, rs, o->strict, &art, &dt);
        if (art.status == DOC_ERROR ||
            (o->strict && art.status != DOC_OK))
            status = EXIT_DOCS;
        tally_add(&tally, &art, &dt);
        if (!write_rows(&sinks, &dt))
            goto out;
        if (rep && !report_doc(rep, &art, &dt))
            goto out;
    }
    ok = !rep || report_finish(rep);
    if (o->summary)
        tally_print(&tally);
out:
    ok = close_sinks(&sinks, ok);
    report_free(rep);
    match_free(m);
    input_free(in);
    arena_fini(&a);
    return ok ? status : EXIT_USAGE;
}

static bool exists(const char *path)
{
    struct stat st;
    return stat(path, &st) == 0;
}

/* utdrag check: every named article, and every article found in a folder
 * that has an expectation beside it. */
static int cmd_check(const struct options *o, const struct rule_set *rs)
{
    const struct check_opts co = {.update = o->update, .junit = o->junit,
                                  .report = stdout};
    struct arena a = {0};
    struct check_run *cr = check_new(&co);
    struct input *in = NULL;
    struct matcher *m = NULL;
    bool ok = cr != NULL;

    if (!ok)
        goto out;
    in = input_new(o->args, o->n_args, o->max_doc_size);
    m = match_new(rs, &MATCH_LIMITS_DEFAULT);
    for (;;) {
        struct article art;
        struct doc_tables dt;

        arena_reset(&a);
        if (!input_next(in, &a, &art))
            break;
        char *exp = check_expect_dir(art.path);
        if (exists(exp) || (art.named && o->update)) {
            process(m, &a, rs, o->strict, &art, &dt);
            ok = check_article(cr, &a, art.doc_id, exp, &dt);
        } else if (art.named) {
            check_missing(cr, art.doc_id, exp);
        }
        free(exp);
        if (!ok)
            goto out;
    }
    ok = check_finish(cr);
out:
    match_free(m);
    input_free(in);
    arena_fini(&a);
    int status = !ok ? EXIT_USAGE
               : cr && check_failures(cr) ? EXIT_DOCS : EXIT_OK;
    check_free(cr);
    return status;
}

static int cmd_normalize(const struct options *o)
{
    struct arena a = {0};
    struct input *in = input_new(o->args, 1, o->max_doc_size);
    struct article art;
    int status = EXIT_OK;

    if (input_next(in, &a, &art)) {
        prepare(&a, &art);
        if (art.message && art.status != DOC_ERROR)   /* errors: reported */
            diag_warn("%s: %s", art.doc_id, art.message);
        if (art.norm.s)
            fwrite(art.norm.s, 1, art.norm.len, stdout);
        if (art.status == DOC_ERROR)
            status = EXIT_DOCS;
    }
    input_free(in);
    arena_fini(&a);
    return status;
}

/* ---- rules test / lint ------------------------------------------------ */

/* Does hit h carry every "col=value" of 'want' ("a=b | c=d")? */
static bool hit_has(struct arena *a, const struct hit *h, const char *want)
{
    char *w = arena_strdup(a, want);
    for (char *p = w; p;) {
        char *bar = strstr(p, " | ");
        if (bar)
            *bar = '\0';
        char *eq = strchr(p, '=');
        if (eq) {
            *eq = '\0';
            char *k = p, *v = eq + 1;
            while (*k == ' ')
                k++;
            size_t kl = strlen(k);
            while (kl && k[kl - 1] == ' ')
                k[--kl] = '\0';
            while (*v == ' ')
                v++;
            int c = rules_col_lookup(k, kl);
            const char *got = c >= 0 ? h->col[c] : NULL;
            if (c < 0 || strcmp(got ? got : "", v) != 0)
                return false;
        }
        p = bar ? bar + 3 : NULL;
    }
    return true;
}

static void describe_hits(struct arena *a, const struct hit *hits, size_t n)
{
    if (!n)
        diag_note("    got no row\n");
    for (size_t i = 0; i < n; i++) {
        const char *s = "";
        for (int c = 0; c < COL__COUNT; c++)
            if (hits[i].col[c])
                s = arena_printf(a, "%s%s%s=%s", s, *s ? " | " : "",
                                 rules_col_name(c), hits[i].col[c]);
        diag_note("    got: %s\n", s);
    }
}

static bool run_example(struct matcher *m, struct arena *a,
                        const struct rule_set *rs, const struct rule *r,
                        const struct rule_example *ex)
{
    struct norm_text nt;
    struct match_result mr;
    struct hit *hits;

    /* The example's "\n" stands for a line break. */
    char *in = arena_strdup(a, ex->input);
    size_t w = 0;
    for (size_t i = 0; in[i]; i++) {
        if (in[i] == '\\' && in[i + 1] == 'n') {
            in[w++] = '\n';
            i++;
        } else {
            in[w++] = in[i];
        }
    }
    in[w] = '\0';
    norm_text(a, in, w, &nt);
    if (!match_rule_text(m, a, r, &nt, &mr)) {
        diag_error_at(r->file, ex->line, 0, "rule %s: %s", r->name,
                      mr.message);
        return false;
    }
    size_t n = resolve_expand(m, a, rs, mr.hits, mr.n_hits, &hits);
    bool ok = ex->counter ? n == 0 : n == ex->n_expect;
    for (size_t i = 0; ok && i < ex->n_expect; i++)
        ok = hit_has(a, &hits[i], ex->expect[i]);
    if (!ok) {
        diag_error_at(r->file, ex->line, 0, "rule %s: %s failed: %s",
                      r->name, ex->counter ? "counter-example" : "example",
                      ex->input);
        for (size_t i = 0; i < ex->n_expect; i++)
            diag_note("    want: %s\n", ex->expect[i]);
        if (ex->counter)
            diag_note("    want no row\n");
        describe_hits(a, hits, n);
    }
    return ok;
}

static int cmd_rules_test(const struct rule_set *rs)
{
    struct arena a = {0};
    struct matcher *m = match_new(rs, &MATCH_LIMITS_DEFAULT);
    unsigned long pass = 0, fail = 0;

    for (size_t i = 0; i < rs->n_rules; i++) {
        const struct rule *r = &rs->rules[i];
        if (!r->n_examples) {
            diag_error_at(r->file, r->line, 0, "rule %s has no example",
                          r->name);
            fail++;
        }
        for (size_t j = 0; j < r->n_examples; j++) {
            arena_reset(&a);
            if (run_example(m, &a, rs, r, &r->examples[j]))
                pass++;
            else
                fail++;
        }
    }
    printf("%lu passed, %lu failed\n", pass, fail);
    match_free(m);
    arena_fini(&a);
    return fail ? EXIT_DOCS : EXIT_OK;
}

static int cmd_rules_lint(const struct rule_set *rs)
{
    unsigned long warned = 0;
    for (size_t i = 0; i < rs->n_defs; i++)
        if (!rs->defs[i].used) {
            diag_warn_at(rs->defs[i].file, rs->defs[i].line, 0,
                         "pattern %s is never used", rs->defs[i].name);
            warned++;
        }
    for (size_t i = 0; i < rs->n_lists; i++)
        if (!rs->lists[i].used) {
            diag_warn_at(rs->lists[i].file, rs->lists[i].line, 0,
                         "list %s is never used", rs->lists[i].name);
            warned++;
        }
    printf("%zu rules, %zu lists, %zu headings: %lu warning%s\n",
           rs->n_rules, rs->n_lists, rs->n_headings, warned,
           warned == 1 ? "" : "s");
    return EXIT_OK;
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
    if (o.command == CMD_NORMALIZE) {
        status = cmd_normalize(&o);
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
    if (o.command == CMD_EXTRACT)
        status = cmd_extract(&o, &rs);
    else if (o.command == CMD_CHECK)
        status = cmd_check(&o, &rs);
    else if (o.command == CMD_RULES_TEST)
        status = cmd_rules_test(&rs);
    else
        status = cmd_rules_lint(&rs);
out:
    /* An output error was already reported where it happened. */
    if (status != EXIT_USAGE && !stdout_ok())
        status = EXIT_USAGE;
    rules_fini(&rs);
    free(dir);
    return status;
}
