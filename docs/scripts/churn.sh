#!/usr/bin/env bash
# Client churn, fast: what a soak's clients leave in pikerd, in minutes rather than hours. pikerd (sim, tick_rate 5
# on 4 markets) and ROUNDS rounds of CLIENTS paper orders, each its own `piker order` command line with its own
# ActorSystem and connection, one after another in one client JVM (the tests' CliBatchMain), each round followed by
# WAIT seconds idle (Artery removes a departed client's association 5 minutes after it ended). Each minute: the
# live set after a forced full collection, Artery's associations and remote actor refs (from the class histogram)
# and the orders done. At the end, if gridkit's HPROF parser is in ~/.m2, the actors with most watchers
# (HeapWatchers.java). docs/operations.md, "The soak", has what it found.
# Usage: docs/scripts/churn.sh [CLIENTS] [ROUNDS] [WAIT]   (defaults 2500 2 420; needs `mvn -q -DskipTests package`)
set -u
root=$(cd "$(dirname "$0")/../.." && pwd)
clients=${1:-2500}
rounds=${2:-2}
wait=${3:-420}
jcmd="$(dirname "$(readlink -f "$(command -v "${JAVA:-java}")")")/jcmd"
[ -x "$jcmd" ] || { echo "churn: no jcmd beside ${JAVA:-java} (a JDK is needed, not a JRE)" >&2; exit 2; }
[ -d "$root/src/test/target/test-classes" ] || { echo "churn: build first: mvn -q -DskipTests package" >&2; exit 2; }
dir=$(mktemp -d)
pid=
cleanup() { kill $(jobs -p) 2>/dev/null; wait 2>/dev/null; rm -rf "$dir"; }
trap cleanup EXIT
trap 'exit 130' INT TERM
# a copy of the build: a rebuild meanwhile cannot change the jars under a running JVM
mkdir -p "$dir/build"
cp -r "$root/pikerd/target/pikerd.jar" "$root/pikerd/target/lib" "$root/src/test/target/test-classes" "$dir/build/" \
  || exit 1
export PIKER_CLASSPATH="$dir/build/pikerd.jar:$dir/build/lib/*"
printf '[sim]\nseed = 42\ntick_rate = 5\nmarkets = 4\nvenue = ""\n[risk."sim.paper"]\nprice_band = 5\n' \
  > "$dir/conf.toml"
PIKER_AGENT=off "$root/bin/pikerd" -c "$dir" --registry 127.0.0.1:0 > "$dir/pikerd.out" 2> "$dir/pikerd.err" &
pid=$!
until grep -q "^pikerd ready " "$dir/pikerd.out" 2>/dev/null; do
  kill -0 "$pid" 2>/dev/null || { cat "$dir/pikerd.err"; exit 1; }
  sleep 0.2
done
registry=$(sed -n 's/^pikerd ready //p' "$dir/pikerd.out")
sample() {  # "live MB,associations,remote refs" (the histogram forces a full collection first)
  "$jcmd" "$pid" GC.class_histogram > "$dir/histogram.txt" 2>/dev/null || { echo ",,"; return 0; }
  awk '$4 == "org.apache.pekko.remote.artery.Association" {a = $2}
    $4 == "org.apache.pekko.remote.RemoteActorRef" {r = $2}
    $1 == "Total" {t = $3}
    END {printf "%.1f,%d,%d\n", t / 1048576, a, r}' "$dir/histogram.txt"
}
touch "$dir/batch.out"
done_count() { awk '/"exit"/ {n++} END {print n + 0}' "$dir/batch.out"; }
echo "minute,live_set_mb,associations,remote_refs,orders_done"
(
  minute=0
  while sleep 60; do minute=$((minute + 1)); echo "$minute,$(sample),$(done_count)"; done
) &
orders() {  # buys through the ask and sells through the bid in turn, within the band conf.toml allows
  for i in $(seq 1 "$clients"); do
    if [ $((i % 2)) = 0 ]; then side=buy price=110000; else side=sell price=20000; fi
    printf '["order","%s","btcusdt.spot.sim","--size","0.001","--price","%s","-c","%s","--registry","%s"]\n' \
      "$side" "$price" "$dir" "$registry"
  done | java -XX:+UseSerialGC -cp "$dir/build/test-classes:$PIKER_CLASSPATH" piker.e2e.support.CliBatchMain \
    >> "$dir/batch.out" 2>> "$dir/batch.err"
}
for round in $(seq 1 "$rounds"); do
  orders
  echo "round $round: $clients clients done at $(date +%T); idle for ${wait}s"
  sleep "$wait"
done
echo "end,$(sample),$(done_count)"
echo "exit codes: $(grep -o '"exit":[0-9]*' "$dir/batch.out" | sort | uniq -c | tr '\n' ' ')"
parser=$(ls "$HOME"/.m2/repository/org/gridkit/jvmtool/hprof-heap/*/hprof-heap-*.jar 2>/dev/null | head -1)
if [ -n "$parser" ]; then
  "$jcmd" "$pid" GC.heap_dump "$dir/heap.hprof" > /dev/null && java -cp "$parser" \
    "$root/docs/scripts/HeapWatchers.java" "$dir/heap.hprof" 5
else
  echo "(no watcher count: mvn dependency:get -Dartifact=org.gridkit.jvmtool:hprof-heap:0.16 fetches the parser)"
fi
