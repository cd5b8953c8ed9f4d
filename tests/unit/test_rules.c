/*
 * test_rules.c - unit tests for rules.c: small rule folders written to a
 * temporary directory, loaded with rules_load(); what a good set holds
 * (expanded patterns, lists, headings, splits, filters, examples) and the
 * exact "utdrag: FILE:LINE: text" of every load error; column and list
 * lookups; and the shipped municipality and region lists.
 */
/* SPDX-License-Identifier: MIT */
#include "rules.h"

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

static char root[64];
static unsigned n_dirs;

/* ---- helpers ------------------------------------------------------------ */

static void write_file(const char *path, const char *s)
{
    FILE *f = fopen(path, "wb");
    if (!f) {
        perror(path);
        exit(2);
    }
    fwrite(s, 1, strlen(s), f);
    fclose(f);
}

/* A fresh rule folder root/NN; caller frees. */
static char *new_dir(void)
{
    char *d = xasprintf("%s/%02u", root, n_dirs++);
    mkdir(d, 0755);
    return d;
}

/* Write dir/name, creating a lists/ subfolder if name is in one. */
static void put(const char *dir, const char *name, const char *text)
{
    char *p = xasprintf("%s/%s", dir, name);
    if (strncmp(name, "lists/", 6) == 0) {
        char *l = xasprintf("%s/lists", dir);
        mkdir(l, 0755);
        free(l);
    }
    write_file(p, text);
    free(p);
}

/* rules_load(dir) with stderr captured into *err (caller frees). */
static bool load(struct rule_set *rs, const char *dir, char **err)
{
    char *path = xasprintf("%s/stderr", root);
    int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0600);
    fflush(stderr);
    int saved = dup(2);
    dup2(fd, 2);
    close(fd);
    bool ok = rules_load(rs, dir);
    fflush(stderr);
    dup2(saved, 2);
    close(saved);
    size_t len = 0;
    *err = fs_read_file(path, 1 << 20, &len);
    if (!*err)
        *err = xstrdup("");
    unlink(path);
    free(path);
    return ok;
}

static void rm_tree(const char *dir)
{
    struct path_list l = {0};
    if (fs_list(dir, &l))
        for (size_t i = 0; i < l.n; i++) {
            if (fs_is_dir(l.v[i]))
                rm_tree(l.v[i]);
            else
                unlink(l.v[i]);
        }
    path_list_fini(&l);
    rmdir(dir);
}

/* ---- a good rule set ----------------------------------------------------- */

static const char towns_tsv[] =
    "name\tcode\tshort\taliases\tcountry\n"
    "Nya Staden\t01\tStaden\tNy-staden|New Town\tSE\n"
    "Byn\t02\t\tbyn|Staden\tSE\n"          /* "Staden" is row 1's */
    "\n"
    "# a comment line\n"
    "Åby\t03\t\tAaby\tDK\n";

static const char unused_tsv[] = "code\tname\nX\tXylo\n";

static const char common_rules[] =
    "# common: definitions used from another file\n"
    "define WORD   \\w+\n"
    "define TWO    %{WORD} %{WORD}\n"
    "list towns    lists/towns.tsv\n"
    "list spare    lists/unused.tsv\n"
    "heading facts Fakta | Facts\n"
    "heading where Plats\n";

static const char main_rules[] =
    "rule two-words\n"
    "    table   tags\n"
    "    set     tag  two words\n"
    "    pattern ^(?<value>%{TWO})(?<_rest>.*)$\n"
    "    example ab cd\n"
    "    expect  value=ab cd | tag=two words\n"
    "    expect  value=x\n"
    "    counter ab\n"
    "\n"
    "rule town\n"
    "    table   pairs\n"
    "    scope   section facts where\n"
    "    pattern (?<swedish_partner>%{list:towns})\n"
    "    pattern \\ och (?<partner>\\w+)\n"
    "    require swedish_partner in towns\n"
    "    reject  partner in towns\n"
    "    lookup  partner in towns, towns\n"
    "    split   partner at ,\\s*\n"
    "    split   swedish_partner lists towns\n"
    "rule para\n"
    "    table  quotes\n"
    "    scope  paragraph\n"
    "    pattern a\\%{b}(c)(?<quote>d)\n";

static const char sub_rules[] =
    "rule doc\n"
    "\ttable persons\n"
    "\tscope document\n"
    "\tpattern x\n";

static void check_good(void)
{
    char *d = new_dir();
    struct rule_set rs;
    char *err;

    put(d, "lists/towns.tsv", towns_tsv);
    put(d, "lists/unused.tsv", unused_tsv);
    /* "b-main" sorts after "a-common" but uses its definitions; files in
     * subfolders are read too, and only *.rules files count. */
    put(d, "b-main.rules", main_rules);
    put(d, "a-common.rules", common_rules);
    put(d, "notes.txt", "rule not-read\n");
    char *sub = xasprintf("%s/sub", d);
    mkdir(sub, 0755);
    put(sub, "c.rules", sub_rules);

    bool ok = load(&rs, d, &err);
    CHECK(ok);
    CHECK_STREQ(err, "");
    CHECK(rs.n_rules == 4);
    CHECK(rs.n_lists == 2);
    CHECK(rs.n_headings == 2);
    if (!ok || rs.n_rules != 4) {
        rules_fini(&rs);
        free(err);
        free(sub);
        free(d);
        return;
    }

    /* Rules in file order: a-common, b-main, sub/c. */
    CHECK_STREQ(rs.rules[0].name, "two-words");
    CHECK_STREQ(rs.rules[1].name, "town");
    CHECK_STREQ(rs.rules[2].name, "para");
    CHECK_STREQ(rs.rules[3].name, "doc");

    /* define / %{NAME}: each reference becomes a non-capturing group. */
    const struct rule *r = &rs.rules[0];
    char *f = xasprintf("%s/b-main.rules", d);
    CHECK_STREQ(r->file, f);
    free(f);
    CHECK(r->line == 1);
    CHECK(r->table == TAB_TAGS);
    CHECK(r->scope == SCOPE_LINE);          /* the default */
    CHECK_STREQ(r->pattern, "^(?<value>(?:(?:\\w+) (?:\\w+)))(?<_rest>.*)$");
    CHECK(r->re != NULL);
    /* JIT code comes once the rule has read 2 KiB and the documents begun
     * reach 8 KiB (where PCRE2 has a JIT), once: a short article alone is
     * read by the interpreter, however often a rule reads in it. */
    size_t jit = 1;
    uint32_t have_jit = 0;
    pcre2_config(PCRE2_CONFIG_JIT, &have_jit);
    CHECK(pcre2_pattern_info(r->re, PCRE2_INFO_JITSIZE, &jit) == 0);
    CHECK(jit == 0);
    rules_begin_doc(&rs, 1900);
    rules_use(&rs, r, 1200);
    CHECK(pcre2_pattern_info(r->re, PCRE2_INFO_JITSIZE, &jit) == 0);
    CHECK(jit == 0);
    rules_use(&rs, r, 1200);
    rules_use(&rs, r, 1200);
    CHECK(pcre2_pattern_info(r->re, PCRE2_INFO_JITSIZE, &jit) == 0);
    CHECK(jit == 0);
    rules_begin_doc(&rs, 6400);
    rules_use(&rs, r, 1200);
    CHECK(pcre2_pattern_info(r->re, PCRE2_INFO_JITSIZE, &jit) == 0);
    CHECK((jit > 0) == (have_jit != 0));
    size_t again = 0;
    rules_use(&rs, r, 1200);
    pcre2_pattern_info(r->re, PCRE2_INFO_JITSIZE, &again);
    CHECK(again == jit);
    CHECK(r->n_groups == 3);
    CHECK(r->group_col[0] == -1);
    CHECK(r->group_col[1] == COL_VALUE);
    CHECK(r->group_col[2] == -1);           /* _helper group */
    CHECK_STREQ(r->set[COL_TAG], "two words");
    for (int c = 0; c < COL__COUNT; c++)
        if (c != COL_TAG)
            CHECK(r->set[c] == NULL);
    /* Examples: two expects on the first, then a counter-example. */
    CHECK(r->n_examples == 2);
    CHECK_STREQ(r->examples[0].input, "ab cd");
    CHECK(!r->examples[0].counter);
    CHECK(r->examples[0].line == 5);
    CHECK(r->examples[0].n_expect == 2);
    CHECK_STREQ(r->examples[0].expect[0], "value=ab cd | tag=two words");
    CHECK_STREQ(r->examples[0].expect[1], "value=x");
    CHECK_STREQ(r->examples[1].input, "ab");
    CHECK(r->examples[1].counter);
    CHECK(r->examples[1].n_expect == 0);
    CHECK(r->examples[1].line == 8);
    CHECK(r->n_splits == 0 && r->n_filters == 0);

    /* Lists: %{list:NAME} is every form, longest first; one space in a
     * form matches a run of spaces. */
    r = &rs.rules[1];
    CHECK(r->line == 10);
    CHECK(r->table == TAB_PAIRS);
    CHECK(r->scope == SCOPE_SECTION);
    CHECK(r->n_sections == 2);
    CHECK(r->sections[0] == 0 && r->sections[1] == 1);
    CHECK_STREQ(r->pattern,
                "(?<swedish_partner>(?:Nya +Staden|Ny-staden|New +Town|"
                "Staden|Aaby|Åby|Byn))\\ och (?<partner>\\w+)");
    CHECK(r->group_col[1] == COL_SWEDISH_PARTNER);
    CHECK(r->group_col[2] == COL_PARTNER);
    CHECK(r->n_filters == 3);
    CHECK(r->filters[0].kind == FILTER_REQUIRE);
    CHECK(r->filters[0].col == COL_SWEDISH_PARTNER);
    CHECK(r->filters[0].n_lists == 1 && r->filters[0].lists[0] == 0);
    CHECK(r->filters[1].kind == FILTER_REJECT);
    CHECK(r->filters[1].col == COL_PARTNER);
    CHECK(r->filters[2].kind == FILTER_LOOKUP);
    CHECK(r->filters[2].n_lists == 2);
    CHECK(r->n_splits == 2);
    CHECK(r->splits[0].col == COL_PARTNER);
    CHECK(r->splits[0].kind == SPLIT_BOUNDARY);
    CHECK(r->splits[0].re != NULL);
    CHECK(r->splits[1].col == COL_SWEDISH_PARTNER);
    CHECK(r->splits[1].kind == SPLIT_LISTS);
    CHECK(r->splits[1].re == NULL);
    CHECK(r->splits[1].n_lists == 1 && r->splits[1].lists[0] == 0);
    CHECK(r->n_examples == 0);

    /* "\%{" stays literal; unnamed groups map to no column. */
    r = &rs.rules[2];
    CHECK(r->table == TAB_QUOTES);
    CHECK(r->scope == SCOPE_PARAGRAPH);
    CHECK_STREQ(r->pattern, "a%{b}(c)(?<quote>d)");
    CHECK(r->n_groups == 3);
    CHECK(r->group_col[1] == -1);
    CHECK(r->group_col[2] == COL_QUOTE);
    r = &rs.rules[3];
    CHECK(r->table == TAB_PERSONS);
    CHECK(r->scope == SCOPE_DOCUMENT);
    f = xasprintf("%s/c.rules", sub);
    CHECK_STREQ(r->file, f);
    free(f);

    /* Headings. */
    CHECK_STREQ(rs.headings[0].name, "facts");
    CHECK_STREQ(rs.headings[1].name, "where");
    CHECK(rs.headings[0].line == 6 && rs.headings[1].line == 7);
    f = xasprintf("%s/a-common.rules", d);
    CHECK_STREQ(rs.headings[0].file, f);
    free(f);
    CHECK(rs.heading_re != NULL);

    /* The lists themselves. */
    const struct gazetteer *g = &rs.lists[0];
    CHECK_STREQ(g->name, "towns");
    f = xasprintf("%s/lists/towns.tsv", d);
    CHECK_STREQ(g->path, f);
    free(f);
    CHECK(g->used);
    CHECK(!rs.lists[1].used);
    CHECK(g->n_entries == 3);
    CHECK_STREQ(g->entries[0].name, "Nya Staden");
    CHECK_STREQ(g->entries[0].code, "01");
    CHECK_STREQ(g->entries[0].country, "SE");
    CHECK_STREQ(g->entries[2].name, "Åby");
    CHECK_STREQ(g->entries[2].country, "DK");
    /* Keys: nya staden, staden, ny staden, new town, byn (name and alias
     * byn), aby (Åby), aaby: seven distinct keys; row 2's "Staden" is
     * row 1's short form and stays row 1's. */
    CHECK(g->n_forms == 7);
    CHECK(rules_list_lookup(&rs, "towns") == 0);
    CHECK(rules_list_lookup(&rs, "spare") == 1);
    CHECK(rules_list_lookup(&rs, "Towns") == -1);
    CHECK(rs.lists[1].n_entries == 1);
    CHECK_STREQ(rs.lists[1].entries[0].code, "X");
    CHECK_STREQ(rs.lists[1].entries[0].country, "");

    /* rules_gaz_find takes a key already passed through norm_key. */
    static const struct {
        const char *text;
        const char *entry;      /* NULL: not found */
        const char *form;
    } finds[] = {
        {"Nya Staden", "Nya Staden", "Nya Staden"},
        {"NYA  STADEN", "Nya Staden", "Nya Staden"},
        {"ny-staden", "Nya Staden", "Ny-staden"},
        {"Ny Staden", "Nya Staden", "Ny-staden"},
        {"Nya-Staden", "Nya Staden", "Nya Staden"},
        {"new town", "Nya Staden", "New Town"},
        {"Staden", "Nya Staden", "Staden"},      /* first row wins */
        {"byn", "Byn", "Byn"},
        {"aby", "Åby", "Åby"},
        {"Aaby", "Åby", "Aaby"},
        {"Nya", NULL, NULL},
        {"Staden Nya", NULL, NULL},
        {"", NULL, NULL},
    };
    struct arena a = {0};
    for (size_t i = 0; i < N(finds); i++) {
        const char *key = norm_key(&a, finds[i].text, strlen(finds[i].text),
                                   NULL);
        const struct gaz_form *fm = gaz_find(g, key);
        if (!finds[i].entry) {
            CHECK(fm == NULL);
            continue;
        }
        CHECK(fm != NULL);
        if (fm) {
            CHECK_STREQ(g->entries[fm->entry].name, finds[i].entry);
            CHECK_STREQ(fm->text, finds[i].form);
            CHECK_STREQ(fm->key, key);
        }
    }
    /* Not normalized: no match. */
    CHECK(gaz_find(g, "Nya Staden") == NULL);
    arena_fini(&a);

    /* The version digest: stable for the same bytes, new for a change. */
    CHECK(rs.version && strlen(rs.version) == 16);
    char *v1 = xstrdup(rs.version);
    rules_fini(&rs);
    CHECK(rs.n_rules == 0 && rs.rules == NULL);
    rules_fini(&rs);                        /* twice is harmless */
    free(err);
    CHECK(load(&rs, d, &err));
    CHECK_STREQ(rs.version, v1);
    rules_fini(&rs);
    free(err);
    put(d, "lists/unused.tsv", "code\tname\nX\tXylofon\n");
    CHECK(load(&rs, d, &err));
    CHECK(strcmp(rs.version, v1) != 0);
    rules_fini(&rs);
    free(err);
    free(v1);
    free(sub);
    free(d);
}

/* ---- errors -------------------------------------------------------------- */

struct err_case {
    const char *rules;          /* text of x.rules */
    const char *list;           /* text of lists/l.tsv, or NULL */
    const char *want;           /* stderr; "@" stands for the folder */
};

#define RULE_HEAD "rule r\n    table tags\n"

static const struct err_case errs[] = {
    /* Statements. */
    {"# c\n\nfoo bar\n", NULL,
     "utdrag: @/x.rules:3: unknown statement 'foo' (expected define, list, "
     "heading, language or rule)\n"},
    {"  table tags\n", NULL,
     "utdrag: @/x.rules:1: indented line outside a rule\n"},
    {"define A a\n    pattern x\n", NULL,
     "utdrag: @/x.rules:2: indented line outside a rule\n"},
    {"rule r\n    table tags\n    pattern x\ndefine A a\n    pattern y\n",
     NULL, "utdrag: @/x.rules:5: indented line outside a rule\n"},
    {"define A\n", NULL,
     "utdrag: @/x.rules:1: expected 'define NAME PATTERN'\n"},
    {"define 9A x\n", NULL,
     "utdrag: @/x.rules:1: expected 'define NAME PATTERN'\n"},
    {"define A x\ndefine A y\n", NULL,
     "utdrag: @/x.rules:2: pattern A defined twice\n"},
    {"list l\n", NULL,
     "utdrag: @/x.rules:1: expected 'list NAME FILE.tsv'\n"},
    {"list l lists/l.tsv\nlist l lists/l.tsv\n", "name\nA\n",
     "utdrag: @/x.rules:2: list l defined twice\n"},
    {"heading h\n", NULL,
     "utdrag: @/x.rules:1: expected 'heading NAME Label | Label ...'\n"},
    {"heading h A\nheading h B\n", NULL,
     "utdrag: @/x.rules:2: heading h defined twice\n"},
    {"rule\n", NULL, "utdrag: @/x.rules:1: expected 'rule NAME'\n"},
    {"rule a b\n", NULL, "utdrag: @/x.rules:1: expected 'rule NAME'\n"},
    {RULE_HEAD "    pattern x\n\nrule r\n    table tags\n    pattern y\n",
     NULL, "utdrag: @/x.rules:5: rule r defined twice\n"},
    /* References. */
    {RULE_HEAD "    pattern b%{X}\n", NULL,
     "utdrag: @/x.rules:3: undefined pattern '%{X}'\n"},
    /* A define of page words in a context line: plain words only. */
    {RULE_HEAD "    context a | %{W}\n    pattern x\n", NULL,
     "utdrag: @/x.rules:3: undefined pattern '%{W}'\n"},
    {"define W b|c+\n" RULE_HEAD "    context %{W}\n    pattern x\n", NULL,
     "utdrag: @/x.rules:4: rule r: %{W} is not a choice of plain words (at "
     "most 4096), as a needs word must be\n"},
    /* A needs word is bytes: "\\d" is no class, an error, not a word
     * that never occurs. */
    {RULE_HEAD "    needs    a | ,\\ \\d\n    pattern x\n", NULL,
     "utdrag: @/x.rules:3: rule r: needs: no escape \\d (a word is bytes: "
     "'\\ ' a space, '\\n' a line break, a final '\\p{Lu}' a capital after "
     "it)\n"},
    {RULE_HEAD "    context  x\\\n    pattern x\n", NULL,
     "utdrag: @/x.rules:3: rule r: context: no escape \\  (a word is bytes: "
     "'\\ ' a space, '\\n' a line break, a final '\\p{Lu}' a capital after "
     "it)\n"},
    {"define A a%{B}\n" RULE_HEAD "    pattern %{A}\n", NULL,
     "utdrag: @/x.rules:1: undefined pattern '%{B}'\n"},
    {"define A x%{B}\ndefine B y%{A}\n" RULE_HEAD "    pattern %{A}\n",
     NULL,
     "utdrag: @/x.rules:2: pattern 'A' refers to itself (recursive "
     "reference)\n"},
    {"define A x%{A}\n" RULE_HEAD "    pattern %{A}\n", NULL,
     "utdrag: @/x.rules:1: pattern 'A' refers to itself (recursive "
     "reference)\n"},
    /* A define expanded once is reused (expand()'s memo), but not where
     * the nesting would then pass the limit: L20 nests 20 deep, fine in
     * rule a; under M12 it is 13 deeper, too deep in rule r. */
    {"define L0 a\ndefine L1 b%{L0}\ndefine L2 b%{L1}\ndefine L3 b%{L2}\n"
     "define L4 b%{L3}\ndefine L5 b%{L4}\ndefine L6 b%{L5}\n"
     "define L7 b%{L6}\ndefine L8 b%{L7}\ndefine L9 b%{L8}\n"
     "define L10 b%{L9}\ndefine L11 b%{L10}\ndefine L12 b%{L11}\n"
     "define L13 b%{L12}\ndefine L14 b%{L13}\ndefine L15 b%{L14}\n"
     "define L16 b%{L15}\ndefine L17 b%{L16}\ndefine L18 b%{L17}\n"
     "define L19 b%{L18}\ndefine L20 b%{L19}\ndefine M0 c%{L20}\n"
     "define M1 d%{M0}\ndefine M2 d%{M1}\ndefine M3 d%{M2}\n"
     "define M4 d%{M3}\ndefine M5 d%{M4}\ndefine M6 d%{M5}\n"
     "define M7 d%{M6}\ndefine M8 d%{M7}\ndefine M9 d%{M8}\n"
     "define M10 d%{M9}\ndefine M11 d%{M10}\ndefine M12 d%{M11}\n"
     "\nrule a\n    table tags\n    pattern %{L20}\n"
     "\nrule r\n    table tags\n    pattern %{M12}\n",
     NULL, "utdrag: @/x.rules:2: pattern references nest too deep\n"},
    {RULE_HEAD "    pattern a%{B\n", NULL,
     "utdrag: @/x.rules:3: unterminated %{ reference\n"},
    {RULE_HEAD "    pattern %{list:nolist}\n", NULL,
     "utdrag: @/x.rules:3: undefined list 'nolist'\n"},
    {RULE_HEAD "    pattern (?<value>x)\n    require value in nolist\n",
     NULL, "utdrag: @/x.rules:4: rule r: undefined list 'nolist'\n"},
    {"list l lists/l.tsv\n" RULE_HEAD "    pattern (?<value>x)\n"
     "    split value lists l nolist\n", "name\nA\n",
     "utdrag: @/x.rules:5: rule r: undefined list 'nolist'\n"},
    {RULE_HEAD "    pattern x\n    scope section nohead\n", NULL,
     "utdrag: @/x.rules:4: rule r: undefined heading 'nohead'\n"},
    /* Rule settings. */
    {"rule r\n    table foo\n    pattern x\n", NULL,
     "utdrag: @/x.rules:2: rule r: unknown table 'foo' (pairs, quotes, tags, "
     "persons, candidates or mentions)\n"},
    {"rule r\n    pattern x\n", NULL,
     "utdrag: @/x.rules:1: rule r: no 'table' line\n"},
    {"\nrule r\n    table tags\n", NULL,
     "utdrag: @/x.rules:2: rule r: no 'pattern' line (or 'names')\n"},
    {"list l lists/l.tsv\n" RULE_HEAD "    names value in l\n    pattern x\n",
     "name\nA\n", "utdrag: @/x.rules:2: rule r: 'names' finds the matches "
     "itself: no 'pattern' or 'near' with it\n"},
    {"list l lists/l.tsv\n" RULE_HEAD "    names value in l\n"
     "    names value in l\n    names value in l\n    names value in l\n"
     "    names value in l\n", "name\nA\n",
     "utdrag: @/x.rules:8: rule r: at most 4 'names' lines\n"},
    {RULE_HEAD "    pattern\n", NULL,
     "utdrag: @/x.rules:3: rule r: empty pattern\n"},
    {RULE_HEAD "    pattern x\n    scope lines\n", NULL,
     "utdrag: @/x.rules:4: rule r: scope is line, paragraph, document or "
     "'section NAME...'\n"},
    {RULE_HEAD "    pattern x\n    colour red\n", NULL,
     "utdrag: @/x.rules:4: rule r: unknown setting 'colour' (table, scope, "
     "language, needs, near, context, pattern, names, set, split, require, reject, lookup, canonical, example, expect, "
     "counter)\n"},
    {"list l lists/l.tsv\n" RULE_HEAD "    needs a | %{list:l}\\p{Lu}\n"
     "    pattern x\n", "name\nA\n",
     "utdrag: @/x.rules:4: rule r: \\p{Lu} after a list ('%{list:l}')\n"},
    {RULE_HEAD "    pattern x\n    near 0\n", NULL,
     "utdrag: @/x.rules:4: rule r: near takes a number of bytes from 1 to "
     "100000 (and 'window'), not '0'\n"},
    {RULE_HEAD "    pattern x\n    near 12b\n", NULL,
     "utdrag: @/x.rules:4: rule r: near takes a number of bytes from 1 to "
     "100000 (and 'window'), not '12b'\n"},
    {RULE_HEAD "    pattern x\n    near -5\n", NULL,
     "utdrag: @/x.rules:4: rule r: near takes a number of bytes from 1 to "
     "100000 (and 'window'), not '-5'\n"},
    {RULE_HEAD "    pattern x\n    near 100001\n", NULL,
     "utdrag: @/x.rules:4: rule r: near takes a number of bytes from 1 to "
     "100000 (and 'window'), not '100001'\n"},
    {RULE_HEAD "    needs x\n    pattern x\n    near 40 windows\n", NULL,
     "utdrag: @/x.rules:5: rule r: near takes a number of bytes from 1 to "
     "100000 (and 'window'), not '40 windows'\n"},
    {RULE_HEAD "    needs x\n    pattern x\n    near 40 window\n", NULL,
     "utdrag: @/x.rules:5: rule r: 'near ... window' looks for the words of "
     "the other needs lines in each window, and the rule has no second "
     "needs line\n"},
    {RULE_HEAD "    pattern x\n    near 40\n", NULL,
     "utdrag: @/x.rules:4: rule r: 'near' reads around the words of a "
     "'needs' line, and the rule has none\n"},
    {RULE_HEAD "    needs x\n    near 40\n    pattern ^x\n", NULL,
     "utdrag: @/x.rules:4: rule r: 'near' with an anchored pattern (^, "
     "\\A): its matches start where the unit starts, not near a word\n"},
    {RULE_HEAD "    pattern x\n    set colour red\n", NULL,
     "utdrag: @/x.rules:4: rule r: unknown column 'colour'\n"},
    {RULE_HEAD "    pattern (?<value>x)\n    split value by ,\n", NULL,
     "utdrag: @/x.rules:4: rule r: expected 'split COLUMN at PATTERN' or "
     "'split COLUMN lists LIST...'\n"},
    {RULE_HEAD "    pattern (?<value>x)\n    split value at (\n", NULL,
     "utdrag: @/x.rules:4: rule r: split pattern: missing closing "
     "parenthesis at offset 1\n"},
    {"list l lists/l.tsv\n" RULE_HEAD "    pattern (?<value>x)\n"
     "    require value of l\n", "name\nA\n",
     "utdrag: @/x.rules:5: rule r: expected 'require COLUMN in LIST...' "
     "or 'require COLUMN first in LIST...'\n"},
    {"list l lists/l.tsv\n" RULE_HEAD "    pattern (?<value>x)\n"
     "    reject value first in l\n", "name\nA\n",
     "utdrag: @/x.rules:5: rule r: expected 'reject COLUMN in LIST...'\n"},
    {RULE_HEAD "    pattern (?<value>x)\n    reject value in\n", NULL,
     "utdrag: @/x.rules:4: rule r: no list named\n"},
    {RULE_HEAD "    pattern x\n    expect value=x\n", NULL,
     "utdrag: @/x.rules:4: rule r: 'expect' must follow an 'example'\n"},
    {RULE_HEAD "    pattern x\n    counter y\n    expect value=x\n", NULL,
     "utdrag: @/x.rules:5: rule r: 'expect' must follow an 'example'\n"},
    /* Compiling. */
    {RULE_HEAD "    pattern (?<value>x)(?<foo>y)\n", NULL,
     "utdrag: @/x.rules:3: rule r: group 'foo' is not a column (name "
     "helper groups with a leading '_')\n"},
    {RULE_HEAD "    pattern (abc\n", NULL,
     "utdrag: @/x.rules:3: rule r: missing closing parenthesis at offset "
     "4\n"},
    {RULE_HEAD "    pattern ab[d\n", NULL,
     "utdrag: @/x.rules:3: rule r: missing terminating ] for character "
     "class at offset 4\n"},
    {RULE_HEAD "    pattern x{2,1}\n", NULL,
     "utdrag: @/x.rules:3: rule r: numbers out of order in {} quantifier "
     "at offset 5\n"},
    /* Lists. */
    {"list l lists/none.tsv\n", NULL,
     "utdrag: @/x.rules:1: list l: @/lists/none.tsv: No such file or "
     "directory\n"},
    {"list l lists/l.tsv\n", "code\taliases\nA\tB\n",
     "utdrag: @/lists/l.tsv:1: list header has no 'name' column\n"},
    {"list l lists/l.tsv\n", "\n# only a comment\n",
     "utdrag: @/lists/l.tsv:1: empty list (no header)\n"},
    {"list l lists/l.tsv\n", "code\tname\n1\tA\n2\t \n",
     "utdrag: @/lists/l.tsv:3: row has no name\n"},
    {"list l lists/l.tsv\n", "code\tname\n1\tA\n2\n",
     "utdrag: @/lists/l.tsv:3: row has no name\n"},
};

/* Replace every "@" in 'want' by 'dir'; caller frees. */
static char *expand_at(const char *want, const char *dir)
{
    char *s = xstrdup("");
    for (const char *p = want; *p; p++) {
        char *t = *p == '@' ? xasprintf("%s%s", s, dir)
                            : xasprintf("%s%c", s, *p);
        free(s);
        s = t;
    }
    return s;
}

static void check_errors(void)
{
    for (size_t i = 0; i < N(errs); i++) {
        char *d = new_dir();
        struct rule_set rs;
        char *err;
        put(d, "x.rules", errs[i].rules);
        if (errs[i].list)
            put(d, "lists/l.tsv", errs[i].list);
        bool ok = load(&rs, d, &err);
        char *want = expand_at(errs[i].want, d);
        CHECK(!ok);
        if (strcmp(err, want) != 0)
            fprintf(stderr, "error case %zu:\n", i);
        CHECK_STREQ(err, want);
        rules_fini(&rs);
        free(want);
        free(err);
        free(d);
    }
}

/* A duplicate name across files, and folder-level errors. */
static void check_dir_errors(void)
{
    struct rule_set rs;
    char *err, *want;
    char *d = new_dir();

    put(d, "a.rules", RULE_HEAD "    pattern x\n");
    put(d, "b.rules", "\n" RULE_HEAD "    pattern y\n");
    CHECK(!load(&rs, d, &err));
    want = xasprintf("utdrag: %s/b.rules:2: rule r defined twice\n", d);
    CHECK_STREQ(err, want);
    rules_fini(&rs);
    free(want);
    free(err);
    free(d);

    d = new_dir();
    put(d, "readme.txt", "no rules here\n");
    CHECK(!load(&rs, d, &err));
    want = xasprintf("utdrag: %s: no *.rules files\n", d);
    CHECK_STREQ(err, want);
    rules_fini(&rs);
    free(want);
    free(err);

    /* A NUL byte (the table above holds C strings). */
    static const char nul[] = "rule r\n    table tags\n    pattern a\0b\n";
    char *p = xasprintf("%s/x.rules", d);
    FILE *f = fopen(p, "wb");
    fwrite(nul, 1, sizeof nul - 1, f);
    fclose(f);
    CHECK(!load(&rs, d, &err));
    want = xasprintf("utdrag: %s:3: NUL byte in rule file\n", p);
    CHECK_STREQ(err, want);
    rules_fini(&rs);
    free(want);
    free(err);
    unlink(p);
    free(p);

    char *missing = xasprintf("%s/missing", d);
    CHECK(!load(&rs, missing, &err));
    want = xasprintf("utdrag: %s: cannot read rules directory: No such "
                     "file or directory\n", missing);
    CHECK_STREQ(err, want);
    rules_fini(&rs);
    free(want);
    free(err);
    free(missing);
    free(d);
}

/* ---- names --------------------------------------------------------------- */

static void check_names(void)
{
    static const char *const cols[COL__COUNT] = {
        "swedish_partner", "partner", "area", "quote", "speaker", "role",
        "org", "party", "tag", "value", "code", "style", "trigger",
        "country", "mark",
    };
    for (int i = 0; i < COL__COUNT; i++) {
        CHECK(rules_col_lookup(cols[i], strlen(cols[i])) == i);
        CHECK_STREQ(rules_col_name((enum rule_col)i), cols[i]);
    }
    CHECK(rules_col_lookup("valu", 4) == -1);
    CHECK(rules_col_lookup("values", 6) == -1);
    CHECK(rules_col_lookup("values", 5) == COL_VALUE);  /* length counts */
    CHECK(rules_col_lookup("Value", 5) == -1);
    CHECK(rules_col_lookup("", 0) == -1);
    CHECK(rules_col_lookup("_value", 6) == -1);
    CHECK_STREQ(rules_col_name(COL__COUNT), "?");
    CHECK_STREQ(rules_table_name(TAB_PAIRS), "pairs");
    CHECK_STREQ(rules_table_name(TAB_QUOTES), "quotes");
    CHECK_STREQ(rules_table_name(TAB_TAGS), "tags");
    CHECK_STREQ(rules_table_name(TAB_MENTIONS), "mentions");
    CHECK_STREQ(rules_table_name(TAB_PERSONS), "persons");
    CHECK_STREQ(rules_table_name(TAB__COUNT), "?");
}

/* Entries that share a key are told apart by their spelling, case folded
 * with diacritics kept; the first entry is the default. */
static void check_shared_keys(void)
{
    char *d = new_dir(), *err = NULL;
    struct rule_set rs;
    struct arena a = {0};
    put(d, "lists/l.tsv", "name\tcode\n"
                          "Håbo\t0305\n"
                          "Habo\t0643\n"
                          "Åby\t1\n"
                          "Aby\t2\n"
                          "ÅBY\t3\n");         /* the same spelling as Åby */
    put(d, "x.rules", "list l lists/l.tsv\n" RULE_HEAD
                      "    pattern (?<value>\\w+)\n"
                      "    require value in l\n");
    CHECK(load(&rs, d, &err));
    const struct gazetteer *g = &rs.lists[0];
    CHECK(g->n_forms == 4);     /* ÅBY is Åby's, folded */
    static const struct {
        const char *text, *code;
    } picks[] = {
        {"Håbo", "0305"}, {"Habo", "0643"}, {"HÅBO", "0305"},
        {"habo", "0643"}, {"Habos", "0643"}, {"Håbos", "0305"},
        {"Hábo", "0305"},       /* neither spelling: the first entry */
        {"Åby", "1"}, {"aby", "2"}, {"ÅBY", "1"},
    };
    for (size_t i = 0; i < N(picks); i++) {
        size_t len = strlen(picks[i].text);
        const char *key = norm_key(&a, picks[i].text, len, NULL);
        if (len > 4 && picks[i].text[len - 1] == 's')
            key = norm_key(&a, picks[i].text, len - 1, NULL);
        const struct gaz_form *f = gaz_pick(
            &a, g, gaz_find(g, key), picks[i].text, len);
        CHECK(f != NULL);
        if (f && strcmp(g->entries[f->entry].code, picks[i].code) != 0)
            fprintf(stderr, "  pick %s: %s, want %s\n", picks[i].text,
                    g->entries[f->entry].code, picks[i].code);
        if (f)
            CHECK_STREQ(g->entries[f->entry].code, picks[i].code);
    }
    CHECK(gaz_pick(&a, g, NULL, "x", 1) == NULL);
    arena_fini(&a);
    rules_fini(&rs);
    free(err);
    free(d);
}

/* A list with a header and no entries loads (found by fuzzing: the empty
 * form array went to qsort as a null pointer), finds nothing, and a rule
 * that requires a value in it loads too. */
static void check_empty_list(void)
{
    char *d = new_dir(), *err = NULL;
    struct rule_set rs;
    put(d, "lists/l.tsv", "name\tcode\n");
    put(d, "x.rules", "list l lists/l.tsv\n" RULE_HEAD
                      "    pattern (?<value>\\w+)\n"
                      "    require value in l\n");
    CHECK(load(&rs, d, &err));
    CHECK_STREQ(err, "");
    CHECK(rs.n_lists == 1 && rs.lists[0].n_forms == 0);
    CHECK(gaz_find(&rs.lists[0], "falun") == NULL);
    rules_fini(&rs);
    free(err);
    free(d);
}

/* ---- the shipped lists ---------------------------------------------------- */

static void check_shipped(void)
{
    /* Official SCB municipality codes (kommunkoder). */
    static const struct {
        const char *name;
        const char *code;
    } scb[] = {
        {"Stockholm", "0180"},  {"Göteborg", "1480"},
        {"Malmö", "1280"},      {"Uppsala", "0380"},
        {"Falun", "2080"},      {"Gotland", "0980"},
        {"Kiruna", "2584"},     {"Lund", "1281"},
        {"Linköping", "0580"},  {"Örebro", "1880"},
        {"Västerås", "1980"},   {"Umeå", "2480"},
        {"Jönköping", "0680"},  {"Karlstad", "1780"},
        {"Sundsvall", "2281"},  {"Luleå", "2580"},
        {"Växjö", "0780"},      {"Halmstad", "1380"},
        {"Norrköping", "0581"}, {"Helsingborg", "1283"},
        {"Borås", "1490"},      {"Östersund", "2380"},
        {"Danderyd", "0162"},   {"Öckerö", "1407"},
        {"Falu kommun", "2080"}, {"Malmö stad", "1280"},
        /* Same key ("habo"), two municipalities: the spelling decides. */
        {"Håbo", "0305"},       {"Habo", "0643"},
        {"Håbo kommun", "0305"}, {"Habo kommun", "0643"},
        {"HABO KOMMUN", "0643"}, {"håbo", "0305"},
    };
    /* The 21 regions (län codes). */
    static const char *const regions[] = {
        "01", "03", "04", "05", "06", "07", "08", "09", "10", "12", "13",
        "14", "17", "18", "19", "20", "21", "22", "23", "24", "25",
    };
    struct rule_set rs;
    struct arena a = {0};
    char *err;

    CHECK(load(&rs, "rules", &err));
    CHECK_STREQ(err, "");
    int mi = rules_list_lookup(&rs, "municipalities");
    int ri = rules_list_lookup(&rs, "regions");
    CHECK(mi >= 0 && ri >= 0);
    if (mi < 0 || ri < 0) {
        rules_fini(&rs);
        free(err);
        return;
    }
    const struct gazetteer *m = &rs.lists[mi];
    const struct gazetteer *r = &rs.lists[ri];
    CHECK(m->n_entries == 290);
    CHECK(r->n_entries == 21);
    for (size_t i = 0; i < N(scb); i++) {
        const char *key = norm_key(&a, scb[i].name, strlen(scb[i].name),
                                   NULL);
        const struct gaz_form *f = gaz_pick(
            &a, m, gaz_find(m, key), scb[i].name, strlen(scb[i].name));
        CHECK(f != NULL);
        if (!f)
            fprintf(stderr, "  municipality %s not found\n", scb[i].name);
        else if (strcmp(m->entries[f->entry].code, scb[i].code) != 0)
            fprintf(stderr, "  municipality %s:\n", scb[i].name);
        if (f)
            CHECK_STREQ(m->entries[f->entry].code, scb[i].code);
    }
    /* Every code is four digits, and no code appears twice. */
    for (size_t i = 0; i < m->n_entries; i++) {
        const char *c = m->entries[i].code;
        CHECK(strlen(c) == 4 && strspn(c, "0123456789") == 4);
        for (size_t j = 0; j < i; j++)
            if (strcmp(m->entries[j].code, c) == 0)
                CHECK(!"municipality code twice");
    }
    for (size_t i = 0; i < r->n_entries && i < N(regions); i++)
        CHECK_STREQ(r->entries[i].code, regions[i]);
    const char *key = norm_key(&a, "Region Gotland", 14, NULL);
    const struct gaz_form *f = gaz_find(r, key);
    CHECK(f && strcmp(r->entries[f->entry].code, "09") == 0);
    arena_fini(&a);
    rules_fini(&rs);
    free(err);
}

/* A needs word with a define in it stands for the define's words, each
 * between the text around the reference; assertions in the define are
 * left out (they take no text), groups multiply out, and a \p{Lu}
 * suffix holds for each word. */
static void check_needs_define(void)
{
    char *dir = new_dir();
    struct rule_set rs;
    char *err = NULL;

    put(dir, "x.rules",
        "define V (?:säger|sa|fyller i|lägger(?= [^ ,.]{1,40} till[.!?,]))\n"
        "define W (?:%{V}|håller (?:med|fast)|\\(ja\\))\n"
        "rule r\n    table tags\n    needs \\ %{W}\\ \n"
        "    needs x%{V}\\p{Lu} | y\n"
        "    pattern (?<value>x)\n    example x\n    expect value=x\n");
    CHECK(load(&rs, dir, &err));
    CHECK_STREQ(err, "");
    static const char *const want[] = {
        " säger ", " sa ", " fyller i ", " lägger ", " håller med ",
        " håller fast ", " (ja) ",
    };
    const struct rule_needs *nd = &rs.rules[0].needs[0];
    CHECK(nd->n == sizeof want / sizeof *want);
    for (size_t i = 0; i < nd->n && i < sizeof want / sizeof *want; i++) {
        CHECK(nd->len[i] == strlen(want[i]));
        CHECK(memcmp(nd->word[i], want[i], nd->len[i]) == 0);
    }
    nd = &rs.rules[0].needs[1];
    CHECK(nd->n == 5 && nd->upper && nd->upper[0] && !nd->upper[4]);
    CHECK(nd->len[2] == 9 && memcmp(nd->word[2], "xfyller i", 9) == 0);
    rules_fini(&rs);
    free(err);

    put(dir, "x.rules",
        "define V (?:säger|sa[dg]e)\n"
        "rule r\n    table tags\n    needs %{V}\n    pattern x\n");
    CHECK(!load(&rs, dir, &err));
    CHECK(strstr(err, "x.rules:4: rule r: %{V} is not a choice of plain "
                      "words") != NULL);
    rules_fini(&rs);
    free(err);
    free(dir);
}

/* A pattern too large for PCRE2 when its defines are copied in (64 KB of
 * compiled code) loads with them called: one copy in a (?(DEFINE)...)
 * group, and the same matches. */
static void check_called_defines(void)
{
    char *dir = new_dir();
    struct rule_set rs;
    char *err = NULL;
    char *text = NULL;

    /* BIG: w0001|w0002|...|w0400; the pattern uses it 40 times. */
    char *big = xstrdup("define BIG (?:");
    for (int i = 1; i <= 400; i++) {
        char *t = xasprintf("%s%sw%04d", big, i > 1 ? "|" : "", i);
        free(big);
        big = t;
    }
    char *pat = xstrdup("(?<value>%{BIG})");
    for (int i = 1; i < 40; i++) {
        char *t = xasprintf("%s (?:%%{BIG}|y)", pat);
        free(pat);
        pat = t;
    }
    text = xasprintf("%s)\nrule r\n    table tags\n    pattern %s\n", big,
                     pat);
    put(dir, "x.rules", text);
    CHECK(load(&rs, dir, &err));
    CHECK_STREQ(err, "");
    if (rs.n_rules == 1 && rs.rules[0].re) {
        const struct rule *r = &rs.rules[0];
        CHECK(strstr(r->pattern, "(?&_D0)") != NULL);
        CHECK(strstr(r->pattern, "(?(DEFINE)(?<_D0>(?:w0001|") != NULL);
        char *subject = xstrdup("w0002");
        for (int i = 1; i < 40; i++) {
            char *t = xasprintf("%s %s", subject, i % 2 ? "y" : "w0400");
            free(subject);
            subject = t;
        }
        pcre2_match_data *md = pcre2_match_data_create_from_pattern(r->re,
                                                                    NULL);
        CHECK(pcre2_match(r->re, (PCRE2_SPTR)subject, strlen(subject), 0, 0,
                          md, NULL) >= 0);
        CHECK(pcre2_match(r->re, (PCRE2_SPTR)"w0002 w0401", 11, 0, 0, md,
                          NULL) == PCRE2_ERROR_NOMATCH);
        pcre2_match_data_free(md);
        free(subject);
    } else {
        CHECK(!"the rule did not load");
    }
    rules_fini(&rs);
    free(err);
    free(text);
    free(pat);
    free(big);
    free(dir);
}

/* Does r's pattern match all of s? */
static bool whole_match(const struct rule *r, const char *s)
{
    pcre2_match_data *md = pcre2_match_data_create_from_pattern(r->re, NULL);
    int rc = pcre2_match(r->re, (PCRE2_SPTR)s, strlen(s), 0, 0, md, NULL);
    pcre2_match_data_free(md);
    return rc > 0;
}

/* The pattern cache is keyed by the pattern as written plus hashes of
 * what its references expand to: a second load decodes the code without
 * expanding (r->pattern NULL), and a change in a define it reaches only
 * through another define, or in a list it splices, is a new key. */
static void check_cache_keys(void)
{
    const char *was = getenv("UTDRAG_CACHE_DIR");
    char *saved = was ? xstrdup(was) : NULL;
    char *cache = xasprintf("%s/cache", root);
    char *dir = new_dir();
    struct rule_set rs;
    char *err = NULL;
    static const char rule[] =
        "rule r\n"
        "    table   tags\n"
        "    pattern ^(?<value>%{B}|%{list:L})$\n";
    /* Each step: the defines, the list, whether the code is decoded, and
     * what the pattern must and must not match. */
    static const struct {
        const char *defs, *list;
        bool cached;
        const char *yes, *no;
    } step[] = {
        {"define A alpha\n", "name\nGamma\n", false, "alpha", "delta"},
        {"define A alpha\n", "name\nGamma\n", true, "Gamma", "delta"},
        {"define A delta\n", "name\nGamma\n", false, "delta", "alpha"},
        {"define A delta\n", "name\nEpsilon\n", false, "Epsilon", "Gamma"},
        {"define A delta\n", "name\nEpsilon\n", true, "beta", "Gamma"},
    };

    mkdir(cache, 0700);
    setenv("UTDRAG_CACHE_DIR", cache, 1);
    put(dir, "b.rules", rule);
    for (size_t i = 0; i < N(step); i++) {
        char *defs = xasprintf("%sdefine B %%{A}|beta\nlist L lists/l.tsv\n",
                               step[i].defs);
        put(dir, "a.rules", defs);
        put(dir, "lists/l.tsv", step[i].list);
        free(defs);
        bool ok = load(&rs, dir, &err);
        CHECK(ok);
        CHECK_STREQ(err, "");
        if (ok && rs.n_rules == 1 && rs.rules[0].re) {
            const struct rule *r = &rs.rules[0];
            CHECK((r->pattern == NULL) == step[i].cached);
            CHECK(whole_match(r, step[i].yes));
            CHECK(whole_match(r, "beta"));
            CHECK(!whole_match(r, step[i].no));
        } else {
            CHECK(!"the rule did not load");
        }
        rules_fini(&rs);
        free(err);
        err = NULL;
    }
    if (saved)
        setenv("UTDRAG_CACHE_DIR", saved, 1);
    else
        unsetenv("UTDRAG_CACHE_DIR");
    free(saved);
    free(cache);
    free(dir);
}

int main(void)
{
    strcpy(root, "/tmp/utdrag-rules-XXXXXX");
    if (!mkdtemp(root)) {
        perror("mkdtemp");
        return 2;
    }
    check_good();
    check_errors();
    check_dir_errors();
    check_names();
    check_empty_list();
    check_shared_keys();
    check_needs_define();
    check_called_defines();
    check_cache_keys();
    check_shipped();
    rm_tree(root);
    return check_done("test_rules");
}
