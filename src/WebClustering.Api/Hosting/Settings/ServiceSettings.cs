using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace WebClustering.Api.Hosting.Settings;

/// <summary>
/// The "WebClustering" configuration section, bound to one settings class per concern (<see cref="RoleSettings"/>,
/// <see cref="WorkerSettings"/>, <see cref="RequestLimitSettings"/>, <see cref="ServingSettings"/>,
/// <see cref="JobRunSettings"/>); every class reads its keys from the section itself, so the keys stay
/// <c>WebClustering:WorkerCount</c> and so on. An invalid value stops start-up with an
/// <see cref="OptionsValidationException"/> naming its key, rather than being clamped where it is used.
/// </summary>
public static class ServiceSettings
{
    public const string Section = "WebClustering";

    /// <summary>The configuration key of a setting (<c>WebClustering:WorkerCount</c>; <c>WebClustering__WorkerCount</c> in the environment).</summary>
    public static string Key(string name) => $"{Section}:{name}";

    /// <summary>
    /// Binds every settings class to the section, with its checks run when the host starts (<c>ValidateOnStart</c>),
    /// and runs them now as well: some settings are read while the host is being built (the roles, Hangfire's
    /// server, Kestrel's body limit), and the operator should see every invalid value at once, before anything starts.
    /// </summary>
    public static IServiceCollection AddServiceSettings(this IServiceCollection services, IConfiguration configuration)
    {
        var invalid = new List<OptionsValidationException>();
        Add<RoleSettings>(services, configuration, invalid);
        Add<WorkerSettings>(services, configuration, invalid);
        Add<RequestLimitSettings>(services, configuration, invalid);
        Add<ServingSettings>(services, configuration, invalid);
        Add<JobRunSettings>(services, configuration, invalid);
        Add<QuotaSettings>(services, configuration, invalid);
        Add<MetricsSettings>(services, configuration, invalid);
        if (invalid.Count == 1) throw invalid[0];
        if (invalid.Count > 1) throw new AggregateException("Invalid settings", invalid);
        return services;
    }

    /// <summary>Settings needed before there is a service provider (checked by <see cref="AddServiceSettings"/>).</summary>
    public static T Read<T>(IConfiguration configuration) where T : class, new() =>
        configuration.GetSection(Section).Get<T>() ?? new T();

    private static void Add<T>(IServiceCollection services, IConfiguration configuration, List<OptionsValidationException> invalid)
        where T : class, ICheckedSettings, new()
    {
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<T>, SettingsValidator<T>>());
        services.AddOptions<T>().Bind(configuration.GetSection(Section)).ValidateOnStart();
        var result = new SettingsValidator<T>().Validate(Options.DefaultName, Read<T>(configuration));
        if (result.Failed) invalid.Add(new OptionsValidationException(Options.DefaultName, typeof(T), result.Failures));
    }
}
