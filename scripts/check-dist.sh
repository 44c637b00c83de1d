#!/usr/bin/env bash
# check-dist: after `npm run bundle`, dist/ must equal what is committed. Fails with what differs.
set -euo pipefail
cd "$(dirname "$0")/.."
for f in dist/lib/index.js dist/lib/sql-wasm.cjs dist/lib/sql-wasm.wasm dist/package.json; do
  [ -f "$f" ] || { echo "check-dist: $f is missing after the bundle." >&2; exit 1; }
done
changes="$(git status --porcelain --untracked-files=all -- dist)"
if [ -n "$changes" ]; then
  echo "check-dist: dist/ differs from a fresh 'npm run bundle':" >&2
  echo "$changes" >&2
  git --no-pager diff --stat -- dist >&2 || true
  echo "Fix: run 'npm run bundle' and commit dist/ together with the source change." >&2
  exit 1
fi
echo "check-dist: dist/ matches a fresh bundle"
