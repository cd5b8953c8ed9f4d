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
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "diag.h"
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

bool fs_walk(const char *dir, const char *suffix, struct path_list *out)
{
    struct path_list level = {0};

    if (!fs_list(dir, &level))
        return false;
    for (size_t i = 0; i < level.n; i++) {
        char *p = level.v[i];
        if (fs_strip_dir(p)) {
            if (!fs_walk(p, suffix, out))
                diag_warn("%s: %s", p, strerror(errno));
        } else if (!suffix || has_suffix(p, suffix)) {
            path_list_add(out, p);
            level.v[i] = NULL;
        }
    }
    path_list_fini(&level);
    return true;
}

char *fs_read_file(const char *path, size_t max, size_t *len)
{
    char *buf = NULL;
    size_t n = 0, cap = 0;
    int saved = 0;
    FILE *f = strcmp(path, "-") == 0 ? stdin : fopen(path, "rb");

    if (!f)
        return NULL;
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
    if (f != stdin)
        fclose(f);
    if (saved) {
        free(buf);
        errno = saved;
        return NULL;
    }
    buf[n] = '\0';
    *len = n;
    return buf;
}
