#!/usr/bin/env bash
# Rebuild throughput and peak memory: every read model rebuilt from scratch from the embedded log and
# from librdkafka's mock Kafka cluster, beside kcat -C reading the same topics. The RebuildBaseline
# executable runs each phase in its own child process (mock cluster, writer, projector), so the
# projector's peak RSS is its own; the projector runs with two malloc arenas, as dcl does.
#
# Usage: Benchmarks/scripts/rebuild-baseline.sh [--events N (1000000)] [--contracts C (10000)]
#                                               [--partitions P (512)] [--log embedded|kafka|both]
# The mock keeps ~5 MiB per partition, hence many partitions for a million events.
set -euo pipefail
cd "$(dirname "$0")/.."
kcat=$(command -v kcat || command -v kafkacat || true)
if [[ -z "$kcat" ]]; then
  echo "rebuild-baseline: kcat not found (Debian/Ubuntu: apt-get install kcat)" >&2
  exit 2
fi
swift build -c release --product RebuildBaseline >&2
exec "$(swift build -c release --show-bin-path)/RebuildBaseline" --kcat "$kcat" "$@"
