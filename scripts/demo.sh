#!/usr/bin/env bash
# The main job, from a fresh clone: install what is missing, build in release mode,
# index Corpus/ into Index/, and show a faceted search.
set -euo pipefail
cd "$(dirname "$0")/.."
eval "$(scripts/install-deps.sh)"

swift build -c release --product quarry
QUARRY="$(swift build -c release --show-bin-path)/quarry"

"$QUARRY" index Corpus --index Index
echo
echo "\$ quarry search 'kind:paper venue:LG' --facet author --facet year"
"$QUARRY" search 'kind:paper venue:LG' --facet author --facet year --index Index
echo
echo "The binary is $QUARRY; try: $QUARRY search --help"
