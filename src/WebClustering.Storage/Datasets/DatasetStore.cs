using Npgsql;
using NpgsqlTypes;
using WebClustering.Core;

namespace WebClustering.Storage.Datasets;

public sealed partial class DatasetStore(NpgsqlDataSource dataSource)
{
    private const string SelectColumns = "id, name, row_count, feature_names, id_column, label_column, created_at, kind, item_shape, table_encoding::text";

    /// <summary>Writes the dataset and all its rows (binary COPY) in one transaction: all or nothing.</summary>
    public Task<DatasetRecord> CreateAsync(Guid tenantId, string name, string? idColumn, string? labelColumn, DatasetLayout layout,
        DatasetRows rows, CancellationToken cancellationToken = default) =>
        CreateAsync(tenantId, name, idColumn, labelColumn, layout, async (writer, ct) =>
        {
            for (int i = 0; i < rows.Features.Rows; i++)
                await writer.WriteAsync(rows.ItemIds[i], rows.Labels?[i], rows.Features.Row(i).ToArray(), ct);
        }, cancellationToken);

    /// <summary>
    /// Creates a dataset whose rows <paramref name="writeRows"/> streams into a binary COPY as it reads them, all in
    /// one transaction: the row count is set at the end, and a failure anywhere (a bad row near the end of the file,
    /// the client going away) rolls everything back, so no dataset is left half-written.
    /// </summary>
    /// <exception cref="DuplicateItemIdException">Two rows have the same item id.</exception>
    public async Task<DatasetRecord> CreateAsync(Guid tenantId, string name, string? idColumn, string? labelColumn, DatasetLayout layout,
        Func<DatasetRowWriter, CancellationToken, Task> writeRows, CancellationToken cancellationToken = default)
    {
        var id = Guid.CreateVersion7();
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await InsertAsync(connection, transaction, id, tenantId, name, idColumn, labelColumn, layout, cancellationToken);

        int rowCount = await CopyRowsAsync(connection, id, writeRows, cancellationToken);
        var record = await FinishAsync(connection, transaction, id, rowCount, layout.ItemShape, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return record;
    }

    /// <summary>The dataset's row, with no rows counted yet; they are counted at the end.</summary>
    private static async Task InsertAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, Guid id, Guid tenantId,
        string name, string? idColumn, string? labelColumn, DatasetLayout layout, CancellationToken cancellationToken)
    {
        await using var insert = new NpgsqlCommand("""
            INSERT INTO datasets (id, tenant_id, name, row_count, feature_names, id_column, label_column, kind, item_shape, table_encoding)
            VALUES (@id, @tenant, @name, 0, @features, @idColumn, @labelColumn, @kind, @shape, @tableEncoding)
            """, connection, transaction);
        insert.Parameters.AddWithValue("id", id);
        insert.Parameters.AddWithValue("tenant", tenantId);
        insert.Parameters.AddWithValue("name", name);
        insert.Parameters.AddWithValue("features", layout.FeatureNames);
        insert.Parameters.AddWithValue("kind", layout.Kind);
        insert.Parameters.AddWithValue("shape", layout.ItemShape);
        insert.Parameters.AddWithValue("idColumn", (object?)idColumn ?? DBNull.Value);
        insert.Parameters.AddWithValue("labelColumn", (object?)labelColumn ?? DBNull.Value);
        insert.Parameters.AddWithValue("tableEncoding", NpgsqlDbType.Jsonb, (object?)layout.TableEncodingJson ?? DBNull.Value);
        await insert.ExecuteNonQueryAsync(cancellationToken);
    }

    private static async Task<int> CopyRowsAsync(NpgsqlConnection connection, Guid id,
        Func<DatasetRowWriter, CancellationToken, Task> writeRows, CancellationToken cancellationToken)
    {
        try
        {
            await using var importer = await connection.BeginBinaryImportAsync(
                "COPY dataset_rows (dataset_id, row_index, item_id, label, features) FROM STDIN (FORMAT BINARY)", cancellationToken);
            // A large file takes minutes; the client's abort (the token) is what ends a stuck upload, not a timeout.
            importer.Timeout = TimeSpan.Zero;
            var writer = new DatasetRowWriter(importer, id);
            await writeRows(writer, cancellationToken);
            await importer.CompleteAsync(cancellationToken);
            return writer.Rows;
        }
        catch (PostgresException e) when (e is { SqlState: PostgresErrorCodes.UniqueViolation, ConstraintName: DuplicateItemIdException.Index })
        {
            throw DuplicateItemIdException.From(e);
        }
    }

    /// <summary>Sets the final row count (and shape, which sequences know only at the end) and reads the record back.</summary>
    private static async Task<DatasetRecord> FinishAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, Guid id,
        int rowCount, int[] itemShape, CancellationToken cancellationToken)
    {
        await using var update = new NpgsqlCommand($"""
            UPDATE datasets SET row_count = @rows, item_shape = @shape WHERE id = @id RETURNING {SelectColumns}
            """, connection, transaction);
        update.Parameters.AddWithValue("id", id);
        update.Parameters.AddWithValue("rows", rowCount);
        update.Parameters.AddWithValue("shape", itemShape);
        await using var reader = await update.ExecuteReaderAsync(cancellationToken);
        await reader.ReadAsync(cancellationToken);
        return Read(reader);
    }

    public async Task<DatasetRecord?> GetAsync(Guid id, CancellationToken cancellationToken = default)
    {
        await using var command = dataSource.CreateCommand($"SELECT {SelectColumns} FROM datasets WHERE id = @id");
        command.Parameters.AddWithValue("id", id);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken) ? Read(reader) : null;
    }

    /// <summary>One tenant's datasets, newest first.</summary>
    public async Task<IReadOnlyList<DatasetRecord>> ListAsync(Guid tenantId, int offset, int limit, CancellationToken cancellationToken = default)
    {
        await using var command = dataSource.CreateCommand($"""
            SELECT {SelectColumns} FROM datasets WHERE tenant_id = @tenant
            ORDER BY created_at DESC, id DESC OFFSET @offset LIMIT @limit
            """);
        command.Parameters.AddWithValue("tenant", tenantId);
        command.Parameters.AddWithValue("offset", offset);
        command.Parameters.AddWithValue("limit", limit);
        var result = new List<DatasetRecord>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken)) result.Add(Read(reader));
        return result;
    }

    /// <summary>
    /// Deletes a dataset with its jobs and results (and the encoding jobs made with their models) unless a job on it,
    /// or an encoding job with one of its models, is queued or running. The row lock pairs with
    /// the share lock that job creation takes, so a job cannot be queued on a dataset being deleted.
    /// </summary>
    public async Task<DeleteOutcome> DeleteAsync(Guid id, CancellationToken cancellationToken = default)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await using var command = new NpgsqlCommand("""
            SELECT EXISTS (SELECT 1 FROM jobs WHERE dataset_id = d.id AND state IN ('queued', 'running'))
                -- An encoding job on another dataset with a model trained on this one goes with that model.
                OR EXISTS (SELECT 1 FROM jobs e JOIN models m ON m.id = e.model_id WHERE m.dataset_id = d.id AND e.state IN ('queued', 'running'))
            FROM datasets d WHERE d.id = @id FOR UPDATE
            """, connection, transaction);
        command.Parameters.AddWithValue("id", id);
        var busy = await command.ExecuteScalarAsync(cancellationToken);
        if (busy is null) return DeleteOutcome.NotFound;
        if ((bool)busy) return DeleteOutcome.InUse;
        await using var delete = new NpgsqlCommand("DELETE FROM datasets WHERE id = @id", connection, transaction);
        delete.Parameters.AddWithValue("id", id);
        await delete.ExecuteNonQueryAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return DeleteOutcome.Deleted;
    }

    /// <summary>Reads every row of a dataset, in order, through a binary COPY.</summary>
    public async Task<DatasetRows> ReadRowsAsync(DatasetRecord dataset, CancellationToken cancellationToken = default)
    {
        int rows = dataset.RowCount, cols = dataset.ItemSize;
        var ids = new string[rows];
        var labels = dataset.LabelColumn is null ? null : new string?[rows];
        var features = Matrix.Zeros(rows, cols);
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        // COPY takes no parameters; the id is a Guid we format ourselves, never client text.
        var copy = $"COPY (SELECT row_index, item_id, label, features FROM dataset_rows WHERE dataset_id = '{dataset.Id}' ORDER BY row_index) TO STDOUT (FORMAT BINARY)";
        await using var reader = await connection.BeginBinaryExportAsync(copy, cancellationToken);
        while (await reader.StartRowAsync(cancellationToken) != -1)
        {
            int index = await reader.ReadAsync<int>(cancellationToken);
            ids[index] = await reader.ReadAsync<string>(cancellationToken);
            if (reader.IsNull) await reader.SkipAsync(cancellationToken);
            else if (labels is not null) labels[index] = await reader.ReadAsync<string>(cancellationToken);
            else await reader.SkipAsync(cancellationToken);
            var values = await reader.ReadAsync<float[]>(cancellationToken);
            values.CopyTo(features.Values, (long)index * cols);
        }
        return new DatasetRows(ids, labels, features);
    }

    /// <summary>
    /// Every row's label in row order (null without a label column), without ids or features: what a streamed job
    /// holds for its scores while its features are read a range at a time (<see cref="ReadFeatures"/>) and its ids
    /// when its results are written (<see cref="ReadItemIds"/>). Labels repeat, so each distinct one is kept once.
    /// </summary>
    public async Task<string?[]?> ReadLabelsAsync(DatasetRecord dataset, CancellationToken cancellationToken = default)
    {
        if (dataset.LabelColumn is null) return null;
        var labels = new string?[dataset.RowCount];
        var distinct = new Dictionary<string, string>(StringComparer.Ordinal);
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var copy = $"COPY (SELECT row_index, label FROM dataset_rows WHERE dataset_id = '{dataset.Id}' ORDER BY row_index) TO STDOUT (FORMAT BINARY)";
        await using var reader = await connection.BeginBinaryExportAsync(copy, cancellationToken);
        while (await reader.StartRowAsync(cancellationToken) != -1)
        {
            int index = await reader.ReadAsync<int>(cancellationToken);
            if (reader.IsNull) await reader.SkipAsync(cancellationToken);
            else
            {
                var label = await reader.ReadAsync<string>(cancellationToken);
                labels[index] = distinct.TryGetValue(label, out var known) ? known : distinct[label] = label;
            }
        }
        return labels;
    }

    /// <summary>
    /// The item ids of rows [<paramref name="first"/>, first + <paramref name="count"/>), by one binary COPY over the
    /// primary key's range. Synchronous, as <see cref="ReadFeatures(DatasetRecord, int, int, Span{float})"/>.
    /// </summary>
    public string[] ReadItemIds(DatasetRecord dataset, int first, int count)
    {
        var ids = new string[count];
        using var range = new RangeExport(dataSource, dataset, "item_id", first, count);
        while (range.NextRow() is { } index) ids[index] = range.Reader.Read<string>();
        range.CheckAllRead();
        return ids;
    }

    /// <summary>
    /// The features of rows [<paramref name="first"/>, first + <paramref name="count"/>) into <paramref name="into"/>,
    /// row-major, through one binary COPY over the primary key's range. Synchronous: a streamed job's training thread
    /// reads its chunks with it.
    /// </summary>
    public void ReadFeatures(DatasetRecord dataset, int first, int count, Span<float> into)
    {
        int cols = dataset.ItemSize;
        using var range = new RangeExport(dataSource, dataset, "features", first, count);
        while (range.NextRow() is { } index) range.Reader.Read<float[]>().CopyTo(into.Slice(index * cols, cols));
        range.CheckAllRead();
    }

    /// <summary>One column of a range of a dataset's rows, by binary COPY over the primary key, row by row.</summary>
    private sealed class RangeExport : IDisposable
    {
        private readonly NpgsqlConnection connection;
        private readonly DatasetRecord dataset;
        private readonly int first, count;
        private int read;

        public RangeExport(NpgsqlDataSource dataSource, DatasetRecord dataset, string column, int first, int count)
        {
            (this.dataset, this.first, this.count) = (dataset, first, count);
            connection = dataSource.OpenConnection();
            Reader = connection.BeginBinaryExport($"COPY (SELECT row_index, {column} FROM dataset_rows WHERE dataset_id = '{dataset.Id}' " +
                $"AND row_index >= {first} AND row_index < {(long)first + count} ORDER BY row_index) TO STDOUT (FORMAT BINARY)");
        }

        public NpgsqlBinaryExporter Reader { get; }

        /// <summary>The next row's place in the range (its column is then read from <see cref="Reader"/>), or null at the end.</summary>
        public int? NextRow()
        {
            if (Reader.StartRow() == -1) return null;
            read++;
            return Reader.Read<int>() - first;
        }

        public void CheckAllRead()
        {
            if (read != count)
                throw new InvalidDataException($"Dataset {dataset.Id} has {read} rows in [{first}, {first + count}), not {count}: its rows changed under the job.");
        }

        public void Dispose()
        {
            Reader.Dispose();
            connection.Dispose();
        }
    }

    /// <summary>The features of the given rows (ascending), by one query on the primary key: a sample of a streamed set.</summary>
    public Matrix ReadFeatures(DatasetRecord dataset, IReadOnlyList<int> rows)
    {
        int cols = dataset.ItemSize;
        var result = Matrix.Zeros(rows.Count, cols);
        using var command = dataSource.CreateCommand(
            "SELECT row_index, features FROM dataset_rows WHERE dataset_id = @id AND row_index = ANY(@rows) ORDER BY row_index");
        command.Parameters.AddWithValue("id", dataset.Id);
        command.Parameters.AddWithValue("rows", rows as int[] ?? [.. rows]);
        using var reader = command.ExecuteReader();
        int read = 0;
        while (reader.Read())
        {
            if (read >= rows.Count || reader.GetInt32(0) != rows[read])
                throw new InvalidDataException($"Dataset {dataset.Id} has no row {rows[Math.Min(read, rows.Count - 1)]}, or the rows asked for are not ascending.");
            reader.GetFieldValue<float[]>(1).CopyTo(result.Values.AsSpan(read * cols, cols));
            read++;
        }
        if (read != rows.Count) throw new InvalidDataException($"Dataset {dataset.Id} has {read} of the {rows.Count} rows asked for.");
        return result;
    }

    private static DatasetRecord Read(NpgsqlDataReader reader) => new(
        reader.GetGuid(0),
        reader.GetString(1),
        reader.GetInt32(2),
        reader.GetFieldValue<string[]>(3),
        reader.IsDBNull(4) ? null : reader.GetString(4),
        reader.IsDBNull(5) ? null : reader.GetString(5),
        reader.GetFieldValue<DateTimeOffset>(6),
        reader.GetString(7),
        reader.GetFieldValue<int[]>(8),
        reader.IsDBNull(9) ? null : reader.GetString(9));
}
