#!/usr/bin/env bash
# Make sure a PostgreSQL server answers on 127.0.0.1:5432 with a database "test" and trust authentication
# (the history store's tests run against it as well as SQLite). Idempotent: does nothing when one answers.
# Otherwise installs Debian's postgresql, starts a throw-away cluster owned by the current user and creates
# the database. CI fails when this fails; the tests themselves never skip PostgreSQL in CI.
set -euo pipefail

HOST=127.0.0.1
PORT=5432
if command -v pg_isready >/dev/null && pg_isready -q -h "$HOST" -p "$PORT"; then
    echo "PostgreSQL already answering on $HOST:$PORT"
    psql -h "$HOST" -p "$PORT" -U postgres -tAc "SELECT 1 FROM pg_database WHERE datname='test'" postgres \
        | grep -q 1 || createdb -h "$HOST" -p "$PORT" -U postgres test
    exit 0
fi

SUDO=""
if [ "$(id -u)" -ne 0 ]; then
    SUDO="sudo"
fi
if ! ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1; then
    export DEBIAN_FRONTEND=noninteractive
    $SUDO apt-get update
    $SUDO apt-get install -y --no-install-recommends postgresql postgresql-client
fi
BIN=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n 1)
DATA=${SSRM_PGDATA:-/tmp/ssrm-pgdata}
RUNAS=()
if [ "$(id -u)" -eq 0 ]; then
    # initdb refuses to run as root: the cluster belongs to Debian's postgres user.
    RUNAS=(runuser -u postgres --)
    mkdir -p "$DATA" && chown postgres "$DATA"
fi
if [ ! -f "$DATA/PG_VERSION" ]; then
    "${RUNAS[@]}" "$BIN/initdb" -D "$DATA" -U postgres --auth=trust >/dev/null
fi
"${RUNAS[@]}" "$BIN/pg_ctl" -D "$DATA" -o "-h $HOST -p $PORT -k /tmp" -l "$DATA/server.log" -w start
createdb -h "$HOST" -p "$PORT" -U postgres test 2>/dev/null || true
pg_isready -h "$HOST" -p "$PORT"
