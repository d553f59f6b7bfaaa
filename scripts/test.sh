#!/usr/bin/env bash
# The test command of the README: every test of the workspace, render tests included.
# Render tests need a Vulkan or GL adapter; on a machine without a GPU install Mesa's
# software Vulkan first (Debian: apt-get install mesa-vulkan-drivers). With CI set they
# fail, rather than skip, when no adapter is found. The report's print test likewise needs
# Debian's chromium and poppler-utils.
set -euo pipefail
cd "$(dirname "$0")/.."
# Cargo's own target folder (or $CARGO_TARGET_DIR, as CI sets), shared with `cargo run`.
export XDG_RUNTIME_DIR="${XDG_RUNTIME_DIR:-/tmp/xdg-runtime-$(id -u)}"
mkdir -p "$XDG_RUNTIME_DIR" && chmod 700 "$XDG_RUNTIME_DIR"
cargo test --workspace --locked "$@"
