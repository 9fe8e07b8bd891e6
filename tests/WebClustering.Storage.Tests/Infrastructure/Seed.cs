using WebClustering.Core.Rows;
using WebClustering.Core;
using WebClustering.Storage.Datasets;
using WebClustering.Storage.Jobs;
using WebClustering.Storage.Tenants;

namespace WebClustering.Storage.Tests.Infrastructure;

/// <summary>Small rows to store: a table dataset, a queued job on it, and the results of a job of two rows.</summary>
public static class Seed
{
    /// <summary>A table of two features whose row i holds (i, 10 i), labelled by parity, under the given ids.</summary>
    public static DatasetRows Rows(params string[] ids) => new(ids, [.. ids.Select((_, i) => i % 2 == 0 ? "even" : "odd")],
        new Matrix([.. ids.SelectMany((_, i) => new[] { (float)i, 10f * i })], ids.Length, 2));

    public static readonly DatasetLayout TableLayout = new("table", [2], ["a", "b"]);

    public static Task<DatasetRecord> DatasetAsync(this StorageDatabase database, string name, params string[] ids) =>
        new DatasetStore(database.DataSource).CreateAsync(DefaultTenant.Id, name, "id", "label", TableLayout, Rows(ids));

    public static async Task<JobRecord> QueuedJobAsync(this StorageDatabase database, Guid datasetId)
    {
        var (outcome, job) = await new JobStore(database.DataSource).CreateAsync(DefaultTenant.Id, datasetId,
            """{"model":{},"training":{},"clustering":{}}""", epochs: 1);
        Assert.Equal(CreateJobOutcome.Created, outcome);
        return job!;
    }

    /// <summary>Results for items "0" and "1" in one cluster; the model file is opaque bytes to Storage.</summary>
    public static JobResults Results() => new(["0", "1"], new MatrixRows(new Matrix([0f, 1f], 2, 1)), [0.25f, 0.5f], [0, 0], new Matrix([0.5f], 1, 1), [2],
        """{"inertia":0.5}""", [0.75, 0.5], [1, 2, 3]);
}
