#!/usr/bin/env bash
# Self-test of the peer scripts: node_client.js and smpplib_client.py against node_server.js on
# 127.0.0.1 (free port chosen by the server), all three bind kinds, a TX+RX receipt pair, a wrong
# password and an unknown system_id. Prints one line per case; exit 0 if every case matched.
# Usage: tools/peers/selftest.sh [PYTHON]   (PYTHON defaults to /work/scratch/venv-peers/bin/python)
set -u
cd "$(dirname "$0")"
PY=${1:-/work/scratch/venv-peers/bin/python}
LOG=$(mktemp -d)
node node_server.js --port 0 --account esme01:secret --mo-text "MO test @£" --enquire-link-ms 250 \
  --dlr-delay-ms 100 --timeout-s 60 --no-hex > "$LOG/server.jsonl" 2>&1 &
SERVER=$!
trap 'kill "$SERVER" 2>/dev/null; wait "$SERVER" 2>/dev/null' EXIT
for _ in $(seq 50); do grep -q listening "$LOG/server.jsonl" 2>/dev/null && break; sleep 0.1; done
PORT=$(head -1 "$LOG/server.jsonl" | sed 's/.*"port":\([0-9]*\).*/\1/')
fail=0
check() { # name expected_rc command...
  local name=$1 want=$2; shift 2
  timeout 30 "$@" > "$LOG/$name.jsonl" 2>"$LOG/$name.err"; local rc=$?
  if [ "$rc" = "$want" ]; then echo "ok   $name (exit $rc)"; else echo "FAIL $name: exit $rc, wanted $want (see $LOG/$name.jsonl)"; fail=1; fi
}
for impl in node smpplib; do
  if [ $impl = node ]; then C=(node node_client.js); else C=("$PY" smpplib_client.py); fi
  common=(--port "$PORT" --system-id esme01 --no-hex --timeout-s 15)
  check "$impl-trx"  0 "${C[@]}" "${common[@]}" --password secret --bind trx --count 3 --expect-mo 1
  check "$impl-trx-ucs2" 0 "${C[@]}" "${common[@]}" --password secret --bind trx --count 1 --text "Привет ✓" --expect-mo 1
  check "$impl-tx"   0 "${C[@]}" "${common[@]}" --password secret --bind tx --count 2
  check "$impl-rx"   0 "${C[@]}" "${common[@]}" --password secret --bind rx --expect-mo 1
  check "$impl-badpw" 2 "${C[@]}" "${common[@]}" --password wrong --bind trx
  check "$impl-badid" 2 "${C[@]}" --port "$PORT" --system-id nobody --password secret --bind tx --no-hex --timeout-s 15
  check "$impl-timeout" 1 "${C[@]}" "${common[@]}" --password secret --bind rx --expect-mo 5 --timeout-s 2
done
# TX submits, an RX session of the same system_id receives the receipts
"$PY" smpplib_client.py --port "$PORT" --system-id esme01 --password secret --bind rx --expect-receipts 2 --expect-mo 1 \
  --no-hex --timeout-s 15 > "$LOG/pair-rx.jsonl" 2>&1 & RX=$!
sleep 0.5
check pair-tx 0 node node_client.js --port "$PORT" --system-id esme01 --password secret --bind tx --count 2 --no-hex --timeout-s 15
wait $RX; rc=$?
if [ $rc = 0 ]; then echo "ok   pair-rx (exit 0)"; else echo "FAIL pair-rx: exit $rc (see $LOG/pair-rx.jsonl)"; fail=1; fi
[ $fail = 0 ] && rm -rf "$LOG"
exit $fail
