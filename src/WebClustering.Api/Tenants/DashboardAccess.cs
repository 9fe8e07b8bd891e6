using System.Net;
using System.Security.Claims;
using System.Text;
using Hangfire.Dashboard;

namespace WebClustering.Api.Tenants;

/// <summary>
/// Who may open the Hangfire dashboard (it shows every tenant's jobs): whoever presents the admin key, as the
/// password of HTTP Basic authentication (the user name is ignored; browsers ask for it by themselves) or in
/// X-Api-Key / Authorization: Bearer. In Development, local requests also get in without a key, as before.
/// </summary>
public sealed class DashboardAccess(string? adminKey, bool development) : IDashboardAuthorizationFilter
{
    public bool Authorize(DashboardContext context)
    {
        var http = context.GetHttpContext();
        if (development && IsLocal(http.Connection)) return true;
        if (ApiKeys.IsAdminKey(adminKey, ApiKeys.Read(http.Request) ?? BasicPassword(http.Request))) return true;

        // Hangfire answers 403 to a request the API authenticated (a tenant's key, or anonymous mode) and 401 to
        // others; only a 401 with a Basic challenge makes a browser ask for the key, so every refusal is made one.
        http.User = new ClaimsPrincipal(new ClaimsIdentity());
        http.Response.Headers.WWWAuthenticate = "Basic realm=\"WebClustering Hangfire dashboard (the password is the admin key)\", charset=\"UTF-8\"";
        return false;
    }

    private static string? BasicPassword(HttpRequest request)
    {
        var header = request.Headers.Authorization.ToString();
        if (!header.StartsWith("Basic ", StringComparison.OrdinalIgnoreCase)) return null;
        try
        {
            var credentials = Encoding.UTF8.GetString(Convert.FromBase64String(header["Basic ".Length..].Trim()));
            var colon = credentials.IndexOf(':');
            return colon < 0 ? null : credentials[(colon + 1)..];
        }
        catch (FormatException)
        {
            return null;
        }
    }

    // Hangfire's LocalRequestsOnlyAuthorizationFilter's rule.
    private static bool IsLocal(ConnectionInfo connection) =>
        connection.RemoteIpAddress is { } remote
        && (IPAddress.IsLoopback(remote) || remote.Equals(connection.LocalIpAddress));
}
