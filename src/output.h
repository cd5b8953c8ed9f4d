/*
 * output.h - stage 5: write one table as CSV, TSV or an xlsx sheet.
 *
 * CSV: RFC 4180 through libcsv's csv_write(); a cell is quoted only when
 * it holds a comma, quote, CR or LF, or begins or ends with a space or tab
 * (parsers such as libcsv's trim those), and a lone empty cell in a
 * one-column table is written as "" so the row does not read as a blank
 * line.  Other cells are written verbatim.  Rows end in CRLF.
 * TSV: no quoting; inside cells TAB, LF, CR and backslash become the two
 * bytes \t \n \r \\ (no other escapes); rows end in LF.
 * Both: UTF-8, with the BOM EF BB BF first when opts.bom, then the header
 * row.  Valid UTF-8 is passed through; a byte that starts no valid
 * sequence (a file name in another encoding) is written as \xNN, in the
 * header too, before the formula guard looks at the cell.
 * Formula guard (opts.formula_guard): a data cell whose first byte is
 * '=', '+', '-', '@', TAB (0x09) or CR (0x0D) -- the OWASP list for CSV
 * injection -- gets "'" prepended before quoting or escaping, so a
 * spreadsheet never runs it as a formula.  So does a cell whose first
 * byte after leading spaces is '=', '+', '-' or '@' (" =1"), or one of the
 * full-width signs U+FF1D U+FF0B U+FF0D U+FF20; a lone "-" (standard
 * input's doc_id) is left alone.  "-5" or "+46 8 12" become text too: the
 * price of the guard.  Header names are ours and are never guarded, nor
 * are the key columns output_guards_column() names.
 * With a directory, the table goes to DIR/NAME.csv (or .tsv) through a
 * temporary file DIR/.NAME.csv.XXXXXX (mkstemp, mode 0644, same file
 * system, registered with cleanup.h) that output_close() fsyncs and
 * renames into place: an interrupted run never leaves a truncated table,
 * though one killed by SIGKILL leaves the hidden temporary file behind.
 * A set of tables that must change together is finished first, all of
 * it, then committed: output_finish(), then output_commit() (outdir.h).
 * XLSX (OUT_XLSX): the table is a sheet written by xlsx.h (numbers for
 * counts, strings for everything else, so neither the formula guard nor
 * the BOM applies).  output_open() makes a workbook of that one sheet,
 * DIR/NAME.xlsx or the whole workbook on 'stream' at close (refused when
 * 'stream' is a terminal); output_open_sheet() adds the table to a
 * workbook the caller opened with xlsx_open() and closes with
 * xlsx_close() after every table of it is closed.
 */
/* SPDX-License-Identifier: MIT */
#ifndef OUTPUT_H
#define OUTPUT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

enum out_format {
    OUT_CSV,
    OUT_TSV,
    OUT_XLSX,
};

struct out_opts {
    enum out_format format;
    bool bom;                   /* UTF-8 BOM first, for Excel */
    bool formula_guard;         /* prefix ' to =,+,-,@,TAB,CR cells */
};

struct out_table;
struct xlsx_book;

/* Open table 'name' and write the BOM (if asked) and the header row of
 * n_columns >= 1 names (borrowed, read only during this call; NULL =
 * empty).  With dir != NULL, create the temporary file in dir, which must
 * exist (it is not created here); 'stream' is ignored.  With dir == NULL,
 * write to 'stream' (e.g. stdout), which stays open and owned by the
 * caller; messages then name it "stdout" if it is stdout, else 'name'.
 * Returns NULL after reporting through diag on failure (e.g.
 * "utdrag: DIR: No such file or directory"), leaving no file behind.
 * Caller releases the table with output_close() or output_abort(). */
struct out_table *output_open(const char *dir, const char *name,
                              const char *const *columns, size_t n_columns,
                              const struct out_opts *opts, FILE *stream);

/* The same, into the file dir/file exactly as named (no extension added):
 * a file the user named (--report drift.tsv). */
struct out_table *output_open_file(const char *dir, const char *file,
                                   const char *const *columns,
                                   size_t n_columns,
                                   const struct out_opts *opts);

/* Open table 'name' as a new sheet of workbook b (see xlsx.h), header
 * row first.  The table borrows b: output_close() and output_abort()
 * release only the table, and b must outlive it.  NULL after reporting. */
struct out_table *output_open_sheet(struct xlsx_book *b, const char *name,
                                    const char *const *columns,
                                    size_t n_columns);

/* Write one row of exactly n_columns NUL-terminated cells (NULL = empty).
 * The row is built in a buffer owned by the table (no allocation once it
 * has grown to the longest row) and handed to stdio with one fwrite().
 * Returns false after reporting on an I/O error; the error is reported
 * once, further rows are dropped and output_close() fails too.  Stdio
 * buffers, so an error may surface only at a later row or at close. */
bool output_row(struct out_table *t, const char *const *cells);

/* Flush, check for errors, and free t.  With a directory also fsync,
 * close and rename the temporary file into place; a stream is flushed but
 * not closed.  Returns false after reporting if anything failed, now or in
 * an earlier output_row() (the temporary file is then removed and the
 * final file is left as it was).  output_close(NULL) returns true.
 * The same as output_finish() and, if it went well, output_commit(). */
bool output_close(struct out_table *t);

/* The first half of output_close(): flush and check; with a directory
 * also fsync and close the temporary file, which stays where it is (a
 * sheet: xlsx_finish() of a workbook output_open() made; one of
 * output_open_sheet() is finished by the workbook's owner).  Returns
 * false after reporting if anything failed, now or earlier; t is kept
 * either way, for output_commit() (only after success) or output_abort().
 * NULL returns true. */
bool output_finish(struct out_table *t);

/* output_finish() of each of t[0..n) (NULL entries skipped), their fsyncs
 * at once; true if all went well. */
bool output_finish_all(struct out_table *const *t, size_t n);

/* The second half: rename the finished temporary file into place (a
 * workbook: xlsx_commit()) and free t.  A table in a directory allocates
 * nothing here unless the rename fails.  Returns false after reporting
 * (the temporary file is then removed).  NULL returns true. */
bool output_commit(struct out_table *t);

/* Discard: remove the temporary file (the final file is never touched) and
 * free t.  For a stream table this just frees t.  NULL is a no-op. */
void output_abort(struct out_table *t);

/* True if the formula guard would prefix this cell with "'". */
bool output_guarded(const char *cell);

/* Does the formula guard apply to the column called 'name'?  Not to the
 * keys and codes users join on: doc_id, path, swedish_code, code,
 * partner_country. */
bool output_guards_column(const char *name);

/* Undo the TSV escapes (\t \n \r \\) of one cell in place; returns the
 * new length.  An unknown escape is kept as written. */
size_t output_tsv_unescape(char *cell);

/* Final file name extension for a format: "csv", "tsv" or "xlsx". */
const char *output_ext(enum out_format f);

#endif
