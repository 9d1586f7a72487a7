#!/usr/bin/env bash
# Runs every libFuzzer binary of a build-fuzz dir for SECONDS each, JOBS at a
# time (one per core), from its seeds, its regressions and CORPUS_ROOT/<name>
# (where the inputs it finds are kept), then prints one line per harness:
# executions, coverage (cov: edges, ft: features) and corpus size. Exits
# non-zero when any harness found a crash, a leak or a timeout; its input is
# in BUILD_DIR/fuzz-artifacts/ and its log in BUILD_DIR/fuzz-logs/.
#
#   run_fuzzers.sh BUILD_DIR SECONDS CORPUS_ROOT [JOBS]
set -euo pipefail

build=$(cd "$1" && pwd)
seconds=$2
corpus_root=$3
jobs=${4:-2}
regressions=$(cd "$(dirname "$0")" && pwd)/regressions
logs=$build/fuzz-logs
artifacts=$build/fuzz-artifacts
rm -rf "$logs" && mkdir -p "$logs" "$artifacts" "$corpus_root"

# One harness: seeds from the binary itself, then the run.
run_one() {
  local bin=$1 name
  name=$(basename "$bin" _fuzz)
  local seeds=$build/fuzz-seeds/$name corpus=$corpus_root/$name
  rm -rf "$seeds" && mkdir -p "$corpus"
  "$bin" --write-seeds="$seeds"
  local dirs=("$corpus" "$seeds")
  [ -d "$regressions/$name" ] && dirs+=("$regressions/$name")
  local rc=0
  UBSAN_OPTIONS=print_stacktrace=1 "$bin" -max_total_time="$seconds" -timeout=10 \
    -rss_limit_mb=2048 -print_final_stats=1 -artifact_prefix="$artifacts/$name-" \
    "${dirs[@]}" > "$logs/$name.log" 2>&1 || rc=$?
  echo "$rc" > "$logs/$name.rc"
}
export -f run_one
export build seconds corpus_root regressions logs artifacts

ls "$build"/tests/fuzz/*_fuzz | xargs -P "$jobs" -I{} bash -c 'run_one {}'

failed=0
printf '%-20s %-7s %12s %8s %8s %8s %s\n' harness result executions exec/s cov ft corpus
for rc_file in "$logs"/*.rc; do
  name=$(basename "$rc_file" .rc)
  log=$logs/$name.log
  result=ok
  if [ "$(cat "$rc_file")" != 0 ]; then result=FINDING; failed=1; fi
  execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log")
  rate=$(sed -n 's/^stat::average_exec_per_sec: *//p' "$log")
  last=$(grep -E '^#[0-9]+.*cov: ' "$log" | tail -1 || true)
  cov=$(sed -n 's/.* cov: \([0-9]*\).*/\1/p' <<< "$last")
  ft=$(sed -n 's/.* ft: \([0-9]*\).*/\1/p' <<< "$last")
  corp=$(sed -n 's/.* corp: \([^ ]*\).*/\1/p' <<< "$last")
  printf '%-20s %-7s %12s %8s %8s %8s %s\n' "$name" "$result" "${execs:--}" "${rate:--}" \
    "${cov:--}" "${ft:--}" "${corp:--}"
done
if [ "$failed" != 0 ]; then
  echo "findings: see $logs/<name>.log; inputs in $artifacts/" >&2
  grep -l -E '^(==[0-9]+== ?ERROR|SUMMARY: )' "$logs"/*.log >&2 || true
fi
exit "$failed"
