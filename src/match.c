/*
 * match.c - stage 3b: run compiled rules over one normalized document.
 */
/* SPDX-License-Identifier: MIT */
#include "match.h"

#include <limits.h>
#include <string.h>

#include <utf8proc.h>

#include "arena.h"
#include "hash.h"
#include "multilit.h"
#include "normalize.h"
#include "stats.h"
#include "xalloc.h"

/* Generous for news articles (a few KB to a few MB) and still bounded:
 * a catastrophic pattern gives up after about a tenth of a second.  The
 * document budget is 25 such calls (a few seconds at most): a pattern
 * that backtracks a lot on every line, each call under the match limit,
 * no longer takes half a minute over 20,000 lines.  No document of
 * samples/ or of the bench corpus is charged anything near it (their
 * largest charge is in the commit that set it). */
const struct match_limits MATCH_LIMITS_DEFAULT = {
    .match_limit = 2000000,
    .depth_limit = 100000,
    .heap_limit_kib = 64 * 1024,
    .jit_stack_max = 1024 * 1024,
    .doc_budget = 25 * (uint64_t)2000000,
    /* Every hit of a rule can carry a long value (a `set` constant, a
     * lookahead group) and cutting costs the product: a 4 KB value cut
     * at each space for 5,000 hits took 18 GB and 90 s. */
    .split_pieces = 20000,
    .split_bytes = 1u << 20,
};

/* The first step of a call's match limit when a budget is kept (see
 * match.h); calls that need more are run again under 8 times as much.  A
 * call within it costs well under a millisecond, and is charged nothing.
 */
#define MATCH_TIER_FIRST 4096u
#define MATCH_TIER_STEP 8u

/* scan_matches(): the document's budget ran out (not a PCRE2 code). */
#define MATCH_RC_BUDGET (-100000)

struct matcher {
    const struct rule_set *rs;
    struct multilit_hits hits;  /* the current document's needs words */
    bool candidates;            /* run `candidates` rules */
    double *rule_sec;           /* per rule, when profiling; else NULL */
    pcre2_match_data *md;
    pcre2_match_context *mc;
    pcre2_match_context *label_mc; /* mc without an offset limit: a label
                                      is read inside a `near` rule's scan */
    pcre2_jit_stack *jit;
    struct win *near;           /* scan_near()'s windows, reused (heap) */
    size_t near_cap;
    uint32_t match_limit;       /* per call */
    uint64_t para_mask;         /* the rule runs only on paragraphs of
                                   these languages (0: on every one) */
    bool jitted;                /* the pattern being scanned has JIT code
                                   (rules_use()) */
    uint64_t budget;            /* per document; 0: none */
    uint64_t spent;             /* of it, in the current document */
    bool broke;                 /* the current document's budget ran out */
    size_t split_pieces;        /* struct match_limits */
    size_t split_bytes;
    struct gaz_memo **names;    /* per `names` rule, its scan's memo
                                   (made on first use), else NULL */
    int pronouns;               /* the list RULES_LIST_PRONOUNS, or -1 */
    int titles;                 /* the list RULES_LIST_TITLES, or -1 */
    int navigation;             /* RULES_LIST_NAVIGATION, or -1 */
    int firstnames;             /* the list RULES_LIST_FIRSTNAMES, or -1 */
    int place_lists[3];         /* places, municipalities, partners, or -1 */
};

struct matcher *match_new(const struct rule_set *rs,
                          const struct match_limits *lim)
{
    struct matcher *m = xcalloc(1, sizeof *m);
    uint32_t max_groups = 16;

    for (size_t i = 0; i < rs->n_rules; i++)
        if (rs->rules[i].n_groups > max_groups)
            max_groups = rs->rules[i].n_groups;
    m->rs = rs;
    m->names = xcalloc(rs->n_rules + 1, sizeof *m->names);
    m->md = pcre2_match_data_create(max_groups, NULL);
    m->mc = pcre2_match_context_create(NULL);
    m->jit = pcre2_jit_stack_create(32 * 1024, lim->jit_stack_max, NULL);
    if (!m->md || !m->mc || !m->jit) {
        match_free(m);
        xmalloc(SIZE_MAX);      /* reports out of memory and exits */
    }
    m->pronouns = rules_list_lookup(rs, RULES_LIST_PRONOUNS);
    m->titles = rules_list_lookup(rs, RULES_LIST_TITLES);
    m->navigation = rules_list_lookup(rs, RULES_LIST_NAVIGATION);
    m->firstnames = rules_list_lookup(rs, RULES_LIST_FIRSTNAMES);
    m->place_lists[0] = rules_list_lookup(rs, "places");
    m->place_lists[1] = rules_list_lookup(rs, "municipalities");
    m->place_lists[2] = rules_list_lookup(rs, "partners");
    m->match_limit = lim->match_limit;
    m->budget = lim->doc_budget;
    m->split_pieces = lim->split_pieces;
    m->split_bytes = lim->split_bytes;
    pcre2_set_match_limit(m->mc, lim->match_limit);
    pcre2_set_depth_limit(m->mc, lim->depth_limit);
    pcre2_set_heap_limit(m->mc, lim->heap_limit_kib);
    pcre2_jit_stack_assign(m->mc, NULL, m->jit);
    m->label_mc = pcre2_match_context_copy(m->mc);
    if (!m->label_mc) {
        match_free(m);
        xmalloc(SIZE_MAX);
    }
    return m;
}

void match_want_candidates(struct matcher *m, bool on)
{
    m->candidates = on;
}

void match_split_limits(const struct matcher *m, size_t *pieces,
                        size_t *bytes)
{
    *pieces = m->split_pieces;
    *bytes = m->split_bytes;
}

const double *match_profile(struct matcher *m)
{
    if (!m->rule_sec)
        m->rule_sec = xcalloc(m->rs->n_rules + 1, sizeof *m->rule_sec);
    return m->rule_sec;
}

void match_free(struct matcher *m)
{
    if (!m)
        return;
    for (size_t i = 0; m->names && i < m->rs->n_rules; i++)
        gaz_memo_free(m->names[i]);
    free(m->names);
    free(m->rule_sec);
    free(m->near);
    multilit_hits_fini(&m->hits);
    pcre2_match_data_free(m->md);
    pcre2_match_context_free(m->mc);
    pcre2_match_context_free(m->label_mc);
    pcre2_jit_stack_free(m->jit);
    free(m);
}

/* ---- document structure ---------------------------------------------- */

static bool blank(const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (s[i] != ' ')
            return false;
    return true;
}

static struct span line_span(const struct norm_text *nt, size_t i)
{
    size_t start = nt->lines[i].off;
    size_t end = i + 1 < nt->n_lines ? nt->lines[i + 1].off - 1 : nt->len;
    return (struct span){start, end};
}

static bool line_blank(const struct norm_text *nt, size_t i)
{
    struct span sp = line_span(nt, i);
    return blank(nt->s + sp.start, sp.end - sp.start);
}

/* Does line span sp end a sentence ("… i år.", "säger:", "… sa hon.”")? */
static bool ends_sentence(const struct norm_text *nt, struct span sp)
{
    size_t e = sp.end;
    while (e > sp.start && nt->s[e - 1] == ' ')
        e--;
    e = norm_before_closing(nt->s, sp.start, e);
    return e > sp.start && strchr(".!?:", nt->s[e - 1]) != NULL;
}

/* Does line span sp end with c?  A question ('?': an interviewer's, whose
 * answer stays in its paragraph) or an introduction (':', "X säger:",
 * "De nya partnerskapen är:"; not a quote's "… och fortsätter:") keeps
 * the lines below it. */
static bool ends_with(const struct norm_text *nt, struct span sp, char c)
{
    size_t e = sp.end;
    while (e > sp.start && nt->s[e - 1] == ' ')
        e--;
    return e > sp.start && nt->s[e - 1] == c;
}

/* Does line span sp open with a dialogue dash or an opening quotation mark
 * ("– Vi", "- Vi", "\"We", "»Vi" after normalization)? */
static bool opens_speech(const struct norm_text *nt, struct span sp)
{
    const unsigned char *t = (const unsigned char *)nt->s + sp.start;
    size_t n = sp.end - sp.start;
    /* (Normalized text: every dash is "–" or "-", every double quotation
     * mark but the guillemets '"'.) */
    if (n >= 2 && ((t[0] == '"' && t[1] != ' ') ||
                   (t[0] == '-' && t[1] == ' ')))
        return true;
    if (n >= 4 && t[0] == 0xE2 && t[1] == 0x80 && t[2] == 0x93)  /* – */
        return true;
    if (n >= 3 && t[0] == 0xC2 && (t[1] == 0xBB || t[1] == 0xAB))  /* » « */
        return true;
    return false;
}

/* Does line span sp start with a capital letter? */
static bool upper_start(const struct norm_text *nt, struct span sp)
{
    return sp.end > sp.start &&
           norm_opens_upper(nt->s + sp.start, sp.end - sp.start);
}

/* Does line span sp open with a dialogue dash and a space, or a
 * quotation mark, then a capital ("– Vi", "- Vi", "»Vi", "\"We")? */
static bool speech_capital(const struct norm_text *nt, struct span sp)
{
    const unsigned char *t = (const unsigned char *)nt->s + sp.start;
    size_t n = sp.end - sp.start, d = 0;
    if (n >= 3 && t[0] == '-' && t[1] == ' ')
        d = 2;
    else if (n >= 2 && t[0] == '"')
        d = 1;
    else if (n >= 3 && t[0] == 0xC2 && (t[1] == 0xBB || t[1] == 0xAB))
        d = 2;
    else if (n >= 5 && t[0] == 0xE2 && t[1] == 0x80 && t[2] == 0x93 &&
             t[3] == ' ')
        d = 4;
    return d && upper_start(nt, (struct span){sp.start + d, sp.end});
}

/* Does line span sp start with a lower-case letter? */
static bool lower_start(const struct norm_text *nt, struct span sp)
{
    return sp.end > sp.start &&
           norm_opens_lower(nt->s + sp.start, sp.end - sp.start);
}

/* Does line span sp open with a list bullet or number ("- ", "• ", "* ",
 * "4. ")?  A list's items stay together. */
static bool list_item(const struct norm_text *nt, struct span sp)
{
    const unsigned char *t = (const unsigned char *)nt->s + sp.start;
    size_t n = sp.end - sp.start, d = 0;
    if (n >= 2 && (t[0] == '-' || t[0] == '*') && t[1] == ' ')
        return true;
    if (n >= 4 && t[0] == 0xE2 && t[1] == 0x80 && t[2] == 0xA2)  /* • */
        return true;
    while (d < n && d < 3 && t[d] >= '0' && t[d] <= '9')
        d++;
    return d && d + 1 < n && (t[d] == '.' || t[d] == ')') && t[d + 1] == ' ';
}

/* Paragraphs: runs of non-blank lines.  A scraper that writes one line per
 * paragraph, with no blank line between ("… i år." / "– Vi är nöjda, säger
 * …"), still parts them: a line that opens with speech after a line that
 * ends a sentence starts a paragraph of its own; and where most long lines
 * end a sentence (lines are paragraphs, not a text wrapped at a width), so
 * does a line opening with a capital after a long line that ends one. */
static void find_paragraphs(struct arena *a, const struct norm_text *nt,
                            struct match_result *out)
{
    size_t cap = 0;
    bool open = false;
    struct span prev = {0, 0};

    /* Lines that are paragraphs: most lines of prose end a sentence (a
     * text wrapped at a width ends most of its lines mid-sentence), or
     * hardly a line breaks a sentence before a lower-case word (a page
     * whose headings, list lines and navigation end no sentence, where a
     * wrapped text breaks before one line in two). */
    size_t prose = 0, whole = 0, broken = 0;
    for (size_t i = 0; i < nt->n_lines; i++) {
        struct span sp = line_span(nt, i);
        if (sp.end - sp.start < 40)
            continue;
        prose++;
        if (ends_sentence(nt, sp))
            whole++;
        else if (i + 1 < nt->n_lines && lower_start(nt, line_span(nt, i + 1)))
            broken++;
    }
    bool line_paras = prose >= 3 && (2 * whole >= prose ||
                                     (whole >= 3 && 4 * broken <= whole));

    for (size_t i = 0; i < nt->n_lines; i++) {
        struct span sp = line_span(nt, i);
        if (line_blank(nt, i)) {
            open = false;
            continue;
        }
        /* A dialogue dash or a quotation mark and a capital open a
         * paragraph even under a line that ends no sentence (a post's "…
         * ungas inflytande 💧" / "– Det här är början …"); a colon's or a
         * comma's line keeps it. */
        if (open && !ends_sentence(nt, prev) && !ends_with(nt, prev, ',') &&
            speech_capital(nt, sp))
            open = false;
        else if (open && ends_sentence(nt, prev) && !ends_with(nt, prev, '?') &&
            !(ends_with(nt, prev, ':') && !opens_speech(nt, prev)) &&
            !(list_item(nt, prev) && list_item(nt, sp)) &&
            (opens_speech(nt, sp) ||
             (line_paras && prev.end - prev.start >= 40 &&
              upper_start(nt, sp)) ||
             /* an attribution the line break parted from its quote
              * (", säger Eva Berg.") ends the quote's paragraph, and a
              * post's hashtags ("#Karlskoga #Štip") are no part of the
              * sentence above them */
             (nt->s[prev.start] == ',' && upper_start(nt, sp)) ||
             (sp.end > sp.start + 1 && nt->s[sp.start] == '#' &&
              nt->s[sp.start + 1] != ' ')))
            open = false;
        prev = sp;
        if (open) {
            out->paras[out->n_paras - 1].end = sp.end;
            continue;
        }
        if (out->n_paras == cap) {
            size_t ncap = cap ? cap * 2 : 64;
            out->paras = arena_grow(a, out->paras, cap, ncap,
                                    sizeof *out->paras);
            cap = ncap;
        }
        out->paras[out->n_paras++] = sp;
        open = true;
    }
}

/* The heading whose group of heading_re/glued_re/tail_re matched (group
 * i + 1 is heading i), or -1. */
static int heading_group(const struct rule_set *rs, int rc,
                         const PCRE2_SIZE *ov)
{
    for (size_t g = 1; g <= rs->n_headings && (int)g < rc; g++)
        if (ov[2 * g] != PCRE2_UNSET)
            return (int)g - 1;
    return -1;
}

/* The offset of the UTF-8 character after the one at pos, by end. */
static size_t next_char(const char *s, size_t pos, size_t end)
{
    pos++;
    while (pos < end && ((unsigned char)s[pos] & 0xC0) == 0x80)
        pos++;
    return pos;
}

/* Heading index of line i, with the inline value span, or -1. */
/* Is text [first, end) (first not a space) a heading: a label alone, or
 * "Label: value" (then *inline_val is the value)?  The heading's index,
 * or -1. */
static int label_at(struct matcher *m, const struct norm_text *nt,
                    size_t first, size_t end, struct span *inline_val)
{
    const struct rule_set *rs = m->rs;

    if (first == end || !rs->heading_first[(unsigned char)nt->s[first]])
        return -1;              /* no label starts with this byte */
    /* A heading is a label alone, or a label, spaces and a colon: a line
     * whose text before its first colon (or the whole line) is longer
     * than any label cannot be one, and PCRE2 need not look. */
    size_t last = end;
    const char *colon = memchr(nt->s + first, ':', end - first);
    if (colon)
        last = (size_t)(colon - nt->s);
    while (last > first && nt->s[last - 1] == ' ')
        last--;
    if (last - first > rs->heading_max)
        return -1;
    int rc = pcre2_match(rs->heading_re, (PCRE2_SPTR)nt->s + first,
                         end - first, 0, PCRE2_NO_UTF_CHECK, m->md,
                         m->label_mc);
    if (rc <= 0)
        return -1;
    PCRE2_SIZE *ov = pcre2_get_ovector_pointer(m->md);
    int h = heading_group(rs, rc, ov);
    size_t ig = rs->n_headings + 1;
    *inline_val = (struct span){0, 0};
    if ((int)ig < rc && ov[2 * ig] != PCRE2_UNSET && ov[2 * ig + 1] > ov[2 * ig])
        *inline_val = (struct span){first + ov[2 * ig], first + ov[2 * ig + 1]};
    return h;
}

/* The heading line i is, or -1: a label at the start of the line, or a
 * "Label: value" the scraper ran into a paragraph after the end of a
 * sentence ("... on cooperation. Area of Cooperation: Waste Management
 * The letter ..."); *inline_val is the value if the line gives one. */
static int heading_of(struct matcher *m, const struct norm_text *nt,
                      size_t i, struct span *inline_val)
{
    const struct rule_set *rs = m->rs;
    struct span sp = line_span(nt, i);

    if (!rs->heading_re || sp.end == sp.start)
        return -1;
    size_t first = sp.start;
    while (first < sp.end && nt->s[first] == ' ')
        first++;
    int h = label_at(m, nt, first, sp.end, inline_val);
    if (h >= 0)
        return h;
    for (const char *c = memchr(nt->s + first, ':', sp.end - first); c;
         c = memchr(c + 1, ':', nt->s + sp.end - (c + 1))) {
        size_t at = (size_t)(c - nt->s), s = at;
        while (s > first + 2 && at - s <= rs->heading_max &&
               !(nt->s[s - 1] == ' ' && strchr(".!?", nt->s[s - 2])))
            s--;
        if (s <= first + 2 || at - s > rs->heading_max)
            continue;
        h = label_at(m, nt, s, sp.end, inline_val);
        if (h >= 0 && inline_val->end > inline_val->start)
            return h;
    }
    return -1;
}

/* Is c, the byte before a label, the end of a value the label was run
 * onto: a lower-case letter, a digit, a closing mark, or any letter
 * beyond ASCII? */
static bool glued_after(unsigned char c)
{
    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c >= 0x80 ||
           c == ')' || c == '.' || c == ',';
}

/* Does s[0..n) open with a label as written (glued_first_re's first
 * step, without PCRE2: most lines open with none)?  An empty label opens
 * every text. */
static bool opens_with_label(const struct rule_set *rs, const char *s,
                             size_t n)
{
    unsigned char c = (unsigned char)s[0];
    if (rs->label_at[1] > 0)
        return true;                    /* an empty label */
    for (size_t i = rs->label_at[c]; i < rs->label_at[c + 1]; i++) {
        size_t l = strlen(rs->label_first[i]);
        if (l <= n && memcmp(s, rs->label_first[i], l) == 0)
            return true;
    }
    return false;
}

/* The sections of line i if it is a metadata block a scraper ran into
 * one line, its labels glued to their values: "Svensk partnerRegion
 * VästerbottenInternationell partnerKitui CountyTemaLokal demokrati".
 * The line opens with a label (as written, case and all) that a capital
 * or a digit follows; each later label follows a lower-case letter, a
 * digit or a closing mark.  A label's value runs up to the next label.
 * Stores at most max sections in out; returns how many. */
#define GLUED_MAX 32

static size_t glued_sections(struct matcher *m, const struct norm_text *nt,
                             size_t i, struct section *out, size_t max)
{
    const struct rule_set *rs = m->rs;
    struct span sp = line_span(nt, i);
    size_t first = sp.start, n = 0, pos;

    while (first < sp.end && nt->s[first] == ' ')
        first++;
    if (!rs->glued_re || first == sp.end ||
        !opens_with_label(rs, nt->s + first, sp.end - first))
        return 0;
    for (pos = first; n < max && pos < sp.end;) {
        /* The first label must open the line: anchored there, PCRE2 does
         * not search the rest of a line that opens with none. */
        int rc = pcre2_match(n ? rs->glued_re : rs->glued_first_re,
                             (PCRE2_SPTR)nt->s, sp.end, pos,
                             PCRE2_NO_UTF_CHECK, m->md, m->mc);
        if (rc <= 0)
            break;
        PCRE2_SIZE *ov = pcre2_get_ovector_pointer(m->md);
        size_t ms = ov[0], me = ov[1];
        if (n == 0 && ms != first)
            return 0;
        unsigned char prev = (unsigned char)nt->s[ms - (ms > 0)];
        if (n && (!glued_after(prev) || prev == ',')) {
            /* on past the label's first character */
            pos = next_char(nt->s, ms, sp.end);
            continue;
        }
        int hg = heading_group(rs, rc, ov);
        size_t h = hg >= 0 ? (size_t)hg : 0;
        if (n)
            out[n - 1].body.end = ms;
        out[n++] = (struct section){.heading = h, .line_start = i,
                                    .body = {me, sp.end}};
        pos = me;
    }
    /* A label glued to the next one has no value. */
    size_t k = 0;
    for (size_t j = 0; j < n; j++)
        if (out[j].body.end > out[j].body.start)
            out[k++] = out[j];
    return k;
}


/* Section sec's body may end in a label the scraper ran onto its value
 * ("Digital vård i glesbygdGlobala mål" above the goals, "Crisis
 * preparednessTags: Water, Training"): the body ends before the label,
 * and the label opens a section of its own, whose body is the rest of
 * the old one (after the colon, or the lines below).  False if there is
 * none. */
static bool split_tail(struct matcher *m, const struct norm_text *nt,
                       struct section *sec, struct section *tail)
{
    const struct rule_set *rs = m->rs;
    size_t pos = sec->body.start + 1, end = sec->body.end;

    while (rs->tail_re && pos < end) {
        int rc = pcre2_match(rs->tail_re, (PCRE2_SPTR)nt->s, end, pos,
                             PCRE2_NO_UTF_CHECK, m->md, m->mc);
        if (rc <= 0)
            return false;
        PCRE2_SIZE *ov = pcre2_get_ovector_pointer(m->md);
        size_t ms = ov[0], me = ov[1];
        if (!glued_after((unsigned char)nt->s[ms - 1])) {
            pos = next_char(nt->s, ms, end);
            continue;
        }
        int hg = heading_group(rs, rc, ov);
        size_t h = hg >= 0 ? (size_t)hg : 0;
        size_t st = me;
        while (st < end && nt->s[st] == ' ')
            st++;
        if (st < end && nt->s[st] == ':')
            st++;
        while (st < end && (nt->s[st] == ' ' || nt->s[st] == '\n'))
            st++;
        *tail = (struct section){.heading = h,
                                 .line_start = norm_line_index(nt, ms),
                                 .body = {st, end}};
        sec->body.end = ms;
        return true;
    }
    return false;
}

/* Append sec to out->sections, whose capacity is *cap. */
static void add_section(struct arena *a, struct match_result *out,
                        size_t *cap, struct section sec)
{
    if (out->n_sections == *cap) {
        size_t ncap = *cap ? *cap * 2 : 16;
        out->sections = arena_grow(a, out->sections, *cap, ncap,
                                   sizeof *out->sections);
        *cap = ncap;
    }
    out->sections[out->n_sections++] = sec;
}

/* Does line i open with a list number ("6. ", "11 - ", "4: ")? */
static bool numbered_item(const struct norm_text *nt, size_t i)
{
    struct span sp = line_span(nt, i);
    size_t p = sp.start, d = 0;
    while (p < sp.end && nt->s[p] == ' ')
        p++;
    while (p < sp.end && d < 3 && nt->s[p] >= '0' && nt->s[p] <= '9') {
        p++;
        d++;
    }
    if (!d || d > 2)
        return false;
    if (p < sp.end && nt->s[p] == ' ')
        p++;
    if (p < sp.end && strchr(".:-", nt->s[p]))
        return p + 1 < sp.end && nt->s[p + 1] == ' ';
    /* "– " (E2 80 93) */
    return sp.end - p > 3 && (unsigned char)nt->s[p] == 0xE2 &&
           (unsigned char)nt->s[p + 1] == 0x80 &&
           (unsigned char)nt->s[p + 2] == 0x93 && nt->s[p + 3] == ' ';
}

#define TABLE_HEADER_MIN 3

/* Is line i a page's navigation, of rules/lists/navigation.tsv ("Dela
 * sidan", "Relaterade projekt", "Läs fler nyheter"), alone or before a
 * colon ("Dela: LinkedIn Facebook")?  A metadata block ends there: a
 * scraper that leaves no blank line runs the block on into the page's
 * furniture. */
static bool nav_line(const struct matcher *m, struct arena *a,
                     const struct norm_text *nt, size_t i)
{
    if (m->navigation < 0)
        return false;
    struct span sp = line_span(nt, i);
    size_t s = sp.start, e = sp.end;
    while (s < e && nt->s[s] == ' ')
        s++;
    const char *colon = memchr(nt->s + s, ':', e - s);
    if (colon)
        e = (size_t)(colon - nt->s);
    while (e > s && nt->s[e - 1] == ' ')
        e--;
    if (e == s || e - s > 60)
        return false;
    const struct gazetteer *g = &m->rs->lists[m->navigation];
    char *key = norm_key(a, nt->s + s, e - s, NULL);
    return key && gaz_find(g, key) != NULL;
}

static void find_sections(struct matcher *m, struct arena *a,
                          const struct norm_text *nt,
                          struct match_result *out)
{
    int *head = NULL;
    struct span *inl = NULL;
    size_t cap = 0;

    if (!m->rs->n_headings)
        return;
    head = arena_alloc(a, nt->n_lines * sizeof *head);
    inl = arena_alloc(a, nt->n_lines * sizeof *inl);
    for (size_t i = 0; i < nt->n_lines; i++)
        head[i] = heading_of(m, nt, i, &inl[i]);
    /* Three or more labels alone on consecutive lines are the header row
     * of a table flattened to a cell per line ("Hromada", "Oblast",
     * "Swedish partner" over the rows): they end the blocks above them,
     * but open none (the rows are no values). */
    size_t row_end = 0;         /* lines [.., row_end) are header cells */
    for (size_t i = 0; i < nt->n_lines; i++) {
        if (head[i] >= 0 && i >= row_end) {
            size_t j = i;
            while (j < nt->n_lines && head[j] >= 0 &&
                   inl[j].end == inl[j].start)
                j++;
            if (j - i >= TABLE_HEADER_MIN)
                row_end = j;
        }
        if (i < row_end)
            continue;
        if (head[i] < 0) {
            struct section g[GLUED_MAX];
            size_t ng = glued_sections(m, nt, i, g, GLUED_MAX);
            for (size_t j = 0; j < ng; j++) {
                add_section(a, out, &cap, g[j]);
            }
            continue;
        }
        struct section sec = {.heading = (size_t)head[i],
                              .line_start = i, .body = inl[i]};
        if (inl[i].end == inl[i].start) {
            /* Body: the lines below, up to a blank line or the next
             * heading; blank lines right under the heading are skipped. */
            size_t j = i + 1;
            while (j < nt->n_lines && line_blank(nt, j))
                j++;
            size_t k = j;
            struct section g[GLUED_MAX];
            for (;;) {
                while (k < nt->n_lines && head[k] < 0 && !line_blank(nt, k) &&
                       !glued_sections(m, nt, k, g, GLUED_MAX) &&
                       !nav_line(m, a, nt, k))
                    k++;    /* up to a label glued to its value, or the
                               page's navigation, too */
                /* A numbered list with blank lines between its items
                 * ("6. Rent vatten …" / "" / "11. Hållbara städer …")
                 * goes on past them while the items are numbered. */
                size_t n2 = k;
                while (n2 < nt->n_lines && line_blank(nt, n2))
                    n2++;
                if (n2 == k || n2 >= nt->n_lines || head[n2] >= 0 ||
                    !numbered_item(nt, j) || !numbered_item(nt, n2))
                    break;
                k = n2;
            }
            if (k == j)
                continue;
            sec.body = (struct span){line_span(nt, j).start,
                                     line_span(nt, k - 1).end};
        }
        add_section(a, out, &cap, sec);
    }
    /* Labels run onto the end of a value; a split-off section may end in
     * one too, so the loop reads the sections it adds. */
    for (size_t s = 0; s < out->n_sections; s++) {
        struct section tail;
        if (!split_tail(m, nt, &out->sections[s], &tail) ||
            tail.body.end <= tail.body.start)
            continue;
        add_section(a, out, &cap, tail);
    }
    arena_free(a, inl);         /* a long document's are blocks */
    arena_free(a, head);
}

size_t match_para_of(const struct match_result *mr, size_t off)
{
    size_t lo = 0, hi = mr->n_paras;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (mr->paras[mid].start <= off)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo ? lo - 1 : 0;
}

int match_find(struct matcher *m, const pcre2_code *re, const char *s,
               size_t len, size_t pos, size_t *ms, size_t *me)
{
    int rc = pcre2_match(re, (PCRE2_SPTR)s, len, pos, PCRE2_NO_UTF_CHECK,
                         m->md, m->mc);
    if (rc == PCRE2_ERROR_NOMATCH)
        return 0;
    if (rc < 0)
        return rc;
    PCRE2_SIZE *ov = pcre2_get_ovector_pointer(m->md);
    *ms = ov[0];
    *me = ov[1];
    return 1;
}

/* ---- running rules ---------------------------------------------------- */

/* Capacity of match_result.hits while it grows, and the current rule's
 * matches in this document. */
struct hit_buf {
    size_t cap;
    size_t rule_hits;
};

/* No article holds this many matches of one rule: past it the rule stops
 * for the document (with a message), which bounds the memory a pathological
 * document (4 MB of "Falun och Kolomyia, ...") can take. */
#define MATCH_MAX_HITS 5000

/* A group's value: without white space at its ends, and with line breaks
 * inside (a value wrapped over lines) read as spaces. */
static const char *trimmed(struct arena *a, const char *s, size_t n)
{
    while (n && (*s == ' ' || *s == '\n')) {
        s++;
        n--;
    }
    while (n && (s[n - 1] == ' ' || s[n - 1] == '\n'))
        n--;
    if (!n)
        return NULL;
    char *v = arena_strndup(a, s, n);
    for (char *p = v; (p = memchr(p, '\n', n - (size_t)(p - v))) != NULL;)
        *p++ = ' ';
    return v;
}

static void add_hit(struct arena *a, struct match_result *out,
                    struct hit_buf *hb, const struct hit *h)
{
    if (out->n_hits == hb->cap) {
        size_t ncap = hb->cap ? hb->cap * 2 : 64;
        out->hits = arena_grow(a, out->hits, hb->cap, ncap, sizeof *out->hits);
        hb->cap = ncap;
    }
    out->hits[out->n_hits++] = *h;
}

static void limit_message(struct arena *a, struct match_result *out,
                          const struct rule *r, int rc, uint32_t line)
{
    PCRE2_UCHAR msg[160];
    pcre2_get_error_message(rc, msg, sizeof msg);
    const char *m = arena_printf(a, "rule %s stopped at line %u: %s",
                                 r->name, (unsigned)line, (char *)msg);
    out->message = out->message
                       ? arena_printf(a, "%s; %s", out->message, m)
                       : m;
    out->limit_hit = true;
}

static void budget_message(struct arena *a, struct match_result *out,
                           const struct rule *r, uint32_t line)
{
    const char *m = arena_printf(a, "rule %s stopped at line %u: the "
                                 "document's match budget ran out, later "
                                 "rules skipped", r->name, (unsigned)line);
    out->message = out->message
                       ? arena_printf(a, "%s; %s", out->message, m)
                       : m;
    out->limit_hit = true;
}

/* First occurrence of needle[0..k) in s[0..n), or NULL.  memchr finds
 * candidates by the byte at 'at' (the needle's rarest, see
 * rules_needs_anchor()), then the rest compared: POSIX has no memmem. */
static const char *find_at(const char *s, size_t n, const char *needle,
                           size_t k, size_t at)
{
    if (k == 0)
        return s;
    for (size_t i = 0; i + k <= n;) {
        const char *p = memchr(s + i + at, needle[at], n - k + 1 - i);
        if (!p)
            return NULL;
        size_t start = (size_t)(p - s) - at;
        if (memcmp(s + start, needle, k) == 0)
            return s + start;
        i = start + 1;
    }
    return NULL;
}

/* The index (into m->hits.pos) of literal lit's first occurrence at or
 * after 'start' (its occurrences are in increasing order). */
static size_t occ_from(const struct matcher *m, size_t lit, size_t start)
{
    size_t lo = m->hits.lo[lit], hi = m->hits.hi[lit];
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (m->hits.pos[mid] < start)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo;
}

/* Does the document's [start, end) hold literal lit whole? */
static bool lit_in(const struct matcher *m, size_t lit, size_t start,
                   size_t end)
{
    size_t k = occ_from(m, lit, start);
    return k < m->hits.hi[lit] &&
           m->hits.pos[k] + m->rs->lits[lit].len <= end;
}

/* The words of needs line nd worth looking for in this document: the
 * line's own, or, for a line longer than the list of words the document
 * holds at all (a thousand common words spliced in), that list; then
 * 'in' is the line's set, and a word not in it is skipped.  Either way
 * the same occurrences (a line's duplicates aside). */
struct lits {
    const size_t *v;
    size_t n;
    const uint64_t *in;         /* or NULL: every word of v */
};

static struct lits lits_of(const struct matcher *m,
                           const struct rule_needs *nd)
{
    if (!nd->set || nd->n <= m->hits.n_found)
        return (struct lits){nd->lit, nd->n, NULL};
    return (struct lits){m->hits.found, m->hits.n_found, nd->set};
}

static bool lits_skip(const struct lits *l, size_t lit)
{
    return l->in && !(l->in[lit / 64] >> (lit % 64) & 1);
}

/* Does [start, end) hold a word of every line in groups[0..n_groups)? */
static bool has_groups(const struct matcher *m, const struct rule_needs *groups,
                       size_t n_groups, size_t start, size_t end)
{
    for (size_t g = 0; g < n_groups; g++) {
        struct lits l = lits_of(m, &groups[g]);
        bool any = false;
        for (size_t i = 0; !any && i < l.n; i++)
            any = !lits_skip(&l, l.v[i]) && lit_in(m, l.v[i], start, end);
        if (!any)
            return false;
    }
    return true;
}

/* Drop the occurrences of the words written with a \p{Lu} suffix that no
 * upper-case letter follows (struct literal): the kept ones stay in
 * order at the start of each word's range. */
static void keep_upper(struct matcher *m, const struct norm_text *nt)
{
    const struct rule_set *rs = m->rs;

    for (size_t f = 0; f < m->hits.n_found; f++) {
        size_t lit = m->hits.found[f], w = m->hits.lo[lit];
        if (!rs->lits[lit].upper)
            continue;
        for (size_t k = m->hits.lo[lit]; k < m->hits.hi[lit]; k++) {
            size_t next = m->hits.pos[k] + rs->lits[lit].len;
            if (next < nt->len &&
                RULES_UPPER_BYTE((unsigned char)nt->s[next]))
                m->hits.pos[w++] = m->hits.pos[k];
        }
        m->hits.hi[lit] = w;
    }
}

/* Start a document: find where every needs/context word occurs in it. */
static void begin_doc(struct matcher *m, struct arena *a,
                      const struct norm_text *nt)
{
    multilit_scan(m->rs->lit_scan, a, nt->s, nt->len, &m->hits);
    if (m->rs->any_upper)
        keep_upper(m, nt);
    rules_begin_doc(m->rs, nt->len);
    m->spent = 0;
    m->broke = false;
}

/* pcre2_match() of a rule's pattern, charged to the document's budget
 * (see match.h): MATCH_RC_BUDGET if the budget ran out, else what PCRE2
 * returned under the full match limit.  A result is the same as one call
 * under the full limit would give. */
/* One PCRE2 call: pcre2_jit_match() when the pattern has JIT code (what
 * pcre2_match() would run after its checks), else pcre2_match(). */
static int one_match(struct matcher *m, const pcre2_code *re, const char *s,
                     size_t len, size_t pos, uint32_t opts)
{
    if (m->jitted)
        return pcre2_jit_match(re, (PCRE2_SPTR)s, len, pos, opts, m->md,
                               m->mc);
    return pcre2_match(re, (PCRE2_SPTR)s, len, pos, opts, m->md, m->mc);
}

static int budget_match(struct matcher *m, const pcre2_code *re,
                        const char *s, size_t len, size_t pos, uint32_t opts)
{
    int rc;

    if (!m->budget)
        return one_match(m, re, s, len, pos, opts);
    for (uint64_t tier = MATCH_TIER_FIRST;; tier *= MATCH_TIER_STEP) {
        uint64_t left = m->budget - m->spent;
        uint64_t lim = tier < m->match_limit ? tier : m->match_limit;
        bool last = lim == m->match_limit;
        if (left <= lim) {
            lim = left;
            last = false;
        }
        if (!lim) {
            rc = MATCH_RC_BUDGET;
            break;
        }
        pcre2_set_match_limit(m->mc, (uint32_t)lim);
        rc = one_match(m, re, s, len, pos, opts);
        if (rc != PCRE2_ERROR_MATCHLIMIT)
            break;
        m->spent += lim;
        if (last)
            break;
    }
    pcre2_set_match_limit(m->mc, m->match_limit);
    return rc;
}

/* A part of a unit to scan: matches start in [start, lim] and end by
 * 'end' (lim is end where any start will do). */
struct win {
    size_t start, end, lim;
};

static int cmp_win(const void *pa, const void *pb)
{
    const struct win *x = pa, *y = pb;
    return x->start < y->start ? -1 : x->start > y->start;
}

struct spans {
    struct win *v;
    size_t n, cap;
};

/* Append sp to l, grown in arena a, or on the heap if a is NULL. */
static void add_span(struct arena *a, struct spans *l, struct win sp)
{
    if (l->n == l->cap) {
        size_t ncap = l->cap ? l->cap * 2 : 16;
        l->v = a ? arena_grow(a, l->v, l->cap, ncap, sizeof *l->v)
                 : xreallocarray(l->v, ncap, sizeof *l->v);
        l->cap = ncap;
    }
    l->v[l->n++] = sp;
}

/* Up to this many spans merge_spans() sorts by insertion. */
#define SPANS_INSERTION_MAX 64

/* Sort the spans of l by start and merge those that overlap or touch
 * (the start limit of a merged span is the latest of its parts'). */
static void merge_spans(struct spans *l)
{
    if (l->n < 2)
        return;
    bool sorted = true;
    for (size_t i = 1; i < l->n && sorted; i++)
        sorted = l->v[i - 1].start <= l->v[i].start;
    if (!sorted && l->n <= SPANS_INSERTION_MAX) {
        /* A few sorted runs (one per needs word): insertion sort, not a
         * qsort() call through a comparison function.  Spans of one
         * start merge into one whatever their order. */
        for (size_t i = 1; i < l->n; i++) {
            struct win x = l->v[i];
            size_t j = i;
            for (; j > 0 && l->v[j - 1].start > x.start; j--)
                l->v[j] = l->v[j - 1];
            l->v[j] = x;
        }
    } else if (!sorted) {
        qsort(l->v, l->n, sizeof *l->v, cmp_win);
    }
    size_t w = 0;
    for (size_t i = 1; i < l->n; i++) {
        if (l->v[i].start <= l->v[w].end) {
            if (l->v[i].end > l->v[w].end)
                l->v[w].end = l->v[i].end;
            if (l->v[i].lim > l->v[w].lim)
                l->v[w].lim = l->v[i].lim;
        } else {
            l->v[++w] = l->v[i];
        }
    }
    l->n = w + 1;
}

/* Count one more match of r in this document: after MATCH_MAX_HITS the
 * rule stops, with a message.  False then. */
static bool count_hit(struct arena *a, const struct rule *r,
                      struct match_result *out, struct hit_buf *hb)
{
    if (++hb->rule_hits <= MATCH_MAX_HITS)
        return true;
    const char *msg = arena_printf(a, "rule %s: more than %d matches, the "
                                   "rest ignored", r->name, MATCH_MAX_HITS);
    out->message = out->message ? arena_printf(a, "%s; %s", out->message, msg)
                                : msg;
    return false;
}

/* A match of r becomes a hit: the `set` columns fill what its groups
 * left empty, and it counts towards the rule's limit (false: the rule
 * stops here). */
static bool keep_hit(struct arena *a, const struct rule *r,
                     struct match_result *out, struct hit_buf *hb,
                     struct hit *h)
{
    for (int c = 0; c < COL__COUNT; c++)
        if (r->set[c] && !h->col[c])
            h->col[c] = r->set[c];
    if (!count_hit(a, r, out, hb))
        return false;
    add_hit(a, out, hb, h);
    return true;
}

/* Does offset 'at' open a line that is a metadata label alone
 * ("Samarbetsland" above "Moldavien")?  Such a line is a header, and a
 * mention starting there reads the label as a place. */
static bool on_label_line(struct matcher *m, const struct norm_text *nt,
                          size_t at)
{
    size_t li = norm_line_index(nt, at);
    struct span ls = line_span(nt, li);
    size_t first = ls.start;
    while (first < ls.end && nt->s[first] == ' ')
        first++;
    if (first != at)
        return false;           /* most mentions: no PCRE2 call */
    struct span inl;
    return heading_of(m, nt, li, &inl) >= 0 && inl.end == inl.start;
}

/* Is offset 'at' on a line of several partners run together, right under
 * a partner block's label ("Internationell partner" / "Krāslavas
 * novadsRēzeknes novadsTalsu novads")?  Such a block gives tags, never
 * pairs (GUIDE), so its names are no mentions either. */
static bool in_glued_partners(struct matcher *m, const struct norm_text *nt,
                              size_t at)
{
    size_t li = norm_line_index(nt, at);
    if (li == 0)
        return false;
    /* Most mentions are on lines under a blank line or a paragraph: no
     * label above, nothing more to read. */
    struct span ls = line_span(nt, li), ps = line_span(nt, li - 1), inl;
    if (ls.end - ls.start > 400 || ps.end - ps.start > 40 ||
        ps.end - ps.start < 7)
        return false;
    bool glued = false;
    utf8proc_int32_t prev = 0, c;
    for (size_t i = ls.start; i < ls.end && !glued;) {
        utf8proc_ssize_t k = utf8proc_iterate(
            (const utf8proc_uint8_t *)nt->s + i, (utf8proc_ssize_t)(ls.end - i),
            &c);
        if (k <= 0)
            break;
        glued = prev > 0 &&
                utf8proc_category(prev) == UTF8PROC_CATEGORY_LL &&
                utf8proc_category(c) == UTF8PROC_CATEGORY_LU;
        prev = c;
        i += (size_t)k;
    }
    if (!glued)
        return false;
    int h = heading_of(m, nt, li - 1, &inl);
    if (h < 0 || inl.end != inl.start)
        return false;
    const char *name = m->rs->headings[h].name;
    return strcmp(name, "intl_partner") == 0 ||
           strcmp(name, "swedish_partner") == 0;
}

/* Is offset 'at' in the inline value of a label whose block no table
 * takes ("Ämnen: Strömstad, Handel, Gränshandel, Norge", "Topics: …",
 * heading `other`)?  A subject list names topics, no sides. */
static bool in_other_label(struct matcher *m, const struct norm_text *nt,
                           size_t at)
{
    size_t li = norm_line_index(nt, at);
    struct span ls = line_span(nt, li), inl;
    const char *colon = memchr(nt->s + ls.start, ':',
                               at > ls.start ? at - ls.start : 0);
    if (!colon || (size_t)(colon - (nt->s + ls.start)) > 40)
        return false;           /* most mentions: no PCRE2 call */
    int h = heading_of(m, nt, li, &inl);
    return h >= 0 && inl.end > inl.start && at >= inl.start &&
           strcmp(m->rs->headings[h].name, "other") == 0;
}

/* Every match of r in w, a part of unit u: it starts in [w.start, w.lim]
 * and ends by w.end.  PCRE2 reads the unit from its start (so lookbehinds
 * see the text before w.start), but not past w.end, and $ does not match
 * at w.end unless the unit ends there.  A start limit before w.end needs a
 * pattern compiled with PCRE2_USE_OFFSET_LIMIT (rules with `near`, and
 * `persons` rules).  *next is set past each match.  False if a limit was
 * hit. */
/* "Hon säger:", "She said:": a speaker that is one capitalised word of
 * the pronouns list is that pronoun, in lower case, as resolve.c expects
 * of a pronoun (it then names the person mentioned before). */
static void pronoun_speaker(const struct matcher *m, struct arena *a,
                            struct hit *h)
{
    const char *sp = h->col[COL_SPEAKER];
    if (m->pronouns < 0 || !sp || !(*sp >= 'A' && *sp <= 'Z') ||
        strchr(sp, ' '))
        return;
    char *key = norm_key(a, sp, strlen(sp), NULL);
    if (key && gaz_find(&m->rs->lists[m->pronouns], key))
        h->col[COL_SPEAKER] = key;
}

/* Is the key a place of the lists that name places (places.tsv,
 * municipalities.tsv, partners.tsv, by their names in common.rules)? */
static bool is_place(const struct matcher *m, const char *key)
{
    for (int i = 0; key && i < 3; i++)
        if (m->place_lists[i] >= 0 &&
            gaz_find(&m->rs->lists[m->place_lists[i]], key))
            return true;
    return false;
}

/* Is a word whose key is k1, of 8 letters or more and no given name,
 * before next, a name that opens with a given name of
 * firstnames.tsv ("Kommunpolis Daniel Forsberg", "Bystyrerepresentant
 * Jonas Grønli"; not "Anna Karin Berg", "Inge Lise Bach")? */
static bool role_before_name(const struct matcher *m, struct arena *a,
                             const char *k1, const char *next)
{
    /* Compound role nouns are long; a short word may be a given name no
     * list knows ("Kari Helene Moe", "Dewi Kartika Sari"), or a family
     * name ("Nguyễn Văn Hùng": counted in letters, not bytes). */
    if (m->firstnames < 0 || !k1 || strlen(k1) < 8)
        return false;
    const struct gazetteer *fn = &m->rs->lists[m->firstnames];
    const char *ne = strchr(next, ' ');
    if (!ne || gaz_find(fn, k1))
        return false;
    /* "Abdul-Rahman Sulemana Issah": a word whose first part is a given
     * name is one too (the key has the hyphen as a space). */
    const char *sp1 = strchr(k1, ' ');
    if (sp1 && gaz_find(fn, arena_strndup(a, k1, (size_t)(sp1 - k1))))
        return false;
    /* "Kaj-Erik", "Anna-Karin": the given name is the first part. */
    const char *hy = memchr(next, '-', (size_t)(ne - next));
    char *k2 = norm_key(a, next, (size_t)(ne - next), NULL);
    char *k3 = hy ? norm_key(a, next, (size_t)(hy - next), NULL) : NULL;
    return (k2 && gaz_find(fn, k2)) || (k3 && gaz_find(fn, k3));
}

/* Does the speaker group of a match (ov, rc groups) open a sentence: the
 * start of the unit or of a line, or after ". ", "! ", "? ", ": ", a dash
 * or a quotation mark?  Unknown (true) if no group is the speaker. */
static bool speaker_opens(const struct rule *r, const char *subj,
                          const PCRE2_SIZE *ov, int rc)
{
    for (uint32_t g = 1; g < r->n_groups && (int)g < rc; g++) {
        if (r->group_col[g] != COL_SPEAKER || ov[2 * g] == PCRE2_UNSET)
            continue;
        size_t at = ov[2 * g];
        const unsigned char *u = (const unsigned char *)subj;
        if (at == 0 || u[at - 1] == '\n')
            return true;
        if (at < 2 || u[at - 1] != ' ')
            return false;
        unsigned char c = u[at - 2];
        if (c == '.' || c == '!' || c == '?' || c == ':' || c == '"' ||
            c == '\n' ||
            (at >= 4 && u[at - 4] == 0xE2 && u[at - 3] == 0x80) ||
            (at >= 3 && u[at - 3] == 0xC2 && u[at - 2] == 0xBB))
            return true;
        /* ... or ends a role phrase after a preposition: "rådmand for
         * Sundheds- og Kulturforvaltningen Mette Iversen" */
        static const char *const prep[] = {
            " for", " för", " i", " of", " på", " ved", " vid", " af",
            " at", " in", " til", " till", " hos", " fra", " från", " frå",
            " og", " och", " and", " de", " du", " der", " von", " van",
        };
        size_t w = at - 1;      /* the space before the speaker */
        while (w > 0 && u[w - 1] != ' ' && u[w - 1] != '\n')
            w--;
        for (size_t i = 0; w > 0 && i < sizeof prep / sizeof *prep; i++) {
            size_t l = strlen(prep[i]);
            for (size_t b = w; b > 0 && w - b < 60; b--) {
                if (u[b - 1] == ' ' && b - 1 + l <= at &&
                    memcmp(subj + b - 1, prep[i], l) == 0 &&
                    subj[b - 1 + l] == ' ')
                    return true;
                if (u[b - 1] == '.' || u[b - 1] == ',' || u[b - 1] == '\n')
                    break;
            }
        }
        return false;
    }
    return true;
}

/* "Mr Juma Mfinanga", "Ordfører Ola Nordstrøm" (a title capitalised at a
 * sentence start): a speaker of three words or more whose first is in the
 * titles list is the name after it; a title coded `role` becomes the
 * speaker's role where the rule found none.  A role title alone ("says
 * the Mayor") becomes a role noun ("mayor").  subj, ov and rc are the
 * match, read (speaker_opens()) only for a word no titles list knows. */
/* Does the word s[0, n) end in a Swedish definite genitive ("-ens",
 * "-ets", "-nas": "Oppositionens", "Centerpartiets", "Moderaternas")? */
static bool definite_genitive(const char *s, size_t n)
{
    static const char *const end[] = {"ens", "ets", "nas"};
    for (size_t i = 0; i < sizeof end / sizeof *end; i++)
        if (n > 5 && memcmp(s + n - 3, end[i], 3) == 0)
            return true;
    return false;
}

static void title_speaker(const struct matcher *m, struct arena *a,
                          struct hit *h, const char *subj,
                          const PCRE2_SIZE *ov, int rc)
{
    const char *sp = h->col[COL_SPEAKER];
    const char *rest = sp ? strchr(sp, ' ') : NULL;
    if (m->titles < 0 || !sp)
        return;
    if (!rest) {
        /* "says the Mayor", "says Her Worship the Mayor": a role title
         * alone, capitalised, is a role noun like "the mayor". */
        char *key = norm_key(a, sp, strlen(sp), NULL);
        const struct gaz_form *f =
            key && *sp >= 'A' && *sp <= 'Z'
                ? gaz_find(&m->rs->lists[m->titles], key) : NULL;
        if (f && strcmp(m->rs->lists[m->titles].entries[f->entry].code,
                        "role") == 0) {
            char *l = arena_strdup(a, sp);
            l[0] = (char)(l[0] - 'A' + 'a');
            h->col[COL_SPEAKER] = l;
        }
        return;
    }
    /* Two words: a title and a surname ("Cllr Mgudlwa", "Mayor Smith",
     * "Ms Holt"): the surname, which resolve links to the person named
     * in full, with a role title as the role. */
    bool two = !strchr(rest + 1, ' ');
    size_t wl = (size_t)(rest - sp);
    while (wl > 1 && sp[wl - 1] == '.')
        wl--;                           /* "Dr." */
    const struct gazetteer *g = &m->rs->lists[m->titles];
    char *key = norm_key(a, sp, wl, NULL);
    const struct gaz_form *f = key ? gaz_find(g, key) : NULL;
    if (!f && !two && role_before_name(m, a, key, rest + 1) &&
        !is_place(m, key) && speaker_opens(h->rule, subj, ov, rc)) {
        /* "Kommunpolis Daniel Forsberg understryker": a word no titles
         * list knows, capitalised at the sentence start, before a given
         * name of firstnames.tsv, is a role, not a first name.  (A place
         * there is the end of a role phrase: "Deputy Mayor of Ialoveni
         * Elena Ciobanu".)  Inside a sentence such a word is a given
         * name no list knows: "said Mwanajuma Hassan Baya". */
        h->col[COL_SPEAKER] = rest + 1;
        /* ... but a definite genitive ("Oppositionens Lena Malm",
         * "Centerpartiets Anna Ek") owns the person: no role. */
        if (!h->col[COL_ROLE] && !definite_genitive(sp, wl))
            h->col[COL_ROLE] = arena_strndup(a, sp, wl);
        return;
    }
    if (!f)
        return;
    h->col[COL_SPEAKER] = rest + 1;
    if (!h->col[COL_ROLE] && strcmp(g->entries[f->entry].code, "role") == 0)
        h->col[COL_ROLE] = arena_strndup(a, sp, wl);   /* as written: the
                                                          key is folded */
}

/* The first offset of s[pos, last] where a match of r can start (a byte
 * of r->first), or SIZE_MAX.  PCRE2 would skip the same bytes, after the
 * cost of a call.  A few first bytes (quotation marks, a dash) are rare
 * in text: memchr() finds each. */
static size_t next_start(const struct rule *r, const char *s, size_t pos,
                         size_t last)
{
    if (pos > last)
        return SIZE_MAX;
    if (r->n_first <= sizeof r->first_few) {
        size_t best = SIZE_MAX;
        for (unsigned i = 0; i < r->n_first; i++) {
            const char *p = memchr(s + pos, r->first_few[i], last + 1 - pos);
            if (p && (size_t)(p - s) < best) {
                best = (size_t)(p - s);
                last = best;    /* the next bytes need look no further */
            }
        }
        return best;
    }
    for (; pos <= last; pos++)
        if (r->first[(unsigned char)s[pos]])
            return pos;
    return SIZE_MAX;
}

/* "Dr.", "dr.", "Prof.": one short word ending in a period, a form of
 * address rather than a role. */
static bool honorific(const char *s)
{
    size_t n = strlen(s);
    return n >= 2 && n <= 5 && s[n - 1] == '.' && !strchr(s, ' ');
}

static bool scan_matches(struct matcher *m, struct arena *a,
                         const struct rule *r, const struct norm_text *nt,
                         struct span u, struct win w, struct match_result *out,
                         struct hit_buf *hb, size_t *next)
{
    const char *subj = nt->s + u.start;
    size_t len = w.end - u.start;
    size_t pos = w.start - u.start;
    uint32_t opts = PCRE2_NO_UTF_CHECK | (w.end < u.end ? PCRE2_NOTEOL : 0);
    /* The last offset a match can start at: by the start limit, and, with
     * first bytes known, before the end (a match is not empty then). */
    size_t last = (w.lim < w.end ? w.lim : w.end) - u.start;

    if (m->broke)
        return false;
    while (pos <= len) {
        /* Past the start limit (after a match near it) no match can
         * start: PCRE2 would only say so. */
        if (pos > last)
            return true;
        if (r->first_known) {
            pos = len ? next_start(r, subj, pos, last < len ? last : len - 1)
                      : SIZE_MAX;
            if (pos == SIZE_MAX)
                return true;
        }
        int rc = budget_match(m, r->re, subj, len, pos, opts);
        if (rc == PCRE2_ERROR_NOMATCH)
            return true;
        if (rc == MATCH_RC_BUDGET) {
            budget_message(a, out, r, norm_src_line(nt, u.start + pos));
            m->broke = true;
            return false;
        }
        if (rc < 0) {
            limit_message(a, out, r, rc, norm_src_line(nt, u.start + pos));
            return false;
        }
        PCRE2_SIZE *ov = pcre2_get_ovector_pointer(m->md);
        struct hit h = {.rule = r, .start = u.start + ov[0],
                        .end = u.start + ov[1]};
        h.para = match_para_of(out, h.start);
        for (uint32_t g = 1; g < r->n_groups && (int)g < rc; g++) {
            int c = r->group_col[g];
            if (c < 0 || ov[2 * g] == PCRE2_UNSET)
                continue;
            const char *v = trimmed(a, subj + ov[2 * g],
                                    ov[2 * g + 1] - ov[2 * g]);
            if (v && h.col[c] && c == COL_QUOTE)
                /* "– A, säger X. – B": quote A B */
                h.col[c] = arena_printf(a, "%s %s", h.col[c], v);
            else if (v && (!h.col[c] || honorific(h.col[c])))
                /* Two roles, or orgs, of one person ("said Councillor
                 * N, Cabinet Member for Communities"): the first, a
                 * title before the name, unless it is only an
                 * honorific ("Dr."); not the two run together. */
                h.col[c] = v;
        }
        size_t mend = ov[1];    /* on_label_line() reuses the match data */
        pronoun_speaker(m, a, &h);
        title_speaker(m, a, &h, subj, ov, rc);
        /* A header cell is never a place, but it may name a column
         * (mark column...: pairing's flattened tables). */
        const char *mk = h.col[COL_MARK] ? h.col[COL_MARK]
                                         : r->set[COL_MARK];
        bool column = mk && strncmp(mk, "column", 6) == 0;
        if (r->table == TAB_MENTIONS && !column &&
            (on_label_line(m, nt, h.start) ||
             in_glued_partners(m, nt, h.start) ||
             in_other_label(m, nt, h.start)))
            ;
        else if (!keep_hit(a, r, out, hb, &h))
            return false;
        *next = h.end;
        if (mend > pos) {
            pos = mend;
        } else {
            /* Empty match: step over one UTF-8 character. */
            pos++;
            while (pos < len && ((unsigned char)subj[pos] & 0xC0) == 0x80)
                pos++;
        }
    }
    return true;
}

static bool scan(struct matcher *m, struct arena *a, const struct rule *r,
                 const struct norm_text *nt, struct span u, struct win w,
                 struct match_result *out, struct hit_buf *hb, size_t *next)
{
    size_t ignored;
    if (!next)
        next = &ignored;
    m->jitted = rules_use(m->rs, r, w.end - w.start);
    if (w.lim >= w.end)
        return scan_matches(m, a, r, nt, u, w, out, hb, next);
    pcre2_set_offset_limit(m->mc, w.lim - u.start);
    bool ok = scan_matches(m, a, r, nt, u, w, out, hb, next);
    pcre2_set_offset_limit(m->mc, PCRE2_UNSET);
    return ok;
}

/* Widen [at, end) by 'reach' within 'u' to white space, so that a window
 * never starts or ends inside a word; matches in it start by 'at'.
 * window_start() is its start alone. */
static size_t window_start(const struct norm_text *nt, struct span u,
                           size_t at, size_t reach)
{
    size_t st = at > u.start + reach ? at - reach : u.start;
    while (st > u.start && nt->s[st - 1] != ' ' && nt->s[st - 1] != '\n')
        st--;
    return st;
}

static struct win window(const struct norm_text *nt, struct span u,
                         size_t at, size_t end, size_t reach)
{
    size_t en = end + reach < u.end ? end + reach : u.end;
    while (en < u.end && nt->s[en] != ' ' && nt->s[en] != '\n')
        en++;
    return (struct win){window_start(nt, u, at, reach), en, at};
}

/* A rule with `near`: the matches in unit u that start at most r->near
 * bytes before a word of its first needs line (widened to the start of a
 * word) and not after the word's start, nor after lim; with `near ...
 * window`, only in the windows that hold a word of every other needs
 * line between their start and their word.  They may end
 * anywhere in the unit.  One scan from left to right over those starts. */
static bool scan_near(struct matcher *m, struct arena *a, const struct rule *r,
                      const struct norm_text *nt, struct span u, size_t lim,
                      struct match_result *out, struct hit_buf *hb)
{
    const struct rule_needs *nd = &r->needs[0];
    /* In a buffer of the matcher's, not the document's arena: a long
     * article's windows, for every rule, would add up there. */
    struct spans w = {m->near, 0, m->near_cap};

    /* The starts around each word, [start, end = word]; merged where they
     * overlap or touch. */
    struct lits l = lits_of(m, nd);
    for (size_t i = 0; i < l.n; i++) {
        size_t lit = l.v[i], len = m->rs->lits[lit].len;
        if (lits_skip(&l, lit))
            continue;
        for (size_t k = occ_from(m, lit, u.start);
             k < m->hits.hi[lit] && m->hits.pos[k] + len <= u.end;
             k++) {
            size_t at = m->hits.pos[k];
            size_t st = window_start(nt, u, at, r->near);
            if (!r->near_window ||
                has_groups(m, r->needs + 1, r->n_needs - 1, st, at))
                add_span(NULL, &w, (struct win){st, at, at});
        }
    }
    m->near = w.v;
    m->near_cap = w.cap;
    merge_spans(&w);
    size_t from = u.start;      /* past the last match */
    for (size_t i = 0; i < w.n && w.v[i].start <= lim; i++) {
        struct win x = {w.v[i].start > from ? w.v[i].start : from, u.end,
                        w.v[i].end < lim ? w.v[i].end : lim};
        if (x.start > x.lim)
            continue;
        if (!scan(m, a, r, nt, u, x, out, hb, &from))
            return false;
    }
    return true;
}

/* Every match of r in nt->s[u.start, u.end) that starts by lim.  False
 * if a limit was hit. */
/* r's index in rs->rules, or SIZE_MAX if r is not one of them (a rule
 * test may run a rule of its own).  Compared as addresses: r need not
 * point into the array. */
static size_t rule_index(const struct rule_set *rs, const struct rule *r)
{
    uintptr_t at = (uintptr_t)r, first = (uintptr_t)rs->rules;
    if (at < first || at >= first + rs->n_rules * sizeof *r)
        return SIZE_MAX;
    return (at - first) / sizeof *r;
}

/* A `names` rule: every name of its lists in u (gaz_scan()) that starts
 * by lim is a hit filling the rule's column. */
static bool scan_names(struct matcher *m, struct arena *a,
                       const struct rule *r, const struct norm_text *nt,
                       struct span u, size_t lim, struct match_result *out,
                       struct hit_buf *hb)
{
    struct gaz_hit *gh;
    struct gaz_class cls[sizeof r->names / sizeof *r->names];
    for (size_t c = 0; c < r->n_names; c++)
        cls[c] = (struct gaz_class){r->names[c].lists, r->names[c].n_lists};
    size_t ri = rule_index(m->rs, r);
    struct gaz_memo *memo = NULL;
    if (ri < m->rs->n_rules) {
        if (!m->names[ri])
            m->names[ri] = gaz_memo_new();
        memo = m->names[ri];
    }
    size_t n = gaz_scan(a, m->rs->lists, cls, r->n_names, memo, nt->s,
                        u.start, u.end, lim, &gh);
    size_t i = 0;
    for (; i < n; i++) {
        struct hit h = {.rule = r, .start = gh[i].start, .end = gh[i].end,
                        .names = gh[i].ref.entry};
        h.para = match_para_of(out, h.start);
        h.col[r->names[gh[i].cls].col] =
            arena_strndup(a, nt->s + gh[i].start, gh[i].end - gh[i].start);
        if (r->table == TAB_MENTIONS && in_glued_partners(m, nt, h.start))
            continue;
        if (!keep_hit(a, r, out, hb, &h))
            break;
    }
    arena_free(a, gh);          /* copied into the hits */
    return i == n;
}

static bool run_part(struct matcher *m, struct arena *a,
                     const struct rule *r, const struct norm_text *nt,
                     struct span u, size_t lim, struct match_result *out,
                     struct hit_buf *hb)
{
    size_t len = u.end - u.start;

    if (r->n_names)
        return has_groups(m, r->needs, r->n_needs, u.start, u.end)
                   ? scan_names(m, a, r, nt, u, lim, out, hb) : true;

    if (r->anchored_first &&
        (!len || !r->first[(unsigned char)nt->s[u.start]]))
        return true;            /* cannot start here: PCRE2 not needed */
    if (!has_groups(m, r->needs, r->n_needs, u.start, u.end))
        return true;
    if (r->near)
        return scan_near(m, a, r, nt, u, lim, out, hb);
    return scan(m, a, r, nt, u, (struct win){u.start, u.end, lim}, out, hb,
                NULL);
}

/* Every match of r in nt->s[u.start, u.end). */
static bool run_unit(struct matcher *m, struct arena *a,
                     const struct rule *r, const struct norm_text *nt,
                     struct span u, struct match_result *out,
                     struct hit_buf *hb)
{
    return run_part(m, a, r, nt, u, u.end, out, hb);
}

static bool in_sections(const struct rule *r, size_t heading)
{
    for (size_t i = 0; i < r->n_sections; i++)
        if (r->sections[i] == heading)
            return true;
    return false;
}

/* The offset of the first word of r's first needs line at or after
 * 'from', or SIZE_MAX (without needs: 'from'). */
static size_t next_need(const struct matcher *m, const struct rule *r,
                        size_t from)
{
    if (!r->n_needs)
        return from;
    struct lits l = lits_of(m, &r->needs[0]);
    size_t best = SIZE_MAX;
    for (size_t i = 0; i < l.n; i++) {
        size_t lit = l.v[i];
        if (lits_skip(&l, lit))
            continue;
        size_t k = occ_from(m, lit, from);
        if (k < m->hits.hi[lit] && m->hits.pos[k] < best)
            best = m->hits.pos[k];
    }
    return best;
}

/* Run r over each line of span u that may hold a match (with `needs`: the
 * lines where a word of its first line occurs). */
static bool run_lines(struct matcher *m, struct arena *a,
                      const struct rule *r, const struct norm_text *nt,
                      struct span u, struct match_result *out,
                      struct hit_buf *hb)
{
    size_t i = norm_line_index(nt, u.start);
    while (i < nt->n_lines && nt->lines[i].off < u.end) {
        struct span ls = line_span(nt, i);
        size_t at = next_need(m, r, ls.start > u.start ? ls.start : u.start);
        if (at >= u.end)
            break;
        if (at >= ls.end) {             /* jump to the word's line */
            size_t j = norm_line_index(nt, at);
            i = j > i ? j : i + 1;      /* (a word may start at a '\n') */
            continue;
        }
        if (ls.start < u.start)
            ls.start = u.start;
        if (ls.end > u.end)
            ls.end = u.end;
        if (!run_unit(m, a, r, nt, ls, out, hb))
            return false;
        i++;
    }
    return true;
}

/* The first paragraph from index p on that may hold a match of r: with
 * `needs`, the first one where a word of its first line occurs (found
 * from the word's positions, not by testing each paragraph); else p. */
static size_t next_para(const struct matcher *m, const struct rule *r,
                        const struct match_result *out, size_t p)
{
    if (!r->n_needs || p >= out->n_paras)
        return p;
    size_t at = next_need(m, r, out->paras[p].start);
    return at == SIZE_MAX ? out->n_paras : match_para_of(out, at);
}

/* May paragraph p be read by the current rule (see para_mask)? */
static bool para_ok(const struct matcher *m, const struct match_result *out,
                    size_t p)
{
    return !m->para_mask ||
           (out->para_lang && p < out->n_paras &&
            out->para_lang[p] >= 0 && out->para_lang[p] < 64 &&
            (m->para_mask >> out->para_lang[p] & 1));
}

static void run_rule(struct matcher *m, struct arena *a,
                     const struct rule *r, const struct norm_text *nt,
                     struct match_result *out, struct hit_buf *hb)
{
    switch (r->scope) {
    case SCOPE_DOCUMENT:
        if (m->para_mask) {     /* only its language's paragraphs */
            for (size_t i = 0; i < out->n_paras; i++)
                if (para_ok(m, out, i) &&
                    !run_unit(m, a, r, nt, out->paras[i], out, hb))
                    break;
            break;
        }
        run_unit(m, a, r, nt, (struct span){0, nt->len}, out, hb);
        break;
    case SCOPE_PARAGRAPH:
        for (size_t i = next_para(m, r, out, 0); i < out->n_paras;
             i = next_para(m, r, out, i + 1))
            if (para_ok(m, out, i) &&
                !run_unit(m, a, r, nt, out->paras[i], out, hb))
                break;
        break;
    case SCOPE_LINE:
        run_lines(m, a, r, nt, (struct span){0, nt->len}, out, hb);
        break;
    case SCOPE_SECTION:
        for (size_t i = 0; i < out->n_sections; i++)
            if (in_sections(r, out->sections[i].heading) &&
                !run_lines(m, a, r, nt, out->sections[i].body, out, hb))
                break;
        break;
    }
}

/* Bytes of words for language detection: ASCII letters (c | 0x20 folds
 * them to lower case) and all bytes of UTF-8's multi-byte sequences. */
static bool is_word_byte(unsigned char c)
{
    return (unsigned char)((c | 0x20) - 'a') < 26 || c >= 0x80;
}

/* The language whose words occur most often in the first LANG_WINDOW
 * bytes (the first to reach LANG_ENOUGH wins), or -1 if none occurs (then
 * every rule runs).  A few dozen words tell Swedish from Norwegian. */
#define LANG_WINDOW 1536u
#define LANG_ENOUGH 15

/* Count the language words of s[0..len) into count[64]; stop early and
 * return a language once it has 'enough' words, else -1. */
/* The length of the punctuation character s[0..n) opens with: U+00A0 to
 * U+00BF but the letters ª µ º (« » NBSP ·), or U+2000 to U+206F (dashes,
 * “ ” ‘ ’ …); 0 if s opens with something else. */
static size_t punct_len(const char *s, size_t n)
{
    const unsigned char *u = (const unsigned char *)s;
    if (n >= 2 && u[0] == 0xC2 && u[1] >= 0xA0 && u[1] != 0xAA &&
        u[1] != 0xB5 && u[1] != 0xBA)
        return 2;
    if (n >= 3 && u[0] == 0xE2 && (u[1] == 0x80 || u[1] == 0x81))
        return 3;
    return 0;
}

/* The same for the character s[0..n) ends with. */
static size_t punct_before(const char *s, size_t n)
{
    if (n >= 2 && punct_len(s + n - 2, 2) == 2)
        return 2;
    if (n >= 3 && punct_len(s + n - 3, 3) == 3)
        return 3;
    return 0;
}

static int count_lang_words(const struct rule_set *rs, const char *s,
                            size_t len, unsigned *count, unsigned enough)
{
    /* Words are runs of letters: ASCII ones, and UTF-8 sequences (which
     * in these languages are letters: å ä ö æ ø é ...). */
    for (size_t i = 0; i < len;) {
        while (i < len && !is_word_byte((unsigned char)s[i]))
            i++;
        size_t st = i;
        while (i < len && is_word_byte((unsigned char)s[i]))
            i++;
        /* Marks written against the word ("«Для", "varför»", "“We")
         * are no part of it. */
        size_t en = i, k;
        while (st < en && (k = punct_len(s + st, en - st)))
            st += k;
        while (en > st && (k = punct_before(s + st, en - st)))
            en -= k;
        if (en == st || en - st > 24)
            continue;
        int l = rules_lang_word_n(rs, s + st, en - st);
        if (l >= 0 && l < 64 && ++count[l] >= enough)
            return l;
    }
    return -1;
}

/* The language with the most words in count[], or -1 if none has any
 * (a tie goes to the language defined first). */
static int most_words(const struct rule_set *rs, const unsigned *count)
{
    int best = -1;
    for (size_t l = 0; l < rs->n_langs && l < 64; l++)
        if (count[l] && (best < 0 || count[l] > count[best]))
            best = (int)l;
    return best;
}

static int detect_language(struct matcher *m, const struct norm_text *nt)
{
    const struct rule_set *rs = m->rs;
    unsigned count[64] = {0};
    size_t len = nt->len < LANG_WINDOW ? nt->len : LANG_WINDOW;

    if (!rs->n_langs)
        return -1;
    int l = count_lang_words(rs, nt->s, len, count, LANG_ENOUGH);
    return l >= 0 ? l : most_words(rs, count);
}

/* A paragraph has a language of its own when that language's words occur
 * in it at least PARA_LANG_MIN times and more than twice as often as the
 * document's: a quote in English on a Swedish page, a Swedish partner's
 * words in an English report, an English section of a Swedish newsletter.
 * Rules of that language then also run on the paragraph (`language`,
 * rules/README.md). */
#define PARA_LANG_MIN 3

/* The language of a paragraph's words outside its quotation marks ("…"
 * and »…« / «…»), when that is not doc's and doc has none of them
 * there: the narrator's ("\"We are not asking for charity\", säger Yulia
 * Boiko." in an English page is Swedish prose quoting English).  -1 when
 * the paragraph holds no quotation or its own words say nothing. */
static int narrator_language(const struct rule_set *rs, const char *s,
                             size_t len, int doc)
{
    unsigned count[64] = {0};
    bool quoted = false, any = false;
    size_t from = 0;

    /* Most paragraphs hold no quotation mark: not a word counted again. */
    if (!memchr(s, '"', len) && !memchr(s, 0xC2, len))
        return -1;
    for (size_t i = 0; i <= len; i++) {
        bool mark = false, close = false;
        size_t ml = 0;
        if (i < len && s[i] == '"') {
            mark = true, ml = 1, close = quoted;
        } else if (i + 1 < len && (unsigned char)s[i] == 0xC2 &&
                   ((unsigned char)s[i + 1] == 0xBB ||
                    (unsigned char)s[i + 1] == 0xAB)) {   /* » « */
            mark = true, ml = 2, close = quoted;
        }
        if (i == len || (mark && !quoted)) {
            if (i > from)
                count_lang_words(rs, s + from, i - from, count, UINT_MAX);
        }
        if (mark) {
            if (close)
                from = i + ml;
            quoted = !quoted;
            any = true;
            i += ml - 1;
        }
    }
    if (!any || quoted)
        return -1;
    int best = most_words(rs, count);
    return best >= 0 && best != doc && count[doc] == 0 ? best : -1;
}

static void detect_para_languages(struct matcher *m, struct arena *a,
                                  const struct norm_text *nt,
                                  struct match_result *out)
{
    const struct rule_set *rs = m->rs;
    int doc = out->lang;

    if (doc < 0 || doc >= 64 || rs->n_langs < 2)
        return;
    for (size_t p = 0; p < out->n_paras; p++) {
        unsigned count[64] = {0};
        struct span u = out->paras[p];
        count_lang_words(rs, nt->s + u.start, u.end - u.start, count,
                         UINT_MAX);
        int best = most_words(rs, count);
        if (best < 0 || best == doc || count[best] < PARA_LANG_MIN ||
            count[best] <= 2 * count[doc])
            best = narrator_language(rs, nt->s + u.start, u.end - u.start,
                                     doc);
        if (best < 0)
            continue;
        if (!out->para_lang) {
            out->para_lang = arena_alloc(a, out->n_paras *
                                                sizeof *out->para_lang);
            for (size_t k = 0; k < out->n_paras; k++)
                out->para_lang[k] = doc;
        }
        out->para_lang[p] = best;
    }
}


/* Where the `persons` rules should look.  Appositions only matter for
 * people who are quoted, and they stand right by the name: so the rules
 * read a window of PERSON_REACH bytes on each side of every occurrence of
 * a word of a quoted speaker's name (within its paragraph), and the whole
 * PRONOUN_REACH paragraphs before a quote attributed to a pronoun (whose
 * person is named somewhere there).  The persons rules are the costliest
 * to run, and this keeps them to a small part of a long article. */
#define PERSON_REACH 160
#define PRONOUN_REACH 3

/* A window around each occurrence of the name word w[0..wl) in the text,
 * within the occurrence's paragraph. */
static void name_windows(struct arena *a, const struct norm_text *nt,
                         const struct match_result *out, const char *w,
                         size_t wl, struct spans *l)
{
    size_t anchor = rules_needs_anchor(w, wl), pos = 0;

    while (pos < nt->len) {
        const char *hit = find_at(nt->s + pos, nt->len - pos, w, wl, anchor);
        if (!hit)
            break;
        size_t at = (size_t)(hit - nt->s);
        struct span para = out->paras[match_para_of(out, at)];
        if (at >= para.start && at + wl <= para.end)
            add_span(a, l, window(nt, para, at, at + wl, PERSON_REACH));
        pos = at + wl;
    }
}

/* Up to this many name words, each is searched for alone (find_at);
 * more (a long document quoting many people) are found in one pass. */
#define NAME_WORDS_ALONE 8

/* The windows of name_windows() for every word of words[0..n), found in
 * one pass over the text instead of one per word (same occurrences: the
 * non-overlapping ones of each word, from the left). */
static void all_name_windows(struct arena *a, const struct norm_text *nt,
                             const struct match_result *out,
                             const char *const *words, const size_t *lens,
                             size_t n, struct spans *l)
{
    struct multilit *ml = multilit_build(words, lens, n);
    struct multilit_hits hits = {0};

    multilit_scan(ml, a, nt->s, nt->len, &hits);
    for (size_t i = 0; i < n; i++) {
        size_t next = 0;
        for (size_t k = hits.lo[i]; k < hits.hi[i]; k++) {
            size_t at = hits.pos[k];
            if (at < next)
                continue;
            next = at + lens[i];
            struct span para = out->paras[match_para_of(out, at)];
            if (at >= para.start && at + lens[i] <= para.end)
                add_span(a, l, window(nt, para, at, at + lens[i],
                                      PERSON_REACH));
        }
    }
    arena_free(a, hits.pos);
    multilit_hits_fini(&hits);
    multilit_free(ml);
}

/* A word of a quoted speaker's name (not NUL-terminated). */
struct name_word {
    const char *w;
    size_t len;
};

/* Add the words of speaker sp that anchor windows to nw[0..*n). */
static void add_name_words(struct arena *a, const char *sp,
                           struct name_word **nw, size_t *n, size_t *cap)
{
    for (const char *w = sp; *w;) {
        size_t wl = strcspn(w, " ");
        /* "Strömstad-ordføreren": a role noun with its place; the person
         * is named beside the place ("Ordføreren i Strömstad, Lars-Erik
         * Svensson"). */
        const char *dash = memchr(w, '-', wl);
        if (dash && dash + 1 < w + wl && dash[1] >= 'a' && dash[1] <= 'z')
            wl = (size_t)(dash - w);
        /* A particle ("af", "de", "von") is no anchor: as a substring it
         * is everywhere ("den", "det"), a window at each, and the name's
         * other words are beside it anyway. */
        if (wl > 1 && !(*w >= 'a' && *w <= 'z')) {
            if (*n == *cap) {
                size_t ncap = *cap ? *cap * 2 : 16;
                *nw = arena_grow(a, *nw, *cap, ncap, sizeof **nw);
                *cap = ncap;
            }
            (*nw)[(*n)++] = (struct name_word){w, wl};
        }
        w += strcspn(w, " ");
        w += strspn(w, " ");
    }
}

/* Does the text write w[0..wl) after a capitalised word, as the surname
 * of a full name ("Richard Locksley"), and end it there? */
static bool written_as_surname(const struct norm_text *nt, const char *w,
                               size_t wl)
{
    size_t anchor = rules_needs_anchor(w, wl), pos = 0;
    const char *s = nt->s;

    while (pos < nt->len) {
        const char *hit = find_at(s + pos, nt->len - pos, w, wl, anchor);
        if (!hit)
            return false;
        size_t at = (size_t)(hit - s), e = at + wl, b = at;
        pos = at + 1;
        unsigned char c = e < nt->len ? (unsigned char)s[e] : ' ';
        if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
            (c >= '0' && c <= '9') || c >= 0x80)
            continue;
        if (b < 3 || s[b - 1] != ' ')
            continue;
        b--;                        /* the word before: a capital, then
                                       lower case */
        size_t k = b;
        while (k > 0 && ((s[k - 1] >= 'a' && s[k - 1] <= 'z') ||
                         (unsigned char)s[k - 1] >= 0x80))
            k--;
        if (k > 0 && k + 1 < b && s[k - 1] >= 'A' && s[k - 1] <= 'Z' &&
            (k < 2 || s[k - 2] == ' ' || s[k - 2] == '\n'))
            return true;
    }
    return false;
}

/* The surnames paragraph p uses for someone named in full elsewhere
 * ("Locksley had barely heard of them." above "“…,” he said", and "says
 * Richard Locksley, an immunologist" forty paragraphs up): a capitalised
 * word of four letters or more opening a sentence, a lower-case word
 * after it (or a comma and one: "Buckley, who had not sung …"), that the
 * text also writes after another capitalised word.
 * Added to nw, so that the persons rules read the windows of the full
 * name and the pronoun's person is known by it. */
#define SUBJECT_WORDS_MAX 64

static void add_subject_words(struct arena *a, const struct norm_text *nt,
                              struct span p, struct name_word **nw,
                              size_t *n, size_t *cap, size_t *budget)
{
    const char *s = nt->s;
    for (size_t i = p.start; i < p.end && *budget; i++) {
        bool opens = i == p.start ||
                     (i >= p.start + 2 && s[i - 1] == ' ' &&
                      (s[i - 2] == '.' || s[i - 2] == '!' || s[i - 2] == '?'));
        if (!opens || s[i] < 'A' || s[i] > 'Z')
            continue;
        size_t e = i + 1;
        while (e < p.end && ((s[e] >= 'a' && s[e] <= 'z') ||
                             (unsigned char)s[e] >= 0x80))
            e++;
        size_t f = e + (e < p.end && s[e] == ',');   /* "Buckley, who" */
        if (e - i < 4 || f + 1 >= p.end || s[f] != ' ' || s[f + 1] < 'a' ||
            s[f + 1] > 'z')
            continue;
        (*budget)--;
        if (!written_as_surname(nt, s + i, e - i))
            continue;
        if (*n == *cap) {
            size_t ncap = *cap ? *cap * 2 : 16;
            *nw = arena_grow(a, *nw, *cap, ncap, sizeof **nw);
            *cap = ncap;
        }
        (*nw)[(*n)++] = (struct name_word){s + i, e - i};
    }
}

static int cmp_name_word(const void *pa, const void *pb)
{
    const struct name_word *x = pa, *y = pb;
    if (x->len != y->len)
        return x->len < y->len ? -1 : 1;
    return memcmp(x->w, y->w, x->len);
}

/* The windows of name_windows() around every word of nw[0..n), each
 * word once: speakers share first names ("Sven Berg", "Sven Lund"), and
 * a long article's thousands of speakers would search for "Sven" a
 * hundred times over (the same windows each time).  Sorts nw. */
static void words_windows(struct arena *a, const struct norm_text *nt,
                          const struct match_result *out,
                          struct name_word *nw, size_t n_words,
                          struct spans *l)
{
    if (n_words > 1)
        qsort(nw, n_words, sizeof *nw, cmp_name_word);
    const char **words = arena_alloc(a, (n_words + 1) * sizeof *words);
    size_t *lens = arena_alloc(a, (n_words + 1) * sizeof *lens);
    size_t n_uniq = 0;
    for (size_t k = 0; k < n_words; k++) {
        if (n_uniq && cmp_name_word(&nw[k], &nw[k - 1]) == 0)
            continue;
        words[n_uniq] = nw[k].w;
        lens[n_uniq++] = nw[k].len;
    }
    if (n_uniq > NAME_WORDS_ALONE)
        all_name_windows(a, nt, out, words, lens, n_uniq, l);
    else
        for (size_t k = 0; k < n_uniq; k++)
            name_windows(a, nt, out, words[k], lens[k], l);
}

static struct spans persons_windows(struct arena *a,
                                    const struct norm_text *nt,
                                    const struct match_result *out)
{
    struct spans l = {0};
    /* Speakers seen (a hash set: a long document quotes thousands), and
     * the words of their names. */
    size_t n_quotes = 0, size = 16;
    for (size_t i = 0; i < out->n_hits; i++)
        n_quotes += out->hits[i].rule->table == TAB_QUOTES;
    while (size < 2 * n_quotes)
        size *= 2;
    const char **seen = arena_calloc(a, size, sizeof *seen);
    struct name_word *nw = NULL;
    size_t n_words = 0, cap = 0, budget = SUBJECT_WORDS_MAX;
    /* The paragraphs whose subject words were taken (add_subject_words). */
    uint64_t *read = arena_calloc(a, out->n_paras / 64 + 1, sizeof *read);

    for (size_t i = 0; i < out->n_hits; i++) {
        const struct hit *h = &out->hits[i];
        const char *sp = h->col[COL_SPEAKER];
        if (h->rule->table != TAB_QUOTES)
            continue;
        if (!sp) {
            /* A quote paragraph with no attribution: the person may be
             * named in the paragraph before it (resolve.c). */
            if (h->para > 0)
                add_span(a, &l, (struct win){out->paras[h->para - 1].start,
                                             out->paras[h->para - 1].end,
                                             out->paras[h->para - 1].end});
            continue;
        }

        /* A pronoun or role noun ("hon", "ordföranden"), or a role noun
         * with its place ("Gjøvik-ordføreren"): the person is named in
         * the paragraphs before. */
        const char *hy = strchr(sp, '-');
        bool role_noun = hy && hy[1] >= 'a' && hy[1] <= 'z' &&
                         !strchr(sp, ' ');
        if (norm_opens_lower(sp, strlen(sp)) || role_noun) {
            size_t q = h->para;
            for (size_t k = 0; k <= PRONOUN_REACH && k <= q; k++) {
                add_span(a, &l, (struct win){out->paras[q - k].start,
                                             out->paras[q - k].end,
                                             out->paras[q - k].end});
                if (!(read[(q - k) / 64] & (uint64_t)1 << ((q - k) % 64))) {
                    read[(q - k) / 64] |= (uint64_t)1 << ((q - k) % 64);
                    add_subject_words(a, nt, out->paras[q - k], &nw,
                                      &n_words, &cap, &budget);
                }
            }
            if (!role_noun)
                continue;
        }
        size_t j = fnv1a32(sp, strlen(sp)) & (size - 1);
        while (seen[j] && strcmp(seen[j], sp) != 0)
            j = (j + 1) & (size - 1);
        if (seen[j])
            continue;           /* quoted before: its windows are there */
        seen[j] = sp;
        add_name_words(a, sp, &nw, &n_words, &cap);
    }
    words_windows(a, nt, out, nw, n_words, &l);
    merge_spans(&l);
    return l;
}

/* Is sp the speaker of a quote hit (its windows read in the first pass)? */
static bool quoted_name(const struct match_result *out, const char *sp)
{
    for (size_t i = 0; i < out->n_hits; i++) {
        const char *q = out->hits[i].col[COL_SPEAKER];
        if (out->hits[i].rule->table == TAB_QUOTES && q && strcmp(q, sp) == 0)
            return true;
    }
    return false;
}

/* The persons rules' second reach: the full names they found (in the
 * paragraphs before a quote attributed to "he", say) anchor windows too,
 * where they do not overlap the first ones: a person's role is often
 * written at the first mention, further up ("signed by the chair of the
 * municipal executive board in Höganäs, Peter Nilsson (M)" five
 * paragraphs above "Peter Nilsson noted …" and "…," he said). */
static struct spans persons_more_windows(struct arena *a,
                                         const struct norm_text *nt,
                                         const struct match_result *out,
                                         size_t from, const struct spans *win)
{
    struct spans l = {0}, r = {0};
    struct name_word *nw = NULL;
    size_t n_words = 0, cap = 0;

    for (size_t i = from; i < out->n_hits; i++) {
        const char *sp = out->hits[i].col[COL_SPEAKER];
        /* (A surname alone too, found in a window near a quote and no
         * quote's speaker itself: "Asplund, who flew in, said …" finds
         * "Linnea Asplund (S), municipal commissioner of Botkyrka" ten
         * paragraphs up.) */
        if (out->hits[i].rule->table != TAB_PERSONS || !sp ||
            !(strchr(sp, ' ') || (*sp >= 'A' && *sp <= 'Z') ||
              (unsigned char)*sp >= 0xC0) ||
            (!strchr(sp, ' ') &&
             (out->hits[i].rule->scope != SCOPE_PARAGRAPH ||
              quoted_name(out, sp))))
            continue;
        add_name_words(a, sp, &nw, &n_words, &cap);
    }
    if (!n_words)
        return r;
    words_windows(a, nt, out, nw, n_words, &l);
    /* Only windows whose starts the first did not all read (a match
     * starts in [start, lim] of its window; win is sorted and merged). */
    for (size_t i = 0; i < l.n; i++) {
        size_t lo = 0, hi = win->n;
        while (lo < hi) {               /* the first that ends past start */
            size_t mid = lo + (hi - lo) / 2;
            if (win->v[mid].end <= l.v[i].start)
                lo = mid + 1;
            else
                hi = mid;
        }
        if (lo < win->n && win->v[lo].start <= l.v[i].start &&
            l.v[i].lim <= win->v[lo].lim)
            continue;
        add_span(a, &r, l.v[i]);
    }
    merge_spans(&r);
    arena_free(a, l.v);
    return r;
}

enum applies { SKIP, RUN_ALL, RUN_PARAS };

/* Does rule r run on this document: on all of it, or (a paragraph rule
 * of another language than the document's) only on the paragraphs of
 * its language? */
static enum applies rule_applies(struct matcher *m, const struct rule *r,
                                 const struct norm_text *nt,
                                 const struct match_result *out)
{
    int lang = out->lang;
    enum applies how = RUN_ALL;

    if (r->langs && lang >= 0 && lang < 64 && !(r->langs >> lang & 1)) {
        how = SKIP;
        /* Paragraph rules, and document-wide quote and mention rules,
         * run on the paragraphs of their language in an article of
         * another ("She adds: \"…\"" in English on a Swedish page, a
         * Ukrainian section's partnership); a document rule then reads
         * each such paragraph alone. */
        bool per_para = r->scope == SCOPE_PARAGRAPH ||
                        (r->scope == SCOPE_DOCUMENT &&
                         (r->table == TAB_QUOTES ||
                          r->table == TAB_MENTIONS));
        for (size_t p = 0; out->para_lang && per_para &&
                           p < out->n_paras && how == SKIP; p++)
            if (out->para_lang[p] != lang && out->para_lang[p] >= 0 &&
                out->para_lang[p] < 64 && (r->langs >> out->para_lang[p] & 1))
                how = RUN_PARAS;
        if (how == SKIP)
            return SKIP;
    }
    return has_groups(m, r->context, r->n_context, 0, nt->len) &&
                   has_groups(m, r->needs, r->n_needs, 0, nt->len)
               ? how : SKIP;
}

static void timed_rule(struct matcher *m, struct arena *a, size_t i,
                       const struct norm_text *nt, struct match_result *out,
                       struct hit_buf *hb, const struct spans *win,
                       enum applies how)
{
    const struct rule *r = &m->rs->rules[i];
    double t0 = m->rule_sec ? stats_cpu() : 0;

    hb->rule_hits = 0;
    m->para_mask = how == RUN_PARAS ? r->langs : 0;
    if (win && r->scope == SCOPE_PARAGRAPH) {
        for (size_t w = 0; w < win->n; w++)
            if (para_ok(m, out, match_para_of(out, win->v[w].start)) &&
                !run_part(m, a, r, nt,
                          (struct span){win->v[w].start, win->v[w].end},
                          win->v[w].lim, out, hb))
                break;
    } else {
        run_rule(m, a, r, nt, out, hb);
    }
    if (m->rule_sec)
        m->rule_sec[i] += stats_cpu() - t0;
}

void match_article(struct matcher *m, struct arena *a,
                   const struct norm_text *nt, struct match_result *out)
{
    struct hit_buf hb = {0};
    const struct rule_set *rs = m->rs;

    memset(out, 0, sizeof *out);
    begin_doc(m, a, nt);
    find_paragraphs(a, nt, out);
    find_sections(m, a, nt, out);
    out->lang = detect_language(m, nt);
    detect_para_languages(m, a, nt, out);
    for (size_t i = 0; i < rs->n_rules && !m->broke; i++) {
        enum applies how;
        if (rs->rules[i].table != TAB_PERSONS &&
            (m->candidates || rs->rules[i].table != TAB_CANDIDATES) &&
            (how = rule_applies(m, &rs->rules[i], nt, out)) != SKIP)
            timed_rule(m, a, i, nt, out, &hb, NULL, how);
    }
    struct spans win = persons_windows(a, nt, out);
    size_t first_person = out->n_hits;
    for (size_t i = 0; i < rs->n_rules && !m->broke; i++) {
        enum applies how;
        if (rs->rules[i].table == TAB_PERSONS &&
            (how = rule_applies(m, &rs->rules[i], nt, out)) != SKIP)
            timed_rule(m, a, i, nt, out, &hb, &win, how);
    }
    struct spans more = persons_more_windows(a, nt, out, first_person, &win);
    /* (Rules of another scope read the whole text the first time.) */
    for (size_t i = 0; more.n && i < rs->n_rules && !m->broke; i++) {
        enum applies how;
        if (rs->rules[i].table == TAB_PERSONS &&
            rs->rules[i].scope == SCOPE_PARAGRAPH &&
            (how = rule_applies(m, &rs->rules[i], nt, out)) != SKIP)
            timed_rule(m, a, i, nt, out, &hb, &more, how);
    }
    m->para_mask = 0;
    /* The needs words' offsets and the persons' windows serve matching
     * only: a long article's (4.4 MB for 10 MB) need not stay in the
     * arena while it is resolved. */
    arena_free(a, m->hits.pos);
    m->hits.pos = NULL;
    arena_free(a, win.v);
    arena_free(a, more.v);
}

bool match_rule_text(struct matcher *m, struct arena *a,
                     const struct rule *r, const struct norm_text *nt,
                     struct match_result *out)
{
    struct hit_buf hb = {0};

    memset(out, 0, sizeof *out);
    begin_doc(m, a, nt);
    find_paragraphs(a, nt, out);
    find_sections(m, a, nt, out);
    if (r->scope == SCOPE_SECTION || r->scope == SCOPE_LINE)
        run_lines(m, a, r, nt, (struct span){0, nt->len}, out, &hb);
    else
        run_unit(m, a, r, nt, (struct span){0, nt->len}, out, &hb);
    return !out->limit_hit;
}

