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
    if (!lock(od))
        return false;
    return sweep(dir, names, n);
}

void outdir_close(struct outdir *od)
{
    if (!od->lock_path)
        return;
    /* Removal first: see lock(). */
    unlink(od->lock_path);
    cleanup_forget(od->lock_slot);
    close(od->lock_fd);
    free(od->lock_path);
    od->lock_path = NULL;
    od->lock_fd = -1;
}
