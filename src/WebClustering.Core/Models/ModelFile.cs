using System.IO.Compression;
using System.Text.Json;
using WebClustering.Core.Preprocessing;

namespace WebClustering.Core.Models;

/// <summary>A trained model together with the preprocessing its inputs need.</summary>
/// <param name="Table">
/// For a model trained on a CSV table: how raw rows become its features (gaps filled, categories one-hot encoded),
/// applied before the scaler; null for other datasets and for models saved before it was kept.
/// </param>
public sealed record TrainedModel(Autoencoder Autoencoder, Scaler Scaler, TablePreprocessing? Table = null);

/// <summary>
/// The service's model file: a zip holding <c>model.json</c> (format, version, the spec with its <c>kind</c>, the
/// fitted scaler and, for a CSV table, the table preprocessing that comes before it) and <c>weights.bin</c> (TorchSharp's module format). The JSON is enough to rebuild the module
/// before its weights are loaded, for every kind.
/// </summary>
public static class ModelFile
{
    public const string Format = "webclustering.autoencoder";

    /// <summary>2: every kind, spec under <c>spec</c> with a <c>kind</c>. Version 1 files (dense only) are refused.</summary>
    public const int FormatVersion = 2;

    public const string ContentType = "application/zip";
    public const string Extension = ".wcmodel.zip";

    // Table is optional within version 2: files written before it existed load with none.
    private sealed record Manifest(string Format, int Version, AutoencoderSpec Spec, Scaler Scaler, TablePreprocessing? Table = null);

    // Only the header, so an old or foreign file is named before its spec is parsed.
    private sealed record ManifestHeader(string? Format, int Version);

    public static byte[] Save(TrainedModel model)
    {
        using var buffer = new MemoryStream();
        using (var zip = new ZipArchive(buffer, ZipArchiveMode.Create, leaveOpen: true))
        {
            using (var manifest = zip.CreateEntry("model.json").Open())
                JsonSerializer.Serialize(manifest, new Manifest(Format, FormatVersion, model.Autoencoder.Spec, model.Scaler, model.Table), ModelJson.Options);
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
        var manifest = ReadManifest(zip);
        if (manifest.Scaler.Offset.Length != manifest.Spec.InputSize)
            throw new InvalidDataException($"model.json's scaler has {manifest.Scaler.Offset.Length} features but the model takes {manifest.Spec.InputSize}.");
        if (manifest.Table is { } table && table.Width != manifest.Spec.InputSize)
            throw new InvalidDataException($"model.json's table preprocessing gives {table.Width} features but the model takes {manifest.Spec.InputSize}.");

        var weightsEntry = zip.GetEntry("weights.bin") ?? throw new InvalidDataException("The model file has no weights.bin.");
        using var weights = new MemoryStream();
        using (var entryStream = weightsEntry.Open()) entryStream.CopyTo(weights);
        weights.Position = 0;
        var autoencoder = AutoencoderFactory.Create(manifest.Spec);
        autoencoder.load(weights);
        autoencoder.eval();
        return new TrainedModel(autoencoder, manifest.Scaler, manifest.Table);
    }

    private static Manifest ReadManifest(ZipArchive zip)
    {
        var entry = zip.GetEntry("model.json") ?? throw new InvalidDataException("The model file has no model.json.");
        using var buffer = new MemoryStream();
        using (var entryStream = entry.Open()) entryStream.CopyTo(buffer);
        try
        {
            var header = JsonSerializer.Deserialize<ManifestHeader>(buffer.ToArray(), ModelJson.Options);
            if (header?.Format != Format || header.Version != FormatVersion)
                throw new InvalidDataException($"Unsupported model format '{header?.Format}' version {header?.Version}; " +
                    $"this service reads '{Format}' version {FormatVersion}. Train the model again to get a current file.");
            var manifest = JsonSerializer.Deserialize<Manifest>(buffer.ToArray(), ModelJson.Options)
                ?? throw new InvalidDataException("model.json is empty.");
            manifest.Spec.Validate();
            return manifest;
        }
        catch (Exception error) when (error is JsonException or ArgumentException)
        {
            throw new InvalidDataException($"model.json is not a valid manifest: {error.Message}", error);
        }
    }
}
