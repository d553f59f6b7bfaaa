#!/usr/bin/env bash
# What a web visitor downloads, measured: builds the shipping web build (web/build.sh,
# profile `web`) and, in the same run, a bare Bevy app with the same Bevy features and
# profile (web/bare), then prints every file's raw, gzip (-9) and brotli (11) size, the
# first view's total, and the app's wasm against the bare one. With BENCH=1 it also
# opens both in headless Chromium (web/bench.mjs): navigation → first frame and frame
# times, same machine, same run.
#   bash web/size-report.sh            # ~50 min cold on 2 cores (two fat-LTO builds:
#                                      # the app's other dependencies turn on features
#                                      # that give its Bevy crates other hashes)
#   WASM_OPT=1 bash web/size-report.sh # also tries wasm-opt -Oz (npm binaryen 132) on both
# Needs what web/build.sh needs.
set -euo pipefail
cd "$(dirname "$0")/.."
target_dir="$(realpath -m "${CARGO_TARGET_DIR:-target}")"
export CARGO_TARGET_DIR="$target_dir"
# wasm-bindgen-cli as web/build.sh installs it.
export PATH="${VENUE_TOOLS_DIR:-$HOME/.cache/venue-guide/tools}/bin:$PATH"
node_modules="${NODE_CACHE:-$HOME/.cache/venue-guide/node}/node_modules"

if [ "${WASM_OPT:-}" = 1 ]; then
  bash scripts/npm-fetch.sh binaryen 132.0.0 \
    sha512-4Usg7yEvwO3FMso3Oov6qkOOHSod1IEv+boKkh77kTljM+eNBouqCTbqWswGzbG+vDNO/b/v2C4gfEh1WgB9Lg==
  export WASM_OPT="$node_modules/binaryen/bin/wasm-opt"
fi

PROFILE=web bash web/build.sh

# The bare app: same Bevy features, same profile, and a copy of the app's lock file, so it
# gets the same versions.
cp Cargo.lock web/bare/Cargo.lock
(cd web/bare && cargo build --profile web --target wasm32-unknown-unknown)
bare=web/bare/dist
rm -rf "$bare" && mkdir -p "$bare"
wasm-bindgen --target web --no-typescript --remove-name-section --remove-producers-section \
  --out-dir "$bare" --out-name bare-bevy "$target_dir/wasm32-unknown-unknown/web/bare-bevy.wasm"
brotli_size() { node web/brotli-size.mjs "$1"; }
if [ -n "${WASM_OPT:-}" ]; then
  "$WASM_OPT" -Oz --enable-bulk-memory --enable-nontrapping-float-to-int --enable-sign-ext \
    --enable-mutable-globals --enable-reference-types --enable-multivalue \
    -o "$bare/opt.wasm" "$bare/bare-bevy_bg.wasm"
  if [ "$(brotli_size "$bare/opt.wasm")" -lt "$(brotli_size "$bare/bare-bevy_bg.wasm")" ]; then
    mv "$bare/opt.wasm" "$bare/bare-bevy_bg.wasm"
  else
    rm "$bare/opt.wasm"
  fi
fi
cp web/bare/index.html "$bare/"
node web/compress.mjs "$bare"

node web/sizes.mjs web/dist "$bare"
if [ "${BENCH:-0}" = 1 ]; then
  node web/bench.mjs web/dist "$bare"
fi
