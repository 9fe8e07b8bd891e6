using System.Net;
using Microsoft.Extensions.DependencyInjection;
using WebClustering.Api.Serving;
using WebClustering.Api.Tests.Infrastructure;
using WebClustering.Storage.Jobs;

namespace WebClustering.Api.Tests.Serving;

/// <summary>
/// The read endpoints' memory of succeeded jobs: requests for a job share one database read, and when the record
/// expires it goes on being served while one read renews it, so that a busy job never has every request re-read it
/// at once. A job deleted through another process stops being served once the renewal finds it gone.
/// </summary>
[Collection(Infrastructure.ServiceCollection.Name)]
public sealed class FinishedJobsTests(ServiceFixture service)
{
    private readonly HttpClient client = service.CreateClient();

    private sealed class ManualClock : TimeProvider
    {
        public DateTimeOffset Now { get; set; } = DateTimeOffset.UtcNow;

        public override DateTimeOffset GetUtcNow() => Now;
    }

    [Fact]
    public async Task Requests_share_one_read_and_an_expired_job_is_served_while_one_read_renews_it_until_it_is_gone()
    {
        var dataset = await client.CreateDatasetAsync(CsvFiles.Blobs(perCluster: 20, clusters: 2, dims: 4), idColumn: "item", labelColumn: "species");
        var job = await client.SucceededJobAsync(new { datasetId = dataset.Id, training = new { epochs = 2, seed = 1 }, clustering = new { k = 2 } });
        var clock = new ManualClock();
        // A second process's memory: the service's own DELETE below does not reach it.
        var finished = new FinishedJobs(service.Services.GetRequiredService<JobStore>(), clock);

        var first = await Task.WhenAll(Enumerable.Range(0, 20).Select(_ => finished.FindAsync(job.Id, CancellationToken.None)));
        Assert.All(first, found => Assert.Same(first[0].Job, found.Job)); // one read answered all twenty
        Assert.Equal(job.Id, first[0].Job!.Id);

        await (await client.DeleteAsync($"/api/jobs/{job.Id}")).ShouldHaveStatus(HttpStatusCode.NoContent);
        Assert.Same(first[0].Job, (await finished.FindAsync(job.Id, CancellationToken.None)).Job); // not expired: no read
        clock.Now += FinishedJobs.Lifetime;
        var expired = await finished.FindAsync(job.Id, CancellationToken.None);
        Assert.Same(first[0].Job, expired.Job); // served from memory while the renewal reads

        var deadline = DateTime.UtcNow.AddSeconds(30);
        var (gone, problem) = expired;
        while (problem is null && DateTime.UtcNow < deadline)
        {
            await Task.Delay(50);
            (gone, problem) = await finished.FindAsync(job.Id, CancellationToken.None);
        }
        Assert.Null(gone);
        Assert.Equal((int)HttpStatusCode.NotFound, problem!.StatusCode);
    }
}
