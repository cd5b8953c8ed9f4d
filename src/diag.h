/*
 * diag.h - the one funnel for messages to stderr.
 *
 * Every message is one line "utdrag: [FILE:LINE[:COL]: ][warning: ]text".
 * Format strings carry no trailing newline; diag adds it.  The module keeps
 * the only process-wide state of utdrag: the program name, a quiet flag,
 * error/warning counters (atomic, so worker threads may report) and the
 * count of each kind of document warning (under a mutex), so that repeats
 * beyond the first few are summed up instead of shown.
 */
/* SPDX-License-Identifier: MIT */
#ifndef DIAG_H
#define DIAG_H

#include <stdbool.h>
#include <stddef.h>

#define DIAG_PRINTF(f, a) __attribute__((format(printf, f, a)))

/* Silence warnings (errors are always printed). */
void diag_set_quiet(bool quiet);

/* A progress line is being redrawn on stderr: messages first clear it. */
void diag_set_progress(bool on);

void diag_error(const char *fmt, ...) DIAG_PRINTF(1, 2);
void diag_warn(const char *fmt, ...) DIAG_PRINTF(1, 2);
/* line 0 omits the line, col 0 omits the column. */
void diag_error_at(const char *file, unsigned long line, unsigned long col,
                   const char *fmt, ...) DIAG_PRINTF(4, 5);
void diag_warn_at(const char *file, unsigned long line, unsigned long col,
                  const char *fmt, ...) DIAG_PRINTF(4, 5);
/* Plain text to stderr without prefix (progress, usage hints). */
void diag_note(const char *fmt, ...) DIAG_PRINTF(1, 2);

/* Say how many warnings of each kind were not shown (repeats beyond the
 * first few, see diag.c); call once at the end of a run. */
void diag_repeats(void);

unsigned long diag_errors(void);
unsigned long diag_warnings(void);

#endif
