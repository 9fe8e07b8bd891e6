"""Scores and the scikit-learn baselines the service's jobs are compared with."""
import time

import numpy as np
from scipy.optimize import linear_sum_assignment
from sklearn.cluster import KMeans
from sklearn.decomposition import PCA
from sklearn.metrics import adjusted_rand_score, normalized_mutual_info_score
from sklearn.preprocessing import StandardScaler


def accuracy(y, clusters):
    """ACC: the share of rows whose cluster maps to their label under the best one-to-one matching (Hungarian)."""
    labels, y_index = np.unique(y, return_inverse=True)
    found, c_index = np.unique(clusters, return_inverse=True)
    counts = np.zeros((len(found), len(labels)), dtype=np.int64)
    np.add.at(counts, (c_index, y_index), 1)
    rows, cols = linear_sum_assignment(-counts)
    return counts[rows, cols].sum() / len(y)


def scores(y, clusters):
    return accuracy(y, clusters), normalized_mutual_info_score(y, clusters), adjusted_rand_score(y, clusters)


def _kmeans(x, y, k):
    started = time.monotonic()
    clusters = KMeans(n_clusters=k, n_init=10, random_state=0).fit_predict(x)
    return (*scores(y, clusters), time.monotonic() - started)


def baselines(x, y, k, pca_dims):
    """k-means (10 starts, seed 0) on the raw and the standardized rows, and PCA to pca_dims + k-means on each.
    Returns (method, acc, nmi, ari, seconds) rows; the seconds include the scaling and the PCA."""
    x = np.asarray(x, dtype=np.float64)
    started = time.monotonic()
    standardized = StandardScaler().fit_transform(x)
    scale_seconds = time.monotonic() - started
    rows = []
    for label, data, extra in (("raw", x, 0.0), ("std", standardized, scale_seconds)):
        acc, nmi, ari, seconds = _kmeans(data, y, k)
        rows.append((f"kmeans {label}", acc, nmi, ari, seconds + extra))
        dims = min(pca_dims, data.shape[1])
        started = time.monotonic()
        reduced = PCA(n_components=dims, random_state=0).fit_transform(data)
        pca_seconds = time.monotonic() - started
        acc, nmi, ari, seconds = _kmeans(reduced, y, k)
        rows.append((f"pca{dims}+kmeans {label}", acc, nmi, ari, seconds + pca_seconds + extra))
    return rows


def service_baseline(clusters):
    """The job's own baseline block (k-means and PCA + k-means on its preprocessed input), when the service sends
    one, as (method, acc, nmi, ari) rows; its exact shape is not settled, so any nesting of named entries with
    accuracy/nmi/ari (directly or under `external`) is read."""
    block = (clusters or {}).get("baseline")
    found = []

    def walk(name, node):
        if isinstance(node, dict):
            scores_node = node.get("external") if isinstance(node.get("external"), dict) else node
            if "accuracy" in scores_node:
                found.append((f"svc baseline {name}".strip(), scores_node["accuracy"], scores_node.get("nmi"),
                              scores_node.get("ari")))
                return
            for key, value in node.items():
                walk(f"{name} {key}".strip(), value)
        elif isinstance(node, list):
            for i, value in enumerate(node):
                label = value.get("method") or value.get("name") if isinstance(value, dict) else None
                walk(f"{name} {label or i}".strip(), value)

    walk("", block)
    return found
