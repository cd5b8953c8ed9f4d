/*
 * parallel.h - run documents through the pipeline on N threads, with the
 * results consumed in input order.
 *
 * This is the only place utdrag uses threads.  The main thread reads
 * documents and writes results, in order; worker threads run the stages in
 * between.  A fixed ring of 4N+8 slots, each with its own arena, bounds
 * memory: at most that many documents are in flight, whatever the size of
 * the batch, and more than 2N+2 only while they hold under 16 MiB.  The
 * main thread is woken when a batch of documents is done, not for each
 * one.  With N == 1 no thread is started and the same three
 * callbacks run in a plain loop, so -j1 and -jN give identical output.
 * Workers block asynchronous signals (SIGINT, SIGTERM ...): the main
 * thread takes them.
 */
/* SPDX-License-Identifier: MIT */
#ifndef PARALLEL_H
#define PARALLEL_H

#include <stdbool.h>

#include "article.h"
#include "resolve.h"

struct arena;

struct par_ops {
    void *ctx;
    /* Main thread, in order: read the next document into *art, with
     * memory from 'a' (reset before each call).  False at the end. */
    bool (*read)(void *ctx, struct arena *a, struct article *art);
    /* Some thread; 'worker' in [0, N) tells which per-thread state to use.
     * Runs the stages; results into *dt from 'a'. */
    void (*work)(void *ctx, unsigned worker, struct arena *a,
                 struct article *art, struct doc_tables *dt);
    /* Main thread, in input order: consume one result.  False stops the
     * run (an output error, already reported). */
    bool (*write)(void *ctx, const struct article *art,
                  const struct doc_tables *dt);
};

/* Run until read() says the end, or write() fails (returns false). */
bool par_run(unsigned n_threads, const struct par_ops *ops);

#endif
