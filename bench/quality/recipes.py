"""The explicit configurations the bench tries per dataset kind, every setting pinned (epochs, batch, seed,
preprocessing) so that a run is reproducible. The best of them by ACC is the dataset's "best explicit recipe"."""

# Epochs per kind: the quick run trains less, the full run as the N2D recipe is usually run (about 50 on images).
EPOCHS = {"quick": {"table": 50, "sequences": 30, "pixels": 10, "images": 5},
          "full": {"table": 100, "sequences": 60, "pixels": 50, "images": 50}}


def _training(kind, mode, preprocessing, batch):
    return {"epochs": EPOCHS[mode][kind], "batchSize": batch, "learningRate": 0.001, "optimizer": "adam",
            "seed": 0, "preprocessing": preprocessing}


def recipes(dataset, mode):
    """(method name, job configuration without datasetId) pairs for the dataset."""
    k, kind, columns = dataset.k, dataset.kind, dataset.x.shape[1]
    kmeans = {"algorithm": "kmeans", "k": k, "nInit": 10}
    n2d = {"preset": "n2d", "k": k}
    if kind in ("pixels", "images"):
        # DEC's 500-500-2000 model on [0, 1] pixels: the recipe of DEC, IDEC and N2D for images.
        dense = {"kind": "dense", "hiddenLayers": [500, 500, 2000], "latentDim": 10, "activation": "relu"}
        training = _training(kind, mode, "minmax", 256)
        found = [("ae500+kmeans", dense, kmeans), ("ae500+n2d", dense, n2d)]
        if kind == "images":
            # The quick run's conv AE has the service's default 16-32 channels; the full run DCEC's 32-64-128.
            channels = [16, 32] if mode == "quick" else [32, 64, 128]
            conv = {"kind": "conv", "latentDim": 10, "activation": "relu",
                    "encoder": [{"outChannels": c, "kernel": 3, "stride": 1, "pool": 2} for c in channels]}
            found += [("conv+kmeans", conv, kmeans)]
            if mode == "full":
                found += [("conv+n2d", conv, n2d)]
        return [(name, {"model": model, "training": training, "clustering": clustering})
                for name, model, clustering in found]
    latent = max(2, min(10, columns))  # no wider than the input on narrow tables
    dense = {"kind": "dense", "hiddenLayers": [128, 64], "latentDim": latent, "activation": "relu"}
    training = _training(kind, mode, "standardize", 64)
    found = [("ae+kmeans", dense, kmeans), ("ae+n2d", dense, n2d)]
    if kind == "sequences":
        lstm = {"kind": "sequence", "cell": "lstm", "hiddenSize": 32, "layers": 1, "latentDim": latent}
        found += [("lstm+kmeans", lstm, kmeans), ("lstm+n2d", lstm, n2d)]
    return [(name, {"model": model, "training": training, "clustering": clustering})
            for name, model, clustering in found]
