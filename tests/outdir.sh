#!/bin/sh
# outdir.sh - an output folder changes as one unit, or not at all (issue
# 16, items 5 and 7).  A large run of extract (and a merge) is made to
# fail or die at several moments: disk full (ulimit -f, and a small tmpfs
# where mounting is allowed), SIGINT, SIGHUP, SIGTERM and SIGKILL, the
# out-of-memory exit.  After each, the folder must hold the complete old
# set of tables and run.info, or the complete new one, byte for byte; no
# hidden temporary .NAME.EXT.XXXXXX may remain, except after SIGKILL,
# and then the next run removes them.
# Usage: tests/outdir.sh BUILD_DIR.  Ends with "N passed, N failed".
set -u
# SIGQUIT dumps core by default: none here.
ulimit -c 0 2>/dev/null
B=${1:-build}
top=$(cd "$(dirname "$0")/.." && pwd)
prog="$top/$B/utdrag"
export UTDRAG_RULES="$top/rules" LC_ALL=C
pass=0 fail=0
tmp=$(mktemp -d)
export UTDRAG_CACHE_DIR="$tmp/cache"   # not the user's ~/.cache (see run.sh)
mnt=
finish() {
    exec 3>&- 2>/dev/null
    [ -n "$mnt" ] && umount "$mnt" 2>/dev/null
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
    env --default-signal=INT,HUP,QUIT,PIPE,TERM "$prog" extract -q -j "${1:-1}" \
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
    for sig in INT:130:1 HUP:129:1 QUIT:131:1 PIPE:141:1 TERM:143:1 \
               TERM:143:2; do
        name=${sig%%:*} rest=${sig#*:}
        want=${rest%:*} jobs=${rest#*:}
        fresh stdin
        mid_run "SIG$name -j $jobs" "$jobs"
        stop "$name"
        if [ $st = "$want" ] && [ ! -s err ]
        then check "SIG$name -j $jobs mid-run" stdin old
        else bad "SIG$name -j $jobs mid-run: status $st, want $want"
             cat err; fi
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
    # After removing its temporaries utdrag dies of the signal itself, so
    # a shell loop stops on Ctrl-C (an exit(130) would look handled).
    fresh stdin
    if python3 - "$prog" <<'PY'
import signal, subprocess, sys
# env --default-signal as in start(): a suite started in the background
# (nohup make check &) hands SIGINT down ignored, and utdrag keeps an
# ignored SIGINT ignored.
p = subprocess.Popen(["env", "--default-signal=INT", sys.argv[1], "extract",
                      "-q", "-j", "1", "-o", "out", "big", "-"],
                     stdin=subprocess.PIPE,
                     stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                     restore_signals=True)
p.stdin.write(open("stdin.txt", "rb").read())
p.send_signal(signal.SIGINT)
p.stdin.close()
sys.exit(0 if p.wait() == -signal.SIGINT else 1)
PY
    then check "SIGINT: killed by the signal, not exit 130" stdin old
    else bad "SIGINT: utdrag did not die of the signal"; fi
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

echo "== disk full: ulimit -f (write() fails with EFBIG)"
# Three articles whose tables all fit in a stdio buffer (errors come at
# close, not at a row).
mkdir three
cp "$top/samples/sv-bosnia-inclusive-schools.txt" \
   "$top/samples/en-leova-storm-water.txt" \
   "$top/samples/en-balkans-letters-of-intent.txt" three/
x -o ref-three-old old && x -o ref-three-new three ||
    bad "reference runs (three)"
# Block size of ulimit -f: 512 bytes in dash, 1024 in bash.
(ulimit -f 1; trap '' XFSZ; head -c 4096 /dev/zero >probe) 2>/dev/null
blk=$(wc -c <probe)
# Limits below the size of each table of the new set (rounded down to a
# block), and 0: each limit fails the table that outgrows it first, at a
# row, at the header or at close (three: every table fits in a buffer).
limits() {
    for f in "ref-$1-new"/*; do
        s=$(wc -c <"$f")
        echo $(( (s - 1) / blk ))
    done
    echo 0
}
# limited N CMD...: run CMD with files limited to N blocks, SIGXFSZ
# ignored; $st is its status, err its standard error (through a pipe: a
# file would be limited too).
limited() {
    n=$1
    shift
    ( (trap '' XFSZ; ulimit -f "$n"; exec "$@") 2>&1 >/dev/null
      echo $? >st ) | cat >err
    st=$(cat st)
}
for kind in big three; do
    fmt=
    inp=big; [ $kind = three ] && inp=three
    for n in $(limits $kind | sort -nu); do
        fresh $kind
        limited "$n" "$prog" extract -q -j 1 $fmt -o out $inp
        if [ $st = 2 ] && grep -q '^utdrag: out/.*: File too large$' err
        then check "$kind, ulimit -f $n" $kind old
        else bad "$kind, ulimit -f $n: status $st"; cat err; fi
    done
done
echo "== xlsx: disk full in libxlsxwriter's temporary files (ulimit -f)"
# libxlsxwriter does not check its writes to its own temporary files (a
# sheet's rows): at each limit the run must fail (status 2, the old set)
# or give the whole workbook, never a damaged one with status 0.  big:
# limits below the size of the new workbook.  long: forty documents with
# long names and titles, whose rows outweigh the zip, at the limits just
# below the first that lets the run through: they cut only the last row,
# which libxlsxwriter writes while it builds the zip.
mkdir long
pad=$(printf 'x%.0s' $(seq 1 200)) words=$(printf 'ord%.0s ' $(seq 1 100))
for i in $(seq 10 49); do
    printf 'Rubrik %s %s\n\nText.\n' $i "$words" >"long/$pad-$i.txt"
done
x -f xlsx -o ref-xlsx-old old && x -f xlsx -o ref-xlsx-new big &&
    x -f xlsx -o ref-long-old old && x -f xlsx -o ref-long-new long ||
    bad "reference runs (xlsx)"
python3 "$top/tests/xlsx_check.py" ref-long-new/utdrag.xlsx --dump >long.dump
# xlsx_limit KIND N: one run; $st its status.
xlsx_limit() {
    ref=long; [ $1 = big ] && ref=xlsx
    rm -rf out && cp -r "ref-$ref-old" out
    limited "$2" "$prog" extract -q -j 1 -f xlsx -o out $1
    if [ $st = 2 ] && grep -q '^utdrag: out/utdrag.xlsx: ' err; then
        check "xlsx $1, ulimit -f $2" $ref old
    elif [ $st = 0 ] && [ $1 = long ] &&
         python3 "$top/tests/xlsx_check.py" out/utdrag.xlsx --dump \
             2>/dev/null | cmp -s - long.dump; then
        [ -z "$(temps out)" ] && ok || bad "xlsx $1, ulimit -f $2: temporaries"
    else
        bad "xlsx $1, ulimit -f $2: status $st, or a damaged workbook"
        cat err
    fi
}
for n in $(limits xlsx | sort -nu); do xlsx_limit big "$n"; done
# Every 8th limit until one lets the run through, then each of the 8
# below it and two above.
n=0 damaged=0
while [ $n -lt 400 ]; do
    n=$((n + 8))
    xlsx_limit long $n
    [ $st = 0 ] && break
done
[ $st = 0 ] || bad "xlsx long: no limit up to 400 blocks let it through"
for k in $(seq $((n - 7)) $((n + 2))); do
    [ $k = $n ] && continue
    xlsx_limit long $k
    grep -q 'damaged as written' err && damaged=$((damaged + 1))
done
echo "note: xlsx: $damaged limits gave a damaged zip, found when read back"

echo "== disk full: a small tmpfs (ENOSPC)"
mkdir mnt
# tmpfs(size): mount a tmpfs of that size on mnt; false where not allowed.
tmpfs() { [ "$(id -u)" = 0 ] && mount -t tmpfs -o "size=$1,mode=755" \
              utdrag-test mnt 2>/dev/null && mnt=$tmp/mnt; }
if tmpfs 64k; then
    umount mnt && mnt=
    # Sizes from too small for the new set beside the old one to large
    # enough: each run ends with status 2 and the old set, or status 0
    # and the new one, never a mix.  big: the rows fill the disk; three:
    # the tables fit in their buffers, so the disk fills at close.
    for case in three:24k three:28k three:32k three:40k \
                big:512k big:4m big:6m big:12m; do
        kind=${case%:*} size=${case#*:}
        tmpfs "$size" || { bad "tmpfs: mount size=$size"; continue; }
        cp -r "ref-$kind-old" mnt/out
        x -o mnt/out $kind >/dev/null 2>err
        st=$?
        rm -rf out && cp -r mnt/out out && cp /dev/null list &&
            ls -A mnt/out >list
        umount mnt && mnt=
        case $st in
        0) check "tmpfs $size: $kind (status 0)" $kind new ;;
        2) if grep -q '^utdrag: mnt/out/.*: No space left on device$' err
           then check "tmpfs $size: $kind (status 2)" $kind old
           else bad "tmpfs $size: $kind: message"; cat err; fi ;;
        *) bad "tmpfs $size: $kind: status $st"; cat err ;;
        esac
        grep -q '^\.utdrag\.lock$' list && bad "tmpfs $size: lock file left"
    done
else
    echo "SKIP tmpfs: cannot mount one here (not root, or no CAP_SYS_ADMIN):" \
         "the ulimit -f cases above cover the same paths"
fi

echo "== merge: disk full (ulimit -f)"
# The same promise, run.info included: merges of two shards.
for k in 1 2; do
    x --shard $k/2 -o old-s$k old && x --shard $k/2 -o big-s$k big || bad shards
done
"$prog" merge -o ref-merge-old old-s1 old-s2 &&
    "$prog" merge -o ref-merge-new big-s1 big-s2 || bad "reference merges"
for n in $(limits merge | sort -nu); do
    rm -rf out && cp -r ref-merge-old out
    limited "$n" "$prog" merge -o out big-s1 big-s2
    if [ $st = 2 ] && grep -q 'File too large' err
    then check "merge, ulimit -f $n" merge old
    else bad "merge, ulimit -f $n: status $st"; cat err; fi
done

echo "$pass passed, $fail failed"
[ $fail = 0 ]
