#!/usr/bin/env bash
# Builds and installs SCWS + zhparser into the PostgreSQL that pg_config names (pinned versions).
# docker/postgres/Dockerfile runs it; it runs the same on any Debian host with network access to
# GitHub:  sudo PG_CONFIG=/usr/lib/postgresql/15/bin/pg_config docker/postgres/install-zhparser.sh
set -euo pipefail
SCWS_REF="${SCWS_REF:-1.2.3}"                                          # hightman/scws tag
ZHPARSER_REF="${ZHPARSER_REF:-048a5654e581329a7aa394f6965f29aa28281ad2}" # amutu/zhparser commit (2.4)
PG_CONFIG="${PG_CONFIG:-pg_config}"
PG_MAJOR="$("$PG_CONFIG" --version | sed -E 's/^PostgreSQL ([0-9]+).*/\1/')"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

apt-get update -qq
apt-get install -y -qq --no-install-recommends build-essential git ca-certificates pkg-config automake autoconf libtool \
  "postgresql-server-dev-$PG_MAJOR"

git clone --quiet --branch "$SCWS_REF" --depth 1 https://github.com/hightman/scws.git "$work/scws"
(cd "$work/scws" && touch README && aclocal && autoconf && autoheader && libtoolize && automake --add-missing \
  && ./configure --prefix=/usr/local && make -j"$(nproc)" install)

git clone --quiet https://github.com/amutu/zhparser.git "$work/zhparser"
git -C "$work/zhparser" -c advice.detachedHead=false checkout --quiet "$ZHPARSER_REF"
make -C "$work/zhparser" PG_CONFIG="$PG_CONFIG" SCWS_HOME=/usr/local install
ldconfig
echo "zhparser ($ZHPARSER_REF) + SCWS $SCWS_REF installed for PostgreSQL $PG_MAJOR"
