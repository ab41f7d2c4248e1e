#!/usr/bin/env bash
# Issue 8, "crash during writes" (CLI): SIGKILL `waymark import` at random
# moments and check after every kill that the database is intact and that the
# file was imported entirely or not at all.
#
#   scripts/crash-import.sh [KILLS] [ROWS]      (defaults: 200 kills, 200000 rows)
#
# Needs the release binary (`cargo build --release`) and the sqlite3 CLI
# (`apt-get install -y sqlite3`). Data goes to a temp dir that is removed at
# the end; nothing is written into the work tree. Two generated files A and
# B hold the same (region, indicator, period) keys with different values, and
# the runs alternate between them, so every committed import revises every
# row: after a kill the export must be exactly the state before the run or
# exactly the imported file's state, and the history must have grown by 0 or
# by ROWS revisions. Prints one summary line and exits 1 on any violation.
set -euo pipefail

KILLS=${1:-200}
ROWS=${2:-200000}
ROOT=$(cd "$(dirname "$0")/.." && pwd)
BIN=${RELIABILITY_BIN:-$ROOT/target/release/waymark}
[[ -x $BIN ]] || { echo "crash-import: $BIN missing; run cargo build --release" >&2; exit 1; }
command -v sqlite3 >/dev/null || { echo "crash-import: needs the sqlite3 CLI" >&2; exit 1; }

WORK=$(mktemp -d "${TMPDIR:-/tmp}/crash-import.XXXXXX")
trap 'rm -rf "$WORK"' EXIT
DB=$WORK/crash.db
cat >"$WORK/waymark.toml" <<TOML
catalogue = "$ROOT/tests/fixtures/catalogue.toml"
[database]
url = "sqlite://$DB"
TOML
wm() { "$BIN" --config "$WORK/waymark.toml" "$@"; }

# ROWS figures over the fixture catalogue's 12 monthly series (4 regions x 3
# monthly indicators), consecutive months from 1000-01. B = A + 0.5.
gen() { # gen OFFSET FILE
    awk -v rows="$ROWS" -v off="$1" 'BEGIN {
        split("china liaoning guizhou zhejiang", reg, " ");
        split("china-europe-trains import-export ecommerce-shops", ind, " ");
        print "region,indicator,period,value,note";
        per = int((rows + 11) / 12); n = 0;
        for (s = 0; s < 12 && n < rows; s++)
            for (k = 0; k < per && n < rows; k++) {
                printf "%s,%s,%04d-%02d,%d%s,row %d\n", reg[s % 4 + 1], ind[int(s / 4) + 1],
                    1000 + int(k / 12), k % 12 + 1, k, off, n;
                n++;
            }
    }' >"$2"
}
gen "" "$WORK/a.csv"
gen ".5" "$WORK/b.csv"

count() { sqlite3 "$DB" 'SELECT count(*) FROM figure;'; }
state() { wm export | md5sum | cut -d' ' -f1; }
ms() { date +%s%N | cut -c1-13; }

# Reference states from uninterrupted imports; the A-state database is the
# snapshot the loop returns to every few commits, so the file stays small.
wm init >/dev/null
EMPTY=$(state)
t0=$(ms); wm import "$WORK/b.csv" >/dev/null; t1=$(ms)
SUM_B=$(state)
t2=$(ms); wm import "$WORK/a.csv" >/dev/null; t3=$(ms)
SUM_A=$(state)
[[ $EMPTY != "$SUM_A" && $SUM_A != "$SUM_B" ]] || { echo "crash-import: states not distinct" >&2; exit 1; }
TYPICAL=$(( ((t1 - t0) + (t3 - t2)) / 2 ))
sqlite3 "$DB" 'PRAGMA wal_checkpoint(TRUNCATE);' >/dev/null
cp "$DB" "$WORK/snapshot-a.db"
echo "crash-import: $ROWS rows per file, typical import ${TYPICAL} ms, killing at 0..150% of that" >&2

reset_to_a() {
    rm -f "$DB" "$DB-wal" "$DB-shm"
    cp "$WORK/snapshot-a.db" "$DB"
    CUR=$SUM_A; CUR_COUNT=$(count)
}
reset_to_a

kills=0 ok=0 partial=0 committed=0 finished=0 runs=0 since_reset=0 next=b
while (( kills < KILLS )); do
    runs=$((runs + 1))
    file=$WORK/$next.csv
    [[ $next == a ]] && want=$SUM_A || want=$SUM_B
    # Up to 50% past the typical duration: the commit comes at the very end, and
    # runs on a busy machine take longer, so this lets some of them commit.
    delay=$(awk -v r="$RANDOM" -v t="$TYPICAL" 'BEGIN { printf "%.3f", r / 32768 * t * 1.5 / 1000 }')
    "$BIN" --config "$WORK/waymark.toml" import "$file" >"$WORK/out.txt" 2>&1 &
    pid=$!
    sleep "$delay"
    kill -KILL "$pid" 2>/dev/null || true
    # A run that printed its summary had finished (kill also "succeeds" on a
    # process that has exited but is not yet reaped): not counted as a kill.
    if wait "$pid" 2>/dev/null || grep -q recorded "$WORK/out.txt"; then
        finished=$((finished + 1))
    else
        kills=$((kills + 1))
    fi

    integrity=$(sqlite3 "$DB" 'PRAGMA integrity_check;' 2>&1 || true)
    now=$(state)
    n=$(count)
    if [[ $integrity == ok ]]; then ok=$((ok + 1)); else
        echo "run $runs (delay ${delay}s): integrity_check: $integrity" >&2; fi
    if [[ $now == "$CUR" && $n == "$CUR_COUNT" ]]; then
        :   # nothing of the file: allowed
    elif [[ $now == "$want" && $n == $((CUR_COUNT + ROWS)) ]]; then
        committed=$((committed + 1)); since_reset=$((since_reset + 1))
        CUR=$want; CUR_COUNT=$n
        [[ $next == a ]] && next=b || next=a
    else
        partial=$((partial + 1))
        echo "run $runs (delay ${delay}s): partial import: export $now, $n revisions (before $CUR_COUNT)" >&2
        CUR=$now; CUR_COUNT=$n
    fi
    if (( since_reset >= 5 )); then reset_to_a; since_reset=0; next=b; fi
    (( runs % 20 == 0 )) && echo "  ... $runs runs, $kills kills, $committed committed" >&2
done

echo "crash-import: $kills kills, $ok integrity ok, $partial partial imports, $committed committed ($runs runs, $finished finished before the kill)"
(( ok == runs && partial == 0 ))
