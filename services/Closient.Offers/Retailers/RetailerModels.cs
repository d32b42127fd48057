using System.Text.RegularExpressions;
using Closient.Contracts.Offers;
using Closient.ServiceDefaults.Http;

namespace Closient.Offers.Retailers;

/// <summary>Body of create (POST) and update (PATCH/PUT, partial: omitted or null = unchanged).</summary>
public sealed record RetailerRequest
{
    /// <summary>Required on create, 1–200 characters.</summary>
    public string? Name { get; init; }

    /// <summary>Canonical homepage, an absolute http(s) URL; "" for none.</summary>
    public string? Website { get; init; }

    /// <summary>GS1 Global Location Number: 13 digits with a valid check digit; "" clears it.</summary>
    public string? Gln { get; init; }

    public string? Category { get; init; }

    /// <summary>ISO 3166-1 alpha-2 codes; replaces the whole list when sent.</summary>
    public List<string>? MarketplaceRegions { get; init; }

    public bool? IsActive { get; init; }
    public Dictionary<string, string?>? Metadata { get; init; }
}

/// <summary>spec/offers.md §2 RetailerOut; <c>is_online</c>/<c>is_physical</c>: the retailer has at least one active store of that kind.</summary>
public sealed record RetailerOut(
    string Id,
    string Name,
    DateTimeOffset Created,
    DateTimeOffset Updated,
    IReadOnlyDictionary<string, string> Metadata,
    bool IsOnline,
    bool IsPhysical,
    string Website,
    string? Gln,
    bool IsCanonical,
    string? OrganizationId,
    IReadOnlyList<string> MarketplaceRegions,
    string Category,
    bool IsActive);

/// <summary>A row of <c>offers.retailers</c> with its derived flags; also the parameter object of its INSERT and UPDATE.</summary>
public sealed class RetailerRow
{
    public Guid Id { get; init; }
    public Guid? OrganizationId { get; init; }
    public bool IsCanonical { get; init; }
    public string Name { get; set; } = "";
    public string Website { get; set; } = "";
    public string? Gln { get; set; }
    public string Category { get; set; } = "";
    public string[] MarketplaceRegions { get; set; } = [];
    public bool IsActive { get; set; } = true;
    public string Metadata { get; set; } = "{}";
    public DateTimeOffset CreatedAt { get; init; }
    public DateTimeOffset UpdatedAt { get; set; }
    public bool IsOnline { get; init; }
    public bool IsPhysical { get; init; }

    /// <summary>SELECT of every column and the derived flags, from <c>offers.retailers r</c>; append a WHERE.</summary>
    public const string Select = """
        SELECT r.id, r.organization_id, r.is_canonical, r.name, r.website, r.gln, r.category, r.marketplace_regions, r.is_active,
               r.metadata::text AS metadata, r.created_at, r.updated_at,
               EXISTS (SELECT 1 FROM offers.online_stores s WHERE s.retailer_id = r.id AND s.is_active) AS is_online,
               EXISTS (SELECT 1 FROM offers.physical_stores s WHERE s.retailer_id = r.id AND s.is_active) AS is_physical
        FROM offers.retailers r
        """;

    public RetailerOut ToOut() => new(
        ShortId.Encode(Id), Name, CreatedAt, UpdatedAt, ServiceDefaults.Http.Metadata.FromJson(Metadata), IsOnline, IsPhysical,
        Website, Gln, IsCanonical, OrganizationId is { } org ? ShortId.Encode(org) : null, MarketplaceRegions, Category, IsActive);

    public RetailerCreated ToCreated() =>
        new(Id, OrganizationId!.Value, Name, Website, Gln, Category, MarketplaceRegions, CreatedAt);
}

/// <summary>Field checks on a <see cref="RetailerRequest"/>.</summary>
public static partial class RetailerInput
{
    public const int MaxNameLength = 200, MaxCategoryLength = 100, MaxRegions = 60;

    /// <summary>A GLN (13 digits, GS1 check digit); null for "" (none); null with an error when malformed.</summary>
    public static string? Gln(string value, Validation v)
    {
        var gln = value.Trim();
        if (gln.Length == 0) return null;
        if (!Digits13().IsMatch(gln) || Gtin.CheckDigit(gln.AsSpan(0, 12)) != gln[12] - '0')
            v.Add("gln", "Must be a 13-digit GS1 GLN with a valid check digit.");
        return gln;
    }

    /// <summary>Upper-cased, de-duplicated alpha-2 codes in the order sent.</summary>
    public static string[] Regions(List<string> values, Validation v)
    {
        if (values.Count > MaxRegions) v.Add("marketplace_regions", $"At most {MaxRegions} regions.");
        var regions = new List<string>();
        foreach (var value in values)
        {
            var code = value?.Trim().ToUpperInvariant() ?? "";
            if (!Alpha2().IsMatch(code)) { v.Add("marketplace_regions", "Each must be an ISO 3166-1 alpha-2 code such as US."); continue; }
            if (!regions.Contains(code)) regions.Add(code);
        }
        return [.. regions];
    }

    [GeneratedRegex("^[0-9]{13}$")]
    private static partial Regex Digits13();

    [GeneratedRegex("^[A-Z]{2}$")]
    private static partial Regex Alpha2();
}
