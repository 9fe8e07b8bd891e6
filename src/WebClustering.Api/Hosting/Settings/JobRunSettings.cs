namespace WebClustering.Api.Hosting.Settings;

/// <summary>How a running job reports progress, saves checkpoints and is tried again after a fault.</summary>
public sealed class JobRunSettings : ICheckedSettings
{
    /// <summary>Smallest interval between two progress writes of one job (also how often event streams look for new events, at most 1 s).</summary>
    public TimeSpan ProgressInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>A running job saves a checkpoint every this many epochs (0: none by count); a job's training.checkpointEvery overrides it.</summary>
    public int CheckpointEvery { get; set; } = 5;

    /// <summary>...and whenever this much time has passed since its last one, even mid-epoch (zero: none by time).</summary>
    public TimeSpan CheckpointInterval { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>Attempts a job gets in all (a transient fault, a dead worker or a shutdown each end one) before it fails.</summary>
    public int MaxAttempts { get; set; } = 5;

    /// <summary>The wait before trying again after a transient fault; doubled after each, at most a minute.</summary>
    public TimeSpan RetryDelay { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// A job whose dataset's features take more than this many megabytes (rows x values x 4 bytes) streams them from
    /// PostgreSQL a range at a time instead of reading them whole (0: every job streams).
    /// </summary>
    public int StreamAboveMegabytes { get; set; } = 256;

    public void Check(SettingChecks checks)
    {
        checks.AtLeast(nameof(StreamAboveMegabytes), StreamAboveMegabytes, 0);
        checks.Positive(nameof(ProgressInterval), ProgressInterval);
        checks.AtLeast(nameof(CheckpointEvery), CheckpointEvery, 0);
        checks.NotNegative(nameof(CheckpointInterval), CheckpointInterval);
        checks.AtLeast(nameof(MaxAttempts), MaxAttempts, 1);
        checks.Positive(nameof(RetryDelay), RetryDelay);
    }
}
