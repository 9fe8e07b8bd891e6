using System.Text.Json;
using WebClustering.Api.Hosting;

namespace WebClustering.Api.Progress;

/// <summary>An epoch finished. Sent as the SSE event <c>epoch</c>.</summary>
/// <param name="Loss">The epoch's mean training loss.</param>
/// <param name="Progress">Of the whole job, from 0 to 1 (training is 90% of it).</param>
/// <param name="ElapsedSeconds">Since the job (this attempt) started.</param>
/// <param name="RemainingSeconds">Estimated time left; null until there is progress to estimate from.</param>
public sealed record EpochEvent(int Epoch, int Epochs, double Loss, double Progress, double ElapsedSeconds, double? RemainingSeconds);

/// <summary>The job changed state. Sent as the SSE event <c>state</c>; a stream ends with a final one.</summary>
/// <param name="Attempt">The job's counted attempts so far (see the job's <c>attempts</c>).</param>
/// <param name="Run">Attempts started so far, hand-backs included: the latest attempt's number, which alone may write.</param>
/// <param name="ResumedFromEpoch">When running: the epoch of the checkpoint this attempt resumed from, absent when it started afresh.</param>
/// <param name="Worker">When running: the worker process of this attempt.</param>
public sealed record StateEvent(string State, double Progress, double? ElapsedSeconds, string? Error = null,
    int? Attempt = null, int? ResumedFromEpoch = null, string? Worker = null, int? Run = null);

public static class ProgressEventKinds
{
    public const string Epoch = "epoch";
    public const string State = "state";

    public static string ToJson<T>(T value) => JsonSerializer.Serialize(value, ApiJson.Options);
}

/// <summary>
/// The estimate of time left, shared by the events and the job status so both say the same: the time so far,
/// scaled by the share of the work still to do. Null before any progress or once the job is not running.
/// </summary>
public static class TimeLeft
{
    public static double? Estimate(DateTimeOffset? startedAt, double progress, DateTimeOffset now)
    {
        if (startedAt is not { } start || progress <= 0 || progress >= 1) return null;
        var elapsed = Math.Max(0, (now - start).TotalSeconds);
        return Math.Round(elapsed * (1 - progress) / progress, 1);
    }

    public static double? Elapsed(DateTimeOffset? startedAt, DateTimeOffset now) =>
        startedAt is { } start ? Math.Round(Math.Max(0, (now - start).TotalSeconds), 3) : null;
}
