using System.IO.Compression;
using System.Text.Json;
using WebClustering.Core.Models;

namespace WebClustering.Core.Export.Onnx;

/// <summary>
/// Exports a trained model of any kind as two ONNX graphs (opset 17) in a zip: <c>encoder.onnx</c> (input
/// <c>rows</c>, [batch, features] in the dataset's original units; output <c>latent</c>, a VAE's mu) and
/// <c>decoder.onnx</c> (input <c>latent</c>; output <c>reconstruction</c> in original units, after the output
/// activation). The fitted scaling is inside the graphs (Sub and Div at the encoder's input, Mul and Add at the
/// decoder's output); <c>preprocessing.json</c> repeats it for reference, with a CSV table's raw-column step, which
/// the graphs do not contain. Described in docs/models.md.
/// </summary>
public static class OnnxExport
{
    public const string FileName = "onnx.zip";

    public static byte[] Export(TrainedModel model)
    {
        var layout = ModelLayouts.Describe(model.Autoencoder.Spec);
        var weights = new ModelWeights(model.Autoencoder);
        using var buffer = new MemoryStream();
        using (var zip = new ZipArchive(buffer, ZipArchiveMode.Create, leaveOpen: true))
        {
            Write(zip, "encoder.onnx", Encoder(layout, weights, model));
            Write(zip, "decoder.onnx", Decoder(layout, weights, model));
            Write(zip, "preprocessing.json", JsonSerializer.SerializeToUtf8Bytes(new
            {
                inScaling = "the graphs: encoder.onnx computes (rows - offset) / scale first, decoder.onnx returns reconstruction * scale + offset",
                scaling = new { kind = model.Scaler.Kind.ToString().ToLowerInvariant(), offset = model.Scaler.Offset, scale = model.Scaler.Scale },
                // Raw CSV columns to features (gaps filled, categories one-hot): not in the graphs; null when none.
                table = model.Table is null ? null : System.Text.Json.Nodes.JsonNode.Parse(model.Table.ToJson()),
            }, new JsonSerializerOptions { WriteIndented = true }));
        }
        return buffer.ToArray();
    }

    private static byte[] Encoder(ModelLayout layout, ModelWeights weights, TrainedModel model)
    {
        var graph = new OnnxGraph("encoder");
        string x = graph.Input("rows", layout.InputSize);
        x = graph.Node("Sub", [x, graph.Floats("scaling.offset", model.Scaler.Offset, layout.InputSize)]);
        x = graph.Node("Div", [x, graph.Floats("scaling.scale", model.Scaler.Scale, layout.InputSize)]);
        x = Run(graph, layout.EncoderParts, x, weights);
        graph.Output("latent", x, layout.LatentDim);
        return graph.ToBytes($"WebClustering {layout.Kind} encoder: rows in original units to latent vectors.");
    }

    private static byte[] Decoder(ModelLayout layout, ModelWeights weights, TrainedModel model)
    {
        var graph = new OnnxGraph("decoder");
        string x = graph.Input("latent", layout.LatentDim);
        x = Run(graph, layout.DecoderParts, x, weights);
        if (layout.OutputActivation == "sigmoid") x = graph.Node("Sigmoid", [x]);
        x = graph.Node("Mul", [x, graph.Floats("scaling.scale", model.Scaler.Scale, layout.InputSize)]);
        x = graph.Node("Add", [x, graph.Floats("scaling.offset", model.Scaler.Offset, layout.InputSize)]);
        graph.Output("reconstruction", x, layout.InputSize);
        return graph.ToBytes($"WebClustering {layout.Kind} decoder: latent vectors to reconstructed rows in original units.");
    }

    private static string Run(OnnxGraph graph, IEnumerable<ModulePart> parts, string x, ModelWeights weights)
    {
        foreach (var part in parts)
            foreach (var layer in part.Layers)
                x = OnnxLayers.Add(graph, part, layer, x, weights);
        return x;
    }

    private static void Write(ZipArchive zip, string name, byte[] bytes)
    {
        using var stream = zip.CreateEntry(name).Open();
        stream.Write(bytes);
    }
}
