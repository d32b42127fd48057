using Npgsql;

namespace Closient.Catalog.Dashboard;

/// <summary>
/// The seams where completeness and stats read data other slices of the catalog will own (categories,
/// nutrition panels, certifications, online offers). Until those exist each answers "none", which scores 0
/// and counts 0. Whoever adds the data replaces the body of one method with a query over their own tables,
/// scoped to the organization's products; everything else (formula, stats, tests of agreement) stays.
/// </summary>
static class CompletenessSeams
{
    /// <summary>Days ahead in which a certification's expiry counts as "expiring" in the stats.</summary>
    public const int ExpiringWithinDays = 30;

    static readonly IReadOnlySet<Guid> None = new HashSet<Guid>();

    /// <summary>Products of <paramref name="organizationId"/> with a category (GPC brick or category id). TODO(#4): products have no category yet.</summary>
    public static Task<IReadOnlySet<Guid>> CategorizedProductsAsync(NpgsqlConnection conn, Guid organizationId, CancellationToken ct) =>
        Task.FromResult(None);

    /// <summary>Products of <paramref name="organizationId"/> with a nutrition panel. TODO(#4): nutrition panels are not stored yet.</summary>
    public static Task<IReadOnlySet<Guid>> ProductsWithNutritionAsync(NpgsqlConnection conn, Guid organizationId, CancellationToken ct) =>
        Task.FromResult(None);

    /// <summary>Products of <paramref name="organizationId"/> with at least one active certification. TODO(#4): certifications are not stored yet.</summary>
    public static Task<IReadOnlySet<Guid>> CertifiedProductsAsync(NpgsqlConnection conn, Guid organizationId, CancellationToken ct) =>
        Task.FromResult(None);

    /// <summary>Certifications on the organization's products expiring within <see cref="ExpiringWithinDays"/> days. TODO(#4).</summary>
    public static Task<int> ExpiringCertificationsAsync(NpgsqlConnection conn, Guid organizationId, DateTimeOffset now, CancellationToken ct) =>
        Task.FromResult(0);

    /// <summary>
    /// Online offers of the organization's products whose URL check failed (broken, timeout, dns_failure).
    /// TODO(#4): online offers do not exist yet; in-store offers have no URL to break.
    /// </summary>
    public static Task<int> BrokenOnlineOffersAsync(NpgsqlConnection conn, Guid organizationId, CancellationToken ct) =>
        Task.FromResult(0);
}
