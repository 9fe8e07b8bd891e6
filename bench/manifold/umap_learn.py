"""umap-learn 0.5.3 with N2D's settings (20 neighbours, min_dist 0, 10 components) on a float32 rows file, after a
JIT warm-up on a small array: unseeded (parallel) and seeded (random_state=0, single-threaded), each followed by
scikit-learn's GaussianMixture (k 10, full, random_state 0) with ACC/NMI against the labels file."""
import sys, time
import numpy as np
import umap
from sklearn.mixture import GaussianMixture
from sklearn.metrics import normalized_mutual_info_score
from sklearn_gmm import accuracy, load

x = load(sys.argv[1])
truth = np.loadtxt(sys.argv[2], dtype=np.int64)
settings = dict(n_neighbors=20, min_dist=0.0, n_components=10)
umap.UMAP(**settings).fit_transform(x[:2000])  # numba compiles here, not in the timed runs
for name, seed in (("unseeded", None), ("seeded (random_state 0)", 0)):
    start, cpu = time.perf_counter(), time.process_time()
    embedding = umap.UMAP(random_state=seed, **settings).fit_transform(x)
    seconds, cpu = time.perf_counter() - start, time.process_time() - cpu
    labels = GaussianMixture(n_components=10, covariance_type="full", random_state=0).fit(embedding).predict(embedding)
    print(f"umap-learn {name}: {seconds:.1f} s ({cpu:.1f} s CPU); GMM on it: ACC {accuracy(truth, labels):.4f} "
          f"NMI {normalized_mutual_info_score(truth, labels):.4f}", flush=True)
