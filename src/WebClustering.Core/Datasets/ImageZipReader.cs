using System.IO.Compression;

namespace WebClustering.Core.Datasets;

/// <summary>
/// Reads a ZIP archive of PNG and JPEG images into an images dataset of shape [C, H, W] at the size the client
/// asks for. Images in folders take the folder's name as their label (<c>cat/1.png</c> is a "cat"); the entry
/// path is the item id. <c>__MACOSX/</c> and dotfiles are ignored; any other non-image entry is refused.
/// </summary>
/// <remarks>Pixels are kept as 0..255 floats, like IDX images: scaling is the job's preprocessing.</remarks>
public static class ImageZipReader
{
    private const int CopyBuffer = 1 << 16;

    /// <summary>Reads and resizes every image in the archive, in path order.</summary>
    /// <param name="zip">The archive; left open. A stream that cannot seek is first copied to a temporary file.</param>
    /// <param name="options">Target size and channels, and the limits against archive bombs.</param>
    /// <param name="ct">Stops a long read.</param>
    /// <exception cref="DatasetFormatException">The archive or one of its entries cannot be used; the message names the entry.</exception>
    /// <exception cref="ArgumentOutOfRangeException">The requested size or channel count is out of range.</exception>
    public static Dataset Read(Stream zip, ImageZipOptions options, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(zip);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        if (!zip.CanSeek)
        {
            // The central directory is at the end of a ZIP, so reading one needs random access.
            using var copy = new FileStream(Path.GetTempFileName(), FileMode.Create, FileAccess.ReadWrite,
                FileShare.None, CopyBuffer, FileOptions.DeleteOnClose);
            zip.CopyTo(copy);
            copy.Position = 0;
            return Read(copy, options, ct);
        }

        using var archive = Open(zip);
        var entries = archive.Entries;
        if (entries.Count > options.MaxEntries)
            throw new DatasetFormatException($"The archive has {entries.Count} entries; at most {options.MaxEntries} are accepted.");
        var images = ZipEntryNames.Classify(entries);

        int itemSize = options.Channels * options.Height * options.Width;
        if ((long)images.Count * itemSize > options.MaxValues)
            throw new DatasetFormatException(
                $"The archive has {images.Count} images of {options.Channels} x {options.Height} x {options.Width} values; " +
                $"at most {options.MaxValues} values in all are accepted. Ask for a smaller size or upload fewer images.");

        var features = new float[images.Count * itemSize];
        long budget = options.MaxTotalBytes;
        for (int i = 0; i < images.Count; i++)
        {
            ct.ThrowIfCancellationRequested();
            byte[] encoded = ReadEntry(images[i], ref budget, options.MaxTotalBytes);
            ImageDecoding.DecodeInto(encoded, images[i].Path, options, features.AsSpan(i * itemSize, itemSize));
        }

        string[]? labels = images[0].Label is null ? null : [.. images.Select(i => i.Label!)];
        return new Dataset(DatasetKind.Images, [options.Channels, options.Height, options.Width], features,
            [.. images.Select(i => i.Path)], labels);
    }

    private static ZipArchive Open(Stream zip)
    {
        try
        {
            return new ZipArchive(zip, ZipArchiveMode.Read, leaveOpen: true);
        }
        catch (InvalidDataException e)
        {
            throw new DatasetFormatException($"The file is not a readable ZIP archive: {e.Message}", e);
        }
    }

    /// <summary>
    /// Reads an entry's bytes, charging them to the archive's budget as they come. The sizes an archive declares
    /// can lie, so the budget counts what decompression actually produces and stops one byte past it.
    /// </summary>
    private static byte[] ReadEntry(ImageEntry image, ref long budget, long limit)
    {
        var entry = image.Entry;
        if (entry.Length > budget)
            throw Bomb(limit);
        try
        {
            using var input = entry.Open();
            using var bytes = new MemoryStream((int)Math.Min(entry.Length, CopyBuffer));
            var buffer = new byte[CopyBuffer];
            int read;
            while ((read = input.Read(buffer, 0, (int)Math.Min(buffer.Length, budget + 1))) > 0)
            {
                budget -= read;
                if (budget < 0)
                    throw Bomb(limit);
                bytes.Write(buffer, 0, read);
            }
            return bytes.ToArray();
        }
        catch (InvalidDataException e)
        {
            throw new DatasetFormatException($"The archive entry {ZipEntryNames.Quote(image.Path)} is damaged: {e.Message}", e);
        }
    }

    private static DatasetFormatException Bomb(long limit) => new(
        $"The archive's images hold more than {limit} bytes once uncompressed, the most accepted. " +
        "Upload fewer or smaller images.");
}
