#!/usr/bin/env bash
# Starts a single-node KRaft Kafka broker (broker + controller) on 127.0.0.1:$KAFKA_PORT.
# Idempotent: if a broker started by this script already runs on that port, it is reused.
# Prints the bootstrap address (host:port) on stdout when the broker answers.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/env.sh"

if kafka_running; then
  echo "kafka: already running (pid $(cat "$KAFKA_PID_FILE")) on 127.0.0.1:$KAFKA_PORT" >&2
  echo "127.0.0.1:$KAFKA_PORT"
  exit 0
fi
if kafka_port_open "$KAFKA_PORT"; then
  echo "kafka: port $KAFKA_PORT is taken by another process; set KAFKA_PORT to a free port" >&2
  exit 1
fi

command -v java >/dev/null || { echo "kafka: java not found (Java 17+ is required)" >&2; exit 1; }
command -v mvn >/dev/null || { echo "kafka: mvn not found (Maven fetches the broker jars)" >&2; exit 1; }
bash "$KAFKA_DIR/fetch-jars.sh"

mkdir -p "$KAFKA_STATE_DIR"
CONFIG="$KAFKA_STATE_DIR/server.properties"
cat >"$CONFIG" <<PROPS
process.roles=broker,controller
node.id=1
controller.quorum.voters=1@127.0.0.1:$KAFKA_CONTROLLER_PORT
listeners=PLAINTEXT://127.0.0.1:$KAFKA_PORT,CONTROLLER://127.0.0.1:$KAFKA_CONTROLLER_PORT
advertised.listeners=PLAINTEXT://127.0.0.1:$KAFKA_PORT
controller.listener.names=CONTROLLER
listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT
inter.broker.listener.name=PLAINTEXT
log.dirs=$KAFKA_STATE_DIR/data
num.partitions=3
offsets.topic.replication.factor=1
offsets.topic.num.partitions=3
transaction.state.log.replication.factor=1
transaction.state.log.min.isr=1
share.coordinator.state.topic.replication.factor=1
share.coordinator.state.topic.min.isr=1
group.initial.rebalance.delay.ms=0
auto.create.topics.enable=true
log.retention.hours=168
PROPS

if [ ! -f "$KAFKA_STATE_DIR/data/meta.properties" ]; then
  CLUSTER_ID="$(java -cp "$KAFKA_LIB_DIR/*" kafka.tools.StorageTool random-uuid 2>/dev/null | tail -n 1)"
  java -cp "$KAFKA_LIB_DIR/*" -Dlog4j2.configurationFile="$KAFKA_DIR/log4j2.properties" \
    -Dkafka.log.file="$KAFKA_LOG_FILE" \
    kafka.tools.StorageTool format -t "$CLUSTER_ID" -c "$CONFIG" >/dev/null
fi

echo "kafka: starting broker on 127.0.0.1:$KAFKA_PORT (log: $KAFKA_LOG_FILE)" >&2
nohup java -Xms256m -Xmx"$KAFKA_HEAP" -XX:+UseG1GC -Djava.awt.headless=true \
  -Dlog4j2.configurationFile="$KAFKA_DIR/log4j2.properties" -Dkafka.log.file="$KAFKA_LOG_FILE" \
  -cp "$KAFKA_LIB_DIR/*" kafka.Kafka "$CONFIG" >"$KAFKA_STATE_DIR/stdout.log" 2>&1 &
echo $! >"$KAFKA_PID_FILE"

deadline=$((SECONDS + KAFKA_START_TIMEOUT_S))
until grep -q "Kafka Server started" "$KAFKA_LOG_FILE" 2>/dev/null && kafka_port_open "$KAFKA_PORT"; do
  if ! kafka_running; then
    echo "kafka: broker exited during start-up; last lines of its log:" >&2
    tail -n 30 "$KAFKA_LOG_FILE" "$KAFKA_STATE_DIR/stdout.log" >&2 2>/dev/null || true
    rm -f "$KAFKA_PID_FILE"
    exit 1
  fi
  if [ "$SECONDS" -ge "$deadline" ]; then
    echo "kafka: broker did not answer within ${KAFKA_START_TIMEOUT_S}s; see $KAFKA_LOG_FILE" >&2
    exit 1
  fi
  sleep 0.5
done
echo "kafka: ready on 127.0.0.1:$KAFKA_PORT (pid $(cat "$KAFKA_PID_FILE"))" >&2
echo "127.0.0.1:$KAFKA_PORT"
