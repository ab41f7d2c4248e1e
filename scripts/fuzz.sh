#!/usr/bin/env bash
# Issue 8, hostile input: run every cargo-fuzz target for SECONDS each.
#
#   scripts/fuzz.sh [SECONDS] [TARGET...]      (default 60 s, every target)
#
# Needs cargo-fuzz (`cargo install cargo-fuzz`). The toolchain here is stable
# only, so nightly flags are unlocked with RUSTC_BOOTSTRAP=1, and no
# sanitizer is used (waymark has no unsafe code of its own; panics, overflows
# and debug assertions are what the targets look for). Corpora start from the
# test fixtures and live in fuzz/corpus/ (not committed); crashes land in
# fuzz/artifacts/<target>/. Prints one line per target: runs, and crashes.
set -euo pipefail
cd "$(dirname "$0")/../fuzz"
SECONDS_EACH=${1:-60}
shift || true
TARGETS=("$@")
[[ ${#TARGETS[@]} -gt 0 ]] || TARGETS=(period csv_import xlsx_import catalogue observations_json)
export RUSTC_BOOTSTRAP=1

seed() { # seed TARGET FILE...
    mkdir -p "corpus/$1"
    for f in "${@:2}"; do cp -f "$f" "corpus/$1/$(basename "$f")"; done
}
F=../tests/fixtures
mkdir -p corpus/period; printf 2021 >corpus/period/a; printf 2021-Q3 >corpus/period/q; printf 2021-03 >corpus/period/m
seed csv_import "$F"/import/good.csv "$F"/import/bad/*.csv
seed xlsx_import "$F"/import/good.xlsx "$F"/import/bad_sheet.xlsx
seed catalogue "$F"/catalogue.toml ../config/catalogue.toml
seed observations_json "$F"/sources/observations.json

cargo fuzz build -s none -O >/dev/null 2>&1 || cargo fuzz build -s none -O
status=0
for t in "${TARGETS[@]}"; do
    log=$(mktemp)
    if cargo fuzz run -s none -O "$t" -- -max_total_time="$SECONDS_EACH" -rss_limit_mb=2048 >"$log" 2>&1; then
        crash=0
    else
        crash=1; status=1
    fi
    runs=$(grep -Eo 'Done [0-9]+ runs' "$log" | grep -Eo '[0-9]+' || true)
    [[ -n $runs ]] || runs=$(grep -Eo '^#[0-9]+' "$log" | tail -1 | tr -d '#')
    echo "fuzz $t: ${runs:-?} runs in ${SECONDS_EACH} s, $crash crashes"
    if (( crash )); then grep -E 'panicked|ERROR|Test unit written' "$log" | head -5; fi
    rm -f "$log"
done
exit $status
