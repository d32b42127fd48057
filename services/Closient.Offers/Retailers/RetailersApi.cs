using Closient.Offers.Common;
using Closient.ServiceDefaults.Auth;
using Closient.ServiceDefaults.Data;
using Closient.ServiceDefaults.Http;
using Closient.ServiceDefaults.Messaging;
using Dapper;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Npgsql;

namespace Closient.Offers.Retailers;

/// <summary>
/// Retailers (spec/offers.md §2): canonical ones (Closient-curated, seeded by a migration, readable with
/// any secret key, never writable) and organization-private ones (CRUD, soft delete). An org-private
/// retailer is visible only to members with <see cref="Permission.View"/> (writes: <see cref="Permission.ManageOffers"/>);
/// anyone else gets the same 404 as for a missing one.
/// </summary>
public static class RetailersApi
{
    const string RetailersPath = "/retailers/api/v1/retailers";

    public static IEndpointRouteBuilder MapRetailersApi(this IEndpointRouteBuilder app)
    {
        var byOrganization = app.MapGroup("/retailers/api/v1/organizations/{organization_id}/retailers").WithTags("Retailers");
        byOrganization.MapPost("", CreateRetailer).WithName("CreateRetailer").WithAccess(AccessRule.Org(Permission.ManageOffers));
        byOrganization.MapGet("", ListRetailers).WithName("ListRetailers").WithAccess(AccessRule.Org(Permission.View))
            .WithSummary("The organization's own retailers (not deleted), in creation order.");

        var retailers = app.MapGroup(RetailersPath).WithTags("Retailers");
        retailers.MapGet("", ListCanonicalRetailers).WithName("ListCanonicalRetailers").WithAccess(AccessRule.AnyKey)
            .WithSummary("The canonical (Closient-curated) retailers, readable with any secret key.");
        retailers.MapGet("/{retailer_id}", GetRetailer).WithName("GetRetailer").WithAccess(AccessRule.Org(Permission.View))
            .WithSummary("An org-private retailer (View on its organization) or a canonical one (any secret key).");
        retailers.MapPatch("/{retailer_id}", UpdateRetailer).WithName("UpdateRetailer").WithAccess(AccessRule.Org(Permission.ManageOffers))
            .WithSummary("Partial update of an org-private retailer; canonical ones are read-only (409).");
        retailers.MapPut("/{retailer_id}", UpdateRetailer).WithName("ReplaceRetailer").WithAccess(AccessRule.Org(Permission.ManageOffers))
            .WithSummary("Same as PATCH (omitted fields unchanged).");
        retailers.MapDelete("/{retailer_id}", DeleteRetailer).WithName("DeleteRetailer").WithAccess(AccessRule.Org(Permission.ManageOffers))
            .WithSummary("Soft-deletes an org-private retailer without stores; canonical ones cannot be deleted (409).");
        return app;
    }

    static async Task<Results<Created<RetailerOut>, ProblemHttpResult>> CreateRetailer(
        [FromRoute(Name = "organization_id")] string organizationId, RetailerRequest body, Caller caller,
        NpgsqlDataSource db, Outbox outbox, TimeProvider clock, CancellationToken ct)
    {
        if (!caller.TryOrganization(organizationId, Permission.ManageOffers, out var orgId)) return Problems.OrganizationNotFound();
        var v = new Validation();
        var now = DatabaseTime.Now(clock);
        var retailer = new RetailerRow
        {
            Id = ShortId.NewGuid(), OrganizationId = orgId, IsCanonical = false,
            Name = v.Required("name", body.Name, RetailerInput.MaxNameLength),
            Website = OfferInput.Url("website", body.Website, v),
            Gln = body.Gln is null ? null : RetailerInput.Gln(body.Gln, v),
            Category = v.Optional("category", body.Category, RetailerInput.MaxCategoryLength),
            MarketplaceRegions = body.MarketplaceRegions is null ? [] : RetailerInput.Regions(body.MarketplaceRegions, v),
            IsActive = body.IsActive ?? true,
            Metadata = Metadata.ToJson(Metadata.ForCreate(body.Metadata, v)),
            CreatedAt = now, UpdatedAt = now,
        };
        if (!v.IsValid) return v.ToProblem();

        await using var conn = await db.OpenConnectionAsync(ct);
        await using var tx = await conn.BeginTransactionAsync(ct);
        const string sql = """
            INSERT INTO offers.retailers (id, organization_id, is_canonical, name, website, gln, category, marketplace_regions,
                is_active, metadata, created_at, updated_at)
            VALUES (@Id, @OrganizationId, false, @Name, @Website, @Gln, @Category, @MarketplaceRegions,
                @IsActive, @Metadata::jsonb, @CreatedAt, @UpdatedAt)
            """;
        await conn.ExecuteAsync(new CommandDefinition(sql, retailer, tx, cancellationToken: ct));
        await outbox.AddAsync(conn, tx, retailer.ToCreated(), ct);
        await tx.CommitAsync(ct);
        var result = retailer.ToOut();
        return TypedResults.Created($"{RetailersPath}/{result.Id}", result);
    }

    static async Task<Results<Ok<Paged<RetailerOut>>, ProblemHttpResult>> ListRetailers(
        [FromRoute(Name = "organization_id")] string organizationId,
        [FromQuery(Name = "page")] string? page, [FromQuery(Name = "page_size")] string? pageSize, Caller caller,
        HttpRequest request, NpgsqlDataSource db, CancellationToken ct)
    {
        if (!caller.TryOrganization(organizationId, Permission.View, out var orgId)) return Problems.OrganizationNotFound();
        return await ListAsync(db, "r.organization_id = @orgId", orgId, page, pageSize, request, ct);
    }

    static async Task<Results<Ok<Paged<RetailerOut>>, ProblemHttpResult>> ListCanonicalRetailers(
        [FromQuery(Name = "page")] string? page, [FromQuery(Name = "page_size")] string? pageSize, Caller caller,
        HttpRequest request, NpgsqlDataSource db, CancellationToken ct)
    {
        if (!IsSecretKey(caller)) return Problems.NotFound("No such resource.");
        return await ListAsync(db, "r.is_canonical", null, page, pageSize, request, ct);
    }

    static async Task<Results<Ok<Paged<RetailerOut>>, ProblemHttpResult>> ListAsync(NpgsqlDataSource db, string filter, Guid? orgId,
        string? page, string? pageSize, HttpRequest request, CancellationToken ct)
    {
        var v = new Validation();
        var query = PageQuery.Parse(page, pageSize, v);
        var metadata = MetadataFilter.Parse(request.Query, v);
        if (!v.IsValid) return v.ToProblem();
        var where = $"WHERE {filter} AND r.deleted_at IS NULL AND r.metadata @> @metadata::jsonb";
        var sql = $"""
            SELECT count(*) FROM offers.retailers r {where};
            {RetailerRow.Select} {where} ORDER BY r.id LIMIT @PageSize OFFSET @Offset;
            """;
        await using var conn = await db.OpenConnectionAsync(ct);
        await using var results = await conn.QueryMultipleAsync(new CommandDefinition(sql,
            new { orgId, metadata, query.PageSize, query.Offset }, cancellationToken: ct));
        var total = await results.ReadSingleAsync<long>();
        var rows = await results.ReadAsync<RetailerRow>();
        return TypedResults.Ok(Paged<RetailerOut>.Of(rows.Select(r => r.ToOut()).ToList(), query, total));
    }

    static async Task<Results<Ok<RetailerOut>, ProblemHttpResult>> GetRetailer(
        [FromRoute(Name = "retailer_id")] string retailerId, Caller caller, NpgsqlDataSource db, CancellationToken ct)
    {
        if (!ShortId.TryParse(retailerId, out var id)) return RetailerNotFound();
        await using var conn = await db.OpenConnectionAsync(ct);
        var retailer = await conn.QuerySingleOrDefaultAsync<RetailerRow>(new CommandDefinition(
            $"{RetailerRow.Select} WHERE r.id = @id AND r.deleted_at IS NULL", new { id }, cancellationToken: ct));
        return retailer is null || !CanRead(caller, retailer) ? RetailerNotFound() : TypedResults.Ok(retailer.ToOut());
    }

    static async Task<Results<Ok<RetailerOut>, ProblemHttpResult>> UpdateRetailer(
        [FromRoute(Name = "retailer_id")] string retailerId, RetailerRequest body, Caller caller,
        NpgsqlDataSource db, TimeProvider clock, CancellationToken ct)
    {
        if (!ShortId.TryParse(retailerId, out var id)) return RetailerNotFound();
        await using var conn = await db.OpenConnectionAsync(ct);
        await using var tx = await conn.BeginTransactionAsync(ct);
        var retailer = await LockAsync(conn, tx, id, ct);
        if (retailer is null || !CanRead(caller, retailer)) return RetailerNotFound();
        if (retailer.IsCanonical) return CanonicalIsReadOnly();
        if (!caller.Can(retailer.OrganizationId!.Value, Permission.ManageOffers)) return RetailerNotFound();

        var v = new Validation();
        if (body.Name is not null) retailer.Name = v.Required("name", body.Name, RetailerInput.MaxNameLength);
        if (body.Website is not null) retailer.Website = OfferInput.Url("website", body.Website, v);
        if (body.Gln is not null) retailer.Gln = RetailerInput.Gln(body.Gln, v);
        if (body.Category is not null) retailer.Category = v.Optional("category", body.Category, RetailerInput.MaxCategoryLength);
        if (body.MarketplaceRegions is not null) retailer.MarketplaceRegions = RetailerInput.Regions(body.MarketplaceRegions, v);
        retailer.IsActive = body.IsActive ?? retailer.IsActive;
        retailer.Metadata = Metadata.ToJson(Metadata.Merge(Metadata.FromJson(retailer.Metadata), body.Metadata, v));
        if (!v.IsValid) return v.ToProblem();
        retailer.UpdatedAt = DatabaseTime.After(retailer.UpdatedAt, clock);

        const string sql = """
            UPDATE offers.retailers SET name = @Name, website = @Website, gln = @Gln, category = @Category,
                marketplace_regions = @MarketplaceRegions, is_active = @IsActive, metadata = @Metadata::jsonb, updated_at = @UpdatedAt
            WHERE id = @Id
            """;
        await conn.ExecuteAsync(new CommandDefinition(sql, retailer, tx, cancellationToken: ct));
        await tx.CommitAsync(ct);
        return TypedResults.Ok(retailer.ToOut());
    }

    static async Task<Results<NoContent, ProblemHttpResult>> DeleteRetailer(
        [FromRoute(Name = "retailer_id")] string retailerId, Caller caller, NpgsqlDataSource db, TimeProvider clock, CancellationToken ct)
    {
        if (!ShortId.TryParse(retailerId, out var id)) return RetailerNotFound();
        await using var conn = await db.OpenConnectionAsync(ct);
        await using var tx = await conn.BeginTransactionAsync(ct);
        var retailer = await LockAsync(conn, tx, id, ct);
        if (retailer is null || !CanRead(caller, retailer)) return RetailerNotFound();
        if (retailer.IsCanonical) return CanonicalIsReadOnly();
        if (!caller.Can(retailer.OrganizationId!.Value, Permission.ManageOffers)) return RetailerNotFound();

        const string storesSql = """
            SELECT EXISTS (SELECT 1 FROM offers.physical_stores WHERE retailer_id = @id)
                OR EXISTS (SELECT 1 FROM offers.online_stores WHERE retailer_id = @id)
            """;
        if (await conn.ExecuteScalarAsync<bool>(new CommandDefinition(storesSql, new { id }, tx, cancellationToken: ct)))
            return Problems.Conflict("The retailer still has stores; delete them first.");
        await conn.ExecuteAsync(new CommandDefinition("UPDATE offers.retailers SET deleted_at = @now, updated_at = @now WHERE id = @id",
            new { id, now = DatabaseTime.After(retailer.UpdatedAt, clock) }, tx, cancellationToken: ct));
        await tx.CommitAsync(ct);
        return TypedResults.NoContent();
    }

    /// <summary>The retailer (not deleted) locked for the rest of <paramref name="tx"/>; null when there is none.</summary>
    static Task<RetailerRow?> LockAsync(NpgsqlConnection conn, NpgsqlTransaction tx, Guid id, CancellationToken ct) =>
        conn.QuerySingleOrDefaultAsync<RetailerRow?>(new CommandDefinition(
            $"{RetailerRow.Select} WHERE r.id = @id AND r.deleted_at IS NULL FOR UPDATE OF r", new { id }, tx, cancellationToken: ct));

    /// <summary>Canonical retailers: any secret key; org-private ones: View on the organization.</summary>
    static bool CanRead(Caller caller, RetailerRow retailer) =>
        retailer.IsCanonical ? IsSecretKey(caller) : caller.Can(retailer.OrganizationId!.Value, Permission.View);

    /// <summary>A caller with a secret (csb/csu) key, not a publishable key, the anonymous token or the gateway's own.</summary>
    static bool IsSecretKey(Caller caller) => caller.IsAuthenticated && !caller.IsPublishable && caller.KeyType != Caller.ServiceKeyType;

    static ProblemHttpResult RetailerNotFound() => Problems.NotFound("No retailer with this retailer_id.");

    static ProblemHttpResult CanonicalIsReadOnly() => Problems.Conflict("Canonical retailers are curated by Closient and read-only.");
}
