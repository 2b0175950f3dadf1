#!/usr/bin/env sh
# Measures a first-use backfill against pikerd's embedded sim venue: pikerd's RSS and heap before and
# after, how long the backfill takes, and how quotes flow meanwhile (the gaps of `quote --count 30`).
# Usage: docs/scripts/backfill-memory.sh [TICK_RATE] (default 10). Needs `mvn -q -DskipTests package`.
set -eu
root=$(cd "$(dirname "$0")/../.." && pwd)
rate=${1:-10}
dir=$(mktemp -d)
trap 'kill "$pid" 2>/dev/null; wait "$pid" 2>/dev/null; rm -rf "$dir"' EXIT
printf '[sim]\nseed = 42\ntick_rate = %s\nvenue = ""\n' "$rate" > "$dir/conf.toml"
"$root/bin/pikerd" -c "$dir" --registry 127.0.0.1:0 > "$dir/pikerd.out" 2>&1 &
pid=$!
until grep -q "^pikerd ready " "$dir/pikerd.out" 2>/dev/null; do sleep 0.2; done
registry=$(sed -n 's/^pikerd ready //p' "$dir/pikerd.out" | head -1)
rss() { awk '/VmRSS/ {print int($2 / 1024) " MB"}' "/proc/$pid/status"; }
heap() { jcmd "$pid" GC.heap_info 2>/dev/null | awk '/garbage-first heap|used/ {print; exit}'; }
# a first client warms pikerd up (and starts samplerd); a market nobody asked for yet is then backfilled
tries=0
until "$root/bin/piker" quote ethusdt.spot.sim -c "$dir" --registry "$registry" --count 3 > /dev/null 2>&1; do
  tries=$((tries + 1)); [ "$tries" -lt 10 ] || { echo "no quotes from pikerd" >&2; exit 1; }
done
echo "tick_rate $rate: before: RSS $(rss); $(heap)"
start=$(date +%s.%N)
"$root/bin/piker" bars btcusdt.spot.sim -c "$dir" --registry "$registry" --period 1m --count 43000 > /dev/null 2>&1 &
bars=$!
sleep 1
"$root/bin/piker" --json quote btcusdt.spot.sim -c "$dir" --registry "$registry" --count 30 > "$dir/quotes.json" \
  2> "$dir/quotes.err"
quoted=$(date +%s.%N)
wait "$bars"
done_at=$(date +%s.%N)
echo "quote --count 30 during the backfill: $(echo "$quoted - $start - 1" | bc) s; stderr lines: $(wc -l < "$dir/quotes.err")"
echo "30 days of 1 m bars held after $(echo "$done_at - $start" | bc) s"
# the 1 s backfill follows the 1 m one: wait for its log line
until grep -q "1 s backfill done" "$dir/logs/pikerd.log" 2>/dev/null; do sleep 1; done
echo "both periods backfilled after $(echo "$(date +%s.%N) - $start" | bc) s"
echo "after: RSS $(rss); $(heap)"
jcmd "$pid" GC.run > /dev/null 2>&1 || true
echo "after a full GC: RSS $(rss); $(heap)"
grep "backfill done" "$dir/logs/pikerd.log" | sed 's/^.*feed/feed/'
