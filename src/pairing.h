/*
 * pairing.h - stage 4a: partner pairs from mentions and triggers.
 *
 * Rules of table `mentions` find three kinds of spans: Swedish sides
 * (municipalities, regions, federations), foreign local governments
 * (gazetteer places, local-government forms, places with a country cue)
 * and partnership triggers (vänort, partnership, vennskapsby ...).  This
 * module decides which of them form pairs: within a sentence or list line,
 * with the page's title, headings and dateline as context.  It sees only
 * offsets and flags, never the rules, so the rules stay data and this
 * logic can be tested alone.
 */
/* SPDX-License-Identifier: MIT */
#ifndef PAIRING_H
#define PAIRING_H

#include <stdbool.h>
#include <stddef.h>

struct arena;

enum mention_kind {
    MEN_SWEDISH,                /* a Swedish municipality, region ... */
    MEN_FOREIGN,                /* a foreign local government */
    MEN_TRIGGER,                /* a word naming a partnership */
};

struct mention {
    enum mention_kind kind;
    size_t start, end;          /* span in the normalized text */
    const char *key;            /* identity: canonical name, else as
                                   written (two mentions of one place) */
    bool owner;                 /* the same match names a trigger this
                                   side owns: "Borås vänorter", "Pargas
                                   stads vänorter" */
    bool page;                  /* names the page's own side wherever it
                                   stands (a dateline, a sender line) */
    bool own;                   /* a trigger naming a side's own partner:
                                   "sin partnerkommun", "its twin town" */
    bool anaphor;               /* not a trigger but a word standing for
                                   the side named last ("kommunen har
                                   vänortsband till P") */
    bool strong;                /* foreign by its form or a country cue,
                                   or a curated partner */
    bool location;              /* a place named as where something is or
                                   happens ("mötet i Sarajevo", "Kremenets
                                   i Ternopil oblast"): a foreign mention
                                   at the same place is no partner, unless
                                   a trigger stands right before ("vänorter
                                   i Hamina") */
    bool person;                /* a person's name, no place (a
                                   byline: "Af Mette Kirkegaard Lund") */
    bool word;                  /* a common word opening a sentence ("God
                                   hälsa ...", "Bo i centrum"): a foreign
                                   mention at the same place is no
                                   partner */
    bool outside;               /* a place said to stand outside the
                                   partnership ("som Kongsvinger ikke er
                                   med i"): in its unit, no mention of the
                                   same place (text or key) is a side or
                                   partner */
    bool negated;               /* a partnership said not to exist ("no
                                   formal agreement", "ingen formell
                                   vennskapsavtale"): a trigger at the same
                                   place is none */
    bool regional;              /* a foreign regional government by its
                                   form (mark regional), or a Swedish
                                   region (a two-digit SCB code): a
                                   regional partner pairs only with a
                                   regional side */
    bool denied;                /* not a trigger but a denial ("har
                                   dementerats", "were denied", "Det
                                   stämmer inte"): its sentence, and the
                                   one before when it opens its own, names
                                   no pair */
    bool sv_anaphor;            /* an anaphor Swedish by its words ("The
                                   Swedish municipality", "Den svenska
                                   kuststaden"): a side of its sentence
                                   on a page from the foreign side */
    bool fo_anaphor;            /* an anaphor foreign by its form word
                                   ("Landkreisets samarbete med P",
                                   "oblastens partner"): the partners of
                                   its sentence are that foreign side's */
    bool site;                  /* an own trigger whose possessive is the
                                   site's municipality ("Stadens övriga
                                   vänorter", "the town's twin towns"): on
                                   a page whose first line names a foreign
                                   place, its partners are that place's */
    bool mutual;                /* a trigger naming the two places
                                   before it ("De två kommunerna har
                                   samarbetat", "the joint project that
                                   the two local governments have run"):
                                   when its paragraph up to it names one
                                   Swedish side and one foreign place,
                                   wherever else they stand (a visit's
                                   destination too), those are partners */
    bool member;                /* not a trigger but a cue of members
                                   ("bland andra", "blandt andre",
                                   "among others"): the places after it
                                   in its sentence are members of a
                                   network, no partners */
    bool furniture;             /* not a trigger but a page-furniture
                                   heading ("Läs också", "Related"): the
                                   short lines under it are links to other
                                   articles, not a list of partners */
    enum { COL_NONE, COL_SV, COL_FOREIGN, COL_OTHER } column;
                                /* not a trigger but a header cell of a
                                   table flattened to a cell per line: the
                                   column of the Swedish side ("Swedish
                                   side", "Svensk kommun"), the partner's
                                   ("Partner", "Vänort") or another
                                   ("Country", "Since") */
    bool clause;                /* not a trigger but the start of a clause
                                   of contrast (", medan", ", mens", ",
                                   while"): a partner takes its side from
                                   its own clause only ("Elverum har avtal
                                   med Kosiv, mens Hagfors ...") */
};

/* One pair: indices into the mention array. */
struct pair_ref {
    size_t sv;
    size_t foreign;
    bool weak;                  /* one of a sentence's cross product
                                   ("A and B signed with X and Y") */
};

/* Find the pairs of text[0..len) given its mentions m[0..n), sorted by
 * start, and the first bytes of its paragraphs para[0..n_para), ascending
 * (the matcher's, which also parts single-spaced text; NULL: paragraphs
 * are runs of non-blank lines).  Returns the number of pairs; *out
 * (arena) holds them in the order of their foreign mention.  A pair may
 * repeat (the caller deduplicates by identity).  If why is not NULL (n
 * entries), why[i] is set to NULL for a mention in some pair, else to why
 * it is in none (utdrag explain).  foreign_lang: the page is written in
 * the language of a foreign side (Norwegian, Danish), whose own
 * municipality is its host: there "vennskapsbyen P" with no side named
 * in its sentence is no Swedish side's partner unless the page's title or
 * dateline names that side. */
size_t pairing_find(struct arena *a, const char *text, size_t len,
                    const size_t *para, size_t n_para, bool foreign_lang,
                    const struct mention *m, size_t n,
                    struct pair_ref **out, const char **why);

/* The sentence units of text[0..len): a new unit starts after a line
 * break and after a sentence end ([.!?] then a space and a capital, a
 * digit, a quote mark or a dash; not after an initial or a short
 * abbreviation).  Returns the count; *starts (arena) holds each unit's
 * first byte, ascending, starts[0] = 0.  Exposed for tests. */
size_t pairing_units(struct arena *a, const char *text, size_t len,
                     size_t **starts);

#endif
