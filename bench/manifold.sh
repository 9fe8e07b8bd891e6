#!/usr/bin/env bash
# The manifold step side by side with its Python peers, on Fashion-MNIST's 70,000 images projected by PCA to 10
# dimensions (bench/manifold/make_latent.py): neighbour graphs (exact, approximate, recall), UMAP with N2D's settings
# (ours on approximate and on exact neighbours, umap-learn unseeded and seeded) each followed by a GMM with ACC/NMI,
# and the GMM alone (ours and scikit-learn's, seeds 0-2). With --large it then lays out 100,000 and 1,000,000 rows
# (the vectors tiled with small noise) under /usr/bin/time -v for wall time and peak resident memory.
# Usage: bash bench/manifold.sh [DIR] [--large]    (DIR defaults to /tmp/webclustering-manifold)
set -euo pipefail
cd "$(dirname "$0")/.."
DIR=${1:-/tmp/webclustering-manifold}
PY=/usr/bin/python3
grep -m1 'model name' /proc/cpuinfo
echo "cores: $(nproc)"
dotnet build bench/WebClustering.Bench -c Release -v q -nologo >/dev/null
BENCH="nice -n 10 dotnet bench/WebClustering.Bench/bin/Release/net10.0/WebClustering.Bench.dll manifold"
[ -f "$DIR/latent-pca-10.f32" ] || nice -n 10 $PY bench/manifold/make_latent.py "$DIR"
LATENT=$DIR/latent-pca-10.f32

$BENCH --file "$LATENT" --step knn
$BENCH --file "$LATENT" --step umap --neighbours approximate
$BENCH --file "$LATENT" --step umap --neighbours exact
(cd bench/manifold && nice -n 10 $PY umap_learn.py "$LATENT" "$DIR/labels.txt")
for seed in 0 1 2; do $BENCH --file "$LATENT" --step gmm --seed $seed | grep GMM; done
(cd bench/manifold && nice -n 10 $PY sklearn_gmm.py "$LATENT" "$DIR/labels.txt" 0,1,2)

if [ "${2:-}" = "--large" ]; then
  for rows in 100000 1000000; do
    [ -f "$DIR/$rows/latent-pca-$rows-10.f32" ] || nice -n 10 $PY bench/manifold/make_latent.py "$DIR/$rows" --rows $rows
    /usr/bin/time -v $BENCH --file "$DIR/$rows/latent-pca-$rows-10.f32" --step umap 2>&1 \
      | grep -E "UMAP|GMM|Elapsed \(wall|Maximum resident"
  done
fi
