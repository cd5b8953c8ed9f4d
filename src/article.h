/*
 * article.h - the record that moves between the stages.
 *
 * input fills doc_id, path and the raw bytes; decode sets encoding, status,
 * message and the UTF-8 text; normalize fills norm.  All pointers borrow
 * from the document's arena (or from input's buffer for 'raw') and are
 * valid until arena_reset().  Stages never see each other; main hands the
 * record from one to the next.
 */
/* SPDX-License-Identifier: MIT */
#ifndef ARTICLE_H
#define ARTICLE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Order matters: a worse status has a larger value (see doc_status_worse). */
enum doc_status {
    DOC_OK = 0,
    DOC_REPAIRED,
    DOC_EMPTY,
    DOC_SKIPPED,
    DOC_ERROR,
};

static inline const char *doc_status_name(enum doc_status s)
{
    static const char *const names[] = {
        [DOC_OK] = "ok",           [DOC_REPAIRED] = "repaired",
        [DOC_EMPTY] = "empty",     [DOC_SKIPPED] = "skipped",
        [DOC_ERROR] = "error",
    };
    return (unsigned)s < sizeof names / sizeof *names ? names[s] : "error";
}

/* One line of normalized text and where it came from. */
struct norm_line {
    size_t off;                 /* byte offset of the line in norm text */
    size_t src_off;             /* byte offset of the line in decoded text */
    uint32_t src_line;          /* 1-based line in the original file */
};

/* Normalized text: valid NFC UTF-8, LF line ends, NUL-terminated. */
struct norm_text {
    const char *s;
    size_t len;
    const struct norm_line *lines;  /* n_lines entries, ascending off */
    size_t n_lines;
};

struct article {
    const char *doc_id;         /* as the user named it (see input.h) */
    const char *path;           /* file system path, or "-" for stdin */
    int named;                  /* named on the command line (not found
                                   by walking a folder) */
    const unsigned char *raw;   /* bytes as read, NUL-terminated (the
                                   text may point into them) */
    size_t raw_len;
    bool raw_utf8;              /* raw is known to be valid UTF-8 (a JSON
                                   reader checked it): decode need not */
    bool html;                  /* raw is an HTML page (by its name or
                                   its archive record); main also sniffs */
    const char *charset;        /* charset of raw from an HTTP header (a
                                   WARC record), or NULL */
    const char *url;            /* the article's URL: archive field, WARC
                                   header or the page's canonical link */
    const char *date;           /* its publication date as given */
    const char *title;          /* the page's title (HTML), or NULL: then
                                   the documents row takes the text's */
    bool headline;              /* text opens with a web page's headline
                                   and a blank line (page context, line 0)
                                   before the article */
    const char *encoding;       /* "utf-8", "utf-16le", "windows-1252", ... */
    enum doc_status status;
    const char *message;        /* NULL, or why status is not ok */
    const char *text;           /* decoded UTF-8, NUL-terminated */
    size_t text_len;
    struct norm_text norm;
};

#endif
