#!/bin/sh
# cluster.sh - the recipes of examples/cluster/ on real engines: GNU parallel
# with local workers, and a one-node Slurm started here for the test
# (munged, slurmctld, slurmd from a generated config in a temporary folder).
# Usage: tests/cluster.sh BUILD_DIR [recipes|slurm|all]   (default: all)
#   recipes  parallel.sh with a bad record, slurm.sbatch's refusals (no
#            daemons; make check runs this part)
#   slurm    the Slurm job array, the merge job, one shard rerun
# Where Slurm cannot start or run a job (a container without the
# privileges), that part says so loudly and counts as skipped, never as
# passed.  Ends with "N passed, N failed, N skipped"; exits 1 on a failure.
# The log of every step goes to BUILD_DIR/cluster.log (cluster-recipes.log
# for the recipes part alone).
set -u
B=${1:-build}
what=${2:-all}
top=$(cd "$(dirname "$0")/.." && pwd)
prog="$top/$B/utdrag"
ex="$top/examples/cluster"
export UTDRAG_RULES="$top/rules" LC_ALL=C UTDRAG="$prog"
unset SHARDS SHARD_BASE SLURM_ARRAY_TASK_ID
case $what in
recipes) log="$top/$B/cluster-recipes.log" ;;
slurm | all) log="$top/$B/cluster.log" ;;
*) echo "usage: tests/cluster.sh BUILD_DIR [recipes|slurm|all]" >&2; exit 2 ;;
esac
pass=0 fail=0 skip=0
tmp=$(mktemp -d "${TMPDIR:-/tmp}/utdrag-cluster.XXXXXX") || exit 2
chmod 755 "$tmp"
daemons=
names=
rule=$(printf "%72s" "" | tr " " "#")
: >"$log"

say() { printf '%s\n' "$*" | tee -a "$log"; }
ok() { pass=$((pass + 1)); say "ok   $*"; }
bad() { fail=$((fail + 1)); say "FAIL $*"; }
# Log a file's last lines, indented.
tail_log() { [ -f "$1" ] && tail -n "${2:-15}" "$1" | indent; }
# Log standard input, indented.
indent() { sed 's/^/    | /' | tee -a "$log"; }
# same_tables A B WHAT: cmp the five tables of A and B.
same_tables() {
    for t in documents pairs quotes speakers tags; do
        if cmp "$1/$t.csv" "$2/$t.csv" >>"$log" 2>&1; then
            say "     cmp $t.csv: identical"
        else
            bad "$3: $t.csv differs"
            return 1
        fi
    done
    ok "$3"
}
stop_daemons() {
    [ -n "$daemons" ] || return 0
    for pid in $daemons; do kill "$pid" 2>/dev/null; done
    for pid in $daemons; do wait "$pid" 2>/dev/null; done
    left=
    for pid in $daemons; do
        kill -0 "$pid" 2>/dev/null && left="$left $pid"
    done
    if [ -z "$left" ]; then say "     daemons stopped (PIDs$daemons)"
    else bad "daemons still running: PIDs$left"; fi
    daemons=
}
trap 'stop_daemons; rm -rf "$tmp"' EXIT
trap 'exit 2' INT TERM HUP

say "utdrag cluster test, $(date -u '+%Y-%m-%d %H:%M:%S UTC')," \
    "$(hostname -s), in $tmp"

# The batch: samples/ plus a JSON Lines archive whose records 3 and 7 are
# malformed.  Its records have no id, so their doc_id is FILE:LINE and the
# merged rows (doc_id order) come in the order of a single run.
mkdir -p "$tmp/in"
find "$top/samples" -maxdepth 1 -type f -exec cp {} "$tmp/in/" \;
for i in 1 2 3 4 5 6 7 8 9; do
    case $i in
    3) echo '{"text": "unterminated' ;;
    7) echo '{not json at all' ;;
    *) printf '{"text": "Record %s. The Leova Town Hall and Hvidovre\\n' $i
       printf 'Municipality signed a partnership agreement on water."}\n' ;;
    esac
done >"$tmp/in/0-bad.jsonl"
cd "$tmp" || exit 2
"$prog" extract -q -o one in 2>/dev/null
st=$?
nerr=$(grep -c '^in/0-bad.jsonl:[37],.*,error,' one/documents.csv)
if [ $st = 1 ] && [ "$nerr" = 2 ]; then
    ok "single run of $(($(wc -l <one/documents.csv) - 1)) documents:" \
        "exit 1, 2 error rows"
else
    bad "single run: exit $st (want 1), $nerr error rows (want 2)"
fi

recipes() {
    say "== GNU parallel recipe: 4 shards on 2 local workers, 2 bad records"
    if ! command -v parallel >/dev/null; then
        bad "GNU parallel is not installed (make test-deps installs it)"
        return
    fi
    SSHLOGIN=2/: "$ex/parallel.sh" in par 4 >par.out 2>par.err
    st=$?
    tail_log par.err 3
    if [ $st = 1 ] &&
       grep -q '1 of 4 shards had documents with status error' par.err
    then ok "parallel.sh: exit 1, 1 of 4 shards reported with document errors"
    else bad "parallel.sh: exit $st (want 1)"; tail_log par.err; fi
    same_tables one par/merged "parallel.sh: merged tables = a single run"
    n=$(grep -c ',error,' par/merged/documents.csv)
    if [ "$n" = 2 ]; then ok "parallel.sh: the 2 error rows in documents.csv"
    else bad "parallel.sh: $n error rows in documents.csv (want 2)"; fi

    say "== GNU parallel recipe: a failing shard stops the run (exit 2)"
    UTDRAG=false "$ex/parallel.sh" in parfail 2 >/dev/null 2>parfail.err
    st=$?
    if [ $st = 2 ] && [ ! -e parfail/merged ]
    then ok "parallel.sh: exit 2, nothing merged"
    else bad "parallel.sh with a failing utdrag: exit $st (want 2)"; fi

    say "== slurm.sbatch and merge.sh without Slurm: shard addressing"
    # refused ENV...: the script exits 2 with a message, no shard written.
    refused() {
        env "$@" sh "$ex/slurm.sbatch" in norun >nr.out 2>nr.err
        st=$?
        if [ $st = 2 ] && [ ! -e norun/shard-1 ]; then
            ok "slurm.sbatch refuses $*: $(head -n 1 nr.err)"
        else bad "slurm.sbatch $*: exit $st (want 2)"; tail_log nr.err; fi
    }
    refused SLURM_ARRAY_TASK_ID=1
    refused SHARDS=4
    refused SHARDS=4 SLURM_ARRAY_TASK_ID=0
    refused SHARDS=4 SLURM_ARRAY_TASK_ID=5
    refused SHARDS=4 SHARD_BASE=0 SLURM_ARRAY_TASK_ID=4
    env SHARDS=4 SHARD_BASE=0 SLURM_ARRAY_TASK_ID=3 SLURM_CPUS_PER_TASK=2 \
        sh "$ex/slurm.sbatch" in base0 >b0.out 2>&1
    st=$?
    if [ $st -le 1 ] && grep -q "shard 4/4 (array index 3): exit $st" b0.out &&
       diff -r base0/shard-4 par/shard-4 >>"$log" 2>&1
    then ok "SHARD_BASE=0: index 3 is shard 4/4 (= parallel.sh's shard-4)"
    else bad "SHARD_BASE=0 index 3: exit $st"; tail_log b0.out; fi
    UTDRAG_RULES=/nonexistent env SHARDS=4 SLURM_ARRAY_TASK_ID=2 \
        sh "$ex/slurm.sbatch" in base0 >/dev/null 2>&1
    st=$?
    if [ $st -ge 2 ] && [ ! -e base0/shard-2 ] &&
       [ "$(cat base0/.shard-2.exit)" = "$st" ]
    then ok "a failing shard (exit $st) leaves no OUTDIR/shard-K"
    else bad "a failing shard: exit $st, $(ls -d base0/shard-2 2>&1)"; fi
    "$ex/merge.sh" base0 4 >m0.out 2>m0.err
    st=$?
    if [ $st = 2 ] && grep -q 'shards missing in base0: 1,2,3' m0.err
    then ok "merge.sh: exit 2, names the missing shards 1,2,3"
    else bad "merge.sh, shards missing: exit $st (want 2)"; tail_log m0.err; fi

    say "== slurm.sbatch and merge.sh without Slurm: FORMAT=sqlite"
    for k in 1 2 3; do
        env FORMAT=sqlite SHARDS=3 SLURM_ARRAY_TASK_ID=$k \
            sh "$ex/slurm.sbatch" in db >/dev/null 2>&1
    done
    FORMAT=sqlite "$ex/merge.sh" db 3 >mdb.out 2>mdb.err
    st=$?
    if [ $st = 1 ] && [ -f db/merged.sqlite ] &&
       "$prog" export -o db/exp db/merged.sqlite 2>>"$log"; then
        same_tables one db/exp "FORMAT=sqlite: merged database = a single run"
    else bad "FORMAT=sqlite: merge.sh exit $st (want 1)"; tail_log mdb.err; fi
}

# started NAME PID: a daemon to stop at the end.
started() {
    daemons="$daemons $2" names="$names $1=$2"
    say "     $1 started, PID $2"
}

# up: start munged, slurmctld and slurmd; return 1 (reason in $why) if
# they do not come up with the node idle.
up() {
    for c in munged slurmctld slurmd sbatch sinfo scontrol squeue scancel; do
        command -v $c >/dev/null ||
            { why="no $c (apt-get install slurm-wlm munge)"; return 1; }
    done
    node=$(hostname -s)
    s=$tmp/slurm
    mkdir -p "$s/state" "$s/spool" "$s/munge"
    chmod 755 "$s/munge"
    dd if=/dev/urandom of="$s/munge/key" bs=1024 count=1 2>/dev/null
    chmod 600 "$s/munge/key"
    munged -F --force --key-file="$s/munge/key" \
        --socket="$s/munge/socket" --pid-file="$s/munge/pid" \
        --log-file="$s/munge/log" --seed-file="$s/munge/seed" \
        >"$s/munged.out" 2>&1 &
    started munged $!
    # Ports from the PID: two test runs on one machine do not collide.
    port=$((20000 + $$ % 20000 * 2))
    cat >"$s/slurm.conf" <<EOF
ClusterName=utdragtest
SlurmctldHost=$node(127.0.0.1)
SlurmctldPort=$port
SlurmdPort=$((port + 1))
SlurmUser=root
SlurmdUser=root
AuthType=auth/munge
AuthInfo=socket=$s/munge/socket
CredType=cred/munge
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
JobAcctGatherType=jobacct_gather/none
AccountingStorageType=accounting_storage/none
MpiDefault=none
SelectType=select/cons_tres
SelectTypeParameters=CR_CPU
SchedulerType=sched/builtin
ReturnToService=2
StateSaveLocation=$s/state
SlurmdSpoolDir=$s/spool
SlurmctldPidFile=$s/slurmctld.pid
SlurmdPidFile=$s/slurmd.pid
SlurmctldLogFile=$s/slurmctld.log
SlurmdLogFile=$s/slurmd.log
SlurmctldDebug=info
SlurmdDebug=info
MinJobAge=600
NodeName=$node NodeAddr=127.0.0.1 CPUs=$(nproc) State=UNKNOWN
PartitionName=debug Nodes=$node Default=YES MaxTime=INFINITE State=UP
EOF
    export SLURM_CONF="$s/slurm.conf"
    deadline=$(($(date +%s) + 10))
    until [ -S "$s/munge/socket" ]; do
        [ "$(date +%s)" -lt "$deadline" ] ||
            { why="munged did not start"; return 1; }
        sleep 0.2
    done
    slurmctld -D -i -f "$SLURM_CONF" >"$s/slurmctld.out" 2>&1 &
    started slurmctld $!
    slurmd -D -f "$SLURM_CONF" -N "$node" >"$s/slurmd.out" 2>&1 &
    started slurmd $!
    deadline=$(($(date +%s) + 60))
    state=
    while :; do
        state=$(sinfo -h -n "$node" -o %t 2>/dev/null)
        [ "$state" = idle ] && break
        for d in $names; do
            kill -0 "${d#*=}" 2>/dev/null ||
                { why="${d%=*} (PID ${d#*=}) exited"; return 1; }
        done
        [ "$(date +%s)" -lt "$deadline" ] ||
            { why="node $node not idle after 60 s (${state:-no state})";
              return 1; }
        sleep 0.5
    done
    say "     node $node idle ($(nproc) CPUs), slurm.conf in $s"
    # A job that cannot fail: if even it fails, Slurm cannot run jobs here.
    if ! timeout 60 sbatch --wait -Q -o "$s/probe.out" --wrap true \
        >/dev/null 2>"$s/probe.err"; then
        why="a trivial job (sbatch --wrap true) did not complete"
        tail_log "$s/probe.err" 5
        return 1
    fi
}

# show_job ID: log the id, array index, state and exit code of each task.
show_job() {
    scontrol -o show job "$1" 2>/dev/null | awk '{
        l = "";
        for (i = 1; i <= NF; i++)
            if ($i ~ /^(JobId|ArrayJobId|ArrayTaskId|JobState|ExitCode)=/)
                l = l " " $i;
        print "      " l
    }' | tee -a "$log"
}

# submit LABEL SBATCH-ARGS...: sbatch --wait --parsable, at most 120 s;
# sets $jobid and $st (the job's highest exit code).  After 120 s: a
# failure, every job of this test's cluster cancelled, and return 1.
submit() {
    label=$1
    shift
    timeout 120 sbatch --parsable --wait "$@" >"$s/sbatch.out" 2>"$s/sbatch.err"
    st=$?
    jobid=$(head -n 1 "$s/sbatch.out")
    say "     $label: job $jobid, sbatch --wait exit $st"
    if [ $st = 124 ]; then
        bad "$label: job $jobid still not done after 120 s:"
        squeue -h -o '     %i %T %r' | tee -a "$log"
        scancel --user="$(id -un)" 2>/dev/null
        return 1
    fi
    show_job "$jobid"
}

slurm() {
    say "== Slurm: a one-node cluster for the test"
    if ! up; then
        skip=$((skip + 1))
        say "$rule"
        say "SKIP: Slurm could not start here: $why"
        say "      (the Slurm recipe is NOT tested here; the logs end:)"
        for f in munge/log munged.out slurmctld.log slurmctld.out \
                 slurmd.log slurmd.out; do
            [ -s "$s/$f" ] && { say "  --- $f"; tail_log "$s/$f" 8; }
        done
        say "$rule"
        stop_daemons
        return
    fi
    ok "Slurm up: munged, slurmctld, slurmd; a trivial job ran"

    say "== Slurm: SHARDS=4 sbatch --array=1-4 slurm.sbatch in out," \
        "merge.sh as a dependent job"
    export SHARDS=4
    array=$(sbatch --parsable -o "$s/%x-%A_%a.out" --array=1-4 \
        "$ex/slurm.sbatch" in out 2>"$s/sbatch.err")
    say "     array job $array submitted"
    submit "merge job" -o "$s/%x-%j.out" --dependency="afterany:$array" \
        "$ex/merge.sh" out 4 || return
    say "     the array's tasks:"
    show_job "$array"
    cat "$s"/utdrag-"$array"_*.out "$s"/utdrag-merge-*.out 2>/dev/null |
        indent
    if [ $st = 1 ] && [ -f out/merged/documents.csv ]
    then ok "array + merge job: exit 1 (document errors), tables merged"
    else bad "array + merge job: exit $st (want 1)"; fi
    same_tables one out/merged "Slurm: merged tables = a single run"
    n=$(grep -c ',error,' out/merged/documents.csv 2>/dev/null)
    if [ "$n" = 2 ]; then ok "Slurm: the 2 error rows in documents.csv"
    else bad "Slurm: $n error rows in documents.csv (want 2)"; fi

    say "== Slurm: rerun shard 3 alone (SHARDS=4 sbatch --array=3)"
    cp -R out/shard-3 shard-3.first
    want=$(cat out/.shard-3.exit)
    submit "rerun of shard 3" -o "$s/%x-%A_%a.out" --array=3 \
        "$ex/slurm.sbatch" in out || return
    indent <"$s/utdrag-${jobid}_3.out"
    if [ "$st" = "$want" ] &&
       grep -q 'shard 3/4 (array index 3)' "$s/utdrag-${jobid}_3.out" &&
       diff -r shard-3.first out/shard-3 >>"$log" 2>&1
    then ok "rerun of shard 3/4: exit $st as before, same shard-3 (diff -r)"
    else bad "rerun of shard 3: exit $st (want $want) or tables differ"; fi

    say "== Slurm: a 0-based array (SHARD_BASE=0 sbatch --array=0-3)"
    export SHARD_BASE=0
    submit "0-based array" -o "$s/%x-%A_%a.out" --array=0-3 \
        "$ex/slurm.sbatch" in out0 || return
    "$ex/merge.sh" out0 4 >>"$log" 2>&1
    m=$?
    if [ $st = 1 ] && [ $m = 1 ]; then
        same_tables one out0/merged "Slurm: 0-based, merged = a single run"
    else bad "0-based array: sbatch exit $st, merge.sh exit $m (want 1, 1)"; fi
    unset SHARDS SHARD_BASE
    stop_daemons
}

case $what in
recipes) recipes ;;
slurm) slurm ;;
all) recipes; slurm ;;
esac
say "$pass passed, $fail failed, $skip skipped"
[ $fail = 0 ]
