/*
 * gazetteer.h - the gazetteers: lists of names (Swedish municipalities and
 * regions, the world's places, countries, bodies ...) that rules look
 * values up in.  A list is a TSV file with a header naming its columns
 * (name, code, short, aliases, country; others are ignored), loaded once
 * and then read-only, shared by every thread.  Matching is by norm_key():
 * case, diacritics, hyphens and apostrophes do not count, and Cyrillic is
 * romanized.  Lookups also try a name without the form words and
 * genitives news adds ("Kakamega County", "City of Eldoret", "Kosivs").
 */
/* SPDX-License-Identifier: MIT */
#ifndef GAZETTEER_H
#define GAZETTEER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct arena;
struct gaz_memo;

/* One gazetteer entry: a canonical name and the forms that name it. */
struct gaz_entry {
    const char *name;           /* canonical (the `name` column) */
    const char *code;           /* `code` column or "" */
    const char *country;        /* `country` column or "" */
};

/* One written form of an entry, as it appears in the list file. */
struct gaz_form {
    const char *text;           /* the alias as written in the list */
    const char *key;            /* norm_key() of text */
    const char *fold;           /* norm_fold() of text where another
                                   entry has a form with the same key,
                                   else NULL */
    uint32_t entry;             /* index into entries */
    uint32_t next;              /* the next form with the same key (of
                                   another entry): index + 1, or 0 */
};

/* A slot of a gazetteer's hash: the form (index + 1, 0 = empty) and
 * the high half of its key's hash, compared before the key (one cache
 * line holds both). */
struct gaz_slot {
    uint32_t form;
    uint32_t tag;
};

struct gazetteer {
    char *name;                 /* list name used in rules */
    char *data;                 /* the file's text, which names, codes and
                                   forms point into (owned) */
    char *path;
    const char *file;           /* the `list` statement, for messages */
    unsigned long line;
    struct gaz_entry *entries;
    size_t n_entries;
    struct gaz_form *forms;     /* in file order, or sorted by key after
                                   gaz_sort(); a key repeats only for
                                   different entries (Håbo, Habo), which
                                   are chained by 'next' */
    size_t n_forms;
    struct gaz_slot *hash;      /* open addressing over forms,
                                   hash_mask + 1 slots */
    size_t hash_mask;
    uint64_t *bloom;            /* bit (tag & bloom_mask) set for the tag
                                   of every key: most keys no form has
                                   are turned down without the hash */
    size_t bloom_mask;
    const char *cache_dir;      /* where a large list's cache is kept
                                   (see gaz_load()), or NULL: none */
    void *map;                  /* the cache file the list was read from
                                   (mapped: entries, forms, hash and bloom
                                   point into it), or NULL */
    size_t map_len;
    bool used;                  /* referenced by some rule */
    bool sorted;                /* forms sorted by key (gaz_sort()) */
};

/* A gazetteer hit: entry 'entry' of list 'list'. */
struct gaz_ref {
    const struct gazetteer *list;
    const struct gaz_form *form;
    const struct gaz_entry *entry;
};

/* Load g->path (g->name, g->file and g->line name the `list` statement
 * for messages) into g, its strings in 'mem' and in g->data; the file's
 * bytes go into *digest.  A file larger than 'max' bytes, a missing
 * header or a row without a name is reported through diag ("FILE:LINE:
 * what") and gives false; g is then safe to gaz_fini(). */
bool gaz_load(struct gazetteer *g, struct arena *mem, uint64_t *digest,
              size_t max);
void gaz_fini(struct gazetteer *g);

/* Sort g's forms by key (then file order), for the prefix searches of
 * segmentation (`split ... lists`).  Lists that no split reads stay in
 * file order: sorting the world gazetteer's 34,000 forms would cost every
 * start a few milliseconds. */
void gaz_sort(struct arena *mem, struct gazetteer *g);

/* The form of g whose key is 'key' (already norm_key()ed), or NULL.  Where
 * entries share the key, the first of them in file order: see
 * gaz_pick(). */
const struct gaz_form *gaz_find(const struct gazetteer *g, const char *key);

/* f is what gaz_find() gave for the key of text[0..len).  If other
 * entries share that key (Håbo and Habo: the key drops diacritics), the
 * form of the first of them whose case-folded spelling, diacritics kept,
 * occurs in the case-folded text ("Habo kommuns" -> Habo); else f. */
const struct gaz_form *gaz_pick(struct arena *a, const struct gazetteer *g,
                                const struct gaz_form *f, const char *text,
                                size_t len);

/* Of the entries of g whose form has f's key, the first in file order
 * whose country is 'country' (an ISO code), or NULL: "Laukaa" is Luga's
 * Finnish name (RU) and a Finnish municipality (FI). */
const struct gaz_entry *gaz_in_country(const struct gazetteer *g,
                                       const struct gaz_form *f,
                                       const char *country);

/* Look 'value' up in the lists all[lists[0..n)], in that order: as
 * written, without a form word ("Kakamega County", "City of Eldoret",
 * "gminy Pruszcz Gdański"), then without a Swedish genitive -s of a
 * one-word name.  On success *ref names the list, form and entry.
 * gaz_lookup_key() takes value's norm_key() (klen bytes) already made. */
bool gaz_lookup(struct arena *a, const struct gazetteer *all,
                const size_t *lists, size_t n, const char *value,
                struct gaz_ref *ref);
bool gaz_lookup_key(struct arena *a, const struct gazetteer *all,
                    const size_t *lists, size_t n, const char *value,
                    const char *key, size_t klen, struct gaz_ref *ref);

/* A set of lists gaz_scan() looks names up in. */
struct gaz_class {
    const size_t *lists;        /* indices into the scan's 'all' */
    size_t n;
};

/* A name gaz_scan() found: text[start, end) is the form of ref, found in
 * class cls. */
struct gaz_hit {
    size_t start, end;
    size_t cls;
    struct gaz_ref ref;
};

/* Every name of the classes cls[0..n_cls) in text[start, end) that starts
 * by 'lim': runs of capitalised words (joined by single spaces, "of", and
 * a closing form word such as "kommun" or "hromada"), the whole run if
 * known, else the run without its first word, and so on ("I Kalmar",
 * "Både Batumi"; never "Lars" of "Lars Forsberg"); of the classes,
 * the first that knows it.  Hits (arena) in text order, not overlapping;
 * *out NULL if none. */
size_t gaz_scan(struct arena *a, const struct gazetteer *all,
                const struct gaz_class *cls, size_t n_cls,
                struct gaz_memo *memo, const char *text, size_t start,
                size_t end, size_t lim, struct gaz_hit **out);

/* What gaz_scan() has looked up, kept from one text to the next: the
 * same places come back article after article, and a span found before
 * needs neither its key nor a lookup.  A memo serves one set of classes
 * only (one `names` rule); it holds a bounded number of spans (it starts
 * over when full), so results never depend on what it holds.  NULL
 * memo: gaz_scan() keeps one for the call.  Caller frees with
 * gaz_memo_free(); used by one thread at a time. */
struct gaz_memo *gaz_memo_new(void);
void gaz_memo_free(struct gaz_memo *m);

/* The length of the form word that s[0..n) starts with (" County", "
 * City", " kommun", " громада": the affixes a lookup strips, ASCII case
 * ignored), the longest; 0 if none.  The caller checks that a word ends
 * there. */
size_t gaz_form_word(const char *s, size_t n);

/* Is s[0..n) (spaces at its end ignored, ASCII case too) a form word
 * that stands before a name ("City of", "Municipality of", "gmina",
 * "Landkreis")? */
bool gaz_form_prefix(const char *s, size_t n);

/* A place's identity, for telling two rows of one place apart from two
 * places: its key without a form word, and then without a genitive -s
 * ("Meråker kommune" and "Meråker", "Siguldas novads" and "Sigulda" are
 * one).  From 'a'. */
const char *gaz_identity(struct arena *a, const char *value);

#endif
