using Microsoft.AspNetCore.Authentication;
using Microsoft.OpenApi;

namespace WebClustering.Api.Tenants;

/// <summary>Tenants and API keys in the service: authentication, the two policies, rate limits and the tenant gate.</summary>
public static class TenancySetup
{
    public const string TenantPolicy = "tenant";
    public const string AdminPolicy = "admin";

    public static IServiceCollection AddWebClusteringTenants(this IServiceCollection services, IConfiguration configuration,
        IHostEnvironment environment)
    {
        var section = configuration.GetSection(AuthOptions.Section);
        services.Configure<AuthOptions>(section);
        // Development is anonymous unless told otherwise, also where appsettings.Development.json is not found (a
        // process started from another directory than the binaries').
        if (environment.IsDevelopment() && section[nameof(AuthOptions.AllowAnonymous)] is null)
            services.PostConfigure<AuthOptions>(options => options.AllowAnonymous = true);
        var adminKey = section.Get<AuthOptions>()?.AdminKey;
        if (!string.IsNullOrEmpty(adminKey) && adminKey.Trim().Length < AuthOptions.MinAdminKeyLength)
            throw new InvalidOperationException(
                $"WebClustering:Auth:AdminKey must have at least {AuthOptions.MinAdminKeyLength} characters; use a long random value.");

        services.AddSingleton<ApiKeyResolver>();
        services.AddSingleton<TenantOwnership>();
        services.AddSingleton<TenantKeys>();
        services.AddSingleton<AdminActor>();
        services.AddSingleton<Quotas.TenantQuotas>();
        services.AddAuthentication(ApiKeyAuthenticationHandler.SchemeName)
            .AddScheme<AuthenticationSchemeOptions, ApiKeyAuthenticationHandler>(ApiKeyAuthenticationHandler.SchemeName, null);
        services.AddAuthorizationBuilder()
            .AddPolicy(TenantPolicy, policy => policy.RequireClaim(TenantClaims.Tenant))
            .AddPolicy(AdminPolicy, policy => policy.RequireRole(TenantClaims.AdminRole));
        services.AddKeyRateLimits();
        services.ConfigureSwaggerGen(options =>
        {
            // Swagger UI's Authorize button then sends the key with every request it makes.
            options.AddSecurityDefinition(ApiKeyAuthenticationHandler.SchemeName, new OpenApiSecurityScheme
            {
                Type = SecuritySchemeType.ApiKey,
                In = ParameterLocation.Header,
                Name = ApiKeys.Header,
                Description = "A tenant's API key (or the admin key for /api/admin). Not needed in anonymous (development) mode.",
            });
            options.AddSecurityRequirement(document => new OpenApiSecurityRequirement
            {
                [new OpenApiSecuritySchemeReference(ApiKeyAuthenticationHandler.SchemeName, document)] = [],
            });
        });
        return services;
    }

    /// <summary>Authentication, rate limits, authorization, the tenant gate and the quota gate, in that order, then the admin endpoints.</summary>
    public static WebApplication UseWebClusteringTenants(this WebApplication app)
    {
        app.UseAuthentication();
        app.UseRateLimiter();
        app.UseAuthorization();
        app.UseMiddleware<TenantGate>();
        app.UseMiddleware<Quotas.QuotaGate>();
        app.MapAdminApi();
        return app;
    }

    /// <summary>Every endpoint of the group needs a tenant (a tenant's key, or anonymous mode) and is rate-limited per key.</summary>
    public static RouteGroupBuilder ForTenants(this RouteGroupBuilder group) =>
        group.RequireAuthorization(TenantPolicy).RequireRateLimiting(KeyRateLimits.Policy);
}
