#!/usr/bin/env bash
# Rebuild the font the charts are drawn with: assets/fonts/NotoSansSC-{Regular,Bold}.subset.ttf.
#
#   scripts/cjk-font.sh
#
# Needs npm and python3 (with venv). The source is Noto Sans SC 2.004 as
# Google Fonts serves it (TrueType outlines), taken from the npm package
# @expo-google-fonts/noto-sans-sc 0.4.3 (checked by SHA-256). The subset
# keeps everything the font has below U+3000 (Latin, Greek, Cyrillic,
# punctuation, symbols), CJK symbols and punctuation (U+3000-303F),
# half- and full-width forms (U+FF00-FFEF) and every character of GB 2312:
# its 6,763 hanzi (levels 1 and 2) and its symbols, kana and pinyin. Hinting
# and layout tables go (the rasterizer uses neither); the .notdef box stays,
# so a character outside the subset shows as a box, not as nothing.
# The result is byte-for-byte reproducible with the pinned fontTools.
set -euo pipefail
cd "$(dirname "$0")/.."
OUT=assets/fonts
PKG=@expo-google-fonts/noto-sans-sc@0.4.3
PKG_SHA=0d69d0f4971d2ff574e3d93cbc218dc950bf3f3f8f8e2c008d97687ed53aee59
FONTTOOLS=fonttools==4.68.0

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
(cd "$work" && npm pack --silent "$PKG" >/dev/null)
tgz=$(ls "$work"/*.tgz)
echo "$PKG_SHA  $tgz" | sha256sum -c --quiet
tar -xzf "$tgz" -C "$work" package/LICENSE_FONT \
    package/400Regular/NotoSansSC_400Regular.ttf package/700Bold/NotoSansSC_700Bold.ttf
python3 -m venv "$work/venv"
"$work/venv/bin/pip" install --quiet "$FONTTOOLS"

# Every character GB 2312 encodes: rows 0xA1-0xF7, cells 0xA1-0xFE.
"$work/venv/bin/python" - >"$work/gb2312.txt" <<'EOF'
for hi in range(0xA1, 0xF8):
    for lo in range(0xA1, 0xFF):
        try:
            print("U+%04X" % ord(bytes([hi, lo]).decode("gb2312")))
        except UnicodeDecodeError:
            pass
EOF

mkdir -p "$OUT"
for weight in 400Regular:Regular 700Bold:Bold; do
    src="$work/package/${weight%%:*}/NotoSansSC_${weight%%:*}.ttf"
    dst="$OUT/NotoSansSC-${weight##*:}.subset.ttf"
    "$work/venv/bin/pyftsubset" "$src" \
        --unicodes-file="$work/gb2312.txt" \
        --unicodes="U+0020-2FFF,U+3000-303F,U+FF00-FFEF" \
        --no-hinting --layout-features= \
        --drop-tables+=BASE,STAT,vhea,vmtx,GDEF,GPOS,GSUB,gasp,prep \
        --name-IDs=0,1,2,3,4,5,6,13,14 --notdef-outline \
        --output-file="$dst.tmp"
    mv "$dst.tmp" "$dst"
done
cp "$work/package/LICENSE_FONT" "$OUT/OFL.txt"
sha256sum "$OUT"/*.ttf
