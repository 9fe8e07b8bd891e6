namespace WebClustering.Api.Hosting.Settings;

/// <summary>Training workers: how many, their threads, and Hangfire's timing (queue polling, hand-over, shutdown).</summary>
public sealed class WorkerSettings : ICheckedSettings
{
    /// <summary>Concurrent trainings per worker process. Training uses every core it is given, so one is usually right.</summary>
    public int WorkerCount { get; set; } = 1;

    /// <summary>libtorch intra-op threads; capped at the core count so the Hangfire heartbeat is not starved.</summary>
    public int TrainingThreads { get; set; } = Environment.ProcessorCount;

    /// <summary>How often idle workers look for queued jobs.</summary>
    public TimeSpan QueuePollInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>
    /// Hangfire's last resort: how long a job fetched by a worker stays hidden from others without being kept alive
    /// (sliding, so long jobs are kept). A dead worker's job is normally taken over much sooner (DeadWorkerTimeout).
    /// </summary>
    public TimeSpan InvisibilityTimeout { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>How often a worker process records that it is alive (Hangfire's server heartbeat).</summary>
    public TimeSpan HeartbeatInterval { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>A worker whose heartbeat is older than this is dead: its job goes to another worker.</summary>
    public TimeSpan DeadWorkerTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How often each worker process looks for jobs held by dead workers.</summary>
    public TimeSpan DeadWorkerCheckInterval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>How long a stopping worker gives its job to save a checkpoint and hand itself back (the host waits 5 s more).</summary>
    public TimeSpan ShutdownTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>The libtorch threads to use: more than the cores would only starve the heartbeat (a policy cap, not an error).</summary>
    public int EffectiveTrainingThreads => Math.Min(TrainingThreads, Environment.ProcessorCount);

    public void Check(SettingChecks checks)
    {
        checks.AtLeast(nameof(WorkerCount), WorkerCount, 1);
        checks.AtLeast(nameof(TrainingThreads), TrainingThreads, 1);
        checks.Positive(nameof(QueuePollInterval), QueuePollInterval);
        checks.Positive(nameof(InvisibilityTimeout), InvisibilityTimeout);
        checks.Positive(nameof(ShutdownTimeout), ShutdownTimeout);
        checks.Positive(nameof(HeartbeatInterval), HeartbeatInterval);
        checks.Positive(nameof(DeadWorkerCheckInterval), DeadWorkerCheckInterval);
        // One late heartbeat (a busy database) must not make a live worker look dead.
        if (DeadWorkerTimeout < 2 * HeartbeatInterval)
            checks.Fail(nameof(DeadWorkerTimeout), $"must be at least twice {ServiceSettings.Key(nameof(HeartbeatInterval))} ({2 * HeartbeatInterval:c}; it is {DeadWorkerTimeout:c}).");
    }
}
