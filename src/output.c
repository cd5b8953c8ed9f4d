/*
 * output.c - stage 5: write one table as CSV, TSV or xlsx (see output.h).
 *
 * Each CSV/TSV row is built in the table's own byte buffer and handed to
 * stdio with one fwrite(); CSV quoting is libcsv's csv_write().  The first
 * I/O error is reported once and makes the table fail from then on.  An
 * xlsx table hands its rows to its sheet (xlsx.c) instead.
 */
/* SPDX-License-Identifier: MIT */
#include "output.h"

#include <assert.h>
#include <csv.h>
#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cleanup.h"
#include "decode.h"
#include "diag.h"
#include "fsutil.h"
#include "xalloc.h"
#include "xlsx.h"

static const char BOM[] = "\xEF\xBB\xBF";

struct out_table {
    struct out_opts opts;
    size_t n_columns;
    FILE *f;
    const char *label;      /* names the output in messages */
    char *path;             /* final file; NULL for a stream table */
    char *tmp_path;         /* temporary file; NULL for a stream table */
    int tmp_slot;           /* its cleanup.h registration, or -1 */
    bool failed;            /* an error was reported; drop further rows */
    bool synced;            /* fsynced already (output_finish_all()) */
    char *buf;              /* the row being built */
    size_t len;
    size_t cap;
    char *scratch;          /* a guarded cell that needs CSV quotes */
    size_t scratch_cap;
    bool *guard_col;        /* the formula guard applies to column i */
    char *clean;            /* a cell with invalid UTF-8, escaped */
    size_t clean_cap;
    struct xlsx_sheet *sheet;   /* xlsx: rows go here, not to f */
    struct xlsx_book *book;     /* xlsx: owned, from output_open() */
};

/* Columns the formula guard leaves alone: keys and codes a user joins on
 * (a doc_id "-0180" must stay "-0180", not "'-0180").  Their values come
 * from file names, archive ids and code lists, not from article text. */
static const char *const unguarded[] = {"doc_id", "path", "swedish_code",
                                        "code", "partner_country"};

bool output_guards_column(const char *name)
{
    for (size_t i = 0; i < sizeof unguarded / sizeof *unguarded; i++)
        if (name && strcmp(name, unguarded[i]) == 0)
            return false;
    return true;
}

/* Report the I/O error in errno once; the table fails from now on. */
static void fail(struct out_table *t)
{
    int e = errno;

    if (!t->failed)
        diag_error("%s: %s", t->label, e ? strerror(e) : "write error");
    t->failed = true;
}

/* Make room for 'extra' more bytes after buf[len]. */
static void reserve(struct out_table *t, size_t extra)
{
    size_t need = t->len + extra;

    if (need <= t->cap)
        return;
    if (need < 2 * t->cap)
        need = 2 * t->cap;
    if (need < 256)
        need = 256;
    t->buf = xrealloc(t->buf, need);
    t->cap = need;
}

static void put(struct out_table *t, const char *s, size_t n)
{
    if (n == 0)
        return;                 /* buf may still be NULL */
    reserve(t, n);
    memcpy(t->buf + t->len, s, n);
    t->len += n;
}

static bool is_blank(char c)
{
    return c == ' ' || c == '\t';
}

/* True if a cell starting with c could be read as a formula (OWASP). */
static bool needs_guard(char c)
{
    return c == '=' || c == '+' || c == '-' || c == '@' || c == '\t' ||
           c == '\r';
}

/* The full-width forms spreadsheets also read as a formula's start:
 * U+FF1D ＝, U+FF0B ＋, U+FF0D －, U+FF20 ＠ (UTF-8 EF BC 9D/8B/8D/A0). */
static bool fullwidth_sign(const char *s)
{
    const unsigned char *u = (const unsigned char *)s;
    return u[0] == 0xEF && u[1] == 0xBC &&
           (u[2] == 0x9D || u[2] == 0x8B || u[2] == 0x8D || u[2] == 0xA0);
}

/* A cell a spreadsheet could run: a formula sign first, after any spaces
 * ("  =1+1"), ASCII or full-width.  A lone "-" (standard input's doc_id)
 * is no formula: it stays as is. */
static bool guard_cell(const char *s)
{
    if (needs_guard(s[0]))
        return strcmp(s, "-") != 0;
    while (*s == ' ')
        s++;
    return (s[0] == '=' || s[0] == '+' || s[0] == '@' ||
            (s[0] == '-' && s[1] != '\0')) || fullwidth_sign(s);
}

/* Cell text for CSV: "'" + s when guarded, in the scratch buffer. */
static const char *guarded(struct out_table *t, const char *s, size_t n)
{
    if (n + 2 > t->scratch_cap) {
        t->scratch_cap = n + 2;
        t->scratch = xrealloc(t->scratch, t->scratch_cap);
    }
    t->scratch[0] = '\'';
    memcpy(t->scratch + 1, s, n + 1);
    return t->scratch;
}

static void put_csv_cell(struct out_table *t, const char *s, bool guard)
{
    size_t n = strlen(s);
    bool quote;

    if (n == 0) {
        /* A lone empty cell would make an empty line, which readers
         * skip: quote it as Python's csv module does. */
        if (t->n_columns == 1)
            put(t, "\"\"", 2);
        return;
    }
    quote = strcspn(s, ",\"\r\n") < n || (!guard && is_blank(s[0])) ||
            is_blank(s[n - 1]);
    if (!quote) {
        if (guard)
            put(t, "'", 1);
        put(t, s, n);
        return;
    }
    if (guard) {
        s = guarded(t, s, n);
        n++;
    }
    /* Objects are smaller than PTRDIFF_MAX, so 2 * n + 2 cannot wrap. */
    reserve(t, 2 * n + 2);
    t->len += csv_write(t->buf + t->len, t->cap - t->len, s, n);
}

static void put_tsv_cell(struct out_table *t, const char *s, bool guard)
{
    if (guard)
        put(t, "'", 1);
    for (;;) {
        size_t run = strcspn(s, "\t\n\r\\");

        put(t, s, run);
        s += run;
        switch (*s) {
        case '\0':
            return;
        case '\t':
            put(t, "\\t", 2);
            break;
        case '\n':
            put(t, "\\n", 2);
            break;
        case '\r':
            put(t, "\\r", 2);
            break;
        default:
            put(t, "\\\\", 2);
            break;
        }
        s++;
    }
}

/* Append one row to the buffer; 'guard' enables the formula guard. */
/* The cell as written: valid UTF-8, other bytes escaped (decode.h). */
static const char *utf8_cell(struct out_table *t, const char *s)
{
    return decode_escape_invalid(s, &t->clean, &t->clean_cap);
}

static void build_row(struct out_table *t, const char *const *cells,
                      bool guard)
{
    for (size_t i = 0; i < t->n_columns; i++) {
        const char *s = utf8_cell(t, cells[i] ? cells[i] : "");
        bool g = guard && t->guard_col[i] && guard_cell(s);

        if (t->opts.format == OUT_TSV) {
            if (i > 0)
                put(t, "\t", 1);
            put_tsv_cell(t, s, g);
        } else {
            if (i > 0)
                put(t, ",", 1);
            put_csv_cell(t, s, g);
        }
    }
    if (t->opts.format == OUT_TSV)
        put(t, "\n", 1);
    else
        put(t, "\r\n", 2);
}

/* Hand the buffer to stdio and empty it. */
static bool flush_buf(struct out_table *t)
{
    size_t n = t->len;

    t->len = 0;
    errno = 0;
    if (fwrite(t->buf, 1, n, t->f) != n) {
        fail(t);
        return false;
    }
    return true;
}

/* Create the temporary file in 'dir' for a directory table. */
/* The table's file dir/name.EXT (the format's extension), or dir/name
 * as given with add_ext false, written through a temporary file. */
static bool open_tmp(struct out_table *t, const char *dir, const char *name,
                     bool add_ext)
{
    const char *ext = add_ext ? output_ext(t->opts.format) : "";
    const char *dot = add_ext ? "." : "";
    int fd;

    t->path = xasprintf("%s/%s%s%s", dir, name, dot, ext);
    t->tmp_path = xasprintf("%s/.%s%s%s.XXXXXX", dir, name, dot, ext);
    t->label = t->path;
    fd = cleanup_mkstemp(t->tmp_path, &t->tmp_slot);
    if (fd < 0) {
        diag_error("%s: %s", dir, strerror(errno));
        free(t->tmp_path);
        t->tmp_path = NULL;             /* nothing to remove */
        return false;
    }
    /* mkstemp() makes the file 0600; a table is an ordinary file. */
    if (fchmod(fd, 0644) != 0) {
        diag_error("%s: %s", t->tmp_path, strerror(errno));
        close(fd);
        return false;
    }
    t->f = fdopen(fd, "wb");
    if (!t->f) {
        diag_error("%s: %s", t->tmp_path, strerror(errno));
        close(fd);
        return false;
    }
    return true;
}

static struct out_table *open_table(const char *dir, const char *name,
                                    bool add_ext, const char *const *columns,
                                    size_t n_columns,
                                    const struct out_opts *opts, FILE *stream)
{
    struct out_table *t = xcalloc(1, sizeof *t);

    t->tmp_slot = -1;
    assert(name && !strchr(name, '/'));
    assert(n_columns >= 1);
    assert(dir || stream);
    t->opts = *opts;
    t->n_columns = n_columns;
    t->guard_col = xcalloc(n_columns, sizeof *t->guard_col);
    for (size_t i = 0; i < n_columns; i++)
        t->guard_col[i] = output_guards_column(columns[i]);
    if (opts->format == OUT_XLSX) {
        t->book = xlsx_open(dir, name, stream);
        t->sheet = t->book ? xlsx_add_sheet(t->book, name, columns,
                                            n_columns) : NULL;
        if (!t->sheet) {
            output_abort(t);
            return NULL;
        }
        return t;
    }
    if (dir) {
        if (!open_tmp(t, dir, name, add_ext)) {
            output_abort(t);
            return NULL;
        }
    } else {
        t->f = stream;
        t->label = stream == stdout ? "stdout" : name;
    }
    if (opts->bom)
        put(t, BOM, sizeof BOM - 1);
    build_row(t, columns, false);
    if (!flush_buf(t)) {
        output_abort(t);
        return NULL;
    }
    return t;
}

struct out_table *output_open(const char *dir, const char *name,
                              const char *const *columns, size_t n_columns,
                              const struct out_opts *opts, FILE *stream)
{
    return open_table(dir, name, true, columns, n_columns, opts, stream);
}

struct out_table *output_open_file(const char *dir, const char *file,
                                   const char *const *columns,
                                   size_t n_columns,
                                   const struct out_opts *opts)
{
    return open_table(dir, file, false, columns, n_columns, opts, NULL);
}

struct out_table *output_open_sheet(struct xlsx_book *b, const char *name,
                                    const char *const *columns,
                                    size_t n_columns)
{
    struct out_table *t = xcalloc(1, sizeof *t);

    t->tmp_slot = -1;
    t->opts.format = OUT_XLSX;
    t->n_columns = n_columns;
    t->sheet = xlsx_add_sheet(b, name, columns, n_columns);
    if (!t->sheet) {
        free(t);
        return NULL;
    }
    return t;
}

/* xlsx_row() with the cells utf8_cell() would write (the same escapes as
 * CSV and TSV, so every format shows a file name alike). */
static bool sheet_row(struct out_table *t, const char *const *cells)
{
    const char **row = NULL;
    bool ok;

    for (size_t i = 0; i < t->n_columns; i++) {
        const char *c = cells[i] ? utf8_cell(t, cells[i]) : NULL;
        if (c == cells[i])
            continue;
        if (!row) {
            row = xcalloc(t->n_columns, sizeof *row);
            memcpy(row, cells, t->n_columns * sizeof *row);
        }
        row[i] = xstrdup(c);
    }
    if (!row)
        return xlsx_row(t->sheet, cells);
    ok = xlsx_row(t->sheet, row);
    for (size_t i = 0; i < t->n_columns; i++)
        if (row[i] != cells[i])
            free((void *)(uintptr_t)row[i]);
    free(row);
    return ok;
}

bool output_row(struct out_table *t, const char *const *cells)
{
    if (t->sheet)
        return sheet_row(t, cells);
    if (t->failed)
        return false;
    build_row(t, cells, t->opts.formula_guard);
    return flush_buf(t);
}

/* Flush a directory table to disk and close it; true if all went well. */
static bool close_file(struct out_table *t)
{
    bool ok = !t->failed;
    FILE *f = t->f;

    t->f = NULL;
    errno = 0;
    if (ok && (fflush(f) != 0 || ferror(f))) {
        fail(t);
        ok = false;
    }
    /* fsync: a table renamed into place should survive a power loss
     * too, and some file systems (NFS) report write errors only here
     * (output_finish_all() has done it already). */
    if (ok && !t->synced && fsync(fileno(f)) != 0) {
        fail(t);
        ok = false;
    }
    errno = 0;
    if (fclose(f) != 0 && ok) {
        fail(t);
        ok = false;
    }
    return ok;
}

/* output_finish() of tables t[0..n) in turn (NULLs skipped), as a loop
 * that stops at the first failure would, but with the fsyncs of the
 * directory tables at once (fs_fsync_all()): five tables cost one journal
 * commit instead of five.  The tables after a failure are left as they
 * are, for output_abort(). */
bool output_finish_all(struct out_table *const *t, size_t n)
{
    int *fd = xcalloc(n + 1, sizeof *fd), *err = xcalloc(n + 1, sizeof *err);
    size_t *which = xcalloc(n + 1, sizeof *which), k = 0, i = 0;
    bool ok = true;

    /* Flush each, in turn, up to a failure; a table that is no file in a
     * directory is finished here, as output_finish() does. */
    for (; i < n && ok; i++) {
        struct out_table *x = t[i];
        if (!x || x->sheet || !x->path || !x->f) {
            ok = output_finish(x);
            continue;
        }
        errno = 0;
        if (!x->failed && (fflush(x->f) != 0 || ferror(x->f)))
            fail(x);                    /* with fflush's errno */
        if (x->failed) {
            ok = close_file(x);         /* closes; false */
            continue;
        }
        fd[k] = fileno(x->f);
        which[k++] = i;
    }
    fs_fsync_all(fd, k, err);
    /* Then close the flushed ones in turn, up to the first failure. */
    bool synced_ok = true;
    for (size_t j = 0; j < k && synced_ok; j++) {
        struct out_table *x = t[which[j]];
        if (err[j]) {
            errno = err[j];
            fail(x);
        }
        x->synced = true;
        synced_ok = close_file(x);
    }
    free(fd);
    free(err);
    free(which);
    return ok && synced_ok;
}

bool output_finish(struct out_table *t)
{
    if (!t)
        return true;
    if (t->sheet)
        return xlsx_finish(t->book);    /* NULL: its owner finishes it */
    if (t->path)
        return !t->f || close_file(t);
    errno = 0;
    if (!t->failed && (fflush(t->f) != 0 || ferror(t->f)))
        fail(t);
    return !t->failed;
}

bool output_commit(struct out_table *t)
{
    bool ok = true;

    if (!t)
        return true;
    if (t->sheet) {
        ok = xlsx_commit(t->book);      /* frees the book */
        t->book = NULL;
    } else if (t->path) {
        assert(!t->f && !t->failed);    /* output_finish() went well */
        errno = 0;
        if (rename(t->tmp_path, t->path) != 0) {
            fail(t);
            ok = false;
        } else {
            cleanup_forget(t->tmp_slot);
            t->tmp_slot = -1;
            free(t->tmp_path);
            t->tmp_path = NULL;         /* renamed: keep it */
        }
    }
    output_abort(t);
    return ok;
}

bool output_close(struct out_table *t)
{
    if (!output_finish(t)) {
        output_abort(t);
        return false;
    }
    return output_commit(t);
}

void output_abort(struct out_table *t)
{
    if (!t)
        return;
    xlsx_abort(t->book);
    if (t->path && t->f)
        fclose(t->f);
    if (t->tmp_path)
        unlink(t->tmp_path);
    cleanup_forget(t->tmp_slot);
    free(t->path);
    free(t->tmp_path);
    free(t->buf);
    free(t->scratch);
    free(t->clean);
    free(t->guard_col);
    free(t);
}

bool output_guarded(const char *cell)
{
    return cell && guard_cell(cell);
}

size_t output_tsv_unescape(char *cell)
{
    size_t w = 0;
    for (size_t r = 0; cell[r]; r++) {
        char c = cell[r];
        if (c == '\\' && cell[r + 1]) {
            char e = cell[r + 1];
            char u = e == 't' ? '\t' : e == 'n' ? '\n' : e == 'r' ? '\r'
                   : e == '\\' ? '\\' : 0;
            if (u) {
                cell[w++] = u;
                r++;
                continue;
            }
        }
        cell[w++] = c;
    }
    cell[w] = '\0';
    return w;
}

const char *output_ext(enum out_format f)
{
    return f == OUT_TSV ? "tsv" : f == OUT_XLSX ? "xlsx" : "csv";
}
