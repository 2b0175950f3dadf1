#!/usr/bin/env sh
# Measures a first-use backfill against pikerd's embedded sim venue: pikerd's RSS and heap before and
# after, how long the backfill takes, and how quotes flow meanwhile (`quote --count 30` on the market
# being backfilled). Usage: docs/scripts/backfill-memory.sh [TICK_RATE] (default 10).
# Needs `mvn -q -DskipTests package` first; PIKER_CLASSPATH may point at another build.
set -u
root=$(cd "$(dirname "$0")/../.." && pwd)
rate=${1:-10}
dir=$(mktemp -d)
trap 'kill "$pid" 2>/dev/null; wait "$pid" 2>/dev/null; rm -rf "$dir"' EXIT
printf '[sim]\nseed = 42\ntick_rate = %s\nvenue = ""\n' "$rate" > "$dir/conf.toml"
"$root/bin/pikerd" -c "$dir" --registry 127.0.0.1:0 > "$dir/pikerd.out" 2>&1 &
pid=$!
until grep -q "^pikerd ready " "$dir/pikerd.out" 2>/dev/null; do sleep 0.2; done
registry=$(sed -n 's/^pikerd ready //p' "$dir/pikerd.out" | head -1)
piker() { "$root/bin/piker" "$@" -c "$dir" --registry "$registry"; }
now() { date +%s.%N; }
rss() { awk '/VmRSS/ {print int($2 / 1024) " MB"}' "/proc/$pid/status"; }
heap() { jcmd "$pid" GC.heap_info 2>/dev/null | awk '/heap/ {gsub(",", ""); print "committed", int($4 / 1024) " MB, used", int($6 / 1024) " MB"; exit}'; }
# datad.sim and samplerd up, no feed yet
piker search btc > /dev/null 2>&1
echo "tick_rate $rate: before: RSS $(rss); heap $(heap)"
start=$(now)
# a reader that stays, so the market stays held after its backfill
piker quote btcusdt.spot.sim --count 1000000000 --throttle 1 > /dev/null 2>&1 &
reader=$!
(until piker bars btcusdt.spot.sim --period 1m --count 43000 > /dev/null 2> "$dir/bars.err"; do
  [ $? -eq 3 ] || exit 1; done) &
bars=$!
piker quote btcusdt.spot.sim --count 30 > /dev/null 2> "$dir/quotes.err"
echo "quote --count 30 meanwhile: exit $?, $(echo "$(now) - $start" | bc) s, $(wc -l < "$dir/quotes.err") stderr lines"
head -3 "$dir/quotes.err"
wait "$bars"
echo "bars --count 43000: exit $?, $(echo "$(now) - $start" | bc) s"
until grep -q "1 s backfill done" "$dir/logs/pikerd.log" 2>/dev/null; do sleep 1; done
echo "both periods backfilled after $(echo "$(now) - $start" | bc) s"
echo "after: RSS $(rss); heap $(heap)"
jcmd "$pid" GC.run > /dev/null 2>&1
echo "after a full GC: RSS $(rss); heap $(heap)"
kill "$reader" 2>/dev/null
# with PIKER_JAVA_OPTS=-XX:NativeMemoryTracking=summary: what the JVM itself has committed; the rest of
# RSS is native libraries' own memory (DuckDB's)
jcmd "$pid" VM.native_memory summary 2>/dev/null | grep -E "^Total|Java Heap \(" | sed 's/reserved=[0-9]*KB, //'
grep "backfill done\|merged" "$dir/logs/pikerd.log" | sed 's/^.*feed /feed /'
