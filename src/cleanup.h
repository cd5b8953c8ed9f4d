/*
 * cleanup.h - remove the run's temporary files when it is stopped.
 *
 * Output goes through hidden temporary files that are renamed into place
 * at the end (output.h, outdir.h).  A run stopped by SIGINT, SIGHUP,
 * SIGQUIT, SIGPIPE or SIGTERM removes the ones still registered here and
 * dies of the signal (status 128 + its number: 130, 129, 131, 141, 143);
 * the out-of-memory exit
 * (xalloc.h) removes them before its exit 3.  SIGKILL and a power loss
 * cannot be caught: the next run into the folder removes what they leave
 * (outdir_open()).  SIGXFSZ is ignored, so a file that outgrows ulimit -f
 * is a write error (EFBIG), reported and cleaned up like a full disk.
 *
 * The registry is a fixed array the signal handler can read: the only
 * mutable global state besides diag's.  Tables are registered and
 * forgotten on the main thread, cache files (fs_write_atomic()) also on
 * the thread that loads the large lists: a slot is claimed atomically.
 * parallel.c's workers block the signals, so the handler runs on the
 * main thread or the loader.  The out-of-memory exit may come from a
 * worker.
 */
/* SPDX-License-Identifier: MIT */
#ifndef CLEANUP_H
#define CLEANUP_H

/* Install the handlers (once, first thing in main, before any thread
 * starts).  A signal ignored when utdrag starts (nohup, a background job
 * of a shell) stays ignored. */
void cleanup_init(void);

/* mkstemp(template), and register the file it creates in the same step:
 * a signal cannot come between the two.  Returns the descriptor and sets
 * *slot, or returns -1 with errno set (nothing created, *slot = -1).  A
 * path of PATH_MAX bytes or more fails with ENAMETOOLONG. */
int cleanup_mkstemp(char *template, int *slot);

/* Register a file that exists already (borrowed path, copied): its slot,
 * or -1 (errno set) if the path is too long or every slot is taken; the
 * file is then simply not removed by a signal. */
int cleanup_add(const char *path);

/* The file of 'slot' was renamed into place or removed: no longer ours
 * to remove.  Call after the rename or unlink, never before (a signal in
 * between would leave the file).  -1 is a no-op. */
void cleanup_forget(int slot);

/* Hold the handled signals on this thread (they wait, not lost) until
 * cleanup_release(): for steps that must not be cut in two, such as
 * renaming a set of tables into place.  Pairs do not nest. */
void cleanup_hold(void);
void cleanup_release(void);

/* Remove every registered file.  Async-signal-safe; for the handler and
 * the out-of-memory exit. */
void cleanup_remove_all(void);

#endif
