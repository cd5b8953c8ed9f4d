#!/bin/sh
# html_score.sh - score html_page() on the field's article-extraction
# benchmark (../shared/bench/article-extraction, see its README.md), body
# only and with the headline, and time it at one thread.
# Usage: bench/html_score.sh [BENCH_DIR]    (after `make`)
# Builds build/bench/html2text, a driver that prints html_page()'s text
# for .html.gz pages (HTML2TEXT_BODY=1: from body_off on; HTML2TEXT_REPS=N:
# parse each page N times and print nothing, for timing).  Never part of
# check, never asserts.
set -eu
top=$(cd "$(dirname "$0")/.." && pwd)
data=${1:-$top/../shared/bench/article-extraction}
drv=$top/build/bench/html2text
[ -x "$data/score" ] || { echo "html_score: no $data/score" >&2; exit 2; }
cd "$top"
make -s all
mkdir -p build/bench
cat >build/bench/html2text.c <<'EOF'
#include <stdio.h>
#include <stdlib.h>
#include <zlib.h>
#include "arena.h"
#include "html.h"
int main(int argc, char **argv)
{
    const char *body = getenv("HTML2TEXT_BODY");
    const char *reps_s = getenv("HTML2TEXT_REPS");
    int reps = reps_s ? atoi(reps_s) : 0;
    struct arena a = {0};
    html_global_init();
    for (int f = 1; f < argc; f++) {
        gzFile g = gzopen(argv[f], "rb");
        size_t cap = 1 << 20, len = 0;
        unsigned char *buf = malloc(cap);
        int n;
        struct html_page p;
        if (!g || !buf)
            return 1;
        while ((n = gzread(g, buf + len, (unsigned)(cap - len))) > 0) {
            len += (size_t)n;
            if (len == cap && !(buf = realloc(buf, cap *= 2)))
                return 1;
        }
        gzclose(g);
        for (int r = 0; r < (reps ? reps : 1); r++) {
            arena_reset(&a);
            html_page(&a, buf, len, NULL, &p);
        }
        if (!reps)
            fputs(body ? p.text + p.body_off : p.text, stdout);
        free(buf);
    }
    arena_fini(&a);
    html_global_cleanup();
    return 0;
}
EOF
objs=$(ls build/*.o | grep -v '/main\.o$')
# shellcheck disable=SC2086
cc -O2 -Isrc $(pkg-config --cflags libxml-2.0) -o "$drv" \
    build/bench/html2text.c $objs \
    $(pkg-config --libs libpcre2-8 libutf8proc jansson zlib libxml-2.0) \
    -lsqlite3 -lcsv -lpthread -ldl
echo "== body only (text from body_off)"
HTML2TEXT_BODY=1 "$data/score" --cmd "$drv {}" -v
echo "== headline + body (all of text)"
"$data/score" --cmd "$drv {}"
echo "== speed, one thread: every page parsed 20 times (gunzip once)"
n=$(ls "$data"/html/*.html.gz | wc -l)
t0=$(date +%s.%N)
HTML2TEXT_REPS=20 "$drv" "$data"/html/*.html.gz
t1=$(date +%s.%N)
mb=$(for f in "$data"/html/*.html.gz; do zcat "$f"; done | wc -c)
echo "$n $t0 $t1 $mb" | awk '{ s = $3 - $2; p = $1 * 20;
    printf "%d pages in %.2f s: %.0f pages/s, %.1f MB/s\n",
           p, s, p / s, $4 * 20 / s / 1e6 }'
