#!/usr/bin/env bash
# Crash test of the daemon (issue 8, check 1): kills a release-build
# `waymark serve` with SIGKILL at random moments while clients send batches
# of figures, restarting it each time, and checks after every restart that
# PRAGMA integrity_check is ok, that every batch is entirely present or
# entirely absent, and that every batch answered 2xx is present.
# The driver is the ignored test daemon::crash (tests/daemon/crash.rs).
# Usage: scripts/crash-serve.sh [KILLS]   (default 200; about 2-4 minutes)
# Needs: sqlite3 (apt-get install sqlite3). Data lives in a temporary directory.
set -euo pipefail
cd "$(dirname "$0")/.."
command -v sqlite3 >/dev/null || { echo "sqlite3 is not installed (apt-get install sqlite3)" >&2; exit 1; }
[ -n "${SKIP_BUILD:-}" ] || cargo build --release --quiet
CRASH_KILLS=${1:-200} RELIABILITY_BIN="$PWD/target/release/waymark" \
    cargo test --quiet --test integration -- --ignored --exact \
    daemon::crash::sigkill_during_writes_loses_no_acknowledged_batch_and_leaves_none_partial \
    --nocapture 2>&1 | grep -E '^crash-serve:|panicked|assert|left|right|test result'
