#!/usr/bin/env bash
# Prints the import edges between the library's top-level modules, one
# "from -> to (references)" line each ("UP" marks an edge that climbs a
# layer), then every import cycle in any folder. With an argument, prints
# the graph of that src/ folder instead (e.g. an older checkout's, from
# `git archive`). The layers and the parser live in tests/layers/.
set -euo pipefail
if [[ $# -gt 0 ]]; then
    export MODULE_GRAPH_SRC
    MODULE_GRAPH_SRC="$(cd "$1" && pwd)"
fi
cd "$(dirname "$0")/.."
cargo test --quiet --test integration -- --ignored --exact layers::module_graph --nocapture 2>/dev/null |
    grep -E ' -> |^cycle in '
