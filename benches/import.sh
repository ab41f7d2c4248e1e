#!/usr/bin/env bash
# Import benchmark: generate a 1,000,000-row CSV (1,000 regions × one monthly
# indicator × 1,000 months) and import it into a fresh database with the
# release build. Prints rows per second and peak memory (/usr/bin/time -v).
# Usage: benches/import.sh [ROWS_PER_REGION]   (generated data goes to bench-data/, not committed)
set -euo pipefail
cd "$(dirname "$0")/.."
months=${1:-1000}
out=bench-data/import
mkdir -p "$out"
rm -f "$out"/bench.db*

python3 - "$out" "$months" <<'PY'
import sys, random
out, months = sys.argv[1], int(sys.argv[2])
random.seed(1)
with open(f"{out}/catalogue.toml", "w") as f:
    f.write('[[indicator]]\nid = "trade"\nname = "Trade"\nunit = "CNY 100 million"\nfrequency = "monthly"\nmeasure = "flow"\n\n')
    for r in range(1000):
        f.write(f'[[region]]\nid = "r{r:04}"\nname = "Region {r}"\n\n')
with open(f"{out}/figures.csv", "w") as f:
    f.write("region,indicator,period,value\n")
    for r in range(1000):
        for m in range(months):
            y, mm = 1940 + m // 12, m % 12 + 1
            f.write(f"r{r:04},trade,{y}-{mm:02},{random.randint(100, 99999) / 10}\n")
PY
printf 'catalogue = "catalogue.toml"\n[database]\nurl = "sqlite://%s/bench.db"\n' "$out" > "$out/waymark.toml"

[ -n "${SKIP_BUILD:-}" ] || cargo build --release --quiet
rows=$(( $(wc -l < "$out/figures.csv") - 1 ))
/usr/bin/time -v -o "$out/time.txt" target/release/waymark --config "$out/waymark.toml" import "$out/figures.csv" --by bench
secs=$(awk -F': ' '/Elapsed \(wall clock\)/ {n = split($2, t, ":"); s = 0; for (i = 1; i <= n; i++) s = s * 60 + t[i]; print s}' "$out/time.txt")
peak_kb=$(awk -F': ' '/Maximum resident set size/ {print $2}' "$out/time.txt")
echo "rows: $rows  seconds: $secs  rows/s: $(awk -v r="$rows" -v s="$secs" 'BEGIN {printf "%d", r / s}')  peak memory: $((peak_kb / 1024)) MB"
