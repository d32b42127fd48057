using Closient.Contracts.Offers;
using Closient.ServiceDefaults.Messaging;
using MassTransit;

namespace Closient.Search.Consumers;

/// <summary>
/// Adds or updates an in-store offer in <c>search.offers</c>, keyed to its store location (what
/// <c>search.stores</c> holds); a version older than a removal cannot resurrect it. Online offers have no
/// location and are not part of local search: they are consumed (recorded in the inbox) and ignored.
/// </summary>
public sealed class OfferUpsertedConsumer(Inbox inbox) : IConsumer<OfferUpserted>
{
    public async Task Consume(ConsumeContext<OfferUpserted> context)
    {
        var m = context.Message;
        // Events from before LocationId existed carried the location as PhysicalStoreId.
        var locationId = m.LocationId ?? m.PhysicalStoreId;
        if (m.OfferKind == OfferKinds.Online || locationId is null)
        {
            await inbox.ExecuteOnceAsync<OfferUpsertedConsumer>(context, "SELECT 1", new { });
            return;
        }
        // Same rule as stores: a removal wins a tie; only a strictly newer upsert resurrects.
        const string sql = """
            INSERT INTO search.offers (id, product_id, store_id, organization_id, sku, price_amount, currency,
                                       status, quantity_on_hand, source, last_inventory_sync, physical_store_id, updated_at)
            VALUES (@OfferId, @ProductId, @LocationId, @OrganizationId, @Sku, @PriceAmount, @Currency,
                    @Status, @QuantityOnHand, @Source, @LastInventorySync, @PhysicalStoreId, @UpdatedAt)
            ON CONFLICT (id) DO UPDATE SET
                product_id = EXCLUDED.product_id, store_id = EXCLUDED.store_id, organization_id = EXCLUDED.organization_id,
                sku = EXCLUDED.sku, price_amount = EXCLUDED.price_amount, currency = EXCLUDED.currency,
                status = EXCLUDED.status, quantity_on_hand = EXCLUDED.quantity_on_hand, source = EXCLUDED.source,
                last_inventory_sync = EXCLUDED.last_inventory_sync, physical_store_id = EXCLUDED.physical_store_id,
                updated_at = EXCLUDED.updated_at, removed_at = NULL
            WHERE EXCLUDED.updated_at > search.offers.updated_at
               OR (EXCLUDED.updated_at = search.offers.updated_at AND search.offers.removed_at IS NULL)
            """;
        await inbox.ExecuteOnceAsync<OfferUpsertedConsumer>(context, sql, new
        {
            m.OfferId,
            m.ProductId,
            LocationId = locationId.Value,
            m.OrganizationId,
            Sku = m.Sku ?? "",
            m.PriceAmount,
            Currency = m.Currency ?? "",
            Status = (m.Status ?? "").ToLowerInvariant(),
            m.QuantityOnHand,
            Source = m.Source ?? "",
            m.LastInventorySync,
            PhysicalStoreId = m.LocationId is null ? null : m.PhysicalStoreId,
            m.UpdatedAt,
        });
    }
}
