#!/usr/bin/env bash
# Training throughput (issue 3): the service's trainer beside PyTorch on Fashion-MNIST, the dense
# 784-500-500-2000-10 autoencoder, batch 256, Adam, same thread count, alternating runs in one go.
#   bash bench/training.sh [epochs per run, default 2] [rounds, default 2]
set -euo pipefail
cd "$(dirname "$0")/.."
epochs="${1:-2}"
rounds="${2:-2}"
threads="$(nproc)"
need=()
python3 -c "import torch" 2>/dev/null || need+=(python3-torch)
dpkg -s libopenblas0-openmp >/dev/null 2>&1 || need+=(libopenblas0-openmp)  # else Debian's torch uses reference BLAS
[ -f /usr/share/datasets/fashion-mnist/train-images-idx3-ubyte.gz ] || need+=(dataset-fashion-mnist)
if [ ${#need[@]} -gt 0 ]; then
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need[@]}" >/dev/null
fi
dotnet build -c Release -v quiet -nologo bench/WebClustering.TrainBench
echo "machine: $threads cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)"
echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
log="$(mktemp)"
trap 'rm -f "$log"' EXIT
for _ in $(seq 1 "$rounds"); do
  dotnet bench/WebClustering.TrainBench/bin/Release/net10.0/WebClustering.TrainBench.dll --epochs "$epochs" --threads "$threads" | tee -a "$log"
  /usr/bin/python3 bench/pytorch_train.py --epochs "$epochs" --threads "$threads" | tee -a "$log"
done
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
# The median of the rounds for each side: single runs on a shared machine vary by more than 10%.
for side in webclustering pytorch; do
  grep "^$side" "$log" | sed -E 's/.*: ([0-9]+) samples\/s.*/\1/' | sort -n |
    awk -v side="$side" '{ v[NR] = $1 } END { m = NR % 2 ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2; printf "median %s: %.0f samples/s over %d runs\n", side, m, NR }'
done
