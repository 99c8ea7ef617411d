#!/usr/bin/env bash
# Speed and relevance against the peers, in one run of the shared benchmark harness:
# builds Quarry in release mode, then drives its CLI (index, search --json, serve --stdio)
# next to Xapian (Python), SQLite FTS5, tantivy and bm25s.
#   scripts/bench.sh relevance            Cranfield, ADI and MED
#   scripts/bench.sh speed [N]            synthetic corpus of N records (default 10000)
set -euo pipefail
cd "$(dirname "$0")/.."
HARNESS=../shared/bench
[[ -x $HARNESS/bench.py ]] || { echo "the benchmark harness is not at $HARNESS" >&2; exit 1; }
eval "$(scripts/install-deps.sh)"
swift build -c release --product quarry --static-swift-stdlib
QUARRY="$(swift build -c release --show-bin-path)/quarry"
"$HARNESS/setup.sh"
case "${1:-relevance}" in
    relevance)
        for collection in cranfield adi med; do
            "$HARNESS/bench.py" relevance --collection "$collection" \
                --engines "all,cmd:exe=$QUARRY:style=quarry:batch=1:label=quarry"
        done ;;
    speed)
        "$HARNESS/bench.py" speed --n "${2:-10000}" --op or,and \
            --engines "all,cmd:exe=$QUARRY:style=quarry:batch=1:label=quarry" ;;
    *) echo "usage: scripts/bench.sh relevance|speed [N]" >&2; exit 64 ;;
esac
