using System.Security.Cryptography;
using System.Text;

namespace Closient.Offers.Integrations.Shopify;

/// <summary>
/// The three signatures of the Shopify flow, all compared in constant time: Shopify's <c>hmac</c> query
/// parameter on the OAuth redirect (hex HMAC-SHA256 of the other parameters, sorted, <c>k=v</c> joined
/// by <c>&amp;</c>), its <c>X-Shopify-Hmac-Sha256</c> webhook header (base64 HMAC-SHA256 of the raw body),
/// both keyed with the app secret; and Closient's own OAuth <c>state</c>.
/// </summary>
public static class ShopifySignatures
{
    public static string QueryMessage(IEnumerable<KeyValuePair<string, string>> parameters) =>
        string.Join('&', parameters.Where(p => p.Key is not ("hmac" or "signature"))
            .OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => p.Key + "=" + p.Value));

    public static string QueryHmac(IEnumerable<KeyValuePair<string, string>> parameters, string secret) =>
        Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), Encoding.UTF8.GetBytes(QueryMessage(parameters))));

    public static bool VerifyQuery(IEnumerable<KeyValuePair<string, string>> parameters, string? hmac, string secret) =>
        hmac is { Length: 64 } && CryptographicOperations.FixedTimeEquals(
            Encoding.ASCII.GetBytes(QueryHmac(parameters, secret)), Encoding.ASCII.GetBytes(hmac.ToLowerInvariant()));

    public static string BodyHmac(ReadOnlySpan<byte> body, string secret) =>
        Convert.ToBase64String(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), body));

    public static bool VerifyBody(ReadOnlySpan<byte> body, string? header, string secret)
    {
        if (string.IsNullOrEmpty(header) || header.Length > 100) return false;
        Span<byte> sent = stackalloc byte[75];
        if (!Convert.TryFromBase64String(header, sent, out var length) || length != 32) return false;
        return CryptographicOperations.FixedTimeEquals(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), body), sent[..length]);
    }
}

/// <summary>What a valid state says: who asked to connect which shop, and its single-use nonce.</summary>
public sealed record OAuthState(Guid OrganizationId, string Shop, DateTimeOffset ExpiresAt, string Nonce);

/// <summary>
/// The OAuth <c>state</c>: <c>base64url(org|shop|expiry|nonce) "." base64url(HMAC-SHA256)</c> with a key
/// derived (HKDF) from the token key, so it cannot be forged, altered or used after it expires.
/// </summary>
public sealed class OAuthStateSigner(byte[] tokenKey)
{
    readonly byte[] _key = HKDF.DeriveKey(HashAlgorithmName.SHA256, tokenKey, 32, info: "closient-shopify-oauth-state"u8.ToArray());

    public string Sign(OAuthState state)
    {
        var payload = Encoding.UTF8.GetBytes($"{state.OrganizationId:N}|{state.Shop}|{state.ExpiresAt.ToUnixTimeSeconds()}|{state.Nonce}");
        return Base64Url(payload) + "." + Base64Url(HMACSHA256.HashData(_key, payload));
    }

    /// <summary>The state when its signature is valid and it has not expired at <paramref name="now"/>; else null.</summary>
    public OAuthState? Verify(string? value, DateTimeOffset now)
    {
        if (string.IsNullOrEmpty(value) || value.Length > 1000 || value.Split('.') is not [var p, var s]) return null;
        byte[] payload, signature;
        try
        {
            payload = System.Buffers.Text.Base64Url.DecodeFromChars(p);
            signature = System.Buffers.Text.Base64Url.DecodeFromChars(s);
        }
        catch (FormatException)
        {
            return null;
        }
        if (!CryptographicOperations.FixedTimeEquals(HMACSHA256.HashData(_key, payload), signature)) return null;
        if (Encoding.UTF8.GetString(payload).Split('|') is not [var org, var shop, var exp, var nonce]
            || !Guid.TryParseExact(org, "N", out var organization) || !long.TryParse(exp, out var seconds)) return null;
        var expires = DateTimeOffset.FromUnixTimeSeconds(seconds);
        return expires <= now ? null : new OAuthState(organization, shop, expires, nonce);
    }

    static string Base64Url(byte[] bytes) => System.Buffers.Text.Base64Url.EncodeToString(bytes);
}
