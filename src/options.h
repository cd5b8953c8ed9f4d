/*
 * options.h - the command line: one option table drives getopt_long and
 * the --help text.
 *
 * utdrag COMMAND [OPTIONS] ARG...
 * Parsing never exits: it returns OPTS_HELP, OPTS_VERSION, OPTS_ERROR
 * (after printing a two-line usage hint through diag) or OPTS_RUN.
 */
/* SPDX-License-Identifier: MIT */
#ifndef OPTIONS_H
#define OPTIONS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "archive.h"
#include "graph.h"
#include "output.h"

enum opts_command {
    CMD_EXTRACT,
    CMD_NORMALIZE,
    CMD_RULES_TEST,
    CMD_RULES_LINT,
    CMD_CHECK,
    CMD_MERGE,
    CMD_EXPLAIN,
    CMD_GRAPH,
    CMD_EXPORT,
};

enum opts_result {
    OPTS_RUN,
    OPTS_HELP,
    OPTS_VERSION,
    OPTS_ERROR,
};

struct options {
    enum opts_command command;
    const char *output_dir;     /* -o */
    const char *table;          /* -t, default "pairs" */
    const char *format_arg;     /* -f as given (read per command) */
    bool explain_json;          /* explain -f json */
    const char *rule;           /* explain --rule NAME */
    bool table_set;             /* -t was given */
    const char *rules_dir;      /* --rules */
    struct out_opts out;
    bool db;                    /* extract -f sqlite: -o names a database */
    bool prune;                 /* --prune: drop documents not read */
    enum graph_format graph_format; /* graph -f; GRAPH_AUTO: by -o */
    bool strict;
    bool quiet;
    bool no_progress;           /* --no-progress */
    bool summary;               /* --summary: counts on stderr at the end */
    bool update;                /* check --update */
    const char *junit;          /* check --junit FILE */
    bool allow_stale;           /* check --allow-stale: stale documents
                                   of a database do not fail */
    const char *report;         /* extract --report FILE */
    unsigned jobs;              /* -j: worker threads */
    bool stats;                 /* --stats: time per stage */
    unsigned shard_k, shard_n;  /* --shard K/N, made 1-based (1 <= K <= N);
                                   N 0: all */
    bool allow_partial;         /* merge --allow-partial */
    struct archive_opts archive; /* --input-format and field names */
    bool text_only;             /* --input-format text: no archives */
    size_t max_doc_size;
    const char *const *args;    /* positional arguments (borrowed argv) */
    size_t n_args;
};

/* --max-doc-size when not given: 64 MiB. */
#define OPTS_MAX_DOC_SIZE ((size_t)64 << 20)

enum opts_result opts_parse(struct options *o, int argc, char **argv);

/* Full help text to 'f'. */
void opts_help(FILE *f);

#endif
