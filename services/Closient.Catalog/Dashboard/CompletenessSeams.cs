using Closient.Catalog.Certifications;
using Dapper;
using Npgsql;

namespace Closient.Catalog.Dashboard;

/// <summary>
/// The seams where completeness and stats read data other slices of the catalog own (categories,
/// nutrition panels, certifications, online offers). Categories (GPC brick), nutrition panels and certifications are
/// wired; online offers do not exist yet, so they answer "none", which scores 0 and counts 0. Whoever adds the data replaces the body of one method with a query over their own tables,
/// scoped to the organization's products; everything else (formula, stats, tests of agreement) stays.
/// </summary>
static class CompletenessSeams
{
    /// <summary>Days ahead in which a certification's expiry counts as "expiring" in the stats.</summary>
    public const int ExpiringWithinDays = 30;

    /// <summary>Products of <paramref name="organizationId"/> with a category: a GPC brick code (categories by id do not exist yet).</summary>
    public static async Task<IReadOnlySet<Guid>> CategorizedProductsAsync(NpgsqlConnection conn, Guid organizationId, CancellationToken ct) =>
        (await conn.QueryAsync<Guid>(new CommandDefinition(
            "SELECT id FROM catalog.products WHERE owner_id = @organizationId AND gpc_brick_code <> ''", new { organizationId }, cancellationToken: ct))).ToHashSet();

    /// <summary>Products of <paramref name="organizationId"/> with a nutrition panel (ProductData/NutritionApi).</summary>
    public static async Task<IReadOnlySet<Guid>> ProductsWithNutritionAsync(NpgsqlConnection conn, Guid organizationId, CancellationToken ct) =>
        (await conn.QueryAsync<Guid>(new CommandDefinition("""
            SELECT n.product_id FROM catalog.product_nutrition n JOIN catalog.products p ON p.id = n.product_id
            WHERE p.owner_id = @organizationId
            """, new { organizationId }, cancellationToken: ct))).ToHashSet();

    /// <summary>Products of <paramref name="organizationId"/> with at least one certification active on <paramref name="today"/> (the rule of <c>is_active</c>).</summary>
    public static async Task<IReadOnlySet<Guid>> CertifiedProductsAsync(NpgsqlConnection conn, Guid organizationId, DateOnly today, CancellationToken ct) =>
        (await conn.QueryAsync<Guid>(new CommandDefinition($"""
            SELECT DISTINCT pc.product_id FROM catalog.product_certifications pc JOIN catalog.products p ON p.id = pc.product_id
            WHERE p.owner_id = @organizationId AND {Validity.ActiveSql("pc")}
            """, new { organizationId, today }, cancellationToken: ct))).ToHashSet();

    /// <summary>Active certifications on the organization's products whose expiration date falls within <see cref="ExpiringWithinDays"/> days.</summary>
    public static Task<int> ExpiringCertificationsAsync(NpgsqlConnection conn, Guid organizationId, DateOnly today, CancellationToken ct) =>
        conn.ExecuteScalarAsync<int>(new CommandDefinition($"""
            SELECT count(*)::int FROM catalog.product_certifications pc JOIN catalog.products p ON p.id = pc.product_id
            WHERE p.owner_id = @organizationId AND {Validity.ActiveSql("pc")} AND pc.expiration_date <= @until
            """, new { organizationId, today, until = today.AddDays(ExpiringWithinDays) }, cancellationToken: ct));

    /// <summary>
    /// Online offers of the organization's products whose URL check failed (broken, timeout, dns_failure).
    /// TODO(#4): online offers do not exist yet; in-store offers have no URL to break.
    /// </summary>
    public static Task<int> BrokenOnlineOffersAsync(NpgsqlConnection conn, Guid organizationId, CancellationToken ct) =>
        Task.FromResult(0);
}
