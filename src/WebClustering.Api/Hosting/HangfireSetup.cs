using Hangfire;
using Hangfire.PostgreSql;
using Microsoft.Extensions.Options;
using WebClustering.Api.Hosting.Settings;
using WebClustering.Api.Jobs;
using WebClustering.Api.Tenants;

namespace WebClustering.Api.Hosting;

public static class HangfireSetup
{
    public static IServiceCollection AddHangfireOnPostgres(this IServiceCollection services, string connectionString, ServiceRoles roles)
    {
        services.AddHangfire((provider, configuration) => configuration
            .SetDataCompatibilityLevel(CompatibilityLevel.Version_180)
            .UseSimpleAssemblyNameTypeSerializer()
            .UseRecommendedSerializerSettings()
            .UsePostgreSqlStorage(o => o.UseNpgsqlConnection(connectionString), new PostgreSqlStorageOptions
            {
                SchemaName = "hangfire",
                PrepareSchemaIfNecessary = true,
                QueuePollInterval = Workers(provider).QueuePollInterval,
                // A long training keeps its job while the worker lives; a dead worker's job returns after the timeout,
                // unless JobWatchdog hands it over sooner (it does, once the worker's heartbeat stops).
                UseSlidingInvisibilityTimeout = true,
                InvisibilityTimeout = Workers(provider).InvisibilityTimeout,
            }));

        if (roles.HasFlag(ServiceRoles.Worker))
        {
            services.AddHangfireServer((provider, server) =>
            {
                var workers = Workers(provider);
                server.Queues = [TrainingJob.Queue];
                server.WorkerCount = workers.WorkerCount;
                server.ServerName = WorkerIdentity.Name;
                // Time for a job interrupted by shutdown to save its checkpoint and hand itself back.
                server.ShutdownTimeout = workers.ShutdownTimeout;
                // How soon a job deleted (cancelled) elsewhere notices; the default is 5 s.
                server.CancellationCheckInterval = TimeSpan.FromSeconds(1);
                // What JobWatchdog reads to tell a live worker from a dead one.
                server.HeartbeatInterval = workers.HeartbeatInterval;
            });
            services.AddHostedService<JobWatchdog>();
            services.AddOptions<HostOptions>().Configure<IOptions<WorkerSettings>>((host, workers) =>
                host.ShutdownTimeout = workers.Value.ShutdownTimeout + TimeSpan.FromSeconds(5));
        }
        return services;
    }

    private static WorkerSettings Workers(IServiceProvider provider) => provider.GetRequiredService<IOptions<WorkerSettings>>().Value;

    public static WebApplication UseHangfireDashboardPage(this WebApplication app)
    {
        // It shows every tenant's jobs: the admin key opens it (local requests too, in Development).
        var adminKey = app.Services.GetRequiredService<IOptions<AuthOptions>>().Value.AdminKey;
        app.UseHangfireDashboard("/hangfire", new DashboardOptions
        {
            Authorization = [new DashboardAccess(adminKey, app.Environment.IsDevelopment())],
        });
        return app;
    }
}
