using System.IO.Compression;
using System.Text.Json;
using System.Text.Json.Serialization;
using WebClustering.Core.Preprocessing;

namespace WebClustering.Core.Models;

/// <summary>A trained model together with the preprocessing its inputs need.</summary>
public sealed record TrainedModel(DenseAutoencoder Autoencoder, Scaler Scaler);

/// <summary>
/// The service's model file: a zip holding <c>model.json</c> (format, architecture, fitted preprocessing) and
/// <c>weights.bin</c> (TorchSharp's module format). The JSON is enough to rebuild the module before loading weights.
/// </summary>
public static class ModelFile
{
    public const string Format = "webclustering.dense-autoencoder";
    public const int FormatVersion = 1;
    public const string ContentType = "application/zip";
    public const string Extension = ".wcmodel.zip";

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        WriteIndented = true,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.SnakeCaseLower) },
    };

    private sealed record Manifest(string Format, int Version, AutoencoderSpec Spec, Scaler Scaler);

    public static byte[] Save(TrainedModel model)
    {
        using var buffer = new MemoryStream();
        using (var zip = new ZipArchive(buffer, ZipArchiveMode.Create, leaveOpen: true))
        {
            using (var manifest = zip.CreateEntry("model.json").Open())
                JsonSerializer.Serialize(manifest, new Manifest(Format, FormatVersion, model.Autoencoder.Spec, model.Scaler), Json);
            using var weights = zip.CreateEntry("weights.bin").Open();
            // TorchSharp's writer closes the stream it is given, so write to a buffer and copy that.
            var copy = new MemoryStream();
            model.Autoencoder.save(copy);
            weights.Write(copy.ToArray());
        }
        return buffer.ToArray();
    }

    public static TrainedModel Load(Stream stream)
    {
        using var zip = new ZipArchive(stream, ZipArchiveMode.Read, leaveOpen: true);
        var manifestEntry = zip.GetEntry("model.json") ?? throw new InvalidDataException("The model file has no model.json.");
        Manifest manifest;
        using (var manifestStream = manifestEntry.Open())
            manifest = JsonSerializer.Deserialize<Manifest>(manifestStream, Json)
                ?? throw new InvalidDataException("model.json is empty.");
        if (manifest.Format != Format || manifest.Version != FormatVersion)
            throw new InvalidDataException($"Unsupported model format '{manifest.Format}' version {manifest.Version}.");

        var weightsEntry = zip.GetEntry("weights.bin") ?? throw new InvalidDataException("The model file has no weights.bin.");
        using var weights = new MemoryStream();
        using (var entryStream = weightsEntry.Open()) entryStream.CopyTo(weights);
        weights.Position = 0;
        var autoencoder = new DenseAutoencoder(manifest.Spec);
        autoencoder.load(weights);
        autoencoder.eval();
        return new TrainedModel(autoencoder, manifest.Scaler);
    }
}
