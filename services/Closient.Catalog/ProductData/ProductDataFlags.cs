using Closient.Catalog.Resolver;
using Dapper;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Closient.Catalog.ProductData;

/// <summary>Which content a product has, for the resolver's built-in links (README "Product data").</summary>
/// <param name="HasNutrition">A nutrition panel (→ gs1:nutritionalInfo).</param>
/// <param name="HasIngredients">At least one ingredient (→ gs1:ingredientsInfo).</param>
/// <param name="HasAllergens">An ingredient naming a major allergen, contained or "may contain" (→ gs1:allergenInfo).</param>
/// <param name="HasActiveRecall">An open recall: status ONGOING or UNKNOWN (→ gs1:recallStatus).</param>
public sealed record ProductDataFlagSet(bool HasNutrition, bool HasIngredients, bool HasAllergens, bool HasActiveRecall)
{
    public static readonly ProductDataFlagSet None = new(false, false, false, false);
}

/// <summary>
/// A small cached lookup beside <see cref="ResolutionData"/> (whose SQL stays as it is): one query of four
/// EXISTS per product id, cached for <see cref="ResolverOptions.CacheSeconds"/>. This instance's own writes
/// evict the product at once; other replicas see them within the TTL.
/// </summary>
public sealed class ProductDataFlags(NpgsqlDataSource db, IOptions<ResolverOptions> options) : IDisposable
{
    const int MaxEntries = 100_000;
    readonly MemoryCache _cache = new(new MemoryCacheOptions { SizeLimit = MaxEntries });
    readonly TimeSpan _ttl = TimeSpan.FromSeconds(Math.Max(0, options.Value.CacheSeconds));

    internal const string Sql = $"""
        SELECT EXISTS (SELECT 1 FROM catalog.product_nutrition WHERE product_id = @productId) AS has_nutrition,
               EXISTS (SELECT 1 FROM catalog.product_ingredients WHERE product_id = @productId) AS has_ingredients,
               EXISTS (SELECT 1 FROM catalog.product_ingredients WHERE product_id = @productId AND allergen <> '') AS has_allergens,
               EXISTS (SELECT 1 FROM catalog.product_recalls WHERE product_id = @productId AND status IN {RecallFields.OpenSql}) AS has_active_recall
        """;

    public async Task<ProductDataFlagSet> GetAsync(Guid productId, CancellationToken ct)
    {
        if (_cache.TryGetValue(productId, out ProductDataFlagSet? hit) && hit is not null) return hit;
        await using var conn = await db.OpenConnectionAsync(ct);
        var flags = await conn.QuerySingleAsync<ProductDataFlagSet>(new CommandDefinition(Sql, new { productId }, cancellationToken: ct));
        if (_ttl > TimeSpan.Zero)
            _cache.Set(productId, flags, new MemoryCacheEntryOptions { AbsoluteExpirationRelativeToNow = _ttl, Size = 1 });
        return flags;
    }

    public void Evict(Guid productId) => _cache.Remove(productId);

    public void Dispose() => _cache.Dispose();
}
