#!/usr/bin/env python3
"""What any workspace-symbol ranking can reach on the accuracy kit's queries, next to Vcr's.

The kit asks workspace/symbol with a bare name (or its camel-hump initials) and expects one particular
declaration. Many declarations share a name, and identical queries get identical answers, so hit@1 has a
ceiling that no ranking from the query alone can pass. This prints, for the exact-name queries:
  unique      share of queries whose name only the expected declaration has
  random      expected hit@1 when same-named declarations are ordered at random
  ceiling     hit@1 of an oracle that knew which declaration was drawn for each distinct query
and, over all workspace-symbol queries, hit@1 when Vcr's own answer has each group of same-named
declarations reordered by javac's reference counts (the popularity a perfect resolver would count).

Usage: scripts/workspace-symbol-ceiling.py EVAL_CACHE RESULTS.jsonl CORPUS[,CORPUS...]
  e.g. scripts/workspace-symbol-ceiling.py ~/.cache/vcr-eval target-eval/vcr.results.jsonl commons-lang3,commons-collections4
"""
import collections
import json
import os
import sys


def main(cache, results, corpora):
    queries = [json.loads(l) for l in open(os.path.join(cache, "queries", "java.queries.jsonl"))]
    answers = {}
    for line in open(results):
        r = json.loads(line)
        answers[r["id"]] = r["locations"]
    by_name, at = {}, {}
    for corpus in corpora:
        names = collections.defaultdict(list)
        for line in open(os.path.join(cache, "oracle", corpus, "symbols.jsonl")):
            s = json.loads(line)
            at[(corpus, s["path"], s["line"])] = s
            if not s.get("pseudo") and s["kind"] != "constructor":
                names[s["name"]].append(s)
        by_name[corpus] = names

    exact = [q for q in queries if q["kind"] == "workspaceSymbol" and q["variant"] == "exact"]
    drawn = collections.defaultdict(collections.Counter)
    unique = random_hits = 0.0
    for q in exact:
        k = max(1, len(by_name[q["corpus"]][q["query"]]))
        unique += k == 1
        random_hits += 1 / k
        e = q["expected"][0]
        drawn[(q["corpus"], q["query"])][(e["path"], e["line"])] += 1
    ceiling = sum(max(c.values()) for c in drawn.values())
    n = len(exact)
    print(f"exact-name queries {n}: unique {unique / n:.1%}, random tie-break {random_hits / n:.1%}, "
          f"ceiling {ceiling / n:.1%}")

    every = [q for q in queries if q["kind"] == "workspaceSymbol"]
    vcr = oracle = 0
    for q in every:
        e = q["expected"][0]
        locs = answers.get(q["id"], [])
        hit = lambda l: l["path"] == e["path"] and l["line"] == e["line"]
        vcr += bool(locs) and hit(locs[0])
        groups, current, name = [], [], object()
        for i, l in enumerate(locs):
            s = at.get((q["corpus"], l["path"], l["line"]))
            n_ = s["name"] if s else None
            if current and n_ != name:
                groups.append(current)
                current = []
            current.append((-(s["refs"] if s else 0), i, l))
            name = n_
        if current:
            groups.append(current)
        reordered = [l for g in groups for _, _, l in sorted(g, key=lambda t: (t[0], t[1]))]
        oracle += bool(reordered) and hit(reordered[0])
    print(f"all workspace-symbol queries {len(every)}: Vcr hit@1 {vcr / len(every):.1%}, "
          f"same-named groups ordered by javac's reference counts {oracle / len(every):.1%}")


if __name__ == "__main__":
    if len(sys.argv) != 4:
        sys.exit(__doc__)
    main(os.path.expanduser(sys.argv[1]), sys.argv[2], sys.argv[3].split(","))
