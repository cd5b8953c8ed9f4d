/*
 * stats.c - stage timing and the progress line (see stats.h).
 */
/* SPDX-License-Identifier: MIT */
#include "stats.h"

#include <time.h>

#include "diag.h"

static const char *const stage_names[STAGE__COUNT] = {
    "read", "decode", "normalize", "match", "resolve", "write",
};

double stats_now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

double stats_cpu(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

void stats_lap(struct stage_times *st, enum stage s, double *t0)
{
    double t = stats_cpu();
    st->sec[s] += t - *t0;
    *t0 = t;
}

void stats_print(const struct stage_times *total, double wall, size_t bytes,
                 unsigned long docs, unsigned threads)
{
    double sum = 0;
    for (int i = 0; i < STAGE__COUNT; i++)
        sum += total->sec[i];
    diag_note("utdrag: %lu documents, %.1f MB in %.3f s on %u thread%s: "
              "%.1f MB/s, %.0f documents/s\n", docs, (double)bytes / 1e6,
              wall, threads, threads == 1 ? "" : "s",
              wall > 0 ? (double)bytes / 1e6 / wall : 0.0,
              wall > 0 ? (double)docs / wall : 0.0);
    diag_note("utdrag: stage      CPU seconds  share (summed over threads)\n");
    for (int i = 0; i < STAGE__COUNT; i++)
        diag_note("utdrag:   %-10s %10.3f  %5.1f%%\n", stage_names[i],
                  total->sec[i], sum > 0 ? 100 * total->sec[i] / sum : 0.0);
}

void progress_init(struct progress *p, bool on, unsigned long total)
{
    p->on = on;
    p->start = p->last = stats_now();
    p->total = total;
    diag_set_progress(on);
}

void progress_update(struct progress *p, unsigned long docs, size_t bytes,
                     unsigned long rows, unsigned long errors, bool final)
{
    if (!p->on)
        return;
    double t = stats_now();
    if (!final && t - p->last < 0.2)
        return;
    p->last = t;
    double el = t - p->start;
    double mbs = el > 0 ? (double)bytes / 1e6 / el : 0;
    if (p->total && docs <= p->total) {
        double eta = docs ? el * (double)(p->total - docs) / (double)docs
                          : 0;
        diag_note("\r%lu/%lu documents  %.1f MB/s  %lu rows  %lu errors  "
                  "ETA %.0f s \033[K", docs, p->total, mbs, rows, errors,
                  eta);
    } else {
        diag_note("\r%lu documents  %.1f MB/s  %lu rows  %lu errors "
                  "\033[K", docs, mbs, rows, errors);
    }
    if (final) {
        diag_note("\n");
        diag_set_progress(false);
    }
}
