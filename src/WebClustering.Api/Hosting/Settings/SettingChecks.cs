using Microsoft.Extensions.Options;

namespace WebClustering.Api.Hosting.Settings;

/// <summary>A settings class of the "WebClustering" section that says which of its values are invalid.</summary>
public interface ICheckedSettings
{
    void Check(SettingChecks checks);
}

/// <summary>
/// Collects what is wrong with a settings class, each failure naming the setting by its configuration key
/// (<c>WebClustering:WorkerCount must be at least 1 (it is 0).</c>), so that the message tells an operator what to change.
/// </summary>
public sealed class SettingChecks
{
    private readonly List<string> failures = [];

    public IReadOnlyList<string> Failures => failures;

    public void AtLeast(string name, long value, long least)
    {
        if (value < least) failures.Add($"{ServiceSettings.Key(name)} must be at least {least} (it is {value}).");
    }

    /// <summary>A duration that something waits or repeats by: zero would spin, a negative one is meaningless.</summary>
    public void Positive(string name, TimeSpan value)
    {
        if (value <= TimeSpan.Zero) failures.Add($"{ServiceSettings.Key(name)} must be longer than zero (it is {value:c}).");
    }

    /// <summary>A duration where zero has a meaning of its own (turns something off).</summary>
    public void NotNegative(string name, TimeSpan value)
    {
        if (value < TimeSpan.Zero) failures.Add($"{ServiceSettings.Key(name)} must not be negative (it is {value:c}).");
    }

    public void Fail(string name, string rule) => failures.Add($"{ServiceSettings.Key(name)} {rule}");
}

/// <summary>Runs a settings class's own checks for the options system (at start-up, see <see cref="ServiceSettings"/>).</summary>
internal sealed class SettingsValidator<T> : IValidateOptions<T> where T : class, ICheckedSettings
{
    public ValidateOptionsResult Validate(string? name, T options)
    {
        var checks = new SettingChecks();
        options.Check(checks);
        return checks.Failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(checks.Failures);
    }
}
