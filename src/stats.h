/*
 * stats.h - time per pipeline stage (--stats) and the progress line.
 *
 * Each worker thread adds to its own struct stage_times; the totals are
 * summed at the end, so no counter is shared between threads.
 */
/* SPDX-License-Identifier: MIT */
#ifndef STATS_H
#define STATS_H

#include <stdbool.h>
#include <stddef.h>

enum stage {
    STAGE_READ,
    STAGE_DECODE,
    STAGE_NORMALIZE,
    STAGE_MATCH,
    STAGE_RESOLVE,
    STAGE_WRITE,
    STAGE__COUNT,
};

struct stage_times {
    double sec[STAGE__COUNT];
};

/* Monotonic clock in seconds. */
double stats_now(void);

/* CPU time of the calling thread in seconds: what a stage cost, whatever
 * else the machine is doing. */
double stats_cpu(void);

/* Add the CPU time since *t0 (from stats_cpu()) to stage s and move *t0
 * to now. */
void stats_lap(struct stage_times *st, enum stage s, double *t0);

/* Print the per-stage table for a run of 'wall' seconds over 'bytes'
 * input bytes and 'docs' documents on 'threads' threads to stderr. */
void stats_print(const struct stage_times *total, double wall, size_t bytes,
                 unsigned long docs, unsigned threads);

/* The progress line on an interactive stderr. */
struct progress {
    bool on;
    double start, last;
    unsigned long total;        /* 0: unknown */
};

void progress_init(struct progress *p, bool on, unsigned long total);
/* Redraw at most every 0.2 s (or always when 'final'). */
void progress_update(struct progress *p, unsigned long docs, size_t bytes,
                     unsigned long rows, unsigned long errors, bool final);

#endif
