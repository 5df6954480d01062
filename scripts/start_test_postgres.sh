#!/usr/bin/env bash
# Start a throwaway PostgreSQL server for the store tests and print the URL to use.
#
# For CI and for a developer's machine: Debian 12 (or any Debian/Ubuntu with postgresql-common),
# run as root. Idempotent: installs Debian's postgresql only when it is missing, makes the
# cluster only when there is none, starts it only when it is down, and creates the role and the
# database only when they do not exist. Every message goes to standard error; the last (only)
# line on standard output is the URL, e.g.
#   postgresql+psycopg://sijill:sijill@127.0.0.1:5432/sijill_test
# so that callers can do: export SIJILL_TEST_POSTGRES_URL=$(bash scripts/start_test_postgres.sh | tail -n 1)
#
# Settings (environment): SIJILL_PG_CLUSTER (main), SIJILL_PG_PORT (5432; used when the cluster
# is made), SIJILL_PG_USER (sijill), SIJILL_PG_PASSWORD (sijill), SIJILL_PG_DB (sijill_test).
# Debian's cluster listens on localhost only.
set -euo pipefail

PORT=${SIJILL_PG_PORT:-5432}
USER_NAME=${SIJILL_PG_USER:-sijill}
PASSWORD=${SIJILL_PG_PASSWORD:-sijill}
DB=${SIJILL_PG_DB:-sijill_test}
CLUSTER=${SIJILL_PG_CLUSTER:-main}

log() { echo "start_test_postgres: $*" >&2; }

if [[ $(id -u) -ne 0 ]]; then
  log "run me as root (I install packages and start the server as the postgres user)"
  exit 1
fi

# 1. Debian's PostgreSQL, when missing.
if ! command -v pg_ctlcluster >/dev/null 2>&1 || ! ls /usr/lib/postgresql/*/bin/postgres >/dev/null 2>&1; then
  log "installing postgresql (apt-get)"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq >&2
  apt-get install -y -qq postgresql >&2
fi
VERSION=$(ls /usr/lib/postgresql | sort -V | tail -n 1)

# 2. A cluster (Debian's package makes "main" at install time; a container image may not).
if ! pg_lsclusters --no-header | awk '{print $1"/"$2}' | grep -qx "$VERSION/$CLUSTER"; then
  log "creating cluster $VERSION/$CLUSTER on port $PORT"
  pg_createcluster "$VERSION" "$CLUSTER" --port "$PORT" >&2
fi
# The port of the existing cluster wins over SIJILL_PG_PORT: it is the one the server listens on.
PORT=$(pg_lsclusters --no-header | awk -v v="$VERSION" -v c="$CLUSTER" '$1==v && $2==c {print $3}')

# 3. Started, unless it runs already (status: 0 running, 3 down).
if ! pg_ctlcluster "$VERSION" "$CLUSTER" status >/dev/null 2>&1; then
  log "starting cluster $VERSION/$CLUSTER"
  # /run/postgresql is on tmpfs in containers: it may be gone since the package was installed.
  install -d -o postgres -g postgres -m 2775 /run/postgresql
  pg_ctlcluster "$VERSION" "$CLUSTER" start >&2
fi
for _ in $(seq 1 30); do
  pg_isready -q -h 127.0.0.1 -p "$PORT" && break
  sleep 1
done
pg_isready -q -h 127.0.0.1 -p "$PORT" || { log "server did not become ready on port $PORT"; exit 1; }

# 4. The role and the database. Debian's pg_hba.conf accepts passwords on 127.0.0.1.
psql_admin() { su postgres -c "psql -X -q -p $PORT -v ON_ERROR_STOP=1 $*" </dev/null; }
if [[ $(psql_admin "-tAc \"SELECT 1 FROM pg_roles WHERE rolname = '$USER_NAME'\"") != 1 ]]; then
  log "creating role $USER_NAME"
  psql_admin "-c \"CREATE ROLE $USER_NAME LOGIN PASSWORD '$PASSWORD'\"" >&2
fi
if [[ $(psql_admin "-tAc \"SELECT 1 FROM pg_database WHERE datname = '$DB'\"") != 1 ]]; then
  log "creating database $DB"
  # UTF8 whatever the cluster's default: the register holds Arabic and Persian text.
  psql_admin "-c \"CREATE DATABASE $DB OWNER $USER_NAME ENCODING 'UTF8' TEMPLATE template0\"" >&2
fi

echo "postgresql+psycopg://$USER_NAME:$PASSWORD@127.0.0.1:$PORT/$DB"
