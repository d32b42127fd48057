using Closient.Contracts.Offers;
using Closient.ServiceDefaults.Messaging;
using MassTransit;

namespace Closient.Search.Consumers;

/// <summary>Adds or updates an offer in <c>search.offers</c>; a version older than a removal cannot resurrect it.</summary>
public sealed class OfferUpsertedConsumer(Inbox inbox) : IConsumer<OfferUpserted>
{
    public async Task Consume(ConsumeContext<OfferUpserted> context)
    {
        var m = context.Message;
        // Same rule as stores: a removal wins a tie; only a strictly newer upsert resurrects.
        const string sql = """
            INSERT INTO search.offers (id, product_id, store_id, organization_id, sku, price_amount, currency,
                                       status, quantity_on_hand, source, updated_at)
            VALUES (@OfferId, @ProductId, @PhysicalStoreId, @OrganizationId, @Sku, @PriceAmount, @Currency,
                    @Status, @QuantityOnHand, @Source, @UpdatedAt)
            ON CONFLICT (id) DO UPDATE SET
                product_id = EXCLUDED.product_id, store_id = EXCLUDED.store_id, organization_id = EXCLUDED.organization_id,
                sku = EXCLUDED.sku, price_amount = EXCLUDED.price_amount, currency = EXCLUDED.currency,
                status = EXCLUDED.status, quantity_on_hand = EXCLUDED.quantity_on_hand, source = EXCLUDED.source,
                updated_at = EXCLUDED.updated_at, removed_at = NULL
            WHERE EXCLUDED.updated_at > search.offers.updated_at
               OR (EXCLUDED.updated_at = search.offers.updated_at AND search.offers.removed_at IS NULL)
            """;
        await inbox.ExecuteOnceAsync<OfferUpsertedConsumer>(context, sql, new
        {
            m.OfferId,
            m.ProductId,
            m.PhysicalStoreId,
            m.OrganizationId,
            Sku = m.Sku ?? "",
            m.PriceAmount,
            Currency = m.Currency ?? "",
            Status = (m.Status ?? "").ToLowerInvariant(),
            m.QuantityOnHand,
            Source = m.Source ?? "",
            m.UpdatedAt,
        });
    }
}
