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
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <xlsxwriter.h>

#include "cleanup.h"
#include "diag.h"
#include "xalloc.h"

enum {
    XLSX_MAX_CHARS = 32767,             /* Excel's limit per cell */
    XLSX_MAX_SHEETS = 8,
};

struct xlsx_sheet {
    struct xlsx_book *book;
    lxw_worksheet *ws;
    char *name;
    char **columns;
    bool *numeric;              /* per column: write numbers */
    size_t n_columns;
    lxw_row_t next_row;         /* the header is row 0 */
};

struct xlsx_book {
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
                       lxw_strerror(e));
        else
            diag_error("%s: %s", b->label, lxw_strerror(e));
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

    if (dir) {
        b->path = xasprintf("%s/%s.xlsx", dir, name);
        b->tmp_path = xasprintf("%s/.%s.xlsx.XXXXXX", dir, name);
        b->label = b->path;
    } else {
        if (tmp && *tmp)
            b->tmpdir = xstrdup(tmp);
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
    if (!make_tmp(b, dir, name)) {
        xlsx_abort(b);
        return NULL;
    }
    lxw_workbook_options lo = {
        .constant_memory = LXW_TRUE,
        .tmpdir = b->tmpdir,
    };
    /* Both fail only when malloc does (libxlsxwriter has said so). */
    b->wb = workbook_new_opt(b->tmp_path, &lo);
    b->bold = b->wb ? workbook_add_format(b->wb) : NULL;
    if (!b->bold) {
        diag_error("%s: cannot start the workbook", b->label);
        xlsx_abort(b);
        return NULL;
    }
    format_set_bold(b->bold);
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
    s->ws = workbook_add_worksheet(b->wb, s->name);
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
        e = worksheet_set_column(s->ws, col, col, xlsx_width(c), NULL);
        if (!e && *c)
            e = worksheet_write_string(s->ws, 0, col, c, b->bold);
    }
    if (e) {
        fail_lxw(b, s, e);
        return NULL;
    }
    worksheet_freeze_panes(s->ws, 1, 0);
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
            e = worksheet_write_number(s->ws, row, col, strtod(c, NULL),
                                       NULL);
        } else {
            c = clean_cell(b, c, &cut);
            if (cut)
                diag_warn_at(b->label, 0, 0, "sheet %s, row %lu, column %s: "
                             "cell cut to %d characters, the most Excel "
                             "holds", s->name, (unsigned long)row + 1,
                             s->columns[i], XLSX_MAX_CHARS);
            e = worksheet_write_string(s->ws, row, col, c, NULL);
        }
        if (e) {
            fail_lxw(b, s, e);
            return false;
        }
    }
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

bool xlsx_finish(struct xlsx_book *b)
{
    if (!b)
        return true;
    for (size_t i = 0; i < b->n_sheets && !b->failed; i++) {
        struct xlsx_sheet *s = b->sheets[i];
        lxw_error e = worksheet_autofilter(s->ws, 0, 0, s->next_row - 1,
                                           (lxw_col_t)(s->n_columns - 1));
        if (e)
            fail_lxw(b, s, e);
    }
    if (!b->failed) {
        /* Writes the zip; frees the workbook whatever happens. */
        lxw_error e = workbook_close(b->wb);

        b->wb = NULL;
        if (e)
            fail_lxw(b, NULL, e);
    }
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
        lxw_workbook_free(b->wb);
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
