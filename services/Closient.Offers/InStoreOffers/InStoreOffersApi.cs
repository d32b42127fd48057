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
/// In-store offers (spec/offers.md §3): a product at a physical store (a published location), unique by
/// (product_id, physical_store_id, sku). Products and stores come from the read models the consumers keep.
/// Every route needs the internal token; the caller needs <see cref="Permission.View"/> (reads) or
/// <see cref="Permission.ManageOffers"/> (writes) on the offer's organization, and a caller without it
/// (an outsider, a missing role, a publishable key) gets the same 404 as for a missing offer
/// (spec/conventions.md §3.3). Permission is checked before the body is validated.
/// </summary>
public static partial class InStoreOffersApi
{
    const string OffersPath = "/retailers/api/v1/in-store-offers";

    public static IEndpointRouteBuilder MapInStoreOffersApi(this IEndpointRouteBuilder app)
    {
        var byOrganization = app.MapGroup("/retailers/api/v1/organizations/{organization_id}/in-store-offers").WithTags("In-store offers");
        byOrganization.MapPost("", CreateInStoreOffer).WithName("CreateInStoreOffer").WithAccess(AccessRule.Org(Permission.ManageOffers));
        byOrganization.MapGet("", ListInStoreOffers).WithName("ListInStoreOffers").WithAccess(AccessRule.Org(Permission.View));

        var offers = app.MapGroup(OffersPath).WithTags("In-store offers");
        offers.MapGet("/{offer_id}", GetInStoreOffer).WithName("GetInStoreOffer").WithAccess(AccessRule.Org(Permission.View));
        offers.MapPut("/{offer_id}", UpdateInStoreOffer).WithName("UpdateInStoreOffer").WithAccess(AccessRule.Org(Permission.ManageOffers))
            .WithSummary("Updates an in-store offer; omitted or null fields stay unchanged.");
        offers.MapDelete("/{offer_id}", DeleteInStoreOffer).WithName("DeleteInStoreOffer").WithAccess(AccessRule.Org(Permission.ManageOffers));
        return app;
    }

    static async Task<Results<Created<InStoreOfferOut>, ProblemHttpResult>> CreateInStoreOffer(
        [FromRoute(Name = "organization_id")] string organizationId, InStoreOfferRequest body, Caller caller,
        NpgsqlDataSource db, Outbox outbox, TimeProvider clock, CancellationToken ct)
    {
        if (!caller.TryOrganization(organizationId, Permission.ManageOffers, out var orgId)) return Problems.OrganizationNotFound();
        var v = new Validation();
        var productId = v.Id("product_id", body.ProductId);
        var storeId = v.Id("physical_store_id", body.PhysicalStoreId);
        var sku = v.Optional("sku", body.Sku, InStoreOfferInput.MaxSkuLength);
        var aisle = v.Optional("aisle", body.Aisle, InStoreOfferInput.MaxAisleLength);
        var status = InStoreOfferInput.Status(body.Status, v) ?? OfferStatus.Default;
        var source = InStoreOfferInput.Source(body.Source, v) ?? OfferSource.Default;
        InStoreOfferInput.QuantityOnHand(body.QuantityOnHand, v);
        var price = InStoreOfferInput.Price(body, v);
        var metadata = Metadata.ForCreate(body.Metadata, v);
        if (!v.IsValid) return v.ToProblem();

        await using var conn = await db.OpenConnectionAsync(ct);
        await using var tx = await conn.BeginTransactionAsync(ct);
        const string productSql = "SELECT EXISTS (SELECT 1 FROM offers.products WHERE id = @productId)";
        if (!await conn.ExecuteScalarAsync<bool>(new CommandDefinition(productSql, new { productId }, tx, cancellationToken: ct)))
            return Problems.NotFound($"No product with product_id '{body.ProductId}' is known.");

        // A store of another organization answers like a missing one, so its existence is not leaked.
        const string storeSql = "SELECT organization_id, currency, removed_at FROM offers.stores WHERE id = @storeId";
        var store = await conn.QuerySingleOrDefaultAsync<StoreRow>(new CommandDefinition(storeSql, new { storeId }, tx, cancellationToken: ct));
        if (store is null || store.RemovedAt is not null || store.OrganizationId != orgId)
            return Problems.NotFound($"No store with physical_store_id '{body.PhysicalStoreId}' is published for this organization.");

        var amount = price is null ? null : InStoreOfferInput.Resolve(price, store.Currency, v);
        if (!v.IsValid) return v.ToProblem();

        var now = DatabaseTime.Now(clock);
        var offer = new InStoreOfferRow
        {
            Id = ShortId.NewGuid(), OrganizationId = orgId, ProductId = productId, PhysicalStoreId = storeId,
            Sku = sku, PriceAmount = amount, PriceCurrency = store.Currency, Status = status, Source = source,
            QuantityOnHand = body.QuantityOnHand, Aisle = aisle, StorePickupAvailable = body.StorePickupAvailable ?? false,
            Metadata = Metadata.ToJson(metadata), CreatedAt = now, UpdatedAt = now,
        };
        const string sql = """
            INSERT INTO offers.in_store_offers (id, organization_id, product_id, physical_store_id, sku, price_amount, price_currency,
                status, source, is_verified, quantity_on_hand, aisle, store_pickup_available, metadata, created_at, updated_at)
            VALUES (@Id, @OrganizationId, @ProductId, @PhysicalStoreId, @Sku, @PriceAmount, @PriceCurrency,
                @Status, @Source, @IsVerified, @QuantityOnHand, @Aisle, @StorePickupAvailable, @Metadata::jsonb, @CreatedAt, @UpdatedAt)
            ON CONFLICT (product_id, physical_store_id, sku) DO NOTHING
            """;
        if (await conn.ExecuteAsync(new CommandDefinition(sql, offer, tx, cancellationToken: ct)) == 0)
            return Problems.Duplicate("product_id, physical_store_id, sku");
        await outbox.AddAsync(conn, tx, offer.ToUpserted(), ct);
        await tx.CommitAsync(ct);

        var result = offer.ToOut();
        return TypedResults.Created($"{OffersPath}/{result.Id}", result);
    }

    static async Task<Results<Ok<Paged<InStoreOfferOut>>, ProblemHttpResult>> ListInStoreOffers(
        [FromRoute(Name = "organization_id")] string organizationId,
        [FromQuery(Name = "page")] string? page, [FromQuery(Name = "page_size")] string? pageSize, Caller caller,
        HttpRequest request, NpgsqlDataSource db, CancellationToken ct)
    {
        if (!caller.TryOrganization(organizationId, Permission.View, out var orgId)) return Problems.OrganizationNotFound();
        var v = new Validation();
        var query = PageQuery.Parse(page, pageSize, v);
        var metadata = MetadataFilter.Parse(request.Query, v);
        if (!v.IsValid) return v.ToProblem();

        // Ids are UUIDv7, so id order is creation order and stable across pages.
        const string sql = $"""
            SELECT count(*) FROM offers.in_store_offers WHERE organization_id = @orgId AND metadata @> @metadata::jsonb;
            SELECT {InStoreOfferRow.Columns} FROM offers.in_store_offers WHERE organization_id = @orgId AND metadata @> @metadata::jsonb
            ORDER BY id LIMIT @PageSize OFFSET @Offset;
            """;
        await using var conn = await db.OpenConnectionAsync(ct);
        await using var results = await conn.QueryMultipleAsync(new CommandDefinition(sql,
            new { orgId, metadata, query.PageSize, query.Offset }, cancellationToken: ct));
        var total = await results.ReadSingleAsync<long>();
        var rows = await results.ReadAsync<InStoreOfferRow>();
        return TypedResults.Ok(Paged<InStoreOfferOut>.Of(rows.Select(r => r.ToOut()).ToList(), query, total));
    }

    static async Task<Results<Ok<InStoreOfferOut>, ProblemHttpResult>> GetInStoreOffer(
        [FromRoute(Name = "offer_id")] string offerId, Caller caller, NpgsqlDataSource db, CancellationToken ct)
    {
        if (caller.IsPublishable || !ShortId.TryParse(offerId, out var id)) return OfferNotFound();
        const string sql = $"SELECT {InStoreOfferRow.Columns} FROM offers.in_store_offers WHERE id = @id";
        await using var conn = await db.OpenConnectionAsync(ct);
        var offer = await conn.QuerySingleOrDefaultAsync<InStoreOfferRow>(new CommandDefinition(sql, new { id }, cancellationToken: ct));
        return offer is null || !caller.Can(offer.OrganizationId, Permission.View) ? OfferNotFound() : TypedResults.Ok(offer.ToOut());
    }

    static async Task<Results<NoContent, ProblemHttpResult>> DeleteInStoreOffer(
        [FromRoute(Name = "offer_id")] string offerId, Caller caller,
        NpgsqlDataSource db, Outbox outbox, TimeProvider clock, CancellationToken ct)
    {
        if (caller.IsPublishable || !ShortId.TryParse(offerId, out var id)) return OfferNotFound();
        await using var conn = await db.OpenConnectionAsync(ct);
        await using var tx = await conn.BeginTransactionAsync(ct);
        var offer = await LockAsync(conn, tx, id, ct);
        if (offer is null || !caller.Can(offer.OrganizationId, Permission.ManageOffers)) return OfferNotFound();
        const string sql = "DELETE FROM offers.in_store_offers WHERE id = @id";
        await conn.ExecuteAsync(new CommandDefinition(sql, new { id }, tx, cancellationToken: ct));
        await outbox.AddAsync(conn, tx, offer.ToRemoved(DatabaseTime.After(offer.UpdatedAt, clock)), ct);
        await tx.CommitAsync(ct);
        return TypedResults.NoContent();
    }

    /// <summary>The organization named by <paramref name="organizationId"/> when the caller holds <paramref name="permission"/> in it (publishable keys never do).</summary>
    /// <summary>The offer, locked for the rest of <paramref name="tx"/>; null when it does not exist.</summary>
    static Task<InStoreOfferRow?> LockAsync(NpgsqlConnection conn, NpgsqlTransaction tx, Guid id, CancellationToken ct) =>
        conn.QuerySingleOrDefaultAsync<InStoreOfferRow?>(new CommandDefinition(
            $"SELECT {InStoreOfferRow.Columns} FROM offers.in_store_offers WHERE id = @id FOR UPDATE", new { id }, tx, cancellationToken: ct));

    static ProblemHttpResult OfferNotFound() => Problems.NotFound("No in-store offer with this offer_id.");


    sealed class StoreRow
    {
        public Guid OrganizationId { get; init; }
        public string Currency { get; init; } = "";
        public DateTimeOffset? RemovedAt { get; init; }
    }
}
