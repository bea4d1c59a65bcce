#!/usr/bin/env bash
# A throwaway PostgreSQL for the store.jdbc tests. Prints the variables the tests read, for the caller to eval:
#
#   eval "$(bash .ci/pg-setup.sh)" && mvn -q install -pl bundles/store.jdbc
#
# Installs PostgreSQL from Debian's packages when no server binaries are there, keeps its own cluster in
# $CONFAB_PG_DIR (default /var/tmp/confab-pg) listening on 127.0.0.1:$CONFAB_PG_PORT (default 55432) and on a
# socket in that folder only, and creates the role and database confab_test. Idempotent: a second run reuses the
# cluster (starting it again if it is down) and prints the same lines. It stops nothing, and leaves every other
# cluster alone. Stop it with the command it prints on stderr. Only the export line goes to stdout.
set -euo pipefail

PGDIR=${CONFAB_PG_DIR:-/var/tmp/confab-pg}
PORT=${CONFAB_PG_PORT:-55432}
NAME=confab_test # role and database

log() { echo "pg-setup: $*" >&2; }

newest_bindir() { ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1; }

BIN=$(newest_bindir)
if [ -z "$BIN" ] || [ ! -x "$BIN/initdb" ]; then
  log "installing PostgreSQL from Debian packages"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -q >&2
  apt-get install -y -q postgresql >&2
  BIN=$(newest_bindir)
fi
# An existing cluster needs the binaries of its own major version.
if [ -s "$PGDIR/data/PG_VERSION" ] && [ -x "/usr/lib/postgresql/$(cat "$PGDIR/data/PG_VERSION")/bin/pg_ctl" ]; then
  BIN=/usr/lib/postgresql/$(cat "$PGDIR/data/PG_VERSION")/bin
fi

# initdb and the server refuse to run as root: as root, run them as the postgres user of the packages.
if [ "$(id -u)" = 0 ]; then
  OWNER=postgres
  as_owner() { (cd / && runuser -u "$OWNER" -- "$@"); }
else
  OWNER=$(id -un)
  as_owner() { (cd / && "$@"); }
fi

mkdir -p "$PGDIR"
chown "$OWNER" "$PGDIR"
chmod 700 "$PGDIR"

if [ ! -s "$PGDIR/data/PG_VERSION" ]; then
  log "creating a cluster in $PGDIR/data"
  # peer: only the owner's OS account reaches the superuser, over the socket; TCP needs a password.
  as_owner "$BIN/initdb" -D "$PGDIR/data" -U "$OWNER" -E UTF8 --locale=C \
    --auth-local=peer --auth-host=scram-sha-256 >&2
  cat >>"$PGDIR/data/postgresql.conf" <<EOF

# confab test cluster (.ci/pg-setup.sh): loopback and a private socket only
listen_addresses = '127.0.0.1'
port = $PORT
unix_socket_directories = '$PGDIR'
EOF
fi

if as_owner "$BIN/pg_ctl" -D "$PGDIR/data" status >/dev/null 2>&1; then
  log "the cluster in $PGDIR/data is already running"
else
  log "starting the cluster in $PGDIR/data"
  as_owner "$BIN/pg_ctl" -D "$PGDIR/data" -l "$PGDIR/server.log" -w -t 60 start >&2 \
    || { tail -n 20 "$PGDIR/server.log" >&2; exit 1; }
fi
PORT=$(sed -n "s/^port = \([0-9]*\)$/\1/p" "$PGDIR/data/postgresql.conf" | tail -n 1) # as the cluster was made

PASSFILE=$PGDIR/test-password
if [ ! -s "$PASSFILE" ]; then
  (umask 077 && head -c 24 /dev/urandom | base64 | tr -dc 'A-Za-z0-9' >"$PASSFILE")
fi
PASSWORD=$(cat "$PASSFILE")

# Over the socket as the superuser; the password travels on stdin, not on a command line.
as_owner "$BIN/psql" -h "$PGDIR" -p "$PORT" -U "$OWNER" -d postgres -v ON_ERROR_STOP=1 -q >&2 <<SQL
SELECT 'CREATE ROLE $NAME LOGIN' WHERE NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '$NAME')\gexec
ALTER ROLE $NAME WITH LOGIN PASSWORD '$PASSWORD';
SELECT 'CREATE DATABASE $NAME OWNER $NAME' WHERE NOT EXISTS (SELECT FROM pg_database WHERE datname = '$NAME')\gexec
SQL

STOP="$BIN/pg_ctl -D $PGDIR/data stop"
[ "$(id -u)" = 0 ] && STOP="runuser -u $OWNER -- $STOP"
log "ready on 127.0.0.1:$PORT; stop with: $STOP"
printf 'export CONFAB_TEST_PG_URL=%q CONFAB_TEST_PG_USER=%q CONFAB_TEST_PG_PASSWORD=%q\n' \
  "jdbc:postgresql://127.0.0.1:$PORT/$NAME" "$NAME" "$PASSWORD"
