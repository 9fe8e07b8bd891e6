using WebClustering.Storage.Datasets;
using WebClustering.Storage.Jobs;
using WebClustering.Storage.Tenants;
using WebClustering.Storage.Tests.Infrastructure;

namespace WebClustering.Storage.Tests.Jobs;

/// <summary>Names, versions, aliases, lineage and deletion as the stores keep them.</summary>
public sealed class ModelRegistryStoreTests(StorageDatabase database) : IClassFixture<StorageDatabase>
{
    private readonly JobStore jobs = new(database.DataSource);
    private readonly ResultStore results = new(database.DataSource);
    private readonly ModelStore models = new(database.DataSource);
    private readonly ModelAliasStore aliases = new(database.DataSource);
    private readonly JobDeletion deletion = new(database.DataSource);

    private async Task<ModelRecord> RegisteredAsync(Guid tenant, Guid datasetId, string config = """{"model":{},"training":{},"clustering":{}}""")
    {
        var (_, job) = await jobs.CreateAsync(tenant, datasetId, config, epochs: 1);
        await jobs.StartAsync(job!.Id);
        Assert.True(await results.CompleteAsync(job.Id, Seed.Results()));
        return (await models.GetByJobAsync(job.Id))!;
    }

    private async Task<Guid> DatasetAsync(Guid tenant, string name) =>
        (await new DatasetStore(database.DataSource).CreateAsync(tenant, name, "id", "label", Seed.TableLayout, Seed.Rows("0", "1"))).Id;

    [Fact]
    public async Task A_name_numbers_its_versions_within_its_tenant_only_and_concurrent_registrations_never_share_one()
    {
        var other = (await new TenantStore(database.DataSource).EnsureTenantAsync("registry-other")).Tenant.Id;
        var mine = await DatasetAsync(DefaultTenant.Id, "catalogue");
        var theirs = await DatasetAsync(other, "catalogue");

        var first = await RegisteredAsync(DefaultTenant.Id, mine);
        var foreign = await RegisteredAsync(other, theirs);
        var concurrent = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => RegisteredAsync(DefaultTenant.Id, mine)));
        var named = await RegisteredAsync(DefaultTenant.Id, mine, """{"model":{},"training":{},"clustering":{},"modelName":"catalogue-small"}""");

        Assert.Equal(("catalogue", 1), (first.Name, first.Version));
        Assert.Equal(("catalogue", 1), (foreign.Name, foreign.Version));
        Assert.Equal([2, 3, 4, 5], concurrent.Select(m => m.Version).Order());
        Assert.Equal(("catalogue-small", 1), (named.Name, named.Version));
        Assert.Equal(first.Id, (await models.GetVersionAsync(DefaultTenant.Id, "catalogue", 1))!.Id);
        Assert.Equal(foreign.Id, (await models.ResolveAsync(other, "catalogue", ModelStore.Latest))!.Id);
        // A tenant cannot point its alias at another tenant's model of the same name.
        Assert.Equal(SetAliasOutcome.NoSuchVersion, (await aliases.SetAsync(DefaultTenant.Id, "catalogue", "production", null, foreign.Id)).Outcome);
    }

    [Fact]
    public async Task Deleting_a_parent_keeps_its_fine_tuned_child_and_a_running_fine_tune_holds_the_parent()
    {
        var dataset = await DatasetAsync(DefaultTenant.Id, "lineage");
        var parent = await RegisteredAsync(DefaultTenant.Id, dataset);
        string childConfig = """{"model":{},"training":{"initFrom":"ID"},"clustering":{}}""".Replace("ID", parent.Id.ToString());
        var child = await RegisteredAsync(DefaultTenant.Id, dataset, childConfig);
        Assert.Equal(parent.Id, child.ParentId);
        Assert.Equal([new ModelAncestor(parent.Id, "lineage", 1)], await models.LineageAsync(child.Id));
        await aliases.SetAsync(DefaultTenant.Id, "lineage", "production", 1, null);

        var (_, running) = await jobs.CreateAsync(DefaultTenant.Id, dataset, childConfig, epochs: 1);
        var refused = await deletion.DeleteAsync(parent.JobId, "/api/jobs/x");
        Assert.Equal((JobDeleteOutcome.NeededByRunningJob, running!.Id), (refused.Outcome, refused.BlockingJobId!.Value));
        Assert.Equal(JobDeleteOutcome.Running, (await deletion.DeleteAsync(running.Id, "/api/jobs/x")).Outcome);
        await jobs.CancelAsync(running.Id);

        Assert.Equal(JobDeleteOutcome.Deleted, (await deletion.DeleteAsync(parent.JobId, "/api/jobs/x")).Outcome);
        Assert.Null(await models.GetAsync(parent.Id));
        Assert.Empty(await aliases.NamesAsync(DefaultTenant.Id, 0, 10, "lineage") is [var name] ? name.Aliases : []);
        var orphan = (await models.GetAsync(child.Id))!;
        Assert.Equal((2, (Guid?)null), (orphan.Version, orphan.ParentId));
        Assert.Empty(await models.LineageAsync(child.Id));
        Assert.Equal(JobDeleteOutcome.NotFound, (await deletion.DeleteAsync(parent.JobId, "/api/jobs/x")).Outcome);
    }
}
