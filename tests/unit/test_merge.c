/*
 * test_merge.c - unit tests for the shard-set check of merge.c and the
 * input digest its run.info lines come from (input_digest() of input.c):
 * arch, ./arch, arch/ and /abs/arch are the same inputs, written two ways;
 * a set with a shard missing, or a run.info of an older utdrag, is refused
 * before OUT is created.
 */
/* SPDX-License-Identifier: MIT */
#include "merge.h"

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "check.h"
#include "input.h"
#include "xalloc.h"

static char root[64];

static void put(const char *dir, const char *text)
{
    char *path = xasprintf("%s/%s/run.info", root, dir);
    char *d = xasprintf("%s/%s", root, dir);
    mkdir(d, 0777);
    FILE *f = fopen(path, "w");
    if (f) {
        fputs(text, f);
        fclose(f);
    }
    free(d);
    free(path);
}

static void test_digest(void)
{
    char abs[PATH_MAX + 80];
    char cwd[PATH_MAX];
    CHECK(getcwd(cwd, sizeof cwd) != NULL);
    snprintf(abs, sizeof abs, "%s/%s", cwd, root);
    const char *plain[] = {root};
    char dot[80], slash[80];
    snprintf(dot, sizeof dot, "./%s", root);
    snprintf(slash, sizeof slash, "%s//", root);
    const char *dotted[] = {dot};
    const char *slashed[] = {slash};
    const char *absolute[] = {abs};
    uint64_t r = input_digest(plain, 1, true);
    uint64_t w = input_digest(plain, 1, false);

    CHECK(input_digest(dotted, 1, true) == r);
    CHECK(input_digest(slashed, 1, true) == r);
    CHECK(input_digest(absolute, 1, true) == r);
    CHECK(input_digest(slashed, 1, false) == w);    /* same doc_ids */
    CHECK(input_digest(dotted, 1, false) != w);     /* other doc_ids */
    CHECK(input_digest(absolute, 1, false) != w);
    /* Order does not matter; another list differs; a path that does not
     * exist counts as written. */
    const char *ab[] = {"a-missing", "b-missing"};
    const char *ba[] = {"b-missing", "a-missing"};
    const char *a[] = {"a-missing"};
    CHECK(input_digest(ab, 2, true) == input_digest(ba, 2, true));
    CHECK(input_digest(ab, 2, true) != input_digest(a, 1, true));
    CHECK(input_digest(ab, 2, true) == input_digest(ab, 2, false));
}

static void test_refused(void)
{
    static const char head[] = "utdrag 0\nrules r\nformat csv\n";
    char *s1 = xasprintf("%sshard 1/3\ninputs 1\npaths 2\n", head);
    char *s3 = xasprintf("%sshard 3/3\ninputs 1\npaths 2\n", head);
    put("s1", s1);
    put("s3", s3);
    put("old", "utdrag 0\nrules r\nformat csv\nshard 1/1\n");
    char *out = xasprintf("%s/m", root);
    char *d1 = xasprintf("%s/s1", root);
    char *d3 = xasprintf("%s/s3", root);
    char *dold = xasprintf("%s/old", root);
    const char *set[] = {d1, d3};
    const char *old[] = {dold};
    struct stat st;

    fprintf(stderr, "(two errors expected below)\n");
    CHECK(merge_run(out, set, 2, false) == 2);      /* missing 2/3 */
    CHECK(stat(out, &st) != 0);
    CHECK(merge_run(out, old, 1, false) == 2);      /* no inputs line */
    CHECK(stat(out, &st) != 0);
    free(s1);
    free(s3);
    free(out);
    free(d1);
    free(d3);
    free(dold);
}

int main(void)
{
    snprintf(root, sizeof root, "test_merge.%ld.tmp", (long)getpid());
    CHECK(mkdir(root, 0777) == 0);
    test_digest();
    test_refused();
    char *cmd = xasprintf("rm -rf '%s'", root);
    CHECK(system(cmd) == 0);
    free(cmd);
    return check_done("test_merge");
}
