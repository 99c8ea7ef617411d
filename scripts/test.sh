#!/usr/bin/env bash
# The test suite, from a fresh clone: install what is missing (headless chromium too), then build
# and run every test, then the search page in a real browser (scripts/browser-test.sh).
#   scripts/test.sh                 everything
#   scripts/test.sh --filter NAME   only the Swift tests matching NAME (no browser test)
set -euo pipefail
cd "$(dirname "$0")/.."
eval "$(scripts/install-deps.sh --tests)"

# Lint: the committed .swift-format (120 columns); --strict makes every finding fail the run.
# `swift format format --in-place --recursive Sources Tests` mends most findings.
swift format lint --strict --recursive --parallel Sources Tests

swift build --build-tests
swift test --skip-build "$@"
if (($# == 0)); then
    scripts/browser-test.sh
fi
