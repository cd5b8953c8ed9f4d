/*
 * replay.c - run a fuzz target over a saved corpus without libFuzzer.
 *
 * Usage: replay DIR|FILE...  Every regular file (a directory's in name
 * order) goes once through LLVMFuzzerTestOneInput; a failing input aborts
 * there, so reaching the end means every file passed.
 */
/* SPDX-License-Identifier: MIT */
#include <dirent.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Feed one file to the target; false if it could not be read. */
static bool replay_file(const char *path)
{
    FILE *f = fopen(path, "rb");
    uint8_t *buf = NULL;
    size_t len = 0;
    size_t cap = 0;
    bool ok = false;

    if (!f) {
        perror(path);
        return false;
    }
    for (;;) {
        if (len == cap) {
            uint8_t *grown = realloc(buf, cap ? 2 * cap : 4096);

            if (!grown)
                goto out;
            buf = grown;
            cap = cap ? 2 * cap : 4096;
        }
        size_t n = fread(buf + len, 1, cap - len, f);
        len += n;
        if (n == 0)
            break;
    }
    if (ferror(f)) {
        perror(path);
        goto out;
    }
    LLVMFuzzerTestOneInput(buf, len);
    ok = true;
out:
    free(buf);
    fclose(f);
    return ok;
}

static int skip_dots(const struct dirent *e)
{
    return e->d_name[0] != '.';
}

int main(int argc, char **argv)
{
    int pass = 0;
    int fail = 0;

    if (argc < 2) {
        fprintf(stderr, "usage: %s DIR|FILE...\n", argv[0]);
        return 2;
    }
    for (int i = 1; i < argc; i++) {
        struct dirent **names;
        struct stat st;
        int n;

        if (stat(argv[i], &st) != 0) {
            perror(argv[i]);
            fail++;
            continue;
        }
        if (!S_ISDIR(st.st_mode)) {
            if (replay_file(argv[i]))
                pass++;
            else
                fail++;
            continue;
        }
        n = scandir(argv[i], &names, skip_dots, alphasort);
        if (n < 0) {
            perror(argv[i]);
            fail++;
            continue;
        }
        for (int j = 0; j < n; j++) {
            char *path = malloc(strlen(argv[i]) + strlen(names[j]->d_name)
                                + 2);

            if (path) {
                sprintf(path, "%s/%s", argv[i], names[j]->d_name);
                if (replay_file(path))
                    pass++;
                else
                    fail++;
            } else {
                fail++;
            }
            free(path);
            free(names[j]);
        }
        free(names);
    }
    printf("replay: %d passed, %d failed\n", pass, fail);
    return fail ? 1 : 0;
}
