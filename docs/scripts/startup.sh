#!/usr/bin/env bash
# Measures pikerd's cold start (launch to ready line) and a `piker services` round trip (launch to
# exit), N runs each, and prints the median. Run after `mvn -q -DskipTests package`; JAVA=/path/to/java
# measures another JDK; PIKER_AGENT=off measures a command in a JVM of its own (docs/cli.md, "The client agent").
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
runs=${1:-7}
dir=$(mktemp -d)
now_ms() { date +%s%3N; }
median() { sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }

# bin/piker's class-data archive is made once per build and JDK, in the background on a client's first
# run; made here first, in the foreground, so that no measured run shares the machine with the training.
# PIKER_ARCHIVE=off measures without it.
if [ "${PIKER_ARCHIVE:-}" != off ]; then
  PIKER_ARCHIVE=now "$root/bin/piker" --version > /dev/null
fi

# Likewise the client agent: started by a first command, then waited for until it listens (it trains itself
# first), so that the measured commands find it warm; it is stopped at the end.
export PIKER_AGENT_DIR="$dir/agent"
agent_log() { cat "$PIKER_AGENT_DIR"/*.log 2>/dev/null || true; }
if [ "${PIKER_AGENT:-}" != off ]; then
  "$root/bin/pikerd" -c "$dir/cfg" --registry 127.0.0.1:0 -l warn > "$dir/ready" 2>/dev/null &
  pid=$!
  until grep -q "pikerd ready" "$dir/ready"; do sleep 0.01; done
  "$root/bin/piker" services -c "$dir/cfg" --registry "$(sed 's/pikerd ready //' "$dir/ready")" > /dev/null
  kill -TERM "$pid"; wait "$pid" || true
  for _ in $(seq 1200); do agent_log | grep -q "listening" && break; sleep 0.1; done  # 2 minutes at most
fi

starts=()
services=()
for i in $(seq "$runs"); do
  rm -rf "$dir/cfg"
  out="$dir/ready"
  : > "$out"
  t0=$(now_ms)
  "$root/bin/pikerd" -c "$dir/cfg" --registry 127.0.0.1:0 -l warn > "$out" 2>/dev/null &
  pid=$!
  until grep -q "pikerd ready" "$out"; do sleep 0.01; done
  starts+=($(( $(now_ms) - t0 )))
  address=$(sed 's/pikerd ready //' "$out")
  t0=$(now_ms)
  "$root/bin/piker" services -c "$dir/cfg" --registry "$address" > /dev/null
  services+=($(( $(now_ms) - t0 )))
  kill -TERM "$pid"; wait "$pid"
done
served=$(agent_log | grep -c " services exit 0" || true)
echo "pikerd cold start to ready line, ms: ${starts[*]} -> median $(printf '%s\n' "${starts[@]}" | median)"
echo "piker services round trip, ms:      ${services[*]} -> median $(printf '%s\n' "${services[@]}" | median)" \
  "($served of them on the client agent)"
agent_pid=$(agent_log | sed -n 's/.* listening, pid //p' | tail -1)
[ -z "$agent_pid" ] || kill "$agent_pid" 2>/dev/null || true
rm -rf "$dir"
