using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using WebClustering.Api.Jobs;
using WebClustering.Api.Tests.Infrastructure;

namespace WebClustering.Api.Tests.Operations;

/// <summary>
/// With <c>Logging:Format=json</c> (the default outside Development) every console line is one JSON object, and the
/// lines of a training job carry its <c>JobId</c> in their scopes: the job's own lines, its progress lines, and any
/// Hangfire writes about the job. Read from what the service's own console formatter writes.
/// </summary>
[Collection(ServiceCollection.Name)]
public sealed class JobLogTests(ServiceFixture service)
{
    private static bool HasScopeJobId(JsonElement line, Guid jobId) =>
        line.TryGetProperty("Scopes", out var scopes) && scopes.EnumerateArray().Any(scope =>
            scope.ValueKind == JsonValueKind.Object && scope.TryGetProperty("JobId", out var id) && id.GetString() == jobId.ToString());

    private static string Message(JsonElement line) => line.GetProperty("Message").GetString() ?? "";

    [Fact]
    public async Task The_console_writes_json_lines()
    {
        await service.BlobsJobAsync();

        Assert.Equal("json", service.Logs.FormatterName);
        var lines = service.Logs.JsonLines();
        Assert.NotEmpty(lines);
        Assert.All(lines, line => Assert.True(line.TryGetProperty("LogLevel", out _) && line.TryGetProperty("Category", out _)));
    }

    [Fact]
    public async Task A_succeeded_jobs_lines_carry_its_id_progress_lines_included()
    {
        var job = (await service.BlobsJobAsync()).Job;

        var lines = service.Logs.JsonLinesWith(job.Id.ToString()).Where(line => HasScopeJobId(line, job.Id)).ToList();

        Assert.Contains(lines, line => Message(line).StartsWith("Epoch ", StringComparison.Ordinal));
        Assert.Contains(lines, line => Message(line) == $"Job {job.Id} succeeded");
        // Every line that names the job was written inside its scope.
        var naming = service.Logs.JsonLinesWith(job.Id.ToString()).Where(line => Message(line).Contains(job.Id.ToString())).ToList();
        Assert.NotEmpty(naming);
        Assert.All(naming, line => Assert.True(HasScopeJobId(line, job.Id), $"No JobId scope on: {line}"));
    }

    [Fact]
    public async Task A_failed_jobs_lines_carry_its_id_inside_hangfires_scope_for_the_job()
    {
        var client = service.CreateClient();
        var dataset = await client.CreateDatasetAsync(CsvFiles.Blobs(perCluster: 20, clusters: 3, dims: 10), "item", "species");
        var post = await client.PostJobAsync(new
        {
            datasetId = dataset.Id,
            training = new { epochs = 30, batchSize = 8, learningRate = 10.0, optimizer = "sgd" },
            clustering = new { k = 3 },
        });
        await post.ShouldHaveStatus(HttpStatusCode.Accepted);
        var id = (await post.Content.ReadFromJsonAsync<JobResponse>(ApiClient.Json))!.Id;
        Assert.Equal("failed", (await client.WaitForJobAsync(id, TimeSpan.FromMinutes(2))).State);

        var lines = service.Logs.JsonLinesWith(id.ToString()).Where(line => HasScopeJobId(line, id)).ToList();

        var failed = Assert.Single(lines, line => Message(line) == $"Job {id} failed");
        Assert.Equal("Error", failed.GetProperty("LogLevel").GetString());
        Assert.Contains("diverged", failed.GetProperty("Exception").GetString());
        // The progress line of the diverging epoch: its NaN loss written as text, which a JSON number cannot hold.
        Assert.Contains(lines, line => Message(line).Contains("loss NaN", StringComparison.Ordinal));
        // The outer scope is the one Hangfire's filter opens around its handling of the job, so Hangfire's own lines
        // about the job (a failure it records, a retry) carry the same ids.
        Assert.All(lines, line => Assert.Contains(line.GetProperty("Scopes").EnumerateArray(), scope =>
            scope.ValueKind == JsonValueKind.Object && scope.TryGetProperty("HangfireJobId", out _)
            && scope.GetProperty("JobId").GetString() == id.ToString()));
    }
}
