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
static atomic_bool progress;

void diag_set_progress(bool on)
{
    atomic_store(&progress, on);
}

void diag_set_quiet(bool q)
{
    atomic_store(&quiet, q);
}

static void emit(const char *file, unsigned long lineno, unsigned long col,
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
    if (file && lineno && col)
        snprintf(loc, sizeof loc, "%s:%lu:%lu: ", file, lineno, col);
    else if (file && lineno)
        snprintf(loc, sizeof loc, "%s:%lu: ", file, lineno);
    else if (file)
        snprintf(loc, sizeof loc, "%s: ", file);
    /* One message is one line: control characters (a file name may hold
     * a tab or a line break) are shown escaped. */
    char line[4 * sizeof msg + 4 * sizeof loc + 32];
    size_t w = 0;
    const char *parts[3] = {loc, warn ? "warning: " : "", msg};
    for (int i = 0; i < 3; i++)
        for (const unsigned char *p = (const unsigned char *)parts[i]; *p;
             p++) {
            if (*p >= 0x20 && *p != 0x7F) {
                line[w++] = (char)*p;
            } else {
                w += (size_t)snprintf(line + w, 5, *p == '\n' ? "\\n"
                                      : *p == '\t' ? "\\t" : "\\x%02x", *p);
            }
        }
    line[w] = '\0';
    /* One fprintf per message: stdio locks the stream, so lines from
     * several threads never interleave. */
    fprintf(stderr, "%sutdrag: %s\n",
            atomic_load(&progress) ? "\r\033[K" : "", line);
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
