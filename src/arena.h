/*
 * arena.h - per-document bump allocator.
 *
 * Everything a document needs while it moves through the stages (decoded
 * text, normalized text, hits, rows) comes from one arena; arena_reset()
 * releases it all at once when the document's rows are written, so memory
 * stays bounded however many documents a batch has.  An arena is used by
 * one thread at a time.  Allocation never fails (OOM exits, see xalloc.h).
 */
/* SPDX-License-Identifier: MIT */
#ifndef ARENA_H
#define ARENA_H

#include <stdarg.h>
#include <stddef.h>

struct arena_chunk;
struct arena_big;

struct arena {
    struct arena_chunk *head;   /* current chunk; older ones follow */
    size_t used;                /* bytes used in head */
    size_t total;               /* bytes held in all chunks */
    struct arena_big *big;      /* large allocations, a block each */
    size_t big_total;           /* bytes held in them */
};

/* A zeroed struct arena is ready to use; arena_init() just zeroes it. */
void arena_init(struct arena *a);
/* Release all memory; the arena can be used again afterwards. */
void arena_fini(struct arena *a);
/* Forget every allocation, keeping the largest chunk (up to 1 MiB) for
 * reuse.  All pointers handed out before become invalid. */
void arena_reset(struct arena *a);

/* n bytes aligned for any type; valid until arena_reset().  A large
 * allocation (128 KiB or more) gets a block of its own, which
 * arena_grow() reallocates and arena_free() releases. */
void *arena_alloc(struct arena *a, size_t n);
/* Zeroed array of nmemb * size bytes (overflow checked). */
void *arena_calloc(struct arena *a, size_t nmemb, size_t size);
/* Grow the array 'p' (old_n elements, as allocated) to new_n elements; the
 * new elements are not initialized (every caller appends).  A large array
 * is reallocated, so its earlier copies do not stay in the arena. */
void *arena_grow(struct arena *a, void *p, size_t old_n, size_t new_n,
                 size_t size);
/* Give back p before arena_reset() if it is a large allocation of a's
 * (from arena_alloc() or arena_grow()): a stage's large intermediate data
 * (a long document's raw bytes once decoded) need not stay until the
 * document is done.  Any other pointer (a small allocation, one inside a
 * block, another arena's, NULL) is left alone: a no-op.  Either way the
 * caller must not use p afterwards. */
void arena_free(struct arena *a, const void *p);
/* NUL-terminated copy of s[0..n). */
char *arena_strndup(struct arena *a, const char *s, size_t n);
char *arena_strdup(struct arena *a, const char *s);
char *arena_printf(struct arena *a, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
/* v in decimal: arena_printf(a, "%llu", v) without printf's cost. */
/* Two messages as one, "x; y"; either may be NULL (then the other is
 * returned as it is). */
const char *arena_join(struct arena *a, const char *x, const char *y);

char *arena_uint(struct arena *a, unsigned long long v);

#endif
