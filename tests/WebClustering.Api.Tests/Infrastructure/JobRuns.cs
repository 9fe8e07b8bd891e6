using System.Net;
using System.Net.Http.Json;
using WebClustering.Api.Datasets;
using WebClustering.Api.Jobs;

namespace WebClustering.Api.Tests.Infrastructure;

/// <summary>Uploads and jobs for the model-kind tests: each call asserts what must go right for the test to mean anything.</summary>
public static class JobRuns
{
    public static async Task<DatasetResponse> CreatedDatasetAsync(this Task<HttpResponseMessage> upload)
    {
        var response = await upload;
        await response.ShouldHaveStatus(HttpStatusCode.Created);
        return (await response.Content.ReadFromJsonAsync<DatasetResponse>(ApiClient.Json))!;
    }

    /// <summary>Queues the job, waits for it and fails the test with the job's error unless it succeeded.</summary>
    public static async Task<JobResponse> SucceededJobAsync(this HttpClient client, object request)
    {
        var post = await client.PostJobAsync(request);
        await post.ShouldHaveStatus(HttpStatusCode.Accepted);
        var queued = (await post.Content.ReadFromJsonAsync<JobResponse>(ApiClient.Json))!;
        var job = await client.WaitForJobAsync(queued.Id, TimeSpan.FromMinutes(3));
        Assert.True(job.State == "succeeded", $"Job {job.State}: {job.Error}");
        return job;
    }

    public static async Task<JobHistoryResponse> HistoryAsync(this HttpClient client, Guid jobId) =>
        (await client.GetFromJsonAsync<JobHistoryResponse>($"/api/jobs/{jobId}/history", ApiClient.Json))!;

    /// <summary>Rows on a <paramref name="rank"/>-dimensional linear subspace: structure a small latent can hold.</summary>
    public static float[] LowRank(int rows, int dims, int rank, int seed = 11)
    {
        var random = new Random(seed);
        var basis = Enumerable.Range(0, rank).Select(_ => Enumerable.Range(0, dims).Select(_ => Gaussian(random) / Math.Sqrt(rank)).ToArray()).ToArray();
        var data = new float[rows * dims];
        for (int i = 0; i < rows; i++)
        {
            var coefficients = Enumerable.Range(0, rank).Select(_ => Gaussian(random)).ToArray();
            for (int d = 0; d < dims; d++) data[i * dims + d] = (float)Enumerable.Range(0, rank).Sum(r => coefficients[r] * basis[r][d]);
        }
        return data;
    }

    public static double Gaussian(Random random) =>
        Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());
}
