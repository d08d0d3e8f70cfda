#!/usr/bin/env bash
# Load-tests the webhook receiver against a bare axum handler on loopback (figure 2 of issue 5), and with the
# Redis dedup store against a private redis-server when one is installed (issue 12).
#
#   scripts/bench-receiver.sh [duration=10s] [connections=32] [rounds=3]
#
# Starts `generated/examples/receiver_bench.rs` (release build), POSTs the same one-event JSON array body
# with wrk (installed with apt-get when missing) to each router (bare 200, bare 200 after parsing the body into
# serde_json::Value, the receiver with/without dedup, with Basic auth), and prints requests/s, p50 and p99,
# and the ratio of each to the bare handler. The routers are measured in turn, `rounds` times, and the round
# with the median requests/s of each is reported (on a shared machine single runs vary a lot). Set
# CARGO_TARGET_DIR as usual.
set -euo pipefail

duration="${1:-10s}"
connections="${2:-32}"
rounds="${3:-3}"
threads="${WRK_THREADS:-2}"
port="${BENCH_PORT:-18080}"
root="$(cd "$(dirname "$0")/.." && pwd)"
work="$(mktemp -d)"
server_pid=""
cleanup() {
    if [ -n "$server_pid" ]; then kill "$server_pid" 2>/dev/null || true; wait "$server_pid" 2>/dev/null || true; fi
    rm -rf "$work"
}
trap cleanup EXIT

if ! command -v wrk >/dev/null; then
    apt-get install -y wrk >/dev/null
fi

cargo build --release --quiet --manifest-path "$root/Cargo.toml" -p bandwidth-messaging --features webhooks,redis \
    --example receiver_bench
target="${CARGO_TARGET_DIR:-$root/target}"
# A private redis-server (no persistence) for the Redis-store receiver, when the binary is installed.
routers=5
if command -v redis-server >/dev/null; then
    redis_port=$((port + 6))
    redis-server --port "$redis_port" --bind 127.0.0.1 --save "" --appendonly no >"$work/redis.log" 2>&1 &
    redis_pid=$!
    trap 'kill "$redis_pid" 2>/dev/null || true; cleanup' EXIT
    for _ in $(seq 1 100); do (echo >"/dev/tcp/127.0.0.1/$redis_port") 2>/dev/null && break; sleep 0.1; done
    export BENCH_REDIS_URL="redis://127.0.0.1:$redis_port/"
    routers=6
fi
"$target/release/examples/receiver_bench" "$port" >"$work/server.log" 2>&1 &
server_pid=$!
for _ in $(seq 1 100); do
    if [ "$(grep -c http "$work/server.log" || true)" -ge "$routers" ]; then break; fi
    sleep 0.1
done

cat >"$work/body.json" <<'JSON'
[{"type":"message-delivered","time":"2025-01-06T15:44:03.000Z","description":"Message delivered to handset.","to":"+15550000001","message":{"id":"1736178240000qrstuvwxyzabcdef","owner":"+15550000002","applicationId":"00000000-0000-4000-8000-000000000001","time":"2025-01-06T15:44:00.000Z","segmentCount":1,"direction":"out","to":["+15550000001"],"from":"+15550000002","text":"","media":["https://example.com/a.png"],"tag":"t1"}}]
JSON
cat >"$work/post.lua" <<'LUA'
local file = io.open(os.getenv("BODY_FILE"), "rb")
wrk.method = "POST"
wrk.body = file:read("*a")
file:close()
wrk.headers["Content-Type"] = "application/json; charset=utf-8"
wrk.headers["User-Agent"] = "BandwidthAPI/v2"
local auth = os.getenv("AUTH_HEADER")
if auth and auth ~= "" then wrk.headers["Authorization"] = auth end
LUA

# Checks that each router acknowledges the body before measuring it.
for offset in $(seq 0 $((routers - 1))); do
    auth=()
    if [ "$offset" = 3 ]; then auth=(-u bench:bench); fi
    status=$(curl -s -o /dev/null -w '%{http_code}' "${auth[@]}" -H 'Content-Type: application/json' \
        --data-binary @"$work/body.json" "http://127.0.0.1:$((port + offset))/")
    [ "$status" = 200 ] || { echo "router on port $((port + offset)) answered $status" >&2; exit 1; }
done

to_ms() { # wrk latency (e.g. 512.00us, 1.20ms, 2.00s) -> milliseconds
    awk -v v="$1" 'BEGIN { n = v + 0; if (v ~ /us$/) n /= 1000; else if (v ~ /ms$/) n += 0; else if (v ~ /s$/) n *= 1000; printf "%.3f", n }'
}

# Server CPU time per request (perf's task-clock of the server process over the run / requests served): less
# sensitive than requests/s to other load on the machine. "-" when perf is not installed or not permitted.
have_perf=false
if command -v perf >/dev/null && perf stat -e task-clock -p "$server_pid" -o /dev/null -- sleep 0.1 2>/dev/null; then
    have_perf=true
fi

run() { # name offset auth-header
    local perf_pid=""
    if $have_perf; then
        perf stat -x, -e task-clock -p "$server_pid" -o "$work/$1.perf" -- sleep "$(( ${duration%s} + 1 ))" &
        perf_pid=$!
        sleep 0.2
    fi
    BODY_FILE="$work/body.json" AUTH_HEADER="$3" wrk -t"$threads" -c"$connections" -d"$duration" --latency \
        -s "$work/post.lua" "http://127.0.0.1:$((port + $2))/" >"$work/$1.txt"
    local rps p50 p99 non2xx requests cpu="-"
    if [ -n "$perf_pid" ]; then
        wait "$perf_pid" || true
        requests=$(awk '/requests in/ { print $1 }' "$work/$1.txt")
        cpu=$(awk -F, -v n="$requests" '$3 == "task-clock" || $3 ~ /^task-clock/ { printf "%.2f", $1 * 1000 / n }' "$work/$1.perf")
    fi
    rps=$(awk '/^Requests\/sec/ { print $2 }' "$work/$1.txt")
    p50=$(to_ms "$(awk '$1 == "50%" { print $2 }' "$work/$1.txt")")
    p99=$(to_ms "$(awk '$1 == "99%" { print $2 }' "$work/$1.txt")")
    non2xx=$(awk '/Non-2xx/ { print $5 }' "$work/$1.txt")
    echo "$1 $rps $p50 $p99 ${non2xx:-0} ${cpu:--}" >>"$work/results"
}

for round in $(seq 1 "$rounds"); do
    run bare 0 ""
    run receiver 1 ""
    run receiver-no-dedup 2 ""
    run receiver-auth 3 "Basic $(printf 'bench:bench' | base64)"
    run bare-parse 4 ""
    if [ "$routers" = 6 ]; then run receiver-redis 5 ""; fi
done

echo "wrk -t$threads -c$connections -d$duration x $rounds rounds, one-event body ($(wc -c <"$work/body.json") bytes), $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg)"
printf '%-20s %12s %10s %10s %8s %8s %12s   %s\n' router 'requests/s' 'p50 ms' 'p99 ms' 'non-2xx' 'vs bare' \
    'cpu us/req' 'all rounds (requests/s; cpu us/req)'
median() { # name -> the line of the round with the median requests/s
    awk -v n="$1" '$1 == n' "$work/results" | sort -k2 -g | awk '{ line[NR] = $0 } END { print line[int((NR + 1) / 2)] }'
}
bare_rps=$(median bare | awk '{ print $2 }')
names="bare bare-parse receiver receiver-no-dedup receiver-auth"
if [ "$routers" = 6 ]; then names="$names receiver-redis"; fi
for name in $names; do
    read -r _ rps p50 p99 non2xx cpu <<<"$(median "$name")"
    ratio=$(awk -v a="$rps" -v b="$bare_rps" 'BEGIN { printf "%.2f", a / b }')
    all=$(awk -v n="$name" '$1 == n { printf "%s;%s ", $2, $6 }' "$work/results")
    printf '%-20s %12s %10s %10s %8s %8s %12s   %s\n' "$name" "$rps" "$p50" "$p99" "$non2xx" "${ratio}x" "$cpu" "$all"
done
