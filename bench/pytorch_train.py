"""PyTorch peer of WebClustering.TrainBench: the same model, batch, optimiser, data and thread count.

    python3 bench/pytorch_train.py [--epochs 2] [--rows 70000] [--threads 2] [--data /usr/share/datasets/fashion-mnist]
"""
import argparse
import gzip
import os
import time

import numpy as np
import torch


def load(folder, rows):
    parts = []
    for prefix in ("train", "t10k"):
        with gzip.open(os.path.join(folder, f"{prefix}-images-idx3-ubyte.gz")) as f:
            data = f.read()
        parts.append(np.frombuffer(data, dtype=np.uint8, offset=16).reshape(-1, 784))
    return torch.from_numpy(np.concatenate(parts)[:rows].astype(np.float32) / 255.0)


def stack(widths, activate_last):
    layers = []
    for i in range(len(widths) - 1):
        layers.append(torch.nn.Linear(widths[i], widths[i + 1]))
        if activate_last or i < len(widths) - 2:
            layers.append(torch.nn.ReLU())
    return torch.nn.Sequential(*layers)


def train(data, epochs, batch):
    torch.manual_seed(0)
    encoder = stack([784, 500, 500, 2000, 10], activate_last=False)
    decoder = stack([10, 2000, 500, 500, 784], activate_last=False)
    model = torch.nn.Sequential(encoder, decoder)
    for module in model.modules():
        if isinstance(module, torch.nn.Linear):
            torch.nn.init.xavier_uniform_(module.weight)
            torch.nn.init.zeros_(module.bias)
    optimiser = torch.optim.Adam(model.parameters(), lr=1e-3)
    generator = torch.Generator().manual_seed(0)
    epoch_loss = None
    for _ in range(epochs):
        order = torch.randperm(len(data), generator=generator)
        total = 0.0
        for start in range(0, len(data), batch):
            rows = data[order[start:start + batch]]
            optimiser.zero_grad()
            loss = torch.nn.functional.mse_loss(model(rows), rows)
            loss.backward()
            optimiser.step()
            total += loss.item() * len(rows)  # the C# trainer reads each batch's loss too
        epoch_loss = total / len(data)
    return epoch_loss


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--epochs", type=int, default=2)
    parser.add_argument("--rows", type=int, default=70000)
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--data", default="/usr/share/datasets/fashion-mnist")
    args = parser.parse_args()
    torch.set_num_threads(args.threads)
    data = load(args.data, args.rows)
    train(data[:2048], 1, 256)  # warm-up, as the C# side does
    start = time.perf_counter()
    loss = train(data, args.epochs, 256)
    elapsed = time.perf_counter() - start
    print(f"pytorch {torch.__version__}: {len(data) * args.epochs / elapsed:.0f} samples/s "
          f"({len(data)} rows x {args.epochs} epochs in {elapsed:.1f} s, {args.threads} threads, last epoch's mean loss {loss:.4f})")


if __name__ == "__main__":
    main()
