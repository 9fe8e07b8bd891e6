"""Writes Fashion-MNIST's 70,000 images (train + test, IDX from Debian's dataset-fashion-mnist) projected by PCA to 10
dimensions as float32 rows (DIR/latent-pca-10.f32) and their labels (DIR/labels.txt), the files the `fashion-latent`
bench mode and bench/manifold.sh read. PCA stands in for an autoencoder's latent: real structure, no 20-minute
pretraining. Optional: --rows N tiles the vectors with small noise to N rows (for the 1,000,000-row memory run)."""
import argparse, gzip, os
import numpy as np
from sklearn.decomposition import PCA

SRC = "/usr/share/datasets/fashion-mnist"


def idx(name, offset):
    with gzip.open(os.path.join(SRC, name)) as f:
        return np.frombuffer(f.read(), dtype=np.uint8, offset=offset)


parser = argparse.ArgumentParser()
parser.add_argument("dir")
parser.add_argument("--rows", type=int, default=0)
args = parser.parse_args()
os.makedirs(args.dir, exist_ok=True)
images = np.concatenate([idx("train-images-idx3-ubyte.gz", 16), idx("t10k-images-idx3-ubyte.gz", 16)]).reshape(-1, 784)
labels = np.concatenate([idx("train-labels-idx1-ubyte.gz", 8), idx("t10k-labels-idx1-ubyte.gz", 8)])
latent = PCA(n_components=10, svd_solver="full").fit_transform(images.astype(np.float64) / 255.0).astype(np.float32)
if args.rows:
    rng = np.random.default_rng(0)
    picks = np.arange(args.rows) % len(latent)
    scale = 0.05 * latent.std(axis=0)
    latent = (latent[picks] + rng.standard_normal((args.rows, 10)) * scale).astype(np.float32)
    labels = labels[picks]
suffix = f"-{args.rows}" if args.rows else ""
latent.tofile(os.path.join(args.dir, f"latent-pca{suffix}-10.f32"))
np.savetxt(os.path.join(args.dir, "labels.txt"), labels, fmt="%d")
print(f"wrote {latent.shape[0]} x {latent.shape[1]} to {args.dir}")
