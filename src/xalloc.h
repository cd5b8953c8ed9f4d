/*
 * xalloc.h - allocation that never returns NULL.
 *
 * On exhaustion these print "utdrag: out of memory", remove the run's
 * temporary files (cleanup.h) and exit 3: a batch tool loses nothing by
 * stopping, and every caller is spared an error path.
 */
/* SPDX-License-Identifier: MIT */
#ifndef XALLOC_H
#define XALLOC_H

#include <stddef.h>

void *xmalloc(size_t n);
void *xcalloc(size_t nmemb, size_t size);
void *xrealloc(void *p, size_t n);
/* Grow an array: like xrealloc(p, nmemb * size) with overflow checking. */
void *xreallocarray(void *p, size_t nmemb, size_t size);
char *xstrdup(const char *s);
char *xstrndup(const char *s, size_t n);
/* n zeroed bytes for a large table filled once at start-up: a mapping of
 * its own whose pages are populated at once where the system can
 * (MAP_POPULATE), where malloc()'s fresh pages cost a page fault per 4 KB
 * (on a virtual machine, more than filling the table).  Free with
 * xunmap(p, n). */
void *xmap(size_t n);
void xunmap(void *p, size_t n);
/* printf into a fresh heap string; caller frees with free(). */
char *xasprintf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

#endif
