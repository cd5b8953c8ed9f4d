/*
 * input.h - stage 1: find the documents named on the command line and read
 * each one whole.
 *
 * Arguments are files, folders (walked recursively, entries in bytewise
 * sorted order, hidden entries skipped) or "-" for standard input.  The
 * doc_id is the path as given; below a folder it is the folder as given
 * joined with the relative path.  Inside a folder, subfolders named
 * *.expected are skipped: they hold `utdrag check` expectations.  Folders are walked lazily, one
 * directory listing at a time, so memory does not grow with the number of
 * files.  A path that cannot be read still yields a document, with status
 * DOC_ERROR and a message: the batch goes on.
 */
/* SPDX-License-Identifier: MIT */
#ifndef INPUT_H
#define INPUT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "archive.h"
#include "article.h"

struct arena;
struct input;

/* Start reading the documents named by paths[0..n) (borrowed; must outlive
 * the input).  Documents larger than max_size bytes are DOC_SKIPPED.  A
 * path that archive_format_of(path, ao) calls an archive (JSON Lines or
 * CSV, maybe gzipped) gives one document per record: doc_id is the record's
 * id, else "PATH:LINE"; a malformed record is a DOC_ERROR document and the
 * archive goes on.  'ao' is borrowed; NULL reads every path as one
 * article (no archives).  Caller frees with input_free(). */
struct input *input_new(const char *const *paths, size_t n, size_t max_size,
                        const struct archive_opts *ao);
void input_free(struct input *in);

/* Fill *art with the next document (strings and bytes from 'a', valid
 * until arena_reset()).  Returns false when there
 * are no more documents.  Errors are reported through diag and recorded in
 * art->status/message. */
bool input_next(struct input *in, struct arena *a, struct article *art);

/* The records the archives read so far skipped (WARC requests,
 * metadata, non-2xx and non-text responses ...), summed; call before
 * input_free(). */
void input_skipped(const struct input *in, struct archive_skips *out);

/* How many documents paths[0..n) hold (files below folders counted), or 0
 * if that is unknown or costly (standard input, archives). */
unsigned long input_count(const char *const *paths, size_t n,
                          const struct archive_opts *ao);

/* A digest of the list paths[0..n), for run.info and `utdrag merge`: the
 * 64-bit FNV-1a hash of the paths, sorted bytewise, each ended by a NUL.
 * Only the names are hashed, never the contents: a batch run again after
 * its files changed has the same digest.  With 'resolve', each path is
 * first resolved with realpath(), so arch, ./arch, arch/ and /abs/arch
 * agree (a path that does not resolve, and "-", count as written);
 * without, each counts as written less its trailing slashes, the spelling
 * that doc_ids, and so shards, follow (arch/ and arch agree, ./arch does
 * not).  Cannot fail. */
uint64_t input_digest(const char *const *paths, size_t n, bool resolve);

#endif
