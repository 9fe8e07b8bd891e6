using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Npgsql;
using WebClustering.Api.Jobs;

namespace WebClustering.Api.Tests.Infrastructure;

/// <summary>One stored event of a job: its kind (state or epoch) and data.</summary>
public sealed record StoredEvent(int Seq, string Kind, JsonObject Data)
{
    public string? State => Data["state"]?.GetValue<string>();

    public int? Attempt => Data["attempt"]?.GetValue<int>();

    /// <summary>The run (fence) of a state event: attempts started, hand-backs included.</summary>
    public int? Run => Data["run"]?.GetValue<int>();

    public int? Epoch => Kind == "epoch" ? Data["epoch"]!.GetValue<int>() : null;
}

/// <summary>What a job left in the database, read directly: for tests that must see past the API (nothing duplicated, nothing left over).</summary>
public static class JobProbe
{
    /// <summary>The epoch of the job's checkpoint; null when it has none.</summary>
    public static Task<int?> CheckpointEpochAsync(this TestDatabase database, Guid jobId) =>
        database.ScalarAsync<int?>("SELECT epoch FROM job_checkpoints WHERE job_id = @id", ("id", jobId));

    /// <summary>
    /// The epoch of the job's checkpoint (0: none) and the last epoch it reported, read in one statement so that the
    /// two agree: a test waiting for training to run on past a checkpoint must not see one from before the other.
    /// </summary>
    public static async Task<(int Checkpoint, int LastEpoch)> CheckpointAndLastEpochAsync(this TestDatabase database, Guid jobId)
    {
        var epochs = await database.ScalarAsync<int[]>("""
            SELECT ARRAY[
                coalesce((SELECT epoch FROM job_checkpoints WHERE job_id = @id), 0),
                coalesce((SELECT max((data->>'epoch')::int) FROM job_events WHERE job_id = @id AND kind = 'epoch'), 0)]
            """, ("id", jobId));
        return (epochs[0], epochs[1]);
    }

    /// <summary>Rows the job has in a table keyed by job_id (job_embeddings, job_results, models, job_checkpoints, job_epochs).</summary>
    public static Task<long> RowsAsync(this TestDatabase database, string table, Guid jobId) =>
        database.ScalarAsync<long>($"SELECT count(*) FROM {table} WHERE job_id = @id", ("id", jobId));

    public static async Task<IReadOnlyList<StoredEvent>> EventsAsync(this TestDatabase database, Guid jobId)
    {
        await using var connection = new NpgsqlConnection(database.ProbeConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT seq, kind, data::text FROM job_events WHERE job_id = @id ORDER BY seq", connection);
        command.Parameters.AddWithValue("id", jobId);
        var events = new List<StoredEvent>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
            events.Add(new StoredEvent(reader.GetInt32(0), reader.GetString(1), JsonNode.Parse(reader.GetString(2))!.AsObject()));
        return events;
    }

    /// <summary>The results were written exactly once: one results row, one model, one embedding per dataset row, no checkpoint left.</summary>
    public static async Task AssertResultsWrittenOnceAsync(this TestDatabase database, Guid jobId, int datasetRows, int epochs)
    {
        Assert.Equal(datasetRows, await database.RowsAsync("job_embeddings", jobId));
        Assert.Equal(1, await database.RowsAsync("job_results", jobId));
        Assert.Equal(1, await database.RowsAsync("models", jobId));
        Assert.Equal(0, await database.RowsAsync("job_checkpoints", jobId));
        Assert.Equal(epochs, await database.ScalarAsync<long>(
            "SELECT count(DISTINCT epoch) FROM job_epochs WHERE job_id = @id AND epoch BETWEEN 1 AND @epochs", ("id", jobId), ("epochs", epochs)));
        Assert.Equal(epochs, await database.RowsAsync("job_epochs", jobId));
    }

    public static async Task<JobResponse> JobAsync(this HttpClient client, Guid jobId) =>
        (await client.GetFromJsonAsync<JobResponse>($"/api/jobs/{jobId}", ApiClient.Json))!;

    public static async Task<Guid> QueueJobAsync(this HttpClient client, object request)
    {
        var post = await client.PostJobAsync(request);
        await post.ShouldHaveStatus(System.Net.HttpStatusCode.Accepted);
        return (await post.Content.ReadFromJsonAsync<JobResponse>(ApiClient.Json))!.Id;
    }

    /// <summary>Polls until the condition holds; the message says what was awaited, with the processes' last output.</summary>
    public static async Task EventuallyAsync(Func<Task<bool>> condition, TimeSpan timeout, string what, params ServiceProcess[] processes)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (!await condition())
        {
            if (DateTime.UtcNow > deadline)
                throw new TimeoutException($"Not within {timeout}: {what}\n{string.Join('\n', processes.Select(p => p.Tail()))}");
            await Task.Delay(100);
        }
    }
}
