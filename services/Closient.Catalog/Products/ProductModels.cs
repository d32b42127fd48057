using Closient.Contracts.Catalog;
using Closient.ServiceDefaults.Http;

namespace Closient.Catalog.Products;

/// <summary>Body of <c>POST /products/api/v1/products</c>.</summary>
public sealed record CreateProductRequest
{
    public string? Gtin { get; init; }
    public string? OrganizationId { get; init; }
    public string? ProductName { get; init; }
    public string? Brand { get; init; }
    public string? Description { get; init; }
    public string? Manufacturer { get; init; }
    public string? CountryOfOrigin { get; init; }
    public string? NetContent { get; init; }
    public Dictionary<string, string?>? Metadata { get; init; }
}

/// <summary>Body of <c>PATCH /products/api/v1/products/{gtin}</c>: an omitted or null field is left unchanged.</summary>
public sealed record UpdateProductRequest
{
    public string? ProductName { get; init; }
    public string? Brand { get; init; }
    public string? Description { get; init; }
    public string? Manufacturer { get; init; }
    public string? CountryOfOrigin { get; init; }
    public string? NetContent { get; init; }
    public Dictionary<string, string?>? Metadata { get; init; }
}

/// <summary>The canonical product record of the products API (spec/catalog.md §1).</summary>
public sealed record ProductOut(
    string Id,
    string Gtin,
    string ProductName,
    bool IsClaimed,
    string DataSource,
    double ConfidenceScore,
    IReadOnlyDictionary<string, double> FieldConfidence,
    IReadOnlyDictionary<string, string> Metadata,
    string Brand,
    string Manufacturer,
    string Description,
    string? ImageUrl,
    string CountryOfOrigin,
    string NetContent,
    string? OwnerId,
    string ClaimVerificationStatus,
    DateTimeOffset Created,
    DateTimeOffset Modified);

/// <summary>One row of <c>catalog.products</c> as Dapper reads it.</summary>
sealed class ProductRow
{
    /// <summary>The select list every query and RETURNING clause uses (jsonb read as text).</summary>
    public const string Columns = """
        id, gtin, product_name, brand, manufacturer, description, image_url, country_of_origin, net_content,
        owner_id, is_claimed, data_source, claim_verification_status, confidence_score,
        field_confidence::text AS field_confidence, metadata::text AS metadata, created_at, modified_at
        """;

    public Guid Id { get; init; }
    public string Gtin { get; init; } = "";
    public string ProductName { get; init; } = "";
    public string Brand { get; init; } = "";
    public string Manufacturer { get; init; } = "";
    public string Description { get; init; } = "";
    public string? ImageUrl { get; init; }
    public string CountryOfOrigin { get; init; } = "";
    public string NetContent { get; init; } = "";
    public Guid? OwnerId { get; init; }
    public bool IsClaimed { get; init; }
    public string DataSource { get; init; } = "";
    public string ClaimVerificationStatus { get; init; } = "";
    public double ConfidenceScore { get; init; }
    public string FieldConfidence { get; init; } = "{}";
    public string Metadata { get; init; } = "{}";
    public DateTimeOffset CreatedAt { get; init; }
    public DateTimeOffset ModifiedAt { get; init; }

    public ProductOut ToOut() => new(
        ShortId.Encode(Id), Gtin, ProductName, IsClaimed, DataSource, ConfidenceScore,
        System.Text.Json.JsonSerializer.Deserialize<Dictionary<string, double>>(FieldConfidence) ?? [],
        ServiceDefaults.Http.Metadata.FromJson(Metadata),
        Brand, Manufacturer, Description, ImageUrl, CountryOfOrigin, NetContent,
        OwnerId is { } owner ? ShortId.Encode(owner) : null,
        ClaimVerificationStatus, CreatedAt, ModifiedAt);

    /// <summary>The event every write publishes; <c>UpdatedAt</c> is the row's own modified time.</summary>
    public ProductUpserted ToUpserted() => new(Id, Gtin, ProductName, Brand, Description, OwnerId, ModifiedAt);
}

/// <summary>Field rules shared by create and update (lengths from spec/catalog.md §2).</summary>
static class ProductFields
{
    public const int NameMax = 255, BrandMax = 255, ManufacturerMax = 255, DescriptionMax = 5000, NetContentMax = 100;

    public static string CountryOfOrigin(Validation v, string? value)
    {
        var code = value?.Trim() ?? "";
        if (code.Length == 0) return "";
        code = code.ToUpperInvariant();
        if (!CountryCodes.IsAssigned(code))
            v.Add("country_of_origin", "Must be an ISO 3166-1 alpha-2 country code (such as US) or empty.");
        return code;
    }
}
