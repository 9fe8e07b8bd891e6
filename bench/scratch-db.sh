#!/usr/bin/env bash
# Prints the connection string of a fresh, empty database named $1 on the local PostgreSQL (started by
# deploy/postgres.sh when needed), dropping any earlier one of that name. Used by the benchmark scripts.
set -euo pipefail
cd "$(dirname "$0")/.."
name="$1"
admin="$(bash deploy/postgres.sh)"
admin="${admin/Database=webclustering/Database=postgres}"
# FORCE cannot end an autovacuum worker (not ours to signal) still busy on the last run's tables: wait and try again.
for attempt in 1 2 3 4 5 6; do
  PGPASSWORD=webclustering psql -q -h 127.0.0.1 -U webclustering -d postgres \
    -c "DROP DATABASE IF EXISTS $name WITH (FORCE)" >&2 && break
  sleep 10
done
PGPASSWORD=webclustering psql -q -h 127.0.0.1 -U webclustering -d postgres -c "CREATE DATABASE $name" >&2
echo "${admin/Database=postgres/Database=$name}"
