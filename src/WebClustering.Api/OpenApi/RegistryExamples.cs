namespace WebClustering.Api.OpenApi;

/// <summary>Request bodies of the model registry shown in Swagger UI.</summary>
public static class RegistryExamples
{
    public static readonly (string Name, string Summary, string Json)[] SetAlias =
    [
        ("by version", "Point the alias at version 3 of the name", """{ "version": 3 }"""),
        ("by model id", "Point the alias at a model registered under the name", """{ "modelId": "00000000-0000-0000-0000-000000000000" }"""),
    ];

    /// <summary>A fine-tuning job: the architecture and preprocessing come from the parent; new data, a lower rate.</summary>
    public const string FineTune = """
        {
          "datasetId": "00000000-0000-0000-0000-000000000000",
          "modelName": "customers",
          "training": { "initFrom": "00000000-0000-0000-0000-000000000000", "epochs": 10, "learningRate": 0.0003 }
        }
        """;

    /// <summary>An encoding job: new catalogue items, uploaded as a dataset of the model's columns.</summary>
    public static readonly (string Name, string Summary, string Json)[] Encoding =
    [
        ("new catalogue items", "Encode every row of a dataset with the model's columns", """{ "datasetId": "00000000-0000-0000-0000-000000000000" }"""),
    ];
}
