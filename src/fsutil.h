/*
 * fsutil.h - small file-system helpers shared by input and rules.
 */
/* SPDX-License-Identifier: MIT */
#ifndef FSUTIL_H
#define FSUTIL_H

#include <stdbool.h>
#include <stddef.h>

struct path_list {
    char **v;                   /* heap strings */
    size_t n;
    size_t cap;
};

/* Append every regular file under directory 'dir' (recursively, entries
 * sorted bytewise at every level, hidden entries starting with '.'
 * skipped) whose name ends in 'suffix' (NULL: every file) to 'out', as
 * dir + "/" + relative path.  An unreadable subdirectory is reported as a
 * warning and skipped.  Returns false if 'dir' itself cannot be opened
 * (errno set, nothing reported). */
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

/* Read a whole file into a heap buffer (NUL-terminated, *len excludes it).
 * Fails (errno set, nothing reported) on I/O error or if the file is larger
 * than 'max' bytes (errno EFBIG). Caller frees. */
char *fs_read_file(const char *path, size_t max, size_t *len);

#endif
