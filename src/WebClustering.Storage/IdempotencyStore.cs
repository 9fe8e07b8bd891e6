using Npgsql;

namespace WebClustering.Storage;

public sealed record StoredResponse(string Fingerprint, int? Status, string? Location, string? ContentType, string? Body);

/// <summary>Idempotency keys: claimed by the first request, completed with its response, read by retries.</summary>
public sealed class IdempotencyStore(NpgsqlDataSource dataSource)
{
    /// <summary>Claims the key; false when it was already claimed (by an earlier or a concurrent request).</summary>
    public async Task<bool> TryClaimAsync(string scope, string key, string fingerprint, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand("""
            INSERT INTO idempotency_keys (scope, key, fingerprint) VALUES (@scope, @key, @fingerprint)
            ON CONFLICT (scope, key) DO NOTHING
            """);
        command.Parameters.AddWithValue("scope", scope);
        command.Parameters.AddWithValue("key", key);
        command.Parameters.AddWithValue("fingerprint", fingerprint);
        return await command.ExecuteNonQueryAsync(cancellationToken) == 1;
    }

    public async Task<StoredResponse?> GetAsync(string scope, string key, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand("""
            SELECT fingerprint, status, location, content_type, body FROM idempotency_keys WHERE scope = @scope AND key = @key
            """);
        command.Parameters.AddWithValue("scope", scope);
        command.Parameters.AddWithValue("key", key);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        if (!await reader.ReadAsync(cancellationToken)) return null;
        return new StoredResponse(reader.GetString(0), reader.IsDBNull(1) ? null : reader.GetInt32(1),
            reader.IsDBNull(2) ? null : reader.GetString(2), reader.IsDBNull(3) ? null : reader.GetString(3),
            reader.IsDBNull(4) ? null : reader.GetString(4));
    }

    public async Task CompleteAsync(string scope, string key, int status, string? location, string? contentType, string? body)
    {
        await using var command = dataSource.CreateCommand("""
            UPDATE idempotency_keys SET status = @status, location = @location, content_type = @contentType, body = @body
            WHERE scope = @scope AND key = @key
            """);
        command.Parameters.AddWithValue("scope", scope);
        command.Parameters.AddWithValue("key", key);
        command.Parameters.AddWithValue("status", status);
        command.Parameters.AddWithValue("location", (object?)location ?? DBNull.Value);
        command.Parameters.AddWithValue("contentType", (object?)contentType ?? DBNull.Value);
        command.Parameters.AddWithValue("body", (object?)body ?? DBNull.Value);
        await command.ExecuteNonQueryAsync(CancellationToken.None);
    }

    /// <summary>Frees a key whose first request failed unexpectedly, so that a retry can run.</summary>
    public async Task ReleaseAsync(string scope, string key)
    {
        await using var command = dataSource.CreateCommand("DELETE FROM idempotency_keys WHERE scope = @scope AND key = @key AND status IS NULL");
        command.Parameters.AddWithValue("scope", scope);
        command.Parameters.AddWithValue("key", key);
        await command.ExecuteNonQueryAsync(CancellationToken.None);
    }
}
