namespace WebClustering.Api.Hosting.Settings;

/// <summary>The largest request bodies accepted (see <see cref="RequestLimits"/>).</summary>
public sealed class RequestLimitSettings : ICheckedSettings
{
    /// <summary>
    /// Largest accepted multipart request (an upload, its form fields included). Uploads are buffered on disk and
    /// streamed into the database, so this bounds disk and time, not memory.
    /// </summary>
    public long MaxUploadBytes { get; set; } = 2L << 30;

    /// <summary>Largest accepted JSON body, except on endpoints that carry data rows (they take uploads' limit).</summary>
    public long MaxJsonBytes { get; set; } = 1L << 20;

    public void Check(SettingChecks checks)
    {
        checks.AtLeast(nameof(MaxUploadBytes), MaxUploadBytes, 1);
        checks.AtLeast(nameof(MaxJsonBytes), MaxJsonBytes, 1);
    }
}
