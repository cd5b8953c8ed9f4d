/*
 * fuzz_pipeline.c - whole-document fuzzer over the shipped rules.
 *
 * Input: the raw bytes of one document.  The rule set is loaded once per
 * process from $UTDRAG_RULES, else from "rules" in the current directory
 * (make check runs from the top of the repo and sets UTDRAG_RULES), and
 * the document goes through every stage as main's process() does:
 * decode_article(), norm_text(), match_article(), resolve_article().
 * Every row of the five tables and of the drift report is then written as
 * TSV through output.c (as utdrag extract -f tsv would) and read back:
 * each table has its header plus one line per row, every line exactly the
 * schema's number of cells, every cell valid UTF-8, doc_id "fuzz" in every
 * row, exactly one documents row, and every `line` cell a line number of
 * the document.
 * Speed: the rules load once; what costs is matching them, about 0.4 ms
 * per KB of input under the sanitizers.  Without -max_len libFuzzer takes
 * the largest seed (dashes-line, 50 KB) as the limit and grows inputs
 * toward it, which gave about 150 execs/s; make fuzz-long passes
 * -max_len=4096 (every sample article fits) and gets about 700.
 */
/* SPDX-License-Identifier: MIT */
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "arena.h"
#include "article.h"
#include "decode.h"
#include "match.h"
#include "normalize.h"
#include "output.h"
#include "resolve.h"
#include "rules.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define REQUIRE(cond)                                                      \
    do {                                                                   \
        if (!(cond)) {                                                     \
            fprintf(stderr, "%s:%d: REQUIRE failed: %s\n", __FILE__,       \
                    __LINE__, #cond);                                      \
            abort();                                                       \
        }                                                                  \
    } while (0)

/* Process-wide, loaded on the first call and freed at exit: the codes
 * of cached patterns live in a mapping of their own (pcache.h), which
 * LeakSanitizer does not search for pointers, so what they point to (their
 * JIT data) would count as leaked if the set were left for exit. */
static struct rule_set rs;
static struct matcher *matcher;

static void unload_rules(void)
{
    match_free(matcher);
    rules_fini(&rs);
}

static void load_rules(void)
{
    const char *dir = getenv("UTDRAG_RULES");

    if (!dir || !*dir)
        dir = "rules";
    if (!rules_load(&rs, dir)) {
        fprintf(stderr, "fuzz_pipeline: cannot load rules from %s "
                "(set UTDRAG_RULES)\n", dir);
        exit(2);
    }
    matcher = match_new(&rs, &MATCH_LIMITS_DEFAULT);
    match_want_candidates(matcher, true);     /* the report too */
    atexit(unload_rules);
}

/* Index of 'name' in the schema, or n_columns. */
static size_t column(const struct table_schema *sc, const char *name)
{
    size_t i = 0;

    while (i < sc->n_columns && strcmp(sc->columns[i], name) != 0)
        i++;
    return i;
}

/* Check the TSV text of one table: n_rows rows after the header. */
static void check_tsv(char *s, size_t len, const struct table_schema *sc,
                      size_t n_rows, size_t doc_col, uint32_t max_line)
{
    size_t line_col = column(sc, "line");
    size_t rows = 0;
    char *p = s;

    REQUIRE(len > 0 && s[len - 1] == '\n');
    REQUIRE(decode_valid_utf8((const unsigned char *)s, len, NULL));
    while (p < s + len) {
        char *eol = memchr(p, '\n', (size_t)(s + len - p));
        size_t cells = 0;

        *eol = '\0';
        for (char *c = p;; cells++) {
            char *tab = strchr(c, '\t');
            if (tab)
                *tab = '\0';
            output_tsv_unescape(c);
            REQUIRE(decode_valid_utf8((const unsigned char *)c, strlen(c),
                                      NULL));
            if (rows > 0 && cells == doc_col)
                REQUIRE(strcmp(c, "fuzz") == 0);
            if (rows > 0 && cells == line_col) {
                char *end;
                unsigned long n = strtoul(c, &end, 10);
                REQUIRE(*c >= '1' && *c <= '9' && *end == '\0');
                REQUIRE(n <= max_line);
            }
            if (!tab)
                break;
            c = tab + 1;
        }
        REQUIRE(cells + 1 == sc->n_columns);
        rows++;
        p = eol + 1;
    }
    REQUIRE(rows == n_rows + 1);
}

static void check_table(const struct table_schema *sc,
                        const struct row_list *l, size_t doc_col,
                        uint32_t max_line)
{
    struct out_opts opts = {.format = OUT_TSV};
    char *mem = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&mem, &len);
    struct out_table *t;

    REQUIRE(f != NULL);
    t = output_open(NULL, sc->name, sc->columns, sc->n_columns, &opts, f);
    REQUIRE(t != NULL);
    for (size_t i = 0; i < l->n; i++) {
        REQUIRE(l->rows[i] != NULL);
        REQUIRE(output_row(t, l->rows[i]));
    }
    REQUIRE(output_close(t));
    REQUIRE(fclose(f) == 0);
    check_tsv(mem, len, sc, l->n, doc_col, max_line);
    free(mem);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct arena a;
    struct article art = {
        .doc_id = "fuzz", .path = "fuzz", .named = 1,
        .raw_len = size, .status = DOC_OK,
    };
    struct match_result mr;
    struct doc_tables dt;
    bool matched = false;
    uint32_t max_line = 0;

    if (!matcher)
        load_rules();
    arena_init(&a);
    unsigned char *raw = arena_alloc(&a, size + 1);   /* as input.c: */
    if (size)                                           /* NUL-terminated */
        memcpy(raw, data, size);
    raw[size] = '\0';
    art.raw = raw;
    decode_article(&a, &art);
    if (art.text && (art.status == DOC_OK || art.status == DOC_REPAIRED))
        norm_text(&a, art.text, art.text_len, &art.norm);
    if (art.norm.s) {
        match_article(matcher, &a, &art.norm, &mr);
        matched = true;
        max_line = art.norm.lines[art.norm.n_lines - 1].src_line;
    }
    resolve_article(matcher, &a, &rs, &art, matched ? &mr : NULL, &dt);

    REQUIRE(dt.t[T_DOCUMENTS].n == 1);
    for (int t = 0; t < T__COUNT; t++)
        check_table(&resolve_schema[t], &dt.t[t], 0, max_line);
    check_table(&resolve_report_schema, &dt.report, REP_DOC, max_line);
    arena_fini(&a);
    return 0;
}
