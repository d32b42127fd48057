using Closient.Contracts.Offers;
using Closient.ServiceDefaults.Messaging;
using MassTransit;

namespace Closient.Catalog.Dashboard;

/// <summary>Keeps <c>catalog.offers</c> (the completeness "offers" field, the stats' active_offers) current; older versions are ignored.</summary>
public sealed class OfferUpsertedConsumer(Inbox inbox) : IConsumer<OfferUpserted>
{
    public async Task Consume(ConsumeContext<OfferUpserted> context)
    {
        var m = context.Message;
        // A removal wins a tie; only a strictly newer upsert brings a removed offer back.
        const string sql = """
            INSERT INTO catalog.offers (id, product_id, organization_id, status, updated_at)
            VALUES (@OfferId, @ProductId, @OrganizationId, @Status, @UpdatedAt)
            ON CONFLICT (id) DO UPDATE SET product_id = EXCLUDED.product_id, organization_id = EXCLUDED.organization_id,
                status = EXCLUDED.status, updated_at = EXCLUDED.updated_at, removed_at = NULL
            WHERE EXCLUDED.updated_at > catalog.offers.updated_at
               OR (EXCLUDED.updated_at = catalog.offers.updated_at AND catalog.offers.removed_at IS NULL)
            """;
        await inbox.ExecuteOnceAsync<OfferUpsertedConsumer>(context, sql, new
        {
            m.OfferId, m.ProductId, m.OrganizationId, Status = (m.Status ?? "").ToLowerInvariant(), m.UpdatedAt,
        });
    }
}
