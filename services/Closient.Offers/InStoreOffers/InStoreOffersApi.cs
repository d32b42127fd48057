using Closient.Offers.Common;
using Closient.ServiceDefaults.Auth;
using Closient.ServiceDefaults.Data;
using Closient.ServiceDefaults.Http;
using Closient.ServiceDefaults.Messaging;
using Dapper;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Npgsql;

namespace Closient.Offers.InStoreOffers;

/// <summary>
/// In-store offers (spec/offers.md §3): a product at a physical store of the organization, unique by
/// (product_id, physical_store_id, sku). Products come from the catalog's events. Every route needs the
/// internal token; the caller needs <see cref="Permission.View"/> (reads) or <see cref="Permission.ManageOffers"/>
/// (writes) on the offer's organization, and a caller without it (an outsider, a missing role, a
/// publishable key) gets the same 404 as for a missing offer (spec/conventions.md §3.3). Permission is
/// checked before the body is validated.
/// </summary>
public static partial class InStoreOffersApi
{
    const string OffersPath = "/retailers/api/v1/in-store-offers";

    public static IEndpointRouteBuilder MapInStoreOffersApi(this IEndpointRouteBuilder app)
    {
        var byOrganization = app.MapGroup("/retailers/api/v1/organizations/{organization_id}/in-store-offers").WithTags("In-store offers");
        byOrganization.MapPost("", CreateInStoreOffer).WithName("CreateInStoreOffer").WithAccess(AccessRule.Org(Permission.ManageOffers));
        byOrganization.MapGet("", ListInStoreOffers).WithName("ListInStoreOffers").WithAccess(AccessRule.Org(Permission.View))
            .WithSummary("The organization's in-store offers, filterable by product_id, physical_store_id and status.");

        var offers = app.MapGroup(OffersPath).WithTags("In-store offers");
        offers.MapGet("/{offer_id}", GetInStoreOffer).WithName("GetInStoreOffer").WithAccess(AccessRule.Org(Permission.View));
        offers.MapPut("/{offer_id}", UpdateInStoreOffer).WithName("UpdateInStoreOffer").WithAccess(AccessRule.Org(Permission.ManageOffers))
            .WithSummary("Updates an in-store offer; omitted or null fields stay unchanged.");
        offers.MapDelete("/{offer_id}", DeleteInStoreOffer).WithName("DeleteInStoreOffer").WithAccess(AccessRule.Org(Permission.ManageOffers))
            .WithSummary("Deletes an in-store offer and its promotions.");
        return app;
    }

    static async Task<Results<Created<InStoreOfferOut>, ProblemHttpResult>> CreateInStoreOffer(
        [FromRoute(Name = "organization_id")] string organizationId, InStoreOfferRequest body, Caller caller,
        NpgsqlDataSource db, Outbox outbox, TimeProvider clock, CancellationToken ct)
    {
        if (!caller.TryOrganization(organizationId, Permission.ManageOffers, out var orgId)) return Problems.OrganizationNotFound();
        var now = DatabaseTime.Now(clock);
        var v = new Validation();
        var productId = v.Id("product_id", body.ProductId);
        var storeId = v.Id("physical_store_id", body.PhysicalStoreId);
        var sku = v.Optional("sku", body.Sku, OfferInput.MaxSkuLength);
        var aisle = v.Optional("aisle", body.Aisle, OfferInput.MaxAisleLength);
        var status = OfferInput.Status(body.Status, v) ?? OfferStatus.Default;
        var source = OfferInput.Source(body.Source, v) ?? OfferSource.Default;
        OfferInput.QuantityOnHand(body.QuantityOnHand, v);
        var price = OfferInput.Price(body.Price, body.PriceAmount, body.PriceCurrency, v);
        var lastSync = OfferInput.LastInventorySync(body.LastInventorySync, now, v);
        var metadata = Metadata.ForCreate(body.Metadata, v);
        if (!v.IsValid) return v.ToProblem();

        await using var conn = await db.OpenConnectionAsync(ct);
        await using var tx = await conn.BeginTransactionAsync(ct);
        var gtin = await conn.QuerySingleOrDefaultAsync<string>(new CommandDefinition(
            "SELECT gtin FROM offers.products WHERE id = @productId", new { productId }, tx, cancellationToken: ct));
        if (gtin is null) return Problems.NotFound($"No product with product_id '{body.ProductId}' is known.");

        // A store of another organization answers like a missing one, so its existence is not leaked.
        var store = await conn.QuerySingleOrDefaultAsync<StoreRow>(new CommandDefinition(
            "SELECT organization_id, currency, location_id, retailer_id FROM offers.physical_stores WHERE id = @storeId",
            new { storeId }, tx, cancellationToken: ct));
        if (store is null || store.OrganizationId != orgId)
            return Problems.NotFound($"No physical store with physical_store_id '{body.PhysicalStoreId}' in this organization.");

        var amount = price is null ? null : OfferInput.Resolve(price, store.Currency, v);
        if (!v.IsValid) return v.ToProblem();

        var offer = new InStoreOfferRow
        {
            Id = ShortId.NewGuid(), OrganizationId = orgId, ProductId = productId, PhysicalStoreId = storeId,
            Sku = sku, PriceAmount = amount, PriceCurrency = store.Currency, Status = status, Source = source,
            QuantityOnHand = body.QuantityOnHand, Aisle = aisle, StorePickupAvailable = body.StorePickupAvailable ?? false,
            Metadata = Metadata.ToJson(metadata), CreatedAt = now, UpdatedAt = now,
            LastInventorySync = Freshness.AfterWrite(null, lastSync, body.QuantityOnHand is not null, body.Source, now),
            LocationId = store.LocationId, RetailerId = store.RetailerId, ProductGtin = gtin,
        };
        if (await conn.ExecuteAsync(new CommandDefinition(InStoreOfferRow.Insert, offer, tx, cancellationToken: ct)) == 0)
            return Problems.Duplicate("product_id, physical_store_id, sku");
        await outbox.AddAsync(conn, tx, offer.ToUpserted(now), ct);
        await tx.CommitAsync(ct);

        var result = offer.ToOut(now);
        return TypedResults.Created($"{OffersPath}/{result.Id}", result);
    }

    static async Task<Results<Ok<Paged<InStoreOfferOut>>, ProblemHttpResult>> ListInStoreOffers(
        [FromRoute(Name = "organization_id")] string organizationId,
        [FromQuery(Name = "page")] string? page, [FromQuery(Name = "page_size")] string? pageSize,
        [FromQuery(Name = "product_id")] string? productId, [FromQuery(Name = "physical_store_id")] string? physicalStoreId,
        [FromQuery(Name = "status")] string? status, Caller caller,
        HttpRequest request, NpgsqlDataSource db, TimeProvider clock, CancellationToken ct)
    {
        if (!caller.TryOrganization(organizationId, Permission.View, out var orgId)) return Problems.OrganizationNotFound();
        var v = new Validation();
        var query = PageQuery.Parse(page, pageSize, v);
        var product = Filters.Id("product_id", productId, v);
        var store = Filters.Id("physical_store_id", physicalStoreId, v);
        var statusFilter = Filters.Status(status, v);
        var metadata = MetadataFilter.Parse(request.Query, v);
        if (!v.IsValid) return v.ToProblem();

        // Ids are UUIDv7, so id order is creation order and stable across pages.
        const string where = """
            WHERE o.organization_id = @orgId AND o.metadata @> @metadata::jsonb
              AND (@product::uuid IS NULL OR o.product_id = @product) AND (@store::uuid IS NULL OR o.physical_store_id = @store)
              AND (@statusFilter::text IS NULL OR o.status = @statusFilter)
            """;
        const string sql = $"""
            SELECT count(*) FROM offers.in_store_offers o {where};
            {InStoreOfferRow.Select} {where} ORDER BY o.id LIMIT @PageSize OFFSET @Offset;
            """;
        var now = DatabaseTime.Now(clock);
        await using var conn = await db.OpenConnectionAsync(ct);
        await using var results = await conn.QueryMultipleAsync(new CommandDefinition(sql,
            new { orgId, metadata, product, store, statusFilter, Now = now, query.PageSize, query.Offset }, cancellationToken: ct));
        var total = await results.ReadSingleAsync<long>();
        var rows = await results.ReadAsync<InStoreOfferRow>();
        return TypedResults.Ok(Paged<InStoreOfferOut>.Of(rows.Select(r => r.ToOut(now)).ToList(), query, total));
    }

    static async Task<Results<Ok<InStoreOfferOut>, ProblemHttpResult>> GetInStoreOffer(
        [FromRoute(Name = "offer_id")] string offerId, Caller caller, NpgsqlDataSource db, TimeProvider clock, CancellationToken ct)
    {
        if (caller.IsPublishable || !ShortId.TryParse(offerId, out var id)) return OfferNotFound();
        var now = DatabaseTime.Now(clock);
        await using var conn = await db.OpenConnectionAsync(ct);
        var offer = await conn.QuerySingleOrDefaultAsync<InStoreOfferRow>(new CommandDefinition(
            $"{InStoreOfferRow.Select} WHERE o.id = @id", new { id, Now = now }, cancellationToken: ct));
        return offer is null || !caller.Can(offer.OrganizationId, Permission.View) ? OfferNotFound() : TypedResults.Ok(offer.ToOut(now));
    }

    static async Task<Results<NoContent, ProblemHttpResult>> DeleteInStoreOffer(
        [FromRoute(Name = "offer_id")] string offerId, Caller caller,
        NpgsqlDataSource db, Outbox outbox, TimeProvider clock, CancellationToken ct)
    {
        if (caller.IsPublishable || !ShortId.TryParse(offerId, out var id)) return OfferNotFound();
        await using var conn = await db.OpenConnectionAsync(ct);
        await using var tx = await conn.BeginTransactionAsync(ct);
        var offer = await LockAsync(conn, tx, id, DatabaseTime.Now(clock), ct);
        if (offer is null || !caller.Can(offer.OrganizationId, Permission.ManageOffers)) return OfferNotFound();
        // Its promotions go with it (ON DELETE CASCADE).
        await conn.ExecuteAsync(new CommandDefinition("DELETE FROM offers.in_store_offers WHERE id = @id", new { id }, tx, cancellationToken: ct));
        await outbox.AddAsync(conn, tx, offer.ToRemoved(DatabaseTime.After(offer.UpdatedAt, clock)), ct);
        await tx.CommitAsync(ct);
        return TypedResults.NoContent();
    }

    /// <summary>The offer, locked for the rest of <paramref name="tx"/>; null when it does not exist.</summary>
    public static Task<InStoreOfferRow?> LockAsync(NpgsqlConnection conn, NpgsqlTransaction tx, Guid id, DateTimeOffset now, CancellationToken ct) =>
        conn.QuerySingleOrDefaultAsync<InStoreOfferRow?>(new CommandDefinition(
            $"{InStoreOfferRow.Select} WHERE o.id = @id FOR UPDATE OF o", new { id, Now = now }, tx, cancellationToken: ct));

    static ProblemHttpResult OfferNotFound() => Problems.NotFound("No in-store offer with this offer_id.");

    sealed class StoreRow
    {
        public Guid OrganizationId { get; init; }
        public string Currency { get; init; } = "";
        public Guid LocationId { get; init; }
        public Guid RetailerId { get; init; }
    }
}
