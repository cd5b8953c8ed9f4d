#!/bin/sh
# run.sh - the whole suite: unit tests per stage, fuzz corpus replay, rule
# examples, golden tests over samples/, and command-line golden cases.
# Usage: tests/run.sh BUILD_DIR
# UPDATE=1 rewrites every golden expectation, UPDATE=samples only those of
# samples/, UPDATE=cli only tests/golden/; review the diff in git.
# Ends with "N passed, N failed" on a line of its own.
set -u
B=${1:-build}
top=$(cd "$(dirname "$0")/.." && pwd)
prog="$top/$B/utdrag"
export UTDRAG_RULES="$top/rules" LC_ALL=C
pass=0 fail=0
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

ok() { pass=$((pass + 1)); }
bad() { fail=$((fail + 1)); echo "FAIL $*"; }

# Add the "N passed, M failed" counts a sub-runner printed last.
count() {
    line=$(grep -E '[0-9]+ passed, [0-9]+ failed' "$1" | tail -n 1)
    p=$(echo "$line" | grep -oE '[0-9]+ passed' | grep -oE '[0-9]+')
    f=$(echo "$line" | grep -oE '[0-9]+ failed' | grep -oE '[0-9]+')
    if [ -z "$line" ]; then bad "$2: no result line"; return; fi
    pass=$((pass + p)); fail=$((fail + f))
    [ "$f" = 0 ] || { echo "FAIL $2:"; cat "$1"; }
}

echo "== unit tests"
for t in "$top/$B"/tests/test_*; do
    [ -x "$t" ] || continue
    (cd "$top" && "$t") >"$tmp/unit.out" 2>&1
    st=$?
    count "$tmp/unit.out" "$(basename "$t")"
    [ $st = 0 ] || [ "$f" != 0 ] || bad "$(basename "$t") exit $st"
done

echo "== fuzz corpus replay"
for r in "$top/$B"/tests/replay_*; do
    [ -x "$r" ] || continue
    name=${r##*/replay_}
    "$r" "$top/tests/fuzz/corpus/$name" >"$tmp/replay.out" 2>&1
    count "$tmp/replay.out" "replay $name"
done

echo "== rule examples (utdrag rules test rules/)"
"$prog" rules test "$top/rules" >"$tmp/rules.out" 2>"$tmp/rules.err"
count "$tmp/rules.out" "rules test"
[ -s "$tmp/rules.err" ] && cat "$tmp/rules.err"
"$prog" rules lint "$top/rules" >"$tmp/lint.out" 2>&1 || bad "rules lint"
grep -q "warning:" "$tmp/lint.out" && { bad "rules lint warns"; cat "$tmp/lint.out"; }

echo "== golden: samples/ (tables byte for byte)"
cd "$top" || exit 2
for f in samples/*; do
    case $f in *.expected|*.md|*.tsv) continue ;; esac
    stem=${f##*/}; stem=${stem%.*}
    exp="samples/$stem.expected"
    rm -rf "$tmp/g"
    "$prog" extract -q -f tsv -o "$tmp/g" "$f" >/dev/null 2>&1
    if [ "${UPDATE:-0}" = 1 ] || [ "${UPDATE:-0}" = samples ]; then
        rm -rf "$exp" && mkdir -p "$exp" && cp "$tmp"/g/*.tsv "$exp"/
        rm -f "$exp/run.info"
    fi
    # run.info names the rules' version, which every rule edit changes.
    if diff -r -x run.info "$exp" "$tmp/g" >"$tmp/diff" 2>&1; then ok
    else bad "golden $f"; head -n 20 "$tmp/diff"; fi
done

echo "== HTML pages give the rows of their text twins (samples/html-twins.tsv)"
# The four row tables without doc_id and line (the HTML text has no menus,
# so its lines differ); quote_no and the counts stay.
rows() {
    for t in pairs quotes speakers tags; do
        "$prog" extract -q -f tsv -t "$t" "$1" 2>/dev/null |
            awk -F'\t' -v OFS='\t' -v t="$t" '{
                $1 = t
                if (t == "pairs") $10 = ""
                if (t == "quotes" || t == "tags") $NF = ""
                print }'
    done
}
while IFS="$(printf '\t')" read -r page twin; do
    rows "samples/$page" >"$tmp/twin.html"
    rows "samples/$twin" >"$tmp/twin.txt"
    if [ "$(wc -l <"$tmp/twin.txt")" -gt 4 ] &&
       diff "$tmp/twin.txt" "$tmp/twin.html" >"$tmp/twin.diff"; then ok
    else bad "samples/$page: rows differ from samples/$twin"
         head -n 20 "$tmp/twin.diff"; fi
done <<TWINS
$(tail -n +2 samples/html-twins.tsv)
TWINS

echo "== utdrag check samples/ (expectations, diffs, --update, JUnit)"
"$prog" check samples/ >"$tmp/check.out" 2>&1
count "$tmp/check.out" "utdrag check samples/"
# Break one expected row in a copy: check must fail and name the article,
# table, line and column; --update must restore green.
rm -rf "$tmp/cs" && cp -r samples "$tmp/cs"
art=sv-bosnia-inclusive-schools
sed 's/\tTravnik\tTravnik\tBA/\tTravnik\tTravnikk\tBA/' \
    "samples/$art.expected/pairs.tsv" >"$tmp/cs/$art.expected/pairs.tsv"
"$prog" check --junit "$tmp/cs.xml" "$tmp/cs/" >"$tmp/cs.out" 2>&1
st=$?
if [ $st = 1 ] && grep -q "^FAIL $tmp/cs/$art.txt: pairs" "$tmp/cs.out" &&
   grep -q "changed (line [0-9]*): swedish_partner=Solna stad" "$tmp/cs.out" &&
   grep -q 'partner_canonical: expected "Travnikk", got "Travnik"' \
       "$tmp/cs.out"; then ok; else bad "check: broken expectation (status $st)"; cat "$tmp/cs.out"; fi
if command -v xmllint >/dev/null; then
    if xmllint --noout "$tmp/cs.xml" &&
       [ "$(xmllint --xpath 'count(//testcase/failure)' "$tmp/cs.xml")" = 1 ] &&
       [ "$(xmllint --xpath 'string(/testsuites/@failures)' "$tmp/cs.xml")" = 1 ] &&
       xmllint --xpath "//testcase[@name='pairs' and failure]/@classname" \
           "$tmp/cs.xml" | grep -q "$art"; then ok
    else bad "check: JUnit XML"; fi
else
    echo "skip: xmllint not installed (JUnit validation)"
fi
"$prog" check --update "$tmp/cs/$art.txt" >/dev/null 2>&1 &&
    "$prog" check "$tmp/cs/" >"$tmp/cs2.out" 2>&1 && ok ||
    { bad "check --update did not restore green"; tail -5 "$tmp/cs2.out"; }

echo "== sharding: -j1 = -j2 = the GNU parallel recipe (4 shards + merge)"
rm -rf "$tmp/sh" && mkdir -p "$tmp/sh"
"$prog" extract -q -j 1 -o "$tmp/sh/one" samples/ >/dev/null 2>&1
"$prog" extract -q -j 2 -o "$tmp/sh/two" samples/ >/dev/null 2>&1
if diff -r "$tmp/sh/one" "$tmp/sh/two" >/dev/null; then ok
else bad "-j1 and -j2 differ"; fi
if command -v parallel >/dev/null; then
    UTDRAG="$prog" examples/cluster/parallel.sh samples/ "$tmp/sh/par" 4 \
        >/dev/null 2>&1
    if diff -r -x run.info "$tmp/sh/one" "$tmp/sh/par/merged" >/dev/null
    then ok; else bad "GNU parallel shards + merge differ from one run"; fi
else
    bad "GNU parallel is not installed (make deps installs it)"
fi

echo "== make install / uninstall (DESTDIR, PREFIX; rules found without flags)"
inst="$tmp/inst"
if make -s -C "$top" install B="$B" DESTDIR="$inst" PREFIX=/opt/utdrag \
        >"$tmp/inst.log" 2>&1 &&
   (unset UTDRAG_RULES; cd / &&
    "$inst/opt/utdrag/bin/utdrag" extract -t pairs "$top/samples/bad-bom.txt") |
       grep -q ',Obukhiv,'; then ok
else bad "installed utdrag"; cat "$tmp/inst.log"; fi
make -s -C "$top" uninstall B="$B" DESTDIR="$inst" PREFIX=/opt/utdrag \
    >/dev/null 2>&1
if [ -z "$(find "$inst" -type f)" ]; then ok; else bad "uninstall left files"; fi

echo "== xlsx: -f xlsx read back (tests/xlsx_check.py; LibreOffice if there)"
# Cell values equal the TSV tables; codes stay strings, counts are numbers,
# '=' is text, bad bytes become U+FFFD; the same cells for -j1 and -j2.
x="$tmp/xlsx" g=tests/golden/060-xlsx
rm -rf "$x" && mkdir -p "$x/in" && cp samples/bad-crlf.txt samples/bad-bom.txt \
    "$g/in.txt" "$x/in/" && cp "$g/in.txt" "$x/in/$(printf 'bad\377name.txt')"
xcheck() {  # xcheck NAME FILE ARGS...: run xlsx_check.py, count its result
    name=$1; shift
    python3 tests/xlsx_check.py "$@" >"$tmp/x.out" 2>&1
    count "$tmp/x.out" "xlsx: $name"
}
"$prog" extract -q -j 1 -f xlsx -o "$x/j1" --report "$x/drift.tsv" samples/ \
    "$x/in" 2>"$x/err"
st=$?
"$prog" extract -q -j 1 -f tsv --no-formula-guard -o "$x/tsv" samples/ "$x/in" \
    2>/dev/null
if [ $st -le 1 ] &&
   [ "$(ls -A "$x/j1")" = "$(printf 'run.info\nutdrag.xlsx')" ] &&
   grep -qx 'format xlsx' "$x/j1/run.info"; then ok
else bad "xlsx: -o DIR (status $st) gave: $(ls -A "$x/j1")"; cat "$x/err"; fi
xcheck samples "$x/j1/utdrag.xlsx" \
    --sheets documents,pairs,quotes,speakers,tags --same-as "$x/tsv" \
    --expect pairs:swedish_code:s:0482 --types pairs:swedish_code:s \
    --types tags:code:s \
    --expect speakers:speaker:s:'Kristina Sjölander' \
    --expect documents:title:s:'Rubrik om åäö & <xml>' \
    --expect documents:doc_id:s:"$x/in/bad�name.txt" \
    --types documents:doc_id:s --types documents:bytes:n \
    --types documents:pairs:n --types pairs:line:n --types quotes:quote_no:n \
    --types speakers:quotes:n --types tags:line:n
xcheck "--report" "$x/drift.xlsx" --sheets drift --types drift:count:n \
    --expect drift:kind:s:rule_hits
"$prog" extract -q -j 2 -f xlsx -o "$x/j2" samples/ "$x/in" 2>/dev/null
python3 tests/xlsx_check.py "$x/j1/utdrag.xlsx" --dump >"$x/j1.dump" 2>&1
python3 tests/xlsx_check.py "$x/j2/utdrag.xlsx" --dump >"$x/j2.dump" 2>&1
if cmp -s "$x/j1.dump" "$x/j2.dump"; then ok
else bad "xlsx: -j1 and -j2 differ"; fi
# -t TABLE: the workbook on stdout; never to a terminal or a full disk.
"$prog" --rules "$g/rules" extract -q -f xlsx -t tags "$g/in.txt" \
    >"$x/tags.xlsx"
xcheck "-t tags" "$x/tags.xlsx" --sheets tags --expect tags:code:s:0180 \
    --expect tags:value:s:=A1+A9 --expect tags:value:s:-5 --types tags:line:n
"$prog" --rules "$g/rules" extract -q -f xlsx -t tags "$g/in.txt" \
    >/dev/full 2>"$x/full.err"
st=$?
if [ $st = 2 ] &&
   [ "$(cat "$x/full.err")" = "utdrag: stdout: No space left on device" ]
then ok; else bad "xlsx: >/dev/full (status $st)"; cat "$x/full.err"; fi
"$prog" merge -o "$x/merged" "$x/j1" >/dev/null 2>"$x/merge.err"
st=$?
if [ $st = 2 ] && grep -q 'merge needs CSV or TSV output' "$x/merge.err" &&
   [ ! -e "$x/merged" ]; then ok; else bad "xlsx: merge (status $st)"; fi
if command -v soffice >/dev/null; then
    # LibreOffice reads the cells the CSV (unguarded) has: the pairs of
    # samples/, and the tags with 0180, =A1+A9 and -5.  Filter options:
    # comma, double quote, UTF-8; a profile of its own in $x.
    "$prog" extract -q -f xlsx -t pairs samples/ >"$x/pairs.xlsx" 2>/dev/null
    "$prog" extract -q --no-formula-guard -t pairs samples/ \
        >"$x/pairs.csv" 2>/dev/null
    "$prog" --rules "$g/rules" extract -q --no-formula-guard -t tags \
        "$g/in.txt" >"$x/tags.csv"
    (cd "$x" && soffice -env:UserInstallation="file://$x/lo-profile" \
        --headless --convert-to 'csv:Text - txt - csv (StarCalc):44,34,76' \
        --outdir lo pairs.xlsx tags.xlsx >/dev/null 2>&1)
    for t in pairs tags; do
        if python3 -c 'import csv, sys
a, b = (list(csv.reader(open(f, encoding="utf-8", newline="")))
        for f in sys.argv[1:])
sys.exit(a != b)' "$x/$t.csv" "$x/lo/$t.csv" 2>/dev/null; then ok
        else bad "xlsx: LibreOffice reads other $t cells than the CSV has"; fi
    done
else
    echo "skip: soffice (LibreOffice) not installed: no headless conversion"
fi

echo "== golden: command-line cases (tests/golden/*/)"
same() { if [ -f "$1" ]; then cmp -s "$1" "$2"; else [ ! -s "$2" ]; fi; }
for dir in tests/golden/*/; do
    [ -f "$dir/args" ] || continue
    dir=${dir%/}
    got="$tmp/cli"
    rm -rf "$got" && mkdir -p "$got"
    (cd "$dir" && eval "\"\$prog\" $(cat args)") >"$got/out" 2>"$got/err"
    echo $? >"$got/status"
    if [ "${UPDATE:-0}" = 1 ] || [ "${UPDATE:-0}" = cli ]; then
        for s in out err; do
            if [ -s "$got/$s" ]; then cp "$got/$s" "$dir/expect.$s"
            else rm -f "$dir/expect.$s"; fi
        done
        if [ "$(cat "$got/status")" != 0 ]; then
            cp "$got/status" "$dir/expect.status"
        else rm -f "$dir/expect.status"; fi
    fi
    good=1
    same "$dir/expect.out" "$got/out" || good=0
    same "$dir/expect.err" "$got/err" || good=0
    want=$(cat "$dir/expect.status" 2>/dev/null || echo 0)
    [ "$(cat "$got/status")" = "$want" ] || good=0
    if [ $good = 1 ]; then ok
    else
        bad "$dir (status $(cat "$got/status"), want $want)"
        diff "$dir/expect.out" "$got/out" 2>/dev/null | head -n 10
        diff "$dir/expect.err" "$got/err" 2>/dev/null | head -n 10
    fi
done

echo "$pass passed, $fail failed"
[ $fail = 0 ]
