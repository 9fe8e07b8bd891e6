using System.Buffers.Binary;
using System.IO.Compression;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;

namespace WebClustering.Core.Datasets.Tests;

/// <summary>Builds image archives in memory: PNG and JPEG files drawn with ImageSharp, zipped with System.IO.Compression.</summary>
internal static class ImageZip
{
    public static byte[] Png<TPixel>(int width, int height, TPixel colour) where TPixel : unmanaged, IPixel<TPixel>
    {
        using var image = new Image<TPixel>(width, height, colour);
        using var buffer = new MemoryStream();
        image.SaveAsPng(buffer);
        return buffer.ToArray();
    }

    public static byte[] Jpeg(int width, int height, Rgb24 colour)
    {
        using var image = new Image<Rgb24>(width, height, colour);
        using var buffer = new MemoryStream();
        image.SaveAsJpeg(buffer);
        return buffer.ToArray();
    }

    public static byte[] RedPng() => Png(4, 4, new Rgb24(255, 0, 0));

    public static byte[] Zip(params (string Name, byte[] Data)[] entries) => Zip(CompressionLevel.Fastest, entries);

    /// <summary>NoCompression stores entries as they are, so their data is as long as the stored size says.</summary>
    public static byte[] Zip(CompressionLevel level, params (string Name, byte[] Data)[] entries)
    {
        using var buffer = new MemoryStream();
        using (var zip = new ZipArchive(buffer, ZipArchiveMode.Create, leaveOpen: true))
        {
            foreach (var (name, data) in entries)
            {
                using var stream = zip.CreateEntry(name, level).Open();
                stream.Write(data);
            }
        }
        return buffer.ToArray();
    }

    /// <summary>Rewrites every uncompressed-size field, local and central, to claim <paramref name="claimed"/> bytes.</summary>
    public static byte[] ClaimingUncompressedSize(byte[] zip, uint claimed)
    {
        byte[] patched = [.. zip];
        for (int i = 0; i + 4 <= patched.Length; i++)
        {
            uint signature = BinaryPrimitives.ReadUInt32LittleEndian(patched.AsSpan(i));
            if (signature == 0x04034b50) BinaryPrimitives.WriteUInt32LittleEndian(patched.AsSpan(i + 22), claimed);
            else if (signature == 0x02014b50) BinaryPrimitives.WriteUInt32LittleEndian(patched.AsSpan(i + 24), claimed);
        }
        return patched;
    }

    public static Dataset Read(byte[] zip, ImageZipOptions? options = null) =>
        ImageZipReader.Read(new MemoryStream(zip), options ?? new ImageZipOptions(2, 2, 3));

    public static DatasetFormatException Fails(byte[] zip, ImageZipOptions? options = null) =>
        Assert.Throws<DatasetFormatException>(() => Read(zip, options));
}
