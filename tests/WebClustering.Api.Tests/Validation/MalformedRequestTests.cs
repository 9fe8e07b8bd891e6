using System.Net;
using System.Net.Http.Json;
using System.Text;
using WebClustering.Api.Datasets;
using WebClustering.Api.Registry;
using WebClustering.Api.Tests.Infrastructure;

namespace WebClustering.Api.Tests.Validation;

/// <summary>
/// Job configurations out of range or contradicting themselves or the dataset, unknown JSON fields, malformed JSON,
/// wrong content types, missing form fields and bad ids or query parameters: each a 4xx ProblemDetails naming the
/// field, value or path at fault, never a 500.
/// </summary>
[Collection(ServiceCollection.Name)]
public sealed class MalformedRequestTests(ServiceFixture service) : IAsyncLifetime
{
    private const HttpStatusCode Bad = HttpStatusCode.BadRequest;
    private static DatasetResponse? table;
    // A trained job and its model: the tenant gate answers 404 for ids it does not own before any body is read.
    private static (Guid Job, Guid Model)? trained;

    public async Task InitializeAsync()
    {
        var client = service.CreateClient();
        table ??= await client.CreateDatasetAsync("a,b\n1,2\n3,4\n5,6\n7,8\n");
        if (trained is null)
        {
            var job = (await service.BlobsJobAsync()).Job;
            var models = (await client.GetFromJsonAsync<ModelListResponse>("/api/models?limit=500", ApiClient.Json))!;
            trained = (job.Id, models.Items.Single(m => m.JobId == job.Id).Id);
        }
    }

    public Task DisposeAsync() => Task.CompletedTask;

    private static Refusal Json(string path, Func<Guid, string> body, HttpStatusCode status, params string[] mentions) =>
        Json(_ => path, body, status, mentions);

    /// <summary>A JSON body posted to a path built from the trained job and model ids.</summary>
    private static Refusal Json(Func<(Guid Job, Guid Model), string> path, Func<Guid, string> body, HttpStatusCode status, params string[] mentions) =>
        new(client => client.PostAsync(path(trained!.Value), new StringContent(body(table!.Id), Encoding.UTF8, "application/json")), status, mentions);

    private static Refusal Job(Func<Guid, string> body, params string[] mentions) => Json("/api/jobs", body, Bad, mentions);

    private static Refusal Get(string path, HttpStatusCode status, params string[] mentions) => new(client => client.GetAsync(path), status, mentions);

    private static readonly Guid Unknown = Guid.Parse("0196f0c4-6c4a-7d3e-9a51-3f2b8c1d4e5f");

    private static readonly Dictionary<string, Refusal> Cases = new()
    {
        ["an unknown top-level field"] = Job(id => $$$"""{"datasetId":"{{{id}}}","colour":"red"}""", "colour"),
        ["an unknown field inside model"] = Job(id => $$$"""{"datasetId":"{{{id}}}","model":{"kind":"dense","depth":3}}""", "depth"),
        ["an unknown clustering option"] = Job(id => $$$"""{"datasetId":"{{{id}}}","clustering":{"k":2,"temperature":1}}""", "temperature"),
        ["malformed JSON"] = Job(id => $$$"""{"datasetId":"{{{id}}}", """, "not valid JSON"),
        ["a number sent as text"] = Job(id => $$$"""{"datasetId":"{{{id}}}","training":{"epochs":"ten"}}""", "training.epochs"),
        ["an array instead of an object"] = Job(_ => "[1, 2, 3]", "not valid JSON"),
        ["an empty body"] = Job(_ => "", "body"),
        ["a dataset id that is not a GUID"] = Job(_ => """{"datasetId":"abc"}""", "datasetId"),
        ["a dataset that does not exist"] = Job(_ => $$$"""{"datasetId":"{{{Unknown}}}"}""", "datasetId", Unknown.ToString()),
        ["zero epochs"] = Job(id => $$$"""{"datasetId":"{{{id}}}","training":{"epochs":0},"clustering":{"k":2}}""", "training.epochs", "between 1 and 100000"),
        ["a batch size of zero"] = Job(id => $$$"""{"datasetId":"{{{id}}}","training":{"batchSize":0},"clustering":{"k":2}}""", "training.batchSize"),
        ["a NaN learning rate"] = Job(id => $$$"""{"datasetId":"{{{id}}}","training":{"learningRate":"NaN"},"clustering":{"k":2}}""", "training.learningRate"),
        ["a negative learning rate"] = Job(id => $$$"""{"datasetId":"{{{id}}}","training":{"learningRate":-0.1},"clustering":{"k":2}}""", "training.learningRate"),
        ["a latent size beyond 4096"] = Job(id => $$$"""{"datasetId":"{{{id}}}","model":{"latentDim":5000},"clustering":{"k":2}}""", "model.latentDim"),
        ["a hidden layer of no units"] = Job(id => $$$"""{"datasetId":"{{{id}}}","model":{"hiddenLayers":[16,0]},"clustering":{"k":2}}""", "model.hiddenLayers"),
        ["more clusters than rows"] = Job(id => $$$"""{"datasetId":"{{{id}}}","clustering":{"k":50}}""", "clustering.k"),
        ["a convolutional model on a table"] = Job(id => $$$"""{"datasetId":"{{{id}}}","model":{"kind":"conv"},"clustering":{"k":2}}""", "model.kind"),
        ["the bce loss on standardised data"] = Job(id => $$$"""{"datasetId":"{{{id}}}","model":{"outputActivation":"sigmoid"},"training":{"loss":"bce","preprocessing":"standardize"},"clustering":{"k":2}}""",
            "bce"),
        ["an unknown optimizer"] = Job(id => $$$"""{"datasetId":"{{{id}}}","training":{"optimizer":"magic"},"clustering":{"k":2}}""", "training.optimizer", "'magic'"),
        ["a job sent as text/plain"] = new(client => client.PostAsync("/api/jobs", new StringContent("{}", Encoding.UTF8, "text/plain")),
            HttpStatusCode.UnsupportedMediaType, "text/plain"),
        ["a dataset sent as JSON"] = Json("/api/datasets", _ => """{"name":"x"}""", HttpStatusCode.UnsupportedMediaType, "application/json"),
        ["an upload without a name"] = new(client => client.UploadAsync("/api/datasets", [("file", "a.csv", "a\n1\n"u8.ToArray())]), Bad, "name"),
        ["an upload without a file"] = new(client => client.UploadAsync("/api/datasets", [], ("name", "x")), Bad, "file"),
        ["an image upload without a width"] = new(client => client.UploadAsync("/api/datasets/images-zip", [("file", "a.zip", [1])], ("name", "x")),
            Bad, "width"),
        ["a job id that is not a GUID"] = Get("/api/jobs/42", HttpStatusCode.NotFound, "'42' is neither part of a route nor an id"),
        ["a misspelt resource"] = Get("/api/jbos", HttpStatusCode.NotFound, "'jbos'"),
        ["a method a path does not take"] = new(client => client.DeleteAsync("/api/jobs"), HttpStatusCode.MethodNotAllowed, "DELETE is not allowed on /api/jobs"),
        ["a limit that is not a number"] = Get("/api/jobs?limit=ten", Bad, "limit", "ten"),
        ["an offset that is not an integer"] = Get("/api/datasets?offset=1.5", Bad, "offset", "1.5"),
        ["an unknown job state"] = Get("/api/jobs?state=sleeping", Bad, "state", "'sleeping'"),
        ["malformed JSON for encoding"] = Json(ids => $"/api/models/{ids.Model}/encode", _ => """{"rows": [""", Bad, "not valid JSON"),
        ["an unknown field in a batch read"] = Json(ids => $"/api/jobs/{ids.Job}/embeddings/batch", _ => """{"itemIds":["a"],"limit":3}""", Bad, "limit"),
        ["malformed JSON for a batch read"] = Json(ids => $"/api/jobs/{ids.Job}/embeddings/batch", _ => """{"itemIds":["a",""", Bad, "not valid JSON"),
        ["item ids that are not strings"] = Json(ids => $"/api/jobs/{ids.Job}/embeddings/batch", _ => """{"itemIds":[1,2]}""", Bad, "itemIds"),
        ["a batch read sent as text/plain"] = new(client => client.PostAsync($"/api/jobs/{trained!.Value.Job}/embeddings/batch",
            new StringContent("""{"itemIds":["a"]}""", Encoding.UTF8, "text/plain")), HttpStatusCode.UnsupportedMediaType, "text/plain", "takes application/json"),
        ["a vector of the wrong size for similar items"] = Json(ids => $"/api/jobs/{ids.Job}/similar", _ => """{"vector":[1,2,3,4,5,6,7],"k":3}""", Bad, "vector"),
        ["a row of the wrong width to encode"] = Json(ids => $"/api/models/{ids.Model}/encode", _ => """{"rows":[{"id":"r","features":[1,2]}]}""", Bad, "rows[0].features", "the model takes 20"),
    };

    public static TheoryData<string> Names => [.. Cases.Keys];

    [Theory]
    [MemberData(nameof(Names))]
    public async Task A_malformed_request_is_refused_naming_the_problem(string name) =>
        await Cases[name].ShouldBeRefused(service.CreateClient());
}
