#!/usr/bin/env bash
# The chaos run (bounded, stops by itself, loopback only): ROUNDS rounds (default 20) against pikerd over a
# standalone sim venue. Each round three clients at once place orders that rest (a dark one, a paper one, a
# live one on sim.main) and one live order that fills at the venue, and while they are in flight (0 to 3 s
# after, at random) one fault, in turn: pikerd killed with -9 and started again, the venue killed with -9 and
# started again on its port, a subscribed client stalled with SIGSTOP for 5 s. An order whose command failed
# (its answer lost with pikerd) is not counted as accepted: emsd may still hold it, which is no loss. After
# each round it compares:
#   - every accepted resting order is still active in emsd (`piker orders`): a missing one is LOST;
#   - the live account's ledger holds each venue trade once: a trade id twice is a DOUBLE fill;
#   - the ledger's trade ids and the venue's (its exchange.jsonl) are the same set: a difference is a MISMATCH
#     (a fill made while pikerd was down is reconciled when brokerd comes back; it gets 60 s to appear).
# Prints a line a round and the totals; exits 1 unless lost, double and mismatch are all 0.
# Usage: docs/scripts/chaos.sh [ROUNDS]    (needs `mvn -q -DskipTests package` first; KEEP=1 keeps the dirs)
set -uo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
rounds=${1:-20}
work=$(mktemp -d)
venue_pid= pikerd_pid= stream_pid=
cleanup() {
  kill $stream_pid $pikerd_pid $venue_pid 2>/dev/null; wait 2>/dev/null
  [ -n "${KEEP:-}" ] && echo "kept $work" || rm -rf "$work"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }
await_line() { # FILE PATTERN SECONDS
  for _ in $(seq $(($3 * 10))); do grep -q "$2" "$1" 2>/dev/null && return 0; sleep 0.1; done
  echo "chaos: no '$2' in $1 within $3 s" >&2; return 1
}

venue_port=$(free_port)
registry="127.0.0.1:$(free_port)"
mkdir -p "$work/venue" "$work/cfg"
printf '[sim]\nseed = 7\ntick_rate = 5\n' > "$work/venue/conf.toml"
printf '[sim]\nseed = 7\ntick_rate = 5\nvenue = "127.0.0.1:%s"\n[sim.accounts]\nmain = "SIM-001"\n[risk]\nprice_band = 2\n' \
  "$venue_port" \
  > "$work/cfg/conf.toml"
printf '[sim]\napi_key = "simkey-chaos"\n' > "$work/cfg/brokers.toml"
chmod 600 "$work/cfg/brokers.toml"

start_venue() {
  "$root/bin/piker" -c "$work/venue" sim serve --port "$venue_port" > "$work/venue.out" 2>> "$work/venue.err" &
  venue_pid=$!
  await_line "$work/venue.out" "sim venue ready" 60
}
start_pikerd() {
  : > "$work/pikerd.out"
  "$root/bin/pikerd" -c "$work/cfg" --registry "$registry" > "$work/pikerd.out" 2>> "$work/pikerd.err" &
  pikerd_pid=$!
  await_line "$work/pikerd.out" "pikerd ready" 90
}
start_stream() {
  "$root/bin/piker" quote btcusdt.spot.sim --timeout 100000s -c "$work/cfg" --registry "$registry" \
    > /dev/null 2>> "$work/stream.err" &
  stream_pid=$!
}
piker() { timeout 120 "$root/bin/piker" "$@" -c "$work/cfg" --registry "$registry"; }

start_venue || exit 1
start_pikerd || exit 1
start_stream
: > "$work/accepted"
placed=0 lost_total=0 double_total=0 mismatch_total=0

active_oids() { piker orders --json 2>/dev/null | python3 -c 'import json,sys; print("\n".join(o["oid"] for o in json.load(sys.stdin)))'; }
ledger_tids() { # every tid line of the live account's ledger, repeats kept
  local file
  file=$(piker ledger sim.main --json 2>/dev/null | python3 -c 'import json,sys; print(json.load(sys.stdin)["ledger"])')
  [ -f "$file" ] && sed -n 's/^tid = "\(.*\)"$/\1/p' "$file"
}
venue_tids() { # the venue's own record of its fills (all of them SIM-001's: the only account trading there)
  find "$work/venue" -name exchange.jsonl -exec sed -n 's/.*"e":"fill","trade_id":"\([^"]*\)".*/\1/p' {} + | sort -u
}

for round in $(seq 1 "$rounds"); do
  # three clients at once: orders that rest far from the touch (they must survive every fault), and a live buy
  # through the ask that fills at the venue
  (piker order buy btcusdt.spot.sim --size 0.001 --price 30000 --dark --oid "d$round" > /dev/null 2>> "$work/orders.err" \
    && echo "d$round" >> "$work/accepted") &
  (piker order buy ethusdt.spot.sim --size 0.01 --price 1500 --oid "p$round" > /dev/null 2>> "$work/orders.err" \
    && echo "p$round" >> "$work/accepted") &
  (piker order buy btcusdt.spot.sim --size 0.001 --price 30000 --account sim.main --oid "l$round" > /dev/null \
    2>> "$work/orders.err" \
    && echo "l$round" >> "$work/accepted"; \
   piker order buy btcusdt.spot.sim --size 0.001 --price 90000 --account sim.main --oid "f$round" > /dev/null \
     2>> "$work/orders.err") &
  order_jobs=$(jobs -p | grep -v -e "^$stream_pid$" -e "^$pikerd_pid$" -e "^$venue_pid$")
  placed=$((placed + 4))
  # the fault strikes while the orders are in flight, 0 to 3 s after they were sent
  sleep "$((RANDOM % 4)).$((RANDOM % 10))"
  case $((round % 3)) in
    1) fault="pikerd kill -9"; kill -9 "$pikerd_pid"; wait "$pikerd_pid" 2>/dev/null; start_pikerd || exit 1
       kill "$stream_pid" 2>/dev/null; start_stream ;;
    2) fault="venue kill -9"; kill -9 "$venue_pid"; wait "$venue_pid" 2>/dev/null; start_venue || exit 1 ;;
    0) fault="client SIGSTOP 5 s"; kill -STOP "$stream_pid"; sleep 5; kill -CONT "$stream_pid" ;;
  esac
  # shellcheck disable=SC2086 # one word a job
  wait $order_jobs 2>/dev/null
  # the checks, once emsd answers again
  for _ in $(seq 60); do active=$(active_oids) && [ -n "$active" ] && break; sleep 1; done
  lost=0
  while read -r oid; do
    grep -qx "$oid" <<< "$active" || { lost=$((lost + 1)); echo "  lost: $oid" >&2; }
  done < "$work/accepted"
  for _ in $(seq 60); do
    tids=$(ledger_tids | sort); venue=$(venue_tids)
    [ "$(sort -u <<< "$tids")" = "$venue" ] && break
    sleep 1
  done
  double=$(( $(grep -c . <<< "$tids") - $(sort -u <<< "$tids" | grep -c .) ))
  mismatch=$(comm -3 <(sort -u <<< "$tids") <(echo "$venue") | grep -c .)
  lost_total=$((lost_total + lost)); double_total=$((double_total + double)); mismatch_total=$((mismatch_total + mismatch))
  printf 'round %2d  %-20s accepted %3d  lost %d  double %d  ledger≠venue %d  (venue trades %d)\n' "$round" "$fault" \
    "$(grep -c . "$work/accepted")" "$lost" "$double" "$mismatch" "$(grep -c . <<< "$venue")"
done
accepted=$(grep -c . "$work/accepted")
echo "chaos: $rounds rounds, $placed orders placed, $accepted resting orders accepted; lost $lost_total, fills counted twice $double_total, ledger≠venue $mismatch_total"
echo "why orders failed (their commands' stderr, most frequent first):"
sed 's/[0-9a-f-]\{36\}/OID/g; s/[dplf][0-9]\+/OID/g' "$work/orders.err" | sort | uniq -c | sort -rn | head -8
[ "$lost_total" -eq 0 ] && [ "$double_total" -eq 0 ] && [ "$mismatch_total" -eq 0 ]
