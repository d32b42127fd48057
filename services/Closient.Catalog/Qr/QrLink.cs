using Closient.Catalog.Gs1;

namespace Closient.Catalog.Qr;

/// <summary>
/// Composes the GS1 Digital Link URI a QR code encodes (spec/catalog.md §5): path
/// <c>/01/{gtin14}[/10/{lot}][/21/{serial}]</c>, AI 17 (expiry) as the query <c>?17=YYMMDD</c>.
/// Values are percent-encoded outside RFC 3986's unreserved set, as the GS1 Digital Link standard asks.
/// </summary>
public static class QrLink
{
    /// <summary>Where the URIs point unless <c>Catalog:DigitalLinkRoot</c> says otherwise.</summary>
    public const string DefaultRoot = "https://id.closient.com";

    /// <summary>
    /// The URI for parts already validated by <see cref="QrFields"/>, composed by the one Digital Link
    /// builder (<see cref="DigitalLinkBuilder"/>): lot and serial as key qualifiers, expiry (AI 17) as a
    /// query attribute, values percent-encoded outside the unreserved set.
    /// </summary>
    public static string Compose(string root, string gtin14, string? lot = null, string? serial = null, string? expiry = null)
    {
        List<AiValue> qualifiers = [];
        if (lot is not null) qualifiers.Add(new AiValue("10", lot));
        if (serial is not null) qualifiers.Add(new AiValue("21", serial));
        List<AiValue> attributes = expiry is null ? [] : [new AiValue("17", expiry)];
        return DigitalLinkBuilder.Instance.TryBuild(root.TrimEnd('/'), new AiValue("01", gtin14), qualifiers, attributes, null, out var uri, out var errors)
            ? uri
            : throw new ArgumentException("Not a valid Digital Link: " + string.Join(" ", errors.Select(e => e.Message)));
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
