#!/usr/bin/env bash
# Check contrib/waymark.service with systemd's own parser
# (`systemd-analyze verify`), pointing ExecStart at a built binary since the
# unit names where it is installed. Any complaint fails, warnings included:
# systemd ignores a line it cannot parse and still exits 0.
# Usage: scripts/verify-service.sh [BINARY]   (default target/debug/waymark)
set -euo pipefail
cd "$(dirname "$0")/.."

if ! command -v systemd-analyze >/dev/null; then
    echo "systemd-analyze is not installed: contrib/waymark.service not verified"
    exit 0
fi
bin=$(realpath "${1:-target/debug/waymark}")
[ -x "$bin" ] || { echo "no binary at $bin (cargo build first)"; exit 1; }
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
sed "s|/usr/local/bin/waymark|$bin|" contrib/waymark.service > "$dir/waymark.service"
# --man=no: the Documentation= page is not installed here.
out=$(systemd-analyze verify --man=no "$dir/waymark.service" 2>&1) || { echo "$out"; exit 1; }
if [ -n "$out" ]; then
    echo "systemd-analyze verify contrib/waymark.service:"
    echo "$out"
    exit 1
fi
echo "contrib/waymark.service: systemd-analyze verify passed"
