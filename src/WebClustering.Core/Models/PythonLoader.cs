namespace WebClustering.Core.Models;

/// <summary>The load_model.py shipped with PyTorch exports (documented in docs/models.md).</summary>
internal static class PythonLoader
{
    public const string Script = """
        # Rebuilds a WebClustering dense autoencoder in PyTorch and loads its weights.
        #   import load_model
        #   model, preprocess = load_model.load("path/to/unzipped/export")
        #   latent = model.encoder(preprocess(rows))   # rows: array of shape (n, inputDim), original units
        import json
        import os
        from collections import OrderedDict

        import torch

        ACTIVATIONS = {
            "relu": lambda: torch.nn.ReLU(),
            "leaky_relu": lambda: torch.nn.LeakyReLU(0.01),
            "elu": lambda: torch.nn.ELU(),
            "softplus": lambda: torch.nn.Softplus(),
            "sigmoid": lambda: torch.nn.Sigmoid(),
            "tanh": lambda: torch.nn.Tanh(),
            "hardtanh": lambda: torch.nn.Hardtanh(),
            "identity": lambda: torch.nn.Identity(),
        }


        def _stack(layers):
            modules = OrderedDict()
            for layer in layers:
                if layer["type"] == "linear":
                    modules[layer["name"]] = torch.nn.Linear(layer["in"], layer["out"])
                else:
                    modules[layer["name"]] = ACTIVATIONS[layer["activation"]]()
            return torch.nn.Sequential(modules)


        class Autoencoder(torch.nn.Module):
            def __init__(self, architecture):
                super().__init__()
                self.encoder = _stack(architecture["encoder"])
                self.decoder = _stack(architecture["decoder"])

            def forward(self, x):
                return self.decoder(self.encoder(x))


        def load(folder="."):
            with open(os.path.join(folder, "architecture.json")) as f:
                architecture = json.load(f)
            model = Autoencoder(architecture)
            weights = os.path.join(folder, architecture["weights"])
            if weights.endswith(".safetensors"):
                from safetensors.torch import load_file
                state = load_file(weights)
            else:
                state = torch.load(weights)
            model.load_state_dict(state)
            model.eval()
            pre = architecture["preprocessing"]
            offset = torch.tensor(pre["offset"], dtype=torch.float32)
            scale = torch.tensor(pre["scale"], dtype=torch.float32)

            def preprocess(rows):
                return (torch.as_tensor(rows, dtype=torch.float32) - offset) / scale

            return model, preprocess
        """;
}
