#!/usr/bin/env bash
# `piker bench feed --binance` or `--kraken` against that venue's protocol fake's firehose, N runs: starts the
# fake (test scope, its own JVM), runs the bench N times with one remote subscriber, stops the fake. Run after
# `mvn -q -DskipTests package` (it builds the backends' test jars). Usage:
#   docs/scripts/wire-bench.sh [RUNS] [binance|kraken] [bench arguments...]
# e.g. `wire-bench.sh 3 kraken --fqme ethusd.spot.kraken` (repeatable --fqme; the binance fake pours its 6
# trading markets, the kraken fake its 4 online pairs). Venue defaults to binance.
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
runs=${1:-5}
shift || true
venue=binance
if [ $# -gt 0 ] && [[ $1 != -* ]]; then
  venue=$1
  shift
fi
case "$venue" in
  binance) main=piker.backends.binance.fake.BinanceFirehose; markets=6 ;;
  kraken) main=piker.backends.kraken.fake.KrakenFirehose; markets=4 ;;
  *) echo "unknown venue $venue: use binance or kraken" >&2; exit 2 ;;
esac
out=$(mktemp)
tk="$root/backends/testkit/target/backends-testkit-0.1.0-SNAPSHOT.jar" # the fakes' websocket server
java -cp "$root/backends/$venue/target/backends-$venue-0.1.0-SNAPSHOT-tests.jar:$tk:$root/pikerd/target/lib/*" \
  "$main" --markets "$markets" > "$out" &
fake=$!
trap 'kill -TERM "$fake"; wait "$fake" || true; tail -1 "$out"; rm -f "$out"' EXIT
until [ -s "$out" ]; do sleep 0.1; done
for i in $(seq "$runs"); do
  # shellcheck disable=SC2046 # the fake's first line is the bench option naming its endpoints
  "$root/bin/piker" bench feed --remote --subscribers 1 --seconds 10 --json $(head -1 "$out") "$@"
done
