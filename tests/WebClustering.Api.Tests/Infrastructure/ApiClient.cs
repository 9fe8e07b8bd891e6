using System.Globalization;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using WebClustering.Api.Datasets;
using WebClustering.Api.Jobs;

namespace WebClustering.Api.Tests.Infrastructure;

/// <summary>What a client of the HTTP API does, written once for the tests.</summary>
public static class ApiClient
{
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public static Task<HttpResponseMessage> UploadCsvAsync(this HttpClient client, string csv, string name = "test",
        string? idColumn = null, string? labelColumn = null)
    {
        var form = new MultipartFormDataContent
        {
            { new ByteArrayContent(Encoding.UTF8.GetBytes(csv)), "file", "data.csv" },
            { new StringContent(name), "name" },
        };
        if (idColumn is not null) form.Add(new StringContent(idColumn), "idColumn");
        if (labelColumn is not null) form.Add(new StringContent(labelColumn), "labelColumn");
        return client.PostAsync("/api/datasets", form);
    }

    public static async Task<DatasetResponse> CreateDatasetAsync(this HttpClient client, string csv, string? idColumn = null, string? labelColumn = null)
    {
        var response = await client.UploadCsvAsync(csv, idColumn: idColumn, labelColumn: labelColumn);
        await response.ShouldHaveStatus(System.Net.HttpStatusCode.Created);
        return (await response.Content.ReadFromJsonAsync<DatasetResponse>(Json))!;
    }

    public static Task<HttpResponseMessage> PostJobAsync(this HttpClient client, object request) =>
        client.PostAsJsonAsync("/api/jobs", request, Json);

    public static async Task<JobResponse> WaitForJobAsync(this HttpClient client, Guid id, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            var job = (await client.GetFromJsonAsync<JobResponse>($"/api/jobs/{id}", Json))!;
            if (job.State is "succeeded" or "failed" or "cancelled") return job;
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"Job {id} still {job.State} after {timeout}.");
            await Task.Delay(200);
        }
    }

    public static async Task ShouldHaveStatus(this HttpResponseMessage response, System.Net.HttpStatusCode expected)
    {
        if (response.StatusCode != expected)
            Assert.Fail($"Expected {(int)expected} but got {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
    }

    /// <summary>Asserts a ProblemDetails response with the status and returns its JSON for further checks.</summary>
    public static async Task<JsonObject> ShouldBeProblem(this HttpResponseMessage response, System.Net.HttpStatusCode expected)
    {
        await response.ShouldHaveStatus(expected);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        return JsonNode.Parse(await response.Content.ReadAsStringAsync())!.AsObject();
    }

    public static string F(double value) => value.ToString("R", CultureInfo.InvariantCulture);
}
