#!/usr/bin/env bash
# Order round trips through one pikerd, then through three nodes (broker, data, clearing) on this machine,
# each over the same standalone quiet sim venue: `piker bench attach` for the paper account (emsd and
# paperboi on the clearing node, quotes from datad on the data node; to the fill, and to `open`) and the
# live sim account (brokerd on the broker node, the venue over its websocket; to `open`, orders resting). The client attaches to the broker node. Run after
# `mvn -q -DskipTests package`, on a quiet machine (docs/benchmarks.md, "Issue 19").
#
#   docs/scripts/cluster-bench.sh [ORDERS]
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
orders=${1:-1000}
work=$(mktemp -d)
[ -n "${KEEP:-}" ] && echo "work dir: $work" >&2
pids=()
cleanup() { for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done; wait 2>/dev/null || true; [ -n "${KEEP:-}" ] || rm -rf "$work"; }
trap cleanup EXIT

ready() { # FILE PATTERN: waits for the ready line, prints what follows it
  for _ in $(seq 300); do
    if line=$(grep -m1 "$2" "$1" 2>/dev/null); then echo "${line#"$2"}"; return; fi
    sleep 0.1
  done
  echo "no '$2' in $1" >&2; exit 1
}

mkdir -p "$work/venue"
printf '[sim]\nseed = 42\ntick_rate = 0\n' > "$work/venue/conf.toml"
"$root/bin/piker" -c "$work/venue" sim serve --port 0 > "$work/venue.out" 2>/dev/null & pids+=($!)
venue=$(ready "$work/venue.out" "sim venue ready ")

node() { # NAME ROLE JOIN: starts a node (its pid kept here, not in a subshell); `ready` gives its address
  mkdir -p "$work/$1"
  printf '[sim]\nseed = 42\ntick_rate = 0\nvenue = "%s"\n[sim.accounts]\nmain = "SIM-001"\n' "$venue" \
    > "$work/$1/conf.toml"
  if [ "$1" != broker ] && [ -f "$work/broker/cookie" ]; then cp "$work/broker/cookie" "$work/$1/cookie"; fi
  local args=(-c "$work/$1" --registry 127.0.0.1:0)
  [ -n "$2" ] && args+=(--roles "$2")
  [ -n "$3" ] && args+=(--join "$3")
  "$root/bin/pikerd" "${args[@]}" > "$work/$1.out" 2> "$work/$1.err" & pids+=($!)
}

bench() { # LABEL DIR ADDRESS: paper fills; paper and live acknowledgements (the live sim book would empty)
  # one order first: paperboi and its quote feed up, so that no bench order meets a paperboi without a quote
  "$root/bin/piker" order buy btcusdt.spot.sim --size 0.001 --price 60010 -c "$2" --registry "$3" > /dev/null
  printf '%-12s %-10s %-5s ' "$1" sim.paper fill
  "$root/bin/piker" bench attach --orders "$orders" --account sim.paper -c "$2" --registry "$3" --json
  for account in sim.paper sim.main; do
    printf '%-12s %-10s %-5s ' "$1" "$account" open
    "$root/bin/piker" bench attach --orders "$orders" --account "$account" --rest -c "$2" --registry "$3" --json
  done
}

keys() { printf '[sim]\napi_key = "simkey-bench"\n' > "$1/brokers.toml"; chmod 600 "$1/brokers.toml"; }

node one "" ""
one=$(ready "$work/one.out" "pikerd ready ")
keys "$work/one"
bench one-node "$work/one" "$one"
kill "${pids[-1]}"; wait "${pids[-1]}" 2>/dev/null || true

node broker broker ""
broker=$(ready "$work/broker.out" "pikerd ready ")
keys "$work/broker"
node data data "$broker"
node clearing clearing "$broker"
ready "$work/data.out" "pikerd ready " > /dev/null
ready "$work/clearing.out" "pikerd ready " > /dev/null
bench three-nodes "$work/broker" "$broker"
"$root/bin/piker" services -c "$work/broker" --registry "$broker"
