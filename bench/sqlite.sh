#!/usr/bin/env bash
# bench/sqlite.sh - extract -f sqlite against -f csv, and incremental runs
# (issue 19).  Run by bench/run.sh at its end, or alone.
#
# On the BENCH_MB corpus of bench/gen.py (the one run.sh uses, generated
# if missing), at -jN:
#   - -f csv -o DIR and -f sqlite -o FILE (a new database): time, MB/s,
#     peak RSS;
#   - an incremental run: a database made by a full run over the corpus,
#     then the corpus plus 1% new articles and 1% changed ones, run into
#     that database (--prune), against a full run over the grown corpus
#     into a new database, one after the other: the time ratio, and
#     whether the two databases hold the same rows, table by table.
# A report, never a test: slowness never fails it.
#
# Environment: BENCH_MB (default 100), BENCH_SEED (1), BENCH_SQLITE_RUNS
# (runs per row, the median is reported; default 1), UTDRAG (./utdrag).

set -u
unset LC_ALL
export LC_NUMERIC=C
cd "$(dirname "$0")/.." || exit 2
ROOT=$PWD
MB=${BENCH_MB:-100}
SEED=${BENCH_SEED:-1}
RUNS=${BENCH_SQLITE_RUNS:-1}
UTDRAG=${UTDRAG:-$ROOT/utdrag}
N=$(nproc)
B=$ROOT/build/bench
W=$B/sqlite
TIMEBIN=
[ -x /usr/bin/time ] && TIMEBIN=/usr/bin/time

fcalc() { awk "BEGIN { printf \"%.6f\", $* }"; }
median() {
    printf '%s\n' "$@" | sort -g | awk '{ a[NR] = $1 }
        END { if (NR % 2) print a[(NR + 1) / 2]; else print (a[NR / 2] + a[NR / 2 + 1]) / 2 }'
}

# timed CMD...: runs CMD RUNS times; T = median seconds, R = peak RSS KiB.
timed() {
    local i t0 t1 r times=()
    R=0
    for ((i = 1; i <= RUNS; i++)); do
        t0=$EPOCHREALTIME
        if [ -n "$TIMEBIN" ]; then
            "$TIMEBIN" -f %M -o "$W/rss" "$@" >/dev/null 2>"$W/err"
        else
            "$@" >/dev/null 2>"$W/err"
        fi
        local rc=$?
        t1=$EPOCHREALTIME
        if [ $rc -gt 1 ]; then
            echo "  FAILED (exit $rc): $* : $(tail -n 2 "$W/err" | tr '\n' ' ')"
            T=; return 1
        fi
        times+=("$(fcalc "$t1 - $t0")")
        if [ -n "$TIMEBIN" ]; then
            r=$(tail -n 1 "$W/rss")
            [ "$r" -gt "$R" ] 2>/dev/null && R=$r
        fi
    done
    T=$(median "${times[@]}")
}

line() {   # line LABEL SECONDS BYTES DOCS RSS_KIB
    printf '%-34s %9.3f %9.1f %10.0f %9s\n' "$1" "$2" \
        "$(fcalc "$3 / 1000000 / $2")" "$(fcalc "$4 / $2")" \
        "$([ "$5" -gt 0 ] && printf '%.1f' "$(fcalc "$5 / 1024")" || echo -)"
}

# The corpus run.sh uses (same stamp), generated if missing.
CDIR=$B/corpus-s$SEED-${MB}mb
stamp="seed=$SEED mb=$MB gen=$(sha1sum bench/gen.py | cut -c1-16)"
if [ ! -f "$CDIR/stamp" ] || [ "$(cat "$CDIR/stamp")" != "$stamp" ]; then
    rm -rf "$CDIR" && mkdir -p "$CDIR"
    python3 bench/gen.py --out "$CDIR/files" --files --size-mb "$MB" \
        --seed "$SEED" || { echo "bench: gen.py failed"; exit 2; }
    echo "$stamp" >"$CDIR/stamp"
fi
rm -rf "$W" && mkdir -p "$W"
# The corpus as hard links, so that growing it leaves the original alone;
# its path is the same for every run below (doc_ids follow the path).
cp -rl "$CDIR/files" "$W/corpus"
docs=$(find "$W/corpus" -type f | wc -l)
bytes=$(find "$W/corpus" -type f -printf '%s\n' | awk '{ s += $1 } END { print s }')

echo "SQLite output ($MB MB, $docs articles, -j$N, median of $RUNS):"
printf '%-34s %9s %9s %10s %9s\n' "run" "seconds" "MB/s" "docs/s" "RSS MiB"
timed "$UTDRAG" extract -q -j"$N" -o "$W/csv" "$W/corpus" &&
    line "utdrag -j$N -f csv" "$T" "$bytes" "$docs" "$R"
T_CSV=${T:-}
R_CSV=$R
timed sh -c 'rm -f "$1"*; exec "$2" extract -q -j"$3" -f sqlite -o "$1" "$4"' \
    sh "$W/full.sqlite" "$UTDRAG" "$N" "$W/corpus" &&
    line "utdrag -j$N -f sqlite (new db)" "$T" "$bytes" "$docs" "$R"
T_DB=${T:-}
R_DB=$R
cp "$W/full.sqlite" "$W/base.sqlite"
size=$(stat -c %s "$W/full.sqlite")
csvsize=$(cat "$W"/csv/*.csv | wc -c)

# Grow the corpus: 1% new articles (copies under new names), 1% changed
# (a sentence added; a new file, so the original's link is left alone).
find "$W/corpus" -type f | sort >"$W/list"
n1=$((docs / 100))
mkdir -p "$W/corpus/zz-new"
awk -v n="$n1" 'NR % 100 == 7 && k < n { print; k++ }' "$W/list" |
    while read -r f; do cp "$f" "$W/corpus/zz-new/$(basename "$f")"; done
awk -v n="$n1" 'NR % 100 == 42 && k < n { print; k++ }' "$W/list" |
    while read -r f; do
        { cat "$f"; printf '\nLerum och Gori förlänger sitt partnerskap.\n'; } \
            >"$f.new" && mv "$f.new" "$f"
    done
gbytes=$(find "$W/corpus" -type f -printf '%s\n' | awk '{ s += $1 } END { print s }')
gdocs=$(find "$W/corpus" -type f | wc -l)

# Incremental, then full, one after the other (the same machine state);
# once each: the incremental run changes its database.
cp "$W/base.sqlite" "$W/inc.sqlite"
RUNS=1 timed sh -c 'exec "$1" extract -q -j"$2" --prune --summary -f sqlite \
    -o "$3" "$4" 2>"$5"' sh "$UTDRAG" "$N" "$W/inc.sqlite" "$W/corpus" \
    "$W/summary"
T_INC=${T:-}
R_INC=$R
RUNS=1 timed sh -c 'rm -f "$1"*; exec "$2" extract -q -j"$3" -f sqlite -o "$1" "$4"' \
    sh "$W/regrown.sqlite" "$UTDRAG" "$N" "$W/corpus"
T_FULL=${T:-}
[ -n "$T_INC" ] && line "incremental (+1% new, 1% changed)" "$T_INC" "$gbytes" "$gdocs" "$R_INC"
[ -n "$T_FULL" ] && line "full run over the same, new db" "$T_FULL" "$gbytes" "$gdocs" "$R"

same=$(python3 - "$W/inc.sqlite" "$W/regrown.sqlite" <<'PY'
import hashlib, sqlite3, sys
out = []
for t in ("documents", "pairs", "quotes", "speakers", "tags"):
    d = []
    for db in sys.argv[1:]:
        c = sqlite3.connect(db)
        cols = [r[1] for r in c.execute("PRAGMA table_info(%s)" % t)
                if r[1] not in ("seq", "run_id")]
        rows = sorted(repr(r) for r in
                      c.execute("SELECT %s FROM %s" % (",".join(cols), t)))
        d.append((len(rows), hashlib.sha1("\n".join(rows).encode()).hexdigest()))
    out.append("%s %d %s" % (t, d[0][0], "equal" if d[0] == d[1] else
                             "DIFFERENT (%d rows in the full run)" % d[1][0]))
print(", ".join(out))
PY
)
echo "(database $size bytes, the five CSV tables $csvsize bytes)"
sed 's/^utdrag: /(incremental: /; s/$/)/' "$W/summary" | grep new
echo "incremental db vs full-run db, rows per table: $same"
echo
echo "ratios:"
[ -n "$T_DB" ] && [ -n "$T_CSV" ] &&
    printf '  %-52s %7.2f x\n' "-f sqlite time / -f csv time" "$(fcalc "$T_DB / $T_CSV")"
[ "$R_DB" -gt 0 ] && [ "$R_CSV" -gt 0 ] &&
    printf '  %-52s %7.2f x\n' "-f sqlite peak RSS / -f csv peak RSS" "$(fcalc "$R_DB / $R_CSV")"
[ -n "$T_INC" ] && [ -n "$T_FULL" ] &&
    printf '  %-52s %7.2f x\n' "incremental time / full run time (2% to redo)" "$(fcalc "$T_INC / $T_FULL")"
exit 0
