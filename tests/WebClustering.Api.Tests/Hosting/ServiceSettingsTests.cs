using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using WebClustering.Api.Hosting;
using WebClustering.Api.Hosting.Settings;
using WebClustering.Api.Tests.Infrastructure;

namespace WebClustering.Api.Tests.Hosting;

/// <summary>
/// An invalid setting stops start-up with a message naming its configuration key. The service is built as
/// Program builds it, on a database that does not exist: a start that got as far as the database would fail with
/// a different error, so these also show that settings are checked before the database is touched.
/// </summary>
public sealed class ServiceSettingsTests
{
    private const string NoDatabase = "Host=127.0.0.1;Database=wc_settings_never_created;Timeout=3";

    [Theory]
    [InlineData("WorkerCount", "0", "WebClustering:WorkerCount must be at least 1 (it is 0).")] // a zero count
    [InlineData("MaxAttempts", "-3", "WebClustering:MaxAttempts must be at least 1 (it is -3).")] // a negative count
    [InlineData("TrainingThreads", "0", "WebClustering:TrainingThreads must be at least 1 (it is 0).")]
    [InlineData("ModelCacheSize", "0", "WebClustering:ModelCacheSize must be at least 1 (it is 0).")]
    [InlineData("NeighbourListThreads", "0", "WebClustering:NeighbourListThreads must be at least 1 (it is 0).")]
    [InlineData("NeighbourListSize", "-1", "WebClustering:NeighbourListSize must be at least 0 (it is -1).")] // 0 turns it off; below is wrong
    [InlineData("BatchReadConcurrency", "-1", "WebClustering:BatchReadConcurrency must be at least 0 (it is -1).")]
    [InlineData("MaxUploadBytes", "0", "WebClustering:MaxUploadBytes must be at least 1 (it is 0).")] // a zero size
    [InlineData("MaxJsonBytes", "-1024", "WebClustering:MaxJsonBytes must be at least 1 (it is -1024).")]
    [InlineData("VectorCacheBytes", "0", "WebClustering:VectorCacheBytes must be at least 1 (it is 0).")]
    [InlineData("QueuePollInterval", "00:00:00", "WebClustering:QueuePollInterval must be longer than zero (it is 00:00:00).")] // an empty duration
    [InlineData("InvisibilityTimeout", "-00:05:00", "WebClustering:InvisibilityTimeout must be longer than zero (it is -00:05:00).")] // a negative one
    [InlineData("ShutdownTimeout", "00:00:00", "WebClustering:ShutdownTimeout must be longer than zero (it is 00:00:00).")]
    [InlineData("ProgressInterval", "00:00:00", "WebClustering:ProgressInterval must be longer than zero (it is 00:00:00).")]
    [InlineData("RetryDelay", "-00:00:01", "WebClustering:RetryDelay must be longer than zero (it is -00:00:01).")]
    [InlineData("CheckpointInterval", "-00:00:01", "WebClustering:CheckpointInterval must not be negative (it is -00:00:01).")] // zero turns it off
    [InlineData("CheckpointEvery", "-1", "WebClustering:CheckpointEvery must be at least 0 (it is -1).")]
    [InlineData("Roles", "0", "WebClustering:Roles must be Api, Worker or \"Api, Worker\" (it is 0).")] // no role at all
    public async Task An_invalid_setting_stops_start_up_with_a_message_naming_its_key(string setting, string value, string message)
    {
        var refused = Assert.IsType<OptionsValidationException>(await RefusedAsync(new() { [ServiceSettings.Key(setting)] = value }));
        Assert.Equal(new[] { message }, refused.Failures);
    }

    [Fact]
    public async Task Every_invalid_setting_is_named_at_once()
    {
        var refused = await RefusedAsync(new()
        {
            ["WebClustering:MaxAttempts"] = "0",
            ["WebClustering:RetryDelay"] = "00:00:00",
            ["WebClustering:ModelCacheSize"] = "0",
            ["WebClustering:MaxJsonBytes"] = "0",
        });
        Assert.Equal(
            [
                "WebClustering:MaxAttempts must be at least 1 (it is 0).", "WebClustering:MaxJsonBytes must be at least 1 (it is 0).",
                "WebClustering:ModelCacheSize must be at least 1 (it is 0).", "WebClustering:RetryDelay must be longer than zero (it is 00:00:00).",
            ],
            Failures(refused).Order());
        // As the process prints it when it stops.
        Assert.Contains("(WebClustering:ModelCacheSize must be at least 1 (it is 0).)", refused.Message);
    }

    [Fact]
    public async Task An_api_only_process_checks_the_worker_settings_too()
    {
        // One environment is often shared by every role: a bad value is reported by the first process that starts.
        var refused = await RefusedAsync(new() { ["WebClustering:Roles"] = "Api", ["WebClustering:ShutdownTimeout"] = "-00:00:05" });
        Assert.Equal(new[] { "WebClustering:ShutdownTimeout must be longer than zero (it is -00:00:05)." }, Failures(refused));
    }

    [Fact]
    public async Task Zero_where_zero_turns_something_off_is_accepted_and_threads_beyond_the_cores_are_capped()
    {
        await using var app = Build(new()
        {
            ["WebClustering:NeighbourListSize"] = "0",
            ["WebClustering:ApproximateSearchMinItems"] = "0",
            ["WebClustering:BatchReadConcurrency"] = "0",
            ["WebClustering:CheckpointEvery"] = "0",
            ["WebClustering:CheckpointInterval"] = "00:00:00",
            ["WebClustering:TrainingThreads"] = (Environment.ProcessorCount + 7).ToString(),
            ["WebClustering:MaxUploadBytes"] = "12345",
        });

        app.Services.GetRequiredService<IStartupValidator>().Validate(); // what the host runs as it starts (ValidateOnStart)

        Assert.Equal(0, app.Services.GetRequiredService<IOptions<ServingSettings>>().Value.NeighbourListSize);
        Assert.Equal(TimeSpan.Zero, app.Services.GetRequiredService<IOptions<JobRunSettings>>().Value.CheckpointInterval);
        Assert.Equal(Environment.ProcessorCount, app.Services.GetRequiredService<IOptions<WorkerSettings>>().Value.EffectiveTrainingThreads);
        // The registrations built from the settings (here the multipart limit) see the configured value.
        Assert.Equal(12345, app.Services.GetRequiredService<IOptions<FormOptions>>().Value.MultipartBodyLengthLimit);
    }

    [Fact]
    public async Task The_service_process_exits_at_start_with_the_message_when_a_setting_is_invalid()
    {
        var failed = await Assert.ThrowsAsync<InvalidOperationException>(() => ServiceProcess.StartAsync("invalid settings", NoDatabase,
            "Api, Worker", new Dictionary<string, string> { ["WebClustering__WorkerCount"] = "-2" }));

        Assert.Contains("exited", failed.Message);
        Assert.Contains("WebClustering:WorkerCount must be at least 1 (it is -2).", failed.Message);
        Assert.DoesNotContain("wc_settings_never_created", failed.Message); // it never tried the database
    }

    /// <summary>What stopped the start: one settings class's <see cref="OptionsValidationException"/>, or several in an AggregateException.</summary>
    private static async Task<Exception> RefusedAsync(Dictionary<string, string?> settings)
    {
        var refused = await Assert.ThrowsAnyAsync<Exception>(async () =>
        {
            await using var app = Build(settings);
            await app.PrepareDatabaseAsync();
        });
        Assert.All(refused is AggregateException all ? all.InnerExceptions : [refused], e => Assert.IsType<OptionsValidationException>(e));
        return refused;
    }

    private static IEnumerable<string> Failures(Exception refused) => refused is AggregateException all
        ? all.InnerExceptions.SelectMany(Failures)
        : ((OptionsValidationException)refused).Failures;

    private static WebApplication Build(Dictionary<string, string?> settings)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { EnvironmentName = Environments.Production });
        settings["ConnectionStrings:WebClustering"] = NoDatabase;
        builder.Configuration.AddInMemoryCollection(settings);
        builder.AddWebClustering();
        return builder.Build();
    }
}
