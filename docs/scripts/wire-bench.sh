#!/usr/bin/env bash
# `piker bench feed --binance` against the Binance protocol fake's firehose, N runs: starts the fake (test
# scope, its own JVM), runs the bench N times with one remote subscriber, stops the fake. Run after
# `mvn -q -DskipTests package` (it builds backends/binance's test jar). Extra arguments go to the bench,
# e.g. --fqme ethusdt.spot.binance (repeatable; the fake pours its 6 trading markets).
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
runs=${1:-5}
shift || true
out=$(mktemp)
java -cp "$root/backends/binance/target/backends-binance-0.1.0-SNAPSHOT-tests.jar:$root/pikerd/target/lib/*" \
  piker.backends.binance.fake.BinanceFirehose --markets 6 > "$out" &
fake=$!
trap 'kill -TERM "$fake"; wait "$fake" || true; tail -1 "$out"; rm -f "$out"' EXIT
until [ -s "$out" ]; do sleep 0.1; done
for i in $(seq "$runs"); do
  # shellcheck disable=SC2046 # the fake's first line is the bench option naming its endpoints
  "$root/bin/piker" bench feed --remote --subscribers 1 --seconds 10 --json $(head -1 "$out") "$@"
done
