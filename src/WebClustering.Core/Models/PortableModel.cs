using System.IO.Compression;
using System.Text.Json;
using TorchSharp.PyBridge;

namespace WebClustering.Core.Models;

public enum PortableFormat { PyTorch, Safetensors }

/// <summary>
/// Exports a trained dense model for PyTorch users: the weights as a PyTorch state_dict (<c>state_dict.pt</c>, read by
/// <c>torch.load</c>) or as <c>model.safetensors</c>, beside <c>architecture.json</c> (layers with the names the
/// state_dict uses, and the fitted preprocessing) and <c>load_model.py</c>, which rebuilds the module and loads it.
/// </summary>
public static class PortableModel
{
    public static string WeightsFileName(PortableFormat format) =>
        format == PortableFormat.Safetensors ? "model.safetensors" : "state_dict.pt";

    /// <summary>Dense models only so far: their layers map one to one onto torch.nn modules in load_model.py.</summary>
    public static bool Supports(AutoencoderSpec spec) => spec is DenseSpec;

    public static byte[] Export(TrainedModel model, PortableFormat format)
    {
        if (model.Autoencoder.Spec is not DenseSpec)
            throw new NotSupportedException($"PyTorch export covers dense models; this one is {model.Autoencoder.Spec.Kind}.");
        using var buffer = new MemoryStream();
        using (var zip = new ZipArchive(buffer, ZipArchiveMode.Create, leaveOpen: true))
        {
            Write(zip, WeightsFileName(format), stream =>
            {
                // PyBridge's writers may close the stream they are given: write to a buffer first.
                var weights = new MemoryStream();
                if (format == PortableFormat.Safetensors) model.Autoencoder.save_safetensors(weights);
                else model.Autoencoder.save_py(weights);
                stream.Write(weights.ToArray());
            });
            Write(zip, "architecture.json", stream => JsonSerializer.Serialize(stream, Describe(model, format), new JsonSerializerOptions { WriteIndented = true }));
            Write(zip, "load_model.py", stream => stream.Write(System.Text.Encoding.UTF8.GetBytes(PythonLoader.Script)));
        }
        return buffer.ToArray();
    }

    /// <summary>Loads the safetensors weights of an export into a fresh module (used to check an export round-trips).</summary>
    public static Autoencoder LoadSafetensors(AutoencoderSpec spec, Stream safetensors)
    {
        var module = AutoencoderFactory.Create(spec, seed: 0);
        module.load_safetensors(safetensors);
        module.eval();
        return module;
    }

    private static void Write(ZipArchive zip, string name, Action<Stream> write)
    {
        using var stream = zip.CreateEntry(name).Open();
        write(stream);
    }

    private static object Describe(TrainedModel model, PortableFormat format)
    {
        var spec = (DenseSpec)model.Autoencoder.Spec;
        var encoder = spec.EncoderWidths();
        return new
        {
            format = "webclustering.dense-autoencoder",
            weights = WeightsFileName(format),
            inputDim = spec.InputDim,
            latentDim = spec.LatentDim,
            // DeterministicAutoencoder's children: body (input to last hidden layer), latent (linear), decoder.
            body = Layers(encoder[..^1], spec.Activation, activateLast: true),
            latent = new { type = "linear", @in = encoder[^2], @out = spec.LatentDim },
            decoder = Layers(spec.DecoderWidths(), spec.Activation, activateLast: false),
            outputActivation = spec.OutputActivation == OutputActivation.Sigmoid ? "sigmoid" : "identity",
            preprocessing = new
            {
                kind = model.Scaler.Kind.ToString().ToLowerInvariant(),
                offset = model.Scaler.Offset,
                scale = model.Scaler.Scale,
                formula = "x_scaled = (x - offset) / scale",
            },
            // Raw CSV columns to features (gaps filled, categories one-hot), before the scaling above; null when none.
            table = model.Table is null ? null : System.Text.Json.Nodes.JsonNode.Parse(model.Table.ToJson()),
        };
    }

    /// <summary>The layer names match the module's Sequential children, so state_dict keys line up.</summary>
    private static List<object> Layers(int[] widths, ActivationSpec activation, bool activateLast)
    {
        var layers = new List<object>();
        for (int i = 0; i < widths.Length - 1; i++)
        {
            layers.Add(new { name = $"linear{i}", type = "linear", @in = widths[i], @out = widths[i + 1] });
            if (activateLast || i < widths.Length - 2)
                layers.Add(new
                {
                    name = $"act{i}",
                    type = "activation",
                    activation = Activations.NameOf(activation.Kind),
                    alpha = Activations.TakesAlpha(activation.Kind) ? activation.Alpha ?? Activations.DefaultAlpha(activation.Kind) : (double?)null,
                    min = activation.Kind == Activation.Hardtanh ? activation.Min ?? -1 : (double?)null,
                    max = activation.Kind == Activation.Hardtanh ? activation.Max ?? 1 : (double?)null,
                    beta = activation.Kind == Activation.Softplus ? activation.Beta ?? 1 : (double?)null,
                    // PReLU's slopes: one per neuron, or one for the layer when shared.
                    width = activation.Shared == true ? 1 : widths[i + 1],
                });
        }
        if (layers.Count == 0) layers.Add(new { name = "identity", type = "activation", activation = "identity" });
        return layers;
    }
}
