/*
 * test_output.c - unit tests for output.c: exact bytes of CSV and TSV
 * tables written to memory streams and temporary directories, the
 * formula guard, the BOM, rename-on-close, and I/O errors (/dev/full).
 * xlsx: widths and column types, a shared workbook put in place at close,
 * abort, repaired and cut cells, a terminal refused, Excel's row limit
 * (cell values are read back by tests/xlsx_check.py in tests/run.sh).
 */
/* SPDX-License-Identifier: MIT */
#define _XOPEN_SOURCE 700               /* posix_openpt() */
#include "output.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "check.h"
#include "diag.h"
#include "fsutil.h"
#include "xlsx.h"

#define N(a) (sizeof(a) / sizeof((a)[0]))

static const struct out_opts CSV = {.format = OUT_CSV};
static const struct out_opts CSV_GUARD = {.format = OUT_CSV,
                                          .formula_guard = true};
static const struct out_opts TSV = {.format = OUT_TSV};
static const struct out_opts TSV_GUARD = {.format = OUT_TSV,
                                          .formula_guard = true};

/* Write a table with n_rows rows of n_columns cells to memory; caller
 * frees the result.  Returns NULL if a call failed. */
static char *write_mem(const struct out_opts *o, const char *const *columns,
                       size_t n_columns, const char *const *rows,
                       size_t n_rows, size_t *len)
{
    char *mem = NULL;
    FILE *f = open_memstream(&mem, len);
    struct out_table *t = output_open(NULL, "t", columns, n_columns, o, f);
    bool ok = t != NULL;

    for (size_t i = 0; ok && i < n_rows; i++)
        ok = output_row(t, rows + i * n_columns);
    if (!output_close(t))
        ok = false;
    fclose(f);
    if (!ok) {
        free(mem);
        return NULL;
    }
    return mem;
}

/* One header "h" and one data row holding 'cell'; compare all bytes. */
static void check_cell(const struct out_opts *o, const char *cell,
                       const char *want_row, int line)
{
    static const char *const hdr[] = {"h"};
    const char *const row[] = {cell};
    const char *eol = o->format == OUT_TSV ? "\n" : "\r\n";
    char want[512];
    size_t len;
    char *got = write_mem(o, hdr, 1, row, 1, &len);

    snprintf(want, sizeof want, "h%s%s%s", eol, want_row, eol);
    if (!got) {
        CHECK(got != NULL);
        return;
    }
    if (len != strlen(want) || memcmp(got, want, len) != 0)
        fprintf(stderr, "(cell from line %d)\n", line);
    CHECK_MEMEQ(got, len, want, strlen(want), "table");
    free(got);
}

#define CELL(o, cell, want) check_cell(o, cell, want, __LINE__)

static void test_ext(void)
{
    CHECK_STREQ(output_ext(OUT_CSV), "csv");
    CHECK_STREQ(output_ext(OUT_TSV), "tsv");
}

static void test_csv_basic(void)
{
    static const char *const cols[] = {"name", "org", "year"};
    static const char *const rows[] = {
        "Anna Berg", "Volvo", "2024",
        "x", NULL, "",
    };
    static const char want[] = "name,org,year\r\n"
                               "Anna Berg,Volvo,2024\r\n"
                               "x,,\r\n";
    size_t len;
    char *got = write_mem(&CSV, cols, N(cols), rows, 2, &len);

    CHECK(got != NULL);
    if (got)
        CHECK_MEMEQ(got, len, want, sizeof want - 1, "csv basic");
    free(got);
}

static void test_csv_quoting(void)
{
    CELL(&CSV, "plain", "plain");
    CELL(&CSV, "in side", "in side");
    CELL(&CSV, "a,b", "\"a,b\"");
    CELL(&CSV, "say \"hi\"", "\"say \"\"hi\"\"\"");
    CELL(&CSV, "\"", "\"\"\"\"");
    CELL(&CSV, "line1\nline2", "\"line1\nline2\"");
    CELL(&CSV, "cr\rhere", "\"cr\rhere\"");
    CELL(&CSV, "crlf\r\n", "\"crlf\r\n\"");
    CELL(&CSV, " lead", "\" lead\"");
    CELL(&CSV, "trail ", "\"trail \"");
    CELL(&CSV, "\tlead", "\"\tlead\"");
    CELL(&CSV, "trail\t", "\"trail\t\"");
    CELL(&CSV, "mid\ttab", "mid\ttab");
    CELL(&CSV, "back\\slash", "back\\slash");
    CELL(&CSV, "'single'", "'single'");
    CELL(&CSV, "Malm\xc3\xb6 \xe2\x80\x93 G\xc3\xb6teborg",
         "Malm\xc3\xb6 \xe2\x80\x93 G\xc3\xb6teborg");
    /* One empty column would be a blank line, which readers skip. */
    CELL(&CSV, "", "\"\"");
    CELL(&CSV, NULL, "\"\"");
    /* Guard off: formulas pass through untouched. */
    CELL(&CSV, "=SUM(A1)", "=SUM(A1)");
    CELL(&CSV, "-5", "-5");
}

static void test_csv_guard(void)
{
    CELL(&CSV_GUARD, "=SUM(A1)", "'=SUM(A1)");
    CELL(&CSV_GUARD, "+46", "'+46");
    CELL(&CSV_GUARD, "-5", "'-5");
    CELL(&CSV_GUARD, "@x", "'@x");
    CELL(&CSV_GUARD, "\tx", "'\tx");
    CELL(&CSV_GUARD, "\rx", "\"'\rx\"");
    CELL(&CSV_GUARD, "=a,b", "\"'=a,b\"");
    CELL(&CSV_GUARD, "=\"x\"", "\"'=\"\"x\"\"\"");
    CELL(&CSV_GUARD, "-x ", "\"'-x \"");
    CELL(&CSV_GUARD, "a=b", "a=b");
    CELL(&CSV_GUARD, " =1", "' =1");        /* spaces, then a formula */
    CELL(&CSV_GUARD, "  -", "\"  -\"");     /* a lone sign is none */
    CELL(&CSV_GUARD, "\xEF\xBC\x9D" "1+1", "'\xEF\xBC\x9D" "1+1"); /* full-width = */
    CELL(&CSV_GUARD, "\xEF\xBC\xA0x", "'\xEF\xBC\xA0x");        /* full-width @ */
    CELL(&CSV_GUARD, "\xEF\xBC\x91", "\xEF\xBC\x91");            /* full-width 1 */
    CELL(&CSV_GUARD, "'=1", "'=1");
    CELL(&CSV_GUARD, "", "\"\"");
}

static void test_header_not_guarded(void)
{
    static const char *const cols[] = {"=h", "-i", "@j"};
    static const char *const rows[] = {"=1", "-2", "@3"};
    static const char want[] = "=h,-i,@j\r\n'=1,'-2,'@3\r\n";
    size_t len;
    char *got = write_mem(&CSV_GUARD, cols, N(cols), rows, 1, &len);

    CHECK(got != NULL);
    if (got)
        CHECK_MEMEQ(got, len, want, sizeof want - 1, "header guard");
    free(got);
}

static void test_tsv(void)
{
    static const char *const cols[] = {"a", "b\tc"};
    static const char *const rows[] = {
        "t\tn\nr\r\\b", NULL,
        "", "x y,\"z\"",
    };
    static const char want[] = "a\tb\\tc\n"
                               "t\\tn\\nr\\r\\\\b\t\n"
                               "\tx y,\"z\"\n";
    size_t len;
    char *got = write_mem(&TSV, cols, N(cols), rows, 2, &len);

    CHECK(got != NULL);
    if (got)
        CHECK_MEMEQ(got, len, want, sizeof want - 1, "tsv");
    free(got);
    CELL(&TSV, "", "");
    CELL(&TSV, "\\", "\\\\");
    CELL(&TSV, "\\t", "\\\\t");
    CELL(&TSV, "=1", "=1");
    CELL(&TSV_GUARD, "=1", "'=1");
    CELL(&TSV_GUARD, "\tx", "'\\tx");
    CELL(&TSV_GUARD, "\r", "'\\r");
    CELL(&TSV_GUARD, "+46 8", "'+46 8");
}

/* Empty pieces first, before the row buffer exists (UBSan found this). */
static void test_empty_first(void)
{
    static const char *const cols[] = {"", NULL};
    static const char *const rows[] = {NULL, ""};
    size_t len;
    char *got = write_mem(&TSV, cols, N(cols), rows, 1, &len);

    CHECK(got != NULL);
    if (got)
        CHECK_MEMEQ(got, len, "\t\n\t\n", 4, "empty tsv");
    free(got);
    got = write_mem(&CSV, cols, N(cols), rows, 1, &len);
    CHECK(got != NULL);
    if (got)
        CHECK_MEMEQ(got, len, ",\r\n,\r\n", 6, "empty csv");
    free(got);
}

static void test_bom(void)
{
    static const char *const cols[] = {"a", "b"};
    static const char *const rows[] = {"1", "2"};
    struct out_opts csv = {.format = OUT_CSV, .bom = true};
    struct out_opts tsv = {.format = OUT_TSV, .bom = true};
    static const char want_csv[] = "\xEF\xBB\xBF" "a,b\r\n1,2\r\n";
    static const char want_tsv[] = "\xEF\xBB\xBF" "a\tb\n1\t2\n";
    size_t len;
    char *got = write_mem(&csv, cols, N(cols), rows, 1, &len);

    CHECK(got != NULL);
    if (got)
        CHECK_MEMEQ(got, len, want_csv, sizeof want_csv - 1, "bom csv");
    free(got);
    got = write_mem(&tsv, cols, N(cols), rows, 1, &len);
    CHECK(got != NULL);
    if (got)
        CHECK_MEMEQ(got, len, want_tsv, sizeof want_tsv - 1, "bom tsv");
    free(got);
}

static void test_long_cell(void)
{
    static const char *const cols[] = {"a", "b"};
    size_t n = 100000;
    char *cell = malloc(n + 1);
    const char *row[2];
    size_t len, want_len;
    char *got;

    for (size_t i = 0; i < n; i++)
        cell[i] = i % 10 == 0 ? '"' : 'x';
    cell[n] = '\0';
    row[0] = cell;
    row[1] = "z";
    got = write_mem(&CSV, cols, N(cols), row, 1, &len);
    want_len = strlen("a,b\r\n") + 2 + n + n / 10 + strlen(",z\r\n");
    CHECK(got != NULL);
    CHECK(len == want_len);
    if (got && len == want_len) {
        CHECK(memcmp(got + 5, "\"\"\"xxxxxxxxx\"\"x", 15) == 0);
        CHECK(memcmp(got + len - 6, "x\",z\r\n", 6) == 0);
    }
    free(got);
    free(cell);
}

/* Read a whole file into a fresh string; NULL if it can't be opened. */
static char *slurp(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    char *s;

    if (!f)
        return NULL;
    s = malloc(1 << 16);
    *len = fread(s, 1, (1 << 16) - 1, f);
    s[*len] = '\0';
    fclose(f);
    return s;
}

/* Number of entries in dir besides . and ..; *hidden counts dot files. */
static int count_entries(const char *dir, int *hidden)
{
    DIR *d = opendir(dir);
    struct dirent *e;
    int n = 0;

    *hidden = 0;
    if (!d)
        return -1;
    while ((e = readdir(d)) != NULL) {
        if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, ".."))
            continue;
        n++;
        if (e->d_name[0] == '.')
            (*hidden)++;
    }
    closedir(d);
    return n;
}

static void test_dir_close(void)
{
    static const char *const cols[] = {"a", "b"};
    static const char *const row[] = {"1", "x,y"};
    static const char want[] = "a,b\r\n1,\"x,y\"\r\n";
    char dir[] = "/tmp/test_output.XXXXXX";
    char path[64];
    int hidden = 0;
    struct out_table *t;
    struct stat st;
    size_t len;
    char *got;

    CHECK(mkdtemp(dir) != NULL);
    snprintf(path, sizeof path, "%s/pairs.csv", dir);
    t = output_open(dir, "pairs", cols, N(cols), &CSV, NULL);
    CHECK(t != NULL);
    CHECK(output_row(t, row));
    CHECK(access(path, F_OK) != 0);     /* not yet in place */
    CHECK(count_entries(dir, &hidden) == 1);
    CHECK(hidden == 1);                 /* the .pairs.csv.XXXXXX file */
    CHECK(output_close(t));
    CHECK(count_entries(dir, &hidden) == 1);
    CHECK(hidden == 0);
    CHECK(stat(path, &st) == 0);
    CHECK((st.st_mode & 0777) == 0644);
    got = slurp(path, &len);
    CHECK(got != NULL);
    if (got)
        CHECK_MEMEQ(got, len, want, sizeof want - 1, "dir table");
    free(got);
    unlink(path);
    rmdir(dir);
}

/* Several tables finished at once (their fsyncs together): each is
 * whole in its temporary file, ready for output_commit(); NULL entries
 * are skipped.  fs_fsync_all() reports each descriptor's own error, past
 * its batch of 16 too. */
static void test_finish_all(void)
{
    static const char *const cols[] = {"a"};
    static const char *const row[] = {"1"};
    static const char want[] = "a\r\n1\r\n";
    static const char *const names[] = {"documents", "pairs", "quotes"};
    char dir[] = "/tmp/test_output.XXXXXX";
    struct out_table *t[4] = {NULL};
    char path[96];

    CHECK(mkdtemp(dir) != NULL);
    for (int i = 0; i < 3; i++) {
        t[i + (i > 0)] = output_open(dir, names[i], cols, N(cols), &CSV,
                                     NULL);
        CHECK(t[i + (i > 0)] != NULL);
        CHECK(output_row(t[i + (i > 0)], row));
    }
    CHECK(output_finish_all(t, 4));     /* t[1] is NULL */
    for (int i = 0; i < 4; i++)
        CHECK(output_commit(t[i]));
    for (int i = 0; i < 3; i++) {
        size_t len;
        snprintf(path, sizeof path, "%s/%s.csv", dir, names[i]);
        char *got = slurp(path, &len);
        CHECK(got != NULL);
        if (got)
            CHECK_MEMEQ(got, len, want, sizeof want - 1, "finish_all");
        free(got);
        unlink(path);
    }
    rmdir(dir);

    int fd[20], err[20];
    for (int i = 0; i < 20; i++)
        fd[i] = i % 7 == 3 ? -1 : STDERR_FILENO;
    int tmp = open("/tmp", O_RDONLY);
    fd[18] = tmp;
    fs_fsync_all(fd, 20, err);
    for (int i = 0; i < 20; i++)
        if (fd[i] < 0)
            CHECK(err[i] == EBADF);
        else if (i == 18)
            CHECK(err[i] == 0);
    close(tmp);
}

static void test_dir_tsv_replace(void)
{
    static const char *const cols[] = {"q"};
    static const char *const row[] = {"a\tb"};
    static const char want[] = "q\na\\tb\n";
    char dir[] = "/tmp/test_output.XXXXXX";
    char path[64];
    int hidden;
    FILE *f;
    struct out_table *t;
    size_t len;
    char *got;

    CHECK(mkdtemp(dir) != NULL);
    snprintf(path, sizeof path, "%s/quotes.tsv", dir);
    f = fopen(path, "w");
    fputs("old\n", f);
    fclose(f);
    t = output_open(dir, "quotes", cols, N(cols), &TSV, NULL);
    CHECK(t != NULL);
    CHECK(output_row(t, row));
    got = slurp(path, &len);            /* the old table is untouched */
    CHECK(got && len == 4 && !memcmp(got, "old\n", 4));
    free(got);
    CHECK(output_close(t));
    got = slurp(path, &len);
    CHECK(got != NULL);
    if (got)
        CHECK_MEMEQ(got, len, want, sizeof want - 1, "replaced table");
    free(got);
    CHECK(count_entries(dir, &hidden) == 1 && hidden == 0);
    unlink(path);
    rmdir(dir);
}

static void test_dir_abort(void)
{
    static const char *const cols[] = {"a"};
    static const char *const row[] = {"1"};
    char dir[] = "/tmp/test_output.XXXXXX";
    char path[64];
    int hidden;
    struct out_table *t;

    CHECK(mkdtemp(dir) != NULL);
    snprintf(path, sizeof path, "%s/tags.csv", dir);
    t = output_open(dir, "tags", cols, N(cols), &CSV, NULL);
    CHECK(t != NULL);
    CHECK(output_row(t, row));
    CHECK(count_entries(dir, &hidden) == 1);
    output_abort(t);
    CHECK(count_entries(dir, &hidden) == 0);
    CHECK(access(path, F_OK) != 0);
    output_abort(NULL);
    CHECK(output_close(NULL));
    rmdir(dir);
}

/* Run f(arg) with stderr going to a file; return what it printed. */
static char *capture_stderr(void (*f)(void *), void *arg)
{
    char name[] = "/tmp/test_output_err.XXXXXX";
    int fd = mkstemp(name);
    int saved = dup(2);
    size_t len;
    char *s;

    fflush(stderr);
    dup2(fd, 2);
    f(arg);
    fflush(stderr);
    dup2(saved, 2);
    close(saved);
    close(fd);
    s = slurp(name, &len);
    unlink(name);
    return s;
}

struct open_args {
    const char *dir;
    struct out_table *t;
};

static void open_in(void *arg)
{
    static const char *const cols[] = {"a"};
    struct open_args *a = arg;

    a->t = output_open(a->dir, "pairs", cols, N(cols), &CSV, NULL);
}

static void test_missing_dir(void)
{
    char dir[] = "/tmp/test_output.XXXXXX";
    char want[128];
    struct open_args a = {.dir = dir};
    unsigned long errors = diag_errors();
    char *err;

    CHECK(mkdtemp(dir) != NULL);
    rmdir(dir);
    err = capture_stderr(open_in, &a);
    CHECK(a.t == NULL);
    CHECK(diag_errors() == errors + 1);
    snprintf(want, sizeof want, "utdrag: %s: No such file or directory\n",
             dir);
    CHECK_STREQ(err, want);
    free(err);
}

struct full_args {
    bool rows_ok;
    bool row_after_error;
    bool close_ok;
};

static void write_full(void *arg)
{
    static const char *const cols[] = {"a", "b"};
    static const char *const row[] = {"0123456789", "abcdefghij"};
    struct full_args *a = arg;
    FILE *f = fopen("/dev/full", "w");
    struct out_table *t = output_open(NULL, "pairs", cols, N(cols), &CSV, f);

    a->rows_ok = true;
    for (int i = 0; t && i < 10000 && a->rows_ok; i++)
        a->rows_ok = output_row(t, row);
    a->row_after_error = t && output_row(t, row);
    a->close_ok = t && output_close(t);
    fclose(f);
}

static void test_dev_full(void)
{
    struct full_args a;
    unsigned long errors = diag_errors();
    char *err = capture_stderr(write_full, &a);

    CHECK(!a.rows_ok);              /* stdio's buffer filled up */
    CHECK(!a.row_after_error);
    CHECK(!a.close_ok);
    CHECK(diag_errors() == errors + 1);     /* reported once */
    CHECK_STREQ(err, "utdrag: pairs: No space left on device\n");
    free(err);
}

static void close_full_small(void *arg)
{
    static const char *const cols[] = {"a"};
    static const char *const row[] = {"1"};
    struct full_args *a = arg;
    FILE *f = fopen("/dev/full", "w");
    struct out_table *t = output_open(NULL, "pairs", cols, N(cols), &TSV, f);

    a->rows_ok = t && output_row(t, row);   /* still in stdio's buffer */
    a->close_ok = t && output_close(t);
    fclose(f);
}

static void test_dev_full_at_close(void)
{
    struct full_args a;
    unsigned long errors = diag_errors();
    char *err = capture_stderr(close_full_small, &a);

    CHECK(a.rows_ok);
    CHECK(!a.close_ok);
    CHECK(diag_errors() == errors + 1);
    CHECK_STREQ(err, "utdrag: pairs: No space left on device\n");
    free(err);
}

static void close_into_dir(void *arg)
{
    static const char *const cols[] = {"a"};
    static const char *const row[] = {"1"};
    struct open_args *a = arg;
    struct out_table *t = output_open(a->dir, "pairs", cols, N(cols), &CSV,
                                      NULL);

    CHECK(t != NULL);
    CHECK(output_row(t, row));
    a->t = output_close(t) ? t : NULL;      /* only compared with NULL */
}

static void test_rename_fails(void)
{
    char dir[] = "/tmp/test_output.XXXXXX";
    char path[64], inner[80], want[128];
    struct open_args a = {.dir = dir};
    int hidden;
    char *err;

    CHECK(mkdtemp(dir) != NULL);
    /* A non-empty directory where the table should go: rename() fails. */
    snprintf(path, sizeof path, "%s/pairs.csv", dir);
    snprintf(inner, sizeof inner, "%s/keep", path);
    CHECK(mkdir(path, 0755) == 0);
    CHECK(mkdir(inner, 0755) == 0);
    err = capture_stderr(close_into_dir, &a);
    CHECK(a.t == NULL);
    snprintf(want, sizeof want, "utdrag: %s: Is a directory\n", path);
    CHECK_STREQ(err, want);
    CHECK(count_entries(dir, &hidden) == 1 && hidden == 0);
    free(err);
    rmdir(inner);
    rmdir(path);
    rmdir(dir);
}

static const struct out_opts XLSX = {.format = OUT_XLSX};

static void test_xlsx_columns(void)
{
    CHECK_STREQ(output_ext(OUT_XLSX), "xlsx");
    CHECK(xlsx_numeric("line"));
    CHECK(xlsx_numeric("quotes"));
    CHECK(xlsx_numeric("bytes"));
    CHECK(!xlsx_numeric("swedish_code"));
    CHECK(!xlsx_numeric("doc_id"));
    CHECK(!xlsx_numeric("party"));
    CHECK(xlsx_width("quote") == 80);
    CHECK(xlsx_width("swedish_code") == 15);    /* header + 3 */
    CHECK(xlsx_width("line") == 8);
    CHECK(xlsx_width("no_such_column") == 17);
    CHECK(xlsx_width("x") == 12);
}

/* The first bytes of a file are those of a zip archive. */
static bool is_zip(const char *path)
{
    size_t len;
    char *s = slurp(path, &len);
    bool zip = s && len > 4 && memcmp(s, "PK\3\4", 4) == 0;

    free(s);
    return zip;
}

struct xlsx_args {
    const char *dir;
    bool ok;
};

/* Two sheets of one book with interleaved rows, a bad byte and an
 * over-long cell; the book is in place only after xlsx_close(). */
static void write_book(void *arg)
{
    static const char *const cols[] = {"doc_id", "line", "quote"};
    static const char *const row[] = {"a\xFF", "12", "0180"};
    static const char *const empty[] = {NULL, "", NULL};
    struct xlsx_args *a = arg;
    struct xlsx_book *b = xlsx_open(a->dir, "utdrag", NULL);
    char path[80];
    int hidden = 0;
    char *big = malloc(40001);
    const char *const long_row[] = {"x", "007", big};

    if (!big)
        return;
    memset(big, 'q', 40000);
    big[40000] = '\0';
    snprintf(path, sizeof path, "%s/utdrag.xlsx", a->dir);
    struct out_table *p = b ? output_open_sheet(b, "pairs", cols, 3) : NULL;
    struct out_table *q = b ? output_open_sheet(b, "quotes", cols, 3) : NULL;
    a->ok = p && q && output_row(p, row) && output_row(q, row) &&
            output_row(p, empty) && output_row(q, long_row) &&
            output_row(p, row);
    CHECK(access(path, F_OK) != 0);
    CHECK(count_entries(a->dir, &hidden) == 1 && hidden == 1);
    a->ok = output_close(p) && output_close(q) && a->ok;
    a->ok = xlsx_close(b) && a->ok;
    free(big);
}

static void test_xlsx_book(void)
{
    char dir[] = "/tmp/test_output.XXXXXX";
    char path[80], want[256];
    struct xlsx_args a = {.dir = dir};
    unsigned long warnings = diag_warnings();
    struct stat st;
    int hidden;
    char *err;

    CHECK(mkdtemp(dir) != NULL);
    err = capture_stderr(write_book, &a);
    CHECK(a.ok);
    snprintf(path, sizeof path, "%s/utdrag.xlsx", dir);
    snprintf(want, sizeof want, "utdrag: %s: warning: sheet quotes, row 3, "
             "column quote: cell cut to 32767 characters, the most Excel "
             "holds\n", path);
    CHECK_STREQ(err, want);
    CHECK(diag_warnings() == warnings + 1);
    CHECK(count_entries(dir, &hidden) == 1 && hidden == 0);
    CHECK(stat(path, &st) == 0 && (st.st_mode & 0777) == 0644);
    CHECK(is_zip(path));
    free(err);
    unlink(path);
    rmdir(dir);
}

/* output_open() with OUT_XLSX: a one-sheet book; abort keeps the old. */
static void test_xlsx_abort(void)
{
    static const char *const cols[] = {"a"};
    static const char *const row[] = {"1"};
    char dir[] = "/tmp/test_output.XXXXXX";
    char path[80];
    int hidden;
    size_t len;
    char *got;
    FILE *f;

    CHECK(mkdtemp(dir) != NULL);
    snprintf(path, sizeof path, "%s/pairs.xlsx", dir);
    f = fopen(path, "w");
    CHECK(f != NULL);
    if (f) {
        fputs("old", f);
        fclose(f);
    }
    struct out_table *t = output_open(dir, "pairs", cols, 1, &XLSX, NULL);
    CHECK(t != NULL);
    CHECK(t && output_row(t, row));
    CHECK(count_entries(dir, &hidden) == 2 && hidden == 1);
    output_abort(t);
    CHECK(count_entries(dir, &hidden) == 1 && hidden == 0);
    got = slurp(path, &len);
    CHECK(got && len == 3 && memcmp(got, "old", 3) == 0);
    free(got);
    t = output_open(dir, "pairs", cols, 1, &XLSX, NULL);
    CHECK(t && output_row(t, row) && output_close(t));
    CHECK(is_zip(path));
    unlink(path);
    rmdir(dir);
}

struct tty_args {
    FILE *f;
    struct out_table *t;
};

static void open_tty(void *arg)
{
    static const char *const cols[] = {"a"};
    struct tty_args *a = arg;

    a->t = output_open(NULL, "pairs", cols, 1, &XLSX, a->f);
}

static void test_xlsx_terminal(void)
{
    int m = posix_openpt(O_RDWR | O_NOCTTY);
    const char *name = m >= 0 && grantpt(m) == 0 && unlockpt(m) == 0
                           ? ptsname(m) : NULL;
    struct tty_args a = {0};
    char *err;

    if (!name) {
        printf("skip: no pseudo-terminal (terminal refusal)\n");
        if (m >= 0)
            close(m);
        return;
    }
    a.f = fopen(name, "w");
    CHECK(a.f != NULL);
    if (a.f) {
        err = capture_stderr(open_tty, &a);
        CHECK(a.t == NULL);
        CHECK_STREQ(err, "utdrag: pairs is a terminal: an xlsx workbook is "
                         "binary; redirect it to a file or use -o DIR\n");
        free(err);
        fclose(a.f);
    }
    close(m);
}

/* Excel's 1,048,576 rows, the header included: one more row fails. */
static void fill_sheet(void *arg)
{
    static const char *const cols[] = {"line"};
    static const char *const row[] = {"1"};
    struct xlsx_args *a = arg;
    struct out_table *t = output_open(a->dir, "pairs", cols, 1, &XLSX, NULL);
    bool ok = t != NULL;
    unsigned long n = 0;

    while (ok && n < 1048575UL) {
        ok = output_row(t, row);
        n += ok;
    }
    CHECK(n == 1048575UL);
    a->ok = ok && !output_row(t, row);
    CHECK(!output_row(t, row));                 /* reported once */
    CHECK(!output_close(t));
}

static void test_xlsx_row_limit(void)
{
    char dir[] = "/tmp/test_output.XXXXXX";
    char want[256];
    struct xlsx_args a = {.dir = dir};
    int hidden;
    char *err;

    CHECK(mkdtemp(dir) != NULL);
    err = capture_stderr(fill_sheet, &a);
    CHECK(a.ok);
    snprintf(want, sizeof want, "utdrag: %s/pairs.xlsx: sheet pairs: more "
             "than 1048575 rows, the most an Excel sheet holds (write CSV, "
             "or split the batch with --shard)\n", dir);
    CHECK_STREQ(err, want);
    CHECK(count_entries(dir, &hidden) == 0);
    free(err);
    rmdir(dir);
}

int main(void)
{
    test_ext();
    test_csv_basic();
    test_csv_quoting();
    test_csv_guard();
    test_header_not_guarded();
    test_tsv();
    test_empty_first();
    test_bom();
    test_long_cell();
    test_dir_close();
    test_finish_all();
    test_dir_tsv_replace();
    test_dir_abort();
    test_missing_dir();
    test_dev_full();
    test_dev_full_at_close();
    test_rename_fails();
    test_xlsx_columns();
    test_xlsx_book();
    test_xlsx_abort();
    test_xlsx_terminal();
    test_xlsx_row_limit();
    return check_done("output");
}
