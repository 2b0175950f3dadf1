#!/usr/bin/env bash
# The soak: pikerd with its embedded sim venue at 50 ticks a second on 20 markets, five subscribers
# streaming all 20 (four at a chart's 10 Hz, one unthrottled), and a paper order a second after the last one
# ended (buys through the ask and sells through the bid, in turn; each a `piker order` JVM), for MINUTES
# (default 30). Each minute pikerd's heap (used, then the live set after a forced full GC), live threads,
# open files, resident memory, the quote delay's and order round trip's worst of that minute and the quotes sent
# so far are sampled from its metrics (--metrics) and /proc into soak.csv, which
# SoakPlot.java draws into soak.png. Any growth trend over the run is a bug; the summary fits a line through
# each column's second half and prints its slope per 10 minutes.
# Usage: docs/scripts/soak.sh [MINUTES] [OUT_DIR]   (needs `mvn -q -DskipTests package` first)
set -u
root=$(cd "$(dirname "$0")/../.." && pwd)
minutes=${1:-30}
jcmd="$(dirname "$(readlink -f "$(command -v "${JAVA:-java}")")")/jcmd"  # the JDK pikerd runs on
[ -x "$jcmd" ] || { echo "soak: no jcmd beside ${JAVA:-java} (a JDK is needed, not a JRE)" >&2; exit 2; }
out=${2:-$root/target/soak}
mkdir -p "$out"
dir=$(mktemp -d)
pid=
cleanup() { kill $(jobs -p) 2>/dev/null; wait 2>/dev/null; [ -n "${KEEP:-}" ] && echo "kept $dir" || rm -rf "$dir"; }
trap cleanup EXIT
trap 'exit 130' INT TERM  # through the EXIT trap: the subscribers, the order loop and pikerd go too
# run from a copy of the build, so that a rebuild meanwhile cannot change the jars under a running JVM
# (bin/piker runs without its class-data archive then: clients start a little slower)
mkdir -p "$dir/build"
cp -r "$root/pikerd/target/pikerd.jar" "$root/pikerd/target/lib" "$dir/build/" || exit 1
export PIKER_CLASSPATH="$dir/build/pikerd.jar:$dir/build/lib/*"
fqmes="btcusdt.spot.sim ethusdt.spot.sim solusdt.spot.sim xrpusdt.spot.sim adausdt.spot.sim dogeusdt.spot.sim"
fqmes="$fqmes avaxusdt.spot.sim linkusdt.spot.sim dotusdt.spot.sim ltcusdt.spot.sim bnbusdt.spot.sim"
fqmes="$fqmes $(seq 1 9 | sed 's/.*/s&usdt.spot.sim/' | tr '\n' ' ')"
printf '[sim]\nseed = 42\ntick_rate = 50\nmarkets = 40\nvenue = ""\n[risk."sim.paper"]\nprice_band = 5\n' \
  > "$dir/conf.toml"
"$root/bin/pikerd" -c "$dir" --registry 127.0.0.1:0 --metrics 127.0.0.1:0 > "$dir/pikerd.out" 2> "$dir/pikerd.err" &
pid=$!
until grep -q "^pikerd metrics " "$dir/pikerd.out" 2>/dev/null; do
  kill -0 "$pid" 2>/dev/null || { cat "$dir/pikerd.err"; exit 1; }
  sleep 0.2
done
registry=$(sed -n 's/^pikerd ready //p' "$dir/pikerd.out")
metrics=$(sed -n 's/^pikerd metrics //p' "$dir/pikerd.out")
piker() { "$root/bin/piker" "$@" -c "$dir" --registry "$registry"; }
for throttle in "--throttle 10" "--throttle 10" "--throttle 10" "--throttle 10" ""; do
  # four at a chart's 10 Hz, one unthrottled (as emsd's dark book and paperboi take quotes): its delay is timed
  # shellcheck disable=SC2086 # one word a market, and the throttle's two words or none
  piker quote $fqmes $throttle --timeout $((minutes * 60 + 300))s > /dev/null 2>> "$dir/quotes.err" &
done
# the subscribers first: they attach (and datad backfills 20 markets) before the orders and the clock start
until [ "$(curl -s "$metrics" | awk '/^piker_quotes_out_total\{/ {n += $NF} END {print n + 0}')" -gt 0 ]; do
  kill -0 "$pid" 2>/dev/null || { cat "$dir/pikerd.err"; exit 1; }
  sleep 1
done
(
  side=buy
  while true; do
    # far through the touch, within the band conf.toml allows: the walk at 50 ticks/s moves fast
    if [ "$side" = buy ]; then price=110000; else price=20000; fi
    # one at a time: each is a CLI JVM, and on two cores an order launched every second whatever happened to the
    # last would pile JVMs up faster than they finish; so an order starts a second after the last one ended
    piker order "$side" btcusdt.spot.sim --size 0.001 --price "$price" > /dev/null 2>> "$dir/orders.err"
    if [ "$side" = buy ]; then side=sell; else side=buy; fi
    sleep 1
  done
) &
# The live set: the heap right after a full collection forced for the sample (jcmd GC.class_histogram collects
# fully before it counts). G1 collects its old generation only in a mixed or full cycle, which a steady pikerd may
# not reach in an hour, so neither "heap used" nor Micrometer's jvm_gc_live_data_size (0 until such a cycle) shows
# a leak; the forced collection does, at the price of one full pause a minute (after the minute's sample: the next
# samples' quote delay shows it). The histogram also counts what each client JVM leaves in pikerd's remoting:
# Artery's associations (one per remote system) and remote actor refs (docs/operations.md, "The soak").
live_set() {  # "live bytes,associations,remote refs"; empty cells when the collection could not be forced
  "$jcmd" "$pid" GC.class_histogram > "$dir/histogram.txt" 2>/dev/null || { echo ",,"; return 0; }
  [ -s "$out/histogram-first.txt" ] || cp "$dir/histogram.txt" "$out/histogram-first.txt"
  cp "$dir/histogram.txt" "$out/histogram-last.txt"
  local heap
  heap=$(curl -s "$metrics" | awk '/^jvm_memory_used_bytes\{.*area="heap"/ {heap += $NF} END {print heap + 0}')
  awk -v heap="$heap" '$4 == "org.apache.pekko.remote.artery.Association" {a = $2}
    $4 == "org.apache.pekko.remote.RemoteActorRef" {r = $2}
    END {printf "%d,%d,%d\n", heap, a, r}' "$dir/histogram.txt"
}
sample() {
  local before live
  before=$(curl -s "$metrics")
  live=$(live_set)
  awk -v rss="$(awk '/VmRSS/ {print $2}' /proc/"$pid"/status)" -v live="${live%%,*}" -v remote="${live#*,}" '
    /^jvm_memory_used_bytes\{.*area="heap"/ {heap += $NF}
    /^jvm_threads_live_threads / {threads = $NF}
    /^process_files_open_files / {files = $NF}
    /^piker_quote_delay_seconds_max\{/ {delay = $NF}
    /^piker_order_roundtrip_seconds_max\{/ {if ($NF > order) order = $NF}
    /^piker_quotes_out_total\{/ {out += $NF}
    END {printf "%.1f,%s,%d,%d,%.1f,%.2f,%.2f,%d,%s\n", heap / 1048576, live == "" ? "" : sprintf("%.1f", live / 1048576),
      threads, files, rss / 1024, delay * 1000, order * 1000, out, remote}' <<< "$before"
}
echo "minute,heap_used_mb,live_set_mb,threads,open_files,rss_mb,quote_delay_max_ms,order_roundtrip_max_ms,quotes_out,associations,remote_refs" \
  > "$out/soak.csv"
echo "soak: $minutes min, 20 markets at 50 ticks/s, 5 subscribers, an order a second after the last; pikerd at $registry"
for minute in $(seq 1 "$minutes"); do
  sleep 60
  kill -0 "$pid" 2>/dev/null || { echo "pikerd died:"; tail -20 "$dir/pikerd.err"; exit 1; }
  echo "$minute,$(sample)" >> "$out/soak.csv"
  tail -1 "$out/soak.csv"
done
placed=$(curl -s "$metrics" | awk '/^piker_orders_statuses_total\{status="pending"/ {print $NF + 0}')
echo "orders placed: $placed; order errors: $(grep -c . "$dir/orders.err") line(s) on stderr;" \
  "quote stream errors: $(grep -c . "$dir/quotes.err") line(s)"
java "$root/docs/scripts/SoakPlot.java" "$out/soak.csv" "$out/soak.png"
