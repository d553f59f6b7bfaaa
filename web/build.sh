#!/usr/bin/env bash
# Builds the web version into web/dist: static files for any web server or CDN.
#   bash web/build.sh                # the size-optimised `web` profile (what to ship)
#   PROFILE=web-ci bash web/build.sh # a quick build for tests (larger, not for shipping)
#   node web/serve.mjs               # then open http://localhost:8080/
# Needs the wasm32 target, wasm-bindgen-cli at exactly the version in Cargo.lock (installed
# here when missing) and Node (to precompress). wasm-opt -Oz runs only when asked for
# with WASM_OPT=/path/to/wasm-opt (binaryen >= 110; Debian's 108 breaks wasm-bindgen's
# output), and is kept only when the file gets smaller under brotli, the encoding browsers
# ask for: measured on this build it made the brotli file 1.9 % larger (gzip 0.2 %
# smaller) after 11 minutes. See web/README.md for sizes and serving.
set -euo pipefail
cd "$(dirname "$0")/.."
target_dir="${CARGO_TARGET_DIR:-target}"
profile="${PROFILE:-web}"
dist="${DIST:-web/dist}"

rustup target add wasm32-unknown-unknown >/dev/null 2>&1 || rustup target add wasm32-unknown-unknown
want=$(awk '/^name = "wasm-bindgen"$/ { getline; gsub(/version = |"/, ""); print; exit }' Cargo.lock)
# wasm-bindgen-cli is kept in a cache folder outside the clone (beside CI's cargo target
# folder), so it is compiled once per machine, not once per run (it takes minutes).
tools="${VENUE_TOOLS_DIR:-$HOME/.cache/venue-guide/tools}"
export PATH="$tools/bin:$PATH"
have=$(wasm-bindgen --version 2>/dev/null | awk '{print $2}' || true)
if [ "$have" != "$want" ]; then
  echo "installing wasm-bindgen-cli $want (Cargo.lock) into $tools — found '${have:-none}'"
  # Not --locked: the versions in wasm-bindgen-cli's own lock file include one the registry
  # lacks (webpki-roots 1.0.11 for 0.2.130), so that install fails after a long download.
  # The tool's own version is pinned; only its dependencies resolve afresh.
  # Only the `wasm-bindgen` binary, and without the default TLS stack (rustls and ring,
  # which only the test runner's driver downloads use): 150 crates; 3.9 min cold on CI's
  # two cores (3.7 to 3.9 with the TLS stack: the machine's speed varies more).
  # At opt-level 1: it ran as fast on CI's web-ci wasm (15.4 s against 16.9 s at cargo
  # install's usual opt-level 3) and built in 3.0 instead of 3.9 minutes.
  CARGO_PROFILE_RELEASE_OPT_LEVEL=1 cargo install --force --root "$tools" wasm-bindgen-cli \
    --version "$want" --no-default-features --bin wasm-bindgen
fi

cargo build --locked --profile "$profile" -p venue-guide --target wasm32-unknown-unknown --no-default-features
rm -rf "$dist" && mkdir -p "$dist"
# The name section (function names for stack traces) is a quarter of the file; the
# producers section says which compilers made it. Neither is needed to run.
wasm-bindgen --target web --no-typescript --remove-name-section --remove-producers-section \
  --out-dir "$dist" --out-name venue-guide \
  "$target_dir/wasm32-unknown-unknown/$profile/venue-guide.wasm"

wasm="$dist/venue-guide_bg.wasm"
wasm_opt="${WASM_OPT:-}"
brotli_size() { node web/brotli-size.mjs "$1"; }
if [ -n "$wasm_opt" ]; then
  version=$("$wasm_opt" --version | grep -o '[0-9]\+' | head -1)
  if [ "${version:-0}" -ge 110 ]; then
    # The features rustc's wasm32 target turns on; wasm-opt must not drop them.
    "$wasm_opt" -Oz --enable-bulk-memory --enable-nontrapping-float-to-int --enable-sign-ext \
      --enable-mutable-globals --enable-reference-types --enable-multivalue \
      -o "$wasm.opt" "$wasm"
    before=$(brotli_size "$wasm"); after=$(brotli_size "$wasm.opt")
    if [ "$after" -lt "$before" ]; then
      echo "wasm-opt -Oz: $before -> $after bytes under brotli: kept"
      mv "$wasm.opt" "$wasm"
    else
      echo "wasm-opt -Oz: $before -> $after bytes under brotli: not smaller, left out"
      rm "$wasm.opt"
    fi
  else
    echo "wasm-opt $version is older than 110 (it corrupts wasm-bindgen's tables): not used"
  fi
fi

# The stereo view (phone in a viewer): loaded by the page when its button is pressed.
cp web/stereo.js "$dist/"
# The page's brotli decoder, for hosts that do not send the .br files themselves
# (web/brotli.js): brotli-dec-wasm from npm, pinned by its integrity, fetched by the page
# only on such hosts.
bash scripts/npm-fetch.sh brotli-dec-wasm 2.3.2 \
  sha512-5H+k8eVLIJY6B4olN2HP9QzJAxcplf0jV7mWnkpxvOSeUE9Npg3dQ2pgLn30a9MUFHNro1iSmtdu6VNdlb+TIw==
decoder="${NODE_CACHE:-$HOME/.cache/venue-guide/node}/node_modules/brotli-dec-wasm"
cp web/brotli.js "$dist/"
mkdir -p "$dist/brotli"
cp "$decoder"/pkg/brotli_dec_wasm.js "$decoder"/pkg/brotli_dec_wasm_bg.wasm "$decoder"/LICENSE-*.txt "$dist/brotli/"
# The app reads models from assets/ and scenes from scenes/, relative to the page.
mkdir -p "$dist/assets/fonts/web"
cp -r assets/models "$dist/assets/"
rm -f "$dist/assets/models/README.md"
# The first view's fonts (cut to the shipped strings), and the complete subsets that a
# scene with other characters fetches (src/ui/web_fonts.rs).
cp assets/fonts/web/*.ttf "$dist/assets/fonts/web/"
cp assets/fonts/NotoSans*-subset.ttf assets/fonts/OFL.txt "$dist/assets/fonts/"
# OpenCC's dictionaries, fetched with the HK fonts when a visitor picks 繁體
# (crates/venue_core/opencc, src/ui/web_fonts.rs).
mkdir -p "$dist/assets/opencc"
cp crates/venue_core/opencc/*.txt crates/venue_core/opencc/README.md "$dist/assets/opencc/"
# The scenes: their RON files (the catalogue of them, scenes/index.ron, is the picker's).
dist_abs=$(realpath "$dist")
(cd scenes && find . -name '*.ron' -print0 | xargs -0 -I{} install -D -m 644 {} "$dist_abs/scenes/{}")

# The loading bar counts the first view's bytes against their sizes.
size() { stat -c %s "$1"; }
sizes="{\"wasm\": $(size "$wasm"), \"sc-regular\": $(size assets/fonts/web/sc-regular.ttf), \"sc-bold\": $(size assets/fonts/web/sc-bold.ttf), \"names\": $(size assets/fonts/web/names.ttf), \"hk-regular\": $(size assets/fonts/web/hk-regular.ttf), \"hk-bold\": $(size assets/fonts/web/hk-bold.ttf), \"opencc\": $(cat crates/venue_core/opencc/*.txt | wc -c)}"
sed "s|/\*FIRST_VIEW_SIZES\*/{}|$sizes|" web/index.html > "$dist/index.html"

if command -v node >/dev/null; then
  node web/compress.mjs "$dist"
else
  echo "no Node: the precompressed .br/.gz files were not written" >&2
fi
echo "built $dist ($profile): wasm $(size "$wasm") bytes, folder $(du -sh --exclude='*.br' --exclude='*.gz' "$dist" | cut -f1)"
