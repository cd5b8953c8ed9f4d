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
/* Chunks double up to this size, and no further: the tail a chunk leaves
 * unused stays small, however long the document. */
#define ARENA_CHUNK_MAX (1024u * 1024u)
/* An allocation of this many bytes or more gets a block of its own (a long
 * document's text, its hits): arena_grow() reallocates it in place of a
 * copy, arena_free() can give it back early, and a chunk is never sized
 * to it. */
#define ARENA_BIG (128u * 1024u)
/* The largest chunk an arena keeps across arena_reset(): a batch of
 * ordinary documents then allocates nothing. */
#define ARENA_KEEP_MAX ARENA_CHUNK_MAX

struct arena_chunk {
    struct arena_chunk *next;
    size_t size;                /* usable bytes in data[] */
    alignas(max_align_t) unsigned char data[];
};

/* A block of its own; blocks form a doubly linked list from a->big. */
struct arena_big {
    struct arena_big *prev, *next;
    size_t size;                /* usable bytes in data[] */
    alignas(max_align_t) unsigned char data[];
};

void arena_init(struct arena *a)
{
    memset(a, 0, sizeof *a);
}

static void free_bigs(struct arena *a)
{
    struct arena_big *b = a->big;
    while (b) {
        struct arena_big *next = b->next;
        free(b);
        b = next;
    }
    a->big = NULL;
    a->big_total = 0;
}

void arena_fini(struct arena *a)
{
    struct arena_chunk *c = a->head;
    while (c) {
        struct arena_chunk *next = c->next;
        free(c);
        c = next;
    }
    free_bigs(a);
    arena_init(a);
}

void arena_reset(struct arena *a)
{
    /* Keep the largest chunk (chunks double in size, so after a few
     * documents it holds a whole typical one) unless it is much larger
     * than what this document used: then one unusual document does not
     * hold its memory for the rest of the batch, and what an arena keeps
     * follows the documents of late, not the largest ever. */
    struct arena_chunk *c = a->head, *keep = NULL;
    size_t used = a->used + a->big_total;
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
    free_bigs(a);
    a->head = keep;
    a->used = 0;
    a->total = keep ? keep->size : 0;
    if (keep)
        keep->next = NULL;
}

/* A block of its own for n bytes (a multiple of the alignment). */
static void *big_alloc(struct arena *a, size_t n)
{
    if (n > SIZE_MAX - sizeof(struct arena_big))
        n = SIZE_MAX - sizeof(struct arena_big);  /* xmalloc fails */
    struct arena_big *b = xmalloc(sizeof *b + n);
    b->prev = NULL;
    b->next = a->big;
    b->size = n;
    if (a->big)
        a->big->prev = b;
    a->big = b;
    a->big_total += n;
    return b->data;
}

/* The block whose data p is, or NULL.  The list is searched rather than
 * a header read before p: any pointer is safe to ask about, and a
 * document has few blocks (one per large array). */
static struct arena_big *big_of(const struct arena *a, const void *p)
{
    for (struct arena_big *b = a->big; b; b = b->next)
        if ((const void *)b->data == p)
            return b;
    return NULL;
}

/* Re-link b after realloc() moved it. */
static void big_relink(struct arena *a, struct arena_big *b)
{
    if (b->prev)
        b->prev->next = b;
    else
        a->big = b;
    if (b->next)
        b->next->prev = b;
}

static size_t round_up(size_t n)
{
    const size_t al = alignof(max_align_t);
    if (n > SIZE_MAX - al)
        n = SIZE_MAX - al;      /* xmalloc below fails and exits */
    return (n + al - 1) & ~(al - 1);
}

void *arena_alloc(struct arena *a, size_t n)
{
    n = round_up(n);
    if (n >= ARENA_BIG)
        return big_alloc(a, n);
    if (!a->head || a->head->size - a->used < n) {
        size_t size = a->head && a->head->size < ARENA_CHUNK_MAX
                          ? 2 * a->head->size
                          : a->head ? ARENA_CHUNK_MAX : ARENA_CHUNK_MIN;
        if (size < n)       /* n < ARENA_BIG, yet more than a small chunk */
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

void arena_free(struct arena *a, const void *p)
{
    struct arena_big *b = p ? big_of(a, p) : NULL;
    if (!b)
        return;
    if (b->prev)
        b->prev->next = b->next;
    else
        a->big = b->next;
    if (b->next)
        b->next->prev = b->prev;
    a->big_total -= b->size;
    free(b);
}

void *arena_grow(struct arena *a, void *p, size_t old_n, size_t new_n,
                 size_t size)
{
    if (size && new_n > SIZE_MAX / size)
        new_n = SIZE_MAX / size + 1;    /* forces the xmalloc failure */
    size_t old_b = p ? round_up(old_n * size) : 0;
    size_t new_b = round_up(new_n * size);
    /* A block of its own is reallocated: a long document's arrays grow
     * without leaving their earlier copies behind. */
    struct arena_big *b = old_b >= ARENA_BIG ? big_of(a, p) : NULL;
    if (b && new_b >= ARENA_BIG) {
        a->big_total -= b->size;
        b = xrealloc(b, sizeof *b + new_b);
        b->size = new_b;
        a->big_total += new_b;
        big_relink(a, b);
        return b->data;
    }
    /* The last allocation of the current chunk grows in place while the
     * chunk has room: an array appended to without other allocations in
     * between (hits, windows) then leaves no copies behind. */
    if (p && !b && new_b < ARENA_BIG && a->head && old_b <= a->used &&
        (unsigned char *)p == a->head->data + a->used - old_b &&
        new_b <= a->head->size - (a->used - old_b)) {
        a->used = a->used - old_b + new_b;
        return p;
    }
    char *q = arena_alloc(a, new_n * size);
    size_t keep = p ? (old_n < new_n ? old_n : new_n) : 0;
    if (keep)
        memcpy(q, p, keep * size);
    if (b)
        arena_free(a, p);
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
