"""Loads the service's PyTorch exports with their own load_model.py and checks the latent vectors match.

    dotnet bench/WebClustering.TrainBench/bin/Release/net10.0/WebClustering.TrainBench.dll --export-check /tmp/export-check
    python3 bench/pytorch_export_check.py /tmp/export-check
"""
import importlib.util
import json
import os
import sys

import torch

folder = sys.argv[1]
expected = json.load(open(os.path.join(folder, "expected.json")))
for form in ("pytorch", "safetensors"):
    path = os.path.join(folder, form)
    spec = importlib.util.spec_from_file_location(f"load_model_{form}", os.path.join(path, "load_model.py"))
    loader = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(loader)
    try:
        model, preprocess = loader.load(path)
    except ImportError as error:
        print(f"{form}: skipped here ({error}); install the safetensors package to check it")
        continue
    with torch.no_grad():
        latent = model.encoder(preprocess(expected["rows"])).numpy()
    difference = abs(latent - torch.tensor(expected["latent"]).numpy()).max()
    print(f"{form}: max |latent difference| = {difference:.2e} over {len(latent)} rows")
    assert difference < 1e-4, f"{form} export does not reproduce the service's latent vectors"
