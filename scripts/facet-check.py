#!/usr/bin/env python3
"""Facet values that are not what their facet says, over a whole index.

Indexes ../shared/data with the quarry binary (or reads an existing --index), asks for
every author and venue value with `quarry search --json --facet-limit 0`, and lists:

  authors  values that are not person names: more than 5 name words (initials such as
           `M.` and particles such as `van der` are not counted: "Wil M. P. van der Aalst"
           is a name), a digit, or sentence punctuation (; : ! ? or a period after a
           lower-case word of two letters or more)
  venues   values over 100 characters, or made only of classification codes
           (ACM `I.2.7`, MSC `68T07`, `(Primary)`, `2020:`)

Usage: scripts/facet-check.py [--quarry PATH] [--index DIR] [--data DIR]
Exits 1 when it finds any (the target is 0 of each).
"""
import argparse
import json
import os
import re
import subprocess
import sys
import tempfile

from quarry_binary import quarry_binary

HERE = os.path.dirname(os.path.abspath(__file__))

CODE = re.compile(r"^(\(?(primary|secondary)\)?|[A-K](\.\d+|\.m)+|\d\d[A-Z]\d\d|\d\d[A-Z]xx|\d\d-xx|(19|20)\d\d:?|msc|acm|class(es)?[:.]?|[,;:()]+)$", re.I)


PARTICLES = {
    "van", "der", "den", "de", "del", "della", "di", "da", "du", "la", "le", "von", "zu", "bin", "ibn", "al", "el",
    "dos", "das", "ter", "ten", "y", "e", "do", "dela", "st", "ould",
}


def bad_author(name):
    if any(c.isdigit() for c in name):
        return "a digit"
    if re.search(r"[;:!?]", name) or re.search(r"(^|\s)[a-z]{2,}\.(\s|$)", name):
        return "sentence punctuation"
    words = 0
    for word in name.split():
        letters = [c for c in word if c.isalpha()]
        initial = len(letters) <= 1 or (word.endswith(".") and len(letters) <= 2)
        if not initial and word.lower() not in PARTICLES:
            words += 1
    if words > 5:
        return "more than 5 name words"
    return None


def bad_venue(value):
    if len(value) > 100:
        return "over 100 characters"
    tokens = value.replace(",", " ").replace(";", " ").split()
    if tokens and all(CODE.match(token) for token in tokens):
        return "only codes"
    return None


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--quarry", default=None, help="the quarry binary (default: the release build)")
    parser.add_argument("--index", default=None, help="an index to read instead of indexing --data")
    parser.add_argument("--data", default=os.path.join(HERE, "..", "..", "shared", "data"))
    args = parser.parse_args()
    quarry = quarry_binary(args.quarry)

    with tempfile.TemporaryDirectory() as work:
        index = args.index
        if index is None:
            data = os.path.abspath(args.data)
            if not os.path.isdir(data):
                print(f"skipped: {data} is absent")
                return 0
            index = os.path.join(work, "index")
            # Files that fail (a scanned PDF) make the run exit 1; the index is still whole.
            subprocess.run([quarry, "index", data, "--index", index], stdout=subprocess.DEVNULL)
        result = subprocess.run(
            [quarry, "search", "--index", index, "--json", "--limit", "0", "--facet", "author", "--facet", "venue",
             "--facet-limit", "0", "--", "kind:paper OR kind:resume OR kind:document"],
            check=True, capture_output=True, text=True).stdout
    facets = json.loads(result)["facets"]
    found = 0
    for facet, check in (("author", bad_author), ("venue", bad_venue)):
        values = facets.get(facet, [])
        bad = [(entry["value"], entry["count"], check(entry["value"])) for entry in values]
        bad = [item for item in bad if item[2]]
        print(f"{facet}: {len(values)} values, {len(bad)} not {'names' if facet == 'author' else 'venues'}")
        for value, count, reason in bad:
            print(f"  {reason}: {value!r} ({count})")
        found += len(bad)
    return 1 if found else 0


if __name__ == "__main__":
    sys.exit(main())
