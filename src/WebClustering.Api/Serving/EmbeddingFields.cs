namespace WebClustering.Api.Serving;

/// <summary>The optional parts of an embedding a client asks for; the item id always comes.</summary>
[Flags]
public enum EmbeddingFields
{
    None = 0,
    Vector = 1,
    Cluster = 2,
    ReconstructionError = 4,
}

public static class EmbeddingFieldsParser
{
    public const EmbeddingFields Default = EmbeddingFields.Vector | EmbeddingFields.Cluster;
    public const string Allowed = "vector, cluster, reconstructionError";

    public static bool TryParse(string? text, out EmbeddingFields fields)
    {
        fields = Default;
        if (string.IsNullOrWhiteSpace(text)) return true;
        fields = EmbeddingFields.None;
        foreach (var part in text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (!Enum.TryParse<EmbeddingFields>(part, ignoreCase: true, out var field) || field == EmbeddingFields.None) return false;
            fields |= field;
        }
        return true;
    }
}
