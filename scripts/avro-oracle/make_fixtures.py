#!/usr/bin/env python3
"""Writes the offline snapshots the Swift tests read when no Python is at hand.

- ``Tests/DCLCompatibilityTests/Fixtures/avro-reference-pairs.jsonl``: every pair of Avro's own
  compatibility tests (``extract_reference_cases.py``) with the reference verdict.
- ``Tests/DCLCompatibilityTests/Fixtures/avro-handpicked-pairs.jsonl``: the cases of
  ``handpicked_cases.jsonl`` (the reference's corner cases, each with a note), as ``new``/``old``
  with both verdicts.
- ``Tests/DCLCompatibilityTests/Fixtures/avro-random-pairs.jsonl``: ``--count`` random pairs
  (``generate.py``, ``--seed``) with the reference verdict in both directions
  (``backward``: reader = new, writer = old; ``forward``: swapped).

The live differential test regenerates all of this itself; the snapshots only keep a smaller
proof running everywhere. Rerun after changing the generator or the pinned avro version:

    ./setup.sh && .venv-avro/bin/python make_fixtures.py
"""
import argparse
import json
import pathlib
import subprocess
import sys
import warnings

from avro.compatibility import ReaderWriterCompatibilityChecker, SchemaCompatibilityType
import avro.schema

HERE = pathlib.Path(__file__).resolve().parent
FIXTURES = HERE.parent.parent / "Tests" / "DCLCompatibilityTests" / "Fixtures"


def compatible(reader, writer):
    result = ReaderWriterCompatibilityChecker().get_compatibility(
        avro.schema.parse(json.dumps(reader)), avro.schema.parse(json.dumps(writer))
    )
    return result.compatibility is SchemaCompatibilityType.compatible


def run(script, *arguments):
    return subprocess.run([sys.executable, str(HERE / script), *arguments], check=True, capture_output=True, text=True).stdout


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--count", type=int, default=600)
    args = parser.parse_args()
    warnings.simplefilter("ignore")  # logical types with bad parameters are ignored, as specified
    FIXTURES.mkdir(parents=True, exist_ok=True)

    (FIXTURES / "avro-reference-pairs.jsonl").write_text(run("extract_reference_cases.py"))

    handpicked = []
    for line in (HERE / "handpicked_cases.jsonl").read_text().splitlines():
        case = json.loads(line)
        new, old = case["reader"], case["writer"]
        handpicked.append(json.dumps({
            "new": new, "old": old, "id": len(handpicked), "evolution": [case["note"]],
            "backward": compatible(new, old), "forward": compatible(old, new),
        }, sort_keys=True))
    (FIXTURES / "avro-handpicked-pairs.jsonl").write_text("\n".join(handpicked) + "\n")

    lines = []
    for line in run("generate.py", "--seed", str(args.seed), "--count", str(args.count)).splitlines():
        pair = json.loads(line)
        new, old = pair["reader"], pair["writer"]
        lines.append(json.dumps({
            "new": new, "old": old, "id": pair["id"], "evolution": pair["evolution"],
            "backward": compatible(new, old), "forward": compatible(old, new),
        }, sort_keys=True))
    (FIXTURES / "avro-random-pairs.jsonl").write_text("\n".join(lines) + "\n")
    print(f"wrote {len(lines)} random pairs (seed {args.seed}) and the reference pairs to {FIXTURES}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
