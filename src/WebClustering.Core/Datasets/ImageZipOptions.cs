namespace WebClustering.Core.Datasets;

/// <summary>How <see cref="ImageZipReader"/> turns images into items, and the limits that keep an upload bounded.</summary>
/// <param name="Width">Width every image is resized to, in pixels (the client states it; aspect ratio is not kept).</param>
/// <param name="Height">Height every image is resized to, in pixels.</param>
/// <param name="Channels">1 for grayscale (colour images are converted to luminance) or 3 for RGB (gray images are repeated).</param>
/// <param name="MaxEntries">Most entries (files and folders, as the archive's directory lists them) accepted.</param>
/// <param name="MaxTotalBytes">Most uncompressed bytes read over all entries, counted as they are read, not as the archive claims.</param>
/// <param name="MaxImagePixels">Largest decoded image accepted (width x height), checked from its header before decoding.</param>
/// <param name="MaxValues">Most values in the result (images x channels x height x width), 4 bytes each.</param>
/// <param name="MaxEntryBytes">Most uncompressed bytes of one image file, declared or actually read.</param>
public sealed record ImageZipOptions(
    int Width,
    int Height,
    int Channels,
    int MaxEntries = 100_000,
    long MaxTotalBytes = 1L << 30,
    long MaxImagePixels = 40_000_000,
    long MaxValues = IdxReadOptions.DefaultMaxValues,
    long MaxEntryBytes = 64L << 20)
{
    /// <summary>Largest width or height a client may ask for: autoencoders here train on small thumbnails.</summary>
    public const int MaxSide = 1024;

    /// <summary>Throws when the client's size or channel count is out of range.</summary>
    internal void Validate()
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(Width, 1, nameof(Width));
        ArgumentOutOfRangeException.ThrowIfGreaterThan(Width, MaxSide, nameof(Width));
        ArgumentOutOfRangeException.ThrowIfLessThan(Height, 1, nameof(Height));
        ArgumentOutOfRangeException.ThrowIfGreaterThan(Height, MaxSide, nameof(Height));
        if (Channels is not (1 or 3))
            throw new ArgumentOutOfRangeException(nameof(Channels), Channels, "Channels must be 1 (grayscale) or 3 (RGB).");
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxEntries, 1, nameof(MaxEntries));
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxTotalBytes, 1, nameof(MaxTotalBytes));
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxImagePixels, 1, nameof(MaxImagePixels));
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxValues, 1, nameof(MaxValues));
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxEntryBytes, 1, nameof(MaxEntryBytes));
    }
}
