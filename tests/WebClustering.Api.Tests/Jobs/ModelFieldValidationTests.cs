using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using WebClustering.Api.Datasets;
using WebClustering.Api.Tests.Infrastructure;

namespace WebClustering.Api.Tests.Jobs;

/// <summary>
/// Posting a job: fields the kind does not use, activation parameters and init, as the client sees them over HTTP.
/// Every refusal names the field's JSON path; nothing here trains.
/// </summary>
[Collection(ServiceCollection.Name)]
public sealed class ModelFieldValidationTests(ServiceFixture service) : IAsyncLifetime
{
    private readonly HttpClient client = service.CreateClient();
    private DatasetResponse table = null!, images = null!, sequences = null!;

    public async Task InitializeAsync()
    {
        table = await client.CreateDatasetAsync("a,b,c\n1,2,3\n3,4,1\n5,6,2\n7,8,0\n2,2,2\n");
        var (pixels, labels) = DatasetFiles.Shapes(perClass: 4);
        images = await client.UploadAsync("/api/datasets/idx",
            [("file", "images.idx", DatasetFiles.IdxImages(pixels)), ("labels", "labels.idx", DatasetFiles.IdxLabels(labels))],
            ("name", "shapes")).CreatedDatasetAsync();
        var csv = new StringBuilder("id,step,value\n");
        for (int i = 0; i < 6; i++)
            for (int t = 0; t < 5; t++) csv.Append(CultureInfo.InvariantCulture, $"s{i},{t},{Math.Sin(i + t):R}\n");
        sequences = await client.UploadAsync("/api/datasets/sequences-csv", [("file", "waves.csv", Encoding.UTF8.GetBytes(csv.ToString()))],
            ("name", "waves")).CreatedDatasetAsync();
    }

    public Task DisposeAsync() => Task.CompletedTask;

    public static TheoryData<string, string, string> NotApplicable() => new()
    {
        { "images", """{"kind": "conv", "hiddenLayers": [32]}""", "model.hiddenLayers" },
        { "sequences", """{"kind": "sequence", "activation": "tanh"}""", "model.activation" },
        { "table", """{"kind": "dense", "beta": 2}""", "model.beta" },
        { "images", """{"kind": "conv", "beta": 2}""", "model.beta" },
        { "table", """{"kind": "dense", "encoder": [{"outChannels": 8}]}""", "model.encoder" },
        { "table", """{"kind": "dense", "cell": "gru"}""", "model.cell" },
        { "sequences", """{"kind": "sequence", "hiddenLayers": [8]}""", "model.hiddenLayers" },
        { "images", """{"kind": "vae", "backbone": "dense", "encoder": [{"outChannels": 8}]}""", "model.encoder" },
        { "table", """{"hiddenLayers": [8], "layers": 2}""", "model.layers" },
    };

    [Theory]
    [MemberData(nameof(NotApplicable))]
    public async Task A_field_the_kind_does_not_use_is_refused_naming_its_path(string dataset, string model, string path)
    {
        var errors = await PostAndReadErrors(dataset, model);

        Assert.Equal([path], errors.Keys);
        Assert.Contains("not used by", errors[path]);
    }

    [Theory]
    [InlineData("""{"activation": {"name": "tanh", "alpha": 0.2}}""", "model.activation.alpha", "leaky_relu")]
    [InlineData("""{"activation": {"name": "hardtanh", "min": 2, "max": 1}}""", "model.activation.max", "greater than min")]
    [InlineData("""{"activation": {"name": "softplus", "beta": -1}}""", "model.activation.beta", "greater than 0")]
    [InlineData("""{"activation": {"name": "relu", "shared": true}}""", "model.activation.shared", "prelu")]
    [InlineData("""{"activation": {"name": "step"}}""", "model.activation", "gradient is zero")]
    public async Task An_activation_parameter_that_does_not_fit_is_refused_naming_its_path(string model, string path, string expected)
    {
        var errors = await PostAndReadErrors("table", model);

        Assert.Contains(path, errors.Keys);
        Assert.Contains(expected, errors[path]);
    }

    [Fact]
    public async Task An_unknown_activation_property_is_refused_naming_it()
    {
        var problem = await (await Post("table", """{"activation": {"name": "elu", "slope": 0.5}}""")).ShouldBeProblem(HttpStatusCode.BadRequest);

        Assert.Contains("slope", problem["detail"]!.GetValue<string>());
        Assert.Equal("model.activation", problem["field"]!.GetValue<string>());
    }

    [Fact]
    public async Task An_activation_object_and_an_init_are_planned_as_sent_and_a_left_out_init_is_chosen()
    {
        var sent = await Accepted("table", """{"activation": {"name": "prelu", "alpha": 0.1, "shared": true}, "init": "kaiming_normal"}""");
        var left = await Accepted("table", """{"activation": {"name": "hardtanh", "min": -2, "max": 2}}""");

        Assert.Equal(JsonNode.Parse("""{"name": "prelu", "alpha": 0.1, "shared": true}""")!.ToJsonString(), sent["model"]!["activation"]!.ToJsonString());
        Assert.Equal("kaiming_normal", sent["model"]!["init"]!.GetValue<string>());
        Assert.DoesNotContain("model.init", Chosen(sent));
        Assert.Equal("xavier_uniform", left["model"]!["init"]!.GetValue<string>());
        Assert.Contains("model.init", Chosen(left));
    }

    [Fact]
    public async Task Beta_without_a_kind_posts_a_vae()
    {
        var configuration = await Accepted("table", """{"beta": 2}""");

        Assert.Equal("vae", configuration["model"]!["kind"]!.GetValue<string>());
        Assert.Contains("model.kind", Chosen(configuration));
    }

    private static IEnumerable<string> Chosen(JsonNode job) => job["chosen"]!.AsArray().Select(c => c!["field"]!.GetValue<string>());

    /// <summary>The job's configuration, with its <c>chosen</c> list beside it.</summary>
    private async Task<JsonNode> Accepted(string dataset, string model)
    {
        var response = await Post(dataset, model);
        Assert.True(response.StatusCode == HttpStatusCode.Accepted, $"{(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        var job = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        var configuration = job["configuration"]!.DeepClone();
        configuration["chosen"] = job["chosen"]!.DeepClone();
        return configuration;
    }

    private Task<HttpResponseMessage> Post(string dataset, string model)
    {
        var id = dataset switch { "images" => images.Id, "sequences" => sequences.Id, _ => table.Id };
        var body = $$$"""{"datasetId": "{{{id}}}", "model": {{{model}}}, "training": {"epochs": 1}, "clustering": {"k": 2}}""";
        return client.PostAsync("/api/jobs", new StringContent(body, Encoding.UTF8, "application/json"));
    }

    private async Task<Dictionary<string, string>> PostAndReadErrors(string dataset, string model)
    {
        var problem = await (await Post(dataset, model)).ShouldBeProblem(HttpStatusCode.BadRequest);
        return problem["errors"]!.AsObject().ToDictionary(
            pair => pair.Key,
            pair => string.Join(" ", pair.Value!.AsArray().Select(m => m!.GetValue<string>())));
    }
}
