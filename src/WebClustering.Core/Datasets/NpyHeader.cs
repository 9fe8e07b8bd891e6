namespace WebClustering.Core.Datasets;

/// <summary>The element types the NPY reader accepts.</summary>
internal enum NpyType { Float32, Float64, UInt8 }

/// <summary>The dictionary at the start of an NPY file: element type, memory order and shape.</summary>
internal sealed record NpyHeader(NpyType Type, string Descr, long[] Shape)
{
    private const string Supported = "only float32 ('<f4'), float64 ('<f8') and uint8 ('|u1') are supported";

    public int ItemSize => Type switch { NpyType.Float32 => 4, NpyType.Float64 => 8, _ => 1 };

    public string ShapeText => Shape.Length == 1 ? $"({Shape[0]},)" : $"({string.Join(", ", Shape)})";

    /// <summary>Interprets the header text, e.g. <c>{'descr': '&lt;f4', 'fortran_order': False, 'shape': (3, 4), }</c>.</summary>
    public static NpyHeader Parse(string text)
    {
        object? literal;
        try
        {
            literal = PythonLiteral.Parse(text);
        }
        catch (FormatException e)
        {
            throw new DatasetFormatException($"The NPY header is not a valid Python dictionary: {e.Message}.", e);
        }
        if (literal is not Dictionary<string, object?> dict)
            throw new DatasetFormatException("The NPY header is not a Python dictionary.");
        string[] keys = ["descr", "fortran_order", "shape"];
        if (dict.Count != keys.Length || !keys.All(dict.ContainsKey))
            throw new DatasetFormatException(
                $"The NPY header must have exactly the keys 'descr', 'fortran_order' and 'shape'; it has {string.Join(", ", dict.Keys.Select(k => $"'{k}'"))}.");

        if (dict["descr"] is not string descr)
            throw new DatasetFormatException($"The NPY array has a structured dtype (named fields); {Supported}.");
        NpyType type = descr switch
        {
            "<f4" => NpyType.Float32,
            "<f8" => NpyType.Float64,
            // One byte has no byte order, so every order mark means the same.
            "|u1" or "<u1" or ">u1" or "=u1" => NpyType.UInt8,
            _ => throw new DatasetFormatException(
                $"The NPY array has dtype '{descr}'{(descr.StartsWith('>') ? " (big-endian)" : "")}; {Supported}. " +
                "Convert it first, e.g. with array.astype('float32')."),
        };

        if (dict["fortran_order"] is not bool fortran)
            throw new DatasetFormatException("The NPY header's 'fortran_order' must be True or False.");
        if (fortran)
            throw new DatasetFormatException(
                "The NPY array is stored in Fortran (column-major) order; only C (row-major) order is supported. " +
                "Save numpy.ascontiguousarray(array) instead.");

        if (dict["shape"] is not List<object?> dims || dims.Any(d => d is not long))
            throw new DatasetFormatException("The NPY header's 'shape' must be a tuple of integers.");
        long[] shape = [.. dims.Cast<long>()];
        if (shape.Any(d => d < 0))
            throw new DatasetFormatException("The NPY header's 'shape' has a negative dimension.");
        return new NpyHeader(type, descr, shape);
    }
}
