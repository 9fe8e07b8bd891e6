#!/usr/bin/env bash
# k-means against scikit-learn on the same 70,000 x 10 vectors (10 blobs, k = 10, 20 restarts), in one run; then the
# manifold recipe's two steps on those vectors: GMM (beside scikit-learn's GaussianMixture) and UMAP.
# Needs python3-sklearn (apt-get install -y python3-sklearn) and runs Debian's /usr/bin/python3, where apt installs it. Usage: bash bench/kmeans_vs_sklearn.sh
set -euo pipefail
cd "$(dirname "$0")/.."
data="$(mktemp --suffix .npy)"
trap 'rm -f "$data"' EXIT
dotnet run -c Release --project bench/WebClustering.Bench -- blobs-npy "$data"
# OPENBLAS_CORETYPE/L2_SIZE, where a machine sets them for old OpenBLAS builds, slow a current numpy: not for the peer.
env -u OPENBLAS_CORETYPE -u OPENBLAS_L2_SIZE /usr/bin/python3 - "$data" <<'PY'
import sys, time, numpy as np
from sklearn.cluster import KMeans
x = np.load(sys.argv[1])
KMeans(n_clusters=10, n_init=1, random_state=1).fit(x)  # warm-up, as on the .NET side
start = time.perf_counter()
model = KMeans(n_clusters=10, n_init=20, algorithm="lloyd", random_state=0).fit(x)
print(f"scikit-learn k-means: {time.perf_counter() - start:.3f} s, inertia {model.inertia_:.1f} ({x.shape[0]} x {x.shape[1]}, k 10, n_init 20)")
from sklearn.mixture import GaussianMixture
start = time.perf_counter()
gmm = GaussianMixture(n_components=10, covariance_type="full", random_state=0).fit(x)
print(f"scikit-learn GMM: {time.perf_counter() - start:.3f} s, {gmm.n_iter_} EM iterations, "
      f"mean log-likelihood {gmm.score(x):.4f} (k 10, full covariances, n_init 1)")
PY
