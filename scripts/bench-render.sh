#!/usr/bin/env bash
# Frame-time benchmark of the renderer: the standard eatery against an empty venue with
# the same camera and panels, and the side-by-side stereo pair against the one picture
# (same view, same output size, same run), per view and graphics quality, at 1280x720,
# headless. Prints Markdown tables (the ones in docs/performance.md), mean and p95 of
# each, and keeps the per-pass statistics of each run under $OUT (default: a temporary
# folder).
#
#   bash scripts/bench-render.sh            # 30 timed frames per run
#   FRAMES=60 QUALITIES="low" bash scripts/bench-render.sh
#   STEREO=sbs-half VIEWS="overview" bash scripts/bench-render.sh
set -euo pipefail
cd "$(dirname "$0")/.."

export XDG_RUNTIME_DIR="${XDG_RUNTIME_DIR:-/tmp/venue-guide-xdg}"
mkdir -p "$XDG_RUNTIME_DIR" && chmod 700 "$XDG_RUNTIME_DIR"
FRAMES="${FRAMES:-30}"
SIZE="${SIZE:-1280x720}"
QUALITIES="${QUALITIES:-low high}"
STEREO="${STEREO:-sbs}"
SCENE="${SCENE:-scenes/small-eatery}"
OUT="${OUT:-$(mktemp -d)}"
mkdir -p "$OUT"
# Inside, at the storage door, looking into the kitchen (the densest view).
WALK="walk:3,1.5,180"
VIEWS="${VIEWS:-overview plan $WALK}"

cargo build -p venue-guide --quiet
BIN="${CARGO_TARGET_DIR:-target}/debug/venue-guide"
"$BIN" --version >/dev/null

# run NAME ARGS... : one render; prints "mean median p95" in ms and keeps the log.
run() {
  local name="$1"
  shift
  "$BIN" render "$SCENE" --size "$SIZE" -o "$OUT/$name.png" --frames "$FRAMES" "$@" \
    >"$OUT/$name.log" 2>"$OUT/$name.err"
  awk '/^frames:/ { print $4, $7, $10 }' "$OUT/$name.log"
}

ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", a / b }'; }

echo "| quality | view | eatery mean (median, p95) | empty mean (p95) | ratio | $STEREO mean (median, p95) | $STEREO / one picture |"
echo "|---|---|---|---|---|---|---|"
for quality in $QUALITIES; do
  for view in $VIEWS; do
    label="${view%%:*}"
    read -r mean median p95 < <(run "$quality-$label" --view "$view" --quality "$quality")
    read -r empty _ empty95 < <(run "$quality-$label-empty" --view "$view" --quality "$quality" --empty)
    read -r smean smedian s95 < <(run "$quality-$label-$STEREO" --view "$view" --quality "$quality" --stereo "$STEREO")
    printf '| %s | %s | %.0f ms (%.0f, %.0f) | %.0f ms (%.0f) | %.1f× | %.0f ms (%.0f, %.0f) | %s× mean, %s× p95 |\n' \
      "$quality" "$label" "$mean" "$median" "$p95" "$empty" "$empty95" "$(ratio "$mean" "$empty")" \
      "$smean" "$smedian" "$s95" "$(ratio "$smean" "$mean")" "$(ratio "$s95" "$p95")"
  done
done
echo
grep -h "^first complete frame" "$OUT"/*-overview.log | sed 's/^/start-up: /'
grep -h "^graphics:" "$OUT"/*-overview.log | sort -u
echo "logs and images: $OUT"
