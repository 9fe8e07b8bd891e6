using Npgsql;
using NpgsqlTypes;

namespace WebClustering.Storage.Datasets;

/// <summary>
/// The rows of a long-format sequence upload, staged as they are read in a temporary table of the creating
/// transaction. PostgreSQL then groups them into sequences and sorts their steps, spilling to disk as it needs, so
/// the service never holds the file however the rows are ordered.
/// </summary>
public sealed class SequenceRowWriter
{
    private readonly NpgsqlBinaryImporter importer;

    internal SequenceRowWriter(NpgsqlBinaryImporter importer) => this.importer = importer;

    /// <summary>Rows written so far.</summary>
    public int Rows { get; private set; }

    /// <summary>Writes one step of one sequence; <paramref name="features"/> may be reused once this returns.</summary>
    /// <param name="line">The row's line in the file (the header is line 1), named by the checks' messages.</param>
    public async ValueTask WriteAsync(string id, double step, string? label, long line, float[] features, CancellationToken cancellationToken)
    {
        await importer.StartRowAsync(cancellationToken);
        await importer.WriteAsync(line, NpgsqlDbType.Bigint, cancellationToken);
        await importer.WriteAsync(id, NpgsqlDbType.Text, cancellationToken);
        await importer.WriteAsync(step, NpgsqlDbType.Double, cancellationToken);
        if (label is null) await importer.WriteNullAsync(cancellationToken);
        else await importer.WriteAsync(label, NpgsqlDbType.Text, cancellationToken);
        await importer.WriteAsync(features, NpgsqlDbType.Array | NpgsqlDbType.Real, cancellationToken);
        Rows++;
    }
}

public sealed partial class DatasetStore
{
    /// <summary>
    /// Creates a sequences dataset from long-format rows that <paramref name="writeRows"/> streams in file order:
    /// staged, checked (one label per sequence, each step once, the same steps in every sequence) and grouped in
    /// the database, all in one transaction.
    /// </summary>
    /// <exception cref="SequenceMismatchException">The sequences do not fit together; it says the first line or sequence that does not.</exception>
    public async Task<DatasetRecord> CreateSequencesAsync(Guid tenantId, string name, string idColumn, string? labelColumn, string[] featureNames,
        Func<SequenceRowWriter, CancellationToken, Task> writeRows, CancellationToken cancellationToken = default)
    {
        var id = Guid.CreateVersion7();
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await Execute(connection, transaction, """
            CREATE TEMPORARY TABLE upload_sequence_rows (line bigint, item_id text, step double precision, label text, features real[])
            ON COMMIT DROP
            """, cancellationToken);
        await using (var importer = await connection.BeginBinaryImportAsync(
            "COPY upload_sequence_rows (line, item_id, step, label, features) FROM STDIN (FORMAT BINARY)", cancellationToken))
        {
            importer.Timeout = TimeSpan.Zero; // as for tables: the client's abort ends a stuck upload
            await writeRows(new SequenceRowWriter(importer), cancellationToken);
            await importer.CompleteAsync(cancellationToken);
        }

        if (labelColumn is not null) await CheckLabels(connection, transaction, labelColumn, cancellationToken);
        await CheckSteps(connection, transaction, cancellationToken);
        var (steps, sequences) = await CheckStepCounts(connection, transaction, cancellationToken);

        await InsertAsync(connection, transaction, id, tenantId, name, idColumn, labelColumn,
            new DatasetLayout("sequences", [steps, featureNames.Length], featureNames), cancellationToken);
        await using (var group = new NpgsqlCommand("""
            INSERT INTO dataset_rows (dataset_id, row_index, item_id, label, features)
            SELECT @id, (row_number() OVER (ORDER BY first_line) - 1)::integer, item_id, label, ARRAY(SELECT unnest(steps))
            FROM (SELECT item_id, min(line) AS first_line, (array_agg(label ORDER BY line))[1] AS label,
                         array_agg(features ORDER BY step) AS steps
                  FROM upload_sequence_rows GROUP BY item_id) s
            """, connection, transaction))
        {
            group.CommandTimeout = 0;
            group.Parameters.AddWithValue("id", id);
            await group.ExecuteNonQueryAsync(cancellationToken);
        }
        var record = await FinishAsync(connection, transaction, id, sequences, [steps, featureNames.Length], cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return record;
    }

    /// <summary>The first line (in file order) whose label differs from its sequence's first label.</summary>
    private static async Task CheckLabels(NpgsqlConnection connection, NpgsqlTransaction transaction, string labelColumn,
        CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand("""
            WITH firsts AS (SELECT DISTINCT ON (item_id) item_id, label, line FROM upload_sequence_rows ORDER BY item_id, line)
            SELECT r.line, r.item_id, r.label, f.label, f.line
            FROM upload_sequence_rows r JOIN firsts f USING (item_id)
            WHERE r.label IS DISTINCT FROM f.label ORDER BY r.line LIMIT 1
            """, connection, transaction) { CommandTimeout = 0 };
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        if (await reader.ReadAsync(cancellationToken))
            throw new SequenceMismatchException(new SequenceLabelChanged(reader.GetInt64(0), labelColumn, reader.GetString(1), Text(reader, 2), Text(reader, 3), reader.GetInt64(4)));
    }

    /// <summary>The first line that repeats a step its sequence already has.</summary>
    private static async Task CheckSteps(NpgsqlConnection connection, NpgsqlTransaction transaction, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand("""
            SELECT line, item_id, step, earlier FROM (
                SELECT line, item_id, step, lag(line) OVER (PARTITION BY item_id, step ORDER BY line) AS earlier
                FROM upload_sequence_rows) d
            WHERE earlier IS NOT NULL ORDER BY line LIMIT 1
            """, connection, transaction) { CommandTimeout = 0 };
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        if (await reader.ReadAsync(cancellationToken))
            throw new SequenceMismatchException(new SequenceStepRepeated(reader.GetInt64(0), reader.GetString(1), reader.GetDouble(2), reader.GetInt64(3)));
    }

    /// <summary>The steps of the first sequence and the number of sequences, once every sequence has as many steps.</summary>
    private static async Task<(int Steps, int Sequences)> CheckStepCounts(NpgsqlConnection connection, NpgsqlTransaction transaction,
        CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand("""
            WITH counts AS (SELECT item_id, count(*)::integer AS steps, min(line) AS first_line FROM upload_sequence_rows GROUP BY item_id),
                 first AS (SELECT item_id, steps FROM counts ORDER BY first_line LIMIT 1)
            SELECT f.item_id, f.steps, (SELECT count(*)::integer FROM counts), o.item_id, o.steps
            FROM first f
            LEFT JOIN LATERAL (SELECT item_id, steps FROM counts c WHERE c.steps <> f.steps ORDER BY c.first_line LIMIT 1) o ON true
            """, connection, transaction) { CommandTimeout = 0 };
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        await reader.ReadAsync(cancellationToken);
        if (!reader.IsDBNull(3))
            throw new SequenceMismatchException(new SequenceStepCountsDiffer(reader.GetString(3), reader.GetInt32(4), reader.GetString(0), reader.GetInt32(1)));
        return (reader.GetInt32(1), reader.GetInt32(2));
    }

    private static string? Text(NpgsqlDataReader reader, int ordinal) => reader.IsDBNull(ordinal) ? null : reader.GetString(ordinal);

    private static async Task Execute(NpgsqlConnection connection, NpgsqlTransaction transaction, string sql, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(sql, connection, transaction) { CommandTimeout = 0 };
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
