#!/usr/bin/env bash
# The way back to stock Immich: removes everything immich-lens added to an Immich database
# (sql/immich-lens/down.sql, in one transaction) so stock Immich of the same version (v3.1.0) starts
# on it with all its own data as it was. Stop the patched server first.
#
#   scripts/immich/revert-to-stock.sh postgres://USER:PASSWORD@HOST:5432/DB   # psql on this machine
#   scripts/immich/revert-to-stock.sh --docker [CONTAINER]                     # psql inside the database
#       container (default immich_postgres), as DB_USERNAME on DB_DATABASE_NAME (environment or ./.env;
#       defaults postgres / immich, Immich's example.env)
#
# Then start stock Immich (docker/README.md, "Back to stock Immich").
set -euo pipefail
SQL="$(cd "$(dirname "$0")/../.." && pwd)/sql/immich-lens/down.sql"
QUIET='-c client_min_messages=warning' # not the "does not exist, skipping" notices of a second run
usage() { sed -n '6,9p' "$0" | sed 's/^# \{0,1\}//' >&2; exit 2; }
[ $# -ge 1 ] || usage

if [ "$1" = "--docker" ]; then
  container="${2:-immich_postgres}"
  if [ -f .env ]; then set -a; . ./.env; set +a; fi
  if docker ps --format '{{.Names}}' | grep -qx immich_server; then
    echo "revert-to-stock: immich_server is running; stop it first (docker compose stop immich-server)" >&2
    exit 1
  fi
  docker exec -i -e PGOPTIONS="$QUIET" "$container" psql -v ON_ERROR_STOP=1 --single-transaction -q \
    -U "${DB_USERNAME:-postgres}" -d "${DB_DATABASE_NAME:-immich}" <"$SQL"
else
  case "$1" in postgres://* | postgresql://*) ;; *) usage ;; esac
  PGOPTIONS="$QUIET" psql "$1" -v ON_ERROR_STOP=1 --single-transaction -q -f "$SQL"
fi
echo "revert-to-stock: immich-lens removed (lens_ocr_search, lens_asset_favorite_idx, the chinese configuration, zhparser/rum, the ImmichLens migration record); stock Immich v3.1.0 can start on this database"
