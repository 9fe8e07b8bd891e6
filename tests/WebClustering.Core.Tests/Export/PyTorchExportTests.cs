using System.Diagnostics;
using System.Globalization;
using System.IO.Compression;
using System.Text.Json;
using WebClustering.Core.Export;
using WebClustering.Core.Inference;
using Xunit.Abstractions;

namespace WebClustering.Core.Tests.Export;

/// <summary>
/// The PyTorch and safetensors exports of every kind, loaded by their own load_model.py under the system's python3
/// with PyTorch (Debian's python3-torch, which deploy/test.sh installs), in one run to keep the cost down.
/// </summary>
public class PyTorchExportTests(ITestOutputHelper output)
{
    private const double Bound = 1e-4;

    [Fact]
    public void Every_kind_loads_in_pytorch_from_both_formats_and_encodes_as_the_service_does()
    {
        var folder = Directory.CreateTempSubdirectory("webclustering-pytorch-export-");
        try
        {
            for (int k = 0; k < ExportKinds.All.Count; k++) Write(Path.Combine(folder.FullName, $"kind{k:00}"), k);
            var lines = RunChecker(folder.FullName);
            output.WriteLine("| kind | format | encoder max abs diff | decoder max abs diff |");
            foreach (var line in lines)
            {
                var fields = line.Split(' ');
                var (encoder, decoder) = (double.Parse(fields[2], CultureInfo.InvariantCulture), double.Parse(fields[3], CultureInfo.InvariantCulture));
                var name = ExportKinds.All[int.Parse(fields[0][4..], CultureInfo.InvariantCulture)].Name;
                output.WriteLine($"| {name} | {fields[1]} | {encoder:0.0e+0} | {decoder:0.0e+0} |");
                Assert.True(encoder <= Bound && decoder <= Bound, $"{name} ({fields[1]}): {line}");
            }
            Assert.Equal(2 * ExportKinds.All.Count, lines.Count);
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }

    /// <summary>Both exports unzipped, the safetensors checked here in C# too, and the service's own results.</summary>
    private static void Write(string folder, int k)
    {
        var model = ExportKinds.Model(ExportKinds.All[k].Spec, seed: k);
        var rows = ExportKinds.Rows(model, 32, seed: 200 + k);
        foreach (var format in new[] { PortableFormat.PyTorch, PortableFormat.Safetensors })
        {
            var target = Path.Combine(folder, format.ToString().ToLowerInvariant());
            new ZipArchive(new MemoryStream(PortableModel.Export(model, format))).ExtractToDirectory(target);
        }
        var expected = ModelInference.Encode(model, rows).Latent;
        using (var weights = File.OpenRead(Path.Combine(folder, "safetensors", "model.safetensors")))
        {
            using var reloaded = PortableModel.LoadSafetensors(model.Autoencoder.Spec, weights);
            Assert.Equal(expected.Values, ModelInference.Latent(reloaded, model.Scaler.Apply(rows)).Values);
        }
        var decoded = ModelInference.Decode(model.Autoencoder, expected);
        File.WriteAllText(Path.Combine(folder, "expected.json"), JsonSerializer.Serialize(new
        {
            rows = Enumerable.Range(0, rows.Rows).Select(r => rows.Row(r).ToArray()),
            latent = Enumerable.Range(0, expected.Rows).Select(r => expected.Row(r).ToArray()),
            decoded = Enumerable.Range(0, decoded.Rows).Select(r => decoded.Row(r).ToArray()),
        }));
    }

    private static List<string> RunChecker(string folder)
    {
        var script = Path.Combine(AppContext.BaseDirectory, "Export", "check_pytorch_exports.py");
        // Debian's interpreter, where python3-torch lives, even when another python3 (pyenv, venv) comes first on PATH.
        var python = File.Exists("/usr/bin/python3") ? "/usr/bin/python3" : "python3";
        var start = new ProcessStartInfo(python) { RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add(script);
        start.ArgumentList.Add(folder);
        start.Environment["OMP_NUM_THREADS"] = "1";
        using var process = Process.Start(start)!;
        var stderr = process.StandardError.ReadToEndAsync();
        var stdout = process.StandardOutput.ReadToEnd();
        Assert.True(process.WaitForExit(TimeSpan.FromMinutes(3)), "load_model.py checks did not finish in 3 minutes");
        Assert.True(process.ExitCode == 0, $"python3 check_pytorch_exports.py failed (python3-torch is needed: deploy/test.sh installs it):\n{stderr.Result}");
        return stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries).ToList();
    }
}
