/*
 * pcache.h - a cache of compiled patterns: a rule set's hundred patterns,
 * compiled by PCRE2 at every start, are read back from the cache instead
 * (pcre2_serialize_decode()), which costs a tenth.  Owned by rules_load().
 */
/* SPDX-License-Identifier: MIT */
#ifndef PCACHE_H
#define PCACHE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <pcre2.h>

struct pcache;

/* The cache of the rule set in folder 'rules' kept in folder 'dir' (NULL:
 * no cache: pcache_compile() just compiles).  Never fails: a missing,
 * damaged or foreign (another PCRE2) cache is an empty one. */
struct pcache *pcache_open(const char *dir, const char *rules);

/* pcre2_compile() of pat[0..len) with 'options' and the default
 * character tables, or the same code decoded from the cache.  A pattern
 * PCRE2 found too large is remembered: NULL with *err set to
 * PCRE2_ERROR_PATTERN_TOO_LARGE (*off 0), without compiling it again. */
pcre2_code *pcache_compile(struct pcache *pc, const char *pat, size_t len,
                           uint32_t options, int *err, PCRE2_SIZE *off);

/* The same in two steps, for a pattern that is costly to build: its code
 * is cached under key[0..klen) (which must name the pattern exactly, e.g.
 * a template and hashes of what it splices in).  pcache_find() decodes
 * the code cached for key, or returns NULL with *err 0 (not cached: build
 * the pattern and call pcache_compile_as()) or with *err
 * PCRE2_ERROR_PATTERN_TOO_LARGE (remembered as too large). */
pcre2_code *pcache_find(struct pcache *pc, const char *key, size_t klen,
                        uint32_t options, int *err);
pcre2_code *pcache_compile_as(struct pcache *pc, const char *key,
                              size_t klen, const char *pat, size_t len,
                              uint32_t options, int *err, PCRE2_SIZE *off);

/* Remember code (an equivalent pattern's: rules.c's subroutine form) as
 * the code of key[0..len) with 'options', a pattern pcache_compile() or
 * pcache_compile_as() found too large: the next load decodes it for that
 * key directly. */
void pcache_alias(struct pcache *pc, const char *key, size_t len,
                  uint32_t options, const pcre2_code *code);

/* The memory pcache_find() decodes into: one mapping, populated at once,
 * sized to the cache's code (decoding pattern by pattern into malloc()'s
 * fresh pages costs a page fault per 4 KB, most of a start's time on a
 * virtual machine).  Codes decoded from a cache live in its pool, which
 * must outlive them: take it (pcache_take_pool()) before pcache_close()
 * and free it (pcache_pool_free()) after pcre2_code_free() of every code.
 * Once taken the pool is sealed: later allocations of those codes (their
 * JIT data, on any thread) come from malloc(). */
struct pcache_pool;
struct pcache_pool *pcache_take_pool(struct pcache *pc); /* pc may be NULL */
void pcache_pool_free(struct pcache_pool *pool);

/* Free the cache; with 'save', first write it back (the patterns used by
 * this load only) if some pattern was not in it. */
void pcache_close(struct pcache *pc, bool save);

#endif
