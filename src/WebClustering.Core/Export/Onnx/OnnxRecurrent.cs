using WebClustering.Core.Models;
using static WebClustering.Core.Export.Onnx.OnnxGraph;

namespace WebClustering.Core.Export.Onnx;

/// <summary>
/// A batch-first PyTorch LSTM or GRU as ONNX LSTM/GRU nodes, one per layer, on time-major [steps, batch, features]
/// (ONNX Runtime does not take the batch-first layout attribute).
/// </summary>
internal static class OnnxRecurrent
{
    // PyTorch stacks the LSTM's gates as i, f, g, o and ONNX as i, o, f, c (c being PyTorch's g); the GRU's as r, z, n
    // against ONNX's z, r, h. Each entry: which PyTorch block goes to that ONNX position.
    private static readonly int[] LstmGates = [0, 3, 1, 2];
    private static readonly int[] GruGates = [1, 0, 2];

    public static string Add(OnnxGraph graph, ModulePart part, RecurrentLayerInfo layer, string x, ModelWeights weights)
    {
        bool lstm = layer.Cell == RecurrentCell.Lstm;
        var order = lstm ? LstmGates : GruGates;
        var steps = graph.Node("Transpose", [x], Ints("perm", 1, 0, 2));
        for (int l = 0; l < layer.Layers; l++)
        {
            int input = l == 0 ? layer.In : layer.Hidden;
            var w = Reorder(weights[part.Key(layer, $"weight_ih_l{l}")].Values, order, layer.Hidden * input);
            var r = Reorder(weights[part.Key(layer, $"weight_hh_l{l}")].Values, order, layer.Hidden * layer.Hidden);
            var bias = Reorder(weights[part.Key(layer, $"bias_ih_l{l}")].Values, order, layer.Hidden)
                .Concat(Reorder(weights[part.Key(layer, $"bias_hh_l{l}")].Values, order, layer.Hidden)).ToArray();
            int gates = order.Length * layer.Hidden;
            string[] inputs =
            [
                steps,
                graph.Floats(part.Key(layer, $"W_l{l}"), w, 1, gates, input),
                graph.Floats(part.Key(layer, $"R_l{l}"), r, 1, gates, layer.Hidden),
                graph.Floats(part.Key(layer, $"B_l{l}"), bias, 1, 2 * gates),
            ];
            // PyTorch's GRU applies the reset gate after the hidden state's linear map: linear_before_reset = 1.
            var outputs = lstm
                ? graph.Nodes("LSTM", inputs, 3, Int("hidden_size", layer.Hidden))
                : graph.Nodes("GRU", inputs, 2, Int("hidden_size", layer.Hidden), Int("linear_before_reset", 1));
            // Y is [steps, directions = 1, batch, hidden].
            steps = graph.Node("Squeeze", [outputs[0], graph.Longs("axes", 1)]);
        }
        return graph.Node("Transpose", [steps], Ints("perm", 1, 0, 2));
    }

    /// <summary>Reorders the gate blocks (each <paramref name="block"/> values) of a PyTorch weight or bias into ONNX's order.</summary>
    private static float[] Reorder(float[] values, int[] order, int block)
    {
        var result = new float[values.Length];
        for (int target = 0; target < order.Length; target++)
            Array.Copy(values, order[target] * block, result, target * block, block);
        return result;
    }
}
