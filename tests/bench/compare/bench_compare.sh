#!/usr/bin/env bash
# make bench-compare: strom's benchmark and ../shared/peers (NATS JetStream,
# Redis Streams) back to back on this machine, on the same workloads, then
# one table with strom's ratio to each peer. Reports, never asserts.
#
# Environment (defaults in brackets):
#   RUNS [3]            runs of every strom workload (the peers' script takes RUNS too)
#   WORKLOADS ["100:1000000 1024:200000"]  SIZE:RECORDS, as the peers' script
#   BIG ["16384:20000"] SIZE:RECORDS of one more R3 acks=all produce per run and
#                       policy (strom only; "" for none), set beside the disk's
#                       raw rate: strom bench storage's sequential writes, each
#                       followed by fdatasync, of the bytes the store commits at
#                       once (64 entries of SIZE), measured next to it
#   WINDOW [1000]       records in flight, as the peers' script
#   LAT_N [20000]       records of the window-1 latency run
#   SCALE_PARTITIONS [3000]  partitions (R3) of the idle run at the end (0: none)
#   SKIP_PEERS [0]      1: reuse $PEERS_OUT/results/bench.raw from an earlier run
#   POLICIES ["always interval"]  the fsync policies of strom's clusters ("" for none)
#   KAFKA [1]           1: also each workload through the Kafka door with
#                       librdkafka (build/tests/bench/kafka_bench)
#   METRICS_COST [1]    1: what counting for /metrics costs: per run, R3 acks=all
#                       and R1 acks=1 produce of the first workload on a fresh
#                       fsync-always cluster with metrics on, then on one with
#                       STROM_METRICS=off (issue 29: under 2%)
#   TLS_COST [1]        1: what security costs: per run, R3 acks=all produce of
#                       each workload on a fresh fsync-always cluster with
#                       security on (strom tls init: mutual TLS between nodes
#                       and for the bench, which dials with a node's peer
#                       certificate), then the same with the bench as a user
#                       through the nodes' client doors (TLS and SCRAM-SHA-256,
#                       every call authorized), then on a plaintext one (issue
#                       30: at least 0.80x)
#   PORT_BASE [19410], KAFKA_PORT_BASE [19090], CLIENT_PORT_BASE [19710]
#                       node N listens on BASE + N
#   PEERS_OUT [/tmp/strom-peers]   where the peers' script writes
#   OUT [/tmp/strom-compare]       strom's raw lines, node logs and the table
# Every produce, consume and latency run also records its nodes' CPU (utime +
# stime of the three node processes, from /proc, before and after it) as
# server_cpu_s, and strom bench produce its own CPU as cpu_seconds: the table
# sets both per record beside the peers' figures of the same name.
# Every process started here is stopped by its pid; only 127.0.0.1 is used.
set -euo pipefail
top=$(cd "$(dirname "$0")/../../.." && pwd)
strom=$top/build/strom
kafka_bench=$top/build/tests/bench/kafka_bench
RUNS=${RUNS:-3}
WORKLOADS=${WORKLOADS:-"100:1000000 1024:200000"}
BIG=${BIG-"16384:20000"}
WINDOW=${WINDOW:-1000}
LAT_N=${LAT_N:-20000}
SCALE_PARTITIONS=${SCALE_PARTITIONS:-3000}
SKIP_PEERS=${SKIP_PEERS:-0}
POLICIES=${POLICIES-"always interval"}
KAFKA=${KAFKA:-1}
METRICS_COST=${METRICS_COST:-1}
TLS_COST=${TLS_COST:-1}
PORT_BASE=${PORT_BASE:-19410}
KAFKA_PORT_BASE=${KAFKA_PORT_BASE:-19090}
CLIENT_PORT_BASE=${CLIENT_PORT_BASE:-19710}
export PEERS_OUT=${PEERS_OUT:-/tmp/strom-peers}
OUT=${OUT:-/tmp/strom-compare}
RAW=$OUT/strom.raw
mkdir -p "$OUT"

if [[ $SKIP_PEERS != 1 ]]; then
  RUNS=$RUNS WORKLOADS=$WORKLOADS WINDOW=$WINDOW LAT_N=$LAT_N SWEEP=0 \
    bash "$top/../shared/peers/run-all.sh"
fi

launch_pid=""
stop_cluster() {
  if [[ -n $launch_pid ]]; then
    kill "$launch_pid" 2>/dev/null || true
    wait "$launch_pid" 2>/dev/null || true
    launch_pid=""
  fi
}
trap stop_cluster EXIT INT TERM

# A 3-node cluster on 127.0.0.1 with the given fsync policy, fresh data dirs;
# METRICS=off starts its nodes with STROM_METRICS=off; SECURE=1 turns
# security on (its certificates from strom tls init) and has every strom
# command here dial with node 1's peer certificate.
start_cluster() {
  local fsync=$1 dir=$OUT/cluster-$1
  rm -rf "$dir"
  mkdir -p "$dir"
  {
    echo "cluster: compare"
    echo "nodes:"
    for n in 1 2 3; do
      echo "  - {id: $n, host: 127.0.0.1, port: $((PORT_BASE + n)), data_dir: $dir/node-$n," \
        "controller: true, kafka_port: $((KAFKA_PORT_BASE + n))," \
        "client_port: $((CLIENT_PORT_BASE + n))}"
    done
    echo "defaults: {partitions: 3, replication_factor: 3, fsync: $fsync}"
    [[ ${SECURE:-0} == 1 ]] && security_section
  } >"$dir/manifest.yaml"
  use_tls "$dir"
  STROM_METRICS=${METRICS:-on} "$strom" launch "$dir/manifest.yaml" >"$dir/launch.log" 2>&1 &
  launch_pid=$!
  BOOTSTRAP=127.0.0.1:$((PORT_BASE + 1)),127.0.0.1:$((PORT_BASE + 2)),127.0.0.1:$((PORT_BASE + 3))
  KAFKA_BOOTSTRAP=127.0.0.1:$((KAFKA_PORT_BASE + 1)),127.0.0.1:$((KAFKA_PORT_BASE + 2))
  KAFKA_BOOTSTRAP+=,127.0.0.1:$((KAFKA_PORT_BASE + 3))
  for _ in $(seq 1 100); do
    if "$strom" cluster -b "$BOOTSTRAP" --json 2>/dev/null |
      grep -q '"alive":true.*"alive":true.*"alive":true'; then
      return 0
    fi
    sleep 0.2
  done
  echo "the $fsync cluster did not come up; see $dir/launch.log" >&2
  return 1
}

# The manifest's security section: every file beside it, in tls/.
security_section() {
  echo "security:"
  echo "  tls:"
  local file
  for file in "ca: tls/ca.crt" "cert: tls/node-{id}.crt" "key: tls/node-{id}.key" \
    "peer_ca: tls/peer-ca.crt" "peer_cert: tls/node-{id}.peer.crt" \
    "peer_key: tls/node-{id}.peer.key"; do
    echo "    $file"
  done
  echo "  authentication:"
  echo "    client: [mtls, scram-sha-256]"
}

# With SECURE=1 the cluster's certificates, and the environment every strom
# command dials with; without, a plaintext environment: DIR.
use_tls() {
  unset STROM_TLS_CA STROM_TLS_CERT STROM_TLS_KEY STROM_USER STROM_PASSWORD
  [[ ${SECURE:-0} == 1 ]] || return 0
  "$strom" tls init "$1/manifest.yaml" >"$1/tls-init.log"
  export STROM_TLS_CA=$1/tls/peer-ca.crt STROM_TLS_CERT=$1/tls/node-1.peer.crt
  export STROM_TLS_KEY=$1/tls/node-1.peer.key
}

# On a secure cluster: a user `bench` with SCRAM-SHA-256 and every right on
# the topics cmp-*, and the environment and bootstrap that have every strom
# command here go through the nodes' client doors as that user: DIR.
use_scram() {
  local manifest=$1/manifest.yaml
  echo bench-pw | "$strom" user create bench --manifest "$manifest" >/dev/null
  "$strom" acl add --principal bench --topic cmp- --prefixed --operation all \
    --manifest "$manifest" >/dev/null
  unset STROM_TLS_CERT STROM_TLS_KEY
  export STROM_USER=bench STROM_PASSWORD=bench-pw STROM_TLS_CA=$1/tls/ca.crt
  BOOTSTRAP=127.0.0.1:$((CLIENT_PORT_BASE + 1)),127.0.0.1:$((CLIENT_PORT_BASE + 2))
  BOOTSTRAP+=,127.0.0.1:$((CLIENT_PORT_BASE + 3))
}

# The node processes of the running cluster (children of strom launch).
node_pids() {
  pgrep -P "$launch_pid" -f "strom node" || true
}

HZ=$(getconf CLK_TCK)

# utime + stime of process PID so far, in clock ticks (fields 14 and 15 of
# /proc/PID/stat; a node's command name holds no space); 0 once it is gone.
cpu_ticks_of() {
  local stat
  read -ra stat 2>/dev/null </proc/"$1"/stat || { echo 0; return; }
  echo $((stat[13] + stat[14]))
}

# The node processes' CPU together, in clock ticks.
nodes_cpu_ticks() {
  local pid sum=0
  for pid in $(node_pids); do
    sum=$((sum + $(cpu_ticks_of "$pid")))
  done
  echo "$sum"
}

# CPU of each node while the cluster idles, as a share of one core.
measure_idle() {
  local fsync=$1 pid
  sleep 5
  declare -A before
  for pid in $(node_pids); do
    before[$pid]=$(cpu_ticks_of "$pid")
  done
  sleep 10
  for pid in "${!before[@]}"; do
    echo "RESULT label=strom-$fsync-idle mode=idle pid=$pid" \
      "cpu_pct=$(( ($(cpu_ticks_of "$pid") - before[$pid]) * 100 / HZ / 10 ))" >>"$RAW"
  done
}

# The most memory each node held (VmHWM), once the workloads ran.
measure_rss() {
  local fsync=$1 pid kb
  for pid in $(node_pids); do
    kb=$(awk '/^VmHWM:/ {print $2}' /proc/"$pid"/status)
    echo "RESULT label=strom-$fsync-rss mode=rss pid=$pid peak_rss_mb=$((kb / 1024))" >>"$RAW"
  done
}

# A benchmark's flat JSON object as a RESULT line: LABEL MODE JSON [FIELD=VALUE].
append_result() {
  echo "RESULT label=$1 mode=$2 $(echo "$3" | tr -d '{}" ' | tr ',' ' ' | tr ':' '=')${4:+ $4}" \
    >>"$RAW"
}

# Runs a benchmark printing one JSON object, appended as a RESULT line with
# the nodes' CPU while it ran (server_cpu_s): LABEL MODE COMMAND ARGS...
measured() {
  local label=$1 mode=$2 json ticks
  shift 2
  ticks=$(nodes_cpu_ticks)
  json=$("$@") || {
    echo "FAILED $label $mode" >>"$RAW"
    return 0
  }
  ticks=$(($(nodes_cpu_ticks) - ticks))
  append_result "$label" "$mode" "$json" \
    "server_cpu_s=$(awk -v t="$ticks" -v hz="$HZ" 'BEGIN { printf "%.2f", t / hz }')"
}

# One strom bench run, appended as a RESULT line: LABEL MODE COMMAND ARGS...
# (MODE names the figure: produce, consume or latency; COMMAND the bench).
bench() {
  local label=$1 mode=$2 command=$3
  shift 3
  measured "$label" "$mode" "$strom" bench "$command" -b "$BOOTSTRAP" --json "$@"
}

# The same as bench, through the Kafka door with librdkafka: LABEL MODE
# (produce or consume) ARGS... of kafka_bench.
kafka_bench() {
  local label=$1 mode=$2
  shift 2
  measured "$label" "$mode" "$kafka_bench" "$mode" -b "$KAFKA_BOOTSTRAP" "$@"
}

# The disk's raw rate beside the big workload: strom bench storage's writer
# (one group, 64 entries of SIZE a commit) and, on the same disk as the
# nodes' data, sequential writes of that commit's bytes, each followed by
# fdatasync (raw_mb_per_s): LABEL SIZE.
measure_raw() {
  local label=$1 size=$2 json
  json=$("$strom" bench storage -d "$OUT" --entry-bytes "$size" --groups 1 --fsync always \
    --json) || {
    echo "FAILED $label raw" >>"$RAW"
    return 0
  }
  append_result "$label" raw "$json"
}

# The big workload of one run: the disk's raw rate, then R3 acks=all
# produce of BIG's records beside it: FSYNC RUN.
run_big() {
  local fsync=$1 run=$2 size=${BIG%%:*} records=${BIG##*:}
  local topic=cmp-$fsync-big-s$size-run$run
  measure_raw "strom-$fsync-raw:s$size:run$run" "$size"
  bench "strom-$fsync-big:s$size:run$run" produce produce -t "$topic" -r 3 -a all -s "$size" \
    -n "$records" -w "$WINDOW"
  drop_topic "$topic"
}

# A workload through the Kafka door: a topic as strom bench makes it (3
# partitions), librdkafka producing then reading it back.
kafka_workload() {
  local label=$1 topic=$2 rf=$3 acks=$4 size=$5 records=$6
  "$strom" topic -b "$BOOTSTRAP" create "$topic" --partitions 3 --replication "$rf" \
    >/dev/null 2>&1 || echo "# could not create topic $topic" >>"$RAW"
  kafka_bench "$label" produce -t "$topic" -a "$acks" -s "$size" -n "$records" -w "$WINDOW"
  kafka_bench "$label" consume -t "$topic"
  drop_topic "$topic"
}

# A workload's topics go once it was measured, as the peers' script resets its
# stream before each run: every run then starts from a store of the same size
# (and reuses pages the last one freed, rather than growing the file).
drop_topic() {
  "$strom" topic -b "$BOOTSTRAP" delete "$1" >/dev/null 2>&1 ||
    echo "# could not delete topic $1" >>"$RAW"
}

# The workloads of one fsync policy: R3 acks=all and R1 acks=1, produce then
# read back, and the window-1 latency; every topic new, and deleted after.
run_policy() {
  local fsync=$1 run size records
  start_cluster "$fsync"
  measure_idle "$fsync"
  for run in $(seq 1 "$RUNS"); do
    for w in $WORKLOADS; do
      size=${w%%:*} records=${w##*:}
      for kind in r3 r1; do
        local topic=cmp-$fsync-$kind-s$size-run$run label=strom-$fsync-$kind:s$size:run$run
        local rf=3 acks=all
        [[ $kind == r1 ]] && rf=1 acks=1
        bench "$label" produce produce -t "$topic" -r $rf -a $acks -s "$size" -n "$records" \
          -w "$WINDOW"
        bench "$label" consume consume -t "$topic"
        if [[ $fsync == always ]]; then
          # A synchronous publisher, as the peers' W=1 run: nothing to linger for.
          bench "$label" latency produce -t "$topic-lat" -r $rf -a $acks -s "$size" \
            -n "$LAT_N" -w 1 --linger-ms 0
          drop_topic "$topic-lat"
        fi
        drop_topic "$topic"
        if [[ $KAFKA == 1 ]]; then
          kafka_workload "strom-kafka-$fsync-$kind:s$size:run$run" "$topic-kafka" $rf $acks \
            "$size" "$records"
        fi
      done
    done
    if [[ -n $BIG ]]; then
      run_big "$fsync" "$run"
    fi
  done
  measure_rss "$fsync"
  if [[ $fsync == always && $SCALE_PARTITIONS -gt 0 ]]; then
    # Issue 8's scale: thousands of idle partitions, each node's CPU and memory.
    bench "strom-$fsync-scale" scale idle -t "scale-$SCALE_PARTITIONS" \
      --partitions "$SCALE_PARTITIONS" --replication 3
  fi
  stop_cluster
}

# Counting's cost: the same produce on a cluster that counts and on one that
# does not, fresh clusters in turn, each run a pair (the table's ratio is the
# median of the runs' on / off).
run_metrics_cost() {
  local w=${WORKLOADS%% *} run state kind
  local size=${w%%:*} records=${w##*:}
  for run in $(seq 1 "$RUNS"); do
    for state in on off; do
      METRICS=$state start_cluster always
      for kind in r3 r1; do
        local rf=3 acks=all topic=cmp-mcost-$state-$kind-run$run
        [[ $kind == r1 ]] && rf=1 acks=1
        bench "strom-mcost$state-$kind:s$size:run$run" produce produce -t "$topic" -r $rf \
          -a $acks -s "$size" -n "$records" -w "$WINDOW"
        drop_topic "$topic"
      done
      stop_cluster
    done
  done
}

# Security's cost: each workload's R3 acks=all produce on a secure cluster
# (dialing as a node, then as a user through the client doors) and on a
# plaintext one. Every measurement gets a fresh cluster of its own: a log the
# previous workload grew costs new page-cache pages, and on a VM whose memory
# the host hands out on first touch that alone halves a run (measured).
run_tls_cost() {
  local w run state secure size records topic
  for run in $(seq 1 "$RUNS"); do
    for w in $WORKLOADS; do
      size=${w%%:*} records=${w##*:}
      for state in on scram off; do
        secure=0
        [[ $state != off ]] && secure=1
        SECURE=$secure start_cluster always
        [[ $state == scram ]] && use_scram "$OUT/cluster-always"
        topic=cmp-tcost-$state-s$size-run$run
        bench "strom-tcost$state-r3:s$size:run$run" produce produce -t "$topic" -r 3 -a all \
          -s "$size" -n "$records" -w "$WINDOW"
        unset STROM_USER STROM_PASSWORD
        stop_cluster
      done
    done
  done
  unset STROM_TLS_CA STROM_TLS_CERT STROM_TLS_KEY
}

echo "# bench_compare started $(date -Is); $(nproc) cores; RUNS=$RUNS WINDOW=$WINDOW BIG=$BIG" \
  >"$RAW"
for policy in $POLICIES; do
  run_policy "$policy"
done
if [[ $METRICS_COST == 1 ]]; then
  run_metrics_cost
fi
if [[ $TLS_COST == 1 ]]; then
  run_tls_cost
fi
python3 "$top/tests/bench/compare/bench_compare.py" "$RAW" "$PEERS_OUT/results/bench.raw" |
  tee "$OUT/table.md"
