using Hangfire;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Npgsql;

namespace WebClustering.Api.Operations;

/// <summary>
/// <c>/health/live</c>: the process answers (no dependency is checked, so a database outage does not get every
/// instance restarted). <c>/health/ready</c>: PostgreSQL answers and Hangfire's storage is reachable.
/// </summary>
public static class HealthChecks
{
    private const string Ready = "ready";

    public static IServiceCollection AddWebClusteringHealthChecks(this IServiceCollection services)
    {
        services.AddHealthChecks()
            .AddCheck<PostgresCheck>("postgresql", tags: [Ready])
            .AddCheck<HangfireCheck>("hangfire", tags: [Ready]);
        return services;
    }

    public static WebApplication MapWebClusteringHealthChecks(this WebApplication app)
    {
        app.MapHealthChecks("/health/live", new HealthCheckOptions { Predicate = _ => false });
        app.MapHealthChecks("/health/ready", new HealthCheckOptions { Predicate = check => check.Tags.Contains(Ready) });
        return app;
    }

    private sealed class PostgresCheck(NpgsqlDataSource dataSource) : IHealthCheck
    {
        public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
        {
            try
            {
                await using var command = dataSource.CreateCommand("SELECT 1");
                await command.ExecuteScalarAsync(cancellationToken);
                return HealthCheckResult.Healthy();
            }
            catch (Exception exception) when (exception is NpgsqlException or TimeoutException)
            {
                return HealthCheckResult.Unhealthy("PostgreSQL does not answer.", exception);
            }
        }
    }

    private sealed class HangfireCheck(JobStorage storage) : IHealthCheck
    {
        public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
        {
            try
            {
                var servers = storage.GetMonitoringApi().Servers().Count;
                return Task.FromResult(HealthCheckResult.Healthy($"{servers} Hangfire server(s) announced."));
            }
            catch (Exception exception)
            {
                return Task.FromResult(HealthCheckResult.Unhealthy("Hangfire's storage is not reachable.", exception));
            }
        }
    }
}
