/*
 * hash.h - FNV-1a, the one string hash of utdrag: the hash tables of
 * matching and resolving (32 bits), the shard of a doc_id and the digest
 * of a rule set (64 bits, stable across machines and runs).
 */
/* SPDX-License-Identifier: MIT */
#ifndef UTDRAG_HASH_H
#define UTDRAG_HASH_H

#include <stddef.h>
#include <stdint.h>
#include <string.h>

#define FNV64_START 1469598103934665603ULL

/* Continue the 64-bit FNV-1a hash h over p[0..n). */
static inline uint64_t fnv1a64(uint64_t h, const void *p, size_t n)
{
    const unsigned char *s = p;
    for (size_t i = 0; i < n; i++)
        h = (h ^ s[i]) * 1099511628211ULL;
    return h;
}

/* Continue h over p[0..n) eight bytes a step (each read as one
 * little-endian number, whatever the machine), then byte by byte: an
 * eighth of the multiplications of fnv1a64() for the megabyte of a world
 * gazetteer, and as stable across machines.  A different digest than
 * fnv1a64() of the same bytes. */
static inline uint64_t fnv1a64_wide(uint64_t h, const void *p, size_t n)
{
    const unsigned char *s = p;
    size_t i = 0;
    for (; i + 8 <= n; i += 8) {
        uint64_t w = 0;
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
        memcpy(&w, s + i, 8);
#else
        for (int k = 7; k >= 0; k--)
            w = w << 8 | s[i + k];
#endif
        h = (h ^ w) * 1099511628211ULL;
        h ^= h >> 29;
    }
    return fnv1a64(h, s + i, n - i);
}

/* A checksum of p[0..n) at memory speed, for the caches: a damaged file
 * is refused, not half used.  Fletcher's sums over 64-bit words, in four
 * lanes: two additions a word and no multiplication, so a megabyte costs
 * about a third of a million instructions (a multiply-and-fold per word
 * cost five times that, at every start, for the world gazetteer's
 * cache); any one damaged word changes both sums.  Not for digests that
 * must agree across machines of another byte order. */
static inline uint64_t hash_sum64(const void *p, size_t n)
{
    const unsigned char *s = p;
    const uint64_t k = 0x9E3779B97F4A7C15ull;
    uint64_t a0 = 1, a1 = 2, a2 = 3, a3 = 4, b0 = 0, b1 = 0, b2 = 0, b3 = 0;
    size_t i = 0;

    for (; i + 32 <= n; i += 32) {
        uint64_t w[4];
        memcpy(w, s + i, sizeof w);
        a0 += w[0];
        a1 += w[1];
        a2 += w[2];
        a3 += w[3];
        b0 += a0;
        b1 += a1;
        b2 += a2;
        b3 += a3;
    }
    const uint64_t sums[8] = {a0, a1, a2, a3, b0, b1, b2, b3};
    uint64_t h = fnv1a64(FNV64_START, s + i, n - i);
    for (int j = 0; j < 8; j++)
        h = (h ^ sums[j]) * k;
    return h;
}

/* 32-bit FNV-1a of s[0..n). */
static inline uint32_t fnv1a32(const char *s, size_t n)
{
    uint32_t h = 2166136261u;
    for (size_t i = 0; i < n; i++)
        h = (h ^ (unsigned char)s[i]) * 16777619u;
    return h;
}

#endif
