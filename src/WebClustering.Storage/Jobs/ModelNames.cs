using Npgsql;

namespace WebClustering.Storage.Jobs;

/// <summary>
/// How a job's model gets its registry name and version: the name its plan holds (<c>modelName</c>), else its
/// dataset's; the version is one more than the name's highest in the tenant. Registrations of one name take turns
/// (a transaction-scoped advisory lock), so two jobs finishing together never draw the same version.
/// </summary>
internal static class ModelNames
{
    /// <summary>SQL for a job's model name from its config column and its dataset's name column.</summary>
    public static string NameOfJob(string config, string datasetName) => $"COALESCE(NULLIF({config} ->> 'modelName', ''), {datasetName})";

    public static async Task LockAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, Guid jobId, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand($"""
            SELECT pg_advisory_xact_lock(hashtextextended('model-name/' || j.tenant_id::text || '/' || {NameOfJob("j.config", "d.name")}, 0))
            FROM jobs j JOIN datasets d ON d.id = j.dataset_id WHERE j.id = @id
            """, connection, transaction);
        command.Parameters.AddWithValue("id", jobId);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
