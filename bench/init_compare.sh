#!/usr/bin/env bash
# Default initialisation (issue 17): the default job with the init it now plans (He after relu) beside the same job
# with xavier_uniform (the default before), per dataset and seed. Starts the service like bench/quality.sh.
#   bash bench/init_compare.sh [--only NAME[,NAME]] [--seeds 0,1]
set -euo pipefail
cd "$(dirname "$0")/.."
echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)"
port=5098
url="http://127.0.0.1:$port"
log="$(mktemp /tmp/init-compare-api.XXXXXX.log)"
connection="$(bash bench/scratch-db.sh webclustering_init_compare)"
api=""
cleanup() {
  [[ -n "$api" ]] && kill "$api" 2>/dev/null && wait "$api" 2>/dev/null || true
  PGPASSWORD=webclustering psql -q -h 127.0.0.1 -U webclustering -d postgres \
    -c "DROP DATABASE IF EXISTS webclustering_init_compare WITH (FORCE)" || true
}
trap cleanup EXIT
dotnet build -c Release -v quiet -nologo src/WebClustering.Api >&2
ConnectionStrings__WebClustering="$connection" ASPNETCORE_ENVIRONMENT=Development Logging__LogLevel__Default=Warning \
  WebClustering__WorkerCount=1 \
  dotnet src/WebClustering.Api/bin/Release/net10.0/WebClustering.Api.dll --urls "$url" >"$log" 2>&1 &
api=$!
for _ in $(seq 1 90); do curl -sf -o /dev/null "$url/health/ready" && break; sleep 1; done
curl -sf -o /dev/null "$url/health/ready" || { echo "the service did not start; its log: $log" >&2; tail -n 20 "$log" >&2; exit 1; }
/usr/bin/python3 bench/quality/init_compare.py --url "$url" "$@"
