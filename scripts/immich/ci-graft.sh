#!/usr/bin/env bash
# The product check CI runs after the project's own tests (.ci/run): builds the patched Immich from
# the pin's archive and drives it for real.
#   1. checkout       scripts/immich/checkout.sh from ../shared/immich (each file's blob hash checked)
#   2. apply-patches  patches, install, SDK/server/web builds, Immich's server tsc, web svelte-check and
#                     tsc, and the unit tests of what the patches change (the full suites take ~7 min
#                     on 2 cores: scripts/apply-patches.sh runs them by default, for developers)
#   3. smoke          scripts/immich/run-server.sh: upload 16 photos, in-process OCR, ocr: search, OCR
#                     mode with every filter family, regenerate (owner / other user), hostile queries,
#                     the viewer highlight in Chromium; twice (CLIP off, then on with no model)
# Under CI=true a missing ../shared/immich fails; elsewhere it is skipped with a line saying so.
# Usage: scripts/immich/ci-graft.sh   (IMMICH_LENS_IMMICH_SOURCE: another archive folder or repository;
#        IMMICH_LENS_GRAFT_DIR: where to build, kept afterwards; default a temporary folder, removed on success)
set -euo pipefail
LENS_DIR="$(cd "$(dirname "$0")/../.." && pwd)"
SOURCE="${IMMICH_LENS_IMMICH_SOURCE:-$LENS_DIR/../shared/immich}"

if [ ! -e "$SOURCE" ]; then
  if [ "${CI:-}" = true ]; then
    echo "ci-graft: no Immich source at $SOURCE: CI builds the patched Immich from ../shared/immich (the pin's archive)" >&2
    exit 1
  fi
  echo "ci-graft: skipped, no Immich source at $SOURCE (put ../shared beside this repository, or set IMMICH_LENS_IMMICH_SOURCE)"
  exit 0
fi

WORK="${IMMICH_LENS_GRAFT_DIR:-$(mktemp -d /tmp/immich-lens-graft.XXXXXX)}"
IMMICH_DIR="$WORK/immich"
times=()
step() {
  local name="$1" started=$SECONDS
  shift
  echo "== graft: $name"
  if ! "$@"; then
    echo "ci-graft: step '$name' failed after $((SECONDS - started)) s (work folder: $WORK)" >&2
    exit 1
  fi
  times+=("$(printf '%-14s %4d s' "$name" $((SECONDS - started)))")
  echo "== graft: $name took $((SECONDS - started)) s"
}

step checkout bash "$LENS_DIR/scripts/immich/checkout.sh" "$IMMICH_DIR" "$SOURCE"
step apply-patches env STEPS="pin apply install build check test-patched" bash "$LENS_DIR/scripts/apply-patches.sh" "$IMMICH_DIR"
step smoke bash "$LENS_DIR/scripts/immich/run-server.sh" "$IMMICH_DIR" 16

echo "== graft: the patched Immich builds, passes its checks and serves (seconds per step)"
printf '%s\n' "${times[@]}"
[ -n "${IMMICH_LENS_GRAFT_DIR:-}" ] || rm -rf "$WORK"
