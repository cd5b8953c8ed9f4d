#!/bin/sh
# merge.sh - merge the N shards slurm.sbatch wrote into OUTDIR/merged.
#
#   examples/cluster/merge.sh OUTDIR N            (or: sbatch merge.sh ...)
#
# Refuses (exit 2) unless every OUTDIR/shard-1 .. shard-N is there, and
# names the shards to rerun.  Exit status: 0; 1 the tables are merged and
# complete but some shards had documents with status error (their rows in
# documents.csv say which); 2 or more a shard is missing or merge failed.
# UTDRAG is the utdrag binary (default: utdrag on the PATH).  FORMAT=sqlite:
# the shards are databases OUTDIR/shard-K.sqlite (slurm.sbatch with
# FORMAT=sqlite), merged into OUTDIR/merged.sqlite.
#SBATCH --job-name=utdrag-merge
set -u
[ $# = 2 ] || { echo "usage: merge.sh OUTDIR N" >&2; exit 2; }
out=$1 n=$2
utdrag=${UTDRAG:-utdrag}
ext=
[ "${FORMAT:-csv}" = sqlite ] && ext=.sqlite
case $n in '' | 0 | *[!0-9]*)
    echo "merge.sh: N must be a positive number, not '$n'" >&2; exit 2 ;;
esac
missing=''
errs=0
k=1
set --
while [ $k -le "$n" ]; do
    if [ -f "$out/shard-$k/run.info" ] ||
       { [ -n "$ext" ] && [ -f "$out/shard-$k$ext" ]; }; then
        set -- "$@" "$out/shard-$k$ext"
        [ "$(cat "$out/.shard-$k.exit" 2>/dev/null)" = 1 ] &&
            errs=$((errs + 1))
    else
        missing=${missing:+$missing,}$k
    fi
    k=$((k + 1))
done
if [ -n "$missing" ]; then
    echo "merge.sh: shards missing in $out: $missing; rerun them:" >&2
    echo "  SHARDS=$n sbatch --array=$missing slurm.sbatch INPUT $out" >&2
    exit 2
fi
"$utdrag" merge -o "$out/merged$ext" "$@"
rc=$?
if [ $rc != 0 ]; then
    echo "merge.sh: utdrag merge failed (exit $rc)" >&2
    [ $rc -ge 2 ] && exit $rc
    exit 2
fi
echo "merge.sh: $n shards merged in $out/merged$ext"
if [ $errs != 0 ]; then
    echo "merge.sh: $errs of $n shards had documents with status error" \
        "(see the documents table in $out/merged$ext); the tables are" \
        "complete" >&2
    exit 1
fi
exit 0
