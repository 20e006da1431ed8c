#!/usr/bin/env bash
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/env.sh"
if kafka_running; then echo "kafka: running (pid $(cat "$KAFKA_PID_FILE")) on 127.0.0.1:$KAFKA_PORT"; else echo "kafka: not running on port $KAFKA_PORT"; exit 3; fi
