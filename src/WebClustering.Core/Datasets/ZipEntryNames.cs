using System.IO.Compression;

namespace WebClustering.Core.Datasets;

/// <summary>An archive entry accepted as an image: its normalised path (the item id) and its class folder, if any.</summary>
internal sealed record ImageEntry(ZipArchiveEntry Entry, string Path, string? Label);

/// <summary>Decides, from names alone, which archive entries are images, which are ignored and which are refused.</summary>
internal static class ZipEntryNames
{
    private static readonly string[] ImageExtensions = [".png", ".jpg", ".jpeg"];

    /// <summary>
    /// The image entries, sorted by path so the item order does not depend on the tool that built the archive.
    /// Everything is checked before any image is decoded, so a bad archive fails fast.
    /// </summary>
    public static List<ImageEntry> Classify(IReadOnlyCollection<ZipArchiveEntry> entries)
    {
        var images = new List<ImageEntry>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var entry in entries)
        {
            // Windows tools may write backslashes; they separate folders all the same.
            string path = entry.FullName.Replace('\\', '/');
            if (IsUnsafe(path))
                throw new DatasetFormatException(
                    $"The archive entry {Quote(entry.FullName)} has an unsafe path (absolute, or going up with '..'); " +
                    "every entry must stay inside the archive.");
            string[] segments = path.Split('/', StringSplitOptions.RemoveEmptyEntries);
            if (path.EndsWith('/') || segments.Length == 0)
                continue; // a folder
            // macOS Finder adds __MACOSX/ resource forks and .DS_Store files; other dotfiles are tool litter too.
            if (segments[0] == "__MACOSX" || segments.Any(s => s.StartsWith('.')))
                continue;
            if (!ImageExtensions.Any(e => path.EndsWith(e, StringComparison.OrdinalIgnoreCase)))
                throw new DatasetFormatException(
                    $"The archive entry {Quote(entry.FullName)} is not a PNG or JPEG image (.png, .jpg, .jpeg). " +
                    "The archive may hold only images, optionally in one folder per class.");
            string normalised = string.Join('/', segments);
            if (!seen.Add(normalised))
                throw new DatasetFormatException($"The archive has two entries named {Quote(normalised)}; image paths must be unique.");
            images.Add(new ImageEntry(entry, normalised, segments.Length > 1 ? segments[^2] : null));
        }

        if (images.Count == 0)
            throw new DatasetFormatException("The archive holds no PNG or JPEG images.");
        var loose = images.FirstOrDefault(i => i.Label is null);
        var foldered = images.FirstOrDefault(i => i.Label is not null);
        if (loose is not null && foldered is not null)
            throw new DatasetFormatException(
                $"The image {Quote(loose.Path)} is at the top of the archive while others sit in class folders " +
                $"(e.g. {Quote(foldered.Path)}). Put every image in a folder named after its class, or none of them.");
        images.Sort((a, b) => string.CompareOrdinal(a.Path, b.Path));
        return images;
    }

    private static bool IsUnsafe(string path) =>
        path.StartsWith('/')
        || (path.Length >= 2 && path[1] == ':' && char.IsAsciiLetter(path[0])) // C:/...
        || path.Split('/').Any(s => s == "..")
        || path.Contains('\0');

    public static string Quote(string name) => DatasetFormatException.Quote(name);
}
