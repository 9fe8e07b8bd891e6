using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Hangfire;
using Npgsql;
using WebClustering.Api.Jobs;
using WebClustering.Api.Registry;
using WebClustering.Api.Tests.Infrastructure;
using WebClustering.Storage.Tenants;

namespace WebClustering.Api.Tests.Security;

/// <summary>DELETE /api/admin/tenants/{id}: everything of the tenant goes, in every table; 409 while its jobs run unless cancelJobs=true.</summary>
[Collection(SecurityCollection.Name)]
public sealed class TenantDeletionTests(SecurityFixture service)
{
    [Fact]
    public async Task Deleting_a_tenant_is_refused_while_its_job_runs_then_cancels_it_and_leaves_no_row_of_it_in_any_table()
    {
        var (client, key) = await service.TenantAsync("doomed");
        var tenantId = await service.TenantIdAsync("doomed");
        var trained = await TrainedJob.TrainAsync(client, CsvFiles.Blobs(perCluster: 20, clusters: 3, dims: 6), epochs: 5, latentDim: 2);
        var models = (await client.GetFromJsonAsync<ModelListResponse>("/api/models", ApiClient.Json))!;
        await (await service.Admin().PutAsJsonAsync($"/api/admin/tenants/{tenantId}/quotas", new { storedRows = 100_000 }, ApiClient.Json))
            .ShouldHaveStatus(HttpStatusCode.OK);
        var running = await StartLongJobAsync(client, trained.Dataset.Id);
        Guid[] ids = [tenantId, key.Id, trained.Dataset.Id, trained.Job.Id, running, .. models.Items.Select(m => m.Id)];
        var before = await RowsNamingAsync(ids, tenantId);
        foreach (var table in new[] { "tenants", "api_keys", "tenant_quotas", "datasets", "dataset_rows", "jobs", "job_results", "models", "job_events", "job_epochs", "job_plots", "idempotency_keys" })
            Assert.True(before.GetValueOrDefault(table) > 0, $"the tenant should have rows in {table} before (has {string.Join(", ", before)})");

        var refused = await (await service.Admin().DeleteAsync($"/api/admin/tenants/{tenantId}")).ShouldBeProblem(HttpStatusCode.Conflict);
        Assert.Equal(1, (int)refused["activeJobs"]!);
        await (await client.GetAsync($"/api/datasets/{trained.Dataset.Id}")).ShouldHaveStatus(HttpStatusCode.OK);

        await (await service.Admin().DeleteAsync($"/api/admin/tenants/{tenantId}?cancelJobs=true")).ShouldHaveStatus(HttpStatusCode.NoContent);
        await WorkerIdleAsync(); // whatever the cancelled job still tried to write has happened (and failed)

        var after = await RowsNamingAsync(ids, tenantId);
        Assert.True(after.Count == 0, $"left behind: {string.Join(", ", after)}");
        await (await client.GetAsync("/api/jobs")).ShouldBeProblem(HttpStatusCode.Unauthorized);
        await (await service.Admin().DeleteAsync($"/api/admin/tenants/{tenantId}")).ShouldBeProblem(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task The_default_tenant_cannot_be_deleted()
    {
        var problem = await (await service.Admin().DeleteAsync($"/api/admin/tenants/{DefaultTenant.Id}")).ShouldBeProblem(HttpStatusCode.Conflict);
        Assert.Contains("default tenant", (string?)problem["title"]);
    }

    private static async Task<Guid> StartLongJobAsync(HttpClient client, Guid datasetId)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/api/jobs")
        {
            Content = JsonContent.Create(new { datasetId, training = new { epochs = 100_000 } }),
            Headers = { { "Idempotency-Key", Guid.NewGuid().ToString() } }, // an idempotency record of the tenant's too
        };
        var response = await client.SendAsync(request);
        await response.ShouldHaveStatus(HttpStatusCode.Accepted);
        var id = (await response.Content.ReadFromJsonAsync<JobResponse>(ApiClient.Json))!.Id;
        for (var deadline = DateTime.UtcNow.AddMinutes(1); ; await Task.Delay(100))
        {
            var job = (await client.GetFromJsonAsync<JobResponse>($"/api/jobs/{id}", ApiClient.Json))!;
            if (job.State == "running" && job.Epoch >= 1) return id;
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"Job {id} is still {job.State} at epoch {job.Epoch}.");
        }
    }

    private async Task WorkerIdleAsync()
    {
        var monitoring = service.Service<JobStorage>().GetMonitoringApi();
        for (var deadline = DateTime.UtcNow.AddMinutes(1); monitoring.ProcessingCount() > 0; await Task.Delay(100))
            if (DateTime.UtcNow > deadline) throw new TimeoutException("The worker is still busy a minute after the cancellation.");
    }

    /// <summary>
    /// For every table of the service (every uuid column of the public schema, so a table added later is covered
    /// too), the rows that name one of the tenant's ids; idempotency records by their tenant scope. Only tables with rows.
    /// </summary>
    private async Task<Dictionary<string, long>> RowsNamingAsync(Guid[] ids, Guid tenantId)
    {
        await using var connection = new NpgsqlConnection(service.ConnectionString);
        await connection.OpenAsync();
        var columns = new List<(string Table, string Column)>();
        await using (var list = new NpgsqlCommand("""
            SELECT c.table_name, c.column_name FROM information_schema.columns c
            JOIN information_schema.tables t ON t.table_schema = c.table_schema AND t.table_name = c.table_name AND t.table_type = 'BASE TABLE'
            WHERE c.table_schema = 'public' AND c.data_type = 'uuid' AND c.table_name <> 'admin_audit'
            """, connection))
        await using (var reader = await list.ExecuteReaderAsync())
            while (await reader.ReadAsync()) columns.Add((reader.GetString(0), reader.GetString(1)));
        var rows = new Dictionary<string, long>();
        foreach (var (table, column) in columns)
        {
            await using var count = new NpgsqlCommand($"SELECT count(*) FROM {table} WHERE {column} = ANY(@ids)", connection);
            count.Parameters.AddWithValue("ids", ids);
            rows[table] = rows.GetValueOrDefault(table) + (long)(await count.ExecuteScalarAsync())!;
        }
        await using (var scoped = new NpgsqlCommand("SELECT count(*) FROM idempotency_keys WHERE starts_with(scope, @scope)", connection))
        {
            scoped.Parameters.AddWithValue("scope", $"tenant:{tenantId} ");
            rows["idempotency_keys"] = (long)(await scoped.ExecuteScalarAsync())!;
        }
        return rows.Where(r => r.Value > 0).ToDictionary();
    }
}
