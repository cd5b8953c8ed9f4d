/*
 * pcache.c - the cache of compiled patterns (see pcache.h).
 *
 * One file per rule folder, DIR/KEY.pcre (KEY a hash of the folder's
 * path): a header (magic, PCRE2's version, entry count, a checksum of the
 * rest), then per pattern a hash of the options and its key, the key
 * (the pattern itself, or text that names it: pcache_find()), the length
 * of its serialized code and the code, padded to 8 bytes.  A pattern is
 * looked up by hash and its key compared, so a hash collision can only
 * cost a compile.  An entry with
 * no code (length 0) is a pattern PCRE2 found too large: the caller's
 * fallback (rules.c: subroutine calls) is then tried without compiling
 * the large one again, at every start, to fail; once the fallback is
 * compiled, the entry holds its code (pcache_alias()), and the next start
 * builds no fallback at all.  PCRE2 checks
 * that serialized code fits this library (magic, version, code unit
 * width); the checksum keeps a damaged file from being decoded at all.
 */
/* SPDX-License-Identifier: MIT */
#include "pcache.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include "fsutil.h"
#include "hash.h"
#include "xalloc.h"

static const char pcache_magic[16] = "utdrag pcre2 3";

struct pcache_head {
    char magic[16];
    uint64_t version;           /* hash of PCRE2's version string */
    uint64_t n;                 /* entries */
    uint64_t sum;               /* hash_sum64() of everything after this */
};

/* An entry as stored: pattern length and code length, then the options,
 * the pattern and the code, padded to 8 bytes. */
struct pcache_rec {
    uint64_t key;
    uint32_t options;
    uint32_t pat_len;
    uint64_t code_len;
};

struct entry {
    uint64_t key;
    uint32_t options;
    const char *pat;            /* pat_len bytes (in buf or owned) */
    size_t pat_len;
    const uint8_t *code;        /* serialized, code_len bytes */
    size_t code_len;
    bool used;                  /* by this load */
    bool owned;                 /* pat and code are malloc'd (new) */
};

struct pcache_pool {
    unsigned char *base;        /* mapping of 'cap' bytes, or NULL */
    size_t used, cap;
    bool sealed;                /* taken: malloc() from now on */
    pcre2_general_context *gc;  /* allocates from this pool */
};

struct pcache {
    char *path;                 /* NULL: no cache */
    char *dir;
    void *map;                  /* the file read, or NULL */
    size_t map_len;
    struct entry *v;
    size_t n, cap;
    bool dirty;                 /* a pattern was compiled, not decoded */
    struct pcache_pool *pool;   /* decoded code, until taken */
};

static void *pool_malloc(size_t n, void *data)
{
    struct pcache_pool *p = data;
    size_t need = (n + 15) & ~(size_t)15;
    if (p->sealed || !p->base || need > p->cap - p->used)
        return malloc(n);
    void *r = p->base + p->used;
    p->used += need;
    return r;
}

static void pool_free(void *ptr, void *data)
{
    struct pcache_pool *p = data;
    const unsigned char *c = ptr;
    if (p->base && c >= p->base && c < p->base + p->cap)
        return;                 /* the mapping goes as a whole */
    free(ptr);
}

/* A pool for the codes of the 'bytes' of serialized code just read. */
static struct pcache_pool *pool_new(size_t bytes, size_t n)
{
    struct pcache_pool *p = xcalloc(1, sizeof *p);
    /* Decoding adds a copy of the character tables (about 1 KB) and a
     * little rounding to each code. */
    size_t cap = bytes + n * 1280 + 4096;
    if (bytes) {
        p->base = xmap(cap);
        p->cap = cap;
    }
    p->gc = pcre2_general_context_create(pool_malloc, pool_free, p);
    if (!p->gc) {
        xunmap(p->base, p->cap);
        free(p);
        return NULL;
    }
    return p;
}

struct pcache_pool *pcache_take_pool(struct pcache *pc)
{
    if (!pc)
        return NULL;
    struct pcache_pool *p = pc->pool;
    pc->pool = NULL;
    if (p)
        p->sealed = true;
    return p;
}

void pcache_pool_free(struct pcache_pool *p)
{
    if (!p)
        return;
    pcre2_general_context_free(p->gc);
    xunmap(p->base, p->cap);
    free(p);
}

static uint64_t pcre2_version_hash(void)
{
    char v[64] = "";
    pcre2_config(PCRE2_CONFIG_VERSION, v);
    return fnv1a64(FNV64_START, v, strnlen(v, sizeof v));
}

static uint64_t key_of(const char *pat, size_t len, uint32_t options)
{
    /* Eight bytes a step: the patterns that splice in whole lists make
     * most of a megabyte to hash at every start. */
    return fnv1a64_wide(fnv1a64(FNV64_START, &options, sizeof options), pat,
                        len);
}

static size_t pad8(size_t n)
{
    return (n + 7) & ~(size_t)7;
}

static void add(struct pcache *pc, struct entry e)
{
    if (pc->n == pc->cap) {
        pc->cap = pc->cap ? 2 * pc->cap : 128;
        pc->v = xreallocarray(pc->v, pc->cap, sizeof *pc->v);
    }
    pc->v[pc->n++] = e;
}

/* Read the cache file; on any mismatch leave pc empty. */
static void load(struct pcache *pc)
{
    int fd;
    struct stat st;
    struct pcache_head h;

    if (fs_open_file(pc->path, &fd, &st) != FS_OPEN_OK)
        return;
    size_t len = (size_t)st.st_size;
    void *map = len >= sizeof h ? fs_map_file(fd, len) : NULL;
    close(fd);
    if (!map)
        return;
    const char *b = map;
    memcpy(&h, b, sizeof h);
    if (memcmp(h.magic, pcache_magic, sizeof h.magic) != 0 ||
        h.version != pcre2_version_hash() || h.n > 100000 ||
        hash_sum64(b + sizeof h, len - sizeof h) != h.sum) {
        munmap(map, len);
        return;
    }
    size_t at = sizeof h;
    for (uint64_t i = 0; i < h.n; i++) {
        struct pcache_rec r;
        if (len - at < sizeof r)
            break;
        memcpy(&r, b + at, sizeof r);
        at += sizeof r;
        if (r.pat_len > len - at || r.code_len > len - at - r.pat_len)
            break;
        add(pc, (struct entry){r.key, r.options, b + at, r.pat_len,
                               (const uint8_t *)b + at + r.pat_len,
                               (size_t)r.code_len, false, false});
        at += pad8(r.pat_len + (size_t)r.code_len);
    }
    pc->map = map;
    pc->map_len = len;
    size_t code = 0;
    for (size_t i = 0; i < pc->n; i++)
        code += pc->v[i].code_len;
    pc->pool = pool_new(code, pc->n);
}

struct pcache *pcache_open(const char *dir, const char *rules)
{
    struct pcache *pc = xcalloc(1, sizeof *pc);
    if (!dir || !*dir)
        return pc;
    /* Keyed by the folder's absolute path (as named: a link to it is
     * another cache, which costs one compile). */
    char cwd[4096] = "";
    uint64_t k = FNV64_START;
    if (rules[0] != '/' && getcwd(cwd, sizeof cwd))
        k = fnv1a64(fnv1a64(k, cwd, strlen(cwd)), "/", 1);
    k = fnv1a64(k, rules, strlen(rules));
    size_t n = strlen(dir) + 32;
    pc->path = xmalloc(n);
    snprintf(pc->path, n, "%s/%016llx.pcre", dir, (unsigned long long)k);
    pc->dir = xstrdup(dir);
    load(pc);
    return pc;
}

/* The entry of key[0..len) with 'options', or NULL. */
static struct entry *lookup(struct pcache *pc, const char *key, size_t len,
                            uint32_t options)
{
    uint64_t k = key_of(key, len, options);
    for (size_t i = 0; i < pc->n; i++) {
        struct entry *e = &pc->v[i];
        if (e->key == k && e->options == options && e->pat_len == len &&
            memcmp(e->pat, key, len) == 0)
            return e;
    }
    return NULL;
}

pcre2_code *pcache_find(struct pcache *pc, const char *key, size_t klen,
                        uint32_t options, int *err)
{
    struct entry *e = lookup(pc, key, klen, options);
    pcre2_code *code = NULL;

    *err = 0;
    if (!e)
        return NULL;
    if (!e->code_len) {
        e->used = true;
        *err = PCRE2_ERROR_PATTERN_TOO_LARGE;
        return NULL;
    }
    if (pcre2_serialize_decode(&code, 1, e->code,
                               pc->pool ? pc->pool->gc : NULL) != 1)
        return NULL;            /* does not decode: compile it */
    e->used = true;
    return code;
}

static char *copy(const char *s, size_t len)
{
    char *p = xmalloc(len ? len : 1);
    memcpy(p, s, len);
    return p;
}

pcre2_code *pcache_compile_as(struct pcache *pc, const char *key,
                              size_t klen, const char *pat, size_t len,
                              uint32_t options, int *err, PCRE2_SIZE *off)
{
    uint64_t k = key_of(key, klen, options);
    pcre2_code *code = pcre2_compile((PCRE2_SPTR)pat, len, options, err,
                                     off, NULL);
    if (!code && pc->path && *err == PCRE2_ERROR_PATTERN_TOO_LARGE) {
        add(pc, (struct entry){k, options, copy(key, klen), klen, NULL, 0,
                               true, true});
        pc->dirty = true;
    }
    if (!code || !pc->path)
        return code;
    uint8_t *bytes;
    PCRE2_SIZE size;
    const pcre2_code *one[1] = {code};
    if (pcre2_serialize_encode(one, 1, &bytes, &size, NULL) < 0)
        return code;
    uint8_t *c = xmalloc(size);
    memcpy(c, bytes, size);
    pcre2_serialize_free(bytes);
    add(pc, (struct entry){k, options, copy(key, klen), klen, c, size, true,
                           true});
    pc->dirty = true;
    return code;
}

pcre2_code *pcache_compile(struct pcache *pc, const char *pat, size_t len,
                           uint32_t options, int *err, PCRE2_SIZE *off)
{
    pcre2_code *code = pcache_find(pc, pat, len, options, err);
    if (code || *err) {
        *off = 0;
        return code;
    }
    return pcache_compile_as(pc, pat, len, pat, len, options, err, off);
}

void pcache_alias(struct pcache *pc, const char *key, size_t len,
                  uint32_t options, const pcre2_code *code)
{
    if (!pc->path || !code)
        return;
    struct entry *e = lookup(pc, key, len, options);
    if (!e || e->code_len)
        return;                 /* not remembered as too large, or done */
    uint8_t *bytes;
    PCRE2_SIZE size;
    const pcre2_code *one[1] = {code};
    if (pcre2_serialize_encode(one, 1, &bytes, &size, NULL) < 0)
        return;
    uint8_t *c = xmalloc(size);
    memcpy(c, bytes, size);
    pcre2_serialize_free(bytes);
    if (!e->owned) {            /* its key was in the map: keep a copy */
        e->pat = copy(key, len);
        e->owned = true;
    }
    e->code = c;
    e->code_len = size;
    e->used = true;
    pc->dirty = true;
}

static void save(struct pcache *pc)
{
    struct pcache_head h = {.version = pcre2_version_hash()};
    size_t len = sizeof h;
    for (size_t i = 0; i < pc->n; i++)
        if (pc->v[i].used) {
            h.n++;
            len += sizeof(struct pcache_rec) +
                   pad8(pc->v[i].pat_len + pc->v[i].code_len);
        }
    char *b = xcalloc(1, len);
    size_t at = sizeof h;
    for (size_t i = 0; i < pc->n; i++) {
        const struct entry *e = &pc->v[i];
        if (!e->used)
            continue;
        struct pcache_rec r = {e->key, e->options, (uint32_t)e->pat_len,
                               e->code_len};
        memcpy(b + at, &r, sizeof r);
        at += sizeof r;
        memcpy(b + at, e->pat, e->pat_len);
        if (e->code_len)        /* none: a pattern too large */
            memcpy(b + at + e->pat_len, e->code, e->code_len);
        at += pad8(e->pat_len + e->code_len);
    }
    memcpy(h.magic, pcache_magic, sizeof h.magic);
    h.sum = hash_sum64(b + sizeof h, len - sizeof h);
    memcpy(b, &h, sizeof h);
    fs_write_atomic(pc->dir, pc->path, b, len);
    free(b);
}

void pcache_close(struct pcache *pc, bool save_it)
{
    if (!pc)
        return;
    if (save_it && pc->dirty && pc->path)
        save(pc);
    for (size_t i = 0; i < pc->n; i++)
        if (pc->v[i].owned) {
            free((void *)(uintptr_t)pc->v[i].pat);
            free((void *)(uintptr_t)pc->v[i].code);
        }
    if (pc->map)
        munmap(pc->map, pc->map_len);
    pcache_pool_free(pc->pool);     /* not taken: no code decoded lives */
    free(pc->v);
    free(pc->path);
    free(pc->dir);
    free(pc);
}
