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

    /// <summary>How long after a worker dies its job is handed to another worker (sliding, so long jobs are kept).</summary>
    public TimeSpan InvisibilityTimeout { get; set; } = TimeSpan.FromMinutes(5);

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
    }
}
