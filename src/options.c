/*
 * options.c - the command line (see options.h).
 */
/* SPDX-License-Identifier: MIT */
#include "options.h"

#include <errno.h>
#include <getopt.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "diag.h"

enum {
    OPT_RULES = 256,
    OPT_BOM,
    OPT_NO_GUARD,
    OPT_STRICT,
    OPT_MAX_DOC,
    OPT_SUMMARY,
    OPT_UPDATE,
    OPT_JUNIT,
    OPT_REPORT,
    OPT_STATS,
    OPT_SHARD,
    OPT_INPUT_FORMAT,
    OPT_ID_FIELD,
    OPT_TEXT_FIELD,
    OPT_URL_FIELD,
    OPT_DATE_FIELD,
    OPT_ID_COLUMN,
    OPT_TEXT_COLUMN,
    OPT_URL_COLUMN,
    OPT_DATE_COLUMN,
    OPT_NO_PROGRESS,
    OPT_SHARD_BASE,
    OPT_ALLOW_PARTIAL,
    OPT_RULE,
    OPT_PRUNE,
    OPT_ALLOW_STALE,
};

struct opt_spec {
    int id;                     /* short option character or OPT_* */
    const char *name;
    const char *arg;            /* NULL: takes no argument */
    const char *help;
};

static const struct opt_spec opt_table[] = {
    {'o', "output", "DIR", "write all five tables into DIR (created if "
                           "needed); -f sqlite: the database FILE to "
                           "create or bring up to date; graph: the FILE to "
                           "write (its extension tells the format)"},
    {'t', "table", "TABLE", "without -o: the table to print on standard "
                            "output: documents, pairs (default), quotes, "
                            "speakers or tags; explain: only the hits bound "
                            "for TABLE (or report)"},
    {'f', "format", "FMT", "csv (default), tsv, xlsx (with -o: one "
                           "workbook DIR/utdrag.xlsx of five sheets) or, "
                           "for extract, sqlite (-o FILE: one database, "
                           "brought up to date run after run); "
                           "explain: text (default) or json; graph: "
                           "graphml (default), dot, svg or png"},
    {OPT_RULE, "rule", "NAME", "explain: only the hits of rule NAME"},
    {OPT_INPUT_FORMAT, "input-format", "FMT",
     "read every PATH as: auto (default: *.jsonl[.gz], *.ndjson[.gz] are "
     "JSON Lines, *.csv[.gz] CSV archives, *.warc[.gz] web archives, the "
     "rest articles: HTML by name or content, gzip by content), jsonl, csv, "
     "warc or text"},
    {OPT_ID_FIELD, "id-field", "NAME", "JSON Lines: the id field (id)"},
    {OPT_TEXT_FIELD, "text-field", "NAME", "JSON Lines: the text field "
                                           "(text)"},
    {OPT_URL_FIELD, "url-field", "NAME", "JSON Lines: the url field (url)"},
    {OPT_DATE_FIELD, "date-field", "NAME", "JSON Lines: the date field "
                                           "(date)"},
    {OPT_ID_COLUMN, "id-column", "NAME", "CSV archives: the id column (id)"},
    {OPT_TEXT_COLUMN, "text-column", "NAME", "CSV archives: the text column "
                                             "(text)"},
    {OPT_URL_COLUMN, "url-column", "NAME", "CSV archives: the url column "
                                           "(url), optional"},
    {OPT_DATE_COLUMN, "date-column", "NAME", "CSV archives: the date column "
                                             "(date), optional"},
    {OPT_RULES, "rules", "DIR", "rule directory (default: $UTDRAG_RULES, "
                                "else the installed rules)"},
    {'j', "jobs", "N", "documents processed on N threads (default: the "
                       "number of online CPUs); output is the same for "
                       "any N"},
    {OPT_SHARD, "shard", "K/N", "process only the K-th of N shards (by a "
                                "stable hash of doc_id), for clusters"},
    {OPT_SHARD_BASE, "shard-base", "B", "count --shard's K from 0 or 1 "
                                        "(default 1): --shard 0/4 "
                                        "--shard-base 0 is the first of 4"},
    {OPT_STATS, "stats", NULL, "print time per stage, MB/s and "
                               "documents/s at the end"},
    {OPT_BOM, "bom", NULL, "start CSV/TSV files with a UTF-8 BOM (Excel)"},
    {OPT_NO_GUARD, "no-formula-guard", NULL,
     "do not prefix ' to cells starting with = + - @ tab CR"},
    {OPT_STRICT, "strict", NULL, "exit 1 when any document is not ok"},
    {OPT_MAX_DOC, "max-doc-size", "BYTES",
     "skip documents larger than this (default 67108864; K, M, G "
     "suffixes)"},
    {OPT_REPORT, "report", "FILE", "also write the drift report: rule hits, "
                                   "rules that never fired, documents "
                                   "missing a table, unexplained text"},
    {OPT_ALLOW_PARTIAL, "allow-partial", NULL,
     "merge: when shards are missing, merge those given, name the missing "
     "ones (run.info too) and exit 1"},
    {OPT_SUMMARY, "summary", NULL, "print document and row counts on "
                                   "standard error at the end (-f sqlite: "
                                   "also how many documents were new, "
                                   "changed, unchanged, removed)"},
    {OPT_PRUNE, "prune", NULL, "-f sqlite: remove from the database the "
                               "documents this run did not read"},
    {OPT_UPDATE, "update", NULL, "check: (re)write the expectations from "
                                 "the current output"},
    {OPT_JUNIT, "junit", "FILE", "check: also write the results as JUnit "
                                 "XML"},
    {OPT_ALLOW_STALE, "allow-stale", NULL, "check DB: documents extracted "
                                           "with other rules are reported "
                                           "but do not fail the check"},
    {'q', "quiet", NULL, "no warnings on standard error (errors are "
                         "always shown)"},
    {OPT_NO_PROGRESS, "no-progress", NULL, "no progress line on a terminal"},
    {'h', "help", NULL, "print this help and exit"},
    {'V', "version", NULL, "print the version and exit"},
};
#define N_OPTS (sizeof opt_table / sizeof *opt_table)

static const char usage_text[] =
    "usage: utdrag extract [OPTIONS] PATH...   extract tables from articles\n"
    "       utdrag check [OPTIONS] PATH...     compare with NAME.expected/\n"
    "       utdrag check [OPTIONS] DB...       verify a database of -f sqlite\n"
    "       utdrag merge -o OUT DIR...         combine the tables of runs\n"
    "       utdrag graph [-o FILE] PATH...     draw the partner network\n"
    "       utdrag export [-o DIR] DB          the tables of a database\n"
    "       utdrag normalize [OPTIONS] FILE    print text as rules see it\n"
    "       utdrag explain [OPTIONS] FILE      show each rule hit and its fate\n"
    "       utdrag rules test [DIR]            run the rule examples\n"
    "       utdrag rules lint [DIR]            compile rules, warn on unused\n";

void opts_help(FILE *f)
{
    fputs(usage_text, f);
    fputs("\nPATH is a file, a folder (read recursively in sorted order) "
          "or - for\nstandard input.\n\nOptions:\n", f);
    for (size_t i = 0; i < N_OPTS; i++) {
        const struct opt_spec *s = &opt_table[i];
        char left[64];
        if (s->id < 256)
            snprintf(left, sizeof left, "-%c, --%s%s%s", s->id, s->name,
                     s->arg ? " " : "", s->arg ? s->arg : "");
        else
            snprintf(left, sizeof left, "    --%s%s%s", s->name,
                     s->arg ? " " : "", s->arg ? s->arg : "");
        /* Wrap the help text at 80 columns, indented under itself. */
        const char *h = s->help;
        int col = fprintf(f, "  %-26s", left);
        while (*h) {
            size_t room = col < 78 ? (size_t)(79 - col) : 1;
            size_t n = strlen(h);
            if (n > room) {
                n = room;
                while (n && h[n] != ' ')
                    n--;
                if (!n)
                    n = strcspn(h, " ");
            }
            fprintf(f, " %.*s\n", (int)n, h);
            h += n;
            while (*h == ' ')
                h++;
            if (*h)
                col = fprintf(f, "  %-26s", "");
        }
    }
    fputs("\nExit status: 0 every document was read (ok, empty, repaired, "
          "skipped);\n1 some document had status error (with --strict: any "
          "status but ok;\nmerge --allow-partial: shards were missing; graph: "
          "rows were skipped;\ncheck: a mismatch, or a problem in a "
          "database);\n"
          "2 usage, rule-file or output error; 3 out of memory;\n"
          "129, 130, 143 stopped by SIGHUP, SIGINT, SIGTERM (temporary files "
          "removed).\n", f);
}

static enum opts_result usage_error(const char *what)
{
    diag_error("%s", what);
    diag_note("usage: utdrag extract|check|merge|graph|export|normalize|"
              "explain|rules [OPTIONS] ARG...\nTry 'utdrag --help' for more "
              "information.\n");
    return OPTS_ERROR;
}

static bool parse_size(const char *s, size_t *out)
{
    char *end;
    errno = 0;
    unsigned long long v = strtoull(s, &end, 10);
    if (errno || end == s || *s == '-')
        return false;
    unsigned long long mul = 1;
    if (*end == 'K' || *end == 'k')
        mul = 1024ULL;
    else if (*end == 'M' || *end == 'm')
        mul = 1024ULL * 1024;
    else if (*end == 'G' || *end == 'g')
        mul = 1024ULL * 1024 * 1024;
    if (mul != 1)
        end++;
    if (*end || v == 0 || v > SIZE_MAX / mul)
        return false;
    *out = (size_t)(v * mul);
    return true;
}

/* --shard K/N counted from 'base' (0 or 1; --shard-base may come after
 * --shard, hence a step of its own) into o->shard_k, 1-based. */
static enum opts_result shard_set(struct options *o, const char *arg,
                                  unsigned base)
{
    unsigned k, n;
    char end, msg[160];
    if (sscanf(arg, "%u/%u%c", &k, &n, &end) != 2 || n < 1 || k < base ||
        k > n - 1 + base || strchr(arg, '-') || strchr(arg, '+')) {
        if (base)
            snprintf(msg, sizeof msg, "invalid --shard '%s' (K/N with 1 <= "
                     "K <= N)", arg);
        else
            snprintf(msg, sizeof msg, "invalid --shard '%s' (K/N with 0 <= "
                     "K < N, as --shard-base 0 counts)", arg);
        return usage_error(msg);
    }
    o->shard_k = k + 1 - base;
    o->shard_n = n;
    return OPTS_RUN;
}

static enum opts_result apply(struct options *o, int id, const char *arg,
                              const char **shard, unsigned *shard_base)
{
    char msg[256];
    switch (id) {
    case 'o':
        o->output_dir = arg;
        break;
    case 't':
        o->table = arg;
        o->table_set = true;
        break;
    case 'f':
        o->format_arg = arg;    /* read once the command is known */
        break;
    case OPT_RULE:
        o->rule = arg;
        break;
    case OPT_RULES:
        o->rules_dir = arg;
        break;
    case OPT_BOM:
        o->out.bom = true;
        break;
    case OPT_NO_GUARD:
        o->out.formula_guard = false;
        break;
    case OPT_STRICT:
        o->strict = true;
        break;
    case OPT_MAX_DOC:
        if (!parse_size(arg, &o->max_doc_size)) {
            snprintf(msg, sizeof msg, "invalid --max-doc-size '%s'", arg);
            return usage_error(msg);
        }
        break;
    case OPT_SUMMARY:
        o->summary = true;
        break;
    case OPT_PRUNE:
        o->prune = true;
        break;
    case OPT_UPDATE:
        o->update = true;
        break;
    case OPT_JUNIT:
        o->junit = arg;
        break;
    case OPT_ALLOW_STALE:
        o->allow_stale = true;
        break;
    case OPT_REPORT:
        o->report = arg;
        break;
    case OPT_STATS:
        o->stats = true;
        break;
    case OPT_INPUT_FORMAT:
        if (strcmp(arg, "auto") == 0) {
            o->archive.format = ARCH_NONE;
            o->text_only = false;
        } else if (strcmp(arg, "jsonl") == 0) {
            o->archive.format = ARCH_JSONL;
        } else if (strcmp(arg, "csv") == 0) {
            o->archive.format = ARCH_CSV;
        } else if (strcmp(arg, "warc") == 0) {
            o->archive.format = ARCH_WARC;
        } else if (strcmp(arg, "text") == 0) {
            o->text_only = true;
        } else {
            snprintf(msg, sizeof msg, "unknown --input-format '%s' (auto, "
                     "jsonl, csv, warc or text)", arg);
            return usage_error(msg);
        }
        break;
    case OPT_ID_FIELD:
        o->archive.id_field = arg;
        break;
    case OPT_TEXT_FIELD:
        o->archive.text_field = arg;
        break;
    case OPT_URL_FIELD:
        o->archive.url_field = arg;
        break;
    case OPT_DATE_FIELD:
        o->archive.date_field = arg;
        break;
    case OPT_ID_COLUMN:
        o->archive.id_column = arg;
        break;
    case OPT_TEXT_COLUMN:
        o->archive.text_column = arg;
        break;
    case OPT_URL_COLUMN:
        o->archive.url_column = arg;
        break;
    case OPT_DATE_COLUMN:
        o->archive.date_column = arg;
        break;
    case 'j': {
        size_t n;
        if (!parse_size(arg, &n) || n > 1024 || strpbrk(arg, "KkMmGg")) {
            snprintf(msg, sizeof msg, "invalid -j '%s' (1 to 1024)", arg);
            return usage_error(msg);
        }
        o->jobs = (unsigned)n;
        break;
    }
    case OPT_SHARD:
        *shard = arg;           /* checked at the end: see shard_set() */
        break;
    case OPT_SHARD_BASE:
        if (strcmp(arg, "0") != 0 && strcmp(arg, "1") != 0) {
            snprintf(msg, sizeof msg, "invalid --shard-base '%s' (0 or 1)",
                     arg);
            return usage_error(msg);
        }
        *shard_base = (unsigned)(arg[0] - '0');
        break;
    case OPT_ALLOW_PARTIAL:
        o->allow_partial = true;
        break;
    case 'q':
        o->quiet = true;
        break;
    case OPT_NO_PROGRESS:
        o->no_progress = true;
        break;
    case 'h':
        return OPTS_HELP;
    case 'V':
        return OPTS_VERSION;
    default:
        return usage_error("unknown option");
    }
    return OPTS_RUN;
}


/* The commands each option belongs to (bits of enum opts_command); an option
 * given to another command is a usage error, not silently ignored
 * (`extract --junit x.xml` wrote nothing).  Options not listed belong to
 * every command. */
#define C_(c) (1u << (c))
#define C_RUN (C_(CMD_EXTRACT) | C_(CMD_CHECK))
static const struct {
    int id;
    unsigned cmds;
} opt_cmds[] = {
    {'o', C_(CMD_EXTRACT) | C_(CMD_MERGE) | C_(CMD_GRAPH) | C_(CMD_EXPORT)},
    {'t', C_(CMD_EXTRACT) | C_(CMD_EXPLAIN) | C_(CMD_EXPORT)},
    {'f', C_(CMD_EXTRACT) | C_(CMD_EXPLAIN) | C_(CMD_GRAPH) |
              C_(CMD_EXPORT)},
    {OPT_RULE, C_(CMD_EXPLAIN)},
    {OPT_INPUT_FORMAT, C_RUN},
    {OPT_ID_FIELD, C_RUN},
    {OPT_TEXT_FIELD, C_RUN},
    {OPT_URL_FIELD, C_RUN},
    {OPT_DATE_FIELD, C_RUN},
    {OPT_ID_COLUMN, C_RUN},
    {OPT_TEXT_COLUMN, C_RUN},
    {OPT_URL_COLUMN, C_RUN},
    {OPT_DATE_COLUMN, C_RUN},
    {OPT_RULES, C_RUN | C_(CMD_NORMALIZE) | C_(CMD_RULES_TEST) |
                    C_(CMD_RULES_LINT) | C_(CMD_EXPLAIN)},
    {'j', C_RUN},
    {OPT_SHARD, C_(CMD_EXTRACT)},
    {OPT_SHARD_BASE, C_(CMD_EXTRACT)},
    {OPT_ALLOW_PARTIAL, C_(CMD_MERGE)},
    {OPT_STATS, C_RUN},
    {OPT_BOM, C_(CMD_EXTRACT) | C_(CMD_EXPORT)},
    {OPT_NO_GUARD, C_(CMD_EXTRACT) | C_(CMD_EXPORT)},
    {OPT_STRICT, C_RUN},
    {OPT_MAX_DOC, C_RUN | C_(CMD_NORMALIZE) | C_(CMD_EXPLAIN)},
    {OPT_REPORT, C_(CMD_EXTRACT)},
    {OPT_SUMMARY, C_(CMD_EXTRACT)},
    {OPT_PRUNE, C_(CMD_EXTRACT)},
    {OPT_UPDATE, C_(CMD_CHECK)},
    {OPT_JUNIT, C_(CMD_CHECK)},
    {OPT_ALLOW_STALE, C_(CMD_CHECK)},
    {OPT_NO_PROGRESS, C_RUN},
};

/* The name of option id, as the user writes it. */
static const char *opt_name(int id)
{
    for (size_t i = 0; i < N_OPTS; i++)
        if (opt_table[i].id == id)
            return opt_table[i].name;
    return "?";
}

static const char *command_name(enum opts_command c)
{
    switch (c) {
    case CMD_EXTRACT: return "extract";
    case CMD_CHECK: return "check";
    case CMD_MERGE: return "merge";
    case CMD_NORMALIZE: return "normalize";
    case CMD_EXPLAIN: return "explain";
    case CMD_RULES_TEST: return "rules test";
    case CMD_RULES_LINT: return "rules lint";
    case CMD_GRAPH: return "graph";
    case CMD_EXPORT: return "export";
    }
    return "?";
}

/* -f for o's command: csv, tsv or xlsx; explain: text or json; graph:
 * graphml, dot, svg or png. */
static enum opts_result format_set(struct options *o)
{
    const char *arg = o->format_arg;
    char msg[256];

    if (!arg)
        return OPTS_RUN;
    if (o->command == CMD_GRAPH) {
        o->graph_format = graph_format_named(arg);
        if (o->graph_format != GRAPH_AUTO)
            return OPTS_RUN;
        snprintf(msg, sizeof msg, "graph: unknown format '%s' (graphml, dot, "
                 "svg or png)", arg);
        return usage_error(msg);
    }
    if (o->command == CMD_EXPLAIN) {
        if (strcmp(arg, "text") == 0 || strcmp(arg, "json") == 0) {
            o->explain_json = arg[0] == 'j';
            return OPTS_RUN;
        }
        snprintf(msg, sizeof msg, "unknown format '%s' for explain (text or "
                 "json)", arg);
        return usage_error(msg);
    }
    if (strcmp(arg, "csv") == 0) {
        o->out.format = OUT_CSV;
    } else if (strcmp(arg, "tsv") == 0) {
        o->out.format = OUT_TSV;
    } else if (strcmp(arg, "xlsx") == 0) {
        o->out.format = OUT_XLSX;
    } else if (strcmp(arg, "sqlite") == 0 && o->command == CMD_EXTRACT) {
        o->db = true;
    } else if (strcmp(arg, "sqlite") == 0) {
        snprintf(msg, sizeof msg, "format 'sqlite' is for 'extract' (%s: "
                 "csv, tsv or xlsx)", command_name(o->command));
        return usage_error(msg);
    } else if (graph_format_named(arg) != GRAPH_AUTO) {
        snprintf(msg, sizeof msg, "format '%s' is for 'graph' (%s: csv, tsv "
                 "or xlsx)", arg, command_name(o->command));
        return usage_error(msg);
    } else {
        snprintf(msg, sizeof msg, "unknown format '%s' (%s)", arg,
                 o->command == CMD_EXTRACT ? "csv, tsv, xlsx or sqlite"
                                           : "csv, tsv or xlsx");
        return usage_error(msg);
    }
    return OPTS_RUN;
}

/* A usage error if an option of seen[0..n) does not belong to cmd. */
static enum opts_result check_belongs(const int *seen, size_t n,
                                      enum opts_command cmd)
{
    for (size_t i = 0; i < n; i++)
        for (size_t k = 0; k < sizeof opt_cmds / sizeof *opt_cmds; k++)
            if (opt_cmds[k].id == seen[i] &&
                !(opt_cmds[k].cmds & C_(cmd))) {
                char msg[160];
                snprintf(msg, sizeof msg, "option --%s does not apply to "
                         "'%s'", opt_name(seen[i]), command_name(cmd));
                return usage_error(msg);
            }
    return OPTS_RUN;
}


enum opts_result opts_parse(struct options *o, int argc, char **argv)
{
    struct option longs[N_OPTS + 1];
    char shorts[3 * N_OPTS + 2];
    size_t ns = 0;

    memset(o, 0, sizeof *o);
    o->table = "pairs";
    o->out.formula_guard = true;
    o->max_doc_size = OPTS_MAX_DOC_SIZE;
    long cpus = sysconf(_SC_NPROCESSORS_ONLN);
    o->jobs = cpus > 0 ? (unsigned)(cpus < 64 ? cpus : 64) : 1;
    shorts[ns++] = '+';         /* stop at the first non-option: command */
    shorts[ns++] = ':';
    for (size_t i = 0; i < N_OPTS; i++) {
        const struct opt_spec *s = &opt_table[i];
        longs[i] = (struct option){s->name, s->arg ? required_argument
                                                   : no_argument,
                                   NULL, s->id};
        if (s->id < 256) {
            shorts[ns++] = (char)s->id;
            if (s->arg)
                shorts[ns++] = ':';
        }
    }
    longs[N_OPTS] = (struct option){0};
    shorts[ns] = '\0';

    /* Options may come before or after the command word; getopt stops at
     * the first non-option, so parse in two rounds. */
    const char *cmd = NULL, *sub = NULL;
    char **pos = calloc((size_t)argc + 1, sizeof *pos);
    size_t npos = 0;
    enum opts_result res = OPTS_RUN;
    int seen[64];               /* the options given, in order */
    size_t n_seen = 0;
    const char *shard = NULL;   /* --shard, read with --shard-base */
    unsigned shard_base = 1;
    if (!pos)
        return usage_error("out of memory");
    optind = 1;
    opterr = 0;
    for (;;) {
        int c = getopt_long(argc, argv, shorts, longs, NULL);
        if (c == -1) {
            if (optind >= argc)
                break;
            if (strcmp(argv[optind - 1], "--") == 0) {
                while (optind < argc)
                    pos[npos++] = argv[optind++];
                break;
            }
            pos[npos++] = argv[optind++];
            continue;
        }
        if (c == '?' || c == ':') {
            char msg[160];
            char shortopt[3] = {'-', (char)optopt, '\0'};
            /* optopt names a bad short option even inside "-qx". */
            const char *bad = optopt ? shortopt : argv[optind - 1];
            snprintf(msg, sizeof msg, c == ':' ? "option '%s' needs an "
                     "argument" : "unknown option '%s'", bad);
            res = usage_error(msg);
            goto out;
        }
        res = apply(o, c, optarg, &shard, &shard_base);
        if (res != OPTS_RUN)
            goto out;
        if (n_seen < sizeof seen / sizeof *seen)
            seen[n_seen++] = c;
    }
    if (shard) {
        res = shard_set(o, shard, shard_base);
        if (res != OPTS_RUN)
            goto out;
    }
    if (npos == 0) {
        res = usage_error("no command given");
        goto out;
    }
    cmd = pos[0];
    size_t first = 1;
    if (strcmp(cmd, "extract") == 0) {
        o->command = CMD_EXTRACT;
    } else if (strcmp(cmd, "merge") == 0) {
        o->command = CMD_MERGE;
    } else if (strcmp(cmd, "check") == 0) {
        o->command = CMD_CHECK;
    } else if (strcmp(cmd, "graph") == 0) {
        o->command = CMD_GRAPH;
    } else if (strcmp(cmd, "normalize") == 0) {
        o->command = CMD_NORMALIZE;
    } else if (strcmp(cmd, "explain") == 0) {
        o->command = CMD_EXPLAIN;
    } else if (strcmp(cmd, "export") == 0) {
        o->command = CMD_EXPORT;
    } else if (strcmp(cmd, "rules") == 0 && npos == 1) {
        res = usage_error("rules: give 'test' or 'lint'");
        goto out;
    } else if (strcmp(cmd, "rules") == 0) {
        sub = pos[1];
        first = 2;
        if (strcmp(sub, "test") == 0) {
            o->command = CMD_RULES_TEST;
        } else if (strcmp(sub, "lint") == 0) {
            o->command = CMD_RULES_LINT;
        } else {
            res = usage_error("unknown rules command (test or lint)");
            goto out;
        }
    } else {
        char msg[160];
        snprintf(msg, sizeof msg, "unknown command '%s'", cmd);
        res = usage_error(msg);
        goto out;
    }
    res = check_belongs(seen, n_seen, o->command);
    if (res == OPTS_RUN)
        res = format_set(o);
    if (res != OPTS_RUN)
        goto out;
    /* Positional arguments point into argv, which outlives o. */
    o->args = (const char *const *)argv + (argc - (int)(npos - first));
    for (size_t i = first; i < npos; i++)
        argv[argc - (int)(npos - first) + (int)(i - first)] = pos[i];
    o->n_args = npos - first;
    /* `... | utdrag extract` and `utdrag normalize < page.html`: piped
     * standard input is the one document (or archive) when no PATH is
     * given; on a terminal, that is a usage error. */
    static const char *const stdin_arg[] = {"-"};
    if ((o->command == CMD_EXTRACT || o->command == CMD_NORMALIZE ||
         o->command == CMD_EXPLAIN || o->command == CMD_GRAPH) &&
        !o->n_args && !isatty(STDIN_FILENO)) {
        o->args = stdin_arg;
        o->n_args = 1;
    }
    if ((o->command == CMD_EXTRACT || o->command == CMD_CHECK) &&
        !o->n_args)
        res = usage_error("no PATH given (standard input is read when it "
                          "is not a terminal, or name it: -)");
    else if (o->command == CMD_MERGE && (!o->n_args || !o->output_dir))
        res = usage_error("merge: give -o OUT and at least one DIR");
    else if (o->command == CMD_GRAPH && !o->n_args)
        res = usage_error("graph: give a pairs table or an output folder of "
                          "extract -o (standard input is read when it is "
                          "not a terminal, or name it: -)");
    else if (o->command == CMD_NORMALIZE && o->n_args != 1)
        res = usage_error("normalize: give exactly one FILE");
    else if (o->command == CMD_EXPLAIN && o->n_args != 1)
        res = usage_error("explain: give exactly one FILE");
    else if (o->command == CMD_EXPORT && o->n_args != 1)
        res = usage_error("export: give exactly one database FILE");
    else if (o->prune && !o->db)
        res = usage_error("--prune needs -f sqlite (it removes documents "
                          "from a database)");
    else if (o->db && !o->output_dir)
        res = usage_error("-f sqlite needs -o FILE (the database to create "
                          "or bring up to date)");
    else if (o->db && o->table_set)
        res = usage_error("-t picks the table for standard output; -f "
                          "sqlite -o FILE writes all five tables");
out:
    free(pos);
    return res;
}
