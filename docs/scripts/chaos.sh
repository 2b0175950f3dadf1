#!/usr/bin/env bash
# The chaos run (bounded, stops by itself, loopback only): ROUNDS rounds (default 20) against pikerd over a
# standalone sim venue. Each round three clients at once place orders that rest (a dark one, a paper one, a
# live one on sim.main) and one live order that fills at the venue, and while they are in flight (1.5 to 5.5 s
# after they started, at random) one fault, in turn: pikerd killed with -9 and started again, the venue killed with -9 and
# started again on its port, a subscribed client stalled with SIGSTOP for 5 s. An order whose command failed
# (its answer lost with pikerd) is not counted as accepted: emsd may still hold it, which is no loss. After
# each round it compares:
#   - every accepted resting order is still active in emsd (`piker orders`): a missing one is LOST;
#   - the live account's ledger holds each venue trade once: a trade id twice is a DOUBLE fill;
#   - the ledger's trade ids and the venue's (its exchange.jsonl) are the same set: a difference is a MISMATCH
#     (a fill made while pikerd was down is reconciled when brokerd comes back; it gets 60 s to appear).
# An order whose command failed is looked for in emsd after the round too: held there, it counts as accepted
# (the answer was lost, not the order). Prints a line a round, the totals and why commands failed, by fault;
# exits 1 unless lost, double and mismatch are all 0.
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

# run from a copy of the build, so that a rebuild meanwhile cannot change the jars under a running JVM
# (bin/piker runs without its class-data archive then: clients start a little slower)
mkdir -p "$work/build"
cp -r "$root/pikerd/target/pikerd.jar" "$root/pikerd/target/lib" "$work/build/" || exit 1
export PIKER_CLASSPATH="$work/build/pikerd.jar:$work/build/lib/*"

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
placed=0 double=0 mismatch=0

active_oids() { piker orders --json 2>/dev/null | python3 -c 'import json,sys; print("\n".join(o["oid"] for o in json.load(sys.stdin)))'; }
ledger_tids() { # every tid line of the live account's ledger, repeats kept
  local file
  file=$(piker ledger sim.main --json 2>/dev/null | python3 -c 'import json,sys; print(json.load(sys.stdin)["ledger"])')
  [ -f "$file" ] && sed -n 's/^tid = "\(.*\)"$/\1/p' "$file"
}
venue_tids() { # the venue's own record of its fills (all of them SIM-001's: the only account trading there)
  find "$work/venue" -name exchange.jsonl -exec sed -n 's/.*"e":"fill","trade_id":"\([^"]*\)".*/\1/p' {} + | sort -u
}

order() { # OID FAULT ARGS...: one order command; its oid goes to accepted (a resting one) or failed, its stderr
  local oid=$1 fault=$2; shift 2  # tagged by the round's fault
  if piker order "$@" --oid "$oid" > /dev/null 2> >(sed "s/^/[$fault] /" >> "$work/orders.err"); then
    case $oid in f*) ;; *) echo "$oid" >> "$work/accepted" ;; esac  # a filling order is not expected to rest
  else
    echo "$oid" >> "$work/failed"
  fi
}
: > "$work/failed"; : > "$work/lost"
for round in $(seq 1 "$rounds"); do
  case $((round % 3)) in
    1) fault="pikerd kill -9" ;;
    2) fault="venue kill -9" ;;
    0) fault="client SIGSTOP 5 s" ;;
  esac
  # three clients at once: orders that rest far from the touch (they must survive every fault), and a live buy
  # through the ask that fills at the venue (not followed: the ledger and venue checks see its fill)
  order "d$round" "$fault" buy btcusdt.spot.sim --size 0.001 --price 30000 --dark &
  order "p$round" "$fault" buy ethusdt.spot.sim --size 0.01 --price 1500 &
  (order "l$round" "$fault" buy btcusdt.spot.sim --size 0.001 --price 30000 --account sim.main
   order "f$round" "$fault" buy btcusdt.spot.sim --size 0.001 --price 90000 --account sim.main) &
  order_jobs=$(jobs -p | grep -v -e "^$stream_pid$" -e "^$pikerd_pid$" -e "^$venue_pid$")
  placed=$((placed + 4))
  # the fault strikes 1.5 to 5.5 s after the commands started: a client JVM takes 2 to 4 s to send its order,
  # so some faults come before the orders reach pikerd, some while emsd handles them, some after
  delay=$((15 + RANDOM % 41))  # tenths of a second
  sleep "$((delay / 10)).$((delay % 10))"
  case $((round % 3)) in
    1) kill -9 "$pikerd_pid"; wait "$pikerd_pid" 2>/dev/null; start_pikerd || exit 1
       kill "$stream_pid" 2>/dev/null; start_stream ;;
    2) kill -9 "$venue_pid"; wait "$venue_pid" 2>/dev/null; start_venue || exit 1 ;;
    0) kill -STOP "$stream_pid"; sleep 5; kill -CONT "$stream_pid" ;;
  esac
  # shellcheck disable=SC2086 # one word a job
  wait $order_jobs 2>/dev/null
  # the checks, once emsd answers again and has had time to recover: an accepted order is lost only if it is
  # still missing after 60 s (a restarted emsd may answer before it has read its journal)
  for _ in $(seq 60); do
    if active=$(active_oids); then
      missing=0
      while read -r oid; do
        grep -qx "$oid" <<< "$active" || grep -qx "$oid" "$work/lost" || missing=1
      done < "$work/accepted"
      [ "$missing" -eq 0 ] && break
    fi
    sleep 1
  done
  # a resting order whose command failed but which emsd holds was accepted: its answer was what got lost
  held=0
  for oid in "d$round" "p$round" "l$round"; do
    if grep -qx "$oid" "$work/failed" && grep -qx "$oid" <<< "$active"; then
      echo "$oid" >> "$work/accepted"; held=$((held + 1))
    fi
  done
  lost=0
  while read -r oid; do
    if ! grep -qx "$oid" <<< "$active" && ! grep -qx "$oid" "$work/lost"; then
      echo "$oid" >> "$work/lost"; lost=$((lost + 1)); echo "  lost: $oid" >&2
    fi
  done < "$work/accepted"
  for _ in $(seq 60); do
    tids=$(ledger_tids | sort); venue=$(venue_tids)
    [ "$(sort -u <<< "$tids")" = "$venue" ] && break
    sleep 1
  done
  # the ledger and the venue are whole histories: their differences are the state now, not added up
  double=$(( $(grep -c . <<< "$tids") - $(sort -u <<< "$tids" | grep -c .) ))
  mismatch=$(comm -3 <(sort -u <<< "$tids") <(echo "$venue") | grep -c .)
  printf 'round %2d  %-20s accepted %3d (held after a failed command %d)  lost %d  double %d  ledger≠venue %d  (venue trades %d)\n' \
    "$round" "$fault" "$(grep -c . "$work/accepted")" "$held" "$lost" "$double" "$mismatch" "$(grep -c . <<< "$venue")"
done
lost_total=$(grep -c . "$work/lost"); double_total=$double; mismatch_total=$mismatch
accepted=$(grep -c . "$work/accepted")
echo "chaos: $rounds rounds, $placed orders placed, $accepted resting orders accepted; lost $lost_total, fills counted twice $double_total, ledger≠venue $mismatch_total"
echo "order commands that failed: $(grep -c . "$work/failed") of $placed (d dark, p paper, l live resting, f live filling):"
awk '{ kind = substr($0, 1, 1); r = substr($0, 2) % 3
       fault = (r == 1) ? "pikerd kill -9" : (r == 2) ? "venue kill -9" : "client SIGSTOP 5 s"
       n[fault " " kind]++ } END { for (k in n) printf "  %-22s %d\n", k, n[k] }' "$work/failed" | sort
echo "why they failed (their stderr, by the round's fault, most frequent first):"
sed 's/[0-9a-f-]\{36\}/OID/g; s/\b[dplf][0-9]\+\b/OID/g' "$work/orders.err" | sort | uniq -c | sort -rn | head -12
[ "$lost_total" -eq 0 ] && [ "$double_total" -eq 0 ] && [ "$mismatch_total" -eq 0 ]
