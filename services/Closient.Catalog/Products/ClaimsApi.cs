using Closient.Catalog.Certifications;
using Closient.Contracts.Catalog;
using Closient.ServiceDefaults.Auth;
using Closient.ServiceDefaults.Http;
using Closient.ServiceDefaults.Messaging;
using Dapper;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.ModelBinding;
using Npgsql;

namespace Closient.Catalog.Products;

/// <summary>
/// Claiming and releasing products: <c>POST /products/{gtin}/claim</c> and <c>DELETE /products/{gtin}</c>
/// (unclaim + deactivate). The product row is locked (<c>FOR UPDATE</c>) for the decision, so two
/// organizations claiming at once get exactly one 200 and one 409. README "Claiming".
/// </summary>
public static class ClaimsApi
{
    const string BasePath = "/products/api/v1/products";

    public static IEndpointRouteBuilder MapClaimsApi(this IEndpointRouteBuilder app)
    {
        var products = app.MapGroup(BasePath).WithTags("Products");
        products.MapPost("{gtin}/claim", ClaimProduct).WithName("ClaimProduct").WithAccess(AccessRule.Org(Permission.ManageProducts))
            .WithSummary("Claim a product for an organization; idempotent for the organization that holds it.");
        products.MapDelete("{gtin}", UnclaimProduct).WithName("UnclaimProduct").WithAccess(AccessRule.Org(Permission.ManageOrganization))
            .WithSummary("Release the caller's organization's claim on a product (unclaim and deactivate).");
        return app;
    }

    static async Task<Results<Ok<ClaimResponse>, ProblemHttpResult>> ClaimProduct(
        string gtin, [FromBody(EmptyBodyBehavior = EmptyBodyBehavior.Allow)] ClaimRequest? body,
        Caller caller, NpgsqlDataSource db, Outbox outbox, TimeProvider clock, CancellationToken ct)
    {
        // The organization is checked before the GTIN, so an outsider learns nothing about either.
        var (org, problem) = ActingOrganization.Resolve(caller, body?.OrganizationId, Permission.ManageProducts);
        if (problem is not null) return problem;
        if (!Gtin.TryNormalize(gtin, out var gtin14, out var error)) return Problems.Validation("gtin", error);

        await using var conn = await db.OpenConnectionAsync(ct);
        await using var tx = await conn.BeginTransactionAsync(ct);
        var current = await LockAsync(conn, tx, gtin14, ct);
        if (current is null) return ProductsApi.NotFound(gtin14);
        if (current.OwnerId == org)
            return TypedResults.Ok(Response(current, "The product is already claimed by this organization."));
        if (current.OwnerId is not null)
            return Problems.Conflict($"GTIN {gtin14} is already claimed by another organization. If the claim is wrong, report it with POST {BasePath}/{gtin14}/report-claim.");

        // claimed_at: the spec says "resolver-enabled time if already enrolled"; no enrollment exists yet, so now.
        const string update = $"""
            UPDATE catalog.products
            SET owner_id = @org, claimed_at = @now, claim_verification_status = 'unverified', claim_under_review = false,
                modified_at = GREATEST(@now, modified_at + interval '1 microsecond')
            WHERE id = @id
            RETURNING {ProductRow.Columns}
            """;
        var row = await conn.QuerySingleAsync<ProductRow>(new CommandDefinition(update,
            new { org, now = DatabaseNow(clock), id = current.Id }, tx, cancellationToken: ct));
        await outbox.AddAsync(conn, tx, row.ToUpserted(await ProductEventData.LoadAsync(conn, tx, row.Id, Validity.Today(clock), ct)), ct);
        await outbox.AddAsync(conn, tx, row.ToClaimed(), ct);
        await tx.CommitAsync(ct);
        return TypedResults.Ok(Response(row, "Product claimed. The claim is unverified until it is checked."));
    }

    static async Task<Results<Ok<ProductOut>, ProblemHttpResult>> UnclaimProduct(
        string gtin, [FromBody(EmptyBodyBehavior = EmptyBodyBehavior.Allow)] ClaimRequest? body,
        Caller caller, NpgsqlDataSource db, Outbox outbox, TimeProvider clock, CancellationToken ct)
    {
        Guid? requested = null;
        if (body?.OrganizationId is { } text)
        {
            if (!ShortId.TryParse(text.Trim(), out var org)) return Problems.Validation("organization_id", "Must be a 22-character id or a UUID.");
            requested = org;
        }
        if (!Gtin.TryNormalize(gtin, out var gtin14, out var error)) return Problems.Validation("gtin", error);

        await using var conn = await db.OpenConnectionAsync(ct);
        await using var tx = await conn.BeginTransactionAsync(ct);
        var current = await LockAsync(conn, tx, gtin14, ct);
        if (current is null) return ProductsApi.NotFound(gtin14);

        // Releasing a claim is an organization decision: owners and managers (ManageOrganization), not editors.
        if (current.OwnerId is not { } owner)
        {
            // Already unclaimed (a retried DELETE, or nothing to release): 200 with the product, nothing written,
            // for any caller who could have released it; everyone else gets the usual 404.
            var couldOwn = requested is { } r ? caller.Can(r, Permission.ManageOrganization)
                : caller.Organizations.Keys.Any(o => caller.Can(o, Permission.ManageOrganization));
            return couldOwn ? TypedResults.Ok(current.ToOut(await ProductRow.PrimaryImagesAsync(conn, [current], ct, tx))) : ProductsApi.NotFound(gtin14);
        }
        if (requested is { } asked && asked != owner || !caller.Can(owner, Permission.ManageOrganization))
            return ProductsApi.NotFound(gtin14);

        var now = DatabaseNow(clock);
        const string update = $"""
            UPDATE catalog.products
            SET owner_id = NULL, claimed_at = NULL, claim_verification_status = 'unverified', claim_under_review = false,
                modified_at = GREATEST(@now, modified_at + interval '1 microsecond')
            WHERE id = @id
            RETURNING {ProductRow.Columns}
            """;
        var row = await conn.QuerySingleAsync<ProductRow>(new CommandDefinition(update, new { now, id = current.Id }, tx, cancellationToken: ct));
        // Reports were about this claim; with the claim gone, its review is moot.
        const string closeReview = """
            UPDATE catalog.claim_review_queue SET status = 'closed', updated_at = @now
            WHERE product_id = @id AND owner_id = @owner AND status = 'open'
            """;
        await conn.ExecuteAsync(new CommandDefinition(closeReview, new { now, id = current.Id, owner }, tx, cancellationToken: ct));
        await outbox.AddAsync(conn, tx, row.ToUpserted(await ProductEventData.LoadAsync(conn, tx, row.Id, Validity.Today(clock), ct)), ct);
        await outbox.AddAsync(conn, tx, new ProductUnclaimed(row.Id, row.Gtin, owner, row.ModifiedAt), ct);
        var images = await ProductRow.PrimaryImagesAsync(conn, [row], ct, tx);
        await tx.CommitAsync(ct);
        return TypedResults.Ok(row.ToOut(images));
    }

    static Task<ProductRow?> LockAsync(NpgsqlConnection conn, NpgsqlTransaction tx, string gtin14, CancellationToken ct) =>
        conn.QuerySingleOrDefaultAsync<ProductRow>(new CommandDefinition(
            $"SELECT {ProductRow.Columns} FROM catalog.products WHERE gtin = @gtin14 FOR UPDATE", new { gtin14 }, tx, cancellationToken: ct));

    static ClaimResponse Response(ProductRow row, string message) =>
        new(row.Gtin, ShortId.Encode(row.OwnerId!.Value), row.ClaimedAt ?? row.CreatedAt, row.ClaimVerificationStatus, message);

    static DateTimeOffset DatabaseNow(TimeProvider clock) => ServiceDefaults.Data.DatabaseTime.Now(clock);
}
