#!/usr/bin/env python3
"""The parts of scripts/bench.sh the shared harness has no adapter for, measured the harness's way
and beside its peers in the same run, then the report.

  bench-quarry.py crawl QUARRY N        the harness's crawl procedure (full, no-op, 1 % changed with
                                        its marker word, CLI queries) on a copy of its N .txt files
  bench-quarry.py latency QUARRY N      one process per query: `quarry search` against `quest` on the
                                        n=N speed run's indexes (same records), and `quarry --version`
  bench-quarry.py compact QUARRY N      `quarry compact` on the n=N speed run's Quarry index
  bench-quarry.py pdfs QUARRY DIR       a full `quarry index` of the PDFs under DIR
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


def compact(quarry: str, n: int) -> None:
    """`quarry compact` on the speed run's Quarry index (as the harness compacts its Xapian index)."""
    index = WORK / "idx" / f"n{n}" / "quarry"
    before = du_bytes(index)
    r = run_child([quarry, "compact", "--index", str(index)])
    save(f"quarry_compact_n{n}", {"n": n, "before_bytes": before, "after_bytes": du_bytes(index), **phase(r)})


def wall_ms(command: list[str]) -> float:
    t = time.perf_counter()
    subprocess.run(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False)
    return 1000 * (time.perf_counter() - t)


def latency(quarry: str, n: int, rounds: int = 3) -> None:
    """`quarry search` and `quest` in turn, one process per query, on the speed run's indexes."""
    quarry_index = WORK / "idx" / f"n{n}" / "quarry"
    xapian_index = WORK / "idx" / f"n{n}" / "xapian"
    queries = json.loads(C.synth_paths(n, 42)["queries"].read_text())[:40]
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
    save(f"quarry_latency_n{n}", res)


def pdfs(quarry: str, folder: str) -> None:
    base = WORK / "quarry-pdfs"
    if base.exists():
        shutil.rmtree(base)
    count = sum(1 for _ in Path(folder).rglob("*.pdf"))
    r = run_child([quarry, "index", folder, "--index", str(base / "index"), "--quiet"])
    save("quarry_pdfs", {"folder": folder, "pdfs": count, **phase(r), "pdfs_per_s": count / r["wall_s"],
                         "index_bytes": du_bytes(base / "index")})


# ---------------------------------------------------------------------------
def load(name: str) -> dict | None:
    path = RESULTS / f"{name}.json"
    return json.loads(path.read_text()) if path.exists() else None


def f(x, digits=1) -> str:
    if x is None:
        return "–"
    return f"{x:,.{digits}f}"


def speed_section(n: int) -> list[str]:
    d = load(f"speed_n{n}")
    if not d:
        return [f"### Synthetic n={n:,}", "", "Not run.", ""]
    e = d["engines"]
    q = e.get("quarry", {})
    out = [f"### Synthetic n={n:,} ({d['time']}" + (f", load {d['load']})" if "load" in d else ")"), ""]
    if "build_s" not in q:
        return out + [f"Quarry failed: {q.get('error', '?')}", ""]
    rows = ["| engine | docs/s | Quarry ÷ engine (docs/s) | build peak RSS MiB | index MiB | compacted MiB |",
            "|---|---|---|---|---|---|"]
    qc = load(f"quarry_compact_n{n}")
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
    for n in (10_000, 100_000):
        out += speed_section(n)
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
    lat = load("quarry_latency_n100000") or load("quarry_latency_n10000")
    out += ["### One process per query", ""]
    if lat:
        out += [f"On the n={lat['n']:,} speed run's indexes ({lat['time']}, load {f(lat['load'][0], 2)}); "
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
        compact(sys.argv[2], int(sys.argv[3]))
    elif cmd == "latency":
        latency(sys.argv[2], int(sys.argv[3]))
    elif cmd == "pdfs":
        pdfs(sys.argv[2], sys.argv[3])
    elif cmd == "report":
        report(sys.argv[2])
    else:
        sys.exit(__doc__)
