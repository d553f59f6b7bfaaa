#!/usr/bin/env bash
# The booth's soak benchmark: the kiosk headless with a scripted visitor, for FRAMES
# frames (default 20,000) on a stepped clock (half a second of booth time per frame:
# 20,000 frames are 2.8 hours at the booth), recording resident memory, entities and
# asset counts every 1,000 frames, and checking that every reset leaves the app as the
# fresh start left it. Writes docs/soak/soak.csv and the plot docs/soak/soak.png.
#
#   bash scripts/soak.sh [FRAMES] [CONFIG] [SIZE]
#
# Software Vulkan (Mesa lavapipe) is enough at the default 320x180; on a GPU machine
# pass a larger size. Needs python3 with matplotlib for the plot (installed if missing).
set -euo pipefail
cd "$(dirname "$0")/.."
frames="${1:-20000}"
config="${2:-scenes/kiosk.ron}"
size="${3:-320x180}"
out=docs/soak
mkdir -p "$out"
export XDG_RUNTIME_DIR="${XDG_RUNTIME_DIR:-/tmp/xdg-runtime-$(id -u)}"
mkdir -p "$XDG_RUNTIME_DIR" && chmod 700 "$XDG_RUNTIME_DIR"
# PROFILE=dev reuses the test build (growth, not speed, is what the soak measures).
profile="${PROFILE:-release}"
cargo build --locked --profile "$profile" --bin venue-guide
dir=$([ "$profile" = dev ] && echo debug || echo "$profile")
bin="${CARGO_TARGET_DIR:-target}/$dir/venue-guide"
start=$(date +%s)
RUST_LOG="${RUST_LOG:-warn}" "$bin" kiosk "$config" --soak "$frames" --every 1000 \
  --size "$size" --check --stats "$out/soak.csv"
echo "soak: $frames frames in $(( $(date +%s) - start )) s"
python3 -c 'import matplotlib' 2>/dev/null || python3 -m pip install -q 'matplotlib>=3.8'
python3 scripts/plot_soak.py "$out/soak.csv" "$out/soak.png"
