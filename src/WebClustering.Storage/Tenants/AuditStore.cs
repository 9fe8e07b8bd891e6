using Npgsql;
using NpgsqlTypes;

namespace WebClustering.Storage.Tenants;

/// <summary>An admin action to record: who did it (<paramref name="Actor"/>, from where), what, and on what.</summary>
/// <param name="Detail">The action's facts as a JSON object (the key's name, the quotas set, the jobs cancelled), or null.</param>
public sealed record AuditEntry(string Actor, string? Client, string Action, string? Target, string? Detail = null);

/// <summary>An audit entry as stored, with its number and time.</summary>
public sealed record AuditRecord(long Id, DateTimeOffset At, string Actor, string? Client, string Action, string? Target, string? Detail);

/// <summary>
/// The admin audit log (table <c>admin_audit</c>). Stores write an entry inside the transaction of the action it
/// records (<see cref="WriteAsync"/>), so that an action is never done without its entry nor recorded without being done.
/// </summary>
public sealed class AuditStore(NpgsqlDataSource dataSource)
{
    public static async Task WriteAsync(NpgsqlConnection connection, NpgsqlTransaction? transaction, AuditEntry entry,
        CancellationToken cancellationToken)
    {
        await using var insert = new NpgsqlCommand("""
            INSERT INTO admin_audit (actor, client, action, target, detail) VALUES (@actor, @client, @action, @target, @detail)
            """, connection, transaction);
        insert.Parameters.AddWithValue("actor", entry.Actor);
        insert.Parameters.AddWithValue("client", NpgsqlDbType.Text, (object?)entry.Client ?? DBNull.Value);
        insert.Parameters.AddWithValue("action", entry.Action);
        insert.Parameters.AddWithValue("target", NpgsqlDbType.Text, (object?)entry.Target ?? DBNull.Value);
        insert.Parameters.AddWithValue("detail", NpgsqlDbType.Jsonb, (object?)entry.Detail ?? DBNull.Value);
        await insert.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>A page of entries, newest first, and how many there are in all.</summary>
    public async Task<(IReadOnlyList<AuditRecord> Entries, long Total)> ListAsync(int offset, int limit, CancellationToken cancellationToken = default)
    {
        await using var command = dataSource.CreateCommand("""
            SELECT id, at, actor, client, action, target, detail::text, count(*) OVER ()
            FROM admin_audit ORDER BY id DESC OFFSET @offset LIMIT @limit
            """);
        command.Parameters.AddWithValue("offset", offset);
        command.Parameters.AddWithValue("limit", limit);
        var entries = new List<AuditRecord>();
        long total = 0;
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
            while (await reader.ReadAsync(cancellationToken))
            {
                entries.Add(new AuditRecord(reader.GetInt64(0), reader.GetFieldValue<DateTimeOffset>(1), reader.GetString(2),
                    NullableText(reader, 3), reader.GetString(4), NullableText(reader, 5), NullableText(reader, 6)));
                total = reader.GetInt64(7);
            }
        // A page past the end has no row to carry the count.
        if (entries.Count == 0 && offset > 0) total = await CountAsync(cancellationToken);
        return (entries, total);
    }

    private async Task<long> CountAsync(CancellationToken cancellationToken)
    {
        await using var count = dataSource.CreateCommand("SELECT count(*) FROM admin_audit");
        return (long)(await count.ExecuteScalarAsync(cancellationToken))!;
    }

    private static string? NullableText(NpgsqlDataReader reader, int column) => reader.IsDBNull(column) ? null : reader.GetString(column);
}
