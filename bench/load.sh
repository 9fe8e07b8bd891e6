#!/usr/bin/env bash
# Operations load test (issue 6): on loopback, a fixed rate of status polls and embedding reads for a fixed time
# while a training job runs, against an API process and a separate worker process on a throwaway database.
# Prints errors and p50/p99 latency per kind; exits non-zero if any request failed.
#   bash bench/load.sh [requests per second, default 200] [seconds, default 60]
# Set WEBCLUSTERING_API_KEY when the service requires keys (it runs here in Development, where keyless requests
# belong to the default tenant).
set -euo pipefail
cd "$(dirname "$0")/.."
rate="${1:-200}"
seconds="${2:-60}"
connection="$(bash bench/scratch-db.sh webclustering_load)"

dotnet build -c Release -v quiet -nologo bench/WebClustering.ServingBench
dotnet build -c Release -v quiet -nologo src/WebClustering.Api
service="dotnet src/WebClustering.Api/bin/Release/net10.0/WebClustering.Api.dll"
export ConnectionStrings__WebClustering="$connection" ASPNETCORE_ENVIRONMENT=Development Logging__LogLevel__Default=Warning
export WebClustering__QueuePollInterval=00:00:00.200

WebClustering__Roles=Api $service --urls http://127.0.0.1:5098 >/tmp/load-api.log 2>&1 &
api=$!
WebClustering__Roles=Worker $service --urls http://127.0.0.1:5097 >/tmp/load-worker.log 2>&1 &
worker=$!
trap 'kill $api $worker 2>/dev/null || true' EXIT
for _ in $(seq 1 60); do curl -sf -o /dev/null http://127.0.0.1:5098/health/ready && break; sleep 1; done

echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)"
dotnet bench/WebClustering.ServingBench/bin/Release/net10.0/WebClustering.ServingBench.dll mixed http://127.0.0.1:5098 "$rate" "$seconds" 20
