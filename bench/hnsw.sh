#!/usr/bin/env bash
# Approximate similar items (issue 16): a synthetic succeeded job of 1,000,000 x 32 clustered vectors stored with
# its cosine HNSW index (build time and size printed), served by the real service on loopback: recall@10 of its
# answers against exact=true, then item queries from 50 clients paced at 1,000/s and closed loop. With --5m, also the
# in-process build time, size and recall of 5,000,000 x 32. Takes ~15 minutes (~30 more with --5m) on two cores.
#   nice -n 10 bash bench/hnsw.sh [seconds per load test, default 30] [--5m] [rows, default 1000000]
set -euo pipefail
cd "$(dirname "$0")/.."
seconds="${1:-30}"
rows="${3:-1000000}"
connection="$(bash bench/scratch-db.sh webclustering_hnsw_bench)"

dotnet build -c Release -v quiet -nologo bench/WebClustering.ServingBench
dotnet build -c Release -v quiet -nologo src/WebClustering.Api
bench="dotnet bench/WebClustering.ServingBench/bin/Release/net10.0/WebClustering.ServingBench.dll"

echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)"
echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
job=$($bench seed "$connection" "$rows" 32 --hnsw)
# A free loopback port: other benchmarks may be running beside this one.
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')

# The default settings (ApproximateSearchExpansion 128, VectorCacheBytes 1 GiB, ApproximateSearchMinItems 100,000,
# lowered only for a smaller trial run).
ConnectionStrings__WebClustering="$connection" WebClustering__Roles=Api Logging__LogLevel__Default=Warning \
  WebClustering__ApproximateSearchMinItems=$(( rows < 100000 ? rows : 100000 )) \
  WebClustering__Auth__AllowAnonymous=true WebClustering__Auth__RateLimit__TokenLimit=1000000 \
  WebClustering__Auth__RateLimit__TokensPerPeriod=1000000 \
  dotnet src/WebClustering.Api/bin/Release/net10.0/WebClustering.Api.dll --urls http://127.0.0.1:$port >/tmp/hnsw-bench-api.log 2>&1 &
api=$!
trap 'kill $api 2>/dev/null || true' EXIT
for _ in $(seq 1 60); do curl -sf -o /dev/null http://127.0.0.1:$port/swagger/v1/swagger.json && break; sleep 1; done

$bench load-hnsw http://127.0.0.1:$port "$job" "$rows" "$seconds" 50 0,1000 - "$api"
echo "server peak resident memory: $(grep VmHWM /proc/$api/status | xargs)"
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
if [[ "${2:-}" == "--5m" ]]; then
  $bench hnsw 5000000 32
fi
