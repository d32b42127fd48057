using Closient.ServiceDefaults.Auth;
using Closient.ServiceDefaults.Http;
using Dapper;
using Microsoft.AspNetCore.Http.HttpResults;
using Npgsql;

namespace Closient.Catalog.Certifications;

/// <summary>The product a certification or claim request names.</summary>
sealed record ProductRef(Guid Id, string Gtin, string ProductName, Guid? OwnerId);

/// <summary>Queries that several certification handlers, and other catalog features, share.</summary>
public static class CertificationQueries
{
    /// <summary>
    /// How many certifications <paramref name="productId"/> holds that are active on <paramref name="today"/>
    /// (today in [valid_from, expiration_date], null ends open). For the completeness score; pass
    /// <see cref="Validity.Today"/> of the request's <see cref="TimeProvider"/>.
    /// </summary>
    public static Task<int> CountActiveCertificationsAsync(NpgsqlConnection conn, Guid productId, DateOnly today, CancellationToken ct, NpgsqlTransaction? tx = null)
    {
        var sql = $"SELECT count(*)::int FROM catalog.product_certifications pc WHERE pc.product_id = @productId AND {Validity.ActiveSql("pc")}";
        return conn.ExecuteScalarAsync<int>(new CommandDefinition(sql, new { productId, today }, tx, cancellationToken: ct));
    }

    internal static Task<ProductRef?> FindProductAsync(NpgsqlConnection conn, string gtin14, CancellationToken ct, NpgsqlTransaction? tx = null, bool lockShared = false, bool lockForUpdate = false)
    {
        // Writers that also publish the product's ProductUpserted (and so update its row) lock it FOR UPDATE up front:
        // two FOR SHARE holders that both upgrade would deadlock.
        var sql = "SELECT id, gtin, product_name, owner_id FROM catalog.products WHERE gtin = @gtin14"
            + (lockForUpdate ? " FOR UPDATE" : lockShared ? " FOR SHARE" : "");
        return conn.QuerySingleOrDefaultAsync<ProductRef>(new CommandDefinition(sql, new { gtin14 }, tx, cancellationToken: ct));
    }

    internal static async Task<IReadOnlyList<CertificationAssignmentOut>> AssignmentsAsync(NpgsqlConnection conn, Guid productId, DateOnly today, CancellationToken ct)
    {
        var sql = $"SELECT {AssignmentRow.Columns} FROM {AssignmentRow.From} WHERE pc.product_id = @productId ORDER BY c.label, pc.id";
        var rows = await conn.QueryAsync<AssignmentRow>(new CommandDefinition(sql, new { productId }, cancellationToken: ct));
        return rows.Select(r => r.ToOut(today)).ToList();
    }

    internal static async Task<IReadOnlyList<ClaimOut>> ClaimsAsync(NpgsqlConnection conn, Guid productId, CancellationToken ct)
    {
        var sql = $"SELECT {ClaimRow.Columns} FROM catalog.product_claims WHERE product_id = @productId ORDER BY label, id";
        var rows = await conn.QueryAsync<ClaimRow>(new CommandDefinition(sql, new { productId }, cancellationToken: ct));
        return rows.Select(r => r.ToOut()).ToList();
    }

    /// <summary>The organizations whose private definitions the caller may see (View there).</summary>
    internal static Guid[] VisibleOrganizations(Caller caller) =>
        caller.Organizations.Keys.Where(org => caller.Can(org, Permission.View)).ToArray();

    internal static bool IsSecretKeyCaller(Caller caller) => caller.KeyType is ApiKeyFormat.Business or ApiKeyFormat.User;
}

/// <summary>The 404s of the certification endpoints, worded once.</summary>
static class CertificationProblems
{
    public static ProblemHttpResult NoResource() => Problems.NotFound("The requested resource was not found.");
    public static ProblemHttpResult NoProduct(string gtin14) => Problems.NotFound($"No product found for GTIN {gtin14}.");
    public static ProblemHttpResult NoCertification() => Problems.NotFound("No certification with this id.");
    public static ProblemHttpResult NoClaim() => Problems.NotFound("No claim with this id on this product.");
}
