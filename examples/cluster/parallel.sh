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
# Every shard is a deterministic 1/N of the documents (a stable hash of
# the doc_id), so a failed shard can simply be run again.
set -eu
in=$1 out=$2 n=${3:-8}
utdrag=${UTDRAG:-utdrag}
mkdir -p "$out"
seq 1 "$n" | parallel --will-cite --halt now,fail=1 --sshlogin "${SSHLOGIN:-:}" \
    --jobs "${JOBS:-1}" \
    "$utdrag" extract -q --shard "{}/$n" -o "$out/shard-{}" "$in"
"$utdrag" merge -o "$out/merged" "$out"/shard-*
echo "merged tables in $out/merged"
