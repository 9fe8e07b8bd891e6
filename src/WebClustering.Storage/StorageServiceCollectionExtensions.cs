using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using WebClustering.Storage.Datasets;
using WebClustering.Storage.Jobs;
using WebClustering.Storage.Migrations;
using WebClustering.Storage.Tenants;

namespace WebClustering.Storage;

public static class StorageServiceCollectionExtensions
{
    /// <summary>Registers one shared <see cref="NpgsqlDataSource"/> and the stores built on it.</summary>
    public static IServiceCollection AddWebClusteringStorage(this IServiceCollection services, string connectionString)
    {
        services.AddSingleton(_ => NpgsqlDataSource.Create(connectionString));
        services.AddSingleton<MigrationRunner>();
        services.AddSingleton<DatasetStore>();
        services.AddSingleton<DatasetSamples>();
        services.AddSingleton<JobStore>();
        services.AddSingleton<EncodingJobStore>();
        services.AddSingleton<ResultStore>();
        services.AddSingleton<EmbeddingStore>();
        services.AddSingleton<VectorIndexStore>();
        services.AddSingleton<ModelStore>();
        services.AddSingleton<ModelAliasStore>();
        services.AddSingleton<JobDeletion>();
        services.AddSingleton<IdempotencyStore>();
        services.AddSingleton<PlotStore>();
        services.AddSingleton<QuotaStore>();
        services.AddSingleton<AuditStore>();
        services.AddSingleton<TenantDeletion>();
        services.AddSingleton<JobEventStore>();
        services.AddSingleton<EpochHistoryStore>();
        services.AddSingleton<CheckpointStore>();
        services.AddSingleton<WorkerLeases>();
        services.AddSingleton<TenantStore>();
        services.AddSingleton<OwnershipStore>();
        return services;
    }
}
