using WebClustering.Api.Jobs.Planning;
using WebClustering.Api.Serving;
using System.Net;
using System.Net.Http.Json;
using Npgsql;
using WebClustering.Api.Jobs;
using WebClustering.Api.Tests.Infrastructure;
using WebClustering.Core;
using WebClustering.Core.Inference;
using WebClustering.Core.Models;

namespace WebClustering.Api.Tests.Jobs;

[Collection(ServiceCollection.Name)]
public sealed class TrainingEndToEndTests(ServiceFixture service)
{
    private readonly HttpClient client = service.CreateClient();

    [Fact]
    public async Task Three_gaussian_blobs_are_clustered_and_every_result_can_be_read_back()
    {
        var csv = CsvFiles.Blobs(perCluster: 60, clusters: 3, dims: 20);
        var dataset = await client.CreateDatasetAsync(csv, idColumn: "item", labelColumn: "species");
        Assert.Equal(180, dataset.Rows);
        Assert.Equal(20, dataset.FeatureNames.Count);

        var post = await client.PostJobAsync(new
        {
            datasetId = dataset.Id,
            model = new { kind = "dense", hiddenLayers = new[] { 32, 16 }, latentDim = 3, activation = "relu" },
            training = new { epochs = 40, batchSize = 32, learningRate = 0.003, seed = 5 },
            clustering = new { algorithm = "kmeans", k = 3 },
        });
        await post.ShouldHaveStatus(HttpStatusCode.Accepted);
        var queued = (await post.Content.ReadFromJsonAsync<JobResponse>(ApiClient.Json))!;
        Assert.Equal($"/api/jobs/{queued.Id}", post.Headers.Location?.ToString());

        var job = await client.WaitForJobAsync(queued.Id, TimeSpan.FromMinutes(3));
        Assert.True(job.State == "succeeded", $"job ended {job.State}: {job.Error}");
        Assert.Equal(1.0, job.Progress, 6);
        Assert.Equal(40, job.Epoch);
        Assert.NotNull(job.Loss);
        Assert.NotNull(job.StartedAt);
        Assert.NotNull(job.FinishedAt);
        await AssertRanOnHangfire(queued.Id);

        var page = (await client.GetFromJsonAsync<EmbeddingsPage>($"/api/jobs/{job.Id}/embeddings?offset=0&limit=1000", ApiClient.Json))!;
        Assert.Equal(180, page.Total);
        var expectedIds = Enumerable.Range(0, 180).Select(i => $"item-{i:D4}").ToHashSet();
        Assert.True(expectedIds.SetEquals(page.Items.Select(e => e.ItemId)), "every row has an embedding under its id");
        Assert.All(page.Items, e => Assert.Equal(3, e.Vector!.Length));

        var clusters = (await client.GetFromJsonAsync<ClustersResponse>($"/api/jobs/{job.Id}/clusters", ApiClient.Json))!;
        Assert.Equal(3, clusters.K);
        Assert.Equal(180, clusters.Sizes.Sum());
        Assert.NotNull(clusters.External);
        Assert.True(clusters.External!.Accuracy >= 0.95, $"ACC {clusters.External.Accuracy}");
        Assert.InRange(clusters.Silhouette, 0.5, 1.0);

        await AssertDownloadedModelReproducesTheEmbeddings(job.Id, csv, page);
    }

    [Fact]
    public async Task Embeddings_are_paged_in_row_order()
    {
        var dataset = await client.CreateDatasetAsync(CsvFiles.Blobs(perCluster: 10, clusters: 2, dims: 4), "item", "species");
        var post = await client.PostJobAsync(new { datasetId = dataset.Id, training = new { epochs = 2 }, clustering = new { k = 2 } });
        var job = await client.WaitForJobAsync((await post.Content.ReadFromJsonAsync<JobResponse>(ApiClient.Json))!.Id, TimeSpan.FromMinutes(2));
        Assert.Equal("succeeded", job.State);

        var second = (await client.GetFromJsonAsync<EmbeddingsPage>($"/api/jobs/{job.Id}/embeddings?offset=5&limit=5", ApiClient.Json))!;

        Assert.Equal(20, second.Total);
        Assert.Equal(["item-0005", "item-0006", "item-0007", "item-0008", "item-0009"], second.Items.Select(e => e.ItemId));
        // Layers the request left out are the service's choice, reported with a reason.
        Assert.Contains(job.Chosen!, c => c.Field == "model.hiddenLayers" && c.Reason.Length > 0);
        Assert.NotNull(job.Configuration.Model.HiddenLayers);
    }

    /// <summary>The job's Hangfire record reaches Succeeded (a moment after our own state, which is written first).</summary>
    private async Task AssertRanOnHangfire(Guid jobId)
    {
        await using var connection = new NpgsqlConnection(service.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("""
            SELECT h.statename FROM jobs j JOIN hangfire.job h ON h.id = j.background_job_id::bigint WHERE j.id = @id
            """, connection);
        command.Parameters.AddWithValue("id", jobId);
        object? state = null;
        for (int attempt = 0; attempt < 50 && !Equals(state, "Succeeded"); attempt++)
        {
            if (attempt > 0) await Task.Delay(200);
            state = await command.ExecuteScalarAsync();
        }
        Assert.Equal("Succeeded", state);
    }

    private async Task AssertDownloadedModelReproducesTheEmbeddings(Guid jobId, string csv, EmbeddingsPage page)
    {
        var download = await client.GetAsync($"/api/jobs/{jobId}/model");
        await download.ShouldHaveStatus(HttpStatusCode.OK);
        Assert.Equal(ModelFile.ContentType, download.Content.Headers.ContentType?.MediaType);
        var model = ModelFile.Load(await download.Content.ReadAsStreamAsync());

        var table = PlainCsvTable.Parse(csv);
        var latent = ModelInference.Latent(model.Autoencoder, model.Scaler.Apply(new Matrix(table.Features, table.Rows, table.Cols)));
        var stored = page.Items.ToDictionary(e => e.ItemId, e => e.Vector!);
        for (int row = 0; row < table.Rows; row++)
        {
            var expected = stored[table.Ids[row]];
            var actual = latent.Row(row);
            for (int d = 0; d < expected.Length; d++) Assert.Equal(expected[d], actual[d], 4);
        }
    }
}
