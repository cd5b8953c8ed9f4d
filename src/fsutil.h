/*
 * fsutil.h - small file-system helpers shared by input and rules.
 */
/* SPDX-License-Identifier: MIT */
#ifndef FSUTIL_H
#define FSUTIL_H

#include <stdbool.h>
#include <stddef.h>
#include <sys/stat.h>
#include <sys/types.h>

struct path_list {
    char **v;                   /* heap strings */
    size_t n;
    size_t cap;
};

/* One folder of a walk: its entries (from fs_list) and the next one. */
struct fs_level {
    struct path_list entries;
    size_t next;
    dev_t dev;
    ino_t ino;
};

/* A folder's identity, as a walk remembers it. */
struct fs_id {
    dev_t dev;
    ino_t ino;
    bool used;
};

/* A depth-first walk over folders, the only one in utdrag (inputs, the
 * progress pre-count and the rules loader all use it), so symbolic links
 * are treated alike everywhere: a folder is entered at most once per walk,
 * and a link back to a folder being read (`ln -s . self`) or to one read
 * already through another path is refused, not followed.  Each level is
 * listed by fs_list(), so paths come in bytewise order of the whole path.
 * Zero-initialise; release with fs_walk_fini() (then it can be reused). */
struct fs_walk {
    struct fs_level *stack;
    size_t depth;
    size_t cap;
    struct fs_id *seen;         /* open addressing, cap_seen a power of 2 */
    size_t n_seen;
    size_t cap_seen;
};

enum fs_enter {
    FS_ENTERED,                 /* its entries come next */
    FS_ENTER_FAILED,            /* cannot be listed: errno set */
    FS_ENTER_LOOP,              /* a link back to a folder being read */
    FS_ENTER_SEEN,              /* entered already through another path */
};

/* Enter folder 'dir' (borrowed): its entries come next from
 * fs_walk_next(), before those of the folder it is in.  Nothing is
 * reported: the caller says what a refusal means.  When the walk is empty
 * (depth 0), 'dir' starts a new walk and the folders seen are forgotten. */
enum fs_enter fs_walk_enter(struct fs_walk *w, const char *dir);

/* The next entry of the walk, a folder's without its "/" (*is_dir says
 * which: enter it with fs_walk_enter() or not), or NULL when the walk is
 * over.  The string is valid until the next fs_walk_next() or
 * fs_walk_fini(). */
const char *fs_walk_next(struct fs_walk *w, bool *is_dir);
void fs_walk_fini(struct fs_walk *w);

/* Why fs_walk_enter() refused a folder (FS_ENTER_LOOP or FS_ENTER_SEEN),
 * for "PATH: skipped: WHY". */
const char *fs_walk_refusal(enum fs_enter e);

/* Append every file under directory 'dir' (recursively through an
 * fs_walk, entries sorted bytewise at every level, hidden entries starting
 * with '.' skipped) whose name ends in 'suffix' (NULL: every file) to
 * 'out', as dir + "/" + relative path.  An unreadable subdirectory and a
 * link the walk refuses are reported as warnings and skipped.  Returns
 * false if 'dir' itself cannot be opened (errno set, nothing reported). */
bool fs_walk(const char *dir, const char *suffix, struct path_list *out);

/* Append the entries of directory 'dir' (one level, hidden entries
 * skipped) to 'out' as dir + "/" + name, a folder's with a "/" at its end
 * (so that no stat() is needed to tell them apart: see fs_strip_dir()),
 * sorted bytewise, so a recursive walk lists whole paths in bytewise
 * order.  Returns false if 'dir' cannot be opened (errno set, nothing
 * reported). */
bool fs_list(const char *dir, struct path_list *out);
/* True if fs_list() entry 'entry' is a folder; then its "/" is removed. */
bool fs_strip_dir(char *entry);

void path_list_add(struct path_list *l, char *path); /* takes ownership */
void path_list_fini(struct path_list *l);

bool fs_is_dir(const char *path);
bool fs_exists(const char *path);

enum fs_open {
    FS_OPEN_OK,                 /* a regular file, open for reading */
    FS_OPEN_FAILED,             /* errno set */
    FS_OPEN_NOT_REGULAR,        /* a FIFO, device, socket or folder */
};

/* Open 'path' (symbolic links followed) for reading if it is a regular
 * file: *fd (the caller closes it) and *st, its fstat().  Anything else is
 * FS_OPEN_NOT_REGULAR with *st saying what it is (fs_kind()): it is not
 * read, and never waited for (a FIFO without a writer would block open()
 * and read(): the check is made with O_NONBLOCK and fstat()).  Nothing is
 * reported. */
enum fs_open fs_open_file(const char *path, int *fd, struct stat *st);

/* The first n bytes of open file fd mapped read-only, every page at once
 * where the system can (MAP_POPULATE: a cache file read at start-up
 * otherwise costs a page fault per 4 KB); NULL on failure.  munmap(p, n)
 * when done. */
void *fs_map_file(int fd, size_t n);

/* What a file of mode 'mode' is, for messages: "FIFO", "socket",
 * "character device", "block device", "folder", "regular file" or
 * "unknown type". */
const char *fs_kind(mode_t mode);

/* Read a whole file into a heap buffer (NUL-terminated, *len excludes it).
 * "-" is standard input.  Fails (errno set, nothing reported) on I/O error
 * or if the file is larger than 'max' bytes (errno EFBIG).  A FIFO is read
 * until its writers close it, as cat(1) does: use fs_open_file() first
 * where that must not block.  Caller frees. */
char *fs_read_file(const char *path, size_t max, size_t *len);

/* fs_read_file() for an open descriptor; takes ownership of 'fd' (closed
 * on return, whatever happens). */
char *fs_read_fd(int fd, size_t max, size_t *len);

/* Write buf[0..n) to 'path' in folder 'dir' (created, mode 0700, if
 * missing) through a temporary file in the same folder and a rename, so a
 * reader sees the whole file or none.  False on any error (nothing
 * reported; the temporary is removed).  The temporary is registered with
 * cleanup.h (a signal removes it), and temporaries of files like 'path'
 * that a killed run left in 'dir' more than an hour ago are removed. */
/* fsync fd[0..n) at once, one thread each beyond the first (which the
 * caller's thread syncs): a journaling file system commits them together
 * (ext4, XFS: group commit), where one after the other costs a journal
 * commit each, a few ms on a busy disk.  err[i] is 0 or fsync's errno.
 * The threads block every signal, so a handler runs on the caller's. */
void fs_fsync_all(const int *fd, size_t n, int *err);

bool fs_write_atomic(const char *dir, const char *path, const void *buf,
                     size_t n);

#endif
