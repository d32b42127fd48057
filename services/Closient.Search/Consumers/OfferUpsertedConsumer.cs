using Closient.Contracts.Offers;
using Closient.Search.Local;
using Closient.ServiceDefaults.Messaging;
using MassTransit;

namespace Closient.Search.Consumers;

/// <summary>
/// Adds or updates an in-store offer in <c>search.offers</c>, keyed to its store location (what
/// <c>search.stores</c> holds); a version older than a removal cannot resurrect it. Online offers (no
/// location) go to <c>search.online_offers</c>, keyed by their id with the online store, for the online
/// alternatives. Both keep the retailer and the effective price (<c>EffectivePriceMinor</c> converted with
/// the currency's exponent; the list price when an older publisher did not send it).
/// </summary>
public sealed class OfferUpsertedConsumer(Inbox inbox) : IConsumer<OfferUpserted>
{
    public async Task Consume(ConsumeContext<OfferUpserted> context)
    {
        var m = context.Message;
        // Events from before LocationId existed carried the location as PhysicalStoreId.
        var locationId = m.LocationId ?? m.PhysicalStoreId;
        // The values of both statements (each uses its own columns of them).
        var values = new
        {
            m.OfferId,
            m.ProductId,
            LocationId = locationId,
            m.OnlineStoreId,
            m.OrganizationId,
            m.RetailerId,
            Sku = m.Sku ?? "",
            m.PriceAmount,
            EffectivePrice = Currencies.Effective(m.PriceAmount, m.EffectivePriceMinor, m.Currency),
            Currency = m.Currency ?? "",
            Status = (m.Status ?? "").ToLowerInvariant(),
            m.QuantityOnHand,
            Source = m.Source ?? "",
            m.LastInventorySync,
            PhysicalStoreId = m.LocationId is null ? null : m.PhysicalStoreId,
            m.UpdatedAt,
        };
        if (m.OfferKind == OfferKinds.Online || locationId is null)
        {
            const string online = """
                INSERT INTO search.online_offers (id, product_id, online_store_id, organization_id, retailer_id, sku, price_amount,
                                                  effective_price_amount, currency, status, quantity_on_hand, source, last_inventory_sync, updated_at)
                VALUES (@OfferId, @ProductId, @OnlineStoreId, @OrganizationId, @RetailerId, @Sku, @PriceAmount,
                        @EffectivePrice, @Currency, @Status, @QuantityOnHand, @Source, @LastInventorySync, @UpdatedAt)
                ON CONFLICT (id) DO UPDATE SET
                    product_id = EXCLUDED.product_id, online_store_id = EXCLUDED.online_store_id,
                    organization_id = EXCLUDED.organization_id, retailer_id = EXCLUDED.retailer_id, sku = EXCLUDED.sku,
                    price_amount = EXCLUDED.price_amount, effective_price_amount = EXCLUDED.effective_price_amount,
                    currency = EXCLUDED.currency, status = EXCLUDED.status, quantity_on_hand = EXCLUDED.quantity_on_hand,
                    source = EXCLUDED.source, last_inventory_sync = EXCLUDED.last_inventory_sync,
                    updated_at = EXCLUDED.updated_at, removed_at = NULL
                WHERE EXCLUDED.updated_at > search.online_offers.updated_at
                   OR (EXCLUDED.updated_at = search.online_offers.updated_at AND search.online_offers.removed_at IS NULL)
                """;
            await inbox.ExecuteOnceAsync<OfferUpsertedConsumer>(context, online, values);
            return;
        }
        // Same rule as stores: a removal wins a tie; only a strictly newer upsert resurrects.
        const string sql = """
            INSERT INTO search.offers (id, product_id, store_id, organization_id, sku, price_amount, currency,
                                       status, quantity_on_hand, source, last_inventory_sync, physical_store_id, retailer_id,
                                       effective_price_amount, updated_at)
            VALUES (@OfferId, @ProductId, @LocationId, @OrganizationId, @Sku, @PriceAmount, @Currency,
                    @Status, @QuantityOnHand, @Source, @LastInventorySync, @PhysicalStoreId, @RetailerId,
                    @EffectivePrice, @UpdatedAt)
            ON CONFLICT (id) DO UPDATE SET
                product_id = EXCLUDED.product_id, store_id = EXCLUDED.store_id, organization_id = EXCLUDED.organization_id,
                sku = EXCLUDED.sku, price_amount = EXCLUDED.price_amount, currency = EXCLUDED.currency,
                status = EXCLUDED.status, quantity_on_hand = EXCLUDED.quantity_on_hand, source = EXCLUDED.source,
                last_inventory_sync = EXCLUDED.last_inventory_sync, physical_store_id = EXCLUDED.physical_store_id,
                retailer_id = EXCLUDED.retailer_id, effective_price_amount = EXCLUDED.effective_price_amount,
                updated_at = EXCLUDED.updated_at, removed_at = NULL
            WHERE EXCLUDED.updated_at > search.offers.updated_at
               OR (EXCLUDED.updated_at = search.offers.updated_at AND search.offers.removed_at IS NULL)
            """;
        await inbox.ExecuteOnceAsync<OfferUpsertedConsumer>(context, sql, values);
    }
}
