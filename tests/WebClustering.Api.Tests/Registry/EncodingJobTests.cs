using System.Net;
using System.Net.Http.Json;
using Npgsql;
using WebClustering.Api.Jobs;
using WebClustering.Api.Registry;
using WebClustering.Api.Serving;
using WebClustering.Api.Tests.Infrastructure;

namespace WebClustering.Api.Tests.Registry;

/// <summary>Encoding jobs (POST /api/models/{id}/encodings): a model's encoding of a new dataset, served like a training job's results.</summary>
[Collection(ServiceCollection.Name)]
public sealed class EncodingJobTests(ServiceFixture service)
{
    private readonly HttpClient client = service.CreateClient();

    private static string Catalogue(int noiseSeed) => CsvFiles.Blobs(perCluster: 40, clusters: 3, dims: 8, noiseSeed: noiseSeed);

    private async Task<ModelResponse> ModelAsync(string name) =>
        await client.TrainedModelAsync(RegistryClient.QuickJob((await client.NamedDatasetAsync(RegistryClient.UniqueName(name))).Id, epochs: 20));

    private Task<HttpResponseMessage> PostEncodingAsync(Guid modelId, Guid datasetId, string? idempotencyKey = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, $"/api/models/{modelId}/encodings") { Content = JsonContent.Create(new { datasetId }, options: ApiClient.Json) };
        if (idempotencyKey is not null) request.Headers.Add("Idempotency-Key", idempotencyKey);
        return client.SendAsync(request);
    }

    private async Task<JobResponse> EncodedAsync(Guid modelId, Guid datasetId, string? idempotencyKey = null)
    {
        var response = await PostEncodingAsync(modelId, datasetId, idempotencyKey);
        await response.ShouldHaveStatus(HttpStatusCode.Accepted);
        var job = (await response.Content.ReadFromJsonAsync<JobResponse>(ApiClient.Json))!;
        Assert.Equal($"/api/jobs/{job.Id}", response.Headers.Location?.OriginalString);
        Assert.Equal(("encoding", modelId, datasetId), (job.Kind, job.ModelId, job.DatasetId));
        var done = await client.WaitForJobAsync(job.Id, TimeSpan.FromMinutes(3));
        Assert.True(done.State == "succeeded", $"{done.State}: {done.Error}");
        return done;
    }

    [Fact]
    public async Task An_encoding_job_serves_the_models_encoding_of_every_row_and_registers_no_model()
    {
        var model = await ModelAsync("encoder");
        var csv = Catalogue(noiseSeed: 77);
        var catalogue = await client.NamedDatasetAsync(RegistryClient.UniqueName("new-items"), csv);

        var job = await EncodedAsync(model.Id, catalogue.Id);

        // Every row, with the latent and cluster that POST /encode gives the same row.
        var page = (await client.GetFromJsonAsync<EmbeddingsPage>($"/api/jobs/{job.Id}/embeddings?limit=500", ApiClient.Json))!;
        Assert.Equal(120, page.Total);
        var table = PlainCsvTable.Parse(csv);
        var rows = Enumerable.Range(0, 30).Select(r => new { id = $"item-{r:D4}", features = table.Features.AsSpan(r * table.Cols, table.Cols).ToArray() });
        var encoded = (await (await client.PostAsJsonAsync($"/api/models/{model.Id}/encode", new { rows }, ApiClient.Json))
            .Content.ReadFromJsonAsync<EncodeResponse>(ApiClient.Json))!;
        var stored = page.Items.ToDictionary(e => e.ItemId);
        foreach (var row in encoded.Items)
        {
            Assert.Equal(row.Cluster, stored[row.Id].Cluster);
            for (int d = 0; d < row.Vector.Length; d++) Assert.Equal(row.Vector[d], stored[row.Id].Vector![d], 4);
        }
        var batch = (await (await client.PostAsJsonAsync($"/api/jobs/{job.Id}/embeddings/batch", new { itemIds = new[] { "item-0003", "nope" } }, ApiClient.Json))
            .Content.ReadFromJsonAsync<EmbeddingBatchResponse>(ApiClient.Json))!;
        Assert.Equal(("item-0003", "nope"), (Assert.Single(batch.Items).ItemId, Assert.Single(batch.Missing)));

        // The model's clusters, scored on the new rows (the blobs are the training set's: they fall into its clusters).
        var clusters = (await client.GetFromJsonAsync<ClustersResponse>($"/api/jobs/{job.Id}/clusters", ApiClient.Json))!;
        Assert.Equal(model.Clustering.Centroids, clusters.Centroids);
        Assert.Equal(120, clusters.Sizes.Sum());
        Assert.True(clusters.External!.Accuracy >= 0.9, $"ACC {clusters.External.Accuracy}");
        Assert.Empty((await client.HistoryAsync(job.Id)).Epochs);

        var similar = (await client.GetFromJsonAsync<SimilarResponse>($"/api/jobs/{job.Id}/items/item-0004/similar?k=5", ApiClient.Json))!;
        Assert.Equal(5, similar.Items.Count);
        Assert.DoesNotContain(similar.Items, i => i.ItemId == "item-0004");
        await (await client.GetAsync($"/api/jobs/{job.Id}/anomalies?top=3")).ShouldHaveStatus(HttpStatusCode.OK);
        await (await client.GetAsync($"/api/jobs/{job.Id}/embeddings/export?format=csv")).ShouldHaveStatus(HttpStatusCode.OK);

        // No model of its own: none registered, none to download.
        Assert.Empty((await client.GetFromJsonAsync<ModelListResponse>($"/api/models?jobId={job.Id}", ApiClient.Json))!.Items);
        var versions = (await client.GetFromJsonAsync<ModelListResponse>($"/api/models?name={Uri.EscapeDataString(model.Name)}", ApiClient.Json))!;
        Assert.Equal(model.Id, Assert.Single(versions.Items).Id);
        await (await client.GetAsync($"/api/jobs/{job.Id}/model")).ShouldBeProblem(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task A_dataset_of_another_layout_is_a_400_naming_the_first_differing_column()
    {
        var model = await ModelAsync("layout");
        var renamed = await client.NamedDatasetAsync(RegistryClient.UniqueName("renamed"), Catalogue(noiseSeed: 5).Replace(",f3,", ",g3,"));

        var problem = await (await PostEncodingAsync(model.Id, renamed.Id)).ShouldBeProblem(HttpStatusCode.BadRequest);
        Assert.Contains("Column 4: the dataset has 'g3' where the model has 'f3'", problem["errors"]!["datasetId"]![0]!.GetValue<string>());

        var unknown = Guid.NewGuid();
        problem = await (await PostEncodingAsync(model.Id, unknown)).ShouldBeProblem(HttpStatusCode.BadRequest);
        Assert.Contains(unknown.ToString(), problem["errors"]!["datasetId"]![0]!.GetValue<string>());
        await (await PostEncodingAsync(Guid.NewGuid(), renamed.Id)).ShouldBeProblem(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Deleting_an_encoding_job_keeps_the_model_and_deleting_the_model_removes_its_encoding_jobs()
    {
        var model = await ModelAsync("deleted-encoder");
        var catalogue = await client.NamedDatasetAsync(RegistryClient.UniqueName("items"), Catalogue(noiseSeed: 9));
        var alone = await EncodedAsync(model.Id, catalogue.Id);
        var key = Guid.NewGuid().ToString();
        var withModel = await EncodedAsync(model.Id, catalogue.Id, key);
        await (await client.GetAsync($"/api/jobs/{withModel.Id}/items/item-0001/similar")).ShouldHaveStatus(HttpStatusCode.OK); // cached in memory now

        await (await client.DeleteAsync($"/api/jobs/{alone.Id}")).ShouldHaveStatus(HttpStatusCode.NoContent);
        await (await client.GetAsync($"/api/jobs/{alone.Id}")).ShouldBeProblem(HttpStatusCode.NotFound);
        await (await client.GetAsync($"/api/models/{model.Id}")).ShouldHaveStatus(HttpStatusCode.OK);
        Assert.Equal((0, 0), await StoredAsync(alone.Id));
        Assert.Equal((120, 1), await StoredAsync(withModel.Id));

        await (await client.DeleteAsync($"/api/models/{model.Id}")).ShouldHaveStatus(HttpStatusCode.NoContent);
        await (await client.GetAsync($"/api/jobs/{withModel.Id}")).ShouldBeProblem(HttpStatusCode.NotFound);
        await (await client.GetAsync($"/api/jobs/{withModel.Id}/items/item-0001/similar")).ShouldBeProblem(HttpStatusCode.NotFound);
        Assert.Equal((0, 0), await StoredAsync(withModel.Id));
        // Its stored reply went too: the same request now finds no model instead of replaying a deleted job.
        await (await PostEncodingAsync(model.Id, catalogue.Id, key)).ShouldBeProblem(HttpStatusCode.NotFound);
        // The encoded dataset itself stays: only what was made from the model goes.
        await (await client.GetAsync($"/api/datasets/{catalogue.Id}")).ShouldHaveStatus(HttpStatusCode.OK);
    }

    /// <summary>The job's embedding rows and its results row, as stored.</summary>
    private async Task<(long Embeddings, long Results)> StoredAsync(Guid jobId)
    {
        await using var connection = new NpgsqlConnection(service.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("""
            SELECT (SELECT count(*) FROM job_embeddings WHERE job_id = @id), (SELECT count(*) FROM job_results WHERE job_id = @id)
            """, connection);
        command.Parameters.AddWithValue("id", jobId);
        await using var reader = await command.ExecuteReaderAsync();
        await reader.ReadAsync();
        return (reader.GetInt64(0), reader.GetInt64(1));
    }
}
