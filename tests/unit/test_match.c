/*
 * test_match.c - unit tests for match.c: a small rule set written to a
 * temporary folder, run over normalized texts; the exact hits of line,
 * paragraph, document and section scopes (section bodies, "Label: value"
 * inline), several matches per unit, empty matches, duplicate-named groups,
 * `set` columns, and the PCRE2 limits on a catastrophic pattern.
 */
/* SPDX-License-Identifier: MIT */
#include "match.h"

#include <fcntl.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "arena.h"
#include "check.h"
#include "fsutil.h"
#include "normalize.h"
#include "xalloc.h"

#define N(a) (sizeof(a) / sizeof((a)[0]))

/* More than RULES_NEEDS_SET_MIN words on a needs line: the matcher goes
 * through the words the document holds instead (struct rule_needs). */
#define MANY "v00 | v01 | v02 | v03 | v04 | v05 | v06 | v07 | v08 | v09 | v10 | v11 | v12 | v13 | v14 | v15 | v16 | v17 | v18 | v19 | v20 | v21 | v22 | v23 | v24 | v25 | v26 | v27 | v28 | v29 | v30 | v31 | v32 | v33 | v34 | v35 | v36 | v37 | v38 | v39"

static char root[64];

static const char rules_text[] =
    "heading facts Fakta | Facts\n"
    "heading where Plats\n"
    "\n"
    "rule ends\n"
    "    table tags\n"
    "    set   tag end\n"
    "    pattern (?<value>\\w+ \\d+)$\n"
    "rule doc-end\n"
    "    table tags\n"
    "    scope document\n"
    "    set   tag end\n"
    "    pattern (?<value>\\w+ \\d+)$\n"
    "rule numbers\n"
    "    table tags\n"
    "    set   tag n\n"
    "    pattern (?<value>\\d+)\n"
    "rule para-first\n"
    "    table tags\n"
    "    scope paragraph\n"
    "    set   tag p\n"
    "    pattern ^(?<value>\\w+)\n"
    "rule para-all\n"
    "    table tags\n"
    "    scope paragraph\n"
    "    pattern (?s)^(?<value>.*)$\n"
    "rule facts\n"
    "    table tags\n"
    "    scope section facts\n"
    "    pattern ^(?<value>.+)$\n"
    "rule places\n"
    "    table tags\n"
    "    scope section where\n"
    "    pattern ^(?<value>.+)$\n"
    "rule both\n"
    "    table tags\n"
    "    scope section where facts\n"
    "    pattern ^(?<value>\\S+)\n"
    "rule dash\n"
    "    table quotes\n"
    "    scope paragraph\n"
    "    set   style dash\n"
    "    pattern ^– (?<quote>[^,]+), säger (?<speaker>\\w+)\\. – "
    "(?<quote>.+)$\n"
    "rule who\n"
    "    table persons\n"
    "    pattern (?<role>\\p{Ll}+) (?<speaker>\\p{Lu}\\w+)"
    "|(?<speaker>\\p{Lu}\\w+), (?<role>\\p{Ll}+)\n"
    "rule who-near\n"
    "    table persons\n"
    "    scope paragraph\n"
    "    pattern (?<role>\\p{Ll}+) (?<speaker>\\p{Lu}\\w+)\n"
    "rule setcol\n"
    "    table tags\n"
    "    set   tag t\n"
    "    set   value none\n"
    "    set   code c\n"
    "    pattern x(?<value> *\\d*)(?<code>y)?\n"
    "rule empty\n"
    "    table tags\n"
    "    pattern (?<value>q*)\n"
    "rule near-digits\n"
    "    table tags\n"
    "    scope paragraph\n"
    "    needs QQ\n"
    "    near 4\n"
    "    pattern (?<value>\\d+)\n"
    "rule near-behind\n"
    "    table tags\n"
    "    needs WW\n"
    "    near 3\n"
    "    pattern (?<=lead )(?<value>\\w+) WW\n"
    "rule near-eol\n"
    "    table tags\n"
    "    needs EE | FF\n"
    "    near 2\n"
    "    pattern (?<value>(?:EE|FF) \\w+)$\n"
    "rule line-needs\n"
    "    table tags\n"
    "    needs KK | Z\\n\n"
    "    pattern ^(?<value>\\w+)\n"
    "rule line-nl\n"
    "    table tags\n"
    "    needs \\nb\n"
    "    pattern (?<value>\\w+)\n"
    "rule near-long\n"
    "    table tags\n"
    "    needs KW\n"
    "    near 3\n"
    "    pattern (?<value>\\w+ KW(?: \\w+)+)\n"
    "rule upper-near\n"
    "    table tags\n"
    "    needs \\ och\\ \\p{Lu} | \\ and\\ \n"
    "    near 5\n"
    "    pattern (?<value>\\w+ (?:och|and) \\w+)\n"
    "rule window-near\n"
    "    table tags\n"
    "    needs ZZ\n"
    "    needs says | told\n"
    "    near 10 window\n"
    "    pattern (?<value>\\w+ \\w+) ZZ\n"
    "rule many-near\n"
    "    table tags\n"
    "    scope paragraph\n"
    "    needs " MANY " | QQ\n"
    "    near 4\n"
    "    pattern (?<value>\\d+)\n"
    "rule many-lines\n"
    "    table tags\n"
    "    needs " MANY " | KK | Z\\n\n"
    "    pattern ^(?<value>\\w+)\n"
    "rule many-context\n"
    "    table tags\n"
    "    context " MANY " | CX\n"
    "    pattern (?<value>ctx\\d)\n"
    "define PAGE_WORDS pw1|pw2\n"
    "rule defined-context\n"
    "    table tags\n"
    "    context %{PAGE_WORDS} | pw3\n"
    "    pattern (?<value>dcx\\d)\n"
    "rule first-caseless\n"
    "    table tags\n"
    "    pattern (?i:q)x(?<value>\\d+)\n"
    "rule first-quote\n"
    "    table tags\n"
    "    scope paragraph\n"
    "    pattern [\"»](?<value>\\w+)[\"»]\n"
    "rule boom\n"
    "    table tags\n"
    "    pattern (?<value>(a+)+$)\n"
    "rule after-boom\n"
    "    table tags\n"
    "    pattern (?<value>short)\n";

static void write_file(const char *path, const char *s)
{
    FILE *f = fopen(path, "wb");
    if (!f) {
        perror(path);
        exit(2);
    }
    fputs(s, f);
    fclose(f);
}

/* One hit as "rule [start,end) pN col=value ..." (columns in enum order);
 * from 'a'. */
static const char *show(struct arena *a, const struct hit *h)
{
    const char *s = arena_printf(a, "%s [%zu,%zu) p%zu", h->rule->name,
                                 h->start, h->end, h->para);
    for (int c = 0; c < COL__COUNT; c++)
        if (h->col[c])
            s = arena_printf(a, "%s %s=%s", s, rules_col_name(c), h->col[c]);
    return s;
}

/* The hits of the rules named in 'only' (NULL: all), in result order. */
static void check_hits(struct arena *a, const struct match_result *mr,
                       const char *only, const char *const *want,
                       size_t n_want, int line)
{
    size_t k = 0;
    for (size_t i = 0; i < mr->n_hits; i++) {
        const struct hit *h = &mr->hits[i];
        if (only) {
            const char *p = strstr(only, h->rule->name);
            size_t l = strlen(h->rule->name);
            if (!p || (p[l] != ' ' && p[l] != '\0') ||
                (p > only && p[-1] != ' '))
                continue;
        }
        const char *got = show(a, h);
        if (k < n_want && strcmp(got, want[k]) != 0)
            fprintf(stderr, "line %d, hit %zu:\n", line, k);
        if (k < n_want)
            CHECK_STREQ(got, want[k]);
        else
            fprintf(stderr, "line %d: extra hit: %s\n", line, got);
        k++;
    }
    if (k != n_want)
        fprintf(stderr, "line %d: %zu hits, want %zu\n", line, k, n_want);
    CHECK(k == n_want);
}

#define HITS(a, mr, only, ...)                                             \
    do {                                                                   \
        static const char *const w_[] = {__VA_ARGS__};                     \
        check_hits(a, mr, only, w_, N(w_), __LINE__);                      \
    } while (0)

#define NO_HITS(a, mr, only) check_hits(a, mr, only, NULL, 0, __LINE__)

static const struct rule *rule_named(const struct rule_set *rs,
                                     const char *name)
{
    for (size_t i = 0; i < rs->n_rules; i++)
        if (strcmp(rs->rules[i].name, name) == 0)
            return &rs->rules[i];
    return NULL;
}

static void run(struct matcher *m, struct arena *a, const char *text,
                struct norm_text *nt, struct match_result *mr)
{
    norm_text(a, text, strlen(text), nt);
    match_article(m, a, nt, mr);
}

/* `near`: only windows around the needs words are read, and matches start
 * by the word; lookbehinds see the text before a window, and $ holds only
 * where the unit really ends. */
static void check_near(struct matcher *m)
{
    struct arena a = {0};
    struct norm_text nt;
    struct match_result mr;

    /* Matches start at most 4 bytes before a QQ (widened to the start of
     * a word), and not after its start: "22" and "33" are in the window
     * [0, 11) but after the word. */
    run(m, &a, "11 QQ 22 33 44 55 66 77 88 QQ", &nt, &mr);
    HITS(&a, &mr, "near-digits",
         "near-digits [0,2) p0 value=11",
         "near-digits [21,23) p0 value=77",
         "near-digits [24,26) p0 value=88");
    /* Windows that overlap merge, and their start limits with them. */
    run(m, &a, "11 QQ 22 QQ 33", &nt, &mr);
    HITS(&a, &mr, "near-digits",
         "near-digits [0,2) p0 value=11",
         "near-digits [6,8) p0 value=22");
    /* A match may end far after its word. */
    run(m, &a, "zzzz y KW aaaa bbbb cccc dddd", &nt, &mr);
    HITS(&a, &mr, "near-long",
         "near-long [5,29) p0 value=y KW aaaa bbbb cccc dddd");
    /* ... but starts at most 3 bytes (and a word) before it. */
    run(m, &a, "zzzz yyyy KW aaaa", &nt, &mr);
    HITS(&a, &mr, "near-long", "near-long [5,17) p0 value=yyyy KW aaaa");
    /* The same words far from QQ: nothing. */
    run(m, &a, "11 22 33 44 55 66 77 88 99 QQ", &nt, &mr);
    HITS(&a, &mr, "near-digits",
         "near-digits [21,23) p0 value=88",
         "near-digits [24,26) p0 value=99");
    /* A needs line of many words finds the same windows. */
    run(m, &a, "11 QQ 22 33 44 55 66 77 88 QQ v07", &nt, &mr);
    HITS(&a, &mr, "many-near",
         "many-near [0,2) p0 value=11",
         "many-near [21,23) p0 value=77",
         "many-near [24,26) p0 value=88");
    run(m, &a, "11 v39 22 33\n\n44 QQ", &nt, &mr);
    HITS(&a, &mr, "many-near",
         "many-near [0,2) p0 value=11",
         "many-near [14,16) p1 value=44");
    run(m, &a, "11 22 33 v40 v3", &nt, &mr);
    NO_HITS(&a, &mr, "many-near");
    run(m, &a, "lead xy WW", &nt, &mr);
    HITS(&a, &mr, "near-behind", "near-behind [5,10) p0 value=xy");
    run(m, &a, "EE abc def ghi", &nt, &mr);
    NO_HITS(&a, &mr, "near-eol");
    /* A word with a \\p{Lu} suffix counts where an upper-case letter
     * follows (or any letter from U+00C0 on); the same word without it
     * counts anywhere. */
    run(m, &a, "x och y Ab och Cd", &nt, &mr);
    HITS(&a, &mr, "upper-near", "upper-near [8,17) p0 value=Ab och Cd");
    run(m, &a, "ab och \u00c5sa och \u00e9n x and y", &nt, &mr);
    HITS(&a, &mr, "upper-near",
         "upper-near [0,11) p0 value=ab och \u00c5sa",
         "upper-near [20,27) p0 value=x and y");
    run(m, &a, "x och y och", &nt, &mr);
    NO_HITS(&a, &mr, "upper-near");
    /* `near ... window`: a window is read only if it holds a word of
     * the second needs line, whole, before its word of the first. */
    run(m, &a, "aa says ZZ", &nt, &mr);
    HITS(&a, &mr, "window-near", "window-near [0,10) p0 value=aa says");
    run(m, &a, "aa sent ZZ says", &nt, &mr);
    NO_HITS(&a, &mr, "window-near");
    run(m, &a, "says aaaaaaaa bb ZZ", &nt, &mr);
    NO_HITS(&a, &mr, "window-near");
    run(m, &a, "told aa bb ZZ\n\nsays aaaaaaaa bb ZZ", &nt, &mr);
    HITS(&a, &mr, "window-near", "window-near [5,13) p0 value=aa bb");
    /* Windows of two words of the line, in text order. */
    run(m, &a, "x FF abc\ny EE abc", &nt, &mr);
    HITS(&a, &mr, "near-eol",
         "near-eol [2,8) p0 value=FF abc",
         "near-eol [11,17) p0 value=EE abc");
    arena_fini(&a);
}

/* A rule whose first bytes PCRE2 knows: the matcher skips to them itself
 * (a first letter counts in both cases, as a caseless one may), and a
 * unit without one is not given to PCRE2. */
static void check_first_bytes(struct matcher *m)
{
    struct arena a = {0};
    struct norm_text nt;
    struct match_result mr;

    run(m, &a, "Qx12 qx34 x56", &nt, &mr);
    HITS(&a, &mr, "first-caseless",
         "first-caseless [0,4) p0 value=12",
         "first-caseless [5,9) p0 value=34");
    run(m, &a, "ab \"yes\" cd\n\nno quote\n\n»also» «and» nothing", &nt,
        &mr);
    HITS(&a, &mr, "first-quote",
         "first-quote [3,8) p0 value=yes",
         "first-quote [23,31) p2 value=also");
    arena_fini(&a);
}

/* Line scope with `needs`: only the lines holding a word of the first
 * needs line are read, one jumped to from the next; a word that runs over
 * the line's end (or starts at it) is not in the line. */
static void check_line_needs(struct matcher *m)
{
    struct arena a = {0};
    struct norm_text nt;
    struct match_result mr;

    run(m, &a, "a1 KK\nb2\nc3 KK\nd4 Z\ne5 KK", &nt, &mr);
    HITS(&a, &mr, "line-needs line-nl",
         "line-needs [0,2) p0 value=a1",
         "line-needs [9,11) p0 value=c3",
         "line-needs [20,22) p0 value=e5");
    run(m, &a, "x\nb\n\nKK\n\nZ", &nt, &mr);
    HITS(&a, &mr, "line-needs line-nl", "line-needs [5,7) p1 value=KK");
    /* The same with a needs line of many words. */
    run(m, &a, "a1 KK\nb2\nc3 v05\nd4 Z\ne5 KK", &nt, &mr);
    HITS(&a, &mr, "many-lines",
         "many-lines [0,2) p0 value=a1",
         "many-lines [9,11) p0 value=c3",
         "many-lines [21,23) p0 value=e5");
    /* `context` of many words: the document holds one, or none. */
    run(m, &a, "ctx1 v12", &nt, &mr);
    HITS(&a, &mr, "many-context", "many-context [0,4) p0 value=ctx1");
    run(m, &a, "ctx1 v1 CY", &nt, &mr);
    NO_HITS(&a, &mr, "many-context");
    /* `context` words from a define: any of them, or the line's own. */
    run(m, &a, "dcx1 pw2", &nt, &mr);
    HITS(&a, &mr, "defined-context", "defined-context [0,4) p0 value=dcx1");
    run(m, &a, "dcx1 pw3", &nt, &mr);
    HITS(&a, &mr, "defined-context", "defined-context [0,4) p0 value=dcx1");
    run(m, &a, "dcx1 PAGE_WORDS", &nt, &mr);
    NO_HITS(&a, &mr, "defined-context");
    arena_fini(&a);
}

static void check_scopes(struct matcher *m)
{
    struct arena a = {0};
    struct norm_text nt;
    struct match_result mr;
    /*       0         1         2         3         4
     *       0123456 7890123456789012 3 45678901234 5678 9012345
     * (the line of spaces normalizes to an empty line: "last 5" starts at
     * 37) */
    run(m, &a, "Title 1\nline 22 and 333\n\nPara two 4\n   \nlast 5", &nt,
        &mr);
    CHECK(!mr.limit_hit);
    CHECK(mr.message == NULL);
    CHECK(mr.n_paras == 3);
    CHECK(mr.paras[0].start == 0 && mr.paras[0].end == 23);
    CHECK(mr.paras[1].start == 25 && mr.paras[1].end == 35);
    CHECK(mr.paras[2].start == 37 && mr.paras[2].end == 43);
    CHECK(match_para_of(&mr, 0) == 0);
    CHECK(match_para_of(&mr, 24) == 0);     /* a blank line: the one before */
    CHECK(match_para_of(&mr, 25) == 1);
    CHECK(match_para_of(&mr, 42) == 2);
    CHECK(mr.n_sections == 0);

    /* No blank lines, and most long lines are headings and menu rows
     * that end no sentence, but no line breaks a sentence before a
     * lower-case word: lines are paragraphs (a capital after a line that
     * ends a sentence opens one). */
    static const char *const page =
        "Nyheter från kommunen och regionen i hela länet\n"
        "Hem | Kommun och politik | Bygga och bo | Kontakt\n"
        "Fler nyheter om skola och förskola i kommunen\n"
        "Delegationen besökte skolan i veckan och träffade elever.\n"
        "Nästa år kommer eleverna på ett motbesök till kommunen.\n"
        "Projektet finansieras av ICLD och pågår i tre år framåt.\n"
        "Relaterade sidor om internationellt arbete i kommunen";
    struct match_result mr2;
    run(m, &a, page, &nt, &mr2);
    CHECK(mr2.n_paras == 4);
    /* The same lines wrapped mid-sentence before lower-case words: one
     * paragraph. */
    static const char *const wrapped =
        "Nyheter från kommunen och regionen i hela länet\n"
        "Hem | Kommun och politik | Bygga och bo | Kontakt\n"
        "Delegationen besökte skolan i veckan och träffade\n"
        "elever. Nästa år kommer eleverna på ett motbesök till\n"
        "kommunen. Projektet finansieras av ICLD och pågår i\n"
        "tre år framåt. Det var lärorikt, säger rektorn.\n"
        "Ingen vet ännu vilka elever som reser till Kolomyia.\n"
        "Relaterade sidor om internationellt arbete i kommunen";
    run(m, &a, wrapped, &nt, &mr2);
    CHECK(mr2.n_paras == 1);
    /* A post with no blank lines: a dash and a capital open a paragraph
     * under a line that ends no sentence, hashtags one of their own; an
     * attribution on its own line ends its quote's paragraph. */
    run(m, &a, "Kommunen tog emot gästerna i går\n"
               "– Det här är början, säger Anna Berg (S)\n"
               "Stort tack till alla!\n#Kil #Bolekhiv", &nt, &mr2);
    CHECK(mr2.n_paras == 3);
    run(m, &a, "– Vi förlorade på straffar\n, säger Ronja Svärd.\n"
               "Hon berättar mer om matchen.", &nt, &mr2);
    CHECK(mr2.n_paras == 2);

    /* Line scope: $ ends each line; document scope: only the text. */
    HITS(&a, &mr, "ends doc-end",
         "ends [0,7) p0 tag=end value=Title 1",
         "ends [16,23) p0 tag=end value=and 333",
         "ends [30,35) p1 tag=end value=two 4",
         "ends [37,43) p2 tag=end value=last 5",
         "doc-end [37,43) p2 tag=end value=last 5");
    /* Several matches in one unit. */
    HITS(&a, &mr, "numbers",
         "numbers [6,7) p0 tag=n value=1",
         "numbers [13,15) p0 tag=n value=22",
         "numbers [20,23) p0 tag=n value=333",
         "numbers [34,35) p1 tag=n value=4",
         "numbers [42,43) p2 tag=n value=5");
    /* Paragraph scope: ^ is the paragraph start; a paragraph spans its
     * lines, and a line of spaces ends it. */
    HITS(&a, &mr, "para-first",
         "para-first [0,5) p0 tag=p value=Title",
         "para-first [25,29) p1 tag=p value=Para",
         "para-first [37,41) p2 tag=p value=last");
    HITS(&a, &mr, "para-all",
         /* A line break inside a value reads as a space. */
         "para-all [0,23) p0 value=Title 1 line 22 and 333",
         "para-all [25,35) p1 value=Para two 4",
         "para-all [37,43) p2 value=last 5");
    arena_fini(&a);
}

static void check_sections(struct matcher *m)
{
    struct arena a = {0};
    struct norm_text nt;
    struct match_result mr;
    static const char text[] =
        "Intro text\n"                  /* 0 */
        "Fakta om staden\n"             /* 11: not a heading */
        "Fakta\n"                       /* 27 */
        "first fact\n"                  /* 33 */
        "second fact\n"                 /* 44 */
        "\n"                            /* 56 */
        "after blank\n"                 /* 57 */
        "Plats: Kalmar\n"               /* 69: inline, 76..82 */
        "facts:   inline value  \n"     /* 83: inline, 92..104 */
        "Fakta\n"                       /* 107 */
        "\n"                            /* 113 */
        " \n"                           /* 114 */
        "body after blank lines\n"      /* 116, 113 normalized (" " and the
                                           spaces ending line 83 are "") */
        "Plats\n"                       /* 139: empty, next is heading */
        "FAKTA:\n"                      /* 145 */
        "under facts\n"                 /* 152 */
        "Plats\n";                      /* 164: nothing under it */
    run(m, &a, text, &nt, &mr);
    CHECK(mr.n_sections == 5);
    static const struct section want[] = {
        {0, 2, {33, 55}}, {1, 7, {76, 82}}, {0, 8, {92, 104}},
        {0, 9, {113, 135}}, {0, 14, {149, 160}},
    };
    for (size_t i = 0; i < N(want) && i < mr.n_sections; i++) {
        const struct section *s = &mr.sections[i];
        CHECK(s->heading == want[i].heading);
        CHECK(s->line_start == want[i].line_start);
        CHECK(s->body.start == want[i].body.start);
        CHECK(s->body.end == want[i].body.end);
    }
    HITS(&a, &mr, "facts places both",
         "facts [33,43) p0 value=first fact",
         "facts [44,55) p0 value=second fact",
         "facts [92,104) p1 value=inline value",
         "facts [113,135) p2 value=body after blank lines",
         "facts [149,160) p2 value=under facts",
         "places [76,82) p1 value=Kalmar",
         "both [33,38) p0 value=first",
         "both [44,50) p0 value=second",
         "both [76,82) p1 value=Kalmar",
         "both [92,98) p1 value=inline",
         "both [113,117) p2 value=body",
         "both [149,154) p2 value=under");

    /* Three labels alone on consecutive lines are a table's header row:
     * no section (its rows are no values); two are a label with no value
     * and the next label's block. */
    arena_reset(&a);
    run(m, &a, "Plats\nFakta\nPlats\nKalmar\nett faktum\n\n"
               "Plats\nFakta\nett faktum\n", &nt, &mr);
    CHECK(mr.n_sections == 1);
    HITS(&a, &mr, "facts", "facts [49,59) p1 value=ett faktum");

    /* No heading at all: section rules give nothing. */
    arena_reset(&a);
    run(m, &a, "Fakta om staden\nfirst fact\n", &nt, &mr);
    CHECK(mr.n_sections == 0);
    NO_HITS(&a, &mr, "facts places both");

    /* Long lines: a label with many spaces after it (which normalization
     * drops), or before its colon, is still a heading; a long text before
     * a colon is not. */
    arena_reset(&a);
    char *line = arena_printf(&a, "Fakta%200s\nfirst\n\nFakta%100s: inline\n"
                              "\nFakta om staden och mycket mer: x\n", "", "");
    run(m, &a, line, &nt, &mr);
    CHECK(mr.n_sections == 2);
    HITS(&a, &mr, "facts",
         "facts [6,11) p0 value=first",
         "facts [120,126) p1 value=inline");

    /* "Label: value" run into a paragraph after the end of a sentence is
     * a heading with its value; inside a sentence, or without a value,
     * it is not. */
    arena_reset(&a);
    run(m, &a, "Avtalet skrevs i maj. Fakta: nytt avtal\n\n"
               "Det gäller fakta: inget\n\nSlut. Fakta:\n", &nt, &mr);
    CHECK(mr.n_sections == 1);
    HITS(&a, &mr, "facts", "facts [29,39) p0 value=nytt avtal");

    /* A block a scraper ran into one line, labels glued to their values:
     * a section per label, its value up to the next label.  A label
     * that does not open the line, or that a lower-case letter or a
     * space follows, is none. */
    arena_reset(&a);
    run(m, &a, "FaktaFörsta faktumPlatsKalmar\n\nFaktaboken\n\n"
               "Om FaktaX\n\nFakta om Kalmar\n", &nt, &mr);
    CHECK(mr.n_sections == 2);
    HITS(&a, &mr, "facts places",
         "facts [5,19) p0 value=Första faktum",
         "places [24,30) p0 value=Kalmar");

    /* A label run onto the end of the value before it, then the line's
     * end or a colon, ends that value and opens its own section; after
     * a space it is a word of the value. */
    arena_reset(&a);
    run(m, &a, "Fakta\nförsta faktumPlats\nKalmar\n\n"
               "Fakta: andra faktumPlats: Växjö\n\n"
               "Fakta\nslut på raden Plats\n", &nt, &mr);
    CHECK(mr.n_sections == 5);
    HITS(&a, &mr, "facts places",
         "facts [6,20) p0 value=första faktum",
         "facts [41,53) p1 value=andra faktum",
         "facts [75,95) p2 value=slut på raden Plats",
         "places [26,32) p0 value=Kalmar",
         "places [60,67) p1 value=Växjö");
    arena_fini(&a);
}

static void check_groups(struct matcher *m)
{
    struct arena a = {0};
    struct norm_text nt;
    struct match_result mr;

    /* Two groups named quote: both matched, joined with one space. */
    run(m, &a, "– Hej hej, säger Eva. – Vi ses i morgon.\n\n"
               "– Nej, säger Bo. – \n", &nt, &mr);
    HITS(&a, &mr, "dash",
         "dash [0,45) p0 quote=Hej hej Vi ses i morgon. speaker=Eva "
         "style=dash");
    /* Alternatives with the same names: whichever matched fills them. */
    arena_reset(&a);
    run(m, &a, "sa chefen Anna. Bertil, rektor.", &nt, &mr);
    HITS(&a, &mr, "who",
         "who [3,14) p0 speaker=Anna role=chefen",
         "who [16,30) p0 speaker=Bertil role=rektor");
    /* persons rules read 100 bytes around a quoted speaker's name, and
     * start by it: "rektor Bo" is near "Eva" but after it. */
    arena_reset(&a);
    run(m, &a, "– Hej, säger Eva. – Ja.\n\nchef Eva var där med rektor Bo.",
        &nt, &mr);
    HITS(&a, &mr, "who-near",
         "who-near [9,19) p0 speaker=Eva role=säger",
         "who-near [30,38) p1 speaker=Eva role=chef");
    /* set: constant columns; a group that matched wins, a group that did
     * not match (or held only spaces) leaves the constant. */
    arena_reset(&a);
    run(m, &a, "x12 x xy x 7y x  z", &nt, &mr);
    HITS(&a, &mr, "setcol",
         "setcol [0,3) p0 tag=t value=12 code=c",
         "setcol [4,6) p0 tag=t value=none code=c",
         "setcol [6,8) p0 tag=t value=none code=y",
         "setcol [9,13) p0 tag=t value=7 code=y",
         "setcol [14,17) p0 tag=t value=none code=c");
    /* Empty matches step over one character (UTF-8 aware). */
    arena_reset(&a);
    run(m, &a, "åq\nqq", &nt, &mr);
    HITS(&a, &mr, "empty",
         "empty [0,0) p0",
         "empty [2,3) p0 value=q",
         "empty [3,3) p0",
         "empty [4,6) p0 value=qq",
         "empty [6,6) p0");
    arena_fini(&a);
}

static void check_limits(struct matcher *m, const struct rule_set *rs)
{
    struct arena a = {0};
    struct norm_text nt;
    struct match_result mr;
    size_t n = 30000;
    char *text = xmalloc(n + 32);

    memset(text, 'a', n);
    strcpy(text + n, "b\nshort aaa\n");
    run(m, &a, text, &nt, &mr);
    CHECK(mr.limit_hit);
    CHECK(mr.message != NULL);
    /* The rule "empty" (empty matches) also reaches the cap of 5000
     * matches on the 30,000-character line. */
    const char *want = "rule empty: more than 5000 matches, the rest "
                       "ignored; rule boom stopped at line 1: match limit "
                       "exceeded";
    CHECK_STREQ(mr.message, want);
    /* The rule stops for this document (line 2 is not tried); the rules
     * after it still run. */
    HITS(&a, &mr, "boom after-boom",
         "after-boom [30002,30007) p0 value=short");

    /* The same matcher is fine for the next document. */
    arena_reset(&a);
    run(m, &a, "aaa\nshort", &nt, &mr);
    CHECK(!mr.limit_hit);
    CHECK(mr.message == NULL);
    HITS(&a, &mr, "boom after-boom",
         "boom [0,3) p0 value=aaa",
         "after-boom [4,9) p0 value=short");

    /* match_rule_text (rule tests) reports the limit by returning false. */
    arena_reset(&a);
    const struct rule *boom = rule_named(rs, "boom");
    norm_text(&a, text, n + 1, &nt);
    CHECK(!match_rule_text(m, &a, boom, &nt, &mr));
    CHECK(mr.limit_hit);
    CHECK_STREQ(mr.message,
                "rule boom stopped at line 1: match limit exceeded");
    free(text);
    arena_fini(&a);
}

/* The per-document budget: a pattern that backtracks on every line, each
 * call well under the match limit, stops once the document's sum of
 * match-limit units passes doc_budget; later rules are skipped; the next
 * document starts with a full budget. */
static void check_budget(const struct rule_set *rs)
{
    struct match_limits lim = MATCH_LIMITS_DEFAULT;
    struct arena a = {0};
    struct norm_text nt;
    struct match_result mr;
    size_t lines = 100;
    char *text = xmalloc(lines * 19 + 16);
    const char *want = "the document's match budget ran out, later rules "
                       "skipped";

    lim.doc_budget = lim.match_limit;
    struct matcher *m = match_new(rs, &lim);
    for (size_t i = 0; i < lines; i++)
        memcpy(text + 19 * i, "aaaaaaaaaaaaaaaaa!\n", 19);
    strcpy(text + 19 * lines, "short");
    run(m, &a, text, &nt, &mr);
    CHECK(mr.limit_hit);
    CHECK(mr.message != NULL);
    CHECK(mr.message && strncmp(mr.message, "rule boom stopped at line ",
                                26) == 0);
    CHECK(mr.message && strstr(mr.message, want) != NULL);
    NO_HITS(&a, &mr, "boom after-boom");

    /* A budget is per document. */
    arena_reset(&a);
    run(m, &a, "aaa\nshort", &nt, &mr);
    CHECK(!mr.limit_hit);
    HITS(&a, &mr, "boom after-boom",
         "boom [0,3) p0 value=aaa",
         "after-boom [4,9) p0 value=short");

    /* Under the default budget the same document is matched whole. */
    struct matcher *full = match_new(rs, &MATCH_LIMITS_DEFAULT);
    arena_reset(&a);
    run(full, &a, text, &nt, &mr);
    CHECK(!mr.limit_hit);
    HITS(&a, &mr, "boom after-boom",
         "after-boom [1900,1905) p0 value=short");
    match_free(full);
    match_free(m);
    free(text);
    arena_fini(&a);
}

static void check_find(struct matcher *m, const struct rule_set *rs)
{
    const struct rule *numbers = rule_named(rs, "numbers");
    const struct rule *para = rule_named(rs, "para-first");
    size_t ms = 0, me = 0;
    const char *s = "ab 12 cd 345";
    CHECK(match_find(m, numbers->re, s, strlen(s), 0, &ms, &me) == 1);
    CHECK(ms == 3 && me == 5);
    CHECK(match_find(m, numbers->re, s, strlen(s), 5, &ms, &me) == 1);
    CHECK(ms == 9 && me == 12);
    CHECK(match_find(m, numbers->re, s, 11, 5, &ms, &me) == 1);
    CHECK(ms == 9 && me == 11);             /* the length bounds it */
    CHECK(match_find(m, numbers->re, s, strlen(s), 12, &ms, &me) == 0);

    /* match_rule_text: a paragraph rule sees the text as one unit, a line
     * rule each line. */
    struct arena a = {0};
    struct norm_text nt;
    struct match_result mr;
    norm_text(&a, "one two\nthree\n\nfour", 19, &nt);
    CHECK(match_rule_text(m, &a, para, &nt, &mr));
    HITS(&a, &mr, NULL, "para-first [0,3) p0 tag=p value=one");
    CHECK(match_rule_text(m, &a, numbers, &nt, &mr));
    NO_HITS(&a, &mr, NULL);
    norm_text(&a, "a1\nb2", 5, &nt);
    CHECK(match_rule_text(m, &a, numbers, &nt, &mr));
    HITS(&a, &mr, NULL, "numbers [1,2) p0 tag=n value=1",
         "numbers [4,5) p0 tag=n value=2");
    arena_fini(&a);
}

/* A paragraph in another language than its document's runs that
 * language's rules: its words are counted in any case (Cyrillic capitals
 * too) and without the quotation marks written against them. */
static void check_para_language(void)
{
    static const char text[] =
        "language en  the | and | of | that | with\n"
        "language uk  для | це | і | що\n"
        "rule uk-quote\n"
        "    table quotes\n"
        "    language uk\n"
        "    scope paragraph\n"
        "    pattern ^«(?<quote>[^»]+)»$\n"
        "rule uk-doc\n"
        "    table quotes\n"
        "    language uk\n"
        "    scope document\n"
        "    pattern (?m)(?<quote>школи)\n";
    struct rule_set rs;
    char dir[] = "/tmp/utdrag-lang-XXXXXX";
    CHECK(mkdtemp(dir) != NULL);
    char *p = xasprintf("%s/l.rules", dir);
    write_file(p, text);
    bool ok = rules_load(&rs, dir);
    unlink(p);
    rmdir(dir);
    free(p);
    CHECK(ok);
    if (!ok)
        return;
    struct matcher *m = match_new(&rs, &MATCH_LIMITS_DEFAULT);
    struct arena a = {0};
    struct norm_text nt;
    struct match_result mr;
    run(m, &a, "The town and the region said that the plan is done, with "
               "the rest of the work, школи.\n\n«Для нас це і школи»\n",
        &nt, &mr);
    /* A document rule reads the paragraph of its language only: not the
     * "школи" of the English one. */
    HITS(&a, &mr, "uk-quote uk-doc",
         "uk-quote [92,128) p1 quote=Для нас це і школи",
         "uk-doc [116,126) p1 quote=школи");
    arena_fini(&a);
    match_free(m);
    rules_fini(&rs);
}

int main(void)
{
    struct rule_set rs;
    strcpy(root, "/tmp/utdrag-match-XXXXXX");
    if (!mkdtemp(root)) {
        perror("mkdtemp");
        return 2;
    }
    char *p = xasprintf("%s/m.rules", root);
    write_file(p, rules_text);
    bool ok = rules_load(&rs, root);
    unlink(p);
    rmdir(root);
    free(p);
    CHECK(ok);
    if (!ok)
        return check_done("test_match");

    struct matcher *m = match_new(&rs, &MATCH_LIMITS_DEFAULT);
    check_scopes(m);
    check_near(m);
    check_line_needs(m);
    check_first_bytes(m);
    check_sections(m);
    check_groups(m);
    check_limits(m, &rs);
    check_budget(&rs);
    check_find(m, &rs);
    check_para_language();
    match_free(m);
    rules_fini(&rs);
    return check_done("test_match");
}
