/*
 * parallel.c - an ordered parallel map over documents (see parallel.h).
 */
/* SPDX-License-Identifier: MIT */
#include "parallel.h"

#include <pthread.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>

#include "arena.h"
#include "diag.h"
#include "xalloc.h"

/* Read ahead past 2N+2 documents only while those in flight hold less
 * than this: large documents (up to --max-doc-size each) must not fill
 * every slot of the ring at once. */
#define BYTES_AHEAD (16u << 20)

enum slot_state {
    SLOT_FREE,
    SLOT_FILLED,                /* read, waiting for a worker */
    SLOT_DONE,                  /* processed, waiting to be written */
};

struct slot {
    struct arena arena;
    struct article art;
    struct doc_tables dt;
    enum slot_state state;
};

struct pool {
    const struct par_ops *ops;
    struct slot *slots;
    size_t n_slots;
    pthread_mutex_t mu;
    pthread_cond_t cv_work;     /* a slot was filled, or quit */
    pthread_cond_t cv_done;     /* a slot was processed */
    unsigned long next_read;    /* sequence numbers; slot = seq % n_slots */
    unsigned long next_work;
    unsigned long next_write;
    size_t batch;               /* wake the main thread when this many
                                   slots are done, in order */
    size_t min_slots;           /* read ahead this many documents ... */
    size_t bytes;               /* ... and more while the documents in
                                   flight hold fewer than BYTES_AHEAD */
    bool main_waiting;          /* the main thread sleeps on cv_done */
    bool quit;
};

struct worker {
    struct pool *pool;
    unsigned id;
};

static bool run_serial(const struct par_ops *ops)
{
    struct arena a = {0};
    bool ok = true;

    for (;;) {
        struct article art;
        struct doc_tables dt;

        arena_reset(&a);
        if (!ops->read(ops->ctx, &a, &art))
            break;
        ops->work(ops->ctx, 0, &a, &art, &dt);
        if (!ops->write(ops->ctx, &art, &dt)) {
            ok = false;
            break;
        }
    }
    arena_fini(&a);
    return ok;
}

/* Is it worth waking the main thread?  Yes when a batch of slots is done
 * in order (to be written, and their slots read into again), or when no
 * slot is left for the workers.  Waking it for every document would cost
 * a context switch per document on a machine with as many threads as
 * cores.  Called with the mutex held. */
static bool main_has_work(const struct pool *p)
{
    if (p->next_work == p->next_read)
        return true;
    size_t done = 0, in_flight = p->next_read - p->next_write;
    size_t enough = p->batch < in_flight / 2 + 1 ? p->batch : in_flight / 2 + 1;
    for (unsigned long q = p->next_write; q < p->next_work; q++) {
        if (p->slots[q % p->n_slots].state != SLOT_DONE)
            break;
        if (++done >= enough)
            return true;
    }
    return false;
}

static void *worker_main(void *arg)
{
    struct worker *w = arg;
    struct pool *p = w->pool;

    pthread_mutex_lock(&p->mu);
    for (;;) {
        while (p->next_work == p->next_read && !p->quit)
            pthread_cond_wait(&p->cv_work, &p->mu);
        if (p->next_work == p->next_read)
            break;              /* quit, and nothing left to do */
        struct slot *s = &p->slots[p->next_work++ % p->n_slots];
        pthread_mutex_unlock(&p->mu);
        p->ops->work(p->ops->ctx, w->id, &s->arena, &s->art, &s->dt);
        pthread_mutex_lock(&p->mu);
        s->state = SLOT_DONE;
        if (p->main_waiting && main_has_work(p))
            pthread_cond_signal(&p->cv_done);
    }
    pthread_mutex_unlock(&p->mu);
    return NULL;
}

/* The main thread's loop: write what is done, in order; read while there
 * is a free slot; otherwise wait.  Called with the mutex held. */
static bool drive(struct pool *p)
{
    bool eof = false;

    for (;;) {
        struct slot *s = &p->slots[p->next_write % p->n_slots];
        if (p->next_write < p->next_read && s->state == SLOT_DONE) {
            pthread_mutex_unlock(&p->mu);
            bool ok = p->ops->write(p->ops->ctx, &s->art, &s->dt);
            pthread_mutex_lock(&p->mu);
            s->state = SLOT_FREE;
            p->bytes -= s->art.raw_len;
            p->next_write++;
            if (!ok)
                return false;
            continue;
        }
        size_t in_flight = p->next_read - p->next_write;
        if (!eof && in_flight < p->n_slots &&
            (in_flight < p->min_slots || p->bytes < BYTES_AHEAD)) {
            s = &p->slots[p->next_read % p->n_slots];
            pthread_mutex_unlock(&p->mu);
            arena_reset(&s->arena);
            bool got = p->ops->read(p->ops->ctx, &s->arena, &s->art);
            pthread_mutex_lock(&p->mu);
            if (!got) {
                eof = true;
            } else {
                s->state = SLOT_FILLED;
                p->bytes += s->art.raw_len;
                p->next_read++;
                pthread_cond_signal(&p->cv_work);
            }
            continue;
        }
        if (eof && p->next_write == p->next_read)
            return true;
        p->main_waiting = true;
        pthread_cond_wait(&p->cv_done, &p->mu);
        p->main_waiting = false;
    }
}

bool par_run(unsigned n, const struct par_ops *ops)
{
    struct pool p = {.ops = ops};
    struct worker *ws = NULL;
    pthread_t *tids = NULL;
    unsigned started = 0;
    bool ok = false;

    if (n <= 1)
        return run_serial(ops);
    /* Room for a batch being written and read while the workers go on
     * with the rest (see main_has_work()). */
    p.n_slots = 4 * (size_t)n + 8;
    p.batch = p.n_slots / 4;
    p.min_slots = 2 * (size_t)n + 2;
    p.slots = xcalloc(p.n_slots, sizeof *p.slots);
    ws = xcalloc(n, sizeof *ws);
    tids = xcalloc(n, sizeof *tids);
    pthread_mutex_init(&p.mu, NULL);
    pthread_cond_init(&p.cv_work, NULL);
    pthread_cond_init(&p.cv_done, NULL);
    /* Workers take no asynchronous signal (threads start with the mask
     * of the thread that creates them): SIGINT and the like go to the
     * main thread, the one that creates and renames files, so their
     * handler never runs halfway through that (cleanup.h).  The signals
     * a fault raises stay open. */
    sigset_t all, old;
    sigfillset(&all);
    sigdelset(&all, SIGSEGV);
    sigdelset(&all, SIGBUS);
    sigdelset(&all, SIGFPE);
    sigdelset(&all, SIGILL);
    sigdelset(&all, SIGTRAP);
    sigdelset(&all, SIGSYS);
    pthread_sigmask(SIG_BLOCK, &all, &old);
    for (; started < n; started++) {
        ws[started] = (struct worker){&p, started};
        if (pthread_create(&tids[started], NULL, worker_main,
                           &ws[started]) != 0) {
            diag_error("cannot start thread %u of %u", started + 1, n);
            break;
        }
    }
    pthread_sigmask(SIG_SETMASK, &old, NULL);
    pthread_mutex_lock(&p.mu);
    if (started == n)
        ok = drive(&p);
    p.quit = true;
    pthread_cond_broadcast(&p.cv_work);
    pthread_mutex_unlock(&p.mu);
    for (unsigned i = 0; i < started; i++)
        pthread_join(tids[i], NULL);
    for (size_t i = 0; i < p.n_slots; i++)
        arena_fini(&p.slots[i].arena);
    pthread_cond_destroy(&p.cv_done);
    pthread_cond_destroy(&p.cv_work);
    pthread_mutex_destroy(&p.mu);
    free(p.slots);
    free(ws);
    free(tids);
    return ok;
}
