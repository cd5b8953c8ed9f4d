/*
 * rules.c - stage 3a: parse rule files and gazetteers, expand %{...}
 * references, compile every pattern once (UTF, UCP, JIT).
 *
 * Loading runs in two passes so that files may refer to each other's
 * definitions in any order: pass 1 reads every statement of every file,
 * pass 2 loads the lists, builds the heading matcher and compiles rules.
 * Every string a rule set owns lives in its arena; PCRE2 codes are freed
 * one by one in rules_fini().
 */
/* SPDX-License-Identifier: MIT */
#include "rules.h"

#include <ctype.h>
#include <errno.h>
#include <limits.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "arena.h"
#include "decode.h"
#include "diag.h"
#include "fsutil.h"
#include "hash.h"
#include "multilit.h"
#include "normalize.h"
#include "pcache.h"
#include "xalloc.h"

#define RULES_MAX_FILE (16u << 20)
/* UTF + UCP: Unicode classes; DUPNAMES: alternatives may fill one column;
 * NEVER_BACKSLASH_C: \C would cut characters in two. */
/* Rules whose pattern has its JIT code: see rules_use(). */
enum { JIT_FAILED = 1, JIT_READY = 2 };

/* Locks of the JIT compiles, one per rule index modulo JIT_LOCKS: two
 * threads compile two rules at once (a compile costs some 5 million
 * instructions; 144 of them were a third of a 1 MB batch), never one rule
 * twice. */
#define JIT_LOCKS 16

struct jit_once {
    pthread_mutex_t mu[JIT_LOCKS];
    atomic_uchar *done;         /* per rule: JIT_READY once JIT-compiled,
                                   JIT_FAILED if that was tried and failed,
                                   0 before */
    atomic_size_t *seen;        /* per rule: bytes matched without JIT */
    atomic_size_t doc_bytes;    /* of the documents begun (rules_begin_doc) */
};

/* A rule is JIT-compiled once it has read this much text.  Measured with
 * callgrind on the bench corpus: compiling one shipped pattern costs about
 * 1.5 million instructions, and the interpreter about 600 per byte, so
 * compiling pays after some 2.4 KB (8 KB here cost 2.3% of a 20 MB run).
 * One short article (start-up) is still read by the interpreter. */
#define RULES_JIT_AFTER_BYTES 2048
/* ... and no rule is JIT-compiled before the documents begun reach this
 * many bytes: a rule reads a short article in several windows (a persons
 * rule around each name), so one article of 1.9 KB passed the threshold
 * above in dozens of rules, and their JIT compiles were 10 of its 68
 * million instructions of start-up.  A batch reaches it in its first few
 * articles (a long article at once). */
#define RULES_JIT_WARM_BYTES (8u * 1024u)
/* The headings' four patterns (rules_begin_doc()) are JIT-compiled once
 * documents of this many bytes in all were read without: compiling them
 * costs about 3.9 million instructions, and interpreting them some 250 a
 * byte of text (they run on the few lines that may be labels), so one
 * short article (start-up) is read by the interpreter: 50.6 -> 47.1
 * million instructions for it. */
#define RULES_LABELS_JIT_AFTER_BYTES (16u * 1024u)

#define RULES_PCRE2_OPTIONS \
    (PCRE2_UTF | PCRE2_UCP | PCRE2_DUPNAMES | PCRE2_NEVER_BACKSLASH_C)
#define EXPAND_MAX_DEPTH 32
/* One pattern line after %{NAME} expansion (lists are spliced in later
 * and not counted).  The shipped rules expand to at most 7 KB; a define
 * used twice in the next one doubles, so thirty of them would ask for
 * gigabytes: expansion stops at this size and the rule is an error. */
#define EXPAND_MAX_BYTES (256u << 10)

static const char *const col_names[COL__COUNT] = {
    [COL_SWEDISH_PARTNER] = "swedish_partner",
    [COL_PARTNER] = "partner",
    [COL_AREA] = "area",
    [COL_QUOTE] = "quote",
    [COL_SPEAKER] = "speaker",
    [COL_ROLE] = "role",
    [COL_ORG] = "org",
    [COL_PARTY] = "party",
    [COL_TAG] = "tag",
    [COL_VALUE] = "value",
    [COL_CODE] = "code",
    [COL_STYLE] = "style",
    [COL_TRIGGER] = "trigger",
    [COL_COUNTRY] = "country",
    [COL_MARK] = "mark",
};

static const char *const table_names[TAB__COUNT] = {
    [TAB_PAIRS] = "pairs",
    [TAB_QUOTES] = "quotes",
    [TAB_TAGS] = "tags",
    [TAB_PERSONS] = "persons",
    [TAB_CANDIDATES] = "candidates",
    [TAB_MENTIONS] = "mentions",
};

const char *rules_col_name(enum rule_col c)
{
    return (unsigned)c < COL__COUNT ? col_names[c] : "?";
}

const char *rules_table_name(enum rule_table t)
{
    return (unsigned)t < TAB__COUNT ? table_names[t] : "?";
}

int rules_col_lookup(const char *name, size_t len)
{
    for (int i = 0; i < COL__COUNT; i++)
        if (strlen(col_names[i]) == len && memcmp(col_names[i], name, len) == 0)
            return i;
    return -1;
}

static int table_lookup(const char *name)
{
    for (int i = 0; i < TAB__COUNT; i++)
        if (strcmp(table_names[i], name) == 0)
            return i;
    return -1;
}

/* ---- parse state ------------------------------------------------------ */

struct define {
    char *name;
    char *pattern;
    char *file;
    unsigned long line;
    int state;                  /* expansion: 0 new, 1 in progress */
    bool used;
    /* Its expansion, kept after the first (expand(), not in call mode):
     * a define like a speech-verb lexicon is in dozens of patterns.
     * memo_lists: a list is spliced in it; memo_height: how deep its
     * references nest.  memo NULL: not expanded yet. */
    char *memo;
    size_t memo_len;
    bool memo_lists;
    int memo_height;
    /* Its cache key (key_expand()): a hash of its expansion, computed
     * from the texts alone; key_height: how deep its references nest
     * (1: none).  key_height 0: not computed yet. */
    uint64_t key_hash;
    int key_height;
};

/* Raw text of a rule's indented lines, kept until pass 2. */
struct raw_line {
    char *key;
    char *val;
    unsigned long line;
};

struct raw_rule {
    struct raw_line *lines;
    size_t n, cap;
};

struct raw_heading {
    char **labels;
    size_t n_labels;
};

struct raw_list {
    char *path;
    unsigned long line;
    char *file;
};

struct sbuf {
    char *s;
    size_t len, cap;
};

static void sb_add(struct sbuf *b, const char *s, size_t n)
{
    if (b->len + n + 1 > b->cap) {
        b->cap = (b->len + n + 1) * 2;
        b->s = xrealloc(b->s, b->cap);
    }
    memcpy(b->s + b->len, s, n);
    b->len += n;
    b->s[b->len] = '\0';
}

struct loader {
    struct rule_set *rs;
    struct arena *mem;          /* rs's arena: lives as long as rs */
    struct define *defs;
    size_t n_defs, cap_defs;
    struct raw_rule *raw;       /* parallel to rs->rules */
    size_t cap_rules;
    struct raw_heading *raw_headings;
    size_t cap_headings;
    struct raw_list *raw_lists;
    size_t cap_lists;
    uint64_t hash;
    struct pcache *pc;          /* compiled patterns of earlier loads */
    /* Call mode of expand() (called_pattern()): a large define is a call
     * (?&_Dn) of one copy in a (?(DEFINE)...) group at the pattern's end;
     * want[n] says define n is called. */
    bool subr;
    bool *want;
    /* The words of each define a needs word named (needs_define()):
     * `\ %{SAYS_SV}\ ` is on a dozen rules, expanded once. */
    struct needs_memo *memo;
    size_t n_memo;
    int depth_seen;             /* expand(): the deepest nesting reached */
    /* Each list's alternation, built once (splice_lists()): the same
     * list is spliced into dozens of patterns.  NULL: not built yet. */
    struct sbuf *alt;
    uint64_t *alt_hash;         /* of each alt[] built */
    /* Buffers kept from rule to rule (compile_rule()): patterns reach
     * 128 KB, and fresh memory costs a page fault a page. */
    struct sbuf scratch_pat, scratch_line, scratch_key;
};

static void hash_bytes(uint64_t *h, const void *p, size_t n)
{
    *h = fnv1a64_wide(*h, p, n);
}

/* Strip white space at both ends; an escaped final space ("\\ ", a
 * pattern's literal space) is kept. */
static char *trim(char *s)
{
    while (*s == ' ' || *s == '\t')
        s++;
    size_t n = strlen(s);
    while (n && (s[n - 1] == ' ' || s[n - 1] == '\t' || s[n - 1] == '\n' ||
                 s[n - 1] == '\r')) {
        if (s[n - 1] == ' ' && n >= 2 && s[n - 2] == '\\')
            break;
        s[--n] = '\0';
    }
    return s;
}

/* Split "word rest" into word and trimmed rest (rest may be ""). */
static char *split_word(char *s, char **rest)
{
    char *w = s;
    while (*s && *s != ' ' && *s != '\t')
        s++;
    if (*s) {
        *s++ = '\0';
        s = trim(s);
    }
    *rest = s;
    return w;
}

static bool valid_ident(const char *s)
{
    if (!isalpha((unsigned char)*s) && *s != '_')
        return false;
    for (; *s; s++)
        if (!isalnum((unsigned char)*s) && *s != '_' && *s != '-')
            return false;
    return true;
}

static struct define *find_define(struct loader *ld, const char *name,
                                  size_t len)
{
    for (size_t i = 0; i < ld->n_defs; i++)
        if (strlen(ld->defs[i].name) == len &&
            memcmp(ld->defs[i].name, name, len) == 0)
            return &ld->defs[i];
    return NULL;
}

/* Rough frequency rank of bytes in Swedish and English text (higher =
 * more common). */
static int byte_rank(unsigned char c)
{
    static const char common[] = " eantrsildoökmgvhäfupåbcy,.\n";
    const char *p = c ? strchr(common, c) : NULL;
    if (p)
        return 100 - (int)(p - common);
    if (c == 0xC3)
        return 60;              /* the lead byte of å ä ö é ...: common */
    return c >= 0x80 ? 10 : 0;  /* continuation bytes vary */
}

size_t rules_needs_anchor(const char *w, size_t n)
{
    size_t at = 0;
    for (size_t i = 1; i < n; i++)
        if (byte_rank((unsigned char)w[i]) < byte_rank((unsigned char)w[at]))
            at = i;
    return at;
}

int rules_list_lookup(const struct rule_set *rs, const char *name)
{
    for (size_t i = 0; i < rs->n_lists; i++)
        if (strcmp(rs->lists[i].name, name) == 0)
            return (int)i;
    return -1;
}

static int heading_lookup(const struct rule_set *rs, const char *name)
{
    for (size_t i = 0; i < rs->n_headings; i++)
        if (strcmp(rs->headings[i].name, name) == 0)
            return (int)i;
    return -1;
}

static int lang_lookup(const struct rule_set *rs, const char *name)
{
    for (size_t i = 0; i < rs->n_langs; i++)
        if (strcmp(rs->langs[i].name, name) == 0)
            return (int)i;
    return -1;
}

static int rule_lookup(const struct rule_set *rs, const char *name)
{
    for (size_t i = 0; i < rs->n_rules; i++)
        if (strcmp(rs->rules[i].name, name) == 0)
            return (int)i;
    return -1;
}

static void regex_escape_append(char **buf, size_t *len, size_t *cap,
                                 const char *s)
{
    for (; *s; s++) {
        if (*len + 3 > *cap) {
            *cap = *cap ? *cap * 2 : 4096;
            *buf = xrealloc(*buf, *cap);
        }
        if (strchr("\\^$.|?*+()[]{}", *s))
            (*buf)[(*len)++] = '\\';
        if (*s == ' ') {
            /* One space in a list matches any run of spaces. */
            memcpy(*buf + *len, " +", 2);
            *len += 2;
            continue;
        }
        (*buf)[(*len)++] = *s;
    }
}

static pcre2_code *compile_re(struct loader *ld, const char *pat,
                              const char *file, unsigned long line,
                              const char *rule, const char *what)
{
    int code;
    PCRE2_SIZE off;
    /* DUPNAMES: alternatives may fill the same column ("role" before or
     * after the name); match.c joins groups of one name that both match. */
    pcre2_code *re = pcache_compile(ld->pc, pat, strlen(pat),
                                    RULES_PCRE2_OPTIONS, &code, &off);
    if (!re) {
        PCRE2_UCHAR msg[256];
        pcre2_get_error_message(code, msg, sizeof msg);
        diag_error_at(file, line, 0, "rule %s: %s%s at offset %zu", rule,
                      what, (char *)msg, (size_t)off);
        return NULL;
    }
    /* JIT is an optimisation: without it (e.g. unsupported CPU) the
     * interpreter runs the same pattern under the same limits. */
    pcre2_jit_compile(re, PCRE2_JIT_COMPLETE);
    return re;
}

/* ---- pass 1: statements ---------------------------------------------- */

static bool parse_define(struct loader *ld, const char *file,
                         unsigned long line, char *rest)
{
    char *pat;
    char *name = split_word(rest, &pat);

    if (!valid_ident(name) || !*pat) {
        diag_error_at(file, line, 0, "expected 'define NAME PATTERN'");
        return false;
    }
    if (strncmp(name, "list:", 5) == 0 || find_define(ld, name, strlen(name))) {
        diag_error_at(file, line, 0, "pattern %s defined twice", name);
        return false;
    }
    if (ld->n_defs == ld->cap_defs) {
        ld->cap_defs = ld->cap_defs ? ld->cap_defs * 2 : 32;
        ld->defs = xreallocarray(ld->defs, ld->cap_defs, sizeof *ld->defs);
    }
    ld->defs[ld->n_defs++] = (struct define){
        .name = arena_strdup(ld->mem, name),
        .pattern = arena_strdup(ld->mem, pat),
        .file = arena_strdup(ld->mem, file),
        .line = line,
    };
    return true;
}

static bool parse_list(struct loader *ld, const char *file,
                       unsigned long line, char *rest, const char *base)
{
    struct rule_set *rs = ld->rs;
    char *path;
    char *name = split_word(rest, &path);

    if (!valid_ident(name) || !*path) {
        diag_error_at(file, line, 0, "expected 'list NAME FILE.tsv'");
        return false;
    }
    if (rules_list_lookup(rs, name) >= 0) {
        diag_error_at(file, line, 0, "list %s defined twice", name);
        return false;
    }
    if (rs->n_lists == ld->cap_lists) {
        ld->cap_lists = ld->cap_lists ? ld->cap_lists * 2 : 16;
        rs->lists = xreallocarray(rs->lists, ld->cap_lists, sizeof *rs->lists);
        ld->raw_lists = xreallocarray(ld->raw_lists, ld->cap_lists,
                                      sizeof *ld->raw_lists);
    }
    memset(&rs->lists[rs->n_lists], 0, sizeof rs->lists[0]);
    rs->lists[rs->n_lists].name = arena_strdup(ld->mem, name);
    rs->lists[rs->n_lists].path =
        path[0] == '/' ? arena_strdup(ld->mem, path)
                       : arena_printf(ld->mem, "%s/%s", base, path);
    rs->lists[rs->n_lists].file = arena_strdup(ld->mem, file);
    rs->lists[rs->n_lists].line = line;
    ld->raw_lists[rs->n_lists] = (struct raw_list){
        .path = rs->lists[rs->n_lists].path,
        .line = line,
        .file = arena_strdup(ld->mem, file),
    };
    rs->n_lists++;
    return true;
}

static bool parse_heading(struct loader *ld, const char *file,
                          unsigned long line, char *rest)
{
    struct rule_set *rs = ld->rs;
    char *labels;
    char *name = split_word(rest, &labels);

    if (!valid_ident(name) || !*labels) {
        diag_error_at(file, line, 0,
                      "expected 'heading NAME Label | Label ...'");
        return false;
    }
    if (heading_lookup(rs, name) >= 0) {
        diag_error_at(file, line, 0, "heading %s defined twice", name);
        return false;
    }
    if (rs->n_headings == ld->cap_headings) {
        ld->cap_headings = ld->cap_headings ? ld->cap_headings * 2 : 16;
        rs->headings = xreallocarray(rs->headings, ld->cap_headings,
                                     sizeof *rs->headings);
        ld->raw_headings = xreallocarray(ld->raw_headings, ld->cap_headings,
                                         sizeof *ld->raw_headings);
    }
    struct raw_heading *rh = &ld->raw_headings[rs->n_headings];
    memset(rh, 0, sizeof *rh);
    for (char *p = labels; p;) {
        char *bar = strchr(p, '|');
        if (bar)
            *bar = '\0';
        char *l = trim(p);
        if (*l) {
            rh->labels = arena_grow(ld->mem, rh->labels, rh->n_labels,
                                    rh->n_labels + 1, sizeof *rh->labels);
            rh->labels[rh->n_labels++] = arena_strdup(ld->mem, l);
        }
        p = bar ? bar + 1 : NULL;
    }
    rs->headings[rs->n_headings++] = (struct heading){
        .name = arena_strdup(ld->mem, name),
        .file = arena_strdup(ld->mem, file),
        .line = line,
    };
    return true;
}

/* Lower-case A-Z and the Latin-1 capitals of s in place. */
static void lower_word(char *s)
{
    for (unsigned char *p = (unsigned char *)s; *p; p++) {
        if (*p >= 'A' && *p <= 'Z')
            *p = (unsigned char)(*p + 32);
        else if (*p == 0xC3 && p[1] >= 0x80 && p[1] <= 0x9E && p[1] != 0x97)
            *++p += 0x20;       /* À-Þ -> à-þ */
    }
}

/* language NAME word | word | ... : the words that identify it.  Words
 * are single words, compared in lower case (see rules_lang_word_n()). */
static bool parse_language(struct loader *ld, const char *file,
                           unsigned long line, char *rest)
{
    struct rule_set *rs = ld->rs;
    char *words;
    char *name = split_word(rest, &words);
    char *save = NULL;

    if (!valid_ident(name) || !*words) {
        diag_error_at(file, line, 0, "expected 'language NAME word | word'");
        return false;
    }
    if (lang_lookup(rs, name) >= 0) {
        diag_error_at(file, line, 0, "language %s defined twice", name);
        return false;
    }
    rs->langs = xreallocarray(rs->langs, rs->n_langs + 1, sizeof *rs->langs);
    rs->langs[rs->n_langs].name = arena_strdup(ld->mem, name);
    for (char *w = strtok_r(words, "|", &save); w;
         w = strtok_r(NULL, "|", &save)) {
        w = trim(w);
        if (!*w)
            continue;
        if (strpbrk(w, " \t")) {
            diag_error_at(file, line, 0, "language %s: '%s' is not one word",
                          name, w);
            return false;
        }
        rs->lang_words = xreallocarray(rs->lang_words, rs->n_lang_words + 1,
                                       sizeof *rs->lang_words);
        char *lw = arena_strdup(ld->mem, w);
        lower_word(lw);
        rs->lang_words[rs->n_lang_words++] = (struct lang_word){
            lw, (unsigned)rs->n_langs,
        };
    }
    rs->n_langs++;
    return true;
}



/* Lower-case byte i of w (as lower_word() does). */
static unsigned char lower_at(const unsigned char *w, size_t i)
{
    unsigned char c = w[i];
    if (c >= 'A' && c <= 'Z')
        return (unsigned char)(c + 32);
    if (i > 0 && w[i - 1] == 0xC3 && c >= 0x80 && c <= 0x9E && c != 0x97)
        return (unsigned char)(c + 0x20);
    /* Cyrillic capitals (valid UTF-8: a lead byte D0 has its second
     * byte): U+0400-040F -> U+0450-045F (Є, І, Ї), U+0410-041F ->
     * U+0430-043F, U+0420-042F -> U+0440-044F ("Для" is "для"). */
    if (c == 0xD0 && ((w[i + 1] >= 0x80 && w[i + 1] <= 0x8F) ||
                      (w[i + 1] >= 0xA0 && w[i + 1] <= 0xAF)))
        return 0xD1;
    if (i > 0 && w[i - 1] == 0xD0) {
        if (c >= 0x80 && c <= 0x8F)
            return (unsigned char)(c + 0x10);
        if (c >= 0x90 && c <= 0x9F)
            return (unsigned char)(c + 0x20);
        if (c >= 0xA0 && c <= 0xAF)
            return (unsigned char)(c - 0x20);
    }
    return c;
}

static uint32_t lang_hash(const char *w, size_t n)
{
    uint32_t h = 2166136261u;
    for (size_t i = 0; i < n; i++) {
        h ^= lower_at((const unsigned char *)w, i);
        h *= 16777619u;
    }
    return h;
}

static void build_lang_hash(struct rule_set *rs)
{
    const size_t size = sizeof rs->lang_hash / sizeof *rs->lang_hash;
    for (size_t i = 0; i < rs->n_lang_words && i < size / 2; i++) {
        const char *w = rs->lang_words[i].word;
        size_t n = strlen(w);
        if (n < 32)
            rs->lang_lens[(unsigned char)w[0]] |= UINT32_C(1) << n;
        size_t slot = lang_hash(w, n) & (size - 1);
        while (rs->lang_hash[slot])
            slot = (slot + 1) & (size - 1);
        rs->lang_hash[slot] = (int32_t)i + 1;
    }
}

int rules_lang_word_n(const struct rule_set *rs, const char *w, size_t n)
{
    const size_t size = sizeof rs->lang_hash / sizeof *rs->lang_hash;
    if (n < 32 && !(rs->lang_lens[lower_at((const unsigned char *)w, 0)] >>
                    n & 1))
        return -1;
    size_t slot = lang_hash(w, n) & (size - 1);
    for (; rs->lang_hash[slot]; slot = (slot + 1) & (size - 1)) {
        const struct lang_word *lw = &rs->lang_words[rs->lang_hash[slot] - 1];
        size_t k = 0;
        while (k < n && lw->word[k] &&
               (unsigned char)lw->word[k] == lower_at((const unsigned char *)w, k))
            k++;
        if (k == n && !lw->word[k])
            return (int)lw->lang;
    }
    return -1;
}


static bool start_rule(struct loader *ld, const char *file,
                       unsigned long line, char *rest)
{
    struct rule_set *rs = ld->rs;
    char *extra;
    char *name = split_word(rest, &extra);

    if (!valid_ident(name) || *extra) {
        diag_error_at(file, line, 0, "expected 'rule NAME'");
        return false;
    }
    if (rule_lookup(rs, name) >= 0) {
        diag_error_at(file, line, 0, "rule %s defined twice", name);
        return false;
    }
    if (rs->n_rules == ld->cap_rules) {
        ld->cap_rules = ld->cap_rules ? ld->cap_rules * 2 : 32;
        rs->rules = xreallocarray(rs->rules, ld->cap_rules, sizeof *rs->rules);
        ld->raw = xreallocarray(ld->raw, ld->cap_rules, sizeof *ld->raw);
    }
    memset(&rs->rules[rs->n_rules], 0, sizeof rs->rules[0]);
    memset(&ld->raw[rs->n_rules], 0, sizeof ld->raw[0]);
    rs->rules[rs->n_rules].name = arena_strdup(ld->mem, name);
    rs->rules[rs->n_rules].file = arena_strdup(ld->mem, file);
    rs->rules[rs->n_rules].line = line;
    rs->rules[rs->n_rules].table = TAB__COUNT;
    rs->n_rules++;
    return true;
}

static void add_raw_line(struct loader *ld, char *key, char *val,
                         unsigned long line)
{
    struct raw_rule *rr = &ld->raw[ld->rs->n_rules - 1];
    if (rr->n == rr->cap) {
        rr->cap = rr->cap ? rr->cap * 2 : 8;
        rr->lines = xreallocarray(rr->lines, rr->cap, sizeof *rr->lines);
    }
    rr->lines[rr->n++] = (struct raw_line){
        .key = arena_strdup(ld->mem, key),
        .val = arena_strdup(ld->mem, val),
        .line = line,
    };
}

/* Read one rule file: top-level statements start in column 0, a rule's
 * settings are indented. */
static bool parse_file(struct loader *ld, const char *path, const char *base)
{
    size_t len = 0;
    char *text = NULL;
    bool in_rule = false;
    unsigned long lineno = 0;
    int fd;
    struct stat st;

    /* Never a FIFO, device or socket named *.rules: reading one could wait
     * forever. */
    switch (fs_open_file(path, &fd, &st)) {
    case FS_OPEN_OK:
        text = fs_read_fd(fd, RULES_MAX_FILE, &len);
        break;
    case FS_OPEN_NOT_REGULAR:
        diag_error("%s: not a regular file (%s)", path, fs_kind(st.st_mode));
        return false;
    case FS_OPEN_FAILED:
        break;
    }
    if (!text) {
        diag_error("%s: %s", path, strerror(errno));
        return false;
    }
    /* Rule files are UTF-8: a value they set lands in a table, and the
     * tables are UTF-8. */
    size_t bad;
    if (!decode_valid_utf8((const unsigned char *)text, len, &bad)) {
        unsigned long line = 1;
        for (size_t i = 0; i < bad; i++)
            line += text[i] == '\n';
        diag_error_at(path, line, 0, "invalid UTF-8 (byte offset %zu): rule "
                      "files are UTF-8", bad);
        free(text);
        return false;
    }
    hash_bytes(&ld->hash, path + strlen(base), strlen(path + strlen(base)));
    hash_bytes(&ld->hash, text, len);
    bool ok = true;
    for (char *p = text; ok && p < text + len;) {
        char *nl = memchr(p, '\n', (size_t)(text + len - p));
        char *end = nl ? nl : text + len;
        *end = '\0';
        char *raw = p;
        p = end + 1;
        lineno++;
        if (strlen(raw) != (size_t)(end - raw)) {
            diag_error_at(path, lineno, 0, "NUL byte in rule file");
            ok = false;
            break;
        }
        /* Control characters have no place in a rule file (write \x01 in
         * a pattern), and 0x01 is the expander's own marker. */
        for (const unsigned char *q = (const unsigned char *)raw; *q; q++)
            if ((*q < 0x20 && *q != '\t' && *q != '\r') || *q == 0x7F) {
                diag_error_at(path, lineno, 0, "control character 0x%02X in "
                              "rule file", *q);
                ok = false;
                break;
            }
        if (!ok)
            break;
        bool indented = raw[0] == ' ' || raw[0] == '\t';
        char *s = trim(raw);
        if (!*s || *s == '#')
            continue;
        char *rest;
        char *kw = split_word(s, &rest);
        if (indented) {
            if (!in_rule) {
                diag_error_at(path, lineno, 0,
                              "indented line outside a rule");
                ok = false;
            } else {
                add_raw_line(ld, kw, rest, lineno);
            }
            continue;
        }
        in_rule = false;
        if (strcmp(kw, "define") == 0) {
            ok = parse_define(ld, path, lineno, rest);
        } else if (strcmp(kw, "list") == 0) {
            ok = parse_list(ld, path, lineno, rest, base);
        } else if (strcmp(kw, "heading") == 0) {
            ok = parse_heading(ld, path, lineno, rest);
        } else if (strcmp(kw, "language") == 0) {
            ok = parse_language(ld, path, lineno, rest);
        } else if (strcmp(kw, "rule") == 0) {
            ok = start_rule(ld, path, lineno, rest);
            in_rule = ok;
        } else {
            diag_error_at(path, lineno, 0,
                          "unknown statement '%s' (expected define, list, "
                          "heading, language or rule)", kw);
            ok = false;
        }
    }
    free(text);
    return ok;
}

/* ---- gazetteers: loaded by gazetteer.c ------------------------------ */

static int cmp_form_len_desc(const void *a, const void *b)
{
    const struct gaz_form *x = *(const struct gaz_form *const *)a;
    const struct gaz_form *y = *(const struct gaz_form *const *)b;
    size_t lx = strlen(x->text), ly = strlen(y->text);
    if (lx != ly)
        return lx > ly ? -1 : 1;
    return strcmp(x->text, y->text);
}

/* ---- pattern expansion ------------------------------------------------ */

/* Append 'pat' to b with every %{NAME} and %{list:NAME} replaced.  Errors
 * name the statement (file:line) where the bad reference is written.  If
 * b grows past EXPAND_MAX_BYTES, stop, set *too_big and return false
 * without a message: the caller names the rule. */
/* Does s[0, n) leave the pattern in a plain context: inside no
 * lookbehind, no group with inline options ("(?i:", "(?:(?i)..."), and
 * after no options set at the top level past its start?  A call made there
 * matches as the define's text would inline: a called group keeps the
 * options of the place it is defined, and a lookbehind needs a fixed
 * length. */
static bool plain_context(const char *s, size_t n)
{
    enum { DEPTH_MAX = 256 };
    unsigned char kind[DEPTH_MAX];     /* 1: lookbehind or options */
    size_t depth = 0;

    for (size_t i = 0; i < n; i++) {
        char c = s[i];
        if (c == '\\') {
            i++;
        } else if (c == '[') {          /* a class: to its closing ] */
            size_t j = i + 1;
            if (j < n && s[j] == '^')
                j++;
            if (j < n && s[j] == ']')
                j++;
            while (j < n && s[j] != ']') {
                if (s[j] == '\\')
                    j++;
                else if (s[j] == '[' && j + 1 < n && s[j + 1] == ':') {
                    const char *e = strstr(s + j + 2, ":]");
                    if (e && (size_t)(e - s) < n)
                        j = (size_t)(e - s) + 1;
                }
                j++;
            }
            i = j;
        } else if (c == '(') {
            unsigned char k = 0;
            if (i + 2 < n && s[i + 1] == '?') {
                char d = s[i + 2];
                if (d == '<' && i + 3 < n && (s[i + 3] == '=' || s[i + 3] == '!'))
                    k = 1;
                else if ((d >= 'a' && d <= 'z') || (d >= 'A' && d <= 'Z') ||
                         d == '-' || d == '^') {
                    size_t j = i + 2;
                    while (j < n && ((s[j] >= 'a' && s[j] <= 'z') ||
                                     (s[j] >= 'A' && s[j] <= 'Z') ||
                                     s[j] == '-' || s[j] == '^'))
                        j++;
                    if (j < n && s[j] == ')') {  /* options from here on */
                        if (depth == 0 && i > 0)
                            return false;
                        if (depth > 0 && depth <= DEPTH_MAX)
                            kind[depth - 1] = 1;
                        i = j;
                        continue;
                    }
                    if (j < n && s[j] == ':')
                        k = 1;
                }
            }
            if (depth < DEPTH_MAX)
                kind[depth] = k;
            depth++;
        } else if (c == ')' && depth > 0) {
            depth--;
        }
    }
    if (depth > DEPTH_MAX)
        return false;
    for (size_t k = 0; k < depth; k++)
        if (kind[k])
            return false;
    return true;
}

/* Does define d hold no named group (a called group's captures are gone
 * when it returns), no back reference and no call of its own, itself or
 * through the defines it uses? */
static bool capture_free(struct loader *ld, const struct define *d,
                         int depth)
{
    const char *p = d->pattern;
    if (depth > EXPAND_MAX_DEPTH)
        return false;
    for (const char *q = p; (q = strchr(q, '(')) != NULL; q++)
        if (q[1] == '?' && ((q[2] == '<' && q[3] != '=' && q[3] != '!') ||
                            q[2] == 'P' || q[2] == '\'' || q[2] == '&' ||
                            q[2] == 'R' || (q[2] >= '0' && q[2] <= '9')))
            return false;
    if (strstr(p, "\\k") || strstr(p, "\\g"))
        return false;
    for (const char *q = p; (q = strstr(q, "%{")) != NULL; q += 2) {
        const char *close = strchr(q, '}');
        if (!close)
            return false;
        size_t nlen = (size_t)(close - q - 2);
        if (nlen > 5 && memcmp(q + 2, "list:", 5) == 0)
            continue;
        const struct define *e = find_define(ld, q + 2, nlen);
        if (!e || !capture_free(ld, e, depth + 1))
            return false;
    }
    return true;
}

/* May define d be called rather than copied (long enough to matter)? */
static bool callable(struct loader *ld, const struct define *d)
{
    return strlen(d->pattern) >= 40 && capture_free(ld, d, 0);
}

static bool expand(struct loader *ld, const char *pat, const char *file,
                   unsigned long line, int depth, struct sbuf *b,
                   bool *used_list, bool *too_big)
{
    const char *p = pat;
    if (depth > EXPAND_MAX_DEPTH) {
        diag_error_at(file, line, 0, "pattern references nest too deep");
        return false;
    }
    while (*p) {
        if (b->len > EXPAND_MAX_BYTES) {
            *too_big = true;
            return false;
        }
        const char *ref = strstr(p, "%{");
        if (!ref) {
            sb_add(b, p, strlen(p));
            break;
        }
        /* "\%{" stays literal. */
        if (ref > pat && ref[-1] == '\\') {
            sb_add(b, p, (size_t)(ref - p - 1));
            sb_add(b, "%{", 2);
            p = ref + 2;
            continue;
        }
        sb_add(b, p, (size_t)(ref - p));
        const char *close = strchr(ref, '}');
        if (!close) {
            diag_error_at(file, line, 0, "unterminated %%{ reference");
            return false;
        }
        const char *name = ref + 2;
        size_t nlen = (size_t)(close - name);
        p = close + 1;
        if (nlen > 5 && memcmp(name, "list:", 5) == 0) {
            char lname[128];
            if (nlen - 5 >= sizeof lname) {
                diag_error_at(file, line, 0, "list name too long");
                return false;
            }
            memcpy(lname, name + 5, nlen - 5);
            lname[nlen - 5] = '\0';
            int li = rules_list_lookup(ld->rs, lname);
            if (li < 0) {
                diag_error_at(file, line, 0, "undefined list '%s'", lname);
                return false;
            }
            ld->rs->lists[li].used = true;
            *used_list = true;
            /* Reference by index; spliced in after lists are loaded. */
            char tmp[64];
            int n = snprintf(tmp, sizeof tmp, "\x01%d\x01", li);
            sb_add(b, tmp, (size_t)n);
            continue;
        }
        struct define *d = find_define(ld, name, nlen);
        if (!d) {
            diag_error_at(file, line, 0, "undefined pattern '%%{%.*s}'",
                          (int)nlen, name);
            return false;
        }
        if (d->state == 1) {
            diag_error_at(file, line, 0,
                          "pattern '%s' refers to itself (recursive "
                          "reference)", d->name);
            return false;
        }
        d->used = true;
        if (ld->subr && callable(ld, d) && plain_context(b->s, b->len)) {
            size_t di = (size_t)(d - ld->defs);
            char tmp[32];
            int n = snprintf(tmp, sizeof tmp, "(?&_D%zu)", di);
            sb_add(b, tmp, (size_t)n);
            ld->want[di] = true;
            continue;
        }
        if (!ld->subr && d->memo &&
            depth + 1 + d->memo_height <= EXPAND_MAX_DEPTH) {
            sb_add(b, d->memo, d->memo_len);
            *used_list |= d->memo_lists;
            if (ld->depth_seen < depth + 1 + d->memo_height)
                ld->depth_seen = depth + 1 + d->memo_height;
            continue;
        }
        d->state = 1;
        size_t from = b->len;
        int outer = ld->depth_seen;
        bool lists = false;
        ld->depth_seen = depth + 1;
        sb_add(b, "(?:", 3);
        bool ok = expand(ld, d->pattern, d->file, d->line, depth + 1, b,
                         &lists, too_big);
        sb_add(b, ")", 1);
        d->state = 0;
        *used_list |= lists;
        if (ok && !ld->subr && !d->memo) {
            d->memo_len = b->len - from;
            d->memo = xmalloc(d->memo_len + 1);
            memcpy(d->memo, b->s + from, d->memo_len + 1);
            d->memo_lists = lists;
            d->memo_height = ld->depth_seen - (depth + 1);
        }
        if (ld->depth_seen < outer)
            ld->depth_seen = outer;
        if (!ok)
            return false;
    }
    if (b->len > EXPAND_MAX_BYTES) {
        *too_big = true;
        return false;
    }
    return true;
}

/* expand() for a line of rule 'rule' at file:line; 'what' names the
 * pattern in the message ("pattern", "split pattern"). */
static bool expand_rule_line(struct loader *ld, const char *pat,
                             const char *file, unsigned long line,
                             const char *rule, const char *what,
                             struct sbuf *b, bool *used_list)
{
    bool too_big = false;

    if (expand(ld, pat, file, line, 0, b, used_list, &too_big))
        return true;
    if (too_big)
        diag_error_at(file, line, 0, "%s of rule %s expands to more than "
                      "%u bytes", what, rule, EXPAND_MAX_BYTES);
    return false;
}

/* Append to b one non-capturing alternation of every form of the given
 * lists, longest first, so the first alternative that matches at a
 * position is the longest form there. */
static void append_alternation(struct loader *ld, struct sbuf *b,
                               const size_t *lists, size_t n_lists)
{
    size_t total = 0, k = 0, len = 0, cap = 0;
    char *alt = NULL;

    for (size_t i = 0; i < n_lists; i++)
        total += ld->rs->lists[lists[i]].n_forms;
    const struct gaz_form **order = xcalloc(total, sizeof *order);
    for (size_t i = 0; i < n_lists; i++) {
        const struct gazetteer *g = &ld->rs->lists[lists[i]];
        for (size_t j = 0; j < g->n_forms; j++)
            order[k++] = &g->forms[j];
    }
    qsort(order, total, sizeof *order, cmp_form_len_desc);
    sb_add(b, "(?:", 3);
    for (size_t i = 0; i < total; i++) {
        /* (Two entries may share a spelling: one alternative.) */
        if (i && strcmp(order[i]->text, order[i - 1]->text) == 0)
            continue;
        len = 0;
        regex_escape_append(&alt, &len, &cap, order[i]->text);
        if (i)
            sb_add(b, "|", 1);
        sb_add(b, alt, len);
    }
    if (!total)
        sb_add(b, "(*FAIL)", 7);
    sb_add(b, ")", 1);
    free(alt);
    free(order);
}

/* List li's alternation (append_alternation()), built once, and its
 * hash in ld->alt_hash[li]. */
static const struct sbuf *list_alt(struct loader *ld, size_t li)
{
    if (!ld->alt) {
        ld->alt = xcalloc(ld->rs->n_lists, sizeof *ld->alt);
        ld->alt_hash = xcalloc(ld->rs->n_lists, sizeof *ld->alt_hash);
    }
    if (!ld->alt[li].s) {
        append_alternation(ld, &ld->alt[li], &li, 1);
        ld->alt_hash[li] = fnv1a64_wide(FNV64_START, ld->alt[li].s,
                                        ld->alt[li].len);
    }
    return &ld->alt[li];
}

/* Replace \x01N\x01 placeholders by list N's alternation. */
static char *splice_lists(struct loader *ld, const char *s)
{
    struct sbuf b = {0};
    sb_add(&b, "", 0);
    while (*s) {
        const char *m = strchr(s, '\x01');
        if (!m) {
            sb_add(&b, s, strlen(s));
            break;
        }
        sb_add(&b, s, (size_t)(m - s));
        char *end;
        size_t li = (size_t)strtoul(m + 1, &end, 10);
        if (*end != '\x01' || li >= ld->rs->n_lists)
            break;              /* cannot happen: parse_file rejects 0x01 */
        const struct sbuf *alt = list_alt(ld, li);
        sb_add(&b, alt->s, alt->len);
        s = end + 1;
    }
    char *r = arena_strndup(ld->mem, b.s, b.len);
    free(b.s);
    return r;
}

/* ---- cache keys ------------------------------------------------------ */

/* The cache key of a pattern (pcache_find()) names its expansion without
 * building it: the text as written, with each %{NAME} replaced by
 * %{#HASH}, HASH a hash of NAME's key (so of its expansion, recursively),
 * and each %{list:NAME} by %{#HASH} of the list's alternation.  A valid
 * pattern never holds %{# itself (it would be an undefined reference), so
 * equal keys are equal expansions.  The keys of a dozen 128 KB patterns
 * are a few hundred bytes each: a start that finds every pattern in the
 * cache expands none of them.  False where expand() could fail (an
 * undefined or recursive reference, nesting too deep): expand() then
 * says why. */
static bool key_expand(struct loader *ld, const char *pat, struct sbuf *b,
                       int *height)
{
    const char *p = pat;
    *height = 0;
    while (*p) {
        const char *ref = strstr(p, "%{");
        if (!ref) {
            sb_add(b, p, strlen(p));
            return true;
        }
        if (ref > pat && ref[-1] == '\\') {        /* literal, as expand() */
            sb_add(b, p, (size_t)(ref - p) + 2);
            p = ref + 2;
            continue;
        }
        sb_add(b, p, (size_t)(ref - p));
        const char *close = strchr(ref, '}');
        if (!close)
            return false;
        const char *name = ref + 2;
        size_t nlen = (size_t)(close - name);
        uint64_t h;
        int ht = 0;
        p = close + 1;
        if (nlen > 5 && memcmp(name, "list:", 5) == 0) {
            char lname[128];
            if (nlen - 5 >= sizeof lname)
                return false;
            memcpy(lname, name + 5, nlen - 5);
            lname[nlen - 5] = '\0';
            int li = rules_list_lookup(ld->rs, lname);
            if (li < 0)
                return false;
            ld->rs->lists[li].used = true;
            list_alt(ld, (size_t)li);
            h = ld->alt_hash[li];
        } else {
            struct define *d = find_define(ld, name, nlen);
            if (!d || d->state == 1)
                return false;
            d->used = true;
            if (!d->key_height) {
                struct sbuf kb = {0};
                d->state = 1;
                sb_add(&kb, "", 0);
                bool ok = key_expand(ld, d->pattern, &kb, &ht);
                d->state = 0;
                d->key_hash = fnv1a64_wide(FNV64_START, kb.s, kb.len);
                free(kb.s);
                if (!ok)
                    return false;
                d->key_height = ht + 1;
            }
            h = d->key_hash;
            ht = d->key_height;
        }
        if (ht > EXPAND_MAX_DEPTH)
            return false;
        if (*height < ht)
            *height = ht;
        char tmp[32];
        int n = snprintf(tmp, sizeof tmp, "%%{#%016llx}",
                         (unsigned long long)h);
        sb_add(b, tmp, (size_t)n);
    }
    return true;
}

/* A rule's pattern as its lines are read: the expanded text and where
 * each line starts in it. */
#define PAT_LINES_MAX 32
struct pat_build {
    struct sbuf *s;             /* expanded (expand_pattern()), spliced */
    struct sbuf *key;           /* its cache key (key_expand()) */
    bool keyed;                 /* key names it: every line had a key */
    const char *raw[PAT_LINES_MAX];     /* the lines as written */
    size_t start[PAT_LINES_MAX];
    unsigned long line[PAT_LINES_MAX];
    bool expanded[PAT_LINES_MAX];
    size_t n;
};

/* ---- pass 2: compile rules ------------------------------------------- */

static bool parse_list_names(struct loader *ld, const struct raw_line *rl,
                             const char *file, const char *rule, char *names,
                             size_t *out, size_t *n_out)
{
    char *save = NULL;
    *n_out = 0;
    for (char *t = strtok_r(names, " \t,", &save); t;
         t = strtok_r(NULL, " \t,", &save)) {
        int li = rules_list_lookup(ld->rs, t);
        if (li < 0) {
            diag_error_at(file, rl->line, 0, "rule %s: undefined list '%s'",
                          rule, t);
            return false;
        }
        if (*n_out == 8) {
            diag_error_at(file, rl->line, 0, "rule %s: at most 8 lists",
                          rule);
            return false;
        }
        ld->rs->lists[li].used = true;
        out[(*n_out)++] = (size_t)li;
    }
    if (!*n_out) {
        diag_error_at(file, rl->line, 0, "rule %s: no list named", rule);
        return false;
    }
    return true;
}

static bool parse_col(const struct raw_line *rl, const char *file,
                      const char *rule, const char *name, enum rule_col *c)
{
    int ci = rules_col_lookup(name, strlen(name));
    if (ci < 0) {
        diag_error_at(file, rl->line, 0, "rule %s: unknown column '%s'",
                      rule, name);
        return false;
    }
    *c = (enum rule_col)ci;
    return true;
}

/* ---- needs words from a define ---------------------------------------- */

/* The words a needs word "...%{NAME}..." stands for, at most
 * NEEDS_DEFINE_MAX of them. */
#define NEEDS_DEFINE_MAX 4096

struct words {
    char **v;                   /* heap strings */
    size_t n, cap;
    bool bad;                   /* not an alternation of plain words, or
                                   too many */
};

static void words_add(struct words *w, char *s)
{
    if (w->n == w->cap) {
        w->cap = w->cap ? 2 * w->cap : 16;
        w->v = xreallocarray(w->v, w->cap, sizeof *w->v);
    }
    w->v[w->n++] = s;
}

static void words_fini(struct words *w)
{
    for (size_t i = 0; i < w->n; i++)
        free(w->v[i]);
    free(w->v);
    memset(w, 0, sizeof *w);
}

/* Every word of w with tail[0..n) appended. */
static void words_append(struct words *w, const char *tail, size_t n)
{
    for (size_t i = 0; i < w->n; i++) {
        size_t l = strlen(w->v[i]);
        w->v[i] = xrealloc(w->v[i], l + n + 1);
        memcpy(w->v[i] + l, tail, n);
        w->v[i][l + n] = '\0';
    }
}

/* Skip the group at *p ("(?=...)"), its brackets, classes and escapes
 * too; false if it does not close. */
static bool skip_group(const char **p)
{
    int depth = 0;
    for (const char *s = *p; *s; s++) {
        if (*s == '\\' && s[1]) {
            s++;
        } else if (*s == '[') {
            s += s[1] == '^' ? 2 : 1;       /* "[]" or "[^]" holds a ] */
            while (*s && *s != ']')
                s += *s == '\\' && s[1] ? 2 : 1;
            if (!*s)
                return false;
        } else if (*s == '(') {
            depth++;
        } else if (*s == ')' && --depth == 0) {
            *p = s + 1;
            return true;
        }
    }
    return false;
}

static void alt_words(const char **p, struct words *out);

/* The words of one alternative at *p, up to '|', ')' or the end: plain
 * bytes, "\ " and escaped punctuation, (?:...) groups (each of their
 * words in turn), and assertions, which take no text and are left out
 * (the words are then still in every match).  Anything else (a class, a
 * quantifier, \p) sets out->bad. */
static void seq_words(const char **p, struct words *out)
{
    words_add(out, xcalloc(1, 1));
    while (!out->bad && **p && **p != '|' && **p != ')') {
        const char *s = *p;
        if (strncmp(s, "(?:", 3) == 0) {
            struct words sub = {0};
            *p = s + 3;
            alt_words(p, &sub);
            if (sub.bad || **p != ')' || out->n * sub.n > NEEDS_DEFINE_MAX) {
                out->bad = true;
                words_fini(&sub);
                return;
            }
            (*p)++;
            struct words prod = {0};
            for (size_t i = 0; i < out->n; i++)
                for (size_t j = 0; j < sub.n; j++) {
                    size_t a = strlen(out->v[i]), b = strlen(sub.v[j]);
                    char *w = xmalloc(a + b + 1);
                    memcpy(w, out->v[i], a);
                    memcpy(w + a, sub.v[j], b + 1);
                    words_add(&prod, w);
                }
            words_fini(&sub);
            words_fini(out);
            *out = prod;
        } else if (strncmp(s, "(?=", 3) == 0 || strncmp(s, "(?!", 3) == 0 ||
                   strncmp(s, "(?<=", 4) == 0 || strncmp(s, "(?<!", 4) == 0) {
            out->bad = !skip_group(p);
        } else if (*s == '\\' && s[1] && s[1] != '\\' &&
                   ispunct((unsigned char)s[1])) {
            words_append(out, s + 1, 1);
            *p = s + 2;
        } else if (*s == '\\' && s[1] == ' ') {
            words_append(out, " ", 1);
            *p = s + 2;
        } else if (strchr("\\^$.?*+()[]{}", *s)) {
            out->bad = true;
        } else {
            /* A run of plain bytes at once: each append copies every
             * word. */
            size_t n = strcspn(s, "\\^$.?*+()[]{}|");
            words_append(out, s, n);
            *p = s + n;
        }
    }
}

static void alt_words(const char **p, struct words *out)
{
    for (;;) {
        struct words seq = {0};
        seq_words(p, &seq);
        out->bad |= seq.bad || out->n + seq.n > NEEDS_DEFINE_MAX;
        for (size_t i = 0; i < seq.n && !out->bad; i++) {
            words_add(out, seq.v[i]);
            seq.v[i] = NULL;
        }
        words_fini(&seq);
        if (out->bad || **p != '|')
            return;
        (*p)++;
    }
}

/* Room in nd's three arrays (*cap entries now) for 'more' words: they
 * grow by doubling (a word at a time, the three arrays in turn, each
 * growth copied them all: a line of a thousand list forms cost
 * megabytes at every start). */
static void needs_room(struct loader *ld, struct rule_needs *nd, size_t *cap,
                       size_t more)
{
    if (nd->n + more <= *cap)
        return;
    size_t nc = *cap ? 2 * *cap : 16;
    if (nc < nd->n + more)
        nc = nd->n + more;
    nd->word = arena_grow(ld->mem, nd->word, *cap, nc, sizeof *nd->word);
    nd->len = arena_grow(ld->mem, nd->len, *cap, nc, sizeof *nd->len);
    nd->upper = arena_grow(ld->mem, nd->upper, *cap, nc, sizeof *nd->upper);
    *cap = nc;
}

/* A define's plain words, as needs_define() found them (ok: it is a
 * choice of plain words; else the words are none). */
struct needs_memo {
    char *name;                 /* "%{NAME}" (heap) */
    struct words words;
    bool ok;
};

/* The memo of define 'name', made on first use: the define expanded and
 * cut into its words. */
static struct needs_memo *needs_memo_of(struct loader *ld, const char *name,
                                        const char *file, int line,
                                        const char *rule, bool *expanded)
{
    for (size_t i = 0; i < ld->n_memo; i++)
        if (strcmp(ld->memo[i].name, name) == 0)
            return &ld->memo[i];
    struct sbuf ex = {0};
    bool used_list = false;
    sb_add(&ex, "", 0);
    *expanded = expand_rule_line(ld, name, file, line, rule, "needs word",
                                 &ex, &used_list);
    if (!*expanded) {
        free(ex.s);
        return NULL;
    }
    ld->memo = xreallocarray(ld->memo, ld->n_memo + 1, sizeof *ld->memo);
    struct needs_memo *m = &ld->memo[ld->n_memo++];
    *m = (struct needs_memo){.name = xstrdup(name)};
    const char *p = ex.s;
    alt_words(&p, &m->words);
    m->ok = !m->words.bad && !*p && !used_list;
    free(ex.s);
    return m;
}

/* Add to nd the words of needs word w[0..n), which holds a "%{NAME}" at
 * ref (not a list): before + each word of the define + after, each with
 * 'upper' (a \p{Lu} suffix).  False after a message. */
static bool needs_define(struct loader *ld, struct rule *r,
                         const struct raw_line *rl, struct rule_needs *nd,
                         size_t *cap, const char *w, size_t n, const char *ref,
                         bool upper)
{
    const char *close = strchr(ref, '}');
    size_t before = (size_t)(ref - w);
    bool expanded = true;

    if (!close) {
        diag_error_at(r->file, rl->line, 0, "rule %s: unterminated %%{ in "
                      "needs word '%s'", r->name, w);
        return false;
    }
    size_t after = n - (size_t)(close + 1 - w);
    char *name = arena_strndup(ld->mem, ref, (size_t)(close + 1 - ref));
    const struct needs_memo *m = needs_memo_of(ld, name, r->file, rl->line,
                                               r->name, &expanded);
    if (!expanded)
        return false;
    bool bad = !m->ok;
    for (size_t i = 0; i < m->words.n && !bad; i++)
        bad = !*m->words.v[i] && !before && !after;
    if (bad) {
        diag_error_at(r->file, rl->line, 0, "rule %s: %s is not a choice "
                      "of plain words (at most %d), as a needs word must be",
                      r->name, name, NEEDS_DEFINE_MAX);
        return false;
    }
    const struct words *words = &m->words;
    needs_room(ld, nd, cap, words->n);
    for (size_t i = 0; i < words->n; i++) {
        size_t l = strlen(words->v[i]);
        char *x = arena_alloc(ld->mem, before + l + after + 1);
        memcpy(x, w, before);
        memcpy(x + before, words->v[i], l);
        memcpy(x + before + l, close + 1, after);
        x[before + l + after] = '\0';
        nd->word[nd->n] = x;
        nd->len[nd->n] = before + l + after;
        nd->upper[nd->n++] = upper;
    }
    return true;
}

static bool rule_setting(struct loader *ld, struct rule *r,
                         const struct raw_line *rl, struct pat_build *pat)
{
    struct rule_set *rs = ld->rs;
    char *val = arena_strdup(ld->mem, rl->val);
    const char *k = rl->key;
    const char *f = r->file;

    if (strcmp(k, "table") == 0) {
        int t = table_lookup(val);
        if (t < 0) {
            diag_error_at(f, rl->line, 0,
                          "rule %s: unknown table '%s' (pairs, quotes, "
                          "tags, persons, candidates or mentions)", r->name, val);
            return false;
        }
        r->table = (enum rule_table)t;
    } else if (strcmp(k, "scope") == 0) {
        char *rest;
        char *w = split_word(val, &rest);
        if (strcmp(w, "line") == 0 && !*rest) {
            r->scope = SCOPE_LINE;
        } else if (strcmp(w, "paragraph") == 0 && !*rest) {
            r->scope = SCOPE_PARAGRAPH;
        } else if (strcmp(w, "document") == 0 && !*rest) {
            r->scope = SCOPE_DOCUMENT;
        } else if (strcmp(w, "section") == 0 && *rest) {
            char *save = NULL;
            r->scope = SCOPE_SECTION;
            r->n_sections = 0;
            for (char *t = strtok_r(rest, " \t,", &save); t;
                 t = strtok_r(NULL, " \t,", &save)) {
                int h = heading_lookup(rs, t);
                if (h < 0 || r->n_sections == 8) {
                    diag_error_at(f, rl->line, 0, h < 0
                                  ? "rule %s: undefined heading '%s'"
                                  : "rule %s: at most 8 headings ('%s')",
                                  r->name, t);
                    return false;
                }
                r->sections[r->n_sections++] = (size_t)h;
            }
        } else {
            diag_error_at(f, rl->line, 0,
                          "rule %s: scope is line, paragraph, document or "
                          "'section NAME...'", r->name);
            return false;
        }
    } else if (strcmp(k, "needs") == 0 || strcmp(k, "context") == 0) {
        struct rule_needs nd = {0};
        size_t cap = 0;             /* of nd's arrays */
        bool any_upper = false;
        char *save = NULL;
        for (char *w = strtok_r(val, "|", &save); w;
             w = strtok_r(NULL, "|", &save)) {
            w = trim(w);
            size_t n = 0;
            for (char *q = w; *q; q++) {
                if (*q == '\\' && (q[1] == ' ' || q[1] == 'n')) {
                    w[n++] = q[1] == 'n' ? '\n' : ' ';
                    q++;
                } else if (*q == '\\' && strcmp(q, "\\p{Lu}") != 0) {
                    /* "\d" is no digit here: the word would be the
                     * bytes "\d", and the rule would never run. */
                    diag_error_at(f, rl->line, 0, "rule %s: %s: no "
                                  "escape \\%c (a word is bytes: '\\ ' a "
                                  "space, '\\n' a line break, a final "
                                  "'\\p{Lu}' a capital after it)", r->name,
                                  k, q[1] ? q[1] : ' ');
                    return false;
                } else {
                    w[n++] = *q;
                }
            }
            w[n] = '\0';
            /* "WORD\p{Lu}": the word where an upper-case letter follows
             * (struct literal). */
            bool upper = n > 6 && strcmp(w + n - 6, "\\p{Lu}") == 0;
            if (upper)
                w[n -= 6] = '\0';
            if (!n)
                continue;
            /* "%{list:NAME}": every form of a list, as written (the
             * nationality adjectives before a place). */
            if (upper && strncmp(w, "%{list:", 7) == 0) {
                diag_error_at(f, rl->line, 0, "rule %s: \\p{Lu} after a "
                              "list ('%s')", r->name, w);
                return false;
            }
            const char *ref = strstr(w, "%{");
            if (ref && strncmp(ref, "%{list:", 7) != 0) {
                if (!needs_define(ld, r, rl, &nd, &cap, w, n, ref, upper))
                    return false;
                any_upper |= upper;
                continue;
            }
            if (strncmp(w, "%{list:", 7) == 0 && w[n - 1] == '}') {
                w[n - 1] = '\0';
                int li = rules_list_lookup(ld->rs, w + 7);
                if (li < 0) {
                    diag_error_at(f, rl->line, 0, "rule %s: no list '%s'",
                                  r->name, w + 7);
                    return false;
                }
                struct gazetteer *g = &ld->rs->lists[li];
                g->used = true;
                needs_room(ld, &nd, &cap, g->n_forms);
                for (size_t i = 0; i < g->n_forms; i++) {
                    nd.upper[nd.n] = false;
                    nd.word[nd.n] = g->forms[i].text;
                    nd.len[nd.n++] = strlen(g->forms[i].text);
                }
                continue;
            }
            needs_room(ld, &nd, &cap, 1);
            nd.upper[nd.n] = upper;
            any_upper |= upper;
            nd.word[nd.n] = w;
            nd.len[nd.n] = n;
            nd.n++;
        }
        if (!nd.n) {
            diag_error_at(f, rl->line, 0, "rule %s: '%s' without a word",
                          r->name, k);
            return false;
        }
        if (!any_upper)
            nd.upper = NULL;
        if (k[0] == 'n') {
            r->needs = arena_grow(ld->mem, r->needs, r->n_needs,
                                  r->n_needs + 1, sizeof *r->needs);
            r->needs[r->n_needs++] = nd;
        } else {
            r->context = arena_grow(ld->mem, r->context, r->n_context,
                                    r->n_context + 1, sizeof *r->context);
            r->context[r->n_context++] = nd;
        }
    } else if (strcmp(k, "near") == 0) {
        /* "near BYTES" or "near BYTES window". */
        char *end = NULL;
        errno = 0;
        unsigned long v = strtoul(val, &end, 10);
        char *rest = end;
        while (rest && (*rest == ' ' || *rest == '\t'))
            rest++;
        bool window = rest && rest > end && strcmp(rest, "window") == 0;
        if (errno || end == val || (*end && !window) || v < 1 ||
            v > 100000 || val[0] == '-' || val[0] == '+') {
            diag_error_at(f, rl->line, 0, "rule %s: near takes a number of "
                          "bytes from 1 to 100000 (and 'window'), not '%s'",
                          r->name, val);
            return false;
        }
        r->near = v;
        r->near_window = window;
        r->near_line = rl->line;
    } else if (strcmp(k, "language") == 0) {
        /* "language no da": a pack several languages share. */
        r->langs = 0;
        char *save = NULL;
        for (char *w = strtok_r(val, " \t", &save); w;
             w = strtok_r(NULL, " \t", &save)) {
            int l = lang_lookup(rs, w);
            if (l < 0 || l >= 64) {
                diag_error_at(f, rl->line, 0,
                              "rule %s: undefined language '%s'", r->name, w);
                return false;
            }
            r->langs |= (uint64_t)1 << l;
        }
        if (!r->langs) {
            diag_error_at(f, rl->line, 0, "rule %s: 'language' without a "
                          "name", r->name);
            return false;
        }
    } else if (strcmp(k, "pattern") == 0) {
        /* The lines are keyed here and expanded only if the cache does
         * not have the code (compile_pattern()). */
        int height;
        if (!*val) {
            diag_error_at(f, rl->line, 0, "rule %s: empty pattern", r->name);
            return false;
        }
        if (pat->n == PAT_LINES_MAX) {
            diag_error_at(f, rl->line, 0, "rule %s: more than %d pattern "
                          "lines", r->name, PAT_LINES_MAX);
            return false;
        }
        pat->raw[pat->n] = val;
        pat->line[pat->n] = rl->line;
        if (pat->n)
            sb_add(pat->key, "\n", 1);
        if (!key_expand(ld, val, pat->key, &height)) {
            /* expand() says what is wrong, in the order of the lines. */
            struct sbuf *ex = &ld->scratch_line;
            bool used_list = false;
            ex->len = 0;
            sb_add(ex, "", 0);
            if (!expand_rule_line(ld, val, f, rl->line, r->name, "pattern",
                                  ex, &used_list))
                return false;
            pat->keyed = false;
        }
        pat->n++;
    } else if (strcmp(k, "set") == 0) {
        char *value;
        char *name = split_word(val, &value);
        enum rule_col c;
        if (!parse_col(rl, f, r->name, name, &c))
            return false;
        r->set[c] = value;
    } else if (strcmp(k, "split") == 0) {
        char *rest, *arg;
        char *name = split_word(val, &rest);
        char *kind = split_word(rest, &arg);
        struct rule_split sp = {0};
        if (!parse_col(rl, f, r->name, name, &sp.col))
            return false;
        if (strcmp(kind, "at") == 0 && *arg) {
            struct sbuf b = {0};
            bool dummy = false;
            sb_add(&b, "", 0);
            if (!expand_rule_line(ld, arg, f, rl->line, r->name,
                                  "split pattern", &b, &dummy)) {
                free(b.s);
                return false;
            }
            char *ex = splice_lists(ld, b.s);
            free(b.s);
            sp.kind = SPLIT_BOUNDARY;
            sp.re = compile_re(ld, ex, f, rl->line, r->name,
                               "split pattern: ");
            if (!sp.re)
                return false;
        } else if (strcmp(kind, "lists") == 0 && *arg) {
            sp.kind = SPLIT_LISTS;
            if (!parse_list_names(ld, rl, f, r->name, arg, sp.lists,
                                  &sp.n_lists))
                return false;
        } else {
            diag_error_at(f, rl->line, 0,
                          "rule %s: expected 'split COLUMN at PATTERN' or "
                          "'split COLUMN lists LIST...'", r->name);
            return false;
        }
        r->splits = xreallocarray(r->splits, r->n_splits + 1,
                                  sizeof *r->splits);
        r->splits[r->n_splits++] = sp;
    } else if (strcmp(k, "require") == 0 || strcmp(k, "reject") == 0 ||
               strcmp(k, "lookup") == 0 || strcmp(k, "canonical") == 0 ||
               strcmp(k, "names") == 0) {
        char *rest, *lists;
        char *name = split_word(val, &rest);
        char *in = split_word(rest, &lists);
        bool first_word = strcmp(in, "first") == 0 && k[0] == 'r' &&
                          k[2] == 'q';
        if (first_word)
            in = split_word(lists, &lists);
        struct rule_filter fl = {
            .first_word = first_word,
            .kind = k[0] == 'l' || k[0] == 'n' ? FILTER_LOOKUP
                  : k[0] == 'c' ? FILTER_CANONICAL
                  : k[2] == 'j' ? FILTER_REJECT : FILTER_REQUIRE,
        };
        if (!parse_col(rl, f, r->name, name, &fl.col))
            return false;
        if (strcmp(in, "in") != 0) {
            diag_error_at(f, rl->line, 0,
                          "rule %s: expected '%s COLUMN in LIST...'%s",
                          r->name, k,
                          strcmp(k, "require") == 0
                              ? " or 'require COLUMN first in LIST...'"
                              : "");
            return false;
        }
        if (!parse_list_names(ld, rl, f, r->name, lists, fl.lists,
                              &fl.n_lists))
            return false;
        r->filters = xreallocarray(r->filters, r->n_filters + 1,
                                   sizeof *r->filters);
        if (k[0] == 'n') {
            if (r->n_names == sizeof r->names / sizeof *r->names) {
                diag_error_at(f, rl->line, 0, "rule %s: at most %zu "
                              "'names' lines", r->name,
                              sizeof r->names / sizeof *r->names);
                return false;
            }
            /* The lookups that name the entries come first. */
            memmove(r->filters + r->n_names + 1, r->filters + r->n_names,
                    (r->n_filters - r->n_names) * sizeof *r->filters);
            r->filters[r->n_names] = fl;
            r->n_filters++;
            r->names[r->n_names++] = fl;
        } else {
            r->filters[r->n_filters++] = fl;
        }
    } else if (strcmp(k, "example") == 0 || strcmp(k, "counter") == 0) {
        r->examples = xreallocarray(r->examples, r->n_examples + 1,
                                    sizeof *r->examples);
        r->examples[r->n_examples++] = (struct rule_example){
            .input = val, .counter = k[0] == 'c', .line = rl->line,
        };
    } else if (strcmp(k, "expect") == 0) {
        struct rule_example *ex =
            r->n_examples ? &r->examples[r->n_examples - 1] : NULL;
        if (!ex || ex->counter) {
            diag_error_at(f, rl->line, 0,
                          "rule %s: 'expect' must follow an 'example'",
                          r->name);
            return false;
        }
        ex->expect = arena_grow(ld->mem, ex->expect, ex->n_expect,
                                ex->n_expect + 1, sizeof *ex->expect);
        ex->expect[ex->n_expect++] = val;
    } else {
        diag_error_at(f, rl->line, 0,
                      "rule %s: unknown setting '%s' (table, scope, language, needs, near, context, pattern,"
                      " names, set, split, require, reject, lookup, canonical, "
                      "example, expect, counter)", r->name, k);
        return false;
    }
    return true;
}

/* Rule r's pattern with its large defines called, not copied: each
 * (?&_Dn) of expand()'s call mode, and one (?(DEFINE)(?<_Dn>...)...)
 * group at the end holding every define called, from the pattern or from
 * another define; NULL if an expansion fails. */
static char *called_pattern(struct loader *ld, const struct rule *r,
                            const struct raw_rule *rr)
{
    struct sbuf b = {0};
    bool used_list = false, ok = true;
    bool *done = xcalloc(ld->n_defs + 1, sizeof *done);

    ld->want = xcalloc(ld->n_defs + 1, sizeof *ld->want);
    ld->subr = true;
    sb_add(&b, "", 0);
    for (size_t i = 0; i < rr->n && ok; i++) {
        bool too_big = false;
        if (strcmp(rr->lines[i].key, "pattern") == 0)
            ok = expand(ld, rr->lines[i].val, r->file, rr->lines[i].line, 0,
                        &b, &used_list, &too_big);
    }
    sb_add(&b, "(?(DEFINE)", 10);
    for (bool more = ok; more && ok;) {
        more = false;
        for (size_t k = 0; k < ld->n_defs && ok; k++) {
            if (!ld->want[k] || done[k])
                continue;
            struct define *d = &ld->defs[k];
            bool too_big = false;
            char tmp[32];
            int n = snprintf(tmp, sizeof tmp, "(?<_D%zu>", k);
            done[k] = more = true;
            sb_add(&b, tmp, (size_t)n);
            d->state = 1;
            ok = expand(ld, d->pattern, d->file, d->line, 1, &b, &used_list,
                        &too_big);
            d->state = 0;
            sb_add(&b, ")", 1);
        }
    }
    sb_add(&b, ")", 1);
    ld->subr = false;
    free(ld->want);
    ld->want = NULL;
    free(done);
    char *res = ok ? splice_lists(ld, b.s) : NULL;
    free(b.s);
    return res;
}

/* Expand pat's lines into pat->s, each on its own (so that an error
 * names its line), lists spliced in. */
static bool expand_pattern(struct loader *ld, const struct rule *r,
                           struct pat_build *pat)
{
    struct sbuf *ex = &ld->scratch_line;

    pat->s->len = 0;
    sb_add(pat->s, "", 0);
    for (size_t i = 0; i < pat->n; i++) {
        bool used_list = false;
        ex->len = 0;
        sb_add(ex, "", 0);
        if (!expand_rule_line(ld, pat->raw[i], r->file, pat->line[i],
                              r->name, "pattern", ex, &used_list))
            return false;
        char *spliced = splice_lists(ld, ex->s);
        pat->start[i] = pat->s->len;
        pat->expanded[i] = strcmp(spliced, pat->raw[i]) != 0;
        sb_add(pat->s, spliced, strlen(spliced));
    }
    return true;
}

/* Compile r's pattern: the cache's code for pat->key, or the pattern
 * expanded (r->pattern); an error names the pattern line it is on and the
 * offset within that line (within its expansion if it uses %{...}).  A
 * pattern too large for PCRE2 (64 KB of compiled code) is tried again
 * with its large defines called (called_pattern()), which matches the
 * same text. */
static bool compile_pattern(struct loader *ld, struct rule *r,
                            struct pat_build *pat,
                            const struct raw_rule *rr)
{
    int code = 0;
    PCRE2_SIZE off = 0;
    uint32_t opts = RULES_PCRE2_OPTIONS |
                    (r->near || r->table == TAB_PERSONS
                         ? PCRE2_USE_OFFSET_LIMIT
                         : 0);
    const struct sbuf *key = pat->key;

    if (pat->keyed) {
        r->re = pcache_find(ld->pc, key->s, key->len, opts, &code);
        if (r->re)
            return true;        /* JIT-compiled on first use: rules_use() */
    }
    if (!expand_pattern(ld, r, pat))
        return false;
    r->pattern = arena_strndup(ld->mem, pat->s->s, pat->s->len);
    if (!pat->keyed) {
        key = pat->s;
        r->re = pcache_compile(ld->pc, r->pattern, pat->s->len, opts, &code,
                               &off);
    } else if (code != PCRE2_ERROR_PATTERN_TOO_LARGE) {
        r->re = pcache_compile_as(ld->pc, key->s, key->len, r->pattern,
                                  pat->s->len, opts, &code, &off);
    }
    if (r->re)
        return true;
    if (code == PCRE2_ERROR_PATTERN_TOO_LARGE) {
        char *called = called_pattern(ld, r, rr);
        int code2;
        PCRE2_SIZE off2;
        if (called)
            r->re = pcache_compile(ld->pc, called, strlen(called), opts,
                                   &code2, &off2);
        if (r->re) {
            /* The next load decodes this code for the pattern as
             * written, and builds no subroutine form. */
            pcache_alias(ld->pc, key->s, key->len, opts, r->re);
            r->pattern = called;
            return true;
        }
    }
    size_t i = pat->n - 1;
    while (i > 0 && pat->start[i] > off)
        i--;
    PCRE2_UCHAR msg[256];
    pcre2_get_error_message(code, msg, sizeof msg);
    diag_error_at(r->file, pat->line[i], 0, "rule %s: %s at offset %zu%s",
                  r->name, (char *)msg, (size_t)off - pat->start[i],
                  pat->expanded[i] ? " of the expanded line" : "");
    return false;
}

/* Note the bytes a match of r can start with, where PCRE2 knows them
 * (see rules.h).  A first code unit may be caseless (an inline (?i)
 * does not show in the options): an ASCII letter counts in both cases,
 * and a non-ASCII one (whose other case may begin with another byte) is
 * not used. */
static void study_first(struct rule *r)
{
    uint32_t opts = 0, type = 0, unit = 0, minlen = 0;
    const uint8_t *bitmap = NULL;

    pcre2_pattern_info(r->re, PCRE2_INFO_ALLOPTIONS, &opts);
    pcre2_pattern_info(r->re, PCRE2_INFO_FIRSTCODETYPE, &type);
    pcre2_pattern_info(r->re, PCRE2_INFO_MINLENGTH, &minlen);
    if (minlen == 0)
        return;                 /* an empty match starts anywhere */
    if (type == 1) {
        pcre2_pattern_info(r->re, PCRE2_INFO_FIRSTCODEUNIT, &unit);
        if (unit > 0x7F)
            return;
        r->first[unit] = true;
        if ((unit | 0x20) >= 'a' && (unit | 0x20) <= 'z')
            r->first[unit ^ 0x20] = true;
    } else if (type == 0 &&
               pcre2_pattern_info(r->re, PCRE2_INFO_FIRSTBITMAP,
                                  &bitmap) == 0 && bitmap) {
        for (int c = 0; c < 256; c++)
            r->first[c] = (bitmap[c / 8] >> (c % 8)) & 1;
    } else {
        return;
    }
    r->first_known = true;
    for (int c = 0; c < 256; c++)
        if (r->first[c] && r->n_first++ < sizeof r->first_few)
            r->first_few[r->n_first - 1] = (unsigned char)c;
    r->anchored_first = (opts & PCRE2_ANCHORED) != 0;
}

/* Map every named group of r->re to a column. */
static bool map_groups(struct rule *r, unsigned long line)
{
    uint32_t count = 0, n_names = 0, entry = 0;
    PCRE2_SPTR table = NULL;

    pcre2_pattern_info(r->re, PCRE2_INFO_CAPTURECOUNT, &count);
    pcre2_pattern_info(r->re, PCRE2_INFO_NAMECOUNT, &n_names);
    pcre2_pattern_info(r->re, PCRE2_INFO_NAMEENTRYSIZE, &entry);
    pcre2_pattern_info(r->re, PCRE2_INFO_NAMETABLE, &table);
    r->n_groups = count + 1;
    r->group_col = xcalloc(r->n_groups, sizeof *r->group_col);
    for (uint32_t i = 0; i < r->n_groups; i++)
        r->group_col[i] = -1;
    for (uint32_t i = 0; i < n_names; i++) {
        const unsigned char *e = table + (size_t)i * entry;
        uint32_t num = (uint32_t)(e[0] << 8 | e[1]);
        const char *name = (const char *)e + 2;
        if (name[0] == '_')
            continue;           /* helper group, never a column */
        int c = rules_col_lookup(name, strlen(name));
        if (c < 0) {
            diag_error_at(r->file, line, 0,
                          "rule %s: group '%s' is not a column (name helper "
                          "groups with a leading '_')", r->name, name);
            return false;
        }
        r->group_col[num] = c;
    }
    return true;
}

static bool compile_rule(struct loader *ld, struct rule *r,
                         const struct raw_rule *rr)
{
    struct pat_build pat = {.s = &ld->scratch_pat, .key = &ld->scratch_key,
                            .keyed = true};
    bool ok = false;

    /* What else shapes an expansion: expand()'s limits and format. */
    char head[64];
    int hn = snprintf(head, sizeof head, "utdrag key 1 %d %u\n",
                      EXPAND_MAX_DEPTH, EXPAND_MAX_BYTES);
    pat.key->len = 0;
    sb_add(pat.key, head, (size_t)hn);
    for (size_t i = 0; i < rr->n; i++)
        if (!rule_setting(ld, r, &rr->lines[i], &pat))
            goto out;
    for (size_t i = 0; i < r->n_examples; i++)
        if (!r->examples[i].counter && !r->examples[i].n_expect) {
            diag_error_at(r->file, r->examples[i].line, 0,
                          "rule %s: example without 'expect' lines (a line "
                          "that must give no row is a 'counter')", r->name);
            goto out;
        }
    if (r->table == TAB__COUNT) {
        diag_error_at(r->file, r->line, 0, "rule %s: no 'table' line",
                      r->name);
        goto out;
    }
    if (r->n_names) {
        if (pat.n || r->near) {
            diag_error_at(r->file, r->line, 0, "rule %s: 'names' finds the "
                          "matches itself: no 'pattern' or 'near' with it",
                          r->name);
            goto out;
        }
        r->pattern = arena_strdup(ld->mem, "");
        ok = true;
        goto out;
    }
    if (!pat.n) {
        diag_error_at(r->file, r->line, 0, "rule %s: no 'pattern' line "
                      "(or 'names')", r->name);
        goto out;
    }
    if (r->near_window && r->n_needs < 2) {
        diag_error_at(r->file, r->near_line, 0, "rule %s: 'near ... window' "
                      "looks for the words of the other needs lines in each "
                      "window, and the rule has no second needs line",
                      r->name);
        goto out;
    }
    if (r->near && !r->n_needs) {
        diag_error_at(r->file, r->near_line, 0, "rule %s: 'near' reads "
                      "around the words of a 'needs' line, and the rule "
                      "has none", r->name);
        goto out;
    }
    if (!compile_pattern(ld, r, &pat, rr))
        goto out;
    study_first(r);
    if (r->near) {
        uint32_t opts = 0;
        pcre2_pattern_info(r->re, PCRE2_INFO_ALLOPTIONS, &opts);
        if (opts & PCRE2_ANCHORED) {
            diag_error_at(r->file, r->near_line, 0, "rule %s: 'near' with "
                          "an anchored pattern (^, \\A): its matches start "
                          "where the unit starts, not near a word", r->name);
            goto out;
        }
    }
    ok = map_groups(r, pat.line[0]);
out:
    return ok;
}

/* HEAD, the labels of every heading as groups ("(L1|L2)|(L3)..." :
 * group i + 1 is heading i), TAIL, compiled (JIT: rules_begin_doc()) with
 * PCRE2_UTF | PCRE2_UCP | opts; NULL after a diagnostic. */
static pcre2_code *compile_labels(struct loader *ld, const char *head,
                                  const char *tail, uint32_t opts)
{
    struct rule_set *rs = ld->rs;
    struct sbuf b = {0};
    char *alt = NULL;
    size_t len = 0, cap = 0;
    int code;
    PCRE2_SIZE off;

    sb_add(&b, head, strlen(head));
    for (size_t i = 0; i < rs->n_headings; i++) {
        sb_add(&b, i ? "|(" : "(", i ? 2 : 1);
        for (size_t j = 0; j < ld->raw_headings[i].n_labels; j++) {
            len = 0;
            regex_escape_append(&alt, &len, &cap,
                                ld->raw_headings[i].labels[j]);
            if (j)
                sb_add(&b, "|", 1);
            sb_add(&b, alt, len);
        }
        sb_add(&b, ")", 1);
    }
    sb_add(&b, tail, strlen(tail));
    pcre2_code *re = pcache_compile(ld->pc, b.s, b.len,
                                    PCRE2_UTF | PCRE2_UCP | opts, &code,
                                    &off);
    if (!re) {
        PCRE2_UCHAR msg[256];
        pcre2_get_error_message(code, msg, sizeof msg);
        diag_error_at(rs->headings[0].file, rs->headings[0].line, 0,
                      "headings: %s at offset %zu", (char *)msg, (size_t)off);
    }
    free(alt);
    free(b.s);
    return re;
}

static bool build_headings(struct loader *ld)
{
    struct rule_set *rs = ld->rs;

    /* Every label, for readers that meet them elsewhere than at a line
     * start (the HTML reader keeps a block of links after one). */
    for (size_t i = 0; i < rs->n_headings; i++)
        for (size_t j = 0; j < ld->raw_headings[i].n_labels; j++) {
            rs->heading_labels = arena_grow(
                ld->mem, rs->heading_labels, rs->n_heading_labels,
                rs->n_heading_labels + 1, sizeof *rs->heading_labels);
            rs->heading_labels[rs->n_heading_labels++] =
                ld->raw_headings[i].labels[j];
        }
    /* By first byte (a counting sort). */
    rs->label_first = arena_calloc(ld->mem, rs->n_heading_labels + 1,
                                   sizeof *rs->label_first);
    for (size_t i = 0; i < rs->n_heading_labels; i++)
        rs->label_at[(unsigned char)rs->heading_labels[i][0] + 1]++;
    for (size_t c = 0; c < 256; c++)
        rs->label_at[c + 1] += rs->label_at[c];
    size_t next[256];
    memcpy(next, rs->label_at, sizeof next);
    for (size_t i = 0; i < rs->n_heading_labels; i++)
        rs->label_first[next[(unsigned char)rs->heading_labels[i][0]]++] =
            rs->heading_labels[i];
    if (!rs->n_headings)
        return true;
    for (size_t i = 0; i < rs->n_headings; i++)
        for (size_t j = 0; j < ld->raw_headings[i].n_labels; j++) {
            size_t ll = 3 * strlen(ld->raw_headings[i].labels[j]);
            if (ll > rs->heading_max)
                rs->heading_max = ll;
            unsigned char c = (unsigned char)ld->raw_headings[i].labels[j][0];
            rs->heading_first[c] = true;
            if (c < 0x80)       /* labels match caselessly */
                rs->heading_first[(unsigned char)tolower(c)] =
                    rs->heading_first[(unsigned char)toupper(c)] = true;
            else                /* a non-ASCII start: any lead byte */
                for (int k = 0xC2; k <= 0xF4; k++)
                    rs->heading_first[k] = true;
        }
    /* ^ *(?:(L1|L2)|(L3)...) *(?:: *(.*?))? *$, caseless: a heading
     * line.  (L1|L2)|(L3)... then a capital or a digit, as written: the
     * labels of a block a scraper ran into one line, "Svensk
     * partnerRegion VästerbottenTemaLokal demokratiGlobala mål3 - ...". */
    rs->heading_re = compile_labels(ld, "^ *(?:", ") *(?:: *(.*?))? *$",
                                    PCRE2_CASELESS);
    rs->glued_re = rs->heading_re
                       ? compile_labels(ld, "(?:", ")(?=[\\p{Lu}\\p{N}])", 0)
                       : NULL;
    rs->glued_first_re =
        rs->glued_re ? compile_labels(ld, "(?:", ")(?=[\\p{Lu}\\p{N}])",
                                      PCRE2_ANCHORED)
                     : NULL;
    rs->tail_re = rs->glued_re
                      ? compile_labels(ld, "(?:", ")(?= *:| *$)",
                                       PCRE2_MULTILINE)
                      : NULL;
    return rs->glued_first_re != NULL && rs->tail_re != NULL;
}

/* The words interned so far: an open-addressing table over rs->lits
 * (slot: index + 1, 0 empty), so a rule set whose needs lines splice in
 * whole lists (thousands of words) interns in linear time. */
struct lit_table {
    size_t *slot;
    size_t mask;
    size_t cap;                 /* of rs->lits */
};

static size_t lit_slot(const struct rule_set *rs, const struct lit_table *t,
                       const char *w, size_t n, bool upper)
{
    size_t i = (fnv1a32(w, n) + upper) & t->mask;
    while (t->slot[i]) {
        const struct literal *l = &rs->lits[t->slot[i] - 1];
        if (l->len == n && l->upper == upper && memcmp(l->word, w, n) == 0)
            break;
        i = (i + 1) & t->mask;
    }
    return i;
}

static void intern_group(struct rule_set *rs, struct lit_table *t,
                         struct rule_needs *nd)
{
    nd->lit = arena_calloc(rs->mem, nd->n, sizeof *nd->lit);
    for (size_t i = 0; i < nd->n; i++) {
        if (2 * (rs->n_lits + 1) > t->mask + 1) {     /* grow, rehash */
            size_t size = 2 * (t->mask + 1);
            free(t->slot);
            t->slot = xcalloc(size, sizeof *t->slot);
            t->mask = size - 1;
            for (size_t k = 0; k < rs->n_lits; k++)
                t->slot[lit_slot(rs, t, rs->lits[k].word,
                                 rs->lits[k].len, rs->lits[k].upper)] = k + 1;
        }
        bool upper = nd->upper && nd->upper[i];
        size_t j = lit_slot(rs, t, nd->word[i], nd->len[i], upper);
        if (!t->slot[j]) {
            if (rs->n_lits == t->cap) {
                size_t ncap = t->cap ? 2 * t->cap : 64;
                rs->lits = arena_grow(rs->mem, rs->lits, t->cap, ncap,
                                      sizeof *rs->lits);
                t->cap = ncap;
            }
            rs->lits[rs->n_lits++] = (struct literal){nd->word[i],
                                                      nd->len[i], upper};
            rs->any_upper |= upper;
            t->slot[j] = rs->n_lits;
        }
        nd->lit[i] = t->slot[j] - 1;
    }
}

/* nd->set for a long line (see struct rule_needs), once rs->lits is
 * complete. */
static void needs_set(struct rule_set *rs, struct rule_needs *nd)
{
    if (nd->n <= RULES_NEEDS_SET_MIN)
        return;
    uint64_t *set = arena_calloc(rs->mem, rs->n_lits / 64 + 1, sizeof *set);
    for (size_t i = 0; i < nd->n; i++)
        set[nd->lit[i] / 64] |= (uint64_t)1 << (nd->lit[i] % 64);
    nd->set = set;
}

/* Give every needs/context word its index in rs->lits, in order of first
 * appearance, and build the one automaton that finds them all. */
static void intern_literals(struct rule_set *rs)
{
    struct lit_table t = {xcalloc(64, sizeof *t.slot), 63, 0};

    for (size_t i = 0; i < rs->n_rules; i++) {
        struct rule *r = &rs->rules[i];
        for (size_t g = 0; g < r->n_needs; g++)
            intern_group(rs, &t, &r->needs[g]);
        for (size_t g = 0; g < r->n_context; g++)
            intern_group(rs, &t, &r->context[g]);
    }
    free(t.slot);
    for (size_t i = 0; i < rs->n_rules; i++) {
        struct rule *r = &rs->rules[i];
        for (size_t g = 0; g < r->n_needs; g++)
            needs_set(rs, &r->needs[g]);
        for (size_t g = 0; g < r->n_context; g++)
            needs_set(rs, &r->context[g]);
    }
    const char **w = xcalloc(rs->n_lits + 1, sizeof *w);
    size_t *n = xcalloc(rs->n_lits + 1, sizeof *n);
    for (size_t i = 0; i < rs->n_lits; i++) {
        w[i] = rs->lits[i].word;
        n[i] = rs->lits[i].len;
    }
    rs->lit_scan = multilit_build(w, n, rs->n_lits);
    free(w);
    free(n);
}


/* Where large lists keep their cache (gaz_load()): $UTDRAG_CACHE_DIR if
 * set (empty: no cache), else $XDG_CACHE_HOME/utdrag, else
 * $HOME/.cache/utdrag; NULL if none of them is set. */
static const char *cache_dir(struct arena *mem)
{
    const char *d = getenv("UTDRAG_CACHE_DIR");
    if (d)
        return *d ? arena_strdup(mem, d) : NULL;
    d = getenv("XDG_CACHE_HOME");
    if (d && *d == '/')
        return arena_printf(mem, "%s/utdrag", d);
    d = getenv("HOME");
    if (d && *d == '/')
        return arena_printf(mem, "%s/.cache/utdrag", d);
    return NULL;
}

/* Mark the lists some define, pattern or needs/context line splices in
 * with %{list:NAME}: the compiler needs their forms.  A name inside a
 * comment or an unused define counts too (loaded early: harmless). */
static void mark_spliced(const struct loader *ld, bool *spliced)
{
    const struct rule_set *rs = ld->rs;

    for (size_t i = 0; i < ld->n_defs + rs->n_rules; i++) {
        const struct raw_rule *rr = i < ld->n_defs ? NULL
                                                   : &ld->raw[i - ld->n_defs];
        size_t n = rr ? rr->n : 1;
        for (size_t j = 0; j < n; j++) {
            const char *t = rr ? rr->lines[j].val : ld->defs[i].pattern;
            for (const char *p = t ? strstr(t, "%{list:") : NULL; p;
                 p = strstr(p + 7, "%{list:")) {
                const char *name = p + 7, *close = strchr(name, '}');
                if (!close)
                    break;
                for (size_t k = 0; k < rs->n_lists; k++)
                    if (strlen(rs->lists[k].name) == (size_t)(close - name) &&
                        memcmp(rs->lists[k].name, name,
                               (size_t)(close - name)) == 0)
                        spliced[k] = true;
            }
        }
    }
}

/* The lists loaded on the second thread: every one not spliced[]. */
struct late_lists {
    struct rule_set *rs;
    const bool *spliced;
    uint64_t *digests;          /* per list */
    bool ok;
};

static void *load_late(void *arg)
{
    struct late_lists *l = arg;
    struct rule_set *rs = l->rs;

    for (size_t i = 0; i < rs->n_lists && l->ok; i++)
        if (!l->spliced[i]) {
            l->digests[i] = FNV64_START;
            l->ok = gaz_load(&rs->lists[i], rs->list_mem, &l->digests[i],
                             RULES_MAX_FILE);
        }
    return NULL;
}

/* Wait for load_late() if it runs; false if a list failed (its error is
 * printed: with an error of the main thread's too, both are). */
static bool join_late(pthread_t *t, bool *running, const struct late_lists *l)
{
    if (*running) {
        pthread_join(*t, NULL);
        *running = false;
    }
    return l->ok;
}

static int cmp_path(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

bool rules_load(struct rule_set *rs, const char *dir)
{
    struct loader ld = {.rs = rs, .hash = FNV64_START};
    struct path_list files = {0};
    bool ok = false;
    bool *spliced = NULL;
    uint64_t *digests = NULL;
    struct late_lists late = {0};
    pthread_t late_thread;
    bool late_running = false;

    memset(rs, 0, sizeof *rs);
    rs->mem = xcalloc(1, sizeof *rs->mem);
    ld.mem = rs->mem;
    if (!fs_walk(dir, ".rules", &files)) {
        diag_error("%s: cannot read rules directory: %s", dir,
                   strerror(errno));
        goto out;
    }
    if (!files.n) {
        diag_error("%s: no *.rules files", dir);
        goto out;
    }
    qsort(files.v, files.n, sizeof *files.v, cmp_path);
    for (size_t i = 0; i < files.n; i++) {
        /* Lists are named relative to the rules directory. */
        if (!parse_file(&ld, files.v[i], dir))
            goto out;
    }
    /* Lists no pattern or needs line splices in (the world gazetteer)
     * load on a second thread while the patterns compile: start-up. */
    const char *cache = cache_dir(ld.mem);
    ld.pc = pcache_open(cache, dir);
    for (size_t i = 0; i < rs->n_lists; i++)
        rs->lists[i].cache_dir = cache;
    spliced = xcalloc(rs->n_lists + 1, sizeof *spliced);
    digests = xcalloc(rs->n_lists + 1, sizeof *digests);
    mark_spliced(&ld, spliced);
    late = (struct late_lists){rs, spliced, digests, true};
    rs->list_mem = xcalloc(1, sizeof *rs->list_mem);
    late_running = pthread_create(&late_thread, NULL, load_late, &late) == 0;
    if (!late_running)
        load_late(&late);
    for (size_t i = 0; i < rs->n_lists; i++) {
        if (!spliced[i])
            continue;           /* the other thread's */
        digests[i] = FNV64_START;
        if (!gaz_load(&rs->lists[i], ld.mem, &digests[i], RULES_MAX_FILE))
            goto out;
    }
    /* Lists the program reads itself, not through a rule. */
    int nav = rules_list_lookup(rs, RULES_LIST_NAVIGATION);
    if (nav >= 0)
        rs->lists[nav].used = true;
    int pro = rules_list_lookup(rs, RULES_LIST_PRONOUNS);
    if (pro >= 0)
        rs->lists[pro].used = true;
    static const char *const program_lists[] = {
        RULES_LIST_TITLES, RULES_LIST_FIRSTNAMES, RULES_LIST_UNNAMED,
        RULES_LIST_COUNTRIES, RULES_LIST_ORGANISATIONS,
    };
    for (size_t i = 0; i < sizeof program_lists / sizeof *program_lists;
         i++) {
        int li = rules_list_lookup(rs, program_lists[i]);
        if (li >= 0)
            rs->lists[li].used = true;
    }
    if (!build_headings(&ld))
        goto out;
    build_lang_hash(rs);
    for (size_t i = 0; i < rs->n_rules; i++)
        if (!compile_rule(&ld, &rs->rules[i], &ld.raw[i]))
            goto out;
    intern_literals(rs);
    if (!join_late(&late_thread, &late_running, &late))
        goto out;

    for (size_t i = 0; i < rs->n_lists; i++)    /* in the lists' order */
        ld.hash = fnv1a64(ld.hash, &digests[i], sizeof digests[i]);
    /* Segmentation searches a list's keys by prefix: sort those lists
     * (the others stay in file order, indexed by hash only). */
    for (size_t i = 0; i < rs->n_rules; i++)
        for (size_t j = 0; j < rs->rules[i].n_splits; j++) {
            const struct rule_split *sp = &rs->rules[i].splits[j];
            for (size_t k = 0; sp->kind == SPLIT_LISTS && k < sp->n_lists;
                 k++)
                gaz_sort(ld.mem, &rs->lists[sp->lists[k]]);
        }
    rs->jit = xcalloc(1, sizeof *rs->jit);
    for (size_t k = 0; k < JIT_LOCKS; k++)
        pthread_mutex_init(&rs->jit->mu[k], NULL);
    /* One slot per rule, and the headings' (rules_begin_doc()). */
    rs->jit->done = xcalloc(rs->n_rules + 1, sizeof *rs->jit->done);
    rs->jit->seen = xcalloc(rs->n_rules + 1, sizeof *rs->jit->seen);
    rs->defs = arena_calloc(ld.mem, ld.n_defs, sizeof *rs->defs);
    for (size_t i = 0; i < ld.n_defs; i++)
        rs->defs[rs->n_defs++] = (struct pattern_def){
            ld.defs[i].name, ld.defs[i].file, ld.defs[i].line,
            ld.defs[i].used,
        };
    rs->version = arena_printf(ld.mem, "%016llx", (unsigned long long)ld.hash);
    ok = true;
out:
    join_late(&late_thread, &late_running, &late);
    rs->pool = pcache_take_pool(ld.pc);    /* the decoded codes' */
    pcache_close(ld.pc, ok);
    free(spliced);
    free(digests);
    for (size_t i = 0; i < rs->n_rules && ld.raw; i++)
        free(ld.raw[i].lines);
    free(ld.raw);
    for (size_t i = 0; i < ld.n_defs; i++)
        free(ld.defs[i].memo);
    free(ld.defs);
    for (size_t i = 0; i < ld.n_memo; i++) {
        free(ld.memo[i].name);
        words_fini(&ld.memo[i].words);
    }
    free(ld.memo);
    for (size_t i = 0; ld.alt && i < rs->n_lists; i++)
        free(ld.alt[i].s);
    free(ld.alt);
    free(ld.alt_hash);
    free(ld.scratch_pat.s);
    free(ld.scratch_line.s);
    free(ld.scratch_key.s);
    free(ld.raw_headings);
    free(ld.raw_lists);
    path_list_fini(&files);
    return ok;
}

bool rules_use(const struct rule_set *rs, const struct rule *r, size_t bytes)
{
    struct jit_once *j = rs->jit;
    size_t i = (size_t)(r - rs->rules);
    unsigned char done = atomic_load_explicit(&j->done[i],
                                              memory_order_acquire);

    if (done)
        return done == JIT_READY;
    if (atomic_fetch_add_explicit(&j->seen[i], bytes, memory_order_relaxed) +
                bytes < RULES_JIT_AFTER_BYTES ||
        atomic_load_explicit(&j->doc_bytes, memory_order_relaxed) <
            RULES_JIT_WARM_BYTES)
        return false;
    pthread_mutex_lock(&j->mu[i % JIT_LOCKS]);
    done = atomic_load_explicit(&j->done[i], memory_order_relaxed);
    if (!done) {
        /* JIT is an optimisation: if it fails (an unsupported CPU, no
         * executable memory) the interpreter runs the same pattern under
         * the same limits. */
        done = r->re && pcre2_jit_compile(r->re, PCRE2_JIT_COMPLETE) == 0
                   ? JIT_READY : JIT_FAILED;
        atomic_store_explicit(&j->done[i], done, memory_order_release);
    }
    pthread_mutex_unlock(&j->mu[i % JIT_LOCKS]);
    return done == JIT_READY;
}

void rules_begin_doc(const struct rule_set *rs, size_t bytes)
{
    struct jit_once *j = rs->jit;
    size_t i = rs->n_rules;     /* the slot after the rules' */

    if (!j)
        return;
    if (atomic_load_explicit(&j->doc_bytes, memory_order_relaxed) <
        RULES_JIT_WARM_BYTES)
        atomic_fetch_add_explicit(&j->doc_bytes, bytes,
                                  memory_order_relaxed);
    if (atomic_load_explicit(&j->done[i], memory_order_acquire))
        return;
    if (atomic_fetch_add_explicit(&j->seen[i], bytes, memory_order_relaxed) +
            bytes < RULES_LABELS_JIT_AFTER_BYTES)
        return;
    pthread_mutex_lock(&j->mu[i % JIT_LOCKS]);
    if (!atomic_load_explicit(&j->done[i], memory_order_relaxed)) {
        pcre2_code *const re[] = {rs->heading_re, rs->glued_re,
                                  rs->glued_first_re, rs->tail_re};
        for (size_t k = 0; k < sizeof re / sizeof *re; k++)
            if (re[k])
                pcre2_jit_compile(re[k], PCRE2_JIT_COMPLETE);
        atomic_store_explicit(&j->done[i], JIT_READY, memory_order_release);
    }
    pthread_mutex_unlock(&j->mu[i % JIT_LOCKS]);
}

void rules_fini(struct rule_set *rs)
{
    if (rs->jit) {
        for (size_t k = 0; k < JIT_LOCKS; k++)
            pthread_mutex_destroy(&rs->jit->mu[k]);
        free(rs->jit->done);
        free(rs->jit->seen);
        free(rs->jit);
    }
    multilit_free(rs->lit_scan);
    for (size_t i = 0; i < rs->n_rules; i++) {
        struct rule *r = &rs->rules[i];
        pcre2_code_free(r->re);
        for (size_t j = 0; j < r->n_splits; j++)
            pcre2_code_free(r->splits[j].re);
        free(r->splits);
        free(r->filters);
        free(r->examples);
        free(r->group_col);
    }
    free(rs->rules);
    for (size_t i = 0; i < rs->n_lists; i++) {
        gaz_fini(&rs->lists[i]);
    }
    free(rs->lists);
    free(rs->headings);
    free(rs->langs);
    free(rs->lang_words);
    pcre2_code_free(rs->heading_re);
    pcre2_code_free(rs->glued_re);
    pcre2_code_free(rs->tail_re);
    pcre2_code_free(rs->glued_first_re);
    if (rs->mem) {
        arena_fini(rs->mem);
        free(rs->mem);
    }
    if (rs->list_mem) {
        arena_fini(rs->list_mem);
        free(rs->list_mem);
    }
    pcache_pool_free(rs->pool);     /* after every code is freed */
    memset(rs, 0, sizeof *rs);
}

char *rules_default_dir(const char *opt)
{
    const char *env = getenv("UTDRAG_RULES");
    char exe[PATH_MAX];
    ssize_t n;

    if (opt)
        return xstrdup(opt);
    if (env && *env)
        return xstrdup(env);
    n = readlink("/proc/self/exe", exe, sizeof exe - 1);
    if (n > 0) {
        exe[n] = '\0';
        char *slash = strrchr(exe, '/');
        if (slash) {
            *slash = '\0';
            char *p = xasprintf("%s/rules", exe);
            if (fs_is_dir(p))
                return p;
            free(p);
            p = xasprintf("%s/../share/utdrag/rules", exe);
            if (fs_is_dir(p))
                return p;
            free(p);
        }
    }
    if (fs_is_dir(UTDRAG_DATADIR "/rules"))
        return xstrdup(UTDRAG_DATADIR "/rules");
    diag_error("no rules directory found (use --rules DIR or UTDRAG_RULES)");
    return NULL;
}
