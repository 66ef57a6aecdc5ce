#!/usr/bin/env bash
# run.sh runs the gateways' official Node.js server SDKs (@bootpay/backend-js
# for Bootpay PG and Commerce, @portone/server-sdk for PortOne), unmodified,
# against `go run ./examples/sandbox` on free local ports (check.mjs).
# It skips, with a message and exit 0, when node or npm is absent or the
# SDKs cannot be installed; any failed check exits 1. .ci/run runs it.
#
#   bash examples/sandbox/node/run.sh
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
if ! command -v node >/dev/null || ! command -v npm >/dev/null; then
  echo "skip: node and npm are needed to run the official Node.js SDKs against the sandbox"
  exit 0
fi
cd "$here"
if ! npm install --no-audit --no-fund --silent; then
  echo "skip: npm install failed (is https://registry.npmjs.org reachable?)"
  exit 0
fi
bin="$(mktemp -d)/sandbox"
(cd "$here/.." && go build -o "$bin" .)
out="$(mktemp)"
# Port 0 everywhere: the system picks free ports, and the banner names them.
"$bin" -admin 127.0.0.1:0 -bootpay 127.0.0.1:0 -portone 127.0.0.1:0 -commerce 127.0.0.1:0 >"$out" 2>&1 &
pid=$!
trap 'kill "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; rm -rf "$(dirname "$bin")" "$out"' EXIT
admin=""
for _ in $(seq 100); do
  admin="$(sed -n 's|^  admin API *\(http://[^ ]*\)$|\1|p' "$out")"
  [ -n "$admin" ] && break
  kill -0 "$pid" 2>/dev/null || { cat "$out"; exit 1; }
  sleep 0.1
done
[ -n "$admin" ] || { echo "the sandbox printed no admin URL:"; cat "$out"; exit 1; }
SANDBOX_ADMIN="$admin" node check.mjs
