#!/usr/bin/env python3
"""Known-item search on the arXiv dump: a pasted title finds its paper first.

Indexes ../shared/data/arxiv/arxiv-cs-2025-2026.jsonl.gz (74,728 records) with the quarry binary
(or reuses --index DIR when it already holds it), picks --n random records (seeded), and searches
each title through `quarry serve --stdio` (the path of `quarry search`, default options) three ways:

  exact      the title as it is pasted (line breaks and runs of spaces made one space)
  dropped    one word left out (a random word, when the title has two or more)
  swapped    two neighbouring letters swapped in one word (a random word of 4+ letters)

and reports, per variant, success@1 (the paper is the first hit) and MRR over the first 10 hits.
It also prints the rank of "Learning Object Focused Attention" (2504.08166), the title issue 10
names. Targets (issue 10): exact >= 0.998, each variant >= 0.99 success@1; exit 1 below them.

Usage: scripts/known-items.py [--quarry PATH] [--index DIR] [--n 1000] [--seed 10] [--misses]
"""
import argparse
import gzip
import json
import os
import random
import re
import subprocess
import sys
import tempfile
import time

from quarry_binary import quarry_binary

HERE = os.path.dirname(os.path.abspath(__file__))
DUMP = os.path.join(HERE, "..", "..", "shared", "data", "arxiv", "arxiv-cs-2025-2026.jsonl.gz")
TARGETS = {"exact": 0.998, "dropped": 0.99, "swapped": 0.99}
NAMED = ("2504.08166", "Learning Object Focused Attention")


def records(path):
    with gzip.open(path, "rt", encoding="utf-8") as lines:
        for line in lines:
            record = json.loads(line)
            title = " ".join((record.get("title") or "").split())
            if title:
                yield record["id"], title


def dropped(title, rng):
    words = title.split(" ")
    if len(words) < 2:
        return None
    del words[rng.randrange(len(words))]
    return " ".join(words)


def swapped(title, rng):
    words = title.split(" ")
    candidates = [i for i, w in enumerate(words) if sum(c.isalpha() for c in w) >= 4]
    if not candidates:
        return None
    index = rng.choice(candidates)
    word = words[index]
    spots = [i for i in range(len(word) - 1) if word[i].isalpha() and word[i + 1].isalpha() and word[i] != word[i + 1]]
    if not spots:
        return None
    i = rng.choice(spots)
    words[index] = word[:i] + word[i + 1] + word[i] + word[i + 2:]
    return " ".join(words)


def build_index(quarry, dump, index):
    folder = tempfile.mkdtemp(prefix="quarry-known-items-")
    os.symlink(os.path.abspath(dump), os.path.join(folder, os.path.basename(dump)))
    started = time.time()
    subprocess.run([quarry, "index", folder, "--index", index], check=True)
    print(f"indexed in {time.time() - started:.0f} s", file=sys.stderr)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--quarry")
    parser.add_argument("--index", help="index folder to reuse (built there when missing)")
    parser.add_argument("--data", default=DUMP)
    parser.add_argument("--n", type=int, default=1000)
    parser.add_argument("--seed", type=int, default=10)
    parser.add_argument("--misses", action="store_true", help="print the queries that missed rank 1")
    args = parser.parse_args()
    quarry = quarry_binary(args.quarry)
    index = args.index or tempfile.mkdtemp(prefix="quarry-known-items-index-")
    if not os.path.exists(os.path.join(index, "catalog.sqlite")):
        build_index(quarry, args.data, index)

    every = list(records(args.data))
    rng = random.Random(args.seed)
    sample = rng.sample(every, args.n)
    queries = []  # (variant, id, query)
    for paper_id, title in sample:
        queries.append(("exact", paper_id, title))
        for name, make in (("dropped", dropped), ("swapped", swapped)):
            text = make(title, rng)
            if text:
                queries.append((name, paper_id, text))
    queries.append(("named", NAMED[0], NAMED[1]))

    server = subprocess.Popen([quarry, "serve", "--index", index, "--stdio"], stdin=subprocess.PIPE,
                              stdout=subprocess.PIPE, text=True, bufsize=1)
    results = {}
    misses = []
    started = time.time()
    for variant, paper_id, text in queries:
        server.stdin.write(json.dumps({"query": text, "limit": 10}) + "\n")
        server.stdin.flush()
        answer = json.loads(server.stdout.readline())
        if "error" in answer:
            raise SystemExit(f"query refused: {text!r}: {answer['error']}")
        ids = [re.sub(r"v\d+$", "", h.get("arxiv_id") or "") for h in answer.get("hits", [])]
        rank = ids.index(paper_id) + 1 if paper_id in ids else 0
        results.setdefault(variant, []).append(rank)
        if rank != 1 and variant != "named":
            misses.append((variant, rank, text, answer.get("hits", [{}])[0].get("title", "") if ids else ""))
    elapsed = time.time() - started
    server.stdin.close()
    server.wait()

    failed = False
    print(f"{'variant':<9} {'queries':>7} {'success@1':>10} {'MRR@10':>8}")
    for variant in ("exact", "dropped", "swapped"):
        ranks = results.get(variant, [])
        success = sum(r == 1 for r in ranks) / len(ranks)
        mrr = sum(1 / r for r in ranks if r) / len(ranks)
        failed |= success < TARGETS[variant]
        print(f"{variant:<9} {len(ranks):>7} {success:>10.4f} {mrr:>8.4f}")
    print(f"\"{NAMED[1]}\" ({NAMED[0]}): rank {results['named'][0] or 'not in the first 10'}")
    print(f"{len(queries)} queries in {elapsed:.1f} s ({1000 * elapsed / len(queries):.1f} ms each)")
    if args.misses:
        for variant, rank, text, first in misses:
            print(f"  {variant:<8} rank {rank or '-':>2}  {text!r}  first: {first!r}")
    return 1 if failed or results["named"][0] != 1 else 0


if __name__ == "__main__":
    sys.exit(main())
