using Npgsql;
using WebClustering.Core;

namespace WebClustering.Storage.Datasets;

/// <summary>
/// Evenly spaced rows of a dataset (every n-th row), for pictures of a job that is still training: a look at the
/// whole dataset without reading all of it.
/// </summary>
public sealed class DatasetSamples(NpgsqlDataSource dataSource)
{
    public async Task<DatasetRows> ReadAsync(DatasetRecord dataset, int maxRows, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxRows, 1);
        int step = Math.Max(1, (dataset.RowCount + maxRows - 1) / maxRows), cols = dataset.ItemSize;
        var ids = new List<string>();
        var labels = new List<string?>();
        var values = new List<float>();
        await using var command = dataSource.CreateCommand("""
            SELECT item_id, label, features FROM dataset_rows
            WHERE dataset_id = @id AND row_index % @step = 0
            ORDER BY row_index
            LIMIT @limit
            """);
        command.Parameters.AddWithValue("id", dataset.Id);
        command.Parameters.AddWithValue("step", step);
        command.Parameters.AddWithValue("limit", maxRows);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            ids.Add(reader.GetString(0));
            labels.Add(reader.IsDBNull(1) ? null : reader.GetString(1));
            values.AddRange(reader.GetFieldValue<float[]>(2));
        }
        return new DatasetRows([.. ids], dataset.LabelColumn is null ? null : [.. labels], new Matrix([.. values], ids.Count, cols));
    }
}
