using System.Text.RegularExpressions;
using WebClustering.Storage.Jobs;

namespace WebClustering.Api.Registry;

/// <summary>
/// The rules of registry names and aliases. A name is any text that fits in one URL path segment (no slash,
/// backslash, '?', '#', '%' or control character), up to 200 characters; an alias is a short identifier. Versions are
/// numbers, so an alias may not be all digits, and <c>latest</c> is kept for the highest version.
/// </summary>
public static partial class ModelNaming
{
    public const int MaxNameLength = 200;

    /// <summary>Why <paramref name="name"/> cannot name a model; null when it can.</summary>
    public static string? NameProblem(string? name) =>
        string.IsNullOrWhiteSpace(name) ? "A model name must not be empty."
        : name.Length > MaxNameLength ? $"A model name has at most {MaxNameLength} characters."
        : name != name.Trim() ? "A model name must not start or end with spaces."
        : name.Any(c => char.IsControl(c) || c is '/' or '\\' or '?' or '#' or '%') ? "A model name must not hold '/', '\\', '?', '#', '%' or control characters."
        : null;

    /// <summary>Why <paramref name="alias"/> cannot be set; null when it can.</summary>
    public static string? AliasProblem(string alias) =>
        alias == ModelStore.Latest ? "'latest' always means the highest version; it cannot be set or removed."
        : !AliasPattern().IsMatch(alias) ? "An alias is 1 to 64 letters, digits, '-', '_' or '.', starting with a letter (e.g. production, staging, v2-candidate)."
        : null;

    /// <summary>A dataset's name as a model name: characters a name may not hold become '-'.</summary>
    public static string FromDatasetName(string datasetName)
    {
        var name = new string([.. datasetName.Select(c => char.IsControl(c) || c is '/' or '\\' or '?' or '#' or '%' ? '-' : c)]).Trim();
        name = name.Length > MaxNameLength ? name[..MaxNameLength].TrimEnd() : name;
        return name.Length == 0 ? "model" : name;
    }

    [GeneratedRegex("^[A-Za-z][A-Za-z0-9_.-]{0,63}$")]
    private static partial Regex AliasPattern();
}
