#!/usr/bin/env bash
# What the patched image holds, as a directory on this machine: Immich's released server image is
# stood in for by a pristine checkout of the pin, built (STOCK_DIR: its `pnpm deploy --prod` server
# at /usr/src/app/server, its web build at /build/www), and the COPY steps of the context's
# Dockerfile (scripts/immich/docker-context.sh) are laid over it. Unlike upstream's image build, the
# stand-in keeps optional dependencies (sharp's prebuilt libvips: this machine has no global one).
#   scripts/immich/image-layout.sh CONTEXT STOCK_DIR ROOT
#   IMMICH_LENS_IMAGE_ROOT=ROOT IMMICH_PORT=2290 ... scripts/immich/run-server.sh   # start what the image would run
set -euo pipefail
LENS_DIR="$(cd "$(dirname "$0")/../.." && pwd)"
CONTEXT="$(cd "${1:?usage: $0 CONTEXT STOCK_DIR ROOT}" && pwd)"
STOCK_DIR="$(cd "${2:?usage: $0 CONTEXT STOCK_DIR ROOT}" && pwd)"
ROOT="${3:?usage: $0 CONTEXT STOCK_DIR ROOT}"
PIN="$(cat "$LENS_DIR/scripts/immich/PIN")"
[ "$(git -C "$STOCK_DIR" rev-parse HEAD)" = "$PIN" ] && git -C "$STOCK_DIR" diff --quiet HEAD -- server web packages ":!web/src/lib/assets/fonts/GoogleSans" \
  || { echo "image-layout: $STOCK_DIR is not a pristine checkout of $PIN" >&2; exit 1; }
[ -f "$STOCK_DIR/server/dist/main.js" ] && [ -f "$STOCK_DIR/web/build/index.html" ] \
  || { echo "image-layout: build $STOCK_DIR first (pnpm install; build sdk, plugin-sdk, server, web)" >&2; exit 1; }
# shellcheck source=toolchain.sh
source "$LENS_DIR/scripts/immich/toolchain.sh"
(cd "$LENS_DIR" && npm run --silent build)
rm -rf "$ROOT" && mkdir -p "$ROOT/usr/src/app" "$ROOT/build"
(cd "$STOCK_DIR" && pnpm --filter immich --prod deploy "$ROOT/usr/src/app/server" >"$ROOT/deploy.log" 2>&1) \
  || { tail -20 "$ROOT/deploy.log"; exit 1; }
cp -R "$STOCK_DIR/web/build" "$ROOT/build/www"
node "$LENS_DIR/dist/scripts/image-layout.js" "$CONTEXT" "$ROOT"
echo "image layout in $ROOT (server: $ROOT/usr/src/app/server, web: $ROOT/build/www)"
