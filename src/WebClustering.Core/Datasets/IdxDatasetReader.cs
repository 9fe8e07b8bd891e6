using System.Globalization;

namespace WebClustering.Core.Datasets;

/// <summary>Limits for <see cref="IdxDatasetReader"/>.</summary>
/// <param name="MaxValues">Most pixels accepted over all images (4 bytes each once read), so one upload cannot exhaust memory.</param>
public sealed record IdxReadOptions(long MaxValues = IdxReadOptions.DefaultMaxValues)
{
    /// <summary>256 Mi values (1 GiB as floats): Fashion-MNIST's training set is 47 Mi.</summary>
    public const long DefaultMaxValues = 1L << 28;
}

/// <summary>
/// Reads images in the IDX format of MNIST and Fashion-MNIST, plain or gzipped (detected by the bytes 1f 8b):
/// an images file (magic 0x00000803: count x height x width unsigned bytes) and an optional labels file
/// (magic 0x00000801: one unsigned byte per image).
/// </summary>
/// <remarks>
/// Pixels are kept as their raw 0..255 values (as floats), not divided by 255: scaling is the job's
/// preprocessing choice and is saved with the model, so new images get exactly the same treatment.
/// </remarks>
public static class IdxDatasetReader
{
    private const uint ImagesMagic = 0x00000803;
    private const uint LabelsMagic = 0x00000801;
    private const string ImagesFile = "images file";
    private const string LabelsFile = "labels file";

    // Labels are digits 0..255; one shared string each instead of one per image.
    private static readonly string[] ByteNames = [.. Enumerable.Range(0, 256).Select(i => i.ToString(CultureInfo.InvariantCulture))];

    /// <summary>Reads the images, and their labels when a labels file is given, as an images dataset of shape [1, H, W].</summary>
    /// <param name="images">The images file; read once, front to back, and left open.</param>
    /// <param name="labels">The labels file (same order as the images), or null. Left open.</param>
    /// <param name="options">Size limits; null for the defaults.</param>
    /// <param name="ct">Stops a long read.</param>
    /// <returns>Ids are the 0-based image numbers; labels are the label bytes as text ("0".."9" for MNIST).</returns>
    /// <exception cref="DatasetFormatException">A file is not valid IDX, or the two files do not match.</exception>
    public static Dataset Read(Stream images, Stream? labels = null, IdxReadOptions? options = null, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(images);
        options ??= new IdxReadOptions();
        ArgumentOutOfRangeException.ThrowIfLessThan(options.MaxValues, 1);

        float[] pixels;
        int count, height, width;
        using (var input = BinaryInput.MaybeGunzip(images, out bool gzipped))
        {
            Span<byte> header = stackalloc byte[16];
            ReadHeader(input, header, ImagesFile, ImagesMagic, gzipped);
            count = Dimension(header[4..], "image count", ImagesFile);
            height = Dimension(header[8..], "height", ImagesFile);
            width = Dimension(header[12..], "width", ImagesFile);
            long values = (long)count * height * width;
            if (values > options.MaxValues)
                throw new DatasetFormatException(
                    $"The images file declares {count} images of {height} x {width} pixels, {values} values in all; " +
                    $"at most {options.MaxValues} are accepted.");
            var bytes = ReadPayload(input, values, ImagesFile, 16, gzipped,
                $"{count} images of {height} x {width} pixels", ct);
            pixels = ToFloats(bytes, values);
        }

        string[]? labelTexts = labels is null ? null : ReadLabels(labels, count, ct);
        return new Dataset(DatasetKind.Images, [1, height, width], pixels, CsvCells.RowNumbers(count), labelTexts);
    }

    private static string[] ReadLabels(Stream labels, int imageCount, CancellationToken ct)
    {
        using var input = BinaryInput.MaybeGunzip(labels, out bool gzipped);
        Span<byte> header = stackalloc byte[8];
        ReadHeader(input, header, LabelsFile, LabelsMagic, gzipped);
        int count = Dimension(header[4..], "label count", LabelsFile);
        if (count != imageCount)
            throw new DatasetFormatException(
                $"The labels file has {count} labels but the images file has {imageCount} images; each image needs exactly one label.");
        var bytes = ReadPayload(input, count, LabelsFile, 8, gzipped, $"{count} labels", ct);
        var result = new string[count];
        int i = 0;
        foreach (byte[] chunk in bytes)
            foreach (byte b in chunk)
                result[i++] = ByteNames[b];
        return result;
    }

    private static void ReadHeader(Stream input, Span<byte> header, string file, uint expectedMagic, bool gzipped)
    {
        int read = BinaryInput.ReadUpTo(input, header, file);
        if (read >= 4)
        {
            uint magic = BinaryInput.BigEndianUInt32(header);
            if (magic != expectedMagic)
                throw new DatasetFormatException(
                    $"The {file} is not an IDX {(expectedMagic == ImagesMagic ? "images" : "labels")} file: it should start with " +
                    $"the magic number 0x{expectedMagic:X8} ({Describe(expectedMagic)}), but starts with 0x{magic:X8}{Identify(magic)}.");
        }
        if (read < header.Length)
            throw new DatasetFormatException(
                $"The {file} is truncated: an IDX {(expectedMagic == ImagesMagic ? "images" : "labels")} header is " +
                $"{header.Length} bytes, but the file{(gzipped ? " (once decompressed)" : "")} has only {read}.");
    }

    private static string Describe(uint magic) => magic == ImagesMagic
        ? "unsigned bytes in 3 dimensions: count, height, width"
        : "unsigned bytes in 1 dimension: count";

    /// <summary>Says what a wrong magic number is, when it is a known one, to point at the likely mix-up.</summary>
    private static string Identify(uint magic)
    {
        if (magic == ImagesMagic) return ", which is an images file: were the two files swapped?";
        if (magic == LabelsMagic) return ", which is a labels file: were the two files swapped?";
        string? type = (magic >> 16) != 0 ? null : ((magic >> 8) & 0xff) switch
        {
            0x08 => "unsigned bytes", 0x09 => "signed bytes", 0x0B => "16-bit integers",
            0x0C => "32-bit integers", 0x0D => "32-bit floats", 0x0E => "64-bit floats", _ => null,
        };
        return type is null ? "" : $" (an IDX file of {type} in {magic & 0xff} dimensions)";
    }

    private static int Dimension(ReadOnlySpan<byte> bytes, string name, string file)
    {
        uint value = BinaryInput.BigEndianUInt32(bytes);
        if (value == 0)
            throw new DatasetFormatException($"The {file} declares a {name} of 0; it holds no data.");
        if (value > int.MaxValue)
            throw new DatasetFormatException($"The {file} declares a {name} of {value}, which is too large.");
        return (int)value;
    }

    private static List<byte[]> ReadPayload(Stream input, long bytes, string file, int headerSize, bool gzipped,
        string declared, CancellationToken ct)
    {
        string decompressed = gzipped ? " (once decompressed)" : "";
        var data = BinaryInput.ReadExactly(input, bytes, file, present => new DatasetFormatException(
            $"The {file} is truncated: its header declares {declared}, so {bytes} bytes should follow the " +
            $"{headerSize}-byte header{decompressed}, but only {present} do."), ct);
        if (BinaryInput.HasMore(input, file))
            throw new DatasetFormatException(
                $"The {file} is longer than its header says: it declares {declared} ({bytes} bytes after the " +
                $"{headerSize}-byte header{decompressed}), but more data follows.");
        return data;
    }

    private static float[] ToFloats(List<byte[]> chunks, long count)
    {
        float[] result = GC.AllocateUninitializedArray<float>(checked((int)count));
        int offset = 0;
        foreach (byte[] chunk in chunks)
        {
            var target = result.AsSpan(offset, chunk.Length);
            for (int i = 0; i < chunk.Length; i++)
                target[i] = chunk[i];
            offset += chunk.Length;
        }
        return result;
    }
}
