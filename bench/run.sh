#!/usr/bin/env bash
# bench/run.sh - utdrag's throughput, memory and start-up benchmark.
#
# Generates (or reuses) a synthetic corpus with bench/gen.py, then times,
# each as the median of BENCH_RUNS runs on a warm page cache:
#   cat over all files (the I/O floor), utdrag -j1 and -jN on the files,
#   utdrag -jN on the same articles as one JSON Lines archive, ripgrep
#   scanning for ten of utdrag's own patterns, the Python baseline
#   (bench/baseline.py), peak RSS at BENCH_MB and at 10 MB, the
#   start-up time of one small article, and -f xlsx against -f csv on a
#   synthetic archive whose pairs table has about 1,000,000 rows; then
#   bench/sqlite.sh: -f sqlite against -f csv and an incremental run.
# Prints one table, the ratios and utdrag's --stats stage times, and writes
# the same to build/bench/results.txt.  It never fails on slowness: this is
# a report, not a test.  See bench/README.md.
#
# Environment:
#   BENCH_RUNS      runs per measurement, the median is reported (default 5)
#   BENCH_MB        corpus size in 10^6 bytes (default 100)
#   BENCH_SMALL_MB  size of the memory-comparison corpus (default 10)
#   BENCH_SEED      generator seed (default 1)
#   BENCH_PY_BUDGET seconds the Python baseline may take in total before it
#                   is run only once (default 120)
#   UTDRAG          the binary (default ./utdrag)
#   BENCH_BASE      a checkout of an earlier utdrag, built (DIR/utdrag and
#                   DIR/rules): adds interleaved pairs of this utdrag and
#                   that one on the same files at -jN, each with its own
#                   rules, and their throughput ratio (e.g. `git worktree
#                   add /tmp/base COMMIT && make -C /tmp/base`)

set -u
unset LC_ALL
export LC_NUMERIC=C          # "." in $EPOCHREALTIME and printf %f

cd "$(dirname "$0")/.." || exit 2
ROOT=$PWD
RUNS=${BENCH_RUNS:-5}
MB=${BENCH_MB:-100}
SMALL_MB=${BENCH_SMALL_MB:-10}
SEED=${BENCH_SEED:-1}
PY_BUDGET=${BENCH_PY_BUDGET:-120}
UTDRAG=${UTDRAG:-$ROOT/utdrag}
N=$(nproc)
B=$ROOT/build/bench
OUTS=$B/out

declare -A SEC RSS DOCS BYTES NOTE

# ---- helpers -------------------------------------------------------------

fcalc() { awk "BEGIN { printf \"%.6f\", $* }"; }

median() {   # median of the arguments
    printf '%s\n' "$@" | sort -g | awk '{ a[NR] = $1 }
        END { if (NR % 2) print a[(NR + 1) / 2]; else print (a[NR / 2] + a[NR / 2 + 1]) / 2 }'
}

# ensure CMD PACKAGE: install a Debian package when its command is missing.
ensure() {
    command -v "$1" >/dev/null 2>&1 && return 0
    if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
        echo "installing $2 ..."
        apt-get install -y -qq "$2" >/dev/null 2>&1 ||
            { apt-get update -qq >/dev/null 2>&1 && apt-get install -y -qq "$2" >/dev/null 2>&1; }
    fi
    command -v "$1" >/dev/null 2>&1
}

# corpus MB JSONL(0/1): sets CDIR; generates unless a corpus made by this
# gen.py with this seed and size is already there.
corpus() {
    local mb=$1 want_jsonl=$2 stamp t0 t1
    CDIR=$B/corpus-s$SEED-${mb}mb
    stamp="seed=$SEED mb=$mb gen=$(sha1sum bench/gen.py | cut -c1-16)"
    if [ -f "$CDIR/stamp" ] && [ "$(cat "$CDIR/stamp")" = "$stamp" ] &&
       { [ "$want_jsonl" = 0 ] || [ -f "$CDIR/all.jsonl" ]; }; then
        echo "corpus: reusing $CDIR"
        return 0
    fi
    rm -rf "$CDIR"
    mkdir -p "$CDIR"
    local args=(--out "$CDIR/files" --files --size-mb "$mb" --seed "$SEED")
    [ "$want_jsonl" = 1 ] && args+=(--jsonl "$CDIR/all.jsonl")
    t0=$EPOCHREALTIME
    python3 bench/gen.py "${args[@]}" || { echo "bench: gen.py failed"; exit 2; }
    t1=$EPOCHREALTIME
    printf 'corpus: generated %s MB in %.1f s -> %s\n' "$mb" "$(fcalc "$t1 - $t0")" "$CDIR"
    echo "$stamp" > "$CDIR/stamp"
}

# measure LABEL RUNS DOCS BYTES CMD...: run CMD RUNS times with its output
# discarded; SEC[LABEL] = median wall time, RSS[LABEL] = largest peak RSS
# (KiB, when /usr/bin/time is there).  Exit status 0 and 1 (a document with
# status error) count as runs; anything else marks the row failed.
measure() {
    local label=$1 runs=$2 docs=$3 bytes=$4 i t0 t1 rc rss=0 r
    shift 4
    local times=()
    DOCS[$label]=$docs
    BYTES[$label]=$bytes
    for ((i = 1; i <= runs; i++)); do
        t0=$EPOCHREALTIME
        if [ -n "$TIMEBIN" ]; then
            "$TIMEBIN" -f %M -o "$B/rss.txt" "$@" >/dev/null 2>"$B/stderr.txt"
        else
            "$@" >/dev/null 2>"$B/stderr.txt"
        fi
        rc=$?
        t1=$EPOCHREALTIME
        if [ "$rc" -gt 1 ]; then
            NOTE[$label]="failed (exit $rc)"
            echo "  $label: FAILED (exit $rc): $(tail -n 3 "$B/stderr.txt" | tr '\n' ' ')"
            return 1
        fi
        times+=("$(fcalc "$t1 - $t0")")
        if [ -n "$TIMEBIN" ]; then
            r=$(tail -n 1 "$B/rss.txt")
            [ "$r" -gt "$rss" ] 2>/dev/null && rss=$r
        fi
        printf '  %-30s run %d/%d: %8.3f s\n' "$label" "$i" "$runs" "${times[-1]}"
    done
    LAST_TIMES=("${times[@]}")
    SEC[$label]=$(median "${times[@]}")
    [ "$rss" -gt 0 ] && RSS[$label]=$rss
    return 0
}

# paired LABEL CMD_A... -- CMD_B...: run A, then B, RUNS times; sets
# PAIRED_RATIO to the median of the time ratios A/B.  Pairs taken
# seconds apart see the same machine, where table rows minutes apart may
# not.
paired() {
    local label=$1 i t0 t1 ta tb a=() b=() ratios=()
    shift
    while [ "$#" -gt 0 ] && [ "$1" != -- ]; do a+=("$1"); shift; done
    shift
    b=("$@")
    for ((i = 1; i <= RUNS; i++)); do
        t0=$EPOCHREALTIME; "${a[@]}" >/dev/null 2>&1; t1=$EPOCHREALTIME
        ta=$(fcalc "$t1 - $t0")
        t0=$EPOCHREALTIME; "${b[@]}" >/dev/null 2>&1; t1=$EPOCHREALTIME
        tb=$(fcalc "$t1 - $t0")
        ratios+=("$(fcalc "$ta / $tb")")
        printf '  %-30s pair %d/%d: %8.3f s / %8.3f s = %.2f\n' "$label" "$i" "$RUNS" "$ta" "$tb" "${ratios[-1]}"
    done
    PAIRED_RATIO=$(median "${ratios[@]}")
}

row() {   # row LABEL [RSS]: one line of the table
    local l=$1 s mbs dps rss="-"
    if [ -z "${SEC[$l]:-}" ]; then
        printf '%-34s %s\n' "$l" "${NOTE[$l]:-n/a}"
        return
    fi
    s=${SEC[$l]}
    mbs=$(fcalc "${BYTES[$l]} / 1000000 / $s")
    dps=$(fcalc "${DOCS[$l]} / $s")
    if [ "${2:-}" = rss ] && [ -n "${RSS[$l]:-}" ]; then
        rss=$(printf '%.1f' "$(fcalc "${RSS[$l]} / 1024")")
    fi
    printf '%-34s %9.3f %9.1f %10.0f %9s\n' "$l" "$s" "$mbs" "$dps" "$rss"
}

ratio() {   # ratio TEXT A B: prints A/B when both exist
    if [ -n "${2:-}" ] && [ -n "${3:-}" ]; then
        printf '  %-52s %7.2f x\n' "$1" "$(fcalc "$2 / $3")"
    else
        printf '  %-52s %9s\n' "$1" "n/a"
    fi
}

# ---- the benchmark -------------------------------------------------------

main() {
    echo "utdrag benchmark  $(date -u '+%Y-%m-%d %H:%M UTC')"
    echo "commit $(git rev-parse --short HEAD 2>/dev/null)$(git diff --quiet HEAD -- src rules 2>/dev/null || echo ' (src/rules modified)')," \
         "$("$UTDRAG" --version 2>/dev/null | head -n 1)"
    echo "machine: $N CPUs ($(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ *//')), $(free -g | awk '/Mem:/ {print $2}') GiB;" \
         "runs: median of $RUNS, warm page cache (nothing dropped)"
    local load0
    load0=$(cut -d' ' -f1-3 /proc/loadavg)
    echo "load average at start: $load0$(awk -v l="${load0%% *}" 'BEGIN { if (l > 0.5) printf " (busy: other work shares the CPUs, expect noise)" }')"
    if [ ! -x "$UTDRAG" ]; then
        echo "bench: $UTDRAG not found: run make first"
        return 2
    fi
    mkdir -p "$B" "$OUTS"

    TIMEBIN=
    if ensure /usr/bin/time time; then TIMEBIN=/usr/bin/time; else
        echo "note: /usr/bin/time unavailable (package time): no peak RSS"; fi
    HAVE_RG=0
    if ensure rg ripgrep; then
        if rg -P -q -e 'x' /dev/null 2>/dev/null; [ $? -le 1 ]; then HAVE_RG=1; else
            echo "note: rg has no PCRE2 (-P): rg row skipped"; fi
    else
        echo "note: ripgrep unavailable (apt-get install ripgrep failed): rg row skipped"
    fi

    # Corpora: BENCH_MB as files and as one archive, and a small one.
    if awk "BEGIN { exit !($MB <= $SMALL_MB) }"; then SMALL_MB=$(fcalc "$MB / 10" | sed 's/0*$//; s/\.$//'); fi
    corpus "$SMALL_MB" 0
    local small=$CDIR/files
    corpus "$MB" 1
    local files=$CDIR/files jsonl=$CDIR/all.jsonl
    local docs bytes sdocs sbytes
    docs=$(find "$files" -type f | wc -l)
    bytes=$(find "$files" -type f -printf '%s\n' | awk '{ s += $1 } END { print s }')
    sdocs=$(find "$small" -type f | wc -l)
    sbytes=$(find "$small" -type f -printf '%s\n' | awk '{ s += $1 } END { print s }')
    printf 'corpus: %d documents, %.1f MB as files; archive %.1f MB; small corpus %d documents, %.1f MB\n' \
        "$docs" "$(fcalc "$bytes / 1e6")" "$(fcalc "$(stat -c %s "$jsonl") / 1e6")" \
        "$sdocs" "$(fcalc "$sbytes / 1e6")"

    # What this utdrag supports: -j, --stats, .jsonl archives.
    local probe=$B/probe doc
    rm -rf "$probe"; mkdir -p "$probe"
    doc=$(find "$files" -name '*-sv.txt' -size +1900c -size -2200c | sort | head -n 1)
    [ -n "$doc" ] || doc=$(find "$files" -name '*-sv.txt' -size +1000c | sort | head -n 1)
    local J1=() JN=() J2=() HAVE_J=0 HAVE_STATS=0 HAVE_JSONL=0 n
    if "$UTDRAG" extract -q -j 1 -o "$probe/out" "$doc" >/dev/null 2>"$probe/err"; then
        HAVE_J=1; J1=(-j 1); JN=(-j "$N"); J2=(-j 2)
    else
        echo "note: this utdrag has no -j ($(head -n 1 "$probe/err")): runs are single-threaded, -j$N rows skipped"
    fi
    "$UTDRAG" extract -q --stats -o "$probe/out" "$doc" >/dev/null 2>&1 && HAVE_STATS=1 ||
        echo "note: this utdrag has no --stats: no stage times"
    head -n 2 "$jsonl" > "$probe/two.jsonl"
    n=$("$UTDRAG" extract -q -t documents "$probe/two.jsonl" 2>/dev/null |
        python3 -c 'import csv, sys; print(sum(1 for _ in csv.reader(sys.stdin)) - 1)')
    if [ "${n:-0}" -ge 2 ]; then HAVE_JSONL=1; else
        echo "note: this utdrag does not read .jsonl archives yet (a 2-line archive gave ${n:-no} document rows): JSONL row skipped"; fi

    local L_CAT="cat (I/O floor)" L_J1="utdrag -j1" L_JN="utdrag -j$N" L_JL="utdrag -j$N, JSONL archive"
    local L_RG="rg -P -j2 -c, 10 patterns" L_PY="python baseline"
    local L_NR="utdrag -j$N, no rules (floor)"
    local L_ONE="utdrag -j1, one ${SMALL_MB} MB article"
    local L_S="utdrag -j2, ${SMALL_MB} MB" L_B2="utdrag -j2, $MB MB"
    [ "$HAVE_J" = 1 ] || { L_J1="utdrag (no -j)"; L_JL="utdrag (no -j), JSONL archive"
                           L_S="utdrag, ${SMALL_MB} MB"; L_B2=$L_J1; }

    echo
    echo "measuring ($RUNS runs each):"
    measure "$L_CAT" "$RUNS" "$docs" "$bytes" sh -c 'find "$1" -type f -print0 | xargs -0 cat' sh "$files"
    measure "$L_J1" "$RUNS" "$docs" "$bytes" "$UTDRAG" extract -q "${J1[@]}" -o "$OUTS/j1" "$files"
    if [ "$HAVE_J" = 1 ]; then
        measure "$L_JN" "$RUNS" "$docs" "$bytes" "$UTDRAG" extract -q "${JN[@]}" -o "$OUTS/jn" "$files"
    else
        NOTE[$L_JN]="skipped: no -j"
    fi
    # The same run with every `rule` block taken out (lists, headings,
    # languages and defines kept): what reading, decoding, normalizing and
    # writing cost without any matching, the floor the rules add to.
    local norules=$B/norules
    rm -rf "$norules"; mkdir -p "$norules"
    cp -r rules/lists "$norules/"
    find rules -name '*.rules' | while IFS= read -r f; do
        mkdir -p "$norules/$(dirname "${f#rules/}")"
        awk '/^rule[ \t]/ { skip = 1; next } /^[^ \t#]/ { skip = 0 } !skip' \
            "$f" > "$norules/${f#rules/}"
    done
    measure "$L_NR" "$RUNS" "$docs" "$bytes" "$UTDRAG" extract -q "${JN[@]}" --rules "$norules" -o "$OUTS/norules" "$files"
    # Web archives: 10,000 WARC records (bench/gen_warc.py: HTML pages with
    # requests, metadata, redirects and images between them) as .warc.gz,
    # and the same pages as JSON Lines; and the HTML reader alone (no
    # rules) on the article-extraction benchmark's 120 pages.
    local warc=$B/warc-s$SEED-10k.warc.gz wjsonl=$B/warc-s$SEED-10k.jsonl
    local L_WARC="utdrag -j$N, .warc.gz (10k records)"
    local L_WJL="utdrag -j$N, same pages as JSONL"
    local L_HTML="HTML to text, 120 pages (-j1)"
    local L_TRAF="trafilatura, same 120 pages"
    local wdocs=0 wbytes=0 PAIRED_WARC=
    if [ ! -s "$warc" ] || [ ! -s "$wjsonl" ]; then
        python3 bench/gen_warc.py -n 10000 --seed "$SEED" --out "$warc" --jsonl "$wjsonl" >/dev/null 2>&1 ||
            rm -f "$warc" "$wjsonl"
    fi
    if [ -s "$warc" ] && [ -s "$wjsonl" ]; then
        wdocs=$(wc -l < "$wjsonl")
        wbytes=$(zcat "$warc" | wc -c)   # uncompressed WARC bytes
        measure "$L_WARC" "$RUNS" "$wdocs" "$wbytes" "$UTDRAG" extract -q "${JN[@]}" -o "$OUTS/warc" "$warc"
        measure "$L_WJL" "$RUNS" "$wdocs" "$(stat -c %s "$wjsonl")" "$UTDRAG" extract -q "${JN[@]}" -o "$OUTS/wjsonl" "$wjsonl"
        paired ".warc.gz, JSONL" \
            "$UTDRAG" extract -q "${JN[@]}" -o "$OUTS/warc" "$warc" -- \
            "$UTDRAG" extract -q "${JN[@]}" -o "$OUTS/wjsonl" "$wjsonl"
        PAIRED_WARC=$PAIRED_RATIO
    else
        NOTE[$L_WARC]="skipped: bench/gen_warc.py failed"
    fi
    local pages=$ROOT/../shared/bench/article-extraction/html
    if [ -d "$pages" ]; then
        local pbytes
        pbytes=$(find "$pages" -name '*.html.gz' -exec zcat {} + | wc -c)
        measure "$L_HTML" "$RUNS" "$(find "$pages" -name '*.html.gz' | wc -l)" "$pbytes" \
            "$UTDRAG" extract -q "${J1[@]}" --rules "$norules" -o "$OUTS/html" "$pages"
        # trafilatura, the field's reference, on the same pages when it is
        # installed (pip; it is not a Debian package).
        if python3 -c 'import trafilatura' 2>/dev/null; then
            measure "$L_TRAF" "$RUNS" "$(find "$pages" -name '*.html.gz' | wc -l)" "$pbytes" \
                python3 -c 'import gzip, sys, trafilatura
for f in sys.argv[1:]:
    trafilatura.extract(gzip.open(f).read().decode("utf-8", "replace"))' "$pages"/*.html.gz
        else
            NOTE[$L_TRAF]="skipped: trafilatura is not installed (pip install trafilatura; not in Debian)"
        fi
    else
        NOTE[$L_HTML]="skipped: no ../shared/bench/article-extraction"
        NOTE[$L_TRAF]="skipped: no ../shared/bench/article-extraction"
    fi
    if [ "$HAVE_JSONL" = 1 ]; then
        measure "$L_JL" "$RUNS" "$docs" "$bytes" "$UTDRAG" extract -q "${JN[@]}" -o "$OUTS/jsonl" "$jsonl"
    else
        NOTE[$L_JL]="skipped: .jsonl not read as an archive"
    fi
    if [ "$HAVE_RG" = 1 ]; then
        local pats=() p
        while IFS= read -r p; do pats+=(-e "$p"); done < <(python3 bench/patterns.py rules 10 2>"$B/patterns.txt")
        echo "  rg patterns: $(sed 's/^patterns.py: //' "$B/patterns.txt")"
        measure "$L_RG" "$RUNS" "$docs" "$bytes" rg -P -j2 -c --no-ignore --no-messages "${pats[@]}" "$files"
    else
        NOTE[$L_RG]="skipped: ripgrep unavailable"
    fi
    # The Python baseline: once, then the other runs if they fit the budget.
    local py_runs=1
    measure "$L_PY" 1 "$docs" "$bytes" python3 bench/baseline.py -o "$OUTS/python" "$files"
    if [ -n "${SEC[$L_PY]:-}" ] && [ "$RUNS" -gt 1 ] &&
       awk "BEGIN { exit !(${SEC[$L_PY]} * ($RUNS - 1) <= $PY_BUDGET) }"; then
        local first=${SEC[$L_PY]}
        if measure "$L_PY" "$((RUNS - 1))" "$docs" "$bytes" python3 bench/baseline.py -o "$OUTS/python" "$files"; then
            py_runs=$RUNS
            SEC[$L_PY]=$(median "$first" "${LAST_TIMES[@]}")
        fi
    fi
    # One long article: the small corpus run together into one document.
    # Everything that grows with an article's rows (speakers, pronouns,
    # duplicates) must stay near linear; this row shows it if it does not.
    local one=$B/one-article.txt
    find "$small" -type f | sort | xargs cat > "$one"
    measure "$L_ONE" "$RUNS" 1 "$sbytes" "$UTDRAG" extract -q "${J1[@]}" -o "$OUTS/one" "$one"
    # Memory: the same thread count at both sizes.
    measure "$L_S" "$RUNS" "$sdocs" "$sbytes" "$UTDRAG" extract -q "${J2[@]}" -o "$OUTS/small" "$small"
    if [ "$HAVE_J" = 1 ] && [ "$N" != 2 ]; then
        measure "$L_B2" "$RUNS" "$docs" "$bytes" "$UTDRAG" extract -q "${J2[@]}" -o "$OUTS/j2" "$files"
    elif [ "$HAVE_J" = 1 ]; then
        L_B2=$L_JN
    fi
    # Start-up: one small article end to end, 21 runs.
    local st=() i t0 t1 sbytes1
    sbytes1=$(stat -c %s "$doc")
    for ((i = 0; i < 21; i++)); do
        t0=$EPOCHREALTIME
        "$UTDRAG" extract -q "${J1[@]}" -o "$OUTS/startup" "$doc" >/dev/null 2>&1
        t1=$EPOCHREALTIME
        st+=("$(fcalc "($t1 - $t0) * 1000")")
    done
    local startup_ms
    startup_ms=$(median "${st[@]}")

    # xlsx: 10,050 synthetic documents of 100 "X kommun och Y har ett
    # samarbete." paragraphs each (real list names, a distinct pair per
    # paragraph) give a pairs table of about 1,000,000 rows (99.5% of the
    # paragraphs pair): the workbook against the same run as CSV, time and
    # peak RSS (libxlsxwriter's constant-memory mode keeps one row per
    # sheet).  BENCH_XLSX_RUNS runs each (default 1: a run takes seconds).
    local pj=$B/pairs-1m.jsonl L_XL="utdrag -j$N -f xlsx, 1M-row pairs"
    local L_XC="utdrag -j$N -f csv, same 1M pairs" xruns=${BENCH_XLSX_RUNS:-1}
    local pstamp xrows=
    pstamp="pairs-1m $(sha1sum rules/lists/municipalities.tsv rules/lists/partners.tsv | cut -c1-16 | tr '\n' ' ')"
    if [ ! -s "$pj" ] || [ "$(cat "$pj.stamp" 2>/dev/null)" != "$pstamp" ]; then
        python3 - 10050 100 >"$pj" <<'PY'
import json, sys
docs, per = int(sys.argv[1]), int(sys.argv[2])
def names(path, col):
    rows = [l.rstrip("\n").split("\t") for l in open(path, encoding="utf-8")]
    return [r[col] for r in rows[1:] if len(r) > col and r[col]]
munis = names("rules/lists/municipalities.tsv", 1)
partners = names("rules/lists/partners.tsv", 0)
for d in range(docs):
    paras = ["Vänorter %d" % d]
    for k in range(per):
        paras.append("%s och %s har ett samarbete." % (
            munis[(d * per + k) % len(munis)],
            partners[(d * 31 + k * 7) % len(partners)]))
    print(json.dumps({"id": "d%06d" % d, "text": "\n\n".join(paras)},
                     ensure_ascii=False))
PY
        echo "$pstamp" >"$pj.stamp"
    fi
    if [ "$HAVE_JSONL" = 1 ] &&
       "$UTDRAG" extract -q -f xlsx -t documents "$doc" >/dev/null 2>&1; then
        measure "$L_XL" "$xruns" 10050 "$(stat -c %s "$pj")" "$UTDRAG" extract -q "${JN[@]}" -f xlsx -o "$OUTS/xlsx" "$pj"
        measure "$L_XC" "$xruns" 10050 "$(stat -c %s "$pj")" "$UTDRAG" extract -q "${JN[@]}" -f csv -o "$OUTS/xlsx-csv" "$pj"
        [ -f "$OUTS/xlsx-csv/pairs.csv" ] &&
            xrows=$(($(wc -l <"$OUTS/xlsx-csv/pairs.csv") - 1))
    else
        NOTE[$L_XL]="skipped: no -f xlsx (or no JSONL archives)"
        NOTE[$L_XC]=${NOTE[$L_XL]}
    fi

    # The machine's speed drifts between the rows above (other tenants), so
    # the ratios to rg and of files to the archive are also taken from
    # interleaved pairs (see paired()).
    local PAIRED= PAIRED_JL=
    if [ "$HAVE_RG" = 1 ] && [ -n "${SEC[$L_JN]:-}" ]; then
        paired "utdrag -j$N, rg" \
            "$UTDRAG" extract -q "${JN[@]}" -o "$OUTS/jn" "$files" -- \
            rg -P -j2 -c --no-ignore --no-messages "${pats[@]}" "$files"
        PAIRED=$PAIRED_RATIO
    fi
    if [ "$HAVE_JSONL" = 1 ] && [ -n "${SEC[$L_JN]:-}" ]; then
        paired "files, JSONL" \
            "$UTDRAG" extract -q "${JN[@]}" -o "$OUTS/jn" "$files" -- \
            "$UTDRAG" extract -q "${JN[@]}" -o "$OUTS/jsonl" "$jsonl"
        PAIRED_JL=$PAIRED_RATIO
    fi

    local PAIRED_BASE=
    if [ -n "${BENCH_BASE:-}" ] && [ -x "$BENCH_BASE/utdrag" ] && [ -n "${SEC[$L_JN]:-}" ]; then
        paired "this / base ($(git -C "$BENCH_BASE" rev-parse --short HEAD 2>/dev/null || echo base))" \
            "$UTDRAG" extract -q "${JN[@]}" -o "$OUTS/jn" "$files" -- \
            "$BENCH_BASE/utdrag" extract -q "${JN[@]}" --rules "$BENCH_BASE/rules" -o "$OUTS/base" "$files"
        PAIRED_BASE=$PAIRED_RATIO
    elif [ -n "${BENCH_BASE:-}" ]; then
        echo "note: BENCH_BASE=$BENCH_BASE has no executable utdrag (build it first): base pairs skipped"
    fi

    # ---- report ----
    echo
    printf '%-34s %9s %9s %10s %9s\n' "run ($MB MB unless noted)" "seconds" "MB/s" "docs/s" "RSS MiB"
    printf '%-34s %9s %9s %10s %9s\n' "---" "---" "---" "---" "---"
    row "$L_CAT"
    row "$L_J1" rss
    [ "$HAVE_J" = 1 ] && row "$L_JN" rss
    row "$L_JL" rss
    row "$L_NR"
    row "$L_WARC" rss
    row "$L_WJL"
    row "$L_HTML" rss
    row "$L_TRAF"
    row "$L_RG"
    row "$L_PY"
    [ "$HAVE_J" = 1 ] && [ "$N" != 2 ] && row "$L_B2" rss
    row "$L_S" rss
    row "$L_ONE" rss
    row "$L_XL" rss
    row "$L_XC" rss
    [ -n "$xrows" ] && echo "(the xlsx rows: a pairs table of $xrows rows, $(stat -c %s "$OUTS/xlsx/utdrag.xlsx") bytes as xlsx, $(stat -c %s "$OUTS/xlsx-csv/pairs.csv") as pairs.csv)"
    printf '%-34s %9s ms (median of 21; one %d-byte article, rules loaded and compiled)\n' \
        "start-up" "$(printf '%.1f' "$startup_ms")" "$sbytes1"
    [ "$py_runs" = 1 ] && [ "$RUNS" -gt 1 ] &&
        echo "(python baseline: 1 run, not a median: $RUNS runs would exceed BENCH_PY_BUDGET=${PY_BUDGET}s)"
    [ "$HAVE_J" = 1 ] || echo "(no -j: every utdrag row is a single-threaded run)"

    local main=$L_JN
    [ "$HAVE_J" = 1 ] || main=$L_J1
    echo
    echo "ratios (within this run):"
    ratio "$main vs python baseline (speed-up)" "${SEC[$L_PY]:-}" "${SEC[$main]:-}"
    ratio "$main time / rg scan time" "${SEC[$main]:-}" "${SEC[$L_RG]:-}"
    [ -n "$PAIRED" ] && printf '  %-52s %7.2f x\n' "$main time / rg time, interleaved pairs (median)" "$PAIRED"
    ratio "$main time / cat time" "${SEC[$main]:-}" "${SEC[$L_CAT]:-}"
    ratio "$main time / no-rules time (what matching adds)" "${SEC[$main]:-}" "${SEC[$L_NR]:-}"
    if [ -n "${SEC[$L_ONE]:-}" ] && [ -n "${SEC[$L_J1]:-}" ]; then
        ratio "one long article vs -j1 files (MB/s)" \
            "$(fcalc "${BYTES[$L_ONE]} / ${SEC[$L_ONE]}")" \
            "$(fcalc "${BYTES[$L_J1]} / ${SEC[$L_J1]}")"
    fi
    [ "$HAVE_J" = 1 ] && ratio "-j$N vs -j1 (speed-up)" "${SEC[$L_J1]:-}" "${SEC[$L_JN]:-}"
    ratio "JSONL archive vs files (speed-up)" "${SEC[$main]:-}" "${SEC[$L_JL]:-}"
    [ -n "$PAIRED_JL" ] && printf '  %-52s %7.2f x\n' "JSONL vs files, interleaved pairs (median)" "$PAIRED_JL"
    [ -n "$PAIRED_WARC" ] && printf '  %-52s %7.2f x\n' ".warc.gz time / same pages as JSONL (median of pairs)" "$PAIRED_WARC"
    ratio "peak RSS $MB MB / $SMALL_MB MB (same -j)" "${RSS[$L_B2]:-}" "${RSS[$L_S]:-}"
    ratio "-f xlsx time / -f csv time, 1M pairs" "${SEC[$L_XL]:-}" "${SEC[$L_XC]:-}"
    ratio "-f xlsx peak RSS / -f csv peak RSS, 1M pairs" "${RSS[$L_XL]:-}" "${RSS[$L_XC]:-}"
    [ -n "$PAIRED_BASE" ] && printf '  %-52s %7.2f x\n' "throughput vs BENCH_BASE, interleaved pairs (median)" "$(fcalc "1 / $PAIRED_BASE")"

    if [ "$HAVE_STATS" = 1 ]; then
        echo
        echo "utdrag --stats, one $main run on the files:"
        "$UTDRAG" extract -q "${JN[@]}" --stats -o "$OUTS/stats" "$files" 2>&1 >/dev/null | sed 's/^/  /'
    fi
    echo
    # -f sqlite against -f csv, and an incremental run (bench/sqlite.sh).
    UTDRAG="$UTDRAG" BENCH_MB="$MB" BENCH_SEED="$SEED" bench/sqlite.sh
    echo
    echo "load average at the end: $(cut -d' ' -f1-3 /proc/loadavg) (at start: $load0)"
    echo "results: build/bench/results.txt"
    return 0
}

mkdir -p "$B"
main "$@" 2>&1 | tee "$B/results.txt.new"
rc=${PIPESTATUS[0]}
mv "$B/results.txt.new" "$B/results.txt"
exit "$rc"
