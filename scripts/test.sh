#!/usr/bin/env bash
# The test suite, from a fresh clone: install what is missing, then build and run every test.
set -euo pipefail
cd "$(dirname "$0")/.."
eval "$(scripts/install-deps.sh)"

swift build --build-tests
swift test --skip-build "$@"
