/*
 * xlsx.c - stage 5: tables as the sheets of one Excel workbook (see
 * xlsx.h), through libxlsxwriter's constant-memory mode: each sheet keeps
 * one row in memory and streams the rest to its own temporary file, so
 * rows of the five sheets may interleave.  The first error is reported
 * once and makes the whole book fail from then on.
 */
/* SPDX-License-Identifier: MIT */
#include "xlsx.h"

#include <assert.h>
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <xlsxwriter.h>
#include <zlib.h>

#include "cleanup.h"
#include "diag.h"
#include "dynlib.h"
#include "xalloc.h"

enum {
    XLSX_MAX_CHARS = 32767,             /* Excel's limit per cell */
    XLSX_MAX_SHEETS = 8,
};

#ifndef XLSXWRITER_SONAME
#define XLSXWRITER_SONAME "libxlsxwriter.so.4"
#endif

/* libxlsxwriter's functions, loaded by xlsx_open() (dynlib.h): a run
 * without -f xlsx never maps it, nor minizip and libcrypto. */
struct lxw_api {
    __typeof__(&lxw_strerror) strerror;
    __typeof__(&workbook_new_opt) new_opt;
    __typeof__(&workbook_add_format) add_format;
    __typeof__(&format_set_bold) set_bold;
    __typeof__(&workbook_add_worksheet) add_worksheet;
    __typeof__(&worksheet_set_column) set_column;
    __typeof__(&worksheet_write_string) write_string;
    __typeof__(&worksheet_write_number) write_number;
    __typeof__(&worksheet_freeze_panes) freeze_panes;
    __typeof__(&worksheet_autofilter) autofilter;
    __typeof__(&workbook_close) close;
    __typeof__(&lxw_workbook_free) free;
};

static bool load_lxw(struct lxw_api *l)
{
    static const char *const names[] = {
        "lxw_strerror", "workbook_new_opt", "workbook_add_format",
        "format_set_bold", "workbook_add_worksheet", "worksheet_set_column",
        "worksheet_write_string", "worksheet_write_number",
        "worksheet_freeze_panes", "worksheet_autofilter", "workbook_close",
        "lxw_workbook_free",
    };
    void *f[sizeof names / sizeof *names];
    const char *err = NULL;

    if (!dynlib_open(XLSXWRITER_SONAME, names, f, sizeof names / sizeof *names,
                     &err)) {
        diag_error("cannot load %s: %s", XLSXWRITER_SONAME, err);
        return false;
    }
    dynlib_fn(&l->strerror, sizeof l->strerror, f[0]);
    dynlib_fn(&l->new_opt, sizeof l->new_opt, f[1]);
    dynlib_fn(&l->add_format, sizeof l->add_format, f[2]);
    dynlib_fn(&l->set_bold, sizeof l->set_bold, f[3]);
    dynlib_fn(&l->add_worksheet, sizeof l->add_worksheet, f[4]);
    dynlib_fn(&l->set_column, sizeof l->set_column, f[5]);
    dynlib_fn(&l->write_string, sizeof l->write_string, f[6]);
    dynlib_fn(&l->write_number, sizeof l->write_number, f[7]);
    dynlib_fn(&l->freeze_panes, sizeof l->freeze_panes, f[8]);
    dynlib_fn(&l->autofilter, sizeof l->autofilter, f[9]);
    dynlib_fn(&l->close, sizeof l->close, f[10]);
    dynlib_fn(&l->free, sizeof l->free, f[11]);
    return true;
}

struct xlsx_sheet {
    struct xlsx_book *book;
    lxw_worksheet *ws;
    char *name;
    char **columns;
    bool *numeric;              /* per column: write numbers */
    size_t n_columns;
    lxw_row_t next_row;         /* the header is row 0 */
    unsigned long xml_rows;     /* rows with a cell: <row> elements */
    bool checked;               /* check_zip() found it whole */
};

struct xlsx_book {
    struct lxw_api lxw;
    lxw_workbook *wb;
    lxw_format *bold;
    const char *label;          /* names the output in messages */
    char *path;                 /* final file; NULL for a stream */
    char *tmp_path;             /* the workbook as it is built */
    int tmp_slot;               /* its cleanup.h registration, or -1 */
    char *tmpdir;               /* $TMPDIR for libxlsxwriter, or NULL */
    FILE *stream;               /* NULL for a file in a directory */
    bool failed;                /* an error was reported */
    struct xlsx_sheet *sheets[XLSX_MAX_SHEETS];
    size_t n_sheets;
    char *scratch;              /* a cell being repaired or cut */
    size_t scratch_cap;
};

/* Default widths by column name (characters); see xlsx_width(). */
static const struct {
    const char *name;
    double width;
} widths[] = {
    {"doc_id", 28}, {"path", 40}, {"message", 40}, {"title", 50},
    {"url", 40}, {"date", 20}, {"encoding", 12}, {"swedish_partner", 24},
    {"swedish_municipality", 24}, {"partner", 24},
    {"partner_canonical", 24}, {"area", 16}, {"rule", 28},
    {"speaker", 24}, {"role", 30}, {"quote", 80}, {"organization", 28},
    {"tag", 16}, {"value", 30}, {"kind", 22}, {"text", 60},
};

static const char *const numeric_columns[] = {
    "bytes", "pairs", "quotes", "speakers", "tags", "quote_no", "line",
    "count",
};

bool xlsx_numeric(const char *column)
{
    for (size_t i = 0; i < sizeof numeric_columns / sizeof *numeric_columns;
         i++)
        if (strcmp(column, numeric_columns[i]) == 0)
            return true;
    return false;
}

double xlsx_width(const char *column)
{
    double w = 12;
    double header = (double)strlen(column) + 3;    /* + filter button */

    for (size_t i = 0; i < sizeof widths / sizeof *widths; i++)
        if (strcmp(column, widths[i].name) == 0)
            w = widths[i].width;
    if (xlsx_numeric(column))
        w = 8;
    return w > header ? w : header;
}

/* Report a libxlsxwriter error once; the book fails from now on. */
static void fail_lxw(struct xlsx_book *b, const struct xlsx_sheet *s,
                     lxw_error e)
{
    if (!b->failed) {
        if (s)
            diag_error("%s: sheet %s: %s", b->label, s->name,
                       b->lxw.strerror(e));
        else
            diag_error("%s: %s", b->label, b->lxw.strerror(e));
    }
    b->failed = true;
}

/* Report the I/O error in errno once; the book fails from now on. */
static void fail_io(struct xlsx_book *b, const char *what)
{
    int e = errno;

    if (!b->failed)
        diag_error("%s: %s", what, e ? strerror(e) : "write error");
    b->failed = true;
}

/* Create the temporary file; for a directory it is an ordinary 0644 file
 * that libxlsxwriter will overwrite (fopen "wb" keeps the mode). */
static bool make_tmp(struct xlsx_book *b, const char *dir, const char *name)
{
    const char *tmp = getenv("TMPDIR");
    int fd;

    /* libxlsxwriter's own temporary files (each sheet's rows) go to
     * $TMPDIR too; without it, tmpfile() puts them in /tmp. */
    if (tmp && *tmp)
        b->tmpdir = xstrdup(tmp);
    if (dir) {
        b->path = xasprintf("%s/%s.xlsx", dir, name);
        b->tmp_path = xasprintf("%s/.%s.xlsx.XXXXXX", dir, name);
        b->label = b->path;
    } else {
        dir = tmp && *tmp ? tmp : "/tmp";
        b->tmp_path = xasprintf("%s/utdrag-%s.xlsx.XXXXXX", dir, name);
    }
    fd = cleanup_mkstemp(b->tmp_path, &b->tmp_slot);
    if (fd < 0) {
        diag_error("%s: %s", dir, strerror(errno));
        free(b->tmp_path);
        b->tmp_path = NULL;             /* nothing to remove */
        return false;
    }
    if (b->path && fchmod(fd, 0644) != 0) {
        diag_error("%s: %s", b->tmp_path, strerror(errno));
        close(fd);
        return false;
    }
    close(fd);
    return true;
}

struct xlsx_book *xlsx_open(const char *dir, const char *name, FILE *stream)
{
    struct xlsx_book *b = xcalloc(1, sizeof *b);

    b->tmp_slot = -1;
    assert(name && !strchr(name, '/'));
    assert(dir || stream);
    if (!dir) {
        b->stream = stream;
        b->label = stream == stdout ? "stdout" : name;
        if (isatty(fileno(stream))) {
            diag_error("%s is a terminal: an xlsx workbook is binary; "
                       "redirect it to a file or use -o DIR", b->label);
            xlsx_abort(b);
            return NULL;
        }
    }
    if (!load_lxw(&b->lxw) || !make_tmp(b, dir, name)) {
        xlsx_abort(b);
        return NULL;
    }
    lxw_workbook_options lo = {
        .constant_memory = LXW_TRUE,
        .tmpdir = b->tmpdir,
    };
    /* Both fail only when malloc does (libxlsxwriter has said so). */
    b->wb = b->lxw.new_opt(b->tmp_path, &lo);
    b->bold = b->wb ? b->lxw.add_format(b->wb) : NULL;
    if (!b->bold) {
        diag_error("%s: cannot start the workbook", b->label);
        xlsx_abort(b);
        return NULL;
    }
    b->lxw.set_bold(b->bold);
    return b;
}

static void sheet_free(struct xlsx_sheet *s)
{
    if (!s)
        return;
    for (size_t i = 0; i < s->n_columns; i++)
        free(s->columns[i]);
    free(s->columns);
    free(s->numeric);
    free(s->name);
    free(s);
}

/* Make a sheet name Excel accepts, in place: []:*?/\ become '_', and a
 * name over 31 bytes is cut there (at a character boundary). */
static void sheet_name(char *name)
{
    size_t n = strlen(name);

    for (char *p = name; (p = strpbrk(p, "[]:*?/\\")) != NULL; p++)
        *p = '_';
    if (n > LXW_SHEETNAME_MAX) {
        n = LXW_SHEETNAME_MAX;
        while (n > 0 && ((unsigned char)name[n] & 0xC0) == 0x80)
            n--;
        name[n] = '\0';
    }
}

struct xlsx_sheet *xlsx_add_sheet(struct xlsx_book *b, const char *name,
                                  const char *const *columns,
                                  size_t n_columns)
{
    struct xlsx_sheet *s;
    lxw_error e = LXW_NO_ERROR;

    assert(b->n_sheets < XLSX_MAX_SHEETS);
    assert(n_columns >= 1 && n_columns <= LXW_COL_MAX);
    if (b->failed)
        return NULL;
    s = xcalloc(1, sizeof *s);
    s->book = b;
    s->name = xstrdup(name);
    s->n_columns = n_columns;
    s->columns = xcalloc(n_columns, sizeof *s->columns);
    s->numeric = xcalloc(n_columns, sizeof *s->numeric);
    b->sheets[b->n_sheets++] = s;
    sheet_name(s->name);
    s->ws = b->lxw.add_worksheet(b->wb, s->name);
    if (!s->ws) {
        diag_error("%s: cannot add sheet '%s'", b->label, name);
        b->failed = true;
        return NULL;
    }
    for (size_t i = 0; i < n_columns && !e; i++) {
        const char *c = columns[i] ? columns[i] : "";
        lxw_col_t col = (lxw_col_t)i;

        s->columns[i] = xstrdup(c);
        s->numeric[i] = xlsx_numeric(c);
        e = b->lxw.set_column(s->ws, col, col, xlsx_width(c), NULL);
        if (!e && *c) {
            e = b->lxw.write_string(s->ws, 0, col, c, b->bold);
            s->xml_rows = 1;
        }
    }
    if (e) {
        fail_lxw(b, s, e);
        return NULL;
    }
    b->lxw.freeze_panes(s->ws, 1, 0);
    s->next_row = 1;
    return s;
}

/* A count as a number: 1 to 15 decimal digits without a leading zero
 * (doubles hold those exactly; "007" stays text, as written). */
static bool plain_int(const char *s)
{
    size_t n = strspn(s, "0123456789");

    return n >= 1 && n <= 15 && s[n] == '\0' && (s[0] != '0' || n == 1);
}

/* Length of the valid UTF-8 sequence at s[0..n), or 0 if there is none
 * (overlong forms, surrogates and code points past U+10FFFF are not). */
static size_t utf8_len(const unsigned char *s, size_t n)
{
    unsigned char c = s[0];
    size_t len;
    unsigned long cp;

    if (c < 0x80)
        return 1;
    if (c < 0xC2 || c > 0xF4)
        return 0;
    len = c < 0xE0 ? 2 : c < 0xF0 ? 3 : 4;
    if (len > n)
        return 0;
    cp = c & (0x3Fu >> (len - 1));
    for (size_t i = 1; i < len; i++) {
        if ((s[i] & 0xC0) != 0x80)
            return 0;
        cp = cp << 6 | (s[i] & 0x3Fu);
    }
    if ((len == 3 && (cp < 0x800 || (cp >= 0xD800 && cp <= 0xDFFF))) ||
        (len == 4 && (cp < 0x10000 || cp > 0x10FFFF)))
        return 0;
    return len;
}

/* The cell as the sheet gets it: s itself when it is valid UTF-8 of at
 * most XLSX_MAX_CHARS characters, else a repaired or cut copy in the
 * book's scratch buffer (*cut tells which). */
static const char *clean_cell(struct xlsx_book *b, const char *s, bool *cut)
{
    const unsigned char *u = (const unsigned char *)s;
    size_t n = strlen(s), i = 0, chars = 0, w = 0;
    bool copy = false;

    *cut = false;
    while (i < n) {
        size_t len = utf8_len(u + i, n - i);

        if (chars == XLSX_MAX_CHARS) {
            *cut = true;
            break;
        }
        if (len == 0 && !copy) {
            copy = true;
            if (b->scratch_cap < 3 * n + 1) {
                b->scratch_cap = 3 * n + 1;     /* each byte -> U+FFFD */
                b->scratch = xrealloc(b->scratch, b->scratch_cap);
            }
            memcpy(b->scratch, s, i);
            w = i;
        }
        if (copy && len == 0) {
            memcpy(b->scratch + w, "\xEF\xBF\xBD", 3);
            w += 3;
            len = 1;
        } else if (copy) {
            memcpy(b->scratch + w, s + i, len);
            w += len;
        }
        i += len;
        chars++;
    }
    if (!copy && !*cut)
        return s;
    if (!copy) {
        if (b->scratch_cap < i + 1) {
            b->scratch_cap = i + 1;
            b->scratch = xrealloc(b->scratch, b->scratch_cap);
        }
        memcpy(b->scratch, s, i);
        w = i;
    }
    b->scratch[w] = '\0';
    return b->scratch;
}

bool xlsx_row(struct xlsx_sheet *s, const char *const *cells)
{
    struct xlsx_book *b = s->book;
    lxw_row_t row = s->next_row;
    bool any = false;                   /* a cell was written */

    if (b->failed)
        return false;
    if (row >= LXW_ROW_MAX) {
        diag_error("%s: sheet %s: more than %lu rows, the most an Excel "
                   "sheet holds (write CSV, or split the batch with "
                   "--shard)", b->label, s->name,
                   (unsigned long)LXW_ROW_MAX - 1);
        b->failed = true;
        return false;
    }
    for (size_t i = 0; i < s->n_columns; i++) {
        const char *c = cells[i];
        lxw_col_t col = (lxw_col_t)i;
        lxw_error e;
        bool cut;

        if (!c || !*c)
            continue;                   /* a blank cell */
        if (s->numeric[i] && plain_int(c)) {
            e = b->lxw.write_number(s->ws, row, col, strtod(c, NULL),
                                    NULL);
        } else {
            c = clean_cell(b, c, &cut);
            if (cut)
                diag_warn_at(b->label, 0, 0, "sheet %s, row %lu, column %s: "
                             "cell cut to %d characters, the most Excel "
                             "holds", s->name, (unsigned long)row + 1,
                             s->columns[i], XLSX_MAX_CHARS);
            e = b->lxw.write_string(s->ws, row, col, c, NULL);
        }
        if (e) {
            fail_lxw(b, s, e);
            return false;
        }
        any = true;
    }
    if (any)
        s->xml_rows++;                  /* a blank row has no <row> */
    s->next_row++;
    return true;
}

/* fsync the finished file. */
static bool sync_file(struct xlsx_book *b)
{
    int fd = open(b->tmp_path, O_RDONLY);

    errno = 0;
    if (fd < 0 || fsync(fd) != 0) {
        fail_io(b, b->path);
        if (fd >= 0)
            close(fd);
        return false;
    }
    close(fd);
    return true;
}

/* Rename the finished file into place. */
static bool put_in_place(struct xlsx_book *b)
{
    errno = 0;
    if (rename(b->tmp_path, b->path) != 0) {
        fail_io(b, b->path);
        return false;
    }
    cleanup_forget(b->tmp_slot);
    b->tmp_slot = -1;
    free(b->tmp_path);
    b->tmp_path = NULL;                 /* renamed: keep it */
    return true;
}

/* Copy the finished file to the stream and flush it. */
static bool copy_out(struct xlsx_book *b)
{
    char buf[1 << 16];
    size_t n;
    FILE *f = fopen(b->tmp_path, "rb");

    if (!f) {
        fail_io(b, b->tmp_path);
        return false;
    }
    errno = 0;
    while ((n = fread(buf, 1, sizeof buf, f)) > 0)
        if (fwrite(buf, 1, n, b->stream) != n)
            break;
    if (ferror(f)) {
        fail_io(b, b->tmp_path);
    } else if (ferror(b->stream) || fflush(b->stream) != 0) {
        fail_io(b, b->label);
    }
    fclose(f);
    return !b->failed;
}

/* ---- the finished zip, read back --------------------------------------
 * libxlsxwriter 1.1 does not check its writes to its own temporary files
 * (each sheet's rows, then each part before it is zipped): with $TMPDIR
 * full, or over ulimit -f, it finishes a workbook with a sheet cut short
 * or missing and reports success.  Its rows file is checked before the
 * zip is written (check_rows_files()), and the zip is read back after
 * (check_zip()), for the last row, which goes to that file only then:
 * every part must inflate to the size and CRC-32 the zip's directory
 * gives and end in '>' (all are XML), and sheet N must end in
 * "</worksheet>" with one "<row " and one "</row>" per row written that
 * is not blank (libxlsxwriter writes no element for a blank row). */

static uint32_t le16(const unsigned char *p)
{
    return (uint32_t)p[0] | (uint32_t)p[1] << 8;
}

static uint32_t le32(const unsigned char *p)
{
    return le16(p) | le16(p + 2) << 16;
}

/* Where libxlsxwriter keeps its temporary files, for messages. */
static const char *lxw_tmpdir(const struct xlsx_book *b)
{
    return b->tmpdir ? b->tmpdir : "/tmp";
}

/* Each sheet's rows so far went to a temporary file without a check:
 * flush it and look. */
static void check_rows_files(struct xlsx_book *b)
{
    for (size_t i = 0; i < b->n_sheets && !b->failed; i++) {
        FILE *f = b->sheets[i]->ws->optimize_tmpfile;

        errno = 0;
        if (f && (fflush(f) != 0 || ferror(f))) {
            int e = errno;
            diag_error("%s: sheet %s: its temporary file in %s: %s",
                       b->label, b->sheets[i]->name, lxw_tmpdir(b),
                       e ? strerror(e) : "write error");
            b->failed = true;
        }
    }
}

/* Counts a tag in a stream of bytes, across the chunks it comes in
 * (the tags counted start with '<' and hold no other '<'). */
struct tag_count {
    const char *tag;
    size_t matched;             /* bytes of tag matched so far */
    unsigned long n;
};

static void tag_count_add(struct tag_count *c, const unsigned char *s,
                          size_t n)
{
    size_t len = strlen(c->tag);

    for (size_t i = 0; i < n; i++) {
        if (s[i] == (unsigned char)c->tag[c->matched])
            c->matched++;
        else
            c->matched = s[i] == '<';
        if (c->matched == len) {
            c->n++;
            c->matched = 0;
        }
    }
}

/* What inflating one part found. */
struct part {
    uint32_t crc;
    uint64_t size;
    struct tag_count open, close;       /* "<row " and "</row>" */
    unsigned char tail[16];     /* its last bytes */
    size_t tail_len;
};

static void part_add(struct part *p, const unsigned char *s, size_t n)
{
    p->crc = (uint32_t)crc32(p->crc, s, (uInt)n);
    p->size += n;
    tag_count_add(&p->open, s, n);
    tag_count_add(&p->close, s, n);
    if (n >= sizeof p->tail) {
        memcpy(p->tail, s + n - sizeof p->tail, sizeof p->tail);
        p->tail_len = sizeof p->tail;
    } else {
        size_t keep = p->tail_len + n > sizeof p->tail
                          ? sizeof p->tail - n : p->tail_len;
        memmove(p->tail, p->tail + p->tail_len - keep, keep);
        memcpy(p->tail + keep, s, n);
        p->tail_len = keep + n;
    }
}

/* Inflate (method 8) or copy (method 0) 'csize' bytes at f's position
 * into *p; false if the data is not what the method says. */
static bool read_part(FILE *f, unsigned method, uint64_t csize,
                      struct part *p)
{
    unsigned char in[1 << 14], out[1 << 15];
    z_stream z = {0};
    int zr = Z_OK;
    bool ok;

    if (method == 8 && inflateInit2(&z, -MAX_WBITS) != Z_OK)
        return false;
    while (csize > 0 && zr != Z_STREAM_END) {
        size_t want = csize < sizeof in ? (size_t)csize : sizeof in;
        size_t got = fread(in, 1, want, f);

        if (got == 0)
            break;
        csize -= got;
        if (method == 0) {
            part_add(p, in, got);
            continue;
        }
        z.next_in = in;
        z.avail_in = (uInt)got;
        do {
            z.next_out = out;
            z.avail_out = sizeof out;
            zr = inflate(&z, Z_NO_FLUSH);
            if (zr != Z_OK && zr != Z_STREAM_END)
                break;
            part_add(p, out, sizeof out - z.avail_out);
        } while (z.avail_out == 0 && zr == Z_OK);
        if (zr != Z_OK && zr != Z_STREAM_END)
            break;
    }
    ok = method == 0 ? csize == 0 : zr == Z_STREAM_END;
    if (method == 8)
        inflateEnd(&z);
    return ok;
}

/* Check the part of central directory entry 'e' (at least 46 bytes, name
 * included); 'why' says what is wrong (a static string, or the sheet's
 * row count in 'buf'), NULL if nothing. */
static const char *check_entry(struct xlsx_book *b, FILE *f,
                               const unsigned char *e, char *buf,
                               size_t cap)
{
    unsigned method = le16(e + 10);
    uint32_t crc = le32(e + 16), csize = le32(e + 20);
    uint32_t usize = le32(e + 24), nlen = le16(e + 28);
    const char *name = (const char *)e + 46;
    unsigned char lh[30];
    struct part p = {.open.tag = "<row ", .close.tag = "</row>"};
    unsigned sheet = 0;
    char end;

    if ((method != 0 && method != 8) ||
        fseek(f, (long)le32(e + 42), SEEK_SET) != 0 ||
        fread(lh, 1, sizeof lh, f) != sizeof lh ||
        le32(lh) != 0x04034b50 ||
        fseek(f, (long)(le16(lh + 26) + le16(lh + 28)), SEEK_CUR) != 0 ||
        !read_part(f, method, csize, &p))
        return "a part cannot be read";
    if (p.crc != crc || p.size != usize)
        return "a part does not match its checksum";
    while (p.tail_len && strchr(" \r\n", p.tail[p.tail_len - 1]))
        p.tail_len--;
    if (!p.tail_len || p.tail[p.tail_len - 1] != '>')
        return "a part is cut short";
    if (nlen > 19 && memcmp(name, "xl/worksheets/sheet", 19) == 0 &&
        sscanf(name + 19, "%u.xm%c", &sheet, &end) == 2 && end == 'l' &&
        sheet >= 1 && sheet <= b->n_sheets) {
        const struct xlsx_sheet *s = b->sheets[sheet - 1];
        static const char close[] = "</worksheet>";
        size_t k = sizeof close - 1;

        if (p.tail_len < k || memcmp(p.tail + p.tail_len - k, close, k))
            return "a sheet is cut short";
        if (p.open.n != s->xml_rows || p.close.n != s->xml_rows) {
            snprintf(buf, cap, "sheet %s has %lu of its %lu rows", s->name,
                     p.close.n < p.open.n ? p.close.n : p.open.n,
                     s->xml_rows);
            return buf;
        }
        b->sheets[sheet - 1]->checked = true;
    }
    return NULL;
}

/* Read the finished zip back (see above); reports and fails the book if
 * it is damaged. */
static void check_zip(struct xlsx_book *b)
{
    unsigned char tail[22], *cd = NULL;
    char buf[160];
    const char *why = NULL;
    uint32_t n, cd_size, cd_off;
    long size;
    FILE *f = fopen(b->tmp_path, "rb");

    for (size_t i = 0; i < b->n_sheets; i++)
        b->sheets[i]->checked = false;
    /* libxlsxwriter writes no zip comment: the end record is last. */
    if (!f || fseek(f, 0, SEEK_END) != 0 || (size = ftell(f)) < 22 ||
        fseek(f, size - 22, SEEK_SET) != 0 ||
        fread(tail, 1, sizeof tail, f) != sizeof tail ||
        le32(tail) != 0x06054b50) {
        why = "no zip directory at its end";
        goto out;
    }
    n = le16(tail + 10);
    cd_size = le32(tail + 12);
    cd_off = le32(tail + 16);
    if ((uint64_t)cd_off + cd_size > (uint64_t)size) {
        why = "no zip directory at its end";
        goto out;
    }
    cd = xmalloc(cd_size + 1);
    if (fseek(f, (long)cd_off, SEEK_SET) != 0 ||
        fread(cd, 1, cd_size, f) != cd_size) {
        why = "its zip directory cannot be read";
        goto out;
    }
    for (uint32_t i = 0, at = 0; i < n && !why; i++) {
        const unsigned char *e = cd + at;
        if (at + 46 > cd_size || le32(e) != 0x02014b50 ||
            at + 46 + le16(e + 28) > cd_size) {
            why = "its zip directory is damaged";
            break;
        }
        why = check_entry(b, f, e, buf, sizeof buf);
        at += 46 + le16(e + 28) + le16(e + 30) + le16(e + 32);
    }
    for (size_t i = 0; i < b->n_sheets && !why; i++)
        if (!b->sheets[i]->checked) {
            snprintf(buf, sizeof buf, "sheet %s is missing",
                     b->sheets[i]->name);
            why = buf;
        }
out:
    if (why) {
        diag_error("%s: damaged as written (%s): libxlsxwriter could not "
                   "write a temporary file in %s (full, or over ulimit -f?)",
                   b->label, why, lxw_tmpdir(b));
        b->failed = true;
    }
    free(cd);
    if (f)
        fclose(f);
}

bool xlsx_finish(struct xlsx_book *b)
{
    if (!b)
        return true;
    for (size_t i = 0; i < b->n_sheets && !b->failed; i++) {
        struct xlsx_sheet *s = b->sheets[i];
        lxw_error e = b->lxw.autofilter(s->ws, 0, 0, s->next_row - 1,
                                        (lxw_col_t)(s->n_columns - 1));
        if (e)
            fail_lxw(b, s, e);
    }
    if (!b->failed)
        check_rows_files(b);
    if (!b->failed) {
        /* Writes the zip; frees the workbook whatever happens. */
        errno = 0;
        lxw_error e = b->lxw.close(b->wb);
        int zip_errno = errno;

        b->wb = NULL;
        if (e >= LXW_ERROR_ZIP_FILE_OPERATION && e <= LXW_ERROR_ZIP_CLOSE &&
            zip_errno && !b->failed) {
            /* "Zip generic error ZIP_ERRNO ..." names no cause: errno does
             * (minizip sets it). */
            diag_error("%s: %s", b->label, strerror(zip_errno));
            b->failed = true;
        } else if (e) {
            fail_lxw(b, NULL, e);
        }
    }
    if (!b->failed)
        check_zip(b);
    if (!b->failed && b->path)
        sync_file(b);
    return !b->failed;
}

bool xlsx_commit(struct xlsx_book *b)
{
    bool ok;

    if (!b)
        return true;
    assert(!b->wb && !b->failed);       /* xlsx_finish() went well */
    ok = b->path ? put_in_place(b) : copy_out(b);
    xlsx_abort(b);
    return ok;
}

bool xlsx_close(struct xlsx_book *b)
{
    if (!xlsx_finish(b)) {
        xlsx_abort(b);
        return false;
    }
    return xlsx_commit(b);
}

void xlsx_abort(struct xlsx_book *b)
{
    if (!b)
        return;
    if (b->wb)
        b->lxw.free(b->wb);
    if (b->tmp_path)
        unlink(b->tmp_path);
    cleanup_forget(b->tmp_slot);
    for (size_t i = 0; i < b->n_sheets; i++)
        sheet_free(b->sheets[i]);
    free(b->path);
    free(b->tmp_path);
    free(b->tmpdir);
    free(b->scratch);
    free(b);
}
