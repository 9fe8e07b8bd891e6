namespace WebClustering.Api.Hosting.Settings;

/// <summary>What a process does: serve the HTTP API, run training workers, or both (the default).</summary>
[Flags]
public enum ServiceRoles
{
    Api = 1,
    Worker = 2,
}

/// <summary>WebClustering:Roles. Read when services are registered: a process without the worker role gets no Hangfire server.</summary>
public sealed class RoleSettings : ICheckedSettings
{
    public ServiceRoles Roles { get; set; } = ServiceRoles.Api | ServiceRoles.Worker;

    public void Check(SettingChecks checks)
    {
        if (Roles == 0 || (Roles & ~(ServiceRoles.Api | ServiceRoles.Worker)) != 0)
            checks.Fail(nameof(Roles), $"must be Api, Worker or \"Api, Worker\" (it is {Roles}).");
    }
}
