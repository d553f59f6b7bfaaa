#!/usr/bin/env bash
# Frame-time benchmark of the renderer: the standard eatery against an empty venue with
# the same camera and panels, per view and graphics quality, at 1280x720, headless.
# Prints a Markdown table (the one in docs/performance.md) and the per-pass statistics
# of each run under $OUT (default: a temporary folder).
#
#   bash scripts/bench-render.sh            # 30 timed frames per run
#   FRAMES=60 QUALITIES="low" bash scripts/bench-render.sh
set -euo pipefail
cd "$(dirname "$0")/.."

export XDG_RUNTIME_DIR="${XDG_RUNTIME_DIR:-/tmp/venue-guide-xdg}"
mkdir -p "$XDG_RUNTIME_DIR" && chmod 700 "$XDG_RUNTIME_DIR"
FRAMES="${FRAMES:-30}"
SIZE="${SIZE:-1280x720}"
QUALITIES="${QUALITIES:-low high}"
SCENE="${SCENE:-scenes/small-eatery}"
OUT="${OUT:-$(mktemp -d)}"
mkdir -p "$OUT"
# Inside, at the storage door, looking into the kitchen (the densest view).
WALK="walk:3,1.5,180"

cargo build -p venue-guide --quiet
BIN="${CARGO_TARGET_DIR:-target}/debug/venue-guide"
"$BIN" --version >/dev/null

# run NAME ARGS... : one render; prints "mean median" in ms and keeps the log.
run() {
  local name="$1"
  shift
  "$BIN" render "$SCENE" --size "$SIZE" -o "$OUT/$name.png" --frames "$FRAMES" "$@" \
    >"$OUT/$name.log" 2>"$OUT/$name.err"
  awk '/^frames:/ { print $4, $7 }' "$OUT/$name.log"
}

echo "| quality | view | eatery mean (median) | empty mean | ratio |"
echo "|---|---|---|---|---|"
for quality in $QUALITIES; do
  for view in overview plan "$WALK"; do
    label="${view%%:*}"
    read -r mean median < <(run "$quality-$label" --view "$view" --quality "$quality")
    read -r empty _ < <(run "$quality-$label-empty" --view "$view" --quality "$quality" --empty)
    ratio=$(awk -v a="$mean" -v b="$empty" 'BEGIN { printf "%.1f", a / b }')
    printf '| %s | %s | %.0f ms (%.0f) | %.0f ms | %s× |\n' \
      "$quality" "$label" "$mean" "$median" "$empty" "$ratio"
  done
done
echo
grep -h "^first complete frame" "$OUT"/*-overview.log | sed 's/^/start-up: /'
grep -h "^graphics:" "$OUT"/*-overview.log | sort -u
echo "logs and images: $OUT"
