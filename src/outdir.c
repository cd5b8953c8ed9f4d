/*
 * outdir.c - the output folder of extract -o and merge -o (see outdir.h).
 */
/* SPDX-License-Identifier: MIT */
#include "outdir.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cleanup.h"
#include "diag.h"
#include "output.h"
#include "xalloc.h"

#define OUTDIR_LOCK_FILE ".utdrag.lock"

/* Take the folder's lock into od; false after reporting. */
static bool lock(struct outdir *od)
{
    char *path = xasprintf("%s/" OUTDIR_LOCK_FILE, od->dir);

    /* The lock file is removed when a run ends: if it went between our
     * open() and flock(), we hold a lock on a file no other run will
     * open, so try again on the one now at 'path'. */
    for (int tries = 0; tries < 100; tries++) {
        struct stat fst, pst;
        int fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0644);
        if (fd < 0) {
            diag_error("%s: %s", path, strerror(errno));
            break;
        }
        if (flock(fd, LOCK_EX | LOCK_NB) != 0) {
            if (errno == EWOULDBLOCK)
                diag_error("-o %s: another utdrag run is writing to this "
                           "folder (it holds %s)", od->dir, path);
            else
                diag_error("%s: %s", path, strerror(errno));
            close(fd);
            break;
        }
        if (fstat(fd, &fst) == 0 && stat(path, &pst) == 0 &&
            fst.st_dev == pst.st_dev && fst.st_ino == pst.st_ino) {
            od->lock_fd = fd;
            od->lock_path = path;
            od->lock_slot = cleanup_add(path);
            return true;
        }
        close(fd);
    }
    free(path);
    return false;
}

/* Is 'name' "." + file + "." + six letters or digits (mkstemp's XXXXXX)? */
static bool temp_of(const char *name, const char *file)
{
    size_t n = strlen(file);

    if (name[0] != '.' || strncmp(name + 1, file, n) != 0 ||
        name[1 + n] != '.' || strlen(name + 2 + n) != 6)
        return false;
    for (const char *s = name + 2 + n; *s; s++)
        if (!(*s >= 'a' && *s <= 'z') && !(*s >= 'A' && *s <= 'Z') &&
            !(*s >= '0' && *s <= '9'))
            return false;
    return true;
}

/* Is 'name' a temporary of run.info or of a table of names[0..n)? */
static bool stale(const char *name, const char *const *names, size_t n)
{
    static const enum out_format formats[] = {OUT_CSV, OUT_TSV, OUT_XLSX};

    if (temp_of(name, "run.info"))
        return true;
    for (size_t i = 0; i < n; i++)
        for (size_t f = 0; f < sizeof formats / sizeof *formats; f++) {
            char *file = xasprintf("%s.%s", names[i],
                                   output_ext(formats[f]));
            bool yes = temp_of(name, file);
            free(file);
            if (yes)
                return true;
        }
    return false;
}

/* Remove the stale temporaries; false after reporting. */
static bool sweep(const char *dir, const char *const *names, size_t n)
{
    DIR *d = opendir(dir);
    struct dirent *e;

    if (!d) {
        diag_error("%s: %s", dir, strerror(errno));
        return false;
    }
    errno = 0;
    while ((e = readdir(d)) != NULL) {
        if (stale(e->d_name, names, n) &&
            unlinkat(dirfd(d), e->d_name, 0) != 0 && errno != ENOENT)
            diag_warn("%s/%s: cannot remove this temporary file of a killed "
                      "run: %s", dir, e->d_name, strerror(errno));
        errno = 0;
    }
    if (errno) {
        diag_error("%s: %s", dir, strerror(errno));
        closedir(d);
        return false;
    }
    closedir(d);
    return true;
}

bool outdir_open(struct outdir *od, const char *dir,
                 const char *const *names, size_t n)
{
    memset(od, 0, sizeof *od);
    od->dir = dir;
    od->lock_fd = -1;
    od->lock_slot = -1;
    od->info_slot = -1;
    od->info_path = xasprintf("%s/run.info", dir);
    if (!lock(od))
        return false;
    return sweep(dir, names, n);
}

bool outdir_info_write(struct outdir *od, const char *text)
{
    char *tmp = xasprintf("%s/.run.info.XXXXXX", od->dir);
    size_t len = strlen(text);
    int fd;
    bool ok;

    errno = 0;
    fd = cleanup_mkstemp(tmp, &od->info_slot);
    ok = fd >= 0;
    /* mkstemp() makes the file 0600; run.info is an ordinary file. */
    ok = ok && fchmod(fd, 0644) == 0;
    for (size_t done = 0; ok && done < len;) {
        ssize_t w = write(fd, text + done, len - done);
        if (w < 0 && errno == EINTR)
            continue;
        ok = w > 0;
        if (ok)
            done += (size_t)w;
    }
    ok = ok && fsync(fd) == 0;
    if (fd >= 0 && close(fd) != 0)
        ok = false;
    if (!ok) {
        diag_error("%s: %s", od->info_path,
                   strerror(errno ? errno : EIO));
        if (fd >= 0)
            unlink(tmp);
        cleanup_forget(od->info_slot);
        od->info_slot = -1;
        free(tmp);
        return false;
    }
    od->info_tmp = tmp;
    return true;
}

/* fsync the folder: the renames and removals in it reach the disk.  A
 * file system that cannot sync a folder (EINVAL) has nothing to wait
 * for.  False after reporting. */
static bool sync_dir(const struct outdir *od)
{
    int fd = open(od->dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    bool ok = fd >= 0 && (fsync(fd) == 0 || errno == EINVAL);

    if (!ok)
        diag_error("%s: %s", od->dir, strerror(errno));
    if (fd >= 0)
        close(fd);
    return ok;
}

bool outdir_commit_begin(struct outdir *od)
{
    cleanup_hold();
    if (unlink(od->info_path) != 0 && errno != ENOENT) {
        diag_error("%s: %s", od->info_path, strerror(errno));
        return false;
    }
    od->state = OUTDIR_COMMITTING;
    return sync_dir(od);
}

bool outdir_commit_end(struct outdir *od, bool ok)
{
    ok = ok && sync_dir(od);
    if (ok && rename(od->info_tmp, od->info_path) != 0) {
        diag_error("%s: %s", od->info_path, strerror(errno));
        ok = false;
    }
    if (!ok)
        unlink(od->info_tmp);
    cleanup_forget(od->info_slot);
    od->info_slot = -1;
    free(od->info_tmp);
    od->info_tmp = NULL;
    if (ok) {
        od->state = OUTDIR_COMMITTED;
        ok = sync_dir(od);
    }
    cleanup_release();
    return ok;
}

void outdir_close(struct outdir *od)
{
    free(od->info_path);                /* lock() may have failed */
    od->info_path = NULL;
    if (!od->lock_path)
        return;
    if (od->info_tmp) {
        unlink(od->info_tmp);
        cleanup_forget(od->info_slot);
        free(od->info_tmp);
        od->info_tmp = NULL;
    }
    if (od->state == OUTDIR_UNTOUCHED)
        diag_note("utdrag: -o %s: left as it was (no table and no run.info "
                  "changed)\n", od->dir);
    else if (od->state == OUTDIR_COMMITTING)
        diag_error("-o %s: stopped while putting the new tables in place: "
                   "run.info is removed and the tables may be a mix of old "
                   "and new ones; run again", od->dir);
    /* Removal first: see lock(). */
    unlink(od->lock_path);
    cleanup_forget(od->lock_slot);
    close(od->lock_fd);
    free(od->lock_path);
    od->lock_path = NULL;
    od->lock_fd = -1;
}
