using System.Text.Json;
using WebClustering.Api.Hosting;
using WebClustering.Api.Jobs;
using WebClustering.Api.Jobs.Planning;
using WebClustering.Api.OpenApi;
using WebClustering.Storage.Datasets;

namespace WebClustering.Api.Tests.Jobs;

/// <summary>The Swagger examples must be accepted as they are by a dataset of the kind each is meant for.</summary>
public sealed class JobExampleTests
{
    public static TheoryData<string> Names => [.. JobExamples.All.Select(e => e.Name)];

    [Theory]
    [MemberData(nameof(Names))]
    public void Every_swagger_job_example_is_a_valid_configuration_for_its_kind_of_dataset(string name)
    {
        var json = JobExamples.All.Single(e => e.Name == name).Json;
        var request = JsonSerializer.Deserialize<CreateJobRequest>(json, ApiJson.Options)!;
        var (kind, shape) = request.Model?.Kind switch
        {
            "conv" or "vae" => ("images", new[] { 1, 28, 28 }),
            "sequence" => ("sequences", new[] { 50, 1 }),
            _ => ("table", new[] { 20 }),
        };
        var dataset = new DatasetRecord(request.DatasetId, "d", 1000, [], null, null, DateTimeOffset.UtcNow, kind, shape);

        var (configuration, choices) = JobPlanner.Resolve(request, dataset);
        var errors = JobConfigurationValidator.Validate(new JobPlan(configuration, choices, kind, shape), dataset, request.DatasetId);

        Assert.True(errors.Count == 0, string.Join("; ", errors.Select(e => $"{e.Key}: {string.Join(" ", e.Value)}")));
    }
}
