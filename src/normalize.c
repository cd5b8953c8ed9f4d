/*
 * normalize.c - stage 2: decoded text -> the one form rules see.
 *
 * The text is cut into lines first, so the line map is exact and NFC never
 * works across a line break; each line is mapped through norm_table (and
 * the category rules after it), then composed to NFC by utf8proc.
 */
/* SPDX-License-Identifier: MIT */
#include "normalize.h"

#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <utf8proc.h>

#include "arena.h"
#include "xalloc.h"

/*
 * The mapping, one entry per code point range, sorted.  A character not
 * listed here falls to the category rules in map_cp(): a space separator
 * (Zs) becomes U+0020, a control (Cc) or format character (Cf) is removed,
 * anything else is kept.  Entries that repeat a category rule are listed
 * so that the contract of normalize.h can be read off this table alone.
 *
 * Line ends (LF, CR, CRLF, U+2028, U+2029) never reach the table: the line
 * splitter cuts the text at them and joins the lines with LF.
 *
 * The mapping runs before NFC, so a removed character between a letter
 * and its combining mark does not block composition.  Every replacement
 * ('-', '\'', '"', U+0020, U+2013) is one NFC keeps and never composes
 * with what precedes it.  NFC in turn never produces a character this
 * mapping would change: its only targets of that kind are the spaces
 * U+2002/U+2003, reached from U+2000/U+2001, which are mapped to U+0020
 * before NFC runs; so the mapping need not run again after NFC (the unit
 * test checks this over every code point).
 */
struct norm_map {
    utf8proc_int32_t lo, hi;    /* code point range, inclusive */
    const char *to;             /* replacement, UTF-8; "" removes */
    const char *why;
};

static const struct norm_map norm_table[] = {
    {0x0009, 0x0009, "  ", "tab: a cell break, two spaces (a run of spaces "
                           "parts table cells)"},
    {0x00A0, 0x00A0, " ", "no-break space (Zs)"},
    {0x00AD, 0x00AD, "", "soft hyphen is invisible (Cf)"},
    {0x2000, 0x200A, " ", "typographic spaces, incl. thin U+2009 (Zs)"},
    {0x200B, 0x200D, "", "zero-width space, ZWNJ, ZWJ (Cf)"},
    {0x2010, 0x2011, "-", "hyphen, non-breaking hyphen"},
    {0x2012, 0x2015, "\xE2\x80\x93", "figure dash, en/em dash, bar: one dash"},
    {0x2018, 0x201B, "'", "single quotes ‘ ’ ‚ ‛"},
    {0x201C, 0x201F, "\"", "double quotes “ ” „ ‟"},
    {0x2032, 0x2032, "'", "prime ′, typed for an apostrophe"},
    {0x2033, 0x2033, "\"", "double prime ″, typed for a quote"},
    {0x2060, 0x2060, "", "word joiner (Cf)"},
    {0x2212, 0x2212, "\xE2\x80\x93", "minus sign: same dash as U+2013"},
    {0x3000, 0x3000, " ", "ideographic space (Zs)"},
    {0xFEFF, 0xFEFF, "", "BOM / zero-width no-break space (Cf)"},
};

#define N_TABLE (sizeof norm_table / sizeof *norm_table)
#define REPLACEMENT 0xFFFD

/* A growing heap byte buffer; freed with free(b.p). */
struct obuf {
    char *p;
    size_t len;
    size_t cap;
};

static void ob_reserve(struct obuf *b, size_t n)
{
    if (b->cap - b->len >= n)
        return;
    size_t cap = b->cap ? b->cap : 256;
    while (cap - b->len < n)
        cap *= 2;
    b->p = xrealloc(b->p, cap);
    b->cap = cap;
}

static void ob_put(struct obuf *b, const void *s, size_t n)
{
    ob_reserve(b, n);
    if (n)
        memcpy(b->p + b->len, s, n);
    b->len += n;
}

static void ob_put_cp(struct obuf *b, utf8proc_int32_t cp)
{
    ob_reserve(b, 4);
    b->len += (size_t)utf8proc_encode_char(cp, (utf8proc_uint8_t *)b->p +
                                           b->len);
}

/* Decode the code point at s[0..n) (n > 0) into *cp and return its length;
 * an invalid byte gives U+FFFD and length 1. */
static size_t next_cp(const char *s, size_t n, utf8proc_int32_t *cp)
{
    utf8proc_ssize_t k = utf8proc_iterate((const utf8proc_uint8_t *)s,
                                          (utf8proc_ssize_t)n, cp);
    if (k > 0)
        return (size_t)k;
    *cp = REPLACEMENT;
    return 1;
}

static const struct norm_map *table_find(utf8proc_int32_t cp)
{
    size_t lo = 0;
    size_t hi = N_TABLE;

    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (cp < norm_table[mid].lo)
            hi = mid;
        else if (cp > norm_table[mid].hi)
            lo = mid + 1;
        else
            return &norm_table[mid];
    }
    return NULL;
}

/* The replacement for cp (table first, then category rules), or NULL if
 * cp stays as it is. */
static const char *map_cp(utf8proc_int32_t cp)
{
    const struct norm_map *m = table_find(cp);

    if (m)
        return m->to;
    switch (utf8proc_category(cp)) {
    case UTF8PROC_CATEGORY_ZS:
        return " ";
    case UTF8PROC_CATEGORY_CC:
    case UTF8PROC_CATEGORY_CF:
        return "";
    default:
        return NULL;
    }
}

/* True if NFC keeps cp whatever its neighbours (NFC_Quick_Check=Yes) and
 * cp never composes with the character before it (combining class 0, not
 * the second half of any composition).  A line made only of such
 * characters is NFC already, and utf8proc is not called for it: Latin-1,
 * Latin Extended, general punctuation and currency signs cover nearly all
 * Swedish text. */
static bool nfc_inert(utf8proc_int32_t cp)
{
    return cp < 0x0300 || (cp >= 0x2010 && cp <= 0x205E) ||
           (cp >= 0x20A0 && cp <= 0x20CF);
}

/* The end of the run of printable ASCII from s[i]: eight bytes at a time
 * while no byte is below 0x20 or above 0x7E. */
static size_t ascii_run(const char *s, size_t n, size_t i)
{
    const uint64_t ones = 0x0101010101010101u, high = 0x8080808080808080u;

    while (i + 8 <= n) {
        uint64_t x;
        memcpy(&x, s + i, 8);
        /* A byte below 0x20: x - 0x20 borrows into its high bit; a byte
         * above 0x7E: x + 0x01 sets its high bit (or it was set). */
        uint64_t bad = ((x - 0x20 * ones) | (x + ones) | x) & high;
        if (bad) {
#if defined(__GNUC__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
            /* Carries and borrows run only towards later bytes, so the
             * lowest flag marks the first byte that is not printable. */
            return i + (size_t)(__builtin_ctzll(bad) >> 3);
#else
            break;
#endif
        }
        i += 8;
    }
    while (i < n && (unsigned char)s[i] >= 0x20 && (unsigned char)s[i] < 0x7F)
        i++;
    return i;
}

/* The end of the run from s[i] of characters the mapping keeps and that
 * are NFC whatever their neighbours: printable ASCII, U+00A1..U+02FF but
 * for the soft hyphen U+00AD (two-byte sequences: å ä ö é ø ...).  Such a
 * run is copied as it is. */
static size_t kept_run(const char *s, size_t n, size_t i)
{
    const unsigned char *u = (const unsigned char *)s;

    while (i < n) {
        unsigned char c = u[i];
        if (c >= 0x20 && c < 0x7F) {
            i = ascii_run(s, n, i + 1);
        } else if (c >= 0xC3 && c <= 0xCB && i + 1 < n &&
                   (u[i + 1] & 0xC0) == 0x80) {
            i += 2;             /* U+00C0..U+02FF: letters, modifiers */
        } else if (c == 0xC2 && i + 1 < n && u[i + 1] >= 0xA1 &&
                   u[i + 1] <= 0xBF && u[i + 1] != 0xAD) {
            i += 2;             /* U+00A1..U+00BF: signs, « » */
        } else {
            break;
        }
    }
    return i;
}

/* Append s[0..n) in NFC to o. */
static void put_nfc(struct obuf *o, const char *s, size_t n)
{
    utf8proc_uint8_t *nfc = NULL;
    utf8proc_ssize_t r = utf8proc_map((const utf8proc_uint8_t *)s,
                                      (utf8proc_ssize_t)n, &nfc,
                                      UTF8PROC_STABLE | UTF8PROC_COMPOSE);
    /* r < 0 cannot happen: the line was just encoded from valid code
     * points.  Should it, the text stays as it is. */
    if (r >= 0)
        ob_put(o, nfc, (size_t)r);
    else
        ob_put(o, s, n);
    free(nfc);
}

/* Bring b->p[start, b->len) to NFC.  Only the stretches that can change
 * go through utf8proc: each runs from the last inert character (see
 * nfc_inert()) before a character that is not, up to the next inert one.
 * An inert character neither composes with what precedes it nor is
 * reordered, so NFC of the whole line is NFC of these stretches with the
 * text between them as it is. */
static void compose_line(struct obuf *b, size_t start)
{
    struct obuf o = {0};
    const char *s = b->p + start;
    size_t n = b->len - start, seg = 0, i = 0;
    bool pending = false;

    while (i < n) {
        utf8proc_int32_t cp;
        size_t k = next_cp(s + i, n - i, &cp);
        if (!nfc_inert(cp)) {
            pending = true;
        } else if (pending) {
            put_nfc(&o, s + seg, i - seg);
            pending = false;
            seg = i;
        } else {
            ob_put(&o, s + seg, i - seg);
            seg = i;
        }
        i += k;
    }
    if (pending)
        put_nfc(&o, s + seg, n - seg);
    else
        ob_put(&o, s + seg, n - seg);
    b->len = start;
    ob_put(b, o.p, o.len);
    free(o.p);
}

/* Append s[0..n), one line without its terminator, mapped and in NFC. */
static void put_line(struct obuf *b, const char *s, size_t n)
{
    size_t start = b->len;
    bool compose = false;
    size_t i = 0;

    while (i < n) {
        utf8proc_int32_t cp;
        size_t k = kept_run(s, n, i);
        if (k > i) {
            ob_put(b, s + i, k - i);
            i = k;
            continue;
        }
        i += next_cp(s + i, n - i, &cp);
        const char *to = map_cp(cp);
        if (to) {
            ob_put(b, to, strlen(to));
        } else {
            ob_put_cp(b, cp);
            compose = compose || !nfc_inert(cp);
        }
    }
    if (compose)
        compose_line(b, start);
}

/* The first '\n', '\r' or 0xE2 (the lead byte of U+2028 and U+2029) from
 * s[i] on, or n: eight bytes at a time, as ascii_run(). */
static size_t eol_candidate(const char *s, size_t n, size_t i)
{
    const uint64_t ones = 0x0101010101010101u, high = 0x8080808080808080u;

    while (i + 8 <= n) {
        uint64_t x;
        memcpy(&x, s + i, 8);
        uint64_t a = x ^ ('\n' * ones), b = x ^ ('\r' * ones),
                 c = x ^ (0xE2 * ones);
        /* A zero byte in a, b or c; only the lowest flag is sure (a borrow
         * can flag a byte after a zero), and only it is used. */
        uint64_t z = (((a - ones) & ~a) | ((b - ones) & ~b) |
                      ((c - ones) & ~c)) & high;
        if (z) {
#if defined(__GNUC__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
            return i + (size_t)(__builtin_ctzll(z) >> 3);
#else
            break;
#endif
        }
        i += 8;
    }
    while (i < n && s[i] != '\n' && s[i] != '\r' && (unsigned char)s[i] != 0xE2)
        i++;
    return i;
}

/* Find the end of the line that starts at s[pos]: return the offset of its
 * terminator (or len) and set *term to the terminator's length (0 at the
 * end) and *plain to whether the line is printable ASCII only. */
static size_t find_eol(const char *s, size_t len, size_t pos, size_t *term,
                       bool *plain)
{
    const unsigned char *u = (const unsigned char *)s;

    *plain = true;
    for (size_t i = ascii_run(s, len, pos); i < len;
         i = *plain ? ascii_run(s, len, i + 1) : eol_candidate(s, len, i + 1)) {
        if (u[i] == '\n') {
            *term = 1;
            return i;
        }
        if (u[i] == '\r') {
            *term = i + 1 < len && u[i + 1] == '\n' ? 2 : 1;
            return i;
        }
        /* U+2028 LINE SEPARATOR, U+2029 PARAGRAPH SEPARATOR */
        if (u[i] == 0xE2 && i + 2 < len && u[i + 1] == 0x80 &&
            (u[i + 2] == 0xA8 || u[i + 2] == 0xA9)) {
            *term = 3;
            return i;
        }
        *plain = false;
    }
    *term = 0;
    return len;
}

/* Heap array of line records; freed with free(v.p). */
struct line_vec {
    struct norm_line *p;
    size_t n;
    size_t cap;
};

static void push_line(struct line_vec *v, size_t off, size_t src_off,
                      uint32_t src_line)
{
    if (v->n == v->cap) {
        v->cap = v->cap ? 2 * v->cap : 64;
        v->p = xreallocarray(v->p, v->cap, sizeof *v->p);
    }
    v->p[v->n++] = (struct norm_line){
        .off = off, .src_off = src_off, .src_line = src_line,
    };
}

/* ---- text wrapped at a width ------------------------------------------
 * A converter that wraps at a width (html2text, lynx -dump, e-mail: 72-79
 * columns) breaks every long paragraph over lines.  Such a text is read
 * with its wrapped lines joined: a line break becomes a space where the
 * first word of the next line would not have fitted on the line (a break
 * the width forced), and the text shows that width. */

/* Characters (not bytes) of s[0..n). */
static size_t n_chars(const char *s, size_t n)
{
    size_t k = 0;
    for (size_t i = 0; i < n; i++)
        k += ((unsigned char)s[i] & 0xC0) != 0x80;
    return k;
}

/* Does the line at t[0..n) open a paragraph of its own: a dialogue dash, a
 * bullet or a list number ("– Vi", "- ", "• ", "3. ")? */
static bool opens_item(const char *t, size_t n)
{
    const unsigned char *u = (const unsigned char *)t;
    if (n >= 2 && (u[0] == '-' || u[0] == '*' || u[0] == '"') &&
        (u[1] == ' ' || u[0] == '"'))
        return true;
    if (n >= 3 && u[0] == 0xE2 && u[1] == 0x80 &&
        (u[2] == 0x93 || u[2] == 0xA2))             /* – • */
        return true;
    if (n >= 2 && u[0] == 0xC2 && (u[1] == 0xBB || u[1] == 0xAB))  /* » « */
        return true;
    size_t d = 0;
    while (d < n && d < 3 && t[d] >= '0' && t[d] <= '9')
        d++;
    return d && d + 1 < n && (t[d] == '.' || t[d] == ')') && t[d + 1] == ' ';
}

/* A word that follows a hyphen the writer put at a line's end ("kultur-
 * och fritidsnämnden"): the hyphen is the compound's own, kept with a
 * space. */
static bool after_suspended(const char *nx)
{
    static const char *const conj[] = {"och", "og", "and", "eller", "samt",
                                       "or", "und", "oraz", "i", "a", "&"};
    size_t w = strcspn(nx, " \n");
    for (size_t i = 0; i < sizeof conj / sizeof *conj; i++)
        if (strlen(conj[i]) == w && memcmp(nx, conj[i], w) == 0)
            return true;
    return false;
}

/* Join the line that ends at t[w - 1] (its '\n') with the next, whose text
 * is at nx: the break becomes a space, and a word the wrapping hyphenated
 * is whole again ("finan-" / "sierades": "finansierades"; "Hans-" /
 * "Åke": "Hans-Åke", a capital keeps the hyphen, as does an acronym,
 * "ICLD-" / "projektet").  The new end of the text. */
static size_t join_break(char *t, size_t w, const char *nx)
{
    const unsigned char *u = (const unsigned char *)t;
    if (w >= 3 && t[w - 2] == '-' && t[w - 3] != ' ' && t[w - 3] != '-' &&
        !after_suspended(nx)) {
        unsigned char b = u[w - 3], c = (unsigned char)nx[0];
        bool lower_before = (b >= 'a' && b <= 'z') || b >= 0x80;
        bool lower_after = (c >= 'a' && c <= 'z') ||
                           (c == 0xC3 && ((unsigned char)nx[1] >= 0xA0));
        return lower_before && lower_after ? w - 2 : w - 1;
    }
    t[w - 1] = ' ';                 /* the break becomes a space */
    return w;
}

/* Does the line at t[0..n) open with a quotation mark ('"' after
 * normalization, or a guillemet)? */
static bool opens_quote(const char *t, size_t n)
{
    const unsigned char *u = (const unsigned char *)t;
    return (n >= 2 && u[0] == '"') ||
           (n >= 3 && u[0] == 0xC2 && (u[1] == 0xBB || u[1] == 0xAB));
}

/* Does t[0..n) hold a run of four spaces (text set in columns)? */
static bool column_gap(const char *t, size_t n)
{
    for (size_t i = 0, run = 0; i < n; i++)
        if ((run = t[i] == ' ' ? run + 1 : 0) == 4)
            return true;
    return false;
}

#define WRAP_MIN 50             /* narrowest width taken for wrapping */
#define WRAP_MAX 100            /* widest */
#define WRAP_LINES 5            /* forced breaks a wrapped text shows */
#define WRAP_SLACK 20           /* a wrapped line ends this near the width */

/* ---- page breaks of a PDF's text ----------------------------------------
 * Text taken from a PDF carries each page's footer and header into the
 * middle of a paragraph ("… Pengarna borde" / "Justerandes sign   2 (6)" /
 * "STRÖMSUNDS KOMMUN   SAMMANTRÄDESPROTOKOLL" / "användas till …").  A
 * run of at most PAGE_BLOCK_MAX lines between blank lines, one of which
 * ends in a page number ("2 (6)", "Side 2 av 4", "Page 1 of 5", "Sida 3"),
 * is that furniture: it goes, and a paragraph the page cut (its last line
 * ends no sentence, the next text opens in lower case) is one again. */
#define PAGE_BLOCK_MAX 4

/* Does the line t[0..n) end in a page number? */
static bool page_number_line(const char *t, size_t n)
{
    while (n && t[n - 1] == ' ')
        n--;
    if (!n || !((t[n - 1] >= '0' && t[n - 1] <= '9') || t[n - 1] == ')'))
        return false;               /* most lines: at once */
    size_t e = n;
    if (e && t[e - 1] == ')') {             /* "2 (6)" */
        size_t d = e - 1;
        while (d && t[d - 1] >= '0' && t[d - 1] <= '9')
            d--;
        if (d == e - 1 || !d || t[d - 1] != '(' || d < 3 || t[d - 2] != ' ')
            return false;
        size_t k = d - 2;
        while (k && t[k - 1] >= '0' && t[k - 1] <= '9')
            k--;
        return k < d - 2 && (k == 0 || t[k - 1] == ' ');
    }
    /* "… Side 2 av 4", "Page 1 of 5", "Sida 3": a word of page, a
     * number, and perhaps "av/of/af/von/z/fra N". */
    static const char *const word[] = {"Side ", "Sida ", "Sidan ", "Page ",
                                       "Seite ", "Strona ", "Sivu ",
                                       "side ", "sida ", "page "};
    for (size_t w = 0; w < sizeof word / sizeof *word; w++) {
        size_t wl = strlen(word[w]);
        for (size_t i = 0; i + wl < n; i++) {
            if (memcmp(t + i, word[w], wl) != 0 || (i && t[i - 1] != ' '))
                continue;
            size_t j = i + wl, d = j;
            while (j < n && t[j] >= '0' && t[j] <= '9')
                j++;
            if (j == d)
                continue;
            if (j == n)
                return true;
            static const char *const of[] = {" av ", " of ", " af ",
                                             " von ", " z ", " / "};
            for (size_t o = 0; o < sizeof of / sizeof *of; o++) {
                size_t ol = strlen(of[o]), k = j + ol, f;
                if (j + ol >= n || memcmp(t + j, of[o], ol) != 0)
                    continue;
                for (f = k; f < n && t[f] >= '0' && t[f] <= '9'; f++)
                    ;
                if (f > k && f == n)
                    return true;
            }
        }
    }
    return false;
}

static void drop_page_breaks(char *t, struct line_vec *v)
{
    size_t n = v->n, total = strlen(t);
    if (n < 3)
        return;
    size_t *bytes = xreallocarray(NULL, n, sizeof *bytes);
    for (size_t i = 0; i < n; i++)
        bytes[i] = (i + 1 < n ? v->p[i + 1].off - 1 : total) - v->p[i].off;
    /* 0 keep, 1 drop, 2 keep and join with the next kept line */
    unsigned char *act = xreallocarray(NULL, n, 1);
    memset(act, 0, n);
    bool any = false;
    for (size_t i = 0; i < n; i++) {
        if (!bytes[i] || !page_number_line(t + v->p[i].off, bytes[i]))
            continue;
        size_t b = i, e = i + 1;
        while (b > 0 && bytes[b - 1])
            b--;
        while (e < n && bytes[e])
            e++;
        if (e - b > PAGE_BLOCK_MAX || b == 0 || e == n)
            continue;
        /* The text around it: the last line above, the first below. */
        size_t up = b, down = e;
        while (up > 0 && !bytes[up - 1])
            up--;
        while (down < n && !bytes[down])
            down++;
        if (up == 0 || down == n)
            continue;
        const char *last = t + v->p[up - 1].off;
        size_t ll = bytes[up - 1];
        unsigned char nx = (unsigned char)t[v->p[down].off];
        bool ends = ll && strchr(".!?:\"»", last[ll - 1]);
        bool lower = (nx >= 'a' && nx <= 'z') ||
                     (nx == 0xC3 && (unsigned char)t[v->p[down].off + 1] >= 0xA0);
        if (!ends && lower) {
            for (size_t k = up; k < down; k++)
                act[k] = 1;         /* the blank lines and the block */
            act[up - 1] = 2;
        } else {
            for (size_t k = b; k < down; k++)
                act[k] = 1;         /* the block and the blanks under it */
        }
        any = true;
        i = down - 1;
    }
    if (any) {
        size_t k = 0, w = 0;
        bool glue = false;
        for (size_t i = 0; i < n; i++) {
            size_t off = v->p[i].off, end = i + 1 < n ? v->p[i + 1].off
                                                      : total;
            if (act[i] == 1)
                continue;
            if (!glue) {
                v->p[k] = v->p[i];
                v->p[k++].off = w;
            }
            memmove(t + w, t + off, end - off);
            w += end - off;
            glue = act[i] == 2;
            if (glue && t[w - 1] == '\n') {
                /* the next kept line follows on this one */
                size_t nxt = i + 1;
                while (nxt < n && act[nxt] == 1)
                    nxt++;
                w = nxt < n ? join_break(t, w, t + v->p[nxt].off) : w;
            }
        }
        t[w] = '\0';
        v->n = k;
    }
    free(act);
    free(bytes);
}

static void unwrap(char *t, struct line_vec *v)
{
    size_t n = v->n, width = 0, longest = 0;
    if (n < WRAP_LINES + 1)
        return;
    size_t *len = xreallocarray(NULL, 2 * n, sizeof *len);
    size_t *bytes = len + n;
    for (size_t i = 0; i < n; i++) {
        size_t e = i + 1 < n ? v->p[i + 1].off - 1
                             : v->p[i].off + strlen(t + v->p[i].off);
        bytes[i] = e - v->p[i].off;
        len[i] = n_chars(t + v->p[i].off, bytes[i]);
        /* (A page's header or footer set in columns, "STRÖMSUNDS
         * KOMMUN      SAMMANTRÄDESPROTOKOLL", is no measure of the
         * width.) */
        if (len[i] > longest && !column_gap(t + v->p[i].off, bytes[i]))
            longest = len[i];
    }
    /* The width: the longest line, if it is a wrapping width. */
    width = longest;
    if (width < WRAP_MIN || width > WRAP_MAX) {
        free(len);
        return;
    }
    /* A text whose paragraphs have blank lines between them: there a
     * quotation mark opening a line the width forced continues the
     * paragraph ("… said Fredrik Alm, waste manager." / "\"Next year
     * …"), unless a colon introduces it on its own line. */
    size_t blank = 0;
    for (size_t i = 0; i < n; i++)
        blank += len[i] == 0;
    bool paras = blank >= 2;
    /* Forced breaks: a long line whose next line's first word would not
     * have fitted after it. */
    size_t forced = 0, long_lines = 0;
    bool *join = xreallocarray(NULL, n, sizeof *join);
    for (size_t i = 0; i + 1 < n; i++) {
        join[i] = false;
        if (len[i] < width * 3 / 5 || len[i + 1] == 0)
            continue;
        long_lines++;
        const char *nx = t + v->p[i + 1].off;
        size_t w = 0;
        while (w < bytes[i + 1] && nx[w] != ' ')
            w++;
        /* (Not a line far from the width, nor a label after it:
         * "10 - Minskad ojämlikhet" over "Etiketter: ungdomsråd"; a
         * lower-case word before a colon is the sentence's own, "…,
         * kommenterar" over "partnerskapet: ”Vi …".) */
        /* (Nor a short line with no stop after it, a label or heading:
         * "… och produktion" over "Tema"; a wrapped paragraph's last line
         * ends its sentence.) */
        size_t nb = bytes[i + 1];
        while (nb && nx[nb - 1] == ' ')
            nb--;
        bool label = len[i + 1] < width / 2 && nb &&
                     !strchr(".!?:;,)\"'", nx[nb - 1]) &&
                     (unsigned char)nx[nb - 1] < 0x80;
        if (len[i] + 1 + n_chars(nx, w) > width &&
            !column_gap(t + v->p[i].off, bytes[i]) &&
            !column_gap(nx, bytes[i + 1]) &&
            (len[i] + WRAP_SLACK >= width || (nx[0] >= 'a' && nx[0] <= 'z')) &&
            !(w && nx[w - 1] == ':' && !(nx[0] >= 'a' && nx[0] <= 'z')) &&
            !label && (!opens_item(nx, bytes[i + 1]) ||
                       (paras && opens_quote(nx, bytes[i + 1]) &&
                        t[v->p[i].off + bytes[i] - 1] != ':'))) {
            join[i] = true;
            forced++;
        }
    }
    if (forced >= WRAP_LINES && 2 * forced >= long_lines) {
        size_t k = 0, w = 0, total = strlen(t);
        for (size_t i = 0; i < n; i++) {
            size_t off = v->p[i].off, end = i + 1 < n ? v->p[i + 1].off
                                                      : total;
            if (!(i && join[i - 1])) {
                v->p[k] = v->p[i];
                v->p[k++].off = w;
            }
            memmove(t + w, t + off, end - off);
            w += end - off;
            if (i + 1 < n && join[i])
                w = join_break(t, w, t + end);
        }
        t[w] = '\0';
        v->n = k;
    }
    free(join);
    free(len);
}

/* ---- a text run together on one line -----------------------------------
 * An archive that stores an article with its line breaks turned into
 * spaces (a CSV or JSON text field flattened) runs every paragraph onto one
 * line.  In such a line (longer than RUNON_MIN bytes) speech starts a line
 * again: the space between a sentence's end and a dialogue dash or an
 * opening quotation mark becomes a line break ("… i år. – Vi är nöjda,
 * säger …"). */

#define RUNON_MIN 1000

/* Does t[i..n) open with a capital letter (Å, Ž, Ł, Ş as well as A)? */
static bool upper_at(const char *t, size_t i, size_t n)
{
    return i < n && norm_opens_upper(t + i, n - i);
}

/* The category of the letter s[0..n) opens with, or 0 (no letter, or
 * not UTF-8); ASCII without a table look-up. */
static utf8proc_category_t initial_category(const char *s, size_t n)
{
    const unsigned char *u = (const unsigned char *)s;
    if (!n)
        return 0;
    if (u[0] < 0x80)
        return u[0] >= 'A' && u[0] <= 'Z'   ? UTF8PROC_CATEGORY_LU
               : u[0] >= 'a' && u[0] <= 'z' ? UTF8PROC_CATEGORY_LL
                                            : 0;
    utf8proc_int32_t cp;
    if (utf8proc_iterate(u, (utf8proc_ssize_t)n, &cp) < 1)
        return 0;
    return utf8proc_category(cp);
}

bool norm_opens_upper(const char *s, size_t n)
{
    utf8proc_category_t c = initial_category(s, n);
    return c == UTF8PROC_CATEGORY_LU || c == UTF8PROC_CATEGORY_LT;
}

bool norm_opens_lower(const char *s, size_t n)
{
    return initial_category(s, n) == UTF8PROC_CATEGORY_LL;
}

/* Does t[i..n) open speech: "– X", "- X", "\"X", "”X", "»X" (X a capital)? */
static bool speech_at(const char *t, size_t i, size_t n)
{
    const unsigned char *u = (const unsigned char *)t;
    size_t k;
    if (i + 4 < n && u[i] == 0xE2 && u[i + 1] == 0x80 && u[i + 2] == 0x93 &&
        u[i + 3] == ' ')
        k = i + 4;
    else if (i + 2 < n && u[i] == '-' && u[i + 1] == ' ')
        k = i + 2;
    else if (i + 1 < n && u[i] == '"')
        k = i + 1;
    else if (i + 3 < n && u[i] == 0xE2 && u[i + 1] == 0x80 && u[i + 2] == 0x9D)
        k = i + 3;
    else if (i + 2 < n && u[i] == 0xC2 && u[i + 1] == 0xBB)
        k = i + 2;
    else
        return false;
    return upper_at(t, k, n);
}

size_t norm_before_closing(const char *t, size_t from, size_t end)
{
    const unsigned char *u = (const unsigned char *)t;
    size_t i = end;
    while (i > from) {
        if (u[i - 1] == '"' || u[i - 1] == '\'')
            i--;
        else if (i >= from + 3 && u[i - 3] == 0xE2 && u[i - 2] == 0x80 &&
                 (u[i - 1] == 0x9D || u[i - 1] == 0x99))
            i -= 3;
        else if (i >= from + 2 && u[i - 2] == 0xC2 && u[i - 1] == 0xBB)
            i -= 2;
        else
            break;
    }
    return i;
}

/* The end of the closing quotation marks at t[i..n) (", ', U+201D, U+2019,
 * U+00BB; i if none). */
static size_t skip_closing(const char *t, size_t i, size_t n)
{
    const unsigned char *u = (const unsigned char *)t;
    for (;;) {
        if (i < n && (u[i] == '"' || u[i] == '\''))
            i++;
        else if (i + 2 < n && u[i] == 0xE2 && u[i + 1] == 0x80 &&
                 (u[i + 2] == 0x9D || u[i + 2] == 0x99))
            i += 3;
        else if (i + 1 < n && u[i] == 0xC2 && u[i + 1] == 0xBB)
            i += 2;
        else
            return i;
    }
}

/* Does t[..i) end a sentence: [.!?] then closing marks? */
static bool sentence_end_before(const char *t, size_t from, size_t i)
{
    i = norm_before_closing(t, from, i);
    return i > from && (t[i - 1] == '.' || t[i - 1] == '!' || t[i - 1] == '?');
}


/* Does t[i..n), after a comma, read as an attribution: one to three
 * lower-case words, then a capital ("säger Anna", "sier ordfører Kari",
 * "says Mayor")? */
static bool attribution_at(const char *t, size_t i, size_t n)
{
    for (int words = 0; words < 3; words++) {
        size_t k = i;
        while (k < n && ((t[k] >= 'a' && t[k] <= 'z') ||
                         ((unsigned char)t[k] >= 0xC3 &&
                          (unsigned char)t[k] <= 0xC5) ||
                         ((unsigned char)t[k] >= 0x80 &&
                          (unsigned char)t[k] <= 0xBF && k > i)))
            k++;
        if (k == i || k >= n || t[k] != ' ')
            return false;
        if (upper_at(t, k + 1, n))
            return true;
        i = k + 1;
    }
    return false;
}

static void split_run_on(char *t, struct line_vec *v)
{
    struct line_vec o = {0};
    bool any = false;
    for (size_t l = 0; l < v->n; l++) {
        size_t s = v->p[l].off;
        size_t e = l + 1 < v->n ? v->p[l + 1].off - 1 : s + strlen(t + s);
        push_line(&o, s, v->p[l].src_off, v->p[l].src_line);
        if (e - s < RUNON_MIN)
            continue;
        /* In speech, the sentence that carries its attribution (", säger
         * Anna", ", sier ordfører Kari": a comma, one to three lower-case
         * words, a capital) ends it: the narrative after it starts a line
         * too. */
        bool speech = false, attributed = false;
        for (size_t i = s + 1; i + 1 < e; i++) {
            if (t[i] == ',' && speech) {
                /* (the comma may stand inside the closing mark: ",” sa") */
                size_t c = skip_closing(t, i + 1, e);
                if (c + 1 < e && t[c] == ' ')
                    attributed = attributed || attribution_at(t, c + 1, e);
            }
            if (t[i] != ' ' || !sentence_end_before(t, s, i))
                continue;
            bool opens = speech_at(t, i + 1, e);
            if (opens || (speech && attributed && upper_at(t, i + 1, e))) {
                t[i] = '\n';
                push_line(&o, i + 1, v->p[l].src_off, v->p[l].src_line);
                any = true;
                speech = opens;
                attributed = false;
            }
        }
    }
    if (any) {
        free(v->p);
        *v = o;
    } else {
        free(o.p);
    }
}

/* A plain-text converter's "--" for a dash, alone between spaces or opening
 * the line ("-- Vi är nöjda, säger …", "Falun -- 3 mars"), becomes the en
 * dash U+2013 that other dashes map to, in the line from b->p[start]. */
static void double_dashes(struct obuf *b, size_t start)
{
    for (size_t i = start; i + 1 < b->len; i++) {
        if (b->p[i] != '-' || b->p[i + 1] != '-' ||
            (i > start && b->p[i - 1] != ' ') ||
            (i + 2 < b->len && b->p[i + 2] != ' '))
            continue;
        ob_reserve(b, 1);
        memmove(b->p + i + 3, b->p + i + 2, b->len - i - 2);
        memcpy(b->p + i, "\xE2\x80\x93", 3);
        b->len++;
        i += 2;
    }
}

/* Is c an emoji or a pictograph of a social-media post (not a Latin-1
 * sign such as © or °, nor a geometric shape a list uses as a bullet),
 * or a character that joins or modifies one? */
static bool pictograph(utf8proc_int32_t c)
{
    return c >= 0x1F000 || (c >= 0x2600 && c <= 0x27BF) ||
           (c >= 0x2B00 && c <= 0x2BFF) || c == 0xFE0F || c == 0x200D ||
           c == 0x20E3;
}

/* The length of the UTF-8 character at p[0..n) if it is a pictograph or
 * a space, else 0. */
static size_t pictograph_at(const char *p, size_t n)
{
    utf8proc_int32_t c;
    if (p[0] == ' ')
        return 1;
    utf8proc_ssize_t k = utf8proc_iterate((const utf8proc_uint8_t *)p,
                                          (utf8proc_ssize_t)n, &c);
    return k > 0 && pictograph(c) ? (size_t)k : 0;
}

/* Emoji before and after the text of the line from b->p[start] go: a
 * post's "🇸🇪🤝🇺🇦 I dag skrev …" and "… säger Mikael Lönnroth (S) 💙💛"
 * read as the sentences they are.  Emoji inside the line stay. */
static void strip_pictographs(struct obuf *b, size_t start)
{
    size_t n = b->len - start, lead = 0, k;
    char *p = b->p + start;
    bool any = false;
    while (lead < n && (k = pictograph_at(p + lead, n - lead)) > 0) {
        any |= p[lead] != ' ';
        lead += k;
    }
    if (!any)
        lead = 0;                   /* an indent alone stays */
    else if (lead < n) {
        memmove(p, p + lead, n - lead);
        n -= lead;
    } else
        n = 0;
    /* From the end: find where a run of pictographs and spaces starts. */
    size_t cut = n;
    for (size_t i = n; i > 0;) {
        size_t b0 = i - 1;
        while (b0 > 0 && ((unsigned char)p[b0] & 0xC0) == 0x80)
            b0--;
        if (pictograph_at(p + b0, i - b0) != i - b0)
            break;
        i = b0;
        if (p[b0] != ' ')
            cut = b0;
    }
    if (cut < n) {
        while (cut > 0 && p[cut - 1] == ' ')
            cut--;
        n = cut;
    }
    b->len = start + n;
}

/* Spaces at the end of the line from b->p[start] go.  In a line of prose
 * (PROSE_MIN bytes or more, ending a sentence) a run of spaces, a typist's
 * two after a full stop or an editor's stray ("säger  Anna"), is one: a
 * run of spaces parts table cells and menu items only in lines that are
 * no sentence ("Søk   Meny   Nynorsk", "Kolding  Danmark"). */
#define PROSE_MIN 30
static void tidy_spaces(struct obuf *b, size_t start)
{
    while (b->len > start && b->p[b->len - 1] == ' ')
        b->len--;
    size_t end = norm_before_closing(b->p, start, b->len);
    if (b->len - start < PROSE_MIN || end == start ||
        (b->p[end - 1] != '.' && b->p[end - 1] != '!' &&
         b->p[end - 1] != '?'))
        return;
    size_t w = start;
    for (size_t r = start; r < b->len; r++)
        if (b->p[r] != ' ' || r == start || b->p[w - 1] != ' ')
            b->p[w++] = b->p[r];
    b->len = w;
}

/* ---- Markdown ------------------------------------------------------------
 * A page converted to Markdown marks what plain text shows by its lines: a
 * heading's "## ", bold "**" or "__" around a label, a link's "[text](url)"
 * and a block quote's "> ".  unmark() keeps the text of line p[0..n) and
 * drops the marks, in place; returns the new length. */
static size_t unmark(char *p, size_t n)
{
    size_t r = 0, w = 0;
    /* "## Heading", "> quoted" */
    size_t h = 0;
    while (h < n && h < 6 && p[h] == '#')
        h++;
    if (h && h < n && p[h] == ' ')
        r = h + 1;
    else if (n >= 2 && p[0] == '>' && p[1] == ' ')
        r = 2;
    bool marks = r > 0;
    for (size_t i = r; i + 1 < n && !marks; i++)
        marks = (p[i] == '*' && p[i + 1] == '*') ||
                (p[i] == '_' && p[i + 1] == '_') ||
                (p[i] == ']' && p[i + 1] == '(');
    if (!marks)
        return n;
    while (r < n) {
        if (r + 1 < n && ((p[r] == '*' && p[r + 1] == '*') ||
                          (p[r] == '_' && p[r + 1] == '_'))) {
            r += 2;
            continue;
        }
        if (p[r] == '[') {
            /* "[text](url)": the text */
            size_t c = r + 1;
            while (c < n && p[c] != ']' && p[c] != '[')
                c++;
            if (c + 1 < n && p[c] == ']' && p[c + 1] == '(') {
                size_t e = c + 2;
                while (e < n && p[e] != ')' && p[e] != ' ')
                    e++;
                if (e < n && p[e] == ')') {
                    memmove(p + w, p + r + 1, c - r - 1);
                    w += c - r - 1;
                    r = e + 1;
                    continue;
                }
            }
        }
        p[w++] = p[r++];
    }
    return w;
}

/* ---- HTML character references in plain text ----------------------------
 * Text copied out of a web page's source or an RSS/JSON field may keep its
 * character references: "&ndash; Vi &auml;r n&ouml;jda, s&auml;ger …",
 * "&#8221;".  A text holding at least REFS_MIN of them is read with them
 * decoded (numeric ones, and the named ones of Latin-1 letters and
 * typography below); "&" in "R&D" or "Q&A" is no reference and stays, as do
 * references to line breaks and to invalid code points. */

#define REFS_MIN 2

static const struct {
    const char *name;
    utf8proc_int32_t cp;
} named_ref[] = {
    {"AElig", 0xC6}, {"Aacute", 0xC1}, {"Agrave", 0xC0}, {"Aring", 0xC5},
    {"Auml", 0xC4}, {"Ccedil", 0xC7}, {"Eacute", 0xC9}, {"Egrave", 0xC8},
    {"Oacute", 0xD3}, {"Oslash", 0xD8}, {"Ouml", 0xD6}, {"Uuml", 0xDC},
    {"aacute", 0xE1}, {"aelig", 0xE6}, {"agrave", 0xE0}, {"amp", '&'},
    {"apos", '\''}, {"aring", 0xE5}, {"auml", 0xE4}, {"bdquo", 0x201E},
    {"bull", 0x2022}, {"ccedil", 0xE7}, {"copy", 0xA9}, {"deg", 0xB0},
    {"eacute", 0xE9}, {"egrave", 0xE8}, {"euml", 0xEB}, {"euro", 0x20AC},
    {"gt", '>'}, {"hellip", 0x2026}, {"iacute", 0xED}, {"laquo", 0xAB},
    {"ldquo", 0x201C}, {"lsquo", 0x2018}, {"lt", '<'}, {"mdash", 0x2014},
    {"middot", 0xB7}, {"nbsp", 0xA0}, {"ndash", 0x2013}, {"ntilde", 0xF1},
    {"oacute", 0xF3}, {"oslash", 0xF8}, {"ouml", 0xF6}, {"quot", '"'},
    {"raquo", 0xBB}, {"rdquo", 0x201D}, {"rsquo", 0x2019}, {"sbquo", 0x201A},
    {"shy", 0xAD}, {"szlig", 0xDF}, {"uacute", 0xFA}, {"uuml", 0xFC},
};

/* The code point of the reference at s[0..n) (s[0] == '&'), its length in
 * *k; -1 if it is none. */
static utf8proc_int32_t char_ref(const char *s, size_t n, size_t *k)
{
    size_t i = 1;
    if (i < n && s[i] == '#') {
        bool hex = i + 1 < n && (s[i + 1] == 'x' || s[i + 1] == 'X');
        i += hex ? 2 : 1;
        size_t d0 = i;
        long v = 0;
        while (i < n && i - d0 < 7) {
            int c = s[i];
            int dv = c >= '0' && c <= '9' ? c - '0'
                   : hex && c >= 'a' && c <= 'f' ? c - 'a' + 10
                   : hex && c >= 'A' && c <= 'F' ? c - 'A' + 10 : -1;
            if (dv < 0)
                break;
            v = v * (hex ? 16 : 10) + dv;
            i++;
        }
        if (i == d0 || i >= n || s[i] != ';' || v == 10 || v == 13 ||
            !utf8proc_codepoint_valid((utf8proc_int32_t)v) || v == 0)
            return -1;
        *k = i + 1;
        return (utf8proc_int32_t)v;
    }
    while (i < n && i < 10 && ((s[i] >= 'a' && s[i] <= 'z') ||
                               (s[i] >= 'A' && s[i] <= 'Z')))
        i++;
    if (i == 1 || i >= n || s[i] != ';')
        return -1;
    for (size_t t = 0; t < sizeof named_ref / sizeof *named_ref; t++)
        if (strlen(named_ref[t].name) == i - 1 &&
            memcmp(named_ref[t].name, s + 1, i - 1) == 0) {
            *k = i + 1;
            return named_ref[t].cp;
        }
    return -1;
}

/* src[0..len) with its character references decoded, in a malloc'ed
 * buffer (length *out_len); NULL if it holds fewer than REFS_MIN. */
static char *unescape_refs(const char *src, size_t len, size_t *out_len)
{
    size_t refs = 0, k;
    for (const char *p = memchr(src, '&', len); p && refs < REFS_MIN;
         p = memchr(p + 1, '&', len - (size_t)(p + 1 - src)))
        refs += char_ref(p, len - (size_t)(p - src), &k) >= 0;
    if (refs < REFS_MIN)
        return NULL;
    struct obuf o = {0};
    ob_reserve(&o, len + 1);
    for (size_t i = 0; i < len;) {
        const char *amp = memchr(src + i, '&', len - i);
        size_t e = amp ? (size_t)(amp - src) : len;
        ob_put(&o, src + i, e - i);
        if (!amp)
            break;
        utf8proc_int32_t cp = char_ref(amp, len - e, &k);
        if (cp >= 0) {
            ob_put_cp(&o, cp);
            i = e + k;
        } else {
            ob_put(&o, "&", 1);
            i = e + 1;
        }
    }
    *out_len = o.len;
    return o.p;
}

void norm_text(struct arena *a, const char *src, size_t len,
               struct norm_text *out)
{
    struct obuf text = {0};
    struct line_vec lines = {0};
    size_t pos = 0;
    uint32_t src_line = 1;

    if (!src) {
        src = "";               /* no arithmetic on a null pointer */
        len = 0;
    }
    size_t ulen;
    char *unesc = unescape_refs(src, len, &ulen);
    if (unesc) {
        src = unesc;
        len = ulen;
    }
    ob_reserve(&text, len + 1);
    for (;;) {
        size_t term;
        bool plain;
        size_t end = find_eol(src, len, pos, &term, &plain);

        size_t line_start = text.len;
        push_line(&lines, line_start, pos, src_line);
        if (plain)
            ob_put(&text, src + pos, end - pos);
        else
            put_line(&text, src + pos, end - pos);
        /* An indented line reads as its text: a page converted with
         * its indentation ("  – Vi är nöjda, säger …") has the
         * paragraphs, dashes and labels of an unindented one; so does a
         * page converted to Markdown ("## Tema", "**Svensk partner:**"). */
        size_t lead = 0;
        while (line_start + lead < text.len && text.p[line_start + lead] == ' ')
            lead++;
        if (lead) {
            memmove(text.p + line_start, text.p + line_start + lead,
                    text.len - line_start - lead);
            text.len -= lead;
        }
        text.len = line_start + unmark(text.p + line_start,
                                       text.len - line_start);
        double_dashes(&text, line_start);
        strip_pictographs(&text, line_start);
        tidy_spaces(&text, line_start);
        if (term == 0)
            break;
        ob_put(&text, "\n", 1);
        /* LS and PS end an output line but not a line of the file. */
        if (term != 3)
            src_line++;
        pos = end + term;
    }
    ob_reserve(&text, 1);
    text.p[text.len] = '\0';   /* unwrap() reads lines as strings */
    unwrap(text.p, &lines);
    drop_page_breaks(text.p, &lines);
    text.len = strlen(text.p);      /* a hyphenated word joined is shorter */
    split_run_on(text.p, &lines);
    out->s = arena_strndup(a, text.p, text.len);
    out->len = text.len;
    struct norm_line *nl = arena_calloc(a, lines.n, sizeof *nl);
    memcpy(nl, lines.p, lines.n * sizeof *nl);
    out->lines = nl;
    out->n_lines = lines.n;
    free(text.p);
    free(lines.p);
    free(unesc);
}

size_t norm_line_index(const struct norm_text *nt, size_t off)
{
    size_t lo = 0;
    size_t hi = nt->n_lines;

    /* The last line with lines[i].off <= off; lines[0].off is 0. */
    while (hi - lo > 1) {
        size_t mid = lo + (hi - lo) / 2;
        if (nt->lines[mid].off <= off)
            lo = mid;
        else
            hi = mid;
    }
    return lo;
}

uint32_t norm_src_line(const struct norm_text *nt, size_t off)
{
    if (nt->n_lines == 0)
        return 0;
    return nt->lines[norm_line_index(nt, off)].src_line;
}

/*
 * Matching keys.
 */

/* Cyrillic and Greek letters that look like a Latin one, both cases,
 * sorted.  Applied only inside a word that has a Latin letter too, so
 * "Vіnnytsia" with a Ukrainian і matches "Vinnytsia" but "Київ" stays
 * Cyrillic.  Letters with diacritics (ї, ё) lose them first. */
static const struct homoglyph {
    utf8proc_int32_t from;
    char to;
} homoglyphs[] = {
    {0x0391, 'A'}, {0x0392, 'B'}, {0x0395, 'E'}, {0x0396, 'Z'},
    {0x0397, 'H'}, {0x0399, 'I'}, {0x039A, 'K'}, {0x039C, 'M'},
    {0x039D, 'N'}, {0x039F, 'O'}, {0x03A1, 'P'}, {0x03A4, 'T'},
    {0x03A5, 'Y'}, {0x03A7, 'X'}, {0x03B1, 'a'}, {0x03B5, 'e'},
    {0x03B7, 'n'}, {0x03B9, 'i'}, {0x03BA, 'k'}, {0x03BD, 'v'},
    {0x03BF, 'o'}, {0x03C1, 'p'}, {0x03C5, 'u'}, {0x03C7, 'x'},
    {0x0405, 'S'}, {0x0406, 'I'}, {0x0408, 'J'}, {0x0410, 'A'},
    {0x0412, 'B'}, {0x0415, 'E'}, {0x041A, 'K'}, {0x041C, 'M'},
    {0x041D, 'H'}, {0x041E, 'O'}, {0x0420, 'P'}, {0x0421, 'C'},
    {0x0422, 'T'}, {0x0423, 'Y'}, {0x0425, 'X'}, {0x0430, 'a'},
    {0x0432, 'b'}, {0x0435, 'e'}, {0x043A, 'k'}, {0x043C, 'm'},
    {0x043D, 'h'}, {0x043E, 'o'}, {0x0440, 'p'}, {0x0441, 'c'},
    {0x0442, 't'}, {0x0443, 'y'}, {0x0445, 'x'}, {0x0455, 's'},
    {0x0456, 'i'}, {0x0458, 'j'}, {0x04BB, 'h'}, {0x04C0, 'I'},
    {0x04CF, 'l'}, {0x0501, 'd'}, {0x051B, 'q'}, {0x051D, 'w'},
};

#define N_HOMOGLYPHS (sizeof homoglyphs / sizeof *homoglyphs)

static utf8proc_int32_t unconfuse(utf8proc_int32_t cp)
{
    size_t lo = 0;
    size_t hi = N_HOMOGLYPHS;

    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (cp < homoglyphs[mid].from)
            hi = mid;
        else if (cp > homoglyphs[mid].from)
            lo = mid + 1;
        else
            return homoglyphs[mid].to;
    }
    return cp;
}

static bool is_latin_letter(utf8proc_int32_t cp)
{
    if ((cp >= 'A' && cp <= 'Z') || (cp >= 'a' && cp <= 'z'))
        return true;
    if (cp >= 0x00C0 && cp <= 0x024F)
        return cp != 0x00D7 && cp != 0x00F7;    /* not × ÷ */
    return cp >= 0x1E00 && cp <= 0x1EFF;
}

/* True for what separates the words of a key: white space, line breaks,
 * dashes and hyphens, apostrophes and primes. */
static bool is_key_sep(utf8proc_int32_t cp)
{
    if ((cp >= 'a' && cp <= 'z') || (cp >= 'A' && cp <= 'Z') ||
        (cp >= '0' && cp <= '9') || (cp >= 0xC0 && cp <= 0xFF))
        return false;           /* the common case, without a lookup */
    switch (cp) {
    case '\t': case '\n': case '\v': case '\f': case '\r': case ' ':
    case '\'': case '`': case 0x85: case 0xB4: case 0x02BC: case 0x2018:
    case 0x2019: case 0x201B: case 0x2032: case 0x2212: case 0xFF07:
        return true;
    default:
        break;
    }
    switch (utf8proc_category(cp)) {
    case UTF8PROC_CATEGORY_ZS:
    case UTF8PROC_CATEGORY_ZL:
    case UTF8PROC_CATEGORY_ZP:
    case UTF8PROC_CATEGORY_PD:
        return true;
    default:
        return false;
    }
}

/* True for what a key drops: nonspacing marks (the diacritics NFD splits
 * off) and control or format characters (soft hyphen, ZWJ, ...). */
static bool key_drops(utf8proc_int32_t cp)
{
    utf8proc_category_t c = utf8proc_category(cp);

    return c == UTF8PROC_CATEGORY_MN || c == UTF8PROC_CATEGORY_CC ||
           c == UTF8PROC_CATEGORY_CF;
}

/* Decompose cp under 'opts' into d[0..32); return the count (0 if, against
 * all Unicode data, it would not fit). */
static size_t decompose(utf8proc_int32_t cp, utf8proc_int32_t d[32],
                        utf8proc_option_t opts)
{
    int bc = 0;
    utf8proc_ssize_t k = utf8proc_decompose_char(cp, d, 32, opts, &bc);

    return k > 0 && k <= 32 ? (size_t)k : 0;
}

/* Append the case folding of cp to b, minus what keys drop; return the
 * number of code points appended. */
static size_t put_folded(struct obuf *b, utf8proc_int32_t cp)
{
    utf8proc_int32_t d[32];
    size_t k = decompose(cp, d, UTF8PROC_DECOMPOSE | UTF8PROC_CASEFOLD);
    size_t n = 0;

    for (size_t i = 0; i < k; i++) {
        /* A separator can come out of a letter too (U+1FEF GREEK VARIA
         * is '`', U+0149 folds to U+02BC n): dropped like a mark, a key
         * never holds one. */
        if (key_drops(d[i]) || is_key_sep(d[i]))
            continue;
        ob_put_cp(b, d[i]);
        n++;
    }
    return n;
}

/* U+00C0-U+00FF: the key of each letter (NFD, marks dropped, case
 * folded), what utf8proc gives, without calling it.  "" = not a letter
 * here (× and ÷): left to utf8proc. */
static const char *const latin1_key[64] = {
    "a", "a", "a", "a", "a", "a", "æ", "c", "e", "e", "e", "e",
    "i", "i", "i", "i", "ð", "n", "o", "o", "o", "o", "o", "",
    "ø", "u", "u", "u", "u", "y", "þ", "ss", "a", "a", "a", "a",
    "a", "a", "æ", "c", "e", "e", "e", "e", "i", "i", "i", "i",
    "ð", "n", "o", "o", "o", "o", "o", "", "ø", "u", "u", "u",
    "u", "y", "þ", "y",
};

/* U+0100-U+017F (Latin Extended-A: č ł ő ş ž ...), the same: generated
 * from the general path, which test_normalize checks it against. */
static const char *const ext_a_key[128] = {
    "a", "a", "a", "a", "a", "a", "c", "c",
    "c", "c", "c", "c", "c", "c", "d", "d",
    "đ", "đ", "e", "e", "e", "e", "e", "e",
    "e", "e", "e", "e", "g", "g", "g", "g",
    "g", "g", "g", "g", "h", "h", "ħ", "ħ",
    "i", "i", "i", "i", "i", "i", "i", "i",
    "i", "ı", "ĳ", "ĳ", "j", "j", "k", "k",
    "ĸ", "l", "l", "l", "l", "l", "l", "ŀ",
    "ŀ", "ł", "ł", "n", "n", "n", "n", "n",
    "n", "n", "ŋ", "ŋ", "o", "o", "o", "o",
    "o", "o", "œ", "œ", "r", "r", "r", "r",
    "r", "r", "s", "s", "s", "s", "s", "s",
    "s", "s", "t", "t", "t", "t", "ŧ", "ŧ",
    "u", "u", "u", "u", "u", "u", "u", "u",
    "u", "u", "u", "u", "w", "w", "y", "y",
    "y", "z", "z", "z", "z", "z", "z", "s"
};

/* The key of the two-byte character u[0] u[1] from the tables above, or
 * NULL. */
static const char *table_key(const unsigned char *u)
{
    if (u[1] < 0x80 || u[1] > 0xBF)
        return NULL;
    const char *k = u[0] == 0xC3   ? latin1_key[u[1] - 0x80]
                    : u[0] == 0xC4 ? ext_a_key[u[1] - 0x80]
                    : u[0] == 0xC5 ? ext_a_key[64 + u[1] - 0x80]
                                   : NULL;
    return k && *k ? k : NULL;
}

/* Cyrillic letters U+0410-U+044F and the Ukrainian and Russian extras,
 * romanized for keys as Ukraine's national system does (soft and hard
 * signs dropped), so "Ковель" and "Kovel", "Житомир" and "Zhytomyr" get
 * one key.  NULL: not a letter this table knows. */
static const char *cyrillic_key(utf8proc_int32_t cp)
{
    /* Г and Х are "g" and "h", as Swedish names are written in Cyrillic
     * ("Гіславед" Gislaved, "Хультсфред" Hultsfred); Ukrainian places
     * match their own Cyrillic aliases, which take the same key. */
    static const char *const basic[32] = {
        "a", "b", "v", "g", "d", "e", "zh", "z", "y", "i", "k", "l", "m",
        "n", "o", "p", "r", "s", "t", "u", "f", "h", "ts", "ch", "sh",
        "shch", "", "y", "", "e", "iu", "ia",
    };
    if (cp >= 0x410 && cp <= 0x42F)
        return basic[cp - 0x410];
    if (cp >= 0x430 && cp <= 0x44F)
        return basic[cp - 0x430];
    switch (cp) {
    case 0x404: case 0x454: return "ie";    /* Є */
    case 0x406: case 0x456: return "i";     /* І */
    case 0x407: case 0x457: return "i";     /* Ї */
    case 0x490: case 0x491: return "g";     /* Ґ */
    case 0x401: case 0x451: return "e";     /* Ё */
    default: return NULL;
    }
}

/* Append the key form of cp to b: NFD, marks dropped, homoglyphs made
 * Latin if 'latin', case folded.  A pending *space goes first, and only if
 * something follows it. */
static void put_key_cp(struct obuf *b, utf8proc_int32_t cp, bool latin,
                       bool *space)
{
    utf8proc_int32_t d[32];

    if (cp >= 0xC0 && cp <= 0xFF && *latin1_key[cp - 0xC0]) {
        if (*space && b->len > 0)
            ob_put(b, " ", 1);
        ob_put(b, latin1_key[cp - 0xC0], strlen(latin1_key[cp - 0xC0]));
        *space = false;
        return;
    }
    if (cp >= 0x20 && cp < 0x7F) {
        /* Printable ASCII: no decomposition, no homoglyph, folding is
         * A-Z -> a-z.  The common case, without utf8proc. */
        if (*space && b->len > 0)
            ob_put(b, " ", 1);
        char c = (char)(cp >= 'A' && cp <= 'Z' ? cp + 32 : cp);
        ob_put(b, &c, 1);
        *space = false;
        return;
    }
    const char *cy = latin ? NULL : cyrillic_key(cp);
    if (cy) {
        if (*cy && *space && b->len > 0)
            ob_put(b, " ", 1);
        if (*cy) {
            ob_put(b, cy, strlen(cy));
            *space = false;
        }
        return;
    }
    size_t k = decompose(cp, d, UTF8PROC_DECOMPOSE);

    for (size_t i = 0; i < k; i++) {
        size_t before = b->len;
        if (key_drops(d[i]))
            continue;
        if (*space && before > 0)
            ob_put(b, " ", 1);
        if (put_folded(b, latin ? unconfuse(d[i]) : d[i]) > 0)
            *space = false;
        else
            b->len = before;
    }
}

/* Append the key form of the word s[0..n) (no separators in it) to b. */
static void put_word(struct obuf *b, const char *s, size_t n, bool *space)
{
    bool latin = false;
    utf8proc_int32_t cp;

    for (size_t i = 0; i < n && !latin;) {
        i += next_cp(s + i, n - i, &cp);
        latin = is_latin_letter(cp);
    }
    for (size_t i = 0; i < n;) {
        i += next_cp(s + i, n - i, &cp);
        put_key_cp(b, cp, latin, space);
    }
}


/* norm_key() of text made of printable ASCII, tab, LF, CR, the Latin-1
 * letters U+00C0-U+00FF and Latin Extended-A U+0100-U+017F (nearly every
 * name in these lists): A-Z folded, letters through latin1_key and
 * ext_a_key, runs of separators (white space, '-', '\'', '`') one space,
 * none at the ends.  NULL if s holds anything else. */
static char *plain_key(struct arena *a, const char *s, size_t len,
                       size_t *out_len)
{
    const unsigned char *u = (const unsigned char *)s;
    bool cyr = false, latin = false;
    for (size_t i = 0; i < len; i++) {
        unsigned char c = u[i];
        if (c >= 0xC3 && c <= 0xC5 && i + 1 < len && table_key(u + i)) {
            latin = true;
            i++;
            continue;
        }
        /* Cyrillic letters of cyrillic_key()'s table: U+0400-U+047F. */
        if ((c == 0xD0 || c == 0xD1) && i + 1 < len &&
            (u[i + 1] & 0xC0) == 0x80 &&
            cyrillic_key(((c & 0x1F) << 6) | (u[i + 1] & 0x3F))) {
            cyr = true;
            i++;
            continue;
        }
        if ((c < 0x20 && c != '\t' && c != '\n' && c != '\r') || c >= 0x7F)
            return NULL;
        latin = latin || (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z');
    }
    /* Cyrillic beside Latin letters may be homoglyphs ("Vіnnytsia"):
     * the general path decides per word. */
    if (cyr && latin)
        return NULL;
    char *k = arena_alloc(a, 2 * len + 1);  /* ß -> ss, щ -> shch */
    size_t n = 0;
    bool space = false;
    /* Separators below 64 as bits: tab, LF, CR, space, '\'', '-'. */
    const uint64_t sep = (1ull << '\t') | (1ull << '\n') | (1ull << '\r') |
                         (1ull << ' ') | (1ull << '\'') | (1ull << '-');
    for (size_t i = 0; i < len; i++) {
        char c = s[i];
        if ((u[i] < 64 && (sep >> u[i] & 1)) || c == '`') {
            space = true;
            continue;
        }
        const char *f = NULL;
        if (u[i] == 0xD0 || u[i] == 0xD1) {
            f = cyrillic_key(((u[i] & 0x1F) << 6) | (u[i + 1] & 0x3F));
            i++;
            if (!*f)
                continue;       /* a soft sign: nothing, no space */
        }
        if (space && n > 0)
            k[n++] = ' ';
        space = false;
        if (f) {
            while (*f)
                k[n++] = *f++;
        } else if (u[i] >= 0x80) {
            for (f = table_key(u + i++); *f;)
                k[n++] = *f++;
        } else {
            k[n++] = c >= 'A' && c <= 'Z' ? (char)(c + 32) : c;
        }
    }
    k[n] = '\0';
    if (out_len)
        *out_len = n;
    return k;
}

char *norm_key(struct arena *a, const char *s, size_t len, size_t *out_len)
{
    struct obuf key = {0};
    bool space = false;
    size_t i = 0;
    char *fast = plain_key(a, s, len, out_len);

    if (fast)
        return fast;

    while (i < len) {
        size_t word = i;
        utf8proc_int32_t cp;
        size_t k = 0;
        while (i < len) {
            k = next_cp(s + i, len - i, &cp);
            if (is_key_sep(cp))
                break;
            i += k;
        }
        put_word(&key, s + word, i - word, &space);
        if (i < len) {
            space = true;
            i += k;
        }
    }
    char *r = arena_strndup(a, key.p ? key.p : "", key.len);
    if (out_len)
        *out_len = key.len;
    free(key.p);
    return r;
}

char *norm_fold(struct arena *a, const char *s, size_t len)
{
    utf8proc_uint8_t *f = NULL;
    utf8proc_ssize_t r = utf8proc_map((const utf8proc_uint8_t *)s,
                                      (utf8proc_ssize_t)len, &f,
                                      UTF8PROC_STABLE | UTF8PROC_COMPOSE |
                                      UTF8PROC_CASEFOLD);
    char *out = r >= 0 ? arena_strndup(a, (const char *)f, (size_t)r)
                       : arena_strndup(a, s, len);
    free(f);
    return out;
}

void norm_number_from(struct norm_text *nt, size_t first)
{
    if (first >= nt->n_lines)
        return;
    /* The lines were allocated by norm_text() for this text; only their
     * numbers change. */
    struct norm_line *nl = (struct norm_line *)(uintptr_t)nt->lines;
    uint32_t base = nl[first].src_line;
    for (size_t i = 0; i < nt->n_lines; i++)
        nl[i].src_line = i < first ? 0 : nl[i].src_line - base + 1;
}
