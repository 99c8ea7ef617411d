#!/usr/bin/env python3
"""The parts of scripts/bench.sh the shared harness has no adapter for, measured the harness's way
and beside its peers in the same run, then the report.

  bench-quarry.py crawl QUARRY N        the harness's crawl procedure (full, no-op, 1 % changed with
                                        its marker word, CLI queries) on a copy of its N .txt files
  bench-quarry.py latency QUARRY N      one process per query: `quarry search` against `quest` on the
                                        n=N speed run's indexes (same records), and `quarry --version`
  bench-quarry.py compact QUARRY N      `quarry compact` on a copy of the n=N speed run's Quarry index
                                        (N = arxiv: the arXiv step's)
  bench-quarry.py pdfs QUARRY DIR       a full `quarry index` of the PDFs under DIR
  bench-quarry.py arxiv QUARRY GZ       the real arXiv records of GZ (JSON Lines, gzipped) through the
                                        harness's own build and query workers: Quarry beside its Xapian
                                        and tantivy on the same records and 200 queries drawn from them
                                        the harness's way (then `latency QUARRY arxiv` uses its indexes)
  bench-quarry.py requery QUARRY NAME   the query phase again, every engine in turn on its kept index, for
                                        a saved speed result (NAME: n10000, n100000 or arxiv): a new
                                        Quarry binary measured beside the same peers without re-building
  bench-quarry.py report OUT.md         docs/BENCHMARKS.md from the saved results, with the hand-written
                                        analysis of docs/BENCHMARKS.notes.md (targets, profiles) at its end

Results go to $BENCH_WORK/results as quarry_*.json next to the harness's own. Imports the harness's
helpers (read-only) so corpora, queries, the marker, timing and peak RSS are exactly its own.
"""
from __future__ import annotations

import json
import os
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
HARNESS = Path(os.environ.get("QUARRY_BENCH_HARNESS", HERE.parent.parent / "shared" / "bench")).resolve()
sys.path.insert(0, str(HARNESS))
from benchlib import corpus as C  # noqa: E402
from benchlib.crawl import MARKER  # noqa: E402
from benchlib.util import RESULTS, WORK, du_bytes, pct, run_child  # noqa: E402

ENGINES = ("xapian", "tantivy")  # the harness's in-process peers on the arXiv records


def save(name: str, payload: dict) -> None:
    RESULTS.mkdir(parents=True, exist_ok=True)
    payload["time"] = time.strftime("%Y-%m-%dT%H:%M:%S")
    payload["load"] = os.getloadavg()
    (RESULTS / f"{name}.json").write_text(json.dumps(payload, indent=1))
    print(json.dumps({k: v for k, v in payload.items() if k != "lat_ms"}, indent=1))


def phase(r: dict) -> dict:
    return {"wall_s": r["wall_s"], "cpu_s": r["user_s"] + r["sys_s"], "peak_rss_mb": r["maxrss_kb"] / 1024,
            "rc": r["rc"], "stderr_tail": r["stderr"][-300:]}


def crawl(quarry: str, n: int) -> None:
    """The steps of the harness's benchlib/crawl.py, with `quarry index` as the indexer."""
    p = C.ensure_synth(n, 42, txt=True)
    queries = json.loads(p["queries"].read_text())[:50]
    base = WORK / "crawl" / f"n{n}" / "quarry"
    if base.exists():
        shutil.rmtree(base)
    docs, index = base / "docs", base / "index"
    shutil.copytree(p["txt"], docs, ignore=shutil.ignore_patterns(".complete"))
    files = sorted(str(f) for f in docs.rglob("*.txt"))
    command = [quarry, "index", str(docs), "--index", str(index), "--quiet"]
    res = {"n": n, "files": len(files), "source_bytes": sum(os.path.getsize(f) for f in files)}
    res["full"] = phase(run_child(command))
    res["index_bytes"] = du_bytes(index)
    res["noop"] = phase(run_child(command))
    changed = files[:: max(1, round(1 / 0.01))]
    now = time.time()
    for f in changed:
        with open(f, "a", encoding="utf-8") as fh:
            fh.write(f"\nRevised {MARKER} edition.\n")
        os.utime(f, (now + 2, now + 2))
    res["changed_files"] = len(changed)
    res["changed"] = phase(run_child(command))
    count = run_child([quarry, "count", MARKER, "--index", str(index)])
    res["marker_hits"] = int(count["stdout"].strip() or -1)
    lat = [1000 * run_child([quarry, "search", q, "--index", str(index), "--limit", "10", "--match", "any"])["wall_s"]
           for q in queries]
    res["cli_query_ms"] = {"p50": pct(lat, 50), "p95": pct(lat, 95), "n": len(lat)}
    save(f"quarry_crawl_n{n}", res)


def compact(quarry: str, n: int | str) -> None:
    """`quarry compact` on a copy of the speed run's (or, for n = "arxiv", the arXiv step's) Quarry
    index, as the harness compacts a copy of its Xapian index: the kept index stays as built, so a
    later `requery` measures every engine on its index as the build left it."""
    tag = "arxiv" if n == "arxiv" else f"n{n}"
    index, copy = WORK / "idx" / tag / "quarry", WORK / "scratch" / tag / "quarry-compacted"
    if copy.exists():
        shutil.rmtree(copy)
    shutil.copytree(index, copy)
    before = du_bytes(copy)
    r = run_child([quarry, "compact", "--index", str(copy)])
    save(f"quarry_compact_{tag}", {"n": n, "before_bytes": before, "after_bytes": du_bytes(copy), **phase(r)})
    shutil.rmtree(copy)


def wall_ms(command: list[str]) -> float:
    t = time.perf_counter()
    subprocess.run(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False)
    return 1000 * (time.perf_counter() - t)


def latency(quarry: str, n: int | str, rounds: int = 3) -> None:
    """`quarry search` and `quest` in turn, one process per query, on the speed run's indexes (or on the
    arXiv step's, for n = "arxiv")."""
    tag = "arxiv" if n == "arxiv" else f"n{n}"
    quarry_index, xapian_index = WORK / "idx" / tag / "quarry", WORK / "idx" / tag / "xapian"
    queries_file = ARXIV / "queries.json" if n == "arxiv" else C.synth_paths(int(n), 42)["queries"]
    queries = json.loads(queries_file.read_text())[:40]
    pairs = []
    for _ in range(rounds):
        for q in queries:
            a = wall_ms([quarry, "search", q, "--index", str(quarry_index), "--limit", "10", "--match", "any"])
            b = wall_ms(["quest", "-d", str(xapian_index), "-m", "10", q])
            pairs.append((a, b))
    version = [wall_ms([quarry, "--version"]) for _ in range(30)]
    res = {"n": n, "queries": len(queries), "rounds": rounds,
           "quarry_search_ms": statistics.median(a for a, _ in pairs),
           "quest_ms": statistics.median(b for _, b in pairs),
           "ratio_median": statistics.median(a / b for a, b in pairs),
           "quarry_version_ms": statistics.median(version)}
    save(f"quarry_latency_{tag}", res)


def pdfs(quarry: str, folder: str) -> None:
    base = WORK / "quarry-pdfs"
    if base.exists():
        shutil.rmtree(base)
    count = sum(1 for _ in Path(folder).rglob("*.pdf"))
    r = run_child([quarry, "index", folder, "--index", str(base / "index"), "--quiet"])
    save("quarry_pdfs", {"folder": folder, "pdfs": count, **phase(r), "pdfs_per_s": count / r["wall_s"],
                         "index_bytes": du_bytes(base / "index")})


ARXIV = WORK / "arxiv"


def arxiv_records(gz: str) -> Path:
    """The dump as the harness's records ({id, title, authors, venue, year, abstract}), written once."""
    import gzip

    out = ARXIV / "records.jsonl"
    if out.exists():
        return out
    ARXIV.mkdir(parents=True, exist_ok=True)
    tmp = out.with_suffix(".tmp")
    with gzip.open(gz, "rt", encoding="utf-8") as src, open(tmp, "w", encoding="utf-8") as dst:
        for line in src:
            a = json.loads(line)
            date = a.get("update_date") or ""
            record = {"id": a["id"], "title": " ".join(a["title"].split()),
                      "authors": a.get("authors_list") or C.split_authors(a.get("authors") or ""),
                      "venue": a.get("journal-ref") or "", "year": int(date[:4]) if date[:4].isdigit() else 0,
                      "abstract": " ".join(a["abstract"].split())}
            dst.write(json.dumps(record, ensure_ascii=False) + "\n")
    os.replace(tmp, out)
    return out


def arxiv_queries(records: Path, n: int = 200, seed: int = 7) -> Path:
    """n queries of 1-3 words drawn as the harness draws its synthetic ones (`sample_queries`): each
    word's frequency rank log-uniform in [10, 50000), here over the words of the records' titles and
    abstracts, lower-cased `[a-z0-9]+` as the harness splits queries."""
    import re
    from collections import Counter

    import numpy as np

    out = ARXIV / "queries.json"
    if out.exists():
        return out
    counts: Counter = Counter()
    for r in C.read_jsonl(records):
        counts.update(re.findall(r"[a-z0-9]+", (r["title"] + " " + r["abstract"]).lower()))
    vocab = [w for w, _ in counts.most_common()]
    rng = np.random.default_rng([42, 2, seed])
    hi = min(50000, len(vocab))
    queries = []
    for _ in range(n):
        ranks = np.exp(rng.uniform(np.log(10), np.log(hi), int(rng.integers(1, 4)))).astype(int)
        queries.append(" ".join(vocab[r] for r in ranks))
    out.write_text(json.dumps(queries, indent=0))
    return out


def arxiv(quarry: str, gz: str) -> None:
    """The harness's speed procedure (its `_build` and `_query` workers, OR and AND, with and without
    facets) on the real arXiv records, for its Xapian and tantivy and for Quarry through the cmd adapter."""
    records = arxiv_records(gz)
    queries = arxiv_queries(records)
    bench = str(HARNESS / "bench.py")
    nrec = sum(1 for _ in open(records, encoding="utf-8"))
    res = {"n": nrec, "ops": ["or", "and"], "engines": {}}
    for spec, label in engine_specs(quarry, ENGINES):
        index, scratch = WORK / "idx" / "arxiv" / label, WORK / "scratch" / "arxiv" / label
        print(f"[arxiv] {label}: building {nrec} records", flush=True)
        b = run_child([sys.executable, bench, "_build", "--engine", spec, "--corpus", str(records),
                       "--index", str(index), "--work", str(scratch)])
        if b["rc"] != 0:
            res["engines"][label] = {"error": b["stderr"][-500:]}
            continue
        built = json.loads(b["stdout"].strip().splitlines()[-1])
        r = {"build_s": built["build_s"], "docs_per_s": nrec / built["build_s"],
             "build_cpu_s": b["user_s"] + b["sys_s"],
             "build_peak_rss_mb": max(b["maxrss_kb"], built.get("child_maxrss_kb", 0)) / 1024,
             "index_bytes": du_bytes(index), **built.get("extra", {})}
        r.update(query_phase(spec, index, queries, res["ops"]))
        res["engines"][label] = r
    save("quarry_arxiv", res)


def engine_specs(quarry: str, peers) -> list[tuple[str, str]]:
    """(harness engine spec, label) of the peers and of Quarry through the cmd adapter."""
    return [(e, e) for e in peers] + [(f"cmd:exe={quarry}:style=quarry:batch=1:label=quarry", "quarry")]


def query_phase(spec: str, index: Path, queries: Path, ops) -> dict:
    """The harness's `_query` worker (one warm-up pass, then 200 timed queries without and with facets)
    for each operator; a failure is kept as the harness keeps it."""
    out = {}
    for op in ops:
        q = run_child([sys.executable, str(HARNESS / "bench.py"), "_query", "--engine", spec, "--index",
                       str(index), "--queries", str(queries), "--k", "10", "--op", op, "--warmup", "1"])
        if q["rc"] == 0:
            out[op] = json.loads(q["stdout"].strip().splitlines()[-1])
            out[op]["query_peak_rss_mb"] = q["maxrss_kb"] / 1024
        else:
            out[f"query_{op}_error"] = q["stderr"][-500:]
    return out


def requery(quarry: str, name: str) -> None:
    """Re-runs the query phase of a saved speed result for every engine on its kept index (built by the
    same run), so a newer Quarry is compared with the same peers in one run without a new build."""
    if name == "arxiv":
        result, tag, queries = "quarry_arxiv", "arxiv", ARXIV / "queries.json"
    else:
        result, tag, queries = f"speed_{name}", name, C.synth_paths(int(name.lstrip("n")), 42)["queries"]
    d = load(result)
    if not d:
        sys.exit(f"no saved {result}: run its build first")
    peers = [label for label in d["engines"] if label != "quarry" and "build_s" in d["engines"][label]]
    for spec, label in engine_specs(quarry, peers):
        print(f"[requery {name}] {label}", flush=True)
        d["engines"][label].update(query_phase(spec, WORK / "idx" / tag / label, queries, d["ops"]))
    d["requeried"] = {"time": time.strftime("%Y-%m-%dT%H:%M:%S"), "load": os.getloadavg(), "built": d["time"]}
    RESULTS.mkdir(parents=True, exist_ok=True)
    (RESULTS / f"{result}.json").write_text(json.dumps(d, indent=1))
    print(json.dumps(d["requeried"]))


# ---------------------------------------------------------------------------
def load(name: str) -> dict | None:
    path = RESULTS / f"{name}.json"
    return json.loads(path.read_text()) if path.exists() else None


def f(x, digits=1) -> str:
    if x is None:
        return "–"
    return f"{x:,.{digits}f}"


def speed_section(name: str, title: str, compacted: str | None = None) -> list[str]:
    d = load(name)
    if not d:
        return [f"### {title}", "", "Not run.", ""]
    e = d["engines"]
    q = e.get("quarry", {})
    load_text = f", load {f(d['load'][0], 2)}" if "load" in d else ""
    out = [f"### {title} ({d['time']}{load_text})", ""]
    if "requeried" in d:
        rq = d["requeried"]
        out += [f"The query rows are a later run of every engine's query phase on the same indexes "
                f"({rq['time']}, load {f(rq['load'][0], 2)}; `bench-quarry.py requery`).", ""]
    if "build_s" not in q:
        return out + [f"Quarry failed: {q.get('error', '?')}", ""]
    rows = ["| engine | docs/s | Quarry ÷ engine (docs/s) | build peak RSS MiB | index MiB | compacted MiB |",
            "|---|---|---|---|---|---|"]
    qc = load(compacted) if compacted else None
    for label, r in e.items():
        if "build_s" not in r:
            continue
        compact = r.get("compact_bytes") or (qc["after_bytes"] if label == "quarry" and qc else None)
        rows.append(f"| {label} | {f(r['docs_per_s'], 0)} | {f(q['docs_per_s'] / r['docs_per_s'], 2)} | "
                    f"{f(r['build_peak_rss_mb'], 0)} | {f(r['index_bytes'] / 2**20, 0)} | "
                    f"{f(compact / 2**20, 0) if compact else '–'} |")
    out += rows + [""]
    for op in d["ops"]:
        if op not in q:
            continue
        out += [f"Queries, op={op.upper()} (200 queries, warm, p50/p95 ms; ratio = Quarry ÷ engine):", "",
                "| engine | p50 | p95 | p95 ratio | p50 +facets | p95 +facets | p95 +facets ratio | mean matches | totals equal to Xapian's |",
                "|---|---|---|---|---|---|---|---|---|"]
        base = e.get("xapian", {}).get(op, {}).get("facet", {}).get("totals")
        for label, r in e.items():
            if op not in r:
                continue
            rq = r[op]
            totals = rq["facet"]["totals"]
            same = (sum(1 for x, y in zip(totals, base) if x == y) / len(base)) if base else None
            out.append(
                f"| {label} | {f(rq['nofacet']['p50_ms'], 2)} | {f(rq['nofacet']['p95_ms'], 2)} | "
                f"{f(q[op]['nofacet']['p95_ms'] / rq['nofacet']['p95_ms'], 2)} | {f(rq['facet']['p50_ms'], 2)} | "
                f"{f(rq['facet']['p95_ms'], 2)} | {f(q[op]['facet']['p95_ms'] / rq['facet']['p95_ms'], 2)} | "
                f"{f(statistics.mean(totals), 0)} | {'–' if same is None else f'{same:.0%}'} |")
        out.append("")
    return out


def report(path: str) -> None:
    out = ["# Benchmarks", "",
           "Written by `scripts/bench.sh` from one run of the shared harness (`../shared/bench/bench.py`, "
           "Quarry through its `cmd:style=quarry:batch=1` adapter, i.e. `quarry index` and `quarry serve --stdio`) "
           "and `scripts/bench-quarry.py` (the harness's own crawl steps, corpora and queries for what it has no "
           "Quarry adapter for). Every figure is a ratio to a peer measured in the same run; latencies are "
           "percentiles of 200 queries, one-process figures medians of repeated runs. The machine has 2 cores "
           "shared with other work: the load average at each step is given, and only ratios within one run count.",
           ""]
    notes = Path(path).with_name("BENCHMARKS.notes.md")
    for n in (10_000, 100_000, 1_000_000):
        out += speed_section(f"speed_n{n}", f"Synthetic n={n:,}", f"quarry_compact_n{n}")
    out += speed_section("quarry_arxiv", "The arXiv records (74,728, ../shared/data/arxiv)", "quarry_compact_arxiv")
    c, o = load("quarry_crawl_n10000"), load("crawl_n10000")
    out += ["### Folder crawl: 10,000 small .txt files", ""]
    if c and o and "omindex" in o["tools"]:
        om = o["tools"]["omindex"]
        out += [f"Quarry ({c['time']}, load {f(c['load'][0], 2)}) beside omindex ({o['time']}); ratio = Quarry ÷ omindex "
                "(time; for files/s omindex ÷ Quarry, so below 1 is slower either way).", "",
                "| step | Quarry s | omindex s | ratio | Quarry peak RSS MiB | omindex peak RSS MiB |",
                "|---|---|---|---|---|---|"]
        for step in ("full", "noop", "changed"):
            out.append(f"| {step} | {f(c[step]['wall_s'], 2)} | {f(om[step]['wall_s'], 2)} | "
                       f"{f(c[step]['wall_s'] / om[step]['wall_s'], 2)} | {f(c[step]['peak_rss_mb'], 0)} | "
                       f"{f(om[step]['peak_rss_mb'], 0)} |")
        out += ["", f"Files/s, full: Quarry {f(c['files'] / c['full']['wall_s'], 0)}, omindex "
                f"{f(om['files'] / om['full']['wall_s'], 0)}. Index: Quarry {f(c['index_bytes'] / 2**20, 0)} MiB, "
                f"omindex {f(om['index_bytes'] / 2**20, 0)} MiB. Marker word after the 1 % change: Quarry "
                f"{c['marker_hits']}/{c['changed_files']}, omindex {om['marker_hits']}/{om['changed_files']}. "
                f"CLI query p50 (one process per query): Quarry {f(c['cli_query_ms']['p50'], 1)} ms, quest "
                f"{f(om['cli_query_ms']['p50'], 1)} ms.", ""]
    else:
        out += ["Not run.", ""]
    lat = load("quarry_latency_arxiv") or load("quarry_latency_n100000") or load("quarry_latency_n10000")
    out += ["### One process per query", ""]
    if lat:
        where = "arXiv step's" if lat["n"] == "arxiv" else f"n={lat['n']:,} speed run's"
        out += [f"On the {where} indexes ({lat['time']}, load {f(lat['load'][0], 2)}); "
                f"{lat['queries']} queries × {lat['rounds']} rounds, `quarry search Q --limit 10 --match any` and "
                f"`quest -m 10 Q` in turn:", "",
                "| figure | median |", "|---|---|",
                f"| `quarry search` ms | {f(lat['quarry_search_ms'], 1)} |",
                f"| `quest` ms | {f(lat['quest_ms'], 1)} |",
                f"| ratio, pair by pair | {f(lat['ratio_median'], 2)} |",
                f"| `quarry --version` ms | {f(lat['quarry_version_ms'], 1)} |", ""]
    else:
        out += ["Not run.", ""]
    pdf = load("quarry_pdfs")
    out += ["### Resume PDFs", ""]
    if pdf:
        out += [f"A full `quarry index` of {pdf['pdfs']:,} PDFs ({pdf['time']}, load {f(pdf['load'][0], 2)}): "
                f"{f(pdf['wall_s'], 1)} s wall, {f(pdf['cpu_s'], 1)} s CPU, **{f(pdf['pdfs_per_s'], 1)} PDFs/s**, "
                f"peak RSS {f(pdf['peak_rss_mb'], 0)} MiB (no peer: omindex needs pdftotext, not installed here).", ""]
    else:
        out += ["Not run.", ""]
    if notes.exists():
        out += [notes.read_text().rstrip(), ""]
    Path(path).write_text("\n".join(out))
    print(f"wrote {path}")


if __name__ == "__main__":
    cmd = sys.argv[1]
    if cmd == "crawl":
        crawl(sys.argv[2], int(sys.argv[3]))
    elif cmd == "compact":
        compact(sys.argv[2], sys.argv[3] if sys.argv[3] == "arxiv" else int(sys.argv[3]))
    elif cmd == "latency":
        latency(sys.argv[2], sys.argv[3] if sys.argv[3] == "arxiv" else int(sys.argv[3]))
    elif cmd == "pdfs":
        pdfs(sys.argv[2], sys.argv[3])
    elif cmd == "requery":
        requery(sys.argv[2], sys.argv[3])
    elif cmd == "arxiv":
        arxiv(sys.argv[2], sys.argv[3])
    elif cmd == "report":
        report(sys.argv[2])
    else:
        sys.exit(__doc__)
