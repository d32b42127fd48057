using Closient.Catalog.Certifications;
using Dapper;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Closient.Catalog.Resolver;

/// <summary>One certification a product holds and that is active today, as the resolver shows it.</summary>
public sealed class ResolverCertification
{
    public string Code { get; init; } = "";
    public string Label { get; init; } = "";
    public string BodyName { get; init; } = "";
    public string BodyWebsite { get; init; } = "";
    public string Url { get; init; } = "";
    public string Standard { get; init; } = "";
    public string CertificateNumber { get; init; } = "";
    public string CertificationValue { get; init; } = "";
    public string Scope { get; init; } = "";
    public string VerificationUrl { get; init; } = "";
    public DateOnly? ValidFrom { get; init; }
    public DateOnly? ExpirationDate { get; init; }
}

/// <summary>
/// The active certifications of a GTIN for the resolver (the <c>gs1:certificationInfo</c> link, JSON-LD, the
/// hosted page's certifications section). Kept apart from <see cref="ResolutionData"/> on purpose: it is a
/// second small query that only the paths needing it run (linkset, JSON, JSON-LD, an explicit linkType, the
/// hosted page), never a plain scanner redirect. Cached like the product for <see cref="ResolverOptions.CacheSeconds"/>
/// and evicted by the same <c>ProductUpserted</c> (certification and claim changes publish one).
/// </summary>
public sealed class ResolverCertifications(NpgsqlDataSource db, IOptions<ResolverOptions> options, TimeProvider clock) : IDisposable
{
    readonly MemoryCache _cache = new(new MemoryCacheOptions { SizeLimit = 100_000 });
    readonly TimeSpan _ttl = TimeSpan.FromSeconds(Math.Max(0, options.Value.CacheSeconds));

    sealed record Entry(IReadOnlyList<ResolverCertification> Certifications);

    public async Task<IReadOnlyList<ResolverCertification>> GetAsync(Guid productId, string gtin14, CancellationToken ct)
    {
        if (_cache.TryGetValue(gtin14, out Entry? hit) && hit is not null) return hit.Certifications;
        var sql = $"""
            SELECT c.code, c.label, COALESCE(b.name, '') AS body_name, COALESCE(b.website, '') AS body_website, c.url, c.standard,
                   pc.certificate_number, pc.certification_value, pc.scope, pc.verification_url, pc.valid_from, pc.expiration_date
            FROM catalog.product_certifications pc
            JOIN catalog.certifications c ON c.id = pc.certification_id
            LEFT JOIN catalog.certification_bodies b ON b.id = c.certification_body_id
            WHERE pc.product_id = @productId AND {Validity.ActiveSql("pc")}
            ORDER BY c.label, pc.id
            """;
        await using var conn = await db.OpenConnectionAsync(ct);
        var rows = (await conn.QueryAsync<ResolverCertification>(new CommandDefinition(sql,
            new { productId, today = Validity.Today(clock) }, cancellationToken: ct))).ToList();
        if (_ttl > TimeSpan.Zero)
            _cache.Set(gtin14, new Entry(rows), new MemoryCacheEntryOptions { AbsoluteExpirationRelativeToNow = _ttl, Size = 1 });
        return rows;
    }

    public void Evict(string gtin14) => _cache.Remove(gtin14);

    public void Dispose() => _cache.Dispose();
}
