#!/usr/bin/env bash
# Start a throwaway PostgreSQL server for the persistence tests and print its URL
# (`postgres.sh stop` stops it).
# Installs Debian's postgresql package when it is missing. Prints nothing (and exits 0)
# when no server can be started, so the tests skip with their own message.
set -uo pipefail
PORT="${PGPORT_TEST:-54329}"
ROOT_DIR="${PGTEST_DIR:-/tmp/careerpivot-pg}"

if [ "${1:-}" = "stop" ]; then  # .ci/run stops the server when the tests are done
    if [ -f "$ROOT_DIR/data/postmaster.pid" ]; then
        BIN=$(dirname "$(ls /usr/lib/postgresql/*/bin/pg_ctl | sort -V | tail -n 1)")
        su postgres -s /bin/sh -c "$BIN/pg_ctl -D $ROOT_DIR/data -m fast stop" >/dev/null 2>&1 || true
    fi
    exit 0
fi

if ! ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1; then
    (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql) >&2 || exit 0
fi
BIN=$(dirname "$(ls /usr/lib/postgresql/*/bin/initdb | sort -V | tail -n 1)")
id postgres >/dev/null 2>&1 || useradd --system --home "$ROOT_DIR" postgres >&2 || exit 0

if [ -f "$ROOT_DIR/data/postmaster.pid" ]; then
    su postgres -s /bin/sh -c "$BIN/pg_ctl -D $ROOT_DIR/data -m immediate stop" >&2 || true
fi
rm -rf "$ROOT_DIR" && mkdir -p "$ROOT_DIR" && chown postgres "$ROOT_DIR"
su postgres -s /bin/sh -c "$BIN/initdb -D $ROOT_DIR/data -A trust -U postgres" >/dev/null 2>&1 || exit 0
su postgres -s /bin/sh -c "$BIN/pg_ctl -D $ROOT_DIR/data -o '-p $PORT -k $ROOT_DIR -c listen_addresses=127.0.0.1' -l $ROOT_DIR/log -w start" >&2 || exit 0
su postgres -s /bin/sh -c "$BIN/createdb -h 127.0.0.1 -p $PORT careerpivot_test" >&2 || exit 0
echo "postgresql+psycopg://postgres@127.0.0.1:$PORT/careerpivot_test"
