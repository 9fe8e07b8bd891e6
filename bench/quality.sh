#!/usr/bin/env bash
# Quality benchmark (issue 15): labelled datasets of several kinds (generated tables, scikit-learn's bundled tables,
# a pixel table, sine/square/sawtooth sequences, Fashion-MNIST as IDX and as a CSV table) uploaded over HTTP; per
# dataset the default job (only datasetId and k), k-means and PCA + k-means (scikit-learn) on the raw and the
# standardized rows, and explicit recipes, with ACC/NMI/ARI and seconds, then a Markdown table and a goal check.
# Starts the service (Development, throwaway database, 127.0.0.1:5097) unless --url names a running one. Needs
# python3-sklearn and dataset-fashion-mnist (Debian).
#   bash bench/quality.sh [--quick] [--only NAME[,NAME]] [--url http://host:port]
#   --quick: the small sets and Fashion-MNIST's 10,000 test images, short explicit recipes (9.5 min on 2 shared
#   cores); without it, also 50,000 blobs and all 70,000 Fashion-MNIST images, and full-length recipes (hours).
set -euo pipefail
cd "$(dirname "$0")/.."
url=""
args=()
while [[ $# -gt 0 ]]; do
  case "$1" in
    --url) url="$2"; shift 2 ;;
    --quick) args+=(--quick); shift ;;
    --only) args+=(--only "$2"); shift 2 ;;
    *) echo "unknown option $1" >&2; exit 2 ;;
  esac
done

echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)"
api=""
if [[ -z "$url" ]]; then
  port=5097
  url="http://127.0.0.1:$port"
  log="$(mktemp /tmp/quality-bench-api.XXXXXX.log)"
  connection="$(bash bench/scratch-db.sh webclustering_quality_bench)"
  cleanup() {
    [[ -n "$api" ]] && kill "$api" 2>/dev/null && wait "$api" 2>/dev/null || true
    PGPASSWORD=webclustering psql -q -h 127.0.0.1 -U webclustering -d postgres \
      -c "DROP DATABASE IF EXISTS webclustering_quality_bench WITH (FORCE)" || true
  }
  trap cleanup EXIT
  dotnet build -c Release -v quiet -nologo src/WebClustering.Api >&2
  # Development: keyless requests act as the default tenant. One process serves the API and runs the jobs, one at a
  # time, so each job's time is its own.
  ConnectionStrings__WebClustering="$connection" ASPNETCORE_ENVIRONMENT=Development Logging__LogLevel__Default=Warning \
    WebClustering__WorkerCount=1 \
    dotnet src/WebClustering.Api/bin/Release/net10.0/WebClustering.Api.dll --urls "$url" >"$log" 2>&1 &
  api=$!
  for _ in $(seq 1 90); do curl -sf -o /dev/null "$url/health/ready" && break; sleep 1; done
  curl -sf -o /dev/null "$url/health/ready" || { echo "the service did not start; its log: $log" >&2; tail -n 20 "$log" >&2; exit 1; }
  echo "service: $url (log: $log)"
fi
/usr/bin/python3 bench/quality/run.py --url "$url" "${args[@]}"
