/*
 * warc.c - read WARC 1.0/1.1 files record by record (see warc.h and the
 * WARC part of archive.h).
 *
 * Three layers.  The source yields uncompressed bytes into one fixed
 * buffer; it inflates gzip itself (not gzread()) so that it knows where
 * each member starts in the file.  The record layer cuts that stream into
 * header block, Content-Length bytes of block and separator, copying only
 * the blocks of candidate documents.  The payload layer reads the HTTP
 * head and removes chunking and compression, never past max_record.
 */
/* SPDX-License-Identifier: MIT */
#include "warc.h"

#include <assert.h>
#include <errno.h>
#include <limits.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

/* next_in is then a const pointer: zlib reads, never writes it. */
#define ZLIB_CONST
#include <zlib.h>

#include "buf.h"
#include "xalloc.h"

enum {
    BUF_SIZE = 256 * 1024,      /* uncompressed bytes pending */
    RAW_SIZE = 64 * 1024,       /* compressed bytes pending */
    VERSION_MAX = 16,           /* "WARC/123.456\r\n" and a little */
    CHARSET_MAX = 40,
};
static_assert(BUF_SIZE >= 2 * WARC_HEAD_MAX, "a header fits the buffer");

/* A gzip member that starts in the pending bytes. */
struct member {
    unsigned long long uoff;    /* its first uncompressed byte */
    unsigned long long coff;    /* its first byte in the file */
};

enum rec_type {
    T_WARCINFO, T_RESPONSE, T_RESOURCE, T_REQUEST, T_METADATA, T_REVISIT,
    T_OTHER,
};

enum coding { ENC_NONE, ENC_GZIP, ENC_DEFLATE, ENC_OTHER };

enum media { MEDIA_NONE, MEDIA_HTML, MEDIA_TEXT, MEDIA_OTHER };

/* The WARC header fields we use: pointers into w->head, NUL-terminated,
 * or NULL if absent. */
struct fields {
    char *type, *id, *uri, *date, *length, *ctype, *ident_type;
    bool truncated;
};

/* What the HTTP head of a response says. */
struct http {
    int status;
    size_t head_len;            /* bytes up to the body */
    const unsigned char *ctype; /* NULL if absent */
    size_t ctype_len;
    bool chunked;
    enum coding coding;
};

struct warc {
    /* source: a file descriptor or memory */
    int fd;                     /* -1: read mem[] */
    const unsigned char *mem;
    size_t mem_len, mem_pos;
    bool started;               /* gzip or plain decided */
    bool gz;
    z_stream zs;                /* gzip: next_in/avail_in are the pending
                                   compressed bytes in raw[] */
    bool zs_ready;
    bool in_member;
    unsigned char *raw;
    unsigned long long raw_total;       /* bytes read from the source */
    bool raw_eof;
    unsigned long long member_coff;     /* where the current one starts */
    struct member *members;     /* members[first..n), uoff ascending */
    size_t first, n, cap;

    /* uncompressed bytes buf[start..end) pending */
    unsigned char *buf;
    size_t start, end;
    unsigned long long uoff;    /* offset of buf[start] */
    unsigned long line;         /* LFs consumed */
    bool eof;                   /* no more bytes will come */
    bool failed;                /* ... because of this error: */
    int fail_errno;
    char fail_msg[200];

    size_t max_record;
    unsigned long long length;  /* Content-Length of the current record */
    bool done;
    bool resync;                /* skip to the next version line first */
    bool resync_here;           /* ... which may be the current one */
    struct archive_skips skips;

    /* the current record */
    struct buf head, block, body;
    char charset[CHARSET_MAX + 1];
    char msg[240];
    char zmsg[120];             /* zlib's word on the content coding */
};

static struct warc *new_warc(size_t max_record)
{
    struct warc *w = xcalloc(1, sizeof *w);
    w->fd = -1;
    w->max_record = max_record;
    w->buf = xmalloc(BUF_SIZE);
    w->raw = xmalloc(RAW_SIZE);
    w->zs.next_in = w->raw;
    return w;
}

struct warc *warc_open_fd(int fd, size_t max_record)
{
    struct warc *w = new_warc(max_record);
    w->fd = fd;
    return w;
}

struct warc *warc_open_mem(const void *data, size_t len, size_t max_record)
{
    struct warc *w = new_warc(max_record);
    w->mem = data;
    w->mem_len = data ? len : 0;
    return w;
}

void warc_close(struct warc *w)
{
    if (!w)
        return;
    if (w->fd >= 0)
        close(w->fd);
    if (w->zs_ready)
        inflateEnd(&w->zs);
    free(w->members);
    free(w->raw);
    free(w->buf);
    free(w->head.p);
    free(w->block.p);
    free(w->body.p);
    free(w);
}

void warc_skipped(const struct warc *w, struct archive_skips *out)
{
    *out = w->skips;
}

/* ---- bytes ------------------------------------------------------------ */


/* A buffer's bytes as the octets WARC parsing reads. */
static unsigned char *bytes_of(const struct buf *b)
{
    return (unsigned char *)b->p;
}

static unsigned long count_lf(const unsigned char *p, size_t n)
{
    unsigned long k = 0;
    const unsigned char *end = p + n;

    while (p < end) {
        p = memchr(p, '\n', (size_t)(end - p));
        if (!p)
            break;
        k++;
        p++;
    }
    return k;
}

/* ---- source ----------------------------------------------------------- */

static void fail(struct warc *w, int err, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/* The input ends here, with an error that warc_next() will return. */
static void fail(struct warc *w, int err, const char *fmt, ...)
{
    va_list ap;

    va_start(ap, fmt);
    vsnprintf(w->fail_msg, sizeof w->fail_msg, fmt, ap);
    va_end(ap);
    w->fail_errno = err;
    w->failed = true;
    w->eof = true;
}

/* Up to n bytes from the source into p: their number, 0 at the end, or -1
 * with errno set. */
static long src_read(struct warc *w, unsigned char *p, size_t n)
{
    if (w->fd < 0) {
        size_t k = w->mem_len - w->mem_pos;
        if (k > n)
            k = n;
        if (k)
            memcpy(p, w->mem + w->mem_pos, k);
        w->mem_pos += k;
        return (long)k;
    }
    if (n > LONG_MAX)
        n = LONG_MAX;
    for (;;) {
        ssize_t r = read(w->fd, p, n);
        if (r >= 0 || errno != EINTR)
            return (long)r;
    }
}

/* Move the pending compressed bytes to the front of raw[] and read more;
 * raw_eof at the end of the source (or at a read error, then failed). */
static void raw_refill(struct warc *w)
{
    size_t have = w->zs.avail_in;

    if (have && w->zs.next_in != w->raw)
        memmove(w->raw, w->zs.next_in, have);
    w->zs.next_in = w->raw;
    long n = src_read(w, w->raw + have, RAW_SIZE - have);
    if (n < 0) {
        w->raw_eof = true;
        fail(w, errno, "%s", strerror(errno));
        return;
    }
    if (n == 0)
        w->raw_eof = true;
    w->zs.avail_in = (uInt)(have + (size_t)n);
    w->raw_total += (unsigned long long)n;
}

/* Decide gzip or plain by the first two bytes; plain bytes read for that
 * go to buf[]. */
static void start(struct warc *w)
{
    w->started = true;
    while (w->zs.avail_in < 2 && !w->raw_eof)
        raw_refill(w);
    if (w->zs.avail_in >= 2 && w->zs.next_in[0] == 0x1f &&
        w->zs.next_in[1] == 0x8b) {
        w->gz = true;
        if (inflateInit2(&w->zs, 15 + 16) != Z_OK) {
            fail(w, ENOMEM, "cannot start zlib");
            return;
        }
        w->zs_ready = true;
        return;
    }
    memcpy(w->buf + w->end, w->zs.next_in, w->zs.avail_in);
    w->end += w->zs.avail_in;
    w->zs.avail_in = 0;
    if (w->raw_eof)
        w->eof = true;
}

/* Note a gzip member that starts at uncompressed offset uoff.  Empty
 * members share an offset with the next one: the last of them holds the
 * byte there. */
static void push_member(struct warc *w, unsigned long long uoff,
                        unsigned long long coff)
{
    if (w->n > w->first && w->members[w->n - 1].uoff == uoff) {
        w->members[w->n - 1].coff = coff;
        return;
    }
    if (w->n == w->cap && w->first) {
        memmove(w->members, w->members + w->first,
                (w->n - w->first) * sizeof *w->members);
        w->n -= w->first;
        w->first = 0;
    }
    if (w->n == w->cap) {
        w->cap = w->cap ? 2 * w->cap : 64;
        w->members = xreallocarray(w->members, w->cap, sizeof *w->members);
    }
    w->members[w->n].uoff = uoff;
    w->members[w->n].coff = coff;
    w->n++;
}

/* Inflate until buf[] is full or the input ends. */
static void inflate_more(struct warc *w)
{
    while (w->end < BUF_SIZE && !w->eof) {
        if (w->zs.avail_in < 2 && !w->raw_eof) {
            raw_refill(w);
            continue;
        }
        if (!w->in_member) {
            unsigned long long coff = w->raw_total - w->zs.avail_in;
            if (w->zs.avail_in == 0) {
                w->eof = true;          /* after a whole member: the end */
                break;
            }
            if (w->zs.avail_in < 2 || w->zs.next_in[0] != 0x1f ||
                w->zs.next_in[1] != 0x8b) {
                fail(w, EIO, "data at offset %llu after a gzip member is "
                     "not gzip", coff);
                break;
            }
            push_member(w, w->uoff + (w->end - w->start), coff);
            w->member_coff = coff;
            inflateReset(&w->zs);
            w->in_member = true;
        }
        w->zs.next_out = w->buf + w->end;
        w->zs.avail_out = (uInt)(BUF_SIZE - w->end);
        int rc = inflate(&w->zs, Z_NO_FLUSH);
        w->end = BUF_SIZE - w->zs.avail_out;
        if (rc == Z_STREAM_END) {
            w->in_member = false;
        } else if (rc == Z_BUF_ERROR && w->zs.avail_in == 0 && w->raw_eof) {
            fail(w, EIO, "gzip member at offset %llu cut short (unexpected "
                 "end of file)", w->member_coff);
        } else if (rc != Z_OK && rc != Z_BUF_ERROR) {
            fail(w, EIO, "gzip member at offset %llu: %s", w->member_coff,
                 w->zs.msg ? w->zs.msg : "corrupt data");
        }
    }
}

/* Move the pending bytes to the front of buf[] and add more, up to a full
 * buffer; eof at the end of the input. */
static void fill(struct warc *w)
{
    size_t have = w->end - w->start;

    memmove(w->buf, w->buf + w->start, have);
    w->start = 0;
    w->end = have;
    if (!w->started)
        start(w);
    if (w->eof)
        return;
    if (w->gz) {
        inflate_more(w);
        return;
    }
    while (w->end < BUF_SIZE) {
        long n = src_read(w, w->buf + w->end, BUF_SIZE - w->end);
        if (n < 0) {
            fail(w, errno, "%s", strerror(errno));
            return;
        }
        if (n == 0) {
            w->eof = true;
            return;
        }
        w->end += (size_t)n;
    }
}

/* Try to have n bytes (n <= BUF_SIZE) pending; false if fewer are left. */
static bool ensure(struct warc *w, size_t n)
{
    while (w->end - w->start < n && !w->eof)
        fill(w);
    return w->end - w->start >= n;
}

/* Consume n pending bytes. */
static void consume(struct warc *w, size_t n)
{
    w->line += count_lf(w->buf + w->start, n);
    w->start += n;
    w->uoff += n;
    while (w->first < w->n && w->members[w->first].uoff < w->uoff)
        w->first++;
    if (w->first == w->n)
        w->first = w->n = 0;
}

/* Move the next n input bytes to 'dst' (NULL: drop them); returns how
 * many there were (fewer at the end of the input). */
static unsigned long long take(struct warc *w, unsigned long long n,
                               struct buf *dst)
{
    unsigned long long got = 0;

    while (got < n) {
        if (w->start == w->end) {
            if (w->eof)
                break;
            fill(w);
            continue;
        }
        size_t k = w->end - w->start;
        if (k > n - got)
            k = (size_t)(n - got);
        if (dst)
            buf_put(dst, w->buf + w->start, k);
        consume(w, k);
        got += k;
    }
    return got;
}

/* ---- record layer ----------------------------------------------------- */

static int rec_error(struct warc *w, struct archive_rec *rec,
                     const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/* Make *rec an error record; returns 1. */
static int rec_error(struct warc *w, struct archive_rec *rec,
                     const char *fmt, ...)
{
    va_list ap;

    va_start(ap, fmt);
    vsnprintf(w->msg, sizeof w->msg, fmt, ap);
    va_end(ap);
    rec->error = w->msg;
    rec->text = NULL;
    rec->text_len = 0;
    rec->html = false;
    rec->charset = NULL;
    return 1;
}

static int too_large(struct warc *w, struct archive_rec *rec)
{
    rec_error(w, rec, "record larger than --max-doc-size (%zu bytes)",
              w->max_record);
    rec->too_large = true;
    return 1;
}

/* Report the read error; returns -1 and ends the archive. */
static int read_error(struct warc *w, struct archive_rec *rec)
{
    rec->line = w->line + 1;
    rec->error = w->fail_msg;
    rec->text = NULL;
    rec->text_len = 0;
    w->done = true;
    errno = w->fail_errno;
    return -1;
}

/* Length of the version line "WARC/D.D" CRLF (or LF) at p[0..n), 0 if
 * there is none, -1 if more bytes are needed to tell. */
static int version_line(const unsigned char *p, size_t n)
{
    static const char tag[] = "WARC/";
    size_t i = 0;

    for (; i < 5; i++) {
        if (i == n)
            return -1;
        if (p[i] != (unsigned char)tag[i])
            return 0;
    }
    for (int part = 0; part < 2; part++) {
        size_t first = i;
        while (i < n && i - first < 3 && p[i] >= '0' && p[i] <= '9')
            i++;
        if (i == n)
            return -1;
        if (i == first)
            return 0;
        if (part == 0 && p[i++] != '.')
            return 0;
    }
    if (p[i] == '\r')
        i++;
    if (i == n)
        return -1;
    return p[i] == '\n' ? (int)i + 1 : 0;
}

/* The version line at the pending bytes: its length, or 0. */
static int at_version_line(struct warc *w)
{
    ensure(w, VERSION_MAX);
    int v = version_line(w->buf + w->start, w->end - w->start);
    return v > 0 ? v : 0;
}

/* Skip CR and LF bytes: false at the end of the input. */
static bool skip_blank(struct warc *w)
{
    for (;;) {
        size_t i = w->start;
        while (i < w->end && (w->buf[i] == '\r' || w->buf[i] == '\n'))
            i++;
        consume(w, i - w->start);
        if (w->start < w->end)
            return true;
        if (w->eof)
            return false;
        fill(w);
    }
}

/* Drop input up to the next line that is a version line, or to the end:
 * the way back after garbage or a header we cannot trust.  'here': the
 * current line may be that line (we are at a line start). */
static void resync(struct warc *w, bool here)
{
    if (here && at_version_line(w))
        return;
    for (;;) {
        const unsigned char *p = w->buf + w->start;
        size_t n = w->end - w->start;
        const unsigned char *lf = memchr(p, '\n', n);
        if (!lf) {
            consume(w, n);
            if (w->eof)
                return;
            fill(w);
            continue;
        }
        consume(w, (size_t)(lf - p) + 1);
        if (at_version_line(w))
            return;
    }
}

/* Where the header block at p[0..n) (its version line included) ends,
 * after its empty line; 0 if it has none there. */
static size_t head_end(const unsigned char *p, size_t n)
{
    const unsigned char *end = p + n, *s = p;

    while (s < end) {
        const unsigned char *lf = memchr(s, '\n', (size_t)(end - s));
        if (!lf || lf + 1 == end)
            return 0;
        if (lf[1] == '\n')
            return (size_t)(lf - p) + 2;
        if (lf[1] == '\r' && lf + 2 < end && lf[2] == '\n')
            return (size_t)(lf - p) + 3;
        s = lf + 1;
    }
    return 0;
}

static bool is_ws(unsigned char c)
{
    return c == ' ' || c == '\t';
}

/* Trim spaces and tabs around p[0..*n); returns the new start. */
static const unsigned char *trim(const unsigned char *p, size_t *n)
{
    while (*n && is_ws(p[0])) {
        p++;
        (*n)--;
    }
    while (*n && is_ws(p[*n - 1]))
        (*n)--;
    return p;
}

static bool name_is(const unsigned char *p, size_t n, const char *name)
{
    return strlen(name) == n && strncasecmp((const char *)p, name, n) == 0;
}

/* A value without the angle brackets around it, if it has both. */
static char *unbracket(char *v)
{
    size_t n = strlen(v);

    if (n >= 2 && v[0] == '<' && v[n - 1] == '>') {
        v[n - 1] = '\0';
        return v + 1;
    }
    return v;
}

/* Unfold the header lines in w->head (version line excluded) into
 * "name\0value\0" pairs in place and pick our fields: NULL if the header
 * is sound, else why not. */
static const char *parse_fields(struct warc *w, struct fields *f)
{
    unsigned char *p = bytes_of(&w->head);
    size_t n = w->head.len, r = 0, out = 0;
    size_t value = 0;           /* offset of the current value, 0: none */

    memset(f, 0, sizeof *f);
    if (memchr(p, '\0', n))
        return "NUL byte in the WARC header";
    /* Fold continuation lines into the value before them, one space
     * between, and end each name and value with a NUL. */
    while (r < n) {
        unsigned char *lf = memchr(p + r, '\n', n - r);
        size_t len = (lf ? (size_t)(lf - p) : n) - r;
        size_t next = r + len + (lf ? 1 : 0);
        if (len && p[r + len - 1] == '\r')
            len--;
        const unsigned char *s = p + r;
        if (len == 0) {
            r = next;
            continue;           /* the empty line that ends the block */
        }
        if (is_ws(s[0])) {
            if (!value)
                return "WARC header starts with a continuation line";
            s = trim(s, &len);
            if (len == 0) {
                r = next;
                continue;
            }
            out--;              /* over the value's NUL */
            if (out > value)
                p[out++] = ' ';
            memmove(p + out, s, len);
            out += len;
            p[out++] = '\0';
            r = next;
            continue;
        }
        const unsigned char *colon = memchr(s, ':', len);
        if (!colon || colon == s)
            return "WARC header line without a field name and colon";
        size_t name_len = (size_t)(colon - s);
        size_t vlen = len - name_len - 1;
        const unsigned char *v = trim(colon + 1, &vlen);
        memmove(p + out, s, name_len);
        out += name_len;
        p[out++] = '\0';
        value = out;
        memmove(p + out, v, vlen);
        out += vlen;
        p[out++] = '\0';
        r = next;
    }
    /* Now the pairs; a value folded later may have moved, so read them
     * after all folding is done.  The first of duplicates wins. */
    for (size_t i = 0; i < out;) {
        const unsigned char *name = p + i;
        size_t name_len = strlen((const char *)name);
        char *v = (char *)p + i + name_len + 1;
        i += name_len + 1 + strlen(v) + 1;
        char **slot = NULL;
        if (name_is(name, name_len, "WARC-Type"))
            slot = &f->type;
        else if (name_is(name, name_len, "WARC-Record-ID"))
            slot = &f->id;
        else if (name_is(name, name_len, "WARC-Target-URI"))
            slot = &f->uri;
        else if (name_is(name, name_len, "WARC-Date"))
            slot = &f->date;
        else if (name_is(name, name_len, "Content-Length"))
            slot = &f->length;
        else if (name_is(name, name_len, "Content-Type"))
            slot = &f->ctype;
        else if (name_is(name, name_len, "WARC-Identified-Payload-Type"))
            slot = &f->ident_type;
        else if (name_is(name, name_len, "WARC-Truncated"))
            f->truncated = true;
        if (slot && !*slot)
            *slot = v;
    }
    if (f->id)
        f->id = unbracket(f->id);
    if (f->uri)
        f->uri = unbracket(f->uri);
    return NULL;
}

/* Content-Length: decimal digits only. */
static bool parse_length(const char *s, unsigned long long *out)
{
    unsigned long long v = 0;

    if (!s || !*s)
        return false;
    for (; *s; s++) {
        if (*s < '0' || *s > '9' || v > (ULLONG_MAX - 9) / 10)
            return false;
        v = v * 10 + (unsigned long long)(*s - '0');
    }
    *out = v;
    return true;
}

static enum rec_type type_of(const char *s)
{
    static const struct {
        const char *name;
        enum rec_type type;
    } types[] = {
        {"warcinfo", T_WARCINFO}, {"response", T_RESPONSE},
        {"resource", T_RESOURCE}, {"request", T_REQUEST},
        {"metadata", T_METADATA}, {"revisit", T_REVISIT},
    };
    for (size_t i = 0; i < sizeof types / sizeof *types; i++) {
        if (strcasecmp(s, types[i].name) == 0)
            return types[i].type;
    }
    return T_OTHER;
}

/* The counter of records of type t, which are no documents. */
static unsigned long *skip_counter(struct warc *w, enum rec_type t)
{
    struct archive_skips *s = &w->skips;

    switch (t) {
    case T_WARCINFO:
        return &s->warcinfo;
    case T_REQUEST:
        return &s->request;
    case T_METADATA:
        return &s->metadata;
    case T_REVISIT:
        return &s->revisit;
    default:
        return &s->other_type;
    }
}

/* ---- payload layer ---------------------------------------------------- */

/* The media type of a Content-Type value v[0..n) (v may be NULL). */
static enum media media_of(const unsigned char *v, size_t n)
{
    static const struct {
        const char *name;
        enum media media;
    } known[] = {
        {"text/html", MEDIA_HTML},
        {"application/xhtml+xml", MEDIA_HTML},
        {"text/plain", MEDIA_TEXT},
    };
    if (!v)
        return MEDIA_NONE;
    v = trim(v, &n);
    const unsigned char *semi = memchr(v, ';', n);
    if (semi)
        n = (size_t)(semi - v);
    v = trim(v, &n);
    if (n == 0)
        return MEDIA_NONE;
    for (size_t i = 0; i < sizeof known / sizeof *known; i++) {
        if (name_is(v, n, known[i].name))
            return known[i].media;
    }
    return MEDIA_OTHER;
}

/* The charset parameter of the Content-Type value v[0..n), lower-cased
 * into w->charset; NULL if there is none or it is not a plain token. */
static const char *charset_of(struct warc *w, const unsigned char *v,
                              size_t n)
{
    const unsigned char *end = v ? v + n : NULL;
    const unsigned char *s = v ? memchr(v, ';', n) : NULL;

    while (s) {
        s++;
        const unsigned char *next = memchr(s, ';', (size_t)(end - s));
        size_t len = (size_t)((next ? next : end) - s);
        const unsigned char *eq = memchr(s, '=', len);
        size_t name_len = eq ? (size_t)(eq - s) : 0;
        const unsigned char *name = trim(s, &name_len);
        if (eq && name_is(name, name_len, "charset")) {
            size_t vlen = len - (size_t)(eq + 1 - s);
            const unsigned char *cv = trim(eq + 1, &vlen);
            if (vlen >= 2 && cv[0] == '"' && cv[vlen - 1] == '"') {
                cv++;
                vlen -= 2;
            }
            if (vlen == 0 || vlen > CHARSET_MAX)
                return NULL;
            for (size_t i = 0; i < vlen; i++) {
                unsigned char c = cv[i];
                bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
                          (c >= '0' && c <= '9') || c == '-' || c == '_' ||
                          c == '.' || c == ':' || c == '+';
                if (!ok)
                    return NULL;
                w->charset[i] = (char)(c >= 'A' && c <= 'Z' ? c + 32 : c);
            }
            w->charset[vlen] = '\0';
            return w->charset;
        }
        s = next;
    }
    return NULL;
}

/* Does the comma-separated list v[0..n) hold the token 'tok'? */
static bool has_token(const unsigned char *v, size_t n, const char *tok)
{
    const unsigned char *end = v + n;

    while (v < end) {
        const unsigned char *comma = memchr(v, ',', (size_t)(end - v));
        size_t len = (size_t)((comma ? comma : end) - v);
        const unsigned char *t = trim(v, &len);
        if (name_is(t, len, tok))
            return true;
        v = comma ? comma + 1 : end;
    }
    return false;
}

/* The Content-Encoding list v[0..n): one coding we can undo, or none. */
static enum coding coding_of(const unsigned char *v, size_t n)
{
    const unsigned char *end = v + n;
    enum coding c = ENC_NONE;

    while (v < end) {
        const unsigned char *comma = memchr(v, ',', (size_t)(end - v));
        size_t len = (size_t)((comma ? comma : end) - v);
        const unsigned char *t = trim(v, &len);
        v = comma ? comma + 1 : end;
        if (len == 0 || name_is(t, len, "identity"))
            continue;
        if (c != ENC_NONE)
            return ENC_OTHER;   /* two codings: rare, not undone */
        if (name_is(t, len, "gzip") || name_is(t, len, "x-gzip"))
            c = ENC_GZIP;
        else if (name_is(t, len, "deflate"))
            c = ENC_DEFLATE;
        else
            return ENC_OTHER;
    }
    return c;
}

/* Read the HTTP head at p[0..n); 'whole' if that is the whole block (a
 * head without its empty line then ends there).  NULL, or why not. */
static const char *parse_http(const unsigned char *p, size_t n, bool whole,
                              struct http *h)
{
    size_t i = 5;

    memset(h, 0, sizeof *h);
    if (n < 5 || memcmp(p, "HTTP/", 5) != 0)
        return "invalid HTTP status line";
    while (i < n && ((p[i] >= '0' && p[i] <= '9') || p[i] == '.'))
        i++;
    if (i == 5 || i == n || p[i] != ' ')
        return "invalid HTTP status line";
    while (i < n && p[i] == ' ')
        i++;
    if (n - i < 3)
        return "invalid HTTP status line";
    for (int k = 0; k < 3; k++) {
        if (p[i] < '0' || p[i] > '9')
            return "invalid HTTP status line";
        h->status = h->status * 10 + (p[i++] - '0');
    }
    if (i < n && p[i] != ' ' && p[i] != '\r' && p[i] != '\n')
        return "invalid HTTP status line";

    const unsigned char *lf = memchr(p + i, '\n', n - i);
    size_t r = lf ? (size_t)(lf - p) + 1 : n;
    for (;;) {
        if (r == n) {
            if (!whole)
                return "HTTP head longer than 65536 bytes";
            h->head_len = n;
            break;
        }
        lf = memchr(p + r, '\n', n - r);
        size_t len = (lf ? (size_t)(lf - p) : n) - r;
        size_t next = r + len + (lf ? 1 : 0);
        if (!lf && !whole)
            return "HTTP head longer than 65536 bytes";
        if (len && p[r + len - 1] == '\r')
            len--;
        if (len == 0) {
            h->head_len = next;
            break;
        }
        const unsigned char *s = p + r;
        const unsigned char *colon = memchr(s, ':', len);
        if (colon) {
            size_t name_len = (size_t)(colon - s);
            size_t vlen = len - name_len - 1;
            const unsigned char *v = trim(colon + 1, &vlen);
            if (name_is(s, name_len, "Content-Type") && !h->ctype) {
                h->ctype = v;
                h->ctype_len = vlen;
            } else if (name_is(s, name_len, "Transfer-Encoding")) {
                h->chunked = h->chunked || has_token(v, vlen, "chunked");
            } else if (name_is(s, name_len, "Content-Encoding")) {
                enum coding c = coding_of(v, vlen);
                if (h->coding == ENC_NONE)
                    h->coding = c;
                else if (c != ENC_NONE)
                    h->coding = ENC_OTHER;  /* two codings: not undone */
            }
        }                       /* other lines: HTTP is messy, ignore */
        r = next;
    }
    return NULL;
}

/* Does the payload start like HTML?  The tags of the WHATWG MIME sniffing
 * rule for text/html, after white space and a UTF-8 BOM. */
static bool sniff_html(const unsigned char *p, size_t n)
{
    static const char *const tags[] = {
        "!doctype html", "html", "head", "script", "iframe", "h1", "div",
        "font", "table", "a", "style", "title", "b", "body", "br", "p",
        "!--",
    };
    size_t i = n >= 3 && memcmp(p, "\xef\xbb\xbf", 3) == 0 ? 3 : 0;

    while (i < n && (p[i] == ' ' || p[i] == '\t' || p[i] == '\n' ||
                     p[i] == '\r' || p[i] == '\f'))
        i++;
    if (i == n || p[i] != '<')
        return false;
    i++;
    for (size_t t = 0; t < sizeof tags / sizeof *tags; t++) {
        size_t len = strlen(tags[t]);
        if (n - i <= len ||
            strncasecmp((const char *)p + i, tags[t], len) != 0)
            continue;
        unsigned char c = p[i + len];
        if (c == ' ' || c == '>' || c == '\t' || c == '\n' || c == '\r' ||
            c == '\f')
            return true;
    }
    return false;
}

enum dechunk_rc { DC_OK, DC_PLAIN, DC_BAD, DC_SHORT };

/* Undo chunked transfer coding of p[0..*n) in place (the output never
 * outruns the input); *n becomes the body's length.  DC_PLAIN: the first
 * line is no chunk size, take the body as it is; DC_BAD: a later one is
 * not (*bad_at: its offset); DC_SHORT: a chunk runs past the end (what
 * there is of it is kept).  A body that ends after a whole chunk without
 * the final zero-size chunk is accepted. */
static enum dechunk_rc dechunk(unsigned char *p, size_t *n, size_t *bad_at)
{
    size_t len = *n, r = 0, out = 0;

    while (r < len) {
        size_t i = r, size = 0;
        bool overflow = false;
        for (; i < len; i++) {
            unsigned char c = p[i];
            int d = c >= '0' && c <= '9'   ? c - '0'
                    : c >= 'a' && c <= 'f' ? c - 'a' + 10
                    : c >= 'A' && c <= 'F' ? c - 'A' + 10
                                           : -1;
            if (d < 0)
                break;
            overflow = overflow || size > SIZE_MAX / 16;
            size = size * 16 + (size_t)d;
        }
        const unsigned char *lf = memchr(p + i, '\n', len - i);
        bool ok = i > r && !overflow && lf;
        /* After the digits: spaces, then ";extension", then CR LF. */
        while (ok && i < len && is_ws(p[i]))
            i++;
        if (ok && p[i] != ';' && p + i != lf &&
            !(p[i] == '\r' && p + i + 1 == lf))
            ok = false;
        if (!ok) {
            if (r == 0)
                return DC_PLAIN;
            *bad_at = r;
            *n = out;
            return DC_BAD;
        }
        r = (size_t)(lf - p) + 1;
        if (size == 0)
            break;              /* the last chunk; trailers ignored */
        if (size > len - r) {
            memmove(p + out, p + r, len - r);
            *n = out + (len - r);
            return DC_SHORT;
        }
        memmove(p + out, p + r, size);
        out += size;
        r += size;
        if (r < len && p[r] == '\r')
            r++;
        if (r < len && p[r] != '\n') {
            *bad_at = r;
            *n = out;
            return DC_BAD;
        }
        if (r < len)
            r++;
    }
    *n = out;
    return DC_OK;
}

enum inflate_rc { INF_OK, INF_LARGE, INF_BAD, INF_SHORT };

/* Inflate p[0..n) (gzip, or zlib or raw deflate) into w->body, never more
 * than max_record bytes: INF_LARGE beyond.  On INF_BAD w->zmsg holds
 * zlib's message.  INF_SHORT: the stream ends early (what there is of it
 * is in w->body). */
static enum inflate_rc inflate_body(struct warc *w, const unsigned char *p,
                                    size_t n, enum coding c)
{
    z_stream zs;
    int bits = 15 + 16;
    enum inflate_rc ret = INF_OK;
    size_t limit = w->max_record < SIZE_MAX - 2 ? w->max_record + 1
                                                : SIZE_MAX - 2;

    /* "deflate" is meant to be zlib (RFC 9110), but servers send raw
     * deflate too; a zlib header tells them apart. */
    if (c == ENC_DEFLATE)
        bits = n >= 2 && (p[0] & 0x0f) == 8 && (p[0] << 8 | p[1]) % 31 == 0
                   ? 15 : -15;
    memset(&zs, 0, sizeof zs);
    if (inflateInit2(&zs, bits) != Z_OK) {
        snprintf(w->zmsg, sizeof w->zmsg, "cannot start zlib");
        return INF_BAD;
    }
    w->body.len = 0;
    buf_reserve(&w->body, n < limit / 4 ? 4 * n : limit);
    zs.next_in = p;
    size_t in_left = n;
    for (;;) {
        if (zs.avail_in == 0 && in_left) {
            zs.avail_in = in_left > UINT_MAX ? UINT_MAX : (uInt)in_left;
            in_left -= zs.avail_in;
        }
        if (w->body.len >= limit) {
            ret = INF_LARGE;
            break;
        }
        if (w->body.cap - 1 == w->body.len) {
            size_t want = w->body.cap * 2;
            buf_reserve(&w->body, (want < limit ? want : limit) - w->body.len);
        }
        size_t room = w->body.cap - 1 - w->body.len;
        if (room > limit - w->body.len)
            room = limit - w->body.len;
        zs.next_out = bytes_of(&w->body) + w->body.len;
        zs.avail_out = room > UINT_MAX ? UINT_MAX : (uInt)room;
        uInt before = zs.avail_out;
        int rc = inflate(&zs, Z_NO_FLUSH);
        w->body.len += before - zs.avail_out;
        if (rc == Z_STREAM_END) {
            break;
        } else if (rc == Z_BUF_ERROR || (rc == Z_OK && zs.avail_out)) {
            if (zs.avail_in == 0 && !in_left) {
                ret = INF_SHORT;
                break;
            }
        } else if (rc != Z_OK) {
            snprintf(w->zmsg, sizeof w->zmsg, "%s",
                     zs.msg ? zs.msg : "corrupt data");
            ret = INF_BAD;
            break;
        }
    }
    inflateEnd(&zs);
    if (ret == INF_OK && w->body.len > w->max_record)
        ret = INF_LARGE;
    w->body.p[w->body.len] = '\0';
    return ret;
}

/* ---- records ---------------------------------------------------------- */

enum step { S_RECORD, S_SKIP, S_END, S_FAIL };

/* The block ended before Content-Length bytes: a read error, or a file
 * cut short (an error record, then the end). */
static enum step cut_short(struct warc *w, struct archive_rec *rec)
{
    if (w->failed)
        return S_FAIL;
    rec_error(w, rec, "block runs past the end of the file (Content-Length "
              "%llu)", w->length);
    w->done = true;
    return S_RECORD;
}

/* Drop the rest (n bytes) of a block after *rec was made an error record,
 * which stays the error even if the file ends inside the block. */
static enum step drop(struct warc *w, unsigned long long n)
{
    if (take(w, n, NULL) == n)
        return S_RECORD;
    if (w->failed)
        return S_FAIL;
    w->done = true;
    return S_RECORD;
}

/* Skip the rest (n bytes) of a block that is no document and count it
 * in *counter; a block cut short is an error record instead. */
static enum step skip_rest(struct warc *w, struct archive_rec *rec,
                           unsigned long long n, unsigned long *counter)
{
    if (take(w, n, NULL) < n)
        return cut_short(w, rec);
    (*counter)++;
    return S_SKIP;
}

/* Decode the body b[0..n) of a document into rec->text. */
static enum step finish_payload(struct warc *w, struct archive_rec *rec,
                                unsigned char *b, size_t n, bool chunked,
                                enum coding c, bool truncated)
{
    size_t bad_at = 0;

    if (chunked) {
        enum dechunk_rc rc = dechunk(b, &n, &bad_at);
        if (rc == DC_BAD) {
            rec_error(w, rec, "bad chunk size at byte %zu of the chunked "
                      "HTTP body", bad_at);
            return S_RECORD;
        }
        if (rc == DC_SHORT && !truncated) {
            rec_error(w, rec, "chunked HTTP body cut short");
            return S_RECORD;
        }
    }
    b[n] = '\0';
    rec->text = (const char *)b;
    rec->text_len = n;
    /* Without the magic bytes it is no gzip at all: writers that store
     * the body decoded but keep the header. */
    if (c == ENC_GZIP && (n < 2 || b[0] != 0x1f || b[1] != 0x8b))
        c = ENC_NONE;
    if (c == ENC_NONE || n == 0)
        return S_RECORD;
    switch (inflate_body(w, b, n, c)) {
    case INF_OK:
        break;
    case INF_LARGE:
        too_large(w, rec);
        return S_RECORD;
    case INF_BAD:
        rec_error(w, rec, "corrupt %s content: %s",
                  c == ENC_GZIP ? "gzip" : "deflate", w->zmsg);
        return S_RECORD;
    case INF_SHORT:
        if (!truncated) {
            rec_error(w, rec, "%s content cut short",
                      c == ENC_GZIP ? "gzip" : "deflate");
            return S_RECORD;
        }
        break;
    }
    rec->text = (const char *)w->body.p;
    rec->text_len = w->body.len;
    return S_RECORD;
}

/* A response or resource record whose header is read: its block is the
 * next 'length' bytes.  A document, an error record or a skip. */
static enum step read_document(struct warc *w, struct archive_rec *rec,
                               const struct fields *f, enum rec_type t,
                               unsigned long long length)
{
    struct http h = {0};
    size_t prefix = length < WARC_HEAD_MAX ? (size_t)length : WARC_HEAD_MAX;
    const unsigned char *ctype = (const unsigned char *)f->ctype;
    size_t ctype_len = ctype ? strlen(f->ctype) : 0;
    bool http = false;

    w->block.len = 0;
    buf_reserve(&w->block, prefix);
    if (take(w, prefix, &w->block) < prefix)
        return cut_short(w, rec);
    buf_put(&w->block, "", 0);
    if (t == T_RESPONSE) {
        /* dns: and other non-HTTP responses carry their own type. */
        http = ctype ? has_token(ctype, strcspn(f->ctype, ";"),
                                 "application/http")
                     : prefix >= 5 && memcmp(w->block.p, "HTTP/", 5) == 0;
    }
    if (http) {
        const char *why = parse_http(bytes_of(&w->block), prefix,
                                     prefix == length, &h);
        if (why) {
            rec_error(w, rec, "%s", why);
            return drop(w, length - prefix);
        }
        if (h.status < 200 || h.status > 299) {
            return skip_rest(w, rec, length - prefix, &w->skips.not_2xx);
        }
        ctype = h.ctype;
        ctype_len = h.ctype_len;
    }
    if (!ctype && f->ident_type) {
        ctype = (const unsigned char *)f->ident_type;
        ctype_len = strlen(f->ident_type);
    }
    enum media m = media_of(ctype, ctype_len);
    const unsigned char *body = bytes_of(&w->block) + h.head_len;
    size_t body_have = prefix - h.head_len;
    if (m == MEDIA_OTHER ||
        (m == MEDIA_NONE && h.coding == ENC_NONE && !h.chunked &&
         !sniff_html(body, body_have))) {
        return skip_rest(w, rec, length - prefix, &w->skips.not_text);
    }
    if (h.coding == ENC_OTHER) {
        return skip_rest(w, rec, length - prefix, &w->skips.encoding);
    }
    if (length - h.head_len > w->max_record) {
        too_large(w, rec);
        return drop(w, length - prefix);
    }
    size_t rest = (size_t)(length - prefix);
    buf_reserve(&w->block, rest);
    if (take(w, rest, &w->block) < rest)
        return cut_short(w, rec);
    buf_put(&w->block, "", 0);
    rec->html = m == MEDIA_HTML;
    rec->charset = charset_of(w, ctype, ctype_len);
    enum step s = finish_payload(w, rec, bytes_of(&w->block) + h.head_len,
                                 (size_t)(length - h.head_len), h.chunked,
                                 h.coding, f->truncated);
    if (s == S_RECORD && !rec->error && m == MEDIA_NONE) {
        /* Known only now that the body is decoded. */
        if (!sniff_html((const unsigned char *)rec->text, rec->text_len)) {
            memset(rec, 0, sizeof *rec);
            w->skips.not_text++;
            return S_SKIP;
        }
        rec->html = true;
    }
    return s;
}

/* The record's offset, exact for a record that starts a gzip member. */
static void locate(struct warc *w, struct archive_rec *rec)
{
    rec->line = w->line + 1;
    rec->offset = w->uoff;
    if (!w->gz)
        return;
    if (w->first < w->n && w->members[w->first].uoff == w->uoff)
        rec->offset = w->members[w->first].coff;
    else
        rec->offset_in_data = true;
}

/* Read one record: its header, then its block. */
static enum step next_record(struct warc *w, struct archive_rec *rec)
{
    struct fields f;
    unsigned long long length = 0;

    if (!skip_blank(w))
        return w->failed ? S_FAIL : S_END;
    locate(w, rec);
    int v = at_version_line(w);
    if (!v) {
        if (w->failed)
            return S_FAIL;
        rec_error(w, rec, "no \"WARC/1.x\" line where a record should "
                  "start; skipped to the next one");
        w->resync = true;
        return S_RECORD;
    }
    size_t hlen;
    for (;;) {
        size_t have = w->end - w->start;
        size_t lim = have < WARC_HEAD_MAX ? have : WARC_HEAD_MAX;
        hlen = head_end(w->buf + w->start, lim);
        if (hlen)
            break;
        if (have >= WARC_HEAD_MAX) {
            rec_error(w, rec, "WARC header longer than %d bytes",
                      WARC_HEAD_MAX);
            /* Resync after the window just searched, not inside it:
             * input that is all version lines would otherwise cost a
             * window per line.  A record that starts in the window is
             * lost only if its header ends within WARC_HEAD_MAX bytes
             * after the window, which holds no blank line. */
            consume(w, WARC_HEAD_MAX - 2);
            w->resync = true;
            return S_RECORD;
        }
        if (w->eof) {
            if (w->failed)
                return S_FAIL;
            rec_error(w, rec, "WARC header cut short at the end of the "
                      "file");
            w->done = true;
            return S_RECORD;
        }
        fill(w);
    }
    w->head.len = 0;
    buf_put(&w->head, w->buf + w->start + v, hlen - (size_t)v);
    consume(w, hlen);

    const char *why = parse_fields(w, &f);
    rec->id = f.id && *f.id ? f.id : NULL;
    rec->url = f.uri && *f.uri ? f.uri : NULL;
    rec->date = f.date && *f.date ? f.date : NULL;
    if (!why && !f.length)
        why = "no Content-Length in the WARC header";
    if (!why && !parse_length(f.length, &length))
        why = "invalid Content-Length in the WARC header";
    if (why) {
        rec_error(w, rec, "%s; skipped to the next record", why);
        w->resync = true;
        w->resync_here = true;  /* the header ended with a line end */
        return S_RECORD;
    }
    w->length = length;
    if (!f.type) {
        rec_error(w, rec, "no WARC-Type in the WARC header");
        return drop(w, length);
    }
    enum rec_type t = type_of(f.type);
    if (t != T_RESPONSE && t != T_RESOURCE) {
        return skip_rest(w, rec, length, skip_counter(w, t));
    }
    return read_document(w, rec, &f, t, length);
}

int warc_next(struct warc *w, struct archive_rec *rec)
{
    for (;;) {
        memset(rec, 0, sizeof *rec);
        if (w->done)
            return 0;
        if (w->resync) {
            resync(w, w->resync_here);
            w->resync = false;
            w->resync_here = false;
        }
        switch (next_record(w, rec)) {
        case S_RECORD:
            return 1;
        case S_SKIP:
            break;
        case S_END:
            w->done = true;
            return 0;
        case S_FAIL:
            return read_error(w, rec);
        }
    }
}
