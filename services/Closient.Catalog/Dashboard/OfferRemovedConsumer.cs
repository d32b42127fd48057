using Closient.Contracts.Offers;
using Closient.ServiceDefaults.Messaging;
using MassTransit;

namespace Closient.Catalog.Dashboard;

/// <summary>Tombstones an offer in <c>catalog.offers</c>: it stops counting, and older upserts cannot resurrect it.</summary>
public sealed class OfferRemovedConsumer(Inbox inbox) : IConsumer<OfferRemoved>
{
    public async Task Consume(ConsumeContext<OfferRemoved> context)
    {
        var m = context.Message;
        const string sql = """
            INSERT INTO catalog.offers (id, product_id, organization_id, updated_at, removed_at)
            VALUES (@OfferId, @ProductId, @OrganizationId, @RemovedAt, @RemovedAt)
            ON CONFLICT (id) DO UPDATE SET updated_at = EXCLUDED.updated_at, removed_at = EXCLUDED.removed_at
            WHERE EXCLUDED.updated_at >= catalog.offers.updated_at
            """;
        await inbox.ExecuteOnceAsync<OfferRemovedConsumer>(context, sql, new { m.OfferId, m.ProductId, m.OrganizationId, m.RemovedAt });
    }
}
