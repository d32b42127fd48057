using Closient.Catalog.Resolver;
using Closient.ServiceDefaults.Messaging;
using Npgsql;

namespace Closient.Catalog.ProductData;

/// <summary>Which content a product has, for the resolver's built-in links (README "Product data").</summary>
/// <param name="HasNutrition">A nutrition panel (→ gs1:nutritionalInfo).</param>
/// <param name="HasIngredients">At least one ingredient (→ gs1:ingredientsInfo).</param>
/// <param name="HasAllergens">An ingredient naming a major allergen, contained or "may contain" (→ gs1:allergenInfo).</param>
/// <param name="HasActiveRecall">An open recall: status ONGOING or UNKNOWN (→ gs1:recallStatus).</param>
/// <param name="HasCertifications">A certification active on the day the product was loaded (→ gs1:certificationInfo).</param>
public sealed record ProductDataFlagSet(bool HasNutrition, bool HasIngredients, bool HasAllergens, bool HasActiveRecall, bool HasCertifications = false)
{
    public static readonly ProductDataFlagSet None = new(false, false, false, false);
}

/// <summary>
/// Keeps the resolver's in-memory copy of a product (<see cref="ResolvedProduct.Content"/>) current when its content
/// changes: <see cref="TouchAsync"/> in the write's transaction makes the change a new version of the product (a
/// <c>ProductUpserted</c> through the outbox evicts it on every replica), and <see cref="Evict"/> after the commit drops
/// this instance's copy at once. <see cref="Columns"/> is what the resolution load selects per product <c>p</c> (with <c>@today</c>).
/// </summary>
public sealed class ProductDataFlags(ResolutionData data, Outbox outbox, TimeProvider clock)
{
    internal static readonly string Columns = $"""
        EXISTS (SELECT 1 FROM catalog.product_nutrition WHERE product_id = p.id) AS has_nutrition,
        EXISTS (SELECT 1 FROM catalog.product_ingredients WHERE product_id = p.id) AS has_ingredients,
        EXISTS (SELECT 1 FROM catalog.product_ingredients WHERE product_id = p.id AND allergen <> '') AS has_allergens,
        EXISTS (SELECT 1 FROM catalog.product_recalls WHERE product_id = p.id AND status IN {RecallFields.OpenSql}) AS has_active_recall,
        EXISTS (SELECT 1 FROM catalog.product_certifications pc WHERE pc.product_id = p.id AND {Certifications.Validity.ActiveSql("pc")}) AS has_certifications
        """;

    public Task TouchAsync(NpgsqlConnection conn, NpgsqlTransaction tx, Guid productId, CancellationToken ct) =>
        Products.ProductVersions.PublishAsync(conn, tx, outbox, productId, clock, ct);

    public void Evict(string gtin14) => data.Evict(gtin14);
}
