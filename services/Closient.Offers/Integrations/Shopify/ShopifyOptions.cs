using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;

namespace Closient.Offers.Integrations.Shopify;

/// <summary>
/// Configuration section <c>Integrations:Shopify</c>. The app's key and secret come from the Shopify
/// partner dashboard, the token key (base64 of 32 random bytes) encrypts access tokens at rest; none of
/// them is committed. Without key, secret and token key the integration answers 503 and sync jobs fail.
/// </summary>
public sealed class ShopifyOptions
{
    public const string Section = "Integrations:Shopify";

    /// <summary>The app's API key (OAuth <c>client_id</c>).</summary>
    public string ApiKey { get; set; } = "";

    /// <summary>The app's API secret: signs OAuth redirects (hex HMAC) and webhooks (base64 HMAC).</summary>
    public string ApiSecret { get; set; } = "";

    /// <summary>Base64 of a 32-byte AES key for access tokens at rest; the OAuth state key is derived from it.</summary>
    public string TokenKey { get; set; } = "";

    /// <summary>Where a shop's OAuth and Admin API live, <c>{shop}</c> standing for its domain (a local fake in tests); empty: <c>https://{shop}</c>.</summary>
    public string BaseUrl { get; set; } = "";

    public string ApiVersion { get; set; } = "2025-01";

    public string Scopes { get; set; } = "read_products,read_inventory,read_locations";

    /// <summary>Closient's public base URL (the gateway): OAuth <c>redirect_uri</c> and webhook addresses. Empty: the request's own.</summary>
    public string AppUrl { get; set; } = "";

    /// <summary>Where the callback sends the browser when done (the dashboard); empty: the callback answers JSON.</summary>
    public string ReturnUrl { get; set; } = "";

    public int StateMinutes { get; set; } = 10;

    public bool IsConfigured => ApiKey.Length > 0 && ApiSecret.Length > 0 && TokenKeyBytes() is not null;

    public Uri ShopBase(string shop) => new((BaseUrl.Length > 0 ? BaseUrl.Replace("{shop}", shop).TrimEnd('/') : "https://" + shop) + "/");

    public byte[]? TokenKeyBytes()
    {
        try
        {
            var key = Convert.FromBase64String(TokenKey);
            return key.Length == 32 ? key : null;
        }
        catch (FormatException)
        {
            return null;
        }
    }
}

/// <summary>A shop domain as Shopify names it: <c>{name}.myshopify.com</c>, lower-cased.</summary>
public static partial class ShopDomain
{
    public static string? Normalize(string? value)
    {
        var shop = value?.Trim().ToLowerInvariant() ?? "";
        return shop.Length <= 255 && Pattern().IsMatch(shop) ? shop : null;
    }

    [GeneratedRegex("^[a-z0-9][a-z0-9-]{0,62}\\.myshopify\\.com$")]
    private static partial Regex Pattern();
}

/// <summary>Access tokens at rest: AES-256-GCM, a fresh 12-byte nonce each, the shop domain as associated data.</summary>
public sealed class TokenProtector(byte[] key)
{
    const byte Version = 1;

    public byte[] Protect(string token, string shop)
    {
        var plain = Encoding.UTF8.GetBytes(token);
        var blob = new byte[1 + 12 + 16 + plain.Length];
        blob[0] = Version;
        var nonce = blob.AsSpan(1, 12);
        RandomNumberGenerator.Fill(nonce);
        using var aes = new AesGcm(key, 16);
        aes.Encrypt(nonce, plain, blob.AsSpan(29), blob.AsSpan(13, 16), Encoding.UTF8.GetBytes(shop));
        return blob;
    }

    /// <summary>The token, or null when the blob is not one of ours (another key, another shop, tampered).</summary>
    public string? Unprotect(byte[] blob, string shop)
    {
        if (blob.Length < 29 || blob[0] != Version) return null;
        var plain = new byte[blob.Length - 29];
        try
        {
            using var aes = new AesGcm(key, 16);
            aes.Decrypt(blob.AsSpan(1, 12), blob.AsSpan(29), blob.AsSpan(13, 16), plain, Encoding.UTF8.GetBytes(shop));
            return Encoding.UTF8.GetString(plain);
        }
        catch (CryptographicException)
        {
            return null;
        }
    }
}
