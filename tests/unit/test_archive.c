/*
 * test_archive.c - unit tests for archive.c: format by name; JSONL ids,
 * url/date, blank and CRLF lines, malformed lines, escapes, NULs, .gz,
 * too-large lines and lines on both sides of the fast path; CSV quoting,
 * short rows, a header without the text column, strict quoting errors, BOM,
 * .csv.gz and too-large rows; read errors (truncated .gz, folders, missing
 * files) and standard input; .warc names (test_warc.c reads WARC).
 */
/* SPDX-License-Identifier: MIT */
#include "archive.h"

#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <zlib.h>

#include "check.h"
#include "decode.h"
#include "xalloc.h"

static char root[64];

/* root + "/" + name in a static buffer (one at a time is enough). */
static const char *at(const char *name)
{
    static char path[128];
    snprintf(path, sizeof path, "%s/%s", root, name);
    return path;
}

static void write_file(const char *name, const char *s, size_t n)
{
    FILE *f = fopen(at(name), "wb");
    CHECK(f != NULL);
    if (!f)
        return;
    CHECK(fwrite(s, 1, n, f) == n);
    fclose(f);
}

static void write_str(const char *name, const char *s)
{
    write_file(name, s, strlen(s));
}

static void write_gz(const char *name, const char *s, size_t n)
{
    gzFile gz = gzopen(at(name), "wb");
    CHECK(gz != NULL);
    if (!gz)
        return;
    CHECK(gzwrite(gz, s, (unsigned)n) == (int)n);
    gzclose(gz);
}

/* A growing string for the dump. */
struct out {
    char *s;
    size_t len, cap;
};

static void add(struct out *o, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

static void add(struct out *o, const char *fmt, ...)
{
    va_list ap;
    char tmp[512];

    va_start(ap, fmt);
    int n = vsnprintf(tmp, sizeof tmp, fmt, ap);
    va_end(ap);
    if (n < 0)
        return;
    if (o->len + (size_t)n + 1 > o->cap) {
        o->cap = (o->len + (size_t)n + 1) * 2;
        o->s = xrealloc(o->s, o->cap);
    }
    memcpy(o->s + o->len, tmp, (size_t)n + 1);
    o->len += (size_t)n;
}

/* Text with LF, CR and NUL spelled \n, \r, \0; long text shortened to its
 * length. */
static void add_text(struct out *o, const char *s, size_t n)
{
    if (n > 60) {
        add(o, "<%zu bytes>", n);
        return;
    }
    for (size_t i = 0; i < n; i++) {
        if (s[i] == '\n')
            add(o, "\\n");
        else if (s[i] == '\r')
            add(o, "\\r");
        else if (s[i] == '\0')
            add(o, "\\0");
        else
            add(o, "%c", s[i]);
    }
}

/* Read a whole archive into one line per record:
 *   LINE id=ID [url=U] [date=D] text=TEXT
 *   LINE:COL error: MESSAGE [(too large)]
 *   read error at LINE: MESSAGE
 * Caller frees. */
static char *dump(const char *path, enum archive_format f,
                  const struct archive_opts *o, size_t max)
{
    struct out out = { xstrdup(""), 0, 1 };
    struct archive_rec rec;
    int rc;

    struct archive *ar = archive_open(path, f, o, max);
    if (!ar) {
        add(&out, "open: %s\n", strerror(errno));
        return out.s;
    }
    while ((rc = archive_next(ar, &rec)) == 1) {
        if (rec.error) {
            CHECK(rec.text == NULL && rec.id == NULL);
            add(&out, "%lu:%lu error: %s%s\n", rec.line, rec.col, rec.error,
                rec.too_large ? " (too large)" : "");
            continue;
        }
        CHECK(rec.text != NULL && rec.text[rec.text_len] == '\0');
        /* JSON text is valid UTF-8, and says so: decode trusts it. */
        CHECK(rec.text_utf8 == (f == ARCH_JSONL));
        CHECK(!rec.text_utf8 ||
              decode_valid_utf8((const unsigned char *)rec.text,
                                rec.text_len, NULL));
        add(&out, "%lu id=%s", rec.line, rec.id ? rec.id : "(none)");
        if (rec.url)
            add(&out, " url=%s", rec.url);
        if (rec.date)
            add(&out, " date=%s", rec.date);
        add(&out, " text=");
        add_text(&out, rec.text, rec.text_len);
        add(&out, "\n");
    }
    if (rc < 0)
        add(&out, "read error at %lu: %s\n", rec.line, rec.error);
    CHECK(archive_next(ar, &rec) == 0 || rc < 0);
    archive_close(ar);
    return out.s;
}

static void check_dump(const char *name, enum archive_format f,
                       const struct archive_opts *o, size_t max,
                       const char *want)
{
    char *got = dump(at(name), f, o, max);
    if (strcmp(got, want) != 0)
        fprintf(stderr, "%s: got:\n%s-- want:\n%s--\n", name, got, want);
    CHECK_STREQ(got, want);
    free(got);
}

static void test_format_of(void)
{
    const struct archive_opts csv = { .format = ARCH_CSV };

    CHECK(archive_format_of("a.jsonl", NULL) == ARCH_JSONL);
    CHECK(archive_format_of("dir/a.JSONL.gz", NULL) == ARCH_JSONL);
    CHECK(archive_format_of("a.ndjson", NULL) == ARCH_JSONL);
    CHECK(archive_format_of("a.ndjson.gz", NULL) == ARCH_JSONL);
    CHECK(archive_format_of("a.csv", NULL) == ARCH_CSV);
    CHECK(archive_format_of("a.Csv.GZ", NULL) == ARCH_CSV);
    CHECK(archive_format_of("a.txt", NULL) == ARCH_NONE);
    CHECK(archive_format_of("a.gz", NULL) == ARCH_NONE);
    CHECK(archive_format_of("a.json", NULL) == ARCH_NONE);
    CHECK(archive_format_of("a.jsonl.txt", NULL) == ARCH_NONE);
    CHECK(archive_format_of("jsonl", NULL) == ARCH_NONE);
    CHECK(archive_format_of(".csv", NULL) == ARCH_CSV);
    CHECK(archive_format_of("-", NULL) == ARCH_NONE);
    CHECK(archive_format_of("-", &csv) == ARCH_CSV);
    CHECK(archive_format_of("a.jsonl", &csv) == ARCH_CSV);
    CHECK(archive_format_of("a.warc", NULL) == ARCH_WARC);
    CHECK(archive_format_of("crawl/a.WARC.gz", NULL) == ARCH_WARC);
    CHECK(archive_format_of("a.warc.csv", NULL) == ARCH_CSV);
    CHECK(archive_format_of("a.arc.gz", NULL) == ARCH_NONE);
    CHECK(archive_format_of("a.warc", &csv) == ARCH_CSV);
}

static const char jsonl[] =
    "{\"id\":\"a-1\",\"text\":\"Hello\",\"url\":\"https://x.se/1\","
    "\"date\":\"2024-05-01\"}\n"
    "{\"id\":42,\"text\":\"integer id\"}\n"
    "\n"
    "{\"text\":\"no id\",\"url\":null,\"date\":7}\r\n"
    "  \t \r\n"
    "{\"id\":\"b\",\"text\":\"broken\"\n"
    "{\"id\":\"c\",\"body\":\"no text\"}\n"
    "{\"id\":-7,\"text\":\"escaped \\u00e5 literal \xc3\xa5 \\\"q\\\"\"}\n"
    "{\"id\":\"\",\"text\":\"nul\\u0000byte\\nline\"}\n"
    "[\"not\",\"an object\"]\n"
    "{\"id\":1.5,\"text\":\"real id\"}\n"
    "{\"id\":\"d\",\"text\":17}\n"
    "{\"id\":\"e\",\"text\":\"bad \xff byte\"}\n"
    "{\"id\":\"f\",\"text\":\"last, no LF\"}";

static const char jsonl_want[] =
    "1 id=a-1 url=https://x.se/1 date=2024-05-01 text=Hello\n"
    "2 id=42 text=integer id\n"
    "4 id=(none) text=no id\n"
    "6:25 error: invalid JSON: '}' expected near end of file\n"
    "7:0 error: no \"text\" field\n"
    "8 id=-7 text=escaped \xc3\xa5 literal \xc3\xa5 \"q\"\n"
    "9 id=(none) text=nul\\0byte\\nline\n"
    "10:0 error: not a JSON object\n"
    "11:0 error: \"id\" is not a string or an integer\n"
    "12:0 error: \"text\" is not a string\n"
    "13:22 error: invalid JSON: unable to decode byte 0xff near '\"bad '\n"
    "14 id=f text=last, no LF\n";

static void test_jsonl(void)
{
    write_file("a.jsonl", jsonl, sizeof jsonl - 1);
    check_dump("a.jsonl", ARCH_JSONL, NULL, 1 << 20, jsonl_want);

    /* Same bytes gzip-compressed, and a UTF-8 BOM in front of them. */
    write_gz("a.jsonl.gz", jsonl, sizeof jsonl - 1);
    check_dump("a.jsonl.gz", ARCH_JSONL, NULL, 1 << 20, jsonl_want);
    write_gz("bom.jsonl", "\xef\xbb\xbf{\"text\":\"bom\"}\n", 18);
    check_dump("bom.jsonl", ARCH_JSONL, NULL, 100,
               "1 id=(none) text=bom\n");

    /* Other field names. */
    const struct archive_opts o = {
        .id_field = "doc", .text_field = "body", .url_field = "link",
        .date_field = "published",
    };
    write_str("names.jsonl",
              "{\"doc\":\"n1\",\"body\":\"B\",\"link\":\"L\","
              "\"published\":\"P\",\"id\":\"no\",\"text\":\"no\"}\n"
              "{\"id\":\"n2\",\"text\":\"T\"}\n");
    check_dump("names.jsonl", ARCH_JSONL, &o, 100,
               "1 id=n1 url=L date=P text=B\n"
               "2:0 error: no \"body\" field\n");

    write_str("empty.jsonl", "");
    check_dump("empty.jsonl", ARCH_JSONL, NULL, 100, "");
    write_str("blank.jsonl", "\n\r\n\n");
    check_dump("blank.jsonl", ARCH_JSONL, NULL, 100, "");
}

/* Each line either passes scan_object() or falls back to jansson; both
 * must give the same records, and jansson words every error. */
static const char edge[] =
    "{\"id\":\"s\",\"text\":\"pair \\ud83d\\ude00 max \xf4\x8f\xbf\xbf\"}\n"
    "{\"id\":\"lone\",\"text\":\"\\ud800 x\"}\n"
    "{\"id\":\"esc\",\"text\":\"\\x\"}\n"
    "{\"id\":\"ctl\",\"text\":\"tab\there\"}\n"
    "{\"id\":\"overlong\",\"text\":\"\xc0\xaf\"}\n"
    "{\"id\":\"surrogate\",\"text\":\"\xed\xa0\x80\"}\n"
    "{\"id\":\"high\",\"text\":\"\xf4\x90\x80\x80\"}\n"
    "{\"id\":0123,\"text\":\"t\"}\n"
    "{\"id\":123456789012345678901,\"text\":\"t\"}\n"
    "{\"id\":1234567890123456789,\"text\":\"19 digits\"}\n"
    "{\"id\":-0,\"text\":\"minus zero\"}\n"
    "{\"id\":1e2,\"text\":\"t\"}\n"
    "{\"id\":2.50,\"text\":\"t\"}\n"
    "{\"meta\":{\"a\":[1,{\"text\":\"inner\"}]},\"text\":\"outer\"}\n"
    "{\"\\u0069d\":\"k\",\"t\\u0065xt\":\"escaped keys\"}\n"
    "{\"text\":\"first\",\"id\":\"dup\",\"text\":\"last\"}\n"
    "{\"text\":\"a\"} x\n"
    "{\"text\":\"a\",}\n"
    "{\"text\":\"a\",\"ok\":truex}\n"
    "{\"text\":\"lits\",\"a\":true,\"b\":false,\"c\":null,\"id\":null}\n"
    "{}\n"
    " { \"text\" : \"spaced\" , \"id\" : 9 } \t\n"
    "{\"text\":\"\\\"\\\\\\/\\b\\f\\n\\r\\t\\u00E5\"}\n"
    "{\"id\":\"no\\u0000nul\",\"text\":\"t\"}\n"
    "{\"text\":\"t\",\"url\":\"u\\u0000v\",\"date\":[1]}\n"
    /* Bytes the eight-byte scan must find at each place in its word. */
    "{\"id\":\"cont\",\"text\":\"abcdefgh\x80ij\"}\n"
    "{\"id\":\"c2\",\"text\":\"abcdefg\xc2" "A\"}\n"
    "{\"id\":\"cut\",\"text\":\"abcdef\xc3\"}\n"
    "{\"id\":\"ok2\",\"text\":\"a\xc3\xa5" "bcdefghij\xc3\xb6\xc3\xa4k\\nl\"}\n";

static const char edge_want[] =
    "1 id=s text=pair \xf0\x9f\x98\x80 max \xf4\x8f\xbf\xbf\n"
    "2:30 error: invalid JSON: invalid Unicode '\\uD800' near '\"\\ud800 x\"'\n"
    "3:22 error: invalid JSON: invalid escape near '\"\\x'\n"
    "4:23 error: invalid JSON: control character 0x9 near '\"tab'\n"
    "5:25 error: invalid JSON: unable to decode byte 0xc0 near '\"'\n"
    "6:26 error: invalid JSON: unable to decode byte 0xed near '\"'\n"
    "7:21 error: invalid JSON: unable to decode byte 0xf4 near '\"'\n"
    "8:7 error: invalid JSON: invalid token near '0'\n"
    "9:27 error: invalid JSON: too big integer\n"
    "10 id=1234567890123456789 text=19 digits\n"
    "11 id=0 text=minus zero\n"
    "12:0 error: \"id\" is not a string or an integer\n"
    "13:0 error: \"id\" is not a string or an integer\n"
    "14 id=(none) text=outer\n"
    "15 id=k text=escaped keys\n"
    "16 id=dup text=last\n"
    "17:14 error: invalid JSON: end of file expected near 'x'\n"
    "18:13 error: invalid JSON: string or '}' expected near '}'\n"
    "19:22 error: invalid JSON: invalid token near 'truex'\n"
    "20 id=(none) text=lits\n"
    "21:0 error: no \"text\" field\n"
    "22 id=9 text=spaced\n"
    "23 id=(none) text=\"\\/\b\f\\n\\r\t\xc3\xa5\n"
    "24:0 error: \"id\" holds a NUL byte\n"
    "25 id=(none) text=t\n"
    "26:29 error: invalid JSON: unable to decode byte 0x80 near '\"abcdefgh'\n"
    "27:26 error: invalid JSON: unable to decode byte 0xc2 near '\"abcdefg'\n"
    "28:26 error: invalid JSON: unable to decode byte 0xc3 near '\"abcdef'\n"
    "29 id=ok2 text=a\xc3\xa5" "bcdefghij\xc3\xb6\xc3\xa4k\\nl\n";

static void test_jsonl_edges(void)
{
    write_file("edge.jsonl", edge, sizeof edge - 1);
    check_dump("edge.jsonl", ARCH_JSONL, NULL, 1 << 20, edge_want);
}

/* Lines longer than max_record are errors; reading goes on after them,
 * also when the line is longer than the read buffer. */
static void test_jsonl_too_large(void)
{
    size_t big = 700 * 1024;
    char *s = xmalloc(big + 200);
    size_t n = 0;

    n += (size_t)sprintf(s + n, "{\"text\":\"0123456789\"}\n");
    n += (size_t)sprintf(s + n, "{\"text\":\"%s\"}\n",
                         "01234567890123456789");
    n += (size_t)sprintf(s + n, "{\"text\":\"ok\"}\r\n");
    n += (size_t)sprintf(s + n, "{\"text\":\"");
    memset(s + n, 'x', big);
    n += big;
    n += (size_t)sprintf(s + n, "\"}\n{\"id\":5,\"text\":\"end\"}");
    write_file("long.jsonl", s, n);

    /* 21 bytes fit, 31 do not. */
    check_dump("long.jsonl", ARCH_JSONL, NULL, 21,
               "1 id=(none) text=0123456789\n"
               "2:0 error: record larger than --max-doc-size (21 bytes) "
               "(too large)\n"
               "3 id=(none) text=ok\n"
               "4:0 error: record larger than --max-doc-size (21 bytes) "
               "(too large)\n"
               "5 id=5 text=end\n");
    /* The long line fits in a grown buffer. */
    check_dump("long.jsonl", ARCH_JSONL, NULL, 1 << 20,
               "1 id=(none) text=0123456789\n"
               "2 id=(none) text=01234567890123456789\n"
               "3 id=(none) text=ok\n"
               "4 id=(none) text=<716800 bytes>\n"
               "5 id=5 text=end\n");
    /* A limit between the buffer size and the long line. */
    check_dump("long.jsonl", ARCH_JSONL, NULL, 300 * 1024,
               "1 id=(none) text=0123456789\n"
               "2 id=(none) text=01234567890123456789\n"
               "3 id=(none) text=ok\n"
               "4:0 error: record larger than --max-doc-size (307200 bytes) "
               "(too large)\n"
               "5 id=5 text=end\n");
    /* Too large at the very end, without a final LF. */
    write_str("tail.jsonl", "{\"text\":\"a\"}\n{\"text\":\"0123456789\"}");
    check_dump("tail.jsonl", ARCH_JSONL, NULL, 15,
               "1 id=(none) text=a\n"
               "2:0 error: record larger than --max-doc-size (15 bytes) "
               "(too large)\n");
    free(s);
}

static const char csv[] =
    "id,text,extra\n"
    "1,\"Hello, \"\"world\"\"\nsecond line\",x\n"
    "2,short\n"
    "3, spaces kept ,y\r\n"
    "\n"
    "4,\"\",z\n"
    ",no id,z\n"
    "5,ab\"c,z\n"
    "6,\"ab\"c,z\n"
    "7,too,many,fields\n"
    "8,\"multi\r\nline\",\"quoted \"\"extra\"\"\"\n"
    "9,last,without LF";

static const char csv_want[] =
    "2 id=1 text=Hello, \"world\"\\nsecond line\n"
    "4:0 error: row has 2 fields, the header has 3\n"
    "5 id=3 text= spaces kept \n"
    "7 id=4 text=\n"
    "8 id=(none) text=no id\n"
    "9:5 error: quote inside an unquoted field\n"
    "10:7 error: text after a closing quote\n"
    "11:0 error: row has 4 fields, the header has 3\n"
    "12 id=8 text=multi\\r\\nline\n"
    "14 id=9 text=last\n";

static void test_csv(void)
{
    write_file("a.csv", csv, sizeof csv - 1);
    check_dump("a.csv", ARCH_CSV, NULL, 1 << 20, csv_want);
    write_gz("a.csv.gz", csv, sizeof csv - 1);
    check_dump("a.csv.gz", ARCH_CSV, NULL, 1 << 20, csv_want);

    /* Columns in another order, chosen by name; BOM before the header. */
    const struct archive_opts o = { .id_column = "nr", .text_column = "body" };
    write_str("names.csv", "\xef\xbb\xbf" "body,x,nr\r\n"
              "\"B1\",,n1\r\n"
              "B2,,\r\n");
    check_dump("names.csv", ARCH_CSV, &o, 100,
               "2 id=n1 text=B1\n"
               "3 id=(none) text=B2\n");

    /* No id column: no ids.  No text column: one error, nothing else. */
    write_str("noid.csv", "text\nT1\n\"T2\"\n");
    check_dump("noid.csv", ARCH_CSV, NULL, 100,
               "2 id=(none) text=T1\n"
               "3 id=(none) text=T2\n");
    write_str("notext.csv", "id,body\n1,x\n2,y\n");
    check_dump("notext.csv", ARCH_CSV, NULL, 100,
               "1:0 error: no \"text\" column in the header\n");
    /* A quoting error in the header ends the archive. */
    write_str("badhead.csv", "id,\"text\"x\n1,x\n");
    check_dump("badhead.csv", ARCH_CSV, NULL, 100,
               "1:10 error: text after a closing quote\n");

    /* A quote left open at the end. */
    write_str("open.csv", "id,text\n1,a\n2,\"open\nquote\n");
    check_dump("open.csv", ARCH_CSV, NULL, 100,
               "2 id=1 text=a\n"
               "3:0 error: quoted field not closed at the end of the "
               "archive\n");

    /* A NUL in the text passes; in the id it is an error. */
    write_file("nul.csv", "id,text\n1,a\0b\na\0,c\n", 19);
    check_dump("nul.csv", ARCH_CSV, NULL, 100,
               "2 id=1 text=a\\0b\n"
               "3:0 error: \"id\" holds a NUL byte\n");

    write_str("empty.csv", "");
    check_dump("empty.csv", ARCH_CSV, NULL, 100, "");
    write_str("header.csv", "id,text\n");
    check_dump("header.csv", ARCH_CSV, NULL, 100, "");
}

/* A too-large row is skipped to its real end, even when quoted line ends
 * follow the point where the limit was crossed. */
static void test_csv_too_large(void)
{
    write_str("long.csv",
              "id,text\n"
              "1,\"0123456789\"\n"
              "2,\"big\nquoted, \"\"q\"\"\nid,text\n3,not a row\"\n"
              "4,after\n"
              "5,0123456789abc\n"
              "6,\"0123\n4567\"\r\n"
              "7,0123456789ab\n");
    check_dump("long.csv", ARCH_CSV, NULL, 14,
               "2 id=1 text=0123456789\n"
               "3:0 error: record larger than --max-doc-size (14 bytes) "
               "(too large)\n"
               "7 id=4 text=after\n"
               "8:0 error: record larger than --max-doc-size (14 bytes) "
               "(too large)\n"
               "9 id=6 text=0123\\n4567\n"
               "11 id=7 text=0123456789ab\n");
    /* The header itself too large: nothing else. */
    check_dump("long.csv", ARCH_CSV, NULL, 5,
               "1:0 error: record larger than --max-doc-size (5 bytes) "
               "(too large)\n");
}

static void test_errors(void)
{
    /* A truncated .gz: the records before the cut, then a read error. */
    char s[4000];
    size_t n = 0;
    for (int i = 0; i < 100; i++)
        n += (size_t)sprintf(s + n, "{\"id\":%d,\"text\":\"t%d\"}\n", i, i);
    write_gz("full.jsonl.gz", s, n);
    FILE *f = fopen(at("full.jsonl.gz"), "rb");
    char gz[4000];
    size_t gz_len = f ? fread(gz, 1, sizeof gz, f) : 0;
    if (f)
        fclose(f);
    CHECK(gz_len > 100 && gz_len < sizeof gz);
    write_file("cut.jsonl.gz", gz, gz_len - 4);     /* into the trailer */
    char *got = dump(at("cut.jsonl.gz"), ARCH_JSONL, NULL, 100);
    const char *tail = strstr(got, "100 id=99 text=t99\n");
    CHECK(tail != NULL);
    CHECK_STREQ(tail, "100 id=99 text=t99\n"
                "read error at 101: unexpected end of file\n");
    free(got);
    /* Cut inside the data: the cut record is dropped, not an error. */
    write_file("cut.jsonl.gz", gz, gz_len / 2);
    got = dump(at("cut.jsonl.gz"), ARCH_JSONL, NULL, 100);
    tail = strstr(got, "read error at ");
    CHECK(tail != NULL && strchr(tail, '\n') == got + strlen(got) - 1);
    CHECK(strstr(got, "error: ") == NULL);
    CHECK(strstr(got, ": unexpected end of file\n") != NULL);
    free(got);

    got = dump(root, ARCH_JSONL, NULL, 100);
    CHECK_STREQ(got, "open: Is a directory\n");
    free(got);
    got = dump(at("missing.csv"), ARCH_CSV, NULL, 100);
    CHECK_STREQ(got, "open: No such file or directory\n");
    free(got);
    got = dump(at("a.jsonl"), ARCH_NONE, NULL, 100);
    CHECK_STREQ(got, "open: Invalid argument\n");
    free(got);
}

/* "-" reads standard input (gzip recognised there too) and leaves it
 * open. */
static void test_stdin(void)
{
    int saved = dup(STDIN_FILENO);
    int fd = open(at("a.csv.gz"), O_RDONLY);

    CHECK(saved >= 0 && fd >= 0);
    dup2(fd, STDIN_FILENO);
    close(fd);
    char *got = dump("-", ARCH_CSV, NULL, 1 << 20);
    CHECK_STREQ(got, csv_want);
    free(got);
    CHECK(fcntl(STDIN_FILENO, F_GETFD) != -1);
    dup2(saved, STDIN_FILENO);
    close(saved);
}

static void cleanup(void)
{
    static const char *const names[] = {
        "a.jsonl", "a.jsonl.gz", "bom.jsonl", "names.jsonl", "empty.jsonl",
        "blank.jsonl", "edge.jsonl", "long.jsonl", "tail.jsonl", "a.csv",
        "a.csv.gz", "names.csv", "noid.csv", "notext.csv", "badhead.csv",
        "open.csv", "nul.csv", "empty.csv", "header.csv", "long.csv",
        "full.jsonl.gz", "cut.jsonl.gz",
    };
    for (size_t i = 0; i < sizeof names / sizeof *names; i++)
        unlink(at(names[i]));
    CHECK(rmdir(root) == 0);
}

int main(void)
{
    snprintf(root, sizeof root, "/tmp/test_archive.XXXXXX");
    if (!mkdtemp(root)) {
        perror("mkdtemp");
        return 1;
    }
    test_format_of();
    test_jsonl();
    test_jsonl_edges();
    test_jsonl_too_large();
    test_csv();
    test_csv_too_large();
    test_errors();
    test_stdin();
    archive_close(NULL);
    cleanup();
    return check_done("archive");
}
