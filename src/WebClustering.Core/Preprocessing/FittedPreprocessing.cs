using System.Text.Json;

namespace WebClustering.Core.Preprocessing;

/// <summary>
/// Everything a job fitted to turn raw rows into its model's input, in the order it is applied: the table
/// preprocessing (CSV tables only: gaps filled, categories one-hot encoded), then the scaler. Stored beside the
/// model in the registry, so it can be shown without loading the model file (which holds the same).
/// </summary>
public sealed record FittedPreprocessing(TablePreprocessing? Table, Scaler Scaler)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public string ToJson() => JsonSerializer.Serialize(this, Json);

    public static FittedPreprocessing FromJson(string json) =>
        JsonSerializer.Deserialize<FittedPreprocessing>(json, Json) ?? throw new InvalidDataException("The preprocessing JSON is empty.");
}
