/*
 * normalize.h - stage 2: bring decoded text to the one form rules see.
 *
 * Input must be valid UTF-8 (decode.h guarantees it).  A text holding two
 * or more HTML character references ("&ndash;", "&auml;", "&#8221;": text
 * copied from a page's source or an RSS/JSON field) is read with them
 * decoded first (not "&#10;"/"&#13;", nor invalid code points).  Output, by
 * the one mapping table in normalize.c:
 *   - NFC (utf8proc; UTF8PROC_CHARBOUND is never used);
 *   - CRLF and lone CR become LF; U+2028/U+2029 become LF;
 *   - tab, NBSP and every Unicode space separator (Zs) become U+0020;
 *     the spaces that open a line are removed (indentation);
 *   - Markdown's marks go, their text stays: "## " or "> " opening a line,
 *     "**" and "__", a link's "[text](url)" (its text);
 *   - soft hyphen, zero-width space/joiners, word joiner, BOM, and every
 *     other control or format character are removed (LF kept);
 *   - U+2012-U+2015 and U+2212 become EN DASH U+2013; U+2010/U+2011 "-";
 *     "--" between spaces or opening a line becomes U+2013 too;
 *   - “ ” „ ‟ ″ become '"', ‘ ’ ‚ ‛ ′ become "'"; guillemets stay.
 *   - a text wrapped at a width (50-100 columns: html2text, lynx -dump,
 *     e-mail) has each line break the width forced (the next line's first
 *     word would not have fitted) turned into a space, so its paragraphs
 *     are lines as in an unwrapped text; a break before a dash, bullet,
 *     list number or label, and any break in a text showing no width, stay.
 *   - in a line of more than 1000 bytes (paragraphs run together by an
 *     archive that flattened the text), the space between a sentence's end
 *     and a dialogue dash or an opening quotation mark before a capital
 *     becomes a line break, and so does the space after the sentence of
 *     such speech that carries its attribution (a comma, one to three
 *     lower-case words and a capital: ", säger Anna Berg.") before a
 *     capital; the new lines keep the line's src_line.
 * Line breaks map one to one otherwise, so norm.lines[] records for every
 * output line the byte offset and 1-based line number it came from in the
 * original (a joined line, its first).  Line numbers count LF, CRLF and
 * lone CR (as Python's universal newlines do); U+2028/U+2029 end an output
 * line but not a line of the file, so the line after one keeps its
 * src_line.  Text ending in a
 * line break has a last, empty line; empty text has one empty line.
 */
/* SPDX-License-Identifier: MIT */
#ifndef NORMALIZE_H
#define NORMALIZE_H

#include <stddef.h>
#include <stdint.h>

#include "article.h"

struct arena;

/* Normalize src[0..len) into memory from 'a' and fill *out (text and
 * lines valid until arena_reset(); out->n_lines >= 1).  Cannot fail; each
 * byte of invalid UTF-8 on input (a caller bug) becomes U+FFFD rather than
 * being read out of bounds.  src may hold NUL bytes; they are removed. */
void norm_text(struct arena *a, const char *src, size_t len,
               struct norm_text *out);

/* Does s[0..n) open with a capital (upper- or title-case) letter, or a
 * lower-case one, in any script ("Å", "Ž", "Д"; "å", "д")?  One test for
 * every stage. */
bool norm_opens_upper(const char *s, size_t n);
bool norm_opens_lower(const char *s, size_t n);

/* Where t[from..end) ends without the closing quotation marks after its
 * last word (" ' ” ’ »): the byte after a sentence's stop, if it has one.
 * Shared by the stages that look for sentence ends in text. */
size_t norm_before_closing(const char *t, size_t from, size_t end);

/* Index into nt->lines of the line holding byte offset 'off': the last line
 * starting at or before it.  The LF ending a line belongs to that line; an
 * offset at or past nt->len gives the last line.  nt->n_lines must be at
 * least 1 (norm_text() guarantees it). */
size_t norm_line_index(const struct norm_text *nt, size_t off);

/* Renumber the lines of nt so that line index 'first' is line 1 and the
 * lines before it are line 0: a web page's headline and the blank line
 * after it are page context above the article, whose lines `line`
 * columns count (and `normalize` prints).  No-op if first >= n_lines. */
void norm_number_from(struct norm_text *nt, size_t first);

/* 1-based original line number of byte offset 'off' of the norm text, or
 * 0 for a zeroed struct norm_text (no lines). */
uint32_t norm_src_line(const struct norm_text *nt, size_t off);

/* Matching key of s[0..len), for gazetteer lookups: compare keys with
 * strcmp().  The key is case folded (utf8proc CASEFOLD); decomposed (NFD)
 * with every nonspacing mark, control and format character dropped, so
 * "Västerås" and "Vasteras" agree, and so do "Київ" and "Киів"; within a
 * word that has a Latin letter, Cyrillic and Greek letters that look like
 * Latin ones become Latin ("Vіnnytsia" with U+0456), while an all-Cyrillic
 * word stays Cyrillic.  Words are separated by runs of white space,
 * hyphens, dashes (Pd, U+2212) and apostrophes (' ` ´ ʼ ‘ ’ ‛ ′), each run
 * becoming one space; leading and trailing ones are trimmed.  Invalid
 * UTF-8 bytes become U+FFFD.  Returns a NUL-terminated string from 'a'
 * (valid until arena_reset()) and sets *out_len unless it is NULL. */
char *norm_key(struct arena *a, const char *s, size_t len, size_t *out_len);

/* s[0..len) case-folded and in NFC, diacritics kept ("HÅBO" -> "håbo",
 * "Habo" -> "habo"): what tells apart two names with the same norm_key().
 * Invalid UTF-8 is copied as it is.  From 'a'. */
char *norm_fold(struct arena *a, const char *s, size_t len);

#endif
