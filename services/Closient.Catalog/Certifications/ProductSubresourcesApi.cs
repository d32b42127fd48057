using Closient.ServiceDefaults.Auth;
using Closient.ServiceDefaults.Http;
using Dapper;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Npgsql;

namespace Closient.Catalog.Certifications;

/// <summary>
/// The products API's paginated views of the same data (spec/catalog.md §2):
/// <c>GET /products/api/v1/products/{gtin}/certifications</c> and <c>…/claims</c>, <c>{data, pagination}</c>.
/// </summary>
public static class ProductSubresourcesApi
{
    public static IEndpointRouteBuilder MapProductCertificationPagesApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/products/api/v1/products/{gtin}").WithTags("Products");
        group.MapGet("certifications", ListProductCertifications).WithName("ListProductCertifications").WithAccess(AccessRule.AnyKey)
            .WithSummary("A product's certifications, paginated; filters verification_status, is_active; ordering expiry_date|label (±).");
        group.MapGet("claims", ListProductClaims).WithName("ListProductClaims").WithAccess(AccessRule.AnyKey)
            .WithSummary("A product's marketing claims, paginated, by label.");
        return app;
    }

    static async Task<Results<Ok<Paged<CertificationAssignmentOut>>, ProblemHttpResult>> ListProductCertifications(
        string gtin,
        [FromQuery(Name = "verification_status")] string? verificationStatus,
        [FromQuery(Name = "is_active")] string? isActive,
        [FromQuery(Name = "ordering")] string? ordering,
        [FromQuery(Name = "page")] string? page, [FromQuery(Name = "page_size")] string? pageSize,
        Caller caller, NpgsqlDataSource db, TimeProvider clock, CancellationToken ct)
    {
        if (!CertificationQueries.IsSecretKeyCaller(caller)) return CertificationProblems.NoResource();
        var v = new Validation();
        if (!Gtin.TryNormalize(gtin, out var gtin14, out var error)) v.Add("gtin", error);
        var filter = AssignmentFilter.Parse(verificationStatus, isActive, ordering, v, out var badOrdering);
        var query = PageQuery.Parse(page, pageSize, v);
        if (badOrdering) return Problems.BadRequest(AssignmentFilter.OrderingError);
        if (!v.IsValid) return v.ToProblem();
        await using var conn = await db.OpenConnectionAsync(ct);
        if (await CertificationQueries.FindProductAsync(conn, gtin14, ct) is not { } product) return CertificationProblems.NoProduct(gtin14);
        var (rows, total) = await filter.QueryAsync(conn, product.Id, Validity.Today(clock), query, ct);
        return TypedResults.Ok(Paged<CertificationAssignmentOut>.Of(rows, query, total));
    }

    static async Task<Results<Ok<Paged<ClaimOut>>, ProblemHttpResult>> ListProductClaims(
        string gtin, [FromQuery(Name = "page")] string? page, [FromQuery(Name = "page_size")] string? pageSize,
        Caller caller, NpgsqlDataSource db, CancellationToken ct)
    {
        if (!CertificationQueries.IsSecretKeyCaller(caller)) return CertificationProblems.NoResource();
        var v = new Validation();
        if (!Gtin.TryNormalize(gtin, out var gtin14, out var error)) v.Add("gtin", error);
        var query = PageQuery.Parse(page, pageSize, v);
        if (!v.IsValid) return v.ToProblem();
        await using var conn = await db.OpenConnectionAsync(ct);
        if (await CertificationQueries.FindProductAsync(conn, gtin14, ct) is not { } product) return CertificationProblems.NoProduct(gtin14);
        var sql = $"""
            SELECT {ClaimRow.Columns} FROM catalog.product_claims WHERE product_id = @productId ORDER BY label, id LIMIT @limit OFFSET @offset;
            SELECT count(*) FROM catalog.product_claims WHERE product_id = @productId;
            """;
        await using var results = await conn.QueryMultipleAsync(new CommandDefinition(sql,
            new { productId = product.Id, limit = query.PageSize, offset = query.Offset }, cancellationToken: ct));
        var rows = (await results.ReadAsync<ClaimRow>()).Select(r => r.ToOut()).ToList();
        return TypedResults.Ok(Paged<ClaimOut>.Of(rows, query, await results.ReadSingleAsync<long>()));
    }
}
