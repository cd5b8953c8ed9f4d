/*
 * test_pcache.c - unit tests for pcache.c: a pattern compiled once is
 * decoded from the cache at the next open and matches as before; a
 * pattern PCRE2 finds too large is remembered as such (the same error,
 * from the cache file, without the pattern's code), and then as the code
 * of an equivalent pattern given for it; a pattern cached under a key
 * (pcache_find(), pcache_compile_as()) is found by the key alone, and its
 * code outlives the cache in the pool taken from it; no cache folder
 * means plain compiles; a damaged file is an empty cache.
 */
/* SPDX-License-Identifier: MIT */
#include "pcache.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "check.h"

/* A pattern whose compiled code exceeds PCRE2's limit: a group of 100
 * letters repeated 2,000 times (each repeat is compiled out). */
static char *too_large(size_t *len)
{
    const char *head = "(?:", *tail = "){2000}";
    size_t n = strlen(head) + 100 + strlen(tail);
    char *p = malloc(n + 1);
    strcpy(p, head);
    memset(p + strlen(head), 'a', 100);
    strcpy(p + strlen(head) + 100, tail);
    *len = n;
    return p;
}

static int matches(pcre2_code *re, const char *s)
{
    pcre2_match_data *md = pcre2_match_data_create_from_pattern(re, NULL);
    int rc = pcre2_match(re, (PCRE2_SPTR)s, strlen(s), 0, 0, md, NULL);
    pcre2_match_data_free(md);
    return rc > 0;
}

/* Is 'what' (n bytes) somewhere in file 'path'? */
static int file_holds(const char *path, const char *what, size_t n)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return 0;
    static char buf[1 << 20];
    size_t len = fread(buf, 1, sizeof buf, f);
    fclose(f);
    for (size_t i = 0; i + n <= len; i++)
        if (memcmp(buf + i, what, n) == 0)
            return 1;
    return 0;
}

/* The answers every open gives, whatever the cache holds: 'pat' compiles
 * and matches a V-word, 'big' fails as too large. */
static void check_answers(struct pcache *pc, const char *pat,
                          const char *big, size_t big_len, uint32_t opts)
{
    int err;
    PCRE2_SIZE off;
    pcre2_code *re = pcache_compile(pc, pat, strlen(pat), opts, &err, &off);
    CHECK(re && matches(re, "till Växjö"));
    pcre2_code_free(re);
    err = 0;
    re = pcache_compile(pc, big, big_len, opts, &err, &off);
    CHECK(!re && err == PCRE2_ERROR_PATTERN_TOO_LARGE);
}

int main(void)
{
    char dir[] = "/tmp/utdrag-test-pcache-XXXXXX";
    if (!mkdtemp(dir))
        return 2;
    size_t big_len;
    char *big = too_large(&big_len);
    const char *pat = "(?<w>V\\p{L}+)";
    const uint32_t opts = PCRE2_UTF | PCRE2_UCP;
    int err;
    PCRE2_SIZE off;

    /* Cold: both compiled, the large one fails. */
    struct pcache *pc = pcache_open(dir, "/no/such/rules");
    check_answers(pc, pat, big, big_len, opts);
    pcache_close(pc, true);

    /* The file holds both patterns. */
    char path[256] = "";
    char cmd[300];
    snprintf(cmd, sizeof cmd, "ls %s/*.pcre 2>/dev/null", dir);
    FILE *ls = popen(cmd, "r");
    CHECK(ls && fgets(path, sizeof path, ls));
    if (ls)
        pclose(ls);
    path[strcspn(path, "\n")] = '\0';
    CHECK(file_holds(path, pat, strlen(pat)));
    CHECK(file_holds(path, big, big_len));

    /* Warm: the same answers, from the cache. */
    pc = pcache_open(dir, "/no/such/rules");
    pcre2_code *re = pcache_compile(pc, pat, strlen(pat), opts, &err, &off);
    CHECK(re && matches(re, "till Växjö") && !matches(re, "till Lund"));
    pcre2_code_free(re);
    err = 0;
    off = 99;
    re = pcache_compile(pc, big, big_len, opts, &err, &off);
    CHECK(!re && err == PCRE2_ERROR_PATTERN_TOO_LARGE && off == 0);
    pcache_close(pc, false);

    /* Damaged: an empty cache, the same answers. */
    FILE *f = fopen(path, "r+b");
    if (f) {
        fseek(f, 40, SEEK_SET);
        fputc('#', f);
        fclose(f);
    }
    pc = pcache_open(dir, "/no/such/rules");
    check_answers(pc, pat, big, big_len, opts);
    pcache_close(pc, false);

    /* An alias: the too-large pattern's entry takes an equivalent
     * pattern's code, and the next open decodes it for the large one. */
    pc = pcache_open(dir, "/no/such/rules");
    err = 0;
    re = pcache_compile(pc, big, big_len, opts, &err, &off);
    CHECK(!re && err == PCRE2_ERROR_PATTERN_TOO_LARGE);
    const char *small = "(?:a{100}){2000}";
    pcre2_code *eq = pcache_compile(pc, small, strlen(small), opts, &err,
                                    &off);
    CHECK(eq != NULL);
    pcache_alias(pc, big, big_len, opts, eq);
    pcre2_code_free(eq);
    pcache_close(pc, true);
    pc = pcache_open(dir, "/no/such/rules");
    re = pcache_compile(pc, big, big_len, opts, &err, &off);
    CHECK(re != NULL);
    if (re) {
        char *aa = malloc(200001);
        memset(aa, 'a', 200000);
        aa[200000] = '\0';
        CHECK(matches(re, aa) && !matches(re, "aaa"));
        free(aa);
        pcre2_code_free(re);
    }
    pcache_close(pc, false);

    /* By key: a pattern costly to build is looked up under a short name
     * first (nothing cached: NULL, err 0), compiled under it, and the next
     * open decodes it for the name alone. */
    const char *key = "the V-word pattern, version 1";
    pc = pcache_open(dir, "/no/such/rules");
    err = 99;
    CHECK(pcache_find(pc, key, strlen(key), opts, &err) == NULL && err == 0);
    re = pcache_compile_as(pc, key, strlen(key), pat, strlen(pat), opts,
                           &err, &off);
    CHECK(re && matches(re, "till Växjö"));
    pcre2_code_free(re);
    pcache_close(pc, true);
    CHECK(file_holds(path, key, strlen(key)));
    pc = pcache_open(dir, "/no/such/rules");
    err = 99;
    re = pcache_find(pc, key, strlen(key), opts, &err);
    CHECK(re && err == 0 && matches(re, "till Växjö"));
    /* Decoded code lives in the pool: taken, it outlives the cache, and
     * what the code allocates later (its JIT data) comes from malloc. */
    struct pcache_pool *pool = pcache_take_pool(pc);
    CHECK(pool != NULL);
    CHECK(pcache_take_pool(pc) == NULL);
    pcache_close(pc, false);
    if (re) {
        pcre2_jit_compile(re, PCRE2_JIT_COMPLETE);
        CHECK(matches(re, "från Vimmerby") && !matches(re, "från Lund"));
        pcre2_code_free(re);
    }
    pcache_pool_free(pool);
    CHECK(pcache_take_pool(NULL) == NULL);
    /* Another key, or other options, is not that code. */
    pc = pcache_open(dir, "/no/such/rules");
    CHECK(pcache_find(pc, "the V-word pattern, version 2", 29, opts,
                      &err) == NULL && err == 0);
    CHECK(pcache_find(pc, key, strlen(key), PCRE2_UTF, &err) == NULL);
    pcache_close(pc, false);

    /* No folder: plain compiles. */
    pc = pcache_open(NULL, "/no/such/rules");
    check_answers(pc, pat, big, big_len, opts);
    pcache_close(pc, true);

    unlink(path);
    rmdir(dir);
    free(big);
    return check_done("pcache");
}
