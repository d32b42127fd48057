namespace Closient.Contracts.Catalog;

/// <summary>A product (trade item) was created or changed in the catalog.</summary>
/// <param name="ProductId">The product's id (the UUID behind its public shortuuid).</param>
/// <param name="Gtin">The product's GTIN, normalized to 14 digits.</param>
/// <param name="ProductName">Display name; empty when unknown.</param>
/// <param name="Brand">Brand name; empty when unknown.</param>
/// <param name="Description">Free-text description; empty when unknown.</param>
/// <param name="OrganizationId">The owning (claiming) organization, or null when unclaimed.</param>
/// <param name="UpdatedAt">When this version of the product was written (UTC); consumers ignore older versions.</param>
/// <param name="Certifications">Codes (lower case) of the certifications and claims assigned to the product and active when
/// this version was written (e.g. <c>usda-organic</c>, <c>nut-free</c>); null from a publisher that does not send them
/// (consumers keep what they had), empty when the product has none.</param>
public sealed record ProductUpserted(
    Guid ProductId,
    string Gtin,
    string ProductName,
    string Brand,
    string Description,
    Guid? OrganizationId,
    DateTimeOffset UpdatedAt,
    IReadOnlyList<string>? Certifications = null);
