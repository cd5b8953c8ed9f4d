/*
 * test_decode.c - unit tests for decode.c: tables of raw bytes and the
 * exact text, status, encoding and message each must give, plus strict
 * UTF-8 validation checked against utf8proc for every short sequence.
 */
/* SPDX-License-Identifier: MIT */
#include "decode.h"

#include <stdbool.h>
#include <string.h>

#include <utf8proc.h>

#include "arena.h"
#include "check.h"

#define N(a) (sizeof(a) / sizeof((a)[0]))
/* A byte string literal and its length (it may contain NUL bytes). */
#define B(s) s, sizeof(s) - 1

struct decode_case {
    const char *in;
    size_t in_len;
    const char *out;            /* NULL: no text */
    size_t out_len;
    enum doc_status status;
    const char *encoding;
    const char *message;        /* NULL: no message */
};

static const struct decode_case cases[] = {
    /* Plain UTF-8 and the UTF-8 BOM. */
    {B("hej"), B("hej"), DOC_OK, "utf-8", NULL},
    {B("V\xC3\xA4ster\xC3\xA5s \xE2\x80\x93 \xF0\x9F\x98\x80"),
     B("V\xC3\xA4ster\xC3\xA5s \xE2\x80\x93 \xF0\x9F\x98\x80"),
     DOC_OK, "utf-8", NULL},
    {B("\xEF\xBB\xBFhej"), B("hej"), DOC_OK, "utf-8", NULL},
    {B("\xEF\xBB\xBF\xEF\xBB\xBFx"), B("\xEF\xBB\xBFx"), DOC_OK, "utf-8",
     NULL},
    /* Double-encoded UTF-8 (read as Windows-1252, written as UTF-8):
     * decoded again from two sequences on; one "Ã¤" may be meant. */
    {B("s\xC3\x83\xC2\xA4ger \xC3\xA2\xE2\x82\xAC\xE2\x80\x9C Vi"),
     B("s\xC3\xA4ger \xE2\x80\x93 Vi"), DOC_REPAIRED, "utf-8",
     "double-encoded UTF-8 (mojibake): 2 sequences decoded again"},
    {B("\xC3\xA2\xE2\x82\xAC\xEF\xBF\xBDHej\xC3\xA2\xE2\x82\xAC\xEF\xBF\xBD"),
     B("\xE2\x80\x9DHej\xE2\x80\x9D"), DOC_REPAIRED, "utf-8",
     "double-encoded UTF-8 (mojibake): 2 sequences decoded again"},
    {B("s\xC3\x83\xC2\xA4ger"), B("s\xC3\x83\xC2\xA4ger"), DOC_OK, "utf-8",
     NULL},
    /* Empty and white space only. */
    {B(""), B(""), DOC_EMPTY, "utf-8", "empty file"},
    {B("\xEF\xBB\xBF"), B(""), DOC_EMPTY, "utf-8", "empty file"},
    {B(" \t\r\n\v\f"), B(" \t\r\n\v\f"), DOC_EMPTY, "utf-8",
     "only white space"},
    {B("\xC2\xA0\xE2\x80\x89\xE3\x80\x80\xE2\x80\x8B\xEF\xBB\xBF\n"),
     B("\xC2\xA0\xE2\x80\x89\xE3\x80\x80\xE2\x80\x8B\xEF\xBB\xBF\n"),
     DOC_EMPTY, "utf-8", "only white space"},
    {B("\xE2\x80\xA8\xE2\x80\x8D\xE2\x81\xA0\xC2\x85"),
     B("\xE2\x80\xA8\xE2\x80\x8D\xE2\x81\xA0\xC2\x85"),
     DOC_EMPTY, "utf-8", "only white space"},
    {B(" .\n"), B(" .\n"), DOC_OK, "utf-8", NULL},
    {B("\xA0 "), B("\xC2\xA0 "), DOC_EMPTY, "windows-1252",
     "only white space"},
    /* UTF-16 with a BOM. */
    /* UTF-32: its LE BOM starts like UTF-16LE's; checked first. */
    {B("\xFF\xFE\0\0h\0\0\0\xE9\0\0\0"), B("h\xC3\xA9"), DOC_OK, "utf-32le",
     NULL},
    {B("\0\0\xFE\xFF\0\x01\xF6\x00\0\0\0a"), B("\xF0\x9F\x98\x80" "a"),
     DOC_OK, "utf-32be", NULL},
    {B("\xFF\xFE\0\0" "a\0\0\0" "\0\xD8\0\0" "b"),
     B("a\xEF\xBF\xBD\xEF\xBF\xBD"), DOC_REPAIRED, "utf-32le",
     "invalid UTF-32 at byte offset 8, replaced by U+FFFD"},
    {B("\xFF\xFEh\0\xE9\0"), B("h\xC3\xA9"), DOC_OK, "utf-16le", NULL},
    {B("\xFE\xFF\0h\0\xE9"), B("h\xC3\xA9"), DOC_OK, "utf-16be", NULL},
    {B("\xFF\xFE" "a\0\x3D\xD8\x00\xDE" "b\0"),
     B("a\xF0\x9F\x98\x80" "b"), DOC_OK, "utf-16le", NULL},
    {B("\xFE\xFF\xD8\x3D\xDE\x00"), B("\xF0\x9F\x98\x80"), DOC_OK,
     "utf-16be", NULL},
    {B("\xFF\xFE" "a\0\x3D\xD8" "b\0"), B("a\xEF\xBF\xBD" "b"),
     DOC_REPAIRED, "utf-16le",
     "invalid UTF-16 at byte offset 4, replaced by U+FFFD"},
    {B("\xFE\xFF\xDC\x00\0x\xD8\x00"), B("\xEF\xBF\xBDx\xEF\xBF\xBD"),
     DOC_REPAIRED, "utf-16be",
     "invalid UTF-16 at byte offset 2, replaced by U+FFFD"},
    {B("\xFF\xFE" "a\0b"), B("a\xEF\xBF\xBD"), DOC_REPAIRED, "utf-16le",
     "invalid UTF-16 at byte offset 4, replaced by U+FFFD"},
    {B("\xFF\xFE" "a\0\0\0b\0"), B("ab"), DOC_OK, "utf-16le", NULL},
    {B("\xFF\xFE"), B(""), DOC_EMPTY, "utf-16le", "empty file"},
    {B("\xFE\xFF\0 \0\xA0\xFE\xFF"), B(" \xC2\xA0\xEF\xBB\xBF"), DOC_EMPTY,
     "utf-16be", "only white space"},
    /* NUL bytes: binary. */
    {B("ab\0c"), NULL, 0, DOC_SKIPPED, "binary",
     "binary file (NUL byte at offset 2)"},
    {B("\0"), NULL, 0, DOC_SKIPPED, "binary",
     "binary file (NUL byte at offset 0)"},
    {B("\xEF\xBB\xBF" "a\0"), NULL, 0, DOC_SKIPPED, "binary",
     "binary file (NUL byte at offset 4)"},
    {B("\xE5\xE4\0"), NULL, 0, DOC_SKIPPED, "binary",
     "binary file (NUL byte at offset 2)"},
    /* Windows-1252 and Latin-1. */
    {B("G\xE5 h\xE4r \xF6"), B("G\xC3\xA5 h\xC3\xA4r \xC3\xB6"),
     DOC_REPAIRED, "windows-1252",
     "invalid UTF-8 at byte offset 1, decoded as Windows-1252"},
    {B("5 \x80 \x96 6"), B("5 \xE2\x82\xAC \xE2\x80\x93 6"), DOC_REPAIRED,
     "windows-1252",
     "invalid UTF-8 at byte offset 2, decoded as Windows-1252"},
    {B("\x93" "Hej\x94 \x85"),
     B("\xE2\x80\x9CHej\xE2\x80\x9D \xE2\x80\xA6"), DOC_REPAIRED,
     "windows-1252",
     "invalid UTF-8 at byte offset 0, decoded as Windows-1252"},
    {B("\x81\x8D\x8F\x90\x9D"),
     B("\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD"),
     DOC_REPAIRED, "windows-1252",
     "invalid UTF-8 at byte offset 0, decoded as Windows-1252"},
    {B("\x8A\x9A\x9F\xFF"), B("\xC5\xA0\xC5\xA1\xC5\xB8\xC3\xBF"),
     DOC_REPAIRED, "windows-1252",
     "invalid UTF-8 at byte offset 0, decoded as Windows-1252"},
    /* Mostly UTF-8: the UTF-8 stays, only the stray byte is CP1252. */
    {B("\xC3\xA5 \xE5"), B("\xC3\xA5 \xC3\xA5"), DOC_REPAIRED,
     "utf-8",
     "invalid UTF-8 at byte offset 3: 1 stray byte decoded as Windows-1252"},
    {B("\xC3\xA5\x96\xE5 \xF6"),
     B("\xC3\x83\xC2\xA5\xE2\x80\x93\xC3\xA5 \xC3\xB6"),
     DOC_REPAIRED, "windows-1252",
     "invalid UTF-8 at byte offset 2, decoded as Windows-1252"},
    /* ^ mostly Latin-1: the whole file is CP1252, the odd valid pair too */
    /* The offset counts the BOM; the BOM itself is dropped. */
    {B("\xEF\xBB\xBF" "a\xE9"), B("a\xC3\xA9"), DOC_REPAIRED,
     "windows-1252",
     "invalid UTF-8 at byte offset 4, decoded as Windows-1252"},
    /* Ill-formed UTF-8: overlong, surrogate, too large, truncated. */
    {B("a\xC0\xAF"), B("a\xC3\x80\xC2\xAF"), DOC_REPAIRED, "windows-1252",
     "invalid UTF-8 at byte offset 1, decoded as Windows-1252"},
    {B("\xE0\x80\xAF"), B("\xC3\xA0\xE2\x82\xAC\xC2\xAF"), DOC_REPAIRED,
     "windows-1252",
     "invalid UTF-8 at byte offset 0, decoded as Windows-1252"},
    {B("x\xED\xA0\x80"), B("x\xC3\xAD\xC2\xA0\xE2\x82\xAC"), DOC_REPAIRED,
     "windows-1252",
     "invalid UTF-8 at byte offset 1, decoded as Windows-1252"},
    {B("\xF4\x90\x80\x80"),
     B("\xC3\xB4\xEF\xBF\xBD\xE2\x82\xAC\xE2\x82\xAC"), DOC_REPAIRED,
     "windows-1252",
     "invalid UTF-8 at byte offset 0, decoded as Windows-1252"},
    {B("ab\xC3"), B("ab\xC3\x83"), DOC_REPAIRED, "windows-1252",
     "invalid UTF-8 at byte offset 2, decoded as Windows-1252"},
    {B("0123456789abcdef\xF5"), B("0123456789abcdef\xC3\xB5"),
     DOC_REPAIRED, "windows-1252",
     "invalid UTF-8 at byte offset 16, decoded as Windows-1252"},
};

static void check_case(struct arena *a, const struct decode_case *c)
{
    struct article art = {
        .raw = (const unsigned char *)c->in, .raw_len = c->in_len,
    };

    decode_article(a, &art);
    CHECK(art.status == c->status);
    CHECK_STREQ(art.encoding, c->encoding);
    if (c->message)
        CHECK_STREQ(art.message, c->message);
    else
        CHECK(art.message == NULL);
    if (!c->out) {
        CHECK(art.text == NULL && art.text_len == 0);
        return;
    }
    CHECK(art.text != NULL);
    if (!art.text)
        return;
    CHECK_MEMEQ(art.text, art.text_len, c->out, c->out_len, c->in);
    CHECK(art.text[art.text_len] == '\0');
}

/* A record that an earlier stage already failed is left alone. */
static void check_untouched(struct arena *a)
{
    struct article art = {
        .raw = (const unsigned char *)"x", .raw_len = 1,
        .status = DOC_ERROR, .message = "read error",
    };

    decode_article(a, &art);
    CHECK(art.status == DOC_ERROR);
    CHECK_STREQ(art.message, "read error");
    CHECK(art.text == NULL && art.encoding == NULL);

    struct article none = {.raw = NULL, .raw_len = 0};
    decode_article(a, &none);
    CHECK(none.status == DOC_EMPTY);
    CHECK_STREQ(none.text, "");
}

struct valid_case {
    const char *in;
    size_t in_len;
    int valid;
    size_t bad;
};

static const struct valid_case valid_cases[] = {
    {B(""), 1, 0},
    {B("abc"), 1, 0},
    {B("\x7F"), 1, 0},
    {B("\xC2\x80"), 1, 0},
    {B("\xDF\xBF"), 1, 0},
    {B("\xC2"), 0, 0},
    {B("\xC0\x80"), 0, 0},
    {B("\xC1\xBF"), 0, 0},
    {B("\xE0\xA0\x80"), 1, 0},
    {B("\xE0\x9F\xBF"), 0, 0},
    {B("\xED\x9F\xBF"), 1, 0},
    {B("\xED\xA0\x80"), 0, 0},
    {B("\xED\xBF\xBF"), 0, 0},
    {B("\xEF\xBF\xBF"), 1, 0},
    {B("\xF0\x90\x80\x80"), 1, 0},
    {B("\xF0\x8F\xBF\xBF"), 0, 0},
    {B("\xF4\x8F\xBF\xBF"), 1, 0},
    {B("\xF4\x90\x80\x80"), 0, 0},
    {B("\xF5\x80\x80\x80"), 0, 0},
    {B("\x80"), 0, 0},
    {B("\xFE"), 0, 0},
    {B("\xFF"), 0, 0},
    {B("a\xE2\x82"), 0, 1},
    {B("\xE2\x28\xA1"), 0, 0},
    {B("\xF0\x9F\x98"), 0, 0},
    {B("ok \xC3\xA5\xC3\xA4\xC3\xB6 \xE2\x80\x93 ok \xF0\x9F\x98\x80"), 1, 0},
    {B("0123456789abcdef0\xC3\xA5" "x\xC3"), 0, 20},
    {B("01234567\xFF"), 0, 8},
};

static void check_valid_table(void)
{
    for (size_t i = 0; i < N(valid_cases); i++) {
        const struct valid_case *c = &valid_cases[i];
        size_t bad = 12345;
        int ok = decode_valid_utf8((const unsigned char *)c->in, c->in_len,
                                   &bad);
        CHECK(ok == c->valid);
        if (!c->valid)
            CHECK(bad == c->bad);
        if (!ok && bad != c->bad)
            fprintf(stderr, "  valid_cases[%zu]: bad %zu\n", i, bad);
    }
    CHECK(decode_valid_utf8((const unsigned char *)"\xFF", 1, NULL) == 0);
}

/* True if utf8proc reads s[0..n) as exactly one code point. */
static bool one_cp(const unsigned char *s, size_t n)
{
    utf8proc_int32_t cp;
    return utf8proc_iterate(s, (utf8proc_ssize_t)n, &cp) == (long)n;
}

/* Every 1-, 2- and 3-byte sequence, and every 4-byte one with the lead
 * bytes that matter, agrees with utf8proc's strict decoder. */
static void check_valid_exhaustive(void)
{
    unsigned char s[4];
    long wrong = 0;

    for (unsigned b0 = 0; b0 < 256; b0++) {
        s[0] = (unsigned char)b0;
        wrong += (decode_valid_utf8(s, 1, NULL) != 0) != one_cp(s, 1);
        for (unsigned b1 = 0; b1 < 256; b1++) {
            s[1] = (unsigned char)b1;
            bool want2 = one_cp(s, 2) || (one_cp(s, 1) && one_cp(s + 1, 1));
            wrong += (decode_valid_utf8(s, 2, NULL) != 0) != want2;
            if (b0 < 0xE0 || b0 > 0xEF)
                continue;
            for (unsigned b2 = 0; b2 < 256; b2++) {
                s[2] = (unsigned char)b2;
                wrong += (decode_valid_utf8(s, 3, NULL) != 0) !=
                         one_cp(s, 3);
            }
        }
    }
    static const unsigned char leads[] = {0xF0, 0xF3, 0xF4, 0xF5};
    for (size_t i = 0; i < N(leads); i++) {
        s[0] = leads[i];
        for (unsigned b1 = 0x70; b1 < 0xD0; b1++) {
            s[1] = (unsigned char)b1;
            s[2] = 0x80;
            s[3] = 0xBF;
            wrong += (decode_valid_utf8(s, 4, NULL) != 0) != one_cp(s, 4);
        }
    }
    CHECK(wrong == 0);
}

int main(void)
{
    struct arena a = {0};

    for (size_t i = 0; i < N(cases); i++) {
        check_case(&a, &cases[i]);
        arena_reset(&a);
    }
    check_untouched(&a);
    check_valid_table();
    check_valid_exhaustive();
    arena_fini(&a);
    return check_done("decode");
}
