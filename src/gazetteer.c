/*
 * gazetteer.c - gazetteers (see gazetteer.h): load a list, look a name
 * up with the form words and genitives news adds, tell a place's
 * identity.
 */
/* SPDX-License-Identifier: MIT */
#include "gazetteer.h"

#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>
#include <stddef.h>

#include "arena.h"
#include "diag.h"
#include "fsutil.h"
#include "hash.h"
#include "normalize.h"
#include "xalloc.h"

#include <utf8proc.h>

/* Strip spaces and tabs at both ends, in place. */
static char *trim(char *s)
{
    while (*s == ' ' || *s == '\t')
        s++;
    size_t n = strlen(s);
    while (n && (s[n - 1] == ' ' || s[n - 1] == '\t' || s[n - 1] == '\r'))
        s[--n] = '\0';
    return s;
}

/* ---- loading ----------------------------------------------------------- */

/* Sorting forms by key, then entry, then file order.  A list of the
 * world's places has about 34,000 forms, sorted at every start: a radix
 * sort on the first eight bytes of each key (read as one big-endian
 * number) orders nearly all of them without comparing strings, and sorts
 * indices, not forms, to touch little memory (start-up time is measured
 * in `make bench`). */
static uint64_t key_prefix(const char *key)
{
    uint64_t v = 0;
    size_t i = 0;
    for (; i < 8 && key[i]; i++)
        v = v << 8 | (unsigned char)key[i];
    return v << 8 * (8 - i);
}

static int cmp_forms(const struct gaz_form *x, const struct gaz_form *y,
                     uint32_t ix, uint32_t iy)
{
    int c = strcmp(x->key, y->key);
    if (c)
        return c;
    if (x->entry != y->entry)
        return x->entry < y->entry ? -1 : 1;
    return ix < iy ? -1 : ix > iy;
}

static bool form_before(const struct gazetteer *g, uint32_t x, uint32_t y)
{
    return cmp_forms(&g->forms[x], &g->forms[y], x, y) < 0;
}

/* Sort v[0..n) (form indices) by cmp_forms(), with tmp (n entries) as
 * scratch: insertion for a few, else a merge sort (a total order: any
 * sort gives the same result). */
static void sort_run(const struct gazetteer *g, uint32_t *v, uint32_t *tmp,
                     size_t n)
{
    if (n <= 8) {
        for (size_t i = 1; i < n; i++)
            for (size_t j = i; j > 0 && form_before(g, v[j], v[j - 1]); j--) {
                uint32_t t = v[j];
                v[j] = v[j - 1];
                v[j - 1] = t;
            }
        return;
    }
    size_t h = n / 2, a = 0, b = h, k = 0;
    sort_run(g, v, tmp, h);
    sort_run(g, v + h, tmp, n - h);
    while (a < h && b < n)
        tmp[k++] = form_before(g, v[b], v[a]) ? v[b++] : v[a++];
    while (a < h)
        tmp[k++] = v[a++];
    memcpy(v, tmp, k * sizeof *v);  /* v[b..n) is in place already */
}

static void sort_forms(struct gazetteer *g)
{
    size_t n = g->n_forms;
    uint64_t *pre = xreallocarray(NULL, n, sizeof *pre);
    uint32_t *idx = xreallocarray(NULL, n, sizeof *idx);
    uint32_t *tmp = xreallocarray(NULL, n, sizeof *tmp);
    size_t count[256];

    for (size_t i = 0; i < n; i++) {
        pre[i] = key_prefix(g->forms[i].key);
        idx[i] = (uint32_t)i;
    }
    /* LSD, a byte a pass: stable, so equal prefixes stay in file order. */
    for (int shift = 0; shift < 64; shift += 8) {
        memset(count, 0, sizeof count);
        for (size_t i = 0; i < n; i++)
            count[pre[idx[i]] >> shift & 0xFF]++;
        if (count[pre[idx[0]] >> shift & 0xFF] == n)
            continue;           /* all share this byte */
        size_t sum = 0;
        for (size_t d = 0; d < 256; d++) {
            size_t c = count[d];
            count[d] = sum;
            sum += c;
        }
        for (size_t i = 0; i < n; i++)
            tmp[count[pre[idx[i]] >> shift & 0xFF]++] = idx[i];
        uint32_t *t = idx;
        idx = tmp;
        tmp = t;
    }
    /* Runs of equal prefixes by the whole comparison ("municipality of
     * ..." makes one of some 300 forms). */
    for (size_t i = 0; i < n;) {
        size_t j = i + 1;
        while (j < n && pre[idx[j]] == pre[idx[i]])
            j++;
        if (j - i > 1)
            sort_run(g, idx + i, tmp, j - i);
        i = j;
    }
    free(pre);
    free(tmp);
    struct gaz_form *out = xreallocarray(NULL, n, sizeof *out);
    for (size_t i = 0; i < n; i++)
        out[i] = g->forms[idx[i]];
    free(idx);
    free(g->forms);
    g->forms = out;
}

static uint64_t key_hash(const char *key)
{
    return fnv1a64(FNV64_START, key, strlen(key));
}

/* A slot's tag: the hash bits the slot index does not use (most keys
 * that probe a slot of another key are turned down by it, without a
 * string comparison). */
static uint32_t key_tag(uint64_t h)
{
    return (uint32_t)(h >> 32);
}

/* Index g's forms by key: the hash maps a key to its first form, and
 * forms with the same key (of other entries) follow it through 'next', in
 * array order.  Forms of one entry with a key it has already, and the
 * same spelling on another entry (eight places called Springfield: the
 * first, most populous, keeps it) are dropped; so is a spelling that is
 * the same once case is folded.  Entries that share a key keep their
 * folded spellings, which tell them apart (Håbo, Habo: gaz_pick()). */
static void link_forms(struct arena *mem, struct gazetteer *g)
{
    size_t slots = 16;
    while (slots < 2 * g->n_forms)
        slots *= 2;
    struct gaz_slot *head = arena_calloc(mem, slots, sizeof *head);
    uint32_t *tail = xcalloc(g->n_forms + 1, sizeof *tail);
    size_t w = 0;

    for (size_t i = 0; i < g->n_forms; i++) {
        struct gaz_form f = g->forms[i];
        f.next = 0;
        f.fold = NULL;
        uint64_t h = key_hash(f.key);
        size_t at = (size_t)h & (slots - 1);
        while (head[at].form &&
               strcmp(g->forms[head[at].form - 1].key, f.key) != 0)
            at = (at + 1) & (slots - 1);
        if (!head[at].form) {
            g->forms[w] = f;
            head[at] = (struct gaz_slot){(uint32_t)w + 1, key_tag(h)};
            tail[w] = (uint32_t)w + 1;
            w++;
            continue;
        }
        /* A second form of an entry the key already names adds nothing,
         * nor the same spelling of another entry of the same country (the
         * first, most populous, keeps it).  Of another country it does: a
         * lookup that knows the country ("finska Laukaa": the Finnish
         * municipality, not Luga, whose Finnish name it is) takes it
         * (gaz_in_country()), any other the first in file order. */
        size_t first = head[at].form - 1;
        const char *cc = g->entries[f.entry].country;
        bool same = false;
        for (size_t k = first + 1; k && !same; k = g->forms[k - 1].next) {
            const struct gaz_form *o = &g->forms[k - 1];
            same = o->entry == f.entry ||
                   (strcmp(o->text, f.text) == 0 &&
                    strcmp(g->entries[o->entry].country, cc) == 0);
        }
        if (!same) {
            f.fold = norm_fold(mem, f.text, strlen(f.text));
            for (size_t k = first + 1; k && !same; k = g->forms[k - 1].next) {
                struct gaz_form *o = &g->forms[k - 1];
                if (!o->fold)
                    o->fold = norm_fold(mem, o->text, strlen(o->text));
                same = strcmp(o->fold, f.fold) == 0 &&
                       strcmp(g->entries[o->entry].country, cc) == 0;
            }
        }
        if (same)
            continue;
        g->forms[w] = f;
        g->forms[tail[first] - 1].next = (uint32_t)w + 1;
        tail[first] = (uint32_t)w + 1;
        w++;
    }
    free(tail);
    g->n_forms = w;
    g->hash = head;
    g->hash_mask = slots - 1;
    /* Sixteen bits per key: one key in sixteen that no form has gets
     * past the filter. */
    size_t bits = 512;
    while (bits < 16 * g->n_forms)
        bits *= 2;
    g->bloom = arena_calloc(mem, bits / 64, sizeof *g->bloom);
    g->bloom_mask = bits - 1;
    for (size_t i = 0; i <= g->hash_mask; i++)
        if (head[i].form)
            g->bloom[(head[i].tag & g->bloom_mask) / 64] |=
                1ull << (head[i].tag & 63);
}

/* gaz_find() with the key's key_hash() h already made: lookups try one
 * key in several lists. */
static const struct gaz_form *find_hashed(const struct gazetteer *g,
                                          const char *key, uint64_t h)
{
    uint32_t t = key_tag(h);
    if (!g->hash || !(g->bloom[(t & g->bloom_mask) / 64] >> (t & 63) & 1))
        return NULL;
    for (size_t at = (size_t)h & g->hash_mask; g->hash[at].form;
         at = (at + 1) & g->hash_mask) {
        const struct gaz_form *f = &g->forms[g->hash[at].form - 1];
        if (g->hash[at].tag == t && strcmp(f->key, key) == 0)
            return f;
    }
    return NULL;
}

const struct gaz_form *gaz_find(const struct gazetteer *g, const char *key)
{
    return find_hashed(g, key, key_hash(key));
}

static void add_form(struct arena *mem, struct gazetteer *g, size_t *cap,
                     const char *text, uint32_t entry)
{
    size_t klen;
    const char *t = text;       /* in the list's text, kept (g->data) */
    char *key = norm_key(mem, t, strlen(t), &klen);
    if (!*key)
        return;
    if (g->n_forms == *cap) {
        *cap = *cap ? *cap * 2 : 256;
        g->forms = xreallocarray(g->forms, *cap, sizeof *g->forms);
    }
    g->forms[g->n_forms++] = (struct gaz_form){
        .text = t, .key = key, .entry = entry,
    };
}

/* Split a TSV line in place into at most 'max' fields. */
static size_t tsv_fields(char *line, char **f, size_t max)
{
    size_t n = 0;
    for (char *p = line; n < max;) {
        char *tab = strchr(p, '\t');
        f[n++] = p;
        if (!tab)
            break;
        *tab = '\0';
        p = tab + 1;
    }
    return n;
}


/* ---- a cache of large lists ------------------------------------------- */

/* A list of at least this many bytes (the world gazetteer, and the first
 * names, partners, municipalities and common words) is loaded from a
 * cache of what gaz_load() made of it before, when the file is the same
 * one (path, device, inode, size and modification time, as make and ccache
 * tell): mapping the cache costs a fifth of reading, folding and
 * linking forty thousand names at every start, and for the 6,000 first
 * names a tenth (their norm_key()s were 7 million instructions).  It is
 * best effort: a missing, stale or damaged cache (a checksum of the
 * whole, and every offset and index checked before use) means the list is
 * read as usual and the cache written again (a temporary file renamed: a
 * reader sees a whole file or none). */
#define CACHE_MIN_BYTES (4u * 1024u)
#define CACHE_NONE UINT32_MAX

static const char cache_magic[32] = "utdrag gazetteer cache 6";

struct cache_head {
    char magic[32];
    uint64_t dev, ino, size, mtime_s, mtime_ns;     /* the list file's */
    uint64_t digest;            /* fnv1a64_wide of its bytes */
    uint64_t n_entries, n_forms, strings_len, slots, bloom_words;
    uint64_t layout;            /* sizes of the records, for another build */
    uint64_t sum;               /* hash_sum64() of everything after this */
    uint64_t check;             /* fnv1a64 of the fields above */
};

struct cache_entry {
    uint32_t name, code, country;   /* offsets into the text; NONE: "" */
};

struct cache_form {
    uint32_t text, key, fold;   /* text: into the text; key, fold: into
                                   the strings; fold NONE: NULL */
    uint32_t entry, next;
};

static size_t pad8(size_t n)
{
    return (n + 7) & ~(size_t)7;
}

static uint64_t cache_layout(void)
{
    return (uint64_t)sizeof(struct cache_head) << 48 |
           (uint64_t)sizeof(struct cache_entry) << 32 |
           (uint64_t)sizeof(struct cache_form) << 16 |
           (uint64_t)sizeof(struct gaz_slot);
}

static void cache_identity(struct cache_head *h, const struct stat *st)
{
    h->dev = (uint64_t)st->st_dev;
    h->ino = (uint64_t)st->st_ino;
    h->size = (uint64_t)st->st_size;
    h->mtime_s = (uint64_t)st->st_mtim.tv_sec;
    h->mtime_ns = (uint64_t)st->st_mtim.tv_nsec;
}

static uint64_t cache_check(const struct cache_head *h)
{
    return fnv1a64(FNV64_START, h, offsetof(struct cache_head, check));
}

/* DIR/KEY.gaz, KEY a hash of the list's path: one cache file per list. */
static char *cache_path(const struct gazetteer *g)
{
    size_t n = strlen(g->cache_dir) + 32;
    char *p = xmalloc(n);
    snprintf(p, n, "%s/%016llx.gaz", g->cache_dir,
             (unsigned long long)fnv1a64(FNV64_START, g->path,
                                         strlen(g->path)));
    return p;
}

/* The byte offsets of a cache file's parts, from its header. */
struct cache_parts {
    size_t ent, form, slot, bloom, str, text, end;
};

static bool cache_parts(const struct cache_head *h, struct cache_parts *c)
{
    if (h->n_entries >= CACHE_NONE || h->n_forms >= CACHE_NONE ||
        h->strings_len >= CACHE_NONE || h->slots >= CACHE_NONE ||
        h->bloom_words >= CACHE_NONE || h->size >= CACHE_NONE)
        return false;
    c->ent = pad8(sizeof *h);
    c->form = c->ent + pad8(h->n_entries * sizeof(struct cache_entry));
    c->slot = c->form + pad8(h->n_forms * sizeof(struct cache_form));
    c->bloom = c->slot + pad8(h->slots * sizeof(struct gaz_slot));
    c->str = c->bloom + h->bloom_words * sizeof(uint64_t);
    c->text = c->str + pad8(h->strings_len);
    c->end = c->text + h->size + 1;
    return true;
}

/* Fill g from the cache of the list file st describes.  False (g
 * unchanged) if there is none or it does not check out. */
static bool cache_load(struct gazetteer *g, const struct stat *st,
                       uint64_t *digest)
{
    char *path = cache_path(g);
    int fd;
    struct stat cst;
    struct cache_head h, want;
    struct cache_parts c;
    struct gaz_entry *entries = NULL;
    struct gaz_form *forms = NULL;

    enum fs_open how = fs_open_file(path, &fd, &cst);
    free(path);
    if (how != FS_OPEN_OK)
        return false;
    size_t n = (size_t)cst.st_size;
    void *map = n >= sizeof h ? fs_map_file(fd, n) : NULL;
    close(fd);
    if (!map)
        return false;
    const char *buf = map;
    memcpy(&h, buf, sizeof h);
    cache_identity(&want, st);
    if (memcmp(h.magic, cache_magic, sizeof h.magic) != 0 ||
        h.check != cache_check(&h) || h.layout != cache_layout() ||
        h.dev != want.dev || h.ino != want.ino || h.size != want.size ||
        h.mtime_s != want.mtime_s || h.mtime_ns != want.mtime_ns ||
        !cache_parts(&h, &c) || c.end != n ||
        hash_sum64(buf + sizeof h, n - sizeof h) !=
            h.sum || h.slots < 16 ||
        (h.slots & (h.slots - 1)) || h.bloom_words < 8 ||
        (h.bloom_words & (h.bloom_words - 1)))
        goto bad;
    size_t len = (size_t)h.size;
    const char *strings = buf + c.str, *text = buf + c.text;
    if (!h.strings_len || strings[h.strings_len - 1] || text[len])
        goto bad;
    /* Every offset within its blob (which ends in a NUL), every index
     * within its array: a damaged file is refused, never followed.  Each
     * record is checked as it is converted (one pass over the file). */
    const struct cache_entry *ce = (const void *)(buf + c.ent);
    const struct cache_form *cf = (const void *)(buf + c.form);
    const struct gaz_slot *cs = (const void *)(buf + c.slot);
    uint32_t max_form = 0;
    for (size_t i = 0; i < h.slots; i++)
        max_form = cs[i].form > max_form ? cs[i].form : max_form;
    if (max_form > h.n_forms)
        goto bad;
    entries = xcalloc(h.n_entries ? h.n_entries : 1, sizeof *entries);
    for (size_t i = 0; i < h.n_entries; i++) {
        if (ce[i].name >= len ||
            (ce[i].code != CACHE_NONE && ce[i].code >= len) ||
            (ce[i].country != CACHE_NONE && ce[i].country >= len))
            goto bad;
        entries[i] = (struct gaz_entry){
            text + ce[i].name,
            ce[i].code == CACHE_NONE ? "" : text + ce[i].code,
            ce[i].country == CACHE_NONE ? "" : text + ce[i].country,
        };
    }
    forms = xcalloc(h.n_forms ? h.n_forms : 1, sizeof *forms);
    for (size_t i = 0; i < h.n_forms; i++) {
        if (cf[i].text >= len || cf[i].key >= h.strings_len ||
            (cf[i].fold != CACHE_NONE && cf[i].fold >= h.strings_len) ||
            cf[i].entry >= h.n_entries || cf[i].next > h.n_forms)
            goto bad;
        forms[i] = (struct gaz_form){
            text + cf[i].text, strings + cf[i].key,
            cf[i].fold == CACHE_NONE ? NULL : strings + cf[i].fold,
            cf[i].entry, cf[i].next,
        };
    }
    g->entries = entries;
    g->forms = forms;
    /* Read only, never written: gaz_sort() makes a new table. */
    g->hash = (struct gaz_slot *)(uintptr_t)cs;
    g->bloom = (uint64_t *)(uintptr_t)(buf + c.bloom);
    g->n_entries = h.n_entries;
    g->n_forms = h.n_forms;
    g->hash_mask = h.slots - 1;
    g->bloom_mask = h.bloom_words * 64 - 1;
    g->map = map;
    g->map_len = n;
    *digest = h.digest;
    return true;
bad:
    free(entries);
    free(forms);
    munmap(map, n);
    return false;
}

static void put(char **b, size_t *n, size_t *cap, const void *p, size_t k)
{
    if (*n + k + 8 > *cap) {
        *cap = 2 * (*n + k + 8);
        *b = xrealloc(*b, *cap);
    }
    if (k)
        memcpy(*b + *n, p, k);
    *n += k;
    while (*n & 7)
        (*b)[(*n)++] = '\0';
}

/* Write what gaz_load() made of the list file st describes (its bytes
 * hashing to 'digest') to its cache. */
static void cache_store(const struct gazetteer *g, const struct stat *st,
                        uint64_t digest, size_t len)
{
    char *str = NULL;
    size_t sn = 0, scap = 0;
    bool fits = len < CACHE_NONE;
    struct cache_form *cf = xcalloc(g->n_forms + 1, sizeof *cf);
    struct cache_entry *ce = xcalloc(g->n_entries + 1, sizeof *ce);

    /* The keys and folded spellings, one blob. */
    for (size_t i = 0; i < g->n_forms && fits; i++) {
        const struct gaz_form *f = &g->forms[i];
        size_t kl = strlen(f->key) + 1;
        size_t fl = f->fold ? strlen(f->fold) + 1 : 0;
        if (sn + kl + fl > scap) {
            scap = 2 * (sn + kl + fl);
            str = xrealloc(str, scap);
        }
        cf[i] = (struct cache_form){(uint32_t)(f->text - g->data),
                                    (uint32_t)sn, CACHE_NONE, f->entry,
                                    f->next};
        memcpy(str + sn, f->key, kl);
        sn += kl;
        if (f->fold) {
            cf[i].fold = (uint32_t)sn;
            memcpy(str + sn, f->fold, fl);
            sn += fl;
        }
        fits = sn < CACHE_NONE;
    }
    for (size_t i = 0; i < g->n_entries; i++) {
        const struct gaz_entry *e = &g->entries[i];
#define OFF(p) (*(p) ? (uint32_t)((p) - g->data) : CACHE_NONE)
        ce[i] = (struct cache_entry){OFF(e->name), OFF(e->code),
                                     OFF(e->country)};
#undef OFF
    }
    struct cache_head h = {
        .digest = digest, .n_entries = g->n_entries, .n_forms = g->n_forms,
        .strings_len = sn, .slots = g->hash_mask + 1,
        .bloom_words = (g->bloom_mask + 1) / 64, .layout = cache_layout(),
    };
    memcpy(h.magic, cache_magic, sizeof h.magic);
    cache_identity(&h, st);
    if (fits && sn && (uint64_t)len == h.size) {
        char *b = NULL, *path = cache_path(g);
        size_t n = 0, cap = 0;
        put(&b, &n, &cap, &h, sizeof h);
        put(&b, &n, &cap, ce, g->n_entries * sizeof *ce);
        put(&b, &n, &cap, cf, g->n_forms * sizeof *cf);
        put(&b, &n, &cap, g->hash, h.slots * sizeof *g->hash);
        put(&b, &n, &cap, g->bloom, h.bloom_words * sizeof *g->bloom);
        put(&b, &n, &cap, str, sn);
        b = xrealloc(b, n + len + 1);
        memcpy(b + n, g->data, len + 1);
        n += len + 1;
        h.sum = hash_sum64(b + sizeof h, n - sizeof h);
        h.check = cache_check(&h);
        memcpy(b, &h, sizeof h);
        fs_write_atomic(g->cache_dir, path, b, n);
        free(b);
        free(path);
    }
    free(str);
    free(cf);
    free(ce);
}

bool gaz_load(struct gazetteer *g, struct arena *mem, uint64_t *digest,
              size_t max)
{
    size_t len = 0, cap_forms = 0;
    int c_name = -1, c_code = -1, c_short = -1, c_alias = -1, c_country = -1;
    unsigned long lineno = 0;
    bool ok = false;
    int fd;
    struct stat st;

    /* A list named by a FIFO or device is an error, never waited on. */
    enum fs_open how = fs_open_file(g->path, &fd, &st);
    if (how == FS_OPEN_NOT_REGULAR) {
        diag_error_at(g->file, g->line, 0, "list %s: %s: not a regular file "
                      "(%s)", g->name, g->path, fs_kind(st.st_mode));
        return false;
    }
    /* (The cache gives the digest of the list's bytes, so it serves a
     * digest that starts here, as rules_load()'s do.) */
    bool cached = how == FS_OPEN_OK && g->cache_dir && *digest == FNV64_START &&
                  (uintmax_t)st.st_size >= CACHE_MIN_BYTES &&
                  (uintmax_t)st.st_size < max;
    if (cached && cache_load(g, &st, digest)) {
        close(fd);
        return true;
    }
    char *text = how == FS_OPEN_OK ? fs_read_fd(fd, max, &len) : NULL;
    if (!text) {
        diag_error_at(g->file, g->line, 0, "list %s: %s: %s", g->name,
                      g->path, strerror(errno));
        return false;
    }
    *digest = fnv1a64_wide(*digest, text, len);
    for (char *p = text; p < text + len;) {
        char *nl = memchr(p, '\n', (size_t)(text + len - p));
        char *end = nl ? nl : text + len;
        *end = '\0';
        if (end > p && end[-1] == '\r')
            end[-1] = '\0';
        char *line = p;
        p = end + 1;
        lineno++;
        if (!*line || *line == '#')
            continue;
        char *f[16];
        size_t nf = tsv_fields(line, f, 16);
        if (c_name < 0) {
            for (size_t i = 0; i < nf; i++) {
                const char *h = trim(f[i]);
                if (strcmp(h, "name") == 0)
                    c_name = (int)i;
                else if (strcmp(h, "code") == 0)
                    c_code = (int)i;
                else if (strcmp(h, "short") == 0)
                    c_short = (int)i;
                else if (strcmp(h, "aliases") == 0)
                    c_alias = (int)i;
                else if (strcmp(h, "country") == 0)
                    c_country = (int)i;
            }
            if (c_name < 0) {
                diag_error_at(g->path, lineno, 0,
                              "list header has no 'name' column");
                goto out;
            }
            continue;
        }
        if ((size_t)c_name >= nf || !*trim(f[c_name])) {
            diag_error_at(g->path, lineno, 0, "row has no name");
            goto out;
        }
        uint32_t ei = (uint32_t)g->n_entries;
        if ((ei & (ei - 1)) == 0)   /* grow at 0, 1, 2, 4, 8 ... */
            g->entries = xreallocarray(g->entries, ei ? 2 * (size_t)ei : 1,
                                       sizeof *g->entries);
        g->n_entries++;
        char none[1] = "";
#define FIELD(c) ((c) >= 0 && (size_t)(c) < nf ? trim(f[c]) : none)
            g->entries[ei] = (struct gaz_entry){
            .name = FIELD(c_name),
            .code = *FIELD(c_code) ? FIELD(c_code) : "",
            .country = *FIELD(c_country) ? FIELD(c_country) : "",
        };
        add_form(mem, g, &cap_forms, FIELD(c_name), ei);
        if (*FIELD(c_short))
            add_form(mem, g, &cap_forms, FIELD(c_short), ei);
        for (char *a = FIELD(c_alias); a && *a;) {
            char *bar = strchr(a, '|');
            if (bar)
                *bar = '\0';
            if (*trim(a))
                add_form(mem, g, &cap_forms, trim(a), ei);
            a = bar ? bar + 1 : NULL;
        }
#undef FIELD
    }
    if (c_name < 0) {
        diag_error_at(g->path, 1, 0, "empty list (no header)");
        goto out;
    }
    link_forms(mem, g);
    g->data = text;             /* entries and forms point into it */
    text = NULL;
    if (cached)
        cache_store(g, &st, *digest, len);
    ok = true;
out:
    free(text);
    return ok;
}


const struct gaz_form *gaz_pick(struct arena *a, const struct gazetteer *g,
                                const struct gaz_form *f, const char *text,
                                size_t len)
{
    if (!f || !f->fold)
        return f;               /* the key is this entry's alone */
    const char *t = norm_fold(a, text, len);
    for (const struct gaz_form *o = f; o;
         o = o->next ? &g->forms[o->next - 1] : NULL)
        if (o->fold && strstr(t, o->fold))
            return o;
    return f;
}

const struct gaz_entry *gaz_in_country(const struct gazetteer *g,
                                       const struct gaz_form *f,
                                       const char *country)
{
    if (!f || !country || !*country)
        return NULL;
    for (const struct gaz_form *o = gaz_find(g, f->key); o;
         o = o->next ? &g->forms[o->next - 1] : NULL)
        if (strcmp(g->entries[o->entry].country, country) == 0)
            return &g->entries[o->entry];
    return NULL;
}

/* ---- lookups -------------------------------------------------------- */

/* Affixes news adds to place names; tried after the value as written.
 * (Lists may of course carry these forms themselves.) */
#define AFFIX(text, key, gen) \
    {text, sizeof text - 1, key, sizeof key - 1, gen}
static const struct affix {
    const char *text;           /* as a text writes it (the scan) */
    size_t text_len;
    const char *key;            /* its norm_key() (lookups) */
    size_t key_len;
    char genitive;              /* the ending of a genitive before it:
                                   's' ("Pargas stad"), 'n' (Finnish
                                   "Loviisan kaupunki") */
} place_suffixes[] = {
    AFFIX(" kommun", " kommun", 's'), AFFIX(" kommuns", " kommuns", 's'),
    AFFIX(" stad", " stad", 's'), AFFIX(" stads", " stads", 's'),
    AFFIX(" kommune", " kommune", 's'),
    AFFIX(" municipality", " municipality", 's'),
    AFFIX(" city", " city", 's'), AFFIX(" county", " county", 's'),
    AFFIX(" hromada", " hromada", 's'), AFFIX(" region", " region", 's'),
    AFFIX(" län", " lan", 's'), AFFIX(" läns", " lans", 's'),
    AFFIX(" county council", " county council", 's'),
    AFFIX(" landsting", " landsting", 's'),
    AFFIX(" local municipality", " local municipality", 's'),
    /* Latvia's planning regions: "Vidzeme planeringsregion". */
    AFFIX(" planning region", " planning region", 's'),
    AFFIX(" planeringsregion", " planeringsregion", 's'),
    /* Lithuania's "Pasvalys District Municipality", "Kaunas City
     * Municipality" (rajono, miesto savivaldybė). */
    AFFIX(" district municipality", " district municipality", 's'),
    AFFIX(" city municipality", " city municipality", 's'),
    AFFIX(" rural municipality", " rural municipality", 's'),
    AFFIX(" urban municipality", " urban municipality", 's'),
    AFFIX(" vald", " vald", 's'), AFFIX(" linn", " linn", 's'),
    AFFIX(" parish", " parish", 's'), AFFIX(" pagasts", " pagasts", 's'),
    AFFIX(" district council", " district council", 's'),
    /* Botswana's sub-district councils, Uganda's and Ethiopia's
     * administrations: "Serowe Administrative Authority". */
    AFFIX(" administrative authority", " administrative authority", 's'),
    AFFIX(" district administration", " district administration", 's'),
    AFFIX(" city administration", " city administration", 's'),
    AFFIX(" municipal district", " municipal district", 's'),
    AFFIX(" district", " district", 's'),
    AFFIX(" district local government", " district local government", 's'),
    AFFIX(" local government", " local government", 's'),
    AFFIX(" town government", " town government", 's'),
    AFFIX(" city government", " city government", 's'),
    AFFIX(" municipal government", " municipal government", 's'),
    AFFIX(" municipal council", " municipal council", 's'),
    AFFIX(" metropolitan assembly", " metropolitan assembly", 's'),
    AFFIX(" municipal assembly", " municipal assembly", 's'),
    AFFIX(" district assembly", " district assembly", 's'),
    AFFIX(" metropolitan municipality", " metropolitan municipality", 's'),
    AFFIX(" town council", " town council", 's'),
    AFFIX(" borough council", " borough council", 's'),
    AFFIX(" borough", " borough", 's'),
    AFFIX(" city council", " city council", 's'),
    AFFIX(" islands council", " islands council", 's'),
    AFFIX(" city corporation", " city corporation", 's'),
    AFFIX(" municipal corporation", " municipal corporation", 's'),
    AFFIX(" council", " council", 's'),
    AFFIX(" city hall", " city hall", 's'),
    AFFIX(" town hall", " town hall", 's'),
    AFFIX(" mayor's office", " mayor s office", 's'),
    AFFIX(" territorial community", " territorial community", 's'),
    AFFIX(" community", " community", 's'), AFFIX(" oblast", " oblast", 's'),
    AFFIX(" province", " province", 's'), AFFIX(" raion", " raion", 's'),
    AFFIX(" rayon", " rayon", 's'), AFFIX(" novads", " novads", 's'),
    AFFIX(" kaupunki", " kaupunki", 'n'), AFFIX(" kunta", " kunta", 'n'),
    AFFIX(" herad", " herad", 's'),
    AFFIX(" fylkeskommune", " fylkeskommune", 's'),
    AFFIX(" fylke", " fylke", 's'),
    AFFIX(" regionskommune", " regionskommune", 's'),
    AFFIX(" maakunta", " maakunta", 'n'),
    /* Finland's regional councils: "Lapplands förbund", "Lapin liitto". */
    AFFIX(" förbund", " forbund", 's'), AFFIX(" liitto", " liitto", 'n'),
    AFFIX(" maakuntaliitto", " maakuntaliitto", 'n'),
    AFFIX(" municipality's", " municipality s", 's'),
    AFFIX(" kommunes", " kommunes", 's'), AFFIX(" kommunens", " kommunens", 's'),
    /* Ukrainian: "(міська|сільська|селищна) (територіальна) громада". */
    AFFIX(" міська територіальна громада",
          " miska terytorialna gromada", 's'),
    AFFIX(" сільська територіальна громада",
          " silska terytorialna gromada", 's'),
    AFFIX(" селищна територіальна громада",
          " selyshchna terytorialna gromada", 's'),
    AFFIX(" територіальна громада", " terytorialna gromada", 's'),
    AFFIX(" громада", " gromada", 's'),
    /* its other cases: "зі Зборівською громадою", "для громади" */
    AFFIX(" громадою", " gromadoiu", 's'), AFFIX(" громади", " gromady", 's'),
    AFFIX(" громаді", " gromadi", 's'), AFFIX(" громаду", " gromadu", 's'),
    /* ... and with their adjectives: "між Рогатинською міською
     * територіальною громадою та комуною Воргорда". */
    AFFIX(" міської територіальної громади", " miskoi terytorialnoi gromady", 's'),
    AFFIX(" міській територіальній громаді", " miskii terytorialnii gromadi", 's'),
    AFFIX(" міську територіальну громаду", " misku terytorialnu gromadu", 's'),
    AFFIX(" міською територіальною громадою", " miskoiu terytorialnoiu gromadoiu", 's'),
    AFFIX(" сільської територіальної громади", " silskoi terytorialnoi gromady", 's'),
    AFFIX(" сільській територіальній громаді", " silskii terytorialnii gromadi", 's'),
    AFFIX(" сільську територіальну громаду", " silsku terytorialnu gromadu", 's'),
    AFFIX(" сільською територіальною громадою", " silskoiu terytorialnoiu gromadoiu", 's'),
    AFFIX(" селищної територіальної громади", " selyshchnoi terytorialnoi gromady", 's'),
    AFFIX(" селищній територіальній громаді", " selyshchnii terytorialnii gromadi", 's'),
    AFFIX(" селищну територіальну громаду", " selyshchnu terytorialnu gromadu", 's'),
    AFFIX(" селищною територіальною громадою", " selyshchnoiu terytorialnoiu gromadoiu", 's'),
    AFFIX(" територіальної громади", " terytorialnoi gromady", 's'),
    AFFIX(" територіальній громаді", " terytorialnii gromadi", 's'),
    AFFIX(" територіальну громаду", " terytorialnu gromadu", 's'),
    AFFIX(" територіальною громадою", " terytorialnoiu gromadoiu", 's'),
    AFFIX(" міської громади", " miskoi gromady", 's'),
    AFFIX(" міській громаді", " miskii gromadi", 's'),
    AFFIX(" міську громаду", " misku gromadu", 's'),
    AFFIX(" міською громадою", " miskoiu gromadoiu", 's'),
    AFFIX(" сільської громади", " silskoi gromady", 's'),
    AFFIX(" сільській громаді", " silskii gromadi", 's'),
    AFFIX(" сільську громаду", " silsku gromadu", 's'),
    AFFIX(" сільською громадою", " silskoiu gromadoiu", 's'),
    AFFIX(" селищної громади", " selyshchnoi gromady", 's'),
    AFFIX(" селищній громаді", " selyshchnii gromadi", 's'),
    AFFIX(" селищну громаду", " selyshchnu gromadu", 's'),
    AFFIX(" селищною громадою", " selyshchnoiu gromadoiu", 's'),
    AFFIX(" міська громада", " miska gromada", 's'),
    AFFIX(" сільська громада", " silska gromada", 's'),
    AFFIX(" селищна громада", " selyshchna gromada", 's'),
};
#define PREFIX(key) {key, sizeof key - 1}
static const struct prefix {
    const char *key;
    size_t len;
} place_prefixes[] = {
    PREFIX("city of "), PREFIX("the city of "), PREFIX("municipality of "),
    PREFIX("the municipality of "), PREFIX("town of "), PREFIX("landkreis "),
    PREFIX("gmina "), PREFIX("gminy "), PREFIX("gminie "), PREFIX("gminą "),
    PREFIX("miasto "), PREFIX("miasta "),
    PREFIX("kabupaten "), PREFIX("kota "),
    PREFIX("department of "), PREFIX("the department of "),
    PREFIX("province of "), PREFIX("the province of "),
    PREFIX("district of "), PREFIX("the district of "),
    PREFIX("county of "), PREFIX("the county of "),
    PREFIX("municipio de "), PREFIX("municipalidad de "),
    PREFIX("comune di "), PREFIX("commune de "), PREFIX("ville de "),
    PREFIX("stadt "), PREFIX("hansestadt "), PREFIX("gemeinde "),
    PREFIX("kreis "), PREFIX("città di "),
};

bool gaz_form_prefix(const char *s, size_t n)
{
    while (n && s[n - 1] == ' ')
        n--;
    for (size_t i = 0; i < sizeof place_prefixes / sizeof *place_prefixes;
         i++) {
        const char *k = place_prefixes[i].key;
        size_t kl = place_prefixes[i].len - 1;      /* its space */
        if (kl != n)
            continue;
        size_t j = 0;
        while (j < n && ((unsigned char)s[j] >= 0x80
                             ? s[j] == k[j]
                             : (s[j] | (s[j] >= 'A' && s[j] <= 'Z' ? 0x20
                                                                  : 0)) == k[j]))
            j++;
        if (j == n)
            return true;
    }
    return false;
}

size_t gaz_form_word(const char *s, size_t n)
{
    size_t best = 0;
    for (size_t i = 0; i < sizeof place_suffixes / sizeof *place_suffixes;
         i++) {
        const struct affix *f = &place_suffixes[i];
        size_t k = f->text_len;
        if (k > n || k <= best)
            continue;
        size_t j = 0;
        while (j < k && (unsigned char)s[j] < 0x80 &&
               (s[j] | (s[j] >= 'A' && s[j] <= 'Z' ? 0x20 : 0)) == f->text[j])
            j++;
        if (j < k && memcmp(s + j, f->text + j, k - j) != 0)
            continue;           /* non-ASCII letters compared as they are */
        best = k;
    }
    return best;
}

/* The code point at s[0..n) (1 if not valid UTF-8), its length in *k. */
static int32_t cp_at(const char *s, size_t n, size_t *k)
{
    utf8proc_int32_t cp;
    utf8proc_ssize_t r = utf8proc_iterate((const utf8proc_uint8_t *)s,
                                          (utf8proc_ssize_t)n, &cp);
    *k = r > 0 ? (size_t)r : 1;
    return r > 0 ? cp : -1;
}

/* Does 'value' put a diacritic where the name 'name' has the bare letter
 * ("Våra" for "Vara", "Säla" for "Sala")?  A text may drop a name's
 * diacritics ("Vasteras"), never add them: an added one makes another
 * word.  Only Latin letters count (Cyrillic is matched through its
 * romanisation); the comparison stops at the first other difference
 * (an affix, a genitive). */
static bool adds_diacritic(struct arena *a, const char *value, size_t vlen,
                           const char *name)
{
    size_t nlen = strlen(name), i = 0, j = 0;

    while (i < vlen && j < nlen) {
        size_t vl, nl;
        int32_t vc = cp_at(value + i, vlen - i, &vl);
        int32_t nc = cp_at(name + j, nlen - j, &nl);
        if (vc < 0 || nc < 0)
            return false;
        bool vlat = vc >= 0xC0 && vc <= 0x24F && vc != 0xD7 && vc != 0xF7;
        if (vc < 0x80 && nc < 0x80) {
            if ((vc | 0x20) != (nc | 0x20))
                return false;
        } else if (vlat && nc < 0x80 && ((nc | 0x20) >= 'a' &&
                                         (nc | 0x20) <= 'z')) {
            size_t kl;
            const char *k = norm_key(a, value + i, vl, &kl);
            return kl == 1 && k[0] == (char)(nc | 0x20);
        } else if (vl != nl || memcmp(value + i, name + j, vl) != 0) {
            /* Dropped diacritics ("a" for "å") and case differences of
             * non-ASCII letters: compare the rest by key. */
            size_t k1, k2;
            const char *a1 = norm_key(a, value + i, vl, &k1);
            const char *a2 = norm_key(a, name + j, nl, &k2);
            if (k1 != k2 || memcmp(a1, a2, k1) != 0)
                return false;
        }
        i += vl;
        j += nl;
    }
    return false;
}

/* Does s hold a letter of Latin-1 Supplement or Latin Extended-A/B
 * (lead bytes 0xC3-0xC9)? */
static bool has_latin_ext(const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if ((unsigned char)s[i] >= 0xC3 && (unsigned char)s[i] <= 0xC9)
            return true;
    return false;
}

/* The form of one of the lists whose key is 'key'; 'value' (whose key, or
 * part of it, that is) picks among entries that share the key. */
/* Is s written in Cyrillic or Greek (its first letter)? */
static bool non_latin(const char *s)
{
    unsigned char c = (unsigned char)*s;
    return c >= 0xCD && c <= 0xD4;      /* U+0340-U+052F */
}

/* A form in another script matches text in the Latin alphabet only if
 * the entry has no Latin form with that key: transliteration is for
 * reading Cyrillic text ("Кіруна" is Kiruna), not for giving Latin
 * words the key of a Cyrillic alias ("Mo" is not Meaux's "Мо"). */
static const struct gaz_form *same_script(const struct gazetteer *g,
                                          const struct gaz_form *f,
                                          const char *value)
{
    if (non_latin(value))
        return f;
    for (; f; f = f->next ? &g->forms[f->next - 1] : NULL)
        if (!non_latin(f->text))
            return f;
    return NULL;
}

static bool find_in(struct arena *a, const struct gazetteer *all,
                    const size_t *lists, size_t n, const char *key,
                    const char *value, size_t vlen, struct gaz_ref *ref)
{
    uint64_t h = key_hash(key);
    for (size_t i = 0; i < n; i++) {
        const struct gazetteer *g = &all[lists[i]];
        const struct gaz_form *f = gaz_pick(a, g, find_hashed(g, key, h),
                                            value, vlen);
        if (f && non_latin(f->text))
            f = same_script(g, f, value);
        if (f && has_latin_ext(value, vlen) &&
            adds_diacritic(a, value, vlen, f->text) &&
            adds_diacritic(a, value, vlen, g->entries[f->entry].name))
            f = NULL;
        if (f) {
            *ref = (struct gaz_ref){g, f, &g->entries[f->entry]};
            return true;
        }
    }
    return false;
}

/* A place's identity for deduplication: its key without the affixes
 * lookups strip ("Meråker kommune" and "Meråker", "gminy Pruszcz Gdański"
 * and "Pruszcz Gdański", "Siguldas novads" and "Sigulda" are one). */
/* A Ukrainian community's name in any case, on its key: "Роменська
 * громада" (romenska gromada), "Роменською міською територіальною
 * громадою" (romenskoiu miskoiu terytorialnoiu gromadoiu) and "Роменської
 * громади" are one place, "romenska".  The words for the community
 * (hromada, with "miska", "silska", "selyshchna", "terytorialna" in any
 * case) go, and the adjective's feminine ending becomes the nominative's.
 * False (key unchanged) for any other key. */
static bool hromada_identity(char *key, size_t *klen)
{
    static const char *const noun[] = {" gromadoiu", " gromady", " gromadi",
                                       " gromadu", " gromada", " hromadoiu",
                                       " hromady", " hromadi", " hromadu",
                                       " hromada"};
    size_t n = *klen;
    bool found = false;
    for (size_t i = 0; i < sizeof noun / sizeof *noun && !found; i++) {
        size_t l = strlen(noun[i]);
        if (n > l && memcmp(key + n - l, noun[i], l) == 0) {
            n -= l;
            found = true;
        }
    }
    /* (Or the adjective alone, the form words already read off:
     * "Роменською" of a canonical name.) */
    if (!found && memchr(key, ' ', n))
        return false;
    /* The attributes before it: "miskoiu terytorialnoiu". */
    static const char *const attr[] = {"terytorialn", "misk", "silsk",
                                       "selyshchn"};
    for (;;) {
        size_t sp = n;
        while (sp > 0 && key[sp - 1] != ' ')
            sp--;
        if (sp == 0)
            break;
        bool is_attr = false;
        for (size_t i = 0; i < sizeof attr / sizeof *attr && !is_attr; i++)
            is_attr = strncmp(key + sp, attr[i], strlen(attr[i])) == 0;
        if (!is_attr)
            break;
        n = sp - 1;
    }
    /* The adjective's case ending: -ska, -skoi, -skii, -sku, -skoiu. */
    static const char *const end[] = {"skoiu", "skoi", "skii", "sku", "ska"};
    for (size_t i = 0; i < sizeof end / sizeof *end; i++) {
        size_t l = strlen(end[i]);
        if (n >= l + 2 && memcmp(key + n - l, end[i], l) == 0 &&
            !memchr(key, ' ', n)) {
            memcpy(key + n - l, "ska", 3);
            n = n - l + 3;
            break;
        }
    }
    key[n] = '\0';
    *klen = n;
    return true;
}

const char *gaz_identity(struct arena *a, const char *value)
{
    size_t klen;
    char *key = norm_key(a, value, strlen(value), &klen);
    bool cut = false;
    char gen = 's';

    /* (Cyrillic: a first byte D0-D3.) */
    if (((unsigned char)*value & 0xFC) == 0xD0 && hromada_identity(key, &klen))
        return key;

    for (size_t i = 0; i < sizeof place_suffixes / sizeof *place_suffixes;
         i++) {
        size_t sl = place_suffixes[i].key_len;
        if (klen > sl && memcmp(key + klen - sl, place_suffixes[i].key,
                                sl) == 0) {
            key[klen -= sl] = '\0';
            gen = place_suffixes[i].genitive;
            cut = true;
            break;
        }
    }
    for (size_t i = 0; i < sizeof place_prefixes / sizeof *place_prefixes;
         i++) {
        size_t pl = place_prefixes[i].len;
        if (klen > pl && memcmp(key, place_prefixes[i].key, pl) == 0) {
            key += pl;
            klen -= pl;
            cut = true;
            break;
        }
    }
    /* A genitive before the form word: "Siguldas novads", "Pargas stad",
     * "Loviisan kaupunki". */
    if (cut && klen > 3 && key[klen - 1] == gen)
        key[--klen] = '\0';
    return key;
}

/* An ASCII consonant (a key is folded to lower case and bare letters). */
static bool is_consonant(char c)
{
    return c >= 'a' && c <= 'z' && !strchr("aeiouy", c);
}

/* find_in() of key k2 (written over), and again with a first "g" as
 * "h": Ukrainian writes a foreign H with Г ("Гобу" is Håbo). */
static bool find_g_as_h(struct arena *a, const struct gazetteer *all,
                        const size_t *lists, size_t n, char *k2,
                        const char *value, size_t vlen, struct gaz_ref *ref)
{
    if (find_in(a, all, lists, n, k2, value, vlen, ref))
        return true;
    if (k2[0] != 'g')
        return false;
    k2[0] = 'h';
    return find_in(a, all, lists, n, k2, value, vlen, ref);
}

/* A one-word name in Cyrillic with a case ending, on its key ("Гіславедом"
 * "hislavedom" -> Gislaved, "Кіруною" "kirunoiu" -> Kiruna), or the
 * place's adjective in any case ("Ковельська" -> Kovel, "Кременецька" ->
 * Kremenets, "Зборівською" -> Zboriv):
 * the stem without the ending, then with the nominative "a" back. */
static bool cyrillic_case(struct arena *a, const struct gazetteer *all,
                          const size_t *lists, size_t n, const char *value,
                          size_t vlen, const char *key, size_t klen,
                          struct gaz_ref *ref)
{
    static const char *const ending[] = {
        "tskoiu", "skoiu", "tskoi", "skoi", "tskii", "skii", "tsku", "sku",
        "tskyi", "tska", "skyi", "ska", "ske", "ka", "oiu", "eiu", "ovi",
        "evi", "om", "em",
        "oi", "ei", "iu", "ia", "u", "a", "i", "y", "e",
    };
    for (size_t i = 0; i < sizeof ending / sizeof *ending; i++) {
        size_t el = strlen(ending[i]);
        if (klen < el + 3 || memcmp(key + klen - el, ending[i], el) != 0)
            continue;
        char *k2 = arena_alloc(a, klen - el + 2);
        memcpy(k2, key, klen - el);
        k2[klen - el] = '\0';
        if (el >= 4 && key[klen - el] == 't') {
            /* "Хмільницька" (ц for the name's к): Khmilnyk */
            k2[klen - el] = 'k';
            k2[klen - el + 1] = '\0';
        }
        if (find_in(a, all, lists, n, k2, value, vlen, ref))
            return true;
        /* "Броварська" of a plural name (Brovary), "Калуська" with the
         * name's ш lost before the suffix (Kalush). */
        if (el >= 3 && key[klen - el] == 's' && key[klen - el + 1] == 'k' &&
            klen - el > 3) {
            static const char *const tail[] = {"y", "i", "sh"};
            for (size_t t = 0; t < sizeof tail / sizeof *tail; t++) {
                char *kt = arena_alloc(a, klen - el + 3);
                memcpy(kt, key, klen - el);
                strcpy(kt + (klen - el), tail[t]);
                if (find_in(a, all, lists, n, kt, value, vlen, ref))
                    return true;
            }
            /* "Старосамбірська": the adjective of a name of two words,
             * "Старий Самбір" (Staryi Sambir; Novyi, Velykyi alike). */
            static const struct { const char *pre, *word; } two[] = {
                {"staro", "staryi "}, {"novo", "novyi "},
                {"velyko", "velykyi "},
            };
            for (size_t t = 0; t < sizeof two / sizeof *two; t++) {
                size_t pl = strlen(two[t].pre), wl = strlen(two[t].word);
                if (klen - el <= pl + 2 || strncmp(key, two[t].pre, pl) != 0)
                    continue;
                char *kt = arena_alloc(a, klen - el - pl + wl + 1);
                memcpy(kt, two[t].word, wl);
                memcpy(kt + wl, key + pl, klen - el - pl);
                kt[klen - el - pl + wl] = '\0';
                if (find_in(a, all, lists, n, kt, value, vlen, ref))
                    return true;
            }
        }
        /* "Бучанська", "Смілянська": the adjective's -ан-, -ян- after a
         * name in -a (Bucha, Smila). */
        if (el >= 3 && key[klen - el] == 's' && klen - el > 4 &&
            k2[klen - el - 1] == 'n' && k2[klen - el - 2] == 'a') {
            char *ka = arena_strdup(a, k2);
            ka[klen - el - 1] = '\0';         /* "buchan" -> "bucha" */
            if (find_in(a, all, lists, n, ka, value, vlen, ref))
                return true;
            if (k2[klen - el - 3] == 'i') {   /* "smilian" -> "smila" */
                ka[klen - el - 3] = 'a';
                ka[klen - el - 2] = '\0';
                if (find_in(a, all, lists, n, ka, value, vlen, ref))
                    return true;
            }
        }
        /* "Острозька" (з for the name's г, "h"): Ostroh. */
        if ((key[klen - el] == 'k' ||
             (key[klen - el] == 's' && key[klen - el + 1] == 'k')) &&
            klen - el > 3 && k2[klen - el - 1] == 'z') {
            char *kz = arena_strdup(a, k2);
            kz[klen - el - 1] = 'h';
            if (find_in(a, all, lists, n, kz, value, vlen, ref))
                return true;
        }
        /* The nominative's i where the case form has o or e in the last
         * syllable: "Тернополя" -> Тернопіль, "Львова" -> Львів. */
        for (size_t v = klen - el; v-- > 1 && klen - el - v <= 3;) {
            if (k2[v] != 'o' && k2[v] != 'e')
                continue;
            char *k3 = arena_strdup(a, k2);
            if (k3[v] == 'e' && k3[v - 1] == 'i')
                memmove(k3 + v, k3 + v + 1, strlen(k3 + v));  /* є: ie */
            else
                k3[v] = 'i';
            if (find_in(a, all, lists, n, k3, value, vlen, ref))
                return true;
            break;
        }
        k2[klen - el] = 'a';
        k2[klen - el + 1] = '\0';
        if (find_in(a, all, lists, n, k2, value, vlen, ref))
            return true;
    }
    return false;
}

/* The entry of one of the lists for value, whose norm_key() is key (klen
 * bytes): as written, then without a form word ("Kakamega County", "City
 * of Eldoret"), then without a Swedish genitive ("Kosivs"). */
static bool lookup_span(struct arena *a, const struct gazetteer *all,
                        const size_t *lists, size_t n, const char *value,
                        size_t vlen, const char *key, size_t klen,
                        struct gaz_ref *ref)
{
    if (find_in(a, all, lists, n, key, value, vlen, ref))
        return true;
    /* Every affix holds a space: a one-word key has none to strip. */
    bool words = memchr(key, ' ', klen) != NULL;
    for (size_t i = 0; words && i < sizeof place_suffixes /
                                        sizeof *place_suffixes; i++) {
        size_t sl = place_suffixes[i].key_len;
        if (klen > sl && memcmp(key + klen - sl, place_suffixes[i].key,
                                sl) == 0) {
            char *k2 = arena_strndup(a, key, klen - sl);
            if (find_in(a, all, lists, n, k2, value, vlen, ref))
                return true;
            /* "Ковельська громада": the place's adjective, its stem. */
            if (non_latin(value) && !memchr(k2, ' ', klen - sl) &&
                cyrillic_case(a, all, lists, n, value, vlen, k2, klen - sl,
                              ref))
                return true;
            /* "Dalarnas län", "Loviisan kaupunki": a genitive before
             * the form word. */
            if (klen - sl > 3 &&
                k2[klen - sl - 1] == place_suffixes[i].genitive &&
                !memchr(k2, ' ', klen - sl)) {
                k2[klen - sl - 1] = '\0';
                if (find_in(a, all, lists, n, k2, value, vlen, ref))
                    return true;
                /* A Finnish -i name's genitive in -en: "Pudasjärven
                 * kaupunki" of Pudasjärvi, "Kemijärven" of Kemijärvi. */
                if (place_suffixes[i].genitive == 'n' &&
                    k2[klen - sl - 2] == 'e') {
                    k2[klen - sl - 2] = 'i';
                    if (find_in(a, all, lists, n, k2, value, vlen, ref))
                        return true;
                }
            }
        }
    }
    for (size_t i = 0; words && i < sizeof place_prefixes /
                                        sizeof *place_prefixes; i++) {
        size_t pl = place_prefixes[i].len;
        if (klen > pl && memcmp(key, place_prefixes[i].key, pl) == 0 &&
            find_in(a, all, lists, n, key + pl, value, vlen, ref))
            return true;
    }
    /* An English possessive: "Kalmar's" (key "kalmar s") -> "Kalmar". */
    if (klen > 3 && key[klen - 1] == 's' && key[klen - 2] == ' ') {
        char *k2 = arena_strndup(a, key, klen - 2);
        if (find_in(a, all, lists, n, k2, value, vlen, ref))
            return true;
    }
    /* A Polish stem that lost its fleeting e ("Kowla", "Kowlem" of
     * "Kowel"; "Przemyśla" of "Przemyśl" keeps it): the e put back
     * before the last consonant. */
    if (klen >= 3 && !words && is_consonant(key[klen - 1]) &&
        is_consonant(key[klen - 2])) {
        char *k2 = arena_alloc(a, klen + 2);
        memcpy(k2, key, klen - 1);
        k2[klen - 1] = 'e';
        k2[klen] = key[klen - 1];
        k2[klen + 1] = '\0';
        if (find_in(a, all, lists, n, k2, value, vlen, ref))
            return true;
    }
    /* A Polish genitive of a plural name in -ce, -ice: no ending
     * ("Partnerstwo Chojnic" of "Chojnice", "Kielc" of "Kielce"). */
    if (klen >= 5 && !words && key[klen - 1] == 'c') {
        char *k2 = arena_alloc(a, klen + 2);
        memcpy(k2, key, klen);
        k2[klen] = 'e';
        k2[klen + 1] = '\0';
        if (find_in(a, all, lists, n, k2, value, vlen, ref))
            return true;
    }
    /* A Swedish genitive of a one-word name: "Kosivs" -> "Kosiv"; of a
     * name of several words, the whole name looked up again ("Falu
     * kommuns", "Region Gävleborgs", "Borås stads" -> "Borås"). */
    if (klen > 3 && key[klen - 1] == 's' && key[klen - 2] != 's' &&
        key[klen - 2] != ' ' && words &&
        lookup_span(a, all, lists, n, value, vlen,
                    arena_strndup(a, key, klen - 1), klen - 1, ref))
        return true;
    if (klen > 3 && key[klen - 1] == 's' && !words) {
        char *k2 = arena_strndup(a, key, klen - 1);
        if (find_in(a, all, lists, n, k2, value, vlen, ref))
            return true;
    }
    if (words || !non_latin(value))
        return false;
    if (cyrillic_case(a, all, lists, n, value, vlen, key, klen, ref))
        return true;
    /* Swedish "ck" is one "к" in Cyrillic ("Нака" is Nacka, "Бреке"
     * Bräcke): a "k" after a vowel, with the "c" put back. */
    for (size_t i = 1; i < klen; i++) {
        if (key[i] != 'k' || !strchr("aeiouy", key[i - 1]))
            continue;
        char *k2 = arena_alloc(a, klen + 2);
        memcpy(k2, key, i);
        k2[i] = 'c';
        memcpy(k2 + i + 1, key + i, klen - i + 1);
        if (find_in(a, all, lists, n, k2, value, vlen, ref))
            return true;
    }
    /* Swedish å is a Cyrillic о and o an у ("Гобу" is Håbo, "Буден"
     * Boden): the key with those read back, each or both, and a first
     * "g" as "h" (below). */
    for (int v = 1; v < 4 && strpbrk(key, "ou"); v++) {
        char *k2 = arena_strndup(a, key, klen);
        for (size_t i = 0; i < klen; i++)
            if ((v & 1) && key[i] == 'o')
                k2[i] = 'a';
            else if ((v & 2) && key[i] == 'u')
                k2[i] = 'o';
        if (find_g_as_h(a, all, lists, n, k2, value, vlen, ref))
            return true;
    }
    /* Swedish ö and ä are a Cyrillic е ("Ґетене" is Götene, "Геллефорс"
     * Hällefors): one "e" at a time read back as "o" or "a", and with a
     * first "g" as "h". */
    for (size_t i = 0; i < klen; i++) {
        if (key[i] != 'e')
            continue;
        for (const char *r = "oa"; *r; r++) {
            char *k2 = arena_strndup(a, key, klen);
            k2[i] = *r;
            if (find_g_as_h(a, all, lists, n, k2, value, vlen, ref))
                return true;
        }
    }
    /* Swedish "j" before u and "y" are a Cyrillic ю, the key's "iu"
     * ("Люнгбю" is Ljungby, "Юнсала" Junsala): each "iu" read back as
     * "ju", "y" or "u" (at most three of them). */
    size_t at[3], n_iu = 0;
    for (size_t i = 0; i + 1 < klen && n_iu < 3; i++)
        if (key[i] == 'i' && key[i + 1] == 'u')
            at[n_iu++] = i++;
    static const char *const as_iu[] = {"iu", "ju", "y", "u"};
    size_t combos = 1;
    for (size_t i = 0; i < n_iu; i++)
        combos *= 4;
    for (size_t c = 1; c < combos; c++) {     /* c = 0: the key itself */
        char *k2 = arena_alloc(a, klen + 1);
        size_t o = 0, from = 0, cc = c;
        for (size_t i = 0; i < n_iu; i++, cc /= 4) {
            memcpy(k2 + o, key + from, at[i] - from);
            o += at[i] - from;
            const char *r = as_iu[cc % 4];
            memcpy(k2 + o, r, strlen(r));
            o += strlen(r);
            from = at[i] + 2;
        }
        memcpy(k2 + o, key + from, klen - from);
        k2[o + klen - from] = '\0';
        if (find_g_as_h(a, all, lists, n, k2, value, vlen, ref))
            return true;
    }
    /* Ukrainian writes a foreign H with Г, the key's "g" ("Гультсфред" is
     * Hultsfred, "Гудіксвалль" Hudiksvall): the name with an "h". */
    if (key[0] != 'g')
        return false;
    char *h = arena_strndup(a, key, klen);
    h[0] = 'h';
    return find_in(a, all, lists, n, h, value, vlen, ref) ||
           cyrillic_case(a, all, lists, n, value, vlen, h, klen, ref);
}

bool gaz_lookup_key(struct arena *a, const struct gazetteer *all,
                    const size_t *lists, size_t n, const char *value,
                    const char *key, size_t klen, struct gaz_ref *ref)
{
    return lookup_span(a, all, lists, n, value, strlen(value), key, klen,
                       ref);
}

bool gaz_lookup(struct arena *a, const struct gazetteer *all,
                const size_t *lists, size_t n, const char *value,
                struct gaz_ref *ref)
{
    size_t klen;
    char *key = norm_key(a, value, strlen(value), &klen);
    return gaz_lookup_key(a, all, lists, n, value, key, klen, ref);
}

void gaz_fini(struct gazetteer *g)
{
    free(g->entries);
    free(g->forms);
    free(g->data);
    if (g->map)
        munmap(g->map, g->map_len);
    g->map = NULL;
    g->entries = NULL;
    g->forms = NULL;
    g->data = NULL;
}

/* ---- finding names in a text ------------------------------------------ */

/* A capitalised name is at most this many words, form words included
 * ("Region Jämtland Härjedalen", "Mutare Local Municipality"). */
#define SCAN_MAX_WORDS 5

static bool letter_cat(int32_t cp)
{
    if (cp < 0)
        return false;
    if (cp < 0x80)
        return (cp | 32) >= 'a' && (cp | 32) <= 'z';
    utf8proc_category_t c = utf8proc_category(cp);
    return (c >= UTF8PROC_CATEGORY_LU && c <= UTF8PROC_CATEGORY_LO) ||
           (c >= UTF8PROC_CATEGORY_MN && c <= UTF8PROC_CATEGORY_ME);
}

static bool upper_cat(int32_t cp)
{
    if (cp < 0x80)
        return cp >= 'A' && cp <= 'Z';
    utf8proc_category_t c = utf8proc_category(cp);
    return c == UTF8PROC_CATEGORY_LU || c == UTF8PROC_CATEGORY_LT;
}

/* The end of the word at text[at]: letters and marks, with hyphens and
 * apostrophes inside ("Ivano-Frankivsk", "Bila Tserkva", "L'Aquila"). */
static size_t word_end(const char *text, size_t at, size_t end)
{
    size_t i = at, k;
    while (i < end) {
        unsigned char c = (unsigned char)text[i];
        /* An English genitive ends the name: "Fjarðabyggð's mayor". */
        if (c == '\'' && i > at && i + 1 < end && text[i + 1] == 's' &&
            (i + 2 == end || !letter_cat(cp_at(text + i + 2, end - i - 2, &k))))
            break;
        if ((c == '-' || c == '\'') && i + 1 < end && i > at &&
            letter_cat(cp_at(text + i + 1, end - i - 1, &k))) {
            i++;
            continue;
        }
        /* The Swedish "S:t" and "S:ta" of Sankt, Sankta ("S:t Karins",
         * "S:t Michel"): the colon is inside the word. */
        if (c == ':' && i == at + 1 && text[at] == 'S' && i + 1 < end &&
            text[i + 1] == 't') {
            i++;
            continue;
        }
        if (c < 0x80) {
            if (!((c | 32) >= 'a' && (c | 32) <= 'z'))
                break;
            i++;
            continue;
        }
        int32_t cp = cp_at(text + i, end - i, &k);
        if (!letter_cat(cp))
            break;
        i += k;
    }
    return i;
}

/* A capitalised word starts at text[at]: an upper-case letter with no
 * letter right before it. */
static bool name_start(const char *text, size_t start, size_t at, size_t end)
{
    size_t k;
    unsigned char c = (unsigned char)text[at];
    /* A one-letter lower-case prefix before the capital: the Nguni
     * place names "eThekwini", "uMngeni", "iLembe", "eMalahleni". */
    bool prefix = c >= 'a' && c <= 'z' && at + 2 < end &&
                  text[at + 1] >= 'A' && text[at + 1] <= 'Z' &&
                  text[at + 2] >= 'a' && text[at + 2] <= 'z';
    if (!prefix && (c < 0x80 ? !(c >= 'A' && c <= 'Z')
                             : !upper_cat(cp_at(text + at, end - at, &k))))
        return false;
    if (at == start)
        return true;
    unsigned char p = (unsigned char)text[at - 1];
    if (p < 0x80)
        return !((p | 32) >= 'a' && (p | 32) <= 'z');
    size_t b = at - 1;
    while (b > start && ((unsigned char)text[b] & 0xC0) == 0x80)
        b--;
    return !letter_cat(cp_at(text + b, at - b, &k));
}

/* Do text[0, n) and the lower-case form word f match, a word's first
 * ASCII letter in either case ("Municipality", "City Council"), the
 * others as written? */
static bool form_eq(const char *text, const char *f, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)text[i];
        /* A capital only where a word starts: "City Council", not a
         * header's "PROVINCE". */
        if (c >= 'A' && c <= 'Z' && (i == 0 || text[i - 1] == ' '))
            c |= 0x20;
        if (c != (unsigned char)f[i])
            return false;
    }
    return true;
}

/* Is the word before text[at] (a space) an article or a possessive
 * ("The Municipality of Växjö", "its City Council")? */
static bool after_article(const char *text, size_t at)
{
    static const char *const w[] = {"the", "this", "that", "our", "its",
                                    "their", "a", "an"};
    size_t b = at;
    while (b > 0 && text[b - 1] != ' ' && text[b - 1] != '\n' && at - b < 6)
        b--;
    if (b > 0 && text[b - 1] != ' ' && text[b - 1] != '\n')
        return false;
    for (size_t i = 0; i < sizeof w / sizeof *w; i++) {
        size_t n = strlen(w[i]);
        if (at - b == n && form_eq(text + b, w[i], n))
            return true;
    }
    return false;
}

/* The length of a form word (place_suffixes) at text[at], which is a
 * space: " kommun", " län", " hromada", " county council", and in Title
 * Case (" Municipality", " City Council": "Järfälla Municipality of
 * Sweden", "… and Järfälla Municipality Sign Letter of Intent" name
 * Järfälla; a run of capitalised words is otherwise looked up whole).
 * 0 if none. */
static size_t form_word(const char *text, size_t at, size_t end)
{
    size_t best = 0;
    /* Every form word starts with an ASCII or a Cyrillic letter. */
    unsigned char c1 = at + 1 < end ? (unsigned char)text[at + 1] : 0;
    if (!((c1 >= 'a' && c1 <= 'z') || (c1 >= 'A' && c1 <= 'Z') ||
          c1 == 0xD0 || c1 == 0xD1))
        return 0;
    c1 = c1 >= 'A' && c1 <= 'Z' ? (unsigned char)(c1 | 0x20) : c1;
    for (size_t i = 0; i < sizeof place_suffixes / sizeof *place_suffixes;
         i++) {
        const char *suf = place_suffixes[i].text;
        if (c1 != (unsigned char)suf[1])
            continue;           /* most words: one comparison */
        size_t sl = place_suffixes[i].text_len, k;
        if (sl <= best || at + sl > end || !form_eq(text + at, suf, sl))
            continue;
        if (text[at + 1] != suf[1] && after_article(text, at))
            continue;           /* "The Municipality of Växjö" */
        if (at + sl + 1 < end && text[at + sl] == '-')
            continue;           /* "Nakuru County-folk" */
        if (at + sl < end && letter_cat(cp_at(text + at + sl, end - at - sl,
                                              &k)))
            continue;           /* "kommunen", "kommunerna" */
        best = sl;
    }
    return best;
}

/* What gaz_scan() has looked up: a place is named several times in a
 * text, and the same places in text after text (hash of the span as
 * written, open addressing).  Entries that share a key (Håbo, Habo) are
 * looked up each time: the spelling picks among them. */
struct gaz_memo {
    struct arena mem;           /* the spans */
    const char **span;          /* per slot, or NULL: empty */
    uint32_t *len;
    uint32_t *hash;
    size_t *cls;
    struct gaz_ref *ref;
    size_t size, n;
};

#define MEMO_NONE ((size_t)-1)
/* Spans kept at most: past it the memo starts over, so that a long run
 * (millions of texts, each with names of its own) holds a few MB. */
#define MEMO_MAX_SPANS (1u << 15)
/* A longer span (five long words) is looked up each time. */
#define MEMO_MAX_LEN 512

struct gaz_memo *gaz_memo_new(void)
{
    return xcalloc(1, sizeof(struct gaz_memo));
}

/* Free m's slots (not its spans). */
static void memo_slots_free(struct gaz_memo *m)
{
    free(m->span);
    free(m->len);
    free(m->hash);
    free(m->cls);
    free(m->ref);
}

/* Give m 'size' empty slots. */
static void memo_slots_alloc(struct gaz_memo *m, size_t size)
{
    m->span = xcalloc(size, sizeof *m->span);
    m->len = xcalloc(size, sizeof *m->len);
    m->hash = xcalloc(size, sizeof *m->hash);
    m->cls = xcalloc(size, sizeof *m->cls);
    m->ref = xcalloc(size, sizeof *m->ref);
    m->size = size;
    m->n = 0;
}

void gaz_memo_free(struct gaz_memo *m)
{
    if (!m)
        return;
    arena_fini(&m->mem);
    memo_slots_free(m);
    free(m);
}

static size_t memo_slot(const struct gaz_memo *m, const char *sp, size_t sl,
                        uint32_t h)
{
    size_t i = h & (m->size - 1);
    while (m->span[i] && !(m->hash[i] == h && m->len[i] == sl &&
                           memcmp(m->span[i], sp, sl) == 0))
        i = (i + 1) & (m->size - 1);
    return i;
}

/* The class index the span sp[0..sl) was found in before (*ref its
 * entry; n_cls if no class knows it), or MEMO_NONE. */
static size_t memo_find(const struct gaz_memo *m, const char *sp, size_t sl,
                        struct gaz_ref *ref)
{
    if (!m->size || sl >= MEMO_MAX_LEN)
        return MEMO_NONE;
    size_t i = memo_slot(m, sp, sl, fnv1a32(sp, sl));
    if (!m->span[i])
        return MEMO_NONE;
    *ref = m->ref[i];
    return m->cls[i];
}

static void memo_put(struct gaz_memo *m, const char *sp, size_t sl,
                     size_t cls, const struct gaz_ref *ref)
{
    if ((ref && ref->form && ref->form->fold) || sl >= MEMO_MAX_LEN)
        return;                 /* a key shared by entries: spelling picks */
    if (m->n >= MEMO_MAX_SPANS) {
        arena_reset(&m->mem);
        memo_slots_free(m);
        memo_slots_alloc(m, m->size);
    }
    if (2 * (m->n + 1) > m->size) {
        struct gaz_memo g = {0};
        memo_slots_alloc(&g, m->size ? 2 * m->size : 64);
        for (size_t i = 0; i < m->size; i++)
            if (m->span[i]) {
                size_t j = memo_slot(&g, m->span[i], m->len[i], m->hash[i]);
                g.span[j] = m->span[i];
                g.len[j] = m->len[i];
                g.hash[j] = m->hash[i];
                g.cls[j] = m->cls[i];
                g.ref[j] = m->ref[i];
            }
        g.n = m->n;
        g.mem = m->mem;
        memo_slots_free(m);
        *m = g;
    }
    uint32_t h = fnv1a32(sp, sl);
    size_t i = memo_slot(m, sp, sl, h);
    if (m->span[i])
        return;
    m->span[i] = arena_strndup(&m->mem, sp, sl);
    m->len[i] = (uint32_t)sl;
    m->hash[i] = h;
    m->cls[i] = cls;
    if (ref)
        m->ref[i] = *ref;
    m->n++;
}

/* 1 for the bytes a capital letter can start with: A-Z and the lead
 * bytes of the Latin, Greek and Cyrillic capitals (U+00C0-U+052F). */
static const unsigned char capital_lead[256] = {
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
    0, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 0, 0, 0, 0, 0,
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
    0, 0, 0, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
};

/* The first i' >= i below end where capital_lead[text[i']], or end.
 * Eight bytes a step while they are all ASCII and none is a capital
 * (most of a text): a byte loop was 1% of a run. */
static size_t next_capital(const char *text, size_t i, size_t end)
{
    const uint64_t ones = 0x0101010101010101ull, high = 0x8080808080808080ull;

    for (; i + 8 <= end; i += 8) {
        uint64_t w;
        memcpy(&w, text + i, 8);
        /* Per byte, without carries between bytes (seven bits plus at
         * most 0x3F stay below 0x100): >= 'A', and >= '[' (past 'Z'). */
        uint64_t low7 = w & ~high;
        uint64_t ge_a = (low7 + 0x3F * ones) & high;
        uint64_t past_z = (low7 + 0x25 * ones) & high;
        if ((w & high) | (ge_a & ~past_z))
            break;              /* a capital or a non-ASCII byte here */
    }
    while (i < end && !capital_lead[(unsigned char)text[i]])
        i++;
    return i;
}

/* Lower-case words inside a place name ("Mo i Rana", "Frankfurt am
 * Main", "Halle an der Saale", "Newcastle upon Tyne", "Rio de Janeiro"):
 * at text[at] (a space), at most two short lower-case words and a space
 * before a capitalised word.  Their length with both spaces, or 0. */
static size_t particle_at(const char *text, size_t start, size_t at,
                          size_t end)
{
    size_t p = at;
    for (int words = 0; words < 2 && p < end && text[p] == ' '; words++) {
        size_t w = p + 1, we = word_end(text, w, end);
        if (we == w || we - w > 5 || name_start(text, start, w, end))
            return 0;
        for (size_t k = w; k < we; k++)
            if (text[k] == '-' || text[k] == '\'')
                return 0;
        p = we;
        if (p + 1 < end && text[p] == ' ' && name_start(text, start, p + 1,
                                                          end))
            return p + 1 - at;
    }
    return 0;
}

/* Is text[from, to) a name of one of the classes' lists, as written (no
 * affix stripped: a name with inner lower-case words is listed whole)? */
static bool known_span(struct arena *tmp, const struct gazetteer *all,
                       const struct gaz_class *cls, size_t n_cls,
                       const char *text, size_t from, size_t to)
{
    struct gaz_ref ref;
    const char *key = norm_key(tmp, text + from, to - from, NULL);
    for (size_t c = 0; c < n_cls; c++)
        if (find_in(tmp, all, cls[c].lists, cls[c].n, key, text + from,
                    to - from, &ref))
            return true;
    return false;
}

size_t gaz_scan(struct arena *a, const struct gazetteer *all,
                const struct gaz_class *cls, size_t n_cls,
                struct gaz_memo *memo, const char *text, size_t start,
                size_t end, size_t lim, struct gaz_hit **out)
{
    struct gaz_hit *v = NULL;
    size_t nh = 0, cap = 0;
    size_t i = start;
    struct gaz_memo own = {0};
    /* Keys and lookups' scratch: freed on return (in the document's
     * arena, a long article's words would add up). */
    struct arena tmp;

    arena_init(&tmp);
    if (!memo)
        memo = &own;

    while (i < end && i <= lim) {
        i = next_capital(text, i, end);
        if (i >= end || i > lim)
            break;
        unsigned char c = (unsigned char)text[i];
        if (c == 0xC3 && i + 1 < end && (unsigned char)text[i + 1] >= 0x9F) {
            i += 2;             /* ß-ÿ: a lower-case Latin-1 letter */
            continue;
        }
        /* The capital of "eThekwini": the name starts a byte before. */
        if (i > start && i - 1 >= start && name_start(text, start, i - 1, end))
            i--;
        if (!name_start(text, start, i, end)) {
            size_t k = 1;
            if (c >= 0x80)
                cp_at(text + i, end - i, &k);
            /* The rest of this word cannot start a name either. */
            i = word_end(text, i + k, end);
            if (i == 0)
                i = 1;
            continue;
        }
        /* The run of capitalised words from here, joined by single
         * spaces ("of" and a form word may join it too). */
        size_t ws[SCAN_MAX_WORDS], we[SCAN_MAX_WORDS], nw = 0, p = i;
        /* Lower-case words joining a word to the last ("of", "i", "an
         * der"), as keys, or NULL. */
        const char *join[SCAN_MAX_WORDS] = {NULL};
        size_t join_len[SCAN_MAX_WORDS] = {0};
        bool form = false;                  /* the last word is a form word */
        while (nw < SCAN_MAX_WORDS) {
            ws[nw] = p;
            we[nw] = word_end(text, p, end);
            if (we[nw] == p)
                break;
            p = we[nw++];
            /* A full run: no room for a joining word or another word
             * (join[nw] below would be past the arrays). */
            if (nw == SCAN_MAX_WORDS || p + 1 >= end || text[p] != ' ')
                break;
            size_t fw = form_word(text, p, end);
            if (fw && nw < SCAN_MAX_WORDS) {
                ws[nw] = p + 1;
                we[nw++] = p + fw;
                form = true;
                break;          /* a form word ends the name */
            }
            size_t pl;
            if (p + 4 < end && memcmp(text + p, " of ", 4) == 0 &&
                name_start(text, start, p + 4, end)) {
                p += 4;
                join[nw] = "of";
                join_len[nw] = 2;
            } else if (name_start(text, start, p + 1, end)) {
                p += 1;
            } else if (nw < SCAN_MAX_WORDS &&
                       (pl = particle_at(text, start, p, end)) != 0) {
                /* Joined only where a list knows the name so made,
                 * from some word of the run on; the name ends there. */
                size_t nx = p + pl, nxe = word_end(text, nx, end);
                bool known = false;
                for (size_t s0 = 0; s0 < nw && !known; s0++)
                    known = known_span(&tmp, all, cls, n_cls, text, ws[s0],
                                       nxe);
                if (!known)
                    break;
                join[nw] = norm_key(&tmp, text + p + 1, pl - 2,
                                    &join_len[nw]);
                ws[nw] = nx;
                we[nw++] = nxe;
                break;
            } else {
                break;
            }
        }
        if (!nw) {
            i++;
            continue;
        }
        /* Each word's key, once, when a lookup needs it (a span the
         * memo has needs none). */
        const char *wk[SCAN_MAX_WORDS] = {NULL};
        size_t wl[SCAN_MAX_WORDS];
        /* The longest known name from the first word, else from the
         * next ("I Kalmar", "Både Batumi"; "Anna Lund" too: pairing
         * tells a surname from a place). */
        bool found = false;
        for (size_t s0 = 0; s0 + form < nw && !found && ws[s0] <= lim;
             s0++) {
            /* The run, or its end: "Lars" of "Lars Forsberg" is no
             * town, "Nakuru" of "Med Nakuru" is. */
            for (size_t e = nw - 1; e == nw - 1 && !found; e--) {
                /* Memoised by the span as written, not by its key: the
                 * lookup turns down a spelling that adds a diacritic
                 * ("Våra" is not Vara), so two spellings of one key may
                 * differ. */
                struct gaz_ref ref;
                const char *sp = text + ws[s0];
                size_t sl = we[e] - ws[s0];
                size_t ci = memo_find(memo, sp, sl, &ref);
                if (ci == MEMO_NONE) {
                    char key[512];
                    size_t kl = 0;
                    for (size_t w = s0; w <= e; w++) {
                        if (!wk[w])
                            wk[w] = norm_key(&tmp, text + ws[w],
                                             we[w] - ws[w], &wl[w]);
                        if (w > s0 && join[w] &&
                            kl + join_len[w] + 2 < sizeof key) {
                            key[kl++] = ' ';
                            memcpy(key + kl, join[w], join_len[w]);
                            kl += join_len[w];
                        }
                        if (w > s0 && wl[w] && kl < sizeof key - 1)
                            key[kl++] = ' ';
                        size_t take = wl[w] < sizeof key - 1 - kl
                                          ? wl[w] : sizeof key - 1 - kl;
                        memcpy(key + kl, wk[w], take);
                        kl += take;
                    }
                    key[kl] = '\0';
                    if (!kl)
                        continue;
                    ci = 0;
                    while (ci < n_cls &&
                           !lookup_span(&tmp, all, cls[ci].lists, cls[ci].n,
                                        sp, sl, key, kl, &ref))
                        ci++;
                    memo_put(memo, sp, sl, ci, ci < n_cls ? &ref : NULL);
                }
                if (ci == n_cls)
                    continue;
                if (nh == cap) {
                    cap = cap ? 2 * cap : 16;
                    v = arena_grow(a, v, nh, cap, sizeof *v);
                }
                v[nh++] = (struct gaz_hit){ws[s0], we[e], ci, ref};
                i = we[e];
                found = true;
            }
        }
        if (!found)
            i = we[nw - 1];
    }
    arena_fini(&tmp);
    arena_fini(&own.mem);
    memo_slots_free(&own);
    *out = v;
    return nh;
}

void gaz_sort(struct arena *mem, struct gazetteer *g)
{
    if (g->sorted || !g->n_forms)
        return;
    sort_forms(g);
    /* Folded spellings stay with their forms; relinking in the sorted
     * order keeps the same forms (each key's forms are already one per
     * entry) and recomputes nothing but the chains. */
    size_t slots = g->hash_mask + 1;
    struct gaz_slot *head = arena_calloc(mem, slots, sizeof *head);
    for (size_t i = 0; i < g->n_forms; i++) {
        struct gaz_form *f = &g->forms[i];
        f->next = 0;
        uint64_t h = key_hash(f->key);
        size_t at = (size_t)h & (slots - 1);
        while (head[at].form &&
               strcmp(g->forms[head[at].form - 1].key, f->key) != 0)
            at = (at + 1) & (slots - 1);
        if (!head[at].form) {
            head[at] = (struct gaz_slot){(uint32_t)i + 1, key_tag(h)};
        } else {
            g->forms[i - 1].next = (uint32_t)i + 1;   /* sorted: adjacent */
        }
    }
    g->hash = head;
    g->sorted = true;
}
