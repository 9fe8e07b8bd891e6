using System.Buffers.Binary;
using System.IO.Compression;
using System.Text;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;

namespace WebClustering.Api.Tests.Infrastructure;

/// <summary>Synthetic images and sequences, and the IDX, PNG-zip and NPY bytes the upload endpoints take, written here.</summary>
public static class DatasetFiles
{
    public const int Side = 8;

    /// <summary>
    /// 8 x 8 grayscale images (0..255) of three shapes (square outline, plus, diagonal cross), each shifted by up to
    /// one pixel and lightly noised; rows interleaved by class.
    /// </summary>
    public static (byte[][] Images, int[] Labels) Shapes(int perClass, int seed = 3)
    {
        var random = new Random(seed);
        var images = new byte[perClass * 3][];
        var labels = new int[images.Length];
        for (int i = 0; i < images.Length; i++)
        {
            labels[i] = i % 3;
            int dy = random.Next(-1, 2), dx = random.Next(-1, 2);
            images[i] = new byte[Side * Side];
            for (int y = 0; y < Side; y++)
                for (int x = 0; x < Side; x++)
                    images[i][y * Side + x] = (byte)(InShape(labels[i], y - dy, x - dx) ? 230 + random.Next(25) : random.Next(25));
        }
        return (images, labels);
    }

    private static bool InShape(int shape, int y, int x) => shape switch
    {
        0 => y is >= 2 and <= 5 && x is >= 2 and <= 5 && (y is 2 or 5 || x is 2 or 5),
        1 => (y is >= 1 and <= 6 && x is 3 or 4) || (x is >= 1 and <= 6 && y is 3 or 4),
        _ => (y == x || y == 7 - x) && y is >= 1 and <= 6,
    };

    /// <summary>Sine waves of 1, 2 and 3 cycles per window, phase in [0, pi/2), amplitude in [0.8, 1.2), noise 0.1.</summary>
    public static (float[] Values, int[] Labels) SineWaves(int perClass, int steps, int seed = 5)
    {
        var random = new Random(seed);
        int rows = perClass * 3;
        var values = new float[rows * steps];
        var labels = new int[rows];
        for (int i = 0; i < rows; i++)
        {
            labels[i] = i % 3;
            double cycles = labels[i] + 1, phase = random.NextDouble() * Math.PI / 2, amplitude = 0.8 + 0.4 * random.NextDouble();
            for (int t = 0; t < steps; t++)
                values[i * steps + t] = (float)(amplitude * Math.Sin(2 * Math.PI * cycles * t / steps + phase) + 0.1 * Gaussian(random));
        }
        return (values, labels);
    }

    private static double Gaussian(Random random) =>
        Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());

    public static byte[] IdxImages(byte[][] images) => [.. IdxHeader(0x803, images.Length, Side, Side), .. images.SelectMany(i => i)];

    public static byte[] IdxLabels(int[] labels) => [.. IdxHeader(0x801, labels.Length), .. labels.Select(l => (byte)l)];

    private static byte[] IdxHeader(uint magic, params int[] dims)
    {
        var header = new byte[4 + 4 * dims.Length];
        BinaryPrimitives.WriteUInt32BigEndian(header, magic);
        for (int i = 0; i < dims.Length; i++) BinaryPrimitives.WriteUInt32BigEndian(header.AsSpan(4 + 4 * i), (uint)dims[i]);
        return header;
    }

    public static byte[] Gzip(byte[] data)
    {
        using var buffer = new MemoryStream();
        using (var gzip = new GZipStream(buffer, CompressionLevel.Fastest, leaveOpen: true)) gzip.Write(data);
        return buffer.ToArray();
    }

    /// <summary>A ZIP with one grayscale PNG per image, in a folder named after its label.</summary>
    public static byte[] PngZip(byte[][] images, int[] labels)
    {
        using var buffer = new MemoryStream();
        using (var zip = new ZipArchive(buffer, ZipArchiveMode.Create, leaveOpen: true))
            for (int i = 0; i < images.Length; i++)
            {
                using var image = Image.LoadPixelData<L8>(images[i], Side, Side);
                using var entry = zip.CreateEntry($"shape{labels[i]}/{i:D4}.png", CompressionLevel.Fastest).Open();
                image.SaveAsPng(entry);
            }
        return buffer.ToArray();
    }

    /// <summary>A float32 NPY file (format 1.0, C order) of the given shape.</summary>
    public static byte[] NpyFloat32(float[] values, params int[] shape)
    {
        string header = $"{{'descr': '<f4', 'fortran_order': False, 'shape': ({string.Join(", ", shape)}{(shape.Length == 1 ? "," : "")}), }}";
        int padded = (10 + header.Length + 1 + 63) / 64 * 64 - 10;
        var text = Encoding.Latin1.GetBytes(header.PadRight(padded - 1) + "\n");
        var file = new byte[10 + text.Length + values.Length * 4];
        new byte[] { 0x93, (byte)'N', (byte)'U', (byte)'M', (byte)'P', (byte)'Y', 1, 0 }.CopyTo(file, 0);
        BinaryPrimitives.WriteUInt16LittleEndian(file.AsSpan(8), (ushort)text.Length);
        text.CopyTo(file, 10);
        for (int i = 0; i < values.Length; i++) BinaryPrimitives.WriteSingleLittleEndian(file.AsSpan(10 + text.Length + i * 4), values[i]);
        return file;
    }

    /// <summary>Posts a multipart upload: each file as (field, file name, bytes), each form field as (name, value).</summary>
    public static Task<HttpResponseMessage> UploadAsync(this HttpClient client, string path,
        (string Field, string FileName, byte[] Bytes)[] files, params (string Name, string Value)[] fields)
    {
        var form = new MultipartFormDataContent();
        foreach (var (field, fileName, bytes) in files) form.Add(new ByteArrayContent(bytes), field, fileName);
        foreach (var (name, value) in fields) form.Add(new StringContent(value), name);
        return client.PostAsync(path, form);
    }
}
