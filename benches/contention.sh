#!/usr/bin/env bash
# Writers during a large import: import ROWS figures (1,000 regions x one
# monthly indicator) into a database that already holds the same keys with
# other values (so every figure is a revision), while `waymark record` runs
# one write after another against the same database from another process.
# Prints the import's time, how long each record took (median, slowest) and
# how many failed, and with WAYMARK_LOG=waymark=debug how long the import's
# publishing transaction waited for and held the write lock.
# Usage: benches/contention.sh [ROWS]   (default 1,300,000; release build;
# data goes to bench-data/contention/, not committed). BIN=path overrides the binary.
set -euo pipefail
cd "$(dirname "$0")/.."
rows=${1:-1300000}
out=bench-data/contention
bin=${BIN:-target/release/waymark}
mkdir -p "$out"
rm -f "$out"/bench.db*

python3 - "$out" "$rows" <<'PY'
import sys
out, rows = sys.argv[1], int(sys.argv[2])
months = (rows + 999) // 1000
with open(f"{out}/catalogue.toml", "w") as f:
    f.write('[[indicator]]\nid = "trade"\nname = "Trade"\nunit = "CNY 100 million"\nfrequency = "monthly"\nmeasure = "flow"\n\n')
    for r in range(1001):
        f.write(f'[[region]]\nid = "r{r:04}"\nname = "Region {r}"\n\n')
for name, off in (("a", 0.0), ("b", 0.5)):
    with open(f"{out}/{name}.csv", "w") as f:
        f.write("region,indicator,period,value\n")
        n = 0
        for r in range(1000):
            for m in range(months):
                if n == rows:
                    break
                f.write(f"r{r:04},trade,{1000 + m // 12}-{m % 12 + 1:02},{1000 + m + off}\n")
                n += 1
PY
printf 'catalogue = "catalogue.toml"\n[database]\nurl = "sqlite://%s/bench.db"\n' "$out" > "$out/waymark.toml"
[ -n "${SKIP_BUILD:-}${BIN:-}" ] || cargo build --release --quiet
wm() { "$bin" --config "$out/waymark.toml" "$@"; }
wm import "$out/a.csv" --by setup >/dev/null 2>&1

ms() { date +%s%N | cut -c1-13; }
t0=$(ms)
wm import "$out/b.csv" --by bench >"$out/import.out" 2>"$out/import.err" &
import=$!
: >"$out/records.txt"
: >"$out/records.err"
i=0
while kill -0 "$import" 2>/dev/null; do
    i=$((i + 1))
    s=$(ms)
    if wm record --region r1000 --indicator trade --period 2000-01 --value "$i" >/dev/null 2>>"$out/records.err"; then
        echo "$(( $(ms) - s )) ok $(( s - t0 ))" >>"$out/records.txt"
    else
        echo "$(( $(ms) - s )) failed $(( s - t0 ))" >>"$out/records.txt"
    fi
done
wait "$import"
t1=$(ms)
grep -h "figures \|recorded" "$out/import.out" "$out/import.err" | sed 's/\x1b\[[0-9;]*m//g' || true
sort -n "$out/records.txt" | awk -v secs="$(( (t1 - t0) ))" '
    { t[NR] = $1; if ($2 == "failed") f++ }
    END { printf "import: %.1f s; record during it: %d runs, median %d ms, slowest %d ms, %d failed\n",
          secs / 1000, NR, t[int((NR + 1) / 2)], t[NR], f }'
