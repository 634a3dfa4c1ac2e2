#!/usr/bin/env bash
# Copies the immich-lens server module into an Immich checkout as server/src/immich-lens/, where
# Immich's own tsc/nest build compiles it against Immich's @nestjs, kysely and sharp (one instance of
# each, so Nest exceptions and DI tokens are Immich's). The SQL and model manifests go beside it;
# nest-cli.json (patched) copies them into dist/. The server's query parser imports the web extension's
# tokenizer of the `ocr:` grammar (one tokenizer for the search bar and the server), so that file goes
# to the same relative place.
# Usage: scripts/immich/copy-server-module.sh IMMICH_DIR
set -euo pipefail
LENS_DIR="$(cd "$(dirname "$0")/../.." && pwd)"
IMMICH_DIR="$(cd "${1:?usage: $0 IMMICH_DIR}" && pwd)"
TARGET="$IMMICH_DIR/server/src/immich-lens"

rm -rf "$TARGET"
mkdir -p "$TARGET/server-module" "$TARGET/models"
for dir in inference search nest immich; do cp -R "$LENS_DIR/server-module/$dir" "$TARGET/server-module/"; done
# standalone-only parts: the HTTP host and the embedded/pg database (Immich brings its own)
rm -rf "$TARGET/server-module/nest/host" "$TARGET/server-module/nest/database.ts"
mkdir -p "$TARGET/web-extension/src/lib"
cp "$LENS_DIR/web-extension/src/lib/ocr-query.ts" "$TARGET/web-extension/src/lib/"
find "$TARGET" -name '*.md' -delete
cp -R "$LENS_DIR/sql" "$TARGET/sql"
cp "$LENS_DIR"/models/*.json "$TARGET/models/"
echo "immich-lens server module copied to ${TARGET#"$IMMICH_DIR"/}"
