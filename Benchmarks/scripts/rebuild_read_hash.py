#!/usr/bin/env python3
"""The first half of ../shared/baselines/py_projector.py on its own: read every row of dcl's embedded
ledger in position order, parse the payload and recompute the event's SHA-256 over its canonical form.
No fold, no writes: what reading and checking the ledger costs the peer, for rebuild-bounds.sh.

Usage: rebuild_read_hash.py LEDGER.db
"""
import hashlib, json, sqlite3, sys, time


def canonical(obj):
    return json.dumps(obj, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode()


def main():
    src = sqlite3.connect(f"file:{sys.argv[1]}?mode=ro", uri=True)
    cols = ("position, event_id, stream, sequence, contract_id, type, schema_version, occurred_at, recorded_at, actor, payload, "
            "previous_hash, hash")
    cur = src.execute(f"SELECT {cols} FROM events ORDER BY position")
    count = bad = 0
    started = time.perf_counter()
    while True:
        rows = cur.fetchmany(20000)
        if not rows:
            break
        for (pos, eid, stream, seq, cid, typ, sv, occ, rec, actor, payload, prev, h) in rows:
            env = {"eventId": eid, "type": typ, "schemaVersion": sv, "contractId": cid, "stream": stream, "sequence": seq,
                   "occurredAt": occ, "recordedAt": rec, "actor": actor, "payload": json.loads(payload), "previousHash": prev}
            if hashlib.sha256(canonical(env)).hexdigest() != h:
                bad += 1
            count += 1
    print(f"read+hash events={count} bad={bad} seconds={time.perf_counter() - started:.2f}")
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
