/*
 * html.h - stage 1b for web pages: an HTML page -> its article as text.
 *
 * Bytes -> charset (BOM, HTTP hint, <meta> prescan, else UTF-8 repaired as
 * decode.h does) -> UTF-8 -> libxml2's HTML parser -> the main content
 * block (itemprop=articleBody, <article>, <main>, else the densest block)
 * -> plain text laid out in lines and paragraphs, plus title, URL, date.
 * Everything returned comes from the caller's arena; libxml2's tree is
 * freed before html_page() returns.  No shared mutable state: any number
 * of threads may call html_page() at once, each with its own arena.
 */
/* SPDX-License-Identifier: MIT */
#ifndef HTML_H
#define HTML_H

#include <stdbool.h>
#include <stddef.h>

#include "article.h"

struct arena;

/* What html_page() found.  Every pointer is valid until arena_reset(). */
struct html_page {
    /* UTF-8 without NUL, NUL-terminated, never NULL: the headline as the
     * first line, a blank line, then the body.  Paragraph-like blocks (p,
     * h1-h6, blockquote, pre, table, section, article, main, lists) are
     * separated by a blank line; li, tr, td, th, dt, dd, div and br end a
     * line (so each table cell is a line of its own).  Inline elements
     * join without a break; runs of white space (NBSP and the other
     * Unicode spaces included) become one space; inside <pre> a line break
     * stays one.  Lines carry no leading or trailing space; never two
     * blank lines in a row; non-empty text ends with exactly one '\n'.
     * "" when there is no text at all.  Left out: script, style, nav,
     * header, footer, aside, form (unless it wraps the page), figure and
     * figcaption, hidden elements, link lists, and blocks whose class or
     * id says cookie banner, comments, share, related ... (html.c). */
    const char *text;
    size_t text_len;
    /* Offset in text where the body starts (after headline + blank line);
     * 0 if there is no headline; text_len if there is only a headline. */
    size_t body_off;
    /* The headline: the first h1 of the main content, else og:title, else
     * <title> without a trailing " | Site" suffix, else the page's first
     * h1; white space collapsed.  NULL if none. */
    const char *title;
    /* <link rel=canonical href>, else og:url; NULL if none. */
    const char *url;
    /* article:published_time, else JSON-LD "datePublished", else the first
     * <time datetime>, else a common date <meta> (date, DC.date, pubdate
     * ...); as the page gives it, trimmed.  NULL if none. */
    const char *date;
    /* The charset the bytes were read in, lower case: "utf-8",
     * "windows-1252", "utf-16le", "shift_jis" ...  "binary" for a binary
     * payload.  Labels browsers read as Windows-1252 (iso-8859-1, latin1,
     * us-ascii) are read and reported as "windows-1252". */
    const char *encoding;
    /* DOC_OK; DOC_REPAIRED if bytes were repaired, a charset fell back or
     * libxml2's limits cut the parse (what was parsed is kept); DOC_EMPTY
     * if there is no body text (a headline may still be there); DOC_SKIPPED
     * for a binary payload (a NUL byte) or a page over 2 GiB; DOC_ERROR if
     * libxml2 parsed nothing. */
    enum doc_status status;
    /* NULL if status is DOC_OK, else one line saying why, for example
     * "unknown charset \"x-foo\", read as UTF-8" or "binary payload (NUL
     * byte at offset 12)". */
    const char *message;
};

/* One-time process set-up: call before any thread starts (main does), and
 * html_global_cleanup() once at exit, after the last html_page().
 * libxml2 itself is loaded (dynlib.h) and set up by the first html_page()
 * of a run, which also routes its generic error output to a function that
 * prints nothing, in every thread: html.c is the only user of libxml2 in
 * the program.  If it cannot be loaded, every page is DOC_ERROR ("cannot
 * load libxml2.so.2: why"). */
void html_global_init(void);
void html_global_cleanup(void);

/* Does s[0..n) look like an HTML page?  True if, after an optional UTF-8
 * BOM, white space and HTML comments, it starts (case-insensitively) with
 * "<!doctype html", "<html", "<head", "<body" or "<meta".  Reads at most
 * the first 1 KiB; s may be NULL when n is 0. */
bool html_sniff(const unsigned char *s, size_t n);

/* Turn the page raw[0..len) into text and metadata in *out (see struct
 * html_page); raw need not be NUL-terminated and is only read.
 * charset_hint (may be NULL) is the charset an HTTP header (a WARC record)
 * gave; it wins over <meta> but not over a BOM.  Everything lands in 'a'.
 * Cannot fail: bad input gives a status and a message (OOM exits, see
 * xalloc.h).  Memory and time are linear in len: libxml2's depth limit
 * (256 elements) and text-node limit (10,000,000 bytes) stay on. */
void html_page(struct arena *a, const unsigned char *raw, size_t len,
               const char *charset_hint, struct html_page *out);

/* html_page(), knowing the labels of the metadata blocks the rules read
 * (labels[0..n_labels), e.g. "Tema", "Svensk partner", "Tags"): a block of
 * links that content selection would drop as a link list is kept when it
 * opens with such a label or follows an element holding only one (tag
 * and partner values are links on many sites). */
void html_page_labels(struct arena *a, const unsigned char *raw, size_t len,
                      const char *charset_hint, const char *const *labels,
                      size_t n_labels, struct html_page *out);

#endif
