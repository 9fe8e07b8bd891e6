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
if [[ -z "$url" ]]; then
  source bench/lib/service.sh
  start_bench_service webclustering_quality_bench 5097
  echo "service: $url (log: $service_log)"
fi
/usr/bin/python3 bench/quality/run.py --url "$url" "${args[@]}"
