#!/usr/bin/env bash
# Loopback TCP benchmark of the smpp-tokio Server, every client in its own process:
# the public Client API (many tasks awaiting submit_sm; 8 tasks awaiting submit_many of 64),
# a hand-written session loop,
# rusmppc's client and node-smpp's client, at windows 1, 10 and 256; then the server's
# memory per idle bound session with 10 000 connections. Prints markdown tables.
#
# Usage: tools/bench/loopback.sh            (COUNT=300000 submit_sm per row at windows 10 and 256;
#                                           a tenth at window 1 and for rusmppc and node-smpp)
#        COUNT=1000000 IDLE_CONNS=10000 SKIP_RUSMPPC=1 SKIP_NODE=1 tools/bench/loopback.sh
#        ONLY_IDLE=1 tools/bench/loopback.sh   (just the idle-session memory)
#        ROUNDS=9 (default): rounds of the window-256 comparison of our three client forms
# Needs: cargo; node with tools/peers/node_modules (npm ci) for the node-smpp rows;
# benches/compare-rusmppc (built here, outside the workspace) for the rusmppc rows.
set -euo pipefail
cd "$(dirname "$0")/../.."
root=$PWD
COUNT=${COUNT:-300000}
IDLE_CONNS=${IDLE_CONNS:-10000}
R=$root/target/release/examples
RUSMPPC=$root/benches/compare-rusmppc/target/release/compare-rusmppc
tmp=$(mktemp -d)
SPID=""
cleanup() {
    if [ -n "$SPID" ]; then kill "$SPID" 2>/dev/null || true; fi
    rm -rf "$tmp"
}
trap cleanup EXIT

{
    cargo build --release --quiet -p smpp-tokio --example bench_server --example client_bench
    if [ -z "${SKIP_RUSMPPC:-}" ]; then
        (cd benches/compare-rusmppc && cargo build --release --quiet)
    fi
    if [ -z "${SKIP_NODE:-}" ] && [ ! -d tools/peers/node_modules ]; then
        (cd tools/peers && npm ci --no-audit --no-fund --loglevel=error)
    fi
} >&2

# Every file descriptor the hard limit allows (10 000 connections need as many per process).
ulimit -n "$(ulimit -Hn)" 2>/dev/null || true

kib() { awk -v k="$1" '$1 == k":" {print $2}' "/proc/$2/status"; }
field() { sed -n "s/.*\"$1\":\([0-9.]*\).*/\1/p"; }
mib() { awk -v k="$1" 'BEGIN {printf "%.1f MiB", k / 1024}'; }
thousands() { printf "%.0f" "$1" | sed ':a;s/\B[0-9]\{3\}\>/ &/;ta'; }

start_server() {
    "$R/bench_server" "$@" > "$tmp/server.out" &
    SPID=$!
    for _ in $(seq 100); do
        if grep -q '^port ' "$tmp/server.out"; then break; fi
        sleep 0.05
    done
    PORT=$(awk '/^port / {print $2}' "$tmp/server.out")
}

stop_server() {
    SERVER_HWM=$(kib VmHWM "$SPID")
    kill "$SPID"
    wait "$SPID" 2>/dev/null || true
    SPID=""
}

# One row: a fresh server, one client run (at most ROW_TIMEOUT seconds, up to TRIES runs
# for a client that stalls), both peaks.
ROW_TIMEOUT=${ROW_TIMEOUT:-60}
row() { # name window count tries command...
    local name=$1 window=$2 count=$3 tries=$4
    shift 4
    local out="" attempt note=""
    for attempt in $(seq "$tries"); do
        start_server
        out=$(timeout "$ROW_TIMEOUT" "$@" --port "$PORT" --count "$count" --window "$window" | tail -1) || out=""
        stop_server
        if [ -n "$out" ]; then break; fi
    done
    if [ -z "$out" ]; then
        echo "| $name | $window | stalled: no result in $tries runs of ${ROW_TIMEOUT} s | | $(mib "$SERVER_HWM") |"
        return
    fi
    if [ "$attempt" -gt 1 ]; then note=" ($((attempt - 1)) earlier run(s) stalled)"; fi
    local rate rss
    rate=$(echo "$out" | field rate)
    rss=$(echo "$out" | field maxrss_kb)
    echo "| $name | $window | $(thousands "$rate")$note | $(mib "$rss") | $(mib "$SERVER_HWM") |"
    echo "$name $window $rate" >> "$tmp/rates"
}

if [ -z "${ONLY_IDLE:-}" ]; then
echo "Loopback, 127.0.0.1, server: smpp-tokio Server (bench_server, current-thread runtime);"
echo "$COUNT submit_sm per row ($((COUNT / 10)) at window 1 and for rusmppc and node-smpp), $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg)"
echo
echo "| client | window | submit_sm/s | client peak RSS | server peak RSS |"
echo "|---|---|---|---|---|"
for window in 1 10 256; do
    n=$COUNT
    if [ "$window" = 1 ]; then n=$((COUNT / 10)); fi
    row "smpp-tokio Client (API, tasks)" "$window" "$n" 1 "$R/client_bench" api
    row "smpp-tokio Client (submit_many, 8 tasks x 64)" "$window" "$n" 1 "$R/client_bench" batch
    row "hand-written session loop" "$window" "$n" 1 "$R/client_bench" raw
    if [ -z "${SKIP_RUSMPPC:-}" ]; then
        # rusmppc has no window: as many tasks as the window, each awaiting submit_sm.
        row "rusmppc 0.4 client" "$window" "$((COUNT / 10))" 3 "$RUSMPPC"
    fi
    if [ -z "${SKIP_NODE:-}" ]; then
        row "node-smpp client" "$window" "$((COUNT / 10))" 1 \
            node "$root/tools/peers/node_bench.js" client
    fi
done
echo
awk '$0 ~ /^smpp-tokio Client \(API/ {api[$(NF-1)] = $NF} $0 ~ /^smpp-tokio Client \(submit_many/ {many[$(NF-1)] = $NF}
     $0 ~ /^hand-written/ {raw[$(NF-1)] = $NF}
     END {for (w in api) if (raw[w] > 0) printf "window %s: API / hand-written loop = %.0f %%, submit_many / hand-written loop = %.0f %%\n", w, 100 * api[w] / raw[w], 100 * many[w] / raw[w]}' \
    "$tmp/rates" | sort -n -k2
fi

# Window 256 again, the three forms back to back against one server, ROUNDS times: wall-clock
# rates on this 2-core VM swing by a third from one run to the next (the hand-written loop
# included), so the forms are compared within each round and the medians are reported.
ROUNDS=${ROUNDS:-9}
median() { sort -g | awk '{v[NR] = $1} END {if (NR % 2) print v[(NR + 1) / 2]; else print (v[NR / 2] + v[NR / 2 + 1]) / 2}'; }
if [ -z "${ONLY_IDLE:-}" ] && [ "$ROUNDS" -gt 0 ]; then
    start_server
    for i in $(seq "$ROUNDS"); do
        for m in raw batch api; do
            rate=$("$R/client_bench" "$m" --port "$PORT" --count "$COUNT" --window 256 | tail -1 | field rate)
            echo "$i $m $rate" >> "$tmp/rounds"
        done
    done
    stop_server
    echo
    echo "Window 256, $ROUNDS rounds of the three back to back (one server), load $(cut -d' ' -f1-3 /proc/loadavg):"
    echo
    echo "| client | median submit_sm/s | lowest – highest | median of the round's ratio to the hand-written loop |"
    echo "|---|---|---|---|"
    for m in api batch raw; do
        case $m in
            api) name="smpp-tokio Client (API, 256 tasks)" ;;
            batch) name="smpp-tokio Client (submit_many, 8 tasks x 64)" ;;
            raw) name="hand-written session loop" ;;
        esac
        med=$(awk -v m="$m" '$2 == m {print $3}' "$tmp/rounds" | median)
        lo=$(awk -v m="$m" '$2 == m {print $3}' "$tmp/rounds" | sort -g | head -1)
        hi=$(awk -v m="$m" '$2 == m {print $3}' "$tmp/rounds" | sort -g | tail -1)
        ratio=$(awk -v m="$m" '$2 == "raw" {raw[$1] = $3} $2 == m {v[$1] = $3}
            END {for (i in v) if (raw[i] > 0) printf "%.3f\n", v[i] / raw[i]}' "$tmp/rounds" | median)
        echo "| $name | $(thousands "$med") | $(thousands "$lo") – $(thousands "$hi") | $(awk -v r="$ratio" 'BEGIN {printf "%.0f %%", 100 * r}') |"
    done
fi

# Memory per idle bound session: RSS after binding IDLE_CONNS plain sockets, minus before.
idle() { # label, server args...
    local label=$1
    shift
    start_server "$@"
    local before after
    before=$(kib VmRSS "$SPID")
    rm -f "$tmp/idle.fifo"
    mkfifo "$tmp/idle.fifo"
    "$R/client_bench" idle --port "$PORT" --conns "$IDLE_CONNS" < "$tmp/idle.fifo" > "$tmp/idle.out" &
    local cpid=$!
    exec 3> "$tmp/idle.fifo"
    for _ in $(seq 1200); do
        if grep -q '^bound' "$tmp/idle.out" || ! kill -0 "$cpid" 2>/dev/null; then break; fi
        sleep 0.05
    done
    sleep 0.5
    after=$(kib VmRSS "$SPID")
    local bound
    bound=$(awk '{print $2}' "$tmp/idle.out")
    local client_hwm
    client_hwm=$(kib VmHWM "$cpid")
    exec 3>&-
    wait "$cpid" 2>/dev/null || true
    stop_server
    awk -v l="$label" -v b="$before" -v a="$after" -v n="${bound:-0}" -v c="$client_hwm" 'BEGIN {
        printf "| %s | %d | %.1f MiB | %.1f MiB | %.1f KiB | %.1f MiB |\n", l, n, b / 1024, a / 1024, n ? (a - b) / n : 0, c / 1024 }'
}
echo
echo "| server buffers per session | sessions bound | server RSS before | after | per session | client peak RSS |"
echo "|---|---|---|---|---|---|"
idle "default (rx 66.5 KiB, tx 64 KiB)"
idle "max_command_length 4 KiB, tx 4 KiB" --max-command-length 4096 --tx 4096
