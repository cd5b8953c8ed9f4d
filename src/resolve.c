/*
 * resolve.c - stage 4: hits -> table rows (see resolve.h).
 */
/* SPDX-License-Identifier: MIT */
#include "resolve.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "arena.h"
#include "hash.h"
#include "normalize.h"
#include "pairing.h"
#include "xalloc.h"

#include <utf8proc.h>

static const char *const cols_documents[] = {
    "doc_id", "path", "bytes", "encoding", "status", "message", "title",
    "url", "date", "pairs", "quotes", "speakers", "tags",
};
static const char *const cols_pairs[] = {
    "doc_id", "swedish_partner", "swedish_municipality", "swedish_code",
    "partner", "partner_canonical", "partner_country", "area", "rule", "line",
};
static const char *const cols_quotes[] = {
    "doc_id", "quote_no", "speaker", "role", "quote", "style", "rule", "line",
};
static const char *const cols_speakers[] = {
    "doc_id", "speaker", "role", "organization", "party", "quotes",
};
static const char *const cols_tags[] = {
    "doc_id", "tag", "value", "code", "rule", "line",
};

static const char *const cols_report[] = {
    "kind", "doc_id", "rule", "table", "line", "count", "text",
};

#define SCHEMA(n, c) {n, c, sizeof c / sizeof *c}
const struct table_schema resolve_report_schema = SCHEMA("report",
                                                         cols_report);
const struct table_schema resolve_schema[T__COUNT] = {
    [T_DOCUMENTS] = SCHEMA("documents", cols_documents),
    [T_PAIRS] = SCHEMA("pairs", cols_pairs),
    [T_QUOTES] = SCHEMA("quotes", cols_quotes),
    [T_SPEAKERS] = SCHEMA("speakers", cols_speakers),
    [T_TAGS] = SCHEMA("tags", cols_tags),
};

/* The columns whose gazetteer entry resolve reads (a pair's sides, a
 * mention's, a country, a tag's value): an expanded hit keeps theirs
 * only.  A filter on another column finds its entry all the same, and
 * nothing asks for it after. */
enum ent_slot {
    ENT_SWEDISH_PARTNER,
    ENT_PARTNER,
    ENT_COUNTRY,
    ENT_VALUE,
    ENT_TRIGGER,
    ENT__COUNT,
    ENT_NONE = -1,
};

static enum ent_slot ent_slot(enum rule_col c)
{
    switch (c) {
    case COL_SWEDISH_PARTNER:
        return ENT_SWEDISH_PARTNER;
    case COL_PARTNER:
        return ENT_PARTNER;
    case COL_COUNTRY:
        return ENT_COUNTRY;
    case COL_VALUE:
        return ENT_VALUE;
    case COL_TRIGGER:
        return ENT_TRIGGER;
    default:
        return ENT_NONE;
    }
}

/* A hit with the gazetteer entries its values were found as (only the
 * entry, and only of the columns above: a long article has tens of
 * thousands of these; a struct gaz_ref for every column made each three
 * times the size). */
struct xhit {
    struct hit h;
    const struct gaz_entry *ent[ENT__COUNT];
    size_t order;               /* position after expansion: sort tie-break */
    const char *why;            /* if not used: why (utdrag explain) */
    bool used;                  /* gave a row (or a person's details) */
    bool dup;                   /* used, but its row was a duplicate */
};

/* The entry x's column c was found as, or NULL. */
static const struct gaz_entry *ent_of(const struct xhit *x, enum rule_col c)
{
    enum ent_slot k = ent_slot(c);
    return k == ENT_NONE ? NULL : x->ent[k];
}

/* Record e as the entry of x's column c. */
static void ent_set(struct xhit *x, enum rule_col c,
                    const struct gaz_entry *e)
{
    enum ent_slot k = ent_slot(c);
    if (k != ENT_NONE)
        x->ent[k] = e;
}

/* The same, unless one is recorded. */
static void ent_first(struct xhit *x, enum rule_col c,
                      const struct gaz_entry *e)
{
    enum ent_slot k = ent_slot(c);
    if (k != ENT_NONE && !x->ent[k])
        x->ent[k] = e;
}

static void trace_add(struct arena *a, struct resolve_trace *tr,
                      const struct hit *h, const char *fate)
{
    if (!tr)
        return;
    if (tr->n == tr->cap) {
        size_t nc = tr->cap ? 2 * tr->cap : 64;
        tr->v = arena_grow(a, tr->v, tr->cap, nc, sizeof *tr->v);
        tr->cap = nc;
    }
    tr->v[tr->n++] = (struct trace_item){*h, fate};
}


/* "partner rejected: in municipalities", "country not in countries". */
static const char *filter_why(struct arena *a, const struct rule_set *rs,
                              const struct rule_filter *f, const char *v,
                              const struct gaz_ref *found)
{
    const char *col = rules_col_name(f->col);
    if (f->kind == FILTER_REJECT)
        return arena_printf(a, "%s rejected: in %s", col,
                            found->list ? found->list->name : "a list");
    const char *lists = "";
    for (size_t i = 0; i < f->n_lists; i++)
        lists = arena_printf(a, "%s%s%s", lists, i ? " " : "",
                             rs->lists[f->lists[i]].name);
    return v ? arena_printf(a, "%s '%s' not in %s", col, v, lists)
             : arena_printf(a, "no %s (required in %s)", col, lists);
}

struct xhits {
    struct xhit *v;
    size_t n, cap;
    bool heap;                  /* v is malloc'd scratch, reused (freed by
                                   its owner), not the document's arena */
};

static void xh_add(struct arena *a, struct xhits *l, const struct xhit *x)
{
    if (l->n == l->cap) {
        /* Grown by copying only the used part: no zeroing of the rest. */
        size_t ncap = l->cap ? l->cap * 2 : 8;
        if (l->heap) {
            l->v = xreallocarray(l->v, ncap, sizeof *l->v);
        } else {
            struct xhit *v = arena_alloc(a, ncap * sizeof *v);
            if (l->n)
                memcpy(v, l->v, l->n * sizeof *v);
            l->v = v;
        }
        l->cap = ncap;
    }
    l->v[l->n++] = *x;
}

/* ---- splitting -------------------------------------------------------- */

static const char *piece(struct arena *a, const char *s, size_t n)
{
    /* Trim spaces and separator punctuation left at the cut. */
    while (n && strchr(" ,;|", *s)) {
        s++;
        n--;
    }
    while (n && strchr(" ,;|", s[n - 1]))
        n--;
    return n ? arena_strndup(a, s, n) : NULL;
}

static void emit_piece(struct arena *a, struct xhits *out,
                       const struct xhit *src, enum rule_col c,
                       const char *v, const struct gaz_ref *ref)
{
    struct xhit x = *src;
    if (!v)
        return;
    x.h.col[c] = v;
    if (ref)
        ent_set(&x, c, ref->entry);
    xh_add(a, out, &x);
}

/* Gazetteer segmentation works on code points: each one's matching-key
 * fragment (norm_key of the code point alone; "" becomes a separator). */
struct cps {
    size_t *off;                /* n + 1 byte offsets */
    const char **frag;
    size_t *frag_len;
    int *cat;                   /* utf8proc category */
    size_t n;
};

static void to_cps(struct arena *a, const char *v, size_t len,
                   struct cps *c)
{
    c->off = arena_alloc(a, (len + 1) * sizeof *c->off);
    c->frag = arena_alloc(a, (len + 1) * sizeof *c->frag);
    c->frag_len = arena_alloc(a, (len + 1) * sizeof *c->frag_len);
    c->cat = arena_alloc(a, (len + 1) * sizeof *c->cat);
    c->n = 0;
    for (size_t i = 0; i < len;) {
        utf8proc_int32_t cp;
        utf8proc_ssize_t n = utf8proc_iterate((const utf8proc_uint8_t *)v + i,
                                              (utf8proc_ssize_t)(len - i),
                                              &cp);
        if (n <= 0)
            n = 1, cp = 0xFFFD;
        c->off[c->n] = i;
        c->cat[c->n] = utf8proc_category(cp);
        c->frag[c->n] = norm_key(a, v + i, (size_t)n, &c->frag_len[c->n]);
        if (!c->frag_len[c->n]) {
            c->frag[c->n] = " ";
            c->frag_len[c->n] = 1;
        }
        c->n++;
        i += (size_t)n;
    }
    c->off[c->n] = len;
}

/* Longest form of the lists whose key equals the key of code points
 * [k, j) for some j; returns how many of the longest-first candidates it
 * stored in ends[]/forms[] (at most max). */
static size_t forms_at(struct arena *a, const struct rule_set *rs,
                       const size_t *lists, size_t n_lists, const char *v,
                       const struct cps *c, size_t k,
                       size_t *ends, struct gaz_ref *refs, size_t max)
{
    char key[256];
    size_t klen = 0, found = 0;
    /* Per list, the forms whose keys start with key[0..klen): a range of
     * the sorted forms that only narrows as the key grows. */
    size_t lo[16], hi[16];

    if (n_lists > 16)
        n_lists = 16;           /* rules.c allows at most 8 lists */
    for (size_t li = 0; li < n_lists; li++) {
        lo[li] = 0;
        hi[li] = rs->lists[lists[li]].n_forms;
    }
    for (size_t j = k; j < c->n; j++) {
        size_t fl = c->frag_len[j];
        const char *fr = c->frag[j];
        if (fl == 1 && *fr == ' ') {
            if (!klen || key[klen - 1] == ' ')
                continue;       /* runs of separators are one space */
        }
        if (klen + fl >= sizeof key)
            break;
        memcpy(key + klen, fr, fl);
        klen += fl;
        key[klen] = '\0';
        bool prefix = false;
        for (size_t li = 0; li < n_lists; li++) {
            const struct gazetteer *g = &rs->lists[lists[li]];
            size_t l = lo[li], h = hi[li];
            while (l < h) {     /* first key >= key */
                size_t mid = l + (h - l) / 2;
                if (strcmp(g->forms[mid].key, key) < 0)
                    l = mid + 1;
                else
                    h = mid;
            }
            lo[li] = l;
            h = hi[li];
            while (l < h) {     /* first key past those starting with key */
                size_t mid = l + (h - l) / 2;
                if (strncmp(g->forms[mid].key, key, klen) <= 0)
                    l = mid + 1;
                else
                    h = mid;
            }
            hi[li] = l;
            if (lo[li] == hi[li])
                continue;
            prefix = true;
            if (g->forms[lo[li]].key[klen] == '\0' && found < max) {
                /* Keep the longest candidate first. */
                memmove(ends + 1, ends, found * sizeof *ends);
                memmove(refs + 1, refs, found * sizeof *refs);
                ends[0] = j + 1;
                const struct gaz_form *f = gaz_pick(
                    a, g, &g->forms[lo[li]], v + c->off[k],
                    c->off[j + 1] - c->off[k]);
                refs[0] = (struct gaz_ref){g, f, &g->entries[f->entry]};
                found++;
                break;
            }
        }
        if (!prefix)
            break;
    }
    return found;
}

static bool is_letter(int cat)
{
    return cat >= UTF8PROC_CATEGORY_LU && cat <= UTF8PROC_CATEGORY_LO;
}

/* Cut c into gazetteer forms and the leftovers between them.  A form
 * starts where the previous one ended, after a non-letter, or at a lower-
 * to upper-case change; it ends at the end, before a character that is not
 * lower case, or where another form starts (the scraper's glitch in
 * "Region Gotlandronneby kommun").  The pieces come from 'a', the
 * lookups' scratch from 'tmp'. */
static void segment(struct arena *a, struct arena *tmp,
                    const struct rule_set *rs,
                    const struct rule_split *sp, const struct xhit *x,
                    const char *v, const struct cps *c, struct xhits *out)
{
    size_t last = 0, k = 0;
    size_t ends[8], ends2[8];
    struct gaz_ref refs[8], refs2[8];

    while (k < c->n) {
        /* (A hyphen joins the parts of one name: "Zenica-Doboj kanton"
         * is no "Zenica" and "Doboj".) */
        bool start_ok = k == last ||
                        (!is_letter(c->cat[k - 1]) &&
                         v[c->off[k] - 1] != '-') ||
                        (c->cat[k - 1] == UTF8PROC_CATEGORY_LL &&
                         c->cat[k] == UTF8PROC_CATEGORY_LU);
        size_t nf = start_ok ? forms_at(tmp, rs, sp->lists, sp->n_lists, v,
                                        c, k, ends, refs, 8)
                             : 0;
        size_t pick = nf;
        for (size_t i = 0; i < nf; i++) {
            size_t e = ends[i];
            if (e < c->n && v[c->off[e]] == '-' && e + 1 < c->n &&
                is_letter(c->cat[e + 1]))
                continue;       /* the name goes on past its hyphen */
            if (e == c->n || c->cat[e] != UTF8PROC_CATEGORY_LL ||
                forms_at(tmp, rs, sp->lists, sp->n_lists, v, c, e, ends2,
                         refs2, 8)) {
                pick = i;
                break;
            }
        }
        if (pick == nf) {
            k++;
            continue;
        }
        /* A form word before the name belongs to it too ("City of
         * Bihać", "gmina Kolbuszowa"): no piece of its own. */
        size_t from = c->off[k];
        if (k > last &&
            gaz_form_prefix(v + c->off[last], c->off[k] - c->off[last]))
            from = c->off[last];
        else
            emit_piece(a, out, x, sp->col,
                       piece(a, v + c->off[last], c->off[k] - c->off[last]),
                       NULL);
        /* A form word after the name belongs to it ("Surakarta City",
         * "Nakuru County"), where a word ends after it. */
        size_t e = ends[pick], at = c->off[e];
        size_t fw = gaz_form_word(v + at, c->off[c->n] - at);
        while (fw && e < c->n && c->off[e] < at + fw)
            e++;
        if (fw && c->off[e] == at + fw &&
            (e == c->n || c->cat[e] != UTF8PROC_CATEGORY_LL)) {
            emit_piece(a, out, x, sp->col,
                       arena_strndup(a, v + from, at + fw - from),
                       &refs[pick]);
            last = k = e;
            continue;
        }
        emit_piece(a, out, x, sp->col,
                   from < c->off[k] ? arena_strndup(a, v + from, at - from)
                                    : refs[pick].form->text,
                   &refs[pick]);
        last = k = ends[pick];
    }
    emit_piece(a, out, x, sp->col,
               piece(a, v + c->off[last], c->off[c->n] - c->off[last]), NULL);
}

/* Longest value a split cuts (bytes); a longer one is kept whole: cutting
 * needs memory proportional to the value. */
#define SEGMENT_MAX 16384

/* What a document's splits may cut and make (the matcher's limits,
 * struct match_limits).  Past either limit, values are kept whole. */
struct split_budget {
    size_t max_pieces, max_bytes; /* the limits */
    size_t pieces;              /* left to make */
    size_t bytes;               /* left to cut */
    bool spent;                 /* and the message given */
};

/* Split x's column sp->col into out (pieces from 'a'); 'tmp' holds the
 * scratch of a split by lists, and is reset after it. */
static void split_one(struct matcher *m, struct arena *a, struct arena *tmp,
                      const struct rule_set *rs, const struct rule_split *sp,
                      const struct xhit *x, struct xhits *out,
                      const char **msg)
{
    const char *v = x->h.col[sp->col];
    size_t len = v ? strlen(v) : 0;
    size_t pos = 0, last = 0, ms, me;

    if (!v || len > SEGMENT_MAX) {      /* no metadata value is this long */
        xh_add(a, out, x);
        return;
    }
    if (sp->kind == SPLIT_LISTS) {
        /* The code points, their keys and the lookups' scratch: dropped
         * after the value (in the document's arena, a long article's
         * values would add up). */
        struct cps c;
        to_cps(tmp, v, len, &c);
        segment(a, tmp, rs, sp, x, v, &c, out);
        arena_reset(tmp);
        return;
    }
    while (pos <= len) {
        int rc = match_find(m, sp->re, v, len, pos, &ms, &me);
        if (rc < 0) {
            /* A limit: keep the rest unsplit and say so. */
            PCRE2_UCHAR err[160];
            pcre2_get_error_message(rc, err, sizeof err);
            const char *m1 = arena_printf(a, "rule %s: split stopped: %s",
                                          x->h.rule->name, (char *)err);
            *msg = *msg ? arena_printf(a, "%s; %s", *msg, m1) : m1;
        }
        if (rc <= 0)
            break;
        if (ms > last || me > ms)
            emit_piece(a, out, x, sp->col, piece(a, v + last, ms - last),
                       NULL);
        last = me;
        pos = me > ms ? me : ms + 1;
        while (pos < len && ((unsigned char)v[pos] & 0xC0) == 0x80)
            pos++;
    }
    emit_piece(a, out, x, sp->col, piece(a, v + last, len - last), NULL);
}

/* Charge b for cutting x's column c; false, with one message per
 * document, when b has run out and the value is to be kept whole. */
static bool split_charge(struct arena *a, struct split_budget *b,
                         const struct xhit *x, enum rule_col c,
                         const char **msg)
{
    const char *v = x->h.col[c];
    size_t cost = v ? strlen(v) + 1 : 1;

    if (b->pieces && cost <= b->bytes) {
        b->bytes -= cost;
        return true;
    }
    if (!b->spent) {
        const char *m1 = arena_printf(
            a, "rule %s: splits stopped at the document's limit of %zu "
            "pieces or %zu bytes, the rest kept whole", x->h.rule->name,
            b->max_pieces, b->max_bytes);
        *msg = arena_join(a, *msg, m1);
        b->spent = true;
    }
    return false;
}

/* The document's gazetteer lookups so far: the same value is looked up
 * in the same lists by many hits (every rule that finds a place, each
 * mention of it).  A lookup is a function of the value's text and the
 * lists (in their order) alone, so a value's result is reused.  Open
 * addressing, from the arena. */
struct lookups {
    struct lookup_slot {
        const char *value;      /* NULL: empty */
        uint64_t lists;         /* the list indices + 1, a byte each */
        uint32_t hash;
        bool found;
        struct gaz_ref ref;
    } *v;
    size_t size, n;
};

/* The lists lists[0..n) as one number, or 0 if they do not fit one. */
static uint64_t lists_sig(const size_t *lists, size_t n)
{
    uint64_t sig = 0;
    if (n > 8)
        return 0;
    for (size_t i = 0; i < n; i++) {
        if (lists[i] >= 255)
            return 0;
        sig |= (uint64_t)(lists[i] + 1) << (8 * i);
    }
    return sig;
}

static size_t lookups_slot(const struct lookups *l, const char *value,
                           uint64_t sig, uint32_t h)
{
    size_t i = h & (l->size - 1);
    while (l->v[i].value &&
           (l->v[i].hash != h || l->v[i].lists != sig ||
            strcmp(l->v[i].value, value) != 0))
        i = (i + 1) & (l->size - 1);
    return i;
}

/* gaz_lookup() of value in rs's lists[0..n), through the document's
 * lookups l. */
static bool lookup(struct arena *a, struct lookups *l,
                   const struct rule_set *rs, const size_t *lists, size_t n,
                   const char *value, struct gaz_ref *ref)
{
    uint64_t sig = lists_sig(lists, n);
    if (!sig)
        return gaz_lookup(a, rs->lists, lists, n, value, ref);
    size_t vl = strlen(value);
    uint32_t h = fnv1a32(value, vl) ^
                 (uint32_t)(sig * 0x9E3779B97F4A7C15u >> 32);
    if (2 * (l->n + 1) > l->size) {
        struct lookups g = {.size = l->size ? 2 * l->size : 64};
        g.v = arena_calloc(a, g.size, sizeof *g.v);
        for (size_t i = 0; i < l->size; i++)
            if (l->v[i].value)
                g.v[lookups_slot(&g, l->v[i].value, l->v[i].lists,
                                 l->v[i].hash)] = l->v[i];
        g.n = l->n;
        arena_free(a, l->v);    /* a large table goes back at once */
        *l = g;
    }
    size_t i = lookups_slot(l, value, sig, h);
    if (!l->v[i].value) {
        struct lookup_slot *e = &l->v[i];
        size_t klen;
        const char *key = norm_key(a, value, vl, &klen);
        e->found = gaz_lookup_key(a, rs->lists, lists, n, value, key, klen,
                                  &e->ref);
        e->value = value;
        e->lists = sig;
        e->hash = h;
        l->n++;
    }
    if (l->v[i].found)
        *ref = l->v[i].ref;
    return l->v[i].found;
}

static bool known_place(struct arena *a, const struct rule_set *rs,
                        const char *v);

/* Is w[0..n) a word that can stand before a given name without being
 * part of the name: a known place ("Zavidovići Emir Hodžić"), a noun for
 * a person (below), or a demonym, a known place and a short lower-case
 * ending ("Nybrobon", "Malmöbon", "Umeåborna", "Göteborgaren")? */
static bool place_word(struct arena *a, const struct rule_set *rs,
                       const char *w, size_t n)
{
    if (n >= 3 && known_place(a, rs, arena_strndup(a, w, n)))
        return true;
    /* ... or a noun for a person ("Bonden Ragnhild Vatnedal",
     * "Rektorn Anna Ek"): a word of unnamed.tsv or a title of
     * titles.tsv, bare or with a definite ending. */
    static const char *const lists[] = {RULES_LIST_UNNAMED,
                                        RULES_LIST_TITLES};
    static const char *const def[] = {"", "n", "en", "et", "a", "na"};
    for (size_t l = 0; l < 2; l++) {
        int li = rules_list_lookup(rs, lists[l]);
        for (size_t d = 0; li >= 0 && d < sizeof def / sizeof *def; d++) {
            size_t dl = strlen(def[d]);
            if (n < dl + 3 || strncmp(w + n - dl, def[d], dl) != 0)
                continue;
            char *key = norm_key(a, w, n - dl, NULL);
            if (key && gaz_find(&rs->lists[li], key))
                return true;
        }
    }
    for (size_t tail = 2; tail <= 5 && tail + 3 <= n; tail++) {
        bool lower = true;
        for (size_t i = n - tail; i < n && lower; i++)
            lower = w[i] >= 'a' && w[i] <= 'z';
        if (lower && known_place(a, rs, arena_strndup(a, w, n - tail)))
            return true;
    }
    return false;
}

static bool filters_pass(struct arena *a, const struct rule_set *rs,
                         struct lookups *memo, struct xhit *x,
                         const char **why)
{
    const struct rule *r = x->h.rule;
    size_t first = 0;
    /* A `names` hit carries the entry its scan found: its lookups (the
     * first filters) are done. */
    if (r->n_names && x->h.names) {
        for (size_t i = 0; i < r->n_names; i++)
            if (x->h.col[r->names[i].col])
                ent_first(x, r->names[i].col, x->h.names);
        first = r->n_names;
    }
    for (size_t i = first; i < r->n_filters; i++) {
        const struct rule_filter *f = &r->filters[i];
        const char *v = x->h.col[f->col];
        struct gaz_ref ref;
        if (f->first_word && v) {
            /* "Rasa Jankauskienė": a given name of the lists first. */
            size_t n = strcspn(v, " -");
            bool found = n && lookup(a, memo, rs, f->lists, f->n_lists,
                                     arena_strndup(a, v, n), &ref);
            /* "Nybrobon Halyna Kovalenko", "Zavidovići Emir Hodžić",
             * "Bonden Ragnhild Vatnedal": a place, demonym or noun for a
             * person before the given name is not part of it; the name
             * that starts at the next word, if two words or more remain,
             * is tried once.  (Not any first word: "Selorm Kwame
             * Agbeko" is one name.) */
            const char *sp = found ? NULL : strchr(v, ' ');
            if (sp && strchr(sp + 1, ' ') &&
                place_word(a, rs, v, (size_t)(sp - v))) {
                size_t m = strcspn(sp + 1, " -");
                if (m && lookup(a, memo, rs, f->lists, f->n_lists,
                                arena_strndup(a, sp + 1, m), &ref)) {
                    found = true;
                    x->h.col[f->col] = sp + 1;
                }
            }
            if (!found) {
                if (why)
                    *why = arena_printf(a, "%s: first word not in %s",
                                        rules_col_name(f->col),
                                        rs->lists[f->lists[0]].name);
                return false;
            }
            continue;
        }
        bool found = v && lookup(a, memo, rs, f->lists, f->n_lists, v, &ref);
        /* "I Kalmar", "Mellan Stockholm": a capitalised word that opens
         * the sentence is not part of the name.  `require` tries the value
         * without its leading words, and keeps the first that is found. */
        for (const char *sp = v ? strchr(v, ' ') : NULL;
             !found && f->kind == FILTER_REQUIRE && sp; sp = strchr(sp + 1, ' '))
            if (lookup(a, memo, rs, f->lists, f->n_lists, sp + 1, &ref)) {
                found = true;
                x->h.col[f->col] = v = sp + 1;
            }
        /* A place the hit gives a country ("finska Laukaa") is the entry
         * of that country, when the key has one: not Luga, whose Finnish
         * name it is; with none, no entry (the country says another). */
        const struct gaz_entry *cue = found && f->col != COL_COUNTRY &&
                                              f->kind != FILTER_REJECT
                                          ? ent_of(x, COL_COUNTRY) : NULL;
        if (cue && *cue->code && *ref.entry->country &&
            strcmp(ref.entry->country, cue->code) != 0)
            ref.entry = gaz_in_country(ref.list, ref.form, cue->code);
        if (found && ref.entry)
            ent_first(x, f->col, ref.entry);
        if (found && ref.entry && f->kind == FILTER_CANONICAL)
            x->h.col[f->col] = ref.entry->name;
        /* An empty optional column (no party given) passes `require`. */
        if ((f->kind == FILTER_REQUIRE && v && !found) ||
            (f->kind == FILTER_REJECT && found)) {
            if (why)
                *why = filter_why(a, rs, f, v, &ref);
            return false;
        }
    }
    return true;
}

static void expand_hits(struct matcher *m, struct arena *a,
                        const struct rule_set *rs, const struct hit *hits,
                        size_t n, struct xhits *out, const char **msg,
                        struct resolve_trace *tr)
{
    /* Room for one each (most hits stay one): a long article's thousands
     * of hits are not copied at every doubling. */
    struct lookups memo = {0};
    struct split_budget budget = {0};

    match_split_limits(m, &budget.max_pieces, &budget.max_bytes);
    budget.pieces = budget.max_pieces;
    budget.bytes = budget.max_bytes;

    if (n && !out->cap) {
        out->v = arena_alloc(a, n * sizeof *out->v);
        out->cap = n;
    }
    /* The pieces of one hit's splits, in two scratch buffers used in
     * turn (in the arena, every split of every hit would leave its
     * pieces behind: most of a long article's memory). */
    struct xhits scratch[2] = {{.heap = true}, {.heap = true}};
    struct arena tmp;           /* a split's scratch (split_one()) */

    arena_init(&tmp);

    for (size_t i = 0; i < n; i++) {
        struct xhit x = {.h = hits[i]};
        struct xhits cur = {.v = &x, .n = 1, .cap = 1};
        const struct rule *r = hits[i].rule;
        for (size_t s = 0; s < r->n_splits; s++) {
            const struct rule_split *sp = &r->splits[s];
            struct xhits *next = &scratch[s & 1];
            next->n = 0;
            for (size_t j = 0; j < cur.n; j++) {
                size_t before = next->n;
                if (!split_charge(a, &budget, &cur.v[j], sp->col, msg)) {
                    xh_add(a, next, &cur.v[j]);
                    continue;
                }
                split_one(m, a, &tmp, rs, sp, &cur.v[j], next, msg);
                size_t made = next->n - before;
                budget.pieces -= made < budget.pieces ? made : budget.pieces;
            }
            cur = *next;
        }
        for (size_t j = 0; j < cur.n; j++) {
            struct xhit *cx = &cur.v[j];
            const char *why = NULL;
            if (!filters_pass(a, rs, &memo, cx, tr ? &why : NULL)) {
                trace_add(a, tr, &cx->h, why);
                continue;
            }
            /* A tag value found in a list carries the entry's code (SCB
             * code, ISO country code, goal number), or else the entry's
             * country (a foreign partner's ISO country code). */
            const struct gaz_entry *e = ent_of(cx, COL_VALUE);
            if (r->table == TAB_TAGS && !cx->h.col[COL_CODE] && e)
                cx->h.col[COL_CODE] = *e->code ? e->code
                                    : *e->country ? e->country : NULL;
            xh_add(a, out, cx);
        }
    }
    free(scratch[0].v);
    free(scratch[1].v);
    arena_fini(&tmp);
    arena_free(a, memo.v);      /* the lookups serve expansion only */
}

size_t resolve_expand(struct matcher *m, struct arena *a,
                      const struct rule_set *rs, const struct hit *hits,
                      size_t n, struct hit **out)
{
    struct xhits xs = {0};
    const char *msg = NULL;
    expand_hits(m, a, rs, hits, n, &xs, &msg, NULL);
    *out = arena_alloc(a, (xs.n ? xs.n : 1) * sizeof **out);
    for (size_t i = 0; i < xs.n; i++)
        (*out)[i] = xs.v[i].h;
    return xs.n;
}

/* ---- rows ------------------------------------------------------------- */

static const char **list_row(struct arena *a, struct row_list *l,
                             size_t n_columns)
{
    const char **row = arena_calloc(a, n_columns, sizeof *row);
    if (l->n == l->cap) {
        size_t ncap = l->cap ? l->cap * 2 : 16;
        l->rows = arena_grow(a, (void *)l->rows, l->cap, ncap,
                             sizeof *l->rows);
        l->cap = ncap;
    }
    l->rows[l->n++] = row;
    return row;
}

static const char **new_row(struct arena *a, struct doc_tables *t,
                            enum out_table_id id, const char *doc_id)
{
    const char **row = list_row(a, &t->t[id], resolve_schema[id].n_columns);
    row[0] = doc_id;
    return row;
}

/* A map from two strings to a number, over the arena: telling rows apart
 * (the same pair, quote or speaker again) without comparing each new row
 * with all before it, which costs the square of a long article's rows. */
struct str_map {
    const char **k;             /* two per slot; k[2 * i] NULL: empty */
    size_t *v;
    size_t size, n;
};

static size_t str_map_slot(const struct str_map *m, const char *a,
                           const char *b)
{
    size_t i = (fnv1a32(a, strlen(a)) * 31u + fnv1a32(b, strlen(b))) &
               (m->size - 1);
    while (m->k[2 * i] &&
           (strcmp(m->k[2 * i], a) != 0 || strcmp(m->k[2 * i + 1], b) != 0))
        i = (i + 1) & (m->size - 1);
    return i;
}

/* The number stored for (a, b); if there is none, store v and return it. */
static size_t str_map_put(struct arena *ar, struct str_map *m, const char *a,
                          const char *b, size_t v)
{
    if (2 * (m->n + 1) > m->size) {
        struct str_map g = {.size = m->size ? 2 * m->size : 64};
        g.k = arena_calloc(ar, 2 * g.size, sizeof *g.k);
        g.v = arena_alloc(ar, g.size * sizeof *g.v);
        for (size_t i = 0; i < m->size; i++)
            if (m->k[2 * i]) {
                size_t j = str_map_slot(&g, m->k[2 * i], m->k[2 * i + 1]);
                g.k[2 * j] = m->k[2 * i];
                g.k[2 * j + 1] = m->k[2 * i + 1];
                g.v[j] = m->v[i];
            }
        g.n = m->n;
        *m = g;
    }
    size_t i = str_map_slot(m, a, b);
    if (!m->k[2 * i]) {
        m->k[2 * i] = a;
        m->k[2 * i + 1] = b;
        m->v[i] = v;
        m->n++;
    }
    return m->v[i];
}

/* Columns [from, to) of row as one string, each cell prefixed by its
 * length (an empty cell and a missing one are the same). */
static const char *row_key(struct arena *a, const char *const *row,
                           size_t from, size_t to)
{
    size_t n = 1;
    for (size_t i = from; i < to; i++)
        n += (row[i] ? strlen(row[i]) : 0) + 21;
    char *k = arena_alloc(a, n), *w = k;
    for (size_t i = from; i < to; i++) {
        const char *c = row[i] ? row[i] : "";
        size_t cl = strlen(c);
        w += snprintf(w, 22, "%zu:", cl);
        memcpy(w, c, cl);
        w += cl;
    }
    *w = '\0';
    return k;
}

static bool same_row(const char *const *x, const char *const *y, size_t from,
                     size_t to)
{
    for (size_t i = from; i < to; i++) {
        const char *p = x[i] ? x[i] : "", *q = y[i] ? y[i] : "";
        if (strcmp(p, q) != 0)
            return false;
    }
    return true;
}

/* Up to this many rows, a new row is compared with each (cheapest for the
 * usual article); past it, rows are found through a map of their keys. */
#define DEDUPE_LINEAR 32

/* Drop the last row of table id if an earlier row equals it in columns
 * [from, to) (the rule and line columns are left out of the identity). */
static void dedupe_last(struct arena *a, struct str_map *seen,
                        struct doc_tables *t, enum out_table_id id,
                        size_t from, size_t to)
{
    struct row_list *l = &t->t[id];
    size_t last = l->n - 1;

    if (l->n <= DEDUPE_LINEAR) {
        for (size_t i = 0; i < last; i++)
            if (same_row(l->rows[i], l->rows[last], from, to)) {
                l->n--;
                return;
            }
        return;
    }
    if (!seen->n)               /* past the linear range: map the rows */
        for (size_t i = 0; i < last; i++)
            str_map_put(a, seen, row_key(a, l->rows[i], from, to), "", i);
    if (str_map_put(a, seen, row_key(a, l->rows[last], from, to), "",
                    last) != last)
        l->n--;
}

/* A speaker's name without its middle initials ("Maria K. Kjellberg"
 * and "Maria Kjellberg" are one speaker of one quote). */
static const char *initials_dropped(struct arena *a, const char *name)
{
    char *out = arena_alloc(a, strlen(name) + 1), *o = out;
    for (const char *p = name; *p;) {
        const char *e = strchr(p, ' ');
        size_t n = e ? (size_t)(e - p) : strlen(p);
        bool initial = p != name && e && n >= 2 && n <= 3 && p[n - 1] == '.';
        if (!initial) {
            if (o != out)
                *o++ = ' ';
            memcpy(o, p, n);
            o += n;
        }
        p += n;
        while (*p == ' ')
            p++;
    }
    *o = '\0';
    return out;
}

/* Drop the last quote row if the same speaker said the same words before
 * (role and style may differ: two rules read one quote), or the row
 * before holds them. */
static size_t dedupe_quote(struct arena *a, struct str_map *seen,
                           struct doc_tables *t)
{
    struct row_list *l = &t->t[T_QUOTES];
    const char *const *last = l->rows[l->n - 1];
    /* The same words with and without the period that ends them are one
     * quote: two rules may read one paragraph, one of them to the end
     * of its sentence. */
    const char *q = last[4];
    size_t ql = strlen(q);
    while (ql && strchr(".!? ", q[ql - 1]))
        ql--;
    size_t k = str_map_put(a, seen, initials_dropped(a, last[2]),
                           arena_strndup(a, q, ql), l->n - 1);
    if (k != l->n - 1) {
        l->n--;
        return k;               /* the earlier row stays */
    }
    /* ... or words the row before, by the same speaker, holds whole: the
     * second part of a quote one rule joined ("\"A,\" N said. She added:
     * \"B.\"") that another read alone ("She added: \"B.\""). */
    if (l->n >= 2) {
        const char *const *prev = l->rows[l->n - 2];
        const char *ql0 = arena_strndup(a, q, ql);
        if (ql >= 12 &&
            strcmp(initials_dropped(a, prev[2]),
                   initials_dropped(a, last[2])) == 0 &&
            strlen(prev[4]) > ql && strstr(prev[4], ql0)) {
            l->n--;
            return l->n - 1;
        }
    }
    return k;                   /* this row stays */
}

static const char *line_of(struct arena *a, const struct norm_text *nt,
                           size_t off)
{
    return arena_uint(a, norm_src_line(nt, off));
}

static int cmp_xhit(const void *pa, const void *pb)
{
    const struct xhit *x = pa, *y = pb;
    if (x->h.start != y->h.start)
        return x->h.start < y->h.start ? -1 : 1;
    return x->order < y->order ? -1 : x->order > y->order;
}

static const char *canon(const struct gaz_entry *e)
{
    return e ? e->name : NULL;
}

/* Where value v (a trimmed capture of hit x) stands in the text: the
 * first occurrence at or after the match start. */
/* Is the code point that ends at s[at) (before at), or starts at s[at],
 * a letter? */
static bool letter_before(const char *s, size_t at)
{
    if (!at)
        return false;
    size_t b = at - 1;
    while (b > 0 && ((unsigned char)s[b] & 0xC0) == 0x80 && at - b < 4)
        b--;
    utf8proc_int32_t cp;
    if (utf8proc_iterate((const utf8proc_uint8_t *)s + b,
                         (utf8proc_ssize_t)(at - b), &cp) <= 0)
        return false;
    utf8proc_category_t c = utf8proc_category(cp);
    return c >= UTF8PROC_CATEGORY_LU && c <= UTF8PROC_CATEGORY_LO;
}

static bool letter_at(const char *s, size_t len, size_t at)
{
    utf8proc_int32_t cp;
    if (at >= len || utf8proc_iterate((const utf8proc_uint8_t *)s + at,
                                      (utf8proc_ssize_t)(len - at), &cp) <= 0)
        return false;
    utf8proc_category_t c = utf8proc_category(cp);
    return c >= UTF8PROC_CATEGORY_LU && c <= UTF8PROC_CATEGORY_LO;
}

/* Where in hit h the value v stands: its first whole-word occurrence
 * ("Gdańsk" in "vid Gdańskbukten, mellan Gdańsk och Gdynia" is the
 * second), else its first occurrence, else the hit's start. */
static size_t value_pos(const struct norm_text *nt, const struct hit *h,
                        const char *v)
{
    size_t vl = strlen(v), first = SIZE_MAX;
    for (size_t p = h->start; p + vl <= h->end && p + vl <= nt->len; p++)
        if (nt->s[p] == v[0] && memcmp(nt->s + p, v, vl) == 0) {
            if (!letter_before(nt->s, p) && !letter_at(nt->s, nt->len, p + vl))
                return p;
            if (first == SIZE_MAX)
                first = p;
        }
    return first != SIZE_MAX ? first : h->start;
}

/* Where hit h's quote ends in the text: past its value, or the hit's end
 * where the value is not written as one (a quote joined from two parts).
 * A speaker line below a quote ("Elin Strand, handläggare på
 * Länsstyrelsen" ending the text) does not make the quote cut off. */
static size_t quote_end(const struct norm_text *nt, const struct hit *h)
{
    const char *v = h->col[COL_QUOTE];
    size_t vl = strlen(v);
    for (size_t p = h->start; p + vl <= h->end && p + vl <= nt->len; p++)
        if (nt->s[p] == v[0] && memcmp(nt->s + p, v, vl) == 0)
            return p + vl;
    return h->end;
}

/* A place found at 'pos' right after another capitalised word is the end
 * of a longer name ("Anna Lund", "Kent Mora"), unless that word opens the
 * sentence ("Både Batumi och ...", "I Kalmar") or the line is a title
 * (Title Case headlines); after a given name it always is. */
/* Does line s[ls, le) hold at least two lower-case words of four letters
 * or more ("formalise", "towns"): a sentence-case headline, not Title
 * Case? */
static bool sentence_case(const char *s, size_t ls, size_t le)
{
    int lower = 0;
    for (size_t i = ls; i < le && lower < 2; i++) {
        if ((i > ls && s[i - 1] != ' ') || !(s[i] >= 'a' && s[i] <= 'z'))
            continue;
        size_t k = i;
        while (k < le && ((s[k] >= 'a' && s[k] <= 'z') ||
                          (unsigned char)s[k] >= 0x80))
            k++;
        lower += k - i >= 4;
    }
    return lower >= 2;
}

/* Is the place at pos the second word of a longer name ("Saldanha Bay",
 * "Mayor Anyang' Nyong'o")?  swedish: the place is a Swedish side. */
static bool inside_name(struct arena *a, const struct rule_set *rs,
                        const struct norm_text *nt, size_t pos, bool swedish)
{
    const char *s = nt->s;
    if (pos < 2 || s[pos - 1] != ' ')
        return false;
    unsigned char pc = (unsigned char)s[pos - 2];
    if (pc < 0x80 && !((pc >= 'a' && pc <= 'z') || (pc >= 'A' && pc <= 'Z')))
        return false;           /* "Chernihiv, Karlstad": a comma between */
    size_t w = pos - 1;
    while (w > 0 && s[w - 1] != ' ' && s[w - 1] != '\n')
        w--;
    if (w == pos - 1 || !norm_opens_upper(s + w, pos - 1 - w))
        return false;
    /* "in October Kalix and …": a month, a weekday or another word of
     * the stopwords list is no part of a name.  "Mayor Anyang' Nyong'o":
     * after a title, the word is a person's name, wherever it stands. */
    int stop = rules_list_lookup(rs, RULES_LIST_STOPWORDS);
    int titles = rules_list_lookup(rs, RULES_LIST_TITLES);
    char *key = norm_key(a, s + w, pos - 1 - w, NULL);
    if (key && titles >= 0 && gaz_find(&rs->lists[titles], key))
        return true;
    /* "Anna Berg (V) har föreslagit ...": after a given name of
     * firstnames.tsv (some are stopwords too) the word is a surname,
     * wherever it stands. */
    int first = rules_list_lookup(rs, RULES_LIST_FIRSTNAMES);
    if (key && first >= 0 && gaz_find(&rs->lists[first], key))
        return true;
    if (key && stop >= 0 && gaz_find(&rs->lists[stop], key))
        return false;
    /* "Sweden's Botkyrka", "Kenya’s Kisumu": a country's genitive
     * before the place is no part of its name. */
    size_t kl = key ? strlen(key) : 0;
    int countries = rules_list_lookup(rs, RULES_LIST_COUNTRIES);
    if (kl > 2 && key[kl - 1] == 's' && key[kl - 2] == ' ' &&
        countries >= 0 &&
        gaz_find(&rs->lists[countries], arena_strndup(a, key, kl - 2)))
        return false;
    /* "estniska Jõgeva Arvikas vänort": a foreign place before a
     * Swedish side ends its own name there. */
    static const char *const place_lists[] = {"partners", "places"};
    for (size_t i = 0; swedish && key && i < 2; i++) {
        int li = rules_list_lookup(rs, place_lists[i]);
        if (li >= 0 && gaz_find(&rs->lists[li], key))
            return false;
    }
    size_t ls = w, le = pos;
    while (ls > 0 && s[ls - 1] != '\n' && w - ls <= 100)
        ls--;
    while (le < nt->len && s[le] != '\n' && le - ls <= 101)
        le++;
    size_t b = w;
    while (b > ls && s[b - 1] == ' ')
        b--;
    /* A headline in sentence case ("Saldanha Bay and Oxelösund formalise
     * port towns partnership"): a capitalised word before the place,
     * opening the line or not, is part of its name ("Bay" is no place
     * there); in Title Case every word is capitalised. */
    bool heading = le - ls <= 100 && s[le - 1] != '.';
    if (heading && !sentence_case(s, ls, le))
        return false;           /* a title or heading line */
    if (b == ls)
        return heading;         /* opens the line */
    char c = s[b - 1];
    if (c == '.' || c == '!' || c == '?' || c == ':' || c == '"' ||
        c == '-' || c == '*' || (unsigned char)c == 0x93 /* – */ ||
        (unsigned char)c == 0xA2 /* • */)
        return false;           /* opens a sentence or a list item */
    return true;
}

/* Does a preposition of place ("i", "till", "från", "in", "to", "from",
 * "på", "fra", "til") stand right before pos? */
static bool after_place_word(const struct norm_text *nt, size_t pos)
{
    static const char *const prep[] = {" i ", " till ", " från ", " in ",
                                       " to ", " from ", " på ", " fra ",
                                       " til ", " frå ", " mot ", " near "};
    for (size_t i = 0; i < sizeof prep / sizeof *prep; i++) {
        size_t l = strlen(prep[i]);
        if (pos >= l && memcmp(nt->s + pos - l, prep[i], l) == 0)
            return true;
    }
    return false;
}

/* Does the text hold w[0..n) as a word of its own (no ASCII letter or
 * digit and no byte of a non-ASCII character on either side)? */
static bool word_in_text(const struct norm_text *nt, const char *w, size_t n)
{
    const char *s = nt->s, *end = nt->s + nt->len;
    for (const char *p = s; n && (size_t)(end - p) >= n &&
                            (p = memchr(p, w[0], (size_t)(end - p - n + 1)));
         p++) {
        if (memcmp(p, w, n) != 0)
            continue;
        unsigned char b = p > s ? (unsigned char)p[-1] : ' ';
        unsigned char a = p + n < end ? (unsigned char)p[n] : ' ';
        if (!isalnum(b) && b < 0x80 && !isalnum(a) && a < 0x80)
            return true;
    }
    return false;
}

/* Does a Swedish form word follow at 'pos' (" kommun", " stad", as a
 * whole word)? */
static bool genitive_before_form(const struct norm_text *nt, size_t pos)
{
    static const char *const form[] = {" kommun", " stad", " kommuns",
                                       " stads"};
    for (size_t i = 0; i < sizeof form / sizeof *form; i++) {
        size_t l = strlen(form[i]);
        if (pos + l <= nt->len && memcmp(nt->s + pos, form[i], l) == 0 &&
            (pos + l == nt->len ||
             !isalpha((unsigned char)nt->s[pos + l])))
            return true;
    }
    return false;
}

/* A word at 'pos' that opens a sentence of a line longer than a list
 * item: "Kommunbesök i Georgien gav nya idéer" is a capitalised noun with
 * a country cue, not an unknown town ("Kitale, Kenya" alone on a line
 * is). */
static bool opens_sentence(const struct norm_text *nt, size_t pos)
{
    const char *s = nt->s;
    size_t ls = pos, le = pos;
    while (ls > 0 && s[ls - 1] != '\n' && pos - ls <= 200)
        ls--;
    while (le < nt->len && s[le] != '\n' && le - ls <= 41)
        le++;
    if (le - ls <= 40)
        return false;
    size_t b = pos;
    while (b > ls && (s[b - 1] == ' ' || s[b - 1] == '-' || s[b - 1] == '*'))
        b--;
    return b == ls || s[b - 1] == '.' || s[b - 1] == '!' || s[b - 1] == '?' ||
           s[b - 1] == ':';
}

/* Endings of common nouns in the languages the rules read: definite
 * forms, abstract nouns, participles ("Samarbetet", "Vänorten",
 * "Delegationen", "Cooperation", "Partnership", "Planeringen"). */
static const char *const noun_endings[] = {
    "et", "en", "na", "ing", "tion", "het", "skap", "ande", "ende",
    "ment", "ness", "ity", "ship",
};

/* The word v (a cue mention's first word, opening a sentence) looks like
 * a common noun, not a town no list knows ("Projektet i Kenya" but
 * "Sigulda i Lettland"): it ends like one, or the document also writes
 * it with a lower-case initial. */
static bool common_noun_like(const struct norm_text *nt, const char *v)
{
    size_t n = strcspn(v, " ");
    for (size_t i = 0; i < sizeof noun_endings / sizeof *noun_endings; i++) {
        size_t el = strlen(noun_endings[i]);
        if (n > el + 1 && memcmp(v + n - el, noun_endings[i], el) == 0)
            return true;
    }
    if (!n || (unsigned char)v[0] >= 0x80)
        return false;           /* (a non-ASCII initial: compared as is) */
    char c0 = (char)((unsigned char)v[0] | 0x20);
    for (const char *p = nt->s; (p = memchr(p, c0, (size_t)(nt->s + nt->len
                                                            - p)));
         p++) {
        size_t at = (size_t)(p - nt->s);
        if (at + n <= nt->len && memcmp(p + 1, v + 1, n - 1) == 0 &&
            (at == 0 || !isalpha((unsigned char)p[-1])) &&
            (at + n == nt->len || !isalpha((unsigned char)p[n]) ) &&
            ((at + n == nt->len) || (unsigned char)p[n] < 0x80))
            return true;
    }
    return false;
}

/* A pair row in the making: pairs from pair rules and from mentions are
 * put in text order before they are deduplicated. */
struct pair_out {
    size_t start, order;
    const char *cell[9];        /* row[1..9] */
};

static int cmp_pair_out(const void *pa, const void *pb)
{
    const struct pair_out *x = pa, *y = pb;
    if (x->start != y->start)
        return x->start < y->start ? -1 : 1;
    return x->order < y->order ? -1 : x->order > y->order;
}

static const char *country_of(const struct xhit *x)
{
    const struct gaz_entry *e = ent_of(x, COL_PARTNER);
    if (e && *e->country)
        return e->country;
    e = ent_of(x, COL_COUNTRY);
    if (e && *e->code)
        return e->code;
    return NULL;
}

/* The name of a place known to no list but by its form ("Ukrainka
 * territorial community", "gmina Kolbuszowa", "City of Lira"), without
 * the form words: what partner_canonical gives for it, so that rows of
 * one place written two ways join.  NULL if v has no form word. */
static const char *bare_name(struct arena *a, const char *v)
{
    size_t len = strlen(v), st = 0, en = len;

    for (size_t p = 1; p < len; p++)
        if (v[p] == ' ' && gaz_form_word(v + p, len - p) == len - p) {
            en = p;
            break;
        }
    for (size_t q = 1; q < en; q++)
        if (v[q] == ' ' && gaz_form_prefix(v, q))
            st = q + 1;
    /* ... and a foreign region's ("Region Nordjylland" is the
     * "Nordjylland" of the same page), kept out of the gazetteer's
     * prefixes, where "Region Uppsala" would become a municipality. */
    if (st == 0 && strncmp(v, "Region ", 7) == 0)
        st = 7;
    if ((st == 0 && en == len) || st >= en)
        return NULL;
    return arena_strndup(a, v + st, en - st);
}

/* Does v run two names together ("Höganäs MunicipalityLomma
 * Municipality", a scraped block's line): four lower-case letters and a
 * capital with no space between?  ("MacLeod", "DeLeon" have fewer.) */
static bool run_together(const char *v)
{
    int low = 0;
    for (const char *p = v; *p; p++) {
        if (*p >= 'A' && *p <= 'Z' && low >= 4)
            return true;
        low = *p >= 'a' && *p <= 'z' ? low + 1 : 0;
    }
    return false;
}

/* Is mark the word w?  The first byte decides most: a strcmp() per flag
 * and mention was 1% of a run. */
static bool mark_is(const char *mark, const char *w)
{
    return mark[0] == w[0] && strcmp(mark, w) == 0;
}

/* A mention's flags from its hit's `mark` ("" if none). */
static struct mention mark_flags(const char *mark)
{
    struct mention me = {0};
    me.page = mark_is(mark, "page");
    me.site = mark_is(mark, "site");
    me.own = mark_is(mark, "own") || me.site;
    me.strong = mark_is(mark, "strong") || mark_is(mark, "cue") ||
                mark_is(mark, "regional");
    /* A municipality named as merged into another ("Leksvik och Rissa
     * är sammanslagna till Indre Fosen"): no partner there (and its
     * partnership is the new one's: merged_into()). */
    me.location = mark_is(mark, "location") || mark_is(mark, "merged");
    me.word = mark_is(mark, "word");
    me.person = mark_is(mark, "person");
    me.sv_anaphor = mark_is(mark, "anaphor-sv");
    me.fo_anaphor = mark_is(mark, "anaphor-foreign");
    me.anaphor = mark_is(mark, "anaphor") || me.sv_anaphor || me.fo_anaphor;
    me.clause = mark_is(mark, "clause");
    me.outside = mark_is(mark, "outside");
    me.negated = mark_is(mark, "negated");
    me.regional = mark_is(mark, "regional");
    me.furniture = mark_is(mark, "furniture");
    me.denied = mark_is(mark, "denied");
    me.member = mark_is(mark, "member");
    me.mutual = mark_is(mark, "mutual");
    me.column = mark_is(mark, "column-sv") ? COL_SV
              : mark_is(mark, "column-partner") ? COL_FOREIGN
              : mark_is(mark, "column") ? COL_OTHER : COL_NONE;
    return me;
}

/* Sort m[0..n) (and src with it) by start, stably: a merge sort, as a
 * long page has thousands of mentions. */
static void sort_mentions(struct arena *a, struct mention *m,
                          struct xhit **src, size_t n)
{
    if (n < 2)
        return;
    struct mention *tm = arena_calloc(a, n, sizeof *tm);
    struct xhit **ts = arena_calloc(a, n, sizeof *ts);
    for (size_t w = 1; w < n; w *= 2) {
        for (size_t lo = 0; lo < n; lo += 2 * w) {
            size_t mid = lo + w < n ? lo + w : n;
            size_t hi = lo + 2 * w < n ? lo + 2 * w : n;
            size_t i = lo, j = mid, k = lo;
            while (i < mid || j < hi) {
                bool left = j >= hi || (i < mid && m[i].start <= m[j].start);
                size_t f = left ? i++ : j++;
                tm[k] = m[f];
                ts[k++] = src[f];
            }
        }
        memcpy(m, tm, n * sizeof *m);
        memcpy(src, ts, n * sizeof *src);
    }
    arena_free(a, tm);
    arena_free(a, ts);
}

static const char *find_bytes(const char *t, size_t len, size_t from,
                              const char *w, size_t wl);
static bool word_edge(unsigned char c);
static bool mark_is(const char *mark, const char *w);

/* The bytes of the text that mentions stand on, a bit each: where a
 * mention stands is one look per byte of a name, not one per mention
 * (a long page has thousands). */
struct cover {
    uint64_t *bits;             /* NULL: not built yet */
    size_t len;
};

static void cover_mark(struct cover *c, size_t st, size_t en)
{
    for (size_t i = st; i < en && i < c->len; i++)
        c->bits[i / 64] |= (uint64_t)1 << (i % 64);
}

static bool cover_any(const struct cover *c, size_t st, size_t en)
{
    for (size_t i = st; i < en && i < c->len; i++)
        if (c->bits[i / 64] & (uint64_t)1 << (i % 64))
            return true;
    return false;
}

/* A mention like me (of hit x) at every other whole-word occurrence of
 * w in the text where no mention stands (cv: where the nmp mentions
 * stand; built here on first use). */
static void learn_name(struct arena *a, const struct norm_text *nt,
                       const struct mention *me, struct xhit *x,
                       const char *w, struct mention **mp,
                       struct xhit ***srcp, size_t *nmp, size_t *capp,
                       struct cover *cv)
{
    size_t wl = strlen(w);
    if (!cv->bits) {
        cv->len = nt->len;
        cv->bits = arena_calloc(a, nt->len / 64 + 1, sizeof *cv->bits);
        for (size_t k = 0; k < *nmp; k++)
            cover_mark(cv, (*mp)[k].start, (*mp)[k].end);
    }
    for (const char *p = nt->s;
         (p = find_bytes(nt->s, nt->len, (size_t)(p - nt->s), w, wl));
         p += wl) {
        size_t st = (size_t)(p - nt->s), en = st + wl;
        if ((st > 0 && !word_edge((unsigned char)nt->s[st - 1])) ||
            (en < nt->len && !word_edge((unsigned char)nt->s[en])))
            continue;
        if (cover_any(cv, st, en))
            continue;
        if (*nmp == *capp) {
            size_t nc = *capp ? 2 * *capp : 16;
            *mp = arena_grow(a, *mp, *capp, nc, sizeof **mp);
            *srcp = arena_grow(a, *srcp, *capp, nc, sizeof **srcp);
            *capp = nc;
        }
        struct mention l = *me;
        l.start = st;
        l.end = en;
        l.owner = l.strong = l.page = false;
        (*srcp)[*nmp] = x;
        (*mp)[(*nmp)++] = l;
        cover_mark(cv, st, en);
    }
}

/* Does w start with a capital letter (A-Z or a non-ASCII letter)? */
static bool capital_start(const char *w)
{
    unsigned char c = (unsigned char)w[0];
    return (c >= 'A' && c <= 'Z') || c >= 0xC0;
}

/* A place no list knows that a rule found as a partner ("Clonakilty has
 * formally signed a friendship agreement with Tanum") is that place
 * wherever the page writes it again, as a word of its own and where no
 * other mention stands ("Clonakilty, which is twinned with Waldaschaff,
 * began talking to Tanum"): pairing then sees whose partner Waldaschaff
 * is.  So is its name after a form word before it ("Municipio de
 * Filandia", then "Filandia har 14 000 invånare. Kommunen samarbetar
 * med Circasia"); not a name before a form word ("Bornholms
 * Regionskommune": "Bornholms" is a genitive elsewhere).  Not from a
 * country cue ("Herzegovina | Serbia" on a menu line).  The new mentions
 * share their first mention's hit. */
static bool all_caps(const char *s);
static const char *as_written(struct arena *a, const struct norm_text *nt,
                              const char *name);

static void learn_places(struct arena *a, const struct norm_text *nt,
                         struct mention **mp, struct xhit ***srcp,
                         size_t *nmp, size_t *capp)
{
    size_t n0 = *nmp;
    struct str_map seen = {0};
    struct cover cv = {0};
    for (size_t i = 0; i < n0; i++) {
        const struct mention me = (*mp)[i];
        struct xhit *x = (*srcp)[i];
        const char *mk = x->h.col[COL_MARK];
        if (me.kind != MEN_FOREIGN || me.location || me.word || me.person ||
            (mk && mark_is(mk, "cue")) ||
            ent_of(x, COL_PARTNER) || me.end - me.start < 4 ||
            !capital_start(nt->s + me.start))
            continue;
        const char *full = arena_strndup(a, nt->s + me.start,
                                         me.end - me.start);
        const char *bare = bare_name(a, full);
        size_t fl = strlen(full), bl = bare ? strlen(bare) : 0;
        if (bare && strcmp(full + fl - bl, bare) != 0)
            bare = NULL;        /* "Rana kommune": a list's word may go */
        /* ... and a dateline's capitals as the text writes the name
         * elsewhere ("STANWOOD —" and "Stanwood welcomes …"). */
        const char *cased = all_caps(full) ? as_written(a, nt, full) : NULL;
        const char *names[] = {full, bare, cased != full ? cased : NULL};
        for (size_t f = 0; f < 3; f++) {
            const char *w = names[f];
            if (!w || strlen(w) < 4 || !capital_start(w) ||
                str_map_put(a, &seen, w, "", i + 1) != i + 1)
                continue;       /* learnt from an earlier mention */
            learn_name(a, nt, &me, x, w, mp, srcp, nmp, capp, &cv);
        }
    }
}

/* The municipalities the page says merged into another: a `merged`
 * mention's place (the old name) -> the foreign place named right after
 * its match ("Nøtterøy og Tjøme ble slått sammen til Færder": both ->
 * Færder), by the new place's canonical name, else as written without
 * form words. */
struct merged {
    struct str_map idx;         /* old key -> index into to */
    const char **to;
    size_t n, cap;
};

static void merged_into(struct arena *a, const struct mention *m,
                        struct xhit *const *src, size_t n,
                        struct merged *out)
{
    for (size_t i = 0; i < n; i++) {
        const char *mark = src[i]->h.col[COL_MARK];
        if (m[i].kind == MEN_TRIGGER || !mark || !mark_is(mark, "merged"))
            continue;
        size_t end = src[i]->h.end;
        for (size_t j = i + 1; j < n; j++) {
            if (m[j].start > end + 2)
                break;
            if (m[j].start < end || m[j].kind != MEN_FOREIGN ||
                strcmp(m[j].key, m[i].key) == 0)
                continue;
            const struct gaz_entry *e = ent_of(src[j], COL_PARTNER);
            const char *to = canon(e) ? canon(e)
                                      : bare_name(a, src[j]->h.col[COL_PARTNER]);
            if (!to)
                break;
            if (out->n == out->cap) {
                size_t nc = out->cap ? 2 * out->cap : 8;
                out->to = arena_grow(a, out->to, out->cap, nc,
                                     sizeof *out->to);
                out->cap = nc;
            }
            if (str_map_put(a, &out->idx, m[i].key, "", out->n) == out->n)
                out->to[out->n++] = to;
            break;
        }
    }
}

/* The place key merged into, or NULL. */
static const char *merged_to(const struct merged *mg, const char *key)
{
    if (!mg->n)
        return NULL;
    size_t i = str_map_slot(&mg->idx, key, "");
    return mg->idx.k[2 * i] ? mg->to[mg->idx.v[i]] : NULL;
}

/* Pairs from `mentions` hits (see pairing.h), appended to *po. */
static void mention_pairs(struct arena *a, const struct rule_set *rs,
                          const struct article *art,
                          const struct match_result *mr,
                          struct xhits *xs, struct pair_out **po, size_t *n,
                          size_t *cap, bool trace)
{
    const struct norm_text *nt = &art->norm;
    struct mention *m = NULL;
    struct xhit **src = NULL;
    size_t nm = 0, mcap = 0;

    /* The surnames of the people the page names ("kulturstrategen Anna
     * Mora ... Mora tror att samarbetet växer"). */
    struct str_map surnames = {0};
    for (size_t i = 0; i < xs->n; i++) {
        const struct hit *h = &xs->v[i].h;
        const char *sp = h->col[COL_SPEAKER];
        const char *last = sp ? strrchr(sp, ' ') : NULL;
        if ((h->rule->table == TAB_PERSONS || h->rule->table == TAB_QUOTES) &&
            last && last[1])
            str_map_put(a, &surnames, last + 1, "", 0);
    }
    /* ... unless the page also writes the place as a place ("Eda kommun",
     * "i Eda"): then a bare "Eda" is the place too. */
    struct str_map placed = {0};
    for (size_t i = 0; surnames.size && i < xs->n; i++) {
        struct xhit *x = &xs->v[i];
        if (x->h.rule->table != TAB_MENTIONS)
            continue;
        for (int c = 0; c < 2; c++) {
            enum rule_col col = c ? COL_PARTNER : COL_SWEDISH_PARTNER;
            const char *v = x->h.col[col];
            if (!v)
                continue;
            const struct gaz_entry *e = ent_of(x, col);
            if (strchr(v, ' ') ||
                after_place_word(nt, value_pos(nt, &x->h, v)))
                str_map_put(a, &placed, e ? e->name : v, "", 0);
        }
    }
    for (size_t i = 0; i < xs->n; i++) {
        struct xhit *x = &xs->v[i];
        if (x->h.rule->table != TAB_MENTIONS)
            continue;
        const char *mark = x->h.col[COL_MARK] ? x->h.col[COL_MARK] : "";
        const struct mention marked = mark_flags(mark);
        for (int c = 0; c < 3; c++) {
            enum rule_col col = c == 0 ? COL_SWEDISH_PARTNER
                              : c == 1 ? COL_PARTNER : COL_TRIGGER;
            const char *v = x->h.col[col];
            if (!v)
                continue;
            if (c == 2 && (x->h.col[COL_SWEDISH_PARTNER] ||
                           x->h.col[COL_PARTNER]))
                continue;       /* the owner's mention carries it */
            struct mention me = marked;
            me.kind = c == 0 ? MEN_SWEDISH : c == 1 ? MEN_FOREIGN
                                                    : MEN_TRIGGER;
            me.owner = c < 2 && x->h.col[COL_TRIGGER];
            /* A Swedish region (its SCB code is the county's two digits)
             * or a federation of municipalities (no code): a side above
             * the municipalities, whose partner may be a regional
             * government ("Göteborgsregionens kommunalförbund och
             * Pommerns vojvodskap").  A municipality's code has four. */
            if (c == 0 && ent_of(x, col) && strlen(ent_of(x, col)->code) != 4)
                me.regional = true;
            size_t p = value_pos(nt, &x->h, v);
            me.start = p;
            me.end = p + strlen(v);
            if (c < 2 && run_together(v)) {
                x->why = "names run together (a partner block's line)";
                continue;
            }
            if (c < 2 && !me.strong && inside_name(a, rs, nt, p, c == 0)) {
                x->why = "inside a longer name";
                continue;
            }
            /* A place written as a named person's surname alone is that
             * person, unless a preposition of place goes before it
             * ("Mora tror", not "i Mora"). */
            if (c < 2 && !me.strong && surnames.size &&
                str_map_put(a, &surnames, v, "", SIZE_MAX) != SIZE_MAX &&
                !after_place_word(nt, p) &&
                str_map_put(a, &placed, ent_of(x, col) ? ent_of(x, col)->name
                                                       : v,
                            "", SIZE_MAX) == SIZE_MAX) {
                x->why = "the surname of a person the page names";
                continue;
            }
            if (mark_is(mark, "cue") && !ent_of(x, col) &&
                opens_sentence(nt, p) && common_noun_like(nt, v)) {
                x->why = "a common noun opening a sentence, known to no "
                         "list";
                continue;
            }
            if (c == 1) {
                const char *cc = country_of(x);
                if (cc && strcmp(cc, "SE") == 0) {
                    x->why = "a Swedish place, no foreign side";
                    continue;   /* a Swedish place is no foreign side */
                }
            }
            const struct gaz_entry *e = ent_of(x, col);
            me.key = e ? e->name : v;
            /* "Hammarlands kommun på Åland": a place no list knows,
             * written in the genitive before a Swedish form word, is the
             * place the page also writes without the -s ("Hammarland");
             * a name that ends in -s itself ("Mērsrags kommun") stays. */
            size_t vl = strlen(v);
            if (!e && c == 1 && vl > 3 && v[vl - 1] == 's' &&
                genitive_before_form(nt, me.end) &&
                word_in_text(nt, v, vl - 1)) {
                me.key = arena_strndup(a, v, vl - 1);
                x->h.col[col] = me.key;
            }
            if (nm == mcap) {
                size_t nc = mcap ? 2 * mcap : 16;
                m = arena_grow(a, m, mcap, nc, sizeof *m);
                src = arena_grow(a, src, mcap, nc, sizeof *src);
                mcap = nc;
            }
            src[nm] = x;
            m[nm++] = me;
        }
    }
    learn_places(a, nt, &m, &src, &nm, &mcap);
    /* Sorted by start (hits are in text order by match start; a value
     * may stand later in its match). */
    sort_mentions(a, m, src, nm);
    struct pair_ref *pr;
    const char **why = trace && nm ? arena_calloc(a, nm, sizeof *why) : NULL;
    /* The matcher's paragraphs, which part single-spaced text too. */
    size_t *para = arena_alloc(a, (mr->n_paras + 1) * sizeof *para);
    for (size_t i = 0; i < mr->n_paras; i++)
        para[i] = mr->paras[i].start;
    /* A page in the language of a foreign side: its host is foreign. */
    const char *lang = mr->lang >= 0 ? rs->langs[mr->lang].name : "";
    bool foreign_lang = strcmp(lang, "no") == 0 || strcmp(lang, "da") == 0;
    size_t np = pairing_find(a, nt->s, nt->len, para, mr->n_paras,
                             foreign_lang, m, nm, &pr, why);
    for (size_t i = 0; why && i < nm; i++)
        if (why[i] && !src[i]->why)
            src[i]->why = why[i];
    struct merged merged = {0};
    merged_into(a, m, src, nm, &merged);
    for (size_t i = 0; i < np; i++) {
        struct xhit *sx = src[pr[i].sv], *fx = src[pr[i].foreign];
        const struct mention *fm = &m[pr[i].foreign];
        if (strcmp(m[pr[i].sv].key, fm->key) == 0) {
            src[pr[i].foreign]->why = "the same place as its side";
            continue;
        }
        sx->used = fx->used = true;
        if (*n == *cap) {
            size_t nc = *cap ? 2 * *cap : 16;
            *po = arena_grow(a, *po, *cap, nc, sizeof **po);
            *cap = nc;
        }
        const struct gaz_entry *sv = ent_of(sx, COL_SWEDISH_PARTNER);
        const struct gaz_entry *pa = ent_of(fx, COL_PARTNER);
        struct pair_out *o = &(*po)[(*n)++];
        *o = (struct pair_out){.start = fm->start, .order = 1};
        o->cell[0] = sx->h.col[COL_SWEDISH_PARTNER];
        o->cell[1] = canon(sv);
        o->cell[2] = sv && *sv->code ? sv->code : NULL;
        o->cell[3] = fx->h.col[COL_PARTNER];
        /* A learnt mention of a name in capitals, as written there
         * ("Cookstown" of the dateline's "COOKSTOWN"). */
        size_t fl = fm->end - fm->start;
        if (fl == strlen(o->cell[3]) &&
            memcmp(nt->s + fm->start, o->cell[3], fl) != 0)
            o->cell[3] = arena_strndup(a, nt->s + fm->start, fl);
        o->cell[4] = canon(pa) ? canon(pa) : bare_name(a, o->cell[3]);
        /* A former municipality's partner is the one it merged into. */
        const char *to = merged_to(&merged, fm->key);
        if (to)
            o->cell[4] = to;
        o->cell[5] = country_of(fx);
        o->cell[6] = NULL;
        o->cell[7] = fx->h.rule->name;
        o->cell[8] = line_of(a, &art->norm, fm->start);
    }
    /* Triggers that took part are used too (the drift report's
     * rule_never_fired counts them). */
    for (size_t i = 0; i < nm; i++)
        if (m[i].kind == MEN_TRIGGER && np)
            src[i]->used = true;
    arena_free(a, pr);          /* a long document's are blocks */
    arena_free(a, why);
    arena_free(a, src);
    arena_free(a, m);
}

/* The page's `area` tags ("Samarbetsområde: Hälsa", "Area of
 * Cooperation: Waste Management"): their values and lines, in text
 * order, and the one value if the page states only one. */
struct areas {
    const char **value;
    size_t *line;
    size_t n;
    const char *only;
};

static void page_areas(struct arena *a, const struct norm_text *nt,
                       const struct xhits *xs, struct areas *ar)
{
    bool several = false;
    size_t cap = 0;

    memset(ar, 0, sizeof *ar);
    for (size_t i = 0; i < xs->n; i++) {
        const struct xhit *x = &xs->v[i];
        const char *v = x->h.col[COL_VALUE];
        if (x->h.rule->table != TAB_TAGS || !v || !x->h.col[COL_TAG] ||
            strcmp(x->h.col[COL_TAG], "area") != 0)
            continue;
        if (ar->n == cap) {
            /* Doubling: grown by one, the two arrays (never in place,
             * each in the other's way) were copied at every area. */
            size_t ncap = cap ? 2 * cap : 16;
            ar->value = arena_grow(a, ar->value, cap, ncap,
                                   sizeof *ar->value);
            ar->line = arena_grow(a, ar->line, cap, ncap, sizeof *ar->line);
            cap = ncap;
        }
        ar->value[ar->n] = v;
        ar->line[ar->n++] = norm_line_index(nt, x->h.start);
        several = several || (ar->only && strcmp(ar->only, v) != 0);
        if (!ar->only)
            ar->only = v;
    }
    if (several)
        ar->only = NULL;
}

/* The area of cooperation for a pair at byte 'at' (whose own rule gave
 * none): an area stated on the pair's line or a line next to it (a
 * listing page gives each pair its own: "Region Sörmland och Kilifi
 * County" / "Samarbetsområde: Hälsa"), else the page's if it states one
 * area only; NULL if neither.  A binary search: a long article has
 * thousands of pairs. */
static const char *area_for(const struct norm_text *nt,
                            const struct areas *ar, size_t at)
{
    size_t line = norm_line_index(nt, at);
    size_t lo = 0, hi = ar->n;

    while (lo < hi) {           /* the first area on line - 1 or later */
        size_t mid = lo + (hi - lo) / 2;
        if (ar->line[mid] + 1 < line)
            lo = mid + 1;
        else
            hi = mid;
    }
    if (lo < ar->n && ar->line[lo] <= line + 1)
        return ar->value[lo];
    return ar->only;
}

/* A partner no list knows, written short, that opens the name of
 * another partner of the same side on the page ("Berwick" beside
 * "Berwick-upon-Tweed Town Council"), or written as another row writes
 * a place a list knows, or a known place's name and more ("Fort Portal
 * Tourism" beside "Fort Portal"): the same place, one row (the longer,
 * the known one).  Rows [r0, l->n) are the document's. */
/* A row's names as gaz_identity() gives them, for drop_short_partners():
 * taken once a row, not once a pair of rows. */
struct row_ids {
    const char *side;           /* of the Swedish side */
    const char *partner;        /* of the partner as written (col 4) */
    const char *known;          /* of its known name (col 5), or NULL */
};

static void drop_short_partners(struct arena *a, struct row_list *l,
                                size_t r0)
{
    size_t n = l->n - r0, w = r0;
    if (!n)
        return;
    /* ids[k] follows the row at l->rows[r0 + k] as rows move down. */
    struct row_ids *ids = arena_calloc(a, n, sizeof *ids);
    for (size_t i = r0; i < l->n; i++) {
        const char *const *r = l->rows[i];
        ids[i - r0] = (struct row_ids){
            gaz_identity(a, r[2] ? r[2] : r[1]),
            r[4] ? gaz_identity(a, r[4]) : "",
            r[5] ? gaz_identity(a, r[5]) : NULL,
        };
    }
    for (size_t i = r0; i < l->n; i++) {
        const char *const *ri = l->rows[i];
        const struct row_ids *di = &ids[i - r0];
        bool drop = false;
        if (!ri[5]) {
            const char *ki = di->partner, *si = di->side;
            size_t kl = strlen(ki);
            for (size_t j = r0; j < l->n && !drop && kl; j++) {
                const struct row_ids *dj = &ids[j - r0];
                if (j == i || strcmp(si, dj->side) != 0)
                    continue;
                const char *kj = dj->known ? dj->known : dj->partner;
                drop = strlen(kj) > kl && strncmp(kj, ki, kl) == 0 &&
                       (kj[kl] == ' ' || kj[kl] == '-');
                /* ... or the same name as another row writes it, that
                 * row knowing its canonical name ("ukrainska Zjovkva"
                 * beside "staden Zjovkva" = Zhovkva) */
                drop = drop || (dj->known && strcmp(dj->partner, ki) == 0);
            }
        }
        /* ... or a known place's name with words after it that no list
         * knows ("Fort Portal Tourism" of "Fort Portal Tourism City
         * Council" beside "Fort Portal"): no country, a form's name. */
        if (!drop && ri[5] && (!ri[6] || !*ri[6])) {
            const char *ki = di->known, *si = di->side;
            size_t kl = strlen(ki);
            for (size_t j = r0; j < l->n && !drop; j++) {
                const char *const *rj = l->rows[j];
                const struct row_ids *dj = &ids[j - r0];
                if (j == i || !rj[5] || !rj[6] || !*rj[6] ||
                    strcmp(si, dj->side) != 0)
                    continue;
                const char *kn = dj->known;
                size_t nl = strlen(kn);
                drop = nl && kl > nl && strncmp(ki, kn, nl) == 0 &&
                       ki[nl] == ' ';
            }
        }
        if (!drop) {
            ids[w - r0] = ids[i - r0];
            l->rows[w++] = l->rows[i];
        }
    }
    l->n = w;
}

/* Is a county's side written bare, the county's name alone ("Skåne",
 * "Västerbotten" of "Region Skåne", no "län", "County", "Region")? */
static bool bare_county(const char *const *r)
{
    const char *w = r[1], *canon = r[2], *code = r[3];
    if (!w || !canon || !code || strlen(code) != 2)
        return false;
    size_t wl = strlen(w), cl = strlen(canon);
    if (cl <= wl + 1 || canon[cl - wl - 1] != ' ' ||
        strcmp(canon + cl - wl, w) != 0)
        return false;
    for (const char *sp = w; (sp = strchr(sp, ' ')) != NULL; sp++)
        if (gaz_form_word(sp, strlen(sp)))
            return false;
    return true;
}

/* A county named bare beside a municipality of that county that pairs
 * with the same partner ("Båstad … Skåne", "Nordmaling i Västerbotten")
 * says where the municipality lies, not who the partner's side is: a
 * county that is a side is written as one ("Region Skåne", "Västerbottens
 * läns landsting").  Rows [r0, l->n) are the document's. */
static void drop_bare_counties(struct arena *a, struct row_list *l,
                               size_t r0)
{
    size_t w = r0;
    for (size_t i = r0; i < l->n; i++) {
        const char *const *ri = l->rows[i];
        bool drop = false;
        if (bare_county(ri)) {
            const char *pi = gaz_identity(a, ri[5] ? ri[5] : ri[4]);
            for (size_t j = r0; j < l->n && !drop; j++) {
                const char *const *rj = l->rows[j];
                drop = j != i && rj[3] && strlen(rj[3]) == 4 &&
                       strncmp(rj[3], ri[3], 2) == 0 &&
                       strcmp(gaz_identity(a, rj[5] ? rj[5] : rj[4]),
                              pi) == 0;
            }
        }
        if (!drop)
            l->rows[w++] = l->rows[i];
    }
    l->n = w;
}

static void emit_pairs(struct arena *a, const struct rule_set *rs,
                       const struct article *art,
                       const struct match_result *mr, struct xhits *xs,
                       struct doc_tables *t)
{
    bool trace = t->trace != NULL;
    struct str_map seen = {0};
    struct pair_out *po = NULL;
    size_t n = 0, cap = 0;

    for (size_t i = 0; i < xs->n; i++) {
        struct xhit *x = &xs->v[i];
        if (x->h.rule->table != TAB_PAIRS || !x->h.col[COL_SWEDISH_PARTNER] ||
            !x->h.col[COL_PARTNER])
            continue;
        x->used = true;
        const struct gaz_entry *sv = ent_of(x, COL_SWEDISH_PARTNER);
        const struct gaz_entry *pa = ent_of(x, COL_PARTNER);
        if (n == cap) {
            size_t nc = cap ? 2 * cap : 16;
            po = arena_grow(a, po, cap, nc, sizeof *po);
            cap = nc;
        }
        struct pair_out *o = &po[n++];
        *o = (struct pair_out){.start = x->h.start, .order = 0};
        o->cell[0] = x->h.col[COL_SWEDISH_PARTNER];
        o->cell[1] = canon(sv);
        o->cell[2] = sv ? sv->code : NULL;
        o->cell[3] = x->h.col[COL_PARTNER];
        o->cell[4] = canon(pa);
        o->cell[5] = pa ? pa->country : NULL;
        o->cell[6] = x->h.col[COL_AREA];
        o->cell[7] = x->h.rule->name;
        o->cell[8] = line_of(a, &art->norm, x->h.start);
    }
    mention_pairs(a, rs, art, mr, xs, &po, &n, &cap, trace);
    /* The area of cooperation the page states (its `area` tags:
     * "Samarbetsområde", "Area of Cooperation"). */
    struct areas ar;
    page_areas(a, &art->norm, xs, &ar);
    for (size_t i = 0; i < n; i++)
        if (!po[i].cell[6])
            po[i].cell[6] = area_for(&art->norm, &ar, po[i].start);
    arena_free(a, ar.value);
    arena_free(a, ar.line);
    for (size_t i = 0; i < n; i++)
        po[i].order = po[i].order * n + i;
    if (n)
        qsort(po, n, sizeof *po, cmp_pair_out);
    size_t r0 = t->t[T_PAIRS].n;
    for (size_t i = 0; i < n; i++) {
        const char **row = new_row(a, t, T_PAIRS, art->doc_id);
        for (size_t c = 0; c < 9; c++)
            row[c + 1] = po[i].cell[c];
        /* One row per pair: canonical identity where known, else the
         * place as written without its form words. */
        struct row_list *l = &t->t[T_PAIRS];
        if (str_map_put(a, &seen, gaz_identity(a, row[2] ? row[2] : row[1]),
                        gaz_identity(a, row[5] ? row[5] : row[4]),
                        l->n - 1) != l->n - 1)
            l->n--;
    }
    drop_short_partners(a, &t->t[T_PAIRS], r0);
    drop_bare_counties(a, &t->t[T_PAIRS], r0);
}

/* Is tag value v of hit h cut off by the end of the excerpt (GUIDE: left
 * out)?  It ends the text, with no line break after it ("Etiketter" /
 * "Vatten, Tur" as a file's last bytes), and the page writes it only as
 * the start of a longer word ("turism", "Georgia" for "Georg"): a list's
 * last value is as often whole ("…SlavutaTernopil", named whole above). */
static bool tag_cut_off(const struct norm_text *nt, const struct hit *h,
                        const char *v)
{
    size_t vl = strlen(v), p = value_pos(nt, h, v);
    if (!vl || p + vl != nt->len || memcmp(nt->s + p, v, vl) != 0)
        return false;
    bool longer = false;
    for (size_t q = 0; q + vl <= p; q++) {
        if (letter_before(nt->s, q) || strncasecmp(nt->s + q, v, vl) != 0)
            continue;
        if (!letter_at(nt->s, nt->len, q + vl))
            return false;       /* written whole */
        longer = true;
    }
    return longer;
}

static void emit_tags(struct arena *a, const struct article *art,
                      struct xhits *xs, struct doc_tables *t)
{
    struct str_map seen = {0};

    for (size_t i = 0; i < xs->n; i++) {
        struct xhit *x = &xs->v[i];
        if (x->h.rule->table != TAB_TAGS || !x->h.col[COL_VALUE] ||
            !x->h.col[COL_TAG])
            continue;
        if (tag_cut_off(&art->norm, &x->h, x->h.col[COL_VALUE])) {
            x->why = "cut off by the end of the excerpt";
            continue;
        }
        x->used = true;
        const char **row = new_row(a, t, T_TAGS, art->doc_id);
        row[1] = x->h.col[COL_TAG];
        row[2] = x->h.col[COL_VALUE];
        row[3] = x->h.col[COL_CODE];
        row[4] = x->h.rule->name;
        row[5] = line_of(a, &art->norm, x->h.start);
        dedupe_last(a, &seen, t, T_TAGS, 1, 4);
    }
}

/* ---- speakers --------------------------------------------------------- */

struct person {
    const char *name;
    const char *role;
    const char *org;
    const char *party;
    size_t at;                  /* offset of the mention */
    size_t quotes;
    bool councillor;            /* written "Cllr N" / "Councillor N":
                                   "the councillor said" is N, whatever
                                   role the text gives */
};

/* The people named in an article, in the order found, with an index of
 * their words: each first word and (unsuffixed) last word of a name of
 * two or more -> the indices of the people whose name it opens or ends,
 * ascending.  full_name() then looks at those only: a long article names
 * thousands of people, and each attribution of a word looked at all of
 * them before it. */
struct idx_list {
    size_t *v;
    size_t n, cap;
};

struct people {
    struct person *v;
    size_t n, cap;
    struct str_map by_word;     /* word -> index into lists */
    struct idx_list *lists;
    size_t n_lists, cap_lists;
};

static size_t n_words(const char *s)
{
    size_t n = 0;
    bool in = false;
    for (; *s; s++) {
        bool sp = *s == ' ';
        if (!sp && !in)
            n++;
        in = !sp;
    }
    return n;
}

/* A lowercase "speaker" is an anaphor (hon, han, she, hun ...). */
/* A pronoun: one lower-case word ("hon", "he").  A name may start with a
 * particle ("von Sperling", "af Trolle") and is no pronoun. */
static bool starts_lower(const char *s);
static bool is_pronoun(const char *s)
{
    return starts_lower(s) && !strchr(s, ' ');
}

/* The length of name without an English generational suffix ("James
 * P. Kennedy Jr." ends in Kennedy). */
static size_t name_len_unsuffixed(const char *name)
{
    static const char *const sfx[] = {" Jr.", " Jr", " Sr.", " Sr", " II",
                                      " III", " IV"};
    size_t nl = strlen(name);
    for (size_t i = 0; i < sizeof sfx / sizeof *sfx; i++) {
        size_t k = strlen(sfx[i]);
        if (nl > k && strcmp(name + nl - k, sfx[i]) == 0)
            return nl - k;
    }
    return nl;
}

static bool word_eq(const char *name, const char *word, bool last)
{
    size_t wl = strlen(word);
    if (!last)
        return strncmp(name, word, wl) == 0 && name[wl] == ' ';
    size_t nl = name_len_unsuffixed(name);
    if (!(nl > wl && name[nl - wl - 1] == ' '))
        return false;
    /* A particle opening a surname written alone takes a capital ("Van
     * der Westhuizen said" of "Pieter van der Westhuizen"). */
    const char *tail = name + nl - wl;
    return strncmp(tail, word, wl) == 0 ||
           (wl > 1 && word[0] >= 'A' && word[0] <= 'Z' &&
            tail[0] == word[0] + 32 && strchr(word, ' ') &&
            strncmp(tail + 1, word + 1, wl - 1) == 0);
}

/* The first word of name, or its last word ignoring a generational
 * suffix (last): s[0..*len). */
static const char *edge_word(const char *name, bool last, size_t *len)
{
    if (!last) {
        const char *sp = strchr(name, ' ');
        *len = sp ? (size_t)(sp - name) : strlen(name);
        return name;
    }
    size_t nl = name_len_unsuffixed(name), b = nl;
    while (b > 0 && name[b - 1] != ' ')
        b--;
    *len = nl - b;
    return name + b;
}

#define WORD_KEY_MAX 128

/* The list of the people with word w[0..wl) first or last; NULL if none
 * (or the word is too long to be a key: then the caller looks at all). */
static const struct idx_list *word_people(const struct people *p,
                                          const char *w, size_t wl)
{
    char key[WORD_KEY_MAX];
    if (!p->by_word.size || wl >= sizeof key)
        return NULL;
    memcpy(key, w, wl);
    key[wl] = '\0';
    size_t i = str_map_slot(&p->by_word, key, "");
    return p->by_word.k[2 * i] ? &p->lists[p->by_word.v[i]] : NULL;
}

static void index_word(struct arena *a, struct people *p, const char *w,
                       size_t wl, size_t who)
{
    if (wl >= WORD_KEY_MAX)
        return;
    size_t li = str_map_put(a, &p->by_word, arena_strndup(a, w, wl), "",
                            p->n_lists);
    if (li == p->n_lists) {
        if (p->n_lists == p->cap_lists) {
            size_t ncap = p->cap_lists ? p->cap_lists * 2 : 16;
            p->lists = arena_grow(a, p->lists, p->cap_lists, ncap,
                                  sizeof *p->lists);
            p->cap_lists = ncap;
        }
        p->lists[p->n_lists++] = (struct idx_list){0};
    }
    struct idx_list *l = &p->lists[li];
    if (l->n && l->v[l->n - 1] == who)
        return;                 /* "Anna Anna" */
    if (l->n == l->cap) {
        size_t ncap = l->cap ? l->cap * 2 : 4;
        l->v = arena_grow(a, l->v, l->cap, ncap, sizeof *l->v);
        l->cap = ncap;
    }
    l->v[l->n++] = who;
}

static void add_person(struct arena *a, struct people *p,
                       const struct person *x)
{
    if (p->n == p->cap) {
        size_t ncap = p->cap ? p->cap * 2 : 16;
        p->v = arena_grow(a, p->v, p->cap, ncap, sizeof *p->v);
        p->cap = ncap;
    }
    size_t who = p->n;
    p->v[p->n++] = *x;
    if (n_words(x->name) < 2)
        return;
    for (int last = 0; last < 2; last++) {
        size_t wl;
        const char *w = edge_word(x->name, last, &wl);
        index_word(a, p, w, wl, who);
    }
}

/* Full name for a one-word attribution: the nearest mention before 'at'
 * whose first or last name it is, else the first one after. */
static const char *full_name(const struct people *m, const char *word,
                             size_t at)
{
    /* Only a person whose first word is the word's first, or whose last
     * word is the word's last, can pass word_eq(): those of the index,
     * in the order found (both lists merged), else all. */
    size_t fl, ll;
    const char *fw = edge_word(word, false, &fl);
    const char *lw = strrchr(word, ' ');      /* as written: a name
                                                 without a suffix ends
                                                 with all of it */
    lw = lw ? lw + 1 : word;
    ll = strlen(lw);
    const struct idx_list *l1 = word_people(m, fw, fl);
    const struct idx_list *l2 =
        ll == fl && memcmp(fw, lw, fl) == 0 ? NULL : word_people(m, lw, ll);
    bool all = fl >= WORD_KEY_MAX || ll >= WORD_KEY_MAX;
    size_t k1 = 0, k2 = 0, n1 = l1 ? l1->n : 0, n2 = l2 ? l2->n : 0;
    const char *best = NULL;
    for (size_t j = 0;; j++) {
        size_t i;
        if (all) {
            if (j >= m->n)
                break;
            i = j;
        } else if (k1 < n1 && (k2 >= n2 || l1->v[k1] <= l2->v[k2])) {
            i = l1->v[k1++];
            if (k2 < n2 && l2->v[k2] == i)
                k2++;
        } else if (k2 < n2) {
            i = l2->v[k2++];
        } else {
            break;
        }
        const struct person *p = &m->v[i];
        if (n_words(p->name) < 2 ||
            !(word_eq(p->name, word, false) || word_eq(p->name, word, true)))
            continue;
        /* The name in full, not the part of it a given-name scan found
         * inside ("Mr Selorm Kwaku Agbenyo": no "Kwaku Agbenyo"). */
        /* ... a role word glued to it is no part of the name
         * ("Eda-kommunalråd Maria Carlsson"). */
        size_t bl = best ? strlen(best) : 0, pl = strlen(p->name);
        bool part = best && bl > pl && best[bl - pl - 1] == ' ' &&
                    strcmp(best + bl - pl, p->name) == 0;
        for (size_t c = 0; part && c + 1 < bl - pl; c++)
            if (best[c] == '-' && best[c + 1] >= 'a' && best[c + 1] <= 'z')
                part = false;
        if ((p->at < at || !best) && !part)
            best = p->name;
        if (p->at >= at)
            break;
    }
    return best;
}

/* A byte that may stand next to a whole word: not an ASCII letter, not
 * part of a UTF-8 sequence (a letter, in these languages). */
static bool word_edge(unsigned char c)
{
    return c < 0x80 && !(c >= 'a' && c <= 'z') && !(c >= 'A' && c <= 'Z');
}

/* The ends of a string's whole-word occurrences, in text order. */
struct ends {
    size_t *v;
    size_t n;
};

static void add_end(struct arena *a, struct ends *e, size_t *cap, size_t end)
{
    if (e->n == *cap) {
        size_t ncap = *cap ? *cap * 2 : 8;
        e->v = arena_grow(a, e->v, *cap, ncap, sizeof *e->v);
        *cap = ncap;
    }
    e->v[e->n++] = end;
}

/* Every whole-word occurrence of w[0..wl) in s[0..len) (s is
 * NUL-terminated), overlapping ones too. */
static struct ends word_ends(struct arena *a, const char *s, size_t len,
                             const char *w, size_t wl)
{
    struct ends e = {0};
    size_t cap = 0;

    for (size_t i = 0; wl && i + wl <= len;) {
        const char *p = memchr(s + i, w[0], len - wl + 1 - i);
        if (!p)
            break;
        i = (size_t)(p - s) + 1;
        if (memcmp(p, w, wl) == 0 &&
            word_edge(p > s ? (unsigned char)p[-1] : ' ') &&
            word_edge((unsigned char)p[wl]))
            add_end(a, &e, &cap, (size_t)(p - s) + wl);
    }
    return e;
}

/* The last end in e at or before 'at', or 0. */
static size_t last_end(const struct ends *e, size_t at)
{
    size_t lo = 0, hi = e->n;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (e->v[mid] <= at)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo ? e->v[lo - 1] : 0;
}

/* Where the people of an article are named: each distinct name (in the
 * order of first mention) with the occurrences of its full name, last word
 * and first word.  Found once per article, on its first pronoun, so that
 * a long article with many quotes is read once per name, not once per
 * quote and mention. */
struct named {
    const char **names;
    struct ends (*ends)[3];
    size_t n;
    char *gender;               /* each name's, from its first name or the
                                   longer name it ends ('f', 'm', 0);
                                   NULL until a pronoun asks */
};

/* One string to find (a name, or its first or last word): where its
 * occurrences go, and the next string with the same first word. */
struct wanted {
    const char *w;
    size_t wl;
    size_t fl;                  /* the length of its first word */
    struct ends *ends;
    size_t cap;                 /* its occurrences (counted first) */
    int next;
};

/* The length of the word at s (up to the first edge byte). */
static size_t word_len(const char *s)
{
    size_t n = 0;
    while (s[n] && !word_edge((unsigned char)s[n]))
        n++;
    return n;
}

/* Up to this many names, each is searched for alone. */
#define NAMED_ALONE 6

/* The three strings a person is named by: the full name, its last word
 * and its first word (name has two words or more). */
static void name_variants(const char *name, const char *strs[3],
                          size_t lens[3])
{
    const char *last = strrchr(name, ' ') + 1;
    strs[0] = name;
    lens[0] = strlen(name);
    strs[1] = last;
    lens[1] = strlen(last);
    strs[2] = name;
    lens[2] = (size_t)(strchr(name, ' ') - name);
}

static void find_named(struct arena *a, const struct norm_text *nt,
                       const struct people *m, struct named *out)
{
    struct str_map seen = {0};

    out->names = arena_alloc(a, (m->n + 1) * sizeof *out->names);
    out->ends = arena_calloc(a, m->n + 1, sizeof *out->ends);
    out->n = 0;
    for (size_t i = 0; i < m->n; i++)
        if (str_map_put(a, &seen, m->v[i].name, "", out->n) == out->n)
            out->names[out->n++] = m->v[i].name;
    /* A few names: each searched alone (memchr is fast).  More: every
     * string hashed by its first word, and one pass over the words of the
     * text finds them all, in text order (reading the text once per name
     * would cost the square of a long document's length: its names grow
     * with it). */
    bool alone = out->n <= NAMED_ALONE;
    size_t n_want = 3 * out->n, size = 16;
    while (size < 2 * n_want)
        size *= 2;
    struct wanted *want = arena_alloc(a, (n_want + 1) * sizeof *want);
    int *head = arena_alloc(a, size * sizeof *head);
    for (size_t h = 0; h < size; h++)
        head[h] = -1;
    size_t nw = 0;
    for (size_t k = 0; k < out->n; k++) {
        const char *strs[3];
        size_t lens[3];
        name_variants(out->names[k], strs, lens);
        for (int v = 0; v < 3; v++) {
            size_t fl = word_len(strs[v]);
            if (alone || fl == 0) {     /* (no letter first: alone too) */
                out->ends[k][v] = word_ends(a, nt->s, nt->len, strs[v],
                                            lens[v]);
                continue;
            }
            uint32_t h = fnv1a32(strs[v], fl) & (uint32_t)(size - 1);
            want[nw] = (struct wanted){strs[v], lens[v], fl,
                                       &out->ends[k][v], 0, head[h]};
            head[h] = (int)nw++;
        }
    }
    if (!nw)
        return;
    /* Two passes over the words of the text: the first counts each
     * string's occurrences, the second stores them, in text order, in an
     * array of that exact size.  (One pass into an array of all the
     * occurrences, moved out after, held 16 bytes an occurrence: 21 MB,
     * a quarter of a 10 MB article's peak memory.) */
    const char *s = nt->s;
    for (int pass = 0; pass < 2; pass++) {
        for (size_t i = 0; i < nt->len;) {
            while (i < nt->len && word_edge((unsigned char)s[i]))
                i++;
            size_t st = i;
            while (i < nt->len && !word_edge((unsigned char)s[i]))
                i++;
            if (i == st)
                break;
            uint32_t h = fnv1a32(s + st, i - st) & (uint32_t)(size - 1);
            for (int x = head[h]; x >= 0; x = want[x].next) {
                struct wanted *w = &want[x];
                if (w->fl != i - st || st + w->wl > nt->len ||
                    memcmp(s + st, w->w, w->wl) != 0 ||
                    !word_edge((unsigned char)s[st + w->wl]))
                    continue;
                if (pass == 0)
                    w->cap++;
                else
                    w->ends->v[w->ends->n++] = st + w->wl;
            }
        }
        for (size_t x = 0; pass == 0 && x < nw; x++)
            if (want[x].cap)
                want[x].ends->v = arena_alloc(a, want[x].cap *
                                                     sizeof *want[x].ends->v);
    }
}

/* The gender a list gives a word ('f', 'm'), or 0: the `code` of the
 * entry of list 'which' (pronouns.tsv, firstnames.tsv) for w[0..n). */
static char list_gender(struct arena *a, const struct rule_set *rs,
                        const char *which, const char *w, size_t n)
{
    int li = rules_list_lookup(rs, which);
    if (li < 0 || !n)
        return 0;
    char *key = norm_key(a, w, n, NULL);
    const struct gaz_form *f = key ? gaz_find(&rs->lists[li], key) : NULL;
    if (!f)
        return 0;
    const char *code = rs->lists[li].entries[f->entry].code;
    return code && (*code == 'f' || *code == 'm') && !code[1] ? *code : 0;
}

/* The gender of a person's first name (rules/lists/firstnames.tsv), or 0
 * if the list does not know it. */
static char first_name_gender(struct arena *a, const struct rule_set *rs,
                              const char *name)
{
    size_t n = 0;
    while (name[n] && name[n] != ' ' && name[n] != '-')
        n++;
    return list_gender(a, rs, RULES_LIST_FIRSTNAMES, name, n);
}

/* Each named person's gender, once per document: by the first name, or,
 * for a name that ends a longer one ("Lindblad Öst" of "Eva Lindblad
 * Öst"), by the longer one's.  The longer names are found by their last
 * two words in a hash map, not by comparing every pair. */
static void name_genders(struct arena *a, const struct rule_set *rs,
                         struct named *nm)
{
    struct str_map tails = {0};
    nm->gender = arena_alloc(a, nm->n + 1);
    for (size_t i = 0; i < nm->n; i++) {
        const char *n = nm->names[i];
        nm->gender[i] = first_name_gender(a, rs, n);
        const char *sp = strchr(n, ' ');
        if (sp && strchr(sp + 1, ' ')) {    /* three words or more */
            const char *t = n + strlen(n);
            int spaces = 0;
            while (t > n && spaces < 2)
                if (*--t == ' ')
                    spaces++;
            str_map_put(a, &tails, t + 1, "", i);
        }
    }
    for (size_t i = 0; i < nm->n; i++) {
        if (nm->gender[i] || !tails.size)
            continue;
        size_t k = str_map_put(a, &tails, nm->names[i], "", SIZE_MAX);
        if (k != SIZE_MAX)
            nm->gender[i] = nm->gender[k];
    }
}

/* The person a pronoun refers to: of the people named in the article,
 * the one whose full, first or last name occurs last before 'at' (the
 * preceding sentence or attribution). */
/* Does the name that starts at t[start] stand as an object, after a
 * preposition or "told" ("wrote to Lindqvist", "told Berg", "argued with
 * Anna Holm", "har samarbeidet med Nesheim")?  A pronoun after it is
 * rather the sentence's subject. */
static bool object_at(const char *t, size_t start)
{
    static const char *const cue[] = {"to", "with", "told", "than", "of",
                                      "for", "by", "against", "about",
                                      "from", "thanked", "met", "asked",
                                      "called", "accused", "threatened",
                                      "praised", "blamed", "urged",
                                      /* Swedish, Norwegian and Danish
                                       * prepositions ("har samarbeidet
                                       * med Nesheim. Hun sa:") */
                                      "med", "till", "til", "mot", "hos",
                                      "för", "om", "från", "fra", "åt",
                                      "ved", "vid"};
    if (start < 2 || t[start - 1] != ' ')
        return false;
    size_t e = start - 1, b = e;
    while (b > 0 && ((t[b - 1] >= 'a' && t[b - 1] <= 'z') ||
                     (unsigned char)t[b - 1] >= 0x80))
        b--;
    if (b == e || (b > 0 && t[b - 1] != ' '))
        return false;
    /* ("According to Ekholm" names the source, a subject.) */
    if (e - b == 2 && memcmp(t + b, "to", 2) == 0 && b >= 10 &&
        strncasecmp(t + b - 10, "according ", 10) == 0)
        return false;
    /* ("was led by Ingela Råsberg", "signed by", "hosted by": the
     * passive's agent, a subject.) */
    if (e - b == 2 && memcmp(t + b, "by", 2) == 0 && b >= 4 &&
        t[b - 1] == ' ' &&
        ((t[b - 2] == 'd' && (t[b - 3] == 'e' || t[b - 3] == 'l')) ||
         (t[b - 2] == 'n' && t[b - 3] == 'e')))
        return false;
    for (size_t i = 0; i < sizeof cue / sizeof *cue; i++)
        if (strlen(cue[i]) == e - b && memcmp(t + b, cue[i], e - b) == 0)
            return true;
    return false;
}

/* Does an English genitive end the name that ends at t[pos] ("Carlineo's
 * attorney", "Carlineo’s")?  A name there modifies a noun: no subject. */
static bool genitive_at(const char *t, size_t pos)
{
    if (t[pos] == '\'')
        return t[pos + 1] == 's';
    return (unsigned char)t[pos] == 0xE2 && (unsigned char)t[pos + 1] == 0x80 &&
           (unsigned char)t[pos + 2] == 0x99 && t[pos + 3] == 's';
}

/* The person named last before 'at' (of the gender, if given); with the
 * text t, not one named as an object right after a subject (object_at());
 * *named_at: where the name ends. */
static const char *last_named(struct arena *a, const struct rule_set *rs,
                              const char *t, struct named *nm, size_t at,
                              char gender, size_t *named_at)
{
    const char *best = NULL, *subj = NULL;
    size_t best_at = 0, subj_at = 0;
    if (gender && !nm->gender)
        name_genders(a, rs, nm);
    for (size_t i = 0; i < nm->n; i++) {
        /* "säger hon" names no one whose first name is a man's. */
        if (gender && nm->gender[i] && nm->gender[i] != gender)
            continue;
        const char *strs[3];
        size_t lens[3];
        name_variants(nm->names[i], strs, lens);
        size_t pos = 0, len = 0;
        for (int v = 0; v < 3; v++) {
            size_t e = last_end(&nm->ends[i][v], at);
            if (e > pos) {
                pos = e;
                len = lens[v];
            }
        }
        if (pos > best_at) {
            best_at = pos;
            best = nm->names[i];
        }
        if (t && pos > subj_at && pos >= len && !object_at(t, pos - len) &&
            !genitive_at(t, pos)) {
            subj_at = pos;
            subj = nm->names[i];
        }
    }
    /* The person named last, unless named as an object after a subject
     * named in the same stretch ("Fane … told reporters that he had written
     * to Ostrander twice." / "“…,” he said"). */
    if (subj && subj != best && best_at - subj_at < 400) {
        best = subj;
        best_at = subj_at;
    }
    *named_at = best_at;
    return best;
}

/* A role noun whose role no person has ("avslutar kommunalrådet" after
 * "Kommunstyrelsens ordförande Elin Sundqvist-Berg (S) ..."): the person
 * named last before 'at', when that was in paragraph 'para' or the two
 * before it; else NULL. */
static const char *named_nearby(struct arena *a, const struct rule_set *rs,
                                const struct norm_text *nt,
                                const struct match_result *mr,
                                const struct people *mentions,
                                struct named *named, const char *noun,
                                size_t at, size_t para)
{
    size_t q = para >= 2 ? para - 2 : 0;
    if (q >= mr->n_paras || !*noun)
        return NULL;
    /* "Rektorn berättade stolt att ... ”…”, sa rektorn": a person the
     * text leaves unnamed (the noun before a lower-case word). */
    size_t from = mr->paras[q].start, nl = strlen(noun);
    for (size_t p = from + 1; nl > 1 && p + nl - 1 + 2 <= at; p++) {
        if (memcmp(nt->s + p, noun + 1, nl - 1) != 0)
            continue;
        char c = nt->s[p - 1];
        size_t e = p + nl - 1;
        if ((c == noun[0] || (c >= 'A' && c <= 'Z' && c + 32 == noun[0])) &&
            (p < 2 || word_edge((unsigned char)nt->s[p - 2])) &&
            nt->s[e] == ' ' && nt->s[e + 1] >= 'a' && nt->s[e + 1] <= 'z')
            return NULL;
    }
    if (!named->names)
        find_named(a, nt, mentions, named);
    size_t named_at;
    const char *name = last_named(a, rs, NULL, named, at, 0, &named_at);
    if (!name || named_at < from)
        return NULL;
    return name;
}

/* "Kommunalrådet" at a sentence start is the common noun "kommunalrådet";
 * "ICLD" or "EU-samordnare" stay as written.  Handles A-Z and the Latin-1
 * capitals (U+00C0-U+00DE but U+00D7) followed by a lowercase letter. */
static const char *lc_first(struct arena *a, const char *s)
{
    if (!s)
        return s;
    /* "den internationella samordnaren", "the project coordinator": the
     * role without its article. */
    static const char *const article[] = {"den ", "det ", "Den ", "Det ",
                                          "the ", "The ", "a ", "an "};
    for (size_t i = 0; i < sizeof article / sizeof *article; i++) {
        size_t al = strlen(article[i]);
        if (strncmp(s, article[i], al) == 0 && s[al]) {
            s += al;
            break;
        }
    }
    /* "County Executive", "Deputy Mayor": a Title Case role stays as
     * written. */
    for (const char *w = strchr(s, ' '); w; w = strchr(w + 1, ' '))
        if (w[1] >= 'A' && w[1] <= 'Z')
            return s;
    const unsigned char *u = (const unsigned char *)s;
    size_t cl;
    if (u[0] >= 'A' && u[0] <= 'Z')
        cl = 1;
    else if (u[0] == 0xC3 && u[1] >= 0x80 && u[1] <= 0x9E && u[1] != 0x97)
        cl = 2;
    else
        return s;
    bool lower_next = (u[cl] >= 'a' && u[cl] <= 'z') ||
                      (u[cl] == 0xC3 && u[cl + 1] >= 0x9F);
    if (!lower_next)
        return s;
    char *c = arena_strdup(a, s);
    if (cl == 1)
        c[0] = (char)(c[0] - 'A' + 'a');
    else
        c[1] = (char)(c[1] + 0x20);
    return c;
}

/* Is v a place one of the gazetteer lists knows (municipalities,
 * regions, partners, places)? */
static bool known_place(struct arena *a, const struct rule_set *rs,
                        const char *v)
{
    static const char *const names[] = {"municipalities", "regions",
                                        "partners", "places"};
    size_t idx[4], n = 0;
    for (size_t i = 0; i < 4; i++) {
        int li = rules_list_lookup(rs, names[i]);
        if (li >= 0)
            idx[n++] = (size_t)li;
    }
    struct gaz_ref ref;
    return n && gaz_lookup(a, rs->lists, idx, n, v, &ref);
}

/* Does s end with one of the n strings of end[]? */
static bool ends_with_any(const char *s, const char *const *end, size_t n)
{
    size_t l = strlen(s);
    for (size_t i = 0; i < n; i++) {
        size_t el = strlen(end[i]);
        if (l >= el && strcmp(s + l - el, end[i]) == 0)
            return true;
    }
    return false;
}

/* Does s (a genitive, "Kommunstyrelsens", "tekniska nämndens") name a
 * body of a municipality, whose role it is ("kommunstyrelsens
 * ordförande" is one title)? */
static bool body_genitive(const char *s)
{
    static const char *const body[] = {
        "styrelsens", "nämndens", "fullmäktiges", "förvaltningens",
        "beredningens", "utskottets", "styrets", "utvalgets", "udvalgets",
    };
    return ends_with_any(s, body, sizeof body / sizeof *body);
}

/* Is s an English body's name of generic words only ("Municipal Executive
 * Board", "Regional Development Committee"), no place ("Kisumu County
 * Council")? */
/* Is s the Title Case name of a department or service, no place
 * ("Development Services", "Community Development", "International
 * Relations")? */
static bool en_department(const char *s)
{
    static const char *const last[] = {
        " Services", " Service", " Department", " Directorate", " Division",
        " Unit", " Affairs", " Development", " Operations", " Relations",
    };
    if (!ends_with_any(s, last, sizeof last / sizeof *last))
        return false;
    for (const char *w = s; *w;) {
        if (!(*w >= 'A' && *w <= 'Z') &&
            !(strncmp(w, "and ", 4) == 0 || strncmp(w, "of ", 3) == 0))
            return false;
        w += strcspn(w, " ");
        while (*w == ' ')
            w++;
    }
    return true;
}

static bool en_body(const char *s)
{
    static const char *const word[] = {
        "Municipal", "Executive", "Regional", "Development", "City", "Town",
        "County", "District", "Local", "Education", "Social",
        "Environmental", "Environment", "Planning", "Culture", "Cultural",
        "Technical", "Health", "Youth", "Building", "Finance", "Steering",
        "Management", "Supervisory", "Joint", "Standing", "Welfare", "Care",
        "School", "Schools", "Board", "Committee", "Council", "Assembly",
        "Commission",
    };
    static const char *const head[] = {" Board", " Committee", " Council",
                                       " Assembly", " Commission"};
    if (!ends_with_any(s, head, sizeof head / sizeof *head))
        return false;
    for (const char *w = s; *w;) {
        size_t wl = strcspn(w, " ");
        bool known = false;
        for (size_t i = 0; i < sizeof word / sizeof *word && !known; i++)
            known = strlen(word[i]) == wl && memcmp(word[i], w, wl) == 0;
        if (!known)
            return false;
        w += wl;
        while (*w == ' ')
            w++;
    }
    return true;
}

/* Is s the name of a municipal body without the genitive's s
 * ("Kommunstyrelsen", "Regionstyrelsen", "Kultur- och fritidsnämnden")? */
static bool body_base(const char *s)
{
    static const char *const body[] = {
        "styrelsen", "nämnden", "förvaltningen", "beredningen", "utskottet",
        "styret", "utvalget", "udvalget",
    };
    return !strchr(s, ' ') &&
           ends_with_any(s, body, sizeof body / sizeof *body);
}

/* Is s a common noun that stands for the page's own body ("Kommunen"
 * from "Kommunens näringslivsutvecklare"), no name of an organisation? */
static bool anaphor_org(const char *s)
{
    static const char *const noun[] = {
        "Kommunen", "Staden", "Regionen", "Landstinget", "Byen",
        "Fylkeskommunen", "Kommunene", "Förvaltningen", "Forvaltningen",
    };
    for (size_t i = 0; i < sizeof noun / sizeof *noun; i++)
        if (strcmp(s, noun[i]) == 0)
            return true;
    return false;
}

/* A Swedish role noun in its indefinite form: "ordföranden" ->
 * "ordförande", "sekreteraren" -> "sekreterare", "direktören" ->
 * "direktör", "chefen" -> "chef", "rådet" -> "råd", "rektorn" ->
 * "rektor"; other words as they are. */
static const char *indefinite_sv(struct arena *a, const char *r)
{
    size_t n = strlen(r);
    static const struct { const char *end; size_t drop; } f[] = {
        {"nden", 1}, {"aren", 1}, {"eren", 1}, {"ören", 2}, {"ären", 2},
        {"chefen", 2}, {"rådet", 2}, {"orn", 1},
    };
    for (size_t i = 0; i < sizeof f / sizeof *f; i++) {
        size_t el = strlen(f[i].end);
        if (n > el + 1 && strcmp(r + n - el, f[i].end) == 0)
            return arena_strndup(a, r, n - f[i].drop);
    }
    return r;
}

/* A role as the column wants it: the title, with the place or workplace
 * in `org` ("mayor of Tukums" -> mayor, Tukums; "Director of Engineering
 * at Swakopmund Municipality"; "projektledare på stadens arkitektkontor";
 * "Head of Sustainability, Västervik Municipality"), without "då"
 * (then), "who" or an article before it ("då biträdande kommundirektör",
 * "who heads the climate office", "a planner"), never a bare honorific
 * ("dr."); a body's
 * genitive stays with its title ("kommunstyrelsens ordförande"). */
static bool role_title(struct arena *a, const struct rule_set *rs,
                       const char *s);

/* Is s a title of lists/titles.tsv coded `role` ("coun" of "Coun."; not
 * the honorific "dr")? */
static bool coded_role(struct arena *a, const struct rule_set *rs,
                       const char *s)
{
    int titles = rules_list_lookup(rs, RULES_LIST_TITLES);
    if (titles < 0)
        return false;
    const struct gazetteer *g = &rs->lists[titles];
    const struct gaz_form *f = gaz_find(g, norm_key(a, s, strlen(s), NULL));
    return f && strcmp(g->entries[f->entry].code, "role") == 0;
}

/* The indefinite form of the definite noun r when lists/titles.tsv has
 * it as a role, or has the compound's last part ("valsamordnaren" ->
 * "valsamordnare" by "samordnare"): one or two letters of the definite
 * ending dropped (sv "-n", "-et"; no and da "-en"); else r. */
static const char *listed_indefinite(struct arena *a, const struct rule_set *rs,
                                     const char *r)
{
    size_t n = strlen(r);
    for (size_t drop = 1; drop <= 2; drop++) {
        if (n < drop + 4 || (drop == 1 && r[n - 1] != 'n') ||
            (drop == 2 && strcmp(r + n - 2, "en") != 0 &&
             strcmp(r + n - 2, "et") != 0))
            continue;
        const char *c = arena_strndup(a, r, n - drop);
        size_t cl = n - drop;
        for (size_t k = 0; k + 4 <= cl; k++)
            if (((unsigned char)c[k] & 0xC0) != 0x80 && coded_role(a, rs, c + k))
                return c;
    }
    return r;
}

static void tidy_role(struct arena *a, const struct rule_set *rs,
                      struct person *p)
{
    const char *r = p->role;
    if (!r)
        return;
    static const char *const lead[] = {"då ", "who ", "som ", "then ", "a ",
                                       "an "};
    for (size_t i = 0; i < sizeof lead / sizeof *lead; i++)
        if (strncmp(r, lead[i], strlen(lead[i])) == 0 &&
            r[strlen(lead[i])]) {
            r += strlen(lead[i]);
            break;
        }
    size_t n = strlen(r);
    /* "Ulrika Bergsten, Vadstena" under a quote: a place where the role
     * goes is the organisation, no role. */
    if (!p->org && n >= 3 && !strchr(r, ' ') && !role_title(a, rs, r) &&
        known_place(a, rs, r)) {
        char *o = arena_strdup(a, r);
        if (o[0] >= 'a' && o[0] <= 'z')
            o[0] = (char)(o[0] - 'a' + 'A');    /* read as a role */
        p->org = o;
        p->role = NULL;
        return;
    }
    if (n >= 2 && n <= 5 && r[n - 1] == '.' && !strchr(r, ' ') &&
        !coded_role(a, rs, arena_strndup(a, r, n - 1))) {
        p->role = NULL;         /* "dr.": an honorific, no role ("Coun.",
                                   a title of the list, is one) */
        return;
    }
    /* "ledde den svenska delegationen. Han": a role read across a
     * sentence's end is none. */
    for (const char *d = strstr(r, ". "); d; d = strstr(d + 1, ". "))
        if (norm_opens_upper(d + 2, strlen(d + 2)) &&  /* not "konst. direktør" */
            !(d > r && d[-1] >= 'A' && d[-1] <= 'Z' &&
              (d - 1 == r || d[-2] == '.' || d[-2] == ' '))) {
            /* (nor an initialism: "U.S. Attorney", "J. Edgar") */
            p->role = NULL;
            return;
        }
    /* "sier Päiviö og legger til": a clause after the name, no role. */
    static const char *const conj[] = {"og ", "och ", "and ", "men ",
                                       "but ", "samt "};
    for (size_t i = 0; i < sizeof conj / sizeof *conj; i++)
        if (strncmp(r, conj[i], strlen(conj[i])) == 0) {
            p->role = NULL;
            return;
        }
    static const char *const cut[] = {", ", " at ", " på ", " in "};
    for (size_t i = 0; i < sizeof cut / sizeof *cut; i++) {
        const char *c = strstr(r, cut[i]);
        if (!c || c == r)
            continue;
        const char *rest = c + strlen(cut[i]);
        /* "Member for Water, Environment and Natural Resources": a
         * portfolio's list of areas, no organisation after the comma. */
        if (i == 0 && (strstr(rest, " and ") || strstr(rest, " & ")) &&
            !strstr(rest, ", ")) {
            const char *head = arena_strndup(a, r, (size_t)(c - r));
            if (strstr(head, " for ") || strstr(head, " of "))
                continue;
        }
        if (!p->org && norm_opens_upper(rest, strlen(rest)))
            p->org = rest;
        r = arena_strndup(a, r, (size_t)(c - r));
    }
    const char *of = strstr(r, " of ");
    if (of && of != r && known_place(a, rs, of + 4)) {
        if (!p->org)
            p->org = of + 4;
        r = arena_strndup(a, r, (size_t)(of - r));
    }
    if (p->org && !strchr(r, ' ') && body_genitive(p->org)) {
        r = lc_first(a, arena_printf(a, "%s %s", p->org, r));
        p->org = NULL;
    } else if (p->org && !strchr(r, ' ') && en_body(p->org)) {
        /* "Chair of the Municipal Executive Board", read as the role
         * "Chair" and the org: a title of a body, not of a place. */
        r = arena_printf(a, "%s of the %s", r, p->org);
        p->org = NULL;
    } else if (p->org && !strchr(r, ' ') && en_department(p->org)) {
        /* "Director of Development Services", read as the role
         * "Director" and the org: a department's title, not a place. */
        r = arena_printf(a, "%s of %s", r, p->org);
        p->org = NULL;
    } else if (p->org && anaphor_org(p->org)) {
        /* "Kommunens näringslivsutvecklare": the page's own body, which
         * the genitive names only as "the municipality"; the title as
         * written, no org. */
        r = lc_first(a, arena_printf(a, "%ss %s", p->org, r));
        p->org = NULL;
    } else if (p->org && !strchr(r, ' ') && body_base(p->org)) {
        /* "Kommunstyrelsens ordförande" at a sentence start, read as the
         * org "Kommunstyrelsen" and the role: the genitive put back; the
         * role after a genitive is indefinite ("Ordföranden i
         * kommunstyrelsen" is "kommunstyrelsens ordförande"). */
        r = lc_first(a, arena_printf(a, "%ss %s", p->org,
                                     indefinite_sv(a, r)));
        p->org = NULL;
    } else if (!strchr(r, ' ') && r[0] >= 'a' && r[0] <= 'z') {
        /* "Kommunalrådet Sofia Vikander", "säger valsamordnaren Anneli
         * Kjellander", "sier ordføreren": the title is the noun's
         * indefinite form (kommunalråd, valsamordnare, ordfører). */
        r = listed_indefinite(a, rs, r);
    }
    p->role = r;
}

static const char *name_in_text(struct arena *a, const struct rule_set *rs,
                                const char *t, size_t len, const char *sur,
                                size_t at, size_t *budget);

/* Does another quotes hit that starts where hit i starts name its
 * speaker? */
static bool named_by_other(const struct xhits *xs, size_t i)
{
    size_t st = xs->v[i].h.start, j = i;
    while (j > 0 && xs->v[j - 1].h.start == st)
        j--;                    /* hits are sorted by start */
    for (; j < xs->n && xs->v[j].h.start == st; j++)
        if (j != i && xs->v[j].h.rule->table == TAB_QUOTES &&
            xs->v[j].h.col[COL_SPEAKER])
            return true;
    return false;
}

static void collect_mentions(struct xhits *xs, struct arena *a,
                             const struct rule_set *rs,
                             const struct norm_text *nt, size_t *budget,
                             struct people *mentions)
{
    for (size_t i = 0; i < xs->n; i++) {
        const struct hit *h = &xs->v[i].h;
        const char *s = h->col[COL_SPEAKER];
        if ((h->rule->table != TAB_PERSONS && h->rule->table != TAB_QUOTES) ||
            !s || is_pronoun(s))
            continue;
        /* "Ms Hammarlund said ...": a surname a persons rule found alone
         * is the person the text names in full elsewhere, if it does. */
        /* ... the person of that surname the rules named in full
         * before ("Geir Arne Tveitnes" … "Tveitnes avviser"), else the
         * text's. */
        const char *known = n_words(s) < 2 && h->rule->table == TAB_PERSONS
                                ? full_name(mentions, s, h->start) : NULL;
        if (known)
            s = known;
        else if (n_words(s) < 2 &&
                 (h->rule->table != TAB_PERSONS ||
                  !norm_opens_upper(s, strlen(s)) ||
                  !(s = name_in_text(a, rs, nt->s, nt->len, s, h->start,
                                     budget))))
            continue;
        if (h->rule->table == TAB_PERSONS)
            xs->v[i].used = true;
        struct person p = {.name = s, .role = lc_first(a, h->col[COL_ROLE]),
                           .org = h->col[COL_ORG],
                           .party = h->col[COL_PARTY], .at = h->start};
        tidy_role(a, rs, &p);
        /* "Cllr Neil Fairclough, chairman of …": a councillor too. */
        size_t np = value_pos(nt, h, h->col[COL_SPEAKER]);
        static const char *const cllr[] = {"Cllr ", "Cllr. ", "Councillor ",
                                           "Coun. "};
        for (size_t c = 0; c < sizeof cllr / sizeof *cllr && !p.councillor;
             c++) {
            size_t cl = strlen(cllr[c]);
            p.councillor = np >= cl && np != SIZE_MAX &&
                           memcmp(nt->s + np - cl, cllr[c], cl) == 0;
        }
        add_person(a, mentions, &p);
    }
}

/* The mentions of each name: the first one's index by name, and each
 * mention's next of the same name (SIZE_MAX: none). */
struct by_name {
    struct str_map first;
    size_t *next;
    struct str_map tail2;       /* the last two words of a name of three
                                   or more ("Haugsrud Lie") -> its first
                                   mention */
    struct str_map initial;     /* "Åsa Lindbäck" of "Åsa P. Lindbäck":
                                   first and last word of a name with a
                                   middle initial -> its first mention */
};

/* The last two words of name (of three or more words). */
static const char *last_two(const char *name)
{
    const char *t = strrchr(name, ' ');
    while (t > name && t[-1] != ' ')
        t--;
    return t;
}

static void index_names(struct arena *a, const struct people *m,
                        struct by_name *bn)
{
    size_t *last = arena_alloc(a, (m->n + 1) * sizeof *last);
    bn->next = arena_alloc(a, (m->n + 1) * sizeof *bn->next);
    for (size_t i = 0; i < m->n; i++) {
        size_t f = str_map_put(a, &bn->first, m->v[i].name, "", i);
        bn->next[i] = SIZE_MAX;
        if (f != i)
            bn->next[last[f]] = i;
        last[f] = i;
        const char *name = m->v[i].name;
        size_t nw = n_words(name);
        if (nw >= 3)
            str_map_put(a, &bn->tail2, last_two(name), "", i);
        if (nw == 3) {          /* "First X. Last" */
            const char *mid = strchr(name, ' ') + 1;
            const char *e = strchr(mid, ' ');
            size_t ml = (size_t)(e - mid);
            if (ml >= 2 && ml <= 4 && mid[ml - 1] == '.')
                str_map_put(a, &bn->initial,
                            arena_printf(a, "%.*s %s", (int)(mid - 1 - name),
                                         name, e + 1),
                            "", i);
        }
    }
}

/* Does s start with a lower-case letter (a role noun, not a name)? */
static bool starts_lower(const char *s)
{
    return norm_opens_lower(s, strlen(s));
}

/* A one-word speaker that opens a sentence with a capital and is a role
 * noun of lists/titles.tsv (code `role`), bare or definite
 * ("Ordføreren", "Borgmesteren", "Kommunalrådet"): the word in lower
 * case; else NULL (a name, left as it is). */
static const char *capital_role_noun(struct arena *a,
                                     const struct rule_set *rs,
                                     const char *s)
{
    int li = rules_list_lookup(rs, RULES_LIST_TITLES);
    size_t kl;
    char *key = li >= 0 ? norm_key(a, s, strlen(s), &kl) : NULL;
    static const char *const ending[] = {"", "en", "n", "et", "a"};
    for (size_t i = 0; key && i < sizeof ending / sizeof *ending; i++) {
        size_t el = strlen(ending[i]);
        if (kl <= el + 3 || strcmp(key + kl - el, ending[i]) != 0)
            continue;
        const struct gaz_form *f =
            gaz_find(&rs->lists[li], arena_strndup(a, key, kl - el));
        if (f && strcmp(rs->lists[li].entries[f->entry].code, "role") == 0) {
            char *l = arena_strdup(a, s);
            utf8proc_int32_t c;
            utf8proc_ssize_t n = utf8proc_iterate((const utf8proc_uint8_t *)l,
                                                  -1, &c);
            if (n <= 0)
                return NULL;
            utf8proc_uint8_t buf[4];
            utf8proc_ssize_t m = utf8proc_encode_char(utf8proc_tolower(c),
                                                      buf);
            if (m != n)
                return NULL;    /* another width: leave the word */
            memcpy(l, buf, (size_t)m);
            return l;
        }
    }
    return NULL;
}

/* The speakers of a transcript whose turns ask a question: paragraphs
 * that open with a name and a colon ("PETRA SANDIN: …", "[00:01:10]
 * Rebecca Ahlgren: …") and end with '?'.  Their turns are the host's,
 * no quotes.  Into hosts (value 1), one pass over the paragraphs. */
static void turn_hosts(struct arena *a, const struct norm_text *nt,
                       const struct match_result *mr, struct str_map *hosts)
{
    for (size_t p = 0; p < mr->n_paras; p++) {
        size_t b = mr->paras[p].start, e = mr->paras[p].end;
        if (b < e && nt->s[b] == '[') {         /* a time stamp */
            const char *close = memchr(nt->s + b, ']', e - b);
            if (!close || close - (nt->s + b) > 12)
                continue;
            b = (size_t)(close - nt->s) + 1;
            if (b < e && nt->s[b] == ' ')
                b++;
        }
        while (e > b && nt->s[e - 1] == ' ')
            e--;
        size_t span = e - b < 64 ? e - b : 64;
        const char *colon = memchr(nt->s + b, ':', span);
        if (colon && colon > nt->s + b && e > b && nt->s[e - 1] == '?')
            str_map_put(a, hosts,
                        arena_strndup(a, nt->s + b, (size_t)(colon - nt->s) - b),
                        "", 1);
    }
}

/* Are all letters of s capitals, and more than one of them? */
static bool all_caps(const char *s)
{
    size_t upper = 0;
    utf8proc_int32_t c;
    for (utf8proc_ssize_t k; *s; s += k) {
        k = utf8proc_iterate((const utf8proc_uint8_t *)s, -1, &c);
        if (k <= 0)
            return false;
        utf8proc_category_t cat = utf8proc_category(c);
        if (cat == UTF8PROC_CATEGORY_LL)
            return false;
        upper += cat == UTF8PROC_CATEGORY_LU;
    }
    return upper > 1;
}

/* The first place where nt writes name (all capitals) in any case but
 * capitals only, as a copy; else name.  Only the first AS_WRITTEN_MAX
 * bytes are read (a transcript names its people at the top): a long
 * document quoting many names in capitals costs no quadratic time. */
#define AS_WRITTEN_MAX 65536
static const char *as_written(struct arena *a, const struct norm_text *nt,
                              const char *name)
{
    size_t n = strlen(name);
    size_t len = nt->len < AS_WRITTEN_MAX ? nt->len : AS_WRITTEN_MAX;
    for (size_t i = 0; i + n <= len; i++) {
        size_t p = i, q = 0;
        bool lower = false;
        while (q < n && p < nt->len) {
            utf8proc_int32_t x, y;
            utf8proc_ssize_t kx = utf8proc_iterate(
                (const utf8proc_uint8_t *)nt->s + p,
                (utf8proc_ssize_t)(nt->len - p), &x);
            utf8proc_ssize_t ky = utf8proc_iterate(
                (const utf8proc_uint8_t *)name + q, (utf8proc_ssize_t)(n - q),
                &y);
            if (kx <= 0 || ky <= 0 || utf8proc_toupper(x) != y)
                break;
            lower |= x != y;
            p += (size_t)kx;
            q += (size_t)ky;
        }
        if (q == n && lower && (i == 0 || nt->s[i - 1] == ' ' ||
                                nt->s[i - 1] == '\n'))
            return arena_strndup(a, nt->s + i, p - i);
    }
    return name;
}

/* Is name a party's name in lists/parties.tsv ("Vänsterpartiet",
 * "Venstre")? */
static bool is_party_name(struct arena *a, const struct rule_set *rs,
                          const char *name)
{
    int li = rules_list_lookup(rs, "parties");
    if (li < 0)
        return false;
    char *key = norm_key(a, name, strlen(name), NULL);
    return key && gaz_find(&rs->lists[li], key) != NULL &&
           strlen(name) > 3;    /* not a party's letter ("V", "SD") */
}

/* Does name end in a word for a body, not a person (the organisations
 * list: "Trafikverket", "Kystdirektoratet", "Kerry County Council")? */
static bool is_org_name(struct arena *a, const struct rule_set *rs,
                        const char *name)
{
    int li = rules_list_lookup(rs, RULES_LIST_ORGANISATIONS);
    if (li < 0)
        return false;
    const char *w = strrchr(name, ' ');
    w = w ? w + 1 : name;
    size_t kl;
    const char *key = norm_key(a, w, strlen(w), &kl);
    if (!key)
        return false;
    const struct gazetteer *g = &rs->lists[li];
    for (size_t i = 0; i < g->n_forms; i++) {
        const char *f = g->forms[i].key;
        size_t fl = strlen(f);
        bool ending = strcmp(g->entries[g->forms[i].entry].code, "ending") == 0;
        if (ending ? fl <= kl && strcmp(key + kl - fl, f) == 0
                   : strcmp(key, f) == 0)
            return true;
    }
    return false;
}

/* Fill gaps in p from every mention of the same name, in order. */
/* The person a role noun stands for ("sa Gjøvik-ordføreren" after
 * "ordfører Siri Moen"): the last one named before 'at' whose role is
 * the noun or its stem (the noun without a definite ending). */
/* Is s two to five capitals, an acronym ("MCE")? */
static bool is_acronym(const char *s)
{
    size_t n = strlen(s);
    if (n < 2 || n > 5)
        return false;
    for (size_t i = 0; i < n; i++)
        if (s[i] < 'A' || s[i] > 'Z')
            return false;
    return true;
}

/* Is noun the acronym of role, the initials of its capitalised words
 * ("MCE" of "Municipal Chief Executive", "DCE" of "District Chief
 * Executive of Ho")? */
static bool acronym_of(const char *role, const char *noun)
{
    size_t n = strlen(noun), k = 0;
    if (!is_acronym(noun))
        return false;
    for (const char *r = role; *r; r++) {
        if (r != role && r[-1] != ' ' && r[-1] != '-')
            continue;
        if (*r >= 'A' && *r <= 'Z') {
            if (k == n || *r != noun[k])
                return false;
            k++;
        } else if (k == n) {
            break;              /* "… Executive of Ho": the rest */
        }
    }
    return k == n;
}

/* Is noun a compound whose head is a word of role ("udvalgsformanden" of
 * "Formanden for teknik- og miljøudvalget", "styrelseordföranden" of
 * "ordförande i styrelsen"): the word, five letters or more, ends the
 * noun but for an ending of up to three letters, after three or more? */
static bool compound_head(const char *role, const char *noun)
{
    size_t nl = strlen(noun);
    for (const char *r = role; r && *r;) {
        const char *sp = strchr(r, ' ');
        size_t rl = sp ? (size_t)(sp - r) : strlen(r);
        for (size_t cut = 0; rl >= 5 && cut <= 3 && rl + cut + 3 <= nl;
             cut++)
            if (strncasecmp(noun + nl - cut - rl, r, rl) == 0)
                return true;
        r = sp ? sp + 1 : NULL;
    }
    return false;
}

/* The person named last before 'at' whose role is 'noun' ("ordføreren"
 * / "Ordfører", "borgmesteren" / "borgmester"); with the place the noun
 * was written with ("Strömstad-ordføreren": org[0..org_len)), one of that
 * place if there is one, and failing a role match, the one person of
 * that place ("Köping-ordføreren" for a "kommunstyrelsens ordförande" of
 * Köping). */
static const char *by_role(const struct people *m, const char *org,
                           size_t org_len, const char *noun, size_t at)
{
    const char *best = NULL, *best_org = NULL, *only_org = NULL;
    size_t nl = strlen(noun);
    for (size_t i = 0; i < m->n; i++) {
        const struct person *p = &m->v[i];
        if ((!p->role && !p->councillor) || p->at >= at ||
            n_words(p->name) < 2)
            continue;
        /* The role, or a word of it ("kommunstyrelsens ordförande" is
         * an "ordföranden", "ordförande i styrelsen" too). */
        bool hit = false;
        for (const char *r = p->role; r && *r && !hit;) {
            const char *sp = strchr(r, ' ');
            size_t rl = r == p->role ? strlen(r) : sp ? (size_t)(sp - r)
                                                      : strlen(r);
            hit = rl >= 4 && rl <= nl && strncasecmp(r, noun, rl) == 0 &&
                  nl - rl <= 3;
            if (!hit && r == p->role && sp) {
                /* the whole role failed: now its words, the first too */
                rl = (size_t)(sp - r);
                hit = rl >= 4 && rl <= nl && strncasecmp(r, noun, rl) == 0 &&
                      nl - rl <= 3;
            }
            r = sp ? sp + 1 : NULL;
        }
        if (!hit && p->role)
            hit = acronym_of(p->role, noun);
        if (!hit && p->councillor)
            hit = strncasecmp(noun, "councillor", 10) == 0 ||
                  strncasecmp(noun, "councilor", 9) == 0;
        if (!hit && p->role)
            hit = compound_head(p->role, noun);
        if (hit) {
            best = p->name;
            if (org_len && p->org && strlen(p->org) >= org_len &&
                strncmp(p->org, org, org_len) == 0)
                best_org = p->name;
        } else if (org_len && p->org && strlen(p->org) >= org_len &&
                   strncmp(p->org, org, org_len) == 0) {
            /* "Köping-ordføreren" of a Norwegian text, the person named
             * with a Swedish role ("kommunstyrelsens ordförande") of
             * Köping, not the Norwegian ordfører: the place decides
             * over a role alone. */
            only_org = only_org == NULL || strcmp(only_org, p->name) == 0
                           ? p->name : "";
        }
    }
    if (best_org)
        return best_org;
    return only_org && *only_org ? only_org : best;
}

/* The person a role noun as speaker stands for: the one named before
 * with that role (by_role()), else the one named last nearby
 * (named_nearby()); NULL if neither. */
static const char *role_noun_person(struct arena *a, const struct rule_set *rs,
                                    const struct norm_text *nt,
                                    const struct match_result *mr,
                                    const struct people *mentions,
                                    struct named *named, const char *noun,
                                    size_t at, size_t para)
{
    const char *name = by_role(mentions, noun, 0, noun, at);
    return name ? name : named_nearby(a, rs, nt, mr, mentions, named, noun,
                                      at, para);
}

/* Does role 'longer' end with the words of role 'shorter' ("verkställande
 * direktör" and "direktör", "kommunstyrelsens ordförande" and
 * "ordförande")? */
static bool role_extends(const char *longer, const char *shorter)
{
    size_t l = strlen(longer), n = strlen(shorter);
    if (!n || l <= n + 1)
        return false;
    /* ... or begin with them and go on with "of"/"for" ("head of
     * Korostyshiv's city council" and "head"). */
    if (strncmp(longer, shorter, n) == 0 &&
        (strncmp(longer + n, " of ", 4) == 0 ||
         strncmp(longer + n, " for ", 5) == 0))
        return true;
    /* ... or with a conjunction, a coordinated title cut there ("water
     * and sewage engineer" and "water", "vatten- och avloppsingenjör"
     * and "vatten-"). */
    if (strncmp(longer, shorter, n) == 0 &&
        (strncmp(longer + n, " and ", 5) == 0 ||
         strncmp(longer + n, " och ", 5) == 0 ||
         strncmp(longer + n, " og ", 4) == 0))
        return true;
    /* ... or a portfolio's list of areas the shorter cut at its comma
     * ("Member for Water, Environment and Natural Resources") */
    if (strncmp(longer, shorter, n) == 0 &&
        strncmp(longer + n, ", ", 2) == 0 &&
        (strstr(shorter, " for ") || strstr(shorter, " of ")) &&
        (strstr(longer + n, " and ") || strstr(longer + n, " & ")))
        return true;
    return longer[l - n - 1] == ' ' && strcmp(longer + l - n, shorter) == 0;
}

/* Does role r end with " of ORG" (the place the org column holds
 * already: "Chair of the Municipal Executive Board of Falun")? */
static bool ends_with_org(const char *r, const char *org)
{
    size_t l = strlen(r), n = org ? strlen(org) : 0;
    return n && l > n + 4 && strcmp(r + l - n, org) == 0 &&
           strncmp(r + l - n - 4, " of ", 4) == 0;
}

static bool ascii_only(const char *s)
{
    for (; *s; s++)
        if ((unsigned char)*s >= 0x80)
            return false;
    return true;
}

/* Is s (a role) a title of lists/titles.tsv coded `role`, or an
 * honorific of it ("councillor", "Cllr", "mayor")? */
static bool role_title(struct arena *a, const struct rule_set *rs,
                       const char *s)
{
    int titles = rules_list_lookup(rs, RULES_LIST_TITLES);
    if (titles < 0 || !s || strchr(s, ' '))
        return false;
    size_t n = strlen(s);
    char *key = norm_key(a, s, n, NULL);
    if (key && gaz_find(&rs->lists[titles], key))
        return true;
    /* ... or its plural ("Councillors Priya Raman, Daniel Kettering") */
    key = n > 3 && s[n - 1] == 's' ? norm_key(a, s, n - 1, NULL) : NULL;
    return key && gaz_find(&rs->lists[titles], key) != NULL;
}

static void complete_person(struct arena *a, const struct rule_set *rs,
                            struct person *p, const struct people *m,
                            struct by_name *bn)
{
    if (!m->n)
        return;
    /* A title alone ("Councillor Priya Raman, Cabinet Member for Leisure
     * and Culture, said"): a Title Case role of several words the mentions
     * spell out wins over it (not "executive member", cut from its
     * portfolio).  (Only a title written in ASCII: "kommunalråd",
     * "ordfører" are the roles themselves, and "Hamar-ordfører" no
     * better one.) */
    bool title = p->role && ascii_only(p->role) &&
                 role_title(a, rs, p->role);
    size_t i = str_map_put(a, &bn->first, p->name, "", SIZE_MAX);
    for (; i != SIZE_MAX; i = bn->next[i]) {
        const struct person *o = &m->v[i];
        if (title && o->role && strchr(o->role, ' ') &&
            strpbrk(o->role, "ABCDEFGHIJKLMNOPQRSTUVWXYZ") &&
            !role_title(a, rs, o->role)) {
            p->role = o->role;
            p->org = o->org ? o->org : p->org;
            title = false;
            continue;
        }
        /* The persons rule read more of the role than the quote's
         * attribution did: its words before the head are the role's. */
        if (p->role && o->role && role_extends(o->role, p->role) &&
            !ends_with_org(o->role, p->org) &&
            !ends_with_org(o->role, o->org)) {
            p->role = o->role;
            if (!p->org)
                p->org = o->org;
        }
        if (!p->role && o->role) {
            p->role = o->role;
            if (!p->org)
                p->org = o->org;
        }
        if (!p->org && o->org && o->role && p->role &&
            strcmp(o->role, p->role) == 0)
            p->org = o->org;
        /* ... or the same organisation read further ("Ludlow" of "Ludlow
         * and District Twinning Association"). */
        if (p->org && o->org && o->role && p->role &&
            strcmp(o->role, p->role) == 0 &&
            strlen(o->org) > strlen(p->org) + 1 &&
            strncmp(o->org, p->org, strlen(p->org)) == 0 &&
            o->org[strlen(p->org)] == ' ')
            p->org = o->org;
        /* An organisation given alone ("Elin Berg, Hallsberg" under a
         * quote) is the person's where no role names another. */
        if (!p->org && !p->role && o->org && !o->role)
            p->org = o->org;
        if (!p->party)
            p->party = o->party;
    }
}

/* Does paragraph p open with a personal pronoun of the rules' list ("Hon
 * påpekar att …", "She added that …": the person just quoted, in indirect
 * speech)? */
static bool opens_with_pronoun(struct arena *a, const struct rule_set *rs,
                               const struct norm_text *nt,
                               const struct match_result *mr, size_t p)
{
    int pro = rules_list_lookup(rs, RULES_LIST_PRONOUNS);
    if (pro < 0 || p >= mr->n_paras)
        return false;
    size_t s = mr->paras[p].start, e = s, end = mr->paras[p].end;
    while (e < end && e - s < 16 && nt->s[e] != ' ')
        e++;
    if (e == s || e >= end || nt->s[e] != ' ')
        return false;
    char *key = norm_key(a, nt->s + s, e - s, NULL);
    if (key && gaz_find(&rs->lists[pro], key) != NULL)
        return true;
    /* ... or with a word and a verb before it, the order of a Nordic main
     * clause: "Samtidigt säger han att …", "Dessutom mener hun at …". */
    size_t w = e + 1, we = w;
    while (we < end && we - w < 20 && nt->s[we] != ' ')
        we++;                   /* the verb */
    if (we >= end || nt->s[we] != ' ' || we == w ||
        !(nt->s[w] >= 'a' && nt->s[w] <= 'z'))
        return false;
    size_t ps = we + 1, pe = ps;
    while (pe < end && pe - ps < 16 && nt->s[pe] != ' ')
        pe++;
    if (pe >= end || nt->s[pe] != ' ' || pe == ps)
        return false;
    key = norm_key(a, nt->s + ps, pe - ps, NULL);
    return key && gaz_find(&rs->lists[pro], key) != NULL;
}

/* Is the word before t[w] (in a paragraph from s) a copula or "as"
 * ("been", "är", "som"): the noun phrase at w is then a predicate, no
 * one new? */
static bool after_copula(const char *t, size_t s, size_t w)
{
    static const char *const cop[] = {
        "is", "was", "been", "be", "are", "were", "as", "became", "becomes",
        "är", "var", "varit", "blev", "blivit", "som", "er", "ble", "blitt",
        "blevet", "bliver", "vore", "vere", "vart"};
    if (w < s + 2 || t[w - 1] != ' ')
        return false;
    size_t e = w - 1, b = e;
    while (b > s && t[b - 1] != ' ' && t[b - 1] != '\n')
        b--;
    for (size_t i = 0; i < sizeof cop / sizeof *cop; i++)
        if (strlen(cop[i]) == e - b && strncmp(t + b, cop[i], e - b) == 0)
            return true;
    /* "Sofia Dahlbom är lärare på Nibbleskolan och en av dem som …": a
     * predicate coordinated with one after a copula of its sentence. */
    if ((e - b == 3 && (strncmp(t + b, "och", 3) == 0 ||
                        strncmp(t + b, "and", 3) == 0)) ||
        (e - b == 2 && strncmp(t + b, "og", 2) == 0)) {
        size_t q = b;
        while (q > s && t[q - 1] != '.' && t[q - 1] != '!' && t[q - 1] != '?' &&
               t[q - 1] != '\n')
            q--;
        for (size_t x = q; x + 1 < b; x++) {
            if (x > q && t[x - 1] != ' ')
                continue;
            for (size_t i = 0; i < sizeof cop / sizeof *cop; i++) {
                size_t cl = strlen(cop[i]);
                if (strcmp(cop[i], "som") != 0 && strcmp(cop[i], "as") != 0 &&
                    x + cl < b && strncmp(t + x, cop[i], cl) == 0 &&
                    t[x + cl] == ' ')
                    return true;
            }
        }
    }
    return false;
}

/* Where paragraph p, before 'limit', names someone last without a name:
 * an indefinite article, at most two more words and a noun of
 * lists/unnamed.tsv ("En kvinde, der skulle til en begravelse, stod i
 * terminalen", "medan en kvinna med barnvagn berättar att ..."); SIZE_MAX
 * if it names no one so. */
static size_t someone_at(struct arena *a, const struct rule_set *rs,
                         const struct norm_text *nt,
                         const struct match_result *mr, size_t p,
                         size_t limit)
{
    static const char *const article[] = {"en", "ett", "ein", "ei", "eit",
                                          "et", "a", "an"};
    int li = rules_list_lookup(rs, RULES_LIST_UNNAMED);
    if (li < 0 || p >= mr->n_paras)
        return SIZE_MAX;
    size_t s = mr->paras[p].start, end = mr->paras[p].end, found = SIZE_MAX;
    if (limit < end)
        end = limit;
    for (size_t w = s; w < end;) {
        size_t e = w;
        while (e < end && nt->s[e] != ' ' && nt->s[e] != '\n')
            e++;
        /* (Not an apposition: "says Riikka Alatalo, a nurse"; nor a
         * predicate: "he had been a participant", "som en deltagare".) */
        bool art = false, appos = (w >= s + 2 && nt->s[w - 2] == ',') ||
                                  after_copula(nt->s, s, w);
        for (size_t k = 0; k < sizeof article / sizeof *article && !art &&
                           !appos; k++)
            art = strlen(article[k]) == e - w &&
                  strncasecmp(nt->s + w, article[k], e - w) == 0;
        /* the noun: one of the next three words, or five after a
         * partitive ("En av de norska gästerna", "En av tilhørerne", "one
         * of the guests"), plural and definite endings read off */
        static const char *const ending[] = {"erna", "arna", "orna", "rna",
                                             "ene", "erne", "ne", "na",
                                             "er", "ar", "or", "s"};
        size_t max_n = 3;
        for (size_t n = 0, x = e; art && n < max_n && x < end; n++) {
            size_t ws = x + 1, we = ws;
            while (we < end && nt->s[we] != ' ' && nt->s[we] != ',' &&
                   nt->s[we] != '.' && nt->s[we] != '\n')
                we++;
            if (we == ws || we - ws > 24)
                break;
            if (n == 0 && ((we - ws == 2 && (strncmp(nt->s + ws, "av", 2) == 0 ||
                                              strncmp(nt->s + ws, "af", 2) == 0 ||
                                              strncmp(nt->s + ws, "of", 2) == 0))))
                max_n = 5;
            /* "En av dem som har provat …", "one of those who": a
             * partitive of a pronoun is a person left unnamed. */
            if (n == 1 && max_n == 5 && x == e + 3 &&
                ((we - ws == 3 && (strncmp(nt->s + ws, "dem", 3) == 0 ||
                                   strncmp(nt->s + ws, "dom", 3) == 0 ||
                                   strncmp(nt->s + ws, "dei", 3) == 0)) ||
                 (we - ws == 4 && strncmp(nt->s + ws, "them", 4) == 0) ||
                 (we - ws == 5 && (strncmp(nt->s + ws, "those", 5) == 0 ||
                                   strncmp(nt->s + ws, "disse", 5) == 0)))) {
                found = w;
                break;
            }
            size_t kl;
            char *key = norm_key(a, nt->s + ws, we - ws, &kl);
            bool hit = key && gaz_find(&rs->lists[li], key) != NULL;
            for (size_t q = 0; key && !hit && max_n == 5 &&
                               q < sizeof ending / sizeof *ending; q++) {
                size_t el = strlen(ending[q]);
                if (kl > el + 2 && strcmp(key + kl - el, ending[q]) == 0) {
                    hit = gaz_find(&rs->lists[li],
                                   arena_strndup(a, key, kl - el)) != NULL;
                    /* ("åskådarna" of "åskådare": the stem and an e.) */
                    if (!hit) {
                        char *st = arena_printf(a, "%.*se", (int)(kl - el),
                                                key);
                        hit = gaz_find(&rs->lists[li], st) != NULL;
                    }
                }
            }
            /* ... or a compound of one ("en lastbilschaufför", "en
             * fotbollstränare"): its last part at least five bytes, and
             * not after a hyphen ("a four-person delegation"). */
            bool hyphen = memchr(nt->s + ws, '-', we - ws) != NULL;
            for (size_t k = 3; key && !hit && !hyphen && k + 5 <= kl; k++)
                if (((unsigned char)key[k] & 0xC0) != 0x80)
                    hit = gaz_find(&rs->lists[li], key + k) != NULL;
            if (hit) {
                found = w;
                break;
            }
            if (we < end && nt->s[we] != ' ')
                break;          /* a comma or stop ends the phrase */
            x = we;
        }
        w = e + 1;
    }
    return found;
}

/* Is t[i] the first byte of a capital letter? */
static bool cap_at(const char *t, size_t len, size_t i)
{
    return i < len && norm_opens_upper(t + i, len - i);
}

/* The first whole occurrence of w[0..wl) in t[from..len), or NULL. */
static const char *find_bytes(const char *t, size_t len, size_t from,
                              const char *w, size_t wl)
{
    for (size_t i = from; i + wl <= len;) {
        const char *p = memchr(t + i, w[0], len - wl + 1 - i);
        if (!p)
            return NULL;
        if (memcmp(p, w, wl) == 0)
            return p;
        i = (size_t)(p - t) + 1;
    }
    return NULL;
}

/* Is t[from..to) letters only (bytes beyond ASCII count as letters in
 * these languages) and hyphens? */
static bool word_letters(const char *t, size_t from, size_t to)
{
    for (size_t k = from; k < to; k++)
        if (!((unsigned char)t[k] >= 0x80 || (t[k] >= 'a' && t[k] <= 'z') ||
              (t[k] >= 'A' && t[k] <= 'Z') || t[k] == '-'))
            return false;
    return true;
}

/* The full name a surname alone stands for when no person rule named
 * that person ("säger Ahlgren" after "Rederiets vd Fredrik Ahlgren
 * förstår oron"): one or two capitalised words right before the
 * surname elsewhere in the text, where a person is written (a comma or
 * a party after the name, or a lower-case word such as a role before
 * it).  The nearest such mention before 'at', else the first after it;
 * NULL if none. */
/* What name_in_text() may read per document, in bytes: each call reads
 * the whole text, so a long article with thousands of unresolved
 * surnames would take the square of its length; past this, surnames
 * stay as given. */
#define NAME_SCAN_BUDGET (64u << 20)

static const char *name_in_text(struct arena *a, const struct rule_set *rs,
                                const char *t, size_t len, const char *sur,
                                size_t at, size_t *budget)
{
    size_t sl = strlen(sur);
    int titles = rules_list_lookup(rs, RULES_LIST_TITLES);
    int stops = rules_list_lookup(rs, RULES_LIST_STOPWORDS);
    const char *best = NULL;

    if (sl < 2 || *budget < len)
        return NULL;
    *budget -= len;
    for (const char *p = t; (p = find_bytes(t, len, (size_t)(p - t), sur, sl));
         p += sl) {
        size_t st = (size_t)(p - t), se = st + sl;
        if (st < 2 || t[st - 1] != ' ' || (se < len && !word_edge((unsigned char)t[se])))
            continue;
        /* Back over one capitalised word: the first name.  (Two took
         * the place or title before it: "Mayor of Kalush Andrii
         * Kovalchuk".) */
        size_t fs = st - 1, words = 0, initial = 0;
        while (words < 1 && fs > 0) {
            size_t w = fs;
            while (w > 0 && t[w - 1] != ' ' && t[w - 1] != '\n')
                w--;
            if (w == fs || !cap_at(t, len, w))
                break;
            /* A middle initial ("Peter O. Omondi") is read past. */
            if (fs - w == 2 && t[w + 1] == '.' && t[w] >= 'A' &&
                t[w] <= 'Z' && w >= 2 && t[w - 1] == ' ') {
                initial = w;
                fs = w - 1;
                continue;
            }
            if (!word_letters(t, w, fs))
                break;
            fs = w;
            words++;
            if (fs == 0 || t[fs - 1] != ' ')
                break;
            fs--;               /* onto the space before it */
        }
        if (!words)
            continue;
        if (t[fs] == ' ')
            fs++;
        /* A person is written here: an apposition or a party after the
         * name, or a lower-case word (a role) before it, inside a
         * sentence. */
        bool after = se < len && (t[se] == ',' ||
                                  (se + 1 < len && t[se] == ' ' &&
                                   t[se + 1] == '('));
        bool before = false;
        if (fs >= 2 && t[fs - 1] == ' ') {
            size_t w = fs - 1;
            while (w > 0 && t[w - 1] != ' ' && t[w - 1] != '\n')
                w--;
            before = w < fs - 1 && t[w] >= 'a' && t[w] <= 'z' &&
                     !strchr(".!?:", t[fs - 2]);
            /* "Kommunestyrerepresentant Arnfinn Tryggestad ville vite":
             * a long capitalised word opening the sentence, a role. */
            if (!before && fs - 1 - w >= 8 && cap_at(t, len, w) &&
                !strchr(".!?:,", t[fs - 2]) &&
                (w == 0 || t[w - 1] == '\n' ||
                 (w >= 2 && t[w - 1] == ' ' && strchr(".!?", t[w - 2]))))
                before = word_letters(t, w, fs - 1);
        }
        if (!after && !before)
            continue;
        /* A title is no first name ("Ordfører Moen", "Byrådsmedlem
         * Nørgaard"): rules/lists/titles.tsv. */
        /* ("Cllr P. Whitcombe": the word before the initial.) */
        size_t fw = 0;
        while (fs + fw < st - 1 && t[fs + fw] != ' ')
            fw++;
        if (titles >= 0) {
            char *key = norm_key(a, t + fs, fw, NULL);
            if (key && gaz_find(&rs->lists[titles], key)) {
                if (!initial)
                    continue;
                fs = initial;   /* the initial and the surname */
            }
        }
        /* Nor a word of lists/stopwords.tsv ("When Ford moved ..."). */
        if (stops >= 0) {
            char *key = norm_key(a, t + fs, st - 1 - fs, NULL);
            if (key && gaz_find(&rs->lists[stops], key))
                continue;
        }
        const char *name = arena_strndup(a, t + fs, se - fs);
        if (st < at || !best)
            best = name;
        if (st >= at)
            break;
    }
    return best;
}

/* Does a quote that ends at 'end' run into the end of the text without
 * the mark or the stop that would end it ("– Nästa år ska vi ta oss hela
 * vägen till" as the excerpt's last line)?  GUIDE: such a quote is left
 * out. */
static bool cut_off(const struct norm_text *nt, size_t end)
{
    size_t e = end;
    while (e < nt->len && (nt->s[e] == ' ' || nt->s[e] == '\n'))
        e++;
    if (e < nt->len)
        return false;           /* text follows the quote */
    size_t b = end;
    while (b > 0 && (nt->s[b - 1] == ' ' || nt->s[b - 1] == '\n'))
        b--;
    if (!b)
        return false;
    unsigned char c = (unsigned char)nt->s[b - 1];
    /* . ! ? " ' ) and the last bytes of » (C2 BB), « (C2 AB: Danish
     * »…« closes with it), ” (E2 80 9D), “ (E2 80 9C: „…“), … (E2 80 A6),
     * ’ (E2 80 99) and ‘ (E2 80 98) */
    return !strchr(".!?\"')", c) && c != 0xBB && c != 0xAB && c != 0x9D &&
           c != 0x9C && c != 0xA6 && c != 0x99 && c != 0x98;
}

/* Is the lower-case word s in rules/lists/pronouns.tsv?  Without that
 * list, every lower-case word is taken for one, as before it existed. */
static bool listed_pronoun(struct arena *a, const struct rule_set *rs,
                           const char *s)
{
    int pro = rules_list_lookup(rs, RULES_LIST_PRONOUNS);
    if (pro < 0)
        return true;
    char *key = norm_key(a, s, strlen(s), NULL);
    return key && gaz_find(&rs->lists[pro], key) != NULL;
}

/* Does paragraph q end with a question (an interviewer's: the answers
 * after it are the interview rules' to attribute)? */
static bool para_ends_question(const struct norm_text *nt,
                               const struct match_result *mr, size_t q)
{
    if (q >= mr->n_paras)
        return false;
    size_t e = mr->paras[q].end;
    while (e > mr->paras[q].start &&
           (nt->s[e - 1] == ' ' || nt->s[e - 1] == '\n'))
        e--;
    return e > mr->paras[q].start && nt->s[e - 1] == '?';
}

/* Do the n bytes at p open with a dialogue dash (– — − or -)? */
static bool opens_dash(const char *p, size_t n)
{
    return (n >= 1 && p[0] == '-') ||
           (n >= 3 && (memcmp(p, "\xE2\x80\x93", 3) == 0 ||
                       memcmp(p, "\xE2\x80\x94", 3) == 0 ||
                       memcmp(p, "\xE2\x88\x92", 3) == 0));
}

/* Does paragraph q open with a dialogue dash? */
static bool para_opens_dash(const struct norm_text *nt,
                            const struct match_result *mr, size_t q)
{
    return q < mr->n_paras &&
           opens_dash(nt->s + mr->paras[q].start,
                      mr->paras[q].end - mr->paras[q].start);
}

/* Does paragraph q open with a dash line that ends in a question and
 * has a dash line under it ("– Hva skal elevene gjøre der?" / "– De skal
 * følge undervisningen …"): an interview's question and its answer? */
static bool para_opens_question_line(const struct norm_text *nt,
                                     const struct match_result *mr, size_t q)
{
    if (!para_opens_dash(nt, mr, q))
        return false;
    const char *p = nt->s + mr->paras[q].start;
    size_t n = mr->paras[q].end - mr->paras[q].start;
    const char *nl = memchr(p, '\n', n);
    if (!nl)
        return false;
    const char *e = nl;
    while (e > p && (e[-1] == ' ' || e[-1] == '\r'))
        e--;
    return e > p && e[-1] == '?' &&
           opens_dash(nl + 1, n - (size_t)(nl + 1 - p));
}

/* Does a question stand before hit h in its own paragraph ("Vad har
 * överraskat dig mest?" on the line above the answer)? */
static bool question_before(const struct norm_text *nt,
                            const struct match_result *mr,
                            const struct hit *h)
{
    if (h->para >= mr->n_paras)
        return false;
    size_t b = mr->paras[h->para].start,
           e = value_pos(nt, h, h->col[COL_QUOTE]);
    while (e > b && nt->s[e - 1] != '\n' && e > h->start)
        e--;                    /* back to its line's start, in the hit */
    while (e > b && (nt->s[e - 1] == ' ' || nt->s[e - 1] == '\n'))
        e--;
    return e > b && nt->s[e - 1] == '?';
}

/* Does the quote text go on after "!" or "?" in lower case ("Vi kommer
 * tillbaka! ropade en av körsångarna")?  Then it carries an attribution
 * of its own, to someone the text leaves unnamed. */
static bool said_inside(const char *q)
{
    for (const char *p = q; p && (p = strpbrk(p, "!?")); p++)
        if (p[1] == ' ' && p[2] >= 'a' && p[2] <= 'z')
            return true;
    return false;
}

/* The people the attributions name by one word that the article names
 * in full only where no persons rule reads ("Prince Andrew … "There was
 * no indication," Andrew said"): each a person too, so that a pronoun
 * elsewhere ("Andrew doesn't remember … "…," he said") can stand for
 * them. */
static void surname_people(const struct xhits *xs, struct arena *a,
                           const struct rule_set *rs,
                           const struct norm_text *nt, size_t *budget,
                           struct people *mentions)
{
    size_t n0 = mentions->n;
    for (size_t i = 0; i < xs->n; i++) {
        const struct hit *h = &xs->v[i].h;
        const char *s = h->col[COL_SPEAKER];
        if (h->rule->table != TAB_QUOTES || !s || n_words(s) != 1 ||
            is_pronoun(s) || starts_lower(s) || is_acronym(s) ||
            full_name(mentions, s, h->start))
            continue;
        const char *name = name_in_text(a, rs, nt->s, nt->len, s, h->start,
                                        budget);
        if (name && n_words(name) >= 2 && !full_name(mentions, name, 0)) {
            bool seen = false;
            for (size_t k = n0; k < mentions->n && !seen; k++)
                seen = strcmp(mentions->v[k].name, name) == 0;
            if (!seen)
                add_person(a, mentions,
                           &(struct person){.name = name, .at = h->start});
        }
    }
}

/* The one person the mentions name in paragraph q (NULL if none, or
 * more than one). */
static const char *sole_person(const struct people *m,
                               const struct match_result *mr, size_t q)
{
    const char *who = NULL;
    if (q >= mr->n_paras)
        return NULL;
    for (size_t i = 0; i < m->n; i++) {
        const struct person *p = &m->v[i];
        if (p->at < mr->paras[q].start || p->at >= mr->paras[q].end)
            continue;
        if (who && strcmp(who, p->name) != 0)
            return NULL;
        who = p->name;
    }
    return who;
}

/* "A. Pūcīte": the text's "Aivars Pūcīte" (a capitalised word with that
 * initial right before the surname), the first such; else s. */
static const char *initial_in_full(struct arena *a, const struct norm_text *nt,
                                   const char *s)
{
    if (!(s[0] >= 'A' && s[0] <= 'Z') || s[1] != '.' || s[2] != ' ')
        return s;
    const char *sur = s + 3;
    size_t sl = strlen(sur);
    if (sl < 2 || strchr(sur, ' '))
        return s;
    for (const char *p = nt->s; (p = strstr(p, sur)) != NULL; p += sl) {
        size_t at = (size_t)(p - nt->s);
        if (at < 3 || nt->s[at - 1] != ' ' ||
            (at + sl < nt->len && (isalpha((unsigned char)nt->s[at + sl]) ||
                                   (unsigned char)nt->s[at + sl] >= 0x80)))
            continue;
        size_t b = at - 1;
        while (b > 0 && nt->s[b - 1] != ' ' && nt->s[b - 1] != '\n')
            b--;
        if (nt->s[b] != s[0] || at - 1 - b < 2)
            continue;
        bool word = true;
        for (size_t c = b + 1; c < at - 1 && word; c++)
            word = (nt->s[c] >= 'a' && nt->s[c] <= 'z') ||
                   (unsigned char)nt->s[c] >= 0x80 || nt->s[c] == '-';
        if (word)
            return arena_strndup(a, nt->s + b, at + sl - b);
    }
    return s;
}

/* The role noun of indirect speech in paragraph q ("men kulturchefen
 * säger att hon gärna ser att det sker", "ordføreren sier at …"): the
 * definite noun of a title of lists/titles.tsv right before a reporting
 * verb and its "att"/"at"/"that"; else NULL.  A dash paragraph under it
 * with no attribution is that person's (Q-5). */
static const char *indirect_role_noun(struct arena *a,
                                      const struct rule_set *rs,
                                      const struct norm_text *nt,
                                      const struct match_result *mr,
                                      size_t q)
{
    static const char *const verb[] = {
        " säger att ", " berättar att ", " menar att ", " tycker att ",
        " sier at ", " seier at ", " forteller at ", " mener at ",
        " meiner at ", " siger at ", " fortæller at ", " says that ",
        " said that ",
    };
    if (q >= mr->n_paras)
        return NULL;
    const char *s = nt->s + mr->paras[q].start;
    size_t n = mr->paras[q].end - mr->paras[q].start;
    for (size_t v = 0; v < sizeof verb / sizeof *verb; v++) {
        size_t vl = strlen(verb[v]);
        for (size_t i = 1; i + vl <= n; i++) {
            if (memcmp(s + i, verb[v], vl) != 0)
                continue;
            size_t b = i;
            while (b > 0 && s[b - 1] != ' ' && s[b - 1] != '\n')
                b--;
            if (i - b < 5 || !(s[b] >= 'a' && s[b] <= 'z'))
                continue;
            const char *w = arena_strndup(a, s + b, i - b);
            if (strcmp(listed_indefinite(a, rs, w), w) != 0)
                return w;
        }
    }
    /* ... or the source of a report, the role noun after "according to"
     * ("Ifølgje ordføraren stemmer det ikkje.", "Enligt rektorn är …"). */
    static const char *const cue[] = {
        "enligt ", "ifølge ", "ifølgje ", "according to the ",
    };
    for (size_t c = 0; c < sizeof cue / sizeof *cue; c++) {
        size_t cl = strlen(cue[c]);
        for (size_t i = 0; i + cl < n; i++) {
            if ((s[i] | 0x20) != cue[c][0] ||
                memcmp(s + i + 1, cue[c] + 1, cl - 1) != 0 ||
                (i > 0 && s[i - 1] != ' ' && s[i - 1] != '\n'))
                continue;
            size_t b = i + cl, e = b;
            while (e < n && ((s[e] >= 'a' && s[e] <= 'z') ||
                             (unsigned char)s[e] >= 0x80))
                e++;
            if (e - b < 5 || (e < n && s[e] != ' ' && s[e] != ',' &&
                              s[e] != '.'))
                continue;
            const char *w = arena_strndup(a, s + b, e - b);
            if (strcmp(listed_indefinite(a, rs, w), w) != 0)
                return w;
        }
    }
    return NULL;
}

static void emit_quotes(struct arena *a, const struct rule_set *rs,
                        const struct article *art,
                        const struct match_result *mr, struct xhits *xs,
                        struct doc_tables *t)
{
    struct people mentions = {0}, speakers = {0};
    struct named named = {0};
    struct by_name by_name = {0};
    struct str_map quotes_seen = {0}, speakers_seen = {0};
    struct str_map spk_tail2 = {0};     /* last two words of a speaker's
                                           name of three or more -> the
                                           speaker */
    const char *prev_speaker = NULL;
    size_t prev_para = (size_t)-1;
    unsigned quote_no = 0;
    size_t scan_budget = NAME_SCAN_BUDGET;
    struct str_map hosts = {0};         /* a transcript's hosts (turn_hosts) */
    bool hosts_read = false;

    collect_mentions(xs, a, rs, &art->norm, &scan_budget, &mentions);
    surname_people(xs, a, rs, &art->norm, &scan_budget, &mentions);
    index_names(a, &mentions, &by_name);
    for (size_t i = 0; i < xs->n; i++) {
        const struct hit *h = &xs->v[i].h;
        if (h->rule->table != TAB_QUOTES || !h->col[COL_QUOTE])
            continue;
        if (cut_off(&art->norm, quote_end(&art->norm, h))) {
            xs->v[i].why = "cut off by the end of the excerpt";
            continue;
        }
        const char *s = h->col[COL_SPEAKER];
        const char *name = NULL;
        bool turn = s && h->col[COL_STYLE] &&
                    strcmp(h->col[COL_STYLE], "turn") == 0;
        if (turn && !hosts_read) {
            turn_hosts(a, &art->norm, mr, &hosts);
            hosts_read = true;
        }
        if (turn && str_map_put(a, &hosts, s, "", 0) == 1) {
            xs->v[i].why = "a transcript's host: the speaker's turns ask the "
                           "questions";
            continue;
        }
        if (!s) {
            /* A paragraph right after a quote continues its speaker, as
             * one does after a paragraph of their indirect speech that
             * opens with a pronoun ("Hon påpekar att …"); unless another
             * rule names the speaker of the same quote (a speaker line
             * under it: "Jonas Backman, head of education."). */
            /* ... but a question answered by the dash paragraph below it
             * is the interviewer's ("– Hvad koster det?" / "– Meget
             * lidt, …, siger hun."). */
            if (para_ends_question(&art->norm, mr, h->para) &&
                para_opens_dash(&art->norm, mr, h->para + 1)) {
                xs->v[i].why = "an interviewer's question: a dash paragraph "
                               "answers it";
                continue;
            }
            if (para_opens_question_line(&art->norm, mr, h->para)) {
                xs->v[i].why = "an interviewer's question and its answer: "
                               "the question names no one";
                continue;
            }
            if (prev_speaker && !named_by_other(xs, i) &&
                (prev_para + 1 == h->para ||
                 (prev_para + 2 == h->para &&
                  opens_with_pronoun(a, rs, &art->norm, mr, h->para - 1))))
                name = prev_speaker;
            /* With no quote before it, a quote paragraph after one that
             * names a single person is theirs: "Brannsjef Kjetil Aas
             * legger til at ..." / "– Vi skal øve sammen ...", "Flen's
             * chief education officer Ulrika Sand did not hesitate." /
             * "\"Time. ...\"". */
            else if (prev_para + 1 != h->para && !named_by_other(xs, i) &&
                     h->para > 0 &&
                     !para_ends_question(&art->norm, mr, h->para - 1) &&
                     !question_before(&art->norm, mr, h) &&
                     !said_inside(h->col[COL_QUOTE])) {
                name = sole_person(&mentions, mr, h->para - 1);
                const char *noun = name ? NULL
                    : indirect_role_noun(a, rs, &art->norm, mr, h->para - 1);
                if (noun)
                    name = role_noun_person(a, rs, &art->norm, mr, &mentions,
                                            &named, noun, h->start,
                                            h->para);
            }
        } else if (is_pronoun(s) && !listed_pronoun(a, rs, s)) {
            /* A lower-case word no pronoun: a role noun ("säger
             * kommunalrådet"), the person named before with that role,
             * else the one named last nearby, or no row.  A title the
             * matcher lower-cased may be a surname the article gives in
             * full ("says Doctor" after "analyst Ken Doctor"). */
            char *cap = arena_strdup(a, s);
            if (cap[0] >= 'a' && cap[0] <= 'z')
                cap[0] = (char)(cap[0] - 'a' + 'A');
            name = full_name(&mentions, cap, h->start);
            if (!name)
                name = role_noun_person(a, rs, &art->norm, mr, &mentions,
                                        &named, s, h->start, h->para);
        } else if (is_pronoun(s)) {
            if (!named.names)
                find_named(a, &art->norm, &mentions, &named);
            size_t named_at;
            /* (Named before the quote's text, not before its hit: a
             * hit may open with the lines that introduce the speaker,
             * "Säters kommunalråd Anders Wiklund (S) ser …" / "– …,
             * säger han".) */
            name = last_named(a, rs, art->norm.s, &named,
                              value_pos(&art->norm, h, h->col[COL_QUOTE]),
                              list_gender(a, rs, RULES_LIST_PRONOUNS, s,
                                          strlen(s)), &named_at);
            /* "En kvinde, der skulle til en begravelse, stod i
             * terminalen." / "– ..., siger hun.": the unnamed woman's. */
            for (size_t q = h->para, k = 0; name && k < 2 && q < mr->n_paras;
                 k++, q--) {
                size_t someone = someone_at(a, rs, &art->norm, mr, q,
                                            h->start);
                if (someone != SIZE_MAX && named_at < someone) {
                    name = NULL;
                    xs->v[i].why = "speaker unresolved: the pronoun stands "
                                   "for a person left unnamed";
                }
                if (!q)
                    break;
            }
        } else if (n_words(s) == 1) {
            /* A surname or first name alone: the person named in full
             * elsewhere, else the name as given ("sier Moen" where the
             * article never names Moen in full). */
            name = full_name(&mentions, s, h->start);
            const char *dash = strchr(s, '-'), *noun = NULL;
            if (!name && dash && dash[1] >= 'a' && dash[1] <= 'z')
                name = by_role(&mentions, s, (size_t)(dash - s), dash + 1,
                               h->start);
            else if (!name && (starts_lower(s) ||
                               (noun = capital_role_noun(a, rs, s)) != NULL))
                /* A role noun ("säger kommunalrådet", "sier
                 * ordføreren", and opening a sentence: "Ordføreren sa
                 * i sitt innlegg:"): the person named before with that
                 * role, else the one named last nearby, or no row. */
                name = role_noun_person(a, rs, &art->norm, mr, &mentions,
                                        &named, noun ? noun : s, h->start,
                                        h->para);
            else if (!name && is_acronym(s))
                /* "the MCE said": the person named before whose role it
                 * abbreviates ("Municipal Chief Executive"), or no row. */
                name = by_role(&mentions, s, 0, s, h->start);
            else if (!name && !(name = by_role(&mentions, s, 0, s,
                                                h->start)) &&
                     !(name = name_in_text(a, rs, art->norm.s, art->norm.len,
                                           s, h->start, &scan_budget)))
                /* (by_role: a role noun opening the sentence,
                 * "Ordføraren seier at …", is the person named before
                 * with that role.) */
                name = s;
        } else if (n_words(s) == 2) {
            /* A double surname alone ("säger Haugsrud Lie", "König
             * Berg") is the person named in full elsewhere; a particle
             * opening a sentence is the name's ("Af Klercker"). */
            static const char *const particle[] = {"Af ", "Von ", "Van ",
                                                   "De "};
            for (size_t q = 0; q < sizeof particle / sizeof *particle; q++)
                if (strncmp(s, particle[q], strlen(particle[q])) == 0) {
                    char *l = arena_strdup(a, s);
                    l[0] = (char)(l[0] - 'A' + 'a');
                    s = l;
                    break;
                }
            size_t k = by_name.tail2.size
                           ? str_map_put(a, &by_name.tail2, s, "", SIZE_MAX)
                           : SIZE_MAX;
            if (k == SIZE_MAX && by_name.initial.size)
                k = str_map_put(a, &by_name.initial, s, "", SIZE_MAX);
            name = k != SIZE_MAX ? mentions.v[k].name : s;
            if (name == s && spk_tail2.size) {
                /* a speaker quoted in full before */
                k = str_map_put(a, &spk_tail2, s, "", SIZE_MAX);
                if (k != SIZE_MAX)
                    name = speakers.v[k].name;
            }
            /* "said A. Pūcīte" where the text writes "Aivars Pūcīte"
             * elsewhere: the name as written in full. */
            if (name == s)
                name = initial_in_full(a, &art->norm, s);
        } else {
            /* A surname with a particle of two words opening a sentence
             * ("Van der Westhuizen said"): the person named in full. */
            static const char *const particle2[] = {"Van der ", "Van den ",
                                                    "Von der ", "De la "};
            name = NULL;
            for (size_t q = 0; q < sizeof particle2 / sizeof *particle2; q++)
                if (strncmp(s, particle2[q], strlen(particle2[q])) == 0 &&
                    n_words(s) == 3)
                    name = full_name(&mentions, s, h->start);
            if (!name)
                name = s;
        }
        /* A name in capitals (a transcript's "GÖRAN ISAKSSON:") is the
         * person as the text writes the name elsewhere ("Göran
         * Isaksson (S), kommunalråd i Hofors"). */
        if (name && all_caps(name))
            name = as_written(a, &art->norm, name);
        /* "”…”, skriver Vänsterpartiet i en insändare": a party writes,
         * no person speaks. */
        if (name && n_words(name) == 1 && is_party_name(a, rs, name)) {
            xs->v[i].why = "speaker is a party, not a person";
            continue;
        }
        /* "– …, säger Trafikverket", "said Kerry County Council": a body
         * speaks, no person (unless the article names it as one). */
        if (name && name == s && is_org_name(a, rs, name)) {
            xs->v[i].why = "speaker is an organisation, not a person";
            continue;
        }
        if (!name) {            /* unattributed: not a quote row */
            if (!xs->v[i].why)
                xs->v[i].why = !s ? "no speaker: no attribution, and no quote "
                                    "of a speaker in the paragraph before"
                             : is_pronoun(s) ? "speaker unresolved: pronoun "
                                               "with no earlier person"
                             : "speaker unresolved";
            continue;
        }
        xs->v[i].used = true;
        struct person p = {.name = name, .at = h->start};
        /* The attribution's own role is the person's when it names her
         * as written or by her surname ("säger Kero-Nilsson, VD för
         * Norrbotten Stålteknik AB"), not by a pronoun or role noun. */
        if (s && (strcmp(s, name) == 0 || role_extends(name, s)) &&
            !starts_lower(s)) {
            p.role = lc_first(a, h->col[COL_ROLE]);
            p.org = h->col[COL_ORG];
            p.party = h->col[COL_PARTY];
            tidy_role(a, rs, &p);
        }
        complete_person(a, rs, &p, &mentions, &by_name);
        const char **row = new_row(a, t, T_QUOTES, art->doc_id);
        row[2] = name;
        row[3] = p.role;
        row[4] = h->col[COL_QUOTE];
        row[5] = h->col[COL_STYLE];
        row[6] = h->rule->name;
        row[7] = line_of(a, &art->norm, h->start);
        size_t before = t->t[T_QUOTES].n;
        size_t kept = dedupe_quote(a, &quotes_seen, t);
        prev_speaker = name;
        prev_para = h->para;
        if (t->t[T_QUOTES].n < before) {    /* the same quote twice */
            xs->v[i].why = arena_printf(a, "duplicate of quotes row %zu: the "
                                        "same quote by the same speaker",
                                        kept + 1);
            xs->v[i].dup = true;
            continue;
        }
        row[1] = arena_uint(a, ++quote_no);
        size_t k = str_map_put(a, &speakers_seen, name, "", speakers.n);
        if (k == speakers.n) {
            if (n_words(name) >= 3)
                str_map_put(a, &spk_tail2, last_two(name), "", speakers.n);
            add_person(a, &speakers, &p);
        }
        speakers.v[k].quotes++;
    }
    for (size_t k = 0; k < speakers.n; k++) {
        const struct person *p = &speakers.v[k];
        if (!p->quotes)
            continue;
        const char **row = new_row(a, t, T_SPEAKERS, art->doc_id);
        row[1] = p->name;
        row[2] = p->role;
        row[3] = p->org;
        row[4] = p->party;
        row[5] = arena_uint(a, p->quotes);
    }
}

/* ---- drift report ----------------------------------------------------- */

/* Whether a hit that gave a row overlaps [start, end).  xs is sorted by
 * start, and used_end[i] is the largest end of the used hits among
 * xs->v[0..i]: the hits that start before 'end' are a prefix, found by
 * binary search. */
static bool overlaps_used(const struct xhits *xs, const size_t *used_end,
                          size_t start, size_t end)
{
    size_t lo = 0, hi = xs->n;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (xs->v[mid].h.start < end)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo > 0 && used_end[lo - 1] > start;
}

/* At most REPORT_TEXT bytes of s[start, end), cut at a character start,
 * line breaks shown as spaces. */
#define REPORT_TEXT 200
static const char *excerpt(struct arena *a, const char *s, size_t start,
                           size_t end)
{
    size_t n = end - start;
    if (n > REPORT_TEXT) {
        n = REPORT_TEXT;
        while (n && ((unsigned char)s[start + n] & 0xC0) == 0x80)
            n--;
    }
    char *e = arena_strndup(a, s + start, n);
    for (char *p = e; *p; p++)
        if (*p == '\n')
            *p = ' ';
    return e;
}

static void report_row(struct arena *a, struct doc_tables *t,
                       const struct article *art, const char *kind,
                       const char *rule, size_t off, const char *text)
{
    const char **row = list_row(a, &t->report,
                                resolve_report_schema.n_columns);
    row[REP_KIND] = kind;
    row[REP_DOC] = art->doc_id;
    row[REP_RULE] = rule;
    row[REP_LINE] = line_of(a, &art->norm, off);
    row[REP_TEXT] = text;
}

static void emit_report(struct arena *a, const struct rule_set *rs,
                        const struct article *art,
                        const struct match_result *mr,
                        const struct xhits *xs, struct doc_tables *t)
{
    const struct norm_text *nt = &art->norm;
    size_t *used_end = arena_alloc(a, (xs->n + 1) * sizeof *used_end);

    for (size_t i = 0, e = 0; i < xs->n; i++) {
        if (xs->v[i].used && xs->v[i].h.end > e)
            e = xs->v[i].h.end;
        used_end[i] = e;
    }
    for (size_t i = 0; i < xs->n; i++) {
        const struct hit *h = &xs->v[i].h;
        if (h->rule->table != TAB_CANDIDATES ||
            overlaps_used(xs, used_end, h->start, h->end))
            continue;
        const char *kind = arena_printf(a, "unexplained_%s",
                                        h->col[COL_TAG] ? h->col[COL_TAG]
                                                        : "text");
        report_row(a, t, art, kind, h->rule->name, h->start,
                   excerpt(a, nt->s, h->start, h->end));
    }
    for (size_t i = 0; i < mr->n_sections; i++) {
        const struct section *sec = &mr->sections[i];
        size_t hs = nt->lines[sec->line_start].off;
        size_t he = sec->body.end > hs ? sec->body.end : hs + 1;
        if (overlaps_used(xs, used_end, hs, he))
            continue;
        report_row(a, t, art, "unexplained_heading",
                   rs->headings[sec->heading].name, hs,
                   excerpt(a, nt->s, hs, he));
    }
}

/* ---- documents -------------------------------------------------------- */

/* A title is among the first TITLE_SCAN lines of a page (menus,
 * breadcrumbs and date lines above it included); looking further would
 * only cost time on a long document of short lines (in_menu() reads a
 * line's whole block). */
#define TITLE_SCAN 60

#define TITLE_MAX 300

/* A menu at the top of a scraped page ("Aktuellt / Nyheter /
 * Pressmeddelanden / Sök"): a block of at least MENU_LINES lines, none
 * longer than MENU_WORDS words or ending a sentence.  A title is one or
 * two lines (a headline and its dateline), so three short lines in a row
 * are a menu. */
#define MENU_LINES 3
#define MENU_WORDS 3
/* A breadcrumb trail ("Start > Nyheter > 2024"): this many separators. */
#define CRUMB_SEPS 2

/* Line i of nt, trimmed of spaces: [*s, *e). */
static void line_trim(const struct norm_text *nt, size_t i, size_t *s,
                      size_t *e)
{
    *s = nt->lines[i].off;
    *e = i + 1 < nt->n_lines ? nt->lines[i + 1].off - 1 : nt->len;
    while (*s < *e && nt->s[*s] == ' ')
        (*s)++;
    while (*e > *s && nt->s[*e - 1] == ' ')
        (*e)--;
}

/* A menu flattened to one line keeps its items apart with runs of at
 * least this many spaces ("Meny   Sök   Kontakt"); prose never does. */
#define MENU_GAP "   "

/* Is [s, e) a menu flattened to one line (see MENU_GAP)? */
static bool menu_row(const char *t, size_t s, size_t e)
{
    size_t k = strlen(MENU_GAP);
    for (size_t i = s; i + k <= e; i++)
        if (memcmp(t + i, MENU_GAP, k) == 0)
            return true;
    return false;
}

/* Could line [s, e) be an item of a menu: a menu row, or at most
 * MENU_WORDS words not ending a sentence? */
static bool menu_item(const char *t, size_t s, size_t e)
{
    size_t words = 1;
    if (e == s || strchr(".!?:", t[e - 1]))
        return false;
    if (menu_row(t, s, e))
        return true;
    for (size_t i = s; i < e; i++)
        if (t[i] == ' ' && ++words > MENU_WORDS)
            return false;
    return true;
}

/* Is [s, e) a breadcrumb trail: CRUMB_SEPS separators " > ", " / ",
 * " » " or " | "? */
static bool crumbs(const char *t, size_t s, size_t e)
{
    static const char *const seps[] = {" > ", " / ", " \xc2\xbb ", " | "};
    size_t n = 0;
    for (size_t i = s; i < e; i++)
        for (size_t k = 0; k < sizeof seps / sizeof *seps; k++) {
            size_t l = strlen(seps[k]);
            if (i + l <= e && memcmp(t + i, seps[k], l) == 0)
                n++;
        }
    return n >= CRUMB_SEPS;
}

/* A date line above the title ("Publicerad 3 juni 2024", "Updated
 * 2024-06-03 10:15"): a year 1900-2099 and at least one other number (the
 * day) in a line of at most DATE_WORDS words.  "Avtalet förlängs till
 * 2027" has a year alone: a title. */
#define DATE_WORDS 6

static bool date_line(const char *t, size_t s, size_t e)
{
    size_t words = 1, numbers = 0;
    bool year = false;
    for (size_t i = s; i < e; i++) {
        if (t[i] == ' ' && ++words > DATE_WORDS)
            return false;
        if ((unsigned)(t[i] - '0') >= 10 ||
            (i > s && (unsigned)(t[i - 1] - '0') < 10))
            continue;
        size_t k = i;           /* a run of digits starts at i */
        while (k < e && (unsigned)(t[k] - '0') < 10)
            k++;
        numbers++;
        if (k - i == 4 && (t[i] == '1' || t[i] == '2') &&
            (t[i + 1] == '9' || t[i + 1] == '0'))
            year = true;
    }
    return year && numbers >= 2;
}

/* Is [s, e) a navigation string of the rules' list `navigation` ("Till
 * startsidan", "Hoppa till innehåll", "Skip to content")? */
static bool navigation(struct arena *a, const struct rule_set *rs,
                       const char *t, size_t s, size_t e)
{
    int nav = rules_list_lookup(rs, RULES_LIST_NAVIGATION);
    if (nav < 0 || e - s > TITLE_MAX)
        return false;
    char *key = norm_key(a, t + s, e - s, NULL);
    return key && gaz_find(&rs->lists[nav], key) != NULL;
}

/* Is line i part of a menu block (see MENU_LINES), each line a menu item
 * or a navigation string? */
static bool in_menu(struct arena *a, const struct rule_set *rs,
                    const struct norm_text *nt, size_t i)
{
    size_t first = i, last = i, s, e;
    while (first > 0 && i - first < TITLE_SCAN) {
        line_trim(nt, first - 1, &s, &e);
        if (s == e)
            break;
        first--;
    }
    while (last + 1 < nt->n_lines && last - i < TITLE_SCAN) {
        line_trim(nt, last + 1, &s, &e);
        if (s == e)
            break;
        last++;
    }
    if (last - first + 1 < MENU_LINES)
        return false;
    for (size_t k = first; k <= last; k++) {
        line_trim(nt, k, &s, &e);
        if (!menu_item(nt->s, s, e) && !navigation(a, rs, nt->s, s, e))
            return false;
    }
    return true;
}

/* The document's title: its first line that is not navigation (a string
 * of the navigation list, a breadcrumb trail, a menu row, a line of a
 * menu block) nor a date line; NULL if every line is such. */
static const char *title_of(struct arena *a, const struct rule_set *rs,
                            const struct norm_text *nt)
{
    for (size_t i = 0; i < nt->n_lines && i < TITLE_SCAN; i++) {
        size_t s, e;
        line_trim(nt, i, &s, &e);
        if (e == s || navigation(a, rs, nt->s, s, e) ||
            crumbs(nt->s, s, e) || menu_row(nt->s, s, e) ||
            in_menu(a, rs, nt, i) || date_line(nt->s, s, e))
            continue;
        /* A title, not a whole one-line document: at most TITLE_MAX
         * bytes, cut at a character boundary. */
        if (e - s > TITLE_MAX) {
            e = s + TITLE_MAX;
            while (e > s && ((unsigned char)nt->s[e] & 0xC0) == 0x80)
                e--;
        }
        return arena_strndup(a, nt->s + s, e - s);
    }
    return NULL;
}

static void emit_document(struct arena *a, const struct rule_set *rs,
                          const struct article *art,
                          const struct match_result *mr, const char *rmsg,
                          struct doc_tables *t)
{
    const char **row = new_row(a, t, T_DOCUMENTS, art->doc_id);
    const char *msg = arena_join(
        a, arena_join(a, art->message, mr ? mr->message : NULL), rmsg);

    row[1] = art->path;
    row[2] = arena_uint(a, art->raw_len);
    row[3] = art->encoding;
    row[4] = doc_status_name(art->status);
    row[5] = msg;
    row[6] = art->title ? art->title
             : art->norm.s ? title_of(a, rs, &art->norm) : NULL;
    row[7] = art->url;
    row[8] = art->date;
    row[9] = arena_uint(a, t->t[T_PAIRS].n);
    row[10] = arena_uint(a, t->t[T_QUOTES].n);
    row[11] = arena_uint(a, t->t[T_SPEAKERS].n);
    row[12] = arena_uint(a, t->t[T_TAGS].n);
}

void resolve_article(struct matcher *m, struct arena *a,
                     const struct rule_set *rs, const struct article *art,
                     struct match_result *mr, struct doc_tables *out)
{
    resolve_traced(m, a, rs, art, mr, out, NULL);
}

void resolve_traced(struct matcher *m, struct arena *a,
                    const struct rule_set *rs, const struct article *art,
                    struct match_result *mr, struct doc_tables *out,
                    struct resolve_trace *tr)
{
    struct xhits xs = {0};
    const char *msg = NULL;

    memset(out, 0, sizeof *out);
    out->trace = tr;
    if (mr) {
        expand_hits(m, a, rs, mr->hits, mr->n_hits, &xs, &msg, tr);
        arena_free(a, mr->hits);    /* copied into xs (see resolve.h) */
        mr->hits = NULL;
        mr->n_hits = 0;
        for (size_t i = 0; i < xs.n; i++)
            xs.v[i].order = i;
        if (xs.n)
            qsort(xs.v, xs.n, sizeof *xs.v, cmp_xhit);
        emit_pairs(a, rs, art, mr, &xs, out);
        emit_quotes(a, rs, art, mr, &xs, out);
        emit_tags(a, art, &xs, out);
        emit_report(a, rs, art, mr, &xs, out);
        for (size_t i = 0; tr && i < xs.n; i++) {
            const struct xhit *x = &xs.v[i];
            enum rule_table tb = x->h.rule->table;
            trace_add(a, tr, &x->h,
                      x->used && !x->dup ? NULL
                      : x->why ? x->why
                      : tb == TAB_PERSONS ? "no quote of this person"
                      : tb == TAB_CANDIDATES ? "a candidate (drift report)"
                      : tb == TAB_MENTIONS ? "in no pair"
                      : "gave no row");
        }
        out->rule_hits = arena_calloc(a, rs->n_rules ? rs->n_rules : 1,
                                      sizeof *out->rule_hits);
        for (size_t i = 0; i < xs.n; i++) {
            const struct rule *r = xs.v[i].h.rule;
            if (xs.v[i].used || r->table == TAB_CANDIDATES)
                out->rule_hits[r - rs->rules]++;
        }
    }
    emit_document(a, rs, art, mr, msg, out);
    /* The documents row goes first in its table but is built last, when
     * the counts are known; it is the only row of its table. */
}
