#!/usr/bin/env bash
# Copies the pure server-module files the Immich web patches import into an Immich checkout, at
# web/src/lib/immich-lens/<their path under server-module/> (imported as `$lib/immich-lens/...` by
# 0011-web-search-bar.patch and 0013-web-ocr-highlight.patch): the `ocr:` grammar and the normalisation
# it uses, so the search bar and the server read a query the same way, and which OCR boxes a search
# matched (with the reading-order rule), so the viewer highlights what the index found.
# Run it before or after `git apply` of patches/immich/0010..0012; the web's svelte-check, tests and
# build need the files.
#
#   scripts/immich/copy-web-files.sh IMMICH_DIR
#
# The set is closed: scripts/immich/web-files.mjs takes the `$lib/immich-lens/...` imports of the
# patches and follows their relative imports, so a file they come to import is copied too
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
