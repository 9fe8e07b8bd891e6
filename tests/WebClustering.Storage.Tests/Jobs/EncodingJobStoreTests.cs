using WebClustering.Storage.Datasets;
using WebClustering.Storage.Jobs;
using WebClustering.Storage.Tenants;
using WebClustering.Storage.Tests.Infrastructure;

namespace WebClustering.Storage.Tests.Jobs;

/// <summary>Encoding jobs as the stores keep them: fenced like any job, no model of their own, gone with their model.</summary>
public sealed class EncodingJobStoreTests(StorageDatabase database) : IClassFixture<StorageDatabase>
{
    private readonly JobStore jobs = new(database.DataSource);
    private readonly EncodingJobStore encodings = new(database.DataSource);
    private readonly ResultStore results = new(database.DataSource);
    private readonly ModelStore models = new(database.DataSource);
    private readonly JobDeletion deletion = new(database.DataSource);

    private async Task<(Guid DatasetId, ModelRecord Model)> ModelAsync(string name)
    {
        var datasetId = (await new DatasetStore(database.DataSource).CreateAsync(DefaultTenant.Id, name, "id", "label", Seed.TableLayout, Seed.Rows("0", "1"))).Id;
        var (_, job) = await jobs.CreateAsync(DefaultTenant.Id, datasetId, """{"model":{},"training":{},"clustering":{}}""", epochs: 1);
        await jobs.StartAsync(job!.Id);
        Assert.True(await results.CompleteAsync(job.Id, Seed.Results()));
        return (datasetId, (await models.GetByJobAsync(job.Id))!);
    }

    private async Task<JobRecord> EncodingAsync(Guid datasetId, ModelRecord model)
    {
        var (outcome, job) = await encodings.CreateAsync(DefaultTenant.Id, datasetId, model.Id, model.ConfigJson);
        Assert.Equal(CreateEncodingOutcome.Created, outcome);
        Assert.Equal((JobKinds.Encoding, (Guid?)model.Id, JobStates.Queued), (job!.Kind, job.ModelId, job.State));
        return job;
    }

    [Fact]
    public async Task An_encoding_job_completes_only_under_its_latest_fence_and_registers_no_model()
    {
        var (datasetId, model) = await ModelAsync("encoded");
        var job = await EncodingAsync(datasetId, model);
        var first = (await jobs.StartAsync(job.Id))!;
        var second = (await jobs.StartAsync(job.Id))!; // another worker took it over

        Assert.False(await results.CompleteAsync(job.Id, Seed.Results() with { Model = null }, fence: first.Fence));
        Assert.True(await results.CompleteAsync(job.Id, Seed.Results() with { Model = null }, fence: second.Fence));

        Assert.Equal(JobStates.Succeeded, (await jobs.GetAsync(job.Id))!.State);
        Assert.Null(await models.GetByJobAsync(job.Id));
        Assert.Null(await results.GetModelAsync(job.Id));
        Assert.Equal(2, (await results.GetClusterSummaryAsync(job.Id))!.ItemCount);
    }

    [Fact]
    public async Task Deleting_the_model_takes_its_encoding_jobs_along_but_not_while_one_runs()
    {
        var (_, model) = await ModelAsync("encoder-deleted");
        var (datasetId, _) = await ModelAsync("encoder-items"); // the items are another dataset
        var done = await EncodingAsync(datasetId, model);
        await jobs.StartAsync(done.Id);
        Assert.True(await results.CompleteAsync(done.Id, Seed.Results() with { Model = null }));
        var running = await EncodingAsync(datasetId, model);

        var refused = await deletion.DeleteAsync(model.JobId, "/api/jobs/x");
        Assert.Equal((JobDeleteOutcome.NeededByRunningJob, (Guid?)running.Id), (refused.Outcome, refused.BlockingJobId));
        // Nor may the dataset the model was trained on go while the model encodes another one.
        Assert.Equal(DeleteOutcome.InUse, await new DatasetStore(database.DataSource).DeleteAsync(model.DatasetId));
        await jobs.CancelAsync(running.Id);

        var deleted = await deletion.DeleteAsync(model.JobId, "/api/jobs/x");
        Assert.Equal(JobDeleteOutcome.Deleted, deleted.Outcome);
        Assert.Equal(new[] { done.Id, running.Id }.Order(), deleted.EncodingJobIds!.Order());
        Assert.Null(await jobs.GetAsync(done.Id));
        Assert.Null(await jobs.GetAsync(running.Id));
        Assert.Null(await results.GetClusterSummaryAsync(done.Id));
        Assert.Equal((CreateEncodingOutcome.ModelNotFound, null), await encodings.CreateAsync(DefaultTenant.Id, datasetId, model.Id, model.ConfigJson));
    }
}
