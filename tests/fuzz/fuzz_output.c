/*
 * fuzz_output.c - round-trip fuzzer for output.c.
 *
 * Input: byte 0 holds flags (bit 0 formula guard, bit 1 BOM); the rest is
 * split into cells at 0x1F and at NUL (cells are C strings).  The cells
 * are written as header and as one data row, as CSV and as TSV, to a
 * memory stream, then read back (CSV with libcsv's strict parser, TSV by
 * unescaping) and must come back byte for byte, plus "'" where guarded.
 * The CSV must also have the exact length that quoting only the cells
 * output.h says need it gives, so over-quoting is caught too.  Tables are
 * always UTF-8: a byte that starts no valid UTF-8 sequence comes back as
 * the four bytes \xNN (lower-case hex), in header and row alike, and the
 * guard looks at the cell so escaped.
 */
/* SPDX-License-Identifier: MIT */
#include <csv.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "decode.h"
#include "output.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define MAX_CELLS 64

#define REQUIRE(cond)                                                      \
    do {                                                                   \
        if (!(cond)) {                                                     \
            fprintf(stderr, "%s:%d: REQUIRE failed: %s\n", __FILE__,       \
                    __LINE__, #cond);                                      \
            abort();                                                       \
        }                                                                  \
    } while (0)

struct cells {
    char *v[MAX_CELLS];
    size_t len[MAX_CELLS];
    size_t n;
};

/* What was read back: rows of fields, each a fresh heap copy. */
struct table {
    struct cells rows[2];
    size_t n_rows;
    bool too_many;
};

static void cells_add(struct cells *c, const char *s, size_t len)
{
    char *copy = malloc(len + 1);

    REQUIRE(copy != NULL);
    if (len)
        memcpy(copy, s, len);
    copy[len] = '\0';
    if (c->n == MAX_CELLS) {
        free(copy);
        return;
    }
    c->v[c->n] = copy;
    c->len[c->n] = len;
    c->n++;
}

static void cells_free(struct cells *c)
{
    for (size_t i = 0; i < c->n; i++)
        free(c->v[i]);
    c->n = 0;
}

/* Bytes of the valid UTF-8 sequence at s[0..len), or 0 if none starts
 * there: the shortest prefix decode_valid_utf8() accepts. */
static size_t valid_seq(const unsigned char *s, size_t len)
{
    for (size_t n = 1; n <= 4 && n <= len; n++)
        if (decode_valid_utf8(s, n, NULL))
            return n;
    return 0;
}

/* The cells as output.c writes them before any guard: each byte that
 * starts no valid sequence becomes "\xNN". */
static void escape_cells(const struct cells *in, struct cells *out)
{
    static const char hex[] = "0123456789abcdef";

    for (size_t i = 0; i < in->n; i++) {
        const unsigned char *u = (const unsigned char *)in->v[i];
        size_t len = in->len[i];
        char *tmp = malloc(4 * len + 1);
        size_t w = 0;

        REQUIRE(tmp != NULL);
        for (size_t j = 0; j < len;) {
            size_t n = valid_seq(u + j, len - j);

            if (n) {
                memcpy(tmp + w, u + j, n);
                w += n;
                j += n;
                continue;
            }
            tmp[w++] = '\\';
            tmp[w++] = 'x';
            tmp[w++] = hex[u[j] >> 4];
            tmp[w++] = hex[u[j] & 15];
            j++;
        }
        cells_add(out, tmp, w);
        free(tmp);
    }
}

/* The row as written: "'" before a guarded cell (output_guarded(): the
 * oracle here is the round trip, not the guard's rule).  The header names
 * the columns (the same cells); key columns are never guarded. */
static void expect_cells(const struct cells *in, bool guard,
                         struct cells *out)
{
    for (size_t i = 0; i < in->n; i++) {
        const char *s = in->v[i];
        bool g = guard && output_guards_column(s) && output_guarded(s);
        char *tmp;

        if (!g) {
            cells_add(out, s, in->len[i]);
            continue;
        }
        tmp = malloc(in->len[i] + 2);
        REQUIRE(tmp != NULL);
        tmp[0] = '\'';
        memcpy(tmp + 1, s, in->len[i] + 1);
        cells_add(out, tmp, in->len[i] + 1);
        free(tmp);
    }
}

static void require_same(const struct cells *got, const struct cells *want)
{
    REQUIRE(got->n == want->n);
    for (size_t i = 0; i < got->n; i++) {
        REQUIRE(got->len[i] == want->len[i]);
        REQUIRE(memcmp(got->v[i], want->v[i], got->len[i]) == 0);
    }
}

/* Bytes a CSV row of these cells takes when only cells holding , " CR LF
 * or with a space or tab at either end are quoted (a lone empty one too). */
static size_t csv_row_len(const struct cells *c)
{
    size_t n = c->n - 1 + 2;            /* commas, CRLF */

    for (size_t i = 0; i < c->n; i++) {
        const char *s = c->v[i];
        size_t len = c->len[i];
        size_t quotes = 0;
        bool quote = len == 0 && c->n == 1;

        for (size_t j = 0; j < len; j++) {
            quotes += s[j] == '"';
            quote = quote || strchr(",\"\r\n", s[j]);
        }
        if (len && (strchr(" \t", s[0]) || strchr(" \t", s[len - 1])))
            quote = true;
        n += quote ? len + quotes + 2 : len;
    }
    return n;
}

static void on_field(void *s, size_t len, void *data)
{
    struct table *t = data;

    if (t->n_rows >= 2) {
        t->too_many = true;
        return;
    }
    cells_add(&t->rows[t->n_rows], s ? s : "", s ? len : 0);
}

static void on_row(int c, void *data)
{
    struct table *t = data;

    (void)c;
    if (t->n_rows >= 2)
        t->too_many = true;
    else
        t->n_rows++;
}

static void parse_csv(const char *s, size_t len, struct table *t)
{
    struct csv_parser p;

    REQUIRE(csv_init(&p, CSV_STRICT | CSV_STRICT_FINI) == 0);
    REQUIRE(csv_parse(&p, s, len, on_field, on_row, t) == len);
    REQUIRE(csv_fini(&p, on_field, on_row, t) == 0);
    csv_free(&p);
}

/* Undo the TSV escapes of one field; every backslash must start one. */
static void add_tsv_field(struct cells *c, const char *s, size_t len)
{
    char *out = malloc(len + 1);
    size_t n = 0;

    REQUIRE(out != NULL);
    for (size_t i = 0; i < len; i++) {
        REQUIRE(s[i] != '\t' && s[i] != '\n' && s[i] != '\r');
        if (s[i] != '\\') {
            out[n++] = s[i];
            continue;
        }
        REQUIRE(i + 1 < len);
        i++;
        REQUIRE(strchr("tnr\\", s[i]) && s[i] != '\0');
        out[n++] = s[i] == 't' ? '\t' : s[i] == 'n' ? '\n'
                 : s[i] == 'r' ? '\r' : '\\';
    }
    cells_add(c, out, n);
    free(out);
}

static void parse_tsv(const char *s, size_t len, struct table *t)
{
    size_t start = 0;

    for (size_t i = 0; i < len; i++) {
        if (s[i] != '\t' && s[i] != '\n')
            continue;
        REQUIRE(t->n_rows < 2);
        add_tsv_field(&t->rows[t->n_rows], s + start, i - start);
        if (s[i] == '\n')
            t->n_rows++;
        start = i + 1;
    }
    REQUIRE(start == len);              /* the last row ends in LF */
}

static void round_trip(const struct cells *in, enum out_format format,
                       bool guard, bool bom)
{
    struct out_opts opts = {
        .format = format,
        .bom = bom,
        .formula_guard = guard,
    };
    const char *const *cells = (const char *const *)in->v;
    struct cells esc = {.n = 0};
    struct cells want = {.n = 0};
    struct table got = {.n_rows = 0};
    struct out_table *t;
    char *mem = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&mem, &len);
    const char *s;

    REQUIRE(f != NULL);
    t = output_open(NULL, "fuzz", cells, in->n, &opts, f);
    REQUIRE(t != NULL);
    REQUIRE(output_row(t, cells));
    REQUIRE(output_close(t));
    REQUIRE(fclose(f) == 0);

    s = mem;
    escape_cells(in, &esc);
    expect_cells(&esc, guard, &want);
    if (bom) {
        REQUIRE(len >= 3 && memcmp(s, "\xEF\xBB\xBF", 3) == 0);
        s += 3;
        len -= 3;
    }
    if (format == OUT_CSV) {
        REQUIRE(len == csv_row_len(&esc) + csv_row_len(&want));
        parse_csv(s, len, &got);
    } else {
        parse_tsv(s, len, &got);
    }
    REQUIRE(!got.too_many);
    REQUIRE(got.n_rows == 2);
    require_same(&got.rows[0], &esc);   /* the header is never guarded */
    require_same(&got.rows[1], &want);

    cells_free(&esc);
    cells_free(&want);
    cells_free(&got.rows[0]);
    cells_free(&got.rows[1]);
    free(mem);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct cells in = {.n = 0};
    const char *s = (const char *)data + 1;
    size_t start = 0;
    uint8_t flags;

    if (size == 0)
        return 0;
    flags = data[0];
    size--;
    for (size_t i = 0; i <= size; i++) {
        if (i < size && s[i] != 0x1F && s[i] != '\0')
            continue;
        if (in.n == MAX_CELLS)
            break;
        cells_add(&in, s + start, i - start);
        start = i + 1;
    }
    round_trip(&in, OUT_CSV, flags & 1, flags & 2);
    round_trip(&in, OUT_TSV, flags & 1, flags & 2);
    cells_free(&in);
    return 0;
}
