#!/usr/bin/env bash
# Downloads the Kafka broker jars from Maven Central into infra/kafka/lib (once).
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/env.sh"
if [ -f "$KAFKA_LIB_DIR/.complete" ]; then exit 0; fi
echo "kafka: fetching broker jars from Maven Central into $KAFKA_LIB_DIR" >&2
rm -rf "$KAFKA_LIB_DIR"
mvn -B -q -f "$KAFKA_DIR/pom.xml" dependency:copy-dependencies \
  -DincludeScope=runtime -DoutputDirectory="$KAFKA_LIB_DIR" >&2
touch "$KAFKA_LIB_DIR/.complete"
echo "kafka: $(ls "$KAFKA_LIB_DIR"/*.jar | wc -l) jars ready" >&2
