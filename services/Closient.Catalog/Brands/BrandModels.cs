using Closient.Contracts.Catalog;
using Closient.ServiceDefaults.Http;

namespace Closient.Catalog.Brands;

/// <summary>Body of <c>POST /brands/api/v1/brands</c>.</summary>
public sealed record CreateBrandRequest
{
    public string? OrganizationId { get; init; }
    public string? Name { get; init; }
    public string? Website { get; init; }
    public string? Description { get; init; }
    public Dictionary<string, string?>? Metadata { get; init; }
}

/// <summary>Body of <c>PATCH /brands/api/v1/brands/{id}</c>: an omitted or null field is left unchanged, "" clears it.</summary>
public sealed record UpdateBrandRequest
{
    public string? Name { get; init; }
    public string? Website { get; init; }
    public string? Description { get; init; }
    public string? Instagram { get; init; }
    public string? Facebook { get; init; }
    public string? Twitter { get; init; }
    public string? Linkedin { get; init; }
    public string? Youtube { get; init; }
    public string? Tiktok { get; init; }
    public string? Pinterest { get; init; }
    public string? Threads { get; init; }
    public Dictionary<string, string?>? Metadata { get; init; }
}

/// <summary>BrandOut (spec/catalog.md §3); <c>organization_id</c> is on every brand, lists included.</summary>
public sealed record BrandOut(
    string Id,
    string Name,
    string? OrganizationId,
    bool HasSocialLinks,
    DateTimeOffset Created,
    string Instagram,
    string Facebook,
    string Twitter,
    string Linkedin,
    string Youtube,
    string Tiktok,
    string Pinterest,
    string Threads,
    IReadOnlyDictionary<string, string> Metadata,
    string Website,
    string Description,
    string? LogoUrl);

/// <summary><c>GET /brands/api/v1/public/brands/{brand_id}/catalog</c>.</summary>
public sealed record BrandCatalogOut(BrandCatalogBrand Brand, IReadOnlyList<BrandCatalogProduct> Products);

public sealed record BrandCatalogBrand(string Id, string Name, string Website, string? LogoUrl);

public sealed record BrandCatalogProduct(string Id, string Name);

/// <summary>One live row of <c>catalog.brands</c> with its logo's hash (null without a logo).</summary>
sealed class BrandRow
{
    public const string Columns = """
        b.id, b.name, b.organization_id, b.website, b.description, b.instagram, b.facebook, b.twitter, b.linkedin,
        b.youtube, b.tiktok, b.pinterest, b.threads, b.metadata::text AS metadata, b.created_at, b.modified_at, b.deleted_at,
        (SELECT l.sha256 FROM catalog.brand_logos l WHERE l.brand_id = b.id) AS logo_sha256
        """;

    public Guid Id { get; init; }
    public string Name { get; init; } = "";
    public Guid? OrganizationId { get; init; }
    public string Website { get; init; } = "";
    public string Description { get; init; } = "";
    public string Instagram { get; init; } = "";
    public string Facebook { get; init; } = "";
    public string Twitter { get; init; } = "";
    public string Linkedin { get; init; } = "";
    public string Youtube { get; init; } = "";
    public string Tiktok { get; init; } = "";
    public string Pinterest { get; init; } = "";
    public string Threads { get; init; } = "";
    public string Metadata { get; init; } = "{}";
    public DateTimeOffset CreatedAt { get; init; }
    public DateTimeOffset ModifiedAt { get; init; }
    public DateTimeOffset? DeletedAt { get; init; }
    public string? LogoSha256 { get; init; }

    public string[] Socials => [Instagram, Facebook, Twitter, Linkedin, Youtube, Tiktok, Pinterest, Threads];

    /// <summary>
    /// The keyless logo URL (under the gateway's public <c>/brands/api/v1/public/brands/**</c>), versioned by
    /// the logo's hash so a new upload is a new URL and the old one can be cached for long.
    /// </summary>
    public string? LogoUrl => LogoSha256 is { } sha ? $"{BrandsApi.PublicBase}/{ShortId.Encode(Id)}/logo?v={sha[..16]}" : null;

    public BrandOut ToOut() => new(
        ShortId.Encode(Id), Name, OrganizationId is { } org ? ShortId.Encode(org) : null,
        Socials.Any(s => s.Length > 0), CreatedAt,
        Instagram, Facebook, Twitter, Linkedin, Youtube, Tiktok, Pinterest, Threads,
        ServiceDefaults.Http.Metadata.FromJson(Metadata), Website, Description, LogoUrl);

    public BrandUpserted ToUpserted() => new(Id, Name, OrganizationId, Website, Description, LogoUrl, DeletedAt, ModifiedAt);
}

/// <summary>Field rules shared by create and update.</summary>
static class BrandFields
{
    public const int NameMax = 255, WebsiteMax = 2048, DescriptionMax = 5000;

    /// <summary>"" or an absolute http(s) URL with a host.</summary>
    public static string Website(Validation v, string? value)
    {
        var url = v.Optional("website", value, WebsiteMax);
        if (url.Length > 0 && (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https")
            || string.IsNullOrEmpty(uri.Host) || url.Any(char.IsWhiteSpace)))
            v.Add("website", "Must be an absolute http or https URL, or empty.");
        return url;
    }
}
