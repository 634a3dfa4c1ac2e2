#!/usr/bin/env bash
# The build context of docker/Dockerfile, from an Immich checkout scripts/apply-patches.sh has built
# and tested (scripts/docker-context.ts says what goes in).
#   scripts/immich/docker-context.sh IMMICH_DIR OUT && docker build -t immich-lens-server:v3.1.0 OUT
set -euo pipefail
LENS_DIR="$(cd "$(dirname "$0")/../.." && pwd)"
(cd "$LENS_DIR" && npm run --silent build)
exec node "$LENS_DIR/dist/scripts/docker-context.js" "$@"
