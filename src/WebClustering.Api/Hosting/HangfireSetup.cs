using Hangfire;
using Hangfire.PostgreSql;
using Microsoft.Extensions.Options;
using WebClustering.Api.Jobs;
using WebClustering.Api.Tenants;

namespace WebClustering.Api.Hosting;

public static class HangfireSetup
{
    public static IServiceCollection AddHangfireOnPostgres(this IServiceCollection services, string connectionString,
        WebClusteringOptions options)
    {
        services.AddHangfire(configuration => configuration
            .SetDataCompatibilityLevel(CompatibilityLevel.Version_180)
            .UseSimpleAssemblyNameTypeSerializer()
            .UseRecommendedSerializerSettings()
            .UsePostgreSqlStorage(o => o.UseNpgsqlConnection(connectionString), new PostgreSqlStorageOptions
            {
                SchemaName = "hangfire",
                PrepareSchemaIfNecessary = true,
                QueuePollInterval = options.QueuePollInterval,
                // A long training keeps its job while the worker lives; a dead worker's job returns after the timeout.
                UseSlidingInvisibilityTimeout = true,
                InvisibilityTimeout = options.InvisibilityTimeout,
            }));

        if (options.Roles.HasFlag(ServiceRoles.Worker))
        {
            services.AddHangfireServer(server =>
            {
                server.Queues = [TrainingJob.Queue];
                server.WorkerCount = Math.Max(1, options.WorkerCount);
                server.ServerName = WorkerIdentity.Name;
                // Time for a job interrupted by shutdown to save its checkpoint and hand itself back.
                server.ShutdownTimeout = options.ShutdownTimeout;
                // How soon a job deleted (cancelled) elsewhere notices; the default is 5 s.
                server.CancellationCheckInterval = TimeSpan.FromSeconds(1);
            });
            services.Configure<HostOptions>(host => host.ShutdownTimeout = options.ShutdownTimeout + TimeSpan.FromSeconds(5));
        }
        return services;
    }

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
