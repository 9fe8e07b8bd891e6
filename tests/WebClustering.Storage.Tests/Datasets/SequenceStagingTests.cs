using WebClustering.Storage.Datasets;
using WebClustering.Storage.Tenants;
using WebClustering.Storage.Tests.Infrastructure;

namespace WebClustering.Storage.Tests.Datasets;

/// <summary>Long-format sequence rows staged in a temporary table, checked and grouped by PostgreSQL.</summary>
public sealed class SequenceStagingTests(StorageDatabase database) : IClassFixture<StorageDatabase>
{
    private readonly DatasetStore store = new(database.DataSource);

    /// <summary>One row of a long-format file: its sequence, step, label and one feature; lines count from 2 (after the header).</summary>
    private Task<DatasetRecord> StageAsync(string name, params (string Id, double Step, string? Label, float X)[] rows) =>
        store.CreateSequencesAsync(DefaultTenant.Id, name, "id", "kind", ["x"], async (staging, ct) =>
        {
            for (int i = 0; i < rows.Length; i++)
                await staging.WriteAsync(rows[i].Id, rows[i].Step, rows[i].Label, line: i + 2, [rows[i].X], ct);
        });

    [Fact]
    public async Task Sequences_come_out_in_order_of_their_first_line_with_their_steps_sorted()
    {
        var dataset = await StageAsync("grouped", ("b", 1, "q", 5), ("a", 0.5, "p", 2), ("b", 0, "q", 4), ("a", 0, "p", 1));

        var rows = await store.ReadRowsAsync(dataset);

        Assert.Equal(("sequences", 2), (dataset.Kind, dataset.RowCount));
        Assert.Equal([2, 1], dataset.ItemShape);
        Assert.Equal(["b", "a"], rows.ItemIds);
        Assert.Equal("q p", string.Join(" ", rows.Labels!));
        Assert.Equal([4f, 5f, 1f, 2f], rows.Features.Values);
    }

    [Fact]
    public async Task A_label_that_changes_within_a_sequence_is_reported_at_its_first_line()
    {
        var error = await Assert.ThrowsAsync<SequenceMismatchException>(() =>
            StageAsync("relabelled", ("a", 0, "u", 1), ("b", 0, "w", 2), ("a", 1, "v", 3), ("a", 2, "x", 4)));

        Assert.Equal(new SequenceLabelChanged(Line: 4, "kind", "a", Label: "v", FirstLabel: "u", FirstLine: 2), error.Mismatch);
        await AssertNothingStored("relabelled");
    }

    [Fact]
    public async Task A_step_repeated_within_a_sequence_is_reported_with_its_earlier_line()
    {
        var error = await Assert.ThrowsAsync<SequenceMismatchException>(() =>
            StageAsync("repeated", ("a", 0, null, 1), ("a", 1.5, null, 2), ("b", 0, null, 3), ("a", 1.5, null, 4)));

        Assert.Equal(new SequenceStepRepeated(Line: 5, "a", Step: 1.5, EarlierLine: 3), error.Mismatch);
        await AssertNothingStored("repeated");
    }

    [Fact]
    public async Task A_sequence_with_another_number_of_steps_than_the_first_is_named()
    {
        var error = await Assert.ThrowsAsync<SequenceMismatchException>(() =>
            StageAsync("ragged", ("a", 0, null, 1), ("b", 0, null, 2), ("a", 1, null, 3), ("c", 0, null, 4), ("c", 1, null, 5)));

        Assert.Equal(new SequenceStepCountsDiffer("b", Steps: 1, FirstId: "a", FirstSteps: 2), error.Mismatch);
        await AssertNothingStored("ragged");
    }

    private async Task AssertNothingStored(string name) =>
        Assert.Equal(0L, await database.ScalarAsync<long>("SELECT count(*) FROM datasets WHERE name = @name", ("name", name)));
}
