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

public static partial class InStoreOffersApi
{
    /// <summary>
    /// PUT with PATCH semantics (spec/offers.md §3): omitted or null fields keep their value, metadata merges.
    /// The offer is looked up and the caller's ManageOffers on its organization checked before the body is validated.
    /// </summary>
    static async Task<Results<Ok<InStoreOfferOut>, ProblemHttpResult>> UpdateInStoreOffer(
        [FromRoute(Name = "offer_id")] string offerId, InStoreOfferRequest body, Caller caller,
        NpgsqlDataSource db, Outbox outbox, TimeProvider clock, CancellationToken ct)
    {
        if (caller.IsPublishable || !ShortId.TryParse(offerId, out var id)) return OfferNotFound();
        await using var conn = await db.OpenConnectionAsync(ct);
        await using var tx = await conn.BeginTransactionAsync(ct);
        var now = DatabaseTime.Now(clock);
        var offer = await LockAsync(conn, tx, id, now, ct);
        if (offer is null || !caller.Can(offer.OrganizationId, Permission.ManageOffers)) return OfferNotFound();

        var v = new Validation();
        Guid? productId = body.ProductId is null ? null : v.Id("product_id", body.ProductId);
        Guid? storeId = body.PhysicalStoreId is null ? null : v.Id("physical_store_id", body.PhysicalStoreId);
        var sku = body.Sku is null ? null : v.Optional("sku", body.Sku, OfferInput.MaxSkuLength);
        var aisle = body.Aisle is null ? null : v.Optional("aisle", body.Aisle, OfferInput.MaxAisleLength);
        var status = OfferInput.Status(body.Status, v);
        var source = OfferInput.Source(body.Source, v);
        OfferInput.QuantityOnHand(body.QuantityOnHand, v);
        var price = OfferInput.Price(body.Price, body.PriceAmount, body.PriceCurrency, v);
        var lastSync = OfferInput.LastInventorySync(body.LastInventorySync, now, v);
        if (!v.IsValid) return v.ToProblem();

        if (productId is { } p && p != offer.ProductId) v.Add("product_id", "Cannot be changed; create another offer instead.");
        if (storeId is { } s && s != offer.PhysicalStoreId) v.Add("physical_store_id", "Cannot be changed; create another offer instead.");
        var metadata = Metadata.Merge(Metadata.FromJson(offer.Metadata), body.Metadata, v);
        // The currency stays the one the offer was written in (the store's at creation).
        var amount = price is null ? offer.PriceAmount : OfferInput.Resolve(price, offer.PriceCurrency, v);
        if (!v.IsValid) return v.ToProblem();

        offer.Sku = sku ?? offer.Sku;
        offer.PriceAmount = amount;
        offer.Status = status ?? offer.Status;
        offer.Source = source ?? offer.Source;
        offer.QuantityOnHand = body.QuantityOnHand ?? offer.QuantityOnHand;
        offer.Aisle = aisle ?? offer.Aisle;
        offer.StorePickupAvailable = body.StorePickupAvailable ?? offer.StorePickupAvailable;
        offer.Metadata = Metadata.ToJson(metadata);
        offer.LastInventorySync = Freshness.AfterWrite(offer.LastInventorySync, lastSync, body.QuantityOnHand is not null, body.Source, now);
        offer.UpdatedAt = DatabaseTime.After(offer.UpdatedAt, clock);

        try
        {
            await conn.ExecuteAsync(new CommandDefinition(InStoreOfferRow.Update, offer, tx, cancellationToken: ct));
        }
        catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.UniqueViolation)
        {
            // Only a new sku can collide: another offer of this product at this store already has it.
            return Problems.Duplicate("product_id, physical_store_id, sku");
        }
        await outbox.AddAsync(conn, tx, offer.ToUpserted(now), ct);
        await tx.CommitAsync(ct);
        return TypedResults.Ok(offer.ToOut(now));
    }
}
