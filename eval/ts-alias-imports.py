#!/usr/bin/env python3
"""Rewrites every relative module specifier of the .ts files under WS/src to a path alias: in
src/api/x.ts, "../core/atom" becomes "@mobx/core/atom" (PREFIX/ plus the target's path under src/).
Used by eval/ts-pipeline.sh (TS_VARIANT=paths) with a tsconfig that maps PREFIX/* to src/*.
Usage: ts-alias-imports.py WS [PREFIX]"""
import os
import re
import sys

ws = sys.argv[1]
prefix = sys.argv[2] if len(sys.argv) > 2 else "@mobx"
# from "./x", import("./x"), require("./x"), import "./x" (for its effects)
SPEC = re.compile(r"""(\bfrom\s+|\bimport\s*\(\s*|\brequire\s*\(\s*|^\s*import\s+)(["'])(\.\.?/[^"']*)\2""", re.M)
count = 0
for folder, _, files in sorted(os.walk(os.path.join(ws, "src"))):
    rel_dir = os.path.relpath(folder, ws)
    for name in sorted(files):
        if not name.endswith(".ts"):
            continue
        path = os.path.join(folder, name)

        def alias(m):
            global count
            target = os.path.normpath(os.path.join(rel_dir, m.group(3))).replace(os.sep, "/")
            if not target.startswith("src/"):
                return m.group(0)
            count += 1
            return m.group(1) + m.group(2) + prefix + "/" + target[len("src/"):] + m.group(2)

        with open(path, encoding="utf-8") as f:
            text = f.read()
        with open(path, "w", encoding="utf-8") as f:
            f.write(SPEC.sub(alias, text))
print(f"ts-alias-imports: {count} relative specifiers rewritten to {prefix}/ aliases", file=sys.stderr)
