using static WebClustering.Core.Export.Onnx.OnnxGraph;

namespace WebClustering.Core.Export.Onnx;

/// <summary>
/// One ONNX builder per layer type of a <see cref="ModelLayout"/>: each adds the nodes that compute the layer on a
/// batch (the layout's shapes plus a leading batch dimension) and returns the name of its output.
/// </summary>
internal static class OnnxLayers
{
    public static string Add(OnnxGraph graph, ModulePart part, LayerInfo layer, string x, ModelWeights weights) => layer switch
    {
        LinearLayer linear => Linear(graph, part, linear, x, weights),
        ActivationLayer activation => Activation(graph, part, activation, x, weights),
        ReshapeLayer reshape => graph.Node("Reshape", [x, graph.Longs("shape", [-1, .. reshape.Shape.Select(d => (long)d)])]),
        ConvLayer conv => Conv(graph, part, conv, x, weights),
        MaxPoolLayer pool => graph.Node("MaxPool", [x], Ints("kernel_shape", pool.Size, pool.Size), Ints("strides", pool.Size, pool.Size)),
        UpsampleLayer upsample => Upsample(graph, upsample, x),
        ConvTransposeLayer deconv => ConvTranspose(graph, part, deconv, x, weights),
        CropLayer crop => Crop(graph, crop, x),
        RecurrentLayerInfo recurrent => OnnxRecurrent.Add(graph, part, recurrent, x, weights),
        LastStepLayer => graph.Node("Gather", [x, graph.Scalar("last", -1)], Int("axis", 1)),
        RepeatLayer repeat => graph.Node("Expand", [graph.Node("Unsqueeze", [x, graph.Longs("axis", 1)]), graph.Longs("repeat", 1, repeat.Steps, 1)]),
        _ => throw new NotSupportedException($"No ONNX builder for {layer.GetType().Name}."),
    };

    /// <summary>x Wᵀ + b as MatMul and Add, which (unlike Gemm) also take [batch, steps, in].</summary>
    private static string Linear(OnnxGraph graph, ModulePart part, LinearLayer layer, string x, ModelWeights weights)
    {
        var (w, _) = weights[part.Key(layer, "weight")];
        var transposed = new float[w.Length];
        for (int o = 0; o < layer.Out; o++)
            for (int i = 0; i < layer.In; i++) transposed[i * layer.Out + o] = w[o * layer.In + i];
        var product = graph.Node("MatMul", [x, graph.Floats(part.Key(layer, "weight") + "T", transposed, layer.In, layer.Out)]);
        var (b, _) = weights[part.Key(layer, "bias")];
        return graph.Node("Add", [product, graph.Floats(part.Key(layer, "bias"), b, layer.Out)]);
    }

    private static string Activation(OnnxGraph graph, ModulePart part, ActivationLayer layer, string x, ModelWeights weights)
    {
        float alpha = (float)(layer.Alpha ?? 0);
        switch (layer.Activation)
        {
            case "relu": return graph.Node("Relu", [x]);
            case "leaky_relu": return graph.Node("LeakyRelu", [x], Float("alpha", alpha));
            case "elu": return graph.Node("Elu", [x], Float("alpha", alpha));
            case "softplus" when layer.Beta is null or 1.0: return graph.Node("Softplus", [x]);
            case "softplus":
            {
                // softplus(beta·x) / beta; ONNX's Softplus has no beta.
                var beta = graph.Floats(part.Key(layer, "beta"), [(float)layer.Beta!.Value]);
                return graph.Node("Div", [graph.Node("Softplus", [graph.Node("Mul", [x, beta])]), beta]);
            }
            case "sigmoid": return graph.Node("Sigmoid", [x]);
            case "tanh": return graph.Node("Tanh", [x]);
            case "hardtanh": return graph.Node("Clip", [x, graph.Floats(part.Key(layer, "min"), [(float)(layer.Min ?? -1)]),
                graph.Floats(part.Key(layer, "max"), [(float)(layer.Max ?? 1)])]);
            case "identity": return graph.Node("Identity", [x]);
            case "prelu":
            {
                // One learnt slope per unit or channel; ONNX broadcasts from the right, so maps need [C, 1, 1].
                var (slopes, _) = weights[part.Key(layer, "weight")];
                long[] shape = layer.OnMaps ? [slopes.Length, 1, 1] : [slopes.Length];
                return graph.Node("PRelu", [x, graph.Floats(part.Key(layer, "weight"), slopes, shape)]);
            }
            default: throw new NotSupportedException($"No ONNX form for the activation {layer.Activation}.");
        }
    }

    private static string Conv(OnnxGraph graph, ModulePart part, ConvLayer layer, string x, ModelWeights weights)
    {
        var (w, shape) = weights[part.Key(layer, "weight")];
        var (b, _) = weights[part.Key(layer, "bias")];
        int p = layer.Padding;
        return graph.Node("Conv", [x, graph.Floats(part.Key(layer, "weight"), w, shape), graph.Floats(part.Key(layer, "bias"), b, b.Length)],
            Ints("kernel_shape", layer.Kernel, layer.Kernel), Ints("strides", layer.Stride, layer.Stride), Ints("pads", p, p, p, p));
    }

    /// <summary>ConvTranspose's weight is [in, out, k, k] in both PyTorch and ONNX.</summary>
    private static string ConvTranspose(OnnxGraph graph, ModulePart part, ConvTransposeLayer layer, string x, ModelWeights weights)
    {
        var (w, shape) = weights[part.Key(layer, "weight")];
        var (b, _) = weights[part.Key(layer, "bias")];
        int p = layer.Padding;
        return graph.Node("ConvTranspose", [x, graph.Floats(part.Key(layer, "weight"), w, shape), graph.Floats(part.Key(layer, "bias"), b, b.Length)],
            Ints("kernel_shape", layer.Kernel, layer.Kernel), Ints("strides", layer.Stride, layer.Stride), Ints("pads", p, p, p, p),
            Ints("output_padding", layer.OutputPadding, layer.OutputPadding));
    }

    /// <summary>
    /// PyTorch's nearest takes source index floor(dst / scale) (ONNX: asymmetric, floor); its bilinear without
    /// align_corners samples at (dst + 0.5) / scale - 0.5 (ONNX: pytorch_half_pixel).
    /// </summary>
    private static string Upsample(OnnxGraph graph, UpsampleLayer layer, string x)
    {
        var scales = graph.Floats("scales", [1f, 1f, layer.Scale, layer.Scale], 4);
        return layer.Mode == "bilinear"
            ? graph.Node("Resize", [x, "", scales], String("mode", "linear"), String("coordinate_transformation_mode", "pytorch_half_pixel"))
            : graph.Node("Resize", [x, "", scales], String("mode", "nearest"), String("coordinate_transformation_mode", "asymmetric"),
                String("nearest_mode", "floor"));
    }

    private static string Crop(OnnxGraph graph, CropLayer layer, string x)
    {
        long top = (layer.InHeight - layer.Height) / 2, left = (layer.InWidth - layer.Width) / 2;
        return graph.Node("Slice", [x, graph.Longs("starts", top, left), graph.Longs("ends", top + layer.Height, left + layer.Width), graph.Longs("axes", 2, 3)]);
    }
}
