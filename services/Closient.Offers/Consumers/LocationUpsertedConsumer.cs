using Closient.Contracts.Locations;
using Closient.ServiceDefaults.Messaging;
using MassTransit;

namespace Closient.Offers.Consumers;

/// <summary>
/// Keeps <c>offers.locations</c> in step with every location, published or not: a physical store is
/// attached to one, possibly before it is published (as a POS sync does).
/// </summary>
public sealed class LocationUpsertedConsumer(Inbox inbox) : IConsumer<LocationUpserted>
{
    public async Task Consume(ConsumeContext<LocationUpserted> context)
    {
        var m = context.Message;
        // updated_at is the version of the last event applied, a deletion included: only a strictly
        // newer upsert changes the row, so a late upsert cannot lift a deletion's tombstone.
        const string sql = """
            INSERT INTO offers.locations (id, organization_id, name, currency, is_published, updated_at)
            VALUES (@LocationId, @OrganizationId, @Name, @Currency, @IsPublished, @UpdatedAt)
            ON CONFLICT (id) DO UPDATE
            SET organization_id = EXCLUDED.organization_id, name = EXCLUDED.name, currency = EXCLUDED.currency,
                is_published = EXCLUDED.is_published, updated_at = EXCLUDED.updated_at
            WHERE offers.locations.updated_at < EXCLUDED.updated_at AND offers.locations.deleted_at IS NULL
            """;
        await inbox.ExecuteOnceAsync<LocationUpsertedConsumer>(context, sql, new
        {
            m.LocationId,
            m.OrganizationId,
            Name = m.Name ?? "",
            Currency = (m.Currency ?? "").Trim().ToUpperInvariant(),
            m.IsPublished,
            UpdatedAt = m.UpdatedAt.ToUniversalTime(),
        });
    }
}
