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
        using var reader = Open(zip, options, ct);
        return reader.ReadAll();
    }

    /// <summary>
    /// Reads the archive's directory and checks every entry name and declared size, then returns a reader that
    /// decodes one image at a time: memory holds one encoded and one decoded image, never the whole archive.
    /// </summary>
    /// <inheritdoc cref="Read" path="/param"/>
    /// <exception cref="DatasetFormatException">The archive cannot be used; the message names the entry.</exception>
    public static DatasetRowReader Open(Stream zip, ImageZipOptions options, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(zip);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        FileStream? copy = null;
        if (!zip.CanSeek)
        {
            // The central directory is at the end of a ZIP, so reading one needs random access.
            copy = new FileStream(Path.GetTempFileName(), FileMode.Create, FileAccess.ReadWrite,
                FileShare.None, CopyBuffer, FileOptions.DeleteOnClose);
            zip.CopyTo(copy);
            copy.Position = 0;
        }
        ZipArchive? archive = null;
        try
        {
            archive = OpenArchive(copy ?? zip);
            var images = CheckEntries(archive, options);
            return new ImageZipRowReader(archive, copy, images, options, ct);
        }
        catch
        {
            archive?.Dispose();
            copy?.Dispose();
            throw;
        }
    }

    /// <summary>Everything that can be known from the directory, checked before a single byte is inflated.</summary>
    private static List<ImageEntry> CheckEntries(ZipArchive archive, ImageZipOptions options)
    {
        var entries = archive.Entries;
        if (entries.Count > options.MaxEntries)
            throw new DatasetFormatException($"The archive has {entries.Count} entries; at most {options.MaxEntries} are accepted.");
        var images = ZipEntryNames.Classify(entries);

        int itemSize = options.Channels * options.Height * options.Width;
        if ((long)images.Count * itemSize > options.MaxValues)
            throw new DatasetFormatException(
                $"The archive has {images.Count} images of {options.Channels} x {options.Height} x {options.Width} values; " +
                $"at most {options.MaxValues} values in all are accepted. Ask for a smaller size or upload fewer images.");

        // Declared sizes can lie (reading counts the real bytes too), but a bomb that admits its size is refused
        // before a single byte is inflated.
        long declared = images.Sum(image => image.Entry.Length);
        if (declared > options.MaxTotalBytes)
            throw Bomb(options.MaxTotalBytes);
        var large = images.FirstOrDefault(image => image.Entry.Length > options.MaxEntryBytes);
        if (large is not null)
            throw EntryTooLarge(large.Path, options.MaxEntryBytes);
        return images;
    }

    /// <summary>One image at a time, in path order, charged to the archive's budget of uncompressed bytes.</summary>
    private sealed class ImageZipRowReader(ZipArchive archive, FileStream? copy, List<ImageEntry> images, ImageZipOptions options,
        CancellationToken ct)
        : DatasetRowReader(DatasetKind.Images, [options.Channels, options.Height, options.Width], null, images[0].Label is not null)
    {
        private long budget = options.MaxTotalBytes;

        public override int? DeclaredRows => images.Count;

        protected override bool ReadItem(Span<float> item, out string id, out string? label)
        {
            if (RowsRead == images.Count)
            {
                id = "";
                label = null;
                return false;
            }
            ct.ThrowIfCancellationRequested();
            var image = images[RowsRead];
            byte[] encoded = ReadEntry(image, ref budget, options);
            ImageDecoding.DecodeInto(encoded, image.Path, options, item);
            id = image.Path;
            label = image.Label;
            return true;
        }

        protected override void Dispose(bool disposing)
        {
            if (disposing)
            {
                archive.Dispose();
                copy?.Dispose();
            }
        }
    }

    private static ZipArchive OpenArchive(Stream zip)
    {
        try
        {
            return new ZipArchive(zip, ZipArchiveMode.Read, leaveOpen: true);
        }
        // A file too short to hold a ZIP's directory fails with a seek before its start, not as invalid data.
        catch (Exception e) when (e is InvalidDataException or IOException or ArgumentException)
        {
            throw new DatasetFormatException($"The file is not a readable ZIP archive: {e.Message}", e);
        }
    }

    /// <summary>
    /// Reads an entry's bytes, charging them to the archive's budget as they come. The sizes an archive declares
    /// can lie, so both the entry's own limit and the archive's budget count what decompression actually produces,
    /// and reading stops one byte past either.
    /// </summary>
    private static byte[] ReadEntry(ImageEntry image, ref long budget, ImageZipOptions options)
    {
        var entry = image.Entry;
        if (entry.Length > budget)
            throw Bomb(options.MaxTotalBytes);
        try
        {
            using var input = entry.Open();
            using var bytes = new MemoryStream((int)Math.Min(entry.Length, CopyBuffer));
            var buffer = new byte[CopyBuffer];
            long allowed = Math.Min(budget, options.MaxEntryBytes);
            int read;
            while ((read = input.Read(buffer, 0, (int)Math.Min(buffer.Length, allowed - bytes.Length + 1))) > 0)
            {
                if (bytes.Length + read > options.MaxEntryBytes)
                    throw EntryTooLarge(image.Path, options.MaxEntryBytes);
                if (bytes.Length + read > budget)
                    throw Bomb(options.MaxTotalBytes);
                bytes.Write(buffer, 0, read);
            }
            budget -= bytes.Length;
            return bytes.ToArray();
        }
        catch (InvalidDataException e)
        {
            throw new DatasetFormatException($"The archive entry {ZipEntryNames.Quote(image.Path)} is damaged: {e.Message}", e);
        }
    }

    private static DatasetFormatException EntryTooLarge(string path, long limit) => new(
        $"The archive entry {ZipEntryNames.Quote(path)} holds more than {limit} bytes once uncompressed, the most accepted for one image.");

    private static DatasetFormatException Bomb(long limit) => new(
        $"The archive's images hold more than {limit} bytes once uncompressed, the most accepted. " +
        "Upload fewer or smaller images.");
}
