/*
 * test_warc.c - unit tests for warc.c: record kinds and their counts,
 * header syntax (folding, case, LF-only lines, angle brackets), HTTP
 * payloads (status, chunked, gzip and deflate content, a body stored
 * decoded under its coding's header, charset, sniffing),
 * plain and gzip files (a member per record, one member for all) with
 * their offsets, and each kind of bad input: garbage between records, bad
 * and oversized headers, blocks past the end, bad chunks, corrupt or
 * bombing content, truncated and corrupt gzip, binary payloads; records
 * straddling the read buffer, big skipped records, and input of version
 * lines only (linear, not a window per line).
 */
/* SPDX-License-Identifier: MIT */
#include "warc.h"

#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <zlib.h>

#include "check.h"
#include "xalloc.h"

static char root[64];

static const char *at(const char *name)
{
    static char path[128];
    snprintf(path, sizeof path, "%s/%s", root, name);
    return path;
}

/* A growing byte string. */
struct out {
    char *s;
    size_t len, cap;
};

static void add_mem(struct out *o, const void *s, size_t n)
{
    if (o->len + n + 1 > o->cap) {
        o->cap = (o->len + n + 1) * 2;
        o->s = xrealloc(o->s, o->cap);
    }
    if (n)
        memcpy(o->s + o->len, s, n);
    o->len += n;
    o->s[o->len] = '\0';
}

static void add(struct out *o, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

static void add(struct out *o, const char *fmt, ...)
{
    va_list ap;
    char tmp[1024];

    va_start(ap, fmt);
    int n = vsnprintf(tmp, sizeof tmp, fmt, ap);
    va_end(ap);
    if (n > 0)
        add_mem(o, tmp, (size_t)n);
}

/* Append one WARC record: the header lines 'fields' (each ending in CRLF)
 * and a Content-Length for block[0..n). */
static void record(struct out *o, const char *fields, const void *block,
                   size_t n)
{
    add(o, "WARC/1.0\r\n%sContent-Length: %zu\r\n\r\n", fields, n);
    add_mem(o, block, n);
    add(o, "\r\n\r\n");
}

static void record_str(struct out *o, const char *fields, const char *block)
{
    record(o, fields, block, strlen(block));
}

/* An HTTP response record for 'uri' with head 'http' and body. */
static void response(struct out *o, const char *id, const char *uri,
                     const char *http, const void *body, size_t n)
{
    struct out b = {0};
    struct out f = {0};

    add(&b, "%s\r\n\r\n", http);
    add_mem(&b, body, n);
    add(&f, "WARC-Type: response\r\nWARC-Record-ID: <urn:uuid:%s>\r\n"
        "WARC-Target-URI: %s\r\nWARC-Date: 2024-05-01T10:00:00Z\r\n"
        "Content-Type: application/http; msgtype=response\r\n", id, uri);
    record(o, f.s, b.s, b.len);
    free(b.s);
    free(f.s);
}

static void response_str(struct out *o, const char *id, const char *http,
                         const char *body)
{
    char uri[128];
    snprintf(uri, sizeof uri, "https://example.se/%s", id);
    response(o, id, uri, http, body, strlen(body));
}

/* data[0..n) gzip-compressed (one member) onto o. */
static void gzip_to(struct out *o, const void *data, size_t n, int level)
{
    z_stream zs;
    unsigned char buf[16384];
    int rc;

    memset(&zs, 0, sizeof zs);
    CHECK(deflateInit2(&zs, level, Z_DEFLATED, 15 + 16, 8,
                       Z_DEFAULT_STRATEGY) == Z_OK);
    zs.next_in = (Bytef *)(size_t)data;
    zs.avail_in = (uInt)n;
    do {
        zs.next_out = buf;
        zs.avail_out = sizeof buf;
        rc = deflate(&zs, Z_FINISH);
        add_mem(o, buf, sizeof buf - zs.avail_out);
    } while (rc == Z_OK);
    CHECK(rc == Z_STREAM_END);
    deflateEnd(&zs);
}

/* data deflated with windowBits 'bits' (15: zlib, -15: raw). */
static void deflate_to(struct out *o, const void *data, size_t n, int bits)
{
    z_stream zs;
    unsigned char buf[16384];
    int rc;

    memset(&zs, 0, sizeof zs);
    CHECK(deflateInit2(&zs, 6, Z_DEFLATED, bits, 8, Z_DEFAULT_STRATEGY) ==
          Z_OK);
    zs.next_in = (Bytef *)(size_t)data;
    zs.avail_in = (uInt)n;
    do {
        zs.next_out = buf;
        zs.avail_out = sizeof buf;
        rc = deflate(&zs, Z_FINISH);
        add_mem(o, buf, sizeof buf - zs.avail_out);
    } while (rc == Z_OK);
    deflateEnd(&zs);
}

/* Text with LF, CR and NUL spelled out; long text as its length. */
static void add_text(struct out *o, const char *s, size_t n)
{
    if (n > 70) {
        add(o, "<%zu bytes>", n);
        return;
    }
    for (size_t i = 0; i < n; i++) {
        if (s[i] == '\n')
            add(o, "\\n");
        else if (s[i] == '\r')
            add(o, "\\r");
        else if (s[i] == '\0')
            add(o, "\\0");
        else
            add(o, "%c", s[i]);
    }
}

/* One line per record, then the skip counts:
 *   LINE@OFFSET[u] id=ID [url=U] [date=D] [html] [cs=C] text=TEXT
 *   LINE@OFFSET[u] error: MESSAGE [(too large)]
 *   read error at LINE: MESSAGE
 *   skips: I R M V O n2 nt enc
 */
static char *dump_warc(struct warc *w)
{
    struct out out = {0};
    struct archive_rec rec;
    struct archive_skips sk;
    int rc;

    add(&out, "%s", "");
    while ((rc = warc_next(w, &rec)) == 1) {
        add(&out, "%lu@%llu%s", rec.line, rec.offset,
            rec.offset_in_data ? "u" : "");
        CHECK(rec.col == 0 && !rec.text_utf8);
        if (rec.error) {
            CHECK(rec.text == NULL && !rec.html && !rec.charset);
            add(&out, " error: %s%s\n", rec.error,
                rec.too_large ? " (too large)" : "");
            continue;
        }
        CHECK(rec.text != NULL && rec.text[rec.text_len] == '\0');
        add(&out, " id=%s", rec.id ? rec.id : "(none)");
        if (rec.url)
            add(&out, " url=%s", rec.url);
        if (rec.date)
            add(&out, " date=%s", rec.date);
        if (rec.html)
            add(&out, " html");
        if (rec.charset)
            add(&out, " cs=%s", rec.charset);
        add(&out, " text=");
        add_text(&out, rec.text, rec.text_len);
        add(&out, "\n");
    }
    if (rc < 0)
        add(&out, "read error at %lu: %s\n", rec.line, rec.error);
    CHECK(warc_next(w, &rec) == 0);
    warc_skipped(w, &sk);
    add(&out, "skips: %lu %lu %lu %lu %lu %lu %lu %lu\n", sk.warcinfo,
        sk.request, sk.metadata, sk.revisit, sk.other_type, sk.not_2xx,
        sk.not_text, sk.encoding);
    return out.s;
}

static char *dump_mem(const void *data, size_t n, size_t max)
{
    struct warc *w = warc_open_mem(data, n, max);
    char *s = dump_warc(w);
    warc_close(w);
    return s;
}

static void check_mem(const char *what, const void *data, size_t n,
                      size_t max, const char *want)
{
    char *got = dump_mem(data, n, max);
    if (strcmp(got, want) != 0)
        fprintf(stderr, "%s: got:\n%s-- want:\n%s--\n", what, got, want);
    CHECK_STREQ(got, want);
    free(got);
}

/* The same through archive_open() on a file. */
static void check_file(const char *name, const void *data, size_t n,
                       size_t max, const char *want)
{
    FILE *f = fopen(at(name), "wb");
    CHECK(f != NULL);
    if (!f)
        return;
    CHECK(fwrite(data, 1, n, f) == n);
    fclose(f);

    struct out out = {0};
    struct archive_rec rec;
    struct archive_skips sk;
    int rc;

    CHECK(archive_format_of(at(name), NULL) == ARCH_WARC);
    struct archive *ar = archive_open(at(name), ARCH_WARC, NULL, max);
    CHECK(ar != NULL);
    if (!ar)
        return;
    add(&out, "%s", "");
    while ((rc = archive_next(ar, &rec)) == 1) {
        add(&out, "%lu@%llu%s", rec.line, rec.offset,
            rec.offset_in_data ? "u" : "");
        if (rec.error) {
            add(&out, " error: %s\n", rec.error);
            continue;
        }
        add(&out, " id=%s text=", rec.id ? rec.id : "(none)");
        add_text(&out, rec.text, rec.text_len);
        add(&out, "\n");
    }
    if (rc < 0)
        add(&out, "read error at %lu: %s\n", rec.line, rec.error);
    archive_skipped(ar, &sk);
    add(&out, "skips: %lu %lu %lu %lu %lu %lu %lu %lu\n", sk.warcinfo,
        sk.request, sk.metadata, sk.revisit, sk.other_type, sk.not_2xx,
        sk.not_text, sk.encoding);
    archive_close(ar);
    if (strcmp(out.s, want) != 0)
        fprintf(stderr, "%s: got:\n%s-- want:\n%s--\n", name, out.s, want);
    CHECK_STREQ(out.s, want);
    free(out.s);
    unlink(at(name));
}

static const char ok200[] = "HTTP/1.1 200 OK\r\n"
                            "Content-Type: text/html; charset=UTF-8";

/* Every record kind once; the documents and the counts. */
static void build_kinds(struct out *o)
{
    record_str(o, "WARC-Type: warcinfo\r\nContent-Type: "
               "application/warc-fields\r\n", "software: test\r\n");
    record_str(o, "WARC-Type: request\r\nWARC-Target-URI: https://a.se/\r\n"
               "Content-Type: application/http; msgtype=request\r\n",
               "GET / HTTP/1.1\r\nHost: a.se\r\n\r\n");
    response_str(o, "1", ok200, "<p>Hello</p>");
    response_str(o, "2", "HTTP/1.1 200 OK\r\nContent-Type: text/plain",
                 "plain text");
    record_str(o, "WARC-Type: resource\r\nWARC-Record-ID: <urn:uuid:3>\r\n"
               "WARC-Target-URI: file:///x.html\r\n"
               "Content-Type: text/html;charset=\"ISO-8859-1\"\r\n",
               "<html>res</html>");
    record_str(o, "WARC-Type: metadata\r\nContent-Type: "
               "application/warc-fields\r\n", "via: x\r\n");
    record_str(o, "WARC-Type: revisit\r\nWARC-Profile: x\r\n",
               "HTTP/1.1 200 OK\r\n\r\n");
    response_str(o, "4", "HTTP/1.1 404 Not Found\r\nContent-Type: "
                 "text/html", "<p>gone</p>");
    response_str(o, "5", "HTTP/1.1 301 Moved\r\nLocation: /x", "");
    response_str(o, "6", "HTTP/1.1 200 OK\r\nContent-Type: image/png",
                 "\x89PNG\r\n\x1a\n");
    response_str(o, "7", "HTTP/1.1 200 OK", "  <!DOCTYPE html><p>sniffed");
    response_str(o, "8", "HTTP/1.1 200 OK", "no type, no html");
    record_str(o, "WARC-Type: response\r\nWARC-Target-URI: dns:a.se\r\n"
               "Content-Type: text/dns\r\n", "a.se. 300 IN A 1.2.3.4\r\n");
    record_str(o, "WARC-Type: conversion\r\nContent-Type: text/plain\r\n",
               "converted");
    response_str(o, "9", "HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n"
                 "Content-Encoding: br", "\x0b\x02\x80");
    /* Folded line, names in any case, a URI in angle brackets (WARC/0.x
     * writers), XHTML, and no id. */
    record_str(o, "warc-type: Response\r\nWARC-TARGET-URI: "
               "<https://b.se/\r\n  folded>\r\nwarc-date:\r\n"
               " 2024-06-01T00:00:00Z\r\n"
               "content-type: application/http;msgtype=response\r\n",
               "HTTP/1.0 201 Created\r\nCONTENT-TYPE: Application/XHTML+XML;"
               " Charset=Windows-1252 ; q=1\r\n\r\n<html/>");
    response_str(o, "10", "HTTP/1.1 200 OK\r\nContent-Type: text/html; "
                 "charset=\"bad value\"", "x");
    /* WARC 1.1 header and the payload type identified by the crawler. */
    add(o, "WARC/1.1\r\nWARC-Type: response\r\nWARC-Record-ID: <urn:uuid:11>"
        "\r\nWARC-Identified-Payload-Type: text/plain\r\nContent-Length: 21"
        "\r\n\r\nHTTP/1.1 200 OK\r\n\r\nid\r\n\r\n");
}

static const char kinds_want[] =
    "20@279 id=urn:uuid:1 url=https://example.se/1 "
    "date=2024-05-01T10:00:00Z html cs=utf-8 text=<p>Hello</p>\n"
    "33@559 id=urn:uuid:2 url=https://example.se/2 "
    "date=2024-05-01T10:00:00Z text=plain text\n"
    "46@823 id=urn:uuid:3 url=file:///x.html html cs=iso-8859-1 "
    "text=<html>res</html>\n"
    "113@1977 id=urn:uuid:7 url=https://example.se/7 "
    "date=2024-05-01T10:00:00Z html text=  <!DOCTYPE html><p>sniffed\n"
    "167@2979 id=(none) url=https://b.se/ folded "
    "date=2024-06-01T00:00:00Z html cs=windows-1252 text=<html/>\n"
    "181@3260 id=urn:uuid:10 url=https://example.se/10 "
    "date=2024-05-01T10:00:00Z html text=x\n"
    "194@3537 id=urn:uuid:11 text=id\n"
    "skips: 1 1 1 1 1 2 3 1\n";

static void test_kinds(void)
{
    struct out o = {0};

    build_kinds(&o);
    check_mem("kinds", o.s, o.len, 1 << 20, kinds_want);
    check_file("kinds.warc", o.s, o.len, 1 << 20,
               "20@279 id=urn:uuid:1 text=<p>Hello</p>\n"
               "33@559 id=urn:uuid:2 text=plain text\n"
               "46@823 id=urn:uuid:3 text=<html>res</html>\n"
               "113@1977 id=urn:uuid:7 text=  <!DOCTYPE html><p>sniffed\n"
               "167@2979 id=(none) text=<html/>\n"
               "181@3260 id=urn:uuid:10 text=x\n"
               "194@3537 id=urn:uuid:11 text=id\n"
               "skips: 1 1 1 1 1 2 3 1\n");
    free(o.s);
}

/* LF-only line ends, blank lines between records, no separator at all. */
static void test_lenient(void)
{
    const char s[] =
        "\r\n\nWARC/1.0\nWARC-Type: resource\nContent-Type: text/plain\n"
        "Content-Length: 3\n\nabc"
        "WARC/1.0\r\nWARC-Type: resource\r\nContent-Type: text/plain\r\n"
        "Content-Length: 3\r\n\r\ndef\n\n\n\r\n\r\n\r\n";
    check_mem("lenient", s, sizeof s - 1, 100,
              "3@3 id=(none) text=abc\n"
              "8@79 id=(none) text=def\n"
              "skips: 0 0 0 0 0 0 0 0\n");
    check_mem("empty", "", 0, 100, "skips: 0 0 0 0 0 0 0 0\n");
    check_mem("blank", "\r\n\n", 3, 100, "skips: 0 0 0 0 0 0 0 0\n");
}

/* .warc.gz: a member per record gives exact offsets; one member for all
 * gives uncompressed ones. */
static void test_gzip(void)
{
    struct out plain = {0}, per = {0}, one = {0};
    struct out r1 = {0}, r2 = {0}, r3 = {0};

    record_str(&r1, "WARC-Type: warcinfo\r\n", "x: y\r\n");
    response_str(&r2, "a", ok200, "<p>A</p>");
    response_str(&r3, "b", ok200, "<p>B</p>");
    add_mem(&plain, r1.s, r1.len);
    add_mem(&plain, r2.s, r2.len);
    add_mem(&plain, r3.s, r3.len);
    gzip_to(&per, r1.s, r1.len, 6);
    size_t off2 = per.len;
    gzip_to(&per, r2.s, r2.len, 6);
    size_t off3 = per.len;
    gzip_to(&per, "", 0, 6);            /* an empty member between */
    gzip_to(&per, r3.s, r3.len, 6);
    gzip_to(&one, plain.s, plain.len, 9);

    char want[512];
    snprintf(want, sizeof want,
             "8@%zu id=urn:uuid:a url=https://example.se/a "
             "date=2024-05-01T10:00:00Z html cs=utf-8 text=<p>A</p>\n"
             "21@%zu id=urn:uuid:b url=https://example.se/b "
             "date=2024-05-01T10:00:00Z html cs=utf-8 text=<p>B</p>\n"
             "skips: 1 0 0 0 0 0 0 0\n", off2,
             off3 + 20);                /* an empty member has 20 bytes */
    check_mem("per-record members", per.s, per.len, 1000, want);
    snprintf(want, sizeof want,
             "8@%zuu id=urn:uuid:a url=https://example.se/a "
             "date=2024-05-01T10:00:00Z html cs=utf-8 text=<p>A</p>\n"
             "21@%zuu id=urn:uuid:b url=https://example.se/b "
             "date=2024-05-01T10:00:00Z html cs=utf-8 text=<p>B</p>\n"
             "skips: 1 0 0 0 0 0 0 0\n", r1.len, r1.len + r2.len);
    check_mem("one member", one.s, one.len, 1000, want);
    snprintf(want, sizeof want,
             "8@%zu id=urn:uuid:a text=<p>A</p>\n"
             "21@%zu id=urn:uuid:b text=<p>B</p>\n"
             "skips: 1 0 0 0 0 0 0 0\n", off2, off3 + 20);
    check_file("a.WARC.GZ", per.s, per.len, 1000, want);

    /* Cut in the last member's trailer: all its data came, then the
     * read error. */
    char cut[600];
    snprintf(cut, sizeof cut,
             "8@%zu id=urn:uuid:a url=https://example.se/a "
             "date=2024-05-01T10:00:00Z html cs=utf-8 text=<p>A</p>\n"
             "21@%zu id=urn:uuid:b url=https://example.se/b "
             "date=2024-05-01T10:00:00Z html cs=utf-8 text=<p>B</p>\n"
             "read error at 34: gzip member at offset %zu cut short "
             "(unexpected end of file)\n"
             "skips: 1 0 0 0 0 0 0 0\n", off2, off3 + 20, off3 + 20);
    check_mem("truncated member", per.s, per.len - 7, 1000, cut);
    /* Cut inside the data: the cut record is dropped, not an error. */
    snprintf(cut, sizeof cut,
             "8@%zu id=urn:uuid:a url=https://example.se/a "
             "date=2024-05-01T10:00:00Z html cs=utf-8 text=<p>A</p>\n"
             "read error at 21: gzip member at offset %zu cut short "
             "(unexpected end of file)\n"
             "skips: 1 0 0 0 0 0 0 0\n", off2, off3 + 20);
    check_mem("truncated data", per.s, per.len - 60, 1000, cut);

    /* Corrupt member: zlib's message. */
    struct out bad = {0};
    add_mem(&bad, per.s, per.len);
    memset(bad.s + off2 + 12, 0xff, 8);
    char *got = dump_mem(bad.s, bad.len, 1000);
    CHECK(strstr(got, "read error at 8: gzip member at offset ") != NULL);
    CHECK(strstr(got, "text=") == NULL);
    free(got);

    /* Data after the last member that is not gzip. */
    struct out tail = {0};
    add_mem(&tail, per.s, per.len);
    add(&tail, "junk");
    snprintf(want, sizeof want,
             "8@%zu id=urn:uuid:a url=https://example.se/a "
             "date=2024-05-01T10:00:00Z html cs=utf-8 text=<p>A</p>\n"
             "21@%zu id=urn:uuid:b url=https://example.se/b "
             "date=2024-05-01T10:00:00Z html cs=utf-8 text=<p>B</p>\n"
             "read error at 34: data at offset %zu after a gzip member is "
             "not gzip\n"
             "skips: 1 0 0 0 0 0 0 0\n", off2, off3 + 20, per.len);
    check_mem("trailing junk", tail.s, tail.len, 1000, want);

    free(plain.s);
    free(per.s);
    free(one.s);
    free(r1.s);
    free(r2.s);
    free(r3.s);
    free(bad.s);
    free(tail.s);
}

static void test_chunked(void)
{
    struct out o = {0};
    const char *te = "HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\n"
                     "Transfer-Encoding: chunked";

    response_str(&o, "c1", te, "5\r\nHello\r\n7;ext=1\r\n, world\r\n0\r\n"
                 "Trailer: x\r\n\r\n");
    response_str(&o, "c2", te, "3\r\nabc\r\nzz\r\nmore\r\n0\r\n\r\n");
    response_str(&o, "c3", te, "Hello, not chunked at all");
    response_str(&o, "c4", te, "a\r\nshort");
    response_str(&o, "c5", te, "3\r\nabcX\r\n0\r\n\r\n");
    response_str(&o, "c6", te, "ffffffffffffffffffff\r\nabc\r\n");
    response_str(&o, "c7", te, "3\r\nabc\r\n");
    /* The crawler cut the record: what there is is kept. */
    struct out f = {0};
    const char body[] = "HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\n"
                        "Transfer-Encoding: chunked\r\n\r\n10\r\npart";
    record(&f, "WARC-Type: response\r\nWARC-Truncated: length\r\n"
           "Content-Type: application/http; msgtype=response\r\n",
           body, sizeof body - 1);
    add_mem(&o, f.s, f.len);
    char *got = dump_mem(o.s, o.len, 1000);
    const char *want[] = {
        " id=urn:uuid:c1 url=https://example.se/c1 "
        "date=2024-05-01T10:00:00Z text=Hello, world\n",
        " error: bad chunk size at byte 8 of the chunked HTTP body\n",
        " id=urn:uuid:c3 url=https://example.se/c3 "
        "date=2024-05-01T10:00:00Z text=Hello, not chunked at all\n",
        " error: chunked HTTP body cut short\n",
        " error: bad chunk size at byte 6 of the chunked HTTP body\n",
        " id=urn:uuid:c6 url=https://example.se/c6 "
        "date=2024-05-01T10:00:00Z text=ffffffffffffffffffff\\r\\nabc\\r\\n\n",
        " id=urn:uuid:c7 url=https://example.se/c7 "
        "date=2024-05-01T10:00:00Z text=abc\n",
        " id=(none) text=part\n",
    };
    const char *p = got;
    for (size_t i = 0; i < sizeof want / sizeof *want; i++) {
        const char *line = strchr(p, ' ');
        CHECK(line != NULL && strncmp(line, want[i], strlen(want[i])) == 0);
        if (!line || strncmp(line, want[i], strlen(want[i])) != 0) {
            fprintf(stderr, "chunked %zu: got %s", i, line ? line : "-");
            break;
        }
        p = line + strlen(want[i]);
    }
    CHECK_STREQ(p, "skips: 0 0 0 0 0 0 0 0\n");
    free(got);
    free(o.s);
    free(f.s);
}

static void test_content_encoding(void)
{
    struct out o = {0}, z = {0};
    const char html[] = "<p>Compressed page</p>";

    gzip_to(&z, html, sizeof html - 1, 6);
    response(&o, "g1", "u", "HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n"
             "Content-Encoding: gzip", z.s, z.len);
    response(&o, "g2", "u", "HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n"
             "Content-Encoding: X-GZIP, identity", z.s, z.len);
    /* gzip, then chunked around it. */
    struct out ch = {0};
    add(&ch, "%zx\r\n", z.len / 2);
    add_mem(&ch, z.s, z.len / 2);
    add(&ch, "\r\n%zx\r\n", z.len - z.len / 2);
    add_mem(&ch, z.s + z.len / 2, z.len - z.len / 2);
    add(&ch, "\r\n0\r\n\r\n");
    response(&o, "g3", "u", "HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n"
             "Transfer-Encoding: chunked\r\nContent-Encoding: gzip",
             ch.s, ch.len);
    z.len = 0;
    deflate_to(&z, html, sizeof html - 1, 15);
    response(&o, "d1", "u", "HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n"
             "Content-Encoding: deflate", z.s, z.len);
    z.len = 0;
    deflate_to(&z, html, sizeof html - 1, -15);
    response(&o, "d2", "u", "HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n"
             "Content-Encoding: deflate", z.s, z.len);
    /* Corrupt, cut short, and without a type (sniffed after decoding). */
    z.len = 0;
    gzip_to(&z, html, sizeof html - 1, 6);
    struct out bad = {0};
    add_mem(&bad, z.s, z.len);
    memset(bad.s + 10, 0xff, 4);
    response(&o, "g4", "u", "HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n"
             "Content-Encoding: gzip", bad.s, bad.len);
    response(&o, "g5", "u", "HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n"
             "Content-Encoding: gzip", z.s, z.len - 12);
    response(&o, "g6", "u", "HTTP/1.1 200 OK\r\nContent-Encoding: gzip",
             z.s, z.len);
    z.len = 0;
    gzip_to(&z, "not html", 8, 6);
    response(&o, "g7", "u", "HTTP/1.1 200 OK\r\nContent-Encoding: gzip",
             z.s, z.len);
    /* A bomb: 4 MB of zeros in a few kB, 1000 bytes allowed. */
    char *zeros = xcalloc(1, 4 << 20);
    z.len = 0;
    gzip_to(&z, zeros, 4 << 20, 9);
    CHECK(z.len < 10000);
    response(&o, "bomb", "u", "HTTP/1.1 200 OK\r\nContent-Type: text/html"
             "\r\nContent-Encoding: gzip", z.s, z.len);
    response(&o, "z", "u", "HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n"
             "Content-Encoding: gzip", "", 0);
    response(&o, "plain", "u", "HTTP/1.1 200 OK\r\nContent-Type: text/html"
             "\r\nContent-Encoding: gzip", html, sizeof html - 1);
    free(zeros);

    char *got = dump_mem(o.s, o.len, 1000);
    const char *want[] = {
        "id=urn:uuid:g1 url=u date=2024-05-01T10:00:00Z html "
        "text=<p>Compressed page</p>\n",
        "id=urn:uuid:g2 url=u date=2024-05-01T10:00:00Z html "
        "text=<p>Compressed page</p>\n",
        "id=urn:uuid:g3 url=u date=2024-05-01T10:00:00Z html "
        "text=<p>Compressed page</p>\n",
        "id=urn:uuid:d1 url=u date=2024-05-01T10:00:00Z html "
        "text=<p>Compressed page</p>\n",
        "id=urn:uuid:d2 url=u date=2024-05-01T10:00:00Z html "
        "text=<p>Compressed page</p>\n",
        "error: corrupt gzip content: invalid block type\n",
        "error: gzip content cut short\n",
        "id=urn:uuid:g6 url=u date=2024-05-01T10:00:00Z html "
        "text=<p>Compressed page</p>\n",
        "error: record larger than --max-doc-size (1000 bytes) "
        "(too large)\n",
        "id=urn:uuid:z url=u date=2024-05-01T10:00:00Z html text=\n",
        "id=urn:uuid:plain url=u date=2024-05-01T10:00:00Z html "
        "text=<p>Compressed page</p>\n",
        "skips: 0 0 0 0 0 0 1 0\n",
    };
    const char *p = got;
    for (size_t i = 0; i < sizeof want / sizeof *want; i++) {
        const char *hit = strstr(p, want[i]);
        CHECK(hit != NULL);
        if (!hit) {
            fprintf(stderr, "content encoding: no \"%s\" in:\n%s", want[i],
                    got);
            break;
        }
        p = hit + strlen(want[i]);
    }
    free(got);
    free(o.s);
    free(z.s);
    free(ch.s);
    free(bad.s);
}

/* Each bad header is an error record, and the records after it come. */
static void test_bad_headers(void)
{
    struct out o = {0};
    const char *ok = "WARC-Type: resource\r\nContent-Type: text/plain\r\n";

    record_str(&o, ok, "first");
    add(&o, "garbage between\r\nrecords\r\n");                   /* 1 */
    record_str(&o, ok, "second");
    add(&o, "WARC/1.0\r\nWARC-Type: resource\r\n\r\nno length\r\n\r\n");
    record_str(&o, ok, "third");
    add(&o, "WARC/1.0\r\nWARC-Type: resource\r\nContent-Length: 12x\r\n\r\n"
        "bad length\r\n\r\n");
    record_str(&o, ok, "fourth");
    record_str(&o, "Content-Type: text/plain\r\n", "no type");
    record_str(&o, ok, "fifth");
    add_mem(&o, "WARC/1.0\r\nWARC-Type: resource\r\nX-Nul: a\0b\r\n"
            "Content-Length: 3\r\n\r\nnul\r\n\r\n", 71);
    record_str(&o, ok, "sixth");
    record_str(&o, "WARC-Type: resource\r\nno colon here\r\n", "colon");
    record_str(&o, ok, "seventh");
    record_str(&o, " folded first\r\nWARC-Type: resource\r\n", "fold");
    record_str(&o, ok, "eighth");
    add(&o, "WARC/1.0\r\nWARC-Type: resource\r\nX-Long: ");
    for (int i = 0; i < 70000; i++)
        add(&o, "x");
    add(&o, "\r\nContent-Length: 4\r\n\r\nlong\r\n\r\n");
    record_str(&o, ok, "ninth");
    add(&o, "WARC/1.0\r\nWARC-Type: response\r\nContent-Type: "
        "application/http\r\nContent-Length: 8\r\n\r\nFTP/1.0 \r\n\r\n");
    record_str(&o, ok, "tenth");
    record_str(&o, ok, "last, cut");
    o.len -= 10;                /* into the block of the last record */

    check_mem("bad headers", o.s, o.len, 1000,
              "1@0 id=(none) text=first\n"
              "8@87 error: no \"WARC/1.x\" line where a record should "
              "start; skipped to the next one\n"
              "10@113 id=(none) text=second\n"
              "17@201 error: no Content-Length in the WARC header; skipped "
              "to the next record\n"
              "22@247 id=(none) text=third\n"
              "29@334 error: invalid Content-Length in the WARC header; "
              "skipped to the next record\n"
              "35@402 id=(none) text=fourth\n"
              "42@490 error: no WARC-Type in the WARC header\n"
              "48@558 id=(none) text=fifth\n"
              "55@645 error: NUL byte in the WARC header; skipped to the "
              "next record\n"
              "62@716 id=(none) text=sixth\n"
              "69@803 error: WARC header line without a field name and "
              "colon; skipped to the next record\n"
              "76@879 id=(none) text=seventh\n"
              "83@968 error: WARC header starts with a continuation line; "
              "skipped to the next record\n"
              "90@1043 id=(none) text=eighth\n"
              "97@1131 error: WARC header longer than 65536 bytes\n"
              "104@71201 id=(none) text=ninth\n"
              "111@71288 error: invalid HTTP status line\n"
              "118@71384 id=(none) text=tenth\n"
              "125@71471 error: block runs past the end of the file "
              "(Content-Length 9)\n"
              "skips: 0 0 0 0 0 0 0 0\n");
    /* Garbage only, and garbage cut inside a version line. */
    check_mem("garbage", "hello\nWARC/1", 12, 100,
              "1@0 error: no \"WARC/1.x\" line where a record should "
              "start; skipped to the next one\n"
              "skips: 0 0 0 0 0 0 0 0\n");
    /* A bad header right before a good record. */
    check_mem("bad then good", "WARC/1.0\r\nWARC-Type: resource\r\n\r\n"
              "WARC/1.0\r\nWARC-Type: resource\r\nContent-Type: text/plain"
              "\r\nContent-Length: 2\r\n\r\nok", 113, 100,
              "1@0 error: no Content-Length in the WARC header; skipped to "
              "the next record\n"
              "4@33 id=(none) text=ok\n"
              "skips: 0 0 0 0 0 0 0 0\n");
    /* A record to skip, cut short: an error, not a skip. */
    check_mem("cut request", "WARC/1.0\r\nWARC-Type: request\r\n"
              "Content-Length: 50\r\n\r\nGET", 55, 100,
              "1@0 error: block runs past the end of the file "
              "(Content-Length 50)\n"
              "skips: 0 0 0 0 0 0 0 0\n");
    check_mem("cut header", "WARC/1.0\r\nWARC-Type: x\r\n", 24, 100,
              "1@0 error: WARC header cut short at the end of the file\n"
              "skips: 0 0 0 0 0 0 0 0\n");
    free(o.s);
}

/* Input that is all version lines: a header too long per search window,
 * not per line (which cost a window each). */
static void test_version_lines(void)
{
    struct out o = {0};
    struct archive_rec rec;
    unsigned long errors = 0;
    int rc;

    for (int i = 0; i < 100000; i++)
        add(&o, "WARC/1.0\r\n");
    struct warc *w = warc_open_mem(o.s, o.len, 100);
    while ((rc = warc_next(w, &rec)) == 1) {
        CHECK(rec.error != NULL);
        errors++;
    }
    CHECK(rc == 0);
    CHECK(errors >= 10 && errors <= 20);    /* 1 MB / 64 kB windows */
    warc_close(w);
    free(o.s);
}

/* max_record bounds the payload; skipped records are never too large. */
static void test_sizes(void)
{
    struct out o = {0};
    size_t big = 3 << 20;
    char *x = xmalloc(big);

    memset(x, 'x', big);
    record(&o, "WARC-Type: resource\r\nContent-Type: video/mp4\r\n", x, big);
    record(&o, "WARC-Type: metadata\r\n", x, big);
    record(&o, "WARC-Type: resource\r\nContent-Type: text/plain\r\n", x,
           1001);
    record(&o, "WARC-Type: resource\r\nContent-Type: text/plain\r\n", x,
           1000);
    response(&o, "h", "u", ok200, x, big);
    response(&o, "i", "u", ok200, x, 1000);
    /* A binary payload that claims to be HTML: passed as it is. */
    response(&o, "bin", "u", ok200, "<html>\0\x01\xff\0", 10);
    char *got = dump_mem(o.s, o.len, 1000);
    CHECK(strstr(got, " error: record larger than --max-doc-size (1000 "
                 "bytes) (too large)\n") != NULL);
    CHECK(strstr(got, " id=(none) text=<1000 bytes>\n") != NULL);
    CHECK(strstr(got, " id=urn:uuid:i url=u date=2024-05-01T10:00:00Z html "
                 "cs=utf-8 text=<1000 bytes>\n") != NULL);
    CHECK(strstr(got, " id=urn:uuid:bin url=u date=2024-05-01T10:00:00Z "
                 "html cs=utf-8 text=<html>\\0\x01\xff\\0\n") != NULL);
    const char *e = strstr(got, "error");
    CHECK(e && (e = strstr(e + 1, "error")) != NULL &&
          strstr(e + 1, "error") == NULL);     /* exactly two */
    CHECK(strstr(got, "skips: 0 0 1 0 0 0 1 0\n") != NULL);
    free(got);
    free(x);
    free(o.s);
}

/* Many records of all sizes, so headers and blocks straddle the read
 * buffer, plain and as a member per record. */
static void test_many(void)
{
    struct out o = {0}, gz = {0};
    char body[3000];
    unsigned long n_docs = 0;

    memset(body, 'b', sizeof body);
    for (int i = 0; i < 1500; i++) {
        struct out r = {0};
        char id[32];
        snprintf(id, sizeof id, "m%d", i);
        if (i % 3 == 0) {
            record_str(&r, "WARC-Type: request\r\n", "GET / HTTP/1.1\r\n\r\n");
        } else {
            response(&r, id, "u", ok200, body, (size_t)(i * 7) % 3000);
            n_docs++;
        }
        add_mem(&o, r.s, r.len);
        gzip_to(&gz, r.s, r.len, 1);
        free(r.s);
    }
    for (int pass = 0; pass < 2; pass++) {
        struct out *src = pass ? &gz : &o;
        struct warc *w = warc_open_mem(src->s, src->len, 1 << 20);
        struct archive_rec rec;
        struct archive_skips sk;
        unsigned long docs = 0, exact = 0;
        int i = 1, rc;
        while ((rc = warc_next(w, &rec)) == 1) {
            char id[40];
            snprintf(id, sizeof id, "urn:uuid:m%d", i);
            CHECK(rec.error == NULL && rec.id && strcmp(rec.id, id) == 0);
            CHECK(rec.text_len == (size_t)(i * 7) % 3000);
            exact += pass && !rec.offset_in_data;
            docs++;
            i += i % 3 == 2 ? 2 : 1;
        }
        CHECK(rc == 0);
        warc_skipped(w, &sk);
        CHECK(docs == n_docs && sk.request == 500);
        CHECK(!pass || exact == n_docs);
        warc_close(w);
    }
    free(o.s);
    free(gz.s);
}

static void test_format_and_stdin(void)
{
    const struct archive_opts warc = { .format = ARCH_WARC };
    struct out o = {0};
    struct archive_rec rec;

    CHECK(archive_format_of("a.warc", NULL) == ARCH_WARC);
    CHECK(archive_format_of("x/a.Warc.Gz", NULL) == ARCH_WARC);
    CHECK(archive_format_of("a.warc.txt", NULL) == ARCH_NONE);
    CHECK(archive_format_of("a.arc.gz", NULL) == ARCH_NONE);
    CHECK(archive_format_of("-", &warc) == ARCH_WARC);

    response_str(&o, "s", ok200, "<p>stdin</p>");
    FILE *f = fopen(at("in.warc"), "wb");
    CHECK(f && fwrite(o.s, 1, o.len, f) == o.len);
    if (f)
        fclose(f);
    int saved = dup(STDIN_FILENO);
    int fd = open(at("in.warc"), O_RDONLY);
    CHECK(saved >= 0 && fd >= 0);
    dup2(fd, STDIN_FILENO);
    close(fd);
    struct archive *ar = archive_open("-", ARCH_WARC, NULL, 100);
    CHECK(ar && archive_next(ar, &rec) == 1 && rec.text &&
          strcmp(rec.text, "<p>stdin</p>") == 0 && rec.html);
    CHECK(ar && archive_next(ar, &rec) == 0);
    archive_close(ar);
    CHECK(fcntl(STDIN_FILENO, F_GETFD) != -1);
    dup2(saved, STDIN_FILENO);
    close(saved);
    unlink(at("in.warc"));

    /* JSONL and CSV archives skip nothing. */
    struct archive_skips sk;
    f = fopen(at("a.jsonl"), "wb");
    CHECK(f && fputs("{\"text\":\"t\"}\n", f) >= 0);
    if (f)
        fclose(f);
    ar = archive_open(at("a.jsonl"), ARCH_JSONL, NULL, 100);
    CHECK(ar && archive_next(ar, &rec) == 1 && rec.offset == 0 && !rec.html);
    memset(&sk, 0xff, sizeof sk);
    if (ar)
        archive_skipped(ar, &sk);
    CHECK(sk.not_text == 0 && sk.request == 0 && sk.encoding == 0);
    archive_close(ar);
    unlink(at("a.jsonl"));
    free(o.s);
}

int main(void)
{
    snprintf(root, sizeof root, "/tmp/test_warc.XXXXXX");
    if (!mkdtemp(root)) {
        perror("mkdtemp");
        return 1;
    }
    test_kinds();
    test_lenient();
    test_gzip();
    test_chunked();
    test_content_encoding();
    test_bad_headers();
    test_sizes();
    test_version_lines();
    test_many();
    test_format_and_stdin();
    warc_close(NULL);
    CHECK(rmdir(root) == 0);
    return check_done("warc");
}
