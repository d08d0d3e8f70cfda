#!/usr/bin/env bash
# Throughput, latency and memory figures of bandwidth-sandbox (release build), with webhooks flowing to a
# local receiver:
#   1. createMessage requests/s and p50/p99 latency at 2 and 32 connections (wrk + a Lua script for
#      POST + Basic auth), each message leading to a message-delivered webhook;
#   2. webhook deliveries/s (events acknowledged by the receiver, measured from the emulator's counters);
#   3. resident memory (VmRSS) with 100,000 messages stored (in memory, webhooks delivered).
#
# Usage: scripts/bench-sandbox.sh [seconds per wrk run, default 10]
# Needs wrk (apt-get install wrk). Everything runs on 127.0.0.1 and stops by itself.
set -euo pipefail
cd "$(dirname "$0")/.."

DURATION="${1:-10}"
SANDBOX_PORT=19150
SINK_PORT=19160
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-target}"

command -v wrk >/dev/null || { echo "wrk is needed: apt-get install wrk" >&2; exit 1; }

cargo build --release -q -p bandwidth-sandbox --bin bandwidth-sandbox --example webhook_sink
BIN="$CARGO_TARGET_DIR/release/bandwidth-sandbox"
SINK="$CARGO_TARGET_DIR/release/examples/webhook_sink"

WORK="$(mktemp -d)"
PIDS=()
cleanup() {
  for pid in "${PIDS[@]}"; do kill "$pid" 2>/dev/null || true; done
  wait 2>/dev/null || true
  rm -rf "$WORK"
}
trap cleanup EXIT

cat >"$WORK/sandbox.toml" <<EOF
[delivery]
concurrency = 64

[[applications]]
id = "00000000-0000-4000-8000-000000000001"
account_id = "9900000"
outbound_callback_url = "http://127.0.0.1:$SINK_PORT/status"
EOF

# POST createMessage with Basic sandbox:sandbox; report p50/p99 and stop after MAX requests per thread if set.
cat >"$WORK/post.lua" <<'EOF'
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.headers["Authorization"] = "Basic c2FuZGJveDpzYW5kYm94"
local counter = 0
function init(args)
  max = tonumber(args[1] or "0")
end
function request()
  counter = counter + 1
  local body = string.format('{"applicationId":"00000000-0000-4000-8000-000000000001","to":["+1556%07d"],"from":"+15557654321","text":"Benchmark message %d"}', counter % 10000000, counter)
  return wrk.format(nil, nil, nil, body)
end
function response(status, headers, body)
  if status ~= 202 then io.stderr:write("unexpected status " .. status .. "\n") end
  if max > 0 and counter >= max then wrk.thread:stop() end
end
function done(summary, latency, requests)
  io.write(string.format("RESULT requests=%d errors=%d rps=%.0f p50_ms=%.2f p99_ms=%.2f\n",
    summary.requests, summary.errors.status + summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout,
    summary.requests / (summary.duration / 1e6), latency:percentile(50) / 1000, latency:percentile(99) / 1000))
end
EOF

wait_for_port() {
  for _ in $(seq 1 100); do
    if (echo >"/dev/tcp/127.0.0.1/$1") 2>/dev/null; then return 0; fi
    sleep 0.1
  done
  echo "port $1 did not open" >&2
  exit 1
}

stat() { # $1 = jq-like path in the admin stats, e.g. delivery.delivered
  curl -s "http://127.0.0.1:$SANDBOX_PORT/admin/stats" | python3 -c "import json,sys; d=json.load(sys.stdin); print(d['$1'.split('.')[0]]['$1'.split('.')[1]])"
}

start_all() { # $@ = extra emulator arguments (e.g. --data FILE)
  "$SINK" "127.0.0.1:$SINK_PORT" >"$WORK/sink.log" 2>&1 &
  PIDS+=($!)
  wait_for_port "$SINK_PORT"
  RUST_LOG=warn "$BIN" --listen "127.0.0.1:$SANDBOX_PORT" --config "$WORK/sandbox.toml" "$@" >"$WORK/sandbox.log" 2>&1 &
  SANDBOX_PID=$!
  PIDS+=("$SANDBOX_PID")
  wait_for_port "$SANDBOX_PORT"
}

stop_all() {
  for pid in "${PIDS[@]}"; do kill "$pid" 2>/dev/null || true; done
  wait 2>/dev/null || true
  PIDS=()
}

wait_drained() { # waits until no webhook is queued or in flight; prints seconds waited
  local start end
  start=$(date +%s.%N)
  for _ in $(seq 1 600); do
    local stats
    stats=$(curl -s "http://127.0.0.1:$SANDBOX_PORT/admin/stats")
    if python3 -c "import json,sys; d=json.loads(sys.argv[1])['delivery']; sys.exit(0 if d['queued']==0 and d['inFlight']==0 else 1)" "$stats"; then
      break
    fi
    sleep 0.1
  done
  end=$(date +%s.%N)
  python3 -c "print(f'{$end - $start:.1f}')"
}

URL="http://127.0.0.1:$SANDBOX_PORT/api/v2/users/9900000/messages"
echo "== bandwidth-sandbox release build, $(nproc) cores, ${DURATION}s per run, webhooks to a local receiver"

for run in "2 memory" "32 memory" "32 file"; do
  read -r connections storage <<<"$run"
  if [ "$storage" = file ]; then
    rm -f "$WORK"/bench.db*
    start_all --data "$WORK/bench.db"
  else
    start_all
  fi
  threads=2
  before=$(stat delivery.delivered)
  t0=$(date +%s.%N)
  result=$(wrk -t"$threads" -c"$connections" -d"${DURATION}s" --latency -s "$WORK/post.lua" "$URL" | grep RESULT)
  drained=$(wait_drained)
  t1=$(date +%s.%N)
  after=$(stat delivery.delivered)
  echo "createMessage c=$connections ($storage): $result"
  python3 -c "print(f'  webhooks delivered during and after the run: {$after - $before} in {$t1 - $t0:.1f}s = {($after - $before) / ($t1 - $t0):.0f}/s (drained {$drained}s after wrk stopped)')"
  stop_all
done

# Memory with 100,000 messages stored (webhooks delivered, rows listed): 2 wrk threads x 50,050 requests.
start_all
rss_start=$(awk '/VmRSS/ {print $2}' "/proc/$SANDBOX_PID/status")
wrk -t2 -c32 -d120s -s "$WORK/post.lua" "$URL" -- 50050 >/dev/null
wait_drained >/dev/null
rows=$(stat store.messageRows)
rss=$(awk '/VmRSS/ {print $2}' "/proc/$SANDBOX_PID/status")
echo "memory: VmRSS $((rss_start / 1024)) MiB at start, $((rss / 1024)) MiB with $rows messages stored (in memory)"
stop_all
