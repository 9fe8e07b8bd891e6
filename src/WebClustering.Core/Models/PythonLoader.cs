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
            "relu": lambda layer: torch.nn.ReLU(),
            "leaky_relu": lambda layer: torch.nn.LeakyReLU(layer["alpha"]),
            "prelu": lambda layer: torch.nn.PReLU(layer["width"], layer["alpha"]),
            "elu": lambda layer: torch.nn.ELU(layer["alpha"]),
            "softplus": lambda layer: torch.nn.Softplus(layer["beta"]),
            "sigmoid": lambda layer: torch.nn.Sigmoid(),
            "tanh": lambda layer: torch.nn.Tanh(),
            "hardtanh": lambda layer: torch.nn.Hardtanh(layer["min"], layer["max"]),
            "identity": lambda layer: torch.nn.Identity(),
        }


        def _stack(layers):
            modules = OrderedDict()
            for layer in layers:
                if layer["type"] == "linear":
                    modules[layer["name"]] = torch.nn.Linear(layer["in"], layer["out"])
                else:
                    modules[layer["name"]] = ACTIVATIONS[layer["activation"]](layer)
            return torch.nn.Sequential(modules)


        class Autoencoder(torch.nn.Module):
            def __init__(self, architecture):
                super().__init__()
                self.body = _stack(architecture["body"])
                self.latent = torch.nn.Linear(architecture["latent"]["in"], architecture["latent"]["out"])
                self.decoder = _stack(architecture["decoder"])
                self.output = torch.sigmoid if architecture["outputActivation"] == "sigmoid" else (lambda x: x)

            def encoder(self, x):
                return self.latent(self.body(x))

            def forward(self, x):
                return self.output(self.decoder(self.encoder(x)))


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
