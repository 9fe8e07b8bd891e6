namespace WebClustering.Core.Export;

/// <summary>The load_model.py shipped with PyTorch exports (documented in docs/models.md); it reads architecture.json's layout.</summary>
internal static class PythonLoader
{
    public const string Script = """
        # Rebuilds a WebClustering autoencoder (any kind) in PyTorch from architecture.json and loads its weights.
        #   import load_model
        #   model, preprocess = load_model.load("path/to/unzipped/export")
        #   latent = model.encode(preprocess(rows))   # rows: array of shape (n, inputSize), original units
        #   rows_scaled = model.decode(latent)         # after the output activation, in scaled units
        # Needs only torch (and its numpy); model.safetensors is read without the safetensors package.
        import json
        import os
        from collections import OrderedDict

        import torch

        ACTIVATIONS = {
            "relu": lambda layer: torch.nn.ReLU(),
            "leaky_relu": lambda layer: torch.nn.LeakyReLU(layer["alpha"]),
            "prelu": lambda layer: torch.nn.PReLU(layer["width"], layer["alpha"]),
            "elu": lambda layer: torch.nn.ELU(layer["alpha"]),
            "softplus": lambda layer: torch.nn.Softplus(layer.get("beta") or 1),
            "sigmoid": lambda layer: torch.nn.Sigmoid(),
            "tanh": lambda layer: torch.nn.Tanh(),
            "hardtanh": lambda layer: torch.nn.Hardtanh(layer.get("min", -1), layer.get("max", 1)),
            "identity": lambda layer: torch.nn.Identity(),
        }


        class Lambda(torch.nn.Module):
            def __init__(self, function):
                super().__init__()
                self.function = function

            def forward(self, x):
                return self.function(x)


        def _recurrent(layer):
            # Batch first, the top layer's output at every step (the tuple's first item).
            base = torch.nn.LSTM if layer["cell"] == "lstm" else torch.nn.GRU

            class Recurrent(base):
                def forward(self, x):
                    return super().forward(x)[0]

            return Recurrent(layer["in"], layer["hidden"], layer["layers"], batch_first=True)


        def _crop(layer):
            top = (layer["inHeight"] - layer["height"]) // 2
            left = (layer["inWidth"] - layer["width"]) // 2
            return Lambda(lambda x: x[:, :, top:top + layer["height"], left:left + layer["width"]])


        LAYERS = {
            "linear": lambda l: torch.nn.Linear(l["in"], l["out"]),
            "activation": lambda l: ACTIVATIONS[l["activation"]](l),
            "reshape": lambda l: Lambda(lambda x: x.reshape(x.shape[0], *l["shape"])),
            "conv2d": lambda l: torch.nn.Conv2d(l["in"], l["out"], l["kernel"], stride=l["stride"], padding=l["padding"]),
            "maxpool2d": lambda l: torch.nn.MaxPool2d(l["size"]),
            "upsample": lambda l: torch.nn.Upsample(scale_factor=l["scale"], mode=l["mode"],
                                                    align_corners=False if l["mode"] == "bilinear" else None),
            "conv_transpose2d": lambda l: torch.nn.ConvTranspose2d(l["in"], l["out"], l["kernel"], stride=l["stride"],
                                                                   padding=l["padding"], output_padding=l["outputPadding"]),
            "center_crop": _crop,
            "recurrent": _recurrent,
            "last_step": lambda l: Lambda(lambda x: x[:, -1]),
            "repeat": lambda l: Lambda(lambda x: x.unsqueeze(1).expand(-1, l["steps"], -1)),
        }


        def _part(part):
            layers = part["layers"]
            if len(layers) == 1 and layers[0]["name"] is None:
                return LAYERS[layers[0]["type"]](layers[0])
            return torch.nn.Sequential(OrderedDict((l["name"], LAYERS[l["type"]](l)) for l in layers))


        class Autoencoder(torch.nn.Module):
            def __init__(self, architecture):
                super().__init__()
                # Children under the state_dict's names (which include "encoder" and "decoder" for sequence models).
                for part in architecture["parts"]:
                    self.add_module(part["name"], _part(part))
                self.encoder_parts = architecture["encoder"]
                self.decoder_parts = architecture["decoder"]
                self.sigmoid_output = architecture["outputActivation"] == "sigmoid"

            def encode(self, x):
                for name in self.encoder_parts:
                    x = getattr(self, name)(x)
                return x

            def decode(self, z):
                for name in self.decoder_parts:
                    z = getattr(self, name)(z)
                return torch.sigmoid(z) if self.sigmoid_output else z

            def forward(self, x):
                return self.decode(self.encode(x))


        def read_safetensors(path):
            # Format: 8-byte little-endian header length, a JSON header {name: {dtype, shape, data_offsets}}, raw data.
            with open(path, "rb") as f:
                length = int.from_bytes(f.read(8), "little")
                header = json.loads(f.read(length))
                data = f.read()
            types = {"F32": torch.float32, "F64": torch.float64, "I64": torch.int64}
            state = OrderedDict()
            for key, entry in header.items():
                if key == "__metadata__":
                    continue
                start, end = entry["data_offsets"]
                tensor = torch.frombuffer(bytearray(data[start:end]), dtype=types[entry["dtype"]]) if end > start \
                    else torch.empty(0, dtype=types[entry["dtype"]])
                state[key] = tensor.reshape(entry["shape"])
            return state


        def load(folder="."):
            with open(os.path.join(folder, "architecture.json")) as f:
                architecture = json.load(f)
            model = Autoencoder(architecture)
            weights = os.path.join(folder, architecture["weights"])
            state = read_safetensors(weights) if weights.endswith(".safetensors") else torch.load(weights)
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
