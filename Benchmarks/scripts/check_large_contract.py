"""Same-run comparison for `dcl check OLD NEW` on a large contract (issue #14: a 5,000-property
contract checks in under 100 ms, release build, whole process).

Writes OLD (N properties) and NEW (the same plus one optional property, version 1.1.0), then times,
as whole processes, run after run in turn:
  - dcl check OLD NEW (parse both, diff every field, grade, compatibility under FORWARD_TRANSITIVE);
  - the peer: Python + PyYAML with libyaml (CSafeLoader) parsing both files and diffing the
    properties by name (added, removed, changed) -- far less work than dcl's check, a floor for
    "parse two YAML files and compare them".
Prints the median of each, wall clock and CPU time (user + system, from the kernel's accounting of the
child: on a shared, overloaded machine wall times mostly measure the wait for a core), and the ratios.
Usage: check_large_contract.py DCL_BINARY [PROPERTIES] [RUNS]
"""
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time

PEER = r'''
import sys, yaml
def load(path):
    with open(path) as f:
        return yaml.load(f, Loader=yaml.CSafeLoader)
def properties(doc):
    return {p["name"]: p for o in doc.get("schema", []) for p in o.get("properties", [])}
old, new = properties(load(sys.argv[1])), properties(load(sys.argv[2]))
added = sorted(set(new) - set(old)); removed = sorted(set(old) - set(new))
changed = sorted(n for n in set(old) & set(new) if old[n] != new[n])
print(f"added {added} removed {removed} changed {changed}")
'''


def document(version, properties, extra):
    lines = ["apiVersion: v3.1.0", "kind: DataContract", "id: sales.big", "name: Big", f"version: {version}", "status: active",
             "domain: sales", "dataProduct: big", "team:", "  members:", "    - username: sales-de@company.com", "      role: owner",
             "schema:", "  - name: big", "    properties:"]
    for i in range(properties):
        kind = ["string", "integer", "number", "date", "boolean"][i % 5]
        lines += [f"      - name: c{i}", f"        logicalType: {kind}", f"        required: {'true' if i % 3 == 0 else 'false'}",
                  f"        description: column number {i}"]
        if kind == "number":
            lines.append("        physicalType: decimal(12,2)")
    if extra:
        lines += ["      - name: added", "        logicalType: string"]
    return "\n".join(lines) + "\n"


def main():
    binary = sys.argv[1]
    properties = int(sys.argv[2]) if len(sys.argv) > 2 else 5000
    runs = int(sys.argv[3]) if len(sys.argv) > 3 else 15
    folder = tempfile.mkdtemp(prefix="dcl-check-bench-")
    old, new, peer = (os.path.join(folder, name) for name in ("old.yaml", "new.yaml", "peer.py"))
    open(old, "w").write(document("1.0.0", properties, False))
    open(new, "w").write(document("1.1.0", properties, True))
    open(peer, "w").write(PEER)
    # The default document limits allow 20,000 properties; raise them for a larger contract.
    env = dict(os.environ, DCL_MAX_PROPERTIES=str(max(properties + 10, 20_000)))
    commands = {"dcl check": [binary, "check", old, new], "python yaml+diff": [sys.executable, peer, old, new]}
    for name, command in commands.items():
        result = subprocess.run(command, env=env, capture_output=True, text=True)
        if result.returncode != 0:
            sys.exit(f"{name} failed ({result.returncode}): {result.stderr or result.stdout}")
        if "added" not in result.stdout:
            sys.exit(f"{name} did not report the added property: {result.stdout}")
    times = {name: [] for name in commands}
    cpu = {name: [] for name in commands}
    for _ in range(runs):
        for name, command in commands.items():
            before = resource.getrusage(resource.RUSAGE_CHILDREN)
            started = time.perf_counter()
            subprocess.run(command, env=env, capture_output=True, check=True)
            times[name].append((time.perf_counter() - started) * 1000)
            after = resource.getrusage(resource.RUSAGE_CHILDREN)
            cpu[name].append((after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime) * 1000)
    medians = {name: statistics.median(values) for name, values in times.items()}
    cpu_medians = {name: statistics.median(values) for name, values in cpu.items()}
    size = os.path.getsize(old)
    print(f"{properties} properties ({size // 1024} KiB per file), {runs} runs each, whole process, median:")
    for name, value in medians.items():
        print(f"  {name:18} {value:7.1f} ms wall (min {min(times[name]):.1f}, max {max(times[name]):.1f})   "
              f"{cpu_medians[name]:7.1f} ms CPU (min {min(cpu[name]):.1f})")
    print(f"  dcl / python: {medians['dcl check'] / medians['python yaml+diff']:.2f}x the wall time, "
          f"{cpu_medians['dcl check'] / cpu_medians['python yaml+diff']:.2f}x the CPU time")

if __name__ == "__main__":
    main()
