#!/usr/bin/env bash
# Serving benchmark (issue 5): similar items and batch reads under 50 concurrent clients, and NPY export speed and
# memory, against the real service on loopback with a throwaway database. Prints the figures; takes ~7 minutes (the
# similar-items runs start once the service has precomputed every item's top 50, about 30-60 s after the first request).
#   bash bench/serving.sh [seconds per load test, default 30]
set -euo pipefail
cd "$(dirname "$0")/.."
seconds="${1:-30}"
connection="$(bash bench/scratch-db.sh webclustering_bench)"

dotnet build -c Release -v quiet -nologo bench/WebClustering.ServingBench
dotnet build -c Release -v quiet -nologo src/WebClustering.Api
bench="dotnet bench/WebClustering.ServingBench/bin/Release/net10.0/WebClustering.ServingBench.dll"

# Keyless requests as the default tenant (the seeded jobs' owner); the per-key rate limit raised out of the way, as
# the closed-loop runs go past its default of 1,000 requests a second. The service runs as in production, so /metrics
# (which the load runner polls) needs a scrape key: a random one, handed to the bench as WEBCLUSTERING_SCRAPE_KEY.
export WEBCLUSTERING_SCRAPE_KEY="scrape-$(head -c 24 /dev/urandom | base64 | tr -d '/+=')"
ConnectionStrings__WebClustering="$connection" WebClustering__Roles=Api Logging__LogLevel__Default=Warning \
  WebClustering__Metrics__ScrapeKey="$WEBCLUSTERING_SCRAPE_KEY" \
  WebClustering__Auth__AllowAnonymous=true WebClustering__Auth__RateLimit__TokenLimit=1000000 \
  WebClustering__Auth__RateLimit__TokensPerPeriod=1000000 \
  dotnet src/WebClustering.Api/bin/Release/net10.0/WebClustering.Api.dll --urls http://127.0.0.1:5099 >/tmp/serving-bench-api.log 2>&1 &
api=$!
trap 'kill $api 2>/dev/null || true' EXIT
for _ in $(seq 1 60); do curl -sf -o /dev/null http://127.0.0.1:5099/swagger/v1/swagger.json && break; sleep 1; done

echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)"
job100k=$($bench seed "$connection" 100000 32)
job1m=$($bench seed "$connection" 1000000 32)
$bench search 100000 32
$bench lookup 100000 2
echo "load average before the load tests: $(cut -d' ' -f1-3 /proc/loadavg)"
$bench load http://127.0.0.1:5099 "$job100k" 100000 "$seconds" 50 0,200,1000 0,50 "$api"
echo "load average after the load tests: $(cut -d' ' -f1-3 /proc/loadavg)"
$bench export http://127.0.0.1:5099 "$job100k" "$api"
$bench export http://127.0.0.1:5099 "$job1m" "$api"
