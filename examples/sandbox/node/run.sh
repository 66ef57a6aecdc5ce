#!/usr/bin/env bash
# run.sh runs the gateways' official Node.js server SDKs (@bootpay/backend-js
# for Bootpay PG and Commerce, @portone/server-sdk for PortOne), unmodified,
# against `go run ./examples/sandbox` on free local ports (check.mjs).
# It skips, with a message and exit 0, when node or npm is absent.
#
#   bash examples/sandbox/node/run.sh
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
if ! command -v node >/dev/null || ! command -v npm >/dev/null; then
  echo "skip: node and npm are needed to run the official Node.js SDKs against the sandbox"
  exit 0
fi
cd "$here"
npm install --no-audit --no-fund --silent
bin="$(mktemp -d)/sandbox"
(cd "$here/.." && go build -o "$bin" .)
base=$((20000 + RANDOM % 20000))
out="$(mktemp)"
"$bin" -admin "127.0.0.1:$base" -bootpay "127.0.0.1:$((base + 1))" -portone "127.0.0.1:$((base + 2))" \
  -commerce "127.0.0.1:$((base + 3))" >"$out" 2>&1 &
pid=$!
trap 'kill "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; rm -rf "$(dirname "$bin")" "$out"' EXIT
for _ in $(seq 50); do
  grep -q "admin API" "$out" && break
  kill -0 "$pid" 2>/dev/null || { cat "$out"; exit 1; }
  sleep 0.1
done
SANDBOX_ADMIN="http://127.0.0.1:$base/admin" node check.mjs
