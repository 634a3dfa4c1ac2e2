#!/usr/bin/env bash
# Puts CLIP models into the model-cache volume of docker/docker-compose.yml (Immich's cache layout,
# where the server's in-process CLIP and Immich's ML container both look): scripts/download-models
# fetches and checks them on this machine, then a throwaway container of the server image copies them
# in. Any download-models arguments work (a Chinese-CLIP export: NAME --from-export PREFIX --vocab FILE).
#   scripts/immich/models-to-volume.sh ViT-B-32__openai
#   IMMICH_LENS_MODEL_VOLUME (immich_model-cache), IMMICH_LENS_SERVER_IMAGE (immich-lens-server:v3.1.0)
set -euo pipefail
LENS_DIR="$(cd "$(dirname "$0")/../.." && pwd)"
[ $# -ge 1 ] || { sed -n '7,8p' "$0" | sed 's/^# //' >&2; exit 2; }
VOLUME="${IMMICH_LENS_MODEL_VOLUME:-immich_model-cache}"
IMAGE="${IMMICH_LENS_SERVER_IMAGE:-immich-lens-server:v3.1.0}"
staging="$(mktemp -d)"
trap 'rm -rf "$staging"' EXIT
"$LENS_DIR/scripts/download-models" --cache "$staging" "$@"
docker run --rm --entrypoint cp -v "$VOLUME:/cache" -v "$staging:/from:ro" "$IMAGE" -a /from/. /cache/
echo "models in volume $VOLUME: $(cd "$staging" && find . -mindepth 2 -maxdepth 2 -type d | sed 's|^\./||' | tr '\n' ' ')"
echo "the server runs them in-process from its next CLIP request (no restart needed)"
