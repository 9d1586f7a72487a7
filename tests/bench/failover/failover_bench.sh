#!/usr/bin/env bash
# What losing a node costs at scale: three `strom node` processes on
# 127.0.0.1 (each started and stopped by its pid, not by strom launch, which
# stops the whole cluster when one node dies), one topic of PARTITIONS
# partitions at replication 3, then kill -9 of node 1, which leads about a
# third of them. Prints the seconds until every partition has a leader again
# on the survivors, as their metadata says (polled; each poll of a large
# topic takes a fraction of a second, so the figure is an upper bound).
# Reports, never asserts. `strom bench idle` measures the same cluster idle.
#
# Environment: PARTITIONS [10000], PORT_BASE [19810] (node N listens on
# BASE + N), OUT [/tmp/strom-failover] (manifest, data, node logs).
set -euo pipefail
top=$(cd "$(dirname "$0")/../../.." && pwd)
strom=$top/build/strom
PARTITIONS=${PARTITIONS:-10000}
PORT_BASE=${PORT_BASE:-19810}
OUT=${OUT:-/tmp/strom-failover}
rm -rf "$OUT" && mkdir -p "$OUT"

pids=()
stop_all() { for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done; }
trap stop_all EXIT INT TERM

{
  echo "cluster: failover"
  echo "nodes:"
  for n in 1 2 3; do
    echo "  - {id: $n, host: 127.0.0.1, port: $((PORT_BASE + n)), data_dir: $OUT/node-$n," \
      "controller: true}"
  done
} >"$OUT/manifest.yaml"
for n in 1 2 3; do
  "$strom" node --manifest "$OUT/manifest.yaml" --id "$n" >"$OUT/node-$n.log" 2>&1 &
  pids+=($!)
done
survivors=127.0.0.1:$((PORT_BASE + 2)),127.0.0.1:$((PORT_BASE + 3))

# Partitions of the topic with a leader other than node $1 (-1: no answer).
led_without() {
  "$strom" topic -b "$survivors" describe failover --json --timeout-ms 3000 2>/dev/null |
    python3 -c '
import json, sys
try:
    ps = json.load(sys.stdin)["partitions"]
except Exception:
    print(-1); sys.exit()
print(sum(1 for p in ps if p.get("leader", -1) not in (-1, None, int(sys.argv[1]))))' "$1"
}

wait_led() { # $1: the node not to count, $2: the longest wait in polls
  local led=-1
  for _ in $(seq 1 "$2"); do
    led=$(led_without "$1")
    [[ $led == "$PARTITIONS" ]] && return 0
    sleep 0.3
  done
  echo "only $led of $PARTITIONS partitions have a leader" >&2
  return 1
}

for _ in $(seq 1 100); do
  "$strom" cluster -b "$survivors" --json 2>/dev/null |
    grep -q '"alive":true.*"alive":true.*"alive":true' && break
  sleep 0.2
done
"$strom" topic -b "$survivors" create failover --partitions "$PARTITIONS" --replication 3 >/dev/null
wait_led 0 600
start_ns=$(date +%s%N)
kill -9 "${pids[0]}"
wait_led 1 300
end_ns=$(date +%s%N)
echo "partitions=$PARTITIONS replication=3 failover_ms=$(((end_ns - start_ns) / 1000000))"
