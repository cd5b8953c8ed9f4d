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
/* printf into a fresh heap string; caller frees with free(). */
char *xasprintf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

#endif
