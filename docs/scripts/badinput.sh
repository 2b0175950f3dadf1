#!/usr/bin/env bash
# Replays bad conf.toml values, damaged ledgers and damaged emsd journals against a real pikerd, the way
# a user would meet them, and prints how many cases were tried, how many got a clear error and how many
# did harm. Run after `mvn -q -DskipTests package`; takes a few minutes; needs nothing else.
#
# A clear error: the command fails with exit 1 or 2 (pikerd itself: refuses to start with exit 2), says
# on stderr which file is wrong, and prints no Java exception, stack frame or Jackson source excerpt.
# Harm: pikerd stops answering, a file changes that should not (a ledger or journal the user must be
# able to repair), a trade or an active order is lost, or the good file does not work again once
# restored. Exit status: 0 when every case was clear and nothing was harmed, else 1.
set -uo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
work=$(mktemp -d)
cfg="$work/cfg"
tried=0 clear=0 harmed=0
pid="" registry=""
trap 'stop_pikerd; rm -rf "$work"' EXIT

piker() { timeout 60 "$root/bin/piker" "$@" -c "$cfg" --registry "$registry"; }

start_pikerd() {
  : > "$work/ready"
  "$root/bin/pikerd" -c "$cfg" --registry 127.0.0.1:0 > "$work/ready" 2> "$work/pikerd.err" &
  pid=$!
  for _ in $(seq 600); do
    grep -q "pikerd ready" "$work/ready" && break
    kill -0 "$pid" 2> /dev/null || return 1
    sleep 0.05
  done
  registry=$(sed -n 's/^pikerd ready //p' "$work/ready")
  [ -n "$registry" ]
}

stop_pikerd() {
  if [ -n "$pid" ] && kill -0 "$pid" 2> /dev/null; then
    kill -TERM "$pid"
    wait "$pid" 2> /dev/null
  fi
  pid=""
}

# Is what the user read a clear error? $1: exit code, $2: stderr file, $3: the name it must mention.
is_clear() {
  [ "$1" = 1 ] || [ "$1" = 2 ] || return 1
  grep -q -- "$3" "$2" || return 1
  ! grep -qE 'Exception|^\s+at [a-z]|\[Source:|pekko://' "$2"
}

verdict() { # $1 case name, $2 clear (0/1), $3 harmed (0/1), $4 what was seen
  tried=$((tried + 1))
  [ "$2" = 0 ] && clear=$((clear + 1))
  [ "$3" = 0 ] || harmed=$((harmed + 1))
  printf '%-44s %-6s %-7s %s\n' "$1" "$([ "$2" = 0 ] && echo clear || echo UNCLEAR)" \
    "$([ "$3" = 0 ] && echo ok || echo HARMED)" "$(head -c 150 <<< "$4" | tr '\n' ' ')"
}

quiet_conf() {
  cat > "$cfg/conf.toml" << 'EOF'
[sim]
seed = 42
tick_rate = 0
venue = ""

[sim.accounts]
main = "SIM-001"

[ems]
journal_fsync = false
EOF
}

# ---- conf.toml: pikerd refuses to start on a bad file; a running pikerd answers the request that needed it
conf_cases="truncated garbage seed-not-a-number negative-tick-rate risk-size-text fsync-text risk-key-typo
  account-not-text venue-number venue-no-port section-typo negative-notional"
write_conf() {
  case "$1" in
    truncated) printf '[sim]\nseed = 42\ntick_rate = 0\n[sim.acc' ;;
    garbage) printf '\000\001\376\377[[[=\177\000\n===' ;;
    seed-not-a-number) printf '[sim]\nseed = "seven"\n' ;;
    negative-tick-rate) printf '[sim]\ntick_rate = -5\n' ;;
    risk-size-text) printf '[risk]\nmax_order_size = "big"\n' ;;
    fsync-text) printf '[ems]\njournal_fsync = "yes"\n' ;;
    risk-key-typo) printf '[risk]\nmax_ordr_size = 1\n' ;;
    account-not-text) printf '[sim.accounts]\nmain = 42\n' ;;
    venue-number) printf '[sim]\nvenue = 5\n' ;;
    venue-no-port) printf '[sim]\nvenue = "localhost"\n' ;;
    section-typo) printf '[simm]\nseed = 1\n' ;;
    negative-notional) printf '[risk]\nmax_notional = -1\n' ;;
  esac > "$cfg/conf.toml"
}

mkdir -p "$cfg"
echo "case                                         error  harm    what the user read"
for name in $conf_cases; do
  write_conf "$name"
  "$root/bin/pikerd" -c "$cfg" --registry 127.0.0.1:0 > "$work/out" 2> "$work/err" &
  p=$!
  for _ in $(seq 600); do
    kill -0 "$p" 2> /dev/null || break
    grep -q "pikerd ready" "$work/out" && break
    sleep 0.05
  done
  if grep -q "pikerd ready" "$work/out"; then
    kill -TERM "$p" 2> /dev/null; wait "$p" 2> /dev/null
    verdict "start: $name" 1 0 "started on a bad conf.toml"
  else
    code=0; wait "$p" || code=$?
    is_clear "$code" "$work/err" conf.toml; c=$?
    verdict "start: $name" "$c" 0 "exit $code: $(cat "$work/err")"
  fi
done

quiet_conf
start_pikerd || { echo "pikerd did not start on a good conf.toml"; exit 1; }
for name in $conf_cases; do
  write_conf "$name"
  for command in "search btc" "orders"; do
    code=0; piker $command > /dev/null 2> "$work/err" || code=$?
    is_clear "$code" "$work/err" conf.toml; c=$?
    h=0; piker services > /dev/null 2>&1 || h=1
    verdict "running: $name ($command)" "$c" "$h" "exit $code: $(cat "$work/err")"
  done
done
quiet_conf
code=0; piker search btc > /dev/null 2> "$work/err" || code=$?
code2=0; piker orders > /dev/null 2>> "$work/err" || code2=$?
verdict "running: good file again" 0 "$([ $code = 0 ] && [ $code2 = 0 ] && echo 0 || echo 1)" \
  "search $code, orders $code2 $(cat "$work/err")"

# ---- a paper ledger with two trades (damage goes in the first: the last table is the torn-tail case),
# then damaged while pikerd is down
piker order buy btcusdt.spot.sim --size 0.001 --price 60100 > /dev/null 2>&1
piker order buy btcusdt.spot.sim --size 0.003 --price 60100 > /dev/null 2>&1
piker order buy btcusdt.spot.sim --size 0.002 --price 59000 --dark > /dev/null 2>&1
stop_pikerd
ledger="$cfg/accounting/ledgers/trades_sim_paper.toml"
journal_dir="$cfg/emsd"
cp "$ledger" "$work/ledger.good"
trades_before=$(grep -c '^\[' "$work/ledger.good")

damage_ledger() { # $1 case
  cp "$work/ledger.good" "$ledger"
  case "$1" in
    garbage-line) sed -i '3i }}} not toml {{{' "$ledger" ;;
    bad-decimal) sed -i '0,/^price = .*/s//price = "sixty thousand"/' "$ledger" ;;
    binary) head -c 300 /dev/urandom > "$ledger" ;;
    duplicate-key) sed -i '0,/^\(size = .*\)/s//\1\n\1/' "$ledger" ;;
  esac
}

for name in garbage-line bad-decimal binary duplicate-key; do
  damage_ledger "$name"
  sum=$(sha256sum < "$ledger")
  start_pikerd
  code=0; piker positions > /dev/null 2> "$work/err" || code=$?
  is_clear "$code" "$work/err" trades_sim_paper; c=$?
  code2=0; piker order buy btcusdt.spot.sim --size 0.001 --price 60100 --timeout 20s > "$work/out" 2>> "$work/err" || code2=$?
  grep -q "error" "$work/out" && [ "$code2" = 1 ] || c=1
  h=0; piker services > /dev/null 2>&1 || h=1
  stop_pikerd
  [ "$(sha256sum < "$ledger")" = "$sum" ] || h=1
  verdict "ledger: $name" "$c" "$h" "positions exit $code, order exit $code2: $(head -1 "$work/err")"
done

# A torn last table (a crash mid-append) is cut, with a WARN and the cut bytes kept beside the file.
cp "$work/ledger.good" "$ledger"
printf '["torn-trade-id"]\ntid = "torn-trade-id"\nfqme = "btcusdt.spot.sim"\nsize = 0.00' >> "$ledger"
start_pikerd
code=0; piker positions > /dev/null 2> "$work/err" || code=$?
stop_pikerd
h=0
[ "$(grep -c '^\[' "$ledger")" = "$trades_before" ] || h=1
ls "$(dirname "$ledger")" | grep -q torn || h=1
c=1; [ "$code" = 0 ] && grep -q "trades_sim_paper" "$work/pikerd.err" && grep -qi "warn" "$work/pikerd.err" && c=0
verdict "ledger: torn last table (cut, kept aside)" "$c" "$h" "positions exit $code"
cp "$work/ledger.good" "$ledger"

# ---- emsd's journal emptied or overwritten: refused, never a silent fresh start
journal=$(ls "$journal_dir"/orders.journal 2> /dev/null)
cp "$journal" "$work/journal.good"
for name in empty garbage; do
  case "$name" in
    empty) : > "$journal" ;;
    garbage) head -c 256 /dev/urandom > "$journal" ;;
  esac
  sum=$(sha256sum < "$journal")
  start_pikerd
  code=0; piker orders > /dev/null 2> "$work/err" || code=$?
  is_clear "$code" "$work/err" orders.journal; c=$?
  h=0; piker services > /dev/null 2>&1 || h=1
  stop_pikerd
  [ "$(sha256sum < "$journal")" = "$sum" ] || h=1
  verdict "journal: $name" "$c" "$h" "orders exit $code: $(head -1 "$work/err")"
done
cp "$work/journal.good" "$journal"
start_pikerd
code=0; piker orders --json > "$work/out" 2> "$work/err" || code=$?
h=0; grep -q dark_open "$work/out" || h=1
stop_pikerd
verdict "journal: good file again (dark order back)" 0 "$h" "orders exit $code"

echo "tried $tried, clear error $clear, harmed $harmed"
[ "$clear" = "$tried" ] && [ "$harmed" = 0 ]
