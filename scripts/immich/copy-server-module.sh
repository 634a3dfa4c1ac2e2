#!/usr/bin/env bash
# Copies the immich-lens server module into an Immich checkout as server/src/immich-lens/, where
# Immich's own tsc/nest build compiles it against Immich's @nestjs, kysely and sharp (one instance of
# each, so Nest exceptions and DI tokens are Immich's). The SQL and model manifests go beside it;
# nest-cli.json (patched) copies them into dist/. Only the core and what the patches import: the
# standalone host (CLI, HTTP API, embedded database) stays out.
# Usage: scripts/immich/copy-server-module.sh IMMICH_DIR
set -euo pipefail
LENS_DIR="$(cd "$(dirname "$0")/../.." && pwd)"
IMMICH_DIR="$(cd "${1:?usage: $0 IMMICH_DIR}" && pwd)"
TARGET="$IMMICH_DIR/server/src/immich-lens"

rm -rf "$TARGET"
mkdir -p "$TARGET/server-module" "$TARGET/models"
for dir in ocr-text inference ml-provider search jobs immich; do cp -R "$LENS_DIR/server-module/$dir" "$TARGET/server-module/"; done
find "$TARGET" -name '*.md' -delete
cp -R "$LENS_DIR/sql" "$TARGET/sql"
cp "$LENS_DIR"/models/*.json "$TARGET/models/"
echo "immich-lens server module copied to ${TARGET#"$IMMICH_DIR"/}"
