#!/usr/bin/env bash
# The import rules of docs/ARCHITECTURE.md, checked on every package's own
# imports (not its tests'):
#   cmd -> tui -> session -> intake;  cmd/session -> store -> intake;
#   intake imports nothing of ours but assets; nothing imports tui or cmd.
# tui may use two store sub-packages that hold no keys: store/statistics
# (the published report and its renderers) and store/exportfile (the one
# writer of export files). It never reaches the vault (package store).
set -euo pipefail
GO=${GO:-go}
mod=$($GO list -m)
bad=0
while read -r pkg imports; do
  rel=${pkg#"$mod"}
  rel=${rel#/}
  case $rel in
    cmd/*)                allowed='.*' ;;
    tui|tui/*)            allowed='^(tui(/.*)?|session(/.*)?|intake(/.*)?|assets|store/statistics|store/exportfile)$' ;;
    session|session/*)    allowed='^(session(/.*)?|store(/.*)?|intake(/.*)?|assets)$' ;;
    store|store/*)        allowed='^(store(/.*)?|intake(/.*)?|assets)$' ;;
    intake|intake/*)      allowed='^(intake(/.*)?|assets)$' ;;
    assets)               allowed='^$' ;;
    *) echo "layers: $rel is in no layer of docs/ARCHITECTURE.md"; bad=1; continue ;;
  esac
  for imp in $imports; do
    case $imp in "$mod"/*) ;; *) continue ;; esac
    dep=${imp#"$mod"/}
    if ! [[ $dep =~ $allowed ]]; then
      echo "layers: $rel imports $dep, which its layer may not (docs/ARCHITECTURE.md)"
      bad=1
    fi
  done
done < <($GO list -f '{{.ImportPath}} {{join .Imports " "}}' ./...)
if [ "$bad" -ne 0 ]; then exit 1; fi
echo "layers: every import follows docs/ARCHITECTURE.md"
