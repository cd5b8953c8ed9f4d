/*
 * diag.c - the one funnel for messages to stderr (see diag.h).
 */
/* SPDX-License-Identifier: MIT */
#include "diag.h"

#include <assert.h>
#include <stdarg.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdint.h>
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

/* Warnings of one kind (the message without its document and numbers:
 * "invalid UTF-8 at byte offset N, decoded as Windows-1252") are shown
 * DIAG_REPEAT_SHOW times; the rest are counted and summed up by
 * diag_repeats() at the end: a batch of a million documents must not
 * bury the one message that matters.  At most DIAG_KINDS kinds are told
 * apart; warnings of later kinds are all shown. */
#define DIAG_REPEAT_SHOW 10
#define DIAG_KINDS 64

struct kind {
    uint64_t hash;              /* 0: free */
    unsigned long seen;
    char sample[160];           /* the kind's text, for the summary */
};

static pthread_mutex_t kinds_lock = PTHREAD_MUTEX_INITIALIZER;
static struct kind kinds[DIAG_KINDS];

/* Should this warning be shown?  Counts it under its kind. */
static bool show_warning(const char *msg)
{
    /* The kind: the text after the first ": " (a document or file name
     * comes first), digits left out. */
    const char *t = strstr(msg, ": ");
    t = t ? t + 2 : msg;
    uint64_t h = 1469598103934665603ull;
    for (const char *p = t; *p; p++)
        if (*p < '0' || *p > '9')
            h = (h ^ (unsigned char)*p) * 1099511628211ull;
    h |= 1;
    bool show = true;
    pthread_mutex_lock(&kinds_lock);
    for (size_t i = 0; i < DIAG_KINDS; i++) {
        if (kinds[i].hash == h) {
            show = ++kinds[i].seen <= DIAG_REPEAT_SHOW;
            break;
        }
        if (!kinds[i].hash) {
            kinds[i].hash = h;
            kinds[i].seen = 1;
            /* The sample with each number that stands alone as N
             * ("offset 35", not "UTF-8"). */
            size_t w = 0;
            bool num = false;
            for (const char *p = t; *p && w + 1 < sizeof kinds[i].sample;
                 p++) {
                bool digit = *p >= '0' && *p <= '9';
                if (digit && !num)
                    num = p == t || p[-1] == ' ' || p[-1] == '(';
                else if (!digit)
                    num = false;
                if (num && p > t && p[-1] >= '0' && p[-1] <= '9')
                    continue;
                kinds[i].sample[w++] = num ? 'N' : *p;
            }
            kinds[i].sample[w] = '\0';
            break;
        }
    }
    pthread_mutex_unlock(&kinds_lock);
    return show;
}

void diag_repeats(void)
{
    pthread_mutex_lock(&kinds_lock);
    for (size_t i = 0; i < DIAG_KINDS && kinds[i].hash; i++)
        if (kinds[i].seen > DIAG_REPEAT_SHOW)
            fprintf(stderr, "%sutdrag: %lu more warnings like \"%s\" were "
                    "not shown (the documents table has them all)\n",
                    atomic_load(&progress) ? "\r\033[K" : "",
                    kinds[i].seen - DIAG_REPEAT_SHOW, kinds[i].sample);
    pthread_mutex_unlock(&kinds_lock);
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
    if (warn && !file && !show_warning(msg))
        return;
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
