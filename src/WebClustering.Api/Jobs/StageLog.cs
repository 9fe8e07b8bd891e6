using System.Diagnostics;

namespace WebClustering.Api.Jobs;

/// <summary>
/// Logs how long each stage of a job took and the worker process's peak resident memory so far (VmHWM on Linux), so
/// that an operator sees where a large job spends its time and memory (bench/streaming.sh reads these lines).
/// </summary>
public sealed class StageLog(ILogger logger, Guid jobId)
{
    private readonly Stopwatch clock = Stopwatch.StartNew();

    public void Done(string stage)
    {
        using var process = Process.GetCurrentProcess();
        logger.LogInformation("Job {JobId} stage {Stage} took {Seconds:F1} s; peak memory so far {PeakMegabytes} MB",
            jobId, stage, clock.Elapsed.TotalSeconds, process.PeakWorkingSet64 >> 20);
        clock.Restart();
    }
}
