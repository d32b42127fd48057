using Closient.Catalog.Products;
using Closient.Contracts.Catalog;
using Dapper;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Closient.Catalog.Resolver;

/// <summary>What resolution needs of one product: its ids, the ProductOut the JSON answer shows, and link data.</summary>
/// <param name="BrandWebsite">The brand's website (→ gs1:brandHomepageClinical); null when the brand has none.</param>
/// <param name="BrandId">The owner organization's brand of that name (BRAND-scoped resolution rules); null when none.</param>
/// <param name="UsageInstructionsUrl">A page with usage instructions (→ gs1:instructions); null until products hold one.</param>
public sealed record ResolvedProduct(Guid Id, Guid? OwnerId, ProductOut Product, string? BrandWebsite = null, string? UsageInstructionsUrl = null, Guid? BrandId = null)
{
    /// <summary>The linkset's <c>itemDescription</c>: the product name, else brand, else the GTIN.</summary>
    public string Description =>
        Product.ProductName.Length > 0 ? (Product.Brand.Length > 0 ? $"{Product.Brand} {Product.ProductName}" : Product.ProductName)
        : Product.Brand.Length > 0 ? Product.Brand : $"GTIN {Product.Gtin}";
}

/// <summary>
/// Per-GTIN product data for resolution, cached in memory (its own bounded cache) for
/// <see cref="ResolverOptions.CacheSeconds"/>, unknown GTINs included. Each instance also evicts a GTIN
/// when a <see cref="ProductUpserted"/> for it crosses the bus (<see cref="ProductCacheEvictor"/>), so
/// this service's own writes show at once; the TTL bounds staleness if an event is missed.
/// </summary>
public sealed class ResolutionData(NpgsqlDataSource db, IOptions<ResolverOptions> options) : IDisposable
{
    const int MaxEntries = 100_000;
    readonly MemoryCache _cache = new(new MemoryCacheOptions { SizeLimit = MaxEntries });
    readonly TimeSpan _ttl = TimeSpan.FromSeconds(Math.Max(0, options.Value.CacheSeconds));

    sealed record Entry(ResolvedProduct? Product);

    public async Task<ResolvedProduct?> GetAsync(string gtin14, CancellationToken ct)
    {
        if (_cache.TryGetValue(gtin14, out Entry? hit) && hit is not null) return hit.Product;
        // One round trip for the product and its brand record: the product's brand is free text, and the owner's
        // live brand of that name (case-insensitive) is the Brand record (BRAND rules, the brand's website).
        const string sql = $"""
            SELECT {ProductRow.Columns} FROM catalog.products WHERE gtin = @gtin14;
            SELECT b.id, b.website FROM catalog.products p
            JOIN catalog.brands b ON b.organization_id = p.owner_id AND lower(b.name) = lower(p.brand) AND b.deleted_at IS NULL
            WHERE p.gtin = @gtin14 AND p.brand <> '';
            """;
        await using var conn = await db.OpenConnectionAsync(ct);
        ProductRow? row;
        (Guid Id, string Website)? brand;
        await using (var results = await conn.QueryMultipleAsync(new CommandDefinition(sql, new { gtin14 }, cancellationToken: ct)))
        {
            row = await results.ReadSingleOrDefaultAsync<ProductRow>();
            brand = await results.ReadSingleOrDefaultAsync<(Guid Id, string Website)?>();
        }
        var product = row is null ? null : new ResolvedProduct(row.Id, row.OwnerId, row.ToOut(await ProductRow.PrimaryImagesAsync(conn, [row], ct)));
        if (product is not null && brand is { } b)
            product = product with { BrandId = b.Id, BrandWebsite = b.Website.Length > 0 ? b.Website : null };
        if (_ttl > TimeSpan.Zero)
            _cache.Set(gtin14, new Entry(product), new MemoryCacheEntryOptions { AbsoluteExpirationRelativeToNow = _ttl, Size = 1 });
        return product;
    }

    public void Evict(string gtin14) => _cache.Remove(gtin14);

    public void Dispose() => _cache.Dispose();
}
