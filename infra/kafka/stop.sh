#!/usr/bin/env bash
# Stops the broker that start.sh started on $KAFKA_PORT (SIGTERM, then SIGKILL after 30 s).
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/env.sh"
if ! kafka_running; then
  echo "kafka: not running on port $KAFKA_PORT" >&2
  rm -f "$KAFKA_PID_FILE"
  exit 0
fi
pid="$(cat "$KAFKA_PID_FILE")"
kill "$pid"
for _ in $(seq 1 60); do
  kill -0 "$pid" 2>/dev/null || break
  sleep 0.5
done
kill -0 "$pid" 2>/dev/null && kill -9 "$pid"
rm -f "$KAFKA_PID_FILE"
echo "kafka: stopped (pid $pid)" >&2
