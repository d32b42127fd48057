using Closient.Offers.Common;
using Closient.ServiceDefaults.Auth;
using Closient.ServiceDefaults.Data;
using Closient.ServiceDefaults.Http;
using Dapper;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Npgsql;

namespace Closient.Offers.Stores;

/// <summary>
/// Online stores: a web storefront of a retailer with the currency of its offers' prices. Reads need
/// <see cref="Permission.View"/>, writes <see cref="Permission.ManageOffers"/> on the store's organization;
/// anyone else gets 404.
/// </summary>
public static class OnlineStoresApi
{
    const string StoresPath = "/retailers/api/v1/online-stores";

    public static IEndpointRouteBuilder MapOnlineStoresApi(this IEndpointRouteBuilder app)
    {
        var byOrganization = app.MapGroup("/retailers/api/v1/organizations/{organization_id}/online-stores").WithTags("Online stores");
        byOrganization.MapPost("", CreateOnlineStore).WithName("CreateOnlineStore").WithAccess(AccessRule.Org(Permission.ManageOffers));
        byOrganization.MapGet("", ListOnlineStores).WithName("ListOnlineStores").WithAccess(AccessRule.Org(Permission.View))
            .WithSummary("The organization's online stores, filterable by retailer_id.");

        var stores = app.MapGroup(StoresPath).WithTags("Online stores");
        stores.MapGet("/{store_id}", GetOnlineStore).WithName("GetOnlineStore").WithAccess(AccessRule.Org(Permission.View));
        stores.MapPatch("/{store_id}", UpdateOnlineStore).WithName("UpdateOnlineStore").WithAccess(AccessRule.Org(Permission.ManageOffers));
        stores.MapDelete("/{store_id}", DeleteOnlineStore).WithName("DeleteOnlineStore").WithAccess(AccessRule.Org(Permission.ManageOffers))
            .WithSummary("Deletes a store without offers (409 while it has some).");
        return app;
    }

    static async Task<Results<Created<OnlineStoreOut>, ProblemHttpResult>> CreateOnlineStore(
        [FromRoute(Name = "organization_id")] string organizationId, OnlineStoreRequest body, Caller caller,
        NpgsqlDataSource db, TimeProvider clock, CancellationToken ct)
    {
        if (!caller.TryOrganization(organizationId, Permission.ManageOffers, out var orgId)) return Problems.OrganizationNotFound();
        var v = new Validation();
        var now = DatabaseTime.Now(clock);
        var retailerId = v.Id("retailer_id", body.RetailerId);
        if (body.Currency is null) v.Add("currency", "Required.");
        var store = new OnlineStoreRow
        {
            Id = ShortId.NewGuid(), OrganizationId = orgId, RetailerId = retailerId,
            Name = v.Required("name", body.Name, StoreLookups.MaxNameLength),
            Url = OfferInput.Url("url", body.Url, v),
            Currency = OfferInput.Currency("currency", body.Currency, v) ?? "",
            IsActive = body.IsActive ?? true,
            Metadata = Metadata.ToJson(Metadata.ForCreate(body.Metadata, v)), CreatedAt = now, UpdatedAt = now,
        };
        if (!v.IsValid) return v.ToProblem();

        await using var conn = await db.OpenConnectionAsync(ct);
        await using var tx = await conn.BeginTransactionAsync(ct);
        if (!await StoreLookups.RetailerUsableAsync(conn, tx, retailerId, orgId, ct)) return StoreLookups.RetailerNotFound(body.RetailerId);
        const string sql = """
            INSERT INTO offers.online_stores (id, organization_id, retailer_id, name, url, currency, is_active, metadata, created_at, updated_at)
            VALUES (@Id, @OrganizationId, @RetailerId, @Name, @Url, @Currency, @IsActive, @Metadata::jsonb, @CreatedAt, @UpdatedAt)
            """;
        await conn.ExecuteAsync(new CommandDefinition(sql, store, tx, cancellationToken: ct));
        await tx.CommitAsync(ct);
        var result = store.ToOut();
        return TypedResults.Created($"{StoresPath}/{result.Id}", result);
    }

    static async Task<Results<Ok<Paged<OnlineStoreOut>>, ProblemHttpResult>> ListOnlineStores(
        [FromRoute(Name = "organization_id")] string organizationId,
        [FromQuery(Name = "page")] string? page, [FromQuery(Name = "page_size")] string? pageSize,
        [FromQuery(Name = "retailer_id")] string? retailerId, Caller caller,
        HttpRequest request, NpgsqlDataSource db, CancellationToken ct)
    {
        if (!caller.TryOrganization(organizationId, Permission.View, out var orgId)) return Problems.OrganizationNotFound();
        var v = new Validation();
        var query = PageQuery.Parse(page, pageSize, v);
        var retailer = Filters.Id("retailer_id", retailerId, v);
        var metadata = MetadataFilter.Parse(request.Query, v);
        if (!v.IsValid) return v.ToProblem();

        const string where = """
            WHERE organization_id = @orgId AND metadata @> @metadata::jsonb AND (@retailer::uuid IS NULL OR retailer_id = @retailer)
            """;
        const string sql = $"""
            SELECT count(*) FROM offers.online_stores {where};
            SELECT {OnlineStoreRow.Columns} FROM offers.online_stores {where} ORDER BY id LIMIT @PageSize OFFSET @Offset;
            """;
        await using var conn = await db.OpenConnectionAsync(ct);
        await using var results = await conn.QueryMultipleAsync(new CommandDefinition(sql,
            new { orgId, metadata, retailer, query.PageSize, query.Offset }, cancellationToken: ct));
        var total = await results.ReadSingleAsync<long>();
        var rows = await results.ReadAsync<OnlineStoreRow>();
        return TypedResults.Ok(Paged<OnlineStoreOut>.Of(rows.Select(r => r.ToOut()).ToList(), query, total));
    }

    static async Task<Results<Ok<OnlineStoreOut>, ProblemHttpResult>> GetOnlineStore(
        [FromRoute(Name = "store_id")] string storeId, Caller caller, NpgsqlDataSource db, CancellationToken ct)
    {
        if (!ShortId.TryParse(storeId, out var id)) return StoreNotFound();
        await using var conn = await db.OpenConnectionAsync(ct);
        var store = await conn.QuerySingleOrDefaultAsync<OnlineStoreRow>(new CommandDefinition(
            $"SELECT {OnlineStoreRow.Columns} FROM offers.online_stores WHERE id = @id", new { id }, cancellationToken: ct));
        return store is null || !caller.Can(store.OrganizationId, Permission.View) ? StoreNotFound() : TypedResults.Ok(store.ToOut());
    }

    static async Task<Results<Ok<OnlineStoreOut>, ProblemHttpResult>> UpdateOnlineStore(
        [FromRoute(Name = "store_id")] string storeId, OnlineStoreRequest body, Caller caller,
        NpgsqlDataSource db, TimeProvider clock, CancellationToken ct)
    {
        if (!ShortId.TryParse(storeId, out var id)) return StoreNotFound();
        await using var conn = await db.OpenConnectionAsync(ct);
        await using var tx = await conn.BeginTransactionAsync(ct);
        var store = await conn.QuerySingleOrDefaultAsync<OnlineStoreRow>(new CommandDefinition(
            $"SELECT {OnlineStoreRow.Columns} FROM offers.online_stores WHERE id = @id FOR UPDATE", new { id }, tx, cancellationToken: ct));
        if (store is null || !caller.Can(store.OrganizationId, Permission.ManageOffers)) return StoreNotFound();

        var v = new Validation();
        Guid? retailerId = body.RetailerId is null ? null : v.Id("retailer_id", body.RetailerId);
        if (body.Name is not null) store.Name = v.Required("name", body.Name, StoreLookups.MaxNameLength);
        if (body.Url is not null) store.Url = OfferInput.Url("url", body.Url, v);
        if (OfferInput.Currency("currency", body.Currency, v) is { } currency) store.Currency = currency;
        store.IsActive = body.IsActive ?? store.IsActive;
        store.Metadata = Metadata.ToJson(Metadata.Merge(Metadata.FromJson(store.Metadata), body.Metadata, v));
        if (!v.IsValid) return v.ToProblem();
        if (retailerId is { } r && r != store.RetailerId)
        {
            if (!await StoreLookups.RetailerUsableAsync(conn, tx, r, store.OrganizationId, ct)) return StoreLookups.RetailerNotFound(body.RetailerId);
            store.RetailerId = r;
        }
        store.UpdatedAt = DatabaseTime.After(store.UpdatedAt, clock);
        const string sql = """
            UPDATE offers.online_stores SET retailer_id = @RetailerId, name = @Name, url = @Url, currency = @Currency,
                is_active = @IsActive, metadata = @Metadata::jsonb, updated_at = @UpdatedAt
            WHERE id = @Id
            """;
        await conn.ExecuteAsync(new CommandDefinition(sql, store, tx, cancellationToken: ct));
        await tx.CommitAsync(ct);
        return TypedResults.Ok(store.ToOut());
    }

    static async Task<Results<NoContent, ProblemHttpResult>> DeleteOnlineStore(
        [FromRoute(Name = "store_id")] string storeId, Caller caller, NpgsqlDataSource db, CancellationToken ct)
    {
        if (!ShortId.TryParse(storeId, out var id)) return StoreNotFound();
        await using var conn = await db.OpenConnectionAsync(ct);
        await using var tx = await conn.BeginTransactionAsync(ct);
        var organization = await conn.QuerySingleOrDefaultAsync<Guid?>(new CommandDefinition(
            "SELECT organization_id FROM offers.online_stores WHERE id = @id FOR UPDATE", new { id }, tx, cancellationToken: ct));
        if (organization is not { } org || !caller.Can(org, Permission.ManageOffers)) return StoreNotFound();
        if (await conn.ExecuteScalarAsync<bool>(new CommandDefinition(
                "SELECT EXISTS (SELECT 1 FROM offers.online_offers WHERE online_store_id = @id)", new { id }, tx, cancellationToken: ct)))
            return Problems.Conflict("The store still has online offers; delete them first.");
        await conn.ExecuteAsync(new CommandDefinition("DELETE FROM offers.online_stores WHERE id = @id", new { id }, tx, cancellationToken: ct));
        await tx.CommitAsync(ct);
        return TypedResults.NoContent();
    }

    static ProblemHttpResult StoreNotFound() => Problems.NotFound("No online store with this store_id.");
}
