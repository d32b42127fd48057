using Closient.Catalog.Products;
using Closient.ServiceDefaults.Data;
using Closient.ServiceDefaults.Messaging;
using Dapper;
using Npgsql;

namespace Closient.Catalog.Certifications;

/// <summary>
/// The <c>Certifications</c> of <see cref="Contracts.Catalog.ProductUpserted"/>: the slugs (lower case, <c>_</c> → <c>-</c>:
/// <c>USDA_ORGANIC</c> → <c>usda-organic</c>, as search's <c>require_certifications</c> takes them) of the
/// certifications and claims a product holds that are active on the day the event is written, sorted, no duplicates.
/// </summary>
public static class ProductCertificationCodes
{
    public static string Slug(string code) => code.Trim().ToLowerInvariant().Replace('_', '-');

    /// <summary>The active codes of each product in <paramref name="productIds"/> (products without any are absent).</summary>
    public static async Task<IReadOnlyDictionary<Guid, IReadOnlyList<string>>> ActiveAsync(
        NpgsqlConnection conn, NpgsqlTransaction? tx, IReadOnlyCollection<Guid> productIds, DateOnly today, CancellationToken ct)
    {
        if (productIds.Count == 0) return new Dictionary<Guid, IReadOnlyList<string>>();
        var sql = $"""
            SELECT pc.product_id, c.code FROM catalog.product_certifications pc
            JOIN catalog.certifications c ON c.id = pc.certification_id
            WHERE pc.product_id = ANY(@ids) AND {Validity.ActiveSql("pc")}
            UNION
            SELECT cl.product_id, cl.code FROM catalog.product_claims cl
            WHERE cl.product_id = ANY(@ids) AND {Validity.ActiveSql("cl")}
            """;
        var rows = await conn.QueryAsync<(Guid ProductId, string Code)>(new CommandDefinition(sql,
            new { ids = productIds.Distinct().ToArray(), today }, tx, cancellationToken: ct));
        return rows.GroupBy(r => r.ProductId).ToDictionary(g => g.Key,
            g => (IReadOnlyList<string>)g.Select(r => Slug(r.Code)).Distinct().Order(StringComparer.Ordinal).ToList());
    }
}
