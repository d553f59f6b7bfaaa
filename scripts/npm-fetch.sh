#!/usr/bin/env bash
# Fetches a pinned npm package straight from the npm registry into
# ~/.cache/venue-guide/node/node_modules/NAME, checking its sha512 (the registry's
# `dist.integrity`). For the packages the web checks need, none of which has
# dependencies: no npm needed, only curl and Node.
#   bash scripts/npm-fetch.sh NAME VERSION SHA512-INTEGRITY
set -euo pipefail
name=$1 version=$2 integrity=$3
root="${NODE_CACHE:-$HOME/.cache/venue-guide/node}"
dest="$root/node_modules/$name"
if [ -f "$dest/package.json" ] && grep -q "\"version\": \"$version\"" "$dest/package.json"; then
  exit 0
fi
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
curl -fsSL --retry 3 -o "$tmp/pkg.tgz" "https://registry.npmjs.org/$name/-/$name-$version.tgz"
got="sha512-$(openssl dgst -sha512 -binary "$tmp/pkg.tgz" | base64 -w0)"
if [ "$got" != "$integrity" ]; then
  echo "npm-fetch: $name $version does not match its pinned integrity ($got)" >&2
  exit 1
fi
rm -rf "$dest" && mkdir -p "$dest"
tar -xzf "$tmp/pkg.tgz" -C "$dest" --strip-components=1
echo "fetched $name $version into $dest"
