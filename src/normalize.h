/*
 * normalize.h - stage 2: bring decoded text to the one form rules see.
 *
 * Input must be valid UTF-8 (decode.h guarantees it).  Output, by the one
 * mapping table in normalize.c:
 *   - NFC (utf8proc; UTF8PROC_CHARBOUND is never used);
 *   - CRLF and lone CR become LF; U+2028/U+2029 become LF;
 *   - tab, NBSP and every Unicode space separator (Zs) become U+0020;
 *   - soft hyphen, zero-width space/joiners, word joiner, BOM, and every
 *     other control or format character are removed (LF kept);
 *   - U+2012-U+2015 and U+2212 become EN DASH U+2013; U+2010/U+2011 "-";
 *   - “ ” „ ‟ ″ become '"', ‘ ’ ‚ ‛ ′ become "'"; guillemets stay.
 * Line breaks map one to one, so norm.lines[] records for every output line
 * the byte offset and 1-based line number it came from in the original.
 */
/* SPDX-License-Identifier: MIT */
#ifndef NORMALIZE_H
#define NORMALIZE_H

#include <stddef.h>
#include <stdint.h>

#include "article.h"

struct arena;

/* Normalize src[0..len) into memory from 'a' and fill *out (valid until
 * arena_reset()).  Cannot fail; invalid UTF-8 on input (a caller bug) is
 * replaced by U+FFFD rather than read out of bounds. */
void norm_text(struct arena *a, const char *src, size_t len,
               struct norm_text *out);

/* Index into nt->lines of the line holding byte offset 'off'. */
size_t norm_line_index(const struct norm_text *nt, size_t off);

/* 1-based original line number of byte offset 'off' of the norm text. */
uint32_t norm_src_line(const struct norm_text *nt, size_t off);

#endif
