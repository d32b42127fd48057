using Dapper;
using Npgsql;

namespace Closient.Catalog.Dashboard;

/// <summary>
/// Loads the <see cref="ProductFacts"/> of an organization's products (all of them, or one), in one query
/// plus the <see cref="CompletenessSeams"/>. The per-product completeness and the stats both start here.
/// </summary>
static class CompletenessFacts
{
    sealed class Row
    {
        public Guid Id { get; init; }
        public string ProductName { get; init; } = "";
        public string Description { get; init; } = "";
        public string Brand { get; init; } = "";
        public bool BrandIsRegistered { get; init; }
        public string CountryOfOrigin { get; init; } = "";
        public long ImageCount { get; init; }
        public bool HasPrimaryImage { get; init; }
        public long ActiveOffers { get; init; }
    }

    public static async Task<IReadOnlyList<ProductFacts>> LoadAsync(NpgsqlConnection conn, Guid organizationId, Guid? productId, DateOnly today, CancellationToken ct)
    {
        const string sql = """
            SELECT p.id, p.product_name, p.description, p.brand,
                   EXISTS (SELECT 1 FROM catalog.brands b
                           WHERE b.organization_id = p.owner_id AND b.deleted_at IS NULL AND lower(b.name) = lower(p.brand)) AS brand_is_registered,
                   p.country_of_origin,
                   (SELECT count(*) FROM catalog.product_images i WHERE i.product_id = p.id) AS image_count,
                   EXISTS (SELECT 1 FROM catalog.product_images i WHERE i.product_id = p.id AND i.is_primary) AS has_primary_image,
                   (SELECT count(*) FROM catalog.offers o
                    WHERE o.product_id = p.id AND o.removed_at IS NULL AND o.status = 'active') AS active_offers
            FROM catalog.products p
            WHERE p.owner_id = @organizationId AND (@productId::uuid IS NULL OR p.id = @productId)
            """;
        var rows = await conn.QueryAsync<Row>(new CommandDefinition(sql, new { organizationId, productId }, cancellationToken: ct));
        var categorized = await CompletenessSeams.CategorizedProductsAsync(conn, organizationId, ct);
        var nutrition = await CompletenessSeams.ProductsWithNutritionAsync(conn, organizationId, ct);
        var certified = await CompletenessSeams.CertifiedProductsAsync(conn, organizationId, today, ct);
        return rows.Select(r => new ProductFacts(r.Id, r.ProductName, r.Description, r.Brand, r.BrandIsRegistered, r.CountryOfOrigin,
            (int)r.ImageCount, r.HasPrimaryImage, (int)r.ActiveOffers,
            categorized.Contains(r.Id), nutrition.Contains(r.Id), certified.Contains(r.Id))).ToList();
    }
}
