#!/usr/bin/env bash
# Runs the latency benchmarks under one set of JVM/Pekko settings, RUNS times, and prints each run and
# the medians. The settings reach every JVM of a run (the bench and its --remote second JVM) through
# JAVA_TOOL_OPTIONS, so ours and the raw-Pekko baseline always get the same ones (issue 18: the ratio
# must stay honest). Run after `mvn -q -DskipTests package`, on a quiet machine.
#
#   docs/scripts/latency-study.sh LABEL [RUNS] -- [JVM options...]
#   docs/scripts/latency-study.sh lanes1 3 -- -Dpekko.remote.artery.advanced.inbound-lanes=1
#
# Each run: `bench orders --remote` (in memory) and `bench feed --rate 10000 --remote`. The collector is
# bin/piker's (PIKER_GC, see docs/cli.md, and JAVA=... for another JDK), the same in both JVMs.
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
label=${1:?usage: latency-study.sh LABEL [RUNS] -- [JVM options...]}
shift
runs=3
if [ $# -gt 0 ] && [ "$1" != "--" ]; then runs=$1; shift; fi
[ "${1:-}" = "--" ] && shift
export JAVA_TOOL_OPTIONS="$*"
rate=${RATE:-10000}
seconds=${SECONDS_PER_PATH:-5}
median() { sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
field() { python3 -c "import json,sys; d=json.load(sys.stdin); print($1)"; }

declare -a o50 o99 b50 ratio f50 f99 fb50 f999 fb999 fratio
for i in $(seq "$runs"); do
  orders=$("$root/bin/piker" bench orders --remote --orders "${ORDERS:-3000}" --json 2>/dev/null | tail -1)
  feed=$("$root/bin/piker" bench feed --remote --subscribers 1 --rate "$rate" --seconds "$seconds" --json \
    2>/dev/null | tail -1)
  o50+=("$(echo "$orders" | field "d['ours']['p50_us']")")
  o99+=("$(echo "$orders" | field "d['ours']['p99_us']")")
  b50+=("$(echo "$orders" | field "d['baseline']['p50_us']")")
  ratio+=("$(echo "$orders" | field "d['ratio']")")
  f50+=("$(echo "$feed" | field "d['ours']['p50_us']")")
  f99+=("$(echo "$feed" | field "d['ours']['p99_us']")")
  fb50+=("$(echo "$feed" | field "d['baseline']['p50_us']")")
  f999+=("$(echo "$feed" | field "d['ours']['p999_us']")")
  fb999+=("$(echo "$feed" | field "d['baseline']['p999_us']")")
  fratio+=("$(echo "$feed" | field "round(d['ours']['p50_us'] / max(1, d['baseline']['p50_us']), 2)")")
  echo "$label run $i: orders p50 ours ${o50[-1]} µs (p99 ${o99[-1]}), baseline ${b50[-1]} µs, ratio ${ratio[-1]};" \
    "feed@$rate p50 ours ${f50[-1]} µs, baseline ${fb50[-1]} µs (x${fratio[-1]}), p99 ours ${f99[-1]}," \
    "p99.9 ours ${f999[-1]} baseline ${fb999[-1]} µs"
done
m() { printf '%s\n' "$@" | median; }
echo "$label medians: orders p50 ours $(m "${o50[@]}") µs (p99 $(m "${o99[@]}")), baseline $(m "${b50[@]}") µs," \
  "ratio $(m "${ratio[@]}"); feed@$rate p50 ours $(m "${f50[@]}") µs, baseline $(m "${fb50[@]}") µs" \
  "(x$(m "${fratio[@]}")), p99 ours $(m "${f99[@]}"), p99.9 ours $(m "${f999[@]}") baseline $(m "${fb999[@]}") µs"
