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
/// Physical stores: an offers-owned resource linking a retailer to one location of the same organization
/// (published or not, known from LocationUpserted), with the currency of its offers' prices. One store per
/// location. Reads need <see cref="Permission.View"/>, writes <see cref="Permission.ManageOffers"/> on the
/// store's organization; anyone else gets 404.
/// </summary>
public static class PhysicalStoresApi
{
    const string StoresPath = "/retailers/api/v1/physical-stores";

    public static IEndpointRouteBuilder MapPhysicalStoresApi(this IEndpointRouteBuilder app)
    {
        var byOrganization = app.MapGroup("/retailers/api/v1/organizations/{organization_id}/physical-stores").WithTags("Physical stores");
        byOrganization.MapPost("", CreatePhysicalStore).WithName("CreatePhysicalStore").WithAccess(AccessRule.Org(Permission.ManageOffers));
        byOrganization.MapGet("", ListPhysicalStores).WithName("ListPhysicalStores").WithAccess(AccessRule.Org(Permission.View))
            .WithSummary("The organization's physical stores, filterable by retailer_id and location_id.");

        var stores = app.MapGroup(StoresPath).WithTags("Physical stores");
        stores.MapGet("/{store_id}", GetPhysicalStore).WithName("GetPhysicalStore").WithAccess(AccessRule.Org(Permission.View));
        stores.MapPatch("/{store_id}", UpdatePhysicalStore).WithName("UpdatePhysicalStore").WithAccess(AccessRule.Org(Permission.ManageOffers));
        stores.MapDelete("/{store_id}", DeletePhysicalStore).WithName("DeletePhysicalStore").WithAccess(AccessRule.Org(Permission.ManageOffers))
            .WithSummary("Deletes a store without offers (409 while it has some).");
        return app;
    }

    static async Task<Results<Created<PhysicalStoreOut>, ProblemHttpResult>> CreatePhysicalStore(
        [FromRoute(Name = "organization_id")] string organizationId, PhysicalStoreRequest body, Caller caller,
        NpgsqlDataSource db, TimeProvider clock, CancellationToken ct)
    {
        if (!caller.TryOrganization(organizationId, Permission.ManageOffers, out var orgId)) return Problems.OrganizationNotFound();
        var v = new Validation();
        var retailerId = v.Id("retailer_id", body.RetailerId);
        var locationId = v.Id("location_id", body.LocationId);
        var name = body.Name is null ? null : v.Required("name", body.Name, StoreLookups.MaxNameLength);
        var currency = OfferInput.Currency("currency", body.Currency, v);
        var metadata = Metadata.ForCreate(body.Metadata, v);
        if (!v.IsValid) return v.ToProblem();

        await using var conn = await db.OpenConnectionAsync(ct);
        await using var tx = await conn.BeginTransactionAsync(ct);
        if (!await StoreLookups.RetailerUsableAsync(conn, tx, retailerId, orgId, ct)) return StoreLookups.RetailerNotFound(body.RetailerId);
        // Another organization's location answers like a missing one.
        var location = await conn.QuerySingleOrDefaultAsync<LocationRow>(new CommandDefinition(
            "SELECT organization_id, name, currency FROM offers.locations WHERE id = @locationId AND deleted_at IS NULL",
            new { locationId }, tx, cancellationToken: ct));
        if (location is null || location.OrganizationId != orgId)
            return Problems.NotFound($"No location with location_id '{body.LocationId}' is known for this organization.");

        var now = DatabaseTime.Now(clock);
        var store = new PhysicalStoreRow
        {
            Id = ShortId.NewGuid(), OrganizationId = orgId, RetailerId = retailerId, LocationId = locationId,
            Name = name ?? location.Name, Currency = currency ?? location.Currency, IsActive = body.IsActive ?? true,
            Metadata = Metadata.ToJson(metadata), CreatedAt = now, UpdatedAt = now,
        };
        if (store.Currency.Length == 0) return Problems.Validation("currency", "Required: the location has no currency.");
        const string sql = """
            INSERT INTO offers.physical_stores (id, organization_id, retailer_id, location_id, name, currency, is_active, metadata, created_at, updated_at)
            VALUES (@Id, @OrganizationId, @RetailerId, @LocationId, @Name, @Currency, @IsActive, @Metadata::jsonb, @CreatedAt, @UpdatedAt)
            ON CONFLICT (location_id) DO NOTHING
            """;
        if (await conn.ExecuteAsync(new CommandDefinition(sql, store, tx, cancellationToken: ct)) == 0)
            return Problems.Duplicate("location_id");
        await tx.CommitAsync(ct);
        var result = store.ToOut();
        return TypedResults.Created($"{StoresPath}/{result.Id}", result);
    }

    static async Task<Results<Ok<Paged<PhysicalStoreOut>>, ProblemHttpResult>> ListPhysicalStores(
        [FromRoute(Name = "organization_id")] string organizationId,
        [FromQuery(Name = "page")] string? page, [FromQuery(Name = "page_size")] string? pageSize,
        [FromQuery(Name = "retailer_id")] string? retailerId, [FromQuery(Name = "location_id")] string? locationId, Caller caller,
        HttpRequest request, NpgsqlDataSource db, CancellationToken ct)
    {
        if (!caller.TryOrganization(organizationId, Permission.View, out var orgId)) return Problems.OrganizationNotFound();
        var v = new Validation();
        var query = PageQuery.Parse(page, pageSize, v);
        var retailer = Filters.Id("retailer_id", retailerId, v);
        var location = Filters.Id("location_id", locationId, v);
        var metadata = MetadataFilter.Parse(request.Query, v);
        if (!v.IsValid) return v.ToProblem();

        const string where = """
            WHERE organization_id = @orgId AND metadata @> @metadata::jsonb
              AND (@retailer::uuid IS NULL OR retailer_id = @retailer) AND (@location::uuid IS NULL OR location_id = @location)
            """;
        const string sql = $"""
            SELECT count(*) FROM offers.physical_stores {where};
            SELECT {PhysicalStoreRow.Columns} FROM offers.physical_stores {where} ORDER BY id LIMIT @PageSize OFFSET @Offset;
            """;
        await using var conn = await db.OpenConnectionAsync(ct);
        await using var results = await conn.QueryMultipleAsync(new CommandDefinition(sql,
            new { orgId, metadata, retailer, location, query.PageSize, query.Offset }, cancellationToken: ct));
        var total = await results.ReadSingleAsync<long>();
        var rows = await results.ReadAsync<PhysicalStoreRow>();
        return TypedResults.Ok(Paged<PhysicalStoreOut>.Of(rows.Select(r => r.ToOut()).ToList(), query, total));
    }

    static async Task<Results<Ok<PhysicalStoreOut>, ProblemHttpResult>> GetPhysicalStore(
        [FromRoute(Name = "store_id")] string storeId, Caller caller, NpgsqlDataSource db, CancellationToken ct)
    {
        if (!ShortId.TryParse(storeId, out var id)) return StoreNotFound();
        await using var conn = await db.OpenConnectionAsync(ct);
        var store = await conn.QuerySingleOrDefaultAsync<PhysicalStoreRow>(new CommandDefinition(
            $"SELECT {PhysicalStoreRow.Columns} FROM offers.physical_stores WHERE id = @id", new { id }, cancellationToken: ct));
        return store is null || !caller.Can(store.OrganizationId, Permission.View) ? StoreNotFound() : TypedResults.Ok(store.ToOut());
    }

    static async Task<Results<Ok<PhysicalStoreOut>, ProblemHttpResult>> UpdatePhysicalStore(
        [FromRoute(Name = "store_id")] string storeId, PhysicalStoreRequest body, Caller caller,
        NpgsqlDataSource db, TimeProvider clock, CancellationToken ct)
    {
        if (!ShortId.TryParse(storeId, out var id)) return StoreNotFound();
        await using var conn = await db.OpenConnectionAsync(ct);
        await using var tx = await conn.BeginTransactionAsync(ct);
        var store = await conn.QuerySingleOrDefaultAsync<PhysicalStoreRow>(new CommandDefinition(
            $"SELECT {PhysicalStoreRow.Columns} FROM offers.physical_stores WHERE id = @id FOR UPDATE", new { id }, tx, cancellationToken: ct));
        if (store is null || !caller.Can(store.OrganizationId, Permission.ManageOffers)) return StoreNotFound();

        var v = new Validation();
        Guid? retailerId = body.RetailerId is null ? null : v.Id("retailer_id", body.RetailerId);
        Guid? locationId = body.LocationId is null ? null : v.Id("location_id", body.LocationId);
        if (body.Name is not null) store.Name = v.Required("name", body.Name, StoreLookups.MaxNameLength);
        if (OfferInput.Currency("currency", body.Currency, v) is { } currency) store.Currency = currency;
        store.IsActive = body.IsActive ?? store.IsActive;
        store.Metadata = Metadata.ToJson(Metadata.Merge(Metadata.FromJson(store.Metadata), body.Metadata, v));
        if (locationId is { } l && l != store.LocationId) v.Add("location_id", "Cannot be changed; create another store instead.");
        if (!v.IsValid) return v.ToProblem();
        if (retailerId is { } r && r != store.RetailerId)
        {
            if (!await StoreLookups.RetailerUsableAsync(conn, tx, r, store.OrganizationId, ct)) return StoreLookups.RetailerNotFound(body.RetailerId);
            store.RetailerId = r;
        }
        store.UpdatedAt = DatabaseTime.After(store.UpdatedAt, clock);
        const string sql = """
            UPDATE offers.physical_stores SET retailer_id = @RetailerId, name = @Name, currency = @Currency, is_active = @IsActive,
                metadata = @Metadata::jsonb, updated_at = @UpdatedAt
            WHERE id = @Id
            """;
        await conn.ExecuteAsync(new CommandDefinition(sql, store, tx, cancellationToken: ct));
        await tx.CommitAsync(ct);
        return TypedResults.Ok(store.ToOut());
    }

    static async Task<Results<NoContent, ProblemHttpResult>> DeletePhysicalStore(
        [FromRoute(Name = "store_id")] string storeId, Caller caller, NpgsqlDataSource db, CancellationToken ct)
    {
        if (!ShortId.TryParse(storeId, out var id)) return StoreNotFound();
        await using var conn = await db.OpenConnectionAsync(ct);
        await using var tx = await conn.BeginTransactionAsync(ct);
        var organization = await conn.QuerySingleOrDefaultAsync<Guid?>(new CommandDefinition(
            "SELECT organization_id FROM offers.physical_stores WHERE id = @id FOR UPDATE", new { id }, tx, cancellationToken: ct));
        if (organization is not { } org || !caller.Can(org, Permission.ManageOffers)) return StoreNotFound();
        // Offers insert with a foreign key to the store (which takes a share lock on it), so none can appear meanwhile.
        if (await conn.ExecuteScalarAsync<bool>(new CommandDefinition(
                "SELECT EXISTS (SELECT 1 FROM offers.in_store_offers WHERE physical_store_id = @id)", new { id }, tx, cancellationToken: ct)))
            return Problems.Conflict("The store still has in-store offers; delete them first.");
        await conn.ExecuteAsync(new CommandDefinition("DELETE FROM offers.physical_stores WHERE id = @id", new { id }, tx, cancellationToken: ct));
        await tx.CommitAsync(ct);
        return TypedResults.NoContent();
    }

    static ProblemHttpResult StoreNotFound() => Problems.NotFound("No physical store with this store_id.");

    sealed class LocationRow
    {
        public Guid OrganizationId { get; init; }
        public string Name { get; init; } = "";
        public string Currency { get; init; } = "";
    }
}
