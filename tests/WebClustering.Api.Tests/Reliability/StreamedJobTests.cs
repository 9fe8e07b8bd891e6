using System.Net;
using System.Net.Http.Json;
using WebClustering.Api.Jobs;
using WebClustering.Api.Registry;
using WebClustering.Api.Tests.Infrastructure;
using static WebClustering.Api.Tests.Infrastructure.JobProbe;
using static WebClustering.Api.Tests.Reliability.WorkerProcesses;

namespace WebClustering.Api.Tests.Reliability;

/// <summary>
/// Jobs whose rows are streamed from PostgreSQL a range at a time (here every job, with StreamAboveMegabytes 0), in
/// worker processes of their own: stopped mid-training and resumed, a streamed job ends exactly where an
/// uninterrupted one does. That the in-memory and streamed sources draw the same batches is tested in Core (Rows).
/// </summary>
[Collection(ProcessCollection.Name)]
public sealed class StreamedJobTests
{
    private const int Epochs = 40;

    [Fact]
    public async Task A_streamed_job_stopped_mid_training_resumes_from_its_checkpoint_and_ends_as_an_uninterrupted_run_does()
    {
        await using var database = await TestDatabase.CreateAsync();
        var settings = Settings(checkpointEvery: 0);
        settings["WebClustering__StreamAboveMegabytes"] = "0";
        var apiStarting = ServiceProcess.StartAsync("api", database.ConnectionString, "Api", settings);
        var firstStarting = ServiceProcess.StartAsync("worker 1", database.ConnectionString, "Worker", settings);
        await using var api = await apiStarting;
        await using var first = await firstStarting;
        var dataset = await api.Client.CreateDatasetAsync(Dataset, "item", "species");
        // dec refines the encoder over every row at once: refused for a streamed set, naming the field.
        var refused = await (await api.Client.PostJobAsync(new { datasetId = dataset.Id, clustering = new { algorithm = "dec", k = 3 } }))
            .ShouldBeProblem(HttpStatusCode.BadRequest);
        Assert.Contains("streamed", refused["errors"]!["clustering.algorithm"]![0]!.GetValue<string>());
        var interrupted = await api.Client.QueueJobAsync(Job(dataset.Id, Epochs));
        await EventuallyAsync(async () => (await api.Client.JobAsync(interrupted)).Epoch >= 4, Training, "epoch 4", first);

        first.Terminate();

        Assert.True(await first.WaitForExitAsync(TimeSpan.FromSeconds(60)), $"the worker exits after SIGTERM\n{first.Tail()}");
        Assert.Contains($"streams its {Rows} rows from the database", first.Output);
        var checkpoint = await database.CheckpointEpochAsync(interrupted);
        Assert.NotNull(checkpoint);

        await using var second = await ServiceProcess.StartAsync("worker 2", database.ConnectionString, "Worker", settings);
        var resumed = await api.Client.WaitForJobAsync(interrupted, Training);
        Assert.True(resumed.State == "succeeded", $"{resumed.State}: {resumed.Error}\n{second.Tail()}");
        Assert.Equal(checkpoint, resumed.ResumedFromEpoch);
        await database.AssertResultsWrittenOnceAsync(interrupted, Rows, Epochs);

        // The same job again, uninterrupted, on the same worker: the same embeddings, bit for bit.
        var uninterrupted = await api.Client.QueueJobAsync(Job(dataset.Id, Epochs));
        var whole = await api.Client.WaitForJobAsync(uninterrupted, Training);
        Assert.True(whole.State == "succeeded", $"{whole.State}: {whole.Error}\n{second.Tail()}");
        Assert.Null(whole.ResumedFromEpoch);
        Assert.Equal(await LatentsAsync(database, uninterrupted), await LatentsAsync(database, interrupted));

        // An encoding job streams the catalogue too, through the model's fitted preprocessing, to the model's clusters.
        var models = (await api.Client.GetFromJsonAsync<ModelListResponse>($"/api/models?jobId={interrupted}", ApiClient.Json))!;
        var encodingResponse = await api.Client.PostAsJsonAsync($"/api/models/{Assert.Single(models.Items).Id}/encodings", new { datasetId = dataset.Id }, ApiClient.Json);
        var encoding = (await encodingResponse.Content.ReadFromJsonAsync<JobResponse>(ApiClient.Json))!;
        var encoded = await api.Client.WaitForJobAsync(encoding.Id, Training);
        Assert.True(encoded.State == "succeeded", $"{encoded.State}: {encoded.Error}\n{second.Tail()}");
        Assert.Equal(await ClustersAsync(database, interrupted), await ClustersAsync(database, encoding.Id));
    }

    private static Task<string> ClustersAsync(TestDatabase database, Guid jobId) => database.ScalarAsync<string>(
        "SELECT string_agg(cluster::text, ',' ORDER BY row_index) FROM job_embeddings WHERE job_id = @id", ("id", jobId));

    private static Task<string> LatentsAsync(TestDatabase database, Guid jobId) => database.ScalarAsync<string>(
        "SELECT string_agg(latent::text, ';' ORDER BY row_index) FROM job_embeddings WHERE job_id = @id", ("id", jobId));
}
