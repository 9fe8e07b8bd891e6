using System.IO.Compression;
using System.Text.Json;
using System.Text.Json.Nodes;
using TorchSharp.PyBridge;
using WebClustering.Core.Models;

namespace WebClustering.Core.Export;

public enum PortableFormat { PyTorch, Safetensors }

/// <summary>
/// Exports a trained model of any kind for PyTorch users: the weights as a PyTorch state_dict (<c>state_dict.pt</c>,
/// read by <c>torch.load</c>) or as <c>model.safetensors</c>, beside <c>architecture.json</c> (the
/// <see cref="ModelLayout"/>: every layer under the names its state_dict uses, which parts encode and which decode,
/// and the fitted preprocessing) and <c>load_model.py</c>, which rebuilds the module from it and loads the weights
/// (safetensors without the safetensors package). Described in docs/models.md.
/// </summary>
public static class PortableModel
{
    public const string ArchitectureFormat = "webclustering.autoencoder-layout";

    public static string WeightsFileName(PortableFormat format) =>
        format == PortableFormat.Safetensors ? "model.safetensors" : "state_dict.pt";

    public static byte[] Export(TrainedModel model, PortableFormat format)
    {
        using var buffer = new MemoryStream();
        using (var zip = new ZipArchive(buffer, ZipArchiveMode.Create, leaveOpen: true))
        {
            // PyBridge's writers may close the stream they are given: write to a buffer first.
            var weights = new MemoryStream();
            if (format == PortableFormat.Safetensors) model.Autoencoder.save_safetensors(weights);
            else model.Autoencoder.save_py(weights);
            Write(zip, WeightsFileName(format), weights.ToArray());
            Write(zip, "architecture.json", JsonSerializer.SerializeToUtf8Bytes(Describe(model, format), ModelJson.Options));
            Write(zip, "load_model.py", System.Text.Encoding.UTF8.GetBytes(PythonLoader.Script));
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

    private static void Write(ZipArchive zip, string name, byte[] bytes)
    {
        using var stream = zip.CreateEntry(name).Open();
        stream.Write(bytes);
    }

    private static JsonObject Describe(TrainedModel model, PortableFormat format)
    {
        var layout = JsonSerializer.SerializeToNode(ModelLayouts.Describe(model.Autoencoder.Spec), ModelJson.Options)!.AsObject();
        layout.Insert(0, "format", ArchitectureFormat);
        layout.Insert(1, "weights", WeightsFileName(format));
        layout["preprocessing"] = new JsonObject
        {
            ["kind"] = model.Scaler.Kind.ToString().ToLowerInvariant(),
            ["offset"] = JsonSerializer.SerializeToNode(model.Scaler.Offset),
            ["scale"] = JsonSerializer.SerializeToNode(model.Scaler.Scale),
            ["formula"] = "x_scaled = (x - offset) / scale",
        };
        // Raw CSV columns to features (gaps filled, categories one-hot), before the scaling above; null when none.
        layout["table"] = model.Table is null ? null : JsonNode.Parse(model.Table.ToJson());
        return layout;
    }
}
