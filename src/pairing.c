/*
 * pairing.c - stage 4a: partner pairs from mentions (see pairing.h).
 *
 * The text is cut into units (sentences and lines).  A unit with a
 * foreign mention gives pairs when a partnership is named: by a trigger
 * in the unit or its paragraph, by the page's title or a heading above a
 * list, or, for a partner recognised by its form or a country cue, by a
 * trigger anywhere on the page.  The Swedish side is the unit's own
 * Swedish mention(s); a unit without one (a list line under "Hudiksvalls
 * vänorter", "besöker sin partnerkommun P") takes the side of the page.
 */
/* SPDX-License-Identifier: MIT */
#include "pairing.h"

#include <stdint.h>
#include <ctype.h>
#include <string.h>

#include "arena.h"

/* A line of at most this many bytes that does not end a sentence is a
 * title, heading, list item or table cell (not prose). */
#define HEADING_MAX 100
/* A line of at most this many bytes may be a list item or a table cell
 * ("Joensuu i Finland", "Kolding (Danmark)", "• Gulu, Uganda"). */
#define LIST_LINE_MAX 120
/* The page head: at most this many non-blank lines before the first line
 * of prose (title, breadcrumbs, first heading). */
#define PAGE_HEAD_LINES 4
/* A location's preposition stands at most this many bytes after a
 * trigger when it introduces the partners ("vänorter i ", "partners in ",
 * "vänort i norska "). */
#define LOCATION_GAP 24
/* No mention is longer than this (a place with its form words): how far
 * back a scan over mentions sorted by start has to look for overlaps. */
#define MENTION_SPAN 256
/* A first line this short is a site's name or a title, not prose. */
#define SITE_NAME_MAX 60

static bool is_upper_start(const char *s, size_t len)
{
    unsigned char c = (unsigned char)s[0];
    if (!len)
        return false;
    if (c >= 'A' && c <= 'Z')
        return true;
    if (c >= '0' && c <= '9')
        return true;
    /* Any non-ASCII letter start (Å, Ö, Ł, Cyrillic capitals ...) or a
     * quote or dash: good enough for a sentence start. */
    return c >= 0xC0 || c == '"' || c == '\'' || c == 0xE2;
}

/* The word before text[at] (which is '.', '!' or '?'): an initial ("K."),
 * a short abbreviation ("bl.a.", "nr.", "St.") or a number of up to three
 * digits ("3.") does not end a sentence. */
static bool ends_sentence(const char *text, size_t at)
{
    size_t w = at;
    while (w > 0 && text[w - 1] != ' ' && text[w - 1] != '\n')
        w--;
    size_t wl = at - w;
    if (text[at] != '.')
        return true;
    if (wl == 0)
        return false;
    if (wl <= 2) {
        /* "K.", "nr.", "St." do not; a short word that ends sentences
         * does ("…, som Kongsvinger ikke er med i.", "… to take part
         * in."). */
        static const char short_end[][3] = {
            "i", "in", "on", "up", "it", "to", "us", "me", "er", "av",
            "om", "ut", "ud", "nu", "se", "do", "go", "so",
        };
        for (size_t i = 0; i < sizeof short_end / sizeof *short_end; i++)
            if (strlen(short_end[i]) == wl &&
                memcmp(text + w, short_end[i], wl) == 0)
                return true;
        return false;
    }
    if (memchr(text + w, '.', wl))
        return false;           /* "bl.a.", "t.ex." */
    /* "3." and "12." are ordinals ("den 12. mars"); a year ends its
     * sentence ("… in 2024. The Committee"). */
    bool digits = true;
    for (size_t i = w; i < at; i++)
        digits = digits && text[i] >= '0' && text[i] <= '9';
    return !digits || wl >= 4;
}

/* The bytes that may end a unit: a line break and [.!?;].  One load a
 * byte tells them from the rest, where four comparisons and a branch on
 * each letter-or-not byte would mispredict. */
static const bool unit_end[256] = {
    ['\n'] = true, ['.'] = true, ['!'] = true, ['?'] = true, [';'] = true,
};

size_t pairing_units(struct arena *a, const char *text, size_t len,
                     size_t **starts)
{
    size_t n = 1, cap = 16;
    size_t *v = arena_alloc(a, cap * sizeof *v);

    v[0] = 0;
    for (size_t i = 0; i < len; i++) {
        size_t next = 0;
        if (!unit_end[(unsigned char)text[i]])
            continue;
        if (text[i] == '\n') {
            next = i + 1;
        } else if (i + 2 < len && text[i + 1] == ' ' &&
                   is_upper_start(text + i + 2, len - i - 2) &&
                   ends_sentence(text, i)) {
            /* ("; " before a capital parts two clauses too: "Chía and
             * Sigtuna renew agreement; Zipaquirá to follow".) */
            next = i + 2;
        }
        if (!next || next >= len)
            continue;
        if (n == cap) {
            v = arena_grow(a, v, cap, 2 * cap, sizeof *v);
            cap *= 2;
        }
        v[n++] = next;
    }
    *starts = v;
    return n;
}

/* A unit this long (bytes) is prose: the page's lede is the paragraph
 * of the first. */
#define LEDE_MIN 80

/* What the scan knows of one unit. */
struct unit {
    size_t start, end;
    size_t line_start, line_end;    /* the line holding the unit */
    size_t para;                    /* paragraph number */
    bool heading;                   /* its line is short and no sentence */
    bool list;                      /* its line is a short line */
    bool head;                      /* in the page head */
    bool menu;                      /* a menu line of the page head */
};

/* Does line s[0, n) (trimmed) open with a bullet ("• Tornio, Finland –
 * vennskapsby siden 1952", "* Kolding")?  Such a line is a list item,
 * never a heading, however short, even when it names a partnership. */
static bool bulleted(const char *s, size_t n)
{
    static const char *const bullet[] = {"\u2022", "\u00b7", "\u25aa",
                                         "\u25cf", "\u25ba", "* ", "- "};
    for (size_t i = 0; i < sizeof bullet / sizeof *bullet; i++) {
        size_t bl = strlen(bullet[i]);
        if (n >= bl && memcmp(s, bullet[i], bl) == 0)
            return true;
    }
    return false;
}

/* Does line s[0, n) (trimmed) hold at least two menu separators: a run
 * of two or more spaces, " | ", " · " or " • "? */
static bool menu_line(const char *s, size_t n)
{
    unsigned seps = 0;
    for (size_t i = 0; i + 2 < n && seps < 2; i++) {
        if (s[i] == ' ' && s[i + 1] == ' ') {
            seps++;
            while (i + 1 < n && s[i + 1] == ' ')
                i++;
        } else if (s[i] == ' ' && s[i + 1] == '|' && s[i + 2] == ' ') {
            seps++;
            i += 2;
        } else if (s[i] == ' ' && i + 3 < n &&
                   ((memcmp(s + i + 1, "\u00b7", 2) == 0 && s[i + 3] == ' ') ||
                    (i + 4 < n && memcmp(s + i + 1, "\u2022", 3) == 0 &&
                     s[i + 4] == ' '))) {
            seps++;
            i += 3;
        }
    }
    return seps >= 2;
}

static size_t unit_of(const size_t *starts, size_t n, size_t off)
{
    size_t lo = 0, hi = n;
    while (hi - lo > 1) {
        size_t mid = lo + (hi - lo) / 2;
        if (starts[mid] <= off)
            lo = mid;
        else
            hi = mid;
    }
    return lo;
}

static void describe_units(const char *text, size_t len, const size_t *pstart,
                           size_t n_para, const size_t *starts, size_t n,
                           struct unit *u)
{
    size_t pk = 0;              /* pstart[pk] is the next paragraph's */
    size_t para = 0, head_lines = 0;
    bool in_head = true;
    size_t prev_line = (size_t)-1;

    for (size_t i = 0; i < n; i++) {
        struct unit *x = &u[i];
        x->start = starts[i];
        x->end = i + 1 < n ? starts[i + 1] : len;
        /* A unit starts a line, or continues the line of the unit
         * before it. */
        size_t ls = i && x->start && text[x->start - 1] != '\n'
                        ? u[i - 1].line_start : x->start;
        size_t le = i && ls == u[i - 1].line_start ? u[i - 1].line_end : len;
        if (!(i && ls == u[i - 1].line_start)) {
            const char *nl = memchr(text + x->start, '\n', len - x->start);
            le = nl ? (size_t)(nl - text) : len;
        }
        x->line_start = ls;
        x->line_end = le;
        /* Trim the line for the length and last-character tests. */
        size_t ts = ls, te = le;
        while (ts < te && text[ts] == ' ')
            ts++;
        while (te > ts && text[te - 1] == ' ')
            te--;
        bool blank = ts == te;
        /* A new line after a blank one starts a paragraph (or, given the
         * matcher's paragraphs, a line where one of them starts). */
        if (pstart) {
            if (ls != prev_line)
                while (pk < n_para && pstart[pk] <= ls) {
                    if (pk)
                        para++;
                    pk++;
                }
        } else if (ls != prev_line && ls >= 2 && text[ls - 1] == '\n') {
            size_t b = ls - 1;
            while (b > 0 && text[b - 1] == ' ')
                b--;
            if (b == 0 || text[b - 1] == '\n')
                para++;
        }
        char last = te > ts ? text[te - 1] : '.';
        x->para = para;
        /* A list line ends no sentence, unless a bullet opens it: "•
         * Vlieland i Nederländerna – på en av Västfrisiska öarna. Vänort
         * sedan 2001." is an item of the page's list. */
        x->list = !blank &&
                  ((te - ts <= LIST_LINE_MAX && last != '.' && last != '!' &&
                    last != '?') ||
                   (te - ts <= 2 * LIST_LINE_MAX &&
                    bulleted(text + ts, te - ts)));
        x->heading = !blank && te - ts <= HEADING_MAX && last != '.' &&
                     last != '!' && last != '?' && last != ',' &&
                     !bulleted(text + ts, te - ts);
        if (ls != prev_line && !blank && in_head) {
            if (!x->heading || head_lines == PAGE_HEAD_LINES)
                in_head = false;
            else
                head_lines++;
        }
        /* A menu line ("Nyheter   Raufoss   Gjøvik   Sport", "Kilifi |
         * Mombasa | Kwale") names the site's sections, not the page's
         * places: it stays in the head's count but names nothing. */
        x->menu = in_head && !blank && menu_line(text + ts, te - ts);
        x->head = in_head && !blank && !x->menu;
        prev_line = ls;
    }
}

/* The shape of line [s, e): its separators (, – | : ( /) and its words
 * in lower case, in order, into buf (at most n bytes, NUL-terminated).
 * "Härnösand, Sverige – vänort sedan 1948" and "Hamar, Norge – vänort
 * sedan 1951" have one shape: ",–vänort sedan". */
static void line_shape(const char *text, size_t s, size_t e, char *buf,
                       size_t n)
{
    size_t k = 0;
    for (size_t i = s; i < e && k + 1 < n;) {
        unsigned char c = (unsigned char)text[i];
        if (c == ',' || c == '|' || c == ':' || c == '(' || c == '/') {
            buf[k++] = (char)c;
            i++;
        } else if (c == 0xE2 && i + 2 < e &&
                   (unsigned char)text[i + 1] == 0x80 &&
                   (unsigned char)text[i + 2] == 0x93) {   /* – */
            buf[k++] = '-';
            i += 3;
        } else if (c >= 'a' && c <= 'z' && (i == s || text[i - 1] == ' ')) {
            while (i < e && text[i] != ' ' && text[i] != ',' && k + 1 < n)
                buf[k++] = text[i++];
            if (k + 1 < n)
                buf[k++] = ' ';
        } else {
            i++;
        }
    }
    buf[k] = '\0';
}

/* Is heading unit k the first of a run of lines of one shape (a list
 * whose items each name a partnership: "Härnösand, Sverige – vänort
 * sedan 1948" over "Hamar, Norge – vänort sedan 1948")?  Then it is an
 * item, and heads nothing. */
static bool first_of_items(const char *text, const struct unit *u,
                           size_t nu, size_t k)
{
    size_t j = k + 1;
    while (j < nu && u[j].line_start == u[k].line_start)
        j++;
    if (j >= nu || u[j].para != u[k].para)
        return false;
    char a[128], b[128];
    line_shape(text, u[k].line_start, u[k].line_end, a, sizeof a);
    line_shape(text, u[j].line_start, u[j].line_end, b, sizeof b);
    return *a && strcmp(a, b) == 0;
}

/* Is there a first-person possessive ("our", "vår", "vores") among the
 * two words before 'at' (not before 'from')?  On a page from the foreign
 * side it names the host's own partners: "our French partner town,
 * Saint-Lô" on Keswick's page. */
static bool first_person_before(const char *text, size_t from, size_t at)
{
    static const char *const w[] = {"our ", "Our ", "vår ", "Vår ",
                                    "våra ", "Våra ", "vårt ", "Vårt ",
                                    "våre ", "Våre ", "vores ", "Vores ",
                                    "vor ", "Vor ", "vort ", "Vort "};
    size_t b = at;
    for (int words = 0; words < 2 && b > from; words++) {
        size_t e = b;
        b = e - 1;
        while (b > from && text[b - 1] != ' ' && text[b - 1] != '\n')
            b--;
        for (size_t i = 0; i < sizeof w / sizeof *w; i++)
            if (e - b == strlen(w[i]) && memcmp(text + b, w[i], e - b) == 0)
                return true;
    }
    return false;
}

/* Is unit k a sentence that ends its line, with a list line right below
 * it ("Eksjö kommun har fyra vänorter." above "Vordingborg | Danmark")? */
static bool list_below(const char *text, const struct unit *u, size_t nu,
                       size_t k)
{
    if (k + 1 < nu && u[k + 1].line_start == u[k].line_start)
        return false;
    size_t j = k + 1;
    while (j < nu && !u[j].list && !u[j].heading &&
           strspn(text + u[j].start, " \n") >= u[j].end - u[j].start)
        j++;                            /* blank lines */
    return j < nu && u[j].list && u[j].para <= u[k].para + 1;
}

static bool label_text(const char *s, size_t n);
static void add_pair(struct arena *a, const struct mention *m,
                     struct pair_ref **v, size_t *n, size_t *cap, size_t sv,
                     size_t foreign);

/* The next non-blank line at or after text[at]: its trimmed bounds in
 * *s, *e; false at the end of the text or after two blank lines (the
 * end of a table whose cells a blank line may part). */
static bool next_cell(const char *text, size_t len, size_t at, size_t *s,
                      size_t *e)
{
    int blanks = 0;
    while (at < len) {
        const char *nl = memchr(text + at, '\n', len - at);
        size_t le = nl ? (size_t)(nl - text) : len, ts = at, te = le;
        while (ts < te && (text[ts] == ' ' || text[ts] == '\r'))
            ts++;
        while (te > ts && (text[te - 1] == ' ' || text[te - 1] == '\r'))
            te--;
        if (ts < te) {
            *s = ts;
            *e = te;
            return true;
        }
        if (++blanks == 2)
            return false;
        at = le + 1;
    }
    return false;
}

/* The start of the line after the one text[at] is on. */
static size_t line_after(const char *text, size_t len, size_t at)
{
    const char *nl = memchr(text + at, '\n', len - at);
    return nl ? (size_t)(nl - text) + 1 : len;
}

/* The first alive mention of kind k that is cell [s, e) whole. */
static size_t cell_mention(const char *text, const struct mention *m,
                           const bool *alive, size_t n, enum mention_kind k,
                           size_t s, size_t e)
{
    for (size_t i = 0; i < n && m[i].start < e; i++)
        if (alive[i] && m[i].kind == k && m[i].start == s && m[i].end <= e &&
            label_text(text + m[i].end, e - m[i].end))
            return i;
    return (size_t)-1;
}

/* Does an alive mention other than a trigger start in [s, e)? */
static bool cell_has_place(const struct mention *m, const bool *alive,
                           size_t n, size_t s, size_t e)
{
    for (size_t i = 0; i < n && m[i].start < e; i++)
        if (alive[i] && m[i].kind != MEN_TRIGGER && m[i].start >= s)
            return true;
    return false;
}

/* The rows of ncol cells from text[at] whose column col_sv holds a
 * Swedish side and col_fo a foreign place, up to the first that does not:
 * their number.  With v, each row's pair is added and its places are
 * sides of nothing else (kill[] false). */
static size_t table_rows(struct arena *a, const char *text, size_t len,
                         const struct mention *m, const bool *alive, size_t n,
                         size_t ncol, size_t col_sv, size_t col_fo, size_t at,
                         struct pair_ref **v, size_t *np, size_t *cap,
                         bool *kill)
{
    size_t rows = 0, cs, ce;
    for (;;) {
        size_t row_s = SIZE_MAX, row_e = 0;
        size_t sv = (size_t)-1, fo = (size_t)-1;
        size_t c;
        for (c = 0; c < ncol && next_cell(text, len, at, &cs, &ce); c++) {
            if (ce - cs > LIST_LINE_MAX)
                break;
            if (row_s == SIZE_MAX)
                row_s = cs;
            row_e = ce;
            if (c == col_sv)
                sv = cell_mention(text, m, alive, n, MEN_SWEDISH, cs, ce);
            else if (c == col_fo)
                fo = cell_mention(text, m, alive, n, MEN_FOREIGN, cs, ce);
            at = line_after(text, len, ce);
        }
        if (c < ncol || sv == (size_t)-1 || fo == (size_t)-1)
            break;
        rows++;
        if (!v)
            continue;
        add_pair(a, m, v, np, cap, sv, fo);
        for (size_t i = 0; i < n && m[i].start < row_e; i++)
            if (m[i].start >= row_s)
                kill[i] = false;
    }
    return rows;
}

/* P-7, a table flattened to one cell per line: a header row of cells
 * each a line ("Swedish side", "Partner", "Country", "Since", mark
 * column-...), then rows of as many lines ("Laxå", "Serowe", "Botswana",
 * "2017"): each row pairs the place opening its Swedish side's cell with
 * the place opening its partner's, and its places are sides of nothing
 * else (alive false).  The table ends at the first row whose two cells do
 * not each hold a place. */
static void table_pairs(struct arena *a, const char *text, size_t len,
                        const struct mention *m, bool *alive, size_t n,
                        struct pair_ref **v, size_t *np, size_t *cap)
{
    size_t done = 0;            /* the end of the last header row */
    for (size_t h = 0; h < n; h++) {
        if (!m[h].column || m[h].start < done)
            continue;           /* a header row's first cell only */
        /* The header: consecutive cells, each a header cell whole. */
        size_t ncol = 0, col_sv = SIZE_MAX, col_fo = SIZE_MAX;
        size_t cs, ce, j = h, at = m[h].start;
        while (next_cell(text, len, at, &cs, &ce)) {
            while (j < n && m[j].start < cs)
                j++;
            while (j < n && m[j].start == cs && !(m[j].column && m[j].end == ce))
                j++;
            if (j == n || m[j].start != cs)
                break;          /* no header cell whole */
            if (m[j].column == COL_SV && col_sv == SIZE_MAX)
                col_sv = ncol;
            else if (m[j].column == COL_FOREIGN && col_fo == SIZE_MAX)
                col_fo = ncol;
            ncol++;
            at = line_after(text, len, ce);
        }
        done = at;
        if (col_sv == SIZE_MAX || col_fo == SIZE_MAX)
            continue;
        /* A header cell no lexicon knows ("Inriktning", "Kontaktperson")
         * after the known ones: up to two short lines that name no place
         * are header cells too when the rows then line up (more rows
         * pair). */
        size_t best_extra = 0, best_rows = 0, best_at = at;
        for (size_t extra = 0; extra <= 2; extra++) {
            size_t at2 = at, ok = 1;
            for (size_t x = 0; x < extra && ok; x++) {
                ok = next_cell(text, len, at2, &cs, &ce) && ce - cs <= 40 &&
                     !cell_has_place(m, alive, n, cs, ce);
                if (ok)
                    at2 = line_after(text, len, ce);
            }
            if (!ok)
                break;
            size_t rows = table_rows(a, text, len, m, alive, n, ncol + extra,
                                     col_sv, col_fo, at2, NULL, NULL, NULL,
                                     NULL);
            if (rows > best_rows) {
                best_rows = rows;
                best_extra = extra;
                best_at = at2;
            }
        }
        if (best_rows)
            table_rows(a, text, len, m, alive, n, ncol + best_extra, col_sv,
                       col_fo, best_at, v, np, cap, alive);
    }
}

/* Is s[0, n) a label, no sentence: short, and at most two lower-case
 * words outside brackets ("Sillamäe, Estland (1992–2008).", "Loimaa,
 * Finland – vänort sedan 1947.", not "Också Levanger i Norge, som hör
 * till Jakobstads vänortskrets, hade skickat en orkester.")? */
static bool label_text(const char *s, size_t n)
{
    size_t words = 0, depth = 0;
    if (n > LIST_LINE_MAX / 2)
        return false;
    for (size_t i = 0; i < n; i++) {
        if (s[i] == '(')
            depth++;
        else if (s[i] == ')' && depth)
            depth--;
        else if (!depth && (i == 0 || s[i - 1] == ' ') &&
                 ((s[i] >= 'a' && s[i] <= 'z') ||
                  ((unsigned char)s[i] == 0xC3 && i + 1 < n &&
                   (unsigned char)s[i + 1] >= 0xA0)))
            words++;
    }
    return words <= 2;
}

/* A list item names its place first: only spaces, bullets and a number
 * stand before it on its line ("• Joensuu i Finland", "2. Kolding"), not
 * a label ("Oblast: Ivano-Frankivsk"). */
static bool opens_line(const char *text, size_t line_start, size_t at)
{
    for (size_t i = line_start; i < at; i++) {
        unsigned char c = (unsigned char)text[i];
        if (c == ' ' || c == '-' || c == '*' || c == '.' || c == ')' ||
            (c >= '0' && c <= '9'))
            continue;
        /* "–" E2 80 93, "•" E2 80 A2, "·" C2 B7 */
        if (c == 0xE2 && i + 2 < at && (unsigned char)text[i + 1] == 0x80 &&
            ((unsigned char)text[i + 2] == 0x93 ||
             (unsigned char)text[i + 2] == 0xA2)) {
            i += 2;
            continue;
        }
        if (c == 0xC2 && i + 1 < at && (unsigned char)text[i + 1] == 0xB7) {
            i++;
            continue;
        }
        return false;
    }
    return true;
}

static bool joined(const char *text, size_t from, size_t to, bool comma);

/* Two names joined only by a comma or a conjunction: "Region Halland,
 * Falkenbergs kommun", "Nora och Hedemora". */
static bool coordinated(const char *text, size_t from, size_t to)
{
    return joined(text, from, to, true);
}

/* A side and a partner joined by a conjunction only ("Hagfors och
 * Ivankiv", "Siguldas novads and Rättvik"); a comma alone separates the
 * pairs of a sentence ("Laxå med Vushtrri, Lekeberg med Podujeva"). */
static bool bound_pair(const char *text, size_t from, size_t to)
{
    return joined(text, from, to, false);
}

static bool joined(const char *text, size_t from, size_t to, bool comma)
{
    static const char *const conj[] = {
        "och", "and", "og", "samt", "&", "oraz", "i", "ja", "und", "et",
    };
    size_t s = from, e = to;
    while (s < e && (text[s] == ' ' || text[s] == ',' || text[s] == ')'))
        s++;
    while (e > s && text[e - 1] == ' ')
        e--;
    if (s == e)
        return comma && from < to && memchr(text + from, ',', to - from);
    for (size_t i = 0; i < sizeof conj / sizeof *conj; i++)
        if (strlen(conj[i]) == e - s && memcmp(text + s, conj[i], e - s) == 0)
            return true;
    return false;
}

/* Two items of an enumeration: joined by a comma or a conjunction (1),
 * the first followed by its country ("Mariestad i Sverige, Orkland i
 * Norge og Salo i Finland": 2), or not (0). */
static int listed_next(const char *text, size_t from, size_t to)
{
    if (coordinated(text, from, to))
        return 1;
    /* "Nowy Sącz (Polen), Boden (Sverige, partnerskap från 2025)" */
    if (to - from > 4 && text[from] == ' ' && text[from + 1] == '(' &&
        ((unsigned char)text[from + 2] >= 0x80 ||
         (text[from + 2] >= 'A' && text[from + 2] <= 'Z'))) {
        const char *close = memchr(text + from, ')', to - from);
        if (close && coordinated(text, (size_t)(close - text) + 1, to))
            return 2;
    }
    static const char *const in[] = {" i ", " in ", " på "};
    for (size_t i = 0; i < sizeof in / sizeof *in; i++) {
        size_t l = strlen(in[i]);
        if (to - from <= l || memcmp(text + from, in[i], l) != 0 ||
            !((unsigned char)text[from + l] >= 0x80 ||
              (text[from + l] >= 'A' && text[from + l] <= 'Z')))
            continue;
        size_t w = from + l;    /* past the country: one or two words */
        for (int words = 0; words < 2 && w < to; words++) {
            while (w < to && text[w] != ' ' && text[w] != ',')
                w++;
            if (coordinated(text, w, to))
                return 2;
            if (w < to && text[w] == ' ')
                w++;
        }
    }
    return 0;
}

/* Are mentions x < y items of one enumeration of three or more places,
 * each with its country ("Tranemo i Sverige, Hyllestad i Norge och
 * Hörning i Danmark": the Swedish member of a Nordic chain is not the
 * others' partner)?  A list of pairs ("Skellefteå and Chernihiv, Karlstad
 * and Korosten") names no countries, and is no such enumeration.
 * Triggers and mentions not alive are read past. */
static bool same_enumeration(const char *text, const struct mention *m,
                             const bool *alive, size_t first, size_t last,
                             size_t x, size_t y)
{
    size_t items = 1, cues = 0, prev = x;
    for (size_t k = x + 1; k < last && prev < y; k++) {
        if (!alive[k] || m[k].kind == MEN_TRIGGER || m[k].start < m[prev].end)
            continue;
        int j = listed_next(text, m[prev].end, m[k].start);
        if (!j)
            return false;
        items++;
        cues += j == 2;
        prev = k;
    }
    if (prev < y)
        return false;
    for (size_t k = prev + 1; k < last && items < 3; k++) {
        if (!alive[k] || m[k].kind == MEN_TRIGGER || m[k].start < m[prev].end)
            continue;
        int j = listed_next(text, m[prev].end, m[k].start);
        if (!j)
            break;
        items++;
        cues += j == 2;
        prev = k;
    }
    for (size_t k = x; k-- > first && items < 3;) {
        if (!alive[k] || m[k].kind == MEN_TRIGGER || m[k].end > m[x].start)
            continue;
        int j = listed_next(text, m[k].end, m[x].start);
        if (!j)
            break;
        items++;
        cues += j == 2;
        x = k;
    }
    return items >= 3 && cues >= 2;
}

/* Are mentions x < y items of one enumeration that names at least two
 * Swedish and two foreign places, not in alternating order ("I
 * nätverket ingår Uleåborg, Kemi, Luleå, Piteå och Kalix": members of a
 * network, none the partner of another)?  A list of pairs alternates
 * ("Skellefteå and Chernihiv, Karlstad and Korosten") and is none. */
static bool co_members(const char *text, const struct mention *m,
                       const bool *alive, size_t first, size_t last,
                       size_t x, size_t y)
{
    size_t lo = x, hi = x, prev = x;
    for (size_t k = x + 1; k < last; k++) {     /* forward from x */
        if (!alive[k] || m[k].kind == MEN_TRIGGER || m[k].start < m[prev].end)
            continue;
        if (!listed_next(text, m[prev].end, m[k].start))
            break;
        hi = prev = k;
    }
    if (hi < y)
        return false;
    for (size_t k = x; k-- > first;) {          /* back from x */
        if (!alive[k] || m[k].kind == MEN_TRIGGER || m[k].end > m[lo].start)
            continue;
        if (!listed_next(text, m[k].end, m[lo].start))
            break;
        lo = k;
    }
    size_t n_sv = 0, n_fo = 0, items = 0;
    bool alternates = true;
    enum mention_kind last_kind = MEN_TRIGGER;
    for (size_t k = lo; k <= hi; k++) {
        if (!alive[k] || m[k].kind == MEN_TRIGGER)
            continue;
        n_sv += m[k].kind == MEN_SWEDISH;
        n_fo += m[k].kind == MEN_FOREIGN;
        if (items++ && m[k].kind == last_kind)
            alternates = false;
        last_kind = m[k].kind;
    }
    return n_sv >= 2 && n_fo >= 2 && !alternates;
}

static bool overlaps(const struct mention *x, const struct mention *y)
{
    return x->start < y->end && y->start < x->end;
}

/* The word that binds a partner to its side, in the languages of the
 * pages: " med ", " with ", " mit ". */
static const char *const with_words[] = {" med ", " with ", " mit "};
#define N_WITH (sizeof with_words / sizeof *with_words)

/* Is text[from, to) what joins two places named as alternatives or a
 * list (", ", " eller ", " or ", " nor ", " och ", " and ", " og ", with
 * or without "med"/"with" after it)? */
static bool alternative(const char *text, size_t from, size_t to)
{
    static const char *const joins[] = {
        ", ", " eller ", " or ", " nor ", " och ", " and ", " og ",
        " eller med ", " or with ", " nor with ", " och med ",
        " and with ", " og med ", ", eller ", ", or ", ", nor ",
    };
    for (size_t i = 0; i < sizeof joins / sizeof *joins; i++)
        if (strlen(joins[i]) == to - from &&
            memcmp(text + from, joins[i], to - from) == 0)
            return true;
    return false;
}

/* Is s[0..n), between a partnership said not to exist and a place,
 * "med"/"with"/"mit" and at most a noun ("med staden")? */
static bool negated_with(const char *s, size_t n)
{
    /* ", varken med Wejherowo eller …", ", neither with …": a comma
     * and the word that opens the alternatives first. */
    static const char *const either[] = {
        ", varken", ", vare sig", ", hverken", ", verken", ", korkje",
        ", neither", ", either", ",",
    };
    for (size_t i = 0; i < sizeof either / sizeof *either; i++) {
        size_t el = strlen(either[i]);
        if (n > el && memcmp(s, either[i], el) == 0) {
            s += el;
            n -= el;
            break;
        }
    }
    for (int skip = 0; skip < 2; skip++) {
        for (size_t i = 0; i < N_WITH; i++) {
            size_t wl = strlen(with_words[i]);
            if (n >= wl && n <= wl + 12 && memcmp(s, with_words[i], wl) == 0)
                return true;
        }
        /* "no twinning agreement with Põltsamaa": the trigger's head
         * noun before "with" (one lower-case word) is read past. */
        size_t w = 1;
        while (w < n && s[w] >= 'a' && s[w] <= 'z')
            w++;
        if (skip || n < 2 || s[0] != ' ' || w == 1 || w >= n || s[w] != ' ')
            break;
        s += w;
        n -= w;
    }
    return false;
}

/* A regional government by its form ("Region Midtjylland", "Nordland
 * fylkeskommune") pairs with a Swedish region or federation, never with
 * a municipality: "kommunerne omkring Linköping og Norrköping, mens
 * Region Midtjylland ..." pairs no Linköping. */
static void add_pair(struct arena *a, const struct mention *m,
                     struct pair_ref **v, size_t *n, size_t *cap, size_t sv,
                     size_t foreign)
{
    if (m[foreign].regional && !m[sv].regional)
        return;
    if (*n == *cap) {
        size_t nc = *cap ? 2 * *cap : 8;
        *v = arena_grow(a, *v, *cap, nc, sizeof **v);
        *cap = nc;
    }
    (*v)[(*n)++] = (struct pair_ref){sv, foreign, false};
}

/* Is name a the name b with a form word before or after it ("Skive
 * Kommune", "City of Skive"), or b itself? */
/* v[0, np) without the pairs of side sv's place and partner fo's place
 * (sv (size_t)-1: with any side); why[] of the side (mark_sv) or the
 * partner of each pair dropped is 'reason'.  Returns the pairs left. */
static size_t drop_pairs(const struct mention *m, struct pair_ref *v,
                         size_t np, size_t sv, size_t fo, const char **why,
                         bool mark_sv, const char *reason)
{
    size_t w = 0;
    for (size_t k = 0; k < np; k++) {
        if (strcmp(m[v[k].foreign].key, m[fo].key) != 0 ||
            (sv != (size_t)-1 && strcmp(m[v[k].sv].key, m[sv].key) != 0)) {
            v[w++] = v[k];
            continue;
        }
        if (why)
            why[mark_sv ? v[k].sv : v[k].foreign] = reason;
    }
    return w;
}

static bool name_with_form(const char *a, const char *b)
{
    size_t na = strlen(a), nb = strlen(b);

    if (na == nb)
        return memcmp(a, b, na) == 0;
    if (na < nb + 2)
        return false;
    return (memcmp(a, b, nb) == 0 && a[nb] == ' ') ||
           (memcmp(a + na - nb, b, nb) == 0 && a[na - nb - 1] == ' ');
}

/* Are mentions x and y the same place by key, a form word allowed ("Ho"
 * and "Ho Municipal Assembly")? */
static bool same_place(const struct mention *x, const struct mention *y)
{
    return name_with_form(x->key, y->key) || name_with_form(y->key, x->key);
}

/* Pairs v[from, to) of one unit: when they are the whole cross product
 * of two sides or more and two partners or more ("The Ho Municipal
 * Assembly and the Hohoe Municipal Assembly have signed agreements with
 * Ljusdal and Bollnäs"), each is weak: the page may say which goes with
 * which. */
static void mark_cross_product(const struct mention *m, struct pair_ref *v,
                               size_t from, size_t to)
{
    size_t n_sv = 0, n_fo = 0;
    for (size_t i = from; i < to; i++) {
        bool new_sv = true, new_fo = true;
        for (size_t j = from; j < i; j++) {
            new_sv = new_sv && !same_place(&m[v[j].sv], &m[v[i].sv]);
            new_fo = new_fo && !same_place(&m[v[j].foreign],
                                           &m[v[i].foreign]);
        }
        n_sv += new_sv;
        n_fo += new_fo;
    }
    if (n_sv >= 2 && n_fo >= 2 && to - from >= n_sv * n_fo)
        for (size_t i = from; i < to; i++)
            v[i].weak = true;
}

/* Drop a weak pair whose side and partner each have a pair of their own
 * elsewhere on the page ("between Ho and Ljusdal, and between Hohoe and
 * Bollnäs" leaves no Ljusdal–Hohoe of the cross product).  Returns the
 * pairs kept. */
static size_t drop_crossed(const struct mention *m, struct pair_ref *v,
                           size_t np, const char **why)
{
    size_t w = 0;
    for (size_t k = 0; k < np; k++) {
        bool side_other = false, partner_other = false;
        for (size_t j = 0; j < np && v[k].weak; j++) {
            if (v[j].weak)
                continue;
            bool ss = same_place(&m[v[j].sv], &m[v[k].sv]);
            bool sp = same_place(&m[v[j].foreign], &m[v[k].foreign]);
            side_other = side_other || (ss && !sp);
            partner_other = partner_other || (sp && !ss);
        }
        if (side_other && partner_other) {
            if (why)
                why[v[k].foreign] = "the page pairs each of them otherwise";
            continue;
        }
        v[w++] = v[k];
    }
    return w;
}

/* Has an earlier unit paired the places of mentions sv and foreign
 * (compared by key: any mention of each)? */
static bool paired(const struct mention *m, const struct pair_ref *v,
                   size_t n, size_t sv, size_t foreign)
{
    for (size_t i = 0; i < n; i++)
        if (strcmp(m[v[i].sv].key, m[sv].key) == 0 &&
            strcmp(m[v[i].foreign].key, m[foreign].key) == 0)
            return true;
    return false;
}

/* Is side sv paired already with a partner other than foreign, one named
 * in paragraph para ("Sogndal har eit vennskapssamarbeid med Leksand. I
 * fjor hjelpte ungdomar frå Leksand til med utstyr til Irpin"), or
 * anywhere on the page (para SIZE_MAX)? */
static bool paired_other_in_para(const struct mention *m,
                                 const struct pair_ref *v, size_t n,
                                 const struct unit *u, const size_t *mu,
                                 size_t sv, size_t foreign, size_t para)
{
    for (size_t i = 0; i < n; i++)
        if ((para == SIZE_MAX || u[mu[v[i].foreign]].para == para) &&
            strcmp(m[v[i].sv].key, m[sv].key) == 0 &&
            strcmp(m[v[i].foreign].key, m[foreign].key) != 0)
            return true;
    return false;
}

static bool is_side(const struct mention *m, const bool *alive, size_t i)
{
    return alive[i] && m[i].kind == MEN_SWEDISH;
}

/* Is the side at [s, e) in an apposition set off by commas right after
 * the side ending at 'after', closing before 'before' ("Region
 * Kronoberg, Jönköping's neighbour to the south, has worked with
 * Clare"): words follow the side before the closing comma, unlike an
 * item of a list ("Region Halland, Falkenbergs kommun, Hylte och …"). */
static bool apposition_of(const char *text, size_t after, size_t s,
                          size_t e, size_t before)
{
    if (s != after + 2 || text[after] != ',' || text[after + 1] != ' ')
        return false;
    size_t p = e;
    bool genitive = false;
    if ((text[p] == '\'' && text[p + 1] == 's' && text[p + 2] == ' ') ||
        ((unsigned char)text[p] == 0xE2 && (unsigned char)text[p + 1] == 0x80 &&
         (unsigned char)text[p + 2] == 0x99 && text[p + 3] == 's' &&
         text[p + 4] == ' ')) {
        p += text[p] == '\'' ? 2 : 4;  /* "'s", "’s" */
        genitive = true;
    } else if (e - s > 4 && text[e] == ' ' &&
               ((text[e - 2] == '\'' && text[e - 1] == 's') ||
                memcmp(text + e - 4, "\xE2\x80\x99s", 4) == 0)) {
        genitive = true;        /* the mention holds its "'s" */
    }
    /* "Lekeberg Municipality, Hällefors's neighbour in Örebro County.": a
     * genitive and a noun are an apposition to its end. */
    if (genitive && text[p + 1] >= 'a' && text[p + 1] <= 'z')
        return true;
    if (p + 1 >= before || text[p] != ' ' ||
        !(text[p + 1] >= 'a' && text[p + 1] <= 'z'))
        return false;
    /* "Region Västerbotten, Vindelns kommun och Soroca i Moldavien
     * tillsammans, eftersom …": the list goes on, no apposition. */
    static const char *const conj[] = {" och ", " og ", " and ", " samt ",
                                       " eller ", " or "};
    for (size_t i = 0; i < sizeof conj / sizeof *conj; i++)
        if (before - p > strlen(conj[i]) &&
            memcmp(text + p, conj[i], strlen(conj[i])) == 0)
            return false;
    const char *close = memchr(text + p, ',', before - p);
    return close && !memchr(text + p, '.', (size_t)(close - text) - p);
}

/* The run of Swedish sides coordinated with side s ("Region Halland,
 * Falkenbergs kommun"), within mentions [first, last): *lo and *hi. */
static void side_run(const char *text, const struct mention *m,
                     const bool *alive, size_t first, size_t last, size_t s,
                     size_t *lo, size_t *hi)
{
    size_t end = m[last - 1].end;   /* an apposition closes before it */
    *lo = *hi = s;
    for (size_t k = s; k-- > first;) {
        if (!alive[k] || m[k].kind == MEN_TRIGGER)
            continue;
        if (m[k].kind != MEN_SWEDISH || !coordinated(text, m[k].end,
                                                     m[*lo].start) ||
            apposition_of(text, m[k].end, m[*lo].start, m[*lo].end, end))
            break;
        *lo = k;
    }
    for (size_t k = s + 1; k < last; k++) {
        if (!alive[k] || m[k].kind == MEN_TRIGGER)
            continue;
        if (m[k].kind != MEN_SWEDISH || !coordinated(text, m[*hi].end,
                                                     m[k].start) ||
            apposition_of(text, m[*hi].end, m[k].start, m[k].end, end))
            break;
        *hi = k;
    }
}

/* The live mention other than a trigger next to j in [first, last), in
 * direction dir (-1 before, +1 after), or (size_t)-1. */
static size_t neighbour(const struct mention *m, const bool *alive,
                        size_t first, size_t last, size_t j, int dir)
{
    for (size_t k = j; dir < 0 ? k-- > first : ++k < last;)
        if (alive[k] && m[k].kind != MEN_TRIGGER)
            return k;
    return (size_t)-1;
}

/* Is mention j's place (its kind and key) named in the page head? */
static bool named_in_head(const struct mention *m, const bool *alive,
                          const struct unit *u, const size_t *mu, size_t n,
                          size_t j)
{
    for (size_t h = 0; h < n && u[mu[h]].head; h++)
        if (alive[h] && m[h].kind == m[j].kind &&
            strcmp(m[h].key, m[j].key) == 0)
            return true;
    return false;
}

/* Does m name a partnership (not an anaphor, a clause start or page
 * furniture)? */
static bool is_trigger(const struct mention *m)
{
    return m->kind == MEN_TRIGGER && !m->anaphor && !m->clause &&
           !m->furniture && !m->denied && !m->member && !m->mutual &&
           !m->column;
}


/* Is trigger t a document ("memorandum", "agreement", "avtal", "letter of
 * intent"), not a partner noun ("vänort", "twin town")?  "signed the
 * memorandum in Jönköping" names where it was signed; "vänort i Hamina"
 * names the partner. */
static bool document_trigger(const char *text, const struct mention *t)
{
    static const char *const w[] = {
        "memorand", "agreement", "avtal", "aftale", "letter", "mou",
        "överenskommelse", "intent", "förklaring", "erklæring",
    };
    char low[64];
    size_t n = t->end - t->start;
    if (n >= sizeof low)
        n = sizeof low - 1;
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)text[t->start + i];
        low[i] = (char)(c >= 'A' && c <= 'Z' ? c | 0x20 : c);
    }
    low[n] = '\0';
    for (size_t i = 0; i < sizeof w / sizeof *w; i++)
        if (strstr(low, w[i]))
            return true;
    return false;
}

/* Does the anaphor s[0, n) stand for a municipality ("kommunen",
 * "Kommunstyrelsen", "kommunens", "the municipality"), not a region or a
 * town in general? */
static bool municipal_word(const char *s, size_t n)
{
    static const char *const w[] = {"kommun", "Kommun", "the municipal",
                                    "The municipal"};
    for (size_t i = 0; i < sizeof w / sizeof *w; i++)
        if (n >= strlen(w[i]) && memcmp(s, w[i], strlen(w[i])) == 0)
            return true;
    return false;
}

/* Are the places from mention t on (past the partnership word) one list,
 * each joined to the one before by a comma or a conjunction, with or
 * without a repeated preposition ("vänort med Kalmar och med Hangö i
 * Finland")? */
static bool one_list_after(const char *text, const struct mention *m,
                           const bool *alive, size_t t, size_t last)
{
    static const char *const again[] = {
        " och med ", " og med ", " and with ", " samt med ", " och till ",
        " og til ", " and to ",
    };
    size_t prev = (size_t)-1;
    for (size_t k = t + 1; k < last; k++) {
        if (!alive[k] || m[k].kind == MEN_TRIGGER)
            continue;
        if (prev != (size_t)-1 && !listed_next(text, m[prev].end, m[k].start)) {
            bool ok = false;
            for (size_t i = 0; i < sizeof again / sizeof *again && !ok; i++)
                ok = m[k].start - m[prev].end == strlen(again[i]) &&
                     memcmp(text + m[prev].end, again[i],
                            strlen(again[i])) == 0;
            if (!ok)
                return false;
        }
        prev = k;
    }
    return prev != (size_t)-1;
}

/* The owner f0 when a partnership word follows it and then foreign places
 * only, at least one, before any Swedish side ("Vefsn har vennskapsavtaler
 * med Kemijärvi og Húsavík, men ... Vilhelmina"), or one list of places of
 * both kinds ("Mariehamn är vänort även med Kalmar och med Hangö i
 * Finland": Kalmar pairs with Mariehamn, not with Hangö), else
 * (size_t)-1. */
static size_t foreign_owner(const char *text, const struct mention *m,
                            const bool *alive, size_t f0, size_t last)
{
    size_t t = f0 + 1;
    while (t < last && (!alive[t] || m[t].kind != MEN_TRIGGER ||
                        !is_trigger(&m[t]) || m[t].start < m[f0].end)) {
        if (alive[t] && m[t].kind != MEN_TRIGGER && m[t].start >= m[f0].end)
            return (size_t)-1;  /* a place before the partnership word */
        t++;
    }
    size_t n_fo = 0, j;
    for (j = t + 1; j < last; j++) {
        if (!alive[j] || m[j].kind == MEN_TRIGGER)
            continue;
        if (m[j].kind == MEN_SWEDISH)
            break;
        n_fo++;
    }
    if (t < last && one_list_after(text, m, alive, t, last))
        return f0;
    /* "..., mens Hagfors samarbeider med Yaremche": a side with a partner
     * of its own after it is no partner of the owner. */
    for (size_t k = j + 1; k < last; k++)
        if (alive[k] && m[k].kind == MEN_FOREIGN)
            return (size_t)-1;
    return t < last && n_fo ? f0 : (size_t)-1;
}

/* Does the place at pos open a clause of the unit that starts at
 * unit_start: nothing before it, one capitalised noun opening the unit
 * ("Nabokommunene Grane og Hattfjelldal har ..."), or a word that opens a
 * clause ("... når Stord og Fitjar diskuterer", "when", "och")? */
static bool opens_clause(const char *text, size_t unit_start, size_t pos)
{
    static const char *const opener[] = {
        "når", "när", "da", "då", "hvor", "där", "der", "when", "where",
        "while", "og", "och", "and", "men", "but", "medan", "mens", "mens",
    };
    if (opens_line(text, unit_start, pos))
        return true;
    size_t e = pos;
    while (e > unit_start && text[e - 1] == ' ')
        e--;
    size_t b = e;
    while (b > unit_start && text[b - 1] != ' ')
        b--;
    if (b == e)
        return false;
    for (size_t i = 0; i < sizeof opener / sizeof *opener; i++)
        if (strlen(opener[i]) == e - b && memcmp(text + b, opener[i], e - b) == 0)
            return true;
    /* one word opening the unit, a capitalised noun */
    return opens_line(text, unit_start, b) &&
           (unsigned char)text[b] >= 'A' && (unsigned char)text[b] <= 'Z';
}

/* "Moshi och Arusha samarbetar sedan tidigare", "Tukums og Jūrmala har
 * ein eigen avtale", "... når Stord og Fitjar no diskuterer eit tettare
 * samarbeid": foreign places coordinated as the subject that opens a
 * clause of unit [first, last) at unit_start, before its partnership word,
 * are each other's partners, not a Swedish side's; unless the side is
 * named on the way ("Kolomyia och Kalush är kommunens vänorter").  Is j
 * one of them (j == SIZE_MAX: is there such a subject at all)? */
static bool foreign_subject(const char *text, const struct mention *m,
                            const bool *alive, size_t first, size_t last,
                            size_t unit_start, size_t j)
{
    for (size_t a = first; a < last; a++) {
        if (!alive[a] || m[a].kind != MEN_FOREIGN ||
            !opens_clause(text, unit_start, m[a].start))
            continue;
        size_t b;
        for (b = a + 1; b < last; b++)
            if (alive[b] && m[b].kind != MEN_TRIGGER &&
                m[b].start >= m[a].end)
                break;
        if (b == last || m[b].kind != MEN_FOREIGN ||
            !bound_pair(text, m[a].end, m[b].start))
            continue;
        for (size_t t = b + 1; t < last; t++) {
            if (!alive[t] || m[t].start < m[b].end)
                continue;
            if (m[t].kind != MEN_TRIGGER)
                break;          /* a place before the partnership word */
            if (m[t].own || m[t].anaphor)
                break;
            if (is_trigger(&m[t])) {
                if (j == SIZE_MAX || j == a || j == b ||
                    strcmp(m[j].key, m[a].key) == 0 ||
                    strcmp(m[j].key, m[b].key) == 0)
                    return true;
                break;
            }
        }
    }
    return false;
}
/* The clause of unit [first, last) that mention j stands in: the
 * mentions between the clause starts (see mention.clause) around it, in
 * [*cf, *cl). */
static void clause_of(const struct mention *m, const bool *alive,
                      size_t first, size_t last, size_t j, size_t *cf,
                      size_t *cl)
{
    *cf = first;
    *cl = last;
    for (size_t k = first; k < last; k++) {
        if (!alive[k] || !m[k].clause)
            continue;
        if (m[k].start < m[j].start)
            *cf = k + 1;
        else if (*cl == last)
            *cl = k;
    }
}

/* Is side s in a clause of the unit [first, last) (clause_of()) that
 * names another Swedish side and no foreign place? */
static bool swedish_clause(const struct mention *m, const bool *alive,
                           size_t first, size_t last, size_t s)
{
    size_t cf, cl;
    bool other = false;
    clause_of(m, alive, first, last, s, &cf, &cl);
    if (cf == first && cl == last)
        return false;           /* no clause boundary in the unit */
    for (size_t k = cf; k < cl; k++) {
        if (!alive[k])
            continue;
        if (m[k].kind == MEN_FOREIGN)
            return false;
        if (m[k].kind == MEN_SWEDISH && strcmp(m[k].key, m[s].key) != 0)
            other = true;
    }
    return other;
}

/* "Leksand med Valmiera", "Sala with Uman": a side and the partner
 * written right after it with a preposition of company. */
static bool with_pair(const char *text, size_t from, size_t to)
{
    for (size_t i = 0; i < N_WITH; i++)
        if (to - from == strlen(with_words[i]) &&
            memcmp(text + from, with_words[i], to - from) == 0)
            return true;
    return false;
}

/* A side, a verb of at most three lower-case words and the partner:
 * "Kungsör works with Gurjaani", "Hjo har länge samarbetat med Tukums"
 * (with_pair() with the verb between). */
static bool verb_with(const char *text, size_t from, size_t to)
{
    if (with_pair(text, from, to))
        return true;
    for (size_t i = 0; i < N_WITH; i++) {
        size_t l = strlen(with_words[i]);
        if (to - from <= l + 1 || text[from] != ' ' ||
            memcmp(text + to - l, with_words[i], l) != 0)
            continue;
        /* ... no conjunction: "vänort med Kalmar och med Hangö" names
         * two partners of a third place. */
        static const char *const conj[] = {"och ", "and ", "og ", "samt ",
                                           "or ", "eller ", "men ", "but "};
        for (size_t c = 0; c < sizeof conj / sizeof *conj; c++)
            if (to - from > strlen(conj[c]) &&
                memcmp(text + from + 1, conj[c], strlen(conj[c])) == 0)
                return false;
        int words = 1;
        for (size_t p = from + 1; p < to - l; p++) {
            unsigned char c = (unsigned char)text[p];
            if (c == ' ')
                words++;
            else if (!((c >= 'a' && c <= 'z') || c >= 0x80))
                return false;
        }
        return words <= 3;
    }
    return false;
}

/* Like with_pair(), with the partner's state or country between: ",
 * Nebraska, with " ("Oakland, Nebraska, with Svenljunga"), " (Kansas)
 * with ", " in Bosnia and Herzegovina with " ("Trebinje in Bosnia and
 * Herzegovina with Åstorp, and Berat in Albania with Perstorp"): up to
 * three capitalised words, dots allowed (", N.Y., with "), and an "and"
 * between them after "in". */
static bool with_cue(const char *text, size_t from, size_t to)
{
    size_t p = from, e = to;
    enum { COMMA, PAREN, IN } form;
    if (e - p > 2 && text[p] == ',' && text[p + 1] == ' ') {
        p += 2;
        form = COMMA;
    } else if (e - p > 2 && text[p] == ' ' && text[p + 1] == '(') {
        p += 2;
        form = PAREN;
    } else if (e - p > 4 && (memcmp(text + p, " in ", 4) == 0 ||
                             memcmp(text + p, " i ", 3) == 0)) {
        p += text[p + 1] == 'i' && text[p + 2] == 'n' ? 4 : 3;
        form = IN;
    } else {
        return false;
    }
    char close = form == PAREN ? ')' : ',';    /* before the with word */
    size_t wl = 0;
    for (size_t i = 0; i < N_WITH && !wl; i++) {
        size_t l = strlen(with_words[i]);
        if (e - p > l + 1 && memcmp(text + e - l, with_words[i], l) == 0 &&
            (form == IN || text[e - l - 1] == close))
            wl = form == IN ? l : l + 1;
    }
    if (!wl)
        return false;
    e -= wl;
    int words = 0;
    while (p < e) {
        if (form == IN && words > 0 && e - p > 4 &&
            (memcmp(text + p, "and ", 4) == 0 ||
             memcmp(text + p, "och ", 4) == 0 ||
             memcmp(text + p, "og ", 3) == 0)) {
            p += text[p + 2] == ' ' ? 3 : 4;
            continue;
        }
        if (!(text[p] >= 'A' && text[p] <= 'Z') || ++words > 3)
            return false;
        while (p < e && text[p] != ' ')
            if ((unsigned char)text[p] < 0x80 && !isalpha((unsigned char)text[p]) &&
                text[p] != '.')
                return false;
            else
                p++;
        if (p < e)
            p++;                /* the space between words */
    }
    return words > 0;
}

/* Like with_pair(), with a description of the partner between:
 * "partnerskab med den ukrainske by Pervomaisk", "a partnership with the
 * Ukrainian town of Stryi": up to four words, each lower case or a
 * demonym ("Ukrainian", "Polish"), no punctuation. */
static bool with_described(const char *text, size_t from, size_t to)
{
    size_t p = to;
    for (size_t i = 0; i < N_WITH && p == to; i++)
        if (to - from > strlen(with_words[i]) &&
            memcmp(text + from, with_words[i], strlen(with_words[i])) == 0)
            p = from + strlen(with_words[i]);
    if (p == to)
        return with_pair(text, from, to);
    int words = 0;
    while (p < to) {
        size_t e = p;
        while (e < to && text[e] != ' ')
            e++;
        if (e == to || e == p || ++words > 4)
            return false;       /* the gap ends in a space before P */
        bool lower = text[p] >= 'a' && text[p] <= 'z';
        bool demonym = text[p] >= 'A' && text[p] <= 'Z' && e - p > 4 &&
                       (memcmp(text + e - 2, "an", 2) == 0 ||
                        memcmp(text + e - 2, "sh", 2) == 0 ||
                        memcmp(text + e - 3, "ese", 3) == 0);
        if (!lower && !demonym)
            return false;
        for (size_t q = p; q < e; q++) {
            unsigned char c = (unsigned char)text[q];
            if (c < 0x80 && !(c >= 'a' && c <= 'z') &&
                !(c >= 'A' && c <= 'Z'))
                return false;
        }
        p = e + 1;
    }
    return true;
}

/* "P som vänort", "P as its twin town", "P som venskabsby": the text
 * between a place and a trigger that names it the side's partner. */
static bool as_pair(const char *text, size_t from, size_t to)
{
    static const char *const as[] = {" som ", " as ", " as its ",
                                     " as a ", " as our "};
    for (size_t i = 0; i < sizeof as / sizeof *as; i++)
        if (to - from == strlen(as[i]) &&
            memcmp(text + from, as[i], to - from) == 0)
            return true;
    return false;
}

/* On a page from the foreign side: the partner a side's own trigger
 * names right after it with "med", "with" (with_described(): "Kungälv har i tillegg egne
 * avtaler med Haapsalu i Estland, og Larvik ..."), or the place it
 * names as its partner ("Sölvesborg har haft Tukums som venskabsby"),
 * which the side pairs with instead of the host; or (size_t)-1.
 * Mentions [s + 1, last) of the unit. */
static size_t own_partner(const char *text, const struct mention *m,
                          const bool *alive, size_t first, size_t s,
                          size_t last, size_t host)
{
    /* ... or the place other than the host that names the side as its
     * partner before it: "Skærbæk Kommune havde således et
     * venskabsbysamarbejde med svenske Markaryd" (a place, its
     * partnership word, "med" and the side, no comma between). */
    size_t t0 = s;
    while (t0 > first && !alive[t0 - 1])
        t0--;
    if (t0 > first && is_trigger(&m[t0 - 1]) &&
        with_described(text, m[t0 - 1].end, m[s].start)) {
        size_t p0 = t0 - 1;
        while (p0 > first && !alive[p0 - 1])
            p0--;
        if (p0 > first && m[p0 - 1].kind == MEN_FOREIGN &&
            strcmp(m[p0 - 1].key, m[host].key) != 0 &&
            !memchr(text + m[p0 - 1].end, ',',
                    m[t0 - 1].start - m[p0 - 1].end))
            return p0 - 1;
    }
    /* ... or the place the partnership word names right before a
     * relative clause whose subject is the side: "partnerskapet med Stryi
     * i Lviv oblast, som Filipstad inledde förra året". */
    if (t0 > first && m[t0 - 1].kind == MEN_FOREIGN &&
        strcmp(m[t0 - 1].key, m[host].key) != 0) {
        static const char *const rel[] = {", som ", ", which ", ", that ",
                                          ", der ", ", hvor "};
        size_t pe = m[t0 - 1].end, g = m[s].start - pe;
        bool relative = false;
        for (size_t r = 0; r < sizeof rel / sizeof *rel && !relative; r++) {
            size_t rl = strlen(rel[r]);
            relative = g >= rl && g <= rl + 24 &&
                       memcmp(text + m[s].start - rl, rel[r], rl) == 0 &&
                       !memchr(text + pe, ',', g - rl);
        }
        size_t q = t0 - 1;
        while (relative && q > first && !alive[q - 1])
            q--;
        if (relative && q > first && is_trigger(&m[q - 1]) &&
            with_described(text, m[q - 1].end, m[t0 - 1].start))
            return t0 - 1;
    }
    for (size_t t = s + 1; t < last; t++) {
        if (!alive[t])
            continue;
        /* "Kungsör works with Gurjaani, Skinnskatteberg with Kvareli"
         * on a page whose title names a third place: each side's own. */
        if (m[t].kind == MEN_FOREIGN && strcmp(m[t].key, m[host].key) != 0 &&
            m[t].start >= m[s].end && verb_with(text, m[s].end, m[t].start))
            return t;
        if (t + 1 >= last)
            break;
        if (m[t].kind == MEN_FOREIGN) {
            /* "Sölvesborg har haft Tukums som venskabsby", "Askersund
             * och Tõrva har samarbetat" */
            size_t k = t + 1;
            while (k < last && !alive[k])
                k++;
            bool own = k < last && m[k].kind == MEN_TRIGGER &&
                       strcmp(m[t].key, m[host].key) != 0 &&
                       (as_pair(text, m[t].end, m[k].start) ||
                        bound_pair(text, m[s].end, m[t].start));
            return own ? t : (size_t)-1;
        }
        if (m[t].kind != MEN_TRIGGER)
            return (size_t)-1;  /* another place first */
        size_t j = t + 1;
        while (j < last && !alive[j])
            j++;
        if (j < last && m[j].kind == MEN_FOREIGN &&
            strcmp(m[j].key, m[host].key) != 0 &&
            with_described(text, m[t].end, m[j].start))
            return j;
    }
    return (size_t)-1;
}

/* Does a relative clause set off by commas (", där ... ,", ", which ...
 * ,") hold [s, e), closing before 'before'?  'from' is where the unit's
 * mentions start. */
static bool relative_between(const char *text, size_t from, size_t s,
                             size_t e, size_t before)
{
    static const char *const rel[] = {", där ", ", som ", ", der ",
                                      ", hvor ", ", kor ", ", where ",
                                      ", which ", ", who "};
    size_t c = s;
    while (c > from && text[c - 1] != ',')
        c--;
    if (c <= from)
        return false;
    c--;                                /* the comma */
    bool open = false;
    for (size_t i = 0; i < sizeof rel / sizeof *rel && !open; i++)
        open = strncmp(text + c, rel[i], strlen(rel[i])) == 0;
    if (!open)
        return false;
    const char *close = memchr(text + e, ',', before > e ? before - e : 0);
    return close != NULL;
}

/* Does a foreign anaphor ("Landkreisets") stand before partner j in its
 * unit with no Swedish side between ("Landkreisets samarbete med polska
 * Powiat Gryfiński ... och berörs inte av avtalet med Ängelholm")?  Then
 * j is that foreign side's partner. */
static bool foreign_anaphor_owns(const struct mention *m, const bool *alive,
                                 size_t first, size_t j)
{
    for (size_t t = j; t-- > first;) {
        if (!alive[t])
            continue;
        if (m[t].kind == MEN_SWEDISH)
            return false;
        if (m[t].kind == MEN_TRIGGER && m[t].fo_anaphor)
            return true;
    }
    return false;
}

/* The foreign place named last before mention 'first', in paragraph
 * 'para', with no Swedish side after it; (size_t)-1 if none. */
static size_t foreign_before(const struct mention *m, const bool *alive,
                             const struct unit *u, const size_t *mu,
                             size_t first, size_t para)
{
    for (size_t t = first; t-- > 0;) {
        if (!alive[t] || m[t].kind == MEN_TRIGGER)
            continue;
        if (u[mu[t]].para != para || m[t].kind == MEN_SWEDISH)
            break;
        return t;
    }
    return (size_t)-1;
}

/* Is partner j named in a relative clause on a foreign place before it,
 * after a partnership word there: "hamnstaden Poti, som redan har ett
 * vänortsavtal med lettiska Ventspils", "Tornio, which also cooperates
 * with Kemi"?  Then j is that place's partner, no side's. */
static bool foreign_relative(const char *text, const struct mention *m,
                             const bool *alive, size_t first, size_t j)
{
    static const char *const rel[] = {", som ", ", der ", ", hvor ",
                                      ", kor ", ", which ", ", that ",
                                      ", where "};
    for (size_t f = first; f < j; f++) {
        if (!alive[f] || m[f].kind != MEN_FOREIGN || m[f].end >= m[j].start)
            continue;
        size_t open = 0;
        for (size_t i = 0; i < sizeof rel / sizeof *rel && !open; i++)
            if (strncmp(text + m[f].end, rel[i], strlen(rel[i])) == 0)
                open = m[f].end + strlen(rel[i]);
        if (!open)
            continue;
        for (size_t t = f + 1; t < j; t++) {
            if (!alive[t] || m[t].start < open)
                continue;
            if (m[t].kind != MEN_TRIGGER)
                break;          /* another place first: not its clause */
            if (!is_trigger(&m[t]))
                continue;
            /* the clause goes on to j: no comma before the trigger, no
             * sentence end before j */
            if (memchr(text + open, ',', m[t].start - open) ||
                memchr(text + m[t].end, '.', m[j].start - m[t].end))
                break;
            return true;
        }
    }
    return false;
}

/* Is side s joined by a conjunction alone to a partner other than j
 * ("genom vänortsutbytet mellan Falköping och Lemgo som kontakten med
 * Kreis Lippe etablerades": Falköping's pair is Lemgo, Kreis Lippe is
 * another side's)? */
static bool bound_elsewhere(const char *text, const struct mention *m,
                            const bool *alive, size_t first, size_t last,
                            size_t s, size_t j)
{
    size_t f = neighbour(m, alive, first, last, s, +1);
    return f != (size_t)-1 && f != j && f < j &&
           m[f].kind == MEN_FOREIGN && strcmp(m[f].key, m[j].key) != 0 &&
           bound_pair(text, m[s].end, m[f].start);
}

/* The Swedish side partner j of unit [first, last) goes with: a side
 * coordinated with it or written before it with "med" ("Siguldas novads and Rättvik", "Hagfors och
 * Ivankiv"), else the page's own side if the unit names it (a sentence
 * about Lerum naming its neighbours too), else the side written last
 * before it ("Nora med Gulu, Hedemora med Mbale"), else the first after
 * it.  Returns the side, or (size_t)-1. */
static size_t side_for(const char *text, const struct mention *m,
                       const bool *alive, size_t first, size_t last,
                       size_t j, size_t page_sv, size_t n_fo)
{
    /* "Carrick-on-Shannon is twinned with Säffle and Manorhamilton with
     * Munkfors": a partner written right before its side with "with"
     * is that side's, not the one before the conjunction. */
    size_t f0 = neighbour(m, alive, first, last, j, +1);
    if (f0 != (size_t)-1 && m[f0].kind == MEN_SWEDISH &&
        (with_pair(text, m[j].end, m[f0].start) ||
         with_cue(text, m[j].end, m[f0].start)))
        return f0;
    size_t b = neighbour(m, alive, first, last, j, -1);
    size_t f = neighbour(m, alive, first, last, j, +1);
    /* "mellem Kalundborg og Tomelilla, Holbæk og Eslöv samt Odsherred og
     * Båstad": a pair after "samt" is a pair of its own, not the side
     * before bound to its partner ("Holbæk og Eslöv"). */
    size_t bb = b != (size_t)-1 ? neighbour(m, alive, first, last, b, -1)
                                : (size_t)-1;
    bool b_paired = bb != (size_t)-1 && m[bb].kind == MEN_FOREIGN &&
                    bound_pair(text, m[bb].end, m[b].start);
    bool f_bound = f != (size_t)-1 && m[f].kind == MEN_SWEDISH &&
                   bound_pair(text, m[j].end, m[f].start);
    if (b != (size_t)-1 && m[b].kind == MEN_SWEDISH &&
        (bound_pair(text, m[b].end, m[j].start) ||
         with_pair(text, m[b].end, m[j].start)) &&
        !(b_paired && f_bound))
        return b;
    /* "Trysil og Malung-Sälen", but not "Lekeberg med Podujeva och
     * Askersund med Kamenica": a side after the conjunction that has a
     * partner of its own after it starts the next pair (not a partner
     * bound to a side of its own: "Holbæk og Eslöv samt Odsherred og
     * Båstad"). */
    size_t ff = f != (size_t)-1 ? neighbour(m, alive, first, last, f, +1)
                                : (size_t)-1;
    size_t fff = ff != (size_t)-1 ? neighbour(m, alive, first, last, ff, +1)
                                  : (size_t)-1;
    bool ff_own = ff != (size_t)-1 && m[ff].kind == MEN_FOREIGN &&
                  !(fff != (size_t)-1 && m[fff].kind == MEN_SWEDISH &&
                    bound_pair(text, m[ff].end, m[fff].start));
    if (f_bound && !ff_own)
        return f;
    if (page_sv != (size_t)-1 && n_fo == 1)
        for (size_t s = first; s < last; s++)
            if (is_side(m, alive, s) && strcmp(m[s].key, m[page_sv].key) == 0)
                return s;
    /* "Fyrbodals kommunalförbund, där Bengtsfors är en av fjorton
     * medlemskommuner, har ett samarbete med Prizren": a side inside a
     * relative clause set off by commas is the clause's, not the
     * sentence's, while another side stands outside it. */
    size_t best = (size_t)-1, in_rel = (size_t)-1, prev = (size_t)-1;
    for (size_t s = first; s < last; s++)
        if (is_side(m, alive, s) && (s < j || best == (size_t)-1)) {
            if (s < j && (relative_between(text, m[first].start, m[s].start,
                                           m[s].end, m[j].start) ||
                          (prev != (size_t)-1 &&
                           apposition_of(text, m[prev].end, m[s].start,
                                         m[s].end, m[j].start))))
                in_rel = s;
            else
                best = s;
            prev = s;
        }
    return best != (size_t)-1 ? best : in_rel;
}

/* Does the sentence s[0, n) open with a word for "there" ("Där har
 * …", "Der er …", "There the council …")? */
static bool opens_there(const char *s, size_t n)
{
    static const char *const there[] = {"Där ", "Dit ", "Der ",
                                        "There ", "Här ", "Her "};
    for (size_t i = 0; i < sizeof there / sizeof *there; i++)
        if (n > strlen(there[i]) &&
            memcmp(s, there[i], strlen(there[i])) == 0)
            return true;
    return false;
}

/* Is text[0, n) the gap of an enumeration's last item: " och ", " og ",
 * " and ", " samt ", " & "? */
static bool conj_gap(const char *g, size_t n)
{
    static const char *const c[] = {" och ", " og ", " and ", " samt ",
                                    " & ", " eller ", " or "};
    for (size_t i = 0; i < sizeof c / sizeof *c; i++)
        if (n == strlen(c[i]) && memcmp(g, c[i], n) == 0)
            return true;
    return false;
}

/* Does the text after a place go on with its partner ("Katrineholm med
 * Pekalongan", "Boden with Telavi")?  text is NUL-terminated. */
static bool opens_with_clause(const char *t)
{
    static const char *const w[] = {" med ", " with ", " mit ", " ze ",
                                    " z "};
    for (size_t i = 0; i < sizeof w / sizeof *w; i++)
        if (strncmp(t, w[i], strlen(w[i])) == 0)
            return true;
    return false;
}

/* Is side s the partner of a Swedish side before it in its clause
 * ("Simrishamn samarbejder med nabokommunen Tomelilla": a side, a
 * partnership word, then s), not a party to the host's partnership? */
static bool swedish_partner_of(const struct mention *m, const bool *alive,
                               size_t first, size_t s)
{
    bool trigger = false;
    for (size_t r = s; r-- > first;) {
        if (!alive[r])
            continue;
        if (m[r].clause)
            return false;
        if (m[r].kind == MEN_TRIGGER)
            trigger = trigger || is_trigger(&m[r]);
        else if (m[r].kind == MEN_SWEDISH)
            return trigger;
        else
            return false;       /* a foreign place between */
    }
    return false;
}

/* Is text[0, n) a location's preposition between a partnership word and
 * its place ("vänorter i Hamina", "partners in Kenya"), not "med"/"with"
 * ("samarbejder med Lunds universitet": the institution's place)? */
static bool location_word(const char *g, size_t n)
{
    static const char *const w[] = {" i ", " in ", " på ", " ved ", " vid ",
                                    " at ", " w ", " we ", " в ", " у "};
    for (size_t i = 0; i < sizeof w / sizeof *w; i++) {
        size_t l = strlen(w[i]);
        if (n == l && memcmp(g, w[i], n) == 0)
            return true;
        /* ... and one lower-case word after it, a nationality ("vänort i
         * norska Karasjok") */
        if (n > l + 1 && memcmp(g, w[i], l) == 0 && g[l] >= 'a' &&
            g[l] <= 'z' && g[n - 1] == ' ' && !memchr(g + l, ' ', n - l - 1))
            return true;
    }
    return false;
}

/* Is the place a location names (mention i) a side's partner by an
 * apposition right after it: ", <side>s [one or two words] <trigger>"
 * ("en skola i Łeba, Sölvesborgs polska vänort vid Östersjökusten", "in
 * Rennebu, Strömsund's Norwegian twin town")? */
static bool apposed_partner(const char *text, size_t len,
                            const struct mention *m, size_t n, size_t i)
{
    size_t at = m[i].end;
    if (at + 2 >= len || text[at] != ',' || text[at + 1] != ' ')
        return false;
    size_t s = i + 1;
    while (s < n && m[s].start < at + 2)
        s++;
    for (; s < n && m[s].start == at + 2; s++) {
        if (m[s].kind != MEN_SWEDISH)
            continue;
        size_t p = m[s].end;
        if (p + 2 <= len && text[p] == '\'' && text[p + 1] == 's')
            p += 2;
        else if (p + 4 <= len && memcmp(text + p, "\xE2\x80\x99s", 4) == 0)
            p += 4;
        else if (text[p - 1] != 's')
            continue;           /* no genitive: "i Łeba, Sölvesborg och …" */
        for (int words = 0; words <= 2 && p < len && text[p] == ' '; words++) {
            p++;
            for (size_t t = s + 1; t < n && m[t].start <= p; t++)
                if (m[t].start == p && is_trigger(&m[t]) && !m[t].negated)
                    return true;
            /* a word between: "polska", "Norwegian", "former" */
            size_t w = p;
            while (w < len && text[w] != ' ' && text[w] != ',' &&
                   text[w] != '.' && text[w] != '\n')
                w++;
            if (w == p || w - p > 24)
                break;
            p = w;
        }
    }
    return false;
}

/* Does a lower-case word naming an area follow text[at] ("Stockholm
 * archipelago", "Oslo region", "Bergen area")?  The place before it
 * names where, not whom. */
static bool area_after(const char *text, size_t len, size_t at)
{
    static const char *const w[] = {
        "archipelago", "area", "region", "county", "district", "province",
        "valley", "coast", "islands", "metropolitan", "skärgård",
        "skärgården", "området", "regionen", "län", "fylke", "amt",
        "skjærgård", "skjærgården", "skærgård", "området",
    };
    if (at >= len || text[at] != ' ')
        return false;
    for (size_t i = 0; i < sizeof w / sizeof *w; i++) {
        size_t l = strlen(w[i]);
        if (at + 1 + l <= len && memcmp(text + at + 1, w[i], l) == 0 &&
            (at + 1 + l == len || !isalpha((unsigned char)text[at + 1 + l])))
            return true;
    }
    return false;
}

/* Does the page name the place of mention j elsewhere by a form or a
 * country cue that no common word shares ("Skive Kommune", "danska
 * Skive")? */
static bool named_by_form(const struct mention *m, size_t n, size_t j)
{
    for (size_t k = 0; k < n; k++)
        if (k != j && m[k].kind == m[j].kind && m[k].strong &&
            !m[k].word && !m[k].location && m[k].start != m[j].start &&
            name_with_form(m[k].key, m[j].key))
            return true;
    return false;
}

/* Does a sentence or line open at text[at] (quotation marks, brackets
 * and spaces before it aside)? */
static bool opens_sentence(const char *text, size_t at)
{
    while (at > 0) {
        unsigned char c = (unsigned char)text[at - 1];
        if (c == ' ' || c == '"' || c == '(' || c == '\'') {
            at--;
            continue;
        }
        if (c >= 0x80) {
            size_t k = at - 1;
            while (k > 0 && ((unsigned char)text[k] & 0xC0) == 0x80)
                k--;
            unsigned char l = (unsigned char)text[k];
            if (l != 0xC2 && l != 0xE2)
                return false;       /* a letter (å, ø, ł, ж ...) */
            at = k;                 /* »«”“– and other marks */
            continue;
        }
        return c == '.' || c == '!' || c == '?' || c == ':' || c == '\n' ||
               c == '-' || c == ';';
    }
    return true;
}

/* Does a quotation mark stand right before 'at' (a place opening a
 * quote: «Sulitjelma og Arjeplog har begge …»)? */
static bool after_quote_mark(const char *text, size_t at)
{
    static const char *const mark[] = {"\"", "\u00ab", "\u00bb",
                                       "\u201d", "\u201c", "\u2019"};
    for (size_t i = 0; i < sizeof mark / sizeof *mark; i++) {
        size_t l = strlen(mark[i]);
        if (at >= l && memcmp(text + at - l, mark[i], l) == 0)
            return true;
    }
    return false;
}

/* Does the page write the place of mention j, a common word where it
 * opens a sentence ("Skive har Ale som venskabskommune"), as a name
 * inside a sentence elsewhere ("siger Skives borgmester")? */
static bool named_inside(const char *text, const struct mention *m,
                         size_t n, size_t j)
{
    for (size_t k = 0; k < n; k++)
        if (k != j && m[k].kind == m[j].kind && !m[k].word &&
            !m[k].location && m[k].start != m[j].start &&
            strcmp(m[k].key, m[j].key) == 0 &&
            !opens_sentence(text, m[k].start))
            return true;
    return false;
}

/* A location names a list: "studentutveksling med universiteter i
 * Tallinn, Linköping og Tampere".  The places enumerated after location
 * mention i, from mention j on (in its unit, with at least one comma so
 * that "mötet i Tartu och Kalix kommun skrev under" keeps Kalix), are
 * where something is too. */
static void location_list(const char *text, const struct mention *m,
                          bool *alive, const size_t *mu, size_t n, size_t i,
                          size_t j, const char **why)
{
    size_t end = m[i].end;
    bool comma = false;

    /* "Eksjö i Sverige, Levanger i Norge og Iisalmi i Finland": the
     * location is a place's country, and the list one of places. */
    for (size_t b = i; b-- > 0 && m[i].start - m[b].start <= MENTION_SPAN;)
        if (m[b].kind != MEN_TRIGGER && m[b].end <= m[i].start &&
            m[i].start - m[b].end <= 4)
            return;
    for (;;) {
        while (j < n && (m[j].kind == MEN_TRIGGER || m[j].start < end))
            j++;
        if (j >= n || mu[j] != mu[i])
            return;
        const char *g = text + end;
        size_t gl = m[j].start - end;
        bool c = gl == 2 && g[0] == ',' && g[1] == ' ';
        if (!c && !(comma && conj_gap(g, gl)))
            return;
        comma = true;
        /* "Västervik med Banyuwangi på östra Java, Katrineholm med
         * Pekalongan": a place followed by "med"/"with" opens the next
         * clause of a gapped sentence; the list ended before it. */
        if (opens_with_clause(text + m[j].end))
            return;
        /* "the federation of municipalities in Norrbotten, Norrbottens
         * Kommuner, in northern Sweden": an item named after the location
         * is its body in apposition, no place of a list. */
        size_t ll = m[i].end - m[i].start;
        if (m[j].end - m[j].start > ll + 2 &&
            memcmp(text + m[j].start, text + m[i].start, ll) == 0)
            return;
        size_t at = m[j].start;
        for (; j < n && m[j].start == at; j++) {
            if (m[j].kind == MEN_TRIGGER)
                continue;
            if (m[j].end > end)
                end = m[j].end;
            if (alive[j]) {
                alive[j] = false;
                if (why)
                    why[j] = "where something is, not a side: in a list "
                             "after a location";
            }
        }
    }
}

size_t pairing_find(struct arena *a, const char *text, size_t len,
                    const size_t *pstart, size_t n_para, bool foreign_lang,
                    const struct mention *m0, size_t n,
                    struct pair_ref **out, const char **why)
{
    struct pair_ref *v = NULL;
    size_t np = 0, cap = 0;
    size_t *starts;
    size_t nu;
    struct unit *u;
    struct mention *m;          /* a copy whose flags dedupe may merge */
    bool *alive;
    bool *located;              /* no side by a location rule only */
    size_t *mu;                 /* unit of each mention */
    bool t_doc = false, t_head = false;
    size_t head_sv = (size_t)-1, head_foreign = (size_t)-1;
    bool head_two = false;      /* the head names two foreign places
                                   coordinated ("Ho and Hohoe sign") */
    size_t page_sv = (size_t)-1;

    *out = NULL;
    if (!n)
        return 0;
    nu = pairing_units(a, text, len, &starts);
    u = arena_alloc(a, nu * sizeof *u);
    describe_units(text, len, pstart, n_para, starts, nu, u);
    m = arena_alloc(a, n * sizeof *m);
    memcpy(m, m0, n * sizeof *m);
    alive = arena_alloc(a, n * sizeof *alive);
    located = arena_calloc(a, n, sizeof *located);
    /* Places kept by a partnership word right before them ("vänorter i
     * Hamina", "partnerskap i Lviv oblast"). */
    bool *where_partners = arena_calloc(a, n, sizeof *where_partners);
    mu = arena_alloc(a, n * sizeof *mu);

    /* Places named as locations, and common words opening a sentence,
     * are no sides or partners ("kontakter i Skåne", "mötet i Sarajevo",
     * "God hälsa"), unless a trigger stands right before ("vänorter i
     * Hamina"). */
    for (size_t i = 0; i < n; i++) {
        mu[i] = unit_of(starts, nu, m[i].start);
        alive[i] = !m[i].location && !m[i].word && !m[i].person &&
                   !u[mu[i]].menu;
        if (why)
            why[i] = m[i].location ? "a place named as where something is"
                   : m[i].person ? "a person's name (a byline), no place"
                   : m[i].word ? "a common word opening a sentence"
                   : u[mu[i]].menu ? "on a menu line of the page head"
                   : NULL;
    }
    for (size_t i = 0; i < n; i++) {
        if (!m[i].location && !m[i].word && !m[i].person)
            continue;
        bool after_trigger = false;
        for (size_t j = i; j-- > 0 && !m[i].word && !m[i].person &&
                           m[i].start - m[j].start <= MENTION_SPAN;)
            after_trigger = after_trigger ||
                            (((is_trigger(&m[j]) &&
                               !document_trigger(text, &m[j])) ||
                              m[j].owner) &&
                             m[j].end < m[i].start &&
                             m[i].start - m[j].end <= LOCATION_GAP &&
                             location_word(text + m[j].end,
                                           m[i].start - m[j].end));
        /* ... but not a place that only names an area ("our twin town in
         * the Stockholm archipelago", "vänort i Göteborgsregionen"). */
        after_trigger = after_trigger && !area_after(text, len, m[i].end);
        after_trigger = after_trigger ||
                        (m[i].location && apposed_partner(text, len, m, n, i));
        /* Mentions are sorted by start: those at the same place are
         * neighbours. */
        size_t lo = i, hi = i;
        while (lo > 0 && m[lo - 1].start == m[i].start)
            lo--;
        while (hi + 1 < n && m[hi + 1].start == m[i].start)
            hi++;
        /* ... but a Swedish region after the partnership word is where
         * the twin town lies ("Haderslev får venskabsby i Skåne"); and a
         * place the page names by its form elsewhere is a place wherever
         * it opens a sentence ("Skive Kommune ...", then "Skive har i
         * forvejen venskabsbyer"). */
        for (size_t j = lo; j <= hi; j++)
            if (alive[j] && m[j].kind != MEN_TRIGGER &&
                !(m[i].word && (named_by_form(m, n, j) ||
                                named_inside(text, m, n, j))) &&
                (!after_trigger ||
                 (m[i].location && m[j].kind == MEN_SWEDISH &&
                  m[j].regional)) &&
                (m[j].kind == MEN_FOREIGN || m[i].location ||
                 m[i].person)) {
                alive[j] = false;
                located[j] = m[i].location;
                if (why)
                    why[j] = m[i].location
                                 ? "where something is, not a side: "
                                   "a location rule matched the same place"
                           : m[i].person
                                 ? "a person's name (a byline), no place"
                                 : "a common word opening a sentence";
            }
            else if (m[i].location && after_trigger && alive[j] &&
                     m[j].kind == MEN_FOREIGN)
                where_partners[j] = true;
        if (m[i].location && !after_trigger)
            location_list(text, m, alive, mu, n, i, hi + 1, why);
    }
    /* A partnership said not to exist ("The network has no formal
     * agreement"): no trigger there, and no owner of one ("Klaipėda är
     * inte en av Karlshamns vänorter"). */
    for (size_t i = 0; i < n; i++) {
        if (!m[i].negated)
            continue;
        /* Sorted by start: those that overlap it are near it. */
        size_t j0 = i;
        while (j0 > 0 && m[i].start - m[j0 - 1].start <= MENTION_SPAN)
            j0--;
        for (size_t j = j0; j < n && m[j].start < m[i].end; j++) {
            if (m[j].kind == MEN_TRIGGER && overlaps(&m[i], &m[j])) {
                alive[j] = false;
                if (why)
                    why[j] = "a partnership said not to exist";
            } else if (m[j].kind != MEN_TRIGGER && m[j].end <= m[i].start &&
                       m[i].start - m[j].end <= 2)
                m[j].owner = false;     /* "Karlshamns vänorter" */
        }
    }
    /* A partnership reported and denied: no mention of the denial's
     * sentence takes part, nor of the sentence before when the denial
     * opens its own ("… med Polatsk. Det stämmer inte, enligt
     * kommunen."). */
    for (size_t i = 0; i < n; i++) {
        if (!m[i].denied)
            continue;
        /* The denial speaks of the sentence before when no place of
         * its own sentence comes before it ("Det stämmer inte", "The
         * town government denied the report"). */
        size_t k = mu[i], k0 = k;
        bool own_place = false;
        for (size_t j = i; j-- > 0 && mu[j] == k;)
            own_place = own_place || m[j].kind != MEN_TRIGGER;
        /* A denial whose own words name the claim's places ("Uppgifter
         * om att även Kalix skulle …", "Något avtal med Olecko blir det
         * inte") reaches back to those places only. */
        size_t in0 = i + 1, in1 = i + 1;
        while (in1 < n && mu[in1] == k && m[in1].start < m[i].end)
            in1++;
        if (k > 0 && !own_place)
            k0 = k - 1;
        /* ... the last sentence of its paragraph that names a place:
         * "… tillsammans med Satakunta i Finland. Projektet pågår
         * 2024–2026. Det är … inte ett partnerskap." */
        for (size_t j = i; !own_place && k0 + 1 == k && j-- > 0 &&
                           u[mu[j]].para == u[k].para;)
            if (m[j].kind != MEN_TRIGGER && mu[j] < k) {
                k0 = mu[j];
                break;
            }
        /* Sorted by start: the two units' mentions are i's neighbours. */
        size_t j0 = i;
        while (j0 > 0 && mu[j0 - 1] >= k0)
            j0--;
        /* In its own sentence the denial speaks of its clause: "Korsholm
         * förnyar sitt avtal med Nordmaling, och Malax har inlett samtal
         * med Bjurholm om ett liknande avtal" denies nothing before the
         * "och". */
        /* ... when that clause names a place of its own: "…
         * samarbete med Røros, men något avtal finns inte" denies the
         * clause before. */
        bool clause_place = false;
        if (k0 == k)
            for (size_t c = i; c-- > j0;) {
                if (alive[c] && m[c].clause && mu[c] == k) {
                    if (clause_place)
                        j0 = c + 1;
                    break;
                }
                clause_place = clause_place || m[c].kind != MEN_TRIGGER;
            }
        for (size_t j = j0; j < n && mu[j] <= k; j++) {
            if (j == i)
                continue;
            bool named = true;          /* it names none: all */
            for (size_t q = in0; q < in1 && named; q++)
                named = m[q].kind == MEN_TRIGGER;
            for (size_t q = in0; q < in1 && !named && mu[j] < k; q++)
                named = m[q].kind != MEN_TRIGGER &&
                        strcmp(m[q].key, m[j].key) == 0;
            if (mu[j] < k && !named)
                continue;
            alive[j] = false;
            if (why)
                why[j] = "in a partnership said to be untrue";
        }
    }
    /* Members of a network "bland andra Vilnius, Gdynia och Aarhus":
     * the places after the cue in its sentence are no partners. */
    for (size_t i = 0; i < n; i++) {
        if (!m[i].member)
            continue;
        for (size_t j = i + 1; j < n && mu[j] == mu[i]; j++)
            if (m[j].kind != MEN_TRIGGER && m[j].start >= m[i].end) {
                alive[j] = false;
                if (why)
                    why[j] = "a member of a network, named among others";
            }
    }
    /* A place said to stand outside the partnership ("Sjöbo och
     * Tomelilla samarbetar, men Tomelilla är inte part i avtalet med
     * Gradačac"): no mention of it in the same unit is a side or partner,
     * wherever it stands, nor in the paragraph before it ("…
     * ledningsnätet i Senaki och grannkommunen Abasha. Abasha ingår inte
     * i partnerskapet."); a later sentence may give its own ("…
     * Ljusnarsberg har i stället ett eget samarbete med Kėdainiai"). */
    for (size_t i = 0; i < n; i++) {
        if (!m[i].outside)
            continue;
        size_t li = m[i].end - m[i].start, para = u[mu[i]].para;
        /* Sorted by start: the paragraph's mentions are i's neighbours. */
        size_t j0 = i;
        while (j0 > 0 && u[mu[j0 - 1]].para == para)
            j0--;
        for (size_t j = j0; j < n && mu[j] <= mu[i]; j++) {
            size_t lj = m[j].end - m[j].start;
            if (m[j].kind == MEN_TRIGGER ||
                (j != i && strcmp(m[j].key, m[i].key) != 0 &&
                 (lj != li || memcmp(text + m[j].start, text + m[i].start,
                                     li) != 0)))
                continue;
            alive[j] = false;
            if (why)
                why[j] = "said to stand outside the partnership";
        }
    }
    /* A foreign mention inside a Swedish one ("Region Jämtland
     * Härjedalen") or inside a longer one of its kind ("Kakamega" in
     * "Kakamega County") is not a mention of its own; the longer one (of
     * two with the same span, the first) stays with the flags of both. */
    for (size_t i = 0; i < n; i++) {
        if (!alive[i] || m[i].kind == MEN_TRIGGER)
            continue;
        size_t j0 = i;
        while (j0 > 0 && m[i].start - m[j0 - 1].start <= MENTION_SPAN)
            j0--;
        for (size_t j = j0; j < n && alive[i] && m[j].start < m[i].end; j++) {
            if (j == i || !alive[j] || m[j].kind == MEN_TRIGGER ||
                !overlaps(&m[i], &m[j]))
                continue;
            size_t li = m[i].end - m[i].start, lj = m[j].end - m[j].start;
            if (m[i].kind == MEN_FOREIGN && m[j].kind == MEN_SWEDISH) {
                alive[i] = false;
                if (why)
                    why[i] = "a Swedish side is named at the same place";
            } else if (m[i].kind == m[j].kind && (lj > li || (lj == li && j < i))) {
                alive[i] = false;
                if (why)
                    why[i] = lj > li ? "inside a longer mention"
                                     : "the same mention as another rule's";
                /* The same place written longer ("Lovisa" in "Lovisa
                 * stads vänorter"): it keeps what the shorter one knew. */
                if (m[j].start <= m[i].start && m[i].end <= m[j].end) {
                    m[j].owner = m[j].owner || m[i].owner;
                    m[j].strong = m[j].strong || m[i].strong;
                    m[j].page = m[j].page || m[i].page;
                    m[j].regional = m[j].regional || m[i].regional;
                }
            }
        }
    }
    /* "Guovdageaidnu/Kautokeino kommune": two names joined by a slash are
     * one place's; the later carries the form word, and stays.  With no
     * form word on the later ("Wittstock/Dosse", the town on the Dosse),
     * the first stays. */
    for (size_t i = 1; i < n; i++) {
        if (!alive[i] || m[i].kind != MEN_FOREIGN)
            continue;
        for (size_t j = i; j-- > 0;)
            if (alive[j] && m[j].kind == MEN_FOREIGN && m[j].end <= m[i].start) {
                size_t g = m[i].start - m[j].end;
                const char *t = text + m[j].end;
                if ((g == 1 && t[0] == '/') ||
                    (g == 3 && t[0] == ' ' && t[1] == '/' && t[2] == ' ')) {
                    /* (the later's name up to a country cue's comma:
                     * "Kautokeino kommune" has its form word) */
                    size_t ne = m[i].start;
                    while (ne < m[i].end && text[ne] != ',' && text[ne] != ' ')
                        ne++;
                    bool form = ne < m[i].end && text[ne] == ' ';
                    size_t drop = form ? j : i;
                    alive[drop] = false;
                    if (why)
                        why[drop] = drop == j
                                        ? "another name of the partner after it"
                                        : "another name of the partner before it";
                }
                break;
            }
    }
    /* "Cēsis Municipality (Cēsu novads)": a name in parentheses right
     * after a partner is another name of it. */
    for (size_t i = 1; i < n; i++) {
        if (!alive[i] || m[i].kind != MEN_FOREIGN || m[i].start < 2 ||
            text[m[i].start - 1] != '(')
            continue;
        for (size_t j = i; j-- > 0;)
            if (alive[j] && m[j].kind == MEN_FOREIGN) {
                if (m[j].end + 2 == m[i].start && text[m[j].end] == ' ') {
                    alive[i] = false;
                    if (why)
                        why[i] = "another name of the partner before it";
                }
                break;
            }
    }
    for (size_t i = 0; i < n; i++) {
        if (!alive[i])
            continue;
        if (is_trigger(&m[i]) || m[i].owner) {
            t_doc = true;
            if (u[mu[i]].head)
                t_head = true;
        }
        if (m[i].kind == MEN_SWEDISH && u[mu[i]].head &&
            (head_sv == (size_t)-1 || (m[i].owner && !m[head_sv].owner)))
            head_sv = i;
        /* "Fyra skånska kommuner inleder partnerskap i Lviv oblast": a
         * place the partners lie in is no host of the page. */
        bool head_fo = m[i].kind == MEN_FOREIGN && u[mu[i]].head &&
                       !where_partners[i];
        if (head_fo && head_foreign == (size_t)-1)
            head_foreign = i;
        else if (head_fo &&
                 strcmp(m[i].key, m[head_foreign].key) != 0 &&
                 m[head_foreign].end <= m[i].start &&
                 coordinated(text, m[head_foreign].end, m[i].start))
            head_two = true;
        if (m[i].kind == MEN_SWEDISH && m[i].page && page_sv == (size_t)-1)
            page_sv = i;
    }
    /* "SVARTÅDALENS TIDNING – MJÖLBY & BOXHOLM": a head line naming two
     * Swedish sides coordinated (a paper's area) names no one side of the
     * page, unless one owns a partnership word. */
    if (head_sv != (size_t)-1 && !m[head_sv].owner)
        for (size_t i = head_sv + 1; i < n && mu[i] == mu[head_sv]; i++)
            if (alive[i] && m[i].kind == MEN_SWEDISH &&
                strcmp(m[i].key, m[head_sv].key) != 0 &&
                m[head_sv].end <= m[i].start &&
                coordinated(text, m[head_sv].end, m[i].start)) {
                head_sv = (size_t)-1;
                break;
            }
    if (page_sv == (size_t)-1)
        page_sv = head_sv;
    bool *para_t = arena_calloc(a, u[nu - 1].para + 1, sizeof *para_t);
    /* A paragraph that says a partnership is none ("Nätverket … är inget
     * vänortssamarbete"): its places named by country or form alone
     * ("där även Ekenäs i Finland och Nida i Litauen ingår") are no
     * partners by the page's partnership words elsewhere. */
    bool *para_neg = arena_calloc(a, u[nu - 1].para + 1, sizeof *para_neg);
    /* (A trigger whose own sentence names a side and a foreign place
     * speaks of that pair: "… fra Galway og Cork … fra Svenljunga.
     * Svenljunga er Tønder Kommunes svenske venskabskommune" pairs no
     * Galway.) */
    bool *para_any = arena_calloc(a, u[nu - 1].para + 1, sizeof *para_any);
    bool *unit_sv = arena_calloc(a, nu + 1, sizeof *unit_sv);
    bool *unit_fo = arena_calloc(a, nu + 1, sizeof *unit_fo);
    for (size_t i = 0; i < n; i++)
        if (alive[i] && m[i].kind == MEN_SWEDISH)
            unit_sv[mu[i]] = true;
        else if (alive[i] && m[i].kind == MEN_FOREIGN)
            unit_fo[mu[i]] = true;
    for (size_t i = 0; i < n; i++) {
        if (alive[i] && (is_trigger(&m[i]) || m[i].owner) &&
            !(unit_sv[mu[i]] && unit_fo[mu[i]]))
            para_t[u[mu[i]].para] = true;
        if (alive[i] && (is_trigger(&m[i]) || m[i].owner))
            para_any[u[mu[i]].para] = true;
        if (m[i].negated)
            para_neg[u[mu[i]].para] = true;
    }
    arena_free(a, unit_fo);
    arena_free(a, unit_sv);
    /* The page's lede, its first paragraph of prose: where it names
     * partnerships ("Representanter för tre kommunala partnerskap mellan
     * Sverige och Moldavien möttes …"), a Swedish side and a foreign
     * place that open a later sentence joined by "och" ("Nykvarns
     * kommun och Sîngerei har sedan 2022 arbetat med …") are one of
     * them. */
    size_t lede = (size_t)-1;
    for (size_t k = 0; k < nu && lede == (size_t)-1; k++)
        if (!u[k].head && !u[k].menu && !u[k].heading && !u[k].list &&
            u[k].end - u[k].start >= LEDE_MIN)
            lede = u[k].para;
    /* ... when the lede names them by number or by country, not by
     * their sides ("… launch partnerships between Ljusdal and Nyeri
     * County, …": then "Malmö and Copenhagen, which share a bridge" is
     * none of them). */
    bool lede_t = false, lede_sv = false;
    for (size_t i = 0; i < n && lede != (size_t)-1; i++) {
        if (alive[i] && is_trigger(&m[i]) && !m[i].negated &&
            u[mu[i]].para == lede)
            lede_t = !para_neg[lede];
        if (alive[i] && m[i].kind == MEN_SWEDISH && u[mu[i]].para == lede)
            lede_sv = true;
    }
    lede_t = lede_t && !lede_sv;
    /* A page written from the foreign side (a Finnish town's twin towns):
     * its Swedish partners pair with the host, not with each other town
     * of the chain. */
    /* ... unless its title names two, coordinated ("Ho and Hohoe sign
     * partnerships with Swedish municipalities"): no one host. */
    size_t host_page = head_sv == (size_t)-1 && page_sv == (size_t)-1 &&
                               !head_two
                           ? head_foreign : (size_t)-1;
    /* With no headline naming it, the site's own name on a short first
     * line ("Harstad kommune" above "Vennskapsbyer") names the host when
     * it is the page's first place. */
    /* Whatever the headline names, "Stadens övriga vänorter" on that
     * site are the site's own. */
    const char *nl = memchr(text, '\n', len);
    size_t site = (size_t)-1;
    if (nl && nl - text <= SITE_NAME_MAX) {
        size_t f = 0;
        while (f < n && (!alive[f] || m[f].kind == MEN_TRIGGER))
            f++;
        /* ... the place opening the line: "University of Stirling" is
         * an organisation's site, no town's. */
        if (f < n && m[f].kind == MEN_FOREIGN && u[mu[f]].line_start == 0 &&
            opens_line(text, 0, m[f].start))
            site = f;
    }
    if (host_page == (size_t)-1 && head_sv == (size_t)-1 &&
        page_sv == (size_t)-1 && !head_two)
        host_page = site;
    bool head_other = false;    /* the head names a foreign place other
                                   than the site's */
    for (size_t i = 0; site != (size_t)-1 && i < n && !head_other; i++)
        head_other = alive[i] && m[i].kind == MEN_FOREIGN && u[mu[i]].head &&
                     strcmp(m[i].key, m[site].key) != 0;

    table_pairs(a, text, len, m, alive, n, &v, &np, &cap);

    /* Walk the units in order, with the state list lines inherit: the
     * Swedish side and trigger of the last heading. */
    size_t list_sv = page_sv, last_sv = (size_t)-1;
    size_t last_subj = (size_t)-1;  /* the place opening the last unit
                                       that opens with one */
    size_t box_para = (size_t)-1;   /* the paragraph of a fact box's
                                       "FAKTA: Borgholms kommun" */
    bool list_t = t_head, furniture = false;
    size_t i = 0;
    for (size_t k = 0; k < nu; k++) {
        size_t np_unit = np;    /* the pairs this unit adds: [np_unit, np) */
        size_t first = i;
        while (i < n && mu[i] == k)
            i++;
        size_t last = i;        /* mentions [first, last) are in unit k */
        size_t n_sv = 0, n_fo = 0, host = (size_t)-1;
        bool t_u = false, own_u = false, strong = false, bound = false;
        bool names_host = false, muni_u = false, anaphor_subj = false;
        bool own_word = false;  /* "sin partnerkommun": not an anaphor */
        bool own_first = false; /* "our twin towns", "våra vänorter" */
        size_t own_at = 0;      /* where the first of those ends */
        bool site_u = false;    /* "Stadens övriga vänorter" */
        bool site_subj = false; /* "Samarbetet med P ..." opens the unit */
        bool sv_anaphor_u = false; /* "The Swedish municipality" */
        bool fo_anaphor_u = false; /* "Landkreisets samarbete med" */
        /* "Until 2014 the town also had a partnership with Eksjö, which
         * ended after the Swedish municipality …": a plain anaphor before
         * the Swedish one; the sentence is the host's */
        bool host_anaphor_first = false;
        for (size_t j = first; j < last; j++) {
            if (!alive[j])
                continue;
            if (m[j].kind == MEN_TRIGGER && m[j].anaphor && !m[j].own &&
                !m[j].sv_anaphor && !sv_anaphor_u)
                host_anaphor_first = true;
            if (m[j].furniture) {
                /* Links to other articles below: no list of the page's
                 * partners until a heading names a partnership again. */
                furniture = true;
                list_t = false;
                list_sv = (size_t)-1;
                continue;
            }
            if (m[j].kind == MEN_TRIGGER) {
                t_u = t_u || is_trigger(&m[j]);
                own_u = own_u || m[j].own || m[j].anaphor;
                own_word = own_word || m[j].own;
                site_u = site_u || m[j].site;
                sv_anaphor_u = sv_anaphor_u || m[j].sv_anaphor;
                fo_anaphor_u = fo_anaphor_u || m[j].fo_anaphor;
                if (!own_first && m[j].own &&
                    first_person_before(text, u[k].start, m[j].start)) {
                    own_first = true;
                    own_at = m[j].end;
                }
                anaphor_subj = anaphor_subj ||
                               (m[j].anaphor && !m[j].own &&
                                opens_line(text, u[k].start, m[j].start));
                site_subj = site_subj ||
                            (m[j].site &&
                             opens_line(text, u[k].start, m[j].start));
                muni_u = muni_u || (m[j].anaphor &&
                                    municipal_word(text + m[j].start,
                                                   m[j].end - m[j].start));
            } else if (m[j].kind == MEN_SWEDISH) {
                n_sv++;
                t_u = t_u || m[j].owner;
            } else {
                n_fo++;
                strong = strong || m[j].strong;
                t_u = t_u || m[j].owner;
                names_host = names_host ||
                             (host_page != (size_t)-1 &&
                              strcmp(m[j].key, m[host_page].key) == 0);
                if (m[j].owner && host == (size_t)-1)
                    host = j;
                size_t b = neighbour(m, alive, first, last, j, -1);
                size_t f = neighbour(m, alive, first, last, j, +1);
                bound = bound ||
                        (b != (size_t)-1 && m[b].kind == MEN_SWEDISH &&
                         bound_pair(text, m[b].end, m[j].start)) ||
                        (f != (size_t)-1 && m[f].kind == MEN_SWEDISH &&
                         bound_pair(text, m[j].end, m[f].start));
            }
        }
        /* "Jakobstad fick besök av sina vänorter Oskarshamn,
         * Kristiansund och Ringkøbing-Skjern": a foreign place that
         * opens the unit's mentions, before a trigger naming its own
         * partners, owns the places listed after it; the unit's sides
         * pair with it, not with the other members. */
        if (host == (size_t)-1) {
            size_t f0 = first;
            while (f0 < last && (!alive[f0] || m[f0].kind == MEN_TRIGGER))
                f0++;
            for (size_t t = f0 + 1; f0 < last && m[f0].kind == MEN_FOREIGN &&
                                    t < last; t++)
                if (alive[t] && m[t].kind == MEN_TRIGGER && m[t].own &&
                    m[t].start >= m[f0].end) {
                    host = f0;
                    break;
                }
            /* "Vefsn har også vennskapsavtaler med finske Kemijärvi og
             * islandske Húsavík, men det er Vilhelmina som ...": a foreign
             * place that opens the sentence, a partnership word, and
             * only foreign places up to the next sentence's break: those
             * are its partners, and a Swedish side named later in the
             * sentence pairs with it. */
            if (host == (size_t)-1 && f0 < last && m[f0].kind == MEN_FOREIGN &&
                opens_line(text, u[k].start, m[f0].start))
                host = foreign_owner(text, m, alive, f0, last);
        }
        /* "Stadens övriga vänorter är norska Molde och danska Nakskov"
         * on a page whose site is Jakobstad: Jakobstad's partners, not
         * those of the Swedish town the headline names. */
        if (host == (size_t)-1 && site_u && site != (size_t)-1)
            host = site;
        /* ... and on a page no site line names, the foreign place named
         * last before it in the paragraph, with no Swedish side between:
         * "Under veckoslutet fylldes Kristinestads gator … Stadens
         * vänorter är Oxelösund i Sverige, Flekkefjord i Norge och
         * Grenaa i Danmark" pairs Oxelösund with Kristinestad only. */
        if (host == (size_t)-1 && site_u && anaphor_subj && !sv_anaphor_u &&
            n_sv)
            host = foreign_before(m, alive, u, mu, first, u[k].para);
        /* A partnership the title names makes pairs of the places the
         * head names ("Norrtälje och Batumi fördjupar partnerskapet" /
         * "Både Batumi och Norrtälje arbetar med öppna data"), not of
         * any two places of the page ("Malmö och Köpenhamn delar en
         * bro"). */
        bool in_head = false;
        for (size_t j = first; j < last && !in_head; j++)
            if (alive[j] && m[j].kind != MEN_TRIGGER)
                in_head = named_in_head(m, alive, u, mu, n, j);

        /* A trigger elsewhere in the paragraph counts for the unit. */
        /* ... unless the unit says its own relation is none: "Han er
         * ikkje ein del av nokon større avtale mellom X og Y". */
        bool neg_u = false;
        for (size_t j = first; j < last && !neg_u; j++)
            neg_u = m[j].negated;
        bool t_para = t_u || (para_t[u[k].para] && !neg_u);
        /* ... but a side and a foreign place joined by "och" ("Uddevalla
         * och Kutaisi är en av tre kommunkopplingar. Sedan tidigare har
         * Trollhättans stad ett partnerskap med Poti") take any trigger
         * of their paragraph. */
        for (size_t j = first; j < last && !t_para && !neg_u &&
                               (para_any[u[k].para] || lede_t); j++)
            for (size_t j2 = j + 1; j2 < last && !t_para; j2++)
                t_para = alive[j] && alive[j2] &&
                         ((m[j].kind == MEN_SWEDISH &&
                           m[j2].kind == MEN_FOREIGN) ||
                          (m[j].kind == MEN_FOREIGN &&
                           m[j2].kind == MEN_SWEDISH)) &&
                         bound_pair(text, m[j].end, m[j2].start) &&
                         (para_any[u[k].para] ||
                          (u[k].para != lede && !u[k].head &&
                           !u[k].heading && !u[k].list &&
                           opens_sentence(text, m[j].start) &&
                           !after_quote_mark(text, m[j].start)));
        bool strong_doc = t_doc && strong && !neg_u && !para_neg[u[k].para];
        /* Pairs by the title's partnership are of the places the head
         * names only: "– Vi har mer til felles med Kiruna enn med Oslo"
         * under "Alta og Kiruna signerer samarbeidsavtale" pairs no
         * Oslo. */
        bool head_only = in_head && !t_para && !u[k].list && !strong_doc;
        /* On a page from the foreign side, a sentence naming its own
         * partnership ("Kramfors och Vefsn har ett eget samarbetsavtal")
         * pairs as written; any other pairs its sides with the host. */
        /* "Vennskapsbyene våre er Boden i Sverige, ...": the page's own
         * (possessive) twin towns are the host's. */
        size_t to_host = host != (size_t)-1 ? host
                       : host_page != (size_t)-1 &&
                               (own_u || !(t_u && !names_host))
                           ? host_page : (size_t)-1;
        if (n_fo && n_sv &&
            (t_para ||
             ((list_t || (t_head && !furniture)) && (u[k].list || in_head)) ||
             strong_doc)) {
            if (to_host != (size_t)-1) {
                /* A page from the foreign side pairs a unit's sides with
                 * its host only by a partnership word of the sentence or
                 * paragraph, or as a list item: "Malmbanen mellom Luleå og
                 * Narvik" on Narvik's page pairs no Luleå, nor "a two-week
                 * study visit to Uppsala, Sweden" on Kilifi County's page
                 * (over 25 sets no true pair came without one, two false
                 * ones did). */
                for (size_t s = first; (t_para || u[k].list) && s < last;
                     s++) {
                    if (!is_side(m, alive, s) ||
                        swedish_partner_of(m, alive, first, s))
                        continue;
                    /* "… to Lekeberg, Hällefors's neighbour in Örebro
                     * County": a side in an apposition to the side before
                     * it names no partner of its own. */
                    size_t pv = s;
                    while (pv > first && (!alive[pv - 1] ||
                                          m[pv - 1].kind == MEN_TRIGGER))
                        pv--;
                    if (pv > first && m[pv - 1].kind == MEN_SWEDISH &&
                        apposition_of(text, m[pv - 1].end, m[s].start,
                                      m[s].end, m[last - 1].end))
                        continue;
                    size_t own = own_partner(text, m, alive, first, s, last,
                                             to_host);
                    /* By the paragraph's partnership word only, a side
                     * the paragraph paired with its own partner is no
                     * host's: "Landskrona, som har et partnerskab med
                     * Pervomaisk. Landskronas koordinator har rådgivet
                     * Helsingør". */
                    if (own == (size_t)-1 && !t_u && !u[k].list &&
                        paired_other_in_para(m, v, np, u, mu, s, to_host,
                                             u[k].para))
                        continue;
                    /* "…, og Krokom deler fleire tenester med Åre og
                     * Östersund": a clause of Swedish sides only is
                     * their own cooperation, none the host's. */
                    if (own == (size_t)-1 &&
                        swedish_clause(m, alive, first, last, s))
                        continue;
                    add_pair(a, m, &v, &np, &cap, s,
                             own != (size_t)-1 ? own : to_host);
                }
            } else {
                for (size_t j = first; j < last; j++) {
                    if (!alive[j] || m[j].kind != MEN_FOREIGN ||
                        (head_only &&
                         !named_in_head(m, alive, u, mu, n, j)) ||
                        foreign_subject(text, m, alive, first, last,
                                        u[k].start, j) ||
                        foreign_relative(text, m, alive, first, j) ||
                        foreign_anaphor_owns(m, alive, first, j))
                        continue;
                    size_t cf, cl;
                    clause_of(m, alive, first, last, j, &cf, &cl);
                    size_t s = side_for(text, m, alive, cf, cl, j,
                                        page_sv, n_fo), lo, hi;
                    if (s == (size_t)-1 ||
                        bound_elsewhere(text, m, alive, first, last, s, j) ||
                        same_enumeration(text, m, alive, first, last,
                                         s < j ? s : j, s < j ? j : s) ||
                        co_members(text, m, alive, first, last,
                                   s < j ? s : j, s < j ? j : s))
                        continue;
                    /* "Our twin towns are Vadstena in Sweden and
                     * Zella-Mehlis in Germany" on a page whose host no
                     * line names: both are members of the host's list,
                     * no partners of each other. */
                    if (own_first && m[s].start >= own_at &&
                        m[j].start >= own_at)
                        continue;
                    side_run(text, m, alive, cf, cl, s, &lo, &hi);
                    /* By the title's partnership, both places are the
                     * head's: visitors from Soroca "i Vilhelmina och
                     * Dorotea" under "Region Västerbotten – Soroca"
                     * pair no Dorotea. */
                    /* Sides coordinated with each other and a partner
                     * the page already paired with one of them ("Huddinge
                     * and Botkyrka …, and their partner communities
                     * Brovary and Obukhiv"): that pair, not every side
                     * with every partner. */
                    /* ... unless the partner closes the sides' own list
                     * ("Region Värmland, Hagfors kommun och Kisumu County
                     * i Kenya har enats om ...", P-5): each side pairs. */
                    bool one_list = hi < j && m[hi].end <= m[j].start &&
                                    coordinated(text, m[hi].end, m[j].start);
                    bool known = one_list;
                    for (size_t r = lo; r <= hi && lo < hi && !known; r++)
                        known = is_side(m, alive, r) &&
                                paired(m, v, np, r, j);
                    /* ... and a side of the clause the page already paired
                     * with the partner keeps it: "Kristianstad and nearby
                     * Bromölla have shared a plan, a model in the talks
                     * with Koszalin" after "Kristianstad and Koszalin
                     * signed" adds no Bromölla. */
                    for (size_t r = cf; r < cl && !known; r++)
                        known = r != s && is_side(m, alive, r) &&
                                strcmp(m[r].key, m[s].key) != 0 &&
                                paired(m, v, np, r, j);
                    /* By the paragraph's partnership word only, a side
                     * the paragraph paired with another partner takes no
                     * new one: the word was that pair's. */
                    for (size_t r = lo; r <= hi; r++)
                        if (is_side(m, alive, r) &&
                            (!head_only ||
                             named_in_head(m, alive, u, mu, n, r)) &&
                            (one_list || !known || paired(m, v, np, r, j)) &&
                            (t_u || !t_para ||
                             !paired_other_in_para(m, v, np, u, mu, r, j,
                                                   u[k].para)))
                            add_pair(a, m, &v, &np, &cap, r, j);
                }
            }
        } else if (n_sv && !n_fo && host_page != (size_t)-1 &&
                   (t_u || (u[k].list && list_t)) &&
                   (((n_sv == 1 || own_u) &&
                     (!sv_anaphor_u || host_anaphor_first)) ||
                    u[k].list)) {
            /* A page from the foreign side: "• Hörby, Sverige" under
             * "Faxe Kommune har fire venskabsbyer".  Two sides of a
             * sentence with a partnership word and no possessive are
             * partners of each other ("Tranemo har et tæt samarbejde med
             * nabokommunen Svenljunga", "The Swedish municipality also
             * cooperates with its neighbour Gothenburg"), not of the
             * host. */
            /* ... but a side the page paired with a partner of its own
             * ("Uman har et partnerskab med svenske Ödeshög") is not the
             * host's by a sentence naming no partner ("kommunalrådet i
             * Ödeshög ser frem til samarbejdet"). */
            for (size_t s = first; s < last; s++)
                if (is_side(m, alive, s) &&
                    (t_u || opens_line(text, u[k].line_start, m[s].start)) &&
                    !paired_other_in_para(m, v, np, u, mu, s, host_page,
                                          SIZE_MAX))
                    add_pair(a, m, &v, &np, &cap, s, host_page);
        } else if (n_sv == 1 && !n_fo && host_page == (size_t)-1 && t_u &&
                   anaphor_subj && !own_first && last_subj != (size_t)-1 &&
                   m[last_subj].kind == MEN_FOREIGN &&
                   u[mu[last_subj]].para == u[k].para) {
            /* "Førde: Sunnfjord kommune har fått ein ny samarbeidspartnar i
             * Sverige. Kommunestyret vedtok ein intensjonsavtale med
             * Lidköpings kommun": an anaphor opening the sentence after
             * one whose subject is a foreign place stands for that place,
             * and the sentence's one Swedish side is its partner.  A
             * dateline before the subject ("Førde: ") is not it. */
            size_t f = last_subj;
            for (size_t j = f + 1; j < n && mu[j] == mu[f]; j++)
                if (alive[j] && m[j].kind == MEN_FOREIGN) {
                    if (m[j].start == m[f].end + 2 && text[m[f].end] == ':')
                        f = j;
                    break;
                }
            for (size_t s = first; s < last; s++)
                if (is_side(m, alive, s))
                    add_pair(a, m, &v, &np, &cap, s, f);
        } else if (n_fo && !n_sv && host == (size_t)-1) {
            /* No side in the unit: a list item under a heading that names
             * one ("• Joensuu i Finland" under "Hudiksvalls vänorter"), or
             * a sentence about the side's own partner ("De reser till
             * sin partnerkommun Zugdidi"). */
            /* "kommunen", "sin partnerkommun": the page's own side (its
             * title, dateline), else the side named last. */
            size_t sv = !own_u ? list_sv
                      : page_sv != (size_t)-1 ? page_sv
                      : foreign_lang ? (size_t)-1 : last_sv;
            /* ... and where its head names a foreign place ("Asker og
             * Bromölla feirer vennskapet"), "Kommunen har også
             * vennskapsbyen P" is that host's, unless a dateline or
             * sender line names the Swedish side the page's own. */
            if (own_u && foreign_lang && head_foreign != (size_t)-1 &&
                !(sv != (size_t)-1 && m[sv].page))
                sv = (size_t)-1;
            /* On a page from the foreign side, "staden", "the city" is the
             * host: "Vid sidan av kedjan har staden ett eget vänortsavtal
             * med Ludza" on Jakobstad's page is Jakobstad's own partner,
             * no Swedish side's. */
            if (own_u && (!own_word || own_first || site_subj) &&
                host_page != (size_t)-1)
                sv = (size_t)-1;
            /* ... unless the anaphor is Swedish by its words ("har den
             * svenska kommunen även ett eget avtal med Haapsalu" on
             * Kristinestad's page): the Swedish side named last. */
            if (sv_anaphor_u && !fo_anaphor_u && last_sv != (size_t)-1)
                sv = last_sv;
            /* "Landkreisets samarbete med polska Powiat Gryfiński": the
             * foreign side's own partner, no Swedish side's. */
            if (fo_anaphor_u)
                sv = (size_t)-1;
            /* ... unless the sentence before, in its paragraph, opens
             * with a Swedish side the anaphor takes up: "Torsby lies in
             * Värmland. The municipality has its own Norwegian twin,
             * Åsnes" on Lindsborg's page. */
            if (own_u && anaphor_subj && !own_first &&
                last_subj != (size_t)-1 &&
                m[last_subj].kind == MEN_SWEDISH &&
                u[mu[last_subj]].para == u[k].para)
                sv = last_subj;
            /* "I grannkommunen Dals-Ed har politikerna valt en annan väg.
             * Där har budgeten för vänortsutbytet med Nissedal ökats": a
             * sentence opening with "there" speaks of the one Swedish side
             * of the sentence before it, not of the page's. */
            if (k > 0 && u[k - 1].para == u[k].para &&
                opens_there(text + u[k].start, u[k].end - u[k].start)) {
                size_t one = (size_t)-1;
                bool several = false;
                for (size_t i2 = first; i2-- > 0 && mu[i2] == k - 1;)
                    if (is_side(m, alive, i2)) {
                        several = several ||
                                  (one != (size_t)-1 &&
                                   strcmp(m[one].key, m[i2].key) != 0);
                        one = i2;
                    }
                if (one != (size_t)-1 && !several)
                    sv = one;
            }
            /* "Kommunen" stands for a municipality: on a region's page,
             * the municipality named last ("Mönsterås kommun är en av
             * tre pilotkommuner. Kommunen har ett vänortssamarbete med
             * Ķekava"). */
            if (own_u && muni_u && sv == page_sv && sv != (size_t)-1 &&
                m[sv].regional && last_sv != (size_t)-1 &&
                !m[last_sv].regional)
                sv = last_sv;
            /* The site's name on the first line ("Kerry County Council"
             * above "Killarney and Åre sign friendship agreement") is the
             * publisher, no item of a list, when the head names another
             * foreign place. */
            bool site_line = site != (size_t)-1 && mu[site] == k &&
                             head_other;
            /* An item whose line goes on past it: "Sillamäe, Estland
             * (1992–2008). Samarbetet gällde främst hamnfrågor ..." under
             * "Tidigare vänorter": a short first sentence that opens with
             * a place foreign by its form or country cue. */
            bool label_u = false;
            for (size_t j = first; j < last && !label_u; j++)
                if (alive[j] && m[j].kind == MEN_FOREIGN)
                    label_u = m[j].strong && u[k].start == u[k].line_start &&
                              opens_line(text, u[k].line_start, m[j].start) &&
                              label_text(text + u[k].start,
                                         u[k].end - u[k].start);
            /* "Vänorter: Teterow (Tyskland), Šilutė (Litauen)" in the
             * fact box headed "FAKTA: Borgholms kommun": a line whose
             * label is a trigger lists the box's side's partners. */
            bool box_u = false;
            for (size_t j = first; j < last && !box_u; j++)
                box_u = u[k].para == box_para && u[k].list &&
                        m[j].kind == MEN_TRIGGER &&
                        opens_line(text, u[k].line_start, m[j].start) &&
                        m[j].end < len && text[m[j].end] == ':';
            bool list_ok = (u[k].list || label_u) &&
                           (list_t || (t_head && !furniture) || box_u) &&
                           !site_line;
            own_u = own_u && t_u;
            /* "Nadvirna har omkring 20 000 invånare. Staden har sedan
             * tidigare ett samarbete med polska Krosno": an anaphor
             * opening the sentence after one whose subject is a foreign
             * place stands for that place. */
            bool foreign_anaphor = (anaphor_subj || site_subj) &&
                                   last_subj != (size_t)-1 &&
                                   m[last_subj].kind == MEN_FOREIGN &&
                                   u[mu[last_subj]].para == u[k].para;
            /* "På Kimitoön har inte alla varit positiva. … varför
             * kommunen inte satsar på samarbetet med grannkommunen Salo":
             * a plain anaphor whose paragraph named before it foreign
             * places only, not the unit's partner, stands for them
             * ("Kramfors avslutade samarbetet med ryska Kondopoga. Nu
             * skriver kommunen avtal med Pieksämäki" is Kramfors's). */
            if (own_u && !own_word && !sv_anaphor_u && !foreign_anaphor) {
                bool fo = false, sv_named = false;
                for (size_t i2 = first; i2-- > 0 &&
                                        u[mu[i2]].para == u[k].para;) {
                    if (!alive[i2] || m[i2].kind == MEN_TRIGGER)
                        continue;
                    if (m[i2].kind == MEN_SWEDISH) {
                        sv_named = true;
                        break;
                    }
                    bool partner = false;
                    for (size_t j = first; j < last && !partner; j++)
                        partner = alive[j] && m[j].kind == MEN_FOREIGN &&
                                  strcmp(m[j].key, m[i2].key) == 0;
                    fo = fo || !partner;
                }
                foreign_anaphor = fo && !sv_named;
            }
            if (sv != (size_t)-1 && (own_u || list_ok) && !foreign_anaphor)
                for (size_t j = first; j < last; j++)
                    if (alive[j] && m[j].kind == MEN_FOREIGN &&
                        (own_u || box_u ||
                         opens_line(text, u[k].line_start, m[j].start)) &&
                        !foreign_subject(text, m, alive, first, last,
                                         u[k].start, j))
                        add_pair(a, m, &v, &np, &cap, sv, j);
        }
        if (why)
            for (size_t j = first; j < last; j++)
                if (alive[j] && !why[j])
                    why[j] = m[j].kind == MEN_TRIGGER
                                 ? "a trigger, no pair in reach"
                             : n_fo && n_sv
                                 ? "no partnership trigger in its sentence, "
                                   "paragraph or heading"
                             : m[j].kind == MEN_FOREIGN
                                 ? "no Swedish side in its sentence, heading "
                                   "or page"
                                 : "no foreign partner in its sentence";
        mark_cross_product(m, v, np_unit, np);
        /* What later list lines inherit from a heading. */
        if (u[k].heading) {
            size_t hs = (size_t)-1;
            for (size_t s = first; s < last; s++)
                if (is_side(m, alive, s) &&
                    (hs == (size_t)-1 || (m[s].owner && !m[hs].owner)))
                    hs = s;
            /* "Hudiksvalls vänorter", "Vänorter – Falköpings kommun":
             * a heading names the side of the list below it when it
             * names a partnership too ("• Hörby, Sverige" on a Danish
             * town's list is an item, not a heading). */
            if (hs != (size_t)-1 && (t_u || u[k].head) &&
                !first_of_items(text, u, nu, k))
                list_sv = hs;
            /* "FAKTA: Borgholms kommun" over "Invånare: …" and
             * "Vänorter: …" lines: the side of its box (box_u), named by
             * the box's first line ("Grannkommuner: Borlänge, Falun"
             * further down names none). */
            if (hs != (size_t)-1 && !t_u && !u[k].head &&
                (k == 0 || u[k - 1].para != u[k].para) &&
                m[hs].start >= 2 && m[hs].start > u[k].line_start &&
                text[m[hs].start - 2] == ':' &&
                !memchr(text + u[k].line_start, ':',
                        m[hs].start - 2 - u[k].line_start)) {
                list_sv = hs;
                box_para = u[k].para;
            }
            /* "Fakta: Bornholms venskabsbyer": a heading naming a foreign
             * place's own partners heads a list of its partners, none of
             * the page's side. */
            for (size_t f = first; f < last && hs == (size_t)-1; f++)
                if (alive[f] && m[f].kind == MEN_FOREIGN && m[f].owner)
                    list_sv = (size_t)-1;
            if (t_u) {
                list_t = true;
                furniture = false;
            }
        }
        /* "Eksjö kommun har fyra vänorter." right above its list: the
         * sentence heads the list like a heading, when it names one side,
         * a partnership and no partner. */
        if (!u[k].heading && !u[k].list && host_page == (size_t)-1 &&
            t_u && n_sv == 1 && !n_fo &&
            list_below(text, u, nu, k))
            for (size_t s = first; s < last; s++)
                if (is_side(m, alive, s)) {
                    list_sv = s;
                    list_t = true;
                    furniture = false;
                }
        for (size_t s = first; s < last; s++)
            if (is_side(m, alive, s))
                last_sv = s;
        for (size_t s = first; s < last; s++)
            if (alive[s] && m[s].kind != MEN_TRIGGER) {
                if (opens_line(text, u[k].start, m[s].start))
                    last_subj = s;
                break;
            }
    }
    /* "En delegation från Oxelösund besökte Moshi. De två kommunerna har
     * samarbetat sedan 2022": a mutual trigger stands for the two places
     * its paragraph names before it (the paragraph before, when its own
     * names none), if they are one Swedish side and one foreign place
     * and no partnership is denied there, even where a location rule took
     * them for where something is. */
    for (size_t t = 0; t < n; t++) {
        if (!m[t].mutual || !alive[t])
            continue;
        size_t para = u[mu[t]].para, sv = (size_t)-1, fo = (size_t)-1;
        bool more = false, any = false;
        for (int pass = 0; pass < 2 && !any; pass++, para--) {
            for (size_t j = 0; j < t; j++) {
                if (u[mu[j]].para != para)
                    continue;
                /* "Liepāja är inte heller någon av Oskarshamns vänorter.
                 * Hamnarna i de två städerna har ett gemensamt
                 * EU-projekt": no pair where a partnership is denied. */
                more = more || m[j].negated || m[j].denied;
                if (m[j].kind == MEN_TRIGGER || m[j].location ||
                    !(alive[j] || located[j]))
                    continue;
                any = true;
                size_t *slot = m[j].kind == MEN_SWEDISH ? &sv : &fo;
                if (*slot == (size_t)-1)
                    *slot = j;
                else if (strcmp(m[*slot].key, m[j].key) != 0)
                    more = true;
            }
            if (para == 0)
                break;
        }
        if (!more && sv != (size_t)-1 && fo != (size_t)-1 &&
            !paired(m, v, np, sv, fo)) {
            alive[sv] = alive[fo] = true;
            add_pair(a, m, &v, &np, &cap, sv, fo);
        }
    }
    /* A partner the page says it has no partnership with ("Härnösand har
     * aldrig haft något avtal eller samarbete med Jinhua", "no agreement
     * with X", "ingen venskabsaftale med X") is no partner anywhere on the
     * page: nor by the rumour that sentence answers ("uppgifter om att
     * kommunen skulle ha ingått ett vänortsavtal med staden Jinhua"). */
    for (size_t t = 0; t < n; t++) {
        if (!m[t].negated)
            continue;
        size_t f = (size_t)-1;
        /* ... also one the denial of its sentence took out ("inga planer
         * på något vänortsavtal, varken med Wejherowo …"): no partner
         * elsewhere on the page either. */
        bool denied_u = false;
        for (size_t j = 0; j < n && !denied_u; j++)
            denied_u = mu[j] == mu[t] && m[j].denied;
        for (size_t j = t + 1; j < n && f == (size_t)-1 && mu[j] == mu[t];
             j++)
            if ((alive[j] || denied_u) &&
                m[j].kind != MEN_TRIGGER && !m[j].location && !m[j].word &&
                !m[j].person)
                f = j;
        if (f == (size_t)-1 || m[f].start < m[t].end ||
            !negated_with(text + m[t].end, m[f].start - m[t].end))
            continue;
        if (m[f].kind == MEN_SWEDISH) {
            /* "Der er ingen aftale med Växjö" on Hedensted's page: the
             * Swedish side it names has no partnership with a foreign
             * place of its sentence or, with none, with the page's own
             * (its host, the foreign place its head names, else the
             * first it names). */
            size_t fo = (size_t)-1;
            for (size_t j = 0; j < n && fo == (size_t)-1; j++)
                if (mu[j] == mu[t] && alive[j] && m[j].kind == MEN_FOREIGN)
                    fo = j;
            if (fo == (size_t)-1)
                fo = host_page != (size_t)-1 ? host_page
                   : site != (size_t)-1 ? site : head_foreign;
            /* ... not on the page of that side itself: "Läsö har en
             * vänort, som inte har något eget avtal med Storfors" on
             * Storfors' page speaks of no partner the page lists. */
            for (size_t j = 0; j < n && fo == (size_t)-1 &&
                               !(page_sv != (size_t)-1 &&
                                 strcmp(m[page_sv].key, m[f].key) == 0); j++)
                if (alive[j] && m[j].kind == MEN_FOREIGN)
                    fo = j;     /* the page's first foreign place */
            if (fo != (size_t)-1)
                np = drop_pairs(m, v, np, f, fo, why, true,
                                "a side the page says has no partnership");
            continue;
        }
        /* The side it speaks of: a Swedish place of its sentence
         * ("Strömstad er ikke vennskapskommune med Sandefjord" leaves
         * Tanum–Sandefjord alone), the last before the negation (its
         * clause's subject: "Sotenäs samarbetar med Munkedal och Tanum,
         * men de två grannkommunerna har inget vänortsavtal med
         * Salacgrīva" leaves Sotenäs–Salacgrīva alone), else the first
         * after it, else any (the page's own). */
        size_t side = (size_t)-1;
        for (size_t j = 0; j < n; j++)
            if (mu[j] == mu[t] && alive[j] && m[j].kind == MEN_SWEDISH &&
                (side == (size_t)-1 || m[j].start < m[t].start))
                side = j;
        np = drop_pairs(m, v, np, side, f, why, false,
                        "a partner the page says it has none with");
        /* ... and the places written after it as alternatives: "inga
         * egna avtal med vare sig Rendalen eller Fanø", "no agreement
         * with Tromsø or Bodø". */
        for (size_t g = f + 1, prev = f; g < n && mu[g] == mu[t]; g++) {
            if (!alive[g] || m[g].kind == MEN_TRIGGER ||
                m[g].start < m[prev].end)
                continue;
            if (m[g].kind != MEN_FOREIGN ||
                !alternative(text, m[prev].end, m[g].start))
                break;
            np = drop_pairs(m, v, np, side, g, why, false,
                            "a partner the page says it has none with");
            prev = g;
        }
    }
    np = drop_crossed(m, v, np, why);
    if (why)
        for (size_t k = 0; k < np; k++)
            why[v[k].sv] = why[v[k].foreign] = NULL;
    /* The scan's own arrays go back now (those of a long document are
     * blocks of their own, arena.h): resolve goes on with more. */
    arena_free(a, para_any);
    arena_free(a, para_t);
    arena_free(a, located);
    arena_free(a, mu);
    arena_free(a, alive);
    arena_free(a, m);
    arena_free(a, u);
    arena_free(a, starts);
    *out = v;
    return np;
}
