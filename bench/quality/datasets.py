"""The labelled datasets of the quality bench: each has the rows the baselines see (items flattened), the labels,
its kind and a way to upload it over HTTP. Everything is generated with fixed seeds, so runs are comparable."""
import gzip
import os
from dataclasses import dataclass
from typing import Callable

import numpy as np
from sklearn import datasets as sk

FASHION = "/usr/share/datasets/fashion-mnist"


@dataclass
class Dataset:
    name: str
    kind: str  # table (columns of their own units), pixels (a table of one-range pixels), images, sequences
    x: np.ndarray  # items flattened, as the baselines see them
    y: np.ndarray
    upload: Callable  # (api, workdir) -> dataset id

    @property
    def k(self):
        return len(np.unique(self.y))


def _csv_upload(name, x, y):
    def upload(api, workdir):
        path = os.path.join(workdir, f"{name}.csv")
        header = ",".join(f"f{j}" for j in range(x.shape[1])) + ",label"
        fmt = "%d" if np.issubdtype(x.dtype, np.integer) else "%.6g"
        np.savetxt(path, np.column_stack([x, y]), delimiter=",", header=header, comments="",
                   fmt=[fmt] * x.shape[1] + ["%d"])
        return api.upload("", {"file": path}, {"name": name, "labelColumn": "label"})["id"]
    return upload


def table(name, x, y, kind="table"):
    return Dataset(name, kind, np.asarray(x), np.asarray(y).astype(int), _csv_upload(name, np.asarray(x), y))


def _blobs(seed, n, centers, features, std):
    return sk.make_blobs(n_samples=n, centers=centers, n_features=features, cluster_std=std, random_state=seed)


def anisotropic():
    x, y = _blobs(170, 1500, 3, 2, 1.0)
    return table("anisotropic", x @ np.array([[0.6, -0.6], [-0.4, 0.8]]), y)


def high_dim_noise():
    x, y = _blobs(3, 2000, 5, 10, 2.0)  # 10 informative columns, then 90 of pure noise on the same scale
    return table("highdim_noise", np.hstack([x, np.random.default_rng(3).normal(0, 2.0, (2000, 90))]), y)


def mixed_units():
    # Four groups in six columns measured in very different units (grams to kilometres, counts, ratios): k-means
    # on the raw columns only sees the largest unit.
    x, y = _blobs(11, 1200, 4, 6, 1.2)
    scales = np.array([1e-3, 1.0, 50.0, 1e3, 2e4, 1e6])
    return table("mixed_units", x * scales + np.array([0, 10, -300, 5e3, 1e5, 3e7]), y)


def waves(n_per_class=300, steps=64):
    """Sine, square and sawtooth waves with Gaussian noise, a phase jittered by up to 1 radian and a period of 14 to
    18 steps (fully random phases leave nothing for k-means on the values to find, nor for most autoencoders)."""
    rng = np.random.default_rng(5)
    t = np.arange(steps)
    rows, labels = [], []
    for label, shape in enumerate([np.sin, lambda p: np.sign(np.sin(p)), lambda p: (p / np.pi) % 2 - 1]):
        for _ in range(n_per_class):
            phase = rng.uniform(-1, 1) + 2 * np.pi * t / rng.uniform(14, 18)
            rows.append(shape(phase) + rng.normal(0, 0.3, steps))
            labels.append(label)
    x, y = np.array(rows, dtype=np.float32), np.array(labels)

    def upload(api, workdir):
        path = os.path.join(workdir, "waves.csv")
        with open(path, "w") as f:
            f.write("id,step,value,label\n")
            for i, (row, label) in enumerate(zip(x, y)):
                f.writelines(f"s{i},{s},{v:.5f},{label}\n" for s, v in enumerate(row))
        return api.upload("/sequences-csv", {"file": path}, {"name": "waves", "labelColumn": "label"})["id"]
    return Dataset("waves", "sequences", x, y, upload)


def _read_idx(path):
    with gzip.open(path) as f:
        data = f.read()
    dims = data[3]
    shape = np.frombuffer(data, ">u4", dims, 4)
    return np.frombuffer(data, np.uint8, offset=4 + 4 * dims).reshape(shape)


def _write_idx(path, array):
    with gzip.open(path, "wb", compresslevel=1) as f:
        f.write(bytes([0, 0, 8, array.ndim]) + np.array(array.shape, ">u4").tobytes() + array.tobytes())


def fashion(name, splits):
    """Fashion-MNIST from Debian's dataset-fashion-mnist as IDX: the shipped files for one split, else one pair of
    IDX files holding the splits in order (the endpoint takes one images file and one labels file)."""
    images = [_read_idx(f"{FASHION}/{s}-images-idx3-ubyte.gz") for s in splits]
    labels = [_read_idx(f"{FASHION}/{s}-labels-idx1-ubyte.gz") for s in splits]
    x, y = np.concatenate(images), np.concatenate(labels)

    def upload(api, workdir):
        if len(splits) == 1:
            files = [f"{FASHION}/{splits[0]}-{part}-idx{d}-ubyte.gz" for part, d in (("images", 3), ("labels", 1))]
        else:
            files = [os.path.join(workdir, f"{name}-{part}.gz") for part in ("images", "labels")]
            _write_idx(files[0], x)
            _write_idx(files[1], y)
        return api.upload("/idx", {"file": files[0], "labels": files[1]}, {"name": name})["id"]
    return Dataset(name, "images", x.reshape(len(x), -1), y.astype(int), upload)


def fashion_csv():
    x = _read_idx(f"{FASHION}/t10k-images-idx3-ubyte.gz").reshape(10000, -1)
    return table("fashion_csv", x, _read_idx(f"{FASHION}/t10k-labels-idx1-ubyte.gz"), kind="pixels")


def suite(full):
    """(name, factory) pairs in the order they run; the full run adds the large sets."""
    quick = [
        ("blobs", lambda: table("blobs", *_blobs(0, 2000, 6, 8, 1.5))),
        ("moons", lambda: table("moons", *sk.make_moons(1000, noise=0.08, random_state=0))),
        ("anisotropic", anisotropic),
        ("varied_density", lambda: table("varied_density", *_blobs(170, 1500, 3, 2, [1.0, 2.5, 0.5]))),
        ("highdim_noise", high_dim_noise),
        ("mixed_units", mixed_units),
        ("iris", lambda: table("iris", *sk.load_iris(return_X_y=True))),
        ("wine", lambda: table("wine", *sk.load_wine(return_X_y=True))),
        ("breast_cancer", lambda: table("breast_cancer", *sk.load_breast_cancer(return_X_y=True))),
        ("digits", lambda: table("digits", *sk.load_digits(return_X_y=True), kind="pixels")),
        ("waves", waves),
        ("fashion_idx_10k", lambda: fashion("fashion_idx_10k", ["t10k"])),
        ("fashion_csv", fashion_csv),
    ]
    large = [
        ("blobs_50k", lambda: table("blobs_50k", *_blobs(1, 50000, 12, 32, 3.0))),
        ("fashion_idx_70k", lambda: fashion("fashion_idx_70k", ["train", "t10k"])),
    ]
    return quick + large if full else quick
