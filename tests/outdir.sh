#!/bin/sh
# outdir.sh - an output folder changes as one unit, or not at all (issue
# 16, items 5 and 7).  A large run of extract is stopped at several
# moments: SIGINT, SIGHUP, SIGTERM, the out-of-memory exit, a file over
# ulimit -f, SIGKILL.  After each, the folder must hold the complete old
# set of tables and run.info, or the complete new one, byte for byte; no
# hidden temporary .NAME.EXT.XXXXXX may remain, except after SIGKILL,
# and then the next run removes them.
# Usage: tests/outdir.sh BUILD_DIR.  Ends with "N passed, N failed".
set -u
B=${1:-build}
top=$(cd "$(dirname "$0")/.." && pwd)
prog="$top/$B/utdrag"
export UTDRAG_RULES="$top/rules" LC_ALL=C
pass=0 fail=0
tmp=$(mktemp -d)
finish() {
    exec 3>&- 2>/dev/null
    rm -rf "$tmp"
}
trap finish EXIT
cd "$tmp" || exit 2

ok() { pass=$((pass + 1)); }
bad() { fail=$((fail + 1)); echo "FAIL $*"; }

# The hidden temporaries utdrag leaves in folder $1 (none: empty).
temps() { ls -A "$1" 2>/dev/null | grep -E '^\..+\.[A-Za-z0-9]{6}$'; }
# Which set folder $1 holds: "old" or "new" (the visible files equal
# ref-$2-old or ref-$2-new byte for byte), else "mixed".
state() {
    if diff -r -x '.*' "ref-$2-old" "$1" >/dev/null 2>&1; then echo old
    elif diff -r -x '.*' "ref-$2-new" "$1" >/dev/null 2>&1; then echo new
    else echo mixed; fi
}
# fresh KIND: folder out holds the old set of KIND (tables and run.info).
fresh() { rm -rf out && cp -r "ref-$1-old" out; }
# check WHAT KIND WANT: out holds a set in WANT ("old", "new" or
# "old|new") and no temporaries; says what it found otherwise.
check() {
    got=$(state out "$2")
    left=$(temps out)
    case "|$3|" in
    *"|$got|"*) [ -z "$left" ] && ok ||
                bad "$1: temporaries left: $(echo $left)" ;;
    *) bad "$1: folder holds a $got set, want $3"
       diff -r -x '.*' "ref-$2-old" out | head -n 5 ;;
    esac
}
x() { "$prog" extract -q -j 1 "$@"; }

# -- inputs: the old batch (one article) and the new one (100 copies of
#    the Swedish and English samples, about 4 MB), and 300 KB of article
#    for standard input (see the signal tests).
mkdir old big
cp "$top/samples/sv-bosnia-inclusive-schools.txt" old/
i=0
while [ $i -lt 100 ]; do
    mkdir big/$i && cp "$top"/samples/sv-*.txt "$top"/samples/en-*.txt big/$i/
    i=$((i + 1))
done
i=0
while [ $i -lt 8 ]; do cat big/0/*.txt; i=$((i + 1)); done >stdin.txt
x -o ref-big-old old && x -o ref-big-new big &&
    x -o ref-stdin-old old && x -o ref-stdin-new big - <stdin.txt ||
    { bad "reference runs"; echo "$pass passed, $fail failed"; exit 1; }

echo "== signals: SIGINT, SIGHUP, SIGTERM during a large run"
# Deterministic moment: the run reads big/ (writing its rows to the
# temporaries), then standard input, a FIFO.  Writing 300 KB into the
# FIFO returns only once utdrag has read more than the pipe holds, so it
# is then inside its run, its temporaries open, and cannot finish before
# the FIFO is closed.  A background job of sh ignores SIGINT; env
# --default-signal gives utdrag the default back.
signals=yes
env --default-signal=INT true 2>/dev/null || signals=no
# start [JOBS]: utdrag in the background on big/ and the FIFO; $pid.
start() {
    rm -f fifo && mkfifo fifo
    env --default-signal=INT,HUP,TERM "$prog" extract -q -j "${1:-1}" \
        -o out big - <fifo >/dev/null 2>err &
    pid=$!
    exec 3>fifo
}
mid_run() {
    start "${2:-1}"
    cat stdin.txt >&3
    [ -n "$(temps out)" ] || bad "$1: no temporaries mid-run (moment missed)"
}
# stop SIG: send SIG to $pid, close the FIFO; $st is the status.
stop() {
    kill -"$1" $pid
    exec 3>&-
    wait $pid
    st=$?
}
if [ $signals = no ]; then
    echo "SKIP signals: env --default-signal missing (coreutils < 8.31)"
else
    for sig in INT:130:1 HUP:129:1 TERM:143:1 TERM:143:2; do
        name=${sig%%:*} rest=${sig#*:}
        want=${rest%:*} jobs=${rest#*:}
        fresh stdin
        mid_run "SIG$name -j $jobs" "$jobs"
        stop "$name"
        if [ $st = "$want" ] && [ ! -s err ]
        then check "SIG$name -j $jobs mid-run" stdin old
        else bad "SIG$name -j $jobs mid-run: status $st, want $want"; cat err; fi
        [ ! -e out/.utdrag.lock ] || bad "SIG$name: lock file left"
    done
    # Early (the run may not have opened anything yet) and late (standard
    # input just closed: it finishes the last article and commits, or
    # not): the moment differs from run to run, the promise does not.
    for when in early late late late; do
        fresh stdin
        start
        if [ $when = late ]; then cat stdin.txt >&3; exec 3>&-; fi
        stop TERM
        case $st in
        0|143) check "SIGTERM $when (status $st)" stdin "old|new" ;;
        *) bad "SIGTERM $when: status $st"; cat err ;;
        esac
    done
fi

echo "== out of memory (exit 3): temporaries removed"
if (ulimit -v 400000; "$prog" --version) >/dev/null 2>&1; then
    fresh stdin
    (ulimit -v 400000; exec "$prog" extract -q -j 1 --max-doc-size 4G \
        -o out big - </dev/zero) >/dev/null 2>err
    st=$?
    if [ $st = 3 ] && [ "$(cat err)" = "utdrag: out of memory" ]
    then check "out of memory" stdin old
    else bad "out of memory: status $st"; cat err; fi
else
    echo "SKIP out of memory: utdrag does not start under ulimit -v" \
         "(a sanitizer build reserves its shadow memory)"
fi

echo "== SIGXFSZ: a file over ulimit -f is a write error"
# utdrag ignores SIGXFSZ itself: else it would die of it, leaving its
# temporaries.
fresh big
( (ulimit -f 4; exec "$prog" extract -q -j 1 -o out big) 2>&1 >/dev/null
  echo $? >st ) | cat >err
st=$(cat st)
if [ $st = 2 ] && grep -q 'File too large' err; then check "SIGXFSZ" big old
else bad "SIGXFSZ not ignored: status $st"; cat err; fi

echo "== SIGKILL during a large run; the next run removes its temporaries"
if [ $signals = no ]; then
    echo "SKIP SIGKILL: env --default-signal missing (coreutils < 8.31)"
else
    # Mid-run: the temporaries stay.
    fresh stdin
    mid_run SIGKILL
    stop KILL
    left=$(temps out)
    if [ $st = 137 ] && [ "$(state out stdin)" = old ] && [ -n "$left" ]
    then ok
    else bad "SIGKILL mid-run: status $st, $(state out stdin) set, left: $left"
    fi
    x -o out big - <stdin.txt
    check "the run after SIGKILL mid-run" stdin new
    # Early and late.  Late may land between two renames: that leaves no
    # run.info (see README.md), each table old or new, and the next run
    # puts the new set in place.
    for when in early late late late; do
        fresh stdin
        start
        if [ $when = late ]; then cat stdin.txt >&3; exec 3>&-; fi
        stop KILL
        s=$(state out stdin)
        if [ "$s" = mixed ] && [ ! -e out/run.info ]; then
            echo "note: SIGKILL $when landed between two renames (no run.info)"
            s=window
        fi
        case $s in old|new|window) ok ;;
        *) bad "SIGKILL $when: status $st, folder holds a $s set" ;; esac
        x -o out big - <stdin.txt
        check "the run after SIGKILL $when" stdin new
    done
fi

echo "$pass passed, $fail failed"
[ $fail = 0 ]
