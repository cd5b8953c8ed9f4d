/*
 * fuzz_decode.c - decode and normalize fuzzer (decode.h, normalize.h).
 *
 * Input: the raw bytes of one document.  They go through decode_article()
 * and the decoded text through norm_text() and norm_key(), as main does;
 * the raw bytes also go straight to norm_text() and norm_key(), which
 * promise to survive invalid UTF-8.  Checked:
 *   - decode: status ok, repaired, empty or skipped; binary iff no text;
 *     a message unless ok; text NUL-terminated, valid UTF-8, without NUL;
 *     valid UTF-8 input without BOM or NUL comes back unchanged;
 *   - norm: valid UTF-8 in NFC, no CR, TAB, NUL or other control but LF,
 *     no format character (U+00AD, U+200B, U+FEFF ...), no space but
 *     U+0020 (U+00A0 ...), none of the dashes, quotes and primes the
 *     table maps; lines[] starts at 0, each later line right after a LF,
 *     n_lines == LFs + 1; src_off ascending right after a line end of the
 *     source, src_line from 1 going up by 0 or 1; norm_line_index() and
 *     norm_src_line() agree with lines[]; normalizing the output again
 *     gives the same bytes and the same line offsets;
 *   - norm_key: valid UTF-8 of the length given, no ASCII upper case,
 *     control or separator but single inner spaces.
 */
/* SPDX-License-Identifier: MIT */
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <utf8proc.h>

#include "arena.h"
#include "article.h"
#include "decode.h"
#include "normalize.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define REQUIRE(cond)                                                      \
    do {                                                                   \
        if (!(cond)) {                                                     \
            fprintf(stderr, "%s:%d: REQUIRE failed: %s\n", __FILE__,       \
                    __LINE__, #cond);                                      \
            abort();                                                       \
        }                                                                  \
    } while (0)

static bool valid_utf8(const char *s, size_t len)
{
    return decode_valid_utf8((const unsigned char *)s, len, NULL);
}

/* Code points normalize.h says never survive (besides the categories). */
static bool mapped_away(utf8proc_int32_t cp)
{
    return (cp >= 0x2010 && cp <= 0x2012) || cp == 0x2014 || cp == 0x2015 ||
           (cp >= 0x2018 && cp <= 0x201F) || cp == 0x2032 || cp == 0x2033 ||
           cp == 0x2212;
}

static void check_chars(const struct norm_text *nt)
{
    const utf8proc_uint8_t *s = (const utf8proc_uint8_t *)nt->s;
    size_t i = 0;

    while (i < nt->len) {
        utf8proc_int32_t cp;
        utf8proc_ssize_t k = utf8proc_iterate(s + i,
                                              (utf8proc_ssize_t)(nt->len - i),
                                              &cp);
        REQUIRE(k > 0);
        i += (size_t)k;
        switch (utf8proc_category(cp)) {
        case UTF8PROC_CATEGORY_CC:
            REQUIRE(cp == '\n');        /* no CR, TAB, NUL, NEL ... */
            break;
        case UTF8PROC_CATEGORY_CF:      /* U+00AD, U+200B, U+FEFF ... */
        case UTF8PROC_CATEGORY_ZL:
        case UTF8PROC_CATEGORY_ZP:
            REQUIRE(false);
            break;
        case UTF8PROC_CATEGORY_ZS:
            REQUIRE(cp == ' ');         /* no U+00A0 ... */
            break;
        default:
            REQUIRE(!mapped_away(cp));
            break;
        }
    }
}

static void check_nfc(const struct norm_text *nt)
{
    utf8proc_uint8_t *nfc = NULL;
    utf8proc_ssize_t r = utf8proc_map((const utf8proc_uint8_t *)nt->s,
                                      (utf8proc_ssize_t)nt->len, &nfc,
                                      UTF8PROC_STABLE | UTF8PROC_COMPOSE);

    REQUIRE(r >= 0);
    REQUIRE((size_t)r == nt->len && memcmp(nfc, nt->s, nt->len) == 0);
    free(nfc);
}

/* True if src[0..off) ends in a line end norm_text() splits at. */
static bool after_line_end(const char *src, size_t off)
{
    const unsigned char *u = (const unsigned char *)src;

    if (off >= 1 && (u[off - 1] == '\n' || u[off - 1] == '\r'))
        return true;
    return off >= 3 && u[off - 3] == 0xE2 && u[off - 2] == 0x80 &&
           (u[off - 1] == 0xA8 || u[off - 1] == 0xA9);
}

/* nt = norm_text(src[0..len)); src must be valid UTF-8 unless !valid. */
static void check_norm(struct arena *a, const char *src, size_t len,
                       const struct norm_text *nt, bool valid)
{
    size_t n_lf = 0;
    size_t line = 0;

    REQUIRE(nt->s != NULL && nt->s[nt->len] == '\0');
    REQUIRE(valid_utf8(nt->s, nt->len));
    REQUIRE(memchr(nt->s, '\0', nt->len) == NULL);
    check_chars(nt);
    check_nfc(nt);

    REQUIRE(nt->n_lines >= 1);
    REQUIRE(nt->lines[0].off == 0);
    REQUIRE(nt->lines[0].src_off == 0);
    REQUIRE(nt->lines[0].src_line == 1);
    for (size_t i = 1; i < nt->n_lines; i++) {
        const struct norm_line *p = &nt->lines[i - 1], *l = &nt->lines[i];
        REQUIRE(l->off > p->off && l->off <= nt->len);
        REQUIRE(nt->s[l->off - 1] == '\n');
        REQUIRE(l->src_off > p->src_off && l->src_off <= len);
        if (valid)
            REQUIRE(after_line_end(src, l->src_off));
        REQUIRE(l->src_line == p->src_line || l->src_line == p->src_line + 1);
    }
    for (size_t i = 0; i < nt->len; i++)
        n_lf += nt->s[i] == '\n';
    REQUIRE(nt->n_lines == n_lf + 1);

    /* Every offset, one past the end included, maps to its line. */
    for (size_t off = 0; off <= nt->len; off++) {
        while (line + 1 < nt->n_lines && nt->lines[line + 1].off <= off)
            line++;
        REQUIRE(norm_line_index(nt, off) == line);
        REQUIRE(norm_src_line(nt, off) == nt->lines[line].src_line);
    }

    /* Idempotent: the output is its own normal form, line for line. */
    struct norm_text again;
    norm_text(a, nt->s, nt->len, &again);
    REQUIRE(again.len == nt->len && memcmp(again.s, nt->s, nt->len) == 0);
    REQUIRE(again.n_lines == nt->n_lines);
    for (size_t i = 0; i < nt->n_lines; i++) {
        REQUIRE(again.lines[i].off == nt->lines[i].off);
        REQUIRE(again.lines[i].src_off == nt->lines[i].off);
        REQUIRE(again.lines[i].src_line == i + 1);
    }
}

static void check_key(struct arena *a, const char *s, size_t len)
{
    size_t klen = SIZE_MAX;
    char *key = norm_key(a, s, len, &klen);

    REQUIRE(key != NULL && klen != SIZE_MAX && strlen(key) == klen);
    REQUIRE(valid_utf8(key, klen));
    REQUIRE(klen == 0 || (key[0] != ' ' && key[klen - 1] != ' '));
    for (size_t i = 0; i < klen; i++) {
        unsigned char c = (unsigned char)key[i];
        REQUIRE(c >= 0x20 && c != 0x7F);
        REQUIRE(!(c >= 'A' && c <= 'Z'));
        REQUIRE(c != '\'' && c != '`' && c != '-');
        REQUIRE(!(c == ' ' && key[i + 1] == ' '));
    }
    REQUIRE(norm_key(a, s, len, NULL) != NULL);
}

static void check_decode(const uint8_t *data, size_t size,
                         const struct article *art)
{
    size_t bom = size >= 3 && memcmp(data, "\xEF\xBB\xBF", 3) == 0 ? 3 : 0;
    bool utf16 = size >= 2 && (memcmp(data, "\xFF\xFE", 2) == 0 ||
                               memcmp(data, "\xFE\xFF", 2) == 0);

    REQUIRE(art->status <= DOC_SKIPPED);
    REQUIRE(art->encoding != NULL);
    REQUIRE(art->status == DOC_OK || art->message != NULL);
    REQUIRE((art->status == DOC_SKIPPED) == (art->text == NULL));
    REQUIRE((art->status == DOC_SKIPPED) ==
            (strcmp(art->encoding, "binary") == 0));
    if (!art->text)
        return;
    REQUIRE(art->text[art->text_len] == '\0');
    REQUIRE(valid_utf8(art->text, art->text_len));
    REQUIRE(memchr(art->text, '\0', art->text_len) == NULL);
    if (!utf16 && !memchr(data, '\0', size) &&
        valid_utf8((const char *)data + bom, size - bom)) {
        REQUIRE(art->status == DOC_OK || art->status == DOC_EMPTY);
        REQUIRE(art->text_len == size - bom);
        REQUIRE(memcmp(art->text, data + bom, size - bom) == 0);
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct arena a;
    struct article art = {
        .doc_id = "fuzz", .path = "fuzz", .raw_len = size, .status = DOC_OK,
    };
    struct norm_text raw_norm;

    arena_init(&a);
    /* raw is NUL-terminated, as input.c leaves it (the text may point
     * into it). */
    unsigned char *raw = arena_alloc(&a, size + 1);
    if (size)
        memcpy(raw, data, size);
    raw[size] = '\0';
    art.raw = raw;
    decode_article(&a, &art);
    check_decode(data, size, &art);
    if (art.text) {
        norm_text(&a, art.text, art.text_len, &art.norm);
        check_norm(&a, art.text, art.text_len, &art.norm, true);
        check_key(&a, art.text, art.text_len);
        check_key(&a, art.norm.s, art.norm.len);
    }
    /* Raw bytes, maybe invalid UTF-8 with NULs: a caller bug, survived. */
    norm_text(&a, (const char *)data, size, &raw_norm);
    check_norm(&a, (const char *)data, size, &raw_norm, false);
    check_key(&a, (const char *)data, size);
    arena_fini(&a);
    return 0;
}
