using System.Text.Json;
using System.Text.Json.Serialization;

namespace WebClustering.Core.Preprocessing;

/// <summary>JSON form of <see cref="FittedPreprocessing"/>, saved with a model and checked when loaded back.</summary>
public static class PreprocessingJson
{
    // The same conventions as model.json (camelCase, snake_case enums), so the two read alike.
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        WriteIndented = true,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.SnakeCaseLower) },
    };

    public static string Serialize(FittedPreprocessing fitted) => JsonSerializer.Serialize(fitted, Json);

    /// <exception cref="InvalidDataException">The JSON is not a preprocessing this version can apply.</exception>
    public static FittedPreprocessing Deserialize(string json)
    {
        FittedPreprocessing? fitted;
        try
        {
            fitted = JsonSerializer.Deserialize<FittedPreprocessing>(json, Json);
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"The preprocessing JSON cannot be read: {e.Message}", e);
        }
        if (fitted is null)
            throw new InvalidDataException("The preprocessing JSON is empty.");
        Check(fitted);
        return fitted;
    }

    private static void Check(FittedPreprocessing f)
    {
        if (f.Version != FittedPreprocessing.CurrentVersion)
            throw new InvalidDataException($"Preprocessing format version {f.Version} is not supported (expected {FittedPreprocessing.CurrentVersion}).");
        // Missing members come back as null despite the non-nullable types; catch that here, not at Apply.
        if (f.Categorical is null || f.Scaler?.Offset is null || f.Scaler.Scale is null)
            throw new InvalidDataException("The preprocessing JSON lacks its categorical encodings or scaler.");
        bool consistent = f.NumericWidth >= 0
            && (f.NumericColumns is null || f.NumericColumns.Length == f.NumericWidth)
            && (f.Missing == MissingValueStrategy.Refuse ? f.FillValues is null : f.FillValues?.Length == f.NumericWidth)
            // Encoding looks categories up by binary search, so they must be in strictly increasing ordinal order.
            && f.Categorical.All(c => c.Column is not null && c.Categories is { Length: > 0 }
                && c.Categories.Zip(c.Categories.Skip(1)).All(p => string.CompareOrdinal(p.First, p.Second) < 0))
            && f.Scaler.Offset.Length == f.OutputWidth && f.Scaler.Scale.Length == f.OutputWidth;
        if (!consistent)
            throw new InvalidDataException("The preprocessing JSON is inconsistent: its sizes do not agree.");
    }
}
