using Closient.Catalog.Gs1;

namespace Closient.Catalog.Resolver;

/// <summary>
/// One link an identified item has. <see cref="LinkType"/> is a full URI (<c>https://gs1.org/voc/pip</c>)
/// or an IANA relation name (<c>canonical</c>). <see cref="Depth"/> says which level of the request URI the
/// link belongs to: 0 the primary key alone (<c>/01/{gtin}</c>), n the key with its first n qualifiers
/// (1 = <c>/01/{gtin}/10/{lot}</c> for a lot URI, …). <see cref="IsHostedPage"/> marks Closient's own page,
/// which decides the scan type.
/// </summary>
public sealed record ResolverLink(
    string LinkType,
    string Href,
    string Title,
    int Depth = 0,
    string? Type = null,
    IReadOnlyList<string>? HrefLang = null,
    IReadOnlyList<string>? Context = null,
    bool IsHostedPage = false);

/// <summary>What a link source knows about one resolution request.</summary>
/// <param name="Link">The parsed request URI (GTIN-14 key, qualifiers, data attributes, linkType, context).</param>
/// <param name="Product">The product data of the GTIN.</param>
/// <param name="Country">ISO 3166 alpha-2 from <see cref="ResolverOptions.CountryHeader"/>, or null.</param>
/// <param name="Languages">Accept-Language tags, most preferred first.</param>
/// <param name="At">The time of the request.</param>
/// <param name="HostedPageUrl">The absolute URL of Closient's hosted page for this GTIN.</param>
public sealed record ResolutionRequest(
    DigitalLink Link,
    ResolvedProduct Product,
    string? Country,
    IReadOnlyList<string> Languages,
    DateTimeOffset At,
    string HostedPageUrl)
{
    /// <summary>The requested <c>linkType</c> as a full URI for GS1 types (<c>gs1:pip</c> → <c>https://gs1.org/voc/pip</c>), else as sent; null when none.</summary>
    public string? RequestedLinkType =>
        Link.LinkType is null ? null : LinkTypes.Instance.TryFind(Link.LinkType, out var type) ? type.Uri : Link.LinkType;
}

/// <summary>
/// Links a source contributes on top of the built-in ones. A link here overrides built-in links of the
/// same type at the same or a less specific level; <see cref="Default"/>, when set, replaces the built-in
/// default (the hosted page).
/// </summary>
public sealed record ResolutionLinks(IReadOnlyList<ResolverLink> Links, ResolverLink? Default)
{
    public static readonly ResolutionLinks None = new([], null);
}
