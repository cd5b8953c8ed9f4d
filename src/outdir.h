/*
 * outdir.h - stage 5: the output folder of extract -o and merge -o.
 *
 * One run at a time writes a folder.  Two runs into one folder would each
 * rename their own tables and run.info into place, leaving a mix of both,
 * so a run holds flock(LOCK_EX) on DIR/.utdrag.lock from before its first
 * temporary file until run.info is in place, and removes the file then
 * (or on SIGINT, SIGHUP, SIGTERM: cleanup.h); a second run finds it
 * locked and fails.  A run killed by SIGKILL leaves the file behind,
 * unlocked, which does no harm.
 * Under the lock, a hidden temporary of ours in the folder belongs to no
 * live run: SIGKILL or a power loss left it.  outdir_open() removes those
 * of the names it is given, .NAME.EXT.XXXXXX for EXT csv, tsv and xlsx,
 * and .run.info.XXXXXX.  Other files are never touched.
 */
/* SPDX-License-Identifier: MIT */
#ifndef OUTDIR_H
#define OUTDIR_H

#include <stdbool.h>
#include <stddef.h>

/* Zero-initialise, then outdir_open(); release with outdir_close(). */
struct outdir {
    const char *dir;            /* borrowed */
    int lock_fd;                /* DIR/.utdrag.lock, or -1 */
    char *lock_path;
    int lock_slot;              /* its cleanup.h registration */
};

/* Take the lock of folder 'dir' (borrowed; it must exist and outlive
 * od), then remove the stale temporaries of the table names
 * names[0..n) ("documents", ...).  False after reporting: "-o DIR:
 * another utdrag run is writing to this folder (it holds
 * DIR/.utdrag.lock)", or an I/O error.  A stale temporary that cannot be
 * removed is a warning. */
bool outdir_open(struct outdir *od, const char *dir,
                 const char *const *names, size_t n);

/* Remove the lock file and release the lock.  A no-op on a zeroed or
 * closed od. */
void outdir_close(struct outdir *od);

#endif
