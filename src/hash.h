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

#define FNV64_START 1469598103934665603ULL

/* Continue the 64-bit FNV-1a hash h over p[0..n). */
static inline uint64_t fnv1a64(uint64_t h, const void *p, size_t n)
{
    const unsigned char *s = p;
    for (size_t i = 0; i < n; i++)
        h = (h ^ s[i]) * 1099511628211ULL;
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
