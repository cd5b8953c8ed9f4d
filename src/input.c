/*
 * input.c - stage 1: enumerate and read documents (see input.h).
 */
/* SPDX-License-Identifier: MIT */
/* realpath() is XSI: input_digest(). */
#define _XOPEN_SOURCE 700
#include "input.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <fcntl.h>
#include <stdint.h>
#include <sys/stat.h>
#include <unistd.h>

#include <zlib.h>

#include "arena.h"
#include "diag.h"
#include "fsutil.h"
#include "hash.h"
#include "xalloc.h"

struct input {
    const char *const *paths;
    size_t n_paths;
    size_t next_path;
    size_t max_size;
    const struct archive_opts *aopts;
    struct archive *ar;         /* the archive being read, or NULL */
    char *ar_path;
    enum archive_format ar_format;
    struct fs_walk walk;        /* the folder being read, if any */
    struct archive_skips skips; /* records of closed archives skipped */
};

struct input *input_new(const char *const *paths, size_t n, size_t max_size,
                        const struct archive_opts *ao)
{
    struct input *in = xcalloc(1, sizeof *in);
    in->paths = paths;
    in->n_paths = n;
    in->max_size = max_size;
    in->aopts = ao;
    return in;
}

static void close_archive(struct input *in)
{
    if (in->ar) {
        struct archive_skips k;
        archive_skipped(in->ar, &k);
        in->skips.warcinfo += k.warcinfo;
        in->skips.request += k.request;
        in->skips.metadata += k.metadata;
        in->skips.revisit += k.revisit;
        in->skips.other_type += k.other_type;
        in->skips.not_2xx += k.not_2xx;
        in->skips.not_text += k.not_text;
        in->skips.encoding += k.encoding;
        in->skips.blank_lines += k.blank_lines;
    }
    archive_close(in->ar);
    in->ar = NULL;
    free(in->ar_path);
    in->ar_path = NULL;
}

void input_skipped(const struct input *in, struct archive_skips *out)
{
    *out = in->skips;
}

void input_free(struct input *in)
{
    if (!in)
        return;
    fs_walk_fini(&in->walk);
    close_archive(in);
    free(in);
}

/* NAME.expected/ beside an article holds its expected tables for
 * `utdrag check`; walking a folder never reads them as articles. */
static bool is_expectation(const char *dir)
{
    size_t n = strlen(dir);
    return n > 9 && strcmp(dir + n - 9, ".expected") == 0;
}

/* Enter folder 'dir' of the walk.  One that cannot be listed is an error
 * document (true: *art is ready), at the top as below it; a link the walk
 * refuses is a warning. */
static bool enter_dir(struct input *in, struct arena *a, struct article *art,
                      const char *dir);

static void fail(struct arena *a, struct article *art, const char *path,
                 int err)
{
    art->status = DOC_ERROR;
    art->encoding = "";
    art->message = arena_strdup(a, strerror(err));
    diag_error("%s: %s", path, strerror(err));
}

/* The whole file into memory from 'a' (NUL-terminated): regular files are
 * read straight into the arena, standard input and a FIFO named on the
 * command line ('named': `utdrag extract <(zcat a.gz)`) through a growing
 * heap buffer.  NULL with errno set (EFBIG: larger than max); NULL with
 * errno 0 for what is not read at all, a FIFO found in a folder, a device
 * or a socket (*kind says which): open() and read() could wait forever. */
static unsigned char *slurp(struct arena *a, const char *path, size_t max,
                            bool named, size_t *len, const char **kind)
{
    struct stat st;
    int fd = -1;
    bool stream = strcmp(path, "-") == 0;

    if (!stream) {
        enum fs_open o = fs_open_file(path, &fd, &st);
        if (o == FS_OPEN_FAILED)
            return NULL;
        if (o == FS_OPEN_NOT_REGULAR) {
            if (!named || !S_ISFIFO(st.st_mode)) {
                *kind = fs_kind(st.st_mode);
                errno = 0;
                return NULL;
            }
            stream = true;
        }
    }
    if (stream) {
        char *heap = fs_read_file(path, max, len);
        if (!heap)
            return NULL;
        unsigned char *p = arena_alloc(a, *len + 1);
        memcpy(p, heap, *len + 1);
        free(heap);
        return p;
    }
    if ((uintmax_t)st.st_size > max) {
        close(fd);
        *len = (size_t)st.st_size;
        errno = EFBIG;
        return NULL;
    }
    size_t size = (size_t)st.st_size, got = 0;
    unsigned char *p = arena_alloc(a, size + 1);
    while (got < size) {
        ssize_t n = read(fd, p + got, size - got);
        if (n < 0 && errno == EINTR)
            continue;
        if (n < 0) {
            int e = errno;
            close(fd);
            errno = e;
            return NULL;
        }
        if (n == 0)
            break;              /* the file shrank: take what is there */
        got += (size_t)n;
    }
    close(fd);
    p[got] = '\0';
    *len = got;
    return p;
}

/* Does 'name' end with 'suffix', ASCII case ignored? */
static bool has_suffix(const char *name, const char *suffix)
{
    size_t n = strlen(name), k = strlen(suffix);
    if (n < k)
        return false;
    for (size_t i = 0; i < k; i++) {
        char c = name[n - k + i];
        if (c >= 'A' && c <= 'Z')
            c = (char)(c - 'A' + 'a');
        if (c != suffix[i])
            return false;
    }
    return true;
}

/* An HTML page by its name: *.html, *.htm, *.xhtml, maybe gzipped. */
static bool html_name(const char *path)
{
    static const char *const ends[] = {".html", ".htm", ".xhtml",
                                       ".html.gz", ".htm.gz", ".xhtml.gz"};
    for (size_t i = 0; i < sizeof ends / sizeof *ends; i++)
        if (has_suffix(path, ends[i]))
            return true;
    return false;
}

/* The gzip magic bytes. */
static bool is_gzip(const unsigned char *p, size_t len)
{
    return len >= 2 && p[0] == 0x1f && p[1] == 0x8b;
}

/* Inflate the gzip data art->raw (one member or several, as `cat a.gz
 * b.gz` makes) into the arena, at most max bytes.  Too large: DOC_SKIPPED
 * as for a large file.  Corrupt or truncated: what was inflated is kept
 * (DOC_REPAIRED) if anything was, else DOC_ERROR; the message says which
 * and where. */
static void gunzip_doc(struct arena *a, struct article *art, size_t max)
{
    z_stream z = {0};
    size_t cap = art->raw_len * 4 + 64, got = 0;
    unsigned char *out = NULL;
    const char *err = NULL;
    int rc = Z_OK;

    if (cap > max + 1)
        cap = max + 1;
    out = xmalloc(cap + 1);
    if (inflateInit2(&z, 16 + MAX_WBITS) != Z_OK) {
        free(out);
        art->status = DOC_ERROR;
        art->encoding = "";
        art->message = "gzip: cannot start zlib";
        return;
    }
    z.next_in = (unsigned char *)(uintptr_t)art->raw;
    z.avail_in = art->raw_len > UINT32_MAX ? UINT32_MAX : (uInt)art->raw_len;
    for (;;) {
        if (got == cap) {
            if (cap > max) {
                err = "too large";
                break;
            }
            cap = cap * 2 > max + 1 ? max + 1 : cap * 2;
            out = xrealloc(out, cap + 1);
        }
        size_t room = cap - got;
        z.next_out = out + got;
        z.avail_out = room > UINT32_MAX ? UINT32_MAX : (uInt)room;
        rc = inflate(&z, Z_NO_FLUSH);
        got = (size_t)(z.next_out - out);
        if (rc == Z_STREAM_END) {
            /* Another member may follow (skip trailing zero padding). */
            while (z.avail_in && *z.next_in == 0) {
                z.next_in++;
                z.avail_in--;
            }
            if (!z.avail_in)
                break;
            if (inflateReset(&z) != Z_OK) {
                err = "cannot restart zlib";
                break;
            }
            continue;
        }
        if (rc == Z_OK)
            continue;
        if (rc == Z_BUF_ERROR && z.avail_out)
            err = "unexpected end of data (truncated file?)";
        else if (rc != Z_BUF_ERROR)
            err = z.msg ? z.msg : "corrupt data";
        else
            continue;           /* output full: grow */
        break;
    }
    size_t at = (size_t)(z.next_in - art->raw);
    inflateEnd(&z);
    if (err && strcmp(err, "too large") == 0) {
        free(out);
        art->status = DOC_SKIPPED;
        art->encoding = "";
        art->message = arena_printf(a, "larger than --max-doc-size (%zu "
                                    "bytes) when decompressed", max);
        art->raw = NULL;
        return;
    }
    unsigned char *p = arena_alloc(a, got + 1);
    memcpy(p, out, got);
    p[got] = '\0';
    free(out);
    if (err) {
        art->message = arena_printf(a, "gzip: %s at compressed byte %zu%s",
                                    err, at, got ? ", the text before it "
                                    "kept" : "");
        art->status = got ? DOC_REPAIRED : DOC_ERROR;
        if (!got) {
            diag_error("%s: %s", art->doc_id, art->message);
            art->encoding = "";
            art->raw = NULL;
            return;
        }
    }
    art->raw = p;
    art->raw_len = got;
}

static void read_doc(struct input *in, struct arena *a, struct article *art,
                     const char *path, bool named)
{
    size_t len = 0;
    const char *kind = NULL;

    memset(art, 0, sizeof *art);
    art->doc_id = arena_strdup(a, path);
    art->path = art->doc_id;
    art->html = html_name(path);
    art->raw = slurp(a, path, in->max_size, named, &len, &kind);
    if (art->raw) {
        art->raw_len = len;
        if (is_gzip(art->raw, len))
            gunzip_doc(a, art, in->max_size);
    } else if (kind) {
        art->status = DOC_SKIPPED;
        art->encoding = "";
        art->message = arena_printf(a, "not a regular file (%s)", kind);
    } else if (errno == EFBIG) {
        art->raw_len = len;
        art->status = DOC_SKIPPED;
        art->encoding = "";
        art->message = arena_printf(a, "larger than --max-doc-size "
                                    "(%zu bytes)", in->max_size);
    } else {
        fail(a, art, path, errno);
    }
}

static bool enter_dir(struct input *in, struct arena *a, struct article *art,
                      const char *dir)
{
    enum fs_enter e = fs_walk_enter(&in->walk, dir);

    if (e == FS_ENTERED)
        return false;
    if (e != FS_ENTER_FAILED) {
        diag_warn("%s: skipped: %s", dir, fs_walk_refusal(e));
        return false;
    }
    int err = errno;
    memset(art, 0, sizeof *art);
    art->doc_id = arena_strdup(a, dir);
    art->path = art->doc_id;
    fail(a, art, dir, err);
    return true;
}

/* The next record of the open archive as a document; false at its end. */
static bool next_record(struct input *in, struct arena *a,
                        struct article *art)
{
    struct archive_rec rec;
    int rc = archive_next(in->ar, &rec);

    if (rc == 0) {
        close_archive(in);
        return false;
    }
    memset(art, 0, sizeof *art);
    art->path = arena_strdup(a, in->ar_path);
    /* Without an id: FILE:LINE, for a WARC record FILE:OFFSET (the byte
     * offset of its record or gzip member, as CDX indexes give it). */
    art->doc_id = rec.id ? arena_strdup(a, rec.id)
                  : in->ar_format == ARCH_WARC
                      ? arena_printf(a, "%s:%llu", in->ar_path, rec.offset)
                      : arena_printf(a, "%s:%lu", in->ar_path, rec.line);
    art->url = rec.url ? arena_strdup(a, rec.url) : NULL;
    art->date = rec.date ? arena_strdup(a, rec.date) : NULL;
    if (rc < 0 || rec.error) {
        /* A record too large is skipped like a big file (main warns); a
         * malformed one is an error, located here. */
        art->status = rec.too_large ? DOC_SKIPPED : DOC_ERROR;
        art->encoding = "";
        art->message = arena_strdup(a, rec.error ? rec.error
                                                 : strerror(errno));
        if (!rec.too_large)
            diag_error_at(in->ar_path, rec.line, rec.col, "%s",
                          art->message);
        if (rc < 0)
            close_archive(in);
        return true;
    }
    /* Copied: the record lives only until the next archive_next(), the
     * document until its arena is reset. */
    unsigned char *raw = arena_alloc(a, rec.text_len + 1);
    memcpy(raw, rec.text, rec.text_len + 1);
    art->raw = raw;
    art->raw_len = rec.text_len;
    art->raw_utf8 = rec.text_utf8;
    art->html = rec.html;
    art->charset = rec.charset ? arena_strdup(a, rec.charset) : NULL;
    return true;
}

/* Open 'p' as an archive if it is one: true if it was (in->ar set, or an
 * error document in *art with *ready set). */
static bool try_archive(struct input *in, struct arena *a,
                        struct article *art, const char *p, bool *ready)
{
    enum archive_format f = in->aopts ? archive_format_of(p, in->aopts)
                                      : ARCH_NONE;
    *ready = false;
    if (f == ARCH_NONE)
        return false;
    in->ar = archive_open(p, f, in->aopts, in->max_size);
    if (in->ar) {
        in->ar_path = xstrdup(p);
        in->ar_format = f;
        return true;
    }
    memset(art, 0, sizeof *art);
    art->doc_id = arena_strdup(a, p);
    art->path = art->doc_id;
    fail(a, art, p, errno);
    *ready = true;
    return true;
}

/* A file: an archive to open (false: its records come next), or one
 * document read into *art (true). */
static bool open_file(struct input *in, struct arena *a, struct article *art,
                      const char *p, bool named)
{
    bool ready;
    if (try_archive(in, a, art, p, &ready))
        return ready;
    read_doc(in, a, art, p, named);
    art->named = named;
    return true;
}

bool input_next(struct input *in, struct arena *a, struct article *art)
{
    for (;;) {
        if (in->ar) {
            if (next_record(in, a, art))
                return true;
            continue;
        }
        bool is_dir = false;
        const char *p = fs_walk_next(&in->walk, &is_dir);
        bool named = !p;
        if (!p) {
            if (in->next_path == in->n_paths)
                return false;
            p = in->paths[in->next_path++];
            is_dir = strcmp(p, "-") != 0 && fs_is_dir(p);
        }
        if (!is_dir) {
            if (open_file(in, a, art, p, named))
                return true;
            continue;
        }
        if (!named && is_expectation(p))
            continue;
        if (enter_dir(in, a, art, p))
            return true;
    }
}

unsigned long input_count(const char *const *paths, size_t n,
                          const struct archive_opts *ao)
{
    struct fs_walk w = {0};
    unsigned long total = 0;

    for (size_t i = 0; i < n; i++)
        if (strcmp(paths[i], "-") == 0 ||
            (ao && archive_format_of(paths[i], ao) != ARCH_NONE))
            return 0;
    /* The walk input_next() makes, without reading: each file is a
     * document, and so is a folder that cannot be listed (an error row). */
    for (size_t i = 0; i < n; i++) {
        const char *p = paths[i];
        bool is_dir;
        if (!fs_is_dir(p)) {
            total++;
            continue;
        }
        if (fs_walk_enter(&w, p) == FS_ENTER_FAILED)
            total++;
        while ((p = fs_walk_next(&w, &is_dir)) != NULL)
            if (!is_dir)
                total++;
            else if (!is_expectation(p) &&
                     fs_walk_enter(&w, p) == FS_ENTER_FAILED)
                total++;
    }
    fs_walk_fini(&w);
    return total;
}

static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

uint64_t input_digest(const char *const *paths, size_t n, bool resolve)
{
    char **v = xcalloc(n + 1, sizeof *v);
    uint64_t h = FNV64_START;

    for (size_t i = 0; i < n; i++) {
        const char *p = paths[i];
        v[i] = resolve && strcmp(p, "-") != 0 ? realpath(p, NULL) : NULL;
        if (!v[i]) {
            size_t len = strlen(p);
            while (len > 1 && p[len - 1] == '/')
                len--;
            v[i] = xstrndup(p, len);
        }
    }
    qsort(v, n, sizeof *v, cmp_str);
    for (size_t i = 0; i < n; i++) {
        h = fnv1a64(h, v[i], strlen(v[i]) + 1);
        free(v[i]);
    }
    free(v);
    return h;
}
