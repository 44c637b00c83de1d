#!/usr/bin/env bash
# chaos-ci service, stop: ends the service started by start (its whole session): SIGTERM, then
# SIGKILL after the grace period. Nothing to stop is not an error.
set -uo pipefail
pid_file="$RUNNER_TEMP/chaos-ci-service.pid"
grace="${CHAOS_CI_GRACE_SECONDS:-10}"
if [ ! -f "$pid_file" ]; then
  echo "chaos-ci service: nothing to stop (no $pid_file)"
  exit 0
fi
pid="$(cat "$pid_file")"
case "$pid" in
  '' | *[!0-9]*)
    echo "::warning title=chaos-ci service::$pid_file does not hold a PID"
    exit 0
    ;;
esac
if ! kill -0 "$pid" 2>/dev/null; then
  echo "chaos-ci service: PID $pid has already exited"
  rm -f "$pid_file"
  exit 0
fi
kill -TERM -- "-$pid" 2>/dev/null || kill -TERM "$pid" 2>/dev/null || true
for _ in $(seq 1 $((grace * 10))); do
  kill -0 "$pid" 2>/dev/null || break
  sleep 0.1
done
if kill -0 "$pid" 2>/dev/null; then
  echo "chaos-ci service: PID $pid ignored SIGTERM for ${grace} s; sending SIGKILL"
  kill -KILL -- "-$pid" 2>/dev/null || kill -KILL "$pid" 2>/dev/null || true
fi
rm -f "$pid_file"
echo "chaos-ci service: stopped PID $pid"
