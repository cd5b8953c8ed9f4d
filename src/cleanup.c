/*
 * cleanup.c - remove the run's temporary files when it is stopped (see
 * cleanup.h).
 *
 * A slot is free (0), claimed by one thread (compare-and-swap from 0: two
 * threads never write one slot) or ready (its path whole).  The path is
 * written while the slot is claimed and the slot made ready after it
 * (sequentially consistent atomics), so a reader sees a whole path or
 * none, whichever thread registered it (the main thread's tables, the
 * list loader's cache files).  An out-of-memory exit racing a slot's
 * reuse could read a path half rewritten: a name that exists nowhere, so
 * nothing is removed by mistake.
 */
/* SPDX-License-Identifier: MIT */
#include "cleanup.h"

#include <assert.h>
#include <errno.h>
#include <limits.h>
#include <pthread.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* At most 8 at once: five tables or a workbook, run.info, a --report
 * table, the folder's lock file. */
enum { CLEANUP_SLOTS = 16 };

static_assert(ATOMIC_INT_LOCK_FREE == 2,
              "the signal handler reads atomic ints: they must be lock-free");

static struct {
    atomic_int used;
    char path[PATH_MAX];
} slots[CLEANUP_SLOTS];

/* SIGQUIT (Ctrl-\\) and SIGPIPE (a reader of -o - or --report that went
 * away) stop a run as SIGINT does: temporaries removed first. */
static const int handled[] = {SIGHUP, SIGINT, SIGQUIT, SIGPIPE, SIGTERM};

static void handled_set(sigset_t *set)
{
    sigemptyset(set);
    for (size_t i = 0; i < sizeof handled / sizeof *handled; i++)
        sigaddset(set, handled[i]);
}

enum { SLOT_FREE, SLOT_CLAIMED, SLOT_READY };

void cleanup_remove_all(void)
{
    for (size_t i = 0; i < CLEANUP_SLOTS; i++)
        if (atomic_load(&slots[i].used) == SLOT_READY)
            unlink(slots[i].path);
}

/* Remove the temporaries, then die of the signal itself (its default
 * action), so that a shell sees "killed by SIGINT" and stops a loop on
 * Ctrl-C; the status a shell reports is 128 + sig either way. */
static void on_signal(int sig)
{
    struct sigaction dfl = {.sa_handler = SIG_DFL};
    sigset_t one;

    cleanup_remove_all();
    sigemptyset(&dfl.sa_mask);
    sigaction(sig, &dfl, NULL);
    sigemptyset(&one);
    sigaddset(&one, sig);
    pthread_sigmask(SIG_UNBLOCK, &one, NULL);
    raise(sig);
    _exit(128 + sig);           /* not reached */
}

void cleanup_init(void)
{
    struct sigaction sa = {.sa_handler = on_signal};
    struct sigaction ign = {.sa_handler = SIG_IGN};

    /* The handler does not return: no second signal may interrupt it. */
    handled_set(&sa.sa_mask);
    for (size_t i = 0; i < sizeof handled / sizeof *handled; i++) {
        struct sigaction old;
        if (sigaction(handled[i], NULL, &old) == 0 &&
            old.sa_handler == SIG_IGN)
            continue;
        sigaction(handled[i], &sa, NULL);
    }
    sigemptyset(&ign.sa_mask);
    sigaction(SIGXFSZ, &ign, NULL);
}

int cleanup_add(const char *path)
{
    size_t n = strlen(path);

    if (n >= PATH_MAX) {
        errno = ENAMETOOLONG;
        return -1;
    }
    for (int i = 0; i < CLEANUP_SLOTS; i++) {
        int expect = SLOT_FREE;
        if (!atomic_compare_exchange_strong(&slots[i].used, &expect,
                                            SLOT_CLAIMED))
            continue;
        memcpy(slots[i].path, path, n + 1);
        atomic_store(&slots[i].used, SLOT_READY);
        return i;
    }
    assert(!"cleanup: every slot taken");
    errno = EMFILE;
    return -1;
}

void cleanup_forget(int slot)
{
    if (slot >= 0)
        atomic_store(&slots[slot].used, SLOT_FREE);
}

void cleanup_hold(void)
{
    sigset_t set;

    handled_set(&set);
    pthread_sigmask(SIG_BLOCK, &set, NULL);
}

void cleanup_release(void)
{
    sigset_t set;

    handled_set(&set);
    pthread_sigmask(SIG_UNBLOCK, &set, NULL);
}

int cleanup_mkstemp(char *template, int *slot)
{
    sigset_t set, old;
    int fd, e;

    *slot = -1;
    if (strlen(template) >= PATH_MAX) {
        errno = ENAMETOOLONG;
        return -1;
    }
    /* Not cleanup_hold(): the caller may hold the signals already. */
    handled_set(&set);
    pthread_sigmask(SIG_BLOCK, &set, &old);
    fd = mkstemp(template);
    if (fd >= 0) {
        *slot = cleanup_add(template);
        if (*slot < 0) {
            e = errno;
            unlink(template);
            close(fd);
            errno = e;
            fd = -1;
        }
    }
    e = errno;
    pthread_sigmask(SIG_SETMASK, &old, NULL);
    errno = e;
    return fd;
}
