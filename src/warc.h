/*
 * warc.h - stage 1 helper: read the documents of a WARC 1.0/1.1 file.
 *
 * archive.c calls this for ARCH_WARC; nothing else needs to.  The file is
 * plain or gzip (recognised by its magic bytes, whatever the name), one
 * member per record as crawlers write it or one member for all.  Documents
 * are the response and resource records whose payload is HTML, XHTML or
 * plain text; every other record is skipped and counted.  Memory stays
 * bounded by max_record per record, whatever the input.
 */
/* SPDX-License-Identifier: MIT */
#ifndef WARC_H
#define WARC_H

#include <stddef.h>

#include "archive.h"

struct warc;

enum {
    WARC_HEAD_MAX = 64 * 1024,  /* most bytes in a WARC header block (its
                                   version line included) and, separately,
                                   in the HTTP head of a response */
};

/* Read the WARC on file descriptor 'fd' (takes ownership: warc_close()
 * closes it).  Records whose payload is longer than max_record bytes are
 * error records with too_large set.  Cannot fail (OOM exits).  Caller
 * frees with warc_close(). */
struct warc *warc_open_fd(int fd, size_t max_record);

/* The same over data[0..len), borrowed until warc_close() (the fuzzer and
 * the unit tests read from memory). */
struct warc *warc_open_mem(const void *data, size_t len, size_t max_record);

/* Read the next document into *rec, as archive_next() does (see the WARC
 * part of archive.h for what each field holds and for the bad input
 * contract).  Returns 1 for a document or an error record, 0 at the end,
 * -1 on a read or gzip error (rec->error says what and where; the archive
 * ends).  Skipped records are never returned, only counted. */
int warc_next(struct warc *w, struct archive_rec *rec);

/* The skipped records so far, by kind, into *out. */
void warc_skipped(const struct warc *w, struct archive_skips *out);

/* Close the file descriptor and free everything; NULL is a no-op. */
void warc_close(struct warc *w);

#endif
