#!/usr/bin/env bash
# Runs tests/node/run.ts (a subset of the test suite) under Node with tsx.
# tsx compiles a .ts file outside a `"type": "module"` package to CommonJS; the
# library is published as ES modules, so the sources and tests are copied into
# a temporary ES module package and run there, unchanged.
set -euo pipefail
cd "$(dirname "$0")/../.."
TSX_VERSION=4.23.15
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
cp -r mod.ts scalar tensor random nn optim data io tests "$dir/"
# The fuzz suite also parses the demos' flags (examples/_cli.ts needs node:util only).
mkdir -p "$dir/examples" && cp examples/_cli.ts "$dir/examples/"
# fast-check at the version deno.json pins, for the fuzz suite.
fast_check=$(sed -n 's/.*"fast-check": "npm:fast-check@\([^"]*\)".*/\1/p' deno.json)
printf '{ "type": "module", "private": true, "dependencies": { "fast-check": "%s" } }\n' \
  "$fast_check" >"$dir/package.json"
cd "$dir"
npm install --no-audit --no-fund --loglevel=error >/dev/null
node --version
npx -y "tsx@$TSX_VERSION" tests/node/run.ts
