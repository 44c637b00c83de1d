#!/usr/bin/env bash
# chaos-ci service, on failure: the last lines of the service log, so the reason is on the page.
set -uo pipefail
log="${CHAOS_CI_LOG:-$RUNNER_TEMP/chaos-ci-service.log}"
lines="${CHAOS_CI_TAIL_LINES:-50}"
if [ ! -f "$log" ]; then
  echo "chaos-ci service: no log at $log"
  exit 0
fi
echo "::group::chaos-ci service: the last $lines lines of $log"
tail -n "$lines" "$log"
echo "::endgroup::"
