#!/usr/bin/env bash
# Shows `piker chart` on a screen nobody sees and takes pictures of it: starts a private X server
# (Xvfb), a pikerd with a temp config dir on the sim venue, rests two paper orders, opens the chart
# window and drives it with xdotool the way a user would: crosshair, wheel zoom, drag and arrow pan,
# Home/End, the P key (1 m to 1 s), then a new order and a cancel while it is open.
# Run after `mvn -q -DskipTests package`. Needs Xvfb, xdotool, xwd (Debian: xvfb xdotool x11-apps) and
# either ImageMagick or netpbm to turn xwd dumps into PNGs. Takes about a minute.
#
# Usage: docs/scripts/chart-window.sh [OUT_DIR]   (default ./chart-window-shots); prints each PNG's path.
set -uo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
out=$(mkdir -p "${1:-chart-window-shots}" && cd "${1:-chart-window-shots}" && pwd)
fqme=btcusdt.spot.sim
work=$(mktemp -d)
cfg="$work/cfg"
xvfb_pid="" pikerd_pid="" chart_pid="" registry=""

stop() { # $1: pid; TERM, then wait for it
  if [ -n "$1" ] && kill -0 "$1" 2> /dev/null; then
    kill -TERM "$1"
    wait "$1" 2> /dev/null
  fi
}
trap 'stop "$chart_pid"; stop "$pikerd_pid"; stop "$xvfb_pid"; rm -rf "$work"' EXIT

for tool in Xvfb xdotool xwd; do
  command -v "$tool" > /dev/null || { echo "chart-window: $tool is not installed" >&2; exit 3; }
done
# an xwd dump to PNG on stdout: ImageMagick if it reads xwd, else netpbm
if printf '' | convert xwd:- png:- > /dev/null 2>&1 || convert -list format 2> /dev/null | grep -qi '^ *XWD'; then
  to_png() { convert xwd:- png:-; }
elif command -v xwdtopnm > /dev/null && command -v pnmtopng > /dev/null; then
  to_png() { xwdtopnm 2> /dev/null | pnmtopng; }
else
  echo "chart-window: neither ImageMagick nor netpbm can turn xwd into PNG" >&2
  exit 3
fi

piker() { timeout 120 "$root/bin/piker" "$@" -c "$cfg" --registry "$registry"; }

# a free display: Xvfb picks it and writes its number once it takes connections
exec 3< <(Xvfb -displayfd 1 -screen 0 1280x800x24 -nolisten tcp 2> "$work/xvfb.err" & echo "pid $!")
read -r _ xvfb_pid <&3
read -r display <&3 || { echo "chart-window: Xvfb did not start: $(cat "$work/xvfb.err")" >&2; exit 1; }
export DISPLAY=":$display"

mkdir -p "$cfg"
printf '[sim]\nseed = 42\ntick_rate = 10\nvenue = ""\n' > "$cfg/conf.toml"
"$root/bin/pikerd" -c "$cfg" --registry 127.0.0.1:0 > "$work/ready" 2> "$work/pikerd.err" &
pikerd_pid=$!
for _ in $(seq 600); do
  grep -q "pikerd ready" "$work/ready" && break
  kill -0 "$pikerd_pid" 2> /dev/null || { echo "chart-window: pikerd exited: $(cat "$work/pikerd.err")" >&2; exit 1; }
  sleep 0.05
done
registry=$(sed -n 's/^pikerd ready //p' "$work/ready")
[ -n "$registry" ] || { echo "chart-window: pikerd did not get ready" >&2; exit 1; }

# history first (backfilled from the venue's walk), then two orders resting away from the market
piker bars "$fqme" --period 1m --count 300 > /dev/null 2>&1
last=$(piker quote "$fqme" --count 1 | sed -n 's/.* last=\([0-9.]*\).*/\1/p')
[ -n "$last" ] || { echo "chart-window: no quote for $fqme" >&2; exit 1; }
below=$(awk -v p="$last" 'BEGIN { printf "%.0f", p * 0.992 }')
above=$(awk -v p="$last" 'BEGIN { printf "%.0f", p * 1.006 }')
piker order buy "$fqme" --size 0.01 --price "$below" > /dev/null
sell_oid=$(piker order sell "$fqme" --size 0.02 --price "$above" | awk '/^open/ { print $2; exit }')
echo "last $last; resting: buy 0.01 @ $below, sell 0.02 @ $above ($sell_oid)"

# the headless picture, the same renderer without a window
piker chart "$fqme" --png "$out/00-headless.png" 2> /dev/null && echo "$out/00-headless.png"

"$root/bin/piker" chart "$fqme" -c "$cfg" --registry "$registry" --width 1200 --height 700 \
  > "$work/chart.out" 2> "$work/chart.err" &
chart_pid=$!
window=$(timeout 60 xdotool search --sync --name "piker chart $fqme" | head -1)
[ -n "$window" ] || { echo "chart-window: no window: $(cat "$work/chart.err")" >&2; exit 1; }
sleep 5 # the first bars, the orders and a few live quotes

shot() { # $1: name; the window alone
  xwd -id "$window" | to_png > "$out/$1.png" && echo "$out/$1.png"
}
xdotool mousemove --window "$window" 820 300
sleep 0.5
shot 01-live-1m-crosshair
xdotool mousemove --window "$window" 900 350 click 4 click 4 click 4
sleep 0.5
shot 02-wheel-zoom-in
xdotool mousemove --window "$window" 300 350 mousedown 1 mousemove --window "$window" 500 350 \
  mousemove --window "$window" 700 350 mouseup 1
xdotool key Left Left
sleep 0.5
shot 03-dragged-and-arrowed-back
xdotool key minus minus minus minus Home
sleep 0.5
shot 04-zoomed-out-home
xdotool key End p
sleep 4 # the 1 s bars come from datad
xdotool mousemove --window "$window" 900 250
sleep 0.5
shot 05-switched-to-1s
piker order buy "$fqme" --size 0.03 --price "$(awk -v p="$last" 'BEGIN { printf "%.0f", p * 0.997 }')" > /dev/null
piker cancel "$sell_oid" > /dev/null
sleep 2
shot 06-new-order-and-cancel
