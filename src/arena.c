/*
 * arena.c - per-document bump allocator (see arena.h).
 */
/* SPDX-License-Identifier: MIT */
#include "arena.h"

#include <stdalign.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "xalloc.h"

#define ARENA_CHUNK_MIN (64u * 1024u)
/* The largest chunk an arena keeps across arena_reset(): a batch of
 * ordinary documents then allocates nothing, and a huge one gives its
 * memory back. */
#define ARENA_KEEP_MAX (4u * 1024u * 1024u)

struct arena_chunk {
    struct arena_chunk *next;
    size_t size;                /* usable bytes in data[] */
    alignas(max_align_t) unsigned char data[];
};

void arena_init(struct arena *a)
{
    memset(a, 0, sizeof *a);
}

void arena_fini(struct arena *a)
{
    struct arena_chunk *c = a->head;
    while (c) {
        struct arena_chunk *next = c->next;
        free(c);
        c = next;
    }
    arena_init(a);
}

void arena_reset(struct arena *a)
{
    /* Keep the largest chunk (chunks double in size, so after a few
     * documents it holds a whole typical one) unless it is huge, or much
     * larger than what this document used: then one unusual document
     * does not hold its memory for the rest of the batch, and what an
     * arena keeps follows the documents of late, not the largest ever. */
    struct arena_chunk *c = a->head, *keep = NULL;
    size_t used = a->used;
    for (struct arena_chunk *k = c; k; k = k->next) {
        if (k != c)
            used += k->size;
        if (k->size <= ARENA_KEEP_MAX && (!keep || k->size > keep->size))
            keep = k;
    }
    if (keep && keep->size > ARENA_CHUNK_MIN && keep->size / 4 > used)
        keep = NULL;
    while (c) {
        struct arena_chunk *next = c->next;
        if (c != keep)
            free(c);
        c = next;
    }
    a->head = keep;
    a->used = 0;
    a->total = keep ? keep->size : 0;
    if (keep)
        keep->next = NULL;
}

void *arena_alloc(struct arena *a, size_t n)
{
    const size_t al = alignof(max_align_t);
    if (n > SIZE_MAX - al)
        n = SIZE_MAX - al;      /* xmalloc below fails and exits */
    n = (n + al - 1) & ~(al - 1);
    if (!a->head || a->head->size - a->used < n) {
        size_t size = a->head && a->head->size < SIZE_MAX / 4
                          ? 2 * a->head->size : ARENA_CHUNK_MIN;
        if (size < n)
            size = n;
        struct arena_chunk *c = xmalloc(sizeof *c + size);
        c->size = size;
        c->next = a->head;
        a->head = c;
        a->used = 0;
        a->total += size;
    }
    void *p = a->head->data + a->used;
    a->used += n;
    return p;
}

void *arena_calloc(struct arena *a, size_t nmemb, size_t size)
{
    if (size && nmemb > SIZE_MAX / size)
        nmemb = SIZE_MAX / size + 1;    /* forces the xmalloc failure */
    void *p = arena_alloc(a, nmemb * size);
    memset(p, 0, nmemb * size);
    return p;
}

void *arena_grow(struct arena *a, void *p, size_t old_n, size_t new_n,
                 size_t size)
{
    const size_t al = alignof(max_align_t);
    if (size && new_n > SIZE_MAX / size)
        new_n = SIZE_MAX / size + 1;    /* forces the xmalloc failure */
    /* The last allocation of the current chunk grows in place while the
     * chunk has room: an array appended to without other allocations in
     * between (hits, windows) then leaves no copies behind. */
    size_t old_b = p ? (old_n * size + al - 1) & ~(al - 1) : 0;
    if (p && a->head && new_n * size <= SIZE_MAX - al &&
        old_b <= a->used &&
        (unsigned char *)p == a->head->data + a->used - old_b) {
        size_t new_b = (new_n * size + al - 1) & ~(al - 1);
        if (new_b <= a->head->size - (a->used - old_b)) {
            a->used = a->used - old_b + new_b;
            return p;
        }
    }
    char *q = arena_alloc(a, new_n * size);
    size_t keep = p ? (old_n < new_n ? old_n : new_n) : 0;
    if (keep)
        memcpy(q, p, keep * size);
    return q;
}

char *arena_strndup(struct arena *a, const char *s, size_t n)
{
    char *p = arena_alloc(a, n + 1);
    if (n)
        memcpy(p, s, n);
    p[n] = '\0';
    return p;
}

char *arena_strdup(struct arena *a, const char *s)
{
    return arena_strndup(a, s, strlen(s));
}

char *arena_printf(struct arena *a, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(NULL, 0, fmt, ap);
    va_end(ap);
    if (n < 0)
        return arena_strdup(a, "");
    char *p = arena_alloc(a, (size_t)n + 1);
    va_start(ap, fmt);
    vsnprintf(p, (size_t)n + 1, fmt, ap);
    va_end(ap);
    return p;
}

char *arena_uint(struct arena *a, unsigned long long v)
{
    char buf[24];
    size_t n = sizeof buf;
    do {
        buf[--n] = (char)('0' + v % 10);
        v /= 10;
    } while (v);
    return arena_strndup(a, buf + n, sizeof buf - n);
}

const char *arena_join(struct arena *a, const char *x, const char *y)
{
    return !x ? y : !y ? x : arena_printf(a, "%s; %s", x, y);
}
