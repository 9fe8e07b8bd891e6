using System.IO.Compression;
using System.Text.Json;
using WebClustering.Core;
using WebClustering.Core.Inference;
using WebClustering.Core.Models;
using WebClustering.Core.Preprocessing;
using WebClustering.Core.Training;

/// <summary>
/// Writes a small trained model's PyTorch and safetensors exports, unzipped, with rows and the latent vectors the
/// service computes for them; bench/pytorch_export_check.py loads the exports in PyTorch and compares.
/// </summary>
internal static class ExportCheck
{
    public static void Write(string folder)
    {
        var random = new Random(3);
        var rows = new Matrix([.. Enumerable.Range(0, 64 * 12).Select(_ => (float)(random.NextDouble() * 10))], 64, 12);
        var spec = new DenseSpec { InputDim = 12, HiddenLayers = [16, 8], LatentDim = 3, Activation = new ActivationSpec(Activation.Prelu) };
        var scaler = Scaler.Fit(rows, ScalingKind.Standardize);
        var trained = AutoencoderTrainer.Train(scaler.Apply(rows), spec, new TrainingOptions(Epochs: 5, BatchSize: 16));
        var model = new TrainedModel(trained.Model, scaler);
        foreach (var format in new[] { PortableFormat.PyTorch, PortableFormat.Safetensors })
        {
            var target = Path.Combine(folder, format.ToString().ToLowerInvariant());
            Directory.CreateDirectory(target);
            new ZipArchive(new MemoryStream(PortableModel.Export(model, format))).ExtractToDirectory(target, overwriteFiles: true);
        }
        var latent = ModelInference.Encode(model, rows).Latent;
        File.WriteAllText(Path.Combine(folder, "expected.json"), JsonSerializer.Serialize(new
        {
            rows = Enumerable.Range(0, rows.Rows).Select(r => rows.Row(r).ToArray()),
            latent = Enumerable.Range(0, latent.Rows).Select(r => latent.Row(r).ToArray()),
        }));
        Console.WriteLine($"exports and expected latents written to {folder}");
    }
}
