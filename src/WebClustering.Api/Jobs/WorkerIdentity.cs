namespace WebClustering.Api.Jobs;

/// <summary>The name of this process as a worker: Hangfire's server name, and what a job records as the worker that ran it.</summary>
public static class WorkerIdentity
{
    public static readonly string Name = $"{Environment.MachineName}:{Environment.ProcessId}";
}
