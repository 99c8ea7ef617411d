#!/usr/bin/env bash
# The search page in a real browser (scripts/browser_test.py): headless chromium from Debian,
# Selenium from PyPI in a virtual environment under ~/.cache (nothing installed system-wide).
#   scripts/browser-test.sh [SCREENSHOT.png]     needs a built quarry (swift build)
# Prints why and exits 0 when chromium or its driver is not installed.
set -euo pipefail
cd "$(dirname "$0")/.."

if [[ ! -x /usr/bin/chromium || ! -x /usr/bin/chromedriver ]]; then
    echo "browser test skipped: chromium and chromium-driver are not installed (scripts/install-deps.sh --tests)"
    exit 0
fi
QUARRY="$(swift build --show-bin-path)/quarry"
[[ -x $QUARRY ]] || { echo "build quarry first: swift build" >&2; exit 1; }

VENV="${XDG_CACHE_HOME:-$HOME/.cache}/quarry/browser-venv"
if [[ ! -x $VENV/bin/python ]] || ! "$VENV/bin/python" -c "import selenium" 2>/dev/null; then
    echo "setting up Selenium in $VENV"
    /usr/bin/python3 -m venv "$VENV"
    "$VENV/bin/pip" install --quiet --disable-pip-version-check "selenium==4.27.1"
fi
SCREENSHOT="${1:-.build/browser-test/search-page.png}"
mkdir -p "$(dirname "$SCREENSHOT")"
"$VENV/bin/python" scripts/browser_test.py "$QUARRY" Corpus "$SCREENSHOT"
