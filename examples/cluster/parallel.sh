#!/bin/sh
# parallel.sh - run utdrag over a batch as N shards with GNU parallel,
# on this machine or across machines, then merge the shards.
#
#   examples/cluster/parallel.sh INPUT OUTDIR [N]
#
# INPUT is a folder or archive every machine sees at the same path (NFS,
# a copied snapshot ...); OUTDIR likewise.  Environment:
#   SSHLOGIN  GNU parallel --sshlogin list, e.g. "8/node1,8/node2"
#             (default ":" = this machine only)
#   JOBS      shards run at once per machine (default: 1; each shard uses
#             all the machine's cores through utdrag -j)
#   UTDRAG    the utdrag binary (default: utdrag on the PATH)
#   FORMAT    csv (default), tsv or sqlite: with sqlite each shard is a
#             database OUTDIR/shard-K.sqlite, merged into
#             OUTDIR/merged.sqlite
# Every shard is a deterministic 1/N of the documents (a stable hash of
# the doc_id), so a failed shard can simply be run again:
#   utdrag extract -q --shard K/N -o OUTDIR/shard-K INPUT
#
# A shard whose utdrag exits 1 (some documents had status error; their
# rows in documents.csv say why) is complete and does not stop the run;
# exit 2 or more stops every shard (--halt now,fail=1).  Exit status: 0;
# 1 the merged tables are complete but some documents had errors; 2 a
# shard or the merge failed.
set -eu
in=$1 out=$2 n=${3:-8}
utdrag=${UTDRAG:-utdrag}
fmt=${FORMAT:-csv}
case $fmt in
csv | tsv) ext= ;;
sqlite) ext=.sqlite ;;
*) echo "parallel.sh: FORMAT is csv, tsv or sqlite, not '$fmt'" >&2; exit 2 ;;
esac
# quote ARG: ARG as one word of a shell command line.
quote() {
    printf "'%s'" "$(printf '%s' "$1" | sed "s/'/'\\\\''/g")"
}
# One shard, run by sh on the worker: exit 1 becomes 0 plus a line on
# stdout, so that GNU parallel's --halt sees only real failures.
job='k=$1 n=$2 u=$3 in=$4 out=$5 fmt=$6 ext=$7
"$u" extract -q -f "$fmt" --shard "$k/$n" -o "$out/shard-$k$ext" "$in"
rc=$?
[ $rc -le 1 ] || exit $rc
[ $rc = 0 ] || echo "document-errors shard-$k"'
mkdir -p "$out"
rc=0
done=$(seq 1 "$n" |
    parallel --will-cite --halt now,fail=1 --sshlogin "${SSHLOGIN:-:}" \
        --jobs "${JOBS:-1}" \
        "sh -c $(quote "$job") sh {} $(quote "$n") $(quote "$utdrag")" \
        "$(quote "$in") $(quote "$out") $(quote "$fmt") $(quote "$ext")") ||
    rc=$?
if [ $rc != 0 ]; then
    echo "parallel.sh: a shard failed (exit $rc); nothing merged" >&2
    exit 2
fi
# Exactly shards 1..N: not the stale ones of an earlier run with a larger N.
set --
k=1
while [ $k -le "$n" ]; do
    set -- "$@" "$out/shard-$k$ext"
    k=$((k + 1))
done
"$utdrag" merge -o "$out/merged$ext" "$@" || {
    echo "parallel.sh: utdrag merge failed" >&2
    exit 2
}
echo "merged tables in $out/merged$ext"
errs=$(printf '%s\n' "$done" | grep -c '^document-errors ' || :)
if [ "$errs" != 0 ]; then
    echo "parallel.sh: $errs of $n shards had documents with status error" \
        "(see the documents table in $out/merged$ext); the tables are" \
        "complete" >&2
    exit 1
fi
