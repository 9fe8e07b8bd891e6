using WebClustering.Api.Tests.Infrastructure;
using WebClustering.Api.Tests.Reliability;

namespace WebClustering.Api.Tests.Operations;

/// <summary>/metrics of the service as a real process: Kestrel, and its meters, run only there.</summary>
[Collection(ProcessCollection.Name)]
public sealed class KestrelMetricsTests
{
    [Fact]
    public async Task Metrics_export_kestrel_connections_but_not_the_meters_that_record_every_request_or_memory_block()
    {
        await using var database = await TestDatabase.CreateAsync();
        await using var api = await ServiceProcess.StartAsync("api", database.ConnectionString, "Api");

        // The .NET meters are connected at the first scrape; what they record shows in the next one.
        await api.Client.GetStringAsync("/metrics");
        // A new connection (Kestrel's meter records connections opening) and a large answer (many memory blocks).
        using (var another = new HttpClient { BaseAddress = api.Client.BaseAddress })
            await another.GetStringAsync("/swagger/v1/swagger.json");
        var text = await api.Client.GetStringAsync("/metrics");

        Assert.Contains("microsoft_aspnetcore_server_kestrel_kestrel_active_connections", text);
        Assert.DoesNotContain("microsoft_aspnetcore_memorypool", text);
        Assert.DoesNotContain("microsoft_aspnetcore_hosting", text);
        Assert.Contains("http_request_duration_seconds", text); // prometheus-net's own, which hosting's would repeat
    }
}
