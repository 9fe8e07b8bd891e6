using System.Net;
using System.Net.Http.Json;
using Npgsql;
using WebClustering.Api.Jobs;
using WebClustering.Api.Tests.Infrastructure;

namespace WebClustering.Api.Tests.Registry;

[Collection(ServiceCollection.Name)]
public sealed class DeletionTests(ServiceFixture service)
{
    private readonly HttpClient client = service.CreateClient();

    /// <summary>Rows that name the job or its model, in every table whose foreign keys reference jobs or models, found from the catalogue.</summary>
    private async Task<Dictionary<string, long>> RowsReferencingAsync(Guid jobId, Guid modelId)
    {
        await using var connection = new NpgsqlConnection(service.ConnectionString);
        await connection.OpenAsync();
        var references = new List<(string Table, string Column, string Target)>();
        await using (var catalogue = new NpgsqlCommand("""
            SELECT c.conrelid::regclass::text, a.attname, c.confrelid::regclass::text
            FROM pg_constraint c JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = ANY(c.conkey)
            WHERE c.contype = 'f' AND c.confrelid IN ('jobs'::regclass, 'models'::regclass)
            """, connection))
        await using (var reader = await catalogue.ExecuteReaderAsync())
            while (await reader.ReadAsync()) references.Add((reader.GetString(0), reader.GetString(1), reader.GetString(2)));
        var counts = new Dictionary<string, long>
        {
            ["jobs"] = await CountAsync(connection, "SELECT count(*) FROM jobs WHERE id = @id", jobId),
            ["models"] = await CountAsync(connection, "SELECT count(*) FROM models WHERE id = @id", modelId),
            ["idempotency_keys"] = await CountAsync(connection, "SELECT count(*) FROM idempotency_keys WHERE location = '/api/jobs/' || @id::text", jobId),
        };
        foreach (var (table, column, target) in references)
            counts[$"{table}.{column}"] = await CountAsync(connection, $"SELECT count(*) FROM {table} WHERE {column} = @id", target == "jobs" ? jobId : modelId);
        Assert.Contains("job_embedding_chunks.job_id", counts.Keys);
        Assert.Contains("model_aliases.model_id", counts.Keys);
        return counts;
    }

    private static async Task<long> CountAsync(NpgsqlConnection connection, string sql, Guid id)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        command.Parameters.AddWithValue("id", id);
        return (long)(await command.ExecuteScalarAsync())!;
    }

    [Fact]
    public async Task Deleting_a_model_removes_its_job_and_everything_made_from_it()
    {
        var dataset = await client.NamedDatasetAsync(RegistryClient.UniqueName("deleted"));
        var request = new HttpRequestMessage(HttpMethod.Post, "/api/jobs") { Content = JsonContent.Create(RegistryClient.QuickJob(dataset.Id), options: ApiClient.Json) };
        request.Headers.Add("Idempotency-Key", Guid.NewGuid().ToString());
        var job = (await (await client.SendAsync(request)).Content.ReadFromJsonAsync<JobResponse>(ApiClient.Json))!;
        Assert.Equal("succeeded", (await client.WaitForJobAsync(job.Id, TimeSpan.FromMinutes(3))).State);
        var model = await client.ModelOfAsync(job.Id);
        await (await client.PutAliasAsync(model.Name, "production", new { version = model.Version })).ShouldHaveStatus(HttpStatusCode.OK);
        await (await client.GetAsync($"/api/jobs/{job.Id}/items/item-0001/similar")).ShouldHaveStatus(HttpStatusCode.OK); // cached in memory now
        var before = await RowsReferencingAsync(job.Id, model.Id);
        Assert.All(["jobs", "models", "idempotency_keys", "job_results.job_id", "job_embeddings.job_id", "job_embedding_chunks.job_id",
            "job_plots.job_id", "job_events.job_id", "job_epochs.job_id", "model_aliases.model_id"], table => Assert.True(before[table] > 0, table));

        await (await client.DeleteAsync($"/api/models/{model.Id}")).ShouldHaveStatus(HttpStatusCode.NoContent);

        var after = await RowsReferencingAsync(job.Id, model.Id);
        Assert.True(after.Values.All(count => count == 0), string.Join(", ", after.Where(p => p.Value > 0).Select(p => $"{p.Key}: {p.Value}")));
        await (await client.GetAsync($"/api/jobs/{job.Id}")).ShouldBeProblem(HttpStatusCode.NotFound);
        await (await client.GetAsync($"/api/jobs/{job.Id}/items/item-0001/similar")).ShouldBeProblem(HttpStatusCode.NotFound);
        await (await client.GetAsync($"/api/models/{model.Id}")).ShouldBeProblem(HttpStatusCode.NotFound);
        await (await client.GetAsync($"/api/models/names/{Uri.EscapeDataString(model.Name)}/aliases/production")).ShouldBeProblem(HttpStatusCode.NotFound);
        await (await client.DeleteAsync($"/api/jobs/{job.Id}")).ShouldBeProblem(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task A_running_job_is_not_deleted_until_it_has_ended()
    {
        var dataset = await client.NamedDatasetAsync(RegistryClient.UniqueName("busy"));
        var post = await client.PostJobAsync(RegistryClient.QuickJob(dataset.Id, epochs: 5000));
        var job = (await post.Content.ReadFromJsonAsync<JobResponse>(ApiClient.Json))!;

        var problem = await (await client.DeleteAsync($"/api/jobs/{job.Id}")).ShouldBeProblem(HttpStatusCode.Conflict);
        Assert.Contains("cancel it first", problem["detail"]!.GetValue<string>());
        await (await client.PostAsync($"/api/jobs/{job.Id}/cancel", null)).ShouldHaveStatus(HttpStatusCode.OK);
        await client.WaitForJobAsync(job.Id, TimeSpan.FromMinutes(1));
        await (await client.DeleteAsync($"/api/jobs/{job.Id}")).ShouldHaveStatus(HttpStatusCode.NoContent);
        await (await client.GetAsync($"/api/jobs/{job.Id}")).ShouldBeProblem(HttpStatusCode.NotFound);
    }
}
