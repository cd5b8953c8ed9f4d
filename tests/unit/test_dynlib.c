/*
 * test_dynlib.c - unit tests for dynlib.c: a library loaded by name gives
 * working functions; a missing library or symbol is an error that leaves
 * the table untouched.
 */
/* SPDX-License-Identifier: MIT */
#include "dynlib.h"

#include <stdio.h>
#include <string.h>

#include "check.h"

int main(void)
{
    static const char *const names[] = {"strlen", "strcmp"};
    void *f[2] = {NULL, NULL};
    const char *err = NULL;
    size_t (*len)(const char *) = NULL;
    int (*cmp)(const char *, const char *) = NULL;

    /* The C library is always there, under this name on glibc. */
    CHECK(dynlib_open("libc.so.6", names, f, 2, &err));
    CHECK(f[0] && f[1]);
    dynlib_fn(&len, sizeof len, f[0]);
    dynlib_fn(&cmp, sizeof cmp, f[1]);
    CHECK(len && len("utdrag") == 6);
    CHECK(cmp && cmp("a", "b") < 0);

    void *g[2] = {NULL, NULL};
    err = NULL;
    CHECK(!dynlib_open("libutdrag-no-such-library.so.9", names, g, 2, &err));
    CHECK(err && *err);
    CHECK(!g[0] && !g[1]);

    static const char *const bad[] = {"strlen", "utdrag_no_such_symbol"};
    err = NULL;
    CHECK(!dynlib_open("libc.so.6", bad, g, 2, &err));
    CHECK(err && *err);
    CHECK(!g[0] && !g[1]);              /* not even the first */
    return check_done("dynlib");
}
