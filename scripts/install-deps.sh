#!/usr/bin/env bash
# Installs the Debian packages Quarry builds on, when missing.
# As root it runs apt-get; otherwise it prints the exact command to run and fails.
#   scripts/install-deps.sh             what building and running quarry needs
#   scripts/install-deps.sh --tests     also what the tests drive: headless chromium and its driver,
#                                       Python's venv (scripts/browser-test.sh puts Selenium in one), groff
#                                       xapian-check and sqlite3 (the crash test, scripts/crash_test.py)
set -euo pipefail

PACKAGES=(g++ pkg-config libxapian-dev libstemmer-dev libsqlite3-dev libpoppler-cpp-dev libpoppler-private-dev zlib1g-dev libbtparse-dev wamerican)
if [[ ${1:-} == --tests ]]; then
    PACKAGES+=(chromium chromium-driver python3-venv groff-base xapian-tools sqlite3)
fi

missing=()
for package in "${PACKAGES[@]}"; do
    if ! dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed"; then
        missing+=("$package")
    fi
done

if ((${#missing[@]})); then
    if [[ $(id -u) -eq 0 ]]; then
        echo "installing: ${missing[*]}" >&2
        export DEBIAN_FRONTEND=noninteractive
        apt-get update -qq
        apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
    else
        echo "missing Debian packages: ${missing[*]}" >&2
        echo "run: sudo apt-get install -y ${missing[*]}" >&2
        exit 1
    fi
fi

# The Swift toolchain is not a Debian package: use the one on PATH, or the usual /opt/swift.
if ! command -v swift >/dev/null 2>&1; then
    if [[ -x /opt/swift/usr/bin/swift ]]; then
        echo "export PATH=/opt/swift/usr/bin:\$PATH"
    else
        echo "swift 6 is needed: install it from swift.org and put it on PATH" >&2
        exit 1
    fi
fi
