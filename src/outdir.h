/*
 * outdir.h - stage 5: the output folder of extract -o and merge -o, whose
 * tables and run.info change as one unit.
 *
 * The unit: the caller writes every table to its temporary file and
 * finishes it (fsync, output_finish()); outdir_info_write() does the same
 * for run.info.  Any error so far removes the temporaries, and no file of
 * the folder has changed.  Then, with SIGINT, SIGHUP and SIGTERM held
 * (they wait, and act after the last rename), outdir_commit_begin()
 * removes run.info and fsyncs the folder, the caller renames its tables
 * into place (output_commit()), and outdir_commit_end() fsyncs the
 * folder, renames the new run.info into place last and fsyncs again.  A
 * folder with a run.info therefore holds one complete set, old or new,
 * even after a power loss.  Only SIGKILL, a power loss or an I/O error
 * in those few renames can stop a run between the first table's rename
 * and run.info's: the folder then has no run.info (merge refuses it) and
 * each table old or new, until the next run.  The old set and the new
 * one are on the disk together until then: the folder needs room for
 * both.
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
    char *info_path;            /* DIR/run.info */
    char *info_tmp;             /* its finished temporary, or NULL */
    int info_slot;
    enum {
        OUTDIR_UNTOUCHED,       /* no file of the folder changed yet */
        OUTDIR_COMMITTING,      /* run.info removed, tables renaming */
        OUTDIR_COMMITTED,       /* the new set is in place */
    } state;
};

/* Take the lock of folder 'dir' (borrowed; it must exist and outlive
 * od), then remove the stale temporaries of the table names
 * names[0..n) ("documents", ...).  False after reporting: "-o DIR:
 * another utdrag run is writing to this folder (it holds
 * DIR/.utdrag.lock)", or an I/O error.  A stale temporary that cannot be
 * removed is a warning. */
bool outdir_open(struct outdir *od, const char *dir,
                 const char *const *names, size_t n);

/* Write 'text' to run.info's temporary file DIR/.run.info.XXXXXX (mode
 * 0644) and fsync it; outdir_commit_end() puts it in place.  False after
 * reporting ("DIR/run.info: No space left on device"), leaving nothing. */
bool outdir_info_write(struct outdir *od, const char *text);

/* Start putting the finished set in place (see above): hold the signals,
 * remove DIR/run.info, fsync the folder.  Whatever it returns, the caller
 * then renames its tables only if it returned true, and calls
 * outdir_commit_end() in any case.  False after reporting. */
bool outdir_commit_begin(struct outdir *od);

/* End it: with ok (every table renamed), fsync the folder, rename the
 * temporary run.info into place and fsync again; without, remove it.
 * Then release the signals (one that came meanwhile acts now).  Returns
 * ok, or false after reporting. */
bool outdir_commit_end(struct outdir *od, bool ok);

/* Remove a temporary run.info left uncommitted and the lock file, and
 * release the lock.  If the set was not committed, say what the folder
 * holds: "-o DIR: left as it was" (no table, no run.info changed), or
 * that run.info is gone and the tables may be a mix (an error in the
 * renames).  A no-op on a zeroed or closed od. */
void outdir_close(struct outdir *od);

#endif
