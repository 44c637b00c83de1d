#!/usr/bin/env bash
# chaos-ci service, start: runs the user's command in the background, in its own session (so that
# stop can end all of it), its output in a log file; records the PID for process faults and for stop.
# Inputs come as environment variables, never interpolated into this script.
set -euo pipefail
: "${RUNNER_TEMP:?RUNNER_TEMP is not set: run this inside a GitHub Actions job}"
if [ -z "${CHAOS_CI_COMMAND:-}" ]; then
  echo "::error title=chaos-ci service::command is empty. Set command to what starts your service, e.g. npm start."
  exit 1
fi
if [ -z "${CHAOS_CI_HEALTH_URL:-}" ]; then
  echo "::error title=chaos-ci service::health-url is empty. Set it to the endpoint that says the service is ready, e.g. http://127.0.0.1:8000/api/health."
  exit 1
fi
log="${CHAOS_CI_LOG:-$RUNNER_TEMP/chaos-ci-service.log}"
pid_file="$RUNNER_TEMP/chaos-ci-service.pid"
mkdir -p "$(dirname "$log")"
cd "${CHAOS_CI_WORKDIR:-.}"
setsid bash -c "$CHAOS_CI_COMMAND" >"$log" 2>&1 </dev/null &
pid=$!
echo "$pid" >"$pid_file"
echo "chaos-ci service: started (PID $pid), its output goes to $log"
{
  echo "pid=$pid"
  echo "log-file=$log"
} >>"$GITHUB_OUTPUT"
