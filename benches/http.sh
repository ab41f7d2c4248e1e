#!/usr/bin/env bash
# HTTP load benchmark: starts `waymark serve` (release build) on loopback with
# a fresh database and loads it with wrk from a second process:
#   1. single-figure POST /api/observations (each a new figure, durably committed)
#   2. GET /api/status
#   3. POST /api/observations with batches of 1,000 figures
# Prints writes/s, p99 latency and the server's idle memory.
# Aims: >= 2,000 single-figure writes/s with p99 < 50 ms; 100,000 figures/s in
# batches; idle RSS < 50 MB.
# Needs: wrk (apt-get install wrk), python3. Usage: benches/http.sh [SECONDS]
# Generated data goes to bench-data/http/ (not committed).
set -euo pipefail
cd "$(dirname "$0")/.."
secs=${1:-15}
out=bench-data/http
rm -rf "$out"
mkdir -p "$out"
command -v wrk >/dev/null || { echo "wrk is not installed (apt-get install wrk)" >&2; exit 1; }

# 200 regions x 5 monthly indicators = 1,000 series, so writes spread the way
# many operators' would instead of piling thousands of months onto one series.
python3 - "$out" <<'PY'
import sys
out = sys.argv[1]
with open(f"{out}/catalogue.toml", "w") as f:
    for i in range(5):
        f.write(f'[[indicator]]\nid = "i{i}"\nname = "Indicator {i}"\nunit = "units"\nfrequency = "monthly"\nmeasure = "flow"\n\n')
    for r in range(200):
        f.write(f'[[region]]\nid = "r{r}"\nname = "Region {r}"\n\n')
        f.write(f'[[goal]]\nid = "g{r}"\ntitle = "Goal {r}"\nregion = "r{r}"\nindicator = "i{r % 5}"\ntype = "growth"\npercent = 10\ntarget_year = 2001\n\n')
PY
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
cat > "$out/waymark.toml" <<TOML
catalogue = "catalogue.toml"
[database]
url = "sqlite://$PWD/$out/bench.db"
[server]
listen = "127.0.0.1:$port"
TOML

[ -n "${SKIP_BUILD:-}" ] || cargo build --release --quiet
bin=target/release/waymark
cfg=(--config "$out/waymark.toml")
token=$($bin "${cfg[@]}" token create bench --role admin 2>/dev/null)

$bin "${cfg[@]}" serve 2> "$out/serve.log" &
pid=$!
trap 'kill $pid 2>/dev/null || true' EXIT
for _ in $(seq 1 100); do
    curl -sf "http://127.0.0.1:$port/healthz" >/dev/null && break
    sleep 0.1
done
rss() { awk '/VmRSS/ {print int($2 / 1024)}' "/proc/$pid/status"; }
idle_rss=$(rss)

# wrk scripts: every request writes figures no earlier request wrote.
cat > "$out/single.lua" <<'LUA'
local threads = {}
function setup(thread)
  thread:set("id", #threads)
  table.insert(threads, thread)
end
function init(args)
  counter = 0
  nthreads = tonumber(os.getenv("NTHREADS"))
  wrk.headers["Authorization"] = "Bearer " .. os.getenv("TOKEN")
  wrk.headers["Content-Type"] = "application/json"
end
function request()
  local n = counter * nthreads + id
  counter = counter + 1
  local series = n % 1000
  local k = math.floor(n / 1000)
  local body = string.format(
    '{"observations":[{"region":"r%d","indicator":"i%d","period":"%d-%02d","value":%d}]}',
    series % 200, math.floor(series / 200), 2000 + math.floor(k / 12), k % 12 + 1, n)
  return wrk.format("POST", "/api/observations", nil, body)
end
function response(status, headers, body)
  if status ~= 200 then print("unexpected " .. status .. ": " .. body) end
end
LUA
cat > "$out/batch.lua" <<'LUA'
local threads = {}
function setup(thread)
  thread:set("id", #threads)
  table.insert(threads, thread)
end
function init(args)
  counter = 0
  nthreads = tonumber(os.getenv("NTHREADS"))
  wrk.headers["Authorization"] = "Bearer " .. os.getenv("TOKEN")
  wrk.headers["Content-Type"] = "application/json"
end
-- One new month for each of the 1,000 series; months after the single-figure run's.
function request()
  local k = 6000 + counter * nthreads + id
  counter = counter + 1
  local parts = {}
  local period = string.format("%d-%02d", 2000 + math.floor(k / 12), k % 12 + 1)
  for s = 0, 999 do
    parts[#parts + 1] = string.format('{"region":"r%d","indicator":"i%d","period":"%s","value":%d}',
      s % 200, math.floor(s / 200), period, k)
  end
  return wrk.format("POST", "/api/observations", nil, '{"observations":[' .. table.concat(parts, ",") .. ']}')
end
function response(status, headers, body)
  if status ~= 200 then print("unexpected " .. status .. ": " .. body) end
end
LUA

run() { # name threads connections script-or-empty url
    local name=$1 t=$2 c=$3 script=$4 url=$5
    local args=(-t"$t" -c"$c" -d"${secs}s" --latency --timeout 10s)
    [ -n "$script" ] && args+=(-s "$script")
    NTHREADS=$t TOKEN=$token wrk "${args[@]}" "$url" > "$out/$name.txt"
    local rps p99
    rps=$(awk '/Requests\/sec/ {print $2}' "$out/$name.txt")
    p99=$(awk '$1 == "99%" {print $2}' "$out/$name.txt")
    grep -q "unexpected" "$out/$name.txt" && { echo "$name: errors, see $out/$name.txt" >&2; }
    echo "$name $rps $p99"
}

base="http://127.0.0.1:$port"
read -r _ single_rps single_p99 < <(run single 2 16 "$out/single.lua" "$base/api/observations")
# The first status after the writes evaluates every goal from the figures;
# later ones with no write in between are answered from the cache.
cold_status=$(curl -s -o /dev/null -w '%{time_total}' "$base/api/status")
read -r _ status_rps status_p99 < <(run status 2 8 "" "$base/api/status")
read -r _ batch_rps batch_p99 < <(run batch 2 8 "$out/batch.lua" "$base/api/observations")
after_rss=$(rss)
stored=$(sqlite3 "$out/bench.db" 'SELECT count(*) FROM figure' 2>/dev/null || echo "?")

printf '%-34s %12s %10s\n' "" "per second" "p99"
printf '%-34s %12s %10s\n' "single-figure POST (writes)" "$single_rps" "$single_p99"
printf '%-34s %12s %10s\n' "GET /api/status (200 goals)" "$status_rps" "$status_p99"
echo "  first GET /api/status after the writes (uncached): ${cold_status}s"
printf '%-34s %12s %10s\n' "1,000-figure batches (requests)" "$batch_rps" "$batch_p99"
python3 -c "print('%-34s %12.0f' % ('  = figures in batches', float('$batch_rps') * 1000))"
echo "idle RSS after start: ${idle_rss} MB; after the load: ${after_rss} MB; figures stored: $stored"
kill -TERM $pid
wait $pid || true
