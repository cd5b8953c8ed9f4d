/*
 * html.c - stage 1b for web pages: HTML page -> article text (see html.h).
 *
 * Four steps, one section each below: charset (bytes -> valid UTF-8), parse
 * (libxml2), scan (one pass over the tree: metadata, text statistics per
 * element, content scores) and write (the chosen blocks -> lines).
 */
/* SPDX-License-Identifier: MIT */
#include "html.h"

#include <assert.h>
#include <errno.h>
#include <iconv.h>
#include <limits.h>
#include <pthread.h>
#include <stdio.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <libxml/HTMLparser.h>
#include <libxml/globals.h>
#include <libxml/parser.h>
#include <libxml/tree.h>
#include <libxml/xmlerror.h>

#include "arena.h"
#include "decode.h"
#include "dynlib.h"
#include "xalloc.h"

#ifndef XML2_SONAME
#define XML2_SONAME "libxml2.so.2"
#endif

/* libxml2's functions, loaded with the first page (dynlib.h): a run of
 * text files never maps libxml2 and the ICU and C++ libraries it needs.
 * Written once under xml_once, read-only afterwards: the one piece of
 * process state html.c keeps, beside libxml2's own. */
static struct {
    __typeof__(&htmlNewParserCtxt) new_ctxt;
    __typeof__(&htmlCtxtReadMemory) read_memory;
    __typeof__(&htmlFreeParserCtxt) free_ctxt;
    __typeof__(&xmlFreeDoc) free_doc;
    __typeof__(&xmlDocGetRootElement) root;
    __typeof__(&xmlInitParser) init;
    __typeof__(&xmlCleanupParser) cleanup;
    __typeof__(&xmlSetGenericErrorFunc) set_error;
    __typeof__(&xmlThrDefSetGenericErrorFunc) set_thr_error;
    bool loaded;
    char why[256];              /* if not loaded */
} xml;
static pthread_once_t xml_once = PTHREAD_ONCE_INIT;
static void xml_load(void);

#define N(a) (sizeof(a) / sizeof((a)[0]))

/* The HTML standard's encoding prescan reads the first 1024 bytes; so do
 * the <meta charset> prescan and html_sniff(). */
#define PRESCAN_BYTES 1024
/* A <meta> tag the prescan reads is at most this long. */
#define PRESCAN_TAG_MAX 512
/* Longest charset label we look up ("iso-8859-15", "windows-1252" ...);
 * anything longer is garbage and counts as unknown. */
#define CHARSET_MAX 40
/* Longest date or URL we keep; longer values are garbage, not metadata. */
#define META_MAX 2048
/* Our own bound on recursion over the tree.  libxml2 stops at 256 levels
 * without HTML_PARSE_HUGE (xmlParserMaxDepth), so this only matters if a
 * libxml2 ever stops doing so; deeper elements are left out. */
#define WALK_MAX_DEPTH 512
/* Content scoring, after Readability: a paragraph of at least
 * SCORE_MIN_PARA bytes (non-space) scores 1, plus 1 per comma, plus 1 per
 * SCORE_LEN_STEP bytes up to SCORE_LEN_MAX; the score goes to its parent,
 * half to the grandparent and a sixth to the great-grandparent. */
#define SCORE_MIN_PARA 25
#define SCORE_LEN_STEP 100
#define SCORE_LEN_MAX 3
/* An element with a negative class word (or a <form>) is dropped unless
 * it holds at least this many paragraphs, or this much text outside links
 * (non-space bytes): then it wraps the article. */
#define WRAPPER_MIN_PARAS 5
#define WRAPPER_MIN_TEXT 1000
/* Class and id attributes: only this many bytes are read, and a token
 * longer than CLASS_TOKEN_MAX is no class name ("a1b2c3..." hashes). */
#define CLASS_SCAN_MAX 512
#define CLASS_TOKEN_MAX 64
/* Weight of one positive (negative) class or id attribute. */
#define CLASS_WEIGHT 25
/* A sibling of the best block joins it if it scores at least this share of
 * the best score (and at least SIBLING_MIN_SCORE): articles split into
 * several divs. */
#define SIBLING_SHARE 0.2
#define SIBLING_MIN_SCORE 10.0
/* An <article>, <main> or itemprop=articleBody element with less text than
 * this (non-space bytes) is a teaser or a shell, not the article. */
#define ROOT_MIN_TEXT 200
/* A block below the root whose text is more than this share link text is
 * navigation (menus, tag lists, "read more" lists): it is dropped. */
#define LINK_DENSE 0.5
/* Below the root, a paragraph with more than this share of link text is
 * a teaser for another page. */
#define PARA_LINK_MAX 0.8
/* Below the root, a block with fewer commas than this (not prose) is
 * dropped already when over this share of its text is link text. */
#define CLEAN_MIN_COMMAS 10
#define LINK_DENSE_NO_PROSE 0.2
/* An h1 with more text than this (non-space bytes) is not a headline. */
#define HEADLINE_MAX 400
/* A title suffix (" | Site") is a site name if it has at most this many
 * words and the headline before it is at least SUFFIX_RATIO times longer. */
#define SUFFIX_MAX_WORDS 4
#define SUFFIX_RATIO 2

/* libxml2 options: recover from broken markup, never print, never touch
 * the network, and ignore <meta charset>: we convert to UTF-8 first. */
#define PARSE_OPTIONS                                                      \
    (HTML_PARSE_RECOVER | HTML_PARSE_NOERROR | HTML_PARSE_NOWARNING |      \
     HTML_PARSE_NONET | HTML_PARSE_COMPACT | HTML_PARSE_IGNORE_ENC)

/* ---- tables ---------------------------------------------------------- */

enum tag_flag {
    T_DROP = 1u << 0,   /* never article text */
    T_PARA = 1u << 1,   /* a blank line before and after */
    T_LINE = 1u << 2,   /* a line break before and after */
    T_PROSE = 1u << 3,  /* a paragraph for scoring */
    T_LIST = 1u << 4,   /* a list: dropped below the root if link-dense */
    T_PRE = 1u << 5,    /* keeps its line breaks */
    T_ITEM = 1u << 6,   /* an item of a list or table */
};

/* HTML elements that are not plain inline text, sorted by name for
 * bsearch().  'score' is the element's starting content score (after
 * Readability: divs tend to hold articles, lists and headings do not). */
struct tag_info {
    const char *name;
    unsigned flags;
    int score;
};

static const struct tag_info tags[] = {
    {"address", T_LINE, -3},
    {"article", T_PARA, 0},
    {"aside", T_DROP, 0},
    {"audio", T_DROP, 0},
    {"blockquote", T_PARA | T_PROSE, 3},
    {"br", T_LINE, 0},
    {"button", T_DROP, 0},
    {"canvas", T_DROP, 0},
    {"caption", T_LINE, 0},
    {"center", T_LINE, 0},
    {"dd", T_LINE | T_ITEM, -3},
    {"details", T_LINE, 0},
    {"dialog", T_DROP, 0},
    {"div", T_LINE, 5},
    {"dl", T_PARA | T_LIST, -3},
    {"dt", T_LINE | T_ITEM, -3},
    {"embed", T_DROP, 0},
    {"fieldset", T_LINE, 0},
    {"figcaption", T_DROP, 0},      /* captions and credits: not the story */
    {"figure", T_DROP, 0},
    {"footer", T_DROP, 0},
    {"form", 0, -3},                /* dropped unless it wraps the page */
    {"h1", T_PARA, -5},
    {"h2", T_PARA, -5},
    {"h3", T_PARA, -5},
    {"h4", T_PARA, -5},
    {"h5", T_PARA, -5},
    {"h6", T_PARA, -5},
    {"head", T_DROP, 0},
    {"header", T_DROP, 0},
    {"hr", T_PARA, 0},
    {"iframe", T_DROP, 0},
    {"input", T_DROP, 0},
    {"li", T_LINE | T_ITEM, -3},
    {"main", T_PARA, 0},
    {"menu", T_PARA | T_LIST, -3},
    {"nav", T_DROP, 0},
    {"noscript", T_DROP, 0},
    {"object", T_DROP, 0},
    {"ol", T_PARA | T_LIST, -3},
    {"p", T_PARA | T_PROSE, 0},
    {"pre", T_PARA | T_PROSE | T_PRE, 3},
    {"script", T_DROP, 0},
    {"section", T_PARA, 0},
    {"select", T_DROP, 0},
    {"style", T_DROP, 0},
    {"summary", T_LINE, 0},
    {"svg", T_DROP, 0},
    {"table", T_PARA, 0},
    {"td", T_LINE | T_ITEM | T_PROSE, 3},
    {"template", T_DROP, 0},
    {"textarea", T_DROP, 0},
    {"th", T_LINE | T_ITEM, -5},
    {"tr", T_LINE | T_ITEM, 0},
    {"ul", T_PARA | T_LIST, -3},
    {"video", T_DROP, 0},
};

/* How a class/id word matches a token of the attribute (tokens are the
 * runs of ASCII letters and digits, lower-cased). */
enum word_match {
    W_TOKEN,            /* the whole token: "ad" must not hit "header" */
    W_PREFIX,           /* the token starts with it: "nav" hits "navbar" */
    W_ANYWHERE,         /* anywhere in a token: "relatedposts" */
};

struct class_word {
    const char *word;
    int sign;           /* +1: content, -1: not content, -2: never content,
                           even when it holds many paragraphs */
    enum word_match match;
};

/* Words in class and id attributes that tell content from the rest of a
 * page (the ideas of Readability and trafilatura).  A positive word adds
 * CLASS_WEIGHT to a block's score, a negative one subtracts it.  A block
 * with a negative word (-1) is dropped, with its text, unless it wraps
 * the article (WRAPPER_MIN_PARAS, WRAPPER_MIN_TEXT); one with a word that
 * is never content (-2) is dropped even then, unless it is an <article>,
 * <main> or articleBody element.  If the words leave less than
 * ROOT_MIN_TEXT of text, a second pass ignores the -1 words. */
static const struct class_word class_words[] = {
    /* content */
    {"article", +1, W_ANYWHERE},    /* article, article-body, articletext */
    {"content", +1, W_ANYWHERE},    /* entry-content, maincontent */
    {"story", +1, W_PREFIX},        /* story, storybody, story-text */
    {"body", +1, W_ANYWHERE},       /* articlebody, post-body, body-copy */
    {"post", +1, W_PREFIX},         /* post, post-content (not "lamppost") */
    {"entry", +1, W_ANYWHERE},      /* entry, hentry (microformats) */
    {"text", +1, W_PREFIX},         /* text, textblock */
    {"main", +1, W_PREFIX},         /* main, maincolumn */
    /* not content */
    {"comment", -2, W_ANYWHERE},    /* comments, commentlist, disqus box */
    {"disqus", -2, W_ANYWHERE},     /* the comment service's container */
    {"footer", -1, W_ANYWHERE},     /* site and article footers */
    {"related", -2, W_ANYWHERE},    /* related articles */
    {"recommend", -2, W_PREFIX},    /* recommended reading */
    {"share", -2, W_PREFIX},        /* share buttons, sharebar */
    {"sharing", -2, W_PREFIX},      /* sharing tools */
    {"promo", -1, W_PREFIX},        /* promotions, promo boxes */
    {"sponsor", -1, W_PREFIX},      /* sponsored content */
    {"cookie", -2, W_ANYWHERE},     /* cookie banners */
    {"consent", -2, W_ANYWHERE},    /* consent banners (cmp) */
    {"gdpr", -2, W_ANYWHERE},       /* GDPR notices */
    {"sidebar", -1, W_ANYWHERE},    /* sidebars */
    {"widget", -1, W_TOKEN},        /* CMS widgets ("widget_x" too) */
    {"nav", -1, W_PREFIX},          /* nav, navbar, navigation */
    {"menu", -1, W_PREFIX},         /* menus */
    {"breadcrumb", -2, W_ANYWHERE}, /* breadcrumb trails */
    {"newsletter", -2, W_ANYWHERE}, /* newsletter sign-up boxes */
    {"subscri", -2, W_PREFIX},      /* subscribe, subscription */
    {"signup", -1, W_PREFIX},       /* sign-up boxes */
    {"ad", -1, W_TOKEN},            /* "ad" alone: "header" has no ad */
    {"ads", -1, W_TOKEN},           /* ad slots */
    {"advert", -1, W_PREFIX},       /* advert, advertisement */
    {"popup", -1, W_ANYWHERE},      /* overlays */
    {"modal", -1, W_TOKEN},         /* overlays */
    {"outbrain", -2, W_ANYWHERE},   /* content recommendation widgets */
    {"taboola", -2, W_ANYWHERE},    /* content recommendation widgets */
    {"pagination", -1, W_ANYWHERE}, /* page links */
    {"masthead", -1, W_ANYWHERE},   /* site header */
    {"tags", -1, W_TOKEN},          /* tag lists under an article */
    {"caption", -1, W_ANYWHERE},    /* image captions, newscaption */
    {"gallery", -1, W_ANYWHERE},    /* image galleries, slide counters */
    {"credit", -1, W_PREFIX},       /* photo credits */
    {"byline", -1, W_ANYWHERE},     /* "By Jane Doe", bylines */
    {"author", -1, W_PREFIX},       /* author boxes and bios */
    {"timestamp", -1, W_ANYWHERE},  /* "Updated 5:27 am" */
    {"popular", -1, W_PREFIX},      /* most popular lists */
    {"trending", -1, W_PREFIX},     /* trending lists */
    {"skip", -1, W_TOKEN},          /* "skip to content" links */
};

/* Charset labels read as another charset, as browsers do (the WHATWG
 * Encoding Standard): 'use' is the canonical name we report and hand to
 * iconv (glibc knows every one). */
struct charset_alias {
    const char *label;
    const char *use;
};

static const struct charset_alias charset_aliases[] = {
    {"utf8", "utf-8"},
    {"unicode-1-1-utf-8", "utf-8"},
    {"iso-8859-1", "windows-1252"},     /* C1 bytes are really cp1252 */
    {"iso8859-1", "windows-1252"},
    {"iso_8859-1", "windows-1252"},
    {"latin1", "windows-1252"},
    {"l1", "windows-1252"},
    {"us-ascii", "windows-1252"},
    {"ascii", "windows-1252"},
    {"cp1252", "windows-1252"},
    {"x-cp1252", "windows-1252"},
    {"cp819", "windows-1252"},
    {"iso-8859-9", "windows-1254"},
    {"latin5", "windows-1254"},
    {"tis-620", "windows-874"},
    {"iso-8859-11", "windows-874"},
    {"gb2312", "gb18030"},
    {"gbk", "gb18030"},
    {"x-gbk", "gb18030"},
    {"sjis", "shift_jis"},
    {"x-sjis", "shift_jis"},
    {"ms_kanji", "shift_jis"},
    {"windows-31j", "shift_jis"},
    {"ks_c_5601-1987", "euc-kr"},
    {"windows-949", "euc-kr"},
    {"utf-16", "utf-16le"},
};

/* ---- small string helpers -------------------------------------------- */

static int lower(int c)
{
    return c >= 'A' && c <= 'Z' ? c + ('a' - 'A') : c;
}

static bool is_alnum(int c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
           (c >= '0' && c <= '9');
}

static bool is_ascii_space(int c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' ||
           c == '\v';
}

/* Case-insensitive (ASCII) equality of s[0..n) and the lower-case word. */
static bool eq_word(const char *s, size_t n, const char *word)
{
    size_t i;

    for (i = 0; i < n && word[i]; i++) {
        if (lower((unsigned char)s[i]) != word[i])
            return false;
    }
    return i == n && word[i] == '\0';
}

/* Does s start with the lower-case word, ignoring ASCII case? */
static bool starts_with(const char *s, size_t n, const char *word)
{
    size_t k = strlen(word);

    return n >= k && eq_word(s, k, word);
}

/* Offset of the lower-case 'word' in s[0..n) ignoring case, or n. */
static size_t find_word(const char *s, size_t n, const char *word)
{
    size_t k = strlen(word);

    for (size_t i = 0; i + k <= n; i++) {
        if (eq_word(s + i, k, word))
            return i;
    }
    return n;
}

/* Byte length of the white space character at s[0..n) (ASCII white
 * space, NBSP and the other Unicode space separators, U+2028/U+2029), or
 * 0.  All of them collapse to one space in the text. */
static size_t space_len(const unsigned char *s, size_t n)
{
    if (is_ascii_space(s[0]))
        return 1;
    if (n >= 2 && s[0] == 0xC2 && s[1] == 0xA0)
        return 2;                                   /* U+00A0 */
    if (n >= 3 && s[0] == 0xE1 && s[1] == 0x9A && s[2] == 0x80)
        return 3;                                   /* U+1680 */
    if (n >= 3 && s[0] == 0xE2 && s[1] == 0x80 &&
        (s[2] <= 0x8A || s[2] == 0xA8 || s[2] == 0xA9 || s[2] == 0xAF))
        return 3;                       /* U+2000-200A, U+2028/9, U+202F */
    if (n >= 3 && s[0] == 0xE2 && s[1] == 0x81 && s[2] == 0x9F)
        return 3;                                   /* U+205F */
    if (n >= 3 && s[0] == 0xE3 && s[1] == 0x80 && s[2] == 0x80)
        return 3;                                   /* U+3000 */
    return 0;
}

/* s with white space runs collapsed and trimmed, from 'a'; NULL if that
 * leaves nothing or s is NULL. */
static const char *collapse(struct arena *a, const char *s, size_t n)
{
    const unsigned char *u = (const unsigned char *)s;
    char *out;
    size_t len = 0;
    bool gap = false;

    if (!s)
        return NULL;
    out = arena_alloc(a, n + 1);
    for (size_t i = 0; i < n;) {
        size_t k = space_len(u + i, n - i);
        if (k) {
            gap = len > 0;
            i += k;
            continue;
        }
        if (gap)
            out[len++] = ' ';
        gap = false;
        out[len++] = s[i++];
    }
    out[len] = '\0';
    return len ? out : NULL;
}

/* ---- step 1: charset -------------------------------------------------- */

/* What the charset step hands the parser. */
struct utf8_doc {
    const char *s;              /* valid UTF-8 */
    size_t n;
    char *owned;                /* s when it was malloc'd here, else NULL */
    const char *encoding;
    enum doc_status status;
    const char *message;
};

/* Append "; more" to *msg (or set it). */
static void add_message(struct arena *a, const char **msg, const char *more)
{
    *msg = *msg ? arena_printf(a, "%s; %s", *msg, more) : more;
}

/* The charset label s[0..n) trimmed, unquoted and lower-cased into
 * out[CHARSET_MAX + 1]; false if empty, too long or not a plausible
 * label (letters, digits, "-_.:()" only: never an iconv "//" suffix). */
static bool clean_label(const char *s, size_t n, char *out)
{
    size_t len = 0;

    while (n && (is_ascii_space((unsigned char)*s) || *s == '"' ||
                 *s == '\'')) {
        s++;
        n--;
    }
    while (n && (is_ascii_space((unsigned char)s[n - 1]) ||
                 s[n - 1] == '"' || s[n - 1] == '\'' || s[n - 1] == ';'))
        n--;
    if (n == 0 || n > CHARSET_MAX)
        return false;
    for (size_t i = 0; i < n; i++) {
        int c = lower((unsigned char)s[i]);
        if (!is_alnum(c) && !strchr("-_.:()", c))
            return false;
        out[len++] = (char)c;
    }
    out[len] = '\0';
    return true;
}

/* The value of charset= in a Content-Type value s[0..n), or NULL. */
static const char *charset_param(const char *s, size_t n, size_t *len)
{
    size_t at = find_word(s, n, "charset");
    size_t i = at + strlen("charset");

    if (at == n)
        return NULL;
    while (i < n && is_ascii_space((unsigned char)s[i]))
        i++;
    if (i >= n || s[i] != '=')
        return NULL;
    i++;
    while (i < n && (is_ascii_space((unsigned char)s[i]) || s[i] == '"' ||
                     s[i] == '\''))
        i++;
    size_t start = i;
    while (i < n && !is_ascii_space((unsigned char)s[i]) && s[i] != ';' &&
           s[i] != '"' && s[i] != '\'')
        i++;
    *len = i - start;
    return *len ? s + start : NULL;
}

/* One attribute of a tag being prescanned. */
struct pre_attr {
    const char *name, *value;
    size_t name_len, value_len;
};

/* Read the attribute at s[*i..n) of a tag; false at '>', at the end, or
 * if the attribute runs into the end (cut off: "charset=ut"). */
static bool next_attr(const char *s, size_t n, size_t *i, struct pre_attr *at)
{
    size_t j = *i;

    while (j < n && (is_ascii_space((unsigned char)s[j]) || s[j] == '/'))
        j++;
    if (j >= n || s[j] == '>')
        return false;
    at->name = s + j;
    while (j < n && s[j] != '=' && s[j] != '>' && s[j] != '/' &&
           !is_ascii_space((unsigned char)s[j]))
        j++;
    if (j >= n)
        return false;
    at->name_len = (size_t)(s + j - at->name);
    at->value = s + j;
    at->value_len = 0;
    while (j < n && is_ascii_space((unsigned char)s[j]))
        j++;
    if (j < n && s[j] == '=') {
        j++;
        while (j < n && is_ascii_space((unsigned char)s[j]))
            j++;
        if (j < n && (s[j] == '"' || s[j] == '\'')) {
            char q = s[j++];
            at->value = s + j;
            while (j < n && s[j] != q)
                j++;
            if (j >= n)
                return false;
            at->value_len = (size_t)(s + j - at->value);
            j++;
        } else {
            at->value = s + j;
            while (j < n && s[j] != '>' &&
                   !is_ascii_space((unsigned char)s[j]))
                j++;
            if (j >= n)
                return false;
            at->value_len = (size_t)(s + j - at->value);
        }
    }
    *i = j > *i ? j : *i + 1;
    return true;
}

/* The charset a <meta charset> or <meta http-equiv=Content-Type> that
 * starts in the first PRESCAN_BYTES of u[0..len) declares, cleaned into
 * out; false if none. */
static bool prescan_meta(const unsigned char *u, size_t len, char *out)
{
    const char *s = (const char *)u;
    size_t starts = len < PRESCAN_BYTES ? len : PRESCAN_BYTES;

    for (size_t i = 0; i + 5 < starts; i++) {
        /* A tag that starts in the window is read to its end, up to
         * PRESCAN_TAG_MAX bytes: the window may cut it. */
        size_t n = len - i < PRESCAN_TAG_MAX ? len : i + PRESCAN_TAG_MAX;
        if (s[i] != '<' || !starts_with(s + i + 1, n - i - 1, "meta") ||
            !(is_ascii_space((unsigned char)s[i + 5]) || s[i + 5] == '/'))
            continue;
        struct pre_attr at;
        const char *content = NULL;
        size_t content_len = 0;
        bool http_equiv = false;
        size_t j = i + 5;
        while (next_attr(s, n, &j, &at)) {
            if (eq_word(at.name, at.name_len, "charset"))
                return clean_label(at.value, at.value_len, out);
            if (eq_word(at.name, at.name_len, "http-equiv"))
                http_equiv = eq_word(at.value, at.value_len,
                                     "content-type");
            if (eq_word(at.name, at.name_len, "content")) {
                content = at.value;
                content_len = at.value_len;
            }
        }
        size_t cs_len;
        const char *cs = content && http_equiv
                             ? charset_param(content, content_len, &cs_len)
                             : NULL;
        if (cs)
            return clean_label(cs, cs_len, out);
        i = j;
    }
    return false;
}

/* Convert s[0..n) with 'cd' to UTF-8 in a malloc'd buffer (caller frees
 * with free()).  Each byte iconv rejects becomes U+FFFD; *n_bad counts
 * them, *first_bad is the first one's offset.  U+0000 is dropped. */
static char *convert(iconv_t cd, const unsigned char *s, size_t n,
                     size_t *out_len, size_t *n_bad, size_t *first_bad)
{
    size_t cap = n < SIZE_MAX / 3 ? 3 * n + 16 : n;
    char *buf = xmalloc(cap);
    /* iconv()'s prototype lacks const; it does not write the input. */
    char *in = (char *)(uintptr_t)s;
    size_t in_left = n;
    char *out = buf;
    size_t out_left = cap;

    *n_bad = 0;
    for (;;) {
        size_t r = iconv(cd, &in, &in_left, &out, &out_left);
        size_t used = (size_t)(out - buf);

        if (r != (size_t)-1)
            break;                      /* all input converted */
        if (errno == E2BIG || out_left < 3) {
            cap = cap < SIZE_MAX / 2 ? 2 * cap : SIZE_MAX;
            buf = xrealloc(buf, cap);
            out = buf + used;
            out_left = cap - used;
            continue;
        }
        /* EILSEQ, or EINVAL for a sequence cut off at the end. */
        if ((*n_bad)++ == 0)
            *first_bad = (size_t)((const unsigned char *)in - s);
        memcpy(out, "\xEF\xBF\xBD", 3);
        out += 3;
        out_left -= 3;
        in++;
        in_left--;
        iconv(cd, NULL, NULL, NULL, NULL);          /* reset shift state */
    }
    /* Close a stateful encoding (ISO-2022-JP ...): the final reset
     * sequence.  Room for it is tiny; grow once if needed. */
    if (iconv(cd, NULL, NULL, &out, &out_left) == (size_t)-1 &&
        errno == E2BIG) {
        size_t used = (size_t)(out - buf);
        cap += 64;
        buf = xrealloc(buf, cap);
        out = buf + used;
        out_left = cap - used;
        iconv(cd, NULL, NULL, &out, &out_left);
    }
    /* U+0000 (from UTF-16 or an escape) is dropped as decode.h does. */
    size_t len = 0;
    for (char *p = buf; p < out; p++) {
        if (*p)
            buf[len++] = *p;
    }
    *out_len = len;
    return buf;
}

/* The UTF-8 path: s[0..n) (BOM already skipped, 'skip' bytes) as UTF-8,
 * repaired as decode.h does if it is not valid. */
static void read_utf8(struct arena *a, const unsigned char *raw, size_t len,
                      size_t skip, struct utf8_doc *d)
{
    const unsigned char *s = raw + skip;
    size_t n = len - skip;

    d->encoding = "utf-8";
    if (decode_valid_utf8(s, n, NULL)) {
        d->s = (const char *)s;
        d->n = n;
        return;
    }
    /* decode_article() wants NUL-terminated raw bytes; the copy is made
     * only for pages that need repair. */
    unsigned char *copy = arena_alloc(a, n + 1);
    memcpy(copy, s, n);
    copy[n] = '\0';
    struct article art = {.raw = copy, .raw_len = n, .status = DOC_OK};
    decode_article(a, &art);
    d->s = art.text;
    d->n = art.text_len;
    d->encoding = art.encoding;
    if (art.status == DOC_REPAIRED) {
        d->status = DOC_REPAIRED;
        add_message(a, &d->message, art.message);
    }
}

/* Canonical name for a cleaned label, per charset_aliases[]. */
static const char *canonical(const char *label)
{
    for (size_t i = 0; i < N(charset_aliases); i++) {
        if (strcmp(label, charset_aliases[i].label) == 0)
            return charset_aliases[i].use;
    }
    return label;
}

/* Does s[0..n) hold at least one multi-byte UTF-8 sequence?  (Called on
 * valid UTF-8 only.) */
static bool has_multibyte(const unsigned char *s, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        if (s[i] >= 0x80)
            return true;
    }
    return false;
}

static bool is_latin_label(const char *cs)
{
    return strcmp(cs, "windows-1252") == 0 ||
           strncmp(cs, "iso-8859-", 9) == 0 ||
           strncmp(cs, "windows-125", 11) == 0;
}

/* Step 1: raw[0..len) -> d (valid UTF-8), or status DOC_SKIPPED. */
static void read_charset(struct arena *a, const unsigned char *raw,
                         size_t len, const char *hint, struct utf8_doc *d)
{
    char label[CHARSET_MAX + 1];
    const char *cs = NULL;
    size_t skip = 0;
    bool from_meta = false;

    if (len >= 3 && memcmp(raw, "\xEF\xBB\xBF", 3) == 0) {
        skip = 3;
        cs = "utf-8";
    } else if (len >= 2 && memcmp(raw, "\xFF\xFE", 2) == 0) {
        skip = 2;
        cs = "utf-16le";
    } else if (len >= 2 && memcmp(raw, "\xFE\xFF", 2) == 0) {
        skip = 2;
        cs = "utf-16be";
    } else if (hint && *hint) {
        cs = clean_label(hint, strlen(hint), label) ? canonical(label) : "?";
    } else if (prescan_meta(raw, len, label)) {
        cs = canonical(label);
        from_meta = true;
    }
    /* A <meta> the prescan could read as ASCII cannot be in UTF-16. */
    if (cs && from_meta && strncmp(cs, "utf-16", 6) == 0)
        cs = "utf-8";

    bool wide = cs && (strncmp(cs, "utf-16", 6) == 0 ||
                       strncmp(cs, "utf-32", 6) == 0);
    const unsigned char *nul = wide ? NULL : memchr(raw + skip, 0,
                                                    len - skip);
    if (nul) {
        d->encoding = "binary";
        d->status = DOC_SKIPPED;
        d->message = arena_printf(a, "binary payload (NUL byte at offset "
                                  "%zu)", (size_t)(nul - raw));
        return;
    }
    if (!cs || strcmp(cs, "utf-8") == 0) {
        read_utf8(a, raw, len, skip, d);
        return;
    }
    /* A page labelled Latin-1 or Windows-125x whose bytes are valid UTF-8
     * with multi-byte sequences is UTF-8: real Latin text almost never
     * forms such sequences, and servers often label pages wrongly. */
    if (is_latin_label(cs) && decode_valid_utf8(raw, len, NULL) &&
        has_multibyte(raw, len)) {
        d->status = DOC_REPAIRED;
        d->message = arena_printf(a, "charset \"%s\" declared but the bytes "
                                  "are UTF-8, read as UTF-8", cs);
        read_utf8(a, raw, len, 0, d);
        return;
    }
    iconv_t cd = strcmp(cs, "?") ? iconv_open("UTF-8", cs) : (iconv_t)-1;
    if (cd == (iconv_t)-1) {
        d->status = DOC_REPAIRED;
        d->message = strcmp(cs, "?")
                         ? arena_printf(a, "unknown charset \"%s\", read as "
                                        "UTF-8", cs)
                         : "unreadable charset label, read as UTF-8";
        read_utf8(a, raw, len, skip, d);
        return;
    }
    size_t n_bad = 0, first_bad = 0;
    d->owned = convert(cd, raw + skip, len - skip, &d->n, &n_bad, &first_bad);
    iconv_close(cd);
    d->s = d->owned;
    d->encoding = arena_strdup(a, cs);
    if (n_bad) {
        d->status = DOC_REPAIRED;
        d->message = arena_printf(a, "invalid %s at byte offset %zu: %zu "
                                  "byte%s replaced by U+FFFD", cs,
                                  skip + first_bad, n_bad,
                                  n_bad == 1 ? "" : "s");
    }
}

/* ---- step 3: scan the tree ------------------------------------------- */

/* What the scan learns about one element (node->_private points here). */
struct node_info {
    size_t text;        /* non-space bytes of text below, skipped parts out */
    size_t link;        /* of which inside <a> */
    size_t commas;      /* commas in that text: prose has them, menus not */
    size_t paras;       /* <p> elements below */
    double score;       /* content score (Readability's idea) */
    unsigned flags;     /* enum tag_flag */
    bool skip;          /* never text: T_DROP, hidden or negative class */
    bool hidden;        /* hidden, aria-hidden=true or display:none */
    bool neg, pos;      /* a negative / positive class or id word */
    bool strong;        /* a class or id word that is never content */
    bool has_block;     /* holds a block element (not just inline text) */
    bool scored;        /* score initialised: a candidate block */
};

/* Text and commas of a run of prose (a paragraph). */
struct prose {
    size_t text, commas;
    size_t paras;       /* paragraphs in it: 1, more for text split by br */
};

enum root_kind { ROOT_ITEMPROP, ROOT_ARTICLE, ROOT_MAIN, ROOT_KINDS };

/* The labels of metadata blocks the caller's rules read ("Tema",
 * "Svensk partner"): see html_page_labels(). */
struct labels {
    const char *const *v;
    size_t n;
};

/* Everything one html_page() call carries around (no globals). */
struct page {
    struct labels labels;       /* metadata labels (html_page_labels) */
    struct arena *a;
    xmlNode **cands;            /* elements that received a score */
    size_t n_cands;
    /* Elements that say they hold the article, by kind in the order
     * they are trusted: itemprop=articleBody, <article>, <main>. */
    xmlNode **kind[ROOT_KINDS];
    size_t n_kind[ROOT_KINDS];
    xmlNode *body;
    xmlNode *first_h1;          /* the page's first visible h1 */
    const char *og_title, *doc_title, *site_name;
    const char *canonical, *og_url;
    const char *published, *ld_date, *time_date, *meta_date;
    bool too_deep;              /* WALK_MAX_DEPTH cut the walk */
    bool lenient;               /* weak negative words and forms drop
                                   nothing (the second try) */
};

static bool labelled(const struct labels *l, struct arena *a,
                     const xmlNode *n);

static struct node_info *info(const xmlNode *n)
{
    return n->_private;
}

static const char *name_of(const xmlNode *n)
{
    return (const char *)n->name;
}

static bool is_elem(const xmlNode *n, const char *name)
{
    return n->type == XML_ELEMENT_NODE && strcmp(name_of(n), name) == 0;
}

static int cmp_tag(const void *key, const void *elem)
{
    return strcmp(key, ((const struct tag_info *)elem)->name);
}

static const struct tag_info *tag_of(const xmlNode *n)
{
    return bsearch(name_of(n), tags, N(tags), sizeof tags[0], cmp_tag);
}

/* The value of attribute 'name' (lower case: libxml2 lower-cases HTML
 * attribute names), "" if it has none, NULL if absent. */
static const char *attr(const xmlNode *n, const char *name)
{
    for (const xmlAttr *at = n->properties; at; at = at->next) {
        if (strcmp((const char *)at->name, name) != 0)
            continue;
        if (at->children && at->children->content)
            return (const char *)at->children->content;
        return "";
    }
    return NULL;
}

/* Does the inline style s hide the element (display:none or
 * visibility:hidden, any case and spacing)? */
static bool style_hides(const char *s)
{
    static const struct {
        const char *prop, *value;
    } hiding[] = {{"display", "none"}, {"visibility", "hidden"}};
    size_t n = strlen(s);

    for (size_t k = 0; k < N(hiding); k++) {
        size_t at = 0;
        while ((at += find_word(s + at, n - at, hiding[k].prop)) < n) {
            size_t i = at + strlen(hiding[k].prop);
            while (i < n && is_ascii_space((unsigned char)s[i]))
                i++;
            if (i < n && s[i] == ':') {
                i++;
                while (i < n && is_ascii_space((unsigned char)s[i]))
                    i++;
                if (starts_with(s + i, n - i, hiding[k].value))
                    return true;
            }
            at++;
        }
    }
    return false;
}

static bool is_hidden(const xmlNode *n)
{
    const char *v;

    if (attr(n, "hidden"))
        return true;
    v = attr(n, "aria-hidden");
    if (v && eq_word(v, strlen(v), "true"))
        return true;
    v = attr(n, "style");
    return v && style_hides(v);
}

/* Class word hits of an element's class and id attributes. */
struct hits {
    int pos, neg;       /* attributes with a positive / negative word */
    bool strong;        /* a word that is never content (sign -2) */
};

/* Add the class_words[] hits of one class or id value to *h.  Only the
 * first CLASS_SCAN_MAX bytes are read and longer tokens than
 * CLASS_TOKEN_MAX are skipped: a 50 MB class costs nothing. */
static void class_hits(const char *v, struct hits *h)
{
    bool seen_pos = false, seen_neg = false;
    size_t i = 0;

    while (v[i] && i < CLASS_SCAN_MAX) {
        while (v[i] && !is_alnum((unsigned char)v[i]) && i < CLASS_SCAN_MAX)
            i++;
        const char *tok = v + i;
        while (is_alnum((unsigned char)v[i]) && i < CLASS_SCAN_MAX)
            i++;
        size_t len = (size_t)(v + i - tok);
        if (len > CLASS_TOKEN_MAX || i == CLASS_SCAN_MAX)
            continue;           /* too long, or cut off by the limit */
        for (size_t k = 0; len && k < N(class_words); k++) {
            const struct class_word *w = &class_words[k];
            bool hit = w->match == W_TOKEN    ? eq_word(tok, len, w->word)
                       : w->match == W_PREFIX ? starts_with(tok, len, w->word)
                                              : find_word(tok, len, w->word)
                                                    < len;
            if (hit && w->sign > 0)
                seen_pos = true;
            if (hit && w->sign < 0)
                seen_neg = true;
            if (hit && w->sign < -1)
                h->strong = true;
        }
    }
    h->pos += seen_pos;
    h->neg += seen_neg;
}

static struct hits element_hits(const xmlNode *n)
{
    struct hits h = {0};
    const char *v;

    if ((v = attr(n, "class")) != NULL)
        class_hits(v, &h);
    if ((v = attr(n, "id")) != NULL)
        class_hits(v, &h);
    return h;
}

/* Count the non-space bytes and commas of a text node into pr. */
static void count_text(struct prose *pr, const unsigned char *s)
{
    size_t n = strlen((const char *)s);

    for (size_t i = 0; i < n;) {
        size_t k = space_len(s + i, n - i);
        if (k) {
            i += k;
            continue;
        }
        pr->text++;
        pr->commas += s[i] == ',';
        i++;
    }
}

/* The collected text below n, white space collapsed, from p->a; NULL if
 * none.  Block boundaries count as white space. */
static const char *node_text(struct page *p, const xmlNode *n);

static bool name_is(const char *v, const char *want)
{
    return v && eq_word(v, strlen(v), want);
}

/* Meta names that carry a publication date, after article:published_time
 * and JSON-LD (Dublin Core, Parse.ly, Sailthru and CMS conventions). */
static const char *const date_metas[] = {
    "date", "dc.date", "dc.date.issued", "dcterms.date", "dcterms.created",
    "dcterms.issued", "pubdate", "publishdate", "publish-date",
    "publish_date", "datepublished", "og:published_time",
    "article.published", "parsely-pub-date", "sailthru.date",
};

/* Keep the first value of a metadata field: *field = collapsed v. */
static void keep(struct page *p, const char **field, const char *v)
{
    if (!*field && v && strlen(v) <= META_MAX)
        *field = collapse(p->a, v, strlen(v));
}

static void scan_meta(struct page *p, const xmlNode *n)
{
    const char *key = attr(n, "property");
    const char *content = attr(n, "content");

    if (!key)
        key = attr(n, "name");
    if (!key)
        key = attr(n, "itemprop");
    if (!key || !content)
        return;
    if (name_is(key, "og:title"))
        keep(p, &p->og_title, content);
    else if (name_is(key, "og:site_name"))
        keep(p, &p->site_name, content);
    else if (name_is(key, "og:url"))
        keep(p, &p->og_url, content);
    else if (name_is(key, "article:published_time"))
        keep(p, &p->published, content);
    for (size_t i = 0; i < N(date_metas); i++) {
        if (name_is(key, date_metas[i]))
            keep(p, &p->meta_date, content);
    }
}

/* The string value of the first "datePublished" key in JSON text s, from
 * p->a, or NULL.  A careful scan, not a JSON parser: garbage, a number or
 * an unterminated string simply give nothing. */
static const char *ld_date_published(struct page *p, const char *s)
{
    static const char key[] = "\"datePublished\"";
    const char *at = s;

    while ((at = strstr(at, key)) != NULL) {
        const char *v = at + sizeof key - 1;
        at++;
        while (is_ascii_space((unsigned char)*v))
            v++;
        if (*v != ':')
            continue;
        v++;
        while (is_ascii_space((unsigned char)*v))
            v++;
        if (*v != '"')
            continue;
        v++;
        size_t len = 0;
        char buf[META_MAX + 1];
        while (*v && *v != '"' && len < META_MAX) {
            if (*v == '\\' && v[1])
                v++;                    /* "\/" -> "/", as JSON means */
            buf[len++] = *v++;
        }
        if (*v != '"')
            return NULL;
        return collapse(p->a, buf, len);
    }
    return NULL;
}

static void scan_script(struct page *p, const xmlNode *n)
{
    const char *type = attr(n, "type");

    if (!type || find_word(type, strlen(type), "ld+json") == strlen(type))
        return;
    for (const xmlNode *c = n->children; c && !p->ld_date; c = c->next) {
        if (c->content)
            p->ld_date = ld_date_published(p, (const char *)c->content);
    }
}

/* Metadata carried by element n, wherever it is. */
static void scan_metadata(struct page *p, const xmlNode *n)
{
    const char *v;

    if (is_elem(n, "meta")) {
        scan_meta(p, n);
    } else if (is_elem(n, "link")) {
        v = attr(n, "rel");
        if (v && find_word(v, strlen(v), "canonical") < strlen(v))
            keep(p, &p->canonical, attr(n, "href"));
    } else if (is_elem(n, "title") && n->parent &&
               is_elem(n->parent, "head")) {
        if (!p->doc_title)
            p->doc_title = node_text(p, n);
    } else if (is_elem(n, "script")) {
        if (!p->ld_date)
            scan_script(p, n);
    }
}

/* Text outside links: what an article has and a list of teasers lacks. */
static size_t own_text(const xmlNode *n)
{
    return info(n)->text - info(n)->link;
}

/* Append n to the array *v of *len elements (in p->a). */
static void push(struct page *p, xmlNode ***v, size_t *len, xmlNode *n)
{
    *v = arena_grow(p->a, *v, *len, *len + 1, sizeof **v);
    (*v)[(*len)++] = n;
}

/* False if n or an ancestor is skipped (a skip may be decided after n was
 * noted: the ancestor's paragraphs are counted after n's). */
static bool visible(const xmlNode *n)
{
    for (; n && n->type == XML_ELEMENT_NODE; n = n->parent) {
        if (n->_private && info(n)->skip)
            return false;
    }
    return true;
}

/* Is n an itemprop=articleBody, <article>, <main> or role=main element? */
static bool is_article_kind(const xmlNode *n)
{
    const char *v = attr(n, "itemprop");

    if (v && find_word(v, strlen(v), "articlebody") < strlen(v))
        return true;
    v = attr(n, "role");
    return is_elem(n, "article") || is_elem(n, "main") || name_is(v, "main");
}

/* Blocks that may hold an article (never one with a negative word). */
static void note_candidate_roots(struct page *p, xmlNode *n)
{
    const char *v = attr(n, "itemprop");

    if (info(n)->neg && !info(n)->pos)
        return;
    if (v && find_word(v, strlen(v), "articlebody") < strlen(v))
        push(p, &p->kind[ROOT_ITEMPROP], &p->n_kind[ROOT_ITEMPROP], n);
    else if (is_elem(n, "article"))
        push(p, &p->kind[ROOT_ARTICLE], &p->n_kind[ROOT_ARTICLE], n);
    else if (is_article_kind(n))
        push(p, &p->kind[ROOT_MAIN], &p->n_kind[ROOT_MAIN], n);
}

/* Give element n its starting score if it has none yet. */
static void init_score(struct page *p, xmlNode *n)
{
    struct node_info *ni = info(n);
    const struct tag_info *t = tag_of(n);
    struct hits h = element_hits(n);

    if (ni->scored)
        return;
    ni->scored = true;
    ni->score = t ? t->score : 0;
    ni->score += CLASS_WEIGHT * (h.pos - h.neg);
    push(p, &p->cands, &p->n_cands, n);
}

/* A paragraph scores 1, plus 1 per comma, plus 1 per SCORE_LEN_STEP bytes
 * (at most SCORE_LEN_MAX per paragraph); 'up' (its parent), the next
 * element up and the one above get the points divided by 1, 2 and 6, as
 * in Readability. */
static void score_paragraph(struct page *p, xmlNode *up,
                            const struct prose *pr)
{
    static const double share[] = {1.0, 0.5, 1.0 / 6};
    size_t len_points = pr->text / SCORE_LEN_STEP;
    size_t len_max = SCORE_LEN_MAX * pr->paras;
    double points = 1.0 + (double)pr->commas +
                    (double)(len_points < len_max ? len_points : len_max);

    for (size_t level = 0; level < N(share) && up; level++) {
        if (up->type != XML_ELEMENT_NODE || !up->_private)
            break;
        init_score(p, up);
        info(up)->score += points * share[level];
        up = up->parent;
    }
}

/* Set n's node_info from its tag and attributes (children not yet seen). */
static void classify(struct page *p, xmlNode *n, bool in_skip)
{
    /* The second (lenient) pass reuses the first pass's node_info. */
    struct node_info *ni = n->_private ? n->_private
                                       : arena_alloc(p->a, sizeof *ni);
    const struct tag_info *t = tag_of(n);
    struct hits h = element_hits(n);

    memset(ni, 0, sizeof *ni);
    n->_private = ni;
    ni->flags = t ? t->flags : 0;
    ni->hidden = is_hidden(n);
    ni->pos = h.pos > 0;
    ni->neg = h.neg > 0 && !p->lenient;
    /* The page's outer elements keep their class: <body class="single
     * has-sidebar"> is the whole page, not a sidebar. */
    if (is_elem(n, "html") || is_elem(n, "body"))
        ni->pos = ni->neg = h.strong = false;
    ni->strong = h.strong;
    ni->skip = in_skip || (ni->flags & T_DROP) || ni->hidden;
}

/* Step 3, one pass over the tree below n: node_info for every element,
 * metadata, candidate roots and paragraph scores.  'in_skip': an ancestor
 * is skipped, so n's text counts nowhere. */
static void scan(struct page *p, xmlNode *n, int depth, bool in_skip)
{
    struct node_info *ni;
    /* Text directly in n, outside its block children: in a div that also
     * holds blocks this is prose Readability would wrap in a <p>.  'own'
     * is the part in n's own text nodes. */
    struct prose loose = {.paras = 1};
    struct prose own = {0};
    size_t n_br = 0;

    classify(p, n, in_skip);
    ni = info(n);
    scan_metadata(p, n);
    if (is_elem(n, "body") && !p->body)
        p->body = n;
    for (xmlNode *c = n->children; c; c = c->next) {
        if (c->type == XML_TEXT_NODE || c->type == XML_CDATA_SECTION_NODE) {
            if (c->content && !ni->skip)
                count_text(&own, c->content);
            continue;
        }
        if (c->type != XML_ELEMENT_NODE)
            continue;
        if (depth + 1 >= WALK_MAX_DEPTH) {
            p->too_deep = true;
            continue;
        }
        scan(p, c, depth + 1, ni->skip);
        const struct node_info *ci = info(c);
        if (ci->skip)
            continue;
        ni->text += ci->text;
        ni->link += is_elem(c, "a") ? ci->text : ci->link;
        ni->commas += ci->commas;
        ni->paras += ci->paras + is_elem(c, "p");
        if (is_elem(c, "br")) {
            n_br++;
        } else if (ci->has_block || (ci->flags & (T_PARA | T_LINE))) {
            ni->has_block = true;
        } else {
            loose.text += ci->text;
            loose.commas += ci->commas;
        }
    }
    ni->text += own.text;
    ni->commas += own.commas;
    loose.text += own.text;
    loose.commas += own.commas;
    /* Decided once the element's paragraphs are counted: a negative class
     * on a wrapper of the whole article ("elementor-widget-wrap", an
     * ASP.NET page's one <form>) must not take the article with it. */
    bool wrapper = ni->paras >= WRAPPER_MIN_PARAS ||
                   ni->text - ni->link >= WRAPPER_MIN_TEXT;
    if ((ni->neg || (is_elem(n, "form") && !p->lenient)) && !wrapper &&
        !(ni->neg && labelled(&p->labels, p->a, n)))
        ni->skip = true;
    /* "comments" is never the article, but an article element may carry
     * a state class ("url-breadcrumb"). */
    if (ni->strong && !(wrapper && is_article_kind(n)))
        ni->skip = true;
    if (ni->skip)
        return;
    note_candidate_roots(p, n);
    if (is_elem(n, "h1") && !p->first_h1)
        p->first_h1 = n;
    if (is_elem(n, "time"))
        keep(p, &p->time_date, attr(n, "datetime"));
    /* "text<br><br>text": two br per paragraph break. */
    loose.paras += n_br / 2;
    if (ni->flags & T_PROSE) {
        struct prose all = {ni->text, ni->commas, loose.paras};
        if (all.text >= SCORE_MIN_PARA)
            score_paragraph(p, n->parent, &all);
    } else if (loose.text >= SCORE_MIN_PARA &&
               !(ni->flags & (T_LIST | T_PARA | T_ITEM))) {
        /* A div (or span, td ...) of loose text is its own paragraph's
         * parent: it gets the points. */
        score_paragraph(p, ni->has_block ? n : n->parent, &loose);
    }
}

/* ---- step 4: write the text ------------------------------------------ */

/* What separates the next text from the text before it; a stronger break
 * wins over a weaker one, so breaks never pile up. */
enum brk {
    BRK_NONE,
    BRK_SPACE,
    BRK_LINE,           /* "\n" */
    BRK_PARA,           /* "\n\n": a blank line */
};

/* The text grows in one malloc'd buffer (doubling: linear time); the
 * break is written only when text follows it, so no line starts or ends
 * with a space and no break trails. */
struct writer {
    char *buf;
    size_t len, cap;
    enum brk pending;
    bool flat;          /* every break is a space (titles) */
};

static void w_break(struct writer *w, enum brk b)
{
    if (w->flat && b > BRK_SPACE)
        b = BRK_SPACE;
    if (b > w->pending)
        w->pending = b;
}

static void w_put(struct writer *w, const char *s, size_t n)
{
    if (w->cap - w->len < n + 1) {
        size_t need = w->len + n + 1;
        size_t cap = w->cap ? w->cap : 256;
        while (cap < need)
            cap = cap < SIZE_MAX / 2 ? 2 * cap : need;
        w->buf = xrealloc(w->buf, cap);
        w->cap = cap;
    }
    memcpy(w->buf + w->len, s, n);
    w->len += n;
}

/* Append the text s[0..n) at a word: the pending break first. */
static void w_word(struct writer *w, const char *s, size_t n)
{
    static const char *const seps[] = {
        [BRK_NONE] = "", [BRK_SPACE] = " ", [BRK_LINE] = "\n",
        [BRK_PARA] = "\n\n",
    };

    if (w->len)
        w_put(w, seps[w->pending], strlen(seps[w->pending]));
    w->pending = BRK_NONE;
    w_put(w, s, n);
}

/* Does the word s[0..n) hold a character that shows?  A word of only
 * control and format characters (soft hyphen, zero-width space, bidi
 * marks, BOM ...), which normalize.h removes, would leave an empty line
 * there: it is no word. */
static bool visible_word(const unsigned char *s, size_t n)
{
    for (size_t i = 0; i < n;) {
        size_t k = 0;
        if (s[i] < 0x20 || s[i] == 0x7F)
            k = 1;
        else if (n - i >= 2 && s[i] == 0xC2 && (s[i + 1] < 0xA0 ||
                                                s[i + 1] == 0xAD))
            k = 2;                              /* C1, U+00AD */
        else if (n - i >= 3 && s[i] == 0xE2 && s[i + 1] == 0x80 &&
                 ((s[i + 2] >= 0x8B && s[i + 2] <= 0x8F) ||
                  (s[i + 2] >= 0xAA && s[i + 2] <= 0xAE)))
            k = 3;                              /* U+200B-200F, 202A-202E */
        else if (n - i >= 3 && s[i] == 0xE2 && s[i + 1] == 0x81 &&
                 s[i + 2] >= 0xA0 && s[i + 2] <= 0xAF)
            k = 3;                              /* U+2060-206F */
        else if (n - i >= 3 && s[i] == 0xEF && s[i + 1] == 0xBB &&
                 s[i + 2] == 0xBF)
            k = 3;                              /* U+FEFF */
        if (!k)
            return true;
        i += k;
    }
    return false;
}

/* Append the text of a text node: white space runs become one break (a
 * line break for '\n' inside <pre>, a blank line for two). */
static void w_text(struct writer *w, const unsigned char *s, bool pre)
{
    size_t n = strlen((const char *)s);
    size_t i = 0;

    while (i < n) {
        size_t k = space_len(s + i, n - i);
        if (k) {
            if (pre && s[i] == '\n')
                w_break(w, w->pending == BRK_LINE ? BRK_PARA : BRK_LINE);
            else
                w_break(w, BRK_SPACE);
            i += k;
            continue;
        }
        size_t start = i;
        while (i < n && !space_len(s + i, n - i))
            i++;
        if (visible_word(s + start, i - start))
            w_word(w, (const char *)s + start, i - start);
    }
}

/* The text of n's subtree into w, all on one line, hidden parts and
 * T_DROP elements left out (titles and headlines). */
static void flat_text(struct writer *w, const xmlNode *n, int depth)
{
    for (const xmlNode *c = n->children; c; c = c->next) {
        if (c->type == XML_TEXT_NODE && c->content) {
            w_text(w, c->content, false);
        } else if (c->type == XML_ELEMENT_NODE && depth < WALK_MAX_DEPTH) {
            const struct tag_info *t = tag_of(c);
            if ((t && (t->flags & T_DROP)) ||
                (c->_private && info(c)->hidden))
                continue;
            w_break(w, BRK_SPACE);
            flat_text(w, c, depth + 1);
            w_break(w, BRK_SPACE);
        }
    }
}

static const char *node_text(struct page *p, const xmlNode *n)
{
    struct writer w = {.flat = true};
    const char *s;

    flat_text(&w, n, 0);
    s = w.len ? arena_strndup(p->a, w.buf, w.len) : NULL;
    free(w.buf);
    return s;
}

/* What the body writer needs besides the writer. */
struct body {
    struct writer w;
    const xmlNode *headline;    /* the h1 already used as the headline */
    size_t root_text;           /* text of the chosen root(s) */
    struct labels labels;
    struct arena *a;
};

/* Does 't' (white space collapsed) start with one of the labels, ASCII
 * case ignored, followed by its end, a colon or a space? */
static bool starts_label(const struct labels *l, const char *t)
{
    for (size_t i = 0; t && i < l->n; i++) {
        size_t k = strlen(l->v[i]);
        if (strncasecmp(t, l->v[i], k) == 0 &&
            (t[k] == '\0' || t[k] == ':' || t[k] == ' ' || t[k] == '\n'))
            return true;
    }
    return false;
}

/* Is block n the values of a metadata block: after an element that
 * holds only a label ("<dt>Tema</dt><dd><a>Miljö</a></dd>", "<div
 * class=label>Svensk partner</div><div><a>Vetlanda kommun</a></div>"),
 * or opening with one ("<p>Tema: <a>Miljö</a></p>", "<div
 * class=field-tags><div>Tema</div>...</div>")?  Tag and partner values
 * are links on many sites, in blocks with class words such as "tags":
 * the rules need them. */
static bool labelled(const struct labels *l, struct arena *a,
                     const xmlNode *n)
{
    if (!l->n)
        return false;
    struct page q = {.a = a};
    if (starts_label(l, node_text(&q, n)))
        return true;
    const xmlNode *prev = n->prev;
    while (prev && prev->type != XML_ELEMENT_NODE)
        prev = prev->prev;
    if (!prev)
        return false;
    const char *t = node_text(&q, prev);
    if (!t || !starts_label(l, t))
        return false;
    size_t tl = strlen(t);
    while (tl && (t[tl - 1] == ':' || t[tl - 1] == ' ' || t[tl - 1] == '\n'))
        tl--;
    for (size_t i = 0; i < l->n; i++)
        if (strlen(l->v[i]) == tl)
            return true;        /* the label alone, not a sentence */
    return false;
}

/* Is element n, below the root, left out of the body?  Inside the
 * values of a metadata block ('meta', see labelled()) link density drops
 * nothing; *meta_out says whether n's children are inside one. */
static bool leave_out(const struct body *b, const xmlNode *n, bool meta,
                      bool *meta_out)
{
    const struct node_info *ni = n->_private;

    *meta_out = meta;
    if (!ni || ni->skip || n == b->headline)
        return true;
    /* Negative and positive words at once ("post-footer", "comment-body",
     * "article-related"): out, unless it holds most of the article. */
    if (ni->neg && 2 * ni->text < b->root_text && !meta) {
        *meta_out = labelled(&b->labels, b->a, n);
        return !*meta_out;
    }
    /* Mostly link text: menus, tag lists, "read more" lists.  A block of
     * prose has commas; a block without may carry less link text
     * (Readability's conditional cleaning). */
    if (meta || !(ni->flags & (T_PARA | T_LINE | T_LIST)) || ni->text == 0)
        return false;
    /* A paragraph that is mostly one link is a teaser ("READ MORE: China
     * plague outbreak confirmed"), not a sentence of the story. */
    if (ni->flags & T_PROSE)
        return !(ni->flags & T_ITEM) &&
               (double)ni->link > PARA_LINK_MAX * (double)ni->text;
    double density = (double)ni->link / (double)ni->text;
    double most = ni->commas < CLEAN_MIN_COMMAS && !ni->pos &&
                          !(ni->flags & (T_LIST | T_ITEM))
                      ? LINK_DENSE_NO_PROSE : LINK_DENSE;
    if (density <= most)
        return false;
    *meta_out = labelled(&b->labels, b->a, n);
    return !*meta_out;
}

static void write_block(struct body *b, const xmlNode *n, bool pre,
                        bool meta)
{
    for (const xmlNode *c = n->children; c; c = c->next) {
        bool cmeta;
        if (c->type == XML_TEXT_NODE && c->content) {
            w_text(&b->w, c->content, pre);
            continue;
        }
        if (c->type != XML_ELEMENT_NODE || leave_out(b, c, meta, &cmeta))
            continue;
        unsigned flags = info(c)->flags;
        enum brk brk = flags & T_PARA   ? BRK_PARA
                       : flags & T_LINE ? BRK_LINE
                                        : BRK_NONE;
        w_break(&b->w, brk);
        write_block(b, c, pre || (flags & T_PRE), cmeta);
        w_break(&b->w, brk);
    }
}

/* ---- step 3b: choose the main content ------------------------------- */

static double final_score(const xmlNode *n)
{
    const struct node_info *ni = info(n);
    double density = ni->text ? (double)ni->link / (double)ni->text : 0.0;

    return ni->score * (1.0 - density);
}

/* Is n at or below 'anc'? */
static bool holds(const xmlNode *anc, const xmlNode *n)
{
    for (; n; n = n->parent) {
        if (n == anc)
            return true;
    }
    return false;
}

/* Should sibling s of the best block join it?  Siblings that score well
 * are split-off parts of the article; so is a plain paragraph of prose. */
static bool joins(const xmlNode *s, double best)
{
    const struct node_info *si = s->_private;

    if (!si || si->skip)
        return false;
    if (si->scored && final_score(s) >= best * SIBLING_SHARE &&
        final_score(s) >= SIBLING_MIN_SCORE)
        return true;
    return is_elem(s, "p") && si->text >= SCORE_LEN_STEP &&
           (double)si->link < LINK_DENSE / 2 * (double)si->text;
}

/* Pick the root(s) whose text is the article, in document order, into
 * roots[]; returns how many (0: nothing to write). */
static size_t choose_roots(const struct page *p, struct arena *a,
                           const xmlNode ***roots)
{
    const xmlNode *best = NULL;
    double best_score = 0.0;
    size_t n = 0;

    *roots = arena_alloc(a, sizeof **roots);
    for (size_t k = 0; k < ROOT_KINDS; k++) {
        for (size_t i = 0; i < p->n_kind[k]; i++) {
            const xmlNode *e = p->kind[k][i];
            if (visible(e) && (!best || own_text(e) > own_text(best)))
                best = e;
        }
        /* Of several <article>s, the one with the page's h1 is the page's
         * article; the others are teasers of other pages. */
        for (size_t i = 0; i < p->n_kind[k] && p->first_h1; i++) {
            const xmlNode *e = p->kind[k][i];
            if (visible(e) && own_text(e) >= ROOT_MIN_TEXT &&
                holds(e, p->first_h1)) {
                best = e;
                break;
            }
        }
        if (best && own_text(best) >= ROOT_MIN_TEXT) {
            (*roots)[0] = best;
            return 1;
        }
        best = NULL;
    }
    for (size_t i = 0; i < p->n_cands; i++) {
        double s = final_score(p->cands[i]);
        if (!visible(p->cands[i]))
            continue;
        if (!best || s > best_score) {
            best = p->cands[i];
            best_score = s;
        }
    }
    if (!best) {
        (*roots)[0] = p->body;
        return p->body != NULL;
    }
    if (!best->parent || best->parent->type != XML_ELEMENT_NODE) {
        (*roots)[0] = best;
        return 1;
    }
    for (const xmlNode *s = best->parent->children; s; s = s->next) {
        if (s->type != XML_ELEMENT_NODE || (s != best && !joins(s, best_score)))
            continue;
        *roots = arena_grow(a, (void *)*roots, n, n + 1, sizeof **roots);
        (*roots)[n++] = s;
    }
    return n;
}

/* The first visible h1 at or below n, or NULL. */
static const xmlNode *find_h1(const xmlNode *n, int depth)
{
    for (const xmlNode *c = n->children; c; c = c->next) {
        const struct node_info *ci = c->_private;
        if (c->type != XML_ELEMENT_NODE || !ci || ci->hidden ||
            depth >= WALK_MAX_DEPTH)
            continue;
        if (is_elem(c, "h1"))
            return c;
        const xmlNode *h = find_h1(c, depth + 1);
        if (h)
            return h;
    }
    return NULL;
}

/* Separators between a headline and a site name in a <title>. */
static const char *const title_seps[] = {
    " | ", " \xE2\x80\x93 ", " \xE2\x80\x94 ", " - ", " :: ", " \xC2\xB7 ",
    " \xC2\xBB ",
};

/* Is s[0..n) the string t, ignoring ASCII case?  False if t is NULL. */
static bool same_text(const char *s, size_t n, const char *t)
{
    if (!t || strlen(t) != n)
        return false;
    for (size_t i = 0; i < n; i++) {
        if (lower((unsigned char)s[i]) != lower((unsigned char)t[i]))
            return false;
    }
    return true;
}

static size_t count_words(const char *s)
{
    size_t n = 0;

    for (size_t i = 0; s[i]; i++)
        n += s[i] != ' ' && (i == 0 || s[i - 1] == ' ');
    return n;
}

/* t without a trailing site name: the part after the last separator goes
 * if it is og:site_name, or if it is short (SUFFIX_MAX_WORDS) and the
 * rest SUFFIX_RATIO times longer.  A leading site name ("Site | Headline")
 * goes only if it is og:site_name. */
static const char *strip_site(struct arena *a, const char *t,
                              const char *site)
{
    size_t len = strlen(t);
    const char *cut = NULL;
    size_t sep_len = 0;

    for (size_t i = 0; i < N(title_seps); i++) {
        const char *at = t;
        const char *last = NULL;
        while ((at = strstr(at, title_seps[i])) != NULL)
            last = at++;
        if (last && (!cut || last > cut)) {
            cut = last;
            sep_len = strlen(title_seps[i]);
        }
    }
    if (!cut)
        return t;
    const char *after = cut + sep_len;
    size_t before_len = (size_t)(cut - t);
    size_t after_len = len - before_len - sep_len;
    if (same_text(after, after_len, site))
        return arena_strndup(a, t, before_len);
    if (count_words(after) <= SUFFIX_MAX_WORDS &&
        before_len >= SUFFIX_RATIO * after_len)
        return arena_strndup(a, t, before_len);
    if (same_text(t, before_len, site))
        return after;
    return t;
}

/* ---- the stage ------------------------------------------------------- */

/* Why libxml2 stopped early, or NULL if it read the whole page.  Without
 * HTML_PARSE_HUGE it halts at 256 levels of nesting and at text nodes
 * over 10,000,000 bytes; what it built until then is kept. */
static const char *parse_cut(htmlParserCtxtPtr ctxt)
{
    const xmlError *e = &ctxt->lastError;

    if (!ctxt->disableSAX && ctxt->instate != XML_PARSER_EOF)
        return NULL;
    if (e->code == XML_ERR_INTERNAL_ERROR && e->message &&
        strstr(e->message, "depth"))
        return "HTML nested deeper than 256 elements, the rest dropped";
    if (e->code == XML_ERR_NO_MEMORY || e->code == XML_ERR_NAME_TOO_LONG ||
        e->code == XML_ERR_ATTRIBUTE_NOT_FINISHED)
        return "text or attribute over libxml2's size limit, the rest "
               "dropped";
    return NULL;
}

/* Headline and body -> out->text, title, body_off and the empty status. */
static void assemble(struct arena *a, const char *headline,
                     const struct writer *w, struct html_page *out)
{
    size_t h = headline ? strlen(headline) : 0;
    char *t = arena_alloc(a, h + 2 + w->len + 2);
    size_t len = 0;

    if (h) {
        memcpy(t, headline, h);
        len = h;
        t[len++] = '\n';
        if (w->len)
            t[len++] = '\n';
    }
    out->body_off = len;
    if (w->len) {
        memcpy(t + len, w->buf, w->len);
        len += w->len;
        t[len++] = '\n';
    }
    t[len] = '\0';
    out->text = t;
    out->text_len = len;
    out->title = headline;
    if (!w->len) {
        if (out->status < DOC_EMPTY)
            out->status = DOC_EMPTY;
        add_message(a, &out->message, h ? "only a headline, no article text"
                                        : "no article text");
    }
}

/* Steps 3 and 4 once: scan the tree below top, choose the root(s) and
 * write their text into b. */
static void run(struct page *p, xmlNode *top, struct body *b)
{
    const xmlNode **roots;
    size_t n_roots;

    scan(p, top, 0, false);
    n_roots = choose_roots(p, p->a, &roots);
    for (size_t i = 0; i < n_roots; i++) {
        b->root_text += info(roots[i])->text;
        if (!b->headline)
            b->headline = find_h1(roots[i], 0);
        /* An h1 holding the whole story (broken markup) is no headline. */
        if (b->headline && info(b->headline)->text > HEADLINE_MAX)
            b->headline = NULL;
    }
    for (size_t i = 0; i < n_roots; i++)
        write_block(b, roots[i], false, false);
}

/* Steps 3 and 4 over a parsed document, into out. */
static void extract(struct arena *a, xmlDoc *doc, const struct labels *l,
                    struct html_page *out)
{
    struct page p = {.a = a, .labels = *l};
    struct body b = {.w = {0}, .labels = *l, .a = a};
    const char *headline = NULL;
    xmlNode *top = xml.root(doc);

    if (top)
        run(&p, top, &b);
    /* Class words are hints: a page built of "widgets" has its article in
     * one.  When they leave next to nothing, try again without the weak
     * ones and keep the longer text. */
    if (top && b.w.len < ROOT_MIN_TEXT) {
        struct page again = {.a = a, .lenient = true, .labels = *l};
        struct body b2 = {.w = {0}, .labels = *l, .a = a};
        run(&again, top, &b2);
        if (b2.w.len > b.w.len) {
            free(b.w.buf);
            b = b2;
            p = again;
        } else {
            free(b2.w.buf);
        }
    }
    if (b.headline)
        headline = node_text(&p, b.headline);
    if (!headline && p.og_title)
        headline = strip_site(a, p.og_title, p.site_name);
    if (!headline && p.doc_title)
        headline = strip_site(a, p.doc_title, p.site_name);
    if (!headline && p.first_h1)
        headline = node_text(&p, p.first_h1);
    assemble(a, headline, &b.w, out);
    free(b.w.buf);
    out->url = p.canonical ? p.canonical : p.og_url;
    out->date = p.published  ? p.published
                : p.ld_date  ? p.ld_date
                : p.time_date ? p.time_date
                              : p.meta_date;
    if (p.too_deep && out->status < DOC_REPAIRED) {
        out->status = DOC_REPAIRED;
        add_message(a, &out->message, "HTML nested too deep, the rest "
                                      "dropped");
    }
}

void html_page(struct arena *a, const unsigned char *raw, size_t len,
               const char *charset_hint, struct html_page *out)
{
    html_page_labels(a, raw, len, charset_hint, NULL, 0, out);
}

void html_page_labels(struct arena *a, const unsigned char *raw, size_t len,
                      const char *charset_hint, const char *const *labels,
                      size_t n_labels, struct html_page *out)
{
    struct labels l = {labels, n_labels};
    struct utf8_doc d = {.status = DOC_OK};
    htmlParserCtxtPtr ctxt = NULL;
    xmlDoc *doc = NULL;

    *out = (struct html_page){.text = "", .encoding = "utf-8"};
    if (len == 0) {
        out->status = DOC_EMPTY;
        out->message = "empty page";
        return;
    }
    if (len > INT_MAX) {
        out->status = DOC_SKIPPED;
        out->message = arena_printf(a, "page of %zu bytes is over libxml2's "
                                    "2 GiB limit", len);
        return;
    }
    read_charset(a, raw, len, charset_hint, &d);
    out->encoding = d.encoding;
    out->status = d.status;
    out->message = d.message;
    if (d.status == DOC_SKIPPED)
        goto out;
    if (d.n > INT_MAX) {
        out->status = DOC_SKIPPED;
        out->message = "page over libxml2's 2 GiB limit once in UTF-8";
        goto out;
    }
    pthread_once(&xml_once, xml_load);
    if (!xml.loaded) {
        out->status = DOC_ERROR;
        add_message(a, &out->message, arena_printf(a, "cannot load %s: %s",
                                                   XML2_SONAME, xml.why));
        goto out;
    }
    ctxt = xml.new_ctxt();
    if (ctxt)
        doc = xml.read_memory(ctxt, d.n ? d.s : "", (int)d.n, NULL,
                              "UTF-8", PARSE_OPTIONS);
    if (!doc) {
        /* libxml2 makes no document of white space alone. */
        bool blank = true;
        for (size_t i = 0; i < d.n && blank; i++)
            blank = is_ascii_space((unsigned char)d.s[i]);
        out->status = blank ? DOC_EMPTY : DOC_ERROR;
        add_message(a, &out->message, blank ? "no article text"
                                            : "libxml2 could not parse the "
                                              "page");
        goto out;
    }
    const char *cut = parse_cut(ctxt);
    if (cut) {
        out->status = out->status > DOC_REPAIRED ? out->status : DOC_REPAIRED;
        add_message(a, &out->message, cut);
    }
    extract(a, doc, &l, out);
out:
    if (doc)
        xml.free_doc(doc);
    if (ctxt)
        xml.free_ctxt(ctxt);
    free(d.owned);
}

/* ---- sniffing and set-up -------------------------------------------- */

bool html_sniff(const unsigned char *s, size_t n)
{
    static const char *const starts[] = {
        "<!doctype html", "<html", "<head", "<body", "<meta",
    };
    const char *c = (const char *)s;
    size_t i = 0;

    if (n == 0)
        return false;                   /* s may be NULL */
    if (n > PRESCAN_BYTES)
        n = PRESCAN_BYTES;
    if (n >= 3 && memcmp(s, "\xEF\xBB\xBF", 3) == 0)
        i = 3;
    for (;;) {
        while (i < n && is_ascii_space((unsigned char)c[i]))
            i++;
        if (!starts_with(c + i, n - i, "<!--"))
            break;
        size_t end = i + 4 + find_word(c + i + 4, n - i - 4, "-->");
        if (end >= n)
            return false;
        i = end + 3;
    }
    for (size_t k = 0; k < N(starts); k++) {
        size_t m = strlen(starts[k]);
        /* The name must end there: "<header" is not "<head". */
        if (starts_with(c + i, n - i, starts[k]) &&
            (i + m == n || !is_alnum((unsigned char)c[i + m])))
            return true;
    }
    return false;
}

/* libxml2's fallback error channel: html.c never wants its output. */
static void silent(void *ctx, const char *msg, ...)
{
    (void)ctx;
    (void)msg;
}

/* Load libxml2 and set it up (once, under xml_once, from the thread of
 * the first page). */
static void xml_load(void)
{
    static const char *const names[] = {
        "htmlNewParserCtxt", "htmlCtxtReadMemory", "htmlFreeParserCtxt",
        "xmlFreeDoc", "xmlDocGetRootElement", "xmlInitParser",
        "xmlCleanupParser", "xmlSetGenericErrorFunc",
        "xmlThrDefSetGenericErrorFunc",
    };
    void *f[N(names)];
    const char *err = NULL;

    if (!dynlib_open(XML2_SONAME, names, f, N(names), &err)) {
        snprintf(xml.why, sizeof xml.why, "%s", err);
        return;
    }
    dynlib_fn(&xml.new_ctxt, sizeof xml.new_ctxt, f[0]);
    dynlib_fn(&xml.read_memory, sizeof xml.read_memory, f[1]);
    dynlib_fn(&xml.free_ctxt, sizeof xml.free_ctxt, f[2]);
    dynlib_fn(&xml.free_doc, sizeof xml.free_doc, f[3]);
    dynlib_fn(&xml.root, sizeof xml.root, f[4]);
    dynlib_fn(&xml.init, sizeof xml.init, f[5]);
    dynlib_fn(&xml.cleanup, sizeof xml.cleanup, f[6]);
    dynlib_fn(&xml.set_error, sizeof xml.set_error, f[7]);
    dynlib_fn(&xml.set_thr_error, sizeof xml.set_thr_error, f[8]);
    xml.init();
    /* Errors that reach no parser context (rare, but possible) go to the
     * generic handler, which prints to stderr by default.  It is kept per
     * thread: this call sets this thread's, the ThrDef call the one every
     * other thread starts with on its first use of libxml2 (after this:
     * pthread_once makes them wait). */
    xml.set_error(NULL, silent);
    xml.set_thr_error(NULL, silent);
    xml.loaded = true;
}

void html_global_init(void)
{
    /* tag_of() runs bsearch() over tags[]. */
    for (size_t i = 1; i < N(tags); i++)
        assert(strcmp(tags[i - 1].name, tags[i].name) < 0);
}

void html_global_cleanup(void)
{
    if (xml.loaded)
        xml.cleanup();
}
