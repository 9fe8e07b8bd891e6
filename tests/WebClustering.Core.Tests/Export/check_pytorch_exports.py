"""Loads each unzipped PyTorch export under a folder with its own load_model.py and compares it with the service.

    python3 check_pytorch_exports.py FOLDER
FOLDER/<kind>/expected.json holds rows (original units), the service's latent vectors and decoded rows (scaled
units); FOLDER/<kind>/pytorch and FOLDER/<kind>/safetensors hold the unzipped exports. Prints one line a pair:
    <kind> <form> <max |latent difference|> <max |decoded difference|>
"""
import importlib.util
import json
import os
import sys

import torch

torch.set_num_threads(1)
folder = sys.argv[1]
for kind in sorted(os.listdir(folder)):
    with open(os.path.join(folder, kind, "expected.json")) as f:
        expected = json.load(f)
    for form in ("pytorch", "safetensors"):
        path = os.path.join(folder, kind, form)
        spec = importlib.util.spec_from_file_location(f"load_model_{kind}_{form}", os.path.join(path, "load_model.py"))
        loader = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(loader)
        model, preprocess = loader.load(path)
        with torch.no_grad():
            latent = model.encode(preprocess(expected["rows"]))
            decoded = model.decode(torch.tensor(expected["latent"], dtype=torch.float32))
        latent_difference = (latent - torch.tensor(expected["latent"])).abs().max().item()
        decoded_difference = (decoded - torch.tensor(expected["decoded"])).abs().max().item()
        print(f"{kind} {form} {latent_difference:.3e} {decoded_difference:.3e}", flush=True)
