"""Times Apache Avro's reference checker on the pairs the Swift benchmark
"Compatibility: 100-field schema vs 100 earlier versions" checks, and prints
microseconds per check (one check = the newest schema against all 100 earlier
versions, BACKWARD_TRANSITIVE: reader = newest, writer = each earlier one).

Run through scripts/compat-ratio.sh, which also runs the Swift benchmark.
"""
import json
import sys
import time

import avro.schema
from avro.compatibility import ReaderWriterCompatibilityChecker, SchemaCompatibilityType


def version(k):
    """Version k: fields f0..f99; the first k are long, the rest int (each version widens one more)."""
    fields = [{"name": f"f{i}", "type": "long" if i < k else "int"} for i in range(100)]
    return {"type": "record", "name": "Wide", "namespace": "bench", "fields": fields}


def main():
    repeats = int(sys.argv[1]) if len(sys.argv) > 1 else 20
    newest = avro.schema.parse(json.dumps(version(100)))
    earlier = [avro.schema.parse(json.dumps(version(k))) for k in range(100)]
    # Warm up once, and make sure the verdict is what the Swift side computes.
    for old in earlier:
        result = ReaderWriterCompatibilityChecker().get_compatibility(reader=newest, writer=old)
        assert result.compatibility == SchemaCompatibilityType.compatible
    start = time.perf_counter()
    for _ in range(repeats):
        for old in earlier:
            ReaderWriterCompatibilityChecker().get_compatibility(reader=newest, writer=old)
    elapsed = time.perf_counter() - start
    print(json.dumps({"microsecondsPerCheck": elapsed / repeats * 1e6, "repeats": repeats}))


if __name__ == "__main__":
    main()
