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
echo '{ "type": "module", "private": true }' >"$dir/package.json"
cd "$dir"
node --version
npx -y "tsx@$TSX_VERSION" tests/node/run.ts
