using Closient.Offers.Common;
using Closient.Offers.InStoreOffers;
using Closient.ServiceDefaults.Data;
using Closient.ServiceDefaults.Http;
using Closient.ServiceDefaults.Messaging;
using Dapper;
using Npgsql;

namespace Closient.Offers.Integrations;

/// <summary>A POS's statement about one product at one store: stock (null: none, e.g. a product update) and price.</summary>
public sealed record PosStock(Guid OrganizationId, Guid PhysicalStoreId, string Gtin, string Sku, decimal? Price, int? Quantity, DateTimeOffset? AsOf);

public enum PosWrite { Created, Updated, Stale, Missing, UnknownProduct, StoreGone }

/// <summary>
/// Applies POS statements to in-store offers through the offers' own write path (<see cref="InStoreOfferRow"/>'s
/// INSERT/UPDATE, <see cref="InStoreOffersApi.LockAsync"/> semantics, <see cref="Freshness"/>, the outbox's
/// <c>OfferUpserted</c>), with <c>source = pos_sync</c>. The natural key is (product by GTIN, store, sku).
/// Quantity 0 makes the offer <c>out_of_stock</c>; stock again makes an <c>out_of_stock</c> offer <c>active</c>
/// (other statuses, such as seasonal or discontinued, are the retailer's and stay). A statement from an earlier
/// second than the offer's <c>last_inventory_sync</c> (a late webhook) changes nothing; last_inventory_sync never moves back.
/// </summary>
public static class PosOfferWriter
{
    public static async Task<PosWrite> ApplyAsync(NpgsqlConnection conn, NpgsqlTransaction tx, Outbox outbox, TimeProvider clock,
        PosStock stock, bool createMissing, CancellationToken ct)
    {
        var now = DatabaseTime.Now(clock);
        var productId = await conn.QuerySingleOrDefaultAsync<Guid?>(new CommandDefinition(
            "SELECT id FROM offers.products WHERE gtin = @Gtin ORDER BY updated_at DESC, id LIMIT 1", stock, tx, cancellationToken: ct));
        if (productId is not { } product) return PosWrite.UnknownProduct;
        var store = await conn.QuerySingleOrDefaultAsync<StoreRow>(new CommandDefinition(
            "SELECT organization_id, currency, location_id, retailer_id FROM offers.physical_stores WHERE id = @PhysicalStoreId",
            stock, tx, cancellationToken: ct));
        if (store is null || store.OrganizationId != stock.OrganizationId) return PosWrite.StoreGone;

        // Microseconds in UTC, as PostgreSQL keeps them; never in the future.
        var asOf = stock.AsOf is { } at && at.ToUniversalTime() < now ? at.ToUniversalTime().AddTicks(-(at.Ticks % 10)) : now;
        var offer = await conn.QuerySingleOrDefaultAsync<InStoreOfferRow>(new CommandDefinition(
            $"{InStoreOfferRow.Select} WHERE o.product_id = @product AND o.physical_store_id = @store AND o.sku = @sku FOR UPDATE OF o",
            new { product, store = stock.PhysicalStoreId, sku = stock.Sku, Now = now }, tx, cancellationToken: ct));
        if (offer is null)
        {
            if (!createMissing || stock.Quantity is null) return PosWrite.Missing;
            var created = new InStoreOfferRow
            {
                Id = ShortId.NewGuid(), OrganizationId = stock.OrganizationId, ProductId = product, PhysicalStoreId = stock.PhysicalStoreId,
                Sku = stock.Sku, PriceAmount = ValidPrice(stock.Price, store.Currency), PriceCurrency = store.Currency,
                Status = stock.Quantity > 0 ? OfferStatus.Default : "out_of_stock", Source = OfferSource.PosSync,
                QuantityOnHand = stock.Quantity, Metadata = "{}", CreatedAt = now, UpdatedAt = now,
                LastInventorySync = Freshness.AfterWrite(null, asOf, true, OfferSource.PosSync, now),
                LocationId = store.LocationId, RetailerId = store.RetailerId, ProductGtin = stock.Gtin,
            };
            // Lost a race with another writer of the same key: the caller's transaction retries as an update.
            if (await conn.ExecuteAsync(new CommandDefinition(InStoreOfferRow.Insert, created, tx, cancellationToken: ct)) == 0)
                throw new PosWriteConflictException();
            await outbox.AddAsync(conn, tx, created.ToUpserted(now), ct);
            return PosWrite.Created;
        }

        // Shopify's times have whole seconds: only a statement from an earlier second than the last confirmation is stale.
        if (stock.Quantity is not null && offer.LastInventorySync is { } last && stock.AsOf is not null
            && asOf.ToUnixTimeSeconds() < last.ToUnixTimeSeconds()) return PosWrite.Stale;
        if (stock.Quantity is { } quantity)
        {
            offer.QuantityOnHand = quantity;
            if (quantity == 0) offer.Status = "out_of_stock";
            else if (offer.Status == "out_of_stock") offer.Status = OfferStatus.Default;
            var confirmed = Freshness.AfterWrite(offer.LastInventorySync, asOf, true, OfferSource.PosSync, now);
            offer.LastInventorySync = offer.LastInventorySync is { } previous && previous > confirmed ? previous : confirmed;
        }
        // The currency stays the offer's; a price that does not fit it is not applied.
        if (ValidPrice(stock.Price, offer.PriceCurrency) is { } price) offer.PriceAmount = price;
        offer.Source = OfferSource.PosSync;
        offer.UpdatedAt = DatabaseTime.After(offer.UpdatedAt, clock);
        await conn.ExecuteAsync(new CommandDefinition(InStoreOfferRow.Update, offer, tx, cancellationToken: ct));
        await outbox.AddAsync(conn, tx, offer.ToUpserted(now), ct);
        return PosWrite.Updated;
    }

    static decimal? ValidPrice(decimal? price, string currency)
    {
        if (price is not { } p || p < 0) return null;
        var v = new Validation();
        OfferInput.CheckAmount("price", p, currency, v);
        return v.IsValid ? p : null;
    }

    sealed class StoreRow
    {
        public Guid OrganizationId { get; init; }
        public string Currency { get; init; } = "";
        public Guid LocationId { get; init; }
        public Guid RetailerId { get; init; }
    }
}

/// <summary>Another writer created the same offer first; retry the transaction.</summary>
public sealed class PosWriteConflictException : Exception;
