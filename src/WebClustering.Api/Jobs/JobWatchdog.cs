using System.Diagnostics;
using Microsoft.Extensions.Options;
using WebClustering.Api.Hosting.Settings;
using WebClustering.Storage;
using WebClustering.Storage.Jobs;

namespace WebClustering.Api.Jobs;

/// <summary>
/// Finds the jobs nobody would run. Mainly: hands a dead worker's job to another worker without waiting for Hangfire's
/// invisibility timeout. Every worker process runs one: every DeadWorkerCheckInterval it reads the jobs held in
/// Hangfire's queue and releases those
/// whose worker is dead, so the next idle worker fetches the job, and its start takes the job over under a new fence
/// (the dead attempt, if it was only cut off, can then write nothing more). A worker is dead when its process is
/// gone (it ran on this machine) or its Hangfire server has not sent a heartbeat for DeadWorkerTimeout. Also: deletes
/// a job whose POST failed after its insert (the database went away before Hangfire had it) and could not delete it.
/// </summary>
public sealed class JobWatchdog(WorkerLeases leases, JobStore jobs, IOptions<WorkerSettings> options, ILogger<JobWatchdog> logger)
    : BackgroundService
{
    // A fetch younger than this belongs to a worker that is about to record itself on the job: leave it alone.
    private static readonly TimeSpan FreshFetch = TimeSpan.FromSeconds(5);

    // Heartbeats are judged only after this process has reached the database for a whole DeadWorkerTimeout: after
    // an outage (or its own start) every worker's heartbeat looks old until they have all written one again.
    private DateTimeOffset trustHeartbeatsFrom = DateTimeOffset.MaxValue;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var settings = options.Value;
        trustHeartbeatsFrom = DateTimeOffset.UtcNow + settings.DeadWorkerTimeout;
        using var timer = new PeriodicTimer(settings.DeadWorkerCheckInterval);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                try
                {
                    await CheckAsync(settings, stoppingToken);
                }
                catch (Exception exception) when (TransientFaults.IsTransient(exception) || exception is Npgsql.PostgresException)
                {
                    // The database is away (or Hangfire has not made its tables yet): look again later.
                    trustHeartbeatsFrom = DateTimeOffset.UtcNow + settings.DeadWorkerTimeout;
                    logger.LogDebug(exception, "Could not look for dead workers");
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    private async Task CheckAsync(WorkerSettings settings, CancellationToken cancellationToken)
    {
        if (await jobs.DeleteNeverQueuedAsync(null, TimeSpan.FromMinutes(1), cancellationToken) is > 0 and var deleted)
            logger.LogWarning("Deleted {Count} jobs whose POST failed before Hangfire had them", deleted);
        foreach (var lease in await leases.HeldAsync(FreshFetch, cancellationToken))
        {
            if (lease.Worker == WorkerIdentity.Name || WhyDead(lease, settings) is not { } reason) continue;
            if (await leases.ReleaseAsync(lease, cancellationToken))
                logger.LogWarning("Worker {Worker} of job {JobId} is dead ({Reason}); the job goes to another worker", lease.Worker, lease.JobId, reason);
        }
    }

    private string? WhyDead(WorkerLease lease, WorkerSettings settings)
    {
        if (ProcessGone(lease.Worker)) return "its process is gone";
        if (DateTimeOffset.UtcNow < trustHeartbeatsFrom) return null;
        return lease.HeartbeatAge switch
        {
            null => "it has no Hangfire server any more",
            { } age when age > settings.DeadWorkerTimeout => $"no heartbeat for {age.TotalSeconds:0} s",
            _ => null,
        };
    }

    /// <summary>Only for workers of this machine (a worker's name is host:pid); elsewhere the heartbeat decides.</summary>
    private static bool ProcessGone(string worker)
    {
        int colon = worker.LastIndexOf(':');
        if (colon <= 0 || worker[..colon] != Environment.MachineName || !int.TryParse(worker[(colon + 1)..], out int pid)) return false;
        try
        {
            using var process = Process.GetProcessById(pid);
            return process.HasExited;
        }
        catch (ArgumentException)
        {
            return true;
        }
    }
}
