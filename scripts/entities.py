#!/usr/bin/env python3
"""One entity per paper, measured on the DBLP-ACM bibliographies (../shared/data/bib).

Indexes dblp.bib and acm.bib with the quarry binary into a temporary index, lists every
paper hit with `quarry search 'kind:paper' --json` (the path users take), and compares the
hits' citation keys with gold-pairs.csv, 1,100 of the 2,224 known same-paper pairs.

  recall     the given pairs whose two entries are one hit.
  precision  the merged pairs (two entries in one hit) that are right. A merged pair is
             right when it is a given pair; wrong when it joins two entries of one file or
             an entry whose partner in the given pairs is another entry (the list maps one
             DBLP entry to at most one ACM entry). A pair of two entries outside the given
             pairs cannot be checked against them. The given pairs are a random sample of
             the full list, so the merged pairs that touch a given entry are a fair sample
             of all merged pairs: precision is their share of right ones. A floor is also
             printed: the unchecked pairs right when their titles are equal once case and
             punctuation are folded, and wrong otherwise (--list prints them for reading).

Usage: scripts/entities.py [--quarry PATH] [--data DIR] [--list]
Prints the figures (docs/ENTITIES.md quotes them); exits 1 when below the targets
(precision 0.99, recall 0.97).
"""
import argparse
import csv
import json
import os
import re
import subprocess
import sys
import tempfile

from quarry_binary import quarry_binary
import unicodedata

HERE = os.path.dirname(os.path.abspath(__file__))


def fold(title):
    text = unicodedata.normalize("NFKD", title.lower())
    text = "".join(c for c in text if not unicodedata.combining(c))
    return " ".join(re.findall(r"[a-z0-9]+", text.replace("'", "")))


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--quarry", default=None, help="the quarry binary (default: the release build)")
    parser.add_argument("--data", default=os.path.join(HERE, "..", "..", "shared", "data", "bib"))
    parser.add_argument("--list", action="store_true", help="list every pair counted wrong or unchecked")
    args = parser.parse_args()

    quarry = quarry_binary(args.quarry)
    data = os.path.abspath(args.data)
    for name in ("dblp.bib", "acm.bib", "gold-pairs.csv"):
        if not os.path.exists(os.path.join(data, name)):
            print(f"skipped: {data}/{name} is absent")
            return 0

    with tempfile.TemporaryDirectory() as work:
        folder = os.path.join(work, "bib")
        os.mkdir(folder)
        for name in ("dblp.bib", "acm.bib"):
            with open(os.path.join(data, name), "rb") as source, open(os.path.join(folder, name), "wb") as copy:
                copy.write(source.read())
        index = os.path.join(work, "index")
        subprocess.run([quarry, "index", folder, "--index", index], check=True, stdout=subprocess.DEVNULL)
        listing = subprocess.run(
            [quarry, "search", "--index", index, "--json", "--limit", "100000", "--", "kind:paper"],
            check=True, capture_output=True, text=True).stdout
    hits = json.loads(listing)["hits"]

    with open(os.path.join(data, "gold-pairs.csv"), newline="") as handle:
        gold = [(row["dblp_key"], row["acm_key"]) for row in csv.DictReader(handle)]
    gold_set = set(gold)
    partner = {}
    for dblp, acm in gold:
        partner[dblp] = acm
        partner[acm] = dblp

    hit_of = {}
    for hit in hits:
        for key in hit["citation_keys"]:
            hit_of[key] = hit["id"]
    # Each entry's own title, for judging the pairs outside the given ones.
    title_of = {}
    for name in ("dblp.bib", "acm.bib"):
        with open(os.path.join(data, name), encoding="utf-8") as handle:
            text = handle.read()
        for entry in re.finditer(r"@\w+\{([^,]+),(.*?)\n\}", text, re.S):
            title = re.search(r"^\s*title\s*=\s*\{(.*)\},?\s*$", entry.group(2), re.M)
            title_of[entry.group(1)] = title.group(1) if title else ""

    found = sum(1 for dblp, acm in gold if dblp in hit_of and hit_of[dblp] == hit_of.get(acm))
    recall = found / len(gold)

    right = wrong = equal_titles = 0
    listed = []
    for hit in hits:
        keys = hit["citation_keys"]
        for i in range(len(keys)):
            for j in range(i + 1, len(keys)):
                a, b = keys[i], keys[j]
                dblp, acm = (a, b) if a.startswith("DBLP:") else (b, a)
                if (dblp, acm) in gold_set:
                    right += 1
                elif dblp.startswith("DBLP:") == acm.startswith("DBLP:") or dblp in partner or acm in partner:
                    wrong += 1
                    listed.append(("wrong", dblp, acm))
                elif fold(title_of.get(dblp, "")) == fold(title_of.get(acm, "")):
                    equal_titles += 1
                else:
                    listed.append(("unchecked", dblp, acm))
    unchecked = len(listed) - wrong
    checked = right + wrong
    merged = checked + equal_titles + unchecked
    # The given pairs are a random half of the full list, so the merged pairs that touch them are
    # a fair sample of all merged pairs: their share of right ones estimates the precision.
    precision = right / checked if checked else 1.0
    # A floor: every merged pair outside the given ones whose titles differ counted wrong.
    floor = (right + equal_titles) / merged if merged else 1.0
    entries = sum(len(hit["citation_keys"]) for hit in hits)

    print(f"entries {entries}, paper hits {len(hits)}, merged pairs {merged}")
    print(f"recall    {recall:.4f}  ({found} of {len(gold)} given pairs in one hit)")
    print(f"precision {precision:.4f}  ({right} right and {wrong} wrong of the {checked} merged pairs that touch a given pair)")
    print(f"floor     {floor:.4f}  (the {equal_titles} other merged pairs with equal titles right, the {unchecked}"
          f" with different titles counted wrong)")
    if args.list:
        for kind, dblp, acm in listed:
            print(f"  {kind}: {dblp} ({title_of.get(dblp)}) + {acm} ({title_of.get(acm)})")
    missed = [(d, a) for d, a in gold if hit_of.get(d) != hit_of.get(a)]
    if args.list:
        for dblp, acm in missed:
            print(f"  missed: {dblp} ({title_of.get(dblp)}) / {acm} ({title_of.get(acm)})")
    return 0 if precision >= 0.99 and recall >= 0.97 else 1


if __name__ == "__main__":
    sys.exit(main())
