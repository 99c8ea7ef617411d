#!/usr/bin/env bash
# The test suite, from a fresh clone: install what is missing, then build and run every test.
set -euo pipefail
cd "$(dirname "$0")/.."
eval "$(scripts/install-deps.sh)"

# Lint: the committed .swift-format (120 columns); --strict makes every finding fail the run.
# `swift format format --in-place --recursive Sources Tests` mends most findings.
swift format lint --strict --recursive --parallel Sources Tests

swift build --build-tests
swift test --skip-build "$@"
