/*
 * test_resolve.c - unit tests for resolve.c: a small rule set (written to
 * a temporary folder, using the shipped gazetteers in rules/lists/) run
 * over short texts, and the exact rows of every table: splitting at
 * boundaries and by gazetteer segmentation with leftovers kept, require
 * and reject filters, canonical names and codes, pair deduplication,
 * speaker linking (pronouns, one-word names, continuation paragraphs),
 * the speakers counts, and the documents row.
 */
/* SPDX-License-Identifier: MIT */
#include "resolve.h"

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "arena.h"
#include "check.h"
#include "match.h"
#include "normalize.h"
#include "xalloc.h"

#define N(a) (sizeof(a) / sizeof((a)[0]))

/* %s: the absolute path of rules/lists (tests run from the top folder). */
static const char rules_fmt[] =
    "list municipalities %s/municipalities.tsv\n"
    "list regions        %s/regions.tsv\n"
    "list countries      %s/countries.tsv\n"
    "list partners       %s/partners.tsv\n"
    "list titles         %s/titles.tsv\n"
    "heading swedish Svensk partner\n"
    "\n"
    "rule seg\n"
    "    table tags\n"
    "    scope section swedish\n"
    "    set   tag swedish_partner\n"
    "    pattern ^(?<value>.+)$\n"
    "    split value lists municipalities regions\n"
    "rule theme\n"
    "    table tags\n"
    "    set   tag theme\n"
    "    pattern ^Tema: (?<value>.+)$\n"
    "    split value at ,\\s*|\\s+och\\s+\n"
    "    split value at (?<=\\p{Ll})(?=\\p{Lu})\n"
    "rule pair\n"
    "    table pairs\n"
    "    pattern ^(?<swedish_partner>(?:Region )?\\p{Lu}\\p{Ll}+"
    "(?: kommun)?) och (?<partner>\\p{Lu}\\p{Ll}+(?:-\\p{Ll}+)*)"
    "(?: inom (?<area>\\w+))?$\n"
    "    require swedish_partner in municipalities regions\n"
    "    reject  partner in municipalities regions countries\n"
    "    lookup  partner in partners\n"
    "rule person\n"
    "    table persons\n"
    "    scope paragraph\n"
    "    pattern (?<speaker>\\p{Lu}\\p{Ll}+ \\p{Lu}\\p{Ll}+)"
    "(?: \\((?<party>[A-Z]+)\\))?, (?<role>\\p{L}+) (?:i|på) "
    "(?<org>\\p{Lu}\\w+),\n"
    "rule q-dash\n"
    "    table quotes\n"
    "    scope paragraph\n"
    "    set   style dash\n"
    "    pattern ^– (?<quote>[^,]+), säger (?<speaker>[\\p{L} ]+?)\\.$\n"
    "rule q-cont\n"
    "    table quotes\n"
    "    scope paragraph\n"
    "    set   style dash\n"
    "    pattern ^– (?<quote>(?!.*, säger ).+)$\n"
    "rule q-joined\n"
    "    table quotes\n"
    "    scope paragraph\n"
    "    set   style quote\n"
    "    pattern ^\"(?<quote>[^\"]+),\" säger (?<speaker>\\p{Lu}\\p{Ll}+ "
    "\\p{Lu}\\p{Ll}+)\\. Berg tillade: \"(?<quote>[^\"]+)\"$\n"
    "rule q-colon\n"
    "    table quotes\n"
    "    scope paragraph\n"
    "    set   style colon\n"
    "    pattern (?<speaker>Berg) tillade: \"(?<quote>[^\"]+)\"$\n"
    "rule q-guill\n"
    "    table quotes\n"
    "    scope paragraph\n"
    "    set   style quote\n"
    "    pattern ^«(?<quote>[^»]+)», säger (?<speaker>[^\\n]+?)\\.$\n"
    "rule q-da\n"
    "    table quotes\n"
    "    scope paragraph\n"
    "    set   style quote\n"
    "    pattern ^»(?<quote>[^,«]+),« siger (?<speaker>\\p{Lu}\\p{Ll}+ "
    "\\p{Lu}\\p{Ll}+)\\. »(?<quote>[^«]+)«$\n"
    "rule q-line\n"
    "    table quotes\n"
    "    scope document\n"
    "    set   style quote\n"
    "    pattern (?m)^\"(?<quote>[^\"\\n]+)\"\\n\\n(?<speaker>\\p{Lu}\\p{Ll}+ "
    "\\p{Lu}\\p{Ll}+), (?<role>\\p{Ll}+)$\n";

static struct rule_set rs;
static struct matcher *matcher;

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

/* Decode-free article: the text is taken as valid UTF-8. */
static void make_article(struct arena *a, struct article *art,
                         const char *text)
{
    memset(art, 0, sizeof *art);
    art->doc_id = "d/a.txt";
    art->path = "d/a.txt";
    art->raw = (const unsigned char *)text;
    art->raw_len = strlen(text);
    art->encoding = "utf-8";
    art->status = DOC_OK;
    art->text = text;
    art->text_len = strlen(text);
    norm_text(a, art->text, art->text_len, &art->norm);
}

static void resolve_text(struct arena *a, const char *text,
                         struct doc_tables *dt)
{
    struct article art;
    struct match_result mr;
    make_article(a, &art, text);
    match_article(matcher, a, &art.norm, &mr);
    resolve_article(matcher, a, &rs, &art, &mr, dt);
}

/* Row as "cell|cell|..." (NULL cells empty); from 'a'. */
static const char *show_row(struct arena *a, enum out_table_id t,
                            const char *const *row)
{
    const char *s = "";
    for (size_t i = 0; i < resolve_schema[t].n_columns; i++)
        s = arena_printf(a, "%s%s%s", s, i ? "|" : "",
                         row[i] ? row[i] : "");
    return s;
}

static void check_rows(struct arena *a, const struct doc_tables *dt,
                       enum out_table_id t, const char *const *want,
                       size_t n_want, int line)
{
    const struct row_list *l = &dt->t[t];
    for (size_t i = 0; i < l->n; i++) {
        const char *got = show_row(a, t, l->rows[i]);
        if (i < n_want && strcmp(got, want[i]) != 0)
            fprintf(stderr, "line %d, %s row %zu:\n", line,
                    resolve_schema[t].name, i);
        if (i < n_want)
            CHECK_STREQ(got, want[i]);
        else
            fprintf(stderr, "line %d: extra %s row: %s\n", line,
                    resolve_schema[t].name, got);
    }
    if (l->n != n_want)
        fprintf(stderr, "line %d: %zu %s rows, want %zu\n", line, l->n,
                resolve_schema[t].name, n_want);
    CHECK(l->n == n_want);
}

#define ROWS(a, dt, t, ...)                                                \
    do {                                                                   \
        static const char *const w_[] = {__VA_ARGS__};                     \
        check_rows(a, dt, t, w_, N(w_), __LINE__);                         \
    } while (0)
#define NO_ROWS(a, dt, t) check_rows(a, dt, t, NULL, 0, __LINE__)

/* ---- the checks ---------------------------------------------------------- */

static void check_schema(void)
{
    static const char *const want[T__COUNT] = {
        "documents:doc_id,path,bytes,encoding,status,message,title,url,date,pairs,"
        "quotes,speakers,tags",
        "pairs:doc_id,swedish_partner,swedish_municipality,swedish_code,"
        "partner,partner_canonical,partner_country,area,rule,line",
        "quotes:doc_id,quote_no,speaker,role,quote,style,rule,line",
        "speakers:doc_id,speaker,role,organization,party,quotes",
        "tags:doc_id,tag,value,code,rule,line",
    };
    struct arena a = {0};
    for (int t = 0; t < T__COUNT; t++) {
        const struct table_schema *s = &resolve_schema[t];
        const char *got = arena_printf(&a, "%s:", s->name);
        for (size_t i = 0; i < s->n_columns; i++)
            got = arena_printf(&a, "%s%s%s", got, i ? "," : "",
                               s->columns[i]);
        CHECK_STREQ(got, want[t]);
    }
    arena_fini(&a);
}

static void check_tags(void)
{
    struct arena a = {0};
    struct doc_tables dt;

    resolve_text(&a,
        "Svensk partner\n"
        "Falu kommunHöör kommunRegion Gotlandronneby kommun\n"
        "\n"
        "Svensk partner: Göteborgs StadOkända kommunLund, Ankeby\n"
        "Tema: Miljö, JämställdhetLokal demokrati och  Skola,\n"
        "Tema: , Miljö,\n"
        "Svensk partner: Municipality of LundAnkeby\n", &dt);
    /* Gazetteer segmentation: each form as the list writes it (and its
     * code), leftovers between and after forms kept as they stand; a
     * form word before a name ("Municipality of") goes with it.
     * Boundary splits: pieces trimmed, empty ones dropped; the second
     * split cuts the first's pieces.  A repeated tag is one row. */
    ROWS(&a, &dt, T_TAGS,
         "d/a.txt|swedish_partner|Falu kommun|2080|seg|2",
         "d/a.txt|swedish_partner|Höör kommun|1267|seg|2",
         "d/a.txt|swedish_partner|Region Gotland|0980|seg|2",
         "d/a.txt|swedish_partner|Ronneby kommun|1081|seg|2",
         "d/a.txt|swedish_partner|Göteborgs Stad|1480|seg|4",
         "d/a.txt|swedish_partner|Okända kommun||seg|4",
         "d/a.txt|swedish_partner|Lund|1281|seg|4",
         "d/a.txt|swedish_partner|Ankeby||seg|4",
         "d/a.txt|theme|Miljö||theme|5",
         "d/a.txt|theme|Jämställdhet||theme|5",
         "d/a.txt|theme|Lokal demokrati||theme|5",
         "d/a.txt|theme|Skola||theme|5",
         "d/a.txt|swedish_partner|Municipality of Lund|1281|seg|7");
    NO_ROWS(&a, &dt, T_PAIRS);
    NO_ROWS(&a, &dt, T_QUOTES);
    ROWS(&a, &dt, T_DOCUMENTS,
         "d/a.txt|d/a.txt|242|utf-8|ok||Svensk partner|||0|0|0|13");
    arena_fini(&a);
}

static void check_pairs(void)
{
    struct arena a = {0};
    struct doc_tables dt;

    resolve_text(&a,
        "Kalmar och Poltava\n"                  /* 1 */
        "Kalmar kommun och Poltava\n"           /* 2: same pair */
        "Mora och Orsa\n"                       /* 3: partner Swedish */
        "Ankeborg och Poltava\n"                /* 4: not Swedish */
        "Region Gotland och Ukraina\n"          /* 5: a country */
        "Region Gotland och Berislav inom vatten\n"    /* 6 */
        "Falun och Okändstad\n"                 /* 7: partner unknown */
        "Falu kommun och Okändstad\n"           /* 8: same pair */
        "Falun och Poltava\n"                   /* 9: another pair */
        "Kalmar och Poltava inom skola\n", &dt); /* 10: same pair */
    ROWS(&a, &dt, T_PAIRS,
         "d/a.txt|Kalmar|Kalmar kommun|0880|Poltava|Poltava|UA||pair|1",
         "d/a.txt|Region Gotland|Region Gotland|0980|Berislav|Berislav|UA"
         "|vatten|pair|6",
         "d/a.txt|Falun|Falu kommun|2080|Okändstad||||pair|7",
         "d/a.txt|Falun|Falu kommun|2080|Poltava|Poltava|UA||pair|9");
    ROWS(&a, &dt, T_DOCUMENTS,
         "d/a.txt|d/a.txt|243|utf-8|ok||Kalmar och Poltava|||4|0|0|0");

    /* A partner no list knows, written short where the page also
     * writes it in full ("Berwick", "Berwick-upon-Tweed"), is one row;
     * with another side, the short one stays. */
    arena_reset(&a);
    resolve_text(&a, "Falun och Okänd\nFalun och Okänd-upon-tweed\n"
                     "Mora och Okänd\n", &dt);
    ROWS(&a, &dt, T_PAIRS,
         "d/a.txt|Falun|Falu kommun|2080|Okänd-upon-tweed||||pair|2",
         "d/a.txt|Mora|Mora kommun|2062|Okänd||||pair|3");

    /* resolve_expand: the same splits and filters, hit by hit. */
    arena_reset(&a);
    struct article art;
    struct match_result mr;
    struct hit *out;
    make_article(&a, &art, "Mora och Orsa\nMora och Poltava\n");
    match_article(matcher, &a, &art.norm, &mr);
    CHECK(mr.n_hits == 2);
    size_t n = resolve_expand(matcher, &a, &rs, mr.hits, mr.n_hits, &out);
    CHECK(n == 1);
    if (n == 1) {
        CHECK_STREQ(out[0].col[COL_SWEDISH_PARTNER], "Mora");
        CHECK_STREQ(out[0].col[COL_PARTNER], "Poltava");
    }
    arena_fini(&a);
}

static void check_quotes(void)
{
    struct arena a = {0};
    struct doc_tables dt;

    resolve_text(&a,
        "Anna Berg (S), ordförande i Kalmar, besökte staden.\n"  /* 1 */
        "\n"
        "– Det var fint, säger hon.\n"                          /* 3 */
        "\n"
        "– Vi kommer tillbaka.\n"                               /* 5 */
        "\n"
        "Per Lind, Lärare på Skolan, höll med.\n"               /* 7 */
        "\n"
        "– Bra dag, säger Lind.\n"                              /* 9 */
        "\n"
        "– Mycket bra, säger Anna.\n"                           /* 11 */
        "\n"
        "Ett stycke utan citat.\n"                              /* 13 */
        "\n"
        "– Ingen talare här.\n"                                 /* 15 */
        "\n"
        "– Hej, säger Eva Ek.\n"                                /* 17 */
        "\n"
        "– Det var fint, säger Anna.\n"                         /* 19 */
        "\n"
        "– Och vi ses, säger han.\n", &dt);                     /* 21 */
    /* hon -> the named person before; Lind and Anna -> full names; line 5
     * continues line 3's speaker; line 15 follows no quote and is
     * dropped; line 19 repeats line 3; "han" -> the person named last
     * before it (Anna, in the attribution on line 19). */
    ROWS(&a, &dt, T_QUOTES,
         "d/a.txt|1|Anna Berg|ordförande|Det var fint|dash|q-dash|3",
         "d/a.txt|2|Anna Berg|ordförande|Vi kommer tillbaka.|dash|q-cont|5",
         "d/a.txt|3|Per Lind|lärare|Bra dag|dash|q-dash|9",
         "d/a.txt|4|Anna Berg|ordförande|Mycket bra|dash|q-dash|11",
         "d/a.txt|5|Eva Ek||Hej|dash|q-dash|17",
         "d/a.txt|6|Anna Berg|ordförande|Och vi ses|dash|q-dash|21");
    ROWS(&a, &dt, T_SPEAKERS,
         "d/a.txt|Anna Berg|ordförande|Kalmar|S|4",
         "d/a.txt|Per Lind|lärare|Skolan||1",
         "d/a.txt|Eva Ek||||1");
    NO_ROWS(&a, &dt, T_PAIRS);
    NO_ROWS(&a, &dt, T_TAGS);
    ROWS(&a, &dt, T_DOCUMENTS,
         "d/a.txt|d/a.txt|343|utf-8|ok||Anna Berg (S), ordförande i "
         "Kalmar, besökte staden.|||0|6|3|0");

    /* A pronoun with nobody to link to: no row.  A one-word name with
     * no full name in the article is the speaker as given ("sier
     * Moen"), and the dash paragraph after it continues it. */
    arena_reset(&a);
    resolve_text(&a, "– Bra, säger hon.\n\n– Fint, säger Lind.\n\n"
                     "– Och mer.\n", &dt);
    ROWS(&a, &dt, T_QUOTES,
         "d/a.txt|1|Lind||Fint|dash|q-dash|3",
         "d/a.txt|2|Lind||Och mer.|dash|q-cont|5");
    ROWS(&a, &dt, T_SPEAKERS, "d/a.txt|Lind||||2");
    ROWS(&a, &dt, T_DOCUMENTS,
         "d/a.txt|d/a.txt|59|utf-8|ok||– Bra, säger hon.|||0|2|1|0");

    /* A role title written capitalised ("says the Mayor") is a role
     * noun (match.c): the person named before with that role; with
     * nobody named, no row (not the title as a name). */
    arena_reset(&a);
    resolve_text(&a, "Per Lind, lärare på Skolan, höll med.\n\n"
                     "Anna Berg (S), mayor i Kalmar, besökte staden.\n"
                     "\n– Bra, säger Mayor.\n", &dt);
    ROWS(&a, &dt, T_QUOTES,
         "d/a.txt|1|Anna Berg|mayor|Bra|dash|q-dash|5");
    arena_reset(&a);
    resolve_text(&a, "– Bra, säger Mayor.\n", &dt);
    NO_ROWS(&a, &dt, T_QUOTES);

    /* A dash paragraph with no attribution and no quote before it is
     * the person's the paragraph before names, if it names one; not
     * after a question (an interview's), and not when the line
     * attributes itself to someone unnamed ("! ropade en av dem"). */
    arena_reset(&a);
    resolve_text(&a, "Per Lind, lärare på Skolan, berättar om resan.\n\n"
                     "– Vi lärde oss mycket.\n\n"
                     "Per Lind, lärare på Skolan, vad var svårast?\n\n"
                     "– Språket.\n\n"
                     "Per Lind, lärare på Skolan, vinkade.\n\n"
                     "– Vi ses! ropade en av dem.\n\n"
                     "Per Lind, lärare på Skolan, och Eva Ek, rektor på "
                     "Skolan, kom hem.\n\n"
                     "– Det var fint.\n", &dt);
    ROWS(&a, &dt, T_QUOTES,
         "d/a.txt|1|Per Lind|lärare|Vi lärde oss mycket.|dash|q-cont|3");

    /* A role read with its body ("ordföranden i Kommunstyrelsen") is the
     * body's genitive and the role, indefinite. */
    arena_reset(&a);
    resolve_text(&a, "Anna Berg (S), ordföranden i Kommunstyrelsen, kom.\n\n"
                     "– Bra, säger Anna Berg.\n", &dt);
    ROWS(&a, &dt, T_QUOTES,
         "d/a.txt|1|Anna Berg|kommunstyrelsens ordförande|Bra|dash|q-dash|3");

    /* A quote one rule joined ("\"A,\" säger N. Berg tillade: \"B\"")
     * and another read in part ("Berg tillade: \"B\""): one row. */
    arena_reset(&a);
    resolve_text(&a, "\"Det var en fin dag,\" säger Anna Berg. Berg tillade: "
                     "\"Vi kommer tillbaka i vår.\"\n", &dt);
    ROWS(&a, &dt, T_QUOTES,
         "d/a.txt|1|Anna Berg||Det var en fin dag Vi kommer tillbaka i vår."
         "|quote|q-joined|1");
    ROWS(&a, &dt, T_SPEAKERS, "d/a.txt|Anna Berg||||1");

    /* The same words by one speaker, once without her middle initial
     * and once with it: one row, the full name.  (Here the name resolves
     * to the full one; where it does not, an interview's question naming
     * "Maria Kjellberg" beside "svarar Kjellberg" after "Maria K.
     * Kjellberg", dedupe_quote() compares names without initials.) */
    arena_reset(&a);
    resolve_text(&a, "«Vi kommer tillbaka», säger Anna Berg.\n\n"
                     "«Vi kommer tillbaka», säger Anna B. Berg.\n", &dt);
    ROWS(&a, &dt, T_QUOTES,
         "d/a.txt|1|Anna B. Berg||Vi kommer tillbaka|quote|q-guill|1");

    /* A Danish quote »…« that ends the text is whole, not cut off: « is
     * its closing mark. */
    arena_reset(&a);
    resolve_text(&a, "»Vi har meget at lære,« siger Jens Holm. »Især om "
                     "affald.«", &dt);
    ROWS(&a, &dt, T_QUOTES,
         "d/a.txt|1|Jens Holm||Vi har meget at lære Især om affald.|quote|"
         "q-da|1");

    /* A speaker line with no period under the quote, ending the text:
     * the quote is closed, not cut off. */
    arena_reset(&a);
    resolve_text(&a, "\"Lösningen finns lokalt.\"\n\nElin Strand, "
                     "handläggare", &dt);
    ROWS(&a, &dt, T_QUOTES,
         "d/a.txt|1|Elin Strand|handläggare|Lösningen finns lokalt.|quote|"
         "q-line|1");

    /* A dash question between two quotes, answered by the dash
     * paragraph below it, is the interviewer's. */
    arena_reset(&a);
    resolve_text(&a, "– Bra, säger Eva Ek.\n\n– Vad kostar det?\n\n"
                     "– Lite, säger Eva Ek.\n", &dt);
    ROWS(&a, &dt, T_QUOTES,
         "d/a.txt|1|Eva Ek||Bra|dash|q-dash|1",
         "d/a.txt|2|Eva Ek||Lite|dash|q-dash|5");

    /* A one-word name before its full mention links forward. */
    arena_reset(&a);
    resolve_text(&a, "– Bra, säger Lind.\n\n"
                     "Per Lind, lärare på Skolan, höll med.\n", &dt);
    ROWS(&a, &dt, T_QUOTES, "d/a.txt|1|Per Lind|lärare|Bra|dash|q-dash|1");
    arena_fini(&a);
}

static void check_documents(void)
{
    struct arena a = {0};
    struct doc_tables dt;
    struct article art;

    /* A document that could not be read: one row, no title, no counts. */
    memset(&art, 0, sizeof art);
    art.doc_id = "missing.txt";
    art.path = "missing.txt";
    art.encoding = "";
    art.status = DOC_ERROR;
    art.message = "No such file or directory";
    resolve_article(matcher, &a, &rs, &art, NULL, &dt);
    ROWS(&a, &dt, T_DOCUMENTS,
         "missing.txt|missing.txt|0||error|No such file or directory||||0|0|"
         "0|0");
    for (int t = T_PAIRS; t < T__COUNT; t++)
        CHECK(dt.t[t].n == 0);

    /* The decoder's message and the matcher's are joined with "; "; the
     * title is the first line that is not blank, trimmed. */
    arena_reset(&a);
    make_article(&a, &art, "\n   \n  Rubrik här  \nKalmar och Poltava\n");
    art.status = DOC_REPAIRED;
    art.encoding = "windows-1252";
    art.message = "invalid UTF-8 at byte offset 3, decoded as Windows-1252";
    struct match_result mr;
    match_article(matcher, &a, &art.norm, &mr);
    mr.message = "rule x stopped at line 2: match limit exceeded";
    mr.limit_hit = true;
    resolve_article(matcher, &a, &rs, &art, &mr, &dt);
    ROWS(&a, &dt, T_DOCUMENTS,
         "d/a.txt|d/a.txt|40|windows-1252|repaired|invalid UTF-8 at byte "
         "offset 3, decoded as Windows-1252; rule x stopped at line 2: "
         "match limit exceeded|Rubrik här|||1|0|0|0");
    ROWS(&a, &dt, T_PAIRS,
         "d/a.txt|Kalmar|Kalmar kommun|0880|Poltava|Poltava|UA||pair|4");

    /* Empty text: no title. */
    arena_reset(&a);
    make_article(&a, &art, "");
    art.status = DOC_EMPTY;
    art.message = "empty file";
    match_article(matcher, &a, &art.norm, &mr);
    resolve_article(matcher, &a, &rs, &art, &mr, &dt);
    ROWS(&a, &dt, T_DOCUMENTS,
         "d/a.txt|d/a.txt|0|utf-8|empty|empty file||||0|0|0|0");
    arena_fini(&a);
}

int main(void)
{
    char dir[64] = "/tmp/utdrag-resolve-XXXXXX";
    char cwd[4096];

    if (!mkdtemp(dir) || !getcwd(cwd, sizeof cwd)) {
        perror("mkdtemp");
        return 2;
    }
    char *lists = xasprintf("%s/rules/lists", cwd);
    char *text = xasprintf(rules_fmt, lists, lists, lists, lists, lists);
    char *p = xasprintf("%s/r.rules", dir);
    write_file(p, text);
    bool ok = rules_load(&rs, dir);
    unlink(p);
    rmdir(dir);
    free(p);
    free(text);
    free(lists);
    CHECK(ok);
    if (!ok)
        return check_done("test_resolve");

    matcher = match_new(&rs, &MATCH_LIMITS_DEFAULT);
    check_schema();
    check_tags();
    check_pairs();
    check_quotes();
    check_documents();
    match_free(matcher);
    rules_fini(&rs);
    return check_done("test_resolve");
}
