#!/usr/bin/env bash
# Runs the README's "A short tour" start to finish against a real pikerd and checks what each step says
# it does. Run after `mvn -q -DskipTests package`; takes two to three minutes (benches included); needs
# bash and coreutils.
#
# The commands are read from README.md itself and run as written, from a scratch folder (so the chart
# lands there) whose bin/ runs the repository's; the checks live here, one per command. A README line
# without a check here, or a check whose line left the README, fails: the two stay in step. Two
# liberties: pikerd binds an ephemeral port ($PIKER_REGISTRY=127.0.0.1:0, then the port it took) so that
# a pikerd already running on 6116 is left alone, and the benches run at their smallest settings.
#
# Prints one line per step, PASS or FAIL; exit status 0 when every step passed, else 1.
set -uo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
work=$(mktemp -d)
failed=0 steps=0
pikerd_pid="" quote_out="" alert_out="" alert_pid="" tour_dir=""
declare -A checked=()

cleanup() {
  local pid
  for pid in $(jobs -p); do kill -TERM "$pid" 2> /dev/null; done
  wait 2> /dev/null
  [ -n "$tour_dir" ] && rm -rf "$tour_dir"
  rm -rf "$work"
}
trap cleanup EXIT

# The tour's command lines, comments cut off.
tour_commands() {
  sed -n '/^## A short tour/,/^## /p' "$root/README.md" | sed -n '/^```sh$/,/^```$/p' | sed '1d;$d' \
    | sed -E 's/[[:space:]]+#.*$//' | grep -v '^$'
}

verdict() { # $1 0 (pass) or 1, $2 the command, $3 what was checked or seen
  steps=$((steps + 1))
  if [ "$1" = 0 ]; then
    printf 'PASS  %-74s %s\n' "$2" "$3"
  else
    failed=$((failed + 1))
    printf 'FAIL  %-74s %s\n' "$2" "$3"
  fi
}

# Waits up to $2 seconds for the command $1 to succeed (polling the condition a step claims).
eventually() {
  local deadline=$((SECONDS + $2))
  until eval "$1"; do
    [ "$SECONDS" -ge "$deadline" ] && return 1
    sleep 0.1
  done
}

first_err() { head -c 200 "$work/err" | tr '\n' ' '; }
statuses() { awk '{print $1}' "$work/out" | tr '\n' ' ' | sed 's/ $//'; }
has() { grep -qE -- "$1" "$work/out"; }
bg_out() { echo "$work/bg$1.out"; }

# ---- one check per tour command: $1 the exit status (foreground) or the job's pid (background)

check_export() {
  [ -d "$PIKER_CONFIG_DIR" ] && case "$PIKER_CONFIG_DIR" in "${TMPDIR:-/tmp}"/*) tour_dir=$PIKER_CONFIG_DIR ;; esac
  [ -d "$PIKER_CONFIG_DIR" ] && [ -z "$(ls -A "$PIKER_CONFIG_DIR")" ] \
    && echo "an empty config dir of its own" || { echo "PIKER_CONFIG_DIR is not a fresh folder"; return 1; }
}

check_quiet_conf() {
  grep -qx 'tick_rate = 0' "$PIKER_CONFIG_DIR/conf.toml" && echo "conf.toml: [sim] tick_rate = 0" \
    || { echo "conf.toml is not the quiet one"; return 1; }
}

check_pikerd() {
  pikerd_pid=$1
  if ! eventually 'grep -q "^pikerd ready " "$(bg_out pikerd)" || ! kill -0 $pikerd_pid 2> /dev/null' 60 \
    || ! grep -q "^pikerd ready " "$(bg_out pikerd)"; then
    echo "not ready: $(head -c 200 "$work/bgpikerd.err")"; return 1
  fi
  export PIKER_REGISTRY
  PIKER_REGISTRY=$(sed -n 's/^pikerd ready //p' "$(bg_out pikerd)")
  local modes
  modes=$(stat -c '%a' "$PIKER_CONFIG_DIR/brokers.toml" "$PIKER_CONFIG_DIR/cookie" 2> /dev/null | tr '\n' ' ')
  [ "$modes" = "600 600 " ] || { echo "brokers.toml and cookie modes: $modes"; return 1; }
  grep -qx 'tick_rate = 0' "$PIKER_CONFIG_DIR/conf.toml" || { echo "first start replaced conf.toml"; return 1; }
  echo "ready on $PIKER_REGISTRY; brokers.toml and cookie 0600, conf.toml kept"
}

check_services() {
  [ "$1" = 0 ] || { echo "exit $1: $(first_err)"; return 1; }
  local rows
  rows=$(grep -v '^NAME' "$work/out")
  [ "$(wc -l <<< "$rows")" = 1 ] && grep -q '^pikerd ' <<< "$rows" && echo "only pikerd runs" \
    || { echo "services: $(tr '\n' '|' <<< "$rows")"; return 1; }
}

check_search() {
  [ "$1" = 0 ] || { echo "exit $1: $(first_err)"; return 1; }
  has '^btcusdt\.spot\.sim$' && ! grep -qv btc "$work/out" \
    && echo "$(wc -l < "$work/out") markets, all btc, btcusdt.spot.sim among them" \
    || { echo "found: $(tr '\n' ' ' < "$work/out")"; return 1; }
}

check_mkt_info() {
  [ "$1" = 0 ] || { echo "exit $1: $(first_err)"; return 1; }
  local field missing=""
  for field in fqme broker price_tick size_tick taker_fee min_notional dst src bs_mktid; do
    has "\"$field\":" || missing="$missing $field"
  done
  [ -z "$missing" ] || { echo "lacks:$missing"; return 1; }
  has '"fqme":"btcusdt\.spot\.sim"' && has '"bs_mktid":"BTCUSDT-SPOT"' \
    && echo "every field; bs_mktid BTCUSDT-SPOT" || { echo "$(head -c 200 "$work/out")"; return 1; }
}

check_quote_count() {
  [ "$1" = 0 ] || { echo "exit $1: $(first_err)"; return 1; }
  [ "$(wc -l < "$work/out")" = 2 ] && has '"fqme":"btcusdt\.spot\.sim".*"last":60000[,}]' \
    && has '"fqme":"ethusdt\.spot\.sim".*"last":3000[,}]' && echo "2 quotes: last 60000 and 3000" \
    || { echo "$(head -c 300 "$work/out" | tr '\n' ' ')"; return 1; }
}

check_quote_throttled() {
  quote_out=$(bg_out quote)
  eventually 'grep -q "^btcusdt.spot.sim last=60000 " "$quote_out"' 60 \
    && echo "streaming: first frame last=60000" || { echo "no frame: $(head -c 200 "$quote_out")"; return 1; }
}

check_push_to_quote() {
  [ "$1" = 0 ] || { echo "exit $1: $(first_err)"; return 1; }
  eventually 'grep -q "trade 60000.01x0.5" "$quote_out"' 30 && echo "the running quote printed the trade" \
    || { echo "the quote never showed it: $(tail -c 200 "$quote_out")"; return 1; }
}

check_stop_quote() {
  [ -n "$1" ] || { echo "no such job"; return 1; }
  eventually "! kill -0 $1 2> /dev/null" 30 && echo "the quote stopped" || { echo "still running"; return 1; }
}

check_bars() {
  [ "$1" = 0 ] || { echo "exit $1: $(first_err)"; return 1; }
  local bars
  bars=$(grep -c '60000' "$work/out")
  [ "$bars" = 60 ] && has '60000\.01.*0\.5' && echo "60 bars, one holding the pushed trade" \
    || { echo "$bars bars: $(tail -n 2 "$work/out" | tr '\n' '|')"; return 1; }
}

check_chart() {
  [ "$1" = 0 ] || { echo "exit $1: $(first_err)"; return 1; }
  [ "$(head -c 8 "$work/chart.png" 2> /dev/null | od -An -tx1 | tr -d ' \n')" = 89504e470d0a1a0a ] \
    && echo "chart.png is a PNG ($(stat -c %s "$work/chart.png") bytes)" || { echo "no PNG written"; return 1; }
}

check_buy_fills() {
  [ "$1" = 0 ] || { echo "exit $1: $(first_err)"; return 1; }
  [ "$(statuses)" = "pending open fill closed position" ] && has '^fill .*fill_price=60000\.01' \
    && has '^position .*size=0\.001 ' && echo "pending open fill closed position, at the ask 60000.01" \
    || { echo "got: $(statuses)"; return 1; }
}

check_dark_rests() {
  [ "$1" = 0 ] || { echo "exit $1: $(first_err)"; return 1; }
  [ "$(statuses)" = dark_open ] && echo "dark_open" || { echo "got: $(statuses)"; return 1; }
}

check_alert_waits() {
  alert_pid=$1 alert_out=$(bg_out alert)
  eventually 'grep -q "^dark_open .* alert " "$alert_out"' 60 && kill -0 "$alert_pid" 2> /dev/null \
    && echo "dark_open, following" || { echo "got: $(head -c 200 "$alert_out")"; return 1; }
}

check_push_fires_alert() {
  [ "$1" = 0 ] || { echo "exit $1: $(first_err)"; return 1; }
  eventually "! kill -0 $alert_pid 2> /dev/null" 30 || { echo "the alert did not fire"; return 1; }
  local code=0
  wait "$alert_pid" || code=$?
  [ "$code" = 0 ] && grep -q '^triggered .* alert .*@ 61000' "$alert_out" && echo "the alert triggered; exit 0" \
    || { echo "alert exit $code: $(tail -c 200 "$alert_out")"; return 1; }
}

check_orders() {
  [ "$1" = 0 ] || { echo "exit $1: $(first_err)"; return 1; }
  [ "$(statuses)" = dark_open ] && has '^dark_open .* buy 0\.002 .*@ 59000' \
    && echo "the dark buy alone (filled buy and fired alert are done)" || { echo "got: $(statuses)"; return 1; }
}

check_positions() {
  [ "$1" = 0 ] || { echo "exit $1: $(first_err)"; return 1; }
  has '"account":"sim\.paper"' && has '"fqme":"btcusdt\.spot\.sim","size":0\.001,"avg_price":60000\.01' \
    && echo "sim.paper btcusdt.spot.sim 0.001 @ 60000.01" || { echo "$(head -c 200 "$work/out")"; return 1; }
}

check_ledger() {
  [ "$1" = 0 ] || { echo "exit $1: $(first_err)"; return 1; }
  local file="$PIKER_CONFIG_DIR/accounting/ledgers/trades_sim_paper.toml"
  has "ledger $file" && has '^position .*btcusdt\.spot\.sim size=0\.001 ' \
    && grep -q '^bs_mktid = "BTCUSDT-SPOT"$' "$file" \
    && echo "trades_sim_paper.toml (bs_mktid BTCUSDT-SPOT), one position" \
    || { echo "$(head -c 200 "$work/out" | tr '\n' ' ')"; return 1; }
}

check_backends() {
  [ "$1" = 0 ] || { echo "exit $1: $(first_err)"; return 1; }
  has '"name":"sim"' && has '"datad":\[[^]]*"stream_quotes"' && has '"brokerd":\[[^]]*"open_trade_dialog"' \
    && echo "sim: datad and brokerd endpoints" || { echo "$(head -c 200 "$work/out")"; return 1; }
}

check_bench() {
  [ "$1" = 0 ] || { echo "exit $1: $(first_err)"; return 1; }
  has '^ours ' && has '^baseline ' && has '^ratio ' && echo "ours, baseline and their ratio (smallest settings)" \
    || { echo "$(head -c 200 "$work/out" | tr '\n' ' ')"; return 1; }
}

check_shutdown() {
  eventually "! kill -0 $pikerd_pid 2> /dev/null" 30 || { echo "pikerd still runs"; return 1; }
  local code=0
  wait "$pikerd_pid" || code=$?
  [ "$code" = 0 ] && echo "pikerd exited 0" || { echo "pikerd exited $code"; return 1; }
}

# The check of each tour command, and how the script runs it; every check must be used once.
check_for() {
  case "$1" in
    "export PIKER_CONFIG_DIR="*) echo check_export ;;
    "printf '[sim]\ntick_rate = 0\n' > "*) echo check_quiet_conf ;;
    "bin/pikerd &") echo check_pikerd ;;
    "bin/piker services") echo check_services ;;
    "bin/piker search btc") echo check_search ;;
    "bin/piker mkt-info btcusdt.spot.sim --json") echo check_mkt_info ;;
    "bin/piker quote btcusdt.spot.sim ethusdt.spot.sim --count 2 --json") echo check_quote_count ;;
    "bin/piker quote btcusdt.spot.sim --throttle 10 &") echo check_quote_throttled ;;
    "bin/piker sim push btcusdt.spot.sim trade 60000.01 0.5") echo check_push_to_quote ;;
    "kill %2") echo check_stop_quote ;;
    "bin/piker bars btcusdt.spot.sim --period 1m --count 60") echo check_bars ;;
    "bin/piker chart btcusdt.spot.sim --png chart.png") echo check_chart ;;
    "bin/piker order buy btcusdt.spot.sim --size 0.001 --price 60100") echo check_buy_fills ;;
    "bin/piker order buy btcusdt.spot.sim --size 0.002 --price 59000 --dark") echo check_dark_rests ;;
    "bin/piker order alert btcusdt.spot.sim --size 1 --price 61000 --follow &") echo check_alert_waits ;;
    "bin/piker sim push btcusdt.spot.sim trade 61000 0.1") echo check_push_fires_alert ;;
    "bin/piker orders") echo check_orders ;;
    "bin/piker positions --json") echo check_positions ;;
    "bin/piker ledger sim.paper") echo check_ledger ;;
    "bin/piker backends --json") echo check_backends ;;
    "bin/piker bench feed") echo "check_bench --subscribers 1 --seconds 1" ;;
    "bin/piker bench orders --durable") echo "check_bench --orders 10" ;;
    "kill %1") echo check_shutdown ;;
  esac
}
all_checks="check_export check_quiet_conf check_pikerd check_services check_search check_mkt_info
  check_quote_count check_quote_throttled check_push_to_quote check_stop_quote check_bars check_chart
  check_buy_fills check_dark_rests check_alert_waits check_push_fires_alert check_orders check_positions
  check_ledger check_backends check_bench check_shutdown"

run_step() { # $1 the README's command
  local command=$1 check extra seen code=0
  read -r check extra <<< "$(check_for "$command")"
  if [ -z "$check" ]; then
    verdict 1 "$command" "no check in tour.sh for this README line"
    return
  fi
  checked[$check]=1
  case "$command" in
    export\ *) eval "$command" ;;
    kill\ %*)
      code=$(jobs -p "${command#kill }" 2> /dev/null)
      eval "$command" 2> "$work/err"
      ;;
    *"&")
      local name=job
      case "$command" in bin/pikerd*) name=pikerd; export PIKER_REGISTRY=127.0.0.1:0 ;;
        *quote*) name=quote ;; *alert*) name=alert ;; esac
      eval "$command" > "$(bg_out $name)" 2> "$work/bg$name.err"
      code=$!
      ;;
    *) timeout 180 bash -c "$command $extra" > "$work/out" 2> "$work/err" || code=$? ;;
  esac
  # in this shell, not a subshell: checks keep what later steps need (pids, the registry address)
  local passed=0
  $check "$code" > "$work/seen" || passed=1
  verdict "$passed" "$command" "$(tr '\n' ' ' < "$work/seen")"
}

# bin/ here runs the repository's bin/ (a link would make bin/piker look for the build under $work)
mkdir "$work/bin" && cd "$work" || exit 1
for launcher in piker pikerd; do
  printf '#!/bin/sh\nexec "%s/bin/%s" "$@"\n' "$root" "$launcher" > "bin/$launcher"
  chmod +x "bin/$launcher"
done
[ -f "$root/pikerd/target/pikerd.jar" ] || { echo "not built: run mvn -q -DskipTests package first"; exit 1; }
unset PIKER_CONFIG_DIR PIKER_REGISTRY XDG_CONFIG_HOME
mapfile -t commands < <(tour_commands)
for command in "${commands[@]}"; do
  run_step "$command"
done
for check in $all_checks; do
  [ -n "${checked[$check]:-}" ] || verdict 1 "(${check#check_})" "the README tour lost the step this checks"
done
echo "$steps steps, $((steps - failed)) passed, $failed failed"
[ "$failed" = 0 ]
