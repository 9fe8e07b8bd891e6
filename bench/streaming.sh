#!/usr/bin/env bash
# Streamed training benchmark (issue 16, item 1): a worker's peak resident memory and stage times for one job on
# 100,000, 1,000,000 and 5,000,000 rows of 64 features (ten Gaussian blobs, NPY uploads), the same dense model and
# training settings each time, against the real service (one API process, a fresh worker process per job so that
# its VmHWM is that job's) on a throwaway database. Prints one line per size; takes about 40 minutes with 5M.
#   bash bench/streaming.sh [sizes, default 100000,1000000,5000000] [epochs, default 2]
# Set INDEX=1 to let jobs of 100,000 items or more build their HNSW indexes as by default (left out otherwise: the
# index is measured by bench/hnsw.sh, and its build holds the vectors and graph in memory by nature).
set -euo pipefail
cd "$(dirname "$0")/.."
sizes="${1:-100000,1000000,5000000}"
epochs="${2:-2}"
connection="$(bash bench/scratch-db.sh webclustering_streaming_bench)"
dotnet build -c Release -v quiet -nologo src/WebClustering.Api
echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs), $(free -g | awk '/Mem:/ {print $2}') GB"
/usr/bin/python3 bench/streaming/run.py "$connection" "$sizes" "$epochs" "${INDEX:-0}"
