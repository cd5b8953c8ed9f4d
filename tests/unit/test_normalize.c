/*
 * test_normalize.c - unit tests for normalize.c: tables of input bytes and
 * the exact normalized bytes, line maps for LF, CRLF, CR and U+2028 input,
 * matching keys, and properties (NFC, idempotence, no mapped character
 * left) over every code point and over random strings.
 */
/* SPDX-License-Identifier: MIT */
#include "normalize.h"

#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include <utf8proc.h>

#include "arena.h"
#include "check.h"
#include "xalloc.h"

#define N(a) (sizeof(a) / sizeof((a)[0]))
/* A byte string literal and its length (it may contain NUL bytes). */
#define B(s) s, sizeof(s) - 1

struct text_case {
    const char *in;
    size_t in_len;
    const char *out;
    size_t out_len;
};

static const struct text_case text_cases[] = {
    {B(""), B("")},
    {B("abc"), B("abc")},
    /* Line ends. */
    {B("a\r\nb"), B("a\nb")},
    {B("a\rb\r"), B("a\nb\n")},
    {B("a\r\r\nb\n\r"), B("a\n\nb\n\n")},
    {B("a\xE2\x80\xA8" "b\xE2\x80\xA9" "c"), B("a\nb\nc")},
    /* White space. */
    {B("a\tb"), B("a  b")},   /* a tab parts cells: two spaces */
    {B("a\xC2\xA0" "b"), B("a b")},
    {B("10\xE2\x80\x89" "000"), B("10 000")},
    {B("x\xE3\x80\x80y"), B("x y")},
    {B("x\xE2\x80\xAFy\xE1\x9A\x80z\xE2\x81\x9Fw"), B("x y z w")},
    {B("x\xE2\x80\x80\xE2\x80\x81y"), B("x  y")},
    {B("x  two  spaces"), B("x  two  spaces")},
    /* Character references, from two on: decoded. */
    {B("&ndash; Vi &auml;r n&ouml;jda"), B("\xE2\x80\x93 Vi \xC3\xA4r n\xC3\xB6jda")},
    {B("&#8221;Hej&#x201D; &amp; R&D"), B("\"Hej\" & R&D")},
    {B("R&D och Q&A &amp; mer"), B("R&D och Q&A &amp; mer")},
    {B("a&#10;b &#0; &#xD800; &bogus;"), B("a&#10;b &#0; &#xD800; &bogus;")},
    /* A converter's "--" for a dash. */
    {B("-- Vi, sa hon -- och gick"), B("\xE2\x80\x93 Vi, sa hon \xE2\x80\x93 och gick")},
    {B("a--b --- c"), B("a--b --- c")},
    /* Markdown: the marks go, the text stays. */
    {B("## Tema"), B("Tema")},
    {B("**Svensk partner:** Falu kommun"), B("Svensk partner: Falu kommun")},
    {B("Se [ICLD](https://icld.se) och __Sida__."), B("Se ICLD och Sida.")},
    {B("> \xE2\x80\x93 Vi"), B("\xE2\x80\x93 Vi")},
    {B("#MethWeAreOnIt [1] (a) x]"), B("#MethWeAreOnIt [1] (a) x]")},
    {B("[text](no end"), B("[text](no end")},
    /* Indentation: the spaces that open a line go. */
    {B("  two  spaces  "), B("two  spaces")},
    /* Spaces that end a line go; a run of spaces in prose (a line of
     * PROSE_MIN bytes that ends a sentence) is one space; elsewhere a run
     * parts cells and menu items and stays. */
    {B("Vi \xC3\xA4r redo,  s\xC3\xA4ger\tAnna Berg i Ale.  Nu.  \n"),
     B("Vi \xC3\xA4r redo, s\xC3\xA4ger Anna Berg i Ale. Nu.\n")},
    {B("\"Vi \xC3\xA4r redo  f\xC3\xB6r det h\xC3\xA4r nu.\""),
     B("\"Vi \xC3\xA4r redo f\xC3\xB6r det h\xC3\xA4r nu.\"")},
    {B("S\xC3\xB8k   Meny   Nynorsk   Logg inn   Kontakt oss"),
     B("S\xC3\xB8k   Meny   Nynorsk   Logg inn   Kontakt oss")},
    {B("Kolding  Danmark  www.kolding.dk  sedan 1946"),
     B("Kolding  Danmark  www.kolding.dk  sedan 1946")},
    {B("a  b."), B("a  b.")},
    {B("a\n\t\xC2\xA0" "b\n  \n"), B("a\nb\n\n")},
    /* Invisible characters. */
    {B("Stock\xC2\xADholm"), B("Stockholm")},
    {B("a\xE2\x80\x8B" "b\xE2\x80\x8C" "c\xE2\x80\x8D" "d"), B("abcd")},
    {B("a\xE2\x81\xA0" "b\xEF\xBB\xBF" "c\xE2\x80\x8E" "d"), B("abcd")},
    {B("\xEF\xBB\xBFtext"), B("text")},
    /* Controls other than LF. */
    {B("a\x01" "b\x1F" "c\x7F" "d\x0B" "e\x0C" "f"), B("abcdef")},
    {B("a\0b"), B("ab")},
    {B("a\xC2\x80" "b\xC2\x85" "c\xC2\x9F" "d"), B("abcd")},
    /* Dashes and hyphens. */
    {B("\xE2\x80\x92\xE2\x80\x93\xE2\x80\x94\xE2\x80\x95\xE2\x88\x92"),
     B("\xE2\x80\x93\xE2\x80\x93\xE2\x80\x93\xE2\x80\x93\xE2\x80\x93")},
    {B("a\xE2\x80\x90" "b\xE2\x80\x91" "c-d"), B("a-b-c-d")},
    /* Quotes. */
    {B("\xE2\x80\x9C" "a\xE2\x80\x9D \xE2\x80\x9E" "b\xE2\x80\x9F "
       "5\xE2\x80\xB3"), B("\"a\" \"b\" 5\"")},
    {B("\xE2\x80\x98" "a\xE2\x80\x99 \xE2\x80\x9A" "b\xE2\x80\x9B "
       "5\xE2\x80\xB2"), B("'a' 'b' 5'")},
    {B("\xC2\xAB" "a\xC2\xBB \xE2\x80\xB9" "b\xE2\x80\xBA"),
     B("\xC2\xAB" "a\xC2\xBB \xE2\x80\xB9" "b\xE2\x80\xBA")},
    /* NFC. */
    {B("a\xCC\x8A"), B("\xC3\xA5")},
    {B("A\xCC\x8A" "ngstr\xC3\xB6m"), B("\xC3\x85ngstr\xC3\xB6m")},
    {B("e\xCC\x81"), B("\xC3\xA9")},
    {B("\xE2\x84\xAB"), B("\xC3\x85")},
    {B("a\xE2\x80\x8B\xCC\x8A"), B("\xC3\xA5")},
    {B("a\xC2\xAD\xCC\x8A"), B("\xC3\xA5")},
    {B("a\r\n\xCC\x8A"), B("a\n\xCC\x8A")},
    {B("a\xE2\x80\xA8\xCC\x8A"), B("a\n\xCC\x8A")},
    {B("\xE0\xA5\x98"), B("\xE0\xA4\x95\xE0\xA4\xBC")},
    {B("\xE1\x84\x80\xE1\x85\xA1"), B("\xEA\xB0\x80")},
    {B("q\xCC\xA3\xCC\x87"), B("q\xCC\xA3\xCC\x87")},
    {B("q\xCC\x87\xCC\xA3"), B("q\xCC\xA3\xCC\x87")},
    {B("\xE2\x80\x93\xCC\x81"), B("\xE2\x80\x93\xCC\x81")},
    /* Kept as they are. */
    {B("G\xC3\xA5 h\xC3\xA4r \xC3\xB6 \xE2\x82\xAC \xE2\x80\xA6"),
     B("G\xC3\xA5 h\xC3\xA4r \xC3\xB6 \xE2\x82\xAC \xE2\x80\xA6")},
    {B("x \xF0\x9F\x98\x80 \xEF\xBF\xBD \xEE\x80\x80"),
     B("x \xF0\x9F\x98\x80 \xEF\xBF\xBD \xEE\x80\x80")},
    /* Emoji open and close a post's lines: they go there, not inside. */
    {B("\xF0\x9F\x87\xB8\xF0\x9F\x87\xAA\xF0\x9F\xA4\x9D I dag (S) "
       "\xF0\x9F\x92\x99\xF0\x9F\x92\x9B\n\xE2\x9C\x85\xEF\xB8\x8F\n"
       "  Hej \xF0\x9F\x8C\x8D d\xC2\xA9 \xE2\x96\xAA"),
     B("I dag (S)\n\nHej \xF0\x9F\x8C\x8D d\xC2\xA9 \xE2\x96\xAA")},
    /* Invalid UTF-8 (a caller bug) becomes U+FFFD, byte by byte. */
    {B("a\xFF" "b"), B("a\xEF\xBF\xBD" "b")},
    {B("a\xE2\x82"), B("a\xEF\xBF\xBD\xEF\xBF\xBD")},
    {B("\xED\xA0\x80"), B("\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD")},
    {B("\xC0\xAF\r\n"), B("\xEF\xBF\xBD\xEF\xBF\xBD\n")},
};

static void check_text_cases(struct arena *a)
{
    for (size_t i = 0; i < N(text_cases); i++) {
        const struct text_case *c = &text_cases[i];
        struct norm_text nt = {0};
        norm_text(a, c->in, c->in_len, &nt);
        CHECK_MEMEQ(nt.s, nt.len, c->out, c->out_len, c->in);
        CHECK(nt.s[nt.len] == '\0');
        CHECK(nt.n_lines >= 1);
        arena_reset(a);
    }
}

struct line_case {
    const char *in;
    size_t in_len;
    size_t n_lines;
    struct norm_line lines[5];
};

static const struct line_case line_cases[] = {
    {B(""), 1, {{0, 0, 1}}},
    {B("one line"), 1, {{0, 0, 1}}},
    {B("a\nbc\n"), 3, {{0, 0, 1}, {2, 2, 2}, {5, 5, 3}}},
    {B("a\r\nbc\r\n"), 3, {{0, 0, 1}, {2, 3, 2}, {5, 7, 3}}},
    {B("a\rbc\r\rd"), 4, {{0, 0, 1}, {2, 2, 2}, {5, 5, 3}, {6, 6, 4}}},
    {B("a\nb\r\nc\rd"), 4, {{0, 0, 1}, {2, 2, 2}, {4, 5, 3}, {6, 7, 4}}},
    {B("x\xE2\x80\xA8y\nz"), 3, {{0, 0, 1}, {2, 4, 1}, {4, 6, 2}}},
    {B("\xC2\xA0\xC2\xA0" "a\r\nb\xC2\xAD" "c\rd"), 3,
     {{0, 0, 1}, {2, 7, 2}, {5, 12, 3}}},
    {B("\xEF\xBB\xBF\r\n\r\n"), 3, {{0, 0, 1}, {1, 5, 2}, {2, 7, 3}}},
};

static void check_line_cases(struct arena *a)
{
    for (size_t i = 0; i < N(line_cases); i++) {
        const struct line_case *c = &line_cases[i];
        struct norm_text nt = {0};
        norm_text(a, c->in, c->in_len, &nt);
        CHECK(nt.n_lines == c->n_lines);
        for (size_t k = 0; k < c->n_lines && k < nt.n_lines; k++) {
            const struct norm_line *got = &nt.lines[k];
            const struct norm_line *want = &c->lines[k];
            CHECK(got->off == want->off);
            CHECK(got->src_off == want->src_off);
            CHECK(got->src_line == want->src_line);
            if (got->off != want->off || got->src_off != want->src_off ||
                got->src_line != want->src_line)
                fprintf(stderr, "  line_cases[%zu] line %zu: got "
                        "{%zu, %zu, %u}\n", i, k, got->off, got->src_off,
                        (unsigned)got->src_line);
        }
        arena_reset(a);
    }
}

struct offset_case {
    const char *in;
    size_t in_len;
    size_t off;
    size_t index;
    uint32_t src_line;
};

static const struct offset_case offset_cases[] = {
    {B(""), 0, 0, 1},
    {B(""), 7, 0, 1},
    /* "a\nbc\n" */
    {B("a\r\nbc\r\n"), 0, 0, 1},
    {B("a\r\nbc\r\n"), 1, 0, 1},
    {B("a\r\nbc\r\n"), 2, 1, 2},
    {B("a\r\nbc\r\n"), 4, 1, 2},
    {B("a\r\nbc\r\n"), 5, 2, 3},
    {B("a\r\nbc\r\n"), 100, 2, 3},
    /* "a\nbc\n\nd" */
    {B("a\rbc\r\rd"), 3, 1, 2},
    {B("a\rbc\r\rd"), 4, 1, 2},
    {B("a\rbc\r\rd"), 5, 2, 3},
    {B("a\rbc\r\rd"), 6, 3, 4},
    /* "x\ny\nz": the line after U+2028 is still line 1 of the file */
    {B("x\xE2\x80\xA8y\nz"), 2, 1, 1},
    {B("x\xE2\x80\xA8y\nz"), 4, 2, 2},
    /* "p\n\n\n...\nq": many lines, binary search */
    {B("p\n\n\n\n\n\n\n\n\n\n\n\n\n\n\n\n\n\n\n\nq"), 20, 19, 20},
    {B("p\n\n\n\n\n\n\n\n\n\n\n\n\n\n\n\n\n\n\n\nq"), 9, 8, 9},
    {B("p\n\n\n\n\n\n\n\n\n\n\n\n\n\n\n\n\n\n\n\nq"), 21, 20, 21},
};

static void check_offset_cases(struct arena *a)
{
    for (size_t i = 0; i < N(offset_cases); i++) {
        const struct offset_case *c = &offset_cases[i];
        struct norm_text nt = {0};
        norm_text(a, c->in, c->in_len, &nt);
        CHECK(norm_line_index(&nt, c->off) == c->index);
        CHECK(norm_src_line(&nt, c->off) == c->src_line);
        arena_reset(a);
    }
    struct norm_text zero = {0};
    CHECK(norm_src_line(&zero, 3) == 0);
}

/* A long text: each line's offsets and src_line, found again by offset. */
/* Runs of ASCII are read eight bytes at a time: a control character, DEL,
 * a tab, a line break or a non-ASCII letter at every position of a long
 * line must still be seen. */
static void check_ascii_runs(struct arena *a)
{
    static const struct {
        const char *in, *out;
    } odd[] = {
        {"\x01", ""}, {"\x7F", ""}, {"\t", "  "}, {"\xC2\xA0", " "},
        {"\xC2\xAD", ""}, {"\xC3\xA5", "\xC3\xA5"},
        {"\xE2\x80\x94", "\xE2\x80\x93"}, {"\n", "\n"},
    };
    bool ok = true;
    for (size_t k = 0; k < N(odd) && ok; k++)
        for (size_t at = 0; at < 20 && ok; at++) {
            char in[64], want[64];
            if (at == 0 && odd[k].out[0] == ' ')
                continue;       /* indentation: removed */
            snprintf(in, sizeof in, "%.*s%s%.*s", (int)at,
                     "abcdefghijklmnopqrstuvwxyz", odd[k].in, (int)(20 - at),
                     "ABCDEFGHIJKLMNOPQRSTUVWXYZ");
            snprintf(want, sizeof want, "%.*s%s%.*s", (int)at,
                     "abcdefghijklmnopqrstuvwxyz", odd[k].out, (int)(20 - at),
                     "ABCDEFGHIJKLMNOPQRSTUVWXYZ");
            struct norm_text nt = {0};
            norm_text(a, in, strlen(in), &nt);
            ok = strcmp(nt.s, want) == 0;
            if (!ok)
                fprintf(stderr, "  ascii run: \"%s\" -> \"%s\", want \"%s\"\n",
                        in, nt.s, want);
        }
    CHECK(ok);
    arena_reset(a);
}

/* s without the spaces that open or end its lines (what norm_text()
 * removes). */
static void unindent(char *s)
{
    char *w = s;
    bool bol = true;
    for (const char *r = s; *r; r++) {
        if (bol && *r == ' ')
            continue;
        /* ... nor the spaces that end it */
        if (*r == ' ' && r[strspn(r, " ")] == '\n')
            continue;
        if (*r == ' ' && !r[strspn(r, " ")])
            continue;
        bol = *r == '\n';
        *w++ = *r;
    }
    *w = '\0';
}

static void check_many_lines(struct arena *a)
{
    char *src = xmalloc(3000 * 4);
    size_t len = 0;
    struct norm_text nt = {0};
    bool ok = true;

    for (size_t i = 0; i < 3000; i++) {
        const char *eol = i % 3 == 0 ? "\r\n" : i % 3 == 1 ? "\r" : "\n";
        src[len++] = (char)('a' + i % 26);
        memcpy(src + len, eol, strlen(eol));
        len += strlen(eol);
    }
    norm_text(a, src, len, &nt);
    CHECK(nt.n_lines == 3001);
    for (size_t i = 0; i < 3000 && ok; i++) {
        ok = nt.lines[i].off == 2 * i && nt.lines[i].src_line == i + 1 &&
             src[nt.lines[i].src_off] == nt.s[nt.lines[i].off] &&
             norm_line_index(&nt, 2 * i) == i &&
             norm_line_index(&nt, 2 * i + 1) == i &&
             norm_src_line(&nt, 2 * i + 1) == i + 1;
    }
    CHECK(ok);
    free(src);
    arena_reset(a);

    /* Lines with other text than ASCII (the terminator search then runs on
     * a word at a time), a dash (0xE2, as U+2028 starts) at every place,
     * and all five terminators. */
    static const char *const eols[] = {"\r\n", "\r", "\n", "\xE2\x80\xA8",
                                       "\xE2\x80\xA9"};
    src = xmalloc(500 * 40);
    len = 0;
    for (size_t i = 0; i < 500; i++) {
        memcpy(src + len, "\xC3\xA5", 2);        /* å */
        len += 2;
        for (size_t k = 0; k < i % 13; k++)
            src[len++] = k == i % 7 ? '-' : 'x';
        if (i % 5 == 1) {
            memcpy(src + len, "\xE2\x80\x93y", 4);     /* – */
            len += 4;
        }
        memcpy(src + len, eols[i % 5], strlen(eols[i % 5]));
        len += strlen(eols[i % 5]);
    }
    norm_text(a, src, len, &nt);
    CHECK(nt.n_lines == 501);
    ok = true;
    /* (U+2028 and U+2029 end a line of text, not a line of the file.) */
    for (size_t i = 0, line = 1; i < 500 && ok; line += i++ % 5 < 3)
        ok = nt.lines[i].src_line == line &&
             memcmp(nt.s + nt.lines[i].off, "\xC3\xA5", 2) == 0 &&
             memcmp(src + nt.lines[i].src_off, "\xC3\xA5", 2) == 0;
    CHECK(ok);
    free(src);
    arena_reset(a);
}

/* True if cp may not appear in normalized text. */
static bool forbidden(utf8proc_int32_t cp)
{
    static const utf8proc_int32_t mapped[] = {
        0x09, 0x0D, 0xA0, 0xAD, 0x200B, 0x200C, 0x200D, 0x2010, 0x2011,
        0x2012, 0x2014, 0x2015, 0x2018, 0x2019, 0x201A, 0x201B, 0x201C,
        0x201D, 0x201E, 0x201F, 0x2028, 0x2029, 0x2032, 0x2033, 0x2060,
        0x2212, 0xFEFF,
    };
    utf8proc_category_t c = utf8proc_category(cp);

    for (size_t i = 0; i < N(mapped); i++) {
        if (cp == mapped[i])
            return true;
    }
    if (cp == '\n' || cp == ' ')
        return false;
    return c == UTF8PROC_CATEGORY_CC || c == UTF8PROC_CATEGORY_CF ||
           c == UTF8PROC_CATEGORY_ZS;
}

/* Normalized text is valid UTF-8 in NFC, has no character the mapping
 * changes, and normalizes to itself. */
static bool is_normal(struct arena *a, const struct norm_text *nt)
{
    const utf8proc_uint8_t *s = (const utf8proc_uint8_t *)nt->s;
    utf8proc_uint8_t *nfc = NULL;
    struct norm_text again = {0};
    bool ok = strlen(nt->s) == nt->len;

    for (size_t i = 0; ok && i < nt->len;) {
        utf8proc_int32_t cp;
        utf8proc_ssize_t k = utf8proc_iterate(s + i,
                                              (utf8proc_ssize_t)(nt->len - i),
                                              &cp);
        ok = k > 0 && !forbidden(cp);
        i += k > 0 ? (size_t)k : 1;
    }
    if (!ok)
        return false;
    nfc = utf8proc_NFC(s);
    ok = nfc && strcmp((const char *)nfc, nt->s) == 0;
    free(nfc);
    norm_text(a, nt->s, nt->len, &again);
    return ok && again.len == nt->len && memcmp(again.s, nt->s, nt->len) == 0;
}

/* Every code point once, in order (so each follows its predecessor). */
static void check_all_code_points(struct arena *a)
{
    char *src = xmalloc(0x110000 * 4);
    size_t len = 0;
    struct norm_text nt = {0};

    for (utf8proc_int32_t cp = 1; cp < 0x110000; cp++) {
        if (cp >= 0xD800 && cp <= 0xDFFF)
            continue;
        len += (size_t)utf8proc_encode_char(cp, (utf8proc_uint8_t *)src +
                                            len);
    }
    norm_text(a, src, len, &nt);
    CHECK(is_normal(a, &nt));
    free(src);
    arena_reset(a);
}

/* Random strings over characters that interact: bases, combining marks,
 * removed and mapped characters, line ends, Hangul jamo. */
static void check_random(struct arena *a)
{
    static const char *const alphabet[] = {
        "a", "A", "e", "\xC3\xA5", "\xC3\xA9", "\xCC\x8A", "\xCC\x81",
        "\xCC\xA3", "\xE2\x80\x8B", "\xC2\xAD", "\t", "\r", "\n",
        "\xE2\x80\xA8", "\xE2\x80\x9C", "\xE2\x88\x92", "\xC2\xA0",
        "\xE2\x84\xAB", "\xE1\x84\x80", "\xE1\x85\xA1", "\xE1\x86\xA8",
        "\xE0\xA5\x98", "\xE2\x80\x80", "\x01", "\xFF", "\xE2\x82\xAC",
    };
    unsigned long seed = 12345;
    bool ok = true;

    for (int round = 0; round < 3000 && ok; round++) {
        char src[16 * 4];
        size_t len = 0;
        size_t n;
        struct norm_text nt = {0};
        seed = seed * 6364136223846793005u + 1442695040888963407u;
        n = (size_t)(seed >> 33) % 16;
        for (size_t i = 0; i < n; i++) {
            seed = seed * 6364136223846793005u + 1442695040888963407u;
            const char *c = alphabet[(seed >> 33) % N(alphabet)];
            memcpy(src + len, c, strlen(c));
            len += strlen(c);
        }
        norm_text(a, src, len, &nt);
        ok = is_normal(a, &nt);
        if (!ok)
            fprintf(stderr, "  random round %d: \"%.*s\"\n", round,
                    (int)len, src);
        arena_reset(a);
    }
    CHECK(ok);
}

/* Random strings of characters the mapping keeps: the result must be
 * exactly utf8proc's NFC of the whole text, though norm_text() sends only
 * the stretches around non-inert characters through utf8proc. */
static void check_random_nfc(struct arena *a)
{
    static const char *const alphabet[] = {
        "a", "e", "o", " ", "\n", "\xC3\xA5", "\xC3\xA9", "\xC3\xB6",
        "\xCC\x8A", "\xCC\x81", "\xCC\xA3", "\xCC\x88", "\xE2\x84\xAB",
        "\xE1\x84\x80", "\xE1\x85\xA1", "\xE1\x86\xA8",
        "\xEA\xB0\x80", "\xE0\xA5\x98", "\xE0\xA4\x95",
        "\xE0\xA4\xBC", "\xC5\x8D", "\xE2\x82\xAC", "\xCE\x91",
        "\xCD\x85", "\xE1\xBE\xB3",
    };
    unsigned long seed = 99;
    bool ok = true;

    for (int round = 0; round < 5000 && ok; round++) {
        char src[40 * 4 + 1];
        size_t len = 0;
        struct norm_text nt = {0};
        seed = seed * 6364136223846793005u + 1442695040888963407u;
        size_t n = (size_t)(seed >> 33) % 40;
        for (size_t i = 0; i < n; i++) {
            seed = seed * 6364136223846793005u + 1442695040888963407u;
            const char *c = alphabet[(seed >> 33) % N(alphabet)];
            memcpy(src + len, c, strlen(c));
            len += strlen(c);
        }
        src[len] = '\0';
        norm_text(a, src, len, &nt);
        utf8proc_uint8_t *want = utf8proc_NFC((const utf8proc_uint8_t *)src);
        if (want)
            unindent((char *)want);
        ok = want && strcmp((const char *)want, nt.s) == 0;
        if (!ok)
            fprintf(stderr, "  nfc round %d: \"%s\" -> \"%s\", want \"%s\"\n",
                    round, src, nt.s, want ? (const char *)want : "?");
        free(want);
        arena_reset(a);
    }
    CHECK(ok);
}

struct key_case {
    const char *in;
    size_t in_len;
    const char *key;
};

static const struct key_case key_cases[] = {
    {B("Gra\xC4\x8D" "anica"), "gracanica"},
    {B("Gracanica"), "gracanica"},
    {B("V\xD1\x96nnytsia"), "vinnytsia"},
    {B("Vinnytsia"), "vinnytsia"},
    {B("V\xC3\xA4ster\xC3\xA5s  Stad"), "vasteras stad"},
    {B("VASTERAS STAD"), "vasteras stad"},
    /* A letter that decomposes or folds to a separator loses it: U+1FEF
     * GREEK VARIA is '`', U+0149 folds to U+02BC n. */
    {B("a\xE1\xBF\xAF" "b \xC5\x89"), "ab n"},
    {B("\xCE\xB1\xE1\xBF\xAF"), "\xCE\xB1"},
    /* All Cyrillic: romanized as Ukraine's national system does, soft
     * sign dropped, so the Cyrillic and the Latin name share a key. */
    {B("\xD0\x9A\xD0\xB8\xD1\x97\xD0\xB2"), "kyiv"},
    {B("\xD0\x9A\xD0\x98\xD0\x87\xD0\x92"), "kyiv"},
    {B("\xD0\x9A\xD0\xBE\xD0\xB2\xD0\xB5\xD0\xBB\xD1\x8C"), "kovel"},
    {B("\xD0\x96\xD0\xB8\xD1\x82\xD0\xBE\xD0\xBC\xD0\xB8\xD1\x80"),
     "zhytomyr"},
    /* Homoglyphs go per word. */
    {B("\xD0\x9A\xD0\xB8\xD1\x97\xD0\xB2 V\xD1\x96nnytsia"),
     "kyiv vinnytsia"},
    {B("\xD0\xA1hicago"), "chicago"},
    {B("\xD0\x9C\xD0\xBE" "scow"), "moscow"},
    {B("\xCE\x91thens"), "athens"},
    {B("\xCE\x91\xCE\xB8\xCE\xAE\xCE\xBD\xCE\xB1"),
     "\xCE\xB1\xCE\xB8\xCE\xB7\xCE\xBD\xCE\xB1"},
    /* Separators. */
    {B("  Jean-Paul\xE2\x80\x99s  "), "jean paul s"},
    {B("Al-Q\xC4\x81'ida"), "al qa ida"},
    {B("Mother\xE2\x80\x93in \xE2\x80\x94 law"), "mother in law"},
    {B("New\xC2\xA0York\tCity\nNY"), "new york city ny"},
    {B("a \xE2\x88\x92 b\xE2\x80\x90" "c"), "a b c"},
    {B(" - ' \xE2\x80\x93 "), ""},
    {B(""), ""},
    /* Case folding beyond ASCII. */
    {B("Stra\xC3\x9F" "e"), "strasse"},
    {B("STRASSE"), "strasse"},
    {B("\xC3\x85\xC3\x84\xC3\x96"), "aao"},
    {B("\xC4\xB0stanbul"), "istanbul"},
    /* Invisible characters vanish without splitting the word. */
    {B("Stock\xC2\xADholm"), "stockholm"},
    {B("a\xE2\x80\x8B" "b"), "ab"},
    /* A lone mark between separators leaves no double space. */
    {B("a - \xCC\x88 - b"), "a b"},
    /* Invalid UTF-8 becomes U+FFFD. */
    {B("a\xFF" "b"), "a\xEF\xBF\xBD" "b"},
};

static void check_keys(struct arena *a)
{
    for (size_t i = 0; i < N(key_cases); i++) {
        const struct key_case *c = &key_cases[i];
        size_t len = 99;
        const char *k = norm_key(a, c->in, c->in_len, &len);
        CHECK_STREQ(k, c->key);
        CHECK(len == strlen(c->key));
    }
    CHECK_STREQ(norm_key(a, "X", 1, NULL), "x");
    arena_reset(a);

    /* Keys of ASCII and Latin-1 text take a shortcut; it must agree with
     * the general path, which the same text followed by " é" takes. */
    static const char *const alpha[] = {
        "a", "Z", "q", "9", " ", "-", "'", "`", ".", "(", "_", ":", "\t",
        "\n", "\r", "\xC3\x85", "\xC3\xA4", "\xC3\x96", "\xC3\x9F",
        "\xC3\xB8", "\xC3\xA9", "\xC3\x97", "\xC3\xBF", "\xC3\x80",
        "\xC4\x8D", "\xC5\x81", "\xC4\xB0", "\xC4\xB1", "\xC5\x89",
        "\xC5\xBF", "\xC4\x90", "\xC5\x92", "\xC5\xBD", "\xC4\x80",
    };
    unsigned long seed = 7;
    bool ok = true;
    for (int round = 0; round < 3000 && ok; round++) {
        char s[64];
        seed = seed * 6364136223846793005u + 1442695040888963407u;
        size_t m = (size_t)(seed >> 33) % 24, n = 0;
        for (size_t i = 0; i < m; i++) {
            seed = seed * 6364136223846793005u + 1442695040888963407u;
            const char *c = alpha[(seed >> 33) % N(alpha)];
            memcpy(s + n, c, strlen(c));
            n += strlen(c);
        }
        memcpy(s + n, " \xCE\xA9", 4);      /* Greek: not plain */
        size_t kl, gl;
        const char *k = norm_key(a, s, n, &kl);
        const char *g = norm_key(a, s, n + 3, &gl);
        const char *want = arena_printf(a, "%s%s\xCF\x89", k, *k ? " " : "");
        ok = strcmp(g, want) == 0 && kl == strlen(k);
        if (!ok)
            fprintf(stderr, "  ascii key of \"%.*s\": \"%s\", general "
                    "path \"%s\"\n", (int)n, s, k, g);
    }
    CHECK(ok);
    /* Every Cyrillic letter the fast path takes, in a word and alone:
     * the same key as the general path (forced by a Greek word). */
    for (unsigned cp = 0x400; cp < 0x480 && ok; cp++) {
        char s[16] = {'(', (char)(0xC0 | cp >> 6), (char)(0x80 | (cp & 0x3F)),
                      (char)0xD0, (char)0xB0};
        for (size_t at = 0; at < 2 && ok; at++) {
            size_t n = 5 - at;
            memcpy(s + 5, " \xCE\xA9", 4);
            const char *k = norm_key(a, s + at, n, NULL);
            const char *g = norm_key(a, s + at, n + 3, NULL);
            ok = strcmp(g, arena_printf(a, "%s%s\xCF\x89", k,
                                        *k ? " " : "")) == 0;
            if (!ok)
                fprintf(stderr, "  key of U+%04X: \"%s\", general path "
                        "\"%s\"\n", cp, k, g);
        }
    }
    CHECK(ok);
    /* Every letter of Latin Extended-A, in a word and alone. */
    for (unsigned cp = 0x100; cp < 0x180 && ok; cp++) {
        char s[16] = {'x', (char)(0xC0 | cp >> 6), (char)(0x80 | (cp & 0x3F))};
        for (size_t at = 0; at < 2 && ok; at++) {
            size_t n = 3 - at;
            memcpy(s + 3, " \xCE\xA9", 4);
            const char *k = norm_key(a, s + at, n, NULL);
            const char *g = norm_key(a, s + at, n + 3, NULL);
            ok = strcmp(g, arena_printf(a, "%s \xCF\x89", k)) == 0;
            if (!ok)
                fprintf(stderr, "  key of U+%04X: \"%s\", general path "
                        "\"%s\"\n", cp, k, g);
        }
    }
    CHECK(ok);
    arena_reset(a);
}

/* A text wrapped at a width has its forced breaks joined; a text of short
 * lines, a label after a long line, a dash or a bullet keeps its breaks. */
static void check_unwrap(struct arena *a)
{
    static const char *const wrapped =
        "Kommunen och Kolomyia har under flera år arbetat med frågor om\n"
        "vatten, avlopp och hur invånarna kan vara med och påverka de beslut\n"
        "som fattas. Under våren besökte en delegation från Kolomyia Falun\n"
        "och träffade politiker, tjänstepersoner och elever på gymnasiet som\n"
        "berättade om sina erfarenheter av ungdomsråd och medborgarbudget i\n"
        "kommunen. Besöket avslutades med en workshop om medborgardialog.\n"
        "– Vi lärde oss mycket, säger Anna Berg.\n"
        "Etiketter: vatten, demokrati\n";
    struct norm_text nt = {0};
    norm_text(a, wrapped, strlen(wrapped), &nt);
    CHECK(nt.n_lines == 4);     /* one paragraph, the dash, the label, "" */
    CHECK(strstr(nt.s, "frågor om vatten, avlopp") != NULL);
    CHECK(strstr(nt.s, "medborgardialog.\n– Vi") != NULL);
    CHECK(strstr(nt.s, "Anna Berg.\nEtiketter:") != NULL);
    CHECK(nt.lines[1].src_line == 7);
    arena_reset(a);

    /* A lower-case word before a colon continues the sentence; a line
     * far from the width ends where a long lower-case word did not fit. */
    static const char *const colon_long =
        "Kommunen och Kolomyia har under flera år arbetat med frågor om\n"
        "vatten, avlopp och hur invånarna kan vara med och påverka de beslut\n"
        "som fattas. Grace Wanjiru, utbildningschef i Nyeri, kommenterar\n"
        "partnerskapet: \"Vi vill att fler unga ska kunna stanna här och\n"
        "starta något eget\", sa hon om att Jakobstads\n"
        "stadsstyrelseordförande Johanna Kull deltog vid mötet i maj och\n"
        "berättade om sina erfarenheter av ungdomsråd och medborgarbudget.\n"
        "Besöket avslutades med en workshop om medborgardialog i stadshuset.\n";
    norm_text(a, colon_long, strlen(colon_long), &nt);
    CHECK(nt.n_lines == 2);
    CHECK(strstr(nt.s, "kommenterar partnerskapet: ") != NULL);
    CHECK(strstr(nt.s, "Jakobstads stadsstyrelseordförande") != NULL);
    arena_reset(a);

    /* A word the wrapping hyphenated is whole again; a capital or an
     * acronym keeps its hyphen, a conjunction its hyphen and space. */
    static const char *const hyphens =
        "Kommunen och Kolomyia har under flera år arbetat med frågor om finan-\n"
        "sieringen av vatten, avlopp och hur invånarna i kommunerna ska påverka\n"
        "besluten som fattas. Under hösten besökte kommunens nya direktör Hans-\n"
        "Åke Lindell och kultur- och fritidsnämndens ordförande ett nytt ICLD-\n"
        "projekt i Kolomyia där kultur- och fritidsförvaltningen har en ny kultur-\n"
        "och fritidsplan som beskriver hur invånarna kan vara med och påverka.\n";
    norm_text(a, hyphens, strlen(hyphens), &nt);
    CHECK(nt.n_lines == 2);
    CHECK(strstr(nt.s, "om finansieringen av") != NULL);
    CHECK(strstr(nt.s, "direktör Hans-Åke Lindell") != NULL);
    CHECK(strstr(nt.s, "ett nytt ICLD-projekt") != NULL);
    CHECK(strstr(nt.s, "en ny kultur- och fritidsplan") != NULL);
    CHECK(nt.len == strlen(nt.s));
    arena_reset(a);

    /* In a text with blank lines between its paragraphs, a quotation
     * mark the width put first on a line continues the paragraph; after a
     * colon it stays on its line. */
    static const char *const quote_lines =
        "Kommunen och Kolomyia har under flera år arbetat med frågor om\n"
        "vatten, avlopp och hur invånarna kan vara med och påverka besluten.\n"
        "\"Vi har lärt oss mycket av varandra\", sa kommunalrådet Anna Berg.\n"
        "\"Nästa år kommer en grupp från Kolomyia hit, och då ska vi visa dem\n"
        "hur vi arbetar med medborgardialog i kommunen\", sa Berg som var nöjd\n"
        "med besöket. Delegationen reste sedan vidare till Stockholm med tåg.\n"
        "\n"
        "Ordföranden i Kolomyias stadsfullmäktige sa efter mötet i stadshuset:\n"
        "\"Vi kommer tillbaka nästa år med ännu fler ungdomar från skolorna.\"\n"
        "\n"
        "Slut.\n";
    norm_text(a, quote_lines, strlen(quote_lines), &nt);
    CHECK(strstr(nt.s, "besluten. \"Vi har") != NULL);
    CHECK(strstr(nt.s, "Anna Berg. \"Nästa") != NULL);
    CHECK(strstr(nt.s, "stadshuset:\n\"Vi kommer") != NULL);
    arena_reset(a);

    /* A PDF's page footer and header in the middle of a paragraph go,
     * and the paragraph the page cut is one again; a paragraph that ends
     * its sentence before the page break stays apart. */
    static const char *const pages =
        "Per Backlund (SD) reserverar sig med följande motivering: \"Pengarna borde\n"
        "\n"
        "Justerandes sign          Utdragsbestyrkande          2 (6)\n"
        "STRÖMSUNDS KOMMUN         SAMMANTRÄDESPROTOKOLL\n"
        "\n"
        "användas till barnen i stället.\"\n"
        "\n"
        "Beslutet fattades i maj.\n"
        "\n"
        "Meråker kommune                                   Side 2 av 4\n"
        "\n"
        "Protokollsanteckning\n";
    norm_text(a, pages, strlen(pages), &nt);
    CHECK(strstr(nt.s, "Pengarna borde användas till barnen") != NULL);
    CHECK(strstr(nt.s, "Utdragsbestyrkande") == NULL);
    CHECK(strstr(nt.s, "Side 2") == NULL);
    CHECK(strstr(nt.s, "i maj.\n\nProtokollsanteckning") != NULL);
    CHECK(nt.len == strlen(nt.s));
    arena_reset(a);

    static const char *const short_lines =
        "Tema\nLokal demokrati\nJämställdhet\nMiljö\nSvensk partner\n"
        "Falu kommun\nInternationell partner\nKolomyia\n";
    norm_text(a, short_lines, strlen(short_lines), &nt);
    CHECK(nt.n_lines == 9);
    arena_reset(a);
}

/* A long line run together from paragraphs parts again where speech
 * starts after a sentence's end; a short line is left alone. */
static void check_run_on(struct arena *a)
{
    char buf[2048];
    size_t n = 0;
    static const char *const sentence =
        "Kommunen har arbetat med vatten i flera år. ";
    while (n < 1100) {
        memcpy(buf + n, sentence, strlen(sentence));
        n += strlen(sentence);
    }
    const char *tail = "\xE2\x80\x93 Vi är nöjda. Det gick, säger Anna Berg. "
                       "Nästa år fortsätter det. \"Det går bra\", sa hon. "
                       "Inget - mer.";
    memcpy(buf + n, tail, strlen(tail) + 1);
    n += strlen(tail);
    struct norm_text nt = {0};
    norm_text(a, buf, n, &nt);
    CHECK(nt.n_lines == 4);
    CHECK(strstr(nt.s, "år.\n\xE2\x80\x93 Vi är nöjda. Det gick") != NULL);
    CHECK(strstr(nt.s, "Berg.\nNästa år fortsätter det.\n\"Det") != NULL);
    CHECK(nt.lines[3].src_line == 1);
    arena_reset(a);
    /* The attribution's comma inside the closing mark, a speaker whose
     * name opens with a capital outside Latin-1 (Ž), speech opening with
     * one (Ł): the narrative after the attribution starts a line. */
    n = 0;
    while (n < 1100) {
        memcpy(buf + n, sentence, strlen(sentence));
        n += strlen(sentence);
    }
    const char *tail2 = "\xE2\x80\x9DVi lärde oss mest av det,\xE2\x80\x9D "
                        "sa Žemaitis vid mötet. Utbytet fortsätter. "
                        "\xE2\x80\x93 Łódź var först, säger Ewa Nowak. "
                        "Sedan blev det tyst.";
    memcpy(buf + n, tail2, strlen(tail2) + 1);
    n += strlen(tail2);
    norm_text(a, buf, n, &nt);
    CHECK(nt.n_lines == 5);
    CHECK(strstr(nt.s, "mötet.\nUtbytet fortsätter.\n\xE2\x80\x93 Łódź") !=
          NULL);
    CHECK(strstr(nt.s, "Nowak.\nSedan blev det tyst.") != NULL);
    arena_reset(a);
    static const char *const short_line =
        "Det gick bra. \xE2\x80\x93 Vi är nöjda, säger Anna Berg.";
    norm_text(a, short_line, strlen(short_line), &nt);
    CHECK(nt.n_lines == 1);
    arena_reset(a);
}

int main(void)
{
    struct arena a = {0};

    check_text_cases(&a);
    check_line_cases(&a);
    check_offset_cases(&a);
    check_many_lines(&a);
    check_all_code_points(&a);
    check_ascii_runs(&a);
    check_random(&a);
    check_random_nfc(&a);
    check_keys(&a);
    check_unwrap(&a);
    check_run_on(&a);
    arena_fini(&a);
    return check_done("normalize");
}
