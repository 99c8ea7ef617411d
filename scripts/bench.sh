#!/usr/bin/env bash
# Speed and relevance against the peers, in one run of the shared benchmark harness
# (../shared/bench, used as it is: Quarry through its `cmd:style=quarry` adapter):
#   scripts/bench.sh                      everything below except relevance, then docs/BENCHMARKS.md
#   scripts/bench.sh speed [N]            synthetic corpus of N records (default 10000): Quarry beside
#                                         Xapian (Python), SQLite FTS5, tantivy and bm25s
#   scripts/bench.sh speed 1000000        the 1M set: Quarry beside FTS5 and tantivy only (the others
#                                         take hours); about 2 to 3 hours on 2 cores, 25 GB of disk
#   scripts/bench.sh crawl                10,000 small files: Quarry and omindex (full, no-op, 1 % changed)
#   scripts/bench.sh arxiv                the 74,728 real arXiv records: Quarry beside the harness's Xapian
#                                         and tantivy (its own build and query workers, OR and AND, facets)
#   scripts/bench.sh latency [N|arxiv]    one process per query: quarry search vs quest on those indexes
#   scripts/bench.sh pdfs                 the shared resume PDFs
#   scripts/bench.sh report               docs/BENCHMARKS.md from the saved results
#   scripts/bench.sh relevance            Cranfield, ADI and MED
# Results and indexes go to $BENCH_WORK (default ~/.cache/quarry-bench-work).
set -euo pipefail
cd "$(dirname "$0")/.."
HARNESS=../shared/bench
[[ -x $HARNESS/bench.py ]] || { echo "the benchmark harness is not at $HARNESS" >&2; exit 1; }
eval "$(scripts/install-deps.sh)"
swift build -c release --static-swift-stdlib  # quarry and its pdf reader, quarry-pdf
QUARRY="$(swift build -c release --show-bin-path)/quarry"
"$HARNESS/setup.sh"
PY=$HOME/.cache/quarry-bench-venv/bin/python
[[ -x $PY ]] || PY=/usr/bin/python3
ENGINES="all,cmd:exe=$QUARRY:style=quarry:batch=1:label=quarry"

speed() {
    if (($1 >= 1000000)); then
        "$HARNESS/bench.py" speed --n "$1" --op or,and --timeout 30000 \
            --engines "fts5,tantivy,cmd:exe=$QUARRY:style=quarry:batch=1:label=quarry"
    else
        "$HARNESS/bench.py" speed --n "$1" --op or,and --engines "$ENGINES"
    fi
    "$PY" scripts/bench-quarry.py compact "$QUARRY" "$1"
}
crawl() {
    "$HARNESS/bench.py" crawl --n 10000 --tools omindex
    "$PY" scripts/bench-quarry.py crawl "$QUARRY" 10000
}
arxiv() {
    "$PY" scripts/bench-quarry.py arxiv "$QUARRY" ../shared/data/arxiv/arxiv-cs-2025-2026.jsonl.gz
    "$PY" scripts/bench-quarry.py compact "$QUARRY" arxiv
}
latency() { "$PY" scripts/bench-quarry.py latency "$QUARRY" "${1:-arxiv}"; }
pdfs() { "$PY" scripts/bench-quarry.py pdfs "$QUARRY" ../shared/data/resumes/pdf; }
report() { "$PY" scripts/bench-quarry.py report docs/BENCHMARKS.md; }

case "${1:-all}" in
    all) speed 10000; speed 100000; speed 1000000; arxiv; latency arxiv; crawl; pdfs; report ;;
    speed) speed "${2:-10000}" ;;
    crawl) crawl ;;
    arxiv) arxiv ;;
    latency) latency "${2:-arxiv}" ;;
    pdfs) pdfs ;;
    report) report ;;
    relevance)
        for collection in cranfield adi med; do
            "$HARNESS/bench.py" relevance --collection "$collection" --engines "$ENGINES"
        done ;;
    *) echo "usage: scripts/bench.sh [all|speed [N]|arxiv|crawl|latency [N|arxiv]|pdfs|report|relevance]" >&2; exit 64 ;;
esac
