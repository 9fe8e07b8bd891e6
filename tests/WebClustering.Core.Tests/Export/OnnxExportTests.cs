using System.IO.Compression;
using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;
using WebClustering.Core.Export.Onnx;
using WebClustering.Core.Inference;
using Xunit.Abstractions;

namespace WebClustering.Core.Tests.Export;

/// <summary>Runs every kind's exported graphs in ONNX Runtime beside the service's own encoder and decoder.</summary>
public class OnnxExportTests(ITestOutputHelper output)
{
    private const float Bound = 1e-4f;

    [Fact]
    public void Every_kind_encodes_and_decodes_in_onnx_runtime_as_the_service_does()
    {
        output.WriteLine("| kind | encoder max abs diff | decoder max abs diff |");
        for (int k = 0; k < ExportKinds.All.Count; k++)
        {
            var (name, spec) = ExportKinds.All[k];
            var model = ExportKinds.Model(spec, seed: k);
            var rows = ExportKinds.Rows(model, 64, seed: 100 + k);
            using var zip = new ZipArchive(new MemoryStream(OnnxExport.Export(model)));
            Assert.NotNull(zip.GetEntry("preprocessing.json"));

            var expectedLatent = ModelInference.Encode(model, rows).Latent;
            var latent = Run(zip, "encoder.onnx", "rows", rows.Values, rows.Rows, rows.Cols, "latent");
            float encoderDifference = ExportKinds.MaxDifference(expectedLatent.Values, latent);

            // The service decodes into scaled units; the graph returns original units.
            var decoded = ModelInference.Decode(model.Autoencoder, expectedLatent);
            int width = decoded.Cols;
            var expectedRows = decoded.Values.Select((v, i) => v * model.Scaler.Scale[i % width] + model.Scaler.Offset[i % width]).ToArray();
            var reconstruction = Run(zip, "decoder.onnx", "latent", expectedLatent.Values, expectedLatent.Rows, expectedLatent.Cols, "reconstruction");
            float decoderDifference = ExportKinds.MaxDifference(expectedRows, reconstruction);

            output.WriteLine($"| {name} | {encoderDifference:0.0e+0} | {decoderDifference:0.0e+0} |");
            Assert.True(encoderDifference <= Bound, $"{name}: encoder differs by {encoderDifference}");
            Assert.True(decoderDifference <= Bound, $"{name}: decoder differs by {decoderDifference}");
        }
    }

    [Fact]
    public void The_graphs_declare_opset_17_and_a_batch_dimension()
    {
        var model = ExportKinds.Model(ExportKinds.All[0].Spec, seed: 1);
        using var zip = new ZipArchive(new MemoryStream(OnnxExport.Export(model)));
        var graph = global::Onnx.ModelProto.Parser.ParseFrom(Read(zip, "encoder.onnx"));
        Assert.Equal(17, graph.OpsetImport.Single().Version);
        Assert.Equal("batch", graph.Graph.Input[0].Type.TensorType.Shape.Dim[0].DimParam);
        Assert.Equal(["Sub", "Div"], graph.Graph.Node.Take(2).Select(n => n.OpType));
    }

    private static float[] Run(ZipArchive zip, string entry, string input, float[] values, int rows, int cols, string outputName)
    {
        using var session = new InferenceSession(Read(zip, entry));
        var tensor = new DenseTensor<float>(values, [rows, cols]);
        using var results = session.Run([NamedOnnxValue.CreateFromTensor(input, tensor)]);
        var result = results.Single(r => r.Name == outputName).AsTensor<float>();
        Assert.Equal(rows, result.Dimensions[0]);
        return result.ToArray();
    }

    private static byte[] Read(ZipArchive zip, string entry)
    {
        using var buffer = new MemoryStream();
        using (var stream = zip.GetEntry(entry)!.Open()) stream.CopyTo(buffer);
        return buffer.ToArray();
    }
}
