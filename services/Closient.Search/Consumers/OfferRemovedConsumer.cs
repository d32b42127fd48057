using Closient.Contracts.Offers;
using Closient.ServiceDefaults.Messaging;
using MassTransit;

namespace Closient.Search.Consumers;

/// <summary>Tombstones an offer: it leaves search, and upserts older than the removal are ignored.</summary>
public sealed class OfferRemovedConsumer(Inbox inbox) : IConsumer<OfferRemoved>
{
    public async Task Consume(ConsumeContext<OfferRemoved> context)
    {
        var m = context.Message;
        const string sql = """
            INSERT INTO search.offers (id, product_id, store_id, organization_id, updated_at, removed_at)
            VALUES (@OfferId, @ProductId, @PhysicalStoreId, @OrganizationId, @RemovedAt, @RemovedAt)
            ON CONFLICT (id) DO UPDATE SET updated_at = EXCLUDED.updated_at, removed_at = EXCLUDED.removed_at
            WHERE EXCLUDED.updated_at >= search.offers.updated_at
            """;
        await inbox.ExecuteOnceAsync<OfferRemovedConsumer>(context, sql,
            new { m.OfferId, m.ProductId, m.PhysicalStoreId, m.OrganizationId, m.RemovedAt });
    }
}
