#!/usr/bin/env bash
# Status benchmark: 10,000 goals, each with ten years of monthly figures
# (1.2 million figures), in a fresh database; times `status --format json`.
# Usage: benches/status.sh   (generated data goes to bench-data/, not committed)
set -euo pipefail
cd "$(dirname "$0")/.."
out=bench-data/status
mkdir -p "$out"
rm -f "$out"/bench.db*

python3 - "$out" <<'PY'
import sys, random
out = sys.argv[1]
random.seed(2)
kinds = ["growth", "multiple", "level", "trend"]
with open(f"{out}/catalogue.toml", "w") as f:
    f.write('[[indicator]]\nid = "trade"\nname = "Trade"\nunit = "CNY 100 million"\nfrequency = "monthly"\nmeasure = "flow"\n\n')
    for g in range(10000):
        f.write(f'[[region]]\nid = "r{g:05}"\nname = "Region {g}"\n\n')
        k = kinds[g % 4]
        f.write(f'[[goal]]\nid = "g{g:05}"\ntitle = "Goal {g}"\nregion = "r{g:05}"\nindicator = "trade"\ntype = "{k}"\n')
        if k == "growth":
            f.write("percent = 10\ntarget_year = 2021\n\n")
        elif k == "multiple":
            f.write("factor = 2\nbaseline_year = 2015\ntarget_year = 2025\n\n")
        elif k == "level":
            f.write("value = 20000\nbaseline_year = 2016\ntarget_year = 2022\n\n")
        else:
            f.write("baseline_year = 2015\n\n")
with open(f"{out}/figures.csv", "w") as f:
    f.write("region,indicator,period,value\n")
    for g in range(10000):
        base = random.uniform(50, 500)
        for y in range(2012, 2022):
            for m in range(1, 13):
                f.write(f"r{g:05},trade,{y}-{m:02},{base * (1 + 0.05) ** (y - 2012) * random.uniform(0.7, 1.3):.1f}\n")
PY
printf 'catalogue = "catalogue.toml"\n[database]\nurl = "sqlite://%s/bench.db"\n' "$out" > "$out/waymark.toml"

[ -n "${SKIP_BUILD:-}" ] || cargo build --release --quiet
bin=target/release/waymark
$bin --config "$out/waymark.toml" import "$out/figures.csv" --by bench
/usr/bin/time -v -o "$out/time.txt" $bin --config "$out/waymark.toml" status --format json --as-of 2021-12-31 > "$out/status.json"
secs=$(awk -F': ' '/Elapsed \(wall clock\)/ {n = split($2, t, ":"); s = 0; for (i = 1; i <= n; i++) s = s * 60 + t[i]; print s}' "$out/time.txt")
peak_kb=$(awk -F': ' '/Maximum resident set size/ {print $2}' "$out/time.txt")
goals=$(python3 -c "import json,sys; print(len(json.load(open('$out/status.json'))))")
echo "goals: $goals  figures: 1200000  status --format json: ${secs}s  peak memory: $((peak_kb / 1024)) MB"
