using System.Collections.Concurrent;
using System.Diagnostics;
using Closient.Catalog.Products;
using Closient.Contracts.Catalog;
using Dapper;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Closient.Catalog.Resolver;

/// <summary>What resolution needs of one product: its ids, the ProductOut the JSON answer shows, and link data.</summary>
/// <param name="BrandWebsite">The brand's website (→ gs1:brandHomepageClinical); null when the brand has none.</param>
/// <param name="BrandId">The owner organization's brand of that name (BRAND-scoped resolution rules); null when none.</param>
/// <param name="UsageInstructionsUrl">A page with usage instructions (→ gs1:instructions); null until products hold one.</param>
/// <param name="Content">Which content the product has (nutrition, ingredients, allergens, an open recall: built-in links).</param>
public sealed record ResolvedProduct(Guid Id, Guid? OwnerId, ProductOut Product, string? BrandWebsite = null, string? UsageInstructionsUrl = null, Guid? BrandId = null,
    ProductData.ProductDataFlagSet? Content = null)
{
    byte[]? _json;

    /// <summary>The JSON answer's bytes, serialized once per held copy (the product is immutable while held).</summary>
    public byte[] JsonUtf8(System.Text.Json.JsonSerializerOptions options) =>
        _json ??= System.Text.Json.JsonSerializer.SerializeToUtf8Bytes(Product, options);

    /// <summary>The linkset's <c>itemDescription</c>: the product name, else brand, else the GTIN.</summary>
    public string Description =>
        Product.ProductName.Length > 0 ? (Product.Brand.Length > 0 ? $"{Product.Brand} {Product.ProductName}" : Product.ProductName)
        : Product.Brand.Length > 0 ? Product.Brand : $"GTIN {Product.Gtin}";
}

/// <summary>
/// Per-GTIN product data for resolution, held in memory: the resolver's hot path reads no database for a known GTIN.
/// <list type="bullet">
/// <item><see cref="ResolutionIndexLoader"/> loads every product (up to <see cref="ResolverOptions.PreloadMaxProducts"/>) at
/// start-up and reloads them every <see cref="ResolverOptions.RefreshSeconds"/>, so entries never go cold and a missed
/// event is corrected within that period;</item>
/// <item>a GTIN not loaded (created since, or past the cap) is read on its first scan, unknown ones included (cached as
/// unknown for <see cref="ResolverOptions.CacheSeconds"/> only, so a product created elsewhere shows soon even if its
/// event is lost);</item>
/// <item>every instance drops a product when a <see cref="ProductUpserted"/> for it crosses the bus
/// (<see cref="ProductCacheEvictor"/>; content writes publish one too), and an organization's products on <see cref="BrandUpserted"/>, so changes show within
/// the bus latency.</item>
/// </list>
/// A load that started before an eviction of the same GTIN is not stored (it may have read the row before the change).
/// </summary>
public sealed class ResolutionData(NpgsqlDataSource db, IOptions<ResolverOptions> options, TimeProvider clock)
{
    /// <summary>
    /// Products (<c>/*filter*/</c> = the filter, order and limit on <c>catalog.products</c>) with their brand record in one round trip:
    /// the product's brand is free text, and the owner's live brand of that name (case-insensitive) is the Brand record
    /// (BRAND rules, the brand's website).
    /// </summary>
    static readonly string ProductsWithBrand = $"""
        SELECT p.*, b.id AS brand_record_id, b.website AS brand_website, {ProductData.ProductDataFlags.Columns}
        FROM (SELECT {ProductRow.Columns} FROM catalog.products /*filter*/) AS p
        LEFT JOIN catalog.brands b ON p.brand <> '' AND b.organization_id = p.owner_id AND lower(b.name) = lower(p.brand) AND b.deleted_at IS NULL
        ORDER BY p.gtin
        """;

    static readonly string ByGtin = ProductsWithBrand.Replace("/*filter*/", "WHERE gtin = @gtin14", StringComparison.Ordinal);
    static readonly string Batch = ProductsWithBrand.Replace("/*filter*/", "WHERE gtin > @afterGtin ORDER BY gtin LIMIT @limit", StringComparison.Ordinal);

    readonly ConcurrentDictionary<string, Entry> _entries = new(StringComparer.Ordinal);
    readonly ConcurrentDictionary<string, long> _evictedAt = new(StringComparer.Ordinal);
    readonly ResolverOptions _options = options.Value;
    long _loads;

    sealed record Entry(ResolvedProduct? Product, long ExpiresAt);

    /// <summary>Database reads made for single GTINs so far (a test hook: a preloaded GTIN must not add any).</summary>
    public long Loads => Interlocked.Read(ref _loads);

    public async ValueTask<ResolvedProduct?> GetAsync(string gtin14, CancellationToken ct)
    {
        var now = clock.GetTimestamp();
        if (_entries.TryGetValue(gtin14, out var hit) && hit.ExpiresAt > now) return hit.Product;

        Interlocked.Increment(ref _loads);
        var started = Stopwatch.GetTimestamp();
        await using var conn = await db.OpenConnectionAsync(ct);
        var rows = await LoadAsync(conn, ByGtin, new { gtin14, today = Certifications.Validity.Today(clock) }, ct);
        var product = rows.Count == 0 ? null : rows[0];
        var ttl = product is null ? _options.CacheSeconds : _options.EntrySeconds;
        if (ttl > 0) Store(gtin14, product, started, ttl);
        return product;
    }

    /// <summary>Forgets one GTIN (idempotent); a load of it already under way will not be stored.</summary>
    public void Evict(string gtin14)
    {
        _evictedAt[gtin14] = Stopwatch.GetTimestamp();
        _entries.TryRemove(gtin14, out _);
    }

    /// <summary>Forgets every product of <paramref name="organizationId"/> (a brand changed: renamed, deleted, new website).</summary>
    public void EvictOrganization(Guid organizationId)
    {
        foreach (var (gtin, entry) in _entries)
            if (entry.Product?.OwnerId == organizationId) Evict(gtin);
    }

    /// <summary>
    /// Loads up to <paramref name="limit"/> products in GTIN order after <paramref name="afterGtin"/> into memory (the
    /// preloader's batches) and returns them; GTINs evicted since <paramref name="startedAt"/> are skipped.
    /// </summary>
    internal async Task<IReadOnlyList<ResolvedProduct>> LoadBatchAsync(NpgsqlConnection conn, string afterGtin, int limit, long startedAt, CancellationToken ct)
    {
        var rows = await LoadAsync(conn, Batch, new { afterGtin, limit, today = Certifications.Validity.Today(clock) }, ct);
        foreach (var product in rows) Store(product.Product.Gtin, product, startedAt, _options.EntrySeconds);
        return rows;
    }

    /// <summary>Drops expired entries and eviction marks older than any load could be (the preloader calls it each cycle).</summary>
    internal void Sweep()
    {
        var now = clock.GetTimestamp();
        foreach (var (gtin, entry) in _entries)
            if (entry.ExpiresAt <= now) _entries.TryRemove(new KeyValuePair<string, Entry>(gtin, entry));
        var old = Stopwatch.GetTimestamp() - 10 * 60 * Stopwatch.Frequency;
        foreach (var (gtin, at) in _evictedAt)
            if (at < old) _evictedAt.TryRemove(new KeyValuePair<string, long>(gtin, at));
    }

    void Store(string gtin14, ResolvedProduct? product, long loadStartedAt, int ttlSeconds)
    {
        if (_evictedAt.TryGetValue(gtin14, out var evicted) && evicted >= loadStartedAt) return;
        if (_entries.Count >= _options.MaxEntries && !_entries.ContainsKey(gtin14)) return;
        _entries[gtin14] = new Entry(product, clock.GetTimestamp() + ttlSeconds * clock.TimestampFrequency);
    }

    static async Task<List<ResolvedProduct>> LoadAsync(NpgsqlConnection conn, string sql, object args, CancellationToken ct)
    {
        var rows = (await conn.QueryAsync<ProductWithBrandRow>(new CommandDefinition(sql, args, cancellationToken: ct))).ToList();
        if (rows.Count == 0) return [];
        var images = await ProductRow.PrimaryImagesAsync(conn, rows, ct);
        return rows.Select(r => new ResolvedProduct(r.Id, r.OwnerId, r.ToOut(images),
            BrandWebsite: string.IsNullOrEmpty(r.BrandWebsite) ? null : r.BrandWebsite, BrandId: r.BrandRecordId,
            Content: new(r.HasNutrition, r.HasIngredients, r.HasAllergens, r.HasActiveRecall, r.HasCertifications))).ToList();
    }

    /// <summary>A product row with the columns of its brand record.</summary>
    sealed class ProductWithBrandRow : ProductRow
    {
        public Guid? BrandRecordId { get; init; }
        public string? BrandWebsite { get; init; }
        public bool HasNutrition { get; init; }
        public bool HasIngredients { get; init; }
        public bool HasAllergens { get; init; }
        public bool HasActiveRecall { get; init; }
        public bool HasCertifications { get; init; }
    }
}
