using Closient.Contracts.Offers;
using Closient.ServiceDefaults.Messaging;
using MassTransit;

namespace Closient.Search.Consumers;

/// <summary>Tombstones an offer (in-store in <c>search.offers</c>, online in <c>search.online_offers</c>): it leaves search, and upserts older than the removal are ignored.</summary>
public sealed class OfferRemovedConsumer(Inbox inbox) : IConsumer<OfferRemoved>
{
    public async Task Consume(ConsumeContext<OfferRemoved> context)
    {
        var m = context.Message;
        var locationId = m.LocationId ?? m.PhysicalStoreId;
        if (m.OfferKind == OfferKinds.Online || locationId is null)
        {
            const string online = """
                INSERT INTO search.online_offers (id, product_id, online_store_id, organization_id, updated_at, removed_at)
                VALUES (@OfferId, @ProductId, @OnlineStoreId, @OrganizationId, @RemovedAt, @RemovedAt)
                ON CONFLICT (id) DO UPDATE SET updated_at = EXCLUDED.updated_at, removed_at = EXCLUDED.removed_at
                WHERE EXCLUDED.updated_at >= search.online_offers.updated_at
                """;
            await inbox.ExecuteOnceAsync<OfferRemovedConsumer>(context, online,
                new { m.OfferId, m.ProductId, m.OnlineStoreId, m.OrganizationId, m.RemovedAt });
            return;
        }
        const string sql = """
            INSERT INTO search.offers (id, product_id, store_id, organization_id, updated_at, removed_at)
            VALUES (@OfferId, @ProductId, @LocationId, @OrganizationId, @RemovedAt, @RemovedAt)
            ON CONFLICT (id) DO UPDATE SET updated_at = EXCLUDED.updated_at, removed_at = EXCLUDED.removed_at
            WHERE EXCLUDED.updated_at >= search.offers.updated_at
            """;
        await inbox.ExecuteOnceAsync<OfferRemovedConsumer>(context, sql,
            new { m.OfferId, m.ProductId, LocationId = locationId.Value, m.OrganizationId, m.RemovedAt });
    }
}
