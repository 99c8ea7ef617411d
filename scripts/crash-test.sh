#!/usr/bin/env bash
# Crash safety, proven: kills `quarry index` with SIGKILL at random moments over a multi-format
# folder that changes between runs, and compares each recovery with a clean full build
# (scripts/crash_test.py says what is compared).
#   scripts/crash-test.sh                       the long mode: 50 kills, release build
#   scripts/crash-test.sh --kills 5             the short mode (CI runs it through the test suite)
#   QUARRY=path/to/quarry scripts/crash-test.sh --seed 7
set -euo pipefail
cd "$(dirname "$0")/.."
if [[ -z "${QUARRY:-}" ]]; then
    swift build -c release --static-swift-stdlib >&2  # quarry and its pdf reader, quarry-pdf
    QUARRY="$(swift build -c release --static-swift-stdlib --show-bin-path)/quarry"
fi
exec python3 scripts/crash_test.py --quarry "$QUARRY" "$@"
