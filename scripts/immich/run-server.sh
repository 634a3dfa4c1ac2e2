#!/usr/bin/env bash
# Runs the patched Immich (built by scripts/apply-patches.sh IMMICH_DIR) for real on this machine —
# local PostgreSQL 15 + pgvector, Redis, Node 24, machineLearning.urls pointing at a port where
# nothing listens — and drives it with scripts/immich-e2e.ts (upload → in-process OCR → ocr: search
# → regenerate → hostile queries): first with smart search (CLIP) disabled, then enabled with no
# CLIP model installed. See ../shared/IMMICH-LOCAL.md for what a local Immich needs.
# Usage: scripts/immich/run-server.sh IMMICH_DIR [PHOTOS]
#   IMMICH_LENS_IMAGE_ROOT=ROOT  run the server the image holds (scripts/immich/image-layout.sh ROOT:
#                                ROOT/usr/src/app/server, ROOT/build/www) instead of IMMICH_DIR's build
#   IMMICH_PORT (2283), IMMICH_LENS_E2E_DB (immich_lens_e2e), REDIS_DBINDEX (0): to run beside another
set -euo pipefail
LENS_DIR="$(cd "$(dirname "$0")/../.." && pwd)"
IMMICH_DIR="$(cd "${1:?usage: $0 IMMICH_DIR [PHOTOS]}" && pwd)"
PHOTOS="${2:-16}"
DATASET="${IMMICH_LENS_DATASET:-$LENS_DIR/../shared/eval/ocr-dev}"
DB_NAME="${IMMICH_LENS_E2E_DB:-immich_lens_e2e}"
WORK="$IMMICH_DIR/.immich-lens/e2e${IMMICH_LENS_E2E_DB:+-$DB_NAME}"
REDIS_DBINDEX="${REDIS_DBINDEX:-0}"
IMAGE_ROOT="${IMMICH_LENS_IMAGE_ROOT:-}"
if [ -n "$IMAGE_ROOT" ]; then
  SERVER_DIR="$(cd "$IMAGE_ROOT/usr/src/app/server" && pwd)" WWW_DIR="$(cd "$IMAGE_ROOT/build/www" && pwd)"
else
  SERVER_DIR="$IMMICH_DIR/server" WWW_DIR="$IMMICH_DIR/web/build"
fi
PG_ADMIN_URL="${IMMICH_LENS_TEST_PG_URL:-postgres://postgres:postgres@127.0.0.1:5432/postgres}"
PORT="${IMMICH_PORT:-2283}"

if curl -fs "http://127.0.0.1:$PORT/api/server/ping" >/dev/null; then echo "something already answers on port $PORT" >&2; exit 1; fi
[ -f "$SERVER_DIR/dist/main.js" ] || { echo "build Immich first: scripts/apply-patches.sh $IMMICH_DIR" >&2; exit 1; }
echo "server: $SERVER_DIR, web: $WWW_DIR, database: $DB_NAME, redis db: $REDIS_DBINDEX, port: $PORT"
# shellcheck source=toolchain.sh
source "$LENS_DIR/scripts/immich/toolchain.sh"

missing=()
for p in redis-server ffmpeg; do command -v "$p" >/dev/null || missing+=("$p"); done
if [ ${#missing[@]} -gt 0 ]; then apt-get update -qq && apt-get install -y -qq --no-install-recommends redis-server ffmpeg; fi
bash "$LENS_DIR/scripts/ci-postgres.sh"
redis-cli ping >/dev/null 2>&1 || redis-server --daemonize yes --port 6379 --save '' --appendonly no
(cd "$LENS_DIR" && npm run --silent build)

psql "$PG_ADMIN_URL" -q -c "drop database if exists $DB_NAME" \
  -c "create database $DB_NAME LC_COLLATE 'C.UTF-8' LC_CTYPE 'C.UTF-8' TEMPLATE template0"
rm -rf "$WORK" && mkdir -p "$WORK/media" "$WORK/build/geodata" "$WORK/model-cache"
ln -s "$WWW_DIR" "$WORK/build/www"
# one-line stand-ins for the reverse-geocoding data (the worker needs the files, not real places)
printf '1\tNowhere\tNowhere\t\t0.0\t0.0\tP\tPPL\tXX\t\t00\t\t\t\t0\t\t0\tUTC\t2024-01-01\n' >"$WORK/build/geodata/cities500.txt"
printf 'XX.00\tNowhere\tNowhere\t1\n' >"$WORK/build/geodata/admin1CodesASCII.txt"
printf 'XX.00.000\tNowhere\tNowhere\t1\n' >"$WORK/build/geodata/admin2Codes.txt"
date -u +%Y-%m-%dT%H:%M:%SZ >"$WORK/build/geodata/geodata-date.txt"
echo '{"type":"FeatureCollection","features":[{"type":"Feature","properties":{"ADMIN":"Nowhere","ADM0_A3":"XXX","TYPE":"Country"},"geometry":{"type":"Polygon","coordinates":[[[0,0],[0,1],[1,1],[1,0],[0,0]]]}}]}' \
  >"$WORK/build/geodata/ne_10m_admin_0_countries.geojson"

server_pid=
stop_server() { # the whole process group: the API runs in a child process, exiftool helpers linger
  [ -n "$server_pid" ] || return 0
  kill -TERM -- "-$server_pid" 2>/dev/null || true
  for _ in $(seq 1 20); do kill -0 -- "-$server_pid" 2>/dev/null || break; sleep 0.5; done
  kill -KILL -- "-$server_pid" 2>/dev/null || true
  server_pid=
}
trap stop_server EXIT

start_server() { # $1 = clip enabled (true|false)
  local config="$WORK/config-clip-$1.json" log="$WORK/server-clip-$1.log"
  cat >"$config" <<EOF
{"machineLearning": {"enabled": true, "urls": ["http://127.0.0.1:9"], "clip": {"enabled": $1}}}
EOF
  cd "$SERVER_DIR"
  DB_URL="${PG_ADMIN_URL%/*}/$DB_NAME" DB_VECTOR_EXTENSION=pgvector \
    REDIS_HOSTNAME=127.0.0.1 REDIS_DBINDEX="$REDIS_DBINDEX" IMMICH_MEDIA_LOCATION="$WORK/media" IMMICH_BUILD_DATA="$WORK/build" \
    IMMICH_HOST=127.0.0.1 IMMICH_PORT="$PORT" IMMICH_CONFIG_FILE="$config" \
    MACHINE_LEARNING_CACHE_FOLDER="$WORK/model-cache" IMMICH_LENS_LOCAL=clip,ocr \
    setsid node dist/main.js >"$log" 2>&1 &
  server_pid=$! # setsid made it the leader of its own process group
  cd - >/dev/null
  local started=$SECONDS
  until curl -fs "http://127.0.0.1:$PORT/api/server/ping" >/dev/null; do
    if ! kill -0 "$server_pid" 2>/dev/null || [ $((SECONDS - started)) -gt 180 ]; then
      tail -n 40 "$log"; echo "Immich did not start (log: $log)" >&2; exit 1
    fi
    sleep 1
  done
  echo "Immich up in $((SECONDS - started)) s (clip enabled: $1, log: $log)"
}

e2e() { node "$LENS_DIR/dist/scripts/immich-e2e.js" --url "http://127.0.0.1:$PORT" --dataset "$DATASET" --photos "$PHOTOS" --screenshots "$WORK" "$@"; }

status=0
echo "== smart search (CLIP) disabled: ocr: terms must still work"
start_server false
e2e --clip disabled || status=1
stop_server
echo "== smart search enabled, no CLIP model installed: ocr: works, free text is a 4xx"
start_server true
e2e --clip enabled --skip-upload || status=1
stop_server
grep -c "ImmichLens" "$WORK"/server-clip-*.log | sed 's/^/immich-lens log lines: /' || true
exit $status
