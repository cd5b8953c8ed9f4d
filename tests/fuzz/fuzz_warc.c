/*
 * fuzz_warc.c - WARC reader fuzzer (warc.h).
 *
 * Input: the bytes of a WARC file, plain or gzip.  They are read from
 * memory with max_record 1 MiB and 64 bytes and, unless they already are
 * gzip, gzip-compressed as one member and as two members split in the
 * middle (anywhere in a record).  Checked:
 *   - warc_next() returns 1, 0 or -1, and only 0 after 0 or -1; there are
 *     no more records (and skips) than input bytes, so it always ends;
 *   - an error record has a message and no text; too_large comes only
 *     with an error; a document has its text NUL-terminated, at most
 *     max_record bytes, and a charset that is a lower-case token;
 *   - id, url and date are NUL-terminated (strlen() stays in bounds);
 *   - a plain input read plain and read gzip-compressed gives the same
 *     records: same lines, ids, errors and texts, same skips; and the
 *     same offsets too when it is one member.
 * ASan finds what escapes these; LeakSanitizer, what warc_close() forgets.
 */
/* SPDX-License-Identifier: MIT */
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <zlib.h>

#include "warc.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define REQUIRE(cond)                                                      \
    do {                                                                   \
        if (!(cond)) {                                                     \
            fprintf(stderr, "%s:%d: REQUIRE failed: %s\n", __FILE__,       \
                    __LINE__, #cond);                                      \
            abort();                                                       \
        }                                                                  \
    } while (0)

/* FNV-1a over the bytes, then their length. */
static uint64_t mix(uint64_t h, const void *p, size_t n)
{
    const unsigned char *s = p;

    for (size_t i = 0; i < n; i++)
        h = (h ^ s[i]) * 0x100000001b3u;
    for (size_t i = 0; i < sizeof n; i++)
        h = (h ^ (unsigned char)(n >> (8 * i))) * 0x100000001b3u;
    return h;
}

static uint64_t mix_str(uint64_t h, const char *s)
{
    return s ? mix(h, s, strlen(s) + 1) : mix(h, "", 0);
}

static void check_rec(const struct archive_rec *r, size_t max)
{
    REQUIRE(r->col == 0 && !r->text_utf8);
    REQUIRE(!r->too_large || r->error);
    if (r->error) {
        REQUIRE(r->text == NULL && r->text_len == 0);
        REQUIRE(strlen(r->error) > 0);
        return;
    }
    REQUIRE(r->text != NULL && r->text[r->text_len] == '\0');
    REQUIRE(r->text_len <= max);
    if (r->charset) {
        size_t n = strlen(r->charset);
        REQUIRE(n > 0 && n <= 40);
        for (size_t i = 0; i < n; i++)
            REQUIRE(!(r->charset[i] >= 'A' && r->charset[i] <= 'Z') &&
                    r->charset[i] > ' ');
    }
}

/* Read all of data[0..n); returns a digest of the records and skips
 * without their offsets, and sets *with_off (if not NULL) to one with
 * them. */
static uint64_t read_all(const void *data, size_t n, size_t max,
                         uint64_t *with_off)
{
    struct warc *w = warc_open_mem(data, n, max);
    struct archive_rec r;
    struct archive_skips sk;
    uint64_t h = 0xcbf29ce484222325u;
    uint64_t off = h;
    unsigned long records = 0;
    int rc;

    while ((rc = warc_next(w, &r)) == 1) {
        check_rec(&r, max);
        records++;
        REQUIRE(records <= n + 1);
        h = mix(h, &r.line, sizeof r.line);
        off = mix(off, &r.offset, sizeof r.offset);
        h = mix(h, &r.too_large, sizeof r.too_large);
        h = mix(h, &r.html, sizeof r.html);
        h = mix_str(h, r.id);
        h = mix_str(h, r.url);
        h = mix_str(h, r.date);
        h = mix_str(h, r.charset);
        h = mix_str(h, r.error);
        if (r.text)
            h = mix(h, r.text, r.text_len);
    }
    REQUIRE(rc == 0 || rc == -1);
    if (rc < 0)
        REQUIRE(r.error != NULL && strlen(r.error) > 0);
    REQUIRE(warc_next(w, &r) == 0);
    REQUIRE(warc_next(w, &r) == 0);
    warc_skipped(w, &sk);
    unsigned long skipped = sk.warcinfo + sk.request + sk.metadata +
                            sk.revisit + sk.other_type + sk.not_2xx +
                            sk.not_text + sk.encoding;
    REQUIRE(records + skipped <= n + 1);
    h = mix(h, &sk, sizeof sk);
    h = mix(h, &rc, sizeof rc);
    if (with_off)
        *with_off = mix(off, &h, sizeof h);
    warc_close(w);
    return h;
}

/* The deflate stream, made on the first call and reset for each member
 * (deflateInit2() allocates and clears about 270 KB: most of a run's
 * time when it was made per member).  Never freed (LeakSanitizer ignores
 * what is still reachable). */
static z_stream zs;
static bool zs_ready;

/* data[0..n) as a gzip member at z[*len..), which has room for it. */
static void gzip_to(const uint8_t *data, size_t n, unsigned char *z,
                    size_t cap, size_t *len)
{
    if (!zs_ready) {
        REQUIRE(deflateInit2(&zs, 1, Z_DEFLATED, 15 + 16, 8,
                             Z_DEFAULT_STRATEGY) == Z_OK);
        zs_ready = true;
    }
    REQUIRE(deflateReset(&zs) == Z_OK);
    zs.next_in = (Bytef *)(uintptr_t)data;
    zs.avail_in = (uInt)n;
    zs.next_out = z + *len;
    zs.avail_out = (uInt)(cap - *len);
    REQUIRE(deflate(&zs, Z_FINISH) == Z_STREAM_END);
    *len = cap - zs.avail_out;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    uint64_t plain;
    uint64_t plain_no_off = read_all(data, size, 1 << 20, &plain);

    read_all(data, size, 64, NULL);
    if (size >= 2 && data[0] == 0x1f && data[1] == 0x8b)
        return 0;
    size_t cap = 2 * (compressBound((uLong)size) + 64);
    unsigned char *z = malloc(cap);
    REQUIRE(z != NULL);
    size_t zlen = 0;
    gzip_to(data, size, z, cap, &zlen);
    uint64_t one_member;
    read_all(z, zlen, 1 << 20, &one_member);
    REQUIRE(one_member == plain);
    zlen = 0;
    gzip_to(data, size / 2, z, cap, &zlen);
    gzip_to(data + size / 2, size - size / 2, z, cap, &zlen);
    REQUIRE(read_all(z, zlen, 1 << 20, NULL) == plain_no_off);
    free(z);
    return 0;
}
