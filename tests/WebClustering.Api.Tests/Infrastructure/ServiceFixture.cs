using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace WebClustering.Api.Tests.Infrastructure;

/// <summary>
/// The real service (API and Hangfire worker in one host) on a throwaway PostgreSQL database, shared by every
/// test in the <see cref="ServiceCollection"/>. Hangfire keeps process-wide state, hence one host per run.
/// </summary>
public class ServiceFixture : WebApplicationFactory<Program>, IAsyncLifetime
{
    private readonly string adminConnectionString = Environment.GetEnvironmentVariable("WEBCLUSTERING_TEST_ADMIN_CONNECTION")
        ?? "Host=127.0.0.1;Username=webclustering;Password=webclustering;Database=postgres";
    private readonly string databaseName = $"wc_test_{Guid.NewGuid():N}"[..24];

    public string ConnectionString => new NpgsqlConnectionStringBuilder(adminConnectionString) { Database = databaseName }.ConnectionString;

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Development");
        builder.UseSetting("ConnectionStrings:WebClustering", ConnectionString);
        builder.UseSetting("WebClustering:QueuePollInterval", "00:00:00.200");
        builder.UseSetting("WebClustering:ProgressInterval", "00:00:00.200");
        // Keyless requests act as the default tenant, as in appsettings.Development.json (Security tests turn it off).
        builder.UseSetting("WebClustering:Auth:AllowAnonymous", "true");
        // Small enough for the size-limit tests to exceed cheaply; every other test uploads far less.
        builder.UseSetting("WebClustering:MaxUploadBytes", MaxUploadBytes.ToString(System.Globalization.CultureInfo.InvariantCulture));
        // JSON lines, as outside Development, so that the log tests read what production writes.
        builder.UseSetting("Logging:Format", "json");
        builder.ConfigureServices(services =>
        {
            services.AddSingleton<CapturedLogs>();
            services.AddSingleton<Microsoft.Extensions.Logging.ILoggerProvider>(provider => provider.GetRequiredService<CapturedLogs>());
        });
    }

    public const long MaxUploadBytes = 16L << 20;

    /// <summary>What the service logged, formatted by its own console formatter.</summary>
    public CapturedLogs Logs => Service<CapturedLogs>();

    /// <summary>Datasets in the database, counted directly: an upload that failed must leave none behind.</summary>
    public async Task<long> DatasetCountAsync()
    {
        _ = Services; // starts the service, and so its migrations, if no test has yet
        await using var connection = new NpgsqlConnection(ConnectionString);
        await connection.OpenAsync();
        await using var count = new NpgsqlCommand("SELECT count(*) FROM datasets", connection);
        return (long)(await count.ExecuteScalarAsync())!;
    }

    public T Service<T>() where T : notnull => Services.GetRequiredService<T>();

    private Task<TrainedJob>? blobsJob;

    /// <summary>
    /// One job trained on three labelled Gaussian blobs (60 rows each, 20 features, latent size 3), shared by the
    /// tests that only read results: training it once keeps the suite quick.
    /// </summary>
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, Task<object>> shared = new();

    /// <summary>Runs <paramref name="create"/> once per fixture under <paramref name="key"/> (a trained job several tests read).</summary>
    public async Task<T> SharedAsync<T>(string key, Func<Task<T>> create) where T : class =>
        (T)await shared.GetOrAdd(key, async _ => await create());

    public Task<TrainedJob> BlobsJobAsync() => blobsJob ??= TrainedJob.TrainAsync(CreateClient(), CsvFiles.Blobs(perCluster: 60, clusters: 3, dims: 20));

    public virtual async Task InitializeAsync()
    {
        await using var connection = new NpgsqlConnection(adminConnectionString);
        await connection.OpenAsync();
        await using var create = new NpgsqlCommand($"CREATE DATABASE {databaseName}", connection);
        await create.ExecuteNonQueryAsync();
    }

    async Task IAsyncLifetime.DisposeAsync()
    {
        await DisposeAsync();
        NpgsqlConnection.ClearAllPools();
        await using var connection = new NpgsqlConnection(adminConnectionString);
        await connection.OpenAsync();
        await using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS {databaseName} WITH (FORCE)", connection);
        await drop.ExecuteNonQueryAsync();
    }
}

[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class ServiceCollection : ICollectionFixture<ServiceFixture>
{
    public const string Name = "Service";
}
