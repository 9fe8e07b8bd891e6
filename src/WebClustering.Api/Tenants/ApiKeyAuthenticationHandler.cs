using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;

namespace WebClustering.Api.Tenants;

/// <summary>
/// Authenticates a request by its API key (X-Api-Key, or Authorization: Bearer): the admin key, a tenant's key, or
/// in anonymous mode no key at all (the default tenant). Refusals are ProblemDetails that say what was wrong.
/// </summary>
public sealed class ApiKeyAuthenticationHandler(IOptionsMonitor<AuthenticationSchemeOptions> schemeOptions, ILoggerFactory logger,
    UrlEncoder encoder, ApiKeyResolver keys, IOptions<AuthOptions> auth)
    : AuthenticationHandler<AuthenticationSchemeOptions>(schemeOptions, logger, encoder)
{
    public const string SchemeName = "ApiKey";

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var key = ApiKeys.Read(Request);
        if (key is null)
            return auth.Value.AllowAnonymous ? Success(TenantClaims.Anonymous()) : AuthenticateResult.NoResult();
        if (ApiKeys.IsAdminKey(auth.Value.AdminKey, key)) return Success(TenantClaims.Admin());
        if (!ApiKeys.IsPlausible(key)) return AuthenticateResult.Fail("The API key is not valid.");
        var owner = await keys.FindAsync(key, Context.RequestAborted);
        if (owner is null) return AuthenticateResult.Fail("The API key is not valid.");
        if (owner.Revoked) return AuthenticateResult.Fail("The API key has been revoked.");
        return Success(TenantClaims.ForKey(owner));
    }

    protected override async Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        var result = await HandleAuthenticateOnceSafeAsync();
        Response.Headers.WWWAuthenticate = new[] { $"{SchemeName} header=\"{ApiKeys.Header}\"", "Bearer" };
        var title = result.Failure?.Message ?? "An API key is required.";
        await TypedResults.Problem(statusCode: StatusCodes.Status401Unauthorized, title: title,
            detail: $"Send a key in the {ApiKeys.Header} header (or as Authorization: Bearer <key>). An administrator creates keys (see the README).")
            .ExecuteAsync(Context);
    }

    protected override Task HandleForbiddenAsync(AuthenticationProperties properties)
    {
        var admin = Context.User.IsInRole(TenantClaims.AdminRole);
        return TypedResults.Problem(statusCode: StatusCodes.Status403Forbidden,
            title: admin ? "The admin key belongs to no tenant." : "This endpoint needs the admin key.",
            detail: admin
                ? "The admin key manages tenants and keys under /api/admin; call this endpoint with a tenant's key."
                : "Tenants' keys cannot manage tenants or keys; send the admin key.")
            .ExecuteAsync(Context);
    }

    private static AuthenticateResult Success(System.Security.Claims.ClaimsPrincipal principal) =>
        AuthenticateResult.Success(new AuthenticationTicket(principal, SchemeName));
}
