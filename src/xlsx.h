/*
 * xlsx.h - stage 5: write tables as the sheets of one Excel workbook
 * (libxlsxwriter in constant-memory mode: one row per sheet in memory).
 *
 * Cells: a column named as a count (xlsx_numeric()) holds numbers when the
 * cell is a plain decimal integer of up to 15 digits; every other cell is
 * an inline string, so codes keep their leading zeros ("0180") and a cell
 * starting with '=' is text, never a formula (no formula guard is needed
 * and none is applied).  Empty cells are left blank.  Invalid UTF-8 bytes
 * become U+FFFD (XML could not hold them); a cell over 32,767 characters,
 * Excel's limit, is cut there with a warning.  C0 control characters are
 * written as Excel's _xHHHH_ escapes (libxlsxwriter does it).
 * Each sheet: the header row in bold, frozen, with an autofilter over all
 * rows; column widths come from xlsx_width() (constant-memory mode writes
 * rows as they come, so widths are fixed before the first row).  A sheet
 * holds at most 1,048,575 data rows (Excel's 1,048,576 with the header);
 * one more is an output error.
 * With a directory the workbook goes to DIR/NAME.xlsx through the
 * temporary DIR/.NAME.xlsx.XXXXXX, fsynced and renamed by xlsx_close(), as
 * output.h does for CSV.  With a stream it is built in a temporary file in
 * $TMPDIR (else /tmp) and copied to the stream at close: a zip archive is
 * finished only at its end.
 */
/* SPDX-License-Identifier: MIT */
#ifndef XLSX_H
#define XLSX_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

struct xlsx_book;
struct xlsx_sheet;

/* Start a workbook: DIR/NAME.xlsx with dir != NULL (dir must exist), else
 * one copied to 'stream' at close, which stays open and owned by the
 * caller; a stream that is a terminal is refused ("redirect standard
 * output or use -o DIR").  Messages name the final file, or "stdout".
 * Returns NULL after reporting; no file is left behind.  Caller releases
 * the book with xlsx_close() or xlsx_abort(). */
struct xlsx_book *xlsx_open(const char *dir, const char *name, FILE *stream);

/* Add sheet 'name' after those added so far (Excel's rules: []:*?/\ in
 * it become '_', and it is cut to 31 bytes) and write its header of
 * n_columns >= 1 names (borrowed, read only during this call).  The sheet
 * belongs to b.  NULL after reporting. */
struct xlsx_sheet *xlsx_add_sheet(struct xlsx_book *b, const char *name,
                                  const char *const *columns,
                                  size_t n_columns);

/* Write one row of exactly n_columns NUL-terminated cells (NULL = empty)
 * below the previous one.  Rows of different sheets may interleave.
 * Returns false after reporting; the first error is reported once, the
 * book fails from then on and xlsx_close() fails too. */
bool xlsx_row(struct xlsx_sheet *s, const char *const *cells);

/* Finish the workbook and free b with its sheets: write the zip, then put
 * it in place (fsync + rename) or copy it to the stream (and fflush it).
 * Returns false after reporting if anything failed, now or earlier (the
 * temporary file is then removed and a final file is left as it was).
 * xlsx_close(NULL) returns true.  The same as xlsx_finish() and, if it
 * went well, xlsx_commit(). */
bool xlsx_close(struct xlsx_book *b);

/* The first half of xlsx_close(): write the zip into the temporary file
 * and, in a directory, fsync it; b is kept.  False after reporting (then
 * xlsx_abort()).  NULL returns true. */
bool xlsx_finish(struct xlsx_book *b);

/* The second half, after xlsx_finish() went well: rename the workbook
 * into place or copy it to the stream, and free b.  False after
 * reporting.  NULL returns true. */
bool xlsx_commit(struct xlsx_book *b);

/* Discard: remove the temporary file and free b.  NULL is a no-op. */
void xlsx_abort(struct xlsx_book *b);

/* True if cells of a column of this name are written as numbers: bytes,
 * pairs, quotes, speakers, tags, quote_no, line, count. */
bool xlsx_numeric(const char *column);

/* Column width in characters for a column of this name: a fixed default
 * per known name (doc_id 28, quote 80, swedish_code 13 ...), never less
 * than the header plus room for the filter button; 12 for other names. */
double xlsx_width(const char *column);

#endif
