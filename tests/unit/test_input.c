/*
 * test_input.c - unit tests for input.c: a temporary folder tree walked in
 * bytewise sorted order (hidden entries and *.expected folders skipped),
 * doc_id spelling for "dir" and "dir/", fs_list's marked folders,
 * missing paths (DOC_ERROR), the
 * --max-doc-size skip (DOC_SKIPPED), "-" for standard input, and (issue
 * 16) FIFOs, devices and sockets, link loops, unreadable subfolders.
 */
/* SPDX-License-Identifier: MIT */
#include "input.h"

#include <errno.h>
#include <fcntl.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>

#include "arena.h"
#include "check.h"
#include "fsutil.h"
#include "xalloc.h"

#define N(a) (sizeof(a) / sizeof((a)[0]))

static char root[64];

/* ---- stderr capture --------------------------------------------------- */

static int saved_fd = -1;
static char err_path[80];

static void capture_start(void)
{
    snprintf(err_path, sizeof err_path, "%s.err", root);
    int fd = open(err_path, O_WRONLY | O_CREAT | O_TRUNC, 0600);
    fflush(stderr);
    saved_fd = dup(2);
    dup2(fd, 2);
    close(fd);
}

/* Stop capturing; returns what was written (caller frees). */
static char *capture_end(void)
{
    size_t len = 0;
    fflush(stderr);
    dup2(saved_fd, 2);
    close(saved_fd);
    char *s = fs_read_file(err_path, 1 << 20, &len);
    unlink(err_path);
    return s ? s : xstrdup("");
}

/* ---- the tree ----------------------------------------------------------- */

/* Files of the tree, with their contents (the content names the file). */
static const char *const files[] = {
    "b.txt", "a.txt", "Z.txt", "a-1.txt", ".hidden", "x.txt",
    "sub.txt", "sub/y.txt", "sub/x.txt", "sub/deep/k.txt",
    "sub/.hid/h.txt", ".dot/d.txt", "x.expected/pairs.tsv",
    "sub/y.expected/quotes.tsv", "big.txt", "ten.txt",
};

/* Relative paths in the order a walk must give them. */
/* Bytewise order of the whole path: "sub.txt" before "sub/..." ('.' <
 * '/'), so a walk lists documents in doc_id order (what merge sorts by). */
static const char *const walk_order[] = {
    "Z.txt", "a-1.txt", "a.txt", "b.txt", "big.txt", "sub.txt",
    "sub/deep/k.txt", "sub/x.txt", "sub/y.txt", "ten.txt", "x.txt",
};

static const char *content_of(const char *rel)
{
    if (strcmp(rel, "big.txt") == 0)
        return "eleven byte";           /* 11 bytes */
    if (strcmp(rel, "ten.txt") == 0)
        return "ten bytes!";            /* 10 bytes */
    return rel;
}

static void write_file(const char *path, const char *s)
{
    FILE *f = fopen(path, "wb");
    if (!f) {
        perror(path);
        exit(2);
    }
    fputs(s, f);
    fclose(f);
}

static void mkdir_p_for(const char *path)
{
    char *p = xstrdup(path);
    for (char *s = p + strlen(root) + 1; *s; s++) {
        if (*s != '/')
            continue;
        *s = '\0';
        mkdir(p, 0755);
        *s = '/';
    }
    free(p);
}

static void make_tree(void)
{
    for (size_t i = 0; i < N(files); i++) {
        char *p = xasprintf("%s/d/%s", root, files[i]);
        mkdir_p_for(p);
        write_file(p, content_of(files[i]));
        free(p);
    }
    char *empty = xasprintf("%s/d/sub/empty", root);
    mkdir(empty, 0755);
    free(empty);
}

static void rm_tree(const char *dir)
{
    struct path_list l = {0};
    if (fs_list(dir, &l))
        for (size_t i = 0; i < l.n; i++) {
            if (fs_is_dir(l.v[i]))
                rm_tree(l.v[i]);
            else
                unlink(l.v[i]);
        }
    path_list_fini(&l);
    /* fs_list skips hidden entries: remove the known ones by name. */
    static const char *const hidden[] = {".hidden", ".hid/h.txt", ".hid",
                                         ".dot/d.txt", ".dot"};
    for (size_t i = 0; i < N(hidden); i++) {
        char *p = xasprintf("%s/%s", dir, hidden[i]);
        if (fs_is_dir(p))
            rmdir(p);
        else
            unlink(p);
        free(p);
    }
    rmdir(dir);
}

/* ---- checks ------------------------------------------------------------- */

/* Walk the one path 'given' and compare with walk_order under 'prefix'. */
static void check_walk(const char *given, const char *prefix)
{
    const char *paths[] = {given};
    struct input *in = input_new(paths, 1, 1024, NULL);
    struct arena a = {0};
    struct article art;
    size_t n = 0;

    capture_start();
    while (input_next(in, &a, &art)) {
        if (n < N(walk_order)) {
            char *want = xasprintf("%s%s", prefix, walk_order[n]);
            CHECK_STREQ(art.doc_id, want);
            CHECK_STREQ(art.path, want);
            CHECK(art.status == DOC_OK);
            CHECK(art.message == NULL);
            const char *c = content_of(walk_order[n]);
            CHECK_MEMEQ(art.raw, art.raw_len, c, strlen(c), "raw");
            free(want);
        }
        n++;
        arena_reset(&a);
    }
    char *err = capture_end();
    CHECK(n == N(walk_order));
    CHECK_STREQ(err, "");
    free(err);
    input_free(in);
    arena_fini(&a);
}

static void check_args_in_order(void)
{
    char *b = xasprintf("%s/d/b.txt", root);
    char *sub = xasprintf("%s/d/sub/deep", root);
    char *hid = xasprintf("%s/d/.hidden", root);
    char *a1 = xasprintf("%s/d/a.txt", root);
    char *empty = xasprintf("%s/d/sub/empty", root);
    /* Arguments keep the order given; a hidden file named explicitly is
     * read; an empty folder yields nothing. */
    const char *paths[] = {b, sub, empty, hid, a1};
    const char *want[] = {b, NULL, hid, a1};
    char *k = xasprintf("%s/k.txt", sub);
    want[1] = k;
    struct input *in = input_new(paths, N(paths), 1024, NULL);
    struct arena a = {0};
    struct article art;
    size_t n = 0;

    while (input_next(in, &a, &art)) {
        if (n < N(want))
            CHECK_STREQ(art.doc_id, want[n]);
        n++;
    }
    CHECK(n == N(want));
    input_free(in);
    arena_fini(&a);
    free(k);
    free(b);
    free(sub);
    free(hid);
    free(a1);
    free(empty);
}

static void check_missing_path(void)
{
    char *nope = xasprintf("%s/d/nope.txt", root);
    char *nodir = xasprintf("%s/nodir/", root);
    char *ok = xasprintf("%s/d/x.txt", root);
    const char *paths[] = {nope, ok, nodir};
    struct input *in = input_new(paths, N(paths), 1024, NULL);
    struct arena a = {0};
    struct article art;

    capture_start();
    bool got = input_next(in, &a, &art);
    char *err = capture_end();
    CHECK(got);
    CHECK_STREQ(art.doc_id, nope);
    CHECK_STREQ(art.path, nope);
    CHECK(art.status == DOC_ERROR);
    CHECK_STREQ(art.message, "No such file or directory");
    CHECK(art.raw == NULL);
    CHECK(art.raw_len == 0);
    char *want = xasprintf("utdrag: %s: No such file or directory\n", nope);
    CHECK_STREQ(err, want);
    free(want);
    free(err);

    /* The batch goes on. */
    CHECK(input_next(in, &a, &art));
    CHECK_STREQ(art.doc_id, ok);
    CHECK(art.status == DOC_OK);
    capture_start();
    got = input_next(in, &a, &art);
    err = capture_end();
    CHECK(got);
    CHECK_STREQ(art.doc_id, nodir);
    CHECK(art.status == DOC_ERROR);
    CHECK_STREQ(art.message, "No such file or directory");
    want = xasprintf("utdrag: %s: No such file or directory\n", nodir);
    CHECK_STREQ(err, want);
    free(want);
    free(err);
    CHECK(!input_next(in, &a, &art));
    input_free(in);
    arena_fini(&a);
    free(nope);
    free(nodir);
    free(ok);
}

static void check_max_size(void)
{
    char *big = xasprintf("%s/d/big.txt", root);
    char *ten = xasprintf("%s/d/ten.txt", root);
    const char *paths[] = {big, ten};
    struct input *in = input_new(paths, N(paths), 10, NULL);
    struct arena a = {0};
    struct article art;

    capture_start();
    bool got = input_next(in, &a, &art);
    char *err = capture_end();
    CHECK(got);
    CHECK_STREQ(art.doc_id, big);
    CHECK(art.status == DOC_SKIPPED);
    CHECK_STREQ(art.message, "larger than --max-doc-size (10 bytes)");
    CHECK(art.raw_len == 11);
    CHECK(art.raw == NULL);
    /* The status says it: main reports skipped documents, not input. */
    CHECK_STREQ(err, "");
    free(err);

    /* Exactly the limit is fine. */
    CHECK(input_next(in, &a, &art));
    CHECK_STREQ(art.doc_id, ten);
    CHECK(art.status == DOC_OK);
    CHECK_MEMEQ(art.raw, art.raw_len, "ten bytes!", 10, "raw");
    CHECK(!input_next(in, &a, &art));
    input_free(in);
    arena_fini(&a);
    free(big);
    free(ten);
}

/* Point fd 0 at file 'path' and forget what stdin had buffered. */
static void stdin_from(const char *path)
{
    int fd = open(path, O_RDONLY);
    dup2(fd, 0);
    close(fd);
    clearerr(stdin);
}

static void check_stdin(void)
{
    char *x = xasprintf("%s/d/x.txt", root);
    char *big = xasprintf("%s/d/big.txt", root);
    const char *paths[] = {"-"};
    struct arena a = {0};
    struct article art;
    int saved = dup(0);

    stdin_from(x);
    struct input *in = input_new(paths, 1, 1024, NULL);
    CHECK(input_next(in, &a, &art));
    CHECK_STREQ(art.doc_id, "-");
    CHECK_STREQ(art.path, "-");
    CHECK(art.status == DOC_OK);
    CHECK_MEMEQ(art.raw, art.raw_len, "x.txt", 5, "stdin raw");
    CHECK(!input_next(in, &a, &art));
    input_free(in);

    /* Standard input has no size to stat: the read itself stops. */
    stdin_from(big);
    in = input_new(paths, 1, 10, NULL);
    capture_start();
    CHECK(input_next(in, &a, &art));
    char *err = capture_end();
    CHECK(art.status == DOC_SKIPPED);
    CHECK_STREQ(art.message, "larger than --max-doc-size (10 bytes)");
    CHECK_STREQ(err, "");
    free(err);
    input_free(in);

    dup2(saved, 0);
    close(saved);
    clearerr(stdin);
    arena_fini(&a);
    free(x);
    free(big);
}

static void check_unreadable(void)
{
    if (geteuid() == 0)
        return;                 /* root reads everything */
    char *p = xasprintf("%s/locked.txt", root);
    write_file(p, "secret");
    chmod(p, 0);
    const char *paths[] = {p};
    struct input *in = input_new(paths, 1, 1024, NULL);
    struct arena a = {0};
    struct article art;
    capture_start();
    CHECK(input_next(in, &a, &art));
    char *err = capture_end();
    CHECK(art.status == DOC_ERROR);
    CHECK_STREQ(art.message, "Permission denied");
    char *want = xasprintf("utdrag: %s: Permission denied\n", p);
    CHECK_STREQ(err, want);
    free(want);
    free(err);
    input_free(in);
    arena_fini(&a);
    unlink(p);
    free(p);
}

/* fs_list: one level, sorted, folders marked by a "/" that fs_strip_dir
 * removes (the walk needs no stat() per entry). */
static void check_list(const char *dir)
{
    static const char *const want[] = {"deep/", "empty/", "x.txt",
                                       "y.expected/", "y.txt"};
    struct path_list l = {0};
    CHECK(fs_list(dir, &l));
    CHECK(l.n == N(want));
    for (size_t i = 0; i < l.n && i < N(want); i++) {
        char *w = xasprintf("%s/%s", dir, want[i]);
        CHECK_STREQ(l.v[i], w);
        bool folder = want[i][strlen(want[i]) - 1] == '/';
        CHECK(fs_strip_dir(l.v[i]) == folder);
        if (folder)
            w[strlen(w) - 1] = '\0';
        CHECK_STREQ(l.v[i], w);
        free(w);
    }
    path_list_fini(&l);
}

/* ---- issue 16: special files, link loops, unreadable subfolders -------- */

/* A FIFO, a device (a link to /dev/null) and a socket in a folder are
 * skipped rows, never opened for reading (before: open() of the FIFO
 * waited for a writer forever; main()'s alarm() turns that into a
 * failure); a pipe named directly (/dev/fd/N, as `<(...)` gives) is
 * read. */
static void check_special(void)
{
    char *d = xasprintf("%s/sp", root);
    char *fifo = xasprintf("%s/b.txt", d);
    char *dev = xasprintf("%s/c.txt", d);
    char *sock = xasprintf("%s/s.txt", d);
    char *ok = xasprintf("%s/a.txt", d);
    struct sockaddr_un sa = {.sun_family = AF_UNIX};
    int s = socket(AF_UNIX, SOCK_STREAM, 0);
    int pfd[2];

    mkdir(d, 0755);
    write_file(ok, "a");
    CHECK(mkfifo(fifo, 0644) == 0);
    CHECK(symlink("/dev/null", dev) == 0);
    snprintf(sa.sun_path, sizeof sa.sun_path, "%s", sock);
    CHECK(bind(s, (struct sockaddr *)&sa, sizeof sa) == 0);
    CHECK(pipe(pfd) == 0);
    CHECK(write(pfd[1], "piped", 5) == 5);
    close(pfd[1]);
    char *piped = xasprintf("/dev/fd/%d", pfd[0]);

    const char *paths[] = {d, dev, piped};
    static const char *const kinds[] = {
        NULL, "not a regular file (FIFO)",
        "not a regular file (character device)",
        "not a regular file (socket)",
        "not a regular file (character device)", NULL};
    const char *ids[] = {ok, fifo, dev, sock, dev, piped};
    struct input *in = input_new(paths, N(paths), 1024, NULL);
    struct arena a = {0};
    struct article art;
    size_t n = 0;
    capture_start();
    while (input_next(in, &a, &art)) {
        if (n < N(ids)) {
            CHECK_STREQ(art.doc_id, ids[n]);
            if (kinds[n]) {
                CHECK(art.status == DOC_SKIPPED);
                CHECK_STREQ(art.message, kinds[n]);
                CHECK(art.raw == NULL);
            } else {
                CHECK(art.status == DOC_OK);
            }
        }
        n++;
        arena_reset(&a);
    }
    char *err = capture_end();
    CHECK(n == N(ids));
    CHECK_MEMEQ(err, strlen(err), "", 0, "stderr");
    CHECK(art.raw_len == 5);
    free(err);
    input_free(in);
    arena_fini(&a);
    close(pfd[0]);
    close(s);
    unlink(fifo);
    unlink(dev);
    unlink(sock);
    unlink(ok);
    rmdir(d);
    free(d);
    free(fifo);
    free(dev);
    free(sock);
    free(ok);
    free(piped);
}

/* A link back to the folder ("self") and a second link to a folder read
 * already ("twin" -> "real"): the walk, the pre-count and fs_walk() enter
 * each folder once.  Before, the pre-count followed "self" until ELOOP
 * and counted a file per level. */
static void check_links(void)
{
    char *d = xasprintf("%s/ln", root);
    char *f = xasprintf("%s/a.txt", d);
    char *real = xasprintf("%s/real", d);
    char *g = xasprintf("%s/real/b.txt", d);
    char *self = xasprintf("%s/self", d);
    char *twin = xasprintf("%s/twin", d);
    mkdir(d, 0755);
    mkdir(real, 0755);
    write_file(f, "a");
    write_file(g, "b");
    CHECK(symlink(".", self) == 0);
    CHECK(symlink("real", twin) == 0);

    const char *paths[] = {d};
    CHECK(input_count(paths, 1, NULL) == 2);
    struct input *in = input_new(paths, 1, 1024, NULL);
    struct arena a = {0};
    struct article art;
    size_t n = 0;
    capture_start();
    while (input_next(in, &a, &art))
        n++;
    char *err = capture_end();
    CHECK(n == 2);
    char *want = xasprintf(
        "utdrag: warning: %s: skipped: a link back to a folder being read\n"
        "utdrag: warning: %s: skipped: a folder read already through "
        "another link\n", self, twin);
    CHECK_STREQ(err, want);
    free(want);
    free(err);
    input_free(in);
    arena_fini(&a);

    struct path_list l = {0};
    capture_start();
    CHECK(fs_walk(d, ".txt", &l));
    err = capture_end();
    CHECK(l.n == 2);
    if (l.n == 2) {
        CHECK_STREQ(l.v[0], f);
        CHECK_STREQ(l.v[1], g);
    }
    path_list_fini(&l);
    free(err);
    unlink(self);
    unlink(twin);
    unlink(g);
    unlink(f);
    rmdir(real);
    rmdir(d);
    free(d);
    free(f);
    free(real);
    free(g);
    free(self);
    free(twin);
}

/* A subfolder that cannot be listed is an error row, as a top-level one
 * is (before: a warning, no row, exit 0).  Root lists everything: there
 * tests/run.sh covers it with setpriv(1). */
static void check_unreadable_subfolder(void)
{
    if (geteuid() == 0)
        return;
    char *d = xasprintf("%s/ur", root);
    char *sub = xasprintf("%s/sub", d);
    mkdir(d, 0755);
    mkdir(sub, 0);
    const char *paths[] = {d};
    CHECK(input_count(paths, 1, NULL) == 1);
    struct input *in = input_new(paths, 1, 1024, NULL);
    struct arena a = {0};
    struct article art;
    capture_start();
    CHECK(input_next(in, &a, &art));
    char *err = capture_end();
    CHECK_STREQ(art.doc_id, sub);
    CHECK(art.status == DOC_ERROR);
    CHECK_STREQ(art.message, "Permission denied");
    char *want = xasprintf("utdrag: %s: Permission denied\n", sub);
    CHECK_STREQ(err, want);
    CHECK(!input_next(in, &a, &art));
    free(want);
    free(err);
    input_free(in);
    arena_fini(&a);
    rmdir(sub);
    rmdir(d);
    free(sub);
    free(d);
}

int main(void)
{
    strcpy(root, "/tmp/utdrag-input-XXXXXX");
    if (!mkdtemp(root)) {
        perror("mkdtemp");
        return 2;
    }
    make_tree();
    alarm(60);                  /* a walk that hangs fails the test */

    char *d = xasprintf("%s/d", root);
    char *ds = xasprintf("%s/d/", root);
    check_walk(d, ds);          /* "dir": dir + "/" + relative path */
    check_walk(ds, ds);         /* "dir/": no doubled slash */
    char *sub = xasprintf("%s/d/sub", root);
    check_list(sub);
    free(sub);
    check_args_in_order();
    check_missing_path();
    check_max_size();
    check_stdin();
    check_unreadable();
    check_special();
    check_links();
    check_unreadable_subfolder();

    rm_tree(d);
    rmdir(root);
    CHECK(!fs_is_dir(root));
    free(d);
    free(ds);
    return check_done("test_input");
}
