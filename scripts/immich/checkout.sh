#!/usr/bin/env bash
# A clean checkout of the pinned Immich (v3.1.0) in DIR.
# Usage: scripts/immich/checkout.sh DIR [REPO_URL_OR_PATH]
# Default source: https://github.com/immich-app/immich. The asah/immich snapshot used on the dev
# machines lacks four large files, so the checkout is sparse and leaves them out (see
# ../shared/IMMICH-LOCAL.md); apply-patches.sh stands in for the web font when it is absent.
set -euo pipefail
PIN="$(cat "$(dirname "$0")/PIN")"
DIR="${1:?usage: $0 DIR [REPO]}"
REPO="${2:-https://github.com/immich-app/immich.git}"
git clone --quiet --no-checkout "$REPO" "$DIR"
cd "$DIR"
git sparse-checkout set --no-cone '/*' \
  '!/docs/static/fonts/GoogleSans/GoogleSans.ttf' \
  '!/web/src/lib/assets/fonts/GoogleSans/GoogleSans.ttf' \
  '!/mobile/android/metadata/en-US/images/'
git -c advice.detachedHead=false checkout --quiet "$PIN"
echo "Immich $(git describe --tags --always) at $PIN in $DIR"
