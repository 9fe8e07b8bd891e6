using Npgsql;

namespace WebClustering.Storage.Jobs;

/// <summary>A named PNG of a job, such as <c>latent.png</c>.</summary>
public sealed record JobPlot(string Name, byte[] Png);

/// <summary>The stored plots of finished jobs.</summary>
public sealed class PlotStore(NpgsqlDataSource dataSource)
{
    /// <summary>Writes plots inside the caller's transaction (the one that stores the job's results).</summary>
    internal static async Task WriteAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, Guid jobId,
        IReadOnlyList<JobPlot> plots, CancellationToken cancellationToken)
    {
        foreach (var plot in plots)
        {
            await using var insert = new NpgsqlCommand("""
                INSERT INTO job_plots (job_id, name, png) VALUES (@id, @name, @png)
                ON CONFLICT (job_id, name) DO UPDATE SET png = excluded.png, created_at = now()
                """, connection, transaction);
            insert.Parameters.AddWithValue("id", jobId);
            insert.Parameters.AddWithValue("name", plot.Name);
            insert.Parameters.AddWithValue("png", plot.Png);
            await insert.ExecuteNonQueryAsync(cancellationToken);
        }
    }

    public async Task<byte[]?> GetAsync(Guid jobId, string name, CancellationToken cancellationToken = default)
    {
        await using var command = dataSource.CreateCommand("SELECT png FROM job_plots WHERE job_id = @id AND name = @name");
        command.Parameters.AddWithValue("id", jobId);
        command.Parameters.AddWithValue("name", name);
        return await command.ExecuteScalarAsync(cancellationToken) as byte[];
    }

    public async Task<IReadOnlyList<string>> ListAsync(Guid jobId, CancellationToken cancellationToken = default)
    {
        await using var command = dataSource.CreateCommand("SELECT name FROM job_plots WHERE job_id = @id ORDER BY name");
        command.Parameters.AddWithValue("id", jobId);
        var names = new List<string>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken)) names.Add(reader.GetString(0));
        return names;
    }
}
