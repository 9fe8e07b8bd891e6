using System.Text.Json;
using System.Text.Json.Serialization;

namespace WebClustering.Core.Models;

/// <summary>
/// JSON for specs and model manifests: camelCase properties, snake_case enum names (<c>xavier_uniform</c>,
/// <c>lstm</c>), the <c>kind</c> discriminator accepted anywhere in the object.
/// </summary>
public static class ModelJson
{
    public static readonly JsonSerializerOptions Options = Create();

    /// <summary>Adds what spec (de)serialisation needs to options the caller owns (e.g. the API's).</summary>
    public static void Configure(JsonSerializerOptions options)
    {
        options.PropertyNamingPolicy = JsonNamingPolicy.CamelCase;
        options.AllowOutOfOrderMetadataProperties = true;
        if (!options.Converters.Any(converter => converter is JsonStringEnumConverter))
            options.Converters.Add(new JsonStringEnumConverter(JsonNamingPolicy.SnakeCaseLower, allowIntegerValues: false));
    }

    public static string Serialize(AutoencoderSpec spec) => JsonSerializer.Serialize(spec, Options);

    public static AutoencoderSpec Deserialize(string json) =>
        JsonSerializer.Deserialize<AutoencoderSpec>(json, Options) ?? throw new JsonException("The spec is null.");

    private static JsonSerializerOptions Create()
    {
        var options = new JsonSerializerOptions(JsonSerializerDefaults.Web) { WriteIndented = true };
        Configure(options);
        return options;
    }
}
