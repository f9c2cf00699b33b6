"""Writes the contracts publish.lua posts (round 0, "thread" = thousand, n = the rest) as files,
batchK/cN.yaml, so a benchmark can fill a ledger with `dcl publish batchK/*.yaml` before it starts a server.

Usage: python3 contract-files.py PUBLISH_LUA COUNT   (in the folder to write to)
"""
import os
import sys

template = open(sys.argv[1]).read().split("template = [[")[1].split("]]")[0]
for index in range(int(sys.argv[2])):
    folder = f"batch{index // 1000}"
    os.makedirs(folder, exist_ok=True)
    text = template.replace("@R@", "0").replace("@T@", str(index // 1000)).replace("@N@", str(index % 1000))
    open(f"{folder}/c{index % 1000}.yaml", "w").write(text)
