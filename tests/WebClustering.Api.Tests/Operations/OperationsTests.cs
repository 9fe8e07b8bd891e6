using System.Net;
using System.Text.Json.Nodes;
using WebClustering.Api.Tests.Infrastructure;

namespace WebClustering.Api.Tests.Operations;

[Collection(ServiceCollection.Name)]
public sealed class OperationsTests(ServiceFixture service)
{
    private readonly HttpClient client = service.CreateClient();

    [Fact]
    public async Task Liveness_and_readiness_report_healthy_with_postgres_and_hangfire_up()
    {
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/health/live")).StatusCode);
        var ready = await client.GetAsync("/health/ready");
        Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
        Assert.Equal("Healthy", await ready.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Metrics_report_jobs_by_state_queue_length_training_samples_and_request_latency()
    {
        await service.BlobsJobAsync(); // at least one job trained in this process

        var text = await client.GetStringAsync("/metrics");

        Assert.Matches(@"webclustering_jobs\{state=""succeeded""\} [1-9]", text);
        Assert.Contains("webclustering_training_queue_length", text);
        Assert.Matches(@"webclustering_training_samples_total [1-9]", text);
        Assert.Contains("http_request_duration_seconds", text);
    }
}
