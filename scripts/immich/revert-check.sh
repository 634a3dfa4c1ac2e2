#!/usr/bin/env bash
# The way back, for real: after scripts/immich/run-server.sh left a database the patched server
# migrated and filled (uploads, in-process OCR, the ImmichLens migration), revert it with
# scripts/immich/revert-to-stock.sh and start STOCK Immich (a pristine checkout of the pin, built) on
# it, with the same media: it must migrate and start, keep Immich's OCR rows byte for byte, and its
# own OCR search must find the photos again.
#   scripts/immich/revert-check.sh STOCK_DIR IMMICH_DIR     (IMMICH_DIR: the one run-server.sh used)
#   IMMICH_PORT, IMMICH_LENS_E2E_DB, REDIS_DBINDEX as for run-server.sh
set -euo pipefail
LENS_DIR="$(cd "$(dirname "$0")/../.." && pwd)"
STOCK_DIR="$(cd "${1:?usage: $0 STOCK_DIR IMMICH_DIR}" && pwd)"
IMMICH_DIR="$(cd "${2:?usage: $0 STOCK_DIR IMMICH_DIR}" && pwd)"
DB_NAME="${IMMICH_LENS_E2E_DB:-immich_lens_e2e}"
E2E="$IMMICH_DIR/.immich-lens/e2e${IMMICH_LENS_E2E_DB:+-$DB_NAME}"
WORK="$E2E/stock"
PORT="${IMMICH_PORT:-2283}"
PG_ADMIN_URL="${IMMICH_LENS_TEST_PG_URL:-postgres://postgres:postgres@127.0.0.1:5432/postgres}"
DB_URL="${PG_ADMIN_URL%/*}/$DB_NAME"
[ "$(git -C "$STOCK_DIR" rev-parse HEAD)" = "$(cat "$LENS_DIR/scripts/immich/PIN")" ] && [ ! -d "$STOCK_DIR/server/src/immich-lens" ] \
  || { echo "revert-check: $STOCK_DIR is not a stock checkout of the pin" >&2; exit 1; }
[ -d "$E2E/media" ] || { echo "revert-check: no run-server.sh data in $E2E" >&2; exit 1; }
# shellcheck source=toolchain.sh
source "$LENS_DIR/scripts/immich/toolchain.sh"
q() { psql "$DB_URL" -Atc "$1"; }
# Immich's rows, as text: what must come through the revert unchanged
immich_rows() { q "select md5(string_agg(t, E'\n' order by t)) from (
  select x::text as t from asset_ocr x union all select x::text from ocr_search x union all
  select x::text from asset x union all select x::text from smart_search x union all select x::text from asset_job_status x) r"; }

[ "$(q "select to_regclass('lens_ocr_search') is not null")" = t ] || { echo "revert-check: $DB_NAME has no immich-lens tables: run scripts/immich/run-server.sh first" >&2; exit 1; }
echo "before: $(q "select count(*) from asset_ocr") asset_ocr rows, $(q "select count(*) from lens_ocr_search") lens_ocr_search rows, ImmichLens recorded: $(q "select count(*) from kysely_migrations where name like '%ImmichLens'")"
before="$(immich_rows)"
"$LENS_DIR/scripts/immich/revert-to-stock.sh" "$DB_URL"
after="$(immich_rows)"
left="$(q "select count(*) from pg_class where relname like 'lens_%'") lens_ relations, $(q "select count(*) from pg_ts_config where cfgname = 'chinese'") chinese configs, $(q "select count(*) from pg_extension where extname in ('zhparser', 'rum')") zhparser/rum, $(q "select count(*) from kysely_migrations where name like '%ImmichLens'") migration records"
echo "after revert: $left; Immich's rows $([ "$before" = "$after" ] && echo unchanged || echo CHANGED)"

rm -rf "$WORK" && mkdir -p "$WORK/build"
cp -R "$E2E/build/geodata" "$WORK/build/geodata"
ln -s "$STOCK_DIR/web/build" "$WORK/build/www"
echo '{"machineLearning": {"enabled": false}}' >"$WORK/config.json"
log="$WORK/server.log"
cd "$STOCK_DIR/server"
DB_URL="$DB_URL" DB_VECTOR_EXTENSION=pgvector REDIS_HOSTNAME=127.0.0.1 REDIS_DBINDEX="${REDIS_DBINDEX:-0}" \
  IMMICH_MEDIA_LOCATION="$E2E/media" IMMICH_BUILD_DATA="$WORK/build" IMMICH_HOST=127.0.0.1 IMMICH_PORT="$PORT" \
  IMMICH_CONFIG_FILE="$WORK/config.json" setsid node dist/main.js >"$log" 2>&1 &
pid=$! # setsid made it the leader of its own process group (the API runs in a child process)
cd - >/dev/null
trap 'kill -TERM -- "-$pid" 2>/dev/null || true' EXIT
started=$SECONDS
until curl -fs "http://127.0.0.1:$PORT/api/server/ping" >/dev/null; do
  if ! kill -0 "$pid" 2>/dev/null || [ $((SECONDS - started)) -gt 180 ]; then tail -n 40 "$log"; echo "stock Immich did not start (log: $log)" >&2; exit 1; fi
  sleep 1
done
echo "stock Immich up in $((SECONDS - started)) s on the reverted database (log: $log)"
grep -E "corrupted migrations|Migrations failed|ERROR" "$log" && { echo "stock Immich logged errors" >&2; exit 1; }

token="$(curl -fsS -H 'content-type: application/json' -d '{"email":"admin@immich-lens.test","password":"lens-admin-password"}' \
  "http://127.0.0.1:$PORT/api/auth/login" | node -e 'process.stdin.on("data", (d) => console.log(JSON.parse(d).accessToken))')"
status=0
for word in 发票 合计; do
  expected="$(q "select count(distinct a.id) from asset a join asset_ocr o on o.\"assetId\" = a.id where o.text like '%$word%' and a.\"deletedAt\" is null")"
  found="$(curl -fsS -H "authorization: Bearer $token" -H 'content-type: application/json' -d "{\"ocr\":\"$word\",\"size\":100}" \
    "http://127.0.0.1:$PORT/api/search/metadata" | node -e 'process.stdin.on("data", (d) => console.log(JSON.parse(d).assets.items.length))')"
  echo "stock OCR search '$word': $found photos (asset_ocr has it in $expected)"
  [ "$found" = "$expected" ] && [ "$found" -gt 0 ] || status=1
done
[ "$before" = "$after" ] || status=1
echo "revert-check: $([ $status = 0 ] && echo passed || echo FAILED)"
exit $status
