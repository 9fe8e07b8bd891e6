using System.Net.Http.Json;
using WebClustering.Api.Datasets;
using WebClustering.Api.Jobs;

namespace WebClustering.Api.Tests.Infrastructure;

/// <summary>A dataset uploaded from <see cref="Csv"/> (id column item, label column species) and a succeeded job on it.</summary>
public sealed record TrainedJob(DatasetResponse Dataset, JobResponse Job, string Csv)
{
    public static async Task<TrainedJob> TrainAsync(HttpClient client, string csv, int k = 3, int epochs = 40, int latentDim = 3)
    {
        var dataset = await client.CreateDatasetAsync(csv, idColumn: "item", labelColumn: "species");
        var post = await client.PostJobAsync(new
        {
            datasetId = dataset.Id,
            model = new { hiddenLayers = new[] { 32, 16 }, latentDim },
            training = new { epochs, batchSize = 32, learningRate = 0.003, seed = 5 },
            clustering = new { k },
        });
        var queued = (await post.Content.ReadFromJsonAsync<JobResponse>(ApiClient.Json))!;
        var job = await client.WaitForJobAsync(queued.Id, TimeSpan.FromMinutes(3));
        if (job.State != "succeeded") throw new InvalidOperationException($"Training failed: {job.Error}");
        return new TrainedJob(dataset, job, csv);
    }
}
