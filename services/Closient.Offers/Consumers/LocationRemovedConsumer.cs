using Closient.Contracts.Locations;
using Closient.ServiceDefaults.Messaging;
using MassTransit;

namespace Closient.Offers.Consumers;

/// <summary>Marks a store removed (a tombstone), so no new offer can name it and a late publication cannot bring it back.</summary>
public sealed class LocationRemovedConsumer(Inbox inbox) : IConsumer<LocationRemoved>
{
    public async Task Consume(ConsumeContext<LocationRemoved> context)
    {
        var m = context.Message;
        // A removal that arrives before any publication still leaves a tombstone, which then
        // outranks every publication older than the removal; on a tie the removal wins.
        const string sql = """
            INSERT INTO offers.stores (id, organization_id, name, currency, updated_at, removed_at)
            VALUES (@LocationId, @OrganizationId, '', '', @RemovedAt, @RemovedAt)
            ON CONFLICT (id) DO UPDATE
            SET updated_at = EXCLUDED.updated_at, removed_at = EXCLUDED.removed_at
            WHERE offers.stores.updated_at <= EXCLUDED.updated_at
            """;
        await inbox.ExecuteOnceAsync<LocationRemovedConsumer>(context, sql,
            new { m.LocationId, m.OrganizationId, RemovedAt = m.RemovedAt.ToUniversalTime() });
    }
}
