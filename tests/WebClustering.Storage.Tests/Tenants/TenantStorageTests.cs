using WebClustering.Storage.Datasets;
using WebClustering.Storage.Jobs;
using WebClustering.Storage.Tenants;
using WebClustering.Storage.Tests.Infrastructure;

namespace WebClustering.Storage.Tests.Tenants;

/// <summary>What a tenant stores as the quotas count it (view tenant_storage), and deleting a tenant with its data.</summary>
public sealed class TenantStorageTests(StorageDatabase database) : IClassFixture<StorageDatabase>
{
    private readonly QuotaStore quotas = new(database.DataSource);
    private static readonly AuditEntry Audit = new("tests", null, "tenant.delete", null);

    private async Task<Guid> TenantAsync(string name) =>
        (await new TenantStore(database.DataSource).EnsureTenantAsync($"{name}-{Guid.NewGuid():N}"[..30])).Tenant.Id;

    private async Task<Guid> DatasetAsync(Guid tenant, int rows) =>
        (await new DatasetStore(database.DataSource).CreateAsync(tenant, "d", "id", "label", Seed.TableLayout,
            Seed.Rows([.. Enumerable.Range(0, rows).Select(i => $"{i}")]))).Id;

    private async Task<Guid> FinishedJobAsync(Guid tenant, Guid dataset)
    {
        var jobs = new JobStore(database.DataSource);
        var (_, job) = await jobs.CreateAsync(tenant, dataset, """{"model":{}}""", epochs: 1);
        await jobs.StartAsync(job!.Id, worker: "tests");
        Assert.True(await new ResultStore(database.DataSource).CompleteAsync(job!.Id, Seed.Results(),
            plots: [new JobPlot("latent", System.Security.Cryptography.RandomNumberGenerator.GetBytes(5000))]));
        return job.Id;
    }

    [Fact]
    public async Task Usage_counts_dataset_rows_and_the_bytes_of_datasets_and_everything_a_job_wrote_per_tenant()
    {
        var tenant = await TenantAsync("usage");
        var other = await TenantAsync("other");
        Assert.Equal(new TenantUsage(0, 0, 0), await quotas.UsageAsync(tenant));

        var dataset = await DatasetAsync(tenant, rows: 30);
        var afterUpload = await quotas.UsageAsync(tenant);
        Assert.Equal(30, afterUpload.StoredRows);
        // 30 rows of two floats, an id and a label each: at least their values' bytes.
        Assert.InRange(afterUpload.StoredBytes, 30 * (8 + 2 + 4), 30 * 200);

        await FinishedJobAsync(tenant, dataset);
        var afterJob = await quotas.UsageAsync(tenant);
        Assert.Equal(30, afterJob.StoredRows);
        Assert.True(afterJob.StoredBytes >= afterUpload.StoredBytes + 5000, $"{afterJob.StoredBytes} should count the 5,000-byte plot (random bytes: stored as they are)");
        Assert.Equal(new TenantUsage(0, 0, 0), await quotas.UsageAsync(other));

        await new JobStore(database.DataSource).CreateAsync(tenant, dataset, """{"model":{}}""", epochs: 1);
        Assert.Equal(1, (await quotas.UsageAsync(tenant)).ActiveJobs);
    }

    /// <summary>A table added later that holds a tenant's data must join the view, or the storage quota would miss it.</summary>
    [Fact]
    public async Task Every_table_that_holds_a_tenants_data_is_counted_by_the_storage_view()
    {
        var definition = await database.ScalarAsync<string>("SELECT pg_get_viewdef('tenant_storage'::regclass)");
        await using var command = database.DataSource.CreateCommand("""
            SELECT DISTINCT table_name FROM information_schema.columns
            WHERE table_schema = 'public' AND column_name IN ('tenant_id', 'dataset_id', 'job_id')
              AND table_name NOT IN ('tenant_storage', 'tenant_quotas', 'api_keys')
            """);
        var tables = new List<string>();
        await using (var reader = await command.ExecuteReaderAsync())
            while (await reader.ReadAsync()) tables.Add(reader.GetString(0));
        Assert.Contains("dataset_rows", tables);
        Assert.All(tables, table => Assert.Matches($@"\b{table}\b", definition));
    }

    [Fact]
    public async Task Deleting_a_tenant_removes_its_rows_and_keys_and_leaves_other_tenants_alone()
    {
        var doomed = await TenantAsync("doomed");
        var kept = await TenantAsync("kept");
        var doomedDataset = await DatasetAsync(doomed, rows: 4);
        var doomedJob = await FinishedJobAsync(doomed, doomedDataset);
        var keptJob = await FinishedJobAsync(kept, await DatasetAsync(kept, rows: 3));
        await quotas.SetOverridesAsync(doomed, new QuotaOverrides(1, null, null, null), Audit with { Action = "quotas.set" });
        var (_, queued) = await new JobStore(database.DataSource).CreateAsync(doomed, doomedDataset, """{"model":{}}""", epochs: 1);

        var deletion = new TenantDeletion(database.DataSource);
        Assert.Equal(TenantDeletionOutcome.JobsActive, await deletion.DeleteAsync(doomed, Audit));
        Assert.Equal(4L, await database.ScalarAsync<long>("SELECT count(*) FROM dataset_rows WHERE dataset_id = @id", ("id", doomedDataset)));

        await new JobStore(database.DataSource).CancelAsync(queued!.Id);
        Assert.Equal(TenantDeletionOutcome.Deleted, await deletion.DeleteAsync(doomed, Audit));
        Assert.Equal(TenantDeletionOutcome.NotFound, await deletion.DeleteAsync(doomed, Audit));

        foreach (var (table, column, id) in new[] { ("dataset_rows", "dataset_id", doomedDataset), ("job_results", "job_id", doomedJob),
                     ("job_plots", "job_id", doomedJob), ("tenant_quotas", "tenant_id", doomed), ("tenants", "id", doomed) })
            Assert.Equal(0L, await database.ScalarAsync<long>($"SELECT count(*) FROM {table} WHERE {column} = @id", ("id", id)));
        Assert.Equal(1L, await database.ScalarAsync<long>("SELECT count(*) FROM job_results WHERE job_id = @id", ("id", keptJob)));
        Assert.Equal(3, (await quotas.UsageAsync(kept)).StoredRows);
        Assert.Equal(2L, await database.ScalarAsync<long>(
            "SELECT count(*) FROM admin_audit WHERE actor = 'tests' AND action IN ('quotas.set', 'tenant.delete')"));
    }
}
