#!/usr/bin/env bash
# Default initialisation (issue 17): the default job with the init it now plans (He after relu) beside the same job
# with xavier_uniform (the default before), per dataset and seed. Starts the service like bench/quality.sh.
#   bash bench/init_compare.sh [--only NAME[,NAME]] [--seeds 0,1]
set -euo pipefail
cd "$(dirname "$0")/.."
echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)"
source bench/lib/service.sh
start_bench_service webclustering_init_compare 5098
/usr/bin/python3 bench/quality/init_compare.py --url "$url" "$@"
