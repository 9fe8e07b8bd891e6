using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;
using WebClustering.Storage.Tenants;

namespace WebClustering.Api.Tenants;

/// <summary>
/// Who an audit entry names. The admin key by a fingerprint (the first 8 hex digits of its SHA-256): entries made
/// before and after a key rotation tell the keys apart, and nothing in the log helps to guess the key. The command
/// line by the operating-system user and machine that ran it.
/// </summary>
public sealed class AdminActor(IOptions<AuthOptions> auth)
{
    private readonly string adminKey = $"admin-key:{Fingerprint(auth.Value.AdminKey)}";

    /// <summary>The entry for an admin request: the key's fingerprint and the client's address.</summary>
    public AuditEntry For(HttpContext context, string action, string? target = null, object? detail = null) =>
        new(adminKey, context.Connection.RemoteIpAddress?.ToString(), action, target, Json(detail));

    /// <summary>The entry for a command of <see cref="KeysCommand"/>.</summary>
    public static AuditEntry CommandLine(string action) =>
        new($"command-line:{Environment.UserName}@{Environment.MachineName}", null, action, null);

    public static string? Json(object? detail) => detail is null ? null : System.Text.Json.JsonSerializer.Serialize(detail, Hosting.ApiJson.Options);

    private static string Fingerprint(string? key) =>
        string.IsNullOrEmpty(key) ? "none" : Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(key)))[..8];
}
