/*
 * fuzz_rules.c - rule file fuzzer (rules.h, match.h, resolve.h).
 *
 * Input: the text of one rule file.  It is written as x.rules into a
 * temporary rules directory made once per process (on tmpfs if there is
 * one, see tmp_dir(); with lists/l.tsv holding one entry, Falun), and
 * rules_load() reads that directory.  It
 * must load, or fail with a diagnostic (diag_errors() goes up); either way
 * rules_fini() frees everything (ASan checks for leaks).  A loaded set is
 * run over a small fixed article: match_article(), then resolve_article(),
 * whose rows must have doc_id "fuzz" first.  When the input is valid
 * UTF-8 (so are the list and the article), every cell must be too.
 *
 * Messages from the loader go to /dev/null: fd 2 is pointed there while
 * rules_load() runs and restored afterwards, so libFuzzer's and the
 * sanitizers' reports still show (those go to a copy of fd 2 throughout).
 * Stdin is /dev/null, so "list x /dev/stdin" cannot block.
 */
/* SPDX-License-Identifier: MIT */
#include <fcntl.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "arena.h"
#include "article.h"
#include "decode.h"
#include "diag.h"
#include "match.h"
#include "normalize.h"
#include "resolve.h"
#include "rules.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Weak: present only under a sanitizer. */
extern void __sanitizer_set_report_fd(void *fd) __attribute__((weak));

#define REQUIRE(cond)                                                      \
    do {                                                                   \
        if (!(cond)) {                                                     \
            fprintf(stderr, "%s:%d: REQUIRE failed: %s\n", __FILE__,       \
                    __LINE__, #cond);                                      \
            abort();                                                       \
        }                                                                  \
    } while (0)

#define LIST_TSV "name\tcode\nFalun\t2080\n"

/* The one article every loaded rule set runs over: paragraphs, a quote,
 * headings in block and inline form, a list entry, non-ASCII text. */
static const char ARTICLE[] =
    "Falun och Kolomyia f\xC3\xB6rnyar sitt samarbete\n"
    "\n"
    "Falu kommun och Kolomyia \xC3\xA4r ett av partnerskapen. "
    "Kommunalr\xC3\xA5""det i Falun, Anna Berg (S), var med.\n"
    "\n"
    "\xE2\x80\x93 Det g\xC3\xA5r bra, s\xC3\xA4ger Anna Berg.\n"
    "\xE2\x80\x9CWe learn a lot\xE2\x80\x9D, says Oksana Koval, mayor of Kolomyia.\n"
    "\n"
    "Tema\n"
    "Lokal demokratiJ\xC3\xA4mst\xC3\xA4lldhet\n"
    "Svensk partner: Falun\n"
    "Globala m\xC3\xA5l\n"
    "16 - Fredliga och inkluderande samh\xC3\xA4llen\n";

/* Process-wide, set up on the first call: the rules directory. */
static char dir[64];
static char rules_path[96];
static char list_path[96];
static char lists_dir[80];
static int saved_stderr = -1;   /* copy of fd 2, or -1 if fd 2 is quiet */
static int dev_null = -1;

static void write_file(const char *path, const void *data, size_t size)
{
    int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0644);

    REQUIRE(fd >= 0);
    for (size_t done = 0; done < size;) {
        ssize_t n = write(fd, (const char *)data + done, size - done);
        REQUIRE(n > 0);
        done += (size_t)n;
    }
    REQUIRE(close(fd) == 0);
}

static void cleanup(void)
{
    unlink(rules_path);
    unlink(list_path);
    rmdir(lists_dir);
    rmdir(dir);
}

/* True if fd 2 is /dev/null already (libFuzzer's -close_fd_mask=2). */
static bool stderr_quiet(void)
{
    struct stat a, b;

    return fstat(2, &a) == 0 && stat("/dev/null", &b) == 0 &&
           S_ISCHR(a.st_mode) && a.st_rdev == b.st_rdev;
}

/* Where the rules directory goes: /dev/shm when there is one (the file
 * is rewritten for every input, and on a disk file system the truncate
 * and write took two thirds of a run: 4,000 execs/s on ext4, 12,000 on
 * tmpfs), else $TMPDIR, else /tmp. */
static const char *tmp_dir(void)
{
    const char *tmp = getenv("TMPDIR");
    struct stat st;

    if (stat("/dev/shm", &st) == 0 && S_ISDIR(st.st_mode) &&
        access("/dev/shm", W_OK | X_OK) == 0)
        return "/dev/shm";
    return tmp && *tmp && strlen(tmp) < 32 ? tmp : "/tmp";
}

static void setup(void)
{
    snprintf(dir, sizeof dir, "%s/fuzz_rules.XXXXXX", tmp_dir());
    REQUIRE(mkdtemp(dir) != NULL);
    snprintf(rules_path, sizeof rules_path, "%s/x.rules", dir);
    snprintf(lists_dir, sizeof lists_dir, "%s/lists", dir);
    snprintf(list_path, sizeof list_path, "%s/l.tsv", lists_dir);
    REQUIRE(mkdir(lists_dir, 0755) == 0);
    write_file(list_path, LIST_TSV, sizeof LIST_TSV - 1);
    atexit(cleanup);

    dev_null = open("/dev/null", O_RDWR);
    REQUIRE(dev_null >= 0);
    REQUIRE(dup2(dev_null, 0) == 0);
    if (!stderr_quiet()) {
        saved_stderr = dup(2);
        REQUIRE(saved_stderr >= 0);
        if (__sanitizer_set_report_fd)
            __sanitizer_set_report_fd((void *)(intptr_t)saved_stderr);
    }
}

static void quiet(bool on)
{
    if (saved_stderr >= 0)
        REQUIRE(dup2(on ? dev_null : saved_stderr, 2) == 2);
}

static void check_rows(const struct row_list *l, size_t n_columns,
                       size_t doc_col, bool utf8)
{
    for (size_t i = 0; i < l->n; i++) {
        const char *const *row = l->rows[i];
        REQUIRE(row[doc_col] && strcmp(row[doc_col], "fuzz") == 0);
        for (size_t c = 0; utf8 && c < n_columns; c++)
            REQUIRE(!row[c] || decode_valid_utf8((const unsigned char *)row[c],
                                                 strlen(row[c]), NULL));
    }
}

/* The shipped limits but for splits: a rule set that cuts every hit's
 * value into pieces makes the shipped 20,000 pieces per document, which
 * took 85% of a run (55 execs/s over the corpus; 2,000 pieces gave 230, these 420, and
 * the same coverage); the limit is reached, and its path run, sooner. */
static struct match_limits limits(void)
{
    struct match_limits lim = MATCH_LIMITS_DEFAULT;

    lim.split_pieces = 200;
    lim.split_bytes = 16 * 1024;
    return lim;
}

static void run(const struct rule_set *rs, bool utf8)
{
    struct match_limits lim = limits();
    struct arena a;
    struct article art = {
        .doc_id = "fuzz", .path = "fuzz",
        .raw = (const unsigned char *)ARTICLE, .raw_len = sizeof ARTICLE - 1,
        .status = DOC_OK,
    };
    struct matcher *m = match_new(rs, &lim);
    struct match_result mr;
    struct doc_tables dt;

    arena_init(&a);
    decode_article(&a, &art);
    norm_text(&a, art.text, art.text_len, &art.norm);
    match_article(m, &a, &art.norm, &mr);
    REQUIRE(mr.n_hits == 0 || mr.hits != NULL);
    resolve_article(m, &a, rs, &art, &mr, &dt);
    REQUIRE(dt.t[T_DOCUMENTS].n == 1);
    for (int t = 0; t < T__COUNT; t++)
        check_rows(&dt.t[t], resolve_schema[t].n_columns, 0, utf8);
    check_rows(&dt.report, resolve_report_schema.n_columns, REP_DOC, utf8);
    match_free(m);
    arena_fini(&a);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct rule_set rs;
    unsigned long errors;
    bool ok;

    if (dir[0] == '\0')
        setup();
    write_file(rules_path, data, size);
    errors = diag_errors();
    quiet(true);
    ok = rules_load(&rs, dir);
    quiet(false);
    REQUIRE(ok || diag_errors() > errors);
    if (ok)
        run(&rs, decode_valid_utf8(data, size, NULL));
    rules_fini(&rs);
    return 0;
}
