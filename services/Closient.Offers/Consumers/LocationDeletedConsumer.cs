using Closient.Contracts.Locations;
using Closient.ServiceDefaults.Messaging;
using MassTransit;

namespace Closient.Offers.Consumers;

/// <summary>
/// Marks a location deleted (a tombstone, final: locations never come back), so no new physical store
/// can be attached to it. Stores already attached stay, with their offers; their owner deletes them.
/// </summary>
public sealed class LocationDeletedConsumer(Inbox inbox) : IConsumer<LocationDeleted>
{
    public async Task Consume(ConsumeContext<LocationDeleted> context)
    {
        var m = context.Message;
        // A deletion that arrives before any upsert still leaves a tombstone.
        const string sql = """
            INSERT INTO offers.locations (id, organization_id, name, currency, is_published, updated_at, deleted_at)
            VALUES (@LocationId, @OrganizationId, '', '', false, @DeletedAt, @DeletedAt)
            ON CONFLICT (id) DO UPDATE
            SET is_published = false, deleted_at = EXCLUDED.deleted_at,
                updated_at = greatest(offers.locations.updated_at, EXCLUDED.updated_at)
            WHERE offers.locations.deleted_at IS NULL
            """;
        await inbox.ExecuteOnceAsync<LocationDeletedConsumer>(context, sql,
            new { m.LocationId, m.OrganizationId, DeletedAt = m.DeletedAt.ToUniversalTime() });
    }
}
