"""scikit-learn's GaussianMixture (k 10, full covariances, its defaults: one k-means start, tol 1e-3, reg_covar 1e-6)
on a float32 file of rows (DIR/latent-pca-10.f32 or an .npy embedding), one fit per seed: time, EM iterations, mean
log-likelihood, and ACC/NMI against DIR/labels.txt when given."""
import sys, time
import numpy as np
from sklearn.mixture import GaussianMixture
from sklearn.metrics import normalized_mutual_info_score
from scipy.optimize import linear_sum_assignment


def load(path):
    if path.endswith(".npy"):
        return np.load(path)
    return np.fromfile(path, dtype=np.float32).reshape(-1, int(path.rsplit("-", 1)[1].split(".")[0]))


def accuracy(truth, labels):
    counts = np.zeros((labels.max() + 1, truth.max() + 1), dtype=np.int64)
    np.add.at(counts, (labels, truth), 1)
    rows, cols = linear_sum_assignment(-counts)
    return counts[rows, cols].sum() / len(truth)


def main():
    x = load(sys.argv[1]).astype(np.float64)
    truth = np.loadtxt(sys.argv[2], dtype=np.int64) if len(sys.argv) > 2 and sys.argv[2] != "-" else None
    seeds = [int(s) for s in (sys.argv[3] if len(sys.argv) > 3 else "0").split(",")]
    for seed in seeds:
        start, cpu = time.perf_counter(), time.process_time()
        gmm = GaussianMixture(n_components=10, covariance_type="full", random_state=seed).fit(x)
        seconds, cpu = time.perf_counter() - start, time.process_time() - cpu
        labels = gmm.predict(x)
        quality = "" if truth is None else f", ACC {accuracy(truth, labels):.4f} NMI {normalized_mutual_info_score(truth, labels):.4f}"
        print(f"scikit-learn GMM seed {seed}: {seconds:.2f} s ({cpu:.1f} s CPU), {gmm.n_iter_} EM iterations, mean log-likelihood {gmm.score(x):.4f}{quality}", flush=True)


if __name__ == "__main__":
    main()
