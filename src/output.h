/*
 * output.h - stage 5: write one table as CSV or TSV.
 *
 * CSV: RFC 4180 through libcsv; a cell is quoted (by libcsv) only when it
 * holds a comma, quote, CR, LF, or leading/trailing space; rows end in
 * CRLF as RFC 4180 says.  UTF-8 without BOM unless opts.bom.
 * TSV: no quoting; backslash escapes \t \n \r \\ inside cells; rows end
 * in LF.
 * Formula guard (on by default): a cell beginning with '=', '+', '-' or
 * '@' gets a leading "'" so a spreadsheet never runs it as a formula.
 * A header row is always written first.  With a directory, the table goes
 * to DIR/NAME.csv (or .tsv) through a temporary file in DIR that is
 * renamed into place by output_close(): an interrupted run never leaves a
 * truncated table.
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
};

struct out_opts {
    enum out_format format;
    bool bom;                   /* UTF-8 BOM first, for Excel */
    bool formula_guard;         /* prefix ' to =,+,-,@ cells */
};

struct out_table;

/* Open table 'name' with the given header columns (borrowed; must outlive
 * the table).  dir == NULL writes to 'stream' (e.g. stdout), which stays
 * open.  Returns NULL after reporting through diag on failure. */
struct out_table *output_open(const char *dir, const char *name,
                              const char *const *columns, size_t n_columns,
                              const struct out_opts *opts, FILE *stream);

/* Write one row of exactly n_columns NUL-terminated cells (NULL = empty).
 * Returns false after reporting on an I/O error; further rows are dropped
 * and output_close() fails too. */
bool output_row(struct out_table *t, const char *const *cells);

/* Flush, check for errors, rename the temporary file into place, free t.
 * Returns false after reporting if anything failed (the temporary file is
 * then removed).  output_close(NULL) returns true. */
bool output_close(struct out_table *t);

/* Discard: remove the temporary file (the final file is never touched) and
 * free t.  For a stream table this just frees t.  NULL is a no-op. */
void output_abort(struct out_table *t);

/* Final file name extension for a format: "csv" or "tsv". */
const char *output_ext(enum out_format f);

#endif
