/*
 * buf.h - a growing heap byte buffer, NUL-terminated once anything was
 * added (readers of archives and WARC records build their fields in
 * them).  Released with free(b.p).  Out of memory exits (xalloc.h).
 */
/* SPDX-License-Identifier: MIT */
#ifndef BUF_H
#define BUF_H

#include <stddef.h>
#include <string.h>

#include "xalloc.h"

struct buf {
    char *p;
    size_t len, cap;
};

/* Make room for n more bytes and a NUL. */
static inline void buf_reserve(struct buf *b, size_t n)
{
    if (b->len + n + 1 > b->cap) {
        b->cap = b->len + n + 1 > 2 * b->cap ? b->len + n + 1 : 2 * b->cap;
        b->p = xrealloc(b->p, b->cap);
    }
}

/* Append s[0..n) to b, NUL-terminated. */
static inline void buf_put(struct buf *b, const void *s, size_t n)
{
    buf_reserve(b, n);
    if (n)
        memcpy(b->p + b->len, s, n);
    b->len += n;
    b->p[b->len] = '\0';
}

#endif
