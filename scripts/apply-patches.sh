#!/usr/bin/env bash
# Grafts immich-lens into an Immich checkout and proves the patches still fit: checks the pin,
# applies patches/immich/*.patch in order, copies the server module (and the web's grammar files) in,
# installs, builds the SDK, server and web, then runs Immich's own type-checks (server tsc, web
# svelte-check and tsc) and unit tests. docker/Dockerfile is built from what this produces
# (scripts/immich/docker-context.sh IMMICH_DIR OUT).
#
# Usage: scripts/apply-patches.sh IMMICH_DIR
#   STEPS="pin apply install build check test-server test-web"  the default: all of Immich's unit tests
#   STEPS="... check test-patched"  instead of the full suites (CI: scripts/immich/ci-graft.sh): the
#                                   spec files the patches add or change, and the specs of the files
#                                   they change (`apply` checks the pin first whether named or not)
#   A log of each step goes to IMMICH_DIR/.immich-lens/<step>.log; the summary lists times and test counts.
set -euo pipefail
LENS_DIR="$(cd "$(dirname "$0")/.." && pwd)"
IMMICH_DIR="$(cd "${1:?usage: $0 IMMICH_DIR}" && pwd)"
STEPS="${STEPS:-pin apply install build check test-server test-web}"
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

# The pin: HEAD is the pin's commit (a git checkout), or — for a checkout made from the pin's archive
# (scripts/immich/checkout.sh), which has no history, so the commit hash cannot be checked — HEAD's
# tree holds only files whose mode and blob hash are the pin's, by the listing checkout.sh kept.
check_pin() {
  local head listing="$IMMICH_DIR/.git/immich-lens-pin.ls-tree" differing
  head="$(git -C "$IMMICH_DIR" rev-parse HEAD)"
  [ "$head" != "$PIN" ] || return 0
  if [ -f "$listing" ]; then
    differing="$(comm -23 <(git -C "$IMMICH_DIR" ls-tree -r HEAD | sort) <(sort "$listing"))"
    if [ -z "$differing" ]; then
      echo "pin: $IMMICH_DIR has no history (made from the pin's archive): the commit cannot be checked;" \
        "each of its $(git -C "$IMMICH_DIR" ls-tree -r HEAD | wc -l) files has the pin's blob hash"
      return 0
    fi
    echo "apply-patches: files of $IMMICH_DIR are not the pin's $PIN:" >&2
    echo "$differing" | head -20 >&2
    exit 1
  fi
  echo "apply-patches: $IMMICH_DIR is at $head, the patches are made for $PIN (Immich v3.1.0)." >&2
  echo "See patches/README.md for rebasing them onto another Immich." >&2
  exit 1
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
  # the pin's archive and the asah/immich snapshot lack the web font (scripts/immich/checkout.sh): stand in for it
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

# The spec files the patches touch, and those beside the files they change (X.ts -> X.spec.ts), for
# one package ($1 = server | web), as paths inside that package.
patched_specs() {
  local package="$1" file spec
  for file in $(cat "$LENS_DIR"/patches/immich/*.patch | sed -n 's#^+++ b/##p' | sort -u); do
    [[ "$file" == "$package/"* ]] || continue
    case "$file" in
      *.spec.ts) spec="$file" ;;
      *.ts) spec="${file%.ts}.spec.ts" ;;
      *.svelte) spec="${file%.svelte}.spec.ts" ;;
      *) continue ;;
    esac
    [ -f "$IMMICH_DIR/$spec" ] && echo "${spec#"$package"/}"
  done | sort -u
}

cd "$IMMICH_DIR"
if has_step pin || has_step apply; then
  say "check the pin"
  check_pin
fi
[[ "$STEPS" =~ (apply|install|build|check|test) ]] || exit 0

# shellcheck source=immich/toolchain.sh
source "$LENS_DIR/scripts/immich/toolchain.sh"

if has_step apply; then
  say "apply patches, copy the module"
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
if has_step check; then
  say "type-checks: server tsc, web svelte-check and tsc"
  logged check-server pnpm --filter immich check
  logged check-web-svelte pnpm --filter immich-web check:svelte
  logged check-web-typescript pnpm --filter immich-web check:typescript
  summary+=("svelte-check: $(grep -E 'svelte-check found' "$LOG_DIR/check-web-svelte.log" | tail -1)")
fi
if has_step test-server; then
  say "server unit tests"
  logged test-server pnpm --filter immich test -- --run
  summary+=("server unit tests: $(counts test-server)")
fi
if has_step test-web; then
  say "web unit tests"
  logged test-web pnpm --filter immich-web test -- --run
  summary+=("web unit tests: $(counts test-web)")
fi
if has_step test-patched; then
  say "the unit tests of what the patches change"
  mapfile -t server_specs < <(patched_specs server)
  mapfile -t web_specs < <(patched_specs web)
  printf '%s\n' "${server_specs[@]/#/server/}" "${web_specs[@]/#/web/}"
  logged test-patched-server pnpm --filter immich exec vitest --run --config test/vitest.config.mjs "${server_specs[@]}"
  logged test-patched-web pnpm --filter immich-web exec vitest --run "${web_specs[@]}"
  summary+=("server unit tests of the patched files (${#server_specs[@]} spec files): $(counts test-patched-server)")
  summary+=("web unit tests of the patched files (${#web_specs[@]} spec files): $(counts test-patched-web)")
fi

say "summary ($IMMICH_DIR)"
printf '%s\n' "${summary[@]}"
