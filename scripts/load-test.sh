#!/usr/bin/env bash
# Load on the search API: 50 concurrent clients for 30 seconds against `quarry serve` on the
# loopback address (scripts/load_test.py), with a release build. Not part of the test suite.
#   scripts/load-test.sh              an index of Corpus/ in a temporary folder
#   scripts/load-test.sh INDEX_DIR    an existing index (e.g. of ../shared/data/arxiv)
set -euo pipefail
cd "$(dirname "$0")/.."
eval "$(scripts/install-deps.sh)"
swift build -c release --static-swift-stdlib  # quarry and its pdf reader, quarry-pdf
QUARRY="$(swift build -c release --show-bin-path)/quarry"

WORK=$(mktemp -d)
SERVER=""
cleanup() {
    if [[ -n $SERVER ]]; then kill "$SERVER" 2>/dev/null || true; wait "$SERVER" 2>/dev/null || true; fi
    rm -rf "$WORK"
}
trap cleanup EXIT

INDEX="${1:-$WORK/Index}"
if [[ -z ${1:-} ]]; then "$QUARRY" index Corpus --index "$INDEX" --quiet; fi
"$QUARRY" serve --port 0 --index "$INDEX" > "$WORK/serve.log" 2>&1 &
SERVER=$!
for _ in $(seq 100); do grep -q "http://" "$WORK/serve.log" && break; sleep 0.1; done
URL=$(grep -o 'http://127\.0\.0\.1:[0-9]*/' "$WORK/serve.log")
echo "load on $URL (index $INDEX, $("$QUARRY" count 'kind:paper OR kind:resume OR kind:document' --index "$INDEX") items)"
/usr/bin/python3 scripts/load_test.py "$URL" --clients "${CLIENTS:-50}" --seconds "${SECONDS_OF_LOAD:-30}"
