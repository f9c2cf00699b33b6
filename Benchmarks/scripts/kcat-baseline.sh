#!/usr/bin/env bash
# dcl's Kafka publish and consume+decode throughput against kcat's, in one run: the KafkaBaseline
# executable starts librdkafka's mock cluster (3 brokers, in process), writes the payload file
# (key<TAB>value lines of real QualityCheckRecorded envelopes), measures the Swift clients, runs
#   kcat -P -b BOOT -t TOPIC -K '\t' …  < payload      and      kcat -C -b BOOT -t TOPIC -e -q -o beginning > /dev/null
# against the same cluster, and prints events/s for each and the ratios.
#
# Usage: Benchmarks/scripts/kcat-baseline.sh [--events N (100000)] [--runs R (3)]
set -euo pipefail
cd "$(dirname "$0")/.."
kcat=$(command -v kcat || command -v kafkacat || true)
if [[ -z "$kcat" ]]; then
  echo "kcat-baseline: kcat not found (Debian/Ubuntu: apt-get install kcat)" >&2
  exit 2
fi
swift build -c release --product KafkaBaseline >&2
exec "$(swift build -c release --show-bin-path)/KafkaBaseline" --kcat "$kcat" "$@"
