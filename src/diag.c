/*
 * diag.c - the one funnel for messages to stderr (see diag.h).
 */
/* SPDX-License-Identifier: MIT */
#include "diag.h"

#include <assert.h>
#include <stdarg.h>
#include <stdatomic.h>
#include <stdio.h>
#include <string.h>

static atomic_ulong n_errors;
static atomic_ulong n_warnings;
static atomic_bool quiet;

void diag_set_quiet(bool q)
{
    atomic_store(&quiet, q);
}

static void emit(const char *file, unsigned long line, unsigned long col,
                 bool warn, const char *fmt, va_list ap)
{
    char msg[2048];
    char loc[1024] = "";
    size_t n;

    assert(!strchr(fmt, '\n'));
    vsnprintf(msg, sizeof msg, fmt, ap);
    n = strlen(msg);
    if (n && msg[n - 1] == '\n')
        msg[n - 1] = '\0';
    if (file && line && col)
        snprintf(loc, sizeof loc, "%s:%lu:%lu: ", file, line, col);
    else if (file && line)
        snprintf(loc, sizeof loc, "%s:%lu: ", file, line);
    else if (file)
        snprintf(loc, sizeof loc, "%s: ", file);
    /* One fprintf per message: stdio locks the stream, so lines from
     * several threads never interleave. */
    fprintf(stderr, "utdrag: %s%s%s\n", loc, warn ? "warning: " : "", msg);
}

#define DIAG_BODY(file, line, col, warn)                                    \
    va_list ap;                                                             \
    va_start(ap, fmt);                                                      \
    emit(file, line, col, warn, fmt, ap);                                   \
    va_end(ap)

void diag_error(const char *fmt, ...)
{
    atomic_fetch_add(&n_errors, 1);
    DIAG_BODY(NULL, 0, 0, false);
}

void diag_warn(const char *fmt, ...)
{
    atomic_fetch_add(&n_warnings, 1);
    if (atomic_load(&quiet))
        return;
    DIAG_BODY(NULL, 0, 0, true);
}

void diag_error_at(const char *file, unsigned long line, unsigned long col,
                   const char *fmt, ...)
{
    atomic_fetch_add(&n_errors, 1);
    DIAG_BODY(file, line, col, false);
}

void diag_warn_at(const char *file, unsigned long line, unsigned long col,
                  const char *fmt, ...)
{
    atomic_fetch_add(&n_warnings, 1);
    if (atomic_load(&quiet))
        return;
    DIAG_BODY(file, line, col, true);
}

void diag_note(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
}

unsigned long diag_errors(void)
{
    return atomic_load(&n_errors);
}

unsigned long diag_warnings(void)
{
    return atomic_load(&n_warnings);
}
