/*
 * archive.c - read JSON Lines and CSV archives of articles (see archive.h).
 *
 * One reader serves plain and gzip input: zlib's gzread() passes plain
 * data through.  WARC has its own reader (warc.c), which this file only
 * dispatches to.  JSONL is cut into lines in our own buffer; a fast scanner
 * decodes the common flat objects and jansson reads every other line.  CSV
 * goes to libcsv in pieces that end at a CR or LF, so at most one row ends
 * per piece and we can count lines.
 */
/* SPDX-License-Identifier: MIT */
#include "archive.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#include <csv.h>
#include <jansson.h>
#include <zlib.h>

#include "warc.h"
#include "buf.h"
#include "xalloc.h"

enum {
    BUF_MIN = 256 * 1024,       /* our read buffer, grown for long lines */
    GZ_BUF = 128 * 1024,        /* zlib's own input buffer */
    CSV_OPTS = CSV_STRICT | CSV_STRICT_FINI,
    CSV_BLOCK = 16 * 1024,      /* libcsv grows its field buffer by this */
};

struct archive {
    gzFile gz;                  /* NULL for WARC */
    struct warc *warc;          /* WARC only */
    enum archive_format format;
    size_t max_record;
    const char *id_name, *text_name, *url_name, *date_name;

    unsigned char *buf;         /* input bytes buf[start..end) pending */
    size_t cap, start, end;
    size_t limit;               /* most the buffer may grow to */
    bool eof;                   /* no more input */
    bool failed;                /* ... because of this read error: */
    int read_errno;
    char read_msg[160];
    bool started;               /* first fill done (BOM checked) */
    bool done;                  /* no more records (end, read error,
                                   CSV header error) */
    unsigned long line;         /* LFs consumed so far */
    char msg[320];              /* the current error message */
    char num[32];               /* an integer id as text */

    /* JSONL */
    json_t *json;               /* the current record, owned */
    struct buf dec;           /* strings decoded by scan_object() */

    /* CSV */
    struct csv_parser csv;
    bool header_done;
    long id_col, text_col;      /* column numbers, -1 if absent */
    long url_col, date_col;     /* optional columns, -1 if absent */
    size_t n_cols;              /* fields in the header */
    size_t field;               /* fields seen in the current row */
    size_t row_fields;          /* fields in the row just ended */
    bool row_open;              /* a row has begun */
    bool row_done;              /* ... and has ended */
    unsigned long row_line;
    size_t row_bytes;
    size_t line_off;            /* bytes since the last LF */
    bool in_quotes;             /* odd number of quotes since a row end */
    bool skipping;              /* dropping bytes up to a line end */
    bool skip_quoted;           /* ... that lies outside quotes */
    bool id_nul;                /* the id field held a NUL */
    unsigned long blank_lines;  /* JSON Lines: blank lines passed over */
    struct buf id, text, url, date;
};

static const char *or_default(const char *s, const char *dflt)
{
    return s ? s : dflt;
}

static bool ends_with(const char *s, size_t n, const char *suffix)
{
    size_t k = strlen(suffix);
    return n >= k && strncasecmp(s + n - k, suffix, k) == 0;
}

enum archive_format archive_format_of(const char *path,
                                      const struct archive_opts *o)
{
    static const char *const jsonl[] = { ".jsonl", ".ndjson" };
    size_t n = strlen(path);

    if (o && o->format != ARCH_NONE)
        return o->format;
    if (ends_with(path, n, ".gz"))
        n -= 3;
    for (size_t i = 0; i < sizeof jsonl / sizeof *jsonl; i++) {
        if (ends_with(path, n, jsonl[i]))
            return ARCH_JSONL;
    }
    if (ends_with(path, n, ".csv"))
        return ARCH_CSV;
    if (ends_with(path, n, ".warc"))
        return ARCH_WARC;
    return ARCH_NONE;
}

/* Treat no byte as white space: RFC 4180 keeps spaces in fields. */
static int no_space(unsigned char c)
{
    (void)c;
    return 0;
}

/* A fresh libcsv parser; it allocates through xalloc, so csv_parse() can
 * stop early only at a quoting error. */
static void start_parser(struct archive *ar)
{
    csv_init(&ar->csv, CSV_OPTS);
    csv_set_space_func(&ar->csv, no_space);
    csv_set_realloc_func(&ar->csv, xrealloc);
    csv_set_blk_size(&ar->csv, CSV_BLOCK);
}

/* Forget the parser's state (csv_fini() may refuse to after an error). */
static void restart_parser(struct archive *ar)
{
    csv_free(&ar->csv);
    start_parser(ar);
    ar->field = 0;
    ar->row_open = false;
    ar->row_done = false;
    ar->in_quotes = false;
    ar->id_nul = false;
}

struct archive *archive_open(const char *path, enum archive_format f,
                             const struct archive_opts *o, size_t max_record)
{
    static const struct archive_opts none = {.format = ARCH_NONE};
    struct stat st;
    int fd;
    int e = 0;

    if (f == ARCH_NONE) {
        errno = EINVAL;
        return NULL;
    }
    if (strcmp(path, "-") == 0)
        fd = dup(STDIN_FILENO);
    else
        fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        return NULL;
    if (fstat(fd, &st) != 0)
        e = errno;
    else if (S_ISDIR(st.st_mode))
        e = EISDIR;
    if (e) {
        close(fd);
        errno = e;
        return NULL;
    }
    if (f == ARCH_WARC) {
        struct archive *ar = xcalloc(1, sizeof *ar);
        ar->format = f;
        ar->warc = warc_open_fd(fd, max_record);
        return ar;
    }
    gzFile gz = gzdopen(fd, "rb");
    if (!gz) {
        close(fd);
        errno = ENOMEM;
        return NULL;
    }
    gzbuffer(gz, GZ_BUF);
    /* jansson allocates through xalloc too, so running out of memory
     * exits instead of looking like a malformed record. */
    json_set_alloc_funcs(xmalloc, free);

    if (!o)
        o = &none;
    struct archive *ar = xcalloc(1, sizeof *ar);
    ar->gz = gz;
    ar->format = f;
    ar->max_record = max_record;
    ar->limit = max_record < SIZE_MAX / 2 ? max_record + 1 : SIZE_MAX / 2;
    if (ar->limit < BUF_MIN)
        ar->limit = BUF_MIN;
    ar->cap = BUF_MIN;
    ar->buf = xmalloc(ar->cap);
    if (f == ARCH_CSV) {
        ar->id_name = or_default(o->id_column, "id");
        ar->text_name = or_default(o->text_column, "text");
        ar->url_name = or_default(o->url_column, "url");
        ar->date_name = or_default(o->date_column, "date");
        ar->id_col = -1;
        ar->text_col = -1;
        ar->url_col = -1;
        ar->date_col = -1;
        start_parser(ar);
    } else {
        ar->id_name = or_default(o->id_field, "id");
        ar->text_name = or_default(o->text_field, "text");
        ar->url_name = or_default(o->url_field, "url");
        ar->date_name = or_default(o->date_field, "date");
    }
    return ar;
}

void archive_close(struct archive *ar)
{
    if (!ar)
        return;
    warc_close(ar->warc);
    if (ar->gz)
        gzclose(ar->gz);
    json_decref(ar->json);
    if (ar->format == ARCH_CSV)
        csv_free(&ar->csv);
    free(ar->dec.p);
    free(ar->id.p);
    free(ar->text.p);
    free(ar->url.p);
    free(ar->date.p);
    free(ar->buf);
    free(ar);
}

/* Note the read error of gzread(): the input ends here. */
static void read_failed(struct archive *ar)
{
    int zerr = Z_OK;
    const char *zmsg = gzerror(ar->gz, &zerr);

    ar->eof = true;
    ar->failed = true;
    if (zerr == Z_ERRNO) {
        ar->read_errno = errno;
        zmsg = strerror(errno);
    } else {
        /* zlib names the file "<fd:N>" for gzdopen(): drop that. */
        const char *colon = strstr(zmsg, ">: ");
        if (strncmp(zmsg, "<fd:", 4) == 0 && colon)
            zmsg = colon + 3;
        ar->read_errno = EIO;
    }
    snprintf(ar->read_msg, sizeof ar->read_msg, "%s", zmsg);
}

/* Report the read error in *rec; returns -1. */
static int read_error(struct archive *ar, struct archive_rec *rec)
{
    memset(rec, 0, sizeof *rec);
    rec->line = ar->line + 1;
    rec->error = ar->read_msg;
    ar->done = true;
    errno = ar->read_errno;
    return -1;
}

/* Move pending bytes to the front, grow the buffer if it is full (up to
 * ar->limit), and read more.  At the end of the input, or at a read
 * error, ar->eof is set; the bytes read before an error are kept, so the
 * complete records before it are still returned. */
static void fill(struct archive *ar)
{
    size_t have = ar->end - ar->start;
    int n;

    memmove(ar->buf, ar->buf + ar->start, have);
    ar->start = 0;
    ar->end = have;
    if (have == ar->cap && ar->cap < ar->limit) {
        ar->cap = ar->cap <= ar->limit / 2 ? ar->cap * 2 : ar->limit;
        ar->buf = xrealloc(ar->buf, ar->cap);
    }
    size_t want = ar->cap - ar->end;
    if (want > INT_MAX)
        want = INT_MAX;
    n = gzread(ar->gz, ar->buf + ar->end, (unsigned)want);
    if (n < 0) {
        read_failed(ar);
        return;
    }
    ar->end += (size_t)n;
    if ((size_t)n < want) {
        /* A short read is the end, or an error that gzread() returns
         * only on the next call (a truncated .gz: not even then). */
        int zerr = Z_OK;
        gzerror(ar->gz, &zerr);
        if (zerr != Z_OK)
            read_failed(ar);
        ar->eof = true;
    }
    if (!ar->started) {
        ar->started = true;
        if (ar->end >= 3 && memcmp(ar->buf, "\xef\xbb\xbf", 3) == 0)
            ar->start = 3;
    }
}


static bool field_is(const void *s, size_t n, const char *name)
{
    return n == strlen(name) && (n == 0 || memcmp(s, name, n) == 0);
}

/* ---- JSON Lines --------------------------------------------------------- */

enum line_rc { LINE_ERR = -1, LINE_END, LINE_OK, LINE_LONG };

/* The next line, without its LF, in *p and *len.  A line longer than
 * ar->max_record is dropped whole and gives LINE_LONG. */
static enum line_rc next_line(struct archive *ar, const char **p,
                              size_t *len)
{
    size_t scanned = 0;         /* pending bytes known to hold no LF */
    bool long_line = false;

    for (;;) {
        size_t have = ar->end - ar->start;
        const unsigned char *s = ar->buf + ar->start;
        const unsigned char *nl = memchr(s + scanned, '\n', have - scanned);

        if (nl && long_line) {
            ar->start += (size_t)(nl - s) + 1;
            ar->line++;
            return LINE_LONG;
        }
        if (nl) {
            *p = (const char *)s;
            *len = (size_t)(nl - s);
            ar->start += *len + 1;
            ar->line++;
            return *len > ar->max_record ? LINE_LONG : LINE_OK;
        }
        if (long_line || have > ar->max_record) {
            long_line = true;
            ar->start = ar->end;
            have = 0;
        }
        if (ar->failed)
            return LINE_ERR;            /* the last line may be cut */
        if (ar->eof) {
            if (have == 0 && !long_line)
                return LINE_END;
            *p = (const char *)s;
            *len = have;
            ar->start = ar->end;
            ar->line++;
            return long_line ? LINE_LONG : LINE_OK;
        }
        scanned = have;
        fill(ar);
    }
}

static bool is_blank(const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        if (s[i] != ' ' && s[i] != '\t' && s[i] != '\r')
            return false;
    }
    return true;
}

/* Make *rec an error record: the message is printf'd into ar->msg. */
static void rec_error(struct archive *ar, struct archive_rec *rec,
                      unsigned long col, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

static void rec_error(struct archive *ar, struct archive_rec *rec,
                      unsigned long col, const char *fmt, ...)
{
    va_list ap;

    va_start(ap, fmt);
    vsnprintf(ar->msg, sizeof ar->msg, fmt, ap);
    va_end(ap);
    rec->col = col;
    rec->id = NULL;
    rec->text = NULL;
    rec->text_len = 0;
    rec->url = NULL;
    rec->date = NULL;
    rec->error = ar->msg;
}

/* What a record needs of its object, found by jansson or by scan_object():
 * the id, text, url and date members. */
enum { F_ID, F_TEXT, F_URL, F_DATE, N_FIELDS };

enum jkind { J_ABSENT, J_STRING, J_INT, J_NULL, J_OTHER };

struct jval {
    enum jkind kind;
    const char *s;              /* J_STRING: NUL-terminated, may hold NULs */
    size_t len;
    json_int_t i;               /* J_INT */
    size_t off;                 /* scan_object(): s is ar->dec.p + off */
};

static void field_names(const struct archive *ar, const char *names[])
{
    names[F_ID] = ar->id_name;
    names[F_TEXT] = ar->text_name;
    names[F_URL] = ar->url_name;
    names[F_DATE] = ar->date_name;
}

/* Fill v[] from the object ar->json. */
static void from_json(const struct archive *ar, struct jval v[])
{
    const char *names[N_FIELDS];

    field_names(ar, names);
    for (int f = 0; f < N_FIELDS; f++) {
        const json_t *j = json_object_get(ar->json, names[f]);
        memset(&v[f], 0, sizeof v[f]);
        if (!j) {
            v[f].kind = J_ABSENT;
        } else if (json_is_string(j)) {
            v[f].kind = J_STRING;
            v[f].s = json_string_value(j);
            v[f].len = json_string_length(j);
        } else if (json_is_integer(j)) {
            v[f].kind = J_INT;
            v[f].i = json_integer_value(j);
        } else {
            v[f].kind = json_is_null(j) ? J_NULL : J_OTHER;
        }
    }
}

/* A string without NULs, or NULL. */
static const char *plain(const struct jval *v)
{
    if (v->kind != J_STRING || strlen(v->s) != v->len)
        return NULL;
    return v->s;
}

/* Fill *rec from the members v[]: the one place that says what a JSONL
 * record must hold. */
static void take_object(struct archive *ar, const struct jval v[],
                        struct archive_rec *rec)
{
    const struct jval *id = &v[F_ID];

    if (id->kind == J_INT) {
        snprintf(ar->num, sizeof ar->num, "%" JSON_INTEGER_FORMAT, id->i);
        rec->id = ar->num;
    } else if (id->kind == J_STRING) {
        if (!plain(id)) {
            rec_error(ar, rec, 0, "\"%s\" holds a NUL byte", ar->id_name);
            return;
        }
        rec->id = id->len ? id->s : NULL;
    } else if (id->kind == J_OTHER) {
        rec_error(ar, rec, 0, "\"%s\" is not a string or an integer",
                  ar->id_name);
        return;
    }
    if (v[F_TEXT].kind == J_ABSENT) {
        rec_error(ar, rec, 0, "no \"%s\" field", ar->text_name);
        return;
    }
    if (v[F_TEXT].kind != J_STRING) {
        rec_error(ar, rec, 0, "\"%s\" is not a string", ar->text_name);
        return;
    }
    rec->text = v[F_TEXT].s;
    rec->text_len = v[F_TEXT].len;
    rec->text_utf8 = true;      /* both JSON readers check it */
    rec->url = plain(&v[F_URL]);
    rec->date = plain(&v[F_DATE]);
}

/*
 * The fast path.  jansson reads a byte at a time through a callback (about
 * 60 MB/s here); most archive lines are flat objects of strings and small
 * numbers, which scan_object() decodes several times faster.  It accepts a
 * line only when jansson would accept it with the same values: on anything
 * else (nesting, escaped or non-ASCII keys, exponents, long numbers and
 * every kind of error) it gives up and jansson decides, so jansson alone
 * writes the error messages.
 */

static size_t skip_ws(const unsigned char *p, size_t n, size_t k)
{
    while (k < n && (p[k] == ' ' || p[k] == '\t' || p[k] == '\r' ||
                     p[k] == '\n'))
        k++;
    return k;
}

/* Length of the valid UTF-8 sequence at s[0..n), or 0 (jansson's rules:
 * no overlong forms, surrogates or code points above U+10FFFF). */
static size_t utf8_len(const unsigned char *s, size_t n)
{
    size_t len;
    uint32_t cp;

    if (s[0] >= 0xc2 && s[0] <= 0xdf) {
        len = 2;
        cp = s[0] & 0x1fu;
    } else if (s[0] >= 0xe0 && s[0] <= 0xef) {
        len = 3;
        cp = s[0] & 0x0fu;
    } else if (s[0] >= 0xf0 && s[0] <= 0xf4) {
        len = 4;
        cp = s[0] & 0x07u;
    } else {
        return 0;
    }
    if (n < len)
        return 0;
    for (size_t i = 1; i < len; i++) {
        if ((s[i] & 0xc0) != 0x80)
            return 0;
        cp = cp << 6 | (s[i] & 0x3fu);
    }
    if (len == 3 && (cp < 0x800 || (cp >= 0xd800 && cp <= 0xdfff)))
        return 0;
    if (len == 4 && (cp < 0x10000 || cp > 0x10ffff))
        return 0;
    return len;
}

/* The four hex digits at s, or -1. */
static long hex4(const unsigned char *s)
{
    long v = 0;
    for (int i = 0; i < 4; i++) {
        int c = s[i];
        int d = c >= '0' && c <= '9'   ? c - '0'
                : c >= 'a' && c <= 'f' ? c - 'a' + 10
                : c >= 'A' && c <= 'F' ? c - 'A' + 10
                                       : -1;
        if (d < 0)
            return -1;
        v = v * 16 + d;
    }
    return v;
}

/* Write code point cp as UTF-8 at w; returns the end. */
static char *put_utf8(char *w, uint32_t cp)
{
    if (cp < 0x80) {
        *w++ = (char)cp;
    } else if (cp < 0x800) {
        *w++ = (char)(0xc0 | cp >> 6);
        *w++ = (char)(0x80 | (cp & 0x3f));
    } else if (cp < 0x10000) {
        *w++ = (char)(0xe0 | cp >> 12);
        *w++ = (char)(0x80 | (cp >> 6 & 0x3f));
        *w++ = (char)(0x80 | (cp & 0x3f));
    } else {
        *w++ = (char)(0xf0 | cp >> 18);
        *w++ = (char)(0x80 | (cp >> 12 & 0x3f));
        *w++ = (char)(0x80 | (cp >> 6 & 0x3f));
        *w++ = (char)(0x80 | (cp & 0x3f));
    }
    return w;
}

/* Decode the escape at p[*k] (a backslash) to *w, advancing both. */
static bool scan_escape(char **w, const unsigned char *p, size_t n,
                        size_t *k)
{
    static const char from[] = "\"\\/bfnrt", to[] = "\"\\/\b\f\n\r\t";
    size_t i = *k;

    if (i + 1 >= n)
        return false;
    const char *e = memchr(from, p[i + 1], sizeof from - 1);
    if (e) {
        *(*w)++ = to[e - from];
        *k = i + 2;
        return true;
    }
    if (p[i + 1] != 'u' || i + 6 > n)
        return false;
    long cp = hex4(p + i + 2);
    i += 6;
    if (cp < 0 || (cp >= 0xdc00 && cp <= 0xdfff))
        return false;
    if (cp >= 0xd800 && cp <= 0xdbff) {
        if (i + 6 > n || p[i] != '\\' || p[i + 1] != 'u')
            return false;
        long lo = hex4(p + i + 2);
        if (lo < 0xdc00 || lo > 0xdfff)
            return false;
        cp = 0x10000 + ((cp - 0xd800) << 10) + (lo - 0xdc00);
        i += 6;
    }
    *w = put_utf8(*w, (uint32_t)cp);
    *k = i;
    return true;
}

/* Nonzero if one of the 8 bytes in x is a control byte, '"', '\\' or not
 * ASCII (the usual has-zero-byte tricks, exact for bytes below 0x80).
 * Borrows run only towards later bytes, so the lowest flag is exact: it
 * marks the first such byte. */
static uint64_t special8(uint64_t x)
{
    const uint64_t ones = 0x0101010101010101u, high = 0x8080808080808080u;
    uint64_t quote = x ^ (ones * '"'), bslash = x ^ (ones * '\\');

    return ((x - ones * 0x20) | (quote - ones) | (bslash - ones) | x) & high;
}

/* Decode the string whose opening quote is at p[*k - 1] onto 'out': it
 * never grows, so room for the rest of the line is enough. */
static bool scan_string(struct buf *out, const unsigned char *p, size_t n,
                        size_t *k)
{
    size_t i = *k;

    buf_reserve(out, n - i);
    char *w = out->p + out->len;
    for (;;) {
        size_t run = i;
        while (i < n) {
            uint64_t x;
            if (n - i >= 8) {
                memcpy(&x, p + i, 8);
                uint64_t m = special8(x);
                if (!m) {
                    i += 8;
                    continue;
                }
#if defined(__GNUC__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
                i += (size_t)(__builtin_ctzll(m) >> 3);  /* to that byte */
#endif
            }
            unsigned char c = p[i];
            if (c >= 0xc2 && c <= 0xdf && i + 1 < n &&
                (p[i + 1] & 0xc0) == 0x80) {
                i += 2;         /* å ä ö é ...: valid as they stand */
            } else if (c >= 0x80) {
                size_t m = utf8_len(p + i, n - i);
                if (!m)
                    return false;
                i += m;
            } else if (c >= 0x20 && c != '"' && c != '\\') {
                i++;
            } else {
                break;
            }
        }
        memcpy(w, p + run, i - run);
        w += i - run;
        if (i == n || p[i] < 0x20)
            return false;
        if (p[i] == '"') {
            out->len = (size_t)(w - out->p);
            *k = i + 1;
            return true;
        }
        if (!scan_escape(&w, p, n, &i))
            return false;
    }
}

/* A number: integers of up to 18 digits (they fit json_int_t), or reals
 * without an exponent (they cannot overflow). */
static bool scan_number(const unsigned char *p, size_t n, size_t *k,
                        struct jval *v)
{
    size_t i = *k;
    bool neg = p[i] == '-';
    json_int_t x = 0;

    if (neg)
        i++;
    size_t first = i;
    if (i < n && p[i] == '0') {
        i++;
    } else {
        while (i < n && p[i] >= '0' && p[i] <= '9' && i - first < 18)
            x = x * 10 + (p[i++] - '0');
    }
    if (i == first || (i < n && p[i] >= '0' && p[i] <= '9'))
        return false;                   /* none, 19 or more, or "01" */
    v->kind = J_INT;
    v->i = neg ? -x : x;
    if (i < n && p[i] == '.') {
        size_t frac = ++i;
        while (i < n && p[i] >= '0' && p[i] <= '9')
            i++;
        if (i == frac)
            return false;
        v->kind = J_OTHER;
    }
    if (i < n && (p[i] == 'e' || p[i] == 'E'))
        return false;
    *k = i;
    return true;
}

static bool scan_literal(const unsigned char *p, size_t n, size_t *k,
                         struct jval *v)
{
    static const char *const lit[] = { "true", "false", "null" };

    for (int j = 0; j < 3; j++) {
        size_t len = strlen(lit[j]);
        if (n - *k >= len && memcmp(p + *k, lit[j], len) == 0) {
            v->kind = j == 2 ? J_NULL : J_OTHER;
            *k += len;
            return true;
        }
    }
    return false;
}

/* One member value at p[*k] into *v; strings are decoded onto ar->dec (and
 * dropped again unless 'keep'), v->s then holding their offset. */
static bool scan_value(struct archive *ar, const unsigned char *p, size_t n,
                       size_t *k, bool keep, struct jval *v)
{
    memset(v, 0, sizeof *v);
    if (*k >= n)
        return false;
    if (p[*k] == '"') {
        size_t at = ar->dec.len;
        (*k)++;
        if (!scan_string(&ar->dec, p, n, k))
            return false;
        v->kind = J_STRING;
        v->len = ar->dec.len - at;
        v->off = at;
        buf_put(&ar->dec, "", 1);           /* keep its NUL */
        if (!keep)
            ar->dec.len = at;
        return true;
    }
    if (p[*k] == '-' || (p[*k] >= '0' && p[*k] <= '9'))
        return scan_number(p, n, k, v);
    return scan_literal(p, n, k, v);
}

/* Decode the line p[0..n) into v[] if it is a flat JSON object that
 * jansson would read the same way; false to let jansson decide. */
static bool scan_object(struct archive *ar, const unsigned char *p, size_t n,
                        struct jval v[])
{
    const char *names[N_FIELDS];
    size_t k = skip_ws(p, n, 0);

    field_names(ar, names);
    memset(v, 0, N_FIELDS * sizeof *v);
    ar->dec.len = 0;
    if (k == n || p[k] != '{')
        return false;
    k = skip_ws(p, n, k + 1);
    bool more = k < n && p[k] != '}';
    if (!more)
        k++;
    while (more) {
        struct jval val;
        size_t key = k + 1;

        if (k == n || p[k] != '"')
            return false;
        k = key;
        while (k < n && p[k] >= 0x20 && p[k] < 0x80 && p[k] != '"' &&
               p[k] != '\\')
            k++;
        if (k == n || p[k] != '"')
            return false;
        size_t key_len = k - key;
        bool wanted[N_FIELDS], keep = false;
        for (int f = 0; f < N_FIELDS; f++) {
            wanted[f] = field_is(p + key, key_len, names[f]);
            keep = keep || wanted[f];
        }
        k = skip_ws(p, n, k + 1);
        if (k == n || p[k] != ':')
            return false;
        k = skip_ws(p, n, k + 1);
        if (!scan_value(ar, p, n, &k, keep, &val))
            return false;
        for (int f = 0; f < N_FIELDS; f++) {
            if (wanted[f])
                v[f] = val;             /* the last duplicate wins */
        }
        k = skip_ws(p, n, k);
        if (k < n && p[k] == ',') {
            k = skip_ws(p, n, k + 1);
        } else if (k < n && p[k] == '}') {
            k++;
            more = false;
        } else {
            return false;
        }
    }
    if (skip_ws(p, n, k) != n)
        return false;
    for (int f = 0; f < N_FIELDS; f++) {
        if (v[f].kind == J_STRING)
            v[f].s = ar->dec.p + v[f].off;
    }
    return true;
}

static int next_object(struct archive *ar, struct archive_rec *rec)
{
    const char *p = NULL;
    size_t len = 0;
    struct jval v[N_FIELDS];
    json_error_t err;

    for (;;) {
        enum line_rc rc = next_line(ar, &p, &len);
        if (rc == LINE_ERR)
            return read_error(ar, rec);
        if (rc == LINE_END)
            return 0;
        rec->line = ar->line;
        if (rc == LINE_LONG) {
            rec_error(ar, rec, 0, "record larger than --max-doc-size "
                      "(%zu bytes)", ar->max_record);
            rec->too_large = true;
            return 1;
        }
        if (!is_blank(p, len))
            break;
        ar->blank_lines++;      /* no record: counted for --summary */
    }
    if (len && p[len - 1] == '\r')
        len--;
    if (scan_object(ar, (const unsigned char *)p, len, v)) {
        take_object(ar, v, rec);
        return 1;
    }
    ar->json = json_loadb(p, len, JSON_ALLOW_NUL, &err);
    if (!ar->json) {
        rec_error(ar, rec, err.column > 0 ? (unsigned long)err.column : 0,
                  "invalid JSON: %s", err.text);
    } else if (!json_is_object(ar->json)) {
        rec_error(ar, rec, 0, "not a JSON object");
    } else {
        from_json(ar, v);
        take_object(ar, v, rec);
    }
    return 1;
}

/* ---- CSV ---------------------------------------------------------------- */

/* libcsv: a field ended. */
static void on_field(void *s, size_t n, void *data)
{
    struct archive *ar = data;
    long i = ar->field < LONG_MAX ? (long)ar->field : LONG_MAX;

    if (!ar->header_done) {
        if (ar->id_col < 0 && field_is(s, n, ar->id_name))
            ar->id_col = i;
        if (ar->text_col < 0 && field_is(s, n, ar->text_name))
            ar->text_col = i;
        if (ar->url_col < 0 && field_is(s, n, ar->url_name))
            ar->url_col = i;
        if (ar->date_col < 0 && field_is(s, n, ar->date_name))
            ar->date_col = i;
    } else {
        /* url and date: used only without NULs, like JSON Lines'. */
        if (i == ar->url_col && !(n && memchr(s, '\0', n))) {
            ar->url.len = 0;
            buf_put(&ar->url, s, n);
        }
        if (i == ar->date_col && !(n && memchr(s, '\0', n))) {
            ar->date.len = 0;
            buf_put(&ar->date, s, n);
        }
        if (i == ar->id_col) {
            ar->id.len = 0;
            buf_put(&ar->id, s, n);
            ar->id_nul = n && memchr(s, '\0', n);
        }
        if (i == ar->text_col) {
            ar->text.len = 0;
            buf_put(&ar->text, s, n);
        }
    }
    ar->field++;
}

/* libcsv: a row ended. */
static void on_row(int c, void *data)
{
    struct archive *ar = data;

    (void)c;
    ar->row_done = true;
    ar->row_fields = ar->field;
    ar->field = 0;
}

/* The header row ended: false (and an error record) if it lacks the text
 * column. */
static bool take_header(struct archive *ar, struct archive_rec *rec)
{
    ar->header_done = true;
    ar->n_cols = ar->row_fields;
    if (ar->text_col >= 0)
        return true;
    rec->line = ar->row_line;
    rec_error(ar, rec, 0, "no \"%s\" column in the header", ar->text_name);
    ar->done = true;
    return false;
}

/* A data row ended: fill *rec from it. */
static void take_row(struct archive *ar, struct archive_rec *rec)
{
    rec->line = ar->row_line;
    if (ar->row_fields != ar->n_cols) {
        rec_error(ar, rec, 0, "row has %zu field%s, the header has %zu",
                  ar->row_fields, ar->row_fields == 1 ? "" : "s",
                  ar->n_cols);
    } else if (ar->id_nul) {
        rec_error(ar, rec, 0, "\"%s\" holds a NUL byte", ar->id_name);
    } else {
        if (ar->id_col >= 0 && ar->id.len)
            rec->id = ar->id.p;
        if (ar->url.len)
            rec->url = ar->url.p;
        if (ar->date.len)
            rec->date = ar->date.p;
        buf_put(&ar->text, "", 0);
        rec->text = ar->text.p;
        rec->text_len = ar->text.len;
    }
    ar->id.len = 0;
    ar->text.len = 0;
    ar->url.len = 0;
    ar->date.len = 0;
    ar->id_nul = false;
}

/* Drop input up to and including the next LF (outside quotes if
 * ar->skip_quoted, starting inside them if ar->in_quotes). */
static void skip(struct archive *ar)
{
    while (ar->start < ar->end) {
        unsigned char c = ar->buf[ar->start++];
        if (c == '"' && ar->skip_quoted) {
            ar->in_quotes = !ar->in_quotes;
        } else if (c == '\n') {
            ar->line++;
            ar->line_off = 0;
            if (!ar->skip_quoted || !ar->in_quotes) {
                ar->skipping = false;
                ar->in_quotes = false;
                return;
            }
        }
    }
}

static void too_large(struct archive *ar, struct archive_rec *rec)
{
    rec->line = ar->row_line;
    rec_error(ar, rec, 0, "record larger than --max-doc-size (%zu bytes)",
              ar->max_record);
    rec->too_large = true;
    if (!ar->header_done)
        ar->done = true;
}

/* The input ended: flush the last row. */
static int finish_rows(struct archive *ar, struct archive_rec *rec)
{
    ar->done = true;
    if (csv_fini(&ar->csv, on_field, on_row, ar) != 0) {
        rec->line = ar->row_line;
        rec_error(ar, rec, 0, "quoted field not closed at the end of the "
                  "archive");
        return 1;
    }
    if (!ar->row_done)
        return 0;
    ar->row_done = false;
    if (ar->row_bytes > ar->max_record) {
        too_large(ar, rec);
        return 1;
    }
    if (!ar->header_done)
        return take_header(ar, rec) ? 0 : 1;
    take_row(ar, rec);
    return 1;
}

/* Feed the next piece of input (up to the first CR or LF) to libcsv.
 * Returns 1 if *rec is done, 0 to go on. */
static int feed(struct archive *ar, struct archive_rec *rec)
{
    const unsigned char *s = ar->buf + ar->start;
    size_t have = ar->end - ar->start;
    const unsigned char *lf = memchr(s, '\n', have);
    size_t n = lf ? (size_t)(lf - s) + 1 : have;
    const unsigned char *cr = memchr(s, '\r', n);
    if (cr)
        n = (size_t)(cr - s) + 1;
    bool term = s[n - 1] == '\n' || s[n - 1] == '\r';

    if (!ar->row_open && n > (term ? 1u : 0u)) {
        ar->row_open = true;
        ar->row_line = ar->line + 1;
        ar->row_bytes = 0;
    }
    for (size_t i = 0; i < n; i++) {
        if (s[i] == '"')
            ar->in_quotes = !ar->in_quotes;
    }

    size_t used = csv_parse(&ar->csv, s, n, on_field, on_row, ar);
    if (used < n) {
        rec->line = ar->line + 1;
        rec_error(ar, rec, ar->line_off + used + 1, "%s",
                  s[used] == '"' ? "quote inside an unquoted field"
                                 : "text after a closing quote");
        ar->start += used;
        ar->line_off += used;
        restart_parser(ar);
        ar->skipping = true;
        ar->skip_quoted = false;
        if (!ar->header_done)
            ar->done = true;
        return 1;
    }
    ar->start += n;
    ar->line_off += n;
    if (s[n - 1] == '\n') {
        ar->line++;
        ar->line_off = 0;
    }
    if (ar->row_open)
        ar->row_bytes += ar->row_done ? n - 1 : n;
    if (ar->row_done) {
        ar->row_done = false;
        ar->row_open = false;
        ar->in_quotes = false;
        if (ar->row_bytes > ar->max_record) {
            too_large(ar, rec);
            return 1;
        }
        if (!ar->header_done)
            return take_header(ar, rec) ? 0 : 1;
        take_row(ar, rec);
        return 1;
    }
    if (ar->row_open && ar->row_bytes > ar->max_record) {
        bool quoted = ar->in_quotes;
        too_large(ar, rec);
        restart_parser(ar);
        ar->in_quotes = quoted;
        ar->skipping = true;
        ar->skip_quoted = true;
        return 1;
    }
    return 0;
}

static int next_row(struct archive *ar, struct archive_rec *rec)
{
    while (!ar->done) {
        if (ar->start == ar->end) {
            if (ar->failed)
                return read_error(ar, rec);
            if (ar->eof)
                return finish_rows(ar, rec);
            fill(ar);
        } else if (ar->skipping) {
            skip(ar);
        } else if (feed(ar, rec)) {
            return 1;
        }
    }
    return 0;
}

int archive_next(struct archive *ar, struct archive_rec *rec)
{
    memset(rec, 0, sizeof *rec);
    json_decref(ar->json);
    ar->json = NULL;
    if (ar->done)
        return 0;
    if (ar->format == ARCH_WARC)
        return warc_next(ar->warc, rec);
    if (ar->format == ARCH_CSV)
        return next_row(ar, rec);
    return next_object(ar, rec);
}

void archive_skipped(const struct archive *ar, struct archive_skips *out)
{
    memset(out, 0, sizeof *out);
    if (ar->warc)
        warc_skipped(ar->warc, out);
    out->blank_lines = ar->blank_lines;
}
