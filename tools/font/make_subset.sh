#!/usr/bin/env bash
# Regenerate assets/fonts/NotoSans{SC,HK}-{Regular,Bold}-subset.ttf from Debian's
# fonts-noto-cjk, then verify them. See assets/fonts/README.md.
#
# Needs: Debian (or derivative) with apt, Python 3.9+.
#   apt-get update && apt-get install -y fonts-noto-cjk   # source fonts (~40 MB)
#   python3 -m pip install 'fonttools==4.68.0'            # subsetter / converter
# Both are run below only when missing (apt-get needs root).
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
src_dir="${NOTO_CJK_DIR:-/usr/share/fonts/opentype/noto}"

if [[ ! -f "$src_dir/NotoSansCJK-Regular.ttc" || ! -f "$src_dir/NotoSansCJK-Bold.ttc" ]]; then
    echo "installing fonts-noto-cjk ..." >&2
    apt-get update
    DEBIAN_FRONTEND=noninteractive apt-get install -y fonts-noto-cjk
fi
if command -v dpkg-query >/dev/null; then
    echo "source: fonts-noto-cjk $(dpkg-query -W -f='${Version}' fonts-noto-cjk 2>/dev/null || echo '?')" >&2
fi

if ! python3 -c 'import fontTools' 2>/dev/null; then
    echo "installing fonttools ..." >&2
    python3 -m pip install 'fonttools==4.68.0'
fi
python3 -c 'import fontTools; print("fonttools", fontTools.version)' >&2

python3 "$here/make_subset.py" --src-dir "$src_dir" "$@"
python3 "$here/verify_subset.py"
