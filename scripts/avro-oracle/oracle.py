#!/usr/bin/env python3
"""Reference verdicts for Avro schema resolution.

Reads JSON lines ``{"reader": <avsc>, "writer": <avsc>}`` from stdin and writes one line per
input line: ``{"compatible": true|false}``, or ``{"error": "..."}`` when a schema does not
parse. The verdict is exactly the reference Python implementation's:

    ReaderWriterCompatibilityChecker().get_compatibility(reader, writer).compatibility
        == SchemaCompatibilityType.compatible

with both schemas parsed by ``avro.schema.parse``. A fresh checker is used for every line
because the checker memoizes across calls.

Run inside the venv made by ``setup.sh``:  .venv-avro/bin/python oracle.py < pairs.jsonl
"""
import json
import sys
import warnings

import avro.schema
from avro.compatibility import ReaderWriterCompatibilityChecker, SchemaCompatibilityType


def main() -> int:
    # Logical types with bad parameters are ignored with a warning, as Avro specifies.
    warnings.simplefilter("ignore")
    cache = {}

    def parse(schema, role):
        # Parsed schemas are only read by the checker, so one parse per distinct text and role is
        # enough; roles are cached apart so a reader and its writer are never the same objects.
        text = json.dumps(schema, sort_keys=True)
        parsed = cache.get((role, text))
        if parsed is None:
            parsed = avro.schema.parse(text)
            if len(cache) > 50000:
                cache.clear()
            cache[(role, text)] = parsed
        return parsed

    out = sys.stdout
    for line in sys.stdin:
        line = line.strip()
        if not line:
            continue
        try:
            pair = json.loads(line)
            reader = parse(pair["reader"], "reader")
            writer = parse(pair["writer"], "writer")
            result = ReaderWriterCompatibilityChecker().get_compatibility(reader, writer)
            answer = {"compatible": result.compatibility is SchemaCompatibilityType.compatible}
        except Exception as error:  # a schema the reference refuses, reported rather than fatal
            answer = {"error": f"{type(error).__name__}: {error}"}
        out.write(json.dumps(answer) + "\n")
    out.flush()
    return 0


if __name__ == "__main__":
    sys.exit(main())
