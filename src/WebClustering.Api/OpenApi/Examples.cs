namespace WebClustering.Api.OpenApi;

/// <summary>Request bodies shown in Swagger UI; each runs as it is once the dataset id is replaced.</summary>
public static class Examples
{
    public const string CreateJob = """
        {
          "datasetId": "00000000-0000-0000-0000-000000000000",
          "model": { "kind": "dense", "hiddenLayers": [128, 64], "latentDim": 10, "activation": "relu" },
          "training": { "epochs": 50, "batchSize": 256, "learningRate": 0.001, "optimizer": "adam", "seed": 0, "preprocessing": "standardize" },
          "clustering": { "algorithm": "kmeans", "k": 3, "nInit": 10 }
        }
        """;

    public const string EmbeddingBatch = """
        { "itemIds": ["item-0001", "item-0002"], "fields": "vector,cluster" }
        """;

    public const string SimilarByVector = """
        { "vector": [0.1, -0.4, 1.2], "k": 10, "metric": "cosine" }
        """;

    public const string EncodeRows = """
        { "rows": [ { "id": "new-1", "features": [5.1, 3.5, 1.4, 0.2] } ] }
        """;

    public const string EncodeRawRows = """
        { "rows": [ { "id": "new-1", "values": { "age": 31, "income": 52000, "city": "Paris" } }, { "id": "new-2", "values": { "age": null, "income": 48000, "city": "Lyon" } } ] }
        """;

    /// <summary>The two forms of an encode request: features, or raw CSV columns (models of CSV tables).</summary>
    public static readonly (string Name, string Summary, string Json)[] EncodeRowsExamples =
    [
        ("features", "Features in the order of the model's featureNames", EncodeRows),
        ("raw values", "Raw columns of a CSV table by name; null or absent is a gap, filled as the job filled them", EncodeRawRows),
    ];

    public const string Generate = """
        { "count": 16, "seed": 0 }
        """;

    public const string Decode = """
        { "points": [ [0.0, 0.0], [1.5, -0.5] ] }
        """;
}
