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

/* Remember code (an equivalent pattern's: rules.c's subroutine form) as
 * the code of pat[0..len) with 'options', a pattern pcache_compile()
 * found too large: the next load decodes it for pat directly. */
void pcache_alias(struct pcache *pc, const char *pat, size_t len,
                  uint32_t options, const pcre2_code *code);

/* Free the cache; with 'save', first write it back (the patterns used by
 * this load only) if some pattern was not in it. */
void pcache_close(struct pcache *pc, bool save);

#endif
