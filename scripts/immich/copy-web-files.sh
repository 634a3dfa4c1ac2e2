#!/usr/bin/env bash
# Copies server-module/ocr-text — the pure OCR-text module: normalisation, the `ocr:` grammar, reading
# order, boxes <-> rows and which boxes a search matched — into an Immich checkout at
# web/src/lib/immich-lens/ocr-text/ (imported as `$lib/immich-lens/ocr-text/...` by
# 0011-web-search-bar.patch and 0013-web-ocr-highlight.patch), so the search bar reads a query as the
# server does and the viewer highlights what the index found. Run it before or after `git apply` of
# patches/immich/0010..0013; the web's svelte-check, tests and build need the files.
#
#   scripts/immich/copy-web-files.sh IMMICH_DIR
#
# The folder is copied whole and must be closed: scripts/immich/web-files.mjs lists it after checking
# that the patches' `$lib/immich-lens/...` imports and its files' imports stay inside it
# (test/immich/web-copy.test.ts type-checks the copy on its own). The copies are verbatim; the target
# directory belongs to immich-lens and is replaced as a whole, so a re-run leaves no stale files.
set -euo pipefail

usage() {
  echo "usage: $0 IMMICH_DIR" >&2
  exit 2
}

[ $# -eq 1 ] || usage
immich_dir=$1
if [ ! -d "$immich_dir/web/src/lib" ]; then
  echo "$0: $immich_dir is not an Immich checkout (no web/src/lib)" >&2
  exit 2
fi

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
target=$immich_dir/web/src/lib/immich-lens

files="$(node "$root/scripts/immich/web-files.mjs")"

rm -rf "$target"
count=0
while IFS= read -r file; do
  install -D -m 0644 "$root/server-module/$file" "$target/$file"
  count=$((count + 1))
done <<<"$files"
echo "copied $count server-module file(s) to $target"
