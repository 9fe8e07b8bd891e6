using System.Globalization;

namespace WebClustering.Core.Datasets;

/// <summary>Limits for <see cref="IdxDatasetReader"/>.</summary>
/// <param name="MaxValues">Most values accepted over all items: a bound on what a header may claim.</param>
/// <param name="MaxItemValues">Most pixels in one image: images are read one at a time.</param>
public sealed record IdxReadOptions(long MaxValues = IdxReadOptions.DefaultMaxValues, long MaxItemValues = IdxReadOptions.DefaultMaxItemValues)
{
    /// <summary>
    /// 2 Gi values (8 GiB as floats). Uploads are read an item at a time and large datasets train streamed, so memory
    /// does not bound this: the file size limit (MaxUploadBytes) does first, and 5,000,000 x 64 (320 Mi) must pass.
    /// </summary>
    public const long DefaultMaxValues = 1L << 31;

    /// <summary>16 Mi values (64 MiB as floats) in one item, e.g. a 4096 x 4096 picture.</summary>
    public const long DefaultMaxItemValues = 1L << 24;
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
        using var reader = Open(images, labels, options, ct);
        return reader.ReadAll();
    }

    /// <summary>
    /// Reads both headers and returns a reader of one image (and its label) at a time, for storing a large file
    /// without holding it. Header problems fail here; a truncated or overlong payload fails while reading.
    /// </summary>
    /// <inheritdoc cref="Read" path="/param"/>
    /// <exception cref="DatasetFormatException">A header is not valid IDX, or the two files do not match.</exception>
    public static DatasetRowReader Open(Stream images, Stream? labels = null, IdxReadOptions? options = null, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(images);
        options ??= new IdxReadOptions();
        ArgumentOutOfRangeException.ThrowIfLessThan(options.MaxValues, 1);

        var imageInput = BinaryInput.MaybeGunzip(images, out bool imagesGzipped);
        Stream? labelInput = null;
        try
        {
            Span<byte> header = stackalloc byte[16];
            ReadHeader(imageInput, header, ImagesFile, ImagesMagic, imagesGzipped);
            int count = Dimension(header[4..], "image count", ImagesFile);
            int height = Dimension(header[8..], "height", ImagesFile);
            int width = Dimension(header[12..], "width", ImagesFile);
            long values = (long)count * height * width;
            if (values > options.MaxValues)
                throw new DatasetFormatException(
                    $"The images file declares {count} images of {height} x {width} pixels, {values} values in all; " +
                    $"at most {options.MaxValues} are accepted.");
            if ((long)height * width > options.MaxItemValues)
                throw new DatasetFormatException(
                    $"The images file declares images of {height} x {width} pixels; at most {options.MaxItemValues} pixels per image are accepted.");
            var imagePayload = new Payload(imageInput, ImagesFile, 16, imagesGzipped, (long)height * width, count,
                $"{count} images of {height} x {width} pixels");

            Payload? labelPayload = null;
            if (labels is not null)
            {
                labelInput = BinaryInput.MaybeGunzip(labels, out bool labelsGzipped);
                Span<byte> labelHeader = stackalloc byte[8];
                ReadHeader(labelInput, labelHeader, LabelsFile, LabelsMagic, labelsGzipped);
                int labelCount = Dimension(labelHeader[4..], "label count", LabelsFile);
                if (labelCount != count)
                    throw new DatasetFormatException(
                        $"The labels file has {labelCount} labels but the images file has {count} images; each image needs exactly one label.");
                labelPayload = new Payload(labelInput, LabelsFile, 8, labelsGzipped, 1, count, $"{count} labels");
            }
            return new IdxRowReader(imagePayload, labelPayload, height, width, ct);
        }
        catch
        {
            imageInput.Dispose();
            labelInput?.Dispose();
            throw;
        }
    }

    /// <summary>The data after an IDX header: <paramref name="Count"/> records of <paramref name="RecordSize"/> bytes.</summary>
    private sealed record Payload(Stream Input, string File, int HeaderSize, bool Gzipped, long RecordSize, int Count, string Declared)
    {
        private long Bytes => RecordSize * Count;

        /// <summary>Fills <paramref name="buffer"/> with the next records; <paramref name="consumed"/> bytes were read before.</summary>
        public void ReadRecords(Span<byte> buffer, long consumed)
        {
            int read = BinaryInput.ReadUpTo(Input, buffer, File);
            if (read < buffer.Length)
                throw new DatasetFormatException(
                    $"The {File} is truncated: its header declares {Declared}, so {Bytes} bytes should follow the " +
                    $"{HeaderSize}-byte header{Decompressed}, but only {consumed + read} do.");
        }

        public void CheckEnd()
        {
            if (BinaryInput.HasMore(Input, File))
                throw new DatasetFormatException(
                    $"The {File} is longer than its header says: it declares {Declared} ({Bytes} bytes after the " +
                    $"{HeaderSize}-byte header{Decompressed}), but more data follows.");
        }

        private string Decompressed => Gzipped ? " (once decompressed)" : "";
    }

    /// <summary>One image and its label at a time; labels are read in blocks, since one byte per read would be slow.</summary>
    private sealed class IdxRowReader(Payload images, Payload? labels, int height, int width, CancellationToken ct)
        : DatasetRowReader(DatasetKind.Images, [1, height, width], null, labels is not null)
    {
        private const int LabelBlock = 1 << 16;
        private readonly byte[] pixels = new byte[height * width];
        private readonly byte[] labelBuffer = new byte[labels is null ? 0 : Math.Min(LabelBlock, labels.Count)];
        private int labelStart, labelEnd;

        public override int? DeclaredRows => images.Count;

        protected override bool ReadItem(Span<float> item, out string id, out string? label)
        {
            int row = RowsRead;
            if (row == images.Count)
            {
                // Images first, as the whole-file reader did: a longer images file is reported before the labels.
                images.CheckEnd();
                labels?.CheckEnd();
                id = "";
                label = null;
                return false;
            }
            if (row % 1024 == 0)
                ct.ThrowIfCancellationRequested();
            images.ReadRecords(pixels, (long)row * pixels.Length);
            for (int i = 0; i < pixels.Length; i++)
                item[i] = pixels[i];
            id = RowNumber(row);
            label = labels is null ? null : ByteNames[NextLabel(row)];
            return true;
        }

        private byte NextLabel(int row)
        {
            if (labelStart == labelEnd)
            {
                int block = Math.Min(labelBuffer.Length, labels!.Count - row);
                labels.ReadRecords(labelBuffer.AsSpan(0, block), row);
                labelStart = 0;
                labelEnd = block;
            }
            return labelBuffer[labelStart++];
        }

        protected override void Dispose(bool disposing)
        {
            if (disposing)
            {
                images.Input.Dispose();
                labels?.Input.Dispose();
            }
        }
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
}
