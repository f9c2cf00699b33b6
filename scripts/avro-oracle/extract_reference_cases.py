#!/usr/bin/env python3
"""Extracts every (reader, writer) pair that Avro's own compatibility tests check.

Imports ``avro.test.test_compatibility`` from the installed wheel, wraps the
``ReaderWriterCompatibilityChecker`` it uses so that each top-level ``get_compatibility``
call is recorded, runs the module's test methods, and writes one JSON line per distinct pair:

    {"reader": <avsc>, "writer": <avsc>, "expected": true|false, "source": "<test method>"}

``expected`` is the reference's verdict on the schemas as the test built them; the pair is
also re-parsed from its JSON form and checked again, so a pair whose JSON form does not mean
the same to the reference is reported on stderr and left out (none is, with avro 1.12.2).
Recording the calls, rather than copying the test's tables, keeps the cases in step with the
wheel: pairs built inside test methods are found too.

Usage:  .venv-avro/bin/python extract_reference_cases.py > reference_pairs.jsonl
"""
import json
import sys
import unittest
import warnings

import avro.schema
import avro.test.test_compatibility as reference_tests
from avro.compatibility import ReaderWriterCompatibilityChecker, SchemaCompatibilityType


def to_json(schema):
    # Round-trip through text so that enum members and other non-JSON values become plain JSON.
    return json.loads(json.dumps(schema.to_json(avro.schema.Names())))


def main() -> int:
    warnings.simplefilter("ignore")
    recorded = []
    current = {"test": None}

    class RecordingChecker(ReaderWriterCompatibilityChecker):
        depth = 0

        def get_compatibility(self, reader, writer, reference_token="/", location=None):
            # Only the test's own calls count; the checker's recursive calls run at depth > 0.
            self.depth += 1
            try:
                result = super().get_compatibility(reader, writer, reference_token, location)
            finally:
                self.depth -= 1
            if self.depth == 0:
                recorded.append((current["test"], reader, writer, result.compatibility is SchemaCompatibilityType.compatible))
            return result

    reference_tests.ReaderWriterCompatibilityChecker = RecordingChecker
    loader = unittest.TestLoader()
    names = loader.getTestCaseNames(reference_tests.TestCompatibility)
    failures = 0
    for name in names:
        current["test"] = name
        result = unittest.TestResult()
        reference_tests.TestCompatibility(name).run(result)
        if not result.wasSuccessful():
            failures += 1
            print(f"warning: reference test {name} did not pass: {result.failures + result.errors}", file=sys.stderr)

    seen = set()
    written = 0
    for test, reader, writer, compatible in recorded:
        reader_json, writer_json = to_json(reader), to_json(writer)
        key = json.dumps([reader_json, writer_json], sort_keys=True)
        if key in seen:
            continue
        seen.add(key)
        reparsed = ReaderWriterCompatibilityChecker().get_compatibility(
            avro.schema.parse(json.dumps(reader_json)), avro.schema.parse(json.dumps(writer_json))
        )
        if (reparsed.compatibility is SchemaCompatibilityType.compatible) != compatible:
            print(f"skipped {test}: verdict changes when re-parsed from JSON: {key}", file=sys.stderr)
            continue
        sys.stdout.write(json.dumps({"reader": reader_json, "writer": writer_json, "expected": compatible, "source": test}) + "\n")
        written += 1
    print(f"{written} distinct reference pairs from {len(names)} test methods", file=sys.stderr)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
