using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

namespace WebClustering.Core.Clustering;

/// <summary>
/// JSON for <see cref="ClusteringSpec"/>, <see cref="ClusteringModel"/> and friends: written in snake_case (the
/// option names of scikit-learn and of this API's documentation), read in snake_case or camelCase alike
/// (<c>n_init</c> or <c>nInit</c>). Enum values are strings (<c>"k-means++"</c>, <c>"davies_bouldin"</c>); unknown
/// properties are errors, so a misspelt option cannot silently fall back to its default.
/// </summary>
public static class ClusteringJson
{
    public static JsonSerializerOptions Options { get; } = CreateOptions();

    public static string Serialize<T>(T value) => JsonSerializer.Serialize(value, Options);

    /// <exception cref="JsonException">Malformed JSON, an unknown property or a bad enum value.</exception>
    public static T Deserialize<T>(string json)
    {
        JsonNode? node = JsonNode.Parse(json);
        return node is null
            ? throw new JsonException("Expected a JSON object, got null.")
            : ToSnakeCase(node).Deserialize<T>(Options) ?? throw new JsonException("Expected a JSON object, got null.");
    }

    private static JsonSerializerOptions CreateOptions()
    {
        var options = new JsonSerializerOptions
        {
            PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
            UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
            DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
            // The default encoder writes "k-means++" as "k-means\u002B\u002B"; this JSON is never embedded in HTML.
            Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        };
        options.Converters.Add(new JsonStringEnumConverter(JsonNamingPolicy.SnakeCaseLower, allowIntegerValues: false));
        options.MakeReadOnly(populateMissingResolver: true);
        return options;
    }

    /// <summary>Renames camelCase keys to snake_case, recursively; snake_case keys pass unchanged.</summary>
    private static JsonNode ToSnakeCase(JsonNode node)
    {
        switch (node)
        {
            case JsonObject obj:
                var renamed = new JsonObject();
                foreach (var (key, value) in obj.ToList())
                {
                    obj.Remove(key);
                    renamed[Snake(key)] = value is null ? null : ToSnakeCase(value);
                }
                return renamed;
            case JsonArray array:
                for (int i = 0; i < array.Count; i++)
                    if (array[i] is { } item)
                    {
                        var copy = ToSnakeCase(item);
                        if (!ReferenceEquals(copy, item))
                            array[i] = copy;
                    }
                return array;
            default:
                return node;
        }
    }

    private static string Snake(string key)
    {
        var builder = new StringBuilder(key.Length + 4);
        foreach (char ch in key)
        {
            if (char.IsUpper(ch))
            {
                if (builder.Length > 0)
                    builder.Append('_');
                builder.Append(char.ToLowerInvariant(ch));
            }
            else
                builder.Append(ch);
        }
        return builder.ToString();
    }
}
