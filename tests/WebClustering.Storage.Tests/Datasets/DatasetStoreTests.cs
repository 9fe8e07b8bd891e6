using WebClustering.Storage.Datasets;
using WebClustering.Storage.Jobs;
using WebClustering.Storage.Tenants;
using WebClustering.Storage.Tests.Infrastructure;

namespace WebClustering.Storage.Tests.Datasets;

public sealed class DatasetStoreTests(StorageDatabase database) : IClassFixture<StorageDatabase>
{
    private readonly DatasetStore store = new(database.DataSource);

    private Task<long> CountNamed(string name) => database.ScalarAsync<long>("SELECT count(*) FROM datasets WHERE name = @name", ("name", name));

    [Fact]
    public async Task Rows_are_read_back_in_order_with_their_ids_labels_and_features()
    {
        var created = await database.DatasetAsync("ordered", "c", "a", "b");

        var stored = await store.GetAsync(created.Id);
        var rows = await store.ReadRowsAsync(stored!);

        Assert.Equal((3, "table", "id", "label"), (stored!.RowCount, stored.Kind, stored.IdColumn, stored.LabelColumn));
        Assert.Equal([2], stored.ItemShape);
        Assert.Equal(["a", "b"], stored.FeatureNames);
        Assert.Equal(["c", "a", "b"], rows.ItemIds);
        Assert.Equal("even odd even", string.Join(" ", rows.Labels!));
        Assert.Equal([0f, 0f, 1f, 10f, 2f, 20f], rows.Features.Values);
    }

    [Fact]
    public async Task A_streamed_job_reads_labels_alone_and_ids_and_features_a_range_at_a_time()
    {
        var created = await database.DatasetAsync("ranges", "c", "a", "b");
        var stored = (await store.GetAsync(created.Id))!;

        var labels = await store.ReadLabelsAsync(stored);
        var middle = new float[2 * 2];
        store.ReadFeatures(stored, 1, 2, middle);

        Assert.Equal(["a", "b"], store.ReadItemIds(stored, 1, 2));
        Assert.Equal(["c", "a", "b"], store.ReadItemIds(stored, 0, 3));
        Assert.Throws<InvalidDataException>(() => store.ReadItemIds(stored, 2, 2)); // past the last row
        Assert.Equal("even odd even", string.Join(" ", labels!));
        Assert.Same(labels![0], labels[2]); // a repeated label is held once
        Assert.Equal([1f, 10f, 2f, 20f], middle);
        Assert.Throws<InvalidDataException>(() => store.ReadFeatures(stored, 2, 2, new float[4])); // past the last row
        Assert.Equal([0f, 0f, 2f, 20f], store.ReadFeatures(stored, [0, 2]).Values); // a sample, by index
        Assert.Throws<InvalidDataException>(() => store.ReadFeatures(stored, [1, 3]));
    }

    [Fact]
    public async Task A_repeated_item_id_is_found_by_the_index_at_its_second_row_and_leaves_no_dataset()
    {
        var error = await Assert.ThrowsAsync<DuplicateItemIdException>(() => database.DatasetAsync("repeated", "a", "b", "c", "b"));

        Assert.Equal(3, error.Row);
        Assert.Equal(0L, await CountNamed("repeated"));
    }

    [Fact]
    public async Task A_writer_that_fails_half_way_leaves_no_dataset_and_no_rows()
    {
        long rowsBefore = await database.ScalarAsync<long>("SELECT count(*) FROM dataset_rows");

        await Assert.ThrowsAsync<InvalidDataException>(() => store.CreateAsync(DefaultTenant.Id, "half", null, null, Seed.TableLayout,
            async (writer, ct) =>
            {
                await writer.WriteAsync("0", null, [1f, 2f], ct);
                await writer.WriteAsync("1", null, [3f, 4f], ct);
                throw new InvalidDataException("the file went bad on its third row");
            }));

        Assert.Equal(0L, await CountNamed("half"));
        Assert.Equal(rowsBefore, await database.ScalarAsync<long>("SELECT count(*) FROM dataset_rows"));
    }

    [Fact]
    public async Task A_dataset_with_a_queued_job_is_kept_until_the_job_ends_then_deleted_with_it()
    {
        var dataset = await database.DatasetAsync("busy", "x", "y");
        var job = await database.QueuedJobAsync(dataset.Id);

        Assert.Equal(DeleteOutcome.InUse, await store.DeleteAsync(dataset.Id));
        await new JobStore(database.DataSource).CancelAsync(job.Id);
        Assert.Equal(DeleteOutcome.Deleted, await store.DeleteAsync(dataset.Id));

        Assert.Null(await store.GetAsync(dataset.Id));
        Assert.Equal(0L, await database.ScalarAsync<long>("SELECT count(*) FROM jobs WHERE id = @id", ("id", job.Id)));
        Assert.Equal(DeleteOutcome.NotFound, await store.DeleteAsync(dataset.Id));
    }

    [Fact]
    public async Task A_tenant_lists_only_its_own_datasets_newest_first()
    {
        var (other, _) = await new TenantStore(database.DataSource).EnsureTenantAsync($"other-{Guid.NewGuid():N}");
        var older = await store.CreateAsync(other.Id, "older", null, null, Seed.TableLayout, Seed.Rows("0"));
        var newer = await store.CreateAsync(other.Id, "newer", null, null, Seed.TableLayout, Seed.Rows("0"));
        await database.DatasetAsync("the default tenant's", "0");

        var listed = await store.ListAsync(other.Id, offset: 0, limit: 10);

        Assert.Equal([newer.Id, older.Id], listed.Select(d => d.Id));
    }
}
