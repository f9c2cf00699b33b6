"""Same-run comparison for `dcl check NEW --against FOLDER` (issue #14: a transitive check over
files is one process): 100 earlier versions of a 100-field record as .avsc files and the newest,
checked as whole processes, run after run in turn, by
  - dcl check new.avsc --against older/ --mode M
  - one Python process with Apache Avro's reference checker reading and parsing the same files and
    checking the same pairs in the same directions (compat_history_peer below).
Modes: BACKWARD_TRANSITIVE (100 pairs, compatible) and FULL_TRANSITIVE (200 pairs; the forward
direction finds the widened fields). Prints the median of each, wall clock and CPU time (user + system
of the child), and the ratios.
Usage: compat_history.py DCL_BINARY AVRO_PYTHON [RUNS]
"""
import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time

PEER = r'''
import json, os, sys
import avro.schema
from avro.compatibility import ReaderWriterCompatibilityChecker, SchemaCompatibilityType
new_path, folder, mode = sys.argv[1], sys.argv[2], sys.argv[3]
def load(path):
    with open(path) as f:
        return avro.schema.parse(f.read())
new = load(new_path)
older = [load(os.path.join(folder, name)) for name in sorted(os.listdir(folder)) if name.endswith(".avsc")]
directions = {"BACKWARD_TRANSITIVE": ["backward"], "FULL_TRANSITIVE": ["backward", "forward"]}[mode]
incompatible = 0
for old in older:
    for direction in directions:
        reader, writer = (new, old) if direction == "backward" else (old, new)
        result = ReaderWriterCompatibilityChecker().get_compatibility(reader=reader, writer=writer)
        if result.compatibility != SchemaCompatibilityType.compatible:
            incompatible += 1
print(json.dumps({"pairs": len(older) * len(directions), "incompatible": incompatible}))
'''


def version(k):
    fields = [{"name": f"f{i}", "type": "long" if i < k else "int"} for i in range(100)]
    return {"type": "record", "name": "Wide", "namespace": "bench", "fields": fields}


def main():
    binary, avro_python = sys.argv[1], sys.argv[2]
    runs = int(sys.argv[3]) if len(sys.argv) > 3 else 7
    folder = tempfile.mkdtemp(prefix="dcl-history-bench-")
    older = os.path.join(folder, "older")
    os.mkdir(older)
    for k in range(100):
        with open(os.path.join(older, f"v{k:03d}.avsc"), "w") as f:
            json.dump(version(k), f)
    new = os.path.join(folder, "new.avsc")
    with open(new, "w") as f:
        json.dump(version(100), f)
    peer = os.path.join(folder, "peer.py")
    with open(peer, "w") as f:
        f.write(PEER)
    for mode, expected_status in (("BACKWARD_TRANSITIVE", 0), ("FULL_TRANSITIVE", 1)):
        commands = {"dcl check --against": [binary, "check", new, "--against", older, "--mode", mode],
                    "python avro": [avro_python, peer, new, older, mode]}
        first = subprocess.run(commands["dcl check --against"], capture_output=True, text=True)
        if first.returncode != expected_status:
            sys.exit(f"dcl exited {first.returncode} under {mode}: {first.stderr}")
        peer_result = json.loads(subprocess.run(commands["python avro"], capture_output=True, text=True, check=True).stdout)
        if (peer_result["incompatible"] == 0) != (expected_status == 0):
            sys.exit(f"the reference disagrees under {mode}: {peer_result}")
        times = {name: [] for name in commands}
        cpu = {name: [] for name in commands}
        for _ in range(runs):
            for name, command in commands.items():
                before = resource.getrusage(resource.RUSAGE_CHILDREN)
                started = time.perf_counter()
                subprocess.run(command, capture_output=True)
                times[name].append((time.perf_counter() - started) * 1000)
                after = resource.getrusage(resource.RUSAGE_CHILDREN)
                cpu[name].append((after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime) * 1000)
        medians = {name: statistics.median(values) for name, values in times.items()}
        cpu_medians = {name: statistics.median(values) for name, values in cpu.items()}
        print(f"{mode}: {peer_result['pairs']} pairs over 101 files, {runs} runs each, whole process, median:")
        for name, value in medians.items():
            print(f"  {name:20} {value:7.1f} ms wall (min {min(times[name]):.1f})   {cpu_medians[name]:7.1f} ms CPU (min {min(cpu[name]):.1f})")
        print(f"  python / dcl: {medians['python avro'] / medians['dcl check --against']:.2f}x the wall time, "
              f"{cpu_medians['python avro'] / cpu_medians['dcl check --against']:.2f}x the CPU time")

if __name__ == "__main__":
    main()
