using Closient.Contracts.Catalog;
using Closient.ServiceDefaults.Messaging;
using Closient.Search.Local;
using MassTransit;

namespace Closient.Search.Consumers;

/// <summary>
/// Keeps <c>search.products</c> (and its full-text document) in step with the catalog. Certifications, allergens,
/// <c>AllergensDeclared</c> and substances: null (a publisher that does not send them) keeps what the row has; a value
/// (an empty list = none) replaces it. Certification codes are normalized as the filter does (lower case, hyphens as
/// underscores); allergen and substance slugs are kept as the catalog writes them (lower-case kebab-case). All deduplicated.
/// </summary>
public sealed class ProductUpsertedConsumer(Inbox inbox) : IConsumer<ProductUpserted>
{
    public async Task Consume(ConsumeContext<ProductUpserted> context)
    {
        var m = context.Message;
        // Same-time versions apply (last delivered wins); older ones are ignored.
        const string sql = """
            INSERT INTO search.products (id, gtin, product_name, brand, description, organization_id, updated_at, certifications,
                                         contains_allergens, allergens_declared, substances)
            VALUES (@ProductId, @Gtin, @ProductName, @Brand, @Description, @OrganizationId, @UpdatedAt,
                    @Certifications::text[], @ContainsAllergens::text[], coalesce(@AllergensDeclared::boolean, false), @Substances::text[])
            ON CONFLICT (id) DO UPDATE SET
                gtin = EXCLUDED.gtin, product_name = EXCLUDED.product_name, brand = EXCLUDED.brand,
                description = EXCLUDED.description, organization_id = EXCLUDED.organization_id,
                updated_at = EXCLUDED.updated_at,
                certifications = CASE WHEN NOT @HasCertifications THEN search.products.certifications
                                      ELSE EXCLUDED.certifications END,
                contains_allergens = CASE WHEN NOT @HasAllergens THEN search.products.contains_allergens
                                          ELSE EXCLUDED.contains_allergens END,
                allergens_declared = coalesce(@AllergensDeclared::boolean, search.products.allergens_declared),
                substances = CASE WHEN NOT @HasSubstances THEN search.products.substances ELSE EXCLUDED.substances END
            WHERE EXCLUDED.updated_at >= search.products.updated_at
            """;
        await inbox.ExecuteOnceAsync<ProductUpsertedConsumer>(context, sql, new
        {
            m.ProductId,
            Gtin = m.Gtin ?? "",
            ProductName = m.ProductName ?? "",
            Brand = m.Brand ?? "",
            Description = m.Description ?? "",
            m.OrganizationId,
            m.UpdatedAt,
            HasCertifications = m.Certifications is not null,
            Certifications = (m.Certifications ?? []).Select(c => LocalFilterParser.NormalizeCode(c ?? ""))
                .Where(c => c.Length > 0).Distinct().ToArray(),
            HasAllergens = m.ContainsAllergens is not null,
            ContainsAllergens = Slugs(m.ContainsAllergens),
            m.AllergensDeclared,
            HasSubstances = m.Substances is not null,
            Substances = Slugs(m.Substances),
        });
    }

    static string[] Slugs(IReadOnlyList<string>? slugs) =>
        (slugs ?? []).Select(s => (s ?? "").Trim().ToLowerInvariant()).Where(s => s.Length > 0).Distinct().Order(StringComparer.Ordinal).ToArray();
}
