namespace WebClustering.Api.Tenants;

/// <summary>Bound from "WebClustering:Auth". The defaults are the production ones: every API request needs a key.</summary>
public sealed class AuthOptions
{
    public const string Section = "WebClustering:Auth";

    /// <summary>Shortest admin key accepted at start-up: a guessable admin key would open every tenant's keys.</summary>
    public const int MinAdminKeyLength = 16;

    /// <summary>
    /// The key that creates and revokes tenants' keys (/api/admin) and opens the Hangfire dashboard. Unset: the admin
    /// endpoints refuse every request and keys are managed with the command line only.
    /// </summary>
    public string? AdminKey { get; set; }

    /// <summary>Keyless API requests act as the built-in default tenant. For development only: on in the Development environment unless set.</summary>
    public bool AllowAnonymous { get; set; }

    /// <summary>How long a looked-up key is trusted without asking the database again (a revocation made by another process takes up to this long).</summary>
    public TimeSpan KeyCacheDuration { get; set; } = TimeSpan.FromSeconds(10);

    public KeyRateLimit RateLimit { get; set; } = new();
}

/// <summary>A token bucket per API key: bursts up to <see cref="TokenLimit"/>, refilled by <see cref="TokensPerPeriod"/> every period.</summary>
public sealed class KeyRateLimit
{
    public int TokenLimit { get; set; } = 2000;
    public int TokensPerPeriod { get; set; } = 1000;
    public TimeSpan ReplenishmentPeriod { get; set; } = TimeSpan.FromSeconds(1);
}
