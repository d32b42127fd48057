using System.IO.Hashing;
using System.Security.Cryptography;
using System.Text;

namespace Closient.ServiceDefaults.Auth;

/// <summary>
/// API keys: <c>&lt;csb|csu|cpk&gt;_&lt;32 alphanumerics&gt;_&lt;crc32(body) as 8 lowercase hex&gt;</c>
/// (spec/conventions.md §2.1). The checksum lets the gateway reject typos and garbage without a
/// lookup; only the SHA-256 <see cref="Hash"/> of a key is ever stored.
/// </summary>
public static class ApiKeyFormat
{
    public const string Business = "csb", User = "csu", Publishable = "cpk";
    public const int BodyLength = 32;
    const string Alphanumerics = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";

    /// <summary>A new random key of the given type.</summary>
    public static string Generate(string type)
    {
        if (type is not (Business or User or Publishable)) throw new ArgumentException($"Unknown key type '{type}'.");
        var body = RandomNumberGenerator.GetString(Alphanumerics, BodyLength);
        return $"{type}_{body}_{Checksum(body)}";
    }

    /// <summary>True when <paramref name="key"/> is well formed with a correct checksum; <paramref name="type"/> is its prefix.</summary>
    public static bool TryParse(string? key, out string type)
    {
        type = "";
        if (key is null || key.Length != 3 + 1 + BodyLength + 1 + 8) return false;
        var parts = key.Split('_');
        if (parts.Length != 3 || parts[0] is not (Business or User or Publishable)) return false;
        if (parts[1].Length != BodyLength || !parts[1].All(char.IsAsciiLetterOrDigit)) return false;
        if (!string.Equals(parts[2], Checksum(parts[1]), StringComparison.Ordinal)) return false;
        type = parts[0];
        return true;
    }

    /// <summary>CRC-32 of the UTF-8 body as 8 lowercase hex digits.</summary>
    public static string Checksum(string body) => Crc32.HashToUInt32(Encoding.UTF8.GetBytes(body)).ToString("x8");

    /// <summary>What is stored and looked up: the SHA-256 of the whole key, lowercase hex.</summary>
    public static string Hash(string key) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(key)));

    /// <summary>How a key is shown after creation: prefix and last four characters.</summary>
    public static string Mask(string type, string lastFour) => $"{type}_{new string('*', BodyLength - 4)}…{lastFour}";
}
