"""Uses `dcl serve` as a Kafka schema registry through confluent-kafka's own client:
SchemaRegistryClient, AvroSerializer and AvroDeserializer serialize a record of the subject's
latest schema (looked up, never registered) and read it back; then the client's compatibility
check is asked about each candidate schema.

Usage: registry_roundtrip.py BASE_URL SUBJECT CANDIDATE.avsc...
Prints one JSON object: the subject's versions, the schema id the serializer wrote, whether the
record came back equal, and per candidate the client's verdict.
"""
import decimal
import json
import sys

from confluent_kafka.schema_registry import Schema, SchemaRegistryClient
from confluent_kafka.schema_registry.avro import AvroDeserializer, AvroSerializer
from confluent_kafka.serialization import MessageField, SerializationContext


def sample(avro_type):
    """A value of an Avro type (nullable unions take their non-null branch)."""
    if isinstance(avro_type, list):
        branches = [t for t in avro_type if t != "null"]
        return sample(branches[0]) if branches else None
    if isinstance(avro_type, dict):
        logical = avro_type.get("logicalType")
        if logical == "decimal":
            return decimal.Decimal("12.34")
        kind = avro_type["type"]
        if kind == "record":
            return {field["name"]: sample(field["type"]) for field in avro_type["fields"]}
        if kind == "array":
            return [sample(avro_type["items"])]
        if kind == "map":
            return {"k": sample(avro_type["values"])}
        if kind == "enum":
            return avro_type["symbols"][0]
        if kind == "fixed":
            return b"\0" * avro_type["size"]
        if logical in ("date",):
            return 20000
        return sample(kind)
    return {"string": "o-1", "int": 7, "long": 7, "float": 1.5, "double": 1.5, "boolean": True,
            "bytes": b"x", "null": None}[avro_type]


def main():
    base, subject = sys.argv[1:3]
    candidates = sys.argv[3:]
    client = SchemaRegistryClient({"url": base})
    result = {"subjects": client.get_subjects(), "versions": client.get_versions(subject)}
    latest = client.get_latest_version(subject)
    result["latestId"] = latest.schema_id
    schema_str = latest.schema.schema_str
    topic = subject[: -len("-value")]
    context = SerializationContext(topic, MessageField.VALUE)
    record = sample(json.loads(schema_str))
    serializer = AvroSerializer(client, schema_str, conf={"auto.register.schemas": False})
    data = serializer(record, context)
    result["magicByte"] = data[0]
    result["writtenId"] = int.from_bytes(data[1:5], "big")
    # A new client, so the id is resolved by GET /schemas/ids/{id}, not from the serializer's cache.
    reader = AvroDeserializer(SchemaRegistryClient({"url": base}))
    back = reader(data, context)
    result["roundTrip"] = back == record
    result["compatibilityLevel"] = client.get_compatibility(subject)
    result["candidates"] = {}
    for path in candidates:
        with open(path) as handle:
            candidate = handle.read()
        result["candidates"][path] = client.test_compatibility(subject, Schema(candidate, "AVRO"))
    print(json.dumps(result, default=str))


if __name__ == "__main__":
    main()
