/*
 * fuzz_html.c - HTML reader fuzzer (html.h).
 *
 * Input: the bytes of one page.  If it starts with 0x7F, the next byte
 * picks a charset hint (as a WARC header would give) and the page is the
 * rest.  Checked, whatever the bytes:
 *   - text is never NULL, NUL-terminated, without NUL, valid UTF-8;
 *     empty or ending in exactly one '\n'; no "\n\n\n"; no line starts or
 *     ends with a space;
 *   - body_off <= text_len; a title is the first line, followed by a blank
 *     line and the body (or by the end: a headline alone); no title, no
 *     body_off;
 *   - status in range; a message iff the status is not DOC_OK; a skipped
 *     page has no text; encoding set; url and date valid UTF-8 if set;
 *   - html_sniff() survives the same bytes.
 */
/* SPDX-License-Identifier: MIT */
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "arena.h"
#include "decode.h"
#include "html.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define REQUIRE(cond)                                                      \
    do {                                                                   \
        if (!(cond)) {                                                     \
            fprintf(stderr, "%s:%d: REQUIRE failed: %s\n", __FILE__,       \
                    __LINE__, #cond);                                      \
            abort();                                                       \
        }                                                                  \
    } while (0)

static bool valid_utf8(const char *s)
{
    return decode_valid_utf8((const unsigned char *)s, strlen(s), NULL);
}

static void check_text(const struct html_page *p)
{
    const char *t = p->text;
    size_t n = p->text_len;

    REQUIRE(t != NULL);
    REQUIRE(t[n] == '\0' && strlen(t) == n);
    REQUIRE(decode_valid_utf8((const unsigned char *)t, n, NULL));
    REQUIRE(strstr(t, "\n\n\n") == NULL);
    REQUIRE(n == 0 || (t[n - 1] == '\n' && (n == 1 || t[n - 2] != '\n')));
    REQUIRE(n == 0 || t[0] != '\n');
    for (size_t i = 0; i < n; i++) {
        if (t[i] != ' ')
            continue;
        REQUIRE(i > 0 && t[i - 1] != '\n');
        REQUIRE(t[i + 1] != '\n' && t[i + 1] != '\0');
    }
}

static void check_fields(const struct html_page *p)
{
    REQUIRE(p->body_off <= p->text_len);
    REQUIRE(p->status <= DOC_ERROR);
    REQUIRE((p->status == DOC_OK) == (p->message == NULL));
    REQUIRE(p->message == NULL || strchr(p->message, '\n') == NULL);
    REQUIRE(p->encoding != NULL);
    if (p->status == DOC_SKIPPED || p->status == DOC_ERROR)
        REQUIRE(p->text_len == 0);
    REQUIRE(p->url == NULL || valid_utf8(p->url));
    REQUIRE(p->date == NULL || valid_utf8(p->date));
    if (!p->title) {
        REQUIRE(p->body_off == 0);
        return;
    }
    size_t h = strlen(p->title);
    REQUIRE(h > 0 && strchr(p->title, '\n') == NULL);
    REQUIRE(memcmp(p->text, p->title, h) == 0 && p->text[h] == '\n');
    REQUIRE(p->body_off == p->text_len ? p->text_len == h + 1
                                       : p->body_off == h + 2 &&
                                             p->text[h + 1] == '\n');
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static const char *const hints[] = {
        NULL, "utf-8", "windows-1252", "iso-8859-1", "shift_jis",
        "utf-16le", "utf-16", "x-unknown", "koi8-r", "gb2312", "",
        "iso-2022-jp", "utf-32",
    };
    static bool ready;
    const char *hint = NULL;
    struct arena a = {0};
    struct html_page p;

    if (!ready) {
        html_global_init();     /* once per process, as main does */
        ready = true;
    }
    if (size >= 2 && data[0] == 0x7F) {
        hint = hints[data[1] % (sizeof hints / sizeof hints[0])];
        data += 2;
        size -= 2;
    }
    (void)html_sniff(data, size);
    html_page(&a, data, size, hint, &p);
    check_text(&p);
    check_fields(&p);
    arena_fini(&a);
    return 0;
}
