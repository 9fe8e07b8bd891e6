using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;

namespace WebClustering.Api.Tenants;

/// <summary>
/// API keys: 32 random bytes (256 bits) in URL-safe Base64 behind a recognisable "wck_" marker. With that much
/// entropy a plain SHA-256 is a safe thing to store (a slow password hash guards guessable secrets, which these are
/// not), and it lets a key be found by its hash in one indexed lookup.
/// </summary>
public static class ApiKeys
{
    public const string Header = "X-Api-Key";
    public const string Marker = "wck_";

    /// <summary>Characters kept in clear to tell keys apart: the marker and 8 of the random ones.</summary>
    public const int PrefixLength = 12;

    /// <summary>Longer values are not keys; refusing them early keeps hashing cheap.</summary>
    private const int MaxLength = 256;

    public static string Generate() => Marker + Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(32));

    public static byte[] Hash(string key) => SHA256.HashData(Encoding.UTF8.GetBytes(key));

    public static string PrefixOf(string key) => key[..Math.Min(PrefixLength, key.Length)];

    /// <summary>The key a request carries in X-Api-Key or as an Authorization bearer token; null when it carries none.</summary>
    public static string? Read(HttpRequest request)
    {
        var header = request.Headers[Header].ToString();
        if (header.Length == 0)
        {
            var authorization = request.Headers.Authorization.ToString();
            if (authorization.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase)) header = authorization["Bearer ".Length..];
        }
        header = header.Trim();
        return header.Length == 0 ? null : header;
    }

    public static bool IsPlausible(string key) => key.Length <= MaxLength;

    /// <summary>Compares with the configured admin key in constant time; false when none is configured.</summary>
    public static bool IsAdminKey(string? configured, string? presented)
    {
        if (string.IsNullOrEmpty(configured) || string.IsNullOrEmpty(presented) || !IsPlausible(presented)) return false;
        return CryptographicOperations.FixedTimeEquals(Hash(configured), Hash(presented));
    }
}
