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
    public decimal? NetContentValue { get; init; }
    public string? NetContentUom { get; init; }
    public decimal? Length { get; init; }
    public string? LengthUom { get; init; }
    public decimal? Width { get; init; }
    public string? WidthUom { get; init; }
    public decimal? Height { get; init; }
    public string? HeightUom { get; init; }
    public decimal? Depth { get; init; }
    public string? DepthUom { get; init; }
    public decimal? GrossWeight { get; init; }
    public string? GrossWeightUom { get; init; }
    public decimal? NetWeight { get; init; }
    public string? NetWeightUom { get; init; }
    public string? GpcBrickCode { get; init; }
    public string? GpcClassCode { get; init; }
    public string? GpcFamilyCode { get; init; }
    public string? GpcSegmentCode { get; init; }
    public string? PrimaryLanguage { get; init; }
    public string? UsageInstructions { get; init; }
    public string? BrandProductPageUrl { get; init; }
    public string[]? CountriesSold { get; init; }
    public Dictionary<string, string?>? Metadata { get; init; }
}

/// <summary>The canonical product record of the products API (spec/catalog.md §1).</summary>
public record ProductOut
{
    public required string Id { get; init; }
    public required string Gtin { get; init; }
    public required string ProductName { get; init; }
    public required bool IsClaimed { get; init; }
    public required string DataSource { get; init; }
    public required double ConfidenceScore { get; init; }
    public required IReadOnlyDictionary<string, double> FieldConfidence { get; init; }
    public required IReadOnlyDictionary<string, string> Metadata { get; init; }
    public required string Brand { get; init; }
    public required string Manufacturer { get; init; }
    public required string Description { get; init; }
    public required string? ImageUrl { get; init; }
    public required string CountryOfOrigin { get; init; }
    public required string NetContent { get; init; }
    public required decimal? NetContentValue { get; init; }
    public required string NetContentUom { get; init; }
    public required string? OwnerId { get; init; }
    public required string ClaimVerificationStatus { get; init; }
    public required decimal? Length { get; init; }
    public required string LengthUom { get; init; }
    public required decimal? Width { get; init; }
    public required string WidthUom { get; init; }
    public required decimal? Height { get; init; }
    public required string HeightUom { get; init; }
    public required decimal? Depth { get; init; }
    public required string DepthUom { get; init; }
    public required decimal? GrossWeight { get; init; }
    public required string GrossWeightUom { get; init; }
    public required decimal? NetWeight { get; init; }
    public required string NetWeightUom { get; init; }
    public required string GpcBrickCode { get; init; }
    public required string GpcClassCode { get; init; }
    public required string GpcFamilyCode { get; init; }
    public required string GpcSegmentCode { get; init; }
    public required string PrimaryLanguage { get; init; }
    public required string UsageInstructions { get; init; }
    public required string BrandProductPageUrl { get; init; }
    public required DateTimeOffset Created { get; init; }
    public required DateTimeOffset Modified { get; init; }
}

/// <summary><c>GET /trade-items/{gtin}</c>: the product record plus the detail-only fields (spec/catalog.md §1).</summary>
public sealed record TradeItemDetail : ProductOut
{
    public TradeItemDetail() { }

    [System.Diagnostics.CodeAnalysis.SetsRequiredMembers]
    public TradeItemDetail(ProductOut product) : base(product) { }

    public string AiSummary { get; init; } = "";
    public IReadOnlyList<string> CountriesSold { get; init; } = [];
}

/// <summary>One row of <c>GET /trade-items</c> (spec/catalog.md §2).</summary>
public sealed record TradeItemOut(
    string Id,
    string Gtin,
    string ProductName,
    string Brand,
    string Manufacturer,
    string Description,
    string? ImageUrl,
    string CountryOfOrigin,
    string NetContent,
    bool IsClaimed,
    double ConfidenceScore,
    string PrimaryLanguage,
    DateTimeOffset Created,
    decimal? NetContentValue,
    string? OwnerId,
    IReadOnlyList<string> CountriesSold);

/// <summary><c>GET /browse/products/{id}</c> and the browse list (spec/catalog.md §2).</summary>
public sealed record ProductBrowseOut(
    string Id,
    string Gtin,
    bool IsClaimed,
    DateTimeOffset Created,
    string ProductName,
    string Brand,
    string Description,
    string? OwnerId);

/// <summary>One row of <c>catalog.products</c> as Dapper reads it.</summary>
class ProductRow
{
    /// <summary>The select list every query and RETURNING clause uses (jsonb read as text).</summary>
    public const string Columns = """
        id, gtin, product_name, brand, manufacturer, description, image_url, country_of_origin, net_content,
        owner_id, is_claimed, data_source, claim_verification_status, confidence_score,
        field_confidence::text AS field_confidence, metadata::text AS metadata, created_at, modified_at,
        net_content_value, net_content_uom, length, length_uom, width, width_uom, height, height_uom, depth, depth_uom,
        gross_weight, gross_weight_uom, net_weight, net_weight_uom,
        gpc_brick_code, gpc_class_code, gpc_family_code, gpc_segment_code,
        primary_language, usage_instructions, brand_product_page_url, ai_summary, countries_sold,
        claimed_at, claim_under_review
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
    public decimal? NetContentValue { get; init; }
    public string NetContentUom { get; init; } = "";
    public decimal? Length { get; init; }
    public string LengthUom { get; init; } = "";
    public decimal? Width { get; init; }
    public string WidthUom { get; init; } = "";
    public decimal? Height { get; init; }
    public string HeightUom { get; init; } = "";
    public decimal? Depth { get; init; }
    public string DepthUom { get; init; } = "";
    public decimal? GrossWeight { get; init; }
    public string GrossWeightUom { get; init; } = "";
    public decimal? NetWeight { get; init; }
    public string NetWeightUom { get; init; } = "";
    public string GpcBrickCode { get; init; } = "";
    public string GpcClassCode { get; init; } = "";
    public string GpcFamilyCode { get; init; } = "";
    public string GpcSegmentCode { get; init; } = "";
    public string PrimaryLanguage { get; init; } = "";
    public string UsageInstructions { get; init; } = "";
    public string BrandProductPageUrl { get; init; } = "";
    public string AiSummary { get; init; } = "";
    public string[] CountriesSold { get; init; } = [];
    public DateTimeOffset? ClaimedAt { get; init; }
    public bool ClaimUnderReview { get; init; }

    string? ImageUrlFrom(IReadOnlyDictionary<Guid, string> primaryImages) => primaryImages.GetValueOrDefault(Id) ?? ImageUrl;

    /// <summary>For a product that cannot have images yet (just created).</summary>
    public static readonly IReadOnlyDictionary<Guid, string> NoImages = new Dictionary<Guid, string>();

    /// <summary>The primary image URLs of <paramref name="rows"/>: one query, whatever the number of rows.</summary>
    public static async Task<IReadOnlyDictionary<Guid, string>> PrimaryImagesAsync(Npgsql.NpgsqlConnection conn, IEnumerable<ProductRow> rows,
        CancellationToken ct, Npgsql.NpgsqlTransaction? tx = null) =>
        await Images.ProductImageQueries.PrimaryImageUrlsAsync(conn, rows.Select(r => r.Id).ToList(), ct, tx);

    string? OwnerShortId => OwnerId is { } owner ? ShortId.Encode(owner) : null;

    /// <summary>
    /// The API record. <paramref name="primaryImages"/> (product id → URL, from one batched
    /// <see cref="Images.ProductImageQueries.PrimaryImageUrlsAsync"/> per response) supplies image_url when the
    /// product has images; otherwise it is the stored (imported) URL.
    /// </summary>
    public ProductOut ToOut(IReadOnlyDictionary<Guid, string> primaryImages) => new()
    {
        Id = ShortId.Encode(Id), Gtin = Gtin, ProductName = ProductName, IsClaimed = IsClaimed, DataSource = DataSource,
        ConfidenceScore = ConfidenceScore,
        FieldConfidence = System.Text.Json.JsonSerializer.Deserialize<Dictionary<string, double>>(FieldConfidence) ?? [],
        Metadata = ServiceDefaults.Http.Metadata.FromJson(Metadata),
        Brand = Brand, Manufacturer = Manufacturer, Description = Description, ImageUrl = ImageUrlFrom(primaryImages),
        CountryOfOrigin = CountryOfOrigin, NetContent = NetContent, NetContentValue = NetContentValue, NetContentUom = NetContentUom,
        OwnerId = OwnerShortId, ClaimVerificationStatus = ClaimVerificationStatus,
        Length = Length, LengthUom = LengthUom, Width = Width, WidthUom = WidthUom, Height = Height, HeightUom = HeightUom,
        Depth = Depth, DepthUom = DepthUom, GrossWeight = GrossWeight, GrossWeightUom = GrossWeightUom,
        NetWeight = NetWeight, NetWeightUom = NetWeightUom,
        GpcBrickCode = GpcBrickCode, GpcClassCode = GpcClassCode, GpcFamilyCode = GpcFamilyCode, GpcSegmentCode = GpcSegmentCode,
        PrimaryLanguage = PrimaryLanguage, UsageInstructions = UsageInstructions, BrandProductPageUrl = BrandProductPageUrl,
        Created = CreatedAt, Modified = ModifiedAt,
    };

    public TradeItemDetail ToDetail(IReadOnlyDictionary<Guid, string> primaryImages) =>
        new(ToOut(primaryImages)) { AiSummary = AiSummary, CountriesSold = CountriesSold };

    public TradeItemOut ToTradeItem(IReadOnlyDictionary<Guid, string> primaryImages) => new(ShortId.Encode(Id), Gtin, ProductName, Brand,
        Manufacturer, Description, ImageUrlFrom(primaryImages),
        CountryOfOrigin, NetContent, IsClaimed, ConfidenceScore, PrimaryLanguage, CreatedAt, NetContentValue, OwnerShortId, CountriesSold);

    public ProductBrowseOut ToBrowse() => new(ShortId.Encode(Id), Gtin, IsClaimed, CreatedAt, ProductName, Brand, Description, OwnerShortId);

    /// <summary>
    /// The event every write publishes; <c>UpdatedAt</c> is the row's own modified time. <paramref name="data"/>: the
    /// product's active certification and claim codes and its ingredient traits (<see cref="ProductEventData"/>).
    /// </summary>
    public ProductUpserted ToUpserted(ProductEventData data) =>
        new(Id, Gtin, ProductName, Brand, Description, OwnerId, ModifiedAt, data.Certifications,
            data.ContainsAllergens, data.AllergensDeclared, data.Substances);

    /// <summary>The event of a claim that took effect in this row (OwnerId and ClaimedAt set).</summary>
    public ProductClaimed ToClaimed() => new(Id, Gtin, OwnerId!.Value, ClaimedAt ?? ModifiedAt, ClaimVerificationStatus);
}
