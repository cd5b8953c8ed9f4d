/*
 * test_html.c - unit tests for html.c: small pages and the exact text,
 * headline, metadata, charset, status and message each must give; bad
 * input built in memory (100,000-deep nesting, a 50 MB attribute, binary,
 * empty); html_sniff(); silence on stderr; several threads at once.
 */
/* SPDX-License-Identifier: MIT */
#include "html.h"

#include <pthread.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "arena.h"
#include "check.h"
#include "decode.h"

#define N(a) (sizeof(a) / sizeof((a)[0]))
/* A byte string literal and its length (it may contain NUL bytes). */
#define B(s) s, sizeof(s) - 1

/* About 250 bytes of prose with commas: enough for a paragraph to score
 * and for an <article> or <main> to count as one (200 bytes). */
#define PROSE                                                              \
    "The council met on Tuesday, and after a long debate, it voted to "   \
    "keep the library open on Sundays, said the chair, who had argued "   \
    "for it since spring. Residents, teachers and students had written "  \
    "letters, signed petitions and filled the public gallery all day."

struct page_case {
    const char *name;
    const char *in;
    size_t in_len;
    const char *hint;
    const char *text;           /* exact */
    enum doc_status status;
    const char *message;        /* NULL: none */
    const char *encoding;
};

static const struct page_case cases[] = {
    /* Layout: blocks, lines, inline, white space. */
    {"layout",
     B("<html><body><p>One <b>bold</b> and <a href=x>a\n  link</a>.</p>"
       "<p>Two<br>lines</p><ul><li>a</li><li> b </li></ul>"
       "<div>d1</div><div>d2</div>"
       "<table><tr><td>c1</td><td>c2</td></tr><tr><th>c3</th></tr></table>"
       "<pre>x  y\n  z\n\n\n\nw</pre><h2>Sub</h2><blockquote>Quote"
       "</blockquote><dl><dt>term</dt><dd>def</dd></dl>"
       "<section>S1</section><section>S2</section>tail</body></html>"),
     NULL,
     "One bold and a link.\n\nTwo\nlines\n\na\nb\n\nd1\nd2\n\nc1\nc2\nc3\n\n"
     "x y\nz\n\nw\n\nSub\n\nQuote\n\nterm\ndef\n\nS1\n\nS2\n\ntail\n",
     DOC_OK, NULL, "utf-8"},
    {"invisible words make no line",
     B("<p>a</p><p>\xE2\x80\x8B</p><p>\xEF\xBB\xBF \xC2\xAD\x01</p>"
       "<p>b\xE2\x80\x8B" "c</p>"),
     NULL, "a\n\nb\xE2\x80\x8B" "c\n", DOC_OK, NULL, "utf-8"},
    {"inline joins",
     B("<p>in<span>line</span><em>s</em> <i>join</i>,<strong> "
       "without</strong>breaks</p>"),
     NULL, "inlines join, withoutbreaks\n", DOC_OK, NULL, "utf-8"},
    {"entities and nbsp",
     B("<p>&nbsp;Fish&nbsp;&amp;&nbsp;chips &mdash; &#x263A; &eacute;&#233;"
       " &lt;b&gt;&nbsp;</p><p>\xC2\xA0\xE2\x80\x83</p><p>x\xE3\x80\x80y"
       "</p>"),
     NULL,
     "Fish & chips \xE2\x80\x94 \xE2\x98\xBA \xC3\xA9\xC3\xA9 <b>\n\nx y\n",
     DOC_OK, NULL, "utf-8"},
    /* Dropped elements and hidden ones. */
    {"dropped",
     B("<body><nav>Menu</nav><header>Head</header><p>Keep " PROSE "</p>"
       "<script>var x = 1;</script><style>p {}</style><noscript>NS"
       "</noscript><aside>Side</aside><form><input value=v>Form</form>"
       "<footer>Foot</footer><p hidden>H1</p><p aria-hidden=\"true\">H2</p>"
       "<p style=\"color: red; DISPLAY : none\">H3</p>"
       "<p style=\"visibility:hidden\">H4</p><template>T</template>"
       "<button>B</button><iframe>I</iframe><select><option>O</option>"
       "</select><svg><text>S</text></svg><canvas>C</canvas>"
       "<figure><img src=x><figcaption>Cap</figcaption></figure>"
       "<p aria-hidden=\"false\">Shown</p></body>"),
     NULL, "Keep " PROSE "\n\nShown\n", DOC_OK, NULL, "utf-8"},
    {"cookie banner and class words",
     B("<body><div class=\"cookie-banner\"><p>We use cookies, accept?</p>"
       "</div><div id=\"gdpr-consent\"><p>Consent</p></div>"
       "<p>Story " PROSE "</p><div class=\"share-buttons\">Share</div>"
       "<div class=\"related_posts\">Related</div><div id=\"comments\">"
       "<p>A comment</p></div><div class=\"ad\">Ad</div>"
       "<div class=\"header-title\">Not an ad</div>"
       "<ul class=\"breadcrumbs\"><li>Home</li></ul></body>"),
     NULL, "Story " PROSE "\n\nNot an ad\n", DOC_OK, NULL, "utf-8"},
    {"weak class words drop nothing when they would leave nothing",
     B("<body><div class=\"widget blog\"><div>A short post without "
       "paragraphs.</div></div><div class=\"widget\">Archive</div>"
       "<div class=\"comments\">Comment</div><form>Search</form></body>"),
     NULL, "A short post without paragraphs.\nArchive\nSearch\n", DOC_OK,
     NULL, "utf-8"},
    {"link-dense list dropped below the root",
     B("<body><p>Text</p><ul><li><a href=1>One</a></li><li><a href=2>Two"
       "</a></li></ul><ul><li>Plain <a href=3>x</a></li></ul></body>"),
     NULL, "Text\n\nPlain x\n", DOC_OK, NULL, "utf-8"},
    {"a paragraph that is mostly a link is a teaser",
     B("<body><p>" PROSE " <a href=1>A link</a> in it.</p><p>MORE: <a "
       "href=2>Another story with a long headline</a></p><p><span "
       "class=\"newsCaption\">A caption</span>Tail</p></body>"),
     NULL, PROSE " A link in it.\n\nTail\n", DOC_OK, NULL, "utf-8"},
    /* Main content: itemprop=articleBody, <article>, <main>, densest. */
    {"itemprop articleBody first",
     B("<body><div><p>" PROSE "</p><p>" PROSE "</p><p>" PROSE "</p></div>"
       "<article><p>Article " PROSE "</p></article>"
       "<div itemprop=\"articleBody\"><p>Body " PROSE "</p></div></body>"),
     NULL, "Body " PROSE "\n", DOC_OK, NULL, "utf-8"},
    {"article with most text",
     B("<body><div><p>" PROSE "</p><p>" PROSE "</p></div>"
       "<article><p>Small " PROSE "</p></article>"
       "<article><p>Big " PROSE "</p><p>Two.</p></article>"
       "<main><p>Main " PROSE "</p></main></body>"),
     NULL, "Big " PROSE "\n\nTwo.\n", DOC_OK, NULL, "utf-8"},
    {"the article with the page's h1 over the one with most text",
     B("<body><article><h1>Head</h1><p>Own " PROSE "</p></article>"
       "<article><p>Other " PROSE "</p><p>" PROSE "</p></article></body>"),
     NULL, "Head\n\nOwn " PROSE "\n", DOC_OK, NULL, "utf-8"},
    {"teaser article too small, main next",
     B("<body><article><p>Teaser</p></article><div role=\"main\"><p>Main "
       PROSE "</p></div><div><p>" PROSE "</p><p>" PROSE "</p></div></body>"),
     NULL, "Main " PROSE "\n", DOC_OK, NULL, "utf-8"},
    {"densest block",
     B("<body><div class=\"menu\"><a href=1>Home</a> <a href=2>News</a>"
       "</div><div id=\"sidebar\"><p>Short teaser, with a comma, and one "
       "more, here.</p></div><div class=\"story\"><p>" PROSE "</p><p>"
       PROSE "</p></div><div><p>Copyright notice of the site owner, all "
       "rights reserved.</p></div></body>"),
     NULL, PROSE "\n\n" PROSE "\n", DOC_OK, NULL, "utf-8"},
    {"negative blocks inside the root",
     B("<body><article><p>" PROSE "</p><div class=\"post-footer\">Tags: x"
       "</div><div class=\"related\"><p>Read also</p></div><nav>Next</nav>"
       "</article></body>"),
     NULL, PROSE "\n", DOC_OK, NULL, "utf-8"},
    {"a wrapper with a negative class is kept",
     B("<body><div class=\"page has-sidebar\"><p>One.</p><p>Two.</p><p>"
       "Three.</p><p>Four.</p><p>Five.</p></div></body>"),
     NULL, "One.\n\nTwo.\n\nThree.\n\nFour.\n\nFive.\n", DOC_OK, NULL,
     "utf-8"},
    /* Charsets: <meta>, hint, BOM, repair, unknown. */
    {"meta charset iso-8859-1 is windows-1252",
     B("<meta charset=\"ISO-8859-1\"><p>R\xE4ksm\xF6rg\xE5s \x80</p>"), NULL,
     "R\xC3\xA4ksm\xC3\xB6rg\xC3\xA5s \xE2\x82\xAC\n", DOC_OK, NULL,
     "windows-1252"},
    {"meta http-equiv content-type",
     B("<head><meta http-equiv=\"Content-Type\" content=\"text/html; "
       "charset=windows-1251\"></head><p>\xCF\xF0\xE8\xE2\xE5\xF2</p>"),
     NULL, "\xD0\x9F\xD1\x80\xD0\xB8\xD0\xB2\xD0\xB5\xD1\x82\n", DOC_OK,
     NULL, "windows-1251"},
    {"meta charset cut by the 1 KiB window is read to its end",
     B("<head><link href=\"" "0123456789012345678901234567890123456789"
       "0123456789012345678901234567890123456789012345678901234567890123"
       "0123456789012345678901234567890123456789012345678901234567890123"
       "0123456789012345678901234567890123456789012345678901234567890123"
       "0123456789012345678901234567890123456789012345678901234567890123"
       "0123456789012345678901234567890123456789012345678901234567890123"
       "0123456789012345678901234567890123456789012345678901234567890123"
       "0123456789012345678901234567890123456789012345678901234567890123"
       "0123456789012345678901234567890123456789012345678901234567890123"
       "0123456789012345678901234567890123456789012345678901234567890123"
       "0123456789012345678901234567890123456789012345678901234567890123"
       "0123456789012345678901234567890123456789012345678901234567890123"
       "0123456789012345678901234567890123456789012345678901234567890123"
       "0123456789012345678901234567890123456789012345678901234567890123"
       "0123456789012345678901234567890123456789012345678901234567890123"
       "012345678901234567890123456789012345678901234567\">"
       "<meta charset=\"windows-1252\"></head><p>\xE5</p>"),
     NULL, "\xC3\xA5\n", DOC_OK, NULL, "windows-1252"},
    {"meta charset cut by the end of the page is ignored",
     B("<p>x</p><meta charset=\"windows-12"), NULL, "x\n", DOC_OK, NULL,
     "utf-8"},
    {"hint wins over meta",
     B("<meta charset=utf-8><p>\xE5\xE4\xF6</p>"), "Windows-1252",
     "\xC3\xA5\xC3\xA4\xC3\xB6\n", DOC_OK, NULL, "windows-1252"},
    {"BOM wins over hint and meta",
     B("\xEF\xBB\xBF<meta charset=windows-1252><p>\xC3\xA5</p>"),
     "iso-8859-2", "\xC3\xA5\n", DOC_OK, NULL, "utf-8"},
    {"UTF-16LE BOM",
     B("\xFF\xFE<\0p\0>\0h\0\xE9\0<\0/\0p\0>\0"), NULL, "h\xC3\xA9\n",
     DOC_OK, NULL, "utf-16le"},
    {"UTF-16BE BOM",
     B("\xFE\xFF\0<\0p\0>\0h\0\xE9"), NULL, "h\xC3\xA9\n", DOC_OK, NULL,
     "utf-16be"},
    {"shift_jis with a bad byte",
     B("<meta charset=shift_jis><p>\x82\xA0\xA0\x82</p>"), NULL,
     "\xE3\x81\x82\xEF\xBF\xBD\xEF\xBF\xBD\n", DOC_REPAIRED,
     "invalid shift_jis at byte offset 29: 2 bytes replaced by U+FFFD",
     "shift_jis"},
    {"invalid UTF-8 repaired as decode.h does",
     B("<p>R\xE4ksm\xF6rg\xE5s</p>"), NULL,
     "R\xC3\xA4ksm\xC3\xB6rg\xC3\xA5s\n", DOC_REPAIRED,
     "invalid UTF-8 at byte offset 4, decoded as Windows-1252",
     "windows-1252"},
    {"mostly UTF-8 with a stray byte",
     B("<p>\xC3\xA5\xC3\xA4 \xE9</p>"), NULL,
     "\xC3\xA5\xC3\xA4 \xC3\xA9\n", DOC_REPAIRED,
     "invalid UTF-8 at byte offset 8: 1 stray byte decoded as "
     "Windows-1252", "utf-8"},
    {"unknown charset in meta",
     B("<meta charset=\"x-foo\"><p>Hej \xC3\xA5</p>"), NULL,
     "Hej \xC3\xA5\n", DOC_REPAIRED,
     "unknown charset \"x-foo\", read as UTF-8", "utf-8"},
    {"unknown charset hint",
     B("<p>Hej</p>"), "x-bar//TRANSLIT", "Hej\n", DOC_REPAIRED,
     "unreadable charset label, read as UTF-8", "utf-8"},
    {"Latin-1 label on UTF-8 bytes",
     B("<p>\xC3\xA5</p>"), "iso-8859-1", "\xC3\xA5\n", DOC_REPAIRED,
     "charset \"windows-1252\" declared but the bytes are UTF-8, read as "
     "UTF-8", "utf-8"},
    /* Bad input. */
    {"empty", B(""), NULL, "", DOC_EMPTY, "empty page", "utf-8"},
    {"white space only", B(" \r\n\t "), NULL, "", DOC_EMPTY,
     "no article text", "utf-8"},
    {"white space in an unknown charset", B("  \n"), "x-foo", "",
     DOC_EMPTY, "unknown charset \"x-foo\", read as UTF-8; no article text",
     "utf-8"},
    {"markup without text", B("<html><body><div></div></body></html>"),
     NULL, "", DOC_EMPTY, "no article text", "utf-8"},
    {"binary payload", B("<html><body>\x89PNG\r\n\0\0\0IHDR"), NULL, "",
     DOC_SKIPPED, "binary payload (NUL byte at offset 18)", "binary"},
    {"binary after a BOM", B("\xEF\xBB\xBF<p>\0"), NULL, "", DOC_SKIPPED,
     "binary payload (NUL byte at offset 6)", "binary"},
    {"truncated markup",
     B("<html><body><p>Cut <b>off in the mid"), NULL, "Cut off in the mid\n",
     DOC_OK, NULL, "utf-8"},
    {"truncated entity and tag",
     B("<p>a &amp b &#12 c</p><p attr=\"x"), NULL, "a &amp b c\n", DOC_OK,
     NULL, "utf-8"},
};

static void check_case(struct arena *a, const struct page_case *c)
{
    struct html_page p;

    html_page(a, (const unsigned char *)c->in, c->in_len, c->hint, &p);
    if (!p.text) {
        CHECK(p.text != NULL);
        return;
    }
    CHECK_MEMEQ(p.text, p.text_len, c->text, strlen(c->text), c->name);
    CHECK(p.text[p.text_len] == '\0');
    CHECK(p.status == c->status);
    if (p.status != c->status)
        fprintf(stderr, "  %s: status %s\n", c->name,
                doc_status_name(p.status));
    if (c->message)
        CHECK_STREQ(p.message, c->message);
    else
        CHECK(p.message == NULL);
    CHECK_STREQ(p.encoding, c->encoding);
}

/* Headline, title, URL and date. */
static void check_metadata(struct arena *a)
{
    struct html_page p;
    static const char h1_page[] =
        "<html><head><title>Other | Site</title>"
        "<meta property=\"og:title\" content=\"OG title\">"
        "<link rel=\"canonical\" href=\"https://ex.se/a\">"
        "<meta property=\"og:url\" content=\"https://ex.se/og\">"
        "<meta property=\"article:published_time\" "
        "content=\" 2024-05-01T10:00:00Z \">"
        "<script type=\"application/ld+json\">{\"datePublished\": "
        "\"2023-01-01\"}</script></head><body><article><header><h1>The "
        "<em>real</em>\n headline</h1></header><p>" PROSE "</p></article>"
        "</body></html>";

    html_page(a, (const unsigned char *)h1_page, strlen(h1_page), NULL, &p);
    CHECK_STREQ(p.text, "The real headline\n\n" PROSE "\n");
    CHECK(p.body_off == strlen("The real headline\n\n"));
    CHECK_STREQ(p.title, "The real headline");
    CHECK_STREQ(p.url, "https://ex.se/a");
    CHECK_STREQ(p.date, "2024-05-01T10:00:00Z");
    CHECK(p.status == DOC_OK && p.message == NULL);

    /* An h1 directly in the root is not repeated in the body. */
    static const char h1_inside[] =
        "<body><div itemprop=articleBody><h1>Head</h1><p>" PROSE
        "</p></div></body>";
    html_page(a, (const unsigned char *)h1_inside, strlen(h1_inside), NULL,
              &p);
    CHECK_STREQ(p.text, "Head\n\n" PROSE "\n");
    CHECK(p.body_off == 6);

    /* An h1 that holds the story (broken markup) is body, not headline. */
    static const char long_h1[] =
        "<head><title>Short</title></head><body><article><h1>" PROSE " "
        PROSE "</h1></article></body>";
    html_page(a, (const unsigned char *)long_h1, strlen(long_h1), NULL, &p);
    CHECK_STREQ(p.text, "Short\n\n" PROSE " " PROSE "\n");
    CHECK_STREQ(p.title, "Short");

    /* og:title without h1 in the content; og:url; JSON-LD date. */
    static const char og_page[] =
        "<head><title>T - Site</title><meta property=\"og:site_name\" "
        "content=\"Ex News\"><meta property=\"og:title\" content=\"Big "
        "news today | Ex News\"><meta property=\"og:url\" content=\"u\">"
        "<script type=\"application/ld+json\">[{\"@type\":\"X\"},{\"date"
        "Published\" : \"2019-11-20T08:02:00\\/Z\"}]</script></head><body>"
        "<h1>Outside</h1><article><p>" PROSE "</p></article></body>";
    html_page(a, (const unsigned char *)og_page, strlen(og_page), NULL, &p);
    CHECK_STREQ(p.title, "Big news today");
    CHECK_STREQ(p.url, "u");
    CHECK_STREQ(p.date, "2019-11-20T08:02:00/Z");
    CHECK_STREQ(p.text, "Big news today\n\n" PROSE "\n");

    /* <title> with a short site suffix; <time datetime>. */
    static const char title_page[] =
        "<head><title>Council keeps the library open on Sundays \xE2\x80\x93"
        " Ex News</title></head><body><p>Text <time datetime=\"2020-02-02\">"
        "Feb 2</time></p><p><time datetime=\"2021-01-01\">x</time></p>"
        "</body>";
    html_page(a, (const unsigned char *)title_page, strlen(title_page), NULL,
              &p);
    CHECK_STREQ(p.title, "Council keeps the library open on Sundays");
    CHECK_STREQ(p.date, "2020-02-02");
    CHECK(p.url == NULL);

    /* A long suffix after " - " is part of the headline; DC.date meta; a
     * JSON-LD date that is not a string is ignored. */
    static const char keep_page[] =
        "<head><title>Covid - what the new rules mean for you</title>"
        "<meta name=\"DC.date\" content=\"2022-03-03\"><script type="
        "\"application/ld+json\">{\"datePublished\": 2021}</script></head>"
        "<body><p>x</p></body>";
    html_page(a, (const unsigned char *)keep_page, strlen(keep_page), NULL,
              &p);
    CHECK_STREQ(p.title, "Covid - what the new rules mean for you");
    CHECK_STREQ(p.date, "2022-03-03");

    /* No title at all: first h1 of the page; no h1: NULL, body_off 0. */
    static const char h1_only[] = "<body><h1>Only h1</h1><p>x</p></body>";
    html_page(a, (const unsigned char *)h1_only, strlen(h1_only), NULL, &p);
    CHECK_STREQ(p.title, "Only h1");
    CHECK_STREQ(p.text, "Only h1\n\nx\n");
    static const char no_title[] = "<p>x</p>";
    html_page(a, (const unsigned char *)no_title, strlen(no_title), NULL,
              &p);
    CHECK(p.title == NULL && p.body_off == 0 && p.date == NULL);
    CHECK_STREQ(p.text, "x\n");

    /* A headline but no body. */
    static const char only_head[] = "<head><title>Alone</title></head>";
    html_page(a, (const unsigned char *)only_head, strlen(only_head), NULL,
              &p);
    CHECK_STREQ(p.text, "Alone\n");
    CHECK(p.body_off == p.text_len);
    CHECK(p.status == DOC_EMPTY);
    CHECK_STREQ(p.message, "only a headline, no article text");
}

/* <div> nested 100,000 deep: libxml2 stops at 256, the text before the
 * cut is kept. */
static void check_deep(struct arena *a)
{
    const size_t depth = 100000;
    const char head[] = "<html><body><p>Before</p>";
    size_t len = strlen(head) + depth * strlen("<div>x") + 1;
    char *s = malloc(len);
    struct html_page p;

    if (!s) {
        CHECK(s != NULL);
        return;
    }
    strcpy(s, head);
    for (size_t i = 0; i < depth; i++)
        memcpy(s + strlen(head) + i * 6, "<div>x", 6);
    len = strlen(head) + depth * 6;
    html_page(a, (const unsigned char *)s, len, NULL, &p);
    CHECK(p.status == DOC_REPAIRED);
    CHECK_STREQ(p.message,
                "HTML nested deeper than 256 elements, the rest dropped");
    CHECK(p.text_len > 6 && memcmp(p.text, "Before\n\nx\nx\n", 12) == 0);
    CHECK(p.text_len < 2 * 256 + 16);
    free(s);
}

/* A 50 MB class attribute (libxml2 keeps it, the class scan reads 512
 * bytes of it) and an 11 MB text node, built in memory. */
static void check_huge(struct arena *a)
{
    const size_t big = 50u << 20;
    const char head[] = "<html><body><p>Before.</p><p class=\"";
    const char tail[] = "\">After.</p></body></html>";
    char *s = malloc(strlen(head) + big + strlen(tail));
    struct html_page p;
    size_t n = 0;

    if (!s) {
        CHECK(s != NULL);
        return;
    }
    memcpy(s, head, strlen(head));
    n += strlen(head);
    memset(s + n, 'x', big);
    n += big;
    memcpy(s + n, tail, strlen(tail));
    n += strlen(tail);
    html_page(a, (const unsigned char *)s, n, NULL, &p);
    CHECK_STREQ(p.text, "Before.\n\nAfter.\n");
    CHECK(p.status == DOC_OK);
    arena_reset(a);

    /* One text node over libxml2's 10,000,000 bytes: cut there. */
    const size_t text = 11u << 20;
    memcpy(s, "<p>", 3);
    memset(s + 3, 'y', text);
    html_page(a, (const unsigned char *)s, text + 3, NULL, &p);
    CHECK(p.status == DOC_REPAIRED);
    CHECK_STREQ(p.message, "text or attribute over libxml2's size limit, "
                           "the rest dropped");
    CHECK(p.text_len >= 1000000 && p.text_len <= 10000001);
    CHECK(p.text[p.text_len - 1] == '\n' && p.text[0] == 'y');
    free(s);
}

static void check_sniff(void)
{
    static const struct {
        const char *s;
        bool html;
    } sniffs[] = {
        {"<!DOCTYPE html><html>", true},
        {"<!doctype HTML>", true},
        {"\xEF\xBB\xBF  \n<html lang=sv>", true},
        {"<HEAD><title>x", true},
        {"<body>", true},
        {"<meta charset=utf-8>", true},
        {"<!-- a comment --> <!--two-->\n<html>", true},
        {"<html", true},
        {"", false},
        {"hello <html>", false},
        {"<header>x</header>", false},
        {"<htmlx>", false},
        {"<!-- never closed <html>", false},
        {"<?xml version=\"1.0\"?><rss>", false},
        {"<!doctype xml>", false},
        {"{\"html\": 1}", false},
    };

    for (size_t i = 0; i < N(sniffs); i++) {
        bool got = html_sniff((const unsigned char *)sniffs[i].s,
                              strlen(sniffs[i].s));
        CHECK(got == sniffs[i].html);
        if (got != sniffs[i].html)
            fprintf(stderr, "  sniff \"%s\"\n", sniffs[i].s);
    }
    CHECK(!html_sniff(NULL, 0));
    /* Only the first 1 KiB is read. */
    char late[2048];
    memset(late, ' ', sizeof late);
    memcpy(late + 1500, "<html>", 6);
    CHECK(!html_sniff((const unsigned char *)late, sizeof late));
    memcpy(late + 10, "<html>", 6);
    CHECK(html_sniff((const unsigned char *)late, sizeof late));
}

/* Broken markup must not make libxml2 print: stderr goes to a file while
 * html_page() runs, and the file must stay empty. */
static void check_silent(struct arena *a)
{
    static const char broken[] =
        "<html><body><p>a</b></i><table><td>x<tr></p></div>&bogus; &#0; "
        "&#xD800;<p <<>> <!-- unterminated <svg><foo:bar>\x01\x02</";
    FILE *tmp = tmpfile();
    int saved = dup(STDERR_FILENO);
    struct html_page p;

    if (!tmp || saved < 0) {
        CHECK(tmp != NULL && saved >= 0);
        return;
    }
    fflush(stderr);
    dup2(fileno(tmp), STDERR_FILENO);
    html_page(a, (const unsigned char *)broken, strlen(broken), NULL, &p);
    html_page(a, (const unsigned char *)broken, strlen(broken), "x-foo", &p);
    fflush(stderr);
    dup2(saved, STDERR_FILENO);
    close(saved);
    CHECK(ftell(tmp) == 0);
    CHECK(p.text != NULL && p.text_len > 0);
    fclose(tmp);
}

/* Several threads at once, each with its own arena, get what one gets. */
struct job {
    const char *want;
    bool same;
};

static const char thread_page[] =
    "<meta charset=iso-8859-1><body><nav>x</nav><article><h1>H</h1><p>"
    PROSE "</p><p>\xE5</p></article></body>";

static void *run_job(void *arg)
{
    struct job *j = arg;
    struct arena a = {0};
    struct html_page p;

    j->same = true;
    for (int i = 0; i < 200; i++) {
        html_page(&a, (const unsigned char *)thread_page,
                  strlen(thread_page), NULL, &p);
        j->same = j->same && strcmp(p.text, j->want) == 0;
        arena_reset(&a);
    }
    arena_fini(&a);
    return NULL;
}

static void check_threads(void)
{
    pthread_t t[4];
    struct job jobs[4];
    const char *want = "H\n\n" PROSE "\n\n\xC3\xA5\n";

    for (size_t i = 0; i < N(t); i++) {
        jobs[i].want = want;
        CHECK(pthread_create(&t[i], NULL, run_job, &jobs[i]) == 0);
    }
    for (size_t i = 0; i < N(t); i++) {
        pthread_join(t[i], NULL);
        CHECK(jobs[i].same);
    }
}

/* A block of links under a metadata label the rules read is kept, even
 * with a "tags" class; without the labels it is boilerplate. */
static void check_labels(struct arena *a)
{
    static const char page[] =
        "<body><article><h1>Rubrik</h1><p>" PROSE "</p>"
        "<div class=\"field-tags\"><div>Tema</div><div><a href=\"/t/1\">"
        "Milj\xC3\xB6</a><a href=\"/t/2\">H\xC3\xA4lsa</a></div></div>"
        "<p>Etiketter: <a href=\"/e\">Skola</a></p>"
        "<ul class=\"menu\"><li><a href=\"/\">Start</a></li>"
        "<li><a href=\"/n\">Nyheter</a></li></ul></article></body>";
    static const char *const labels[] = {"Tema", "Etiketter"};
    struct html_page p;

    html_page_labels(a, (const unsigned char *)page, strlen(page), NULL,
                     labels, 2, &p);
    CHECK_STREQ(p.text, "Rubrik\n\n" PROSE "\n\nTema\nMilj\xC3\xB6H\xC3\xA4lsa"
                        "\n\nEtiketter: Skola\n");
    html_page(a, (const unsigned char *)page, strlen(page), NULL, &p);
    CHECK_STREQ(p.text, "Rubrik\n\n" PROSE "\n\nEtiketter: Skola\n");
}

int main(void)
{
    struct arena a = {0};

    html_global_init();
    for (size_t i = 0; i < N(cases); i++) {
        check_case(&a, &cases[i]);
        arena_reset(&a);
    }
    check_metadata(&a);
    arena_reset(&a);
    check_deep(&a);
    arena_reset(&a);
    check_huge(&a);
    arena_reset(&a);
    check_labels(&a);
    arena_reset(&a);
    check_sniff();
    check_silent(&a);
    check_threads();
    arena_fini(&a);
    html_global_cleanup();
    return check_done("html");
}
