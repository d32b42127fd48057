using System.Text;

namespace Closient.Catalog.Qr;

/// <summary>
/// Composes the GS1 Digital Link URI a QR code encodes (spec/catalog.md §5): path
/// <c>/01/{gtin14}[/10/{lot}][/21/{serial}]</c>, AI 17 (expiry) as the query <c>?17=YYMMDD</c>.
/// Values are percent-encoded outside RFC 3986's unreserved set, as the GS1 Digital Link standard asks.
/// </summary>
public static class DigitalLink
{
    /// <summary>Where the URIs point unless <c>Catalog:DigitalLinkRoot</c> says otherwise.</summary>
    public const string DefaultRoot = "https://id.closient.com";

    /// <summary>The URI for validated parts; <paramref name="root"/> is an absolute http(s) URL without a trailing slash.</summary>
    public static string Compose(string root, string gtin14, string? lot = null, string? serial = null, string? expiry = null)
    {
        var url = new StringBuilder(root.TrimEnd('/')).Append("/01/").Append(gtin14);
        if (lot is not null) url.Append("/10/").Append(Encode(lot));
        if (serial is not null) url.Append("/21/").Append(Encode(serial));
        if (expiry is not null) url.Append("?17=").Append(Encode(expiry));
        return url.ToString();
    }

    /// <summary>Percent-encodes every byte outside ALPHA / DIGIT / "-" / "." / "_" / "~" (upper-case hex, UTF-8).</summary>
    public static string Encode(string value)
    {
        var text = new StringBuilder(value.Length);
        foreach (var b in Encoding.UTF8.GetBytes(value))
        {
            if (b is >= (byte)'A' and <= (byte)'Z' or >= (byte)'a' and <= (byte)'z' or >= (byte)'0' and <= (byte)'9'
                or (byte)'-' or (byte)'.' or (byte)'_' or (byte)'~')
                text.Append((char)b);
            else
                text.Append('%').Append(b.ToString("X2"));
        }
        return text.ToString();
    }

    /// <summary>
    /// The configured root: an absolute http or https URL, kept without its trailing slash. A bad setting
    /// stops the service at start-up rather than printing unusable codes.
    /// </summary>
    public static string RootFrom(string? configured)
    {
        if (string.IsNullOrWhiteSpace(configured)) return DefaultRoot;
        if (!Uri.TryCreate(configured.Trim(), UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https")
            || !string.IsNullOrEmpty(uri.Query) || !string.IsNullOrEmpty(uri.Fragment))
            throw new InvalidOperationException($"Catalog:DigitalLinkRoot must be an absolute http(s) URL without query or fragment, not '{configured}'.");
        return configured.Trim().TrimEnd('/');
    }
}

/// <summary>The resolver root every QR code points at (from <c>Catalog:DigitalLinkRoot</c>).</summary>
public sealed record DigitalLinkOptions(string Root);
