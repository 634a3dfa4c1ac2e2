#!/usr/bin/env bash
# Brings up PostgreSQL 15 + pgvector (+ RUM when apt has it) for the search tests and benchmarks.
# Idempotent; run as root on Debian 12. Tests connect with IMMICH_LENS_TEST_PG_URL, whose default
# (postgres://postgres:postgres@127.0.0.1:5432/postgres) is what this script sets up.
set -euo pipefail
export DEBIAN_FRONTEND=noninteractive
PG_MAJOR=15
PG_CONFIG=/usr/lib/postgresql/$PG_MAJOR/bin/pg_config
updated=0
apt_update() { if [ $updated = 0 ]; then apt-get update -qq; updated=1; fi; }
need() { for p in "$@"; do dpkg -s "$p" >/dev/null 2>&1 || return 0; done; return 1; }

if need postgresql-$PG_MAJOR postgresql-contrib; then
  apt_update
  apt-get install -y -qq --no-install-recommends postgresql-$PG_MAJOR postgresql-contrib
fi

# RUM returns top-K by rank straight from the index; optional (Immich's own image lacks it).
if need postgresql-$PG_MAJOR-rum; then
  apt_update
  apt-get install -y -qq --no-install-recommends postgresql-$PG_MAJOR-rum || echo "ci-postgres: postgresql-$PG_MAJOR-rum unavailable, RUM path untested"
fi

# pgvector is not packaged for PG15 on Debian 12: build it from Debian's (trixie) source package.
if [ ! -f "/usr/share/postgresql/$PG_MAJOR/extension/vector.control" ]; then
  if [ ! -f /etc/apt/sources.list.d/immich-lens-trixie-src.sources ]; then
    cat > /etc/apt/sources.list.d/immich-lens-trixie-src.sources <<'SRC'
Types: deb-src
URIs: http://deb.debian.org/debian
Suites: trixie
Components: main
Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg
SRC
    updated=0
  fi
  apt_update
  apt-get install -y -qq --no-install-recommends postgresql-server-dev-$PG_MAJOR dpkg-dev make gcc
  build=$(mktemp -d) && chmod 755 "$build"
  (cd "$build" && apt-get source -qq pgvector >/dev/null && cd pgvector-*/ \
    && make -s PG_CONFIG=$PG_CONFIG OPTFLAGS="" >/dev/null && make -s PG_CONFIG=$PG_CONFIG install >/dev/null)
  rm -rf "$build"
fi

if ! pg_lsclusters -h | grep -q "^$PG_MAJOR main"; then
  pg_createcluster $PG_MAJOR main
fi
# Memory for a large library (the 1M-asset benchmark's HNSW index is 2.6 GB): 25 % of RAM, ≤ 4 GB.
conf=/etc/postgresql/$PG_MAJOR/main/conf.d/immich-lens.conf
mem_mb=$(awk '/MemTotal/ {print int($2 / 1024)}' /proc/meminfo)
buffers_mb=$(( mem_mb / 4 > 4096 ? 4096 : mem_mb / 4 ))
wanted="shared_buffers = '${buffers_mb}MB'
effective_cache_size = '$(( mem_mb / 2 ))MB'"
restart=0
if [ "$(cat "$conf" 2>/dev/null)" != "$wanted" ]; then
  echo "$wanted" > "$conf"
  restart=1
fi
if ! pg_lsclusters -h | awk '$1=="'$PG_MAJOR'" && $2=="main" {print $4}' | grep -q online; then
  pg_ctlcluster --skip-systemctl-redirect $PG_MAJOR main start
elif [ $restart = 1 ]; then
  pg_ctlcluster --skip-systemctl-redirect $PG_MAJOR main restart
fi
for i in $(seq 1 30); do pg_isready -q -h 127.0.0.1 -p 5432 && break; sleep 1; done
su postgres -c "psql -q -c \"ALTER ROLE postgres PASSWORD 'postgres'\""
echo "ci-postgres: PostgreSQL $PG_MAJOR (shared_buffers ${buffers_mb}MB) ready at postgres://postgres:postgres@127.0.0.1:5432/postgres" \
  "(pgvector $(cat /usr/share/postgresql/$PG_MAJOR/extension/vector.control | sed -n "s/default_version = '\(.*\)'/\1/p"))"
