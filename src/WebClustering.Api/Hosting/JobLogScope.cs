using Hangfire;
using Hangfire.Common;
using Hangfire.Server;
using Hangfire.States;
using WebClustering.Api.Jobs;

namespace WebClustering.Api.Hosting;

/// <summary>
/// Opens a logging scope with the training job's <c>JobId</c> around Hangfire's own handling of the job, so that
/// Hangfire's lines about it (a failure, a retry) carry the id like the job's own lines do. The scope opens before the
/// job runs and closes once Hangfire has chosen the job's next state (its retry filter logs there): Hangfire calls
/// these filters one after another on the worker's own thread.
/// </summary>
internal sealed class JobLogScope(ILoggerFactory loggers) : IServerFilter, IElectStateFilter
{
    // After every other filter, so that the retry filter's election (and its log line) happens inside the scope.
    private const int Order = 1000;

    private readonly ILogger logger = loggers.CreateLogger("Hangfire.JobScope");
    private readonly ThreadLocal<(string BackgroundJobId, IDisposable Scope)?> open = new();

    /// <summary>Hangfire's filters with this one added, for the worker of this host only (no process-wide registration).</summary>
    public static IServiceCollection AddJobLogScope(IServiceCollection services) =>
        services.AddSingleton<IJobFilterProvider>(provider => new JobFilterProviderCollection(
            JobFilterProviders.Providers, new Provider(new JobLogScope(provider.GetRequiredService<ILoggerFactory>()))));

    public void OnPerforming(PerformingContext context)
    {
        Close(); // one left by a job that was deleted while it ran
        if (context.BackgroundJob.Job?.Type != typeof(TrainingJob) || context.BackgroundJob.Job.Args is not [Guid jobId, ..]) return;
        var scope = logger.BeginScope(new Dictionary<string, object> { ["JobId"] = jobId, ["HangfireJobId"] = context.BackgroundJob.Id });
        if (scope is not null) open.Value = (context.BackgroundJob.Id, scope);
    }

    public void OnPerformed(PerformedContext context) { }

    public void OnStateElection(ElectStateContext context)
    {
        if (open.Value is { } current && current.BackgroundJobId == context.BackgroundJob.Id && context.CandidateState is not ProcessingState)
            Close();
    }

    private void Close()
    {
        open.Value?.Scope.Dispose();
        open.Value = null;
    }

    private sealed class Provider(JobLogScope filter) : IJobFilterProvider
    {
        public IEnumerable<JobFilter> GetFilters(Job job) => [new JobFilter(filter, JobFilterScope.Global, Order)];
    }
}
