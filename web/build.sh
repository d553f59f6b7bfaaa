#!/usr/bin/env bash
# Builds the web version into web/dist: static files to serve from any web server.
#   bash web/build.sh            # the size-optimised `web` profile (PROFILE=release for speed)
#   python3 -m http.server -d web/dist 8080
# Needs the wasm32 target and wasm-bindgen-cli at exactly the version in Cargo.lock.
set -euo pipefail
cd "$(dirname "$0")/.."
target_dir="${CARGO_TARGET_DIR:-target}"
profile="${PROFILE:-web}"

rustup target add wasm32-unknown-unknown
want=$(awk '/^name = "wasm-bindgen"$/ { getline; gsub(/version = |"/, ""); print; exit }' Cargo.lock)
have=$(wasm-bindgen --version 2>/dev/null | awk '{print $2}' || true)
if [ "$have" != "$want" ]; then
  echo "installing wasm-bindgen-cli $want (Cargo.lock) — found '${have:-none}'"
  # --locked first (the versions wasm-bindgen's own release was tested with); if the registry
  # lacks one of those (a mirror that lags crates.io: seen with webpki-roots 1.0.11 for 0.2.130),
  # resolve afresh. Only the CLI tool's dependencies change; its version must still be $want.
  cargo install --locked wasm-bindgen-cli --version "$want" \
    || cargo install --force wasm-bindgen-cli --version "$want"
fi

cargo build --locked --profile "$profile" -p venue-guide --target wasm32-unknown-unknown --no-default-features
dist=web/dist
rm -rf "$dist" && mkdir -p "$dist"
# The name section (function names for stack traces) is a quarter of the file: without
# it the wasm is 53 MB with the web profile (13 MB gzipped; release: 76 / 17 MB).
# Serve web/dist with gzip or brotli.
wasm-bindgen --target web --no-typescript --remove-name-section --remove-producers-section \
  --out-dir "$dist" --out-name venue-guide \
  "$target_dir/wasm32-unknown-unknown/$profile/venue-guide.wasm"
cp web/index.html web/stereo.js "$dist/"
# The app reads models from assets/ and scenes from scenes/, relative to the page.
mkdir -p "$dist/assets/fonts"
cp -r assets/models "$dist/assets/"
# The page's own texts fall back to this font where the system has no Chinese one.
cp assets/fonts/NotoSansSC-Regular-subset.ttf "$dist/assets/fonts/"
cp -r scenes "$dist/scenes"
echo "built $dist ($(du -sh "$dist" | cut -f1))"
