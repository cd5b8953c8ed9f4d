/*
 * decode.h - stage 1b: turn a document's raw bytes into valid UTF-8.
 *
 * Contract, in the order the checks run:
 *   - UTF-8 BOM: dropped; the rest is decoded as below (encoding "utf-8").
 *   - UTF-32LE/BE BOM (FF FE 00 00, 00 00 FE FF; checked before UTF-16's):
 *     converted to UTF-8 ("utf-32le"/"utf-32be"), U+0000 dropped; a
 *     surrogate, a value above U+10FFFF or a short last unit becomes
 *     U+FFFD, DOC_REPAIRED, "invalid UTF-32 at byte offset N, replaced by
 *     U+FFFD".
 *   - UTF-16LE/BE BOM: converted to UTF-8 ("utf-16le"/"utf-16be");
 *     U+0000 code units are dropped; unpaired surrogates or an odd
 *     trailing byte become U+FFFD and the status is DOC_REPAIRED with the
 *     message "invalid UTF-16 at byte offset N, replaced by U+FFFD", N
 *     being the first bad code unit (or the odd byte).
 *   - a NUL byte anywhere else: DOC_SKIPPED, "binary file (NUL byte at
 *     offset N)", encoding "binary", no text.
 *   - valid UTF-8: passed through unchanged ("utf-8").
 *   - mostly UTF-8 (at least as many well-formed multi-byte sequences as
 *     stray bytes; in real Latin-1 text such sequences are rare): every well-formed sequence is kept and only the stray bytes
 *     are decoded as Windows-1252 ("utf-8", DOC_REPAIRED, message
 *     "invalid UTF-8 at byte offset N: K stray bytes decoded as
 *     Windows-1252"): a Latin-1 signature in a UTF-8 page stays readable.
 *   - otherwise: the whole text is decoded as Windows-1252
 *     ("windows-1252"), DOC_REPAIRED, message "invalid UTF-8 at byte
 *     offset N, decoded as Windows-1252", N being the first byte of the
 *     first ill-formed sequence (overlong, surrogate, above U+10FFFF,
 *     truncated or a stray byte).  The five bytes Windows-1252 leaves
 *     undefined map to U+FFFD.
 *   - double-encoded UTF-8 (UTF-8 read as Windows-1252 and written out as
 *     UTF-8 again: "sÃ¤ger", "â€“"): from two such runs in a text on, each
 *     run Windows-1252 maps back to the bytes of one well-formed multi-byte
 *     sequence is decoded again (DOC_REPAIRED, "double-encoded UTF-8
 *     (mojibake): N sequences decoded again"; "â€" before U+FFFD is read
 *     as U+201D, the byte a decoder replaced being 0x9D).
 *   - text that is empty (message "empty file") or only white space
 *     ("only white space": ASCII white space, NEL, NBSP and the other
 *     Unicode spaces, U+2028/U+2029, zero-width space/joiners, word
 *     joiner, BOM) after decoding: DOC_EMPTY, which outranks a repair.
 * Every offset N counts raw bytes from the start, BOM included.  Decoding
 * never fails; OOM exits (xalloc.h).
 */
/* SPDX-License-Identifier: MIT */
#ifndef DECODE_H
#define DECODE_H

#include <stddef.h>

#include "article.h"

struct arena;

/* Decode art->raw[0..raw_len), which must be NUL-terminated at raw_len,
 * and set art->encoding, status, message, text and text_len (text
 * NUL-terminated: valid UTF-8 in place, pointing into raw, else from 'a';
 * NULL for binary).  With art->raw_utf8 set the bytes are not checked
 * again.  A status already worse than DOC_REPAIRED on entry is left
 * alone and nothing is done; DOC_REPAIRED on entry (an earlier stage
 * mended the bytes, e.g. a truncated gzip file) stays at least that, and
 * its message comes first. */
void decode_article(struct arena *a, struct article *art);

/* True if s[0..len) is valid UTF-8 (no overlongs, surrogates or code points
 * above U+10FFFF).  On false, *bad is the offset of the first bad byte. */
int decode_valid_utf8(const unsigned char *s, size_t len, size_t *bad);

/* The string s itself if it is valid UTF-8, else a copy in *buf (grown as
 * needed, *cap its size; the caller frees it) with each byte that is not
 * part of a valid sequence written "\xNN": a file name or archive id in
 * another encoding, for a table that is always UTF-8, its raw bytes
 * recoverable from the escapes (output.c, db.c). */
const char *decode_escape_invalid(const char *s, char **buf, size_t *cap);

#endif
