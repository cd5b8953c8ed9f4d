/*
 * rules.h - stage 3a: load, check and compile rule files.
 *
 * A rule set is every *.rules file under one directory (recursively, in
 * sorted order), plus the gazetteer lists they name.  The language is
 * documented for users in rules/README.md.  Loading is all-or-nothing:
 * the first error is reported as "FILE:LINE: what" and the caller exits 2
 * before reading any document.  A loaded rule set is read-only and may be
 * shared by any number of threads; per-thread matching state lives in
 * struct matcher (match.h).
 */
/* SPDX-License-Identifier: MIT */
#ifndef RULES_H
#define RULES_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <pcre2.h>

#include "gazetteer.h"

/* Tables a rule can fill.  TAB_PERSONS, TAB_CANDIDATES and TAB_MENTIONS
 * are internal: appositions that give people's roles, organisations and
 * parties to speaker linking, text that looks like something a rule
 * should explain (the drift report lists candidates no other rule
 * consumed), and the places and partnership words that pairing.c turns
 * into pairs. */
enum rule_table {
    TAB_PAIRS,
    TAB_QUOTES,
    TAB_TAGS,
    TAB_PERSONS,
    TAB_CANDIDATES,
    TAB_MENTIONS,
    TAB__COUNT,
};

/* Every column a named group or a `set` line may fill. */
enum rule_col {
    COL_SWEDISH_PARTNER,
    COL_PARTNER,
    COL_AREA,
    COL_QUOTE,
    COL_SPEAKER,
    COL_ROLE,
    COL_ORG,
    COL_PARTY,
    COL_TAG,
    COL_VALUE,
    COL_CODE,
    COL_STYLE,
    COL_TRIGGER,
    COL_COUNTRY,
    COL_MARK,
    COL__COUNT,
};

enum rule_scope {
    SCOPE_LINE,
    SCOPE_PARAGRAPH,
    SCOPE_DOCUMENT,
    SCOPE_SECTION,      /* lines under a heading, or "Label: value" */
};

/* A named sub-pattern (define NAME PATTERN), kept for `rules lint`. */
struct pattern_def {
    const char *name;
    const char *file;
    unsigned long line;
    bool used;                  /* referenced by a rule or another define */
};

/* A language for per-document rule packs. */
struct language {
    char *name;                 /* e.g. "sv" */
};

/* A word that marks a language (lower case). */
struct lang_word {
    const char *word;
    unsigned lang;              /* index into rs->langs */
};

struct heading {
    char *name;                 /* e.g. "sdg" */
    char *file;
    unsigned long line;
};

struct rule_example {
    char *input;
    char **expect;              /* "col=value | col=value" per row */
    size_t n_expect;
    bool counter;               /* must give no row */
    unsigned long line;
};

enum split_kind {
    SPLIT_BOUNDARY,             /* cut at every match of a pattern */
    SPLIT_LISTS,                /* gazetteer segmentation */
};

struct rule_split {
    enum rule_col col;
    enum split_kind kind;
    pcre2_code *re;             /* SPLIT_BOUNDARY */
    size_t lists[8];            /* SPLIT_LISTS: gazetteer indices */
    size_t n_lists;
};

/* A lookup of a column's value in lists: `require` drops the row unless
 * the value is a form in one of the lists, `reject` drops it if it is,
 * `lookup` only records the entry (canonical name and code), and
 * `canonical` replaces a value found by the entry's name ("Kosivs" ->
 * "Kosiv"). */
enum filter_kind {
    FILTER_LOOKUP,
    FILTER_REQUIRE,
    FILTER_REJECT,
    FILTER_CANONICAL,           /* lookup, and write the entry's name */
};

struct rule_filter {
    enum rule_col col;
    enum filter_kind kind;
    bool first_word;            /* `require COLUMN first in ...`: the
                                   value's first word is looked up */
    size_t lists[8];
    size_t n_lists;
};

/* One `needs` line: literals of which one must occur. */
struct rule_needs {
    const char **word;
    size_t *len;
    bool *upper;                /* per word: written with a \p{Lu} suffix
                                   (struct literal); NULL if none is */
    size_t *lit;                /* each word's index in rs->lits */
    size_t n;
    /* A line of more than RULES_NEEDS_SET_MIN words (a list spliced in):
     * bit i set for rs->lits[i] in it, so the matcher can go through the
     * few words a document holds instead of the line's thousand; else
     * NULL. */
    const uint64_t *set;
};

#define RULES_NEEDS_SET_MIN 32

/* A distinct `needs`/`context` word of the whole set: the matcher finds
 * each one once per document, however many rules name it.  With 'upper'
 * (the word written with a \p{Lu} suffix: "\ och\ \p{Lu}") an occurrence
 * counts only where the byte after it may begin an upper-case letter:
 * A-Z, or any character from U+00C0 on (RULES_UPPER_BYTE); the word and
 * its length are without the suffix. */
struct literal {
    const char *word;
    size_t len;
    bool upper;
};

/* May byte c begin an upper-case letter (a \p{Lu} after a needs word)?
 * A-Z, or the first byte of a character from U+00C0 on: no letter below
 * it but A-Z is upper-case.  A superset: å and é pass too. */
#define RULES_UPPER_BYTE(c) \
    (((c) >= 'A' && (c) <= 'Z') || (c) >= 0xC3)

struct rule {
    char *name;
    uint64_t langs;             /* bit i: runs on rs->langs[i]; 0: any */
    char *file;                 /* as given, for messages */
    unsigned long line;         /* of the `rule` line */
    enum rule_table table;
    enum rule_scope scope;
    size_t sections[8];         /* SCOPE_SECTION: heading indices */
    size_t n_sections;
    char *pattern;              /* after %{...} expansion; NULL if its
                                 * code came from the cache unexpanded */
    pcre2_code *re;
    /* The bytes a match can start with, where PCRE2 knows them
     * (first_known; n_first of them): the matcher skips to the first such
     * byte itself, and a window without one costs no PCRE2 call.  An
     * anchored pattern (^, \A) with them (anchored_first): a unit not
     * starting with one of them cannot match. */
    bool first_known;
    bool anchored_first;
    bool first[256];
    unsigned n_first;
    unsigned char first_few[4];     /* the bytes, if n_first <= 4 */
    int *group_col;             /* capture group number -> enum rule_col,
                                   or -1 for unnamed/ignored groups */
    uint32_t n_groups;          /* capture groups + 1 */
    const char *set[COL__COUNT];    /* constant columns, or NULL */
    struct rule_split *splits;
    size_t n_splits;
    struct rule_filter *filters;
    size_t n_filters;
    struct rule_example *examples;
    size_t n_examples;
    /* `needs` lines: the pattern runs only on text holding, for every
     * line, one of its literals (a prefilter; case-sensitive bytes). */
    struct rule_needs *needs;
    size_t n_needs;
    /* `near BYTES`: matches start at most BYTES bytes before a word of the
     * first needs line, and not after it (0: anywhere; compiled with
     * PCRE2_USE_OFFSET_LIMIT). */
    size_t near;
    unsigned long near_line;    /* of the `near` setting, for messages */
    /* `near BYTES window`: a window (the stretch from the start of its
     * matches to its word of the first needs line) is read only if it
     * holds, whole, a word of each other needs line. */
    bool near_window;
    /* `names COL in LIST...` lines instead of a pattern: every run of
     * capitalised words of a unit that the lists of a line know (the
     * gazetteer's scan, gaz_scan()) is a match filling that line's COL;
     * the first line that knows a name takes it.  Each line is also a
     * lookup filter, so the row carries the entry. */
    struct rule_filter names[4];
    size_t n_names;
    /* `context`: like needs, but tested once on the whole document. */
    struct rule_needs *context;
    size_t n_context;
};

struct arena;
struct multilit;

struct jit_once;

struct pcache_pool;

struct rule_set {
    struct arena *mem;          /* owns every string of the set */
    struct pcache_pool *pool;   /* memory of codes from the cache */
    struct arena *list_mem;     /* the keys of lists loaded beside the
                                   compiler (see rules_load()) */
    struct rule *rules;
    size_t n_rules;
    struct gazetteer *lists;
    size_t n_lists;
    struct heading *headings;
    size_t n_headings;
    struct language *langs;
    size_t n_langs;
    struct lang_word *lang_words;
    size_t n_lang_words;
    int32_t lang_hash[1024];        /* open addressing: index + 1 into
                                       lang_words, 0 = empty */
    uint32_t lang_lens[256];        /* bit n set: a language word of n
                                       bytes starts with this (lower-case)
                                       byte; most words are turned down
                                       by it without hashing */
    struct pattern_def *defs;
    size_t n_defs;
    struct literal *lits;       /* every distinct needs/context word */
    size_t n_lits;
    struct multilit *lit_scan;  /* finds all of lits in one pass */
    bool any_upper;             /* some literal has 'upper' */
    bool heading_first[256];    /* bytes a heading line can start with
                                   (after spaces): a cheap prefilter */
    size_t heading_max;         /* longest label in bytes, times 3 (case
                                   folding may change a letter's length):
                                   a longer line needs a colon */
    const char **heading_labels;    /* every label of every heading */
    size_t n_heading_labels;
    /* The same labels by their first byte: those starting with byte c are
     * label_first[label_at[c] .. label_at[c + 1]); a line no label (as
     * written) opens cannot open with glued_first_re. */
    const char **label_first;
    size_t label_at[257];
    pcre2_code *heading_re;     /* a whole heading line: group i + 1 is
                                   heading i, group n_headings + 1 the
                                   inline value after "Label:" */
    pcre2_code *glued_re;       /* a label run into its value with no
                                   space or colon ("Svensk partnerRegion
                                   Västerbotten"): group i + 1 is heading
                                   i; as written, case and all */
    pcre2_code *tail_re;        /* a label a scraper ran onto the end of
                                   the value before it, then a colon or
                                   the line's end: "Digital vård i
                                   glesbygdGlobala mål", "Crisis
                                   preparednessTags: Water, Training" */
    pcre2_code *glued_first_re; /* the same, anchored at the start
                                   offset (JIT does not take
                                   PCRE2_ANCHORED at match time) */
    char *version;              /* hex digest of every rule and list byte */
    struct jit_once *jit;       /* which rules have their JIT code yet */
};

/* Load every *.rules file under 'dir'.  On failure report through diag
 * ("FILE:LINE: what") and return false; rs is then safe to rules_fini(). */
bool rules_load(struct rule_set *rs, const char *dir);
void rules_fini(struct rule_set *rs);

/* Rule r is about to read 'bytes' bytes of text: give its pattern JIT
 * code once it has read 2 KiB (RULES_JIT_AFTER_BYTES) in all and the
 * documents begun (rules_begin_doc()) reach 8 KiB.  Patterns are compiled
 * at load (errors are found there), but JIT-compiled only when a rule has
 * read enough to pay for it: one short article is read by PCRE2's
 * interpreter (the same results under the same limits), and a run never
 * pays for the rules it does not use (another language's).  Safe from
 * several threads at once (the first compiles, under a lock); cheap once
 * done (one atomic load).  True if r's pattern has its JIT code: the
 * caller may then run it with pcre2_jit_match(), which skips
 * pcre2_match()'s checks (the same results). */
bool rules_use(const struct rule_set *rs, const struct rule *r, size_t bytes);

/* A document of 'bytes' bytes is about to be matched: it counts toward
 * the 8 KiB of documents before any JIT compile (rules_use()), and the
 * headings' patterns (heading_re, glued_re, glued_first_re, tail_re) get
 * their JIT code once the documents, this one included, reach 16 KiB;
 * pcre2_match() runs it from then on.  Safe from several threads at once,
 * as rules_use(). */
void rules_begin_doc(const struct rule_set *rs, size_t bytes);

/* Column and table names as rule files and output headers spell them. */
const char *rules_col_name(enum rule_col c);
const char *rules_table_name(enum rule_table t);
/* -1 if unknown. */
int rules_col_lookup(const char *name, size_t len);

/* Index of the byte of w[0..n) least common in Swedish and English text:
 * what a literal search should look for first. */
size_t rules_needs_anchor(const char *w, size_t n);

/* The language whose marker word w[0..n) is, in any case (A-Z and the
 * Latin-1 capitals), or -1: a hash lookup, without copying the word. */
int rules_lang_word_n(const struct rule_set *rs, const char *w, size_t n);

/* The list of page furniture (menu items, "Skip to content") that the
 * documents table never takes a title from: read by resolve, not by a
 * rule. */
#define RULES_LIST_NAVIGATION "navigation"
/* Personal pronouns: a one-word speaker in this list, capitalised at a
 * sentence start ("Hon säger:"), is read as the pronoun (match.c). */
#define RULES_LIST_PRONOUNS "pronouns"
/* Titles and honorifics that may open a captured speaker ("Mr Juma
 * Mfinanga", "Ordfører Ola Nordstrøm"): cut off (match.c). */
#define RULES_LIST_TITLES "titles"
/* Capitalised words that are no names (months, weekdays, menu words):
 * one before a place does not make the place part of a longer name
 * (resolve.c); rules also reject them (`reject ... in stopwords`). */
#define RULES_LIST_STOPWORDS "stopwords"
/* Given names with their usual gender (code f or m), and the gender of
 * each pronoun (pronouns.tsv's code): a pronoun is never resolved to a
 * person whose first name is of the other (resolve.c). */
#define RULES_LIST_FIRSTNAMES "firstnames"
/* Nouns of an unnamed person ("kvinde", "woman"): a paragraph that opens
 * with one after an indefinite article takes the pronoun that follows
 * (resolve.c). */
#define RULES_LIST_UNNAMED "unnamed"

/* Countries: a country's genitive before a place ("Sweden's Botkyrka")
 * does not make the place part of a longer name (resolve.c); rules also
 * reject them as partners. */
#define RULES_LIST_COUNTRIES "countries"
/* Words that name a body, not a person (code `ending`: a last word
 * ending in it, `word`: a last word that is it): no quote's speaker. */
#define RULES_LIST_ORGANISATIONS "organisations"

/* Index of the list called 'name', or -1. */
int rules_list_lookup(const struct rule_set *rs, const char *name);

/* Find where to read rules from: 'opt' (--rules), else $UTDRAG_RULES, else
 * rules/ beside the executable, else the installed data directory.
 * Returns a heap string (caller frees) or NULL after reporting. */
char *rules_default_dir(const char *opt);

#endif
