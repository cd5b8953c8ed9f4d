/*
 * fsutil.c - small file-system helpers shared by input and rules.
 */
/* SPDX-License-Identifier: MIT */
/* struct dirent's d_type (BSD, glibc) spares a stat() per entry; where it
 * is missing, sort_key() falls back to stat(). */
#define _DEFAULT_SOURCE 1
#include "fsutil.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <sys/mman.h>
#include <pthread.h>
#include <signal.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "cleanup.h"
#include "diag.h"
#include "hash.h"
#include "xalloc.h"

void path_list_add(struct path_list *l, char *path)
{
    if (l->n == l->cap) {
        l->cap = l->cap ? l->cap * 2 : 16;
        l->v = xreallocarray(l->v, l->cap, sizeof *l->v);
    }
    l->v[l->n++] = path;
}

void path_list_fini(struct path_list *l)
{
    for (size_t i = 0; i < l->n; i++)
        free(l->v[i]);
    free(l->v);
    memset(l, 0, sizeof *l);
}

bool fs_strip_dir(char *entry)
{
    size_t n = strlen(entry);
    if (n < 2 || entry[n - 1] != '/')
        return false;
    entry[n - 1] = '\0';
    return true;
}

bool fs_is_dir(const char *path)
{
    struct stat st;
    return stat(path, &st) == 0 && S_ISDIR(st.st_mode);
}

bool fs_exists(const char *path)
{
    struct stat st;
    return stat(path, &st) == 0;
}

static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

static bool has_suffix(const char *s, const char *suffix)
{
    size_t n = strlen(s), m = strlen(suffix);
    return n >= m && strcmp(s + n - m, suffix) == 0;
}

/* Sort key of an entry: its name, with "/" after a folder's name, so that
 * walking folders in this order lists paths in bytewise order of the whole
 * path ("a.txt" before "a/b.txt", as '.' < '/'). */
static char *sort_key(const char *dir, const struct dirent *de)
{
    bool is_dir;
#ifdef DT_DIR
    if (de->d_type == DT_DIR || de->d_type == DT_REG) {
        is_dir = de->d_type == DT_DIR;  /* no stat() for a plain entry */
    } else
#endif
    {
        /* A symbolic link (followed, as stat() does) or a file system that
         * does not say. */
        char *p = xasprintf("%s/%s", dir, de->d_name);
        is_dir = fs_is_dir(p);
        free(p);
    }
    return xasprintf("%s%s", de->d_name, is_dir ? "/" : "");
}

bool fs_list(const char *dir, struct path_list *out)
{
    struct path_list names = {0};
    struct dirent *de;
    DIR *d = opendir(dir);

    if (!d)
        return false;
    while ((de = readdir(d)) != NULL) {
        if (de->d_name[0] == '.')
            continue;
        path_list_add(&names, sort_key(dir, de));
    }
    closedir(d);
    if (names.n)
        qsort(names.v, names.n, sizeof *names.v, cmp_str);
    size_t dlen = strlen(dir);
    bool slash = dlen && dir[dlen - 1] == '/';
    for (size_t i = 0; i < names.n; i++)    /* folders keep their "/" */
        path_list_add(out, xasprintf("%s%s%s", dir, slash ? "" : "/",
                                     names.v[i]));
    path_list_fini(&names);
    return true;
}

/* Where (dev, ino) is or belongs in the open-addressed set. */
static struct fs_id *seen_slot(const struct fs_walk *w, dev_t dev, ino_t ino)
{
    uint64_t h = FNV64_START;
    h = fnv1a64(h, &dev, sizeof dev);
    h = fnv1a64(h, &ino, sizeof ino);
    size_t mask = w->cap_seen - 1;
    size_t i = (size_t)h & mask;
    while (w->seen[i].used && !(w->seen[i].dev == dev && w->seen[i].ino == ino))
        i = (i + 1) & mask;
    return &w->seen[i];
}

/* Remember (dev, ino); false if it was there already. */
static bool seen_add(struct fs_walk *w, dev_t dev, ino_t ino)
{
    if (2 * (w->n_seen + 1) > w->cap_seen) {
        struct fs_id *old = w->seen;
        size_t n = w->cap_seen;
        w->cap_seen = n ? n * 2 : 64;
        w->seen = xcalloc(w->cap_seen, sizeof *w->seen);
        for (size_t i = 0; i < n; i++)
            if (old[i].used)
                *seen_slot(w, old[i].dev, old[i].ino) = old[i];
        free(old);
    }
    struct fs_id *s = seen_slot(w, dev, ino);
    if (s->used)
        return false;
    *s = (struct fs_id){dev, ino, true};
    w->n_seen++;
    return true;
}

enum fs_enter fs_walk_enter(struct fs_walk *w, const char *dir)
{
    struct fs_level l = {0};
    struct stat st;

    if (!w->depth && w->n_seen) {
        memset(w->seen, 0, w->cap_seen * sizeof *w->seen);
        w->n_seen = 0;
    }
    if (stat(dir, &st) != 0)
        return FS_ENTER_FAILED;
    for (size_t i = 0; i < w->depth; i++)
        if (w->stack[i].dev == st.st_dev && w->stack[i].ino == st.st_ino)
            return FS_ENTER_LOOP;
    if (!seen_add(w, st.st_dev, st.st_ino))
        return FS_ENTER_SEEN;
    l.dev = st.st_dev;
    l.ino = st.st_ino;
    if (!fs_list(dir, &l.entries))
        return FS_ENTER_FAILED;
    if (w->depth == w->cap) {
        w->cap = w->cap ? w->cap * 2 : 8;
        w->stack = xreallocarray(w->stack, w->cap, sizeof *w->stack);
    }
    w->stack[w->depth++] = l;
    return FS_ENTERED;
}

const char *fs_walk_next(struct fs_walk *w, bool *is_dir)
{
    while (w->depth) {
        struct fs_level *l = &w->stack[w->depth - 1];
        if (l->next < l->entries.n) {
            char *p = l->entries.v[l->next++];
            *is_dir = fs_strip_dir(p);
            return p;
        }
        path_list_fini(&w->stack[--w->depth].entries);
    }
    return NULL;
}

void fs_walk_fini(struct fs_walk *w)
{
    for (size_t i = 0; i < w->depth; i++)
        path_list_fini(&w->stack[i].entries);
    free(w->stack);
    free(w->seen);
    memset(w, 0, sizeof *w);
}

const char *fs_walk_refusal(enum fs_enter e)
{
    return e == FS_ENTER_LOOP ? "a link back to a folder being read"
                              : "a folder read already through another link";
}

bool fs_walk(const char *dir, const char *suffix, struct path_list *out)
{
    struct fs_walk w = {0};
    const char *p;
    bool is_dir;

    if (fs_walk_enter(&w, dir) == FS_ENTER_FAILED)
        return false;
    while ((p = fs_walk_next(&w, &is_dir)) != NULL) {
        if (!is_dir) {
            if (!suffix || has_suffix(p, suffix))
                path_list_add(out, xstrdup(p));
            continue;
        }
        enum fs_enter e = fs_walk_enter(&w, p);
        if (e == FS_ENTER_FAILED)
            diag_warn("%s: %s", p, strerror(errno));
        else if (e != FS_ENTERED)
            diag_warn("%s: skipped: %s", p, fs_walk_refusal(e));
    }
    fs_walk_fini(&w);
    return true;
}

enum fs_open fs_open_file(const char *path, int *fd, struct stat *st)
{
    /* stat() first, so that a device is not even opened (opening one can
     * have effects); fstat() after, for a file replaced in between. */
    *fd = -1;
    if (stat(path, st) != 0)
        return FS_OPEN_FAILED;
    if (!S_ISREG(st->st_mode))
        return FS_OPEN_NOT_REGULAR;
    int f = open(path, O_RDONLY | O_NONBLOCK | O_NOCTTY);
    if (f < 0)
        return FS_OPEN_FAILED;
    if (fstat(f, st) != 0) {
        int e = errno;
        close(f);
        errno = e;
        return FS_OPEN_FAILED;
    }
    if (!S_ISREG(st->st_mode)) {
        close(f);
        return FS_OPEN_NOT_REGULAR;
    }
    /* Some file systems (FUSE, NFS) honour O_NONBLOCK on regular files. */
    int fl = fcntl(f, F_GETFL);
    if (fl >= 0)
        fcntl(f, F_SETFL, fl & ~O_NONBLOCK);
    *fd = f;
    return FS_OPEN_OK;
}

const char *fs_kind(mode_t mode)
{
    if (S_ISREG(mode))
        return "regular file";
    if (S_ISDIR(mode))
        return "folder";
    if (S_ISFIFO(mode))
        return "FIFO";
    if (S_ISSOCK(mode))
        return "socket";
    if (S_ISCHR(mode))
        return "character device";
    if (S_ISBLK(mode))
        return "block device";
    return "unknown type";
}

/* The whole of stream 'f' (see fs_read_file()). */
static char *read_stream(FILE *f, size_t max, size_t *len)
{
    char *buf = NULL;
    size_t n = 0, cap = 0;
    int saved = 0;

    /* A regular file is read into one buffer of its size (plus the byte
     * that shows its end), not grown by doubling: a large list is then
     * neither copied nor paged in twice. */
    struct stat st;
    if (f != stdin && fstat(fileno(f), &st) == 0 && S_ISREG(st.st_mode) &&
        st.st_size >= 0 && (uintmax_t)st.st_size < max) {
        cap = (size_t)st.st_size + 1;
        buf = xrealloc(buf, cap + 1);
    }
    for (;;) {
        if (cap - n < 65536 && !(cap && n < cap)) {
            cap = cap ? cap * 2 : 65536;
            buf = xrealloc(buf, cap + 1);
        }
        size_t got = fread(buf + n, 1, cap - n, f);
        n += got;
        if (n > max) {
            saved = EFBIG;
            break;
        }
        if (got == 0) {
            if (ferror(f))
                saved = errno ? errno : EIO;
            break;
        }
    }
    if (saved) {
        free(buf);
        errno = saved;
        return NULL;
    }
    buf[n] = '\0';
    *len = n;
    return buf;
}

char *fs_read_file(const char *path, size_t max, size_t *len)
{
    if (strcmp(path, "-") == 0)
        return read_stream(stdin, max, len);
    int fd = open(path, O_RDONLY);
    return fd < 0 ? NULL : fs_read_fd(fd, max, len);
}

char *fs_read_fd(int fd, size_t max, size_t *len)
{
    FILE *f = fdopen(fd, "rb");
    if (!f) {
        int e = errno;
        close(fd);
        errno = e;
        return NULL;
    }
    char *buf = read_stream(f, max, len);
    int e = errno;
    fclose(f);
    errno = e;
    return buf;
}

/* mkdir -p of 'dir' (mode 0700 for what it creates). */
static bool make_dirs_private(const char *dir)
{
    char *p = xstrdup(dir);
    bool ok = true;
    for (char *q = p + 1; ok; q++) {
        if (*q && *q != '/')
            continue;
        char c = *q;
        *q = '\0';
        ok = mkdir(p, 0700) == 0 || errno == EEXIST;
        *q = c;
        if (!c)
            break;
    }
    free(p);
    return ok;
}

struct fsync_job {
    int fd;
    int err;
};

static void *fsync_one(void *arg)
{
    struct fsync_job *j = arg;
    j->err = fsync(j->fd) == 0 ? 0 : errno;
    return NULL;
}

void fs_fsync_all(const int *fd, size_t n, int *err)
{
    enum { MAX_THREADS = 15 };
    struct fsync_job job[MAX_THREADS + 1];
    pthread_t tid[MAX_THREADS + 1];
    bool started[MAX_THREADS + 1] = {false};
    sigset_t all, old;

    for (size_t base = 0; base < n; base += MAX_THREADS + 1) {
        size_t m = n - base < MAX_THREADS + 1 ? n - base : MAX_THREADS + 1;
        sigfillset(&all);
        pthread_sigmask(SIG_BLOCK, &all, &old);
        for (size_t i = 1; i < m; i++) {
            job[i] = (struct fsync_job){fd[base + i], 0};
            started[i] = pthread_create(&tid[i], NULL, fsync_one,
                                        &job[i]) == 0;
        }
        pthread_sigmask(SIG_SETMASK, &old, NULL);
        job[0] = (struct fsync_job){fd[base], 0};
        fsync_one(&job[0]);
        for (size_t i = 1; i < m; i++) {
            if (started[i])
                pthread_join(tid[i], NULL);
            else
                fsync_one(&job[i]);     /* no thread: here, in turn */
            started[i] = false;
        }
        for (size_t i = 0; i < m; i++)
            err[base + i] = job[i].err;
    }
}

/* A temporary of fs_write_atomic() this old is one a killed run left. */
#define FS_STALE_SECONDS 3600

/* Remove from 'dir' the temporaries fs_write_atomic() left for files
 * named like 'path' (NAME.EXT.XXXXXX for the same .EXT) by a run killed
 * with SIGKILL or a power loss: regular files older than an hour (a
 * younger one may be another run's, still being written). */
static void sweep_stale(const char *dir, const char *path)
{
    const char *base = strrchr(path, '/');
    const char *ext = strrchr(base ? base + 1 : path, '.');
    DIR *d = ext ? opendir(dir) : NULL;
    size_t el = ext ? strlen(ext) : 0;
    time_t now = time(NULL);
    struct dirent *e;

    if (!d)
        return;
    while ((e = readdir(d)) != NULL) {
        size_t nl = strlen(e->d_name);
        struct stat st;
        if (nl < el + 8 || e->d_name[nl - 7] != '.' ||
            memcmp(e->d_name + nl - 7 - el, ext, el) != 0 ||
            fstatat(dirfd(d), e->d_name, &st, AT_SYMLINK_NOFOLLOW) != 0 ||
            !S_ISREG(st.st_mode) || now - st.st_mtime < FS_STALE_SECONDS)
            continue;
        unlinkat(dirfd(d), e->d_name, 0);
    }
    closedir(d);
}

bool fs_write_atomic(const char *dir, const char *path, const void *buf,
                     size_t n)
{
    if (!make_dirs_private(dir))
        return false;
    sweep_stale(dir, path);
    size_t pl = strlen(path);
    char *tmp = xmalloc(pl + 8);
    memcpy(tmp, path, pl);
    memcpy(tmp + pl, ".XXXXXX", 8);
    /* Registered: SIGINT and the like remove it (cleanup.h). */
    int slot;
    int fd = cleanup_mkstemp(tmp, &slot);
    bool ok = fd >= 0;
    const char *b = buf;
    for (size_t done = 0; ok && done < n;) {
        ssize_t w = write(fd, b + done, n - done);
        if (w < 0 && errno == EINTR)
            continue;
        ok = w > 0;
        done += ok ? (size_t)w : 0;
    }
    if (fd >= 0 && close(fd) != 0)
        ok = false;
    if (ok && rename(tmp, path) != 0)
        ok = false;
    if (!ok && fd >= 0)
        unlink(tmp);
    cleanup_forget(slot);
    free(tmp);
    return ok;
}

void *fs_map_file(int fd, size_t n)
{
#ifdef MAP_POPULATE
    int populate = MAP_POPULATE;
#else
    int populate = 0;
#endif
    void *p = mmap(NULL, n, PROT_READ, MAP_PRIVATE | populate, fd, 0);
    return p == MAP_FAILED ? NULL : p;
}
