using System.Buffers.Binary;
using System.Text;

namespace WebClustering.Core.Datasets;

/// <summary>Limits for <see cref="NpyDatasetReader"/>.</summary>
/// <param name="MaxValues">Most array elements accepted: a bound on what a header may claim.</param>
/// <param name="MaxItemValues">Most elements in one item (everything but the first axis): one item is held at a time.</param>
public sealed record NpyReadOptions(long MaxValues = IdxReadOptions.DefaultMaxValues, long MaxItemValues = IdxReadOptions.DefaultMaxItemValues);

/// <summary>
/// Reads one NumPy array saved with <c>numpy.save</c> (NPY format 1.0, 2.0 or 3.0; float32, float64 or uint8; C order).
/// The first axis indexes items; the rank decides the kind: 2-D (N, F) is a table, 3-D (N, T, F) sequences of T
/// steps, 4-D (N, C, H, W) images in channel-first (NCHW, PyTorch's) layout; channel-last (NHWC) arrays must be
/// transposed first, or they would be read as the wrong shape.
/// </summary>
/// <remarks>float64 values are narrowed to float32; uint8 values stay 0..255. Ids are the 0-based item numbers.</remarks>
public static class NpyDatasetReader
{
    private const int MaxHeaderLength = 1 << 16;
    private static readonly byte[] Magic = [0x93, (byte)'N', (byte)'U', (byte)'M', (byte)'P', (byte)'Y'];
    private const string File = "NPY file";

    /// <summary>Reads the array.</summary>
    /// <param name="npy">The file's bytes; read once, front to back, and left open.</param>
    /// <param name="options">Size limits; null for the defaults.</param>
    /// <param name="ct">Stops a long read.</param>
    /// <exception cref="DatasetFormatException">The file is not a supported NPY array; the message says why.</exception>
    public static Dataset Read(Stream npy, NpyReadOptions? options = null, CancellationToken ct = default)
    {
        using var reader = Open(npy, options, ct);
        return reader.ReadAll();
    }

    /// <summary>
    /// Reads the header and returns a reader of one item (one row of the first axis) at a time, for storing a large
    /// file without holding it. Header problems fail here; truncated data or a bad value fails while reading.
    /// </summary>
    /// <inheritdoc cref="Read" path="/param"/>
    /// <exception cref="DatasetFormatException">The header is not that of a supported NPY array.</exception>
    public static DatasetRowReader Open(Stream npy, NpyReadOptions? options = null, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(npy);
        options ??= new NpyReadOptions();
        var header = ReadHeader(npy, out int preambleLength);

        DatasetKind kind = header.Shape.Length switch
        {
            2 => DatasetKind.Table,
            3 => DatasetKind.Sequences,
            4 => DatasetKind.Images,
            _ => throw new DatasetFormatException(
                $"The NPY array has {header.Shape.Length} dimension{(header.Shape.Length == 1 ? "" : "s")} (shape {header.ShapeText}); " +
                "expected 2 (items, features) for a table, 3 (items, steps, features) for sequences, " +
                "or 4 (items, channels, height, width) for images."),
        };
        if (header.Shape.Contains(0))
            throw new DatasetFormatException($"The NPY array is empty (shape {header.ShapeText}).");
        long count = 1;
        foreach (long dim in header.Shape)
        {
            count *= dim;
            if (count > options.MaxValues)
                throw new DatasetFormatException(
                    $"The NPY array of shape {header.ShapeText} has more than {options.MaxValues} values, the most accepted.");
        }
        long itemValues = count / header.Shape[0];
        if (itemValues > options.MaxItemValues)
            throw new DatasetFormatException(
                $"Each item of the NPY array of shape {header.ShapeText} has {itemValues} values; at most {options.MaxItemValues} per item are accepted.");
        return new NpyRowReader(npy, header, kind, preambleLength, ct);
    }

    /// <summary>One item of the array at a time, converted to float32 and checked to be finite.</summary>
    private sealed class NpyRowReader(Stream npy, NpyHeader header, DatasetKind kind, int preambleLength, CancellationToken ct)
        : DatasetRowReader(kind, [.. header.Shape.Skip(1).Select(d => checked((int)d))], null, false)
    {
        private readonly int rows = checked((int)header.Shape[0]);
        private byte[]? raw;

        public override int? DeclaredRows => rows;

        private long DataBytes => (long)rows * ItemSize * header.ItemSize;

        protected override bool ReadItem(Span<float> item, out string id, out string? label)
        {
            label = null;
            int row = RowsRead;
            if (row == rows)
            {
                if (BinaryInput.HasMore(npy, File))
                    throw new DatasetFormatException(
                        $"The NPY file is longer than its header says: shape {header.ShapeText} of dtype '{header.Descr}' needs " +
                        $"{DataBytes} bytes of data after the {preambleLength}-byte header, but more follow.");
                id = "";
                return false;
            }
            if (row % 1024 == 0)
                ct.ThrowIfCancellationRequested();
            raw ??= new byte[ItemSize * header.ItemSize];
            int read = BinaryInput.ReadUpTo(npy, raw, File);
            if (read < raw.Length)
                throw new DatasetFormatException(
                    $"The NPY file is truncated: shape {header.ShapeText} of dtype '{header.Descr}' needs {DataBytes} bytes of data " +
                    $"after the {preambleLength}-byte header, but only {(long)row * raw.Length + read} follow.");
            Convert(raw, item, row);
            id = RowNumber(row);
            return true;
        }

        private void Convert(byte[] bytes, Span<float> item, int row)
        {
            int size = header.ItemSize;
            for (int i = 0; i < item.Length; i++)
            {
                float value = header.Type switch
                {
                    NpyType.Float32 => BinaryPrimitives.ReadSingleLittleEndian(bytes.AsSpan(i * size)),
                    NpyType.Float64 => (float)BinaryPrimitives.ReadDoubleLittleEndian(bytes.AsSpan(i * size)),
                    _ => bytes[i],
                };
                // Training cannot use NaN or infinity; a float64 beyond float32's range becomes infinity here too.
                if (!float.IsFinite(value))
                    throw new DatasetFormatException(
                        $"Item {row} (counting from 0) has a value that is not a finite number at position " +
                        $"{i} of the item: NaN, infinity and values beyond ±3.4e38 cannot be used.");
                item[i] = value;
            }
        }
    }

    private static NpyHeader ReadHeader(Stream npy, out int preambleLength)
    {
        Span<byte> start = stackalloc byte[12];
        int read = BinaryInput.ReadUpTo(npy, start[..8], File);
        if (read < 8 || !start[..6].SequenceEqual(Magic))
        {
            bool zip = read >= 2 && start[0] == (byte)'P' && start[1] == (byte)'K';
            throw new DatasetFormatException(
                "The file is not an NPY array: it should start with the bytes \\x93NUMPY" +
                (zip ? ", but it is a ZIP archive (an .npz file?). Save a single array with numpy.save." : "."));
        }
        byte major = start[6], minor = start[7];
        if (major is < 1 or > 3 || minor != 0)
            throw new DatasetFormatException($"NPY format version {major}.{minor} is not supported; versions 1.0, 2.0 and 3.0 are.");

        // Version 1.0 stores the header length in 2 bytes; 2.0 and 3.0 in 4, for headers of huge structured dtypes.
        int lengthSize = major == 1 ? 2 : 4;
        if (BinaryInput.ReadUpTo(npy, start.Slice(8, lengthSize), File) < lengthSize)
            throw new DatasetFormatException("The NPY file is truncated inside its header.");
        long headerLength = major == 1
            ? BinaryPrimitives.ReadUInt16LittleEndian(start[8..])
            : BinaryPrimitives.ReadUInt32LittleEndian(start[8..]);
        if (headerLength > MaxHeaderLength)
            throw new DatasetFormatException($"The NPY header is {headerLength} bytes long; at most {MaxHeaderLength} are accepted.");

        var text = new byte[headerLength];
        int present = BinaryInput.ReadUpTo(npy, text, File);
        if (present < headerLength)
            throw new DatasetFormatException($"The NPY file is truncated: its header should be {headerLength} bytes long, but only {present} follow.");
        preambleLength = 8 + lengthSize + (int)headerLength;
        if (headerLength == 0 || text[^1] != (byte)'\n')
            throw new DatasetFormatException("The NPY header does not end with a line break, so the file is damaged or not written by NumPy.");

        // 1.0 and 2.0 headers are Latin-1, 3.0 ones UTF-8 (for non-ASCII field names).
        string decoded;
        try
        {
            decoded = major == 3 ? new UTF8Encoding(false, throwOnInvalidBytes: true).GetString(text) : Encoding.Latin1.GetString(text);
        }
        catch (DecoderFallbackException e)
        {
            throw new DatasetFormatException("The NPY 3.0 header is not valid UTF-8.", e);
        }
        return NpyHeader.Parse(decoded);
    }
}
