#!/usr/bin/env python3
"""Summarises async-profiler's collapsed stacks (bench/profile.sh): samples by thread, by phase of Vcr's
work, and the Vcr methods most samples pass through.

  profile.py FILE EVENT TOP

Threads are grouped with their numbers taken out (vcr-index-1 and vcr-index-2 are one row). The phases are
recognised by a frame on the stack: the native extraction (NativeExtractor or tree-sitter-ng's parser),
the resolution pass (StoreLinker), the ordered writer (GenerationBuilder), an LSP request (lsp.server);
the collector and the JIT are threads of their own.
"""
import collections
import re
import sys

PHASES = [
    ("extraction", ("NativeExtractor", "treesitter")),
    ("link pass", ("StoreLinker",)),
    ("writer", ("GenerationBuilder",)),
    ("request", ("dev/vcr/lsp/server", "dev.vcr.lsp.server")),
]


def thread_of(frame):
    name = frame.strip("[]").split(" tid=")[0]
    return re.sub(r"\d+", "N", name)


def phase_of(stack):
    for name, marks in PHASES:
        if any(m in stack for m in marks):
            return name
    return "other"


def short(frame):
    """dev/vcr/kernel/query/StoreLinker$Worker.link -> StoreLinker$Worker.link"""
    return re.sub(r"(\$\$Lambda(\$\d+)?)[$.\w/]*", r"\1", frame.split("/")[-1])


def main():
    path, event, top = sys.argv[1], sys.argv[2], int(sys.argv[3])
    threads = collections.Counter()
    phases = collections.Counter()
    inclusive = collections.Counter()
    total = 0
    with open(path) as f:
        for line in f:
            stack, _, count = line.rstrip("\n").rpartition(" ")
            if not stack:
                continue
            n = int(count)
            frames = stack.split(";")
            total += n
            th = thread_of(frames[0]) if frames[0].startswith("[") else "?"
            threads[th] += n
            phases[(th, phase_of(stack))] += n
            seen = set()
            for fr in frames[1:]:
                if "dev/vcr" in fr or "dev.vcr" in fr:
                    k = short(fr)
                    if k not in seen:
                        seen.add(k)
                        inclusive[k] += n
    unit = {"cpu": "ms of CPU", "itimer": "ms of CPU", "alloc": "samples (about 512 KB each)",
            "wall": "samples (10 ms of a thread each)"}.get(event, "samples")
    print(f"{total} samples, event {event}: {unit}")
    print("\nby thread")
    for k, v in threads.most_common(top):
        print(f"{v:9d} {100.0 * v / max(total, 1):5.1f} %  {k}")
    print("\nby thread and phase")
    for (th, ph), v in phases.most_common(top):
        print(f"{v:9d} {100.0 * v / max(total, 1):5.1f} %  {th} / {ph}")
    print("\nVcr methods on the stack (inclusive)")
    for k, v in inclusive.most_common(top):
        print(f"{v:9d} {100.0 * v / max(total, 1):5.1f} %  {k}")


if __name__ == "__main__":
    main()
