namespace Closient.Catalog.Gs1;

/// <summary>Body of <c>POST /products/api/v1/digital-link/parse</c>.</summary>
public sealed record ParseDigitalLinkRequest
{
    public string? Url { get; init; }
}

/// <summary>
/// The parse answer (spec/catalog.md §5): always 200. <c>raw_ais</c> holds every AI of the URI (path and
/// query); when <c>is_valid</c> is false the structured fields are null, <c>raw_ais</c> is empty and
/// <c>error</c> says why. A compressed URI (<c>https://host/{segment}</c>) is parsed as its uncompressed
/// form: <c>is_compressed</c> true and <c>uncompressed_url</c> that form (null otherwise).
/// </summary>
public sealed record ParseDigitalLinkResponse(
    bool IsValid,
    string Url,
    string? Gtin,
    string? Lot,
    string? Expiry,
    string? Serial,
    IReadOnlyDictionary<string, string> RawAis,
    string? Error,
    bool IsCompressed = false,
    string? UncompressedUrl = null);

/// <summary>Body of <c>POST /products/api/v1/digital-link/build</c> (inferred: the build-gs1-digital-link skill).</summary>
public sealed record BuildDigitalLinkRequest
{
    public string? Gtin { get; init; }
    public string? Lot { get; init; }
    public string? Serial { get; init; }
    public string? Expiry { get; init; }
    public string? BaseUrl { get; init; }
    public string? LinkType { get; init; }
    public Dictionary<string, string>? Attributes { get; init; }

    /// <summary>Also answer the compressed form (GS1 Digital Link: Compression) as <c>compressed_url</c>.</summary>
    public bool? Compress { get; init; }
}

/// <summary><c>compressed_url</c> is set when the request asked for it (<c>compress: true</c>), else null.</summary>
public sealed record BuildDigitalLinkResponse(string Url, string? CompressedUrl = null);
