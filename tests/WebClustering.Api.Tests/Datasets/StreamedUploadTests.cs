using System.Net;
using System.Net.Http.Json;
using System.Text;
using static System.FormattableString;
using WebClustering.Api.Datasets;
using WebClustering.Api.Tests.Infrastructure;
using WebClustering.Storage.Datasets;

namespace WebClustering.Api.Tests.Datasets;

/// <summary>
/// Uploads are stored while they are read: what needs whole columns (fill values) is gathered in passes over the
/// buffered file, long-format sequences are grouped in the database, and repeated ids are found by the database's
/// unique index; each gives the same dataset and the same messages as reading the whole file in memory did.
/// </summary>
[Collection(ServiceCollection.Name)]
public sealed class StreamedUploadTests(ServiceFixture service)
{
    private readonly HttpClient client = service.CreateClient();

    private async Task<DatasetRows> RowsOf(HttpResponseMessage response)
    {
        await response.ShouldHaveStatus(HttpStatusCode.Created);
        var dataset = (await response.Content.ReadFromJsonAsync<DatasetResponse>(ApiClient.Json))!;
        var store = service.Service<DatasetStore>();
        return await store.ReadRowsAsync((await store.GetAsync(dataset.Id))!);
    }

    [Fact]
    public async Task Median_fills_a_gap_with_the_exact_middle_value()
    {
        var rows = await RowsOf(await client.UploadAsync("/api/datasets", [("file", "m.csv", "a,b\n1,7\n,8\n10,9\n3,\n"u8.ToArray())],
            ("name", "median"), ("missingValues", "median")));

        Assert.Equal([1f, 7f, 3f, 8f, 10f, 9f, 3f, 8f], rows.Features.Values);
    }

    [Fact]
    public async Task Sequences_grouped_in_the_database_match_the_rows_grouped_in_memory()
    {
        var random = new Random(4);
        var generated = new List<(string Id, double Step, string X, string Y, string Kind)>();
        for (int s = 0; s < 40; s++)
            for (int t = 0; t < 6; t++)
                generated.Add(($"s{s}", t * 0.5, $"{random.Next(100)}", Invariant($"{random.NextDouble():R}"), $"class{s % 3}"));
        var shuffled = generated.OrderBy(_ => random.Next()).ToList();
        string csv = "id,step,x,y,kind\n" + string.Concat(shuffled.Select(r => Invariant($"{r.Id},{r.Step:R},{r.X},{r.Y},{r.Kind}\n")));
        // Sequences in order of their first line, each sorted by step.
        var expected = shuffled.GroupBy(r => r.Id).Select(g => (g.Key, g.First().Kind, Steps: g.OrderBy(r => r.Step).ToList())).ToList();

        var response = await client.UploadAsync("/api/datasets/sequences-csv", [("file", "s.csv", Encoding.UTF8.GetBytes(csv))],
            ("name", "shuffled"), ("labelColumn", "kind"));
        var rows = await RowsOf(response);

        Assert.Equal(expected.Select(e => e.Key), rows.ItemIds);
        Assert.Equal(expected.Select(e => e.Kind), rows.Labels!);
        Assert.Equal(expected.SelectMany(e => e.Steps.SelectMany(r => new[] { Float(r.X), Float(r.Y) })), rows.Features.Values);
    }

    private static float Float(string cell) => float.Parse(cell, System.Globalization.CultureInfo.InvariantCulture);

    [Fact]
    public async Task A_repeated_id_found_by_the_database_is_reported_at_its_lines()
    {
        long before = await service.DatasetCountAsync();
        var csv = "id,a,label\nx,1,\"two\nlines\"\ny,2,p\nx,3,q\n";

        var response = await client.UploadAsync("/api/datasets", [("file", "d.csv", Encoding.UTF8.GetBytes(csv))],
            ("name", "dup"), ("idColumn", "id"), ("labelColumn", "label"));

        var problem = await response.ShouldBeProblem(HttpStatusCode.BadRequest);
        Assert.Equal("Line 5 (counting the header as line 1), column 'id': the id 'x' is already used on line 2. Ids must be unique.",
            problem["detail"]!.GetValue<string>());
        Assert.Equal(5, problem["line"]!.GetValue<long>());
        Assert.Equal(before, await service.DatasetCountAsync());
    }

    [Fact]
    public async Task A_client_that_goes_away_while_rows_are_copied_leaves_no_dataset()
    {
        long before = await service.DatasetCountAsync();
        var csv = new StringBuilder("a,b\n");
        while (csv.Length < ServiceFixture.MaxUploadBytes - 100_000) csv.Append("1.25,2.5\n");
        var form = new MultipartFormDataContent
        {
            { new ByteArrayContent(Encoding.UTF8.GetBytes(csv.ToString())), "file", "long.csv" },
            { new StringContent("abandoned"), "name" },
        };
        using var abort = new CancellationTokenSource();

        var upload = client.PostAsync("/api/datasets", form, abort.Token);
        // Rows are being written once the COPY shows in PostgreSQL; then the client goes away.
        int? copying = null;
        await WaitUntil(async () => (copying = await CopyingBackend()) is not null || upload.IsCompleted);
        Assert.False(upload.IsCompleted, "The upload finished before it could be abandoned; make the file longer.");
        await abort.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => upload);
        // Once the copying session has left its transaction, the dataset is either committed or rolled back.
        await WaitUntil(async () => !await InTransaction(copying!.Value));
        Assert.Equal(before, await service.DatasetCountAsync());
    }

    private async Task<T?> Query<T>(string sql, int? pid = null)
    {
        await using var connection = new Npgsql.NpgsqlConnection(service.ConnectionString);
        await connection.OpenAsync();
        await using var command = new Npgsql.NpgsqlCommand(sql, connection);
        command.Parameters.AddWithValue("pid", pid ?? 0);
        return (T?)await command.ExecuteScalarAsync();
    }

    private Task<int?> CopyingBackend() => Query<int?>("""
        SELECT pid FROM pg_stat_activity
        WHERE datname = current_database() AND state = 'active' AND query LIKE 'COPY dataset_rows%' LIMIT 1
        """);

    private async Task<bool> InTransaction(int pid) =>
        await Query<bool?>("SELECT xact_start IS NOT NULL FROM pg_stat_activity WHERE pid = @pid", pid) == true;

    private static async Task WaitUntil(Func<Task<bool>> condition)
    {
        for (int attempt = 0; attempt < 1200 && !await condition(); attempt++) await Task.Delay(50);
    }
}
