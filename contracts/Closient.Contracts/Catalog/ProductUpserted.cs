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
/// <param name="ContainsAllergens">Allergen slugs (the catalog's <c>ProductData/Allergens</c>: <c>peanuts</c>, <c>tree-nuts</c>,
/// <c>milk</c>, <c>gluten-cereals</c>, …) named by the product's ingredients, "may contain" entries included; sorted, no
/// duplicates. Null from a publisher that does not send them (consumers keep what they had).</param>
/// <param name="AllergensDeclared">True when the product declared allergen data (it has an ingredient list, so an empty
/// <paramref name="ContainsAllergens"/> means "none"); false when it declared nothing (search shows
/// <c>allergen_data_confidence: low</c>). Null from a publisher that does not send it.</param>
/// <param name="Substances">Substance slugs (<see cref="SubstanceSlugs.All"/>) found in the product's ingredient names by the
/// catalog's table (<c>ProductData/Substances</c>); sorted, no duplicates. Null from a publisher that does not send them.</param>
public sealed record ProductUpserted(
    Guid ProductId,
    string Gtin,
    string ProductName,
    string Brand,
    string Description,
    Guid? OrganizationId,
    DateTimeOffset UpdatedAt,
    IReadOnlyList<string>? Certifications = null,
    IReadOnlyList<string>? ContainsAllergens = null,
    bool? AllergensDeclared = null,
    IReadOnlyList<string>? Substances = null);
