using System.Buffers.Binary;
using System.IO.Compression;

namespace WebClustering.Core.Datasets.Tests;

/// <summary>Builds IDX files (MNIST layout) byte by byte, so the tests need no data files.</summary>
internal static class Idx
{
    /// <summary>An images file of <paramref name="count"/> images; pixel i of image n is (n * 16 + i) mod 256.</summary>
    public static byte[] Images(int count, int height, int width, uint magic = 0x00000803)
    {
        var pixels = new byte[count * height * width];
        for (int n = 0; n < count; n++)
            for (int i = 0; i < height * width; i++)
                pixels[n * height * width + i] = (byte)((n * 16 + i) % 256);
        return [.. Header(magic, count, height, width), .. pixels];
    }

    public static byte[] Labels(params byte[] labels) => [.. Header(0x00000801, labels.Length), .. labels];

    public static byte[] Header(uint magic, params int[] dims)
    {
        var header = new byte[4 + 4 * dims.Length];
        BinaryPrimitives.WriteUInt32BigEndian(header, magic);
        for (int i = 0; i < dims.Length; i++)
            BinaryPrimitives.WriteUInt32BigEndian(header.AsSpan(4 + 4 * i), (uint)dims[i]);
        return header;
    }

    public static byte[] Gzip(byte[] data)
    {
        using var buffer = new MemoryStream();
        using (var gzip = new GZipStream(buffer, CompressionLevel.Fastest, leaveOpen: true))
            gzip.Write(data);
        return buffer.ToArray();
    }

    public static Dataset Read(byte[] images, byte[]? labels = null, IdxReadOptions? options = null) =>
        IdxDatasetReader.Read(new MemoryStream(images), labels is null ? null : new MemoryStream(labels), options);

    public static DatasetFormatException Fails(byte[] images, byte[]? labels = null, IdxReadOptions? options = null) =>
        Assert.Throws<DatasetFormatException>(() => Read(images, labels, options));
}
