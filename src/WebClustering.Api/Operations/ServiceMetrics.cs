using Hangfire;
using Npgsql;
using Prometheus;
using WebClustering.Api.Jobs;
using WebClustering.Api.Serving;
using WebClustering.Core.Search;

namespace WebClustering.Api.Operations;

/// <summary>
/// Prometheus metrics at <c>/metrics</c>: request latency (prometheus-net's HTTP middleware), jobs by state and the
/// training queue's length (read when scraped), training batches and samples (counted as they happen; their
/// rate is the training speed), the similar-items neighbour lists ready or being built, and per-tenant series
/// (<see cref="TenantMetrics"/>). Reading it needs the scrape key outside Development (<see cref="ScrapeKeyGate"/>).
/// </summary>
public static class ServiceMetrics
{
    public static readonly Counter TrainingSamples = Metrics.CreateCounter(
        "webclustering_training_samples_total", "Rows passed through training steps, all jobs of this process.");

    private static readonly Gauge JobsByState = Metrics.CreateGauge(
        "webclustering_jobs", "Jobs by state.", new GaugeConfiguration { LabelNames = ["state"] });

    private static readonly Gauge QueueLength = Metrics.CreateGauge(
        "webclustering_training_queue_length", "Training jobs waiting in Hangfire's queue.");

    private static readonly Gauge NeighbourLists = Metrics.CreateGauge(
        "webclustering_similar_neighbour_lists", "Jobs whose precomputed similar-item lists are ready or being built in this process, by metric.",
        new GaugeConfiguration { LabelNames = ["metric", "state"] });

    /// <summary>
    /// .NET meters that record something on every request. prometheus-net would export them besides its own HTTP
    /// metrics (the same information), and converting each measurement cost about a sixth of a similar-items
    /// request's CPU: they are left out. Kestrel's memory pool records every 4 kB block rented and returned, some 70
    /// measurements for one batch read's 140 kB answer: once /metrics had been scraped, they made a batch read cost
    /// 40% more CPU (660 us against 475 us).
    /// </summary>
    private static readonly HashSet<string> PerRequestMeters =
    [
        "Microsoft.AspNetCore.Hosting", "Microsoft.AspNetCore.Routing", "Microsoft.AspNetCore.RateLimiting",
        "Microsoft.AspNetCore.Authentication", "Microsoft.AspNetCore.Authorization", "Microsoft.AspNetCore.MemoryPool",
    ];

    public static WebApplication UseWebClusteringMetrics(this WebApplication app)
    {
        // Both take effect at the first scrape. Event counters (enabled at Informational level on every event source,
        // which makes Kestrel and hosting write an event per request) only repeat what the runtime's meters export.
        Metrics.SuppressDefaultMetrics(new SuppressDefaultMetricOptions { SuppressEventCounters = true });
        Metrics.ConfigureMeterAdapter(adapter => adapter.InstrumentFilterPredicate = instrument => !PerRequestMeters.Contains(instrument.Meter.Name));
        var dataSource = app.Services.GetRequiredService<NpgsqlDataSource>();
        var storage = app.Services.GetRequiredService<JobStorage>();
        var indexes = app.Services.GetRequiredService<VectorIndexCache>();
        var tenants = app.Services.GetRequiredService<TenantMetrics>();
        Metrics.DefaultRegistry.AddBeforeCollectCallback(async cancellationToken =>
        {
            var lists = indexes.NeighbourListStates();
            foreach (var metric in Enum.GetValues<SimilarityMetric>())
            {
                var name = metric.ToString().ToLowerInvariant();
                NeighbourLists.WithLabels(name, "ready").Set(lists.GetValueOrDefault((metric, true)));
                NeighbourLists.WithLabels(name, "building").Set(lists.GetValueOrDefault((metric, false)));
            }
            await using var command = dataSource.CreateCommand("SELECT state, count(*) FROM jobs GROUP BY state");
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            foreach (var state in WebClustering.Storage.Jobs.JobStates.All) JobsByState.WithLabels(state).Set(0);
            while (await reader.ReadAsync(cancellationToken)) JobsByState.WithLabels(reader.GetString(0)).Set(reader.GetInt64(1));
            QueueLength.Set(storage.GetMonitoringApi().EnqueuedCount(TrainingJob.Queue));
            await tenants.CollectAsync(cancellationToken);
        });
        app.UseHttpMetrics();
        app.UseWhen(context => context.Request.Path.StartsWithSegments("/metrics"), metrics => metrics.UseMiddleware<ScrapeKeyGate>());
        app.MapMetrics("/metrics");
        return app;
    }
}
