#!/usr/bin/env bash
# Builds and installs SCWS + zhparser into the PostgreSQL that pg_config names, at pinned commits of
# their master branches. docker/postgres/Dockerfile runs it; it runs the same on any Debian host:
#   sudo PG_CONFIG=/usr/lib/postgresql/15/bin/pg_config docker/postgres/install-zhparser.sh
# SCWS_REPO / ZHPARSER_REPO name other clones of the same repositories (a local mirror, say).
set -euo pipefail
SCWS_REPO="${SCWS_REPO:-https://github.com/hightman/scws.git}"
SCWS_COMMIT=f978607ec85ef5da13e9ccf70f8543a1cd3d9b9a       # hightman/scws master (2022-11-07): 1.2.3 + the xtree key-compare fix (b5ae33f, the head, breaks automake: a `#` line in a rule)
ZHPARSER_REPO="${ZHPARSER_REPO:-https://github.com/amutu/zhparser.git}"
ZHPARSER_COMMIT=2e995c4df672563992b4d7a147b8fa2d0d4cda6c   # amutu/zhparser master (2026-06-29): 2.4, quoted dictionary paths
PG_CONFIG="${PG_CONFIG:-pg_config}"
PG_MAJOR="$("$PG_CONFIG" --version | sed -E 's/^PostgreSQL ([0-9]+).*/\1/')"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

apt-get update -qq
apt-get install -y -qq --no-install-recommends build-essential git ca-certificates pkg-config automake autoconf libtool \
  "postgresql-server-dev-$PG_MAJOR"

# a full clone, then the commit: a fetch by sha is not allowed by every server
checkout() { git clone --quiet "$1" "$2" && git -C "$2" -c advice.detachedHead=false checkout --quiet "$3"; }
checkout "$SCWS_REPO" "$work/scws" "$SCWS_COMMIT"
(cd "$work/scws" && touch README && aclocal && autoconf && autoheader && libtoolize && automake --add-missing \
  && ./configure --prefix=/usr/local && make -j"$(nproc)" install)

checkout "$ZHPARSER_REPO" "$work/zhparser" "$ZHPARSER_COMMIT"
make -C "$work/zhparser" PG_CONFIG="$PG_CONFIG" SCWS_HOME=/usr/local install
ldconfig
echo "zhparser ${ZHPARSER_COMMIT:0:7} + SCWS ${SCWS_COMMIT:0:7} installed for PostgreSQL $PG_MAJOR"
