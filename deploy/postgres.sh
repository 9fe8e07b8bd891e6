#!/usr/bin/env bash
# Makes sure a PostgreSQL server is running for local use and prints the connection string to use.
# When ConnectionStrings__WebClustering is already set, it is printed unchanged and nothing is installed or started.
# Otherwise it installs PostgreSQL from Debian's packages if missing, starts the Debian cluster and creates the
# role and database "webclustering" (password "webclustering", CREATEDB for the test suite's throwaway databases).
set -euo pipefail

if [[ -n "${ConnectionStrings__WebClustering:-}" ]]; then
  echo "$ConnectionStrings__WebClustering"
  exit 0
fi

as_root() { if [[ $(id -u) -eq 0 ]]; then "$@"; else sudo "$@"; fi; }
as_postgres() { if [[ $(id -u) -eq 0 ]]; then runuser -u postgres -- "$@"; else sudo -u postgres "$@"; fi; }

if ! ls /usr/lib/postgresql/*/bin/postgres >/dev/null 2>&1; then
  echo "Installing PostgreSQL (Debian packages)..." >&2
  as_root apt-get update -qq >&2
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >&2
fi

version=$(ls /usr/lib/postgresql | sort -V | tail -n 1)
if ! pg_lsclusters -h | awk '{print $1" "$2}' | grep -qx "$version main"; then
  as_root pg_createcluster "$version" main >&2
fi
if ! pg_lsclusters -h | awk -v v="$version" '$1==v && $2=="main" {print $4}' | grep -q online; then
  as_root pg_ctlcluster "$version" main start >&2
fi
port=$(pg_lsclusters -h | awk -v v="$version" '$1==v && $2=="main" {print $3}')

for _ in $(seq 1 30); do
  as_postgres pg_isready -q -p "$port" && break
  sleep 1
done

as_postgres psql -q -p "$port" -v ON_ERROR_STOP=1 >&2 <<'SQL'
DO $$
BEGIN
  IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'webclustering') THEN
    CREATE ROLE webclustering LOGIN CREATEDB PASSWORD 'webclustering';
  END IF;
END $$;
SELECT 'CREATE DATABASE webclustering OWNER webclustering'
WHERE NOT EXISTS (SELECT FROM pg_database WHERE datname = 'webclustering') \gexec
SQL

echo "Host=127.0.0.1;Port=$port;Username=webclustering;Password=webclustering;Database=webclustering"
