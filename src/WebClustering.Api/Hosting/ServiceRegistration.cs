using Microsoft.AspNetCore.Http.Json;
using Microsoft.Extensions.Options;
using WebClustering.Api.Datasets;
using WebClustering.Api.Export;
using WebClustering.Api.Hosting.Settings;
using WebClustering.Api.Jobs;
using WebClustering.Api.Registry;
using WebClustering.Api.Operations;
using WebClustering.Api.Pages;
using WebClustering.Api.Plots;
using WebClustering.Api.Progress;
using WebClustering.Api.Serving;
using WebClustering.Api.OpenApi;
using WebClustering.Api.Problems;
using WebClustering.Api.Tenants;
using WebClustering.Core.Runtime;
using WebClustering.Storage;
using WebClustering.Storage.Migrations;

namespace WebClustering.Api.Hosting;

public static class ServiceRegistration
{
    public const string ConnectionStringName = "WebClustering";

    public static WebApplicationBuilder AddWebClustering(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        var configuration = builder.Configuration;
        services.AddServiceSettings(configuration);
        // The roles decide what is registered (a Hangfire server or not), so they are read now.
        var roles = ServiceSettings.Read<RoleSettings>(configuration).Roles;
        var connectionString = builder.Configuration.GetConnectionString(ConnectionStringName)
            ?? throw new InvalidOperationException(
                $"Set ConnectionStrings:{ConnectionStringName} (or the environment variable ConnectionStrings__{ConnectionStringName}).");

        services.AddWebClusteringStorage(connectionString);
        builder.AddWebClusteringLogging();
        JobLogScope.AddJobLogScope(services);
        services.AddHangfireOnPostgres(connectionString, roles);
        services.AddTransient<TrainingJob>();
        services.AddTransient<JobAttempt>();
        services.AddSingleton<FineTuningStart>();
        services.AddSingleton<EncodingRun>();
        services.AddSingleton<RunningJobs>();
        services.AddSingleton<JobCancellation>();
        services.AddSingleton<TenantMetrics>();
        services.AddSingleton<JobEvents>();
        services.AddSingleton<Jobs.Planning.JobPlanner>();
        services.AddSingleton(TimeProvider.System);
        services.AddSingleton<FinishedJobs>();
        services.AddSingleton<Plots.LiveLatentMap>();
        services.AddSingleton<VectorIndexCache>();
        services.AddSingleton<ApproximateIndexBuilder>();
        services.AddSingleton<BatchReadTurns>();
        services.AddSingleton<ModelCache>();
        services.AddSingleton<DeletionApi.Caches>();
        services.AddWebClusteringCompression();
        services.AddWebClusteringHealthChecks();
        services.AddWebClusteringTenants(builder.Configuration, builder.Environment);

        services.AddProblemDetails(o => o.CustomizeProblemDetails = StatusTexts.Describe);
        services.AddExceptionHandler<BadInputExceptionHandler>();
        // Binding failures become exceptions that BadInputExceptionHandler turns into ProblemDetails naming the field.
        services.Configure<RouteHandlerOptions>(o => o.ThrowOnBadRequest = true);
        services.Configure<JsonOptions>(o => ApiJson.Configure(o.SerializerOptions));
        services.AddRequestLimits();

        services.AddEndpointsApiExplorer();
        services.AddWebClusteringSwagger();
        return builder;
    }

    public static async Task PrepareDatabaseAsync(this WebApplication app)
    {
        var applied = await app.Services.GetRequiredService<MigrationRunner>().ApplyAsync();
        if (applied.Count > 0)
            app.Logger.LogInformation("Applied database migrations {Versions}", string.Join(", ", applied));
        var workers = app.Services.GetRequiredService<IOptions<WorkerSettings>>().Value;
        TorchSharp.torch.set_num_threads(workers.EffectiveTrainingThreads);
        LogConvolutionKernels(app.Logger);
    }

    /// <summary>Checks the convolution kernels now, so that the log says at start-up what conv jobs will run on.</summary>
    private static void LogConvolutionKernels(ILogger logger)
    {
        try
        {
            logger.LogInformation("Convolution kernels: {State}", ConvolutionKernels.EnsureCorrect().Description);
        }
        catch (InvalidOperationException e)
        {
            // Dense and sequence models still train; conv jobs fail with this reason when they build their model.
            logger.LogError(e, "Convolution kernels: conv models cannot train in this process");
        }
    }

    public static WebApplication UseWebClustering(this WebApplication app)
    {
        var roles = app.Services.GetRequiredService<IOptions<RoleSettings>>().Value.Roles;
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        app.UseRequestLimits();
        app.UseResponseCompression();
        // Health and metrics in every role, so that worker processes can be probed and scraped too.
        app.MapWebClusteringHealthChecks();
        app.UseWebClusteringMetrics();
        if (!roles.HasFlag(ServiceRoles.Api)) return app;

        app.UseWebClusteringTenants();
        app.UseWebClusteringSwagger();
        app.UseHangfireDashboardPage();
        var api = app.MapGroup("/api").ForTenants();
        api.MapDatasetsApi();
        api.MapJobsApi();
        api.MapJobResultsApi();
        api.MapEmbeddingsApi();
        api.MapExportApi();
        api.MapSimilarApi();
        api.MapModelsApi();
        api.MapEncodingsApi();
        api.MapPlotsApi();
        api.MapJobEventsApi();
        api.MapJobHistoryApi();
        api.MapModelGenerationApi();
        api.MapModelNamesApi();
        api.MapDeletionApi();
        app.MapPages();
        return app;
    }
}
