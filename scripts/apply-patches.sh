#!/usr/bin/env bash
# Grafts immich-lens into an Immich checkout and proves the patches still fit: checks the pin,
# applies patches/immich/*.patch in order, copies the server module (and the web's grammar files) in,
# installs, builds the SDK, server and web, then runs Immich's own server type-check + unit tests
# and web type-checks + unit tests. docker/Dockerfile is built from what this produces
# (scripts/immich/docker-context.sh IMMICH_DIR OUT).
#
# Usage: scripts/apply-patches.sh IMMICH_DIR
#   STEPS="apply install build test-server test-web"  (default: all; e.g. STEPS="apply install build")
#   A log of each step goes to IMMICH_DIR/.immich-lens/<step>.log; the summary lists test counts.
set -euo pipefail
LENS_DIR="$(cd "$(dirname "$0")/.." && pwd)"
IMMICH_DIR="$(cd "${1:?usage: $0 IMMICH_DIR}" && pwd)"
STEPS="${STEPS:-apply install build test-server test-web}"
PIN="$(cat "$LENS_DIR/scripts/immich/PIN")"
LOG_DIR="$IMMICH_DIR/.immich-lens"
mkdir -p "$LOG_DIR"
summary=()

has_step() { [[ " $STEPS " == *" $1 "* ]]; }
say() { printf '\n== %s\n' "$*"; }
# runs "$@" with its output in LOG_DIR/$name.log; on failure shows the tail and stops
logged() {
  local name="$1"; shift
  local started=$SECONDS
  if ! "$@" >"$LOG_DIR/$name.log" 2>&1; then
    tail -n 60 "$LOG_DIR/$name.log"
    echo "apply-patches: step '$name' failed (log: $LOG_DIR/$name.log)" >&2
    exit 1
  fi
  summary+=("$name: ok in $((SECONDS - started)) s")
}

check_pin() {
  local head
  head="$(git -C "$IMMICH_DIR" rev-parse HEAD)"
  if [ "$head" != "$PIN" ]; then
    echo "apply-patches: $IMMICH_DIR is at $head, the patches are made for $PIN (Immich v3.1.0)." >&2
    echo "See patches/README.md for rebasing them onto another Immich." >&2
    exit 1
  fi
}

apply_patches() {
  local patch
  for patch in "$LENS_DIR"/patches/immich/*.patch; do
    if git -C "$IMMICH_DIR" apply --check "$patch" 2>/dev/null; then
      git -C "$IMMICH_DIR" apply "$patch"
      echo "applied $(basename "$patch")"
    elif git -C "$IMMICH_DIR" apply --reverse --check "$patch" 2>/dev/null; then
      echo "already applied $(basename "$patch")"
    else
      echo "apply-patches: $(basename "$patch") does not apply:" >&2
      git -C "$IMMICH_DIR" apply --check "$patch" >&2 || true
      exit 1
    fi
  done
  bash "$LENS_DIR/scripts/immich/copy-server-module.sh" "$IMMICH_DIR"
  bash "$LENS_DIR/scripts/immich/copy-web-files.sh" "$IMMICH_DIR"
  # the asah/immich snapshot lacks the web font (see scripts/immich/checkout.sh): stand in for it
  local font="$IMMICH_DIR/web/src/lib/assets/fonts/GoogleSans/GoogleSans.ttf"
  local stand_in="$IMMICH_DIR/web/src/lib/assets/fonts/GoogleSansCode/GoogleSansCode.ttf"
  if [ ! -f "$font" ] && [ -f "$stand_in" ]; then
    mkdir -p "$(dirname "$font")"
    cp "$stand_in" "$font"
    echo "GoogleSans.ttf missing from the checkout: GoogleSansCode.ttf stands in (local build only)"
  fi
}

# vitest's summary lines ("Tests  2259 passed | 2 skipped (2261)") for the log of a step
counts() { sed 's/\x1b\[[0-9;]*m//g' "$LOG_DIR/$1.log" | grep -E '^\s*(Test Files|Tests)\s' | tr -s ' ' | tr '\n' ';' || true; }

# shellcheck source=immich/toolchain.sh
source "$LENS_DIR/scripts/immich/toolchain.sh"
cd "$IMMICH_DIR"

if has_step apply; then
  say "check pin, apply patches, copy the module"
  check_pin
  logged apply apply_patches
  cat "$LOG_DIR/apply.log"
fi
if has_step install; then
  say "pnpm install (server, web, sdk)"
  logged install pnpm install --frozen-lockfile --filter 'immich...' --filter 'immich-web...' --filter @immich/sdk
fi
if has_step build; then
  say "build sdk, plugin-sdk, server, web"
  logged build-sdk pnpm --filter @immich/sdk --filter @immich/plugin-sdk build
  logged build-server pnpm --filter immich build
  logged build-web pnpm --filter immich-web build
fi
if has_step test-server; then
  say "server type-check and unit tests"
  logged check-server pnpm --filter immich check
  logged test-server pnpm --filter immich test -- --run
  summary+=("server unit tests: $(counts test-server)")
fi
if has_step test-web; then
  say "web type-checks and unit tests"
  logged check-web-svelte pnpm --filter immich-web check:svelte
  logged check-web-typescript pnpm --filter immich-web check:typescript
  logged test-web pnpm --filter immich-web test -- --run
  summary+=("web unit tests: $(counts test-web)")
  summary+=("svelte-check: $(grep -E 'svelte-check found' "$LOG_DIR/check-web-svelte.log" | tail -1)")
fi

say "summary ($IMMICH_DIR)"
printf '%s\n' "${summary[@]}"
