/*
 * decode.c - stage 1b: raw bytes -> valid UTF-8 (see decode.h).
 *
 * Checks run in the order decode.h lists them; every byte offset in a
 * message counts from the first raw byte, BOM included.
 */
/* SPDX-License-Identifier: MIT */
#include "decode.h"

#include <stdbool.h>
#include <stdint.h>
#include <string.h>

#include "arena.h"
#include "xalloc.h"

#define REPLACEMENT 0xFFFDu

/* Windows-1252 bytes 0x80-0x9F; the five it leaves undefined are U+FFFD.
 * Bytes 0xA0-0xFF are the Latin-1 code points of the same value. */
static const uint16_t cp1252_high[32] = {
    0x20AC, 0xFFFD, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021,
    0x02C6, 0x2030, 0x0160, 0x2039, 0x0152, 0xFFFD, 0x017D, 0xFFFD,
    0xFFFD, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014,
    0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0xFFFD, 0x017E, 0x0178,
};

/* Length of the well-formed UTF-8 sequence at s[0..n) (Unicode table 3-7),
 * or 0 if it is overlong, a surrogate, above U+10FFFF or truncated. */
static size_t seq_len(const unsigned char *s, size_t n)
{
    unsigned char c = s[0];
    unsigned char lo = 0x80;
    unsigned char hi = 0xBF;
    size_t len;

    if (c < 0x80)
        return 1;
    if (c >= 0xC2 && c <= 0xDF) {
        len = 2;
    } else if (c >= 0xE0 && c <= 0xEF) {
        len = 3;
        lo = c == 0xE0 ? 0xA0 : lo;
        hi = c == 0xED ? 0x9F : hi;
    } else if (c >= 0xF0 && c <= 0xF4) {
        len = 4;
        lo = c == 0xF0 ? 0x90 : lo;
        hi = c == 0xF4 ? 0x8F : hi;
    } else {
        return 0;
    }
    if (n < len || s[1] < lo || s[1] > hi)
        return 0;
    for (size_t k = 2; k < len; k++) {
        if ((s[k] & 0xC0) != 0x80)
            return 0;
    }
    return len;
}

int decode_valid_utf8(const unsigned char *s, size_t len, size_t *bad)
{
    size_t i = 0;

    while (i < len) {
        uint64_t w;
        if (len - i >= 8) {
            memcpy(&w, s + i, 8);
            if (!(w & 0x8080808080808080u)) {
                i += 8;             /* eight ASCII bytes at once */
                continue;
            }
        }
        size_t n = seq_len(s + i, len - i);
        if (n == 0) {
            if (bad)
                *bad = i;
            return 0;
        }
        i += n;
    }
    return 1;
}

const char *decode_escape_invalid(const char *s, char **buf, size_t *cap)
{
    static const char hex[] = "0123456789abcdef";
    size_t n = strlen(s), bad, w = 0;
    const unsigned char *u = (const unsigned char *)s;

    for (size_t i = 0; i < n && u[i] < 0x80; i++)
        if (i + 1 == n)
            return s;           /* ASCII */
    if (decode_valid_utf8(u, n, &bad))
        return s;
    if (*cap < 4 * n + 1) {
        *cap = 4 * n + 1;
        *buf = xrealloc(*buf, *cap);
    }
    char *b = *buf;
    for (size_t i = 0; i < n;) {
        size_t k = 0;
        if (decode_valid_utf8(u + i, n - i, &k)) {
            memcpy(b + w, s + i, n - i);
            w += n - i;
            break;
        }
        memcpy(b + w, s + i, k);
        w += k;
        i += k;
        b[w++] = '\\';
        b[w++] = 'x';
        b[w++] = hex[u[i] >> 4];
        b[w++] = hex[u[i] & 15];
        i++;
    }
    b[w] = '\0';
    return b;
}

/* Bytes UTF-8 needs for code point cp (cp <= U+10FFFF). */
static size_t utf8_len(uint32_t cp)
{
    return cp < 0x80 ? 1 : cp < 0x800 ? 2 : cp < 0x10000 ? 3 : 4;
}

/* Write cp as UTF-8 to p; return the bytes written. */
static size_t put_utf8(char *p, uint32_t cp)
{
    size_t n = utf8_len(cp);

    switch (n) {
    case 1:
        p[0] = (char)cp;
        break;
    case 2:
        p[0] = (char)(0xC0 | cp >> 6);
        p[1] = (char)(0x80 | (cp & 0x3F));
        break;
    case 3:
        p[0] = (char)(0xE0 | cp >> 12);
        p[1] = (char)(0x80 | (cp >> 6 & 0x3F));
        p[2] = (char)(0x80 | (cp & 0x3F));
        break;
    default:
        p[0] = (char)(0xF0 | cp >> 18);
        p[1] = (char)(0x80 | (cp >> 12 & 0x3F));
        p[2] = (char)(0x80 | (cp >> 6 & 0x3F));
        p[3] = (char)(0x80 | (cp & 0x3F));
        break;
    }
    return n;
}

static uint32_t cp1252(unsigned char b)
{
    return b >= 0x80 && b <= 0x9F ? cp1252_high[b - 0x80] : b;
}

/* Decode s[0..n) as Windows-1252 into a NUL-terminated arena string. */
static char *from_cp1252(struct arena *a, const unsigned char *s, size_t n,
                         size_t *out_len)
{
    size_t len = 0;

    for (size_t i = 0; i < n; i++)
        len += utf8_len(cp1252(s[i]));
    char *text = arena_alloc(a, len + 1);
    char *p = text;
    for (size_t i = 0; i < n; i++)
        p += put_utf8(p, cp1252(s[i]));
    *p = '\0';
    *out_len = len;
    return text;
}

/* Mostly UTF-8 with a few stray bytes (a Latin-1 signature pasted into a
 * UTF-8 page): keep every well-formed UTF-8 sequence and decode only the
 * bytes that are not as Windows-1252.  *n_bad counts those bytes. */
static char *from_mixed(struct arena *a, const unsigned char *s, size_t n,
                        size_t *out_len, size_t *n_bad)
{
    size_t len = 0;

    *n_bad = 0;
    for (size_t i = 0; i < n;) {
        size_t k = seq_len(s + i, n - i);
        if (k) {
            len += k;
            i += k;
        } else {
            len += utf8_len(cp1252(s[i++]));
            (*n_bad)++;
        }
    }
    char *text = arena_alloc(a, len + 1);
    char *p = text;
    for (size_t i = 0; i < n;) {
        size_t k = seq_len(s + i, n - i);
        if (k) {
            memcpy(p, s + i, k);
            p += k;
            i += k;
        } else {
            p += put_utf8(p, cp1252(s[i++]));
        }
    }
    *p = '\0';
    *out_len = len;
    return text;
}

/* Well-formed multi-byte UTF-8 sequences and bytes that are not in
 * s[0..n): which encoding the text mostly is. */
static void census(const unsigned char *s, size_t n, size_t *multi,
                   size_t *bad)
{
    *multi = *bad = 0;
    for (size_t i = 0; i < n;) {
        if (s[i] < 0x80) {
            i++;
            continue;
        }
        size_t k = seq_len(s + i, n - i);
        if (k) {
            (*multi)++;
            i += k;
        } else {
            (*bad)++;
            i++;
        }
    }
}

/* UTF-16 code unit i of s (byte order big- or little-endian). */
static uint32_t unit16(const unsigned char *s, size_t i, bool be)
{
    return be ? (uint32_t)s[2 * i] << 8 | s[2 * i + 1]
              : (uint32_t)s[2 * i + 1] << 8 | s[2 * i];
}

/* The text of a UTF-16/32 conversion: text[0, p), NUL-terminated here;
 * 'bad' is the offset of the first bad unit (SIZE_MAX: none). */
static void set_units_text(struct arena *a, struct article *art, char *text,
                           char *p, size_t bad, const char *form)
{
    *p = '\0';
    art->text = text;
    art->text_len = (size_t)(p - text);
    if (bad != SIZE_MAX) {
        art->status = DOC_REPAIRED;
        art->message = arena_printf(a, "invalid %s at byte offset %zu, "
                                    "replaced by U+FFFD", form, bad);
    }
}

/* Decode the UTF-16 text s[0..n) (BOM already skipped) into *art.  Code
 * units U+0000 are dropped; unpaired surrogates and an odd last byte become
 * U+FFFD.  'base' is the raw offset of s, for the message. */
static void from_utf16(struct arena *a, struct article *art,
                       const unsigned char *s, size_t n, bool be, size_t base)
{
    size_t units = n / 2;
    /* A unit takes at most 3 UTF-8 bytes; a pair (two units) takes 4. */
    char *text = arena_alloc(a, 3 * units + 3 + 1);
    char *p = text;
    size_t bad = SIZE_MAX;

    for (size_t i = 0; i < units; i++) {
        uint32_t cp = unit16(s, i, be);
        if (cp >= 0xD800 && cp <= 0xDBFF && i + 1 < units) {
            uint32_t lo = unit16(s, i + 1, be);
            if (lo >= 0xDC00 && lo <= 0xDFFF) {
                cp = 0x10000 + ((cp - 0xD800) << 10) + (lo - 0xDC00);
                i++;
            }
        }
        if (cp >= 0xD800 && cp <= 0xDFFF) {
            bad = bad == SIZE_MAX ? base + 2 * i : bad;
            cp = REPLACEMENT;
        }
        if (cp != 0)
            p += put_utf8(p, cp);
    }
    if (n % 2) {
        bad = bad == SIZE_MAX ? base + n - 1 : bad;
        p += put_utf8(p, REPLACEMENT);
    }
    set_units_text(a, art, text, p, bad, "UTF-16");
}

/* UTF-32 (after its BOM): each 4-byte unit a code point; surrogates,
 * values above U+10FFFF and a short last unit become U+FFFD (DOC_REPAIRED,
 * the first such offset in the message); U+0000 is dropped. */
static void from_utf32(struct arena *a, struct article *art,
                       const unsigned char *s, size_t n, bool be, size_t base)
{
    size_t units = n / 4;
    char *text = arena_alloc(a, 4 * units + 3 + 1);
    char *p = text;
    size_t bad = SIZE_MAX;

    for (size_t i = 0; i < units; i++) {
        const unsigned char *u = s + 4 * i;
        uint32_t cp = be ? (uint32_t)u[0] << 24 | (uint32_t)u[1] << 16 |
                               (uint32_t)u[2] << 8 | u[3]
                         : (uint32_t)u[3] << 24 | (uint32_t)u[2] << 16 |
                               (uint32_t)u[1] << 8 | u[0];
        if (cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) {
            bad = bad == SIZE_MAX ? base + 4 * i : bad;
            cp = REPLACEMENT;
        }
        if (cp != 0)
            p += put_utf8(p, cp);
    }
    if (n % 4) {
        bad = bad == SIZE_MAX ? base + 4 * units : bad;
        p += put_utf8(p, REPLACEMENT);
    }
    set_units_text(a, art, text, p, bad, "UTF-32");
}

/* Code point at s[*i] of valid UTF-8 text; advances *i past it. */
static uint32_t next_cp(const unsigned char *s, size_t *i)
{
    unsigned char c = s[*i];
    size_t n = c < 0x80 ? 1 : c < 0xE0 ? 2 : c < 0xF0 ? 3 : 4;
    uint32_t cp = n == 1 ? c : c & (0x7F >> n);

    for (size_t k = 1; k < n; k++)
        cp = cp << 6 | (s[*i + k] & 0x3F);
    *i += n;
    return cp;
}

/* True for the characters that leave nothing visible: ASCII white space,
 * NEL, the Unicode space separators, line and paragraph separators, the
 * zero-width characters, word joiner and BOM. */
static bool is_blank(uint32_t cp)
{
    switch (cp) {
    case 0x09: case 0x0A: case 0x0B: case 0x0C: case 0x0D: case 0x20:
    case 0x85: case 0xA0: case 0x1680: case 0x2028: case 0x2029:
    case 0x202F: case 0x205F: case 0x2060: case 0x3000: case 0xFEFF:
        return true;
    default:
        return cp >= 0x2000 && cp <= 0x200D;
    }
}

/* True if the valid UTF-8 text s[0..n) has no visible character. */
static bool all_blank(const char *s, size_t n)
{
    const unsigned char *u = (const unsigned char *)s;
    size_t i = 0;

    while (i < n) {
        if (!is_blank(next_cp(u, &i)))
            return false;
    }
    return true;
}

/* Decode raw bytes that carry no UTF-16 BOM; 'skip' bytes of UTF-8 BOM
 * come first. */
static void from_bytes(struct arena *a, struct article *art, size_t skip)
{
    const unsigned char *s = art->raw + skip;
    size_t n = art->raw_len - skip;
    const unsigned char *nul = memchr(s, 0, n);
    size_t bad;

    if (nul) {
        art->encoding = "binary";
        art->status = DOC_SKIPPED;
        art->message = arena_printf(a, "binary file (NUL byte at offset %zu)",
                                    (size_t)(nul - art->raw));
        return;
    }
    if (art->raw_utf8 || decode_valid_utf8(s, n, &bad)) {
        art->encoding = "utf-8";
        art->text = (const char *)s;    /* raw is NUL-terminated */
        art->text_len = n;
        return;
    }
    size_t multi, n_bad;
    census(s, n, &multi, &n_bad);
    art->status = DOC_REPAIRED;
    if (multi && multi >= n_bad) {
        art->encoding = "utf-8";
        art->text = from_mixed(a, s, n, &art->text_len, &n_bad);
        art->message = arena_printf(a, "invalid UTF-8 at byte offset %zu: "
                                    "%zu stray byte%s decoded as "
                                    "Windows-1252", skip + bad, n_bad,
                                    n_bad == 1 ? "" : "s");
        return;
    }
    art->encoding = "windows-1252";
    art->message = arena_printf(a, "invalid UTF-8 at byte offset %zu, "
                                "decoded as Windows-1252", skip + bad);
    art->text = from_cp1252(a, s, n, &art->text_len);
}

/* ---- double-encoded UTF-8 ------------------------------------------------
 * Text that was UTF-8, read as Windows-1252 and written out as UTF-8 again
 * ("sÃ¤ger", "â€“ Vi") is valid UTF-8 and reads as nonsense.  Each run of
 * code points that Windows-1252 maps back to the bytes of one well-formed
 * multi-byte UTF-8 sequence is turned back into it, when a text holds at
 * least MOJIBAKE_MIN such runs (one "Ã¤" may be meant). */

#define MOJIBAKE_MIN 2

/* The Windows-1252 byte of code point cp, or -1. */
static int cp1252_byte(uint32_t cp)
{
    if (cp >= 0xA0 && cp <= 0xFF)
        return (int)cp;
    for (int i = 0; i < 32; i++)
        if (cp1252_high[i] == cp && cp != 0xFFFD)
            return 0x80 + i;
    if (cp >= 0x80 && cp <= 0x9F)       /* the five undefined, kept raw */
        return (int)cp;
    return -1;
}

/* Decode one code point of valid UTF-8 at s[0..n) into *cp; its length. */
static size_t next_utf8(const unsigned char *s, size_t n, uint32_t *cp)
{
    size_t k = seq_len(s, n);
    if (k == 0)
        k = 1;
    uint32_t c = s[0];
    if (k == 2)
        c = (uint32_t)(s[0] & 0x1F) << 6 | (s[1] & 0x3F);
    else if (k == 3)
        c = (uint32_t)(s[0] & 0x0F) << 12 | (uint32_t)(s[1] & 0x3F) << 6 |
            (s[2] & 0x3F);
    else if (k == 4)
        c = (uint32_t)(s[0] & 0x07) << 18 | (uint32_t)(s[1] & 0x3F) << 12 |
            (uint32_t)(s[2] & 0x3F) << 6 | (s[3] & 0x3F);
    *cp = c;
    return k;
}

/* At t[i..n): the run of code points whose Windows-1252 bytes are one
 * well-formed multi-byte UTF-8 sequence, put in out[] (its length in
 * *olen); the run's length in bytes of t, or 0. */
static size_t mojibake_at(const unsigned char *t, size_t n, size_t i,
                          unsigned char out[4], size_t *olen)
{
    uint32_t cp;
    size_t k = next_utf8(t + i, n - i, &cp);
    int b = cp1252_byte(cp);
    if (b < 0xC2 || b > 0xF4)
        return 0;
    size_t want = b < 0xE0 ? 2 : b < 0xF0 ? 3 : 4, at = i + k;
    out[0] = (unsigned char)b;
    for (size_t j = 1; j < want; j++) {
        if (at >= n)
            return 0;
        at += next_utf8(t + at, n - at, &cp);
        int c = cp1252_byte(cp);
        /* "â€" then U+FFFD: a decoder that replaced the byte Windows-1252
         * leaves undefined; of E2 80 81/8D/8F/90/9D the quotation mark
         * U+201D is the one text holds. */
        if (cp == 0xFFFD && j == 2 && out[0] == 0xE2 && out[1] == 0x80)
            c = 0x9D;
        if (c < 0x80 || c > 0xBF)
            return 0;
        out[j] = (unsigned char)c;
    }
    if (seq_len(out, want) != want)
        return 0;
    *olen = want;
    return at - i;
}

static void unmojibake(struct arena *a, struct article *art)
{
    const unsigned char *t = (const unsigned char *)art->text;
    size_t n = art->text_len, runs = 0, olen;
    unsigned char seq[4];
    for (size_t i = 0; i < n && runs < MOJIBAKE_MIN;) {
        size_t k = t[i] >= 0xC2 ? mojibake_at(t, n, i, seq, &olen) : 0;
        runs += k > 0;
        i += k ? k : 1;
    }
    if (runs < MOJIBAKE_MIN)
        return;
    char *o = arena_alloc(a, n + 1);
    size_t w = 0;
    runs = 0;
    for (size_t i = 0; i < n;) {
        size_t k = t[i] >= 0xC2 ? mojibake_at(t, n, i, seq, &olen) : 0;
        if (k) {
            memcpy(o + w, seq, olen);   /* never longer than the run */
            w += olen;
            i += k;
            runs++;
        } else {
            o[w++] = (char)t[i++];
        }
    }
    o[w] = '\0';
    art->text = o;
    art->text_len = w;
    if (art->status < DOC_REPAIRED)
        art->status = DOC_REPAIRED;
    art->message = arena_join(
        a, art->message,
        arena_printf(a, "double-encoded UTF-8 (mojibake): %zu sequences "
                        "decoded again",
                     runs));
}

void decode_article(struct arena *a, struct article *art)
{
    const unsigned char *s = art->raw;
    size_t n = art->raw ? art->raw_len : 0;
    bool repaired = art->status == DOC_REPAIRED;
    const char *earlier = art->message;

    if (art->status > DOC_REPAIRED)
        return;
    art->encoding = "utf-8";
    art->text = NULL;
    art->text_len = 0;
    art->message = NULL;
    if (n == 0) {
        art->text = arena_strdup(a, "");    /* raw may be NULL */
    } else if (n >= 4 && s[0] == 0xFF && s[1] == 0xFE && s[2] == 0 &&
               s[3] == 0) {
        /* FF FE 00 00 is UTF-32LE's BOM, not UTF-16LE's and a NUL. */
        art->encoding = "utf-32le";
        from_utf32(a, art, s + 4, n - 4, false, 4);
    } else if (n >= 4 && s[0] == 0 && s[1] == 0 && s[2] == 0xFE &&
               s[3] == 0xFF) {
        art->encoding = "utf-32be";
        from_utf32(a, art, s + 4, n - 4, true, 4);
    } else if (n >= 2 && s[0] == 0xFF && s[1] == 0xFE) {
        art->encoding = "utf-16le";
        from_utf16(a, art, s + 2, n - 2, false, 2);
    } else if (n >= 2 && s[0] == 0xFE && s[1] == 0xFF) {
        art->encoding = "utf-16be";
        from_utf16(a, art, s + 2, n - 2, true, 2);
    } else if (n >= 3 && s[0] == 0xEF && s[1] == 0xBB && s[2] == 0xBF) {
        from_bytes(a, art, 3);
    } else {
        from_bytes(a, art, 0);
    }
    if (art->text)
        unmojibake(a, art);
    if (art->text && all_blank(art->text, art->text_len)) {
        art->status = DOC_EMPTY;
        art->message = art->text_len ? "only white space" : "empty file";
    }
    if (repaired) {
        if (art->status < DOC_REPAIRED)
            art->status = DOC_REPAIRED;
        art->message = arena_join(a, earlier, art->message);
    }
}
