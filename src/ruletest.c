/*
 * ruletest.c - `utdrag rules test` and `utdrag rules lint` (ruletest.h).
 */
/* SPDX-License-Identifier: MIT */
#include "ruletest.h"

#include <stdio.h>
#include <string.h>

#include "arena.h"
#include "diag.h"
#include "match.h"
#include "normalize.h"
#include "resolve.h"


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

bool ruletest_run(const struct rule_set *rs)
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
    return fail == 0;
}

unsigned long ruletest_lint(const struct rule_set *rs)
{
    unsigned long warned = 0;
    for (size_t i = 0; i < rs->n_defs; i++)
        if (!rs->defs[i].used) {
            diag_warn_at(rs->defs[i].file, rs->defs[i].line, 0,
                         "pattern %s is never used", rs->defs[i].name);
            warned++;
        }
    for (size_t i = 0; i < rs->n_rules; i++) {
        const struct rule *r = &rs->rules[i];
        bool counter = false;
        for (size_t j = 0; j < r->n_examples; j++)
            counter = counter || r->examples[j].counter;
        if (!counter) {
            diag_warn_at(r->file, r->line, 0, "rule %s has no counter-example "
                         "(a line it must not match)", r->name);
            warned++;
        }
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
    return warned;
}

