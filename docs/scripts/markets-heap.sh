#!/usr/bin/env sh
# Many markets streaming into one pikerd with a bounded heap: pikerd runs with -Xmx1g and a GC log, its
# embedded sim venue lists numbered spot markets after its standard ones ([sim] markets), and one
# `piker quote` holds the feeds of MARKETS of them (s1usdt.spot.sim …) for DURATION seconds, each walking at TICK_RATE ticks a second and
# backfilling a day of 1 s and 30 days of 1 m bars from the venue (datad's defaults). Reports the full
# GCs ("Pause Full" in the GC log), the heap after the last young GC and after a final explicit one (the
# live set; not counted as a full GC of the run), and the bars the backfills left held.
# Usage: docs/scripts/markets-heap.sh [DURATION] [MARKETS] [TICK_RATE]  (defaults 600 100 10).
# Needs `mvn -q -DskipTests package` first; PIKER_CLASSPATH may point at another build; HEAP=2g overrides.
set -u
root=$(cd "$(dirname "$0")/../.." && pwd)
duration=${1:-600}
markets=${2:-100}
rate=${3:-10}
heap=${HEAP:-1g}
dir=$(mktemp -d)
pid=
reader=
trap 'kill $reader $pid 2>/dev/null; wait 2>/dev/null; [ -n "${KEEP:-}" ] && echo "kept $dir" || rm -rf "$dir"' EXIT
printf '[sim]\nseed = 42\ntick_rate = %s\nmarkets = %s\nvenue = ""\n' "$rate" $((100 + markets)) > "$dir/conf.toml"
PIKER_JAVA_OPTS="-Xmx$heap -Xlog:gc:file=$dir/gc.log" "$root/bin/pikerd" -c "$dir" --registry 127.0.0.1:0 \
  > "$dir/pikerd.out" 2>&1 &
pid=$!
until grep -q "^pikerd ready " "$dir/pikerd.out" 2>/dev/null; do
  kill -0 "$pid" 2>/dev/null || { cat "$dir/pikerd.out"; exit 1; }
  sleep 0.2
done
registry=$(sed -n 's/^pikerd ready //p' "$dir/pikerd.out" | head -1)
piker() { "$root/bin/piker" "$@" -c "$dir" --registry "$registry"; }
fqmes=$(seq 1 "$markets" | sed 's/.*/s&usdt.spot.sim/' | tr '\n' ' ')
# shellcheck disable=SC2086 # one word a market
piker quote $fqmes --throttle 1 --timeout $((duration + 120))s > /dev/null 2> "$dir/quote.err" &
reader=$!
echo "pikerd -Xmx$heap, $markets markets at tick_rate $rate, for $duration s"
sleep "$duration"
kill -0 "$reader" 2>/dev/null || { echo "the quote reader ended early:"; head -5 "$dir/quote.err"; }
full=$(grep -c "Pause Full" "$dir/gc.log")
young=$(grep -c "Pause Young" "$dir/gc.log")
last=$(grep "Pause Young" "$dir/gc.log" | tail -1 | sed 's/.*: //')
echo "full GCs: $full; young/mixed pauses: $young; the last: $last"
grep "Pause Full" "$dir/gc.log" | head -3
jcmd "$pid" GC.run > /dev/null 2>&1
[ -n "${HISTO:-}" ] && jcmd "$pid" GC.class_histogram 2>/dev/null | head -25
echo "live set after a final explicit GC: $(grep "Pause Full" "$dir/gc.log" | tail -1 | sed 's/.*: //')"
log="$dir/logs/pikerd.log"
live=$(grep -E "feed [^ ]+: (backfilling 1 s|1 s backfill done)" "$log" | sed 's/.*feed \([^:]*\):.*/\1/' | sort -u | wc -l)
echo "feeds live: $live of $markets; stderr of the reader: $(wc -l < "$dir/quote.err") lines"
grep -i "refused\|OutOfMemory" "$log" | head -3
for period in 1 60; do
  echo "$period s backfills done: $(grep -c ": $period s backfill done" "$log") of $markets"
done
# the bars held: a fresh store holds what the buffers took (backfilled and closed live bars), counted once
# pikerd has stopped and flushed; the current bars are not in it
kill "$reader" 2>/dev/null
kill "$pid"
wait "$pid" 2>/dev/null
pid=
cat > "$dir/Count.java" <<'JAVA'
public class Count {
  public static void main(String[] args) throws Exception {
    try (var db = java.sql.DriverManager.getConnection("jdbc:duckdb:" + args[0]);
         var rows = db.createStatement().executeQuery("SELECT period, count(*), count(DISTINCT fqme) FROM bars "
             + "GROUP BY period ORDER BY period")) {
      while (rows.next()) {
        System.out.printf("%d s bars held: %,d in %d markets, %,d a market%n", rows.getInt(1), rows.getLong(2),
            rows.getLong(3), rows.getLong(2) / Math.max(1, rows.getLong(3)));
      }
    }
  }
}
JAVA
java -cp "$root/pikerd/target/lib/*" "$dir/Count.java" "$dir/history/sim/bars.duckdb"
