using System.Text.RegularExpressions;
using Npgsql;
using NpgsqlTypes;

namespace WebClustering.Storage.Datasets;

/// <summary>
/// The rows of a dataset being created, written into an open binary COPY as they come: nothing is kept here, so
/// a large upload streams through. Part of the creating transaction: rows written before a failure are rolled back.
/// </summary>
public sealed class DatasetRowWriter
{
    private readonly NpgsqlBinaryImporter importer;
    private readonly Guid datasetId;

    internal DatasetRowWriter(NpgsqlBinaryImporter importer, Guid datasetId)
    {
        this.importer = importer;
        this.datasetId = datasetId;
    }

    /// <summary>Rows written so far; the next row's index.</summary>
    public int Rows { get; private set; }

    /// <summary>Writes one row; <paramref name="features"/> may be reused by the caller once this returns.</summary>
    public async ValueTask WriteAsync(string itemId, string? label, float[] features, CancellationToken cancellationToken)
    {
        await importer.StartRowAsync(cancellationToken);
        await importer.WriteAsync(datasetId, NpgsqlDbType.Uuid, cancellationToken);
        await importer.WriteAsync(Rows, NpgsqlDbType.Integer, cancellationToken);
        await importer.WriteAsync(itemId, NpgsqlDbType.Text, cancellationToken);
        if (label is null) await importer.WriteNullAsync(cancellationToken);
        else await importer.WriteAsync(label, NpgsqlDbType.Text, cancellationToken);
        await importer.WriteAsync(features, NpgsqlDbType.Array | NpgsqlDbType.Real, cancellationToken);
        Rows++;
    }
}

/// <summary>
/// Two rows of a new dataset have the same item id. The database's unique index found it, so memory never had to
/// hold every id; <see cref="Row"/> (0-based, null when PostgreSQL did not say) is the second of the two.
/// </summary>
public sealed class DuplicateItemIdException(int? row, Exception inner)
    : Exception($"Two rows of the dataset have the same item id{(row is null ? "" : $" (the second is row {row})")}.", inner)
{
    public int? Row { get; } = row;

    internal const string Index = "dataset_rows_item_id";

    /// <summary>
    /// PostgreSQL names where a COPY failed ("COPY dataset_rows, line 5"); in a binary COPY the "line" counts rows
    /// from 1. The detail with the key itself is withheld from clients by Npgsql, so the row is what we have.
    /// </summary>
    internal static DuplicateItemIdException From(PostgresException e)
    {
        var match = Regex.Match(e.Where ?? "", @"COPY dataset_rows, line (\d+)");
        return new DuplicateItemIdException(match.Success && int.TryParse(match.Groups[1].Value, out int line) ? line - 1 : null, e);
    }
}
