using Google.Protobuf;
using Onnx;

namespace WebClustering.Core.Export.Onnx;

/// <summary>
/// Builds one ONNX graph (opset 17, float32) node by node with OnnxSharp's generated protobuf messages; values get
/// unique names from a counter, constants become initializers.
/// </summary>
internal sealed class OnnxGraph
{
    public const int Opset = 17;

    // IR version 8 is the one that goes with opset 17.
    private const long IrVersion = 8;
    private const int FloatType = (int)TensorProto.Types.DataType.Float;
    private const int Int64Type = (int)TensorProto.Types.DataType.Int64;

    private readonly GraphProto graph;
    private int counter;

    public OnnxGraph(string name) => graph = new GraphProto { Name = name };

    /// <summary>Adds a node with one output and returns that output's name.</summary>
    public string Node(string op, IEnumerable<string> inputs, params AttributeProto[] attributes) =>
        Nodes(op, inputs, 1, attributes)[0];

    public string[] Nodes(string op, IEnumerable<string> inputs, int outputs, params AttributeProto[] attributes)
    {
        var node = new NodeProto { OpType = op, Name = $"{op}_{counter++}" };
        node.Input.AddRange(inputs);
        var names = Enumerable.Range(0, outputs).Select(i => $"{node.Name}_out{i}").ToArray();
        node.Output.AddRange(names);
        node.Attribute.AddRange(attributes);
        graph.Node.Add(node);
        return names;
    }

    public string Floats(string name, ReadOnlySpan<float> values, params long[] dims)
    {
        var tensor = new TensorProto { Name = Unique(name), DataType = FloatType, RawData = ByteString.CopyFrom(System.Runtime.InteropServices.MemoryMarshal.AsBytes(values)) };
        tensor.Dims.AddRange(dims);
        graph.Initializer.Add(tensor);
        return tensor.Name;
    }

    public string Longs(string name, params long[] values)
    {
        var tensor = new TensorProto { Name = Unique(name), DataType = Int64Type };
        tensor.Dims.Add(values.Length);
        tensor.Int64Data.AddRange(values);
        graph.Initializer.Add(tensor);
        return tensor.Name;
    }

    /// <summary>A scalar int64 (for Gather's index, which then drops the axis).</summary>
    public string Scalar(string name, long value)
    {
        var tensor = new TensorProto { Name = Unique(name), DataType = Int64Type };
        tensor.Int64Data.Add(value);
        graph.Initializer.Add(tensor);
        return tensor.Name;
    }

    /// <summary>Declares a float input of shape [batch, width] and returns its name.</summary>
    public string Input(string name, int width)
    {
        graph.Input.Add(Matrix(name, width));
        return name;
    }

    /// <summary>Names <paramref name="value"/> as the graph's [batch, width] output (through an Identity node).</summary>
    public void Output(string name, string value, int width)
    {
        var node = new NodeProto { OpType = "Identity", Name = $"Identity_{counter++}" };
        node.Input.Add(value);
        node.Output.Add(name);
        graph.Node.Add(node);
        graph.Output.Add(Matrix(name, width));
    }

    public byte[] ToBytes(string docString)
    {
        var model = new ModelProto
        {
            IrVersion = IrVersion, ProducerName = "WebClustering", ProducerVersion = "1", DocString = docString, Graph = graph,
        };
        model.OpsetImport.Add(new OperatorSetIdProto { Domain = "", Version = Opset });
        return model.ToByteArray();
    }

    public static AttributeProto Int(string name, long value) =>
        new() { Name = name, Type = AttributeProto.Types.AttributeType.Int, I = value };

    public static AttributeProto Float(string name, float value) =>
        new() { Name = name, Type = AttributeProto.Types.AttributeType.Float, F = value };

    public static AttributeProto Ints(string name, params long[] values)
    {
        var attribute = new AttributeProto { Name = name, Type = AttributeProto.Types.AttributeType.Ints };
        attribute.Ints.AddRange(values);
        return attribute;
    }

    public static AttributeProto String(string name, string value) =>
        new() { Name = name, Type = AttributeProto.Types.AttributeType.String, S = ByteString.CopyFromUtf8(value) };

    private string Unique(string name) => $"{name}_{counter++}";

    private static ValueInfoProto Matrix(string name, int width)
    {
        var shape = new TensorShapeProto();
        shape.Dim.Add(new TensorShapeProto.Types.Dimension { DimParam = "batch" });
        shape.Dim.Add(new TensorShapeProto.Types.Dimension { DimValue = width });
        return new ValueInfoProto
        {
            Name = name,
            Type = new TypeProto { TensorType = new TypeProto.Types.Tensor { ElemType = FloatType, Shape = shape } },
        };
    }
}
