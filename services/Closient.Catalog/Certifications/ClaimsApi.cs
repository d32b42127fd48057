using Closient.ServiceDefaults.Messaging;
using Closient.ServiceDefaults.Auth;
using Closient.ServiceDefaults.Data;
using Closient.ServiceDefaults.Http;
using Dapper;
using Microsoft.AspNetCore.Http.HttpResults;
using Npgsql;

namespace Closient.Catalog.Certifications;

/// <summary>
/// <c>/certifications/api/v1/products/{gtin}/claims</c>: marketing claims on a product. Same rules as the
/// certification assignments: reads for any secret-key caller, writes for ManageProducts on the owner.
/// </summary>
public static class ClaimsApi
{
    public static IEndpointRouteBuilder MapProductClaimsApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup(AssignmentsApi.BasePath + "/{gtin}/claims").WithTags("Product claims");
        group.MapGet("", ListClaims).WithName("ListProductClaimAssignments").WithAccess(AccessRule.AnyKey).WithSummary("A product's marketing claims as a bare array, by label.");
        group.MapPost("", CreateClaim).WithName("CreateProductClaim").WithAccess(AccessRule.Org(Permission.ManageProducts));
        group.MapDelete("{claimId}", DeleteClaim).WithName("DeleteProductClaim").WithAccess(AccessRule.Org(Permission.ManageProducts));
        return app;
    }

    static async Task<Results<Ok<IReadOnlyList<ClaimOut>>, ProblemHttpResult>> ListClaims(string gtin, Caller caller, NpgsqlDataSource db, CancellationToken ct)
    {
        if (!CertificationQueries.IsSecretKeyCaller(caller)) return CertificationProblems.NoResource();
        if (!Gtin.TryNormalize(gtin, out var gtin14, out var error)) return Problems.Validation("gtin", error);
        await using var conn = await db.OpenConnectionAsync(ct);
        if (await CertificationQueries.FindProductAsync(conn, gtin14, ct) is not { } product) return CertificationProblems.NoProduct(gtin14);
        return TypedResults.Ok(await CertificationQueries.ClaimsAsync(conn, product.Id, ct));
    }

    static async Task<Results<Created<ClaimOut>, ProblemHttpResult>> CreateClaim(
        string gtin, CreateClaimRequest body, Caller caller, NpgsqlDataSource db, Outbox outbox, TimeProvider clock, CancellationToken ct)
    {
        if (!Gtin.TryNormalize(gtin, out var gtin14, out var error)) return Problems.Validation("gtin", error);
        await using var conn = await db.OpenConnectionAsync(ct);
        await using var tx = await conn.BeginTransactionAsync(ct);
        var product = await CertificationQueries.FindProductAsync(conn, gtin14, ct, tx, lockForUpdate: true);
        if (product?.OwnerId is not { } owner || !caller.Can(owner, Permission.ManageProducts)) return CertificationProblems.NoProduct(gtin14);

        var v = new Validation();
        var validFrom = CertificationFields.Date(v, "valid_from", body.ValidFrom);
        var expirationDate = CertificationFields.Date(v, "expiration_date", body.ExpirationDate);
        CertificationFields.Window(v, validFrom, expirationDate);
        var claim = new
        {
            Id = ShortId.NewGuid(),
            ProductId = product.Id,
            Label = v.Required("label", body.Label, CertificationFields.ClaimLabelMax),
            Code = CertificationFields.Code(v, "code", body.Code),
            Category = body.Category is null ? Missing(v, "category") : CertificationFields.OneOf(v, "category", body.Category, CertificationFields.ClaimCategories, "", upper: true),
            Source = CertificationFields.OneOf(v, "source", body.Source, CertificationFields.ClaimSources, "BRAND_SELF_DECLARED", upper: true),
            Metadata = Metadata.ToJson(Metadata.ForCreate(body.Metadata, v)),
            ValidFrom = validFrom,
            ExpirationDate = expirationDate,
            Now = DatabaseTime.Now(clock),
        };
        if (!v.IsValid) return v.ToProblem();

        const string sql = $"""
            INSERT INTO catalog.product_claims (id, product_id, label, code, category, source, metadata, valid_from, expiration_date, created_at)
            VALUES (@Id, @ProductId, @Label, @Code, @Category, @Source, @Metadata::jsonb, @ValidFrom, @ExpirationDate, @Now)
            ON CONFLICT (product_id, code) DO NOTHING
            RETURNING {ClaimRow.Columns}
            """;
        var row = await conn.QuerySingleOrDefaultAsync<ClaimRow>(new CommandDefinition(sql, claim, tx, cancellationToken: ct));
        if (row is null) return Problems.Conflict($"The product with GTIN {gtin14} already has a claim with code {claim.Code}.");
        await Products.ProductVersions.PublishAsync(conn, tx, outbox, product.Id, clock, ct);
        await tx.CommitAsync(ct);
        var output = row.ToOut();
        return TypedResults.Created($"{AssignmentsApi.BasePath}/{gtin14}/claims/{output.Id}", output);
    }

    static async Task<Results<NoContent, ProblemHttpResult>> DeleteClaim(string gtin, string claimId, Caller caller, NpgsqlDataSource db,
        Outbox outbox, TimeProvider clock, CancellationToken ct)
    {
        if (!Gtin.TryNormalize(gtin, out var gtin14, out var error)) return Problems.Validation("gtin", error);
        await using var conn = await db.OpenConnectionAsync(ct);
        await using var tx = await conn.BeginTransactionAsync(ct);
        var product = await CertificationQueries.FindProductAsync(conn, gtin14, ct, tx, lockForUpdate: true);
        if (product?.OwnerId is not { } owner || !caller.Can(owner, Permission.ManageProducts)) return CertificationProblems.NoProduct(gtin14);
        if (!ShortId.TryParse(claimId, out var id)) return CertificationProblems.NoClaim();
        const string delete = "DELETE FROM catalog.product_claims WHERE product_id = @productId AND id = @id";
        if (await conn.ExecuteAsync(new CommandDefinition(delete, new { productId = product.Id, id }, tx, cancellationToken: ct)) == 0)
            return CertificationProblems.NoClaim();
        await Products.ProductVersions.PublishAsync(conn, tx, outbox, product.Id, clock, ct);
        await tx.CommitAsync(ct);
        return TypedResults.NoContent();
    }

    static string Missing(Validation v, string field)
    {
        v.Add(field, "Required.");
        return "";
    }
}
