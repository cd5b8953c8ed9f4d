#!/bin/sh
# db.sh - extract -f sqlite (issue 19): a database a run brings up to
# date, as one transaction.  Export gives back extract's CSV byte for
# byte; an incremental run (new, changed, removed documents) gives the
# database a full run gives; a run killed at several moments (SIGINT,
# SIGTERM, SIGKILL), out of file space, or meeting another writer leaves
# the database as it was (PRAGMA integrity_check ok, the same rows).
# check DB finds what is wrong in a database (damaged on purpose here)
# and never changes it, even while a run writes to it.
# Usage: tests/db.sh BUILD_DIR.  Ends with "N passed, N failed".
# python3's sqlite3 module is the independent reader.
set -u
B=${1:-build}
top=$(cd "$(dirname "$0")/.." && pwd)
prog="$top/$B/utdrag"
export UTDRAG_RULES="$top/rules" LC_ALL=C
pass=0 fail=0
tmp=$(mktemp -d)
export UTDRAG_CACHE_DIR="$tmp/cache"   # not the user's ~/.cache (see run.sh)
trap 'exec 3>&- 2>/dev/null; rm -rf "$tmp"' EXIT
cd "$tmp" || exit 2

ok() { pass=$((pass + 1)); }
bad() { fail=$((fail + 1)); echo "FAIL $*"; }
x() { "$prog" extract -q -j 1 "$@"; }

# rows DB: integrity_check's verdict, then each table's row count.
rows() {
    python3 - "$1" <<'PY'
import sqlite3, sys
c = sqlite3.connect(sys.argv[1])
print(c.execute("PRAGMA integrity_check").fetchone()[0],
      c.execute("PRAGMA foreign_key_check").fetchall() == [] and "fk-ok")
for t in ("documents", "pairs", "quotes", "speakers", "tags"):
    print(t, c.execute("SELECT count(*) FROM " + t).fetchone()[0])
PY
}
sound() { rows "$1" >rows.out; head -n 1 rows.out; }
# dump DB: every table's rows (all columns but run_id, seq and the run
# table: those differ between an incremental and a full run), sorted.
dump() {
    python3 - "$1" <<'PY'
import sqlite3, sys
c = sqlite3.connect(sys.argv[1])
for t in ("documents", "pairs", "quotes", "speakers", "tags"):
    cols = [r[1] for r in c.execute("PRAGMA table_info(%s)" % t)
            if r[1] not in ("seq", "run_id")]
    for r in sorted(c.execute("SELECT %s FROM %s" % (",".join(cols), t)),
                    key=repr):
        print(t, repr(r))
PY
}
# same_db WHAT DB REF: DB holds the rows of REF (a dump) and is sound.
same_db() {
    if [ "$(sound "$2")" != "ok fk-ok" ]; then
        bad "$1: integrity: $(sound "$2")"
    elif dump "$2" | cmp -s - "$3"; then ok
    else bad "$1: rows differ from the expected database"
         dump "$2" | diff "$3" - | head -n 5; fi
}

# -- inputs: the old batch (one article), the new one (100 copies of the
#    Swedish and English samples, about 4 MB), 300 KB for standard input.
mkdir old big
cp "$top/samples/sv-bosnia-inclusive-schools.txt" old/
i=0
while [ $i -lt 100 ]; do
    mkdir big/$i && cp "$top"/samples/sv-*.txt "$top"/samples/en-*.txt big/$i/
    i=$((i + 1))
done
i=0
while [ $i -lt 8 ]; do cat big/0/*.txt; i=$((i + 1)); done >stdin.txt

echo "== export gives extract's tables byte for byte (samples/)"
ls "$top"/samples/* | grep -vE '\.(expected|md|tsv)$' >list
# shellcheck disable=SC2046
x -o csv $(cat list) >/dev/null 2>&1
x -f sqlite -o s.sqlite $(cat list) >/dev/null 2>&1
for f in tsv csv; do
    x -f $f -o flat-$f $(cat list) >/dev/null 2>&1
    "$prog" export -f $f -o exp-$f s.sqlite ||
        bad "export -f $f: status $?"
    if diff -r flat-$f exp-$f >diff.out; then ok
    else bad "export -f $f differs from extract -f $f"; head diff.out; fi
done
"$prog" export -t quotes s.sqlite >q.csv && cmp -s q.csv flat-csv/quotes.csv &&
    ok || bad "export -t quotes to standard output"
"$prog" export -f xlsx -o exp-xlsx s.sqlite && x -f xlsx -o flat-xlsx \
    $(cat list) >/dev/null 2>&1
python3 "$top/tests/xlsx_check.py" exp-xlsx/utdrag.xlsx --dump >x1 2>&1
python3 "$top/tests/xlsx_check.py" flat-xlsx/utdrag.xlsx --dump >x2 2>&1
[ -s x1 ] && cmp -s x1 x2 && ok || bad "export -f xlsx: other cells than extract -f xlsx"
# Types: codes are text (leading zeros), counts integers.
t=$(python3 -c '
import sqlite3, sys
c = sqlite3.connect(sys.argv[1])
print(c.execute("SELECT typeof(swedish_code), typeof(line) FROM pairs "
                "WHERE swedish_code LIKE \"0%\" LIMIT 1").fetchone(),
      c.execute("SELECT typeof(bytes) FROM documents LIMIT 1").fetchone())
' s.sqlite)
[ "$t" = "('text', 'integer') ('integer',)" ] && ok || bad "column types: $t"
# The views join (pair_quotes: a pair with the quotes of its article).
n=$(python3 -c '
import sqlite3, sys
c = sqlite3.connect(sys.argv[1])
print(c.execute("SELECT count(*) FROM pair_quotes").fetchone()[0] ==
      c.execute("SELECT count(*) FROM pairs p JOIN quotes q USING (doc_id)"
                ).fetchone()[0] > 0)' s.sqlite)
[ "$n" = True ] && ok || bad "view pair_quotes"

echo "== check DB: sound, consistent, up to date; never changed"
# ck NAME ARG...: check a database; its stdout in ck.out, stderr in
# ck.err, status in $st.
ck() { "$prog" check "$@" >ck.out 2>ck.err; st=$?; }
# damage DB SQL: a copy of s.sqlite changed by SQL (python's sqlite3,
# foreign keys off, as any other program may have them).
damage() {
    rm -f "$1"* && cp s.sqlite "$1" &&
        python3 -c 'import sqlite3, sys
c = sqlite3.connect(sys.argv[1])
c.executescript(sys.argv[2])
c.commit()' "$1" "$2"
}
# expect WHAT STATUS: ck's status and stdout (the file "want").
expect() {
    if [ $st = "$2" ] && cmp -s want ck.out && [ ! -s ck.err ]; then ok
    else bad "check: $1: status $st, want $2"; diff want ck.out | head
         head -n 3 ck.err; fi
}
cp s.sqlite s-before.sqlite
ck s.sqlite
echo "4 passed, 0 failed" >want
cmp -s s.sqlite s-before.sqlite || echo "(the database changed)" >>ck.err
expect "a sound database, not changed" 0
# A database is known by its first bytes too, whatever its name.
cp s.sqlite archive-copy
ck archive-copy
expect "a database named otherwise" 0
# A pairs row deleted: documents.pairs disagrees.
q=$(python3 -c 'import sqlite3, sys
c = sqlite3.connect(sys.argv[1])
d, n = c.execute("SELECT doc_id, pairs FROM documents WHERE pairs > 2 "
                 "ORDER BY seq LIMIT 1").fetchone()
print("%s\t%d" % (d, n))' s.sqlite)
doc=${q%%"	"*} n=${q#*"	"}
damage c1.sqlite "DELETE FROM pairs WHERE rowid = (SELECT min(rowid) FROM
    pairs WHERE doc_id = '$doc')"
ck c1.sqlite
printf "FAIL c1.sqlite: counts\n  doc_id '%s': documents.pairs is %d, but pairs has %d rows of it\n3 passed, 1 failed\n" \
    "$doc" "$n" $((n - 1)) >want
expect "a pairs row deleted" 1
# A row of a doc_id documents does not have (foreign keys off).
damage c2.sqlite "INSERT INTO quotes (doc_id, quote) VALUES ('gone.txt', 'x')"
ck c2.sqlite
printf "FAIL c2.sqlite: keys\n  quotes: 1 row of doc_id 'gone.txt', which is not in documents\n3 passed, 1 failed\n" >want
expect "an orphan row" 1
# Documents extracted with other rules: stale, with what to do.
all=$(python3 -c 'import sqlite3, sys
print(sqlite3.connect(sys.argv[1]).execute(
    "SELECT count(*) FROM documents").fetchone()[0])' s.sqlite)
damage c3.sqlite "UPDATE documents SET rules_digest = '0' WHERE rowid IN
    (SELECT rowid FROM documents ORDER BY seq LIMIT 2)"
ck c3.sqlite
printf "FAIL c3.sqlite: rules\n  2 of %d documents were extracted with other rules: run \`utdrag extract -f sqlite -o c3.sqlite PATH...\` again to update them\n3 passed, 1 failed\n" \
    "$all" >want
expect "stale documents" 1
# --allow-stale: listed as a note, and the check passes.
ck --allow-stale c3.sqlite
printf "note c3.sqlite: rules (--allow-stale)\n  2 of %d documents were extracted with other rules: run \`utdrag extract -f sqlite -o c3.sqlite PATH...\` again to update them\n4 passed, 0 failed\n" \
    "$all" >want
expect "--allow-stale" 0
# --strict makes other rows, so a database made without it is stale.
ck --strict s.sqlite
grep -qx "  $all of $all documents were extracted with other rules: run \`utdrag extract --strict -f sqlite -o s.sqlite PATH...\` again to update them" \
    ck.out && [ $st = 1 ] && ok || { bad "check --strict"; cat ck.out; }
# Many problems: 20 listed, then how many more.
damage c4.sqlite "DELETE FROM tags; DELETE FROM quotes"
k=$(python3 -c 'import sqlite3, sys
print(sqlite3.connect(sys.argv[1]).execute(
    "SELECT sum(tags > 0) + sum(quotes > 0) FROM documents").fetchone()[0])' \
    s.sqlite)
ck c4.sqlite
[ $st = 1 ] && [ "$(grep -c "^  doc_id '.*': documents.[a-z]* is" ck.out)" = 20 ] &&
    grep -qx "  \.\.\. and $((k - 20)) more" ck.out && ok ||
    { bad "check: 20 problems listed, then the rest counted"; cat ck.out; }
# A damaged file (an index that disagrees with its table): what
# integrity_check says, and no other check.
damage c5.sqlite "PRAGMA writable_schema = ON;
    UPDATE sqlite_schema SET sql = 'CREATE INDEX tags_tag ON tags(value, tag)'
    WHERE name = 'tags_tag'"
ck c5.sqlite
[ $st = 1 ] && sed -n 1,2p ck.out | tr '\n' '|' |
    grep -qx "FAIL c5.sqlite: integrity|  row 1 missing from index tags_tag|" &&
    tail -n 2 ck.out | tr '\n' '|' | grep -qx "  (the other checks were not run: they would read the damaged file)|0 passed, 1 failed|" &&
    ok || { bad "check: a damaged database"; cat ck.out; }
# Not a database, or a truncated one: exit 2, nothing on stdout.
echo garbage >g.sqlite
ck g.sqlite
[ $st = 2 ] && [ ! -s ck.out ] &&
    [ "$(cat ck.err)" = "utdrag: g.sqlite: not an SQLite database (file is not a database)" ] &&
    ok || { bad "check: garbage: status $st"; cat ck.err; }
head -c 8192 s.sqlite >t.sqlite
ck t.sqlite
[ $st = 2 ] && [ ! -s ck.out ] && grep -q '^utdrag: t.sqlite: .*malformed' ck.err &&
    ok || { bad "check: truncated: status $st"; cat ck.err; }
damage c6.sqlite "PRAGMA user_version = 99"
ck c6.sqlite
[ $st = 2 ] && [ ! -s ck.out ] &&
    [ "$(cat ck.err)" = "utdrag: c6.sqlite: written by a later utdrag (schema 99; this one knows 1)" ] &&
    ok || { bad "check: a later schema: status $st"; cat ck.err; }
# Several databases, one unreadable: the others are checked, exit 2.
ck g.sqlite c2.sqlite
[ $st = 2 ] && grep -qx "FAIL c2.sqlite: keys" ck.out && ok ||
    { bad "check: a database and an unreadable one: status $st"; cat ck.out; }
# A writer in the middle of its transaction: check reads the last
# commit, and is not blocked.
python3 - "$prog" <<'PY' >lock.out 2>&1
import sqlite3, subprocess, sys
c = sqlite3.connect("s.sqlite", isolation_level=None)
c.execute("BEGIN IMMEDIATE")
c.execute("DELETE FROM pairs")
r = subprocess.run([sys.argv[1], "check", "s.sqlite"], capture_output=True,
                   text=True, timeout=60)
c.execute("ROLLBACK")
print(r.returncode, r.stdout + r.stderr, end="")
PY
[ "$(cat lock.out)" = "0 4 passed, 0 failed" ] &&
    cmp -s s.sqlite s-before.sqlite && ok ||
    { bad "check while another process writes (or it changed the file)"
      cat lock.out; }

echo "== --shard and merge: shards of databases merge as CSV shards do"
for k in 1 2 3; do
    x --shard $k/3 -f sqlite -o sh$k.sqlite $(cat list) >/dev/null 2>&1
    x --shard $k/3 -o shc$k $(cat list) >/dev/null 2>&1
done
"$prog" merge -o merged.sqlite sh1.sqlite sh2.sqlite sh3.sqlite &&
    "$prog" merge -o mergedc shc1 shc2 shc3 &&
    "$prog" export -o merged-exp merged.sqlite &&
    diff -r -x run.info mergedc merged-exp >diff.out && ok ||
    { bad "merge of database shards differs from merge of CSV shards"
      head diff.out; }
# The merged database holds what one run gives (rows sorted: a merge
# lists documents by doc_id).
x -f sqlite -o one.sqlite $(cat list) >/dev/null 2>&1
dump one.sqlite >one.dump
same_db "merge of shards" merged.sqlite one.dump
"$prog" merge -o part.sqlite sh1.sqlite sh3.sqlite 2>err
[ $? = 2 ] && grep -qx 'utdrag: missing shard 2/3' err && [ ! -e part.sqlite ] &&
    ok || { bad "merge with a shard missing"; cat err; }
"$prog" merge --allow-partial -o part.sqlite sh1.sqlite sh3.sqlite 2>err
[ $? = 1 ] && ok || { bad "merge --allow-partial"; cat err; }
"$prog" merge -o mixed.sqlite sh1.sqlite shc2 shc3 2>err
[ $? = 2 ] && grep -q 'shc2: format csv, sh1.sqlite has sqlite' err && ok ||
    { bad "merge of a database and a folder"; cat err; }

echo "== incremental: new, changed, unchanged, removed"
mkdir inc
cp "$top"/samples/sv-*.txt inc/
x -f sqlite -o inc.sqlite inc
rm inc/sv-habo-and-habo.txt
printf '\nLerum och Gori förlänger sitt partnerskap.\n' >>inc/sv-network-meeting.txt
cp "$top/samples/en-leova-storm-water.txt" inc/zz-new.txt
x --summary --prune -f sqlite -o inc.sqlite inc 2>sum.err
x -f sqlite -o full.sqlite inc
dump full.sqlite >full.dump
same_db "incremental run" inc.sqlite full.dump
n=$(ls inc | wc -l)
grep -qx "utdrag: inc.sqlite: 1 new, 1 changed, $((n - 2)) unchanged, 1 removed documents" \
    sum.err && ok || { bad "--summary of the incremental run"; cat sum.err; }
x -o inc-csv inc && "$prog" export -o inc-exp inc.sqlite &&
    diff -r inc-csv inc-exp >/dev/null && ok ||
    bad "export of the incremental database differs from extract's CSV"
# Unchanged: nothing extracted, nothing written.
x --summary -f sqlite -o inc.sqlite inc 2>sum.err
grep -q "0 new, 0 changed, $n unchanged, 0 removed" sum.err &&
    grep -q "^utdrag: 0 documents" sum.err && ok ||
    { bad "a run with nothing new"; cat sum.err; }
# Other rules (a changed rules digest): every document again.
cp -r "$top/rules" rules2
printf '\n# changed\n' >>rules2/common.rules
x --summary --rules rules2 -f sqlite -o inc.sqlite inc 2>sum.err
grep -q "0 new, $n changed, 0 unchanged" sum.err && ok ||
    { bad "a run with other rules"; cat sum.err; }
# Without --prune, a document not read stays; with it, it goes.
x --summary -f sqlite -o inc.sqlite inc/zz-new.txt 2>sum.err
[ "$(rows inc.sqlite | grep documents)" = "documents $n" ] && ok ||
    bad "without --prune: $(rows inc.sqlite | grep documents)"
# A doc_id read twice: kept once, said so.
x --summary -f sqlite -o inc.sqlite inc/zz-new.txt inc/zz-new.txt 2>sum.err
grep -q "1 doc_id read twice, kept once" sum.err && ok ||
    { bad "doc_id read twice"; cat sum.err; }

echo "== a run that fails or is stopped leaves the database as it was"
x -f sqlite -o ref-old.sqlite old && dump ref-old.sqlite >old.dump
x -f sqlite -o ref-new.sqlite big - <stdin.txt && dump ref-new.sqlite >new.dump
fresh() { rm -f db.sqlite db.sqlite-wal db.sqlite-shm
          cp ref-old.sqlite db.sqlite; }
signals=yes
env --default-signal=INT true 2>/dev/null || signals=no
# Deterministic moment (as tests/outdir.sh): the run reads big/, then
# standard input, a FIFO; writing 300 KB into it returns only once
# utdrag is inside its run.
start() {
    rm -f fifo && mkfifo fifo
    env --default-signal=INT,HUP,TERM "$prog" extract -q -j "${1:-1}" \
        -f sqlite -o db.sqlite big - <fifo >/dev/null 2>err &
    pid=$!
    exec 3>fifo
}
stop() { kill -"$1" $pid; exec 3>&-; wait $pid; st=$?; }
if [ $signals = no ]; then
    echo "SKIP signals: env --default-signal missing (coreutils < 8.31)"
else
    for sig in INT:130:1 TERM:143:1 HUP:129:2 KILL:137:1 KILL:137:2; do
        name=${sig%%:*} rest=${sig#*:}
        want=${rest%:*} jobs=${rest#*:}
        fresh
        start "$jobs"
        cat stdin.txt >&3
        [ -e db.sqlite-wal ] || bad "SIG$name: no WAL mid-run (moment missed)"
        stop "$name"
        [ $st = "$want" ] || bad "SIG$name -j $jobs: status $st, want $want"
        same_db "SIG$name -j $jobs mid-run" db.sqlite old.dump
    done
    # Early (perhaps before the database is open) and late (standard
    # input just closed: it commits, or not): old or new, never between.
    for when in early late late; do
        for sig in TERM KILL; do
            fresh
            start
            if [ $when = late ]; then cat stdin.txt >&3; exec 3>&-; fi
            stop $sig
            if dump db.sqlite | cmp -s - old.dump ||
               dump db.sqlite | cmp -s - new.dump; then
                [ "$(sound db.sqlite)" = "ok fk-ok" ] && ok ||
                    bad "SIG$sig $when: integrity"
            else bad "SIG$sig $when (status $st): neither old nor new"; fi
        done
    done
    # A reader during a run is not blocked and sees the old state.
    fresh
    "$prog" export -o exp-old db.sqlite
    start
    cat stdin.txt >&3
    "$prog" export -o exp-mid db.sqlite 2>err-mid
    rc=$?
    stop TERM
    [ $rc = 0 ] && diff -r exp-old exp-mid >/dev/null && ok ||
        { bad "export during a run: status $rc"; cat err-mid; }
    # check during a run: not blocked, the last commit is sound.
    fresh
    start
    cat stdin.txt >&3
    "$prog" check db.sqlite >ck.out 2>&1
    rc=$?
    stop TERM
    [ $rc = 0 ] && [ "$(cat ck.out)" = "4 passed, 0 failed" ] && ok ||
        { bad "check during a run: status $rc"; cat ck.out; }
    same_db "check during a run" db.sqlite old.dump
    # After SIGKILL the next run goes on from the old state.
    fresh
    start
    cat stdin.txt >&3
    stop KILL
    x --prune -f sqlite -o db.sqlite big - <stdin.txt
    same_db "the run after SIGKILL" db.sqlite new.dump
    # A database the run was creating: SIGINT removes it.
    rm -f db.sqlite*
    start
    cat stdin.txt >&3
    stop INT
    [ $st = 130 ] && [ ! -e db.sqlite ] && [ ! -e db.sqlite-wal ] && ok ||
        bad "SIGINT while creating: status $st, left: $(ls db.sqlite* 2>&1)"
    # SIGKILL while creating: a database without tables, which the next
    # run fills.
    start
    cat stdin.txt >&3
    stop KILL
    x -f sqlite -o db.sqlite big - <stdin.txt
    same_db "the run after SIGKILL while creating" db.sqlite new.dump
fi

echo "== out of file space: ulimit -f"
fresh
( (trap '' XFSZ; ulimit -f 600; exec "$prog" extract -q -j 1 -f sqlite \
    -o db.sqlite big) 2>&1 >/dev/null; echo $? >st ) | cat >err
st=$(cat st)
if [ "$st" = 2 ] && grep -q 'db.sqlite' err; then
    same_db "ulimit -f" db.sqlite old.dump
else bad "ulimit -f: status $st"; cat err; fi

echo "== another writer: refused at once, nothing changed"
fresh
python3 - "$prog" <<'PY' >lock.out 2>&1
import sqlite3, subprocess, sys
c = sqlite3.connect("db.sqlite", isolation_level=None)
c.execute("BEGIN IMMEDIATE")
r = subprocess.run([sys.argv[1], "extract", "-q", "-f", "sqlite", "-o",
                    "db.sqlite", "big"], capture_output=True, text=True)
c.execute("ROLLBACK")
print(r.returncode, r.stderr, end="")
PY
[ "$(cat lock.out)" = "2 utdrag: db.sqlite: another process is writing to this database" ] &&
    ok || { bad "locked database"; cat lock.out; }
same_db "locked database" db.sqlite old.dump

echo "$pass passed, $fail failed"
[ $fail = 0 ]
