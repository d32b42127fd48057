using Closient.Catalog.Certifications;
using Closient.Catalog.ProductData;
using Dapper;
using Npgsql;

namespace Closient.Catalog.Products;

/// <summary>
/// What a product's <c>ProductUpserted</c> carries besides its row: its active certification and claim codes
/// (<see cref="ProductCertificationCodes"/>) and the traits of its ingredient list: the allergen slugs its ingredients name
/// ("may contain" included), whether it declared an ingredient list at all, and the substances found in the ingredient
/// names (<see cref="Substances"/>). Every publish path (writes, content changes, import, claim verification, republish)
/// loads it here, so they all send the same fields.
/// </summary>
public sealed record ProductEventData(
    IReadOnlyList<string> Certifications, IReadOnlyList<string> ContainsAllergens, bool AllergensDeclared, IReadOnlyList<string> Substances)
{
    /// <summary>A product that has nothing yet (just created): no codes, no ingredient list.</summary>
    public static readonly ProductEventData None = new([], [], false, []);

    /// <summary>The data of each product in <paramref name="productIds"/> (every id is present).</summary>
    public static async Task<IReadOnlyDictionary<Guid, ProductEventData>> LoadAsync(
        NpgsqlConnection conn, NpgsqlTransaction? tx, IReadOnlyCollection<Guid> productIds, DateOnly today, CancellationToken ct)
    {
        if (productIds.Count == 0) return new Dictionary<Guid, ProductEventData>();
        var codes = await ProductCertificationCodes.ActiveAsync(conn, tx, productIds, today, ct);
        var ingredients = (await conn.QueryAsync<(Guid ProductId, string Name, string Allergen)>(new CommandDefinition(
            "SELECT product_id, name, allergen FROM catalog.product_ingredients WHERE product_id = ANY(@ids)",
            new { ids = productIds.Distinct().ToArray() }, tx, cancellationToken: ct)))
            .GroupBy(i => i.ProductId).ToDictionary(g => g.Key, g => g.ToList());
        return productIds.Distinct().ToDictionary(id => id, id =>
        {
            var list = ingredients.GetValueOrDefault(id) ?? [];
            return new ProductEventData(
                codes.GetValueOrDefault(id) ?? [],
                list.Select(i => i.Allergen).Where(a => a.Length > 0).Distinct().Order(StringComparer.Ordinal).ToList(),
                list.Count > 0,
                ProductData.Substances.Of(list.Select(i => i.Name)));
        });
    }

    /// <summary>The data of one product.</summary>
    public static async Task<ProductEventData> LoadAsync(NpgsqlConnection conn, NpgsqlTransaction? tx, Guid productId, DateOnly today, CancellationToken ct) =>
        (await LoadAsync(conn, tx, [productId], today, ct))[productId];
}
