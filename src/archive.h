/*
 * archive.h - stage 1 helper: read many articles out of one archive file.
 *
 * An archive is JSON Lines (one object per line), CSV (RFC 4180, header
 * row) or WARC (web archive, see warc.h), plain or gzip-compressed
 * (recognised by its magic bytes, whatever the name).  Each record yields
 * an id, the article text and, for JSONL and WARC, optional url and date.
 * A malformed record becomes an error record and reading goes on; only I/O
 * and decompression errors end an archive early.
 */
/* SPDX-License-Identifier: MIT */
#ifndef ARCHIVE_H
#define ARCHIVE_H

#include <stdbool.h>
#include <stddef.h>

enum archive_format {
    ARCH_NONE,                  /* not an archive: an ordinary article */
    ARCH_JSONL,
    ARCH_CSV,
    ARCH_WARC,
};

/* Field and column names; NULL means the default in brackets.  The strings
 * are borrowed and must outlive every archive opened with them. */
struct archive_opts {
    enum archive_format format; /* ARCH_NONE: decide by file name */
    const char *id_field;       /* JSONL ["id"] */
    const char *text_field;     /* JSONL ["text"] */
    const char *url_field;      /* JSONL ["url"], optional in records */
    const char *date_field;     /* JSONL ["date"], optional in records */
    const char *id_column;      /* CSV ["id"] */
    const char *text_column;    /* CSV ["text"] */
    const char *url_column;     /* CSV ["url"], optional column */
    const char *date_column;    /* CSV ["date"], optional column */
};

struct archive;

/* One record.  Strings point into the archive and stay valid until the
 * next archive_next() or archive_close().  Fields marked WARC are zero for
 * JSONL and CSV. */
struct archive_rec {
    unsigned long line;         /* 1-based line where the record starts;
                                   for an error, the line of the error */
    unsigned long col;          /* error column (1-based byte or, for JSON,
                                   character), or 0 if none */
    const char *id;             /* NUL-terminated; NULL if the record has
                                   none (absent, null or empty) */
    const char *text;           /* article bytes, NUL-terminated, but may
                                   hold NULs (JSON \u0000, CSV bytes) and,
                                   for CSV, invalid UTF-8; NULL on error */
    bool text_utf8;             /* text is valid UTF-8 (JSON Lines) */
    size_t text_len;            /* bytes, excluding the final NUL */
    const char *url;            /* JSONL field, CSV column or WARC
                                   header; NULL if absent */
    const char *date;           /* likewise; NULL if absent */
    const char *error;          /* NULL, or why the record is rejected:
                                   text without location, e.g. "no \"text\"
                                   field"; report it at line:col */
    bool too_large;             /* with error: the record was longer than
                                   max_record (skipped, like a big file) */
    bool html;                  /* WARC: the payload is HTML (its content
                                   type says so, or it has none and its
                                   first tag looks like HTML) */
    const char *charset;        /* WARC: the charset= parameter of the
                                   payload's content type, lower-cased;
                                   NULL if absent or not a plain token */
    unsigned long long offset;  /* WARC: where the record starts in the
                                   file (see offset_in_data) */
    bool offset_in_data;        /* WARC: offset counts uncompressed bytes
                                   (a .warc.gz record that does not start
                                   a gzip member); else it is a file
                                   offset (plain WARC: the "WARC/" line;
                                   .warc.gz: the record's gzip member, as
                                   CDX indexes give it) */
};

/* Records of a WARC that are not documents, by kind.  Each record counts
 * once, under the first reason found (in this order); a record whose
 * block runs past the end of the file is an error record instead. */
struct archive_skips {
    unsigned long warcinfo;     /* WARC-Type: warcinfo */
    unsigned long request;      /* WARC-Type: request */
    unsigned long metadata;     /* WARC-Type: metadata */
    unsigned long revisit;      /* WARC-Type: revisit (no payload) */
    unsigned long other_type;   /* conversion, continuation, unknown */
    unsigned long not_2xx;      /* HTTP response status not 200-299 */
    unsigned long not_text;     /* payload not HTML, XHTML or plain text */
    unsigned long encoding;     /* HTTP Content-Encoding other than gzip,
                                   x-gzip, deflate and identity (br ...) */
    unsigned long blank_lines;  /* JSON Lines: blank lines (no record) */
};

/* The format of 'path': o->format if it is set, else by the name's ending,
 * case ignored: .jsonl, .ndjson, .jsonl.gz, .ndjson.gz give ARCH_JSONL;
 * .csv and .csv.gz give ARCH_CSV; .warc and .warc.gz give ARCH_WARC;
 * anything else (and "-") ARCH_NONE.  'o' may be NULL. */
enum archive_format archive_format_of(const char *path,
                                      const struct archive_opts *o);

/* Open 'path' ("-" is standard input, left open by archive_close()) as an
 * archive of format 'f' (not ARCH_NONE).  'o' (may be NULL) is borrowed.
 * A record longer than max_record bytes (JSONL: the line without its LF;
 * CSV: the row as stored, without its final line end; WARC: the payload,
 * see archive_next()) is returned as an error record with too_large set.  Returns NULL with errno set if the
 * file cannot be opened (EISDIR for a folder); nothing is reported.
 * Caller frees with archive_close(). */
struct archive *archive_open(const char *path, enum archive_format f,
                             const struct archive_opts *o, size_t max_record);

/* Read the next record into *rec.  Returns 1 for a record (check
 * rec->error), 0 at the end of the archive, or -1 on a read or
 * decompression error: errno is set, rec->error says what happened (such
 * as zlib's "unexpected end of file" for a truncated .gz) and rec->line
 * where; the archive then ends.  Nothing is reported.
 *
 * JSONL: blank lines are skipped and a CR before the LF is ignored; a UTF-8
 * BOM at the start of the archive is skipped.  The line must be a JSON
 * object (an error record otherwise, such as "invalid JSON: ..." with the
 * column).  The id is a string or an integer, written in decimal; the
 * text must be a string, with its escapes decoded (\u0000 gives a NUL
 * byte); url and date are used only when they are strings without NULs.
 *
 * CSV: the first row names the columns (a UTF-8 BOM before it is skipped);
 * names match exactly, the first of duplicates wins.  Without the id
 * column every id is NULL; without the text column the archive yields one
 * error record for line 1 and ends.  Fields are kept byte for byte (spaces
 * included); quoted fields may hold commas, doubled quotes and line ends.
 * A row with more or fewer fields than the header is an error record.
 * Quoting is checked strictly: a quote inside an unquoted field, text after
 * a closing quote or a quote left open at the end of the archive is an
 * error record, and reading resumes at the next line (a wrong quote can
 * thus turn the lines after it into further error records).  An error in
 * the header row ends the archive.  A too-large row is skipped up to its
 * real end, quoted line ends included.
 *
 * WARC: one record per document: a response record (HTTP status 2xx; the
 * body after the HTTP head, chunked transfer coding and gzip, x-gzip or
 * deflate content coding removed) or a resource record (the block as it
 * is) whose payload content type is text/html, application/xhtml+xml or
 * text/plain, or is missing (then WARC-Identified-Payload-Type, else the
 * payload must start like HTML).  A response whose WARC Content-Type is
 * not application/http (dns: records ...) is read like a resource.  Other
 * records are skipped and counted (archive_skipped()).  The text is the
 * payload byte for byte: any encoding, maybe NULs; text_utf8 is false.
 * id is WARC-Record-ID without its angle brackets ("urn:uuid:..."), or
 * NULL if absent; url is WARC-Target-URI (angle brackets dropped), date
 * WARC-Date as written.  line is the 1-based line of the record's "WARC/"
 * line in the uncompressed data and col is 0; the doc_id fallback
 * "PATH:LINE" thus names a line of `zcat FILE`.  Error records keep id,
 * url, date and offset when the WARC header could be read.
 *
 * WARC bad input, each an error record unless said otherwise: no
 * "WARC/1.x" version line where a record should start (garbage; reading
 * resumes at the next line that is one), a header block longer than
 * WARC_HEAD_MAX (resumes at the first version line after the
 * WARC_HEAD_MAX bytes searched), a NUL or a line without a colon in it,
 * no or an invalid Content-Length (these resume at the next version line
 * after the header), no WARC-Type (the block is skipped); a block running past the end of the file (then the end); an HTTP
 * head without a valid status line or longer than WARC_HEAD_MAX; a bad
 * chunk size; corrupt compressed content, or chunked or compressed content
 * cut short unless the record says WARC-Truncated; a payload longer than
 * max_record, before or after decoding (too_large; the HTTP body as stored
 * is compared before decoding, so a decompression bomb stops at
 * max_record bytes).  A body with "Transfer-Encoding: chunked" whose first
 * line is not a chunk size, or with "Content-Encoding: gzip" that does not
 * start with gzip's magic bytes, is taken as it is (writers that store the
 * body decoded but keep the header).  Blank lines between records are
 * ignored, the missing "\r\n\r\n" after a block too.  A truncated or
 * corrupt gzip member, or data after the last member that is not gzip,
 * ends the archive with -1 (zlib's message and the member's offset in
 * rec->error); the records before it are returned. */
int archive_next(struct archive *ar, struct archive_rec *rec);

/* The records of 'ar' skipped so far because they are not documents, into
 * *out (all zero for JSONL and CSV).  Call it before archive_close(). */
void archive_skipped(const struct archive *ar, struct archive_skips *out);

/* Close the file and free everything; NULL is a no-op. */
void archive_close(struct archive *ar);

#endif
