#!/usr/bin/env bash
# The main job, from a fresh clone: install what is missing, build in release mode, install
# quarry with its manual page and shell completions, index Corpus/ into Index/, and show a
# faceted search. As root they go under /usr/local; otherwise under ~/.local.
set -euo pipefail
cd "$(dirname "$0")/.."
eval "$(scripts/install-deps.sh)"

swift build -c release --static-swift-stdlib  # quarry and its pdf reader, quarry-pdf
QUARRY="$(swift build -c release --show-bin-path)/quarry"

if [[ $(id -u) -eq 0 ]]; then PREFIX=/usr/local; SHARE=/usr/local/share; else PREFIX=$HOME/.local; SHARE=${XDG_DATA_HOME:-$HOME/.local/share}; fi
install -D -m 755 "$QUARRY" "$PREFIX/bin/quarry"
install -D -m 755 "$QUARRY-pdf" "$PREFIX/bin/quarry-pdf"  # the pdf reader quarry starts, found beside it
"$QUARRY" manual > quarry.1.tmp && install -D -m 644 quarry.1.tmp "$SHARE/man/man1/quarry.1" && rm -f quarry.1.tmp
"$QUARRY" --generate-completion-script bash | install -D -m 644 /dev/stdin "$SHARE/bash-completion/completions/quarry"
"$QUARRY" --generate-completion-script zsh | install -D -m 644 /dev/stdin "$SHARE/zsh/site-functions/_quarry"
"$QUARRY" --generate-completion-script fish | install -D -m 644 /dev/stdin "$SHARE/fish/vendor_completions.d/quarry.fish"
command -v mandb >/dev/null && mandb -q "$SHARE/man" 2>/dev/null || true
echo "installed $PREFIX/bin/quarry (with its pdf reader quarry-pdf), its manual page (man quarry) and bash, zsh and fish completions under $SHARE"
echo

"$QUARRY" index Corpus --index Index
echo
echo "\$ quarry search 'kind:paper venue:LG' --facet author --facet year"
"$QUARRY" search 'kind:paper venue:LG' --facet author --facet year --index Index
echo
echo "Try: quarry search --help, man quarry, or quarry serve --index Index (then open http://127.0.0.1:8080/)"
