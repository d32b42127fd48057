using Closient.Contracts.Locations;
using Closient.ServiceDefaults.Messaging;
using MassTransit;

namespace Closient.Offers.Consumers;

/// <summary>Keeps <c>offers.stores</c> in step with published locations: a location is an offer's physical store.</summary>
public sealed class LocationPublishedConsumer(Inbox inbox) : IConsumer<LocationPublished>
{
    public async Task Consume(ConsumeContext<LocationPublished> context)
    {
        var m = context.Message;
        // updated_at is the version of the last event applied, a removal included: only a newer
        // publication changes the row, and only a publication newer than the removal re-opens the store.
        const string sql = """
            INSERT INTO offers.stores (id, organization_id, name, currency, updated_at)
            VALUES (@LocationId, @OrganizationId, @Name, @Currency, @UpdatedAt)
            ON CONFLICT (id) DO UPDATE
            SET organization_id = EXCLUDED.organization_id, name = EXCLUDED.name, currency = EXCLUDED.currency,
                updated_at = EXCLUDED.updated_at, removed_at = NULL
            WHERE offers.stores.updated_at < EXCLUDED.updated_at
            """;
        await inbox.ExecuteOnceAsync<LocationPublishedConsumer>(context, sql, new
        {
            m.LocationId,
            m.OrganizationId,
            m.Name,
            Currency = m.Currency.Trim().ToUpperInvariant(),
            UpdatedAt = m.UpdatedAt.ToUniversalTime(),
        });
    }
}
