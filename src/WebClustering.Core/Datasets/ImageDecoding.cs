using SixLabors.ImageSharp;
using SixLabors.ImageSharp.Formats.Jpeg;
using SixLabors.ImageSharp.Formats.Png;
using SixLabors.ImageSharp.Memory;
using SixLabors.ImageSharp.PixelFormats;
using SixLabors.ImageSharp.Processing;

namespace WebClustering.Core.Datasets;

/// <summary>Decodes one PNG or JPEG and resizes it into channel-first floats, with ImageSharp.</summary>
internal static class ImageDecoding
{
    // Only the two formats we accept: the decoders for GIF, TIFF, WebP etc. (and any flaw in them) are never
    // reachable from an upload. One thread per image: the server runs many requests, not one big one.
    private static readonly Configuration Formats = new(new PngConfigurationModule(), new JpegConfigurationModule())
    {
        MaxDegreeOfParallelism = 1,
        // Defence in depth next to the header check: a decoder that still asks for more than this fails.
        MemoryAllocator = MemoryAllocator.Create(new MemoryAllocatorOptions { AllocationLimitMegabytes = 512 }),
    };

    /// <summary>
    /// Writes the image, resized to the target size, into <paramref name="target"/> as [C, H, W] values 0..255.
    /// Transparency is dropped (colour values are kept as stored), as the models have no alpha channel.
    /// </summary>
    public static void DecodeInto(byte[] encoded, string entry, ImageZipOptions options, Span<float> target)
    {
        try
        {
            var info = Image.Identify(Formats, encoded, out _)
                ?? throw new DatasetFormatException(
                    $"The archive entry {ZipEntryNames.Quote(entry)} is not a PNG or JPEG image that can be read (its content is not recognised).");
            if ((long)info.Width * info.Height > options.MaxImagePixels)
                throw new DatasetFormatException(
                    $"The image {ZipEntryNames.Quote(entry)} is {info.Width} x {info.Height} pixels; " +
                    $"at most {options.MaxImagePixels} pixels per image are accepted.");
            if (options.Channels == 1)
                Decode<L8>(encoded, options, target, (pixels, plane) =>
                {
                    for (int i = 0; i < pixels.Length; i++) plane[i] = pixels[i].PackedValue;
                });
            else
                Decode<Rgb24>(encoded, options, target, (pixels, planes) =>
                {
                    int size = pixels.Length;
                    for (int i = 0; i < size; i++)
                    {
                        planes[i] = pixels[i].R;
                        planes[size + i] = pixels[i].G;
                        planes[2 * size + i] = pixels[i].B;
                    }
                });
        }
        catch (Exception e) when (IsDecodeFailure(e))
        {
            throw new DatasetFormatException($"The image {ZipEntryNames.Quote(entry)} cannot be decoded: {e.Message}", e);
        }
    }

    private delegate void Unpack<TPixel>(ReadOnlySpan<TPixel> pixels, Span<float> target);

    private static void Decode<TPixel>(byte[] encoded, ImageZipOptions options, Span<float> target, Unpack<TPixel> unpack)
        where TPixel : unmanaged, IPixel<TPixel>
    {
        using var image = Image.Load<TPixel>(Formats, encoded);
        if (image.Width != options.Width || image.Height != options.Height)
            image.Mutate(x => x.Resize(new ResizeOptions { Size = new Size(options.Width, options.Height), Mode = ResizeMode.Stretch }));
        var pixels = new TPixel[options.Width * options.Height];
        image.CopyPixelDataTo(pixels);
        unpack(pixels, target);
    }

    /// <summary>
    /// Failures that mean "this file is bad", which the user can fix. A decoder bug on a crafted file (an index
    /// out of range, say) is the file's problem too: the upload is refused rather than the server erroring.
    /// </summary>
    private static bool IsDecodeFailure(Exception e) =>
        e is ImageFormatException or InvalidMemoryOperationException or NotSupportedException
            or ArgumentException or IndexOutOfRangeException or InvalidDataException or EndOfStreamException;
}
