# Shared settings for start.sh / stop.sh / status.sh. Override with environment variables.
KAFKA_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
KAFKA_PORT="${KAFKA_PORT:-9092}"
KAFKA_CONTROLLER_PORT="${KAFKA_CONTROLLER_PORT:-$((KAFKA_PORT + 1))}"
KAFKA_HEAP="${KAFKA_HEAP:-512m}"
KAFKA_LIB_DIR="$KAFKA_DIR/lib"
# One state directory per port, so several brokers (for example parallel test runs) can coexist.
KAFKA_STATE_DIR="${KAFKA_STATE_DIR:-$KAFKA_DIR/.state/broker-$KAFKA_PORT}"
KAFKA_PID_FILE="$KAFKA_STATE_DIR/broker.pid"
KAFKA_LOG_FILE="$KAFKA_STATE_DIR/broker.log"
KAFKA_START_TIMEOUT_S="${KAFKA_START_TIMEOUT_S:-90}"

kafka_running() {
  [ -f "$KAFKA_PID_FILE" ] && kill -0 "$(cat "$KAFKA_PID_FILE")" 2>/dev/null
}

kafka_port_open() {
  (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null
}
