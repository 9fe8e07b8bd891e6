using System.Net;
using System.Net.Http.Json;
using System.Text;
using WebClustering.Api.Datasets;
using WebClustering.Api.Jobs;
using WebClustering.Api.Registry;
using WebClustering.Api.Tests.Infrastructure;

namespace WebClustering.Api.Tests.Registry;

/// <summary>Uploads under a name of the test's own (the suite shares one database) and small, quick jobs on them.</summary>
public static class RegistryClient
{
    public static string UniqueName(string prefix) => $"{prefix}-{Guid.NewGuid():N}"[..(prefix.Length + 13)];

    public static async Task<DatasetResponse> NamedDatasetAsync(this HttpClient client, string name, string? csv = null, string? categoricalColumns = null)
    {
        var form = new MultipartFormDataContent
        {
            { new ByteArrayContent(Encoding.UTF8.GetBytes(csv ?? CsvFiles.Blobs(perCluster: 30, clusters: 3, dims: 8))), "file", "data.csv" },
            { new StringContent(name), "name" },
            { new StringContent("item"), "idColumn" },
        };
        if (categoricalColumns is not null) form.Add(new StringContent(categoricalColumns), "categoricalColumns");
        else form.Add(new StringContent("species"), "labelColumn");
        var response = await client.PostAsync("/api/datasets", form);
        await response.ShouldHaveStatus(HttpStatusCode.Created);
        return (await response.Content.ReadFromJsonAsync<DatasetResponse>(ApiClient.Json))!;
    }

    /// <summary>A small dense job: quick, and with a fixed architecture fine-tuning can compare against.</summary>
    public static object QuickJob(Guid datasetId, int epochs = 3, string? modelName = null) => new
    {
        datasetId,
        modelName,
        model = new { kind = "dense", hiddenLayers = new[] { 16 }, latentDim = 2 },
        training = new { epochs, batchSize = 30, learningRate = 0.01, seed = 1 },
        clustering = new { algorithm = "kmeans", k = 3 },
    };

    public static async Task<ModelResponse> ModelOfAsync(this HttpClient client, Guid jobId)
    {
        var models = (await client.GetFromJsonAsync<ModelListResponse>("/api/models?limit=500", ApiClient.Json))!;
        var listed = models.Items.Single(m => m.JobId == jobId);
        return (await client.GetFromJsonAsync<ModelResponse>($"/api/models/{listed.Id}", ApiClient.Json))!;
    }

    public static async Task<ModelResponse> TrainedModelAsync(this HttpClient client, object job) =>
        await client.ModelOfAsync((await client.SucceededJobAsync(job)).Id);

    public static Task<HttpResponseMessage> PutAliasAsync(this HttpClient client, string name, string alias, object body) =>
        client.PutAsJsonAsync($"/api/models/names/{Uri.EscapeDataString(name)}/aliases/{alias}", body, ApiClient.Json);

    public static async Task<ModelResponse> ResolveAsync(this HttpClient client, string name, string alias)
    {
        var response = await client.GetAsync($"/api/models/names/{Uri.EscapeDataString(name)}/aliases/{alias}");
        await response.ShouldHaveStatus(HttpStatusCode.OK);
        var model = (await response.Content.ReadFromJsonAsync<ModelResponse>(ApiClient.Json))!;
        Assert.Equal($"/api/models/{model.Id}", response.Content.Headers.ContentLocation?.OriginalString);
        return model;
    }
}
