using Closient.Contracts.Locations;
using Closient.ServiceDefaults.Messaging;
using MassTransit;

namespace Closient.Search.Consumers;

/// <summary>Tombstones a store: it leaves search, and publishes older than the removal are ignored.</summary>
public sealed class LocationRemovedConsumer(Inbox inbox) : IConsumer<LocationRemoved>
{
    public async Task Consume(ConsumeContext<LocationRemoved> context)
    {
        var m = context.Message;
        // A removal that arrives before the publish still leaves a tombstone row behind.
        const string sql = """
            INSERT INTO search.stores (id, organization_id, updated_at, removed_at)
            VALUES (@LocationId, @OrganizationId, @RemovedAt, @RemovedAt)
            ON CONFLICT (id) DO UPDATE SET updated_at = EXCLUDED.updated_at, removed_at = EXCLUDED.removed_at
            WHERE EXCLUDED.updated_at >= search.stores.updated_at
            """;
        await inbox.ExecuteOnceAsync<LocationRemovedConsumer>(context, sql, new { m.LocationId, m.OrganizationId, m.RemovedAt });
    }
}
